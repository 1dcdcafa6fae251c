"""What the reviewer of an imported statement decides: the entries nothing matched (on the
suspense account, flagged `!`) and the overpaid invoices; and the archived statements, which
must still be there, unchanged."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

from beancount.core import data

from backoffice.bank import csvstatement
from backoffice.bank.settings import read_settings
from backoffice.check.run import CheckOptions
from backoffice.core.period import Period
from backoffice.core.problems import Problem
from backoffice.core.values import ZERO
from backoffice.load.ledger import relative
from backoffice.load.workspace import Workspace
from backoffice.report.model import Column, Report, Row


def _imported(ws: Workspace) -> Iterator[data.Transaction]:
    for entry in ws.ledger.entries:
        if isinstance(entry, data.Transaction) and "bank-ref" in entry.meta:
            yield entry


def _where(ws: Workspace, entry: data.Directive) -> tuple[str, int]:
    return relative(ws.root, entry.meta.get("filename")), int(entry.meta.get("lineno") or 1)


def unmatched_entries(ws: Workspace) -> list[data.Transaction]:
    """Imported entries still flagged `!` on the suspense account."""
    suspense = read_settings(ws)[0].suspense_account
    return [
        t for t in _imported(ws) if t.flag == "!" and any(p.account == suspense for p in t.postings)
    ]


def _bank_amount(txn: data.Transaction) -> Decimal:
    """The amount on the bank account: an imported entry's first posting."""
    units = txn.postings[0].units
    return Decimal(units.number) if units is not None and units.number is not None else ZERO


def _amount(txn: data.Transaction) -> str:
    units = txn.postings[0].units
    return f"{_bank_amount(txn)} {units.currency if units is not None else ''}".rstrip()


def unmatched(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """A warning for each imported entry nothing matched, and each overpaid invoice."""
    found = []
    for txn in unmatched_entries(ws):
        who = f" from {txn.payee}" if txn.payee else ""
        found.append(
            Problem(
                *_where(ws, txn),
                1,
                "BANK-UNMATCHED",
                f"{_amount(txn)}{who} on {txn.date} (bank reference {txn.meta['bank-ref']}) "
                "matches no invoice, bill, payroll run or rule: book it to its account and flag "
                "it *",
                "warning",
            )
        )
    for txn in _imported(ws):
        if txn.flag == "!" and "overpaid" in txn.meta:
            found.append(
                Problem(
                    *_where(ws, txn),
                    1,
                    "BANK-OVERPAID",
                    f"invoice {txn.meta.get('invoice')} is overpaid by {txn.meta['overpaid']}: "
                    "refund it or settle it against another invoice, then flag it *",
                    "warning",
                )
            )
    return found


def archived(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """Each archived statement (a document entry with its SHA-256) is there and unchanged."""
    found = []
    root = ws.root.resolve()
    for entry in ws.ledger.entries:
        if not isinstance(entry, data.Document) or "sha256" not in entry.meta:
            continue
        file = Path(entry.filename)
        shown = relative(ws.root, entry.filename)
        inside = file.resolve().is_relative_to(root) and not file.is_symlink()
        if not inside or not file.is_file():
            message = f"the archived statement {shown} is missing"
            found.append(Problem(*_where(ws, entry), 1, "BANK-DOCUMENT-MISSING", message))
        elif hashlib.sha256(file.read_bytes()).hexdigest() != entry.meta["sha256"]:
            message = f"the archived statement {shown} no longer matches its sha256"
            found.append(Problem(*_where(ws, entry), 1, "BANK-HASH-MISMATCH", message))
    return found


def rule_patterns(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """Every text pattern of records/bank-rules.yaml is a regular expression."""
    return read_settings(ws)[1]


def csv_mappings(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """Every bank account's csv mapping can read an export (what the schema cannot say)."""
    return csvstatement.mappings(ws)[1]


def unmatched_report(ws: Workspace, period: Period, as_of: date) -> Report:
    """The imported entries on the suspense account up to `as_of`, for the reviewer."""
    rows = []
    for txn in unmatched_entries(ws):
        if txn.date > as_of:
            continue
        path, line = _where(ws, txn)
        cells = {
            "date": txn.date,
            "account": txn.postings[0].account,
            "amount": _bank_amount(txn),
            "counterparty": txn.payee or "",
            "iban": txn.meta.get("counterparty-iban", ""),
            "vs": txn.meta.get("vs", ""),
            "text": txn.narration,
            "reference": str(txn.meta["bank-ref"]),
            "where": f"{path}:{line}",
        }
        rows.append(Row(cells))
    total = sum((r.cells["amount"] for r in rows), start=ZERO)
    return Report(
        name="bank-unmatched",
        title="Unmatched bank entries",
        subtitle=f"on the suspense account at {as_of.isoformat()}, to decide",
        period=None,
        as_of=as_of,
        columns=[
            Column("date", "Date", "date"),
            Column("account", "Bank account"),
            Column("amount", "Amount", "money"),
            Column("counterparty", "Counterparty"),
            Column("iban", "IBAN"),
            Column("vs", "VS"),
            Column("text", "Text"),
            Column("reference", "Bank reference"),
            Column("where", "Entry"),
        ],
        rows=[*rows, Row({"date": None, "counterparty": "Total", "amount": total}, "total")],
        totals={"entries": len(rows), "amount": total},
        notes=[] if rows else ["Every imported entry is matched."],
    )
