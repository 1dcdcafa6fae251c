"""Payroll: monthly runs (``records/payroll/YYYY-MM.yaml``) checked against the HR register and
the rates (``records/payroll-rates.yaml``), proposed from them, and turned into ledger entries.

Amounts are rounded to the cent per person, as on a payslip; totals are sums of those cents.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from beancount.core import data

from backoffice.core.period import Month
from backoffice.core.problems import Problem
from backoffice.core.values import (
    ZERO,
    BadValue,
    cents,
    money,
    parse_date,
    parse_decimal,
    parse_money,
)
from backoffice.derive.journal import Posting, Transaction, is_generated
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace

HUNDRED = Decimal(100)

GROSS_PARTS = ("base", "bonuses", "overtime", "compensation")
LINE_AMOUNTS = (
    *GROSS_PARTS,
    "gross",
    "employee_social",
    "employee_health",
    "tax_advance",
    "deductions",
    "net",
    "employer_social",
    "employer_health",
    "meal_contribution",
)
OPTIONAL_AMOUNTS = {"bonuses", "overtime", "compensation", "deductions", "meal_contribution"}
TOTALS = LINE_AMOUNTS[len(GROSS_PARTS) :]
"""The amounts a run totals: every line amount but the parts of the gross."""
ACCOUNT_KEYS = (
    "employer_social",
    "employer_health",
    "meal_contribution",
    "employees",
    "social_insurance",
    "health_insurance",
    "tax_advances",
)
MEAL_NOTE = "meal contribution paid with salaries"
RATES_FILE = "records/payroll-rates.yaml"


# --- rates ---------------------------------------------------------------------------------


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
class Rates:
    """The rates valid from `valid_from` to `valid_to` (inclusive; None: until further notice)."""

    valid_from: date
    valid_to: date | None
    social: Contribution
    health: Contribution
    tax_rate: Decimal
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
        tax_rate=parse_decimal(tax.get("rate")),
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
            currency=str(data.get("currency", "EUR")),
            payday=int(data.get("payday", 10)),
            accounts={str(k): str(v) for k, v in (data.get("accounts") or {}).items()},
            holidays=frozenset(parse_date(d) for d in data.get("holidays") or []),
            rates=[_rates(item, i) for i, item in enumerate(data.get("rates") or [])],
        )
    except (BadValue, TypeError, ValueError, AttributeError):
        return None


# --- one person's pay ----------------------------------------------------------------------


@dataclass
class Pay:
    """What the rates make of one gross pay."""

    employee_social: Decimal
    employee_health: Decimal
    tax_advance: Decimal
    employer_social: Decimal
    employer_health: Decimal

    def net(self, gross: Decimal, deductions: Decimal = ZERO) -> Decimal:
        return gross - self.employee_social - self.employee_health - self.tax_advance - deductions


def compute_pay(gross: Decimal, rates: Rates) -> Pay:
    """Contributions and the income tax advance of one person, each rounded to the cent.

    Tax advance = rate × max(0, gross − employee contributions − non-taxable part).
    """
    social = cents(rates.social.base(gross) * rates.social.employee / HUNDRED)
    health = cents(rates.health.base(gross) * rates.health.employee / HUNDRED)
    taxable = max(ZERO, gross - social - health - rates.non_taxable_monthly)
    return Pay(
        employee_social=social,
        employee_health=health,
        tax_advance=cents(taxable * rates.tax_rate / HUNDRED),
        employer_social=cents(rates.social.base(gross) * rates.social.employer / HUNDRED),
        employer_health=cents(rates.health.base(gross) * rates.health.employer / HUNDRED),
    )


# --- the HR register -----------------------------------------------------------------------


@dataclass
class Person:
    record: Record
    id: str
    start: date
    end: date | None
    hours_per_week: Decimal
    contract_type: str
    cost_account: str
    department: str
    salaries: list[tuple[date, Decimal | None, int]]
    """(valid from, gross monthly or None when paid by the hour, index in the list)."""

    def employed(self, month: Month) -> bool:
        return self.start <= month.last and (self.end is None or self.end >= month.first)

    def span(self, month: Month) -> tuple[date, date]:
        """The days of `month` this person is employed."""
        end = month.last if self.end is None else min(self.end, month.last)
        return max(self.start, month.first), end

    def salary_on(self, day: date) -> tuple[date, Decimal | None, int] | None:
        valid = [s for s in self.salaries if s[0] <= day]
        return max(valid, key=lambda s: s[0]) if valid else None


def load_people(ws: Workspace) -> dict[str, Person]:
    """People whose employment can be read; the schema reports the others."""
    people = {}
    for record in ws.register("people"):
        data = record.data
        if not isinstance(data, dict):
            continue
        try:
            employment = data["employment"]
            salaries = []
            for i, item in enumerate(data.get("salary") or []):
                gross = item.get("gross_monthly")
                amount = parse_money(gross)[0] if gross is not None else None
                salaries.append((parse_date(item["valid_from"]), amount, i))
            end = employment.get("end")
            people[record.id] = Person(
                record=record,
                id=record.id,
                start=parse_date(employment["start"]),
                end=parse_date(end) if end is not None else None,
                hours_per_week=parse_decimal(employment.get("hours_per_week", 40)),
                contract_type=str(employment.get("contract_type", "")),
                cost_account=str(data["cost_account"]),
                department=str(data.get("department", "")),
                salaries=salaries,
            )
        except (BadValue, KeyError, TypeError, AttributeError):
            continue
    return people


@dataclass
class Expected:
    """What the HR register and the rates say one person earns in a month."""

    base: Decimal | None
    """None when no salary is valid (or pay is by the hour)."""
    hourly: bool
    working_days: int
    employed_days: int
    meal_days: int


def expected_pay(person: Person, month: Month, settings: Settings, rates: Rates) -> Expected:
    """Base pay pro rata by working days for joiners, leavers and salary changes in the month;
    the meal contribution for each working day of someone working more than the minimum."""
    month_days = settings.working_days(month.first, month.last)
    start, end = person.span(month)
    days = [d for d in month_days if start <= d <= end]
    shares: dict[tuple[date, Decimal | None, int] | None, int] = {}
    for day in days or [start]:
        salary = person.salary_on(day)
        shares[salary] = shares.get(salary, 0) + 1
    hourly = any(s is not None and s[1] is None for s in shares)
    if None in shares or hourly:
        base = None
    elif len(shares) == 1 and len(days) == len(month_days):
        base = next(s[1] for s in shares if s is not None and s[1] is not None)
    else:
        total = sum(
            (s[1] * n for s, n in shares.items() if s is not None and s[1] is not None), ZERO
        )
        base = cents(total / len(month_days)) if month_days else ZERO
    daily_hours = person.hours_per_week / 5
    eligible = rates.meal_per_day > 0 and daily_hours > rates.meal_min_hours_per_day
    return Expected(base, hourly, len(month_days), len(days), len(days) if eligible else 0)


# --- runs ----------------------------------------------------------------------------------


@dataclass
class Line:
    person: str
    index: int
    amounts: dict[str, Decimal]
    currency: str
    meal_days: int | None = None
    override: str | None = None


@dataclass
class Run:
    record: Record | None
    period: Month
    date: dt.date
    payment_date: dt.date
    currency: str
    lines: list[Line]
    totals: dict[str, Decimal] = field(default_factory=dict)
    not_paid: dict[str, str] = field(default_factory=dict)
    note: str | None = None

    def total(self, key: str) -> Decimal:
        return sum((line.amounts[key] for line in self.lines), ZERO)


def _line(item: Any, index: int) -> Line:
    amounts = {}
    currencies = set()
    for key in LINE_AMOUNTS:
        value = item.get(key)
        if value is None and key in OPTIONAL_AMOUNTS:
            amounts[key] = ZERO
            continue
        amount, currency = parse_money(value)
        amounts[key] = amount
        currencies.add(currency)
    meal_days = item.get("meal_days")
    return Line(
        person=str(item["person"]),
        index=index,
        amounts=amounts,
        currency=currencies.pop() if len(currencies) == 1 else "",
        meal_days=int(meal_days) if meal_days is not None else None,
        override=str(item["override"]) if item.get("override") else None,
    )


def parse_run(record: Record) -> Run | None:
    """A run as written, or None when its shape is broken (the schema says where)."""
    data = record.data
    if not isinstance(data, dict):
        return None
    try:
        return Run(
            record=record,
            period=Month.parse(str(data["period"])),
            date=parse_date(data["date"]),
            payment_date=parse_date(data["payment_date"]),
            currency=str(data.get("currency", "EUR")),
            lines=[_line(item, i) for i, item in enumerate(data.get("employees") or [])],
            totals={k: parse_money(v)[0] for k, v in (data.get("totals") or {}).items()},
            not_paid={
                str(i["person"]): str(i.get("reason", "")) for i in data.get("not_paid") or []
            },
            note=str(data["note"]) if data.get("note") else None,
        )
    except (BadValue, KeyError, TypeError, ValueError, AttributeError):
        return None


def load_runs(ws: Workspace) -> list[Run]:
    runs = [parse_run(r) for r in ws.register("payroll")]
    return sorted((r for r in runs if r is not None), key=lambda r: r.period)


# --- checking a run ------------------------------------------------------------------------


def _at(run: Run, path: tuple[str | int, ...], code: str, message: str) -> Problem:
    assert run.record is not None
    return Problem(run.record.rel, *run.record.position(path), code, message)


def _line_path(line: Line, key: str) -> tuple[str | int, ...]:
    return ("employees", line.index, key)


def _arithmetic(run: Run, line: Line, rates: Rates | None) -> list[Problem]:
    a = line.amounts
    found = []
    parts = sum((a[k] for k in GROSS_PARTS), ZERO)
    if parts != a["gross"]:
        found.append(
            _at(
                run,
                _line_path(line, "gross"),
                "PAYROLL-GROSS",
                f"{line.person}: gross {money(a['gross'], run.currency)} is not base + bonuses "
                f"+ overtime + compensation = {money(parts, run.currency)}",
            )
        )
    net = a["gross"] - a["employee_social"] - a["employee_health"] - a["tax_advance"]
    net -= a["deductions"]
    if net != a["net"]:
        found.append(
            _at(
                run,
                _line_path(line, "net"),
                "PAYROLL-NET",
                f"{line.person}: net {money(a['net'], run.currency)} is not gross − employee "
                f"contributions − tax advance − deductions = {money(net, run.currency)}",
            )
        )
    if rates is not None:
        pay = compute_pay(a["gross"], rates)
        for key in (
            "employee_social",
            "employee_health",
            "tax_advance",
            "employer_social",
            "employer_health",
        ):
            want: Decimal = getattr(pay, key)
            if a[key] != want:
                found.append(
                    _at(
                        run,
                        _line_path(line, key),
                        "PAYROLL-CONTRIBUTION",
                        f"{line.person}: {key} {money(a[key], run.currency)}; the rates valid "
                        f"in {run.period} give {money(want, run.currency)}",
                    )
                )
        if line.meal_days is not None:
            meal = cents(rates.meal_per_day * line.meal_days)
            if a["meal_contribution"] != meal:
                found.append(
                    _at(
                        run,
                        _line_path(line, "meal_contribution"),
                        "PAYROLL-CONTRIBUTION",
                        f"{line.person}: meal_contribution "
                        f"{money(a['meal_contribution'], run.currency)}; {line.meal_days} days "
                        f"at {money(rates.meal_per_day, run.currency)} give "
                        f"{money(meal, run.currency)}",
                    )
                )
    if line.currency and line.currency != run.currency:
        found.append(
            _at(
                run,
                _line_path(line, "gross"),
                "PAYROLL-CURRENCY",
                f"{line.person}: amounts in {line.currency}, the run is in {run.currency}",
            )
        )
    return found


def _totals(run: Run) -> list[Problem]:
    found = []
    for key in TOTALS:
        total = run.total(key)
        written = run.totals.get(key, ZERO if key in OPTIONAL_AMOUNTS else None)
        if written is None:
            found.append(_at(run, ("totals",), "PAYROLL-TOTALS", f"totals.{key} is missing"))
        elif written != total:
            found.append(
                _at(
                    run,
                    ("totals", key),
                    "PAYROLL-TOTALS",
                    f"totals.{key} is {money(written, run.currency)}, the people add up to "
                    f"{money(total, run.currency)}",
                )
            )
    return found


def _employment(
    run: Run, people: dict[str, Person], settings: Settings | None, rates: Rates | None
) -> list[Problem]:
    found = []
    paid = {}
    for line in run.lines:
        if line.person in paid:
            found.append(
                _at(
                    run,
                    _line_path(line, "person"),
                    "PAYROLL-DUPLICATE",
                    f"{line.person} is paid twice in {run.period}",
                )
            )
        paid[line.person] = line
        person = people.get(line.person)
        if person is None:
            continue  # an unknown id: the schema's reference check reports it
        if not person.employed(run.period):
            found.append(
                _at(
                    run,
                    _line_path(line, "person"),
                    "PAYROLL-NOT-EMPLOYED",
                    f"{line.person} is paid for {run.period} but is not employed then "
                    f"(employed {person.start}–{person.end or ''})",
                )
            )
            continue
        if settings is None or rates is None:
            continue
        expected = expected_pay(person, run.period, settings, rates)
        if expected.base is None and not expected.hourly:
            found.append(
                _at(
                    run,
                    _line_path(line, "base"),
                    "PAYROLL-NO-SALARY",
                    f"{line.person} has no salary valid in {run.period} "
                    f"({person.record.rel} lists none)",
                )
            )
        elif (
            expected.base is not None
            and line.amounts["base"] != expected.base
            and not line.override
        ):
            found.append(
                _at(
                    run,
                    _line_path(line, "base"),
                    "PAYROLL-BASE",
                    f"{line.person}: base {money(line.amounts['base'], run.currency)} differs "
                    f"from the salary history ({money(expected.base, run.currency)} for "
                    f"{expected.employed_days} of {expected.working_days} working days); "
                    "note an override to keep it",
                )
            )
    for person in sorted(people.values(), key=lambda p: p.id):
        if (
            person.employed(run.period)
            and person.contract_type != "contractor"
            and person.id not in paid
            and person.id not in run.not_paid
        ):
            found.append(
                _at(
                    run,
                    ("employees",),
                    "PAYROLL-NOT-PAID",
                    f"{person.id} is employed in {run.period} but not paid; add them or list "
                    "them under not_paid with a reason",
                )
            )
    return found


def run_problems(ws: Workspace) -> list[Problem]:
    """Every way the payroll runs disagree with themselves, the rates or the HR register."""
    records = ws.register("payroll")
    if not records:
        return []
    settings = load_settings(ws)
    people = load_people(ws)
    found: list[Problem] = []
    for record in records:
        run = parse_run(record)
        if run is None:
            continue
        if str(run.period) != record.id:
            found.append(
                _at(
                    run,
                    ("period",),
                    "PAYROLL-PERIOD",
                    f"period {run.period} differs from the file name {record.id}",
                )
            )
        if Month.of(run.date) != run.period:
            found.append(
                _at(run, ("date",), "PAYROLL-PERIOD", f"date {run.date} is not in {run.period}")
            )
        rates = settings.rates_for(run.period) if settings else None
        if settings is None and not (ws.root / RATES_FILE).exists():
            found.append(
                _at(
                    run,
                    ("period",),
                    "PAYROLL-RATES-MISSING",
                    f"no payroll rates for {run.period}: {RATES_FILE} is missing",
                )
            )
        elif settings is not None and rates is None:
            found.append(
                _at(
                    run,
                    ("period",),
                    "PAYROLL-RATES-MISSING",
                    f"no payroll rates are valid for {run.period} in {settings.record.rel}",
                )
            )
        for line in run.lines:
            found += _arithmetic(run, line, rates)
        found += _totals(run)
        found += _employment(run, people, settings, rates)
    return found


# --- proposing a run -----------------------------------------------------------------------


class DraftError(Exception):
    """A run cannot be proposed (no rates for the month, no settings)."""


def draft_run(ws: Workspace, month: Month) -> tuple[Run, list[Problem]]:
    """The run the HR register and the rates give for `month`; problems for people whose pay
    cannot be worked out (no salary valid, paid by the hour)."""
    settings = load_settings(ws)
    if settings is None:
        raise DraftError("records/payroll-rates.yaml is missing or unreadable; `check` says why")
    rates = settings.rates_for(month)
    if rates is None:
        raise DraftError(f"no payroll rates in {settings.record.rel} are valid for {month}")
    problems = []
    lines: list[Line] = []
    for person in sorted(load_people(ws).values(), key=lambda p: p.id):
        if not person.employed(month) or person.contract_type == "contractor":
            continue
        expected = expected_pay(person, month, settings, rates)
        if expected.base is None:
            why = "is paid by the hour: enter the hours" if expected.hourly else "has no salary"
            problems.append(
                Problem(
                    person.record.rel,
                    *person.record.position(("salary",)),
                    "PAYROLL-NO-SALARY",
                    f"{person.id} {why} valid in {month}",
                )
            )
            continue
        pay = compute_pay(expected.base, rates)
        meal = cents(rates.meal_per_day * expected.meal_days)
        amounts = {key: ZERO for key in LINE_AMOUNTS}
        amounts.update(
            base=expected.base,
            gross=expected.base,
            employee_social=pay.employee_social,
            employee_health=pay.employee_health,
            tax_advance=pay.tax_advance,
            net=pay.net(expected.base),
            employer_social=pay.employer_social,
            employer_health=pay.employer_health,
            meal_contribution=meal,
        )
        lines.append(
            Line(person.id, len(lines), amounts, settings.currency, expected.meal_days or None)
        )
    run = Run(None, month, month.last, settings.payment_date(month), settings.currency, lines)
    run.totals = {key: run.total(key) for key in TOTALS}
    return run, problems


def render_run(run: Run) -> str:
    """A run as YAML, in the layout of the register's files."""
    out = [
        f"period: {run.period}",
        f"date: {run.date.isoformat()}",
        f"payment_date: {run.payment_date.isoformat()}",
        f"currency: {run.currency}",
    ]
    if run.note:
        out.append(f"note: {_yaml_text(run.note)}")
    out.append("employees:")
    for line in run.lines:
        out.append(f"  - person: {line.person}")
        for key in LINE_AMOUNTS:
            if key == "meal_contribution" and line.meal_days is not None:
                out.append(f"    meal_days: {line.meal_days}")
            elif key in OPTIONAL_AMOUNTS and not line.amounts[key]:
                continue
            out.append(f'    {key}: "{money(line.amounts[key], run.currency)}"')
        if line.override:
            out.append(f"    override: {_yaml_text(line.override)}")
    if run.not_paid:
        out.append("not_paid:")
        for person, reason in sorted(run.not_paid.items()):
            out += [f"  - person: {person}", f"    reason: {_yaml_text(reason)}"]
    out.append("totals:")
    for key in TOTALS:
        out.append(f'  {key}: "{money(run.totals.get(key, ZERO), run.currency)}"')
    return "\n".join(out) + "\n"


def _yaml_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- ledger entries ------------------------------------------------------------------------


def run_transaction(run: Run, settings: Settings, people: dict[str, Person]) -> Transaction:
    """One run as one transaction: gross pay per person on their cost account, employer
    contributions and the meal contribution, and what is owed to whom."""
    accounts = settings.accounts
    cur = run.currency
    postings = [
        Posting(
            people[line.person].cost_account, line.amounts["gross"], cur, {"person": line.person}
        )
        for line in run.lines
    ]

    def add(key: str, amount: Decimal, meta: dict[str, str] | None = None) -> None:
        if amount:
            postings.append(Posting(accounts[key], amount, cur, meta or {}))

    add("employer_social", run.total("employer_social"))
    add("employer_health", run.total("employer_health"))
    add("meal_contribution", run.total("meal_contribution"))
    add("employees", -run.total("net"))
    add("employees", -run.total("meal_contribution"), {"note": MEAL_NOTE})
    add("social_insurance", -(run.total("employee_social") + run.total("employer_social")))
    add("health_insurance", -(run.total("employee_health") + run.total("employer_health")))
    add("tax_advances", -run.total("tax_advance"))
    if run.total("deductions"):
        add("deductions", -run.total("deductions"))
    return Transaction(
        date=run.date,
        narration=f"Payroll {run.period.name()}",
        postings=postings,
        tags=("payroll",),
        links=(f"payroll-{run.period}",),
    )


def ledger_problems_for_runs(ws: Workspace) -> list[Problem]:
    """What stops the runs from becoming entries: accounts missing from the settings, people
    without a cost account."""
    settings = load_settings(ws)
    runs = load_runs(ws)
    if not runs or settings is None:
        return []
    found = []
    needed = set(ACCOUNT_KEYS)
    if any(run.total("deductions") for run in runs):
        needed.add("deductions")
    for key in sorted(needed - set(settings.accounts)):
        found.append(
            Problem(
                settings.record.rel,
                *settings.record.position(("accounts",)),
                "PAYROLL-ACCOUNT",
                f"accounts.{key} is needed to book the payroll runs",
            )
        )
    return found


def transactions(ws: Workspace) -> list[Transaction]:
    """The ledger entries of every payroll run (assumes `run_problems` found nothing)."""
    settings = load_settings(ws)
    if settings is None:
        return []
    people = load_people(ws)
    return [run_transaction(run, settings, people) for run in load_runs(ws)]


def payment_problems(ws: Workspace) -> list[Problem]:
    """Payments linked to a run (bank entries written by hand, ``^payroll-YYYY-MM``) settle
    exactly what the run owes on each liability account they touch."""
    settings = load_settings(ws)
    runs = load_runs(ws)
    if settings is None or not runs:
        return []
    paid: dict[tuple[str, str], Decimal] = {}
    for entry in ws.ledger.entries:
        if not isinstance(entry, data.Transaction) or is_generated(entry, ws.root):
            continue
        for link in entry.links or ():
            for posting in entry.postings:
                if posting.units is not None and posting.units.number is not None:
                    slot = (link, posting.account)
                    paid[slot] = paid.get(slot, ZERO) + Decimal(posting.units.number)
    found = []
    for run in runs:
        owed = {
            "employees": run.total("net") + run.total("meal_contribution"),
            "social_insurance": run.total("employee_social") + run.total("employer_social"),
            "health_insurance": run.total("employee_health") + run.total("employer_health"),
            "tax_advances": run.total("tax_advance"),
        }
        for key, amount in owed.items():
            account = settings.accounts.get(key)
            settled = paid.get((f"payroll-{run.period}", account or ""))
            if account is None or settled is None or settled == amount:
                continue
            found.append(
                _at(
                    run,
                    ("totals",),
                    "PAYROLL-PAYMENT",
                    f"payments linked ^payroll-{run.period} settle {money(settled, run.currency)} "
                    f"on {account}; the run owes {money(amount, run.currency)}",
                )
            )
    return found
