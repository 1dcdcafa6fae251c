"""The deadlines of the books: open sales invoices to collect and supplier bills to pay."""

from __future__ import annotations

from datetime import date

from backoffice.accounting.aging import PAYABLES, RECEIVABLES, open_documents, party_names
from backoffice.derive.books import books
from backoffice.load.workspace import Workspace
from backoffice.report.common import last_transaction_date
from backoffice.report.deadlines import Deadline
from backoffice.report.render import money


def invoice_deadlines(ws: Workspace, as_of: date) -> list[Deadline]:
    """Open sales invoices (to collect) and supplier bills (to pay) by their due dates."""
    if last_transaction_date(ws) is None:
        return []
    found = books(ws)
    out = []
    for side, kind in ((RECEIVABLES, "invoice due"), (PAYABLES, "bill due")):
        names = party_names(ws, side.register)
        for doc in open_documents(ws, side, as_of):
            if doc.due is None:
                continue
            who = names.get(doc.party, doc.party)
            title = f"{'Invoice' if side is RECEIVABLES else 'Bill'} {doc.number}, {who}: "
            title += f"{money(doc.open, ws.locale)} {found.currency}"
            out.append(
                Deadline(doc.due, kind, "ledger", doc.number, title, "", "ledger", (7, 0), True)
            )
    return out
