"""Receivables and payables aging: what is open at a date, by days past the due date.

Documents are found in the ledger: a sales invoice by its ``invoice`` metadata (or an
``^inv-…`` link), a supplier bill by its ``supplier`` and ``bill`` metadata (or a
``^bill-…`` link), on the transaction or on the posting. The open amount of a document is the
sum of its postings on receivable (or payable) accounts up to the as-of date, so payments
made later, and partial payments, count as they should.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from beancount.core import convert, data

from backoffice.core.period import Period
from backoffice.core.values import ZERO
from backoffice.derive.books import Books, books
from backoffice.load.workspace import Workspace
from backoffice.report.common import effective_as_of, has_register, index, record_name
from backoffice.report.model import Column, Report, Row

BUCKETS = (
    ("not_due", "Not due", None, 0),
    ("d1_30", "1–30", 1, 30),
    ("d31_60", "31–60", 31, 60),
    ("d61_90", "61–90", 61, 90),
    ("d90", "> 90", 91, None),
)


def bucket(days_overdue: int) -> str:
    """The aging bucket of a document `days_overdue` days past its due date (≤ 0: not due)."""
    for key, _, low, high in BUCKETS:
        if (low is None or days_overdue >= low) and (high is None or days_overdue <= high):
            return key
    return BUCKETS[-1][0]


@dataclass
class Document:
    key: str
    party: str
    number: str
    issued: date | None = None
    due: date | None = None
    open: Decimal = ZERO
    accounts: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Side:
    """Receivables (customers' invoices) or payables (supplier bills)."""

    name: str
    title: str
    root_key: str
    prefix: str
    link: str
    party_key: str
    number_key: str
    register: str
    sign: int
    """+1: the open amount is the account balance (receivables); −1: minus it (payables)."""


RECEIVABLES = Side(
    "receivables",
    "Receivables aging",
    "assets",
    "Receivables",
    "inv-",
    "customer",
    "invoice",
    "customers",
    1,
)
PAYABLES = Side(
    "payables",
    "Payables aging",
    "liabilities",
    "Payables",
    "bill-",
    "supplier",
    "bill",
    "suppliers",
    -1,
)


def _meta(posting: data.Posting, txn: data.Transaction, key: str) -> Any:
    if posting.meta and key in posting.meta:
        return posting.meta[key]
    return txn.meta.get(key)


def _document_key(side: Side, posting: data.Posting, txn: data.Transaction) -> str | None:
    """The document a posting settles: its number metadata — for a credit note, the number it
    ``corrects``, so the two net — else the transaction's one ``^inv-…``/``^bill-…`` link."""
    number = _meta(posting, txn, "corrects") or _meta(posting, txn, side.number_key)
    if number is not None:
        party = _meta(posting, txn, side.party_key)
        return f"{party or ''}/{number}" if side is PAYABLES else str(number)
    links = [link for link in txn.links if link.startswith(side.link)]
    return links[0] if len(links) == 1 else None


def is_side_account(found: Books, side: Side, account: str) -> bool:
    parts = account.split(":")
    return parts[0] == found.roots[side.root_key] and side.prefix in parts[1:2]


def open_documents(ws: Workspace, side: Side, as_of: date) -> list[Document]:
    """Every document with a non-zero open amount at the end of `as_of` (computed once per
    workspace, side and date: the aging reports, the deadlines and the reminders share it)."""
    return ws.derived(
        ("open documents", side.name, as_of), lambda: _open_documents(books(ws), side, as_of)
    )


def _open_documents(found: Books, side: Side, as_of: date) -> list[Document]:
    docs: dict[str, Document] = {}
    opened = {e.account for e in found.entries if isinstance(e, data.Open)}
    accounts = {a for a in opened if is_side_account(found, side, a)}
    for txn in found.transactions_in(None, as_of):
        for posting in txn.postings:
            if posting.account not in accounts:
                continue
            key = _document_key(side, posting, txn)
            weight = convert.get_weight(posting)
            if key is None or weight.currency != found.currency or weight.number is None:
                continue
            doc = docs.get(key)
            if doc is None:
                number = _meta(posting, txn, side.number_key)
                doc = docs[key] = Document(
                    key,
                    str(_meta(posting, txn, side.party_key) or txn.payee or ""),
                    str(number if number is not None else key),
                )
            amount = side.sign * weight.number
            doc.open += amount
            doc.accounts.add(posting.account)
            due = _meta(posting, txn, "due")
            if amount > 0:
                if doc.issued is None:  # the document itself names it, not a payment
                    doc.issued = txn.date
                    doc.number = str(_meta(posting, txn, side.number_key) or doc.number)
                if isinstance(due, date):
                    doc.due = due
            elif doc.due is None and isinstance(due, date):
                doc.due = due
    return [d for d in docs.values() if d.open]


def aging(ws: Workspace, side: Side, as_of: date, names: dict[str, str]) -> Report:
    found = books(ws)
    docs = sorted(
        open_documents(ws, side, as_of),
        key=lambda d: (names.get(d.party, d.party), d.due or date.min, d.number),
    )
    keys = [k for k, *_ in BUCKETS]
    totals: dict[str, Any] = {k: ZERO for k in ("open", *keys)}
    totals.update({"documents": 0, "overdue": ZERO, "overdue_documents": 0})
    rows: list[Row] = []
    by_party: dict[str, list[Document]] = defaultdict(list)
    for doc in docs:
        by_party[doc.party].append(doc)
    for party, items in by_party.items():
        group: dict[str, Any] = {"party": names.get(party, party), "party_id": party}
        group.update({k: ZERO for k in ("open", *keys)})
        lines = []
        for doc in items:
            days = (as_of - doc.due).days if doc.due else 0
            where = bucket(days)
            line: dict[str, Any] = {
                "party": names.get(party, party),
                "party_id": party,
                "document": doc.number,
                "issued": doc.issued,
                "due": doc.due,
                "days": days if days > 0 else 0,
                "open": doc.open,
                **{k: (doc.open if k == where else None) for k in keys},
            }
            lines.append(Row(line, "item", 1))
            group["open"] += doc.open
            group[where] += doc.open
            totals["open"] += doc.open
            totals[where] += doc.open
            totals["documents"] += 1
            if where != "not_due":
                totals["overdue"] += doc.open
                totals["overdue_documents"] += 1
        rows.append(Row(group, "group"))
        rows += lines
    rows.append(Row({"party": "Total", **{k: totals[k] for k in ("open", *keys)}}, "total"))
    party_title = "Customer" if side is RECEIVABLES else "Supplier"
    return Report(
        name=side.name,
        title=side.title,
        subtitle=f"open at {as_of.isoformat()}, days past due, {found.currency}",
        period=None,
        as_of=as_of,
        currency=found.currency,
        columns=[
            Column("party", party_title),
            Column("document", "Invoice" if side is RECEIVABLES else "Bill"),
            Column("issued", "Issued", "date"),
            Column("due", "Due", "date"),
            Column("days", "Days overdue", "number"),
            Column("open", "Open", "money"),
            *(Column(k, title, "money") for k, title, *_ in BUCKETS),
        ],
        rows=rows,
        totals=totals,
        notes=[] if docs else ["Nothing is open."],
    )


def party_names(ws: Workspace, register_name: str) -> dict[str, str]:
    if not has_register(ws, register_name):
        return {}
    return {k: record_name(r, k) for k, r in index(ws.register(register_name)).items()}


def receivables_report(ws: Workspace, period: Period, as_of: date) -> Report:
    day = effective_as_of(ws, period, as_of)
    return aging(ws, RECEIVABLES, day, party_names(ws, "customers"))


def payables_report(ws: Workspace, period: Period, as_of: date) -> Report:
    day = effective_as_of(ws, period, as_of)
    return aging(ws, PAYABLES, day, party_names(ws, "suppliers"))
