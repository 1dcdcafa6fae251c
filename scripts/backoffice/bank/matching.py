"""Matching a statement entry to what it pays, in order, first match wins: a transfer between
the company's own accounts, an open invoice by its variable symbol (in full when the payer sent
the invoice's foreign amount, the difference an exchange rate loss or gain), a supplier bill by
its reference, amount and the supplier's IBAN, a refund of a customer's credit by the invoice or
credit note it names, a payroll run's liability by the payee's IBAN and the amount the run owes,
several open invoices of one customer that add up exactly, the rules kept as data (and the
bank's own charges), else the suspense account for the reviewer to decide."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import combinations
from typing import Any

from beancount.core import data

from backoffice.accounting import PAYABLES, RECEIVABLES, open_documents
from backoffice.bank.camt import Entry
from backoffice.bank.settings import Rule, Settings
from backoffice.core.period import Month
from backoffice.core.values import ZERO
from backoffice.load.workspace import Workspace
from backoffice.payroll import Liability, liabilities

MAX_SUBSET = 16
"""Open invoices of one customer searched for a sum (2^16 subsets at most)."""
EXCHANGE_NUMBERS = {"loss": "563", "gain": "663"}
"""The Slovak chart's exchange rate losses (Kurzové straty) and gains (Kurzové zisky)."""


@dataclass
class Leg:
    """The counter posting of a bank entry: account, amount and the document it settles."""

    account: str
    amount: Decimal
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Match:
    rule: str
    """Which rule matched: transfer, invoice, bill, refund, payroll, invoices, rule, fee or
    suspense."""
    narration: str
    legs: list[Leg]
    links: frozenset[str] = frozenset()
    flag: str = "*"
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class OpenItem:
    number: str
    party: str
    account: str
    open: Decimal
    due: date | None
    link: str


def _digits(value: str) -> str:
    return value.lstrip("0") or "0" if value.isdigit() else value


def _squash(value: str) -> str:
    return re.sub(r"[\s/._-]", "", value).upper()


def _data(record: Any) -> dict[str, Any]:
    return record.data if isinstance(record.data, dict) else {}


class Matcher:
    """What is open at a date, indexed for the rules; payments matched in this run reduce it."""

    def __init__(self, ws: Workspace, settings: Settings, as_of: date) -> None:
        self.settings = settings
        links = _document_links(ws)
        self.invoices = {
            d.number: OpenItem(
                d.number,
                d.party,
                sorted(d.accounts)[0],
                d.open,
                d.due,
                links.get(("inv", d.key), f"inv-{d.number}"),
            )
            for d in open_documents(ws, RECEIVABLES, as_of)
        }
        """Every invoice with an open amount: owed to the company, or in the customer's favour
        (a credit note or an overpayment), which a refund settles."""
        self.by_symbol: dict[str, str] = {_digits(n): n for n in self.invoices}
        for record in ws.register("invoices"):
            symbol = str((_data(record).get("payment") or {}).get("variable_symbol") or "")
            number = str(_data(record).get("number") or "")
            if symbol and number in self.invoices:
                self.by_symbol[_digits(symbol)] = number
        self.by_customer: dict[str, list[OpenItem]] = defaultdict(list)
        for item in self.invoices.values():
            self.by_customer[item.party].append(item)
        self.customer_names = {
            _squash(str(_data(r).get("name") or "")): r.id for r in ws.register("customers")
        }
        self.bills = _open_bills(ws, links, as_of)
        self.supplier_ibans: dict[str, set[str]] = defaultdict(set)
        for record in ws.register("suppliers"):
            iban = _squash(str(_data(record).get("iban") or ""))
            if iban:
                self.supplier_ibans[iban].add(record.id)
        self.payroll = _payroll(ws)
        self.own = _own_accounts(ws)
        self.credit_notes = _credit_notes(ws)
        self.foreign = _foreign_amounts(ws)
        self.exchange = _accounts_by_number(ws, set(EXCHANGE_NUMBERS.values()))

    def settle(self, entries: list[data.Directive]) -> None:
        """What entries not yet in the books (earlier statements of the same import) paid is
        no longer open."""
        bills = {(b.item.party, b.item.number): b for b in self.bills}
        for txn in (e for e in entries if isinstance(e, data.Transaction)):
            self.payroll.settle(txn)
            for posting in txn.postings:
                meta = {**txn.meta, **(posting.meta or {})}
                units = posting.units
                if units is None or units.number is None:
                    continue
                invoice = self.invoices.get(str(meta.get("invoice")))
                bill = bills.get((str(meta.get("supplier")), str(meta.get("bill"))))
                if invoice is not None and posting.account == invoice.account:
                    invoice.open += Decimal(units.number)
                elif bill is not None and posting.account == bill.item.account:
                    bill.open -= Decimal(units.number)

    def match(self, entry: Entry) -> Match:
        """The first rule that fits `entry`; an invoice or bill it settles is no longer open."""
        found = self._transfer(entry)
        if found is None and entry.amount > 0:
            found = self._invoice(entry) or self._invoices(entry)
        elif found is None:
            found = self._bill(entry) or self._refund(entry) or self.payroll.match(entry)
        return found or self._rule(entry) or self._suspense(entry)

    def _transfer(self, entry: Entry) -> Match | None:
        """Money moved to or from another of the company's own accounts."""
        other = self.own.get(entry.iban)
        if other is None:
            return None
        account, name = other
        text = f"Transfer to {name}" if entry.amount < 0 else f"Transfer from {name}"
        return Match("transfer", text, [Leg(account, -entry.amount)])

    def _refund(self, entry: Entry) -> Match | None:
        """Money paid back to a customer whose invoice a credit note left in credit: the credit
        named by the variable symbol, the invoice's or the credit note's number, and equal to
        the amount paid."""
        words = _squash(entry.words)
        named = {n for n in self.invoices if entry.vs and _digits(entry.vs) == _digits(n)}
        named |= {n for n in self.invoices if _squash(n) in words}
        notes = [
            c for c, n in self.credit_notes.items() if n in self.invoices and _squash(c) in words
        ]
        named |= {self.credit_notes[c] for c in notes}
        for number in sorted(named):
            item = self.invoices[number]
            if item.open != entry.amount:
                continue
            item.open = ZERO
            meta = {"invoice": item.number, "customer": item.party}
            leg = Leg(item.account, -entry.amount)
            note = next((c for c in notes if self.credit_notes[c] == number), None)
            text = (
                f"Refund of credit note {note} (invoice {number})"
                if note
                else (f"Refund of the credit on invoice {number}")
            )
            return Match("refund", text, [leg], frozenset({item.link}), meta=meta)
        return None

    def _invoice(self, entry: Entry) -> Match | None:
        number = self.by_symbol.get(_digits(entry.vs)) if entry.vs else None
        item = self.invoices.get(number or "")
        if item is None or item.open <= 0:
            return None
        meta = {"invoice": item.number, "customer": item.party}
        leg = Leg(item.account, -entry.amount)
        links = frozenset({item.link})
        converted = self._converted(entry, item)
        if converted is not None:
            return converted
        if entry.amount > item.open:
            excess = entry.amount - item.open
            item.open = ZERO
            meta["overpaid"] = f"{excess} {entry.currency}"
            text = f"Payment of invoice {item.number}, overpaid by {excess} {entry.currency}"
            return Match("invoice", text, [leg], links, "!", meta)
        item.open -= entry.amount
        text = f"Payment of invoice {item.number}"
        if item.open > 0:
            text = f"Partial payment of invoice {item.number}, {item.open} {entry.currency} open"
        return Match("invoice", text, [leg], links, meta=meta)

    def _converted(self, entry: Entry, item: OpenItem) -> Match | None:
        """The invoice's whole foreign amount, converted by the bank: the invoice is settled
        and what the conversion gained or lost goes to the exchange rate account."""
        foreign = self.foreign.get(item.number)
        if entry.instructed is None or foreign is None or entry.instructed != foreign:
            return None
        difference = item.open - entry.amount
        account = self.exchange.get(EXCHANGE_NUMBERS["loss" if difference > 0 else "gain"])
        if account is None and difference:
            return None
        legs = [Leg(item.account, -item.open)]
        if difference:
            legs.append(Leg(str(account), difference))
        item.open = ZERO
        amount, currency = foreign
        rate = f" at {entry.rate} {currency}/{entry.currency}" if entry.rate else ""
        text = f"Payment of invoice {item.number}: {amount} {currency} converted by the bank{rate}"
        meta = {"invoice": item.number, "customer": item.party, "amount": f"{amount} {currency}"}
        return Match("invoice", text, legs, frozenset({item.link}), meta=meta)

    def _invoices(self, entry: Entry) -> Match | None:
        """Several open invoices of one customer whose open amounts add up to the payment: those
        the payer names, else a set of the payer's (found by name) that adds up exactly."""
        named = [
            self.invoices[n]
            for token in re.findall(r"[0-9]+", entry.words)
            if (n := self.by_symbol.get(_digits(token))) and self.invoices[n].open > 0
        ]
        parties = {i.party for i in named}
        if len(named) > 1 and len(parties) == 1 and sum(i.open for i in named) == entry.amount:
            return self._settle(entry, named)
        customer = self.customer_names.get(_squash(entry.name)) if entry.name else None
        items = sorted(
            (i for i in self.by_customer.get(customer or "", []) if i.open > 0),
            key=lambda i: (i.due or date.min, i.number),
        )[:MAX_SUBSET]
        for size in range(2, len(items) + 1):
            for subset in combinations(items, size):
                if sum(i.open for i in subset) == entry.amount:
                    return self._settle(entry, list(subset))
        return None

    def _settle(self, entry: Entry, items: list[OpenItem]) -> Match:
        legs = [Leg(i.account, -i.open, {"invoice": i.number, "customer": i.party}) for i in items]
        for item in items:
            item.open = ZERO
        numbers = ", ".join(i.number for i in items)
        links = frozenset(i.link for i in items)
        return Match("invoices", f"Payment of invoices {numbers}", legs, links)

    def _bill(self, entry: Entry) -> Match | None:
        suppliers = self.supplier_ibans.get(entry.iban, set())
        words = _squash(entry.words)
        for bill in self.bills:
            if bill.open != -entry.amount or bill.open <= 0:
                continue
            if bill.item.party not in suppliers and entry.iban not in bill.ibans:
                continue
            symbol = entry.vs and _digits(entry.vs) in {_digits(r) for r in bill.references}
            if symbol or any(_squash(r) in words for r in bill.references if r):
                bill.item.open = bill.open = ZERO
                meta = {"supplier": bill.item.party, "bill": bill.item.number}
                leg = Leg(bill.item.account, -entry.amount)
                text = f"Payment of invoice {bill.item.number}"
                return Match("bill", text, [leg], frozenset({bill.item.link}), meta=meta)
        return None

    def _rule(self, entry: Entry) -> Match | None:
        for rule in self.settings.rules:
            if _fits(rule, entry):
                text = rule.description or entry.text or "Bank payment"
                link = rule_link(rule.link, entry.vs)
                links = frozenset({link}) if link else frozenset()
                return Match("rule", text, [Leg(rule.account, -entry.amount)], links)
        if "CHRG" in entry.code.split("-")[1:]:
            text = entry.text or "Bank charges"
            return Match("fee", text, [Leg(self.settings.fee_account, -entry.amount)])
        return None

    def _suspense(self, entry: Entry) -> Match:
        text = entry.text or entry.end_to_end or "Unmatched bank entry"
        leg = Leg(self.settings.suspense_account, -entry.amount)
        return Match("suspense", text, [leg], flag="!")


@dataclass
class Payroll:
    """The runs' liabilities still unpaid, by the IBAN they are paid to."""

    by_iban: dict[str, list[Liability]]
    unpaid: dict[tuple[str, str], Decimal]
    """What each run (its link) still owes on each liability account."""
    paid_people: set[tuple[str, str]]

    def settle(self, txn: data.Transaction) -> None:
        """What a payment linked to a run settled on the run's liability accounts."""
        for link in txn.links:
            for posting in txn.postings:
                units = posting.units
                slot = (link, posting.account)
                if units is None or units.number is None or units.number <= 0:
                    continue
                if slot in self.unpaid:
                    self.unpaid[slot] -= Decimal(units.number)
                    if posting.meta and posting.meta.get("person"):
                        self.paid_people.add((link, str(posting.meta["person"])))

    def match(self, entry: Entry) -> Match | None:
        """The earliest unpaid liability paid to the entry's IBAN with exactly its amount, of a run
        whose period has ended (or whose pay day has come) by the entry's date."""
        for item in self.by_iban.get(entry.iban, []):
            if item.since > entry.booked:
                continue  # a run is not paid before its period ends (or its pay day)
            slot = (item.link, item.account)
            if item.amount != -entry.amount or self.unpaid.get(slot, ZERO) < item.amount:
                continue
            if (item.link, item.payee) in self.paid_people:
                continue
            self.unpaid[slot] -= item.amount
            month = Month.parse(item.link.removeprefix("payroll-")).name()
            meta: dict[str, Any] = {}
            if item.payee in PAYEE_TEXT:
                text = f"{PAYEE_TEXT[item.payee]}, {month}"
            else:
                self.paid_people.add((item.link, item.payee))
                meta = {"person": item.payee}
                text = f"Net pay, {month}"
            leg = Leg(item.account, -entry.amount, meta)
            return Match("payroll", text, [leg], frozenset({item.link}))
        return None


PAYEE_TEXT = {
    "social_insurance": "Social insurance",
    "health_insurance": "Health insurance",
    "tax_office": "Income tax advances from salaries",
}


def _payroll(ws: Workspace) -> Payroll:
    """The liabilities of the payroll runs less what payments linked to each run settled."""
    owed = liabilities(ws)
    unpaid: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for item in owed:
        unpaid[(item.link, item.account)] += item.amount
    payees = ws.company.get("payroll_payees") or {}
    ibans = {
        str(key): _squash(str(value.get("iban") or ""))
        for key, value in (payees.items() if isinstance(payees, dict) else [])
        if isinstance(value, dict)
    }
    for record in ws.register("people"):
        personal = _data(record).get("personal") or {}
        if isinstance(personal, dict) and personal.get("private_iban"):
            ibans[record.id] = _squash(str(personal["private_iban"]))
    by_iban: dict[str, list[Liability]] = defaultdict(list)
    for item in owed:
        if ibans.get(item.payee):
            by_iban[ibans[item.payee]].append(item)
    payroll = Payroll(by_iban, dict(unpaid), set())
    for txn in _transactions(ws):
        payroll.settle(txn)
    return payroll


def _own_accounts(ws: Workspace) -> dict[str, tuple[str, str]]:
    """The company's bank accounts by IBAN: their ledger account and name."""
    found: dict[str, tuple[str, str]] = {}
    for item in ws.company.get("bank_accounts") or []:
        if isinstance(item, dict) and item.get("iban") and item.get("account"):
            name = str(item.get("name") or item["account"])
            found[_squash(str(item["iban"]))] = (str(item["account"]), name)
    return found


def _credit_notes(ws: Workspace) -> dict[str, str]:
    """Each credit note's number and the invoice it corrects."""
    found: dict[str, str] = {}
    for record in ws.register("invoices"):
        values = _data(record)
        if values.get("corrects") and values.get("number"):
            found[str(values["number"])] = str(values["corrects"])
    return found


def _foreign_amounts(ws: Workspace) -> dict[str, tuple[Decimal, str]]:
    """The amount in its own currency of each invoice issued in another (its `amount` metadata)."""
    found: dict[str, tuple[Decimal, str]] = {}
    for txn in _transactions(ws):
        number, value = txn.meta.get("invoice"), txn.meta.get("amount")
        if number is None or not isinstance(value, str) or "corrects" in txn.meta:
            continue
        parts = value.split()
        if len(parts) == 2 and re.fullmatch(r"[0-9]+(\.[0-9]+)?", parts[0]):
            found.setdefault(str(number), (Decimal(parts[0]), parts[1]))
    return found


def _accounts_by_number(ws: Workspace, numbers: set[str]) -> dict[str, str]:
    """The ledger accounts that carry these Slovak chart numbers, by number."""
    return {
        str(e.meta["number"]): str(e.account)
        for e in ws.ledger.entries
        if isinstance(e, data.Open) and str(e.meta.get("number")) in numbers
    }


TAX_PERIOD = re.compile(r"11(00(?P<month>0[1-9]|1[0-2])|004(?P<quarter>[1-4]))(?P<year>[0-9]{4})")
"""A payment to the tax office: the variable symbol names the tax period, 1100MMYYYY a month or
11004QYYYY a quarter (the financial administration's payment instructions, after Vyhláška MF SR
378/2011; not verified here)."""


def rule_link(template: str | None, vs: str) -> str | None:
    """A rule's link for an entry: `{period}` is the tax period of its variable symbol
    (YYYY-MM or YYYY-QN); None when the template asks for a period the symbol does not name."""
    if not template or "{period}" not in template:
        return template or None
    found = TAX_PERIOD.fullmatch(vs)
    if found is None:
        return None
    year = found["year"]
    period = f"{year}-{found['month']}" if found["month"] else f"{year}-Q{found['quarter']}"
    return template.replace("{period}", period)


def _fits(rule: Rule, entry: Entry) -> bool:
    """Every condition the rule sets holds for the entry (a rule without any matches nothing)."""
    checks = [
        rule.iban is None or _squash(rule.iban) == entry.iban,
        rule.name is None or rule.name.casefold() in entry.name.casefold(),
        rule.text is None or rule.text.search(entry.words) is not None,
        rule.code is None or (entry.code + "-").startswith(rule.code + "-"),
        rule.direction is None or (rule.direction == "credit") == (entry.amount > 0),
    ]
    return rule.has_condition and all(checks)


@dataclass
class OpenBill:
    item: OpenItem
    references: tuple[str, ...]
    ibans: frozenset[str]

    @property
    def open(self) -> Decimal:
        return self.item.open

    @open.setter
    def open(self, value: Decimal) -> None:
        self.item.open = value


def _open_bills(ws: Workspace, links: dict[tuple[str, str], str], as_of: date) -> list[OpenBill]:
    """Open supplier bills with the references a payment may quote and the IBANs it goes to."""
    records = {
        (str(_data(r).get("supplier")), str(_data(r).get("number"))): _data(r)
        for r in ws.register("bills")
    }
    found = []
    for doc in open_documents(ws, PAYABLES, as_of):
        if doc.open <= 0:
            continue
        record = records.get((doc.party, doc.number), {})
        payment = record.get("payment") or {}
        references = (
            doc.number,
            str(payment.get("variable_symbol") or ""),
            str(payment.get("reference") or ""),
        )
        ibans = frozenset({_squash(str(payment["iban"]))} if payment.get("iban") else ())
        link = links.get(("bill", doc.key), "")
        item = OpenItem(doc.number, doc.party, sorted(doc.accounts)[0], doc.open, doc.due, link)
        found.append(OpenBill(item, tuple(r for r in references if r), ibans))
    return sorted(found, key=lambda b: (b.item.due or date.min, b.item.number))


def _document_links(ws: Workspace) -> dict[tuple[str, str], str]:
    """The link each invoice and bill was booked with, by the aging's document key: the
    transaction's one link of its kind, or of several (balances brought forward) the one that
    names the document."""
    found: dict[tuple[str, str], str] = {}
    for txn in _transactions(ws):
        for posting in txn.postings:
            meta = {**txn.meta, **(posting.meta or {})}
            if "invoice" in meta:
                kind, key = "inv", str(meta["invoice"])
                names: tuple[str, ...] = (kind, key)
            elif "bill" in meta:
                kind, key = "bill", f"{meta.get('supplier') or ''}/{meta['bill']}"
                names = (kind, str(meta.get("supplier") or ""), str(meta["bill"]))
            else:
                continue
            links = [link for link in txn.links if link.startswith(f"{kind}-")]
            if len(links) > 1:
                links = [link for link in links if _squash(link) == _squash("".join(names))]
            if links:
                found.setdefault((kind, key), links[0])
    return found


def _transactions(ws: Workspace) -> Iterator[data.Transaction]:
    return (e for e in ws.ledger.entries if isinstance(e, data.Transaction))
