"""Fixed assets: the register, the depreciation plan and tax book, their journal, and the
reconciliation of the register with the ledger."""

from __future__ import annotations

from backoffice.assets import depreciation, rules
from backoffice.assets.commands import depreciation as depreciation_command
from backoffice.assets.deadlines import asset_deadlines
from backoffice.assets.reports import assets_report
from backoffice.core.domain import Domain, RecordDeadlines
from backoffice.derive.journal import Transaction
from backoffice.derive.sync import Journal, journal_current
from backoffice.load.workspace import Workspace
from backoffice.report.model import ReportSpec


def _depreciation(ws: Workspace) -> list[Transaction]:
    return depreciation.transactions(ws, yearly=depreciation.yearly_posting(ws))


DOMAIN = Domain(
    name="assets",
    registers=("assets",),
    rules=(
        rules.asset_register,
        rules.assets_reconcile,
        journal_current("depreciation.beancount", lambda ws: bool(ws.register("assets"))),
    ),
    journals=(Journal("depreciation.beancount", "records/assets/", _depreciation),),
    sync_sources=("assets",),
    sync_rules=(depreciation.sync_problems, depreciation.disposal_problems),
    reports=(
        ReportSpec(
            "assets",
            "Fixed assets held at a date: cost, depreciation, net book value, custody",
            assets_report,
        ),
    ),
    record_deadlines=(RecordDeadlines("assets", asset_deadlines),),
    commands=(depreciation_command,),
    before_close=(depreciation.unbooked_months,),
)

__all__ = ["DOMAIN"]
