"""`invoice new --from-time`: the draft of a project's unbilled hours, and those hours marked
billed by it, all written or nothing."""

from __future__ import annotations

import json
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backoffice.core.period import parse_period
from backoffice.domains import open_workspace
from backoffice.projects.billing import TimeBillingError, mark_billed, period_words, plain
from support.books import copy_example, edit
from support.workspace import REPO, run

P3 = "records/timesheets/2026-11/P-0003-2026-11.yaml"
P5 = "records/timesheets/2026-11/P-0005-2026-11.yaml"
DEC3 = "records/timesheets/2026-12/P-0003-2026-12.yaml"
DRAFT = "records/invoices/2026/20260119.yaml"


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in (root / "records").rglob("*")
        if p.is_file()
    }


def _new(root: Path, *args: str) -> tuple[int, str, str]:
    result = run("--root", str(root), "invoice", "new", *args)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def company(tmp_path: Path) -> Path:
    return copy_example(tmp_path)


def test_unbilled_hours_become_a_draft_and_are_marked_billed_by_it(company: Path) -> None:
    code, out, _ = _new(company, "--from-time", "PRJ-0001", "--period", "2026-11-16..2026-12-15")
    assert (code, out) == (0, f"{DRAFT}\n")
    draft = (company / DRAFT).read_text(encoding="utf-8")
    assert 'customer: "C-0001"' in draft and "status: draft" in draft
    assert (
        "lines:\n"
        '  - description: "Development, 16 November – 15 December 2026"\n'
        "    quantity: 6\n"
        '    unit: "day"\n'
        "    unit_price: 620.00\n"
        "    vat_rate: 23\n"
        '    account: "Income:Sales:Services"\n'
    ) in draft
    last = (company / P3).read_text(encoding="utf-8").splitlines()[-1]
    assert last == (
        '  - {day: 2026-11-30, project: PRJ-0001, hours: 8, note: "Cellar stock movements", '
        'invoice: "20260119"}'
    )
    assert (company / DEC3).read_text(encoding="utf-8").count('invoice: "20260119"') == 2
    assert run("--root", str(company), "check").exit_code == 0

    before = _files(company)
    code, _, err = _new(company, "--from-time", "PRJ-0001", "--period", "2026-11-16..2026-12-15")
    assert code == 1
    assert err == (
        "Error: PRJ-0001 has no unbilled billable hours in 2026-11-16..2026-12-15: "
        "nothing to invoice\n"
    )
    assert _files(company) == before


def test_a_person_with_a_rate_of_their_own_has_a_line_of_their_own(company: Path) -> None:
    edit(
        company / "records/projects/PRJ-0001.yaml",
        '  - {role: Development, price: "620.00 EUR"}\n',
        '  - {role: Development, price: "620.00 EUR"}\n  - {person: P-0005, price: "560.00 EUR"}\n',
    )
    code, _, _ = _new(company, "--from-time", "PRJ-0001", "--period", "2026-11")
    assert code == 0
    draft = (company / DRAFT).read_text(encoding="utf-8")
    assert '  - description: "Development, November 2026"\n    quantity: 1\n' in draft
    assert (
        '  - description: "Development (Tomáš Baláž), November 2026"\n'
        "    quantity: 1\n"
        '    unit: "day"\n'
        "    unit_price: 560.00\n"
    ) in draft
    assert 'invoice: "20260119"' in (company / P5).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ("--from-time", "PRJ-0099", "--period", "2026-11"),
            1,
            "Error: no project 'PRJ-0099' (no records/projects/PRJ-0099.yaml)\n",
        ),
        (
            ("--from-time", "PRJ-0007", "--period", "2026-11"),
            1,
            "Error: PRJ-0007 is not billable to a customer\n",
        ),
        (
            ("--from-time", "PRJ-0001", "--period", "2026-07"),
            1,
            "Error: PRJ-0001 has no unbilled billable hours in 2026-07: nothing to invoice\n",
        ),
        (("--from-time", "PRJ-0001"), 2, "--from-time PROJECT goes with --period P alone."),
        (
            ("--from-time", "PRJ-0001", "--period", "2026-11", "--customer", "C-0002"),
            2,
            "--from-time PROJECT goes with --period P alone.",
        ),
    ],
)
def test_refused_writes_nothing(
    company: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    before = _files(company)
    result = _new(company, *args)
    assert result[0] == code
    assert message in result[2]
    assert _files(company) == before


def test_hours_without_a_rate_are_refused(company: Path) -> None:
    edit(
        company / "records/projects/PRJ-0001.yaml", "P-0005, role: Development", "P-0005, role: QA"
    )
    before = _files(company)
    code, _, err = _new(company, "--from-time", "PRJ-0001", "--period", "2026-11-16..2026-12-15")
    assert code == 1
    assert err == (
        "Error: no rate for P-0005's hours on PRJ-0001 (role 'QA'): give their role or them "
        "a rate\n"
    )
    assert _files(company) == before


def test_a_timesheet_that_cannot_be_marked_stops_every_write(company: Path) -> None:
    edit(
        company / DEC3,
        '  - {day: 2026-12-02, project: PRJ-0001, hours: 8, note: "Bug fixes after release"}',
        '  - {day: 2026-12-02, project: PRJ-0001, hours: 8, note: "API {v2}",\n'
        "     billable: true}",
    )
    before = _files(company)
    code, _, err = _new(company, "--from-time", "PRJ-0001", "--period", "2026-11-16..2026-12-15")
    assert code == 1
    assert err == f"Error: {DEC3}: cannot mark the billed hours in this layout\n"
    assert _files(company) == before


def test_a_timesheet_in_block_style_is_marked_too(company: Path) -> None:
    edit(
        company / DEC3,
        '  - {day: 2026-12-02, project: PRJ-0001, hours: 8, note: "Bug fixes after release"}',
        "  - day: 2026-12-02\n    project: PRJ-0001\n    hours: 8\n",
    )
    assert _new(company, "--from-time", "PRJ-0001", "--period", "2026-12")[0] == 0
    assert '  - invoice: "20260119"\n    day: 2026-12-02\n' in (company / DEC3).read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize(
    ("period", "words"),
    [
        ("2026-11", "November 2026"),
        ("2026-11-16..2026-11-30", "16–30 November 2026"),
        ("2026-11-16..2026-12-15", "16 November – 15 December 2026"),
        ("2026-12-16..2027-01-15", "16 December 2026 – 15 January 2027"),
        ("2026-Q1", "1 January – 31 March 2026"),
    ],
)
def test_period_words(period: str, words: str) -> None:
    assert period_words(parse_period(period)) == words


ENTRY = st.fixed_dictionaries(
    {
        "hours": st.sampled_from(["8", "7.5", "0.25", "12"]),
        "note": st.text(
            st.characters(exclude_categories=("Cc", "Cs", "Co", "Cn"), exclude_characters="\ufeff"),
            max_size=30,
        ),
        "billed": st.booleans(),
        "block": st.booleans(),
    }
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ENTRY, min_size=1, max_size=6))
def test_marking_changes_only_the_billed_entries(items: list[dict[str, object]]) -> None:
    """Whatever the notes hold and however the entries are written, the marked timesheet
    reads back as the same data with `invoice` on the billed entries, or nothing is marked."""
    lines = ["person: P-0003", "month: 2026-11", "entries:"]
    for n, item in enumerate(items, start=2):
        note = json.dumps(item["note"], ensure_ascii=False)
        if item["block"]:
            lines += [f"  - day: 2026-11-{n:02d}", "    project: PRJ-0001"]
            lines += [f"    hours: {item['hours']}", f"    note: {note}"]
        else:
            lines.append(
                f"  - {{day: 2026-11-{n:02d}, project: PRJ-0001, hours: {item['hours']}, "
                f"note: {note}}}"
            )
    text = "\n".join(lines) + "\n"
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copytree(REPO / "schemas", root / "schemas")
        (root / P3).parent.mkdir(parents=True)
        (root / P3).write_text(text, encoding="utf-8")
        (record,) = open_workspace(root).register("timesheets")
        billed = [i for i, item in enumerate(items) if item["billed"]] or [0]
        try:
            marked = mark_billed(open_workspace(root), record, billed, "20260119")
        except TimeBillingError:
            return  # refused: nothing is written (the commands' tests show it)
    expected = yaml.safe_load(text)
    for index in billed:
        expected["entries"][index]["invoice"] = "20260119"
    assert yaml.safe_load(marked) == expected


@pytest.mark.parametrize(
    ("number", "written"),
    [("100", "100"), ("800.000", "800"), ("12.50", "12.5"), ("0.125", "0.125")],
)
def test_quantities_are_written_plain(number: str, written: str) -> None:
    assert str(plain(Decimal(number))) == written
