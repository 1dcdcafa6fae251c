"""The payroll settings of records/payroll-rates.yaml: contribution and tax rates by validity,
days of rest, the accounts runs are booked to and the pay day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise
from typing import Any

from backoffice.core.period import Month
from backoffice.core.problems import Problem
from backoffice.core.values import ZERO, BadValue, parse_date, parse_decimal, parse_money
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace

RATES_FILE = "records/payroll-rates.yaml"


@dataclass(frozen=True)
class Contribution:
    employee: Decimal
    """Percent of the assessment base."""
    employer: Decimal
    ceiling: Decimal | None = None
    """Highest monthly assessment base, if the law caps it."""

    def base(self, gross: Decimal) -> Decimal:
        return gross if self.ceiling is None else min(gross, self.ceiling)


@dataclass(frozen=True)
class Band:
    """A tax rate on the part of the monthly tax base up to `up_to` (None: all above)."""

    up_to: Decimal | None
    rate: Decimal
    """Percent."""


@dataclass(frozen=True)
class Rates:
    """The rates valid from `valid_from` to `valid_to` (inclusive; None: until further notice)."""

    valid_from: date
    valid_to: date | None
    social: Contribution
    health: Contribution
    tax_bands: tuple[Band, ...]
    non_taxable_monthly: Decimal
    meal_per_day: Decimal
    meal_min_hours_per_day: Decimal
    index: int

    def covers(self, month: Month) -> bool:
        return self.valid_from <= month.first and (
            self.valid_to is None or self.valid_to >= month.last
        )


@dataclass
class Settings:
    """records/payroll-rates.yaml: rates by validity, days of rest, accounts, pay day."""

    record: Record
    currency: str
    payday: int
    accounts: dict[str, str]
    holidays: frozenset[date]
    rates: list[Rates]

    def rates_for(self, month: Month) -> Rates | None:
        found = [r for r in self.rates if r.covers(month)]
        return found[-1] if found else None

    def working_days(self, start: date, end: date) -> list[date]:
        """Monday to Friday, days of rest excluded, both ends included."""
        days = []
        day = start
        while day <= end:
            if day.weekday() < 5 and day not in self.holidays:
                days.append(day)
            day += timedelta(days=1)
        return days

    def payment_date(self, month: Month) -> date:
        """The pay day of the following month, moved to the next working day."""
        following = month.next()
        day = date(following.year, following.month, min(self.payday, following.last.day))
        while day.weekday() >= 5 or day in self.holidays:
            day += timedelta(days=1)
        return day


def _contribution(data: Any) -> Contribution:
    if not isinstance(data, dict):
        raise BadValue("a contribution needs employee and employer percentages")
    ceiling = data.get("ceiling")
    return Contribution(
        parse_decimal(data.get("employee")),
        parse_decimal(data.get("employer")),
        parse_money(ceiling)[0] if ceiling is not None else None,
    )


def _band(data: Any) -> Band:
    if not isinstance(data, dict):
        raise BadValue("a tax band needs a rate")
    up_to = data.get("up_to")
    return Band(
        parse_money(up_to)[0] if up_to is not None else None, parse_decimal(data.get("rate"))
    )


def _rates(item: Any, index: int) -> Rates:
    if not isinstance(item, dict):
        raise BadValue("rates are a list of mappings")
    tax = item.get("income_tax") or {}
    meal = item.get("meal_contribution") or {}
    valid_to = item.get("valid_to")
    return Rates(
        valid_from=parse_date(item.get("valid_from")),
        valid_to=parse_date(valid_to) if valid_to is not None else None,
        social=_contribution(item.get("social")),
        health=_contribution(item.get("health")),
        tax_bands=tuple(_band(b) for b in tax.get("bands") or []),
        non_taxable_monthly=parse_money(tax.get("non_taxable_monthly"))[0],
        meal_per_day=parse_money(meal["per_day"])[0] if "per_day" in meal else ZERO,
        meal_min_hours_per_day=parse_decimal(meal.get("min_hours_per_day", 0)),
        index=index,
    )


def load_settings(ws: Workspace) -> Settings | None:
    """The payroll settings, or None when the file is missing or unreadable (the schema says
    what is wrong with it)."""
    found = ws.register("payroll-rates")
    if not found or not isinstance(found[0].data, dict):
        return None
    data = found[0].data
    try:
        return Settings(
            record=found[0],
            currency=str(data.get("currency") or ws.currency),
            payday=int(data.get("payday", 10)),
            accounts={str(k): str(v) for k, v in (data.get("accounts") or {}).items()},
            holidays=frozenset(parse_date(d) for d in data.get("holidays") or []),
            rates=[_rates(item, i) for i, item in enumerate(data.get("rates") or [])],
        )
    except (BadValue, TypeError, ValueError, AttributeError):
        return None


def rates_problems(ws: Workspace) -> list[Problem]:
    """PAYROLL-RATES where the validity periods overlap or leave a gap, or a period's tax
    bands do not rise to one open top band: a month would be paid by no rates or by two."""
    settings = load_settings(ws)
    if settings is None:
        return []
    record = settings.record
    found: list[Problem] = []
    ordered = sorted(settings.rates, key=lambda r: r.valid_from)
    for before, after in pairwise(ordered):
        if before.valid_to is None or before.valid_to >= after.valid_from:
            message = (
                f"rates valid from {after.valid_from} overlap those valid from {before.valid_from}"
            )
        elif before.valid_to + timedelta(days=1) != after.valid_from:
            message = (
                f"no rates are valid from {before.valid_to + timedelta(days=1)} to "
                f"{after.valid_from - timedelta(days=1)}: a gap between two periods"
            )
        else:
            continue
        found.append(_problem(record, ("rates", after.index, "valid_from"), message))
    for rates in settings.rates:
        found += _band_problems(record, rates)
    return found


def _band_problems(record: Record, rates: Rates) -> list[Problem]:
    """Bands rise strictly and only the last one is open."""
    tops = [b.up_to for b in rates.tax_bands]
    path: tuple[str | int, ...] = ("rates", rates.index, "income_tax", "bands")
    if not tops or tops[-1] is not None:
        return [_problem(record, path, "the last tax band needs no up_to: it taxes all above")]
    bounded = [t for t in tops[:-1] if t is not None]
    if len(bounded) != len(tops) - 1 or any(a >= b for a, b in pairwise(bounded)):
        return [
            _problem(
                record, path, "tax bands rise: each up_to above the one before, only the last open"
            )
        ]
    return []


def _problem(record: Record, path: tuple[str | int, ...], message: str) -> Problem:
    return Problem(record.rel, *record.position(path), "PAYROLL-RATES", message)
