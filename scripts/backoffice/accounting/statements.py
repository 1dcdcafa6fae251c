"""The financial statements: trial balance, balance sheet, income statement.

Balances are sums of posting weights (cost where a position is held at cost) in the
operating currency, straight from the loaded ledger.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from decimal import Decimal

from backoffice.core.period import Period, months_of
from backoffice.core.values import ZERO
from backoffice.core.words import count
from backoffice.derive.books import Books, balances, books, debits_credits
from backoffice.load.workspace import Workspace
from backoffice.report.model import Column, Report, Row


def _foreign_note(foreign: int, currency: str) -> list[str]:
    if not foreign:
        return []
    return [f"Not included: {count(foreign, 'posting')} in currencies other than {currency}."]


def trial_balance(books: Books, period: Period) -> Report:
    """Opening balance, debits, credits and closing balance of every account over the period."""
    fy_start = books.fiscal_year_start(period.start)
    before_start = period.start - timedelta(days=1)
    opening_all, f1 = balances(books, None, before_start)
    opening_fy, _ = balances(books, fy_start, before_start) if fy_start < period.start else ({}, 0)
    opening: dict[str, Decimal] = {}
    carried = ZERO
    for account, amount in opening_all.items():
        if books.is_result_account(account):
            carried += amount - opening_fy.get(account, ZERO)
            amount = opening_fy.get(account, ZERO)
        opening[account] = amount
    if carried:
        opening[books.previous_earnings] = opening.get(books.previous_earnings, ZERO) + carried
    debit, credit, f2 = debits_credits(books, period.start, period.end)
    foreign = f1 + f2
    numbers = books.numbers
    rows = []
    totals = {"opening": ZERO, "debit": ZERO, "credit": ZERO, "closing": ZERO}
    for account in sorted(set(opening) | set(debit) | set(credit), key=_account_order(books)):
        o, d, c = opening.get(account, ZERO), debit.get(account, ZERO), credit.get(account, ZERO)
        if not (o or d or c):
            continue
        values = {"opening": o, "debit": d, "credit": c, "closing": o + d - c}
        for key, value in values.items():
            totals[key] += value
        rows.append(Row({"account": account, "number": numbers.get(account, ""), **values}))
    rows.append(Row({"account": "Total", **totals}, kind="total"))
    return Report(
        name="trial-balance",
        title="Trial balance",
        subtitle=f"{period.start.isoformat()} – {period.end.isoformat()}, {books.currency}",
        period=period,
        currency=books.currency,
        columns=[
            Column("account", "Account"),
            Column("number", "No."),
            Column("opening", "Opening", "money"),
            Column("debit", "Debit", "money"),
            Column("credit", "Credit", "money"),
            Column("closing", "Closing", "money"),
        ],
        rows=rows,
        totals=totals,
        notes=_foreign_note(foreign, books.currency),
    )


def _account_order(books: Books) -> Callable[[str], tuple[int, str]]:
    order = {
        books.roots[k]: i
        for i, k in enumerate(("assets", "liabilities", "equity", "income", "expenses"))
    }

    def key(account: str) -> tuple[int, str]:
        return order.get(account.split(":")[0], 99), account

    return key


def _tree_rows(
    values: dict[str, tuple[Decimal, ...]],
    root: str,
    numbers: dict[str, str],
    keys: Sequence[str],
    sign: int = 1,
) -> list[Row]:
    """Rows for one section: a group row (with subtotal) for every account with sub-accounts."""
    children: dict[str, set[str]] = defaultdict(set)
    for account in values:
        parts = account.split(":")
        for i in range(1, len(parts)):
            children[":".join(parts[:i])].add(":".join(parts[: i + 1]))

    def subtotal(account: str) -> tuple[Decimal, ...]:
        own = values.get(account, tuple(ZERO for _ in keys))
        return tuple(
            sum((subtotal(c)[i] for c in children.get(account, ())), own[i])
            for i in range(len(keys))
        )

    rows: list[Row] = []

    def visit(account: str, level: int) -> None:
        kids = sorted(children.get(account, ()))
        if len(kids) == 1 and account not in values:
            visit(kids[0], level)
            return
        rows.append(
            Row(
                {
                    "account": account,
                    "number": numbers.get(account, ""),
                    **dict(zip(keys, subtotal(account), strict=True)),
                },
                "group" if kids else "item",
                level,
                sign,
            )
        )
        for kid in kids:
            visit(kid, level + 1)

    for kid in sorted(children.get(root, ())):
        visit(kid, 1)
    return rows


def _section(
    title: str,
    values: dict[str, tuple[Decimal, ...]],
    root: str,
    numbers: dict[str, str],
    keys: Sequence[str],
    sign: int = 1,
) -> tuple[list[Row], tuple[Decimal, ...]]:
    """A section heading with its total, then the account tree; values keep Beancount's signs."""
    total = tuple(sum((v[i] for v in values.values()), ZERO) for i in range(len(keys)))
    heading = Row({"account": title, **dict(zip(keys, total, strict=True))}, "section", 0, sign)
    return [heading, *_tree_rows(values, root, numbers, keys, sign)], total


def _nonzero(values: dict[str, tuple[Decimal, ...]]) -> dict[str, tuple[Decimal, ...]]:
    return {k: v for k, v in values.items() if any(v)}


def _result_before(books: Books, day: date) -> Decimal:
    """Income and expenses of every fiscal year before the one `day` falls in."""
    sums, _ = balances(books, None, books.fiscal_year_start(day) - timedelta(days=1))
    return sum((v for a, v in sums.items() if books.is_result_account(a)), ZERO)


def balance_sheet(books: Books, as_of: date) -> Report:
    """Assets against liabilities and equity at a date, beside the previous fiscal year-end.

    Amounts keep Beancount's signs (liabilities and equity negative); their rows carry
    sign −1 so that the presentation formats show them positive, as a balance sheet does.
    """
    previous = books.fiscal_year_start(as_of) - timedelta(days=1)
    keys = ("current", "previous")
    columns_at = (as_of, previous)
    sums = [balances(books, None, day) for day in columns_at]
    results = [sum((v for a, v in s.items() if books.is_result_account(a)), ZERO) for s, _ in sums]
    before_fy = [_result_before(books, day) for day in columns_at]
    accounts = {a for s, _ in sums for a in s if not books.is_result_account(a)}

    def column_values(root: str) -> dict[str, tuple[Decimal, ...]]:
        return _nonzero(
            {
                a: tuple(s.get(a, ZERO) + ZERO for s, _ in sums)
                for a in accounts
                if a.split(":")[0] == root
            }
        )

    numbers = books.numbers
    roots = books.roots
    assets, total_assets = _section(
        "Assets", column_values(roots["assets"]), roots["assets"], numbers, keys
    )
    liabilities, total_liab = _section(
        "Liabilities", column_values(roots["liabilities"]), roots["liabilities"], numbers, keys, -1
    )
    equity_values = column_values(roots["equity"])
    this_year = tuple(r - b + ZERO for r, b in zip(results, before_fy, strict=True))
    earlier = tuple(b + ZERO for b in before_fy)
    if any(earlier):
        equity_values[books.previous_earnings] = earlier
    equity, total_equity = _section("Equity", equity_values, roots["equity"], numbers, keys, -1)
    result_row = Row(
        {
            "account": "Result of the current year",
            "number": "",
            **dict(zip(keys, this_year, strict=True)),
        },
        "item",
        1,
        -1,
    )
    total_equity = tuple(e + t for e, t in zip(total_equity, this_year, strict=True))
    equity[0] = Row(
        {"account": "Equity", **dict(zip(keys, total_equity, strict=True))}, "section", 0, -1
    )
    equity.append(result_row)
    total_le = tuple(x + y for x, y in zip(total_liab, total_equity, strict=True))
    rows = [
        *assets,
        *liabilities,
        *equity,
        Row(
            {"account": "Liabilities and equity", **dict(zip(keys, total_le, strict=True))},
            "total",
            0,
            -1,
        ),
    ]
    foreign = max(f for _, f in sums)
    return Report(
        name="balance-sheet",
        title="Balance sheet",
        subtitle=f"as of {as_of.isoformat()}, beside {previous.isoformat()}, {books.currency}",
        period=None,
        as_of=as_of,
        currency=books.currency,
        columns=[
            Column("account", "Account"),
            Column("number", "No."),
            Column("current", as_of.isoformat(), "money"),
            Column("previous", previous.isoformat(), "money"),
        ],
        rows=rows,
        totals={
            "assets": total_assets[0],
            "liabilities_and_equity": total_le[0],
            "result": this_year[0],
            "previous_assets": total_assets[1],
            "previous_liabilities_and_equity": total_le[1],
        },
        notes=_foreign_note(foreign, books.currency) + _rounding_note(total_assets[0], total_le[0]),
    )


def _rounding_note(assets: Decimal, liabilities_and_equity: Decimal) -> list[str]:
    """Positions held at a precise cost can leave a few cents that Beancount tolerates."""
    gap = assets + liabilities_and_equity
    if not gap:
        return []
    return [
        f"Assets and liabilities with equity differ by {gap}: "
        "rounding within the ledger's tolerance."
    ]


def income_statement(books: Books, period: Period) -> Report:
    """Income and expenses over a period, beside the same period a year earlier, with a column
    per month when the period is several whole months (a year: twelve).

    Amounts keep Beancount's signs (income negative, a profit is a negative result); income
    and result rows carry sign −1 so that the presentation formats show them positive.
    """
    earlier = period.shifted_years(-1)
    months = months_of(period)
    spans = [period, earlier, *months]
    keys = ("current", "previous", *(m.label for m in months))
    sums = [balances(books, p.start, p.end) for p in spans]

    def column_values(root: str) -> dict[str, tuple[Decimal, ...]]:
        accounts = {a for s, _ in sums for a in s if a.split(":")[0] == root}
        return _nonzero({a: tuple(s.get(a, ZERO) + ZERO for s, _ in sums) for a in accounts})

    numbers = books.numbers
    roots = books.roots
    income, total_income = _section(
        "Income", column_values(roots["income"]), roots["income"], numbers, keys, -1
    )
    expenses, total_exp = _section(
        "Expenses", column_values(roots["expenses"]), roots["expenses"], numbers, keys
    )
    result = tuple(i + e for i, e in zip(total_income, total_exp, strict=True))
    rows = [
        *income,
        *expenses,
        Row(
            {"account": "Result (profit +, loss −)", **dict(zip(keys, result, strict=True))},
            "total",
            0,
            -1,
        ),
    ]
    return Report(
        name="income-statement",
        title="Income statement",
        subtitle=(
            f"{period.start.isoformat()} – {period.end.isoformat()} beside "
            f"{earlier.start.isoformat()} – {earlier.end.isoformat()}, {books.currency}"
        ),
        period=period,
        currency=books.currency,
        columns=[
            Column("account", "Account"),
            Column("number", "No."),
            Column("current", period.label, "money"),
            Column("previous", earlier.label, "money"),
            *(Column(m.label, m.label, "money") for m in months),
        ],
        rows=rows,
        totals={
            "income": total_income[0],
            "expenses": total_exp[0],
            "result": result[0],
            "previous_income": total_income[1],
            "previous_expenses": total_exp[1],
            "previous_result": result[1],
        },
        notes=_foreign_note(max(f for _, f in sums[:2]), books.currency),
    )


def trial_balance_report(ws: Workspace, period: Period, _as_of: date) -> Report:
    return trial_balance(books(ws), period)


def balance_sheet_report(ws: Workspace, _period: Period, as_of: date) -> Report:
    return balance_sheet(books(ws), as_of)


def income_statement_report(ws: Workspace, period: Period, _as_of: date) -> Report:
    return income_statement(books(ws), period)
