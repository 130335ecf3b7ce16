# Two commands do all the set-up on a fresh machine with Python 3.11:
#   make site   create .venv, install the pinned packages, build site/
#   make test   install what the tests need too (Chromium from Debian for the
#               browser tests), and run them
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SITE_STAMP := $(VENV)/.site-packages-installed
TEST_STAMP := $(VENV)/.test-packages-installed

.PHONY: site test serve validate clean

site: $(SITE_STAMP)
	$(BIN)/python -m generator build

test: $(TEST_STAMP)
	bash tests/browser/install-chromium.sh
	$(BIN)/python -m pytest

serve: $(SITE_STAMP)
	$(BIN)/python -m generator serve

validate: $(SITE_STAMP)
	$(BIN)/python -m generator validate

# Write a new entry from arXiv: make new ARXIV=2407.05996 (topics are left to you)
.PHONY: new
new: $(SITE_STAMP)
	$(BIN)/python -m generator new $(ARXIV)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(SITE_STAMP): requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(TEST_STAMP): requirements-test.txt $(SITE_STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

clean:
	rm -rf site site.old .pytest_cache .hypothesis
