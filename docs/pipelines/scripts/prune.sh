#!/usr/bin/env bash
# Prune: delete the platform's services that are not in the fleet inventory (playbook audiocodes.live_platform.prune).
#
#   prune.sh check     dry run (check mode): prune-report.md lists what would be deleted, nothing is deleted
#   prune.sh confirm   deletes them (offboarding_confirm=true)
#
#   PRUNE_MAX_DELETIONS  the most services one run may delete (default the role's, 5); over it nothing is deleted
#   PRUNE_MATCH          only short names matching this regular expression may be deleted (default: any)
#   PRUNE_EXCLUDE        short names matching this regular expression are never deleted (default: none)
# Refused (nothing deleted, exit status 2) when the inventory has no customer, without confirmation, or over the
# maximum (in check mode too, after the report). Writes prune-report.json and .md, prune-summary.md, prune-junit.xml.
# Options for ansible-playbook: "$@" after the mode (and FLEET_PLAYBOOK_ARGS).
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mode=${1:-}
case $mode in
    check) args=(--check) ;;
    confirm) args=(-e offboarding_confirm=true) ;;
    *)
        echo "usage: prune.sh check|confirm [ansible-playbook options]" >&2
        exit 64
        ;;
esac
shift
# The settings as one JSON extra-vars document: a regular expression survives it unchanged.
extra_vars=$("$PYTHON" -c '
import json, os
names = dict(PRUNE_MAX_DELETIONS="offboarding_max_deletions", PRUNE_MATCH="offboarding_prune_match",
             PRUNE_EXCLUDE="offboarding_prune_exclude")
values = dict((var, os.environ[env]) for env, var in names.items() if os.environ.get(env, "") != "")
if "offboarding_max_deletions" in values:
    values["offboarding_max_deletions"] = int(values["offboarding_max_deletions"])
print(json.dumps(values))')

lp_clean prune
status=0
lp_playbook prune "${args[@]}" -e "$extra_vars" "$@" || status=$?
lp_finish prune "$status"
