"""The registry of ``check``'s rules and what every rule sees.

A module of rules registers each with :func:`rule`; :mod:`claimtrack.checks` holds the general
rules and imports :mod:`claimtrack.slot_checks` for the registry's, both importing this module, so
neither imports the other back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from claimtrack.ledger import Ledger
from claimtrack.ledger_files import Loaded
from claimtrack.loader import PathKey
from claimtrack.problems import Problem, Severity


class CheckContext(NamedTuple):
    """What every rule sees: the loaded file or files (for positions) and the ledger."""

    load: Loaded
    ledger: Ledger

    def problem(
        self, path: PathKey, code: str, message: str, *, severity: Severity = "error",
        hint: str | None = None, key: bool = False,
    ) -> Problem:
        display, line, column = self.where(path, key=key)
        if len(path) > 1 and path[0] == "claims" and isinstance(path[1], int):
            # Named like the schema's problems: the line is not all a curator reads.
            named = f"claim '{self.ledger.claims[path[1]].id}'"
            if not message.startswith(named):
                message = f"{named}: {message}"
        return Problem(display, line, column, code, severity, message, hint)

    def where(self, path: PathKey, *, key: bool = False) -> tuple[str, int, int]:
        """The file (of a folder's, the one that holds it), line and column of a path into the
        ledger's records."""
        file, in_file = self.load.locate(path)
        positions = file.positions
        line, column = positions.key(in_file) if key else positions.value(in_file)
        return file.display, line, column

    def position(self, path: PathKey, *, key: bool = False) -> tuple[int, int]:
        """Line and column in its file of a path into the ledger's records."""
        _, line, column = self.where(path, key=key)
        return line, column

    def line_of(self, path: PathKey, seen_from: PathKey) -> str:
        """``line N`` of ``path``, naming its file when ``seen_from`` is in another one."""
        display, line, _ = self.where(path)
        same = self.load.locate(seen_from)[0].display == display
        return f"line {line}" if same else f"line {line} of {display}"

    def prefetch(self, paths: list[PathKey]) -> None:
        """Locate these paths in one walk of each file (a few problems in a huge file)."""
        self.load.prefetch(paths)


RuleFunction = Callable[[CheckContext], Iterator[Problem]]


class Rule(NamedTuple):
    code: str
    severity: Severity
    summary: str
    function: RuleFunction


RULES: list[Rule] = []


def rule(code: str, severity: Severity, summary: str) -> Callable[[RuleFunction], RuleFunction]:
    def register(function: RuleFunction) -> RuleFunction:
        RULES.append(Rule(code, severity, summary, function))
        return function

    return register


def _suggest(value: str, known: Iterable[object]) -> str:
    import difflib  # only when something is wrong: a clean check need not load it

    choices = [str(k) for k in known]
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
