"""Stock and production: the items with their valuation (FIFO or weighted average), the stock
movements from bills, to invoices, between locations and through production orders, their
journal, and the stock reports."""

from __future__ import annotations

from backoffice.core.domain import Domain
from backoffice.derive.sync import Journal, journal_current
from backoffice.report.model import ReportSpec
from backoffice.stock import dashboard, deadlines, reports, rules
from backoffice.stock.journal import transactions

DOMAIN = Domain(
    name="stock",
    registers=("items", "stock"),
    rules=(
        rules.item_problems,
        rules.stock_movements,
        rules.closed_movements,
        journal_current(rules.JOURNAL, lambda ws: bool(ws.register("stock"))),
        rules.reconcile,
    ),
    journals=(
        Journal(
            rules.JOURNAL, "records/stock/", transactions, lambda ws: bool(ws.register("stock"))
        ),
    ),
    sync_sources=("items", "stock"),
    sync_rules=(rules.movement_problems,),
    reports=(
        ReportSpec(
            "stock-on-hand",
            "Each item's quantity per location and its value at a date",
            reports.stock_on_hand_report,
        ),
        ReportSpec(
            "stock-movements",
            "Stock received, issued, returned, moved, consumed and counted in a period",
            reports.stock_movements_report,
        ),
        ReportSpec(
            "stock-reorder",
            "Items whose quantity on hand is below their reorder level",
            reports.stock_reorder_report,
        ),
        ReportSpec(
            "stock-take",
            "The stock-take sheet: each location's items and the quantity the books expect",
            reports.stock_take_report,
        ),
    ),
    deadlines=(deadlines.stock_take_deadlines,),
    dashboard=(dashboard.stock_value,),
)

__all__ = ["DOMAIN"]
