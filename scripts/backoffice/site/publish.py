"""`backoffice reports`: every report in every file format, an iCalendar of the deadlines, and a
dashboard (index.html) that opens from file:// with no server and nothing from the internet.

Every report is built from one load of the workspace; the dashboard reads the built reports'
data (and a few series from the same books) rather than computing anything of its own.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal

from backoffice.accounting.cashflow import cash_accounts, cash_balance
from backoffice.accounting.statements import income_statement
from backoffice.core.files import write_atomic
from backoffice.core.period import Month, Period, months_of
from backoffice.derive.books import books
from backoffice.load.ledger import without_collection
from backoffice.load.records import RecordSet, load_records
from backoffice.load.schemas import schema_names
from backoffice.load.workspace import Workspace
from backoffice.load.yamlfile import Positions
from backoffice.payroll import employments, headcount_at
from backoffice.report.common import effective_as_of, has_register, last_transaction_date
from backoffice.report.deadlines import deadlines, to_ical
from backoffice.report.model import Report
from backoffice.report.registry import build_report, default_period, report_specs
from backoffice.report.render import EXTENSIONS, money, render, render_html, stylesheet
from backoffice.site import charts

TEMPLATES = Path(__file__).parent / "templates"
PUBLISHED_FORMATS = ("md", "html", "csv", "json")
ICAL_NAME = "deadlines.ics"
Progress = Callable[[str], None]
esc = html.escape


@dataclass
class Published:
    """What one run built: the reports, those skipped (with why), and the dashboard's 'today'."""

    period: Period
    today: date
    reports: dict[str, Report] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)


def _parse_records(root: Path) -> RecordSet:
    """Every record, without positions (reports do not point into files): less to send back."""
    found = load_records(root, schema_names(root))
    for record in found.records:
        record.positions = Positions()
    return found


def load_in_parallel(ws: Workspace) -> None:
    """Load the ledger here while a second process parses the records, as `check` does: on a
    large repository the two take about as long as the ledger alone."""
    with without_collection():
        if not (ws.root / "records").is_dir():
            _ = ws.ledger
            return
        with ProcessPoolExecutor(max_workers=1, mp_context=get_context("fork")) as pool:
            future = pool.submit(_parse_records, ws.root)
            _ = ws.ledger
            ws.use_records(future.result())


def steps(ws: Workspace) -> int:
    """How many progress steps `write_reports` reports: one per report, one for the dashboard."""
    return len(report_specs(ws.domains)) + 1


def build_all(ws: Workspace, period: Period, progress: Progress | None = None) -> Published:
    """Build every registered report (the ledger is loaded once, by the first one)."""
    today = effective_as_of(ws, period, period.end)
    done = Published(period, today)
    for name, spec in report_specs(ws.domains).items():
        report = build_report(ws, name, period)
        done.descriptions[name] = spec.description
        if report.totals.get("skipped"):
            done.skipped[name] = " ".join(report.notes)
        else:
            done.reports[name] = report
        if progress is not None:
            progress(name)
    return done


def write_reports(
    ws: Workspace, out: Path, period: Period | None = None, progress: Progress | None = None
) -> list[Path]:
    """Write each report as .md, .html, .csv and .json under `out`, the deadlines as
    iCalendar, then index.html; reports that do not apply (no register) are left out."""
    period = period or default_period(ws)
    done = build_all(ws, period, progress)
    css = stylesheet(ws) + "\n" + ws.template("dashboard.css", TEMPLATES)
    figures = Figures.of(ws, done)
    written: list[Path] = []
    for name, report in done.reports.items():
        for fmt in PUBLISHED_FORMATS:
            path = out / f"{name}.{EXTENSIONS[fmt]}"
            if fmt == "html":
                before = navigation(done, name) + figures.charts_for(name)
                text = render_html(report, ws.locale, css, before)
            else:
                text = render(report, fmt, ws.locale)
            write_atomic(path, text)
            written.append(path)
    if "deadlines" in done.reports:
        entity = str(ws.company.get("legal_name") or "")
        ical = to_ical(deadlines(ws, done.today), entity, done.today)
        write_atomic(out / ICAL_NAME, ical)
        written.append(out / ICAL_NAME)
    index = out / "index.html"
    write_atomic(index, dashboard_page(ws, done, figures, css))
    written.append(index)
    if progress is not None:
        progress("dashboard")
    return written


def navigation(done: Published, here: str | None) -> str:
    """The bar on top of every page: the dashboard, then every report."""
    links = ['<a class="home" href="index.html">Dashboard</a>']
    for name in done.reports:
        if name == here:
            links.append(f'<span class="here">{esc(name)}</span>')
        else:
            links.append(f'<a href="{esc(name)}.html">{esc(name)}</a>')
    if here is not None:
        links.append(
            "<span>"
            + " ".join(
                f'<a href="{esc(here)}.{EXTENSIONS[f]}">.{f}</a>'
                for f in PUBLISHED_FORMATS
                if f != "html"
            )
            + "</span>"
        )
    return f'<nav class="top">{" ".join(links)}</nav>\n'


def _month_ends(start: date, end: date) -> list[date]:
    """The last day of each month from `start`'s to `end`'s, the last one cut at `end`."""
    ends = []
    month = Month.of(start)
    while month.first <= end:
        ends.append(min(month.last, end))
        month = month.next()
    return ends


@dataclass
class Figures:
    """The dashboard's numbers and charts, read from the built reports and the same books."""

    locale: str
    currency: str
    kpis: list[tuple[str, str, str]] = field(default_factory=list)
    """(label, value, sub-line HTML)."""
    chart: dict[str, str] = field(default_factory=dict)
    """Chart name → SVG: revenue, cash, headcount, heat."""

    def fmt(self, value: Decimal) -> str:
        return money(value, self.locale)

    def whole(self, value: Decimal) -> str:
        """An amount in whole units, grouped as the locale groups it: 119 355, 119,355."""
        units = value.quantize(Decimal(1), rounding=ROUND_HALF_UP) + 0  # + 0: no "-0"
        return str(format_decimal(units, format="#,##0", locale=self.locale))

    def charts_for(self, name: str) -> str:
        """Charts shown above a report's table on its own page."""
        wanted = {
            "income-statement": ["revenue"],
            "cash-flow": ["cash"],
            "headcount": ["headcount"],
            "risks": ["heat"],
            "budget": ["revenue"],
        }.get(name, [])
        shown = [self.chart[c] for c in wanted if c in self.chart]
        return f'<div class="charts-on-page">{"".join(shown)}</div>\n' if shown else ""

    @classmethod
    def of(cls, ws: Workspace, done: Published) -> Figures:
        has_ledger = last_transaction_date(ws) is not None
        currency = next((r.currency for r in done.reports.values()), "EUR")
        figures = cls(ws.locale, currency)
        if has_ledger:
            figures._finance(ws, done)
        figures._receivables(done.reports.get("receivables"))
        figures._headcount(ws, done)
        figures._risks(done.reports.get("risks"))
        return figures

    def _finance(self, ws: Workspace, done: Published) -> None:
        found = books(ws)
        today = done.today
        cash = cash_accounts(ws, found)
        self.kpis.append(
            (
                "Cash and bank",
                self.whole(cash_balance(found, cash, today)),
                f"at {today.isoformat()}, {esc(self.currency)}",
            )
        )
        fy_start = found.fiscal_year_start(today)
        ytd = income_statement(found, Period(fy_start, today, f"{fy_start}..{today}")).totals
        for label, key in (("Revenue", "income"), ("Result", "result")):
            now, before = -ytd[key], -ytd[f"previous_{key}"]
            change = now - before
            cls_ = "good" if change >= 0 else "bad"
            arrow = "▲" if change >= 0 else "▼"
            self.kpis.append(
                (
                    f"{label} year to date",
                    self.whole(now),
                    f'<span class="{cls_}">{arrow} {esc(self.whole(abs(change)))}</span> '
                    f"against {esc(self.whole(before))} a year earlier",
                )
            )
        statement = done.reports.get("income-statement")
        months = months_of(done.period)
        if statement is not None and months:
            sections = {r.cells.get("account"): r for r in statement.rows if r.kind == "section"}
            income, expenses = sections.get("Income"), sections.get("Expenses")
            labels = [format_date(m.start, "LLL", locale=self.locale) for m in months]
            series = [
                ("Revenue", [-(income.cells.get(m.label) or 0) if income else 0 for m in months]),
                ("Expenses", [expenses.cells.get(m.label) or 0 if expenses else 0 for m in months]),
            ]
            self.chart["revenue"] = charts.bar_chart(
                "Revenue and expenses per month", labels, series, self.whole
            )
        ends = _month_ends(done.period.start, min(done.period.end, today))
        points = [done.period.start - timedelta(days=1), *ends]
        balances = [cash_balance(found, cash, day) for day in points]
        self.chart["cash"] = charts.line_chart(
            "Cash and bank at month end",
            [format_date(d, "LLL yy", locale=self.locale) for d in points],
            balances,
            self.whole,
        )

    def _receivables(self, report: Report | None) -> None:
        if report is None:
            return
        totals = report.totals
        overdue = totals.get("overdue", Decimal(0))
        self.kpis.append(
            (
                "Receivables open",
                self.whole(totals.get("open", Decimal(0))),
                f"{totals.get('documents', 0)} invoices; "
                + (
                    f'<span class="bad">{esc(self.whole(overdue))} overdue</span> '
                    f"in {totals.get('overdue_documents', 0)}"
                    if overdue
                    else "none overdue"
                ),
            )
        )

    def _headcount(self, ws: Workspace, done: Published) -> None:
        report = done.reports.get("headcount")
        if report is None or not has_register(ws, "people"):
            return
        self.kpis.append(
            (
                "Headcount",
                str(report.totals.get("headcount", 0)),
                f"{esc(str(report.totals.get('fte')))} FTE at {report.as_of}; "
                f"+{report.totals.get('joiners', 0)} / −{report.totals.get('leavers', 0)} "
                "in the period",
            )
        )
        staff = employments(ws.register("people"))
        ends = _month_ends(done.period.start, done.period.end)
        self.chart["headcount"] = charts.line_chart(
            "Headcount at month end",
            [format_date(d, "LLL", locale=self.locale) for d in ends],
            [headcount_at(staff, d)[0] for d in ends],
            lambda v: str(v),
            step=True,
        )

    def _risks(self, report: Report | None) -> None:
        if report is None:
            return
        heat = report.totals.get("heat_map") or {}
        maps = [
            f"<figure>{charts.heat_map(f'{kind.capitalize()} risk', heat[kind])}"
            f"<figcaption>{kind}</figcaption></figure>"
            for kind in ("inherent", "residual")
            if kind in heat
        ]
        if maps:
            self.chart["heat"] = f'<div class="heats">{"".join(maps)}</div>'
        self.kpis.append(
            (
                "Open risks",
                str(report.totals.get("open", 0)),
                f'<span class="{"bad" if report.totals.get("overdue_reviews") else "good"}">'
                f"{report.totals.get('overdue_reviews', 0)} reviews overdue</span>",
            )
        )


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int]) -> str:
    """A small table of already-escaped cells."""
    head = "".join(
        f'<th class="num">{esc(h)}</th>' if i in numeric else f"<th>{esc(h)}</th>"
        for i, h in enumerate(headers)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{c}</td>' if i in numeric else f"<td>{c}</td>"
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _panel(title: str, link: str | None, content: str) -> str:
    heading = f'<a href="{esc(link)}">{esc(title)} →</a>' if link else esc(title)
    return f'<section class="panel"><h2>{heading}</h2>{content}</section>'


def _top_risks(report: Report | None) -> str:
    if report is None:
        return ""
    rows = [
        [
            esc(str(r.cells.get("risk"))),
            esc(str(r.cells.get("title"))),
            esc(str(r.cells.get("owner") or "—")),
            str(r.cells.get("residual") or "—"),
            '<span class="pill overdue">review overdue</span>' if r.cells.get("review") else "",
        ]
        for r in report.rows[:6]
    ]
    table = _table(["Id", "Risk", "Owner", "Residual", ""], rows, {3})
    return _panel("Top risks", "risks.html", table)


def _next_deadlines(report: Report | None, today: date) -> str:
    if report is None:
        return ""
    overdue = [r for r in report.rows if (r.cells.get("days") or 0) < 0]
    coming = [r for r in report.rows if (r.cells.get("days") or 0) >= 0][:10]
    rows = []
    for r in coming:
        days = int(r.cells.get("days") or 0)
        pill = "soon" if days <= 7 else ""
        rows.append(
            [
                esc(str(r.cells.get("date"))),
                f'<span class="pill {pill}">{"today" if days == 0 else f"in {days} d"}</span>',
                esc(str(r.cells.get("title"))),
                esc(str(r.cells.get("record"))),
            ]
        )
    intro = (
        f'<p><span class="pill overdue">{len(overdue)} overdue</span> at {today.isoformat()}; '
        f'calendar: <a href="{ICAL_NAME}">{ICAL_NAME}</a></p>'
    )
    return _panel(
        "Next deadlines",
        "deadlines.html",
        intro + _table(["Date", "", "What", "Record"], rows, set()),
    )


def _report_list(done: Published) -> str:
    rows = []
    for name, report in done.reports.items():
        formats = " ".join(
            f'<a class="fmt" href="{esc(name)}.{EXTENSIONS[f]}">{f}</a>'
            for f in PUBLISHED_FORMATS
            if f != "html"
        )
        rows.append(
            [
                f'<a href="{esc(name)}.html">{esc(report.title)}</a>',
                esc(done.descriptions[name]),
                formats,
            ]
        )
    for name, why in done.skipped.items():
        rows.append([esc(name), f'<span class="notes">Skipped: {esc(why)}</span>', ""])
    return _panel(
        "Reports",
        None,
        f'<div class="reports">{_table(["Report", "", "Files"], rows, set())}</div>',
    )


def dashboard_page(ws: Workspace, done: Published, figures: Figures, css: str) -> str:
    """Key figures, charts, top risks, next deadlines and every report, in one static page."""
    name = esc(str(ws.company.get("legal_name") or ws.root.name))
    kpis = "".join(
        f'<div class="kpi"><div class="label">{esc(label)}</div>'
        f'<div class="value">{esc(value)}</div><div class="sub">{sub}</div></div>'
        for label, value, sub in figures.kpis
    )
    chart_titles = (
        ("revenue", "Revenue and expenses per month", "income-statement.html"),
        ("cash", "Cash and bank at month end", "cash-flow.html"),
        ("headcount", "Headcount at month end", "headcount.html"),
        ("heat", "Risk heat map (number of open risks)", "risks.html"),
    )
    panels = "".join(
        _panel(title, link, figures.chart[key])
        for key, title, link in chart_titles
        if key in figures.chart
    )
    lists = _top_risks(done.reports.get("risks")) + _next_deadlines(
        done.reports.get("deadlines"), done.today
    )
    period = done.period
    lang = esc(ws.locale.split("_")[0])
    return (
        f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{name} — back office {esc(period.label)}</title>\n"
        f'<style>\n{css.strip()}\n</style>\n</head>\n<body class="dash">\n'
        + navigation(done, None)
        + f'<header class="dash"><h1>{name}</h1><p>Back office {esc(period.label)} '
        f"({period.start.isoformat()} – {period.end.isoformat()}); figures at "
        f"{done.today.isoformat()}, amounts in {esc(figures.currency)}</p></header>\n"
        f'<div class="kpis">{kpis}</div>\n'
        f'<div class="grid2">{panels}</div>\n'
        f'<div class="grid2">{lists}</div>\n'
        f'<div class="grid2">{_report_list(done)}</div>\n'
        "</body>\n</html>\n"
    )


def as_data(done: Published) -> dict[str, Any]:
    """What a run built, for tests and tools: report names, skipped ones, the dashboard date."""
    return {
        "period": done.period.as_json(),
        "today": done.today.isoformat(),
        "reports": sorted(done.reports),
        "skipped": done.skipped,
    }
