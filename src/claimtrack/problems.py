"""One record for every finding, linter style, and the exit codes that follow from findings.

Every stage (YAML syntax, schema, the check rules, unreadable articles) reports through
:class:`Problem`, so one sorted stream can be rendered as text, JSON or CI annotations.
"""

from __future__ import annotations

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


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


class UsageError(Exception):
    """Input the tool cannot work with at all (exit 2): the message names the file or the option."""
