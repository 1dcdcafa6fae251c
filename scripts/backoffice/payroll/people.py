"""The people register (records/people/) as payroll reads it: employment, hours and salary
history of each person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from backoffice.core.period import Month
from backoffice.core.values import BadValue, parse_date, parse_decimal, parse_money
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace


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
