# The daily loop. `make demo` and `make test` work on a fresh machine with Python >= 3.11.
SHELL := /bin/bash
PORT ?= 8000
# Use the machine's uv when there is one; otherwise install it into .tools/ (no root needed).
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
PY := .venv/bin/python

.PHONY: install demo test screenshots lint format messages check-messages bench clean

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet uv

.venv/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen
	touch $@

install: .venv/.synced

demo: install
	$(PY) -m sakra.cli demo --port $(PORT)

# The suite in random order (the seed is printed; `make test SEED=N` repeats an order) on
# TEST_WORKERS processes, each with its own test database. Both cores make it about twice as fast.
TEST_WORKERS ?= 2
SEED ?=
# Bytecode is written even where the environment says not to: every worker, and every command
# a test starts, would otherwise compile Django and Sakra again (seconds each).
test: install
	PYTHONDONTWRITEBYTECODE= .venv/bin/pytest -n $(TEST_WORKERS) --dist worksteal $(if $(SEED),--randomly-seed=$(SEED))

# Re-take the screenshots in docs/screenshots/ from the browser journeys.
screenshots: install
	SAKRA_SCREENSHOTS=1 .venv/bin/pytest tests/browser

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format: install
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

# Swedish messages: edit the .po files, then compile them (needs gettext's msgfmt).
messages: install
	for po in $$(find sakra -name django.po); do msgfmt --check -o $${po%.po}.mo $$po; done

# Fails when the code has a string no catalogue holds, a catalogue has an untranslated or fuzzy
# entry, or a .mo is not what its .po compiles to. Leaves the tree as it was (.ci/run runs it).
check-messages: install
	$(PY) .ci/check_messages.py

# The honest bench (bench/honest.py, docs/performance.md): every page through gunicorn beside its
# raw SQL and the floor, then the in-process steps (export, import, the annual report's PDF).
# BENCH_DB names the database (default sakra_bench_<size>); the bench drops only one it created.
BENCH_INCIDENTS ?= 1000000
BENCH_DBS ?= postgres
bench: install
	$(PY) -m bench.honest --db $(BENCH_DBS) --incidents $(BENCH_INCIDENTS)
	$(PY) -m bench.run --db $(BENCH_DBS) --incidents $(BENCH_INCIDENTS) --only export import_ annual_report

clean:
	rm -rf .venv .tools var/static
