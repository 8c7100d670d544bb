"""Everything derived from a ledger that ``conflicts``, ``timeline``, ``show`` and ``report`` share:
resolved values, conflicts, suspected copies, independent origins, and their JSON records.

``list``, ``show`` and ``articles`` need only the independent origins (:func:`claim_origins`), so
the conflict and copy-detection machinery is imported where it is used, not with this module.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from claimtrack.gc_pause import gc_paused
from claimtrack.models import ATTRIBUTIONS
from claimtrack.resolve import origins_for

if TYPE_CHECKING:
    from claimtrack.conflicts import Conflict, Consistency
    from claimtrack.copies import CopyCandidate
    from claimtrack.ledger import Ledger
    from claimtrack.resolve import ClaimValue, Origins


class Analysis(NamedTuple):
    ledger: Ledger
    values: Sequence[ClaimValue]
    conflicts: list[Conflict]
    consistent: list[Consistency]
    suspected: list[CopyCandidate]
    origins: Origins

    def origin_count(self, index: int) -> int:
        """How many independent origins support claim ``index`` (copies count with their original)."""
        return self.origins.count(source.article for source in self.ledger.claims[index].sources)


def suspected_copies(ledger: Ledger) -> list[CopyCandidate]:
    """Near-duplicate article pairs, cached on the articles' content hashes."""
    from claimtrack import cache
    from claimtrack.copies import find_copies

    articles = ledger.articles
    name = cache.key("copies", *(f"{a}:{articles.sha256(a)}" for a in articles))
    stored = cache.load(name, lambda data: _candidates_from_json(data, set(articles)))
    if stored is not None:
        return stored
    found = find_copies({article_id: articles.text(article_id) for article_id in articles})
    cache.write(name, json.dumps([_candidate_json(c) for c in found]).encode())
    return found


def _candidate_json(candidate: CopyCandidate) -> dict[str, Any]:
    return {
        "copy": candidate.copy,
        "original": candidate.original,
        "containment": candidate.containment,
        "resemblance": candidate.resemblance,
        "shared": candidate.shared,
    }


def _candidates_from_json(stored: bytes, ids: set[str]) -> list[CopyCandidate] | None:
    """The cached pairs, or None unless each names two of the articles, with ratios in 0..1."""
    from claimtrack.copies import CopyCandidate

    items = json.loads(stored)
    if type(items) is not list:
        return None
    found = []
    for item in items:
        if type(item) is not dict or len(item) != 5:
            return None
        candidate = CopyCandidate(**item)
        copy, original, containment, resemblance, shared = candidate
        if not (
            type(copy) is str and copy in ids and type(original) is str and original in ids
            and type(containment) in (int, float) and 0 <= containment <= 1
            and type(resemblance) in (int, float) and 0 <= resemblance <= 1
            and type(shared) is int and shared >= 0
        ):  # fmt: skip
            return None
        found.append(candidate)
    return found


def ledger_suspected(ledger: Ledger) -> list[CopyCandidate]:
    """Suspected copies among the ledger's articles, computed once per ledger."""
    found = ledger.derived.get("suspected")
    if found is None:
        found = ledger.derived["suspected"] = suspected_copies(ledger)
    return found


def ledger_origins(ledger: Ledger) -> Origins:
    """Independent origins: curated ``copy_of`` and suspected copies join their originals."""
    found = ledger.derived.get("origins")
    if found is None:
        pairs = [(c.copy, c.original) for c in ledger_suspected(ledger)]
        found = ledger.derived["origins"] = origins_for(ledger, pairs)
    return found


def claim_origins(ledger: Ledger, index: int) -> int:
    """How many independent origins support claim ``index``."""
    return ledger_origins(ledger).count(s.article for s in ledger.claims[index].sources)


def analyse(ledger: Ledger) -> Analysis:
    """Values, conflicts, consistent groups, copies and origins of a ledger.

    The conflicts and consistent groups are cached under the ledger's key: finding them means
    resolving every claim, and a re-run that reads them back resolves only the claims it shows.
    """
    from claimtrack.resolve import LazyValues

    values = LazyValues(ledger)
    conflicts, consistent = _groups(ledger, values)
    suspected = ledger_suspected(ledger)
    origins = ledger_origins(ledger)
    return Analysis(ledger, values, conflicts, consistent, suspected, origins)


def _groups(
    ledger: Ledger, values: Sequence[ClaimValue]
) -> tuple[list[Conflict], list[Consistency]]:
    from claimtrack import cache
    from claimtrack.conflicts import consistent_groups, find_conflicts

    name = cache.key("analysis", ledger.key) if ledger.key else ""
    found = cache.load(name, lambda data: _groups_from_cache(data, len(ledger.claims)))
    if found is not None:
        return found
    with gc_paused():
        conflicts = find_conflicts(ledger, values)
        consistent = consistent_groups(ledger, values)
    if name:
        cache.write(name, _groups_to_cache(conflicts, consistent))
    return conflicts, consistent


def _groups_to_cache(conflicts: list[Conflict], consistent: list[Consistency]) -> bytes:
    entry = {
        "conflicts": [[c.kind, c.subject, c.slot, c.left, c.right, c.reason] for c in conflicts],
        "consistent": [
            [
                g.subject,
                g.slot,
                g.kind,
                list(g.claims),
                None if g.intersection is None else g.intersection.to_json(),
            ]
            for g in consistent
        ],
    }
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()


def _groups_from_cache(
    stored: bytes, claims: int
) -> tuple[list[Conflict], list[Consistency]] | None:
    """The cached groups, or None when the entry is damaged (it is then computed and rewritten)."""
    from claimtrack.conflicts import Conflict, Consistency
    from claimtrack.dates import Interval

    def interval(data: dict[str, str | None] | None) -> Interval | None:
        if data is None:
            return None
        if type(data) is not dict or not all(
            value is None or type(value) is str for value in data.values()
        ):
            raise ValueError("not an interval")
        found = Interval.from_json(data)
        if found.start is not None and found.end is not None and found.start > found.end:
            raise ValueError("an interval that ends before it starts")
        return found

    def index(value: object) -> int:
        if type(value) is not int or not 0 <= value < claims:
            raise ValueError("not a claim index")
        return value

    def text(value: object, optional: bool = False) -> Any:
        if type(value) is not str and not (optional and value is None):
            raise ValueError("not a text")
        return value

    entry = json.loads(stored)  # a cache entry is not trusted: every value is checked
    conflicts = [
        Conflict(kind if kind in _KINDS else text(None), text(subject), text(slot, True),
                 index(left), index(right), text(reason))
        for kind, subject, slot, left, right, reason in entry["conflicts"]
    ]  # fmt: skip
    consistent = [
        Consistency(text(subject), text(slot), text(kind), tuple(map(index, members)),
                    interval(common))
        for subject, slot, kind, members, common in entry["consistent"]
    ]  # fmt: skip
    return conflicts, consistent


_KINDS = frozenset(("date", "age", "value", "explicit"))


def strength(analysis: Analysis, index: int) -> dict[str, int]:
    """What a claim rests on: its citations by attribution, and its independent origins."""
    claim = analysis.ledger.claims[index]
    counts: Counter[str] = Counter(source.attribution for source in claim.sources)
    record = {name: counts.get(name, 0) for name in ATTRIBUTIONS}
    record["sources"] = len(claim.sources)
    record["origins"] = analysis.origin_count(index)
    return record


def strength_text(record: dict[str, int]) -> str:
    return (
        f"on record {record['direct_quote']} · named outlet {record['named_outlet']} · "
        f"anonymous {record['anonymous_insider']} · {record['origins']} independent "
        f"origin{'s' * (record['origins'] != 1)}"
    )


def value_record(analysis: Analysis, index: int) -> dict[str, Any]:
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


def side_record(analysis: Analysis, index: int) -> dict[str, Any]:
    from claimtrack.query import claim_record

    return {
        "claim": claim_record(analysis.ledger, index),
        "value": value_record(analysis, index),
        "strength": strength(analysis, index),
    }


def conflict_record(analysis: Analysis, conflict: Conflict) -> dict[str, Any]:
    subjects = analysis.ledger.claims_file.subjects
    return {
        "kind": conflict.kind,
        "subject": conflict.subject,
        "subject_name": subjects[conflict.subject].name if conflict.subject in subjects else None,
        "slot": conflict.slot,
        "reason": conflict.reason,
        "sides": [side_record(analysis, conflict.left), side_record(analysis, conflict.right)],
    }
