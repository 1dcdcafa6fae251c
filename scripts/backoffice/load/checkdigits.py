"""Check digits and code lists that JSON Schema cannot express, named by the schema's x-check."""

from __future__ import annotations

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


CHECKS: dict[str, tuple[str, str, Callable[[str], bool]]] = {
    # x-check name: (problem code, what it is, test)
    "iban": ("IBAN-INVALID", "IBAN", lambda v: bool(iban.is_valid(v))),
    "bic": ("BIC-INVALID", "BIC", lambda v: bool(bic.is_valid(v))),
    "sk-ico": ("ICO-INVALID", "IČO", is_sk_ico),
    "sk-dic": ("DIC-INVALID", "DIČ", is_sk_dic),
    "eu-vat": ("VAT-ID-INVALID", "EU VAT id", lambda v: bool(vat.is_valid(v))),
    "sk-rc": ("NATIONAL-ID-INVALID", "birth number (rodné číslo)", lambda v: bool(rc.is_valid(v))),
    "country": ("COUNTRY-UNKNOWN", "country code", is_country),
}
