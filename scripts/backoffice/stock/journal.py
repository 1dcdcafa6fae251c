"""The stock journal (ledger/generated/stock.beancount): each movement booked in EUR at its
valuation, every posting carrying the item, the quantity and the unit cost as metadata.

The entries are in the operating currency rather than Beancount lots at cost: Beancount's
booking has no weighted average, and an average unit cost (1755.00 / 3 is 585.00, 2325.00 / 4
is 581.25, 100.00 / 3 is not a number of cents) would have to be written as a lot's price of
many decimals; in EUR every statement, the Úč MÚJ form and Fava read the stock accounts as
they read any other, and the quantities are in the stock reports.

A receipt from a bill booked to the stock account already books nothing more; from a bill
booked to an expense (the goods bought in September were booked to 504 as they were resold),
it moves the cost from that expense into stock, so that 504 ends up with what was issued.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from backoffice.derive.journal import Posting, Transaction
from backoffice.load.workspace import Workspace
from backoffice.stock.model import BILLS, Item, Movement, index
from backoffice.stock.valuation import Valued, value_movements

NARRATION = {
    "receipt": "Stock receipt",
    "issue": "Stock issue",
    "return": "Stock return",
    "transfer": "Stock transfer",
    "production": "Production order",
    "stock-take": "Stock-take difference",
}


def link(movement_id: str) -> str:
    return f"stock-{movement_id.lower()}"


def unit_cost(quantity: Decimal, value: Decimal) -> str:
    """The unit cost shown beside a posting: to the cent when it is exact, else to 4 places."""
    if not quantity:
        return "0.00"
    unit = abs(value / quantity)
    exact = unit.quantize(Decimal("0.01"))
    return f"{exact:.2f}" if exact == unit else f"{unit.quantize(Decimal('0.0001')):.4f}"


def _meta(v: Valued) -> dict[str, str]:
    return {
        "item": v.item.id,
        "quantity": f"{abs(v.quantity).normalize():f}",
        "unit_cost": unit_cost(v.quantity, v.value),
    }


def _bill_account(ws: Workspace, m: Movement, line: int) -> str | None:
    """The account of the bill line a receipt line names (its `line`, 1 for the first)."""
    record = index(ws, BILLS).get(m.bill or "")
    lines = record.data.get("lines") if record and isinstance(record.data, dict) else None
    number = m.lines[line].line if 0 <= line < len(m.lines) else None
    if not isinstance(lines, list) or number is None or not 1 <= number <= len(lines):
        return None
    entry = lines[number - 1]
    return str(entry.get("account")) if isinstance(entry, dict) and entry.get("account") else None


def _counter_account(ws: Workspace, v: Valued) -> str | None:
    """Where the value of a valued line comes from or goes to, beside the stock account;
    None when nothing is to be booked (a receipt already on the stock account, a transfer)."""
    m, item = v.movement, v.item
    if m.kind == "receipt":
        account = _bill_account(ws, m, v.line)
        return None if account in (None, item.stock_account) else account
    if m.kind == "transfer":
        return None
    if m.kind == "production" and v.line >= 0:
        return item.expense_account  # the material consumed (501)
    if m.kind == "stock-take" and v.quantity < 0 and m.shortage_account:
        return m.shortage_account
    return item.expense_account


def _postings(ws: Workspace, lines: list[Valued]) -> list[Posting]:
    found: list[Posting] = []
    for v in lines:
        counter = _counter_account(ws, v)
        if counter is None or not v.value:
            continue
        found.append(Posting(v.item.stock_account, v.value, ws.currency, _meta(v)))
        found.append(Posting(counter, -v.value, ws.currency))
    return found


def _narration(ws: Workspace, m: Movement, produced: Item | None) -> str:
    head = f"{NARRATION[m.kind]} {m.id}"
    if m.kind == "receipt" and m.bill:
        record = index(ws, BILLS).get(m.bill)
        number = record.data.get("number") if record and isinstance(record.data, dict) else None
        return f"{head} — bill {number or m.bill}"
    if m.kind in ("issue", "return") and m.invoice:
        return f"{head} — {'credit note' if m.kind == 'return' else 'invoice'} {m.invoice}"
    if m.kind == "production" and produced is not None and m.output:
        return f"{head} — {m.output[1].normalize():f} {produced.unit} {produced.name}"
    return head


def transactions(ws: Workspace) -> list[Transaction]:
    """One transaction per movement that changes a ledger balance."""
    by_movement: dict[str, list[Valued]] = defaultdict(list)
    for v in value_movements(ws).valued:
        by_movement[v.movement.id].append(v)
    found = []
    for lines in by_movement.values():
        m = lines[0].movement
        postings = _postings(ws, lines)
        if not postings:
            continue
        produced = next((v.item for v in lines if v.line < 0), None)
        found.append(
            Transaction(
                date=m.day,
                narration=_narration(ws, m, produced),
                postings=postings,
                links=(link(m.id),),
                meta={"stock_movement": m.id},
            )
        )
    return found
