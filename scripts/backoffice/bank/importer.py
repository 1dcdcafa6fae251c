"""`backoffice bank import`: camt.053 statements into one journal per bank account and month,
matched, with their balances asserted and the file archived with its hash. The importer is a
beangulp `Importer`, so Fava's import page and beangulp's commands run the same code.

Everything is checked first; one refused statement means nothing is written."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import beangulp
from beancount.core import amount, data
from beancount.parser import parser, printer

from backoffice.bank import csvstatement
from backoffice.bank.camt import Entry, Refused, Statement, parse
from backoffice.bank.matching import Match, Matcher
from backoffice.bank.settings import Settings, read_settings
from backoffice.core.files import write_atomic
from backoffice.core.problems import Problem
from backoffice.core.values import ZERO
from backoffice.load.ledger import MAIN
from backoffice.load.workspace import Workspace

JOURNALS = Path("ledger") / "bank"
ARCHIVE = Path("documents") / "bank"
INCLUDE = 'include "bank/*/*.beancount"'
HEADER = (
    "; Imported by `backoffice bank import` from the bank's statements (documents/bank/).\n"
    "; Decide a `!` entry by booking it to its account and setting its flag to `*`.\n"
)
ORDER = {data.Balance: 0, data.Document: 1, data.Transaction: 2}


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def iban_key(value: object) -> str:
    return re.sub(r"\s", "", str(value or "")).upper()


@dataclass
class BankAccount:
    name: str
    iban: str
    currency: str
    account: str

    @property
    def folder(self) -> str:
        """The journals' folder: the ledger account's last part (Assets:Bank:Tatra → tatra)."""
        return self.account.split(":")[-1].lower()


@dataclass
class Imported:
    """What one statement file adds: entries to the journals and the file to the archive."""

    source: str
    archive: Path
    content: bytes
    entries: list[data.Directive] = field(default_factory=list)
    matches: dict[str, int] = field(default_factory=dict)
    skipped: int = 0


class StatementImporter(beangulp.Importer):  # type: ignore[misc]
    """Statements of the company's own accounts (records/company.yaml), matched and checked
    against the books; a subclass reads its format into statements.

    Given a workspace (`bank import`), each `extract` sees what earlier ones returned, so
    several statements (overlapping ones too) are checked against the books as they will be;
    importers given `shared=` add to the same run. Given a root (Fava's import page,
    beangulp), each `extract` reads the books afresh. Given `account` (a bank account's name,
    ledger account or journal folder), only that account's statements are imported."""

    def __init__(
        self,
        root: Path | None = None,
        ws: Workspace | None = None,
        *,
        account: str | None = None,
        shared: StatementImporter | None = None,
    ) -> None:
        self.root = (ws.root if ws else root or Path.cwd()).resolve()
        self._ws = ws
        self.fresh = ws is None
        self.only = account
        self.pending: list[data.Directive] = shared.pending if shared else []
        self.imported: list[Imported] = shared.imported if shared else []
        self.accounts: dict[str, BankAccount] = shared.accounts if shared else {}
        self.source = ""

    @property
    def ws(self) -> Workspace:
        if self._ws is None:
            self._ws = Workspace(self.root)
        return self._ws

    def statements(self, path: Path, content: bytes) -> list[Statement]:
        """The statements of one file, or `Refused` with every problem found in it."""
        raise NotImplementedError

    def _read(self, filepath: str) -> list[Statement]:
        path = Path(filepath)
        self.source = self.label(path)
        return self.statements(path, path.read_bytes())

    def account(self, filepath: str) -> str:
        return self.bank_account(self._read(filepath)[0]).account

    def date(self, filepath: str) -> date | None:
        return max(s.last for s in self._read(filepath))

    def label(self, path: Path) -> str:
        """A file as the user is shown it: relative to the root where it is inside it."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def _refuse(self, code: str, message: str, line: int = 1) -> Refused:
        return Refused([Problem(self.source, line, 1, code, message)])

    def named_account(self) -> dict[str, Any] | None:
        """The bank account `--account` names, or `Refused` when it names none."""
        if self.only is None:
            return None
        items = [i for i in self.ws.company.get("bank_accounts") or [] if isinstance(i, dict)]
        for item in items:
            names = {str(item.get("name")), str(item.get("account"))}
            names.add(str(item.get("account")).split(":")[-1].lower())
            if self.only.casefold() in {n.casefold() for n in names}:
                return item
        known = "; ".join(str(i.get("name")) for i in items) or "none"
        raise self._refuse(
            "BANK-UNKNOWN-ACCOUNT",
            f"--account {self.only} is none of the company's bank accounts "
            f"(records/company.yaml bank_accounts: {known})",
        )

    def bank_account(self, statement: Statement) -> BankAccount:
        named = self.named_account()
        for item in self.ws.company.get("bank_accounts") or []:
            if isinstance(item, dict) and iban_key(item.get("iban")) == statement.iban:
                found = BankAccount(
                    str(item.get("name")),
                    statement.iban,
                    str(item.get("currency")),
                    str(item.get("account")),
                )
                if named is not None and named is not item:
                    raise self._refuse(
                        "BANK-UNKNOWN-ACCOUNT",
                        f"IBAN {statement.iban} is the account {found.name}, not the "
                        f"--account {self.only}",
                        statement.line,
                    )
                self.accounts[found.account] = found
                return found
        known = ", ".join(
            iban_key(i.get("iban"))
            for i in self.ws.company.get("bank_accounts") or []
            if isinstance(i, dict)
        )
        raise self._refuse(
            "BANK-UNKNOWN-ACCOUNT",
            f"IBAN {statement.iban} is none of the company's bank accounts "
            f"(records/company.yaml bank_accounts: {known or 'none'})",
            statement.line,
        )

    def extract(self, filepath: str, existing: data.Entries) -> data.Entries:
        """The new entries of one statement file (nothing already booked by its reference), or
        `Refused` with every reason it cannot be imported."""
        path = Path(filepath)
        if self.fresh:
            self._ws, self.pending, self.imported = None, [], []
        self.source = self.label(path)
        if not path.is_file():
            raise Refused([Problem(self.source, 1, 1, "BANK-UNREADABLE", "no such file")])
        content = path.read_bytes()
        statements = sorted(self.statements(path, content), key=lambda s: s.first)
        settings, problems = read_settings(self.ws)
        if problems:
            raise Refused(problems)
        last = max(s.last for s in statements)
        archive = ARCHIVE / str(last.year) / path.name
        result = Imported(self.source, archive, content)
        books = Books(self.ws, self.pending)
        matcher = Matcher(self.ws, settings, last)
        matcher.settle(self.pending)
        for statement in statements:
            account = self.bank_account(statement)
            result.entries += self._statement(statement, account, books, matcher, settings, result)
        digest = sha256(content)
        if not self.fresh and digest not in books.documents:  # Fava and beangulp archive their own
            first = self.bank_account(statements[0])
            meta = data.new_metadata(
                str(MAIN), 0, {"sha256": digest, "statement": statements[0].id}
            )
            document = data.Document(
                meta,
                last,
                first.account,
                f"../../../{archive.as_posix()}",
                frozenset(),
                frozenset(),
            )
            result.entries.append(document)
        self.pending += result.entries
        self.imported.append(result)
        return result.entries

    def _statement(
        self,
        statement: Statement,
        account: BankAccount,
        books: Books,
        matcher: Matcher,
        settings: Settings,
        result: Imported,
    ) -> list[data.Directive]:
        """The statement's new transactions and balance assertions, checked against the books."""

        currency = account.currency
        odd = [e for e in statement.entries if e.currency != currency]
        if statement.currency != currency or odd:
            other = odd[0].currency if odd else statement.currency
            raise self._refuse(
                "BANK-CURRENCY",
                f"the statement is in {other}, the account {account.iban} ({account.name}) "
                f"in {currency}",
                odd[0].line if odd else statement.line,
            )
        opening, closing = statement.opening, statement.closing
        total = sum((e.amount for e in statement.entries), ZERO)
        if opening and closing and opening.amount + total != closing.amount:
            raise self._refuse(
                "BANK-SUM",
                f"the opening balance {opening.amount} and the entries add up to "
                f"{opening.amount + total} {currency}, the closing balance says "
                f"{closing.amount}",
                closing.line,
            )
        held = books.balance(account.account, currency, opening.day) if opening else None
        if opening and held != opening.amount:
            raise self._refuse(
                "BANK-OPENING",
                f"the statement opens at {opening.amount} {currency} on "
                f"{opening.day}, the books have {held} {currency} in "
                f"{account.account} at the start of that day",
                opening.line,
            )
        new: list[data.Directive] = []
        for entry in sorted(statement.entries, key=lambda e: e.booked):
            if books.has_reference(account.account, entry.ref):
                result.skipped += 1
                continue
            own = matcher.own.get(entry.iban)
            if own and books.claim_transfer(account.account, own[0], entry):
                result.skipped += 1  # booked from the other account's statement
                continue
            match = matcher.match(entry)
            result.matches[match.rule] = result.matches.get(match.rule, 0) + 1
            txn = transaction(entry, match, account)
            books.add(txn)
            new.append(txn)
        for balance in (b for b in (opening, closing) if b is not None):
            if books.balance_asserted(account.account, balance.day):
                continue
            meta = data.new_metadata(str(MAIN), 0, {"statement": statement.id})
            units = amount.Amount(balance.amount, currency)
            assertion = data.Balance(meta, balance.day, account.account, units, None, None)
            books.add(assertion)
            new.append(assertion)
        if closing is None:
            return new
        held = books.balance(account.account, currency, closing.day)
        if held != closing.amount:
            raise self._refuse(
                "BANK-CLOSING",
                f"the statement closes at {closing.amount} {currency}, the books "
                f"would have {held} {currency} in {account.account} at the start of "
                f"{closing.day} (entries booked by hand without the bank's reference?)",
                closing.line,
            )
        return new

    def deduplicate(self, entries: data.Entries, existing: data.Entries) -> None:
        """Nothing to mark: `extract` already leaves out every entry booked by its reference."""


class CamtImporter(StatementImporter):
    """ISO 20022 camt.053 statements, the account found by the statement's IBAN."""

    def identify(self, filepath: str) -> bool:
        with open(filepath, "rb") as handle:
            head = handle.read(4096)
        return b"camt.053.001.0" in head and b"BkToCstmrStmt" in head

    def statements(self, path: Path, content: bytes) -> list[Statement]:
        return parse(content, self.source)


class CsvImporter(StatementImporter):
    """CSV exports, read by the column mapping (`csv`) of the bank account that `--account`
    names or whose mapping identifies the file (its name pattern and header row)."""

    def identify(self, filepath: str) -> bool:
        path = Path(filepath)
        with open(filepath, "rb") as handle:
            head = handle.read(65536)
        if looks_like_xml(head):
            return False
        maps, problems = csvstatement.mappings(self.ws)
        return not problems and len(self._identified(maps, path, head)) == 1

    def _identified(
        self, maps: list[csvstatement.Mapping], path: Path, content: bytes
    ) -> list[csvstatement.Mapping]:
        named = self.named_account()
        if named is not None:
            return [m for m in maps if m.iban == iban_key(named.get("iban"))]
        return [m for m in maps if csvstatement.identifies(m, path, content)]

    def statements(self, path: Path, content: bytes) -> list[Statement]:
        maps, problems = csvstatement.mappings(self.ws)
        if problems:
            raise Refused(problems)
        found = self._identified(maps, path, content)
        if len(found) == 1:
            return csvstatement.parse(content, self.source, found[0])
        if self.only is not None:
            message = f"the account {self.only} has no csv mapping in records/company.yaml"
            raise self._refuse("BANK-CSV-UNKNOWN", message)
        if found:
            names = "; ".join(m.name for m in found)
            message = f"the csv mappings of {names} all read this file: name one with --account"
            raise self._refuse("BANK-CSV-AMBIGUOUS", message)
        raise self._refuse(
            "BANK-CSV-UNKNOWN",
            "no bank account's csv mapping (records/company.yaml) reads this file (its "
            "filename pattern and header row): name the account with --account",
        )


def looks_like_xml(content: bytes) -> bool:
    """The file is XML (a camt.053 statement or not), not a CSV export."""
    return content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def transaction(entry: Entry, match: Match, account: BankAccount) -> data.Transaction:
    """The bank entry booked against what it matched, with the bank's reference and symbols."""
    values: dict[str, Any] = {"bank-ref": entry.ref}
    optional = {
        "counterparty-iban": entry.iban,
        "vs": entry.vs,
        "ss": entry.ss,
        "ks": entry.ks,
        "code": entry.code,
        "remittance": entry.text,
    }
    values.update({k: v for k, v in optional.items() if v})
    values["match"] = match.rule
    values.update(match.meta)
    currency = entry.currency
    postings = [
        data.Posting(account.account, amount.Amount(entry.amount, currency), None, None, None, None)
    ]
    for leg in match.legs:
        units = amount.Amount(leg.amount, currency)
        postings.append(data.Posting(leg.account, units, None, None, None, leg.meta or None))
    meta = data.new_metadata(str(MAIN), 0, values)
    return data.Transaction(
        meta,
        entry.booked,
        match.flag,
        entry.name or None,
        match.narration,
        frozenset(),
        match.links,
        postings,
    )


class Books:
    """The bank accounts as the books hold them, with what this run adds."""

    def __init__(self, ws: Workspace, pending: list[data.Directive]) -> None:
        self.references: set[tuple[str, str]] = set()
        self.assertions: set[tuple[str, date]] = set()
        self.documents: set[str] = set()
        self.postings: dict[str, list[tuple[date, str, Decimal]]] = {}
        self.transfers: list[data.Transaction] = []
        """Transfers between own accounts booked from a statement, not yet claimed by the
        statement of the other account."""
        for entry in [*ws.ledger.entries, *pending]:
            self.add(entry)

    def add(self, entry: data.Directive) -> None:
        if isinstance(entry, data.Transaction):
            ref = entry.meta.get("bank-ref")
            if entry.meta.get("match") == "transfer":
                self.transfers.append(entry)
            for posting in entry.postings:
                if posting.units is None or posting.units.number is None:
                    continue
                moves = self.postings.setdefault(posting.account, [])
                moves.append((entry.date, posting.units.currency, posting.units.number))
                if ref is not None:
                    self.references.add((posting.account, str(ref)))
        elif isinstance(entry, data.Balance):
            self.assertions.add((entry.account, entry.date))
        elif isinstance(entry, data.Document) and entry.meta.get("sha256"):
            self.documents.add(str(entry.meta["sha256"]))

    def has_reference(self, account: str, ref: str) -> bool:
        return (account, ref) in self.references

    def claim_transfer(self, account: str, other: str, entry: Entry) -> bool:
        """A transfer from or to the account `other`, booked from that account's statement on
        the same day with the same amount, is this entry: it is not booked twice."""
        for txn in (t for t in self.transfers if t.postings[0].account == other):
            moved = {p.account: p.units.number for p in txn.postings if p.units is not None}
            if (
                txn.date == entry.booked
                and moved.get(account) == entry.amount
                and (moved.get(other) == -entry.amount)
            ):
                self.transfers.remove(txn)
                return True
        return False

    def balance_asserted(self, account: str, day: date) -> bool:
        return (account, day) in self.assertions

    def balance(self, account: str, currency: str, day: date) -> Decimal:
        """The account's balance in `currency` at the start of `day`."""
        moves = self.postings.get(account, [])
        return sum((n for d, c, n in moves if d < day and c == currency), ZERO)


@dataclass
class Writes:
    """The files an import writes, in full, and what it reports."""

    files: dict[Path, str | bytes] = field(default_factory=dict)


def journal_path(account: BankAccount, day: date) -> Path:
    return JOURNALS / account.folder / f"{day:%Y-%m}.beancount"


def plan_writes(ws: Workspace, importer: StatementImporter) -> tuple[Writes, list[Problem]]:
    """The journals with the new entries merged in date order, the archived statements and the
    include in main.beancount; a different file already archived under the name refuses."""
    writes = Writes()
    problems = []
    by_file: dict[Path, list[data.Directive]] = {}
    for entry in importer.pending:
        bank = importer.accounts[_bank_account_of(entry)]
        by_file.setdefault(journal_path(bank, entry.date), []).append(entry)
    for rel, entries in by_file.items():
        writes.files[rel] = render(_existing(ws.root / rel) + entries)
    for item in importer.imported:
        target = ws.root / item.archive
        if target.exists():
            if target.is_symlink() or not target.is_file() or target.read_bytes() != item.content:
                problems.append(
                    Problem(
                        item.source,
                        1,
                        1,
                        "BANK-ARCHIVE-CONFLICT",
                        f"{item.archive.as_posix()} exists and is another file; rename the "
                        "statement",
                    )
                )
            continue
        writes.files[item.archive] = item.content
    main = ws.root / MAIN
    text = main.read_text(encoding="utf-8")
    if by_file and INCLUDE not in text:
        writes.files[MAIN] = text.rstrip("\n") + "\n" + INCLUDE + "\n"
    return writes, problems


def _bank_account_of(entry: data.Directive) -> str:
    """The bank account an imported entry belongs to (a transaction's first posting)."""
    if isinstance(entry, data.Transaction):
        return str(entry.postings[0].account)
    return str(getattr(entry, "account", ""))


def _existing(path: Path) -> list[data.Directive]:
    """The entries of a journal as written (documents named again relative to it)."""
    if not path.is_file():
        return []
    entries, _errors, _options = parser.parse_file(str(path))
    return [
        e._replace(filename=os.path.relpath(e.filename, path.parent))
        if isinstance(e, data.Document) and os.path.isabs(e.filename)
        else e
        for e in entries
    ]


def render(entries: list[data.Directive]) -> str:
    """A journal file: the header, then the entries by date (balances, the statement, then the
    transactions), each kept in the order it was imported."""
    ordered = sorted(enumerate(entries), key=lambda p: (p[1].date, ORDER.get(type(p[1]), 3), p[0]))
    return HEADER + "".join("\n" + printer.format_entry(e) for _, e in ordered)


def write(ws: Workspace, writes: Writes) -> None:
    for rel, content in writes.files.items():
        write_atomic(ws.root / rel, content)
