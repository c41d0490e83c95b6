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

.PHONY: setup demo test test-fast bench lint format ui docs notebooks browser status clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

setup: $(VENV)/.synced  ## create the environment from the lock file

demo: setup  ## generate the sample and materialize every asset
	$(BIN)/cdp demo

test: setup browser  ## the whole suite, end-to-end and UI checks included (2 workers)
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

status: setup  ## the last run and every asset's latest materialization, rows and checks
	$(BIN)/cdp status

docs: setup  ## dbt docs (lineage, every model and column) generated and served on :8080
	$(BIN)/cdp docs --serve

notebooks: setup  ## JupyterLab on the analyst notebooks (they read data/published/)
	$(UV) sync --frozen --group notebooks
	$(BIN)/jupyter lab notebooks/

# The UI check drives Debian's Chromium through its chromedriver; never a downloaded one.
browser:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then :; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
		echo "installing Debian's chromium and chromium-driver for the UI check"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq chromium chromium-driver >/dev/null; \
	else \
		echo "the UI check needs Debian's chromium and chromium-driver:"; \
		echo "  sudo apt-get install chromium chromium-driver"; exit 1; \
	fi

clean:  ## remove generated data, the warehouse and the local Dagster instance (the privacy audit log stays)
	rm -rf data/landing data/truth data/warehouse data/exports data/published \
		data/reports data/quality data/docs .dagster dbt_project/target
