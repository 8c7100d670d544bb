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
from claimtrack.models import ATTRIBUTIONS, PRIMARY_ATTRIBUTIONS
from claimtrack.resolve import origins_for

if TYPE_CHECKING:
    from claimtrack.conflicts import Comparison, Consistency, Dispute
    from claimtrack.copies import CopyCandidate, QuoteReuse
    from claimtrack.ledger import Ledger
    from claimtrack.resolve import ClaimValue, Origins


class Analysis(NamedTuple):
    ledger: Ledger
    values: Sequence[ClaimValue]
    conflicts: list[Dispute]
    consistent: list[Consistency]
    suspected: list[CopyCandidate]
    origins: Origins
    comparison: Comparison

    def origin_count(self, index: int) -> int:
        """How many independent origins support claim ``index`` (:meth:`Origins.count_sources`)."""
        return self.origins.count_sources(self.ledger.claims[index].sources)


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


def quote_reuse(ledger: Ledger) -> list[QuoteReuse]:
    """Article pairs sharing verbatim quotations, cached on the articles' content hashes and
    computed once per ledger."""
    found = ledger.derived.get("reuse")
    if found is not None:
        return found  # type: ignore[no-any-return]
    from claimtrack import cache
    from claimtrack.copies import QuoteReuse, find_quote_reuse

    articles = ledger.articles
    name = cache.key("reuse", *(f"{a}:{articles.sha256(a)}" for a in articles))
    stored = cache.read(name)
    result: list[QuoteReuse] | None = None
    if stored is not None:
        try:
            result = [
                QuoteReuse(str(a), str(b), tuple(map(str, quotes)), float(share))
                for a, b, quotes, share in json.loads(stored)
            ]
        except (ValueError, TypeError):
            result = None
    if result is None:
        result = find_quote_reuse({article_id: articles.text(article_id) for article_id in articles})
        cache.write(name, json.dumps([list(r) for r in result], ensure_ascii=False).encode())
    ledger.derived["reuse"] = result
    return result


def ledger_origins(ledger: Ledger) -> Origins:
    """Independent origins: curated ``copy_of``, suspected copies and articles that reuse each
    other's quotations wholesale (:attr:`QuoteReuse.strong`) join their originals."""
    found = ledger.derived.get("origins")
    if found is None:
        pairs = [(c.copy, c.original) for c in ledger_suspected(ledger)]
        pairs += [(r.b, r.a) for r in quote_reuse(ledger) if r.strong]
        found = ledger.derived["origins"] = origins_for(ledger, pairs)
    return found


def claim_origins(ledger: Ledger, index: int) -> int:
    """How many independent origins support claim ``index`` (:meth:`Origins.count_sources`)."""
    return ledger_origins(ledger).count_sources(ledger.claims[index].sources)


def analyse(ledger: Ledger) -> Analysis:
    """Values, conflicts, consistent groups, copies and origins of a ledger.

    The conflicts and consistent groups are cached under the ledger's key: finding them means
    resolving every claim, and a re-run that reads them back resolves only the claims it shows.
    """
    from claimtrack.resolve import LazyValues

    values = LazyValues(ledger)
    conflicts, consistent, comparison = _groups(ledger, values)
    suspected = ledger_suspected(ledger)
    origins = ledger_origins(ledger)
    return Analysis(ledger, values, conflicts, consistent, suspected, origins, comparison)


def _groups(
    ledger: Ledger, values: Sequence[ClaimValue]
) -> tuple[list[Dispute], list[Consistency], Comparison]:
    from claimtrack import cache
    from claimtrack.conflicts import consistent_groups, find_disputes

    name = cache.key("analysis", ledger.key) if ledger.key else ""
    found = cache.load(name, lambda data: _groups_from_cache(data, len(ledger.claims)))
    if found is not None:
        return found
    with gc_paused():
        conflicts, comparison = find_disputes(ledger, values)
        consistent = consistent_groups(ledger, values)
    if name:
        cache.write(name, _groups_to_cache(conflicts, consistent, comparison))
    return conflicts, consistent, comparison


def _groups_to_cache(
    conflicts: list[Dispute], consistent: list[Consistency], comparison: Comparison
) -> bytes:
    entry = {
        "comparison": list(comparison),
        "conflicts": [
            [
                d.kind,
                d.subject,
                d.slot,
                [[p.value, list(p.claims)] for p in d.positions],
                d.reason,
                list(d.compatible),
                d.as_of,
            ]
            for d in conflicts
        ],
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
) -> tuple[list[Dispute], list[Consistency], Comparison] | None:
    """The cached groups, or None when the entry is damaged (it is then computed and rewritten)."""
    from claimtrack.conflicts import Comparison, Consistency, Dispute, Position
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

    def count(value: object) -> int:
        if type(value) is not int or not 0 <= value <= claims:
            raise ValueError("not a count")
        return value

    entry = json.loads(stored)  # a cache entry is not trusted: every value is checked
    conflicts = [
        Dispute(
            kind if kind in _KINDS else text(None), text(subject), text(slot, True),
            tuple(Position(text(value, True), tuple(map(index, members)))
                  for value, members in positions),
            text(reason), tuple(map(index, compatible)), text(as_of, True),
        )
        for kind, subject, slot, positions, reason, compatible, as_of in entry["conflicts"]
    ]  # fmt: skip
    comparison = Comparison(*(count(n) for n in entry["comparison"]))
    consistent = [
        Consistency(text(subject), text(slot), text(kind), tuple(map(index, members)),
                    interval(common))
        for subject, slot, kind, members, common in entry["consistent"]
    ]  # fmt: skip
    return conflicts, consistent, comparison


_KINDS = frozenset(("date", "age", "number", "value", "explicit"))


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


def position_strength(analysis: Analysis, claims: Sequence[int]) -> dict[str, Any]:
    """What one value of a dispute rests on: its claims, their citations by attribution, and the
    independent origins of all of them together (a copy counts with its original)."""
    ledger = analysis.ledger
    counts: Counter[str] = Counter()
    sources = [source for index in claims for source in ledger.claims[index].sources]
    for source in sources:
        counts[source.attribution] += 1
    record: dict[str, Any] = {name: counts.get(name, 0) for name in ATTRIBUTIONS}
    record["claims"] = len(claims)
    record["sources"] = len(sources)
    # One original source counts once: copies, relays of one outlet, one quote reused.
    labels = analysis.origins.of_sources(sources)
    record["origins"] = len(set(labels))
    groups: dict[str, set[str]] = {}
    for source, label in zip(sources, labels, strict=True):
        groups.setdefault(label, set()).add(source.article)
    meta = ledger.claims_file.articles
    curated = {article for article, m in meta.items() if m.copy_of is not None}
    suspected = {c.copy for c in ledger_suspected(ledger)}
    origin_list = []
    for members in groups.values():
        # Named after the article it holds that copies no other, curated copies first (the
        # group's own name is only its earliest file name, which may be a rewrite).
        cited = sorted(members, key=lambda a: (a in curated, a in suspected, a))
        lead = cited[0]
        cited.sort()
        outlet = meta[lead].outlet if lead in meta else None
        origin_list.append({"article": lead, "outlet": outlet, "articles": cited})
    record["origin_list"] = sorted(origin_list, key=lambda o: o["article"])
    return record


def position_text(record: dict[str, Any]) -> str:
    """'2 claims, 3 citations, 1 origin: Us Weekly + 1 copy'."""
    names = []
    for origin in record["origin_list"]:
        name = origin["outlet"] or origin["article"]
        copies = len(origin["articles"]) - 1
        names.append(name + (f" + {copies} cop{'ies' if copies != 1 else 'y'}" if copies else ""))
    n, s, o = record["claims"], record["sources"], record["origins"]
    if len(names) > 4:  # the full list is in origin_list
        names = [*names[:3], f"{len(names) - 3} more"]
    primary = sum(record.get(kind, 0) for kind in sorted(PRIMARY_ATTRIBUTIONS))
    # Which side rests on a record, a representative or the person's own post, said first.
    rests = f"rests on primary evidence ({primary} citation{'s' * (primary != 1)}), " \
        if primary else ""
    return (
        f"{rests}{n} claim{'s' * (n != 1)}, {s} citation{'s' * (s != 1)}, "
        f"{o} origin{'s' * (o != 1)}: {', '.join(names)}"
    )


def conflict_record(analysis: Analysis, conflict: Dispute) -> dict[str, Any]:
    """A dispute as JSON: each value in contention with its claims and what it rests on."""
    ledger = analysis.ledger
    subjects = ledger.claims_file.subjects
    positions: list[dict[str, Any]] = []
    for position in conflict.positions:
        positions.append(
            {
                "value": position.value,
                "claims": [side_record(analysis, index) for index in position.claims],
                "strength": position_strength(analysis, position.claims),
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
