"""The micro entity's statutory statements (Úč MÚJ 1-01 and 2-01) in whole euros, built from
the chart's Slovak account numbers through a mapping kept as data (`statutory-muj.yaml`, which
a company may replace by `ledger/statutory-muj.yaml`)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from beancount.core import data

from backoffice.core.period import Period
from backoffice.core.problems import Problem
from backoffice.core.values import ZERO
from backoffice.derive.books import Books, balances, books, debits_credits
from backoffice.load.ledger import relative
from backoffice.load.workspace import Workspace
from backoffice.load.yamlfile import Positions, parse_yaml_file
from backoffice.report.model import Column, Report, ReportError, Row

OVERRIDE = "ledger/statutory-muj.yaml"
DEFAULT = Path(__file__).with_name("statutory-muj.yaml")
DEFAULT_REL = "backoffice/accounting/statutory-muj.yaml"
EURO = Decimal(1)
_ACCOUNT = re.compile(r"-?[0-6][0-9]{0,2}")
_LINE_KEYS = {"line", "mark", "text", "accounts", "debit_balance", "credit_balance", "due", "sum"}
_LINE_KEYS |= {"balancing"}
_DUE = ("within_year", "after_year")
_SLOVAK = re.compile(r"[0-7][0-9]{2}(\.[0-9A-Za-z]+)?")
"""A Slovak account number (synthetic, optionally .analytical); other `number` metadata, such
as a bank account's number in a foreign ledger, is not one."""


@dataclass(frozen=True)
class Line:
    """One line of a form: its number, marking and official text, and what it adds up."""

    line: str
    mark: str
    text: str
    accounts: tuple[str, ...] = ()
    debit_balance: tuple[str, ...] = ()
    credit_balance: tuple[str, ...] = ()
    due: str = ""
    sum: tuple[str, ...] = ()
    balancing: bool = False

    def names(self) -> tuple[str, ...]:
        """Every account prefix the line takes balances from, without the correction sign."""
        return tuple(
            a.lstrip("-") for a in self.accounts + self.debit_balance + self.credit_balance
        )


@dataclass(frozen=True)
class Mapping:
    source: str
    credit_from: str
    balance_sheet: tuple[Line, ...]
    income_statement: tuple[Line, ...]


class StatutoryError(ReportError):
    """The mapping or the chart of accounts stops the statutory statements."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in sorted(problems)))
        self.problems = problems


def load_mapping(root: Path) -> Mapping:
    """The repository's own mapping if it has one, else the one shipped with the toolkit."""
    path, rel = (
        (root / OVERRIDE, OVERRIDE) if (root / OVERRIDE).is_file() else (DEFAULT, DEFAULT_REL)
    )
    parsed, problems = parse_yaml_file(path, rel)
    if parsed is None:
        raise StatutoryError(problems)
    return parse_mapping(parsed.data, parsed.positions, rel)


def parse_mapping(raw: Any, positions: Positions, rel: str) -> Mapping:
    """The mapping's lines, or every problem in it: a line defined twice, an account number
    that is no synthetic account or group of the chart, a sum naming no line."""
    problems: list[Problem] = []

    def problem(where: tuple[str | int, ...], code: str, message: str) -> None:
        problems.append(Problem(rel, *positions.of(where), code, message))

    if not isinstance(raw, dict):
        raise StatutoryError([Problem(rel, 1, 1, "STAT-MAPPING", "not a mapping of statements")])
    statements = {}
    for key in ("balance_sheet", "income_statement"):
        statements[key] = _lines(raw.get(key), key, problem)
    credit_from = str(raw.get("credit_from", ""))
    if credit_from not in {ln.line for ln in statements["balance_sheet"]}:
        problem(("credit_from",), "STAT-MAPPING", f"credit_from {credit_from!r} names no line")
    if problems:
        raise StatutoryError(problems)
    return Mapping(
        str(raw.get("source", "")),
        credit_from,
        statements["balance_sheet"],
        statements["income_statement"],
    )


def _lines(items: Any, key: str, problem: Any) -> tuple[Line, ...]:
    """One statement's lines, reporting each bad one through `problem`."""
    if not isinstance(items, list) or not items:
        problem((key,), "STAT-MAPPING", f"{key} must be a list of lines")
        return ()
    lines: list[Line] = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        where = (key, i)
        if not isinstance(item, dict) or not isinstance(item.get("line"), str):
            problem(where, "STAT-MAPPING", 'each line needs a quoted number, e.g. line: "01"')
            continue
        for extra in sorted(set(item) - _LINE_KEYS):
            problem((*where, extra), "STAT-MAPPING", f"unknown key {extra!r}")
        if item["line"] in seen:
            problem(
                (*where, "line"), "STAT-LINE-TWICE", f"{key} line {item['line']} is defined twice"
            )
            continue
        seen.add(item["line"])
        lists = {k: item.get(k, []) for k in ("accounts", "debit_balance", "credit_balance", "sum")}
        for k, value in lists.items():
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                problem((*where, k), "STAT-MAPPING", f"{k} must be a list of quoted numbers")
                lists[k] = []
        for k in ("accounts", "debit_balance", "credit_balance"):
            for j, number in enumerate(lists[k]):
                if not _ACCOUNT.fullmatch(number):
                    problem(
                        (*where, k, j),
                        "STAT-UNKNOWN-ACCOUNT",
                        f"{number!r} is no synthetic account or account group of the chart "
                        "(classes 0–6, one to three digits)",
                    )
        due = item.get("due", "")
        if due and due not in _DUE:
            problem((*where, "due"), "STAT-MAPPING", f"due must be one of {', '.join(_DUE)}")
        lines.append(
            Line(
                item["line"],
                str(item.get("mark", "")),
                str(item.get("text", "")),
                accounts=tuple(lists["accounts"]),
                debit_balance=tuple(lists["debit_balance"]),
                credit_balance=tuple(lists["credit_balance"]),
                due=str(due),
                sum=tuple(lists["sum"]),
                balancing=item.get("balancing") is True,
            )
        )
    names = {ln.line for ln in lines}
    for i, ln in enumerate(lines):
        for j, ref in enumerate(ln.sum):
            if ref.lstrip("-") not in names:
                problem(
                    (key, i, "sum", j), "STAT-UNKNOWN-LINE", f"sum names line {ref}, not in {key}"
                )
    return tuple(lines)


def _synthetic(number: str) -> str:
    """The synthetic account of an analytical number: 343.1 → 343."""
    return number.split(".")[0]


def _matches(prefixes: tuple[str, ...], synthetic: str) -> bool:
    return any(synthetic.startswith(p.lstrip("-")) for p in prefixes)


class Statement:
    """One form's lines computed for one column: balances in, whole euros out."""

    def __init__(self, lines: tuple[Line, ...], credit: set[str]) -> None:
        self.lines = lines
        self.credit = credit
        self.by_line = {ln.line: ln for ln in lines}

    def exact(
        self, sums: dict[str, Decimal], synthetic: dict[str, str], due: dict[str, Decimal]
    ) -> dict[str, Decimal]:
        """Each leaf line's exact amount, positive as the form shows it."""
        net: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for account, amount in sums.items():
            if account in synthetic:
                net[synthetic[account]] += amount
        values: dict[str, Decimal] = {}
        for ln in self.lines:
            if ln.sum:
                continue
            sign = -1 if ln.line in self.credit else 1
            total = ZERO
            for account, amount in sums.items():
                number = synthetic.get(account)
                if number is None:
                    continue
                if _matches(ln.accounts, number):
                    total += amount * sign
            for number, amount in net.items():
                if _matches(ln.debit_balance, number) and amount > 0:
                    total += amount
                if _matches(ln.credit_balance, number) and amount < 0:
                    total -= amount
            if ln.due:
                total = due[ln.due] if ln.due == "within_year" else total - due["within_year"]
            values[ln.line] = total
        return values

    def total(self, name: str, leaves: dict[str, Decimal]) -> Decimal:
        """A line's value: a leaf's own, or the signed sum of the lines it names."""
        ln = self.by_line[name]
        if not ln.sum:
            return leaves[name]
        return sum(
            (
                -self.total(r[1:], leaves) if r.startswith("-") else self.total(r, leaves)
                for r in ln.sum
            ),
            ZERO,
        )

    def weights(self, name: str) -> dict[str, int]:
        """How often each leaf enters a line (+1 or −1), for rounding the leaves to its total."""
        ln = self.by_line[name]
        if not ln.sum:
            return {name: 1}
        out: dict[str, int] = defaultdict(int)
        for ref in ln.sum:
            sign = -1 if ref.startswith("-") else 1
            for leaf, w in self.weights(ref.lstrip("-")).items():
                out[leaf] += sign * w
        return dict(out)


def _whole(amount: Decimal) -> Decimal:
    return amount.quantize(EURO, rounding=ROUND_HALF_UP) + ZERO


def round_to(exact: dict[str, Decimal], weights: dict[str, int]) -> dict[str, Decimal]:
    """Whole euros per leaf, nudged by a euro where the rounding errors are largest so that the
    weighted sum equals the exact sum rounded (the largest-remainder method)."""
    rounded = {k: _whole(v) for k, v in exact.items()}
    target = _whole(sum((exact[k] * w for k, w in weights.items()), ZERO))
    gap = target - sum((rounded[k] * w for k, w in weights.items()), ZERO)
    step = 1 if gap > 0 else -1
    order = sorted(
        (k for k, w in weights.items() if w),
        key=lambda k: -(exact[k] - rounded[k]) * weights[k] * step,
    )
    for k in order[: int(abs(gap))]:
        rounded[k] += step * weights[k]
    return rounded


def _chart(b: Books, ws: Workspace) -> tuple[dict[str, str], dict[str, tuple[str, int]]]:
    """Each account's synthetic number, and where it is opened (for problems)."""
    synthetic = {a: _synthetic(n) for a, n in b.numbers.items() if _SLOVAK.fullmatch(n)}
    if synthetic:  # earlier years' results are carried to it even when it is never opened
        synthetic.setdefault(b.previous_earnings, "428")
    where = {
        e.account: (relative(ws.root, e.meta.get("filename")), int(e.meta.get("lineno") or 1))
        for e in b.entries
        if isinstance(e, data.Open)
    }
    return synthetic, where


def _uncovered(
    mapping_lines: tuple[Line, ...],
    columns: list[dict[str, Decimal]],
    chart: tuple[dict[str, str], dict[str, tuple[str, int]]],
    label: str,
) -> list[Problem]:
    """STAT-UNCOVERED for each account with a balance that no line of the form takes."""
    synthetic, where = chart
    problems: list[Problem] = []
    if not synthetic:
        return problems
    names = tuple(n for ln in mapping_lines for n in ln.names())
    for account in sorted({a for c in columns for a, v in c.items() if v}):
        number = synthetic.get(account)
        path, line = where.get(account, ("ledger/accounts.beancount", 1))
        if number is None:
            problems.append(
                Problem(
                    path,
                    line,
                    1,
                    "STAT-UNCOVERED",
                    f"{account} has a balance and no Slovak account `number`: no line of the "
                    f"{label} can take it",
                )
            )
        elif not _matches(names, number):
            problems.append(
                Problem(
                    path,
                    line,
                    1,
                    "STAT-UNCOVERED",
                    f"{account} (account {number}) has a balance that no line of the {label} "
                    "covers",
                )
            )
    return problems


def _unnumbered(synthetic: dict[str, str]) -> list[str]:
    """A chart with no Slovak account numbers at all gives empty lines, and says why."""
    if synthetic:
        return []
    return ["No account carries a `number` (its Slovak synthetic account): every line is empty."]


def _due_within_year(
    b: Books, synthetic: dict[str, str], day: date, sums: dict[str, Decimal]
) -> Decimal:
    """The part of the loans (46x) due within a year: twelve times the average monthly
    principal repaid in the months of the last year that had a repayment, at most the
    balance (the example's loans have no repayment schedule to read)."""
    loans = [a for a, n in synthetic.items() if n.startswith("46")]
    owed = -sum((sums.get(a, ZERO) for a in loans), ZERO)
    repaid: list[Decimal] = []
    month_end = day
    for _ in range(12):
        month_start = month_end.replace(day=1)
        debit, _, _ = debits_credits(b, month_start, month_end)
        paid = sum((debit.get(a, ZERO) for a in loans), ZERO)
        if paid:
            repaid.append(paid)
        month_end = month_start - timedelta(days=1)
    if not repaid or owed <= 0:
        return ZERO
    return min(owed, sum(repaid, ZERO) / len(repaid) * 12)


def _position(b: Books, day: date) -> dict[str, Decimal]:
    """Balances at a date with the years before the fiscal year moved to the previous
    earnings account and the year's own result to 431's line (as the form's result line)."""
    sums, _ = balances(b, None, day)
    fy = b.fiscal_year_start(day)
    before, _ = balances(b, None, fy - timedelta(days=1))
    out = {a: v for a, v in sums.items() if not b.is_result_account(a)}
    carried = sum((v for a, v in before.items() if b.is_result_account(a)), ZERO)
    out[b.previous_earnings] = out.get(b.previous_earnings, ZERO) + carried
    return out


def _result(b: Books, start: date, end: date) -> Decimal:
    """The result of a span, profit positive."""
    sums, _ = balances(b, start, end)
    return -sum((v for a, v in sums.items() if b.is_result_account(a)), ZERO)


def _rows(lines: tuple[Line, ...], columns: list[dict[str, Decimal]]) -> list[Row]:
    return [
        Row(
            {
                "mark": ln.mark,
                "line": ln.line,
                "text": ln.text,
                "current": columns[0][ln.line],
                "previous": columns[1][ln.line],
            },
            "group" if ln.sum else "item",
        )
        for ln in lines
    ]


def _columns(current: str, previous: str) -> list[Column]:
    return [
        Column("mark", "Označenie"),
        Column("line", "Riadok"),
        Column("text", "Text"),
        Column("current", current, "number"),
        Column("previous", previous, "number"),
    ]


def statutory_balance_sheet(ws: Workspace, as_of: date) -> Report:
    """Súvaha Úč MÚJ 1-01 at a date beside the previous fiscal year-end, in whole euros."""
    b = books(ws)
    mapping = load_mapping(ws.root)
    chart = _chart(b, ws)
    synthetic = chart[0]
    previous = b.fiscal_year_start(as_of) - timedelta(days=1)
    days = (as_of, previous)
    sums = [_position(b, d) for d in days]
    problems = _uncovered(mapping.balance_sheet, sums, chart, "balance sheet")
    if problems:
        raise StatutoryError(problems)
    lines = mapping.balance_sheet
    names = [ln.line for ln in lines]
    credit = set(names[names.index(mapping.credit_from) :])
    form = Statement(lines, credit)
    balancing = next((ln.line for ln in lines if ln.balancing), None)
    columns, notes = [], []
    for day, s in zip(days, sums, strict=True):
        result = _result(b, b.fiscal_year_start(day), day)
        exact = form.exact(s, synthetic, {"within_year": _due_within_year(b, synthetic, day, s)})
        if balancing is not None:
            exact[balancing] += result
        leaves = {k: _whole(v) for k, v in exact.items()}
        if balancing is not None:
            others = sum((v for k, v in leaves.items() if k in credit and k != balancing), ZERO)
            leaves[balancing] = form.total(names[0], leaves) - others
            gap = leaves[balancing] - _whole(exact[balancing])
            if gap:
                notes.append(
                    f"{day.isoformat()}: line {balancing} differs from the exact result rounded by "
                    f"{gap} € — the rounding of the other lines, carried by the result line "
                    "as the form defines it (total assets less the other lines)."
                )
        columns.append({ln.line: form.total(ln.line, leaves) for ln in lines})
    return Report(
        name="statutory-balance-sheet",
        title="Súvaha Úč MÚJ 1-01",
        subtitle=(
            f"k {as_of.isoformat()}, bezprostredne predchádzajúce obdobie k "
            f"{previous.isoformat()}, v celých eurách"
        ),
        period=None,
        as_of=as_of,
        currency=b.currency,
        columns=_columns(as_of.isoformat(), previous.isoformat()),
        rows=_rows(lines, columns),
        totals={
            "assets": columns[0][names[0]],
            "equity_and_liabilities": columns[0][mapping.credit_from],
            "previous_assets": columns[1][names[0]],
            "previous_equity_and_liabilities": columns[1][mapping.credit_from],
        },
        notes=[*notes, *_unnumbered(synthetic), f"Lines: {mapping.source}."],
    )


def statutory_income_statement(ws: Workspace, period: Period) -> Report:
    """Výkaz ziskov a strát Úč MÚJ 2-01 over a period beside the previous fiscal year, in
    whole euros; the last line equals the ledger's result rounded."""
    b = books(ws)
    mapping = load_mapping(ws.root)
    chart = _chart(b, ws)
    synthetic = chart[0]
    fy = b.fiscal_year_start(period.start)
    earlier = (b.fiscal_year_start(fy - timedelta(days=1)), fy - timedelta(days=1))
    spans = [(period.start, period.end), earlier]
    sums = [balances(b, s, e)[0] for s, e in spans]
    result_sums = [{a: v for a, v in s.items() if b.is_result_account(a)} for s in sums]
    problems = _uncovered(mapping.income_statement, result_sums, chart, "income statement")
    if problems:
        raise StatutoryError(problems)
    lines = mapping.income_statement
    credit = {ln.line for ln in lines if any(n.startswith("6") for n in ln.names())}
    form = Statement(lines, credit)
    last = lines[-1].line
    weights = form.weights(last)
    columns = []
    for s in result_sums:
        exact = form.exact(s, synthetic, {"within_year": ZERO})
        leaves = round_to(exact, weights)
        columns.append({ln.line: form.total(ln.line, leaves) for ln in lines})
    results = [_whole(_result(b, s, e)) for s, e in spans]
    return Report(
        name="statutory-income-statement",
        title="Výkaz ziskov a strát Úč MÚJ 2-01",
        subtitle=(
            f"{period.start.isoformat()} – {period.end.isoformat()}, bezprostredne predchádzajúce "
            f"obdobie {earlier[0].isoformat()} – {earlier[1].isoformat()}, v celých eurách"
        ),
        period=period,
        currency=b.currency,
        columns=_columns(period.label, f"{earlier[0].isoformat()}..{earlier[1].isoformat()}"),
        rows=_rows(lines, columns),
        totals={
            "result": columns[0][last],
            "ledger_result": results[0],
            "previous_result": columns[1][last],
        },
        notes=[*_unnumbered(synthetic), f"Lines: {mapping.source}."],
    )


def statutory_balance_sheet_report(ws: Workspace, _period: Period, as_of: date) -> Report:
    return statutory_balance_sheet(ws, as_of)


def statutory_income_statement_report(ws: Workspace, period: Period, _as_of: date) -> Report:
    return statutory_income_statement(ws, period)
