# PIF: `make demo` serves the demo, `make test` runs every test. Both set up what they need.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.12 || ls $(HOME)/.pyenv/versions/3.12*/bin/python3.12 2>/dev/null | head -1 || echo python3)
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?= -n 2

.PHONY: demo serve test test-postgres test-fast lint bench bench-scale assets install browser pdf-libs clean

install: $(VENV)/.installed

# base.txt pins setuptools, so PIF itself is built with that copy (--no-build-isolation)
# rather than with one pip would fetch for an isolated build.
$(VENV)/.installed: requirements/base.txt requirements/dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements/base.txt -r requirements/dev.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# Debian's Chromium drives the browser tests (Playwright never downloads a browser here);
# Liberation fonts give it a metric match for Arial, the font PIF's pages ask for.
browser:
	@dpkg -s chromium fonts-liberation >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium and fonts-liberation for the browser tests"; \
		$(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq && \
		$(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y -qq chromium fonts-liberation; }

# WeasyPrint draws PDF reports with Pango; Liberation Sans (Arial's metrics) is the font they
# embed. Both come from Debian's packages.
pdf-libs:
	@dpkg -s libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation >/dev/null 2>&1 || { \
		echo "Installing Debian's Pango and fonts-liberation for PDF reports"; \
		$(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq && \
		$(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation; }

demo: install pdf-libs
	$(BIN)/pif demo

serve: install pdf-libs
	$(BIN)/pif serve

test: install browser pdf-libs
	$(BIN)/pytest $(PYTEST_ARGS)

# The whole suite on PostgreSQL; Django creates and drops a test database of its own.
test-postgres: install browser pdf-libs
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/pif} $(BIN)/pytest $(PYTEST_ARGS)

test-fast: install pdf-libs
	$(BIN)/pytest -m "not browser" $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run

# The import and history benchmarks also run on PostgreSQL when a server answers at
# PG_SERVER (in a database it creates and drops).
PG_SERVER ?= postgres://postgres@127.0.0.1:5432/postgres
bench: install pdf-libs
	$(BIN)/python benchmarks/spc.py
	$(BIN)/python benchmarks/scorecard.py
	$(BIN)/python benchmarks/measures_import.py
	$(BIN)/python benchmarks/history.py
	$(BIN)/python benchmarks/reports.py
	@if pg_isready -q -d "$(PG_SERVER)" 2>/dev/null; then \
		$(BIN)/python benchmarks/measures_import.py --postgres "$(PG_SERVER)"; \
		$(BIN)/python benchmarks/history.py --postgres "$(PG_SERVER)"; \
	else echo "PostgreSQL not answering at $(PG_SERVER): import and history benchmarks on PostgreSQL skipped"; fi

# A national instance, simulated (benchmarks/README.md): 100 partnerships, 50,000 indicators
# and 10,000,000 values built in a PostgreSQL database of its own at PG_SERVER, its pages, an
# import and a load test of 50 people through gunicorn measured, then the database dropped.
# Takes about 30 minutes; SCALE_ARGS="--scale 0.01" builds a hundredth of it.
SCALE_DATABASE ?= pif_bench_scale
SCALE_ARGS ?=
bench-scale: install pdf-libs
	@pg_isready -q -d "$(PG_SERVER)" 2>/dev/null || { \
		echo "PostgreSQL not answering at $(PG_SERVER): make bench-scale needs it (set PG_SERVER)"; \
		exit 1; }
	@set -e; export PYTHONUNBUFFERED=1; \
	server=(--postgres "$(PG_SERVER)"); \
	$(BIN)/python benchmarks/scale.py "$${server[@]}" --drop $(SCALE_DATABASE); \
	trap '$(BIN)/python benchmarks/scale.py "$${server[@]}" --drop $(SCALE_DATABASE)' EXIT; \
	$(BIN)/python benchmarks/scale.py "$${server[@]}" --keep $(SCALE_DATABASE) $(SCALE_ARGS); \
	$(BIN)/python benchmarks/load.py "$${server[@]}" --database $(SCALE_DATABASE); \
	$(BIN)/python benchmarks/load.py "$${server[@]}" --database $(SCALE_DATABASE) --think 0

# Rebuild the committed GOV.UK Frontend assets (needs Node and npm; see frontend/README.md).
assets:
	bash frontend/build.sh

clean:
	rm -rf $(VENV) test-artifacts
