"""Find articles that copy (rewrite) another article, by word-shingle containment.

DESIGN.md, "Conflicts: what counts", Independence: a claim repeated by an article that copies
another is one origin, not two. This module supplies the text side of that rule: which pairs of
articles share so much wording that one is very probably a rewrite of the other.

Method
------
* Each text becomes a stream of normalised words (:func:`words`), and the stream becomes a set
  of hashed word k-shingles (:func:`shingles`): every run of ``k`` consecutive words, hashed with
  CRC-32, which is stable across runs and machines (unlike Python's salted ``hash()``).
* :func:`find_copies` builds an inverted index ``shingle -> articles`` for the shingles found in
  two or more articles (found first with set operations). Shingles in more than ``max_df``
  articles are boilerplate (bylines, share buttons, sign-offs) and are dropped from the index *and*
  from the sets that are scored, so boilerplate can neither create a candidate pair nor inflate a
  score. Walking the postings counts the shared shingles of every pair that shares any at all,
  without ever comparing all pairs; only pairs with at least ``min_shared`` shared shingles are
  scored. 10,000 articles of 3 KB take 4-5 s on a busy 2-core machine, mostly tokenising and
  hashing (`scripts/eval_copies.py --bench 10000`).
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

import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations

from claimtrack.gc_pause import gc_paused
from claimtrack.text import fold_chars

__all__ = [
    "DEFAULT_K",
    "DEFAULT_MAX_DF",
    "DEFAULT_MIN_SHARED",
    "DEFAULT_THRESHOLD",
    "CopyCandidate",
    "containment",
    "find_copies",
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


@dataclass(frozen=True, slots=True)
class CopyCandidate:
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
    folded = fold_chars(unicodedata.normalize("NFKC", text).casefold()).replace("'", "")
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


def shingles(text: str, k: int = DEFAULT_K) -> frozenset[int]:
    """The set of hashed word ``k``-shingles of ``text`` (empty if it has fewer than ``k`` words).

    The hash is CRC-32 of the shingle's words (UTF-8) joined by single spaces, so it is the same
    in every run and on every machine.
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k}")
    tokens = _word_bytes(text)
    # map() chains keep the per-shingle work in C: about twice as fast as a generator. The
    # shifted copies are of unequal length on purpose: zip stops at the last full window.
    windows = zip(*(tokens[i:] for i in range(k)), strict=False)
    return frozenset(map(zlib.crc32, map(b" ".join, windows)))


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


def _count_shared(
    sets: list[frozenset[int]], max_df: int
) -> tuple[list[int], Counter[tuple[int, int]]]:
    """Set sizes without boilerplate, and shared-shingle counts of every pair sharing any.

    Pairs are ``(index_a, index_b)`` with ``index_a < index_b``, indices into ``sets``.
    """
    # Shingles found in two or more articles. Set operations run in C, so this pass is cheap,
    # and the postings below are built for these shingles only (a small share of all shingles).
    seen: set[int] = set()
    repeated: set[int] = set()
    for doc_shingles in sets:
        repeated |= seen & doc_shingles
        seen |= doc_shingles
    del seen

    postings: dict[int, list[int]] = {}
    for index, doc_shingles in enumerate(sets):  # in index order, so every posting is sorted
        for shingle in doc_shingles & repeated:
            posting = postings.get(shingle)
            if posting is None:
                postings[shingle] = [index]
            else:
                posting.append(index)

    # Count the shared shingles of every pair that shares any; boilerplate is left out.
    shared: Counter[tuple[int, int]] = Counter()
    boilerplate: set[int] = set()
    for shingle, posting in postings.items():
        if len(posting) > max_df:
            boilerplate.add(shingle)
        else:
            shared.update(combinations(posting, 2))
    del postings

    # Sizes of the sets that are scored: every shingle except the boilerplate ones.
    if boilerplate:
        sizes = [len(doc_shingles - boilerplate) for doc_shingles in sets]
    else:
        sizes = [len(doc_shingles) for doc_shingles in sets]

    return sizes, shared


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
    if max_df < 2:
        raise ValueError(f"max_df must be at least 2, not {max_df}")
    if min_shared < 1:
        raise ValueError(f"min_shared must be at least 1, not {min_shared}")

    ids = sorted(texts)
    with gc_paused():
        sets = [shingles(texts[doc_id], k) for doc_id in ids]
        sizes, shared = _count_shared(sets, max_df)

    found: list[CopyCandidate] = []
    for (index_a, index_b), count in shared.items():
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
