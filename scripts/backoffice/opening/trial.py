"""A trial balance and the open items of the switch-over date, read from CSV and written as the
opening transaction of the books.

The trial balance has a header row ``account,debit,credit``; the account is a ledger account or
a Slovak account number, mapped through the ``number`` metadata of the chart's ``open``
entries. The semicolon-separated form with decimal commas that Slovak accounting programs
export (UTF-8 with or without a BOM, or Windows-1250) is read as well. Every balance is posted
against ``Equity:Opening-Balances`` (the opening balance account, 701 of the Slovak chart),
which a balanced trial balance leaves at zero.

Open invoices (``invoice,customer,due,amount``) and bills (``bill,supplier,due,amount``) replace
the receivable and payable balances they make up by one posting each, with the metadata the
aging reads (``invoice``/``customer``/``due``, ``bill``/``supplier``/``due``) and their
``^inv-…``/``^bill-…`` links, so that aging and reminders work from the first day.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from beancount.core import data

from backoffice.core.files import write_atomic
from backoffice.core.problems import Problem
from backoffice.core.words import count
from backoffice.load.ledger import MAIN
from backoffice.load.workspace import Workspace

OPENING = Path("ledger") / "opening.beancount"
EQUITY = "Equity:Opening-Balances"
MAX_BYTES = 1 << 20
MAX_AMOUNT = Decimal(10) ** 12
"""An amount at or above this is refused: no opening balance of a small company is that large."""
INCLUDE = re.compile(r'^\s*include\s+"opening\.beancount"', re.MULTILINE)
HEADER = ("account", "debit", "credit")
RECEIVABLE_HEADER = ("invoice", "customer", "due", "amount")
PAYABLE_HEADER = ("bill", "supplier", "due", "amount")


@dataclass(frozen=True)
class Item:
    """One open invoice or bill: its number, party, due date, open amount and account."""

    number: str
    party: str
    due: date
    amount: Decimal
    account: str
    where: str


@dataclass
class Opening:
    """The opening transaction as planned: balances by account, and the open items."""

    day: date
    currency: str
    postings: list[tuple[str, Decimal]] = field(default_factory=list)
    receivables: list[Item] = field(default_factory=list)
    payables: list[Item] = field(default_factory=list)
    total: Decimal = Decimal("0.00")
    open_equity: bool = False


@dataclass(frozen=True)
class Row:
    line: int
    cells: list[str]
    columns: list[int]


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1250", errors="replace")


@dataclass(frozen=True)
class Table:
    """A CSV read line by line: its rows (the header first), and whether it is the
    semicolon-separated form with decimal commas."""

    rows: list[Row]
    decimal_comma: bool = False


def _table(path: Path, shown: str, header: tuple[str, ...]) -> tuple[Table, list[Problem]]:
    """The rows of a CSV with `header` (optional columns after it), or its problems."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Table([]), [
            Problem(shown, 1, 1, "OPENING-CSV", f"cannot be read: {exc.strerror or exc}")
        ]
    if len(raw) > MAX_BYTES:
        return Table([]), [Problem(shown, 1, 1, "OPENING-CSV", f"larger than {MAX_BYTES} bytes")]
    lines = _decode(raw).splitlines()
    if not lines or not lines[0].strip():
        return Table([]), [Problem(shown, 1, 1, "OPENING-CSV", f"no header row {','.join(header)}")]
    delimiter = ";" if ";" in lines[0] else ","
    rows: list[Row] = []
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        cells = [c.strip() for c in next(csv.reader([text], delimiter=delimiter))]
        columns, at = [], 1
        for cell in text.split(delimiter) if '"' not in text else cells:
            columns.append(at)
            at += len(cell) + 1
        rows.append(Row(number, cells, columns))
    names = tuple(c.lower() for c in rows[0].cells)
    if names[: len(header)] != header:
        message = f"the header must be {delimiter.join(header)}, not {delimiter.join(names)}"
        return Table([]), [Problem(shown, 1, 1, "OPENING-CSV", message)]
    return Table(rows, delimiter == ";"), []


def _cell(row: Row, index: int) -> tuple[str, int]:
    column = row.columns[index] if index < len(row.columns) else row.columns[-1]
    return (row.cells[index] if index < len(row.cells) else ""), column


def _amount(text: str, decimal_comma: bool) -> Decimal | None:
    """A non-negative amount with at most two decimals, or None when it is not one."""
    cleaned = text.replace("\u00a0", "").replace(" ", "")
    if decimal_comma:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    if not cleaned:
        return Decimal("0.00")
    if not re.fullmatch(r"[0-9]+(\.[0-9]{1,2})?", cleaned):
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value.quantize(Decimal("0.01")) if value < MAX_AMOUNT else None


@dataclass
class Chart:
    """The ledger's accounts: when each is opened (and closed), and its Slovak number."""

    day: date
    opened: dict[str, date] = field(default_factory=dict)
    closed: dict[str, date] = field(default_factory=dict)
    numbers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, ws: Workspace, day: date) -> Chart:
        chart = cls(day)
        for entry in ws.ledger.entries:
            if isinstance(entry, data.Open):
                chart.opened.setdefault(entry.account, entry.date)
                if entry.meta and "number" in entry.meta:
                    chart.numbers.setdefault(str(entry.meta["number"]).strip(), entry.account)
            elif isinstance(entry, data.Close):
                chart.closed[entry.account] = entry.date
        return chart

    def account(self, text: str) -> tuple[str | None, str]:
        """The ledger account a trial balance names (an account or its number), or None and
        why it cannot take an opening balance at the date."""
        account = text if text in self.opened else self.numbers.get(text)
        if account is None:
            return None, (
                f"unknown account {text!r}: neither an open ledger account "
                "nor the `number` of one in the chart"
            )
        if self.opened[account] > self.day:
            return None, f"{account} is opened only on {self.opened[account].isoformat()}"
        if account in self.closed and self.closed[account] <= self.day:
            return None, f"{account} is closed on {self.closed[account].isoformat()}"
        return account, ""


def _balances(
    chart: Chart, path: Path, shown: str
) -> tuple[list[tuple[str, Decimal, int]], list[Problem]]:
    table, problems = _table(path, shown, HEADER)
    if problems:
        return [], problems
    rows, decimal_comma = table.rows, table.decimal_comma
    found: list[tuple[str, Decimal, int]] = []
    for row in rows[1:]:
        if len(row.cells) < len(HEADER):
            message = (
                f"expected {count(len(HEADER), 'column')} (account, debit, credit), "
                f"found {len(row.cells)}"
            )
            problems.append(Problem(shown, row.line, 1, "OPENING-CSV", message))
            continue
        name, column = _cell(row, 0)
        account, message = chart.account(name)
        if account is None:
            problems.append(Problem(shown, row.line, column, "OPENING-ACCOUNT", message))
        sides: list[Decimal] = []
        for index, side in ((1, "debit"), (2, "credit")):
            text, column = _cell(row, index)
            value = _amount(text, decimal_comma)
            if value is None:
                message = (
                    f"{side} {text!r} is not an amount (at most two decimals, below {MAX_AMOUNT})"
                )
                problems.append(Problem(shown, row.line, column, "OPENING-CSV", message))
            else:
                sides.append(value)
        if account is not None and len(sides) == 2:
            found.append((account, sides[0] - sides[1], row.line))
    if not problems:
        if not found:
            problems.append(Problem(shown, 1, 1, "OPENING-CSV", "the trial balance has no lines"))
        else:
            debit = sum((v for _a, v, _l in found if v > 0), Decimal("0.00"))
            credit = -sum((v for _a, v, _l in found if v < 0), Decimal("0.00"))
            if debit != credit:
                message = (
                    f"unbalanced: debits {debit} and credits {credit} differ by {debit - credit}"
                )
                problems.append(Problem(shown, found[-1][2], 1, "OPENING-UNBALANCED", message))
    return found, problems


def _items(
    chart: Chart, path: Path, header: tuple[str, ...], prefix: str
) -> tuple[list[Item], list[Problem]]:
    shown = path.as_posix()
    table, problems = _table(path, shown, header)
    if problems:
        return [], problems
    rows, decimal_comma = table.rows, table.decimal_comma
    names = [c.lower() for c in rows[0].cells]
    has_account = "account" in names[len(header) :]
    default = prefix if prefix in chart.opened else None
    items: list[Item] = []
    for row in rows[1:]:
        found_here: list[Problem] = []
        number, _ = _cell(row, 0)
        party, _ = _cell(row, 1)
        due_text, due_column = _cell(row, 2)
        amount_text, amount_column = _cell(row, 3)
        if not number or not party:
            message = f"{header[0]} and {header[1]} are required"
            found_here.append(Problem(shown, row.line, 1, "OPENING-CSV", message))
        try:
            due = date.fromisoformat(due_text)
        except ValueError:
            message = f"due {due_text!r} is not a date (YYYY-MM-DD)"
            found_here.append(Problem(shown, row.line, due_column, "OPENING-CSV", message))
            due = date.min
        amount = _amount(amount_text, decimal_comma)
        if amount is None or amount == 0:
            message = f"amount {amount_text!r} is not an open amount (positive, two decimals)"
            found_here.append(Problem(shown, row.line, amount_column, "OPENING-CSV", message))
        account_text, account_column = (
            _cell(row, names.index("account")) if has_account else ("", 1)
        )
        account, message = chart.account(account_text or default or prefix)
        if account is None:
            if not account_text and default is None:
                message = f"no account column, and {prefix} is not open in the ledger"
            found_here.append(Problem(shown, row.line, account_column, "OPENING-ACCOUNT", message))
        if found_here or amount is None or account is None:
            problems += found_here
            continue
        items.append(Item(number, party, due, amount, account, f"{shown}:{row.line}"))
    return items, problems


def plan(
    ws: Workspace,
    trial_balance: Path,
    day: date,
    receivables: Path | None = None,
    payables: Path | None = None,
) -> tuple[Opening | None, list[Problem]]:
    """The opening transaction of `trial_balance` at `day`, or every problem that stops it."""
    problems: list[Problem] = []
    if (ws.root / OPENING).exists():
        message = "the opening balances are imported already; delete the file to import again"
        problems.append(Problem(OPENING.as_posix(), 1, 1, "OPENING-EXISTS", message))
    shown = trial_balance.as_posix()
    chart = Chart.of(ws, day)
    balances, found = _balances(chart, trial_balance, shown)
    problems += found
    opening = Opening(day, ws.currency)
    by_account: dict[str, Decimal] = {}
    lines: dict[str, int] = {}
    for account, amount, line in balances:
        by_account[account] = by_account.get(account, Decimal("0.00")) + amount
        lines.setdefault(account, line)
    for path, header, prefix, sign, into in (
        (receivables, RECEIVABLE_HEADER, "Assets:Receivables:Customers", 1, opening.receivables),
        (payables, PAYABLE_HEADER, "Liabilities:Payables:Suppliers", -1, opening.payables),
    ):
        if path is None:
            continue
        items, found = _items(chart, path, header, prefix)
        problems += found
        into += items
        totals: dict[str, Decimal] = {}
        for item in items:
            totals[item.account] = totals.get(item.account, Decimal("0.00")) + sign * item.amount
        for account, total in sorted(totals.items()):
            balance = by_account.get(account, Decimal("0.00"))
            if balance != total and not found:
                where = lines.get(account, 1)
                message = (
                    f"{account} is {balance} in the trial balance but its open items in "
                    f"{path.as_posix()} sum to {total}"
                )
                problems.append(Problem(shown, where, 1, "OPENING-ITEMS", message))
            by_account[account] = balance - total
    if problems:
        return None, problems
    opening.postings = [(a, v) for a, v in by_account.items() if v]
    opening.total = sum((v for _a, v, _l in balances if v > 0), Decimal("0.00"))
    opening.open_equity = EQUITY not in ws.ledger.open_accounts()
    return opening, []


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _link(kind: str, number: str) -> str:
    return f"^{kind}-" + re.sub(r"[^A-Za-z0-9_./-]", "-", number)


def _item_lines(item: Item, sign: int, keys: tuple[str, str], currency: str) -> Iterator[str]:
    yield f"  {item.account:<44} {sign * item.amount:>14} {currency}"
    yield f"    {keys[0]}: {_quote(item.number)}"
    yield f"    {keys[1]}: {_quote(item.party)}"
    yield f"    due: {item.due.isoformat()}"


def render(opening: Opening) -> str:
    """The text of ledger/opening.beancount."""
    cur, day = opening.currency, opening.day.isoformat()
    out = ["; Opening balances of the books, imported by `backoffice opening import`.", ""]
    if opening.open_equity:
        out += [f"{day} open {EQUITY} {cur}", '  number: "701"', ""]
    links = [_link("inv", i.number) for i in opening.receivables]
    links += [_link("bill", i.number) for i in opening.payables]
    out.append(f'{day} * "Opening balances"' + "".join(f" {link}" for link in links))
    for account, amount in opening.postings:
        out.append(f"  {account:<44} {amount:>14} {cur}")
    for item in opening.receivables:
        out += _item_lines(item, 1, ("invoice", "customer"), cur)
    for item in opening.payables:
        out += _item_lines(item, -1, ("bill", "supplier"), cur)
    out.append(f"  {EQUITY:<44} {Decimal('0.00'):>14} {cur}")
    return "\n".join(out) + "\n"


def write(ws: Workspace, opening: Opening) -> None:
    """Write ledger/opening.beancount, then include it from ledger/main.beancount."""
    write_atomic(ws.root / OPENING, render(opening))
    main = ws.root / MAIN
    text = main.read_text(encoding="utf-8")
    if not INCLUDE.search(text):
        write_atomic(
            main, text + ("" if text.endswith("\n") else "\n") + 'include "opening.beancount"\n'
        )
