"""What accounting adds to the dashboard: cash, revenue and result, receivables, and the
revenue and cash charts."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from babel.dates import format_date

from backoffice.accounting.cashflow import cash_accounts, cash_balance
from backoffice.accounting.statements import income_statement
from backoffice.core.period import Period, months_of
from backoffice.core.words import count
from backoffice.derive.books import Books, books
from backoffice.load.workspace import Workspace
from backoffice.report.common import last_transaction_date
from backoffice.site import charts
from backoffice.site.figures import Chart, Figures, Published, esc, month_ends


def finance(ws: Workspace, done: Published, figures: Figures) -> None:
    """Cash and bank, revenue and result year to date; revenue and expenses per month, cash at
    month end."""
    if last_transaction_date(ws) is None:
        return
    found = books(ws)
    today = done.today
    cash = cash_accounts(ws, found)
    figures.kpis.append(
        (
            "Cash and bank",
            figures.whole(cash_balance(found, cash, today)),
            f"at {today.isoformat()}, {esc(figures.currency)}",
        )
    )
    fy_start = found.fiscal_year_start(today)
    ytd = income_statement(found, Period(fy_start, today, f"{fy_start}..{today}")).totals
    prior = has_results_before(found, fy_start)
    for label, key in (("Revenue", "income"), ("Result", "result")):
        now, before = -ytd[key], -ytd[f"previous_{key}"]
        figures.kpis.append(
            (
                f"{label} year to date",
                figures.whole(now),
                _against(figures, now, before) if prior else "no prior year in the books",
            )
        )
    statement = done.reports.get("income-statement")
    months = months_of(done.period)
    if statement is not None and months:
        sections = {r.cells.get("account"): r for r in statement.rows if r.kind == "section"}
        income, expenses = sections.get("Income"), sections.get("Expenses")
        labels = [format_date(m.start, "LLL", locale=figures.locale) for m in months]
        series = [
            ("Revenue", [-(income.cells.get(m.label) or 0) if income else 0 for m in months]),
            ("Expenses", [expenses.cells.get(m.label) or 0 if expenses else 0 for m in months]),
        ]
        title = "Revenue and expenses per month"
        svg = charts.bar_chart(title, labels, series, figures.whole)
        figures.charts.append(
            Chart("revenue", title, "income-statement.html", svg, ("income-statement", "budget"))
        )
    ends = month_ends(done.period.start, min(done.period.end, today))
    points = [done.period.start - timedelta(days=1), *ends]
    balances = [cash_balance(found, cash, day) for day in points]
    title = "Cash and bank at month end"
    svg = charts.line_chart(
        title,
        [format_date(d, "LLL yy", locale=figures.locale) for d in points],
        balances,
        figures.whole,
    )
    figures.charts.append(Chart("cash", title, "cash-flow.html", svg, ("cash-flow",)))


def has_results_before(found: Books, day: date) -> bool:
    """Whether the books have income or expenses before `day`: a year to compare with, rather
    than the balances a company's first year is opened with."""
    return any(
        found.is_result_account(p.account)
        for t in found.transactions_in(None, day - timedelta(days=1))
        for p in t.postings
    )


def _against(figures: Figures, now: Decimal, before: Decimal) -> str:
    """The change from the same days a year earlier, as the key figure's sub-line."""
    change = now - before
    cls_ = "good" if change >= 0 else "bad"
    arrow = "▲" if change >= 0 else "▼"
    return (
        f'<span class="{cls_}">{arrow} {esc(figures.whole(abs(change)))}</span> '
        f"against {esc(figures.whole(before))} a year earlier"
    )


def receivables(ws: Workspace, done: Published, figures: Figures) -> None:
    """What customers owe, and how much of it is overdue."""
    report = done.reports.get("receivables")
    if report is None:
        return
    totals = report.totals
    overdue = totals.get("overdue", Decimal(0))
    figures.kpis.append(
        (
            "Receivables open",
            figures.whole(totals.get("open", Decimal(0))),
            f"{count(totals.get('documents', 0), 'invoice')}; "
            + (
                f'<span class="bad">{esc(figures.whole(overdue))} overdue</span> '
                f"in {totals.get('overdue_documents', 0)}"
                if overdue
                else "none overdue"
            ),
        )
    )
