"""The passage of an article closest to a quote that is not in it, word for word.

A curator whose quote is not found needs to see what the article says instead: the passage
aligned to the quote's span (not a window that starts mid-sentence and drops the last word), the
line it is on, and which words differ. Words are compared folded like quotes are matched
(:func:`claimtrack.text.fold`); the alignment ignores case and the punctuation around a word, and
the marking does not, since either makes a quote not found.

The search is bounded in time whatever the sizes: the region is found by counting, in one pass
over the article's words, how many of the quote's words fall in each window of the quote's length,
and only a region around the best window (a few times the quote's length) is aligned.
"""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING, NamedTuple

from claimtrack.text import fold, normalise

if TYPE_CHECKING:
    from claimtrack.articles import Article

_WORD = re.compile(r"\S+")
_PUNCTUATION = "\"'()[]{}<>,.;:!?-\u2026*_"
MIN_SHARE = 0.5
"""Share of the quote's words the passage must have for it to be shown at all."""
MAX_QUOTE_WORDS = 2000
"""Words of a quote aligned at most (a longer one is aligned on its first words)."""


class Passage(NamedTuple):
    line: int
    """1-based line of the article where the passage starts."""
    text: str
    """The passage as the article writes it, words that differ from the quote in ``*stars*``."""


class Words(NamedTuple):
    """An article's words, found once per article however many quotes are looked for in it."""

    keys: list[str]
    starts: list[int]
    """Offset of each word in the original text."""
    ends: list[int]


def article_words(article: Article) -> Words:
    norm = normalise(article.text)
    keys, starts, ends = [], [], []
    for match in _WORD.finditer(norm.text):
        keys.append(_key(match.group()))
        starts.append(norm.to_original(match.start()))
        ends.append(norm.to_original(match.end() - 1) + 1)
    return Words(keys, starts, ends)


def _key(word: str) -> str:
    return word.strip(_PUNCTUATION).casefold()


def closest_passage(article: Article, quote: str, words: Words | None = None) -> Passage | None:
    """The passage most like ``quote``, or None when nothing shares half its words."""
    quoted = fold(quote).split(" ")[:MAX_QUOTE_WORDS]
    wanted = [_key(word) for word in quoted]
    if not any(wanted):
        return None
    words = words or article_words(article)
    keys = words.keys
    size = len(wanted)
    present = set(wanted) - {""}
    hits = [index for index, key in enumerate(keys) if key in present]
    if not hits:
        return None
    # The window of `size` words holding the most of the quote's words (the first, on ties).
    best, best_count, last = hits[0], 0, 0
    for first in range(len(hits)):
        while last < len(hits) and hits[last] < hits[first] + size:
            last += 1
        if last - first > best_count:
            best, best_count = hits[first], last - first
    if best_count < MIN_SHARE * size:
        return None
    low = max(0, best - size)
    high = min(len(keys), best + 2 * size)
    matcher = difflib.SequenceMatcher(None, wanted, keys[low:high], autojunk=False)
    blocks = [block for block in matcher.get_matching_blocks() if block.size]
    if sum(block.size for block in blocks) < MIN_SHARE * size:
        return None
    head, longest, tail = blocks[0], max(blocks, key=lambda block: block.size), blocks[-1]
    # Aligned to the quote's span: as many words before the longest run of words in common (or
    # the first, when the words between them differ) as the quote has, and after the last word in
    # common as many as the quote has after it.
    anchored = longest.b - longest.a
    start = max(0, min(head.b - head.a, anchored), anchored - max(2, size // 4))
    end = min(high - low, max(start + 1, tail.b + tail.size + (size - tail.a - tail.size)))
    aligned = {block.b + k: block.a + k for block in blocks for k in range(block.size)}
    text = article.text
    pieces: list[str] = []
    marking = False
    for offset in range(start, end):
        index = low + offset
        word = text[words.starts[index] : words.ends[index]]
        quoted_word = aligned.get(offset)
        differs = quoted_word is None or not _same(
            fold(word), quoted[quoted_word], first=quoted_word == 0, last=quoted_word == size - 1
        )
        if differs and not marking:
            word = "*" + word
        elif not differs and marking:
            pieces[-1] += "*"
        marking = differs
        pieces.append(word)
    if marking:
        pieces[-1] += "*"
    return Passage(article.line_of(words.starts[low + start]), " ".join(pieces))



def _same(word: str, quoted: str, *, first: bool, last: bool) -> bool:
    """The article's word is the quote's: a quote may begin or end inside punctuation
    ('ago' for 'ago,'), nowhere else."""
    if word == quoted:
        return True
    if last and word.startswith(quoted) and not word[len(quoted) :].strip(_PUNCTUATION):
        return True
    return first and word.endswith(quoted) and not word[: -len(quoted)].strip(_PUNCTUATION)
