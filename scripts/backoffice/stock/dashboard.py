"""What stock adds to the dashboard: the value on hand and how many items to reorder."""

from __future__ import annotations

from backoffice.core.words import count
from backoffice.load.workspace import Workspace
from backoffice.site.figures import Figures, Published, esc


def stock_value(ws: Workspace, done: Published, figures: Figures) -> None:
    """The stock's value at the reports' date, and the items below their reorder level."""
    on_hand, reorder = done.reports.get("stock-on-hand"), done.reports.get("stock-reorder")
    if on_hand is None or not any(r.kind == "item" for r in on_hand.rows):
        return
    short = len(reorder.rows) if reorder is not None else 0
    tone = "bad" if short else "good"
    figures.kpis.append(
        (
            "Stock on hand",
            figures.whole(on_hand.totals["value"]),
            f'{esc(figures.currency)} at {on_hand.as_of}; <span class="{tone}">'
            f"{count(short, 'item')} below reorder level</span>",
        )
    )
