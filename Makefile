# sitrep: two commands on a fresh machine.
#   make demo   venv + install, analyse and store the bundled examples in sitrep.db, print a brief
#   make test   venv + install, lint (ruff), type-check (mypy: model, store, api, ledger), run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: demo test eval serve clean

demo: $(STAMP)
	$(BIN)/sitrep ingest examples/*.html examples/*.txt --db sitrep.db
	$(BIN)/sitrep brief --db sitrep.db

test: $(STAMP)
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -n auto --maxprocesses 4 --dist loadfile

eval: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[eval]'
	$(BIN)/sitrep eval --data ../shared/data

serve: $(STAMP)
	$(BIN)/sitrep serve --db sitrep.db

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

clean:
	rm -rf $(VENV) sitrep.db sitrep.db-wal sitrep.db-shm .pytest_cache
