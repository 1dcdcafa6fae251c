"""`backoffice bill new`: a draft bill record for a bill on paper or as PDF, from the supplier's
defaults, with the PDF archived under documents/bills/YYYY/."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from backoffice.accounting import VAT_CURRENCY, standard_vat_rate
from backoffice.bills import model
from backoffice.bills.importer import dump
from backoffice.bills.ubl import MAX_BYTES
from backoffice.core.files import write_atomic
from backoffice.core.problems import Problem
from backoffice.load.workspace import Workspace

DOCUMENT_SUFFIXES = (".pdf", ".xml")


@dataclass
class Draft:
    record: Path
    text: str
    document: Path | None = None
    content: bytes | None = None


def new_draft(
    ws: Workspace, supplier_id: str, number: str | None, day: date, document: Path | None
) -> tuple[Draft | None, list[Problem]]:
    def refused(message: str, code: str = "BILL-DRAFT") -> tuple[None, list[Problem]]:
        return None, [Problem(f"records/suppliers/{supplier_id}.yaml", 1, 1, code, message)]

    supplier = ws.records.get("suppliers", supplier_id)
    if supplier is None or not isinstance(supplier.data, dict):
        return refused(f"no supplier {supplier_id} in records/suppliers/", "REF-UNKNOWN")
    data = supplier.data
    accounts = data.get("accounts") if isinstance(data.get("accounts"), dict) else {}
    assert isinstance(accounts, dict)
    if not accounts.get("expense"):
        return refused(f"supplier {supplier_id} has no accounts.expense", "BILL-ACCOUNT-MISSING")
    number = number or f"DRAFT-{day.strftime('%Y%m%d')}"
    record_id = model.bill_id(supplier_id, number)
    rel = model.record_path(day, record_id)
    if (ws.root / rel).exists():
        return refused(f"{rel.as_posix()} exists already", "BILL-DUPLICATE")
    terms = model.payment_terms(data, ws.company)
    due = day + timedelta(days=terms if terms is not None else 14)
    body: dict[str, Any] = {
        "id": record_id,
        "supplier": supplier_id,
        "number": number,
        "kind": "invoice",
        "status": "draft",
        "issue_date": day,
        "supply_date": day,
        "due_date": due,
        "currency": str(data.get("currency") or VAT_CURRENCY),
        "lines": [
            {
                "description": "…",
                "quantity": "1",
                "unit_price": "0.00",
                "amount": "0.00",
                "vat_category": "S",
                "vat_rate": str(standard_vat_rate(day).value),
                "account": accounts["expense"],
            }
        ],
        "totals": {"net": "0.00", "vat": "0.00", "total": "0.00"},
    }
    if data.get("iban"):
        body["payment"] = {"iban": data["iban"]}
    draft = Draft(rel, "")
    if document is not None:
        if not document.is_file():
            return None, [Problem(str(document), 1, 1, "BILL-UNREADABLE", "no such file")]
        if document.suffix.lower() not in DOCUMENT_SUFFIXES:
            return None, [
                Problem(str(document), 1, 1, "BILL-DOCUMENT", "attach a .pdf (or an .xml)")
            ]
        if document.stat().st_size > MAX_BYTES:
            return None, [Problem(str(document), 1, 1, "BILL-TOO-LARGE", "file too large")]
        content = document.read_bytes()
        digest = model.sha256(content)
        for other in ws.register(model.REGISTER):
            if isinstance(other.data, dict) and other.data.get("document_sha256") == digest:
                return None, [
                    Problem(str(document), 1, 1, "BILL-DUPLICATE", f"attached to {other.rel}")
                ]
        target = model.DOCUMENTS / f"{day.year}" / f"{record_id}{document.suffix.lower()}"
        if (ws.root / target).exists():
            return refused(f"{target.as_posix()} exists already", "BILL-DUPLICATE")
        body["document"] = target.as_posix()
        body["document_sha256"] = digest
        draft.document, draft.content = target, content
    draft.text = (
        "# A draft: fill in the lines and totals from the bill, then set status: booked.\n"
        + dump(body)
    )
    return draft, []


def write(ws: Workspace, draft: Draft) -> None:
    if draft.document is not None and draft.content is not None:
        write_atomic(ws.root / draft.document, draft.content)
    write_atomic(ws.root / draft.record, draft.text)
