"""The dates and rates of a bill that `check` reports: a due date before the issue date, a
Slovak VAT rate not in force on the supply date, an exchange rate that is no rate; on a copy
of the example company (S-0001 a Slovak supplier, S-0004 a German one)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import Result

from support import REPO, run

BILL = """\
id: {supplier}-T-1
supplier: {supplier}
number: T-1
kind: invoice
status: draft
issue_date: {issue}
due_date: {due}
currency: {currency}
lines:
- description: Office rent
  quantity: '1'
  unit_price: '100.00'
  amount: '100.00'
  vat_category: {category}
  vat_rate: '{rate}'
{extra}  account: Expenses:Rent
totals:
  net: '100.00'
  vat: '{vat}.00'
  total: '{total}.00'
"""


def bill(
    supplier: str = "S-0001",
    issue: str = "2026-03-02",
    due: str = "2026-03-16",
    currency: str = "EUR",
    category: str = "S",
    rate: str = "23",
    extra: str = "",
) -> str:
    """A draft bill of 100.00 whose VAT follows its rate (none under reverse charge)."""
    vat = 0 if category == "AE" else int(rate)
    return BILL.format(
        supplier=supplier,
        issue=issue,
        due=due,
        currency=currency,
        category=category,
        rate=rate,
        extra=extra,
        vat=vat,
        total=100 + vat,
    )


@pytest.fixture
def company(tmp_path: Path) -> Path:
    root = tmp_path / "company"
    for folder in ("ledger", "records", "schemas", "documents", "templates"):
        shutil.copytree(REPO / folder, root / folder)
    return root


def check(root: Path, supplier: str, text: str) -> tuple[Result, list[str]]:
    """`check` with the draft written, and its lines about the draft."""
    rel = f"records/bills/2026/{supplier}-T-1.yaml"
    (root / rel).write_text(text, encoding="utf-8")
    result = run("--root", str(root), "check")
    return result, [line for line in result.stdout.splitlines() if line.startswith(rel)]


REPORTED = [
    (
        "a rate of another country from a Slovak supplier",
        bill(rate="21"),
        "15:13: BILL-VAT-RATE line 1 is charged at 21 %, which is not a Slovak VAT rate on the "
        "supply date 2026-03-02 (in force then: 23 %, 19 %, 5 %)",
    ),
    (
        "the standard rate at 0",
        bill(rate="0"),
        "15:13: BILL-VAT-RATE line 1 is charged at 0 %, which is not a Slovak VAT rate on the "
        "supply date 2026-03-02 (in force then: 23 %, 19 %, 5 %)",
    ),
    (
        "the rate of 2025 for a supply of 2024",
        bill(issue="2024-12-02", due="2024-12-16"),
        "15:13: BILL-VAT-RATE line 1 is charged at 23 %, which is not a Slovak VAT rate on the "
        "supply date 2024-12-02 (in force then: 20 %, 10 %, 5 %)",
    ),
    (
        "reverse charge at a rate not in force",
        bill(supplier="S-0004", category="AE", rate="0", extra="  self_assessed_rate: '20'\n"),
        "16:23: BILL-VAT-RATE line 1 is self-assessed at 20 %, which is not a Slovak VAT rate on "
        "the supply date 2026-03-02 (in force then: 23 %, 19 %, 5 %)",
    ),
    (
        "due before the issue date",
        bill(due="2026-03-01"),
        "7:11: BILL-DUE-DATE due date 2026-03-01 is before the issue date 2026-03-02",
    ),
    (
        "exchange rate 0",
        bill(currency="CZK\neur_rate: '0.000'"),
        "9:11: BILL-BAD-RATE eur_rate 0.000 is not an exchange rate: it is the EUR per 1 CZK, "
        "more than 0",
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [(text, expected) for _, text, expected in REPORTED],
    ids=[name for name, _, _ in REPORTED],
)
def test_check_reports_the_bill(company: Path, text: str, expected: str) -> None:
    supplier = text.split("supplier: ")[1].split("\n")[0]
    result, lines = check(company, supplier, text)
    assert result.exit_code == 1, result.output
    assert lines == [f"records/bills/2026/{supplier}-T-1.yaml:{expected}"], result.output


@pytest.mark.parametrize(
    ("supplier", "text"),
    [
        ("S-0001", bill()),
        ("S-0001", bill(rate="19")),
        ("S-0001", bill(issue="2024-12-02", due="2024-12-16", rate="20")),
        ("S-0001", bill(due="2026-03-02")),
        ("S-0004", bill(supplier="S-0004", rate="19")),
        (
            "S-0004",
            bill(supplier="S-0004", category="AE", rate="0", extra="  self_assessed_rate: '23'\n"),
        ),
    ],
    ids=[
        "23 %",
        "19 %",
        "20 % in 2024",
        "due on the issue date",
        "a German supplier's own rate",
        "reverse charge at 23 %",
    ],
)
def test_rates_in_force_and_foreign_rates_pass(company: Path, supplier: str, text: str) -> None:
    result, lines = check(company, supplier, text)
    assert lines == [], result.output


@pytest.mark.parametrize(("day", "rate"), [("2024-12-02", "20"), ("2026-03-02", "23")])
def test_a_drafted_bill_starts_at_the_standard_rate_in_force(
    company: Path, day: str, rate: str
) -> None:
    result = run("--root", str(company), "bill", "new", "--supplier", "S-0001", "--date", day)
    assert result.exit_code == 0, result.output
    text = (company / result.stdout.strip()).read_text(encoding="utf-8")
    assert f"  vat_rate: '{rate}'\n" in text
