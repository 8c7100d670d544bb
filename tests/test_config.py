"""--data/--seeds before the command, and a project's claimtrack.toml or [tool.claimtrack]."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import REPO, invoke_in


@pytest.fixture
def moved(tmp_path: Path) -> Path:
    """The bundled project with its claims and articles where the defaults do not look."""
    shutil.copytree(REPO / "seeds", tmp_path / "articles")
    (tmp_path / "ledger").mkdir()
    shutil.copy(REPO / "data" / "claims.yaml", tmp_path / "ledger" / "claims.yaml")
    return tmp_path


CLEAN = "no problems: ledger/claims.yaml: 118 claims, 216 sources, 5 articles\n"


def test_options_before_the_command(moved: Path) -> None:
    result = invoke_in(moved, "--data", "ledger/claims.yaml", "--seeds", "articles", "check")
    assert (result.exit_code, result.stdout) == (0, CLEAN)
    shown = invoke_in(moved, "--data", "ledger/claims.yaml", "--seeds", "articles", "show",
                      "wedding-2011", "--format", "json")  # fmt: skip
    assert shown.exit_code == 0 and '"wedding-2011"' in shown.stdout


def test_without_settings_the_defaults_are_missing(moved: Path) -> None:
    result = invoke_in(moved, "check")
    assert result.exit_code == 2
    assert "data/claims.yaml: no such file" in result.stderr


@pytest.mark.parametrize("where", ["claimtrack.toml", "pyproject.toml"])
def test_project_settings_file(moved: Path, where: str) -> None:
    table = 'data = "ledger/claims.yaml"\nseeds = "articles"\n'
    if where == "pyproject.toml":
        table = '[project]\nname = "x"\n\n[tool.claimtrack]\n' + table
    (moved / where).write_text(table, encoding="utf-8")
    result = invoke_in(moved, "check")
    assert (result.exit_code, result.stdout) == (0, CLEAN)
    listed = invoke_in(moved, "list", "--slot", "wedding", "--format", "json")
    assert listed.exit_code == 0 and "wedding-2012" in listed.stdout


def test_the_command_line_wins_over_the_file(moved: Path) -> None:
    (moved / "claimtrack.toml").write_text('data = "nowhere.yaml"\nseeds = "articles"\n')
    assert "nowhere.yaml: no such file" in invoke_in(moved, "check").stderr
    before = invoke_in(moved, "--data", "ledger/claims.yaml", "check")
    after = invoke_in(moved, "check", "--data", "ledger/claims.yaml")
    assert before.stdout == after.stdout == CLEAN
    both = invoke_in(moved, "--data", "nowhere.yaml", "check", "--data", "ledger/claims.yaml")
    assert both.stdout == CLEAN


def test_a_pyproject_without_the_table_is_ignored(moved: Path) -> None:
    (moved / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert "data/claims.yaml: no such file" in invoke_in(moved, "check").stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('dta = "x"\n', "claimtrack.toml: unknown setting 'dta' (did you mean 'data'?)"),
        ("data = 3\n", "claimtrack.toml: 'data' must be a path in quotes"),
        ("data = \n", "claimtrack.toml: not valid TOML: "),
    ],
)
def test_bad_settings_are_a_clear_error(moved: Path, text: str, message: str) -> None:
    (moved / "claimtrack.toml").write_text(text, encoding="utf-8")
    result = invoke_in(moved, "check")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"claimtrack: error: {message}")
    assert "Traceback" not in result.stderr
