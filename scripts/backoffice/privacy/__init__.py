"""Personal data: the record of processing activities (GDPR art. 30), checked against the
schemas' x-sensitive fields, the suppliers that process data and the records kept too long."""

from __future__ import annotations

from backoffice.core.domain import Domain, RecordDeadlines
from backoffice.privacy import deadlines, rules
from backoffice.privacy.report import processing_report
from backoffice.report.model import ReportSpec

DOMAIN = Domain(
    name="privacy",
    registers=("processing",),
    rules=(
        rules.uncovered_fields,
        rules.unknown_fields,
        rules.processors_without_contract,
        rules.retention_passed,
    ),
    reports=(
        ReportSpec(
            "processing",
            "Record of processing activities (GDPR art. 30): legal basis, data, processors, "
            "retention",
            processing_report,
        ),
    ),
    record_deadlines=(RecordDeadlines("processing", deadlines.activity_deadlines),),
    deadlines=(deadlines.deletion_deadlines,),
)

__all__ = ["DOMAIN"]
