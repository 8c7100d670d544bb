"""One output shape for every data command, rendered to any format.

A command's library call returns records; the command turns them into a :class:`View`: the full
JSON document for machines, and flat sections (columns of cell text) for tables, CSV and Markdown.
Rich is imported only when a table is actually drawn (and csv only when CSV is written).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from itertools import pairwise
from typing import Any, NamedTuple, TextIO

from claimtrack.safe import csv_cell, json_text, markdown, printable, yaml_text

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


def _plain(cell: str) -> str:
    """A cell as text for machine formats: control characters neutralised, marks made visible."""
    return printable(cell.with_marks() if isinstance(cell, Marked) else cell)


class Section:
    """A titled block of rows: one table on a terminal, rows tagged with ``section`` in CSV.

    (Section and View are plain classes: a dataclass costs a millisecond or two to define, at every
    start-up, and these are built once per command.)
    """

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
    """What a command shows: ``document`` for JSON/YAML, ``sections`` for tables/CSV/Markdown."""

    __slots__ = ("csv_key", "document", "empty_message", "footer", "records", "sections")

    def __init__(
        self,
        document: Any,
        sections: list[Section],
        empty_message: str | None = None,
        footer: str | None = None,
        records: list[Any] | None = None,
        csv_key: str | None = None,
    ) -> None:
        self.document = document
        self.sections = sections
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
    def empty(self) -> bool:
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


def render_text(view: View, fmt: str) -> str:
    """Render a machine format (json, jsonl, csv, yaml, markdown) to a string."""
    if fmt == "json":
        return json_text(_json(view.document)) + "\n"
    if fmt == "jsonl":
        return "".join(json_text(_json(record, None)) + "\n" for record in _jsonl_records(view))
    if fmt == "yaml":
        return yaml_text(view.document)
    if fmt == "csv":
        return _csv(view.sections, view.csv_key)
    if fmt == "markdown":
        return _markdown(view.sections)
    raise ValueError(f"not a text format: {fmt}")


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


def console(stream: TextIO | None = None) -> Any:
    """A rich Console that colours as :func:`claimtrack.terminal.colour` says and never guesses
    markup; a closed pipe raises :class:`BrokenPipeError` to the command line's one handler."""
    from claimtrack import terminal

    stream = stream or sys.stdout
    on_terminal = terminal.is_terminal(stream)
    coloured = terminal.colour(stream)
    return _console_class()(
        file=stream,
        width=None if on_terminal else terminal.pipe_width(),
        no_color=not coloured,
        force_terminal=coloured or on_terminal,
        color_system=("auto" if on_terminal else "256") if coloured else None,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
    )


@cache
def _console_class() -> Any:
    """rich's Console, except on a closed pipe: rich 14 and later exit with status 1 there (13
    raised), so ``list | head -1`` ended as if there were findings, and not as JSON output did."""
    from rich.console import Console

    class PipeSafeConsole(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError

    return PipeSafeConsole


def render_table(view: View, stream: TextIO | None = None) -> None:
    """Draw each section as a rich table that wraps text to the width (never truncates).

    A section with long-text columns (``ratio``) gets widths from :func:`column_widths`, and when
    it cannot fit readably, is drawn as one small field/value table per row instead, so a narrow
    terminal still reads well. Other sections are left to rich's own fitting.
    """
    from rich.text import Text

    out = console(stream)
    # Without colour, reverse video would vanish: mark highlighted spans with »« instead.
    marks = out.color_system is None
    for section in view.sections:
        if not section.rows:
            continue
        columns = [c for c in section.columns if c.in_table]
        cells = [
            [_table_cell(cell, marks) for cell, c in zip(row, section.columns, strict=True)
             if c.in_table]
            for row in section.rows
        ]  # fmt: skip
        if not any(c.ratio for c in columns):
            # No long-text column to favour: rich's own squeeze, as before.
            _print_table(out, section.title, columns, cells, None, section.show_header)
            continue
        widths = column_widths(columns, cells, out.width)
        if widths is None:
            _print_cards(out, section.title, columns, cells)
        else:
            _print_table(out, section.title, columns, cells, widths, section.show_header)
    if view.footer:
        out.print(Text(printable(view.footer)))


def _print_table(
    out: Any,
    title: str | None,
    columns: list[Column],
    cells: list[list[Any]],
    widths: list[int] | None,
    show_header: bool = True,
) -> None:
    if widths is not None:
        _print_segments(out, _draw_table(out, out.options, title, columns, cells, widths, show_header))
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=Text(printable(title)) if title else None,
        title_justify="left",
        show_lines=False,
        expand=False,
        header_style="bold",
        show_header=show_header,
    )
    for i, column in enumerate(columns):
        table.add_column(
            column.heading,
            no_wrap=column.no_wrap,
            width=None if widths is None else widths[i],
            overflow="fold",
            justify=column.justify,  # type: ignore[arg-type]
            style=column.style or "",
        )
    for row in cells:
        table.add_row(*row)
    out.print(table)


def _draw_table(
    out: Any,
    console_options: Any,
    title: Any,
    columns: list[Column],
    cells: list[list[Any]],
    widths: list[int],
    show_header: bool,
) -> list[Any]:
    """The segments of what :func:`_print_table` would have rich draw, given the content widths,
    line for line (``console_options`` is ``out.options``, which asks the terminal its size).

    rich lays out every cell through several layers of renderables (padding, measuring, cropping):
    some 130 ms for a hundred claims, most of a ``list`` on a terminal. The widths are known here,
    so the same table is drawn directly: rows of segments, and rich's own wrapping only for a cell
    that needs it (wider than its column, or with a highlighted span). ``title`` is a string or,
    for a card, the rich Text of its first cell.
    """
    from rich import box
    from rich.segment import Segment
    from rich.text import Text

    frame = box.HEAVY_HEAD.substitute(console_options, safe=out.safe_box)
    if not show_header:
        frame = frame.get_plain_headed_box()
    padded = [width + 2 for width in widths]
    segments: list[Segment] = []
    newline = Segment.line()
    if title:
        table_width = sum(padded) + len(padded) + 1
        shown = Text(printable(title)) if isinstance(title, str) else title
        plain = None if shown.spans or shown.style else _wrap_plain(shown.plain, table_width, _TITLE)
        if plain is not None:
            for piece in plain:
                segments += [Segment(piece), newline]
        else:
            options = console_options.update(
                width=table_width, justify="left", highlight=False, height=None
            )
            segments.extend(out.render(shown, options))
    segments += [Segment(frame.get_top(padded)), newline]
    body_styles = [out.get_style(column.style or "") for column in columns]
    rows: list[tuple[list[Any], list[Any], bool]] = [(row, body_styles, False) for row in cells]
    if show_header:
        bold = [out.get_style("bold")] * len(columns)
        rows.insert(0, ([column.heading for column in columns], bold, True))
    edges = [
        (Segment(frame.head_left), Segment(frame.head_right), Segment(frame.head_vertical)),
        (Segment(frame.mid_left), Segment(frame.mid_right), Segment(frame.mid_vertical)),
        (Segment(frame.foot_left), Segment(frame.foot_right), Segment(frame.foot_vertical)),
    ]
    for index, (row, styles, header) in enumerate(rows):
        rendered = [
            _cell_lines(out, cell, width, column, style)
            for cell, width, column, style in zip(row, widths, columns, styles, strict=True)
        ]
        height = max(len(lines) for lines in rendered)
        left, right, divider = edges[0 if index == 0 else 2 if index == len(rows) - 1 else 1]
        for k, lines in enumerate(rendered):
            blank = [Segment(" " * padded[k], styles[k])]
            gap = [blank] * (height - len(lines))
            # rich aligns a heading at the bottom of its row, any other cell at the top
            rendered[k] = gap + lines if header else lines + gap
        for line in range(height):
            segments.append(left)
            for k, lines in enumerate(rendered):
                if k:
                    segments.append(divider)
                segments.extend(lines[line])
            segments += [right, newline]
        if header:
            segments += [Segment(frame.get_row(padded, "head", edge=True)), newline]
    segments += [Segment(frame.get_bottom(padded)), newline]
    return segments


def _print_segments(out: Any, segments: list[Any]) -> None:
    """Print drawn segments in one go.

    Unstyled runs become one segment each: the console's output loop then has a few dozen pieces
    to write instead of thousands, and the text it writes is the same.
    """
    if not segments:
        return
    from rich.segment import Segment, Segments

    merged: list[Segment] = []
    run: list[str] = []
    for segment in segments:
        if segment.style or segment.control:
            if run:
                merged.append(Segment("".join(run)))
                run = []
            merged.append(segment)
        else:
            run.append(segment.text)
    if run:
        merged.append(Segment("".join(run)))
    out.print(Segments(merged), crop=False)


def _cell_lines(out: Any, cell: Any, width: int, column: Column, style: Any) -> list[list[Any]]:
    """One cell as lines of segments: ``width`` wide and a space either side, as rich draws it."""
    from rich.segment import Segment
    from rich.text import Text

    pad = Segment(" ", style)
    plain = isinstance(cell, str) or not (cell.spans or cell.style)
    lines = _wrap_plain(cell if isinstance(cell, str) else cell.plain, width, column) if plain else None
    if lines is not None:
        return [[pad, Segment(line, style), pad] for line in lines]
    text = Text(cell) if isinstance(cell, str) else cell
    wrapped = text.wrap(out, width, justify=column.justify, overflow="fold",  # type: ignore[arg-type]
                        no_wrap=column.no_wrap)  # fmt: skip
    return [[pad, *Segment.apply_style(line.render(out), style), pad] for line in wrapped]


_WORD: Any = None
"""``\\s*\\S+\\s*`` once compiled: a word and the spaces around it, as rich wraps by."""


def _wrap_plain(text: str, width: int, column: Column) -> list[str] | None:
    """Unstyled cell text as rich's ``Text.wrap(overflow="fold")`` lays it out, each line padded
    to ``width``; None for what it leaves to rich (tabs, an over-long line in a no-wrap column,
    other justification). Doing it here in plain strings is what makes :func:`_draw_table` fast.
    """
    global _WORD
    from rich.cells import cell_len, chop_cells, set_cell_size

    justify = column.justify
    if "\t" in text or justify not in ("left", "right"):
        return None
    result: list[str] = []
    for line in text.split("\n"):
        # printable ASCII is one cell a character: len, without a call into rich per word
        measure = len if line.isascii() and line.isprintable() else cell_len
        size = measure(line)
        if size <= width:
            pieces = [line]
        elif column.no_wrap:
            return None
        else:
            if _WORD is None:
                import re

                _WORD = re.compile(r"\s*\S+\s*")
            breaks: list[int] = []
            offset = 0
            for match in _WORD.finditer(line):
                start, word = match.start(), match.group()
                length = measure(word.rstrip())
                if width - offset >= length:
                    offset += measure(word)
                elif length > width:  # a word longer than a line: folded
                    folded = chop_cells(word, width)
                    for n, part in enumerate(folded, start=1):
                        if start:
                            breaks.append(start)
                        if n == len(folded):
                            offset = cell_len(part)
                        else:
                            start += len(part)
                elif offset and start:
                    breaks.append(start)
                    offset = measure(word)
            bounds = [0, *breaks, len(line)]
            pieces = [line[a:b] for a, b in pairwise(bounds)]
        for piece in pieces:
            if len(piece) > width:  # spaces past the edge go (rich's rstrip_end)
                piece = piece[: max(len(piece.rstrip()), width)]
            if justify == "right":
                piece = piece.rstrip()
            size = measure(piece)
            if size > width:
                piece = set_cell_size(piece, width)
            elif justify == "right":
                piece = " " * (width - size) + piece
            else:
                piece += " " * (width - size)
            result.append(piece)
    return result


_TITLE = Column("title")
"""How a table's title is laid out: wrapped to the table's width, to the left."""

_CARD_COLUMNS = (Column("field", no_wrap=True, style="bold"), Column("value", ratio=1))


def _print_cards(
    out: Any, title: str | None, columns: list[Column], cells: list[list[Any]]
) -> None:
    """Each row as its own field/value table, titled by its first cell.

    Drawn by :func:`_draw_table` with the widths rich gives a full-width table whose field column
    does not wrap (the longest field name) and whose value column takes the rest: a hundred cards
    through rich's layout took 150-200 ms, on an 80-column terminal, the commonest width. A width
    too narrow for that (or a card with no fields) is left to rich.
    """
    from rich.text import Text

    if title:
        out.print(Text(printable(title), style="bold"))
    card_columns = list(_CARD_COLUMNS)
    options = out.options
    width = options.max_width
    drawn: list[Any] = []
    for row in cells:
        fields = [
            [Text(column.heading or column.header), cell]
            for column, cell in zip(columns[1:], row[1:], strict=True)
            if cell.plain
        ]
        names = max((field[0].cell_len for field in fields), default=0)
        room = width - names - 7  # the borders and the padding either side of both columns
        if fields and room >= 1:
            drawn += _draw_table(out, options, row[0], card_columns, fields, [names, room], False)
        else:
            _print_segments(out, drawn)
            drawn = []
            out.print(_rich_card(row[0], fields))
    _print_segments(out, drawn)


def _rich_card(title: Any, fields: list[list[Any]]) -> Any:
    """The card :func:`_print_cards` draws, as rich's own Table (the reference its tests use)."""
    from rich.table import Table

    card = Table(title=title, title_justify="left", show_header=False, expand=True)
    card.add_column(no_wrap=True, style="bold")
    card.add_column(overflow="fold", ratio=1)
    for name, value in fields:
        card.add_row(name, value)
    return card


_CAPS = (24, 16, 10)
"""Widths a column without a ratio is cut down to, in turn, when a table must share the width."""
_MIN_FLEX = 12
"""Least width worth giving a ratio column (statements, quotes): below it, cards are drawn."""
_COMFORTABLE = 30
"""Width of a ratio column at which cutting the other columns further is not worth it."""


_WORD_MAX = 32
"""A word longer than this (a URL, a file name) may be broken to fit: columns are not widened
for it."""


def column_widths(columns: list[Column], cells: list[list[Any]], width: int) -> list[int] | None:
    """Content widths that fit a table of ``cells`` (rich Text) into ``width`` characters, or
    None when nothing readable fits.

    Columns keep their natural width when the table fits. Otherwise the long-text columns (those
    with a ratio) share what the others leave, by ratio: the others are cut to 24, then 16, then
    10 characters (never below their heading, and never a ``no_wrap`` column) until each ratio
    column gets 30 (or its natural width); failing that, the cut that gives them the most room
    while each gets at least 12, and None (cards) when none does. Left alone, rich squeezes the
    widest columns until all are alike, which leaves a statement as narrow as a name. Text wraps,
    never cut.
    """
    from rich.cells import cell_len

    natural = [max(1, cell_len(column.heading)) for column in columns]
    # The longest word of each column (an id, a slot name, a date range): a column is never cut
    # narrower than that, so that no such name is broken mid-word (up to _WORD_MAX).
    words = [0] * len(columns)
    for row in cells:
        for i, cell in enumerate(row):
            plain = cell.plain
            longest = max((cell_len(line) for line in plain.split("\n")), default=0)
            natural[i] = max(natural[i], longest)
            if longest > words[i]:
                words[i] = max(words[i], max((len(w) for w in plain.split()), default=0))
    room = width - (3 * len(columns) + 1)  # a rule and a space either side of each cell
    if sum(natural) <= room:
        return natural
    flexible = [i for i, column in enumerate(columns) if column.ratio]
    fallback: list[int] | None = None
    for cap in _CAPS:
        widths = [
            nat if column.no_wrap
            else min(nat, max(cap, cell_len(column.heading), min(word, _WORD_MAX)))
            for nat, column, word in zip(natural, columns, words, strict=True)
        ]
        rest = room - sum(w for i, w in enumerate(widths) if i not in flexible)
        if not flexible:
            if rest >= 0:
                return widths
            continue
        shares = _share(rest, [natural[i] for i in flexible],
                        [columns[i].ratio or 1 for i in flexible])  # fmt: skip
        if shares is None:
            continue
        for i, share in zip(flexible, shares, strict=True):
            widths[i] = share
        if all(widths[i] >= min(natural[i], _COMFORTABLE) for i in flexible):
            return widths
        room_given = sum(widths[i] for i in flexible)
        if fallback is None or room_given > sum(fallback[i] for i in flexible):
            fallback = widths
    return fallback


def _share(room: int, natural: list[int], ratios: list[int]) -> list[int] | None:
    """Split ``room`` among ratio columns: each first gets ``_MIN_FLEX`` (or its natural width if
    less), then the rest goes by ratio, never beyond a column's natural width. None if the
    minimums do not fit."""
    widths = [min(n, _MIN_FLEX) for n in natural]
    spare = room - sum(widths)
    if spare < 0:
        return None
    while spare > 0:
        hungry = [i for i, (w, n) in enumerate(zip(widths, natural, strict=True)) if w < n]
        if not hungry:
            break
        total = sum(ratios[i] for i in hungry)
        given = 0
        for i in hungry:
            extra = min(natural[i] - widths[i], max(1, spare * ratios[i] // total))
            extra = min(extra, spare - given)
            widths[i] += extra
            given += extra
        spare -= given
        if given == 0:
            break
    return widths


def _table_cell(cell: str, marks: bool) -> Any:
    """A rich Text (never markup) for one cell, with a Marked span highlighted."""
    from rich.text import Text

    if not isinstance(cell, Marked):
        return Text(printable(cell))
    if marks:
        return Text(printable(cell.with_marks()))
    before, inside, after = (printable(part) for part in cell.parts())
    text = Text(before + inside + after)
    text.stylize("bold reverse", len(before), len(before) + len(inside))
    return text


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
    elif fmt == "json":
        stream.writelines(map(json_text, _json_pieces(view.document)))
        stream.write("\n")
    elif fmt == "jsonl":
        stream.writelines(json_text(_json(record, None)) + "\n" for record in _jsonl_records(view))
    else:
        stream.write(render_text(view, fmt))
