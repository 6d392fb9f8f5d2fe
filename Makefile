# Build, test and demo tooling of the audiocodes.live_platform collection.
# On a fresh machine: `make demo` (see it work) and `make test` (everything CI runs). `make help` lists targets.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV ?= .venv
override VENV := $(abspath $(VENV))
PY_VERSION ?= 3.11
# --venv: ansible-test builds its own virtual environments (offline thanks to the get-pip stand-in), for sanity,
# whose tools it pins; --python: only this version (otherwise it tries every Python 3.8-3.14 and fails on pyenv shims).
ANSIBLE_TEST_ARGS ?= --venv --python $(PY_VERSION) --color no
# --local for units and integration: .venv already holds what they need (pytest, pytest-xdist, requests), and a fresh
# ansible-test venv per run cost most of their time (about 45 s of the units' 67 s).
LOCAL_TEST_ARGS ?= --local --python $(PY_VERSION) --color no
PYTEST_ARGS ?=
LINT_ARGS ?=
# e.g. make units UNITS=tests/unit/plugins/module_utils/test_service.py
UNITS ?=
# e.g. make integration INTEGRATION_TARGETS=simulator_api
INTEGRATION_TARGETS ?=
# e.g. make molecule MOLECULE_SCENARIOS=onboarding (default: every scenario)
MOLECULE_SCENARIOS ?=
# ansible-runner, ansible-builder and galaxy-importer live in their own venv (requirements-ecosystem.txt)
ECO_VENV ?= .venv-ecosystem
override ECO_VENV := $(abspath $(ECO_VENV))
export ECO_VENV
# the newest end of the support matrix (hack/matrix.sh): ansible-core 2.21 on Python 3.13 (else 3.12) from pyenv
MATRIX_VENV ?= .venv-matrix
override MATRIX_VENV := $(abspath $(MATRIX_VENV))
export MATRIX_VENV
# e.g. make matrix MATRIX_STEPS="sanity units" (default: sanity units integration demo)
MATRIX_STEPS ?=

export VENV
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PIP_ROOT_USER_ACTION := ignore
export ANSIBLE_FORCE_COLOR := 0

VENV_STAMPS := $(VENV)/.requirements-installed
ifneq ($(wildcard simulator/pyproject.toml),)
VENV_STAMPS += $(VENV)/.simulator-installed
endif

.PHONY: help venv test check sanity units simulator-test platform-test lint integration fleet-test gitops-test reliability-test soak molecule ecosystem-venv ecosystem-test galaxy-import ee-context docs docs-html docs-test matrix bench demo build clean distclean

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

test: venv ## everything CI runs (all the suites below), in three lanes side by side; stops at the first failure (hack/test-lanes.sh, logs in build/test-logs/)
	hack/test-lanes.sh

check: venv ## the quick loop: sanity of the changed files, units, the simulator's tests (hack/check.sh)
	ANSIBLE_TEST_ARGS="$(ANSIBLE_TEST_ARGS)" LOCAL_TEST_ARGS="$(LOCAL_TEST_ARGS)" PYTEST_ARGS="$(PYTEST_ARGS)" hack/check.sh

sanity: venv ## ansible-test sanity (no ignore files allowed)
	@if ls tests/sanity/ignore-*.txt >/dev/null 2>&1; then \
		echo "tests/sanity/ignore-*.txt must not exist: fix the code instead" >&2; exit 1; fi
	hack/ansible-test.sh sanity $(ANSIBLE_TEST_ARGS)

units: venv ## ansible-test units (one file: make units UNITS=tests/unit/plugins/module_utils/test_service.py)
	hack/ansible-test.sh units $(LOCAL_TEST_ARGS) $(UNITS)

simulator-test: venv ## the simulator's own tests (pytest simulator/tests)
	@test -d simulator/tests || { echo "simulator/tests does not exist" >&2; exit 1; }
	$(VENV)/bin/python -m pytest simulator/tests $(PYTEST_ARGS)

platform-test: venv ## both modules' lifecycle and the probe against every platform variant of the simulator (pytest tests/platform)
	$(VENV)/bin/python -m pytest tests/platform $(PYTEST_ARGS)

lint: venv ## ansible-lint, production profile (.ansible-lint); installs the collection into .ansible/ to resolve its modules
	PATH="$(VENV)/bin:$$PATH" ansible-lint --project-dir . $(LINT_ARGS)

integration: venv ## ansible-test integration against a simulator started (and stopped) for the run
	hack/with-simulator.sh hack/ansible-test.sh integration $(LOCAL_TEST_ARGS) $(INTEGRATION_TARGETS)

fleet-test: venv ## the fleet playbooks' failure paths (pytest tests/fleet, simulators started by the tests), and the benchmark's own logic (bench/test_run_bench.py)
	$(VENV)/bin/python -m pytest tests/fleet bench/test_run_bench.py $(PYTEST_ARGS)

gitops-test: venv ## prune and the example GitOps pipelines against simulators (pytest tests/gitops)
	$(VENV)/bin/python -m pytest tests/gitops $(PYTEST_ARGS)

reliability-test: venv ## reliability tests at make-test size (chaos, concurrency, bad inputs, secrets, TLS, guards)
	$(VENV)/bin/python -m pytest tests/reliability $(PYTEST_ARGS)

soak: venv ## reliability tests at soak size (100 customers, 30 s tokens, 1,000 for the fleet-wide stop); not part of make test
	RELIABILITY_CUSTOMERS=$${RELIABILITY_CUSTOMERS:-100} RELIABILITY_TOKEN_LIFETIME=$${RELIABILITY_TOKEN_LIFETIME:-30} \
	RELIABILITY_CONCURRENT_CUSTOMERS=$${RELIABILITY_CONCURRENT_CUSTOMERS:-50} \
	RELIABILITY_FLEET_WIDE_SIZE=$${RELIABILITY_FLEET_WIDE_SIZE:-1000} \
	RELIABILITY_FIGURES_FILE=$(abspath build/reliability/soak-figures.json) \
	$(VENV)/bin/python -m pytest tests/reliability $(PYTEST_ARGS)

molecule: venv ## molecule test of each scenario in extensions/molecule/, each against its own simulator
	hack/molecule.sh $(MOLECULE_SCENARIOS)

ecosystem-venv: ## create/update .venv-ecosystem (requirements-ecosystem.txt: ansible-runner, ansible-builder, galaxy-importer)
	hack/ecosystem-venv.sh

ecosystem-test: ecosystem-venv ## AWX credential type, inventory import (as AWX does), job templates, AAP as code, EE variants
	$(ECO_VENV)/bin/python -m pytest tests/ecosystem $(PYTEST_ARGS)

galaxy-import: ecosystem-venv ## galaxy-importer on the built tarball (no ansible-test container); fails on errors and warnings
	hack/galaxy-importer.sh

EE_VARIANTS ?= all
ee-context: ecosystem-venv ## EE build contexts (ansible-builder create): build/ee/context (community), build/ee/context-rhel9
	hack/ee-context.sh $(EE_VARIANTS)

docs: ## regenerate docs/reference/, CHANGELOG.rst and the user guide's option table (antsibull-docs, antsibull-changelog; .venv-docs)
	hack/docs.sh

docs-html: ## also build an HTML site into build/docs/html (Sphinx; not committed)
	hack/docs.sh --html

docs-test: venv ## docs: generated parts up to date + docs lint (hack/docs.sh --check), links and anchors, LIVE_PLATFORM_* names
	$(VENV)/bin/python -m pytest tests/docs $(PYTEST_ARGS)

matrix: ## ansible-core 2.21 on Python 3.13 in .venv-matrix (requirements-matrix.txt): sanity, units, integration, demo
	hack/matrix.sh $(MATRIX_STEPS)

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

distclean: clean ## clean, and remove the virtual environments (.venv, .venv-ecosystem, .venv-docs, .venv-matrix)
	rm -rf $(VENV) $(ECO_VENV) .venv-docs $(MATRIX_VENV)
