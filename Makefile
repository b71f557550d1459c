# Everything the project needs is installed from its own files: uv (pinned) into .tools,
# then the locked dependencies (uv.lock) into .venv. Only Python 3.11+ and make are assumed.
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
SCENARIOS ?= scenarios
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: setup app test lint typecheck layers unit bench clean demo-history

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

setup: $(UV)
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON) --quiet

app: setup  ## start the app on the bundled demo scenarios
	$(VENV)/bin/streamlit run app.py -- --scenarios $(SCENARIOS)

test: setup lint typecheck layers unit  ## ruff, mypy, the layer contracts and the whole test suite

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck:
	$(VENV)/bin/mypy

layers:  ## lower layers never import higher ones (contracts in pyproject.toml)
	$(VENV)/bin/lint-imports --no-cache

unit:
	$(VENV)/bin/pytest

demo-history: setup  ## rebuild the home-goods demo's history from its platform exports, as a user would
	$(VENV)/bin/planner import scenarios/home_goods/exports -o scenarios/home_goods/history.csv

bench: setup
	$(VENV)/bin/python bench/bench_core.py

clean:
	rm -rf $(TOOLS) $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
