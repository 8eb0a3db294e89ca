# Two commands: `make run` sets up and serves the app; `make test` sets up, lints, type-checks and runs the suite.
# Both are idempotent; a second run only re-checks what is already there.

PYTHON   ?= python3
VENV     := .venv
BIN      := $(VENV)/bin
STAMP    := $(VENV)/.installed
PORT     := $(or $(LMS_PORT),5000)
# Two pytest workers by default (the machines have two cores); `make test PYTEST_ARGS="-x -k login"` replaces it.
PYTEST_ARGS ?= -n 2
# axe-core for the accessibility checks of the browser tests: the npm package only (no browser download).
AXE_VERSION := 4.14.1
AXE_STAMP   := $(VENV)/axe/.installed-$(AXE_VERSION)
CATALOGS := $(patsubst %.po,%.mo,$(wildcard lms/translations/*/LC_MESSAGES/messages.po))

# Debian packages: a CJK font and HarfBuzz subsetting for the PDF certificates, Pango for WeasyPrint,
# pg_dump/pg_restore for `lms backup`/`lms restore` on PostgreSQL.
RUN_PACKAGES  := fonts-noto-cjk libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 postgresql-client
# ... and for the tests: pdftotext/pdftoppm, and the browser Playwright drives.
TEST_PACKAGES := $(RUN_PACKAGES) poppler-utils chromium

.PHONY: run test setup system-packages translations bench clean

run: setup
	@$(MAKE) --no-print-directory system-packages PACKAGES="$(RUN_PACKAGES)"
	@$(BIN)/lms seed-demo
	@echo "Serving on http://127.0.0.1:$(PORT)/ with gunicorn (Ctrl-C to stop)"
	WEB_CONCURRENCY=2 $(BIN)/gunicorn -c python:lms.gunicorn_conf --bind 127.0.0.1:$(PORT) --access-logfile - 'lms:create_app()'

test: setup
	@$(MAKE) --no-print-directory system-packages PACKAGES="$(TEST_PACKAGES)"
	@$(MAKE) --no-print-directory $(AXE_STAMP)
	$(BIN)/ruff check lms tests
	$(BIN)/ruff format --check lms tests
	$(BIN)/mypy
	$(BIN)/python -m pytest $(PYTEST_ARGS)

setup: $(STAMP) $(CATALOGS)
	$(BIN)/lms db upgrade
	$(BIN)/lms import-content

# The virtualenv, rebuilt only when pyproject.toml changes. Debian's python3 needs python3-venv for it.
$(STAMP): pyproject.toml
	@$(PYTHON) -m venv --help >/dev/null 2>&1 && $(PYTHON) -c 'import ensurepip' 2>/dev/null || \
	  $(MAKE) --no-print-directory system-packages PACKAGES="python3-venv python3-pip"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

# npm comes with Node.js; where there is none, Debian's npm is installed (root) or the axe checks are skipped.
$(AXE_STAMP):
	@command -v npm >/dev/null 2>&1 || $(MAKE) --no-print-directory system-packages PACKAGES=npm
	@if command -v npm >/dev/null 2>&1; then \
	  npm install --silent --no-audit --no-fund --prefix $(VENV)/axe axe-core@$(AXE_VERSION) && touch $@ || \
	    echo "*** npm could not install axe-core@$(AXE_VERSION): the accessibility checks are skipped"; \
	else \
	  echo "*** npm not found: the accessibility checks (axe-core) of the browser tests are skipped"; \
	fi

%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile -i $< -o $@

# Installs missing Debian packages when root; otherwise says exactly what to install and goes on.
system-packages:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	else \
	  echo "*** Missing Debian packages:$$missing"; \
	  echo "*** Install them with: sudo apt-get install$$missing"; \
	  echo "*** Going on without them (PDFs may lack Chinese glyphs; browser tests are skipped)."; \
	fi

# Re-extract the interface strings and merge them into every catalogue.
translations: $(STAMP)
	$(BIN)/pybabel extract -F lms/translations/babel.cfg -k _l -k N_ --no-location -o lms/translations/messages.pot .
	$(BIN)/pybabel update -i lms/translations/messages.pot -d lms/translations --ignore-obsolete
	@rm lms/translations/messages.pot

# Speed figures, printed (never asserted in tests) as one table, each beside a baseline measured in the same run
# (lms/bench/). LMS_BENCH_ONLY=levels,export runs only those sections.
bench: $(STAMP)
	@$(MAKE) --no-print-directory system-packages PACKAGES="$(RUN_PACKAGES)"
	$(BIN)/python -m lms.bench

clean:
	rm -rf $(VENV) .pytest_cache
