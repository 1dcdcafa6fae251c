"""`backoffice bill import|new`, the bills' journal and the bill rules of `check`, on a copy of
the example company (OpenPeppol's examples are read from ../shared/referees/, never copied)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from support import run
from support.bills import addressed_to_company, examples, sk_invoice
from support.books import copy_example

DOCS = "documents/bills/2026"
RECORD = "records/bills/2026/S-0003-2026000123.yaml"


class Office:
    """A copy of the example company's repository."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def bo(self, *args: str) -> Result:
        return run("--root", str(self.root), *args)

    def files(self) -> dict[str, bytes]:
        return {
            p.relative_to(self.root).as_posix(): p.read_bytes()
            for p in sorted(self.root.rglob("*"))
            if p.is_file()
        }

    def text(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")


@pytest.fixture
def office(tmp_path: Path) -> Office:
    return Office(copy_example(tmp_path))


def entries(journal: str, link: str) -> str:
    """The entries of the generated journal that carry `link` (the example books many)."""
    blocks = journal.split("\n\n")
    return "\n\n".join(b.strip("\n") for b in blocks if f"^{link}" in b) + "\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_slovak_suppliers_invoice_is_imported_booked_and_checked(
    office: Office, tmp_path: Path, golden: Callable[[str, str], None]
) -> None:
    xml = sk_invoice()
    result = office.bo("bill", "import", str(write(tmp_path, "telenet.xml", xml)))
    assert result.exit_code == 0, result.output
    assert result.output == f"{RECORD} {DOCS}/S-0003-2026000123.xml\n"
    assert (office.root / DOCS / "S-0003-2026000123.xml").read_bytes() == xml
    golden("telenet.yaml", office.text(RECORD))
    assert office.bo("ledger", "sync").exit_code == 0
    golden(
        "telenet.beancount",
        entries(office.text("ledger/generated/bills.beancount"), "bill-S-0003-2026000123"),
    )
    checked = office.bo("check")
    assert checked.exit_code == 0, checked.output
    payables = office.bo("report", "payables", "--as-of", "2026-11-30", "--format", "json")
    assert '"2026000123"' in payables.output


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("not-xml.xml", b"%PDF-1.7 not xml", "BILL-NOT-XML"),
        (
            "entity.xml",
            b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
            "BILL-NOT-XML",
        ),
        ("order.xml", b'<?xml version="1.0"?>\n<Order xmlns="urn:x"/>', "BILL-NOT-UBL"),
        (
            "invalid.xml",
            sk_invoice()
            .replace(b"<cbc:IssueDate>", b"<cbc:Issued>")
            .replace(b"</cbc:IssueDate>", b"</cbc:Issued>"),
            "BILL-NOT-UBL",
        ),
        ("totals.xml", sk_invoice(total="124.00"), "BILL-TOTALS"),
        ("vat.xml", sk_invoice(vat="22.00", total="122.00"), "BILL-TOTALS"),
        ("usd.xml", sk_invoice(currency="USD"), "BILL-RATE-MISSING"),
        (
            "nobody.xml",
            sk_invoice(seller_vat="SK2022222222", seller_dic="2022222222", seller_ico="11111111")
            .replace(b"<cbc:CompanyID>SK2022222222</cbc:CompanyID>", b"")
            .replace(b'<cbc:EndpointID schemeID="0245">2022222222</cbc:EndpointID>', b"")
            .replace(b"<cbc:CompanyID>11111111</cbc:CompanyID>", b""),
            "BILL-SUPPLIER-UNKNOWN",
        ),
        (
            "misdirected.xml",
            sk_invoice(buyer_vat="SK2020273893").replace(b"2120123456", b"2020273893"),
            "BILL-MISDIRECTED",
        ),
        (
            "new-supplier.xml",
            sk_invoice(seller_vat="SK2021852975", seller_dic="2021852975", seller_ico="46276734"),
            "BILL-ACCOUNT-MISSING",
        ),
    ],
)
def test_a_refused_document_writes_nothing(
    office: Office, tmp_path: Path, name: str, data: bytes, code: str
) -> None:
    before = office.files()
    result = office.bo("bill", "import", str(write(tmp_path, name, data)))
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first.startswith(f"{tmp_path / name}:"), result.output
    assert f": {code} " in first, result.output
    assert "Traceback" not in result.output
    assert office.files() == before


def test_the_same_document_twice_is_a_duplicate(office: Office, tmp_path: Path) -> None:
    path = write(tmp_path, "telenet.xml", sk_invoice())
    assert office.bo("bill", "import", str(path)).exit_code == 0
    before = office.files()
    again = office.bo("bill", "import", str(path))
    assert again.exit_code == 1
    assert "BILL-DUPLICATE this document is imported already" in again.output
    other = office.bo("bill", "import", str(write(tmp_path, "copy.xml", sk_invoice() + b"\n")))
    assert "BILL-DUPLICATE S-0003's bill 2026000123 is there already" in other.output
    assert office.files() == before


def test_a_rate_from_the_ledger_or_the_option(office: Office, tmp_path: Path) -> None:
    path = write(tmp_path, "usd.xml", sk_invoice(currency="USD"))
    with (office.root / "ledger" / "2026" / "11.beancount").open("a", encoding="utf-8") as f:
        f.write("\n2026-11-15 price USD 0.9 EUR\n")
    assert office.bo("bill", "import", str(path)).exit_code == 0
    assert "eur_rate: '0.9'" in office.text(RECORD)
    assert office.bo("ledger", "sync").exit_code == 0
    journal = office.text("ledger/generated/bills.beancount")
    assert "Assets:Tax:VAT-Input                                 20.70 EUR" in journal
    assert "Liabilities:Payables:Suppliers                     -110.70 EUR" in journal


def test_openpeppol_examples_as_they_are_are_misdirected(office: Office) -> None:
    folder = examples()
    files = sorted(str(p) for p in folder.glob("*.xml"))
    result = office.bo("bill", "import", *files)
    assert result.exit_code == 1
    lines = result.output.splitlines()[:-1] if "nothing" in result.output else result.output
    assert len([x for x in lines if "BILL-MISDIRECTED" in x]) == len(files), result.output


@pytest.mark.parametrize(
    ("example", "extra"),
    [
        ("base-example.xml", ()),
        ("base-creditnote-correction.xml", ()),
        ("Vat-category-S.xml", ()),
        ("vat-category-E.xml", ("--rate", "1.15")),
    ],
)
def test_openpeppol_examples_to_the_company_are_imported(
    office: Office,
    tmp_path: Path,
    example: str,
    extra: tuple[str, ...],
    golden: Callable[[str, str], None],
) -> None:
    source = examples() / example
    path = write(tmp_path, example, addressed_to_company(source.read_bytes()))
    args = ("bill", "import", str(path), "--account", "Expenses:Software:Subscriptions")
    result = office.bo(*args, *extra)
    assert result.exit_code == 0, result.output
    bill_rel, document, *_ = result.output.split()
    assert (office.root / document).read_bytes() == path.read_bytes()
    supplier = office.text("records/suppliers/S-0017.yaml")
    assert "status: new" in supplier
    assert office.bo("ledger", "sync").exit_code == 0
    stem = Path(example).stem
    golden(f"{stem}.yaml", office.text(bill_rel))
    golden(
        f"{stem}.beancount",
        entries(office.text("ledger/generated/bills.beancount"), "bill-S-0017-snippet1")
        if stem != "vat-category-E"
        else entries(office.text("ledger/generated/bills.beancount"), "bill-S-0017-vat-z"),
    )
    checked = office.bo("check")
    bills = [x for x in checked.output.splitlines() if "bills" in x or "S-0017" in x]
    # a supplier's invoice above the approval policy's amount with no order is purchasing's
    # warning to review, not a fault of the import
    assert [x for x in bills if "BILL-NO-ORDER warning" not in x] == [], checked.output


def test_a_bill_on_paper_is_drafted_with_its_pdf(office: Office, tmp_path: Path) -> None:
    pdf = write(tmp_path, "scan.pdf", b"%PDF-1.7\n% a scanned bill\n")
    result = office.bo(
        "bill",
        "new",
        "--supplier",
        "S-0002",
        "--number",
        "7260099",
        "--date",
        "2026-11-30",
        "--document",
        str(pdf),
    )
    assert result.exit_code == 0, result.output
    assert result.output == (
        "records/bills/2026/S-0002-7260099.yaml documents/bills/2026/S-0002-7260099.pdf\n"
    )
    text = office.text("records/bills/2026/S-0002-7260099.yaml")
    assert "status: draft" in text and "account: Expenses:Utilities:Electricity" in text
    assert "supply_date: 2026-11-30\n" in text  # no YAML alias for the repeated date
    assert office.bo("check").exit_code == 0
    assert (
        office.root / "documents/bills/2026/S-0002-7260099.pdf"
    ).read_bytes() == pdf.read_bytes()
    unknown = office.bo("bill", "new", "--supplier", "S-9999")
    assert unknown.exit_code == 1 and "REF-UNKNOWN" in unknown.output


VEHICLE_BILL = """\
id: S-0010-F-2026-77
supplier: S-0010
number: F-2026-77
kind: invoice
status: booked
issue_date: 2026-11-20
due_date: 2026-12-04
currency: EUR
lines:
  - description: Diesel, 50 l
    quantity: "50"
    unit_price: "1.50"
    amount: "75.00"
    vat_category: S
    vat_rate: "23"
    account: Expenses:Vehicle:Fuel
    deduction: vehicle
  - description: Car wash
    quantity: "1"
    unit_price: "10.00"
    amount: "10.00"
    vat_category: S
    vat_rate: "23"
    account: Expenses:Vehicle:Service
totals:
  net: "85.00"
  vat: "19.55"
  total: "104.55"
"""


def test_a_passenger_cars_fuel_deducts_half_its_vat(
    office: Office, golden: Callable[[str, str], None]
) -> None:
    target = office.root / "records/bills/2026/S-0010-F-2026-77.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(VEHICLE_BILL, encoding="utf-8")
    assert office.bo("ledger", "sync").exit_code == 0
    golden(
        "vehicle.beancount",
        entries(office.text("ledger/generated/bills.beancount"), "bill-S-0010-f-2026-77"),
    )


def test_check_finds_what_does_not_add_up(office: Office, tmp_path: Path) -> None:
    assert office.bo("bill", "import", str(write(tmp_path, "t.xml", sk_invoice()))).exit_code == 0
    assert office.bo("ledger", "sync").exit_code == 0
    record = office.root / RECORD
    record.write_text(record.read_text().replace("net: '100.00'", "net: '101.00'"))
    copy = office.root / "records/bills/2026/S-0003-2026000123-B.yaml"
    copy.write_text(
        office.text(RECORD)
        .replace("id: S-0003-2026000123", "id: S-0003-2026000123-B")
        .replace("document_sha256: 2", "document_sha256: 3")
    )
    (office.root / DOCS / "S-0003-2026000123.xml").write_bytes(sk_invoice() + b" ")
    supplier = office.root / "records/suppliers/S-0003.yaml"
    supplier.write_text(
        supplier.read_text().replace("status: active", "status: blocked\nstatus_reason: fraud")
    )
    output = office.bo("check").output
    for code in (
        "BILL-TOTALS",
        "BILL-HASH-MISMATCH",
        "BILL-NUMBER-DUPLICATE",
        "BILL-SUPPLIER-BLOCKED",
    ):
        assert f"{RECORD}:" in output and code in output, (code, output)


def test_a_booked_bill_is_immutable_against_base(
    office: Office, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=office.root, check=True, capture_output=True)

    assert office.bo("bill", "import", str(write(tmp_path, "t.xml", sk_invoice()))).exit_code == 0
    git("init", "-q", "-b", "main")
    git("-c", "user.name=E", "-c", "user.email=e@example.com", "add", "-A")
    git("-c", "user.name=E", "-c", "user.email=e@example.com", "commit", "-q", "-m", "bills")
    record = office.root / RECORD
    record.write_text(record.read_text().replace("due_date: 2026-12-04", "due_date: 2026-12-31"))
    (office.root / DOCS / "S-0003-2026000123.xml").write_bytes(b"<x/>")
    output = office.bo("check", "--base", "HEAD").output
    assert (
        f"{RECORD}:8:11: ISSUED-CHANGED booked bill S-0003-2026000123 (in HEAD) was changed: "
        "due_date; correct it with the supplier's correction document"
    ) in output
    assert (
        f"{DOCS}/S-0003-2026000123.xml:1:1: ISSUED-CHANGED archived document (in HEAD) was changed"
    ) in output


def test_a_fuel_bill_imported_for_the_car_deducts_the_share(office: Office, tmp_path: Path) -> None:
    path = write(tmp_path, "fuel.xml", sk_invoice())
    args = (
        "bill",
        "import",
        str(path),
        "--deduction",
        "vehicle",
        "--account",
        "Expenses:Vehicle:Fuel",
    )
    assert office.bo(*args).exit_code == 0
    assert "deduction: vehicle" in office.text(RECORD)
    assert office.bo("ledger", "sync").exit_code == 0
    entry = entries(office.text("ledger/generated/bills.beancount"), "bill-S-0003-2026000123")
    assert "Expenses:Vehicle:Fuel                               111.50 EUR" in entry
    assert "Assets:Tax:VAT-Input                                 11.50 EUR" in entry


def test_the_record_agrees_with_the_archived_xml(office: Office, tmp_path: Path) -> None:
    assert office.bo("bill", "import", str(write(tmp_path, "t.xml", sk_invoice()))).exit_code == 0
    record = office.root / RECORD
    text = record.read_text()
    for old, new in (
        ("unit_price: '100'", "unit_price: '90'"),
        ("amount: '100.00'", "amount: '90.00'"),
        ("net: '100.00'", "net: '90.00'"),
        ("vat: '23.00'", "vat: '20.70'"),
        ("total: '123.00'", "total: '110.70'"),
    ):
        text = text.replace(old, new)
    record.write_text(text)
    output = office.bo("check").output
    assert (
        f"{RECORD}:" in output and "BILL-XML-TOTALS the archived e-invoice states 100.00" in output
    )
    assert "BILL-TOTALS" not in output


def test_a_credit_note_may_carry_the_number_of_the_invoice_it_corrects(
    office: Office, tmp_path: Path
) -> None:
    folder = examples()
    invoice, credit = (
        write(tmp_path, name, addressed_to_company((folder / name).read_bytes()))
        for name in ("base-example.xml", "base-creditnote-correction.xml")
    )
    args = ("--account", "Expenses:Software:Subscriptions")
    first = office.bo("bill", "import", str(invoice), *args)
    assert first.exit_code == 0, first.output
    second = office.bo("bill", "import", str(credit))
    assert second.exit_code == 0, second.output
    assert second.output.split()[0] == "records/bills/2026/S-0017-SNIPPET1-CN.yaml"
    assert office.bo("ledger", "sync").exit_code == 0
    journal = entries(office.text("ledger/generated/bills.beancount"), "bill-S-0017-snippet1")
    assert '"Invoice Snippet1"' in journal and '"Credit note Snippet1"' in journal
    checked = office.bo("check")
    assert [
        x for x in checked.output.splitlines() if "S-0017" in x and "BILL-NO-ORDER warning" not in x
    ] == [], checked.output
    before = office.files()
    again = office.bo(
        "bill", "import", str(write(tmp_path, "again.xml", credit.read_bytes() + b"\n"))
    )
    assert again.exit_code == 1
    assert "BILL-DUPLICATE S-0017's credit note Snippet1 is there already" in again.output
    assert office.files() == before


def test_a_bill_without_a_due_date_falls_due_by_the_payment_terms(
    office: Office, tmp_path: Path
) -> None:
    undated = sk_invoice().replace(b"    <cbc:DueDate>2026-12-04</cbc:DueDate>\n", b"")
    supplier = office.root / "records/suppliers/S-0003.yaml"
    supplier.write_text(
        supplier.read_text().replace("payment_terms_days: 14", "payment_terms_days: 30")
    )
    assert office.bo("bill", "import", str(write(tmp_path, "a.xml", undated))).exit_code == 0
    assert "due_date: 2026-12-20\n" in office.text(RECORD)  # issued 2026-11-20, 30 days
    (office.root / RECORD).unlink()
    (office.root / DOCS / "S-0003-2026000123.xml").unlink()
    supplier.write_text(supplier.read_text().replace("payment_terms_days: 30\n", ""))
    company = office.root / "records/company.yaml"
    company.write_text(company.read_text() + "payment_terms_days: 10\n")
    assert office.bo("bill", "import", str(write(tmp_path, "b.xml", undated))).exit_code == 0
    assert "due_date: 2026-11-30\n" in office.text(RECORD)  # the company's 10 days
    checked = office.bo("check")
    assert [x for x in checked.output.splitlines() if "company" in x] == [], checked.output


ADVANCE = """
2026-11-05 * "TeleNet Slovakia a.s." "Advance for order OBJ-2026-117"
  supplier: "S-0003"
  Assets:Prepayments                                   50.00 EUR
  Assets:Cash                                         -50.00 EUR
"""


def test_a_prepaid_amount_clears_the_advance_and_the_rest_is_payable(
    office: Office, tmp_path: Path
) -> None:
    path = write(tmp_path, "prepaid.xml", sk_invoice(prepaid="50.00"))
    before = office.files()
    refused = office.bo("bill", "import", str(path))
    assert refused.exit_code == 1
    assert (
        f"{path}:1:1: BILL-PREPAID 50.00 EUR is prepaid, but 0.00 EUR paid in advance to S-0003 "
        "is open on Assets:Prepayments"
    ) in refused.output
    assert office.files() == before
    with (office.root / "ledger" / "2026" / "11.beancount").open("a", encoding="utf-8") as f:
        f.write(ADVANCE)
    result = office.bo("bill", "import", str(path))
    assert result.exit_code == 0, result.output
    text = office.text(RECORD)
    assert (
        "  prepaid: '50.00'\n  payable: '73.00'\nprepayment_account: Assets:Prepayments\n" in text
    )
    assert office.bo("ledger", "sync").exit_code == 0
    entry = entries(office.text("ledger/generated/bills.beancount"), "bill-S-0003-2026000123")
    assert "  Assets:Prepayments                                  -50.00 EUR\n" in entry
    assert "  Liabilities:Payables:Suppliers                      -73.00 EUR\n" in entry
    checked = office.bo("check")
    assert checked.exit_code == 0, checked.output
    payables = office.bo("report", "payables", "--as-of", "2026-11-30", "--format", "csv")
    assert "2026000123" in payables.output and "73.00" in payables.output, payables.output
    # the advance is cleared: a second bill cannot claim it again
    other = write(tmp_path, "other.xml", sk_invoice("2026000124", prepaid="50.00"))
    again = office.bo("bill", "import", str(other))
    assert again.exit_code == 1 and "0.00 EUR paid in advance" in again.output, again.output


ALLOWANCE_SUPPLIER = """\
id: S-0017
name: SupplierOfficialName Ltd
legal_form: Ltd
registration_number: GB983294
country: GB
currency: EUR
accounts:
  payable: Liabilities:Payables:Suppliers
  expense: Expenses:Software:Subscriptions
status: new
"""

ALLOWANCE_ADVANCE = """
2026-11-01 * "SupplierOfficialName Ltd" "Advance for order 123"
  supplier: "S-0017"
  Assets:Prepayments                                 1000.00 EUR
  Assets:Bank:Tatra                                 -1000.00 EUR
"""


def test_openpeppols_prepaid_example_clears_the_advance_paid_to_the_supplier(
    office: Office, tmp_path: Path, golden: Callable[[str, str], None]
) -> None:
    source = examples() / "Allowance-example.xml"
    path = write(tmp_path, source.name, addressed_to_company(source.read_bytes()))
    args = ("bill", "import", str(path), "--account", "Expenses:Software:Subscriptions")
    before = office.files()
    refused = office.bo(*args)
    assert refused.exit_code == 1
    assert "BILL-PREPAID 1000 EUR is prepaid, but no advance can be matched to it" in refused.output
    assert office.files() == before
    (office.root / "records/suppliers/S-0017.yaml").write_text(ALLOWANCE_SUPPLIER)
    with (office.root / "ledger" / "2026" / "11.beancount").open("a", encoding="utf-8") as f:
        f.write(ALLOWANCE_ADVANCE)
    result = office.bo(*args)
    assert result.exit_code == 0, result.output
    assert office.bo("ledger", "sync").exit_code == 0
    golden("Allowance-example.yaml", office.text(result.output.split()[0]))
    golden(
        "Allowance-example.beancount",
        entries(office.text("ledger/generated/bills.beancount"), "bill-S-0017-snippet1"),
    )
    checked = office.bo("check")
    assert [
        x for x in checked.output.splitlines() if "S-0017" in x and "BILL-NO-ORDER warning" not in x
    ] == [], checked.output


ASSET_BILL = """\
id: S-0006-TS26-01490
supplier: S-0006
number: TS26-01490
title: Dell PowerEdge T360 server
kind: invoice
status: booked
issue_date: 2026-11-20
due_date: 2026-12-04
currency: EUR
lines:
- description: Dell PowerEdge T360 server
  quantity: '1'
  unit_price: '5000.00'
  amount: '5000.00'
  vat_category: S
  vat_rate: '23'
  account: Assets:Fixed:IT
  asset: A-0099
totals:
  net: '5000.00'
  vat: '1150.00'
  total: '6150.00'
"""


def _new_asset(office: Office, link: str) -> None:
    text = office.text("records/assets/A-0007.yaml")
    for old, new in (
        ("id: A-0007", "id: A-0099"),
        ("date: 2026-04-14", "date: 2026-11-20"),
        ('cost: "4980.00 EUR"', 'cost: "5000.00 EUR"'),
        ("invoice: TS26-00468", "invoice: TS26-01490"),
        ("link: bill-S-0006-ts26-00468", f"link: {link}"),
    ):
        assert old in text
        text = text.replace(old, new)
    (office.root / "records/assets/A-0099.yaml").write_text(text, encoding="utf-8")


def test_a_bill_buys_a_registered_asset_and_the_sync_books_its_purchase(office: Office) -> None:
    _new_asset(office, "bill-S-0006-ts26-01490")
    bill = office.root / "records/bills/2026/S-0006-TS26-01490.yaml"
    bill.write_text(ASSET_BILL, encoding="utf-8")
    waiting = office.bo("check").output
    assert (
        "records/assets/A-0099.yaml:14:9: ASSET-PURCHASE A-0099: no ledger transaction has the "
        "link ^bill-S-0006-ts26-01490 yet; a booked bill buys it: run `backoffice ledger sync`"
    ) in waiting, waiting
    synced = office.bo("ledger", "sync")
    assert synced.exit_code == 0, synced.output
    entry = entries(office.text("ledger/generated/bills.beancount"), "bill-S-0006-ts26-01490")
    assert (
        '  Assets:Fixed:IT                                    5000.00 EUR\n    asset: "A-0099"\n'
        in (entry)
    )
    checked = office.bo("check")
    assert checked.exit_code == 0, checked.output
    bill.write_text(
        ASSET_BILL.replace("account: Assets:Fixed:IT", "account: Expenses:Materials:SmallEquipment")
    )
    wrong = office.bo("check").output
    assert (
        "records/bills/2026/S-0006-TS26-01490.yaml:17:12: BILL-ASSET-ACCOUNT line 1 buys A-0099: "
        "its account is the asset's Assets:Fixed:IT, not Expenses:Materials:SmallEquipment"
    ) in wrong, wrong


def test_a_purchase_that_nothing_books_still_stops_the_sync(office: Office) -> None:
    _new_asset(office, "bill-S-0006-ts26-01490")
    before = office.files()
    synced = office.bo("ledger", "sync")
    assert synced.exit_code == 1
    assert (
        "records/assets/A-0099.yaml:14:9: ASSET-PURCHASE A-0099: no ledger transaction has the "
        "link ^bill-S-0006-ts26-01490\n"
    ) in synced.output, synced.output
    assert office.files() == before


# --- the order an e-invoice quotes ----------------------------------------------------------


def _techstore_invoice(order: str) -> bytes:
    """TechStore's invoice quoting our order `order` and, on its line, the order's line 1."""
    xml = sk_invoice(
        "TS26-01500",
        seller_vat="SK2020321787",
        seller_dic="2020321787",
        seller_ico="35918276",
        seller_name="TechStore Slovakia s.r.o.",
    ).decode()
    xml = xml.replace("<cbc:ID>OBJ-2026-117</cbc:ID>", f"<cbc:ID>{order}</cbc:ID>")
    quoted = (
        '<cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>\n'
        "        <cac:OrderLineReference><cbc:LineID>1</cbc:LineID></cac:OrderLineReference>"
    )
    head, line = xml.split("<cac:InvoiceLine>")
    line = line.replace(
        '<cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>', quoted
    )
    return f"{head}<cac:InvoiceLine>{line}".encode()


def test_the_order_an_e_invoice_quotes_is_matched_three_ways(
    office: Office, tmp_path: Path
) -> None:
    """BT-13 names our order PO-0015 of TechStore, BT-132 its line: the bill names both, so
    `check` matches what was ordered, received and billed (here a price and quantity that
    differ from the order's, and goods not yet received)."""
    path = write(tmp_path, "techstore.xml", _techstore_invoice("PO-0015"))
    result = office.bo("bill", "import", str(path))
    assert result.exit_code == 0, result.output
    text = office.text("records/bills/2026/S-0006-TS26-01500.yaml")
    assert "order_reference: PO-0015\npurchase_order: PO-0015\n" in text
    assert "  order_line: 1\n" in text
    assert office.bo("ledger", "sync").exit_code == 0
    checked = office.bo("check")
    assert "records/bills/2026/S-0006-TS26-01500.yaml:" in checked.output
    assert " PO-MATCH-" in checked.output


def test_an_order_of_another_supplier_is_not_taken_over(office: Office, tmp_path: Path) -> None:
    path = write(tmp_path, "techstore.xml", _techstore_invoice("PO-0007"))
    result = office.bo("bill", "import", str(path))
    assert result.exit_code == 0, result.output
    text = office.text("records/bills/2026/S-0006-TS26-01500.yaml")
    assert "purchase_order:" not in text and "order_line:" not in text
    assert "order reference PO-0007 is our order from S-0007, not S-0006" in text
