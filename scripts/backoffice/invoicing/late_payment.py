"""Late-payment interest and the flat recovery cost a reminder may claim (§ 369 and § 369c of
the Commercial Code, Government Regulation 21/2013 Z. z.), from data with its sources:
`late-payment.yaml`, which a company may replace by ledger/late-payment.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from backoffice.core.errors import BackOfficeError
from backoffice.core.problems import Problem
from backoffice.core.values import BadValue, parse_date, parse_decimal, parse_money
from backoffice.load.workspace import Workspace
from backoffice.load.yamlfile import Positions, parse_yaml_file

DATA = Path(__file__).with_name("late-payment.yaml")
DATA_REL = "backoffice/invoicing/late-payment.yaml"
OVERRIDE = "ledger/late-payment.yaml"
YEAR_DAYS = Decimal(365)
HUNDRED = Decimal(100)


class LatePaymentError(BackOfficeError):
    """The late-payment data has problems, each with its position."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class RatePeriod:
    start: date
    end: date | None
    rate: Decimal


@dataclass(frozen=True)
class Segment:
    """A calendar half-year's part of a delay and the rate of interest for it."""

    start: date
    end: date
    rate: Decimal

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class LatePayment:
    margin: Decimal
    recovery_cost: Decimal
    recovery_currency: str
    periods: tuple[RatePeriod, ...]
    rel: str

    def ecb_rate(self, day: date) -> Decimal | None:
        for period in self.periods:
            if period.start <= day and (period.end is None or day <= period.end):
                return period.rate
        return None

    def segments(self, due: date, through: date) -> list[Segment]:
        """The delay from the day after `due` through `through`, cut at each half-year, each
        at the ECB rate valid on the half-year's first day plus the margin (§ 1(1) of the
        regulation); NoRateError when the table has no rate for a half-year."""
        found = []
        start = due + timedelta(days=1)
        while start <= through:
            first = date(start.year, 1 if start.month <= 6 else 7, 1)
            last = date(start.year, 6, 30) if first.month == 1 else date(start.year, 12, 31)
            ecb = self.ecb_rate(first)
            if ecb is None:
                raise NoRateError(first, self)
            found.append(Segment(start, min(last, through), ecb + self.margin))
            start = last + timedelta(days=1)
        return found

    def interest(self, amount: Decimal, due: date, through: date) -> tuple[Decimal, list[Segment]]:
        """Interest on `amount` for the delay, actual days over 365, rounded once to the cent."""
        parts = self.segments(due, through)
        exact = sum(
            (amount * s.rate / HUNDRED * Decimal(s.days) / YEAR_DAYS for s in parts), Decimal(0)
        )
        return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), parts


class NoRateError(BackOfficeError):
    """The ECB rate table does not reach back to a half-year of a delay."""

    def __init__(self, day: date, data: LatePayment) -> None:
        first = data.periods[0].start if data.periods else None
        super().__init__(
            f"{data.rel} has no ECB main refinancing rate for {day}"
            + (f" (its table begins on {first})" if first else "")
        )
        self.day = day


def load_late_payment(ws: Workspace) -> LatePayment:
    """The repository's ledger/late-payment.yaml if there is one, else the toolkit's."""
    own = ws.root / OVERRIDE
    path, rel = (own, OVERRIDE) if own.is_file() else (DATA, DATA_REL)
    parsed, problems = parse_yaml_file(path, rel)
    if parsed is None:
        raise LatePaymentError(problems)
    return parse_late_payment(parsed.data, parsed.positions, rel)


def parse_late_payment(raw: Any, positions: Positions, rel: str) -> LatePayment:
    """The data, or every problem in it: a bad value, a period that leaves a gap after the
    one before it or overlaps it, an open period that is not the last."""
    problems: list[Problem] = []

    def problem(where: tuple[str | int, ...], message: str) -> None:
        problems.append(Problem(rel, *positions.of(where), "REMINDER-RATES", message))

    if not isinstance(raw, dict):
        raise LatePaymentError([Problem(rel, 1, 1, "REMINDER-RATES", "not a mapping")])
    try:
        margin = parse_decimal(raw.get("margin"))
        cost, currency = parse_money(raw.get("recovery_cost"))
    except (BadValue, TypeError, ValueError):
        problem((), "margin (percentage points) and recovery_cost (e.g. '40.00 EUR') are needed")
        margin, cost, currency = Decimal(0), Decimal(0), "EUR"
    table = raw.get("ecb_main_refinancing_rate") or {}
    items = table.get("periods") if isinstance(table, dict) else None
    periods: list[RatePeriod] = []
    key = "ecb_main_refinancing_rate"
    for i, item in enumerate(items if isinstance(items, list) else []):
        where = (key, "periods", i)
        try:
            start = parse_date(item["from"])
            end = parse_date(item["to"]) if item.get("to") is not None else None
            period = RatePeriod(start, end, parse_decimal(item["rate"]))
        except (BadValue, KeyError, TypeError, ValueError, AttributeError):
            problem(where, "a period needs from (a date), rate and, but for the last, to")
            continue
        if end is not None and end < start:
            problem((*where, "to"), f"the period ends on {end}, before it begins on {start}")
        if periods:
            before = periods[-1]
            if before.end is None:
                problem(where, f"the period from {before.start} is open, yet another follows it")
            elif start > before.end + timedelta(days=1):
                problem(
                    (*where, "from"),
                    f"the table leaves a gap from {before.end + timedelta(days=1)} to "
                    f"{start - timedelta(days=1)}",
                )
            elif start <= before.end:
                problem(
                    (*where, "from"),
                    f"the period from {start} overlaps the one before it (to {before.end})",
                )
        periods.append(period)
    if not periods and not problems:
        problem((key,), "no ECB rate periods")
    if problems:
        raise LatePaymentError(problems)
    return LatePayment(margin, cost, currency, tuple(periods), rel)
