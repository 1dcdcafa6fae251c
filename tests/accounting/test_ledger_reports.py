"""Reports on the ledger's documents, on a small office: receivables and payables aging, VAT and
the budget against the actual."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from backoffice.accounting.aging import bucket
from backoffice.core.period import parse_period
from backoffice.domains import open_workspace
from backoffice.report.registry import build_report
from support import Tiny


def test_receivables_aging_counts_partial_payments_up_to_the_as_of_date(office: Tiny) -> None:
    ws = open_workspace(office.root)
    before = build_report(ws, "receivables", parse_period("2026"), date(2026, 1, 30))
    assert before.totals["open"] == Decimal("1230.00")
    assert before.totals["d1_30"] == Decimal("1230.00")  # 6 days past due
    later = build_report(ws, "receivables", parse_period("2026"), date(2026, 2, 25))
    items = [r.cells for r in later.rows if r.kind == "item"]
    assert [(i["document"], i["open"], i["days"]) for i in items] == [
        ("1", Decimal("1000.00"), 32),
        ("2", Decimal("615.00"), 0),
    ]
    assert items[0]["d31_60"] == Decimal("1000.00") and items[1]["not_due"] == Decimal("615.00")
    assert later.totals["overdue"] == Decimal("1000.00")
    assert later.rows[0].cells["party"] == "Acme s.r.o."
    assert later.totals["open"] == later.totals["not_due"] + later.totals["d31_60"]


def test_a_credit_note_nets_with_the_invoice_it_corrects(office: Tiny) -> None:
    ledger = office.root / "ledger" / "main.beancount"
    ledger.write_text(
        ledger.read_text(encoding="utf-8")
        + """
2026-02-06 * "Acme" "Credit note D1" ^inv-2
  invoice: "D1"
  corrects: "2"
  customer: "C-0001"
  due: 2026-03-31
  Assets:Receivables:Customers   -123.00 EUR
  Income:Sales:Services           100.00 EUR
  Liabilities:Tax:VAT-Output       23.00 EUR
    vat_category: "domestic"
    vat_rate: "23"
    vat_base: "-100.00"
""",
        encoding="utf-8",
    )
    report = build_report(
        open_workspace(office.root), "receivables", parse_period("2026"), date(2026, 2, 25)
    )
    items = [(r.cells["document"], r.cells["open"]) for r in report.rows if r.kind == "item"]
    assert items == [("1", Decimal("1000.00")), ("2", Decimal("492.00"))]


def test_payables_aging_and_a_paid_bill(office: Tiny) -> None:
    ws = open_workspace(office.root)
    report = build_report(ws, "payables", parse_period("2026"), date(2026, 2, 28))
    assert [(r.cells["document"], r.cells["open"]) for r in report.rows if r.kind == "item"] == [
        ("R-1", Decimal("984.00"))
    ]
    assert report.totals["d31_60"] == Decimal("984.00")  # due 2026-01-15: 44 days


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (-5, "not_due"),
        (0, "not_due"),
        (1, "d1_30"),
        (30, "d1_30"),
        (31, "d31_60"),
        (60, "d31_60"),
        (61, "d61_90"),
        (90, "d61_90"),
        (91, "d90"),
        (4000, "d90"),
    ],
)
def test_aging_buckets_at_their_edges(days: int, expected: str) -> None:
    assert bucket(days) == expected


def test_default_as_of_is_the_last_transaction_when_the_books_end_earlier(office: Tiny) -> None:
    ws = open_workspace(office.root)
    report = build_report(ws, "receivables", parse_period("2026"))
    assert report.as_of == date(2026, 2, 10)
    explicit = build_report(ws, "receivables", parse_period("2026"), date(2026, 6, 1))
    assert explicit.as_of == date(2026, 6, 1)


def test_vat_on_a_small_ledger(office: Tiny) -> None:
    report = build_report(open_workspace(office.root), "vat", parse_period("2026-Q1"))
    assert report.totals["output_vat"] == Decimal("345.00")
    assert report.totals["input_vat"] == Decimal("184.00")
    assert report.totals["payable"] == Decimal("161.00")
    lines = {
        (r.cells["period"], r.cells["line"]): r.cells for r in report.rows if "base" in r.cells
    }
    sales = "Output VAT: Domestic supply at a rate, 23 %"
    purchases = "Input VAT: Purchase from a Slovak payer, input VAT deducted, 23 %"
    assert lines[("2026-01", sales)]["base"] == Decimal("1000.00")
    assert lines[("2026-01", purchases)]["vat"] == Decimal("184.00")
    assert lines[("2026-01", purchases)]["deducted"] == Decimal("184.00")


def test_budget_against_actual(office: Tiny) -> None:
    office.write(
        "records/budgets/2026.yaml",
        """\
        year: 2026
        lines:
          - account: Income:Sales:Services
            annual: "12000.00 EUR"
          - account: Expenses:Rent
            monthly: ["800.00 EUR", "800.00 EUR", "800.00 EUR", "800.00 EUR", "800.00 EUR",
                      "800.00 EUR", "800.00 EUR", "800.00 EUR", "800.00 EUR", "800.00 EUR",
                      "800.00 EUR", "900.00 EUR"]
        """,
    )
    report = build_report(open_workspace(office.root), "budget", parse_period("2026-Q1"))
    rows = {r.cells["account"]: r for r in report.rows}
    income = rows["Income:Sales:Services"]
    assert income.cells["budget"] == Decimal("-3000.00") and income.sign == -1
    assert income.cells["actual"] == Decimal("-1500.00")
    assert income.cells["variance"] == Decimal("1500.00")  # shown as −1 500: below budget
    assert rows["Expenses:Rent"].cells["budget"] == Decimal("2400.00")
    assert rows["Not budgeted"].cells["actual"] == Decimal("100.00")
    assert report.totals["result_budget"] == Decimal("-600.00")


def test_a_budget_that_breaks_its_schema_is_reported_by_check(office: Tiny) -> None:
    office.write(
        "records/budgets/2026.yaml",
        'year: 2026\nlines:\n  - account: Expenses:Rent\n    monthly: ["800.00 EUR"]\n',
    )
    result = office.check()
    assert result.exit_code == 1
    assert "records/budgets/2026.yaml:4:14: SCHEMA" in result.stdout


def test_no_budget_file_gives_an_empty_report(office: Tiny) -> None:
    office.write(
        "records/budgets/2027.yaml",
        'year: 2027\nlines:\n  - account: Expenses:Rent\n    annual: "1.00 EUR"\n',
    )
    report = build_report(open_workspace(office.root), "budget", parse_period("2026"))
    assert report.notes == ["No budget covers this period."]
