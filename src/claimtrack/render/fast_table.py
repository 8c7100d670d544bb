"""The hand-drawn terminal table: what rich's ``Table`` draws, drawn directly from known widths.

rich's table layout was most of a ``list`` on a terminal (a hundred claims); with the column widths
known (:func:`claimtrack.render.table.column_widths`), the same table is drawn here as rows of
segments, plain cells wrapped in plain strings (:func:`wrap_plain`) and rich's own wrapping used only
for a cell that needs it (styled, or with a highlighted span). :mod:`claimtrack.render.table` is the
fallback: whatever this module leaves (no widths, a card too narrow) rich draws itself.
``tests/test_startup_table.py`` keeps both equal, byte for byte.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from claimtrack.render.view import Column
from claimtrack.safe import printable


def draw_table(
    out: Any,
    console_options: Any,
    title: Any,
    columns: list[Column],
    cells: list[list[Any]],
    widths: list[int],
    show_header: bool,
) -> list[Any]:
    """The segments of what :func:`claimtrack.render.table.print_table` would have rich draw, given the content widths,
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
        plain = None if shown.spans or shown.style else wrap_plain(shown.plain, table_width, _TITLE)
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


def print_segments(out: Any, segments: list[Any]) -> None:
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
    lines = wrap_plain(cell if isinstance(cell, str) else cell.plain, width, column) if plain else None
    if lines is not None:
        return [[pad, Segment(line, style), pad] for line in lines]
    text = Text(cell) if isinstance(cell, str) else cell
    wrapped = text.wrap(out, width, justify=column.justify, overflow="fold",  # type: ignore[arg-type]
                        no_wrap=column.no_wrap)  # fmt: skip
    return [[pad, *Segment.apply_style(line.render(out), style), pad] for line in wrapped]


_WORD: Any = None
"""``\\s*\\S+\\s*`` once compiled: a word and the spaces around it, as rich wraps by."""


def wrap_plain(text: str, width: int, column: Column) -> list[str] | None:
    """Unstyled cell text as rich's ``Text.wrap(overflow="fold")`` lays it out, each line padded
    to ``width``; None for what it leaves to rich (tabs, an over-long line in a no-wrap column,
    other justification). Doing it here in plain strings is what makes :func:`draw_table` fast.
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
