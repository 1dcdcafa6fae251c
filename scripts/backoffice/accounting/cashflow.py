"""Cash flow, direct method: money in and out of the cash and bank accounts, by what it was for.

Each transaction that moves cash is split by its other postings: every counterpart posting
accounts for minus its weight of cash, so the parts add up to the cash movement exactly.
Transfers between two cash accounts cancel out and are not shown.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from beancount.core import convert, data

from backoffice.core.period import Period
from backoffice.core.values import ZERO
from backoffice.core.words import count
from backoffice.derive.books import Books, balances, books
from backoffice.load.workspace import Workspace
from backoffice.report.model import Column, Report, Row

ROUNDING = "Rounding within the ledger's tolerance"
SECTIONS = ("Operating activities", "Investing activities", "Financing activities")
_CASH_NAME = re.compile(r"(^|:)(Cash|Bank|Checking|Savings|Current|Petty)", re.IGNORECASE)
_INVESTING = re.compile(r"^(Assets:(Fixed|Investments?|Property)|Income:AssetSales)", re.I)
_FINANCING = re.compile(r"^(Liabilities:(Loans?|Mortgage|Credit)|Equity)", re.IGNORECASE)


def cash_accounts(ws: Workspace, found: Books) -> set[str]:
    """The company's bank accounts (company.yaml) and every asset account named cash or bank."""
    declared = {
        str(b["account"])
        for b in ws.company.get("bank_accounts") or []
        if isinstance(b, dict) and isinstance(b.get("account"), str)
    }
    assets = found.roots["assets"]
    opened = {e.account for e in found.entries if isinstance(e, data.Open)}
    named = {
        a
        for a in opened
        if a.split(":")[0] == assets and _CASH_NAME.search(a.split(":", 1)[-1] if ":" in a else "")
    }
    return declared | named


def category(account: str) -> str:
    """What a counterpart posting is grouped by: its first two account components."""
    return ":".join(account.split(":")[:2])


def section_of(account: str) -> str:
    if _INVESTING.search(account):
        return SECTIONS[1]
    if _FINANCING.search(account):
        return SECTIONS[2]
    return SECTIONS[0]


def cash_balance(found: Books, cash: set[str], day: date) -> Decimal:
    """Cash and bank at the end of `day`."""
    sums, _ = balances(found, None, day)
    return sum((v for a, v in sums.items() if a in cash), ZERO)


def cash_flow(found: Books, cash: set[str], period: Period) -> Report:
    """Receipts and payments of the period by counterpart category, opening to closing cash."""
    flows: dict[str, Decimal] = defaultdict(lambda: ZERO)
    inflow = outflow = ZERO
    foreign = 0
    for txn in found.transactions_in(period.start, period.end):
        if not any(p.account in cash for p in txn.postings):
            continue
        moved = explained = ZERO
        for posting in txn.postings:
            weight = convert.get_weight(posting)
            if weight.currency != found.currency or weight.number is None:
                foreign += 1
                continue
            if posting.account in cash:
                moved += weight.number
                continue
            flows[category(posting.account)] -= weight.number
            explained -= weight.number
        if moved != explained:  # Beancount's tolerance, e.g. shares bought at a precise cost
            flows[ROUNDING] += moved - explained
        if moved > 0:
            inflow += moved
        else:
            outflow -= moved
    opening = cash_balance(found, cash, period.start - timedelta(days=1))
    closing = cash_balance(found, cash, period.end)
    rows: list[Row] = []
    net = ZERO
    for section in SECTIONS:
        items = sorted((c, v) for c, v in flows.items() if section_of(c) == section and v)
        subtotal = sum((v for _, v in items), ZERO)
        net += subtotal
        rows.append(Row({"account": section, "amount": subtotal}, "section"))
        rows += [Row({"account": c, "amount": v}, "item", 1) for c, v in items]
    rows += [
        Row({"account": "Net change in cash", "amount": net}, "total"),
        Row({"account": "Cash at the start", "amount": opening}, "item"),
        Row({"account": "Cash at the end", "amount": closing}, "total"),
    ]
    notes = [f"Cash and bank accounts: {', '.join(sorted(cash)) or 'none found'}."]
    if foreign:
        left_out = count(foreign, "posting")
        notes.append(f"Left out: {left_out} in currencies other than {found.currency}.")
    return Report(
        name="cash-flow",
        title="Cash flow",
        subtitle=(
            f"{period.start.isoformat()} – {period.end.isoformat()}, direct method, "
            f"{found.currency}"
        ),
        period=period,
        currency=found.currency,
        columns=[Column("account", "Counterpart"), Column("amount", "Amount", "money")],
        rows=rows,
        totals={
            "opening": opening,
            "inflows": inflow,
            "outflows": outflow,
            "net": net,
            "closing": closing,
        },
        notes=notes,
    )


def cash_flow_report(ws: Workspace, period: Period, _as_of: date) -> Report:
    found = books(ws)
    return cash_flow(found, cash_accounts(ws, found), period)
