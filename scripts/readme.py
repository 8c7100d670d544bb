"""Keep README.md true: regenerate the output of every command it shows, and its generated tables.

In README.md,
- a ``<!-- run: ARGS -->`` line followed by a fenced block: the block is the output of
  ``claimtrack ARGS`` run on the bundled data (no colour, 100 columns);
- ``<!-- generated: NAME -->`` ... ``<!-- end: NAME -->``: a table built from the code (the check
  rules, the date grammar, the exit codes).

``python scripts/readme.py`` rewrites README.md; ``--check`` exits 1 and shows a diff if it is stale
(tests/test_readme.py runs that).
"""

from __future__ import annotations

import difflib
import os
import re
import shlex
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"

_RUN = re.compile(r"(<!-- run: (?P<args>.*?) -->\n```[a-z]*\n)(?P<body>.*?)(```)", re.S)
_GENERATED = re.compile(
    r"(<!-- generated: (?P<name>[a-z-]+) -->\n)(?P<body>.*?)(<!-- end: (?P=name) -->)", re.S
)


def run_command(args: str) -> str:
    from click.testing import CliRunner

    from claimtrack.cli import cli

    old = os.getcwd()
    os.chdir(REPO)
    try:
        env = {"COLUMNS": "100", "NO_COLOR": "1", "CLAIMTRACK_NO_CACHE": "1"}
        result = CliRunner().invoke(cli, shlex.split(args), env=env, catch_exceptions=False)
    finally:
        os.chdir(old)
    text = result.stdout + (result.stderr if result.stderr else "")
    lines = [line.rstrip() for line in text.splitlines()]
    if result.exit_code:
        lines.append(f"(exit {result.exit_code})")
    return "\n".join(lines) + "\n"


def _table(header: list[str], rows: list[list[str]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(out) + "\n"


def generated(name: str) -> str:
    if name == "rules":
        from claimtrack.checks import LOADER_CODES, LOADER_WARNINGS, RULES

        rows = [
            [f"`{code}`", "warning" if code in LOADER_WARNINGS else "error", text]
            for code, text in LOADER_CODES
        ]
        rows += [[f"`{r.code}`", r.severity, r.summary] for r in RULES]
        return _table(["code", "severity", "what it finds"], rows)
    if name == "grammar":
        from claimtrack.dates import describe_grammar

        return _table(
            ["form", "example"], [[form, f"`{example}`"] for form, example in describe_grammar()]
        )
    if name == "exit-codes":
        from claimtrack.problems import ExitCode

        meaning = {
            "OK": "all well (warnings allowed, unless `check --strict`); the query commands also "
            "when some claims were left out for schema problems (they say so on stderr and work "
            "on the rest)",
            "FINDINGS": "findings a gate should fail on: `check` errors (and warnings with "
            "`--strict`), `conflicts --fail` with conflicts",
            "USAGE": "bad usage or unusable input: unknown option or `check --select/--ignore` "
            "code, missing or unreadable claims file or seeds folder, a claims file that does not "
            "load at all (not YAML, an unknown top-level key; for commands other than `check`), "
            "an unknown or ambiguous article reference or claim id (or `show` of a claim left out)",
            "INTERNAL": "an internal error (a bug): one line on stderr, with a hint to report it",
        }
        return _table(["exit", "meaning"], [[str(int(c)), meaning[c.name]] for c in ExitCode])
    raise KeyError(name)


def render(text: str) -> str:
    text = _RUN.sub(lambda m: m.group(1) + run_command(m.group("args")) + m.group(4), text)
    return _GENERATED.sub(lambda m: m.group(1) + generated(m.group("name")) + m.group(4), text)


def main() -> int:
    current = README.read_text(encoding="utf-8")
    fresh = render(current)
    if "--check" in sys.argv[1:]:
        if fresh != current:
            sys.stdout.writelines(
                difflib.unified_diff(
                    current.splitlines(True), fresh.splitlines(True), "README.md", "regenerated"
                )
            )
            print("README.md is stale: run python scripts/readme.py", file=sys.stderr)
            return 1
        return 0
    if fresh != current:
        README.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
