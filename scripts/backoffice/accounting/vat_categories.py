"""The VAT categories a posting carries, as data with the provision of the VAT act 222/2004
behind each: what a sale or a purchase is for the return, the control statement and the
recapitulative statement. An issued invoice and a booked bill put the category, the rate and
the taxable base on every posting that carries VAT (``vat_category``, ``vat_rate``,
``vat_base``) and on the income of a sale without VAT, so the VAT reports read them and never
infer a rate by dividing VAT by base."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class VatCategory:
    code: str
    side: str
    """sale or purchase."""
    title: str
    provision: str


VAT_CATEGORIES: tuple[VatCategory, ...] = (
    VatCategory(
        "domestic",
        "sale",
        "Domestic supply at a rate",
        "§ 19(1), § 27 and § 69(1) of the VAT act 222/2004: the supplier pays the tax",
    ),
    VatCategory(
        "eu-services",
        "sale",
        "Service to a taxable person in another member state",
        "§ 15(1) of the VAT act (place of supply where the customer is established), articles 44 "
        "and 196 of Directive 2006/112/EC: the customer accounts for the tax; in the "
        "recapitulative statement (§ 80(1)(d))",
    ),
    VatCategory(
        "eu-goods",
        "sale",
        "Goods to a taxable person in another member state",
        "§ 43(1) of the VAT act, article 138 of Directive 2006/112/EC: exempt; in the "
        "recapitulative statement (§ 80(1)(a))",
    ),
    VatCategory(
        "domestic-reverse-charge",
        "sale",
        "Domestic supply, the customer pays the tax",
        "§ 69(12) of the VAT act (goods and services listed there, supplied to a Slovak payer)",
    ),
    VatCategory("exempt", "sale", "Exempt supply", "§ 28 to § 42 of the VAT act"),
    VatCategory(
        "export",
        "sale",
        "Export of goods outside the EU",
        "§ 47 of the VAT act, article 146 of Directive 2006/112/EC: exempt",
    ),
    VatCategory("outside-scope", "sale", "Not subject to VAT", "outside § 2 of the VAT act"),
    VatCategory(
        "received-domestic",
        "purchase",
        "Purchase from a Slovak payer, input VAT deducted",
        "§ 49 and § 51(1)(a) of the VAT act; § 85n for passenger cars from 1 January 2026",
    ),
    VatCategory(
        "received-services",
        "purchase",
        "Service from a foreign person, self-assessed",
        "§ 69(3) of the VAT act (service with the place of supply under § 15(1) supplied by a "
        "foreign person): the recipient pays the tax and deducts it (§ 51(1)(b))",
    ),
    VatCategory(
        "received-goods-foreign",
        "purchase",
        "Goods from a foreign person, self-assessed",
        "§ 69(2) of the VAT act (goods supplied in Slovakia by a foreign person): the "
        "recipient pays the tax",
    ),
    VatCategory(
        "received-eu-goods",
        "purchase",
        "Goods acquired from another member state",
        "§ 11 of the VAT act (intra-Community acquisition): the acquirer pays the tax",
    ),
    VatCategory(
        "received-domestic-reverse-charge",
        "purchase",
        "Domestic purchase, the recipient pays the tax",
        "§ 69(12) of the VAT act: the recipient pays the tax and deducts it",
    ),
    VatCategory(
        "received-without-vat",
        "purchase",
        "Purchase without Slovak VAT (exempt, outside the scope, or foreign VAT)",
        "no Slovak tax to pay or deduct",
    ),
)
"""Every category a VAT posting may carry."""

CATEGORIES: dict[str, VatCategory] = {c.code: c for c in VAT_CATEGORIES}

EU_STATES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "EL",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    ]
)
"""Member states of the EU (EL is Greece's VAT prefix)."""


def sale_category(exemption: str | None, customer_country: str) -> str:
    """The category of an invoice line: by its exemption code and the customer's country.
    The code ``reverse-charge`` is a service to another member state's taxable person (§ 15(1))
    when the customer is abroad, a domestic reverse charge (§ 69(12)) when it is Slovak."""
    if exemption is None:
        return "domestic"
    if exemption == "reverse-charge":
        return "domestic-reverse-charge" if customer_country == "SK" else "eu-services"
    return {
        "intra-eu-goods": "eu-goods",
        "export": "export",
        "exempt": "exempt",
        "outside-scope": "outside-scope",
        "eu-services": "eu-services",
        "domestic-reverse-charge": "domestic-reverse-charge",
    }.get(exemption, "outside-scope")


def purchase_category(en16931: str, supplier_country: str) -> str:
    """The category of a bill line: by its EN 16931 VAT category and the supplier's country.
    AE (reverse charge) from a Slovak supplier is § 69(12); from abroad a service under
    § 69(3); K is an intra-Community acquisition of goods; S from a Slovak supplier is a
    deductible purchase. Goods a foreign person supplies here (§ 69(2)) have no EN 16931 code
    of their own: a manual entry names that category."""
    domestic = supplier_country in ("", "SK")
    if en16931 == "AE":
        return "received-domestic-reverse-charge" if domestic else "received-services"
    if en16931 == "K":
        return "received-eu-goods"
    if en16931 == "S":
        return "received-domestic" if domestic else "received-without-vat"
    return "received-without-vat"
