"""`backoffice pay`: a pain.001.001.03 order for the due bills and a payroll run, refused for
what must not be paid, and recorded so that nothing is ordered twice."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from lxml import etree

from support import run
from support.books import copy_example, edit

NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}


@pytest.fixture
def company(tmp_path: Path) -> Path:
    return copy_example(tmp_path)


def files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


def pay(root: Path, *args: str) -> tuple[int, str]:
    result = run("--root", str(root), "pay", *args)
    return result.exit_code, result.output


def test_due_bills_are_ordered_with_their_symbols(company: Path) -> None:
    code, out = pay(company, "--due-by", "2026-12-10")
    assert code == 0, out
    assert "PO-2026-001: 2 payments, 407.68 EUR" in out
    xml = etree.parse(str(company / "documents/payment-orders/2026/PO-2026-001.xml"))
    ids = xml.xpath("//p:CdtTrfTxInf/p:PmtId/p:EndToEndId/text()", namespaces=NS)
    assert ids == ["/VS260533", "/VS2026241"]
    assert xml.xpath("//p:GrpHdr/p:CtrlSum/text()", namespaces=NS) == ["407.68"]
    record = (company / "records/payment-orders/2026/PO-2026-001.yaml").read_text()
    assert "bill: S-0013-PC-26-0533" in record
    assert run("--root", str(company), "check").exit_code == 0


def test_the_order_validates_against_the_pain001_schema(company: Path) -> None:
    from sepaxml.validation import try_valid_xml

    assert pay(company, "--due-by", "2026-12-10", "--payroll", "2026-11")[0] == 0
    xml = (company / "documents/payment-orders/2026/PO-2026-001.xml").read_bytes()
    try_valid_xml(xml, "pain.001.001.03")


def test_payroll_pays_net_pay_insurers_and_the_tax_office(company: Path) -> None:
    code, out = pay(company, "--due-by", "2026-11-01", "--payroll", "2026-11")
    assert code == 0, out
    record = (company / "records/payment-orders/2026/PO-2026-001.yaml").read_text()
    # What the books owe P-0001: net pay 3422.60 and the meal contribution 80.43 paid with it.
    assert "payee: P-0001\n  amount: 3503.03 EUR" in record
    assert "amount: 9030.60 EUR\n  end_to_end_id: /VS5012345901/SS112026/KS3118" in record
    assert "amount: 4176.00 EUR\n  end_to_end_id: /VS50123459/SS112026/KS3558" in record
    assert "amount: 3394.63 EUR\n  end_to_end_id: /VS1100112026" in record


TAX_OFFICE = (
    "  tax_office:\n    name: Daňový úrad Bratislava\n    iban: SK09 8180 5000 0021 2012 3456\n"
)
BILL = "records/bills/2026/S-0013-PC-26-0533.yaml"
ORDERED_BEFORE = ("--due-by", "2026-12-10")
REFUSALS = {
    "ordered-before": (
        ORDERED_BEFORE,
        [],
        [
            f"{BILL}:1:1: PAY-ORDERED bill S-0013-PC-26-0533 is already in a payment order: "
            "not ordered again"
        ],
    ),
    "blocked-supplier": (
        ("--due-by", "2026-12-10"),
        [
            (
                "records/suppliers/S-0013.yaml",
                "status: active",
                "status: blocked\nstatus_reason: dispute",
            )
        ],
        [f"{BILL}:2:11: PAY-BLOCKED"],
    ),
    "unknown-account": (
        ("--account", "Nope"),
        [],
        ["records/company.yaml:17:3: PAY-ACCOUNT no bank account named 'Nope'"],
    ),
    "supplier-without-iban": (
        ("--due-by", "2026-12-10"),
        [("records/suppliers/S-0013.yaml", "iban: SK70 0900 0000 0022 5152 7726\n", "")],
        [f"{BILL}:2:11: PAY-NO-IBAN bill S-0013-PC-26-0533: supplier S-0013 has no IBAN to pay to"],
    ),
    "person-without-iban": (
        ("--due-by", "2026-11-01", "--payroll", "2026-11"),
        [("records/people/P-0002.yaml", "  private_iban: SK05 0900 0000 0019 3124 7021\n", "")],
        ["records/payroll/2026-11.yaml:", "PAY-NO-IBAN P-0002 has no private_iban for net pay"],
    ),
    "payroll-not-on-file": (
        ("--payroll", "2027-01"),
        [],
        ["records/payroll/2027-01.yaml:1:1: PAY-PAYROLL no payroll run 2027-01"],
    ),
    "payee-missing": (
        ("--due-by", "2026-11-01", "--payroll", "2026-11"),
        [("records/company.yaml", TAX_OFFICE + "    bic: SPSRSKBA\n", "")],
        ["records/company.yaml:", "PAY-PAYEE payroll_payees has no tax_office account"],
    ),
}


@pytest.mark.parametrize(("args", "edits", "messages"), list(REFUSALS.values()), ids=list(REFUSALS))
def test_what_must_not_be_paid_is_refused_and_nothing_written(
    company: Path,
    args: tuple[str, ...],
    edits: list[tuple[str, str, str]],
    messages: list[str],
) -> None:
    for rel, old, new in edits:
        edit(company / rel, old, new)
    if not edits and args == ORDERED_BEFORE:  # the same order, given once already
        assert pay(company, *args)[0] == 0
    before = files(company)
    code, out = pay(company, *args)
    assert code == 1
    for message in messages:
        assert message in out, out
    assert files(company) == before


def test_a_bad_due_by_is_a_usage_error(company: Path) -> None:
    code, out = pay(company, "--due-by", "2026-13-01")
    assert code == 2
    assert "--due-by" in out


def test_nothing_due_writes_nothing(company: Path) -> None:
    before = files(company)
    code, out = pay(company, "--due-by", "2026-01-01")
    assert code == 0
    assert "Nothing to pay by 2026-01-01: nothing written." in out
    assert files(company) == before


def test_the_order_holds_what_its_record_lists(company: Path) -> None:
    code, out = pay(company, "--due-by", "2026-12-10", "--payroll", "2026-11")
    assert code == 0, out
    xml = etree.parse(str(company / "documents/payment-orders/2026/PO-2026-001.xml"))
    record = yaml.safe_load((company / "records/payment-orders/2026/PO-2026-001.yaml").read_text())
    amounts = [Decimal(item["amount"].split()[0]) for item in record["items"]]
    for where in ("p:GrpHdr", "p:PmtInf"):
        assert xml.xpath(f"//{where}/p:NbOfTxs/text()", namespaces=NS) == [str(len(amounts))]
        assert xml.xpath(f"//{where}/p:CtrlSum/text()", namespaces=NS) == [f"{sum(amounts):.2f}"]
    paid = xml.xpath("//p:CdtTrfTxInf/p:Amt/p:InstdAmt/text()", namespaces=NS)
    assert sorted(Decimal(a) for a in paid) == sorted(amounts)
    assert f"PO-2026-001: {len(amounts)} payments, {sum(amounts):.2f} EUR" in out


def test_net_pay_is_paid_to_the_person_by_name(company: Path) -> None:
    assert pay(company, "--due-by", "2026-11-01", "--payroll", "2026-11")[0] == 0
    xml = etree.parse(str(company / "documents/payment-orders/2026/PO-2026-001.xml"))
    names = xml.xpath("//p:CdtTrfTxInf/p:Cdtr/p:Nm/text()", namespaces=NS)
    assert "Martin Kovac" in names, names  # sepaxml writes SEPA's Latin subset: no diacritics
    assert not [n for n in names if n.startswith("P-0")], names


@pytest.mark.parametrize("where", ["outside", "existing"])
def test_the_order_is_written_only_as_a_new_file_inside(
    company: Path, tmp_path: Path, where: str
) -> None:
    if where == "outside":
        target, why = tmp_path / "order.xml", "is outside the repository"
    else:
        target, why = company / "documents" / "order.xml", "exists"
        target.write_text("an earlier order")
    before = files(company)
    code, out = pay(company, "--due-by", "2026-12-10", "-o", str(target))
    assert code == 2
    assert f"{target} {why}: the order is written only as a new file" in out
    assert files(company) == before
    assert where == "existing" or not target.exists()
