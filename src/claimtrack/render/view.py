"""One output shape for every data command, rendered to any format.

A command's library call returns records; the command turns them into a :class:`View`: the full
JSON document for machines, and flat sections (columns of cell text) for tables, CSV and Markdown.
Rich is imported only when a table is actually drawn.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from claimtrack.text import printable

DATA_FORMATS = ("auto", "table", "json", "jsonl", "csv", "yaml", "markdown")


@dataclass(frozen=True)
class Column:
    header: str
    no_wrap: bool = False
    ratio: int | None = None
    """Share of the spare width a wrapping column gets in a table."""
    justify: str = "left"


@dataclass
class Section:
    """A titled block of rows: one table on a terminal, rows tagged with ``section`` in CSV."""

    title: str | None
    columns: list[Column]
    rows: list[list[str]] = field(default_factory=list)
    key: str | None = None
    """Machine name of the section (the CSV/JSONL ``section`` value)."""


@dataclass
class View:
    """What a command shows: ``document`` for JSON/YAML, ``sections`` for tables/CSV/Markdown."""

    document: Any
    sections: list[Section]
    empty_message: str | None = None
    """Printed (to stderr for machine formats) when every section is empty."""
    footer: str | None = None
    """A line under a table (counts, legends); not part of machine formats."""
    records: list[Any] | None = None
    """For JSONL: the records, one per line (defaults to ``document`` when it is a list)."""

    @property
    def empty(self) -> bool:
        return all(not section.rows for section in self.sections)


def _json(value: Any, indent: int | None = 2) -> str:
    return json.dumps(value, indent=indent, ensure_ascii=False, sort_keys=False)


def render_text(view: View, fmt: str) -> str:
    """Render a machine format (json, jsonl, csv, yaml, markdown) to a string."""
    if fmt == "json":
        return _json(view.document) + "\n"
    if fmt == "jsonl":
        records = view.records if view.records is not None else view.document
        if not isinstance(records, list):
            records = [records]
        return "".join(_json(record, None) + "\n" for record in records)
    if fmt == "yaml":
        import yaml

        return yaml.safe_dump(view.document, sort_keys=False, allow_unicode=True, width=100)
    if fmt == "csv":
        return _csv(view.sections)
    if fmt == "markdown":
        return _markdown(view.sections)
    raise ValueError(f"not a text format: {fmt}")


def _csv(sections: Sequence[Section]) -> str:
    """RFC 4180 CSV with a header row; several sections share one file with a ``section`` column."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    several = len(sections) > 1
    if several:
        headers: list[str] = []
        for section in sections:
            for column in section.columns:
                if column.header not in headers:
                    headers.append(column.header)
        writer.writerow(["section", *headers])
        for section in sections:
            index = {c.header: i for i, c in enumerate(section.columns)}
            for row in section.rows:
                writer.writerow(
                    [section.key or section.title or ""]
                    + [printable(row[index[h]]) if h in index else "" for h in headers]
                )
    elif sections:
        writer.writerow([c.header for c in sections[0].columns])
        writer.writerows([[printable(cell) for cell in row] for row in sections[0].rows])
    return buffer.getvalue()


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def _markdown(sections: Sequence[Section]) -> str:
    out: list[str] = []
    for section in sections:
        if section.title:
            out.append(f"### {_md_cell(section.title)}\n")
        out.append("| " + " | ".join(_md_cell(c.header) for c in section.columns) + " |")
        out.append("|" + "|".join("---:" if c.justify == "right" else "---" for c in section.columns) + "|")
        for row in section.rows:
            out.append("| " + " | ".join(_md_cell(printable(cell)) for cell in row) + " |")
        out.append("")
    return "\n".join(out)


def console(stream: TextIO | None = None) -> Any:
    """A rich Console that colours only a terminal, honours NO_COLOR, and never guesses markup."""
    from rich.console import Console

    stream = stream or sys.stdout
    terminal = bool(getattr(stream, "isatty", lambda: False)())
    width = None
    if not terminal:
        try:
            width = int(os.environ.get("COLUMNS", "")) or None
        except ValueError:
            width = None
        width = width or 120
    return Console(
        file=stream,
        width=width,
        no_color=bool(os.environ.get("NO_COLOR")),
        force_terminal=terminal,
        color_system="auto" if terminal and not os.environ.get("NO_COLOR") else None,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
    )


def render_table(view: View, stream: TextIO | None = None) -> None:
    """Draw each section as a rich table that wraps text to the width (never truncates)."""
    from rich.table import Table
    from rich.text import Text

    out = console(stream)
    for section in view.sections:
        if not section.rows:
            continue
        table = Table(
            title=Text(printable(section.title)) if section.title else None,
            title_justify="left",
            show_lines=False,
            expand=False,
            header_style="bold",
        )
        for column in section.columns:
            table.add_column(
                column.header,
                no_wrap=column.no_wrap,
                ratio=column.ratio,
                overflow="fold",
                justify=column.justify,  # type: ignore[arg-type]
            )
        for row in section.rows:
            table.add_row(*(Text(printable(cell)) for cell in row))
        out.print(table)
    if view.footer:
        out.print(Text(printable(view.footer)))


def emit(view: View, fmt: str, stream: TextIO | None = None, err: TextIO | None = None) -> None:
    """Write a view in ``fmt`` (``auto`` means a table) to the stream."""
    stream = stream or sys.stdout
    err = err or sys.stderr
    if view.empty and view.empty_message:
        if fmt in ("auto", "table"):
            stream.write(view.empty_message + "\n")
            return
        err.write(view.empty_message + "\n")
    if fmt in ("auto", "table"):
        render_table(view, stream)
    else:
        stream.write(render_text(view, fmt))
