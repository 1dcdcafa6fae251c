"""Depreciation plans: exact to the cent for any asset, the example register against its
ledger, the schedule command, and bad asset records."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backoffice.assets import depreciation
from backoffice.core.period import Month
from backoffice.domains import open_workspace
from backoffice.load.workspace import Workspace
from support import REPO, run
from support.books import copy_example, edit

CENT = Decimal("0.01")


@pytest.fixture(scope="module")
def example() -> Workspace:
    return open_workspace(REPO)


@pytest.fixture
def company(tmp_path: Path) -> Path:
    return copy_example(tmp_path)


@given(
    cost=st.decimals(min_value=0, max_value=10_000_000, places=2),
    salvage_share=st.decimals(min_value=0, max_value=1, places=2),
    life=st.integers(min_value=1, max_value=600),
    method=st.sampled_from(["straight-line", "declining-balance"]),
    factor=st.sampled_from([Decimal("1.5"), Decimal("2"), Decimal("3")]),
)
def test_any_plan_is_exact_to_the_cent(
    cost: Decimal, salvage_share: Decimal, life: int, method: str, factor: Decimal
) -> None:
    salvage = (cost * salvage_share).quantize(CENT)
    plan = depreciation.charges(cost, salvage, life, method, factor)
    assert len(plan) == life  # ends with the useful life
    assert sum(plan) == cost - salvage
    assert all(c >= 0 and c == c.quantize(CENT) for c in plan)
    accumulated = Decimal(0)
    for charge in plan:
        accumulated += charge
        assert cost - accumulated >= salvage  # never below salvage


def test_straight_line_charges_the_same_each_month_and_the_rest_last() -> None:
    plan = depreciation.charges(Decimal("1690.00"), Decimal(0), 36, "straight-line")
    assert plan[:35] == [Decimal("46.94")] * 35
    assert plan[35] == Decimal("47.10")


def test_declining_balance_charges_less_each_month() -> None:
    plan = depreciation.charges(Decimal("1200.00"), Decimal("200.00"), 12, "declining-balance")
    assert plan[0] == Decimal("200.00")  # 2 / 12 of 1200
    assert plan[0] > plan[5] and sum(plan) == Decimal("1000.00")


def test_no_plan_for_method_none() -> None:
    assert depreciation.charges(Decimal("100"), Decimal(0), 12, "none") == []


def test_the_example_register_agrees_with_the_ledger(example: Workspace) -> None:
    assert depreciation.register_problems(example) == []
    assert depreciation.reconciliation_problems(example) == []
    assert str(depreciation.books_month(example)) == "2026-11"


def test_the_plan_agrees_with_the_balances_brought_forward(example: Workspace) -> None:
    assets = {a.id: a for a in depreciation.load_assets(example)}
    assert assets["A-0001"].opening is not None
    assert assets["A-0001"].accumulated_at(assets["A-0001"].opening[0]) == Decimal("985.74")
    assert assets["A-0013"].accumulated_at(
        assets["A-0013"].acquired.replace(year=2025, month=10, day=31)
    ) == Decimal("1720.00")


def test_schedule_of_one_asset_by_year(example: Workspace) -> None:
    result = run(
        "--root",
        str(REPO),
        "depreciation",
        "schedule",
        "--asset",
        "A-0001",
        "--yearly",
        "-f",
        "json",
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["rows"]
    assert [(r["period"], r["charge"], r["net_book_value"]) for r in rows] == [
        ("2024", "422.46", "1267.54"),
        ("2025", "563.28", "704.26"),
        ("2026", "563.28", "140.98"),
        ("2027", "140.98", "0.00"),
    ]


def test_schedule_within_a_period() -> None:
    result = run("--root", str(REPO), "depreciation", "schedule", "-p", "2026-11", "-f", "csv")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 1 + 13  # the header and the 13 assets depreciated in November
    assert lines[1].startswith("A-0001,")


def test_schedule_of_an_unknown_asset() -> None:
    result = run("--root", str(REPO), "depreciation", "schedule", "--asset", "A-9999")
    assert result.exit_code == 2
    assert "A-9999" in result.stderr


def test_assets_report(example: Workspace) -> None:
    result = run("--root", str(REPO), "report", "assets", "--as-of", "2026-11-30", "-f", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["totals"] == {
        "cost": "63150.00",
        "accumulated": "33587.39",
        "net_book_value": "29562.61",
    }
    rows = report["rows"]
    end = next(i for i, r in enumerate(rows) if r["kind"] == "total")
    assert len(rows[:end]) == 13 and "A-0013" not in [r["asset"] for r in rows[:end]]
    assert rows[end + 1]["asset"] == "Disposed of in 2026"
    sold = rows[end + 2]
    assert (sold["asset"], sold["disposed"], sold["reason"]) == ("A-0013", "2026-06-30", "sold")
    assert (sold["net_book_value"], sold["tax_residual_value"], sold["proceeds"]) == (
        "0.00",
        "322.50",
        "300.00",
    )


def _refused(company: Path, code: str) -> str:
    before = (company / "ledger/generated/depreciation.beancount").read_bytes()
    result = run("--root", str(company), "ledger", "sync")
    assert result.exit_code == 1, result.output
    assert f" {code} " in result.stdout
    assert "nothing written" in result.stderr
    assert (company / "ledger/generated/depreciation.beancount").read_bytes() == before
    checked = run("--root", str(company), "check")
    assert checked.exit_code == 1 and f" {code} " in checked.stdout
    return str(result.stdout)


def test_an_asset_account_that_is_not_open(company: Path) -> None:
    edit(
        company / "records/assets/A-0007.yaml",
        "asset: Assets:Fixed:IT",
        "asset: Assets:Fixed:Servers",
    )
    out = _refused(company, "ACCOUNT-UNKNOWN")
    assert "records/assets/A-0007.yaml:" in out
    assert "account Assets:Fixed:Servers is not open in the ledger" in out


def test_a_disposal_before_acquisition(company: Path) -> None:
    edit(
        company / "records/assets/A-0013.yaml",
        "  date: 2026-06-30\n  kind: sale",
        "  date: 2021-06-30\n  kind: sale",
    )
    out = _refused(company, "ASSET-DISPOSAL-DATE")
    assert "A-0013 is disposed of on 2021-06-30, before it was acquired on 2022-10-03" in out


def test_an_unknown_method(company: Path) -> None:
    edit(company / "records/assets/A-0005.yaml", "method: straight-line", "method: sum-of-years")
    out = _refused(company, "DEPRECIATION-METHOD")
    assert "unknown depreciation method 'sum-of-years'" in out


def test_a_purchase_link_that_does_not_exist(company: Path) -> None:
    edit(
        company / "records/assets/A-0012.yaml",
        "link: bill-S-0006-ts26-01027",
        "link: bill-S-0006-ts26-09999",
    )
    out = _refused(company, "ASSET-PURCHASE")
    assert "A-0012: no ledger transaction has the link ^bill-S-0006-ts26-09999" in out


def test_a_purchase_of_another_amount(company: Path) -> None:
    edit(company / "records/assets/A-0012.yaml", 'cost: "1760.00 EUR"', 'cost: "1706.00 EUR"')
    out = run("--root", str(company), "check").stdout
    assert "the purchase ^bill-S-0006-ts26-01027 books 1760.00 EUR on Assets:Fixed:IT" in out
    assert "ASSET-BALANCE" in out


def test_an_opening_that_disagrees_with_the_plan(company: Path) -> None:
    edit(
        company / "records/assets/A-0004.yaml",
        'accumulated_depreciation: "1775.10 EUR"',
        'accumulated_depreciation: "1715.93 EUR"',
    )
    out = _refused(company, "DEPRECIATION-OPENING")
    assert "the plan says 1775.10 EUR" in out


def test_a_longer_life_disagrees_with_the_ledger(company: Path) -> None:
    """A plan changed after the fact: the ledger no longer follows it until it is synced."""
    edit(company / "records/assets/A-0005.yaml", "useful_life_months: 36", "useful_life_months: 48")
    out = run("--root", str(company), "check").stdout
    assert "LEDGER-STALE" in out and "DEPRECIATION-LEDGER" in out
    assert run("--root", str(company), "ledger", "sync").exit_code == 0
    assert run("--root", str(company), "check").exit_code == 0


def test_depreciation_booked_by_hand_after_disposal(company: Path) -> None:
    with (company / "ledger/2026/11.beancount").open("a", encoding="utf-8") as handle:
        handle.write(
            '\n2026-11-27 * "Depreciation of a sold laptop"\n'
            "  Expenses:Depreciation                               10.00 EUR\n"
            "  Assets:Fixed:Depreciation:IT                       -10.00 EUR\n"
            '    asset: "A-0013"\n'
        )
    checked = run("--root", str(company), "check")
    assert checked.exit_code == 1
    lines = checked.stdout.splitlines()
    assert (
        "records/assets/A-0013.yaml:30:9: DEPRECIATION-AFTER-DISPOSAL A-0013 is depreciated on "
        "2026-11-27, after its disposal on 2026-06-30"
    ) in lines
    assert (
        "records/assets/A-0013.yaml:18:3: DEPRECIATION-BELOW-SALVAGE A-0013: accumulated "
        "depreciation 1730.00 EUR takes the net book value below the salvage value 0.00 EUR"
    ) in lines


@pytest.mark.parametrize("currency", ["EUR", "CZK"])
def test_a_donation_with_a_net_book_value_and_no_account_543(company: Path, currency: str) -> None:
    path = company / "records/assets/A-0005.yaml"
    edit(path, 'cost: "1450.00 EUR"', f'cost: "1450.00 {currency}"')
    edit(
        path,
        "status: in-use\n",
        "status: disposed\ndisposal:\n  date: 2026-06-30\n  kind: donation\n",
    )
    out = _refused(company, "ASSET-DISPOSAL-ACCOUNT")
    assert out == (
        "records/assets/A-0005.yaml:16:3: ASSET-DISPOSAL-ACCOUNT A-0005 is disposed of with a net "
        f"book value of 1248.60 {currency}: an account numbered 543 in the chart of accounts "
        "(donation) is needed\n"
    )


def _disposal(company: Path, kind: str) -> str:
    """The disposal entry `ledger sync` writes when A-0005 is disposed of for `kind`."""
    edit(
        company / "records/assets/A-0005.yaml",
        "status: in-use\n",
        f"status: disposed\ndisposal:\n  date: 2026-06-30\n  kind: {kind}\n"
        + ("  proceeds: 900.00 EUR\n  buyer_name: Bazár PC s.r.o.\n" if kind == "sale" else ""),
    )
    result = run("--root", str(company), "ledger", "sync")
    assert result.exit_code == 0, result.output
    journal = (company / "ledger/generated/depreciation.beancount").read_text()
    return next(block for block in journal.split("\n\n") if "(A-0005): cost" in block)


@pytest.mark.parametrize(
    ("kind", "account"),
    [
        ("scrap", "Expenses:Depreciation"),  # 551
        ("sale", "Expenses:AssetDisposals"),  # 541
        ("donation", "Expenses:Donations"),  # 543
    ],
)
def test_the_net_book_value_goes_to_the_account_of_the_reason(
    company: Path, kind: str, account: str
) -> None:
    with (company / "ledger/accounts.beancount").open("a") as chart:
        chart.write('\n2019-03-01 open Expenses:Donations EUR\n  number: "543"\n')
    entry = _disposal(company, kind)
    assert f"  {account}" in entry and "1248.60 EUR" in entry, entry
    others = {"Expenses:Depreciation", "Expenses:AssetDisposals", "Expenses:Donations"} - {account}
    assert not any(other in entry for other in others), entry


def test_tax_book_of_the_car() -> None:
    """Group 1 (4 years), straight-line, put into use in May: 8/12 of a year first."""
    plan = depreciation.tax_charges(Decimal("27900.00"), Month(2024, 5), 1, "straight-line")
    assert plan == [
        (2024, Decimal("4650")),
        (2025, Decimal("6975")),
        (2026, Decimal("6975")),
        (2027, Decimal("6975")),
        (2028, Decimal("2325")),
    ]


@pytest.mark.parametrize(
    ("cost", "month", "first"),
    [("2390.00", Month(2025, 2), "547.71"), ("4980.00", Month(2026, 4), "933.75")],
)
def test_tax_book_is_rounded_to_the_cent_since_2020(cost: str, month: Month, first: str) -> None:
    """§ 47 from 2020: 2390 / 4 × 11/12 = 547.708… is 547.71, not 548 whole euros up."""
    plan = depreciation.tax_charges(Decimal(cost), month, 1, "straight-line")
    assert plan[0] == (month.year, Decimal(first))


def test_tax_book_before_2020_rounds_up_to_whole_euros() -> None:
    """Years before 2020 keep the old rule (whole euros up), the later ones are to the cent."""
    plan = depreciation.tax_charges(Decimal("2390.00"), Month(2018, 2), 1, "straight-line")
    assert plan[:3] == [(2018, Decimal(548)), (2019, Decimal(598)), (2020, Decimal("597.50"))]


@given(
    cost=st.decimals(min_value=Decimal("0.01"), max_value=1_000_000, places=2),
    month=st.integers(min_value=1, max_value=12),
    group=st.integers(min_value=0, max_value=6),
    method=st.sampled_from(["straight-line", "accelerated"]),
)
def test_any_tax_book_depreciates_the_cost(
    cost: Decimal, month: int, group: int, method: str
) -> None:
    plan = depreciation.tax_charges(cost, Month(2026, month), group, method)
    assert sum(c for _, c in plan) == cost
    assert all(c > 0 for _, c in plan)
    assert len(plan) <= depreciation.TAX_GROUP_YEARS[group] + 2


def test_tax_schedule_command() -> None:
    result = run(
        "--root", str(REPO), "depreciation", "schedule", "--tax", "--asset", "A-0013", "-f", "csv"
    )
    assert result.exit_code == 0, result.output
    rows = result.stdout.splitlines()[1:]
    assert [r.split(",")[2:4] for r in rows] == [
        ["2022", "107.50"],
        ["2023", "430.00"],
        ["2024", "430.00"],
        ["2025", "430.00"],
    ]  # sold in 2026: nothing in the year of sale
