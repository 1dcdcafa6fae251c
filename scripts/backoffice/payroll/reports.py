"""Payroll for a period: per department and person, what was paid and what it cost."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from backoffice.core.period import Period
from backoffice.core.words import count
from backoffice.load.workspace import Workspace
from backoffice.payroll.people import load_people
from backoffice.payroll.runs import Line, load_runs
from backoffice.report.model import Column, Report, Row

ZERO = Decimal("0.00")
AMOUNTS = (
    ("gross", "Gross pay"),
    ("employee_contributions", "Employee contributions"),
    ("tax_advance", "Tax advance"),
    ("net", "Net pay"),
    ("employer_contributions", "Employer contributions"),
    ("meal_contribution", "Meal contribution"),
    ("employer_cost", "Employer cost"),
)


def _amounts(line: Line) -> dict[str, Decimal]:
    a = line.amounts
    employer = a["employer_social"] + a["employer_health"]
    return {
        "gross": a["gross"],
        "employee_contributions": a["employee_social"] + a["employee_health"],
        "tax_advance": a["tax_advance"],
        "net": a["net"],
        "employer_contributions": employer,
        "meal_contribution": a["meal_contribution"],
        "employer_cost": a["gross"] + employer + a["meal_contribution"],
    }


def _add(into: dict[str, Decimal], values: dict[str, Decimal]) -> None:
    for key, value in values.items():
        into[key] = into.get(key, ZERO) + value


def payroll_report(ws: Workspace, period: Period, as_of: date) -> Report:
    runs = [r for r in load_runs(ws) if period.start <= r.date <= period.end]
    people = load_people(ws)
    names = {
        r.id: str(r.data.get("name", r.id))
        for r in ws.register("people")
        if isinstance(r.data, dict)
    }
    per_person: dict[str, dict[str, Decimal]] = defaultdict(dict)
    months: dict[str, int] = defaultdict(int)
    for run in runs:
        for line in run.lines:
            _add(per_person[line.person], _amounts(line))
            months[line.person] += 1
    departments: dict[str, list[str]] = defaultdict(list)
    for person_id in sorted(per_person):
        person = people.get(person_id)
        departments[person.department if person else ""].append(person_id)
    rows = []
    grand: dict[str, Decimal] = {}
    for department in sorted(departments):
        subtotal: dict[str, Decimal] = {}
        items = []
        for person_id in departments[department]:
            _add(subtotal, per_person[person_id])
            items.append(
                Row(
                    {
                        "person": person_id,
                        "name": names.get(person_id, person_id),
                        "months": months[person_id],
                        **per_person[person_id],
                    },
                    "item",
                    1,
                    private=frozenset(per_person[person_id]),
                )
            )
        rows.append(
            Row({"person": department or "—", "name": "", "months": None, **subtotal}, "group")
        )
        rows += items
        _add(grand, subtotal)
    rows.append(Row({"person": "Total", "name": "", "months": None, **grand}, "total"))
    return Report(
        name="payroll",
        title="Payroll",
        period=period,
        subtitle=count(len(runs), "payroll run"),
        columns=[
            Column("person", "Person"),
            Column("name", "Name"),
            Column("months", "Months", "number"),
            *(Column(key, title, "money") for key, title in AMOUNTS),
        ],
        rows=rows,
        totals={key: grand.get(key, ZERO) for key, _ in AMOUNTS},
    )
