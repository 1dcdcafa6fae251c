"""The payroll settings of records/payroll-rates.yaml: contribution rates per fund and tax
rates by validity, sick pay and the meal contribution, days of rest by year, the accounts runs
are booked to and the pay day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal
from itertools import pairwise
from typing import Any

from backoffice.core.period import Month
from backoffice.core.problems import Problem
from backoffice.core.values import (
    CENT,
    ZERO,
    BadValue,
    as_date,
    parse_date,
    parse_decimal,
    parse_money,
)
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace

RATES_FILE = "records/payroll-rates.yaml"


@dataclass(frozen=True)
class Contribution:
    """One fund's rates: percent of the assessment base, up to the fund's ceiling."""

    employee: Decimal
    """Percent of the assessment base."""
    employer: Decimal
    ceiling: Decimal | None = None
    """Highest monthly assessment base, if the law caps it."""
    name: str = ""
    rounding: str = ROUND_HALF_UP
    """How each contribution is rounded to the cent."""

    def base(self, gross: Decimal) -> Decimal:
        return gross if self.ceiling is None else min(gross, self.ceiling)

    def amounts(self, assessable: Decimal) -> tuple[Decimal, Decimal]:
        """(employee, employer) contribution on `assessable`, each rounded to the cent."""
        base = self.base(assessable)
        return (
            (base * self.employee / 100).quantize(CENT, rounding=self.rounding),
            (base * self.employer / 100).quantize(CENT, rounding=self.rounding),
        )


@dataclass(frozen=True)
class Insurance:
    """Contributions to an insurer, as one rate or fund by fund (each rounded on its own)."""

    funds: tuple[Contribution, ...]

    def amounts(self, assessable: Decimal) -> tuple[Decimal, Decimal]:
        """(employee, employer): the sums of the funds' contributions."""
        employee, employer = ZERO, ZERO
        for fund in self.funds:
            a, b = fund.amounts(assessable)
            employee, employer = employee + a, employer + b
        return employee, employer

    @property
    def employee(self) -> Decimal:
        return sum((f.employee for f in self.funds), ZERO)

    @property
    def employer(self) -> Decimal:
        return sum((f.employer for f in self.funds), ZERO)


@dataclass(frozen=True)
class SickPay:
    """The employer's sick pay (náhrada príjmu): for the first `employer_days` calendar days of
    an incapacity, a percentage of the daily assessment base by the day of the incapacity."""

    employer_days: int
    bands: tuple[tuple[int, Decimal], ...]
    """(last day of the band, percent), rising."""
    max_daily_base: Decimal | None

    def percent(self, day: int) -> Decimal | None:
        """The percentage for the `day`-th calendar day of an incapacity; None past the
        employer's days (the Sociálna poisťovňa pays from then on)."""
        if day > self.employer_days:
            return None
        return next((pct for last, pct in self.bands if day <= last), None)


@dataclass(frozen=True)
class Meal:
    """The meal contribution per day worked over `min_hours` hours (§ 152 of the Labour Code)."""

    per_day: Decimal
    """What the employer pays a day."""
    min_hours: Decimal
    meal_value: Decimal | None = None
    """The lowest meal value the law allows; the employer pays at least `min_share` % of it."""
    min_share: Decimal | None = None
    exempt_up_to: Decimal | None = None
    """The most a day that is exempt from tax and contributions; above it is income."""

    @property
    def minimum(self) -> Decimal | None:
        """The least the employer may pay a day, rounded up to the cent."""
        if self.meal_value is None or self.min_share is None:
            return None
        return (self.meal_value * self.min_share / 100).quantize(CENT, rounding=ROUND_UP)

    @property
    def taxable_per_day(self) -> Decimal:
        """What a day's contribution is above the exempt amount: income like pay."""
        if self.exempt_up_to is None:
            return ZERO
        return max(ZERO, self.per_day - self.exempt_up_to)


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
    social: Insurance
    health: Insurance
    tax_bands: tuple[Band, ...]
    non_taxable_monthly: Decimal
    meal: Meal
    index: int
    sick_pay: SickPay | None = None

    @property
    def meal_per_day(self) -> Decimal:
        return self.meal.per_day

    @property
    def meal_min_hours_per_day(self) -> Decimal:
        return self.meal.min_hours

    def covers(self, month: Month) -> bool:
        return self.valid_from <= month.first and (
            self.valid_to is None or self.valid_to >= month.last
        )


@dataclass(frozen=True)
class Holiday:
    day: date
    name: str
    year: Any
    """The year it is listed under."""
    path: tuple[str | int, ...]


@dataclass
class Settings:
    """records/payroll-rates.yaml: rates by validity, days of rest, accounts, pay day."""

    record: Record
    currency: str
    payday: int
    accounts: dict[str, str]
    holidays: frozenset[date]
    rates: list[Rates]
    holiday_years: frozenset[int] = frozenset()
    """The years whose days of rest the file lists."""
    corrected_from: Month | None = None
    """The first run made by the rules of absences, meal days and contributions per fund;
    earlier runs stand as they were paid and are checked for their own arithmetic only."""

    def rates_for(self, month: Month) -> Rates | None:
        found = [r for r in self.rates if r.covers(month)]
        return found[-1] if found else None

    def rates_on(self, day: date) -> Rates | None:
        return self.rates_for(Month.of(day))

    def corrected(self, month: Month) -> bool:
        """Whether a run of `month` is made (and checked) by absences and funds."""
        return self.corrected_from is None or month >= self.corrected_from

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


def _fund(name: str, data: Any, rounding: str) -> Contribution:
    if not isinstance(data, dict):
        raise BadValue("a contribution needs employee and employer percentages")
    ceiling = data.get("ceiling")
    return Contribution(
        parse_decimal(data.get("employee", 0)),
        parse_decimal(data.get("employer", 0)),
        parse_money(ceiling)[0] if ceiling is not None else None,
        name,
        rounding,
    )


ROUNDING = {"down": ROUND_DOWN, "half_up": ROUND_HALF_UP}


def _insurance(data: Any) -> Insurance:
    """One rate for all (`employee`, `employer`), or `funds` each rounded by `rounding`."""
    if not isinstance(data, dict):
        raise BadValue("a contribution needs employee and employer percentages")
    rounding = ROUNDING[str(data.get("rounding", "half_up"))]
    funds = data.get("funds")
    if isinstance(funds, dict):
        return Insurance(tuple(_fund(str(k), v, rounding) for k, v in funds.items()))
    return Insurance((_fund("", data, rounding),))


def _band(data: Any) -> Band:
    if not isinstance(data, dict):
        raise BadValue("a tax band needs a rate")
    up_to = data.get("up_to")
    return Band(
        parse_money(up_to)[0] if up_to is not None else None, parse_decimal(data.get("rate"))
    )


def _optional_money(data: dict[str, Any], key: str) -> Decimal | None:
    return parse_money(data[key])[0] if data.get(key) is not None else None


def _meal(data: Any) -> Meal:
    meal = data if isinstance(data, dict) else {}
    share = meal.get("min_share")
    return Meal(
        per_day=parse_money(meal["per_day"])[0] if "per_day" in meal else ZERO,
        min_hours=parse_decimal(meal.get("min_hours_per_day", 0)),
        meal_value=_optional_money(meal, "meal_value"),
        min_share=parse_decimal(share) if share is not None else None,
        exempt_up_to=_optional_money(meal, "exempt_up_to"),
    )


def _sick_pay(data: Any) -> SickPay | None:
    if not isinstance(data, dict):
        return None
    return SickPay(
        employer_days=int(data["employer_days"]),
        bands=tuple(
            (int(b["up_to_day"]), parse_decimal(b["percent"])) for b in data.get("bands") or []
        ),
        max_daily_base=parse_decimal(data["max_daily_base"])
        if data.get("max_daily_base") is not None
        else None,
    )


def _rates(item: Any, index: int) -> Rates:
    if not isinstance(item, dict):
        raise BadValue("rates are a list of mappings")
    tax = item.get("income_tax") or {}
    valid_to = item.get("valid_to")
    return Rates(
        valid_from=parse_date(item.get("valid_from")),
        valid_to=parse_date(valid_to) if valid_to is not None else None,
        social=_insurance(item.get("social")),
        health=_insurance(item.get("health")),
        tax_bands=tuple(_band(b) for b in tax.get("bands") or []),
        non_taxable_monthly=parse_money(tax.get("non_taxable_monthly"))[0],
        meal=_meal(item.get("meal_contribution")),
        index=index,
        sick_pay=_sick_pay(item.get("sick_pay")),
    )


def holidays(data: Any) -> list[Holiday]:
    """Every day of rest the file lists, year by year, with where it stands."""
    found = []
    for i, year in enumerate(data if isinstance(data, list) else []):
        days = year.get("days") if isinstance(year, dict) else None
        for j, item in enumerate(days if isinstance(days, list) else []):
            if isinstance(item, dict):
                path = ("holidays", i, "days", j, "date")
                day, name = parse_date(item.get("date")), str(item.get("name"))
                found.append(Holiday(day, name, year.get("year"), path))
    return found


@dataclass(frozen=True)
class DaysOfRest:
    """The days of rest records/payroll-rates.yaml lists, and the years its list covers: a
    working day of a year it does not cover cannot be told."""

    days: frozenset[date]
    years: frozenset[int]


def days_of_rest(ws: Workspace) -> DaysOfRest:
    """The days of rest of the payroll rates file, for every area that counts working days
    (none when the file is missing; a malformed day is the rates' own check's to report)."""
    found = (
        ws.register("payroll-rates")
        if (ws.root / "records" / "payroll-rates.yaml").is_file()
        else []
    )
    data = found[0].data if found and isinstance(found[0].data, dict) else {}
    listed = data.get("holidays")
    days: set[date] = set()
    years: set[int] = set()
    for year in listed if isinstance(listed, list) else []:
        if not isinstance(year, dict):
            continue
        if isinstance(year.get("year"), int):
            years.add(year["year"])
        for item in year.get("days") or []:
            day = as_date(item.get("date")) if isinstance(item, dict) else None
            if day is not None:
                days.add(day)
    return DaysOfRest(frozenset(days), frozenset(years))


def load_settings(ws: Workspace) -> Settings | None:
    """The payroll settings, or None when the file is missing or unreadable (the schema says
    what is wrong with it)."""
    found = ws.register("payroll-rates")
    if not found or not isinstance(found[0].data, dict):
        return None
    data = found[0].data
    try:
        corrected = data.get("corrected_from")
        return Settings(
            record=found[0],
            currency=str(data.get("currency") or ws.currency),
            payday=int(data.get("payday", 10)),
            accounts={str(k): str(v) for k, v in (data.get("accounts") or {}).items()},
            holidays=frozenset(h.day for h in holidays(data.get("holidays"))),
            rates=[_rates(item, i) for i, item in enumerate(data.get("rates") or [])],
            holiday_years=frozenset(
                int(y["year"]) for y in data.get("holidays") or [] if isinstance(y, dict)
            ),
            corrected_from=Month.parse(str(corrected)) if corrected is not None else None,
        )
    except (BadValue, TypeError, ValueError, AttributeError, KeyError):
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
        found += _meal_problems(record, rates)
    found += holiday_problems(record)
    return found


def holiday_problems(record: Record) -> list[Problem]:
    """PAYROLL-HOLIDAYS where a year's days of rest are not of that year, a day is listed
    twice, or a year is listed twice: working days, and so pay, would be counted wrong."""
    data = record.data.get("holidays") if isinstance(record.data, dict) else None
    if not isinstance(data, list):
        return []
    found: list[Problem] = []
    years: set[int] = set()
    for i, year in enumerate(data):
        number = year.get("year") if isinstance(year, dict) else None
        if number in years:
            message = f"the days of rest of {number} are listed twice"
            found.append(_problem(record, ("holidays", i, "year"), message, "PAYROLL-HOLIDAYS"))
        if isinstance(number, int):
            years.add(number)
    seen: set[date] = set()
    try:
        listed = holidays(data)
    except BadValue:
        return found  # not a date: the schema says where
    for holiday in listed:
        if holiday.day.year != holiday.year:
            message = f"{holiday.day} ({holiday.name}) is not in {holiday.year}"
        elif holiday.day in seen:
            message = f"{holiday.day} ({holiday.name}) is listed twice"
        else:
            seen.add(holiday.day)
            continue
        found.append(_problem(record, holiday.path, message, "PAYROLL-HOLIDAYS"))
    return found


def _meal_problems(record: Record, rates: Rates) -> list[Problem]:
    """The employer pays at least the share of the meal value the Labour Code sets."""
    least = rates.meal.minimum
    if least is None or rates.meal.per_day >= least:
        return []
    path: tuple[str | int, ...] = ("rates", rates.index, "meal_contribution", "per_day")
    return [
        _problem(
            record,
            path,
            f"meal_contribution.per_day {rates.meal.per_day} is less than {rates.meal.min_share} "
            f"% of the meal value {rates.meal.meal_value} ({least}), the least § 152(3) of the "
            "Labour Code allows",
        )
    ]


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


def _problem(
    record: Record, path: tuple[str | int, ...], message: str, code: str = "PAYROLL-RATES"
) -> Problem:
    return Problem(record.rel, *record.position(path), code, message)
