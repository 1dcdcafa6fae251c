"""Reports on projects and time: utilisation per person and month, each project's budget
burn, and its margin (its time at the employer's cost against what was invoiced for it)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from backoffice.core.period import Month, Period
from backoffice.core.values import as_money
from backoffice.load.workspace import Workspace
from backoffice.projects.model import Entry, Person, entries, people, projects
from backoffice.projects.model import working_days as due_days
from backoffice.report.model import Column, Report, Row

ZERO = Decimal("0.00")
HUNDRED = Decimal(100)
COST_FIELDS = ("gross", "employer_social", "employer_health", "meal_contribution")
"""What a month of a person costs the company, as the payroll report's employer cost."""
HOURS = ("working", "recorded", "billable")
"""The utilisation report's hours, summed per person and in total."""
MARGIN_SUMS = ("hours", "cost", "invoiced")
"""The margin report's cells that add up in the total; the margin follows from them."""
PAY_DERIVED = frozenset({"cost", "margin", "margin_pct"})
"""A project's cost comes from its people's pay: hidden where personal data is (one person's
project shows their pay); the totals stay."""


def _share(part: Decimal, whole: Decimal | None) -> Decimal | None:
    """`part` in percent of `whole`, to one decimal place; None without a whole."""
    if not whole:
        return None
    return (part * HUNDRED / whole).quantize(Decimal("0.1"))


def _until(period: Period, as_of: date) -> date:
    return min(period.end, as_of)


def _entries_in(ws: Workspace, period: Period, last: date) -> list[Entry]:
    return [e for e in entries(ws) if period.start <= e.day <= last]


def _summed(parts: list[dict[str, Decimal]], keys: tuple[str, ...]) -> dict[str, Decimal]:
    """The cells `keys` of `parts` added up: a group's or the report's total."""
    return {key: sum((part[key] for part in parts), ZERO) for key in keys}


def _utilisation(hours: dict[str, Decimal]) -> dict[str, Decimal | None]:
    """Working, recorded and billable hours with the billable share of the working ones."""
    return {**hours, "utilisation": _share(hours["billable"], hours["working"])}


def _margin(sums: dict[str, Decimal]) -> dict[str, Decimal | None]:
    """Hours, cost and invoiced income with the margin between the two, also in percent."""
    margin = sums["invoiced"] - sums["cost"]
    return {**sums, "margin": margin, "margin_pct": _share(margin, sums["invoiced"])}


def utilisation_report(ws: Workspace, period: Period, as_of: date) -> Report:
    """Billable hours of each person and month against the hours they were due at work
    (working days, days of rest and absences left out, at their contracted daily hours)."""
    last = _until(period, as_of)
    staff = people(ws)
    recorded: dict[tuple[str, Month], Decimal] = defaultdict(lambda: ZERO)
    billable: dict[tuple[str, Month], Decimal] = defaultdict(lambda: ZERO)
    for entry in _entries_in(ws, period, last):
        key = (entry.person, Month.of(entry.day))
        recorded[key] += entry.hours
        if entry.billable:
            billable[key] += entry.hours
    rows: list[Row] = []
    person_hours = []
    for person_id in sorted({p for p, _ in recorded}):
        person = staff.get(person_id)
        months = sorted({m for p, m in recorded if p == person_id}, key=str)
        month_hours = [
            {
                "working": _due_hours(ws, person, max(m.first, period.start), min(m.last, last)),
                "recorded": recorded[(person_id, m)],
                "billable": billable[(person_id, m)],
            }
            for m in months
        ]
        hours = _summed(month_hours, HOURS)
        person_hours.append(hours)
        name = person.name if person else person_id
        rows.append(Row({"person": person_id, "name": name, **_utilisation(hours)}, "group"))
        for month, cells in zip(months, month_hours, strict=True):
            rows.append(Row({"person": str(month), "name": "", **_utilisation(cells)}, "item", 1))
    totals = _utilisation(_summed(person_hours, HOURS))
    rows.append(Row({"person": "Total", "name": "", **totals}, "total"))
    return Report(
        name="utilisation",
        title="Utilisation",
        period=period,
        as_of=last,
        subtitle="Billable hours against the hours each person was due at work",
        columns=[
            Column("person", "Person / month"),
            Column("name", "Name"),
            Column("working", "Working hours", "number"),
            Column("recorded", "Hours recorded", "number"),
            Column("billable", "Billable hours", "number"),
            Column("utilisation", "Utilisation %", "number"),
        ],
        rows=rows,
        totals=totals,
        notes=[
            "Working hours: Monday to Friday, without the days of rest of "
            "records/payroll-rates.yaml and the person's absences, at hours_per_week / 5."
        ],
    )


def _due_hours(ws: Workspace, person: Person | None, start: date, end: date) -> Decimal:
    if person is None or end < start:
        return ZERO
    return len(due_days(ws, person, start, end)) * person.hours_per_day


def budget_report(ws: Workspace, period: Period, as_of: date) -> Report:
    """Each project's hours and their value at its rates, from its start to the as-of date,
    against its budget."""
    by_project: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries(ws):
        if entry.day <= as_of:
            by_project[entry.project].append(entry)
    rows = []
    for project in sorted(projects(ws).values(), key=lambda p: p.id):
        if project.start and project.start > as_of:
            continue
        mine = by_project.get(project.id, [])
        hours = sum((e.hours for e in mine), ZERO)
        value = project.value(mine)
        budget = project.budget_amount.price if project.budget_amount else None
        rows.append(
            Row(
                {
                    "project": project.id,
                    "name": project.name,
                    "status": project.status,
                    "budget_hours": project.budget_hours,
                    "hours": hours,
                    "hours_used": _share(hours, project.budget_hours),
                    "budget_amount": budget,
                    "value": value if project.billable else None,
                    "amount_used": _share(value, budget) if project.billable else None,
                    "remaining": None if budget is None else budget - value,
                }
            )
        )
    return Report(
        name="project-budget",
        title="Project budget burn",
        period=None,
        as_of=as_of,
        subtitle="Hours and their value at the project's rates, from its start, against its budget",
        columns=[
            Column("project", "Project"),
            Column("name", "Name"),
            Column("status", "Status"),
            Column("budget_hours", "Budget hours", "number"),
            Column("hours", "Hours", "number"),
            Column("hours_used", "Hours used %", "number"),
            Column("budget_amount", "Budget", "money"),
            Column("value", "Value at rates", "money"),
            Column("amount_used", "Budget used %", "number"),
            Column("remaining", "Budget left", "money"),
        ],
        rows=rows,
    )


def hourly_costs(ws: Workspace) -> dict[tuple[str, Month], Decimal]:
    """What an hour of each person cost in each month with a payroll run: the run's employer
    cost over the hours of the working days of the month they were employed (paid leave
    included, as the pay covers it)."""
    staff = people(ws)
    costs: dict[tuple[str, Month], Decimal] = {}
    for run in ws.register("payroll"):
        body = run.data if isinstance(run.data, dict) else {}
        try:
            month = Month.parse(str(body.get("period")))
        except ValueError:
            continue
        for line in body.get("employees") or []:
            person = staff.get(str(line.get("person"))) if isinstance(line, dict) else None
            if person is None:
                continue
            amounts = [as_money(line.get(f)) for f in COST_FIELDS]
            cost = sum((a[0] for a in amounts if a is not None), ZERO)
            present = Person(person.id, person.name, person.start, person.end, person.hours_per_day)
            hours = _due_hours(ws, present, month.first, month.last)
            if hours:
                costs[(person.id, month)] = cost / hours
    return costs


def _cost_of(costs: dict[tuple[str, Month], Decimal], entry: Entry) -> tuple[Decimal | None, bool]:
    """(the hour's cost, whether it is an earlier month's) of an entry: its month's payroll
    run, else the latest run before it (a month not yet paid)."""
    month = Month.of(entry.day)
    if (entry.person, month) in costs:
        return costs[(entry.person, month)], False
    earlier = [m for p, m in costs if p == entry.person and str(m) < str(month)]
    if not earlier:
        return None, False
    return costs[(entry.person, max(earlier, key=str))], True


def invoiced(ws: Workspace, period: Period, last: date) -> dict[str, Decimal]:
    """Income booked in the period by each invoice, with the credit notes that correct it
    (linked `^inv-<number>` in the ledger), in the company's currency."""
    found: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for txn in ws.ledger.transactions():
        if not period.start <= txn.date <= last:
            continue
        for link in txn.links or ():
            if link.startswith("inv-"):
                for posting in txn.postings:
                    number = posting.units.number if posting.units is not None else None
                    if posting.account.startswith("Income") and number is not None:
                        found[link[4:]] -= number
    return found


def margin_report(ws: Workspace, period: Period, as_of: date) -> Report:
    """Each project's time at cost (the payroll runs' employer cost per hour) against the
    income of the invoices that billed its hours, in the period."""
    last = _until(period, as_of)
    costs = hourly_costs(ws)
    income = invoiced(ws, period, last)
    billed_hours: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for entry in entries(ws):
        if entry.invoice is not None:
            billed_hours[entry.invoice][entry.project] += entry.hours
    revenue: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for number, amount in income.items():
        shares = billed_hours.get(number)
        if shares:
            whole = sum(shares.values(), ZERO)
            for project_id, billed in shares.items():
                revenue[project_id] += amount * billed / whole
    hours: dict[str, Decimal] = defaultdict(lambda: ZERO)
    cost: dict[str, Decimal] = defaultdict(lambda: ZERO)
    estimated: set[str] = set()
    missing: set[str] = set()
    for entry in _entries_in(ws, period, last):
        hours[entry.project] += entry.hours
        rate, earlier = _cost_of(costs, entry)
        if rate is None:
            missing.add(entry.person)
            continue
        if earlier:
            estimated.add(str(Month.of(entry.day)))
        cost[entry.project] += entry.hours * rate
    shown = [
        p
        for p in sorted(projects(ws).values(), key=lambda p: p.id)
        if p.id in hours or p.id in revenue
    ]
    sums = [
        {
            "hours": hours[p.id],
            "cost": cost[p.id].quantize(ZERO),
            "invoiced": revenue[p.id].quantize(ZERO),
        }
        for p in shown
    ]
    rows = [
        Row({"project": p.id, "name": p.name, **_margin(cells)}, private=PAY_DERIVED)
        for p, cells in zip(shown, sums, strict=True)
    ]
    totals = _margin(_summed(sums, MARGIN_SUMS))
    rows.append(Row({"project": "Total", "name": "", **totals}, "total"))
    notes = [
        "Cost: each hour at its person's employer cost for the month (gross pay, employer "
        "contributions and meal contribution of the payroll run, over the month's working "
        "hours). Invoiced: the income of the invoices that billed the project's hours, with "
        "their credit notes, booked in the period, shared among projects by billed hours."
    ]
    if estimated:
        notes.append(
            f"No payroll run yet for {', '.join(sorted(estimated))}: "
            "those hours are at the person's latest run's cost."
        )
    if missing:
        notes.append(f"No payroll run for {', '.join(sorted(missing))}: their hours have no cost.")
    return Report(
        name="project-margin",
        title="Project margin",
        period=period,
        as_of=last,
        subtitle="Time at cost against what was invoiced",
        columns=[
            Column("project", "Project"),
            Column("name", "Name"),
            Column("hours", "Hours", "number"),
            Column("cost", "Cost of time", "money"),
            Column("invoiced", "Invoiced", "money"),
            Column("margin", "Margin", "money"),
            Column("margin_pct", "Margin %", "number"),
        ],
        rows=rows,
        totals=totals,
        notes=notes,
    )
