#!/usr/bin/env bash
# Build execution environment build contexts (no container engine needed), one per variant:
#
#   hack/ee-context.sh [VARIANT...]    default: community; `all`: every variant
#   hack/ee-context.sh --list          the variants, one a line: name, definition file, build context
#
# A variant is an ansible-builder 3 definition: `community` is execution-environment.yml (community-ee-minimal),
# <name> is extensions/ee/execution-environment-<name>.yml (rhel9: Red Hat's ee-minimal-rhel9). Steps:
#   1. the collection tarball from this checkout: ansible-galaxy collection build, saved without its version as
#      build/ee/audiocodes-live_platform.tar.gz (the name the definitions refer to);
#   2. per variant: ansible-builder create -f <definition> -c <context> (Containerfile + _build/), where <context> is
#      build/ee/context for community and build/ee/context-<name> for the others.
# Then, where podman or docker is installed: podman build -t live-platform-ee:<version> build/ee/context
# See docs/execution-environment.md. Tools from .venv-ecosystem (hack/ecosystem-venv.sh), or $ECO_VENV.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ECO_VENV=${ECO_VENV:-$ROOT/.venv-ecosystem}
OUT=$ROOT/build/ee
cd "$ROOT"

variant_names() {
    echo community
    local file
    for file in extensions/ee/execution-environment-*.yml; do
        [ -e "$file" ] || continue
        file=${file#extensions/ee/execution-environment-}
        echo "${file%.yml}"
    done
}

definition_of() {
    if [ "$1" = community ]; then
        echo execution-environment.yml
    else
        echo "extensions/ee/execution-environment-$1.yml"
    fi
}

context_of() {
    if [ "$1" = community ]; then echo build/ee/context; else echo "build/ee/context-$1"; fi
}

if [ "${1:-}" = --list ]; then
    for name in $(variant_names); do
        printf '%s\t%s\t%s\n' "$name" "$(definition_of "$name")" "$(context_of "$name")"
    done
    exit 0
fi
if [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then
    sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
fi

variants=("$@")
[ ${#variants[@]} -gt 0 ] || variants=(community)
if [ "${variants[0]}" = all ]; then
    mapfile -t variants < <(variant_names)
fi
for name in "${variants[@]}"; do
    if [ ! -f "$(definition_of "$name")" ]; then
        echo "ee-context: no variant '$name' ($(definition_of "$name") does not exist);" \
            "variants: $(variant_names | xargs)" >&2
        exit 2
    fi
done

"$ROOT/hack/ecosystem-venv.sh"
rm -rf "$OUT/dist" "$OUT/audiocodes-live_platform.tar.gz"
mkdir -p "$OUT/dist"
"$ECO_VENV/bin/ansible-galaxy" collection build --force --output-path "$OUT/dist" . >/dev/null
tarballs=("$OUT"/dist/*.tar.gz)
if [ ${#tarballs[@]} -ne 1 ]; then
    echo "ee-context: expected one collection tarball in $OUT/dist, found ${#tarballs[@]}" >&2
    exit 1
fi
mv "${tarballs[0]}" "$OUT/audiocodes-live_platform.tar.gz"
rmdir "$OUT/dist"

for name in "${variants[@]}"; do
    context=$(context_of "$name")
    rm -rf "${ROOT:?}/$context"
    "$ECO_VENV/bin/ansible-builder" create --file "$(definition_of "$name")" --context "$context" \
        --output-filename Containerfile >/dev/null
    echo "ee-context: $name: build context in $context ($(definition_of "$name"), $(basename "${tarballs[0]}"))"
done
