"""`backoffice init` and `backoffice upgrade`, as the README's "Start your own back office"
runs them, in a temporary folder; every bad input refused with nothing written."""

from __future__ import annotations

import hashlib
import json
import subprocess
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from backoffice.cli import main
from backoffice.setup import commands
from backoffice.setup.chart import accounts_beancount, chart
from support import REPO, run

VALID = (
    "--name",
    "Nová firma s.r.o.",
    "--ico",
    "12345679",
    "--dic",
    "2023456787",
    "--iban",
    "SK9509000000000123456789",
)


def init(target: Path, *extra: str) -> Path:
    result = run("init", str(target), *VALID, "--start", "2026-12-01", *extra)
    assert result.exit_code == 0, result.output
    return target


@pytest.fixture(scope="module")
def company(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return init(tmp_path_factory.mktemp("start") / "nova-firma")


def tree(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


def test_readme_start_then_check_and_reports(company: Path) -> None:
    check = run("--root", str(company), "check")
    assert check.exit_code == 0, check.output
    assert check.stdout == ""
    reports = run("--root", str(company), "reports")
    assert reports.exit_code == 0, reports.output
    index = (company / "build" / "reports" / "index.html").read_text(encoding="utf-8")
    assert "No data yet: the ledger has no transactions." in index
    sheet = json.loads((company / "build" / "reports" / "balance-sheet.json").read_text())
    assert sheet["notes"] == ["No data yet: the ledger has no transactions."]
    assert run("--root", str(company), "ledger", "sync", "--check").exit_code == 0


def test_the_readme_shows_the_commands_this_test_runs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "## Start your own back office" in readme
    assert (
        '.venv/bin/backoffice init ../nova-firma --name "Nová firma s.r.o." \\\n'
        "    --ico 12345679 --dic 2023456787 --iban SK9509000000000123456789"
    ) in readme


def test_the_new_repository(company: Path) -> None:
    body = yaml.safe_load((company / "records" / "company.yaml").read_text(encoding="utf-8"))
    assert body["legal_name"] == "Nová firma s.r.o."
    assert body["ico"] == "12345679"
    assert body["bank_accounts"][0]["bic"] == "GIBASKBX"  # Slovenská sporiteľňa, code 0900
    assert body["vat_payer"] is False
    assert "books_closed_through" not in body
    schemas = sorted(p.name for p in (REPO / "schemas").glob("*.json"))
    assert sorted(p.name for p in (company / "schemas").glob("*.json")) == schemas
    assert (company / "records" / "people" / ".gitkeep").is_file()
    assert (company / "records" / "payroll-rates.yaml").is_file()
    for rel in (".github/workflows/backoffice.yml", ".github/CODEOWNERS", ".gitignore"):
        assert (company / rel).is_file(), rel
    # the example company's purchase approvals are its own: a new company writes its own
    codeowners = (company / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert "# BEGIN" not in codeowners and "@javorina/maintainers" in codeowners
    assert (company / ".pre-commit-config.yaml").is_file()
    makefile = (company / "Makefile").read_text(encoding="utf-8")
    assert f"TOOLKIT ?= {REPO}\n" in makefile
    assert '-r requirements.txt -e "$(TOOLKIT)"' in makefile
    toolkit_targets = {"check", "reports", "invoices", "serve"}
    assert all(f"\n{t}: " in makefile for t in toolkit_targets)
    assert "backoffice==" in (company / "requirements.txt").read_text(encoding="utf-8")
    generated = sorted(p.name for p in (company / "ledger" / "generated").iterdir())
    assert "empty.beancount" in generated
    log = subprocess.run(
        ["git", "log", "--format=%s"], cwd=company, capture_output=True, text=True, check=True
    )
    assert log.stdout == "Start the back office of Nová firma s.r.o.\n"
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=company, capture_output=True, text=True
    )
    assert status.stdout == ""


def test_the_chart_of_accounts(company: Path) -> None:
    accounts = (company / "ledger" / "accounts.beancount").read_text(encoding="utf-8")
    assert accounts == accounts_beancount("Nová firma s.r.o.", date(2026, 12, 1))
    numbers = {a.number for a in chart()}
    assert {
        "211",
        "221",
        "311",
        "321",
        "343.1",
        "411",
        "501",
        "518",
        "521",
        "602",
        "701",
    } <= numbers
    assert len({a.account for a in chart()}) == len(chart())
    assert '2026-12-01 open Assets:Bank:Current EUR\n  number: "221"\n' in accounts
    assert "Opatrenie MF SR č. 23054/2002-92" in accounts
    assert "analytic" in accounts.lower()


def test_a_vat_payer_with_a_seat(tmp_path: Path) -> None:
    target = init(
        tmp_path / "vat",
        "--vat-id",
        "SK2023456787",
        "--vat-period",
        "quarterly",
        "--street",
        "Hlavná 1",
        "--city",
        "Košice",
        "--postcode",
        "040 01",
        "--fiscal-year-start",
        "07-01",
    )
    body = yaml.safe_load((target / "records" / "company.yaml").read_text(encoding="utf-8"))
    assert body["vat_payer"] is True
    assert body["vat_period"] == "quarterly"
    assert body["seat"]["city"] == "Košice"
    assert body["fiscal_year_start"] == "07-01"
    assert run("--root", str(target), "check").exit_code == 0


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("--ico", "12345678"), 1, "--ico: '12345678' is not a valid IČO"),
        (("--dic", "2023456788"), 1, "--dic: '2023456788' is not a valid DIČ"),
        (("--iban", "SK9509000000000123456788"), 1, "is not a valid IBAN"),
        (("--vat-id", "SK2023456788"), 1, "--vat-id: 'SK2023456788' is not a valid EU VAT id"),
        (("--bic", "XXXX"), 1, "--bic: 'XXXX' is not a valid BIC"),
        (("--iban", "CZ6508000000192000145399"), 1, "--bic: give the bank's BIC"),
        (("--fiscal-year-start", "07-15"), 1, "starts on the first day of a month"),
        (("--fiscal-year-start", "2026-07"), 1, "'2026-07' is not MM-DD"),
        (("--start", "2026-02-30"), 2, "'2026-02-30' is not a date"),
        (("--street", "Hlavná 1"), 1, "give all three or none"),
        (("--vat-period", "yearly"), 2, "Invalid value for '--vat-period'"),
    ],
)
def test_bad_input_writes_nothing(
    tmp_path: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    result = run("init", str(tmp_path / "new"), *VALID, *args)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert tree(tmp_path) == []


def test_missing_details_off_a_terminal_are_named(tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "new"), "--name", "Nová firma s.r.o.")
    assert result.exit_code == 2
    assert "missing --ico, --dic, --iban" in result.stderr
    assert tree(tmp_path) == []


def test_on_a_terminal_it_asks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(commands, "on_terminal", lambda: True)
    answers = "Nová firma s.r.o.\n12345679\n2023456787\nSK9509000000000123456789\n"
    result = CliRunner().invoke(main, ["init", str(tmp_path / "asked")], input=answers)
    assert result.exit_code == 0, result.output
    assert "IČO:" in result.output
    assert (tmp_path / "asked" / "records" / "company.yaml").is_file()


def test_rates_of_another_year_are_pointed_out(tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "later"), *VALID, "--start", "2027-01-01")
    assert result.exit_code == 0, result.output
    assert "note: records/payroll-rates.yaml holds the rates of 2026: add those of 2027" in (
        result.stderr
    )
    same = run("init", str(tmp_path / "now"), *VALID, "--start", "2026-03-01")
    assert "payroll-rates" not in same.stderr


def test_a_folder_that_is_not_empty_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "old"
    target.mkdir()
    (target / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = run("init", str(target), *VALID)
    assert result.exit_code == 1
    assert f"Error: {target} is not empty: give a new or empty folder\n" == result.stderr
    assert tree(tmp_path) == ["old", "old/notes.txt"]


def test_an_empty_folder_is_used(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    init(tmp_path / "empty")
    assert (tmp_path / "empty" / "ledger" / "main.beancount").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty"]  # no temporary folder left


def test_upgrade_refreshes_what_the_company_did_not_change(tmp_path: Path) -> None:
    target = init(tmp_path / "co")
    manifest = (target / "standard-files.sha256").read_text(encoding="utf-8")
    # an older toolkit wrote these: the company left one alone and edited the other
    stale = target / "schemas" / "risks.schema.json"
    stale.write_text("{}\n", encoding="utf-8")
    edited = target / "schemas" / "people.schema.json"
    lines = [line for line in manifest.splitlines() if not line.endswith("risks.schema.json")]
    old_hash = hashlib.sha256(b"{}\n").hexdigest()
    old_people = "0" * 64
    lines = [
        f"{old_people}  schemas/people.schema.json" if line.endswith("people.schema.json") else line
        for line in lines
    ]
    lines.append(f"{old_hash}  schemas/risks.schema.json")
    (target / "standard-files.sha256").write_text("\n".join(lines) + "\n", encoding="utf-8")
    edited_text = edited.read_text(encoding="utf-8")
    (target / "templates" / "README.md").unlink()  # deleted by the company: stays deleted

    dry = run("--root", str(target), "upgrade", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "would update schemas/risks.schema.json\n" in dry.stdout
    assert stale.read_text(encoding="utf-8") == "{}\n"

    result = run("--root", str(target), "upgrade")
    assert result.exit_code == 0, result.output
    assert "updated schemas/risks.schema.json\n" in result.stdout
    assert "kept schemas/people.schema.json (changed here" in result.stdout
    assert stale.read_bytes() == (REPO / "schemas" / "risks.schema.json").read_bytes()
    assert edited.read_text(encoding="utf-8") == edited_text
    assert not (target / "templates" / "README.md").exists()
    assert run("--root", str(target), "upgrade").stdout.count("updated") == 0


def test_upgrade_outside_an_init_repository(tmp_path: Path) -> None:
    (tmp_path / "records").mkdir()
    result = run("--root", str(tmp_path), "upgrade")
    assert result.exit_code == 1
    assert "standard-files.sha256 is missing" in result.stderr
