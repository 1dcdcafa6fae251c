"""The registers that need no ledger of their own: suppliers, contracts, licences, locations,
risks, incidents and policies, with their reports and the deadlines they set."""

from __future__ import annotations

from backoffice.core.domain import Domain, RecordDeadlines
from backoffice.registers import dashboard, deadlines
from backoffice.registers.contracts import contracts_report
from backoffice.registers.risks import risks_report
from backoffice.registers.suppliers import suppliers_report
from backoffice.report.model import ReportSpec

DOMAIN = Domain(
    name="registers",
    registers=(
        "suppliers",
        "contracts",
        "licenses",
        "locations",
        "risks",
        "incidents",
        "policies",
        "decisions",
    ),
    reports=(
        ReportSpec(
            "suppliers",
            "Spend per supplier, evaluations due, blocked suppliers paid",
            suppliers_report,
        ),
        ReportSpec(
            "contracts",
            "Contracts in force: end dates, notice deadlines, renewals",
            contracts_report,
        ),
        ReportSpec(
            "risks", "Risks by residual score, heat maps, overdue reviews, incidents", risks_report
        ),
    ),
    record_deadlines=(
        RecordDeadlines("contracts", deadlines.contract_deadlines),
        RecordDeadlines("licenses", deadlines.licence_deadlines),
        RecordDeadlines("locations", deadlines.location_deadlines),
        RecordDeadlines("risks", deadlines.risk_deadlines),
        RecordDeadlines("incidents", deadlines.incident_deadlines),
        RecordDeadlines("policies", deadlines.policy_deadlines),
        RecordDeadlines("suppliers", deadlines.supplier_deadlines),
    ),
    dashboard=(dashboard.risks,),
)

__all__ = ["DOMAIN"]
