"""`backoffice bank import` of CSV exports: read by the bank account's csv mapping, matched
like camt.053 statements, known by a hash where the bank gives no reference, refused whole
with every malformed row."""

from __future__ import annotations

import shutil
from pathlib import Path

import beangulp
import pytest
from beancount.core import data
from click.testing import CliRunner

from backoffice.bank import CamtImporter, CsvImporter, csvstatement
from support import REPO, Tiny, run
from support.bank import (
    IBAN,
    bank_import,
    block,
    entry,
    errors,
    files,
    journal,
    statement,
    tiny_company,
)

LEDGER = """\
option "operating_currency" "EUR"

2026-01-01 open Assets:Bank:Main EUR
2026-01-01 open Assets:Bank:Reserve EUR
2026-01-01 open Assets:Receivables:Customers EUR
2026-01-01 open Income:Sales EUR
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
  Assets:Receivables:Customers   1230.00 EUR
  Income:Sales                  -1230.00 EUR
"""
MAPPING = """\
    csv:
      delimiter: ";"
      encoding: utf-8
      decimal: ","
      thousands: " "
      date_format: "%d.%m.%Y"
      header: 2
      filename: "^main-"
      columns:
        date: Datum
        amount: Suma
        currency: Mena
        name: Protistrana
        iban: IBAN
        vs: VS
        ks: KS
        message: Sprava
        reference: Referencia
        balance: Zostatok
"""
COMPANY = f"""\
legal_name: Tiny s.r.o.
bank_accounts:
  - name: Main account
    iban: {IBAN}
    bic: TATRSKBX
    currency: EUR
    account: Assets:Bank:Main
{MAPPING}\
  - name: Reserve account
    iban: SK1009000000005143827761
    bic: GIBASKBX
    currency: EUR
    account: Assets:Bank:Reserve
"""
RULES = "rules:\n  - text: poplatok\n    direction: debit\n    account: Expenses:Fees\n"
HEADER = "Datum;Protistrana;IBAN;Suma;Mena;VS;KS;Sprava;Referencia;Zostatok"
ACME = "SK8975000000000012345671"


def export(*rows: str) -> str:
    """A CSV export of the main account: the bank's preamble, the header, the rows."""
    return (
        "Ucet SK3112000000198742637541;;;;;;;;;\n" + HEADER + "\n" + "".join(r + "\n" for r in rows)
    )


ROWS = (
    f"01.02.2026;Acme s.r.o.;{ACME};1 230,00;EUR;20260001;0308;Faktura;;2 230,00",
    "01.02.2026;;;-2,50;EUR;;;Poplatok za vedenie;;2 227,50",
    "02.02.2026;Somebody;;99,99;EUR;;;what is this;B-77;2 327,49",
)


@pytest.fixture
def bank(tiny: Tiny) -> Tiny:
    """A tiny company with one open invoice and a CSV mapping for its main account."""
    return tiny_company(tiny, LEDGER, COMPANY, RULES)


def write(tiny: Tiny, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tiny.path(f"inbox/{name}")
    path.write_bytes(text.encode(encoding))
    return path


def test_an_export_is_matched_and_its_balances_asserted(bank: Tiny) -> None:
    path = write(bank, "main-feb.csv", export(*ROWS))
    code, output = bank_import(bank, path)
    assert code == 0, output
    assert (
        "inbox/main-feb.csv: 3 new, 0 already booked (matched: invoice 1, rule 1, suspense 1)"
        in output
    )
    text = journal(bank)
    paid = block(text, "Payment of invoice 20260001")
    assert paid.startswith('2026-02-01 * "Acme s.r.o." "Payment of invoice 20260001"')
    assert f'  counterparty-iban: "{ACME}"\n  vs: "20260001"\n  ks: "0308"\n' in paid
    assert "Assets:Receivables:Customers  -1230.00 EUR" in paid
    assert "Expenses:Fees      2.50 EUR" in block(text, "Poplatok")
    assert '  bank-ref: "B-77"\n' in block(text, "what is this")
    hashed = [line for line in text.splitlines() if 'bank-ref: "csv-' in line]
    assert len(hashed) == 2
    assert "2026-02-01 balance Assets:Bank:Main" in text and "1000.00 EUR" in text
    assert "2026-02-03 balance Assets:Bank:Main" in text and "2327.49 EUR" in text
    archived = bank.root / "documents" / "bank" / "2026" / "main-feb.csv"
    assert archived.read_bytes() == path.read_bytes()
    assert errors(bank) == []


def test_importing_twice_or_an_overlapping_export_adds_only_what_is_new(bank: Tiny) -> None:
    first = write(bank, "main-a.csv", export(*ROWS[:2]))
    assert bank_import(bank, first)[0] == 0
    before = files(bank.root)
    code, output = bank_import(bank, first)
    assert (code, "inbox/main-a.csv: 0 new, 2 already booked" in output) == (0, True), output
    assert files(bank.root) == before
    overlapping = write(bank, "main-b.csv", export(*ROWS))
    code, output = bank_import(bank, overlapping)
    assert code == 0, output
    assert "inbox/main-b.csv: 1 new, 2 already booked" in output
    text = journal(bank)
    assert text.count('* "Poplatok za vedenie"') == 1 and text.count('! "Somebody"') == 1
    assert errors(bank) == []


def test_identical_rows_are_two_entries_with_two_references(bank: Tiny) -> None:
    fee = "01.02.2026;;;-2,50;EUR;;;Poplatok;;{}"
    path = write(bank, "main-fees.csv", export(fee.format("997,50"), fee.format("995,00")))
    assert bank_import(bank, path)[0] == 0
    refs = [line for line in journal(bank).splitlines() if "bank-ref" in line]
    assert len(refs) == 2 and refs[0] != refs[1]


def test_an_export_newest_first_reads_alike(bank: Tiny) -> None:
    path = write(bank, "main-feb.csv", export(*reversed(ROWS)))
    code, output = bank_import(bank, path)
    assert code == 0, output
    assert "2026-02-03 balance Assets:Bank:Main" in journal(bank)
    assert errors(bank) == []


def test_debit_and_credit_columns_in_cp1250_without_a_balance(bank: Tiny) -> None:
    mapping = (
        "    csv:\n      delimiter: ','\n      encoding: cp1250\n      decimal: '.'\n"
        "      date_format: '%Y-%m-%d'\n      columns:\n        date: Dátum\n"
        "        debit: Ťarcha\n        credit: Kredit\n        message: Správa\n"
    )
    company = COMPANY.replace(MAPPING, mapping)
    bank.path("records/company.yaml").write_text(company, encoding="utf-8")
    text = 'Dátum,Ťarcha,Kredit,Správa\n2026-02-01,,1230.00,"VS 20260001, ďakujeme"\n'
    text += "2026-02-02,2.50,,poplatok\n"
    path = write(bank, "export.csv", text, "cp1250")
    code, output = bank_import(bank, path)
    assert code == 0, output
    booked = journal(bank)
    assert "Payment of invoice 20260001" in booked
    assert "Assets:Bank:Main  -2.50 EUR" in booked
    assert " balance " not in booked
    assert errors(bank) == []


def test_the_account_is_named_when_the_mapping_does_not_recognise_the_file(bank: Tiny) -> None:
    path = write(bank, "download.csv", export(ROWS[0]))
    before = files(bank.root)
    code, output = bank_import(bank, path)
    assert code == 1
    assert "inbox/download.csv:1:1: BANK-CSV-UNKNOWN no bank account's csv mapping" in output
    assert files(bank.root) == before
    code, output = bank_import(bank, path, "--account", "Reserve account")
    assert code == 1
    assert (
        "inbox/download.csv:1:1: BANK-CSV-UNKNOWN the account Reserve account has no csv mapping"
    ) in output
    code, output = bank_import(bank, path, "--account", "Savings")
    assert code == 1
    assert (
        "inbox/download.csv:1:1: BANK-UNKNOWN-ACCOUNT --account Savings is none of the "
        "company's bank accounts (records/company.yaml bank_accounts: Main account; "
        "Reserve account)"
    ) in output
    assert files(bank.root) == before
    code, output = bank_import(bank, path, "--account", "main")
    assert code == 0, output
    assert "1 new" in output


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "31.02.2026;Acme;;10,00;EUR;;;;;1 010,00",
            "inbox/main-bad.csv:3:1: BANK-CSV-DATE '31.02.2026' is not a date as %d.%m.%Y",
        ),
        (
            "01.02.2026;Acme;;10,0O;EUR;;;;;1 010,00",
            "inbox/main-bad.csv:3:18: BANK-CSV-AMOUNT '10,0O' is not an amount",
        ),
        (
            "01.02.2026;Acme;;10,001;EUR;;;;;1 010,00",
            "inbox/main-bad.csv:3:18: BANK-CSV-AMOUNT '10,001' is not an amount",
        ),
        (
            "01.02.2026;Acme;;10,00;EUR;;;;;1 010,00;extra",
            "inbox/main-bad.csv:3:1: BANK-CSV-COLUMNS 11 fields, the header has 10",
        ),
        (
            '01.02.2026;"Acme; a.s.";;10,00;EUR;;;;;x',
            "inbox/main-bad.csv:3:40: BANK-CSV-AMOUNT balance 'x' is not an amount",
        ),
        (
            "01.02.2026;Acme;;10,00;USD;;;;;1 010,00",
            "inbox/main-bad.csv:3:1: BANK-CURRENCY the statement is in USD, the account "
            f"{IBAN} (Main account) in EUR",
        ),
        (
            "01.02.2026;Acme;;10,00;EUR;;;;;1 020,00",
            "inbox/main-bad.csv:3:1: BANK-OPENING the statement opens at 1010.00 EUR on "
            "2026-02-01, the books have 1000.00 EUR in Assets:Bank:Main",
        ),
    ],
    ids=["date", "amount", "places", "columns", "balance", "currency", "opening"],
)
def test_a_bad_row_refuses_the_import(bank: Tiny, row: str, message: str) -> None:
    good = write(bank, "main-good.csv", export(ROWS[0]))
    bad = write(bank, "main-bad.csv", export(row))
    before = files(bank.root)
    code, output = bank_import(bank, good, bad)
    assert code == 1
    assert message in output, output
    assert files(bank.root) == before


def test_every_malformed_row_is_reported_in_one_run(bank: Tiny) -> None:
    rows = (
        "xx;Acme;;10,00;EUR;;;;;1 010,00",
        "01.02.2026;Acme;;abc;EUR;;;;;1 010,00",
        "01.02.2026;Acme",
        "02.02.2026;Acme;;10,00;EUR;;;;;1 025,00",
        "03.02.2026;Acme;;10,00;EUR;;;;;1 040,00",
    )
    path = write(bank, "main-bad.csv", export(*rows))
    before = files(bank.root)
    code, output = bank_import(bank, path)
    assert code == 1
    assert output.splitlines()[:4] == [
        "inbox/main-bad.csv:3:1: BANK-CSV-DATE 'xx' is not a date as %d.%m.%Y",
        "inbox/main-bad.csv:4:18: BANK-CSV-AMOUNT 'abc' is not an amount",
        "inbox/main-bad.csv:5:1: BANK-CSV-COLUMNS 2 fields, the header has 10",
        "inbox/main-bad.csv:7:32: BANK-CSV-BALANCE balance 1040.00 is not the previous row's "
        "1025.00 plus 10.00",
    ], output
    assert files(bank.root) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            export(ROWS[0]).replace("Protistrana", "Partner").encode(),
            "inbox/main-bad.csv:2:1: BANK-CSV-HEADER the header has no column 'Protistrana' "
            "(csv columns.name of Main account)",
        ),
        (
            export(ROWS[0]).encode("cp1250").replace(b"Acme", b"Acm\xe9"),
            "inbox/main-bad.csv:3:15: BANK-CSV-ENCODING byte 0xe9 is not utf-8",
        ),
        (export().encode(), "inbox/main-bad.csv:2:1: BANK-CSV-EMPTY no rows below the header"),
        (b"just one line\n", "inbox/main-bad.csv:1:1: BANK-CSV-HEADER no header row at line 2"),
        (
            export(ROWS[0], "x" * 200_000).encode(),
            "inbox/main-bad.csv:4:1: BANK-CSV-COLUMNS field larger than field limit",
        ),
    ],
    ids=["header", "encoding", "empty", "short", "huge-field"],
)
def test_a_file_that_is_not_the_export_is_refused(bank: Tiny, content: bytes, message: str) -> None:
    path = bank.path("inbox/main-bad.csv")
    path.write_bytes(content)
    before = files(bank.root)
    code, output = bank_import(bank, path, "--account", "Main account")
    assert code == 1
    assert message in output, output
    assert files(bank.root) == before


def test_debit_and_credit_both_given_is_a_bad_row(bank: Tiny) -> None:
    mapping = (
        "    csv:\n      delimiter: ';'\n      encoding: utf-8\n      decimal: ','\n"
        "      date_format: '%d.%m.%Y'\n      columns:\n        date: D\n"
        "        debit: Out\n        credit: In\n"
    )
    bank.path("records/company.yaml").write_text(COMPANY.replace(MAPPING, mapping))
    path = write(bank, "x.csv", "D;Out;In\n01.02.2026;5,00;6,00\n01.02.2026;;\n")
    code, output = bank_import(bank, path)
    assert code == 1
    assert "inbox/x.csv:2:12: BANK-CSV-AMOUNT the row has both a debit and a credit" in output
    assert "inbox/x.csv:3:12: BANK-CSV-AMOUNT the row has neither a debit nor a credit" in output


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ('filename: "^main-"', 'filename: "(main"'),
            "records/company.yaml:15:17: BANK-CSV-MAPPING filename pattern: missing ), "
            "unterminated subpattern",
        ),
        (
            ('thousands: " "', 'thousands: ","'),
            "records/company.yaml:12:18: BANK-CSV-MAPPING ',' is both the decimal and the "
            "thousands separator",
        ),
        (
            ("        amount: Suma\n", "        amount: Suma\n        debit: Out\n"),
            "BANK-CSV-MAPPING columns needs either amount (signed) or both debit and credit",
        ),
        (("encoding: utf-8", "encoding: latin-7"), "records/company.yaml:10:17: SCHEMA"),
        (
            ("encoding: utf-8", "encoding: latin-7"),
            "records/company.yaml:10:17: BANK-CSV-MAPPING encoding 'latin-7' is not a character "
            "encoding",
        ),
        (("header: 2", "header: two"), "records/company.yaml:14:15: BANK-CSV-MAPPING header"),
        (('delimiter: ";"', 'delimiter: ";;"'), "records/company.yaml:9:18: BANK-CSV-MAPPING"),
        (
            ('date_format: "%d.%m.%Y"', 'date_format: "%d.%m."'),
            "records/company.yaml:13:20: SCHEMA",
        ),
    ],
    ids=[
        "filename",
        "separators",
        "amount-and-debit",
        "encoding-schema",
        "encoding",
        "header",
        "delimiter",
        "date-format",
    ],
)
def test_check_explains_a_bad_mapping(bank: Tiny, change: tuple[str, str], message: str) -> None:
    company = bank.path("records/company.yaml")
    company.write_text(COMPANY.replace(*change), encoding="utf-8")
    result = bank.check()
    assert result.exit_code == 1
    assert message in result.output, result.output
    if "BANK-CSV-MAPPING" in message:
        path = write(bank, "main-feb.csv", export(ROWS[0]))
        before = files(bank.root)
        code, output = bank_import(bank, path)
        assert code == 1 and message in output, output
        assert files(bank.root) == before


def test_the_importer_serves_beangulp(bank: Tiny) -> None:
    path = write(bank, "main-feb.csv", export(*ROWS))
    other = write(bank, "other.csv", export(*ROWS))
    importer = CsvImporter(bank.root)
    assert importer.identify(str(path)) and not importer.identify(str(other))
    assert importer.account(str(path)) == "Assets:Bank:Main"
    assert str(importer.date(str(path))) == "2026-02-02"
    extracted = importer.extract(str(path), [])
    assert sorted(type(e).__name__ for e in extracted) == ["Balance"] * 2 + ["Transaction"] * 3
    again = importer.extract(str(path), [])
    assert [e.meta["bank-ref"] for e in again if isinstance(e, data.Transaction)] == [
        e.meta["bank-ref"] for e in extracted if isinstance(e, data.Transaction)
    ]


def test_the_example_reserve_account_export_is_booked_once(tmp_path: Path) -> None:
    root = tmp_path / "example"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(".*", "build", "tests"))
    before = files(root)
    export_file = root / "documents/bank/2026/pohyby-SK1009000000005143827761-20261202.csv"
    result = run("--root", str(root), "bank", "import", str(export_file))
    assert result.exit_code == 0, result.output
    assert "0 new, 1 already booked" in result.output
    assert files(root) == before
    booked = (root / "ledger/bank/slsp/2026-12.beancount").read_text(encoding="utf-8")
    assert '"Mestská knižnica Senec" "Payment of invoice 20260095" ^inv-20260095' in booked
    assert "2026-12-02 balance Assets:Bank:SLSP" in booked and "56008.67 EUR" in booked


def test_beangulp_identifies_and_extracts_the_example_statements(tmp_path: Path) -> None:
    root = tmp_path / "example"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(".*", "build", "tests"))
    importers = [CamtImporter(root), CsvImporter(root)]
    cli = beangulp.Ingest(importers).cli
    folder = str(root / "documents" / "bank" / "2026")
    identified = CliRunner().invoke(cli, ["identify", folder])
    assert identified.exit_code == 0, identified.output
    shown = " ".join(identified.output.split())
    assert "20261202.csv ... OK backoffice.bank.importer.CsvImporter" in shown
    assert "tatra-2026-12-02.xml ... OK backoffice.bank.importer.CamtImporter" in shown
    main = str(root / "ledger" / "main.beancount")
    extracted = CliRunner().invoke(cli, ["extract", "-e", main, folder])
    assert extracted.exit_code == 0, extracted.output
    assert "bank-ref" not in extracted.output  # every entry of both files is booked already


def test_a_statement_of_another_account_than_the_named_one_is_refused(bank: Tiny) -> None:
    xml = bank.path("inbox/feb.xml")
    xml.write_text(statement("1000.00", "1010.00", [entry("1", "10.00")], iban=IBAN))
    before = files(bank.root)
    code, output = bank_import(bank, xml, "--account", "reserve")
    assert code == 1
    assert (
        f"inbox/feb.xml:7:1: BANK-UNKNOWN-ACCOUNT IBAN {IBAN} is the account Main account, "
        "not the --account reserve"
    ) in output
    assert files(bank.root) == before


def test_an_export_over_the_size_limit_is_refused(
    bank: Tiny, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csvstatement, "MAX_BYTES", 100)
    path = write(bank, "main-feb.csv", export(*ROWS))
    before = files(bank.root)
    code, output = bank_import(bank, path)
    assert code == 1
    assert "inbox/main-feb.csv:1:1: BANK-CSV-SIZE larger than 100 bytes" in output
    assert files(bank.root) == before
