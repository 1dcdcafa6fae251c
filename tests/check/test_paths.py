"""Nothing outside the repository is read: symlinks and includes that lead outside are refused,
unread, and odd file names are reported on one line each."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from backoffice.check.run import CheckOptions
from backoffice.core.paths import escape
from backoffice.core.problems import Problem
from backoffice.domains import open_workspace
from backoffice.invoicing.rules import issued_hashes
from backoffice.load.workspace import OutsideError
from support import run
from support.books import copy_example
from support.workspace import Tiny

SECRET = "secret: TOP-SECRET-42\n"
"""What an outside file holds: it must never reach the output."""

UNREAD = "resolves outside the repository; it is not read"


def lines(output: str) -> list[str]:
    return output.splitlines()


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the repository, holding a file the user must not see printed."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "P-0009.yaml").write_text(SECRET, encoding="utf-8")
    (folder / "main.beancount").write_text("2026-01-01 open Assets:Secret EUR\n", "utf-8")
    return folder


def test_a_record_linked_outside_is_refused_unread(tiny: Tiny, outside: Path) -> None:
    tiny.path("records/people/P-0009.yaml").symlink_to(outside / "P-0009.yaml")
    result = tiny.check()
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        f"records/people/P-0009.yaml:1:1: PATH-OUTSIDE this path {UNREAD}"
    ]
    assert "TOP-SECRET" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    "rel",
    ["records/people/former", "records/people", "records"],
    ids=["sub-folder", "register", "records"],
)
def test_a_folder_linked_outside_is_refused_unread(tiny: Tiny, outside: Path, rel: str) -> None:
    target = tiny.root / rel
    if target.exists():
        os.rename(target, tiny.root / "moved-away")
    target.symlink_to(outside, target_is_directory=True)
    result = tiny.check()
    assert result.exit_code == 1
    assert f"{rel}:1:1: PATH-OUTSIDE this path {UNREAD}" in lines(result.stdout)
    assert "TOP-SECRET" not in result.stdout


def test_a_record_linked_to_a_special_file_outside(tiny: Tiny) -> None:
    """/proc/self/mem looks like a regular file and cannot be read: it is not even tried."""
    tiny.path("records/people/P-0009.yaml").symlink_to("/proc/self/mem")
    assert "PATH-OUTSIDE" in tiny.check().stdout


def test_links_that_stay_inside_are_followed_once(tiny: Tiny) -> None:
    tiny.write("staff/P-0005.yaml", "id: P-0005\nname: Eva\n")
    tiny.path("records/people/team").symlink_to(tiny.root / "staff", target_is_directory=True)
    tiny.path("records/people/loop").symlink_to(tiny.root / "records", target_is_directory=True)
    result = tiny.check()
    assert result.exit_code == 0, result.stdout
    ws = open_workspace(tiny.root)
    assert [r.rel for r in ws.records.register("people")] == [
        "records/people/P-0001.yaml",
        "records/people/P-0002.yaml",
        "records/people/team/P-0005.yaml",
    ]


def test_a_schema_linked_outside_is_refused_unread(tiny: Tiny, outside: Path) -> None:
    (outside / "pets.schema.json").write_text('{"title": "TOP-SECRET-42"', encoding="utf-8")
    tiny.path("schemas/pets.schema.json").symlink_to(outside / "pets.schema.json")
    result = tiny.check()
    assert result.exit_code == 1
    assert f"schemas/pets.schema.json:1:1: PATH-OUTSIDE this schema {UNREAD}" in lines(
        result.stdout
    )
    assert "TOP-SECRET" not in result.stdout


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('include "../../elsewhere/main.beancount"', "include '../../elsewhere/main.beancount'"),
        ('include "{outside}/*.beancount"', "include '{outside}/*.beancount'"),
        ('option "documents" "{outside}"', "option \"documents\" '{outside}'"),
        (
            '2026-01-02 document Assets:Bank "../../elsewhere/P-0009.yaml"',
            "document '../../elsewhere/P-0009.yaml'",
        ),
    ],
    ids=["relative include", "absolute glob", "documents folder", "document"],
)
def test_a_ledger_reference_outside_is_refused(
    tiny: Tiny, outside: Path, line: str, message: str
) -> None:
    with tiny.path("ledger/main.beancount").open("a", encoding="utf-8") as handle:
        handle.write("\n" + line.format(outside=outside) + "\n")
    result = tiny.check()
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        f"ledger/main.beancount:20:1: PATH-OUTSIDE {message.format(outside=outside)} {UNREAD}"
    ]
    assert "Assets:Secret" not in result.stdout
    report = run("--root", str(tiny.root), "report", "trial-balance")
    assert report.exit_code == 1
    assert "Assets:Secret" not in report.stdout and "Traceback" not in report.stderr


def test_an_include_glob_that_matches_a_link_outside(tiny: Tiny, outside: Path) -> None:
    tiny.write("ledger/2026/a.beancount", "2026-02-01 open Assets:Cash EUR\n")
    tiny.path("ledger/2026/b.beancount").symlink_to(outside / "main.beancount")
    with tiny.path("ledger/main.beancount").open("a", encoding="utf-8") as handle:
        handle.write('\ninclude "2026/*.beancount"\n')
    result = tiny.check()
    assert lines(result.stdout) == [
        "ledger/main.beancount:20:1: PATH-OUTSIDE ledger/2026/b.beancount "
        f"(included by '2026/*.beancount') {UNREAD}"
    ]


def test_the_ledger_itself_linked_outside(tiny: Tiny, outside: Path) -> None:
    main = tiny.path("ledger/main.beancount")
    main.unlink()
    main.symlink_to(outside / "main.beancount")
    result = tiny.check()
    assert lines(result.stdout) == [
        f"ledger/main.beancount:1:1: PATH-OUTSIDE ledger/main.beancount {UNREAD}"
    ]


def test_an_include_inside_and_a_string_that_only_looks_like_one(tiny: Tiny) -> None:
    tiny.write("ledger/more.beancount", "2026-02-01 open Assets:Cash EUR\n")
    with tiny.path("ledger/main.beancount").open("a", encoding="utf-8") as handle:
        handle.write(
            '\ninclude "more.beancount"\n'
            '2026-02-02 note Assets:Cash "x\ninclude \\"/etc/passwd\\""\n'
        )
    result = tiny.check()
    assert result.exit_code == 0, result.stdout


def test_a_template_linked_outside_is_refused(tiny: Tiny, outside: Path) -> None:
    (outside / "report.css").write_text("/* TOP-SECRET-42 */", encoding="utf-8")
    tiny.path("templates/report.css").symlink_to(outside / "report.css")
    with pytest.raises(
        OutsideError, match=f"templates/report.css:1:1: PATH-OUTSIDE this template {UNREAD}"
    ):
        open_workspace(tiny.root).template("report.css", Path("."))
    result = run("--root", str(tiny.root), "report", "trial-balance", "--format", "html")
    assert result.exit_code == 1
    assert "PATH-OUTSIDE" in result.stderr and "TOP-SECRET" not in result.stdout


def test_invoice_documents_linked_outside(tmp_path: Path, outside: Path) -> None:
    """The books name the PDF in a document entry, so they are refused; the invoice's own
    rule refuses the file too, without reading it."""
    root = copy_example(tmp_path)
    pdf = root / "documents/invoices/2026/20260001.pdf"
    pdf.unlink()
    pdf.symlink_to(outside / "P-0009.yaml")
    result = run("--root", str(root), "check")
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        "ledger/generated/invoices.beancount:19:1: PATH-OUTSIDE "
        f"document '../../documents/invoices/2026/20260001.pdf' {UNREAD}"
    ]
    found = issued_hashes(open_workspace(root), CheckOptions())
    assert [str(p) for p in found] == [
        "records/invoices/2026/20260001.yaml:19:8: PATH-OUTSIDE "
        f"documents/invoices/2026/20260001.pdf {UNREAD}"
    ]


def test_a_bill_document_in_a_folder_linked_outside(tmp_path: Path, outside: Path) -> None:
    root = copy_example(tmp_path)
    (root / "documents/bills").mkdir(parents=True)
    (root / "documents/bills/2026").symlink_to(outside, target_is_directory=True)
    (outside / "S-0001-PO26-001.pdf").write_bytes(b"%PDF TOP-SECRET-42")
    bill = root / "records/bills/2026/S-0001-PO26-001.yaml"
    bill.write_text(
        bill.read_text(encoding="utf-8")
        + "document: documents/bills/2026/S-0001-PO26-001.pdf\n"
        + "document_sha256: sha256:"
        + "0" * 64
        + "\n",
        encoding="utf-8",
    )
    result = run("--root", str(root), "check")
    assert result.exit_code == 1
    found = [line for line in lines(result.stdout) if "PATH-OUTSIDE" in line]
    assert len(found) == 1 and found[0].startswith("records/bills/2026/S-0001-PO26-001.yaml:")
    assert found[0].endswith(f"PATH-OUTSIDE documents/bills/2026/S-0001-PO26-001.pdf {UNREAD}")
    assert "BILL-HASH" not in result.stdout


# odd names -------------------------------------------------------------------------------


def test_hidden_files_and_folders_are_warnings(tiny: Tiny) -> None:
    """Editors keep temporary copies under a leading dot: worth a word, not a failed check."""
    tiny.write("records/people/.P-0012.yaml", "id: P-0012\nname: Draft\n")
    tiny.write("records/people/..yaml", "id: P-0013\n")
    tiny.write("records/people/.old/P-0014.yaml", "id: P-0014\n")
    result = tiny.check()
    assert result.exit_code == 0
    hidden = (
        "a hidden file or folder is not read as a record (an editor's temporary file?); "
        "rename or remove it"
    )
    assert lines(result.stdout) == [
        f"records/people/..yaml:1:1: FILE-HIDDEN warning: {hidden}",
        f"records/people/.P-0012.yaml:1:1: FILE-HIDDEN warning: {hidden}",
        f"records/people/.old:1:1: FILE-HIDDEN warning: {hidden}",
    ]


UNPRINTABLE = (
    "the name has a control character, a line break or a byte that is not UTF-8; rename it"
)


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        (b"P-00\n12.yaml", "P-00\\n12.yaml"),
        (b"\x1b[31mP-0012.yaml", "\\x1b[31mP-0012.yaml"),
        (b"P-0012\r.yaml", "P-0012\\r.yaml"),
        (b"P-\xff0012.yaml", "P-\\xff0012.yaml"),
        ("P-0012\u2028.yaml".encode(), "P-0012\\u2028.yaml"),
    ],
    ids=["newline", "escape sequence", "carriage return", "not UTF-8", "line separator"],
)
def test_unprintable_names_are_errors_on_one_line(tiny: Tiny, name: bytes, shown: str) -> None:
    folder = os.fsencode(tiny.path("records/people/x").parent)
    with open(os.path.join(folder, name), "wb") as handle:
        handle.write(b"id: P-0012\nname: A\n")
    result = tiny.check()
    assert result.exit_code == 1
    assert lines(result.stdout) == [f"records/people/{shown}:1:1: FILE-NAME {UNPRINTABLE}"]
    listed = json.loads(tiny.check("--format", "json").stdout)
    assert [p["path"] for p in listed] == [f"records/people/{shown}"]
    github = tiny.check("--format", "github").stdout
    assert github.count("\n") == 1


def test_a_file_that_is_not_yaml_is_named(tiny: Tiny) -> None:
    tiny.write("records/people/notes.txt", "call Eva\n")
    assert lines(tiny.check().stdout) == [
        "records/people/notes.txt:1:1: FILE-NOT-RECORD records are .yaml files"
    ]


def test_a_fifo_is_not_opened(tiny: Tiny) -> None:
    os.mkfifo(tiny.path("records/people/P-0012.yaml"))
    assert lines(tiny.check().stdout) == [
        "records/people/P-0012.yaml:1:1: FILE-UNREADABLE not a regular file"
    ]


def test_problems_print_on_one_line_whatever_they_hold() -> None:
    problem = Problem("records/a\nb.yaml", 2, 3, "X", "bad\x07 value\r\nnext")
    assert str(problem) == "records/a\\nb.yaml:2:3: X bad\\x07 value\\r\\nnext"
    assert escape("Jana Nováková ✓") == "Jana Nováková ✓"


# byte-order marks ------------------------------------------------------------------------

BOM = b"\xef\xbb\xbf"


def test_a_ledger_that_starts_with_a_bom_gets_one_clear_problem(tiny: Tiny) -> None:
    main = tiny.path("ledger/main.beancount")
    main.write_bytes(BOM + b"; The books of a tiny company\n" + main.read_bytes())
    result = tiny.check()
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        "ledger/main.beancount:1:1: LEDGER-BOM the file starts with a byte-order mark; "
        "save it as UTF-8 without BOM"
    ]


def test_an_included_ledger_file_with_a_bom(tiny: Tiny) -> None:
    tiny.write_bytes("ledger/more.beancount", BOM + b"2026-02-01 open Assets:Cash EUR\n")
    with tiny.path("ledger/main.beancount").open("a", encoding="utf-8") as handle:
        handle.write('\ninclude "more.beancount"\n')
    result = tiny.check()
    assert [line.split(": ")[1].split()[0] for line in lines(result.stdout)] == ["LEDGER-BOM"]
    assert result.stdout.startswith("ledger/more.beancount:1:1: LEDGER-BOM ")


def test_a_record_with_a_bom_is_read(tiny: Tiny) -> None:
    """YAML allows a byte-order mark, and Windows editors write one: it is no problem."""
    tiny.write_bytes("records/people/P-0012.yaml", BOM + b"id: P-0012\nname: Eva\nshoe: 1\n")
    result = tiny.check()
    assert lines(result.stdout) == ["records/people/P-0012.yaml:3:1: SCHEMA unknown field 'shoe'"]


def test_a_lock_file_linked_outside_is_refused_unread(tiny: Tiny, outside: Path) -> None:
    (outside / "closed.lock").write_text("TOP-SECRET-42\n", encoding="utf-8")
    tiny.path("ledger/closed.lock").symlink_to(outside / "closed.lock")
    result = tiny.check()
    assert result.exit_code == 1
    assert f"ledger/closed.lock:1:1: PATH-OUTSIDE the lock file {UNREAD}" in lines(result.stdout)
    assert "TOP-SECRET" not in result.stdout


def test_sync_stops_at_a_generated_journal_linked_outside(tmp_path: Path, outside: Path) -> None:
    root = copy_example(tmp_path)
    journal = root / "ledger/generated/invoices.beancount"
    journal.unlink()
    journal.symlink_to(outside / "main.beancount")
    before = (outside / "main.beancount").read_bytes()
    result = run("--root", str(root), "ledger", "sync")
    assert result.exit_code == 1
    assert lines(result.stdout + result.stderr)[0] == (
        "ledger/main.beancount:17:1: PATH-OUTSIDE ledger/generated/invoices.beancount "
        f"(included by 'generated/*.beancount') {UNREAD}"
    )
    assert "1 problem: nothing written." in result.stderr
    assert journal.is_symlink() and (outside / "main.beancount").read_bytes() == before
