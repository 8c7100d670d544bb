"""A subject's claimed events in date order, each as the interval its sources resolve to.

Ages appear as birth events (the window the stated age allows), so the timeline shows where ages
stated at different dates pin a birthday down. Claims whose date cannot be resolved are listed
apart, never placed by a guess.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from claimtrack.conflicts import Dispute
from claimtrack.dates import Interval
from claimtrack.ledger import Ledger
from claimtrack.resolve import ClaimValue


class Event(NamedTuple):
    """One claim placed on the time axis."""

    claim: int
    slot: str
    interval: Interval | None
    """None when the claim's date could not be resolved (see ``reason``)."""
    birth: bool
    """True for an age, drawn as the birth window it implies."""
    conflicts_with: tuple[int, ...]
    """Claims whose values cannot hold with this one: at most :data:`SHOWN` of them."""
    reason: str | None = None
    conflicts_count: int = 0
    """How many claims in all cannot hold with this one (``conflicts_with`` may be cut short)."""


SHOWN = 10
"""Conflicting claims listed per event: a value held by thousands of claims against thousands of
others would otherwise make the timeline grow with their pairs."""


def _sort_key(ledger: Ledger, event: Event) -> tuple[int, int, str, str]:
    interval = event.interval
    start = interval.start.toordinal() if interval and interval.start else -(10**9)
    end = interval.end.toordinal() if interval and interval.end else 10**9
    return start, end, event.slot, ledger.claims[event.claim].id


def opposition(
    values: Sequence[ClaimValue], disputes: Iterable[Dispute]
) -> dict[int, list[tuple[int, ...]]]:
    """For each claim in a dispute, the claims of the positions that cannot hold with its own
    (the other side of explicit links, or the values whose intervals its interval does not
    overlap), as shared tuples: never the pairs themselves."""
    against: dict[int, list[tuple[int, ...]]] = defaultdict(list)
    for dispute in disputes:
        positions = dispute.positions
        opposed: list[list[tuple[int, ...]]] = [[] for _ in positions]
        for k, position in enumerate(positions):
            for j in range(k + 1, len(positions)):
                other = positions[j]
                if dispute.kind in ("date", "age"):
                    mine = values[position.claims[0]].interval
                    theirs = values[other.claims[0]].interval
                    if mine is not None and theirs is not None and mine.overlaps(theirs):
                        continue
                opposed[k].append(other.claims)
                opposed[j].append(position.claims)
        for k, position in enumerate(positions):
            for index in position.claims:
                against[index].extend(opposed[k])
    return against


def _shown(ledger: Ledger, groups: list[tuple[int, ...]]) -> tuple[tuple[int, ...], int]:
    """The first :data:`SHOWN` opposed claims by id, and how many there are."""
    total = sum(len(group) for group in groups)
    few = {index for group in groups for index in group[:SHOWN]}
    return tuple(sorted(few, key=lambda i: ledger.claims[i].id)[:SHOWN]), total


def timeline(
    ledger: Ledger,
    values: Sequence[ClaimValue],
    conflicts: Iterable[Dispute],
    subjects: set[str] | None,
) -> tuple[list[Event], list[Event]]:
    """(placed events in date order, claims with a date that could not be placed).

    ``subjects`` None means every subject; a claim belongs to a subject it is about or involves.
    """
    against = opposition(values, conflicts)
    placed: list[Event] = []
    unplaced: list[Event] = []
    for index, claim in enumerate(ledger.claims):
        # The claim's own kind and subjects first: only the claims shown are resolved.
        if claim.kind not in ("date", "age"):
            continue
        if subjects is not None and not ({claim.subject, *claim.involves} & subjects):
            continue
        value = values[index]
        birth = value.kind == "age"
        slot = "birth" if birth else (claim.slot or "")
        others, count = _shown(ledger, against.get(index, []))
        if value.interval is None:
            errors = [r.error for r in value.readings if r.error]
            reason = errors[0] if errors else "the sources resolve to dates that do not overlap"
            unplaced.append(Event(index, slot, None, birth, others, reason, count))
        else:
            placed.append(Event(index, slot, value.interval, birth, others, None, count))
    placed.sort(key=lambda e: _sort_key(ledger, e))
    unplaced.sort(key=lambda e: ledger.claims[e.claim].id)
    return placed, unplaced
