"""The figures of an invoice that `check` reports and `invoice issue` refuses (quantities,
prices, discounts, VAT rates in force, due date, exchange rate), on the tiny invoicing
workspace."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import Result

from backoffice.accounting import SLOVAK_VAT_RATES, standard_vat_rate, vat_rates_on
from support import run
from support.invoices import CREDIT_NOTE, EN_INVOICE, SK_INVOICE, Books

RECORD = "records/invoices/2026/20260001.yaml"


@pytest.fixture
def books(tmp_path: Path) -> Books:
    return Books(tmp_path / "company")


def bo(books: Books, *args: str) -> Result:
    return run("--root", str(books.root), *args)


def edited(*edits: tuple[str, str]) -> str:
    text = SK_INVOICE
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


REFUSED = [
    (
        "negative unit price",
        [("unit_price: 80.00", "unit_price: -80.00")],
        "13:17: INVOICE-NEGATIVE-PRICE line 1 has a negative unit price (-80.00); a price is "
        "never negative (EN 16931 BR-27); correct an invoice with a credit note",
    ),
    (
        "negative quantity",
        [("quantity: 12.5", "quantity: -12.5")],
        "11:15: INVOICE-NEGATIVE-QUANTITY line 1 has a negative quantity (-12.5); correct an "
        "invoice with a credit note",
    ),
    (
        "discount over 100 %",
        [("discount: 10", "discount: 100.5")],
        "20:15: INVOICE-DISCOUNT line 2 has discount 100.5 %: a discount is 0 to 100 % of "
        "quantity × unit price",
    ),
    (
        "negative discount",
        [("discount: 10", "discount: -10")],
        "20:15: INVOICE-DISCOUNT line 2 has discount -10 %: a discount is 0 to 100 % of "
        "quantity × unit price",
    ),
    (
        "zero quantity",
        [("quantity: 12.5", "quantity: 0")],
        "11:15: INVOICE-ZERO-LINE line 1 has quantity 0: leave the line out",
    ),
    (
        "zero quantity with decimals",
        [("quantity: 1\n", "quantity: 0.000\n")],
        "16:15: INVOICE-ZERO-LINE line 2 has quantity 0: leave the line out",
    ),
    (
        "zero price",
        [("unit_price: 450.00", "unit_price: 0.00")],
        "18:17: INVOICE-ZERO-LINE line 2 has unit price 0: leave the line out",
    ),
    (
        "a rate of another country",
        [("vat_rate: 23", "vat_rate: 21")],
        "14:15: INVOICE-VAT-RATE line 1 has vat_rate 21 %, which is not a Slovak VAT rate on "
        "the supply date 2026-03-31 (in force then: 23 %, 19 %, 5 %)",
    ),
    (
        "the standard rate before 2025",
        [("vat_rate: 23", "vat_rate: 20")],
        "14:15: INVOICE-VAT-RATE line 1 has vat_rate 20 %, which is not a Slovak VAT rate on "
        "the supply date 2026-03-31 (in force then: 23 %, 19 %, 5 %)",
    ),
    (
        "the reduced rate before 2025",
        [("vat_rate: 23", "vat_rate: 10.0")],
        "14:15: INVOICE-VAT-RATE line 1 has vat_rate 10.0 %, which is not a Slovak VAT rate on "
        "the supply date 2026-03-31 (in force then: 23 %, 19 %, 5 %)",
    ),
    (
        "the rate of 2025 for a supply of 2024",
        [("supply_date: 2026-03-31", "supply_date: 2024-12-31")],
        "14:15: INVOICE-VAT-RATE line 1 has vat_rate 23 %, which is not a Slovak VAT rate on "
        "the supply date 2024-12-31 (in force then: 20 %, 10 %, 5 %)",
    ),
    (
        "a supply before the rates recorded",
        [("supply_date: 2026-03-31", "supply_date: 2010-12-31")],
        "14:15: INVOICE-VAT-RATE line 1 has vat_rate 23 %, which is not a Slovak VAT rate on "
        "the supply date 2010-12-31 (no rate is recorded then)",
    ),
    (
        "rate 0 without a reason",
        [("vat_rate: 23", "vat_rate: 0")],
        "14:15: INVOICE-VAT-RATE line 1 has vat_rate 0 without a reason: give its exemption "
        "instead (reverse-charge, intra-eu-goods, export, exempt, outside-scope)",
    ),
    (
        "a rate beside an exemption",
        [("vat_rate: 23", "vat_rate: 23\n    exemption: export")],
        "14:15: INVOICE-LINE-VAT line 1 has vat_rate 23 and exemption export: a line under an "
        "exemption or reverse charge charges no VAT (vat_rate 0 or none)",
    ),
    (
        "due before the issue date",
        [("supply_date: 2026-03-31\n", "supply_date: 2026-03-31\ndue_date: 2026-04-01\n")],
        "7:11: INVOICE-DUE-DATE due date 2026-04-01 is before the issue date 2026-04-02",
    ),
    (
        "exchange rate 0",
        [("currency: EUR", "currency: USD\nexchange_rate: 0\nexchange_rate_date: 2026-04-01")],
        "9:16: INVOICE-BAD-RATE exchange_rate 0 is not an exchange rate: it is the units of "
        "USD per 1 EUR, more than 0",
    ),
    (
        "negative exchange rate",
        [("currency: EUR", "currency: USD\nexchange_rate: -1.08\nexchange_rate_date: 2026-04-01")],
        "9:16: INVOICE-BAD-RATE exchange_rate -1.08 is not an exchange rate: it is the units of "
        "USD per 1 EUR, more than 0",
    ),
]


@pytest.mark.parametrize(
    ("edits", "expected"),
    [(edits, expected) for _, edits, expected in REFUSED],
    ids=[name for name, _, _ in REFUSED],
)
def test_check_reports_and_issue_refuses_the_same_problem(
    books: Books, edits: list[tuple[str, str]], expected: str
) -> None:
    books.invoice("20260001", edited(*edits))
    line = f"{RECORD}:{expected}"
    checked = bo(books, "check")
    assert checked.exit_code == 1, checked.output
    assert line in checked.stdout.splitlines(), checked.output
    before = books.files()
    issued = bo(books, "invoice", "issue", "20260001")
    assert issued.exit_code == 1, issued.output
    assert line in issued.stdout.splitlines(), issued.output
    assert "nothing written" in issued.stderr
    assert books.files() == before


def test_every_problem_of_a_draft_is_reported_at_once(books: Books) -> None:
    books.invoice(
        "20260001",
        edited(
            ("unit_price: 80.00", "unit_price: -80.00"),
            ("vat_rate: 23", "vat_rate: 21"),
            ("discount: 10", "discount: 120"),
        ),
    )
    checked = bo(books, "check")
    assert checked.exit_code == 1
    found = [line.split(" ")[1] for line in checked.stdout.splitlines() if RECORD in line]
    assert found == ["INVOICE-NEGATIVE-PRICE", "INVOICE-VAT-RATE", "INVOICE-DISCOUNT"]


def test_a_missing_rate_still_asks_for_it(books: Books) -> None:
    books.invoice("20260001", edited(("currency: EUR", "currency: USD")))
    issued = bo(books, "invoice", "issue", "20260001")
    assert issued.exit_code == 1
    assert issued.stdout == (
        f"{RECORD}:8:11: INVOICE-NO-RATE an invoice in USD needs exchange_rate and "
        "exchange_rate_date (units of USD per 1 EUR, and the day of that rate)\n"
    )
    assert bo(books, "check").exit_code == 0, "a draft may wait for its rate"


@pytest.mark.parametrize(
    "edits",
    [
        [("vat_rate: 23", "vat_rate: 19")],
        [("vat_rate: 23", "vat_rate: 5.00")],
        [("vat_rate: 23", "vat_rate: 0\n    exemption: exempt")],
        [("vat_rate: 23", "exemption: outside-scope")],
        [("discount: 10", "discount: 100")],
        [
            ("supply_date: 2026-03-31", "supply_date: 2024-12-31"),
            ("vat_rate: 23\n  - d", "vat_rate: 20\n  - d"),
            ("vat_rate: 23\n    discount", "vat_rate: 10\n    discount"),
        ],
        [("supply_date: 2026-03-31\n", "supply_date: 2026-03-31\ndue_date: 2026-04-02\n")],
    ],
    ids=[
        "19 %",
        "5 %",
        "0 with exemption",
        "exemption alone",
        "full discount",
        "20 and 10 % in 2024",
        "due on the issue date",
    ],
)
def test_figures_in_force_are_issued(books: Books, edits: list[tuple[str, str]]) -> None:
    books.invoice("20260001", edited(*edits))
    checked = bo(books, "check")
    assert checked.exit_code == 0, checked.output
    issued = bo(books, "invoice", "issue", "20260001")
    assert issued.exit_code == 0, issued.output


def test_a_credit_note_takes_back_by_quantity_not_by_price(books: Books) -> None:
    books.invoice("20260001", SK_INVOICE)
    books.invoice("20260002", EN_INVOICE)
    assert bo(books, "invoice", "issue", "--all-drafts").exit_code == 0
    assert bo(books, "ledger", "sync").exit_code == 0
    books.invoice("D2026001", CREDIT_NOTE)
    assert bo(books, "check").exit_code == 0, "a negative quantity is how a credit note credits"
    books.invoice(
        "D2026001",
        CREDIT_NOTE.replace("quantity: -2.5", "quantity: 2.5").replace(
            "unit_price: 80.00", "unit_price: -80.00"
        ),
    )
    before = books.files()
    issued = bo(books, "invoice", "issue", "D2026001")
    assert issued.exit_code == 1
    assert issued.stdout == (
        "records/invoices/2026/D2026001.yaml:13:17: INVOICE-NEGATIVE-PRICE line 1 has a "
        "negative unit price (-80.00); a price is never negative (EN 16931 BR-27); a credit "
        "note takes an amount back by a negative quantity\n"
    )
    assert books.files() == before


def test_the_rates_in_force_follow_the_law() -> None:
    assert [r.value for r in vat_rates_on(date(2024, 12, 31))] == [20, 10, 5]
    assert [r.value for r in vat_rates_on(date(2025, 1, 1))] == [23, 19, 5]
    assert [r.value for r in vat_rates_on(date(2022, 12, 31))] == [20, 10]
    assert vat_rates_on(date(2010, 12, 31)) == ()
    assert standard_vat_rate(date(2026, 6, 1)).value == Decimal(23)
    assert standard_vat_rate(date(2024, 6, 1)).value == Decimal(20)
    assert all(rate.source.startswith("§ 27") for rate in SLOVAK_VAT_RATES)
