# partnermap: `make run` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint pytest install clean browser neo4j graphiql

CHROMIUM := /usr/bin/chromium

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The main job: the bundled dataset into ./partnermap.db, its summary, the map gallery in
# visuals/, then the API with GraphiQL and the maps on http://127.0.0.1:8000 (Ctrl-C stops).
run: $(STAMP)
	$(BIN)/partnermap load
	$(BIN)/partnermap summary --as-of 2025-06-01
	$(BIN)/python scripts/build_visuals.py --store sqlite:///partnermap.db -o visuals
	$(BIN)/partnermap serve

lint: $(STAMP)
	$(BIN)/ruff check partnermap tests scripts
	$(BIN)/ruff format --check partnermap tests scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

# GraphiQL, React and the explorer plugin from npm (versions pinned in package-lock.json),
# bundled into partnermap/api/static/graphiql/ (committed: installing partnermap needs no npm).
graphiql:
	cd frontend/graphiql && npm ci --no-audit --no-fund && node build.mjs

# A Neo4j for users: Neo4j Community 5.26 embedded with Bolt (scripts/neo4j-dev-server).
NEO4J_PORT ?= 7687
NEO4J_DATA ?= .neo4j-data
NEO4J_PASSWORD ?=

neo4j:
	scripts/neo4j-dev-server/run.sh --port $(NEO4J_PORT) --data $(NEO4J_DATA) \
		$(if $(NEO4J_PASSWORD),--password $(NEO4J_PASSWORD),)

# Headless Chromium for the map tests comes from Debian's package; nothing is downloaded at test time.
browser: $(CHROMIUM)

$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null

pytest: $(STAMP) $(CHROMIUM)
	$(BIN)/pytest -q

test: lint pytest

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache partnermap.db partnermap.db-wal partnermap.db-shm
