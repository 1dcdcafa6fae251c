"""The dashboard's model: what one run built, and the key figures, charts and panels that
each area adds to it (through its `Domain`'s ``dashboard``), with the bits of HTML they share."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal

from backoffice.core.period import Month, Period
from backoffice.load.workspace import Workspace
from backoffice.report.model import Report
from backoffice.report.render import money

esc = html.escape


@dataclass
class Published:
    """What one run built: the reports, those skipped (with why), and the dashboard's 'today'."""

    period: Period
    today: date
    reports: dict[str, Report] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)


def month_ends(start: date, end: date) -> list[date]:
    """The last day of each month from `start`'s to `end`'s, the last one cut at `end`."""
    ends = []
    month = Month.of(start)
    while month.first <= end:
        ends.append(min(month.last, end))
        month = month.next()
    return ends


@dataclass(frozen=True)
class Chart:
    """A chart of the dashboard: its name (Fava's overview asks for it by name), its panel's
    title and link, and the report pages that show it above their table."""

    key: str
    title: str
    link: str
    svg: str
    pages: tuple[str, ...] = ()


@dataclass
class Figures:
    """The dashboard's numbers and charts, read from the built reports and the same books."""

    locale: str
    currency: str
    kpis: list[tuple[str, str, str]] = field(default_factory=list)
    """(label, value, sub-line HTML)."""
    charts: list[Chart] = field(default_factory=list)
    lists: list[str] = field(default_factory=list)
    """Panels of HTML beside the next deadlines (the top risks)."""

    def fmt(self, value: Decimal) -> str:
        return money(value, self.locale)

    def whole(self, value: Decimal) -> str:
        """An amount in whole units, grouped as the locale groups it: 119 355, 119,355."""
        units = value.quantize(Decimal(1), rounding=ROUND_HALF_UP) + 0  # + 0: no "-0"
        return str(format_decimal(units, format="#,##0", locale=self.locale))

    def charts_for(self, name: str) -> str:
        """Charts shown above a report's table on its own page."""
        shown = [c.svg for c in self.charts if name in c.pages]
        return f'<div class="charts-on-page">{"".join(shown)}</div>\n' if shown else ""

    @classmethod
    def of(cls, ws: Workspace, done: Published) -> Figures:
        """The figures every area adds, in the order of its `Domain`'s dashboard."""
        currency = next((r.currency for r in done.reports.values()), ws.currency)
        figures = cls(ws.locale, currency)
        for panel in (p for d in ws.domains for p in d.dashboard):
            panel(ws, done, figures)
        return figures


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int]) -> str:
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


def panel(title: str, link: str | None, content: str) -> str:
    """A titled panel of the dashboard, its title linking to the report."""
    heading = f'<a href="{esc(link)}">{esc(title)} →</a>' if link else esc(title)
    return f'<section class="panel"><h2>{heading}</h2>{content}</section>'


Panel = Callable[[Workspace, Published, Figures], None]
"""What an area adds to the dashboard: key figures, charts and panels, from the built reports."""
