"""The deadline an open order sets: its expected delivery, the requester's to chase until the
goods or the service are received."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from backoffice.core.values import as_date
from backoffice.load.records import Record
from backoffice.purchasing.orders import order_of
from backoffice.report.deadlines import Deadline, deadline

AWAITING_DELIVERY = ("approved", "ordered")


def order_deadlines(record: Record, as_of: date) -> Iterator[Deadline]:
    """The expected delivery of an order not yet received, open until it is."""
    order = order_of(record)
    if order.status not in AWAITING_DELIVERY:
        return
    body = order.body
    yield from deadline(
        record,
        as_date(body.get("expected_delivery")),
        "delivery",
        f"Delivery of {record.id}: {body.get('title') or order.supplier}",
        owner=order.requester,
        lead=(7, 0),
        stays_open=True,
    )
