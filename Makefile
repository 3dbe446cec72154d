# The two commands of the README's quick start; each sets itself up.
#   make site   build the demo briefing into site/
#   make test   run the linters and the tests
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: site test serve clean

$(BIN)/digest: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

site: $(BIN)/digest
	$(BIN)/digest build

serve: $(BIN)/digest
	$(BIN)/digest serve

test: $(BIN)/digest
	$(BIN)/ruff check digest tests benchmarks tools
	$(BIN)/ruff format --check digest tests benchmarks tools
	$(BIN)/pytest

clean:
	rm -rf site .digest content/incidents content/archive content/index.md
