"""The bad-input corpus: every odd or hostile input gets a clear answer, never a crash.

Each folder of ``tests/bad_input/`` is one case: a small project (``data/claims.yaml``,
``seeds/*.txt``) or none at all, an optional ``make.py`` whose ``make(root)`` sets up what cannot
sit in git (bytes, permissions, links, sizes, named pipes) and returns a reason to skip when this
OS cannot do it, and ``expected.yaml``:

``description``
    What the case is about.
``args``
    The command line (default ``[check]``). ``{root}`` is replaced by the project folder.
``exit``
    The exact exit code.
``stdout`` / ``stderr``
    The exact text of the stream; or, for long or volatile output, ``stdout_first`` (the exact
    first line), ``stdout_lines`` (exact lines that must appear) and ``stdout_contains``
    (substrings), ``stdout_line_count`` (the exact number of lines); the same for ``stderr``.
    A stream with no expectation must be empty.
    ``{root}`` and ``{real_root}`` (links resolved) are replaced in all of them.
``absent``
    Paths (relative to the project) that must not exist afterwards, e.g. a file a YAML tag would
    have created if it had been obeyed.
``subprocess``
    Also run ``python -m claimtrack`` in a real process: same exit code and output, and no
    traceback on stderr.

For every case: the exit code and messages are exact, "Traceback" appears nowhere, the run ends
well within a hang guard (not a timing assertion: the bound is 30 s and normal runs take well
under a second or two), and every file under ``data/`` and ``seeds/`` is byte-identical afterwards
(same names, kinds, bytes, modes and modification times).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import invoke_in

CASES = Path(__file__).resolve().parent / "bad_input"
HANG_GUARD = 30.0
"""Seconds: only to turn a hang into a failure. Not a performance assertion."""
LARGE = 64 * 1024 * 1024
"""Files above this are compared by size, mtime and ctime instead of hashed (the sparse 513 MB
claims file)."""
ENV = {"GITHUB_ACTIONS": "false", "NO_COLOR": "1", "COLUMNS": "120"}
KNOWN_KEYS = {
    "description", "args", "exit", "absent", "subprocess",
    *(f"{stream}{suffix}" for stream in ("stdout", "stderr")
      for suffix in ("", "_first", "_lines", "_contains", "_line_count")),
}  # fmt: skip


def case_folders() -> list[Path]:
    return sorted(path for path in CASES.iterdir() if (path / "expected.yaml").is_file())


def load_expected(case: Path) -> dict[str, Any]:
    expected = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    assert isinstance(expected, dict), f"{case.name}/expected.yaml must be a mapping"
    unknown = set(expected) - KNOWN_KEYS
    assert not unknown, f"{case.name}/expected.yaml: unknown keys {sorted(unknown)}"
    assert isinstance(expected.get("exit"), int), f"{case.name}/expected.yaml needs 'exit'"
    return expected


def set_up(case: Path, root: Path) -> None:
    """Copy the case's project into ``root`` and run its ``make.py``; skip when it says so."""
    shutil.copytree(
        case, root, symlinks=True,
        ignore=shutil.ignore_patterns("expected.yaml", "make.py", "__pycache__"),
    )  # fmt: skip
    hook = case / "make.py"
    if hook.is_file():
        spec = importlib.util.spec_from_file_location(f"bad_input_{case.name}", hook)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        reason = module.make(root)
        if reason:
            pytest.skip(f"{case.name}: {reason}")


def snapshot(root: Path) -> dict[str, tuple[object, ...]]:
    """Every entry under data/ and seeds/: kind, mode, and bytes (hashed) or link target.

    Never follows links and never opens anything but regular files (a named pipe would block).
    """
    found: dict[str, tuple[object, ...]] = {}
    for top in ("data", "seeds"):
        base = root / top
        if not os.path.lexists(base):
            continue
        entries = [base]
        if base.is_dir() and not base.is_symlink():
            entries += [Path(folder) / name for folder, dirs, files in os.walk(base)
                        for name in (*dirs, *files)]  # fmt: skip
        for path in entries:
            info = path.lstat()
            key = path.relative_to(root).as_posix()
            if stat.S_ISLNK(info.st_mode):
                found[key] = ("link", os.readlink(path))
            elif stat.S_ISREG(info.st_mode) and info.st_size > LARGE:
                # Sparse giants: a write would change ctime, which no program can set back.
                times = (info.st_mtime_ns, info.st_ctime_ns)
                found[key] = ("file", info.st_mode, info.st_size, *times)
            elif stat.S_ISREG(info.st_mode):
                found[key] = ("file", info.st_mode, info.st_size, info.st_mtime_ns, _digest(path))
            else:
                found[key] = ("other", info.st_mode)
    return found


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except PermissionError:
        return "unreadable"
    return digest.hexdigest()


def substitute(value: Any, root: Path) -> Any:
    if isinstance(value, str):
        return value.replace("{real_root}", str(root.resolve())).replace("{root}", str(root))
    if isinstance(value, list):
        return [substitute(item, root) for item in value]
    return value


def check_stream(name: str, text: str, expected: dict[str, Any]) -> None:
    assert "Traceback" not in text, f"a traceback on {name}:\n{text}"
    given = [key for key in expected if key == name or key.startswith(f"{name}_")]
    if not given:
        assert text == "", f"{name} should be empty, got:\n{text}"
        return
    if name in expected:
        assert text == expected[name], f"{name} differs"
    lines = text.splitlines()
    if f"{name}_first" in expected:
        assert lines and lines[0] == expected[f"{name}_first"], f"first line of {name} differs"
    for line in expected.get(f"{name}_lines", []):
        assert line in lines, f"line missing from {name}: {line!r}\n--- got:\n{text}"
    for part in expected.get(f"{name}_contains", []):
        assert part in text, f"text missing from {name}: {part!r}\n--- got:\n{text}"
    if f"{name}_line_count" in expected:
        assert len(lines) == expected[f"{name}_line_count"], f"{name} has {len(lines)} lines"


@pytest.mark.parametrize("case", case_folders(), ids=lambda path: path.name)
def test_bad_input(case: Path, tmp_path: Path) -> None:
    expected = {key: substitute(value, tmp_path / "project") for key, value in
                load_expected(case).items()}  # fmt: skip
    root = tmp_path / "project"
    set_up(case, root)
    args = [str(arg) for arg in expected.get("args", ["check"])]
    before = snapshot(root)

    started = time.perf_counter()
    result = invoke_in(root, *args, env=ENV)
    elapsed = time.perf_counter() - started

    assert elapsed < HANG_GUARD, f"took {elapsed:.1f} s: a hang or an explosion"
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    check_stream("stdout", result.stdout, expected)
    check_stream("stderr", result.stderr, expected)
    assert result.exit_code == expected["exit"], (result.stdout, result.stderr)
    assert snapshot(root) == before, "data/ or seeds/ changed"
    for path in expected.get("absent", []):
        assert not (root / path).exists(), f"{path} exists: something was obeyed"

    if expected.get("subprocess"):
        process = subprocess.run(
            [sys.executable, "-m", "claimtrack", *args], cwd=root, capture_output=True,
            timeout=HANG_GUARD * 2, env={**os.environ, **ENV}, check=False,
        )  # fmt: skip
        stdout = process.stdout.decode("utf-8")
        stderr = process.stderr.decode("utf-8")
        check_stream("stdout", stdout, expected)
        check_stream("stderr", stderr, expected)
        assert process.returncode == expected["exit"], (stdout, stderr)
        assert snapshot(root) == before, "data/ or seeds/ changed (subprocess)"


def test_corpus_is_large_and_every_case_is_described() -> None:
    folders = [path for path in CASES.iterdir() if path.is_dir() and path.name != "__pycache__"]
    assert len(folders) >= 40
    for folder in folders:
        assert (folder / "expected.yaml").is_file(), f"{folder.name} has no expected.yaml"
        assert load_expected(folder).get("description"), f"{folder.name} has no description"
