"""Received e-invoices for the bills tests: OpenPeppol's examples (read where they lie, never
copied), the same with the buyer party replaced by the company's, and a Slovak supplier's
Peppol invoice written here."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from support.workspace import REPO

EXAMPLES = REPO.parent / "shared" / "referees" / "peppol-bis-3" / "examples"
"""OpenPeppol's example documents, at the repository-relative ../shared/referees/."""

COMPANY_PARTY = """<cac:AccountingCustomerParty>
        <cac:Party>
            <cbc:EndpointID schemeID="0245">2120123456</cbc:EndpointID>
            <cac:PartyName><cbc:Name>Javorina Digital s.r.o.</cbc:Name></cac:PartyName>
            <cac:PostalAddress>
                <cbc:StreetName>Mlynské nivy 48</cbc:StreetName>
                <cbc:CityName>Bratislava</cbc:CityName>
                <cbc:PostalZone>821 09</cbc:PostalZone>
                <cac:Country><cbc:IdentificationCode>SK</cbc:IdentificationCode></cac:Country>
            </cac:PostalAddress>
            <cac:PartyTaxScheme>
                <cbc:CompanyID>SK2120123456</cbc:CompanyID>
                <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
            </cac:PartyTaxScheme>
            <cac:PartyLegalEntity>
                <cbc:RegistrationName>Javorina Digital s.r.o.</cbc:RegistrationName>
                <cbc:CompanyID>50123459</cbc:CompanyID>
            </cac:PartyLegalEntity>
        </cac:Party>
    </cac:AccountingCustomerParty>"""


def examples() -> Path:
    """The examples folder, or skip the test with the reason."""
    if not EXAMPLES.is_dir():
        pytest.skip(f"OpenPeppol's examples are not at {EXAMPLES} (../shared/referees/)")
    return EXAMPLES


def addressed_to_company(xml: bytes) -> bytes:
    """The document with its buyer party replaced by the example company's, and its dates of
    2017 and 2018 moved to 2026 (the example's books are closed through 2025)."""
    text = re.sub(r">(2017|2018)-", ">2026-", xml.decode("utf-8"))
    text, n = re.subn(
        r"<cac:AccountingCustomerParty>.*?</cac:AccountingCustomerParty>",
        COMPANY_PARTY,
        text,
        count=1,
        flags=re.S,
    )
    assert n == 1
    return text.encode("utf-8")


def sk_invoice(
    number: str = "2026000123",
    *,
    seller_vat: str = "SK2020273189",
    seller_dic: str = "2020273189",
    seller_ico: str = "35763825",
    seller_name: str = "TeleNet Slovakia a.s.",
    buyer_vat: str = "SK2120123456",
    net: str = "100.00",
    vat: str = "23.00",
    total: str = "123.00",
    currency: str = "EUR",
    issue: str = "2026-11-20",
    prepaid: str | None = None,
) -> bytes:
    """A Slovak supplier's Peppol BIS 3.0 invoice to the example company (one line, 23 %)."""
    payable = f"{Decimal(total) - Decimal(prepaid or 0):.2f}"
    prepaid_line = (
        f'        <cbc:PrepaidAmount currencyID="{currency}">{prepaid}</cbc:PrepaidAmount>\n'
        if prepaid
        else ""
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
    xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
    xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
    <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
    <cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
    <cbc:ID>{number}</cbc:ID>
    <cbc:IssueDate>{issue}</cbc:IssueDate>
    <cbc:DueDate>2026-12-04</cbc:DueDate>
    <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
    <cbc:DocumentCurrencyCode>{currency}</cbc:DocumentCurrencyCode>
    <cbc:BuyerReference>JD-IT</cbc:BuyerReference>
    <cac:OrderReference><cbc:ID>OBJ-2026-117</cbc:ID></cac:OrderReference>
    <cac:AccountingSupplierParty>
        <cac:Party>
            <cbc:EndpointID schemeID="0245">{seller_dic}</cbc:EndpointID>
            <cac:PartyName><cbc:Name>{seller_name}</cbc:Name></cac:PartyName>
            <cac:PostalAddress>
                <cbc:StreetName>Vajnorská 100</cbc:StreetName>
                <cbc:CityName>Bratislava</cbc:CityName>
                <cbc:PostalZone>831 04</cbc:PostalZone>
                <cac:Country><cbc:IdentificationCode>SK</cbc:IdentificationCode></cac:Country>
            </cac:PostalAddress>
            <cac:PartyTaxScheme>
                <cbc:CompanyID>{seller_vat}</cbc:CompanyID>
                <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
            </cac:PartyTaxScheme>
            <cac:PartyLegalEntity>
                <cbc:RegistrationName>{seller_name}</cbc:RegistrationName>
                <cbc:CompanyID>{seller_ico}</cbc:CompanyID>
            </cac:PartyLegalEntity>
            <cac:Contact><cbc:Name>Fakturácia</cbc:Name><cbc:ElectronicMail>faktury@telenet.sk</cbc:ElectronicMail></cac:Contact>
        </cac:Party>
    </cac:AccountingSupplierParty>
    <cac:AccountingCustomerParty>
        <cac:Party>
            <cbc:EndpointID schemeID="0245">2120123456</cbc:EndpointID>
            <cac:PostalAddress>
                <cbc:StreetName>Mlynské nivy 48</cbc:StreetName>
                <cbc:CityName>Bratislava</cbc:CityName>
                <cbc:PostalZone>821 09</cbc:PostalZone>
                <cac:Country><cbc:IdentificationCode>SK</cbc:IdentificationCode></cac:Country>
            </cac:PostalAddress>
            <cac:PartyTaxScheme>
                <cbc:CompanyID>{buyer_vat}</cbc:CompanyID>
                <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
            </cac:PartyTaxScheme>
            <cac:PartyLegalEntity>
                <cbc:RegistrationName>Javorina Digital s.r.o.</cbc:RegistrationName>
            </cac:PartyLegalEntity>
        </cac:Party>
    </cac:AccountingCustomerParty>
    <cac:Delivery><cbc:ActualDeliveryDate>2026-11-15</cbc:ActualDeliveryDate></cac:Delivery>
    <cac:PaymentMeans>
        <cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>
        <cbc:PaymentID>{number}</cbc:PaymentID>
        <cac:PayeeFinancialAccount><cbc:ID>SK3112000000198742637541</cbc:ID></cac:PayeeFinancialAccount>
    </cac:PaymentMeans>
    <cac:TaxTotal>
        <cbc:TaxAmount currencyID="{currency}">{vat}</cbc:TaxAmount>
        <cac:TaxSubtotal>
            <cbc:TaxableAmount currencyID="{currency}">{net}</cbc:TaxableAmount>
            <cbc:TaxAmount currencyID="{currency}">{vat}</cbc:TaxAmount>
            <cac:TaxCategory>
                <cbc:ID>S</cbc:ID>
                <cbc:Percent>23</cbc:Percent>
                <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
            </cac:TaxCategory>
        </cac:TaxSubtotal>
    </cac:TaxTotal>
    <cac:LegalMonetaryTotal>
        <cbc:LineExtensionAmount currencyID="{currency}">100.00</cbc:LineExtensionAmount>
        <cbc:TaxExclusiveAmount currencyID="{currency}">{net}</cbc:TaxExclusiveAmount>
        <cbc:TaxInclusiveAmount currencyID="{currency}">{total}</cbc:TaxInclusiveAmount>
{prepaid_line}        <cbc:PayableAmount currencyID="{currency}">{payable}</cbc:PayableAmount>
    </cac:LegalMonetaryTotal>
    <cac:InvoiceLine>
        <cbc:ID>1</cbc:ID>
        <cbc:InvoicedQuantity unitCode="MON">1</cbc:InvoicedQuantity>
        <cbc:LineExtensionAmount currencyID="{currency}">100.00</cbc:LineExtensionAmount>
        <cac:Item>
            <cbc:Name>Internet 1 Gbit/s, November 2026</cbc:Name>
            <cac:ClassifiedTaxCategory>
                <cbc:ID>S</cbc:ID>
                <cbc:Percent>23</cbc:Percent>
                <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
            </cac:ClassifiedTaxCategory>
        </cac:Item>
        <cac:Price><cbc:PriceAmount currencyID="{currency}">100.00</cbc:PriceAmount></cac:Price>
    </cac:InvoiceLine>
</Invoice>
""".encode()
