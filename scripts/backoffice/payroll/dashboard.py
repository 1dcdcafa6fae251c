"""What payroll adds to the dashboard: headcount and FTE, and headcount per month."""

from __future__ import annotations

from babel.dates import format_date

from backoffice.load.workspace import Workspace
from backoffice.payroll.headcount import headcount_at
from backoffice.payroll.people import employments
from backoffice.report.common import has_register
from backoffice.site import charts
from backoffice.site.figures import Chart, Figures, Published, esc, month_ends


def headcount(ws: Workspace, done: Published, figures: Figures) -> None:
    """Headcount and FTE at the as-of date, and headcount at each month end."""
    report = done.reports.get("headcount")
    if report is None or not has_register(ws, "people"):
        return
    figures.kpis.append(
        (
            "Headcount",
            str(report.totals.get("headcount", 0)),
            f"{esc(str(report.totals.get('fte')))} FTE at {report.as_of}; "
            f"+{report.totals.get('joiners', 0)} / −{report.totals.get('leavers', 0)} "
            "in the period",
        )
    )
    staff = employments(ws.register("people"))
    ends = month_ends(done.period.start, done.period.end)
    title = "Headcount at month end"
    svg = charts.line_chart(
        title,
        [format_date(d, "LLL", locale=figures.locale) for d in ends],
        [headcount_at(staff, d)[0] for d in ends],
        lambda v: str(v),
        step=True,
    )
    figures.charts.append(Chart("headcount", title, "headcount.html", svg, ("headcount",)))
