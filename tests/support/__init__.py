"""What the tests share. The modules with fixtures are plugins, registered in tests/conftest.py;
tests import helpers by name: the common ones from here (`from support import REPO, Tiny, run`),
an area's from its module (`from support.gitrepo import Repo`, `from support.invoices import
Books`)."""

from support.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREENSHOTS,
    browser_api,
    chromium_path,
    labels_outside,
)
from support.workspace import LEDGER, REPO, Tiny, example_report, run

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "LEDGER",
    "REPO",
    "SCREENSHOTS",
    "Tiny",
    "browser_api",
    "chromium_path",
    "example_report",
    "labels_outside",
    "run",
]
