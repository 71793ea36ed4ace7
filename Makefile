# One target per job. Every target installs what it needs itself.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CTAI := $(BIN)/ctai
# The test database is test_ctai_<pid>: two runs on one server never share it.
PG_URL ?= postgres://postgres@127.0.0.1:5432/ctai
PYTEST_ARGS ?= -n auto
# make run PORT=8001: another port when 8000 is taken.
PORT ?= 8000

CHROMIUM := /usr/bin/chromium
# The CSV test reads the programmation back with LibreOffice in French (tests/web).
SOFFICE := /usr/bin/soffice

.PHONY: install browser office run test lint format lock bench audit clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# WeasyPrint (PDF) needs Pango from Debian; installed once, only when missing.
SYSTEM_LIBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
SYSTEM_STAMP := $(VENV)/.system-packages

$(SYSTEM_STAMP): | $(BIN)/python
	@if ! dpkg -s $(SYSTEM_LIBS) >/dev/null 2>&1; then \
		echo "Installation des bibliothèques Debian pour les PDF : $(SYSTEM_LIBS)"; \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_LIBS) > /dev/null; \
	fi
	touch $@

$(STAMP): pyproject.toml requirements.lock | $(BIN)/python $(SYSTEM_STAMP)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $@

install: $(STAMP)

# Browser tests drive Debian's Chromium (Playwright's own browser download is not possible).
$(CHROMIUM):
	@echo "Installation de Chromium (paquet Debian) pour les tests dans le navigateur…"
	DEBIAN_FRONTEND=noninteractive apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null

browser: $(CHROMIUM)

$(SOFFICE):
	@echo "Installation de LibreOffice Calc (paquet Debian) pour relire le CSV en français…"
	DEBIAN_FRONTEND=noninteractive apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-calc-nogui > /dev/null

office: $(SOFFICE)

# The web server and, beside it, the task queue's worker (e-mails of the notifications): the
# worker runs in the background and is stopped with the server (Ctrl+C).
# The address the demo prints and the e-mails link to follows PORT.
run: export CTAI_SITE_URL ?= http://127.0.0.1:$(PORT)
run: install
	$(CTAI) migrate --noinput
	$(CTAI) demo
	$(CTAI) db_worker --queue-name='*' --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(CTAI) runserver 127.0.0.1:$(PORT)

test: install browser office
	@echo "=== Suite de tests sur SQLite ==="
	$(BIN)/pytest $(PYTEST_ARGS)
	@if $(BIN)/python -m ctai.core.pgprobe "$(PG_URL)"; then \
		echo "=== Suite de tests sur PostgreSQL ==="; \
		DATABASE_URL="$(PG_URL)_$$$$" $(BIN)/pytest --create-db $(PYTEST_ARGS); \
	else \
		echo "PostgreSQL injoignable ($(PG_URL)) : suite PostgreSQL non exécutée."; \
		test -z "$$CTAI_REQUIRE_POSTGRES"; \
	fi

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(CTAI) makemigrations --check --dry-run

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Refresh the pinned versions after changing dependencies in pyproject.toml.
lock: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e' > requirements.lock

# Known vulnerabilities of the pinned dependencies (pip-audit). Exit 1: vulnerable; exit 3 (only
# with CTAI_REQUIRE_AUDIT=1): the vulnerability database could not be reached, nothing checked.
audit: install
	$(BIN)/python tools/audit_dependencies.py

bench: install
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
