"""Atomic writes: a new file is created whole, and never over an existing one."""

from __future__ import annotations

from pathlib import Path

import pytest

from backoffice.core.files import write_new


def test_write_new_creates_the_file_and_leaves_no_temporary_behind(tmp_path: Path) -> None:
    target = tmp_path / "records" / "people" / "P-0001.yaml"
    write_new(target, "id: P-0001\n")
    assert target.read_text(encoding="utf-8") == "id: P-0001\n"
    assert [p.name for p in target.parent.iterdir()] == ["P-0001.yaml"]


def test_write_new_never_replaces_a_file(tmp_path: Path) -> None:
    target = tmp_path / "P-0001.yaml"
    target.write_text("mine\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_new(target, "theirs\n")
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert [p.name for p in tmp_path.iterdir()] == ["P-0001.yaml"]
