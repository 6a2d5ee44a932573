# Gachi: `make run` to try the site, `make test` to run the whole test suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test install assets translations migrate seed lint format check-migrations clean bench \
	math-reference \
	bench-manage

run: install migrate seed
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production server: gunicorn, settings from the environment (see docs/deploy.md).
# Kiwi loads once in the master (--preload) and the forked workers share it.
WORKERS ?= $(shell echo $$(( $$(nproc) * 2 + 1 )))
serve: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	$(BIN)/gunicorn config.wsgi:application --preload --workers $(WORKERS) \
		--bind $(HOST):$(PORT) --timeout 30 --graceful-timeout 20 --keep-alive 5 \
		--max-requests 2000 --max-requests-jitter 200 --access-logfile -

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

# The formula sheet's reference image, after a change to how math looks that you have looked at.
math-reference: install
	GACHI_UPDATE_REFERENCE=1 $(BIN)/python -m pytest -p no:randomly -q tests/browser/test_math_sheet.py

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-migrations:
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

# Load test (docs/performance.md): a scratch PostgreSQL database gachi_bench_<SIZE>, created,
# migrated, seeded and filled by generate_community when empty, then gunicorn (production
# settings, --preload) loaded with wrk, page by page, then by visitors and members at once while
# members vote, answer and accept (the mixed run). E.g. `make bench SIZE=100000 BENCH_SECONDS=20`,
# `make bench BENCH_ARGS="--only question --mixed-seconds 30"`.
# The benchmark commands live in the `bench` app (bench/), which only config.bench_settings
# installs: the normal site has none of them.
SIZE ?= 10000
BENCH_SECONDS ?= 10
BENCH_PG ?= postgres://postgres@127.0.0.1:5432
BENCH_DATABASE_URL ?= $(BENCH_PG)/gachi_bench_$(SIZE)
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/14
BENCH_ENV := DJANGO_SETTINGS_MODULE=config.bench_settings DEBUG=0 \
	SECRET_KEY=bench-only-not-a-secret ALLOWED_HOSTS=127.0.0.1,localhost,testserver \
	DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) \
	GACHI_BENCH_RUN=$(shell date +%s)

bench: install
	@command -v wrk >/dev/null 2>&1 || apt-get install -y wrk || \
		{ apt-get update && apt-get install -y wrk; }
	$(BENCH_ENV) $(BIN)/python manage.py bench_pages --size $(SIZE) \
		--seconds $(BENCH_SECONDS) $(BENCH_ARGS)

# Any command with the bench app loaded, in the environment of `make bench` (the database
# gachi_bench_<SIZE>, or BENCH_DATABASE_URL), e.g. on a scratch database:
#   make bench-manage SIZE=500 ARGS="generate_community --questions 500 --seed 7"
#   make bench-manage SIZE=search ARGS="bench_search --questions 100000"
bench-manage: install
	$(BENCH_ENV) $(BIN)/python manage.py $(ARGS)

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
