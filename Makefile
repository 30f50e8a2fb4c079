# Two targets a new user needs: `make run` (set up, then build the graph) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: setup run test lint typecheck system-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

## Load ontology + data, validate with SHACL, print a summary, export out/innocity.ttl.
run: $(STAMP)
	$(BIN)/innocity build --out out/innocity.ttl

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: $(STAMP)
	$(BIN)/mypy

## Debian packages the integration tests use (SPARQL servers, Chromium, CJK font).
system-deps:
	bash scripts/install-system-deps.sh

## Lint, type check, then the whole test suite.
test: system-deps lint typecheck
	$(BIN)/pytest

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
