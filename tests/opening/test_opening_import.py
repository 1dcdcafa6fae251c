"""`backoffice opening import`: a trial balance from another program, with the open invoices
and bills of the switch-over date, into ledger/opening.beancount, on a small workspace."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import Result

from backoffice.accounting import PAYABLES, RECEIVABLES, open_documents
from backoffice.domains import open_workspace
from backoffice.load.ledger import ledger_problems
from backoffice.report.registry import build_report
from support import REPO, run

DAY = "2026-01-01"

CHART = [
    ("Assets:Fixed:Software", "013"),
    ("Assets:Fixed:Machines", "022"),
    ("Assets:Fixed:Vehicles", "023"),
    ("Assets:Fixed:Depreciation:Software", "073"),
    ("Assets:Fixed:Depreciation:Machines", "082"),
    ("Assets:Stock:Material", "112"),
    ("Assets:Stock:Goods", "132"),
    ("Assets:Cash", "211"),
    ("Assets:Bank:Current", "221.1"),
    ("Assets:Bank:Savings", "221.2"),
    ("Assets:Receivables:Customers", "311"),
    ("Assets:Deposits", "314"),
    ("Assets:Receivables:Employees", "335"),
    ("Assets:Tax:VAT", "343"),
    ("Assets:Prepayments", "381"),
    ("Liabilities:Payables:Suppliers", "321"),
    ("Liabilities:Advances", "324"),
    ("Liabilities:Payroll:Employees", "331"),
    ("Liabilities:Payroll:Social", "336.1"),
    ("Liabilities:Payroll:Health", "336.2"),
    ("Liabilities:Tax:Income", "341"),
    ("Liabilities:Tax:Withholding", "342"),
    ("Liabilities:Tax:Other", "345"),
    ("Liabilities:Accruals", "383"),
    ("Liabilities:Loans:Bank", "461"),
    ("Equity:ShareCapital", "411"),
    ("Equity:LegalReserve", "421"),
    ("Equity:RetainedEarnings", "428"),
    ("Equity:Losses", "429"),
    ("Equity:Other", "413"),
]

TRIAL_BALANCE = [  # 30 lines: account (a number, or a ledger account), debit, credit
    ("013", "12000.00", ""),
    ("022", "8500.50", ""),
    ("023", "24000.00", ""),
    ("073", "", "4000.00"),
    ("082", "", "3400.20"),
    ("112", "1250.00", ""),
    ("132", "3300.00", ""),
    ("211", "412.35", ""),
    ("221.1", "18250.75", ""),
    ("221.2", "5000.00", ""),
    ("Assets:Receivables:Customers", "3690.00", ""),
    ("314", "1800.00", ""),
    ("335", "150.00", ""),
    ("343", "920.40", ""),
    ("381", "600.00", ""),
    ("321", "", "2460.00"),
    ("324", "", "500.00"),
    ("331", "", "6200.00"),
    ("336.1", "", "2400.30"),
    ("336.2", "", "1100.10"),
    ("341", "", "1300.00"),
    ("342", "", "890.00"),
    ("345", "", "75.00"),
    ("383", "", "420.00"),
    ("461", "", "15000.00"),
    ("411", "", "5000.00"),
    ("421", "", "500.00"),
    ("Equity:RetainedEarnings", "", "38358.40"),
    ("429", "2130.00", ""),
    ("413", "", "400.00"),
]

RECEIVABLES_CSV = """\
invoice,customer,due,amount
20250117,C-0001,2025-12-15,2460.00
20250121,C-0002,2026-01-20,1230.00
"""

PAYABLES_CSV = """\
bill,supplier,due,amount
FV-2025-88,S-0001,2026-01-10,2460.00
"""


class Company:
    """A company with a chart of 30 numbered accounts, no transactions yet."""

    def __init__(self, root: Path) -> None:
        self.root = root
        chart = "".join(f'2025-01-01 open {a} EUR\n  number: "{n}"\n' for a, n in CHART)
        self.write("ledger/accounts.beancount", chart)
        self.write(
            "ledger/main.beancount",
            'option "operating_currency" "EUR"\n\ninclude "accounts.beancount"\n',
        )
        (root / "schemas").mkdir(parents=True)
        shutil.copy(REPO / "schemas" / "defs.schema.json", root / "schemas" / "defs.schema.json")

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def files(self) -> dict[str, bytes]:
        return {
            p.relative_to(self.root).as_posix(): p.read_bytes()
            for p in sorted(self.root.rglob("*"))
            if p.is_file()
        }

    def opening(self, *args: str) -> Result:
        return run("--root", str(self.root), "opening", "import", *args)


@pytest.fixture
def company(tmp_path: Path) -> Company:
    return Company(tmp_path / "company")


def csv_text(rows: list[tuple[str, str, str]], sep: str = ",", comma: bool = False) -> str:
    def number(text: str) -> str:
        return text.replace(".", ",") if comma else text

    lines = [sep.join(("account", "debit", "credit"))]
    lines += [sep.join((a, number(d), number(c))) for a, d, c in rows]
    return "\n".join(lines) + "\n"


def expected_by_number() -> dict[str, Decimal]:
    """The trial balance's debit − credit by account number: what the balance sheet shows."""
    numbers = {a: n for a, n in CHART}
    return {
        numbers.get(account, account): Decimal(debit or "0") - Decimal(credit or "0")
        for account, debit, credit in TRIAL_BALANCE
    }


def balance_sheet(root: Path) -> tuple[dict[str, Decimal], dict[str, object]]:
    """The balance sheet at the switch-over date, built in-process: amounts by account number
    (Beancount's signs) and its totals."""
    ws = open_workspace(root)
    assert ledger_problems(ws.ledger, root) == []
    report = build_report(ws, "balance-sheet", None, date(2026, 1, 1))
    amounts = {
        str(row.cells["number"]): row.cells["current"]
        for row in report.rows
        if row.kind == "item" and row.cells.get("number")
    }
    return amounts, dict(report.totals)


def test_a_trial_balance_of_30_lines_gives_a_balance_sheet_equal_to_it(company: Company) -> None:
    tb = company.write("import/trial-balance.csv", csv_text(TRIAL_BALANCE))
    result = company.opening(str(tb), "--date", DAY)
    assert result.exit_code == 0, result.output
    assert result.stdout == "ledger/opening.beancount: 30 postings, 82004.00 EUR on each side\n"
    main = (company.root / "ledger/main.beancount").read_text(encoding="utf-8")
    assert main.endswith('include "opening.beancount"\n')
    amounts, totals = balance_sheet(company.root)
    assert amounts == expected_by_number()
    assets = {n for a, n in CHART if a.startswith("Assets:")}
    assert totals["assets"] == sum(v for n, v in amounts.items() if n in assets)
    assert totals["assets"] == Decimal("72473.80")
    assert totals["liabilities_and_equity"] == Decimal("-72473.80")
    assert totals["result"] == 0
    text = (company.root / "ledger/opening.beancount").read_text(encoding="utf-8")
    assert f"{DAY} open Equity:Opening-Balances EUR" in text
    assert f'{DAY} * "Opening balances"' in text


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["plain", "bom"])
def test_the_semicolon_decimal_comma_export_gives_the_same_books(
    company: Company, bom: bytes
) -> None:
    rows = [(a, d.replace("18250.75", "18 250.75"), c) for a, d, c in TRIAL_BALANCE]
    text = csv_text(rows, sep=";", comma=True).replace("\n", "\r\n")
    tb = company.write("import/obratova-predvaha.csv", bom + text.encode("utf-8"))
    result = company.opening(str(tb), "--date", DAY)
    assert result.exit_code == 0, result.output
    amounts, _ = balance_sheet(company.root)
    assert amounts == expected_by_number()


def test_a_windows_1250_export_with_a_column_of_names_is_read(company: Company) -> None:
    text = (
        "account;debit;credit;name\r\n211;1 500,50;;Pokladnica\r\n411;;1 500,50;Základné imanie\r\n"
    )
    tb = company.write("import/tb.csv", text.encode("cp1250"))
    result = company.opening(str(tb), "--date", DAY)
    assert result.exit_code == 0, result.output
    amounts, _ = balance_sheet(company.root)
    assert amounts == {"211": Decimal("1500.50"), "411": Decimal("-1500.50")}


def test_open_invoices_and_bills_carry_what_the_aging_reads(company: Company) -> None:
    tb = company.write("import/tb.csv", csv_text(TRIAL_BALANCE))
    receivables = company.write("import/receivables.csv", RECEIVABLES_CSV)
    payables = company.write("import/payables.csv", PAYABLES_CSV)
    args = (str(tb), "--date", DAY, "--receivables", str(receivables), "--payables", str(payables))
    result = company.opening(*args)
    assert result.exit_code == 0, result.output
    amounts, _ = balance_sheet(company.root)
    assert amounts == expected_by_number()
    ws = open_workspace(company.root)
    open_invoices = open_documents(ws, RECEIVABLES, date(2026, 1, 1))
    assert sorted((d.number, d.party, d.due, d.open) for d in open_invoices) == [
        ("20250117", "C-0001", date(2025, 12, 15), Decimal("2460.00")),
        ("20250121", "C-0002", date(2026, 1, 20), Decimal("1230.00")),
    ]
    open_bills = open_documents(ws, PAYABLES, date(2026, 1, 1))
    assert [(d.number, d.party, d.due, d.open) for d in open_bills] == [
        ("FV-2025-88", "S-0001", date(2026, 1, 10), Decimal("2460.00"))
    ]
    text = (company.root / "ledger/opening.beancount").read_text(encoding="utf-8")
    assert "^inv-20250117 ^inv-20250121 ^bill-FV-2025-88" in text


def refused(company: Company, result: Result, *expected: str) -> None:
    """The command said what is wrong, exit 1, and wrote nothing."""
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines() == list(expected)
    assert result.stderr.endswith("nothing written.\n")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "account,debit,credit\n211,100.00,\n221.1,,90.00\n",
            "3:1: OPENING-UNBALANCED unbalanced: debits 100.00 and credits 90.00 differ by 10.00",
        ),
        (
            "account,debit,credit\n211,100.00,\n999,,100.00\n",
            "3:1: OPENING-ACCOUNT unknown account '999': neither an open ledger account "
            "nor the `number` of one in the chart",
        ),
        (
            "account,debit,credit\n211,100.00,\nAssets:Nowhere,,100.00\n",
            "3:1: OPENING-ACCOUNT unknown account 'Assets:Nowhere': neither an open ledger "
            "account nor the `number` of one in the chart",
        ),
        (
            "account,debit,credit\n211,1e3,\n",
            "2:5: OPENING-CSV debit '1e3' is not an amount (at most two decimals, "
            "below 1000000000000)",
        ),
        (
            "account,debit,credit\n211,-5.00,\n",
            "2:5: OPENING-CSV debit '-5.00' is not an amount (at most two decimals, "
            "below 1000000000000)",
        ),
        (
            "account,debit,credit\n211,99999999999999.00,\n",
            "2:5: OPENING-CSV debit '99999999999999.00' is not an amount (at most two "
            "decimals, below 1000000000000)",
        ),
        (
            "ucet,md,dal\n211,100.00,\n",
            "1:1: OPENING-CSV the header must be account,debit,credit, not ucet,md,dal",
        ),
        (
            "account,debit,credit\n211,100.00\n",
            "2:1: OPENING-CSV expected 3 columns (account, debit, credit), found 2",
        ),
        ("", "1:1: OPENING-CSV no header row account,debit,credit"),
        ("account,debit,credit\n", "1:1: OPENING-CSV the trial balance has no lines"),
    ],
    ids=[
        "unbalanced",
        "unknown-number",
        "unknown-account",
        "exponent",
        "negative",
        "too-large",
        "header",
        "columns",
        "empty",
        "no-lines",
    ],
)
def test_a_bad_trial_balance_is_refused_with_its_line(
    company: Company, text: str, problem: str
) -> None:
    tb = company.write("import/tb.csv", text)
    before = company.files()
    result = company.opening(str(tb), "--date", DAY)
    refused(company, result, f"{tb.as_posix()}:{problem}")
    assert company.files() == before


def test_every_bad_line_is_reported_in_one_run(company: Company) -> None:
    tb = company.write("import/tb.csv", "account,debit,credit\n999,1,\n211,x,\n221.1,,1\n")
    before = company.files()
    result = company.opening(str(tb), "--date", DAY)
    assert result.exit_code == 1
    assert [line.split(" ")[1] for line in result.stdout.splitlines()] == [
        "OPENING-ACCOUNT",
        "OPENING-CSV",
    ]
    assert company.files() == before


def test_an_existing_opening_file_is_not_overwritten(company: Company) -> None:
    tb = company.write("import/tb.csv", csv_text(TRIAL_BALANCE))
    assert company.opening(str(tb), "--date", DAY).exit_code == 0
    before = company.files()
    result = company.opening(str(tb), "--date", DAY)
    refused(
        company,
        result,
        "ledger/opening.beancount:1:1: OPENING-EXISTS the opening balances are imported "
        "already; delete the file to import again",
    )
    assert company.files() == before


def test_a_bad_date_is_a_usage_error(company: Company) -> None:
    tb = company.write("import/tb.csv", csv_text(TRIAL_BALANCE))
    before = company.files()
    result = company.opening(str(tb), "--date", "2026-02-30")
    assert result.exit_code == 2
    assert "'2026-02-30' is not a date (YYYY-MM-DD)" in result.stderr
    assert company.files() == before


def test_a_date_before_the_chart_opens_is_refused(company: Company) -> None:
    tb = company.write("import/tb.csv", "account,debit,credit\n211,100.00,\n411,,100.00\n")
    before = company.files()
    result = company.opening(str(tb), "--date", "2024-12-31")
    refused(
        company,
        result,
        f"{tb.as_posix()}:2:1: OPENING-ACCOUNT Assets:Cash is opened only on 2025-01-01",
        f"{tb.as_posix()}:3:1: OPENING-ACCOUNT Equity:ShareCapital is opened only on 2025-01-01",
    )
    assert company.files() == before


def test_a_ledger_with_errors_is_refused(company: Company) -> None:
    company.write("ledger/main.beancount", 'include "accounts.beancount"\n2025-13-01 open X\n')
    tb = company.write("import/tb.csv", csv_text(TRIAL_BALANCE))
    before = company.files()
    result = company.opening(str(tb), "--date", DAY)
    assert result.exit_code == 1
    assert "`backoffice check` lists them" in result.stderr
    assert company.files() == before


def test_a_missing_file_is_refused(company: Company) -> None:
    before = company.files()
    result = company.opening(str(company.root / "import/none.csv"), "--date", DAY)
    assert result.exit_code == 1
    assert "OPENING-CSV cannot be read: No such file or directory" in result.stdout
    assert company.files() == before


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "invoice,customer,due,amount\n20250117,C-0001,2025-12-15,2460.00\n",
            "OPENING-ITEMS Assets:Receivables:Customers is 3690.00 in the trial balance but its "
            "open items in {items} sum to 2460.00",
        ),
        (
            "invoice,customer,due,amount\n20250117,C-0001,15.12.2025,3690.00\n",
            "OPENING-CSV due '15.12.2025' is not a date (YYYY-MM-DD)",
        ),
        (
            "invoice,customer,due,amount,account\n1,C-0001,2025-12-15,3690.00,Assets:Nowhere\n",
            "OPENING-ACCOUNT unknown account 'Assets:Nowhere'",
        ),
        (
            "number,party,due,amount\n1,C-0001,2025-12-15,3690.00\n",
            "OPENING-CSV the header must be invoice,customer,due,amount, "
            "not number,party,due,amount",
        ),
    ],
    ids=["mismatch", "due", "account", "header"],
)
def test_bad_open_items_are_refused(company: Company, text: str, problem: str) -> None:
    tb = company.write("import/tb.csv", csv_text(TRIAL_BALANCE))
    items = company.write("import/receivables.csv", text)
    before = company.files()
    result = company.opening(str(tb), "--date", DAY, "--receivables", str(items))
    assert result.exit_code == 1, result.output
    assert problem.format(items=items.as_posix()) in result.stdout
    assert company.files() == before
