"""The financial statements and the other ledger reports: golden files of the example company,
cross-checked with beanquery; the report commands."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import beanquery
import pytest
from beancount import loader
from beancount.parser import options
from hypothesis import given, settings
from hypothesis import strategies as st

from backoffice.accounting.statements import balance_sheet, income_statement, trial_balance
from backoffice.core.period import parse_period
from backoffice.derive.books import Books
from backoffice.domains import open_workspace
from backoffice.load.workspace import Workspace
from backoffice.report.model import Column, Report, Row
from backoffice.report.registry import build_report
from backoffice.report.render import render, stylesheet
from support import REPO, Tiny, example_report, run

STATEMENTS = ("trial-balance", "balance-sheet", "income-statement")


@pytest.fixture(scope="module")
def example() -> Workspace:
    return open_workspace(REPO)


@pytest.fixture(scope="module")
def built(example: Workspace) -> dict[str, Report]:
    period = parse_period("2026")
    return {name: build_report(example, name, period) for name in STATEMENTS}


@pytest.mark.parametrize("name", STATEMENTS)
@pytest.mark.parametrize("fmt", ["md", "csv", "html", "json", "text"])
def test_golden(
    built: dict[str, Report],
    example: Workspace,
    name: str,
    fmt: str,
    golden: Callable[[str, str], None],
) -> None:
    golden(f"{name}.{fmt}", render(built[name], fmt, example.locale, stylesheet(example)))


def _query(ws: Workspace, sql: str) -> dict[str, Decimal]:
    conn = beanquery.connect(
        "beancount:", entries=ws.ledger.entries, errors=ws.ledger.errors, options=ws.ledger.options
    )
    return {account: total for account, total in conn.execute(sql).fetchall() if total}


def test_trial_balance_agrees_with_beanquery(built: dict[str, Report], example: Workspace) -> None:
    closing = _query(
        example, "SELECT account, sum(number) WHERE date <= 2026-12-31 GROUP BY account"
    )
    moved = _query(
        example,
        "SELECT account, sum(number) WHERE date >= 2026-01-01 AND "
        "date <= 2026-12-31 GROUP BY account",
    )
    rows = [r for r in built["trial-balance"].rows if r.kind == "item"]
    assert {r.cells["account"]: r.cells["closing"] for r in rows if r.cells["closing"]} == closing
    assert {
        r.cells["account"]: r.cells["debit"] - r.cells["credit"]
        for r in rows
        if r.cells["debit"] != r.cells["credit"]
    } == moved
    totals = built["trial-balance"].totals
    assert totals["debit"] == totals["credit"] > 0
    assert totals["opening"] == totals["closing"] == 0


def test_balance_sheet_balances(built: dict[str, Report], example: Workspace) -> None:
    """Assets = liabilities + equity (with the year's result); JSON keeps Beancount's signs."""
    totals = built["balance-sheet"].totals
    assert totals["assets"] == -totals["liabilities_and_equity"] > 0
    assert totals["previous_assets"] == -totals["previous_liabilities_and_equity"] > 0
    every = _query(
        example,
        "SELECT account, sum(number) WHERE date <= 2026-12-31 AND "
        "account ~ '^(Assets|Liabilities|Equity)' GROUP BY account",
    )
    rows = {
        r.cells["account"]: r.cells["current"]
        for r in built["balance-sheet"].rows
        if r.kind == "item" and r.cells["account"].startswith(("Assets", "Liabilities", "Equity"))
    }
    assert {a: v for a, v in rows.items() if v} == every


def test_income_statement_result_agrees_with_beanquery(
    built: dict[str, Report], example: Workspace
) -> None:
    pnl = _query(
        example,
        "SELECT 'result', sum(number) WHERE account ~ '^(Income|Expenses)' "
        "AND year = 2026 GROUP BY 1",
    )
    totals = built["income-statement"].totals
    assert totals["result"] == pnl["result"] < 0  # a profit, in Beancount's signs
    assert totals["result"] == built["balance-sheet"].totals["result"]


def test_income_statement_months_agree_with_beanquery(
    built: dict[str, Report], example: Workspace
) -> None:
    """Each month column of every account equals beanquery's sum for that month, to the cent."""
    monthly: dict[tuple[str, str], Decimal] = {}
    conn = beanquery.connect(
        "beancount:",
        entries=example.ledger.entries,
        errors=example.ledger.errors,
        options=example.ledger.options,
    )
    for account, month, total in conn.execute(
        "SELECT account, month, sum(number) WHERE year = 2026 AND "
        "account ~ '^(Income|Expenses)' GROUP BY account, month"
    ).fetchall():
        if total:
            monthly[(account, f"2026-{month:02d}")] = total
    ours = {
        (r.cells["account"], key): r.cells[key]
        for r in built["income-statement"].rows
        if r.kind == "item"
        for key in (f"2026-{m:02d}" for m in range(1, 13))
        if r.cells[key]
    }
    assert ours == monthly
    columns = [c.key for c in built["income-statement"].columns]
    assert columns[:4] == ["account", "number", "current", "previous"]
    assert columns[4:] == [f"2026-{m:02d}" for m in range(1, 13)]


def test_json_keeps_beancount_signs_and_states_the_display_sign(
    built: dict[str, Report], example: Workspace
) -> None:
    data = json.loads(render(built["income-statement"], "json"))
    income = next(r for r in data["rows"] if r["account"] == "Income")
    assert income["sign"] == -1 and income["current"].startswith("-")
    expenses = next(r for r in data["rows"] if r["account"] == "Expenses")
    assert expenses["sign"] == 1 and not expenses["current"].startswith("-")
    text = render(built["income-statement"], "text", "en_US")
    shown = f"{-Decimal(income['current']):,.2f}"
    assert shown in text and f"-{shown}" not in text
    assert all("account" in r for r in data["rows"])


def test_prior_years_results_are_carried(tiny: Tiny) -> None:
    """Income of an earlier, unclosed year shows as previous earnings, and the books balance."""
    ws = open_workspace(tiny.root)
    tb = build_report(ws, "trial-balance", parse_period("2027"))
    assert [(r.cells["account"], r.cells["opening"]) for r in tb.rows] == [
        ("Assets:Bank", Decimal("1200.00")),
        ("Equity:Earnings:Previous", Decimal("-200.00")),
        ("Equity:Opening", Decimal("-1000.00")),
        ("Total", Decimal("0.00")),
    ]
    bs = build_report(ws, "balance-sheet", as_of=parse_period("2027").end)
    assert bs.totals["assets"] == -bs.totals["liabilities_and_equity"] == Decimal("1200.00")


def test_report_cli_json_contract(tiny: Tiny) -> None:
    result = run(
        "--root",
        str(tiny.root),
        "report",
        "income-statement",
        "--period",
        "2026-01",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {
        "report",
        "title",
        "entity",
        "period",
        "as_of",
        "currency",
        "columns",
        "rows",
        "totals",
        "notes",
    }
    assert data["period"] == {"label": "2026-01", "start": "2026-01-01", "end": "2026-01-31"}
    assert data["totals"]["result"] == "-200.00"
    assert data["totals"]["income"] == "-500.00"
    assert data["totals"]["previous_result"] == "0.00"


def test_report_to_file(tiny: Tiny, tmp_path: Path) -> None:
    out = tmp_path / "tb.csv"
    result = run("--root", str(tiny.root), "report", "trial-balance", "-f", "csv", "-o", str(out))
    assert result.exit_code == 0
    assert out.read_text().splitlines()[0] == "Account,No.,Opening,Debit,Credit,Closing,Kind,Level"


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2026-13", "'2026-13' is not a valid period: "),  # then Python's own words
        ("2026-06-30..2026-01-01", "'2026-06-30..2026-01-01' ends before it starts\n"),
    ],
    ids=["no such month", "ends before it starts"],
)
def test_bad_period_is_usage_error(tiny: Tiny, period: str, message: str) -> None:
    result = run("--root", str(tiny.root), "report", "trial-balance", "--period", period)
    assert result.exit_code == 2
    assert f"\nError: Invalid value for '--period' / '-p': {message}" in result.stderr


def test_unknown_report_is_usage_error(tiny: Tiny) -> None:
    result = run("--root", str(tiny.root), "report", "cash-flows")
    assert result.exit_code == 2


WRITING_COMMANDS = [("report", "trial-balance", "-o", "tb.csv"), ("reports",)]
"""`report -o` and `reports`: both would write files, and must not when they refuse."""


def _files(root: Path) -> set[Path]:
    return set(root.rglob("*"))


@pytest.mark.parametrize("args", WRITING_COMMANDS, ids=["report", "reports"])
def test_report_refuses_a_broken_ledger(
    tiny: Tiny, args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    with tiny.path("ledger/main.beancount").open("a") as handle:
        handle.write(
            '\n2026-02-01 * "Unbalanced"\n  Assets:Bank 10.00 EUR\n  Income:Sales -9.00 EUR\n'
        )
    monkeypatch.chdir(tiny.root)
    before = _files(tiny.root)
    result = run("--root", str(tiny.root), *args)
    assert result.exit_code == 1
    assert result.stderr == (
        "ledger/main.beancount:20:1: LEDGER Transaction does not balance: (1.00 EUR)\n"
        "Error: ledger/main.beancount has 1 error, listed above; `backoffice check` lists them "
        "with every other problem\n"
    )
    assert _files(tiny.root) == before


@pytest.mark.parametrize("args", WRITING_COMMANDS, ids=["report", "reports"])
def test_empty_ledger_has_no_default_period(
    tiny: Tiny, args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    tiny.write("ledger/main.beancount", 'option "operating_currency" "EUR"\n')
    monkeypatch.chdir(tiny.root)
    before = _files(tiny.root)
    result = run("--root", str(tiny.root), *args)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: the ledger opens no account yet: ledger/accounts.beancount is empty\n"
    )
    assert _files(tiny.root) == before


def test_accounts_without_transactions_give_empty_reports_with_a_note(tiny: Tiny) -> None:
    """A new company: the chart of accounts is open, nothing is booked yet."""
    tiny.write(
        "ledger/main.beancount",
        'option "operating_currency" "EUR"\n2026-12-01 open Assets:Bank EUR\n',
    )
    result = run("--root", str(tiny.root), "report", "balance-sheet", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["as_of"] == "2026-12-31"
    assert report["notes"] == ["No data yet: the ledger has no transactions."]


def test_serve_without_fava(tiny: Tiny, monkeypatch: pytest.MonkeyPatch) -> None:
    def not_run(*args: object) -> None:
        raise AssertionError("fava must not be started")

    monkeypatch.setattr(shutil, "which", lambda *args, **kwargs: None)
    monkeypatch.setattr(os, "execv", not_run)
    result = run("--root", str(tiny.root), "serve")
    assert result.exit_code == 1
    assert result.stderr == "Error: fava is not installed in this environment\n"


def test_reports_writes_every_format_and_an_index(tiny: Tiny) -> None:
    result = run("--root", str(tiny.root), "reports")
    assert result.exit_code == 0, result.output
    out = tiny.root / "build" / "reports"
    names = {p.name for p in out.iterdir()}
    assert "index.html" in names
    for name in (*STATEMENTS, "cash-flow", "vat", "receivables", "payables"):
        assert {f"{name}.{ext}" for ext in ("md", "html", "csv", "json")} <= names
    index = (out / "index.html").read_text()
    for name in STATEMENTS:
        assert f'href="{name}.html"' in index


ACCOUNTS = [
    "Assets:Bank",
    "Assets:Receivables",
    "Liabilities:Payables",
    "Equity:Capital",
    "Income:Sales",
    "Expenses:Rent",
    "Expenses:Salaries",
]
postings = st.tuples(
    st.dates(date(2024, 1, 1), date(2026, 12, 31)),
    st.sampled_from(ACCOUNTS),
    st.sampled_from(ACCOUNTS),
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2),
)


def _books(transfers: list[tuple[date, str, str, Decimal]]) -> Books:
    text = "".join(f"2020-01-01 open {a} EUR\n" for a in ACCOUNTS)
    for day, debit, credit, amount in transfers:
        text += f'{day} * "t"\n  {debit}  {amount} EUR\n  {credit}  -{amount} EUR\n'
    entries, errors, options_map = loader.load_string(text)
    assert not errors
    roots = dict(
        zip(
            ("assets", "liabilities", "equity", "income", "expenses"),
            options.get_account_types(options_map),
            strict=True,
        )
    )
    return Books(entries, "EUR", roots, options.get_previous_accounts(options_map)[0])


@settings(max_examples=60, deadline=None)
@given(st.lists(postings, max_size=25), st.sampled_from(["2025", "2026-Q2", "2026"]))
def test_statements_always_balance(
    transfers: list[tuple[date, str, str, Decimal]], label: str
) -> None:
    books = _books(transfers)
    period = parse_period(label)
    tb = trial_balance(books, period).totals
    assert tb["debit"] == tb["credit"]
    assert tb["opening"] == tb["closing"] == 0
    bs = balance_sheet(books, period.end).totals
    assert bs["assets"] == -bs["liabilities_and_equity"]
    assert bs["previous_assets"] == -bs["previous_liabilities_and_equity"]
    year_to_date = parse_period(f"{period.end.year}-01-01..{period.end.isoformat()}")
    assert bs["result"] == income_statement(books, year_to_date).totals["result"]


def test_a_company_restyles_html_reports(tiny: Tiny) -> None:
    tiny.write("templates/report.css", "body { color: rebeccapurple; }\n")
    result = run("--root", str(tiny.root), "report", "trial-balance", "-f", "html")
    assert "<style>\nbody { color: rebeccapurple; }\n</style>" in result.stdout


def test_html_escapes_every_value() -> None:
    report = Report(
        name="x",
        title="<T&C>",
        period=None,
        columns=[Column("account", "<b>Account</b>")],
        rows=[Row({"account": "<script>alert(1)</script>"})],
    )
    page = render(report, "html")
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<title>&lt;T&amp;C&gt;</title>" in page


def test_vat_totals_agree_with_beanquery(example: Workspace) -> None:
    """Per month: output and input VAT equal the VAT accounts' movements without the #vat
    settlements (beanquery), and output − input equals what the settlement moved to pay."""
    vat = build_report(example, "vat", parse_period("2026"))
    conn = beanquery.connect(
        "beancount:",
        entries=example.ledger.entries,
        errors=example.ledger.errors,
        options=example.ledger.options,
    )

    def per_month(sql: str) -> dict[str, Decimal]:
        return {f"2026-{m:02d}": t for m, t in conn.execute(sql).fetchall() if t}

    output = per_month(
        "SELECT month, sum(number) WHERE year = 2026 AND account = 'Liabilities:Tax:VAT-Output' "
        "AND NOT ('vat' IN tags) GROUP BY month"
    )
    input_ = per_month(
        "SELECT month, sum(number) WHERE year = 2026 AND account = 'Assets:Tax:VAT-Input' "
        "AND NOT ('vat' IN tags) GROUP BY month"
    )
    settled = per_month(
        "SELECT month, sum(number) WHERE year = 2026 AND account = 'Liabilities:Tax:VAT-Payable' "
        "AND 'vat' IN tags AND number < 0 GROUP BY month"
    )
    ours: dict[str, dict[str, Decimal]] = {}
    for row in vat.rows:
        if row.kind == "item" and row.cells["line"] in ("Output VAT", "Input VAT"):
            ours.setdefault(row.cells["line"], {})[row.cells["period"]] = row.cells["vat"]
        if row.kind == "section":
            ours.setdefault("payable", {})[row.cells["period"]] = row.cells["vat"]
    assert {k: v for k, v in ours["Output VAT"].items() if v} == {k: -v for k, v in output.items()}
    assert {k: v for k, v in ours["Input VAT"].items() if v} == input_
    for month, amount in settled.items():
        assert ours["payable"][month] == -amount
    assert vat.totals["output_vat"] == -sum(output.values())
    assert vat.totals["input_vat"] == sum(input_.values())
    assert not [note for note in vat.notes if "DIFFERENCE" in note]
    agreed = [note for note in vat.notes if "the settlement moved the payable" in note]
    assert len(agreed) == 11  # January to November; December is not settled yet
    assert vat.notes[-1] == (
        "2026-12: no VAT settlement entry in the period: -379.96 is still on the output and "
        "input VAT accounts."
    )
    rates = {r.cells.get("rate") for r in vat.rows if r.kind == "item" and "rate" in r.cells}
    assert Decimal(23) in rates


def test_cash_flow_explains_the_change_in_cash(example: Workspace) -> None:
    report = build_report(example, "cash-flow", parse_period("2026"))
    totals = report.totals
    assert totals["closing"] - totals["opening"] == totals["net"]
    assert totals["inflows"] - totals["outflows"] == totals["net"]
    cash = _query(
        example,
        "SELECT 'cash', sum(number) WHERE date <= 2026-12-31 AND "
        "account ~ '^Assets:(Bank|Cash)' GROUP BY 1",
    )
    assert totals["closing"] == cash["cash"]
    assert all("account" in r.cells for r in report.rows)


@pytest.mark.parametrize("name", ["cash-flow", "vat", "receivables", "payables", "budget"])
@pytest.mark.parametrize("fmt", ["json", "text"])
def test_golden_of_the_other_reports(
    name: str, fmt: str, golden: Callable[[str, str], None]
) -> None:
    """The example company's reports at a fixed date, as the contract (JSON) and as read."""
    golden(f"{name}.{fmt}", example_report(name, fmt))
