"""``claimtrack conflicts`` and ``claimtrack timeline``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from claimtrack.cli.base import finish, note_subject_matches, open_analysis, project_options
from claimtrack.cli.options import (
    ATTRIBUTION_CHOICES,
    article_option,
    attribution_option,
    date_options,
    format_option,
    limit_option,
    slot_option,
    subject_option,
    text_option,
    what_option,
    which_records,
)

if TYPE_CHECKING:
    from claimtrack.analysis import Analysis
    from claimtrack.record_types import DisputeRecord, IntervalRecord
    from claimtrack.records import TimelineRecords
    from claimtrack.render.view import Section, View



def _subjects(analysis: Analysis, subject: str | None) -> set[str] | None:
    if subject is None:
        return None
    from claimtrack.query import subject_keys

    return subject_keys(analysis.ledger.claims_file, subject)


def _matching_claims(
    analysis: Analysis, subject: str | None, article: str | None, attributions: tuple[str, ...],
    slot: str | None, since: str | None, until: str | None, text: str | None,
) -> set[int] | None:  # fmt: skip
    from claimtrack.query import matching_claims, subject_keys

    found = matching_claims(
        analysis.ledger, subject=subject, article=article, attributions=attributions, slot=slot,
        since=since, until=until, text=text,
    )  # fmt: skip
    if subject is not None:
        keys = subject_keys(analysis.ledger.claims_file, subject)
        note_subject_matches(analysis.ledger.claims_file, subject, keys)
    return found



def _article_label(analysis: Analysis, article: str, short: dict[str, str] | None = None) -> str:
    """``003 (2024-01-10..2024-01-31, Us Weekly)``: the article by its unique prefix in a table
    (its whole name is in the CSV and JSON), with its date and outlet."""
    date = analysis.ledger.dates.get(article)
    when = str(date.interval) if date is not None and date.interval is not None else "undated"
    meta = analysis.ledger.claims_file.articles.get(article)
    outlet = f", {meta.outlet}" if meta is not None and meta.outlet else ""
    name = short.get(article, article) if short is not None else article
    return f"{name} ({when}{outlet})"


def conflicts_view(
    analysis: Analysis, records: list[DisputeRecord], comparison: dict[str, int] | None = None
) -> View:
    """Disputes as one section each: a row per citation, grouped by the value it supports (built
    only for the formats that show sections)."""
    from claimtrack.render.view import View

    count = len(records)
    summary = ""
    document: dict[str, Any] = {"conflicts": records, "count": count}
    if comparison is not None:
        from claimtrack.conflicts import Comparison

        summary = Comparison(*(comparison[name] for name in Comparison._fields)).summary()
        document["compared"] = comparison
    return View(
        document=document,
        sections=lambda: _conflict_sections(analysis, records),
        records=records,
        empty=not records,  # every dispute has rows: a claim has a source
        empty_message="no conflicts" + (f"; {summary}" if summary else ""),
        csv_key="dispute",
        footer=f"{count} conflict{'s' * (count != 1)}" + (f"; {summary}" if summary else "")
        + ("\ncontradicts link: a contradiction the curator linked by hand ('contradicts'), which "
           "no slot captures" if any(r["kind"] == "explicit" for r in records) else ""),
    )


def _conflict_sections(analysis: Analysis, records: list[DisputeRecord]) -> list[Section]:
    from claimtrack.query import short_article_ids
    from claimtrack.render.view import Column, Section

    short = short_article_ids(analysis.ledger.articles)
    sections = []
    for number, record in enumerate(records, 1):
        section = Section(title=_heading(number, record), key=str(number), columns=[
            Column("side", no_wrap=True, in_csv=False),
            Column("claim", no_wrap=True, in_csv=False),  # an id is never broken
            Column("statement", ratio=2, in_csv=False),
            Column("value", in_csv=False),
            Column("resolved", in_csv=False),
            Column("article", ratio=2, in_csv=False),
            Column("attribution", ratio=2, in_csv=False),
            Column("quote", ratio=4, in_csv=False),
            # Tidy data for spreadsheets: one value per cell, on every row.
            *(Column(name, in_table=False) for name in _CSV_COLUMNS),
        ])  # fmt: skip
        for k, position in enumerate(record["positions"]):
            letter = _letter(k)
            strength = position["strength"]
            for c, side in enumerate(position["claims"]):
                claim = side["claim"]
                value = side["value"]
                for s, source in enumerate(claim["sources"]):
                    reading = value["readings"][s]
                    resolved = reading["resolved"]
                    resolved_text = (
                        _interval_text(resolved) if resolved else (reading["error"] or "")
                    )
                    first = s == 0
                    # The side's letter; what it rests on is in the heading's second line.
                    head = letter if first and c == 0 else ""
                    date = analysis.ledger.dates.get(source["article"])
                    meta = analysis.ledger.claims_file.articles.get(source["article"])
                    section.rows.append([
                        head,
                        claim["id"] if first else "",
                        claim["statement"] if first else "",
                        (value["written"] or "") if first else "",
                        resolved_text,
                        _article_label(analysis, source["article"], short),
                        f"{source['attribution']}: {source['attributed_to']}",
                        source["quote"]
                        + (f" (line {source['line']})" if source.get("line") else ""),
                        # the CSV columns
                        record["kind"], record["subject"], record["slot"] or "",
                        record.get("as_of") or "", letter, position["value"] or "",
                        str(strength["claims"]), str(strength["sources"]),
                        str(strength["origins"]), claim["id"], claim["statement"],
                        value["written"] or "", resolved_text, source["article"],
                        "" if date is None or date.interval is None else str(date.interval),
                        (meta.outlet if meta is not None else None) or "",
                        source["attribution"], source["attributed_to"], source["quote"],
                        str(source.get("line") or ""),
                    ])  # fmt: skip
        sections.append(section)
    return sections


_CSV_COLUMNS = (
    "kind", "subject", "slot", "as_of", "side", "side_value", "side_claims",
    "side_citations", "side_origins", "claim", "statement", "value", "resolved", "article",
    "article_date", "outlet", "attribution", "attributed_to", "quote", "line",
)  # fmt: skip
"""A dispute's CSV: one row per (side, claim, citation), one value per cell, after the
``dispute`` column (its number)."""

_KIND_LABELS = {
    "date": "dates that cannot both hold",
    "age": "ages that cannot both hold",
    "number": "numbers that cannot both hold",
    "value": "values that differ",
    "explicit": "contradicts link",
}


def _heading(number: int, record: DisputeRecord) -> str:
    """One line saying what each side says, then what each rests on, then the curator's reason.

    ``3. Natalie Portman · wedding: 2011 vs 2012``; an explicit link has no slot and no value,
    so its sides are named by their claims."""
    subject = record["subject_name"] or record["subject"]
    when = f" (as of {record['as_of']})" if record.get("as_of") else ""
    sides = []
    for position in record["positions"]:
        shown = [side["value"]["written"] for side in position["claims"]]
        written = [w for w in dict.fromkeys(shown) if w]
        if record["kind"] == "explicit" or not written:
            written = [side["claim"]["id"] for side in position["claims"]]
        sides.append(" / ".join(written[:3]) + (" / …" if len(written) > 3 else ""))
    what = record["slot"] if record["slot"] else _KIND_LABELS.get(record["kind"], record["kind"])
    return (
        f"{number}. {subject} · {what}{when}: {' vs '.join(sides)}\n"
        f"{record['summary']}\n"
        f"why: {record['reason']}"
    )


def _letter(k: int) -> str:
    """A, B, ..., Z, AA, AB, ...: a dispute may have more values than letters."""
    out = ""
    k += 1
    while k:
        k, r = divmod(k - 1, 26)
        out = chr(65 + r) + out
    return out


def _interval_text(data: IntervalRecord) -> str:
    from claimtrack.dates import Interval

    return str(Interval.from_json(data))


@click.command()
@project_options
@subject_option("Only disputes with a claim about this subject (a key, name or alias).")
@slot_option("Only disputes in this slot.")
@article_option("Only disputes with a claim citing this article (name or prefix).")
@attribution_option(ATTRIBUTION_CHOICES, "Only disputes with a claim sourced this way.")
@date_options("Only disputes with a claim cited by an article")
@text_option("Only disputes with a claim whose statement or quote holds TEXT (any case).")
@limit_option("the first N disputes only")
@click.option("--fail", is_flag=True, help="Exit 1 when there is any conflict (for CI).")
@format_option()
def conflicts(
    data: str, seeds: str, subject: str | None, slot: str | None, article: str | None,
    attributions: tuple[str, ...], since: str | None, until: str | None, text: str | None,
    limit: int | None, fail: bool, fmt: str,
) -> None:  # fmt: skip
    """Claims that cannot all be true, as disputes: each (event, slot) with the values in
    contention (disjoint dates, incompatible ages, amounts, differing values) and explicit
    `contradicts` links, each value with what it rests on; then what was compared.
    """
    from claimtrack.problems import ExitCode
    from claimtrack.records import conflicts_document
    from claimtrack.render.formats import emit

    analysis = open_analysis(data, seeds)
    wanted = _matching_claims(analysis, subject, article, attributions, slot, since, until, text)
    document = conflicts_document(analysis, wanted, limit)
    emit(conflicts_view(analysis, document["conflicts"], document["compared"]), fmt)
    finish(ExitCode.FINDINGS if fail and document["conflicts"] else ExitCode.OK)


def timeline_view(
    analysis: Analysis, subjects: set[str] | None, wanted: set[int] | None = None,
    limit: int | None = None, what: str = "all",
) -> View:  # fmt: skip
    """The timeline as a view: ``wanted`` the claims the filters keep (None: all), ``limit`` the
    events shown, ``what`` which kinds of record (``all``, ``events``, ``pinned``)."""
    from claimtrack.records import timeline_records
    from claimtrack.render.view import View

    found = timeline_records(analysis, subjects, wanted, limit, what)
    records = [record for _, record in (*found.placed, *found.unplaced)]
    pinned_records = [record for _, record in found.pinned]
    return View(
        document=found.document(what),
        sections=lambda: _timeline_sections(analysis, found, what),
        records=records if what != "pinned" else pinned_records,
        empty=not (found.placed or found.unplaced or found.pinned),
        empty_message="no dated claims match",
        footer="≠ marks a date that conflicts with another claim",
    )


def _timeline_sections(analysis: Analysis, found: TimelineRecords, what: str) -> list[Section]:
    from claimtrack.render.view import Column, Section

    ledger = analysis.ledger
    columns = [
        Column("when", no_wrap=True),
        Column("event", no_wrap=True),
        Column("claim", no_wrap=True),  # an id is never broken
        Column("statement", ratio=3),
        Column("sources", ratio=3, in_csv=False),
        Column("conflicts with", in_csv=False),  # ids: cut no narrower than the longest
        # Tidy data for spreadsheets: one value per cell, lists joined with "; ".
        *(Column(name, in_table=False) for name in (
            "articles", "attributions", "attributed_to", "conflicts_with", "conflicts_count",
            "reason",
        )),
    ]  # fmt: skip
    sections = [
        Section("claimed events", columns, key="events"),
        Section("not placed", columns, key="not-placed"),
    ]
    for section, events in ((sections[0], found.placed), (sections[1], found.unplaced)):
        for event, record in events:
            claim = ledger.claims[event.claim]
            conflicts_with = record["conflicts_with"]
            when = str(event.interval) if event.interval else "?"
            label = f"born (age {claim.age})" if event.birth else event.slot
            section.rows.append(
                [
                    when + (" ≠" if event.conflicts_with else ""),
                    label,
                    claim.id,
                    claim.statement,
                    "\n".join(
                        f"{s.article.split('_')[0]} {s.attribution}: {s.attributed_to}"
                        for s in claim.sources
                    ),
                    "\n".join(
                        conflicts_with
                        + [f"… {event.conflicts_count - len(conflicts_with)} more"]
                        * (event.conflicts_count > len(conflicts_with))
                    )
                    or (event.reason or ""),
                    "; ".join(s.article for s in claim.sources),
                    "; ".join(s.attribution for s in claim.sources),
                    "; ".join(s.attributed_to for s in claim.sources),
                    "; ".join(conflicts_with),
                    str(event.conflicts_count),
                    event.reason or "",
                ]
            )
    pinned = Section(
        "what agreeing claims pin down together",
        [
            Column("subject", no_wrap=True),
            Column("event", no_wrap=True),
            Column("between", no_wrap=True),
            Column("claims", ratio=3),
        ],
        key="pinned",
    )
    for group, pinned_record in found.pinned:
        between = str(group.intersection) if group.intersection else "?"
        pinned.rows.append(
            [group.subject, pinned_record["event"], between, ", ".join(pinned_record["claims"])]
        )
    if what == "all":
        sections.append(pinned)
    elif what == "pinned":
        sections = [pinned]
    return sections


@click.command()
@project_options
@subject_option("Only this subject's events (a key, name or alias, any case).")
@slot_option("Only events in this slot.")
@article_option("Only events claimed by this article (name or prefix).")
@attribution_option(ATTRIBUTION_CHOICES, "Only events sourced this way.")
@date_options("Only events cited by an article")
@text_option("Only events whose statement or quote holds TEXT (any case).")
@limit_option("the first N events only")
@what_option(
    "events pinned", "events (placed, then not placed) or pinned (what agreeing claims pin down "
    "together).", for_csv="events",
)  # fmt: skip
@format_option()
def timeline(
    data: str, seeds: str, subject: str | None, slot: str | None, article: str | None,
    attributions: tuple[str, ...], since: str | None, until: str | None, text: str | None,
    limit: int | None, what: str | None, fmt: str,
) -> None:  # fmt: skip
    """A subject's claimed events in date order, each with the interval its sources resolve to;
    ages appear as birth windows, conflicting dates are marked.
    """
    from claimtrack.render.formats import emit

    analysis = open_analysis(data, seeds)
    wanted = _matching_claims(analysis, subject, article, attributions, slot, since, until, text)
    what = which_records(what, fmt, "events")
    emit(timeline_view(analysis, _subjects(analysis, subject), wanted, limit, what), fmt)
