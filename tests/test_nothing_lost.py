"""Nothing the user wrote is ever changed: every command leaves ``data/`` and ``seeds/`` as they were.

The repository's own claims file and articles are copied into a throw-away project, and every
command registered on the click group runs there, in each of its output formats; afterwards every
file under ``data/`` and ``seeds/`` must have the same bytes, mode and modification time, and no
file may have appeared or gone. Commands that write a file are pointed at a scratch folder with
``-o``, and must refuse to overwrite the claims file or a seed, or to write into the seeds folder.

The registry is iterated, so a command added later is covered without editing this file: one not
in :data:`ARGS` runs with no arguments and may exit 0, 1 or 2, but never 3 (an internal error) and
never with a traceback.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from pathlib import Path

import click
import pytest
import yaml

from claimtrack.cli import cli
from conftest import DATA, copy_repository_project, invoke_in

ENV = {"GITHUB_ACTIONS": "false", "NO_COLOR": "1"}


def _first_claim_id() -> str:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return str(data["claims"][0]["id"])


# Arguments for the commands known today; ``out`` is a scratch folder outside data/ and seeds/.
ARGS: dict[str, Callable[[Path], list[str]]] = {
    "check": lambda out: [],
    "schema": lambda out: ["-o", str(out / "schema.json")],
    "list": lambda out: ["--subject", "Portman"],
    "show": lambda out: [_first_claim_id()],
    "articles": lambda out: [],
    "diff": lambda out: ["003", "001"],
    "conflicts": lambda out: [],
    "timeline": lambda out: [],
    "draft": lambda out: ["003"],
    "export": lambda out: ["-o", str(out / "export.out")],
    "report": lambda out: ["-o", str(out / "report.html")],
}


def snapshot(root: Path) -> dict[str, tuple[object, ...]]:
    """Every entry under data/ and seeds/, links not followed: kind, mode, size, mtime, SHA-256."""
    found: dict[str, tuple[object, ...]] = {}
    for top in ("data", "seeds"):
        for folder, dirs, files in os.walk(root / top):
            for name in (*dirs, *files):
                path = Path(folder) / name
                info = path.lstat()
                key = path.relative_to(root).as_posix()
                if stat.S_ISREG(info.st_mode):
                    digest = hashlib.sha256(path.read_bytes()).hexdigest()
                    found[key] = (info.st_mode, info.st_size, info.st_mtime_ns, digest)
                else:
                    found[key] = (info.st_mode,)
    return found


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = copy_repository_project(tmp_path / "project")
    (tmp_path / "out").mkdir()
    return root


def format_choices(command: click.Command) -> list[str]:
    for param in command.params:
        if "--format" in getattr(param, "opts", []) and isinstance(param.type, click.Choice):
            return [str(choice) for choice in param.type.choices]
    return []


def output_option(command: click.Command) -> str | None:
    for param in command.params:
        opts = getattr(param, "opts", [])
        if "--output" in opts:
            return "--output"
    return None


def assert_clean_exit(name: str, args: list[str], code: int, stdout: str, stderr: str) -> None:
    assert code != 3, f"{name} {args}: internal error\n{stderr}"
    assert "Traceback" not in stdout + stderr, f"{name} {args}:\n{stderr}"


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_leaves_data_and_seeds_untouched(name: str, project: Path) -> None:
    command = cli.commands[name]
    out = project.parent / "out"
    before = snapshot(project)
    runs: list[list[str]] = []
    if name in ARGS:
        base = ARGS[name](out)
        runs.append(base)
        for choice in format_choices(command):
            # A file-writing command writes each format to its own file.
            args = [arg.replace("export.out", f"export.{choice}") for arg in base]
            runs.append([*args, "--format", choice])
    else:
        runs.append([])
    for args in runs:
        result = invoke_in(project, name, *args, env=ENV)
        assert_clean_exit(name, args, result.exit_code, result.stdout, result.stderr)
        if name in ARGS:
            assert result.exit_code in (0, 1), f"{name} {args}: {result.stderr}"
        else:
            assert result.exit_code in (0, 1, 2), f"{name} {args}: {result.stderr}"
        assert snapshot(project) == before, f"{name} {args} changed data/ or seeds/"


@pytest.mark.parametrize(
    "name", sorted(name for name, command in cli.commands.items() if output_option(command))
)
@pytest.mark.parametrize(
    "target", ["data/claims.yaml", "seeds/003_eed9f197d463ef0c.txt", "seeds/new.txt", "seeds"]
)
def test_writers_refuse_the_claims_file_and_the_seeds(
    name: str, target: str, project: Path
) -> None:
    before = snapshot(project)
    result = invoke_in(project, name, "--output", target, env=ENV)
    assert_clean_exit(name, [target], result.exit_code, result.stdout, result.stderr)
    assert result.exit_code == 2, f"{name} --output {target} was not refused: {result.stdout}"
    assert snapshot(project) == before


def test_writers_leave_no_temporary_files(project: Path) -> None:
    out = project.parent / "out"
    for name, command in sorted(cli.commands.items()):
        if output_option(command) and name in ARGS:
            result = invoke_in(project, name, *ARGS[name](out), env=ENV)
            assert result.exit_code == 0, result.stderr
    written = sorted(path.name for path in out.iterdir())
    assert written and all(not name.startswith(".") for name in written), written
