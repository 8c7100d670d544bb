"""When output is coloured, and how wide a table is drawn: one policy for every renderer.

The command line sets :data:`settings` from ``--color``; everything that draws (rich tables, the
problem list) asks :func:`colour` instead of looking at the stream and the environment itself, so
that ``--color``, ``NO_COLOR`` and ``FORCE_COLOR`` mean the same everywhere.
"""

from __future__ import annotations

import os
from typing import Any, Literal

ColourMode = Literal["auto", "always", "never"]

PIPE_WIDTH = 120
"""Columns of a table sent to a pipe or a file when ``COLUMNS`` does not say."""


class Settings:
    """What this process was asked for on the command line."""

    __slots__ = ("colour",)

    def __init__(self) -> None:
        self.colour: ColourMode = "auto"


settings = Settings()


def is_terminal(stream: Any) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)())


def colour(stream: Any) -> bool:
    """Whether to colour ``stream``.

    ``--color always|never`` decides; with ``auto`` (the default), ``NO_COLOR`` (any non-empty
    value, https://no-color.org) turns colour off, then ``FORCE_COLOR`` (non-empty, not ``0``)
    turns it on even in a pipe (for ``less -R``), and otherwise only a terminal is coloured.
    """
    if settings.colour != "auto":
        return settings.colour == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "0") not in ("", "0"):
        return True
    return is_terminal(stream)


def pipe_width() -> int:
    """The width of a table written to a pipe or a file: ``COLUMNS`` when set, else 120."""
    try:
        return int(os.environ.get("COLUMNS", "")) or PIPE_WIDTH
    except ValueError:
        return PIPE_WIDTH
