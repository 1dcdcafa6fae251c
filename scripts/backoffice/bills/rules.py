"""Bill rules: lines, VAT and totals add up (and agree with the archived e-invoice), the VAT
rates are in force and the due date follows the issue date, the archived document still hashes
as recorded, a supplier's number is used once, and a bill from a blocked supplier is flagged."""

from __future__ import annotations

from collections import defaultdict

from backoffice.accounting import PAYABLES, open_documents
from backoffice.bills import model
from backoffice.bills.ubl import totals_of
from backoffice.check.run import CheckOptions
from backoffice.core.clock import today
from backoffice.core.paths import OUTSIDE, inside, outside_message
from backoffice.core.problems import Problem
from backoffice.core.values import BadValue
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace
from backoffice.report.common import books_today


def _bills(ws: Workspace) -> list[model.Bill]:
    found = []
    for record in ws.register(model.REGISTER):
        try:
            found.append(model.read(record))
        except BadValue:
            continue  # the schema reports what is missing
    return found


def dated_after_today(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """A bill whose issue date is after today: no supplier issued it yet, so it is a typo."""
    now = today()
    return [
        Problem(
            bill.record.rel,
            *bill.record.position(("issue_date",)),
            "BILL-DATE-FUTURE",
            f"issue date {bill.issue_date} is after today ({now}): a typo for another day?",
        )
        for bill in _bills(ws)
        if bill.issue_date > now
    ]


def arithmetic(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """Each line is quantity × unit price, the lines add up to the net total, the VAT per rate to
    the VAT total, net and VAT to the total; a foreign currency has its rate."""
    return [p for bill in _bills(ws) for p in model.arithmetic_problems(bill)]


def dates_and_rates(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """A bill falls due on or after its issue date, and a Slovak rate on it is one in force on
    the supply date (a supplier outside Slovakia charges its own country's rate)."""
    found = []
    for bill in _bills(ws):
        supplier = ws.records.get("suppliers", bill.supplier)
        data = supplier.data if supplier is not None and isinstance(supplier.data, dict) else {}
        found += model.date_and_rate_problems(bill, str(data.get("country", "SK")) == "SK")
    return found


def asset_lines(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """A line that buys a registered asset books it on the asset's account."""
    return model.asset_problems(ws)


def vehicle_lines(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """A passenger car's line names its car, a registered vehicle: the car's notice of
    business-only use (§ 85n(5) of the VAT act) decides its deductible share."""
    found = []
    for bill in _bills(ws):
        for index, line in enumerate(bill.lines):
            if line.deduction != "vehicle":
                continue
            where = ("lines", index, "deduction" if line.vehicle is None else "vehicle")
            if line.vehicle is None:
                found.append(
                    Problem(
                        bill.record.rel,
                        *bill.record.position(where),
                        "BILL-VEHICLE",
                        f"line {index + 1} is a passenger car's cost but names no car: add "
                        "vehicle: A-NNNN, so that the car's vat_exclusive_business_use applies",
                        "warning",
                    )
                )
                continue
            asset = ws.records.get("assets", line.vehicle)
            category = (
                asset.data.get("category") if asset and isinstance(asset.data, dict) else None
            )
            if asset is not None and category != "vehicle":
                found.append(
                    model.problem(
                        bill.record,
                        where,
                        "BILL-VEHICLE",
                        f"line {index + 1} names {line.vehicle} as its car, which is a "
                        f"{category}, not a vehicle",
                    )
                )
    return found


def documents(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """The archived XML or PDF is there and unchanged; an e-invoice's totals are the record's."""
    found = []
    for bill in _bills(ws):
        record = bill.record
        if bill.document is None:
            if bill.status == "booked" and bill.document_sha256 is not None:
                found.append(
                    model.problem(
                        record, ("document_sha256",), "BILL-DOCUMENT-MISSING", "no document named"
                    )
                )
            continue
        file = ws.root / bill.document
        if not inside(ws.root, file):
            message = outside_message(str(bill.document))
            found.append(model.problem(record, ("document",), OUTSIDE, message))
            continue
        if not file.is_file():
            found.append(
                model.problem(
                    record,
                    ("document",),
                    "BILL-DOCUMENT-MISSING",
                    f"{bill.document} of bill {record.id} is missing",
                )
            )
            continue
        content = file.read_bytes()
        if bill.document_sha256 is None:
            found.append(
                model.problem(
                    record, ("document",), "BILL-HASH-MISSING", "document_sha256 is missing"
                )
            )
        elif model.sha256(content) != bill.document_sha256:
            found.append(
                model.problem(
                    record,
                    ("document_sha256",),
                    "BILL-HASH-MISMATCH",
                    f"{bill.document} no longer matches the hash of bill {record.id}",
                )
            )
            continue
        if file.suffix == ".xml":
            stated = totals_of(content)
            mine = (bill.currency, bill.net, bill.vat, bill.total)
            if stated is None or stated != mine:
                what = (
                    "cannot be read"
                    if stated is None
                    else (f"states {stated[1]} + {stated[2]} = {stated[3]} {stated[0]}")
                )
                found.append(
                    model.problem(
                        record,
                        ("totals",),
                        "BILL-XML-TOTALS",
                        f"the archived e-invoice {what}; the record says "
                        f"{bill.net} + {bill.vat} = {bill.total} {bill.currency}",
                    )
                )
    return found


def numbers_once(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """A supplier's number of a bill appears in one record only, per kind of document (a credit
    note may carry the number of the invoice it corrects)."""
    by_key: dict[tuple[str, str, str], list[Record]] = defaultdict(list)
    for record in ws.register(model.REGISTER):
        data = record.data if isinstance(record.data, dict) else {}
        if data.get("supplier") and data.get("number"):
            by_key[model.number_key(data)].append(record)
    found = []
    for (supplier, kind, _), group in sorted(by_key.items()):
        if len(group) < 2:
            continue
        others = ", ".join(r.rel for r in group)
        for record in group:
            found.append(
                model.problem(
                    record,
                    ("number",),
                    "BILL-NUMBER-DUPLICATE",
                    f"{supplier}'s {'credit note' if kind == 'credit-note' else 'bill'} "
                    f"{record.data.get('number')} is recorded twice: {others}",
                )
            )
    return found


def blocked_suppliers(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """A draft or unpaid bill from a blocked supplier (a warning: check it before paying). A
    bill paid in full is history and is not flagged again."""
    suppliers = {r.id: r for r in ws.register("suppliers")}
    day = books_today(ws)
    still_open = {(d.party, d.number) for d in open_documents(ws, PAYABLES, day)} if day else set()
    found = []
    for record in ws.register(model.REGISTER):
        data = record.data if isinstance(record.data, dict) else {}
        supplier = suppliers.get(str(data.get("supplier")))
        status = (
            supplier.data.get("status") if supplier and isinstance(supplier.data, dict) else None
        )
        key = (str(data.get("supplier")), str(data.get("number")))
        if status == "blocked" and (data.get("status") != "booked" or key in still_open):
            found.append(
                Problem(
                    record.rel,
                    *record.position(("supplier",)),
                    "BILL-SUPPLIER-BLOCKED",
                    f"bill {record.id} is from {supplier.id if supplier else ''}, a blocked "
                    "supplier: check the order behind it before paying",
                    "warning",
                )
            )
    return found
