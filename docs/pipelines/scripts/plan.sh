#!/usr/bin/env bash
# Plan: what onboarding the fleet would do, without any change (playbook audiocodes.live_platform.plan).
#
# Writes, into LIVE_PLATFORM_REPORT_DIR: plan-report.json and plan-report.md (the playbook's report),
# plan-summary.md (the pull/merge request comment: verdict and report), plan-junit.xml (one test case per customer).
# Exit status: 0 the plan is valid (customers waiting to be created do not fail it); 2 a customer is invalid or its
# lookup failed (ansible-playbook's status); 10 only with PLAN_FAIL_ON_CHANGES=1: the plan is valid but changes are
# pending (like terraform plan -detailed-exitcode); any other: ansible-playbook's own (1 error, 3 unreachable,
# 4 parser error, 5 bad options, ...): the plan did not run, see the log.
# Options for ansible-playbook: "$@" (and FLEET_PLAYBOOK_ARGS).
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

lp_clean plan
status=0
lp_playbook plan "$@" || status=$?
options=()
if [ "${PLAN_FAIL_ON_CHANGES:-0}" = "1" ]; then
    options+=(--fail-on-changes)
fi
lp_finish plan "$status" "${options[@]}"
