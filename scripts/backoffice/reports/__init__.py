"""Reports: pure functions from a loaded workspace to report data, rendered elsewhere.

Every module of this package is imported here, so each report it registers is available.
"""

from __future__ import annotations

import importlib
import pkgutil

from .base import REPORTS, ReportError, ReportSpec, build_report, default_period, register
from .model import Report

_NOT_REPORTS = {"base", "model", "render"}

for _module in pkgutil.iter_modules(__path__):
    if _module.name not in _NOT_REPORTS:
        importlib.import_module(f"{__name__}.{_module.name}")

__all__ = [
    "REPORTS",
    "Report",
    "ReportError",
    "ReportSpec",
    "build_report",
    "default_period",
    "register",
]
