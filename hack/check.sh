#!/usr/bin/env bash
# `make check`: the quick loop while working (minutes, not the whole `make test`): ansible-test sanity of the files
# changed against CHECK_BASE (default HEAD: the uncommitted and untracked files; none changed: the last commit's),
# ansible-test units, and the simulator's tests.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BASE=${CHECK_BASE:-HEAD}
changed=$( { git diff --name-only "$BASE"; git ls-files --others --exclude-standard; } | sort -u)
if [ -z "$changed" ] && [ "$BASE" = HEAD ]; then
    changed=$(git diff --name-only HEAD~1 HEAD 2>/dev/null || true)
fi
# What ansible-test can check: the collection's own content (not the simulator, hack/ or docs).
targets=()
while IFS= read -r path; do
    case $path in
        plugins/*|roles/*|playbooks/*|meta/*|tests/unit/*|tests/integration/*|tests/platform/*|tests/helpers/*)
            [ -e "$path" ] && targets+=("$path") ;;
    esac
done <<<"$changed"
if [ ${#targets[@]} -gt 0 ]; then
    echo "check: sanity of ${#targets[@]} changed file(s)"
    hack/ansible-test.sh sanity ${ANSIBLE_TEST_ARGS:-} "${targets[@]}"
else
    echo "check: no changed file for sanity"
fi
hack/ansible-test.sh units ${LOCAL_TEST_ARGS:-}
"${VENV:-$ROOT/.venv}/bin/python" -m pytest simulator/tests -q ${PYTEST_ARGS:-}
