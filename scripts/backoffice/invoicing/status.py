"""Where each invoice stands (draft, open, overdue, partly paid, paid), from the receivables
aging, for Fava's invoices page."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from backoffice.invoicing import model as invoices
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace


@dataclass
class InvoiceStatus:
    record: Record
    number: str
    kind: str
    customer: Record | None
    issue_date: str
    due_date: str
    total: Decimal | None
    currency: str
    open: Decimal | None
    status: str
    """draft, open, overdue, partly paid, paid, or for a credit note "credits <number>"."""
    document: str | None
    """The PDF as a Beancount document entry knows it (what Fava serves), if issued."""


def invoice_statuses(
    ws: Workspace, receivables: Any, documents: dict[str, str]
) -> list[InvoiceStatus]:
    """Every invoice with what is still open on it, from the receivables report (so paid and
    overdue mean what they mean there), newest first.

    `documents` maps a file's stem (``20260001``) to the document entry's file name."""
    open_by_number: dict[str, tuple[Decimal, int]] = {}
    for row in receivables.rows if receivables is not None else []:
        number = row.cells.get("document")
        if row.kind == "item" and number:
            open_by_number[str(number)] = (
                row.cells.get("open") or Decimal(0),
                row.cells.get("days") or 0,
            )
    found = []
    customers = ws.records.by_id().get("customers", {})
    for record in ws.records.register(invoices.REGISTER):
        data = record.data if isinstance(record.data, dict) else {}
        try:
            invoice: invoices.Invoice | None = invoices.load(ws, record)
        except invoices.InvoiceError:
            invoice = None
        total = invoice.total if invoice else None
        number = str(data.get("number") or record.id)
        issued = data.get("status") == "issued"
        open_eur, days = open_by_number.get(number, (Decimal(0), 0))
        open_amount = invoice.open_in_currency(open_eur) if invoice else open_eur
        if not issued:
            status = "draft"
        elif data.get("kind") == "credit-note":
            status = f"credits {data.get('corrects')}"
        elif number not in open_by_number:
            status = "paid"
        elif days > 0:
            status = "overdue"
        elif total is not None and open_amount < total:
            status = "partly paid"
        else:
            status = "open"
        found.append(
            InvoiceStatus(
                record,
                number,
                str(data.get("kind") or "invoice"),
                customers.get(str(data.get("customer"))),
                str(data.get("issue_date") or ""),
                str(data.get("due_date") or ""),
                total,
                str(data.get("currency") or "EUR"),
                open_amount if issued else None,
                status,
                documents.get(number) if issued else None,
            )
        )
    found.sort(key=lambda i: (i.issue_date, i.number), reverse=True)
    return found
