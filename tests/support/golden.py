"""Golden files: expected output kept in a golden/ folder beside the test module that compares
against it, through the `golden` fixture; `pytest --update-golden` rewrites them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

Golden = Callable[[str, str], None]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("golden", "golden files")
    group.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite golden files from the current output instead of comparing.",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    """Compare text with golden/NAME beside the test module; `pytest --update-golden` rewrites
    it on purpose."""
    update = request.config.getoption("--update-golden")
    folder = request.path.parent / "golden"

    def compare(name: str, text: str) -> None:
        path = folder / name
        label = shown(path, request.config.rootpath)
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        if not path.exists():
            pytest.fail(f"missing golden file {label}; run pytest --update-golden")
        assert text == path.read_text(encoding="utf-8"), f"differs from golden {label}"

    return compare


def shown(path: Path, root: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
