"""'Today' for every command: the clock's date, or the date `BACKOFFICE_TODAY` (or the
`--today` option, which sets it) names, so that tests and reruns of a past day give the same
output and no default moves past the day it is."""

from __future__ import annotations

import os
from datetime import date, timedelta

from backoffice.core.errors import BackOfficeError

TODAY_VARIABLE = "BACKOFFICE_TODAY"

FUTURE_MARGIN = timedelta(days=31)
"""How far after today a record or an entry may be dated before `check` warns of it: a
month's payroll or a rent invoice is written ahead, a year's typo is not."""


class BadTodayError(BackOfficeError):
    """`BACKOFFICE_TODAY` is set to something that is not a date."""


def today() -> date:
    """The date of `BACKOFFICE_TODAY` when it is set, else the clock's."""
    value = os.environ.get(TODAY_VARIABLE, "").strip()
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadTodayError(f"{TODAY_VARIABLE}={value!r} is not a date (YYYY-MM-DD)") from None


def set_today(day: date) -> None:
    """Make `day` today for this command and the processes it starts."""
    os.environ[TODAY_VARIABLE] = day.isoformat()


def far_ahead(day: date) -> bool:
    """Whether `day` lies more than the margin after today."""
    return day > today() + FUTURE_MARGIN
