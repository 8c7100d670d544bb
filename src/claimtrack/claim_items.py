"""Where each top-level item of a claims file's ``claims:`` list is written, so that an edited
file re-parses only the items that changed (:func:`claimtrack.loader.load_claims`).

The split is textual and deliberately narrow: a block sequence under a ``claims:`` line at the
first column, items starting ``- `` at one indentation, nothing YAML could read another way
(tabs, carriage returns, other line breaks, a byte-order mark, document markers or directives).
Anything else gives None and the whole file is parsed. An item is the text from its ``- `` line
to the next item's (blank and comment lines after it included): parsed after a ``claims:`` line
of its own it is read as in the whole file, because every item starts in the same parser state
(inside the sequence, the previous item closed); the loader checks that each item it parses on
its own closes within its text, and that the rest of the file (:meth:`Split.rest`) reads as the
same mapping.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from claimtrack.digest import sha256

_CLAIMS_LINE = re.compile(rb"(?:^|\n)(claims:[ ]*(?:#[^\n]*)?)(?:\n|\Z)")
_LINE_BREAKS = re.compile(rb"\xe2\x80[\xa8\xa9]")
"""LS and PS; NEL and CR are looked for alone (a pattern per byte is many times slower on 50 MB:
every pattern here starts with a literal)."""
_MARKERS = re.compile(rb"\n(?:---|\.\.\.|%)")
_CONTENT = re.compile(rb"\n( *)[^ \n#]")
"""The first line that is neither blank nor a comment."""
_BOM = b"\xef\xbb\xbf"

PREFIX = b"claims:\n"
"""What an item is parsed after: its lines then count from 1, the file's from its first line."""


class Split(NamedTuple):
    """The items of ``claims:`` in a file's bytes."""

    starts: list[int]
    """Byte offset of each item's first line, then of the end of the last item."""
    lines: list[int]
    """0-based line of each item's first line, then of the line after the last item."""
    indent: int
    """The column of every item's ``-``."""
    claims_line: tuple[int, int]
    """Where the ``claims:`` line is (start, end, its newline excluded)."""

    def __len__(self) -> int:
        return len(self.starts) - 1

    def item(self, raw: bytes, index: int) -> bytes:
        return raw[self.starts[index] : self.starts[index + 1]]

    def digests(self, raw: bytes) -> list[str]:
        """A digest of each item's bytes (the cache's key for its record)."""
        starts = self.starts
        digests = []
        for index in range(len(starts) - 1):
            piece = raw[starts[index] : starts[index + 1]]
            digest = sha256(len(piece))
            digest.update(piece)
            digests.append(digest.hexdigest()[:32])
        return digests

    def rest(self, raw: bytes, value: bytes) -> bytes:
        """The file without its items and with ``claims:`` given ``value``: read to see that the
        rest is the same mapping (its lines move up, but a file with a problem is parsed whole, so
        no line of this text is ever reported)."""
        start, end = self.claims_line
        first, last = self.starts[0], self.starts[-1]
        return b"".join((raw[:start], b"claims: ", value, raw[end:first], raw[last:]))


def _unsafe(raw: bytes) -> bool:
    """Whether YAML could read ``raw``'s lines otherwise than they look."""
    return (
        raw.startswith((_BOM, b"---", b"...", b"%")) or b"\t" in raw or b"\r" in raw
        or b"\xc2\x85" in raw or _LINE_BREAKS.search(raw) is not None
        or _MARKERS.search(raw) is not None
    )  # fmt: skip


def split(raw: bytes) -> Split | None:
    """The claim items of ``raw``, or None when the text is not certain to split this way."""
    if _unsafe(raw):
        return None
    found = _CLAIMS_LINE.search(raw)
    if found is None or raw.find(b"\nclaims:", found.end(1)) >= 0:
        return None
    content = _CONTENT.search(raw, found.end(1))
    if content is None:
        return None
    indent = len(content.group(1))
    first = content.start() + 1
    if raw[first + indent : first + indent + 2] not in (b"- ", b"-\n") and (
        raw[first + indent :] != b"-"
    ):
        return None
    if indent:
        stop = re.compile(rb"\n {0,%d}[^ \n#]" % (indent - 1))
    else:
        stop = re.compile(rb"\n(?:[^ \n#-]|-[^ \n])")
    ended = stop.search(raw, first - 1)
    end = len(raw) if ended is None else ended.start() + 1
    item = re.compile(rb"\n {%d}-(?:[ \n]|\Z)" % indent)
    starts = [match.start() + 1 for match in item.finditer(raw, first - 1, end)]
    if not starts or starts[0] != first:
        return None
    starts.append(end)
    line = raw.count(b"\n", 0, first)
    lines = [line]
    for index in range(1, len(starts)):
        line += raw.count(b"\n", starts[index - 1], starts[index])
        lines.append(line)
    return Split(starts, lines, indent, (found.start(1), found.end(1)))
