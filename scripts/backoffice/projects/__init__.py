"""Projects and time: projects with their budgets and rates, the people's timesheets, the
invoice drafted from unbilled hours, and utilisation, budget burn and margin."""

from __future__ import annotations

from backoffice.core.domain import Domain
from backoffice.projects import rules
from backoffice.projects.billing import draft_from_time

DOMAIN = Domain(
    name="projects",
    registers=("projects", "timesheets"),
    rules=(rules.timesheets,),
)

__all__ = ["DOMAIN", "draft_from_time"]
