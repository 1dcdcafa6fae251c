"""`backoffice reports`: every report in every file format, an iCalendar of the deadlines, and a
dashboard (index.html) that opens from file:// with no server and nothing from the internet.

Every report is built from one load of the workspace; the dashboard shows what each area adds
from the built reports (its `Domain`'s ``dashboard``) rather than computing anything here.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from backoffice.core.files import write_atomic
from backoffice.core.period import Period
from backoffice.load.ledger import without_collection
from backoffice.load.records import RecordSet, load_records
from backoffice.load.schemas import schema_names
from backoffice.load.workspace import Workspace
from backoffice.load.yamlfile import Positions
from backoffice.report.common import effective_as_of
from backoffice.report.deadlines import deadlines, to_ical
from backoffice.report.model import Report
from backoffice.report.registry import NO_DATA, build_report, default_period, report_specs
from backoffice.report.render import EXTENSIONS, render, render_html, stylesheet
from backoffice.site.figures import Figures, Published, esc, panel, table

TEMPLATES = Path(__file__).parent / "templates"
PUBLISHED_FORMATS = ("md", "html", "csv", "json")
ICAL_NAME = "deadlines.ics"
Progress = Callable[[str], None]


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
    return panel(
        "Next deadlines",
        "deadlines.html",
        intro + table(["Date", "", "What", "Record"], rows, set()),
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
    return panel(
        "Reports",
        None,
        f'<div class="reports">{table(["Report", "", "Files"], rows, set())}</div>',
    )


def _no_data(done: Published) -> str:
    """A new company's dashboard says so, instead of a page of zeros."""
    if done.reports and all(NO_DATA in r.notes for r in done.reports.values()):
        return f'<p class="notes no-data">{esc(NO_DATA)} Every report below is empty.</p>\n'
    return ""


def dashboard_page(ws: Workspace, done: Published, figures: Figures, css: str) -> str:
    """Key figures, charts, top risks, next deadlines and every report, in one static page."""
    name = esc(str(ws.company.get("legal_name") or ws.root.name))
    kpis = "".join(
        f'<div class="kpi"><div class="label">{esc(label)}</div>'
        f'<div class="value">{esc(value)}</div><div class="sub">{sub}</div></div>'
        for label, value, sub in figures.kpis
    )
    panels = "".join(panel(c.title, c.link, c.svg) for c in figures.charts)
    lists = "".join(figures.lists) + _next_deadlines(done.reports.get("deadlines"), done.today)
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
        + _no_data(done)
        + f'<div class="kpis">{kpis}</div>\n'
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
