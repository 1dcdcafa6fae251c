"""VAT by category and rate, the VAT return, the control statement and the recapitulative
statement of the example company: golden files, what each must list, their reconciliation with
the VAT accounts (which catches a wrong or missing settlement), a VAT posting without its
category, a bill with two rates, the passenger car rule and the invoices' wording."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from backoffice.accounting.vat_categories import CATEGORIES
from backoffice.accounting.vat_forms import forms
from backoffice.bills.model import Line, deductible_share
from backoffice.core.period import parse_period
from backoffice.domains import open_workspace
from backoffice.invoicing.model import WORDING_FROM, exemption_wording, find, load
from backoffice.report.model import Report
from backoffice.report.registry import build_report
from backoffice.report.render import render
from support import REPO, Tiny, run
from support.books import copy_example, edit

NOVEMBER = "2026-11"
REPORTS = {
    "vat-return": NOVEMBER,
    "control-statement": NOVEMBER,
    "ec-sales-list": "2026",
}


@pytest.fixture(scope="module")
def built() -> dict[str, Report]:
    ws = open_workspace(REPO)
    return {name: build_report(ws, name, parse_period(p)) for name, p in REPORTS.items()}


@pytest.mark.parametrize("name", list(REPORTS))
@pytest.mark.parametrize("fmt", ["json", "text"])
def test_golden(
    built: dict[str, Report], name: str, fmt: str, golden: Callable[[str, str], None]
) -> None:
    golden(f"{name}.{fmt}", render(built[name], fmt))


def test_the_return_agrees_with_the_settlement(built: dict[str, Report]) -> None:
    report = built["vat-return"]
    rows = {r.cells["row"]: r.cells[NOVEMBER] for r in report.rows}
    assert rows["25"] == Decimal("7307.99")  # output VAT, the settlement's debit to 343
    assert rows["26"] == Decimal("1220.02")
    assert rows["31"] == rows["33"] == Decimal("6087.97") == report.totals["own_tax_liability"]
    assert rows["20"] == Decimal("21940.57")  # services to other member states, § 15(1)
    assert rows["13"] + rows["01"] == Decimal("946.87") + Decimal("30827.00")
    assert report.totals["row_numbers_verified"] is False
    assert "NOT VERIFIED" in report.notes[0]
    assert any("the settlement moved the payable 6087.97" in n for n in report.notes)


def test_b2_lists_every_domestic_bill_with_its_suppliers_vat_id(
    built: dict[str, Report],
) -> None:
    ws = open_workspace(REPO)
    expected = set()
    for record in ws.register("bills"):
        data = record.data
        supplier = ws.records.get("suppliers", data["supplier"])
        assert supplier is not None
        if (
            data["status"] == "booked"
            and str(data.get("supply_date", data["issue_date"])).startswith(NOVEMBER)
            and supplier.data.get("country", "SK") == "SK"
            and any(line["vat_category"] == "S" for line in data["lines"])
        ):
            expected.add((supplier.data["vat_id"], data["number"]))
    rows = built["control-statement"].rows
    listed = {
        (r.cells["partner"], r.cells["document"])
        for r in rows
        if r.kind == "item" and r.cells["section"] == "B.2"
    }
    assert listed == expected and len(listed) == 7
    assert all(vat_id.startswith("SK") for vat_id, _ in listed)
    sections = [r.cells["section"] for r in rows if r.kind == "section"]
    assert sections == ["A.1", "A.2", "B.1", "B.2", "B.3.1", "B.3.2", "C.1", "C.2", "D.1", "D.2"]
    b1 = [r.cells for r in rows if r.kind == "item" and r.cells["section"] == "B.1"]
    assert {c["partner"] for c in b1} == {"DE281947361", "IE3654821R"}
    assert all(c["vat"] == c["deducted"] for c in b1)
    c1 = [r.cells for r in rows if r.kind == "item" and r.cells["section"] == "C.1"]
    assert [(c["document"], c["corrects"]) for c in c1] == [
        ("D2026001", "20260086"),
        ("D2026002", "20260107"),
    ]


def test_the_ec_sales_list_has_every_eu_service_customer(built: dict[str, Report]) -> None:
    report = built["ec-sales-list"]
    items = [r.cells for r in report.rows if r.kind == "item"]
    assert {c["partner"] for c in items} == {"CZ26905710", "HU13726481"}
    assert {c["code"] for c in items} == {"2"}
    assert report.totals["value"] == Decimal("250720.57")
    assert not [n for n in report.notes if "DIFFERENCE" in n]


def test_the_vat_report_shows_the_categories_apart() -> None:
    report = build_report(open_workspace(REPO), "vat", parse_period(NOVEMBER))
    lines = {r.cells["line"]: r.cells for r in report.rows if "category" in r.cells}
    eu = lines["Sales without VAT: Service to a taxable person in another member state"]
    assert eu["base"] == Decimal("21940.57")
    assert lines["Output VAT: Service from a foreign person, self-assessed, 23 %"]["vat"] == (
        Decimal("217.78")
    )
    assert report.totals["payable"] == Decimal("6087.97")


def _november_vat(root: Path) -> Report:
    return build_report(open_workspace(root), "vat", parse_period(NOVEMBER))


def test_a_wrong_settlement_is_caught(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    ledger = root / "ledger/2026/11.beancount"
    edit(
        ledger,
        "Liabilities:Tax:VAT-Output                         7307.99 EUR",
        "Liabilities:Tax:VAT-Output                         7297.99 EUR",
    )
    edit(
        ledger,
        "Liabilities:Tax:VAT-Payable                       -6087.97 EUR",
        "Liabilities:Tax:VAT-Payable                       -6077.97 EUR",
    )
    notes = _november_vat(root).notes
    assert notes == [
        "2026-11: the summary output VAT 7307.99 and input VAT 1220.02 agree with the movements "
        "of Assets:Tax:VAT-Input, Liabilities:Tax:VAT-Output (computed from the accounts, "
        "settlements moved back).",
        "2026-11: DIFFERENCE: the settlement moved 6077.97 to the tax office's account, the "
        "payable is 6087.97.",
    ]


def test_a_missing_settlement_is_named(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    ledger = root / "ledger/2026/11.beancount"
    text = ledger.read_text(encoding="utf-8")
    ledger.write_text(text[: text.index('2026-11-30 * "VAT settlement')], encoding="utf-8")
    assert _november_vat(root).notes[-1] == (
        "2026-11: no VAT settlement entry in the period: 6087.97 is still on the output and "
        "input VAT accounts."
    )


def test_a_vat_posting_without_its_category_is_a_problem(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    edit(
        root / "ledger/2026/06.beancount",
        """  Liabilities:Tax:VAT-Output                          -69.00 EUR
    vat_category: "domestic"
""",
        """  Liabilities:Tax:VAT-Output                          -69.00 EUR
""",
    )
    result = run("--root", str(root), "check")
    assert result.exit_code == 1
    assert (
        "ledger/2026/06.beancount:11:1: VAT-NO-CATEGORY Liabilities:Tax:VAT-Output -69.00 on "
        "2026-06-30 has no vat_category: a VAT posting says its vat_category, vat_rate and "
        "vat_base (the VAT reports place it by them)"
    ) in result.output


def test_a_category_no_report_knows_is_a_problem(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    edit(
        root / "ledger/2026/06.beancount",
        """  Liabilities:Tax:VAT-Output                          -69.00 EUR
    vat_category: "domestic"
""",
        """  Liabilities:Tax:VAT-Output                          -69.00 EUR
    vat_category: "standard"
""",
    )
    result = run("--root", str(root), "check")
    assert result.exit_code == 1
    assert "VAT-NO-CATEGORY Liabilities:Tax:VAT-Output -69.00 on 2026-06-30 has category " in (
        result.output
    )


TWO_RATES = """\
id: S-0013-PC-26-9999
supplier: S-0013
number: PC-26-9999
kind: invoice
status: booked
issue_date: 2026-11-25
due_date: 2026-12-09
currency: EUR
lines:
  - description: Books
    quantity: "1"
    unit_price: "100.00"
    amount: "100.00"
    vat_category: S
    vat_rate: "5"
    account: Expenses:Materials:OfficeSupplies
  - description: Paper
    quantity: "1"
    unit_price: "200.00"
    amount: "200.00"
    vat_category: S
    vat_rate: "23"
    account: Expenses:Materials:OfficeSupplies
totals:
  net: "300.00"
  vat: "51.00"
  total: "351.00"
"""


def test_a_bill_with_two_rates_shows_both_rates(tmp_path: Path) -> None:
    """100 at 5 % and 200 at 23 % are two lines, not 'Purchases, 17 %' (VAT ÷ base)."""
    root = copy_example(tmp_path)
    (root / "records/bills/2026/S-0013-PC-26-9999.yaml").write_text(TWO_RATES, encoding="utf-8")
    assert run("--root", str(root), "ledger", "sync").exit_code == 0
    report = _november_vat(root)
    lines = {
        (r.cells["category"], r.cells["rate"]): r.cells
        for r in report.rows
        if r.cells.get("category") == "received-domestic"
    }
    assert lines[("received-domestic", Decimal(5))]["deducted"] == Decimal("5.00")
    assert lines[("received-domestic", Decimal(23))]["base"] == Decimal("4557.58")
    assert ("received-domestic", Decimal(17)) not in lines
    assert "input VAT 1271.02 agree with the movements" in report.notes[0]
    # booked after November was settled: the settlement no longer matches, and says so
    assert report.notes[1] == (
        "2026-11: DIFFERENCE: the settlement moved 6087.97 to the tax office's account, the "
        "payable is 6036.97."
    )


def _car_line() -> Line:
    return Line(
        "Diesel",
        Decimal(1),
        Decimal(100),
        Decimal(100),
        "S",
        Decimal(23),
        "E",
        "vehicle",
        vehicle="A-0011",
    )


@pytest.mark.parametrize(
    ("day", "notified", "share"),
    [
        (date(2025, 12, 31), None, 100),  # before § 85n
        (date(2026, 1, 1), None, 50),
        (date(2026, 5, 31), date(2026, 6, 1), 50),  # notified from June
        (date(2026, 6, 1), date(2026, 6, 1), 100),
        (date(2028, 6, 30), None, 50),
        (date(2028, 7, 1), None, 100),  # § 85n applies to 30 June 2028
    ],
)
def test_a_cars_share_follows_its_notice(day: date, notified: date | None, share: int) -> None:
    exclusive = {"A-0011": notified} if notified else {}
    assert deductible_share(_car_line(), day, exclusive) == Decimal(share)


def _entry(journal: str, number: str) -> str:
    text = journal[journal.index(f"Invoice {number} ") :]
    return text[: text.index("\n\n")]


def test_a_notified_car_deducts_in_full(tmp_path: Path) -> None:
    """From the asset's vat_exclusive_business_use on, the car's costs deduct all their VAT."""
    root = copy_example(tmp_path)
    asset = root / "records/assets/A-0011.yaml"
    asset.write_text(
        asset.read_text(encoding="utf-8") + "vat_exclusive_business_use: 2026-10-01\n",
        encoding="utf-8",
    )
    assert run("--root", str(root), "ledger", "sync").exit_code == 0
    journal = (root / "ledger/generated/bills.beancount").read_text(encoding="utf-8")
    september = _entry(journal, "TP-2609-55634")
    assert 'vat_charged: "42.57"' in september and "21.28 EUR" in september
    october = _entry(journal, "AC-S-26-0694")
    assert "Assets:Tax:VAT-Input                                 31.74 EUR" in october
    assert "vat_charged" not in october


def test_the_forms_name_only_known_categories() -> None:
    data = forms()
    assert [r["row"] for r in data["return"]["rows"]] == [f"{n:02d}" for n in range(1, 38)]
    for row in data["return"]["rows"]:
        for side, category, _, measure in row.get("items") or []:
            assert side in ("output", "input", "sale") and category in CATEGORIES
            assert measure in ("base", "vat", "deducted")


def test_reverse_charge_wording_by_category_from_its_date() -> None:
    ws = open_workspace(REPO)
    record = find(ws, "20260116")  # to Bohemia Logistics, CZ: a service under § 15(1)
    assert record is not None
    invoice = load(ws, record)
    assert exemption_wording(invoice, "reverse-charge", "sk") == (
        "Prenesenie daňovej povinnosti (§ 69 ods. 2 zákona o DPH, čl. 196 smernice 2006/112/ES)"
    )
    later = dataclasses.replace(invoice, issue_date=WORDING_FROM)
    assert "§ 15 ods. 1" in exemption_wording(later, "reverse-charge", "sk")
    assert "čl. 44 a 196" in exemption_wording(later, "reverse-charge", "sk")
    assert "Article 196" in exemption_wording(later, "reverse-charge", "en")
    domestic = dataclasses.replace(later, customer={**invoice.customer, "country": "SK"})
    assert "§ 69 ods. 12" in exemption_wording(domestic, "reverse-charge", "sk")
    assert "§ 43" in exemption_wording(later, "intra-eu-goods", "sk")
    assert "§ 47" in exemption_wording(later, "export", "sk")


def test_a_bad_notice_date_or_an_unknown_vehicle_is_a_problem(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    asset = root / "records/assets/A-0011.yaml"
    asset.write_text(
        asset.read_text(encoding="utf-8") + "vat_exclusive_business_use: 2026-13-01\n",
        encoding="utf-8",
    )
    edit(
        root / "records/bills/2026/S-0015-TP-2601-55338.yaml",
        "vehicle: A-0011",
        "vehicle: A-0999",
    )
    result = run("--root", str(root), "check")
    assert result.exit_code == 1
    assert (
        "records/assets/A-0011.yaml:43:29: DATE-INVALID vat_exclusive_business_use: "
        "'2026-13-01' is not a 'date'"
    ) in result.output
    assert (
        "records/bills/2026/S-0015-TP-2601-55338.yaml:19:12: REF-UNKNOWN lines.0.vehicle: "
        "'A-0999' is not a record in assets"
    ) in result.output


def test_balances_brought_forward_are_no_vat_postings(office: Tiny) -> None:
    """An opening entry (it posts to equity) carries VAT balances, not a supply: no category."""
    ledger = office.root / "ledger" / "main.beancount"
    ledger.write_text(
        ledger.read_text(encoding="utf-8")
        + """
2026-01-01 * "Balances brought forward"
  Assets:Tax:VAT-Input             10.00 EUR
  Equity:Opening                  -10.00 EUR

2026-03-01 * "Stationery"
  Assets:Tax:VAT-Input              2.30 EUR
  Expenses:Marketing               10.00 EUR
  Assets:Bank:Main                -12.30 EUR
""",
        encoding="utf-8",
    )
    output = run("--root", str(office.root), "check").output
    assert output.count("VAT-NO-CATEGORY") == 1
    assert "Assets:Tax:VAT-Input 2.30 on 2026-03-01 has no vat_category" in output


def test_a_car_line_names_a_registered_vehicle(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    edit(root / "records/bills/2026/S-0015-TP-2601-55338.yaml", "  vehicle: A-0011\n", "")
    edit(
        root / "records/bills/2026/S-0015-TP-2602-55375.yaml", "vehicle: A-0011", "vehicle: A-0001"
    )
    result = run("--root", str(root), "check")
    assert result.exit_code == 1
    assert (
        "records/bills/2026/S-0015-TP-2601-55338.yaml:18:14: BILL-VEHICLE warning: line 1 is a "
        "passenger car's cost but names no car: add vehicle: A-NNNN, so that the car's "
        "vat_exclusive_business_use applies"
    ) in result.output
    assert "S-0015-TP-2602-55375.yaml:19:12: BILL-VEHICLE line 1 names A-0001 as its car" in (
        result.output
    )
