#!/usr/bin/env bash
# Create or update the ecosystem tools' virtual environment (default .venv-ecosystem/, or $ECO_VENV) from
# requirements-ecosystem.txt (ansible-runner, ansible-builder, galaxy-importer, pytest, all pinned) plus the
# simulator (pip install -e simulator, for the pytest fixtures of tests/ecosystem).
#
#   hack/ecosystem-venv.sh          # prints nothing when it is up to date
#
# It is kept apart from .venv: galaxy-importer pins its own ansible-core and ansible-lint. A stamp file holds the
# checksum of the requirement files, so the install runs again only when one of them changed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ECO_VENV=${ECO_VENV:-$ROOT/.venv-ecosystem}
PYTHON=${PYTHON:-python3.11}
STAMP=$ECO_VENV/.ecosystem-installed
cd "$ROOT"

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore
sum=$(cat requirements-ecosystem.txt requirements.txt simulator/pyproject.toml | sha256sum | cut -d' ' -f1)
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$sum" ] && [ -x "$ECO_VENV/bin/python" ]; then
    exit 0
fi

started=$SECONDS
if [ ! -x "$ECO_VENV/bin/python" ]; then
    "$PYTHON" -m venv "$ECO_VENV"
fi
"$ECO_VENV/bin/python" -m pip install --quiet -r requirements-ecosystem.txt
"$ECO_VENV/bin/python" -m pip install --quiet --no-deps -e simulator
echo "$sum" >"$STAMP"
echo "ecosystem-venv: ${ECO_VENV#"$ROOT"/} ready in $((SECONDS - started))s"
