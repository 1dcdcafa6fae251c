"""Payroll runs as ledger entries (ledger/generated/payroll.beancount), what stops them from
being booked, and the payments linked to a run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from beancount.core import data

from backoffice.core.problems import Problem
from backoffice.core.values import ZERO, money
from backoffice.derive.journal import Posting, Transaction, is_generated
from backoffice.load.workspace import Workspace
from backoffice.payroll.people import Person, load_people
from backoffice.payroll.rates import Settings, load_settings
from backoffice.payroll.runs import Run, load_runs, problem_at

ACCOUNT_KEYS = (
    "employer_social",
    "employer_health",
    "meal_contribution",
    "employees",
    "social_insurance",
    "health_insurance",
    "tax_advances",
)
MEAL_NOTE = "meal contribution paid with salaries"


def run_transaction(run: Run, settings: Settings, people: dict[str, Person]) -> Transaction:
    """One run as one transaction: gross pay per person on their cost account, employer
    contributions and the meal contribution, and what is owed to whom."""
    accounts = settings.accounts
    cur = run.currency
    postings = [
        Posting(
            people[line.person].cost_account, line.amounts["gross"], cur, {"person": line.person}
        )
        for line in run.lines
    ]

    def add(key: str, amount: Decimal, meta: dict[str, str] | None = None) -> None:
        if amount:
            postings.append(Posting(accounts[key], amount, cur, meta or {}))

    add("employer_social", run.total("employer_social"))
    add("employer_health", run.total("employer_health"))
    add("meal_contribution", run.total("meal_contribution") - run.total("meal_recovered"))
    add("employees", -run.total("net"))
    add("employees", -run.total("meal_contribution"), {"note": MEAL_NOTE})
    add("social_insurance", -(run.total("employee_social") + run.total("employer_social")))
    add("health_insurance", -(run.total("employee_health") + run.total("employer_health")))
    add("tax_advances", -tax_owed(run))
    if run.total("deductions"):
        add("deductions", -run.total("deductions"))
    return Transaction(
        date=run.date,
        narration=f"Payroll {run.period.name()}",
        postings=postings,
        tags=("payroll",),
        links=(f"payroll-{run.period}",),
    )


def ledger_problems_for_runs(ws: Workspace) -> list[Problem]:
    """What stops the runs from becoming entries: accounts missing from the settings, people
    without a cost account."""
    settings = load_settings(ws)
    runs = load_runs(ws)
    if not runs or settings is None:
        return []
    found = []
    needed = set(ACCOUNT_KEYS)
    if any(run.total("deductions") for run in runs):
        needed.add("deductions")
    for key in sorted(needed - set(settings.accounts)):
        found.append(
            Problem(
                settings.record.rel,
                *settings.record.position(("accounts",)),
                "PAYROLL-ACCOUNT",
                f"accounts.{key} is needed to book the payroll runs",
            )
        )
    return found


def transactions(ws: Workspace) -> list[Transaction]:
    """The ledger entries of every payroll run (assumes `run_problems` found nothing)."""
    settings = load_settings(ws)
    if settings is None:
        return []
    people = load_people(ws)
    return [run_transaction(run, settings, people) for run in load_runs(ws)]


@dataclass(frozen=True)
class Liability:
    """What one run owes one payee on one liability account: a person's net pay (with the meal
    contribution paid with it), or the social insurer's, health insurers' or tax office's sum."""

    link: str
    account: str
    payee: str
    """A person's id, or social_insurance, health_insurance or tax_office."""
    amount: Decimal
    currency: str
    since: date
    """The first day a payment can settle it: the run's period end, or its payment date if
    that is earlier (a run paid within its month)."""


def owed(run: Run) -> dict[str, Decimal]:
    """What a run owes, by the payroll settings' account key."""
    return {
        "employees": run.total("net") + run.total("meal_contribution"),
        "social_insurance": run.total("employee_social") + run.total("employer_social"),
        "health_insurance": run.total("employee_health") + run.total("employer_health"),
        "tax_advances": tax_owed(run),
    }


def tax_owed(run: Run) -> Decimal:
    """The tax withheld less the tax bonus and the settlement refunds paid with net pay, plus
    the settlement underpayments withheld: what the run owes the tax office."""
    return (
        run.total("tax_advance")
        - run.total("tax_bonus")
        - run.total("settlement_refund")
        + run.total("settlement_withheld")
    )


PAYEES = {
    "social_insurance": "social_insurance",
    "health_insurance": "health_insurance",
    "tax_advances": "tax_office",
}
"""The payroll_payees entry of records/company.yaml each liability is paid to."""


def liabilities(ws: Workspace) -> list[Liability]:
    """Every run's liabilities, each person's net pay apart, for matching bank payments."""
    settings = load_settings(ws)
    if settings is None:
        return []
    found = []
    for run in load_runs(ws):
        link = f"payroll-{run.period}"
        since = min(run.period.last, run.payment_date)
        employees = settings.accounts.get("employees")
        for line in run.lines:
            pay = line.amounts["net"] + line.amounts["meal_contribution"]
            if employees and pay > 0:
                found.append(Liability(link, employees, line.person, pay, run.currency, since))
        for key, amount in owed(run).items():
            account = settings.accounts.get(key)
            if key in PAYEES and account and amount > 0:
                found.append(Liability(link, account, PAYEES[key], amount, run.currency, since))
    return found


def payment_problems(ws: Workspace) -> list[Problem]:
    """Payments linked to a run (bank entries written by hand, ``^payroll-YYYY-MM``) settle
    exactly what the run owes on each liability account they touch."""
    settings = load_settings(ws)
    runs = load_runs(ws)
    if settings is None or not runs:
        return []
    paid: dict[tuple[str, str], Decimal] = {}
    for entry in ws.ledger.entries:
        if not isinstance(entry, data.Transaction) or is_generated(entry, ws.root):
            continue
        for link in entry.links or ():
            for posting in entry.postings:
                if posting.units is not None and posting.units.number is not None:
                    slot = (link, posting.account)
                    paid[slot] = paid.get(slot, ZERO) + Decimal(posting.units.number)
    found = []
    for run in runs:
        for key, amount in owed(run).items():
            account = settings.accounts.get(key)
            settled = paid.get((f"payroll-{run.period}", account or ""))
            if account is None or settled is None or settled == amount:
                continue
            found.append(
                problem_at(
                    run,
                    ("totals",),
                    "PAYROLL-PAYMENT",
                    f"payments linked ^payroll-{run.period} settle {money(settled, run.currency)} "
                    f"on {account}; the run owes {money(amount, run.currency)}",
                )
            )
    return found
