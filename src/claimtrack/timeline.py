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
    reason: str | None = None


def _sort_key(ledger: Ledger, event: Event) -> tuple[int, int, str, str]:
    interval = event.interval
    start = interval.start.toordinal() if interval and interval.start else -(10**9)
    end = interval.end.toordinal() if interval and interval.end else 10**9
    return start, end, event.slot, ledger.claims[event.claim].id


def opposition(values: Sequence[ClaimValue], disputes: Iterable[Dispute]) -> dict[int, set[int]]:
    """For each claim in a dispute, the claims whose values cannot hold with its own: the other
    side of explicit links, or the values of other positions its interval does not overlap."""
    against: dict[int, set[int]] = defaultdict(set)
    for dispute in disputes:
        positions = dispute.positions
        for k, position in enumerate(positions):
            for other in positions[k + 1 :]:
                if dispute.kind in ("date", "age"):
                    mine = values[position.claims[0]].interval
                    theirs = values[other.claims[0]].interval
                    if mine is not None and theirs is not None and mine.overlaps(theirs):
                        continue
                for a in position.claims:
                    against[a].update(other.claims)
                for b in other.claims:
                    against[b].update(position.claims)
    return against


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
        others = tuple(sorted(against.get(index, ()), key=lambda i: ledger.claims[i].id))
        if value.interval is None:
            errors = [r.error for r in value.readings if r.error]
            reason = errors[0] if errors else "the sources resolve to dates that do not overlap"
            unplaced.append(Event(index, slot, None, birth, others, reason))
        else:
            placed.append(Event(index, slot, value.interval, birth, others))
    placed.sort(key=lambda e: _sort_key(ledger, e))
    unplaced.sort(key=lambda e: ledger.claims[e.claim].id)
    return placed, unplaced
