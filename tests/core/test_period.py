"""Periods as the user types them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backoffice.core.period import Period, PeriodError, fiscal_year, parse_period


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


@given(st.dates(date(1900, 1, 1), date(2999, 1, 1)), st.integers(0, 3000))
def test_any_range_round_trips(start: date, days: int) -> None:
    end = start + timedelta(days=days)
    text = f"{start.isoformat()}..{end.isoformat()}"
    period = parse_period(text)
    assert (period.start, period.end, period.label) == (start, end, text)
