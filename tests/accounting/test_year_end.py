"""`backoffice year-end`: the year's corporate income tax, the closing to 431, the next year's
opening, the general meeting's distribution, and every refusal writing nothing."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from beancount import loader
from beancount.core import data

from backoffice.core.clock import TODAY_VARIABLE
from support import run
from support.books import copy_example, edit

DECEMBER = """
2026-12-31 * "Tatra banka, a.s." "Account fees, December 2026"
  Expenses:BankFees                                    16.20 EUR
  Assets:Bank:Tatra                                   -16.20 EUR
"""


def files(root: Path) -> dict[str, bytes]:
    """Every file under the company's folder, to prove that a refusal writes nothing."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def complete(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example in January 2027 with December 2026 booked."""
    root = copy_example(tmp_path)
    monkeypatch.setenv(TODAY_VARIABLE, "2027-01-20")
    (root / "ledger/2026/12.beancount").write_text("; December 2026\n" + DECEMBER)
    result = run("--root", str(root), "ledger", "sync")  # December's payroll run is on file
    assert result.exit_code == 0, result.output
    return root


def balances(root: Path, day: str) -> dict[str, Decimal]:
    entries, errors, _ = loader.load_file(str(root / "ledger/main.beancount"))
    assert not errors
    totals: dict[str, Decimal] = {}
    for entry in entries:
        if isinstance(entry, data.Transaction) and entry.date.isoformat() < day:
            for p in entry.postings:
                assert p.units is not None and p.units.number is not None
                totals[p.account] = totals.get(p.account, Decimal(0)) + p.units.number
    return totals


def test_year_end_books_the_tax_closes_to_431_and_opens_2027(complete: Path) -> None:
    result = run("--root", str(complete), "year-end", "2026")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "2026: result before tax 59251.67 EUR, non-deductible 337.20 EUR, tax base "
        "59588.87 EUR, rate 21 % (revenues 575991.46 EUR), tax 12513.66 EUR, advances paid "
        "10800.00 EUR; result after tax 46738.01 EUR to 431\n"
    )
    journal = (complete / "ledger/2026/year-end.beancount").read_text()
    assert "Expenses:Tax:CorporateIncome                      12513.66 EUR" in journal
    assert "#closing ^year-end-2026" in journal
    assert 'include "2027/*.beancount"' in (complete / "ledger/main.beancount").read_text()
    check = run("--root", str(complete), "check")
    assert check.exit_code == 0, check.output
    after = balances(complete, "2027-01-01")
    results = {a: v for a, v in after.items() if a.split(":")[0] in ("Income", "Expenses")}
    assert set(results.values()) == {Decimal(0)}
    assert after["Equity:Result"] == Decimal("-46738.01")
    assert after["Liabilities:Tax:CorporateIncome"] == Decimal("-1713.66")
    opening = (complete / "ledger/2027/opening.beancount").read_text()
    assert "2027-01-01 balance Equity:Result" in opening
    assert "-46738.01 EUR" in opening
    assert "2027-01-01 balance Assets:Deposits                                   7350.00 EUR" in (
        opening
    )


def test_the_statements_leave_the_closing_entry_out(complete: Path) -> None:
    before = run("--root", str(complete), "report", "statutory-income-statement", "-p", "2026")
    assert run("--root", str(complete), "year-end", "2026").exit_code == 0
    after = run("--root", str(complete), "report", "statutory-income-statement", "-p", "2026")
    assert before.exit_code == after.exit_code == 0
    changed = [
        (a, b)
        for a, b in zip(before.stdout.splitlines(), after.stdout.splitlines(), strict=True)
        if a != b
    ]
    # Only the tax (r.25) and the results after tax (r.27) move, by the year's tax.
    assert [b.split()[0:2] for _, b in changed] == [["K.", "25"], ["*****", "27"]]
    sheet = run(
        "--root", str(complete), "report", "statutory-balance-sheet", "--as-of", "2027-01-01"
    )
    assert sheet.exit_code == 0, sheet.output


def test_a_year_not_over_is_refused_and_nothing_written(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    before = files(root)
    result = run("--root", str(root), "year-end", "2026")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 2026 is not over: it ends on 2026-12-31, today is 2026-12-02; a year is closed "
        "once it is over and booked\n"
    )
    assert files(root) == before


def test_a_year_not_booked_to_december_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_example(tmp_path)
    monkeypatch.setenv(TODAY_VARIABLE, "2027-01-20")
    before = files(root)
    result = run("--root", str(root), "year-end", "2026")
    assert result.exit_code == 1
    assert "2026 is not booked to its end" in result.stderr
    assert files(root) == before


def test_a_second_year_end_is_refused(complete: Path) -> None:
    assert run("--root", str(complete), "year-end", "2026").exit_code == 0
    before = files(complete)
    result = run("--root", str(complete), "year-end", "2026")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 2026 is already closed: ledger/2026/year-end.beancount exists\n"
    )
    assert files(complete) == before


def test_an_unknown_account_in_the_adjustments_is_a_problem(complete: Path) -> None:
    (complete / "ledger/corporate-tax.yaml").write_text(
        "rates:\n"
        "  - valid_from: 2025\n"
        "    bands: [{up_to: '100000.00', rate: '10'}, {rate: '21'}]\n"
        "    source: test\n"
        "non_deductible:\n"
        "  - {account: Expenses:Gifts, section: '§ 21 ods. 1 písm. g)'}\n"
        "  - {account: '713', section: '§ 21'}\n"
    )
    before = files(complete)
    result = run("--root", str(complete), "year-end", "2026")
    assert result.exit_code == 1
    assert result.stdout == (
        "ledger/corporate-tax.yaml:6:15: CIT-UNKNOWN-ACCOUNT 'Expenses:Gifts' is neither a cost "
        "account number of the chart (class 5, e.g. 513) nor an account opened in the ledger\n"
        "ledger/corporate-tax.yaml:7:15: CIT-UNKNOWN-ACCOUNT '713' is neither a cost "
        "account number of the chart (class 5, e.g. 513) nor an account opened in the ledger\n"
    )
    assert result.stderr == "2 problems: nothing written.\n"
    assert files(complete) == before


def test_a_company_list_of_accounts_by_name_is_added_back(complete: Path) -> None:
    (complete / "ledger/corporate-tax.yaml").write_text(
        "rates:\n"
        "  - valid_from: 2025\n"
        "    bands: [{up_to: '100000.00', rate: '10'}, {rate: '21'}]\n"
        "    source: test\n"
        "non_deductible:\n"
        "  - {account: Expenses:Travel, section: '§ 21 ods. 1'}\n"
    )
    result = run("--root", str(complete), "year-end", "2026")
    assert result.exit_code == 0, result.output
    assert "non-deductible 658.80 EUR, tax base 59910.47 EUR" in result.stdout
    assert "tax 12581.20 EUR" in result.stdout


def test_the_distribution_of_2025_is_booked_from_431(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    (root / "ledger/2026/distribution-2025.beancount").unlink()
    result = run("--root", str(root), "year-end", "2025", "--distribute", "D-0006")
    assert result.exit_code == 0, result.output
    text = (root / "ledger/2026/distribution-2025.beancount").read_text()
    assert '2026-05-22 * "Distribution of the result of 2025 (D-0006)" ^decision-D-0006' in text
    assert (
        text == (Path(__file__).parents[2] / "ledger/2026/distribution-2025.beancount").read_text()
    )


def test_a_distribution_that_does_not_add_up_is_refused(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    (root / "ledger/2026/distribution-2025.beancount").unlink()
    edit(root / "records/decisions/D-0006.yaml", '"54306.22 EUR"', '"50000.00 EUR"')
    before = files(root)
    result = run("--root", str(root), "year-end", "2025", "--distribute", "D-0006")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: records/decisions/D-0006.yaml: the parts add up to 50000.00 EUR, but "
        "Equity:Result holds 54306.22 EUR of 2025's result before 2026-05-22\n"
    )
    assert files(root) == before


def test_dividends_need_an_account_364(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    (root / "ledger/2026/distribution-2025.beancount").unlink()
    edit(
        root / "records/decisions/D-0006.yaml",
        'retained_earnings: "54306.22 EUR"',
        'retained_earnings: "44306.22 EUR"\n  dividends: "10000.00 EUR"',
    )
    result = run("--root", str(root), "year-end", "2025", "--distribute", "D-0006")
    assert result.exit_code == 1
    assert "dividends goes to account 364, which the chart of accounts lacks" in result.stderr


def test_an_unbooked_distribution_is_a_warning(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    (root / "ledger/2026/distribution-2025.beancount").unlink()
    result = run("--root", str(root), "check")
    assert (
        "records/decisions/D-0006.yaml:14:3: DECISION-DISTRIBUTION warning: the distribution of "
        "2025's result is not booked: run `backoffice year-end 2025 --distribute D-0006`"
    ) in result.stdout


def test_a_distribution_booked_for_another_amount_is_an_error(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    edit(root / "records/decisions/D-0006.yaml", '"54306.22 EUR"', '"50000.00 EUR"')
    result = run("--root", str(root), "check")
    assert result.exit_code == 1
    assert (
        "records/decisions/D-0006.yaml:14:3: DECISION-DISTRIBUTION the decision distributes "
        "50000.00 EUR of 2025's result; the entries linked ^decision-D-0006 move 54306.22 EUR "
        "out of Equity:Result"
    ) in result.stdout


def test_a_new_company_closes_its_year_in_its_journal_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`init` keeps entries in ledger/journal/; a small company pays 10 % (revenues ≤ 100 000)."""
    root = tmp_path / "new"
    created = run(
        "init", str(root), "--name", "Nová firma s.r.o.", "--ico", "12345679",
        "--dic", "2023456787", "--iban", "SK9509000000000123456789", "--start", "2026-01-01",
    )  # fmt: skip
    assert created.exit_code == 0, created.output
    with (root / "ledger/journal/2026.beancount").open("a") as journal:
        journal.write(
            '\n2026-03-10 * "Customer" "Services"\n'
            "  Assets:Bank:Current      12000.00 EUR\n  Income:Sales:Services   -12000.00 EUR\n"
            '\n2026-12-15 * "Office" "Services"\n'
            "  Expenses:Services         2000.00 EUR\n  Assets:Bank:Current      -2000.00 EUR\n"
        )
    monkeypatch.setenv(TODAY_VARIABLE, "2027-01-20")
    result = run("--root", str(root), "year-end", "2026")
    assert result.exit_code == 0, result.output
    assert "tax base 10000.00 EUR, rate 10 % (revenues 12000.00 EUR), tax 1000.00 EUR" in (
        result.stdout
    )
    assert result.stderr == (
        "wrote ledger/journal/2026-year-end.beancount, ledger/journal/2027-opening.beancount\n"
    )
    assert run("--root", str(root), "check").exit_code == 0
