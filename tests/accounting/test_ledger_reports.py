"""Reports on the ledger's documents and on the registers: aging, budget, headcount, suppliers,
contracts, risks and the deadlines engine with its iCalendar file. Small workspaces inline."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backoffice.accounting.aging import bucket
from backoffice.core.period import parse_period
from backoffice.domains import open_workspace
from backoffice.registers.contracts import term_at
from backoffice.registers.risks import heat_map
from backoffice.report.common import Duration
from backoffice.report.deadlines import deadlines, to_ical
from backoffice.report.registry import build_report
from support import REPO, Tiny, run

LEDGER = """\
option "operating_currency" "EUR"

2026-01-01 open Assets:Bank:Main EUR
2026-01-01 open Assets:Receivables:Customers EUR
2026-01-01 open Assets:Tax:VAT-Input EUR
2026-01-01 open Liabilities:Payables:Suppliers EUR
2026-01-01 open Liabilities:Tax:VAT-Output EUR
2026-01-01 open Income:Sales:Services EUR
2026-01-01 open Expenses:Rent EUR
2026-01-01 open Expenses:Marketing EUR
2026-01-01 open Equity:Opening EUR

2026-01-01 * "Opening"
  Assets:Bank:Main       5000.00 EUR
  Equity:Opening        -5000.00 EUR

2026-01-10 * "Acme" "Invoice 1" ^inv-1
  invoice: "1"
  customer: "C-0001"
  due: 2026-01-24
  Assets:Receivables:Customers   1230.00 EUR
  Income:Sales:Services         -1000.00 EUR
  Liabilities:Tax:VAT-Output     -230.00 EUR

2026-02-01 * "Acme" "Part payment of invoice 1" ^inv-1
  invoice: "1"
  customer: "C-0001"
  Assets:Bank:Main                230.00 EUR
  Assets:Receivables:Customers   -230.00 EUR

2026-02-05 * "Acme" "Invoice 2" ^inv-2
  invoice: "2"
  customer: "C-0001"
  due: 2026-03-31
  Assets:Receivables:Customers    615.00 EUR
  Income:Sales:Services          -500.00 EUR
  Liabilities:Tax:VAT-Output     -115.00 EUR

2026-01-05 * "Landlord" "Bill R-1" ^bill-S-0001-r-1
  supplier: "S-0001"
  bill: "R-1"
  due: 2026-01-15
  Expenses:Rent                   800.00 EUR
  Assets:Tax:VAT-Input            184.00 EUR
  Liabilities:Payables:Suppliers -984.00 EUR

2026-01-20 * "Ads Ltd" "Bill A-7" ^bill-S-0002-a-7
  supplier: "S-0002"
  bill: "A-7"
  due: 2026-02-03
  Expenses:Marketing              100.00 EUR
  Liabilities:Payables:Suppliers -100.00 EUR

2026-02-10 * "Ads Ltd" "Payment of bill A-7" ^bill-S-0002-a-7
  supplier: "S-0002"
  bill: "A-7"
  Liabilities:Payables:Suppliers  100.00 EUR
  Assets:Bank:Main               -100.00 EUR
"""


@pytest.fixture
def office(tiny: Tiny) -> Tiny:
    """A tiny company with the real schemas, a ledger of invoices and bills, and registers."""
    shutil.rmtree(tiny.path("records"))
    shutil.copytree(REPO / "schemas", tiny.root / "schemas", dirs_exist_ok=True)
    tiny.write("ledger/main.beancount", LEDGER)
    tiny.write("records/customers/C-0001.yaml", "id: C-0001\nname: Acme s.r.o.\nstatus: active\n")
    tiny.write(
        "records/suppliers/S-0001.yaml",
        "id: S-0001\nname: Landlord a.s.\nstatus: active\ncategory: rent\n"
        "next_evaluation: 2026-02-20\nreminders: [14, 0]\n",
    )
    tiny.write(
        "records/suppliers/S-0002.yaml",
        "id: S-0002\nname: Ads Ltd\nstatus: blocked\nstatus_reason: Fraudulent invoices\n",
    )
    tiny.write(
        "records/people/P-0001.yaml",
        """\
        id: P-0001
        name: Jana Nováková
        department: Engineering
        employment:
          start: 2025-06-01
          fte: 1.0
        """,
    )
    tiny.write(
        "records/people/P-0002.yaml",
        """\
        id: P-0002
        name: Peter Malý
        department: Sales
        manager: P-0001
        employment:
          start: 2026-01-15
          hours_per_week: 20
          probation_end: 2026-04-14
        """,
    )
    tiny.write(
        "records/people/P-0003.yaml",
        """\
        id: P-0003
        name: Eva Krátka
        department: Sales
        employment:
          start: 2024-01-01
          end: 2026-01-31
        """,
    )
    tiny.write(
        "records/contracts/CON-0001.yaml",
        """\
        id: CON-0001
        title: Hosting
        kind: service
        parties: [S-0001]
        owner: P-0001
        start: 2024-04-01
        end: 2025-03-31
        auto_renew:
          term: P1Y
        notice_period: P1M
        reminders: [10]
        """,
    )
    tiny.write(
        "records/risks/R-0001.yaml",
        """\
        id: R-0001
        title: Phishing
        owner: P-0001
        treatment: mitigate
        inherent: {likelihood: 4, impact: 5}
        residual: {likelihood: 2, impact: 3}
        status: open
        review_interval: P6M
        last_review: 2025-07-15
        incidents: [INC-0001]
        """,
    )
    tiny.write(
        "records/risks/R-0002.yaml",
        """\
        id: R-0002
        title: Fire
        inherent: {likelihood: 1, impact: 5}
        status: open
        review_interval: P1Y
        last_review: 2025-12-01
        """,
    )
    tiny.write(
        "records/locations/L-0001.yaml",
        """\
        id: L-0001
        name: Office
        responsible: P-0001
        maintenance:
          - task: Fire extinguishers
            interval: P1Y
            last_done: 2025-03-10
          - task: Air conditioning
            interval: P6M
            last_done: 2025-09-01
            next_due: 2026-03-20
            reminders: [3]
        """,
    )
    tiny.write(
        "records/incidents/INC-0001.yaml",
        "id: INC-0001\ndate: 2026-01-08\ntitle: Phishing mail\nrisks: [R-0001]\n"
        "actions:\n  - action: Train staff\n    due: 2026-02-28\n",
    )
    return tiny


def _rows(report_json: dict[str, object]) -> list[dict[str, object]]:
    rows = report_json["rows"]
    assert isinstance(rows, list)
    return rows


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
    assert lines[("2026-01", "Sales, 23 %")]["base"] == Decimal("1000.00")
    assert lines[("2026-01", "Purchases, 23 %")]["vat"] == Decimal("184.00")


def test_suppliers_spend_and_a_blocked_supplier_paid(office: Tiny) -> None:
    report = build_report(open_workspace(office.root), "suppliers", parse_period("2026"))
    rows = {r.cells["supplier"]: r.cells for r in report.rows if r.kind == "item"}
    assert rows["S-0001"]["bought"] == Decimal("800.00") and rows["S-0001"]["paid"] == 0
    assert rows["S-0002"]["paid"] == Decimal("100.00")
    assert rows["S-0001"]["evaluation"] == "due"  # 2026-02-20, within 30 days of 2026-02-10
    assert report.totals["blocked_paid"] == 1
    assert report.notes[0].startswith("Warning: S-0002 Ads Ltd is blocked (Fraudulent invoices)")


def test_headcount_by_department_at_a_date(office: Tiny) -> None:
    ws = open_workspace(office.root)
    report = build_report(ws, "headcount", parse_period("2026"), date(2026, 1, 20))
    rows = {r.cells["department"]: r.cells for r in report.rows}
    assert rows["Sales"]["headcount"] == 2 and rows["Sales"]["fte"] == Decimal("1.5")
    assert rows["Sales"]["joiners"] == 1 and rows["Sales"]["leavers"] == 1
    assert rows["Total"]["headcount"] == 3 and rows["Total"]["start"] == 2
    later = build_report(ws, "headcount", parse_period("2026"), date(2026, 3, 1))
    assert later.totals["headcount"] == 2


def test_contract_terms_roll_forward_and_notice_stops_them() -> None:
    renewing = {"start": "2024-04-01", "end": "2025-03-31", "auto_renew": {"term": "P1Y"}}
    renewing["notice_period"] = "P1M"
    term = term_at(renewing, date(2026, 2, 1))
    assert (term.end, term.notice_deadline, term.status) == (
        date(2026, 3, 31),
        date(2026, 2, 28),
        "renews",
    )
    given = term_at(
        {**renewing, "end": "2026-03-31", "notice_given": "2026-01-10"}, date(2026, 2, 1)
    )
    assert (given.status, given.notice_deadline) == ("notice-given", None)
    assert term_at({"start": "2020-01-01"}, date(2026, 1, 1)).status == "active"
    assert term_at({"start": "2020-01-01", "end": "2025-01-01"}, date(2026, 1, 1)).status == "ended"


def test_risks_sorted_by_residual_with_heat_maps_and_gaps(office: Tiny) -> None:
    report = build_report(
        open_workspace(office.root), "risks", parse_period("2026"), date(2026, 2, 1)
    )
    assert [r.cells["risk"] for r in report.rows] == ["R-0001", "R-0002"]
    assert report.rows[0].cells["residual"] == 6 and report.rows[0].cells["incidents"] == 1
    assert report.rows[0].cells["review"] == "overdue"  # 2025-07-15 + 6 months
    assert report.totals["heat_map"]["inherent"][0] == [1, 0, 0, 1, 0]  # impact 5
    assert "R-0002 has no owner and no treatment." in report.notes


def test_heat_map_places_impact_top_down() -> None:
    grid = heat_map([(1, 5), (5, 1), (5, 1)])
    assert grid[0][0] == 1 and grid[4][4] == 2 and sum(map(sum, grid)) == 3


def test_deadlines_engine_over_every_register(office: Tiny) -> None:
    ws = open_workspace(office.root)
    found = {(d.kind, d.record): d for d in deadlines(ws, date(2026, 2, 1))}
    notice = found[("contract notice", "CON-0001")]
    assert notice.day == date(2026, 2, 28) and notice.reminders == (10,)
    assert found[("probation end", "P-0002")].day == date(2026, 4, 14)
    assert found[("maintenance", "L-0001")].day in (date(2026, 3, 10), date(2026, 3, 20))
    assert found[("risk review", "R-0001")].day == date(2026, 1, 15)
    assert found[("incident action", "INC-0001")].day == date(2026, 2, 28)
    assert found[("supplier evaluation", "S-0001")].reminders == (14, 0)
    assert found[("invoice due", "1")].day == date(2026, 1, 24)
    assert ("employment end", "P-0003") in found
    report = build_report(ws, "deadlines", parse_period("2026"), date(2026, 2, 1))
    statuses = {(r.cells["kind"], r.cells["record"]): r.cells["status"] for r in report.rows}
    assert statuses[("risk review", "R-0001")] == "overdue"
    assert ("employment end", "P-0003") not in statuses  # past, nothing left to do
    assert report.rows == sorted(report.rows, key=lambda r: r.cells["date"])


def test_icalendar_is_valid_and_stable(office: Tiny) -> None:
    ws = open_workspace(office.root)
    found = deadlines(ws, date(2026, 2, 1))
    text = to_ical(found, "Tiny, s.r.o.", date(2026, 2, 1))
    assert text == to_ical(found, "Tiny, s.r.o.", date(2026, 2, 1))
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert all(len(line.encode()) <= 75 for line in lines)
    assert "X-WR-CALNAME:Tiny\\, s.r.o. deadlines" in lines
    assert text.count("BEGIN:VEVENT") == len(found)
    assert "TRIGGER:-P10D" in lines and "DTSTART;VALUE=DATE:20260228" in lines
    uids = [line for line in lines if line.startswith("UID:")]
    assert len(uids) == len(set(uids))


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


@pytest.mark.parametrize(
    "name", ["vat", "receivables", "cash-flow", "suppliers", "deadlines", "income-statement"]
)
def test_a_period_without_data_gives_an_empty_report(office: Tiny, name: str) -> None:
    result = run("--root", str(office.root), "report", name, "--period", "2031", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["report"] == name


def test_unknown_report_lists_the_valid_choices(office: Tiny) -> None:
    result = run("--root", str(office.root), "report", "cashflow")
    assert result.exit_code == 2
    for name in ("cash-flow", "vat", "receivables", "deadlines", "headcount", "risks"):
        assert name in result.stderr


def test_malformed_period_lists_the_forms(office: Tiny) -> None:
    result = run("--root", str(office.root), "reports", "--period", "2026-Q5")
    assert result.exit_code == 2
    assert "use 2026, 2026-Q1, 2026-03 or 2026-01-01..2026-06-30" in result.stderr


durations = st.builds(
    Duration,
    st.integers(0, 3),
    st.integers(0, 24),
    st.integers(0, 60),
).filter(lambda d: d.years or d.months or d.days)


@given(durations, st.dates(date(2000, 1, 1), date(2090, 12, 31)))
def test_durations_round_trip_and_move_forward(duration: Duration, day: date) -> None:
    assert Duration.parse(str(duration)) == duration
    later = duration.after(day)
    assert later > day
    assert duration.before(later) <= day
    if not duration.days:
        assert day - duration.before(later) <= timedelta(days=3)  # month ends clamp
