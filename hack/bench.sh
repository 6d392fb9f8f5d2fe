#!/usr/bin/env bash
# `make bench`: the fleet-scale benchmark (docs/benchmark.md). Not part of `make test`.
#
#   hack/bench.sh [bench/run_bench.py options]
#
# Installs requirements-bench.txt (matplotlib, for the plot) into the project venv, copies the collection into
# build/bench/collections/ansible_collections (hack/build-copy.py) for ANSIBLE_COLLECTIONS_PATH, and runs
# bench/run_bench.py, which starts its own simulator on 127.0.0.1 and writes build/bench/results.{json,md} and
# build/bench/bench.png. Settings, from the environment (or the matching options):
#   BENCH_SIZES=200             comma-separated fleet sizes, e.g. 50,200,1000
#   BENCH_CLIENTS=threaded,batch,per_customer,uri
#   BENCH_DEPLOYMENT_TIME=2     simulator --deployment-time (seconds)
#   BENCH_MAX_CONCURRENT=20     simulator --max-concurrent-deployments = clients' concurrency = forks
#   BENCH_MODE=sync             simulator --mode (sync: the create answers when deployed; async: clients poll)
#   BENCH_POLL_INTERVAL=1       seconds between two reads of a deployment's state, for every client
#   BENCH_PER_HOST_MAX_N=1000   per_customer and uri (one host-task per customer) skipped above this N
#   BENCH_RUN_TIMEOUT=0         seconds per run (0: 120 + 3 x bound + an allowance per customer)
#   BENCH_OUT=build/bench       BENCH_MERGE=1 keeps earlier runs of OUT/results.json made with the same settings
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${VENV:-$ROOT/.venv}
cd "$ROOT"

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import live_platform_simulator, ansible' 2>/dev/null; then
    echo "bench: $VENV lacks the simulator or ansible-core (run: make venv)" >&2
    exit 1
fi
STAMP=$VENV/.bench-requirements-installed
if [ ! -f "$STAMP" ] || [ requirements-bench.txt -nt "$STAMP" ]; then
    "$VENV/bin/python" -m pip install --quiet -r requirements-bench.txt
    touch "$STAMP"
fi

COLLECTION=$("$VENV/bin/python" -c 'import yaml; g = yaml.safe_load(open("galaxy.yml")); print(g["namespace"] + "/" + g["name"])')
"$VENV/bin/python" hack/build-copy.py "build/bench/collections/ansible_collections/$COLLECTION" >/dev/null

export ANSIBLE_COLLECTIONS_PATH=$ROOT/build/bench/collections
export PATH=$VENV/bin:$PATH
exec "$VENV/bin/python" bench/run_bench.py "$@"
