# Gachi: `make run` to try the site, `make test` to run the whole test suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install assets translations migrate seed lint format check-migrations clean

run: install migrate seed
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

install: $(VENV)/.installed assets translations

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# htmx and the Pretendard font come from the npm registry and are served as our own static files.
assets: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

translations: $(VENV)/.installed
	DEBUG=1 $(BIN)/python manage.py compile_translations

migrate: install
	DEBUG=1 $(BIN)/python manage.py migrate --no-input

seed: migrate
	DEBUG=1 $(BIN)/python manage.py seed

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-migrations:
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
