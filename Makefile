# sabo_eval — the two commands of the README are `make demo` and `make test`.
# Both create the virtual environment and install the package first (idempotent).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: setup browser demo test bench bench-smoke lab docs lint sample fixtures notebook-outputs wheelhouse clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

setup: $(STAMP)  ## virtual environment with the package and its dependencies

browser:  ## Chromium and a Korean font (fonts-nanum) for the browser tests (Debian packages; installed when root)
	@bash scripts/ensure_browser.sh

demo: setup  ## ingest data/sample into data/demo.duckdb (never the user's warehouse), produce every district report of its complete years
	$(BIN)/sabo-eval demo

test: setup browser  ## every test: unit, back-tests, notebook (nbval), browser
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env -q

bench: setup  ## national-scale benchmark (229 districts × 5 years): writes benchmarks/RESULTS.md (~40 min)
	$(BIN)/python -m benchmarks.run

bench-smoke: setup  ## every benchmark step on 3 districts, nothing timed (CI runs it as a test)
	$(BIN)/python -m benchmarks.run --smoke

lab: setup  ## JupyterLab on notebooks/ with the demo warehouse (data/demo.duckdb, never the user's), on 127.0.0.1; --allow-root only as root
	$(BIN)/python scripts/lab.py

docs: setup  ## API reference (HTML, offline) from the docstrings with pdoc → build/docs/index.html
	$(BIN)/python scripts/build_docs.py

PLATFORM       ?= host
PYTHON_VERSION ?= 3.11

wheelhouse: setup  ## offline install folder build/wheelhouse/$(PLATFORM) with install.sh/.bat (PLATFORM=win_amd64 for Windows)
	$(BIN)/python scripts/build_wheelhouse.py --platform $(PLATFORM) --python-version $(PYTHON_VERSION)

lint: setup
	$(BIN)/ruff check sabo_eval tests scripts

sample: setup  ## regenerate data/sample with the deterministic generator
	$(BIN)/python scripts/generate_sample_data.py

fixtures: setup  ## rebuild tests/fixtures
	$(BIN)/python tests/fixtures/build_fixtures.py

notebook-outputs: setup  ## refresh the stored outputs nbval checks (after a data or layout change)
	$(BIN)/python scripts/refresh_notebook_outputs.py

clean:
	rm -rf build reports/20* reports/pilot reports/discussions reports/logs data/demo.duckdb data/demo.duckdb.wal
