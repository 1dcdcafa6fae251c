"""The annual stock-take (inventarizácia): every location that keeps stock is counted for the
fiscal year's balance sheet day, Act No. 431/2002 on accounting, § 29 (1) and § 30 (1); § 30 (4)
lets the count of stock be made earlier in the year, the movements since then bridging it to
that day, so a stock-take dated in the fiscal year settles it."""

from __future__ import annotations

from datetime import date, timedelta

from backoffice.load.workspace import Workspace
from backoffice.report.deadlines import Deadline, deadline
from backoffice.stock.model import items, movements


def fiscal_year(ws: Workspace, day: date) -> tuple[date, date]:
    """The first and the last day of the fiscal year `day` falls in."""
    month, dom = ws.fiscal_start
    start = date(day.year, month, dom)
    if start > day:
        start = date(day.year - 1, month, dom)
    return start, date(start.year + 1, month, dom) - timedelta(days=1)


def stock_take_deadlines(ws: Workspace, as_of: date) -> list[Deadline]:
    """The year-end stock-take of each location the items are kept at, open until a
    stock-take of it is recorded in the fiscal year."""
    kept = {i.location for i in items(ws).values() if i.location}
    if not kept:
        return []
    start, end = fiscal_year(ws, as_of)
    counted = {
        m.location
        for m in movements(ws)
        if m.kind == "stock-take" and start <= m.day <= end and m.location
    }
    found: list[Deadline] = []
    for record in ws.register("locations"):
        if record.id not in kept or record.id in counted:
            continue
        found += deadline(
            record,
            end,
            "stock-take",
            f"Stock-take of {record.title()} for {end.isoformat()} (backoffice report stock-take)",
            owner=record.data.get("responsible") if isinstance(record.data, dict) else None,
            lead=(30, 7, 0),
            stays_open=True,
        )
    return found
