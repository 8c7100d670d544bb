"""``claimtrack dates``: what a date phrase resolves to, and why, without editing the claims file."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from claimtrack.cli.options import format_option

if TYPE_CHECKING:
    from claimtrack.dates import Explanation, Interval
    from claimtrack.render.view import View

_KINDS = {
    "absolute": "an absolute date: no anchor needed",
    "relative": "relative to the article's date (or a source's said_on)",
    "event": "relative to an event: a claim's 'anchor' (another claim, or a date)",
    "composed": "an offset from the date written in the phrase",
}


@click.command()
@click.argument("phrase")
@click.option(
    "--on", "on", metavar="DATE",
    help="What the phrase counts from: the article's date, a said_on, or an anchor's date "
    "(an absolute date: 2024-06-28, 'June 2024', 2024-01-10..2024-01-31).",
)  # fmt: skip
@format_option()
def dates(phrase: str, on: str | None, fmt: str) -> None:
    """Show what a date phrase resolves to, and why (--on DATE: the date it counts from).

    The phrase is read by the same grammar as a claim's 'when', 'as_of' and 'said_on'; the
    rule that matched is named, so a curator can try a phrase without editing the file.
    """
    from claimtrack.render.formats import emit

    emit(_view(_explained(phrase, _anchor(on)), on), fmt)


def _anchor(on: str | None) -> Interval | None:
    """``--on DATE``: an absolute date or interval, else :class:`UsageError` (exit 2)."""
    if on is None:
        return None
    from claimtrack.dates import DateParseError, is_relative, parse_interval, resolve_when
    from claimtrack.problems import UsageError

    try:
        if is_relative(on):
            raise DateParseError(f"'{on}' is relative: --on needs an absolute date")
        return parse_interval(on) if ".." in on else resolve_when(on, None)
    except DateParseError as exc:
        raise UsageError(f"--on: {exc}") from None


def _explained(phrase: str, anchor: Interval | None) -> Explanation:
    """What the phrase resolves to and by which rule, else :class:`UsageError` (exit 2)."""
    from claimtrack.dates import DateParseError, MissingAnchorError, explain
    from claimtrack.problems import UsageError

    try:
        return explain(phrase, anchor)
    except MissingAnchorError:
        raise UsageError(
            f"'{phrase}' is relative: give --on DATE, the date it counts from"
        ) from None
    except DateParseError as exc:
        raise UsageError(str(exc)) from None


def _record(found: Explanation, on: str | None) -> dict[str, Any]:
    return {
        "phrase": found.text,
        "kind": found.kind,
        "rule": found.form,
        "on": on if found.kind in ("relative", "event") else None,
        "anchor": None if found.anchor is None else found.anchor.to_json(),
        "resolved": found.interval.to_json(),
        "text": str(found.interval),
    }


def _view(found: Explanation, on: str | None) -> View:
    from claimtrack.render.view import Column, Section, View

    record = _record(found, on)
    rows = [
        ["phrase", found.text],
        ["resolves to", f"{found.interval} ({found.interval.precision})"],
        ["rule", found.form],
        ["kind", _KINDS[found.kind]],
    ]
    if found.anchor is not None:
        rows.append(["counted from", str(found.anchor)])
    columns = [Column("field", no_wrap=True), Column("value", ratio=1)]
    return View(record, [Section(None, columns, rows, key="dates", show_header=False)],
                records=[record])  # fmt: skip
