"""The errors that stop a command for a reason the user can mend, under one base class: the
command line prints the message and exits 1 (usage errors, exit 2, are mapped where raised)."""

from __future__ import annotations


class BackOfficeError(Exception):
    """Something in the repository or the request stops the command; the message says what."""
