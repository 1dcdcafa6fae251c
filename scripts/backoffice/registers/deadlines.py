"""The deadlines the registers set: contract notice and end, licence renewals, maintenance,
risk and policy reviews, supplier evaluations and certificates, risk and incident actions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from backoffice.core.values import as_date
from backoffice.load.records import Record
from backoffice.registers.contracts import term_at
from backoffice.registers.risks import next_review
from backoffice.report.common import Duration, reminders
from backoffice.report.deadlines import Deadline, deadline


def contract_deadlines(record: Record, as_of: date) -> Iterator[Deadline]:
    body = record.data
    title = str(body.get("title") or record.id)
    term = term_at(body, as_of)
    if term.status == "ended":
        return
    if term.status == "renews":
        yield from deadline(record, term.notice_deadline, "contract notice", f"Notice by: {title}")
        yield from deadline(record, term.end, "contract renewal", f"Renews: {title}")
    elif term.end is not None:
        yield from deadline(record, term.end, "contract end", f"Ends: {title}")


def licence_deadlines(record: Record, as_of: date) -> Iterator[Deadline]:
    body = record.data
    name = str(body.get("product") or record.id)
    renewal = as_date(body.get("renewal"))
    notice = Duration.parse(body.get("termination_notice"))
    if renewal is not None:
        if notice is not None:
            yield from deadline(
                record, notice.before(renewal), "licence cancel by", f"Cancel by: {name}"
            )
        yield from deadline(record, renewal, "licence renewal", f"Renews: {name}")
    yield from deadline(record, as_date(body.get("expiry")), "licence expiry", f"Expires: {name}")


def location_deadlines(record: Record, as_of: date) -> Iterator[Deadline]:
    body = record.data
    for task in body.get("maintenance") or []:
        if not isinstance(task, dict):
            continue
        due = as_date(task.get("next_due"))
        if due is None:
            last, interval = as_date(task.get("last_done")), Duration.parse(task.get("interval"))
            due = interval.after(last) if last is not None and interval is not None else None
        yield from deadline(
            record,
            due,
            "maintenance",
            str(task.get("task") or "Maintenance"),
            owner=task.get("owner") or body.get("responsible"),
            lead=reminders(task),
            stays_open=True,
        )


def _actions(record: Record, what: str) -> Iterator[Deadline]:
    for action in record.data.get("actions") or []:
        if isinstance(action, dict) and action.get("done") is None:
            yield from deadline(
                record,
                as_date(action.get("due")),
                f"{what} action",
                str(action.get("action") or "Action"),
                owner=action.get("owner"),
                stays_open=True,
            )


def risk_deadlines(record: Record, as_of: date) -> Iterator[Deadline]:
    body = record.data
    if body.get("status") == "closed":
        return
    title = str(body.get("title") or record.id)
    yield from deadline(
        record, next_review(body), "risk review", f"Review: {title}", stays_open=True
    )
    yield from _actions(record, "risk")


def incident_deadlines(record: Record, as_of: date) -> Iterator[Deadline]:
    yield from _actions(record, "incident")


def policy_deadlines(record: Record, as_of: date) -> Iterator[Deadline]:
    body = record.data
    if body.get("status") == "retired":
        return
    yield from deadline(
        record,
        next_review(body),
        "policy review",
        f"Review: {body.get('title') or record.id}",
        stays_open=True,
    )


def supplier_deadlines(record: Record, as_of: date) -> Iterator[Deadline]:
    body = record.data
    if body.get("status") == "blocked":
        return
    name = str(body.get("name") or record.id)
    yield from deadline(
        record,
        as_date(body.get("next_evaluation")),
        "supplier evaluation",
        f"Evaluate: {name}",
        stays_open=True,
    )
    for cert in body.get("certifications") or []:
        if isinstance(cert, dict):
            yield from deadline(
                record,
                as_date(cert.get("valid_until")),
                "certificate expiry",
                f"{cert.get('name') or 'Certificate'}: {name}",
                stays_open=True,
            )
