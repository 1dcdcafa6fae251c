"""`backoffice bill import`: received UBL e-invoices into bill records, their XML archived byte
for byte, a supplier record made from the seller when none matches. Everything is checked
first; one refused document means nothing is written."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from beancount.core import data as bc

from backoffice.accounting import VAT_CURRENCY
from backoffice.bills import model
from backoffice.bills.law import self_assessed_rate
from backoffice.bills.ubl import MAX_BYTES, Party, Received, Refused, parse
from backoffice.check.run import validate_record
from backoffice.core.files import write_atomic
from backoffice.core.problems import Problem
from backoffice.core.values import as_date, cents
from backoffice.derive.journal import is_generated
from backoffice.load.checkdigits import CHECKS
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace
from backoffice.load.yamlfile import parse_yaml_text

SUPPLIERS = "suppliers"
PURCHASE_ORDERS = "purchase-orders"
LEGAL_FORMS = ("s.r.o.", "a.s.", "k.s.", "v.o.s.", "GmbH", "Ltd", "Ltd.", "AS", "AB", "SA", "BV")


@dataclass
class Planned:
    """What one import writes: the archived XML, the bill record, perhaps a new supplier."""

    document: Path
    content: bytes
    bill: Path
    bill_text: str
    supplier: Path | None = None
    supplier_text: str | None = None
    notes: list[str] = field(default_factory=list)


def _valid(kind: str, value: str | None) -> bool:
    return value is not None and CHECKS[kind][2](value)


def _clean(value: str | None) -> str:
    return re.sub(r"[\s.-]", "", value or "").upper()


def company_ids(company: dict[str, Any]) -> dict[str, str]:
    return {k: _clean(str(company.get(k) or "")) for k in ("vat_id", "dic", "ico")}


def addressed_to_company(buyer: Party, company: dict[str, Any]) -> bool:
    """By VAT id, by the Peppol endpoint 0245:DIČ (or 9950:VAT id), or by the IČO."""
    ours = company_ids(company)
    if ours["vat_id"] and _clean(buyer.vat_id) == ours["vat_id"]:
        return True
    if buyer.endpoint is not None:
        scheme, value = buyer.endpoint
        if scheme == "0245" and ours["dic"] and _clean(value) == ours["dic"]:
            return True
        if scheme == "9950" and ours["vat_id"] and _clean(value) == ours["vat_id"]:
            return True
    return bool(ours["ico"]) and any(_clean(v) == ours["ico"] for _, v in buyer.ids)


def match_supplier(seller: Party, suppliers: list[Record]) -> Record | None:
    """The supplier by VAT id, then by Peppol endpoint, then by IČO (or registration number)."""

    def field_of(record: Record, key: str) -> str:
        value = record.data.get(key) if isinstance(record.data, dict) else None
        return _clean(str(value)) if value else ""

    vat = _clean(seller.vat_id)
    if vat:
        for record in suppliers:
            if field_of(record, "vat_id") == vat:
                return record
    if seller.endpoint is not None:
        scheme, value = seller.endpoint[0], _clean(seller.endpoint[1])
        key = {"0245": "dic", "9950": "vat_id"}.get(scheme)
        for record in suppliers:
            if key and field_of(record, key) == value:
                return record
    ids = {_clean(v) for _, v in seller.ids}
    for record in suppliers:
        for key in ("ico", "registration_number"):
            if field_of(record, key) and field_of(record, key) in ids:
                return record
    return None


def ledger_rate(ws: Workspace, currency: str, day: date) -> Decimal | None:
    """EUR per unit of `currency` from a Beancount `price` on `day` in the ledger."""
    found = None
    for entry in ws.ledger.entries:
        if (
            isinstance(entry, bc.Price)
            and entry.date == day
            and entry.currency == currency
            and entry.amount.currency == VAT_CURRENCY
        ):
            found = entry.amount.number
    return Decimal(found) if found is not None else None


def open_advances(ws: Workspace, supplier: str, account: str) -> Decimal:
    """What was paid in advance to `supplier` on `account` and no booked bill has cleared yet:
    the postings on it of the entries written by hand with ``supplier:`` metadata, less the
    prepaid amounts of the supplier's booked bills (booked or still to be synced)."""
    paid = Decimal(0)
    for entry in ws.ledger.entries:
        if (
            isinstance(entry, bc.Transaction)
            and (entry.meta or {}).get("supplier") == supplier
            and not is_generated(entry, ws.root)
        ):
            for posting in entry.postings:
                if posting.account == account and posting.units is not None:
                    paid += Decimal(posting.units.number or 0)
    for bill in model.booked(ws):
        if bill.supplier == supplier and bill.prepaid and bill.prepayment_account == account:
            paid -= Decimal(bill.sign) * bill.to_eur(bill.prepaid)
    return paid


def _next_supplier_id(suppliers: list[Record], taken: set[str]) -> str:
    numbers = [int(r.id[2:]) for r in suppliers if re.fullmatch(r"S-[0-9]{4}", r.id)]
    numbers += [int(t[2:]) for t in taken]
    return f"S-{max(numbers, default=0) + 1:04d}"


def _legal_form(name: str) -> str:
    for form in LEGAL_FORMS:
        if name.endswith(" " + form):
            return form
    return "unknown"


def new_supplier(
    seller: Party, supplier_id: str, account: str, payable: str, currency: str, notes: list[str]
) -> dict[str, Any]:
    """A supplier record from the seller party, `status: new` for someone to review."""
    name = seller.registration_name or seller.name
    country = (seller.country or "").upper()
    record: dict[str, Any] = {"id": supplier_id, "name": name, "legal_form": _legal_form(name)}
    vat = _clean(seller.vat_id)
    if country == "SK":
        digits = [_clean(v) for _, v in seller.ids]
        ico = next((v for v in digits if _valid("sk-ico", v)), None)
        dic = _clean(seller.endpoint[1]) if seller.endpoint and seller.endpoint[0] == "0245" else ""
        if not dic and vat.startswith("SK"):
            dic = vat[2:]
        if ico:
            record["ico"] = ico
        if _valid("sk-dic", dic):
            record["dic"] = dic
    if vat:
        if _valid("eu-vat", vat):
            record["vat_id"] = vat
        else:
            notes.append(f"VAT id {seller.vat_id} (not a valid EU VAT id)")
    if country != "SK":
        legal = [v for _, v in seller.ids]
        if legal:
            record["registration_number"] = legal[-1]
    record["country"] = country
    if seller.street and seller.city and seller.postcode and len(seller.postcode) >= 3:
        record["address"] = {
            "street": seller.street,
            "city": seller.city,
            "postcode": seller.postcode,
            "country": country,
        }
    if seller.email:
        record["contact"] = {"name": seller.contact or name, "email": seller.email}
    record["currency"] = currency
    record["accounts"] = {"payable": payable, "expense": account}
    record["status"] = "new"
    return record


def _decimal_text(value: Decimal, places: int | None = None) -> str:
    if places is not None:
        return f"{value:.{places}f}"
    text = format(value.normalize(), "f")
    return text


def _rate_text(value: Decimal) -> str:
    return _decimal_text(value.normalize()) if value == value.to_integral() else f"{value:.2f}"


def bill_record(
    doc: Received,
    supplier: str,
    account: str,
    foreign: bool,
    rate: Decimal | None,
    document: Path,
    digest: str,
    notes: list[str],
    deduction: str | None = None,
    terms: int | None = None,
) -> dict[str, Any]:
    """The bill record of a received document; without a due date it falls due `terms` days
    after the issue date (on the issue date when no terms are known)."""
    supply = doc.supply_date or doc.issue_date
    lines = []
    for item in doc.lines:
        unit_price = item.unit_price.quantize(Decimal("0.000001")).normalize()
        line: dict[str, Any] = {
            "description": item.description or "(no description)",
            "quantity": _decimal_text(item.quantity),
        }
        if item.unit:
            line["unit"] = item.unit
        line["unit_price"] = _decimal_text(unit_price)
        line["amount"] = _decimal_text(item.amount, 2)
        allowances = (item.quantity * unit_price).quantize(Decimal("0.01")) - item.amount
        if allowances:
            line["allowances"] = _decimal_text(allowances, 2)
        line["vat_category"] = item.category
        line["vat_rate"] = _rate_text(item.rate)
        if item.category in model.REVERSE_CHARGE:
            line["self_assessed_rate"] = _rate_text(self_assessed_rate(supply))
        line["account"] = account
        if foreign and item.category == "S" and item.rate:
            line["deduction"] = "none"
        elif deduction is not None and deduction != "full":
            line["deduction"] = deduction
        lines.append(line)
    if foreign and any(i.category == "S" and i.rate for i in doc.lines):
        notes.append("foreign VAT charged: not deductible in Slovakia, booked as a cost")
    record: dict[str, Any] = {
        "id": model.bill_id(supplier, doc.number, doc.kind),
        "supplier": supplier,
        "number": doc.number,
        "kind": doc.kind,
    }
    if doc.kind == "credit-note" and doc.corrects:
        record["corrects"] = doc.corrects
    record["status"] = "booked"
    record["issue_date"] = doc.issue_date
    if doc.supply_date:
        record["supply_date"] = doc.supply_date
    if doc.due_date is not None:
        record["due_date"] = doc.due_date
    else:
        record["due_date"] = doc.issue_date + timedelta(days=terms or 0)
    record["currency"] = doc.currency
    if rate is not None:
        record["eur_rate"] = _decimal_text(rate)
    if doc.order_reference:
        record["order_reference"] = doc.order_reference
    if doc.buyer_reference:
        record["buyer_reference"] = doc.buyer_reference
    payment: dict[str, Any] = {}
    if doc.payment_id:
        if re.fullmatch(r"[0-9]{1,10}", doc.payment_id):
            payment["variable_symbol"] = doc.payment_id
        else:
            payment["reference"] = doc.payment_id
    if doc.iban:
        if _valid("iban", doc.iban):
            payment["iban"] = doc.iban
            if doc.bic and _valid("bic", doc.bic):
                payment["bic"] = doc.bic
        else:
            notes.append(f"account {doc.iban} (not a valid IBAN)")
    if payment:
        record["payment"] = payment
    record["lines"] = lines
    totals = {
        "net": _decimal_text(doc.net, 2),
        "vat": _decimal_text(doc.vat, 2),
        "total": _decimal_text(doc.total, 2),
    }
    if doc.prepaid:
        totals["prepaid"] = _decimal_text(doc.prepaid, 2)
    if doc.payable != doc.total:
        totals["payable"] = _decimal_text(doc.payable, 2)
    record["totals"] = totals
    if doc.prepaid:
        record["prepayment_account"] = model.PREPAYMENTS
    record["document"] = document.as_posix()
    record["document_sha256"] = digest
    if notes:
        record["notes"] = "From the e-invoice, not taken over: " + "; ".join(notes) + "."
    return record


class _Dumper(yaml.SafeDumper):
    """Plain YAML: a value used twice (a date) is written twice, never as an alias."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def quoted_order(
    ws: Workspace, reference: str | None, supplier: str, notes: list[str]
) -> Record | None:
    """Our purchase order the e-invoice quotes as its order reference (BT-13), when it is one
    of this supplier's; an order of another supplier is left to the reader, in the notes."""
    wanted = (reference or "").strip().upper()
    order = next((r for r in ws.register(PURCHASE_ORDERS) if r.id == wanted), None)
    if order is None:
        return None
    ordered_from = order.data.get("supplier") if isinstance(order.data, dict) else None
    if ordered_from != supplier:
        notes.append(
            f"order reference {reference} is our order from {ordered_from}, not {supplier}"
        )
        return None
    return order


def name_order(record: dict[str, Any], doc: Received, order: Record) -> dict[str, Any]:
    """The bill with the order it bills after its order reference, and on each line the
    order line it quotes (BT-132), so that `check` matches ordered, received and billed."""
    lines = order.data.get("lines") if isinstance(order.data, dict) else None
    count = len(lines) if isinstance(lines, list) else 0
    for item, line in zip(doc.lines, record["lines"], strict=False):
        quoted = (item.order_line or "").strip()
        if quoted.isdigit() and 1 <= int(quoted) <= count:
            line["order_line"] = int(quoted)
    named: dict[str, Any] = {}
    for key, value in record.items():
        named[key] = value
        if key == "order_reference":
            named["purchase_order"] = order.id
    return named


def dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def _record(ws: Workspace, rel: Path, text: str, register: str) -> Record:
    parsed, problems = parse_yaml_text(text, rel.as_posix())
    assert parsed is not None and not problems, problems
    record_id = rel.stem
    return Record(register, record_id, rel.as_posix(), parsed.data, parsed.positions)


def _schema_problems(ws: Workspace, record: Record, extra_ids: set[str]) -> list[Problem]:
    schemas = ws.schemas
    register = schemas.registers.get(record.register)
    if register is None:
        return [Problem(record.rel, 1, 1, "BILL-SCHEMA", f"no schema for {record.register}")]
    ids: dict[str, set[str]] = {}
    for r in ws.records.records:
        ids.setdefault(r.register, set()).add(r.id)
    ids.setdefault(SUPPLIERS, set()).update(extra_ids)
    schemas.context.ids = ids
    schemas.context.accounts = None
    return validate_record(record, register).settle(ws.ledger.open_accounts())


def plan(
    ws: Workspace,
    files: list[Path],
    account: str | None = None,
    rate: Decimal | None = None,
    deduction: str | None = None,
) -> tuple[list[Planned], list[Problem]]:
    """What importing `files` would write, or the problems that refuse it (then nothing is)."""
    company = ws.company
    suppliers = list(ws.register(SUPPLIERS))
    bills = list(ws.register(model.REGISTER))
    hashes = {str(r.data.get("document_sha256")): r.rel for r in bills if isinstance(r.data, dict)}
    numbers = {model.number_key(r.data): r.rel for r in bills if isinstance(r.data, dict)}
    planned: list[Planned] = []
    problems: list[Problem] = []
    new_ids: set[str] = set()
    cleared: dict[str, Decimal] = {}
    for path in files:
        label = _label(ws, path)
        try:
            item = _plan_one(
                ws,
                path,
                label,
                company,
                suppliers,
                hashes,
                numbers,
                new_ids,
                cleared,
                account,
                rate,
                deduction,
            )
        except Refused as exc:
            problems += exc.problems
            continue
        planned.append(item)
    return planned, problems


def _label(ws: Workspace, path: Path) -> str:
    try:
        return path.resolve().relative_to(ws.root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _plan_one(
    ws: Workspace,
    path: Path,
    label: str,
    company: dict[str, Any],
    suppliers: list[Record],
    hashes: dict[str, str],
    numbers: dict[tuple[str, str, str], str],
    new_ids: set[str],
    cleared: dict[str, Decimal],
    account: str | None,
    rate: Decimal | None,
    deduction: str | None,
) -> Planned:
    def refuse(code: str, message: str, line: int = 1) -> Refused:
        return Refused([Problem(label, line, 1, code, message)])

    if not path.is_file():
        raise refuse("BILL-UNREADABLE", "no such file")
    if path.stat().st_size > MAX_BYTES:
        raise refuse("BILL-TOO-LARGE", f"larger than {MAX_BYTES} bytes")
    content = path.read_bytes()
    doc = parse(content, label)
    digest = model.sha256(content)
    if digest in hashes:
        raise refuse("BILL-DUPLICATE", f"this document is imported already: {hashes[digest]}")
    if not addressed_to_company(doc.buyer, company):
        buyer = doc.buyer.registration_name or doc.buyer.name or "another party"
        raise refuse(
            "BILL-MISDIRECTED",
            f"addressed to {buyer} ({doc.buyer.vat_id or 'no VAT id'}), not to "
            f"{company.get('legal_name', 'the company')}: return it to the sender",
        )
    _check_totals(doc, label)
    notes: list[str] = []
    matched = match_supplier(doc.seller, suppliers)
    supplier_text = None
    supplier_rel = None
    payable = model.DEFAULT_PAYABLE
    if matched is not None:
        supplier_id = matched.id
        accounts = matched.data.get("accounts") if isinstance(matched.data, dict) else None
        expense = account or (accounts.get("expense") if isinstance(accounts, dict) else None)
        if not expense:
            raise refuse(
                "BILL-ACCOUNT-MISSING",
                f"supplier {supplier_id} has no accounts.expense: give --account ACCOUNT",
            )
        foreign = str(matched.data.get("country", "SK")) != "SK"
    else:
        if not (doc.seller.vat_id or doc.seller.endpoint or doc.seller.ids):
            raise refuse(
                "BILL-SUPPLIER-UNKNOWN",
                "the seller has no VAT id, endpoint id or company id to identify it by",
            )
        if not (doc.seller.registration_name or doc.seller.name) or not doc.seller.country:
            raise refuse("BILL-SUPPLIER-UNKNOWN", "the seller has no name or country")
        if not account:
            raise refuse(
                "BILL-ACCOUNT-MISSING",
                f"{doc.seller.registration_name or doc.seller.name} is a new supplier: give "
                "--account ACCOUNT for its bills' lines (it becomes the supplier's default)",
            )
        expense = account
        supplier_id = _next_supplier_id(suppliers, new_ids)
        new_ids.add(supplier_id)
        supplier_notes: list[str] = []
        supplier_data = new_supplier(
            doc.seller, supplier_id, account, payable, doc.currency, supplier_notes
        )
        supplier_rel = Path("records") / SUPPLIERS / f"{supplier_id}.yaml"
        supplier_text = dump(supplier_data)
        foreign = supplier_data["country"] != "SK"
        notes += supplier_notes
        suppliers.append(_record(ws, supplier_rel, supplier_text, SUPPLIERS))
    key = model.number_key({"supplier": supplier_id, "kind": doc.kind, "number": doc.number})
    if key in numbers:
        word = "credit note" if doc.kind == "credit-note" else "bill"
        raise refuse(
            "BILL-DUPLICATE",
            f"{supplier_id}'s {word} {doc.number} is there already: {numbers[key]}",
        )
    closed = as_date(company.get("books_closed_through"))
    entry_date = doc.supply_date or doc.issue_date
    if closed is not None and entry_date <= closed:
        raise refuse(
            "BILL-CLOSED-PERIOD",
            f"supplied on {entry_date.isoformat()}, in the books closed through "
            f"{closed.isoformat()}: book it by hand in the open period, with a note",
        )
    eur_rate = None
    if doc.currency != VAT_CURRENCY:
        supply = doc.supply_date or doc.issue_date
        eur_rate = rate if rate is not None else ledger_rate(ws, doc.currency, supply)
        if eur_rate is None:
            raise refuse(
                "BILL-RATE-MISSING",
                f"a bill in {doc.currency}: give --rate (EUR per 1 {doc.currency}) or add a "
                f"`price {doc.currency}` of {supply.isoformat()} to the ledger",
            )
    prepaid_eur = Decimal(0)
    if doc.prepaid:
        prepaid_eur = cents(doc.prepaid * eur_rate) if eur_rate is not None else doc.prepaid
        available = Decimal(0)
        if doc.kind == "invoice" and matched is not None:
            available = open_advances(ws, supplier_id, model.PREPAYMENTS)
            available -= cleared.get(supplier_id, Decimal(0))
        if prepaid_eur < 0 or available < prepaid_eur:
            raise refuse(
                "BILL-PREPAID",
                f"{doc.prepaid} {doc.currency} is prepaid, but "
                + (
                    f"{available:.2f} EUR paid in advance to {supplier_id} is open on "
                    f'{model.PREPAYMENTS} (entries with supplier: "{supplier_id}"): book the '
                    "advance payment first"
                    if doc.kind == "invoice" and matched is not None
                    else "no advance can be matched to it: book it by hand"
                ),
            )
    year = f"{doc.issue_date.year}"
    record_id = model.bill_id(supplier_id, doc.number, doc.kind)
    document = model.DOCUMENTS / year / f"{record_id}.xml"
    if (ws.root / document).exists():
        raise refuse("BILL-DUPLICATE", f"{document.as_posix()} exists already")
    terms_of = next((r.data for r in suppliers if r.id == supplier_id), None)
    terms = model.payment_terms(terms_of if isinstance(terms_of, dict) else None, company)
    order = quoted_order(ws, doc.order_reference, supplier_id, notes)
    data = bill_record(
        doc, supplier_id, expense, foreign, eur_rate, document, digest, notes, deduction, terms
    )
    if order is not None:
        data = name_order(data, doc, order)
    bill_rel = model.record_path(doc.issue_date, record_id)
    if (ws.root / bill_rel).exists():
        raise refuse("BILL-DUPLICATE", f"{bill_rel.as_posix()} exists already")
    bill_text = dump(data)
    found = _schema_problems(ws, _record(ws, bill_rel, bill_text, model.REGISTER), new_ids)
    if supplier_rel is not None and supplier_text is not None:
        found += _schema_problems(ws, _record(ws, supplier_rel, supplier_text, SUPPLIERS), set())
    if found:
        raise Refused(
            [
                Problem(label, 1, 1, p.code, f"the record it gives, {p.path}:{p.line}: {p.message}")
                for p in found
            ]
        )
    numbers[key] = bill_rel.as_posix()
    if prepaid_eur:
        cleared[supplier_id] = cleared.get(supplier_id, Decimal(0)) + prepaid_eur
    hashes[digest] = bill_rel.as_posix()
    return Planned(document, content, bill_rel, bill_text, supplier_rel, supplier_text, notes)


def _check_totals(doc: Received, label: str) -> None:
    """The lines add up to the net total, the VAT per rate to the VAT total (EN 16931 BR-CO)."""
    found = []
    net = sum((line.amount for line in doc.lines), Decimal(0))
    if net != doc.net:
        found.append(
            Problem(
                label,
                1,
                1,
                "BILL-TOTALS",
                f"the lines, allowances and charges add up to {net}, "
                f"TaxExclusiveAmount says {doc.net}",
            )
        )
    groups: dict[tuple[str, Decimal], Decimal] = {}
    for line in doc.lines:
        groups[(line.category, line.rate)] = groups.get((line.category, line.rate), 0) + line.amount
    vat = sum(
        (
            (base * rate / 100).quantize(Decimal("0.01"))
            for (category, rate), base in groups.items()
            if category not in model.REVERSE_CHARGE
        ),
        Decimal(0),
    )
    if vat != doc.vat:
        found.append(
            Problem(
                label, 1, 1, "BILL-TOTALS", f"the VAT per rate is {vat}, TaxAmount says {doc.vat}"
            )
        )
    if doc.net + doc.vat != doc.total:
        found.append(
            Problem(
                label,
                1,
                1,
                "BILL-TOTALS",
                f"net {doc.net} and VAT {doc.vat} make {doc.net + doc.vat}, "
                f"TaxInclusiveAmount says {doc.total}",
            )
        )
    if doc.total - doc.prepaid != doc.payable:
        found.append(
            Problem(
                label,
                1,
                1,
                "BILL-TOTALS",
                f"total {doc.total} less prepaid {doc.prepaid} is not PayableAmount {doc.payable}",
            )
        )
    if found:
        raise Refused(found)


def write(ws: Workspace, planned: list[Planned]) -> None:
    """Write what `plan` found: the archived documents first, then the records."""
    for item in planned:
        write_atomic(ws.root / item.document, item.content)
    for item in planned:
        if item.supplier is not None and item.supplier_text is not None:
            write_atomic(ws.root / item.supplier, item.supplier_text)
        write_atomic(ws.root / item.bill, item.bill_text)
