"""Problem streams as text (linter style), JSON, or GitHub workflow annotations."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from claimtrack.problems import Problem
from claimtrack.text import one_line

PROBLEM_FORMATS = ("auto", "text", "json", "github")


def _counts(problems: Sequence[Problem]) -> tuple[int, int]:
    errors = sum(1 for p in problems if p.severity == "error")
    return errors, len(problems) - errors


def problems_text(problems: Sequence[Problem], summary: str | None, colour: bool = False) -> str:
    """``path:line:col: severity: message (code)``, a hint indented below, then a summary line
    (none when ``summary`` is None: ``check --quiet``)."""
    lines = []
    for p in problems:
        severity: str = p.severity
        if colour:
            severity = ("\x1b[1;31m" if severity == "error" else "\x1b[1;33m") + severity + "\x1b[0m"
        lines.append(f"{one_line(p.location())}: {severity}: {one_line(p.message)} ({p.code})")
        if p.hint:
            lines.append(f"    {one_line(p.hint)}")
    errors, warnings = _counts(problems)
    if summary is None:
        return "".join(line + "\n" for line in lines)
    if problems:
        lines.append(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}: {summary}")
    else:
        lines.append(f"no problems: {summary}")
    return "\n".join(lines) + "\n"


def problems_json(problems: Sequence[Problem], summary: dict[str, object]) -> str:
    errors, warnings = _counts(problems)
    document = {
        **summary,
        "errors": errors,
        "warnings": warnings,
        "problems": [p.to_json() for p in problems],
    }
    # json escapes C0 controls but not DEL, C1 controls (U+009B starts an escape sequence on some
    # terminals) or bidi overrides: escape those too, so the document is safe to print.
    return _UNSAFE_IN_JSON.sub(_json_escape, json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def problems_github(problems: Sequence[Problem]) -> str:
    """GitHub Actions workflow commands: one ``::error``/``::warning`` annotation per problem."""
    lines = []
    for p in problems:
        props = [f"file={_escape_property(one_line(p.path))}"]
        if p.line:
            props.append(f"line={p.line}")
        if p.column:
            props.append(f"col={p.column}")
        props.append(f"title={_escape_property(p.code)}")
        # Each part on one line and neutralised: GitHub's log viewer renders escape sequences.
        message = one_line(p.message) + (f"\n{one_line(p.hint)}" if p.hint else "")
        lines.append(f"::{p.severity} {','.join(props)}::{_escape_data(message)}")
    return "\n".join(lines) + ("\n" if lines else "")
