"""Where each bill stands (draft, open, overdue, partly paid, paid), from the payables aging of
the ledger: for Fava's bills page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from backoffice.accounting import PAYABLES, open_documents
from backoffice.bills import model
from backoffice.core.values import ZERO, as_date, as_decimal, cents, get
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace
from backoffice.view.pages import Cell, Column, PageTable, documents


@dataclass
class BillStatus:
    record: Record
    number: str
    kind: str
    supplier: Record | None
    issue_date: str
    due_date: str
    total: Decimal | None
    currency: str
    open: Decimal | None
    """Open EUR amount on the bill at the as-of date (booked bills only)."""
    status: str
    """draft, open, overdue, partly paid, paid, or for a credit note "credits <number>"."""
    document: str | None
    """The archived XML or PDF as a Beancount document entry knows it (what Fava serves)."""


def bill_statuses(ws: Workspace, as_of: date, documents: dict[str, str]) -> list[BillStatus]:
    """Every bill with what is still open on it at the end of `as_of`, newest first.

    `documents` maps an archived file's stem (``S-0001-PO26-001``) to the document entry's
    file name."""
    still_open: dict[tuple[str, str], Decimal] = {}
    for doc in open_documents(ws, PAYABLES, as_of):
        key = (doc.party, doc.number)
        still_open[key] = still_open.get(key, ZERO) + doc.open
    suppliers = ws.records.by_id().get("suppliers", {})
    found = []
    for record in ws.records.register(model.REGISTER):
        data = record.data if isinstance(record.data, dict) else {}
        supplier = str(data.get("supplier") or "")
        number = str(data.get("number") or record.id)
        total = as_decimal(get(data, "totals", "total"))
        booked = data.get("status") == "booked"
        open_eur = still_open.get((supplier, number), ZERO)
        due = as_date(data.get("due_date"))
        rate = as_decimal(data.get("eur_rate")) or Decimal(1)
        if not booked:
            status = "draft"
        elif data.get("kind") == "credit-note":
            status = f"credits {data.get('corrects') or number}"
        elif not open_eur:
            status = "paid"
        elif due is not None and due < as_of:
            status = "overdue"
        elif total is not None and open_eur < cents(total * rate):
            status = "partly paid"
        else:
            status = "open"
        found.append(
            BillStatus(
                record,
                number,
                str(data.get("kind") or "invoice"),
                suppliers.get(supplier),
                str(data.get("issue_date") or ""),
                str(data.get("due_date") or ""),
                total,
                str(data.get("currency") or ws.currency),
                open_eur if booked else None,
                status,
                documents.get(record.id) if booked else None,
            )
        )
    found.sort(key=lambda b: (b.issue_date, b.record.id), reverse=True)
    return found


def bills_page(ws: Workspace, as_of: date) -> PageTable:
    """Fava's bills page: every bill with its status and, once booked, its archived XML or PDF
    as the Beancount document Fava serves."""
    archived = documents(ws, lambda path: path.parent.parent.name == "bills")
    rows = [
        [
            Cell(" (credit note)" if b.kind == "credit-note" else "", b.record),
            Cell(f" {b.supplier.title()}", b.supplier) if b.supplier else Cell(),
            Cell(b.number),
            Cell(b.issue_date),
            Cell(b.due_date),
            Cell(f"{b.total if b.total is not None else ''} {b.currency}", css="num"),
            Cell(str(b.open) if b.open else "", css="num"),
            Cell(b.status, css="bad" if b.status == "overdue" else ""),
            Cell(b.document.rsplit(".", 1)[-1].upper(), document=b.document)
            if b.document
            else Cell(),
        ]
        for b in bill_statuses(ws, as_of, archived)
    ]
    columns = ["Bill", "Supplier", "Number", "Issued", "Due", "Total", "Open (EUR)", "Status"]
    numeric = {"Total", "Open (EUR)"}
    return PageTable(
        "Bills",
        [*(Column(c, "num" if c in numeric else "") for c in columns), Column("Document")],
        rows,
        "No bills.",
    )
