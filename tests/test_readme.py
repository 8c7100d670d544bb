"""The README is true: its command outputs are current, its set-up commands are what CI runs,
and it documents every command and option that `--help` shows (and no others).
"""

from __future__ import annotations

import re
import subprocess
import sys

import click

from claimtrack.cli import cli
from conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_outputs_are_current() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "readme.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr


def test_readme_opens_with_the_two_setup_commands_ci_runs() -> None:
    commands = re.findall(r"<!-- setup:(\w+) -->\n```sh\n(.*?)\n```", README)
    assert [name for name, _ in commands] == ["run", "test"]
    first_fence = README.index("```")
    assert README.index("<!-- setup:run -->") < first_fence
    run, test = (command for _, command in commands)
    assert "pip install" in run and "claimtrack check" in run
    assert "'.[test]'" in test and "pytest" in test
    ci = (REPO / ".ci" / "run").read_text()
    assert "readme_command run" in ci and "readme_command test" in ci


def test_every_command_is_documented_and_has_help() -> None:
    for name, command in cli.commands.items():
        assert f"claimtrack {name}" in README, f"README has no section for {name}"
        assert command.help and command.help.strip(), f"{name} has no help text"


def all_options() -> set[str]:
    options = {"--help", "--version"}
    for command in [cli, *cli.commands.values()]:
        for param in command.params:
            if isinstance(param, click.Option):
                options.update(o for o in param.opts if o.startswith("--"))
    return options


def test_options_in_readme_exist() -> None:
    prose = re.sub(r"```.*?```", "", README, flags=re.S)
    # A link's target is a heading's anchor (`#claimtrack-check--the-ci-gate`), not an option.
    prose = re.sub(r"\]\(#[^)]*\)", "]", prose)
    mentioned = set(re.findall(r"`[^`]*?(--[a-z][a-z-]+)", prose))
    # Options of the benchmark script (bench/run.py), not of the CLI.
    unknown = mentioned - all_options() - {"--fix", "--quick", "--sizes", "--runs"}
    assert not unknown, f"README mentions options no command has: {sorted(unknown)}"


def test_every_option_is_in_the_readme_or_help() -> None:
    for command in cli.commands.values():
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"{command.name} {param.opts} has no help"


def _headings() -> list[tuple[int, str]]:
    """The README's headings outside fenced blocks (command outputs hold `###` lines of their own)."""
    prose = re.sub(r"^```.*?^```", "", README, flags=re.S | re.M)
    return [(len(m[1]), m[2]) for m in re.finditer(r"^(#{1,6}) (.+)$", prose, flags=re.M)]


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_every_link_within_the_readme_reaches_a_heading() -> None:
    anchors = {_anchor(text) for _, text in _headings()}
    prose = re.sub(r"^```.*?^```", "", README, flags=re.S | re.M)
    links = re.findall(r"\]\(#([^)]+)\)", prose)
    assert links
    broken = sorted(set(links) - anchors)
    assert not broken, f"README links to headings it does not have: {broken}"


def test_contents_near_the_top_lists_every_section() -> None:
    assert README.index("## Contents") < README.index("## What it is for")
    contents = README.split("## Contents", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"\]\(#([^)]+)\)", contents))
    sections = {_anchor(text) for level, text in _headings() if level == 2 and text != "Contents"}
    assert sections <= listed, f"sections missing from Contents: {sorted(sections - listed)}"


def test_the_first_command_keeps_the_check_line_on_an_80_by_50_screen() -> None:
    """The set-up command's own claimtrack runs, at 80 columns: all of their output fits on one
    screen of 50 lines, so the line `check` prints is still visible when it finishes."""
    import shlex

    from conftest import invoke

    run = re.search(r"<!-- setup:run -->\n```sh\n(.*?)\n```", README, re.S)
    assert run is not None
    steps = [shlex.split(step) for step in run[1].split("&&")]
    runs = [words[1:] for words in steps if words[0].endswith("/claimtrack")]
    assert runs and runs[0][0] == "check", steps
    lines = 0
    for args in runs:
        result = invoke(*args, env={"COLUMNS": "80", "NO_COLOR": "1", "CLAIMTRACK_NO_CACHE": "1"})
        assert result.exit_code == 0, result.output
        lines += len(result.output.splitlines())
    assert lines <= 50, f"the first command prints {lines} lines: the check line scrolls away"
