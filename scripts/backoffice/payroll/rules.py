"""Payroll runs agree with themselves, the rates and the HR register."""

from __future__ import annotations

from backoffice.check.run import CheckOptions
from backoffice.core.problems import Problem
from backoffice.load.workspace import Workspace
from backoffice.payroll import declarations, hr, journal, rates, runs, settlement, taxyear


def payroll_runs(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """Per person gross − employee contributions − tax = net, totals add up, everyone paid
    was employed and everyone employed was paid, base pay follows the salary history."""
    return [*runs.run_problems(ws), *journal.ledger_problems_for_runs(ws)]


def payroll_payments(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """Bank payments linked to a run settle what the run owes, account by account."""
    return journal.payment_problems(ws)


def people_records(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """Each person's salary, employment dates, working week and birth date make sense."""
    return hr.person_problems(ws)


def payroll_rates(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """The rates' validity periods follow one another without gap or overlap; tax bands rise;
    the monthly bands and non-taxable part are a twelfth of the year's."""
    return [*rates.rates_problems(ws), *taxyear.tax_year_problems(ws)]


def tax_declarations(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """Each employee's declaration (§ 36(6)) is signed in time and claims children only for
    months after their birth, within its year."""
    return declarations.declaration_problems(ws)


def payroll_settlements(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """Each annual settlement on file adds up and is named after its year and person."""
    return settlement.settlement_problems(ws)
