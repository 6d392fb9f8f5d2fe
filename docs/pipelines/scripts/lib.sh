# shellcheck shell=bash
# Sourced by the pipeline scripts beside it: the settings every step shares, from the environment.
#
#   FLEET_INVENTORY            the fleet inventory (default inventory/hosts.yml, the fleet repository's layout)
#   FLEET_VAULT_PASSWORD       the vault password of the inventory's vaulted files (a CI secret); empty: no vault
#   FLEET_PLAYBOOK_ARGS        extra ansible-playbook options, e.g. "-f 20 -e onboarding_concurrency=20"
#   LIVE_PLATFORM_REPORT_DIR   where the reports go (default live-platform-reports, the artifacts' folder)
#   LIVE_PLATFORM_COLLECTIONS  where install.sh installs the collection (default .ansible-collections)
#   PYTHON                     the Python that runs Ansible and the helpers (default python3)
#   LIVE_PLATFORM_BASE_URL, _TENANT_ID, _CLIENT_ID, _CLIENT_SECRET, ...: the platform connection (CI secrets), read by
#   the collection's modules themselves; empty ones are unset, as a CI system passes a missing secret as "".
set -euo pipefail

LP_SCRIPTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PYTHON=${PYTHON:-python3}
FLEET_INVENTORY=${FLEET_INVENTORY:-inventory/hosts.yml}
LIVE_PLATFORM_REPORT_DIR=${LIVE_PLATFORM_REPORT_DIR:-live-platform-reports}
LIVE_PLATFORM_COLLECTIONS=${LIVE_PLATFORM_COLLECTIONS:-$PWD/.ansible-collections}
export PYTHON LIVE_PLATFORM_REPORT_DIR
# Only the collection install.sh installed: no other copy of it (~/.ansible, a runner's image) can shadow it.
export ANSIBLE_COLLECTIONS_PATH=$LIVE_PLATFORM_COLLECTIONS
export ANSIBLE_RETRY_FILES_ENABLED=0
export ANSIBLE_FORCE_COLOR=${ANSIBLE_FORCE_COLOR:-1}

while IFS= read -r lp_name; do
    if [ -z "${!lp_name}" ]; then
        unset "$lp_name"
    fi
done < <(compgen -e | grep '^LIVE_PLATFORM_' || true)

# lp_playbook NAME [ARGS...]: ansible-playbook audiocodes.live_platform.NAME on the fleet inventory
lp_playbook() {
    local name=$1
    shift
    local args=(-i "$FLEET_INVENTORY")
    if [ -n "${FLEET_VAULT_PASSWORD:-}" ]; then
        args+=(--vault-password-file "$LP_SCRIPTS/vault-password.sh")
    fi
    if [ -z "${LIVE_PLATFORM_BASE_URL:-}" ]; then
        echo "note: LIVE_PLATFORM_BASE_URL is not set; the connection must come from the inventory" >&2
    fi
    # shellcheck disable=SC2086  # FLEET_PLAYBOOK_ARGS is a list of options
    echo "+ ansible-playbook ${args[*]} ${FLEET_PLAYBOOK_ARGS:-} audiocodes.live_platform.$name $*"
    # shellcheck disable=SC2086
    ansible-playbook "${args[@]}" ${FLEET_PLAYBOOK_ARGS:-} "audiocodes.live_platform.$name" "$@"
}

# lp_clean KIND: remove an earlier run's files of this kind, so that a run that writes no report is not read as this one
lp_clean() {
    rm -f "$LIVE_PLATFORM_REPORT_DIR/$1-report.json" "$LIVE_PLATFORM_REPORT_DIR/$1-report.md" \
        "$LIVE_PLATFORM_REPORT_DIR/$1-summary.md" "$LIVE_PLATFORM_REPORT_DIR/$1-junit.xml"
}

# lp_finish KIND STATUS [OPTIONS...]: the report's verdict, comment body, JUnit file and job summary (report.py);
# exits with the step's exit status
lp_finish() {
    local status=0
    "$PYTHON" "$LP_SCRIPTS/report.py" "$@" || status=$?
    exit "$status"
}
