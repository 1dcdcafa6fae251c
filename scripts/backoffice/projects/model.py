"""The projects and timesheets registers read once: projects with their team and rates, every
timesheet entry with its person, day and hours, and the people's working calendar."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from backoffice.core.values import BadValue, as_date, as_decimal, parse_money
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace
from backoffice.payroll import days_of_rest

DEFAULT_HOURS_PER_DAY = Decimal(8)


@dataclass(frozen=True)
class Rate:
    price: Decimal
    currency: str


@dataclass
class Project:
    record: Record
    id: str
    name: str
    customer: str | None
    status: str
    start: date | None
    end: date | None
    billable: bool
    unit: str
    hours_per_day: Decimal
    budget_hours: Decimal | None
    budget_amount: Rate | None
    roles: dict[str, str]
    """Each team member's role, by person id."""
    role_rates: dict[str, Rate]
    person_rates: dict[str, Rate]
    invoice_line: dict[str, Any]

    def rate_for(self, person: str) -> tuple[str, Rate | None]:
        """(the invoice line's key, the price of a unit) of `person`'s hours: their own rate,
        else their role's; the key is the role, or the role and the person for a rate of their
        own."""
        role = self.roles.get(person, "")
        if person in self.person_rates:
            return f"{role}\t{person}", self.person_rates[person]
        return role, self.role_rates.get(role)

    def units(self, hours: Decimal) -> Decimal:
        """Hours in the unit the project is invoiced in."""
        return hours if self.unit == "h" else hours / self.hours_per_day

    def value(self, entries: list[Entry]) -> Decimal:
        """The billable ones of `entries` at the project's rates, to the cent."""
        total = Decimal(0)
        for entry in entries:
            rate = self.rate_for(entry.person)[1] if entry.billable else None
            if rate is not None:
                total += self.units(entry.hours) * rate.price
        return total.quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Entry:
    """One line of a timesheet: `hours` on `project` on `day`."""

    record: Record
    index: int
    person: str
    day: date
    project: str
    hours: Decimal
    billable: bool
    invoice: str | None

    def position(self, key: str = "day") -> tuple[int, int]:
        data = self.record.data["entries"][self.index]
        return self.record.position(("entries", self.index, key) if key in data else ())


@dataclass
class Person:
    id: str
    name: str
    start: date | None
    end: date | None
    hours_per_day: Decimal
    absences: list[tuple[date, date]] = field(default_factory=list)

    def employed(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def absence(self, day: date) -> tuple[date, date] | None:
        return next((span for span in self.absences if span[0] <= day <= span[1]), None)


def _rate(value: Any) -> Rate | None:
    try:
        amount, currency = parse_money(value)
    except BadValue:
        return None
    return Rate(amount, currency)


def _project(record: Record) -> Project:
    body = record.data
    budget = _mapping(body.get("budget"))
    team = [m for m in body.get("team") or [] if isinstance(m, dict)]
    rates = [r for r in body.get("rates") or [] if isinstance(r, dict)]
    per_day = as_decimal(body.get("hours_per_day"))
    return Project(
        record=record,
        id=record.id,
        name=str(body.get("name") or record.id),
        customer=body.get("customer") if isinstance(body.get("customer"), str) else None,
        status=str(body.get("status") or "open"),
        start=as_date(body.get("start")),
        end=as_date(body.get("end")),
        billable=body.get("billable") is True,
        unit="day" if body.get("unit") == "day" else "h",
        hours_per_day=per_day if per_day and per_day > 0 else DEFAULT_HOURS_PER_DAY,
        budget_hours=as_decimal(budget.get("hours")),
        budget_amount=_rate(budget["amount"]) if "amount" in budget else None,
        roles={str(m.get("person")): str(m.get("role")) for m in team},
        role_rates={
            str(r["role"]): rate for r in rates if "role" in r and (rate := _rate(r.get("price")))
        },
        person_rates={
            str(r["person"]): rate
            for r in rates
            if "person" in r and (rate := _rate(r.get("price")))
        },
        invoice_line=dict(body.get("invoice_line") or {}),
    )


def projects(ws: Workspace) -> dict[str, Project]:
    """Every readable project, by id."""

    def build() -> dict[str, Project]:
        return {r.id: _project(r) for r in ws.register("projects") if isinstance(r.data, dict)}

    return ws.derived(("projects", "projects"), build)


def _entries(record: Record, known: dict[str, Project]) -> list[Entry]:
    body = record.data
    person = body.get("person")
    found = []
    for index, item in enumerate(body.get("entries") or []):
        if not isinstance(item, dict):
            continue
        day, hours, project = (
            as_date(item.get("day")),
            as_decimal(item.get("hours")),
            item.get("project"),
        )
        if day is None or hours is None or not isinstance(project, str):
            continue  # the schema says what is wrong
        default = known[project].billable if project in known else False
        billable = item.get("billable", default) is True
        invoice = item.get("invoice")
        found.append(
            Entry(
                record,
                index,
                str(person),
                day,
                project,
                hours,
                billable,
                str(invoice) if invoice is not None else None,
            )
        )
    return found


def entries(ws: Workspace) -> list[Entry]:
    """Every readable timesheet entry, by file and then in its order."""

    def build() -> list[Entry]:
        known = projects(ws)
        found: list[Entry] = []
        for record in sorted(ws.register("timesheets"), key=lambda r: r.rel):
            if isinstance(record.data, dict):
                found += _entries(record, known)
        return found

    return ws.derived(("projects", "entries"), build)


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def people(ws: Workspace) -> dict[str, Person]:
    """The people register as the timesheets need it: employment, daily hours, absences."""

    def build() -> dict[str, Person]:
        found = {}
        for record in ws.register("people"):
            body: dict[str, Any] = record.data if isinstance(record.data, dict) else {}
            job = _mapping(body.get("employment"))
            weekly = as_decimal(job.get("hours_per_week")) or Decimal(40)
            leave = _mapping(body.get("leave"))
            spans = []
            for absence in leave.get("absences") or []:
                if isinstance(absence, dict):
                    first, last = as_date(absence.get("from")), as_date(absence.get("to"))
                    if first and last:
                        spans.append((first, last))
            found[record.id] = Person(
                record.id,
                str(body.get("name") or record.id),
                as_date(job.get("start")),
                as_date(job.get("end")),
                weekly / 5,
                spans,
            )
        return found

    return ws.derived(("projects", "people"), build)


def holidays(ws: Workspace) -> frozenset[date]:
    """The days of rest the payroll settings list (records/payroll-rates.yaml)."""
    return days_of_rest(ws).days


def working_days(ws: Workspace, person: Person, start: date, end: date) -> list[date]:
    """The days from `start` to `end` a person was due at work: Monday to Friday, not a day
    of rest, employed and not absent."""
    rest = holidays(ws)
    days, day = [], start
    while day <= end:
        if (
            day.weekday() < 5
            and day not in rest
            and person.employed(day)
            and person.absence(day) is None
        ):
            days.append(day)
        day += timedelta(days=1)
    return days
