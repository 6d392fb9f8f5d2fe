#!/usr/bin/env bash
# Run a command against a freshly started Live Platform simulator, then stop the simulator (even on failure):
# the simulator's own run mode (python -m live_platform_simulator [OPTIONS] -- COMMAND), from the project's venv.
#
#   hack/with-simulator.sh COMMAND [ARGS...]
#
# The command sees the connection in the names the collection's modules read (LIVE_PLATFORM_BASE_URL,
# LIVE_PLATFORM_AUTH_URL, LIVE_PLATFORM_TENANT_ID, LIVE_PLATFORM_CLIENT_ID, LIVE_PLATFORM_CLIENT_SECRET) plus
# LIVE_PLATFORM_SIMULATOR_URL (the root, for the /_simulator admin API). Simulator options:
# SIMULATOR_ARGS="--mode async --deployment-time 0.5". Its logs: $SIMULATOR_LOG_DIR (default build/logs). The exit
# status is the command's.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${VENV:-$ROOT/.venv}
if [ $# -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi
if ! "$VENV/bin/python" -c 'import live_platform_simulator' 2>/dev/null; then
    echo "with-simulator: live_platform_simulator is not installed in $VENV (run: make venv)" >&2
    exit 1
fi
export SIMULATOR_LOG_DIR=${SIMULATOR_LOG_DIR:-$ROOT/build/logs}
# shellcheck disable=SC2086  # SIMULATOR_ARGS is a list of options
exec "$VENV/bin/python" -m live_platform_simulator ${SIMULATOR_ARGS:-} -- "$@"
