"""The EN 16931 e-invoice of an invoice as UBL 2.1 XML (an Invoice, or a CreditNote for a credit
note), in the profile the invoice is issued in: plain EN 16931, or Peppol BIS Billing 3.0 with
its process id, both parties' electronic addresses and the buyer's references. A credit note's
record carries negative quantities; UBL states them positive, the document type giving the
sign."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal
from typing import Any

from backoffice.accounting import VAT_CURRENCY
from backoffice.invoicing.model import (
    EN16931,
    EXEMPTIONS,
    PEPPOL,
    Invoice,
    Line,
    endpoint,
)

NS = {
    "Invoice": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "CreditNote": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
}
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
PROFILE_IDS: dict[str, tuple[str, str | None]] = {
    EN16931: ("urn:cen.eu:en16931:2017", None),
    PEPPOL: (
        "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0",
        "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0",
    ),
}
"""Profile -> (CustomizationID BT-24, ProfileID BT-23). Peppol BIS Billing 3.0, rules
PEPPOL-EN16931-R004 and R001/R007 (OpenPeppol release 2026.5). An issued invoice renders in
its recorded profile for ever (`invoice verify`): change what a profile renders only under a
new profile name."""
CUSTOMIZATION = PROFILE_IDS[EN16931][0]
UNITS = {
    "h": "HUR",
    "hod": "HUR",
    "day": "DAY",
    "deň": "DAY",
    "month": "MON",
    "mes": "MON",
    "pcs": "H87",
    "ks": "H87",
    "km": "KMT",
    "kg": "KGM",
}
"""Common units -> UN/ECE Recommendation 20 codes; other units are taken as codes already, and
no unit means 'one' (C62)."""


def unit_code(unit: str) -> str:
    """The UN/ECE Recommendation 20 code of a unit as written on an invoice line."""
    if not unit:
        return "C62"
    return UNITS.get(unit.lower(), unit if unit.isupper() and len(unit) <= 3 else "C62")


def _amount(value: Decimal) -> str:
    return f"{value:.2f}"


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


class _Builder:
    def __init__(self, currency: str) -> None:
        self.currency = currency

    def cbc(self, parent: ET.Element, name: str, text: str, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{CBC}}}{name}", attrs)
        element.text = text
        return element

    def cac(self, parent: ET.Element, name: str) -> ET.Element:
        return ET.SubElement(parent, f"{{{CAC}}}{name}")

    def money(self, parent: ET.Element, name: str, value: Decimal, currency: str = "") -> None:
        self.cbc(parent, name, _amount(value), currencyID=currency or self.currency)


def _party(b: _Builder, parent: ET.Element, role: str, data: dict[str, Any], peppol: bool) -> None:
    party = b.cac(b.cac(parent, role), "Party")
    address_of = endpoint(data) if peppol else None
    if address_of is not None:
        b.cbc(party, "EndpointID", address_of[1], schemeID=address_of[0])
    address_data = data.get("address") or data.get("seat") or {}
    address = b.cac(party, "PostalAddress")
    b.cbc(address, "StreetName", str(address_data.get("street", "")))
    b.cbc(address, "CityName", str(address_data.get("city", "")))
    b.cbc(address, "PostalZone", str(address_data.get("postcode", "")))
    b.cbc(b.cac(address, "Country"), "IdentificationCode", str(address_data.get("country", "")))
    if data.get("vat_id"):
        scheme = b.cac(party, "PartyTaxScheme")
        b.cbc(scheme, "CompanyID", str(data["vat_id"]))
        b.cbc(b.cac(scheme, "TaxScheme"), "ID", "VAT")
    legal = b.cac(party, "PartyLegalEntity")
    b.cbc(legal, "RegistrationName", str(data.get("legal_name") or data.get("name") or ""))
    company_id = data.get("ico") or data.get("registration_number")
    if company_id:
        b.cbc(legal, "CompanyID", str(company_id))


def _category(
    b: _Builder, parent: ET.Element, name: str, category: str, rate: Decimal, exemption: str | None
) -> None:
    element = b.cac(parent, name)
    b.cbc(element, "ID", category)
    if category != "O":
        b.cbc(element, "Percent", _plain(rate))
    if exemption is not None and name == "TaxCategory":
        b.cbc(element, "TaxExemptionReason", EXEMPTIONS[exemption][1])
    b.cbc(b.cac(element, "TaxScheme"), "ID", "VAT")


def _line(b: _Builder, root: ET.Element, tag: str, index: int, line: Line, sign: int) -> None:
    element = b.cac(root, f"{tag}Line")
    b.cbc(element, "ID", str(index))
    quantity_name = "CreditedQuantity" if tag == "CreditNote" else "InvoicedQuantity"
    b.cbc(element, quantity_name, _plain(sign * line.quantity), unitCode=unit_code(line.unit))
    b.money(element, "LineExtensionAmount", sign * line.net)
    if line.discount:
        allowance = b.cac(element, "AllowanceCharge")
        b.cbc(allowance, "ChargeIndicator", "false")
        b.cbc(allowance, "AllowanceChargeReason", "Discount")
        b.cbc(allowance, "MultiplierFactorNumeric", _plain(line.discount))
        b.money(allowance, "Amount", sign * line.discount_amount)
        b.money(allowance, "BaseAmount", sign * line.gross_amount)
    item = b.cac(element, "Item")
    b.cbc(item, "Name", line.description)
    category, rate, exemption = line.category
    _category(b, item, "ClassifiedTaxCategory", category, rate, exemption)
    b.money(b.cac(element, "Price"), "PriceAmount", line.unit_price)


def ubl(invoice: Invoice, company: dict[str, Any]) -> bytes:
    """The UBL 2.1 document of `invoice`, UTF-8 with an XML declaration."""
    tag = "CreditNote" if invoice.kind == "credit-note" else "Invoice"
    sign = -1 if tag == "CreditNote" else 1
    ET.register_namespace("", NS[tag])
    ET.register_namespace("cac", CAC)
    ET.register_namespace("cbc", CBC)
    b = _Builder(invoice.currency)
    root = ET.Element(f"{{{NS[tag]}}}{tag}")
    customization, profile_id = PROFILE_IDS[invoice.profile]
    peppol = invoice.profile == PEPPOL
    b.cbc(root, "CustomizationID", customization)
    if profile_id is not None:
        b.cbc(root, "ProfileID", profile_id)
    b.cbc(root, "ID", invoice.number)
    b.cbc(root, "IssueDate", invoice.issue_date.isoformat())
    if tag == "Invoice":
        b.cbc(root, "DueDate", invoice.due_date.isoformat())
        b.cbc(root, "InvoiceTypeCode", "380")
    else:
        b.cbc(root, "CreditNoteTypeCode", "381")
    if invoice.notes:
        b.cbc(root, "Note", invoice.notes)
    b.cbc(root, "DocumentCurrencyCode", invoice.currency)
    if invoice.currency != VAT_CURRENCY:
        b.cbc(root, "TaxCurrencyCode", VAT_CURRENCY)
    if peppol and invoice.buyer_reference:
        b.cbc(root, "BuyerReference", invoice.buyer_reference)
    if invoice.period_start is not None and invoice.period_end is not None:
        period = b.cac(root, "InvoicePeriod")
        b.cbc(period, "StartDate", invoice.period_start.isoformat())
        b.cbc(period, "EndDate", invoice.period_end.isoformat())
    if peppol and invoice.order_reference:
        b.cbc(b.cac(root, "OrderReference"), "ID", invoice.order_reference)
    if invoice.corrects:
        reference = b.cac(b.cac(root, "BillingReference"), "InvoiceDocumentReference")
        b.cbc(reference, "ID", invoice.corrects)
    _party(b, root, "AccountingSupplierParty", company, peppol)
    _party(b, root, "AccountingCustomerParty", invoice.customer, peppol)
    b.cbc(b.cac(root, "Delivery"), "ActualDeliveryDate", invoice.supply_date.isoformat())
    if invoice.iban:
        means = b.cac(root, "PaymentMeans")
        b.cbc(means, "PaymentMeansCode", "58")
        if tag == "CreditNote":
            b.cbc(means, "PaymentDueDate", invoice.due_date.isoformat())
        b.cbc(means, "PaymentID", invoice.variable_symbol)
        account = b.cac(means, "PayeeFinancialAccount")
        b.cbc(account, "ID", invoice.iban)
        if invoice.bic:
            b.cbc(b.cac(account, "FinancialInstitutionBranch"), "ID", invoice.bic)
    tax_total = b.cac(root, "TaxTotal")
    b.money(tax_total, "TaxAmount", sign * invoice.vat_total)
    for group in invoice.vat:
        subtotal = b.cac(tax_total, "TaxSubtotal")
        b.money(subtotal, "TaxableAmount", sign * group.base)
        b.money(subtotal, "TaxAmount", sign * group.vat)
        _category(b, subtotal, "TaxCategory", group.category, group.rate, group.exemption)
    if invoice.currency != VAT_CURRENCY:
        b.money(
            b.cac(root, "TaxTotal"),
            "TaxAmount",
            sign * invoice.to_eur(invoice.vat_total),
            VAT_CURRENCY,
        )
    totals = b.cac(root, "LegalMonetaryTotal")
    b.money(totals, "LineExtensionAmount", sign * invoice.net_total)
    b.money(totals, "TaxExclusiveAmount", sign * invoice.net_total)
    b.money(totals, "TaxInclusiveAmount", sign * invoice.total)
    b.money(totals, "PayableAmount", sign * invoice.total)
    for index, line in enumerate(invoice.lines, start=1):
        _line(b, root, tag, index, line, sign)
    ET.indent(root)
    text: bytes = ET.tostring(root, encoding="UTF-8", xml_declaration=True)
    return text + b"\n"
