"""The employee's declaration (vyhlásenie, § 36(6) of Act 595/2003) in the person's record:
whether the monthly advance gives the non-taxable part, the children the tax bonus is claimed
for, and the request for the annual settlement; and every way a declaration contradicts itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from backoffice.core.period import Month
from backoffice.core.problems import Problem
from backoffice.core.values import ZERO, BadValue, parse_date
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace
from backoffice.payroll.rates import Rates
from backoffice.payroll.taxyear import TaxYear, load_tax_years


@dataclass(frozen=True)
class Child:
    name: str
    born: date
    first: Month
    last: Month
    index: int

    def claimed(self, month: Month) -> bool:
        return self.first <= month <= self.last


@dataclass(frozen=True)
class Declaration:
    """One person's declaration for one tax year."""

    person: str
    record: Record
    index: int
    year: int
    signed: date
    non_taxable_part: bool
    children: tuple[Child, ...]
    settlement_requested: date | None

    def covers(self, month: Month) -> bool:
        """Signed by the end of `month` of its year: that month's advance applies it."""
        return month.year == self.year and self.signed <= month.last

    def claimed_children(self, month: Month) -> list[Child]:
        return [c for c in self.children if c.claimed(month)] if self.covers(month) else []

    def path(self, *keys: str | int) -> tuple[str | int, ...]:
        return ("tax_declarations", self.index, *keys)


def _month(value: Any, default: Month) -> Month:
    return default if value is None else Month.parse(str(value))


def _child(item: Any, index: int, year: int) -> Child:
    born = parse_date(item["born"])
    start = max(Month(year, 1), Month.of(born)) if born.year <= year else Month(year, 1)
    return Child(
        name=str(item["name"]),
        born=born,
        first=_month(item.get("from"), start),
        last=_month(item.get("to"), Month(year, 12)),
        index=index,
    )


def _declaration(record: Record, item: Any, index: int) -> Declaration:
    year = int(item["year"])
    requested = item.get("settlement_requested")
    return Declaration(
        person=record.id,
        record=record,
        index=index,
        year=year,
        signed=parse_date(item["signed"]),
        non_taxable_part=bool(item.get("non_taxable_part", True)),
        children=tuple(_child(c, i, year) for i, c in enumerate(item.get("children") or [])),
        settlement_requested=parse_date(requested) if requested is not None else None,
    )


def person_declarations(record: Record) -> list[Declaration]:
    """A person's declarations as written; one that cannot be read is left out (the schema
    says why)."""
    data = record.data if isinstance(record.data, dict) else {}
    found = []
    for index, item in enumerate(data.get("tax_declarations") or []):
        try:
            found.append(_declaration(record, item, index))
        except (BadValue, KeyError, TypeError, ValueError, AttributeError):
            continue
    return found


def load_declarations(ws: Workspace) -> dict[tuple[str, int], Declaration]:
    """Every declaration by (person, year); the first one of a year counts."""
    found: dict[tuple[str, int], Declaration] = {}
    for record in ws.register("people"):
        for declaration in person_declarations(record):
            found.setdefault((declaration.person, declaration.year), declaration)
    return found


def monthly_non_taxable(
    declarations: dict[tuple[str, int], Declaration], person: str, month: Month, full: Decimal
) -> Decimal:
    """The non-taxable part the advance of `month` gives `person`: `full` (a twelfth of the
    yearly part) with a declaration signed by the end of the month, else nothing (§ 35(1),
    § 36(6))."""
    declaration = declarations.get((person, month.year))
    if declaration is None or not declaration.covers(month) or not declaration.non_taxable_part:
        return ZERO
    return full


def monthly_bonus(
    declarations: dict[tuple[str, int], Declaration],
    tax_year: TaxYear | None,
    person: str,
    month: Month,
    partial_base: Decimal,
) -> Decimal:
    """The tax bonus the run of `month` pays `person` on the month's partial tax base
    (gross − employee contributions), for the children the declaration claims then (§ 33)."""
    declaration = declarations.get((person, month.year))
    if declaration is None or tax_year is None:
        return ZERO
    amounts = [tax_year.child_amount(c.born, month) for c in declaration.claimed_children(month)]
    return tax_year.bonus(amounts, partial_base)


@dataclass
class Claims:
    """What the declarations on file give each person's monthly advance."""

    declarations: dict[tuple[str, int], Declaration]
    tax_years: dict[int, TaxYear]

    @classmethod
    def of(cls, ws: Workspace) -> Claims:
        return cls(load_declarations(ws), load_tax_years(ws))

    def non_taxable(self, person: str, month: Month, rates: Rates) -> Decimal:
        return monthly_non_taxable(self.declarations, person, month, rates.non_taxable_monthly)

    def bonus(self, person: str, month: Month, partial_base: Decimal) -> Decimal:
        return monthly_bonus(
            self.declarations, self.tax_years.get(month.year), person, month, partial_base
        )


def declaration_problems(ws: Workspace) -> list[Problem]:
    """PERSON-DECLARATION where a declaration contradicts itself: signed after the settlement's
    deadline of its year or after a month it claims, a child born after the months claimed for
    it, months outside the declaration's year, two declarations for one year."""
    years = load_tax_years(ws)
    found: list[Problem] = []
    for record in ws.register("people"):
        seen: set[int] = set()
        for d in person_declarations(record):
            found += _problems(d, years.get(d.year), seen)
    return found


def _problems(d: Declaration, tax_year: TaxYear | None, seen: set[int]) -> list[Problem]:
    found = []

    def problem(path: tuple[str | int, ...], message: str) -> None:
        found.append(Problem(d.record.rel, *d.record.position(path), "PERSON-DECLARATION", message))

    if d.year in seen:
        problem(d.path("year"), f"a second declaration for {d.year}: one per tax year")
    seen.add(d.year)
    deadline = tax_year.request_by if tax_year else date(d.year + 1, 2, 15)
    if d.signed > deadline:
        problem(
            d.path("signed"),
            f"the declaration for {d.year} is dated {d.signed}, after the period: it must be "
            f"signed by {deadline} (§ 36(6), § 38(1) of Act 595/2003)",
        )
    if d.settlement_requested is not None and d.settlement_requested < d.signed:
        problem(
            d.path("settlement_requested"),
            f"settlement requested on {d.settlement_requested}, before the declaration was "
            f"signed on {d.signed}",
        )
    for child in d.children:
        where = d.path("children", child.index)
        if child.born > Month(d.year, 12).last or Month.of(child.born) > child.first:
            problem(
                (*where, "born"),
                f"{child.name} is born on {child.born}, after the period the bonus is claimed "
                f"for ({child.first} to {child.last})",
            )
        elif child.first.year != d.year or child.last.year != d.year or child.first > child.last:
            problem(
                (*where, "from"),
                f"{child.name}: the bonus is claimed for {child.first} to {child.last}, not "
                f"within {d.year}",
            )
        elif child.first < Month.of(d.signed):
            problem(
                d.path("signed"),
                f"the declaration is dated {d.signed}, after {child.first}, the first month it "
                f"claims the bonus for {child.name}",
            )
    return found
