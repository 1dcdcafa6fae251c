"""The monthly payroll reports to the authorities, as figures: the employer's report to the tax
office on the advances withheld and paid (prehľad o zrazených a odvedených preddavkoch, § 39(9)(a)
of Act 595/2003) and the monthly social insurance report (mesačný výkaz poistného, Act 461/2003)
by fund and by employee. The portals' XML is a later step."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from backoffice.core.period import Period
from backoffice.core.values import ZERO
from backoffice.core.words import count
from backoffice.load.workspace import Workspace
from backoffice.payroll.people import load_people
from backoffice.payroll.rates import load_settings
from backoffice.payroll.runs import Run, load_runs
from backoffice.report.model import Column, Report, Row

HUNDRED = Decimal(100)

TAX_FORM_SOURCE = (
    "Rows of the form 'Prehľad o zrazených a odvedených preddavkoch na daň z príjmov zo závislej "
    "činnosti …, o zamestnaneckej prémii a o daňovom bonuse za uplynulý kalendárny mesiac' as "
    "the financial administration publishes it (pfseform.financnasprava.sk, form 353), filed by "
    "the end of the following month (§ 39(9)(a), § 49(2) of Act 595/2003). Rows 0 to 6 are "
    "checked against that page; the texts of rows 7 and 8 and of part II were not at hand and "
    "are not verified."
)

TAX_ROWS: tuple[tuple[str, str], ...] = (
    ("r.0", "Taxable income from employment paid for the month"),
    ("r.1", "Tax advances withheld for the month"),
    ("r.2", "Underpayments withheld (+) and overpayments refunded (−) from the annual settlement"),
    ("r.3", "Underpayments (+) and overpayments (−) of earlier periods under § 40"),
    ("r.4", "Sum of rows 1 to 3"),
    ("r.5", "Tax bonus paid (−) or collected (+)"),
    ("r.6", "Employee premium paid (−) or collected (+)"),
    ("r.7", "Tax bonus on mortgage interest paid (−) or collected (+) (not verified)"),
    ("r.8", "To be paid to the tax office: rows 4 to 7 (not verified)"),
)


def tax_office_rows(run: Run) -> dict[str, Decimal]:
    """The amount of each row of the tax office's monthly report for one run."""
    r = {
        "r.0": run.total("gross"),
        "r.1": run.total("tax_advance"),
        "r.2": run.total("settlement_withheld") - run.total("settlement_refund"),
        "r.3": ZERO,
        "r.5": -run.total("tax_bonus"),
        "r.6": ZERO,
        "r.7": ZERO,
    }
    r["r.4"] = r["r.1"] + r["r.2"] + r["r.3"]
    r["r.8"] = r["r.4"] + r["r.5"] + r["r.6"] + r["r.7"]
    return r


def _runs(ws: Workspace, period: Period) -> list[Run]:
    return [r for r in load_runs(ws) if period.start <= r.date <= period.end]


def tax_office_report(ws: Workspace, period: Period, as_of: date) -> Report:
    """Per month of the period, the rows of the employer's monthly report to the tax office and
    its tax bonus part, from the runs."""
    rows: list[Row] = []
    total = ZERO
    for run in _runs(ws, period):
        figures = tax_office_rows(run)
        total += figures["r.8"]
        rows.append(Row({"row": str(run.period), "item": f"Paid on {run.payment_date}"}, "group"))
        rows += [
            Row({"row": key, "item": text, "amount": figures[key]}, "item", 1)
            for key, text in TAX_ROWS
        ]
        paid = [line for line in run.lines if line.amounts["tax_bonus"]]
        rows.append(
            Row(
                {
                    "row": "II",
                    "item": f"Tax bonus: {count(len(paid), 'employee')} (not verified)",
                    "amount": run.total("tax_bonus"),
                },
                "item",
                1,
            )
        )
    rows.append(Row({"row": "Total", "item": "To be paid (r.8)", "amount": total}, "total"))
    return Report(
        name="payroll-tax-office",
        title="Monthly report of tax advances to the tax office",
        period=period,
        subtitle="Prehľad o zrazených a odvedených preddavkoch (§ 39(9)(a) of Act 595/2003)",
        columns=[Column("row", "Row"), Column("item", "Item"), Column("amount", "Amount", "money")],
        rows=rows,
        totals={"amount": total},
        notes=[TAX_FORM_SOURCE],
    )


def social_insurance_report(ws: Workspace, period: Period, as_of: date) -> Report:
    """Per month of the period, the social insurance owed by fund (employee and employer part,
    each fund rounded to the cent per person), and per employee the insured days and the
    assessment base."""
    settings = load_settings(ws)
    people = load_people(ws)
    rows: list[Row] = []
    notes: list[str] = []
    grand = {"employee": ZERO, "employer": ZERO}
    for run in _runs(ws, period):
        rates = settings.rates_for(run.period) if settings else None
        funds = rates.social.funds if rates else ()
        per_fund = {f.name: [ZERO, ZERO] for f in funds}
        people_rows = []
        for line in run.lines:
            assessable = line.amounts["gross"] - line.amounts.get("sick_pay", ZERO)
            for f in funds:
                employee_part, employer_part = f.amounts(assessable)
                per_fund[f.name][0] += employee_part
                per_fund[f.name][1] += employer_part
            ceilings = [f.ceiling for f in funds if f.ceiling is not None]
            capped = min([assessable, *ceilings])
            person = people.get(line.person)
            start, end = person.span(run.period) if person else (run.period.first, run.period.last)
            uninsured = (line.days or {}).get("uninsured", 0)
            if person and not person.employed(run.period):
                notes.append(
                    f"{run.period}: {line.person} left before the month and is paid back pay; "
                    "the Sociálna poisťovňa may count it to the last month insured (not verified)"
                )
            people_rows.append(
                Row(
                    {
                        "item": line.person,
                        "days": max(0, (end - start).days + 1 - uninsured),
                        "base": capped,
                        "employee": line.amounts["employee_social"],
                        "employer": line.amounts["employer_social"],
                    },
                    "item",
                    2,
                    private=frozenset({"base", "employee", "employer"}),
                )
            )
        employee, employer = run.total("employee_social"), run.total("employer_social")
        grand["employee"] += employee
        grand["employer"] += employer
        rows.append(
            Row({"item": str(run.period), "employee": employee, "employer": employer}, "group")
        )
        rows += [
            Row({"item": name, "employee": a, "employer": b}, "item", 1)
            for name, (a, b) in per_fund.items()
        ]
        by_funds = [sum((v[i] for v in per_fund.values()), ZERO) for i in (0, 1)]
        if funds and by_funds != [employee, employer]:
            notes.append(
                f"{run.period}: the funds add up to {by_funds[0]} and {by_funds[1]}, the run "
                f"withheld {employee} and owes {employer} (rounding per fund)"
            )
        rows.append(Row({"item": "Employees"}, "group", 1))
        rows += people_rows
    rows.append(Row({"item": "Total", **grand}, "total"))
    return Report(
        name="payroll-social-insurance",
        title="Monthly social insurance report",
        period=period,
        subtitle="Mesačný výkaz poistného: by fund and by employee",
        columns=[
            Column("item", "Fund or person"),
            Column("days", "Insured days", "number"),
            Column("base", "Assessment base", "money"),
            Column("employee", "Employee", "money"),
            Column("employer", "Employer", "money"),
        ],
        rows=rows,
        totals=dict(grand),
        notes=notes,
    )
