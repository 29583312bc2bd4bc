# Comptoir: two commands do everything on a fresh machine with Python 3.11: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The demo's e-mail links point at its own port.
DEMO_SITE_URL = SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)}
STAMP := $(VENV)/.installed

.PHONY: demo test install lint bench migrate seed serve clean messages

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 est requis ($(PYTHON) introuvable)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# The browser tests run axe-core from npm (package.json, locked by package-lock.json).
NODE_STAMP := node_modules/.package-lock.json
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm est requis pour les tests dans le navigateur (axe-core)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error

migrate: install
	$(BIN)/python manage.py migrate --noinput -v0

seed: migrate
	$(DEMO_SITE_URL) $(BIN)/python manage.py seed_demo

serve:
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

demo: seed
	@echo "La boutique est servie sur http://127.0.0.1:$(PORT)/"
	$(DEMO_SITE_URL) $(BIN)/python manage.py rundemo --port $(PORT)

test: install $(NODE_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

bench: install
	@set -e; for script in $(filter-out bench/_%,$(wildcard bench/*.py)); do \
		echo "== $$script"; $(BIN)/python $$script; done

clean:
	rm -rf $(VENV) var staticfiles

# Our interface strings are French msgids; locale/en holds their English. locale/fr only corrects Django's and
# Oscar's French (hand-written: never regenerate it with makemessages).
messages: install
	$(BIN)/python manage.py makemessages -l en --no-obsolete --ignore='.venv/*' --ignore='tests/*' \
		--ignore='bench/*' --ignore='*/migrations/*' --ignore='var/*' --ignore='staticfiles/*'
	$(BIN)/python manage.py compilemessages -l en -l fr --ignore='.venv/*'
