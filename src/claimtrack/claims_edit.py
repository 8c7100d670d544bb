"""Adding to the claims file in place: new text inserted, every other byte left as it was.

``draft --write``, ``match --write`` and ``add-article`` add entries to a hand-curated file whose
comments, order and formatting are the curator's. Re-dumping the YAML would lose all of that, so
an edit here is textual: the file is composed once (PyYAML's node marks give each collection's
place), each addition becomes an insertion at the end of the collection it extends, rendered in
the file's own indentation and line ends, and nothing else is touched.

Before the new text replaces the file it is parsed again and compared with what the edit meant:
the old data plus exactly the additions. The write is atomic (a temporary file in the same folder,
then :func:`os.replace`, keeping the file's mode), and it is refused when the file changed on disk
since it was read: a curator's unsaved-then-saved edit is never overwritten.
"""

from __future__ import annotations

import copy
import difflib
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from claimtrack.problems import UsageError

__all__ = [
    "ClaimsEdit",
    "EditError",
    "render_yaml",
    "unified_diff",
]

_BOM = "\ufeff"
PLACEHOLDER_CODE = "placeholder"


class EditError(UsageError):
    """The edit cannot be made safely; the file is left as it was."""


def folder_refusal(path: Path, display: str) -> str:
    """Why an edit of a folder of claims files is refused, and how to name the file to edit:
    each file of the folder is a claims file of its own, so ``--data`` one of them writes there
    (and the others are kept as they are)."""
    from claimtrack.ledger_files import claims_files

    try:
        example = f"{display.rstrip('/')}/{claims_files(path, display)[-1]}"
    except UsageError:
        example = f"{display.rstrip('/')}/10-claims.yaml"
    return (
        f"{display}: is a folder of claims files; add-article, draft and match read and write "
        f"one claims file: name it with --data (e.g. --data {example}); nothing written"
    )


@dataclass
class _Insertion:
    start: int
    end: int
    text: str


def _dumper() -> type[yaml.SafeDumper]:
    from claimtrack.draft import _Dumper

    return _Dumper


def render_yaml(data: Any) -> str:
    """Plain data as block YAML in the claims file's style (slugs plain, other text quoted)."""
    from claimtrack.draft import _escape_invisible

    dumped = yaml.dump(
        data, Dumper=_dumper(), allow_unicode=True, sort_keys=False, width=10**9,
        default_flow_style=False,
    )
    return _escape_invisible(dumped)


def _indent(block: str, column: int) -> list[str]:
    pad = " " * column
    return [pad + line if line else line for line in block.rstrip("\n").split("\n")]


def _last_leaf_end(node: yaml.Node) -> int:
    """Character offset just past the last scalar of a node (collections end at the next
    token, after any comment lines, which would put an insertion below a trailing comment)."""
    while isinstance(node, (yaml.SequenceNode, yaml.MappingNode)) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return int(node.end_mark.index)


@dataclass
class ClaimsEdit:
    """One edit of one claims file: read once, additions queued, written once."""

    path: Path
    display: str
    raw: bytes
    text: str
    data: dict[str, Any]
    root: yaml.MappingNode | None
    newline: str = "\n"
    bom: bool = False
    expected: dict[str, Any] = field(default_factory=dict)
    _insertions: list[_Insertion] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path, display: str | None = None) -> ClaimsEdit:
        """Read the file; refuse a file whose YAML has errors (``check`` says which)."""
        from claimtrack.loader import decode_claims, parse_claims_text, read_claims_bytes

        display = display or str(path)
        if path.is_dir():
            raise EditError(folder_refusal(path, display))
        raw = read_claims_bytes(path, display)
        problems: list[Any] = []
        decoded = decode_claims(raw, display, problems)
        if decoded is None:
            raise EditError(f"{display}: {problems[0].message}; nothing written")
        bom = decoded.startswith(_BOM) or raw.startswith(b"\xef\xbb\xbf")
        text = decoded[1:] if decoded.startswith(_BOM) else decoded
        data, syntax = parse_claims_text(text, display)
        errors = [p for p in syntax if p.severity == "error"]
        if errors:
            first = errors[0]
            raise EditError(
                f"{display}:{first.line}:{first.column}: {first.message} ({first.code}): "
                "fix the file first (claimtrack check); nothing written"
            )
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise EditError(f"{display}: the top level is not a mapping; nothing written")
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        if root is not None and not isinstance(root, yaml.MappingNode):
            raise EditError(f"{display}: the top level is not a mapping; nothing written")
        newline = "\r\n" if "\r\n" in text else "\n"
        return cls(path, display, raw, text, data, root, newline, bom, copy.deepcopy(data))

    # --- where things go ----------------------------------------------------------------

    def _top(self, name: str) -> tuple[yaml.Node, yaml.Node] | None:
        if self.root is None:
            return None
        for key, value in self.root.value:
            if isinstance(key, yaml.ScalarNode) and key.value == name:
                return key, value
        return None

    def _line_end(self, offset: int) -> int:
        """Offset of the start of the line after ``offset`` (the end of the text if none)."""
        if offset > 0 and self.text[offset - 1] == "\n":
            return offset
        found = self.text.find("\n", offset)
        return len(self.text) if found < 0 else found + 1

    def _append_lines(self, at: int, lines: list[str], replace_to: int | None = None) -> None:
        nl = self.newline
        body = nl.join(lines) + nl
        if at == len(self.text) and self.text and not self.text.endswith("\n"):
            body = nl + body
        self._insertions.append(_Insertion(at, at if replace_to is None else replace_to, body))

    def _after_colon(self, start: int) -> int:
        """Back over the spaces between a key's colon and its value (no trailing space left)."""
        while start > 0 and self.text[start - 1] == " ":
            start -= 1
        return start

    def _dash_column(self, item: yaml.Node) -> int:
        start = int(item.start_mark.index)
        line_start = self.text.rfind("\n", 0, start) + 1
        dash = self.text.rfind("-", line_start, start)
        return dash - line_start if dash >= 0 else int(item.start_mark.column)

    def _extend_sequence(self, name: str, value: yaml.Node, items: list[Any], key: yaml.Node,
                         what: str) -> None:
        if isinstance(value, yaml.SequenceNode) and value.value and not value.flow_style:
            column = self._dash_column(value.value[0])
            at = self._line_end(_last_leaf_end(value))
            self._append_lines(at, _indent(render_yaml(items), column))
            return
        empty = (isinstance(value, yaml.SequenceNode) and not value.value) or (
            isinstance(value, yaml.ScalarNode) and value.tag.endswith(":null")
        )
        if not empty:
            raise EditError(
                f"{self.display}:{value.start_mark.line + 1}: {what} is not a block list; "
                "write it as one (each item on its own '- ' line) to let claimtrack add to it; "
                "nothing written"
            )
        column = int(key.start_mark.column) + 2
        lines = _indent(render_yaml(items), column)
        start, end = int(value.start_mark.index), int(value.end_mark.index)
        if start != end:  # `claims: []` or `claims: ~`: the empty value gives way to the list
            self._insertions.append(_Insertion(self._after_colon(start), end, ""))
        self._append_lines(self._line_end(max(end, int(key.end_mark.index))), lines)

    def _extend_mapping(self, name: str, entries: dict[str, Any]) -> None:
        found = self._top(name)
        if found is None:
            self._append_lines(len(self.text), _indent(render_yaml({name: entries}), 0))
            return
        key, value = found
        if isinstance(value, yaml.MappingNode) and value.value and not value.flow_style:
            column = int(value.value[0][0].start_mark.column)
            at = self._line_end(_last_leaf_end(value))
            self._append_lines(at, _indent(render_yaml(entries), column))
            return
        empty = (isinstance(value, yaml.MappingNode) and not value.value) or (
            isinstance(value, yaml.ScalarNode) and value.tag.endswith(":null")
        )
        if not empty:
            raise EditError(
                f"{self.display}:{value.start_mark.line + 1}: '{name}' is not a block mapping; "
                "nothing written"
            )
        lines = _indent(render_yaml(entries), int(key.start_mark.column) + 2)
        start, end = int(value.start_mark.index), int(value.end_mark.index)
        if start != end:
            self._insertions.append(_Insertion(self._after_colon(start), end, ""))
        at = self._line_end(max(end, int(key.end_mark.index)))
        self._append_lines(at, lines)

    # --- additions ----------------------------------------------------------------------

    def add_claims(self, claims: list[dict[str, Any]]) -> None:
        """New claims at the end of ``claims:`` (created if missing)."""
        if not claims:
            return
        found = self._top("claims")
        if found is None:
            self._append_lines(len(self.text), _indent(render_yaml({"claims": claims}), 0))
        else:
            self._extend_sequence("claims", found[1], claims, found[0], "'claims'")
        current = self.expected.get("claims")
        self.expected["claims"] = [*(current or []), *copy.deepcopy(claims)]

    def add_subjects(self, subjects: dict[str, Any]) -> None:
        """New entries at the end of ``subjects:``; a key already there is an error."""
        self._add_entries("subjects", subjects)

    def add_articles(self, articles: dict[str, Any]) -> None:
        """New entries at the end of ``articles:``; a key already there is an error."""
        self._add_entries("articles", articles)

    def _add_entries(self, name: str, entries: dict[str, Any]) -> None:
        if not entries:
            return
        current = self.expected.get(name)
        current = dict(current) if isinstance(current, dict) else {}
        taken = sorted(set(entries) & set(current))
        if taken:
            raise EditError(f"{self.display}: '{name}' already has {taken[0]}; nothing written")
        self._extend_mapping(name, entries)
        current.update(copy.deepcopy(entries))
        self.expected[name] = current

    def add_sources(self, claim_id: str, sources: list[dict[str, Any]]) -> None:
        """Citations appended to the ``sources:`` of the claim with this id."""
        if not sources:
            return
        found = self._top("claims")
        claims = self.expected.get("claims")
        if found is None or not isinstance(found[1], yaml.SequenceNode) or not isinstance(
            claims, list
        ):
            raise EditError(f"{self.display}: no claim '{claim_id}'; nothing written")
        for index, node in enumerate(found[1].value):
            if not isinstance(node, yaml.MappingNode):
                continue
            pairs = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
            id_node = pairs.get("id")
            if not isinstance(id_node, yaml.ScalarNode) or id_node.value != claim_id:
                continue
            value = pairs.get("sources")
            if value is None:
                raise EditError(f"{self.display}: claim '{claim_id}' has no 'sources'")
            key = next(k for k, v in node.value if v is value)
            self._extend_sequence("sources", value, sources, key, f"the sources of '{claim_id}'")
            entry = claims[index]
            entry["sources"] = [*(entry.get("sources") or []), *copy.deepcopy(sources)]
            return
        raise EditError(f"{self.display}: no claim '{claim_id}'; nothing written")

    # --- the result ---------------------------------------------------------------------

    def new_text(self) -> str:
        text = self.text
        for ins in sorted(self._insertions, key=lambda i: (i.start, i.end), reverse=True):
            text = text[: ins.start] + ins.text + text[ins.end :]
        return text

    def new_bytes(self) -> bytes:
        return ((_BOM if self.bom else "") + self.new_text()).encode("utf-8")

    @property
    def changed(self) -> bool:
        return bool(self._insertions)

    def diff(self) -> str:
        """The edit as a unified diff (``--dry-run``)."""
        return unified_diff(self.text, self.new_text(), self.display)

    def verify(self) -> None:
        """Re-read the new text: it must parse to exactly the old data plus the additions, and
        must not hold more schema problems than the old one did (placeholders aside)."""
        from claimtrack.loader import parse_claims_text

        new = self.new_text()
        data, syntax = parse_claims_text(new, self.display)
        errors = [p for p in syntax if p.severity == "error"]
        if errors or (data or {}) != self.expected:
            detail = errors[0].message if errors else "the result does not read back as intended"
            raise EditError(f"{self.display}: the edit was not made: {detail} (a bug; please "
                            "report it with the file)")
        before = _schema_problems(self.text, self.display)
        after = _schema_problems(new, self.display)
        if after > before:
            raise EditError(
                f"{self.display}: the edit would add schema problems; nothing written "
                "(run with --dry-run to see it)"
            )

    def write(self) -> None:
        """Verify, then replace the file atomically unless it changed since it was read."""
        if not self.changed:
            return
        self.verify()
        write_if_unchanged(self.path, self.raw, self.new_bytes(), self.display)


def _schema_problems(text: str, display: str) -> int:
    from claimtrack.loader import Positions, parse_claims_text, validation_problems

    data, _syntax = parse_claims_text(text, display)
    if not isinstance(data, dict):
        return 0
    _model, problems = validation_problems(data, display, Positions(text))
    return sum(1 for p in problems if p.code != PLACEHOLDER_CODE)


def unified_diff(old: str, new: str, display: str) -> str:
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True),
        fromfile=f"a/{display}", tofile=f"b/{display}",
    )
    out = "".join(line if line.endswith("\n") else line + "\n" for line in lines)
    return out


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_if_unchanged(path: Path, original: bytes | None, new: bytes, display: str) -> None:
    """Write ``new`` to ``path`` atomically, keeping its mode; refuse if the file on disk is no
    longer ``original`` (None: the file must not exist yet). A symbolic link is followed: the
    file it points to is replaced, and the link stays a link."""
    from claimtrack.files import write_atomic

    if path.is_symlink():
        path = path.resolve()

    def unchanged() -> None:
        try:
            now: bytes | None = path.read_bytes()
        except FileNotFoundError:
            now = None
        if (now is None) != (original is None) or (
            now is not None and original is not None and _digest(now) != _digest(original)
        ):
            raise EditError(
                f"{display} changed on disk since claimtrack read it; nothing written "
                "(run the command again)"
            )

    write_atomic(path, new, display=display, before_replace=unchanged, error=EditError)
