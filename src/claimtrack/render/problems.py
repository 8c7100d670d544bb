"""Problem streams as text (linter style), JSON, or GitHub workflow annotations."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import NamedTuple

from claimtrack.problems import Problem, problems_document
from claimtrack.safe import github_data, github_property, json_text, one_line

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
    document = problems_document(problems, summary)
    return json_text(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def problems_github(problems: Sequence[Problem]) -> str:
    """GitHub Actions workflow commands: one ``::error``/``::warning`` annotation per problem."""
    lines = []
    for p in problems:
        props = [f"file={github_property(one_line(p.path))}"]
        if p.line:
            props.append(f"line={p.line}")
        if p.column:
            props.append(f"col={p.column}")
        props.append(f"title={github_property(p.code)}")
        # Each part on one line and neutralised: GitHub's log viewer renders escape sequences.
        message = one_line(p.message) + (f"\n{one_line(p.hint)}" if p.hint else "")
        lines.append(f"::{p.severity} {','.join(props)}::{github_data(message)}")
    return "\n".join(lines) + ("\n" if lines else "")


class Findings(NamedTuple):
    """What ``check`` shows, for any of its formats."""

    problems: Sequence[Problem]
    counts: dict[str, object]
    """What was checked (``check --format json`` opens with it)."""
    summary: str | None
    """The summary line; None with ``--quiet``."""
    colour: bool


def _as_text(found: Findings) -> tuple[str, str | None]:
    return problems_text(found.problems, found.summary, colour=found.colour), None


def _as_json(found: Findings) -> tuple[str, str | None]:
    return problems_json(found.problems, found.counts), None


def _as_github(found: Findings) -> tuple[str, str | None]:
    return problems_github(found.problems), found.summary  # the summary is no annotation


PROBLEM_RENDERERS: dict[str, Callable[[Findings], tuple[str, str | None]]] = {
    "text": _as_text,
    "json": _as_json,
    "github": _as_github,
}
"""Each ``check --format`` (but ``auto``, which picks one) → standard output and a line for stderr."""
