# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test system-packages lint typecheck contracts unit bench screenshots catalogues dist dist-check clean lock

# Every package, direct and indirect, pinned with its hashes (Linux x86-64, Python 3.11).
LOCK := requirements.lock
PIP_TOOLS := pip-tools==7.6.2
LOCK_VENV := build/lock-venv
LOCK_ARGS ?=

# A new or changed lock makes the venv again from nothing, so it holds exactly the lock.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv --clear $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	cp $(LOCK) $(VENV)/installed-from.lock
	touch $(STAMP)

## Install (first time only) and launch the app on its default store in your data folder.
run: $(STAMP)
	$(BIN)/intake-app

## Install (first time only), then lint, type check, import contract and the whole test suite.
test: $(STAMP) system-packages lint typecheck contracts unit

## Debian tools the tests use (poppler-utils for leaflets, postgresql for intake-force's
## PostgreSQL back end, and more: see the script); installed when missing, as root.
system-packages:
	bash scripts/system-packages.sh

lint: $(STAMP)
	$(BIN)/ruff check intake_app tests bench tools packaging
	$(BIN)/ruff format --check intake_app tests bench tools packaging

typecheck: $(STAMP)
	$(BIN)/mypy

contracts: $(STAMP)
	$(BIN)/lint-imports

# In parallel, two workers per core (pytest-xdist): many tests wait on a child process, a
# deliberate sleep before a kill, or a timer, and a second worker fills that time. A free worker
# takes over queued tests from a busy one, so one long test does not hold up the end. Coverage
# of intake_app is measured in the tests' own processes, failing under the floor set in
# pyproject.toml. For one test file, or a debugger (serial, no coverage):
# $(BIN)/python -m pytest tests/services/test_reports.py. After a run, $(BIN)/coverage report -m
# lists the lines no test ran.
TEST_WORKERS ?= $(shell $(PYTHON) -c 'import os; print(2 * (os.cpu_count() or 1))')

# The tests of intake-force on PostgreSQL use a throw-away server that scripts/test-postgres.sh
# starts for the run (INTAKE_TEST_POSTGRES) and stops, with its folder removed, however the run
# ends. Run without it, pytest starts one per worker itself (tests/postgres_server.py).
unit: $(STAMP)
	bash scripts/test-postgres.sh run -- env QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist worksteal --cov --cov-report=

## Figures for the speed targets (not part of `make test`).
bench: $(STAMP)
	$(BIN)/python -m bench.store_bench
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench.app_bench
	$(BIN)/python -m bench.leaflet_bench
	$(BIN)/python -m bench.export_bench
	bash scripts/test-postgres.sh run -- $(BIN)/python -m bench.force_import_bench
	$(BIN)/python -m bench.stats_bench

clean:
	rm -rf $(VENV) $(LOCK_VENV) .pytest_cache .mypy_cache .ruff_cache .coverage .coverage.*

## Compile requirements.lock again from pyproject.toml and requirements.in, with pinned
## pip-tools, against PyPI alone. Pins not changed in pyproject.toml are kept unless asked:
## make lock LOCK_ARGS=--upgrade (or --upgrade-package NAME).
lock:
	$(PYTHON) -m venv --clear $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet pip==26.3 $(PIP_TOOLS)
	$(LOCK_VENV)/bin/pip-compile --quiet --pip-args=--isolated --generate-hashes --allow-unsafe \
		--strip-extras --no-emit-index-url --no-emit-find-links --extra=dev --extra=dist \
		$(LOCK_ARGS) --output-file=$(LOCK) pyproject.toml requirements.in

## PNGs of each screen with demo data (normal and double text size, and a 1366x768 laptop at
## 150 %) in docs/screenshots/; in another language, make screenshots LANG=ur (or pl, ar, cy…)
## draws them in docs/screenshots/ur/.
SCREENSHOT_LANG = $(if $(filter command line,$(origin LANG)),$(LANG),en)
screenshots: $(STAMP)
	LANG=C.UTF-8 SCREENSHOT_LANG=$(SCREENSHOT_LANG) $(BIN)/python -m tools.screenshots
	LANG=C.UTF-8 SCREENSHOT_LANG=$(SCREENSHOT_LANG) SCREENSHOT_SCALE=2 $(BIN)/python -m tools.screenshots
	LANG=C.UTF-8 SCREENSHOT_LANG=$(SCREENSHOT_LANG) SCREENSHOT_LAPTOP=1 $(BIN)/python -m tools.screenshots

## Bring the translation catalogues (resources/locale) up to date with the code and compile them;
## docs/translating.md says how a translation is reviewed.
catalogues: $(STAMP)
	$(BIN)/python -m tools.catalogues

## The frozen Linux app (PyInstaller, installed from the lock with everything else):
## build/dist/intake/ and dist/intake-VERSION-linux-x86_64.tar.gz.
dist: $(STAMP)
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath build/dist --workpath build/work packaging/pyinstaller/intake.spec
	$(BIN)/python packaging/linux/assemble.py build/dist/intake

## Drive the frozen build: store, report, leaflet, export, and the app's first window.
dist-check:
	$(BIN)/python packaging/dist_check.py build/dist/intake
