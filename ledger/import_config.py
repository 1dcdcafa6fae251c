"""Fava's import page: the bank's camt.053 statements and CSV exports, read by the importers of
`backoffice bank import` (matched the same way; Fava shows the new entries to save)."""

from pathlib import Path

from backoffice.bank import CamtImporter, CsvImporter

ROOT = Path(__file__).resolve().parents[1]
CONFIG = [CamtImporter(ROOT), CsvImporter(ROOT)]
