"""Periods as the user types them."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backoffice.core.period import (
    FIRST_YEAR,
    LAST_YEAR,
    Month,
    Period,
    PeriodError,
    fiscal_year,
    parse_day,
    parse_period,
)
from backoffice.core.values import BadValue


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2026-01-01..2026-06-30", date(2026, 1, 1), date(2026, 6, 30)),
    ],
)
def test_parse(text: str, start: date, end: date) -> None:
    assert parse_period(text) == Period(start, end, text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-13", "'2026-13' is not a valid period"),
        ("2026-Q5", "'2026-Q5' is not a period"),
        ("last year", "'last year' is not a period"),
        ("2026-06-30..2026-01-01", "ends before it starts"),
        ("2026-02-30..2026-03-01", "'2026-02-30..2026-03-01' is not a valid period"),
    ],
)
def test_bad_period(text: str, message: str) -> None:
    with pytest.raises(PeriodError, match=message):
        parse_period(text)


def test_shift_keeps_the_label_and_clamps_leap_days() -> None:
    assert parse_period("2026-Q1").shifted_years(-1) == parse_period("2025-Q1")
    leap = parse_period("2024-02-29..2024-02-29").shifted_years(-1)
    assert (leap.start, leap.end) == (date(2023, 2, 28), date(2023, 2, 28))


def test_fiscal_year_not_on_calendar() -> None:
    fy = fiscal_year(2026, 7, 1)
    assert (fy.start, fy.end) == (date(2026, 7, 1), date(2027, 6, 30))


@given(st.dates(date(FIRST_YEAR, 1, 1), date(LAST_YEAR - 9, 1, 1)), st.integers(0, 3000))
def test_any_range_round_trips(start: date, days: int) -> None:
    end = start + timedelta(days=days)
    text = f"{start.isoformat()}..{end.isoformat()}"
    period = parse_period(text)
    assert (period.start, period.end, period.label) == (start, end, text)


@pytest.mark.parametrize(
    "text",
    [
        "0001",
        "1899",
        "3000",
        "9999",
        "0001-Q1",
        "9999-12",
        "0001-01-01..0001-12-31",
        "1899-12-31..1900-01-31",
        "2999-12-01..3000-01-31",
    ],
)
def test_a_period_outside_the_years_of_the_books(text: str) -> None:
    """A year either side of the period is compared with: the years are bounded, so that
    such a comparison is still a date."""
    with pytest.raises(PeriodError, match=f"{text!r} is outside the years 1900 to 2999"):
        parse_period(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0001-01-01", "'0001-01-01' is outside the years 1900 to 2999"),
        ("9999-12-31", "'9999-12-31' is outside the years 1900 to 2999"),
        ("10000-01-01", "'10000-01-01' is not a date (YYYY-MM-DD)"),
        ("2026-02-30", "'2026-02-30' is not a date (YYYY-MM-DD)"),
        ("2026-13-01", "'2026-13-01' is not a date (YYYY-MM-DD)"),
        ("", "'' is not a date (YYYY-MM-DD)"),
        ("20260101", "'20260101' is not a date (YYYY-MM-DD)"),
        ("2026-W01-1", "'2026-W01-1' is not a date (YYYY-MM-DD)"),
    ],
)
def test_a_day_that_is_not_one_of_the_books(text: str, message: str) -> None:
    with pytest.raises(PeriodError, match=re.escape(message)):
        parse_day(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0001-01", "'0001-01' is outside the years 1900 to 2999"),
        ("9999-12", "'9999-12' is outside the years 1900 to 2999"),
        ("10000-01", "'10000-01' is not a month (YYYY-MM)"),
        ("2026-13", "'2026-13' is not a month (YYYY-MM)"),
        ("", "'' is not a month (YYYY-MM)"),
    ],
)
def test_a_month_that_is_not_one_of_the_books(text: str, message: str) -> None:
    with pytest.raises(BadValue, match=re.escape(message)):
        Month.parse(text)


@pytest.mark.parametrize("year", [FIRST_YEAR, LAST_YEAR])
def test_the_edge_years_shift_by_a_year(year: int) -> None:
    period = parse_period(str(year))
    assert period.shifted_years(-1).start == date(year - 1, 1, 1)
    assert period.shifted_years(1).end == date(year + 1, 12, 31)
    assert parse_day(f"{year}-06-30") == date(year, 6, 30)
    assert Month.parse(f"{year}-12").next() == Month(year + 1, 1)
