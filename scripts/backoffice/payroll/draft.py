"""The run of a month proposed from the HR register and the rates, written out as the
register's YAML."""

from __future__ import annotations

from backoffice.core.errors import BackOfficeError
from backoffice.core.period import Month
from backoffice.core.problems import Problem
from backoffice.core.values import ZERO, cents, money
from backoffice.load.workspace import Workspace
from backoffice.payroll.calculation import compute_pay, expected_pay
from backoffice.payroll.declarations import Claims
from backoffice.payroll.hr import person_problems
from backoffice.payroll.people import employments, load_people
from backoffice.payroll.rates import load_settings
from backoffice.payroll.runs import (
    LINE_AMOUNTS,
    OPTIONAL_AMOUNTS,
    TOTALS,
    Line,
    Run,
    load_runs,
    pay_history,
)
from backoffice.payroll.settlement import settlement_adjustments


class PayrollDraftError(BackOfficeError):
    """A run cannot be proposed (no rates for the month, no settings)."""


def draft_run(ws: Workspace, month: Month) -> tuple[Run, list[Problem]]:
    """The run the HR register and the rates give for `month`; problems for people whose pay
    cannot be worked out (no salary valid, paid by the hour), and every error of the register
    (a run drafted from a wrong record would be wrong too)."""
    settings = load_settings(ws)
    if settings is None:
        raise PayrollDraftError(
            "records/payroll-rates.yaml is missing or unreadable; `check` says why"
        )
    rates = settings.rates_for(month)
    if rates is None:
        raise PayrollDraftError(f"no payroll rates in {settings.record.rel} are valid for {month}")
    if settings.holiday_years and month.year not in settings.holiday_years:
        raise PayrollDraftError(
            f"{settings.record.rel} lists no days of rest for {month.year}: its working days "
            "cannot be counted"
        )
    runs = [r for r in load_runs(ws) if r.period < month]
    problems = [p for p in person_problems(ws) if p.severity == "error"]
    problems += _unreadable(ws, month)
    claims = Claims.of(ws)
    settled = settlement_adjustments(ws, month)
    lines: list[Line] = []
    not_paid: dict[str, str] = {}
    for person in sorted(load_people(ws).values(), key=lambda p: p.id):
        if not person.employed(month) or person.contract_type == "contractor":
            continue
        history = pay_history(runs, person, settings, month)
        expected = expected_pay(person, month, settings, rates, history)
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
        gross = expected.base + expected.compensation + expected.sick_pay
        if gross <= 0:
            kinds = sorted(
                {a.kind for a in person.absences if a.first <= month.last and a.last >= month.first}
            )
            not_paid[person.id] = f"absent all month ({', '.join(kinds)}): nothing to pay"
            continue
        taxable = rates.meal.taxable_per_day * expected.meal_days
        pay = compute_pay(
            gross,
            rates,
            expected.sick_pay,
            taxable,
            non_taxable=claims.non_taxable(person.id, month, rates),
        )
        bonus = claims.bonus(
            person.id, month, gross + taxable - pay.employee_social - pay.employee_health
        )
        refund, withheld = settled.get(person.id, (ZERO, ZERO))
        meal = cents(rates.meal_per_day * expected.meal_days)
        amounts = {key: ZERO for key in LINE_AMOUNTS}
        amounts.update(
            base=expected.base,
            compensation=expected.compensation,
            sick_pay=expected.sick_pay,
            gross=gross,
            employee_social=pay.employee_social,
            employee_health=pay.employee_health,
            tax_advance=pay.tax_advance,
            tax_bonus=bonus,
            settlement_refund=refund,
            settlement_withheld=withheld,
            net=pay.net(gross) + bonus + refund - withheld,
            employer_social=pay.employer_social,
            employer_health=pay.employer_health,
            meal_contribution=meal,
        )
        line = Line(person.id, len(lines), amounts, settings.currency, expected.meal_days or None)
        line.days = expected.days
        lines.append(line)
    run = Run(None, month, month.last, settings.payment_date(month), settings.currency, lines)
    run.not_paid = not_paid
    run.totals = {key: run.total(key) for key in TOTALS}
    return run, problems


def _unreadable(ws: Workspace, month: Month) -> list[Problem]:
    """PAYROLL-UNREADABLE for each person employed in `month` whose pay cannot be worked out
    from their record: left out silently, they would go unpaid."""
    return [
        Problem(
            person.record.rel,
            *person.record.position(tuple(person.unreadable[0].split("."))),
            "PAYROLL-UNREADABLE",
            f"{person.id} cannot be paid for {month}: {', '.join(person.unreadable)} cannot be "
            "read (`check` says why)",
        )
        for person in employments(ws.register("people"))
        if person.unreadable and person.employed(month)
    ]


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
        if line.days:
            days = ", ".join(f"{k}: {v}" for k, v in line.days.items())
            out.append(f"    days: {{{days}}}")
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
