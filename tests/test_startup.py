"""Start-up cost: the command line imports only what the command in hand needs.

``--help``, ``--version`` and each command's ``--help`` import none of the heavy libraries; the
group lists its commands from summaries without importing them (and the summaries say what the
commands' own help says); a command imports only its own module; the date grammar is compiled
only as far as a phrase needs it. Each import check runs the real entry point in a fresh
interpreter and looks at ``sys.modules`` afterwards.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from claimtrack.cli import cli
from claimtrack.cli.base import COMMANDS, LazyCommands, LazyGroup, import_command
from conftest import REPO, Project

HEAVY = ("pydantic", "rich", "yaml", "dateutil", "jinja2")
"""Libraries that ``--help`` and ``--version`` must not import."""

_RUN = textwrap.dedent(
    """\
    import runpy, sys

    out, sys.argv = sys.argv[1], ["claimtrack", *sys.argv[2:]]
    try:
        runpy.run_module("claimtrack", run_name="__main__", alter_sys=True)
    except SystemExit:
        pass
    finally:
        import json  # only now: the command itself may or may not import it

        with open(out, "w", encoding="utf-8") as handle:
            json.dump(sorted(sys.modules), handle)
    """
)


def run_and_list_modules(
    tmp_path: Path, *args: str, env: dict[str, str] | None = None
) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run ``claimtrack ARGS`` in a fresh interpreter (in the repository, stdout a pipe) and
    return the result and the names of the modules imported by the end."""
    out = tmp_path / "modules.json"
    result = subprocess.run(
        [sys.executable, "-c", _RUN, str(out), *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, **(env or {})},
        timeout=120,
    )
    return result, set(json.loads(out.read_text(encoding="utf-8")))


def imported(modules: set[str], package: str) -> list[str]:
    return sorted(m for m in modules if m == package or m.startswith(package + "."))


def heavy(modules: set[str]) -> list[str]:
    return [name for name in HEAVY if imported(modules, name)]


# --- what --help and --version import ---------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [["--help"], ["-h"], ["--version"], ["-V"], []],
    ids=["--help", "-h", "--version", "-V", "no-arguments"],
)
def test_group_help_and_version_import_no_heavy_library(
    tmp_path: Path, args: list[str]
) -> None:
    result, modules = run_and_list_modules(tmp_path, *args)
    shown = result.stdout or result.stderr  # no arguments: the help, on stderr
    assert shown.startswith(("Usage: claimtrack", "claimtrack, version")), result.stderr
    assert heavy(modules) == [], result.stderr
    # No command module either: the listing comes from the summaries.
    assert imported(modules, "claimtrack.cli") == ["claimtrack.cli", "claimtrack.cli.base"]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_help_imports_no_heavy_library(tmp_path: Path, name: str) -> None:
    result, modules = run_and_list_modules(tmp_path, name, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Usage: claimtrack {name} ")
    assert heavy(modules) == []
    module = COMMANDS[name].target.partition(":")[0]
    others = {entry.target.partition(":")[0] for entry in COMMANDS.values()} - {module}
    # schema shares --output with export; nothing else loads another command's module.
    allowed = {"claimtrack.cli.export"} if name == "schema" else set()
    assert module in modules
    assert sorted((others - allowed) & modules) == []


def test_list_json_to_a_pipe_does_not_import_rich_or_other_commands(tmp_path: Path) -> None:
    args = ["list", "--subject", "Portman", "--format", "json"]
    result, modules = run_and_list_modules(tmp_path, *args)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["id"]
    assert imported(modules, "rich") == []
    for unneeded in (
        "claimtrack.conflicts",  # origins need suspected copies, not conflicts
        "claimtrack.timeline",
        "claimtrack.report",
        "claimtrack.export",
        "claimtrack.draft",
        "claimtrack.checks",
        "claimtrack.completion",
        "claimtrack.cli.conflicts",
        "claimtrack.cli.export",
        "jinja2",
        "difflib",  # only for "did you mean" messages
    ):
        assert imported(modules, unneeded) == [], unneeded


def test_a_cached_run_imports_neither_yaml_nor_pydantic(tmp_path: Path) -> None:
    """With the claims file in the cache, nothing parses YAML or validates with pydantic."""
    env = {"CLAIMTRACK_CACHE_DIR": str(tmp_path / "cache")}
    args = ["list", "--subject", "Portman", "--format", "json"]
    first, written = run_and_list_modules(tmp_path, *args, env=env)
    assert first.returncode == 0, first.stderr
    assert sorted(path.name.split("-")[0] for path in (tmp_path / "cache").glob("*.json")) == [
        "claims", "copies", "items", "ledger", "registries", "reuse"
    ]  # fmt: skip
    assert imported(written, "tempfile") == []  # the cache writes without it (shutil, lzma, ...)
    again, modules = run_and_list_modules(tmp_path, *args, env=env)
    assert again.stdout == first.stdout
    assert imported(modules, "yaml") == [] and imported(modules, "pydantic") == []


def test_completing_command_names_imports_no_command(tmp_path: Path) -> None:
    env = {"_CLAIMTRACK_COMPLETE": "zsh_complete", "COMP_WORDS": "claimtrack sch",
           "COMP_CWORD": "1"}  # fmt: skip
    result, modules = run_and_list_modules(tmp_path, env=env)
    assert result.stdout.splitlines()[:2] == ["plain", "schema"]
    assert result.stdout.splitlines()[2].startswith("Print the JSON Schema")
    assert imported(modules, "claimtrack.cli") == ["claimtrack.cli", "claimtrack.cli.base"]
    assert heavy(modules) == []


def test_completing_options_loads_just_that_command(tmp_path: Path) -> None:
    env = {"_CLAIMTRACK_COMPLETE": "bash_complete", "COMP_WORDS": "claimtrack list --subj",
           "COMP_CWORD": "2"}  # fmt: skip
    result, modules = run_and_list_modules(tmp_path, env=env)
    assert result.stdout.splitlines() == ["plain,--subject"]
    assert "claimtrack.cli.query" in modules and "claimtrack.cli.conflicts" not in modules
    assert heavy(modules) == []


# --- the lazy group behaves as the eager one did ----------------------------------------------


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_summaries_are_the_commands_own_help(name: str) -> None:
    entry = COMMANDS[name]
    command = import_command(entry.target)
    assert command.name == name
    assert command.help is not None
    assert " ".join(command.help.partition("\n\n")[0].split()) == entry.summary
    # Nothing that would make click show something other than the help's first paragraph.
    assert command.short_help is None and not command.deprecated and not command.hidden
    stand_in = click.Command(name, help=entry.summary)
    for limit in range(1, 200):
        assert stand_in.get_short_help_str(limit) == command.get_short_help_str(limit)


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_command_listing_shows_each_whole_summary_without_importing(width: int) -> None:
    """``claimtrack --help`` lists every command with its whole one-line summary, wrapped in its
    column and never cut short ("outlet,..." hid what a command is for)."""
    fresh = LazyGroup("claimtrack", lazy_subcommands=COMMANDS)
    ctx = click.Context(fresh, info_name="claimtrack")
    lazy = click.HelpFormatter(width=width)
    fresh.format_commands(ctx, lazy)
    assert all(fresh.lazy_commands.loaded(name) is None for name in COMMANDS)
    flat = " ".join(lazy.getvalue().split())
    for name, entry in COMMANDS.items():
        assert f" {name} {' '.join(entry.summary.split())} " in f"{flat} ", name


def test_the_group_knows_every_command() -> None:
    assert sorted(cli.commands) == sorted(COMMANDS) == cli.list_commands(click.Context(cli))
    assert len(cli.commands) == len(COMMANDS) and "list" in cli.commands
    assert "frobnicate" not in cli.commands
    assert cli.commands["list"] is import_command(COMMANDS["list"].target)
    assert {name: command.name for name, command in cli.commands.items()} == {
        name: name for name in COMMANDS
    }


def test_lazy_commands_mapping() -> None:
    commands = LazyCommands({"list": COMMANDS["list"].target})
    assert list(commands) == ["list"] and commands.loaded("list") is None
    extra = click.Command("extra")
    commands["extra"] = extra
    assert list(commands) == ["list", "extra"] and len(commands) == 2
    assert commands["list"] is commands.loaded("list")
    del commands["list"]
    assert list(commands) == ["extra"] and commands["extra"] is extra
    with pytest.raises(KeyError):
        commands["list"]
    with pytest.raises(KeyError):
        del commands["list"]
    with pytest.raises(TypeError, match="not a click command"):
        import_command("claimtrack.cli.base:COMMANDS")


def test_unknown_command_still_suggests_the_close_one() -> None:
    result = CliRunner().invoke(cli, ["lsit"], prog_name="claimtrack")
    assert result.exit_code == 2
    assert "No such command 'lsit'." in result.output
    if hasattr(click.exceptions, "NoSuchCommand"):  # click 8.4+ suggests close names
        assert "Did you mean 'list'?" in result.output


def test_export_formats_kept_in_the_cli_match_the_library() -> None:
    from claimtrack.cli.export import EXPORT_FORMATS as CLI_FORMATS
    from claimtrack.export import EXPORT_FORMATS

    assert CLI_FORMATS == EXPORT_FORMATS


# --- library modules ----------------------------------------------------------------------------


def _python(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, cwd=REPO,
        timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_date_grammar_is_compiled_on_demand() -> None:
    out = _python(
        """
        import sys
        from claimtrack import dates

        print(dates._compiled.cache_info().currsize, "dateutil" in sys.modules)
        assert str(dates.resolve_when("2012", None)) == "2012"  # the first rule: ISO
        print(dates._compiled.cache_info().currsize, "dateutil" in sys.modules)
        dates.birth_window(6, dates.parse_interval("2024-01-27"))
        print("dateutil" in sys.modules)
        """
    )
    assert out.split() == ["0", "False", "1", "False", "True"]


def test_a_phrase_compiles_only_the_rules_that_could_match_it() -> None:
    """A phrase such as "in February" reaches the 16th relative rule; the rules before it that
    cannot match (they need a digit, "ago", a season, ...) are not compiled to find that out."""
    out = _python(
        """
        from claimtrack import dates

        assert dates.is_relative("in February")
        print(dates._compiled.cache_info().currsize)
        assert not dates.is_relative("August 2023")  # the ISO rule, then its own
        print(dates._compiled.cache_info().currsize)
        """
    )
    assert out.split() == ["1", "3"]


_CHECK_AND_COUNT = textwrap.dedent(
    """\
    import runpy, sys

    sys.argv = ["claimtrack", "check", "--format", "json"]
    try:
        runpy.run_module("claimtrack", run_name="__main__", alter_sys=True)
    except SystemExit:
        pass
    finally:
        from claimtrack import dates

        print(dates._compiled.cache_info().currsize, file=sys.stderr)
    """
)


def test_check_without_relative_dates_compiles_one_rule(
    make_project: Callable[..., Project], tmp_path: Path
) -> None:
    from conftest import MINIMAL_CLAIMS

    project = make_project(MINIMAL_CLAIMS.replace("when: eight months ago", "when: 2023-07"))
    result = subprocess.run(
        [sys.executable, "-c", _CHECK_AND_COUNT], capture_output=True, text=True,
        cwd=project.root, env={**os.environ, "CLAIMTRACK_CACHE_DIR": str(tmp_path / "cache")},
        timeout=120,
    )  # fmt: skip
    assert json.loads(result.stdout)["errors"] == 0, result.stdout
    assert result.stderr.split() == ["1"]  # the ISO rule, nothing else of the grammar


def test_analysis_imports_conflicts_and_copies_only_when_used() -> None:
    out = _python(
        """
        import sys
        import claimtrack.analysis, claimtrack.query

        names = ("claimtrack.conflicts", "claimtrack.copies", "difflib")
        print(*(name in sys.modules for name in names))
        """
    )
    assert out.split() == ["False", "False", "False"]


def test_the_collector_is_paused_for_a_command_and_restored() -> None:
    """Commands run with the cyclic collector paused (it would walk every record of a large
    ledger, over and over, to find no garbage); the caller's setting comes back afterwards."""
    import gc

    seen: list[bool] = []
    probe = click.Command("gc-probe", callback=lambda: seen.append(gc.isenabled()))
    cli.add_command(probe)
    try:
        assert gc.isenabled()
        assert CliRunner().invoke(cli, ["gc-probe"]).exit_code == 0
        assert gc.isenabled()
        gc.disable()
        assert CliRunner().invoke(cli, ["gc-probe"]).exit_code == 0
        assert not gc.isenabled()
    finally:
        gc.enable()
        del cli.commands["gc-probe"]
    assert seen == [False, False]
