"""The stock reports of the example company, the journal a stock-take and a transfer book, and
the year-end stock-take deadline."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from backoffice.derive.journal import Transaction, render_transaction
from backoffice.domains import open_workspace
from backoffice.stock.deadlines import stock_take_deadlines
from backoffice.stock.journal import transactions
from support import REPO, example_report, run
from support.golden import Golden

STOCK = "records/stock/2026"


@pytest.mark.parametrize(
    "name", ["stock-on-hand", "stock-movements", "stock-reorder", "stock-take"]
)
@pytest.mark.parametrize("fmt", ["json", "text"])
def test_golden_of_the_example(name: str, fmt: str, golden: Golden) -> None:
    """The example company's report for 2026 at 2026-11-30, as the contract and as read."""
    golden(f"{name}.{fmt}", example_report(name, fmt))


def _records(tmp_path: Path) -> Path:
    root = tmp_path / "company"
    for part in ("records", "schemas"):
        shutil.copytree(REPO / part, root / part)
    return root


COUNT = """\
id: SM-0006
date: 2026-12-02
kind: stock-take
location: L-0001
by: P-0007
lines:
  - {item: I-0001, counted: "4"}
  - {item: I-0002, counted: "3"}
  - {item: I-0006, counted: "2"}
"""

MOVE = """\
id: SM-0007
date: 2026-12-02
kind: transfer
location: L-0001
to: L-0002
lines:
  - {item: I-0002, quantity: "1"}
"""


def _counted(root: Path) -> list[Transaction]:
    """The entries of the stock-take SM-0006."""
    found = transactions(open_workspace(root))
    return [t for t in found if t.meta.get("stock_movement") == "SM-0006"]


def test_a_stock_take_books_the_shortage_and_a_transfer_books_nothing(tmp_path: Path) -> None:
    root = _records(tmp_path)
    (root / STOCK / "SM-0006.yaml").write_text(COUNT, encoding="utf-8")
    (root / STOCK / "SM-0007.yaml").write_text(MOVE, encoding="utf-8")
    found = _counted(root)
    assert [render_transaction(t) for t in found] == [
        '2026-12-02 * "Stock-take difference SM-0006" ^stock-sm-0006\n'
        '  stock_movement: "SM-0006"\n'
        "  Assets:Inventory:Goods                             -179.00 EUR\n"
        '    item: "I-0002"\n'
        '    quantity: "1"\n'
        '    unit_cost: "179.00"\n'
        "  Expenses:CostOfGoodsSold                            179.00 EUR\n"
    ]


def test_a_surplus_enters_at_the_cost_of_the_next_unit_out(tmp_path: Path) -> None:
    root = _records(tmp_path)
    text = COUNT.replace('counted: "4"', 'counted: "5"').replace('counted: "3"', 'counted: "4"')
    text = text.replace("by: P-0007\n", "by: P-0007\nshortage_account: Expenses:Shortages\n")
    (root / STOCK / "SM-0006.yaml").write_text(text, encoding="utf-8")
    found = _counted(root)
    # FIFO: the oldest unit of I-0001 cost 570.00, and a surplus is valued like the next out
    assert [(p.account, str(p.amount)) for t in found for p in t.postings] == [
        ("Assets:Inventory:Goods", "570.00"),
        ("Expenses:CostOfGoodsSold", "-570.00"),
    ]


def test_a_shortage_beyond_natural_loss_goes_to_the_account_the_count_names(
    tmp_path: Path,
) -> None:
    root = _records(tmp_path)
    text = COUNT.replace("by: P-0007\n", "by: P-0007\nshortage_account: Expenses:Shortages\n")
    (root / STOCK / "SM-0006.yaml").write_text(text, encoding="utf-8")
    found = _counted(root)
    assert [(p.account, str(p.amount)) for t in found for p in t.postings] == [
        ("Assets:Inventory:Goods", "-179.00"),
        ("Expenses:Shortages", "179.00"),
    ]


def test_the_year_end_stock_take_is_due_until_the_office_is_counted(tmp_path: Path) -> None:
    ws = open_workspace(REPO)
    due = stock_take_deadlines(ws, date(2026, 12, 2))
    assert [(d.day, d.record, d.owner, d.stays_open) for d in due] == [
        (date(2026, 12, 31), "L-0001", "P-0007", True)
    ]
    root = _records(tmp_path)
    (root / STOCK / "SM-0006.yaml").write_text(COUNT, encoding="utf-8")
    assert stock_take_deadlines(open_workspace(root), date(2026, 12, 2)) == []


def test_the_example_stock_journal_is_current() -> None:
    result = run("--root", str(REPO), "ledger", "sync", "--check")
    assert result.exit_code == 0, result.output + result.stderr


def test_the_dashboard_shows_the_stock_value_and_what_to_reorder(tmp_path: Path) -> None:
    result = run("--root", str(REPO), "reports", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "Stock on hand" in page
    assert "2 items below reorder level" in page
    for name in ("stock-on-hand", "stock-movements", "stock-reorder", "stock-take"):
        assert f'href="{name}.html"' in page
