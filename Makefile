# The two commands of the README's contract: `make demo` and `make test`.
# Only Python 3.11+ and make are assumed; uv (pinned) is bootstrapped into .tools/.

PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin

export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
export DO_NOT_TRACK := 1
export DAGSTER_HOME := $(CURDIR)/.dagster

.PHONY: setup demo test test-fast bench lint format ui clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

setup: $(VENV)/.synced  ## create the environment from the lock file

demo: setup  ## generate the sample and materialize every asset
	$(BIN)/cdp demo

test: setup  ## the whole suite, end-to-end test included (2 workers, one per core)
	$(BIN)/pytest -n 2 --dist loadgroup

test-fast: setup  ## everything but the end-to-end materialization
	$(BIN)/pytest -m "not e2e"

bench: setup  ## benchmarks, each figure printed with its scale
	$(BIN)/python -m benchmarks

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/sqlfluff lint dbt_project/models dbt_project/macros
	$(BIN)/cdp contracts sync-dbt --check
	$(BIN)/cdp contracts sync-expectations --check

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

ui: setup  ## Dagster UI on http://127.0.0.1:3000
	$(BIN)/cdp ui

clean:  ## remove generated data, the warehouse and the local Dagster instance
	rm -rf data/landing data/truth data/warehouse data/exports .dagster dbt_project/target
