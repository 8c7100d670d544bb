"""Shell-completion candidates: claim ids, article references and subject names.

Click's own mechanism drives completion (``eval "$(_CLAIMTRACK_COMPLETE=bash_source claimtrack)"``);
this module supplies the values for the arguments click cannot know about. Completion runs on every
Tab press, so the rules are: be fast, print nothing, never raise — any problem gives no candidates.

Speed: the project is not loaded (a 100,000-claim file takes seconds to parse and validate). Claim
ids and statements come from one regular-expression pass over the file's bytes; subjects from
parsing just the top-level ``subjects:`` block; articles from listing the seeds folder. So a file
written in an unusual YAML style (claims in flow style, say) may complete less, never wrongly:
``claimtrack check`` remains the judge of the file.

The ``complete_*`` functions have the signature click's ``shell_complete=`` expects. They read the
command's ``--data`` and ``--seeds`` when given before the word being completed, else the defaults
``data/claims.yaml`` and ``seeds/`` in the current folder.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimtrack.text import fold, one_line

if TYPE_CHECKING:
    from click import Context, Parameter
    from click.shell_completion import CompletionItem

__all__ = [
    "article_candidates",
    "claim_candidates",
    "complete_article",
    "complete_claim_id",
    "complete_slot",
    "complete_subject",
    "slot_candidates",
    "subject_candidates",
]

DEFAULT_DATA = "data/claims.yaml"
DEFAULT_SEEDS = "seeds"

MAX_BYTES = 512 * 1024 * 1024
"""Like the loader: a larger claims file is not read at all."""
_HELP_WIDTH = 60
_HEADLINE_BYTES = 400
_MAX_HELP = 50
"""Help (a claim's statement, an article's first line) is looked up only when this few match."""

Candidate = tuple[str, str]
"""``(value, help)``; help is shown by zsh and fish, ignored by bash."""

_STATEMENT = re.compile(rb"^([ \t]*(?:-[ \t]+)?)statement[ \t]*:[ \t]*(.*?)[ \t]*\r?$", re.M)
_TOP_KEY = re.compile(rb"^(?![ \t#\r\n-])\S", re.M)
_SUBJECTS = re.compile(rb"^subjects[ \t]*:", re.M)
_SHELL_SAFE = re.compile(r"[\w.,:@%+=-]+\Z")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


# --- reading the project cheaply --------------------------------------------------------------


def _read(path: Path) -> bytes:
    if not path.is_file() or path.stat().st_size > MAX_BYTES:
        return b""
    return path.read_bytes()


def _scalar(raw: bytes) -> str | None:
    """A one-line YAML scalar as written after ``key:``; None for block scalars and the like."""
    text = raw.decode("utf-8", "replace").strip()
    if not text or text[0] in "|>&*!{[":
        return None
    if text[0] == '"':
        try:
            value = json.loads(text[: text.rindex('"') + 1])  # YAML double quotes ⊇ JSON strings
        except ValueError:
            return None
        return value if isinstance(value, str) else None
    if text[0] == "'":
        end = text.rfind("'")
        return text[1:end].replace("''", "'") if end > 0 else None
    return text.split(" #", 1)[0].strip() or None


def _keyed(raw: bytes, key: bytes, prefix: str = "") -> list[tuple[int, int, bytes]]:
    """``(line start, key column, value)`` of every block-style ``key: value`` line whose value
    starts with ``prefix`` (after an opening quote).

    One regular expression that starts with the literal ``key:`` finds the candidates, then each
    line is checked: far faster than a multi-line pattern anchored at every line of a 50 MB file.
    (``key :``, with a space before the colon, is not recognised.)
    """
    pattern = re.compile(re.escape(key + b":") + rb"[ \t]*[\"']?" + re.escape(prefix.encode()))
    found: list[tuple[int, int, bytes]] = []
    for match in pattern.finditer(raw):
        at = match.start()
        start = raw.rfind(b"\n", 0, at) + 1
        lead = raw[start:at].strip(b" \t")
        if lead and lead != b"-":
            continue
        end = raw.find(b"\n", at)
        value = raw[at + len(key) + 1 : len(raw) if end == -1 else end]
        found.append((start, at - start, value.strip(b" \t\r")))
    return found


def _line_lead(raw: bytes, start: int) -> tuple[int, bool, bool]:
    """``(key column, opens a list item, blank or comment)`` of the line starting at ``start``."""
    end = raw.find(b"\n", start)
    line = raw[start : len(raw) if end == -1 else end]
    body = line.lstrip(b" \t")
    if not body.strip() or body.startswith(b"#"):
        return 0, False, True
    dash = False
    while body[:1] == b"-" and body[1:2] in (b" ", b"\t"):
        body = body[1:].lstrip(b" \t")
        dash = True
    return len(line) - len(body), dash, False


_MAX_ITEM_LINES = 5000
"""How far to look for the rest of a claim's list item (a claim is some tens of lines)."""


def _statement(raw: bytes, line: int, column: int) -> str:
    """The ``statement:`` of the list item whose ``id:`` is at ``line``, ``column`` (or "")."""
    begin = line
    if not _line_lead(raw, line)[1]:
        at = line
        for _ in range(_MAX_ITEM_LINES):
            if at <= 0:
                break
            at = raw.rfind(b"\n", 0, at - 1) + 1
            col, dash, blank = _line_lead(raw, at)
            if blank or col > column:
                continue
            if col < column:
                break
            begin = at
            if dash:
                break
    end = len(raw)
    at = raw.find(b"\n", line)
    for _ in range(_MAX_ITEM_LINES):
        if at == -1:
            break
        col, dash, blank = _line_lead(raw, at + 1)
        if not blank and (col < column or (col == column and dash)):
            end = at + 1
            break
        at = raw.find(b"\n", at + 1)
    for match in _STATEMENT.finditer(raw, begin, end):
        if len(match.group(1)) == column:
            return _scalar(match.group(2)) or ""
    return ""


def _claims(data: Path, prefix: str, with_help: int) -> list[Candidate]:
    """``(id, statement)`` of the claims whose id starts with ``prefix`` (any case), in file order;
    statements only when at most ``with_help`` match."""
    raw = _read(data)
    ids: list[tuple[str, int, int]] = []
    seen: set[str] = set()
    for line, column, value in _keyed(raw, b"id", prefix):
        claim_id = _scalar(value)
        if claim_id and claim_id not in seen and claim_id.casefold().startswith(prefix):
            seen.add(claim_id)
            ids.append((claim_id, line, column))
    if len(ids) > with_help:
        return [(claim_id, "") for claim_id, _, _ in ids]
    return [(claim_id, _short(_statement(raw, line, column))) for claim_id, line, column in ids]


def _subjects(data: Path) -> dict[Any, Any]:
    """The ``subjects:`` mapping, parsed on its own (every scalar a string: nothing is coerced)."""
    import yaml

    raw = _read(data)
    start = _SUBJECTS.search(raw)
    if start is None:
        return {}
    end = _TOP_KEY.search(raw, start.end())
    block = raw[start.start() : end.start() if end else len(raw)]
    loader: Any = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
    parsed = yaml.load(block, Loader=loader)  # BaseLoader builds only str, list and dict
    subjects = parsed.get("subjects") if isinstance(parsed, dict) else None
    return subjects if isinstance(subjects, dict) else {}


def _fold(text: str) -> str:
    """Case-, accent-, quote- and dash-insensitive form, as ``--subject`` matches."""
    decomposed = unicodedata.normalize("NFKD", fold(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _short(text: str) -> str:
    line = one_line(text)
    return line if len(line) <= _HELP_WIDTH else line[: _HELP_WIDTH - 1] + "…"


# --- candidates (plain functions, no click) ----------------------------------------------------


def claim_candidates(data: Path, incomplete: str) -> list[Candidate]:
    """Claim ids starting with ``incomplete`` (any case), in file order; with their statements
    as help when few match."""
    try:
        return _claims(data, incomplete.strip().casefold(), _MAX_HELP)
    except Exception:
        return []


def slot_candidates(data: Path, incomplete: str) -> list[Candidate]:
    """Slots used in the claims file that start with ``incomplete`` (any case), sorted."""
    try:
        prefix = incomplete.strip().casefold()
        slots = {_scalar(value) for _, _, value in _keyed(_read(data), b"slot")}
        return [(s, "") for s in sorted(filter(None, slots)) if s.casefold().startswith(prefix)]
    except Exception:
        return []


def _headline(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(_HEADLINE_BYTES)
    lines = [line.strip() for line in head.decode("utf-8", "replace").splitlines()]
    first = next((line for line in lines if line.strip("\ufeff")), "")
    return _short(first.strip("\ufeff"))


def article_candidates(seeds: Path, incomplete: str) -> list[Candidate]:
    """Article file names in ``seeds`` that start with ``incomplete`` — case-sensitively, or else
    case-insensitively, as article references are resolved — sorted. Help is the file's first
    line when few match.
    """
    try:
        with os.scandir(seeds) as entries:
            ids = sorted(e.name for e in entries if e.name.endswith(".txt") and e.is_file())
        matches = [i for i in ids if i.startswith(incomplete)]
        if not matches:
            folded = incomplete.casefold()
            matches = [i for i in ids if i.casefold().startswith(folded)]
        if len(matches) > _MAX_HELP:
            return [(i, "") for i in matches]
        return [(i, _headline(seeds / i)) for i in matches]
    except Exception:
        return []


def subject_candidates(data: Path, incomplete: str) -> list[Candidate]:
    """What to type for ``--subject``: subjects whose key, name, an alias, or a word of one of
    them starts with ``incomplete`` (ignoring case and accents), sorted by key.

    The value offered is the key when it matches (or nothing is typed yet), else the alias or name
    word that matches, as spelled in the registry: ``Port`` completes to ``Portman``. Names with
    spaces are never offered (the shell would split them); help is the display name (the names,
    when several subjects share the word).
    """
    try:
        prefix = _fold(incomplete.strip())
        result: dict[str, list[str]] = {}
        for key, entry in sorted(_subjects(data).items(), key=lambda item: str(item[0])):
            if not isinstance(key, str):
                continue
            entry = entry if isinstance(entry, dict) else {}
            name = entry.get("name")
            display = name if isinstance(name, str) else key
            aliases = entry.get("aliases")
            names = (
                [display, *(a for a in aliases if isinstance(a, str))]
                if isinstance(aliases, list)
                else [display]
            )
            words = [*names[1:], display, *(w for n in names for w in _WORD.findall(n))]
            if _fold(key).startswith(prefix):
                value = key
            else:
                matching = [w for w in words if _fold(w).startswith(prefix)]
                # What the shell would split or misquote is not offered; the key stands in.
                safe = [w for w in matching if _SHELL_SAFE.match(w)]
                value = safe[0] if safe else key if matching else ""
            if value:
                result.setdefault(value, []).append(display)
        # A word several subjects share (``Millepied``) names them all, as ``--subject`` does.
        return [(value, _short(", ".join(names))) for value, names in result.items()]
    except Exception:
        return []


# --- click adapters -------------------------------------------------------------------------


def _path(ctx: Context, name: str, default: str) -> Path:
    value = None
    context: Context | None = ctx
    while context is not None and value is None:
        value = context.params.get(name)
        context = context.parent
    return Path(value if isinstance(value, str) and value else default)


def _items(candidates: list[Candidate]) -> list[CompletionItem]:
    from click.shell_completion import CompletionItem

    from claimtrack.safe import one_line, printable

    # The shell reads one candidate a line and zsh/fish print the help: a value that a newline
    # or a control character would split or disguise is not offered, and help is one safe line.
    return [
        CompletionItem(value, help=one_line(help) if help else None)
        for value, help in candidates
        if "\n" not in value and printable(value) == value
    ]


def complete_claim_id(ctx: Context, param: Parameter, incomplete: str) -> list[CompletionItem]:
    """``shell_complete=`` for a claim id (``show ID``)."""
    try:
        return _items(claim_candidates(_path(ctx, "data", DEFAULT_DATA), incomplete))
    except Exception:
        return []


def complete_article(ctx: Context, param: Parameter, incomplete: str) -> list[CompletionItem]:
    """``shell_complete=`` for an article reference (``diff A B``, ``--article``, ``draft``).

    A word with a path separator (``../new/x``, ``seeds/00``) is handed to the shell's own file
    completion, since a reference may be a path.
    """
    try:
        if "/" in incomplete or os.sep in incomplete:
            from click.shell_completion import CompletionItem

            return [CompletionItem(incomplete, type="file")]
        return _items(article_candidates(_path(ctx, "seeds", DEFAULT_SEEDS), incomplete))
    except Exception:
        return []


def complete_subject(ctx: Context, param: Parameter, incomplete: str) -> list[CompletionItem]:
    """``shell_complete=`` for ``--subject``."""
    try:
        return _items(subject_candidates(_path(ctx, "data", DEFAULT_DATA), incomplete))
    except Exception:
        return []


def complete_slot(ctx: Context, param: Parameter, incomplete: str) -> list[CompletionItem]:
    """``shell_complete=`` for ``--slot``."""
    try:
        return _items(slot_candidates(_path(ctx, "data", DEFAULT_DATA), incomplete))
    except Exception:
        return []
