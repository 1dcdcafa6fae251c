"""The run of a month proposed from the HR register and the rates, written out as the
register's YAML."""

from __future__ import annotations

from backoffice.core.errors import BackOfficeError
from backoffice.core.period import Month
from backoffice.core.problems import Problem
from backoffice.core.values import ZERO, cents, money
from backoffice.load.workspace import Workspace
from backoffice.payroll.calculation import compute_pay, expected_pay
from backoffice.payroll.corrections import Correction, back_pay, meal_back_pay, meal_recovered
from backoffice.payroll.declarations import Claims
from backoffice.payroll.hr import person_problems
from backoffice.payroll.people import employments, load_people
from backoffice.payroll.rates import Rates, load_settings
from backoffice.payroll.runs import (
    LINE_AMOUNTS,
    OPTIONAL_AMOUNTS,
    TOTALS,
    Line,
    Run,
    due_corrections,
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
        if person.contract_type == "contractor":
            continue
        corrections = due_corrections(person, month, settings, runs)
        if not person.employed(month):
            if back_pay(corrections) > 0:
                lines.append(
                    _former(
                        person.id, len(lines), corrections, claims, month, rates, settings.currency
                    )
                )
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
        gross = expected.base + expected.compensation + expected.sick_pay + back_pay(corrections)
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
        meal = cents(rates.meal_per_day * expected.meal_days) + meal_back_pay(corrections)
        recovered = meal_recovered(corrections)
        amounts = {key: ZERO for key in LINE_AMOUNTS}
        amounts.update(
            base=expected.base,
            compensation=expected.compensation,
            sick_pay=expected.sick_pay,
            back_pay=back_pay(corrections),
            gross=gross,
            employee_social=pay.employee_social,
            employee_health=pay.employee_health,
            tax_advance=pay.tax_advance,
            tax_bonus=bonus,
            settlement_refund=refund,
            settlement_withheld=withheld,
            meal_recovered=recovered,
            net=pay.net(gross) + bonus + refund - withheld - recovered,
            employer_social=pay.employer_social,
            employer_health=pay.employer_health,
            meal_contribution=meal,
        )
        line = Line(person.id, len(lines), amounts, settings.currency, expected.meal_days or None)
        line.days = expected.days
        line.corrections = corrections
        lines.append(line)
    run = Run(None, month, month.last, settings.payment_date(month), settings.currency, lines)
    run.not_paid = not_paid
    run.totals = {key: run.total(key) for key in TOTALS}
    return run, problems


def _former(
    person: str,
    index: int,
    corrections: list[Correction],
    claims: Claims,
    month: Month,
    rates: Rates,
    currency: str,
) -> Line:
    """A former employee's line: the back pay and meal contribution the corrections owe them
    for the months of the year they worked, less the meal contribution they were overpaid."""
    gross = back_pay(corrections)
    pay = compute_pay(gross, rates, non_taxable=claims.non_taxable(person, month, rates))
    recovered = meal_recovered(corrections)
    amounts = {key: ZERO for key in LINE_AMOUNTS}
    amounts.update(
        back_pay=gross,
        gross=gross,
        employee_social=pay.employee_social,
        employee_health=pay.employee_health,
        tax_advance=pay.tax_advance,
        meal_recovered=recovered,
        net=pay.net(gross) - recovered,
        employer_social=pay.employer_social,
        employer_health=pay.employer_health,
        meal_contribution=meal_back_pay(corrections),
    )
    line = Line(person, index, amounts, currency)
    line.corrections = corrections
    return line


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
        if line.corrections:
            out.append("    corrections:")
            for c in line.corrections:
                out.append(
                    f'      - {{month: {c.month}, gross: "{money(c.gross, run.currency)}", '
                    f'meal: "{money(c.meal, run.currency)}"}}'
                )
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
