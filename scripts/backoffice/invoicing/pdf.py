"""The invoice as a PDF: Typst renders ``templates/invoice.typ`` (the company's own, else the
package's) from a JSON document of already formatted texts, in the customer's language, with
a payment QR code (PAY by square for Slovak accounts, EPC QR otherwise). PDF/A-3b with the UBL
e-invoice attached and the issue date as timestamp: the same invoice gives the same bytes."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from textwrap import wrap
from typing import Any

import pay_by_square
import segno
import segno.helpers
import typst
from babel.dates import format_date
from babel.numbers import format_decimal

from backoffice.accounting import VAT_CURRENCY
from backoffice.invoicing.model import PEPPOL, Invoice, exemption_wording
from backoffice.invoicing.ubl import UNITS, unit_code
from backoffice.load.workspace import Workspace

TEMPLATE = "invoice.typ"
TEMPLATES = Path(__file__).parent / "templates"
EPC_CURRENCY = "EUR"
"""The only currency an EPC QR code (EPC069-12) can ask for."""
"""The package's own invoice and reminder templates, used where the repository has none."""
LOCALES = {"sk": "sk_SK", "cs": "cs_CZ"}
"""Babel locale per customer language; any other language prints in English (en_GB)."""

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "invoice": "Invoice",
        "credit-note": "Credit note",
        "number": "Number",
        "supplier": "Supplier",
        "customer": "Customer",
        "ico": "Company ID",
        "dic": "Tax ID",
        "vat_id": "VAT ID",
        "register": "Registered in the Commercial Register of",
        "section": "section",
        "insert": "insert no.",
        "issue_date": "Date of issue",
        "supply_date": "Date of supply",
        "due_date": "Due date",
        "payment_method": "Payment method",
        "bank_transfer": "Bank transfer",
        "iban": "IBAN",
        "bic": "SWIFT/BIC",
        "vs": "Variable symbol",
        "corrects": "Corrects invoice",
        "description": "Description",
        "quantity": "Quantity",
        "unit": "Unit",
        "unit_price": "Unit price excl. VAT",
        "discount": "Discount",
        "vat_rate": "VAT %",
        "net": "Amount excl. VAT",
        "summary": "VAT summary",
        "base": "Taxable amount",
        "vat": "VAT",
        "total": "Total",
        "to_pay": "Amount due",
        "credited": "Amount credited",
        "rate": "Exchange rate",
        "base_eur": "taxable amount in EUR",
        "vat_eur": "VAT in EUR",
        "scan": "Scan to pay",
        "reverse-charge": "reverse charge",
        "intra-eu-goods": "exempt",
        "export": "exempt",
        "exempt": "exempt",
        "outside-scope": "not subject",
    },
    "sk": {
        "invoice": "Faktúra",
        "credit-note": "Dobropis",
        "number": "Číslo",
        "supplier": "Dodávateľ",
        "customer": "Odberateľ",
        "ico": "IČO",
        "dic": "DIČ",
        "vat_id": "IČ DPH",
        "register": "Zapísaná v Obchodnom registri",
        "section": "oddiel",
        "insert": "vložka č.",
        "issue_date": "Dátum vyhotovenia",
        "supply_date": "Dátum dodania",
        "due_date": "Dátum splatnosti",
        "payment_method": "Spôsob úhrady",
        "bank_transfer": "Bankový prevod",
        "iban": "IBAN",
        "bic": "SWIFT/BIC",
        "vs": "Variabilný symbol",
        "corrects": "Opravuje faktúru",
        "description": "Popis",
        "quantity": "Množstvo",
        "unit": "MJ",
        "unit_price": "Jedn. cena bez DPH",
        "discount": "Zľava",
        "vat_rate": "DPH %",
        "net": "Suma bez DPH",
        "summary": "Rekapitulácia DPH",
        "base": "Základ dane",
        "vat": "DPH",
        "total": "Spolu",
        "to_pay": "Suma na úhradu",
        "credited": "Suma dobropisu",
        "rate": "Kurz",
        "base_eur": "základ dane v EUR",
        "vat_eur": "DPH v EUR",
        "scan": "Zaplaťte QR kódom",
        "reverse-charge": "prenesenie",
        "intra-eu-goods": "oslobodené",
        "export": "oslobodené",
        "exempt": "oslobodené",
        "outside-scope": "nepodlieha",
    },
}


REFERENCE_LABELS: dict[str, dict[str, str]] = {
    "en": {"period": "Invoiced period", "order": "Your order", "buyer": "Your reference"},
    "sk": {"period": "Fakturované obdobie", "order": "Vaša objednávka", "buyer": "Vaša referencia"},
}
"""Rows printed only for an invoice that has them (kept apart from LABELS, which every
template receives whole)."""


UNIT_NAMES: dict[str, dict[str, str]] = {
    "HUR": {"en": "h", "sk": "hod."},
    "DAY": {"en": "day", "sk": "deň"},
    "MON": {"en": "month", "sk": "mes."},
    "H87": {"en": "pcs", "sk": "ks"},
    "KMT": {"en": "km", "sk": "km"},
    "KGM": {"en": "kg", "sk": "kg"},
}
"""How a UN/ECE unit code is printed per language."""


def unit_name(unit: str, lang: str) -> str:
    """The unit in the invoice's language ("day" prints "deň" in Slovak); a unit the toolkit
    does not know prints as written."""
    if unit.lower() not in UNITS and unit not in UNIT_NAMES:
        return unit
    return UNIT_NAMES.get(unit_code(unit), {}).get(lang, unit)


def vat_label(rate: Decimal | None, exemption: str | None, lang: str, loc: str) -> str:
    """A line's or summary row's VAT column: the rate, else why there is no VAT."""
    if exemption is not None:
        return LABELS[lang][exemption]
    return f"{amount_text(rate or Decimal(0), loc, 0)} %"


def language(customer: dict[str, Any]) -> str:
    """The language a customer's documents are printed in: sk, else English."""
    lang = str(customer.get("language") or "en")
    return lang if lang in LABELS else "en"


def locale(customer: dict[str, Any]) -> str:
    """The Babel locale of the customer's language (numbers and dates), else en_GB."""
    return LOCALES.get(str(customer.get("language") or ""), "en_GB")


def register_line(company: dict[str, Any], labels: dict[str, str]) -> str:
    """The company's commercial register entry, as the Slovak Commercial Code wants it on
    business documents; empty without one."""
    register = company.get("commercial_register")
    if not isinstance(register, dict) or not register:
        return ""
    return (
        f"{labels['register']} {register.get('court', '')}, "
        f"{labels['section']} {register.get('section', '')}, "
        f"{labels['insert']} {register.get('insert', '')}"
    )


def amount_text(value: Decimal, loc: str, places: int = 2) -> str:
    """A number as the locale writes it, with `places` decimals (1 234,50 in Slovak)."""
    pattern = "#,##0." + "0" * places if places else "#,##0"
    return format_decimal(value, format=pattern, locale=loc)


def _quantity(value: Decimal, loc: str) -> str:
    return format_decimal(value, format="#,##0.###", locale=loc)


def address_lines(party: dict[str, Any]) -> list[str]:
    """Street, postcode and city, country of a party (its `address`, else its `seat`)."""
    address = party.get("address") or party.get("seat") or {}
    if not isinstance(address, dict):
        return []
    return [
        str(address.get("street", "")),
        f"{address.get('postcode', '')} {address.get('city', '')}".strip(),
        str(address.get("country", "")),
    ]


def payment_qr_svg(
    company: dict[str, Any],
    iban: str,
    bic: str,
    amount: Decimal,
    currency: str,
    due: date | None,
    variable_symbol: str,
    note: str,
) -> str:
    """A payment QR code as SVG: PAY by square for a Slovak IBAN, EPC QR otherwise; empty
    when there is nothing to pay, no account to pay to, or another currency than euros to
    an account outside Slovakia (EPC QR codes carry euros only)."""
    if amount <= 0 or not iban:
        return ""
    if not iban.startswith("SK") and currency != EPC_CURRENCY:
        return ""
    name = str(company.get("legal_name") or "")
    if iban.startswith("SK"):
        code = pay_by_square.generate(
            amount=amount,
            iban=iban,
            swift=bic,
            date=due,
            beneficiary_name=name,
            currency=currency,
            variable_symbol=variable_symbol,
            note=note,
        )
        qr = segno.make(code, error="m", micro=False)
    else:
        qr = segno.helpers.make_epc_qr(
            name=name[:70], iban=iban, amount=amount, text=note, bic=bic or None
        )
    return str(qr.svg_inline(scale=4, border=2))


def qr_svg(invoice: Invoice, company: dict[str, Any]) -> str:
    """The invoice's payment QR code for its total, due date and variable symbol."""
    return payment_qr_svg(
        company,
        invoice.iban,
        invoice.bic,
        invoice.total,
        invoice.currency,
        invoice.due_date,
        invoice.variable_symbol,
        invoice.number,
    )


def document(ws: Workspace, invoice: Invoice) -> dict[str, Any]:
    """Everything the template prints, as formatted text in the customer's language."""
    lang, loc = language(invoice.customer), locale(invoice.customer)
    labels = dict(LABELS[lang])
    if invoice.kind == "credit-note":
        labels["to_pay"] = labels["credited"]
    company, customer = ws.company, invoice.customer
    cur = invoice.currency
    notes = [invoice.notes] if invoice.notes else []
    for group in invoice.vat:
        if group.exemption:
            notes.append(exemption_wording(invoice, group.exemption, lang))
    if invoice.currency != VAT_CURRENCY and invoice.exchange_rate is not None:
        rate, rate_date = invoice.exchange_rate, invoice.exchange_rate_date
        base = amount_text(invoice.to_eur(invoice.net_total), loc)
        vat = amount_text(invoice.to_eur(invoice.vat_total), loc)
        places = max(-int(rate.as_tuple().exponent), 2)  # as written: ECB rates have 3 to 4
        notes.append(
            f"{labels['rate']}: 1 {VAT_CURRENCY} = {amount_text(rate, loc, places)} {cur}"
            + (f" ({format_date(rate_date, 'medium', locale=loc)})" if rate_date else "")
            + f"; {labels['base_eur']}: {base} {VAT_CURRENCY}"
            + f"; {labels['vat_eur']}: {vat} {VAT_CURRENCY}"
        )
    dates = [
        [labels["issue_date"], format_date(invoice.issue_date, "medium", locale=loc)],
        [labels["supply_date"], format_date(invoice.supply_date, "medium", locale=loc)],
        [labels["due_date"], format_date(invoice.due_date, "medium", locale=loc)],
    ]
    extra = REFERENCE_LABELS["sk" if lang == "sk" else "en"]
    if invoice.period_start is not None and invoice.period_end is not None:
        start = format_date(invoice.period_start, "medium", locale=loc)
        end = format_date(invoice.period_end, "medium", locale=loc)
        dates.append([extra["period"], f"{start} – {end}"])
    if invoice.profile == PEPPOL:
        if invoice.order_reference:
            dates.append([extra["order"], invoice.order_reference])
        if invoice.buyer_reference:
            dates.append([extra["buyer"], invoice.buyer_reference])
    return {
        "lang": lang,
        "attachment": f"{invoice.number}.xml",
        "labels": labels,
        "title": labels[invoice.kind],
        "number": invoice.number,
        "corrects": invoice.corrects or "",
        "supplier": {
            "name": str(company.get("legal_name") or ""),
            "address": address_lines(company),
            "ico": str(company.get("ico") or ""),
            "dic": str(company.get("dic") or ""),
            "vat_id": str(company.get("vat_id") or ""),
            "register": register_line(company, labels),
        },
        "customer": {
            "name": str(customer.get("name") or ""),
            "address": address_lines(customer),
            "ico": str(customer.get("ico") or customer.get("registration_number") or ""),
            "dic": str(customer.get("dic") or ""),
            "vat_id": str(customer.get("vat_id") or ""),
        },
        "dates": dates,
        "payment": [
            [labels["payment_method"], labels["bank_transfer"]],
            [labels["iban"], " ".join(wrap(invoice.iban, 4))],
            [labels["bic"], invoice.bic],
            [labels["vs"], invoice.variable_symbol],
        ],
        "lines": [
            [
                line.description,
                _quantity(line.quantity, loc),
                unit_name(line.unit, lang),
                amount_text(line.unit_price, loc),
                f"{amount_text(line.discount, loc, 0)} %" if line.discount else "",
                vat_label(line.vat_rate, line.exemption, lang, loc),
                amount_text(line.net, loc),
            ]
            for line in invoice.lines
        ],
        "vat": [
            [
                vat_label(g.rate, g.exemption, lang, loc),
                amount_text(g.base, loc),
                amount_text(g.vat, loc),
                amount_text(g.base + g.vat, loc),
            ]
            for g in invoice.vat
        ],
        "currency": cur,
        "net_total": amount_text(invoice.net_total, loc),
        "vat_total": amount_text(invoice.vat_total, loc),
        "total": amount_text(invoice.total, loc),
        "notes": notes,
        "qr": qr_svg(invoice, company),
    }


def midnight_utc(day: date) -> int:
    """A document's creation time: midnight UTC of its date, so output is reproducible."""
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def typeset(
    ws: Workspace,
    template: str,
    inputs: dict[str, str],
    day: date,
    fmt: str = "pdf",
    ppi: float = 150,
    standards: tuple[str, ...] = (),
) -> bytes:
    """Compile a Typst template of the repository (else the package's) with `inputs`, without
    system fonts: a PDF dated `day`, or for tests the first page as PNG."""
    source = ws.template(template, TEMPLATES).encode("utf-8")
    if fmt == "png":
        out = typst.compile(
            source, format="png", ppi=ppi, sys_inputs=inputs, ignore_system_fonts=True
        )
        return bytes(out[0] if isinstance(out, list) else out)
    options: dict[str, Any] = {"pdf_standards": list(standards)} if standards else {}
    out = typst.compile(
        source,
        format="pdf",
        timestamp=midnight_utc(day),
        sys_inputs=inputs,
        ignore_system_fonts=True,
        **options,
    )
    return bytes(out)


def render(
    ws: Workspace, invoice: Invoice, xml: bytes = b"", fmt: str = "pdf", ppi: float = 150
) -> bytes:
    """The invoice as PDF/A-3b with its e-invoice `xml` attached (or, for tests, the first
    page as PNG)."""
    doc = document(ws, invoice)
    qr = doc.pop("qr")
    inputs = {"data": json.dumps(doc, ensure_ascii=False), "qr": qr}
    if xml:
        inputs["xml"] = xml.decode("utf-8")
    return typeset(ws, TEMPLATE, inputs, invoice.issue_date, fmt, ppi, ("a-3b",))
