"""The JSON records of an analysis: what a claim rests on, its value as resolved, and each dispute
with its positions (``conflicts --format json``, ``report``, the conflicts table).

Above :mod:`claimtrack.analysis` and :mod:`claimtrack.query` (a dispute's claims are shown as
:func:`~claimtrack.query.claim_record` shows them), so neither imports the other back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, NamedTuple, cast

from claimtrack.models import ATTRIBUTIONS, PRIMARY_ATTRIBUTIONS
from claimtrack.query import claim_record

if TYPE_CHECKING:
    from claimtrack.analysis import Analysis
    from claimtrack.conflicts import Consistency, Dispute
    from claimtrack.ledger import Ledger
    from claimtrack.record_types import (
        ConflictsDocument,
        DisputeRecord,
        EventRecord,
        OriginRecord,
        PinnedRecord,
        PositionRecord,
        PositionStrength,
        SideRecord,
        TimelineDocument,
        ValueRecord,
    )
    from claimtrack.timeline import Event


def strength(analysis: Analysis, index: int) -> dict[str, int]:
    """What a claim rests on: its citations by attribution, how many are primary evidence (a
    record, a representative, the person's own post), and its independent origins."""
    claim = analysis.ledger.claims[index]
    counts: Counter[str] = Counter(source.attribution for source in claim.sources)
    record = {name: counts.get(name, 0) for name in ATTRIBUTIONS}
    record["primary"] = sum(counts.get(name, 0) for name in PRIMARY_ATTRIBUTIONS)
    record["sources"] = len(claim.sources)
    record["origins"] = analysis.origin_count(index)
    return record


_PRIMARY_LABELS = (
    ("public_record", "record"), ("representative", "representative"), ("own_post", "own post"),
)  # fmt: skip


def strength_text(record: dict[str, int]) -> str:
    primary = "".join(
        f"{label} {record[name]} · " for name, label in _PRIMARY_LABELS if record.get(name)
    )
    return (
        f"{primary}on record {record['direct_quote']} · named outlet {record['named_outlet']} · "
        f"anonymous {record['anonymous_insider']} · {record['origins']} independent "
        f"origin{'s' * (record['origins'] != 1)}"
    )


def value_record(analysis: Analysis, index: int) -> ValueRecord:
    """A claim's value as written and as resolved, per citing article and combined."""
    value = analysis.values[index]
    ledger = analysis.ledger
    return {
        "kind": value.kind,
        "written": value.written,
        "resolved": value.interval.to_json() if value.interval else None,
        "readings": [
            {
                "article": reading.article,
                "article_date": _date_text(ledger, reading.article),
                "resolved": reading.interval.to_json() if reading.interval else None,
                "error": reading.error,
            }
            for reading in value.readings
        ],
    }


def _date_text(ledger: Ledger, article: str) -> str | None:
    date = ledger.dates.get(article)
    return str(date.interval) if date is not None and date.interval is not None else None


def side_record(analysis: Analysis, index: int) -> SideRecord:
    return {
        "claim": claim_record(analysis.ledger, index),
        "value": value_record(analysis, index),
        "strength": strength(analysis, index),
    }


def suspected_copies(analysis: Analysis) -> frozenset[str]:
    """The articles suspected of copying another, for :func:`position_strength` (built once per
    document, not once per position: a set of the whole ledger's articles per position cost 5 s of
    a 100,000-claim ``conflicts``)."""
    return frozenset(candidate.copy for candidate in analysis.suspected)


def position_strength(
    analysis: Analysis, claims: Sequence[int], suspected: AbstractSet[str] | None = None
) -> PositionStrength:
    """What one value of a dispute rests on: its claims, their citations by attribution, and the
    independent origins of all of them together (a copy counts with its original).

    ``suspected`` is :func:`suspected_copies`, given by a caller that asks for many positions."""
    ledger = analysis.ledger
    counts: Counter[str] = Counter()
    sources = [source for index in claims for source in ledger.claims[index].sources]
    for source in sources:
        counts[source.attribution] += 1
    # One original source counts once: copies, relays of one outlet, one quote reused.
    labels = analysis.origins.of_sources(sources)
    groups: dict[str, set[str]] = {}
    for source, label in zip(sources, labels, strict=True):
        groups.setdefault(label, set()).add(source.article)
    meta = ledger.claims_file.articles
    if suspected is None:
        suspected = suspected_copies(analysis)

    def curated(article: str) -> bool:
        entry = meta.get(article)
        return entry is not None and entry.copy_of is not None

    origin_list: list[OriginRecord] = []
    for members in groups.values():
        # Named after the article it holds that copies no other, curated copies first (the
        # group's own name is only its earliest file name, which may be a rewrite).
        cited = sorted(members, key=lambda a: (curated(a), a in suspected, a))
        lead = cited[0]
        cited.sort()
        outlet = meta[lead].outlet if lead in meta else None
        origin_list.append({"article": lead, "outlet": outlet, "articles": cited})
    # The citations by attribution, in ATTRIBUTIONS' order (the keys PositionStrength names).
    record = cast("PositionStrength", {name: counts.get(name, 0) for name in ATTRIBUTIONS})
    record["claims"] = len(claims)
    record["sources"] = len(sources)
    record["origins"] = len(set(labels))
    record["origin_list"] = sorted(origin_list, key=lambda o: o["article"])
    return record


def position_text(record: PositionStrength) -> str:
    """'2 claims, 3 citations, 1 origin: Us Weekly + 1 copy'."""
    names = []
    for origin in record["origin_list"]:
        name = origin["outlet"] or origin["article"]
        copies = len(origin["articles"]) - 1
        names.append(name + (f" + {copies} cop{'ies' if copies != 1 else 'y'}" if copies else ""))
    n, s, o = record["claims"], record["sources"], record["origins"]
    if len(names) > 4:  # the full list is in origin_list
        names = [*names[:3], f"{len(names) - 3} more"]
    primary = record["own_post"] + record["public_record"] + record["representative"]
    # Which side rests on a record, a representative or the person's own post, said first.
    rests = f"rests on primary evidence ({primary} citation{'s' * (primary != 1)}), " \
        if primary else ""
    return (
        f"{rests}{n} claim{'s' * (n != 1)}, {s} citation{'s' * (s != 1)}, "
        f"{o} origin{'s' * (o != 1)}: {', '.join(names)}"
    )


def conflict_record(
    analysis: Analysis, conflict: Dispute, suspected: AbstractSet[str] | None = None
) -> DisputeRecord:
    """A dispute as JSON: each value in contention with its claims and what it rests on."""
    ledger = analysis.ledger
    subjects = ledger.claims_file.subjects
    positions: list[PositionRecord] = []
    if suspected is None:
        suspected = suspected_copies(analysis)
    for position in conflict.positions:
        positions.append(
            {
                "value": position.value,
                "claims": [side_record(analysis, index) for index in position.claims],
                "strength": position_strength(analysis, position.claims, suspected),
            }
        )
    return {
        "kind": conflict.kind,
        "subject": conflict.subject,
        "subject_name": subjects[conflict.subject].name if conflict.subject in subjects else None,
        "slot": conflict.slot,
        "reason": conflict.reason,
        "as_of": conflict.as_of,
        "summary": " vs ".join(
            f"{p['value'] or chr(65 + k)} ({position_text(p['strength'])})"
            for k, p in enumerate(positions)
        ),
        "positions": positions,
        "compatible": [ledger.claims[i].id for i in conflict.compatible],
    }


def conflicts_document(
    analysis: Analysis, wanted: set[int] | None = None, limit: int | None = None
) -> ConflictsDocument:
    """``conflicts --format json``: the disputes with a claim in ``wanted`` (None: all), the first
    ``limit`` of them, and what was compared."""
    found = list(analysis.conflicts)
    if wanted is not None:
        found = [dispute for dispute in found if wanted.intersection(dispute.claims)]
    suspected = suspected_copies(analysis)
    records = [conflict_record(analysis, conflict, suspected) for conflict in found[:limit]]
    return {"conflicts": records, "count": len(records), "compared": analysis.comparison.to_json()}


class TimelineRecords(NamedTuple):
    """The timeline's records, each beside what it was made from (for the table's rows)."""

    placed: list[tuple[Event, EventRecord]]
    unplaced: list[tuple[Event, EventRecord]]
    pinned: list[tuple[Consistency, PinnedRecord]]

    def document(self, what: str = "all") -> TimelineDocument:
        """``timeline --format json`` for ``--what`` (``all``, ``events``, ``pinned``)."""
        document: TimelineDocument = {}
        if what != "pinned":
            records = [record for _, record in (*self.placed, *self.unplaced)]
            document["events"] = [r for r in records if r["when"]]
            document["not_placed"] = [r for r in records if not r["when"]]
        if what != "events":
            document["pinned"] = [record for _, record in self.pinned]
        return document


def timeline_records(
    analysis: Analysis, subjects: set[str] | None, wanted: set[int] | None = None,
    limit: int | None = None, what: str = "all",
) -> TimelineRecords:  # fmt: skip
    """The events of ``subjects`` (None: all) whose claim is in ``wanted`` (None: all), placed then
    not placed, the first ``limit`` events; and, unless ``what`` is ``events``, what agreeing
    claims pin down together."""
    from claimtrack.timeline import timeline

    ledger = analysis.ledger
    placed, unplaced = timeline(ledger, analysis.values, analysis.conflicts, subjects)
    if wanted is not None:
        placed = [event for event in placed if event.claim in wanted]
        unplaced = [event for event in unplaced if event.claim in wanted]
    if limit is not None:
        placed = placed[:limit]
        unplaced = unplaced[: max(0, limit - len(placed))]
    if what == "pinned":
        placed, unplaced = [], []

    def event_record(event: Event) -> EventRecord:
        return {
            "when": event.interval.to_json() if event.interval else None,
            "event": event.slot,
            "birth": event.birth,
            "claim": claim_record(ledger, event.claim),
            "origins": analysis.origin_count(event.claim),
            "conflicts_with": [ledger.claims[i].id for i in event.conflicts_with],
            "conflicts_count": event.conflicts_count,
            "reason": event.reason,
        }

    pinned: list[tuple[Consistency, PinnedRecord]] = []
    for group in analysis.consistent if what != "events" else ():
        if subjects is not None and group.subject not in subjects:
            continue
        if wanted is not None and not wanted.intersection(group.claims):
            continue
        record: PinnedRecord = {
            "subject": group.subject,
            "event": "birth" if group.kind == "age" else group.slot,
            "slot": group.slot,
            "between": group.intersection.to_json() if group.intersection else None,
            "claims": [ledger.claims[i].id for i in group.claims],
        }
        pinned.append((group, record))
    return TimelineRecords(
        [(event, event_record(event)) for event in placed],
        [(event, event_record(event)) for event in unplaced],
        pinned,
    )
