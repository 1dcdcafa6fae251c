"""What is still open on each issued invoice, from the receivables aging of the ledger, and so
where each invoice stands (draft, open, overdue, partly paid, paid): for reminders and Fava."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from backoffice.accounting import RECEIVABLES, open_documents
from backoffice.core.values import as_date
from backoffice.invoicing import deliveries
from backoffice.invoicing import model as invoices
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace
from backoffice.view.pages import Cell, Column, PageTable, documents


def _invoice_number(number: str, issued: dict[str, Record]) -> str | None:
    """The invoice a ledger document belongs to: a document known only by its ``^inv-`` link
    is that invoice, and a credit note counts against the invoice it corrects."""
    if number not in issued and number.startswith(RECEIVABLES.link):
        number = number.removeprefix(RECEIVABLES.link)
    record = issued.get(number)
    if record is None:
        return None
    corrects = record.data.get("corrects")
    if record.data.get("kind") == "credit-note" and corrects:
        return str(corrects)
    return number


def open_by_invoice(ws: Workspace, as_of: date) -> dict[str, Decimal]:
    """Open EUR amount per issued invoice number at the end of `as_of`. Ledger documents
    without an invoice record (opening balances typed into the journal) are left out."""
    issued = invoices.issued_by_number(ws)
    found: dict[str, Decimal] = defaultdict(lambda: invoices.ZERO)
    for doc in open_documents(ws, RECEIVABLES, as_of):
        number = _invoice_number(doc.number, issued)
        if number is not None:
            found[number] += doc.open
    return dict(found)


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
    delivery: str = ""
    """The latest event of the delivery log ("sent 2026-12-02"), if any."""


def invoice_statuses(ws: Workspace, as_of: date, documents: dict[str, str]) -> list[InvoiceStatus]:
    """Every invoice with what is still open on it at the end of `as_of`, newest first.

    `documents` maps a file's stem (``20260001``) to the document entry's file name."""
    open_by_number = open_by_invoice(ws, as_of)
    log = deliveries.by_invoice(ws)
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
        open_eur = open_by_number.get(number, invoices.ZERO)
        open_amount = invoice.open_in_currency(open_eur) if invoice else open_eur
        due = invoice.due_date if invoice else as_date(data.get("due_date"))
        if not issued:
            status = "draft"
        elif data.get("kind") == "credit-note":
            status = f"credits {data.get('corrects')}"
        elif not open_eur:
            status = "paid"
        elif due is not None and due < as_of:
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
                str(data.get("currency") or ws.currency),
                open_amount if issued else None,
                status,
                documents.get(number) if issued else None,
                log[number][-1].text if number in log else "",
            )
        )
    found.sort(key=lambda i: (i.issue_date, i.number), reverse=True)
    return found


def invoices_page(ws: Workspace, as_of: date) -> PageTable:
    """Fava's invoices page: every invoice with its status, its delivery and, once issued, its
    PDF as the Beancount document Fava serves."""
    pdfs = documents(ws, lambda path: path.suffix == ".pdf")
    rows = [
        [
            Cell(" (credit note)" if i.kind == "credit-note" else "", i.record),
            Cell(f" {i.customer.title()}", i.customer) if i.customer else Cell(),
            Cell(i.issue_date),
            Cell(i.due_date),
            Cell(f"{i.total if i.total is not None else ''} {i.currency}", css="num"),
            Cell(str(i.open) if i.open else "", css="num"),
            Cell(i.status, css="bad" if i.status == "overdue" else ""),
            Cell(
                i.delivery,
                css="bo-delivery" + (" bad" if i.delivery.startswith("rejected") else ""),
            ),
            Cell("PDF", document=i.document) if i.document else Cell(),
        ]
        for i in invoice_statuses(ws, as_of, pdfs)
    ]
    columns = ["Number", "Customer", "Issued", "Due", "Total", "Open", "Status", "Peppol", "PDF"]
    numeric = {"Total", "Open"}
    return PageTable(
        "Invoices",
        [Column(c, "num" if c in numeric else "") for c in columns],
        rows,
        "No invoices.",
    )
