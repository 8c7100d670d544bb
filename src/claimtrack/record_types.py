"""The shapes of the JSON records the library returns and the renderers read, for mypy.

At run time a record is a plain ``dict`` (what ``json.dumps`` writes, key for key in the order the
builder writes them); these ``TypedDict`` classes only say which keys it has and what they hold,
so that a renderer reading a key that is not there, or misreading one, fails ``mypy --strict``.
The builders are :mod:`claimtrack.query` (claims, articles, ``show``, ``diff``) and
:mod:`claimtrack.records` (disputes, the timeline); both import this module only for their
annotations, so no command pays for defining the classes.

A key that only some records carry is in a ``total=False`` subclass (Python 3.10 has no
``NotRequired``).
"""

from __future__ import annotations

from typing import Literal, TypedDict

IntervalRecord = dict[str, "str | None"]
"""``{"start", "end", "precision"}``: :meth:`claimtrack.dates.Interval.to_json`."""

Kind = Literal["date", "age", "value", "none"]


class SubjectRef(TypedDict):
    key: str
    name: str


class QuoteContext(TypedDict):
    """Where a quote sits in its paragraph (``show``): :func:`claimtrack.query.quote_context`."""

    text: str
    line: int
    paragraph: int | None
    quote_start: int
    quote_end: int


class _SourceRecord(TypedDict):
    article: str
    outlet: str | None
    article_date: str | None
    article_date_origin: str
    attribution: str
    attributed_to: str
    quote: str
    line: int | None
    column: int | None
    note: str | None
    via: str | None
    said_on: str | None
    url: str | None
    document: str | None
    resolved: IntervalRecord | None
    resolved_text: str | None
    resolved_from: str | None
    resolved_against: str | None
    resolution_error: str | None


class SourceRecord(_SourceRecord, total=False):
    """One citation of a claim (:func:`claimtrack.query.claim_record`'s ``sources``)."""

    context: QuoteContext | None
    """``show`` only."""


class RelatedRecord(TypedDict):
    """A claim related to the one ``show`` shows."""

    id: str
    relations: list[str]
    subject: SubjectRef
    slot: str | None
    value_text: str | None
    statement: str
    verdict: str | None


class _ClaimRecord(TypedDict):
    id: str
    subject: SubjectRef
    involves: list[SubjectRef]
    statement: str
    slot: str | None
    kind: Kind
    when: str | None
    age: int | None
    as_of: str | None
    value: str | None
    value_text: str | None
    contradicts: list[str]
    contradicted_by: list[str]
    note: str | None
    earliest_article_date: str | None
    sources: list[SourceRecord]
    origins: int
    anchor: str | None
    resolved: IntervalRecord | None
    resolved_text: str | None


class ClaimRecord(_ClaimRecord, total=False):
    """A claim as ``list --format json`` prints it (:func:`claimtrack.query.claim_record`)."""

    related: list[RelatedRecord]
    """``show`` only (:func:`claimtrack.query.show_claim`)."""


class NearDuplicate(TypedDict):
    article: str
    containment: float
    resemblance: float


class QuoteReuseRecord(TypedDict):
    article: str
    shared: int
    share: float
    strong: bool
    quotes: list[str]


class ArticleRecord(TypedDict):
    """One article as ``articles --format json`` prints it (:func:`claimtrack.query.article_rows`)."""

    id: str
    date: str | None
    date_origin: str
    outlet: str | None
    headline: str | None
    title: str
    words: int
    claims: int
    citations: int
    profile: dict[str, int]
    copy_of: str | None
    near_duplicates: list[NearDuplicate]
    reuses_quotes: list[QuoteReuseRecord]


class ArticleSummary(TypedDict):
    """An article as ``diff`` names it."""

    id: str
    date: str | None
    date_origin: str
    outlet: str | None
    title: str


class PairRecord(TypedDict):
    subject: SubjectRef
    slot: str | None
    a: ClaimRecord
    b: ClaimRecord


class DiffRecord(TypedDict):
    """``diff --format json`` (:func:`claimtrack.query.diff_articles`)."""

    a: ArticleSummary
    b: ArticleSummary
    only_a: list[ClaimRecord]
    only_b: list[ClaimRecord]
    both: list[ClaimRecord]
    disagree: list[PairRecord]
    agree: list[PairRecord]


class ReadingRecord(TypedDict):
    article: str
    article_date: str | None
    resolved: IntervalRecord | None
    error: str | None


class ValueRecord(TypedDict):
    """A claim's value as written and as resolved (:func:`claimtrack.records.value_record`)."""

    kind: str
    written: str | None
    resolved: IntervalRecord | None
    readings: list[ReadingRecord]


class SideRecord(TypedDict):
    """One claim of a dispute's position, with its value and what it rests on."""

    claim: ClaimRecord
    value: ValueRecord
    strength: dict[str, int]
    """Citations by attribution, ``primary``, ``sources``, ``origins``
    (:func:`claimtrack.records.strength`)."""


class OriginRecord(TypedDict):
    article: str
    outlet: str | None
    articles: list[str]


class PositionStrength(TypedDict):
    """What one value of a dispute rests on (:func:`claimtrack.records.position_strength`): its
    citations by attribution (the keys of :data:`claimtrack.models.ATTRIBUTIONS`), its claims,
    citations and independent origins."""

    named_outlet: int
    anonymous_insider: int
    direct_quote: int
    public_record: int
    representative: int
    own_post: int
    claims: int
    sources: int
    origins: int
    origin_list: list[OriginRecord]


class PositionRecord(TypedDict):
    value: str | None
    claims: list[SideRecord]
    strength: PositionStrength


class DisputeRecord(TypedDict):
    """A dispute as ``conflicts --format json`` prints it (:func:`claimtrack.records.conflict_record`)."""

    kind: str
    subject: str
    subject_name: str | None
    slot: str | None
    reason: str
    as_of: str | None
    summary: str
    positions: list[PositionRecord]
    compatible: list[str]


class ConflictsDocument(TypedDict):
    """``conflicts --format json`` (:func:`claimtrack.records.conflicts_document`)."""

    conflicts: list[DisputeRecord]
    count: int
    compared: dict[str, int]


class EventRecord(TypedDict):
    """One claimed event of ``timeline --format json``."""

    when: IntervalRecord | None
    event: str
    birth: bool
    claim: ClaimRecord
    origins: int
    conflicts_with: list[str]
    conflicts_count: int
    reason: str | None


class PinnedRecord(TypedDict):
    """What agreeing claims pin down together (``timeline``'s ``pinned``)."""

    subject: str
    event: str
    """``birth`` for ages, else the slot."""
    slot: str
    between: IntervalRecord | None
    claims: list[str]


class TimelineDocument(TypedDict, total=False):
    """``timeline --format json``: the keys ``--what`` asks for."""

    events: list[EventRecord]
    not_placed: list[EventRecord]
    pinned: list[PinnedRecord]
