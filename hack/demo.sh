#!/usr/bin/env bash
# `make demo`: start the simulator, run the main job against it, stop the simulator.
#
# The main job is playbooks/onboard.yml when it exists, else playbooks/list_services.yml (gets a token and lists the
# services with ansible.builtin.uri). The playbook runs on localhost with the venv's Python; the collection is made
# available through a fresh copy under build/demo/ansible_collections (hack/build-copy.py) on ANSIBLE_COLLECTIONS_PATH,
# and the connection options come from the LIVE_PLATFORM_* environment that hack/with-simulator.sh exports.
# Simulator options: SIMULATOR_ARGS (e.g. "--mode async --deployment-time 5"). Extra ansible-playbook options: "$@".
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${VENV:-$ROOT/.venv}
export VENV
cd "$ROOT"

if [ -f playbooks/onboard.yml ]; then
    PLAYBOOK=playbooks/onboard.yml
else
    PLAYBOOK=playbooks/list_services.yml
fi

COLLECTION=$("$VENV/bin/python" -c 'import yaml; g = yaml.safe_load(open("galaxy.yml")); print(g["namespace"] + "/" + g["name"])')
"$VENV/bin/python" hack/build-copy.py "build/demo/ansible_collections/$COLLECTION"
export ANSIBLE_COLLECTIONS_PATH=$ROOT/build/demo
export ANSIBLE_FORCE_COLOR=${ANSIBLE_FORCE_COLOR:-0}
export PATH=$VENV/bin:$PATH

echo "demo: running $PLAYBOOK against the simulator"
exec hack/with-simulator.sh ansible-playbook "$PLAYBOOK" \
    -i localhost, -c local -e 'ansible_python_interpreter={{ ansible_playbook_python }}' "$@"
