"""Payroll runs: the arithmetic of a payslip, drafts from the HR register, and bad runs."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backoffice.core.period import Month
from backoffice.core.values import ZERO
from backoffice.domains import open_workspace
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace
from backoffice.load.yamlfile import parse_yaml_text
from backoffice.payroll.calculation import compute_pay
from backoffice.payroll.draft import draft_run, render_run
from backoffice.payroll.rates import Band, Contribution, Insurance, Meal, Rates
from backoffice.payroll.runs import (
    LINE_AMOUNTS,
    TOTALS,
    Line,
    Run,
    load_runs,
    parse_run,
    run_problems,
)
from support import REPO, run
from support.books import copy_example, edit, without_run

RATES = Rates(
    valid_from=date(2026, 1, 1),
    valid_to=None,
    social=Insurance((Contribution(Decimal("9.4"), Decimal("25.2")),)),
    health=Insurance((Contribution(Decimal("5"), Decimal("11")),)),
    tax_bands=(
        Band(Decimal("3665.28"), Decimal("19")),
        Band(Decimal("5029.10"), Decimal("25")),
        Band(Decimal("6250.86"), Decimal("30")),
        Band(None, Decimal("35")),
    ),
    non_taxable_monthly=Decimal("497.23"),
    meal=Meal(Decimal("3.84"), Decimal("4")),
    index=0,
)


@pytest.fixture(scope="module")
def example() -> Workspace:
    return open_workspace(REPO)


@pytest.fixture
def company(tmp_path: Path) -> Path:
    return without_run(copy_example(tmp_path), "2026-12")  # December not yet drafted


def test_a_payslip_of_the_example_rates() -> None:
    pay = compute_pay(Decimal("4800.00"), RATES)
    assert pay.employee_social == Decimal("451.20")
    assert pay.employee_health == Decimal("240.00")
    assert pay.tax_advance == Decimal("686.20")  # 19 % of 4800 − 451.20 − 240 − 497.23
    assert pay.net(Decimal("4800.00")) == Decimal("3422.60")
    assert (pay.employer_social, pay.employer_health) == (Decimal("1209.60"), Decimal("528.00"))


@pytest.mark.parametrize(
    ("gross", "advance"),
    [
        ("6000.00", "939.78"),  # 19 % of 3 665.28 + 25 % of 973.49 (base 4 638.77)
        ("8500.00", "1588.65"),  # all four bands, the full non-taxable part, rounded once
    ],
)
def test_the_2026_bands(gross: str, advance: str) -> None:
    assert compute_pay(Decimal(gross), RATES).tax_advance == Decimal(advance)


RATES_FILE_BAD = [
    (
        "    valid_to: 2026-12-31\n",
        "    valid_to: 2026-06-30\n",
        "no rates are valid from 2026-07-01 to 2026-07-31: a gap between two periods",
    ),
    (
        "    valid_to: 2026-12-31\n",
        "    valid_to: 2026-08-15\n",
        "rates valid from 2026-08-01 overlap those valid from 2026-01-01",
    ),
]


@pytest.mark.parametrize(("old", "new", "message"), RATES_FILE_BAD)
def test_rates_with_a_gap_or_an_overlap(company: Path, old: str, new: str, message: str) -> None:
    path = company / "records/payroll-rates.yaml"
    text = path.read_text(encoding="utf-8").replace(old, new)
    start = text.index("rates:\n") + len("rates:\n")
    second = (
        text[start:]
        .replace("2026-01-01", "2026-08-01")
        .replace(new.strip(), "valid_to: 2026-12-31")
    )
    path.write_text(text + second, encoding="utf-8")
    line = (text + second).splitlines().index("  - valid_from: 2026-08-01") + 1
    result = run("--root", str(company), "check")
    assert result.exit_code == 1
    assert f"records/payroll-rates.yaml:{line}:17: PAYROLL-RATES {message}" in result.output


def test_tax_bands_that_do_not_rise(company: Path) -> None:
    edit(company / "records/payroll-rates.yaml", 'up_to: "5029.10 EUR"', 'up_to: "3000.00 EUR"')
    result = run("--root", str(company), "check")
    assert result.exit_code == 1
    assert "PAYROLL-RATES tax bands rise" in result.output


def test_no_tax_below_the_non_taxable_part() -> None:
    assert compute_pay(Decimal("500.00"), RATES).tax_advance == 0


def test_a_ceiling_caps_the_assessment_base() -> None:
    capped = Insurance((Contribution(Decimal("10"), Decimal("20"), Decimal("1000.00")),))
    rates = Rates(**{**RATES.__dict__, "social": capped})
    pay = compute_pay(Decimal("3000.00"), rates)
    assert (pay.employee_social, pay.employer_social) == (Decimal("100.00"), Decimal("200.00"))


@given(st.decimals(min_value=0, max_value=100_000, places=2))
def test_payslip_identities(gross: Decimal) -> None:
    pay = compute_pay(gross, RATES)
    parts = (pay.employee_social, pay.employee_health, pay.tax_advance, pay.net(gross))
    assert sum(parts) == gross
    assert all(p == p.quantize(Decimal("0.01")) for p in parts)
    assert pay.tax_advance >= 0 and pay.net(gross) <= gross
    assert pay.employer_social >= pay.employee_social >= 0


def test_the_example_runs_are_clean(example: Workspace) -> None:
    assert run_problems(example) == []
    runs = load_runs(example)
    assert [str(r.period) for r in runs] == [f"2026-{m:02d}" for m in range(1, 13)]
    for r in runs:
        for key in TOTALS:
            assert r.totals.get(key, Decimal(0)) == r.total(key)


def test_the_drafts_of_the_paid_months_by_the_corrected_rules(example: Workspace) -> None:
    """January to November were paid by the earlier model; drafted again, they pay the days
    worked, paid leave at average earnings and a meal contribution for days worked only."""
    meal_days = ZERO
    for r in [r for r in load_runs(example) if r.period < Month(2026, 12)]:
        drafted, problems = draft_run(example, r.period)
        assert problems == []
        assert {line.person for line in r.lines} == {line.person for line in drafted.lines}
        meal_days += sum(line.meal_days or 0 for line in drafted.lines)
        lines = {line.person: line for line in drafted.lines}
        if r.period == Month(2026, 1):
            assert lines["P-0005"].amounts["base"] == Decimal("2185.00")  # 19 of 20 days
            assert lines["P-0005"].days == {"working": 20, "worked": 19}
        if r.period == Month(2026, 6):  # a leaver: 5 days of leave and 2.5 unused, § 116
            leaver = lines["P-0008"].amounts
            assert leaver["compensation"] == Decimal("689.52")  # 7.5 × 8 h × 11.4919
    assert meal_days == 1742
    assert meal_days * Decimal("3.84") == Decimal("6689.28")


def test_draft_writes_a_run_and_refuses_to_overwrite(company: Path) -> None:
    result = run("--root", str(company), "payroll", "draft", "2026-12")
    assert result.exit_code == 0, result.output
    assert result.stdout == "records/payroll/2026-12.yaml\n"
    text = (company / "records/payroll/2026-12.yaml").read_text(encoding="utf-8")
    assert "period: 2026-12\n" in text and "payment_date: 2027-01-11\n" in text
    assert "P-0009" in text
    # P-0008 left in June: the line pays his June's leave, corrected, as back pay
    assert "  - person: P-0008\n    corrections:\n" in text
    assert '    base: "0.00 EUR"\n    back_pay: "257.70 EUR"\n' in text
    again = run("--root", str(company), "payroll", "draft", "2026-12")
    assert again.exit_code == 1
    assert "exists already" in again.stderr
    assert run("--root", str(company), "payroll", "draft", "2026-12", "--force").exit_code == 0
    stale = run("--root", str(company), "check")
    assert stale.exit_code == 1
    assert "ledger/generated/payroll.beancount:1:1: LEDGER-STALE" in stale.stdout
    assert run("--root", str(company), "ledger", "sync").exit_code == 0
    assert run("--root", str(company), "check").exit_code == 0


def test_draft_of_a_month_without_rates(company: Path) -> None:
    result = run("--root", str(company), "payroll", "draft", "2027-01")
    assert result.exit_code == 1
    assert "no payroll rates" in result.stderr
    assert not (company / "records/payroll/2027-01.yaml").exists()


def test_draft_without_a_rates_file(company: Path) -> None:
    (company / "records/payroll-rates.yaml").unlink()
    result = run("--root", str(company), "payroll", "draft", "2026-12")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: records/payroll-rates.yaml is missing or unreadable; `check` says why\n"
    )
    assert not (company / "records/payroll/2026-12.yaml").exists()


@pytest.mark.parametrize("month", ["2026-13", "2026-00", "2026-1", "March"])
def test_draft_of_a_month_that_is_not_one(company: Path, month: str) -> None:
    result = run("--root", str(company), "payroll", "draft", month)
    assert result.exit_code == 2
    assert f"Error: Invalid value for 'MONTH': {month!r} is not a month (YYYY-MM)" in result.stderr
    assert sorted(p.name for p in (company / "records/payroll").iterdir()) == [
        f"2026-{m:02d}.yaml" for m in range(1, 12)
    ]


def test_draft_pro_rata_for_a_leaver(example: Workspace) -> None:
    drafted, _ = draft_run(example, Month(2026, 6))
    leaver = next(line for line in drafted.lines if line.person == "P-0008")
    # left on the last day of June; 17 of 22 days worked, 5 of vacation and 2.5 unused
    assert leaver.amounts["base"] == Decimal("1468.18")
    assert leaver.days == {"working": 22, "worked": 17, "vacation": 5}
    assert leaver.amounts["compensation"] == Decimal("689.52")


def _sync_refuses(company: Path, code: str) -> str:
    before = (company / "ledger/generated/payroll.beancount").read_bytes()
    result = run("--root", str(company), "ledger", "sync")
    assert result.exit_code == 1
    assert f" {code} " in result.stdout
    assert "nothing written" in result.stderr
    assert (company / "ledger/generated/payroll.beancount").read_bytes() == before
    checked = run("--root", str(company), "check")
    assert checked.exit_code == 1 and f" {code} " in checked.stdout
    return str(result.stdout)


def test_a_month_without_a_valid_salary(company: Path) -> None:
    edit(company / "records/people/P-0005.yaml", "valid_from: 2026-01-05", "valid_from: 2026-02-01")
    out = _sync_refuses(company, "PAYROLL-NO-SALARY")
    assert out == (
        "records/payroll/2026-01.yaml:51:11: PAYROLL-NO-SALARY P-0005 has no salary valid in "
        "2026-01 (records/people/P-0005.yaml lists none)\n"
    )
    before = (company / "records/payroll/2026-01.yaml").read_bytes()
    drafted = run("--root", str(company), "payroll", "draft", "2026-01", "--force")
    assert drafted.exit_code == 1
    assert drafted.stdout == (
        "records/people/P-0005.yaml:19:3: PAYROLL-NO-SALARY P-0005 has no salary valid in 2026-01\n"
    )
    assert drafted.stderr == "1 problem: nothing written.\n"
    assert (company / "records/payroll/2026-01.yaml").read_bytes() == before


def test_draft_of_a_person_paid_by_the_hour(company: Path) -> None:
    edit(
        company / "records/people/P-0005.yaml",
        'gross_monthly: "2300.00 EUR"',
        'hourly_rate: "14.00 EUR"',
    )
    drafted = run("--root", str(company), "payroll", "draft", "2026-12")
    assert drafted.exit_code == 1
    assert drafted.stdout == (
        "records/people/P-0005.yaml:19:3: PAYROLL-NO-SALARY P-0005 is paid by the hour: enter "
        "the hours valid in 2026-12\n"
    )
    assert drafted.stderr == "1 problem: nothing written.\n"
    assert not (company / "records/payroll/2026-12.yaml").exists()


def test_a_person_paid_after_leaving(company: Path) -> None:
    path = company / "records/payroll/2026-07.yaml"
    edit(path, "  - person: P-0009\n", "  - person: P-0008\n")
    out = _sync_refuses(company, "PAYROLL-NOT-EMPLOYED")
    assert "P-0008 is paid for 2026-07 but is not employed then" in out
    assert "PAYROLL-NOT-PAID" in out  # and P-0009 is then not paid


def test_totals_that_do_not_add_up(company: Path) -> None:
    edit(company / "records/payroll/2026-03.yaml", 'net: "18704.29 EUR"', 'net: "18704.92 EUR"')
    out = _sync_refuses(company, "PAYROLL-TOTALS")
    assert "totals.net is 18704.92 EUR, the people add up to 18704.29 EUR" in out


MARCH = "records/payroll/2026-03.yaml"
DECEMBER = "records/payroll/2026-12.yaml"


def _december(company: Path) -> Path:
    """A copy of the example with December drafted by the corrected rules and booked."""
    assert run("--root", str(company), "payroll", "draft", "2026-12").exit_code == 0
    assert run("--root", str(company), "ledger", "sync").exit_code == 0
    return company / DECEMBER


def test_a_line_that_disagrees_with_itself(company: Path) -> None:
    edit(company / MARCH, 'gross: "4800.00 EUR"', 'gross: "4900.00 EUR"')
    out = _sync_refuses(company, "PAYROLL-GROSS")
    assert (
        f"{MARCH}:8:12: PAYROLL-GROSS P-0001: gross 4900.00 EUR is not base + bonuses + "
        "overtime + compensation + sick pay + back pay = 4800.00 EUR"
    ) in out.splitlines()


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        (
            'employer_social: "1268.92 EUR"',
            'employer_social: "1200.00 EUR"',
            "28:22: PAYROLL-CONTRIBUTION P-0001: employer_social 1200.00 EUR; the rates valid in "
            "2026-12 give 1268.92 EUR",
        ),
        (
            'meal_contribution: "89.98 EUR"',
            'meal_contribution: "80.00 EUR"',
            "31:24: PAYROLL-CONTRIBUTION P-0001: meal_contribution 80.00 EUR; 21 days at 3.84 EUR "
            "with what earlier months paid short give 89.98 EUR",
        ),
    ],
    ids=["employer-social", "meal-contribution"],
)
def test_a_line_that_disagrees_with_the_rates(company: Path, old: str, new: str, line: str) -> None:
    path = _december(company)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    out = _sync_refuses(company, line.split()[1])
    assert f"{DECEMBER}:{line}" in out.splitlines()


def test_a_contribution_is_quoted_in_the_currency_of_the_run(company: Path) -> None:
    path = _december(company)
    text = path.read_text(encoding="utf-8").replace(' EUR"', ' CZK"')
    text = text.replace("currency: EUR", "currency: CZK")
    path.write_text(
        text.replace('meal_contribution: "89.98 CZK"', 'meal_contribution: "80.00 CZK"', 1),
        encoding="utf-8",
    )
    out = _sync_refuses(company, "PAYROLL-CONTRIBUTION")
    assert (
        f"{DECEMBER}:31:24: PAYROLL-CONTRIBUTION P-0001: meal_contribution 80.00 CZK; 21 days at "
        "3.84 CZK with what earlier months paid short give 89.98 CZK"
    ) in out.splitlines()


def test_one_person_paid_in_another_currency(company: Path) -> None:
    path = company / MARCH
    text = path.read_text(encoding="utf-8")
    start, end = text.index("  - person: P-0001"), text.index("  - person: P-0002")
    text = text[:start] + text[start:end].replace(" EUR", " CZK") + text[end:]
    path.write_text(text, encoding="utf-8")
    out = _sync_refuses(company, "PAYROLL-CURRENCY")
    assert out == f"{MARCH}:8:12: PAYROLL-CURRENCY P-0001: amounts in CZK, the run is in EUR\n"


def test_a_total_that_is_missing(company: Path) -> None:
    """The schema requires it too; the run's own check names the total all the same."""
    edit(company / MARCH, '  gross: "25750.00 EUR"\n', "")
    out = _sync_refuses(company, "PAYROLL-TOTALS")
    assert f"{MARCH}:104:3: PAYROLL-TOTALS totals.gross is missing" in out.splitlines()


def test_a_person_paid_twice_in_a_run(company: Path) -> None:
    edit(company / MARCH, "  - person: P-0002\n", "  - person: P-0001\n")
    out = _sync_refuses(company, "PAYROLL-DUPLICATE")
    assert f"{MARCH}:17:13: PAYROLL-DUPLICATE P-0001 is paid twice in 2026-03" in out.splitlines()
    assert " PAYROLL-NOT-PAID P-0002 is employed in 2026-03 but not paid" in out


@pytest.mark.parametrize(
    ("old", "new", "lines"),
    [
        (
            "period: 2026-03",
            "period: 2026-04",
            [
                "1:9: PAYROLL-PERIOD period 2026-04 differs from the file name 2026-03",
                "2:7: PAYROLL-PERIOD date 2026-03-31 is not in 2026-04",
            ],
        ),
        (
            "date: 2026-03-31",
            "date: 2026-04-30",
            ["2:7: PAYROLL-PERIOD date 2026-04-30 is not in 2026-03"],
        ),
    ],
    ids=["period", "date"],
)
def test_a_run_of_another_month_than_its_file(
    company: Path, old: str, new: str, lines: list[str]
) -> None:
    edit(company / MARCH, old, new)
    out = _sync_refuses(company, "PAYROLL-PERIOD")
    period_lines = [line for line in out.splitlines() if " PAYROLL-PERIOD " in line]
    assert period_lines == [f"{MARCH}:{line}" for line in lines]


def test_runs_of_months_without_rates(company: Path) -> None:
    edit(company / "records/payroll-rates.yaml", "valid_from: 2026-01-01", "valid_from: 2026-04-01")
    out = _sync_refuses(company, "PAYROLL-RATES-MISSING")
    assert out == "".join(
        f"records/payroll/2026-{m:02d}.yaml:1:9: PAYROLL-RATES-MISSING no payroll rates are "
        f"valid for 2026-{m:02d} in records/payroll-rates.yaml\n"
        for m in (1, 2, 3)
    )


def test_runs_without_a_rates_file(company: Path) -> None:
    """Without the rates the runs cannot be booked: a sync must not empty the payroll journal."""
    (company / "records/payroll-rates.yaml").unlink()
    out = _sync_refuses(company, "PAYROLL-RATES-MISSING")
    assert out == "".join(
        f"records/payroll/2026-{m:02d}.yaml:1:9: PAYROLL-RATES-MISSING no payroll rates for "
        f"2026-{m:02d}: records/payroll-rates.yaml is missing\n"
        for m in range(1, 12)
    )


def test_an_account_missing_from_the_rates(company: Path) -> None:
    edit(
        company / "records/payroll-rates.yaml",
        "  meal_contribution: Expenses:Payroll:MealContribution\n",
        "",
    )
    out = _sync_refuses(company, "PAYROLL-ACCOUNT")
    assert out == (
        "records/payroll-rates.yaml:4:3: PAYROLL-ACCOUNT accounts.meal_contribution is needed to "
        "book the payroll runs\n"
    )


def test_net_that_is_not_gross_less_contributions(company: Path) -> None:
    edit(company / "records/payroll/2026-03.yaml", 'net: "3422.60 EUR"', 'net: "3432.60 EUR"')
    out = _sync_refuses(company, "PAYROLL-NET")
    assert "P-0001: net 3432.60 EUR" in out


def test_base_pay_that_differs_from_the_salary_history(company: Path) -> None:
    path = company / "records/payroll/2026-01.yaml"
    edit(path, '    override: "Pro rata for 19 of 21 working days', '    note: "x')
    out = _sync_refuses(company, "SCHEMA")  # `note` is not a field of a line
    assert "PAYROLL-BASE" in out


def test_an_employee_missing_from_a_run_needs_a_reason(company: Path) -> None:
    path = company / "records/payroll/2026-02.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - person: P-0010")
    end = text.index("totals:")
    block = text[start:end]
    path.write_text(text.replace(block, ""), encoding="utf-8")
    out = run("--root", str(company), "check").stdout
    assert "P-0010 is employed in 2026-02 but not paid" in out
    assert "PAYROLL-TOTALS" in out


def test_a_payment_that_does_not_settle_the_run(company: Path) -> None:
    with (company / "ledger/2026/11.beancount").open("a", encoding="utf-8") as handle:
        handle.write(
            '\n2026-11-27 * "Daňový úrad Bratislava" "Additional tax advance" ^payroll-2026-10\n'
            "  Liabilities:Tax:IncomeTaxAdvances                     1.00 EUR\n"
            "  Assets:Bank:SLSP                                     -1.00 EUR\n"
        )
    out = run("--root", str(company), "check").stdout
    assert (
        "records/payroll/2026-10.yaml:" in out
        and "PAYROLL-PAYMENT payments linked ^payroll-2026-10 settle 3395.63 EUR on "
        "Liabilities:Tax:IncomeTaxAdvances; the run owes 3394.63 EUR"
        in out
    )


def test_payroll_report(example: Workspace) -> None:
    result = run("--root", str(REPO), "report", "payroll", "--period", "2026-11", "-f", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["totals"]["gross"] == "26100.00"
    assert report["totals"]["employer_cost"] == str(
        Decimal("26100.00") + Decimal("6577.20") + Decimal("2871.00") + Decimal("643.44")
    )
    groups = [r["person"] for r in report["rows"] if r["kind"] == "group"]
    assert groups == ["Administration", "Engineering", "Sales"]


def test_draft_pro_rata_for_a_leaver_and_a_raise_within_the_month(company: Path) -> None:
    edit(company / "records/people/P-0008.yaml", "  end: 2026-06-30", "  end: 2026-06-15")
    leave = "from: 2026-06-22\n      to: 2026-06-26"
    edit(company / "records/people/P-0008.yaml", leave, "from: 2026-05-25\n      to: 2026-05-29")
    edit(
        company / "records/people/P-0004.yaml",
        '    gross_monthly: "2650.00 EUR"',
        '    gross_monthly: "2650.00 EUR"\n'
        "  - valid_from: 2026-06-16\n"
        '    gross_monthly: "2870.00 EUR"',
    )
    drafted, problems = draft_run(open_workspace(company), Month(2026, 6))
    assert problems == []
    lines = {line.person: line for line in drafted.lines}
    # June 2026 has 22 working days; 1–15 June are 11 of them.
    assert lines["P-0008"].amounts["base"] == Decimal("950.00")
    assert lines["P-0008"].meal_days == 11
    assert lines["P-0004"].amounts["base"] == Decimal("2760.00")  # 11 days at each salary
    assert "P-0007" in lines and lines["P-0007"].meal_days is None  # 4 hours a day: no meals


@given(st.lists(st.decimals(min_value=0, max_value=20_000, places=2), min_size=1, max_size=6))
def test_a_rendered_run_reads_back_the_same(grosses: list[Decimal]) -> None:
    lines = []
    for i, gross in enumerate(grosses):
        pay = compute_pay(gross, RATES)
        amounts = dict.fromkeys(LINE_AMOUNTS, Decimal(0))
        amounts.update(
            base=gross,
            gross=gross,
            net=pay.net(gross),
            **{k: getattr(pay, k) for k in ("employee_social", "employee_health", "tax_advance")},
            **{k: getattr(pay, k) for k in ("employer_social", "employer_health")},
        )
        lines.append(Line(f"P-{i + 1:04d}", i, amounts, "EUR"))
    written = Run(None, Month(2026, 5), date(2026, 5, 31), date(2026, 6, 10), "EUR", lines)
    written.totals = {key: written.total(key) for key in TOTALS}
    parsed, problems = parse_yaml_text(render_run(written), "records/payroll/2026-05.yaml")
    assert problems == [] and parsed is not None
    record = Record(
        "payroll", "2026-05", "records/payroll/2026-05.yaml", parsed.data, parsed.positions
    )
    back = parse_run(record, "EUR")
    assert back is not None
    assert [line.amounts for line in back.lines] == [line.amounts for line in lines]
    assert back.totals == written.totals


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            '    gross: "4800.00 EUR"\n',
            '    gross: "-4800.00 EUR"\n',
            "8:12: PAYROLL-AMOUNT P-0001: gross -4800.00 EUR is not more than zero; list "
            "someone paid nothing under not_paid",
        ),
        (
            '    gross: "4800.00 EUR"\n',
            '    gross: "0.00 EUR"\n',
            "8:12: PAYROLL-AMOUNT P-0001: gross 0.00 EUR is not more than zero; list someone "
            "paid nothing under not_paid",
        ),
        (
            '    base: "4800.00 EUR"\n',
            '    base: "4800.00 EUR"\n    bonuses: "-100.00 EUR"\n',
            "8:14: PAYROLL-AMOUNT P-0001: bonuses -100.00 EUR is negative",
        ),
        (
            '    tax_advance: "686.20 EUR"\n',
            '    tax_advance: "-686.20 EUR"\n',
            "11:18: PAYROLL-AMOUNT P-0001: tax_advance -686.20 EUR is negative",
        ),
    ],
)
def test_pay_below_zero_in_a_run(company: Path, old: str, new: str, expected: str) -> None:
    edit(company / "records/payroll/2026-11.yaml", old, new)
    found = [str(p) for p in run_problems(open_workspace(company)) if p.code == "PAYROLL-AMOUNT"]
    assert found == [f"records/payroll/2026-11.yaml:{expected}"]


def test_a_run_with_a_negative_gross_is_not_booked(company: Path) -> None:
    edit(company / "records/payroll/2026-11.yaml", 'gross: "4800.00 EUR"', 'gross: "-4800.00 EUR"')
    out = _sync_refuses(company, "PAYROLL-AMOUNT")
    assert "records/payroll/2026-11.yaml:8:12: PAYROLL-AMOUNT P-0001: gross -4800.00 EUR" in out


def test_draft_refuses_to_leave_out_someone_whose_pay_cannot_be_read(company: Path) -> None:
    edit(company / "records/people/P-0005.yaml", '"2300.00 EUR"', '"lots"')
    before = (company / "records/payroll/2026-11.yaml").read_bytes()
    drafted = run("--root", str(company), "payroll", "draft", "2026-11", "--force")
    assert drafted.exit_code == 1
    assert drafted.stdout == (
        "records/people/P-0005.yaml:19:3: PAYROLL-UNREADABLE P-0005 cannot be paid for 2026-11: "
        "salary cannot be read (`check` says why)\n"
    )
    assert (company / "records/payroll/2026-11.yaml").read_bytes() == before
