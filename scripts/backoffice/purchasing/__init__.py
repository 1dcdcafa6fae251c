"""Purchasing: purchase orders from request to receipt, approved within the limits of the
approval policy, and the three-way match of each supplier's bill against its order."""

from __future__ import annotations

from backoffice.core.domain import Domain, RecordDeadlines
from backoffice.purchasing import deadlines, match, reports, rules
from backoffice.purchasing.commands import purchasing
from backoffice.report.model import ReportSpec

DOMAIN = Domain(
    name="purchasing",
    registers=("purchase-orders", "approval-policy"),
    rules=(
        rules.policy_problems,
        rules.order_problems,
        match.three_way_match,
        match.bills_without_order,
    ),
    reports=(
        ReportSpec(
            "open-orders",
            "Purchase orders not yet closed: ordered, received, billed, late deliveries",
            reports.open_orders_report,
        ),
        ReportSpec(
            "committed-spend",
            "Budget lines against what the books show spent and open orders still commit",
            reports.committed_spend_report,
        ),
        ReportSpec(
            "bills-without-order",
            "Bills above the approval policy's amount that name no purchase order",
            reports.bills_without_order_report,
        ),
    ),
    record_deadlines=(RecordDeadlines("purchase-orders", deadlines.order_deadlines),),
    commands=(purchasing,),
)

__all__ = ["DOMAIN"]
