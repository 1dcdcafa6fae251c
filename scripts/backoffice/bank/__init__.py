"""The bank: camt.053 statements and CSV exports into the books (one journal per account and
month), matched to open invoices, supplier bills, payroll runs and the rules kept as data, with
what nothing matched left on the suspense account for the reviewer."""

from __future__ import annotations

from backoffice.bank import review
from backoffice.bank.commands import bank, pay
from backoffice.bank.importer import CamtImporter, CsvImporter
from backoffice.bank.settings import REGISTER
from backoffice.core.domain import Domain
from backoffice.report.model import ReportSpec

DOMAIN = Domain(
    name="bank",
    registers=(REGISTER, "payment-orders"),
    rules=(review.unmatched, review.archived, review.rule_patterns, review.csv_mappings),
    reports=(
        ReportSpec(
            "bank-unmatched",
            "Imported bank entries no invoice, bill, payroll run or rule matched, to decide",
            review.unmatched_report,
        ),
    ),
    commands=(bank, pay),
)

__all__ = ["DOMAIN", "CamtImporter", "CsvImporter"]
