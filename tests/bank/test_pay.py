"""`backoffice pay`: a pain.001.001.03 order for the due bills and a payroll run, refused for
what must not be paid, and recorded so that nothing is ordered twice."""

from __future__ import annotations

from pathlib import Path

import pytest
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


def test_an_ordered_bill_is_not_ordered_again(company: Path) -> None:
    assert pay(company, "--due-by", "2026-12-10")[0] == 0
    before = files(company)
    code, out = pay(company, "--due-by", "2026-12-10")
    assert code == 1
    assert (
        "records/bills/2026/S-0013-PC-26-0533.yaml:1:1: PAY-ORDERED bill S-0013-PC-26-0533 "
        "is already in a payment order: not ordered again" in out
    )
    assert files(company) == before


def test_a_blocked_supplier_is_refused(company: Path) -> None:
    edit(
        company / "records/suppliers/S-0013.yaml",
        "status: active",
        "status: blocked\nstatus_reason: dispute",
    )
    before = files(company)
    code, out = pay(company, "--due-by", "2026-12-10")
    assert code == 1
    assert "records/bills/2026/S-0013-PC-26-0533.yaml:2:11: PAY-BLOCKED" in out
    assert files(company) == before


def test_an_unknown_account_is_refused(company: Path) -> None:
    before = files(company)
    code, out = pay(company, "--account", "Nope")
    assert code == 1
    assert "records/company.yaml:17:3: PAY-ACCOUNT no bank account named 'Nope'" in out
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
