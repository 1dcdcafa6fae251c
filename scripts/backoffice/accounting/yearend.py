"""Year end: the year's corporate income tax (591/341) from the result before tax and the
non-deductible costs kept as data (`corporate-tax.yaml`), the closing of income and expenses
to the result in approval (431), the next year's opening balances as balance assertions, and
the general meeting's distribution of 431 (to 421, 428, 364 or 429) from its decision record.

Beancount closes no year by itself: `year-end` writes ``ledger/YYYY/year-end.beancount``
(the tax and the closing entry, tagged ``closing``, which the statements leave out of a
year's income and expenses) and ``ledger/YYYY+1/opening.beancount``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from beancount.core import convert, data

from backoffice.core.clock import today
from backoffice.core.errors import BackOfficeError
from backoffice.core.files import write_atomic, write_new
from backoffice.core.period import Month, parse_period
from backoffice.core.problems import Problem
from backoffice.core.values import ZERO, BadValue, money, parse_decimal, parse_money
from backoffice.derive.books import CLOSING_TAG, Books, balances, books
from backoffice.derive.journal import Posting, Transaction, is_generated, render_transaction
from backoffice.load.workspace import Workspace
from backoffice.load.yamlfile import Positions, parse_yaml_file

TAX_DATA = Path(__file__).with_name("corporate-tax.yaml")
TAX_DATA_REL = "backoffice/accounting/corporate-tax.yaml"
TAX_OVERRIDE = "ledger/corporate-tax.yaml"
MAIN = Path("ledger") / "main.beancount"
HUNDRED = Decimal(100)
_NUMBER = re.compile(r"5[0-9]{0,2}(\.[0-9A-Za-z]+)?")
_NAME = re.compile(r"[A-Z][A-Za-z0-9-]*(:[A-Z0-9][A-Za-z0-9-]*)+")
_INCLUDE = re.compile(r'^include\s+"([^"]+)"', re.MULTILINE)

RESULT, TAX_EXPENSE, TAX_LIABILITY = "431", "591", "341"
DISTRIBUTION_ACCOUNTS = {
    "legal_reserve": "421",
    "retained_earnings": "428",
    "dividends": "364",
    "loss_carried_forward": "429",
}
"""Where each part of the general meeting's distribution goes (the chart's synthetic number)."""


class YearEndError(BackOfficeError):
    """The year cannot be closed (or its result distributed): why, and nothing is written."""


class TaxDataError(BackOfficeError):
    """The corporate tax data has problems, each with its position."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


# --- the tax data --------------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    up_to: Decimal | None
    rate: Decimal


@dataclass(frozen=True)
class Rates:
    valid_from: int
    bands: tuple[Band, ...]
    source: str

    def rate(self, revenues: Decimal) -> Decimal:
        """The rate of the band the year's revenues fall in (the last band is open)."""
        for band in self.bands:
            if band.up_to is None or revenues <= band.up_to:
                return band.rate
        return self.bands[-1].rate


@dataclass(frozen=True)
class NonDeductible:
    account: str
    section: str
    text: str


@dataclass(frozen=True)
class TaxData:
    rates: tuple[Rates, ...]
    non_deductible: tuple[NonDeductible, ...]
    rel: str

    def rates_for(self, year: int) -> Rates | None:
        found = [r for r in self.rates if r.valid_from <= year]
        return max(found, key=lambda r: r.valid_from) if found else None


def load_tax_data(ws: Workspace) -> TaxData:
    """The repository's ledger/corporate-tax.yaml if there is one, else the toolkit's; every
    problem in it at once (an account that is no cost account of the chart, bad rates)."""
    own = ws.root / TAX_OVERRIDE
    path, rel = (own, TAX_OVERRIDE) if own.is_file() else (TAX_DATA, TAX_DATA_REL)
    parsed, problems = parse_yaml_file(path, rel)
    if parsed is None:
        raise TaxDataError(problems)
    opened = {e.account for e in ws.ledger.entries if isinstance(e, data.Open)}
    return parse_tax_data(parsed.data, parsed.positions, rel, opened)


def parse_tax_data(raw: Any, positions: Positions, rel: str, opened: set[str]) -> TaxData:
    problems: list[Problem] = []

    def problem(where: tuple[str | int, ...], code: str, message: str) -> None:
        problems.append(Problem(rel, *positions.of(where), code, message))

    if not isinstance(raw, dict):
        raise TaxDataError([Problem(rel, 1, 1, "CIT-DATA", "not a mapping of tax data")])
    rates: list[Rates] = []
    for i, item in enumerate(raw.get("rates") or []):
        try:
            bands = tuple(
                Band(
                    parse_money(f"{b['up_to']} EUR")[0] if b.get("up_to") is not None else None,
                    parse_decimal(b["rate"]),
                )
                for b in item["bands"]
            )
            if not bands or any(b.up_to is None for b in bands[:-1]) or bands[-1].up_to:
                raise ValueError
            rates.append(Rates(int(item["valid_from"]), bands, str(item.get("source", ""))))
        except (BadValue, KeyError, TypeError, ValueError, AttributeError):
            problem(
                ("rates", i),
                "CIT-DATA",
                "a rate needs valid_from (a year), bands with up_to (revenues) and rate, the "
                "last band open, and a source",
            )
    if not rates and not problems:
        problem(("rates",), "CIT-DATA", "no corporate income tax rates")
    found: list[NonDeductible] = []
    for i, item in enumerate(raw.get("non_deductible") or []):
        account = str(item.get("account", "")) if isinstance(item, dict) else ""
        known = _NUMBER.fullmatch(account) or (_NAME.fullmatch(account) and account in opened)
        if not known:
            problem(
                ("non_deductible", i, "account"),
                "CIT-UNKNOWN-ACCOUNT",
                f"{account!r} is neither a cost account number of the chart (class 5, "
                "e.g. 513) nor an account opened in the ledger",
            )
            continue
        if not str(item.get("section", "")).strip():
            problem(
                ("non_deductible", i),
                "CIT-DATA",
                f"{account}: name the section of Act 595/2003 that makes it non-deductible",
            )
            continue
        found.append(NonDeductible(account, str(item["section"]), str(item.get("text", ""))))
    if problems:
        raise TaxDataError(problems)
    return TaxData(tuple(rates), tuple(found), rel)


# --- the year's tax ------------------------------------------------------------------------


@dataclass(frozen=True)
class AddBack:
    account: str
    number: str
    amount: Decimal
    section: str


@dataclass(frozen=True)
class Tax:
    year: int
    revenues: Decimal
    result_before_tax: Decimal
    add_backs: tuple[AddBack, ...]
    base: Decimal
    rate: Decimal
    tax: Decimal
    advances: Decimal
    source: str


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) + ZERO


def account_numbered(b: Books, synthetic: str) -> str | None:
    """The one account whose `number` is the synthetic account (or its only analytical)."""
    found = sorted(a for a, n in b.numbers.items() if n.split(".")[0] == synthetic)
    return found[0] if len(found) == 1 else None


def _non_deductible(rules: TaxData, account: str, number: str) -> NonDeductible | None:
    """The data's line that makes a cost account non-deductible, if any."""
    for item in rules.non_deductible:
        if ":" in item.account:
            if account == item.account or account.startswith(item.account + ":"):
                return item
        elif number and number.startswith(item.account):
            return item
    return None


def corporate_tax(ws: Workspace, year: int) -> Tax:
    """The year's tax: the result before tax (income − expenses other than 59x), plus the
    non-deductible costs, taxed at the rate chosen by the year's revenues, to the cent."""
    b = books(ws)
    rules = load_tax_data(ws)
    rates = rules.rates_for(year)
    if rates is None:
        raise YearEndError(f"{rules.rel} has no corporate income tax rate for {year}")
    sums, _ = balances(b, date(year, 1, 1), date(year, 12, 31))
    numbers = b.numbers
    income = -sum((v for a, v in sums.items() if _root(a) == b.roots["income"]), ZERO)
    costs = {
        a: v
        for a, v in sums.items()
        if _root(a) == b.roots["expenses"] and not numbers.get(a, "").startswith("59")
    }
    result = income - sum(costs.values(), ZERO)
    add_backs = []
    for account, amount in sorted(costs.items()):
        item = _non_deductible(rules, account, numbers.get(account, ""))
        if item is not None and amount:
            add_backs.append(AddBack(account, numbers.get(account, ""), amount, item.section))
    base = _cents(result + sum((x.amount for x in add_backs), ZERO))
    rate = rates.rate(income)
    tax = _cents(max(base, ZERO) * rate / HUNDRED)
    liability = account_numbered(b, TAX_LIABILITY)
    advances = sums.get(liability, ZERO) if liability else ZERO
    return Tax(year, income, result, tuple(add_backs), base, rate, tax, advances, rates.source)


def _root(account: str) -> str:
    return account.split(":")[0]


# --- closing the year ----------------------------------------------------------------------


@dataclass(frozen=True)
class YearEnd:
    """What `year-end` writes: the year's journal, the next year's opening, main.beancount."""

    tax: Tax
    result_after_tax: Decimal
    journal: tuple[Path, str]
    opening: tuple[Path, str]
    main: str | None
    """main.beancount with an include of the next year's folder; None when it has one."""


def _includes(ws: Workspace) -> list[str]:
    path = ws.root / MAIN
    return _INCLUDE.findall(path.read_text(encoding="utf-8")) if path.is_file() else []


def _single_journal(ws: Workspace, year: int) -> bool:
    """Whether the books keep the year's entries in one folder (``journal/``, as `init` sets
    up) rather than in a folder of the year."""
    patterns = _includes(ws)
    covered = [f"journal/{year}.beancount", f"{year}/{year}.beancount"]
    journal, yearly = (any(fnmatch(c, p) for p in patterns) for c in covered)
    return journal and not yearly


def journal_path(ws: Workspace, year: int) -> Path:
    """The year's closing journal: ledger/YYYY/year-end.beancount, or in a single journal
    folder ledger/journal/YYYY-year-end.beancount."""
    if _single_journal(ws, year):
        return Path("ledger") / "journal" / f"{year}-year-end.beancount"
    return Path("ledger") / str(year) / "year-end.beancount"


def opening_path(ws: Workspace, year: int) -> Path:
    """The next year's opening: ledger/YYYY+1/opening.beancount, or beside the journal."""
    if _single_journal(ws, year):
        return Path("ledger") / "journal" / f"{year + 1}-opening.beancount"
    return Path("ledger") / str(year + 1) / "opening.beancount"


def _link(year: int) -> str:
    return f"year-end-{year}"


def refuse_open_or_closed(ws: Workspace, year: int) -> None:
    """A year is closed once: after its last day, with its December booked, and never twice."""
    link = _link(year)
    for path in (journal_path(ws, year), opening_path(ws, year)):
        if (ws.root / path).exists():
            raise YearEndError(f"{year} is already closed: {path.as_posix()} exists")
    if any(isinstance(e, data.Transaction) and link in (e.links or ()) for e in ws.ledger.entries):
        raise YearEndError(f"{year} is already closed: the ledger has entries linked ^{link}")
    end = date(year, 12, 31)
    if today() <= end:
        raise YearEndError(
            f"{year} is not over: it ends on {end}, today is {today()}; "
            "a year is closed once it is over and booked"
        )
    written = [
        e.date
        for e in ws.ledger.entries
        if isinstance(e, data.Transaction)
        and not is_generated(e, ws.root)
        and "bank-ref" not in e.meta
        and e.date <= end
    ]
    if not written or Month.of(max(written)) < Month(year, 12):
        last = max(written).isoformat() if written else "none"
        raise YearEndError(
            f"{year} is not booked to its end: the latest entry written by hand is of {last}; "
            f"book December {year} first"
        )
    later = [
        e.date
        for e in ws.ledger.entries
        if isinstance(e, data.Transaction) and e.date > end and CLOSING_TAG in (e.tags or ())
    ]
    if later:
        raise YearEndError(f"a later year is already closed (on {max(later)})")
    for hook in (h for d in ws.domains for h in d.before_close):
        for missing in hook(ws, parse_period(str(year))):
            raise YearEndError(f"{year} is not booked to its end: {missing}")


def year_end(ws: Workspace, year: int) -> YearEnd:
    """What closing `year` writes, or YearEndError / TaxDataError saying why not (nothing is
    written): the year open or already closed, accounts 431, 591 or 341 missing from the
    chart, earlier years' results not carried to 431, bad tax data."""
    refuse_open_or_closed(ws, year)
    b = books(ws)
    accounts = {n: account_numbered(b, n) for n in (RESULT, TAX_EXPENSE, TAX_LIABILITY)}
    missing = [n for n, a in accounts.items() if a is None]
    if missing:
        raise YearEndError(
            "the chart of accounts needs exactly one account numbered "
            + ", ".join(missing)
            + " (the result in approval, the income tax expense and liability)"
        )
    result_account = str(accounts[RESULT])
    if b.previous_earnings != result_account:
        raise YearEndError(
            f"earlier years' results are carried to {b.previous_earnings}, not to "
            f'{result_account} (431): add option "account_previous_earnings" '
            f'"{result_account.split(":", 1)[1]}" to {MAIN.as_posix()}'
        )
    tax = corporate_tax(ws, year)
    end = date(year, 12, 31)
    link = _link(year)
    currency = b.currency
    entries = []
    if tax.tax:
        entries.append(
            Transaction(
                end,
                f"Corporate income tax {year}",
                [
                    Posting(str(accounts[TAX_EXPENSE]), tax.tax, currency),
                    Posting(str(accounts[TAX_LIABILITY]), -tax.tax, currency),
                ],
                tags=("tax",),
                links=(link,),
                meta={
                    "tax-base": f"{tax.base:.2f}",
                    "tax-rate": f"{tax.rate}",
                    "revenues": f"{tax.revenues:.2f}",
                },
            )
        )
    sums, _ = balances(b, date(year, 1, 1), end)
    closing = {a: v for a, v in sums.items() if b.is_result_account(a) and v}
    expense = str(accounts[TAX_EXPENSE])
    if tax.tax:
        closing[expense] = closing.get(expense, ZERO) + tax.tax
    after_tax = -sum(closing.values(), ZERO)
    postings = [Posting(a, -v, currency) for a, v in sorted(closing.items()) if v]
    postings.append(Posting(result_account, -after_tax, currency))
    entries.append(
        Transaction(
            end,
            f"Closing of {year}: income and expenses to the result in approval",
            postings,
            tags=(CLOSING_TAG,),
            links=(link,),
        )
    )
    header = (
        f"; {year}'s year end, written by `backoffice year-end {year}`: the corporate income tax\n"
        f"; and the closing of income and expenses to {result_account}. The closing entry is\n"
        f"; tagged #{CLOSING_TAG}: the statements leave it out of the year's income statement\n"
        f"; (in Fava, filter with -#{CLOSING_TAG}).\n"
    )
    journal = header + "".join(f"\n{render_transaction(t)}" for t in entries)
    opening = _opening(ws, year, entries)
    return YearEnd(
        tax,
        after_tax,
        (journal_path(ws, year), journal),
        (opening_path(ws, year), opening),
        _main_with_next_year(ws, year),
    )


def _opening(ws: Workspace, year: int, entries: list[Transaction]) -> str:
    """The next year opens with the closing balances: a balance assertion on its first day
    for every balance sheet account the books have used."""
    b = books(ws)
    totals: dict[tuple[str, str], Decimal] = {}
    end = date(year, 12, 31)
    for entry in ws.ledger.entries:
        if not isinstance(entry, data.Transaction) or entry.date > end:
            continue
        for p in entry.postings:
            weight = p.units
            if weight is None or weight.number is None:
                continue
            key = (p.account, weight.currency)
            totals[key] = totals.get(key, ZERO) + weight.number
    for txn in entries:
        for posting in txn.postings:
            key = (posting.account, posting.currency)
            totals[key] = totals.get(key, ZERO) + posting.amount
    first = date(year + 1, 1, 1)
    sheet = (b.roots["assets"], b.roots["liabilities"], b.roots["equity"])
    lines = [
        f"{first.isoformat()} balance {account:<44} {amount:>12.2f} {currency}"
        for (account, currency), amount in sorted(totals.items())
        if _root(account) in sheet
    ]
    return (
        f"; {year + 1} opens with the balances {year} closed with (`backoffice year-end {year}`):\n"
        f"; an entry dated {year} that changes any of them fails these assertions.\n\n"
        + "\n".join(lines)
        + "\n"
    )


def _main_with_next_year(ws: Workspace, year: int) -> str | None:
    """main.beancount with an include of the next year's folder, None when one covers it."""
    path = ws.root / MAIN
    text = path.read_text(encoding="utf-8")
    target = opening_path(ws, year).relative_to("ledger").as_posix()
    if any(fnmatch(target, pattern) for pattern in _INCLUDE.findall(text)):
        return None
    line = f'include "{year + 1}/*.beancount"\n'
    previous = f'include "{year}/*.beancount"\n'
    if previous in text:
        return text.replace(previous, previous + line, 1)
    return text + ("" if text.endswith("\n") else "\n") + line


def _covered(ws: Workspace, path: Path) -> bool:
    text = (ws.root / MAIN).read_text(encoding="utf-8")
    rel = path.relative_to("ledger").as_posix()
    return any(fnmatch(rel, pattern) for pattern in _INCLUDE.findall(text))


def write_year_end(ws: Workspace, done: YearEnd) -> list[Path]:
    """Write the year's journal and the next year's opening (never replacing a file), then
    main.beancount's include; returns what was written."""
    if not _covered(ws, done.journal[0]):
        raise YearEndError(
            f"{MAIN.as_posix()} includes no {done.journal[0].as_posix()}: "
            f'add include "{done.tax.year}/*.beancount"'
        )
    written = []
    for path, text in (done.journal, done.opening):
        write_new(ws.root / path, text)
        written.append(path)
    if done.main is not None:
        write_atomic(ws.root / MAIN, done.main)
        written.append(MAIN)
    return written


# --- the general meeting's distribution ----------------------------------------------------


def distribution_path(decision_year: int, year: int) -> Path:
    return Path("ledger") / str(decision_year) / f"distribution-{year}.beancount"


def distribution(ws: Workspace, year: int, decision_id: str) -> tuple[Path, str]:
    """The entry that books a general meeting's distribution of `year`'s result from 431, or
    YearEndError: not a general meeting's decision on that year, parts that do not add up to
    what 431 holds, an account the chart lacks, already booked."""
    record = next((r for r in ws.register("decisions") if r.id == decision_id), None)
    body = record.data if record is not None and isinstance(record.data, dict) else None
    if body is None:
        raise YearEndError(f"no decision {decision_id} in records/decisions/")
    where = record.rel if record is not None else decision_id
    if body.get("body") != "general-meeting":
        raise YearEndError(f"{where}: the result is distributed by the general meeting")
    parts = body.get("distribution")
    if not isinstance(parts, dict) or parts.get("year") != year:
        raise YearEndError(f"{where}: has no distribution of the result of {year}")
    day = date.fromisoformat(str(body["date"]))
    if day <= date(year, 12, 31):
        raise YearEndError(f"{where}: decided on {day}, before {year} ended")
    link = f"decision-{decision_id}"
    if any(isinstance(e, data.Transaction) and link in (e.links or ()) for e in ws.ledger.entries):
        raise YearEndError(f"{decision_id}'s distribution is already booked (^{link})")
    b = books(ws)
    result_account = account_numbered(b, RESULT)
    if result_account is None:
        raise YearEndError("the chart of accounts needs exactly one account numbered 431")
    held = _held(ws, result_account, day, b)
    postings = []
    total = ZERO
    for key, number in DISTRIBUTION_ACCOUNTS.items():
        if key not in parts:
            continue
        amount, currency = parse_money(parts[key])
        account = account_numbered(b, number)
        if account is None:
            raise YearEndError(
                f"{where}: {key} goes to account {number}, which the chart of accounts lacks "
                "(open one with that number)"
            )
        signed = amount if key == "loss_carried_forward" else -amount
        total += signed
        postings.append(Posting(account, signed, currency))
    if total != -held:
        raise YearEndError(
            f"{where}: the parts add up to {money(-total, b.currency)}, but {result_account} "
            f"holds {money(held, b.currency)} of {year}'s result before {day}"
        )
    postings.insert(0, Posting(result_account, -total, b.currency))
    txn = Transaction(
        day,
        f"Distribution of the result of {year} ({decision_id})",
        postings,
        links=(link,),
        meta={"decision": decision_id},
    )
    header = (
        f"; The general meeting's distribution of {year}'s result ({decision_id}), written by\n"
        f"; `backoffice year-end {year} --distribute {decision_id}`.\n"
    )
    return distribution_path(day.year, year), header + "\n" + render_transaction(txn)


def _held(ws: Workspace, account: str, day: date, b: Books) -> Decimal:
    """The result in approval on 431 the day before `day` (a profit positive), closing
    entries included: what the general meeting distributes."""
    total = ZERO
    for entry in ws.ledger.entries:
        if isinstance(entry, data.Transaction) and entry.date < day:
            for p in entry.postings:
                if p.account == account:
                    total += convert.get_weight(p).number or ZERO
    return -total


def write_distribution(ws: Workspace, year: int, done: tuple[Path, str]) -> Path:
    path, text = done
    if not _covered(ws, path):
        raise YearEndError(
            f"{MAIN.as_posix()} includes no {path.as_posix()}: add an include of its folder"
        )
    write_new(ws.root / path, text)
    return path


def distribution_problems(ws: Workspace) -> list[Problem]:
    """A general meeting's distribution of a result is booked from 431 on its date, linked to
    the decision, for the amount it decides: a warning while it is not booked, an error when
    the booked entry moves another amount out of 431."""
    found: list[Problem] = []
    b = books(ws)
    result_account = account_numbered(b, RESULT)
    for record in ws.register("decisions"):
        body = record.data if isinstance(record.data, dict) else {}
        parts = body.get("distribution")
        if body.get("body") != "general-meeting" or not isinstance(parts, dict):
            continue
        link = f"decision-{record.id}"
        booked = [
            e
            for e in ws.ledger.entries
            if isinstance(e, data.Transaction) and link in (e.links or ())
        ]
        line, column = record.position(("distribution",))
        if not booked:
            found.append(
                Problem(
                    record.rel,
                    line,
                    column,
                    "DECISION-DISTRIBUTION",
                    f"the distribution of {parts.get('year')}'s result is not booked: run "
                    f"`backoffice year-end {parts.get('year')} --distribute {record.id}`",
                    "warning",
                )
            )
            continue
        try:
            decided = sum(
                (
                    parse_money(parts[k])[0] * (-1 if k == "loss_carried_forward" else 1)
                    for k in DISTRIBUTION_ACCOUNTS
                    if k in parts
                ),
                ZERO,
            )
        except BadValue:
            continue  # the schema reports the value
        moved = sum(
            (
                convert.get_weight(p).number or ZERO
                for e in booked
                for p in e.postings
                if p.account == result_account
            ),
            ZERO,
        )
        if moved != decided:
            found.append(
                Problem(
                    record.rel,
                    line,
                    column,
                    "DECISION-DISTRIBUTION",
                    f"the decision distributes {money(decided, b.currency)} of "
                    f"{parts.get('year')}'s result; the entries linked ^{link} move "
                    f"{money(moved, b.currency)} out of {result_account}",
                )
            )
    return found
