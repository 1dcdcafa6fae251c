"""The statutory statements Úč MÚJ 1-01 and 2-01 of the example company: golden files, the
balance sheet balances in whole euros, the result agrees with the ledger; a bad mapping or an
account no line covers stops the report with its position."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from backoffice.accounting.statutory import DEFAULT, round_to
from backoffice.core.period import parse_period
from backoffice.domains import open_workspace
from backoffice.report.model import Report
from backoffice.report.registry import build_report
from backoffice.report.render import render, stylesheet
from support import REPO, run
from support.books import copy_example, edit

AS_OF = date(2026, 11, 30)
PERIOD = "2026-01-01..2026-11-30"


@pytest.fixture(scope="module")
def built() -> dict[str, Report]:
    ws = open_workspace(REPO)
    period = parse_period(PERIOD)
    return {
        name: build_report(ws, name, period, AS_OF)
        for name in ("statutory-balance-sheet", "statutory-income-statement")
    }


@pytest.mark.parametrize("name", ["statutory-balance-sheet", "statutory-income-statement"])
@pytest.mark.parametrize("fmt", ["json", "text", "csv"])
def test_golden(
    built: dict[str, Report], name: str, fmt: str, golden: Callable[[str, str], None]
) -> None:
    ws = open_workspace(REPO)
    golden(f"{name}.{fmt}", render(built[name], fmt, ws.locale, stylesheet(ws)))


def test_balance_sheet_balances_in_whole_euros(built: dict[str, Report]) -> None:
    totals = built["statutory-balance-sheet"].totals
    assert totals["assets"] == totals["equity_and_liabilities"]
    assert totals["previous_assets"] == totals["previous_equity_and_liabilities"]
    cells = {r.cells["line"]: r.cells["current"] for r in built["statutory-balance-sheet"].rows}
    assert all(v == v.to_integral_value() for v in cells.values())


def test_vat_is_net_and_the_loan_split_by_maturity(built: dict[str, Report]) -> None:
    cells = {r.cells["line"]: r.cells["current"] for r in built["statutory-balance-sheet"].rows}
    # Input VAT is netted against output VAT, a liability: other receivables are the rent
    # deposit (378) and the corporate income tax advances paid (341, a debit until year end).
    assert cells["20"] == Decimal("7350") + Decimal("10800")
    assert cells["35"] == Decimal("5580")  # 12 × 465 of principal due within a year
    assert cells["32"] + cells["35"] == Decimal("11625")


def test_income_statement_result_is_the_ledgers_rounded(built: dict[str, Report]) -> None:
    report = built["statutory-income-statement"]
    assert report.totals["result"] == report.totals["ledger_result"]
    cells = {r.cells["line"]: r.cells["current"] for r in report.rows}
    assert cells["01"] == Decimal("573154") and cells["23"] == Decimal("-807")
    balance = {r.cells["line"]: r.cells["current"] for r in built["statutory-balance-sheet"].rows}
    assert balance["28"] == report.totals["result"]


def test_rounding_nudges_the_leaves_with_the_largest_remainders() -> None:
    exact = {"a": Decimal("0.50"), "b": Decimal("0.50"), "c": Decimal("0.40")}
    rounded = round_to(exact, {"a": 1, "b": 1, "c": 1})
    assert sum(rounded.values()) == 1  # 1.40 rounds to 1, not 1 + 1 + 0
    assert rounded["c"] == 0


def _mapping(root: Path, old: str, new: str) -> None:
    target = root / "ledger" / "statutory-muj.yaml"
    target.write_text(DEFAULT.read_text(encoding="utf-8"), encoding="utf-8")
    edit(target, old, new)


def _report(root: Path, name: str) -> tuple[int, str]:
    result = run("--root", str(root), "report", name, "--as-of", "2026-11-30", "-o", "out.txt")
    assert not (root / "out.txt").exists()
    return result.exit_code, result.stderr


def test_unknown_account_number_in_the_mapping(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    _mapping(root, '["01", "041",', '["01", "8041",')
    code, err = _report(root, "statutory-balance-sheet")
    assert code == 1
    assert "ledger/statutory-muj.yaml:" in err and " STAT-UNKNOWN-ACCOUNT '8041' is no " in err


def test_a_line_defined_twice(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    _mapping(root, '- {line: "02", mark: "A."', '- {line: "01", mark: "A."')
    code, err = _report(root, "statutory-balance-sheet")
    assert code == 1
    assert err.splitlines()[1:] == [
        "ledger/statutory-muj.yaml:31:12: STAT-LINE-TWICE balance_sheet line 01 is defined twice"
    ]
    assert "STAT-UNKNOWN-LINE sum names line 02, not in balance_sheet" in err


def test_an_account_no_line_covers(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    _mapping(root, 'accounts: ["21", "22", "25", "261", "-29"]', 'accounts: ["22", "25"]')
    code, err = _report(root, "statutory-balance-sheet")
    assert code == 1
    assert (
        "ledger/accounts.beancount:5:1: STAT-UNCOVERED Assets:Cash (account 211) has a balance "
        "that no line of the balance sheet covers" in err
    )
