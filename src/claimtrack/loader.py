"""Claims YAML → :class:`~claimtrack.models.ClaimsFile`, with every problem located by line and column.

Why not ``yaml.safe_load``: it keeps the last of two duplicate keys without a word, turns
``2024-01-05`` into a ``date``, expands aliases (the "billion laughs"), and loses the line of every
value. Here libyaml's event stream (the C parser when available) is turned straight into plain
Python data, in one pass and without a node tree (memory matters at 100,000 claims):

- plain scalars are resolved with the YAML 1.2 core schema (``yes``/``no`` stay strings, dates stay
  strings: the models decide what a date is);
- duplicate keys, aliases, non-standard tags, several documents and excessive nesting are problems,
  not exceptions; nothing is ever constructed from a tag;
- positions are not kept on the happy path: when a problem needs a line, the text is walked once
  more to find where each value sits (:class:`Positions`).
"""

from __future__ import annotations

import re
import stat
from array import array
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from claimtrack import progress
from claimtrack.gc_pause import gc_paused
from claimtrack.models import (
    PLACEHOLDER,
    Claim,
    ClaimsFile,
    LeftOut,
    claim_row,
    claims_file_from_data,
    claims_file_from_rows,
    claims_file_to_rows,
    entry_data,
    entry_record,
    partial_claims_file,
)
from claimtrack.problems import Problem, UsageError, problems_from_json

if TYPE_CHECKING:
    import yaml

    from claimtrack import spec


@cache
def _parser_class() -> Any:
    """libyaml's C parser, many times faster; the pure-Python loader gives the same events.

    PyYAML is imported only when a file is parsed: a re-run whose claims come from the cache
    never needs it (it is a fifth of the start-up of a small project)."""
    import yaml

    return getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader

MAX_DEPTH = 64
"""Claims files nest four levels deep; far deeper input is hostile or broken."""
MAX_BYTES = 512 * 1024 * 1024
MAX_PROBLEMS = 1000
"""Problems reported per stage (syntax, schema); the rest are counted in one last problem, so that a
file of a million broken items costs neither a million messages nor the memory they would take."""
MAX_TOP_KEYS = 10_000
"""Keys read at the top level, which has four: a file of a million unknown keys is not read on."""
MAX_ITEM_VALUES = 10_000
"""YAML values in one claim, subject or article entry (a claim has a few dozen). A larger entry is
reported and not validated: validating it could produce millions of errors at once."""
_SLICE_VALUES = 20_000
"""Values validated at a time in a large file, so that the errors of one slice stay bounded."""
_COLLECTIONS = ("claims", "subjects", "articles")

_COLLECTION_PATHS = {(name,) for name in _COLLECTIONS}

Sizes = dict[str, "array[int]"]
"""For each collection, the number of YAML values in each of its entries, in order."""

PathKey = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {None, "!", _TAG + "str", _TAG + "map", _TAG + "seq"}
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")


def resolve_plain(value: str) -> Any:
    """Resolve an unquoted scalar by the YAML 1.2 core schema."""
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    first = value[0]
    if first.isdigit() or first in "+-.":
        if _INT.match(value):
            return int(value)
        if _FLOAT.match(value):
            return float(value)
    return value


def _display(value: object) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:57] + "..."


class _AllFound(Exception):
    """Every position asked for is recorded: stop walking."""


class _Frame:
    """An open mapping or sequence of the event stream (a plain class: a dataclass would cost
    more to define at import than a small file costs to parse)."""

    __slots__ = (
        "container",
        "dropped",
        "entries",
        "first_event",
        "has_key",
        "key",
        "key_lines",
        "key_mark",
        "path",
        "repeated",
        "sizes",
        "start",
    )  # fmt: skip

    def __init__(
        self, container: dict[Any, Any] | list[Any], path: PathKey, start: tuple[int, int],
        first_event: int,
    ) -> None:  # fmt: skip
        self.container = container
        self.path = path
        self.key: Any = None
        self.has_key = False
        self.key_lines: dict[Any, int] = {}
        self.start = start
        self.key_mark: Any = None
        self.first_event = first_event
        self.sizes: array[int] | None = None
        """For a collection (``claims``, ...): the number of values in each entry."""
        self.entries: str | None = None
        """For a collection, its name: each entry becomes a record as it closes (when valid)."""
        self.dropped = 0
        self.repeated = False
        """The mapping's first key came again (an item missing its '- '): one problem, not one
        per key that follows."""


def _events_to_data(
    source: str | bytes,
    display: str,
    problems: list[Problem],
    record: dict[PathKey, tuple[int, int]] | None,
    wanted: set[PathKey] | None = None,
    sizes: Sizes | None = None,
    needed: set[PathKey] | None = None,
    spans: array[int] | None = None,
) -> Any:
    """Build plain data from the event stream; append problems; optionally record positions.

    ``record`` maps a path to the (line, col) of its value; ``path + ("<key>",)`` to its key.
    With ``wanted``, only those paths are recorded (a huge file needs a few, not millions), and
    the walk stops as soon as every path of ``needed`` is recorded.
    ``sizes`` receives the number of values in each entry of each collection.
    ``spans`` receives where each mapping entry of ``claims`` is written (see :class:`Positions`).
    ``source`` is the text, or bytes already checked to be UTF-8 (libyaml reads them as they are:
    given a str, PyYAML would first encode a copy, tens of MB for a large file).
    """
    stack: list[_Frame] = []
    root: Any = None
    documents = 0
    skip_depth = 0  # > 0 while skipping a subtree that was refused (a tagged collection)
    skip_mark: Any = None  # where the refused subtree starts: its null sits there
    dropped = 0  # problems over MAX_PROBLEMS, counted but not kept
    events = 0
    size = 1  # values in the value being placed: 1 for a scalar, more for a collection

    def error(mark: Any, code: str, message: str) -> None:
        nonlocal dropped
        if record is not None:
            return
        if len(problems) >= MAX_PROBLEMS:
            dropped += 1
            return
        problems.append(Problem(display, mark.line + 1, mark.column + 1, code, "error", message))

    def remember(path: PathKey, mark: Any) -> None:
        if record is not None and (wanted is None or path in wanted):
            record[path] = (mark.line + 1, mark.column + 1)
            if needed:
                needed.discard(path)
                if not needed:
                    raise _AllFound  # the rest of a huge file need not be walked

    def place(value: Any, mark: Any) -> None:
        """Put a finished value where the top frame expects it."""
        nonlocal root
        if not stack:
            root = value
            if record is not None:
                remember((), mark)
            return
        top = stack[-1]
        if top.sizes is not None and (isinstance(top.container, list) or top.has_key):
            top.sizes.append(size)
        if top.entries is not None and (isinstance(top.container, list) or top.has_key):
            value = entry_record(top.entries, value)
        if isinstance(top.container, list):
            path = (*top.path, len(top.container))
            top.container.append(value)
        else:
            if not top.has_key:
                # This value is a key.
                if isinstance(value, (dict, list)):
                    error(mark, "yaml-complex-key", "a mapping key must be a plain value")
                    value = f"<complex key at line {mark.line + 1}>"
                top.key, top.has_key, top.key_mark = value, True, mark
                if record is not None:
                    remember((*top.path, value, "<key>"), mark)
                return
            key = top.key
            top.has_key = False
            path = (*top.path, key)
            if key in top.container:
                first = top.key_lines[key]
                if top.repeated:
                    pass  # the rest of an item written without its '- ': reported once
                elif isinstance(top.path[-1:][0] if top.path else None, int) and (
                    next(iter(top.container)) == key
                ):
                    # The item's first key again: a new item whose '- ' is missing.
                    top.repeated = True
                    error(
                        top.key_mark, "duplicate-key",
                        f"duplicate key '{_display(key)}' (first at line {first}): if a new item "
                        "starts here, begin it with '- '; the first value is kept",
                    )  # fmt: skip
                else:
                    error(
                        top.key_mark,
                        "duplicate-key",
                        f"duplicate key '{_display(key)}' (first at line {first}); "
                        "the first value is kept",
                    )
                if top.sizes is not None:
                    top.sizes.pop()
                return
            if len(stack) == 1 and len(top.container) >= MAX_TOP_KEYS:
                top.dropped += 1
                return
            top.container[key] = value
            top.key_lines[key] = mark.line + 1
        if record is not None:
            remember(path, mark)

    def child_path() -> PathKey:
        if not stack:
            return ()
        top = stack[-1]
        if isinstance(top.container, list):
            return (*top.path, len(top.container))
        return (*top.path, top.key) if top.has_key else (*top.path, "<key>")

    import yaml

    try:
        parser = _parser_class()(source)
    except UnicodeEncodeError:  # lone surrogates: never from a decoded file, only from callers
        if record is None:
            message = "text with lone surrogates"
            problems.append(Problem(display, 0, 0, "not-utf8", "error", message))
        return None
    # Told at the end of each claim: characters read, of the file's bytes (as many in ASCII).
    parsed = progress.stage("reading the claims file", len(source)) if spans is not None else None
    try:
        while True:
            event = parser.get_event()
            if event is None:
                break
            events += 1
            kind = type(event)
            if skip_depth:
                if kind in (yaml.MappingStartEvent, yaml.SequenceStartEvent):
                    skip_depth += 1
                elif kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
                    skip_depth -= 1
                    if not skip_depth:
                        size = 1
                        place(None, skip_mark)
                continue
            if kind is yaml.ScalarEvent:
                tag = event.tag
                size = 1
                if tag not in _ALLOWED_TAGS:
                    error(event.start_mark, "yaml-tag", _tag_message(tag))
                    place(None, event.start_mark)
                    continue
                value = event.value
                if event.implicit[0] and tag is None:
                    value = resolve_plain(value)
                place(value, event.start_mark)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                mark = event.start_mark
                if event.tag not in _ALLOWED_TAGS:
                    error(mark, "yaml-tag", _tag_message(event.tag))
                    skip_depth, skip_mark = 1, mark
                    continue
                if len(stack) >= MAX_DEPTH:
                    # Stop here: libyaml's time grows with the square of the depth, so reading on
                    # through a file of a million '[' would take hours.
                    error(mark, "yaml-too-deep", _TOO_DEEP)
                    return None
                path = child_path()
                container: dict[Any, Any] | list[Any] = (
                    {} if kind is yaml.MappingStartEvent else []
                )
                if record is not None and stack and path and path[-1] != "<key>":
                    remember(path, mark)
                elif record is not None and not stack:
                    remember((), mark)
                frame = _Frame(container, path, (mark.line, mark.column), events)
                if len(stack) == 1 and path in _COLLECTION_PATHS and sizes is not None:
                    frame.sizes = sizes[str(path[0])] = array("I")
                    frame.entries = str(path[0])
                stack.append(frame)
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                frame = stack.pop()
                if frame.dropped:
                    error(
                        _Mark(*frame.start), "too-many-items",
                        f"more than {MAX_TOP_KEYS:,} keys at the top level: "
                        f"the other {frame.dropped:,} are not read",
                    )  # fmt: skip
                size = events - frame.first_event + 1
                if spans is not None and len(stack) == 2 and kind is yaml.MappingEndEvent:
                    parent = stack[1]
                    if parent.entries == "claims" and isinstance(parent.container, list):
                        end = event.end_mark
                        spans.extend((len(parent.container), *frame.start, end.line, end.column))
                        if parsed is not None:
                            parsed(end.index)
                place(frame.container, _Mark(*frame.start))
            elif kind is yaml.AliasEvent:
                size = 1
                error(
                    event.start_mark,
                    "yaml-alias",
                    f"alias '*{_display(event.anchor)}' is not allowed: write the value out",
                )
                place(None, event.start_mark)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    error(
                        event.start_mark,
                        "yaml-multiple-documents",
                        "only one YAML document is allowed; the rest is ignored",
                    )
                    break
    except _AllFound:
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        deep = _too_deep(source, mark.line, mark.column) if mark is not None and record is None else None
        if deep is not None:
            error(deep, "yaml-too-deep", _TOO_DEEP)
        elif record is None:
            text = _as_text(source)
            message = _syntax_message(exc, text)
            found = _locate_syntax_error(exc, text)
            if found is not None:
                line, col, message = found
            problems.append(Problem(display, line, col, "yaml-syntax", "error", message))
        return None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, e.g. a raw ESC
        if record is None:
            line, col = _offset_position(_as_text(source), exc.position)
            char = exc.character if isinstance(exc.character, int) else ord(exc.character or "?")
            message = (
                f"character U+{char:04X} is not allowed in a YAML file: inside double quotes, "
                f'write it as "\\u{char:04x}"'
            )
            problems.append(Problem(display, line, col, "yaml-syntax", "error", message))
        return None
    except yaml.YAMLError as exc:  # any other error without a mark
        if record is None:
            message = " ".join(str(exc).split())
            problems.append(Problem(display, 0, 0, "yaml-syntax", "error", message))
        return None
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()
        if dropped:
            problems.append(_too_many(display, dropped))
    return root


_TOO_DEEP = f"nesting deeper than {MAX_DEPTH} levels; the rest of the file is not read"

_DEEP_GATE = 16
"""Unclosed brackets before a syntax error from which its cause may be nesting: ordinary mistakes
in a flow list leave one or two open; a nesting limit of any YAML library leaves dozens."""


def _too_deep(source: str | bytes, error_line: int, error_column: int) -> _Mark | None:
    """Where the nesting passes :data:`MAX_DEPTH`, when that is what a parser error really is.

    libyaml scans a flow collection up to 1,024 characters ahead for a possible key, and newer
    releases stop at their own nesting limit while doing so: in ``[[[[...`` their error comes
    before the parser has emitted the event at our 65th level. The bound is claimtrack's, so it is
    enforced here, whatever the library: when the text before the error leaves many brackets open,
    or the error's line is indented far, the pure-Python parser (no nesting limit, events one at a
    time) walks it again up to a little past the error's line, and the first collection deeper than
    the bound is the problem reported. Other syntax errors cost a count of brackets, never a
    second parse.
    """
    import yaml

    text = _as_text(source)
    line_start = 0
    for _ in range(error_line):  # the start of the error's line
        line_start = text.find("\n", line_start) + 1
        if not line_start:
            return None
    end = min(line_start + error_column, len(text))
    start = line_start
    for _ in range(256):  # the lines before it, where the unclosed brackets would be
        start = text.rfind("\n", 0, max(start - 1, 0))
        if start < 0:
            break
    window = text[max(start, 0) : end]
    opened = window.count("[") + window.count("{") - window.count("]") - window.count("}")
    line = text[line_start:end]
    indent = len(line) - len(line.lstrip(" -"))
    if opened < _DEEP_GATE and indent < 2 * _DEEP_GATE:
        return None
    depth = 0
    last_line = error_line + 4 * MAX_DEPTH  # a library that stopped sooner stopped before these
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            mark = event.start_mark
            if mark is None or mark.line > last_line:
                return None
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return _Mark(mark.line, mark.column)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None
    return None


def _too_many(display: str, count: int) -> Problem:
    return Problem(
        display, 0, 0, "too-many-problems", "error",
        f"{count:,} more problems are not shown: fix these and check again",
    )


def _tag_message(tag: str | None) -> str:
    shown = (tag or "").replace(_TAG, "!!", 1) if (tag or "").startswith(_TAG) else tag
    return f"tag '{_display(shown)}' is not allowed: claims files hold plain data only"


def _plain_line_breaks(text: str | bytes) -> bool:
    """Whether ``\\n`` (alone or after ``\\r``) is the only line break of ``text``, as libyaml
    counts lines."""
    if isinstance(text, bytes):
        others: tuple[str | bytes, ...] = (b"\xc2\x85", b"\xe2\x80\xa8", b"\xe2\x80\xa9")
        carriage: str | bytes = b"\r"
    else:
        others, carriage = ("\x85", "\u2028", "\u2029"), "\r"
    if any(other in text for other in others):  # type: ignore[operator]
        return False
    return text.count(carriage) == text.count(carriage + ("\n" if isinstance(text, str) else b"\n"))  # type: ignore[arg-type, operator]


def _width(line: str | bytes, columns: int) -> int:
    """How many items of ``line`` (characters, or UTF-8 bytes) its first ``columns`` characters
    take."""
    if isinstance(line, str):
        return columns
    return len(line.decode("utf-8", errors="replace")[:columns].encode("utf-8", errors="replace"))


def _pad_claim(piece: str | bytes, width: int, column: int) -> str | bytes:
    """A claim's lines as a document of its own: what precedes it on its first line (``- ``, or
    ``claims: [``; ``width`` items, ``column`` characters) becomes ``column`` spaces, so that every
    line and column stays where it was."""
    if isinstance(piece, str):
        return " " * column + piece[width:]
    return b" " * column + piece[width:]


def _as_text(source: str | bytes) -> str:
    return source if isinstance(source, str) else source.decode("utf-8-sig", errors="replace")


def _syntax_message(exc: yaml.MarkedYAMLError, text: str) -> str:
    """A YAML syntax error in words a curator can act on (libyaml's are terse)."""
    mark = exc.problem_mark or exc.context_mark
    problem = str(exc.problem or "invalid YAML")
    context = str(exc.context or "")
    at = mark.index if mark is not None else -1
    char = text[at] if 0 <= at < len(text) else ""
    start = exc.context_mark
    started = f" at line {start.line + 1}, column {start.column + 1}" if start is not None else ""
    if char == "\t" or "\t" in problem or " tab " in problem:
        return "tab character: YAML is indented with spaces, never tabs"
    if "quoted scalar" in context and "end of stream" in problem:
        return f"unclosed quote: the quoted value{started} never ends"
    if "flow sequence" in context:
        return f"unclosed '['{started}: expected ',' or ']'"
    if "flow mapping" in context:
        return f"unclosed '{{'{started}: expected ',' or '}}'"
    if char in ("]", "}") and "expected" in problem:
        return f"unexpected '{char}': there is no open bracket for it to close"
    if "while parsing a block" in context and "expected" in problem:
        kind = "mapping" if "mapping" in context else "list"
        return f"bad indentation: this line does not line up with the {kind}{started}"
    if "unknown escape" in problem:
        return "unknown escape in a double-quoted value: write a backslash as '\\\\'"
    if "mapping values are not allowed" in problem:
        return "unexpected ':': quote a value that contains ': ', and check this line's indentation"
    if "cannot start any token" in problem and char:
        return f"character {char!r} cannot start a value: put the value in quotes"
    if context and start is not None and (mark is None or start.line != mark.line):
        return f"{context}{started}: {problem}"
    return f"{context}: {problem}" if context else problem


def _locate_syntax_error(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str] | None:
    """Where the mistake is (:mod:`claimtrack.syntax_messages`), when not where libyaml stopped."""
    from claimtrack import syntax_messages

    mark, start = exc.problem_mark, exc.context_mark
    if mark is None:
        return None
    problem, context = str(exc.problem or ""), str(exc.context or "")
    if "\t" in problem or " tab " in problem:
        return None
    if "quoted scalar" in context and start is not None and _at_end(text, mark.line, mark.column):
        message = syntax_messages.QUOTE_NEVER_CLOSED
        return start.line + 1, start.column + 1, message
    if "while parsing a block" in context and "expected" in problem:
        kind = "block"
    elif "mapping values are not allowed" in problem:
        kind = "colon"
    else:
        kind = "other"
    found = syntax_messages.locate(
        text, kind, mark.line, mark.column, start.line if start is not None else None
    )
    return None if found is None else (found.line, found.column, found.message)


def _at_end(text: str, line: int, column: int) -> bool:
    """Nothing but whitespace from ``line``/``column`` (0-based) to the end of the text: a
    quoted value that ran to the end (lines, not offsets: libyaml's offsets may count bytes)."""
    lines = text.splitlines()
    rest = lines[line][column:] if line < len(lines) else ""
    return not rest.strip() and not any(other.strip() for other in lines[line + 1 :])


def _offset_position(text: str, offset: int) -> tuple[int, int]:
    """Line and column of a reader error offset (libyaml counts UTF-8 bytes, PyYAML characters)."""
    import yaml

    if _parser_class() is yaml.SafeLoader:
        before = text[: max(offset, 0)]
    else:
        before = text.encode("utf-8")[: max(offset, 0)].decode("utf-8", "replace")
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


class _Mark(NamedTuple):
    line: int
    column: int


class Positions:
    """Where each value of a claims file sits, found on demand by walking the text again.

    With ``spans`` (filled by the first parse: for each mapping entry of ``claims``, its index,
    the 0-based line and column where it starts and where its end event is), a value inside a
    claim is found by walking only that claim's lines: a thousand warnings spread over a large
    file cost a thousand small walks instead of one walk of the whole file (the walk that records
    positions is as slow as the parse). Anything else, or a claim whose lines do not give every
    position asked for, falls back to the whole walk.
    """

    def __init__(
        self, text: str | bytes | Callable[[], bytes], spans: array[int] | None = None
    ) -> None:
        self._source = text
        self._spans = spans
        self._entries: dict[int, int] | None = None
        """Claim index → its offset in ``spans``, built on first use."""
        """The text, or the file's bytes once they are known to be UTF-8, or how to read them
        (after a cache hit, which did not keep them)."""
        self._map: dict[PathKey, tuple[int, int]] | None = None
        self._wanted: set[PathKey] = set()
        """Paths located by :meth:`prefetch` (with their ancestors), when ``_map`` holds only them."""
        self._requested: set[PathKey] = set()

    def _positions(self, path: PathKey = ()) -> dict[PathKey, tuple[int, int]]:
        if self._map is None or (self._wanted and path not in self._wanted):
            self._map, self._wanted = {}, set()
            _events_to_data(self._text(), "", [], self._map)
        return self._map

    def prefetch(self, paths: list[PathKey]) -> None:
        """Locate just these paths (and their keys and ancestors) in one walk of the text.

        Recording every value of a huge file takes hundreds of bytes per value; a few hundred
        problems need only a few hundred positions. A later lookup of any other path walks the
        text again and records everything.
        """
        if self._map is not None and not self._wanted:
            return  # everything is recorded already
        if self._prefetch_claims(paths):
            return
        self._requested.update(paths)
        wanted = set(self._wanted)
        for path in paths:
            for end in range(len(path) + 1):
                wanted.add(path[:end])
            wanted.add((*path, "<key>"))
        self._map, self._wanted = {}, wanted
        # The walk stops once every requested path is found (keys and ancestors come first).
        needed = set(self._requested)
        _events_to_data(self._text(), "", [], self._map, wanted, needed=needed)

    def _prefetch_claims(self, paths: list[PathKey]) -> bool:
        """Locate ``paths`` by walking only the lines of their claims; False (nothing changed)
        unless every path lies in a claim with a span and was found there."""
        spans = self._spans
        if not spans or not paths:
            return False
        if self._entries is None:
            self._entries = {spans[i]: i for i in range(0, len(spans), 5)}
        entries = self._entries
        by_claim: dict[int, list[PathKey]] = {}
        for path in paths:
            if len(path) < 3 or path[0] != "claims" or type(path[1]) is not int:
                return False
            offset = entries.get(path[1])
            if offset is None or spans[offset + 1] == 0:
                return False  # a claim on the first line: the whole walk handles a BOM
            by_claim.setdefault(offset, []).append(path[2:])
        text = self._text()
        newline: str | bytes = "\n" if isinstance(text, str) else b"\n"
        if not _plain_line_breaks(text):
            return False  # libyaml also breaks lines at a lone CR, NEL, LS and PS
        found: dict[PathKey, tuple[int, int]] = {}
        wanted: set[PathKey] = set()
        cursor, line = 0, 0  # the start of 0-based line ``line`` in ``text``
        for offset in sorted(by_claim):
            first, column, last, end_column = spans[offset + 1 : offset + 5]
            while line < first:
                cursor = text.find(newline, cursor) + 1  # type: ignore[arg-type]
                line += 1
            start = cursor
            while line < last:
                cursor = text.find(newline, cursor) + 1  # type: ignore[arg-type]
                line += 1
            stop = text.find(newline, cursor)  # type: ignore[arg-type]
            last_line = text[cursor : len(text) if stop < 0 else stop]
            stop = text.find(newline, start)  # type: ignore[arg-type]
            head = text[start : len(text) if stop < 0 else stop]
            piece = _pad_claim(text[start : cursor + _width(last_line, end_column)],
                               _width(head, column), column)  # fmt: skip
            sub_wanted: set[PathKey] = set()
            needed: set[PathKey] = set()
            for sub in by_claim[offset]:
                for end in range(len(sub) + 1):
                    sub_wanted.add(sub[:end])
                sub_wanted.add((*sub, "<key>"))
                needed.add(sub)
            sub_map: dict[PathKey, tuple[int, int]] = {}
            _events_to_data(piece, "", [], sub_map, sub_wanted, needed=needed)
            if needed:
                return False  # not all there: the whole walk decides
            prefix = ("claims", spans[offset])
            for sub, (sub_line, sub_column) in sub_map.items():
                full = (*prefix, *sub)
                found[full] = (sub_line + first, sub_column)
                wanted.add(full)
        if self._map is None:
            self._map, self._wanted = {}, set()
        self._map.update(found)
        self._wanted.update(wanted)
        return True

    def _text(self) -> str | bytes:
        if callable(self._source):
            self._source = self._source()
        return self._source

    def value(self, path: PathKey) -> tuple[int, int]:
        """Line and column of the value at ``path``, or of its nearest located ancestor."""
        positions = self._positions(path)
        while path:
            if path in positions:
                return positions[path]
            path = path[:-1]
        return positions.get((), (1, 1))

    def _rest_of_line(self, line: int, column: int) -> str:
        """The file's text from ``line``/``column`` to the end of that line."""
        text = _as_text(self._text())
        start = 0
        for _ in range(line - 1):
            start = text.find("\n", start) + 1
            if not start:
                return ""
        end = text.find("\n", start)
        return text[start + column - 1 : end if end >= 0 else len(text)]

    def written_key(self, line: int, column: int) -> str:
        """The key that starts at ``line``/``column`` as the file writes it (up to its colon)."""
        return self._rest_of_line(line, column).split(":", 1)[0].strip()[:60]

    def written_value(self, line: int, column: int) -> str:
        """The plain value that starts at ``line``/``column`` as the file writes it."""
        rest = self._rest_of_line(line, column)
        return rest.split(" #", 1)[0].strip().rstrip(",]}").strip()[:60]

    def key(self, path: PathKey) -> tuple[int, int]:
        """Line and column of the key of the value at ``path`` (falls back to the value)."""
        found = self._positions(path).get((*path, "<key>"))
        return found if found is not None else self.value(path)


class LoadResult(NamedTuple):
    """A loaded claims file: the validated model (None if it did not validate) and its problems."""

    display: str
    claims: ClaimsFile | None
    problems: list[Problem]
    positions: Positions
    key: str = ""
    """The cache key of this file's content (see :func:`claimtrack.cache.key`)."""
    left_out: LeftOut = LeftOut()
    """Entries left out of ``claims`` for their schema problems (reported in ``problems``)."""

    def file_path(self, path: PathKey) -> PathKey:
        """The path in the file of a path into the loaded records: with claims left out, the
        ``n``-th loaded claim is not the file's ``n``-th."""
        if len(path) > 1 and path[0] == "claims" and self.left_out.claims:
            index = path[1]
            if isinstance(index, int):
                return ("claims", self.left_out.file_index(index), *path[2:])
        return path

    @property
    def claims_in_file(self) -> int:
        """Claims in the file, valid or not (when it loaded)."""
        kept = len(self.claims.claims) if self.claims is not None else 0
        return kept + len(self.left_out.claims)


def read_claims_bytes(path: Path, display: str) -> bytes:
    """Read the file or raise :class:`UsageError` naming it (missing, a directory, unreadable)."""
    try:
        if path.is_dir():
            raise UsageError(f"{display}: is a directory, expected a claims YAML file")
        info = path.stat()
        if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode):
            # /dev/zero would never end; /dev/stdin (a pipe) and <(...) are fine.
            raise UsageError(f"{display}: is a device, expected a claims YAML file")
        if info.st_size > MAX_BYTES:
            raise UsageError(
                f"{display}: {info.st_size:,} bytes is larger than the {MAX_BYTES:,}-byte limit"
            )
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)  # a pipe has no size to check beforehand
        if len(raw) > MAX_BYTES:
            raise UsageError(f"{display}: larger than the {MAX_BYTES:,}-byte limit")
        return raw
    except FileNotFoundError:
        raise UsageError(f"{display}: no such file (use --data to point at the claims file)") from None
    except OSError as exc:
        raise UsageError(f"{display}: cannot read: {exc.strerror or exc}") from None


def decode_claims(raw: bytes, display: str, problems: list[Problem]) -> str | None:
    """UTF-8 (a BOM is allowed); anything else is a problem at the first bad byte."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        problems.append(
            Problem(
                display,
                line,
                column,
                "not-utf8",
                "error",
                f"not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded; save the file as UTF-8",
            )
        )
        return None
    if "\x00" in text:
        index = text.index("\x00")
        line = text.count("\n", 0, index) + 1
        problems.append(
            Problem(display, line, 0, "not-text", "error", "NUL byte: this is not a text file")
        )
        return None
    return text


def parse_claims_text(
    text: str | bytes, display: str, sizes: Sizes | None = None, spans: array[int] | None = None
) -> tuple[Any, list[Problem]]:
    """YAML text (or UTF-8 bytes) → plain data and the syntax-level problems (``sizes``: see
    :data:`Sizes`; ``spans``: see :class:`Positions`)."""
    problems: list[Problem] = []
    data = _events_to_data(text, display, problems, None, sizes=sizes, spans=spans)
    return data, problems


def load_claims(path: Path, display: str | None = None) -> LoadResult:
    """Read, parse and validate a claims file. Raises :class:`UsageError` only if it can't be read.

    An unchanged file that loaded before is read back from the cache (:mod:`claimtrack.cache`)
    as validated JSON instead of being parsed again; its problems come back with it.
    """
    from claimtrack import cache

    display = display or str(path)
    raw = read_claims_bytes(path, display)
    name = cache.key("claims", raw, display)
    source: bytes | Callable[[], bytes] = raw
    if _rereadable(path):
        # A cache hit needs the file's bytes only to locate a problem, which few runs do; not
        # holding them while the records are built lowers the peak by the size of the file.
        source = _reread(path, display, name)
        del raw
    with gc_paused():
        hit = _from_cache(name, source, display)
    if hit is not None:
        return hit._replace(key=name)
    raw = source() if callable(source) else source
    with gc_paused():
        names = _items_names(path, display)
        items = _load_items(raw, display, names, name)
    if items is not None:
        result, parsed = items
        if not parsed:
            # A second run of the edited file (or its entry was lost): from now on a plain hit.
            # The run that parsed the edit did not write it, to stay as quick as a hit.
            cache.write(name, _to_cache(result), size=len(raw))
        return result._replace(key=name)
    result = _load(raw, display)._replace(key=name)
    if result.claims is not None:
        cache.write(name, _to_cache(result), size=len(raw))
        with gc_paused():
            _store_items(raw, result, names[0], name)
    return result


_UNSET_TEXT = "\0claimtrack: the claims are read item by item"
_UNSET = b'"\\0' + _UNSET_TEXT[1:].encode() + b'"'
"""What ``claims:`` holds in the rest of a split file (:meth:`claim_items.Split.rest`): no file
can mean it, so reading it back proves that line was the top-level key."""
_DELTA_MAX = 200
"""Items parsed since the item entry was written that are kept in a small entry beside it;
more (or more than 2% of the file) and the whole item entry is written again."""


class _Items(NamedTuple):
    """A cache entry of claim items: each item's digest, its claim's row and where the claim's
    events start and end (line, column, line, column) from the item's first line."""

    token: str
    """Names this entry (the cache key of the file it was written for), so that the small entry
    beside it is read only with it."""
    rows: dict[str, tuple[list[Any], array[int]]]


def _items_names(path: Path, display: str) -> tuple[str, str]:
    """The item entry of the file at ``path`` shown as ``display`` (keyed on its name, not its
    bytes: it serves the next version of the file; two projects' ``data/claims.yaml`` differ by
    the absolute path) and the small entry of items parsed since."""
    from claimtrack import cache

    where = str(path.absolute())
    return cache.key("items", where, display), cache.key("items-since", where, display)


def _decode_items(data: bytes) -> _Items:
    """An item entry, checked: the rows later by :func:`claims_file_from_rows`, the spans here
    (``array`` refuses anything but non-negative integers)."""
    import json

    entry = json.loads(data)
    if type(entry) is not dict or type(entry.get("token")) is not str:
        raise ValueError("not an item entry")
    digests, rows = entry.get("digests"), entry.get("rows")
    if type(digests) is not list or type(rows) is not list or len(digests) != len(rows):
        raise ValueError("not an item entry")
    spans = array("I", entry.get("spans") or ())
    if len(spans) != 4 * len(rows) or any(type(digest) is not str for digest in digests):
        raise ValueError("not an item entry")
    pairs = enumerate(zip(digests, rows, strict=True))
    return _Items(entry["token"], {digest: (row, spans[4 * i : 4 * i + 4]) for i, (digest, row) in pairs})


def _write_items(name: str, items: _Items) -> None:
    import json

    from claimtrack import cache

    spans: array[int] = array("I")
    for _, span in items.rows.values():
        spans.extend(span)
    entry = {"token": items.token, "digests": list(items.rows),
             "rows": [row for row, _ in items.rows.values()], "spans": spans.tolist()}  # fmt: skip
    cache.write(name, json.dumps(entry, ensure_ascii=False).encode())


def _store_items(raw: bytes, result: LoadResult, name: str, token: str) -> None:
    """After a whole parse without problems, the record of each claim item under its digest, when
    the items are where the parser found each claim (:func:`claim_items.split`)."""

    from claimtrack import claim_items

    spans = result.positions._spans
    claims = result.claims
    if result.problems or result.left_out or claims is None or spans is None:
        return
    split = claim_items.split(raw)
    if split is None or len(split) != len(claims.claims) or len(spans) != 5 * len(split):
        return
    lines, indent = split.lines, split.indent
    rows: dict[str, tuple[list[Any], array[int]]] = {}
    for index, digest in enumerate(split.digests(raw)):
        at = 5 * index
        item, line, column, end_line, end_column = spans[at : at + 5]
        first, after = lines[index], lines[index + 1]
        # The claim's events lie within its item's lines (its end may be the next item's '-').
        if item != index or not first <= line < after or (end_line, end_column) > (after, indent):
            return
        span = array("I", (line - first, column, end_line - first, end_column))
        rows[digest] = (claim_row(claims.claims[index]), span)
    _write_items(name, _Items(token, rows))
    _write_rest(split.rest(raw, _UNSET), claims._replace(claims=[]))


def _rest_records(rest: bytes) -> ClaimsFile | None:
    """The registries of a split file (:meth:`claim_items.Split.rest`), cached on their bytes;
    None unless they read without a problem and ``claims:`` was the top-level key."""
    import json

    from claimtrack import cache

    hit = cache.load(cache.key("registries", rest), lambda data: claims_file_from_rows(json.loads(data)))
    if hit is not None:
        return hit
    data, problems = parse_claims_text(rest, "")
    if problems or type(data) is not dict or data.get("claims") != _UNSET_TEXT:
        return None
    data["claims"] = []
    model = claims_file_from_data(data)
    if model is not None:
        _write_rest(rest, model)
    return model


def _write_rest(rest: bytes, model: ClaimsFile) -> None:
    import json

    from claimtrack import cache

    rows = json.dumps(claims_file_to_rows(model), ensure_ascii=False).encode()
    cache.write(cache.key("registries", rest), rows)


def _load_items(
    raw: bytes, display: str, names: tuple[str, str], token: str
) -> tuple[LoadResult, int] | None:
    """The file read from the cached records of its unchanged claim items, parsing only the new
    ones (and the rest of the file, unless cached), and how many items were parsed; None (parse it all) unless the split is certain and nothing in
    the file has a problem: a problem needs the whole parse to be reported as it always is."""
    from claimtrack import cache, claim_items

    split = claim_items.split(raw)
    if split is None:
        return None
    name, delta_name = names
    base = cache.load(name, _decode_items)
    if base is None:
        return None
    delta = cache.load(delta_name, _decode_items)
    since = delta.rows if delta is not None and delta.token == base.token else {}
    known = base.rows | since
    digests = split.digests(raw)
    lines = split.lines
    new: dict[str, tuple[list[Any], array[int]]] = {}
    records: dict[str, Any] = {}
    for index, digest in enumerate(digests):
        if digest in known or digest in new:
            continue
        spans: array[int] = array("I")
        data, problems = parse_claims_text(claim_items.PREFIX + split.item(raw, index), display,
                                           {}, spans)  # fmt: skip
        if problems or type(data) is not dict or len(data) != 1:
            return None
        claims = data.get("claims")
        if type(claims) is not list or len(claims) != 1 or len(spans) != 5:
            return None
        record = claims[0]
        if type(record) is not Claim:
            return None
        _, line, column, end_line, end_column = spans
        length = lines[index + 1] - lines[index]
        if not 1 <= line <= length or (end_line - 1, end_column) > (length, split.indent):
            return None
        records[digest] = record
        new[digest] = (claim_row(record), array("I", (line - 1, column, end_line - 1, end_column)))
    rest = _rest_records(split.rest(raw, _UNSET))
    if rest is None:
        return None
    cached = list(dict.fromkeys(digest for digest in digests if digest not in records))
    try:
        rebuilt = claims_file_from_rows(
            {"claims": [known[digest][0] for digest in cached], "articles": {}, "subjects": {}}
        ).claims
    except (ValueError, TypeError, KeyError, IndexError):
        return None
    records.update(zip(cached, rebuilt, strict=True))
    model = rest._replace(claims=[records[digest] for digest in digests])
    spans = array("I")
    for index, digest in enumerate(digests):
        line, column, end_line, end_column = (new.get(digest) or known[digest])[1]
        first = lines[index]
        spans.extend((index, first + line, column, first + end_line, end_column))
    if new:
        present = set(digests)
        kept = {digest: value for digest, value in since.items() if digest in present} | new
        if len(kept) <= max(_DELTA_MAX, len(digests) // 50):
            _write_items(delta_name, _Items(base.token, kept))
        else:
            every = {digest: (new.get(digest) or known[digest]) for digest in digests}
            _write_items(name, _Items(token, every))
    return LoadResult(display, model, [], Positions(raw, spans)), len(new)


_CACHE_CHUNK = 1000
"""Claims encoded at a time when the cache entry is written."""


def _to_cache(result: LoadResult) -> Iterator[bytes]:
    """The entry (a problems list and :func:`claims_file_to_rows`), encoded a thousand claims at a
    time: encoding all rows at once held the rows, the JSON text and its bytes together, the
    highest peak of a first run (180 MB at 100,000 claims)."""
    import json

    claims = result.claims
    assert claims is not None
    everything_but_claims = claims_file_to_rows(
        ClaimsFile(1, claims.articles, claims.subjects, [], claims.slots)
    )
    left = result.left_out
    left_out = {"claims": list(left.claims), "claim_ids": sorted(left.claim_ids),
                "subjects": sorted(left.subjects), "articles": sorted(left.articles),
                "cited": sorted(left.cited)}  # fmt: skip
    yield (
        '{"problems": ' + json.dumps([p.to_json() for p in result.problems], ensure_ascii=False)
        + ', "left_out": ' + json.dumps(left_out, ensure_ascii=False)
        + ', "claims": {"articles": '
        + json.dumps(everything_but_claims["articles"], ensure_ascii=False)
        + ', "subjects": '
        + json.dumps(everything_but_claims["subjects"], ensure_ascii=False)
        + ', "slots": '
        + json.dumps(everything_but_claims["slots"], ensure_ascii=False)
        + ', "claims": ['
    ).encode()
    records = claims.claims
    for start in range(0, len(records), _CACHE_CHUNK):
        rows = [claim_row(claim) for claim in records[start : start + _CACHE_CHUNK]]
        text = json.dumps(rows, ensure_ascii=False)[1:-1]
        yield (("," if start else "") + text).encode()
    yield b"]}}"


def _rereadable(path: Path) -> bool:
    """A regular file can be read again (a pipe cannot)."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def _reread(path: Path, display: str, name: str) -> Callable[[], bytes]:
    """Reads the file again, refusing bytes other than those the cache key ``name`` was made of."""

    def read() -> bytes:
        from claimtrack import cache

        raw = read_claims_bytes(path, display)
        if cache.key("claims", raw, display) != name:
            raise UsageError(f"{display}: changed while it was being read; run the command again")
        return raw

    return read


def _from_cache(
    name: str, source: bytes | Callable[[], bytes], display: str
) -> LoadResult | None:
    from claimtrack import cache

    def decode(data: bytes) -> LoadResult:
        import json

        entry = json.loads(data)
        del data  # 50 MB at 100,000 claims
        if type(entry) is not dict:
            raise ValueError("not a mapping")
        problems = problems_from_json(entry["problems"])
        claims = claims_file_from_rows(entry.pop("claims"))
        left_out = _left_out_from_json(entry.get("left_out", {}), len(claims.claims))
        return LoadResult(display, claims, problems, Positions(source), left_out=left_out)

    return cache.load(name, decode)


def _left_out_from_json(left: Any, kept: int) -> LeftOut:
    """What a cache entry says was left out, checked like the rest of the entry: indices
    ascending and within the file's claims, names text; anything else raises ValueError."""
    if type(left) is not dict:
        raise ValueError("left_out: not a mapping")
    indices = left.get("claims", [])
    if type(indices) is not list or any(type(i) is not int for i in indices):
        raise ValueError("left_out.claims: not a list of indices")
    if indices != sorted(set(indices)) or (indices and not 0 <= indices[0] <= indices[-1] < kept + len(indices)):
        raise ValueError("left_out.claims: not ascending indices of the file's claims")
    names = []
    for field in ("claim_ids", "subjects", "articles", "cited"):
        value = left.get(field, [])
        if type(value) is not list or any(type(name) is not str for name in value):
            raise ValueError(f"left_out.{field}: not a list of names")
        names.append(frozenset(value))
    return LeftOut(tuple(indices), *names)


def _load(raw: bytes, display: str) -> LoadResult:
    problems: list[Problem] = []
    text = decode_claims(raw, display, problems)
    if text is None:
        return LoadResult(display, None, problems, Positions(""))
    blank = not text.strip()
    del text  # checked: the parser reads the bytes, and positions decode them only if needed
    spans: array[int] = array("I")
    positions = Positions(raw, spans)
    sizes: Sizes = {}
    with gc_paused():
        data, syntax = parse_claims_text(raw, display, sizes, spans)
    problems.extend(syntax)
    if any(p.code in ("yaml-syntax", "yaml-too-deep", "not-utf8") for p in syntax):
        return LoadResult(display, None, problems, positions)
    if data is None:
        problems.append(
            Problem(
                display,
                0 if blank else 1,
                0,
                "empty-file",
                "error",
                "the claims file holds no data: expected a mapping with 'subjects:' and 'claims:'",
            )
        )
        return LoadResult(display, None, problems, positions)
    if not isinstance(data, dict):
        positions.prefetch([()])
        line, col = positions.value(())
        problems.append(
            Problem(
                display, line, col, "wrong-type", "error",
                f"the top level must be a mapping (with 'claims:'), not a {type(data).__name__}",
            )
        )
        return LoadResult(display, None, problems, positions)
    with gc_paused():
        model, schema, left_out = validate(data, display, positions, sizes)
    # A refused alias or tag leaves a null behind; its schema error would only repeat the problem.
    refused = {(p.line, p.column) for p in syntax if p.code in ("yaml-alias", "yaml-tag")}
    problems.extend(p for p in schema if (p.line, p.column) not in refused)
    return LoadResult(display, model, problems, positions, left_out=left_out)


_CODES = {
    "extra_forbidden": "unknown-key",
    "missing": "missing-field",
    "too_short": "empty-list",
    "string_pattern_mismatch": "bad-slug",
    "literal_error": "invalid-value",
    "value_error": "invalid-value",
    "greater_than_equal": "invalid-value",
    "less_than_equal": "invalid-value",
    "string_too_short": "empty-value",
    "string_too_long": "invalid-value",
    "invalid_key": "wrong-type",  # a key that YAML reads as a number, null or true/false
    "too_many_items": "too-many-items",  # not pydantic's: an entry too large to validate
}


def validation_problems(
    data: dict[str, Any], display: str, positions: Positions, sizes: Sizes | None = None
) -> tuple[ClaimsFile | None, list[Problem]]:
    """:func:`validate` without what was left out."""
    model, problems, _ = validate(data, display, positions, sizes)
    return model, problems


def validate(
    data: dict[str, Any], display: str, positions: Positions, sizes: Sizes | None = None
) -> tuple[ClaimsFile | None, list[Problem], LeftOut]:
    """Validate plain data against the schema; every pydantic error becomes a located problem.

    Valid data is turned into records by the plain validator; pydantic is imported only when that
    refuses, to say why. Validation is per entry: a claim, subject or article entry with a problem
    is reported and left out, and the records of the rest are returned, so that one typo does not
    hide every other finding; only a problem of the file itself (an unknown top-level key, a
    wrong ``version``, ``claims:`` not a list) leaves no records. At most :data:`MAX_PROBLEMS` are
    reported, and one more problem counts the rest.
    """
    records = claims_file_from_data(data)
    if records is not None:
        return records, [], LeftOut()
    from claimtrack.spec import to_records

    partial, left_out = partial_claims_file(data)

    for name in _COLLECTIONS:  # pydantic sees plain data, whatever the parser already built
        value = data.get(name)
        if isinstance(value, list):
            data[name] = [entry_data(item) for item in value]
        elif isinstance(value, dict):
            data[name] = {key: entry_data(item) for key, item in value.items()}
    model, errors, total = _validate(data, sizes)
    if model is not None:  # pydantic accepts what the plain validator refused (e.g. version: 1.0)
        return to_records(model), [], LeftOut()
    for err in errors:
        err["loc"] = _real_loc(data, err["loc"])
    positions.prefetch([_located_path(err) for err in errors])
    from claimtrack import schema_messages

    problems = []
    misspelt = _misspelt_keys(errors)
    for err in errors:
        loc: PathKey = tuple(part for part in err["loc"] if part != "[key]")
        kind = err["type"]
        if kind == "missing" and loc in misspelt:
            continue  # the unknown key beside it says "did you mean" this one: one problem
        if loc and (kind == "invalid_key" or err["loc"][-1] == "[key]") and not isinstance(
            loc[-1], str
        ):
            # A key YAML reads as null, a number or true/false: said at the key, as written.
            line, col = positions.key(loc)
            written = positions.written_key(line, col)
            where = schema_messages.describe(loc[:-1], data)
            message = schema_messages.key_message(loc[-1], written)
            message = f"{where}: {message}" if where else message
            problems.append(Problem(display, line, col, "wrong-type", "error", message))
            continue
        # Every code is one of the documented ones (checks.LOADER_CODES).
        code = _CODES.get(kind, "wrong-type" if kind.endswith("_type") else "invalid-value")
        keys = schema_messages.allowed_keys(loc) if kind == "extra_forbidden" else []
        if kind == "too_short" and loc and loc[-1] == "sources":
            code, message = "no-source", "claim has no source: give at least one"
        else:
            named = None
            if kind == "string_pattern_mismatch" and (
                loc[-1] == "subject" or (len(loc) > 1 and loc[-2] == "involves")
            ):
                named = schema_messages.subject_named(err.get("input"), data)
            message = schema_messages.message(err, keys, named)
            given = err.get("input")
            if kind == "string_type" and isinstance(given, (int, float)) and loc:
                # 'article: 002' is the number 2 to YAML: say so, as the curator wrote it.
                written = positions.written_value(*positions.value(loc))
                message += schema_messages.unquoted_hint(given, written)
        if is_placeholder(err.get("input")):
            code, message = "placeholder", placeholder_message(loc)
        if kind == "missing":
            loc = loc[:-1]
        where = schema_messages.describe(loc, data)
        if where:
            message = f"{where}: {message}"
        if kind == "extra_forbidden" or (err["loc"] and err["loc"][-1] == "[key]"):
            line, col = positions.key(loc)
        else:
            line, col = positions.value(loc)
        problems.append(Problem(display, line, col, code, "error", message))
    for problem in _claim_rule_problems(data, errors, left_out, display, positions):
        if len(problems) >= MAX_PROBLEMS:
            break
        problems.append(problem)
    if total > len(errors):
        problems.append(_too_many(display, total - len(errors)))
    return partial, problems, (left_out if partial is not None else LeftOut())


def _misspelt_keys(errors: list[Any]) -> set[PathKey]:
    """Paths of missing keys that an unknown key in the same mapping is a misspelling of
    (``attributon:`` for ``attribution``): reporting both would state one mistake twice."""
    import difflib

    missing: dict[PathKey, list[str]] = {}
    for err in errors:
        loc = tuple(err["loc"])
        if err["type"] == "missing" and loc and isinstance(loc[-1], str):
            missing.setdefault(loc[:-1], []).append(loc[-1])
    found: set[PathKey] = set()
    for err in errors:
        loc = tuple(err["loc"])
        if err["type"] == "extra_forbidden" and loc and isinstance(loc[-1], str):
            close = difflib.get_close_matches(loc[-1], missing.get(loc[:-1], []), n=1, cutoff=0.6)
            if close:
                found.add((*loc[:-1], close[0]))
    return found


def _claim_rule_problems(
    data: dict[str, Any], errors: list[Any], left_out: LeftOut, display: str, positions: Positions
) -> Iterator[Problem]:
    """The rules between a claim's fields ('when' beside 'value', ...) for the claims pydantic
    stopped at a field: it checks them only once every field is valid, which would make the
    curator fix a claim in rounds."""
    from claimtrack import schema_messages

    claims = data.get("claims")
    if not isinstance(claims, list):
        return
    reported = {err["loc"][1] for err in errors if err["type"] == "value_error" and len(err["loc"]) == 2}
    for index in left_out.claims[:MAX_PROBLEMS]:
        entry = claims[index] if index < len(claims) else None
        if index in reported or not isinstance(entry, dict):
            continue
        message = schema_messages.claim_value_problem(entry)
        if message is not None:
            line, col = positions.value(("claims", index))
            where = schema_messages.describe(("claims", index), data)
            yield Problem(display, line, col, "invalid-value", "error", f"{where}: {message}")


def _real_loc(data: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """pydantic's location with the keys as they are in the data: it spells a key ``null`` or
    ``1.5`` as the string 'None' or '1.5', which no position is recorded under."""
    out: list[Any] = []
    node = data
    for part in loc:
        if part == "[key]":
            out.append(part)
            continue
        if isinstance(node, dict):
            if part not in node or not isinstance(part, str):  # 1 for the key true, too
                part = next(
                    (key for key in node if not isinstance(key, str) and str(key) == str(part)),
                    next((key for key in node if key == part), part),
                )
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            node = None
        out.append(part)
    return tuple(out)


def is_placeholder(value: object) -> bool:
    """A value ``draft`` or ``match`` left for the curator to fill (:data:`PLACEHOLDER`)."""
    return isinstance(value, str) and value.startswith(PLACEHOLDER)


def placeholder_message(loc: PathKey) -> str:
    """What to write in place of a placeholder at ``loc``."""
    field = next((str(part) for part in reversed(loc) if isinstance(part, str)), "value")
    what = {
        "attribution": "'named_outlet', 'anonymous_insider' or 'direct_quote'",
        "attributed_to": "who, in the article's words",
        "subject": "a key of 'subjects'",
        "involves": "a key of 'subjects'",
        "slot": "a slot, or delete the line (and the value that needs it)",
    }.get(field, "the curator's own value")
    return f"a placeholder left to fill in: replace it with {what}"


def _located_path(err: Any) -> PathKey:
    """Where an error is reported: for a missing key, its mapping (the key is not in the file,
    and asking for its position would make :meth:`Positions.prefetch` walk the whole file)."""
    loc: PathKey = tuple(part for part in err["loc"] if part != "[key]")
    return loc[:-1] if err["type"] == "missing" else loc


def _validate(
    data: dict[str, Any], sizes: Sizes | None
) -> tuple[spec.ClaimsFile | None, list[Any], int]:
    """The model, or no model, the first :data:`MAX_PROBLEMS` errors and the count of all errors.

    pydantic keeps every error it finds (hundreds of bytes each), so a large file is validated a
    slice of :data:`_SLICE_VALUES` values at a time, and an entry of more than
    :data:`MAX_ITEM_VALUES` values is reported instead of validated: a file of a million broken
    claims never holds a million errors. ``sizes`` (from the parser) says how many values each
    entry of each collection holds; without it, everything is validated at once.
    """
    from pydantic import ValidationError

    from claimtrack import spec

    counts: dict[str, Iterable[int]] = {}
    total_values = 0
    for name in _COLLECTIONS:
        value = data.get(name)
        if sizes is not None and isinstance(value, (list, dict)):
            known = sizes.get(name, array("I"))
            # Aligned with the entries, or else a safe guess that slices a thousand at a time.
            aligned = len(known) == len(value)
            counts[name] = known if aligned else repeat(20, len(value))
            total_values += sum(known) if aligned else 20 * len(value)
    if total_values <= _SLICE_VALUES:
        try:
            return spec.ClaimsFile.model_validate(data), [], 0
        except ValidationError as exc:
            return None, exc.errors(include_url=False)[:MAX_PROBLEMS], exc.error_count()
    errors: list[Any] = []
    total = 0
    whole = dict(data)
    for name, entry_sizes in counts.items():
        checked, found = _validate_collection(name, data[name], entry_sizes, errors)
        total += found
        whole[name] = type(data[name])() if checked is None else checked
    try:
        model = spec.ClaimsFile.model_validate(whole)
    except ValidationError as exc:
        total += exc.error_count()
        errors.extend(exc.errors(include_url=False))
        model = None
    if total:
        return None, errors[:MAX_PROBLEMS], total
    return model, [], 0


def _validate_collection(
    name: str, value: list[Any] | dict[Any, Any], entry_sizes: Iterable[int], errors: list[Any]
) -> tuple[list[Any] | dict[Any, Any] | None, int]:
    """Validate one collection slice by slice: its validated entries (None if any failed) and its
    number of errors; the first errors, up to :data:`MAX_PROBLEMS` in all, go to ``errors``."""
    from pydantic import ConfigDict, TypeAdapter, ValidationError

    from claimtrack import spec

    annotation: Any = spec.ClaimsFile.model_fields[name].annotation
    adapter: TypeAdapter[Any] = TypeAdapter(annotation, config=ConfigDict(strict=True))
    is_list = isinstance(value, list)
    checked: list[Any] | dict[Any, Any] = [] if is_list else {}
    total = 0
    keys: list[Any] = []  # the slice being gathered: indices or keys
    values = 0

    def flush() -> None:
        nonlocal total, keys, values
        if not keys:
            return
        piece = [value[k] for k in keys] if is_list else {k: value[k] for k in keys}
        try:
            valid = adapter.validate_python(piece)
        except ValidationError as exc:
            total += exc.error_count()
            if len(errors) < MAX_PROBLEMS:
                for err in exc.errors(include_url=False):
                    loc = err["loc"]
                    if is_list:  # indices count from the slice
                        loc = (keys[int(loc[0])], *loc[1:])
                    err["loc"] = (name, *loc)
                    errors.append(err)
        else:
            if isinstance(checked, list):
                checked.extend(valid)
            else:
                checked.update(valid)
        keys, values = [], 0

    for key, size in zip(range(len(value)) if is_list else value, entry_sizes, strict=True):
        if size > MAX_ITEM_VALUES:
            total += 1
            if len(errors) < MAX_PROBLEMS:
                message = (
                    f"{size:,} YAML values in one entry (more than {MAX_ITEM_VALUES:,}): "
                    "it is not checked"
                )
                errors.append({"type": "too_many_items", "loc": (name, key), "msg": message})
            continue
        keys.append(key)
        values += size
        if values >= _SLICE_VALUES or len(keys) >= 1000:
            flush()
    flush()
    return (None if total else checked), total


def iter_paths(data: Any, prefix: PathKey = ()) -> Iterator[PathKey]:
    """Every path in plain data (used by tests to compare with recorded positions)."""
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from iter_paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from iter_paths(value, (*prefix, index))
