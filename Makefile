# Two commands do all set-up: `make run` and `make test`. Everything else is optional.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
# Python ≥ 3.12: the first of these that exists and is new enough.
PYTHON_CANDIDATES := python3.13 python3.12 python3 $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3) $(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3) $(wildcard /usr/local/bin/python3.1[3-9]) $(wildcard /usr/bin/python3.1[3-9])

.PHONY: help run demo test lint format serve bench browsers clean lock mutation mutation-postgres
# uv installs exactly what uv.lock pins (hashes included); pip only bootstraps uv itself.
UV_VERSION := 0.13.9
UV := $(VENV)/bin/uv

help:
	@echo "make run     set up and serve the site on http://127.0.0.1:$(PORT) (DEBUG on), with a task worker"
	@echo "make demo    fill an empty local database with a demo community, to see it with people"
	@echo "make test    set up and run the whole test suite"
	@echo "make lint    ruff check and format check"
	@echo "make serve   Varnish in front of gunicorn and a task worker, production settings (needs SECRET_KEY, ALLOWED_HOSTS;"
	@echo "             Debian packages varnish varnish-modules)"
	@echo "make bench   the benchmark (see bench/README.md)"
	@echo "make lock    re-resolve uv.lock after changing dependencies in pyproject.toml"
	@echo "make mutation  mutation testing of the rule modules (docs/mutation.md; long)"
	@echo "make mutation-postgres  the same on PostgreSQL, for the locks and races"

$(PY):
	@python=""; for candidate in $(PYTHON_CANDIDATES); do \
	  if command -v $$candidate >/dev/null 2>&1 && $$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	    python=$$candidate; break; fi; done; \
	if [ -z "$$python" ]; then \
	  echo "Python 3.12 or newer is needed and none was found (tried: $(PYTHON_CANDIDATES))."; \
	  echo "Install it (e.g. 'apt-get install python3.13' or from python.org) and run make again."; \
	  exit 1; fi; \
	echo "Creating $(VENV) with $$python ($$($$python --version))"; \
	$$python -m venv $(VENV)

$(UV): | $(PY)
	$(PY) -m pip install --quiet uv==$(UV_VERSION)

# --locked: a pyproject.toml that no longer matches uv.lock is an error, not a silent
# re-resolve. --inexact keeps uv itself in the virtualenv.
$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	UV_PYTHON_DOWNLOADS=never $(UV) sync --locked --inexact --quiet --python $(PY)
	@touch $@

lock: | $(UV)
	UV_PYTHON_DOWNLOADS=never $(UV) lock --python $(PY)

# The web server and a task worker together (Procfile.dev, run by honcho). Links in mails and
# the canonical links name the port the site is served on, unless SITE_URL says otherwise.
run: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py social_cards
	DEBUG=1 SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} PATH="$(CURDIR)/$(VENV)/bin:$$PATH" \
	  $(VENV)/bin/honcho start --procfile Procfile.dev --port $(PORT)

# Made-up members, follow-ups and discussions (comments/demo/), for a local database only:
# the command refuses without DEBUG and on a database that already has content.
demo: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} $(PY) manage.py demo
	@echo "Next: make run$(if $(filter-out 8000,$(PORT)), PORT=$(PORT)), then open http://127.0.0.1:$(PORT)/"

# The Nu HTML Checker (vnu-jar, run with Java) for the page checks. No install scripts:
# vnu-jar's would try to download a Java runtime. Without npm those checks skip (CI fails).
node_modules/.installed: package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error && touch $@; \
	else echo "npm not found: the HTML validity checks will be skipped (install Node.js to run them)."; fi

test: $(VENV)/.installed node_modules/.installed
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Varnish on $(PORT) in front of gunicorn on $(PORT)+1, and a task worker, as in production
# (deploy/serve.sh).
serve: $(VENV)/.installed
	PORT=$(PORT) VENV=$(VENV) deploy/serve.sh

# Mutation testing of the modules that hold the rules ([tool.mutmut] in pyproject.toml,
# docs/mutation.md). MUTANTS narrows it, e.g. MUTANTS='comments.moderation*' (about seven
# minutes on two cores); docs/mutation.md keeps the times measured for each module.
MUTMUT_CHILDREN ?= 2
mutation: $(VENV)/.installed
	rm -rf mutants
	SHARED_DIR=$(abspath ../shared) $(VENV)/bin/mutmut run --max-children $(MUTMUT_CHILDREN) $(MUTANTS)
	$(VENV)/bin/mutmut results

# The same on PostgreSQL, where the row locks and the race of two identical posts are real:
# tests/security/test_concurrent_posting.py runs only there, so mutmut's first pass (its map
# of which test reaches which function) must run there too. One child: children would share
# one test database.
mutation-postgres:
	DATABASE_URL=$(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/test) \
		$(MAKE) mutation MUTMUT_CHILDREN=1

clean:
	rm -rf $(VENV) var node_modules mutants

bench: $(VENV)/.installed
	$(PY) bench/run.py $(BENCH_ARGS)
