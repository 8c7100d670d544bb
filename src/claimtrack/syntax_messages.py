"""Where a YAML syntax mistake really is, found from the lines around the parser's error.

libyaml reports where it gives up, which is often far from the mistake: a quote left open swallows
the lines after it up to the next quote, and the error comes there; a mis-indented line is blamed
on the mapping it broke. The analysis here reads only the text (lines, their indentation, whether a
quoted value closes on its line) and the parser's positions, never the wording of its messages
beyond the kind of error, so it holds across PyYAML and libyaml releases.
"""

from __future__ import annotations

import re
from typing import NamedTuple

LOOK_BACK = 400
"""Lines read back from an error for a quote left open: a quoted value spanning more lines than
this is not a mistake anyone would make by accident."""

_KEY = re.compile(r"(?:-[ \t]+)*(?:[^\s#'\"\[{][^:#]*?|\"[^\"]*\"|'[^']*'):(?=\s|$)")
"""The start of a line that is ``key:`` (possibly after ``- ``), once indentation is removed."""
_QUOTE_START = re.compile(r"(?:-[ \t]+)*(?:(?:[^\s#'\"\[{][^:#]*?):[ \t]+)?([\"'])")


class Located(NamedTuple):
    line: int
    """1-based."""
    column: int
    message: str


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _open_quote(line: str) -> int | None:
    """Column (0-based) of a quote that opens a value on this line and does not close on it."""
    body = line[_indent(line) :]
    match = _QUOTE_START.match(body)
    if match is None:
        return None
    quote = match.group(1)
    at = _indent(line) + match.start(1)
    index = at + 1
    while index < len(line):
        char = line[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and line[index + 1 : index + 2] == "'":
                index += 2
                continue
            return None
        index += 1
    return at


def _after_closing_quote(line: str) -> int | None:
    """Column (0-based) of text that follows a quoted value's closing quote on this line
    (``quote: "a" b``), which YAML cannot read; None when there is none."""
    body = line[_indent(line) :]
    match = _QUOTE_START.match(body)
    if match is None:
        return None
    quote = match.group(1)
    index = _indent(line) + match.start(1) + 1
    while index < len(line):
        char = line[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and line[index + 1 : index + 2] == "'":
                index += 2
                continue
            rest = line[index + 1 :]
            stripped = rest.lstrip()
            if stripped and not stripped.startswith("#") and stripped[0] not in ",]}":
                return index + 1 + (len(rest) - len(stripped))
            return None
        index += 1
    return None


def text_after_quote(lines: list[str], number: int) -> Located | None:
    """The line at or just above the error whose quoted value goes on after its closing quote."""
    for index in (number, number - 1):
        if 0 <= index < len(lines):
            column = _after_closing_quote(lines[index])
            if column is not None:
                return Located(
                    index + 1, column + 1,
                    "text after the closing quote: a quoted value ends at its closing quote; "
                    "put the whole value in quotes (inside double quotes write a quote as \\\", "
                    "or use single quotes around the value)",
                )  # fmt: skip
    return None


def _looks_like_key(line: str) -> bool:
    return _KEY.match(line[_indent(line) :]) is not None


def unclosed_quote(lines: list[str], first: int, last: int) -> Located | None:
    """A quoted value opened on a line in ``first..last`` (0-based) and never closed there, when
    the lines it would run on over look like keys: the quote that swallowed them."""
    for number in range(last, max(first, last - LOOK_BACK, 0) - 1, -1):
        if number >= len(lines) or not _content(lines[number]):
            continue
        column = _open_quote(lines[number])
        if column is None:
            continue
        after = [line for line in lines[number + 1 : last + 1] if _content(line)]
        if number == last or any(_looks_like_key(line) for line in after):
            return Located(number + 1, column + 1, QUOTE_NEVER_CLOSED)
        return None  # a value spanning lines on purpose
    return None


QUOTE_NEVER_CLOSED = "this quoted value, opened here, is never closed: end it with the same quote"


def _parents(lines: list[str], number: int) -> list[tuple[int, int, bool]]:
    """(line index, column, is a '- ' item) of the lines the line ``number`` could line up with:
    walking up, each line less indented than all below it, and the keys inside '- ' items."""
    chain: list[tuple[int, int, bool]] = []
    limit = 1 << 30
    for index in range(number - 1, max(-1, number - 1 - LOOK_BACK), -1):
        line = lines[index]
        if not _content(line):
            continue
        column = _indent(line)
        if column >= limit:
            continue
        limit = column
        body = line[column:]
        dash = column
        while body.startswith("- ") or body == "-":
            chain.append((index, dash, True))
            body = body[2:]
            dash += 2 + _indent(body)
            body = body.lstrip(" ")
        if dash != column or not body.startswith("- "):
            chain.append((index, dash, False))
        if column == 0:
            break
    return chain


def bad_indentation(lines: list[str], number: int) -> Located | None:
    """The mis-indented line ``number`` (0-based), said against the line above it that it
    should line up with."""
    if number >= len(lines) or not _content(lines[number]):
        return None
    line = lines[number]
    column = _indent(line)
    is_item = line[column:].startswith("- ") or line[column:] == "-"
    parents = _parents(lines, number)
    dashes = [entry for entry in parents if entry[2] and entry[1] == column]
    if not is_item and dashes:
        message = (
            f"bad indentation: this line starts at column {column + 1}, where the '-' of the "
            f"items above is (line {dashes[0][0] + 1}): if it starts a new item, begin it with '- '"
        )
        return Located(number + 1, column + 1, message)
    chain = [entry for entry in parents if entry[2] == is_item] or parents
    if not chain:
        return None
    # The closest column; between equals, the nearest line.
    index, target, _ = min(chain, key=lambda entry: (abs(entry[1] - column), -entry[0]))
    what = "the items of the list" if is_item else "the keys of the mapping"
    where = "'-' is" if is_item else "line starts"
    if target == column:
        other = [entry for entry in chain if entry[1] != column]
        if not other:
            return None
        index, target, _ = min(other, key=lambda entry: (abs(entry[1] - column), -entry[0]))
    message = (
        f"bad indentation: this {where} at column {column + 1}, but {what} above start at "
        f"column {target + 1} (line {index + 1}): line it up with the one it belongs to"
    )
    return Located(number + 1, column + 1, message)


def over_indented(lines: list[str], number: int, column: int) -> Located | None:
    """A ``key:`` line indented further than the ``key: value`` line above it: YAML reads it as
    more words of that value, and then stumbles on its colon (at ``column``, 0-based)."""
    if number >= len(lines):
        return None
    line = lines[number]
    start = _indent(line)
    if not _looks_like_key(line) or line.find(":", start) != column:
        return None
    for index in range(number - 1, max(-1, number - 1 - LOOK_BACK), -1):
        above = lines[index]
        if not _content(above):
            continue
        if _indent(above) >= start or not _looks_like_key(above):
            return None
        if not above.split(":", 1)[1].strip():
            return None  # ``key:`` opening a nested mapping: the line may well belong there
        key_column = _key_column(above)
        message = (
            f"bad indentation: this line starts at column {start + 1}, further in than line "
            f"{index + 1} (column {key_column + 1}), so YAML reads it as more of that line's "
            "value: keys of one mapping line up"
        )
        return Located(number + 1, start + 1, message)
    return None


def _key_column(line: str) -> int:
    """Where the key of a line starts: after its '- ' dashes, if any."""
    column = _indent(line)
    body = line[column:]
    while body.startswith("- "):
        column += 2 + _indent(body[2:])
        body = body[2:].lstrip(" ")
    return column


def _previous(lines: list[str], number: int) -> int | None:
    for index in range(number - 1, max(-1, number - 1 - LOOK_BACK), -1):
        if _content(lines[index]):
            return index
    return None


def odd_line_above(lines: list[str], number: int) -> Located | None:
    """The line above ``number`` (0-based), when it is the one out of place: the parser accepts
    a dedented key or a '- ' item moved in or out, and stumbles only on the line after it, which
    agrees with the lines around it."""
    if number >= len(lines) or not _content(lines[number]):
        return None
    start = _indent(lines[number])
    index = _previous(lines, number)
    if index is None:
        return None
    above = lines[index]
    dash, key_column = _indent(above), _key_column(above)
    if key_column == start:
        return None
    agreeing = _siblings_at(lines, number, start) >= 2 and _looks_like_key(lines[number])
    if key_column != dash:  # a '- ' item, with the lines below it agreeing among themselves
        if not agreeing:
            return None
        message = (
            f"bad indentation: the keys of this '- ' item start at column {key_column + 1}, "
            f"but the lines below it (from line {number + 1}) at column {start + 1}: move "
            f"the '-' to column {dash + start - key_column + 1}"
        )
        return Located(index + 1, dash + 1, message)
    if agreeing and start == dash + 2 and _looks_like_key(above) and above.split(":", 1)[1].strip():
        message = (
            f"bad indentation: the keys below this line start at column {start + 1}, 2 further "
            f"in: if it starts a new item, begin it with '- ' (at column {dash + 1})"
        )
        return Located(index + 1, dash + 1, message)
    if agreeing and start > dash and _looks_like_key(above) and above.split(":", 1)[1].strip():
        message = (
            f"bad indentation: this line starts at column {dash + 1}, but the keys below it "
            f"(from line {number + 1}) start at column {start + 1}: keys of one mapping line up"
        )
        return Located(index + 1, dash + 1, message)
    before = _previous(lines, index)
    if before is None or not _looks_like_key(above):
        return None
    opener = lines[before]
    if (
        agreeing and start < dash and _looks_like_key(opener)
        and not opener.split(":", 1)[1].strip() and _key_column(opener) < start
    ):  # fmt: skip
        # The first key of a mapping indented further than the keys that follow it.
        if not above.split(":", 1)[1].strip():  # itself opening the mapping below
            message = (
                f"bad indentation: this line starts at column {dash + 1}, further in than the "
                f"keys it holds (from line {number + 1}, at column {start + 1}): indent it less "
                "than them"
            )
        else:
            message = (
                f"bad indentation: this line starts at column {dash + 1}, but the keys below it "
                f"(from line {number + 1}) start at column {start + 1}: keys of one mapping "
                "line up"
            )
        return Located(index + 1, dash + 1, message)
    if not above.split(":", 1)[1].strip():
        return None
    if _key_column(lines[before]) > dash and start > dash:
        # Back out to the left and then in again: the line in between is the one out of place.
        message = (
            f"bad indentation: this line starts at column {dash + 1}, left of the lines around "
            f"it (line {before + 1} at column {_key_column(lines[before]) + 1}, line "
            f"{number + 1} at column {start + 1}): line it up with the keys of its mapping"
        )
        return Located(index + 1, dash + 1, message)
    if _key_column(lines[before]) != start:
        return None
    message = (
        f"bad indentation: this line starts at column {dash + 1}, but the keys around it "
        f"(lines {before + 1} and {number + 1}) start at column {start + 1}: keys of one mapping "
        "line up"
    )
    return Located(index + 1, dash + 1, message)


def locate(
    text: str, kind: str, line: int, column: int, context_line: int | None
) -> Located | None:
    """The mistake behind a parser error of ``kind`` at ``line``/``column`` (0-based), begun
    at ``context_line`` (what the parser was reading): ``"block"`` (a line that fits no mapping or
    list), ``"colon"`` (a ``:`` where no key can start) or ``"other"``. None when the text shows
    nothing more than the parser said. (A quoted value that runs to the end of the file needs no
    analysis: the parser says where it opened.)
    """
    lines = text.splitlines()
    first = line - LOOK_BACK if context_line is None else context_line
    if kind in ("block", "other"):
        found = unclosed_quote(lines, first, line) or text_after_quote(lines, line)
        if found is not None or kind == "other":
            return found
        return odd_line_above(lines, line) or bad_indentation(lines, line)
    if kind == "colon":
        if over_indented(lines, line, column) is None:
            return None  # a colon inside an unquoted value
        return odd_line_above(lines, line) or over_indented(lines, line, column)
    return None


def _siblings_at(lines: list[str], number: int, column: int) -> int:
    """Consecutive ``key:`` lines (not '- ' items) from ``number`` on, indented ``column``."""
    count = 0
    for line in lines[number : number + LOOK_BACK]:
        if not _content(line):
            continue
        if _indent(line) != column or line[column:].startswith("- ") or not _looks_like_key(line):
            break
        count += 1
    return count
