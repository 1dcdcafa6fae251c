"""Reporting periods: ``2026``, ``2026-Q1``, ``2026-03`` or ``2026-01-01..2026-06-30``."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta


class PeriodError(ValueError):
    """A period string that does not name a period."""


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
    """Parse a period; raise PeriodError with a message meant for the user."""
    text = text.strip()
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
