"""Period lock, issued documents and merge safety: `close`, `check` and `check --base`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backoffice.core.period import parse_period
from backoffice.review.lock import HEADER, LOCK_FILE, digest, period_ending, read_lock
from support import REPO, run
from support.books import copy_example
from support.gitrepo import TXNS, Repo, damage

RENT = (
    '2026-01-20 * "Landlord" "Rent"\n  Expenses:Rent    300.00 EUR\n  Assets:Bank     -300.00 EUR\n'
)
ISSUED = 'id: INV-1\nnumber: "20260001"\nstatus: issued\ncustomer: C-1\ntotal: "500.00 EUR"\n'


def closed(repo: Repo) -> Repo:
    """The repository with January's first half closed and committed."""
    result = repo.cli("close", "2026-01-01..2026-01-15")
    assert result.exit_code == 0, result.output
    repo.commit("Close the first half of January")
    return repo


def edit_ledger(repo: Repo, old: str, new: str) -> None:
    path = repo.path("ledger/main.beancount")
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def stdout_lines(repo: Repo, *args: str) -> list[str]:
    return repo.cli("check", *args).stdout.splitlines()


# ----------------------------------------------------------------------------- close


def test_close_writes_the_lock_file_and_check_is_clean(repo: Repo) -> None:
    result = repo.cli("close", "2026-01-01..2026-01-15")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "closed 2026-01-01..2026-01-15 (the beginning to 2026-01-15): 2 entries; "
        "wrote ledger/closed.lock\n"
    )
    text = repo.path("ledger/closed.lock").read_text(encoding="utf-8")
    assert text.startswith(HEADER)
    assert "\n2026-01-01..2026-01-15\t-\t2026-01-15\t2\t" in text
    assert repo.check().exit_code == 0


def test_close_moves_the_lock_date_and_keeps_the_rest_of_company_yaml(repo: Repo) -> None:
    closed(repo)
    result = repo.cli("close", "2026-01")
    assert result.exit_code == 0, result.output
    assert "updated books_closed_through in records/company.yaml" in result.stderr
    company = repo.path("records/company.yaml").read_text(encoding="utf-8")
    assert "books_closed_through: 2026-01-31  # January's first half is closed\n" in company
    periods, problems = read_lock(repo.root) or ([], [])
    assert not problems
    assert [(str(p.start), str(p.end), p.entries) for p in periods] == [
        ("None", "2026-01-15", 2),
        ("2026-01-16", "2026-01-31", 1),
    ]
    assert repo.check().exit_code == 0


def test_close_refuses_a_closed_period_and_a_broken_ledger(repo: Repo) -> None:
    closed(repo)
    result = repo.cli("close", "2026-01-01..2026-01-10")
    assert result.exit_code == 1
    assert "Error: the books are already closed through 2026-01-15" in result.stderr
    repo.append("ledger/main.beancount", '2026-02-01 * "x"\n  Assets:Nowhere 1 EUR\n')
    result = repo.cli("close", "2026-02")
    assert result.exit_code == 1
    assert "ledger/main.beancount has" in result.stderr
    assert not repo.path("ledger/closed.lock").read_text(encoding="utf-8").count("2026-02")


def test_example_company_lock_file_is_current() -> None:
    assert (REPO / LOCK_FILE).is_file()
    result = run("--root", str(REPO), "check")
    assert "LOCK-" not in result.stdout


# ----------------------------------------------------------------------------- check, no base


def test_edited_closed_transaction_breaks_the_hash(repo: Repo) -> None:
    closed(repo)
    edit_ledger(repo, "500.00 EUR", "550.00 EUR")  # both postings of Invoice 1
    lines = stdout_lines(repo)
    assert len(lines) == 1
    assert lines[0].startswith(
        "ledger/closed.lock:4:1: LOCK-MISMATCH closed period 2026-01-01..2026-01-15 "
        "(the beginning to 2026-01-15) changed"
    )


def test_a_later_entry_and_a_backdated_open_leave_the_lock_alone(repo: Repo) -> None:
    closed(repo)
    repo.append(
        "ledger/main.beancount",
        "\n2025-06-01 open Expenses:Travel EUR\n" + RENT.replace("01-20", "01-25"),
    )
    assert repo.check().exit_code == 0


@pytest.mark.parametrize(
    ("through", "period"),
    [
        (date(2025, 12, 31), "2025"),
        (date(2026, 6, 30), "2026-Q2"),
        (date(2026, 2, 28), "2026-02"),
        (date(2026, 1, 15), "2026-01-01..2026-01-15"),
    ],
)
def test_lock_missing_proposes_the_period_that_ends_on_the_lock_date(
    through: date, period: str
) -> None:
    """Never a period that has not ended: closing `2026` on 15 January would lock the year."""
    assert period_ending(through) == period
    assert parse_period(period).end == through


def test_lock_missing_stale_and_invalid(repo: Repo) -> None:
    assert stdout_lines(repo) == [
        "records/company.yaml:4:23: LOCK-MISSING books closed through 2026-01-15 but "
        "ledger/closed.lock is missing: run `backoffice close 2026-01-01..2026-01-15`"
    ]
    closed(repo)
    company = repo.path("records/company.yaml")
    company.write_text(company.read_text().replace("2026-01-15", "2026-01-31"), encoding="utf-8")
    assert stdout_lines(repo) == [
        "records/company.yaml:4:23: LOCK-STALE books_closed_through is 2026-01-31 but "
        "ledger/closed.lock closes the books through 2026-01-15; `backoffice close` updates both"
    ]
    repo.append("ledger/closed.lock", "garbage\n")
    assert "ledger/closed.lock:5:1: LOCK-INVALID not a line written by `backoffice close`" in (
        stdout_lines(repo)
    )
    result = repo.cli("close", "2026-01")
    assert result.exit_code == 1
    assert "ledger/closed.lock:5: not a line written by `backoffice close`" in result.stderr


def _snapshot(repo: Repo) -> list[bytes]:
    """What `close` would write: the lock file and the company record."""
    return [repo.path(rel).read_bytes() for rel in ("ledger/closed.lock", "records/company.yaml")]


def test_lock_file_that_is_not_utf8(repo: Repo) -> None:
    closed(repo)
    lock = repo.path("ledger/closed.lock")
    lock.write_bytes(lock.read_bytes().replace(b"\t-\t", b"\t\xff\t"))
    assert stdout_lines(repo) == [
        "ledger/closed.lock:4:24: LOCK-INVALID not valid UTF-8 (byte 0xff)",
        "records/company.yaml:4:23: LOCK-STALE books_closed_through is 2026-01-15 but "
        "ledger/closed.lock closes the books through no period; `backoffice close` updates both",
    ]
    before = _snapshot(repo)
    result = repo.cli("close", "2026-02")
    assert result.exit_code == 1
    assert result.stderr == "Error: ledger/closed.lock:4: not valid UTF-8 (byte 0xff)\n"
    assert _snapshot(repo) == before


def test_lock_file_linked_outside_is_not_read(repo: Repo) -> None:
    """/proc/self/mem cannot be read even by root: it is not even tried, being outside."""
    closed(repo)
    repo.path("ledger/closed.lock").unlink()
    repo.path("ledger/closed.lock").symlink_to("/proc/self/mem")
    lines = stdout_lines(repo)
    outside = "the lock file resolves outside the repository; it is not read"
    assert lines[0] == f"ledger/closed.lock:1:1: PATH-OUTSIDE {outside}"
    company = repo.path("records/company.yaml").read_bytes()
    result = repo.cli("close", "2026-02")
    assert result.exit_code == 1
    assert result.stderr == f"Error: ledger/closed.lock:1: {outside}\n"
    assert repo.path("records/company.yaml").read_bytes() == company
    assert repo.path("ledger/closed.lock").is_symlink()


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        (
            "\t2026-01-16\t",
            "\t2026-01-17\t",
            5,
            "period 2026-01 does not start the day after the previous one",
        ),
        (
            "\t-\t",
            "\t2026-01-01\t",
            4,
            "period 2026-01-01..2026-01-15 does not start with the books (-), as the first "
            "closed period must",
        ),
    ],
    ids=["gap between periods", "first period with a start"],
)
def test_lock_periods_that_do_not_follow_each_other(
    repo: Repo, old: str, new: str, line: int, message: str
) -> None:
    """The moved start covers the same entries, so the hashes still match: only the order of
    the periods is wrong."""
    closed(repo)
    assert repo.cli("close", "2026-01").exit_code == 0
    lock = repo.path("ledger/closed.lock")
    text = lock.read_text(encoding="utf-8")
    assert old in text
    lock.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert stdout_lines(repo) == [f"ledger/closed.lock:{line}:1: LOCK-INVALID {message}"]
    before = _snapshot(repo)
    result = repo.cli("close", "2026-02")
    assert result.exit_code == 1
    assert result.stderr == f"Error: ledger/closed.lock:{line}: {message}\n"
    assert _snapshot(repo) == before


# ----------------------------------------------------------------------------- check --base


def test_base_edited_closed_period_transaction(repo: Repo) -> None:
    closed(repo)
    edit_ledger(repo, '"Customer" "Invoice 1"', '"Customer" "Invoice 1"\n  note: "late"')
    lines = stdout_lines(repo, "--base", "HEAD")
    assert (
        'ledger/main.beancount:12:1: LOCK-CLOSED-ENTRY transaction of 2026-01-15 "Customer" '
        '"Invoice 1" changed in a closed period (books closed through 2026-01-15 in HEAD)'
    ) in lines


def test_base_added_and_removed_closed_entries(repo: Repo) -> None:
    closed(repo)
    edit_ledger(repo, "2026-01-15 *", "2026-01-16 *")  # moves Invoice 1 out of the closed half
    repo.append("ledger/main.beancount", "\n2026-01-10 balance Assets:Bank 1000.00 EUR\n")
    lines = [line for line in stdout_lines(repo, "--base", "HEAD") if "LOCK-CLOSED" in line]
    assert lines == [
        'ledger/main.beancount:12:1: LOCK-CLOSED-ENTRY transaction of 2026-01-15 "Customer" '
        '"Invoice 1" removed from a closed period (books closed through 2026-01-15 in HEAD)',
        "ledger/main.beancount:20:1: LOCK-CLOSED-ENTRY balance of 2026-01-10 Assets:Bank "
        "added to a closed period (books closed through 2026-01-15 in HEAD)",
    ]


def test_base_lock_date_moved_back(repo: Repo) -> None:
    closed(repo)
    company = repo.path("records/company.yaml")
    company.write_text(company.read_text().replace("2026-01-15", "2026-01-10"), encoding="utf-8")
    lines = stdout_lines(repo, "--base", "HEAD")
    assert (
        "records/company.yaml:4:23: LOCK-MOVED-BACK books_closed_through moved back from "
        "2026-01-15 (in HEAD) to 2026-01-10: closed periods are not reopened in a change"
    ) in lines


def test_base_later_changes_pass(repo: Repo) -> None:
    closed(repo)
    edit_ledger(repo, RENT, RENT.replace("300.00", "320.00"))
    result = repo.cli("check", "--base", "HEAD")
    assert result.exit_code == 0, result.stdout


@pytest.mark.parametrize(
    ("base", "message"),
    [
        ("nope", "'nope' is not a revision of this repository"),
        ("", "'' is not a revision"),
        ("-x", "'-x' is not a revision"),
        ("--all", "'--all' is not a revision"),
    ],
    ids=["unknown", "empty", "option-like", "git option"],
)
def test_base_not_a_revision_is_a_usage_error(repo: Repo, base: str, message: str) -> None:
    closed(repo)
    result = repo.cli("check", f"--base={base}")
    assert result.exit_code == 2
    assert result.stderr.endswith(f"\nError: {message}\n")


def test_base_without_git_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "records").mkdir()
    result = run("--root", str(tmp_path), "check", "--base", "HEAD")
    assert result.exit_code == 2
    assert "not in a Git repository" in result.stderr


# ----------------------------------------------------------------------------- issued invoices


def issued(repo: Repo) -> Repo:
    closed(repo)
    repo.write("records/invoices/2026/INV-1.yaml", ISSUED)
    repo.write(
        "records/invoices/2026/INV-2.yaml",
        ISSUED.replace("INV-1", "INV-2").replace("0001", "0002").replace("issued", "draft"),
    )
    repo.write_bytes("documents/invoices/2026/20260001.pdf", b"%PDF-1.7 issued")
    repo.write("documents/invoices/2026/20260001.xml", "<Invoice/>\n")
    repo.commit("Issue invoice 20260001")
    return repo


def test_issued_invoice_record_edited(repo: Repo) -> None:
    issued(repo)
    repo.write("records/invoices/2026/INV-1.yaml", ISSUED.replace("500.00", "550.00"))
    repo.write(
        "records/invoices/2026/INV-2.yaml", ISSUED.replace("INV-1", "INV-2").replace("0001", "0002")
    )
    assert stdout_lines(repo, "--base", "HEAD") == [
        "records/invoices/2026/INV-1.yaml:5:8: ISSUED-CHANGED issued invoice INV-1 (in HEAD) "
        "was changed: total; correct it with a credit note"
    ]


def test_issued_invoice_deleted_or_moved(repo: Repo) -> None:
    issued(repo)
    repo.path("records/invoices/2026/INV-1.yaml").rename(
        repo.path("records/invoices/archive/INV-1.yaml")
    )
    assert repo.cli("check", "--base", "HEAD").exit_code == 0  # moved unchanged
    repo.path("records/invoices/archive/INV-1.yaml").unlink()
    assert stdout_lines(repo, "--base", "HEAD") == [
        "records/invoices/2026/INV-1.yaml:1:1: ISSUED-DELETED issued invoice INV-1 (in HEAD) "
        "was deleted"
    ]


def test_issued_documents_changed_or_deleted(repo: Repo) -> None:
    issued(repo)
    repo.write_bytes("documents/invoices/2026/20260001.pdf", b"%PDF-1.7 edited")
    repo.path("documents/invoices/2026/20260001.xml").unlink()
    repo.write("documents/invoices/2026/20260002.pdf", "new is fine\n")
    assert stdout_lines(repo, "--base", "HEAD") == [
        "documents/invoices/2026/20260001.pdf:1:1: ISSUED-CHANGED issued document (in HEAD) "
        "was changed",
        "documents/invoices/2026/20260001.xml:1:1: ISSUED-DELETED issued document (in HEAD) "
        "was deleted",
    ]


# ----------------------------------------------------------------------------- merge safety


def branch_with_invoice(repo: Repo, branch: str, rec_id: str) -> None:
    repo.git("checkout", "-q", "-b", branch, "main")
    repo.write(
        f"records/invoices/2026/{rec_id}.yaml",
        ISSUED.replace("INV-1", rec_id).replace("0001", "0042"),
    )
    repo.commit(f"Invoice 20260042 as {rec_id}")


def test_merge_of_two_branches_that_took_the_same_number(repo: Repo) -> None:
    closed(repo)
    branch_with_invoice(repo, "alice", "INV-A")
    branch_with_invoice(repo, "bob", "INV-B")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-edit", "alice")
    repo.git("merge", "-q", "--no-edit", "bob")  # different files: Git sees no conflict
    result = repo.check()
    assert result.exit_code == 1
    assert result.stdout == (
        "records/invoices/2026/INV-B.yaml:2:9: VALUE-DUPLICATE invoices number '20260042' is "
        "also used by records/invoices/2026/INV-A.yaml (two changes merged that each took it?)\n"
    )


def test_an_id_field_that_repeats_another_records_id(repo: Repo) -> None:
    repo.write("records/people/P-0003.yaml", "id: P-0002\nname: Copy\n")
    lines = stdout_lines(repo)
    assert (
        "records/people/P-0003.yaml:1:5: VALUE-DUPLICATE people id 'P-0002' is also used by "
        "records/people/P-0002.yaml (two changes merged that each took it?)"
    ) in lines
    assert any("ID-MISMATCH" in line for line in lines)


def test_close_adds_the_lock_date_when_company_yaml_has_none(repo: Repo) -> None:
    repo.write("records/company.yaml", "legal_name: Tiny s.r.o.\nlocale: en_US")
    result = repo.cli("close", "2026-01")
    assert result.exit_code == 0, result.output
    assert repo.path("records/company.yaml").read_text(encoding="utf-8") == (
        "legal_name: Tiny s.r.o.\nlocale: en_US\nbooks_closed_through: 2026-01-31\n"
    )
    assert repo.check().exit_code == 0


def test_close_without_company_yaml_writes_nothing(repo: Repo) -> None:
    repo.path("records/company.yaml").unlink()
    result = repo.cli("close", "2026-01")
    assert result.exit_code == 1
    assert "records/company.yaml is missing" in result.stderr
    assert not repo.path("ledger/closed.lock").exists()


@given(TXNS, st.randoms())
def test_the_hash_of_a_period_ignores_the_order_of_entries(entries: list[Any], rnd: Any) -> None:
    shuffled = list(entries)
    rnd.shuffle(shuffled)
    january = parse_period("2026-01")
    assert digest(entries, Path("/books"), january) == digest(shuffled, Path("/books"), january)


def test_merge_of_two_branches_that_took_the_same_id_in_different_folders(repo: Repo) -> None:
    closed(repo)
    for branch, folder, number in (("alice", "2026", "0042"), ("bob", "drafts", "0043")):
        repo.git("checkout", "-q", "-b", branch, "main")
        text = ISSUED.replace("0001", number)
        repo.write(f"records/invoices/{folder}/INV-1.yaml", text)
        repo.commit(f"Invoice INV-1 in {folder}")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-edit", "alice")
    repo.git("merge", "-q", "--no-edit", "bob")
    assert stdout_lines(repo) == [
        "records/invoices/drafts/INV-1.yaml:1:1: ID-DUPLICATE invoices id 'INV-1' is also used "
        "by records/invoices/2026/INV-1.yaml"
    ]


def test_base_in_a_damaged_repository_is_an_error_not_a_traceback(repo: Repo) -> None:
    closed(repo)
    damage(repo)
    result = repo.cli("check", "--base", "HEAD")
    assert result.exit_code == 1
    # git's own last line, whose words vary between versions of git
    assert result.stderr.startswith("Error: fatal: ") and "tree" in result.stderr
    assert result.stderr.count("\n") == 1 and result.stdout == ""


# ----------------------------------------------------------------------------- unfinished periods


@pytest.mark.parametrize(
    ("period", "message"),
    [
        (
            "2030",
            "2030 ends on 2030-12-31, after today (2026-12-02): a period is closed once it is over",
        ),
        ("2026", "2026 ends on 2026-12-31, after today (2026-12-02)"),
        (
            "2026-02",
            "2026-02 ends on 2026-02-28, but the books' latest transaction is of 2026-01-20: "
            "book the months up to 2026-02-28 first",
        ),
    ],
)
def test_close_refuses_a_period_not_over_or_not_booked(
    repo: Repo, period: str, message: str
) -> None:
    before = repo.path("records/company.yaml").read_bytes()
    result = repo.cli("close", period)
    assert result.exit_code == 1
    assert f"Error: {message}" in result.stderr
    assert not repo.path(LOCK_FILE.as_posix()).exists()
    assert repo.path("records/company.yaml").read_bytes() == before


def test_a_lock_date_after_today_is_a_problem(repo: Repo) -> None:
    edit = repo.path("records/company.yaml")
    edit.write_text(edit.read_text(encoding="utf-8").replace("2026-01-15", "2030-12-31"))
    assert stdout_lines(repo) == [
        "records/company.yaml:4:23: LOCK-FUTURE books closed through 2030-12-31, after today "
        "(2026-12-02): a period is closed once it is over; set books_closed_through to the last "
        "day of the last closed period",
    ]


def test_close_warns_of_a_month_without_payroll_or_depreciation(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    result = run("--root", str(root), "close", "2026-10")
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr  # the example books every month
    for month in ("2026-12", "2026-11"):  # December carries November's corrections
        (root / f"records/payroll/{month}.yaml").unlink()
    assert run("--root", str(root), "ledger", "sync").exit_code == 0
    journal = root / "ledger/generated/depreciation.beancount"
    blocks = journal.read_text(encoding="utf-8").split("\n\n")
    journal.write_text(
        "\n\n".join(b for b in blocks if "^depreciation-2026-11" not in b), encoding="utf-8"
    )
    result = run("--root", str(root), "close", "2026-11")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[:2] == [
        "warning: payroll of 2026-11 is not booked: draft it with `backoffice payroll draft "
        "2026-11`, then run `backoffice ledger sync`",
        "warning: depreciation of 2026-11 is not booked: run `backoffice ledger sync`",
    ]
