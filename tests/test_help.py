"""Every command's --help ends with examples, and every example really works on the bundled
project (run here through the real CLI), so the help never shows a gone option."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest

from claimtrack.cli.base import COMMANDS
from claimtrack.cli.examples import EXAMPLES
from conftest import REPO, copy_repository_project, invoke, invoke_in

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "curation" / "incoming"
EXAMPLE_FILES = {
    # What an example names, made from the fictional curation story's incoming articles.
    "saved-page.html": FIXTURES / "marlowe-split.html",
    "notes.txt": FIXTURES / "vance-filing.txt",
    # A rewrite of the bundled 003 (its own words), so that match has claims to find.
    "new-story.txt": REPO / "seeds" / "003_eed9f197d463ef0c.txt",
    "seeds/new-story.txt": REPO / "seeds" / "003_eed9f197d463ef0c.txt",
}

ALL = [(name, line) for name, examples in sorted(EXAMPLES.items()) for line, _what in examples]


def test_every_command_has_examples() -> None:
    assert sorted(EXAMPLES) == sorted(COMMANDS)
    for name, examples in EXAMPLES.items():
        assert examples, name
        for line, what in examples:
            assert shlex.split(line)[:2] == ["claimtrack", name], line
            assert what and not what.endswith("."), line


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_shows_the_examples(name: str) -> None:
    result = invoke(name, "--help")
    assert result.exit_code == 0
    help_text = result.stdout
    assert "Examples:" in help_text
    for line, what in EXAMPLES[name]:
        assert f"    {line}\n        {what}\n" in help_text


@pytest.mark.parametrize(("name", "line"), ALL, ids=[line for _name, line in ALL])
def test_every_example_works(tmp_path: Path, name: str, line: str) -> None:
    root = copy_repository_project(tmp_path / "project")
    for name, source in EXAMPLE_FILES.items():
        if name in shlex.split(line):
            shutil.copy(source, root / name)
    result = invoke_in(root, *shlex.split(line)[1:], env={"NO_COLOR": "1"})
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    if "--format github" not in line:  # a clean project gets no annotation at all
        assert result.stdout or list(root.glob("*.*")), line  # it printed or wrote something


def test_one_option_one_spelling_everywhere() -> None:
    """An option means the same on every command: the same short flag and the same metavar
    (``--subject NAME`` everywhere, never ``--subject TEXT``); ``-f`` is always ``--format``."""
    import click

    from claimtrack.cli.base import cli

    spellings: dict[str, set[tuple[object, ...]]] = {}
    for command in cli.commands.values():
        for param in command.params:
            if isinstance(param, click.Option):
                long = next(o for o in param.opts if o.startswith("--"))
                short = tuple(o for o in param.opts if not o.startswith("--"))
                spellings.setdefault(long, set()).add((short, param.metavar))
    differing = {name: found for name, found in spellings.items() if len(found) > 1}
    assert differing == {}
    assert {short for short, _ in spellings["--format"]} == {("-f",)}
