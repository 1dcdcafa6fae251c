"""Projects and time: projects with their budgets and rates, the people's timesheets, the
invoice drafted from unbilled hours, and utilisation, budget burn and margin."""

from __future__ import annotations

from backoffice.core.domain import Domain, RecordDeadlines
from backoffice.projects import deadlines, reports, rules
from backoffice.projects.billing import draft_from_time
from backoffice.report.model import ReportSpec

DOMAIN = Domain(
    name="projects",
    registers=("projects", "timesheets"),
    rules=(rules.timesheets, rules.budgets),
    record_deadlines=(RecordDeadlines("projects", deadlines.project_deadlines),),
    reports=(
        ReportSpec(
            "utilisation",
            "Billable hours per person and month against their working hours",
            reports.utilisation_report,
        ),
        ReportSpec(
            "project-budget",
            "Each project's hours and their value at its rates against its budget",
            reports.budget_report,
        ),
        ReportSpec(
            "project-margin",
            "Each project's time at the payroll's cost against what was invoiced for it",
            reports.margin_report,
        ),
    ),
)

__all__ = ["DOMAIN", "draft_from_time"]
