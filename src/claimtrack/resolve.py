"""Claim values resolved against the citing articles' dates, and independent origins.

A relative date ("last month") or an age means something only against the date of the article
that states it, so each (claim, source) pair is resolved on its own: a date to the interval of days
it names, an age to the window in which the person must have been born. A claim's value is the
intersection over its sources (None when they disagree with each other).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Literal, NamedTuple, overload

from claimtrack.dates import DateParseError, Interval, birth_window, intersect_all, resolve_when
from claimtrack.gc_pause import gc_paused
from claimtrack.ledger import ArticleDate, Ledger
from claimtrack.models import Claim, Slot
from claimtrack.numbers import Quantity, parse_quantity

ValueKind = Literal["date", "age", "value", "none"]


class Resolved(NamedTuple):
    """One source's reading of its claim's value."""

    claim: int
    source: int
    article: str
    kind: ValueKind
    written: str | None
    """The value as the curator wrote it."""
    interval: Interval | None
    """For a date, the days it names; for an age, the birth window; None if unresolvable."""
    anchor: Interval | None
    """The article date it was resolved against (None for absolute dates)."""
    plain: str | None = None
    """For a plain value, its comparison form (case and spacing folded)."""
    error: str | None = None


class ClaimValue(NamedTuple):
    """A claim's value over all its sources."""

    kind: ValueKind
    written: str | None
    interval: Interval | None
    """Intersection of the sources' intervals (None if unresolvable or self-inconsistent)."""
    plain: str | None
    readings: tuple[Resolved, ...]
    quantity: Quantity | None = None
    """For a plain value that reads as a number or amount, the range it allows."""

    @property
    def self_inconsistent(self) -> bool:
        with_interval = [r.interval for r in self.readings if r.interval is not None]
        return len(with_interval) > 1 and self.interval is None


def _fold_plain(text: str) -> str:
    return " ".join(text.casefold().split())


def _resolve(
    claim: Claim, index: int, dates: Mapping[str, ArticleDate], slots: Mapping[str, Slot]
) -> ClaimValue:
    """Resolve every source of claim ``index``."""
    kind: ValueKind = claim.kind
    written = claim.value_text
    plain = _fold_plain(claim.value) if kind == "value" and claim.value is not None else None
    quantity = None
    if plain is not None and claim.value is not None:
        slot = slots.get(claim.slot) if claim.slot is not None else None
        if slot is None or slot.type in ("number", "amount"):
            quantity = parse_quantity(claim.value, None if slot is None else slot.unit)
    readings: list[Resolved] = []
    for k, source in enumerate(claim.sources):
        interval: Interval | None = None
        error: str | None = None
        used_anchor: Interval | None = None
        if kind == "date" or kind == "age":
            date = dates.get(source.article)
            anchor = date.interval if date is not None else None
            try:
                if kind == "date" and claim.when is not None:
                    interval = resolve_when(claim.when, anchor)
                    used_anchor = anchor
                elif kind == "age" and claim.age is not None:
                    as_of = resolve_when(claim.as_of, anchor) if claim.as_of else anchor
                    if as_of is None:
                        error = "the article has no date, so the age has no birth window"
                    else:
                        interval = birth_window(claim.age, as_of)
                        used_anchor = as_of
            except DateParseError as exc:
                error = str(exc)
        readings.append(
            Resolved(index, k, source.article, kind, written, interval, used_anchor, plain, error)
        )
    intervals = [r.interval for r in readings if r.interval is not None]
    combined = intersect_all(intervals) if intervals else None
    return ClaimValue(
        kind, written, combined, plain if readings else None, tuple(readings), quantity
    )


def resolve_all(ledger: Ledger) -> list[ClaimValue]:
    """Every claim's value; the collector is paused (a large ledger makes 300,000 records here,
    and each collection would walk all that is alive)."""
    dates, slots = ledger.dates, ledger.claims_file.slots
    with gc_paused():
        return [_resolve(claim, index, dates, slots) for index, claim in enumerate(ledger.claims)]


class LazyValues(Sequence[ClaimValue]):
    """Every claim's value, each resolved when first asked for.

    Finding conflicts needs them all, but a re-run that reads its conflicts from the cache shows
    only a few thousand claims of 100,000: resolving the rest would be a second and a half of
    waste (and 300,000 records of memory).
    """

    def __init__(self, ledger: Ledger) -> None:
        self._claims = ledger.claims
        self._dates = ledger.dates
        self._slots = ledger.claims_file.slots
        self._found: list[ClaimValue | None] = [None] * len(ledger.claims)

    def __len__(self) -> int:
        return len(self._found)

    @overload
    def __getitem__(self, index: int) -> ClaimValue: ...

    @overload
    def __getitem__(self, index: slice) -> list[ClaimValue]: ...

    def __getitem__(self, index: int | slice) -> ClaimValue | list[ClaimValue]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._found)))]
        found = self._found[index]
        if found is None:
            if index < 0:
                index += len(self._found)
            found = self._found[index] = _resolve(
                self._claims[index], index, self._dates, self._slots
            )
        return found


class Origins:
    """Which articles are independent: a copy (curated ``copy_of`` or suspected) joins its original."""

    def __init__(self, articles: Iterable[str], copies: Iterable[tuple[str, str]]) -> None:
        self._parent: dict[str, str] = {article: article for article in articles}
        for copy, original in copies:
            self._parent.setdefault(copy, copy)
            self._parent.setdefault(original, original)
            self._union(copy, original)

    def _find(self, article: str) -> str:
        parent = self._parent.setdefault(article, article)
        while parent != self._parent[parent]:
            self._parent[parent] = self._parent[self._parent[parent]]
            parent = self._parent[parent]
        return parent

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            # The earliest id is the group's name, so results do not depend on input order.
            low, high = sorted((ra, rb))
            self._parent[high] = low

    def origin(self, article: str) -> str:
        return self._find(article)

    def count(self, articles: Iterable[str]) -> int:
        """Independent origins among ``articles``."""
        return len({self._find(a) for a in articles})


def curated_copies(ledger: Ledger) -> list[tuple[str, str]]:
    return sorted(
        (article, meta.copy_of)
        for article, meta in ledger.claims_file.articles.items()
        if meta.copy_of is not None
    )


def origins_for(ledger: Ledger, suspected: Iterable[tuple[str, str]] = ()) -> Origins:
    return Origins(ledger.articles, [*curated_copies(ledger), *suspected])
