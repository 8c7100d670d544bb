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
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from claimtrack.models import ClaimsFile
from claimtrack.problems import Problem, UsageError

# libyaml's C parser is many times faster; the pure-Python loader gives the same events.
_Parser: Any = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader

MAX_DEPTH = 64
"""Claims files nest four levels deep; far deeper input is hostile or broken."""
MAX_BYTES = 512 * 1024 * 1024

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


@dataclass
class _Frame:
    container: dict[Any, Any] | list[Any]
    path: PathKey
    key: Any = None
    has_key: bool = False
    key_lines: dict[Any, int] = field(default_factory=dict)
    start: tuple[int, int] = (1, 1)
    key_mark: Any = None


def _events_to_data(
    text: str, display: str, problems: list[Problem], record: dict[PathKey, tuple[int, int]] | None
) -> Any:
    """Build plain data from the event stream; append problems; optionally record positions.

    ``record`` maps a path to the (line, col) of its value; ``path + ("<key>",)`` to its key.
    """
    stack: list[_Frame] = []
    root: Any = None
    documents = 0
    skip_depth = 0  # > 0 while skipping a subtree that was refused (alias target, bad key)

    def error(mark: Any, code: str, message: str) -> None:
        if record is None:
            problems.append(Problem(display, mark.line + 1, mark.column + 1, code, "error", message))

    def place(value: Any, mark: Any) -> None:
        """Put a finished value where the top frame expects it."""
        nonlocal root
        if not stack:
            root = value
            if record is not None:
                record[()] = (mark.line + 1, mark.column + 1)
            return
        top = stack[-1]
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
                    key_path: PathKey = (*top.path, value, "<key>")
                    record[key_path] = (mark.line + 1, mark.column + 1)
                return
            key = top.key
            top.has_key = False
            path = (*top.path, key)
            if key in top.container:
                error(
                    top.key_mark,
                    "duplicate-key",
                    f"duplicate key '{_display(key)}' (first at line {top.key_lines[key]}); "
                    "the first value is kept",
                )
                return
            top.container[key] = value
            top.key_lines[key] = mark.line + 1
        if record is not None:
            record[path] = (mark.line + 1, mark.column + 1)

    def child_path() -> PathKey:
        if not stack:
            return ()
        top = stack[-1]
        if isinstance(top.container, list):
            return (*top.path, len(top.container))
        return (*top.path, top.key) if top.has_key else (*top.path, "<key>")

    parser = _Parser(text)
    try:
        while True:
            event = parser.get_event()
            if event is None:
                break
            kind = type(event)
            if skip_depth:
                if kind in (yaml.MappingStartEvent, yaml.SequenceStartEvent):
                    skip_depth += 1
                elif kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
                    skip_depth -= 1
                    if not skip_depth:
                        place(None, event.start_mark)
                continue
            if kind is yaml.ScalarEvent:
                tag = event.tag
                if tag not in _ALLOWED_TAGS:
                    error(
                        event.start_mark,
                        "yaml-tag",
                        f"tag '{_display(tag)}' is not allowed: claims files hold plain data only",
                    )
                    place(None, event.start_mark)
                    continue
                value = event.value
                if event.implicit[0] and tag is None:
                    value = resolve_plain(value)
                place(value, event.start_mark)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                mark = event.start_mark
                if event.tag not in _ALLOWED_TAGS:
                    error(mark, "yaml-tag", f"tag '{_display(event.tag)}' is not allowed")
                    skip_depth = 1
                    continue
                if len(stack) >= MAX_DEPTH:
                    error(mark, "yaml-too-deep", f"nesting deeper than {MAX_DEPTH} levels")
                    skip_depth = 1
                    continue
                path = child_path()
                container: dict[Any, Any] | list[Any] = (
                    {} if kind is yaml.MappingStartEvent else []
                )
                if record is not None and stack and path and path[-1] != "<key>":
                    record[path] = (mark.line + 1, mark.column + 1)
                stack.append(_Frame(container, path, start=(mark.line, mark.column)))
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                frame = stack.pop()
                place(frame.container, _Mark(*frame.start))
            elif kind is yaml.AliasEvent:
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
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = str(exc.problem or "invalid YAML")
        if exc.context and exc.problem:
            message = f"{exc.context}: {exc.problem}" if "\t" not in message else message
        at = mark.index if mark is not None else -1
        if "'\\t'" in message or "\t" in message or (0 <= at < len(text) and text[at] == "\t"):
            message = "tab character: YAML is indented with spaces, never tabs"
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        if record is None:
            problems.append(Problem(display, line, col, "yaml-syntax", "error", message))
        return None
    except yaml.YAMLError as exc:  # a reader error without a mark
        if record is None:
            problems.append(Problem(display, 0, 0, "yaml-syntax", "error", str(exc)))
        return None
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()
    return root


@dataclass(frozen=True, slots=True)
class _Mark:
    line: int
    column: int


class Positions:
    """Where each value of a claims file sits, found on demand by walking the text again."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._map: dict[PathKey, tuple[int, int]] | None = None

    def _positions(self) -> dict[PathKey, tuple[int, int]]:
        if self._map is None:
            self._map = {}
            _events_to_data(self._text, "", [], self._map)
        return self._map

    def value(self, path: PathKey) -> tuple[int, int]:
        """Line and column of the value at ``path``, or of its nearest located ancestor."""
        positions = self._positions()
        while path:
            if path in positions:
                return positions[path]
            path = path[:-1]
        return positions.get((), (1, 1))

    def key(self, path: PathKey) -> tuple[int, int]:
        """Line and column of the key of the value at ``path`` (falls back to the value)."""
        found = self._positions().get((*path, "<key>"))
        return found if found is not None else self.value(path)


@dataclass
class LoadResult:
    """A loaded claims file: the validated model (None if it did not validate) and its problems."""

    display: str
    claims: ClaimsFile | None
    problems: list[Problem]
    positions: Positions
    raw: bytes = b""


def read_claims_bytes(path: Path, display: str) -> bytes:
    """Read the file or raise :class:`UsageError` naming it (missing, a directory, unreadable)."""
    try:
        if path.is_dir():
            raise UsageError(f"{display}: is a directory, expected a claims YAML file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UsageError(f"{display}: {size} bytes is larger than the {MAX_BYTES} byte limit")
        return path.read_bytes()
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


def parse_claims_text(text: str, display: str) -> tuple[Any, list[Problem]]:
    """YAML text → plain data and the syntax-level problems."""
    problems: list[Problem] = []
    data = _events_to_data(text, display, problems, None)
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
    cached = cache.read(name)
    if cached is not None:
        hit = _from_cache(cached, raw, display)
        if hit is not None:
            return hit
    result = _load(raw, display)
    if result.claims is not None:
        cache.write(name, _to_cache(result))
    return result


def _to_cache(result: LoadResult) -> bytes:
    import json

    assert result.claims is not None
    problems = json.dumps([p.to_json() for p in result.problems]).encode()
    body = result.claims.model_dump_json(exclude_defaults=True).encode()
    return b'{"problems":' + problems + b',"claims":' + body + b"}"


def _from_cache(data: bytes, raw: bytes, display: str) -> LoadResult | None:
    import json

    from pydantic import ValidationError

    try:
        head, sep, body = data.partition(b',"claims":')
        if not sep or not head.startswith(b'{"problems":') or not body.endswith(b"}"):
            return None
        problems = [Problem(**item) for item in json.loads(head[len(b'{"problems":') :])]
        claims = ClaimsFile.model_validate_json(body[:-1], strict=False)
    except (ValueError, TypeError, ValidationError):
        return None  # a damaged entry is ignored and rewritten
    text = raw.decode("utf-8-sig", errors="replace")
    return LoadResult(display, claims, problems, Positions(text), raw)


def _load(raw: bytes, display: str) -> LoadResult:
    problems: list[Problem] = []
    text = decode_claims(raw, display, problems)
    if text is None:
        return LoadResult(display, None, problems, Positions(""), raw)
    positions = Positions(text)
    data, syntax = parse_claims_text(text, display)
    problems.extend(syntax)
    if any(p.code == "yaml-syntax" for p in syntax):
        return LoadResult(display, None, problems, positions, raw)
    if data is None:
        problems.append(
            Problem(
                display,
                1 if text.strip() else 0,
                0,
                "empty-file",
                "error",
                "the claims file holds no data: expected a mapping with 'subjects:' and 'claims:'",
            )
        )
        return LoadResult(display, None, problems, positions, raw)
    if not isinstance(data, dict):
        line, col = positions.value(())
        problems.append(
            Problem(
                display, line, col, "wrong-type", "error",
                f"the top level must be a mapping (with 'claims:'), not a {type(data).__name__}",
            )
        )
        return LoadResult(display, None, problems, positions, raw)
    model, schema = validation_problems(data, display, positions)
    # A refused alias or tag leaves a null behind; its schema error would only repeat the problem.
    refused = {(p.line, p.column) for p in syntax if p.code in ("yaml-alias", "yaml-tag")}
    problems.extend(p for p in schema if (p.line, p.column) not in refused)
    return LoadResult(display, model, problems, positions, raw)


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
}


def validation_problems(
    data: dict[str, Any], display: str, positions: Positions
) -> tuple[ClaimsFile | None, list[Problem]]:
    """Validate plain data against the model; every pydantic error becomes a located problem."""
    from pydantic import ValidationError

    try:
        return ClaimsFile.model_validate(data), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    problems = []
    for err in errors:
        loc: PathKey = tuple(part for part in err["loc"] if part != "[key]")
        kind = err["type"]
        code = _CODES.get(kind, "wrong-type" if kind.endswith("_type") else "schema")
        if kind == "too_short" and loc and loc[-1] == "sources":
            code, message = "no-source", "claim has no source: give at least one"
        elif kind == "extra_forbidden":
            message = f"unknown key '{_display(loc[-1])}'"
        elif kind == "missing":
            message = f"missing required key '{loc[-1]}'"
            loc = loc[:-1]
        elif kind == "value_error":
            message = str(err["ctx"]["error"]) if "ctx" in err else err["msg"]
        else:
            message = f"{err['msg']}"
            if "input" in err and not isinstance(err["input"], (dict, list)):
                message += f", got {_display(err['input'])!r}"
        where = _describe_path(loc)
        if where:
            message = f"{where}: {message}"
        if kind == "extra_forbidden" or (err["loc"] and err["loc"][-1] == "[key]"):
            line, col = positions.key(loc)
        else:
            line, col = positions.value(loc)
        problems.append(Problem(display, line, col, code, "error", message))
    return None, problems


def _describe_path(loc: PathKey) -> str:
    """``('claims', 3, 'sources', 0, 'quote')`` → ``claims[3].sources[0].quote``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def iter_paths(data: Any, prefix: PathKey = ()) -> Iterator[PathKey]:
    """Every path in plain data (used by tests to compare with recorded positions)."""
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from iter_paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from iter_paths(value, (*prefix, index))
