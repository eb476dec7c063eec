# Everything installs into .venv on first use; nothing needs to be installed by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench model clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)  ## run the daily flow on the offline demo corpus
	$(BIN)/channelwatch demo

lint: $(STAMP)  ## style and types
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint  ## lint, types, then the whole test suite
	$(BIN)/pytest -q

model: $(STAMP)  ## retrain data/rules/model.json from the labelled sets (deterministic)
	$(BIN)/channelwatch train

bench: $(STAMP)  ## every stage against its bare library (prints a table, writes bench.json)
	$(BIN)/python -m bench --json bench.json

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
