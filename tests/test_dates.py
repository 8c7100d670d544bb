"""Tests for claimtrack.dates: intervals, partial dates, date phrases and birth windows."""

from __future__ import annotations

import datetime
import itertools
import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from claimtrack.dates import (
    _ABSOLUTE,
    _ANCHORED,
    _RELATIVE,
    DateParseError,
    Interval,
    MissingAnchorError,
    _normalize,
    birth_window,
    day,
    describe_grammar,
    intersect_all,
    is_relative,
    parse_interval,
    parse_partial_date,
    resolve_when,
)

D = datetime.date


def iv(text: str) -> Interval:
    """Shorthand for an expected interval in the form str(Interval) prints."""
    return parse_interval(text)


def age_on(born: datetime.date, on: datetime.date) -> int:
    """Completed years, the everyday way (a 29 February birthday falls on 1 March in common
    years)."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


# The seed articles' dates.
A000 = day(D(2024, 6, 8))
A002 = day(D(2024, 1, 27))
A004 = day(D(2024, 3, 8))


# --------------------------------------------------------------------------------------------------
# Partial dates


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("2012", D(2012, 1, 1), D(2012, 12, 31), "year"),
        ("2023-02", D(2023, 2, 1), D(2023, 2, 28), "month"),
        ("2024-02", D(2024, 2, 1), D(2024, 2, 29), "month"),
        ("1900-02", D(1900, 2, 1), D(1900, 2, 28), "month"),
        ("2000-02", D(2000, 2, 1), D(2000, 2, 29), "month"),
        ("2023-04", D(2023, 4, 1), D(2023, 4, 30), "month"),
        ("2023-08", D(2023, 8, 1), D(2023, 8, 31), "month"),
        ("2023-12", D(2023, 12, 1), D(2023, 12, 31), "month"),
        ("2024-03-08", D(2024, 3, 8), D(2024, 3, 8), "day"),
        ("2024-02-29", D(2024, 2, 29), D(2024, 2, 29), "day"),
        (" 2012 ", D(2012, 1, 1), D(2012, 12, 31), "year"),
    ],
)
def test_parse_partial_date(
    text: str, start: datetime.date, end: datetime.date, precision: str
) -> None:
    assert parse_partial_date(text) == Interval(start, end, precision)


@pytest.mark.parametrize(
    "text",
    ["", "23", "20123", "2023-13", "2023-00", "2023-8", "2023-02-29", "2023-04-31", "2023-01-1",
     "0000", "2023/08", "August 2023", "2023-08-01T00:00"],
)  # fmt: skip
def test_parse_partial_date_rejects(text: str) -> None:
    with pytest.raises(DateParseError) as info:
        parse_partial_date(text)
    assert "YYYY-MM" in str(info.value) or "not a valid date" in str(info.value)


def test_date_parse_error_is_value_error() -> None:
    assert issubclass(DateParseError, ValueError)
    assert issubclass(MissingAnchorError, DateParseError)


# --------------------------------------------------------------------------------------------------
# Interval


def test_str_forms() -> None:
    assert str(parse_partial_date("2012")) == "2012"
    assert str(parse_partial_date("2023-08")) == "2023-08"
    assert str(parse_partial_date("2024-03-08")) == "2024-03-08"
    assert str(Interval(D(2023, 6, 1), D(2023, 8, 31), "season")) == "2023-06-01..2023-08-31"
    assert str(Interval(D(2023, 6, 1), D(2023, 8, 31), "range")) == "2023-06-01..2023-08-31"
    assert str(Interval(None, D(2023, 1, 27), "open")) == "..2023-01-27"
    assert str(Interval(D(2023, 6, 1), None, "open")) == "2023-06-01.."
    assert str(Interval(None, None, "open")) == ".."
    assert str(Interval(D(2023, 8, 1), D(2023, 8, 31), "range")) == "2023-08-01..2023-08-31"


def test_to_json_and_back() -> None:
    month = parse_partial_date("2023-08")
    assert month.to_json() == {"start": "2023-08-01", "end": "2023-08-31", "precision": "month"}
    assert Interval.from_json(month.to_json()) == month
    open_ = Interval(None, D(2023, 1, 27), "open")
    assert open_.to_json() == {"start": None, "end": "2023-01-27", "precision": "open"}
    assert Interval.from_json(open_.to_json()) == open_
    assert Interval.from_json({"start": "2023-08-01", "end": "2023-08-31"}) == month


@pytest.mark.parametrize(
    ("start", "end", "precision"),
    [
        (D(2023, 2, 1), D(2023, 1, 1), "range"),  # backwards
        (D(2023, 1, 1), D(2023, 1, 2), "week"),  # unknown precision
        (D(2023, 1, 1), D(2023, 1, 2), "day"),
        (D(2023, 1, 1), D(2023, 1, 30), "month"),
        (D(2023, 1, 1), D(2023, 12, 30), "year"),
        (D(2023, 6, 1), D(2023, 8, 30), "season"),
        (None, D(2023, 1, 1), "range"),  # open needs "open"
        (D(2023, 1, 1), D(2023, 1, 1), "open"),  # bounded is not "open"
    ],
)
def test_interval_validates(
    start: datetime.date | None, end: datetime.date | None, precision: str
) -> None:
    with pytest.raises(ValueError):
        Interval(start, end, precision)


def test_span_infers_precision() -> None:
    assert Interval.span(D(2024, 2, 1), D(2024, 2, 29)).precision == "month"
    assert Interval.span(D(2024, 1, 1), D(2024, 12, 31)).precision == "year"
    assert Interval.span(D(2023, 12, 1), D(2024, 2, 29)).precision == "season"
    assert Interval.span(D(2023, 12, 1), D(2024, 2, 28)).precision == "range"
    assert Interval.span(D(2024, 2, 1), D(2024, 2, 1)).precision == "day"
    assert Interval.span(None, D(2024, 2, 1)).precision == "open"


def test_open_intervals_overlap_and_intersect() -> None:
    before = Interval(None, D(2023, 1, 27), "open")  # "over a year ago" at 2024-01-27
    after = Interval(D(2023, 1, 1), None, "open")
    assert before.overlaps(after) and after.overlaps(before)
    assert before.intersection(after) == Interval(D(2023, 1, 1), D(2023, 1, 27), "range")
    assert before.overlaps(parse_partial_date("2011"))
    assert before.intersection(parse_partial_date("2011")) == parse_partial_date("2011")
    assert not before.overlaps(parse_partial_date("2023-08"))
    assert before.intersection(parse_partial_date("2023-08")) is None
    # touching on one day is overlapping (closed intervals)
    assert before.intersection(day(D(2023, 1, 27))) == day(D(2023, 1, 27))
    assert not before.overlaps(day(D(2023, 1, 28)))
    everything = Interval(None, None, "open")
    assert everything.intersection(before) == before
    assert before.intersection(Interval(None, D(2022, 5, 5), "open")) == Interval(
        None, D(2022, 5, 5), "open"
    )


def test_contains() -> None:
    aug = parse_partial_date("2023-08")
    assert aug.contains(D(2023, 8, 1)) and aug.contains(D(2023, 8, 31))
    assert not aug.contains(D(2023, 7, 31)) and not aug.contains(D(2023, 9, 1))
    assert Interval(None, D(2023, 1, 27), "open").contains(D(1, 1, 1))
    assert Interval(D(2023, 1, 27), None, "open").contains(D(9999, 12, 31))


def test_hull() -> None:
    assert parse_partial_date("2023-06").hull(parse_partial_date("2023-08")) == iv(
        "2023-06..2023-08"
    )
    assert day(D(2023, 1, 1)).hull(Interval(None, D(2022, 1, 1), "open")) == Interval(
        None, D(2023, 1, 1), "open"
    )


def test_ordering_handles_open_ends() -> None:
    a = Interval(None, D(2023, 1, 1), "open")
    b = parse_partial_date("2022")
    c = parse_partial_date("2022-06")
    d = Interval(D(2022, 1, 1), None, "open")
    assert sorted([d, c, b, a]) == [a, b, d, c]
    assert a < b < d < c
    assert b <= b and b >= b and not b < b


def test_day_accepts_datetime() -> None:
    assert day(datetime.datetime(2024, 3, 8, 12, 30)) == day(D(2024, 3, 8))


def test_intersect_all() -> None:
    assert intersect_all([]) == Interval(None, None, "open")
    assert intersect_all([parse_partial_date("2023")]) == parse_partial_date("2023")
    assert intersect_all(
        [parse_partial_date("2023"), parse_partial_date("2023-08"), iv("2023-08-10..")]
    ) == iv("2023-08-10..2023-08-31")
    assert intersect_all([parse_partial_date("2023"), parse_partial_date("2024")]) is None
    # a generator is fine, and it stops being consumed once the result is empty
    assert intersect_all(parse_partial_date(y) for y in ("2020", "2021", "oops")) is None


# --------------------------------------------------------------------------------------------------
# Absolute phrases

ABSOLUTE_CASES = [
    ("2012", "2012"),
    ("in 2011", "2011"),
    ("2023-08", "2023-08"),
    ("2024-03-08", "2024-03-08"),
    ("on 2024-03-08", "2024-03-08"),
    ("in August 2023", "2023-08"),
    ("August 2023", "2023-08"),
    ("June 2023", "2023-06"),
    ("Aug 2023", "2023-08"),
    ("Sept 2023", "2023-09"),
    ("Sept. 2023", "2023-09"),
    ("sep 2023", "2023-09"),
    ("May 2023", "2023-05"),
    ("December, 2023", "2023-12"),
    ("since August 2023", "2023-08"),
    ("January 9, 2024", "2024-01-09"),
    ("January 9 2024", "2024-01-09"),
    ("on January 9th, 2024", "2024-01-09"),
    ("9 January 2024", "2024-01-09"),
    ("the 9th of January, 2024", "2024-01-09"),
    ("February 29, 2024", "2024-02-29"),
    ("summer of 2023", "2023-06-01..2023-08-31"),
    ("summer 2023", "2023-06-01..2023-08-31"),
    ("in the summer of 2023", "2023-06-01..2023-08-31"),
    ("spring 2024", "2024-03-01..2024-05-31"),
    ("autumn 2023", "2023-09-01..2023-11-30"),
    ("fall 2023", "2023-09-01..2023-11-30"),
    ("winter 2023", "2023-12-01..2024-02-29"),
    ("winter 2023-24", "2023-12-01..2024-02-29"),
    ("winter 2022/2023", "2022-12-01..2023-02-28"),
    ("late 2023", "2023-09-01..2023-12-31"),
    ("early 2024", "2024-01-01..2024-04-30"),
    ("mid-2023", "2023-05-01..2023-08-31"),
    ("mid 2023", "2023-05-01..2023-08-31"),
    ("mid\u20132023", "2023-05-01..2023-08-31"),  # en dash
    ("the end of 2023", "2023-09-01..2023-12-31"),
    ("toward the end of 2023", "2023-09-01..2023-12-31"),
    ("at the end of 2023", "2023-09-01..2023-12-31"),
    ("the beginning of 2024", "2024-01-01..2024-04-30"),
    ("the middle of 2023", "2023-05-01..2023-08-31"),
    ("early August 2023", "2023-08-01..2023-08-10"),
    ("mid-August 2023", "2023-08-11..2023-08-20"),
    ("late February 2024", "2024-02-21..2024-02-29"),
    ("the end of February 2023", "2023-02-21..2023-02-28"),
    ("2023-06-01..2023-08-31", "2023-06-01..2023-08-31"),
    ("2023-06..2023-08", "2023-06-01..2023-08-31"),
    ("..2023-01-27", "..2023-01-27"),
    ("2023-06..", "2023-06-01.."),
    # case, spacing and punctuation are forgiven
    ("  In   AUGUST   2023 ", "2023-08"),
    ("Summer Of 2023.", "2023-06-01..2023-08-31"),
]


@pytest.mark.parametrize(("text", "expected"), ABSOLUTE_CASES)
def test_absolute_phrases(text: str, expected: str) -> None:
    assert not is_relative(text)
    assert resolve_when(text, None) == iv(expected)
    assert resolve_when(text, A004) == iv(expected)  # the anchor is ignored


def test_absolute_precisions() -> None:
    assert resolve_when("in August 2023", None).precision == "month"
    assert resolve_when("2012", None).precision == "year"
    assert resolve_when("January 9, 2024", None).precision == "day"
    assert resolve_when("summer of 2023", None).precision == "season"
    assert resolve_when("late 2023", None).precision == "range"
    assert resolve_when("..2023-01-27", None).precision == "open"


# --------------------------------------------------------------------------------------------------
# Relative phrases

# (phrase, anchor day, expected interval as printed)
RELATIVE_CASES = [
    ("today", "2024-03-08", "2024-03-08"),
    ("earlier today", "2024-03-08", "2024-03-08"),
    ("yesterday", "2024-03-01", "2024-02-29"),
    ("this week", "2024-03-08", "2024-03-04..2024-03-10"),  # a Friday; weeks run Monday-Sunday
    ("last week", "2024-03-08", "2024-02-26..2024-03-03"),
    ("next week", "2024-03-08", "2024-03-11..2024-03-17"),
    ("this weekend", "2024-03-08", "2024-03-09..2024-03-10"),
    ("last weekend", "2024-03-08", "2024-03-02..2024-03-03"),
    ("this past weekend", "2024-03-08", "2024-03-02..2024-03-03"),
    ("last weekend", "2024-01-27", "2024-01-20..2024-01-21"),  # a Saturday
    ("this past weekend", "2024-01-27", "2024-01-27..2024-01-28"),
    ("last weekend", "2024-01-28", "2024-01-20..2024-01-21"),  # a Sunday
    ("this past weekend", "2024-01-28", "2024-01-27..2024-01-28"),
    ("last weekend", "2024-01-29", "2024-01-27..2024-01-28"),  # a Monday
    ("this month", "2023-11-15", "2023-11"),
    ("earlier this month", "2023-11-15", "2023-11-01..2023-11-15"),
    ("earlier this month", "2024-01-27", "2024-01-01..2024-01-27"),
    ("last month", "2023-11-15", "2023-10"),
    ("last month", "2024-03-31", "2024-02"),
    ("last month", "2024-01-27", "2023-12"),
    ("last month", "2024-06-08", "2024-05"),
    ("next month", "2023-12-05", "2024-01"),
    ("since last month", "2023-11-15", "2023-10"),
    ("this year", "2024-03-08", "2024"),
    ("last year", "2024-01-27", "2023"),
    ("next year", "2024-01-27", "2025"),
    ("earlier this year", "2024-03-08", "2024-01-01..2024-03-08"),
    ("eight months ago", "2024-03-08", "2023-07"),
    ("five months ago", "2024-03-08", "2023-10"),
    ("8 months ago", "2024-03-08", "2023-07"),
    ("a month ago", "2024-03-31", "2024-02"),
    ("twelve months ago", "2024-03-08", "2023-03"),
    ("a year ago", "2024-03-08", "2023"),
    ("an year ago", "2024-03-08", "2023"),
    ("two years ago", "2024-03-08", "2022"),
    ("twenty years ago", "2024-03-08", "2004"),
    ("3 weeks ago", "2024-03-08", "2024-02-13..2024-02-19"),
    ("a week ago", "2024-03-08", "2024-02-27..2024-03-04"),
    ("ten days ago", "2024-03-08", "2024-02-27"),
    ("one day ago", "2024-03-08", "2024-03-07"),
    ("over a year ago", "2024-01-27", "..2023-01-27"),
    ("over a year ago", "2024-02-29", "..2023-02-28"),
    ("more than six months ago", "2024-03-08", "..2023-09-08"),
    ("at least two weeks ago", "2024-03-08", "..2024-02-23"),
    ("just over a year ago", "2024-03-08", "..2023-03-08"),
    ("less than a year ago", "2024-03-08", "2023-03-08..2024-03-08"),
    ("under two weeks ago", "2024-03-08", "2024-02-23..2024-03-08"),
    ("nearly three months ago", "2024-03-08", "2023-12-08..2024-03-08"),
    ("over the past year", "2024-03-08", "2023-03-08..2024-03-08"),
    ("the past two months", "2024-03-08", "2024-01-08..2024-03-08"),
    ("in the last 10 days", "2024-03-08", "2024-02-27..2024-03-08"),
    ("last July", "2024-03-08", "2023-07"),
    ("last July", "2024-07-15", "2023-07"),
    ("last July", "2024-08-01", "2024-07"),
    ("since last July", "2024-03-08", "2023-07"),
    ("this past March", "2024-06-08", "2024-03"),
    ("this past March", "2024-03-08", "2024-03"),
    ("this past May", "2023-09-02", "2023-05"),
    ("this past May", "2023-04-02", "2022-05"),
    ("this May", "2024-03-08", "2024-05"),
    ("in February", "2024-03-08", "2024-02"),
    ("February", "2024-03-08", "2024-02"),
    ("in Sept.", "2024-03-08", "2024-09"),
    ("in late July", "2024-03-08", "2024-07-21..2024-07-31"),
    ("early Feb", "2024-03-08", "2024-02-01..2024-02-10"),
    ("at the end of February", "2024-03-08", "2024-02-21..2024-02-29"),
    ("January 9", "2024-01-27", "2024-01-09"),
    ("on January 9th", "2024-01-27", "2024-01-09"),
    ("9 January", "2024-01-27", "2024-01-09"),
    ("the 9th of January", "2024-01-27", "2024-01-09"),
    ("last summer", "2024-03-08", "2023-06-01..2023-08-31"),
    ("last summer", "2024-07-15", "2023-06-01..2023-08-31"),
    ("last summer", "2024-09-10", "2024-06-01..2024-08-31"),
    ("this past summer", "2024-07-01", "2024-06-01..2024-08-31"),
    ("this past summer", "2024-05-31", "2023-06-01..2023-08-31"),
    ("this summer", "2024-03-08", "2024-06-01..2024-08-31"),
    ("this winter", "2024-01-15", "2023-12-01..2024-02-29"),
    ("this winter", "2024-11-15", "2024-12-01..2025-02-28"),
    ("last winter", "2024-01-15", "2022-12-01..2023-02-28"),
    ("last winter", "2024-03-10", "2023-12-01..2024-02-29"),
    ("this past winter", "2024-03-10", "2023-12-01..2024-02-29"),
    ("this past winter", "2024-01-15", "2023-12-01..2024-02-29"),
    ("last fall", "2024-03-08", "2023-09-01..2023-11-30"),
    ("this past autumn", "2023-10-01", "2023-09-01..2023-11-30"),
    ("last spring", "2023-05-15", "2022-03-01..2022-05-31"),
    ("the end of last year", "2024-01-27", "2023-09-01..2023-12-31"),
    ("toward the end of last year", "2024-01-27", "2023-09-01..2023-12-31"),
    ("towards the end of last year", "2024-01-27", "2023-09-01..2023-12-31"),
    ("late last year", "2024-01-27", "2023-09-01..2023-12-31"),
    ("early last year", "2024-01-27", "2023-01-01..2023-04-30"),
    ("early this year", "2024-03-08", "2024-01-01..2024-04-30"),
    ("mid-last year", "2024-03-08", "2023-05-01..2023-08-31"),
    # case, spacing and punctuation are forgiven
    ("Last   Month", "2023-11-15", "2023-10"),
    ("EIGHT MONTHS AGO", "2024-03-08", "2023-07"),
    ("last month.", "2023-11-15", "2023-10"),
]


@pytest.mark.parametrize(("text", "anchor", "expected"), RELATIVE_CASES)
def test_relative_phrases(text: str, anchor: str, expected: str) -> None:
    assert is_relative(text)
    assert resolve_when(text, parse_partial_date(anchor)) == iv(expected)


def test_relative_precisions() -> None:
    assert resolve_when("last month", A004) == Interval(D(2024, 2, 1), D(2024, 2, 29), "month")
    assert resolve_when("five months ago", A004).precision == "month"
    assert resolve_when("a year ago", A004).precision == "year"
    assert resolve_when("ten days ago", A004).precision == "day"
    assert resolve_when("3 weeks ago", A004).precision == "range"
    assert resolve_when("over a year ago", A002) == Interval(None, D(2023, 1, 27), "open")
    assert resolve_when("last summer", A004).precision == "season"
    assert resolve_when("earlier this month", day(D(2024, 3, 1))) == Interval(
        D(2024, 3, 1), D(2024, 3, 1), "range"
    )


def test_seed_phrases() -> None:
    """The date phrases of the five seed articles, against their articles' dates."""
    assert resolve_when("this past March", A000) == iv("2024-03")
    assert resolve_when("last month", A000) == iv("2024-05")
    assert resolve_when("eight months ago", A004) == iv("2023-07")
    assert resolve_when("last July", A004) == iv("2023-07")
    assert resolve_when("last month", A004) == iv("2024-02")
    assert resolve_when("in February", A004) == iv("2024-02")
    assert resolve_when("last year", A002) == iv("2023")
    # "divorced ... last month" (004) and "finalized their divorce this past March" (000) disagree
    assert not resolve_when("last month", A004).overlaps(resolve_when("this past March", A000))
    # "separated eight months ago" (004) vs "separated ... in August 2023" (001/003)
    assert not resolve_when("eight months ago", A004).overlaps(resolve_when("August 2023", None))


def test_relative_without_anchor_raises() -> None:
    for text in ("last month", "eight months ago", "over a year ago", "in February", "today"):
        with pytest.raises(MissingAnchorError, match="is relative and the article has no date"):
            resolve_when(text, None)
        with pytest.raises(DateParseError):
            resolve_when(text, Interval(None, None, "open"))


@pytest.mark.parametrize(
    "text",
    [
        "around the holidays", "soonish", "", "   ", "about a year", "around two months",
        "a few months", "twenty-one months ago", "two months after the split", "summers",
        "the summer time", "next Tuesdays", "Saturday, 15 September 2024", "about ago",
        "several after",
        "2023-02-30", "February 30, 2024", "August 20233", "summer 2023-24", "winter 2023-25",
        "since over a year ago", "in today", "by the end of 2023", "2023-08-01..2023-07-01",
        "..", "Smarch 2023", "last month ago",
    ],
)  # fmt: skip
def test_unsupported_phrases_raise(text: str) -> None:
    with pytest.raises(DateParseError):
        resolve_when(text, A004)
    assert not is_relative(text)


def test_error_message_lists_forms() -> None:
    with pytest.raises(DateParseError) as info:
        resolve_when("soonish", A004)
    message = str(info.value)
    assert "'soonish'" in message and "not understood" in message
    assert "YYYY-MM-DD" in message and "last month" in message


def test_out_of_range_is_a_parse_error() -> None:
    with pytest.raises(DateParseError, match="outside"):
        resolve_when("last year", day(D(1, 6, 1)))
    with pytest.raises(DateParseError, match="outside"):
        resolve_when("next month", day(D(9999, 12, 5)))


# --------------------------------------------------------------------------------------------------
# Range and open anchors


def test_month_anchor() -> None:
    march = parse_partial_date("2024-03")  # an undated article known to be from March 2024
    assert resolve_when("last month", march) == Interval(D(2024, 2, 1), D(2024, 2, 29), "month")
    assert resolve_when("eight months ago", march) == iv("2023-07")
    assert resolve_when("yesterday", march) == iv("2024-02-29..2024-03-30")
    assert resolve_when("earlier this month", march) == iv("2024-03-01..2024-03-31")
    assert resolve_when("over a year ago", march) == iv("..2023-03-31")


def test_range_anchor_gives_hull() -> None:
    anchor = iv("2024-01-15..2024-04-10")
    assert resolve_when("last month", anchor) == iv("2023-12-01..2024-03-31")
    assert resolve_when("last month", anchor).precision == "range"
    assert resolve_when("eight months ago", anchor) == iv("2023-05-01..2023-08-31")
    assert resolve_when("this past March", anchor) == iv("2023-03-01..2024-03-31")
    assert resolve_when("less than a year ago", anchor) == iv("2023-01-15..2024-04-10")
    # the precision is inferred from the hull: December to February is a season
    assert resolve_when("last month", iv("2024-01-15..2024-03-10")).precision == "season"


def test_open_anchor() -> None:
    assert resolve_when("last month", iv("..2024-03-08")) == iv("..2024-02-29")
    assert resolve_when("last month", iv("2024-01-10..")) == iv("2023-12-01..")
    assert resolve_when("over a year ago", iv("2024-01-10..")) == Interval(None, None, "open")


# --------------------------------------------------------------------------------------------------
# The grammar table


def test_describe_grammar_covers_every_rule() -> None:
    grammar = describe_grammar()
    assert len(grammar) == len(_ABSOLUTE) + len(_RELATIVE) + len(_ANCHORED)
    for form, example in grammar:
        assert form and example
        resolve_when(example, A004)  # every example in describe_grammar() parses


# (pattern, examples, needs an anchor) for every rule, absolute rules first
RULES: list[tuple[re.Pattern[str], tuple[str, ...], bool]] = [
    (rule.pattern, rule.examples, False) for rule in _ABSOLUTE
] + [(rule.pattern, rule.examples, True) for rule in [*_RELATIVE, *_ANCHORED]]


@pytest.mark.parametrize(
    ("rule_index", "example"),
    [(i, e) for i, (_, examples, _) in enumerate(RULES) for e in examples],
)
def test_every_example_parses_under_exactly_its_rule(rule_index: int, example: str) -> None:
    """Each example is matched by its own rule and no other (the grammar is unambiguous), is
    relative exactly when its rule is, and resolves against a variety of anchors."""
    norm = _normalize(example)
    matching = [i for i, (pattern, _, _) in enumerate(RULES) if pattern.fullmatch(norm)]
    assert matching == [rule_index]
    assert is_relative(example) == RULES[rule_index][2]
    for anchor in (A000, A002, A004, day(D(2000, 2, 29)), iv("2023-12")):
        resolve_when(example, anchor)


UNSUPPORTED_PHRASES = [
    "around the holidays", "summertime", "next Tuesdays", "lastly Monday", "in today", "Smarch 2023",
    "by the end of 2023", "last month ago", "since over a year ago", "August 20233", "..",
]  # fmt: skip
WORDS = [
    "in", "on", "since", "during", "the", "of", "this", "last", "next", "past", "early", "mid",
    "late", "end", "start", "toward", "at", "earlier", "today", "yesterday", "week", "weekend",
    "month", "months", "year", "years", "day", "ago", "over", "under", "less", "than", "a", "two",
    "12", "9th", "2023", "2023-08", "2024-03-08", "..", "-", ",", "august", "sept.", "may",
    "summer", "winter", "fall", "2023-24", "monday", "sat", "about", "few", "several", "before",
    "after", "following", "same", "that", "later",
]  # fmt: skip
word_phrases = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join)
KNOWN_PHRASES = sorted(
    {e for rule in [*_ABSOLUTE, *_RELATIVE, *_ANCHORED] for e in rule.examples}
    | {text for text, _ in ABSOLUTE_CASES}
    | {text for text, _, _ in RELATIVE_CASES}
    | set(UNSUPPORTED_PHRASES)
)


def _admitted_whenever_matched(text: str) -> None:
    norm = _normalize(text)
    for rule in [*_ABSOLUTE, *_RELATIVE, *_ANCHORED]:
        if rule.pattern.fullmatch(norm):
            assert rule.admits(norm), (rule.form, text)


@pytest.mark.parametrize("text", KNOWN_PHRASES)
def test_rule_needs_hold_for_every_known_phrase(text: str) -> None:
    """A rule's regex is compiled only when the text has what the rule needs (``needs``): that
    must never skip a rule that would match."""
    _admitted_whenever_matched(text)


@given(word_phrases)
def test_rule_needs_hold_for_generated_phrases(text: str) -> None:
    _admitted_whenever_matched(text)


def test_rule_needs_skip_what_cannot_match() -> None:
    month_named = next(r for r in _RELATIVE if r.handler.__name__ == "_rel_month_named")
    assert [r.form for r in [*_ABSOLUTE, *_RELATIVE, *_ANCHORED] if r.admits("in february")] == [
        month_named.form
    ]
    assert not any(rule.admits("last month") for rule in _ABSOLUTE)


# --------------------------------------------------------------------------------------------------
# Birth windows


def test_birth_window_seed_ages() -> None:
    six = birth_window(6, A002)  # Amalia, 6, on 2024-01-27
    seven = birth_window(7, A004)  # Amalia, 7, on 2024-03-08
    assert six == iv("2017-01-28..2018-01-27")
    assert seven == iv("2016-03-09..2017-03-08")
    both = six.intersection(seven)
    assert both == iv("2017-01-28..2017-03-08")
    # the boundaries, checked against the everyday definition of age
    assert (
        age_on(D(2017, 1, 28), D(2024, 1, 27)) == 6 and age_on(D(2017, 1, 28), D(2024, 3, 8)) == 7
    )
    assert age_on(D(2017, 1, 27), D(2024, 1, 27)) == 7  # one day earlier is already 7 in January
    assert age_on(D(2017, 3, 8), D(2024, 3, 8)) == 7  # birthday on the article date
    assert age_on(D(2017, 3, 9), D(2024, 3, 8)) == 6  # one day later is still 6 in March
    assert intersect_all([six, seven, birth_window(7, A000)]) == both


def test_birth_window_portman_42() -> None:
    january = birth_window(42, A002)
    june = birth_window(42, A000)
    assert january == iv("1981-01-28..1982-01-27")
    assert june == iv("1981-06-09..1982-06-08")
    assert january.intersection(june) == iv("1981-06-09..1982-01-27")
    assert january.contains(D(1981, 6, 9))  # her actual birthday


def test_birth_window_birthday_on_the_date() -> None:
    window = birth_window(24, day(D(2024, 3, 8)))
    assert window == iv("1999-03-09..2000-03-08")
    assert window.contains(D(2000, 3, 8))  # born exactly 24 years before: 24 on the day
    assert not birth_window(23, day(D(2024, 3, 8))).contains(D(2000, 3, 8))


def test_birth_window_leap_days() -> None:
    # 2024-02-29 minus one year is 2023-02-28 (relativedelta clips to the month's end)
    assert birth_window(1, day(D(2024, 2, 29))) == iv("2022-03-01..2023-02-28")
    # someone born on 29 February 2024 is still 0 on 28 February 2025 and 1 on 1 March 2025
    assert birth_window(0, day(D(2025, 2, 28))) == iv("2024-02-29..2025-02-28")
    assert birth_window(1, day(D(2025, 3, 1))).contains(D(2024, 2, 29))
    assert birth_window(4, day(D(2028, 2, 29))) == iv("2023-03-01..2024-02-29")
    assert birth_window(0, day(D(2024, 2, 29))) == iv("2023-03-01..2024-02-29")


def test_birth_window_range_and_open() -> None:
    spring = iv("2024-03-08..2024-06-08")
    assert birth_window(7, spring) == iv("2016-03-09..2017-06-08")
    assert birth_window(7, iv("..2024-06-08")) == iv("..2017-06-08")
    assert birth_window(7, iv("2024-03-08..")) == iv("2016-03-09..")
    assert birth_window(0, parse_partial_date("2024")) == iv("2023-01-02..2024-12-31")


@pytest.mark.parametrize("age", [-1, True, 1.5])
def test_birth_window_rejects_bad_ages(age: int) -> None:
    with pytest.raises(ValueError):
        birth_window(age, A004)


# --------------------------------------------------------------------------------------------------
# Properties

dates = st.dates(min_value=D(1800, 1, 1), max_value=D(2200, 12, 31))
maybe_dates = st.none() | dates


@st.composite
def intervals(draw: st.DrawFn) -> Interval:
    kind = draw(st.sampled_from(["span", "partial"]))
    if kind == "partial":
        d = draw(dates)
        text = draw(st.sampled_from([d.isoformat()[:4], d.isoformat()[:7], d.isoformat()]))
        return parse_partial_date(text)
    a, b = draw(maybe_dates), draw(maybe_dates)
    if a is not None and b is not None and a > b:
        a, b = b, a
    return Interval.span(a, b)


def within(inner: Interval, outer: Interval) -> bool:
    starts_ok = outer.start is None or (inner.start is not None and inner.start >= outer.start)
    ends_ok = outer.end is None or (inner.end is not None and inner.end <= outer.end)
    return starts_ok and ends_ok


@given(intervals(), intervals())
def test_intersection_is_commutative_and_contained(a: Interval, b: Interval) -> None:
    ab, ba = a.intersection(b), b.intersection(a)
    assert ab == ba
    assert (ab is not None) == a.overlaps(b) == b.overlaps(a)
    if ab is not None:
        assert within(ab, a) and within(ab, b)
        assert ab.start is None or ab.end is None or ab.start <= ab.end


@given(intervals(), intervals(), dates)
def test_intersection_contains_exactly_the_common_days(
    a: Interval, b: Interval, d: datetime.date
) -> None:
    ab = a.intersection(b)
    assert (ab is not None and ab.contains(d)) == (a.contains(d) and b.contains(d))


@given(intervals(), intervals())
def test_hull_contains_both(a: Interval, b: Interval) -> None:
    h = a.hull(b)
    assert within(a, h) and within(b, h) and h == b.hull(a)


@given(intervals())
def test_str_round_trips(a: Interval) -> None:
    back = parse_interval(str(a))
    assert (back.start, back.end) == (a.start, a.end)
    assert Interval.from_json(a.to_json()) == a


@given(st.lists(intervals(), max_size=6))
def test_sorting_never_fails(items: list[Interval]) -> None:
    ordered = sorted(items)
    assert all(x <= y for x, y in itertools.pairwise(ordered))


RELATIVE_PHRASES = [e for rule in _RELATIVE for e in rule.examples] + [
    text for text, _, _ in RELATIVE_CASES
]
numbers = st.sampled_from(["a", "an", "one", "two", "seven", "twelve", "twenty", "0", "1", "13"])
units = st.sampled_from(["day", "days", "week", "weeks", "month", "months", "year", "years"])
qualifiers = st.sampled_from(["", "over ", "more than ", "less than ", "under ", "nearly "])
generated_phrases = st.builds(lambda q, n, u: f"{q}{n} {u} ago", qualifiers, numbers, units)
phrases = st.sampled_from(RELATIVE_PHRASES) | generated_phrases


@given(phrases, dates)
def test_resolved_intervals_are_well_formed(text: str, d: datetime.date) -> None:
    result = resolve_when(text, day(d))
    assert result.start is None or result.end is None or result.start <= result.end
    assert result.precision in {"day", "month", "year", "season", "range", "open"}


@given(phrases, dates, st.integers(0, 400), st.integers(0, 400))
def test_range_anchor_hull_contains_every_resolution(
    text: str, d: datetime.date, width: int, offset: int
) -> None:
    assume(offset <= width)
    anchor = Interval.span(d, d + datetime.timedelta(days=width))
    inside = d + datetime.timedelta(days=offset)
    assert within(resolve_when(text, day(inside)), resolve_when(text, anchor))


@given(dates, dates)
def test_birth_window_matches_everyday_age(born: datetime.date, on: datetime.date) -> None:
    assume(born <= on)
    age = age_on(born, on)
    assert birth_window(age, day(on)).contains(born)
    assert not birth_window(age + 1, day(on)).contains(born)
    if age > 0:
        assert not birth_window(age - 1, day(on)).contains(born)


# --------------------------------------------------------------------------------------------------
# Weekdays, bare seasons, vague quantities, event offsets (issue 17)

TUE = day(D(2024, 7, 30))  # a Tuesday


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("On Monday", TUE, "2024-07-29"),
        ("Tuesday", TUE, "2024-07-30"),  # on the day itself
        ("this past Tuesday", TUE, "2024-07-23"),
        ("Thursday last week", TUE, "2024-07-25"),
        ("on Friday of next week", TUE, "2024-08-09"),
        ("last Monday", TUE, "2024-07-22..2024-07-29"),  # widened to both readings
        ("last Sunday", TUE, "2024-07-28"),  # both readings agree
        ("next Tuesday", TUE, "2024-08-06"),
        ("On Saturday, 14 September", TUE, "2024-09-14"),
        ("On Saturday, 14 September", day(D(2020, 1, 10)), "2019-09-14"),  # the weekday picks
        ("Saturday, September 14, 2024", None, "2024-09-14"),
        ("in the spring", TUE, "2024-03..2024-05"),
        ("the winter", day(D(2024, 1, 15)), "2023-12..2024-02"),
        ("about two months ago", day(D(2024, 6, 28)), "2024-03..2024-05"),
        ("about two months ago", TUE, "2024-04..2024-06"),
        ("about a year ago", TUE, "2022-01-01..2024-12-31"),  # 0-2 years
        ("several months ago", TUE, "2023-12..2024-04"),
        ("a few weeks ago", TUE, "2024-06-29..2024-07-19"),
        ("a couple of days ago", TUE, "2024-07-27..2024-07-29"),
        ("ten weeks before", day(D(2024, 4, 26)), "2024-02-13..2024-02-19"),
        ("two years after", iv("2012"), "2014"),
        ("the following day", day(D(2024, 4, 26)), "2024-04-27"),
        ("the day before", day(D(2024, 3, 1)), "2024-02-29"),
        ("10 days later", day(D(2024, 4, 26)), "2024-05-06"),
        ("a few days before", day(D(2024, 4, 26)), "2024-04-22..2024-04-24"),
        ("after", day(D(2024, 4, 26)), "2024-04-27.."),
        ("the same month", day(D(2024, 4, 26)), "2024-04"),
        ("10 days after April 26, 2024", None, "2024-05-06"),
        ("two weeks before 2024-04-26", None, "2024-04-09..2024-04-15"),
    ],
)  # fmt: skip
def test_news_forms_resolve_to_documented_intervals(
    text: str, anchor: Interval | None, expected: str
) -> None:
    assert resolve_when(text, anchor) == iv(expected)


def test_weekday_that_does_not_fit_is_refused() -> None:
    with pytest.raises(DateParseError):
        resolve_when("Friday, September 14, 2024", None)


def test_event_offsets_are_relative_to_an_event_not_the_article() -> None:
    from claimtrack.dates import explain, is_event_relative

    assert is_event_relative("ten weeks before") and is_relative("ten weeks before")
    assert not is_event_relative("eight months ago") and not is_event_relative("2012")
    assert not is_relative("10 days after April 26, 2024")  # the anchor is in the phrase
    with pytest.raises(MissingAnchorError, match="anchor"):
        resolve_when("the following day", None)
    why = explain("10 days after April 26, 2024", None)
    assert (why.kind, why.anchor, str(why.interval)) == ("composed", iv("2024-04-26"), "2024-05-06")
    assert explain("last month", A004).kind == "relative"
    assert explain("2012", A004).anchor is None


def test_resolutions_outside_years_1_to_9999_are_parse_errors() -> None:
    with pytest.raises(DateParseError, match="1-9999"):
        resolve_when("the following year", iv("9999"))
    with pytest.raises(DateParseError, match="1-9999"):
        resolve_when("about two years ago", iv("0001-06-01"))


@pytest.mark.parametrize("text", ["winter of 9999", "WINTER OF 0000", "winter 9999"])
def test_a_season_past_the_years_1_to_9999_is_a_parse_error(text: str) -> None:
    """Winter 9999 ends in February 10000: a DateParseError (a check finding), never a crash."""
    with pytest.raises(DateParseError, match="outside years 1-9999"):
        resolve_when(text, None)
