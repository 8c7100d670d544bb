"""``check`` rules for the slot registry (``slots:``) and for claims that cannot be compared.

They register with :func:`claimtrack.check_rules.rule` like every other rule (and so appear in the
README's rules table); they live apart because they read the registry, the numbers module and the
events of :mod:`claimtrack.conflicts`, which the other rules never need.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from claimtrack.check_rules import CheckContext, _suggest, rule
from claimtrack.models import Claim, Slot
from claimtrack.numbers import compatible_units, parse_quantity
from claimtrack.problems import Problem

_FIELD_OF_TYPE = {"date": "when", "age": "age"}

# A statement that names a typed value: an amount, a year, a month and year, an age.
_TYPED_VALUE = re.compile(
    r"[$€£¥]\s?\d[\d,.]*(?:\s?(?:million|billion|thousand|bn|m|k)\b)?"
    r"|\b\d[\d,.]*\s?(?:million|billion|thousand)\b|\b\d+-year-old\b"
    r"|\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s+(?:\d{1,2},\s+)?(?:1[89]|20)\d\d\b",
)


def _value_field(claim: Claim) -> str | None:
    for name in ("when", "age", "value"):
        if getattr(claim, name) is not None:
            return name
    return None


def _type_problem(claim: Claim, slot: Slot) -> str | None:
    """Why a claim's value does not fit its declared slot, or None."""
    given = _value_field(claim)
    if given is None:
        return None
    expected = _FIELD_OF_TYPE.get(slot.type, "value")
    if given != expected:
        return f"slot '{claim.slot}' holds {slot.type} values: give '{expected}', not '{given}'"
    if given != "value" or claim.value is None:
        return None
    if slot.type == "set":
        allowed = {value.casefold() for value in slot.values}
        if claim.value.casefold() not in allowed:
            return (
                f"'{claim.value}' is not one of the values of slot '{claim.slot}': "
                + ", ".join(f"'{v}'" for v in slot.values)
            )
    elif slot.type in ("number", "amount"):
        quantity = parse_quantity(claim.value, slot.unit)
        if quantity is None:
            return (
                f"'{claim.value}' is not a number or amount (slot '{claim.slot}' holds "
                f"{slot.type}s): write it like '3', 'two children', '$60 million', 'more than 20'"
            )
        if slot.unit is not None:
            declared = parse_quantity(f"1 {slot.unit}") or parse_quantity(f"{slot.unit}1")
            if declared is not None and not compatible_units(quantity, declared):
                return f"'{claim.value}' is not in the unit of slot '{claim.slot}' ({slot.unit})"
    return None


@rule("undeclared-slot", "error", "a claim uses a slot that the `slots:` registry does not declare (once it declares any)")
def _undeclared(ctx: CheckContext) -> Iterator[Problem]:
    slots = ctx.ledger.claims_file.slots
    if not slots:
        return
    for index, claim in enumerate(ctx.ledger.claims):
        if claim.slot is not None and claim.slot not in slots:
            yield ctx.problem(
                ("claims", index, "slot"), "undeclared-slot",
                f"claim '{claim.id}': slot '{claim.slot}' is not declared in 'slots:'"
                + _suggest(claim.slot, slots),
            )  # fmt: skip


@rule("slot-value-type", "error", "a value of the wrong type for its declared slot (a date in a slot of amounts, a value outside a set, ...)")
def _wrong_type(ctx: CheckContext) -> Iterator[Problem]:
    slots = ctx.ledger.claims_file.slots
    if not slots:
        return
    for index, claim in enumerate(ctx.ledger.claims):
        slot = slots.get(claim.slot) if claim.slot is not None else None
        if slot is None:
            continue
        problem = _type_problem(claim, slot)
        if problem is not None:
            field = _value_field(claim) or "slot"
            yield ctx.problem(
                ("claims", index, field), "slot-value-type", f"claim '{claim.id}': {problem}"
            )


@rule("value-without-slot", "warning", "once a registry exists: a claim whose statement names a date, an amount or an age but has no slot, so it is never compared")
def _value_without_slot(ctx: CheckContext) -> Iterator[Problem]:
    if not ctx.ledger.claims_file.slots:
        return
    for index, claim in enumerate(ctx.ledger.claims):
        if claim.slot is not None or claim.contradicts:
            continue
        found = _TYPED_VALUE.search(claim.statement)
        if found is not None:
            yield ctx.problem(
                ("claims", index, "statement"), "value-without-slot",
                f"claim '{claim.id}' states '{found.group(0)}' but has no slot: it is compared "
                "with nothing", severity="warning",
                hint="give it a declared 'slot' and a 'when', 'age' or 'value'",
            )  # fmt: skip


@rule("split-event", "warning", "one slot is used for claims that look like one event split across participants (subjects that involve each other, filed apart), so they are never compared")
def _split_events(ctx: CheckContext) -> Iterator[Problem]:
    from claimtrack.conflicts import event_groups

    ledger = ctx.ledger
    claims = ledger.claims
    by_slot: dict[str, list[int]] = defaultdict(list)
    for index, claim in enumerate(claims):
        if claim.slot is not None and claim.kind not in ("none", "age"):
            by_slot[claim.slot].append(index)
    for slot in sorted(by_slot):
        events = event_groups(ledger, by_slot[slot])
        if len(events) < 2:
            continue
        subjects_of = [{claims[i].subject for i in event} for event in events]
        involved_of = [{p for i in event for p in (claims[i].subject, *claims[i].involves)}
                       for event in events]  # fmt: skip
        events_with_subject: dict[str, list[int]] = defaultdict(list)
        for number, subjects in enumerate(subjects_of):
            for subject in subjects:
                events_with_subject[subject].append(number)
        reported: set[int] = set()
        for a in range(len(events)):
            candidates = {b for p in involved_of[a] for b in events_with_subject.get(p, ())}
            for b in sorted(candidates):
                if b <= a or b in reported or not subjects_of[b] & involved_of[a]:
                    continue
                if not subjects_of[a] & involved_of[b]:
                    continue
                reported.add(b)
                first, other = claims[events[a][0]], claims[events[b][0]]
                yield ctx.problem(
                    ("claims", events[b][0], "subject"), "split-event",
                    f"slot '{slot}': claim '{other.id}' (subject '{other.subject}') and "
                    f"claim '{first.id}' (subject '{first.subject}') involve each other but "
                    "are never compared: their participants (subject + involves) differ",
                    severity="warning",
                    hint="list the same people in both (subject plus involves), or use "
                    "different slots if they are different events",
                )  # fmt: skip
