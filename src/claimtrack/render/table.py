"""Tables on a terminal: rich's console, the widths a section's columns get, cards for a narrow
terminal; drawn by :mod:`claimtrack.render.fast_table` when the widths are known, by rich's own
``Table`` otherwise (the fallback, and the reference the fast drawing is tested against).
Rich is imported only when a table is actually drawn.
"""

from __future__ import annotations

import sys
from functools import cache
from typing import Any, TextIO

from claimtrack.render.view import Column, Marked, View
from claimtrack.safe import printable


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
            print_table(out, section.title, columns, cells, None, section.show_header)
            continue
        widths = column_widths(columns, cells, out.width)
        if widths is None:
            _print_cards(out, section.title, columns, cells)
        else:
            print_table(out, section.title, columns, cells, widths, section.show_header)
    if view.footer:
        out.print(Text(printable(view.footer)))


def print_table(
    out: Any,
    title: str | None,
    columns: list[Column],
    cells: list[list[Any]],
    widths: list[int] | None,
    show_header: bool = True,
) -> None:
    if widths is not None:
        from claimtrack.render.fast_table import draw_table, print_segments

        print_segments(out, draw_table(out, out.options, title, columns, cells, widths, show_header))
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


_CARD_COLUMNS = (Column("field", no_wrap=True, style="bold"), Column("value", ratio=1))


def _print_cards(
    out: Any, title: str | None, columns: list[Column], cells: list[list[Any]]
) -> None:
    """Each row as its own field/value table, titled by its first cell.

    Drawn by :func:`~claimtrack.render.fast_table.draw_table` with the widths rich gives a full-width table whose field column
    does not wrap (the longest field name) and whose value column takes the rest: a hundred cards
    through rich's layout took 150-200 ms, on an 80-column terminal, the commonest width. A width
    too narrow for that (or a card with no fields) is left to rich.
    """
    from rich.text import Text

    from claimtrack.render.fast_table import draw_table, print_segments

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
            drawn += draw_table(out, options, row[0], card_columns, fields, [names, room], False)
        else:
            print_segments(out, drawn)
            drawn = []
            out.print(_rich_card(row[0], fields))
    print_segments(out, drawn)


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
