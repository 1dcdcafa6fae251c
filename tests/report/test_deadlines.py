"""The deadlines engine over every register of a small office, its iCalendar file, and the ISO
durations it counts with."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backoffice.core.period import parse_period
from backoffice.domains import open_workspace
from backoffice.report.common import Duration
from backoffice.report.deadlines import deadlines, to_ical
from backoffice.report.registry import build_report
from backoffice.report.render import money
from support import Tiny, example_report
from support.golden import Golden


def test_deadlines_engine_over_every_register(office: Tiny) -> None:
    ws = open_workspace(office.root)
    found = {(d.kind, d.record): d for d in deadlines(ws, date(2026, 2, 1))}
    notice = found[("contract notice", "CON-0001")]
    assert notice.day == date(2026, 2, 28) and notice.reminders == (10,)
    assert found[("probation end", "P-0002")].day == date(2026, 4, 14)
    assert found[("maintenance", "L-0001")].day in (date(2026, 3, 10), date(2026, 3, 20))
    assert found[("risk review", "R-0001")].day == date(2026, 1, 15)
    assert found[("incident action", "INC-0001")].day == date(2026, 2, 28)
    assert found[("supplier evaluation", "S-0001")].reminders == (14, 0)
    assert found[("invoice due", "1")].day == date(2026, 1, 24)
    amount = money(Decimal("1000.00"), ws.locale)  # grouped as every other amount
    assert amount != "1000.00" and found[("invoice due", "1")].title.endswith(f": {amount} EUR")
    assert ("employment end", "P-0003") in found
    report = build_report(ws, "deadlines", parse_period("2026"), date(2026, 2, 1))
    statuses = {(r.cells["kind"], r.cells["record"]): r.cells["status"] for r in report.rows}
    assert statuses[("risk review", "R-0001")] == "overdue"
    assert ("employment end", "P-0003") not in statuses  # past, nothing left to do
    assert report.rows == sorted(report.rows, key=lambda r: r.cells["date"])
    owners = {(r.cells["kind"], r.cells["record"]): r.cells["owner_name"] for r in report.rows}
    assert owners[("contract notice", "CON-0001")] == "Jana Nováková"


def test_icalendar_is_valid_and_stable(office: Tiny) -> None:
    ws = open_workspace(office.root)
    found = deadlines(ws, date(2026, 2, 1))
    text = to_ical(found, "Tiny, s.r.o.", date(2026, 2, 1))
    assert text == to_ical(found, "Tiny, s.r.o.", date(2026, 2, 1))
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert all(len(line.encode()) <= 75 for line in lines)
    assert "X-WR-CALNAME:Tiny\\, s.r.o. deadlines" in lines
    assert text.count("BEGIN:VEVENT") == len(found)
    assert "TRIGGER:-P10D" in lines and "DTSTART;VALUE=DATE:20260228" in lines
    uids = [line for line in lines if line.startswith("UID:")]
    assert len(uids) == len(set(uids))


durations = st.builds(
    Duration,
    st.integers(0, 3),
    st.integers(0, 24),
    st.integers(0, 60),
).filter(lambda d: d.years or d.months or d.days)


@given(durations, st.dates(date(2000, 1, 1), date(2090, 12, 31)))
def test_durations_round_trip_and_move_forward(duration: Duration, day: date) -> None:
    assert Duration.parse(str(duration)) == duration
    later = duration.after(day)
    assert later > day
    assert duration.before(later) <= day
    if not duration.days:
        assert day - duration.before(later) <= timedelta(days=3)  # month ends clamp


@pytest.mark.parametrize("name", ["deadlines"])
@pytest.mark.parametrize("fmt", ["json", "text"])
def test_golden_of_the_example(name: str, fmt: str, golden: Golden) -> None:
    """The example company's report at 2026-11-30, as the contract (JSON) and as read."""
    golden(f"{name}.{fmt}", example_report(name, fmt))
