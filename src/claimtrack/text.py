"""Text normalisation for matching quotes (output safety is :mod:`claimtrack.safe`).

A quote must be found in its article "allowing only for differences of whitespace and of
typographic versus straight quotes, apostrophes and dashes". Every fold here is one character to
one character except whitespace runs, which collapse to a single space; :class:`NormalisedText`
keeps just the collapsed runs, so a match maps back to an exact offset (and so a line and column)
in the original text without a per-character offset table.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

# Sanitising for output lives in claimtrack.safe (one layer for every format); printable and
# one_line are imported from here by many modules.
from claimtrack.safe import one_line, printable

_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "\u02bc": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u2007": " ",
    }
)
_WS = re.compile(r"\s+")
# Only what is not already a single ASCII space needs recording: runs and lone newlines/tabs.
# Written so that a lone space (the common case) fails fast: ~40% quicker than r"\s{2,}|[^\S ]".
_RUNS = re.compile(r"[^\S ]\s*| \s+|\.\.\.")
"""Also three dots, which become one ellipsis (``…``): like a whitespace run, several characters
folded to one, so that a match still maps back to exact offsets."""
ELLIPSIS = "\u2026"


FOLD_PAIRS: tuple[tuple[str, str], ...] = tuple(
    (chr(code), str(target)) for code, target in _FOLD.items()
)
"""(character, replacement) of every one-for-one fold; copy detection needs to know them too."""


def fold_chars(text: str) -> str:
    """The one-for-one folds of quotes, apostrophes, dashes and odd spaces.

    ``str.translate`` walks the text in Python-level steps for a mapping table; a ``replace`` per
    character actually present runs in C and is some 30 times faster on a large corpus.
    """
    for char, target in FOLD_PAIRS:
        if char in text:
            text = text.replace(char, target)
    return text


def nfc(text: str) -> str:
    """``text`` in Unicode normalisation form C, so that the same words typed on another system
    (macOS file names and some editors write NFD: ``e`` + U+0301 for ``é``) compare equal.
    Article texts are decoded to NFC (:func:`claimtrack.articles.decode_article_bytes`), so
    offsets are into the NFC text."""
    if text.isascii():
        return text
    import unicodedata

    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Normalise a quote for matching: NFC, fold quotes and dashes, collapse and trim
    whitespace, and write three dots as the ellipsis character."""
    return _WS.sub(" ", fold_chars(nfc(text))).strip().replace("...", ELLIPSIS)


class NormalisedText(NamedTuple):
    """An article's text folded for matching, and how to map a match back to the original."""

    text: str
    spaces: tuple[int, ...]
    """Index in ``text`` of each space that replaced a run of whitespace (or ellipsis that replaced
    three dots)."""
    run_ends: tuple[int, ...]
    """Index in the original text just past that run."""

    def to_original(self, index: int) -> int:
        """Offset in the original text of the character at ``index`` of the normalised text."""
        spaces, run_ends = self.spaces, self.run_ends
        k = bisect_right(spaces, index) - 1
        if k < 0:
            return index
        if spaces[k] == index:  # the space itself: point at the start of the run
            return run_ends[k] - 1
        return run_ends[k] + (index - spaces[k] - 1)

    def find_all(self, needle: str, limit: int = 2) -> list[int]:
        """Start offsets (in the normalised text) of up to ``limit`` occurrences."""
        found: list[int] = []
        start = self.text.find(needle)
        while start != -1 and len(found) < limit:
            found.append(start)
            start = self.text.find(needle, start + 1)
        return found


def normalise(text: str) -> NormalisedText:
    """Fold ``text`` like :func:`fold` (without trimming) keeping the offset mapping; ``text`` is
    in NFC already (articles are decoded to it), since NFC may change a text's length."""
    folded = fold_chars(text)
    pieces: list[str] = []
    norm: list[int] = []
    orig_end: list[int] = []
    last = 0
    length = 0
    for match in _RUNS.finditer(folded):
        start, end = match.span()
        pieces.append(folded[last:start])
        length += start - last
        norm.append(length)
        orig_end.append(end)
        pieces.append(ELLIPSIS if folded[start] == "." else " ")
        length += 1
        last = end
    pieces.append(folded[last:])
    return NormalisedText("".join(pieces), tuple(norm), tuple(orig_end))


__all__ = ["FOLD_PAIRS", "NormalisedText", "fold", "fold_chars", "nfc", "normalise", "one_line",
           "printable"]  # fmt: skip
