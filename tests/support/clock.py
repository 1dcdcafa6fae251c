"""'Today' fixed for every test at the example company's last day of bookkeeping, so that
output which depends on the date stays the same whatever day the suite runs."""

from __future__ import annotations

from datetime import date

import pytest

from backoffice.core.clock import TODAY_VARIABLE

TODAY = date(2026, 12, 2)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> date:
    """Today is TODAY in every test (and in the processes it starts)."""
    monkeypatch.setenv(TODAY_VARIABLE, TODAY.isoformat())
    return TODAY
