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
#   BENCH_CLIENTS=threaded,batch,per_customer,uri,day_two
#   BENCH_DEPLOYMENT_TIME=2     simulator --deployment-time (seconds)
#   BENCH_MAX_CONCURRENT=20     simulator --max-concurrent-deployments = clients' concurrency = forks
#   BENCH_MODE=sync             simulator --mode (sync: the create answers when deployed; async: clients poll)
#   BENCH_POLL_INTERVAL=1       seconds between two reads of a deployment's state, for every client
#   BENCH_PER_HOST_MAX_N=1000   per_customer and uri (one host-task per customer) skipped above this N
#   BENCH_RUN_TIMEOUT=0         seconds per run (0: 120 + 3 x bound + an allowance per customer)
#   BENCH_OUT=build/bench       BENCH_MERGE=1 keeps earlier runs of OUT/results.json made with the same settings
#   BENCH_PUBLISH=1             also copy results.json, results.md and bench.png to docs/benchmarks/
#                               <YYYY-MM-DD>-<mode>-n<sizes>-<clients>.{json,md,png} (e.g. 2026-12-02-sync-n1000_5000-
#                               threaded_batch.json) and print their paths; nothing else is written there
# Each run reports peak_rss_mb: the largest summed RSS (MiB) of the client and all its processes, sampled every 0.25 s.
# Without running a benchmark (no simulator, no collection copy): .venv/bin/python bench/run_bench.py
#   --render-targets docs/benchmarks/A.json B.json ...   print the targets table merged from published results
#   --render-only FILE.json                              write FILE's Markdown report and plot again, next to it
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
