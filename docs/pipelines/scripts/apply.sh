#!/usr/bin/env bash
# Apply: onboard the fleet (playbook audiocodes.live_platform.onboard): create the services that are missing.
#
# Writes, into LIVE_PLATFORM_REPORT_DIR: onboarding-report.json and .md, onboarding-summary.md, onboarding-junit.xml.
# Exit status: ansible-playbook's: 0 every customer onboarded (or unchanged); 2 a customer failed (the others were
# onboarded: fix it and merge again); any other: the run did not happen (see the log).
# Options for ansible-playbook: "$@" (and FLEET_PLAYBOOK_ARGS).
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

lp_clean onboarding
status=0
lp_playbook onboard "$@" || status=$?
lp_finish onboarding "$status"
