"""Where ``-o`` points, and standard output that cannot take what is written.

A path that is not a regular file (a character device, a named pipe, ``-``) is written to, never
replaced; a symbolic link loop, a folder and a missing folder are clear errors (exit 2); a full
disk is exit 2 with the reason; a stream that cannot encode a character degrades to escapes.

The devices here are made in the test's own folder (``mknod``, as root only), so that a
regression replaces a private node, never the system's /dev/null.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Project

COMMANDS = [("export",), ("report",), ("schema",)]


def private_device(folder: Path, name: str, minor: int) -> Path:
    """A character device like /dev/null (1, 3) or /dev/full (1, 7), in ``folder``."""
    path = folder / name
    try:
        os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(1, minor))
    except (OSError, AttributeError):
        pytest.skip("cannot make a device node here (needs root on Linux)")
    return path


@pytest.fixture
def project(make_project: Callable[..., Project]) -> Project:
    return make_project()


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_character_device_is_written_to_never_replaced(
    project: Project, tmp_path: Path, command: tuple[str, ...]
) -> None:
    null = private_device(tmp_path, "null", 3)
    result = project.run(*command, "-o", str(null))
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(null.lstat().st_mode)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_full_disk_is_a_clear_error(
    project: Project, tmp_path: Path, command: tuple[str, ...]
) -> None:
    full = private_device(tmp_path, "full", 7)
    result = project.run(*command, "-o", str(full))
    assert result.exit_code == 2
    assert result.stderr == f"claimtrack: error: cannot write {full}: No space left on device\n"
    assert stat.S_ISCHR(full.lstat().st_mode)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_named_pipe_is_written_to_never_replaced(
    project: Project, tmp_path: Path, command: tuple[str, ...]
) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this OS")
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    result = project.run(*command, "-o", str(pipe))
    reader.join(20)
    assert not reader.is_alive()
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert received and received[0].strip().startswith((b"{", b"<!"))


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_dash_is_standard_output(project: Project, command: tuple[str, ...]) -> None:
    result = project.run(*command, "-o", "-")
    assert result.exit_code == 0
    assert result.stdout.lstrip().startswith(("{", "<!"))
    assert not (project.root / "-").exists()


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_symbolic_link_loop_is_a_clear_error(
    project: Project, tmp_path: Path, command: tuple[str, ...]
) -> None:
    (tmp_path / "loop1").symlink_to(tmp_path / "loop2")
    (tmp_path / "loop2").symlink_to(tmp_path / "loop1")
    result = project.run(*command, "-o", str(tmp_path / "loop1"))
    assert result.exit_code == 2
    assert result.stderr == f"claimtrack: error: cannot write {tmp_path / 'loop1'}: a symbolic link loop\n"


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_missing_folder_and_a_folder_are_clear_errors(
    project: Project, tmp_path: Path, command: tuple[str, ...]
) -> None:
    missing = project.run(*command, "-o", str(tmp_path / "nope" / "out"))
    assert missing.exit_code == 2
    assert "no such folder" in missing.stderr and str(tmp_path / "nope") in missing.stderr
    folder = project.run(*command, "-o", str(tmp_path))
    assert folder.exit_code == 2
    assert "directory" in folder.stderr or "folder" in folder.stderr
    assert "Traceback" not in missing.output + folder.output


def test_a_link_to_a_file_writes_the_file_and_keeps_the_link(
    project: Project, tmp_path: Path
) -> None:
    real = tmp_path / "ledger.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert project.run("export", "-o", str(link)).exit_code == 0
    assert link.is_symlink() and real.read_text().startswith("{")


def _python(args: list[str], cwd: Path, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", **kwargs.pop("env", {})}  # type: ignore[dict-item]
    return subprocess.run(
        [sys.executable, "-m", "claimtrack", *args], cwd=cwd, env=env, capture_output=True,
        timeout=60, check=False, **kwargs,  # type: ignore[arg-type]
    )  # fmt: skip


@pytest.mark.parametrize(
    "args", [["list"], ["list", "--format", "json"], ["export"], ["check"], ["check", "findings"]],
    ids=lambda a: "-".join(a),
)
def test_standard_output_on_a_full_disk_is_exit_2(project: Project, args: list[str]) -> None:
    if args == ["check", "findings"]:  # exit 1 must not hide the full disk
        project.data.write_text(project.data.read_text().replace("eight months ago", "nowhere"))
        args = ["check"]
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    with open("/dev/full", "wb") as full:
        process = subprocess.run(
            [sys.executable, "-m", "claimtrack", *args], cwd=project.root, stdout=full,
            stderr=subprocess.PIPE, timeout=60, check=False,
            env={**os.environ, "NO_COLOR": "1"},
        )  # fmt: skip
    assert process.returncode == 2, process.stderr
    assert process.stderr == b"claimtrack: error: cannot write the output: No space left on device\n"


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
@pytest.mark.parametrize("fmt", ["table", "json", "yaml", "csv"])
def test_an_output_encoding_that_cannot_hold_a_character_degrades(
    make_project: Callable[..., Project], encoding: str, fmt: str
) -> None:
    claims = """\
subjects:
  pat-smith:
    name: Pat Smith 漢字 café
claims:
  - id: sep
    subject: pat-smith
    statement: Smith’s split — “eight months” ago ☂.
    sources:
      - article: a.txt
        attribution: anonymous_insider
        attributed_to: a source
        quote: separated eight months ago
"""
    project = make_project(claims)
    process = _python(["list", "--format", fmt], project.root,
                      env={"PYTHONIOENCODING": encoding})  # fmt: skip
    assert process.returncode == 0, process.stderr
    assert process.stderr == b""
    text = process.stdout.decode(encoding)
    assert "\\u6f22\\u5b57" in text  # 漢字, which neither encoding holds
    assert ("café" if encoding == "cp1252" else "caf\\xe9") in text
