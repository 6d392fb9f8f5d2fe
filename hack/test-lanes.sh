#!/usr/bin/env bash
# `make test`: every suite CI runs, in three lanes side by side (the machines have 2 cores, and much of a suite's time
# is spent waiting on a simulator's deployments or on ansible-playbook start-up, which a third lane fills). Each suite's output goes to
# build/test-logs/<suite>.log; a passing suite prints one line (with its runner's closing line), a failing one its
# whole log. Each lane stops at its first failure, and a failure in one lane stops the other before its next suite.
#
#   hack/test-lanes.sh            (make test)
#   TEST_LANES="units lint" hack/test-lanes.sh     (any suites, one lane)
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# Balanced by their time on a cold machine (build/test-logs/times.txt of the last run shows them).
# ecosystem-test and galaxy-import share .venv-ecosystem: one lane, so that it is never created twice at once.
LANE_1=(sanity units simulator-test platform-test lint fleet-test matrix)
LANE_2=(integration gitops-test ecosystem-test galaxy-import)
LANE_3=(reliability-test docs-test molecule)
LOGS=$ROOT/build/test-logs
FAILED=$LOGS/.failed
mkdir -p "$LOGS"
rm -f "$FAILED" "$LOGS"/*.log "$LOGS/times.txt"

run_lane() {
    local lane=$1 suite start rc
    shift
    for suite in "$@"; do
        if [ -e "$FAILED" ]; then
            echo "make test: lane $lane stopped before $suite (a suite failed)"
            return 1
        fi
        start=$SECONDS
        rc=0
        make --no-print-directory "$suite" >"$LOGS/$suite.log" 2>&1 </dev/null || rc=$?
        echo "$suite $((SECONDS - start))" >>"$LOGS/times.txt"
        if [ "$rc" -ne 0 ]; then
            touch "$FAILED"
            echo "make test: $suite FAILED (exit $rc) after $((SECONDS - start)) s; its output (build/test-logs/$suite.log):"
            cat "$LOGS/$suite.log"
            return 1
        fi
        # The runner's closing line (pytest, ansible-test's pytest, ansible-lint), for the record.
        echo "make test: $suite passed in $((SECONDS - start)) s: $(grep -E '[0-9]+ passed|Passed:|passed$|up to date|0 errors' \
            "$LOGS/$suite.log" | tail -n 1 | sed 's/\x1b\[[0-9;]*m//g' | cut -c1-160)"
    done
}

if [ -n "${TEST_LANES:-}" ]; then
    read -r -a suites <<<"$TEST_LANES"
    run_lane 1 "${suites[@]}"
    exit $?
fi
started=$SECONDS
# One copy of the collection for every pytest suite (tests/conftest.py); ansible-test, the demo and molecule make
# their own, in the layout each needs.
export LIVE_PLATFORM_TEST_COLLECTIONS=$ROOT/build/test-collections
rm -rf "$LIVE_PLATFORM_TEST_COLLECTIONS"
"${VENV:-$ROOT/.venv}/bin/python" hack/build-copy.py "$LIVE_PLATFORM_TEST_COLLECTIONS/ansible_collections/$(
    "${VENV:-$ROOT/.venv}/bin/python" -c 'import yaml; g = yaml.safe_load(open("galaxy.yml")); print(g["namespace"] + "/" + g["name"])')" \
    >/dev/null || exit 1
run_lane 1 "${LANE_1[@]}" &
lane1=$!
run_lane 2 "${LANE_2[@]}" &
lane2=$!
run_lane 3 "${LANE_3[@]}" &
lane3=$!
failed=0
for lane in "$lane1" "$lane2" "$lane3"; do
    wait "$lane" || failed=1
done
if [ "$failed" -ne 0 ]; then
    echo "make test: FAILED after $((SECONDS - started)) s"
    exit 1
fi
echo "make test: all passed in $((SECONDS - started)) s"
