#!/usr/bin/env bash
# Run ansible-test on a fresh copy of the collection, build/ansible-test-<command>/ansible_collections/<ns>/<name>
# (one copy per ansible-test command, so that e.g. `make sanity` and `make integration` can run side by side).
# The ansible-test and Python are those of $VENV (default .venv); ANSIBLE_TEST_COPY_PREFIX (default ansible-test)
# names the copy's folder: hack/matrix.sh runs with VENV=.venv-matrix and build/ansible-test-matrix-<command>/.
#
#   hack/ansible-test.sh sanity --venv --python 3.11
#   hack/ansible-test.sh units --venv --python 3.11
#   hack/with-simulator.sh hack/ansible-test.sh integration --venv --python 3.11
#
# Before each run it installs the offline get-pip stand-in (hack/install-get-pip-standin.py) and rebuilds the copy
# (hack/build-copy.py). When LIVE_PLATFORM_BASE_URL is set (hack/with-simulator.sh sets it), it also writes the
# copy's tests/integration/integration_config.yml: ansible-test puts that file in the vars_files of the playbook it
# generates for every role-style integration target, so the targets see these variables:
#   live_platform_base_url, live_platform_auth_url, live_platform_tenant_id, live_platform_client_id,
#   live_platform_client_secret, live_platform_simulator_url (the simulator's root; empty against a real platform)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${VENV:-$ROOT/.venv}
PYTHON=$VENV/bin/python

"$PYTHON" "$ROOT/hack/install-get-pip-standin.py"
COPY=$("$PYTHON" -c 'import sys, yaml; g = yaml.safe_load(open(sys.argv[1])); print(g["namespace"] + "/" + g["name"])' \
    "$ROOT/galaxy.yml")
COPY=$ROOT/build/${ANSIBLE_TEST_COPY_PREFIX:-ansible-test}-${1:-none}/ansible_collections/$COPY
"$PYTHON" "$ROOT/hack/build-copy.py" "$COPY"

if [ -n "${LIVE_PLATFORM_BASE_URL:-}" ]; then
    "$PYTHON" - "$COPY/tests/integration/integration_config.yml" <<'PY'
import os, sys, yaml
names = ("base_url", "auth_url", "tenant_id", "client_id", "client_secret", "simulator_url")
config = {"live_platform_" + name: os.environ.get("LIVE_PLATFORM_" + name.upper(), "") for name in names}
with open(sys.argv[1], "w", encoding="utf-8") as handle:
    handle.write("---\n# Written by hack/ansible-test.sh for this run only.\n")
    yaml.safe_dump(config, handle, default_flow_style=False, sort_keys=True)
PY
fi

cd "$COPY"
export PATH=$VENV/bin:$PATH
exec "$VENV/bin/ansible-test" "$@"
