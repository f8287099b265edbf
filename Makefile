# PeerWork: `make run` serves the demo agency; `make test` runs every test.
# Both work from a fresh clone: they create .venv and install what is missing.

VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install setup run test lint browser checkers clean loadtest

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

# Migrations, the shipped data (frameworks, word lists, onboarding template), the demo agency.
setup: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_shipped_data
	$(PY) manage.py load_demo

# Serves http://$(HOST):$(PORT) with a task worker beside it (bulk PDF exports).
run: setup
	@bash scripts/serve.sh $(HOST) $(PORT)

# Debian's Chromium for the browser tests; installed when missing and we may (root + apt).
browser:
	@if [ ! -x /usr/bin/chromium ] && ! command -v chromium >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing Debian's chromium for the browser tests..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; \
		else \
			echo "Chromium is missing: install Debian's 'chromium' package (browser tests will fail)."; \
		fi; \
	fi

# The W3C Nu HTML checker (npm's vnu-jar, on Debian's Java) for tests/pages/test_html_validity.py,
# and GNU gettext for tests/i18n/test_catalog_current.py (makemessages on a copy of the source).
VNU_VERSION ?= 26.9.27
VNU_JAR := .tools/node_modules/vnu-jar/build/dist/vnu.jar
checkers:
	@if ! command -v java >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing Debian's Java for the HTML checker..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
		else \
			echo "Java is missing: install Debian's 'default-jre-headless' (the HTML check will fail)."; \
		fi; \
	fi
	@if ! command -v xgettext >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing GNU gettext for the catalog check..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
		else \
			echo "gettext is missing: install Debian's 'gettext' (the catalog check will fail)."; \
		fi; \
	fi
	@test -f $(VNU_JAR) || npm install --silent --no-audit --no-fund --prefix .tools vnu-jar@$(VNU_VERSION) >/dev/null

test: install browser checkers
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(PY) manage.py makemigrations --check --dry-run

# Many people at once on the production stack (README, Performance): gunicorn with 3 workers,
# PostgreSQL on this machine (a throwaway database beside LOADTEST_DATABASE_URL's), the
# benchmark's 2,000-staff agency, locust with 50 people for 3 minutes on the loopback.
LOADTEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/peerwork_loadtest
loadtest: install
	DATABASE_URL=$(LOADTEST_DATABASE_URL) $(PY) manage.py loadtest $(LOADTEST_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache test-artifacts .tools
