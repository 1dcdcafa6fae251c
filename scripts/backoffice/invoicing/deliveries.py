"""The delivery log of issued invoices: what happened to each e-invoice on its way to the
customer's Peppol access point, in ``records/invoice-deliveries/YYYY/<number>.yaml``.

An issued invoice record is immutable (its canonical content is hashed), so its deliveries
are kept beside it, one record per invoice with a list of events (sent, delivered,
rejected): `invoice sent` appends to it, a pull request shows each event as a field change,
and `check` finds an event for no issued invoice, one dated before the invoice's issue, and a
message id recorded twice.

The XML is the legal original of a Peppol invoice, sent through an accredited provider
("digitálny poštár") within 15 days of the supply (Act 385/2025, § 85o, and § 73 of the VAT
act 222/2004); the log records the provider's message id as the proof of sending.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from backoffice.core.errors import BackOfficeError
from backoffice.core.problems import Problem
from backoffice.core.values import BadValue, parse_date
from backoffice.invoicing import model as inv
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace


class DeliveryError(BackOfficeError):
    """An event for an invoice that is not issued."""


REGISTER = "invoice-deliveries"
EVENTS = ("sent", "delivered", "rejected")


@dataclass(frozen=True)
class Delivery:
    record: Record
    index: int
    invoice: str
    date: date | None
    status: str
    message_id: str
    note: str

    @property
    def text(self) -> str:
        """How the invoices page shows it: "sent 2026-12-02"."""
        return f"{self.status} {self.date.isoformat() if self.date else '?'}"


def record_path(year: int, number: str) -> Path:
    return Path("records") / REGISTER / str(year) / f"{number}.yaml"


def deliveries(ws: Workspace) -> list[Delivery]:
    """Every event of the log, per record in file order (an unreadable date is None: the
    schema reports it)."""
    found = []
    for record in ws.register(REGISTER):
        data = record.data if isinstance(record.data, dict) else {}
        events = data.get("deliveries") if isinstance(data.get("deliveries"), list) else []
        for index, event in enumerate(events or []):
            if not isinstance(event, dict):
                continue
            try:
                day: date | None = parse_date(event.get("date"))
            except BadValue:
                day = None
            found.append(
                Delivery(
                    record,
                    index,
                    str(data.get("invoice") or record.id),
                    day,
                    str(event.get("status") or ""),
                    str(event.get("message_id") or ""),
                    str(event.get("note") or ""),
                )
            )
    return found


def by_invoice(ws: Workspace) -> dict[str, list[Delivery]]:
    """The events per invoice number, in the order they were recorded."""
    found: dict[str, list[Delivery]] = {}
    for delivery in deliveries(ws):
        found.setdefault(delivery.invoice, []).append(delivery)
    return found


def _at(delivery: Delivery, field: str) -> tuple[int, int]:
    path: tuple[str | int, ...] = ("deliveries", delivery.index, field)
    return delivery.record.position(path)


def log_problems(ws: Workspace) -> list[Problem]:
    """Events of no issued invoice, before its issue date, or with a message id used twice."""
    issued = inv.issued_by_number(ws)
    found: list[Problem] = []
    seen: dict[str, Delivery] = {}
    for record in ws.register(REGISTER):
        data = record.data if isinstance(record.data, dict) else {}
        number = str(data.get("invoice") or "")
        if number and number != record.id:
            found.append(
                Problem(
                    record.rel,
                    *record.position(("invoice",)),
                    "INVOICE-DELIVERY-UNKNOWN",
                    f"invoice {number!r} differs from the file name {record.id!r}",
                )
            )
    for delivery in deliveries(ws):
        original = issued.get(delivery.invoice)
        if original is None:
            found.append(
                Problem(
                    delivery.record.rel,
                    *delivery.record.position(("invoice",)),
                    "INVOICE-DELIVERY-UNKNOWN",
                    f"{delivery.invoice!r} is not an issued invoice of records/invoices/",
                )
            )
            continue
        issue_date = original.data.get("issue_date")
        if delivery.date is not None and str(delivery.date) < str(issue_date):
            found.append(
                Problem(
                    delivery.record.rel,
                    *_at(delivery, "date"),
                    "INVOICE-DELIVERY-DATE",
                    f"{delivery.status} on {delivery.date}, before invoice {delivery.invoice} "
                    f"was issued ({issue_date})",
                )
            )
        if delivery.message_id:
            first = seen.setdefault(delivery.message_id, delivery)
            if first is not delivery:
                found.append(
                    Problem(
                        delivery.record.rel,
                        *_at(delivery, "message_id"),
                        "INVOICE-DELIVERY-DUPLICATE",
                        f"message id {delivery.message_id!r} is recorded already "
                        f"({first.record.rel}, {first.status} {first.date})",
                    )
                )
    return found


def _event_yaml(day: date, status: str, message_id: str | None) -> str:
    text = f"  - date: {day.isoformat()}\n    status: {status}\n"
    if message_id:
        text += f"    message_id: {json.dumps(message_id, ensure_ascii=False)}\n"
    return text


def record_event(
    ws: Workspace, number: str, day: date, status: str, message_id: str | None
) -> tuple[Path, str, list[Problem]]:
    """(path, new text, problems) of the log record of invoice `number` with one event more.

    Nothing is written here; the caller writes the text when there are no problems."""
    original = inv.issued_by_number(ws).get(number)
    if original is None:
        raise DeliveryError(f"no issued invoice {number!r} in records/invoices/")
    issue_date = str(original.data.get("issue_date"))
    found = []
    if day.isoformat() < issue_date:
        found.append(
            inv.problem(
                original,
                ("issue_date",),
                "INVOICE-DELIVERY-DATE",
                f"--date {day} is before invoice {number} was issued ({issue_date})",
            )
        )
    existing = next((r for r in ws.register(REGISTER) if r.id == number), None)
    for delivery in deliveries(ws):
        if message_id and delivery.message_id == message_id:
            found.append(
                Problem(
                    delivery.record.rel,
                    *_at(delivery, "message_id"),
                    "INVOICE-DELIVERY-DUPLICATE",
                    f"message id {message_id!r} is recorded already ({delivery.status} "
                    f"{delivery.date} of invoice {delivery.invoice})",
                )
            )
        elif (
            existing is not None
            and delivery.record is existing
            and (delivery.date, delivery.status, delivery.message_id)
            == (day, status, message_id or "")
        ):
            found.append(
                Problem(
                    delivery.record.rel,
                    *_at(delivery, "date"),
                    "INVOICE-DELIVERY-DUPLICATE",
                    f"invoice {number} is recorded as {status} on {day} already",
                )
            )
    event = _event_yaml(day, status, message_id)
    if existing is None:
        year = int(issue_date[:4])
        text = f'invoice: "{number}"\ndeliveries:\n' + event
        return record_path(year, number), text, found
    current = (ws.root / existing.rel).read_text(encoding="utf-8")
    if not _ends_with_list(current):
        found.append(
            Problem(
                existing.rel,
                1,
                1,
                "INVOICE-DELIVERY-UNKNOWN",
                "the record does not end with its deliveries list: move `deliveries:` last",
            )
        )
    return Path(existing.rel), current.rstrip("\n") + "\n" + event, found


def _ends_with_list(text: str) -> bool:
    """Whether the record's last top-level key is `deliveries` (so that an event appended at
    the end belongs to it)."""
    keys = [line.split(":", 1)[0] for line in text.splitlines() if line[:1].isalpha()]
    return bool(keys) and keys[-1] == "deliveries"
