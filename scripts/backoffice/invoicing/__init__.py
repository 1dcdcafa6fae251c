"""Invoicing: sales invoices and credit notes from draft to issued PDF and e-invoice, their
gapless numbers, their postings, and payment reminders."""

from __future__ import annotations

from backoffice.core.domain import Domain
from backoffice.derive.sync import Journal, journal_current
from backoffice.invoicing import deliveries, model, rules
from backoffice.invoicing.commands import invoice
from backoffice.invoicing.status import invoice_statuses, invoices_page
from backoffice.view.pages import Page

DOMAIN = Domain(
    name="invoicing",
    registers=(model.REGISTER, "customers", deliveries.REGISTER),
    rules=(
        rules.figures,
        rules.issued_hashes,
        rules.gapless_numbers,
        rules.credit_notes_correct_known_invoices,
        rules.old_drafts,
        rules.dated_ahead,
        rules.delivery_log,
        journal_current("invoices.beancount", rules.has_hashed_invoices),
    ),
    journals=(
        Journal(
            "invoices.beancount",
            "records/invoices/",
            model.transactions,
            lambda ws: (ws.root / "records" / model.REGISTER).is_dir(),
        ),
    ),
    sync_rules=(model.ledger_problems,),
    pages=(Page("invoices", "Invoices", invoices_page),),
    commands=(invoice,),
)

__all__ = ["DOMAIN", "invoice_statuses"]
