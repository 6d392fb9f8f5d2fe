# Build, test and demo tooling of the audiocodes.live_platform collection.
# On a fresh machine: `make demo` (see it work) and `make test` (everything CI runs). `make help` lists targets.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV ?= .venv
override VENV := $(abspath $(VENV))
PY_VERSION ?= 3.11
# --venv: ansible-test builds its own virtual environments (offline thanks to the get-pip stand-in);
# --python: only this version (otherwise it tries every Python 3.8-3.14 and fails on pyenv shims).
ANSIBLE_TEST_ARGS ?= --venv --python $(PY_VERSION) --color no
PYTEST_ARGS ?=
LINT_ARGS ?=
# e.g. make integration INTEGRATION_TARGETS=simulator_api
INTEGRATION_TARGETS ?=
# e.g. make molecule MOLECULE_SCENARIOS=onboarding (default: every scenario)
MOLECULE_SCENARIOS ?=
# ansible-runner, ansible-builder and galaxy-importer live in their own venv (requirements-ecosystem.txt)
ECO_VENV ?= .venv-ecosystem
override ECO_VENV := $(abspath $(ECO_VENV))
export ECO_VENV

export VENV
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PIP_ROOT_USER_ACTION := ignore
export ANSIBLE_FORCE_COLOR := 0

VENV_STAMPS := $(VENV)/.requirements-installed
ifneq ($(wildcard simulator/pyproject.toml),)
VENV_STAMPS += $(VENV)/.simulator-installed
endif

.PHONY: help venv test sanity units simulator-test lint integration fleet-test reliability-test soak molecule ecosystem-venv ecosystem-test galaxy-import ee-context bench demo build clean distclean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

venv: $(VENV_STAMPS) ## create/update .venv (requirements-dev.txt + the simulator, editable)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.requirements-installed: requirements-dev.txt requirements.txt | $(VENV)/bin/python
	$(VENV)/bin/python -m pip install --quiet -r requirements-dev.txt
	touch $@

$(VENV)/.simulator-installed: simulator/pyproject.toml $(VENV)/.requirements-installed
	$(VENV)/bin/python -m pip install --quiet -e simulator
	touch $@

test: ## sanity, units, simulator-test, lint, integration, fleet-test, reliability-test, molecule, ecosystem-test, galaxy-import; stops at the first failure
	$(MAKE) --no-print-directory sanity
	$(MAKE) --no-print-directory units
	$(MAKE) --no-print-directory simulator-test
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory integration
	$(MAKE) --no-print-directory fleet-test
	$(MAKE) --no-print-directory reliability-test
	$(MAKE) --no-print-directory molecule
	$(MAKE) --no-print-directory ecosystem-test
	$(MAKE) --no-print-directory galaxy-import
	@echo "make test: all passed"

sanity: venv ## ansible-test sanity (no ignore files allowed)
	@if ls tests/sanity/ignore-*.txt >/dev/null 2>&1; then \
		echo "tests/sanity/ignore-*.txt must not exist: fix the code instead" >&2; exit 1; fi
	hack/ansible-test.sh sanity $(ANSIBLE_TEST_ARGS)

units: venv ## ansible-test units
	hack/ansible-test.sh units $(ANSIBLE_TEST_ARGS)

simulator-test: venv ## the simulator's own tests (pytest simulator/tests)
	@test -d simulator/tests || { echo "simulator/tests does not exist" >&2; exit 1; }
	$(VENV)/bin/python -m pytest simulator/tests $(PYTEST_ARGS)

lint: venv ## ansible-lint, production profile (.ansible-lint); installs the collection into .ansible/ to resolve its modules
	PATH="$(VENV)/bin:$$PATH" ansible-lint --project-dir . $(LINT_ARGS)

integration: venv ## ansible-test integration against a simulator started (and stopped) for the run
	hack/with-simulator.sh hack/ansible-test.sh integration $(ANSIBLE_TEST_ARGS) $(INTEGRATION_TARGETS)

fleet-test: venv ## the fleet playbooks' failure paths (pytest tests/fleet, simulators started by the tests)
	$(VENV)/bin/python -m pytest tests/fleet $(PYTEST_ARGS)

reliability-test: venv ## reliability tests at make-test size (chaos, concurrency, bad inputs, secrets, TLS, guards)
	$(VENV)/bin/python -m pytest tests/reliability $(PYTEST_ARGS)

soak: venv ## reliability tests at soak size (100 customers, 30 s tokens); not part of make test
	RELIABILITY_CUSTOMERS=$${RELIABILITY_CUSTOMERS:-100} RELIABILITY_TOKEN_LIFETIME=$${RELIABILITY_TOKEN_LIFETIME:-30} \
	RELIABILITY_CONCURRENT_CUSTOMERS=$${RELIABILITY_CONCURRENT_CUSTOMERS:-50} \
	RELIABILITY_FIGURES_FILE=$(abspath build/reliability/soak-figures.json) \
	$(VENV)/bin/python -m pytest tests/reliability $(PYTEST_ARGS)

molecule: venv ## molecule test of each scenario in extensions/molecule/, each against its own simulator
	hack/molecule.sh $(MOLECULE_SCENARIOS)

ecosystem-venv: ## create/update .venv-ecosystem (requirements-ecosystem.txt: ansible-runner, ansible-builder, galaxy-importer)
	hack/ecosystem-venv.sh

ecosystem-test: ecosystem-venv ## AWX credential type and job templates (ansible-runner vs simulator), EE build context + introspect
	$(ECO_VENV)/bin/python -m pytest tests/ecosystem $(PYTEST_ARGS)

galaxy-import: ecosystem-venv ## galaxy-importer on the built tarball (no ansible-test container); fails on errors and warnings
	hack/galaxy-importer.sh

ee-context: ecosystem-venv ## execution environment build context in build/ee/context (ansible-builder create)
	hack/ee-context.sh

bench: venv ## fleet-scale benchmark (docs/benchmark.md): BENCH_SIZES=50,200,1000 BENCH_CLIENTS=...; not part of test
	hack/bench.sh

demo: venv ## plan, onboard, onboard again (must be unchanged) the demo fleet against a simulator; print the report
	hack/demo.sh

build: venv ## build the collection artifact into build/ (ansible-galaxy collection build)
	$(VENV)/bin/ansible-galaxy collection build --force --output-path build .

clean: ## remove build and test output (keeps .venv)
	rm -rf build tests/output tests/integration/inventory tests/integration/integration_config.yml .ansible
	find . -path ./.git -prune -o -path './.venv*' -prune -o -path './simulator/.venv*' -prune -o \
		-type d \( -name __pycache__ -o -name .pytest_cache \) -print0 | xargs -0 rm -rf

distclean: clean ## clean, and remove .venv and .venv-ecosystem
	rm -rf $(VENV) $(ECO_VENV)
