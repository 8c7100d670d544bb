"""How far a long stage has got, told to whoever shows it: the library itself never prints.

The long loops (parsing the claims file, reading the articles, anchoring the quotes, the rules,
the near-duplicate scan, the disputes) report through :func:`track` or :func:`stage`. Only the
command line installs a :class:`Reporter` (on a terminal, :mod:`claimtrack.cli.progress_display`);
without one, ``track`` hands a loop its own iterable back and ``stage`` returns None, so a script,
a notebook, a test or a pipe pays nothing per item.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from typing import Protocol, TypeVar

T = TypeVar("T")


class Reporter(Protocol):
    """What shows progress. Calls come from the thread running the library, one stage at a time."""

    def start(self, stage: str, total: int) -> None:
        """A stage of ``total`` steps begins; the previous one is over."""

    def update(self, completed: int) -> None:
        """``completed`` steps of the current stage are done (called often: keep it cheap)."""


_installed: Reporter | None = None

STEPS = 200
"""Updates :func:`track` sends per stage at most, whatever its length."""


@contextmanager
def reporting(reporter: Reporter) -> Iterator[None]:
    """Send the stages run in the body to ``reporter``; the one before is restored after."""
    global _installed
    previous, _installed = _installed, reporter
    try:
        yield
    finally:
        _installed = previous


def stage(name: str, total: int) -> Callable[[int], None] | None:
    """Begin a stage of ``total`` steps: the function to tell how many are done, or None when
    no reporter listens (check for None in the loop, and nothing else runs there)."""
    reporter = _installed
    if reporter is None:
        return None
    reporter.start(name, total)
    return reporter.update


def track(items: Collection[T], name: str) -> Iterable[T]:
    """``items`` as a stage of ``len(items)`` steps, one per item done (or ``items`` itself when
    no reporter listens)."""
    reporter = _installed
    if reporter is None:
        return items
    return _tracked(items, name, reporter)


def _tracked(items: Collection[T], name: str, reporter: Reporter) -> Iterator[T]:
    total = len(items)
    reporter.start(name, total)
    step = max(1, total // STEPS)
    done = 0
    for item in items:
        yield item
        done += 1  # the loop's body for this item has run
        if not done % step:
            reporter.update(done)
    reporter.update(done)
