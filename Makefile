# The README's two commands: `make demo` (install, then run the main job on the embedded store) and
# `make test` (install with the test extras, then run the whole test suite, Neo4j and browser included).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test install install-test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The demo installs the package as a user gets it (a regular install: quiet, and it proves the package
# data is complete); the test target replaces it with an editable install for development.
$(VENV)/.installed: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet .
	touch $@

$(VENV)/.installed-test: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: install
	$(BIN)/stratgraph demo

test: install-test
	scripts/test-prerequisites
	$(BIN)/python -m pytest -q

bench: install-test
	$(BIN)/python bench/ingest.py

clean:
	rm -rf $(VENV) stratgraph.db
