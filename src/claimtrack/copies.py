"""Find articles that copy (rewrite) another article, by word-shingle containment.

A claim repeated by an article that copies another is one origin, not two (the README, "Who said
it: relays, primary evidence and independent origins"). This module supplies the text side of that rule: which pairs of
articles share so much wording that one is very probably a rewrite of the other.

Method
------
* Each text becomes a stream of normalised words (:func:`words`), and the stream becomes a set
  of hashed word k-shingles (:func:`shingles`): every run of ``k`` consecutive words, hashed with
  CRC-32, which is stable across runs and machines (unlike Python's salted ``hash()``).
* :func:`find_copies` counts in how many articles each shingle is. Shingles in more than
  ``max_df`` articles are boilerplate (bylines, share buttons, sign-offs) and are dropped from
  the index *and* from the sets that are scored, so boilerplate can neither create a candidate
  pair nor inflate a score. Shingles in 2..``max_df`` articles are *shared*, and only they go into
  the inverted index ``shingle -> articles``. Each article then walks the postings of just its
  rarest shared shingles, as many as it takes to be sure no pair that could be reported is
  missed (prefix filtering, see ``_count_pairs``), and counts exactly what it shares with the
  articles it met there: all pairs are never compared, nor even all pairs that share a phrase.
  Only pairs with at least ``min_shared`` shared shingles are scored.
* Newsroom scale is paid for in memory lookups rather than arithmetic, so the hashes are kept as
  4-byte arrays and counted one range of hash values at a time: each count's table stays small
  enough for the CPU caches. On the 10,000 articles (31 MB) of the synthetic 100k-claim project,
  on a busy 2-core machine, ``find_copies`` takes 6-9 s (14-16 s before this design) and raises
  the process's peak memory by 60 MB (by 1 GB before), a third of the time tokenising and
  hashing (``scripts/eval_copies.py --bench-dir bench/out/claims-100000/seeds``). On text that
  shares little, such as the 2,225 BBC articles or ``--bench 10000``, it takes as long as before.
* ``containment(a, b) = |a ∩ b| / |a|`` is the share of ``a``'s wording also found in ``b``. A pair
  is reported when either direction reaches ``threshold``; the more contained article is reported
  as the copy.

Direction is a weak signal. A rewrite that adds its own filler (embeds, sub-headings, credits)
can have more shingles than its source, and then the *source* is the more contained one. When the
curated data says which article copies which (``copy_of``), that should win; for counting origins
the direction does not matter, only that the two articles are one origin.

CRC-32 is a 32-bit hash: among 5 million distinct shingles about 0.1% share a hash value with some
other shingle, which can add a stray shared shingle to a pair now and then, far too few to move a
containment score across a threshold.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
import zlib
from array import array
from bisect import bisect_left
from collections import Counter, deque
from collections.abc import Iterable, Mapping
from itertools import accumulate, chain, compress, repeat
from operator import and_, ge, getitem, gt, itemgetter, lshift, not_, or_, sub
from typing import NamedTuple

from claimtrack import progress
from claimtrack.gc_pause import gc_paused
from claimtrack.text import FOLD_PAIRS, fold_chars

__all__ = [
    "DEFAULT_K",
    "DEFAULT_MAX_DF",
    "DEFAULT_MIN_SHARED",
    "DEFAULT_THRESHOLD",
    "CopyCandidate",
    "QuoteReuse",
    "containment",
    "find_copies",
    "find_quote_reuse",
    "quotations",
    "resemblance",
    "shingles",
    "words",
]

DEFAULT_K = 5
"""Words per shingle. Chosen by measurement, see ``scripts/eval_copies.py``."""

DEFAULT_THRESHOLD = 0.25
"""Minimum containment (either direction) for a pair to be reported. Chosen by measurement: the
seed rewrite 001/003 scores 0.33-0.37 at k=5 (both directions), the other seed pairs 0.02 or less;
on the BBC corpus every listed duplicate pair scores 0.57 or more, and pairs between 0.25 and 0.57
are mostly follow-up stories that reuse whole paragraphs of an earlier one."""

DEFAULT_MAX_DF = 50
"""A shingle found in more than this many articles is boilerplate and is ignored."""

DEFAULT_MIN_SHARED = 5
"""A pair must share at least this many (non-boilerplate) shingles to be scored at all."""


# After folding, apostrophes are deleted, so "didn't" and "didnt", "Portman's" and "Portmans"
# match. Every other character that is not a letter or digit (punctuation, the underscore, which
# \w would keep, whitespace, controls) separates words, so "Millepied—who" and "Millepied - who"
# give the same words.
_SEPARATORS = re.compile(r"[\W_]+")
# The same rule for ASCII text, as a bytes.translate table: much faster than the regex.
_ASCII_SEPARATORS = bytes(
    code if chr(code).isascii() and chr(code).isalnum() else ord(" ") for code in range(256)
)


def _slow_fold(text: str) -> str:
    return fold_chars(unicodedata.normalize("NFKC", text).casefold())


# Most news text is ASCII once its typographic quotes and dashes are folded. For such text,
# folding first and then lower-casing gives what NFKC, casefold and folding give, without
# casefold's per-character Unicode work (a third of the tokenising time): NFKC and casefold leave
# ASCII alone but for the case, and act on each folded character on its own. Except on these
# folded characters, whose NFKC form folds to something else ("´" is a space and a combining
# accent, "″" two primes): a text holding one of them takes the full path.
_FOLD_FIRST_UNSAFE = tuple(
    char for char, target in FOLD_PAIRS if _slow_fold(char) != target.lower()
)


class CopyCandidate(NamedTuple):
    """A pair of articles whose wording overlaps enough that one appears to copy the other."""

    copy: str
    """Id of the article that appears to copy: the one whose shingles are more contained."""
    original: str
    """Id of the article it appears to copy from."""
    containment: float
    """|S(copy) ∩ S(original)| / |S(copy)|, 0..1, rounded to 3 decimals."""
    resemblance: float
    """Jaccard similarity |∩| / |∪|, rounded to 3 decimals."""
    shared: int
    """Number of shared shingles."""


def _word_bytes(text: str) -> list[bytes]:
    """:func:`words`, UTF-8 encoded: what the shingle hashes are computed over."""
    folded = fold_chars(text)
    if folded.isascii() and not any(char in text for char in _FOLD_FIRST_UNSAFE):
        folded = folded.lower()
    else:
        folded = _slow_fold(text)
    folded = folded.replace("'", "")
    if folded.isascii():
        return folded.encode("ascii").translate(_ASCII_SEPARATORS).split()
    return _SEPARATORS.sub(" ", folded).encode("utf-8").split()


def words(text: str) -> list[str]:
    """Normalise ``text`` to a list of words.

    NFKC, casefold, typographic quotes/apostrophes/dashes folded to ASCII, apostrophes deleted,
    every run of other characters that are not letters or digits (punctuation, whitespace) made
    a single word break.
    """
    return [word.decode("utf-8") for word in _word_bytes(text)]


# Bytes that no word holds (words are letters and digits, ASCII or UTF-8 encoded), to join words
# with when cutting shingles out in bulk (see _hashes).
_MARKS = [bytes([code]) for code in range(32)]


@functools.cache
def _phases(k: int) -> list[tuple[bytes, bytes]]:
    """For :func:`_hashes`: per phase ``r``, a ``bytes.translate`` table that turns every mark
    into a space but the one that ends the shingles starting at words ``r, r + k, ...``, and
    that mark."""
    marks = b"".join(_MARKS[:k])
    phases = []
    for r in range(k):
        end = (r - 1) % k
        spaces = bytearray(b" " * k)
        spaces[end] = end
        phases.append((bytes.maketrans(marks, bytes(spaces)), _MARKS[end]))
    return phases


def _hashes(tokens: list[bytes], k: int) -> set[int]:
    """The distinct hashes of the ``k``-shingles of ``tokens`` (see :func:`shingles`).

    Joining each shingle's words in a call of its own costs about as much as hashing them.
    Instead, the words are joined once, each followed by a mark counting 0, 1, ..., k - 1 over
    and over. The shingles that start at words ``r, r + k, r + 2k, ...`` do not overlap: from
    word ``r`` on, with every mark but one made a space, they are the pieces that ``bytes.split``
    cuts at the remaining mark, all in one call. ``k`` such calls give every shingle, in 10-15%
    less time than joining (measured at 10,000 articles).
    """
    if len(tokens) < k:
        return set()
    if k > len(_MARKS):
        # map() chains keep the per-shingle work in C. The shifted copies are of unequal length
        # on purpose: zip stops at the last full window.
        windows = zip(*(tokens[i:] for i in range(k)), strict=False)
        return set(map(zlib.crc32, map(b" ".join, windows)))
    marked: list[bytes] = [b""] * (2 * len(tokens))
    marked[::2] = tokens
    marked[1::2] = (_MARKS[:k] * (len(tokens) // k + 1))[: len(tokens)]
    text = b"".join(marked)
    hashes: set[int] = set()
    start = 0
    for (table, end), token in zip(_phases(k), tokens, strict=False):
        pieces = text[start:].translate(table).split(end)
        pieces.pop()  # the words after the last whole shingle of this phase, if any
        hashes.update(map(zlib.crc32, pieces))
        start += len(token) + 1
    return hashes


def shingles(text: str, k: int = DEFAULT_K) -> frozenset[int]:
    """The set of hashed word ``k``-shingles of ``text`` (empty if it has fewer than ``k`` words).

    The hash is CRC-32 of the shingle's words (UTF-8) joined by single spaces, so it is the same
    in every run and on every machine.
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k}")
    return frozenset(_hashes(_word_bytes(text), k))


def containment(a: frozenset[int], b: frozenset[int]) -> float:
    """|a ∩ b| / |a|: the share of ``a`` also found in ``b``; 0.0 if ``a`` is empty."""
    if not a:
        return 0.0
    return len(a & b) / len(a)


def resemblance(a: frozenset[int], b: frozenset[int]) -> float:
    """Jaccard similarity |a ∩ b| / |a ∪ b|; 0.0 if both are empty."""
    union = len(a | b)
    if not union:
        return 0.0
    return len(a & b) / union


# CRC-32 values need 32 bits: "I" (C unsigned int) has them on every common platform.
_HASH_TYPECODE = "I" if array("I").itemsize >= 4 else "L"

_ENTRIES_PER_PARTITION = 250_000
"""About how many (article, shingle) entries :func:`find_copies` counts at a time.

Counting looks every entry up in a hash table of all the distinct shingles counted with it. At
newsroom scale that table outgrows the CPU caches and each lookup waits on memory: at 10,000
articles (4.5 million entries) counting in 16 ranges of hash values took about half the time of
counting in one go, sorting every article's hashes (to split them into ranges) included.
"""

_PARTITION_FROM = 1_000_000
"""Below about this many entries the tables fit the caches well enough that sorting every
article's hashes to split them costs more than it saves (2,225 BBC articles: 850,000)."""

_CHARS_PER_ENTRY = 6
"""Characters of text per distinct shingle, roughly (6.8 synthetic, 5.9 BBC): sizes the
partitions before hashing."""

_MAX_PARTITIONS = 64
"""Past this, splitting every article's hashes into ranges costs more than smaller tables save."""

_PREFIX_SLACK = 8
"""Extra rare shingles each article walks the postings of, beyond the fewest that guarantee no
pair is missed (see :func:`_count_pairs`). Each one costs a posting walked per article but raises
the hits a candidate needs, so fewer candidates need an exact count."""


def _partition_count(texts: Mapping[str, str]) -> int:
    """How many ranges of hash values to count in, one after another (a power of two)."""
    estimate = sum(map(len, texts.values())) // _CHARS_PER_ENTRY
    if estimate < _PARTITION_FROM:
        return 1
    partitions = 1
    while partitions < _MAX_PARTITIONS and partitions * 2 * _ENTRIES_PER_PARTITION <= estimate:
        partitions *= 2
    return partitions


def _consume(iterator: Iterable[object]) -> None:
    """Run an iterator for its side effects (the itertools "consume" recipe): stays in C."""
    deque(iterator, maxlen=0)


def _hash_articles(
    texts: Mapping[str, str], ids: Iterable[str], k: int, partitions: int
) -> tuple[list[array[int]], list[tuple[int, ...]]]:
    """Every article's distinct shingle hashes, grouped by range of hash value.

    Returns one array per range, holding the hashes in that range of every article in turn, and
    per article its cut points: ``cuts[i][p + 1] - cuts[i][p]`` of its hashes are in range
    ``p``, and ``cuts[i][-1]`` is how many distinct hashes it has. Arrays of 4-byte values take
    a tenth of the memory of Python sets of ints, and ranges of equal width (``partitions`` is
    a power of two) hold about equally many hashes.
    """
    parts = [array(_HASH_TYPECODE) for _ in range(partitions)]
    cuts: list[tuple[int, ...]] = []
    if partitions == 1:
        (part,) = parts
        for doc_id in ids:
            hashes = _hashes(_word_bytes(texts[doc_id]), k)
            part.extend(hashes)
            cuts.append((0, len(hashes)))
        return parts, cuts
    # Sorted hashes fall into ranges at cut points that bisect finds: a C sort per article is
    # cheaper than sending every hash to its range one at a time in Python.
    width = (1 << 32) // partitions
    edges = range(width, 1 << 32, width)
    extend = array.extend
    for doc_id in ids:
        ordered = sorted(_hashes(_word_bytes(texts[doc_id]), k))
        bounds = (0, *map(bisect_left, repeat(ordered), edges), len(ordered))
        _consume(map(extend, parts, map(getitem, repeat(ordered), map(slice, bounds, bounds[1:]))))
        cuts.append(bounds)
    return parts, cuts


_ID_TYPECODE = "Q"  # ids need more than 32 bits once max_df or the corpus is large


class _Index(NamedTuple):
    """The shared shingles of a set of articles, numbered, and who has which.

    A shingle is *shared* if it is in 2..``max_df`` articles: only those can make a pair. Its id
    is ``frequency << shift | number``: ``number`` (``id & mask``) counts them from 0, and
    sorting ids puts the rarest shingles first.
    """

    shared: list[array[int]]
    """Per article, the ids of its shared shingles."""
    boilerplate: list[int]
    """Per article, how many of its shingles are in more than ``max_df`` articles."""
    numbered: int
    """How many shared shingles there are."""
    mask: int


def _index(parts: list[array[int]], cuts: list[tuple[int, ...]], max_df: int) -> _Index:
    """Count the articles of every hash, one range of hash values at a time (see
    :data:`_ENTRIES_PER_PARTITION`), and index the shared ones; ``parts`` is emptied as it goes.
    """
    articles = len(cuts)
    shift = max(1, sum(map(len, parts))).bit_length()
    shared = [array(_ID_TYPECODE) for _ in range(articles)]
    boilerplate = [0] * articles
    numbered = 0
    for p, part in enumerate(parts):
        hashes = list(part)  # the ints once, not once per pass
        parts[p] = array(_HASH_TYPECODE)
        del part
        frequency = Counter(hashes)
        # Most hashes are in one article: pick out the others in one pass, then work on those.
        repeated = list(compress(frequency.keys(), map(gt, frequency.values(), repeat(1))))
        counts = list(map(frequency.__getitem__, repeated))
        del frequency
        is_shared = list(map(ge, repeat(max_df), counts))
        many = sum(is_shared)
        frequencies = compress(counts, is_shared)
        ids = map(or_, map(lshift, frequencies, repeat(shift)), range(numbered, numbered + many))
        numbered += many
        # Shared hash -> its id, boilerplate hash -> 0, and a hash not in the dict -> None.
        classes = dict(zip(compress(repeated, is_shared), ids, strict=True))
        common = list(compress(repeated, map(not_, is_shared)))
        classes.update(zip(common, repeat(0)))
        del repeated, counts, is_shared
        looked_up = list(map(classes.get, hashes))
        del classes, hashes

        lengths = map(sub, map(itemgetter(p + 1), cuts), map(itemgetter(p), cuts))
        offsets = list(accumulate(lengths, initial=0))
        per_article = list(map(getitem, repeat(looked_up), map(slice, offsets, offsets[1:])))
        _consume(map(array.extend, shared, map(filter, repeat(None), per_article)))
        if common:
            counted = zip(boilerplate, per_article, strict=True)
            boilerplate = [old + segment.count(0) for old, segment in counted]
    return _Index(shared, boilerplate, numbered, (1 << shift) - 1)


def _least_count(size: int, threshold: float, min_shared: int) -> int:
    """The fewest shared shingles that report a pair whose smaller article has ``size`` of them.

    The least ``count >= min_shared`` with ``count / size >= threshold``, decided by the same
    float division that scores a pair, so a pair reported by the scores is never pruned.
    """
    count = max(min_shared, math.floor(threshold * size) - 1)
    while count / size < threshold:
        count += 1
    return count


def _count_pairs(
    index: _Index, sizes: list[int], threshold: float, min_shared: int
) -> list[tuple[int, int, int]]:
    """``(i, j, shared shingles)`` for every pair ``i < j`` that may be reported, and others.

    A reported pair shares at least ``need`` (:func:`_least_count` of the smaller article's
    size) shingles. So if the smaller article has ``n`` shared shingles, at least one of any
    ``n - need + 1`` of them is also in the other article (prefix filtering), and taking its
    rarest ones makes that a short walk: each article walks the postings of only its rarest
    ``n - need + 1 + _PREFIX_SLACK`` shingles, finds the larger articles with at least
    ``_PREFIX_SLACK + 1`` hits there, and counts exactly what it shares with each of those.
    At 10,000 articles that is 1 million steps where walking every posting takes 8 million, most
    of them for pairs that share a few common phrases and no more.

    Articles are taken from the largest down and join the postings after their walk, so a walk
    meets only larger articles, and each pair is met once, from its smaller article.
    """
    mask = index.mask
    shared = index.shared
    postings: list[list[int]] = [[] for _ in range(index.numbered)]
    posting = postings.__getitem__
    found: list[tuple[int, int, int]] = []
    largest_first = sorted(range(len(sizes)), key=sizes.__getitem__, reverse=True)
    for article in progress.track(largest_first, "near-duplicate scan: comparing the articles"):
        if not shared[article]:
            continue
        ids = sorted(shared[article])  # rarest first
        need = _least_count(sizes[article], threshold, min_shared)
        if len(ids) >= need:
            probe = len(ids) - need + 1 + _PREFIX_SLACK
            walked = ids[:probe]
            hits = Counter(chain.from_iterable(map(posting, map(and_, walked, repeat(mask)))))
            if probe >= len(ids):  # every shingle walked: the hits are exact counts
                found.extend((article, other, n) for other, n in hits.items() if n >= need)
            else:
                least = need - (len(ids) - probe)
                candidates = [other for other, n in hits.items() if n >= least]
                if candidates:
                    own = set(ids)
                    for other in candidates:
                        found.append((article, other, len(own.intersection(shared[other]))))
        _consume(map(list.append, map(posting, map(and_, ids, repeat(mask))), repeat(article)))
    return [(min(a, b), max(a, b), count) for a, b, count in found]


def find_copies(
    texts: Mapping[str, str],
    threshold: float = DEFAULT_THRESHOLD,
    k: int = DEFAULT_K,
    *,
    max_df: int = DEFAULT_MAX_DF,
    min_shared: int = DEFAULT_MIN_SHARED,
) -> list[CopyCandidate]:
    """All pairs of ``texts`` (id -> text) in which one appears to copy the other.

    A pair is reported when its containment in either direction is at least ``threshold``.
    Shingles found in more than ``max_df`` articles are ignored as boilerplate, and pairs sharing
    fewer than ``min_shared`` shingles are not scored. The more contained article is the copy
    (on a tie, which means the two have equally many shingles, the smaller id). Sorted by
    ``(-containment, copy, original)``.
    """
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be between 0 and 1, not {threshold}")
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k}")
    if max_df < 2:
        raise ValueError(f"max_df must be at least 2, not {max_df}")
    if min_shared < 1:
        raise ValueError(f"min_shared must be at least 1, not {min_shared}")

    ids = sorted(texts)
    with gc_paused():
        shingled = progress.track(ids, "near-duplicate scan: shingling the articles")
        parts, cuts = _hash_articles(texts, shingled, k, _partition_count(texts))
        index = _index(parts, cuts, max_df)
        # Sizes of the sets that are scored: every shingle except the boilerplate ones.
        sizes = list(map(sub, map(itemgetter(-1), cuts), index.boilerplate))
        del parts, cuts
        pairs = _count_pairs(index, sizes, threshold, min_shared)

    found: list[CopyCandidate] = []
    for index_a, index_b, count in pairs:
        if count < min_shared:
            continue
        size_a, size_b = sizes[index_a], sizes[index_b]
        in_a = count / size_a  # share of a found in b
        in_b = count / size_b
        if max(in_a, in_b) < threshold:
            continue
        if in_a >= in_b:  # equal shares mean equal sizes; ids are sorted, so a wins the tie
            copy, original, score = ids[index_a], ids[index_b], in_a
        else:
            copy, original, score = ids[index_b], ids[index_a], in_b
        found.append(
            CopyCandidate(
                copy=copy,
                original=original,
                containment=round(score, 3),
                resemblance=round(count / (size_a + size_b - count), 3),
                shared=count,
            )
        )
    found.sort(key=lambda c: (-c.containment, c.copy, c.original))
    return found


# --------------------------------------------------------------------------------------------------
# Quote reuse: articles that carry the same quotations, whatever the prose around them

QUOTE_MIN_WORDS = 5
"""A quotation shorter than this is too common ("I'm fine") to say one article reused another's."""

QUOTE_MAX_DF = 20
"""A quotation in more articles than this is a catchphrase or boilerplate, not a reuse."""

QUOTE_STRONG_SHARED = 3
QUOTE_STRONG_SHARE = 0.6
"""A reuse is *strong* (one origin, like a copy) when the two articles share at least
``QUOTE_STRONG_SHARED`` quotations and these are at least ``QUOTE_STRONG_SHARE`` of the
quotations of the article with fewer: a rewrite that keeps the original's quotes and paraphrases
the rest. A single shared quotation links the two articles without joining them."""

# Text between opening and closing quotation marks, typographic or straight, on one line.
_QUOTATION = re.compile(r"[“\"]([^“”\"\n]{12,}?)[”\"]")


class QuoteReuse(NamedTuple):
    """Two articles that carry the same verbatim quotations."""

    a: str
    b: str
    """The two article ids, ``a < b``."""
    quotes: tuple[str, ...]
    """The shared quotations as ``a`` writes them, in order of appearance in ``a``."""
    share: float
    """Shared quotations over the quotations of the article with fewer, 0..1, 3 decimals."""

    @property
    def strong(self) -> bool:
        """A rewrite's reuse: counted as one origin (see :data:`QUOTE_STRONG_SHARE`)."""
        return len(self.quotes) >= QUOTE_STRONG_SHARED and self.share >= QUOTE_STRONG_SHARE


def quotations(text: str) -> dict[str, str]:
    """The quotations of ``text`` of at least :data:`QUOTE_MIN_WORDS` words: normalised words
    (as :func:`words`) -> the quotation as written (first occurrence)."""
    found: dict[str, str] = {}
    for m in _QUOTATION.finditer(fold_chars(text).replace("''", '"')):
        tokens = words(m[1])
        if len(tokens) >= QUOTE_MIN_WORDS:
            found.setdefault(" ".join(tokens), m[1].strip())
    return found


def find_quote_reuse(texts: Mapping[str, str]) -> list[QuoteReuse]:
    """Every pair of articles sharing at least one quotation, sorted by ids.

    Each quotation is indexed by its normalised words; only quotations found in 2 to
    :data:`QUOTE_MAX_DF` articles make pairs, so the cost follows what is shared.
    """
    per_article = {article_id: quotations(text) for article_id, text in texts.items()}
    postings: dict[str, list[str]] = {}
    for article_id in sorted(per_article):
        for key in per_article[article_id]:
            postings.setdefault(key, []).append(article_id)
    shared: dict[tuple[str, str], list[str]] = {}
    for key, holders in postings.items():
        if not 2 <= len(holders) <= QUOTE_MAX_DF:
            continue
        for i, a in enumerate(holders):
            for b in holders[i + 1 :]:
                shared.setdefault((a, b), []).append(key)
    found = []
    for (a, b), keys in sorted(shared.items()):
        order = list(per_article[a])
        keys.sort(key=order.index)
        fewer = min(len(per_article[a]), len(per_article[b]))
        quotes = tuple(per_article[a][key] for key in keys)
        found.append(QuoteReuse(a, b, quotes, round(len(keys) / fewer, 3)))
    return found
