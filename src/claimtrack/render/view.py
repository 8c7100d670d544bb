"""One output shape for every data command, rendered to any format.

A command's library call returns records; the command turns them into a :class:`View`: the full
JSON document for machines, and flat sections (columns of cell text) for tables, CSV and Markdown.
The machine formats are here; tables on a terminal are :mod:`claimtrack.render.table`'s, and
:mod:`claimtrack.render.formats` looks a renderer up by the format's name. csv is imported only
when CSV is written.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NamedTuple, TextIO

from claimtrack.safe import csv_cell, json_text, markdown, yaml_text

DATA_FORMATS = ("auto", "table", "json", "jsonl", "csv", "yaml", "markdown")


class Column(NamedTuple):
    header: str
    """The name in CSV (and the table heading unless ``label`` is given)."""
    no_wrap: bool = False
    ratio: int | None = None
    """Share of the spare width a wrapping column gets in a table."""
    justify: str = "left"
    style: str | None = None
    """Rich style of the column's cells in a table (e.g. ``"red"`` for a diff's removals)."""
    in_table: bool = True
    """Shown in the table and in Markdown (people); False for machine-only columns."""
    in_csv: bool = True
    """Written to CSV (spreadsheets); False for columns only people need (combined cells)."""
    label: str | None = None
    """A shorter heading for the table and Markdown; CSV keeps ``header``."""

    @property
    def heading(self) -> str:
        return self.header if self.label is None else self.label


MARK_OPEN = "\u00bb"
"""Put before a highlighted span where there is no colour: ``»quote«``."""
MARK_CLOSE = "\u00ab"


class Marked(str):
    """Cell text with one highlighted span ``[start, end)`` (a quote in its paragraph).

    A ``str``, so any renderer can treat it as plain text; the table draws the span in reverse
    video on a colour terminal, and every other output (CSV, Markdown, a table without colour)
    wraps it in ``»«``.
    """

    start: int
    end: int

    def __new__(cls, text: str, start: int, end: int) -> Marked:
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"span {start}..{end} outside 0..{len(text)}")
        cell = super().__new__(cls, text)
        cell.start = start
        cell.end = end
        return cell

    def parts(self) -> tuple[str, str, str]:
        """Before, inside and after the span."""
        text = str.__str__(self)
        return text[: self.start], text[self.start : self.end], text[self.end :]

    def with_marks(self) -> str:
        before, inside, after = self.parts()
        return f"{before}{MARK_OPEN}{inside}{MARK_CLOSE}{after}"


def _marked(cell: str) -> str:
    return cell.with_marks() if isinstance(cell, Marked) else cell


class Section:
    """A titled block of rows: one table on a terminal, rows tagged with ``section`` in CSV (a
    plain class, by the rule in docs/performance.md)."""

    __slots__ = ("columns", "key", "rows", "show_header", "title")

    def __init__(
        self,
        title: str | None,
        columns: list[Column],
        rows: list[list[str]] | None = None,
        key: str | None = None,
        show_header: bool = True,
    ) -> None:
        self.title = title
        self.columns = columns
        self.rows: list[list[str]] = [] if rows is None else rows
        self.key = key
        """Machine name of the section (the CSV/JSONL ``section`` value)."""
        self.show_header = show_header
        """Draw the column headings in a table (False for field/value lists)."""


class View:
    """What a command shows: ``document`` for JSON/YAML, ``sections`` for tables/CSV/Markdown.

    ``sections`` may be given as a function that builds them, called only when a format asks for
    them (a table, CSV, Markdown): JSON of 100,000 claims then never builds their table rows. Such a
    view says whether it is ``empty`` itself, which the machine formats need to know."""

    __slots__ = ("_build", "_empty", "_sections", "csv_key", "document", "empty_message", "footer",
                 "records")  # fmt: skip

    def __init__(
        self,
        document: Any,
        sections: list[Section] | Callable[[], list[Section]],
        empty_message: str | None = None,
        footer: str | None = None,
        records: list[Any] | None = None,
        csv_key: str | None = None,
        empty: bool | None = None,
    ) -> None:
        self.document = document
        self._sections = sections if isinstance(sections, list) else None
        self._build = None if isinstance(sections, list) else sections
        self._empty = empty
        self.csv_key = csv_key
        """When the sections are records of one kind (a dispute each): the CSV gets this column
        naming each row's section, whatever their number, so that its shape never changes."""
        self.empty_message = empty_message
        """Printed (to stderr for machine formats) when every section is empty."""
        self.footer = footer
        """A line under a table (counts, legends); not part of machine formats."""
        self.records = records
        """For JSONL: the records, one per line (defaults to ``document`` when it is a list)."""

    @property
    def sections(self) -> list[Section]:
        if self._sections is None:
            assert self._build is not None
            self._sections = self._build()
        return self._sections

    @property
    def empty(self) -> bool:
        if self._empty is not None:
            return self._empty
        return all(not section.rows for section in self.sections)


def only_sections(view: View, keep: Callable[[str], bool]) -> View:
    """The view with only the sections whose key ``keep`` accepts (one kind of record, for a
    CSV with one header); the JSON document is the same."""
    sections = [section for section in view.sections if keep(section.key or "")]
    return View(view.document, sections, view.empty_message, view.footer, view.records,
                view.csv_key)  # fmt: skip


PRETTY_LIMIT = 1000
"""Lists longer than this are written as JSON one item per line: indenting goes through the
pure-Python encoder, many times slower than the C one, and 100,000 claims must stay quick."""


def _json(value: Any, indent: int | None = 2) -> str:
    return "".join(_json_pieces(value, indent))


def _json_pieces(value: Any, indent: int | None = 2, level: int = 0) -> Iterator[str]:
    """The JSON text of ``value`` in pieces, a long list one item at a time, so that a large
    document is written out without ever being one string (an 8 MB conflicts document held
    as text, pieces and bytes added 60 MB to the peak). A long list nested deeper (the claims of
    one value of a dispute) is written the same way, its containers indented as usual."""
    if indent is None or not _heavy(value):
        text = json.dumps(value, indent=indent, ensure_ascii=False, sort_keys=False)
        yield text.replace("\n", "\n" + " " * (indent * level)) if indent and level else text
        return
    pad = " " * indent
    here = pad * level
    if isinstance(value, list) and len(value) > PRETTY_LIMIT:
        inner = here + pad if level else ""
        for n, item in enumerate(value):
            yield (",\n" if n else "[\n") + inner + _json(item, None)
        yield f"\n{here}]"
    elif isinstance(value, dict):
        for n, (key, member) in enumerate(value.items()):
            yield ("{\n" if n == 0 else ",\n") + f"{here}{pad}{json.dumps(key, ensure_ascii=False)}: "
            yield from _json_pieces(member, indent, level + 1)
        yield f"\n{here}}}"
    else:
        for n, item in enumerate(value):
            yield ("[\n" if n == 0 else ",\n") + here + pad
            yield from _json_pieces(item, indent, level + 1)
        yield f"\n{here}]"


def _heavy(value: Any, depth: int = 0) -> bool:
    """A list of more than :data:`PRETTY_LIMIT` items, or a container holding one (looked for a
    few levels down: documents nest their long lists at most that deep)."""
    if isinstance(value, list):
        if len(value) > PRETTY_LIMIT:
            return True
        return depth < 6 and any(isinstance(v, (list, dict)) and _heavy(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return depth < 6 and any(
            isinstance(v, (list, dict)) and _heavy(v, depth + 1) for v in value.values()
        )
    return False


def _jsonl_records(view: View) -> list[Any]:
    records = view.records if view.records is not None else view.document
    return records if isinstance(records, list) else [records]


def write_json(view: View, stream: TextIO) -> None:
    """The document as indented JSON, written in pieces (:func:`_json_pieces`)."""
    stream.writelines(map(json_text, _json_pieces(view.document)))
    stream.write("\n")


def write_jsonl(view: View, stream: TextIO) -> None:
    """The records, one compact JSON document a line."""
    stream.writelines(json_text(_json(record, None)) + "\n" for record in _jsonl_records(view))


def render_text(view: View, fmt: str) -> str:
    """Render a machine format (json, jsonl, csv, yaml, markdown) to a string."""
    render = TEXT_FORMATS.get(fmt)
    if render is None:
        raise ValueError(f"not a text format: {fmt}")
    return render(view)


def _csv(sections: Sequence[Section], key: str | None = None) -> str:
    """RFC 4180 CSV with a header row; several sections share one file with a ``section``
    column (named ``key`` and always there when the view gives one)."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    _csv = _csv_cell
    several = len(sections) > 1 or key is not None
    if several:
        headers: list[str] = []
        for section in sections:
            for column in section.columns:
                if column.in_csv and column.header not in headers:
                    headers.append(column.header)
        writer.writerow([key or "section", *headers])
        for section in sections:
            index = {c.header: i for i, c in enumerate(section.columns) if c.in_csv}
            for row in section.rows:
                writer.writerow(
                    [section.key or section.title or ""]
                    + [_csv(row[index[h]]) if h in index else "" for h in headers]
                )
    elif sections:
        keep = [i for i, c in enumerate(sections[0].columns) if c.in_csv]
        writer.writerow([sections[0].columns[i].header for i in keep])
        writer.writerows([[_csv(row[i]) for i in keep] for row in sections[0].rows])
    return buffer.getvalue()


def _csv_cell(cell: str) -> str:
    return csv_cell(cell.with_marks() if isinstance(cell, Marked) else cell)


def _md_cell(text: str) -> str:
    return markdown(text)


def _markdown(sections: Sequence[Section]) -> str:
    out: list[str] = []
    for section in sections:
        if section.title:
            out.append(f"### {_md_cell(section.title)}\n")
        keep = [i for i, c in enumerate(section.columns) if c.in_table]
        columns = [section.columns[i] for i in keep]
        out.append("| " + " | ".join(_md_cell(c.heading) for c in columns) + " |")
        out.append("|" + "|".join("---:" if c.justify == "right" else "---" for c in columns) + "|")
        for row in section.rows:
            out.append("| " + " | ".join(_md_cell(_marked(row[i])) for i in keep) + " |")
        out.append("")
    return "\n".join(out)


TEXT_FORMATS: dict[str, Callable[[View], str]] = {
    "json": lambda view: json_text(_json(view.document)) + "\n",
    "jsonl": lambda view: "".join(
        json_text(_json(record, None)) + "\n" for record in _jsonl_records(view)
    ),
    "yaml": lambda view: yaml_text(view.document),
    "csv": lambda view: _csv(view.sections, view.csv_key),
    "markdown": lambda view: _markdown(view.sections),
}
"""Each machine format by name: the view as its text (:func:`render_text`)."""
