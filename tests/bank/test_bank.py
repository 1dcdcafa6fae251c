"""`backoffice bank import`: camt.053 statements matched to invoices, bills and rules, booked
once by the bank's reference, balances asserted, refused whole when anything is wrong."""

from __future__ import annotations

import hashlib
import shutil
from datetime import date
from pathlib import Path

import pytest
from beancount.core import data

from backoffice.accounting import PAYABLES, RECEIVABLES, open_documents
from backoffice.bank import CamtImporter
from backoffice.bank.matching import rule_link
from backoffice.domains import open_workspace
from support import REPO, Tiny, run
from support.bank import (
    IBAN,
    bank_import,
    block,
    books_problems,
    entry,
    errors,
    files,
    journal,
    statement,
    tiny_company,
)

LANDLORD = "SK9181800000007000155733"
LEDGER = """\
option "operating_currency" "EUR"

2026-01-01 open Assets:Bank:Main EUR
2026-01-01 open Assets:Receivables:Customers EUR
2026-01-01 open Liabilities:Payables:Suppliers EUR
2026-01-01 open Income:Sales EUR
2026-01-01 open Expenses:Rent EUR
2026-01-01 open Expenses:Fees EUR
  number: "568"
2026-01-01 open Assets:Suspense EUR
2026-01-01 open Equity:Opening EUR

2026-01-01 * "Opening"
  Assets:Bank:Main       1000.00 EUR
  Equity:Opening        -1000.00 EUR

2026-01-10 * "Acme s.r.o." "Invoice 20260001" ^inv-20260001
  invoice: "20260001"
  customer: "C-0001"
  due: 2026-01-24
  Assets:Receivables:Customers   1230.00 EUR
  Income:Sales                  -1230.00 EUR

2026-01-12 * "Acme s.r.o." "Invoice 20260002" ^inv-20260002
  invoice: "20260002"
  customer: "C-0001"
  Assets:Receivables:Customers    615.00 EUR
  Income:Sales                   -615.00 EUR

2026-01-14 * "Acme s.r.o." "Invoice 20260003" ^inv-20260003
  invoice: "20260003"
  customer: "C-0001"
  Assets:Receivables:Customers    500.00 EUR
  Income:Sales                   -500.00 EUR

2026-01-15 * "Landlord a.s." "Bill R-1" ^bill-S-0001-r-1
  supplier: "S-0001"
  bill: "R-1"
  Expenses:Rent                   984.00 EUR
  Liabilities:Payables:Suppliers -984.00 EUR
"""
COMPANY = f"""\
legal_name: Tiny s.r.o.
bank_accounts:
  - name: Main account
    iban: {IBAN[:4]} {IBAN[4:8]} {IBAN[8:12]} {IBAN[12:16]} {IBAN[16:20]} {IBAN[20:]}
    bic: TATRSKBX
    currency: EUR
    account: Assets:Bank:Main
"""
RULES = """\
rules:
  - name: landlord
    text: "rent|nájom"
    direction: debit
    account: Expenses:Rent
    description: Rent
"""


@pytest.fixture
def bank(tiny: Tiny) -> Tiny:
    """A tiny company: three open invoices of one customer, a landlord's bill, one account."""
    tiny_company(tiny, LEDGER, COMPANY, RULES)
    tiny.write(
        "records/suppliers/S-0001.yaml",
        f"id: S-0001\nname: Landlord a.s.\niban: {LANDLORD}\n",
    )
    return tiny


def opened(tiny: Tiny) -> dict[str, object]:
    ws = open_workspace(tiny.root)
    day = max(e.date for e in ws.ledger.entries)
    return {
        d.number: d.open for side in (RECEIVABLES, PAYABLES) for d in open_documents(ws, side, day)
    }


def test_each_match_rule_books_its_entry(bank: Tiny) -> None:
    entries = [
        entry("1", "1230.00", "2026-02-01", e2e="/VS20260001/SS/KS0308"),
        entry("2", "300.00", reference="RF0420260002"),
        entry("3", "815.00", name="ACME S.R.O.", text="thanks"),
        entry("4", "984.00", credit=False, name="Landlord", iban=LANDLORD, text="Fa R-1"),
        entry("5", "800.00", credit=False, name="Landlord a.s.", iban=LANDLORD, text="Rent 02"),
        entry("6", "2.50", credit=False, name="", iban="", code=("ACMT", "MDOP", "CHRG")),
        entry("7", "99.99", name="Somebody", text="what is this"),
    ]
    xml = bank.write("inbox/feb.xml", statement("1000.00", "1658.49", entries))
    code, output = bank_import(bank, xml)
    assert code == 0, output
    assert "(matched: bill 1, fee 1, invoice 2, invoices 1, rule 1, suspense 1)" in output
    text = journal(bank)
    full = block(text, 'bank-ref: "R1"')
    assert full.startswith('2026-02-01 * "Acme s.r.o." "Payment of invoice 20260001" ^inv-20260001')
    assert '  vs: "20260001"\n  ks: "0308"\n' in full
    assert '  invoice: "20260001"\n  customer: "C-0001"\n' in full
    assert "Assets:Receivables:Customers  -1230.00 EUR" in full
    partial = block(text, 'bank-ref: "R2"')
    assert '"Partial payment of invoice 20260002, 315.00 EUR open" ^inv-20260002' in partial
    several = block(text, 'bank-ref: "R3"')
    assert '"Payment of invoices 20260002, 20260003"' in several
    assert "^inv-20260002 ^inv-20260003" in several
    assert '  Assets:Receivables:Customers  -315.00 EUR\n    invoice: "20260002"' in several
    bill = block(text, 'bank-ref: "R4"')
    assert '"Payment of invoice R-1" ^bill-S-0001-r-1' in bill
    assert '  supplier: "S-0001"\n  bill: "R-1"\n' in bill
    assert '"Rent"' in block(text, 'bank-ref: "R5"')
    assert "Expenses:Rent      800.00 EUR" in block(text, 'bank-ref: "R5"')
    assert "Expenses:Fees      2.50 EUR" in block(text, 'bank-ref: "R6"')
    unknown = block(text, 'bank-ref: "R7"')
    assert unknown.startswith('2026-02-02 ! "Somebody" "what is this"')
    assert "Assets:Suspense   -99.99 EUR" in unknown
    assert opened(bank) == {}
    line = books_problems(bank)
    assert len(line) == 1 and "BANK-UNMATCHED" in line[0], line
    number = text.splitlines().index(unknown.splitlines()[0]) + 1
    assert line[0].startswith(f"ledger/bank/main/2026-02.beancount:{number}:1: BANK-UNMATCHED")
    assert "99.99 EUR from Somebody on 2026-02-02 (bank reference R7)" in line[0]


def test_the_books_hold_the_balances_in_date_order(bank: Tiny) -> None:
    entries = [entry("2", "10.00", "2026-02-02"), entry("1", "5.00", "2026-02-01")]
    xml = bank.write("inbox/feb.xml", statement("1000.00", "1015.00", entries))
    assert bank_import(bank, xml)[0] == 0
    text = journal(bank)
    days = [line[:10] for line in text.splitlines() if line[:2] == "20"]
    assert days == sorted(days)
    assert "2026-02-01 balance Assets:Bank:Main" in text and "1000.00 EUR" in text
    assert "2026-02-03 balance Assets:Bank:Main" in text and "1015.00 EUR" in text
    assert text.index('"R1"') < text.index('"R2"')
    assert errors(bank) == []


def test_an_overpayment_is_booked_and_flagged(bank: Tiny) -> None:
    entries = [entry("1", "600.00", e2e="/VS20260003")]
    xml = bank.write("inbox/feb.xml", statement("1000.00", "1600.00", entries))
    assert bank_import(bank, xml)[0] == 0
    booked = block(journal(bank), '"R1"')
    assert booked.startswith('2026-02-02 ! "Acme s.r.o." "Payment of invoice 20260003, overpaid')
    assert '  overpaid: "100.00 EUR"' in booked
    assert opened(bank)["20260003"] == -100
    (problem,) = books_problems(bank)
    assert "BANK-OVERPAID warning: invoice 20260003 is overpaid by 100.00 EUR" in problem


def test_importing_twice_changes_no_file(bank: Tiny) -> None:
    xml = bank.write("inbox/feb.xml", statement("1000.00", "1010.00", [entry("1", "10.00")]))
    assert bank_import(bank, xml)[0] == 0
    before = files(bank.root)
    code, output = bank_import(bank, xml)
    assert code == 0, output
    assert "inbox/feb.xml: 0 new, 1 already booked" in output
    assert files(bank.root) == before


def test_an_overlapping_statement_adds_only_what_is_new(bank: Tiny) -> None:
    first = [entry("1", "10.00", "2026-02-01"), entry("2", "20.00", "2026-02-02")]
    second = [entry("2", "20.00", "2026-02-02"), entry("3", "30.00", "2026-02-03")]
    a = bank.write("inbox/a.xml", statement("1000.00", "1030.00", first))
    b = bank.write(
        "inbox/b.xml",
        statement("1010.00", "1060.00", second, first="2026-02-02", last="2026-02-03"),
    )
    code, output = bank_import(bank, a, b)
    assert code == 0, output
    assert "inbox/b.xml: 1 new, 1 already booked" in output
    text = journal(bank)
    assert [text.count(f'bank-ref: "R{n}"') for n in (1, 2, 3)] == [1, 1, 1]
    assert text.count(" balance ") == 4  # Feb 1, 2 (b opens), 3 (a closes), 4 (b closes)
    assert errors(bank) == []
    before = files(bank.root)
    assert bank_import(bank, b, a)[0] == 0
    assert files(bank.root) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not xml at all", "inbox/bad.xml:1:1: BANK-NOT-XML not well-formed XML: "),
        (
            '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.02"/>',
            "inbox/bad.xml:1:1: BANK-NOT-CAMT not an ISO 20022 camt.053 statement",
        ),
        (
            statement("1000.00", "1010.00", [entry("1", "10.00")]).replace(
                "<BookgDt><Dt>2026-02-02</Dt></BookgDt>", ""
            ),
            "inbox/bad.xml:14:1: BANK-MALFORMED Ntry has no BookgDt",
        ),
        (
            statement("1000.00", "1010.00", [entry("1", "10.00")]).replace(">10.00<", ">1O.00<"),
            "inbox/bad.xml:16:1: BANK-MALFORMED amount '1O.00' is not a decimal number",
        ),
        (
            statement("1000.00", "1010.00", [entry("1", "10.00")])
            .replace("<NtryRef>1</NtryRef>", "")
            .replace("<AcctSvcrRef>R1</AcctSvcrRef>", ""),
            "inbox/bad.xml:14:1: BANK-MALFORMED Ntry has no AcctSvcrRef or NtryRef",
        ),
        (
            statement("1000.00", "1010.00", [entry("1", "10.00")], iban="SK0809000000000123123123"),
            "inbox/bad.xml:7:1: BANK-UNKNOWN-ACCOUNT IBAN SK0809000000000123123123 is none of "
            f"the company's bank accounts (records/company.yaml bank_accounts: {IBAN})",
        ),
        (
            statement("1000.00", "1010.00", [entry("1", "10.00")], currency="CZK"),
            "inbox/bad.xml:7:1: BANK-CURRENCY the statement is in CZK, the account "
            f"{IBAN} (Main account) in EUR",
        ),
        (
            statement("990.00", "1000.00", [entry("1", "10.00")]),
            "inbox/bad.xml:8:1: BANK-OPENING the statement opens at 990.00 EUR on 2026-02-01, "
            "the books have 1000.00 EUR in Assets:Bank:Main at the start of that day",
        ),
        (
            statement("1000.00", "1011.00", [entry("1", "10.00")]),
            "inbox/bad.xml:11:1: BANK-SUM the opening balance 1000.00 and the entries add up to "
            "1010.00 EUR, the closing balance says 1011.00",
        ),
    ],
    ids=[
        "not-xml",
        "not-camt053",
        "no-booking-date",
        "bad-amount",
        "no-reference",
        "foreign-iban",
        "currency",
        "opening",
        "sum",
    ],
)
def test_a_refused_statement_writes_nothing(bank: Tiny, content: str, message: str) -> None:
    good = bank.write("inbox/good.xml", statement("1000.00", "1010.00", [entry("9", "10.00")]))
    bad = bank.write("inbox/bad.xml", content)
    before = files(bank.root)
    code, output = bank_import(bank, good, bad)
    assert code == 1
    assert message in output, output
    assert files(bank.root) == before


def test_every_problem_of_a_file_in_one_run(bank: Tiny) -> None:
    xml = statement("1000.00", "1010.00", [entry("1", "10.00"), entry("2", "x")])
    bad = bank.write("inbox/bad.xml", xml.replace("<BookgDt><Dt>2026-02-02</Dt></BookgDt>", "", 1))
    code, output = bank_import(bank, bad)
    assert code == 1
    assert "BANK-MALFORMED Ntry has no BookgDt" in output
    assert "BANK-MALFORMED amount 'x' is not a decimal number" in output


def test_an_entry_booked_by_hand_without_reference_refuses_the_closing(bank: Tiny) -> None:
    ledger = bank.root / "ledger" / "main.beancount"
    ledger.write_text(
        ledger.read_text()
        + '\n2026-02-02 * "Acme" "by hand"\n  Assets:Bank:Main  10.00 EUR\n  Income:Sales\n'
    )
    xml = bank.write("inbox/feb.xml", statement("1000.00", "1010.00", [entry("1", "10.00")]))
    before = files(bank.root)
    code, output = bank_import(bank, xml)
    assert code == 1
    assert (
        "BANK-CLOSING the statement closes at 1010.00 EUR, the books would have 1020.00" in output
    )
    assert files(bank.root) == before


def test_the_statement_is_archived_byte_for_byte_with_its_hash(bank: Tiny) -> None:
    xml = bank.write("inbox/feb.xml", statement("1000.00", "1010.00", [entry("1", "10.00")]))
    content = xml.read_bytes()
    assert bank_import(bank, xml)[0] == 0
    archived = bank.root / "documents" / "bank" / "2026" / "feb.xml"
    assert archived.read_bytes() == content
    digest = hashlib.sha256(content).hexdigest()
    assert (
        '2026-02-02 document Assets:Bank:Main "../../../documents/bank/2026/feb.xml"\n'
        f'  sha256: "{digest}"\n'
    ) in journal(bank)
    assert errors(bank) == []
    archived.write_bytes(content.replace(b"M1", b"M2"))
    changed = "\n".join(books_problems(bank))
    assert "BANK-HASH-MISMATCH the archived statement documents/bank/2026/feb.xml no" in changed
    archived.unlink()
    assert "BANK-DOCUMENT-MISSING" in "\n".join(books_problems(bank))


def test_another_file_under_the_archived_name_is_refused(bank: Tiny) -> None:
    bank.write("documents/bank/2026/feb.xml", "something else")
    xml = bank.write("inbox/feb.xml", statement("1000.00", "1010.00", [entry("1", "10.00")]))
    before = files(bank.root)
    code, output = bank_import(bank, xml)
    assert code == 1
    assert "BANK-ARCHIVE-CONFLICT documents/bank/2026/feb.xml exists and is another file" in output
    assert files(bank.root) == before


@pytest.mark.parametrize("version", ["02", "04", "06", "08"])
def test_every_version_reads_alike(bank: Tiny, version: str) -> None:
    status = "<Sts><Cd>BOOK</Cd></Sts>" if version == "08" else "<Sts>BOOK</Sts>"
    entries = [entry("1", "10.00", status=status), entry("2", "5.00", status="<Sts>PDNG</Sts>")]
    xml = bank.write("inbox/feb.xml", statement("1000.00", "1010.00", entries, version=version))
    code, output = bank_import(bank, xml)
    assert code == 0, output
    assert "1 new" in output and 'bank-ref: "R2"' not in journal(bank)


def test_a_bad_rule_pattern_is_a_problem_at_its_place(bank: Tiny) -> None:
    bank.write("records/bank-rules.yaml", "rules:\n  - text: '(rent'\n    account: Expenses:Rent\n")
    xml = bank.write("inbox/feb.xml", statement("1000.00", "1010.00", [entry("1", "10.00")]))
    code, output = bank_import(bank, xml)
    assert code == 1
    assert "records/bank-rules.yaml:2:11: BANK-RULE-PATTERN text pattern: missing )" in output


def test_the_unmatched_report_lists_the_suspense_entries(bank: Tiny) -> None:
    entries = [entry("1", "99.99", name="Somebody", text="what is this")]
    xml = bank.write("inbox/feb.xml", statement("1000.00", "1099.99", entries))
    assert bank_import(bank, xml)[0] == 0
    result = run("--root", str(bank.root), "report", "bank-unmatched", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "2026-02-02,Assets:Bank:Main,99.99,Somebody" in result.output
    assert "ledger/bank/main/2026-02.beancount:" in result.output


def test_the_importer_serves_beangulp(bank: Tiny) -> None:
    xml = bank.write("inbox/feb.xml", statement("1000.00", "1010.00", [entry("1", "10.00")]))
    importer = CamtImporter(bank.root)
    assert importer.identify(str(xml))
    assert importer.account(str(xml)) == "Assets:Bank:Main"
    extracted = importer.extract(str(xml), [])
    kinds = sorted(type(e).__name__ for e in extracted)
    assert kinds == ["Balance", "Balance", "Transaction"]  # beangulp archives the file itself
    txn = next(e for e in extracted if isinstance(e, data.Transaction))
    assert txn.meta["bank-ref"] == "R1"


def test_the_example_statement_is_booked_once(tmp_path: Path) -> None:
    root = tmp_path / "example"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(".*", "build", "tests"))
    before = files(root)
    statement_file = root / "documents" / "bank" / "2026" / "tatra-2026-12-02.xml"
    result = run("--root", str(root), "bank", "import", str(statement_file))
    assert result.exit_code == 0, result.output
    assert "0 new, 6 already booked" in result.output
    assert files(root) == before
    ws = open_workspace(root)
    receivable = {d.number: d.open for d in open_documents(ws, RECEIVABLES, date(2026, 12, 31))}
    assert str(receivable["20260102"]) == "5719.50"
    assert "20260111" not in receivable and "20260109" not in receivable


RESERVE = "SK0809000000000123123123"


def test_a_transfer_between_own_accounts_is_booked_once(bank: Tiny) -> None:
    bank.write(
        "records/company.yaml",
        COMPANY
        + f"""\
  - name: Reserve account
    iban: {RESERVE}
    currency: EUR
    account: Assets:Bank:Reserve
""",
    )
    ledger = bank.root / "ledger" / "main.beancount"
    ledger.write_text(ledger.read_text() + "\n2026-01-01 open Assets:Bank:Reserve EUR\n")
    out = [entry("1", "400.00", credit=False, name="Tiny s.r.o.", iban=RESERVE, text="prevod")]
    into = [entry("7", "400.00", name="Tiny s.r.o.", iban=IBAN, text="prevod")]
    main = bank.write("inbox/main.xml", statement("1000.00", "600.00", out))
    reserve = bank.write("inbox/reserve.xml", statement("0.00", "400.00", into, iban=RESERVE))
    code, output = bank_import(bank, reserve, main)
    assert code == 0, output
    assert "inbox/reserve.xml: 1 new" in output and "(matched: transfer 1)" in output
    assert "inbox/main.xml: 0 new, 1 already booked" in output
    booked = block(journal(bank, account="reserve"), 'bank-ref: "R7"')
    assert booked.startswith('2026-02-02 * "Tiny s.r.o." "Transfer from Main account"')
    assert "Assets:Bank:Reserve   400.00 EUR\n  Assets:Bank:Main     -400.00 EUR" in booked
    assert errors(bank) == []
    before = files(bank.root)
    assert bank_import(bank, main, reserve)[0] == 0
    assert files(bank.root) == before


def test_a_refund_settles_the_credit_a_credit_note_left(bank: Tiny) -> None:
    ledger = bank.root / "ledger" / "main.beancount"
    ledger.write_text(
        ledger.read_text()
        + """
2026-01-20 * "Acme s.r.o." "Payment" ^inv-20260003
  invoice: "20260003"
  customer: "C-0001"
  Assets:Bank:Main                500.00 EUR
  Assets:Receivables:Customers   -500.00 EUR

2026-01-25 * "Acme s.r.o." "Credit note D2026001" ^inv-20260003
  invoice: "D2026001"
  customer: "C-0001"
  corrects: "20260003"
  Assets:Receivables:Customers   -123.00 EUR
  Income:Sales                    123.00 EUR
"""
    )
    entries = [
        entry("1", "100.00", credit=False, e2e="/VS20260003", text="vratenie"),
        entry("2", "123.00", credit=False, e2e="/VS20260003", text="vratenie"),
    ]
    xml = bank.write("inbox/feb.xml", statement("1500.00", "1277.00", entries))
    code, output = bank_import(bank, xml)
    assert code == 0, output
    assert "(matched: refund 1, suspense 1)" in output
    refund = block(journal(bank), 'bank-ref: "R2"')
    assert '"Refund of the credit on invoice 20260003" ^inv-20260003' in refund
    assert '  invoice: "20260003"\n  customer: "C-0001"\n' in refund
    assert "Assets:Receivables:Customers   123.00 EUR" in refund
    assert "20260003" not in opened(bank)
    assert "Assets:Suspense" in block(journal(bank), 'bank-ref: "R1"')


def test_a_foreign_invoice_paid_in_its_currency_is_settled_with_the_rate_difference(
    bank: Tiny,
) -> None:
    ledger = bank.root / "ledger" / "main.beancount"
    ledger.write_text(
        ledger.read_text()
        + """
2026-01-01 open Expenses:ExchangeLosses EUR
  number: "563"

2026-01-20 * "Acme s.r.o." "Invoice 20260004" ^inv-20260004
  invoice: "20260004"
  customer: "C-0001"
  amount: "25000.00 CZK"
  Assets:Receivables:Customers   1000.00 EUR
  Income:Sales                  -1000.00 EUR
"""
    )
    entries = [
        entry("1", "996.02", e2e="/VS20260004", instructed="25000.00 CZK", rate="25.10"),
        entry("2", "500.00", e2e="/VS20260001", instructed="12000.00 CZK"),
    ]
    xml = bank.write("inbox/feb.xml", statement("1000.00", "2496.02", entries))
    code, output = bank_import(bank, xml)
    assert code == 0, output
    paid = block(journal(bank), 'bank-ref: "R1"')
    assert (
        '"Payment of invoice 20260004: 25000.00 CZK converted by the bank at 25.10 CZK/EUR"'
    ) in paid
    assert '  amount: "25000.00 CZK"\n' in paid
    assert "Assets:Receivables:Customers  -1000.00 EUR" in paid
    assert "Expenses:ExchangeLosses           3.98 EUR" in paid
    assert "20260004" not in opened(bank)
    other = block(journal(bank), 'bank-ref: "R2"')  # an invoice in euros: a partial payment
    assert '"Partial payment of invoice 20260001, 730.00 EUR open"' in other


def test_a_bill_brought_forward_is_paid_under_its_own_link(bank: Tiny) -> None:
    ledger = bank.root / "ledger" / "main.beancount"
    ledger.write_text(
        ledger.read_text()
        + """
2026-01-01 * "Balances brought forward" ^bill-S-0001-r-0 ^bill-S-0001-r-00 ^inv-20250001
  Liabilities:Payables:Suppliers   -50.00 EUR
    supplier: "S-0001"
    bill: "R-00"
  Liabilities:Payables:Suppliers   -60.00 EUR
    supplier: "S-0001"
    bill: "R-0"
  Equity:Opening                   110.00 EUR
"""
    )
    entries = [entry("1", "60.00", credit=False, name="Landlord", iban=LANDLORD, text="R-0")]
    xml = bank.write("inbox/feb.xml", statement("1000.00", "940.00", entries))
    code, output = bank_import(bank, xml)
    assert code == 0, output
    assert '"Payment of invoice R-0" ^bill-S-0001-r-0\n' in block(journal(bank), '"R1"')
    assert errors(bank) == []


def test_statements_imported_together_match_what_the_earlier_ones_left_open(bank: Tiny) -> None:
    first = [entry("1", "1000.00", "2026-02-02", e2e="/VS20260001")]
    second = [entry("2", "230.00", "2026-02-03", e2e="/VS20260001")]
    a = bank.write("inbox/a.xml", statement("1000.00", "2000.00", first))
    b = bank.write(
        "inbox/b.xml",
        statement("2000.00", "2230.00", second, first="2026-02-03", last="2026-02-03"),
    )
    code, output = bank_import(bank, a, b)
    assert code == 0, output
    text = journal(bank)
    assert '"Partial payment of invoice 20260001, 230.00 EUR open"' in block(text, '"R1"')
    assert '"Payment of invoice 20260001" ^inv-20260001' in block(text, '"R2"')
    assert "20260001" not in opened(bank)


@pytest.mark.parametrize(
    ("template", "vs", "link"),
    [
        ("vat-{period}", "1100102026", "vat-2026-10"),
        ("vat-{period}", "1100042027", "vat-2027-04"),
        ("vat-{period}", "1100432026", "vat-2026-Q3"),
        ("vat-{period}", "20260111", None),  # an invoice number names no tax period
        ("vat-{period}", "1100132026", None),  # there is no 13th month
        ("loan-4417021686", "", "loan-4417021686"),
        (None, "1100102026", None),
    ],
)
def test_a_rules_link_takes_the_tax_period_from_the_variable_symbol(
    template: str | None, vs: str, link: str | None
) -> None:
    assert rule_link(template, vs) == link


def test_a_rules_link_that_is_no_link_is_refused(tmp_path: Path) -> None:
    from support.books import copy_example, edit

    root = copy_example(tmp_path)
    edit(root / "records/bank-rules.yaml", "link: vat-{period}", "link: VAT {period}")
    result = run("--root", str(root), "check")
    assert result.exit_code == 1
    assert "records/bank-rules.yaml:12:11: SCHEMA rules.0.link" in result.output
