"""Which claims cannot all be true: pure functions from resolved claims to :class:`Dispute` records.

A dispute is one (event, slot) with the values in contention, each with its claims: its size grows
with the number of claims, never with their pairs (169 claims of 2011 against 169 of 2012 are one
dispute of two values, not 28,561 pairs).

An event is found from the claims' participants (the subject and ``involves``): two claims in one
slot are about the same event when they share the subject, or when their participant sets are
equal (a couple's separation filed under either partner). The events of a slot are the connected
groups of that relation.

Values are compared within an event by their kind: dates and ages as intervals of days (an age as
its birth window), numbers and amounts as the ranges their writing allows (:mod:`claimtrack.numbers`,
currencies and nouns must match), other values as folded text. Intervals on a line have a common
point exactly when no one of them ends before another starts (Helly's theorem in one dimension), so
a group costs one pass and a sort; a value is *in contention* when some other value of its group
cannot hold with it. A slot declared ``changes_over_time`` compares values only at overlapping
times (a claim's ``as_of``, by default its article's date); one declared ``cardinality: many`` is
not compared at all. Explicit ``contradicts`` links are disputes of two sides: the claims linked,
split by which side of the links they are on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Literal, NamedTuple

from claimtrack import progress
from claimtrack.dates import DateParseError, Interval, intersect_all, resolve_when
from claimtrack.ledger import Ledger
from claimtrack.models import Slot
from claimtrack.resolve import ClaimValue

ConflictKind = Literal["date", "age", "number", "value", "explicit"]

_INF = float("inf")


class Position(NamedTuple):
    """One value in contention, with the claims that state it."""

    value: str | None
    """The value as compared (a resolved interval, a quantity, folded text); None for a side of
    explicit links."""
    claims: tuple[int, ...]


class Dispute(NamedTuple):
    """One (event, slot) whose values cannot all hold, or one set of explicit links."""

    kind: ConflictKind
    subject: str
    """The subject of the event's first claim (in file order)."""
    slot: str | None
    positions: tuple[Position, ...]
    reason: str
    compatible: tuple[int, ...] = ()
    """Claims of the event whose value fits every other (``separated last year`` against July and
    August of that year)."""
    as_of: str | None = None
    """For a slot that changes over time: the time at which the values were compared."""

    @property
    def claims(self) -> list[int]:
        return [index for position in self.positions for index in position.claims]


class Consistency(NamedTuple):
    """A (subject, slot) group whose resolved values have a common intersection."""

    subject: str
    slot: str
    kind: str
    claims: tuple[int, ...]
    intersection: Interval | None


class Comparison(NamedTuple):
    """What was compared: so that "no conflicts" never hides "nothing was comparable"."""

    claims: int
    compared: int
    """Claims compared with at least one other claim of their event."""
    slots: int
    """Slots in which some claims were compared."""
    events: int
    """(event, slot) groups of two or more compared claims."""
    no_slot: int
    no_value: int
    """Claims with a slot but no value (they compare only through ``contradicts``)."""
    alone: int
    """Claims with a value in a slot that no other claim of their event uses."""
    many: int
    """Claims in slots declared ``cardinality: many`` (their values do not exclude each other)."""
    no_time: int
    """Claims in a slot that changes over time whose time could not be resolved."""
    linked: int
    """Claims in explicit ``contradicts`` links (with or without a slot)."""

    @property
    def not_compared(self) -> int:
        return self.no_slot + self.no_value + self.alone + self.many + self.no_time

    def to_json(self) -> dict[str, int]:
        return {
            "claims": self.claims,
            "compared": self.compared,
            "slots": self.slots,
            "events": self.events,
            "not_compared": self.not_compared,
            "no_slot": self.no_slot,
            "no_value": self.no_value,
            "alone": self.alone,
            "many": self.many,
            "no_time": self.no_time,
            "linked": self.linked,
        }

    def summary(self) -> str:
        """One sentence for people."""
        slots = f"{self.slots} slot{'s' * (self.slots != 1)}"
        parts = [
            f"{self.no_slot} without a slot",
            f"{self.no_value} with a slot but no value",
            f"{self.alone} alone in their slot for their event",
        ]
        if self.many:
            parts.append(f"{self.many} in slots that take many values")
        if self.no_time:
            parts.append(f"{self.no_time} with no time for a state")
        linked = f"; {self.linked} in explicit contradicts links" if self.linked else ""
        return (
            f"compared {self.compared} of {self.claims} claim{'s' * (self.claims != 1)} in "
            f"{slots} ({self.events} event{'s' * (self.events != 1)}); not compared "
            f"{self.not_compared}: {', '.join(parts)}{linked}"
        )


# --- events ----------------------------------------------------------------------------------


def event_groups(
    ledger: Ledger, members: Iterable[int], *, joint: bool = True
) -> list[list[int]]:
    """The claims of one slot split into events: connected by a shared subject or, when ``joint``,
    by equal participants. (An age is only ever its subject's: "Portman, 42, and Millepied, 46"
    filed under either of them is two ages, not one event.)"""
    claims = ledger.claims
    parent: dict[int, int] = {}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_subject: dict[str, int] = {}
    by_participants: dict[frozenset[str], int] = {}
    for index in members:
        parent[index] = index
        claim = claims[index]
        firsts = [by_subject.setdefault(claim.subject, index)]
        if joint:
            firsts.append(
                by_participants.setdefault(frozenset((claim.subject, *claim.involves)), index)
            )
        for first in firsts:
            if first != index:
                a, b = find(first), find(index)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = defaultdict(list)
    for index in parent:
        groups[find(index)].append(index)
    return [sorted(group) for _, group in sorted(groups.items())]


# --- intervals on a line ---------------------------------------------------------------------

Bound = tuple[float | Fraction, int]


class _Span(NamedTuple):
    low: Bound
    """(value, 0 if closed else 1): ordered so that a later key starts later."""
    high: Bound
    """(value, 1 if closed else 0): ordered so that a later key ends later."""


def _day_span(interval: Interval) -> _Span:
    start = interval.start.toordinal() if interval.start else -_INF
    end = interval.end.toordinal() if interval.end else _INF
    return _Span((start, 0), (end, 1))


def _before(a: _Span, b: _Span) -> bool:
    """``a`` ends before ``b`` starts: no point is in both."""
    return a.high <= b.low


def _contested(spans: Mapping[str, _Span]) -> tuple[list[str], list[str]]:
    """(values in contention, values that fit all others). One pass: a value is in contention
    exactly when the earliest-ending value ends before it starts, or the latest-starting value
    starts after it ends."""
    if len(spans) < 2:
        return [], list(spans)
    first_end = min(spans.values(), key=lambda s: s.high)
    last_start = max(spans.values(), key=lambda s: s.low)
    contested, fitting = [], []
    for value, span in spans.items():
        if _before(first_end, span) or _before(span, last_start):
            contested.append(value)
        else:
            fitting.append(value)
    return contested, fitting


def _agreeing(ordered: list[str], spans: Mapping[str, _Span]) -> list[list[str]]:
    """Values sorted by start, in runs that share a point ($20 million and $20.5 million agree, so
    they are one side against $35 million)."""
    clusters: list[list[str]] = []
    common: _Span | None = None
    for value in ordered:
        span = spans[value]
        if common is not None:
            narrowed = _Span(max(common.low, span.low), min(common.high, span.high))
            if not _before(narrowed, narrowed):
                clusters[-1].append(value)
                common = narrowed
                continue
        clusters.append([value])
        common = span
    return clusters


# --- finding disputes ------------------------------------------------------------------------


def _slot_of(ledger: Ledger, slot: str) -> Slot | None:
    return ledger.claims_file.slots.get(slot)


def _state_times(ledger: Ledger, index: int) -> Interval | None:
    """When a state claim holds: its ``as_of`` (or each article's date), over all its sources."""
    claim = ledger.claims[index]
    found = []
    for source in claim.sources:
        date = ledger.dates.get(source.article)
        anchor = date.interval if date is not None else None
        if claim.as_of is None:
            if anchor is None:
                return None
            found.append(anchor)
            continue
        try:
            found.append(resolve_when(claim.as_of, anchor))
        except DateParseError:
            return None
    return intersect_all(found) if found else None


class _Group(NamedTuple):
    slot: str
    kind: str
    members: list[int]


def _value_key(value: ClaimValue) -> tuple[str, str] | None:
    """(kind of comparison, unit) of a claim's value; None when it cannot be compared."""
    if value.kind in ("date", "age"):
        return (value.kind, "") if value.interval is not None else None
    if value.kind != "value" or value.plain is None:
        return None
    quantity = value.quantity
    if quantity is not None:
        return "number", quantity.currency or ""
    return "value", ""


def _comparable(ledger: Ledger, values: Sequence[ClaimValue]) -> tuple[list[_Group], Comparison]:
    """The (event, slot, kind) groups of two or more claims, and the counts of what was compared."""
    claims = ledger.claims
    by_slot: dict[tuple[str, bool], list[int]] = defaultdict(list)
    no_slot = no_value = many = 0
    linked = {i for i, c in enumerate(claims) if c.contradicts}
    index_of = {claim.id: i for i, claim in enumerate(claims)} if linked else {}
    for i in list(linked):
        linked.update(index_of[t] for t in claims[i].contradicts if t in index_of)
    for index, claim in enumerate(claims):
        if claim.slot is None:
            no_slot += 1
            continue
        if claim.kind == "none":
            no_value += 1
            continue
        declared = _slot_of(ledger, claim.slot)
        if declared is not None and declared.cardinality == "many":
            many += 1
            continue
        by_slot[(claim.slot, claim.kind == "age")].append(index)
    groups: list[_Group] = []
    alone = 0
    compared_slots: set[str] = set()
    compared = 0
    for slot, ages in sorted(by_slot):
        for event in event_groups(ledger, by_slot[(slot, ages)], joint=not ages):
            kinds: dict[tuple[str, str], list[int]] = defaultdict(list)
            for index in event:
                key = _value_key(values[index])
                if key is None:
                    alone += 1
                else:
                    kinds[key].append(index)
            for (kind, _unit), members in sorted(kinds.items()):
                if len(members) < 2:
                    alone += len(members)
                    continue
                compared += len(members)
                compared_slots.add(slot)
                groups.append(_Group(slot, kind, members))
    comparison = Comparison(
        len(claims), compared, len(compared_slots), len(groups), no_slot, no_value, alone, many,
        0, len(linked),
    )  # fmt: skip
    return groups, comparison


def _spans(
    ledger: Ledger, values: Sequence[ClaimValue], kind: str, members: list[int]
) -> tuple[dict[str, _Span], dict[str, list[int]]]:
    spans: dict[str, _Span] = {}
    holders: dict[str, list[int]] = defaultdict(list)
    for index in members:
        value = values[index]
        if kind in ("date", "age"):
            assert value.interval is not None
            text = str(value.interval)
            span = _day_span(value.interval)
        else:
            quantity = value.quantity
            assert quantity is not None
            text = str(quantity)
            low = (
                (-_INF, 0)
                if quantity.low is None
                else (quantity.low, 0 if quantity.low_closed else 1)
            )
            high = (
                (_INF, 1)
                if quantity.high is None
                else (quantity.high, 1 if quantity.high_closed else 0)
            )
            span = _Span(low, high)
        spans.setdefault(text, span)
        holders[text].append(index)
    return spans, holders


def _nouns_split(values: Sequence[ClaimValue], members: list[int]) -> list[list[int]]:
    """Numbers of one currency split by the noun they count; a bare number joins each noun."""
    by_noun: dict[str | None, list[int]] = defaultdict(list)
    for index in members:
        quantity = values[index].quantity
        by_noun[None if quantity is None else quantity.noun].append(index)
    bare = by_noun.pop(None, [])
    if not by_noun:
        return [bare]
    return [sorted(counted + bare) for _, counted in sorted(by_noun.items())]


def _order(holders: Mapping[str, list[int]]) -> list[str]:
    return sorted(holders, key=lambda v: min(holders[v]))


def _interval_dispute(
    ledger: Ledger,
    values: Sequence[ClaimValue],
    group: _Group,
    members: list[int],
    as_of: str | None,
) -> Dispute | None:
    spans, holders = _spans(ledger, values, group.kind, members)
    contested, fitting = _contested(spans)
    if not contested:
        return None
    contested.sort(key=lambda v: (spans[v].low, spans[v].high, v))
    clusters = _agreeing(contested, spans)
    positions = []
    for cluster in clusters:
        claims = tuple(sorted(i for v in cluster for i in holders[v]))
        if group.kind == "number":
            # Amounts are shown as written ("$20 million"), their ranges in the reason.
            written = dict.fromkeys(ledger.claims[i].value or "" for i in claims)
            shown = " / ".join(written)
        else:
            shown = " / ".join(cluster)
        positions.append(Position(shown, claims))
    what = {"date": "dates", "age": "birth windows", "number": "values"}[group.kind]
    ranges = [p.value or "" for p in positions]
    if len(ranges) == 2:
        reason = f"{what} {ranges[0]} and {ranges[1]} do not overlap"
    else:
        reason = f"{what} {', '.join(ranges)} do not all overlap"
    if group.kind == "number":
        read = "; ".join(" / ".join(cluster) for cluster in clusters)
        joined = " and ".join(ranges) if len(ranges) == 2 else ", ".join(ranges)
        both = "cannot both hold" if len(ranges) == 2 else "cannot all hold"
        reason = f"{joined} {both} (read as {read})"
    compatible = tuple(sorted(i for v in fitting for i in holders[v]))
    subject = ledger.claims[min(members)].subject
    kind: ConflictKind = group.kind  # type: ignore[assignment]
    return Dispute(kind, subject, group.slot, tuple(positions), reason, compatible, as_of)


def _text_dispute(
    ledger: Ledger,
    values: Sequence[ClaimValue],
    group: _Group,
    members: list[int],
    as_of: str | None,
) -> Dispute | None:
    holders: dict[str, list[int]] = defaultdict(list)
    for index in members:
        plain = values[index].plain
        assert plain is not None
        holders[plain].append(index)
    if len(holders) < 2:
        return None
    order = _order(holders)
    positions = tuple(
        Position(ledger.claims[holders[v][0]].value, tuple(holders[v])) for v in order
    )
    shown = [f"'{p.value}'" for p in positions]
    reason = (
        f"{shown[0]} differs from {shown[1]}"
        if len(shown) == 2
        else f"{len(shown)} different values: {', '.join(shown)}"
    )
    subject = ledger.claims[min(members)].subject
    return Dispute("value", subject, group.slot, positions, reason, (), as_of)


def _time_windows(
    ledger: Ledger, members: list[int]
) -> tuple[list[tuple[Interval, list[int]]], int]:
    """A state's claims in clusters whose times overlap (a sweep over the sorted times), and how
    many claims have no time."""
    timed: list[tuple[_Span, Interval, int]] = []
    untimed = 0
    for index in members:
        when = _state_times(ledger, index)
        if when is None:
            untimed += 1
        else:
            timed.append((_day_span(when), when, index))
    timed.sort(key=lambda item: (item[0].low, item[2]))
    clusters: list[tuple[Interval, list[int]]] = []
    current: list[int] = []
    reach: _Span | None = None
    hull: Interval | None = None
    for span, when, index in timed:
        if reach is not None and not _before(reach, span):
            current.append(index)
            if span.high > reach.high:
                reach = span
            hull = hull.hull(when) if hull is not None else when
        else:
            if current and hull is not None:
                clusters.append((hull, current))
            current, reach, hull = [index], span, when
    if current and hull is not None:
        clusters.append((hull, current))
    return clusters, untimed


def find_disputes(ledger: Ledger, values: Sequence[ClaimValue]) -> tuple[list[Dispute], Comparison]:
    """Every dispute, sorted by subject, slot and claims; and what was compared."""
    groups, comparison = _comparable(ledger, values)
    found: list[Dispute] = []
    no_time = 0
    for group in progress.track(groups, "finding disputes"):
        declared = _slot_of(ledger, group.slot)
        windows: list[tuple[list[int], str | None]]
        if declared is not None and declared.changes_over_time:
            clusters, untimed = _time_windows(ledger, group.members)
            no_time += untimed
            windows = [(members, str(hull)) for hull, members in clusters if len(members) > 1]
        else:
            windows = [(group.members, None)]
        for members, as_of in windows:
            pieces = _nouns_split(values, members) if group.kind == "number" else [members]
            for piece in pieces:
                if len(piece) < 2:
                    continue
                if group.kind == "value":
                    dispute = _text_dispute(ledger, values, group, piece, as_of)
                else:
                    dispute = _interval_dispute(ledger, values, group, piece, as_of)
                if dispute is not None:
                    found.append(dispute)
    if no_time:
        comparison = comparison._replace(compared=comparison.compared - no_time, no_time=no_time)
    found.extend(_explicit(ledger, found))
    claims = ledger.claims
    found.sort(key=lambda d: (d.subject, d.slot or "", d.kind, [claims[i].id for i in d.claims]))
    return found, comparison


def _explicit(ledger: Ledger, slot_disputes: list[Dispute]) -> list[Dispute]:
    """Explicit links as two-sided disputes: each connected set of links, its claims coloured by
    side (a set whose links do not split in two becomes one dispute per link)."""
    claims = ledger.claims
    index_of = {claim.id: i for i, claim in enumerate(claims)}
    placed: dict[int, tuple[int, int]] = {}  # claim -> (dispute, position)
    for number, dispute in enumerate(slot_disputes):
        for k, position in enumerate(dispute.positions):
            for index in position.claims:
                placed.setdefault(index, (number, k))

    def opposed(a: int, b: int) -> bool:
        pa, pb = placed.get(a), placed.get(b)
        return pa is not None and pb is not None and pa[0] == pb[0] and pa[1] != pb[1]

    edges: dict[int, list[int]] = defaultdict(list)
    links: list[tuple[int, int]] = []
    seen: set[frozenset[int]] = set()
    for index, claim in enumerate(claims):
        for other_id in claim.contradicts:
            other = index_of.get(other_id)
            pair = frozenset((index, other)) if other is not None else frozenset()
            if other is None or other == index or pair in seen or opposed(index, other):
                continue
            seen.add(pair)
            links.append((index, other))
            edges[index].append(other)
            edges[other].append(index)
    side: dict[int, int] = {}
    out: list[Dispute] = []
    for start, _ in links:
        if start in side:
            continue
        side[start] = 0
        component, stack, split = [start], [start], True
        while stack:
            node = stack.pop()
            for nxt in edges[node]:
                if nxt not in side:
                    side[nxt] = 1 - side[node]
                    component.append(nxt)
                    stack.append(nxt)
                elif side[nxt] == side[node]:
                    split = False
        members = set(component)
        own = [(a, b) for a, b in links if a in members]
        if split:
            out.append(_explicit_dispute(ledger, own, side))
        else:
            out.extend(_explicit_dispute(ledger, [link], {link[0]: 0, link[1]: 1}) for link in own)
    return out


def _explicit_dispute(
    ledger: Ledger, links: list[tuple[int, int]], side: Mapping[int, int]
) -> Dispute:
    claims = ledger.claims
    first = links[0][0]
    members = sorted({i for link in links for i in link})
    a = tuple(i for i in members if side[i] == side[first])
    b = tuple(i for i in members if side[i] != side[first])
    holder = claims[first]
    notes = [note for note in (claims[i].note for i, _ in links) if note]
    if notes:
        reason = notes[0]
    elif len(links) == 1:
        reason = f"'{holder.id}' is marked as contradicting '{claims[links[0][1]].id}'"
    else:
        reason = f"{len(links)} links mark these claims as contradicting each other"
    return Dispute(
        "explicit", holder.subject, holder.slot, (Position(None, a), Position(None, b)), reason
    )


def consistent_groups(ledger: Ledger, values: Sequence[ClaimValue]) -> list[Consistency]:
    """Groups of two or more dated or aged claims that agree, with what they pin down together.

    This is where ages stated at different dates narrow a birthday to a window.
    """
    groups, _ = _comparable(ledger, values)
    out: list[Consistency] = []
    for group in groups:
        if group.kind not in ("date", "age"):
            continue
        intervals = [values[i].interval for i in group.members]
        common = intersect_all(iv for iv in intervals if iv is not None)
        if common is not None:
            subject = ledger.claims[group.members[0]].subject
            out.append(Consistency(subject, group.slot, group.kind, tuple(group.members), common))
    out.sort(key=lambda g: (g.subject, g.slot, g.kind, g.claims))
    return out


def opposed_claims(dispute: Dispute, index: int) -> list[int]:
    """The claims of a dispute on another side than claim ``index`` (whose values cannot hold with
    its own): for an interval dispute only the values disjoint from its value."""
    return [i for p in dispute.positions if index not in p.claims for i in p.claims]


def filter_disputes(
    ledger: Ledger,
    disputes: Iterable[Dispute],
    *,
    subjects: set[str] | None = None,
    slot: str | None = None,
    article: str | None = None,
) -> list[Dispute]:
    """Keep disputes with a claim about one of ``subjects`` (subject or involves), in ``slot``,
    with a claim citing ``article``."""

    def about(index: int) -> set[str]:
        claim = ledger.claims[index]
        return {claim.subject, *claim.involves}

    def cites(index: int) -> bool:
        return any(source.article == article for source in ledger.claims[index].sources)

    out = []
    for dispute in disputes:
        members = dispute.claims
        if subjects is not None and not any(about(i) & subjects for i in members):
            continue
        if slot is not None and dispute.slot != slot:
            continue
        if article is not None and not any(cites(i) for i in members):
            continue
        out.append(dispute)
    return out
