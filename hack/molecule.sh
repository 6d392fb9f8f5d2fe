#!/usr/bin/env bash
# `make molecule`: `molecule test` of each scenario under extensions/molecule/ (or of the ones named), each against
# its own freshly started simulator (hack/with-simulator.sh), so that the scenarios never see each other's services.
#
#   hack/molecule.sh                 every scenario
#   hack/molecule.sh onboarding      one
#
# The scenarios use the default driver with managed: false (no containers): the customers are inventory hosts of the
# controller with connection local, and the modules read the simulator's LIVE_PLATFORM_* environment. The collection
# is found through a fresh copy under build/molecule/ansible_collections (hack/build-copy.py) on
# ANSIBLE_COLLECTIONS_PATH. Simulator options: SIMULATOR_ARGS (default "--deployment-time 0.2").
# Extra molecule options: MOLECULE_ARGS (e.g. "--debug"). molecule logs "CRITICAL 'extensions/molecule/default/molecule.yml'
# glob failed" at the start of each run: it probes for a `default` scenario (for shared state); harmless.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${VENV:-$ROOT/.venv}
export VENV
cd "$ROOT"

COLLECTION=$("$VENV/bin/python" -c 'import yaml; g = yaml.safe_load(open("galaxy.yml")); print(g["namespace"] + "/" + g["name"])')
"$VENV/bin/python" hack/build-copy.py "build/molecule/ansible_collections/$COLLECTION" >/dev/null
export ANSIBLE_COLLECTIONS_PATH=$ROOT/build/molecule
export ANSIBLE_FORCE_COLOR=${ANSIBLE_FORCE_COLOR:-0}
export PATH=$VENV/bin:$PATH
export SIMULATOR_ARGS=${SIMULATOR_ARGS:---deployment-time 0.2}

if [ $# -gt 0 ]; then
    SCENARIOS=("$@")
else
    SCENARIOS=()
    for file in extensions/molecule/*/molecule.yml; do
        SCENARIOS+=("$(basename "$(dirname "$file")")")
    done
fi

FAILED=()
for scenario in "${SCENARIOS[@]}"; do
    echo "=== molecule: scenario $scenario"
    started=$SECONDS
    # A fresh scratch folder per scenario in build/ (inventory, the reports the scenario writes), not in ~/.cache.
    export MOLECULE_EPHEMERAL_DIRECTORY=$ROOT/build/molecule-ephemeral/$scenario
    rm -rf "$MOLECULE_EPHEMERAL_DIRECTORY"
    # shellcheck disable=SC2086  # MOLECULE_ARGS is a list of options
    if hack/with-simulator.sh molecule ${MOLECULE_ARGS:-} test -s "$scenario"; then
        echo "=== molecule: scenario $scenario passed in $((SECONDS - started))s"
    else
        echo "=== molecule: scenario $scenario FAILED after $((SECONDS - started))s" >&2
        FAILED+=("$scenario")
    fi
done
if [ ${#FAILED[@]} -gt 0 ]; then
    echo "molecule: ${#FAILED[@]} of ${#SCENARIOS[@]} scenarios failed: ${FAILED[*]}" >&2
    exit 1
fi
echo "molecule: ${#SCENARIOS[@]} scenarios passed: ${SCENARIOS[*]}"
