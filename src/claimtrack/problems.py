"""One record for every finding, linter style, and the exit codes that follow from findings.

Every stage (YAML syntax, schema, the check rules, unreadable articles) reports through
:class:`Problem`, so one sorted stream can be rendered as text, JSON or CI annotations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Literal

Severity = Literal["error", "warning"]


class ExitCode(IntEnum):
    """Process exit codes, documented in the README under "Errors and exit codes"."""

    OK = 0
    FINDINGS = 1  # check problems (or conflicts with --fail): a gate should fail
    USAGE = 2  # bad usage or unusable input (missing/unparseable claims file, unknown article ref)
    INTERNAL = 3  # a bug in claimtrack: one line, and a hint to report it


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """A finding at a place in a file; sorts by file, then position, then code."""

    path: str
    """The file the problem is in, as given on the command line (e.g. ``data/claims.yaml``)."""
    line: int
    """1-based line, 0 when the problem concerns the whole file."""
    column: int
    """1-based column, 0 when unknown."""
    code: str
    """Stable kebab-case rule code, e.g. ``quote-not-found``."""
    severity: Severity = field(compare=False)
    message: str = field(compare=False)
    hint: str | None = field(default=None, compare=False)
    """Optional extra help, e.g. the closest passage to a quote that was not found."""

    def location(self) -> str:
        """``path:line:col`` with the parts that are known."""
        if self.line and self.column:
            return f"{self.path}:{self.line}:{self.column}"
        if self.line:
            return f"{self.path}:{self.line}"
        return self.path

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


_SEVERITIES = frozenset(("error", "warning"))


def problems_from_json(items: object) -> list[Problem]:
    """Problems read back from :meth:`Problem.to_json` output (a cache entry, so not trusted):
    ValueError unless every item has exactly the fields, of their types and ranges."""
    if type(items) is not list:
        raise ValueError("not a list of problems")
    found = []
    for item in items:
        if type(item) is not dict or len(item) != 7:
            raise ValueError("not a problem")
        path, line, column, code = item["path"], item["line"], item["column"], item["code"]
        severity, message, hint = item["severity"], item["message"], item["hint"]
        if not (
            type(path) is str and type(code) is str and type(message) is str
            and type(line) is int and type(column) is int and line >= 0 and column >= 0
            and severity in _SEVERITIES and (hint is None or type(hint) is str)
        ):  # fmt: skip
            raise ValueError("not a problem")
        found.append(Problem(path, line, column, code, severity, message, hint))
    return found


def problems_document(problems: Sequence[Problem], summary: dict[str, object]) -> dict[str, object]:
    """``check --format json``: ``summary`` (what was checked), the counts, then every problem."""
    errors = sum(1 for p in problems if p.severity == "error")
    return {
        **summary,
        "errors": errors,
        "warnings": len(problems) - errors,
        "problems": [p.to_json() for p in problems],
    }


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


class UsageError(Exception):
    """Input the tool cannot work with at all (exit 2): the message names the file or the option."""
