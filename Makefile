# The two commands: `make run` serves the portal at http://127.0.0.1:8000/ with demo data,
# `make test` runs the whole test suite. Both install what they need first and start a
# private embedded PostgreSQL under var/ when DATABASE_URL is not set.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
WITH_DB := scripts/with-db
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 3

.PHONY: install run dev test lint check-deploy messages translations migrations-check worker bench stop-db clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python 3.12 or newer is needed (found " + sys.version.split()[0] + "): install it, e.g. with pyenv, and run again.")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the dependency list changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --group dev
	touch $@

install: $(VENV)/.installed

# After changing user-facing strings: extract them, then fill bokmål from locale/sources/*.json.
translations: install
	$(WITH_DB) $(BIN)/python manage.py makemessages -l nb --no-obsolete --no-location \
		--ignore=.venv --ignore=var --ignore=frontend --ignore=tests --ignore=static
	$(BIN)/python scripts/translate.py

messages: install
	$(WITH_DB) $(BIN)/python manage.py compilemessages_portal

run: install messages
	$(WITH_DB) $(BIN)/python manage.py migrate --no-input
	$(WITH_DB) $(BIN)/python manage.py createcachetable
	$(WITH_DB) $(BIN)/python manage.py load_demo
	$(WITH_DB) $(BIN)/python manage.py collectstatic --no-input --verbosity 0 --clear
	$(WITH_DB) scripts/serve $(HOST) $(PORT) $(WORKERS)

# Development mode: Django's auto-reloading server with DEBUG on, plus a task worker.
dev: install messages
	$(WITH_DB) $(BIN)/python manage.py migrate --no-input
	$(WITH_DB) $(BIN)/python manage.py createcachetable
	$(WITH_DB) $(BIN)/python manage.py load_demo
	DEBUG=true $(WITH_DB) $(BIN)/python manage.py runserver $(HOST):$(PORT)

worker: install
	$(WITH_DB) $(BIN)/python manage.py db_worker

test: install messages
	@scripts/check-browser
	$(WITH_DB) env DJANGO_ENV=test DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

migrations-check: install
	$(WITH_DB) $(BIN)/python manage.py makemigrations --check --dry-run

# The production settings must pass Django's deployment checks with nothing reported.
check-deploy: install
	$(WITH_DB) env DJANGO_ENV=production SECRET_KEY=ci-$$(head -c 48 /dev/urandom | base64 | tr -d '/+=') \
		ALLOWED_HOSTS=frivillig.oslo.kommune.no EMAIL_HOST=smtp.example.invalid \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

# Throughput and latency of the main public pages under gunicorn (loopback, bounded time).
bench: install messages
	$(WITH_DB) $(BIN)/python bench/run.py

stop-db:
	-$(BIN)/python -m frivilligkontor.embedded_db stop

clean: stop-db
	rm -rf $(VENV) var/staticfiles
