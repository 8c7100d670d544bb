"""Problem streams as text (linter style), JSON, or GitHub workflow annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence

from claimtrack.problems import Problem
from claimtrack.text import one_line

PROBLEM_FORMATS = ("auto", "text", "json", "github")


def _counts(problems: Sequence[Problem]) -> tuple[int, int]:
    errors = sum(1 for p in problems if p.severity == "error")
    return errors, len(problems) - errors


def problems_text(problems: Sequence[Problem], summary: str, colour: bool = False) -> str:
    """``path:line:col: severity: message (code)``, a hint indented below, then a summary line."""
    lines = []
    for p in problems:
        severity: str = p.severity
        if colour:
            severity = ("\x1b[1;31m" if severity == "error" else "\x1b[1;33m") + severity + "\x1b[0m"
        lines.append(f"{one_line(p.location())}: {severity}: {one_line(p.message)} ({p.code})")
        if p.hint:
            lines.append(f"    {one_line(p.hint)}")
    errors, warnings = _counts(problems)
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
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def problems_github(problems: Sequence[Problem]) -> str:
    """GitHub Actions workflow commands: one ``::error``/``::warning`` annotation per problem."""
    lines = []
    for p in problems:
        props = [f"file={_escape_property(p.path)}"]
        if p.line:
            props.append(f"line={p.line}")
        if p.column:
            props.append(f"col={p.column}")
        props.append(f"title={_escape_property(p.code)}")
        message = p.message + (f"\n{p.hint}" if p.hint else "")
        lines.append(f"::{p.severity} {','.join(props)}::{_escape_data(one_line(message) if not p.hint else message)}")
    return "\n".join(lines) + ("\n" if lines else "")
