"""Values two records of a register may not share: ids, invoice numbers, a person's birth
number and pay account, a customer's or supplier's IČO, DIČ and IČ DPH."""

from __future__ import annotations

from pathlib import Path

import pytest

from backoffice.check.run import check_records
from support import run
from support.books import copy_example, edit

HINT = " (two changes merged that each took it?)"


@pytest.fixture
def company(tmp_path: Path) -> Path:
    return copy_example(tmp_path)


def _duplicates(company: Path) -> list[str]:
    problems = check_records(company).problems
    return [str(p) for p in problems if p.code == "VALUE-DUPLICATE"]


def test_the_example_has_no_duplicates(company: Path) -> None:
    assert _duplicates(company) == []


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "customers/C-0002.yaml",
            'ico: "36510921"',
            'ico: "46128735"',
            "4:6: VALUE-DUPLICATE customers ico '46128735' is also used by "
            "records/customers/C-0001.yaml",
        ),
        (
            "customers/C-0002.yaml",
            'ico: "36510921"',
            'ico: "4612 8735"',
            "4:6: VALUE-DUPLICATE customers ico '4612 8735' is also used by "
            "records/customers/C-0001.yaml",
        ),
        (
            "customers/C-0002.yaml",
            'dic: "2020269185"',
            'dic: "2022873413"',
            "5:6: VALUE-DUPLICATE customers dic '2022873413' is also used by "
            "records/customers/C-0001.yaml",
        ),
        (
            "customers/C-0002.yaml",
            "vat_id: SK2020269185",
            "vat_id: sk 2022873413",
            "6:9: VALUE-DUPLICATE customers vat_id 'sk 2022873413' is also used by "
            "records/customers/C-0001.yaml",
        ),
        (
            "customers/C-0006.yaml",
            "vat_id: HU13726481",
            "vat_id: CZ26905710",
            "4:9: VALUE-DUPLICATE customers vat_id 'CZ26905710' is also used by "
            "records/customers/C-0004.yaml",
        ),
        (
            "customers/C-0005.yaml",
            "vat_id: SK2020458176",
            "vat_id: SK2021338759",
            "5:6: VALUE-DUPLICATE customers dic '2021338759' is also used by "
            "records/customers/C-0005.yaml (as vat_id)",
        ),
        (
            "suppliers/S-0002.yaml",
            'ico: "47483920"',
            'ico: "35821418"',
            "4:6: VALUE-DUPLICATE suppliers ico '35821418' is also used by "
            "records/suppliers/S-0001.yaml",
        ),
        (
            "suppliers/S-0002.yaml",
            'dic: "2023815574"',
            'dic: "2020293066"',
            "5:6: VALUE-DUPLICATE suppliers dic '2020293066' is also used by "
            "records/suppliers/S-0001.yaml",
        ),
        (
            "suppliers/S-0002.yaml",
            "vat_id: SK2023815574",
            "vat_id: SK2020293066",
            "6:9: VALUE-DUPLICATE suppliers vat_id 'SK2020293066' is also used by "
            "records/suppliers/S-0001.yaml",
        ),
        (
            "people/P-0002.yaml",
            "national_id: 865903/1876",
            'national_id: "8104173187"',
            "28:16: VALUE-DUPLICATE people personal.national_id is also used by "
            "records/people/P-0001.yaml",
        ),
        (
            "people/P-0002.yaml",
            "private_iban: SK05 0900 0000 0019 3124 7021",
            "private_iban: SK7611000000001080521324",
            "34:17: VALUE-DUPLICATE people personal.private_iban is also used by "
            "records/people/P-0001.yaml",
        ),
    ],
)
def test_a_value_two_records_share(
    company: Path, file: str, old: str, new: str, expected: str
) -> None:
    edit(company / "records" / file, old, new)
    place = "records/customers/C-0007.yaml" if "(as vat_id)" in expected else f"records/{file}"
    assert _duplicates(company) == [f"{place}:{expected}{HINT}"]


def test_the_same_customer_may_be_a_supplier(company: Path) -> None:
    edit(company / "records/suppliers/S-0002.yaml", 'ico: "47483920"', 'ico: "46128735"')
    assert _duplicates(company) == []


def test_check_fails_on_a_shared_birth_number_without_printing_it(company: Path) -> None:
    edit(
        company / "records/people/P-0002.yaml",
        "national_id: 865903/1876",
        "national_id: 810417/3187",
    )
    edit(company / "records/people/P-0002.yaml", "birth_date: 1986-09-03", "birth_date: 1981-04-17")
    result = run("--root", str(company), "check")
    assert result.exit_code == 1
    errors = [line for line in result.stdout.splitlines() if " warning: " not in line]
    assert errors == [
        "records/people/P-0002.yaml:28:16: VALUE-DUPLICATE people personal.national_id is also "
        f"used by records/people/P-0001.yaml{HINT}"
    ]
    assert "810417" not in result.output


def test_sync_refuses_two_people_with_one_pay_account(company: Path) -> None:
    edit(
        company / "records/people/P-0002.yaml",
        "private_iban: SK05 0900 0000 0019 3124 7021",
        "private_iban: SK76 1100 0000 0010 8052 1324",
    )
    journal = company / "ledger/generated/payroll.beancount"
    before = journal.read_bytes()
    result = run("--root", str(company), "ledger", "sync")
    assert result.exit_code == 1
    assert "records/people/P-0002.yaml:34:17: VALUE-DUPLICATE people personal.private_iban" in (
        result.stdout
    )
    assert journal.read_bytes() == before
