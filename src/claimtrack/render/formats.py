"""Every output format by name, as check-jsonschema looks up its reporters: ``--format NAME`` is a
key of :data:`RENDERERS`, and :func:`emit` writes a view through the one it names."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

from claimtrack.render.view import TEXT_FORMATS, View, write_json, write_jsonl

Renderer = Callable[[View, TextIO], None]
"""Writes a view to a stream."""


def _table(view: View, stream: TextIO) -> None:
    from claimtrack.render.table import render_table  # rich, only when a table is drawn

    render_table(view, stream)


def _text(fmt: str) -> Renderer:
    render = TEXT_FORMATS[fmt]

    def write(view: View, stream: TextIO) -> None:
        stream.write(render(view))

    return write


RENDERERS: dict[str, Renderer] = {
    "auto": _table,
    "table": _table,
    "json": write_json,
    "jsonl": write_jsonl,
    "csv": _text("csv"),
    "yaml": _text("yaml"),
    "markdown": _text("markdown"),
}
"""The renderer of each ``--format`` (the keys are :data:`~claimtrack.render.view.DATA_FORMATS`)."""

PEOPLE = frozenset(("auto", "table"))
"""The formats for people: an empty view's message goes to standard output, not stderr."""


def emit(view: View, fmt: str, stream: TextIO | None = None, err: TextIO | None = None) -> None:
    """Write a view in ``fmt`` (``auto`` means a table) to the stream."""
    stream = stream or sys.stdout
    err = err or sys.stderr
    if view.empty and view.empty_message:
        if fmt in PEOPLE:
            stream.write(view.empty_message + "\n")
            return
        err.write(view.empty_message + "\n")
    RENDERERS[fmt](view, stream)
