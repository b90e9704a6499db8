# Trellis: `make run` serves the demo site on SQLite; `make test` runs the whole suite.
# Both create the environment from the lock file first (uv is installed with pip if missing).

PYTHON ?= python3
UV_BIN := $(shell command -v uv 2>/dev/null)
ifeq ($(UV_BIN),)
UV := $(PYTHON) -m uv
else
UV := $(UV_BIN)
endif
RUN := $(UV) run --frozen
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test env uv migrate seed worker lint format clean

uv:
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv

env: uv
	$(UV) sync --frozen --python $(PYTHON)

migrate: env
	$(RUN) python manage.py migrate --noinput

seed: migrate
	$(RUN) python manage.py seed_demo

# Serves the site and, beside it, the task worker for Trellis's own background work. HOST and
# PORT go to both, so links in emails and PDFs point here (lms/settings/dev.py, SITE_URL).
run: seed
	@echo "Trellis is starting at http://$(HOST):$(PORT)/ (emails, such as sign-up links, print here)."
	@export HOST=$(HOST) PORT=$(PORT); \
	$(RUN) python manage.py task_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN) python manage.py runserver $(HOST):$(PORT)

worker: env
	$(RUN) python manage.py task_worker

# The whole suite, on TEST_WORKERS processes (pytest-xdist): first every test but the browser
# journeys, then the journeys (they run in a process of their own, see tests/e2e/conftest.py).
TEST_WORKERS ?= 2
test: env
	$(RUN) pytest -n $(TEST_WORKERS) --ignore=tests/e2e
	$(RUN) pytest -n $(TEST_WORKERS) tests/e2e

lint: env
	$(RUN) ruff check .
	$(RUN) ruff format --check .

format: env
	$(RUN) ruff format .
	$(RUN) ruff check --fix .

clean:
	rm -rf .venv db.sqlite3 staticfiles
