# The two commands a newcomer needs:
#   make run    set everything up, load demo data, serve the portal on http://$(HOST):$(PORT)
#   make test   set everything up and run every check and test
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export HOST PORT

.DEFAULT_GOAL := help
.PHONY: help run test lint format chromium pdf-libs assets clean

help:
	@echo "make run    set up, load demo data and serve the portal on http://$(HOST):$(PORT)"
	@echo "make test   set up and run lint, migration checks and the whole test suite"
	@echo "make format reformat the code with ruff"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps record that the installed packages match the requirement files.
$(VENV)/.run-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

assets: node_modules/.installed

# Browser tests drive Debian's Chromium (Playwright's own browser download is not used).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "The browser tests need Debian's chromium: run 'sudo apt-get install chromium'" >&2; exit 1; \
	  fi; \
	fi

# WeasyPrint (the PDF reports) needs Pango from the system.
pdf-libs:
	@if ! ldconfig -p | grep -q 'libpangoft2-1.0.so.0'; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Pango for WeasyPrint's PDF reports"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; \
	  else \
	    echo "The PDF reports need Pango: run 'sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0'" >&2; exit 1; \
	  fi; \
	fi

run: $(VENV)/.run-installed assets pdf-libs
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=1 $(BIN)/python manage.py seed_demo
	@if [ -n "$$REDIS_URL" ]; then \
	  echo "REDIS_URL is set: starting the web server, a Celery worker and Celery beat (Procfile.dev)"; \
	  DJANGO_DEBUG=1 $(BIN)/honcho -f Procfile.dev start -p $(PORT); \
	else \
	  echo "No REDIS_URL: background tasks run in-process."; \
	  DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT); \
	fi

lint: $(VENV)/.test-installed
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: $(VENV)/.test-installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: $(VENV)/.test-installed assets chromium pdf-libs lint
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

clean:
	rm -rf $(VENV) node_modules staticfiles

# Backups: the PostgreSQL database (pg_dump) and the uploaded files (a tar of MEDIA_ROOT) in one
# folder, using the same DATABASE_URL and MEDIA_ROOT as the portal (README, Deployment).
#   make backup                         writes backups/<date-time>/ (or BACKUP=folder)
#   make restore BACKUP=backups/<...>   into an empty database and an empty MEDIA_ROOT
.PHONY: backup restore
BACKUP ?= backups/$(shell date +%Y-%m-%d-%H%M%S)

backup:
	$(BIN)/python -m neglect_portal.backup dump "$(BACKUP)"

restore:
	@if [ "$(origin BACKUP)" != "command line" ] && [ "$(origin BACKUP)" != "environment" ]; then \
	  echo "Say which backup to restore: make restore BACKUP=backups/<date-time>" >&2; exit 1; \
	fi
	$(BIN)/python -m neglect_portal.backup restore "$(BACKUP)"
