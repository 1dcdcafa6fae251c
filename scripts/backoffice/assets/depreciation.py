"""Depreciation from the asset register: a plan per asset and month, the ledger entries that
follow from it (monthly or yearly, and the disposal), and its reconciliation with the ledger.

A plan charges whole cents; the last month takes what rounding left, so the charges add up
to cost − salvage exactly and end with the useful life.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from typing import Any

from beancount.core import data

from backoffice.core.clock import today
from backoffice.core.period import Month, Period, whole_months
from backoffice.core.problems import Problem
from backoffice.core.values import BadValue, cents, money, parse_date, parse_decimal, parse_money
from backoffice.derive.journal import Posting, Transaction, is_generated
from backoffice.derive.sync import booked_links, derived_transactions
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace

ZERO = Decimal(0)
METHODS = ("straight-line", "declining-balance", "none")
STARTS = ("month-after-acquisition", "acquisition-month")


# --- the plan, as pure arithmetic ----------------------------------------------------------


def charges(
    cost: Decimal, salvage: Decimal, life: int, method: str, factor: Decimal = Decimal(2)
) -> list[Decimal]:
    """Monthly charges over `life` months; they sum to cost − salvage to the cent.

    straight-line: (cost − salvage) / life rounded to the cent each month, the last month
    takes the remainder. declining-balance: `factor` / life of the net book value each month,
    switching to straight-line over the remaining months when that is larger (so the plan
    ends with the useful life), never below salvage.
    """
    if method not in METHODS or method == "none" or life < 1:
        return []
    depreciable = max(ZERO, cost - salvage)
    plan = []
    accumulated = ZERO
    monthly = cents(depreciable / life)
    for month in range(1, life + 1):
        remaining = depreciable - accumulated
        if month == life:
            charge = remaining
        elif method == "straight-line":
            charge = min(monthly, remaining)
        else:
            declining = cents((cost - accumulated) * factor / life)
            straight = cents(remaining / (life - month + 1))
            charge = min(max(declining, straight), remaining)
        plan.append(charge)
        accumulated += charge
    return plan


# --- the register --------------------------------------------------------------------------


@dataclass
class Asset:
    record: Record
    id: str
    name: str
    category: str
    status: str
    cost: Decimal
    currency: str
    acquired: date
    link: str | None
    asset_account: str
    accumulated_account: str
    expense_account: str
    disposal_account: str | None
    method: str
    life: int
    salvage: Decimal
    start: str
    factor: Decimal
    opening: tuple[date, Decimal] | None
    disposed: date | None
    disposal_kind: str | None
    disposal_link: str | None
    proceeds: Decimal | None
    custodian: str | None
    location: str | None
    warranty_until: date | None
    tax_group: int | None = None
    tax_method: str | None = None

    @property
    def first_month(self) -> Month:
        month = Month.of(self.acquired)
        return month.next() if self.start == "month-after-acquisition" else month

    def plan(self) -> list[tuple[Month, Decimal]]:
        """(month, charge) over the useful life; nothing after the month of disposal, and
        nothing in it unless the disposal is on its last day."""
        rows = []
        for i, charge in enumerate(
            charges(self.cost, self.salvage, self.life, self.method, self.factor)
        ):
            month = self.first_month.plus(i)
            if self.disposed is not None and month.last > self.disposed:
                break
            rows.append((month, charge))
        return rows

    def accumulated_at(self, day: date) -> Decimal:
        return sum((c for m, c in self.plan() if m.last <= day), ZERO)


def _optional_date(value: Any) -> date | None:
    return parse_date(value) if value is not None else None


def _asset(record: Record) -> Asset:
    d = record.data
    acq, acc, dep = d["acquisition"], d["accounts"], d["depreciation"]
    disposal = d.get("disposal") or {}
    opening = d.get("opening")
    tax = d.get("tax_depreciation")
    cost, currency = parse_money(acq["cost"])
    method = str(dep["method"])
    if method not in METHODS:
        raise BadValue(f"unknown depreciation method {method!r}")
    return Asset(
        record=record,
        id=record.id,
        name=str(d.get("name", record.id)),
        category=str(d.get("category", "")),
        status=str(d.get("status", "")),
        cost=cost,
        currency=currency,
        acquired=parse_date(acq["date"]),
        link=str(acq["link"]) if acq.get("link") else None,
        asset_account=str(acc["asset"]),
        accumulated_account=str(acc["accumulated_depreciation"]),
        expense_account=str(acc["depreciation_expense"]),
        disposal_account=str(acc["disposal_expense"]) if acc.get("disposal_expense") else None,
        method=method,
        life=int(dep.get("useful_life_months") or 0),
        salvage=parse_money(dep["salvage_value"])[0] if dep.get("salvage_value") else ZERO,
        start=str(dep.get("start", "month-after-acquisition")),
        factor=parse_decimal(dep.get("declining_factor", 2)),
        opening=(
            (parse_date(opening["date"]), parse_money(opening["accumulated_depreciation"])[0])
            if opening
            else None
        ),
        disposed=_optional_date(disposal.get("date")),
        disposal_kind=str(disposal["kind"]) if disposal.get("kind") else None,
        disposal_link=str(disposal["link"]) if disposal.get("link") else None,
        proceeds=parse_money(disposal["proceeds"])[0] if disposal.get("proceeds") else None,
        custodian=str(d["custodian"]) if d.get("custodian") else None,
        location=str(d["location"]) if d.get("location") else None,
        warranty_until=_optional_date(d.get("warranty_until")),
        tax_group=int(tax["group"]) if tax else None,
        tax_method=str(tax["method"]) if tax else None,
    )


def load_assets(ws: Workspace) -> list[Asset]:
    """Assets whose plan can be read; the schema reports the others."""
    found = []
    for record in ws.register("assets"):
        if not isinstance(record.data, dict):
            continue
        try:
            found.append(_asset(record))
        except (BadValue, KeyError, TypeError, ValueError, AttributeError):
            continue
    return sorted(found, key=lambda a: a.id)


# --- register problems (no ledger needed beyond links) -------------------------------------


def _at(asset: Asset, path: tuple[str | int, ...], code: str, message: str) -> Problem:
    return Problem(asset.record.rel, *asset.record.position(path), code, message)


def register_problems(ws: Workspace, after_sync: bool = False) -> list[Problem]:
    """Disposals before acquisition, openings that disagree with the plan, purchase links
    that are not in the ledger, unknown methods. `after_sync`: the purchases are looked up in
    the ledger as `ledger sync` leaves it (a booked bill that buys the asset books it), so
    the sync that writes the purchase is not stopped for want of it."""
    found = []
    for record in ws.register("assets"):
        dep = record.data.get("depreciation") if isinstance(record.data, dict) else None
        method = dep.get("method") if isinstance(dep, dict) else None
        if method is not None and method not in METHODS:
            found.append(
                Problem(
                    record.rel,
                    *record.position(("depreciation", "method")),
                    "DEPRECIATION-METHOD",
                    f"unknown depreciation method {method!r}; use {', '.join(METHODS)}",
                )
            )
    links = _synced_links(ws) if after_sync else _links(ws)
    pending = None if after_sync else _pending_links(ws)
    for asset in load_assets(ws):
        if asset.disposed is not None and asset.disposed < asset.acquired:
            found.append(
                _at(
                    asset,
                    ("disposal", "date"),
                    "ASSET-DISPOSAL-DATE",
                    f"{asset.id} is disposed of on {asset.disposed}, before it was acquired "
                    f"on {asset.acquired}",
                )
            )
        if asset.opening is not None:
            day, written = asset.opening
            planned = asset.accumulated_at(day)
            if written != planned:
                found.append(
                    _at(
                        asset,
                        ("opening", "accumulated_depreciation"),
                        "DEPRECIATION-OPENING",
                        f"{asset.id}: accumulated depreciation brought forward on {day} is "
                        f"{money(written, asset.currency)}, the plan says "
                        f"{money(planned, asset.currency)}",
                    )
                )
        if asset.link is not None:
            waiting = pending is not None and asset.link not in links and asset.link in pending
            found += _purchase_problems(asset, links.get(asset.link), waiting)
    return found


def sync_problems(ws: Workspace) -> list[Problem]:
    """The register problems that stop `ledger sync`, the purchases as it will book them."""
    return register_problems(ws, after_sync=True)


def _number(posting: data.Posting) -> Decimal:
    units = posting.units
    return Decimal(units.number) if units is not None and units.number is not None else ZERO


PostedLines = list[tuple[str, Decimal, object]]
"""A transaction's postings as (account, amount, ``asset:`` metadata)."""


def _links(ws: Workspace, hand_written: bool = False) -> dict[str, list[PostedLines]]:
    """The postings of the ledger's transactions by link (or of those written by hand)."""
    index: dict[str, list[PostedLines]] = defaultdict(list)
    for entry in ws.ledger.entries:
        if not isinstance(entry, data.Transaction):
            continue
        if hand_written and is_generated(entry, ws.root):
            continue
        lines: PostedLines = [
            (p.account, _number(p), (p.meta or {}).get("asset")) for p in entry.postings
        ]
        for link in entry.links or ():
            index[link].append(lines)
    return index


def _derived_links(ws: Workspace) -> dict[str, list[PostedLines]]:
    """The postings of the generated journals' transactions, as derived now, by link."""
    index: dict[str, list[PostedLines]] = defaultdict(list)
    for txn in derived_transactions(ws):
        lines: PostedLines = [(p.account, p.amount, p.meta.get("asset")) for p in txn.postings]
        for link in txn.links:
            index[link].append(lines)
    return index


def _pending_links(ws: Workspace) -> dict[str, list[PostedLines]]:
    """What the generated journals will hold by link; empty when the registers they come from
    cannot be read (their own rules say why)."""
    try:
        return _derived_links(ws)
    except (BadValue, KeyError, TypeError, ValueError):
        return {}


def _synced_links(ws: Workspace) -> dict[str, list[PostedLines]]:
    """The ledger as `ledger sync` leaves it: the entries written by hand and what the
    generated journals will hold (when those cannot be derived, the journals as written)."""
    try:
        derived = _derived_links(ws)
    except (BadValue, KeyError, TypeError, ValueError):
        return _links(ws)
    index = _links(ws, hand_written=True)
    for link, found in derived.items():
        index[link] += found
    return index


def _purchase_problems(
    asset: Asset, found: list[PostedLines] | None, waiting: bool = False
) -> list[Problem]:
    if not found:
        hint = " yet; a booked bill buys it: run `backoffice ledger sync`" if waiting else ""
        return [
            _at(
                asset,
                ("acquisition", "link"),
                "ASSET-PURCHASE",
                f"{asset.id}: no ledger transaction has the link ^{asset.link}{hint}",
            )
        ]
    booked = sum(
        (
            amount
            for lines in found
            for account, amount, tagged in lines
            if account == asset.asset_account
            and (tagged if tagged is not None else asset.id) == asset.id
            and amount > 0
        ),
        ZERO,
    )
    if booked != asset.cost:
        return [
            _at(
                asset,
                ("acquisition", "cost"),
                "ASSET-PURCHASE",
                f"{asset.id}: the purchase ^{asset.link} books {money(booked, asset.currency)} "
                f"on {asset.asset_account}, the register says {money(asset.cost, asset.currency)}",
            )
        ]
    return []


# --- the ledger entries --------------------------------------------------------------------


def books_month(ws: Workspace) -> Month | None:
    """The month of the latest entry written by hand, never after today's: depreciation is
    booked through it (a rent booked ahead does not depreciate the assets ahead too). Entries
    imported from a bank statement (``bank-ref``) arrive daily and close no month."""
    dates = [
        e.date
        for e in ws.ledger.entries
        if isinstance(e, data.Transaction)
        and not is_generated(e, ws.root)
        and "bank-ref" not in e.meta
    ]
    return Month.of(min(max(dates), today())) if dates else None


def _posted_rows(asset: Asset, through: Month) -> list[tuple[Month, Decimal]]:
    """The plan's months booked by the generated journal: after the opening, through `through`."""
    after = asset.opening[0] if asset.opening else None
    return [
        (m, c) for m, c in asset.plan() if m <= through and (after is None or m.last > after) and c
    ]


def yearly_posting(ws: Workspace) -> bool:
    """company.yaml's ``depreciation_posting``: monthly (the default) or yearly."""
    return str(ws.company.get("depreciation_posting", "monthly")) == "yearly"


def posted_through(books: Month | None, yearly: bool) -> Month | None:
    """The last month whose depreciation is booked: the books' month, or with yearly posting
    the end of the last complete calendar year."""
    if books is None or not yearly or books.month == 12:
        return books
    return Month(books.year - 1, 12)


def transactions(
    ws: Workspace, through: Month | None = None, yearly: bool = False
) -> list[Transaction]:
    """Depreciation entries (one per month, or per year) and disposal entries, booked through
    the month `through` (default: the month of the latest entry written by hand)."""
    books = through or books_month(ws)
    if books is None:
        return []
    posted = posted_through(books, yearly)
    assets = load_assets(ws)
    by_period: dict[tuple[int, int], list[tuple[Asset, Decimal]]] = defaultdict(list)
    for asset in assets:
        for month, charge in _posted_rows(asset, posted) if posted else []:
            key = (month.year, 12) if yearly else (month.year, month.month)
            by_period[key].append((asset, charge))
    result = []
    for (year, month_no), items in sorted(by_period.items()):
        month = Month(year, month_no)
        totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for asset, charge in items:
            totals[asset.id] += charge
        postings = []
        for asset in sorted({a.id: a for a, _ in items}.values(), key=lambda a: a.id):
            amount = totals[asset.id]
            meta = {"asset": asset.id}
            postings += [
                Posting(asset.expense_account, amount, asset.currency, dict(meta)),
                Posting(asset.accumulated_account, -amount, asset.currency, dict(meta)),
            ]
        label = str(year) if yearly else month.name()
        link = f"depreciation-{year}" if yearly else f"depreciation-{month}"
        result.append(
            Transaction(
                month.last, f"Depreciation {label}", postings, tags=("depreciation",), links=(link,)
            )
        )
    numbers = chart_numbers(ws)
    result += [
        t
        for a in assets
        if (t := disposal_transaction(a, books, disposal_account(a, numbers))) is not None
    ]
    return result


DISPOSAL_NUMBERS = {"sale": "541", "scrap": "551", "donation": "543"}
"""The synthetic account a disposed asset's net book value is charged to, by the reason:
541 (zostatková cena predaného majetku) when sold, 551 (odpisy) when scrapped, 543 (dary) when
given away; the Slovak procedures of double-entry bookkeeping (Opatrenie MF SR
č. 23054/2002-92, the accounts' content), as summarised by podnikam.sk, "Vyraďovanie
dlhodobého majetku v podvojnom účtovníctve"."""


def chart_numbers(ws: Workspace) -> dict[str, str]:
    """The synthetic account number of each account of the chart that has one."""
    return {
        e.account: str(e.meta["number"]).split(".")[0]
        for e in ws.ledger.entries
        if isinstance(e, data.Open) and "number" in (e.meta or {})
    }


def disposal_account(asset: Asset, numbers: dict[str, str]) -> str | None:
    """Where the asset's net book value goes on disposal: the asset's own disposal or
    depreciation account when it has the number its reason asks for, else the chart's account
    with that number; a chart without numbers takes `disposal_expense`. None: no account."""
    wanted = DISPOSAL_NUMBERS.get(asset.disposal_kind or "")
    if wanted is None or not numbers:
        return asset.disposal_account
    for own in (asset.disposal_account, asset.expense_account):
        if own is not None and numbers.get(own) == wanted:
            return own
    found = sorted(a for a, n in numbers.items() if n == wanted)
    return found[0] if found else None


def disposal_transaction(
    asset: Asset, through: Month, account: str | None = None
) -> Transaction | None:
    """Remove cost and accumulated depreciation; the net book value goes to `account` (by the
    reason of the disposal). Proceeds are booked with the sale itself (its invoice and
    payment)."""
    if asset.disposed is None or Month.of(asset.disposed) > through:
        return None
    if asset.opening is not None and asset.disposed <= asset.opening[0]:
        return None
    accumulated = asset.accumulated_at(asset.disposed)
    nbv = asset.cost - accumulated
    meta = {"asset": asset.id}
    postings = []
    if accumulated:
        postings.append(Posting(asset.accumulated_account, accumulated, asset.currency, dict(meta)))
    if nbv:
        postings.append(Posting(account or "", nbv, asset.currency, dict(meta)))
    postings.append(Posting(asset.asset_account, -asset.cost, asset.currency, dict(meta)))
    kind = {"sale": "Sale", "scrap": "Scrapping", "donation": "Donation"}.get(
        asset.disposal_kind or "", "Disposal"
    )
    return Transaction(
        asset.disposed,
        f"{kind} of {asset.name} ({asset.id}): cost and accumulated depreciation removed",
        postings,
        links=(asset.disposal_link or f"disposal-{asset.id}",),
    )


def disposal_problems(ws: Workspace) -> list[Problem]:
    """A disposal with a net book value needs an account to book it to: the one its reason
    asks for (541, 551 or 543) must be in the chart."""
    found = []
    numbers = chart_numbers(ws)
    for asset in load_assets(ws):
        if asset.disposed is None or disposal_account(asset, numbers) is not None:
            continue
        nbv = asset.cost - asset.accumulated_at(asset.disposed)
        if not nbv:
            continue
        wanted = DISPOSAL_NUMBERS.get(asset.disposal_kind or "")
        need = (
            f"an account numbered {wanted} in the chart of accounts ({asset.disposal_kind})"
            if wanted and numbers
            else "accounts.disposal_expense"
        )
        found.append(
            _at(
                asset,
                ("accounts",),
                "ASSET-DISPOSAL-ACCOUNT",
                f"{asset.id} is disposed of with a net book value of "
                f"{money(nbv, asset.currency)}: {need} is needed",
            )
        )
    return found


# --- reconciliation with the ledger --------------------------------------------------------


def reconciliation_problems(ws: Workspace) -> list[Problem]:
    """Register and ledger agree: cost per asset account, accumulated depreciation per asset,
    nothing depreciated after disposal or below salvage."""
    assets = load_assets(ws)
    if not assets:
        return []
    entries = [e for e in ws.ledger.entries if isinstance(e, data.Transaction)]
    if not entries:
        return []
    end = max(e.date for e in entries)
    found: list[Problem] = []
    balances: dict[str, Decimal] = defaultdict(lambda: ZERO)
    accumulated: dict[str, Decimal] = defaultdict(lambda: ZERO)
    charged: dict[str, list[tuple[date, Decimal]]] = defaultdict(list)
    by_id = {a.id: a for a in assets}
    accumulated_accounts = {a.accumulated_account for a in assets}
    for entry in entries:
        for p in entry.postings:
            amount = _number(p)
            balances[p.account] += amount
            asset_id = (p.meta or {}).get("asset")
            if p.account in accumulated_accounts and asset_id in by_id and amount < 0:
                charged[asset_id].append((entry.date, -amount))
                accumulated[asset_id] -= amount
    for account in sorted({a.asset_account for a in assets}):
        on_account = [a for a in assets if a.asset_account == account]
        held = sum((a.cost for a in on_account if a.disposed is None or a.disposed > end), ZERO)
        if balances[account] != held:
            first = on_account[0]
            found.append(
                _at(
                    first,
                    ("accounts", "asset"),
                    "ASSET-BALANCE",
                    f"{account} is {money(balances[account], ws.currency)} in the ledger on "
                    f"{end}; the assets held on it cost {money(held, ws.currency)}",
                )
            )
    through = posted_through(books_month(ws), yearly_posting(ws))
    for asset in assets:
        planned = (
            sum((c for m, c in asset.plan() if through is not None and m <= through), ZERO)
            if asset.plan()
            else ZERO
        )
        if accumulated[asset.id] != planned:
            found.append(
                _at(
                    asset,
                    ("depreciation",),
                    "DEPRECIATION-LEDGER",
                    f"{asset.id}: accumulated depreciation in the ledger is "
                    f"{money(accumulated[asset.id], asset.currency)}, the plan through {through} "
                    f"says {money(planned, asset.currency)}; run `backoffice ledger sync`",
                )
            )
        late = [d for d, _ in charged[asset.id] if asset.disposed and d > asset.disposed]
        if late:
            found.append(
                _at(
                    asset,
                    ("disposal", "date"),
                    "DEPRECIATION-AFTER-DISPOSAL",
                    f"{asset.id} is depreciated on {min(late)}, after its disposal on "
                    f"{asset.disposed}",
                )
            )
        if accumulated[asset.id] > asset.cost - asset.salvage:
            found.append(
                _at(
                    asset,
                    ("depreciation",),
                    "DEPRECIATION-BELOW-SALVAGE",
                    f"{asset.id}: accumulated depreciation "
                    f"{money(accumulated[asset.id], asset.currency)} takes the net book value "
                    f"below the salvage value {money(asset.salvage, asset.currency)}",
                )
            )
    return found


# --- the tax book --------------------------------------------------------------------------

TAX_GROUP_YEARS = {0: 2, 1: 4, 2: 6, 3: 8, 4: 12, 5: 20, 6: 40}
"""Depreciation period in years of each Slovak depreciation group (Income Tax Act, § 26)."""
ACCELERATED = {2: (6, 7), 3: (8, 9)}
"""Coefficients of accelerated depreciation (§ 28): (first year, later years); groups 2 and 3."""


@dataclass(frozen=True)
class TaxRounding:
    """How the tax book rounds each step of a year's charge, from a tax year on."""

    valid_from: int
    quantum: Decimal
    mode: str
    each_step: bool
    source: str


TAX_ROUNDING: tuple[TaxRounding, ...] = (
    TaxRounding(
        2004,
        Decimal(1),
        ROUND_CEILING,
        False,
        "§ 27(1) and § 28(1) of the Income Tax Act 595/2003 as in force until 31 December 2019: "
        "the annual depreciation is rounded up to whole euros",
    ),
    TaxRounding(
        2020,
        Decimal("0.01"),
        ROUND_HALF_UP,
        True,
        "§ 47 of the Income Tax Act 595/2003 as in force from 1 January 2020: amounts are rounded "
        "mathematically to cents, at each step of a computation (also the pro rata part of the "
        "annual depreciation under § 27 and § 28)",
    ),
)
"""The rounding of tax depreciation by the tax year it is charged in."""


def tax_rounding(year: int) -> TaxRounding:
    """The rounding rule in force for the tax year `year` (the earliest before all of them)."""
    found = TAX_ROUNDING[0]
    for rule in TAX_ROUNDING:
        if rule.valid_from <= year:
            found = rule
    return found


def _tax_round(value: Decimal, year: int, step: bool = False) -> Decimal:
    """`value` rounded by the rule of `year`; an intermediate `step` only where the rule
    rounds each step (before 2020 only the year's charge was rounded)."""
    rule = tax_rounding(year)
    if step and not rule.each_step:
        return value
    return value.quantize(rule.quantum, rounding=rule.mode)


def tax_charges(cost: Decimal, first: Month, group: int, method: str) -> list[tuple[int, Decimal]]:
    """(year, charge) of the tax book: straight-line (§ 27) or accelerated (§ 28), the year of
    putting into use pro rata by its months (that month included), each step rounded by the
    rule of the year charged (`TAX_ROUNDING`), the last year of the period taking the rest;
    a year whose charge rounds to nothing has no row."""
    years = TAX_GROUP_YEARS.get(group)
    if years is None or cost <= 0:
        return []
    months = Decimal(13 - first.month) / 12
    plan = []
    residual = cost
    year = first.year
    done = 0
    while residual > 0:
        if method == "accelerated" and group in ACCELERATED:
            k1, k = ACCELERATED[group]
            if done == 0:
                charge = _tax_round(_tax_round(cost / k1, year, step=True) * months, year)
            elif k - done > 1:
                charge = _tax_round(2 * residual / (k - done), year)
            else:
                charge = residual
        else:
            annual = cost / years
            if done == years - (first.month == 1):
                charge = residual
            elif done == 0:
                charge = _tax_round(_tax_round(annual, year, step=True) * months, year)
            else:
                charge = _tax_round(annual, year)
        charge = cents(min(charge, residual))
        if charge:
            plan.append((year, charge))
        residual -= charge
        year += 1
        done += 1
    return plan


def tax_schedule(assets: list[Asset], start: date | None, end: date | None) -> list[ScheduleRow]:
    """The tax book of the assets that have one, by year within [start, end]; nothing in or
    after the year of disposal."""
    rows = []
    for asset in assets:
        if asset.tax_group is None or asset.tax_method is None:
            continue
        accumulated = ZERO
        first = Month.of(asset.acquired)
        for year, charge in tax_charges(asset.cost, first, asset.tax_group, asset.tax_method):
            if asset.disposed is not None and year >= asset.disposed.year:
                break
            accumulated += charge
            if (start is None or year >= start.year) and (end is None or year <= end.year):
                rows.append(
                    ScheduleRow(asset, str(year), charge, accumulated, asset.cost - accumulated)
                )
    return rows


def tax_residual_value(asset: Asset) -> Decimal | None:
    """The tax residual value (daňová zostatková cena) on disposal: cost less the tax book's
    charges of the years before the year of disposal; None without a tax book."""
    if asset.tax_group is None or asset.tax_method is None or asset.disposed is None:
        return None
    charged = sum(
        (
            c
            for y, c in tax_charges(
                asset.cost, Month.of(asset.acquired), asset.tax_group, asset.tax_method
            )
            if y < asset.disposed.year
        ),
        ZERO,
    )
    return asset.cost - charged


# --- the schedule as a table ---------------------------------------------------------------


@dataclass
class ScheduleRow:
    asset: Asset
    period: str
    charge: Decimal
    accumulated: Decimal
    net_book_value: Decimal


def schedule(
    assets: list[Asset], start: date | None = None, end: date | None = None, yearly: bool = False
) -> list[ScheduleRow]:
    """The plan of each asset, by month or by year, within [start, end]."""
    rows = []
    for asset in assets:
        accumulated = ZERO
        grouped: dict[str, tuple[Decimal, Decimal, date]] = {}
        for month, charge in asset.plan():
            accumulated += charge
            key = str(month.year) if yearly else str(month)
            previous = grouped.get(key, (ZERO, ZERO, month.last))
            grouped[key] = (previous[0] + charge, accumulated, month.last)
        for key, (charge, acc, last) in grouped.items():
            if (start is None or last >= start) and (
                end is None or last <= end or (yearly and last.year == end.year)
            ):
                rows.append(ScheduleRow(asset, key, charge, acc, asset.cost - acc))
    return rows


def unbooked_months(ws: Workspace, period: Period) -> list[str]:
    """Depreciation of a whole month of `period` that the plan charges and the books lack."""
    months = whole_months(period)
    if not months:
        return []
    booked = booked_links(ws)
    due = transactions(ws, through=months[-1], yearly=yearly_posting(ws))
    return [
        f"depreciation of {link.removeprefix('depreciation-')} is not booked: "
        "run `backoffice ledger sync`"
        for entry in due
        for link in entry.links
        if link.startswith("depreciation-")
        and period.start <= entry.date <= period.end
        and link not in booked
    ]
