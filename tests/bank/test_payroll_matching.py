"""Matching rule 3: a statement paying a payroll run's liabilities — each person's net pay by
their private IBAN, the insurers and the tax office by their accounts in records/company.yaml —
books each payment to the liability account with the run's link."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import yaml

from backoffice.bank.camt import Entry
from backoffice.bank.matching import Matcher
from backoffice.bank.settings import read_settings
from backoffice.domains import open_workspace
from support import run
from support.bank import entry, statement
from support.books import copy_example

TATRA = "SK4811000000002926871432"
OPENING = Decimal("81355.02")
"""The Tatra account at the start of 2026-12-03, after the example's December statement."""


def squash(iban: str) -> str:
    return re.sub(r"\s", "", iban)


def november(root: Path) -> tuple[list[tuple[str, str, Decimal]], dict[str, Decimal]]:
    """November's net pay by person (IBAN, person, amount) and the sums owed to the payees."""
    record = yaml.safe_load((root / "records/payroll/2026-11.yaml").read_text())
    pay, owed = [], dict.fromkeys(("social", "health", "tax"), Decimal(0))
    for line in record["employees"]:
        amounts = {k: Decimal(str(v).split()[0]) for k, v in line.items() if "EUR" in str(v)}
        person = yaml.safe_load((root / f"records/people/{line['person']}.yaml").read_text())
        net = amounts["net"] + amounts.get("meal_contribution", Decimal(0))
        pay.append((squash(person["personal"]["private_iban"]), line["person"], net))
        owed["social"] += amounts["employee_social"] + amounts["employer_social"]
        owed["health"] += amounts["employee_health"] + amounts["employer_health"]
        owed["tax"] += amounts["tax_advance"]
    return pay, owed


def pay_november(root: Path, extra: list[tuple[str, Decimal]] = ()) -> str:  # type: ignore[assignment]
    """A Tatra statement of 2026-12-10 paying November's run (and `extra` payments)."""
    company = yaml.safe_load((root / "records/company.yaml").read_text())["payroll_payees"]
    pay, owed = november(root)
    payments = [(iban, amount) for iban, _, amount in pay]
    payments += [
        (squash(company["social_insurance"]["iban"]), owed["social"]),
        (squash(company["health_insurance"]["iban"]), owed["health"]),
        (squash(company["tax_office"]["iban"]), owed["tax"]),
        *extra,
    ]
    entries = [
        entry(f"P{n}", f"{amount}", "2026-12-10", credit=False, name="Payee", iban=iban)
        for n, (iban, amount) in enumerate(payments)
    ]
    closing = OPENING - sum(amount for _, amount in payments)
    xml = statement(
        f"{OPENING}", f"{closing}", entries, first="2026-12-03", last="2026-12-10", iban=TATRA
    )
    path = root / "inbox" / "tatra-2026-12-10.xml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(xml, encoding="utf-8")
    return str(path)


def test_a_payroll_runs_payments_settle_its_liabilities(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    pay, owed = november(root)
    result = run("--root", str(root), "bank", "import", pay_november(root))
    assert result.exit_code == 0, result.output
    assert f"(matched: payroll {len(pay) + 3})" in result.output
    ws = open_workspace(root)
    linked = [
        e
        for e in ws.ledger.entries
        if getattr(e, "links", None) and "payroll-2026-11" in e.links and "bank-ref" in e.meta
    ]
    settled: dict[str, Decimal] = {}
    people = set()
    for txn in linked:
        assert txn.flag == "*"
        leg = txn.postings[1]
        settled[leg.account] = settled.get(leg.account, Decimal(0)) + leg.units.number
        if leg.meta and "person" in leg.meta:
            people.add(leg.meta["person"])
            assert txn.narration == "Net pay, November 2026"
    assert settled == {
        "Liabilities:Payroll:Employees": sum(amount for _, _, amount in pay),
        "Liabilities:Payroll:SocialInsurance": owed["social"],
        "Liabilities:Payroll:HealthInsurance": owed["health"],
        "Liabilities:Tax:IncomeTaxAdvances": owed["tax"],
    }
    assert people == {person for _, person, _ in pay}
    check = run("--root", str(root), "--today", "2026-12-10", "check")
    assert "PAYROLL-PAYMENT" not in check.output


def test_a_wrong_amount_or_a_second_payment_is_left_for_review(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    pay, _ = november(root)
    iban, _, amount = pay[0]
    social = squash("SK14 8180 0000 0070 0019 2136")
    october = Decimal("9030.60")  # settled on 2026-11-09 by the entry linked ^payroll-2026-10
    extra = [(iban, amount), (iban, amount + Decimal("0.01")), (social, october)]
    result = run("--root", str(root), "bank", "import", pay_november(root, extra))
    assert result.exit_code == 0, result.output
    assert f"payroll {len(pay) + 3}" in result.output
    assert "suspense 3" in result.output


def test_a_payment_before_the_runs_period_ends_does_not_match_it(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    pay, _ = november(root)
    iban, _, amount = pay[0]
    ws = open_workspace(root)
    matcher = Matcher(ws, read_settings(ws)[0], date(2026, 12, 10))

    def paid(day: date) -> str:
        entry = Entry(f"R-{day}", day, -amount, "EUR", 1, name="Payee", iban=iban)
        return matcher.match(entry).rule

    assert paid(date(2026, 11, 20)) == "suspense"  # November's run was not drawn up yet
    assert paid(date(2026, 11, 30)) == "payroll"  # the period's last day, before the pay day
