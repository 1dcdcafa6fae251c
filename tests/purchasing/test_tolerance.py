"""The price tolerance of the three-way match, over many prices: a bill at or below the
ordered price always matches, one above both tolerances never does."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from backoffice.load.records import Record
from backoffice.load.yamlfile import parse_yaml_text
from backoffice.purchasing.match import order_match
from backoffice.purchasing.orders import order_of
from backoffice.purchasing.policy import Band, Policy

PRICES = st.decimals(min_value="0.01", max_value="99999.99", places=2)
QUANTITIES = st.integers(min_value=1, max_value=500)


def _record(register: str, text: str) -> Record:
    parsed, problems = parse_yaml_text(text, f"records/{register}/x.yaml")
    assert parsed is not None and not problems
    rel = f"records/{register}/x.yaml"
    return Record(register, str(parsed.data["id"]), rel, parsed.data, parsed.positions)


def _problems(ordered: Decimal, billed: Decimal, quantity: int) -> list[str]:
    order = order_of(
        _record(
            "purchase-orders",
            f"id: PO-0001\nsupplier: S-0001\ncurrency: EUR\nstatus: received\nlines:\n"
            f'  - {{quantity: "{quantity}", unit_price: "{ordered}"}}\n'
            f'receipts:\n  - {{lines: [{{line: 1, quantity: "{quantity}"}}]}}\n',
        )
    )
    bill = _record(
        "bills",
        f"id: S-0001-1\nsupplier: S-0001\nkind: invoice\ncurrency: EUR\nlines:\n"
        f'  - {{quantity: "{quantity}", unit_price: "{billed}", amount: "{billed * quantity}"}}\n',
    )
    policy = Policy(
        bill, "EUR", (Band(None, ("P-0001",), ()),), Decimal(0), Decimal(2), Decimal("1.00"), None
    )
    return [p.code for p in order_match(order, [bill], policy)]


@given(PRICES, st.decimals(min_value="0", max_value="1", places=2), QUANTITIES)
def test_at_or_below_the_ordered_price_matches(
    ordered: Decimal, cheaper: Decimal, quantity: int
) -> None:
    billed = max(ordered - cheaper, Decimal("0.00"))
    assert _problems(ordered, billed, quantity) == []


@given(PRICES, QUANTITIES)
def test_above_both_tolerances_is_reported(ordered: Decimal, quantity: int) -> None:
    # more than 2 % of the price, and more than 1.00 EUR over the whole line
    over = max(ordered * Decimal("0.021"), Decimal("1.01") / quantity)
    billed = (ordered + over).quantize(Decimal("0.01")) + Decimal("0.01")
    assert _problems(ordered, billed, quantity) == ["PO-MATCH-PRICE"]
