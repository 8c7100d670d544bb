"""Terminal behaviour in real processes: the pager, --color with NO_COLOR/FORCE_COLOR, closed pipes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, pseudo_terminal, read_terminal

ESC = "\x1b["


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "PAGER",
                                                              "CLAIMTRACK_PAGER", "COLUMNS",
                                                              "LINES", "GITHUB_ACTIONS")}  # fmt: skip
    env.update(extra)
    return env


def _on_terminal(args: list[str], env: dict[str, str], rows: int = 24) -> str:
    """Run claimtrack with a pseudo-terminal of ``rows`` x 100 as stdout; what reached it."""
    leader, follower = pseudo_terminal(rows)
    process = subprocess.Popen(
        [sys.executable, "-m", "claimtrack", *args], cwd=REPO, stdin=subprocess.DEVNULL,
        stdout=follower, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    os.close(follower)
    shown = read_terminal(leader)
    assert process.wait(timeout=60) == 0
    assert process.stderr is not None and b"Traceback" not in process.stderr.read()
    return shown.decode("utf-8", "replace")


def test_long_output_on_a_terminal_goes_through_the_pager(tmp_path: Path) -> None:
    got = tmp_path / "paged.txt"
    shown = _on_terminal(["list"], _env(PAGER=f"cat > {got}"))
    paged = got.read_text(encoding="utf-8")
    assert "wedding-2011" in paged and paged.count("\n") > 24
    assert "wedding-2011" not in shown  # the pager had it, not the terminal


def test_claimtrack_pager_wins_and_less_gets_frx(tmp_path: Path) -> None:
    got = tmp_path / "paged.txt"
    env = _env(PAGER="false", CLAIMTRACK_PAGER=f'sh -c \'echo "LESS=$LESS" > {got}; cat >> {got}\'')
    _on_terminal(["list"], env)
    assert got.read_text(encoding="utf-8").startswith("LESS=FRX\n")


@pytest.mark.parametrize(
    "args", [["--no-pager", "list"], ["check"]], ids=["no-pager", "fits-the-screen"]
)
def test_no_pager_when_asked_or_when_it_fits(tmp_path: Path, args: list[str]) -> None:
    got = tmp_path / "paged.txt"
    shown = _on_terminal(args, _env(PAGER=f"cat > {got}"))
    assert not got.exists()
    assert ("wedding-2011" in shown) if "list" in args else ("no problems" in shown)


def test_never_a_pager_in_a_pipe(tmp_path: Path) -> None:
    got = tmp_path / "paged.txt"
    process = subprocess.run(
        [sys.executable, "-m", "claimtrack", "list"], cwd=REPO, capture_output=True,
        env=_env(PAGER=f"cat > {got}"), check=False,
    )  # fmt: skip
    assert process.returncode == 0 and b"wedding-2011" in process.stdout
    assert not got.exists()


def test_a_pager_that_is_missing_writes_directly() -> None:
    shown = _on_terminal(["list"], _env(PAGER="no-such-pager-anywhere"))
    assert "wedding-2011" in shown


@pytest.mark.parametrize(
    ("options", "env", "coloured"),
    [
        ([], {}, True),
        ([], {"NO_COLOR": "1"}, False),
        (["--color", "always"], {"NO_COLOR": "1"}, True),
        (["--color", "never"], {}, False),
    ],
)
def test_colour_on_a_terminal(options: list[str], env: dict[str, str], coloured: bool) -> None:
    shown = _on_terminal([*options, "--no-pager", "show", "wedding-2011"], _env(**env))
    assert (ESC in shown) is coloured
    assert ("»" in shown) is not coloured  # without colour, the quote is marked in words


@pytest.mark.parametrize(
    ("options", "env", "coloured"),
    [
        ([], {}, False),
        ([], {"FORCE_COLOR": "1"}, True),
        ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        (["--color", "always"], {}, True),
        (["--colour", "never"], {"FORCE_COLOR": "1"}, False),
    ],
)
def test_colour_in_a_pipe(options: list[str], env: dict[str, str], coloured: bool) -> None:
    process = subprocess.run(
        [sys.executable, "-m", "claimtrack", *options, "show", "wedding-2011"], cwd=REPO,
        capture_output=True, env=_env(**env), check=False,
    )  # fmt: skip
    assert process.returncode == 0
    assert (ESC.encode() in process.stdout) is coloured


def test_piped_width_follows_columns() -> None:
    for columns in ("80", "200"):
        process = subprocess.run(
            [sys.executable, "-m", "claimtrack", "list"], cwd=REPO,
            capture_output=True, env=_env(COLUMNS=columns), check=False,
        )  # fmt: skip
        widths = {len(line) for line in process.stdout.decode("utf-8").splitlines()}
        assert max(widths) <= int(columns)
        assert max(widths) > int(columns) - 30


CLOSED_PIPE_CASES = [
    *(["list", "--format", fmt] for fmt in ("auto", "json", "jsonl", "csv", "yaml", "markdown")),
    *(["conflicts", "--format", fmt] for fmt in ("auto", "json", "csv")),
    *(["export", "--format", fmt] for fmt in ("json", "csv", "claimreview")),
    ["show", "wedding-2011"],
]


@pytest.mark.parametrize("args", CLOSED_PIPE_CASES, ids=" ".join)
def test_a_closed_pipe_ends_quietly_with_status_0(args: list[str]) -> None:
    """``claimtrack list | head -1``: the reader stopped, which is no finding of ours (rich 14+
    would exit 1 for tables only): the same status, 0, in every format, and nothing on stderr."""
    process = subprocess.Popen(
        [sys.executable, "-m", "claimtrack", *args], cwd=REPO, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, env=_env(COLUMNS="300"),
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # as `head -1` does
    assert process.wait(timeout=60) == 0
    assert process.stderr.read() == b""
