# The user interface of the back office. Every target sets up .venv on first use,
# so a fresh clone needs nothing but python3 and make.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: check reports invoices test serve bench lint help
.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

check: $(STAMP) ## Check the ledger and every record
	$(BIN)/backoffice check

reports: check ## Check, then write every report to build/reports/
	$(BIN)/backoffice reports

invoices: $(STAMP) ## Render every issued invoice again into build/invoices/ and prove it unchanged
	$(BIN)/backoffice invoice verify

test: $(STAMP) ## Run the test suite
	$(BIN)/pytest -q

serve: $(STAMP) ## Browse the books in Fava on http://127.0.0.1:5000
	$(BIN)/backoffice serve

bench: $(STAMP) ## Time check, reports, a Fava page and invoicing on a scaled-up company
	$(BIN)/python benchmarks/bench.py

lint: $(STAMP) ## ruff, mypy and the import contracts
	$(BIN)/ruff check scripts tests benchmarks
	$(BIN)/ruff format --check scripts tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
