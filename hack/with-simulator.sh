#!/usr/bin/env bash
# Run a command against a freshly started Live Platform simulator, then stop the simulator (even on failure).
#
#   hack/with-simulator.sh COMMAND [ARGS...]
#
# The simulator (python -m live_platform_simulator, from the project's venv) listens on a free port of 127.0.0.1.
# The command sees its URL and the default seed's API client in the environment, in the names the collection's
# modules read (LIVE_PLATFORM_BASE_URL, LIVE_PLATFORM_AUTH_URL, LIVE_PLATFORM_TENANT_ID, LIVE_PLATFORM_CLIENT_ID,
# LIVE_PLATFORM_CLIENT_SECRET) plus LIVE_PLATFORM_SIMULATOR_URL (the root, for the /_simulator admin API).
# Extra simulator options: SIMULATOR_ARGS="--mode sync --deployment-time 0.5". Its log: $SIMULATOR_LOG
# (default build/logs/simulator-<time>-<pid>.log, one per run). The exit status is the command's.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${VENV:-$ROOT/.venv}
PYTHON=$VENV/bin/python
SIMULATOR_LOG=${SIMULATOR_LOG:-$ROOT/build/logs/simulator-$(date +%Y%m%d-%H%M%S)-$$.log}
START_TIMEOUT=${SIMULATOR_START_TIMEOUT:-30}

# The default seed's API client (live_platform_simulator/seeds/default.yaml, see the simulator's README).
: "${LIVE_PLATFORM_TENANT_ID:=11111111-2222-4333-8444-555555555555}"
: "${LIVE_PLATFORM_CLIENT_ID:=9f3c2b1a-7d6e-4f5a-8b9c-0d1e2f3a4b5c}"
: "${LIVE_PLATFORM_CLIENT_SECRET:=simulator-secret}"

if [ $# -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi
if ! "$PYTHON" -c 'import live_platform_simulator' 2>/dev/null; then
    echo "with-simulator: live_platform_simulator is not installed in $VENV (run: make venv)" >&2
    exit 1
fi

mkdir -p "$(dirname "$SIMULATOR_LOG")"
STATE_DIR=$(mktemp -d "${TMPDIR:-/tmp}/live-platform-sim.XXXXXX")
URL_FILE=$STATE_DIR/url
SIM_PID=

# shellcheck disable=SC2329  # invoked by the EXIT trap
stop_simulator() {
    if [ -n "$SIM_PID" ] && kill -0 "$SIM_PID" 2>/dev/null; then
        kill -TERM "$SIM_PID" 2>/dev/null || true
        for _ in $(seq 50); do
            kill -0 "$SIM_PID" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$SIM_PID" 2>/dev/null; then
            echo "with-simulator: simulator $SIM_PID ignored SIGTERM, killing it" >&2
            kill -KILL "$SIM_PID" 2>/dev/null || true
        fi
        wait "$SIM_PID" 2>/dev/null || true
    fi
    SIM_PID=
    rm -rf "$STATE_DIR"
}
trap stop_simulator EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# shellcheck disable=SC2086  # SIMULATOR_ARGS is a list of options
"$PYTHON" -m live_platform_simulator --host 127.0.0.1 --port 0 --url-file "$URL_FILE" ${SIMULATOR_ARGS:-} \
    >"$SIMULATOR_LOG" 2>&1 </dev/null &
SIM_PID=$!

URL=
deadline=$((SECONDS + START_TIMEOUT))
while [ $SECONDS -lt $deadline ]; do
    if [ -s "$URL_FILE" ]; then
        URL=$(tr -d '[:space:]' <"$URL_FILE")
        case $URL in http://*:[0-9]*) break ;; *) URL= ;; esac
    fi
    if ! kill -0 "$SIM_PID" 2>/dev/null; then
        echo "with-simulator: the simulator exited during start-up; its log ($SIMULATOR_LOG):" >&2
        cat "$SIMULATOR_LOG" >&2
        exit 1
    fi
    sleep 0.1
done
if [ -z "$URL" ]; then
    echo "with-simulator: no URL in $URL_FILE after ${START_TIMEOUT}s; simulator log:" >&2
    cat "$SIMULATOR_LOG" >&2
    exit 1
fi
if ! "$PYTHON" - "$URL/_simulator/health" <<'PY'
import json, sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=10) as answer:
    sys.exit(0 if json.load(answer).get("status") == "ok" else 1)
PY
then
    echo "with-simulator: $URL/_simulator/health did not answer ok" >&2
    exit 1
fi
echo "with-simulator: simulator $SIM_PID at $URL (log: $SIMULATOR_LOG)"

export LIVE_PLATFORM_SIMULATOR_URL=$URL
export LIVE_PLATFORM_BASE_URL=$URL/tenantui
export LIVE_PLATFORM_AUTH_URL=$URL
export LIVE_PLATFORM_TENANT_ID LIVE_PLATFORM_CLIENT_ID LIVE_PLATFORM_CLIENT_SECRET

rc=0
"$@" || rc=$?
exit "$rc"
