"""`backoffice purchasing codeowners`: the block it writes from the policy, the rest of the
file kept, --check, and what makes it refuse."""

from __future__ import annotations

from pathlib import Path

from backoffice.purchasing.codeowners import BEGIN, END
from support import REPO, run
from support.books import edit
from support.purchasing import ORDERS, copy_registers

FILE = ".github/CODEOWNERS"


def test_the_example_is_up_to_date() -> None:
    result = run("--root", str(REPO), "purchasing", "codeowners", "--check")
    assert (result.exit_code, result.output) == (0, f"{FILE} is up to date\n")


def test_each_order_asks_the_approvers_of_its_amount(tmp_path: Path) -> None:
    root = copy_registers(tmp_path)
    (root / FILE).write_text("*  @javorina/maintainers\n", encoding="utf-8")
    result = run("--root", str(root), "purchasing", "codeowners")
    assert (result.exit_code, result.output) == (0, f"{FILE}\n")
    lines = (root / FILE).read_text(encoding="utf-8").splitlines()
    assert lines[:4] == [
        "*  @javorina/maintainers",
        "",
        BEGIN,
        "/records/purchase-orders/ @mkovac-javorina",
    ]
    everyone = "@mkovac-javorina @znovotna-javorina @jsimkova-javorina @emolnarova-javorina"
    assert f"/{ORDERS}/PO-0002.yaml {everyone}" in lines  # 378.00: the first band
    assert f"/{ORDERS}/PO-0004.yaml @mkovac-javorina @znovotna-javorina" in lines  # 4 980.00
    assert lines[-3:] == [
        "/records/approval-policy.yaml @mkovac-javorina",
        f"/{FILE} @mkovac-javorina",
        END,
    ]
    again = run("--root", str(root), "purchasing", "codeowners")
    assert again.exit_code == 0 and (root / FILE).read_text(encoding="utf-8").splitlines() == lines


def test_check_fails_when_an_order_moves_to_another_band(tmp_path: Path) -> None:
    root = copy_registers(tmp_path)
    before = (root / FILE).read_bytes()
    edit(root / f"{ORDERS}/PO-0002.yaml", 'unit_price: "378.00"', 'unit_price: "3780.00"')
    result = run("--root", str(root), "purchasing", "codeowners", "--check")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {FILE} is not up to date with the approval policy and the orders: run "
        "`backoffice purchasing codeowners`\n"
    )
    assert (root / FILE).read_bytes() == before


def test_an_approver_without_a_github_user_stops_it(tmp_path: Path) -> None:
    root = copy_registers(tmp_path)
    before = (root / FILE).read_bytes()
    edit(root / "records/people/P-0007.yaml", "github: emolnarova-javorina\n", "")
    result = run("--root", str(root), "purchasing", "codeowners")
    assert result.exit_code == 1
    assert result.stdout == (
        "records/people/P-0007.yaml:1:1: PO-NO-GITHUB P-0007 may approve purchase orders but "
        "has no github user name to ask their review by\n"
    )
    assert result.stderr == "1 problem: nothing written.\n"
    assert (root / FILE).read_bytes() == before


def test_a_file_outside_the_repository_is_not_read(tmp_path: Path) -> None:
    root = copy_registers(tmp_path)
    outside = tmp_path / "elsewhere"
    outside.write_text("* @someone\n", encoding="utf-8")
    (root / FILE).unlink()
    (root / FILE).symlink_to(outside)
    result = run("--root", str(root), "purchasing", "codeowners")
    assert result.exit_code == 1
    assert "leads outside the repository" in result.stderr
    assert outside.read_text(encoding="utf-8") == "* @someone\n"


def test_without_a_policy_the_block_is_taken_out(tmp_path: Path) -> None:
    root = copy_registers(tmp_path)
    (root / "records/approval-policy.yaml").unlink()
    result = run("--root", str(root), "purchasing", "codeowners")
    assert result.exit_code == 0
    text = (root / FILE).read_text(encoding="utf-8")
    assert BEGIN not in text and text.startswith("# Who must approve a pull request")
    assert run("--root", str(root), "purchasing", "codeowners", "--check").exit_code == 0


def test_a_policy_it_cannot_read_stops_it(tmp_path: Path) -> None:
    root = copy_registers(tmp_path)
    before = (root / FILE).read_bytes()
    (root / "records/approval-policy.yaml").write_text("currency: EUR\nbands: []\n")
    result = run("--root", str(root), "purchasing", "codeowners")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: records/approval-policy.yaml cannot be read as a policy (`backoffice check` "
        "says why)\n"
    )
    assert (root / FILE).read_bytes() == before


def test_a_policy_nobody_employed_can_fulfil_stops_it(tmp_path: Path) -> None:
    root = copy_registers(tmp_path)
    before = (root / FILE).read_bytes()
    edit(root / "records/people/P-0001.yaml", "  start:", "  end: 2026-11-30\n  start:")
    result = run("--root", str(root), "purchasing", "codeowners")
    assert result.exit_code == 1
    assert result.stdout == (
        "records/approval-policy.yaml:14:5: PO-NO-APPROVER nobody employed today may approve "
        "the largest orders: a pull request would ask nobody's review\n"
    )
    assert (root / FILE).read_bytes() == before
