#!/usr/bin/env bash
# Build the execution environment's build context (no container engine needed):
#   1. the collection tarball from this checkout: ansible-galaxy collection build, saved without its version as
#      build/ee/audiocodes-live_platform.tar.gz (the name execution-environment.yml refers to);
#   2. ansible-builder create -f execution-environment.yml -c build/ee/context  (Containerfile + _build/).
# Then, where podman or docker is installed: podman build -t live-platform-ee:<version> build/ee/context
# See docs/execution-environment.md. Tools from .venv-ecosystem (hack/ecosystem-venv.sh), or $ECO_VENV.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ECO_VENV=${ECO_VENV:-$ROOT/.venv-ecosystem}
OUT=$ROOT/build/ee
cd "$ROOT"

"$ROOT/hack/ecosystem-venv.sh"
rm -rf "$OUT"
mkdir -p "$OUT/dist"
"$ECO_VENV/bin/ansible-galaxy" collection build --force --output-path "$OUT/dist" . >/dev/null
tarballs=("$OUT"/dist/*.tar.gz)
if [ ${#tarballs[@]} -ne 1 ]; then
    echo "ee-context: expected one collection tarball in $OUT/dist, found ${#tarballs[@]}" >&2
    exit 1
fi
mv "${tarballs[0]}" "$OUT/audiocodes-live_platform.tar.gz"
rmdir "$OUT/dist"
"$ECO_VENV/bin/ansible-builder" create --file execution-environment.yml --context "$OUT/context" \
    --output-filename Containerfile
echo "ee-context: build context in ${OUT#"$ROOT"/}/context (from $(basename "${tarballs[0]}"))"
