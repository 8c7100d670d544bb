"""Progress of a long run, shown on a terminal: rich's progress display on standard error.

Only when standard error is a terminal (not a dumb one) and neither ``claimtrack --quiet`` nor
the command's own ``--quiet`` (``check -q``) was given; and only once the run has lasted
:data:`AFTER` seconds (``$CLAIMTRACK_PROGRESS_AFTER`` changes it), so that a fast run draws
nothing at all. The display lists the stages reported so far through :mod:`claimtrack.progress`,
each with its bar; it is transient (erased when the command ends, before the pager or the output
is shown) and leaves standard output alone: what a command prints is the same byte for byte with
or without it. A line written to standard error meanwhile (a warning) is printed above the bars.
rich is imported only when the display is first drawn.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from typing import TYPE_CHECKING, Any, TextIO

import click

from claimtrack import progress

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

AFTER = 2.0
"""Seconds a run lasts before its progress is shown."""
AFTER_VARIABLE = "CLAIMTRACK_PROGRESS_AFTER"
UPDATES = 500
"""Updates per stage passed on to the display at most (rich's own update costs microseconds)."""


def shown(quiet: bool) -> AbstractContextManager[None]:
    """The run of a command, its progress shown on standard error if that is a terminal and the
    run is not ``quiet``."""
    stream = sys.stderr
    if quiet or not stream.isatty() or os.environ.get("TERM") == "dumb":
        return nullcontext()
    return _showing(Display(stream, _after(), _command_quiet))


def _after() -> float:
    value = os.environ.get(AFTER_VARIABLE, "").strip()
    if not value:
        return AFTER
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        click.echo(
            f"claimtrack: warning: {AFTER_VARIABLE}={value!r} is not a number of seconds; "
            f"using {AFTER:g}",
            err=True,
        )
        return AFTER
    return seconds


def _command_quiet() -> bool:
    """Whether the command running asked for ``--quiet`` (``check -q``: only the problems)."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx is not None and ctx.params.get("quiet"))


@contextmanager
def _showing(display: Display) -> Iterator[None]:
    try:
        with progress.reporting(display):
            yield
    finally:
        display.close()


class Display:
    """A :class:`claimtrack.progress.Reporter` drawing rich's progress display on ``stream``,
    from ``after`` seconds on: a timer draws it then if a stage is under way, else the first
    stage that starts later does."""

    def __init__(
        self, stream: TextIO, after: float, quiet: Callable[[], bool] = lambda: False
    ) -> None:
        self._stream = stream
        self._quiet = quiet
        self._lock = threading.Lock()
        self._deadline = time.monotonic() + after
        self._stages: dict[str, _Stage] = {}  # in the order they started
        self._current = ""
        self._step = 1
        self._next = 0
        self._progress: Progress | None = None
        self._tasks: dict[str, TaskID] = {}
        self._off = False
        self._timer = threading.Timer(after, self._show)
        self._timer.daemon = True
        self._timer.start()

    def start(self, stage: str, total: int) -> None:
        if self._off:
            return
        if not self._stages and self._quiet():  # asked in the command's context: this thread
            self.close()
            return
        with self._lock:
            previous = self._stages.get(self._current)
            if previous is not None and previous.ended is None:
                previous.completed, previous.ended = previous.total, time.monotonic()
                self._push(self._current)
            self._stages[stage] = _Stage(total, time.monotonic())
            self._current = stage
            self._step = max(1, total // UPDATES)
            self._next = min(self._step, total)
            if self._progress is not None:
                self._push(stage)
        if self._progress is None and time.monotonic() >= self._deadline:
            self._show()

    def update(self, completed: int) -> None:
        if completed < self._next:
            return
        found = self._stages[self._current]
        self._next = min(completed + self._step, found.total)  # the last update always passes
        found.completed = completed
        if completed >= found.total:
            found.ended = time.monotonic()
        if self._progress is not None:
            with self._lock:
                self._push(self._current)

    def _push(self, stage: str) -> None:
        """Tell the display where ``stage`` is (with the lock held)."""
        if self._progress is None or self._off:
            return
        found = self._stages[stage]
        times: dict[str, Any] = {"began": found.began, "ended": found.ended}  # for StageTime
        with self._failing():
            task = self._tasks.get(stage)
            if task is None:
                task = self._tasks[stage] = self._progress.add_task(stage, total=found.total, **times)
            self._progress.update(task, total=found.total, completed=found.completed, **times)

    def _show(self) -> None:
        with self._lock:
            if self._progress is not None or self._off or not self._stages:
                return
            with self._failing():
                self._progress = _progress(self._stream)
                for stage in self._stages:
                    self._push(stage)
                self._progress.start()

    @contextmanager
    def _failing(self) -> Iterator[None]:
        """A display that fails is given up (with the lock held), never the command it shows; with
        ``CLAIMTRACK_DEBUG`` the error is raised."""
        try:
            yield
        except Exception:
            if os.environ.get("CLAIMTRACK_DEBUG"):
                raise
            self._off, self._next = True, sys.maxsize
            shown, self._progress = self._progress, None
            if shown is not None:
                with suppress(Exception):
                    shown.stop()

    def close(self) -> None:
        """Stop for good: the timer, and the display, which erases itself."""
        self._timer.cancel()
        with self._lock:
            self._off = True
            self._next = sys.maxsize  # updates stop at the first test
            shown, self._progress = self._progress, None
        if shown is not None:
            shown.stop()


class _Stage:
    """Where a stage is, and since when (the display may start long after the stage did)."""

    __slots__ = ("began", "completed", "ended", "total")

    def __init__(self, total: int, began: float) -> None:
        self.total = total
        self.completed = 0
        self.began = began
        self.ended: float | None = None


def _progress(stream: TextIO) -> Progress:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        ProgressColumn,
        SpinnerColumn,
        TaskProgressColumn,
        TextColumn,
    )
    from rich.text import Text

    class StageTime(ProgressColumn):
        """How long the stage has taken: rich's own clock starts when the row is drawn."""

        def render(self, task: Any) -> Text:
            ended = task.fields.get("ended") or time.monotonic()
            return Text(f"{ended - task.fields['began']:5.1f} s", style="progress.elapsed")

    from claimtrack import terminal

    colour = terminal.colour(stream)
    console: Any = Console(
        file=stream, color_system="auto" if colour else None, no_color=not colour, highlight=False
    )
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        TaskProgressColumn(),
        StageTime(),
        console=console,
        transient=True,
        refresh_per_second=5,
        redirect_stdout=False,  # standard output is the command's (and the pager's) alone
        redirect_stderr=True,  # a warning meanwhile is printed above the display
    )
