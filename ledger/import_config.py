"""Fava's import page: the bank's camt.053 statements, read by the importer of
`backoffice bank import` (matched the same way; Fava shows the new entries to save)."""

from pathlib import Path

from backoffice.bank import CamtImporter

CONFIG = [CamtImporter(Path(__file__).resolve().parents[1])]
