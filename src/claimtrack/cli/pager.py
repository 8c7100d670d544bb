"""Long output on a terminal goes through a pager, as git does.

Only when standard output is a terminal: a command's output is gathered, and if it is longer than
the screen it is handed to ``$CLAIMTRACK_PAGER``, else ``$PAGER``, else ``less`` (with
``LESS=FRX`` when ``LESS`` is unset, so colour passes and a short page exits at once); otherwise it
is written as it is. Never in a pipe, never with ``--no-pager``, and a pager that cannot be found is
no error: the text is written directly.
"""

from __future__ import annotations

import io
import os
import shlex
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO


class _Screen(io.StringIO):
    """Gathers what a command writes, standing in for the terminal it would have gone to."""

    def __init__(self, terminal: TextIO) -> None:
        super().__init__()
        self._terminal = terminal

    def isatty(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._terminal, "encoding", None) or "utf-8"


def pager_command() -> str | None:
    """The pager to run, or None for none (``PAGER=`` or ``PAGER=cat``, as git reads them)."""
    for name in ("CLAIMTRACK_PAGER", "PAGER"):
        if name in os.environ:
            command = os.environ[name].strip()
            return None if command in ("", "cat") else command
    return "less"


@contextmanager
def paged(enabled: bool) -> Iterator[None]:
    """Run the body with standard output gathered, then page it if it does not fit the screen."""
    terminal = sys.stdout
    if not enabled or not terminal.isatty():
        yield
        return
    screen = _Screen(terminal)
    sys.stdout = screen
    try:
        yield
    finally:
        sys.stdout = terminal
        _show(screen.getvalue(), terminal)


def _show(text: str, terminal: TextIO) -> None:
    if not text:
        return
    command = pager_command()
    height = shutil.get_terminal_size().lines
    runnable = command is not None and shutil.which(shlex.split(command)[0] if command else "")
    if command is None or not runnable or text.count("\n") < height:
        terminal.write(text)
        terminal.flush()
        return
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    encoding = getattr(terminal, "encoding", None) or "utf-8"
    terminal.flush()
    # As git does: Ctrl-C belongs to the pager while it runs, not to us.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        process = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
        assert process.stdin is not None
        try:
            process.stdin.write(text.encode(encoding, errors="replace"))
            process.stdin.close()
        except BrokenPipeError:  # the reader quit the pager before the end
            pass
        process.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
