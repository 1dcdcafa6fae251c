"""What `backoffice init` asks for: the company's details, checked before anything is written."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from backoffice.core.clock import today
from backoffice.core.errors import BackOfficeError
from backoffice.load.checkdigits import CHECKS

REQUIRED = ("name", "ico", "dic", "iban")
"""The options without which there is no company to start (prompted for on a terminal)."""

BANK_BICS = {
    "0200": "SUBASKBX",  # Všeobecná úverová banka
    "0720": "NBSBSKBX",  # Národná banka Slovenska
    "0900": "GIBASKBX",  # Slovenská sporiteľňa
    "1100": "TATRSKBX",  # Tatra banka
    "5600": "KOMASK2X",  # Prima banka Slovensko
    "6500": "POBNSKBA",  # 365.bank
    "7500": "CEKOSKBX",  # Československá obchodná banka
    "8330": "FIOZSKBA",  # Fio banka, pobočka zahraničnej banky
    "8360": "BREXSKBX",  # mBank, pobočka zahraničnej banky
}
"""The BIC of a Slovak IBAN's bank code (its digits 5 to 8), so that `--bic` may be left out for
the common banks. Source: Národná banka Slovenska, the list of bank codes of payment service
providers in Slovakia (Zoznam kódov bánk, SEPA), as published in 2026."""


class DetailsError(BackOfficeError):
    """A detail of the company is wrong; the message names the option."""


@dataclass
class Details:
    name: str
    ico: str
    dic: str
    iban: str
    legal_form: str = ""
    vat_id: str = ""
    street: str = ""
    city: str = ""
    postcode: str = ""
    country: str = "SK"
    bic: str = ""
    vat_period: str = ""
    fiscal_year_start: str = "01-01"
    start: date = field(default_factory=today)

    def checked(self) -> Details:
        """The details normalised (ids without spaces, BIC from the bank code), or a
        `DetailsError` naming every option that is wrong."""
        wrong: list[str] = []
        self.ico = _compact(self.ico)
        self.dic = _compact(self.dic)
        self.vat_id = _compact(self.vat_id).upper()
        self.iban = _compact(self.iban).upper()
        self.bic = _compact(self.bic).upper()
        self.country = self.country.strip().upper()
        for option, kind, value in (
            ("--ico", "sk-ico", self.ico),
            ("--dic", "sk-dic", self.dic),
            ("--iban", "iban", self.iban),
            ("--country", "country", self.country),
        ):
            _, what, valid = CHECKS[kind]
            if not valid(value):
                wrong.append(f"{option}: {value!r} is not a valid {what}")
        if self.vat_id and not CHECKS["eu-vat"][2](self.vat_id):
            wrong.append(f"--vat-id: {self.vat_id!r} is not a valid EU VAT id")
        if not self.bic and self.iban.startswith("SK") and not wrong:
            self.bic = BANK_BICS.get(self.iban[4:8], "")
        if not self.bic:
            if not any(w.startswith("--iban") for w in wrong):
                wrong.append("--bic: give the bank's BIC (it is not known from the IBAN)")
        elif not CHECKS["bic"][2](self.bic):
            wrong.append(f"--bic: {self.bic!r} is not a valid BIC")
        if self.vat_period and not self.vat_id:
            wrong.append("--vat-period: only a VAT payer (--vat-id) has a VAT period")
        try:
            parse_fiscal_year_start(self.fiscal_year_start)
        except ValueError as exc:
            wrong.append(f"--fiscal-year-start: {exc}")
        address = (self.street, self.city, self.postcode)
        if any(address) and not all(address):
            wrong.append("--street, --city and --postcode: give all three or none")
        if not self.name.strip():
            wrong.append("--name: the company's name is empty")
        if wrong:
            raise DetailsError("; ".join(wrong))
        self.name = self.name.strip()
        self.legal_form = self.legal_form.strip() or legal_form_of(self.name)
        if self.vat_id and not self.vat_period:
            self.vat_period = "monthly"
        return self

    def company(self) -> dict[str, Any]:
        """records/company.yaml of the new company, in the schema's order."""
        body: dict[str, Any] = {"legal_name": self.name, "legal_form": self.legal_form}
        body["founded"] = self.start
        if self.street:
            body["seat"] = {
                "street": self.street,
                "city": self.city,
                "postcode": self.postcode,
                "country": self.country,
            }
        body["ico"] = self.ico
        body["dic"] = self.dic
        if self.vat_id:
            body["vat_id"] = self.vat_id
        body["bank_accounts"] = [
            {
                "name": "Current account",
                "iban": self.iban,
                "bic": self.bic,
                "currency": "EUR",
                "account": "Assets:Bank:Current",
                "default": True,
            }
        ]
        body["vat_payer"] = bool(self.vat_id)
        if self.vat_id:
            body["vat_period"] = self.vat_period
        body["fiscal_year_start"] = self.fiscal_year_start
        body["base_currency"] = "EUR"
        body["locale"] = "sk_SK"
        body["invoice_series"] = [
            {
                "code": "FA",
                "pattern": "{year}{seq:04d}",
                "kind": "invoice",
                "description": "Issued invoices, one sequence per calendar year.",
            },
            {
                "code": "DB",
                "pattern": "D{year}{seq:03d}",
                "kind": "credit-note",
                "description": "Credit notes to issued invoices.",
            },
        ]
        return body


def _compact(value: str) -> str:
    return re.sub(r"[\s.-]", "", value or "")


def legal_form_of(name: str) -> str:
    """The legal form a Slovak business name ends with (s.r.o., a.s., ...), else s.r.o."""
    for form in ("s. r. o.", "s.r.o.", "a. s.", "a.s.", "k. s.", "k.s.", "v. o. s.", "v.o.s."):
        if name.rstrip().endswith(form):
            return form.replace(" ", "")
    return "s.r.o."


def parse_fiscal_year_start(text: str) -> tuple[int, int]:
    """MM-DD of the first day of the fiscal year. Slovak law allows the calendar year or a
    business year of twelve months from the first day of a month (zákon č. 431/2002 Z. z.
    o účtovníctve, § 3 ods. 1), so the day is 01."""
    match = re.fullmatch(r"(\d{2})-(\d{2})", text.strip())
    if not match:
        raise ValueError(f"{text!r} is not MM-DD")
    month, day = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or day != 1:
        raise ValueError(
            f"{text!r}: a fiscal year starts on the first day of a month (MM-01), "
            "§ 3 of the accounting act 431/2002"
        )
    return month, day
