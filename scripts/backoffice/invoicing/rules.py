"""Invoice rules: the figures of every invoice and draft make sense, issued invoices still match
their hashes and documents, numbers are gapless per series and year, credit notes correct known
invoices, drafts do not linger, and the delivery log speaks of issued invoices.

Duplicate numbers are reported with the records (`VALUE-DUPLICATE`, uniqueness.py)."""

from __future__ import annotations

from datetime import date, timedelta

from backoffice.check.run import CheckOptions
from backoffice.core.clock import FUTURE_MARGIN, far_ahead, today
from backoffice.core.paths import OUTSIDE, inside, outside_message
from backoffice.core.problems import Problem
from backoffice.core.values import as_date
from backoffice.invoicing import deliveries
from backoffice.invoicing import model as inv
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace
from backoffice.report.common import books_today

DRAFT_AGE = timedelta(days=30)


def _data(record: Record) -> dict[str, object]:
    return record.data if isinstance(record.data, dict) else {}


def _issued(ws: Workspace) -> list[Record]:
    return [r for r in ws.register(inv.REGISTER) if _data(r).get("status") == "issued"]


def figures(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """Every invoice's and draft's lines, VAT rates, due date and exchange rate make sense
    (`model.content_problems`, which `invoice issue` also refuses); a value that cannot be
    read at all is the schema check's to report."""
    found = []
    for record in ws.register(inv.REGISTER):
        try:
            invoice = inv.load(ws, record)
        except inv.InvoiceError:
            continue
        found += inv.content_problems(invoice)
    return found


def issued_hashes(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """An issued invoice's record content, PDF and XML still hash as when it was issued."""
    found = []
    for record in _issued(ws):
        data = _data(record)
        hashes = data.get("hashes")
        if not isinstance(hashes, dict):
            continue  # the schema requires hashes of an issued invoice
        if hashes.get("record") != inv.record_hash(data):
            found.append(
                inv.problem(
                    record,
                    (),
                    "INVOICE-HASH-MISMATCH",
                    f"issued invoice {record.id} was edited after issue; "
                    "correct it with a credit note",
                )
            )
        year = str(data.get("issue_date", ""))[:4]
        for kind in ("pdf", "xml"):
            path = inv.DOCUMENTS / year / f"{data.get('number', record.id)}.{kind}"
            file = ws.root / path
            if not inside(ws.root, file):
                message = outside_message(path.as_posix())
                found.append(inv.problem(record, ("hashes", kind), OUTSIDE, message))
            elif not file.is_file():
                found.append(
                    inv.problem(
                        record,
                        ("hashes", kind),
                        "INVOICE-DOCUMENT-MISSING",
                        f"{path.as_posix()} of issued invoice {record.id} is missing",
                    )
                )
            elif hashes.get(kind) != inv.sha256(file.read_bytes()):
                found.append(
                    inv.problem(
                        record,
                        ("hashes", kind),
                        "INVOICE-HASH-MISMATCH",
                        f"{path.as_posix()} no longer matches the hash of issued invoice "
                        f"{record.id}",
                    )
                )
    return found


def gapless_numbers(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """Numbers of each series and year run 1, 2, 3, … without a gap (drafts included)."""
    found = []
    years = {
        int(str(_data(r).get("issue_date", ""))[:4])
        for r in ws.register(inv.REGISTER)
        if str(_data(r).get("issue_date", ""))[:4].isdigit()
    }
    for series in inv.series_list(ws):
        for year in sorted(years):
            used = inv.numbers_used(ws, series, year)
            if not used:
                continue
            missing = [seq for seq in range(1, max(used)) if seq not in used]
            if missing:
                after = used[max(used)][0]
                names = ", ".join(series.format(year, seq) for seq in missing[:5])
                found.append(
                    inv.problem(
                        after,
                        ("number",),
                        "INVOICE-NUMBER-GAP",
                        f"series {series.code} of {year} has a gap: {names} missing",
                    )
                )
    return found


def credit_notes_correct_known_invoices(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """A credit note's `corrects` names an invoice of the register."""
    numbers = {str(_data(r).get("number", r.id)) for r in ws.register(inv.REGISTER)}
    return [
        inv.problem(
            record,
            ("corrects",),
            "INVOICE-CREDIT-UNKNOWN",
            f"credit note {record.id} corrects {_data(record).get('corrects')!r}, "
            "which is no invoice of records/invoices/",
        )
        for record in ws.register(inv.REGISTER)
        if _data(record).get("kind") == "credit-note"
        and str(_data(record).get("corrects")) not in numbers
    ]


def old_drafts(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """A draft dated more than 30 days before the books' latest transaction (a warning)."""
    reached = books_today(ws)
    if reached is None:
        return []
    found = []
    for record in ws.register(inv.REGISTER):
        data = _data(record)
        try:
            issued = date.fromisoformat(str(data.get("issue_date")))
        except ValueError:
            continue
        if data.get("status") == "draft" and reached - issued > DRAFT_AGE:
            found.append(
                Problem(
                    record.rel,
                    *record.position(("issue_date",)),
                    "INVOICE-DRAFT-OLD",
                    f"draft {record.id} of {issued.isoformat()} is more than 30 days old "
                    f"(books up to {reached.isoformat()}): issue it",
                    "warning",
                )
            )
    return found


def dated_ahead(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """An issued invoice dated after today (written by hand, or issued with a wrong clock), and
    a draft dated more than a month ahead (a warning: `invoice issue` will refuse it)."""
    found = []
    for record in ws.register(inv.REGISTER):
        data = _data(record)
        if data.get("status") == "issued":
            try:
                found += inv.dated_after_today(inv.load(ws, record))
            except inv.InvoiceError:
                continue  # the invoice's own problems are reported by the other rules
        elif (day := as_date(data.get("issue_date"))) is not None and far_ahead(day):
            found.append(
                Problem(
                    record.rel,
                    *record.position(("issue_date",)),
                    "DATE-FUTURE",
                    f"draft {record.id} is dated {day}, more than {FUTURE_MARGIN.days} days "
                    f"after today ({today()}): a typo for another year?",
                    "warning",
                )
            )
    return found


def delivery_log(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """The delivery log names issued invoices, after their issue, each message id once."""
    return deliveries.log_problems(ws)


def has_hashed_invoices(ws: Workspace) -> bool:
    """Whether an issued invoice carries the hashes `invoice issue` writes: then the invoices
    journal follows from the register and is checked against it."""
    return any(isinstance(_data(r).get("hashes"), dict) for r in _issued(ws))
