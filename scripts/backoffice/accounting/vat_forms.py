"""The Slovak VAT filings built from the postings' VAT items: the VAT return's rows, the control
statement's sections per document, and the recapitulative statement per customer. The rows,
sections and codes are data (`vat-forms.yaml`) with their source; each report reconciles its
totals with the VAT accounts' own movements (`vat.reconcile`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from beancount.core import convert

from backoffice.accounting.vat import (
    VatItem,
    is_quarterly,
    reconcile,
    vat_items,
    vat_periods,
)
from backoffice.accounting.vat_categories import CATEGORIES, EU_STATES
from backoffice.core.errors import BackOfficeError
from backoffice.core.period import Period, months_of
from backoffice.core.values import ZERO
from backoffice.derive.books import Books, books
from backoffice.load.workspace import Workspace
from backoffice.report.model import Column, Report, Row

FORMS = Path(__file__).with_name("vat-forms.yaml")
MEASURES = ("base", "vat", "deducted")
SIDES = ("output", "input", "sale", "none")


@cache
def forms() -> dict[str, Any]:
    """The forms' data, checked once: every category it names is a known one."""
    data = yaml.safe_load(FORMS.read_text(encoding="utf-8"))
    named = [spec[1] for row in data["return"]["rows"] for spec in row.get("items") or []] + [
        c for s in data["control_statement"]["sections"] for c in s["categories"]
    ]
    unknown = sorted({c for c in named if c not in CATEGORIES})
    if unknown:
        raise BackOfficeError(f"{FORMS.name} names unknown VAT categories: {', '.join(unknown)}")
    return dict(data)


def _verified_note(spec: dict[str, Any]) -> list[str]:
    return [f"{spec['form']}. Source: {spec['source'].strip()}"]


# ----------------------------------------------------------------------------- the return


def _measure(item: VatItem, measure: str) -> Decimal:
    if measure == "base":
        return item.base
    if measure == "vat":
        return item.charged
    return item.vat


def return_rows(items: list[VatItem]) -> dict[str, Decimal]:
    """Each row of the return: its items' sum, or its rows' sum (positive_of and negative_of
    keep the own tax liability and the excess deduction apart)."""
    values: dict[str, Decimal] = {}
    for row in forms()["return"]["rows"]:
        number = row["row"]
        if "items" in row:
            total = ZERO
            for side, category, rate, measure in row["items"]:
                for item in items:
                    if (item.side, item.category) != (side, category):
                        continue
                    if rate != "any" and item.rate != Decimal(rate):
                        continue
                    total += _measure(item, measure)
            values[number] = total
            continue
        parts = row.get("sum") or row.get("positive_of") or row.get("negative_of") or []
        total = sum((-values[p[1:]] if p.startswith("-") else values[p] for p in parts), ZERO)
        if "positive_of" in row:
            total = max(total, ZERO)
        elif "negative_of" in row:
            total = -min(total, ZERO)
        values[number] = total
    return values


def vat_return_table(found: Books, period: Period, quarterly: bool = False) -> Report:
    spec = forms()["return"]
    periods = vat_periods(period, quarterly)
    values = {}
    notes = _verified_note(spec)
    for vp in periods:
        items = vat_items(found, vp.start, vp.end)
        values[vp.label] = return_rows(items)
        output = sum((i.vat for i in items if i.side == "output"), ZERO)
        input_ = sum((i.vat for i in items if i.side == "input"), ZERO)
        tax, deducted = values[vp.label]["25"], values[vp.label]["26"]
        if (tax, deducted) != (output, input_):
            notes.append(
                f"{vp.label}: DIFFERENCE: rows 25 and 26 ({tax:.2f}, {deducted:.2f}) leave out "
                f"VAT items ({output:.2f} output, {input_:.2f} input) no row takes."
            )
        notes += reconcile(found, vp, tax, deducted, "the return's rows 25 and 26:")
    rows = [
        Row(
            {
                "row": r["row"],
                "text": r["text"],
                **{p.label: values[p.label][r["row"]] for p in periods},
            },
            "item",
        )
        for r in spec["rows"]
    ]
    last = periods[-1].label
    return Report(
        name="vat-return",
        title="VAT return (daňové priznanie k DPH)",
        subtitle=f"{period.start.isoformat()} – {period.end.isoformat()}, {found.currency}",
        period=period,
        currency=found.currency,
        columns=[
            Column("row", "Row"),
            Column("text", "Text"),
            *[Column(p.label, p.label, "money") for p in periods],
        ],
        rows=rows,
        totals={
            "own_tax_liability": values[last]["31"],
            "excess_deduction": values[last]["32"],
            "row_numbers_verified": bool(spec.get("verified")),
        },
        notes=notes,
    )


def vat_return_report(ws: Workspace, period: Period, _as_of: date) -> Report:
    return vat_return_table(books(ws), period, is_quarterly(ws))


# ----------------------------------------------------------------------------- control statement


@dataclass(frozen=True)
class Partners:
    """The VAT ids of customers and suppliers, by record id."""

    customer: dict[str, str]
    supplier: dict[str, str]
    country: dict[str, str]

    def vat_id(self, kind: str, ident: str) -> str:
        return (self.customer if kind == "customer" else self.supplier).get(ident, "")


def partners(ws: Workspace) -> Partners:
    found: dict[str, dict[str, str]] = {"customers": {}, "suppliers": {}}
    country: dict[str, str] = {}
    for register, ids in found.items():
        for record in ws.register(register):
            data = record.data if isinstance(record.data, dict) else {}
            ids[record.id] = str(data.get("vat_id") or "")
            country[record.id] = str(data.get("country") or "SK")
    return Partners(found["customers"], found["suppliers"], country)


def _section_items(section: dict[str, Any], items: list[VatItem], known: Partners) -> list[VatItem]:
    chosen = []
    for item in items:
        if item.side != section["side"] or item.category not in section["categories"]:
            continue
        if bool(item.corrects) != bool(section.get("corrections")):
            continue
        has_id = bool(known.vat_id(section["partner"], item.partner))
        split_by_id = section["side"] == "output" and section["categories"] == ["domestic"]
        if split_by_id and has_id == bool(section.get("without_vat_id")):
            continue
        chosen.append(item)
    return chosen


def control_statement_table(ws: Workspace, found: Books, period: Period) -> Report:
    spec = forms()["control_statement"]
    known = partners(ws)
    rows: list[Row] = []
    notes = _verified_note(spec)
    counts: dict[str, int] = defaultdict(int)
    for vp in vat_periods(period, is_quarterly(ws)):
        items = vat_items(found, vp.start, vp.end)
        deducted = {
            (i.document, i.partner, i.category, i.rate): i.vat for i in items if i.side == "input"
        }
        output = input_ = ZERO
        for section in spec["sections"]:
            chosen = _section_items(section, items, known)
            name = section["section"]
            rows.append(
                Row({"period": vp.label, "section": name, "partner": section["title"]}, "section")
            )
            if section.get("without_vat_id") or name == "D.1":
                per_rate: dict[Decimal, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
                for item in chosen:
                    per_rate[item.rate][0] += item.base
                    per_rate[item.rate][1] += item.vat
                    output += item.vat
                for rate, (base, vat) in sorted(per_rate.items(), reverse=True):
                    rows.append(
                        Row(
                            {
                                "period": vp.label,
                                "section": name,
                                "base": base,
                                "vat": vat,
                                "rate": rate,
                            },
                            "item",
                            1,
                        )
                    )
                    counts[name] += 1
                continue
            for item in sorted(chosen, key=lambda i: (i.day, i.document)):
                cells: dict[str, Any] = {
                    "period": vp.label,
                    "section": name,
                    "partner": known.vat_id(section["partner"], item.partner),
                    "document": item.document,
                    "corrects": item.corrects or None,
                    "date": item.day,
                    "base": item.base,
                    "vat": item.charged,
                    "rate": item.rate,
                }
                if section["side"] == "output":
                    output += item.vat
                    if name == "B.1":
                        key = (item.document, item.partner, item.category, item.rate)
                        cells["deducted"] = deducted.get(key, ZERO)
                        input_ += cells["deducted"]
                elif section["side"] == "input":
                    cells["deducted"] = item.vat
                    input_ += item.vat
                rows.append(Row({k: v for k, v in cells.items() if v is not None}, "item", 1))
                counts[name] += 1
                if not cells["partner"] and name in ("A.1", "B.2", "C.1", "C.2"):
                    notes.append(
                        f"{vp.label} {name}: {section['partner']} {item.partner} of "
                        f"{item.document} has no IČ DPH (vat_id) in its record."
                    )
        notes += reconcile(found, vp, output, input_, "the control statement")
    return Report(
        name="control-statement",
        title="Control statement (kontrolný výkaz DPH)",
        subtitle=f"{period.start.isoformat()} – {period.end.isoformat()}, {found.currency}",
        period=period,
        currency=found.currency,
        columns=[
            Column("period", "Period"),
            Column("section", "Section"),
            Column("partner", "Partner IČ DPH"),
            Column("document", "Document"),
            Column("corrects", "Corrects"),
            Column("date", "Date", "date"),
            Column("base", "Base", "money"),
            Column("vat", "VAT", "money"),
            Column("rate", "Rate", "number"),
            Column("deducted", "Deducted", "money"),
        ],
        rows=rows,
        totals={f"count_{k}": v for k, v in sorted(counts.items())},
        notes=notes,
    )


def control_statement_report(ws: Workspace, period: Period, _as_of: date) -> Report:
    return control_statement_table(ws, books(ws), period)


# ----------------------------------------------------------------------------- EC sales list


def _independent_eu_value(found: Books, known: Partners, month: Period) -> Decimal:
    """The income of invoices to customers in another member state that carry no output VAT:
    read from the accounts and the customer register, not from the postings' categories."""
    income_root = found.roots["income"]
    total = ZERO
    for txn in found.transactions_in(month.start, month.end):
        customer = str((txn.meta or {}).get("customer") or "")
        if "invoice" not in (txn.meta or {}) or known.country.get(customer, "SK") == "SK":
            continue
        if known.country.get(customer) not in EU_STATES:
            continue
        if any("VAT" in p.account.split(":")[-1].upper() for p in txn.postings):
            continue
        total -= sum(
            (
                convert.get_weight(p).number or ZERO
                for p in txn.postings
                if p.account.split(":")[0] == income_root
            ),
            ZERO,
        )
    return total


def ec_sales_list_table(ws: Workspace, found: Books, period: Period) -> Report:
    spec = forms()["ec_sales_list"]
    codes: dict[str, str] = spec["codes"]
    known = partners(ws)
    rows: list[Row] = []
    notes = _verified_note(spec)
    grand = ZERO
    for month in months_of(period) or [period]:
        values: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
        for item in vat_items(found, month.start, month.end):
            if item.side == "sale" and item.category in codes:
                vat_id = known.vat_id("customer", item.partner)
                if not vat_id:
                    notes.append(
                        f"{month.label}: customer {item.partner} of {item.document} has no VAT "
                        "id (vat_id): the statement needs it."
                    )
                values[(vat_id, codes[item.category])] += item.base
        total = sum(values.values(), ZERO)
        if not values:
            continue
        rows.append(Row({"period": month.label, "partner": "Month", "value": total}, "section"))
        for (vat_id, code), value in sorted(values.items()):
            rows.append(
                Row(
                    {
                        "period": month.label,
                        "partner": vat_id,
                        "country": vat_id[:2],
                        "value": value,
                        "code": code,
                    },
                    "item",
                    1,
                )
            )
        grand += total
        independent = _independent_eu_value(found, known, month)
        if independent == total:
            notes.append(
                f"{month.label}: {total:.2f} agrees with the income of the invoices to customers "
                "in other member states without VAT, read from the accounts."
            )
        else:
            notes.append(
                f"{month.label}: DIFFERENCE: the statement lists {total:.2f}, the income of the "
                f"invoices to customers in other member states without VAT is "
                f"{independent:.2f}."
            )
    rows.append(Row({"partner": "Total", "value": grand}, "total"))
    return Report(
        name="ec-sales-list",
        title="Recapitulative statement (súhrnný výkaz)",
        subtitle=f"{period.start.isoformat()} – {period.end.isoformat()}, {found.currency}",
        period=period,
        currency=found.currency,
        columns=[
            Column("period", "Month"),
            Column("partner", "Customer VAT id"),
            Column("country", "Country"),
            Column("value", "Value", "money"),
            Column("code", "Code"),
        ],
        rows=rows,
        totals={"value": grand},
        notes=notes,
    )


def ec_sales_list_report(ws: Workspace, period: Period, _as_of: date) -> Report:
    return ec_sales_list_table(ws, books(ws), period)
