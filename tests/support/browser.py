"""Debian's chromium driven through Playwright, for the browser tests of the dashboard and Fava."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from support.workspace import REPO

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = REPO / "build" / "screenshots"


def browser_api() -> Any:
    """Playwright's sync API; without a browser, a skip with the reason (a failure under CI,
    where .ci/run installs one, so that browser tests never silently stop running)."""
    missing = None
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        missing = "chromium is not installed (apt-get install chromium)"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing = missing or "the playwright Python package is not installed"
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run under CI: {missing}")
        pytest.skip(missing)
    return sync_playwright


def chromium_path() -> str:
    return str(CHROMIUM if CHROMIUM.exists() else shutil.which("chromium"))


OUTSIDE = """() => [...document.querySelectorAll("svg")].flatMap(svg => {
  const box = svg.getBoundingClientRect();
  return [...svg.querySelectorAll("text")].filter(t => {
    const r = t.getBoundingClientRect();
    return r.left < box.left - 0.5 || r.right > box.right + 0.5
      || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5;
  }).map(t => `${svg.getAttribute("aria-label")}: ${t.textContent}`);
})"""
"""The labels of the page's charts that reach past their chart's edges."""


def labels_outside(page: Any) -> list[str]:
    """What `OUTSIDE` finds on a page open in the browser."""
    return list(page.evaluate(OUTSIDE))
