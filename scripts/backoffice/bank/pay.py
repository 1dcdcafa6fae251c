"""Payment orders: the open supplier bills due by a day and a payroll run's liabilities as one
SEPA pain.001.001.03 credit-transfer order, with the Slovak symbols in the end-to-end id, and a
record of what was ordered so that nothing is paid twice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from sepaxml import SepaTransfer

from backoffice.accounting import PAYABLES, open_documents
from backoffice.core.files import write_new
from backoffice.core.problems import Problem
from backoffice.core.values import ZERO, as_date
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace
from backoffice.payroll import liabilities

REGISTER = "payment-orders"
PAYEE_KEYS = ("social_insurance", "health_insurance", "tax_office")
"""The payroll_payees of records/company.yaml; any other payee of a run is a person."""
TAX_ADVANCE_VS = "1100"
"""The tax office's variable symbol for an advance on tax: 1100 and the month as MMYYYY
(Vyhláška MF SR č. 378/2011 Z. z. o spôsobe označovania platby dane, príloha č. 1)."""


@dataclass(frozen=True)
class Item:
    """One credit transfer of the order and what it pays."""

    name: str
    iban: str
    bic: str
    amount: Decimal
    end_to_end_id: str
    description: str
    paid: dict[str, str]
    """What the transfer pays, as the payment-order record lists it (bill, or payroll and payee)."""


def symbols(vs: str = "", ss: str = "", ks: str = "") -> str:
    """The Slovak payment symbols as banks read them from the end-to-end id: /VS…/SS…/KS…."""
    parts = [f"/{key}{value}" for key, value in (("VS", vs), ("SS", ss), ("KS", ks)) if value]
    return "".join(parts) or "NOTPROVIDED"


def _data(record: Record | None) -> dict[str, Any]:
    return record.data if record is not None and isinstance(record.data, dict) else {}


def _company(ws: Workspace) -> tuple[Record | None, dict[str, Any]]:
    found = ws.register("company")
    record = found[0] if found else None
    return record, _data(record)


def bank_account(ws: Workspace, name: str | None) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The company's bank account named `name` (default: the one marked default)."""
    record, company = _company(ws)
    accounts = [a for a in company.get("bank_accounts") or [] if isinstance(a, dict)]
    for account in accounts:
        if (account.get("name") == name) if name else account.get("default"):
            return account, []
    names = ", ".join(str(a.get("name")) for a in accounts) or "none"
    rel = record.rel if record else "records/company.yaml"
    line, column = record.position(("bank_accounts",)) if record else (1, 1)
    what = f"no bank account named {name!r}" if name else "no bank account marked default: true"
    return None, [Problem(rel, line, column, "PAY-ACCOUNT", f"{what} (accounts: {names})")]


def ordered(ws: Workspace) -> tuple[set[str], set[tuple[str, str]]]:
    """The bills, and the (payroll run, payee) pairs, that an earlier order already holds."""
    bills: set[str] = set()
    payroll: set[tuple[str, str]] = set()
    for record in ws.register(REGISTER):
        for item in _data(record).get("items") or []:
            if not isinstance(item, dict):
                continue
            if item.get("bill"):
                bills.add(str(item["bill"]))
            elif item.get("payroll"):
                payroll.add((str(item["payroll"]), str(item.get("payee"))))
    return bills, payroll


def bill_items(ws: Workspace, today: date, due_by: date) -> tuple[list[Item], list[Problem]]:
    """A transfer for each booked bill due by `due_by` with an amount still open, and a problem
    for each that must not be paid (blocked supplier, already ordered, no IBAN)."""
    still_open: dict[tuple[str, str], Decimal] = {}
    for doc in open_documents(ws, PAYABLES, today):
        still_open[(doc.party, doc.number)] = (
            still_open.get((doc.party, doc.number), ZERO) + doc.open
        )
    suppliers = ws.records.by_id().get("suppliers", {})
    done, _ = ordered(ws)
    items: list[Item] = []
    found: list[Problem] = []
    for record in ws.register("bills"):
        bill = _data(record)
        due = as_date(bill.get("due_date"))
        number = str(bill.get("number") or record.id)
        key = (str(bill.get("supplier")), number)
        if bill.get("status") != "booked" or due is None or due > due_by:
            continue
        amount = still_open.get(key, ZERO)
        if amount <= ZERO:
            continue
        supplier = suppliers.get(key[0])
        problem = _bill_refusal(record, supplier, done)
        if problem:
            found.append(problem)
            continue
        payment: dict[str, Any] = bill["payment"] if isinstance(bill.get("payment"), dict) else {}
        vs = str(payment.get("variable_symbol") or "".join(c for c in number if c.isdigit())[-10:])
        sup = _data(supplier)
        items.append(
            Item(
                str(sup.get("name") or key[0]),
                str(sup["iban"]).replace(" ", ""),
                str(sup.get("bic") or ""),
                amount,
                symbols(
                    vs,
                    str(payment.get("specific_symbol") or ""),
                    str(payment.get("constant_symbol") or ""),
                ),
                f"{number} {bill.get('title') or ''}".strip(),
                {"bill": record.id},
            )
        )
    return items, found


def _bill_refusal(record: Record, supplier: Record | None, done: set[str]) -> Problem | None:
    """Why an open bill due for payment cannot go into the order, if it cannot."""
    sup = _data(supplier)
    at = record.position(("supplier",))
    if sup.get("status") == "blocked":
        message = f"bill {record.id} is from {supplier.id if supplier else ''}, a blocked supplier"
        return Problem(record.rel, *at, "PAY-BLOCKED", message + ": not ordered")
    if record.id in done:
        return Problem(
            record.rel,
            *record.position(()),
            "PAY-ORDERED",
            f"bill {record.id} is already in a payment order: not ordered again",
        )
    if not sup.get("iban"):
        return Problem(
            record.rel,
            *at,
            "PAY-NO-IBAN",
            f"bill {record.id}: supplier {sup.get('id', '')} has no IBAN to pay to",
        )
    return None


def payroll_items(ws: Workspace, month: str) -> tuple[list[Item], list[Problem]]:
    """The run's net pay per person and what it owes the insurers and the tax office, as the
    payroll books owe them (net pay with the meal contribution paid with it)."""
    run = next((r for r in ws.register("payroll") if r.id == month), None)
    company, settings = _company(ws)
    if run is None:
        rel = f"records/payroll/{month}.yaml"
        return [], [Problem(rel, 1, 1, "PAY-PAYROLL", f"no payroll run {month}")]
    _, done = ordered(ws)
    people = ws.records.by_id().get("people", {})
    lines = [e for e in _data(run).get("employees") or [] if isinstance(e, dict)]
    index = {str(line.get("person")): n for n, line in enumerate(lines)}
    period = f"{month[5:]}{month[:4]}"
    payees = settings.get("payroll_payees") or {}
    items: list[Item] = []
    found: list[Problem] = []
    for owed in (i for i in liabilities(ws) if i.link == f"payroll-{month}"):
        payee = owed.payee
        if payee not in PAYEE_KEYS:
            at = ("employees", index.get(payee, 0))
            person = _data(people.get(payee))
            iban = (person.get("personal") or {}).get("private_iban")
            if (month, payee) in done:
                found.append(_ordered(run, at, f"net pay of {payee}"))
            elif not iban:
                found.append(
                    Problem(
                        run.rel,
                        *run.position((*at, "person")),
                        "PAY-NO-IBAN",
                        f"{payee} has no private_iban for net pay",
                    )
                )
            else:
                ids = symbols(ss=period)
                paid = {"payroll": month, "payee": payee}
                items.append(
                    Item(
                        str(person.get("name") or payee),
                        str(iban).replace(" ", ""),
                        "",
                        owed.amount,
                        ids,
                        f"net pay {month}",
                        paid,
                    )
                )
            continue
        account = payees.get(payee) if isinstance(payees.get(payee), dict) else None
        if (month, payee) in done:
            found.append(_ordered(run, ("totals",), f"the {payee.replace('_', ' ')} payment"))
        elif account is None or not account.get("iban") or company is None:
            rel = company.rel if company else "records/company.yaml"
            at_company = company.position(("payroll_payees",)) if company else (1, 1)
            found.append(
                Problem(rel, *at_company, "PAY-PAYEE", f"payroll_payees has no {payee} account")
            )
        else:
            items.append(_payee_item(month, payee, account, owed.amount, period))
    return items, found


def _payee_item(
    month: str, payee: str, account: dict[str, Any], amount: Decimal, period: str
) -> Item:
    """A payment to an insurer (SS the period MMYYYY) or the tax office (VS 1100MMYYYY)."""
    if payee == "tax_office":
        ids = symbols(TAX_ADVANCE_VS + period, ks=str(account.get("constant_symbol") or ""))
    else:
        ids = symbols(
            str(account.get("variable_symbol") or ""),
            period,
            str(account.get("constant_symbol") or ""),
        )
    return Item(
        str(account.get("name") or payee),
        str(account["iban"]).replace(" ", ""),
        str(account.get("bic") or ""),
        amount,
        ids,
        f"{payee.replace('_', ' ')} {month}",
        {"payroll": month, "payee": payee},
    )


def _ordered(run: Record, path: tuple[str | int, ...], what: str) -> Problem:
    return Problem(
        run.rel,
        *run.position(path),
        "PAY-ORDERED",
        f"{what} of payroll {run.id} is already in a payment order: not ordered again",
    )


def pain001(ws: Workspace, account: dict[str, Any], items: list[Item], day: date) -> bytes:
    """The order as pain.001.001.03 XML, validated against the schema sepaxml ships."""
    _, company = _company(ws)
    order = SepaTransfer(
        {
            "name": str(company.get("legal_name") or ""),
            "IBAN": str(account["iban"]).replace(" ", ""),
            "BIC": str(account.get("bic") or ""),
            "batch": True,
            "currency": str(account.get("currency") or ws.currency),
        },
        schema="pain.001.001.03",
    )
    for item in items:
        payment = {
            "name": item.name,
            "IBAN": item.iban,
            "amount": int(item.amount * 100),
            "execution_date": day,
            "description": item.description,
            "endtoend_id": item.end_to_end_id,
        }
        if item.bic:
            payment["BIC"] = item.bic
        order.add_payment(payment)
    return bytes(order.export(validate=True, pretty_print=True))


def next_id(ws: Workspace, day: date) -> str:
    """The next payment-order id of the year: PO-YYYY-NNN."""
    taken = {r.id for r in ws.register(REGISTER)}
    n = 1
    while f"PO-{day.year}-{n:03d}" in taken:
        n += 1
    return f"PO-{day.year}-{n:03d}"


def record_yaml(order_id: str, day: date, account: str, file: str, items: list[Item]) -> str:
    """The payment-order record listing each ordered item."""
    listed = [
        {**item.paid, "amount": f"{item.amount:.2f} EUR", "end_to_end_id": item.end_to_end_id}
        for item in items
    ]
    body = {"id": order_id, "date": day, "account": account, "file": file, "items": listed}
    return yaml.safe_dump(body, allow_unicode=True, sort_keys=False)


def write_order(ws: Workspace, out: Path, xml: bytes, record_rel: Path, record: str) -> None:
    """The XML and its record, each written atomically, neither overwriting a file."""
    write_new(out, xml)
    write_new(ws.root / record_rel, record)
