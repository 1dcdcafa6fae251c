"""Drafting and issuing invoices: the draft record `invoice new` writes, and `invoice issue`,
which checks a draft, renders its PDF and UBL XML and freezes the record with their hashes.
Everything is computed first; files are written only when no invoice has a problem."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from backoffice.core.errors import BackOfficeError
from backoffice.core.files import write_atomic
from backoffice.core.paths import OUTSIDE, inside, outside_message
from backoffice.core.problems import Problem
from backoffice.core.values import parse_decimal
from backoffice.invoicing import model as inv
from backoffice.invoicing import pdf as invoice_pdf
from backoffice.invoicing import ubl as einvoice
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace


class InvoiceDraftError(BackOfficeError):
    """A draft cannot be made (unknown series or customer, unknown source invoice)."""


def _scalar(value: Any) -> str:
    """A value as YAML: a date as is, anything else double-quoted (JSON's escapes are YAML's,
    so quotes and line breaks in a copied note survive)."""
    text = str(value)
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _lines_yaml(lines: list[Any]) -> str:
    if not lines:
        return (
            "lines: []\n"
            "# lines:\n"
            "#   - description: Software development\n"
            "#     quantity: 10\n"
            "#     unit: h\n"
            "#     unit_price: 80.00\n"
            "#     vat_rate: 23          # or exemption: reverse-charge\n"
        )
    out = ["lines:\n"]
    for line in lines:
        first = True
        for key, value in line.items():
            prefix = "  - " if first else "    "
            shown = value if not isinstance(value, str) or key == "exemption" else _scalar(value)
            out.append(f"{prefix}{key}: {shown}\n")
            first = False
    return "".join(out)


def draft_text(fields: dict[str, Any], lines: list[Any], notes: str | None, hints: str = "") -> str:
    """The YAML text of a draft, in the register's field order (`hints`: commented lines
    before the lines)."""
    quoted = ("number", "customer", "corrects", "order_reference", "buyer_reference")
    text = "".join(
        f"{key}: {_scalar(value) if key in quoted else value}\n" for key, value in fields.items()
    )
    text += hints
    text += _lines_yaml(lines)
    if notes:
        text += f"notes: {_scalar(notes)}\n"
    return text


def new_draft(
    ws: Workspace,
    customer: str | None,
    day: date,
    series_code: str | None,
    source: str | None,
    lines_given: list[dict[str, Any]] | None = None,
) -> tuple[Path, str]:
    """(path relative to the root, text) of a new draft with the next free number; without a
    customer, the customer of the invoice `source` it copies; `lines_given` are its lines
    (a project's time)."""
    record = inv.find(ws, source) if source is not None else None
    if source is not None and (record is None or not isinstance(record.data, dict)):
        raise InvoiceDraftError(f"no invoice {source!r} to copy from")
    if customer is None:
        taken = record.data.get("customer") if record is not None else None
        if not isinstance(taken, str):
            raise InvoiceDraftError(f"invoice {source!r} names no customer: give --customer")
        customer = taken
    if customer not in inv.customers(ws):
        raise InvoiceDraftError(
            f"unknown customer {customer!r} (no records/customers/{customer}.yaml)"
        )
    kind = "invoice"
    lines: list[Any] = list(lines_given or [])
    notes = None
    extra: dict[str, Any] = {}
    if record is not None and isinstance(record.data, dict):
        lines = [dict(line) for line in record.data.get("lines") or [] if isinstance(line, dict)]
        notes = record.data.get("notes")
        for key in (
            "currency",
            "exchange_rate",
            "exchange_rate_date",
            "order_reference",
            "buyer_reference",
        ):
            if key in record.data:
                extra[key] = record.data[key]
    series_all = inv.series_list(ws)
    if series_code is None:
        chosen = inv.default_series(ws, kind)
    else:
        chosen = next((s for s in series_all if s.code == series_code), None)
    if chosen is None:
        known = ", ".join(s.code for s in series_all) or "none"
        raise InvoiceDraftError(
            f"no invoice series {series_code or kind!r} in company.yaml (known: {known})"
        )
    number = inv.next_number(ws, chosen, day.year)
    fields: dict[str, Any] = {
        "series": chosen.code,
        "number": number,
        "kind": chosen.kind,
        "status": "draft",
        "issue_date": day.isoformat(),
        "supply_date": day.isoformat(),
        "customer": customer,
        "currency": extra.pop("currency", None)
        or inv.customers(ws)[customer].data.get("currency", ws.currency),
        **extra,
    }
    if chosen.kind == "credit-note":
        fields["corrects"] = source or ""
        lines = [{**line, "quantity": -parse_decimal(line.get("quantity", 0))} for line in lines]
    text = draft_text(fields, lines, notes, _hints(ws, customer, day, fields))
    return inv.record_path(day.year, number), text


def _hints(ws: Workspace, customer: str, day: date, fields: dict[str, Any]) -> str:
    """Commented fields a Peppol BIS 3.0 draft may need: the invoiced period and, for a
    customer that requires one, its order number."""
    data = inv.customers(ws)[customer].data
    if inv.profile_for(ws.company, day, data) != inv.PEPPOL:
        return ""
    start = day.replace(day=1).isoformat()
    text = f"# period_start: {start}      # the invoiced period, with period_end\n"
    if data.get("requires_order_reference") and not (
        data.get("order_reference") or fields.get("order_reference")
    ):
        text += f'order_reference: ""   # required by {customer}: its purchase order number\n'
    return text


# ----------------------------------------------------------------------------- issuing


@dataclass
class Issued:
    invoice: inv.Invoice
    pdf: bytes
    xml: bytes
    record_text: str


def numbering_problems(ws: Workspace, invoice: inv.Invoice, issuing: set[str]) -> list[Problem]:
    """The number fits its series and year, is used once, and every lower number of the series
    and year is issued already (or in this run)."""
    record = invoice.record
    series = next((s for s in inv.series_list(ws) if s.code == invoice.series), None)
    if series is None:
        return [
            inv.problem(
                record,
                ("series",),
                "INVOICE-SERIES",
                f"series {invoice.series!r} is not in company.yaml's invoice_series",
            )
        ]
    parsed = series.parse(invoice.number)
    if parsed is None or parsed[0] != invoice.year or record.id != invoice.number:
        return [
            inv.problem(
                record,
                ("number",),
                "INVOICE-SERIES",
                f"number {invoice.number!r} does not fit series {series.code} "
                f"({series.pattern}) in {invoice.year}, or differs from the file name",
            )
        ]
    used = inv.numbers_used(ws, series, invoice.year)
    found = []
    if series.kind != invoice.kind:
        found.append(
            inv.problem(
                record,
                ("kind",),
                "INVOICE-SERIES",
                f"series {series.code} is for {series.kind}s, not {invoice.kind}s",
            )
        )
    if len(used.get(parsed[1], [])) > 1:
        others = ", ".join(r.rel for r in used[parsed[1]] if r.rel != record.rel)
        found.append(
            inv.problem(
                record,
                ("number",),
                "INVOICE-NUMBER-DUPLICATE",
                f"number {invoice.number} is also used by {others}",
            )
        )
    for seq in range(1, parsed[1]):
        earlier = used.get(seq, [])
        if not earlier:
            found.append(
                inv.problem(
                    record,
                    ("number",),
                    "INVOICE-NUMBER-GAP",
                    f"number {series.format(invoice.year, seq)} of series "
                    f"{series.code} is missing before {invoice.number}",
                )
            )
            break
        if not any(r.data.get("status") == "issued" or r.id in issuing for r in earlier):
            found.append(
                inv.problem(
                    record,
                    ("number",),
                    "INVOICE-NUMBER-GAP",
                    f"issue {series.format(invoice.year, seq)} before {invoice.number}",
                )
            )
            break
    return found


DRAFT_STATUS = re.compile(
    r"""^status:[ \t]*(?:draft|"draft"|'draft')(?P<comment>[ \t]+#.*?)?[ \t]*$""", re.MULTILINE
)
"""The line `status: draft` as a user may write it: plain or quoted, with a trailing comment."""


def frozen_text(
    record_text: str, hashes: dict[str, str], fields: dict[str, str] | None = None
) -> str | None:
    """The record's text with status issued (a comment on the line kept), the `fields` issuing
    settles (the profile, references taken from the customer) and the hashes; None if it has
    no `status: draft` line."""
    text, n = DRAFT_STATUS.subn(
        lambda m: "status: issued" + (m.group("comment") or ""), record_text, count=1
    )
    if n != 1:
        return None
    settled = "".join(
        f"{k}: {v if k == 'profile' else _scalar(v)}\n" for k, v in (fields or {}).items()
    )
    block = "hashes:\n" + "".join(f"  {k}: {v}\n" for k, v in hashes.items())
    return text.rstrip("\n") + "\n" + settled + block


def settled_fields(invoice: inv.Invoice) -> dict[str, str]:
    """What issuing writes into the record besides status and hashes: the profile the invoice
    is issued in and, for Peppol, the references defaulted from the customer record, so that
    the issued record alone gives its e-invoice."""
    data = invoice.record.data if isinstance(invoice.record.data, dict) else {}
    fields = {} if "profile" in data else {"profile": invoice.profile}
    if invoice.profile == inv.PEPPOL:
        fields.update(invoice.references_defaulted)
    return fields


def prepare(
    ws: Workspace, record: Record, issuing: set[str]
) -> tuple[Issued | None, list[Problem]]:
    """Check one draft and compute its documents (nothing written)."""
    try:
        invoice = inv.load(ws, record)
    except inv.InvoiceError as exc:
        return None, exc.problems
    if invoice.status != "draft":
        return None, [
            inv.problem(
                record,
                ("status",),
                "INVOICE-ALREADY-ISSUED",
                f"invoice {invoice.number} is {invoice.status}, not a draft",
            )
        ]
    found = inv.issue_problems(ws, invoice) + numbering_problems(ws, invoice, issuing)
    if found:
        return None, found
    xml = einvoice.ubl(invoice, ws.company)
    pdf = invoice_pdf.render(ws, invoice, xml)
    data = record.data if isinstance(record.data, dict) else {}
    settled = settled_fields(invoice)
    hashes = {
        "record": inv.record_hash({**data, **settled}),
        "pdf": inv.sha256(pdf),
        "xml": inv.sha256(xml),
    }
    text = frozen_text((ws.root / record.rel).read_text(encoding="utf-8"), hashes, settled)
    if text is None:
        return None, [
            inv.problem(
                record,
                ("status",),
                "INVOICE-ALREADY-ISSUED",
                "the record has no line `status: draft` to change",
            )
        ]
    return Issued(invoice, pdf, xml, text), []


def issue(ws: Workspace, records: list[Record]) -> tuple[list[Issued], list[Problem]]:
    """Issue drafts in number order; write everything only when none has a problem."""
    ordered = sorted(records, key=lambda r: (str(r.data.get("series", "")), r.id))
    issuing = {r.id for r in ordered}
    done: list[Issued] = []
    found: list[Problem] = []
    for record in ordered:
        issued, problems = prepare(ws, record, issuing)
        found += problems
        if issued is not None:
            done.append(issued)
    if found:
        return [], found
    for item in done:
        write_atomic(ws.root / item.invoice.pdf_path, item.pdf)
        write_atomic(ws.root / item.invoice.xml_path, item.xml)
    for item in done:
        write_atomic(ws.root / item.invoice.record.rel, item.record_text)
    return done, []


def drafts(ws: Workspace) -> list[Record]:
    return [
        r
        for r in ws.register(inv.REGISTER)
        if isinstance(r.data, dict) and r.data.get("status") == "draft"
    ]


def verify_rendering(ws: Workspace, out: Path) -> tuple[int, list[Problem]]:
    """Render every issued invoice again into `out` and compare it byte for byte with the
    stored PDF and XML: proof that the documents still follow from the records and templates.

    Returns how many invoices were re-rendered and a problem per file that differs."""
    problems: list[Problem] = []
    count = 0
    for invoice in inv.issued(ws):
        count += 1
        ubl = einvoice.ubl(invoice, ws.company)
        fresh = {invoice.pdf_path: invoice_pdf.render(ws, invoice, ubl), invoice.xml_path: ubl}
        for stored, content in fresh.items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            target = out / stored.relative_to("documents")
            write_atomic(target, data)
            path = ws.root / stored
            if not inside(ws.root, path):
                problems.append(Problem(stored.as_posix(), 1, 1, OUTSIDE, outside_message("it")))
            elif not path.is_file() or path.read_bytes() != data:
                problems.append(
                    Problem(
                        stored.as_posix(),
                        1,
                        1,
                        "INVOICE-RENDER-DIFFERS",
                        f"rendering {invoice.number} again gives other bytes (see {target})",
                    )
                )
    return count, problems
