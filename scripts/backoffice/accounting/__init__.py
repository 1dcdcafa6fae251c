"""Accounting: the financial statements, cash flow, VAT, budget, and the open items (what
customers owe and what is owed to suppliers), all read from the ledger."""

from __future__ import annotations

from backoffice.accounting import dashboard
from backoffice.accounting.aging import (
    PAYABLES,
    RECEIVABLES,
    open_documents,
    payables_report,
    receivables_report,
)
from backoffice.accounting.budget import budget_months, budget_report
from backoffice.accounting.cashflow import cash_accounts, cash_flow_report
from backoffice.accounting.commands import year_end_command
from backoffice.accounting.deadlines import invoice_deadlines
from backoffice.accounting.statements import (
    balance_sheet_report,
    income_statement_report,
    trial_balance_report,
)
from backoffice.accounting.statutory import (
    statutory_balance_sheet_report,
    statutory_income_statement_report,
)
from backoffice.accounting.vat import VAT_CURRENCY, vat_accounts, vat_postings, vat_report
from backoffice.accounting.vat_categories import (
    purchase_category,
    sale_category,
)
from backoffice.accounting.vat_forms import (
    control_statement_report,
    ec_sales_list_report,
    vat_return_report,
)
from backoffice.accounting.vat_rates import (
    SLOVAK_VAT_RATES,
    VatRate,
    percent,
    rates_text,
    standard_vat_rate,
    vat_rates_on,
)
from backoffice.accounting.yearend import distribution_problems
from backoffice.check.run import CheckOptions
from backoffice.core.domain import Domain
from backoffice.core.problems import Problem
from backoffice.load.workspace import Workspace
from backoffice.report.model import ReportSpec


def _distributions(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """Each general meeting's distribution is booked from 431 for the amount it decides."""
    return distribution_problems(ws)


DOMAIN = Domain(
    name="accounting",
    registers=("budgets",),
    rules=(vat_postings, _distributions),
    reports=(
        ReportSpec(
            "trial-balance",
            "Opening, debits, credits and closing per account",
            trial_balance_report,
        ),
        ReportSpec(
            "balance-sheet", "Assets, liabilities and equity at a date", balance_sheet_report
        ),
        ReportSpec(
            "income-statement",
            "Income and expenses beside the year before, and per month",
            income_statement_report,
        ),
        ReportSpec(
            "statutory-balance-sheet",
            "Súvaha Úč MÚJ 1-01: the micro entity's balance sheet in whole euros",
            statutory_balance_sheet_report,
        ),
        ReportSpec(
            "statutory-income-statement",
            "Výkaz ziskov a strát Úč MÚJ 2-01: the micro entity's income statement in whole euros",
            statutory_income_statement_report,
        ),
        ReportSpec(
            "cash-flow",
            "Cash in and out by counterpart category (direct method)",
            cash_flow_report,
        ),
        ReportSpec(
            "vat",
            "Taxable base and VAT by category and rate, sales and purchases, per VAT period",
            vat_report,
        ),
        ReportSpec(
            "vat-return",
            "Daňové priznanie k DPH: the VAT return's rows per VAT period",
            vat_return_report,
        ),
        ReportSpec(
            "control-statement",
            "Kontrolný výkaz DPH: sections A.1 to D.2, per document",
            control_statement_report,
        ),
        ReportSpec(
            "ec-sales-list",
            "Súhrnný výkaz: supplies to other member states per customer VAT id and month",
            ec_sales_list_report,
        ),
        ReportSpec(
            "budget",
            "Budget against actual per account (records/budgets/YYYY.yaml)",
            budget_report,
        ),
        ReportSpec("receivables", "Open sales invoices by days past due", receivables_report),
        ReportSpec("payables", "Open supplier bills by days past due", payables_report),
    ),
    deadlines=(invoice_deadlines,),
    dashboard=(dashboard.finance, dashboard.receivables),
    commands=(year_end_command,),
)

__all__ = [
    "DOMAIN",
    "PAYABLES",
    "RECEIVABLES",
    "SLOVAK_VAT_RATES",
    "VAT_CURRENCY",
    "VatRate",
    "budget_months",
    "cash_accounts",
    "open_documents",
    "percent",
    "purchase_category",
    "rates_text",
    "sale_category",
    "standard_vat_rate",
    "vat_accounts",
    "vat_rates_on",
]
