#!/usr/bin/env bash
# Run Galaxy's import checks (galaxy-importer, the code galaxy.ansible.com and Automation Hub import with) on the
# collection tarball built from this checkout, on this machine: no container engine, so no ansible-test in a
# container. Fails when the importer fails or reports an error or a warning (ansible-lint findings, ansible-doc
# problems, a missing changelog, sanity ignore files, ...): Galaxy shows those on the collection's page.
#
#   hack/galaxy-importer.sh                  # build, import, check
#   IMPORTER_ALLOW_WARNINGS=1 hack/galaxy-importer.sh   # report warnings, fail on errors only
#
# Tools from .venv-ecosystem (hack/ecosystem-venv.sh; galaxy-importer pins its own ansible-core and ansible-lint,
# so it stays out of .venv), or $ECO_VENV. Output in build/galaxy-importer/: the tarball, the configuration,
# importer.log and importer_result.json (the metadata and docs Galaxy would store).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ECO_VENV=${ECO_VENV:-$ROOT/.venv-ecosystem}
OUT=$ROOT/build/galaxy-importer
cd "$ROOT"

"$ROOT/hack/ecosystem-venv.sh"
rm -rf "$OUT"
mkdir -p "$OUT/dist" "$OUT/tmp" "$OUT/ansible-tmp"
started=$SECONDS

# The importer runs ansible-galaxy, ansible-doc and ansible-lint from its own venv: put it first on the PATH.
export PATH=$ECO_VENV/bin:$PATH
ansible-galaxy collection build --force --output-path "$OUT/dist" . >/dev/null
tarballs=("$OUT"/dist/*.tar.gz)
if [ ${#tarballs[@]} -ne 1 ]; then
    echo "galaxy-importer: expected one collection tarball in $OUT/dist, found ${#tarballs[@]}" >&2
    exit 1
fi
TARBALL=${tarballs[0]}

# Configuration (galaxy_importer/config.py; GALAXY_IMPORTER_CONFIG is read before /etc/galaxy-importer/):
# the checks Galaxy runs on an upload, minus ansible-test, which needs a container engine (run_ansible_test,
# ansible_test_local_image) and runs here as `make sanity` anyway.
cat >"$OUT/galaxy-importer.cfg" <<CFG
[galaxy-importer]
run_ansible_test = False
ansible_test_local_image = False
local_image_docker = False
infra_osd = False
run_ansible_doc = True
run_ansible_lint = True
offline_ansible_lint = True
check_changelog = True
run_flake8 = False
log_level_main = INFO
tmp_root_dir = $OUT/tmp
ansible_local_tmp = $OUT/ansible-tmp
CFG
export GALAXY_IMPORTER_CONFIG=$OUT/galaxy-importer.cfg
# Environment overrides (GALAXY_IMPORTER_<KEY>) would win over the file: drop any left in the caller's environment.
while IFS= read -r name; do unset "$name"; done < <(env | sed -n 's/^\(GALAXY_IMPORTER_[A-Z_]*\)=.*/\1/p' \
    | grep -v '^GALAXY_IMPORTER_CONFIG$' || true)

rc=0
(cd "$OUT" && python -m galaxy_importer.main "$TARBALL") >"$OUT/importer.log" 2>&1 || rc=$?
cat "$OUT/importer.log"

errors=$(grep -c -E '^(ERROR|CRITICAL):' "$OUT/importer.log" || true)
warnings=$(grep -c -E '^WARNING:' "$OUT/importer.log" || true)
if [ "$rc" -ne 0 ] || ! grep -q '^Importer processing completed successfully' "$OUT/importer.log"; then
    echo "galaxy-importer: FAILED: the import did not complete (exit status $rc); see ${OUT#"$ROOT"/}/importer.log" >&2
    exit 1
fi
if [ "$errors" -gt 0 ]; then
    echo "galaxy-importer: FAILED: $errors error(s) reported" >&2
    exit 1
fi
if [ "$warnings" -gt 0 ] && [ -z "${IMPORTER_ALLOW_WARNINGS:-}" ]; then
    echo "galaxy-importer: FAILED: $warnings warning(s) reported (IMPORTER_ALLOW_WARNINGS=1 to accept them)" >&2
    exit 1
fi
echo "galaxy-importer: $(basename "$TARBALL") imported: $errors error(s), $warnings warning(s), in $((SECONDS - started))s;" \
    "result in ${OUT#"$ROOT"/}/importer_result.json"
