"""Received invoices (bills): the register of suppliers' bills, the import of UBL e-invoices,
drafts for bills on paper, their postings with the deductible VAT, and their rules."""

from __future__ import annotations

from backoffice.bills import model, rules
from backoffice.bills.commands import bill
from backoffice.bills.status import bills_page
from backoffice.core.domain import Domain
from backoffice.derive.sync import Journal, journal_current
from backoffice.view.pages import Page

DOMAIN = Domain(
    name="bills",
    registers=(model.REGISTER,),
    rules=(
        rules.arithmetic,
        rules.dated_after_today,
        rules.dates_and_rates,
        rules.asset_lines,
        rules.vehicle_lines,
        rules.documents,
        rules.numbers_once,
        rules.blocked_suppliers,
        journal_current(model.JOURNAL, model.has_bills),
    ),
    journals=(Journal(model.JOURNAL, "records/bills/", model.transactions, model.has_bills),),
    sync_sources=(model.REGISTER,),
    sync_rules=(model.ledger_problems,),
    pages=(Page("bills", "Bills", bills_page),),
    commands=(bill,),
)

__all__ = ["DOMAIN"]
