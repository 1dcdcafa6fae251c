"""Check digits and code lists that JSON Schema cannot express, named by the schema's x-check."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from babel import Locale
from stdnum import bic, iban
from stdnum.cz import dic as cz_dic
from stdnum.eu import vat
from stdnum.sk import dph, rc


def is_sk_ico(value: str) -> bool:
    """Slovak IČO: eight digits, weighted mod-11 check digit (the same rule as the Czech IČO)."""
    return len(value) == 8 and value.isdigit() and bool(cz_dic.is_valid(value))


def is_sk_dic(value: str) -> bool:
    """Slovak DIČ: ten digits divisible by 11 (the IČ DPH without its SK prefix)."""
    return len(value) == 10 and value.isdigit() and bool(dph.is_valid(value))


@cache
def _countries() -> frozenset[str]:
    codes = (str(code) for code in Locale("en").territories)
    return frozenset(code for code in codes if len(code) == 2 and code.isalpha())


def is_country(value: str) -> bool:
    """An ISO 3166-1 alpha-2 code that Unicode CLDR knows."""
    return value in _countries()


_EAS_CODES = """
    0002 0007 0009 0060 0088 0096 0097 0106 0130 0135 0142 0151 0183 0184 0188 0190 0191 0192
    0195 0196 0198 0199 0200 0201 0204 0208 0209 0210 0211 0216 0218 0221 0225 0230 0235 0240
    0242 0244 0245 0246 0248 9910 9913 9914 9915 9918 9919 9920 9922 9923 9924 9925 9926 9927
    9928 9929 9930 9931 9932 9933 9934 9935 9936 9937 9938 9939 9940 9941 9942 9943 9944 9945
    9946 9947 9948 9949 9950 9951 9952 9953 9957 9959
    """
PEPPOL_EAS = frozenset(_EAS_CODES.split())
"""The Electronic Address Scheme (EAS) codes Peppol BIS Billing 3.0 accepts for an EndpointID
(rule PEPPOL-EN16931-CL008, code list "Electronic Address Identifier Scheme", OpenPeppol
release 2026.5). 0245 is the Slovak DIČ (Act 385/2025, § 85o of the VAT act 222/2004: the
participant id of a Slovak company is its DIČ)."""

PEPPOL_VALUE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+/-]{0,49}")
"""A participant id's value: up to 50 characters, no spaces or colons (Peppol Policy for use
of identifiers, 4.0, POLICY 1 and 4: case-insensitive, ASCII)."""


def _gln(value: str) -> bool:
    """A GS1 Global Location Number: 13 digits, mod-10 check digit (as PEPPOL-COMMON-R040)."""
    if len(value) != 13 or not value.isdigit():
        return False
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(value[:12]))
    return (10 - total % 10) % 10 == int(value[12])


PEPPOL_SHAPES: dict[str, Callable[[str], bool]] = {
    "0088": _gln,
    "0245": is_sk_dic,
    "0192": lambda v: len(v) == 9 and v.isdigit(),
    "0208": lambda v: len(v) == 10 and v.isdigit(),
    "0007": lambda v: len(v) == 10 and v.isdigit(),
}
"""Schemes whose id has a known shape; for a VAT scheme (99xx) the id is a VAT number with
its country prefix."""


def is_peppol_id(value: str) -> bool:
    """A Peppol participant id written `<EAS>:<id>`, e.g. 0245:2120123456 or
    0088:7300010000001: a known EAS scheme code and an id of the scheme's shape."""
    scheme, colon, ident = value.partition(":")
    if not colon or scheme not in PEPPOL_EAS or not PEPPOL_VALUE.fullmatch(ident):
        return False
    shape = PEPPOL_SHAPES.get(scheme)
    if shape is not None:
        return shape(ident)
    if scheme.startswith("99") and scheme not in ("9913", "9915", "9918", "9919", "9959"):
        return bool(re.fullmatch(r"[A-Z]{2}[0-9A-Z]{2,13}", ident))
    return True


CHECKS: dict[str, tuple[str, str, Callable[[str], bool]]] = {
    # x-check name: (problem code, what it is, test)
    "iban": ("IBAN-INVALID", "IBAN", lambda v: bool(iban.is_valid(v))),
    "bic": ("BIC-INVALID", "BIC", lambda v: bool(bic.is_valid(v))),
    "sk-ico": ("ICO-INVALID", "IČO", is_sk_ico),
    "sk-dic": ("DIC-INVALID", "DIČ", is_sk_dic),
    "eu-vat": ("VAT-ID-INVALID", "EU VAT id", lambda v: bool(vat.is_valid(v))),
    "sk-rc": ("NATIONAL-ID-INVALID", "birth number (rodné číslo)", lambda v: bool(rc.is_valid(v))),
    "country": ("COUNTRY-UNKNOWN", "country code", is_country),
    "peppol-id": ("PEPPOL-ID-INVALID", "Peppol participant id (<EAS>:<id>)", is_peppol_id),
}


def _compact(value: str) -> str:
    """A value without the spaces, dots, dashes and slashes people write in, upper case."""
    return re.sub(r"[\s./-]", "", value).upper()


def _compact_vat_id(value: str) -> str:
    """An EU VAT id compacted; a Slovak IČ DPH (SK followed by the DIČ) without its prefix, so
    that it compares equal to the DIČ it is made of."""
    compact = _compact(value)
    return compact[2:] if compact.startswith("SK") else compact


CANONICAL: dict[str, Callable[[str], str]] = {
    "iban": _compact,
    "bic": _compact,
    "sk-ico": _compact,
    "sk-dic": _compact,
    "sk-rc": _compact,
    "eu-vat": _compact_vat_id,
}
"""How values of an x-check kind are compared: two ways of writing one IBAN, birth number,
IČO, DIČ or IČ DPH are the same value."""


def canonical(kind: str | None, value: str) -> str:
    """The value as compared for uniqueness: compacted when its kind is known, else as written."""
    compact = CANONICAL.get(kind or "")
    return compact(value) if compact is not None else value
