"""A small office: the example's schemas, a ledger of invoices and bills, and a record or two
in most registers (the `office` fixture), for the reports of every area."""

from __future__ import annotations

import shutil

import pytest

from support.workspace import REPO, Tiny

LEDGER = """\
option "operating_currency" "EUR"

2026-01-01 open Assets:Bank:Main EUR
2026-01-01 open Assets:Receivables:Customers EUR
2026-01-01 open Assets:Tax:VAT-Input EUR
2026-01-01 open Liabilities:Payables:Suppliers EUR
2026-01-01 open Liabilities:Tax:VAT-Output EUR
2026-01-01 open Income:Sales:Services EUR
2026-01-01 open Expenses:Rent EUR
2026-01-01 open Expenses:Marketing EUR
2026-01-01 open Equity:Opening EUR

2026-01-01 * "Opening"
  Assets:Bank:Main       5000.00 EUR
  Equity:Opening        -5000.00 EUR

2026-01-10 * "Acme" "Invoice 1" ^inv-1
  invoice: "1"
  customer: "C-0001"
  due: 2026-01-24
  Assets:Receivables:Customers   1230.00 EUR
  Income:Sales:Services         -1000.00 EUR
  Liabilities:Tax:VAT-Output     -230.00 EUR
    vat_category: "domestic"
    vat_rate: "23"
    vat_base: "1000.00"

2026-02-01 * "Acme" "Part payment of invoice 1" ^inv-1
  invoice: "1"
  customer: "C-0001"
  Assets:Bank:Main                230.00 EUR
  Assets:Receivables:Customers   -230.00 EUR

2026-02-05 * "Acme" "Invoice 2" ^inv-2
  invoice: "2"
  customer: "C-0001"
  due: 2026-03-31
  Assets:Receivables:Customers    615.00 EUR
  Income:Sales:Services          -500.00 EUR
  Liabilities:Tax:VAT-Output     -115.00 EUR
    vat_category: "domestic"
    vat_rate: "23"
    vat_base: "500.00"

2026-01-05 * "Landlord" "Bill R-1" ^bill-S-0001-r-1
  supplier: "S-0001"
  bill: "R-1"
  due: 2026-01-15
  Expenses:Rent                   800.00 EUR
  Assets:Tax:VAT-Input            184.00 EUR
    vat_category: "received-domestic"
    vat_rate: "23"
    vat_base: "800.00"
  Liabilities:Payables:Suppliers -984.00 EUR

2026-01-20 * "Ads Ltd" "Bill A-7" ^bill-S-0002-a-7
  supplier: "S-0002"
  bill: "A-7"
  due: 2026-02-03
  Expenses:Marketing              100.00 EUR
  Liabilities:Payables:Suppliers -100.00 EUR

2026-02-10 * "Ads Ltd" "Payment of bill A-7" ^bill-S-0002-a-7
  supplier: "S-0002"
  bill: "A-7"
  Liabilities:Payables:Suppliers  100.00 EUR
  Assets:Bank:Main               -100.00 EUR
"""


@pytest.fixture
def office(tiny: Tiny) -> Tiny:
    """A tiny company with the real schemas, a ledger of invoices and bills, and registers."""
    shutil.rmtree(tiny.path("records"))
    shutil.copytree(REPO / "schemas", tiny.root / "schemas", dirs_exist_ok=True)
    tiny.write("ledger/main.beancount", LEDGER)
    tiny.write("records/customers/C-0001.yaml", "id: C-0001\nname: Acme s.r.o.\nstatus: active\n")
    tiny.write(
        "records/suppliers/S-0001.yaml",
        "id: S-0001\nname: Landlord a.s.\nstatus: active\ncategory: rent\n"
        "next_evaluation: 2026-02-20\nreminders: [14, 0]\n",
    )
    tiny.write(
        "records/suppliers/S-0002.yaml",
        "id: S-0002\nname: Ads Ltd\nstatus: blocked\nstatus_reason: Fraudulent invoices\n",
    )
    tiny.write(
        "records/people/P-0001.yaml",
        """\
        id: P-0001
        name: Jana Nováková
        department: Engineering
        employment:
          start: 2025-06-01
          fte: 1.0
        """,
    )
    tiny.write(
        "records/people/P-0002.yaml",
        """\
        id: P-0002
        name: Peter Malý
        department: Sales
        manager: P-0001
        employment:
          start: 2026-01-15
          hours_per_week: 20
          probation_end: 2026-04-14
        """,
    )
    tiny.write(
        "records/people/P-0003.yaml",
        """\
        id: P-0003
        name: Eva Krátka
        department: Sales
        employment:
          start: 2024-01-01
          end: 2026-01-31
        """,
    )
    tiny.write(
        "records/contracts/CON-0001.yaml",
        """\
        id: CON-0001
        title: Hosting
        kind: service
        parties: [S-0001]
        owner: P-0001
        start: 2024-04-01
        end: 2025-03-31
        auto_renew:
          term: P1Y
        notice_period: P1M
        reminders: [10]
        """,
    )
    tiny.write(
        "records/risks/R-0001.yaml",
        """\
        id: R-0001
        title: Phishing
        owner: P-0001
        treatment: mitigate
        inherent: {likelihood: 4, impact: 5}
        residual: {likelihood: 2, impact: 3}
        status: open
        review_interval: P6M
        last_review: 2025-07-15
        incidents: [INC-0001]
        """,
    )
    tiny.write(
        "records/risks/R-0002.yaml",
        """\
        id: R-0002
        title: Fire
        inherent: {likelihood: 1, impact: 5}
        status: open
        review_interval: P1Y
        last_review: 2025-12-01
        """,
    )
    tiny.write(
        "records/locations/L-0001.yaml",
        """\
        id: L-0001
        name: Office
        responsible: P-0001
        maintenance:
          - task: Fire extinguishers
            interval: P1Y
            last_done: 2025-03-10
          - task: Air conditioning
            interval: P6M
            last_done: 2025-09-01
            next_due: 2026-03-20
            reminders: [3]
        """,
    )
    tiny.write(
        "records/incidents/INC-0001.yaml",
        "id: INC-0001\ndate: 2026-01-08\ntitle: Phishing mail\nrisks: [R-0001]\n"
        "actions:\n  - action: Train staff\n    due: 2026-02-28\n",
    )
    return tiny
