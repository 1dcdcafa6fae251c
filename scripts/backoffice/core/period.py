"""Reporting periods (``2026``, ``2026-Q1``, ``2026-03``, ``2026-01-01..2026-06-30``) and
calendar months."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from backoffice.core.values import BadValue

FIRST_YEAR, LAST_YEAR = 1900, 2999
"""The years a date, month or period the user gives may fall in: any company's past and future,
with a year either side still a date to compare with (a year earlier, a year later)."""


class PeriodError(ValueError):
    """A period string that does not name a period."""


def _in_years(text: str, *days: date) -> None:
    """PeriodError unless every day falls in FIRST_YEAR..LAST_YEAR."""
    if any(not FIRST_YEAR <= day.year <= LAST_YEAR for day in days):
        raise PeriodError(f"{text!r} is outside the years {FIRST_YEAR} to {LAST_YEAR}")


def parse_day(text: str) -> date:
    """A date the user gives, YYYY-MM-DD, in FIRST_YEAR..LAST_YEAR; PeriodError otherwise."""
    text = text.strip()
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(text)
        day = date.fromisoformat(text)
    except ValueError:
        raise PeriodError(f"{text!r} is not a date (YYYY-MM-DD)") from None
    _in_years(text, day)
    return day


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    """Inclusive."""
    label: str

    def shifted_years(self, years: int) -> Period:
        """The same period `years` earlier or later (29 February becomes the 28th)."""
        start, end = shift_years(self.start, years), shift_years(self.end, years)
        label = _shift_label(self.label, years) or f"{start.isoformat()}..{end.isoformat()}"
        return Period(start, end, label)

    def as_json(self) -> dict[str, str]:
        return {"label": self.label, "start": self.start.isoformat(), "end": self.end.isoformat()}


def shift_years(day: date, years: int) -> date:
    """The same day `years` earlier or later; 29 February becomes the 28th."""
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def parse_fiscal_start(value: object) -> tuple[int, int]:
    """(month, day) of company.yaml's ``fiscal_year_start``, written MM-DD; else 1 January."""
    match = re.fullmatch(r"(\d{2})-(\d{2})", str(value or "01-01"))
    return (int(match.group(1)), int(match.group(2))) if match else (1, 1)


def _shift_label(label: str, years: int) -> str | None:
    match = re.fullmatch(r"(\d{4})(-Q[1-4]|-\d{2})?", label)
    if not match:
        return None
    return f"{int(match.group(1)) + years}{match.group(2) or ''}"


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def fiscal_year(year: int, start_month: int = 1, start_day: int = 1) -> Period:
    """The fiscal year that starts in calendar year `year`."""
    start = date(year, start_month, start_day)
    end = date(year + 1, start_month, start_day) - timedelta(days=1)
    label = str(year) if (start_month, start_day) == (1, 1) else f"{start}..{end}"
    return Period(start, end, label)


def parse_period(text: str) -> Period:
    """Parse a period in FIRST_YEAR..LAST_YEAR; raise PeriodError with a message meant for the
    user."""
    period = _parse_period(text.strip())
    _in_years(text.strip(), period.start, period.end)
    return period


def _parse_period(text: str) -> Period:
    try:
        if m := re.fullmatch(r"(\d{4})", text):
            year = int(m.group(1))
            return Period(date(year, 1, 1), date(year, 12, 31), text)
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", text):
            year, quarter = int(m.group(1)), int(m.group(2))
            first = 3 * quarter - 2
            return Period(date(year, first, 1), _month_end(year, first + 2), text)
        if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
            year, month = int(m.group(1)), int(m.group(2))
            return Period(date(year, month, 1), _month_end(year, month), text)
        if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", text):
            start, end = date.fromisoformat(m.group(1)), date.fromisoformat(m.group(2))
            if end < start:
                raise PeriodError(f"{text!r} ends before it starts")
            return Period(start, end, text)
    except ValueError as exc:
        if isinstance(exc, PeriodError):
            raise
        raise PeriodError(f"{text!r} is not a valid period: {exc}") from None
    raise PeriodError(
        f"{text!r} is not a period; use 2026, 2026-Q1, 2026-03 or 2026-01-01..2026-06-30"
    )


def months_of(period: Period) -> list[Period]:
    """The calendar months of a period of whole months, up to twelve; else none."""
    first, last = period.start, period.end
    if first.day != 1 or (last + timedelta(days=1)).day != 1:
        return []
    months: list[Period] = []
    month = Month.of(first)
    while month.first <= last and len(months) <= 12:
        months.append(Period(month.first, month.last, str(month)))
        month = month.next()
    return months if 1 < len(months) <= 12 else []


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        match = re.fullmatch(r"([0-9]{4})-([0-9]{2})", text.strip())
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise BadValue(f"{text!r} is not a month (YYYY-MM)")
        if not FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR:
            raise BadValue(f"{text!r} is outside the years {FIRST_YEAR} to {LAST_YEAR}")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def next(self) -> Month:
        return Month.of(self.last + timedelta(days=1))

    def plus(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def name(self) -> str:
        """'January 2026', as in the journal's narrations."""
        return f"{calendar.month_name[self.month]} {self.year}"

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def whole_months(period: Period) -> list[Month]:
    """The calendar months that lie wholly inside a period, in order."""
    found = []
    month = Month.of(period.start)
    while month.first <= period.end:
        if period.start <= month.first and month.last <= period.end:
            found.append(month)
        month = month.next()
    return found
