"""Payroll and HR: the people register read once, monthly payroll runs checked against the
rates and the ledger, the draft of a month's run, its journal, headcount and payroll reports."""

from __future__ import annotations

from backoffice.core.domain import Domain, RecordDeadlines
from backoffice.derive.sync import Journal, journal_current
from backoffice.payroll import (
    dashboard,
    declarations,
    hr,
    journal,
    monthly_reports,
    rules,
    runs,
    settlement,
)
from backoffice.payroll.commands import payroll
from backoffice.payroll.deadlines import person_deadlines
from backoffice.payroll.headcount import headcount_report
from backoffice.payroll.journal import Liability, liabilities
from backoffice.payroll.rates import DaysOfRest, days_of_rest
from backoffice.payroll.reports import payroll_report
from backoffice.report.model import ReportSpec

DOMAIN = Domain(
    name="payroll",
    registers=("people", "payroll", "payroll-rates", "payroll-settlements"),
    rules=(
        rules.people_records,
        rules.payroll_rates,
        rules.payroll_runs,
        rules.payroll_payments,
        rules.tax_declarations,
        rules.payroll_settlements,
        journal_current("payroll.beancount", lambda ws: bool(ws.register("payroll"))),
    ),
    journals=(
        Journal(
            "payroll.beancount",
            "records/payroll/ and records/payroll-rates.yaml",
            journal.transactions,
        ),
    ),
    sync_sources=("people", "payroll", "payroll-rates"),
    sync_rules=(
        hr.person_problems,
        runs.run_problems,
        journal.ledger_problems_for_runs,
        declarations.declaration_problems,
    ),
    reports=(
        ReportSpec(
            "headcount",
            "People by department at a date, FTE, joiners and leavers",
            headcount_report,
        ),
        ReportSpec(
            "payroll",
            "Payroll runs of the period per department and person, with employer cost",
            payroll_report,
        ),
        # The monthly reports to the authorities and the annual settlement.
        ReportSpec(
            "payroll-tax-office",
            "Monthly report of tax advances withheld and paid, rows of the tax office's form",
            monthly_reports.tax_office_report,
        ),
        ReportSpec(
            "payroll-social-insurance",
            "Monthly social insurance by fund and by employee, with days and assessment base",
            monthly_reports.social_insurance_report,
        ),
        ReportSpec(
            "payroll-settlement",
            "Annual settlements of tax advances per person: tax, bonus and the difference",
            settlement.settlement_report,
        ),
    ),
    record_deadlines=(RecordDeadlines("people", person_deadlines),),
    dashboard=(dashboard.headcount,),
    commands=(payroll,),
    before_close=(runs.unbooked_months,),
)

__all__ = ["DOMAIN", "DaysOfRest", "Liability", "days_of_rest", "liabilities"]
