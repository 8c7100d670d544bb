"""The table drawn on a terminal: claimtrack lays out plain cells itself (rich's table layout was
most of a ``list`` on a terminal), and must lay them out exactly as rich would."""

from __future__ import annotations

import io
import os

from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table
from rich.text import Text

from claimtrack.render.fast_table import wrap_plain
from claimtrack.render.table import render_table
from claimtrack.render.view import Column, Marked, Section, View

pieces = st.sampled_from(
    ["a", "word", "longerword", "averyveryverylongwordindeed", " ", "  ", "\n", "é", "漢字", "-",
     "wedding-2011", "»", "x" * 30, ", ", ".", "\u200b"]
)  # fmt: skip
texts = st.lists(pieces, max_size=25).map("".join)


@given(texts, st.integers(1, 40), st.sampled_from(["left", "right"]))
def test_plain_cells_wrap_as_rich_wraps_them(text: str, width: int, justify: str) -> None:
    console = Console(width=200, file=io.StringIO())
    expected = [line.plain for line in
                Text(text).wrap(console, width, justify=justify, overflow="fold")]  # type: ignore[arg-type]  # fmt: skip
    assert wrap_plain(text, width, Column("c", justify=justify)) == expected


def _rich_table(view: View, width: int, widths: list[int]) -> str:
    """What rich's own Table draws for the view's one section at the given content widths."""
    out = Console(file=io.StringIO(), width=width, color_system=None, highlight=False,
                  markup=False, emoji=False)  # fmt: skip
    section = view.sections[0]
    table = Table(title=Text(section.title) if section.title else None, title_justify="left",
                  header_style="bold", show_header=section.show_header)  # fmt: skip
    for column, size in zip(section.columns, widths, strict=True):
        table.add_column(column.heading, no_wrap=column.no_wrap, width=size, overflow="fold",
                         justify=column.justify)  # type: ignore[arg-type]  # fmt: skip
    for row in section.rows:
        table.add_row(*(Text(c.with_marks()) if isinstance(c, Marked) else Text(c) for c in row))
    out.print(table)
    return out.file.getvalue()  # type: ignore[attr-defined]


@given(st.lists(st.tuples(texts, texts, texts), min_size=1, max_size=5), st.booleans(),
       st.integers(50, 120))  # fmt: skip
def test_tables_are_drawn_as_rich_draws_them(
    rows: list[tuple[str, str, str]], header: bool, width: int
) -> None:
    from claimtrack.render.table import column_widths

    columns = [Column("id", no_wrap=True), Column("statement", ratio=2),
               Column("n", justify="right")]  # fmt: skip
    cells = [[f"id{i}", b, c] for i, (_, b, c) in enumerate(rows)]
    cells[0][1] = Marked(cells[0][1], 0, len(cells[0][1]))  # a highlighted span: rich wraps it
    view = View([], [Section("a title", columns, cells, show_header=header)])
    shown = [[Text(c.with_marks() if isinstance(c, Marked) else c) for c in row] for row in cells]
    widths = column_widths(columns, shown, width)
    if widths is None:
        return  # cards: drawn by rich itself
    ours = io.StringIO()
    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(width)  # (hypothesis and monkeypatch do not mix)
    try:
        render_table(view, ours)
    finally:
        if saved is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = saved
    expected = _rich_table(view, width, widths)
    assert ours.getvalue() == expected


def _console(width: int, colour: bool) -> Console:
    return Console(file=io.StringIO(), width=width, color_system="standard" if colour else None,
                   force_terminal=colour, highlight=False, markup=False, emoji=False)  # fmt: skip


@given(st.lists(st.tuples(texts, texts, st.booleans()), min_size=1, max_size=4), texts,
       st.integers(1, 60), st.booleans())  # fmt: skip
def test_cards_are_drawn_as_rich_draws_them(
    rows: list[tuple[str, str, bool]], title: str, width: int, colour: bool
) -> None:
    """Cards (a narrow terminal) come out byte for byte as rich's own tables would draw them,
    colours included, down to widths too narrow for the direct drawing (left to rich)."""
    from claimtrack.render.table import _print_cards, _rich_card

    columns = [Column("id"), Column("statement"), Column("sources"), Column("quote")]
    cells: list[list[Text]] = []
    for index, (statement, sources, marked) in enumerate(rows):
        quote = Text(f"before {statement} after")
        if marked:  # a highlighted span, drawn in reverse video
            quote.stylize("bold reverse", 7, 7 + len(statement))
        cells.append([Text(f"claim-{index}{title}"), Text(statement), Text(sources), quote])
    ours, theirs = _console(width, colour), _console(width, colour)
    _print_cards(ours, "cards", columns, cells)
    theirs.print(Text("cards", style="bold"))
    for row in cells:
        pairs = zip(columns[1:], row[1:], strict=True)
        fields = [[Text(c.header), cell] for c, cell in pairs if cell.plain]
        theirs.print(_rich_card(row[0], fields))
    assert ours.file.getvalue() == theirs.file.getvalue()  # type: ignore[attr-defined]
