"""Everything derived from a ledger that ``conflicts``, ``timeline``, ``show`` and ``report`` share:
resolved values, conflicts, consistent groups, suspected copies and independent origins.

The origins live in :mod:`claimtrack.origins` (``list`` needs only them) and the JSON records of
disputes in :mod:`claimtrack.records`; this module builds no record.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from claimtrack.gc_pause import gc_paused
from claimtrack.origins import ledger_origins, ledger_suspected

if TYPE_CHECKING:
    from claimtrack.conflicts import Comparison, Consistency, Dispute
    from claimtrack.copies import CopyCandidate
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
