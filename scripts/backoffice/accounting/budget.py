"""Budget against actual, per account, from ``records/budgets/<year>.yaml`` and the ledger.

A budget line's account covers its sub-accounts. Budget amounts are written as planned (income
and expenses positive); the report keeps Beancount's signs like the income statement, with
income rows carrying sign −1. A month counts when its first day falls in the period.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from backoffice.core.period import Period
from backoffice.core.values import ZERO, as_money
from backoffice.derive.books import Books, balances, books
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace
from backoffice.report.common import has_register, skipped
from backoffice.report.model import Column, Report, Row, RowKind

CENT = Decimal("0.01")


class BudgetMonth(NamedTuple):
    start: date
    account: str
    amount: Decimal
    """As planned: positive for income and for expenses."""


def _month_starts(year: int, month: int, day: int) -> list[date]:
    starts = []
    y, m = year, month
    for _ in range(12):
        starts.append(date(y, m, min(day, 28)))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return starts


def budget_months(record: Record, start: tuple[int, int]) -> list[BudgetMonth]:
    """The monthly amounts of one budget file (lines that do not parse are left to `check`)."""
    body = record.data if isinstance(record.data, dict) else {}
    year = body.get("year")
    if not isinstance(year, int):
        return []
    starts = _month_starts(year, *start)
    months: list[BudgetMonth] = []
    for line in body.get("lines") or []:
        if not isinstance(line, dict) or not isinstance(line.get("account"), str):
            continue
        account = line["account"]
        if isinstance(line.get("monthly"), list):
            amounts = [as_money(v) for v in line["monthly"]]
            values = [a[0] for a in amounts if a is not None]
        elif (annual := as_money(line.get("annual"))) is not None:
            share = (annual[0] / 12).quantize(CENT, ROUND_HALF_UP)
            values = [share] * 11 + [annual[0] - 11 * share]
        else:
            continue
        months += [BudgetMonth(s, account, v) for s, v in zip(starts, values, strict=False)]
    return months


def _covered(account: str, prefix: str) -> bool:
    return account == prefix or account.startswith(prefix + ":")


def budget_table(found: Books, period: Period, months: list[BudgetMonth], files: int) -> Report:
    planned: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for month in months:
        if period.start <= month.start <= period.end:
            planned[month.account] += month.amount
    actual, _ = balances(found, period.start, period.end)
    income_root, expense_root = found.roots["income"], found.roots["expenses"]
    rows: list[Row] = []
    totals: dict[str, Decimal] = {}
    result = {"budget": ZERO, "actual": ZERO}
    for root, title, sign in ((income_root, "Income", -1), (expense_root, "Expenses", 1)):
        lines = sorted(a for a in planned if a.split(":")[0] == root)
        items: list[Row] = []
        budget_sum = actual_sum = ZERO
        for account in lines:
            budget = sign * planned[account] + ZERO
            spent = sum((v for a, v in actual.items() if _covered(a, account)), ZERO)
            items.append(_line(account, budget, spent, "item", 1, sign))
            budget_sum += budget
            actual_sum += spent
        unbudgeted = sum(
            (
                v
                for a, v in actual.items()
                if a.split(":")[0] == root and not any(_covered(a, p) for p in lines)
            ),
            ZERO,
        )
        if unbudgeted:
            items.append(_line("Not budgeted", ZERO, unbudgeted, "item", 1, sign))
            actual_sum += unbudgeted
        rows.append(_line(title, budget_sum, actual_sum, "section", 0, sign))
        rows += items
        key = title.lower()
        totals[f"{key}_budget"] = budget_sum
        totals[f"{key}_actual"] = actual_sum
        result["budget"] += budget_sum
        result["actual"] += actual_sum
    rows.append(
        _line("Result (profit +, loss −)", result["budget"], result["actual"], "total", 0, -1)
    )
    totals.update({"result_budget": result["budget"], "result_actual": result["actual"]})
    return Report(
        name="budget",
        title="Budget against actual",
        subtitle=f"{period.start.isoformat()} – {period.end.isoformat()}, {found.currency}",
        period=period,
        currency=found.currency,
        columns=[
            Column("account", "Account"),
            Column("budget", "Budget", "money"),
            Column("actual", "Actual", "money"),
            Column("variance", "Variance", "money"),
            Column("used", "Used %", "number"),
        ],
        rows=rows,
        totals=totals,
        notes=[] if files else ["No budget covers this period."],
    )


def _line(
    account: str, budget: Decimal, actual: Decimal, kind: RowKind, level: int, sign: int
) -> Row:
    used = (actual / budget * 100).quantize(Decimal("1"), ROUND_HALF_UP) if budget else None
    cells = {"account": account, "budget": budget, "actual": actual, "variance": actual - budget}
    return Row({**cells, "used": used}, kind, level, sign)


def budget_report(ws: Workspace, period: Period, as_of: date) -> Report:
    if not has_register(ws, "budgets"):
        return skipped(
            "budget", "Budget against actual", period, as_of, "No records/budgets/ to compare with."
        )
    start = ws.fiscal_start
    files = [
        r
        for r in ws.register("budgets")
        if isinstance(r.data, dict)
        and isinstance(r.data.get("year"), int)
        and date(r.data["year"], *start) <= period.end
        and date(r.data["year"] + 1, *start) - timedelta(days=1) >= period.start
    ]
    months = [m for r in files for m in budget_months(r, start)]
    return budget_table(books(ws), period, months, len(files))
