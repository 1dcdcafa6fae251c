"""A private copy of the example company, for tests that break its registers on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

from support.workspace import REPO, run

PARTS = ("ledger", "records", "schemas", "templates", "documents")


def copy_example(tmp_path: Path) -> Path:
    """The example company's books and registers in a temporary folder."""
    root = tmp_path / "company"
    root.mkdir()
    for part in PARTS:
        if (REPO / part).is_dir():
            shutil.copytree(REPO / part, root / part)
    return root


def edit(path: Path, old: str, new: str) -> None:
    """Replace `old` (which must be there) by `new` in a file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def without_run(root: Path, month: str) -> Path:
    """The copy at `root` before the payroll run of `month` was drafted: its record gone and
    the payroll journal synced again."""
    (root / "records" / "payroll" / f"{month}.yaml").unlink()
    assert run("--root", str(root), "ledger", "sync").exit_code == 0
    return root
