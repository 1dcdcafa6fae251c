"""The check rules of the stock registers: each movement has what its kind needs, receipts
agree with their bills and issues with their invoices, nothing leaves that is not on hand,
production consumes its bill of materials, and the register's value is the ledger's."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from beancount.parser import options

from backoffice.check.run import CheckOptions
from backoffice.core.problems import Problem
from backoffice.core.values import ZERO, as_decimal
from backoffice.derive.sync import booked_links, stale_problems
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace
from backoffice.review import closed_through
from backoffice.stock.journal import link, transactions
from backoffice.stock.model import BILLS, INVOICES, Item, Line, Movement, index, items, movements
from backoffice.stock.valuation import value_movements

Path = tuple[str | int, ...]
JOURNAL = "stock.beancount"


def _at(record: Record, path: Path, code: str, message: str) -> Problem:
    line, column = record.position(path)
    return Problem(record.rel, line, column, code, message)


def _qty(value: Decimal) -> str:
    return f"{value.normalize():f}"


NEEDS: dict[str, tuple[str, ...]] = {
    "receipt": ("quantity", "line", "amount"),
    "issue": ("quantity", "line"),
    "return": ("quantity", "line"),
    "transfer": ("quantity",),
    "production": ("quantity",),
    "stock-take": ("counted",),
}
HEAD: dict[str, str] = {
    "receipt": "bill",
    "issue": "invoice",
    "return": "invoice",
    "transfer": "to",
    "production": "output",
}


def _kind_problems(m: Movement, known: dict[str, Item]) -> list[Problem]:
    """STOCK-KIND: the fields a movement of its kind cannot do without; STOCK-LOCATION: a
    place for every item it moves."""
    found = []
    body = m.record.data
    head = HEAD.get(m.kind)
    if head and body.get(head) in (None, ""):
        found.append(_at(m.record, ("kind",), "STOCK-KIND", f"a {m.kind} names its {head}"))
    if m.kind == "transfer" and m.to and m.to == m.location:
        found.append(_at(m.record, ("to",), "STOCK-KIND", f"{m.id} moves stock to where it is"))
    for line in m.lines:
        for name in NEEDS[m.kind]:
            if getattr(line, name) is None:
                found.append(
                    _at(
                        m.record,
                        ("lines", line.index),
                        "STOCK-KIND",
                        f"line {line.index + 1} of a {m.kind} needs its {name}",
                    )
                )
        item = known.get(line.item)
        if item is not None and not m.where(item):
            found.append(
                _at(
                    m.record,
                    ("lines", line.index, "item"),
                    "STOCK-LOCATION",
                    f"{item.id} has no location of its own: name the movement's location",
                )
            )
    return found


def _document_line(record: Record | None, number: int | None) -> dict[str, Any] | None:
    lines = record.data.get("lines") if record and isinstance(record.data, dict) else None
    if not isinstance(lines, list) or number is None or not 1 <= number <= len(lines):
        return None
    entry = lines[number - 1]
    return entry if isinstance(entry, dict) else None


def _receipt_problems(ws: Workspace, moves: list[Movement]) -> list[Problem]:
    """STOCK-BILL: a receipt names a line its bill has, in the books' currency, and what all
    receipts put in stock from one bill line costs what the line does (its quantity too,
    unless the line is a set of one)."""
    found = []
    bills = index(ws, BILLS)
    received: dict[tuple[str, int], list[tuple[Movement, Line]]] = defaultdict(list)
    for m in (m for m in moves if m.kind == "receipt" and m.bill):
        bill = bills.get(m.bill or "")
        if bill is None:
            continue  # the schema's reference check says so
        currency = bill.data.get("currency") if isinstance(bill.data, dict) else None
        if currency != ws.currency:
            found.append(
                _at(
                    m.record,
                    ("bill",),
                    "STOCK-BILL",
                    f"bill {m.bill} is in {currency}; a receipt's amounts are in {ws.currency}",
                )
            )
        for line in m.lines:
            if line.line is None:
                continue
            if _document_line(bill, line.line) is None:
                found.append(
                    _at(
                        m.record,
                        ("lines", line.index, "line"),
                        "STOCK-BILL",
                        f"bill {m.bill} has no line {line.line}",
                    )
                )
            else:
                received[(m.bill or "", line.line)].append((m, line))
    for (bill_id, number), parts in received.items():
        entry = _document_line(bills.get(bill_id), number) or {}
        amount, quantity = as_decimal(entry.get("amount")), as_decimal(entry.get("quantity"))
        got = sum((ln.amount or ZERO for _, ln in parts), ZERO)
        m, line = parts[-1]
        complete = all(ln.amount is not None for _, ln in parts)
        if amount is not None and complete and got != amount:
            found.append(
                _at(
                    m.record,
                    ("lines", line.index, "amount"),
                    "STOCK-BILL",
                    f"line {number} of bill {bill_id} is {amount:.2f}; the receipts of it "
                    f"come to {got:.2f}",
                )
            )
        count = sum((ln.quantity for _, ln in parts if ln.quantity is not None), ZERO)
        alone = len({ln.item for _, ln in parts}) == 1
        if alone and quantity is not None and quantity != 1 and count != quantity:
            found.append(
                _at(
                    m.record,
                    ("lines", line.index, "quantity"),
                    "STOCK-BILL",
                    f"line {number} of bill {bill_id} bills {_qty(quantity)}; the receipts "
                    f"of it take in {_qty(count)}",
                )
            )
    return found


def _invoice_problems(
    ws: Workspace, moves: list[Movement], known: dict[str, Item]
) -> list[Problem]:
    """STOCK-INVOICE: an issue names an invoice's line that sells the item in its unit and
    quantity; a return names a credit note's line that takes back as many."""
    found = []
    invoices = index(ws, INVOICES)
    moved: dict[tuple[str, int, str], list[tuple[Movement, Line]]] = defaultdict(list)
    for m in (m for m in moves if m.kind in ("issue", "return") and m.invoice):
        invoice = invoices.get(m.invoice or "")
        if invoice is None:
            continue  # the schema's reference check says so
        kind = invoice.data.get("kind") if isinstance(invoice.data, dict) else None
        wanted = "credit-note" if m.kind == "return" else "invoice"
        if kind != wanted:
            found.append(
                _at(
                    m.record,
                    ("invoice",),
                    "STOCK-INVOICE",
                    f"a {m.kind} names a{'' if wanted == 'credit-note' else 'n'} {wanted}; "
                    f"{m.invoice} is a{'n' if kind == 'invoice' else ''} {kind}",
                )
            )
            continue
        for line in m.lines:
            entry = _document_line(invoice, line.line)
            if line.line is None:
                continue
            if entry is None:
                found.append(
                    _at(
                        m.record,
                        ("lines", line.index, "line"),
                        "STOCK-INVOICE",
                        f"{wanted} {m.invoice} has no line {line.line}",
                    )
                )
                continue
            item = known.get(line.item)
            unit = entry.get("unit")
            if item is not None and unit not in (None, "", item.unit):
                found.append(
                    _at(
                        m.record,
                        ("lines", line.index, "item"),
                        "STOCK-INVOICE",
                        f"line {line.line} of {m.invoice} sells {unit}; {item.id} is counted "
                        f"in {item.unit}",
                    )
                )
            moved[(m.invoice or "", line.line, line.item)].append((m, line))
    for (number, at_line, item_id), parts in moved.items():
        entry = _document_line(invoices.get(number), at_line) or {}
        billed = as_decimal(entry.get("quantity"))
        m, line = parts[-1]
        count = sum((ln.quantity for _, ln in parts if ln.quantity is not None), ZERO)
        if billed is not None and count != abs(billed):
            verb = "takes back" if m.kind == "return" else "sells"
            moves_word = "returns" if m.kind == "return" else "issues"
            found.append(
                _at(
                    m.record,
                    ("lines", line.index, "quantity"),
                    "STOCK-INVOICE",
                    f"line {at_line} of {number} {verb} {_qty(abs(billed))}; the {moves_word} "
                    f"of {item_id} to it come to {_qty(count)}",
                )
            )
    return found


def _production_problems(m: Movement, known: dict[str, Item]) -> list[Problem]:
    """PRODUCTION-BOM: a production order makes a product and consumes its bill of materials
    as many times as it makes units, no more and no less."""
    if m.kind != "production" or m.output is None:
        return []
    product = known.get(m.output[0])
    if product is None:
        return []
    if product.kind != "product" or not product.bom:
        return [
            _at(
                m.record,
                ("output", "item"),
                "PRODUCTION-BOM",
                f"{product.id} ({product.name}) is {product.kind} with no bill of materials: "
                "production makes a product",
            )
        ]
    wanted: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for part, quantity in product.bom:
        wanted[part] += quantity * m.output[1]
    used: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for line in m.lines:
        used[line.item] += line.quantity or ZERO
    found = []
    for part in sorted(set(wanted) | set(used)):
        if wanted[part] != used[part]:
            found.append(
                _at(
                    m.record,
                    ("lines",),
                    "PRODUCTION-BOM",
                    f"{_qty(m.output[1])} {product.unit} of {product.id} take "
                    f"{_qty(wanted[part])} of {part} by its bill of materials; {m.id} consumes "
                    f"{_qty(used[part])}",
                )
            )
    return found


def movement_problems(ws: Workspace) -> list[Problem]:
    """Every problem of the movements that would make the stock journal wrong."""
    known = items(ws)
    moves = movements(ws)
    found = [p for m in moves for p in _kind_problems(m, known)]
    found += _receipt_problems(ws, moves)
    found += _invoice_problems(ws, moves, known)
    found += [p for m in moves for p in _production_problems(m, known)]
    found += value_movements(ws).problems
    return found


def stock_movements(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """The movements are complete, match their bills and invoices, keep stock on hand and
    consume their bills of materials."""
    return movement_problems(ws)


def item_problems(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """ITEM-BOM: a product, and only a product, is assembled from other items; ITEM-ACCOUNT:
    the stock is held on an asset account."""
    found = []
    assets = options_assets(ws)
    for item in items(ws).values():
        body = item.record.data
        if item.kind == "product" and not body.get("bom"):
            found.append(
                _at(item.record, ("kind",), "ITEM-BOM", f"{item.id} is a product: name its bom")
            )
        if item.kind != "product" and body.get("bom"):
            found.append(
                _at(
                    item.record,
                    ("bom",),
                    "ITEM-BOM",
                    f"{item.id} is {item.kind}, not a product: only a product has a bom",
                )
            )
        if any(part == item.id for part, _ in item.bom):
            found.append(
                _at(item.record, ("bom",), "ITEM-BOM", f"{item.id} is assembled from itself")
            )
        if item.stock_account.split(":")[0] != assets:
            found.append(
                _at(
                    item.record,
                    ("stock_account",),
                    "ITEM-ACCOUNT",
                    f"{item.stock_account} is not an asset account: stock is held on one "
                    "(112, 123, 132)",
                )
            )
    return found


def options_assets(ws: Workspace) -> str:
    """The name of the ledger's assets root (Assets unless the ledger renames it)."""
    return str(options.get_account_types(ws.ledger.options).assets)


def closed_movements(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """STOCK-CLOSED: a movement dated in a closed period whose entry the books do not hold
    yet: it would change books that are closed (a transfer, which books nothing, may)."""
    through = closed_through(ws.company)
    if through is None:
        return []
    booked = booked_links(ws)
    books = {link for t in transactions(ws) for link in t.links}
    return [
        _at(
            m.record,
            ("date",),
            "STOCK-CLOSED",
            f"{m.id} is dated {m.day}, in the books closed through {through}: date it in an "
            "open period",
        )
        for m in movements(ws)
        if m.day <= through and link(m.id) in books and link(m.id) not in booked
    ]


def reconcile(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """STOCK-RECONCILE: each stock account's balance in the ledger is the value of the items
    held on it (a bill booked to stock without a receipt breaks it); checked once the stock
    journal is current."""
    if not items(ws) or stale_problems(ws, (JOURNAL,)):
        return []
    valued: dict[str, Decimal] = defaultdict(lambda: ZERO)
    first: dict[str, Item] = {}
    for holding in value_movements(ws).holdings.values():
        valued[holding.item.stock_account] += holding.value
    for item in sorted(items(ws).values(), key=lambda i: i.id):
        first.setdefault(item.stock_account, item)
    ledger: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for entry in ws.ledger.entries:
        for posting in getattr(entry, "postings", None) or ():
            if posting.account in first and posting.units.currency == ws.currency:
                ledger[posting.account] += posting.units.number
    found = []
    for account, item in first.items():
        if ledger[account] != valued[account]:
            found.append(
                _at(
                    item.record,
                    ("stock_account",),
                    "STOCK-RECONCILE",
                    f"{account} is {ledger[account]:.2f} {ws.currency} in the ledger; the stock "
                    f"register values what it holds at {valued[account]:.2f}: book every bill "
                    "line bought into stock with a receipt",
                )
            )
    return found
