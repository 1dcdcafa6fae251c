"""Absences drive the run: days worked, paid leave at average earnings, sick pay, unpaid leave,
a leaver's unused leave; contributions fund by fund; days of rest as data; bad inputs."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backoffice.core.period import Month
from backoffice.domains import open_workspace
from backoffice.load.workspace import Workspace
from backoffice.payroll.absences import Absence
from backoffice.payroll.calculation import compute_pay, expected_pay
from backoffice.payroll.draft import draft_run
from backoffice.payroll.journal import run_transaction
from backoffice.payroll.people import Person, load_people
from backoffice.payroll.rates import Rates, Settings, load_settings
from support import REPO, run
from support.books import copy_example, edit, without_run

RATES_FILE = "records/payroll-rates.yaml"
P3, P7 = "records/people/P-0003.yaml", "records/people/P-0007.yaml"
P9 = "records/people/P-0009.yaml"
CENT = Decimal("0.01")


@pytest.fixture(scope="module")
def example() -> Workspace:
    return open_workspace(REPO)


@pytest.fixture(scope="module")
def settings(example: Workspace) -> Settings:
    found = load_settings(example)
    assert found is not None
    return found


@pytest.fixture(scope="module")
def rates(settings: Settings) -> Rates:
    found = settings.rates_for(Month(2026, 12))
    assert found is not None
    return found


@pytest.fixture
def company(tmp_path: Path) -> Path:
    return without_run(copy_example(tmp_path), "2026-12")  # December not yet drafted


def _line(ws: Workspace, month: Month, person: str) -> Any:
    drafted, problems = draft_run(ws, month)
    assert problems == []
    return next(line for line in drafted.lines if line.person == person)


# --- the law as data -----------------------------------------------------------------------


def test_the_2026_working_days(settings: Settings) -> None:
    """8 May and 15 September are working days in 2026; 6 January is a day of rest."""
    counts = [
        len(settings.working_days(Month(2026, m).first, Month(2026, m).last)) for m in (1, 5, 9)
    ]
    assert counts == [20, 20, 22]
    assert date(2026, 11, 17) not in settings.holidays


def test_contributions_fund_by_fund(rates: Rates) -> None:
    """Each fund rounded down on its own: 25.2 % of 2 650 is 667.80, the funds give 667.79."""
    pay = compute_pay(Decimal("2650.00"), rates)
    assert pay.employer_social == Decimal("667.79")
    assert pay.funds["guarantee"] == (Decimal("0.00"), Decimal("6.62"))  # 6.625
    assert pay.funds["reserve"] == (Decimal("0.00"), Decimal("125.87"))  # 125.875
    assert pay.employee_social == Decimal("249.10")


def test_the_ceiling_stops_every_fund_but_accident_insurance(rates: Rates) -> None:
    pay = compute_pay(Decimal("20000.00"), rates)
    assert pay.employee_social == Decimal("1575.81")  # 9.4 % of 16 764, as the insurer says
    assert pay.funds["accident"] == (Decimal("0.00"), Decimal("160.00"))  # 0.8 % of 20 000


def test_a_meal_contribution_above_the_exempt_amount_is_income(rates: Rates) -> None:
    gross = Decimal("2000.00")
    plain = compute_pay(gross, rates)
    more = compute_pay(gross, rates, taxable_benefit=Decimal("10.00"))  # 1 € a day over 5.12
    assert more.employee_social - plain.employee_social > 0
    assert more.tax_advance > plain.tax_advance
    assert more.net(gross) < plain.net(gross)


# --- the example's December ------------------------------------------------------------------


def test_sickness_and_unpaid_leave_in_december(example: Workspace) -> None:
    """P-0003: sick 7–10 December, unpaid leave 14–23 December (8 working days, 10 calendar)."""
    line = _line(example, Month(2026, 12), "P-0003")
    assert line.days == {"working": 21, "worked": 9, "sick": 4, "unpaid": 8, "uninsured": 10}
    assert line.amounts["base"] == Decimal("1457.14")  # 3 400 × 9 / 21
    # 2025's bases over 365 days exceed the 2026 maximum daily base: 100.2083 × (3 × 25 % + 55 %)
    assert line.amounts["sick_pay"] == Decimal("130.28")
    assert line.meal_days == 9
    # January to November corrected: July's vacation and a September day off at average
    # earnings paid short, as back pay assessed with December's pay
    assert line.amounts["back_pay"] == Decimal("176.87")
    pay = compute_pay(Decimal("1457.14") + Decimal("176.87"), open_settings(example).rates[0])
    assert line.amounts["employee_social"] == pay.employee_social  # sick pay bears none
    assert line.amounts["gross"] == Decimal("1764.29")


def test_vacation_at_the_previous_quarters_average(example: Workspace) -> None:
    """P-0006: 4 days of vacation at 9 600 / (66 days × 8 h) = 18.1818 an hour."""
    line = _line(example, Month(2026, 12), "P-0006")
    assert line.days == {"working": 21, "worked": 17, "vacation": 4}
    assert line.amounts["base"] == Decimal("2590.48")
    assert line.amounts["compensation"] == Decimal("581.82")  # 32 h × 18.1818
    assert line.meal_days == 17


def test_a_run_balances_gross_and_employer_contributions(example: Workspace) -> None:
    """Employer cost = gross + employer contributions + meal contribution = what is owed."""
    drafted, _ = draft_run(example, Month(2026, 12))
    entry = run_transaction(drafted, open_settings(example), load_people(example))
    cost = sum((p.amount for p in entry.postings if p.amount > 0), Decimal(0))
    owed = -sum((p.amount for p in entry.postings if p.amount < 0), Decimal(0))
    employer = drafted.total("employer_social") + drafted.total("employer_health")
    meal = drafted.total("meal_contribution") - drafted.total("meal_recovered")
    assert cost == owed == drafted.total("gross") + employer + meal


def open_settings(ws: Workspace) -> Settings:
    found = load_settings(ws)
    assert found is not None
    return found


def test_a_long_incapacity_the_employer_pays_14_days_of(company: Path) -> None:
    """P-0007 earned 1 100 a month in 2025: daily base 13 200 / 365 = 36.1644 (up); 7 to 31
    December, the employer pays days 1–14: (3 × 25 % + 11 × 55 %) × 36.1644 = 245.92."""
    edit(
        company / P7,
        "  absences:\n",
        "  absences:\n    - {from: 2026-12-07, to: 2026-12-31, kind: sick}\n",
    )
    line = _line(open_workspace(company), Month(2026, 12), "P-0007")
    assert line.amounts["sick_pay"] == Decimal("245.92")
    assert line.days == {"working": 21, "worked": 4, "sick": 17}
    assert line.amounts["base"] == Decimal("209.52")  # 1 100 × 4 / 21


def test_an_incapacity_across_two_months(company: Path) -> None:
    """25 November to 10 December: days 1–6 in November, 7–14 in December, each month's part
    rounded up on its own."""
    edit(
        company / P7,
        "  absences:\n",
        "  absences:\n    - {from: 2026-11-25, to: 2026-12-10, kind: sick}\n",
    )
    ws = open_workspace(company)
    november = _line(ws, Month(2026, 11), "P-0007").amounts["sick_pay"]
    december = _line(ws, Month(2026, 12), "P-0007").amounts["sick_pay"]
    assert (november, december) == (Decimal("86.80"), Decimal("159.13"))


def test_the_leavers_unused_leave(example: Workspace) -> None:
    """P-0008 left on 30 June with 12.5 days for the year and 10 taken: 2.5 days × 8 h at the
    first quarter's 5 700 / 496 h = 11.4919, with the 5 days of June's vacation."""
    line = _line(example, Month(2026, 6), "P-0008")
    assert line.amounts["compensation"] == Decimal("689.52")
    assert Decimal("2.5") * 8 * Decimal("11.4919") == Decimal("229.8380")


# --- Hypothesis: the identities -------------------------------------------------------------

money = st.decimals(min_value=0, max_value=40_000, places=2)


@given(gross=money, sick=money, benefit=st.decimals(min_value=0, max_value=300, places=2))
def test_payslip_identities_fund_by_fund(gross: Decimal, sick: Decimal, benefit: Decimal) -> None:
    rates = _example_rates()
    sick = min(sick, gross)
    pay = compute_pay(gross, rates, sick, benefit)
    assert pay.employee_social + pay.employee_health + pay.tax_advance + pay.net(gross) == gross
    assessable = gross - sick + benefit
    for fund in rates.social.funds:
        base = assessable if fund.ceiling is None else min(assessable, fund.ceiling)
        want = (
            (base * fund.employee / 100).quantize(CENT, rounding=ROUND_DOWN),
            (base * fund.employer / 100).quantize(CENT, rounding=ROUND_DOWN),
        )
        assert pay.funds[fund.name] == want
    assert pay.employee_social == sum(a for a, _ in pay.funds.values())
    assert pay.employer_social == sum(b for _, b in pay.funds.values())
    assert pay.employer_cost == pay.employer_social + pay.employer_health


@given(
    salary=st.decimals(min_value=500, max_value=20_000, places=2),
    month=st.integers(min_value=1, max_value=12),
    first=st.integers(min_value=0, max_value=27),
    length=st.integers(min_value=1, max_value=10),
)
def test_vacation_pays_the_salary_when_there_is_no_earlier_quarter(
    salary: Decimal, month: int, first: int, length: int
) -> None:
    """Without a previous quarter, the hourly rate is the salary's: the days worked and the
    days of vacation together pay the month's salary, to the rounding of the hourly rate."""
    settings = _example_settings()
    period = Month(2026, month)
    start = period.first + timedelta(days=min(first, period.last.day - 1))
    end = min(start + timedelta(days=length - 1), period.last)
    person = _person(salary, (Absence(start, end, "vacation", 0),))
    found = expected_pay(person, period, settings, _example_rates())
    assert found.base is not None
    total = found.base + found.compensation
    vacation = len(settings.working_days(start, end))
    assert abs(total - salary) <= CENT + vacation * 8 * Decimal("0.00005")


@given(
    base=st.decimals(min_value=0, max_value=200, places=4),
    length=st.integers(min_value=1, max_value=60),
    cut=st.integers(min_value=1, max_value=60),
)
def test_sick_pay_by_the_day_of_the_incapacity(base: Decimal, length: int, cut: int) -> None:
    """25 % of the daily base for days 1–3, 55 % for days 4–14, nothing from day 15; split at
    a month's end, each part is rounded up, so the parts exceed the whole by under a cent."""
    rule = _example_rates().sick_pay
    assert rule is not None
    days = [rule.percent(n) or Decimal(0) for n in range(1, length + 1)]
    whole = sum((base * p / 100 for p in days), Decimal(0))
    assert whole == base * (
        Decimal("0.25") * min(length, 3) + Decimal("0.55") * max(0, min(length, 14) - 3)
    )
    cut = min(cut, length)
    parts = [sum((base * p / 100 for p in part), Decimal(0)) for part in (days[:cut], days[cut:])]
    rounded = sum(p.quantize(CENT, rounding=ROUND_UP) for p in parts)
    assert 0 <= rounded - whole.quantize(CENT, rounding=ROUND_UP) <= CENT


_CACHE: dict[str, Any] = {}


def _example() -> Workspace:
    if "ws" not in _CACHE:
        _CACHE["ws"] = open_workspace(REPO)
    ws: Workspace = _CACHE["ws"]
    return ws


def _example_settings() -> Settings:
    if "settings" not in _CACHE:
        _CACHE["settings"] = open_settings(_example())
    settings: Settings = _CACHE["settings"]
    return settings


def _example_rates() -> Rates:
    return _example_settings().rates[0]


def _person(salary: Decimal, absences: tuple[Absence, ...]) -> Person:
    record = _example().register("people")[0]
    return Person(
        record=record,
        id="P-9999",
        name="Test",
        start=date(2020, 1, 1),
        end=None,
        hours_per_week=Decimal(40),
        fte=Decimal(1),
        contract_type="indefinite",
        cost_account="Expenses:Payroll:Salaries",
        department="",
        salaries=[(date(2020, 1, 1), salary, 0)],
        absences=absences,
    )


# --- bad inputs: path:line:column: CODE message, exit 1 -----------------------------------------


def _check_fails(company: Path, *lines: str) -> str:
    result = run("--root", str(company), "check")
    assert result.exit_code == 1
    for line in lines:
        assert line in result.output, result.output
    return str(result.output)


def test_overlapping_absences(company: Path) -> None:
    edit(company / P3, "    - from: 2026-12-14\n", "    - from: 2026-12-03\n")
    _check_fails(
        company,
        f"{P3}:57:13: PERSON-ABSENCE leave.absences.4 (unpaid 2026-12-03 to 2026-12-23) overlaps "
        "leave.absences.3 (sick 2026-12-07 to 2026-12-10)",
    )


def test_an_absence_outside_the_employment(company: Path) -> None:
    edit(company / "records/people/P-0005.yaml", "from: 2026-07-13", "from: 2025-12-29")
    _check_fails(
        company,
        "records/people/P-0005.yaml:40:13: PERSON-ABSENCE leave.absences.0 starts 2025-12-29, "
        "before the employment starts on 2026-01-05",
    )


def test_an_unknown_kind_of_absence(company: Path) -> None:
    edit(company / P3, "      kind: unpaid\n", "      kind: holiday\n")
    out = _check_fails(company, f"{P3}:59:13: SCHEMA leave.absences.4.kind")
    assert "'holiday' is not one of" in out


def test_negative_days(company: Path) -> None:
    edit(
        company / P3,
        "  entitlement_days: 30\n",
        "  entitlement_days: 30\n  carried_over_days: -2\n",
    )
    _check_fails(company, f"{P3}:41:22: SCHEMA")


def test_negative_days_in_a_run(company: Path) -> None:
    assert run("--root", str(company), "payroll", "draft", "2026-12").exit_code == 0
    path = company / "records/payroll/2026-12.yaml"
    edit(path, "days: {working: 21, worked: 21}", "days: {working: 21, worked: -1}")
    _check_fails(
        company,
        "records/payroll/2026-12.yaml:7:33: SCHEMA employees.0.days.worked: -1 is less than the "
        "minimum of 0",
    )


def test_a_run_that_ignores_an_absence(company: Path) -> None:
    assert run("--root", str(company), "payroll", "draft", "2026-12").exit_code == 0
    assert run("--root", str(company), "ledger", "sync").exit_code == 0
    path = company / "records/payroll/2026-12.yaml"
    edit(path, 'sick_pay: "130.28 EUR"', 'sick_pay: "130.00 EUR"')
    edit(path, 'gross: "1764.29 EUR"', 'gross: "1764.01 EUR"')
    out = _check_fails(company, "PAYROLL-ABSENCE P-0003: sick_pay is 130.00; the absences in")
    assert "give 130.28 EUR (sick from 2026-12-07: daily base 100.2083" in out


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "{date: 2026-05-01, name: Sviatok práce}",
            "{date: 2025-05-01, name: Sviatok práce}",
            "34:16: PAYROLL-HOLIDAYS 2025-05-01 (Sviatok práce) is not in 2026",
        ),
        (
            "{date: 2026-05-01, name: Sviatok práce}",
            "{date: 2026-04-06, name: Sviatok práce}",
            "34:16: PAYROLL-HOLIDAYS 2026-04-06 (Sviatok práce) is listed twice",
        ),
        (
            "{date: 2026-05-01, name: Sviatok práce}",
            "{date: 2026-05-32, name: Sviatok práce}",
            "34:16: DATE-INVALID holidays.0.days.4.date",
        ),
    ],
    ids=["other-year", "twice", "not-a-date"],
)
def test_a_malformed_holiday_list(company: Path, old: str, new: str, message: str) -> None:
    edit(company / RATES_FILE, old, new)
    _check_fails(company, f"{RATES_FILE}:{message}")


def test_a_year_without_days_of_rest_cannot_be_drafted(company: Path) -> None:
    edit(company / RATES_FILE, "    valid_to: 2026-12-31\n", "")
    result = run("--root", str(company), "payroll", "draft", "2028-01")
    assert result.exit_code == 1
    assert "lists no days of rest for 2028" in result.output
    assert not (company / "records/payroll/2028-01.yaml").exists()


def test_a_meal_contribution_below_the_minimum(company: Path) -> None:
    edit(company / RATES_FILE, 'per_day: "3.84 EUR"', 'per_day: "3.83 EUR"')
    _check_fails(
        company,
        "PAYROLL-RATES meal_contribution.per_day 3.83 is less than 55 % of the meal value 6.98 "
        "(3.84), the least § 152(3) of the Labour Code allows",
    )


def test_a_whole_month_of_unpaid_leave_is_listed_as_not_paid(company: Path) -> None:
    edit(
        company / P9,
        "  absences:\n",
        "  absences:\n    - {from: 2026-12-01, to: 2026-12-31, kind: unpaid}\n",
    )
    (company / "records/timesheets/2026-12/P-0009-2026-12.yaml").unlink()  # not at work
    assert run("--root", str(company), "payroll", "draft", "2026-12").exit_code == 0
    text = (company / "records/payroll/2026-12.yaml").read_text(encoding="utf-8")
    assert "  - person: P-0009\n    days:" not in text
    assert (
        'not_paid:\n  - person: P-0009\n    reason: "absent all month (unpaid): nothing to pay"\n'
    ) in text
    assert run("--root", str(company), "ledger", "sync").exit_code == 0
    assert run("--root", str(company), "check").exit_code == 0


def test_a_paid_month_drafted_again_owes_the_difference(company: Path) -> None:
    """January drafted by the corrected rules checks clean but for what its hand-written
    payments settled: P-0005's 20 working days, the meal days worked at 3.84, the funds."""
    assert run("--root", str(company), "payroll", "draft", "2026-01", "--force").exit_code == 0
    assert run("--root", str(company), "ledger", "sync").exit_code == 0
    result = run("--root", str(company), "check")
    assert result.exit_code == 1
    problems = [line for line in result.output.splitlines() if " error" not in line]
    codes = {line.split()[1] for line in problems if line.startswith("records/")}
    assert codes == {"PAYROLL-PAYMENT"}
    assert (
        "PAYROLL-PAYMENT payments linked ^payroll-2026-01 settle 18988.04 EUR on "
        "Liabilities:Payroll:Employees; the run owes 19042.58 EUR"
    ) in result.output
