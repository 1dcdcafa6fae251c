"""The employee's declaration, the tax bonus, the annual settlement (§ 36(6), § 33, § 38 of Act
595/2003) and the monthly reports to the tax office and the social insurer."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backoffice.core.period import Month
from backoffice.core.values import cents
from backoffice.domains import open_workspace
from backoffice.load.records import Record
from backoffice.payroll.declarations import Declaration
from backoffice.payroll.journal import tax_owed
from backoffice.payroll.monthly_reports import tax_office_rows
from backoffice.payroll.runs import LINE_AMOUNTS, Line, Run, load_runs
from backoffice.payroll.settlement import settle
from backoffice.payroll.taxyear import TaxYear, load_tax_years
from support import REPO, example_report, run
from support.books import copy_example, edit, without_run
from support.golden import Golden

YEAR: TaxYear = load_tax_years(open_workspace(REPO))[2026]
REQUESTERS = ("P-0001", "P-0003", "P-0010")


@pytest.fixture
def company(tmp_path: Path) -> Path:
    return without_run(copy_example(tmp_path), "2026-12")  # December not yet drafted


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _request(company: Path, *people: str) -> None:
    for person in people:
        path = company / f"records/people/{person}.yaml"
        text = path.read_text(encoding="utf-8")
        signed = next(line for line in text.splitlines() if line.startswith("    signed: "))
        edit(path, signed, f"{signed}\n    settlement_requested: 2027-02-10")


@pytest.fixture
def settled(company: Path) -> Path:
    """The example with December drafted and the settlements of 2026 made on 2027-02-20."""
    _december(company)
    _request(company, *REQUESTERS)
    result = run("--root", str(company), "payroll", "settle", "2026", "--on", "2027-02-20")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"records/payroll-settlements/2026/2026-{p}.yaml" for p in REQUESTERS
    ]
    return company


def test_the_2026_figures_worked_out_from_the_subsistence_minimum() -> None:
    assert YEAR.non_taxable_full == Decimal("5966.73")
    assert YEAR.non_taxable_full_up_to == Decimal("26083.13")
    assert YEAR.non_taxable_taper_from == Decimal("14661.11")
    assert [b.up_to for b in YEAR.bands] == [
        Decimal("43983.32"),
        Decimal("60349.21"),
        Decimal("75010.32"),
        None,
    ]
    assert YEAR.non_taxable_part(Decimal("26083.13")) == Decimal("5966.73")
    assert YEAR.non_taxable_part(Decimal("35000.00")) == Decimal("2994.44")
    assert YEAR.non_taxable_part(Decimal("43983.33")) == Decimal("0.00")


@pytest.mark.parametrize(
    ("born", "month", "amount"),
    [
        ("2026-11-27", "2026-10", "0"),
        ("2026-11-27", "2026-11", "100.00"),
        ("2011-12-20", "2026-12", "100.00"),
        ("2011-12-20", "2027-01", "50.00"),
        ("2008-06-30", "2026-06", "50.00"),
        ("2008-06-30", "2026-07", "0"),
    ],
)
def test_the_bonus_by_age(born: str, month: str, amount: str) -> None:
    """100 € up to the month of the 15th birthday, 50 € up to that of the 18th (§ 33(1))."""
    assert YEAR.child_amount(date.fromisoformat(born), Month.parse(month)) == Decimal(amount)


def test_the_bonus_is_reduced_above_the_threshold_and_capped() -> None:
    """A tenth of the base above 2 286 off each child; at most 29 % of the base for one."""
    assert YEAR.bonus([Decimal(100)], Decimal("2910.40")) == Decimal("37.56")
    assert YEAR.bonus([Decimal(100)], Decimal("200.00")) == Decimal("58.00")
    assert YEAR.bonus([Decimal(100), Decimal(50)], Decimal("4000.00")) == Decimal("0.00")


def test_no_declaration_no_non_taxable_part(company: Path) -> None:
    """Without a declaration the advance of P-0001 taxes the whole base (§ 36(6)): 4 108.80,
    of which 443.52 above the first band."""
    edit(
        company / "records/people/P-0001.yaml",
        "tax_declarations:\n  - year: 2026\n    signed: 2026-01-02\n",
        "",
    )
    out = run("--root", str(company), "check").stdout
    assert (
        "records/payroll/2026-11.yaml:11:18: PAYROLL-CONTRIBUTION P-0001: tax_advance 686.20 EUR; "
        "the rates valid in 2026-11 give 807.28 EUR" in out
    )


def _december(company: Path) -> None:
    """December's run drafted and booked."""
    assert run("--root", str(company), "payroll", "draft", "2026-12").exit_code == 0
    assert run("--root", str(company), "ledger", "sync").exit_code == 0


def test_december_pays_the_bonus_of_the_children_claimed(company: Path) -> None:
    _december(company)
    text = (company / "records/payroll/2026-12.yaml").read_text(encoding="utf-8")
    # P-0003: sick and on unpaid leave for part of December, his base stays under the
    # threshold, so the bonus is not reduced (§ 33(1))
    bonus = '    tax_bonus: "100.00 EUR"\n    meal_recovered: "{}"\n    net: "{}"'
    assert bonus.format("57.15 EUR", "1375.81 EUR") in text
    assert bonus.format("53.14 EUR", "1903.07 EUR") in text  # P-0010
    assert '  tax_bonus: "200.00 EUR"' in text
    assert run("--root", str(company), "check").exit_code == 0


def test_the_settlement_of_p0001(settled: Path) -> None:
    """The issue's figures: no non-taxable part, tax 9 687.40 against 8 234.40 withheld."""
    text = (settled / "records/payroll-settlements/2026/2026-P-0001.yaml").read_text()
    for figure in (
        'tax_base: "49507.32 EUR"',
        'non_taxable_part: "0.00 EUR"',
        'tax: "9737.83 EUR"',
        'advances: "8281.61 EUR"',
        'difference: "-1456.22 EUR"',
        'withheld: "1456.22 EUR"',
    ):
        assert figure in text
    assert run("--root", str(settled), "check").exit_code == 0


@pytest.mark.parametrize("fmt", ["json", "text", "csv"])
def test_settlement_report(settled: Path, fmt: str, golden: Golden) -> None:
    result = run(
        "--root", str(settled), "report", "payroll-settlement", "--period", "2026", "-f", fmt
    )
    assert result.exit_code == 0, result.output
    golden(f"payroll-settlement.{fmt}", result.stdout)


def test_the_next_run_carries_the_difference(settled: Path) -> None:
    edit(settled / "records/payroll-rates.yaml", "    valid_to: 2026-12-31\n", "")
    drafted = run("--root", str(settled), "payroll", "draft", "2027-02")
    assert drafted.exit_code == 0, drafted.output
    text = (settled / "records/payroll/2027-02.yaml").read_text(encoding="utf-8")
    p0001 = text[text.index("person: P-0001") : text.index("person: P-0002")]
    assert 'settlement_withheld: "1456.22 EUR"' in p0001
    report = run(
        "--root", str(settled), "report", "payroll-tax-office", "--period", "2027-02", "-f", "json"
    )
    rows = {r["row"]: r.get("amount") for r in json.loads(report.stdout)["rows"]}
    assert rows["r.2"] == "1979.63"  # withheld 1 456.22 (P-0001) + 523.44 (P-0003) − 0.03 refunded


def test_a_second_settlement_is_refused(settled: Path) -> None:
    before = _files(settled)
    result = run("--root", str(settled), "payroll", "settle", "2026", "--on", "2027-02-21")
    assert result.exit_code == 1
    assert (
        "records/payroll-settlements/2026/2026-P-0001.yaml:1:1: PAYROLL-SETTLEMENT P-0001's "
        "settlement of 2026 exists already: a settlement is written once and never redone"
    ) in result.output
    assert _files(settled) == before


def test_a_year_with_a_missing_run_is_not_settled(company: Path) -> None:
    _request(company, "P-0001")
    before = _files(company)
    result = run("--root", str(company), "payroll", "settle", "2026", "--on", "2027-02-20")
    assert result.exit_code == 1
    assert (
        "records/payroll/2026-12.yaml:1:1: PAYROLL-SETTLEMENT the runs of 2026 are incomplete: "
        "no run for 2026-12" in result.output
    )
    assert _files(company) == before


def test_a_year_not_over_is_not_settled(company: Path) -> None:
    result = run("--root", str(company), "payroll", "settle", "2026")
    assert result.exit_code == 1
    assert "PAYROLL-SETTLEMENT 2026 is not over on 2026-12-02" in result.output


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "        born: 2026-11-27\n",
            "        born: 2027-01-04\n",
            ":67:15: PERSON-DECLARATION Matej Horváth is born on 2027-01-04, after the period "
            "the bonus is claimed for (2026-12 to 2026-12)",
        ),
        (
            "    signed: 2026-01-05\n",
            "    signed: 2027-03-01\n",
            ":64:13: PERSON-DECLARATION the declaration for 2026 is dated 2027-03-01, after the "
            "period: it must be signed by 2027-02-15",
        ),
        (
            "        from: 2026-12\n",
            "        from: 2025-12\n",
            ":67:15: PERSON-DECLARATION Matej Horváth is born on 2026-11-27, after the period "
            "the bonus is claimed for (2025-12 to 2026-12)",
        ),
    ],
)
def test_a_declaration_that_contradicts_itself(
    company: Path, old: str, new: str, message: str
) -> None:
    path = company / "records/people/P-0003.yaml"
    edit(path, old, new)
    before = _files(company)
    result = run("--root", str(company), "check")
    assert result.exit_code == 1
    assert f"records/people/P-0003.yaml{message}" in result.output
    sync = run("--root", str(company), "ledger", "sync")
    assert sync.exit_code == 1 and _files(company) == before


def test_a_declaration_dated_after_a_month_it_claims(company: Path) -> None:
    edit(
        company / "records/people/P-0010.yaml",
        "    signed: 2026-01-05\n",
        "    signed: 2026-12-20\n",
    )
    edit(
        company / "records/people/P-0010.yaml", "        from: 2026-12\n", "        from: 2026-11\n"
    )
    result = run("--root", str(company), "check")
    assert result.exit_code == 1
    assert (
        "PERSON-DECLARATION the declaration is dated 2026-12-20, after 2026-11, the first month "
        "it claims the bonus for Simona Mináčová" in result.output
    )


def _piecewise(taxable: Decimal) -> Decimal:
    """The 2026 yearly bands written out: 19 %, 25 %, 30 %, 35 %."""
    steps = [(Decimal("43983.32"), 19), (Decimal("60349.21"), 25), (Decimal("75010.32"), 30)]
    tax, floor = Decimal(0), Decimal(0)
    for top, rate in steps:
        tax += (min(taxable, top) - floor).max(Decimal(0)) * rate / 100
        floor = top
    tax += (taxable - floor).max(Decimal(0)) * 35 / 100
    return cents(tax)


@given(
    st.lists(
        st.decimals(min_value=1, max_value=20000, places=2, allow_nan=False),
        min_size=1,
        max_size=12,
    )
)
def test_the_settlement_tax_is_the_bands_on_the_yearly_base(grosses: list[Decimal]) -> None:
    record = Record("people", "P-0001", "records/people/P-0001.yaml", {}, None)  # type: ignore[arg-type]
    declaration = Declaration(
        "P-0001", record, 0, 2026, date(2026, 1, 2), True, (), date(2027, 2, 1)
    )
    runs = []
    for i, gross in enumerate(grosses):
        amounts = dict.fromkeys(LINE_AMOUNTS, Decimal(0))
        amounts.update(
            gross=gross,
            employee_social=cents(gross * Decimal("0.094")),
            employee_health=cents(gross * Decimal("0.05")),
            tax_advance=cents(gross * Decimal("0.15")),
        )
        month = Month(2026, i + 1)
        runs.append(
            Run(None, month, month.last, month.last, "EUR", [Line("P-0001", 0, amounts, "EUR")])
        )
    s = settle(declaration, YEAR, runs, date(2027, 2, 20), "EUR").amounts
    assert s["tax_base"] == s["income"] - s["contributions"]
    assert s["taxable"] == max(Decimal(0), s["tax_base"] - s["non_taxable_part"])
    assert s["tax"] == _piecewise(s["taxable"])
    assert s["difference"] == s["advances"] - s["tax"]
    assert s["refund"] - s["withheld"] in (s["difference"], Decimal(0))


@pytest.mark.parametrize("name", ["payroll-tax-office", "payroll-social-insurance"])
@pytest.mark.parametrize("fmt", ["json", "text", "csv"])
def test_golden_monthly_reports(name: str, fmt: str, golden: Golden) -> None:
    golden(f"{name}.{fmt}", example_report(name, fmt))


def test_the_tax_office_report_of_november() -> None:
    result = run(
        "--root", str(REPO), "report", "payroll-tax-office", "--period", "2026-11", "-f", "json"
    )
    rows = {r["row"]: r.get("amount") for r in json.loads(result.stdout)["rows"]}
    assert rows["r.0"] == "26100.00" and rows["r.1"] == "3394.63" and rows["r.8"] == "3394.63"


def test_the_social_insurance_report_of_november() -> None:
    result = run(
        "--root",
        str(REPO),
        "report",
        "payroll-social-insurance",
        "--period",
        "2026-11",
        "-f",
        "json",
    )
    report = json.loads(result.stdout)
    assert report["totals"] == {"employee": "2453.40", "employer": "6577.20"}
    funds = {r["item"]: r for r in report["rows"]}
    assert "old_age" in funds and "accident" in funds


def test_a_run_carries_only_what_a_settlement_states(settled: Path) -> None:
    edit(settled / "records/payroll-rates.yaml", "    valid_to: 2026-12-31\n", "")
    drafted = run("--root", str(settled), "payroll", "draft", "2027-02")
    assert drafted.exit_code == 0, drafted.output
    assert run("--root", str(settled), "ledger", "sync").exit_code == 0
    assert run("--root", str(settled), "check").exit_code == 0
    path = settled / "records/payroll/2027-02.yaml"
    edit(path, 'settlement_withheld: "1456.22 EUR"', 'settlement_withheld: "1400.00 EUR"')
    out = run("--root", str(settled), "check").stdout
    assert (
        "records/payroll/2027-02.yaml:13:26: PAYROLL-SETTLEMENT P-0001: the settlement of 2026 "
        "on file gives refund 0.00 EUR and withheld 1456.22 EUR" in out
    )


def test_a_request_after_15_february_is_not_settled(company: Path) -> None:
    _december(company)
    path = company / "records/people/P-0001.yaml"
    edit(
        path,
        "    signed: 2026-01-02\n",
        "    signed: 2026-01-02\n    settlement_requested: 2027-02-16\n",
    )
    before = _files(company)
    result = run("--root", str(company), "payroll", "settle", "2026", "--on", "2027-02-20")
    assert result.exit_code == 1
    assert (
        "PAYROLL-SETTLEMENT P-0001 asked on 2027-02-16, after 2027-02-15: the employer settles "
        "only a request made by then (§ 38(1))" in result.output
    )
    assert _files(company) == before


def test_monthly_figures_that_are_not_a_twelfth_of_the_year(company: Path) -> None:
    """The 2025 subsistence minimum (273.99) with the 2026 monthly figures."""
    edit(
        company / "records/payroll-rates.yaml",
        'subsistence_minimum: "284.13 EUR"',
        'subsistence_minimum: "273.99 EUR"',
    )
    result = run("--root", str(company), "check")
    assert result.exit_code == 1
    assert (
        "records/payroll-rates.yaml:176:28: PAYROLL-RATES non_taxable_monthly 497.23 is not a "
        "twelfth of the yearly non-taxable part of 2026 (5753.79): 479.48" in result.output
    )
    assert "PAYROLL-RATES the monthly bands are not a twelfth of annual_tax 2026's: 3534.47" in (
        result.output
    )


def test_row_8_is_what_the_run_owes_the_tax_office(settled: Path) -> None:
    """r.8 of February 2027 (with the settlements carried) is the run's tax liability."""
    edit(settled / "records/payroll-rates.yaml", "    valid_to: 2026-12-31\n", "")
    drafted = run("--root", str(settled), "payroll", "draft", "2027-02")
    assert drafted.exit_code == 0, drafted.output
    for payroll_run in load_runs(open_workspace(settled)):
        assert tax_office_rows(payroll_run)["r.8"] == tax_owed(payroll_run)
