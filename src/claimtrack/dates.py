"""Dates as intervals of days: partial dates, date phrases, and the birth windows implied by ages.

Every date in claimtrack is an :class:`Interval`, a closed range of days ``[start, end]``. A partial
date (``2012``, ``2023-08``) is the interval of all the days it could mean; a phrase relative to an
article's date (``last month``, ``eight months ago``, ``this past March``) is resolved against that
date; an age stated as of an article's date implies the interval in which the person was born. Two
claims about the same thing can both be true exactly when their intervals overlap.

Everything here is pure: no I/O, no printing, no global state beyond tables and caches.

The phrase grammar is one table (:data:`_ABSOLUTE` and :data:`_RELATIVE`) of
``(regex, handler, form, examples)`` rules; :func:`describe_grammar` is generated from it, so the
documentation cannot drift from the parser. A rule's regex is compiled the first time a phrase
reaches it (most dates are ISO and stop at the first rule): compiling the whole grammar costs more
than the rest of importing this module, and loading a project or listing claims needs none of it.
Choices made where English is loose:

* Seasons are meteorological, northern hemisphere: spring Mar–May, summer Jun–Aug, autumn/fall
  Sep–Nov, winter Dec–Feb. "winter 2023" (and "winter 2023-24") is Dec 2023–Feb 2024.
* "early/mid/late YYYY" and "the start/middle/end of YYYY" are thirds of the year: Jan–Apr, May–Aug,
  Sep–Dec. "early/mid/late <Month>" are thirds of the month: 1–10, 11–20, 21–end.
* "N weeks ago" is the 7 days centred on the anchor minus N weeks: ``[a - Nw - 3d, a - Nw + 3d]``.
  "this/last/next week" are ISO calendar weeks (Monday–Sunday).
* "last weekend" is the latest Saturday–Sunday that ends before the anchor day; "this past weekend"
  the latest one that has started by the anchor day (so on a Sunday it is the current one).
* "N months ago" is the whole calendar month of ``anchor - N months``; "N years ago" the calendar
  year of ``anchor - N years``; "N days ago" that day.
* "over/more than N units ago" is ``(open, anchor - N units]``; "less than/under/nearly N units
  ago" and "the past N units" are ``[anchor - N units, anchor]``.
* Vague quantities are widened to every count they may mean, each resolved as "N units ago" and
  the hull taken: "about/around/roughly N" is N ± a quarter of N (at least ± 1, never below 0:
  "about two months ago" is the months of 1 to 3 months ago); "a few" is 2-4, "several" 3-7,
  "a couple (of)" 1-3, "a number of" 2-7.
* Weekdays: "on Monday" (or a bare "Monday") is the latest Monday on or before the anchor day (on
  a Monday, that day); "this past Monday" the latest strictly before it; "Monday last/this/next
  week" that day of the Monday-Sunday week; "last Monday" is widened to both readings, the latest
  Monday before the anchor and last week's Monday (one day when they agree), and "next Monday"
  likewise forward. "Saturday, 14 September" without a year is in whichever of the anchor's year
  and the years either side makes it a Saturday, the nearest to the anchor; with a year, the
  weekday must fit or the date is refused.
* A bare season ("in the spring", "summer") is read as "this <season>".
* Event offsets ("ten weeks before", "two years after", "the following day", "10 days later",
  "the same day", "shortly after": within 30 days, "after": any day after) are resolved against
  an event's date, not the article's: a claim's ``anchor`` (another claim, or a date), or a date
  written in the phrase itself ("10 days after April 26, 2024"). Units are rounded as for "ago":
  "two years after" 2012 is 2014, "ten weeks before" a day is the 7 days around it.
* "last <Month>" is the latest <Month> strictly before the anchor's month; "this past <Month>" the
  latest one not after it (it includes the current month); "this <Month>", "in <Month>", a bare
  "<Month>" and "<Month> <day>" without a year are in the anchor's year. Seasons follow the same
  rules ("this winter" in January or February is the winter in progress).
* A leading "since" is read as the time the state began: "since August 2023" resolves to August
  2023.
* A relative phrase resolved against an anchor that is itself a range (an undated article known only
  to a month, say) gives the hull of the phrase resolved at both ends of the anchor. Every phrase is
  monotone in its anchor, so the hull contains every possible resolution.
* Years are limited to 1–9999 (Python's :class:`datetime.date`).

Ages: an age N stated as of day D means a birth date in ``[D - (N+1) years + 1 day, D - N years]``,
computed with :class:`dateutil.relativedelta.relativedelta` (so 2024-02-29 minus one year is
2023-02-28). Someone born exactly N years before D is N on D. A person born on 29 February is taken
to turn a year older on 1 March in common years (2024-02-29 is still 0 on 2025-02-28).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Generic, NamedTuple, TypeVar

if TYPE_CHECKING:
    from dateutil.relativedelta import relativedelta

__all__ = [
    "PRECISIONS",
    "DateParseError",
    "Explanation",
    "Interval",
    "MissingAnchorError",
    "birth_window",
    "day",
    "describe_grammar",
    "explain",
    "intersect_all",
    "is_event_relative",
    "is_relative",
    "parse_interval",
    "parse_partial_date",
    "resolve_when",
]

_Date = datetime.date
_ONE_DAY = datetime.timedelta(days=1)

#: The values :attr:`Interval.precision` may take.
PRECISIONS: frozenset[str] = frozenset({"day", "month", "year", "season", "range", "open"})


class DateParseError(ValueError):
    """A date or date phrase that is not understood (or cannot be resolved)."""


class MissingAnchorError(DateParseError):
    """A relative date phrase that needs the article's date, and the article has none."""


# --------------------------------------------------------------------------------------------------
# Calendar helpers


def _month_end(year: int, month: int) -> _Date:
    if month == 12:
        return _Date(year, 12, 31)
    return _Date(year, month + 1, 1) - _ONE_DAY


# Season name -> first month; every season is three months long.
_SEASON_START: dict[str, int] = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


def _season_bounds(season: str, year: int) -> tuple[_Date, _Date]:
    """The season that starts in ``year`` (winter ``year`` is Dec ``year`` – Feb ``year + 1``)."""
    first = _SEASON_START[season]
    start = _Date(year, first, 1)
    end_year, end_month = (year + 1, 2) if first == 12 else (year, first + 2)
    return start, _month_end(end_year, end_month)


_SEASON_OF_START_MONTH: dict[int, str] = {3: "spring", 6: "summer", 9: "autumn", 12: "winter"}


def _is_season(start: _Date, end: _Date) -> bool:
    name = _SEASON_OF_START_MONTH.get(start.month)
    return start.day == 1 and name is not None and _season_bounds(name, start.year)[1] == end


def _infer_precision(start: _Date | None, end: _Date | None) -> str:
    """The most specific precision whose shape the bounds have."""
    if start is None or end is None:
        return "open"
    if start == end:
        return "day"
    if start.day == 1 and (start.year, start.month) == (end.year, end.month):
        if end == _month_end(end.year, end.month):
            return "month"
    elif (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return "year"
    elif _is_season(start, end):
        return "season"
    return "range"


def _later(a: _Date | None, b: _Date | None) -> _Date | None:
    """The later of two start bounds, where None means unbounded (earliest)."""
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def _earlier(a: _Date | None, b: _Date | None) -> _Date | None:
    """The earlier of two end bounds, where None means unbounded (latest)."""
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


# --------------------------------------------------------------------------------------------------
# Interval


@dataclass(frozen=True, slots=True)
class Interval:
    """A closed interval of days [start, end]; either end may be None for open-ended ("over a year
    ago" has no start).

    ``precision`` says what kind of interval it is: ``day``, ``month`` and ``year`` are exactly one
    calendar day, month or year; ``season`` is exactly one meteorological season; ``range`` is any
    other bounded interval; ``open`` has at least one unbounded end. The constructor checks that the
    bounds have the stated shape. Use :meth:`span` to build an interval and let the precision be
    inferred.

    Intervals sort by start (an open start first), then end (an open end last), then precision.
    """

    start: _Date | None
    end: _Date | None
    precision: str

    def __post_init__(self) -> None:
        start, end, precision = self.start, self.end, self.precision
        if precision not in PRECISIONS:
            raise ValueError(
                f"unknown precision {precision!r}; expected one of {sorted(PRECISIONS)}"
            )
        if start is None or end is None:
            if precision != "open":
                raise ValueError(
                    f"an interval with an open end has precision 'open', not {precision!r}"
                )
            return
        if start > end:
            raise ValueError(
                f"interval starts after it ends: {start.isoformat()} > {end.isoformat()}"
            )
        if precision == "open":
            raise ValueError("precision 'open' needs an open end")
        if precision != "range" and _infer_precision(start, end) != precision:
            raise ValueError(
                f"{start.isoformat()}..{end.isoformat()} is not exactly one {precision}"
            )

    # -- construction ------------------------------------------------------------------------------

    @classmethod
    def span(cls, start: _Date | None, end: _Date | None) -> Interval:
        """The interval [start, end] with its precision inferred from the bounds."""
        return cls(start, end, _infer_precision(start, end))

    @classmethod
    def from_json(cls, data: dict[str, str | None]) -> Interval:
        """Inverse of :meth:`to_json` (a missing precision is inferred)."""
        start, end = data.get("start"), data.get("end")
        lo = None if start is None else _Date.fromisoformat(start)
        hi = None if end is None else _Date.fromisoformat(end)
        precision = data.get("precision")
        return cls.span(lo, hi) if precision is None else cls(lo, hi, precision)

    # -- set operations ----------------------------------------------------------------------------

    def overlaps(self, other: Interval) -> bool:
        """True when the two intervals share at least one day."""
        lo, hi = _later(self.start, other.start), _earlier(self.end, other.end)
        return lo is None or hi is None or lo <= hi

    def intersection(self, other: Interval) -> Interval | None:
        """The days in both intervals, or None when they are disjoint.

        The result's precision is inferred from its bounds (unless both inputs are equal), so the
        operation is commutative.
        """
        if self == other:
            return self
        lo, hi = _later(self.start, other.start), _earlier(self.end, other.end)
        if lo is not None and hi is not None and lo > hi:
            return None
        return Interval.span(lo, hi)

    def hull(self, other: Interval) -> Interval:
        """The smallest interval containing both (including any gap between them)."""
        if self == other:
            return self
        lo = None if self.start is None or other.start is None else min(self.start, other.start)
        hi = None if self.end is None or other.end is None else max(self.end, other.end)
        return Interval.span(lo, hi)

    def contains(self, day: _Date) -> bool:
        """True when ``day`` lies within the interval (bounds included)."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    @property
    def is_open(self) -> bool:
        """True when at least one end is unbounded."""
        return self.start is None or self.end is None

    # -- presentation ------------------------------------------------------------------------------

    def __str__(self) -> str:
        start, end = self.start, self.end
        if start is None or end is None:
            lo = "" if start is None else start.isoformat()
            return f"{lo}..{'' if end is None else end.isoformat()}"
        if self.precision == "day":
            return start.isoformat()
        if self.precision == "month":
            return start.isoformat()[:7]
        if self.precision == "year":
            return start.isoformat()[:4]
        return f"{start.isoformat()}..{end.isoformat()}"

    def to_json(self) -> dict[str, str | None]:
        """``{"start": ISO date or None, "end": ISO date or None, "precision": ...}``."""
        return {
            "start": None if self.start is None else self.start.isoformat(),
            "end": None if self.end is None else self.end.isoformat(),
            "precision": self.precision,
        }

    # -- ordering (None-safe, unlike dataclass(order=True)) ---------------------------------------

    def _key(self) -> tuple[bool, _Date, bool, _Date, str]:
        return (
            self.start is not None,
            _Date.min if self.start is None else self.start,
            self.end is None,
            _Date.min if self.end is None else self.end,
            self.precision,
        )

    def __lt__(self, other: Interval) -> bool:
        return self._key() < other._key()

    def __le__(self, other: Interval) -> bool:
        return self._key() <= other._key()

    def __gt__(self, other: Interval) -> bool:
        return self._key() > other._key()

    def __ge__(self, other: Interval) -> bool:
        return self._key() >= other._key()


def day(d: _Date) -> Interval:
    """The one-day interval of ``d`` (a datetime is reduced to its date)."""
    if isinstance(d, datetime.datetime):
        d = d.date()
    return Interval(d, d, "day")


@lru_cache(maxsize=1024)
def _delta(years: int, months: int, days: int) -> relativedelta:
    """A shared relativedelta: years and months first (clipping the day to the month's end, so
    2024-02-29 minus one year is 2023-02-28), then days. Adding a negative delta is much cheaper
    than subtracting a positive one (which builds a negated copy each time).

    dateutil is imported here, on first use, not with the module: loading a project needs no
    date arithmetic."""
    from dateutil.relativedelta import relativedelta

    return relativedelta(years=years, months=months, days=days)


def _month(year: int, month: int) -> Interval:
    return Interval(_Date(year, month, 1), _month_end(year, month), "month")


def _year(year: int) -> Interval:
    return Interval(_Date(year, 1, 1), _Date(year, 12, 31), "year")


def _season(season: str, year: int) -> Interval:
    start, end = _season_bounds(season, year)
    return Interval(start, end, "season")


def _range(start: _Date, end: _Date) -> Interval:
    return Interval(start, end, "range")


def intersect_all(intervals: Iterable[Interval]) -> Interval | None:
    """The days common to all the intervals; None if there are none.

    The intersection of no intervals is the unbounded interval ``..`` (every day), not None.
    """
    result = Interval(None, None, "open")
    first = True
    for interval in intervals:
        if first:
            result, first = interval, False
            continue
        meet = result.intersection(interval)
        if meet is None:
            return None
        result = meet
    return result


def birth_window(age: int, as_of: Interval) -> Interval:
    """The days on which someone who is ``age`` years old on (every day of) ``as_of`` was born.

    For a single day D: ``[D - (age+1) years + 1 day, D - age years]``. For a range [D1, D2] the
    hull ``[D1 - (age+1) years + 1 day, D2 - age years]``; an open end of ``as_of`` gives an open
    end of the window.
    """
    if isinstance(age, bool) or not isinstance(age, int) or age < 0:
        raise ValueError(f"an age must be a whole number of years, at least 0, not {age!r}")
    return _birth_window(age, as_of)


@lru_cache(maxsize=65536)  # ages and article dates repeat across a large ledger
def _birth_window(age: int, as_of: Interval) -> Interval:
    try:
        start = None if as_of.start is None else as_of.start + _delta(-age - 1, 0, 1)
        end = None if as_of.end is None else as_of.end + _delta(-age, 0, 0)
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"age {age} as of {as_of} gives a birth date before year 1") from exc
    return Interval.span(start, end)


# --------------------------------------------------------------------------------------------------
# Partial ISO dates and explicit ranges

_ISO_RE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_ISO_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"


def _iso(text: str) -> Interval:
    m = _ISO_RE.fullmatch(text)
    if m is None:
        raise DateParseError(f"{text!r} is not a date; expected {_ISO_FORMS}")
    year, month, dom = int(m[1]), m[2], m[3]
    if year == 0:
        raise DateParseError(f"{text!r} is not a valid date: there is no year 0")
    if month is None:
        return _year(year)
    if len(month) != 2 or not 1 <= int(month) <= 12:
        raise DateParseError(
            f"{text!r} is not a valid date: the month must be 01 to 12 ({_ISO_FORMS})"
        )
    if dom is None:
        return _month(year, int(month))
    try:
        if len(dom) != 2:
            raise ValueError("the day must have two digits")
        return day(_Date(year, int(month), int(dom)))
    except ValueError as exc:
        raise DateParseError(f"{text!r} is not a valid date: {exc}") from None


def parse_partial_date(text: str) -> Interval:
    """Parse an ISO partial date: ``2012`` (the year), ``2023-08`` (the month), ``2024-03-08``."""
    return _iso(text.strip())


def _iso_range(a: str | None, b: str | None, text: str) -> Interval:
    start = None if a is None else _iso(a).start
    end = None if b is None else _iso(b).end
    if start is not None and end is not None and start > end:
        raise DateParseError(f"{text!r} is not a valid range: it ends before it starts")
    return Interval.span(start, end)


_RANGE_RE = re.compile(r"(\d{4}(?:-\d{2}){0,2})?\s*\.\.\s*(\d{4}(?:-\d{2}){0,2})?")


def parse_interval(text: str) -> Interval:
    """Parse what ``str(Interval)`` prints: a partial date, ``A..B``, ``..B``, ``A..`` or ``..``.

    ``A`` and ``B`` are ISO partial dates; a range runs from the first day of ``A`` to the last day
    of ``B`` (so ``2023-06..2023-08`` is the summer of 2023). The precision is inferred.
    """
    text = text.strip()
    m = _RANGE_RE.fullmatch(text)
    if m is None:
        return _iso(text)
    return _iso_range(m[1], m[2], text)


# --------------------------------------------------------------------------------------------------
# The phrase grammar

_MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

_NUMBERS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}  # fmt: skip


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


# Building blocks (the input is lower-cased, dashes normalised, whitespace collapsed).
_MONTH = rf"(?P<month>{_alternatives(_MONTHS)})\.?"
_YEAR = r"(?P<year>\d{4})"
_DOM = r"(?P<dom>\d{1,2})(?:st|nd|rd|th)?"
_SEASON = rf"(?P<season>{_alternatives(_SEASON_START)})"
_NUM = rf"(?P<n>\d+|{_alternatives(_NUMBERS)})"
_UNIT = r"(?P<unit>day|week|month|year)s?"
_ISO = r"\d{4}(?:-\d{2}){0,2}"
_IN = r"(?:(?:in|during|since) )?"  # before a month, a season, a year
_ON = r"(?:(?:on|since) )?"  # before a day
_SINCE = r"(?:since )?"
_PART = r"(?P<part>early|mid|late) ?-?"  # "mid-2023", "mid 2023", "late July"
_THE_PART = (
    r"(?:(?:toward|towards|at|near|in) )?the (?:very )?(?P<tpart>start|beginning|middle|end) of"
)

_PART_INDEX: dict[str, int] = {
    "early": 0, "start": 0, "beginning": 0,
    "mid": 1, "middle": 1,
    "late": 2, "end": 2,
}  # fmt: skip


def _part(m: re.Match[str]) -> int:
    return _PART_INDEX[m["part"] or m["tpart"]]


def _third_of_year(year: int, part: int) -> Interval:
    """Jan–Apr, May–Aug or Sep–Dec."""
    first = 1 + 4 * part
    return _range(_Date(year, first, 1), _month_end(year, first + 3))


def _third_of_month(month: Interval, part: int) -> Interval:
    """Days 1–10, 11–20 or 21–end."""
    assert month.start is not None and month.end is not None
    start = month.start.replace(day=1 + 10 * part)
    return _range(start, month.end if part == 2 else start.replace(day=start.day + 9))


def _number(m: re.Match[str]) -> int:
    n = m["n"]
    return int(n) if n.isdigit() else _NUMBERS[n]


def _shift(anchor: _Date, unit: str, n: int) -> _Date:
    """``anchor`` moved back ``n`` units (calendar arithmetic for months and years)."""
    if unit == "day":
        return anchor - datetime.timedelta(days=n)
    if unit == "week":
        return anchor - datetime.timedelta(weeks=n)
    if unit == "month":
        return anchor + _delta(0, -n, 0)
    return anchor + _delta(-n, 0, 0)


def _day_in_year(m: re.Match[str], year: int) -> Interval:
    try:
        return day(_Date(year, _MONTHS[m["month"]], int(m["dom"])))
    except ValueError as exc:
        raise DateParseError(f"{m.string!r} is not a valid date: {exc}") from None


# -- absolute handlers: (match) -> Interval


def _abs_iso(m: re.Match[str]) -> Interval:
    return _iso(m["iso"])


def _abs_range(m: re.Match[str]) -> Interval:
    return _iso_range(m["a"], m["b"], m.string)


def _abs_month_year(m: re.Match[str]) -> Interval:
    return _month(int(m["year"]), _MONTHS[m["month"]])


def _abs_part_month_year(m: re.Match[str]) -> Interval:
    return _third_of_month(_abs_month_year(m), _part(m))


def _abs_day(m: re.Match[str]) -> Interval:
    return _day_in_year(m, int(m["year"]))


def _abs_season_year(m: re.Match[str]) -> Interval:
    year, second = int(m["year"]), m["year2"]
    if second is not None and (
        m["season"] != "winter" or int(second) not in ((year + 1) % 100, year + 1)
    ):
        raise DateParseError(
            f"{m.string!r}: only a winter spans two years, and they must be consecutive"
        )
    return _season(m["season"], year)


def _abs_part_year(m: re.Match[str]) -> Interval:
    return _third_of_year(int(m["year"]), _part(m))


# -- relative handlers: (match, anchor day) -> Interval


def _rel_today(m: re.Match[str], a: _Date) -> Interval:
    return day(a)


def _rel_yesterday(m: re.Match[str], a: _Date) -> Interval:
    return day(a - _ONE_DAY)


_WHICH_OFFSET: dict[str, int] = {"this": 0, "last": -1, "next": 1}


def _rel_week(m: re.Match[str], a: _Date) -> Interval:
    monday = (
        a
        - datetime.timedelta(days=a.weekday())
        + datetime.timedelta(weeks=_WHICH_OFFSET[m["which"]])
    )
    return _range(monday, monday + datetime.timedelta(days=6))


def _rel_weekend(m: re.Match[str], a: _Date) -> Interval:
    which = m["which"]
    if which == "this":  # the Saturday and Sunday of the anchor's Monday-Sunday week
        saturday = a + datetime.timedelta(days=5 - a.weekday())
    elif which == "this past":  # the latest Saturday on or before the anchor
        saturday = a - datetime.timedelta(days=(a.weekday() - 5) % 7)
    else:  # last: the latest weekend whose Sunday is before the anchor
        saturday = a - datetime.timedelta(days=((a.weekday() + 1) % 7 or 7) + 1)
    return _range(saturday, saturday + _ONE_DAY)


def _rel_month(m: re.Match[str], a: _Date) -> Interval:
    shifted = a + _delta(0, _WHICH_OFFSET[m["which"]], 0)
    return _month(shifted.year, shifted.month)


def _rel_earlier_this_month(m: re.Match[str], a: _Date) -> Interval:
    return _range(a.replace(day=1), a)


def _rel_year(m: re.Match[str], a: _Date) -> Interval:
    return _year(a.year + _WHICH_OFFSET[m["which"]])


def _rel_earlier_this_year(m: re.Match[str], a: _Date) -> Interval:
    return _range(a.replace(month=1, day=1), a)


def _rel_part_of_year(m: re.Match[str], a: _Date) -> Interval:
    return _third_of_year(a.year + _WHICH_OFFSET[m["which"]], _part(m))


def _rel_ago(m: re.Match[str], a: _Date) -> Interval:
    unit = m["unit"]
    return _unit_interval(_shift(a, unit, _number(m)), unit)


def _rel_over_ago(m: re.Match[str], a: _Date) -> Interval:
    return Interval(None, _shift(a, m["unit"], _number(m)), "open")


def _rel_within(m: re.Match[str], a: _Date) -> Interval:
    return _range(_shift(a, m["unit"], _number(m) if m["n"] else 1), a)


def _last_month_named(m: re.Match[str], a: _Date) -> Interval:
    month = _MONTHS[m["month"]]
    return _month(a.year if month < a.month else a.year - 1, month)


def _this_past_month_named(m: re.Match[str], a: _Date) -> Interval:
    month = _MONTHS[m["month"]]
    return _month(a.year if month <= a.month else a.year - 1, month)


def _rel_month_named(m: re.Match[str], a: _Date) -> Interval:
    return _month(a.year, _MONTHS[m["month"]])


def _rel_part_month_named(m: re.Match[str], a: _Date) -> Interval:
    return _third_of_month(_rel_month_named(m, a), _part(m))


def _rel_day_no_year(m: re.Match[str], a: _Date) -> Interval:
    return _day_in_year(m, a.year)


def _rel_season(m: re.Match[str], a: _Date) -> Interval:
    season, which = m["season"], m["which"]
    # this: the occurrence containing the anchor's month, or else the one starting in its year;
    # this past: the latest occurrence that has started by the anchor;
    # last: the latest occurrence that ended before the anchor's month began.
    year = a.year - 1 if _SEASON_START[season] == 12 and a.month <= 2 else a.year
    if which == "this past":
        while _season_bounds(season, year)[0] > a:
            year -= 1
    elif which == "last":
        while _season_bounds(season, year)[1] >= a.replace(day=1):
            year -= 1
    return _season(season, year)


# -- weekdays

_WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
    "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip
_WEEKDAY = rf"(?P<wd>{_alternatives(_WEEKDAYS)})\.?"


def _weekday_on_or_before(a: _Date, weekday: int) -> _Date:
    return a - datetime.timedelta(days=(a.weekday() - weekday) % 7)


def _weekday_of_week(a: _Date, weekday: int, weeks: int) -> _Date:
    """The ``weekday`` of the Monday-Sunday week ``weeks`` from the anchor's week."""
    monday = a - datetime.timedelta(days=a.weekday()) + datetime.timedelta(weeks=weeks)
    return monday + datetime.timedelta(days=weekday)


def _rel_weekday(m: re.Match[str], a: _Date) -> Interval:
    return day(_weekday_on_or_before(a, _WEEKDAYS[m["wd"]]))


def _rel_past_weekday(m: re.Match[str], a: _Date) -> Interval:
    return day(_weekday_on_or_before(a - _ONE_DAY, _WEEKDAYS[m["wd"]]))


def _rel_weekday_of_week(m: re.Match[str], a: _Date) -> Interval:
    return day(_weekday_of_week(a, _WEEKDAYS[m["wd"]], _WHICH_OFFSET[m["which"]]))


def _rel_last_weekday(m: re.Match[str], a: _Date) -> Interval:
    weekday = _WEEKDAYS[m["wd"]]
    latest = _weekday_on_or_before(a - _ONE_DAY, weekday)
    of_last_week = _weekday_of_week(a, weekday, -1)
    return _range(min(latest, of_last_week), max(latest, of_last_week)) if latest != of_last_week else day(latest)


def _rel_next_weekday(m: re.Match[str], a: _Date) -> Interval:
    weekday = _WEEKDAYS[m["wd"]]
    soonest = a + datetime.timedelta(days=(weekday - a.weekday() - 1) % 7 + 1)
    of_next_week = _weekday_of_week(a, weekday, 1)
    return _range(min(soonest, of_next_week), max(soonest, of_next_week)) if soonest != of_next_week else day(soonest)


def _rel_weekday_day(m: re.Match[str], a: _Date) -> Interval:
    """"Saturday, 14 September": the nearest such day to the anchor that is that weekday (every
    weekday comes round within 28 years, 29 February too)."""
    weekday, month, dom = _WEEKDAYS[m["wd"]], _MONTHS[m["month"]], int(m["dom"])
    fits = []
    for year in range(max(1, a.year - 28), min(9999, a.year + 28) + 1):
        try:
            candidate = _Date(year, month, dom)
        except ValueError:
            continue
        if candidate.weekday() == weekday:
            fits.append(candidate)
    if not fits:
        raise DateParseError(f"{m.string!r} is not a valid date")
    return day(min(fits, key=lambda d: (abs((d - a).days), d)))


def _abs_weekday_day(m: re.Match[str]) -> Interval:
    found = _day_in_year(m, int(m["year"]))
    assert found.start is not None
    if found.start.weekday() != _WEEKDAYS[m["wd"]]:
        raise DateParseError(
            f"{m.string!r}: {found.start.isoformat()} is a "
            f"{found.start.strftime('%A')}, not a {m['wd'].capitalize()}"
        )
    return found


# -- seasons without a year, vague quantities


def _rel_season_bare(m: re.Match[str], a: _Date) -> Interval:
    year = a.year - 1 if _SEASON_START[m["season"]] == 12 and a.month <= 2 else a.year
    return _season(m["season"], year)


# "a few" N, "several" N: the counts they are taken to mean (see the module's docstring).
_VAGUE_COUNTS: dict[str, tuple[int, int]] = {
    "a few": (2, 4), "few": (2, 4), "several": (3, 7), "a couple of": (1, 3), "a couple": (1, 3),
    "a number of": (2, 7),
}  # fmt: skip
_VAGUE = rf"(?P<vague>{_alternatives(_VAGUE_COUNTS)})"
_ABOUT = r"(?P<about>about|around|roughly|approximately|some|circa|an estimated)"


def _counts(m: re.Match[str]) -> tuple[int, int]:
    """The least and greatest count a quantity may mean: "about N" is N widened by a quarter of
    N (at least 1) either side; "a few", "several" as :data:`_VAGUE_COUNTS`; N exactly N."""
    vague = m.groupdict().get("vague")
    if vague:
        return _VAGUE_COUNTS[vague]
    n = _number(m)
    if m.groupdict().get("about"):
        width = max(1, round(n / 4))
        return max(n - width, 0), n + width
    return n, n


def _unit_interval(then: _Date, unit: str) -> Interval:
    """A moment ``then`` named to the precision of ``unit`` ("N weeks" is the 7 days around it)."""
    if unit == "day":
        return day(then)
    if unit == "week":
        return _range(then - datetime.timedelta(days=3), then + datetime.timedelta(days=3))
    if unit == "month":
        return _month(then.year, then.month)
    return _year(then.year)


def _counted(a: _Date, unit: str, low: int, high: int, back: bool) -> Interval:
    sign = 1 if back else -1
    near = _unit_interval(_shift(a, unit, sign * low), unit)
    far = _unit_interval(_shift(a, unit, sign * high), unit)
    return near if low == high else near.hull(far)


def _rel_vague_ago(m: re.Match[str], a: _Date) -> Interval:
    low, high = _counts(m)
    return _counted(a, m["unit"], low, high, back=True)


# -- offsets from an event (need a claim's ``anchor``)

_BACK_WORDS = frozenset({"before", "earlier", "prior", "prior to"})


def _anc_offset(m: re.Match[str], a: _Date) -> Interval:
    low, high = _counts(m)
    return _counted(a, m["unit"], low, high, back=m["dir"] in _BACK_WORDS)


def _anc_over(m: re.Match[str], a: _Date) -> Interval:
    then = _shift(a, m["unit"], _number(m) * (1 if m["dir"] in _BACK_WORDS else -1))
    return Interval(None, then, "open") if m["dir"] in _BACK_WORDS else Interval(then, None, "open")


def _anc_within(m: re.Match[str], a: _Date) -> Interval:
    n = _number(m) if m["n"] else 1
    then = _shift(a, m["unit"], n * (1 if m["dir"] in _BACK_WORDS else -1))
    return _range(min(a, then), max(a, then))


_NEXT_WORDS = frozenset({"following", "next", "after"})


def _anc_adjacent(m: re.Match[str], a: _Date) -> Interval:
    groups = m.groupdict()
    forward = (groups.get("which") or groups.get("which2")) in _NEXT_WORDS
    unit = m["unit"]
    if unit == "day":
        return day(a + (_ONE_DAY if forward else -_ONE_DAY))
    if unit == "week":
        monday = a - datetime.timedelta(days=a.weekday()) + datetime.timedelta(weeks=1 if forward else -1)
        return _range(monday, monday + datetime.timedelta(days=6))
    if unit == "month":
        shifted = a + _delta(0, 1 if forward else -1, 0)
        return _month(shifted.year, shifted.month)
    return _year(a.year + (1 if forward else -1))


def _anc_same(m: re.Match[str], a: _Date) -> Interval:
    unit = m["unit"]
    if unit == "day":
        return day(a)
    if unit == "week":
        monday = a - datetime.timedelta(days=a.weekday())
        return _range(monday, monday + datetime.timedelta(days=6))
    if unit == "month":
        return _month(a.year, a.month)
    return _year(a.year)


def _anc_open(m: re.Match[str], a: _Date) -> Interval:
    if m["dir"] in _BACK_WORDS:
        return Interval(None, a - _ONE_DAY, "open")
    return Interval(a + _ONE_DAY, None, "open")


def _anc_shortly(m: re.Match[str], a: _Date) -> Interval:
    if m["dir"] in _BACK_WORDS:
        return _range(a - datetime.timedelta(days=30), a - _ONE_DAY)
    return _range(a + _ONE_DAY, a + datetime.timedelta(days=30))


# -- the table

_H = TypeVar("_H")
AbsoluteHandler = Callable[[re.Match[str]], Interval]
RelativeHandler = Callable[[re.Match[str], _Date], Interval]


@cache
def _compiled(source: str) -> re.Pattern[str]:
    return re.compile(source)


class _Rule(Generic[_H]):
    """One rule of the grammar (a plain class, by the rule in docs/performance.md)."""

    __slots__ = ("examples", "form", "handler", "needs", "source")

    def __init__(
        self, source: str, handler: _H, form: str, examples: tuple[str, ...],
        needs: tuple[tuple[str, ...], ...],
    ) -> None:  # fmt: skip
        self.source = source
        """The regular expression, compiled on first use (:attr:`pattern`)."""
        self.handler = handler
        self.form = form
        self.examples = examples
        self.needs = needs
        """What any text the regex matches contains: one of each group of substrings."""

    @property
    def pattern(self) -> re.Pattern[str]:
        return _compiled(self.source)

    def admits(self, text: str) -> bool:
        """False when the regex cannot match ``text``: it need not be compiled to say so.

        Without this, a phrase such as "in February" compiles nearly the whole grammar (about
        10 ms, more than the rest of a small project's checks) just to reach its rule.
        """
        return all(any(word in text for word in group) for group in self.needs)


def _rule(
    source: str, handler: _H, form: str, *examples: str, needs: tuple[tuple[str, ...], ...] = ()
) -> _Rule[_H]:
    return _Rule(source, handler, form, examples, needs)


# Substrings a rule's matches must contain (:attr:`_Rule.needs`); a test checks them on a corpus.
_DIGIT = tuple("0123456789")
_MONTH_WORD = tuple(_MONTHS)
_SEASON_WORD = tuple(_SEASON_START)
_PART_WORD = tuple(_PART_INDEX)
_WEEKDAY_WORD = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


_ABSOLUTE: list[_Rule[AbsoluteHandler]] = [
    _rule(rf"(?:(?:in|on|during|since) )?(?P<iso>{_ISO})", _abs_iso,
          "YYYY, YYYY-MM or YYYY-MM-DD", "2012", "2023-08", "2024-03-08", "in 2011",
          needs=(_DIGIT,)),
    _rule(rf"(?=.*\d)(?P<a>{_ISO})? ?\.\. ?(?P<b>{_ISO})?", _abs_range,
          "A..B, ..B or A.. (ISO dates; a missing end is open)",
          "2023-06-01..2023-08-31", "..2023-01-27", "2023-06..", "2023-06..2023-08",
          needs=(("..",),)),
    _rule(rf"{_IN}(?:the month of )?{_MONTH},? (?:of )?{_YEAR}", _abs_month_year,
          "<Month> YYYY", "August 2023", "in August 2023", "June 2023", "Sept. 2023",
          needs=(_DIGIT, _MONTH_WORD)),
    _rule(rf"{_IN}(?:{_PART}|{_THE_PART} ){_MONTH},? (?:of )?{_YEAR}", _abs_part_month_year,
          "early/mid/late <Month> YYYY, the end of <Month> YYYY (days 1-10, 11-20, 21-end)",
          "late August 2023", "in mid-June 2023", "the end of August 2023",
          needs=(_DIGIT, _MONTH_WORD, _PART_WORD)),
    _rule(rf"{_ON}{_MONTH} {_DOM},? {_YEAR}", _abs_day,
          "<Month> D, YYYY", "January 9, 2024", "on Jan 9th 2024",
          needs=(_DIGIT, _MONTH_WORD)),
    _rule(rf"{_ON}(?:the )?{_DOM} (?:of )?{_MONTH},? {_YEAR}", _abs_day,
          "D <Month> YYYY", "9 January 2024", "the 9th of January 2024",
          needs=(_DIGIT, _MONTH_WORD)),
    _rule(rf"{_IN}(?:the )?{_SEASON} (?:of )?{_YEAR}(?:[-/](?P<year2>\d{{2}}|\d{{4}}))?",
          _abs_season_year,
          "<season> YYYY (spring Mar-May ... winter Dec-Feb of the next year)",
          "summer of 2023", "summer 2023", "in the fall of 2022", "winter 2023-24",
          needs=(_DIGIT, _SEASON_WORD)),
    _rule(rf"{_IN}(?:{_PART}|{_THE_PART} ){_YEAR}", _abs_part_year,
          "early/mid/late YYYY, the start/middle/end of YYYY (Jan-Apr, May-Aug, Sep-Dec)",
          "late 2023", "early 2024", "mid-2023", "the end of 2023", "toward the end of 2023",
          needs=(_DIGIT, _PART_WORD)),
    _rule(rf"{_ON}{_WEEKDAY},? {_MONTH} {_DOM},? {_YEAR}", _abs_weekday_day,
          "<Weekday>, <Month> D, YYYY (the weekday must fit)", "Saturday, September 14, 2024",
          needs=(_DIGIT, _MONTH_WORD, _WEEKDAY_WORD)),
    _rule(rf"{_ON}{_WEEKDAY},? (?:the )?{_DOM} (?:of )?{_MONTH},? {_YEAR}", _abs_weekday_day,
          "<Weekday>, D <Month> YYYY (the weekday must fit)", "Saturday, 14 September 2024",
          needs=(_DIGIT, _MONTH_WORD, _WEEKDAY_WORD)),
]  # fmt: skip

_RELATIVE: list[_Rule[RelativeHandler]] = [
    _rule(r"(?:earlier )?today", _rel_today, "today", "today",
          needs=(("today",),)),
    _rule(rf"{_SINCE}yesterday", _rel_yesterday, "yesterday", "yesterday",
          needs=(("yesterday",),)),
    _rule(rf"{_SINCE}(?P<which>this|last|next) week", _rel_week,
          "this/last/next week (Monday-Sunday)", "last week", "this week",
          needs=(("week",),)),
    _rule(rf"{_SINCE}(?P<which>this past|this|last) weekend", _rel_weekend,
          "this/last/this past weekend", "last weekend", "this past weekend",
          needs=(("weekend",),)),
    _rule(rf"{_SINCE}(?P<which>this|last|next) month", _rel_month,
          "this/last/next month (the calendar month)", "last month", "this month",
          needs=(("month",),)),
    _rule(rf"{_SINCE}earlier this month", _rel_earlier_this_month,
          "earlier this month (the 1st to the article's date)", "earlier this month",
          needs=(("earlier this month",),)),
    _rule(rf"{_SINCE}(?P<which>this|last|next) year", _rel_year,
          "this/last/next year (the calendar year)", "last year", "this year",
          needs=(("year",),)),
    _rule(rf"{_SINCE}earlier this year", _rel_earlier_this_year,
          "earlier this year (Jan 1 to the article's date)", "earlier this year",
          needs=(("earlier this year",),)),
    _rule(rf"{_IN}(?:{_PART}|{_THE_PART} )(?P<which>this|last) year", _rel_part_of_year,
          "early/mid/late last year, the end of last year (thirds of the year)",
          "late last year", "toward the end of last year", "the end of last year",
          "early this year",
          needs=(("year",), _PART_WORD)),
    _rule(rf"{_NUM} {_UNIT} ago", _rel_ago,
          "N days/weeks/months/years ago (N: digits, a/an, one..twenty)",
          "eight months ago", "a year ago", "3 weeks ago", "two days ago",
          needs=(("ago",),)),
    _rule(rf"(?:just )?(?:over|more than|at least) {_NUM} {_UNIT} ago", _rel_over_ago,
          "over/more than N units ago (open-ended: any time before)",
          "over a year ago", "more than two months ago",
          needs=(("ago",),)),
    _rule(rf"(?:just )?(?:under|less than|nearly|almost) {_NUM} {_UNIT} ago", _rel_within,
          "less than/under N units ago (from then to the article's date)",
          "less than a year ago", "under three weeks ago",
          needs=(("ago",),)),
    _rule(rf"(?:(?:over|in|during|within|for) )?the (?:past|last) (?:{_NUM} )?{_UNIT}",
          _rel_within, "the past/last N units (up to the article's date)",
          "over the past year", "in the last six months",
          needs=(("the past ", "the last "),)),
    _rule(rf"{_SINCE}last {_MONTH}", _last_month_named,
          "last <Month> (the latest before the article's month)", "last July",
          needs=(("last ",), _MONTH_WORD)),
    _rule(rf"{_SINCE}this past {_MONTH}", _this_past_month_named,
          "this past <Month> (the latest, up to the article's month)", "this past March",
          needs=(("this past ",), _MONTH_WORD)),
    _rule(rf"(?:{_IN}|this ){_MONTH}", _rel_month_named,
          "<Month>, in <Month>, this <Month> (in the article's year)", "in February", "this May",
          needs=(_MONTH_WORD,)),
    _rule(rf"{_IN}(?:{_PART}|{_THE_PART} ){_MONTH}", _rel_part_month_named,
          "early/mid/late <Month>, the end of <Month> (in the article's year)", "in late July",
          "mid-February", "at the end of January",
          needs=(_MONTH_WORD, _PART_WORD)),
    _rule(rf"{_ON}{_MONTH} {_DOM}", _rel_day_no_year,
          "<Month> D (in the article's year)", "January 9", "on Jan 9th",
          needs=(_DIGIT, _MONTH_WORD)),
    _rule(rf"{_ON}(?:the )?{_DOM} (?:of )?{_MONTH}", _rel_day_no_year,
          "D <Month> (in the article's year)", "9 January", "on the 9th of January",
          needs=(_DIGIT, _MONTH_WORD)),
    _rule(rf"{_SINCE}(?P<which>this past|this|last) {_SEASON}", _rel_season,
          "last/this past/this <season>", "last summer", "this past winter", "this summer",
          needs=(_SEASON_WORD,)),
    _rule(rf"(?:(?:in|during|since) )?(?:the )?{_SEASON}", _rel_season_bare,
          "<season>, in the <season> (as 'this <season>')", "in the spring", "summer",
          needs=(_SEASON_WORD,)),
    _rule(rf"(?:on |since )?{_WEEKDAY}", _rel_weekday,
          "<Weekday>, on <Weekday> (the latest one up to the article's date)", "on Monday",
          "Friday", needs=(_WEEKDAY_WORD,)),
    _rule(rf"(?:on )?{_WEEKDAY},? (?:of )?(?P<which>this|last|next) week", _rel_weekday_of_week,
          "<Weekday> this/last/next week (that day of the Monday-Sunday week)",
          "Thursday last week", "on Tuesday of next week",
          needs=(_WEEKDAY_WORD, ("week",))),
    _rule(rf"(?:on )?last {_WEEKDAY}", _rel_last_weekday,
          "last <Weekday> (widened: the latest before the article's date, or last week's)",
          "last Monday", needs=(_WEEKDAY_WORD, ("last ",))),
    _rule(rf"(?:on )?this past {_WEEKDAY}", _rel_past_weekday,
          "this past <Weekday> (the latest before the article's date)", "this past Sunday",
          needs=(_WEEKDAY_WORD, ("this past ",))),
    _rule(rf"(?:on )?next {_WEEKDAY}", _rel_next_weekday,
          "next <Weekday> (widened: the first after the article's date, or next week's)",
          "next Tuesday", needs=(_WEEKDAY_WORD, ("next ",))),
    _rule(rf"{_ON}{_WEEKDAY},? (?:the )?{_DOM} (?:of )?{_MONTH}", _rel_weekday_day,
          "<Weekday>, D <Month> (the year near the article's date in which the weekday fits)",
          "on Saturday, 14 September", needs=(_DIGIT, _MONTH_WORD, _WEEKDAY_WORD)),
    _rule(rf"{_ON}{_WEEKDAY},? {_MONTH} {_DOM}", _rel_weekday_day,
          "<Weekday>, <Month> D (the year near the article's date in which the weekday fits)",
          "Saturday, September 14", needs=(_DIGIT, _MONTH_WORD, _WEEKDAY_WORD)),
    _rule(rf"(?:{_ABOUT} {_NUM}|{_VAGUE}) {_UNIT} ago", _rel_vague_ago,
          "about N / a few / several / a couple of units ago (widened to every count meant)",
          "about two months ago", "several months ago", "a few weeks ago",
          "a couple of days ago", needs=(("ago",),)),
]  # fmt: skip

_DIR = r"(?P<dir>before|after|later|earlier|prior)"
_DIR_WORD = ("before", "after", "later", "earlier", "prior")

_ANCHORED: list[_Rule[RelativeHandler]] = [
    _rule(rf"(?:(?:{_ABOUT} )?{_NUM}|{_VAGUE}) {_UNIT} {_DIR}", _anc_offset,
          "N units before/after/later/earlier (the anchor moved; 'about', 'a few' widen it)",
          "ten weeks before", "two years after", "10 days later", "about a month later",
          "a few days before", needs=(_DIR_WORD,)),
    _rule(rf"(?:just )?(?:over|more than|at least) {_NUM} {_UNIT} {_DIR}", _anc_over,
          "over/more than N units before/after (open-ended)", "more than a year after",
          needs=(_DIR_WORD,)),
    _rule(rf"(?:within|less than|under|nearly|almost) {_NUM} {_UNIT} {_DIR}", _anc_within,
          "less than/within N units before/after (from the anchor up to N units)",
          "less than a month after", needs=(_DIR_WORD,)),
    _rule(rf"(?:on |in )?the (?P<which>following|next|previous|preceding) {_UNIT}",
          _anc_adjacent, "the following/next/previous day, week, month or year",
          "the following day", "the next month", "the previous year",
          needs=(("following", "next", "previous", "preceding"),)),
    _rule(rf"(?:on |in )?the {_UNIT} (?P<which2>before|after)", _anc_adjacent,
          "the day/week/month/year before or after", "the day after", "the week before",
          needs=(("before", "after"),)),
    _rule(rf"(?:on |in |later |earlier )?(?:the same|that same|that) {_UNIT}", _anc_same,
          "the same day/week/month/year, later that day", "the same day", "later that day",
          needs=(("same", "that"),)),
    _rule(r"(?:shortly|soon|just|right|immediately) (?P<dir>before|after|afterwards|later|earlier)",
          _anc_shortly, "shortly/soon before or after (within 30 days)", "shortly after",
          needs=(("before", "after", "later", "earlier"),)),
    _rule(r"(?:some ?time |long )?(?P<dir>before|after|afterwards|later|earlier)", _anc_open,
          "before, after, later (open-ended: any time before or after the anchor)", "after",
          "sometime before", needs=(("before", "after", "later", "earlier"),)),
]  # fmt: skip

_EXAMPLES_BRIEF = (
    "YYYY, YYYY-MM, YYYY-MM-DD, 'August 2023', 'January 9, 2024', 'summer of 2023', 'late 2023', "
    "'last month', 'earlier this month', 'eight months ago', 'over a year ago', 'last July', "
    "'this past March', 'the end of last year'"
)


class _Relative(NamedTuple):
    handler: RelativeHandler
    match: re.Match[str]
    rule: _Rule[RelativeHandler]
    event: bool
    """True for a phrase relative to an event ("ten weeks before"), not to the article's date."""


class _Composed(NamedTuple):
    """An event offset from a date written with it: "10 days after April 26, 2024"."""

    interval: Interval
    rule: _Rule[RelativeHandler]
    anchor: Interval


_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212"})
_SPACES = re.compile(r"\s+")
_OFFSET_SPLIT = re.compile(r" (?:before|after|later than|earlier than|prior to) ")


def _normalize(text: str) -> str:
    text = _SPACES.sub(" ", text.translate(_DASHES).lower()).strip().rstrip(",;:")
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1].rstrip()
    return text


def _first_match(
    rules: list[_Rule[_H]], norm: str
) -> tuple[_Rule[_H], re.Match[str]] | None:
    for rule in rules:
        m = rule.pattern.fullmatch(norm) if rule.admits(norm) else None
        if m is not None:
            return rule, m
    return None


@lru_cache(maxsize=8192)
def _lookup(text: str) -> Interval | _Relative:
    """Match ``text`` against the grammar: an absolute date resolves at once (and is cached)."""
    found = _match(text)
    if isinstance(found, tuple) and not isinstance(found, (_Relative, _Composed)):
        return _absolute(found[0], found[1], text)
    if isinstance(found, _Composed):
        return found.interval
    return found


_Match = tuple[_Rule[AbsoluteHandler], re.Match[str]] | _Relative | _Composed


def _absolute(rule: _Rule[AbsoluteHandler], m: re.Match[str], text: str) -> Interval:
    """An absolute form's interval; one that reaches past the years 1-9999 ("winter of 9999"
    ends in February 10000, "winter of 0000" has no year 0) is a :class:`DateParseError`."""
    try:
        return rule.handler(m)
    except DateParseError:
        raise
    except (ValueError, OverflowError):
        raise DateParseError(f"{text.strip()!r} falls outside years 1-9999") from None


def _match(text: str) -> _Match:
    norm = _normalize(text)
    if not norm:
        raise DateParseError(f"empty date; supported forms include {_EXAMPLES_BRIEF}")
    absolute = _first_match(_ABSOLUTE, norm)
    if absolute is not None:
        return absolute
    for rules, event in ((_RELATIVE, False), (_ANCHORED, True)):
        relative = _first_match(rules, norm)
        if relative is not None:
            return _Relative(relative[0].handler, relative[1], relative[0], event)
    # "10 days after April 26, 2024": an event offset whose anchor is a date written with it.
    for split in _OFFSET_SPLIT.finditer(norm):
        offset, anchor_text = norm[: split.end()].strip(), norm[split.end() :]
        offset = offset.replace(" later than", " later").replace(" earlier than", " earlier")
        offset = offset.replace(" prior to", " before")
        relative = _first_match(_ANCHORED, offset)
        if relative is None:
            continue
        try:
            anchor = _lookup(anchor_text)
        except DateParseError:
            continue
        if isinstance(anchor, Interval):
            rule, m = relative
            return _Composed(_resolve_with(rule.handler, m, anchor, text), rule, anchor)
    raise DateParseError(
        f"date {text.strip()!r} not understood; supported forms include {_EXAMPLES_BRIEF}"
    )


def is_relative(text: str) -> bool:
    """True when the phrase needs an anchor (the article's date, or an event) to resolve.

    Text that the grammar does not understand is not relative (:func:`resolve_when` rejects it).
    """
    try:
        return isinstance(_lookup(text), _Relative)
    except DateParseError:
        return False


def is_event_relative(text: str) -> bool:
    """True for a phrase relative to an event rather than to the article's date ("ten weeks
    before", "the following day"): a claim needs an ``anchor`` for it."""
    try:
        found = _lookup(text)
    except DateParseError:
        return False
    return isinstance(found, _Relative) and found.event


def resolve_when(text: str, anchor: Interval | None) -> Interval:
    """Resolve a partial date or date phrase to an interval of days.

    Absolute forms ignore ``anchor``. Relative forms are resolved against it (the citing article's
    date, the date a source's words were said, or an event's date); a range anchor gives the hull
    of the phrase resolved at its two ends. Raises :class:`DateParseError` for anything not in the
    grammar or outside years 1-9999, and :class:`MissingAnchorError` for a relative phrase without
    an anchor.
    """
    return _resolve(text, anchor)


def _resolve_with(handler: RelativeHandler, m: re.Match[str], anchor: Interval, text: str) -> Interval:
    try:
        if anchor.start == anchor.end:
            assert anchor.start is not None
            return handler(m, anchor.start)
        early = None if anchor.start is None else handler(m, anchor.start)
        late = None if anchor.end is None else handler(m, anchor.end)
        if early is not None and late is not None:
            return early.hull(late)
        return Interval.span(
            None if early is None else early.start, None if late is None else late.end
        )
    except DateParseError:
        raise
    except (ValueError, OverflowError):
        raise DateParseError(
            f"{text.strip()!r} resolved against {anchor} falls outside years 1-9999"
        ) from None


@lru_cache(maxsize=65536)  # a large ledger repeats the same phrases against the same article dates
def _resolve(text: str, anchor: Interval | None) -> Interval:
    found = _lookup(text)
    if isinstance(found, Interval):
        return found
    if anchor is None or (anchor.start is None and anchor.end is None):
        if found.event:
            raise MissingAnchorError(
                f"{text.strip()!r} is relative to an event: give the claim an 'anchor' "
                "(a claim id or a date)"
            )
        raise MissingAnchorError(f"{text.strip()!r} is relative and the article has no date")
    return _resolve_with(found.handler, found.match, anchor, text)


class Explanation(NamedTuple):
    """What a phrase resolves to, and why (``claimtrack dates``)."""

    text: str
    kind: str
    """``absolute``, ``relative`` (to the article's date), ``event`` (to an anchor) or
    ``composed`` (an offset from a date written with it)."""
    form: str
    """The grammar rule that matched, as documented."""
    anchor: Interval | None
    """What the phrase was resolved against (None for an absolute date)."""
    interval: Interval


def explain(text: str, anchor: Interval | None) -> Explanation:
    """Resolve ``text`` against ``anchor`` and say which rule did it; errors as
    :func:`resolve_when`."""
    found = _match(text)
    if isinstance(found, _Composed):
        return Explanation(text, "composed", found.rule.form, found.anchor, found.interval)
    if isinstance(found, _Relative):
        kind = "event" if found.event else "relative"
        return Explanation(text, kind, found.rule.form, anchor, resolve_when(text, anchor))
    return Explanation(text, "absolute", found[0].form, None, _absolute(found[0], found[1], text))


def describe_grammar() -> list[tuple[str, str]]:
    """(form, example) for every rule of the grammar, absolute forms first.

    Every example resolves (relative ones against any ordinary article date).
    """
    absolute = [(rule.form, rule.examples[0]) for rule in _ABSOLUTE]
    return absolute + [(rule.form, rule.examples[0]) for rule in [*_RELATIVE, *_ANCHORED]]
