"""Operations: recurring checklists (the month-end close, the VAT return, payroll, office
tasks) as data, their steps' due dates, and what in the repository shows each step done."""

from __future__ import annotations

from backoffice.core.domain import Domain
from backoffice.report.model import ReportSpec
from backoffice.routines import rules
from backoffice.routines.deadlines import routine_deadlines
from backoffice.routines.report import routines_report

DOMAIN = Domain(
    name="routines",
    registers=("routines",),
    rules=(rules.due_dates, rules.evidence_and_marks, rules.owners_who_left),
    reports=(
        ReportSpec(
            "routines",
            "Recurring checklists of the period: each step's owner, due date and status",
            routines_report,
        ),
    ),
    deadlines=(routine_deadlines,),
)

__all__ = ["DOMAIN"]
