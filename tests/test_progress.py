"""Progress of long runs: the library's stages reach a reporter only when one is installed, and the
command line draws them on a terminal's stderr (a real pseudo-terminal here), never in a pipe or
with --quiet, leaving standard output byte for byte as it is without them."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from claimtrack import progress
from conftest import (
    ARTICLE_A,
    ARTICLE_B,
    MINIMAL_CLAIMS,
    Project,
    copy_repository_project,
    pseudo_terminal,
    read_terminal,
)

STAGES = (
    "reading the claims file",
    "reading the articles",
    "anchoring the quotes",
    "running the rules",
    "finding disputes",
    "near-duplicate scan: shingling the articles",
    "near-duplicate scan: comparing the articles",
)


class Recorder:
    """A reporter that keeps what it was told."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int]] = []

    def start(self, stage: str, total: int) -> None:
        self.calls.append((stage, total))

    def update(self, completed: int) -> None:
        self.calls.append(("update", completed))

    def stages(self) -> list[str]:
        return [name for name, _ in self.calls if name != "update"]


def test_without_a_reporter_a_loop_keeps_its_own_iterable() -> None:
    items = [3, 1, 2]
    assert progress.track(items, "anything") is items
    assert progress.stage("anything", 10) is None


def test_track_reports_its_stage_and_how_far_in_chunks() -> None:
    recorder = Recorder()
    with progress.reporting(recorder):
        seen = list(progress.track(range(1000), "counting"))
    assert seen == list(range(1000))
    assert recorder.calls[0] == ("counting", 1000)
    done = [n for name, n in recorder.calls[1:] if name == "update"]
    assert done == sorted(done) and done[-1] == 1000
    assert len(done) <= progress.STEPS + 1  # by chunks, not once per item
    assert progress.track([1], "after") == [1]  # the reporter is gone after the block


def test_stage_hands_back_the_reporters_update() -> None:
    recorder = Recorder()
    with progress.reporting(recorder):
        told = progress.stage("bytes", 50)
        assert told is not None
        told(20)
    assert recorder.calls == [("bytes", 50), ("update", 20)]


def test_the_library_reports_every_long_stage(make_project: Callable[..., Project]) -> None:
    import claimtrack

    project = make_project()
    recorder = Recorder()
    with progress.reporting(recorder):
        opened = claimtrack.open_project(project.data, project.seeds)
        opened.check()
        opened.conflicts()
    assert set(STAGES) <= set(recorder.stages())
    # Each stage counted its own items: two articles read, two claims' worth of lines parsed.
    starts = dict(call for call in recorder.calls if call[0] != "update")
    assert starts["reading the articles"] == 2
    assert starts["reading the claims file"] == len(MINIMAL_CLAIMS.encode())


def test_the_cli_reports_nothing_when_stderr_is_not_a_terminal(
    make_project: Callable[..., Project],
) -> None:
    result = make_project().run("check", env={"CLAIMTRACK_PROGRESS_AFTER": "0"})
    assert result.exit_code == 0
    assert not any(stage in result.stderr for stage in STAGES)
    assert progress._installed is None  # and leaves none behind


# --- a real terminal -----------------------------------------------------------------------


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("NO_COLOR", "FORCE_COLOR", "PAGER", "CLAIMTRACK_PAGER", "COLUMNS", "LINES",
                        "CLAIMTRACK_PROGRESS_AFTER", "TERM")}  # fmt: skip
    env.update(TERM="xterm-256color", **extra)
    return env


def _run(
    root: Path, args: list[str], env: dict[str, str], *, stderr_tty: bool = True,
    stdout_tty: bool = False,
) -> tuple[int, bytes, bytes]:
    """Run claimtrack in ``root``: exit code, standard output, standard error (what the terminal
    received, when it is one; with ``stdout_tty`` both go to the one terminal)."""
    leader, follower = pseudo_terminal(40, 200)
    out_file = root / "stdout.bin"
    with out_file.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "claimtrack", *args], cwd=root, stdin=subprocess.DEVNULL,
            stdout=follower if stdout_tty else out,
            stderr=follower if stderr_tty else subprocess.PIPE, env=env,
        )  # fmt: skip
        os.close(follower)
        shown = read_terminal(leader)
        piped = process.stderr.read() if process.stderr is not None else b""
        code = process.wait(timeout=120)
    return code, out_file.read_bytes(), shown if stderr_tty else piped


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_repository_project(tmp_path / "repo")


@pytest.mark.parametrize("args", [["check"], ["conflicts", "--format", "json"], ["list"]])
def test_progress_on_a_terminal_leaves_stdout_as_it_is(project: Path, args: list[str]) -> None:
    # A pipe (no progress) first, with the cache off in both runs: each does every stage.
    code, plain, quiet_err = _run(project, ["--no-pager", *args, "--no-cache"], _env(),
                                  stderr_tty=False)  # fmt: skip
    assert not any(stage in quiet_err.decode() for stage in STAGES)
    code_tty, out, err = _run(project, ["--no-pager", *args, "--no-cache"],
                              _env(CLAIMTRACK_PROGRESS_AFTER="0"))  # fmt: skip
    shown = err.decode("utf-8", "replace")
    assert (code_tty, out) == (code, plain)
    assert "anchoring the quotes" in shown and "reading the claims file" in shown
    assert "━" in shown and "\x1b[" in shown  # rich's bars, drawn with cursor control
    assert "Traceback" not in shown
    # Transient: the display ends by erasing its lines (cursor up, erase line) and shows the
    # cursor again.
    assert shown.rstrip("\r\n").endswith("\x1b[2K") and "\x1b[?25h" in shown


@pytest.mark.parametrize(
    ("options", "command"),
    [(["--quiet"], ["check"]), (["-q"], ["list"]), ([], ["check", "--quiet"])],
    ids=["global-quiet", "global-q", "check-quiet"],
)
def test_never_with_quiet(project: Path, options: list[str], command: list[str]) -> None:
    code, out, err = _run(project, [*options, "--no-pager", *command, "--no-cache"],
                          _env(CLAIMTRACK_PROGRESS_AFTER="0"))  # fmt: skip
    assert code == 0 and (out or command == ["check", "--quiet"])  # clean: -q prints nothing
    assert not any(stage in err.decode() for stage in STAGES) and "━" not in err.decode()


def test_nothing_drawn_for_a_run_faster_than_the_threshold(project: Path) -> None:
    _, out, err = _run(project, ["--no-pager", "check"], _env(CLAIMTRACK_PROGRESS_AFTER="60"))
    assert b"no problems" in out or b"warning" in out
    assert err == b""  # no display, no cursor hidden and shown again: nothing at all


def test_never_on_a_dumb_terminal(project: Path) -> None:
    env = _env(CLAIMTRACK_PROGRESS_AFTER="0")
    env["TERM"] = "dumb"
    _, _, err = _run(project, ["--no-pager", "check", "--no-cache"], env)
    assert err == b""


def test_a_threshold_that_is_not_a_number_is_named_and_the_default_used(project: Path) -> None:
    _, out, err = _run(project, ["--no-pager", "check"], _env(CLAIMTRACK_PROGRESS_AFTER="soon"))
    assert out
    assert err.decode().strip() == (
        "claimtrack: warning: CLAIMTRACK_PROGRESS_AFTER='soon' is not a number of seconds; "
        "using 2"
    )


def test_a_warning_during_the_display_is_printed_whole_above_it(
    make_project: Callable[..., Project],
) -> None:
    # An article that is not UTF-8 is a load warning, printed while the display is up.
    root = make_project(MINIMAL_CLAIMS, {"a.txt": ARTICLE_A, "b.txt": ARTICLE_B,
                                         "c.txt": b"\xff\xfe\x00bad"}).root  # fmt: skip
    _, plain, piped = _run(root, ["--no-pager", "list", "--no-cache"], _env(), stderr_tty=False)
    warning = piped.decode().strip()
    assert warning.startswith("claimtrack: warning: 1 problem while loading the project")
    _, out, err = _run(root, ["--no-pager", "list", "--no-cache"],
                       _env(CLAIMTRACK_PROGRESS_AFTER="0"))  # fmt: skip
    assert out == plain
    shown = err.decode("utf-8", "replace")
    assert "anchoring the quotes" in shown
    assert warning in shown.replace("\r\n", "\n")


def test_the_pager_gets_the_same_text_with_and_without_progress(project: Path) -> None:
    paged = []
    for quiet in ([], ["--quiet"]):
        got = project / f"paged{len(quiet)}.txt"
        env = _env(PAGER=f"cat > {got}", CLAIMTRACK_PROGRESS_AFTER="0")
        code, _, shown = _run(project, [*quiet, "list", "--no-cache"], env, stdout_tty=True)
        assert code == 0
        paged.append(got.read_bytes())
        assert ("anchoring the quotes" in shown.decode("utf-8", "replace")) is not quiet
    assert paged[0] == paged[1] and b"wedding-2011" in paged[0]
