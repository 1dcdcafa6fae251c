"""The approval policy (records/approval-policy.yaml): who may approve an order of an amount,
the three-way match's tolerances, and the amount above which a bill needs an order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from backoffice.core.values import ZERO, as_date, as_decimal, as_money
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace

REGISTER = "approval-policy"


@dataclass(frozen=True)
class Band:
    up_to: Decimal | None
    """The highest amount of the band; None for the last, open band."""
    people: tuple[str, ...]
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Policy:
    record: Record
    currency: str
    bands: tuple[Band, ...]
    quantity_percent: Decimal
    price_percent: Decimal
    price_amount: Decimal
    order_required_above: Decimal | None


@dataclass(frozen=True)
class Person:
    id: str
    role: str
    start: date | None
    end: date | None
    github: str | None

    def employed_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def _band(item: Any) -> Band | None:
    if not isinstance(item, dict):
        return None
    limit = as_money(item.get("up_to"))
    named = [a for a in item.get("approvers") or [] if isinstance(a, dict)]
    people = tuple(str(a["person"]) for a in named if isinstance(a.get("person"), str))
    roles = tuple(str(a["role"]) for a in named if isinstance(a.get("role"), str))
    return Band(limit[0] if limit else None, people, roles)


def load_policy(ws: Workspace) -> Policy | None:
    """The policy, or None when the repository has none (or its shape is beyond reading: the
    schema reports why)."""
    found = ws.register(REGISTER)
    if not found or not isinstance(found[0].data, dict):
        return None
    body = found[0].data
    bands = [_band(item) for item in body.get("bands") or []]
    tolerance = body.get("tolerance")
    tolerance = tolerance if isinstance(tolerance, dict) else {}
    amount = as_money(tolerance.get("price_amount"))
    threshold = as_money(body.get("order_required_above"))
    if not bands or None in bands or not isinstance(body.get("currency"), str):
        return None
    return Policy(
        found[0],
        body["currency"],
        tuple(b for b in bands if b is not None),
        as_decimal(tolerance.get("quantity_percent")) or ZERO,
        as_decimal(tolerance.get("price_percent")) or ZERO,
        amount[0] if amount else ZERO,
        threshold[0] if threshold else None,
    )


def people(ws: Workspace) -> dict[str, Person]:
    """Everyone in the people register, by id: their role, employment and GitHub user."""
    found = {}
    for record in ws.register("people"):
        body = record.data if isinstance(record.data, dict) else {}
        job = body.get("employment")
        job = job if isinstance(job, dict) else {}
        github = body.get("github")
        found[record.id] = Person(
            record.id,
            str(body.get("role") or ""),
            as_date(job.get("start")),
            as_date(job.get("end")),
            github if isinstance(github, str) else None,
        )
    return found


def bands_for(policy: Policy, amount: Decimal) -> tuple[Band, ...]:
    """The bands whose approvers may approve `amount`: its own and every higher one."""
    return tuple(b for b in policy.bands if b.up_to is None or amount <= b.up_to)


def approvers(policy: Policy, amount: Decimal, staff: dict[str, Person], day: date) -> list[str]:
    """The people who may approve an order of `amount` on `day`: named in a band that reaches
    the amount, by id or by their role, and employed that day; in the policy's order."""
    found: list[str] = []
    for band in bands_for(policy, amount):
        for person in band.people:
            if person in staff and staff[person].employed_on(day):
                found.append(person)
        for role in band.roles:
            found += [p.id for p in staff.values() if p.role == role and p.employed_on(day)]
    return list(dict.fromkeys(found))


def limit_text(policy: Policy, amount: Decimal) -> str:
    """The band an amount falls in, as a reader names it."""
    band = bands_for(policy, amount)[0] if bands_for(policy, amount) else None
    if band is None or band.up_to is None:
        below = [b.up_to for b in policy.bands if b.up_to is not None]
        return f"above {max(below):.2f} {policy.currency}" if below else "any amount"
    return f"up to {band.up_to:.2f} {policy.currency}"
