"""Monthly payroll runs (records/payroll/YYYY-MM.yaml) as written, and every way they disagree
with themselves, the rates or the HR register."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from backoffice.core.period import Month, Period, whole_months
from backoffice.core.problems import Problem
from backoffice.core.values import ZERO, BadValue, cents, money, parse_date, parse_money
from backoffice.core.words import count
from backoffice.derive.sync import booked_links
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace
from backoffice.payroll.absences import Past
from backoffice.payroll.calculation import Expected, banded_tax, compute_pay, expected_pay
from backoffice.payroll.corrections import (
    Correction,
    back_pay,
    correcting,
    correction,
    meal_back_pay,
    meal_recovered,
    parse_corrections,
)
from backoffice.payroll.declarations import Claims
from backoffice.payroll.people import Person, employments, load_people
from backoffice.payroll.rates import RATES_FILE, Rates, Settings, load_settings

GROSS_PARTS = ("base", "bonuses", "overtime", "compensation", "sick_pay", "back_pay")
TAX_ADJUSTMENTS = ("tax_bonus", "settlement_refund", "settlement_withheld")
"""Paid with net pay against the tax withheld: the tax bonus (§ 33), and the previous year's
annual settlement's refund or underpayment (§ 38)."""
LINE_AMOUNTS = (
    *GROSS_PARTS,
    "gross",
    "employee_social",
    "employee_health",
    "tax_advance",
    *TAX_ADJUSTMENTS,
    "deductions",
    "meal_recovered",
    "net",
    "employer_social",
    "employer_health",
    "meal_contribution",
)
OPTIONAL_AMOUNTS = {
    "bonuses",
    "overtime",
    "compensation",
    "sick_pay",
    "deductions",
    "meal_contribution",
    "back_pay",
    "meal_recovered",
    *TAX_ADJUSTMENTS,
}
WAGES = ("base", "bonuses", "overtime")
"""The parts of gross pay that are wages for average earnings (§ 134 of the Labour Code)."""
TOTALS = LINE_AMOUNTS[len(GROSS_PARTS) :]
"""The amounts a run totals: every line amount but the parts of the gross."""
PAY_AMOUNTS = (
    "employee_social",
    "employee_health",
    "tax_advance",
    "employer_social",
    "employer_health",
)
"""The amounts the rates give from the gross."""


@dataclass
class Line:
    person: str
    index: int
    amounts: dict[str, Decimal]
    currency: str
    meal_days: int | None = None
    override: str | None = None
    days: dict[str, int] | None = None
    """The month's working days by what was done on them (runs made by absences)."""
    corrections: list[Correction] = field(default_factory=list)
    """Earlier months of the year paid before the rules were corrected (`corrections`)."""


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
    days = item.get("days")
    return Line(
        person=str(item["person"]),
        index=index,
        amounts=amounts,
        currency=currencies.pop() if len(currencies) == 1 else "",
        meal_days=int(meal_days) if meal_days is not None else None,
        override=str(item["override"]) if item.get("override") else None,
        days={str(k): int(v) for k, v in days.items()} if isinstance(days, dict) else None,
        corrections=parse_corrections(item.get("corrections")),
    )


def parse_run(record: Record, currency: str) -> Run | None:
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
            currency=str(data.get("currency") or currency),
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
    runs = [parse_run(r, ws.currency) for r in ws.register("payroll")]
    return sorted((r for r in runs if r is not None), key=lambda r: r.period)


def pay_history(
    runs: list[Run], person: Person, settings: Settings, before: Month
) -> dict[Month, Past]:
    """What the runs before `before` paid `person`, month by month: wages and the days they
    were for (the days worked in a run made by absences, else the days employed), and the
    sickness insurance assessment base."""
    found = {}
    for run in runs:
        if run.period >= before:
            continue
        line = next((li for li in run.lines if li.person == person.id), None)
        if line is None:
            continue
        if line.days is not None:
            days = line.days.get("worked", 0)
        else:
            start, end = person.span(run.period)
            days = len(settings.working_days(start, end))
        rates = settings.rates_for(run.period)
        sickness = [f for f in rates.social.funds if f.name == "sickness"] if rates else []
        assessed = line.amounts["gross"] - line.amounts["sick_pay"]
        if sickness:
            assessed = sickness[0].base(assessed)
        wages = sum((line.amounts[k] for k in WAGES), ZERO)
        found[run.period] = Past(wages, days, assessed)
    return found


# --- checking a run ------------------------------------------------------------------------


def problem_at(run: Run, path: tuple[str | int, ...], code: str, message: str) -> Problem:
    assert run.record is not None
    return Problem(run.record.rel, *run.record.position(path), code, message)


def _line_path(line: Line, key: str) -> tuple[str | int, ...]:
    return ("employees", line.index, key)


def _arithmetic(
    run: Run,
    line: Line,
    rates: Rates | None,
    claims: Claims | None = None,
    contributions: bool = True,
) -> list[Problem]:
    """Problems with the line's sums and, when `rates` are given, with what the rates give:
    every contribution and the tax (`contributions`), else only the tax advance and bonus
    from the contributions as written (a run made before contributions were kept per fund)."""
    a = line.amounts
    found = []
    parts = sum((a[k] for k in GROSS_PARTS), ZERO)
    if parts != a["gross"]:
        found.append(
            problem_at(
                run,
                _line_path(line, "gross"),
                "PAYROLL-GROSS",
                f"{line.person}: gross {money(a['gross'], run.currency)} is not base + bonuses "
                f"+ overtime + compensation + sick pay + back pay = {money(parts, run.currency)}",
            )
        )
    net = a["gross"] - a["employee_social"] - a["employee_health"] - a["tax_advance"]
    net += a["tax_bonus"] + a["settlement_refund"] - a["settlement_withheld"] - a["deductions"]
    net -= a["meal_recovered"]
    if net != a["net"]:
        found.append(
            problem_at(
                run,
                _line_path(line, "net"),
                "PAYROLL-NET",
                f"{line.person}: net {money(a['net'], run.currency)} is not gross − employee "
                f"contributions − tax advance + tax bonus ± settlement − deductions − meal "
                f"recovered = "
                f"{money(net, run.currency)}",
            )
        )
    if rates is not None:
        taxable = rates.meal.taxable_per_day * (line.meal_days or 0)
        part = None if claims is None else claims.non_taxable(line.person, run.period, rates)
        withheld = a["employee_social"] + a["employee_health"]
        if contributions:
            pay = compute_pay(a["gross"], rates, a["sick_pay"], taxable, non_taxable=part)
            wants = {key: getattr(pay, key) for key in PAY_AMOUNTS}
            withheld = pay.employee_social + pay.employee_health
        else:
            wants = {"tax_advance": _advance(a["gross"] + taxable - withheld, rates, part)}
        if claims is not None:
            base = a["gross"] + taxable - withheld
            wants["tax_bonus"] = claims.bonus(line.person, run.period, base)
        for key, want in wants.items():
            if a[key] != want:
                found.append(
                    problem_at(
                        run,
                        _line_path(line, key),
                        "PAYROLL-CONTRIBUTION",
                        f"{line.person}: {key} {money(a[key], run.currency)}; the rates valid "
                        f"in {run.period} give {money(want, run.currency)}",
                    )
                )
        if contributions and (line.meal_days is not None or line.corrections):
            days = line.meal_days or 0
            meal = cents(rates.meal_per_day * days) + meal_back_pay(line.corrections)
            if a["meal_contribution"] != meal:
                found.append(
                    problem_at(
                        run,
                        _line_path(line, "meal_contribution"),
                        "PAYROLL-CONTRIBUTION",
                        f"{line.person}: meal_contribution "
                        f"{money(a['meal_contribution'], run.currency)}; "
                        f"{count(days, 'day')} "
                        f"at {money(rates.meal_per_day, run.currency)}"
                        f"{' with what earlier months paid short' if line.corrections else ''}"
                        f" give {money(meal, run.currency)}",
                    )
                )
    if line.currency and line.currency != run.currency:
        found.append(
            problem_at(
                run,
                _line_path(line, "gross"),
                "PAYROLL-CURRENCY",
                f"{line.person}: amounts in {line.currency}, the run is in {run.currency}",
            )
        )
    return found


def _advance(base: Decimal, rates: Rates, non_taxable: Decimal | None) -> Decimal:
    """The tax advance on a month's base before the non-taxable part (§ 35(1))."""
    part = rates.non_taxable_monthly if non_taxable is None else non_taxable
    return cents(banded_tax(max(ZERO, base - part), rates.tax_bands))


def _signs(run: Run, line: Line) -> list[Problem]:
    """A gross of more than zero, and no amount below zero: pay is never negative (what a
    person owes back is a deduction; someone paid nothing is listed under not_paid)."""
    gross = line.amounts["gross"]
    if gross <= 0:
        return [
            problem_at(
                run,
                _line_path(line, "gross"),
                "PAYROLL-AMOUNT",
                f"{line.person}: gross {money(gross, run.currency)} is not more than zero; "
                "list someone paid nothing under not_paid",
            )
        ]
    return [
        problem_at(
            run,
            _line_path(line, key),
            "PAYROLL-AMOUNT",
            f"{line.person}: {key} {money(amount, run.currency)} is negative",
        )
        for key, amount in line.amounts.items()
        if amount < 0
    ]


def _totals(run: Run) -> list[Problem]:
    found = []
    for key in TOTALS:
        total = run.total(key)
        written = run.totals.get(key, ZERO if key in OPTIONAL_AMOUNTS else None)
        if written is None:
            found.append(problem_at(run, ("totals",), "PAYROLL-TOTALS", f"totals.{key} is missing"))
        elif written != total:
            found.append(
                problem_at(
                    run,
                    ("totals", key),
                    "PAYROLL-TOTALS",
                    f"totals.{key} is {money(written, run.currency)}, the people add up to "
                    f"{money(total, run.currency)}",
                )
            )
    return found


def _employment(
    run: Run,
    people: dict[str, Person],
    settings: Settings | None,
    rates: Rates | None,
    runs: list[Run],
) -> list[Problem]:
    found = []
    paid = {}
    for line in run.lines:
        if line.person in paid:
            found.append(
                problem_at(
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
        if settings is not None:
            found += _corrections(run, line, person, settings, runs)
        if not person.employed(run.period) and line.corrections and not line.amounts["base"]:
            continue  # a former employee's back pay for months of the year worked
        if not person.employed(run.period):
            found.append(
                problem_at(
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
        history = pay_history(runs, person, settings, run.period)
        expected = expected_pay(
            person, run.period, settings, rates, history, corrected(run, settings)
        )
        found += _absence_amounts(run, line, expected)
        if expected.base is None and not expected.hourly:
            found.append(
                problem_at(
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
                problem_at(
                    run,
                    _line_path(line, "base"),
                    "PAYROLL-BASE",
                    f"{line.person}: base {money(line.amounts['base'], run.currency)} differs "
                    f"from the salary history ({money(expected.base, run.currency)} for "
                    f"{expected.days['worked'] if expected.days else expected.employed_days} of "
                    f"{count(expected.working_days, 'working day')}); "
                    "note an override to keep it",
                )
            )
    if settings is not None:
        found += _corrections_missing(run, people, settings, runs, set(paid))
    for person in sorted(people.values(), key=lambda p: p.id):
        if (
            person.employed(run.period)
            and person.contract_type != "contractor"
            and person.id not in paid
            and person.id not in run.not_paid
        ):
            found.append(
                problem_at(
                    run,
                    ("employees",),
                    "PAYROLL-NOT-PAID",
                    f"{person.id} is employed in {run.period} but not paid; add them or list "
                    "them under not_paid with a reason",
                )
            )
    return found


def recomputed(
    person: Person, month: Month, settings: Settings, runs: list[Run]
) -> dict[Month, Correction | None]:
    """Each month a run of `month` corrects whose run paid `person`: what the corrected rules
    give less what was paid (None where they cannot work it out, e.g. no salary valid)."""
    found: dict[Month, Correction | None] = {}
    for earlier in correcting(settings, month):
        run = next((r for r in runs if r.period == earlier), None)
        line = next((li for li in run.lines if li.person == person.id), None) if run else None
        if line is not None:
            paid = (line.amounts["gross"], line.amounts["meal_contribution"])
            history = pay_history(runs, person, settings, earlier)
            found[earlier] = correction(person, earlier, paid, settings, history)
    return found


def due_corrections(
    person: Person, month: Month, settings: Settings, runs: list[Run]
) -> list[Correction]:
    """The corrections a run of `month` owes `person`: the months it corrects whose run paid
    them other amounts than the corrected rules give."""
    return [
        c
        for c in recomputed(person, month, settings, runs).values()
        if c is not None and (c.gross or c.meal)
    ]


def _corrections(
    run: Run, line: Line, person: Person, settings: Settings, runs: list[Run]
) -> list[Problem]:
    """PAYROLL-CORRECTION where a line's corrections are not those the corrected rules give
    for the months this run corrects, or its back pay and meal recovered are not their sums."""
    again = recomputed(person, run.period, settings, runs)
    due = {m: c for m, c in again.items() if c is not None and (c.gross or c.meal)}
    if not line.corrections and not due:
        return []
    found = []
    written = {c.month: (i, c) for i, c in enumerate(line.corrections)}
    for month in sorted(set(due) | set(written)):
        if month in again and again[month] is None:
            continue  # not to be worked out: `check` says why elsewhere
        want = due.get(month)
        index, have = written.get(month, (None, None))
        if have is not None and want is not None and have.amounts == want.amounts:
            continue
        path = (
            _line_path(line, "person")
            if index is None
            else ("employees", line.index, "corrections", index)
        )
        if want is None:
            why = (
                "this run corrects no such month"
                if month not in correcting(settings, run.period)
                else "the corrected rules give what its run paid"
            )
            message = f"{line.person}: a correction of {month}, but {why}"
        else:
            message = (
                f"{line.person}: {month} by the corrected rules less what its run paid is gross "
                f"{money(want.gross, run.currency)}, meal {money(want.meal, run.currency)}"
            )
        found.append(problem_at(run, path, "PAYROLL-CORRECTION", message))
    sums = {
        "back_pay": back_pay(line.corrections),
        "meal_recovered": meal_recovered(line.corrections),
    }
    for key, total in sums.items():
        if line.amounts[key] != total:
            found.append(
                problem_at(
                    run,
                    _line_path(line, key),
                    "PAYROLL-CORRECTION",
                    f"{line.person}: {key} {money(line.amounts[key], run.currency)}; the "
                    f"corrections give {money(total, run.currency)}",
                )
            )
    return found


def _corrections_missing(
    run: Run, people: dict[str, Person], settings: Settings, runs: list[Run], paid: set[str]
) -> list[Problem]:
    """PAYROLL-CORRECTION for each person owed a correction whom the correcting run leaves out
    (a former employee among them)."""
    return [
        problem_at(
            run,
            ("employees",),
            "PAYROLL-CORRECTION",
            f"{person.id} is owed corrections of "
            f"{', '.join(str(c.month) for c in due)} but has no line in {run.period}",
        )
        for person in sorted(people.values(), key=lambda p: p.id)
        if person.id not in paid
        and person.id not in run.not_paid
        and (due := due_corrections(person, run.period, settings, runs))
    ]


def corrected(run: Run, settings: Settings) -> bool:
    """Whether a run is made by absences, meal days and contributions per fund: from the
    settings' `corrected_from` on, or when its lines record their days (a run drafted again)."""
    return settings.corrected(run.period) or any(line.days is not None for line in run.lines)


def _absence_amounts(run: Run, line: Line, expected: Expected) -> list[Problem]:
    """PAYROLL-ABSENCE where a run made by absences pays other days, leave or sick pay than
    the person's record gives (an override keeps what the line says)."""
    if expected.days is None or expected.base is None or line.override:
        return []
    found = []
    wanted: list[tuple[str, object, object]] = [
        ("days", line.days, expected.days),
        ("meal_days", line.meal_days or 0, expected.meal_days),
        ("compensation", line.amounts["compensation"], expected.compensation),
        ("sick_pay", line.amounts["sick_pay"], expected.sick_pay),
    ]
    for key, written, want in wanted:
        if written == want:
            continue
        shown = want if not isinstance(want, Decimal) else money(want, run.currency)
        why = f" ({'; '.join(expected.how)})" if expected.how and key != "days" else ""
        found.append(
            problem_at(
                run,
                _line_path(line, key),
                "PAYROLL-ABSENCE",
                f"{line.person}: {key} is {written if written is not None else 'missing'}; "
                f"the absences in the person's record give {shown}{why}",
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
    runs = load_runs(ws)
    claims = Claims.of(ws)
    found: list[Problem] = []
    for record in records:
        run = parse_run(record, ws.currency)
        if run is None:
            continue
        if str(run.period) != record.id:
            found.append(
                problem_at(
                    run,
                    ("period",),
                    "PAYROLL-PERIOD",
                    f"period {run.period} differs from the file name {record.id}",
                )
            )
        if Month.of(run.date) != run.period:
            found.append(
                problem_at(
                    run, ("date",), "PAYROLL-PERIOD", f"date {run.date} is not in {run.period}"
                )
            )
        rates = settings.rates_for(run.period) if settings else None
        whole = settings is not None and corrected(run, settings)
        if settings is None and not (ws.root / RATES_FILE).exists():
            found.append(
                problem_at(
                    run,
                    ("period",),
                    "PAYROLL-RATES-MISSING",
                    f"no payroll rates for {run.period}: {RATES_FILE} is missing",
                )
            )
        elif settings is not None and rates is None:
            found.append(
                problem_at(
                    run,
                    ("period",),
                    "PAYROLL-RATES-MISSING",
                    f"no payroll rates are valid for {run.period} in {settings.record.rel}",
                )
            )
        for line in run.lines:
            found += _signs(run, line)
            found += _arithmetic(run, line, rates, claims, contributions=whole)
        found += _totals(run)
        found += _employment(run, people, settings, rates, runs)
    return found


def unbooked_months(ws: Workspace, period: Period) -> list[str]:
    """Whole months of `period` in which someone was employed and no payroll is booked."""
    booked = booked_links(ws)
    people = employments(ws.register("people"))
    return [
        f"payroll of {month} is not booked: draft it with `backoffice payroll draft {month}`, "
        "then run `backoffice ledger sync`"
        for month in whole_months(period)
        if any(p.employed(month) for p in people) and f"payroll-{month}" not in booked
    ]
