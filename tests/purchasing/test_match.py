"""The three-way match of bills against their orders, and bills above the policy's amount
without one: each rule with the bill that breaks it."""

from __future__ import annotations

from pathlib import Path

from backoffice.domains import open_workspace
from backoffice.purchasing.match import bills_without_order, three_way_match
from backoffice.review.rules import BOOKED_BILLS, issued_record_problems
from support.books import edit
from support.purchasing import BILLS, ORDERS, copy_registers, problems_of

MONITORS = f"{BILLS}/S-0006-TS26-00214.yaml"


def _match(tmp_path: Path, rel: str, old: str, new: str) -> list[str]:
    root = copy_registers(tmp_path)
    edit(root / rel, old, new)
    return problems_of(root, three_way_match)


def test_price_above_the_order_beyond_the_tolerance(tmp_path: Path) -> None:
    assert _match(tmp_path, MONITORS, "unit_price: '378.00'", "unit_price: '390.00'") == [
        f"{MONITORS}:14:15: PO-MATCH-PRICE line 1 bills 390 a unit, PO-0002 line 1 was ordered "
        "at 378 (tolerance 2 % or 1.00 EUR)",
    ]


def test_price_within_the_tolerance_is_matched(tmp_path: Path) -> None:
    """5.00 EUR more is 1.3 %: within the 2 % of the policy."""
    assert _match(tmp_path, MONITORS, "unit_price: '378.00'", "unit_price: '383.00'") == []


def test_billed_more_than_received(tmp_path: Path) -> None:
    order = f"{ORDERS}/PO-0002.yaml"
    assert _match(tmp_path, order, '{line: 1, quantity: "1"}', '{line: 1, quantity: "0"}') == [
        f"{MONITORS}:13:13: PO-MATCH-QUANTITY line 1 brings PO-0002 line 1 to 1 billed, "
        "0 received (tolerance 0 %)",
    ]


def test_a_second_bill_for_the_same_delivery(tmp_path: Path) -> None:
    """Quantities add up over every bill of the order: the second bill is the one reported,
    and a credit note takes its quantity back."""
    root = copy_registers(tmp_path)
    text = (root / MONITORS).read_text(encoding="utf-8")
    again = f"{BILLS}/S-0006-TS26-00299.yaml"
    (root / again).write_text(
        text.replace("TS26-00214", "TS26-00299").replace("2026-02-10", "2026-02-20")
    )
    assert problems_of(root, three_way_match) == [
        f"{again}:13:13: PO-MATCH-QUANTITY line 1 brings PO-0002 line 1 to 2 billed, "
        "1 received (tolerance 0 %)",
    ]
    credit = f"{BILLS}/S-0006-TS26-00299-CN.yaml"
    (root / credit).write_text(
        text.replace("TS26-00214", "TS26-00299-CN")
        .replace("kind: invoice", "kind: credit-note")
        .replace("2026-02-10", "2026-02-21")
    )
    assert problems_of(root, three_way_match) == [
        f"{again}:13:13: PO-MATCH-QUANTITY line 1 brings PO-0002 line 1 to 2 billed, "
        "1 received (tolerance 0 %)",
    ]


def test_bill_from_another_supplier_than_the_order(tmp_path: Path) -> None:
    assert _match(tmp_path, MONITORS, "purchase_order: PO-0002", "purchase_order: PO-0011") == [
        f"{MONITORS}:10:17: PO-MATCH-SUPPLIER PO-0011 was ordered from S-0016, this bill is "
        "from S-0006",
    ]


def test_bill_of_an_order_nobody_approved(tmp_path: Path) -> None:
    bill = f"{BILLS}/S-0013-PC-26-0533.yaml"
    found = _match(tmp_path, bill, "currency: EUR\n", "currency: EUR\npurchase_order: PO-0017\n")
    assert found[0] == (
        f"{bill}:10:17: PO-MATCH-UNAPPROVED PO-0017 is still requested: nothing is billed on "
        "an order nobody approved"
    )
    # and its one line is matched against the toner: dearer, and nothing was received
    assert [p.split(" ")[1] for p in found[1:]] == ["PO-MATCH-PRICE", "PO-MATCH-QUANTITY"]


def test_bill_line_beyond_the_order(tmp_path: Path) -> None:
    found = _match(tmp_path, MONITORS, "  account:", "  order_line: 2\n  account:")
    assert found == [
        f"{MONITORS}:12:3: PO-MATCH-LINE line 1 bills line 2 of PO-0002, which has 1 readable line",
    ]


def test_bill_in_another_currency_than_the_order(tmp_path: Path) -> None:
    found = _match(tmp_path, MONITORS, "currency: EUR\n", "currency: CZK\neur_rate: '0.04'\n")
    assert found == [f"{MONITORS}:9:11: PO-MATCH-CURRENCY the bill is in CZK, PO-0002 in EUR"]


def test_bill_above_the_amount_without_an_order(tmp_path: Path) -> None:
    root = copy_registers(tmp_path)
    bill = f"{BILLS}/S-0011-HP-2026-167.yaml"
    edit(root / bill, "purchase_order: PO-0014\n", "")
    assert problems_of(root, bills_without_order) == [
        f"{bill}:19:8: BILL-NO-ORDER warning: 1100.00 EUR net, above the 1000.00 EUR for which "
        "records/approval-policy.yaml asks an approved order, and no purchase_order, contract "
        "in force or licence covers it",
    ]
    # a contract with the law firm in force on the bill's date stands for the order
    (root / "records/contracts/CON-0099.yaml").write_text(
        "id: CON-0099\ntitle: Legal services\nkind: service\nparties: [S-0011]\nowner: P-0001\n"
        "start: 2026-01-01\n"
    )
    assert problems_of(root, bills_without_order) == []


def test_linking_a_booked_bill_to_its_order_keeps_it_booked(tmp_path: Path) -> None:
    """A booked bill is immutable against the base revision, but for its links to an order."""
    base = copy_registers(tmp_path / "base")
    head = copy_registers(tmp_path / "head")
    bill = head / MONITORS
    edit(bill, "purchase_order: PO-0002\n", "")
    edit(bill, "  account:", "  order_line: 1\n  account:")
    assert issued_record_problems(open_workspace(head), base, "BASE", BOOKED_BILLS) == []
    edit(bill, "due_date: 2026-02-24", "due_date: 2026-03-24")
    (found,) = issued_record_problems(open_workspace(head), base, "BASE", BOOKED_BILLS)
    assert str(found) == (
        f"{MONITORS}:8:11: ISSUED-CHANGED booked bill S-0006-TS26-00214 (in BASE) was changed: "
        "due_date; correct it with the supplier's correction document"
    )
