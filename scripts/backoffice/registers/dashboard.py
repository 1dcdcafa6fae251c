"""What the registers add to the dashboard: open risks, the heat maps and the top risks."""

from __future__ import annotations

from backoffice.core.words import count
from backoffice.load.workspace import Workspace
from backoffice.report.model import Report
from backoffice.site import charts
from backoffice.site.figures import Chart, Figures, Published, esc, panel, table


def risks(ws: Workspace, done: Published, figures: Figures) -> None:
    """Open risks and overdue reviews, the heat maps, and the top risks."""
    report = done.reports.get("risks")
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
        svg = f'<div class="heats">{"".join(maps)}</div>'
        title = "Risk heat map (number of open risks)"
        figures.charts.append(Chart("heat", title, "risks.html", svg, ("risks",)))
    figures.kpis.append(
        (
            "Open risks",
            str(report.totals.get("open", 0)),
            f'<span class="{"bad" if report.totals.get("overdue_reviews") else "good"}">'
            f"{count(report.totals.get('overdue_reviews', 0), 'review')} overdue</span>",
        )
    )
    figures.lists.append(_top_risks(report))


def _top_risks(report: Report) -> str:
    rows = [
        [
            esc(str(r.cells.get("risk"))),
            esc(str(r.cells.get("title"))),
            esc(str(r.cells.get("owner_name") or "—")),
            str(r.cells.get("residual") or "—"),
            '<span class="pill overdue">review overdue</span>' if r.cells.get("review") else "",
        ]
        for r in report.rows[:6]
    ]
    return panel(
        "Top risks", "risks.html", table(["Id", "Risk", "Owner", "Residual", ""], rows, {3})
    )
