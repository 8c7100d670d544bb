"""``claimtrack conflicts`` and ``claimtrack timeline``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from claimtrack.cli.base import completer, project_options

if TYPE_CHECKING:
    from claimtrack.analysis import Analysis
    from claimtrack.render.view import View

FORMATS = ("auto", "table", "json", "jsonl", "csv", "yaml", "markdown")


def format_option(function: Any) -> Any:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="auto",
        show_default=True,
        help="auto/table: a table on the terminal; json, jsonl, csv, yaml, markdown for machines.",
    )(function)


def _subjects(analysis: Analysis, subject: str | None) -> set[str] | None:
    if subject is None:
        return None
    from claimtrack.query import subject_keys

    return subject_keys(analysis.ledger.claims_file, subject)


def _open(data: str, seeds: str) -> Analysis:
    from claimtrack.analysis import analyse
    from claimtrack.cli.base import warn_loaded
    from claimtrack.ledger import open_ledger

    ledger = open_ledger(Path(data), Path(seeds), data, seeds)
    warn_loaded(ledger, data, only_left_out=True)
    return analyse(ledger)


def _article_label(analysis: Analysis, article: str) -> str:
    date = analysis.ledger.dates.get(article)
    when = str(date.interval) if date is not None and date.interval is not None else "undated"
    meta = analysis.ledger.claims_file.articles.get(article)
    outlet = f", {meta.outlet}" if meta is not None and meta.outlet else ""
    return f"{article} ({when}{outlet})"


def conflicts_view(analysis: Analysis, records: list[dict[str, Any]]) -> View:
    from claimtrack.analysis import strength_text
    from claimtrack.render.view import Column, Section, View

    sections = []
    for number, record in enumerate(records, 1):
        section = Section(
            title=f"{number}. {record['subject_name'] or record['subject']} · "
            f"{record['slot'] or 'no slot'} · {record['kind']}: {record['reason']}",
            key=str(number),
            columns=[
                Column("side", no_wrap=True),
                Column("claim", ratio=2),
                Column("value"),
                Column("resolved"),
                Column("article", ratio=2),
                Column("attribution", ratio=2),
                Column("quote", ratio=4),
            ],
        )
        for side_name, side in zip("AB", record["sides"], strict=True):
            claim = side["claim"]
            value = side["value"]
            for k, source in enumerate(claim["sources"]):
                reading = value["readings"][k]
                resolved = reading["resolved"]
                resolved_text = _interval_text(resolved) if resolved else (reading["error"] or "")
                first = k == 0
                section.rows.append(
                    [
                        side_name if first else "",
                        f"{claim['id']}\n{claim['statement']}\n[{strength_text(side['strength'])}]"
                        if first
                        else "",
                        (value["written"] or "") if first else "",
                        resolved_text,
                        _article_label(analysis, source["article"]),
                        f"{source['attribution']}: {source['attributed_to']}",
                        source["quote"]
                        + (f" (line {source['line']})" if source.get("line") else ""),
                    ]
                )
        sections.append(section)
    count = len(records)
    return View(
        document={"conflicts": records, "count": count},
        sections=sections,
        records=records,
        empty_message="no conflicts",
        footer=f"{count} conflict{'s' * (count != 1)}",
    )


def _interval_text(data: dict[str, Any]) -> str:
    from claimtrack.dates import Interval

    return str(Interval.from_json(data))


@click.command()
@project_options
@click.option(
    "--subject",
    shell_complete=completer("complete_subject"),
    help="Only conflicts about this subject (name or alias, any case).",
)
@click.option(
    "--slot", shell_complete=completer("complete_slot"), help="Only conflicts in this slot."
)
@click.option(
    "--article",
    shell_complete=completer("complete_article"),
    help="Only conflicts with a side citing this article (name or prefix).",
)
@click.option("--fail", is_flag=True, help="Exit 1 when there is any conflict (for CI).")
@format_option
def conflicts(
    data: str,
    seeds: str,
    subject: str | None,
    slot: str | None,
    article: str | None,
    fail: bool,
    fmt: str,
) -> None:
    """Claims that cannot all be true: disjoint dates, incompatible ages, differing values, and
    explicit `contradicts` links, each side with what it rests on.
    """
    from claimtrack.analysis import conflict_record
    from claimtrack.conflicts import filter_conflicts
    from claimtrack.render.view import emit

    analysis = _open(data, seeds)
    article_id = None
    if article is not None:
        from claimtrack.query import resolve_article

        article_id = resolve_article(analysis.ledger.articles, article)
    found = filter_conflicts(
        analysis.ledger,
        analysis.conflicts,
        subjects=_subjects(analysis, subject),
        slot=slot,
        article=article_id,
    )
    records = [conflict_record(analysis, conflict) for conflict in found]
    emit(conflicts_view(analysis, records), fmt)
    sys.exit(1 if fail and records else 0)


def timeline_view(analysis: Analysis, subjects: set[str] | None) -> View:
    from claimtrack.query import claim_record
    from claimtrack.render.view import Column, Section, View
    from claimtrack.timeline import timeline

    ledger = analysis.ledger
    placed, unplaced = timeline(ledger, analysis.values, analysis.conflicts, subjects)
    columns = [
        Column("when", no_wrap=True),
        Column("event", no_wrap=True),
        Column("claim", ratio=3),
        Column("sources", ratio=3),
        Column("conflicts with", ratio=1),
    ]
    records: list[dict[str, Any]] = []
    sections = [
        Section("claimed events", columns, key="events"),
        Section("not placed", columns, key="not-placed"),
    ]
    for section, events in ((sections[0], placed), (sections[1], unplaced)):
        for event in events:
            claim = ledger.claims[event.claim]
            conflicts_with = [ledger.claims[i].id for i in event.conflicts_with]
            record: dict[str, Any] = {
                "when": event.interval.to_json() if event.interval else None,
                "event": event.slot,
                "birth": event.birth,
                "claim": claim_record(ledger, event.claim),
                "origins": analysis.origin_count(event.claim),
                "conflicts_with": [ledger.claims[i].id for i in event.conflicts_with],
                "reason": event.reason,
            }
            records.append(record)
            when = str(event.interval) if event.interval else "?"
            label = f"born (age {claim.age})" if event.birth else event.slot
            section.rows.append(
                [
                    when + (" ≠" if event.conflicts_with else ""),
                    label,
                    f"{claim.id}: {claim.statement}",
                    "\n".join(
                        f"{s.article.split('_')[0]} {s.attribution}: {s.attributed_to}"
                        for s in claim.sources
                    ),
                    "\n".join(conflicts_with) or (event.reason or ""),
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
    pinned_records = []
    for group in analysis.consistent:
        if subjects is not None and group.subject not in subjects:
            continue
        ids = [ledger.claims[i].id for i in group.claims]
        event_name = "birth" if group.kind == "age" else group.slot
        between = str(group.intersection) if group.intersection else "?"
        pinned.rows.append([group.subject, event_name, between, ", ".join(ids)])
        pinned_records.append(
            {
                "subject": group.subject,
                "event": event_name,
                "slot": group.slot,
                "between": group.intersection.to_json() if group.intersection else None,
                "claims": ids,
            }
        )
    sections.append(pinned)
    return View(
        document={
            "events": [r for r in records if r["when"]],
            "not_placed": [r for r in records if not r["when"]],
            "pinned": pinned_records,
        },
        sections=sections,
        records=records,
        empty_message="no dated claims match",
        footer="≠ marks a date that conflicts with another claim",
    )


@click.command()
@project_options
@click.option(
    "--subject",
    shell_complete=completer("complete_subject"),
    help="Only this subject's events (name or alias, any case).",
)
@format_option
def timeline(data: str, seeds: str, subject: str | None, fmt: str) -> None:
    """A subject's claimed events in date order, each with the interval its sources resolve to;
    ages appear as birth windows, conflicting dates are marked.
    """
    from claimtrack.render.view import emit

    analysis = _open(data, seeds)
    emit(timeline_view(analysis, _subjects(analysis, subject)), fmt)
