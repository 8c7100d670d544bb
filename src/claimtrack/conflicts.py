"""Which claims cannot all be true: pure functions from resolved claims to :class:`Conflict` records.

Claims are compared only within a (subject, slot) group, never all against all. Intervals on a
line have a common point as soon as every pair overlaps (Helly's theorem in one dimension), so a
group whose latest start is not after its earliest end is consistent and costs one pass; only an
inconsistent group is compared pair by pair.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Literal, NamedTuple

from claimtrack.dates import Interval, intersect_all
from claimtrack.ledger import Ledger
from claimtrack.resolve import ClaimValue

ConflictKind = Literal["date", "age", "value", "explicit"]


class Conflict(NamedTuple):
    """Two claims that cannot both be true."""

    kind: ConflictKind
    subject: str
    slot: str | None
    left: int
    """Index of one claim (the earlier value, or the one holding the explicit link)."""
    right: int
    reason: str


class Consistency(NamedTuple):
    """A (subject, slot) group whose resolved values have a common intersection."""

    subject: str
    slot: str
    kind: str
    claims: tuple[int, ...]
    intersection: Interval | None


def _interval_key(interval: Interval) -> tuple[int, int]:
    start = interval.start.toordinal() if interval.start else -(10**9)
    end = interval.end.toordinal() if interval.end else 10**9
    return start, end


def _groups(ledger: Ledger, values: Sequence[ClaimValue]) -> dict[tuple[str, str, str], list[int]]:
    groups: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for index, claim in enumerate(ledger.claims):
        value = values[index]
        if claim.slot is None or value.kind == "none":
            continue
        groups[(claim.subject, claim.slot, value.kind)].append(index)
    return groups


def _interval_conflicts(
    ledger: Ledger,
    values: Sequence[ClaimValue],
    subject: str,
    slot: str,
    kind: ConflictKind,
    members: list[int],
) -> list[Conflict]:
    dated = [(i, values[i].interval) for i in members if values[i].interval is not None]
    if len(dated) < 2:
        return []
    keys = [(_interval_key(iv), i) for i, iv in dated if iv is not None]
    if max(k[0][0] for k in keys) <= min(k[0][1] for k in keys):
        return []  # a common day: consistent (Helly)
    keys.sort(key=lambda item: (item[0], ledger.claims[item[1]].id))
    found: list[Conflict] = []
    what = "birth windows" if kind == "age" else "dates"
    for a in range(len(keys)):
        (_, end_a), left = keys[a]
        for b in range(a + 1, len(keys)):
            (start_b, _), right = keys[b]
            if start_b > end_a:
                li, ri = values[left].interval, values[right].interval
                reason = f"{what} {li} and {ri} do not overlap"
                found.append(Conflict(kind, subject, slot, left, right, reason))
    return found


def _value_conflicts(
    ledger: Ledger, values: Sequence[ClaimValue], subject: str, slot: str, members: list[int]
) -> list[Conflict]:
    by_value: dict[str, list[int]] = defaultdict(list)
    for index in members:
        plain = values[index].plain
        if plain is not None:
            by_value[plain].append(index)
    if len(by_value) < 2:
        return []
    found: list[Conflict] = []
    distinct = sorted(by_value)
    for a, first in enumerate(distinct):
        for second in distinct[a + 1 :]:
            for left in by_value[first]:
                for right in by_value[second]:
                    lv, rv = ledger.claims[left].value, ledger.claims[right].value
                    found.append(
                        Conflict("value", subject, slot, left, right, f"'{lv}' differs from '{rv}'")
                    )
    return found


def find_conflicts(ledger: Ledger, values: Sequence[ClaimValue]) -> list[Conflict]:
    """Every pair of claims that cannot both be true, sorted by subject, slot and claim ids."""
    found: list[Conflict] = []
    for (subject, slot, kind), members in _groups(ledger, values).items():
        if kind in ("date", "age"):
            found.extend(
                _interval_conflicts(ledger, values, subject, slot, kind, members)  # type: ignore[arg-type]
            )
        elif kind == "value":
            found.extend(_value_conflicts(ledger, values, subject, slot, members))
    seen = {frozenset((c.left, c.right)) for c in found}
    index_of = {claim.id: i for i, claim in enumerate(ledger.claims)}
    for index, claim in enumerate(ledger.claims):
        for other_id in claim.contradicts:
            other = index_of.get(other_id)
            if other is None or other == index or frozenset((index, other)) in seen:
                continue
            seen.add(frozenset((index, other)))
            reason = claim.note or f"'{claim.id}' is marked as contradicting '{other_id}'"
            found.append(Conflict("explicit", claim.subject, claim.slot, index, other, reason))
    claims = ledger.claims
    found.sort(
        key=lambda c: (c.subject, c.slot or "", c.kind, claims[c.left].id, claims[c.right].id)
    )
    return found


def consistent_groups(ledger: Ledger, values: Sequence[ClaimValue]) -> list[Consistency]:
    """Groups of two or more dated or aged claims that agree, with what they pin down together.

    This is where ages stated at different dates narrow a birthday to a window.
    """
    out: list[Consistency] = []
    for (subject, slot, kind), members in sorted(_groups(ledger, values).items()):
        if kind not in ("date", "age"):
            continue
        intervals = [values[i].interval for i in members if values[i].interval is not None]
        if len(members) < 2 or len(intervals) < 2:
            continue
        common = intersect_all(iv for iv in intervals if iv is not None)
        if common is not None:
            out.append(Consistency(subject, slot, kind, tuple(members), common))
    return out


def filter_conflicts(
    ledger: Ledger,
    conflicts: Iterable[Conflict],
    *,
    subjects: set[str] | None = None,
    slot: str | None = None,
    article: str | None = None,
) -> list[Conflict]:
    """Keep conflicts about one of ``subjects`` (subject or involves), in ``slot``, citing ``article``."""

    def about(index: int) -> set[str]:
        claim = ledger.claims[index]
        return {claim.subject, *claim.involves}

    def cites(index: int) -> bool:
        return any(source.article == article for source in ledger.claims[index].sources)

    out = []
    for conflict in conflicts:
        if subjects is not None and not (about(conflict.left) | about(conflict.right)) & subjects:
            continue
        if slot is not None and conflict.slot != slot:
            continue
        if article is not None and not (cites(conflict.left) or cites(conflict.right)):
            continue
        out.append(conflict)
    return out
