"""IT access: the systems register, who holds which account, the check that a leaver's
accounts are closed and every grant was approved, and on- and offboarding checklists."""

from __future__ import annotations

from backoffice.access import deadlines, rules
from backoffice.access.commands import access
from backoffice.access.report import offboarding_report, systems_report
from backoffice.core.domain import Domain, RecordDeadlines
from backoffice.report.model import ReportSpec

DOMAIN = Domain(
    name="access",
    registers=("systems",),
    rules=(rules.access_grants, rules.grants_without_seat),
    reports=(
        ReportSpec(
            "systems",
            "Systems: owner, admin, licence seats, active grants, leavers still in, reviews",
            systems_report,
        ),
        ReportSpec(
            "offboarding",
            "People leaving soon: accounts to close, assets to hand back, seats to free",
            offboarding_report,
        ),
    ),
    record_deadlines=(RecordDeadlines("systems", deadlines.system_deadlines),),
    commands=(access,),
)

__all__ = ["DOMAIN"]
