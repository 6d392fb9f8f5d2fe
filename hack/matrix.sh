#!/usr/bin/env bash
# `make matrix`: the newest end of the support matrix. `make sanity`, `make units` and `make integration` prove the
# oldest end (.venv: ansible-core 2.16 on Python 3.11, requirements-dev.txt); this script proves the newest one
# (ansible-core 2.21 on the newest Python found under pyenv, requirements-matrix.txt) in a second virtual environment,
# .venv-matrix/ (or $MATRIX_VENV), and runs against the collection, in that environment:
#
#   sanity        hack/ansible-test.sh sanity --venv --python X.Y   (no ignore files allowed)
#   units         hack/ansible-test.sh units --local --python X.Y
#   integration   hack/with-simulator.sh hack/ansible-test.sh integration --local --python X.Y $MATRIX_INTEGRATION_TARGETS
#   demo          hack/demo.sh (plan, onboard, onboard again of the demo fleet against a simulator; about a minute)
#
#   hack/matrix.sh                    all four steps; exits non-zero when any failed (after running the others)
#   hack/matrix.sh sanity units       only these
#
# Python: $MATRIX_PYTHON if set, else Python 3.13, else 3.12: `pyenv root`/versions/3.1x.*/bin/python3.1x (the newest
# patch release), then python3.1x on the PATH (a pyenv shim of a version that is not active is skipped: it fails).
# The install runs only when requirements-matrix.txt, requirements.txt, simulator/pyproject.toml or the Python changed
# (checksum in $MATRIX_VENV/.matrix-installed). The ansible-test copies go to build/ansible-test-matrix-<command>/,
# apart from those of `make sanity`/`make units`/`make integration`, so both can run side by side.
#
# The integration targets on the newest end: $MATRIX_INTEGRATION_TARGETS, by default the service module (in process,
# its secrets, its action plugin) and the inventory plugin, whose interfaces with ansible-core change the most across
# releases. simulator_api tests the simulator (no ansible-core in between); sip_connection and dial_plan are plain
# modules built like the _info ones. They run at the oldest end (make integration), and the demo runs the service and
# fleet modules, with their further SIP connections and dial plans, on this end through the roles.
set -euo pipefail

MATRIX_INTEGRATION_TARGETS=${MATRIX_INTEGRATION_TARGETS:-${INTEGRATION_TARGETS:-hosted_essentials_service inventory_services}}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MATRIX_VENV=${MATRIX_VENV:-$ROOT/.venv-matrix}
case $MATRIX_VENV in /*) ;; *) MATRIX_VENV=$ROOT/$MATRIX_VENV ;; esac
STAMP=$MATRIX_VENV/.matrix-installed
cd "$ROOT"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore

# works PYTHON: PYTHON runs (a pyenv shim of an inactive version exits 127)
works() {
    [ -n "$1" ] && "$1" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1
}

find_python() {
    local pyenv_root="" version candidate
    if [ -n "${MATRIX_PYTHON:-}" ]; then
        if works "$MATRIX_PYTHON"; then echo "$MATRIX_PYTHON"; return 0; fi
        echo "matrix: MATRIX_PYTHON=$MATRIX_PYTHON does not run, or is older than Python 3.12" >&2
        return 1
    fi
    if command -v pyenv >/dev/null 2>&1; then
        pyenv_root=$(pyenv root 2>/dev/null || true)
    fi
    pyenv_root=${pyenv_root:-${PYENV_ROOT:-$HOME/.pyenv}}
    for version in 3.13 3.12; do
        # the newest patch release first (3.13.10 after 3.13.9: version sort)
        while read -r candidate; do
            if works "$candidate"; then echo "$candidate"; return 0; fi
        done < <(compgen -G "$pyenv_root/versions/$version.*/bin/python$version" | sort -rV)
        candidate=$(command -v "python$version" || true)
        if works "$candidate"; then echo "$candidate"; return 0; fi
    done
    echo "matrix: no Python 3.13 or 3.12 found (looked in $pyenv_root/versions/3.1[32].*/bin and on the PATH)." >&2
    echo "matrix: install one (e.g. pyenv install 3.13) or set MATRIX_PYTHON=/path/to/python3.13" >&2
    return 1
}

if [ $# -gt 0 ]; then STEPS=("$@"); else STEPS=(sanity units integration demo); fi
for step in "${STEPS[@]}"; do
    case $step in
    sanity | units | integration | demo) ;;
    *)
        echo "matrix: unknown step '$step' (sanity, units, integration, demo)" >&2
        exit 2
        ;;
    esac
done

PYTHON=$(find_python)
PY_VERSION=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')

# --- the virtual environment -------------------------------------------------------------------------------------
sum=$( { "$PYTHON" -VV; cat requirements-matrix.txt requirements.txt simulator/pyproject.toml; } | sha256sum | cut -d' ' -f1)
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$sum" ] && [ -x "$MATRIX_VENV/bin/python" ]; then
    :
else
    started=$SECONDS
    if [ -x "$MATRIX_VENV/bin/python" ] && \
        [ "$("$MATRIX_VENV/bin/python" -c 'import sys; print(sys.version)')" != "$("$PYTHON" -c 'import sys; print(sys.version)')" ]; then
        echo "matrix: ${MATRIX_VENV#"$ROOT"/} was made from another Python: recreating it"
        rm -rf "$MATRIX_VENV"
    fi
    if [ ! -x "$MATRIX_VENV/bin/python" ]; then
        "$PYTHON" -m venv "$MATRIX_VENV"
    fi
    "$MATRIX_VENV/bin/python" -m pip install --quiet -r requirements-matrix.txt
    "$MATRIX_VENV/bin/python" -m pip install --quiet -e simulator
    echo "$sum" >"$STAMP"
    echo "matrix: ${MATRIX_VENV#"$ROOT"/} ready in $((SECONDS - started))s"
fi
CORE=$("$MATRIX_VENV/bin/python" -c 'import ansible.release as r; print(r.__version__)')
echo "matrix: ansible-core $CORE, Python $("$MATRIX_VENV/bin/python" -V | cut -d' ' -f2) ($PYTHON)"

# --- the steps ---------------------------------------------------------------------------------------------------
export VENV=$MATRIX_VENV
export ANSIBLE_TEST_COPY_PREFIX=ansible-test-matrix
export ANSIBLE_FORCE_COLOR=${ANSIBLE_FORCE_COLOR:-0}
ARGS=(--venv --python "$PY_VERSION" --color no)
# units and integration in .venv-matrix itself (requirements-matrix.txt holds what they need): no fresh venv per run
LOCAL_ARGS=(--local --python "$PY_VERSION" --color no)

# run_step STEP
run_step() {
    case $1 in
    sanity)
        if ls tests/sanity/ignore-*.txt >/dev/null 2>&1; then
            echo "tests/sanity/ignore-*.txt must not exist: fix the code instead" >&2
            return 1
        fi
        hack/ansible-test.sh sanity "${ARGS[@]}"
        ;;
    units) hack/ansible-test.sh units "${LOCAL_ARGS[@]}" ;;
    integration)
        # shellcheck disable=SC2086  # a list of targets
        hack/with-simulator.sh hack/ansible-test.sh integration "${LOCAL_ARGS[@]}" $MATRIX_INTEGRATION_TARGETS
        ;;
    demo) DEMO_BUILD=build/matrix-demo hack/demo.sh ;;
    esac
}

SUMMARY=()
FAILED=0
total=$SECONDS
for step in "${STEPS[@]}"; do
    echo
    echo "=== matrix: $step (ansible-core $CORE, Python $PY_VERSION)"
    started=$SECONDS
    rc=0
    run_step "$step" || rc=$?
    SUMMARY+=("$(printf '%-12s %s in %ss' "$step" "$([ "$rc" -eq 0 ] && echo passed || echo "FAILED (exit status $rc)")" $((SECONDS - started)))")
    [ "$rc" -eq 0 ] || FAILED=1
done

echo
echo "=== matrix: ansible-core $CORE on Python $PY_VERSION, $((SECONDS - total))s"
printf '  %s\n' "${SUMMARY[@]}"
exit "$FAILED"
