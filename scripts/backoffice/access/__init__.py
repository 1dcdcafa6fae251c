"""IT access: the systems register, who holds which account, and the check that a leaver's
accounts are closed and every grant was approved."""

from __future__ import annotations

from backoffice.access import deadlines, rules
from backoffice.core.domain import Domain, RecordDeadlines

DOMAIN = Domain(
    name="access",
    registers=("systems",),
    rules=(rules.access_grants,),
    record_deadlines=(RecordDeadlines("systems", deadlines.system_deadlines),),
)

__all__ = ["DOMAIN"]
