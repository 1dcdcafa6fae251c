"""Business rules that JSON Schema cannot express, one module per domain.

A module here decorates functions ``(ws, options) -> list[Problem]`` with
``backoffice.check.rule``; `check` imports every module of this package and runs them after
the ledger is loaded.
"""
