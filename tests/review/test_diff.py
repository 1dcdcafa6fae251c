"""`backoffice diff`: what a change means, read from real Git revisions."""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from beancount.core import amount, data
from hypothesis import given

from backoffice.core import gitrepo
from backoffice.load.ledger import Ledger
from backoffice.load.schemas import load_schemas
from backoffice.review.diff.entries import ledger_changes
from backoffice.review.diff.fields import Formatter, field_changes, sensitive_paths
from backoffice.review.diff.personal import personal, redact_line, sensitive_refs
from backoffice.review.diff.trees import Tree
from support import REPO, run
from support.books import copy_example, edit
from support.gitrepo import TXNS, Repo, damage

Golden = Callable[[str, str], None]
RENT = (
    '2026-01-20 * "Landlord" "Rent"\n  Expenses:Rent    300.00 EUR\n  Assets:Bank     -300.00 EUR\n'
)

RAISE = """\
id: P-0001
name: Jana Nováková
role: Senior developer
employment:
  start: 2026-01-01
salary:
  - valid_from: 2026-01-01
    gross_monthly: "2400.00 EUR"
  - valid_from: 2026-03-01
    gross_monthly: "2650.00 EUR"
personal:
  national_id: 900122/5277
  city: Košice
"""

NEW_PERSON = """\
id: P-0003
name: Marek Kováč
role: Tester
manager: P-0001
employment:
  start: 2026-04-01
salary:
  - valid_from: 2026-04-01
    gross_monthly: "1900.00 EUR"
documents:
  - documents/people/P-0003/contract.pdf
"""


def test_salary_change(repo: Repo, golden: Golden) -> None:
    repo.commit("start")
    repo.write("records/people/P-0001.yaml", RAISE)
    result = repo.cli("diff", "HEAD")
    assert result.exit_code == 0, result.stderr
    golden("diff/salary.text", result.stdout)
    assert "salary from 2026-03-01: 2,400.00 → 2,650.00 EUR" in result.stdout


def test_redact_hides_sensitive_values_at_any_depth(repo: Repo, golden: Golden) -> None:
    repo.commit("start")
    repo.write("records/people/P-0001.yaml", RAISE)
    result = repo.cli("diff", "HEAD", "--redact")
    golden("diff/salary-redacted.text", result.stdout)
    assert "2,650.00" not in result.stdout
    assert "salary from 2026-03-01: changed (sensitive, redacted)" not in result.stdout
    assert "salary: changed (sensitive, redacted)" in result.stdout
    assert "role: Developer → Senior developer" in result.stdout
    # personal.national_id is sensitive through defs.schema.json; personal.city is not
    assert "personal.city: Bratislava → Košice" in result.stdout


def test_new_employee_between_two_commits(repo: Repo, golden: Golden) -> None:
    repo.commit("start")
    repo.git("tag", "before-hiring")
    repo.write("records/people/P-0003.yaml", NEW_PERSON)
    repo.commit("Hire Marek")
    result = repo.cli("diff", "before-hiring", "HEAD", "--format", "md")
    assert result.exit_code == 0, result.stderr
    golden("diff/new-employee.md", result.stdout)


def test_new_invoice(repo: Repo, golden: Golden) -> None:
    repo.commit("start")
    repo.write(
        "records/invoices/2026/INV-7.yaml",
        'id: INV-7\nnumber: "20260007"\nstatus: draft\ncustomer: C-1\ntotal: "1210.00 EUR"\n',
    )
    repo.write_bytes("documents/invoices/2026/20260007.pdf", b"%PDF-1.7 draft")
    repo.append(
        "ledger/main.beancount",
        '\n2026-02-01 * "Customer" "Invoice 20260007" ^inv-20260007\n'
        "  Assets:Bank      1210.00 EUR\n  Income:Sales    -1210.00 EUR\n",
    )
    result = repo.cli("diff", "HEAD")
    golden("diff/new-invoice.text", result.stdout)
    data = json.loads(repo.cli("diff", "HEAD", "--format", "json").stdout)
    assert data["records"][0]["status"] == "added"
    assert data["ledger"]["result"] == [
        {"key": "2026", "amount": "1210.00", "currency": "EUR", "redacted": False}
    ]
    assert data["documents"] == [{"status": "A", "path": "documents/invoices/2026/20260007.pdf"}]


@pytest.mark.parametrize("name", ["20260117", "INV-9"], ids=["file named by number", "own id"])
def test_heading_says_the_number_once(repo: Repo, name: str) -> None:
    """A record whose title is its id (invoices are named by their number) is headed by the id
    alone; another title still follows the id."""
    rel = f"records/invoices/2026/{name}.yaml"
    repo.write(rel, f'id: {name}\nnumber: "20260117"\nstatus: draft\n')
    repo.commit("draft")
    repo.write(rel, f'id: {name}\nnumber: "20260117"\nstatus: issued\n')
    result = repo.cli("diff", "HEAD")
    title = "" if name == "20260117" else " 20260117"
    assert f"  invoices {name}{title}: changed ({rel})\n" in result.stdout
    assert "20260117 20260117" not in result.stdout
    md = repo.cli("diff", "HEAD", "--format", "md").stdout
    assert f"- **invoices {name}{title}: changed ({rel})**\n" in md


def test_a_register_of_one_record_is_named_once(repo: Repo) -> None:
    repo.commit("start")
    text = repo.path("records/company.yaml").read_text(encoding="utf-8")
    repo.write("records/company.yaml", text.replace("en_US", "sk_SK"))
    result = repo.cli("diff", "HEAD")
    assert "  company Tiny s.r.o.: changed (records/company.yaml)\n" in result.stdout


def test_ledger_matched_by_content_not_by_line(repo: Repo, golden: Golden) -> None:
    repo.commit("start")
    text = repo.path("ledger/main.beancount").read_text(encoding="utf-8")
    # move the rent transaction to a new file and change its amount; add a line above others
    rent = RENT
    assert rent in text
    text = text.replace(rent, "").replace("2026-01-15", "; a comment\n2026-01-15")
    repo.write("ledger/main.beancount", text + 'include "rent.beancount"\n')
    repo.write("ledger/rent.beancount", rent.replace("300.00", "350.00"))
    repo.write("ledger/generated/payroll.beancount", "; generated\n")
    result = repo.cli("diff", "HEAD")
    golden("diff/ledger.text", result.stdout)
    assert "Invoice 1" not in result.stdout


EVIDENCE = """
2026-01-31 document Assets:Bank "../documents/bank/2026-01.pdf"
include "../imports/fees.beancount"
"""
FEES = '2026-01-31 * "Bank" "Fees"\n  Expenses:Rent    2.00 EUR\n  Assets:Bank     -2.00 EUR\n'


def test_a_revision_is_loaded_with_the_files_its_ledger_refers_to(repo: Repo) -> None:
    """Documents and files included from outside ledger/ are there for the revision as they
    are for the working tree: a clean tree has nothing wrong to report."""
    repo.write_bytes("documents/bank/2026-01.pdf", b"%PDF-1.7 statement")
    repo.write("imports/fees.beancount", FEES)
    repo.append("ledger/main.beancount", EVIDENCE)
    repo.commit("books with evidence")
    for args in (("HEAD",), ("HEAD", "HEAD")):
        result = repo.cli("diff", *args)
        assert result.exit_code == 0, result.stderr
        assert "error" not in result.stdout
        assert result.stdout.endswith("No changes to records, ledger or documents.\n")
    repo.write("imports/fees.beancount", FEES.replace("2.00", "3.00"))
    changed = repo.cli("diff", "HEAD").stdout
    assert '~ 2026-01-31 * "Bank" "Fees"  (changed, imports/fees.beancount:1)' in changed
    assert "error" not in changed


def _lock_section(repo: Repo, *args: str) -> list[str]:
    lines = repo.cli("diff", *args).stdout.split("Period lock (ledger/closed.lock)\n")[1]
    return lines.split("\n\n")[0].splitlines()


def test_periods_closed_and_reopened_are_listed(repo: Repo) -> None:
    repo.commit("start")
    assert repo.cli("close", "2026-01-01..2026-01-15").exit_code == 0
    closing = "  closed 2026-01-01..2026-01-15 (the beginning to 2026-01-15): 2 entries"
    assert _lock_section(repo, "HEAD") == [closing]
    md = repo.cli("diff", "HEAD", "--format", "md").stdout
    assert "### Period lock (`ledger/closed.lock`)\n\n- closed 2026-01-01..2026-01-15 (" in md
    data = json.loads(repo.cli("diff", "HEAD", "--format", "json").stdout)
    assert data["lock"][0] | {"line": 0} == {
        "status": "closed",
        "period": "2026-01-01..2026-01-15",
        "start": None,
        "end": "2026-01-15",
        "entries": 2,
        "entries_before": None,
        "line": 0,
        "problem": "",
    }
    repo.commit("close")
    # reopened, an entry of the period changed, closed again: the same period, another hash
    repo.path("ledger/closed.lock").unlink()
    assert _lock_section(repo, "HEAD") == [
        "  reopened 2026-01-01..2026-01-15 (the beginning to 2026-01-15): 2 entries"
    ]
    text = repo.path("ledger/main.beancount").read_text(encoding="utf-8")
    repo.write("ledger/main.beancount", text.replace("500.00", "550.00"))
    assert repo.cli("close", "2026-01-01..2026-01-15").exit_code == 0
    assert _lock_section(repo, "HEAD") == [
        "  closed again 2026-01-01..2026-01-15 (the beginning to 2026-01-15) with other entries: "
        "2 entries (2 before)"
    ]
    repo.append("ledger/closed.lock", "2026-02\tnonsense\n")
    assert _lock_section(repo, "HEAD")[-1] == (
        "  ledger/closed.lock:5: not a line written by `backoffice close`"
    )


def test_no_change(repo: Repo) -> None:
    repo.commit("start")
    result = repo.cli("diff", "HEAD")
    assert result.stdout.endswith("No changes to records, ledger or documents.\n")


def test_unreadable_record_does_not_stop_the_diff(repo: Repo) -> None:
    repo.commit("start")
    repo.write("records/people/P-0002.yaml", "id: P-0002\nname: [unclosed\n")
    repo.write("records/people/P-0001.yaml", RAISE)
    result = repo.cli("diff", "HEAD")
    assert result.exit_code == 0
    assert (
        "people P-0002: unreadable (records/people/P-0002.yaml)\n"
        "    unreadable in the working tree: YAML-SYNTAX" in result.stdout
    )
    assert "role: Developer → Senior developer" in result.stdout


def test_diff_leaves_the_working_tree_and_index_alone(repo: Repo) -> None:
    repo.commit("start")
    repo.write("records/people/P-0001.yaml", RAISE)
    repo.git("add", "records/people/P-0001.yaml")
    before = repo.git("status", "--porcelain")
    repo.cli("diff", "HEAD")
    assert repo.git("status", "--porcelain") == before
    assert repo.path("records/people/P-0001.yaml").read_text(encoding="utf-8") == RAISE


def test_bad_revision_is_a_usage_error(repo: Repo) -> None:
    repo.commit("start")
    result = repo.cli("diff", "no-such-branch")
    assert result.exit_code == 2
    assert "Error: 'no-such-branch' is not a revision of this repository" in result.stderr
    assert repo.cli("diff", "HEAD", "--format", "nope").exit_code == 2


def test_head_must_be_a_revision_too(repo: Repo) -> None:
    repo.commit("start")
    result = repo.cli("diff", "HEAD", "HEAD~5")
    assert result.exit_code == 2
    assert "'HEAD~5' is not a revision" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--", "-x"), "'-x' is not a revision"),
        (("--", "HEAD", "--output=x"), "'--output=x' is not a revision"),
        (("",), "'' is not a revision"),
        (("HEAD", ""), "'' is not a revision"),
    ],
    ids=["option-like base", "option-like head", "empty base", "empty head"],
)
def test_revision_that_git_would_read_as_an_option(
    repo: Repo, args: tuple[str, ...], message: str
) -> None:
    """Never handed to git, where it would be an option (`--output=x` writes a file)."""
    repo.commit("start")
    result = repo.cli("diff", *args)
    assert result.exit_code == 2
    assert result.stderr.endswith(f"\nError: {message}\n")
    assert not repo.path("x").exists()


def test_damaged_repository_is_an_error_not_a_usage_error(repo: Repo) -> None:
    repo.commit("start")
    damage(repo)
    result = repo.cli("diff", "HEAD")
    assert result.exit_code == 1
    # git's own last line, whose words vary between versions of git
    assert result.stderr.startswith("Error: fatal: ") and "tree" in result.stderr
    assert result.stderr.count("\n") == 1 and result.stdout == ""


def test_repository_without_commits(repo: Repo) -> None:
    result = repo.cli("diff", "HEAD")
    assert result.exit_code == 2
    assert "has no commits yet" in result.stderr


def test_folder_without_git(tmp_path: Path) -> None:
    (tmp_path / "records").mkdir()
    result = run("--root", str(tmp_path), "diff", "HEAD")
    assert result.exit_code == 2
    assert "is not in a Git repository: there is no history to compare" in result.stderr


def test_sensitive_fields_found_through_references() -> None:
    schemas = load_schemas(REPO)

    def paths(name: str) -> set[tuple[str, ...]]:
        return set(sensitive_paths(schemas.registers[name].validator.schema))

    assert {("salary",), ("personal",), ("leave", "absences")} <= paths("people")
    assert ("personal", "national_id") in paths("people")  # x-sensitive in defs.schema.json
    assert ("people_involved",) in paths("incidents")
    assert ("disposal", "buyer") in paths("assets")


def test_lists_read_naturally() -> None:
    before = {"documents": ["a.pdf", "b.pdf"], "tags": [{"x": 1}], "employment": {"end": None}}
    after = {"documents": ["b.pdf", "c.pdf"], "tags": [{"x": 2}], "employment": {}}
    fmt = Formatter("en_US")
    assert [fmt.change(c) for c in field_changes(before, after, set(), False)] == [
        "documents: removed a.pdf",
        "documents: added c.pdf",
        "tag 1, x: 1 → 2",
        "employment.end: removed (none)",
    ]


LINES = [
    {"description": "Design", "quantity": 1, "unit_price": "800.00", "account": "Income:A"},
    {"description": "Build", "quantity": 2, "unit_price": "100.00", "account": "Income:B"},
]


def _lines(before: list[Any], after: list[Any]) -> list[str]:
    fmt = Formatter("en_US")
    return [fmt.change(c) for c in field_changes({"lines": before}, {"lines": after}, set(), False)]


def test_lines_are_keyed_by_position_whatever_their_accounts() -> None:
    """Invoice and bill lines read "line 2, ..." whether or not their accounts happen to be
    unique: adding a line on an account already used does not change how the others read."""
    raised = [LINES[0], {**LINES[1], "unit_price": "120.00"}]
    assert _lines(LINES, raised) == ["line 2, unit_price: 100.00 → 120.00"]
    third = {"description": "Support", "quantity": 1, "unit_price": "50.00", "account": "Income:A"}
    assert _lines(LINES, [*raised, third]) == [
        "line 2, unit_price: 100.00 → 120.00",
        "line 3, description: added Support",
        "line 3, quantity: added 1",
        "line 3, unit_price: added 50.00",
        "line 3, account: added Income:A",
    ]
    # a line moved between two others: each position says what it holds now
    assert _lines(LINES, [LINES[1], LINES[0]])[0] == "line 1, description: Design → Build"


def test_items_with_an_identity_are_keyed_by_it() -> None:
    """Dated and identified items keep their key; without it on every item, by position."""
    fmt = Formatter("en_US")
    before = {"salary": [{"valid_from": "2026-01-01", "gross": "1.00 EUR"}]}
    after = {"salary": [{"valid_from": "2025-01-01", "gross": "1.00 EUR"}, *before["salary"]]}
    assert [fmt.change(c) for c in field_changes(before, after, set(), False)] == [
        "salary from 2025-01-01: added gross: 1.00 EUR"
    ]
    contacts = {"contacts": [{"role": "director", "name": "A"}, {"role": "accounts", "name": "B"}]}
    renamed = {"contacts": [{"role": "director", "name": "C"}, {"role": "accounts", "name": "B"}]}
    changes = field_changes(contacts, renamed, set(), False)
    assert [fmt.change(c) for c in changes] == ["contact 1, name: A → C"]


def test_money_in_the_company_locale() -> None:
    changes = field_changes({"pay": "2400.00 EUR"}, {"pay": "-2650.5 EUR"}, set(), False)
    assert Formatter("sk_SK").change(changes[0]) == "pay: 2\xa0400,00 → −2\xa0650,50 EUR"


def test_example_company_against_itself() -> None:
    if not (REPO / ".git").exists():
        pytest.skip("not a Git checkout")
    head = gitrepo.resolve(REPO, "HEAD")
    result = run("--root", str(REPO), "diff", head, head)
    assert result.exit_code == 0
    assert result.stdout.endswith("No changes to records, ledger or documents.\n")
    assert "error(s)" not in result.stdout


def test_unreadable_record_in_a_committed_revision(repo: Repo) -> None:
    repo.write("records/people/P-0002.yaml", "id: P-0002\nname: {unclosed\n")
    repo.commit("broken record")
    repo.write("records/people/P-0002.yaml", "id: P-0002\nname: Peter Malý\n")
    repo.write("records/people/P-0001.yaml", RAISE)
    repo.commit("fixed")
    result = repo.cli("diff", "HEAD~1", "HEAD")
    assert result.exit_code == 0
    assert "  people P-0002 Peter Malý: changed (records/people/P-0002.yaml)\n" in result.stdout
    assert "    (record): unreadable → readable\n" in result.stdout
    back = repo.cli("diff", "HEAD", "HEAD~1").stdout
    assert "    unreadable in HEAD~1: YAML-SYNTAX" in back


def tree(entries: list[Any]) -> Tree:
    ledger = Ledger(Path("/books/ledger/main.beancount"), entries, [], {})
    return Tree(Path("/books"), "x", {}, {}, {}, ledger)


def totals(entries: list[Any]) -> Counter[str]:
    found: Counter[str] = Counter()
    for entry in entries:
        for posting in entry.postings:
            found[posting.account] += posting.units.number
    return found


@given(TXNS, TXNS)
def test_net_change_is_the_difference_of_the_books(before: list[Any], after: list[Any]) -> None:
    change = ledger_changes(tree(before), tree(after), "01-01")
    expected = totals(after)
    expected.subtract(totals(before))
    assert {n.key: n.amount for n in change.net} == {k: v for k, v in expected.items() if v}
    result = sum((r.amount for r in change.result), Decimal(0))
    assert result == expected["Income:Sales"] * -1
    statuses = Counter(e.status for e in change.entries)
    unchanged = len(after) - statuses["added"] - statuses["changed"]
    assert unchanged == len(before) - statuses["removed"] - statuses["changed"] >= 0


# ----------------------------------------------------------------------------- redacted pay


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example company in a repository of its own, committed."""
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    root = copy_example(tmp_path)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "-c", "user.name=T", "-c", "user.email=t@example.com", "add", "-A")
    _git(root, "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-qm", "start")
    return root


RAISE_P1 = """\
    note: Approved by the general meeting on 2023-12-12.
  - valid_from: 2026-10-01
    gross_monthly: "5150.00 EUR"
"""
TRAVEL = """
2026-11-20 * "Peter Horváth" "Travel expenses: Vienna, 18 November"
  person: "P-0003"
  Expenses:Travel                                     187.45 EUR
  Assets:Bank:Tatra                                  -187.45 EUR
"""


def _figures(git_diff: str) -> set[Decimal]:
    """Every amount on a changed line, and every difference between a removed amount and the
    one added in its place (a raise, a contribution's change)."""
    found: set[Decimal] = set()
    removed: dict[str, Decimal] = {}
    for line in git_diff.splitlines():
        if line[:1] not in "-+" or line[:3] in ("---", "+++"):
            continue
        numbers = [Decimal(n) for n in re.findall(r"-?[0-9]+\.[0-9]{2}", line)]
        found.update(abs(n) for n in numbers)
        place = re.sub(r"-?[0-9]+\.[0-9]{2}", "#", line[1:]).strip()
        if numbers and line[0] == "-":
            removed[place] = numbers[0]
        elif numbers and place in removed:
            found.add(abs(numbers[0] - removed[place]))
    return {n for n in found if n >= 1}


def _spellings(number: Decimal) -> set[str]:
    """A figure as the diff could print it: plain, or grouped in English or Slovak."""
    units, cents = f"{number:.2f}".split(".")
    grouped = f"{int(units):,}"
    return {
        f"{number:.2f}",
        f"{grouped}.{cents}",
        *(f"{grouped.replace(',', space)},{cents}" for space in (" ", "\xa0", "\u202f")),
    }


def test_redacted_diff_tells_no_figure_derived_from_a_salary(example: Path) -> None:
    """A raise drafted into the month's payroll, booked by `ledger sync`, its net pay paid, and
    a travel refund to a person: the redacted diff says which records, runs, entries and
    accounts changed, and no amount that follows from them, in any format."""
    edit(example / "records/people/P-0001.yaml", RAISE_P1.split("\n", 1)[0] + "\n", RAISE_P1)
    months = ("2026-10", "2026-11", "2026-12")  # December corrects the months before it
    drafts = [("payroll", "draft", month, "--force") for month in months]
    for args in (*drafts, ("ledger", "sync")):
        result = run("--root", str(example), *args)
        assert result.exit_code == 0, result.output
    run_record = yaml.safe_load((example / "records/payroll/2026-10.yaml").read_text("utf-8"))
    line = next(e for e in run_record["employees"] if e["person"] == "P-0001")
    paid = sum(Decimal(line[k].split()[0]) for k in ("net", "meal_contribution"))
    statement = example / "ledger/bank/tatra/2026-11.beancount"  # the bank paid the new net pay
    edit(statement, "-3506.86", f"-{paid:.2f}")
    edit(statement, " 3506.86", f" {paid:.2f}")
    with (example / "ledger/2026/11.beancount").open("a", encoding="utf-8") as handle:
        handle.write(TRAVEL)
    figures = _figures(_git(example, "diff", "HEAD"))
    assert Decimal("5150.00") in figures and Decimal("350.00") in figures
    plain = run("--root", str(example), "diff", "HEAD").stdout
    assert "5\xa0150,00" in plain  # the test can fail: the figures are there unredacted

    for fmt in ("text", "md", "json"):
        result = run("--root", str(example), "diff", "HEAD", "--redact", "--format", fmt)
        assert result.exit_code == 0, result.output
        shown = sorted(s for n in figures for s in _spellings(n) if s in result.stdout)
        assert shown == [], fmt
        assert "P-0003" not in result.stdout.replace("records/people/P-0003.yaml", "")

    text = run("--root", str(example), "diff", "HEAD", "--redact").stdout
    assert "    salary: changed (sensitive, redacted)\n" in text
    assert "    employees: changed (sensitive, redacted)\n" in text
    assert "    totals: changed (sensitive, redacted)\n" in text
    run_header = '~ 2026-10-31 * "Payroll October 2026" #payroll ^payroll-2026-10  (changed,'
    assert run_header in text
    assert "      ~   Expenses:Payroll:Salaries:Administration (redacted)\n" in text
    assert '~ 2026-11-10 * "Net pay, October 2026" ^payroll-2026-10  (changed,' in text
    assert '+ 2026-11-20 * "Travel expenses: Vienna, 18 November"  (added,' in text
    assert "        person: (redacted)\n        Expenses:Travel (redacted)\n" in text
    net = text.split("Net change per account\n")[1].split("\n\n")[0]
    assert re.search(r"Expenses:Payroll:Salaries:Administration +\(redacted\)", net)
    assert "  2026: (redacted)\n" in text


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ('2026-02-17 * "Jana Šimková" "Travel" #trip ^t-1', '2026-02-17 * "Travel" #trip ^t-1'),
        ('2026-01-31 * "Payroll January 2026" ^payroll-2026-01', None),
        ('2026-01-31 ! "A \\"quoted\\" payee" "Advance"', '2026-01-31 ! "Advance"'),
        (
            "  Expenses:Payroll:Salaries:Sales 3200.00 EUR",
            "  Expenses:Payroll:Salaries:Sales (redacted)",
        ),
        ("  ! Assets:Stock 2 ITEM {150.00 EUR} @ 160.00 EUR", "  ! Assets:Stock (redacted)"),
        ("  Assets:Bank:Tatra", None),
        ('    person: "P-0001"', "    person: (redacted)"),
        ("  due: 2026-02-10", "  due: (redacted)"),
        (
            "2026-01-31 balance Assets:Loans:P-0001 -500.00 EUR",
            "2026-01-31 balance Assets:Loans:P-0001 (redacted)",
        ),
        ('2026-01-31 note Assets:Bank "Advance to Jana"', "2026-01-31 note Assets:Bank (redacted)"),
    ],
)
def test_a_persons_entry_keeps_no_payee_amount_or_metadata_value(
    line: str, shown: str | None
) -> None:
    assert redact_line(line) == (line if shown is None else shown)


def test_a_persons_entries_are_those_naming_them_and_those_linked_with_them() -> None:
    def entry(links: set[str], meta: dict[str, str], posting_meta: dict[str, str]) -> Any:
        units = amount.Amount(Decimal("1.00"), "EUR")
        posting = data.Posting("Expenses:Pay", units, None, None, None, posting_meta)
        txn_meta = {"filename": "P-0001", "lineno": 1, **meta}
        return data.Transaction(
            txn_meta, date(2026, 1, 31), "*", None, "x", frozenset(), frozenset(links), [posting]
        )

    run_entry = entry({"payroll-2026-01"}, {}, {"person": "P-0001"})
    payment = entry({"payroll-2026-01"}, {}, {})
    refund = entry(set(), {"person": "P-0002"}, {})
    rent = entry({"rent"}, {"note": "P-0001 is not a value of its own"}, {"supplier": "S-1"})
    unnamed = entry(set(), {}, {"person": "P-0009"})
    is_personal = personal([run_entry, payment, refund, rent, unnamed], {"P-0001", "P-0002"})
    assert [is_personal(e) for e in (run_entry, payment, refund, rent, unnamed)] == [
        True,
        True,
        True,
        False,
        False,
    ]


def test_people_are_what_sensitive_fields_refer_to() -> None:
    schemas = load_schemas(REPO)
    referred = {
        r for reg in schemas.registers.values() for r in sensitive_refs(reg.validator.schema)
    }
    assert referred == {"people"}
