"""``claimtrack report``: the whole ledger as one self-contained HTML page.

The page has five parts: a header (counts, what it was generated from), the timeline (one inline
SVG per subject, drawn here), the conflicts side by side with their sourcing, the sourcing profile
of every article (and which articles copy which), and an index of every claim with its quotes.

Pure library code: :func:`render_report` takes an :class:`~claimtrack.analysis.Analysis` and
returns the HTML string; it never prints, never reads the clock and never touches the network, so
the same ledger always gives the same bytes.

Safety: every piece of text from the articles and the claims file reaches the page through Jinja2
with autoescaping on, and nothing from the data is ever placed in an ``href``, ``src`` or ``style``
value (links use ids the tool makes up itself). The page also carries a Content-Security-Policy
that forbids any network access and allows no script but the page's own, by hash.

Layout of the timeline: each subject gets a date axis with year ticks, one row per slot (claims
in one slot that would overlap are stacked in lanes), and a separate group of rows for the birth
windows that stated ages imply. Runs of two or more years in which nothing happens are folded
into a narrow break, so a 2011 wedding and a 2024 divorce share one readable axis.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from claimtrack.dates import Interval
from claimtrack.models import ATTRIBUTIONS, url_problem
from claimtrack.safe import html_text

if TYPE_CHECKING:
    import jinja2

    from claimtrack.analysis import Analysis
    from claimtrack.conflicts import Consistency, Dispute
    from claimtrack.ledger import Ledger
    from claimtrack.timeline import Event

__all__ = ["ATTRIBUTION_LABELS", "render_report", "report_context", "when_text"]

ATTRIBUTION_LABELS: dict[str, str] = {
    "public_record": "public record",
    "representative": "representative",
    "own_post": "own post",
    "direct_quote": "on record",
    "named_outlet": "named outlet",
    "anonymous_insider": "anonymous insider",
}
"""How each attribution is named on the page, strongest first."""

_STRENGTH_ORDER: tuple[str, ...] = (
    "public_record", "representative", "own_post", "direct_quote", "named_outlet",
    "anonymous_insider",
)  # fmt: skip
_RANK = {name: len(_STRENGTH_ORDER) - i for i, name in enumerate(_STRENGTH_ORDER)}

_CONFLICT_KINDS: dict[str, str] = {
    "date": "dates that do not overlap",
    "age": "ages that do not fit one birthday",
    "value": "values that differ",
    "number": "numbers or amounts that cannot both hold",
    "explicit": "contradiction noted by the curator",
}

_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)]*\s+")


# --- the timeline drawing ---------------------------------------------------------------------

SVG_WIDTH = 1100
"""viewBox width of a timeline; the page scales it to the column."""
PLOT_LEFT = 210
"""Where the plot starts: the row labels sit to its left."""
PLOT_RIGHT = 1080
COMPACT = (550, 170, 540)
"""(width, plot left, plot right) of a subject with only birth windows, drawn half width."""
AXIS_TOP = 38
"""Height of the year labels above the first row."""
LANE = 22
"""Height of one lane of bars."""
BAR = 12
GROUP_GAP = 10
"""Space between two slots."""
HEADING = 26
"""Height of a row-group heading ("published", "birth windows")."""
BREAK_WIDTH = 40
"""Width of a folded run of empty years."""
MIN_BAR = 2.0
"""A day is drawn this wide, so that it stays visible."""
CHAR_WIDTH = 6.3
"""Estimated width of one character of an 11px label (for stacking labels without overlap)."""
LABEL_GAP = 5.0
LANE_PADDING = 10.0
COLOURS: dict[str, str] = {
    "event": "#3f6fa8", "birth": "#7b5ea7", "conflict": "#c0392b", "published": "#8d96a0",
    "pinned": "#3d2466",
}  # fmt: skip
"""Fill of each kind of mark (the page's CSS legend uses the same colours)."""


@dataclass(frozen=True)
class AxisSegment:
    """A run of years on the axis: drawn in full, or folded into a break."""

    first: int
    last: int
    x0: float
    x1: float
    folded: bool


@dataclass
class Axis:
    """A piecewise-linear map from days to x, with folded breaks for empty runs of years."""

    segments: list[AxisSegment]

    @classmethod
    def for_years(cls, years: Iterable[int], left: float, right: float) -> Axis:
        occupied = sorted(set(years))
        runs: list[tuple[int, int, bool]] = []
        for year in occupied:
            if runs and year - runs[-1][1] <= 2:  # a single empty year stays in full
                runs[-1] = (runs[-1][0], year, False)
            else:
                if runs:
                    runs.append((runs[-1][1] + 1, year - 1, True))
                runs.append((year, year, False))
        full_years = sum(last - first + 1 for first, last, folded in runs if not folded)
        folds = sum(1 for *_, folded in runs if folded)
        unit = (right - left - folds * BREAK_WIDTH) / max(full_years, 1)
        segments: list[AxisSegment] = []
        x = left
        for first, last, folded in runs:
            width = BREAK_WIDTH if folded else unit * (last - first + 1)
            segments.append(AxisSegment(first, last, x, x + width, folded))
            x += width
        return cls(segments)

    @property
    def left(self) -> float:
        return self.segments[0].x0

    @property
    def right(self) -> float:
        return self.segments[-1].x1

    @property
    def year_width(self) -> float:
        full = [s for s in self.segments if not s.folded]
        return (full[0].x1 - full[0].x0) / (full[0].last - full[0].first + 1) if full else 0.0

    def x(self, day: datetime.date) -> float:
        """The x of the start of ``day`` (days outside the axis are clamped to its ends)."""
        first = self.segments[0]
        if day.year < first.first:
            return first.x0
        for segment in self.segments:
            if segment.first <= day.year <= segment.last:
                begin = datetime.date(segment.first, 1, 1).toordinal()
                end = datetime.date(segment.last, 12, 31).toordinal() + 1  # year 9999 too
                share = (day.toordinal() - begin) / (end - begin)
                return segment.x0 + share * (segment.x1 - segment.x0)
        return self.segments[-1].x1

    def x_end(self, day: datetime.date) -> float:
        """The x just after ``day`` (intervals include their last day)."""
        if day == datetime.date.max:
            return self.right
        return self.x(day + datetime.timedelta(days=1))

    def ticks(self) -> list[dict[str, Any]]:
        """Year lines with labels; month lines where a year is wide enough to show them."""
        months = self.year_width >= 110
        ticks: list[dict[str, Any]] = []
        for segment in self.segments:
            if segment.folded:
                continue
            for year in range(segment.first, segment.last + 1):
                x0 = self.x(datetime.date(year, 1, 1))
                x1 = self.x_end(datetime.date(year, 12, 31))
                ticks.append({"x": _r(x0), "label": str(year), "label_x": _r((x0 + x1) / 2),
                              "major": True})  # fmt: skip
                if months:
                    for month in range(2, 13):
                        mx = self.x(datetime.date(year, month, 1))
                        ticks.append({"x": _r(mx), "label": "", "label_x": 0, "major": False})
        return ticks

    def breaks(self) -> list[dict[str, Any]]:
        return [
            {
                "x": _r(s.x0), "width": _r(s.x1 - s.x0), "mid": _r((s.x0 + s.x1) / 2),
                "label": str(s.first) if s.first == s.last else f"{s.first}–{s.last}",
            }
            for s in self.segments
            if s.folded
        ]


def _r(value: float) -> float:
    """Coordinates rounded to a tenth of a unit: short output, stable across platforms."""
    return round(value, 1)


@dataclass
class Mark:
    """One interval drawn in a lane: a bar (or a tick, for a day) with a label beside it."""

    x0: float
    x1: float
    label: str
    title: str
    href: str
    css: str
    """Space-separated classes: ``event``, ``birth``, ``pinned``, ``published``, ``conflict``,
    ``open-start``, ``open-end``, ``day``."""
    fade: str | None = None
    """``start`` or ``end`` when that end of the interval is open (drawn fading to the edge)."""
    lane: int = 0
    label_x: float = 0.0
    label_anchor: str = "start"
    y: float = 0.0

    @property
    def kind(self) -> str:
        """What colours the mark: ``conflict`` wins over the rest."""
        for kind in ("conflict", "pinned", "published", "birth"):
            if kind in self.css.split():
                return kind
        return "event"

    @property
    def rect(self) -> tuple[float, float, float, float, int]:
        """(x, y, width, height, corner radius) of the bar: a day is a taller, square tick and a
        publication date a thin line."""
        if "day" in self.css.split():
            return _r(self.x0), _r(self.y - 3), _r(self.x1 - self.x0), BAR + 6, 0
        if self.kind == "published":
            return _r(self.x0), _r(self.y + 3), _r(self.x1 - self.x0), 6, 0
        return _r(self.x0), _r(self.y), _r(self.x1 - self.x0), BAR, 2

    def fill(self, prefix: str) -> str:
        """A colour, the conflict hatching, or a gradient fading to the open end."""
        if self.fade:
            return f"url(#{prefix}-fade-{self.fade}-{self.kind})"
        if self.kind == "conflict":
            return f"url(#{prefix}-hatch)"
        return COLOURS[self.kind]


@dataclass
class Row:
    """A slot (or one birth window, or the publication dates) with its lanes of marks."""

    label: str
    title: str
    marks: list[Mark]
    lanes: int = 1
    y: float = 0.0
    height: float = 0.0


@dataclass
class RowGroup:
    heading: str | None
    rows: list[Row] = field(default_factory=list)
    y: float = 0.0


@dataclass
class Block:
    """Row groups sharing one axis, with the year labels above them."""

    axis: Axis
    groups: list[RowGroup]
    top: float = 0.0
    """Where the block starts (its heading, if any, then the year labels)."""
    axis_y: float = 0.0
    """The axis line, under the year labels."""
    bottom: float = 0.0
    heading: str | None = None

    @property
    def right(self) -> float:
        return _r(self.axis.right)

    def ticks(self) -> list[dict[str, Any]]:
        return self.axis.ticks()

    def breaks(self) -> list[dict[str, Any]]:
        return self.axis.breaks()


def _place_labels(marks: list[Mark], left: float, right: float) -> None:
    """Put each label right of its bar, or left of it when it would run off the plot."""
    for mark in marks:
        width = len(mark.label) * CHAR_WIDTH
        if mark.x1 + LABEL_GAP + width <= right + 15 or mark.x0 - LABEL_GAP - width < left - 5:
            mark.label_x, mark.label_anchor = _r(mark.x1 + LABEL_GAP), "start"
        else:
            mark.label_x, mark.label_anchor = _r(mark.x0 - LABEL_GAP), "end"


def _extent(mark: Mark) -> tuple[float, float]:
    width = len(mark.label) * CHAR_WIDTH if mark.label else 0.0
    if mark.label_anchor == "start":
        return mark.x0, max(mark.x1, mark.label_x + width)
    return min(mark.x0, mark.label_x - width), mark.x1


def _assign_lanes(row: Row) -> None:
    """Greedy interval colouring: a mark goes in the first lane where it (and its label) fits."""
    ends: list[float] = []
    for mark in sorted(row.marks, key=lambda m: (_extent(m)[0], m.x1, m.label)):
        left, right = _extent(mark)
        for lane, end in enumerate(ends):
            if end + LANE_PADDING <= left:
                mark.lane, ends[lane] = lane, right
                break
        else:
            mark.lane = len(ends)
            ends.append(right)
    row.lanes = max(len(ends), 1)


def _layout(blocks: list[Block]) -> float:
    """Give every block, group, row and mark its y; returns the total height."""
    y = 0.0
    for b, block in enumerate(blocks):
        if b:
            y += 2 * GROUP_GAP
        block.top = y
        if block.heading:
            y += HEADING
        y += AXIS_TOP
        block.axis_y = y - 6
        for g, group in enumerate(block.groups):
            if g:
                y += GROUP_GAP
            group.y = y
            if group.heading:
                y += HEADING
            for row in group.rows:
                _place_labels(row.marks, block.axis.left, block.axis.right)
                _assign_lanes(row)
                row.y = y
                row.height = row.lanes * LANE
                for mark in row.marks:
                    mark.y = y + mark.lane * LANE + (LANE - BAR) / 2
                y += row.height + GROUP_GAP / 2
        block.bottom = y
    return y + 6


def _interval_years(interval: Interval) -> list[int]:
    if interval.start is not None and interval.end is not None:
        return list(range(interval.start.year, interval.end.year + 1))
    bound = interval.start or interval.end
    return [] if bound is None else [bound.year]


def _span(axis: Axis, interval: Interval) -> tuple[float, float, str | None]:
    fade = None
    if interval.start is None:
        x0, fade = axis.left, "start"
    else:
        x0 = axis.x(interval.start)
    if interval.end is None:
        x1, fade = axis.right, "end" if fade is None else "both"
    else:
        x1 = axis.x_end(interval.end)
    if x1 - x0 < MIN_BAR:
        middle = (x0 + x1) / 2
        x0, x1 = middle - MIN_BAR / 2, middle + MIN_BAR / 2
    return _r(x0), _r(x1), fade


def _humanise(slot: str) -> str:
    return slot.replace("-", " ").replace("_", " ")


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- the context ------------------------------------------------------------------------------


@dataclass
class _Anchors:
    """Ids for the page's internal links, made up here so that no data ends up in an ``href``."""

    claims: dict[int, str] = field(default_factory=dict)
    articles: dict[str, str] = field(default_factory=dict)
    refs: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Article references already made (see :func:`_article_ref`)."""

    @classmethod
    def build(cls, ledger: Ledger, claims: Iterable[int]) -> _Anchors:
        """Ids for the ``claims`` listed in the index (the others are not linked) and articles."""
        anchors = cls()
        taken: set[str] = set()
        for index in claims:
            anchors.claims[index] = _unique(f"claim-{_slug(ledger.claims[index].id)}", taken)
        for article_id in ledger.articles:
            anchors.articles[article_id] = _unique(f"article-{_slug(article_id)}", taken)
        return anchors


    def claim_href(self, index: int) -> str | None:
        """A link to the claim's row in the index; None when the filter left it out."""
        anchor = self.claims.get(index)
        return None if anchor is None else "#" + anchor


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-") or "x"


def _unique(name: str, taken: set[str]) -> str:
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name}-{n}"
    taken.add(candidate)
    return candidate


def _short_id(article_id: str) -> str:
    """``003`` for ``003_eed9f197d463ef0c.txt``: the prefix the CLI accepts, when there is one."""
    head = article_id.split("_", 1)[0]
    return head if head and head != article_id else article_id.removesuffix(".txt")


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence(s) of ``text`` holding ``[start, end)``."""
    begin = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        if match.end() <= start:
            begin = match.end()
    finish = len(text)
    after = _SENTENCE_END.search(text, max(start, end - 1))
    if after is not None:
        finish = after.end()
    return begin, finish


def quote_in_sentence(ledger: Ledger, index: int, source_index: int) -> dict[str, Any] | None:
    """The sentence holding a source's quote, split around the quote for highlighting.

    ``{"before", "quote", "after", "cut_before", "cut_after", "line"}``, or None when the quote was
    not found in its article.
    """
    from claimtrack.query import quote_context

    context = quote_context(ledger, index, source_index)
    if context is None:
        return None
    text: str = context["text"]
    start, end = context["quote_start"], context["quote_end"]
    begin, finish = _sentence_bounds(text, start, end)
    return {
        "before": text[begin:start],
        "quote": text[start:end],
        "after": text[end:finish].rstrip(),
        "cut_before": begin > 0,
        "cut_after": finish < len(text.rstrip()),
        "line": context["line"],
    }


def _article_date(ledger: Ledger, article_id: str) -> str | None:
    date = ledger.dates.get(article_id)
    return None if date is None or date.interval is None else when_text(date.interval)


def _article_ref(ledger: Ledger, anchors: _Anchors, article_id: str) -> dict[str, Any]:
    """How the page names an article: short id, link, outlet and date (made once per article;
    the template only reads it)."""
    found = anchors.refs.get(article_id)
    if found is not None:
        return found
    meta = ledger.claims_file.articles.get(article_id)
    date = ledger.dates.get(article_id)
    ref = anchors.refs[article_id] = {
        "id": article_id,
        "short": _short_id(article_id),
        "href": "#" + anchors.articles[article_id] if article_id in anchors.articles else None,
        "outlet": None if meta is None else meta.outlet,
        "date": _article_date(ledger, article_id),
        "date_origin": "none" if date is None else date.origin,
    }
    return ref


def _sourcing(analysis: Analysis, index: int) -> dict[str, Any]:
    """A claim's sourcing: citations by attribution, origins, and the best attribution per origin.

    ``score`` orders claims by how well they are sourced: origins resting on primary evidence (a
    record, a representative, the person's own post) first, then independent origins, then
    origins with someone on record, then origins with at least a named outlet. One original
    source counts once (:meth:`claimtrack.resolve.Origins.of_sources`).
    """
    from claimtrack.records import strength

    record = strength(analysis, index)
    best: dict[str, int] = {}
    sources = analysis.ledger.claims[index].sources
    for source, origin in zip(sources, analysis.origins.of_sources(sources), strict=True):
        best[origin] = max(best.get(origin, 0), _RANK[source.attribution])
    primary = sum(1 for rank in best.values() if rank >= _RANK["own_post"])
    on_record = sum(1 for rank in best.values() if rank >= _RANK["direct_quote"])
    named = sum(1 for rank in best.values() if rank >= _RANK["named_outlet"])
    return {
        "counts": {name: record[name] for name in _STRENGTH_ORDER},
        "segments": _segments({name: record[name] for name in _STRENGTH_ORDER}),
        "sources": record["sources"],
        "origins": record["origins"],
        "primary_origins": primary,
        "on_record_origins": on_record,
        "named_origins": named,
        "score": (primary, record["origins"], on_record, named),
    }


def _segments(counts: dict[str, int]) -> list[dict[str, Any]]:
    """A stacked bar's segments, strongest attribution first, with counts and shares (percent)."""
    total = sum(counts.values())
    return [
        {
            "attribution": name,
            "label": ATTRIBUTION_LABELS[name],
            "count": counts.get(name, 0),
            "share": round(100 * counts.get(name, 0) / total, 1) if total else 0.0,
        }
        for name in _STRENGTH_ORDER
    ]


def _why_better(better: dict[str, Any], worse: dict[str, Any]) -> str:
    if better["primary_origins"] != worse["primary_origins"]:
        return "rests on a record, a representative or the person's own post"
    if better["origins"] != worse["origins"]:
        return f"{better['origins']} independent origins against {worse['origins']}"
    if better["on_record_origins"] != worse["on_record_origins"]:
        return "someone speaks on record"
    return "a named outlet rather than anonymous insiders only"


def _value_view(analysis: Analysis, index: int) -> dict[str, Any]:
    """A claim's value as written and as resolved.

    ``readings`` (one per source) are listed where the article's date matters: a relative date
    ("last month") or an age, or a source whose value cannot be resolved. ``relative`` says the
    value depends on the citing article's date (the index then shows where it resolves to).
    """
    from claimtrack.dates import is_relative

    claim = analysis.ledger.claims[index]
    value = analysis.values[index]
    age = value.kind == "age"
    relative = age or (claim.when is not None and is_relative(claim.when))
    resolved: str | None = None
    if value.kind in ("date", "age") and value.interval is not None:
        resolved = ("born " if age else "") + when_text(value.interval)
    elif value.kind == "value":
        resolved = value.plain if value.quantity is None else f"read as {value.quantity}"
    readings = []
    for reading in value.readings:
        if not (relative or reading.error):
            continue
        against = None if reading.anchor is None else when_text(reading.anchor)
        if reading.interval is None:
            text = reading.error or "cannot be resolved"
        elif age:
            text = f"born {when_text(reading.interval)}" + (f", age as of {against}" if against
                                                            else "")  # fmt: skip
        else:
            text = when_text(reading.interval) + (f", read against its date {against}"
                                                  if against else "")  # fmt: skip
        readings.append({"article": _short_id(reading.article), "text": text,
                         "error": reading.interval is None})  # fmt: skip
    return {
        "kind": value.kind,
        "slot": claim.slot,
        "written": claim.value_text,
        "resolved": resolved,
        "relative": relative,
        "unresolved": value.kind in ("date", "age") and value.interval is None,
        "readings": readings,
    }


def _claim_view(
    analysis: Analysis, anchors: _Anchors, index: int, conflict_numbers: dict[int, list[int]],
    *, context: bool,
) -> dict[str, Any]:
    from claimtrack.query import ledger_index

    ledger = analysis.ledger
    claim = ledger.claims[index]
    subjects = ledger.claims_file.subjects
    sources = []
    for si, source in enumerate(claim.sources):
        anchor = ledger.anchors.get((index, si))
        sources.append({
            "article": _article_ref(ledger, anchors, source.article),
            "attribution": source.attribution,
            "attribution_label": ATTRIBUTION_LABELS[source.attribution],
            "attributed_to": source.attributed_to + (f" (via {source.via})" if source.via else ""),
            "quote": source.quote,
            "line": None if anchor is None else anchor.line,
            "found": anchor is not None,
            "context": quote_in_sentence(ledger, index, si) if context else None,
            "note": source.note,
        })  # fmt: skip
    position = ledger_index(ledger).position
    links = []
    for target in claim.contradicts:
        if target in position:
            links.append({"id": target, "href": anchors.claim_href(position[target])})
    return {
        "index": index,
        "id": claim.id,
        "anchor": anchors.claims.get(index),
        "href": anchors.claim_href(index),
        "subject": subjects[claim.subject].name if claim.subject in subjects else claim.subject,
        "involves": [subjects[k].name if k in subjects else k for k in claim.involves],
        "statement": claim.statement,
        "value": _value_view(analysis, index),
        "sources": sources,
        "contradicts": links,
        "conflicts": conflict_numbers.get(index, []),
        "note": claim.note,
    }


def _conflicts_view(
    analysis: Analysis,
    anchors: _Anchors,
    conflicts: list[Dispute],
    conflict_numbers: dict[int, list[int]],
) -> list[dict[str, Any]]:
    """Each dispute with its values side by side, every value with its claims and sourcing."""
    from claimtrack.records import position_strength, position_text, suspected_copies

    ledger = analysis.ledger
    suspected = suspected_copies(analysis)
    subjects = ledger.claims_file.subjects
    views = []
    for number, conflict in enumerate(conflicts, 1):
        sides: list[dict[str, Any]] = []
        for k, position in enumerate(conflict.positions):
            letter = chr(65 + k) if k < 26 else str(k + 1)
            claims = [
                _claim_view(analysis, anchors, index, conflict_numbers, context=True)
                for index in position.claims
            ]
            sides.append({
                "letter": letter,
                "value": position.value,
                "summary": position_text(position_strength(analysis, position.claims, suspected)),
                "claims": claims,
                "sourcing": _position_sourcing(analysis, position.claims),
                "better": False,
            })  # fmt: skip
        ranked = sorted(sides, key=lambda side: side["sourcing"]["score"], reverse=True)
        verdict = better = None
        if len(ranked) > 1 and ranked[0]["sourcing"]["score"] != ranked[1]["sourcing"]["score"]:
            winner, runner_up = ranked[0], ranked[1]
            winner["better"] = True
            better = winner["letter"]
            verdict = _why_better(winner["sourcing"], runner_up["sourcing"])
        subject = (
            subjects[conflict.subject].name if conflict.subject in subjects else conflict.subject
        )
        views.append({
            "number": number,
            "anchor": f"conflict-{number}",
            "kind": conflict.kind,
            "kind_label": _CONFLICT_KINDS.get(conflict.kind, conflict.kind),
            "subject": subject,
            "slot": None if conflict.slot is None else _humanise(conflict.slot),
            "reason": conflict.reason,
            "as_of": conflict.as_of,
            "sides": sides,
            "verdict": verdict,
            "better": better,
        })  # fmt: skip
    return views


def _position_sourcing(analysis: Analysis, claims: Sequence[int]) -> dict[str, Any]:
    """:func:`_sourcing` of several claims together: their origins counted once across all."""
    if len(claims) == 1:
        return _sourcing(analysis, claims[0])
    counts = dict.fromkeys(_STRENGTH_ORDER, 0)
    best: dict[str, int] = {}
    sources = [source for index in claims for source in analysis.ledger.claims[index].sources]
    for source, origin in zip(sources, analysis.origins.of_sources(sources), strict=True):
        counts[source.attribution] += 1
        best[origin] = max(best.get(origin, 0), _RANK[source.attribution])
    primary = sum(1 for rank in best.values() if rank >= _RANK["own_post"])
    on_record = sum(1 for rank in best.values() if rank >= _RANK["direct_quote"])
    named = sum(1 for rank in best.values() if rank >= _RANK["named_outlet"])
    return {
        "counts": counts,
        "segments": _segments(counts),
        "sources": sum(counts.values()),
        "origins": len(best),
        "primary_origins": primary,
        "on_record_origins": on_record,
        "named_origins": named,
        "score": (primary, len(best), on_record, named),
    }


def _timeline_view(
    analysis: Analysis, anchors: _Anchors, subjects: set[str] | None,
    conflict_numbers: dict[int, list[int]],
) -> list[dict[str, Any]]:
    from claimtrack.timeline import timeline

    ledger = analysis.ledger
    placed, unplaced = timeline(ledger, analysis.values, analysis.conflicts, subjects)
    registry = ledger.claims_file.subjects
    by_subject: dict[str, tuple[list[Event], list[Event]]] = defaultdict(lambda: ([], []))
    for event in placed:
        interval = event.interval
        if interval is not None and interval.start is None and interval.end is None:
            unplaced.append(event)  # unbounded both ways: nothing to draw
            continue
        by_subject[ledger.claims[event.claim].subject][0].append(event)
    for event in unplaced:
        by_subject[ledger.claims[event.claim].subject][1].append(event)
    ages: dict[str, list[Consistency]] = defaultdict(list)
    for group in analysis.consistent:
        if group.kind == "age" and group.intersection is not None and len(group.claims) > 1:
            ages[group.subject].append(group)
    order = [key for key in registry if key in by_subject]
    order += sorted(key for key in by_subject if key not in registry)
    views = []
    for number, key in enumerate(order):
        events, missing = by_subject[key]
        view: dict[str, Any] = {
            "key": key,
            "name": registry[key].name if key in registry else key,
            "anchor": f"timeline-{_slug(key)}",
            "svg": _draw(analysis, anchors, events, ages.get(key, []), conflict_numbers,
                         f"t{number}") if events else None,
            "events": len(events),
            "compact": not missing and all(e.birth for e in events),
            "unplaced": [
                {
                    "id": ledger.claims[e.claim].id,
                    "href": anchors.claim_href(e.claim) or "#claims",
                    "statement": ledger.claims[e.claim].statement,
                    "written": ledger.claims[e.claim].value_text,
                    "reason": e.reason or "unbounded at both ends",
                }
                for e in sorted(missing, key=lambda e: ledger.claims[e.claim].id)
            ],
        }
        views.append(view)
    return views


def _draw(
    analysis: Analysis, anchors: _Anchors, events: list[Event], pinned: list[Consistency],
    conflict_numbers: dict[int, list[int]], prefix: str,
) -> dict[str, Any]:
    """The geometry of one subject's timeline, for the template to emit as SVG.

    Two blocks, each on its own axis: the claimed events (with the publication dates of the
    articles citing them), and the birth windows implied by stated ages, which lie decades
    earlier and would otherwise squeeze the events into a corner.
    """
    from claimtrack.dates import is_relative

    ledger = analysis.ledger
    dated = [e for e in events if not e.birth]
    births = [e for e in events if e.birth]
    compact = not dated
    width, plot_left, plot_right = COMPACT if compact else (SVG_WIDTH, PLOT_LEFT, PLOT_RIGHT)
    cited: dict[str, Interval] = {}
    for event in dated:
        for source in ledger.claims[event.claim].sources:
            date = ledger.dates.get(source.article)
            if date is not None and date.interval is not None:
                cited[source.article] = date.interval

    def years_of(intervals: Iterable[Interval]) -> list[int]:
        return [year for interval in intervals for year in _interval_years(interval)]

    def mark_for(axis: Axis, event: Event) -> Mark:
        claim = ledger.claims[event.claim]
        interval = event.interval
        assert interval is not None
        x0, x1, fade = _span(axis, interval)
        numbers = conflict_numbers.get(event.claim, [])
        written = claim.value_text or ""
        shown = when_text(interval)
        if event.birth:
            label = f"born {shown}"
        elif claim.when is not None and is_relative(claim.when):
            label = f"{written} → {shown}"
        else:
            label = written or shown
        if numbers:
            label += f" (#{', #'.join(map(str, numbers))})"
        css = ["birth" if event.birth else "event"]
        if numbers:
            css.append("conflict")
        if interval.precision == "day":
            css.append("day")
        title = f"{claim.id}: {claim.statement} ({label})"
        if numbers:
            others = ", ".join(ledger.claims[i].id for i in event.conflicts_with)
            title += f"; conflicts with {others} (see conflict {', '.join(map(str, numbers))})"
        href = f"#conflict-{numbers[0]}" if numbers else anchors.claim_href(event.claim) or "#claims"
        return Mark(x0, x1, label, title, href, " ".join(css), fade)

    blocks: list[Block] = []
    if dated:
        axis = Axis.for_years(
            years_of([*(e.interval for e in dated if e.interval), *cited.values()]),
            plot_left, plot_right,
        )
        groups: list[RowGroup] = []
        if cited:
            row = Row("published", "publication dates of the articles cited here", [])
            same_date: dict[Interval, list[str]] = defaultdict(list)
            for article_id in sorted(cited):
                same_date[cited[article_id]].append(article_id)
            for interval, ids in same_date.items():
                x0, x1, fade = _span(axis, interval)
                names = []
                for article_id in ids:
                    meta = ledger.claims_file.articles.get(article_id)
                    outlet = meta.outlet if meta is not None and meta.outlet else None
                    names.append(_short_id(article_id) + (f" {outlet}" if outlet else ""))
                title = f"published {when_text(interval)}: {', '.join(ids)}"
                row.marks.append(Mark(x0, x1, ", ".join(names), title,
                                      "#" + anchors.articles[ids[0]], "published", fade))  # fmt: skip
            groups.append(RowGroup(None, [row]))
        slots: dict[str, Row] = {}
        for event in dated:
            if event.slot not in slots:
                slots[event.slot] = Row(_short(_humanise(event.slot), 30), event.slot, [])
            slots[event.slot].marks.append(mark_for(axis, event))
        groups.append(RowGroup("claimed events, one row per slot", list(slots.values())))
        blocks.append(Block(axis, groups))
    if births:
        right: float = plot_right
        if compact:  # keep room for the labels right of the bars, inside the narrow drawing
            longest = max(len(f"born {when_text(e.interval)}") for e in births if e.interval)
            right = plot_right - min(LABEL_GAP + longest * CHAR_WIDTH, (plot_right - plot_left) / 2)
        axis = Axis.for_years(years_of(e.interval for e in births if e.interval), plot_left,
                              right)  # fmt: skip
        group = RowGroup(None)
        for event in births:
            claim = ledger.claims[event.claim]
            count = len({source.article for source in claim.sources})
            where = claim.as_of or f"{count} article{'s' * (count != 1)}"
            dates = "; ".join(
                f"{_short_id(r.article)}: as of {when_text(r.anchor)}"
                for r in analysis.values[event.claim].readings if r.anchor is not None
            )  # fmt: skip
            group.rows.append(Row(_short(f"age {claim.age} ({where})", 24 if compact else 30),
                                  f"{claim.id}: {claim.statement} ({dates})",
                                  [mark_for(axis, event)]))  # fmt: skip
        for consistent in pinned:
            assert consistent.intersection is not None
            x0, x1, fade = _span(axis, consistent.intersection)
            agreeing = ", ".join(ledger.claims[i].id for i in consistent.claims)
            label = f"born {when_text(consistent.intersection)}"
            group.rows.append(Row("pinned by the ages", agreeing, [
                Mark(x0, x1, label, f"{agreeing} agree: born {consistent.intersection}",
                     anchors.claim_href(consistent.claims[0]) or "#claims", "pinned", fade)
            ]))  # fmt: skip
        heading = "birth windows implied by stated ages" if dated else None
        blocks.append(Block(axis, [group], heading=heading))
    height = _layout(blocks)
    marks = [m for block in blocks for group in block.groups for row in group.rows
             for m in row.marks]  # fmt: skip
    return {
        "prefix": prefix,
        "fades": sorted({(m.fade, m.kind, COLOURS[m.kind]) for m in marks if m.fade}),
        "hatch": any(m.kind == "conflict" and not m.fade for m in marks),
        "width": width,
        "height": _r(height),
        "plot_left": plot_left,
        "plot_right": plot_right,
        "bar": BAR,
        "blocks": blocks,
        "label_x": plot_left - 12,
        "compact": compact,
    }


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_SEASONS = {3: "spring", 6: "summer", 9: "autumn", 12: "winter"}


def when_text(interval: Interval) -> str:
    """An interval as a reader would say it: ``2023-07``, ``summer 2023``, ``Sep–Dec 2023``,
    ``by 2023-01-31`` (open start), ``from 2023-08-01`` (open end); other ranges as
    ``START – END``."""
    start, end = interval.start, interval.end
    if start is None and end is None:
        return "any time"
    if start is None:
        return f"by {end}"
    if end is None:
        return f"from {start}"
    if interval.precision in ("day", "month", "year"):
        return str(interval)
    whole_months = start.day == 1 and (
        end == datetime.date.max or (end + datetime.timedelta(days=1)).day == 1
    )
    if interval.precision == "season" and start.month in _SEASONS:
        name = _SEASONS[start.month]
        return f"{name} {start.year}" + (f"–{str(end.year)[2:]}" if end.year != start.year else "")
    if whole_months:
        if start.year == end.year:
            return f"{_MONTHS[start.month - 1]}–{_MONTHS[end.month - 1]} {start.year}"
        return f"{_MONTHS[start.month - 1]} {start.year}–{_MONTHS[end.month - 1]} {end.year}"
    return f"{start} – {end}"


def _profiles(
    analysis: Analysis, anchors: _Anchors, selected: list[int]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Per article: citations by attribution (of the selected claims); copies; origin groups."""
    from claimtrack.query import article_rows

    ledger = analysis.ledger
    counts: dict[str, dict[str, int]] = {a: dict.fromkeys(ATTRIBUTIONS, 0) for a in ledger.articles}
    claims_per: dict[str, set[int]] = defaultdict(set)
    for index in selected:
        for source in ledger.claims[index].sources:
            if source.article in counts:
                counts[source.article][source.attribution] += 1
                claims_per[source.article].add(index)
    relations = _copy_relations(analysis, anchors)
    rows = []
    for row in article_rows(ledger):
        article_id = row["id"]
        profile = counts[article_id]
        total = sum(profile.values())
        segments = _segments(profile)
        copies = relations.get(article_id, [])
        meta = ledger.claims_file.articles.get(article_id)
        rows.append({
            **_article_ref(ledger, anchors, article_id),
            "anchor": anchors.articles[article_id],
            "title": row["title"],
            "headline": row["headline"],
            "words": row["words"],
            "claims": len(claims_per[article_id]),
            "citations": total,
            "segments": segments,
            "anonymous_share": segments[2]["share"],
            "copies": copies,
            "origin": _short_id(analysis.origins.origin(article_id)),
            "url": None if meta is None or meta.url is None or url_problem(meta.url) else meta.url,
        })  # fmt: skip
    curated = [
        {"copier": _article_ref(ledger, anchors, a), "original": _article_ref(ledger, anchors, m.copy_of)}
        for a, m in sorted(ledger.claims_file.articles.items())
        if m.copy_of is not None and a in ledger.articles and m.copy_of in ledger.articles
    ]
    curated_pairs = {
        frozenset((a, m.copy_of)) for a, m in ledger.claims_file.articles.items() if m.copy_of
    }
    suspects = [
        {
            "copier": _article_ref(ledger, anchors, c.copy),
            "original": _article_ref(ledger, anchors, c.original),
            "containment": f"{c.containment:.2f}",
            "resemblance": f"{c.resemblance:.2f}",
            "shared": c.shared,
            "curated": frozenset((c.copy, c.original)) in curated_pairs,
        }
        for c in sorted(analysis.suspected, key=lambda c: (c.copy, c.original))
    ]
    return rows, curated, suspects


def _copy_relations(analysis: Analysis, anchors: _Anchors) -> dict[str, list[dict[str, Any]]]:
    """Per article, its copy relations: curated ``copy_of`` both ways, then suspected pairs that
    no curated link covers (a curated link wins over the direction the text suggests)."""
    ledger = analysis.ledger
    relations: dict[str, list[dict[str, Any]]] = defaultdict(list)
    scores = {frozenset((c.copy, c.original)): c for c in analysis.suspected}

    def ref(article_id: str) -> dict[str, Any]:
        if article_id in ledger.articles:
            return _article_ref(ledger, anchors, article_id)
        return {"short": article_id, "href": None}

    curated: set[frozenset[str]] = set()
    for article_id, meta in sorted(ledger.claims_file.articles.items()):
        if meta.copy_of is None:
            continue
        pair = frozenset((article_id, meta.copy_of))
        curated.add(pair)
        found = scores.get(pair)
        how = "curated" + ("" if found is None else f"; wording containment {found.containment:.2f}")
        relations[article_id].append({"relation": "copy of", "other": ref(meta.copy_of), "how": how})
        relations[meta.copy_of].append({"relation": "copied by", "other": ref(article_id),
                                        "how": how})  # fmt: skip
    for candidate in sorted(analysis.suspected, key=lambda c: (c.copy, c.original)):
        if frozenset((candidate.copy, candidate.original)) in curated:
            continue
        how = f"suspected; containment {candidate.containment:.2f}"
        relations[candidate.copy].append({"relation": "suspected copy of",
                                          "other": ref(candidate.original), "how": how})
        relations[candidate.original].append({"relation": "suspected original of",
                                              "other": ref(candidate.copy), "how": how})
    return relations


def _origin_groups(analysis: Analysis) -> list[list[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for article_id in analysis.ledger.articles:
        groups[analysis.origins.origin(article_id)].append(_short_id(article_id))
    return [sorted(members) for _, members in sorted(groups.items())]


def report_context(
    analysis: Analysis, *, subject: str | None = None, data_name: str = "claims.yaml",
    seeds_name: str = "seeds",
) -> dict[str, Any]:
    """Everything the template shows, as plain values (no markup: the template escapes it all).

    ``subject`` filters as ``claimtrack list --subject`` does (a name, alias or key in any case;
    claims about the subject or involving it); an unknown subject raises
    :class:`~claimtrack.problems.UsageError`. ``data_name`` and ``seeds_name`` are shown as what the
    report was generated from.
    """
    from claimtrack.conflicts import filter_disputes
    from claimtrack.query import filter_claims, make_filter
    from claimtrack.version import __version__

    ledger = analysis.ledger
    flt = make_filter(ledger, subject=subject)
    subjects = None if flt.subjects is None else set(flt.subjects)
    selected = filter_claims(ledger, flt)
    conflicts = filter_disputes(ledger, analysis.conflicts, subjects=subjects)
    anchors = _Anchors.build(ledger, selected)
    conflict_numbers: dict[int, list[int]] = defaultdict(list)
    for number, conflict in enumerate(conflicts, 1):
        for index in conflict.claims:
            conflict_numbers[index].append(number)
    claims = [_claim_view(analysis, anchors, i, conflict_numbers, context=False) for i in selected]
    totals = dict.fromkeys(_STRENGTH_ORDER, 0)
    for index in selected:
        for source in ledger.claims[index].sources:
            totals[source.attribution] += 1
    citations = sum(totals.values())
    profiles, curated, suspects = _profiles(analysis, anchors, selected)
    registry = ledger.claims_file.subjects
    subject_names = (
        None if subjects is None
        else sorted(registry[k].name if k in registry else k for k in subjects)
    )  # fmt: skip
    timelines = _timeline_view(analysis, anchors, subjects, conflict_numbers)
    return {
        "version": __version__,
        "data_name": data_name,
        "seeds_name": seeds_name,
        "subject_filter": subject,
        "subject_names": subject_names,
        "counts": {
            "claims": len(selected),
            "all_claims": len(ledger.claims),
            "citations": citations,
            "articles": len(ledger.articles),
            "subjects": len(registry),
            "conflicts": len(conflicts),
            "compared": analysis.comparison.summary(),
            "origins": len(_origin_groups(analysis)),
            "events": sum(t["events"] for t in timelines),
        },
        "totals": _segments(totals),
        "timelines": timelines,
        "conflicts": _conflicts_view(analysis, anchors, conflicts, conflict_numbers),
        "profiles": profiles,
        "curated_copies": curated,
        "suspected_copies": suspects,
        "origin_groups": _origin_groups(analysis),
        "claims": claims,
        "warnings": len(ledger.warnings),
    }


# --- rendering --------------------------------------------------------------------------------


def _finalize(value: Any) -> Any:
    """Every value printed by the template: control characters (invalid in HTML) dropped, bidi
    controls and other invisible ones made visible (:func:`claimtrack.safe.html_text`).

    Markup (the page's own script) is a ``str`` subclass and passes untouched.
    """
    return html_text(value) if type(value) is str else value


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    import jinja2

    class Environment(jinja2.Environment):
        """``record.key`` looks in a dict first: the context is plain dicts, and Jinja's default
        (an attribute first, then the item) pays for a failed attribute lookup on every access
        and would find ``dict.copy`` before a ``copy`` key."""

        def getattr(self, obj: Any, attribute: str) -> Any:
            if type(obj) is dict:
                try:
                    return obj[attribute]
                except KeyError:
                    pass
            return super().getattr(obj, attribute)

    env = Environment(
        loader=jinja2.PackageLoader("claimtrack", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    return env


@lru_cache(maxsize=1)
def _script() -> tuple[str, str]:
    """The page's one inline script and its CSP hash (``'sha256-…'``)."""
    env = _environment()
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, "report.js")
    digest = base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")
    return source, f"'sha256-{digest}'"


def render_report(
    analysis: Analysis, *, subject: str | None = None, data_name: str = "claims.yaml",
    seeds_name: str = "seeds",
) -> str:
    """The report as one self-contained HTML document (see :func:`report_context`)."""
    from markupsafe import Markup

    context = report_context(analysis, subject=subject, data_name=data_name, seeds_name=seeds_name)
    script, script_hash = _script()
    # The script is the package's own file, not data: it is trusted markup, pinned by its hash.
    context["script"] = Markup(script)
    context["script_hash"] = script_hash
    context["labels"] = ATTRIBUTION_LABELS
    return _environment().get_template("report.html.j2").render(context)
