# Offentlig försörjning – one Makefile for every habit.
#   make run    set up (venv, pinned packages, a dataset: SCB's, else the embedded synthetic
#               one) and start the app on :8501
#   make test   the same set-up plus test tools, Debian's chromium, LibreOffice Impress and
#               poppler-utils (the export tests open decks and PDFs with them), Debian's nginx
#               (the reverse-proxy test), then the suite
#   make lint   ruff check + ruff format --check
#   make bench  benchmarks (never part of make test); results in BENCHMARKS.md
#               (one section again: make bench BENCH=pages; sections in bench/run.py)

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HE_DATA_DIR ?= var
export HE_DATA_DIR
DATASET := $(HE_DATA_DIR)/he.parquet
PORT ?= 8501
PYTEST_ARGS ?=
BENCH ?=
STREAMLIT_ARGS ?=
# Performance (#18): two malloc arenas instead of eight per core; the server's threads
# otherwise keep ~50 MiB of freed memory each in their own arena (measured).
MALLOC_ARENA_MAX ?= 2
# Performance (#18): no transparent huge pages for numpy's arrays. numpy asks the kernel
# for 2 MiB pages for every large array, and the heap then holds whole huge pages that
# glibc cannot give back: measured after every page once, 424 -> 357 MiB of RSS.
NUMPY_MADVISE_HUGEPAGE ?= 0
CHROMIUM ?= /usr/bin/chromium
SOFFICE ?= /usr/bin/soffice
PDFTOPPM ?= /usr/bin/pdftoppm
NGINX ?= /usr/sbin/nginx
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint format bench setup setup-dev dataset chromium office nginx clean

run: setup dataset
	MALLOC_ARENA_MAX=$(MALLOC_ARENA_MAX) NUMPY_MADVISE_HUGEPAGE=$(NUMPY_MADVISE_HUGEPAGE) \
		$(PY) -m streamlit run app.py --server.headless true --server.port $(PORT) \
		--browser.gatherUsageStats false $(STREAMLIT_ARGS)

# the tests never reach the internet: SCB is never contacted (tests that need an API start
# the fake PxWeb server and point HE_SCB_API at it)
test: export HE_OFFLINE = 1
test: setup-dev dataset chromium office nginx
	$(PY) -m pytest $(PYTEST_ARGS)

lint: setup-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: setup-dev
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

setup: $(VENV)/.runtime-installed

setup-dev: $(VENV)/.dev-installed

# SCB first ($$HE_SCB_API, a few seconds to connect), else the synthetic dataset and why;
# with HE_OFFLINE=1 straight to the synthetic one (see python -m loaders ensure --help)
dataset: setup
	@if [ ! -f "$(DATASET)" ]; then \
		$(PY) -m loaders ensure --data-dir "$(HE_DATA_DIR)"; \
	fi

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime-installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.runtime-installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
		echo "The browser tests need Debian's chromium: installing it with apt-get ..."; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null && \
		echo "Installed $$($(CHROMIUM) --version)"; \
	fi

office:
	@if [ ! -x "$(SOFFICE)" ] || [ ! -x "$(PDFTOPPM)" ]; then \
		echo "The export tests open decks and PDFs with LibreOffice Impress and poppler-utils: installing them with apt-get ..."; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
			libreoffice-impress poppler-utils >/dev/null && \
		echo "Installed $$($(SOFFICE) --version)"; \
	fi

nginx:
	@if [ ! -x "$(NGINX)" ]; then \
		echo "The reverse-proxy test runs the app behind Debian's nginx: installing it with apt-get ..."; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nginx-light >/dev/null && \
		echo "Installed $$($(NGINX) -v 2>&1)"; \
	fi

bench: export HE_OFFLINE = 1
bench: setup-dev dataset chromium
	$(PY) bench/run.py $(BENCH)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
