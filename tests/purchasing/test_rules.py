"""The purchase orders' rules, each with the bad order or policy that breaks it."""

from __future__ import annotations

from pathlib import Path

import pytest

from backoffice.purchasing import DOMAIN
from backoffice.purchasing.rules import order_problems, policy_problems
from support import REPO
from support.books import edit
from support.purchasing import ORDERS, copy_registers, problems_of

POLICY = "records/approval-policy.yaml"

CASES: list[tuple[str, str, str, str | list[str]]] = [
    (
        f"{ORDERS}/PO-0004.yaml",
        "  by: P-0001\n  date: 2026-03-26",
        "  by: P-0007\n  date: 2026-03-26",
        f"{ORDERS}/PO-0004.yaml:13:7: PO-APPROVER P-0007 may not approve PO-0004: 4980.00 EUR "
        "is up to 5000.00 EUR, which records/approval-policy.yaml lets P-0001, P-0002 approve "
        "(on 2026-03-26)",
    ),
    (
        f"{ORDERS}/PO-0015.yaml",
        "status: ordered\napproval:\n  by: P-0001\n  date: 2026-11-17\n",
        "status: ordered\n",
        f"{ORDERS}/PO-0015.yaml:10:9: PO-NOT-APPROVED PO-0015 is ordered but nobody approved "
        "it: record the approval (approval: by, date) before the order goes further",
    ),
    (
        f"{ORDERS}/PO-0015.yaml",
        "ordered: 2026-11-18",
        "ordered: 2026-11-12",
        f"{ORDERS}/PO-0015.yaml:6:10: PO-NOT-APPROVED PO-0015 was ordered on 2026-11-12, "
        "before its approval on 2026-11-17",
    ),
    (
        f"{ORDERS}/PO-0016.yaml",
        '{line: 1, quantity: "2"}',
        '{line: 1, quantity: "3"}',
        f"{ORDERS}/PO-0016.yaml:16:15: PO-OVER-RECEIVED line 1 (Ergonomic office chair with a "
        "headrest): 3 received, 2 ordered",
    ),
    (
        f"{ORDERS}/PO-0016.yaml",
        '{line: 1, quantity: "2"}',
        '{line: 2, quantity: "2"}',
        [
            f"{ORDERS}/PO-0016.yaml:25:16: PO-RECEIPT-LINE a receipt names line 2; PO-0016 has 1",
            f"{ORDERS}/PO-0016.yaml:10:9: PO-NOT-RECEIVED PO-0016 is marked received but line 1 "
            "(Ergonomic office chair with a headrest) has 0 of 2 received",
        ],
    ),
    (
        f"{ORDERS}/PO-0015.yaml",
        "status: ordered",
        "status: received",
        f"{ORDERS}/PO-0015.yaml:10:9: PO-NOT-RECEIVED PO-0015 is marked received but line 1 "
        "(Lenovo ThinkPad T14 Gen 6, 32 GB RAM, 1 TB SSD) has 0 of 2 received",
    ),
    (
        f"{ORDERS}/PO-0017.yaml",
        "status: requested\n",
        "status: requested\nreceipts:\n  - {date: 2026-11-30, by: P-0007, lines: "
        '[{line: 1, quantity: "2"}]}\n',
        f"{ORDERS}/PO-0017.yaml:10:3: PO-NOT-ORDERED PO-0017 records a receipt but is only "
        "requested",
    ),
    (
        f"{ORDERS}/PO-0017.yaml",
        '    vat_rate: "23"\n    budget: Expenses:Materials:OfficeSupplies\n  - description: Copy',
        '    vat_rate: "23"\n    budget: Expenses:BankFees\n  - description: Copy',
        f"{ORDERS}/PO-0017.yaml:15:13: PO-BUDGET line 1 is spent against Expenses:BankFees, "
        "which the 2026 budget has no line for",
    ),
    (
        f"{ORDERS}/PO-0002.yaml",
        "currency: EUR",
        "currency: CZK",
        f"{ORDERS}/PO-0002.yaml:8:11: PO-CURRENCY PO-0002 is in CZK, the approval limits in "
        "EUR: its amount cannot be placed in a band",
    ),
]


@pytest.mark.parametrize(("rel", "old", "new", "expected"), CASES)
def test_bad_order_is_reported_where_it_is(
    tmp_path: Path, rel: str, old: str, new: str, expected: str | list[str]
) -> None:
    root = copy_registers(tmp_path)
    edit(root / rel, old, new)
    wanted = [expected] if isinstance(expected, str) else expected
    assert problems_of(root, order_problems) == wanted


def test_a_leaver_may_no_longer_approve(tmp_path: Path) -> None:
    """Approvers named by their job title count only while they are employed."""
    root = copy_registers(tmp_path)
    edit(root / "records/people/P-0007.yaml", "  start:", "  end: 2026-10-31\n  start:")
    found = problems_of(root, order_problems)
    assert found == []  # P-0007 approved nothing after leaving
    edit(root / f"{ORDERS}/PO-0016.yaml", "  by: P-0002", "  by: P-0007")
    assert [p.split(" ")[1] for p in problems_of(root, order_problems)] == ["PO-APPROVER"]


def test_orders_without_a_policy_cannot_be_approved(tmp_path: Path) -> None:
    root = copy_registers(tmp_path)
    (root / POLICY).unlink()
    found = problems_of(root, order_problems)
    assert len(found) == 17  # every order but the one still requested
    assert found[0] == (
        f"{ORDERS}/PO-0001.yaml:11:7: PO-NO-POLICY no records/approval-policy.yaml says who "
        "may approve an order"
    )


def test_bands_must_rise_and_only_the_last_is_open(tmp_path: Path) -> None:
    root = copy_registers(tmp_path)
    edit(root / POLICY, 'up_to: "5000.00 EUR"', 'up_to: "800.00 EUR"')
    edit(root / POLICY, '  - up_to: "1000.00 EUR"\n', "  - \n")
    assert problems_of(root, policy_problems) == [
        f"{POLICY}:5:5: PO-POLICY band 1 has no limit but is not the last",
    ]
    edit(root / POLICY, "  - \n", '  - up_to: "1000.00 EUR"\n')
    assert problems_of(root, policy_problems) == [
        f"{POLICY}:10:12: PO-POLICY band 2 ends at 800.00, not above the band before (1000.00): "
        "the bands rise from the lowest limit",
    ]


def test_the_example_is_clean() -> None:
    assert problems_of(REPO, *DOMAIN.rules) == []
