"""Claim values resolved against the citing articles' dates, and independent origins.

A relative date ("last month") or an age means something only against the date of the article
that states it, so each (claim, source) pair is resolved on its own: a date to the interval of days
it names, an age to the window in which the person must have been born. A claim's value is the
intersection over its sources (None when they disagree with each other).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Literal, NamedTuple, overload

from claimtrack.dates import (
    DateParseError,
    Interval,
    birth_window,
    intersect_all,
    is_event_relative,
    is_relative,
    resolve_when,
)
from claimtrack.gc_pause import gc_paused
from claimtrack.ledger import ArticleDate, Ledger
from claimtrack.models import Claim, Slot, Source
from claimtrack.numbers import Quantity, parse_quantity
from claimtrack.text import fold

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
    """The date it was resolved against (None for absolute dates)."""
    plain: str | None = None
    """For a plain value, its comparison form (case and spacing folded)."""
    error: str | None = None
    anchor_from: str | None = None
    """What :attr:`anchor` is: ``article`` (its date), ``said_on`` (the source's), ``claim:ID``
    (another claim's resolved date) or ``date`` (the claim's ``anchor`` date)."""
    error_code: str | None = None
    """The check code of :attr:`error`: ``bad-anchor``, ``anchor-cycle``, ``anchor-needed``,
    ``date-out-of-range`` or ``unresolvable-date``."""


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


class _ResolveError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message)
        self.code = code
        self.message = message


class _Event(NamedTuple):
    interval: Interval
    source: str
    """``claim:ID`` or ``date``."""


MAX_ANCHOR_CHAIN = 100
"""Claims an anchor chain may pass through (each link is a level of recursion)."""


class Resolver:
    """Resolves claims one at a time, each once, following ``anchor`` chains between them.

    A claim's ``anchor`` names another claim (its combined date is the event) or gives a date;
    a chain is followed to its end, and a cycle is an error on every claim in it.
    """

    def __init__(
        self,
        claims: Sequence[Claim],
        dates: Mapping[str, ArticleDate],
        slots: Mapping[str, Slot] | None = None,
    ) -> None:
        self._claims = claims
        self._dates = dates
        self._slots: Mapping[str, Slot] = slots or {}
        self._found: list[ClaimValue | None] = [None] * len(claims)
        self._ids: dict[str, int] | None = None
        self._active: list[int] = []

    def __len__(self) -> int:
        return len(self._found)

    def value(self, index: int) -> ClaimValue:
        found = self._found[index]
        if found is None:
            self._active.append(index)
            try:
                found = self._found[index] = self._resolve(index)
            finally:
                self._active.pop()
        return found

    def _claim_index(self, claim_id: str) -> int | None:
        if self._ids is None:
            ids: dict[str, int] = {}
            for i, claim in enumerate(self._claims):
                ids.setdefault(claim.id, i)
            self._ids = ids
        return self._ids.get(claim_id)

    def _event(self, claim: Claim) -> _Event:
        """The date ``claim.anchor`` stands for."""
        text = claim.anchor
        assert text is not None
        target = self._claim_index(text)
        if target is None:
            try:
                if is_relative(text):
                    raise _ResolveError(
                        "bad-anchor", f"anchor '{text}' is neither a claim id nor an absolute date"
                    )
                return _Event(resolve_when(text, None), "date")
            except DateParseError:
                raise _ResolveError(
                    "bad-anchor", f"anchor '{text}' is neither a claim id nor a date"
                ) from None
        if len(self._active) > MAX_ANCHOR_CHAIN:
            raise _ResolveError(
                "bad-anchor", f"anchor chain longer than {MAX_ANCHOR_CHAIN} claims"
            )
        if target in self._active:
            chain = [self._claims[i].id for i in self._active[self._active.index(target) :]]
            raise _ResolveError("anchor-cycle", "anchor cycle: " + " → ".join([*chain, text]))
        other = self._claims[target]
        if other.kind != "date":
            raise _ResolveError(
                "bad-anchor", f"anchor '{text}' is a claim without a date ('when')"
            )
        value = self.value(target)
        if value.interval is None:
            cycle = next((r for r in value.readings if r.error_code == "anchor-cycle"), None)
            if cycle is not None:
                raise _ResolveError("anchor-cycle", cycle.error or "anchor cycle")
            raise _ResolveError("bad-anchor", f"anchor claim '{text}' has no resolved date")
        return _Event(value.interval, f"claim:{text}")

    def _resolve(self, index: int) -> ClaimValue:
        claim = self._claims[index]
        kind: ValueKind = claim.kind
        written = claim.value_text
        plain = _fold_plain(claim.value) if kind == "value" and claim.value is not None else None
        quantity = None
        if plain is not None and claim.value is not None:
            slot = self._slots.get(claim.slot) if claim.slot is not None else None
            if slot is None or slot.type in ("number", "amount"):
                quantity = parse_quantity(claim.value, None if slot is None else slot.unit)
        readings: list[Resolved] = []
        event: _Event | _ResolveError | None = None
        if kind == "date" and claim.anchor is not None:
            try:
                event = self._event(claim)
            except _ResolveError as exc:
                event = exc
        for k, source in enumerate(claim.sources):
            interval: Interval | None = None
            error: str | None = None
            code: str | None = None
            used_anchor: Interval | None = None
            anchor_from: str | None = None
            if kind == "date" or kind == "age":
                try:
                    if isinstance(event, _ResolveError):
                        raise event
                    anchor, anchor_from = self._source_anchor(source)
                    if kind == "date" and claim.when is not None:
                        if event is not None:
                            anchor, anchor_from = event
                        elif is_event_relative(claim.when):
                            raise _ResolveError(
                                "anchor-needed",
                                f"'{claim.when}' counts from an event: give the claim an "
                                "'anchor' (another claim's id, or a date)",
                            )
                        interval = resolve_when(claim.when, anchor)
                        if is_relative(claim.when):
                            used_anchor = anchor
                        else:
                            anchor_from = None  # absolute: counted from nothing
                    elif kind == "age" and claim.age is not None:
                        if claim.as_of:
                            anchor = resolve_when(claim.as_of, anchor)
                            anchor_from = "as_of"
                        if anchor is None:
                            raise _ResolveError(
                                "unresolvable-date",
                                "the article has no date, so the age has no birth window",
                            )
                        try:
                            interval = birth_window(claim.age, anchor)
                        except ValueError as exc:
                            raise _ResolveError("date-out-of-range", str(exc)) from None
                        used_anchor = anchor
                except _ResolveError as exc:
                    error, code = exc.message, exc.code
                except DateParseError as exc:
                    error = str(exc)
                    code = "date-out-of-range" if "1-9999" in error else "unresolvable-date"
                if error is not None:
                    anchor_from = None
            readings.append(
                Resolved(index, k, source.article, kind, written, interval, used_anchor, plain,
                         error, anchor_from, code)
            )  # fmt: skip
        intervals = [r.interval for r in readings if r.interval is not None]
        combined = intersect_all(intervals) if intervals else None
        return ClaimValue(
            kind, written, combined, plain if readings else None, tuple(readings), quantity
        )

    def _source_anchor(self, source: Source) -> tuple[Interval | None, str | None]:
        """The date a source's words count from: its ``said_on``, else its article's date."""
        if source.said_on is not None:
            try:
                return resolve_when(source.said_on, None), "said_on"
            except DateParseError as exc:
                raise _ResolveError("unresolvable-date", f"said_on: {exc}") from None
        date = self._dates.get(source.article)
        interval = date.interval if date is not None else None
        return interval, None if interval is None else "article"


def resolve_all(ledger: Ledger) -> list[ClaimValue]:
    """Every claim's value; the collector is paused (a large ledger makes 300,000 records here,
    and each collection would walk all that is alive)."""
    resolver = Resolver(ledger.claims, ledger.dates, ledger.claims_file.slots)
    with gc_paused():
        return [resolver.value(index) for index in range(len(ledger.claims))]


class LazyValues(Sequence[ClaimValue]):
    """Every claim's value, each resolved when first asked for.

    Finding conflicts needs them all, but a re-run that reads its conflicts from the cache shows
    only a few thousand claims of 100,000: resolving the rest would be a second and a half of
    waste (and 300,000 records of memory).
    """

    def __init__(self, ledger: Ledger) -> None:
        self._resolver = Resolver(ledger.claims, ledger.dates, ledger.claims_file.slots)

    def __len__(self) -> int:
        return len(self._resolver)

    @overload
    def __getitem__(self, index: int) -> ClaimValue: ...

    @overload
    def __getitem__(self, index: slice) -> list[ClaimValue]: ...

    def __getitem__(self, index: int | slice) -> ClaimValue | list[ClaimValue]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._resolver)))]
        if index < 0:
            index += len(self._resolver)
        if not 0 <= index < len(self._resolver):
            raise IndexError(index)
        return self._resolver.value(index)


class Origins:
    """Which citations are independent: one original source counts once.

    Articles join when one copies another (curated ``copy_of`` or suspected) or reuses its
    quotations wholesale; a claim's citations then join when their articles do, when they relay
    one outlet's reporting (``via``, or the article's own outlet, for a named outlet or an
    anonymous insider), when they quote one person on record, one representative or one post, or
    cite one record, and when they carry the same words (one quote contains the other). Every
    count of origins (list, show, conflicts, the report, exports) goes through
    :meth:`count_sources`.
    """

    def __init__(
        self,
        articles: Iterable[str],
        copies: Iterable[tuple[str, str]],
        outlets: Mapping[str, str] | None = None,
    ) -> None:
        self._parent: dict[str, str] = {article: article for article in articles}
        self._outlets: Mapping[str, str] = outlets or {}
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
        """The article group ``article`` belongs to (copies with their original)."""
        return self._find(article)

    def count(self, articles: Iterable[str]) -> int:
        """Independent article groups among ``articles``."""
        return len({self._find(a) for a in articles})

    def original_outlet(self, source: Source) -> str | None:
        """The outlet whose reporting a citation relays: its ``via``, else its article's outlet."""
        return source.via if source.via is not None else self._outlets.get(source.article)

    def source_key(self, source: Source) -> tuple[str, str] | None:
        """What a citation originally rests on, when two articles can share it."""
        attribution = source.attribution
        if attribution in ("named_outlet", "anonymous_insider"):
            outlet = self.original_outlet(source)
            return None if outlet is None else ("outlet", _fold_plain(outlet))
        if attribution == "public_record":
            return ("record", _fold_plain(source.document or source.url or source.attributed_to))
        return (attribution, _fold_plain(source.attributed_to))

    def of_sources(self, sources: Sequence[Source]) -> list[str]:
        """An origin label per citation (equal labels: one original source); a label is the
        earliest article group among the citations it joins."""
        n = len(sources)
        parent = list(range(n))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        def union(i: int, j: int) -> None:
            ri, rj = find(i), find(j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)

        groups = [self._find(source.article) for source in sources]
        if n > 1:
            first: dict[object, int] = {}
            quotes = [fold(source.quote).casefold() for source in sources]
            for i, source in enumerate(sources):
                for key in (("article", groups[i]), self.source_key(source)):
                    if key is None:
                        continue
                    if key in first:
                        union(first[key], i)
                    else:
                        first[key] = i
            for i, j in _shared_quotes(quotes):
                union(i, j)
        labels: dict[int, str] = {}
        for i in range(n):
            root = find(i)
            labels[root] = min(labels.get(root, groups[i]), groups[i])
        return [labels[find(i)] for i in range(n)]

    def count_sources(self, sources: Sequence[Source]) -> int:
        """Independent origins among a claim's citations."""
        if len(sources) == 1:
            return 1
        return len(set(self.of_sources(sources)))


_MIN_SHARED_WORDS = 5
"""A quote shorter than this many words is too common to say two articles reused one source."""


def _same_words(a: str, b: str) -> bool:
    """One quote (folded) contains the other, and the shorter is long enough to be telling."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return short.count(" ") + 1 >= _MIN_SHARED_WORDS and short in long


def _shared_quotes(quotes: Sequence[str]) -> Iterator[tuple[int, int]]:
    """Pairs of indices whose quotes are :func:`_same_words`, enough of them to join the same
    groups as every pair would: each quote with the first of its equals, and with each longer
    quote holding it.

    Comparing every pair took minutes for a value thousands of claims share. A quote of five
    words or more inside another puts its inner words (all but the first and the last, which may
    be parts of words) as whole space-separated words, in a row, in the other: only the quotes
    holding its first three inner words in a row are compared."""
    first: dict[str, int] = {}
    for i, quote in enumerate(quotes):
        if quote in first:
            if _same_words(quote, quote):
                yield first[quote], i
        else:
            first[quote] = i
    words = {quote: quote.split(" ") for quote in first}
    holding: dict[tuple[str, str, str], list[str]] = {}
    for quote, split in words.items():
        for k in range(len(split) - 2):
            holding.setdefault((split[k], split[k + 1], split[k + 2]), []).append(quote)
    for quote, split in words.items():
        if len(split) < _MIN_SHARED_WORDS:
            continue
        seen: set[str] = set()
        for other in holding.get((split[1], split[2], split[3]), ()):
            if other in seen or len(other) <= len(quote):
                continue
            seen.add(other)
            if _same_words(quote, other):
                yield first[quote], first[other]


def curated_copies(ledger: Ledger) -> list[tuple[str, str]]:
    return sorted(
        (article, meta.copy_of)
        for article, meta in ledger.claims_file.articles.items()
        if meta.copy_of is not None
    )


def origins_for(ledger: Ledger, suspected: Iterable[tuple[str, str]] = ()) -> Origins:
    outlets = {
        article: meta.outlet
        for article, meta in ledger.claims_file.articles.items()
        if meta.outlet is not None
    }
    return Origins(ledger.articles, [*curated_copies(ledger), *suspected], outlets)
