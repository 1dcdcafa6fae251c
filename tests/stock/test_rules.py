"""The stock rules, each with the bad item or movement that breaks it, reported where it is."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from backoffice.check.run import CheckOptions, check_records
from backoffice.domains import open_workspace
from backoffice.stock import DOMAIN
from backoffice.stock.rules import (
    closed_movements,
    item_problems,
    movement_problems,
    reconcile,
)
from support import REPO
from support.books import edit

STOCK = "records/stock/2026"
ITEMS = "records/items"


def _copy(tmp_path: Path, *parts: str) -> Path:
    root = tmp_path / "company"
    for part in ("records", "schemas", *parts):
        shutil.copytree(REPO / part, root / part)
    return root


def _movements(root: Path) -> list[str]:
    return [str(p) for p in movement_problems(open_workspace(root))]


TRANSFER = """\
id: SM-0006
date: 2026-12-02
kind: transfer
location: L-0001
to: L-0002
lines:
  - {item: I-0002, quantity: "5"}
"""

CASES: list[tuple[str, str, str, str | list[str]]] = [
    (
        f"{STOCK}/SM-0004.yaml",
        'quantity: "4", line: 2, amount: "716.00"',
        'quantity: "4", line: 2, amount: "700.00"',
        f"{STOCK}/SM-0004.yaml:9:52: STOCK-BILL line 2 of bill S-0006-TS26-01402 is 716.00; "
        "the receipts of it come to 700.00",
    ),
    (
        f"{STOCK}/SM-0004.yaml",
        'quantity: "4", line: 2',
        'quantity: "3", line: 2',
        f"{STOCK}/SM-0004.yaml:9:30: STOCK-BILL line 2 of bill S-0006-TS26-01402 bills 4; "
        "the receipts of it take in 3",
    ),
    (
        f"{STOCK}/SM-0001.yaml",
        "line: 1,",
        "line: 2,",
        f"{STOCK}/SM-0001.yaml:8:41: STOCK-BILL bill S-0006-TS26-01011 has no line 2",
    ),
    (
        f"{STOCK}/SM-0001.yaml",
        "bill: S-0006-TS26-01011\n",
        "",
        f"{STOCK}/SM-0001.yaml:3:7: STOCK-KIND a receipt names its bill",
    ),
    (
        f"{STOCK}/SM-0001.yaml",
        ', amount: "2280.00"',
        "",
        f"{STOCK}/SM-0001.yaml:8:5: STOCK-KIND line 1 of a receipt needs its amount",
    ),
    (
        f"{STOCK}/SM-0002.yaml",
        'quantity: "4"',
        'quantity: "3"',
        f"{STOCK}/SM-0002.yaml:8:30: STOCK-INVOICE line 1 of 20260086 sells 4; the issues "
        "of I-0001 to it come to 3",
    ),
    (
        f"{STOCK}/SM-0002.yaml",
        'invoice: "20260086"',
        'invoice: "20260108"',
        [
            f"{STOCK}/SM-0002.yaml:8:12: STOCK-INVOICE line 1 of 20260108 sells day; I-0001 "
            "is counted in pcs",
            f"{STOCK}/SM-0002.yaml:8:30: STOCK-INVOICE line 1 of 20260108 sells 2; the "
            "issues of I-0001 to it come to 4",
        ],
    ),
    (
        f"{STOCK}/SM-0003.yaml",
        "invoice: D2026001",
        'invoice: "20260086"',
        f"{STOCK}/SM-0003.yaml:5:10: STOCK-INVOICE a return names a credit-note; 20260086 "
        "is an invoice",
    ),
    (
        f"{ITEMS}/I-0001.yaml",
        "unit: pcs",
        "unit: box",
        [
            f"{STOCK}/SM-0002.yaml:8:12: STOCK-INVOICE line 1 of 20260086 sells pcs; I-0001 "
            "is counted in box",
            f"{STOCK}/SM-0003.yaml:8:12: STOCK-INVOICE line 1 of D2026001 sells pcs; I-0001 "
            "is counted in box",
        ],
    ),
    (
        f"{STOCK}/SM-0005.yaml",
        '{item: I-0005, quantity: "2"}',
        '{item: I-0005, quantity: "1"}',
        f"{STOCK}/SM-0005.yaml:8:3: PRODUCTION-BOM 2 pcs of I-0006 take 2 of I-0005 by its "
        "bill of materials; SM-0005 consumes 1",
    ),
    (
        f"{STOCK}/SM-0005.yaml",
        "output: {item: I-0006",
        "output: {item: I-0002",
        [
            f'{STOCK}/SM-0005.yaml:6:16: PRODUCTION-BOM I-0002 (Dell P2425H monitor, 24") is '
            "goods with no bill of materials: production makes a product",
        ],
    ),
    (
        f"{STOCK}/SM-0005.yaml",
        '{item: I-0003, quantity: "2"}',
        '{item: I-0003, quantity: "3"}',
        [
            f"{STOCK}/SM-0005.yaml:8:3: PRODUCTION-BOM 2 pcs of I-0006 take 2 of I-0003 by "
            "its bill of materials; SM-0005 consumes 3",
            f"{STOCK}/SM-0005.yaml:8:30: STOCK-NEGATIVE SM-0005 takes 3 pcs of I-0003 "
            "(Samsung Galaxy Tab A9+, 64 GB, Wi-Fi) out of L-0001 on 2026-12-02, where 2 pcs are "
            "on hand",
        ],
    ),
]


@pytest.mark.parametrize(("rel", "old", "new", "expected"), CASES)
def test_bad_movement_is_reported_where_it_is(
    tmp_path: Path, rel: str, old: str, new: str, expected: str | list[str]
) -> None:
    root = _copy(tmp_path)
    edit(root / rel, old, new)
    wanted = [expected] if isinstance(expected, str) else expected
    assert sorted(_movements(root)) == sorted(wanted)


def test_more_cannot_leave_than_is_on_hand(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    (root / STOCK / "SM-0006.yaml").write_text(TRANSFER, encoding="utf-8")
    assert _movements(root) == [
        f"{STOCK}/SM-0006.yaml:7:30: STOCK-NEGATIVE SM-0006 takes 5 pcs of I-0002 "
        '(Dell P2425H monitor, 24") out of L-0001 on 2026-12-02, where 4 pcs are on hand'
    ]


def test_a_transfer_to_where_the_stock_is_is_refused(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    text = TRANSFER.replace("to: L-0002", "to: L-0001").replace('"5"', '"1"')
    (root / STOCK / "SM-0006.yaml").write_text(text, encoding="utf-8")
    assert _movements(root) == [
        f"{STOCK}/SM-0006.yaml:5:5: STOCK-KIND SM-0006 moves stock to where it is"
    ]


def test_an_unknown_item_is_a_broken_reference(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    edit(root / STOCK / "SM-0002.yaml", "{item: I-0001", "{item: I-0099")
    found = [str(p) for p in check_records(root).problems if p.path.startswith(STOCK)]
    assert found == [
        f"{STOCK}/SM-0002.yaml:8:12: REF-UNKNOWN lines.0.item: 'I-0099' is not a record in items"
    ]


def test_items_bills_of_materials_and_accounts(tmp_path: Path) -> None:
    root = _copy(tmp_path, "ledger")
    edit(root / ITEMS / "I-0006.yaml", "bom:\n", "parts:\n")
    edit(root / ITEMS / "I-0006.yaml", "parts:\n", "")
    edit(root / ITEMS / "I-0006.yaml", "  - {item: I-0003", "#  - {item: I-0003")
    edit(root / ITEMS / "I-0006.yaml", "  - {item: I-0004", "#  - {item: I-0004")
    edit(root / ITEMS / "I-0006.yaml", "  - {item: I-0005", "#  - {item: I-0005")
    edit(
        root / ITEMS / "I-0002.yaml",
        "reorder_level",
        'bom:\n  - {item: I-0002, quantity: "1"}\nreorder_level',
    )
    edit(root / ITEMS / "I-0005.yaml", "stock_account: Assets:", "stock_account: Expenses:")
    edit(root / ITEMS / "I-0005.yaml", "Inventory:Materials", "Materials:Consumed")
    found = [str(p) for p in item_problems(open_workspace(root), CheckOptions())]
    assert found == [
        f"{ITEMS}/I-0002.yaml:12:3: ITEM-BOM I-0002 is goods, not a product: only a product has "
        "a bom",
        f"{ITEMS}/I-0002.yaml:12:3: ITEM-BOM I-0002 is assembled from itself",
        f"{ITEMS}/I-0005.yaml:6:16: ITEM-ACCOUNT Expenses:Materials:Consumed is not an asset "
        "account: stock is held on one (112, 123, 132)",
        f"{ITEMS}/I-0006.yaml:3:7: ITEM-BOM I-0006 is a product: name its bom",
    ]


def test_a_movement_in_the_closed_books_is_refused(tmp_path: Path) -> None:
    root = _copy(tmp_path, "ledger")
    text = (
        "id: SM-0006\ndate: 2025-12-15\nkind: receipt\nlocation: L-0001\n"
        "bill: S-0006-TS26-00214\nlines:\n"
        '  - {item: I-0002, quantity: "2", line: 1, amount: "378.00"}\n'
    )
    (root / STOCK / "SM-0006.yaml").write_text(text, encoding="utf-8")
    found = [str(p) for p in closed_movements(open_workspace(root), CheckOptions())]
    assert found == [
        f"{STOCK}/SM-0006.yaml:2:7: STOCK-CLOSED SM-0006 is dated 2025-12-15, in the books "
        "closed through 2025-12-31: date it in an open period"
    ]


def test_stock_booked_without_a_receipt_does_not_reconcile(tmp_path: Path) -> None:
    root = _copy(tmp_path, "ledger")
    ws = open_workspace(root)
    assert reconcile(ws, CheckOptions()) == []
    with (root / "ledger/2026/11.beancount").open("a", encoding="utf-8") as books:
        books.write(
            '\n2026-11-30 * "Tablet case bought into stock"\n'
            "  Assets:Inventory:Goods                              40.00 EUR\n"
            "  Expenses:CostOfGoodsSold                           -40.00 EUR\n"
        )
    found = [str(p) for p in reconcile(open_workspace(root), CheckOptions())]
    assert found == [
        f"{ITEMS}/I-0001.yaml:6:16: STOCK-RECONCILE Assets:Inventory:Goods is 3081.00 EUR in the "
        "ledger; the stock register values what it holds at 3041.00: book every bill line bought "
        "into stock with a receipt"
    ]


def test_the_example_is_clean() -> None:
    ws = open_workspace(REPO)
    assert [str(p) for rule in DOMAIN.rules for p in rule(ws, CheckOptions())] == []
