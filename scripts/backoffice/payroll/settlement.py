"""The annual settlement of the employees' tax advances (ročné zúčtovanie, § 38 of Act
595/2003): per person who asked for it, the year's income, contributions and tax base, the
non-taxable part with its taper, the tax by the yearly bands, the tax bonus, what was withheld
and paid, and the difference the next run pays or withholds. Written once per person and year
to records/payroll-settlements/YYYY/YYYY-P-NNNN.yaml and never rewritten."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from backoffice.core.period import Month, Period
from backoffice.core.problems import Problem
from backoffice.core.values import ZERO, BadValue, money, parse_date, parse_money
from backoffice.core.words import count
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace
from backoffice.payroll.declarations import Declaration, load_declarations
from backoffice.payroll.people import employments
from backoffice.payroll.runs import Run, load_runs
from backoffice.payroll.taxyear import TaxYear, load_tax_years
from backoffice.report.model import Column, Report, Row

REGISTER = "payroll-settlements"
AMOUNTS = (
    "income",
    "contributions",
    "tax_base",
    "non_taxable_part",
    "taxable",
    "tax",
    "tax_bonus",
    "advances",
    "bonus_paid",
    "difference",
    "refund",
    "withheld",
)
"""The amounts of a settlement, in the order of the record and the report."""


@dataclass
class Settlement:
    person: str
    year: int
    date: date
    currency: str
    months: int
    amounts: dict[str, Decimal]
    record: Record | None = None

    @property
    def id(self) -> str:
        return f"{self.year}-{self.person}"

    @property
    def rel(self) -> Path:
        return Path("records") / REGISTER / str(self.year) / f"{self.id}.yaml"


def settle(
    declaration: Declaration, tax_year: TaxYear, runs: list[Run], on: date, currency: str
) -> Settlement:
    """One person's settlement from the lines of the year's runs that pay them."""
    lines = [line for run in runs for line in run.lines if line.person == declaration.person]

    def total(key: str) -> Decimal:
        return sum((line.amounts[key] for line in lines), ZERO)

    income = total("gross")
    contributions = total("employee_social") + total("employee_health")
    base = income - contributions
    part = tax_year.non_taxable_part(base) if declaration.non_taxable_part else ZERO
    taxable = max(ZERO, base - part)
    tax = tax_year.tax(taxable)
    bonus = yearly_bonus(declaration, tax_year, base)
    advances, bonus_paid = total("tax_advance"), total("tax_bonus")
    difference = (advances - tax) + (bonus - bonus_paid)
    refund = max(ZERO, difference)
    withheld = -difference if -difference > tax_year.withhold_above else ZERO
    return Settlement(
        person=declaration.person,
        year=tax_year.year,
        date=on,
        currency=currency,
        months=len(lines),
        amounts={
            "income": income,
            "contributions": contributions,
            "tax_base": base,
            "non_taxable_part": part,
            "taxable": taxable,
            "tax": tax,
            "tax_bonus": bonus,
            "advances": advances,
            "bonus_paid": bonus_paid,
            "difference": difference,
            "refund": refund,
            "withheld": withheld,
        },
    )


def yearly_bonus(declaration: Declaration, tax_year: TaxYear, base: Decimal) -> Decimal:
    """The year's bonus: for each month, the children claimed then at their age, reduced and
    capped (§ 33) as on a twelfth of the year's partial tax base, summed."""
    monthly_base = base / 12
    total = ZERO
    for m in range(1, 13):
        month = Month(tax_year.year, m)
        amounts = [
            tax_year.child_amount(child.born, month)
            for child in declaration.children
            if child.claimed(month)
        ]
        total += tax_year.bonus(amounts, monthly_base)
    return total


def draft_settlements(ws: Workspace, year: int, on: date) -> tuple[list[Settlement], list[Problem]]:
    """The settlements of `year` for everyone who asked for one by `on`, or the problems that
    stop them: the year not over, no figures for it, a month's run missing, a request too late,
    a settlement already on file."""
    problems: list[Problem] = []
    tax_year = load_tax_years(ws).get(year)
    rates = ws.register("payroll-rates")
    rates_rel = rates[0].rel if rates else "records/payroll-rates.yaml"
    if tax_year is None:
        return [], [_problem(rates_rel, (1, 1), f"no annual_tax for {year} in {rates_rel}")]
    if on <= date(year, 12, 31):
        return [], [
            _problem(rates_rel, (1, 1), f"{year} is not over on {on}: settle it from {year + 1}")
        ]
    runs = [r for r in load_runs(ws) if r.period.year == year]
    missing = _missing_months(ws, year, {r.period for r in runs})
    if missing:
        problems.append(
            _problem(
                f"records/payroll/{missing[0]}.yaml",
                (1, 1),
                f"the runs of {year} are incomplete: no run for {', '.join(map(str, missing))}; "
                f"draft them with `backoffice payroll draft` before settling",
            )
        )
    existing = {s.id for s in load_settlements(ws)}
    found = []
    for declaration in sorted(load_declarations(ws).values(), key=lambda d: d.person):
        requested = declaration.settlement_requested
        if declaration.year != year or requested is None or requested > on:
            continue
        where = declaration.record.position(declaration.path("settlement_requested"))
        if requested > tax_year.request_by:
            problems.append(
                _problem(
                    declaration.record.rel,
                    where,
                    f"{declaration.person} asked on {requested}, after {tax_year.request_by}: "
                    "the employer settles only a request made by then (§ 38(1)); the employee "
                    "files a tax return instead",
                )
            )
            continue
        settlement = settle(declaration, tax_year, runs, on, ws.currency)
        if settlement.id in existing:
            problems.append(
                _problem(
                    settlement.rel.as_posix(),
                    (1, 1),
                    f"{settlement.person}'s settlement of {year} exists already: a settlement "
                    "is written once and never redone",
                )
            )
        elif settlement.months == 0:
            problems.append(
                _problem(
                    declaration.record.rel,
                    where,
                    f"{declaration.person} asked for the settlement of {year} but no run of "
                    f"{year} pays them",
                )
            )
        else:
            found.append(settlement)
    return found, problems


def _missing_months(ws: Workspace, year: int, have: set[Month]) -> list[Month]:
    people = [p for p in employments(ws.register("people")) if p.contract_type != "contractor"]
    months = [Month(year, m) for m in range(1, 13)]
    return [m for m in months if m not in have and any(p.employed(m) for p in people)]


def _problem(rel: str, where: tuple[int, int], message: str) -> Problem:
    return Problem(rel, *where, "PAYROLL-SETTLEMENT", message)


def render_settlement(settlement: Settlement) -> str:
    """A settlement as the register's YAML."""
    out = [
        f"person: {settlement.person}",
        f"year: {settlement.year}",
        f"date: {settlement.date.isoformat()}",
        f"currency: {settlement.currency}",
        f"months: {settlement.months}",
    ]
    out += [f'{key}: "{money(settlement.amounts[key], settlement.currency)}"' for key in AMOUNTS]
    return "\n".join(out) + "\n"


def parse_settlement(record: Record, currency: str) -> Settlement | None:
    """A settlement as written, or None when its shape is broken (the schema says where)."""
    data: Any = record.data
    if not isinstance(data, dict):
        return None
    try:
        return Settlement(
            person=str(data["person"]),
            year=int(data["year"]),
            date=parse_date(data["date"]),
            currency=str(data.get("currency") or currency),
            months=int(data["months"]),
            amounts={key: parse_money(data[key])[0] for key in AMOUNTS},
            record=record,
        )
    except (BadValue, KeyError, TypeError, ValueError, AttributeError):
        return None


def load_settlements(ws: Workspace) -> list[Settlement]:
    found = [parse_settlement(r, ws.currency) for r in ws.register(REGISTER)]
    return sorted((s for s in found if s is not None), key=lambda s: (s.year, s.person))


def settlement_adjustments(ws: Workspace, month: Month) -> dict[str, tuple[Decimal, Decimal]]:
    """(refund, withheld) per person for the run of `month`: the previous year's settlements
    made by the end of the month and not yet carried by an earlier run of the year."""
    carried = {
        line.person
        for run in load_runs(ws)
        if run.period.year == month.year and run.period < month
        for line in run.lines
        if line.amounts["settlement_refund"] or line.amounts["settlement_withheld"]
    }
    return {
        s.person: (s.amounts["refund"], s.amounts["withheld"])
        for s in load_settlements(ws)
        if s.year == month.year - 1 and s.date <= month.last and s.person not in carried
    }


def settlement_problems(ws: Workspace) -> list[Problem]:
    """PAYROLL-SETTLEMENT where a settlement on file disagrees with itself: its file name, or
    its arithmetic (tax base, taxable base, difference, refund or withholding)."""
    found: list[Problem] = []
    for s in load_settlements(ws):
        assert s.record is not None
        record = s.record
        a = s.amounts

        def problem(key: str, message: str, rec: Record = record) -> None:
            found.append(Problem(rec.rel, *rec.position((key,)), "PAYROLL-SETTLEMENT", message))

        if record.id != s.id:
            problem("person", f"a settlement of {s.person} for {s.year} is named {s.id}.yaml")
        checks = {
            "tax_base": a["income"] - a["contributions"],
            "taxable": max(ZERO, a["tax_base"] - a["non_taxable_part"]),
            "difference": a["advances"] - a["tax"] + a["tax_bonus"] - a["bonus_paid"],
            "refund": max(ZERO, a["difference"]),
        }
        for key, want in checks.items():
            if a[key] != want:
                problem(
                    key,
                    f"{key} {money(a[key], s.currency)} does not follow from the other "
                    f"amounts: {money(want, s.currency)}",
                )
        if a["withheld"] not in (ZERO, -a["difference"]):
            problem(
                "withheld", f"withheld {money(a['withheld'], s.currency)} is not the underpayment"
            )
    return found + _carried_problems(ws)


def _carried_problems(ws: Workspace) -> list[Problem]:
    """PAYROLL-SETTLEMENT where a run pays a refund or withholds an underpayment that no
    settlement of the previous year states, or carries one a second time."""
    settlements = {(s.year, s.person): s for s in load_settlements(ws)}
    carried: set[tuple[int, str]] = set()
    found = []
    for run in load_runs(ws):
        for line in run.lines:
            paid = (line.amounts["settlement_refund"], line.amounts["settlement_withheld"])
            if paid == (ZERO, ZERO):
                continue
            key = (run.period.year - 1, line.person)
            s = settlements.get(key)
            if s is None:
                message = f"{line.person}: no settlement of {key[0]} is on file to carry"
            elif paid != (s.amounts["refund"], s.amounts["withheld"]):
                message = (
                    f"{line.person}: the settlement of {key[0]} on file gives refund "
                    f"{money(s.amounts['refund'], run.currency)} and withheld "
                    f"{money(s.amounts['withheld'], run.currency)}"
                )
            elif key in carried:
                message = f"{line.person}: the settlement of {key[0]} is carried a second time"
            else:
                carried.add(key)
                continue
            assert run.record is not None
            where = run.record.position(("employees", line.index, "settlement_withheld"))
            found.append(_problem(run.record.rel, where, message))
    return found


def settlement_report(ws: Workspace, period: Period, as_of: date) -> Report:
    """The annual settlements of the years the period ends in or covers, per person."""
    years = set(range(period.start.year, period.end.year + 1))
    settlements = [s for s in load_settlements(ws) if s.year in years]
    rows = [
        Row(
            {"person": s.person, "year": s.year, "date": s.date, **s.amounts},
            "item",
            private=frozenset(AMOUNTS),
        )
        for s in settlements
    ]
    totals = {key: sum((s.amounts[key] for s in settlements), ZERO) for key in AMOUNTS}
    rows.append(Row({"person": "Total", **totals}, "total"))
    return Report(
        name="payroll-settlement",
        title="Annual settlement of tax advances",
        period=period,
        subtitle=f"Ročné zúčtovanie (§ 38 of Act 595/2003): {count(len(settlements), 'person')}",
        columns=[
            Column("person", "Person"),
            Column("year", "Year", "number"),
            Column("date", "Settled on", "date"),
            *(Column(key, key.replace("_", " ").capitalize(), "money") for key in AMOUNTS),
        ],
        rows=rows,
        totals=totals,
    )
