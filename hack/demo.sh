#!/usr/bin/env bash
# `make demo`: onboard the demo fleet (examples/demo_fleet, 25 customers on 3 SBCs) into a fresh simulator.
#
#   1. playbooks/plan.yml      check mode: writes nothing, every customer `would_create`
#   2. playbooks/onboard.yml   as a user types it (the default, batch strategy: one call for the fleet): creates and
#                              deploys every service, with the day-two customers' further sites, licence, dial plan
#   3. playbooks/onboard.yml   again, one call per customer (-e onboarding_strategy=per_customer): must report every
#                              customer and every further site `unchanged` (the demo fails otherwise)
# then prints the fleet report (Markdown) of step 2 and stops the simulator.
#
# Reports: build/demo-reports/{1-plan,2-onboard,3-onboard-again}/ (-e onboarding_report_dir=...).
# The collection is found through a fresh copy under build/demo/ansible_collections (hack/build-copy.py) on
# ANSIBLE_COLLECTIONS_PATH; the connection comes from the LIVE_PLATFORM_* environment of hack/with-simulator.sh.
# Simulator options: SIMULATOR_ARGS (default "--deployment-time 0.5"). Extra ansible-playbook options: "$@"
# (e.g. -v). Forks: DEMO_FORKS (default 10). DEMO_BUILD (default build/demo) holds the copy and the reports, so that
# two demos (make demo, make matrix) can run side by side.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${VENV:-$ROOT/.venv}
export VENV
cd "$ROOT"

FLEET=examples/demo_fleet
DEMO_BUILD=${DEMO_BUILD:-$ROOT/build/demo}
case $DEMO_BUILD in /*) ;; *) DEMO_BUILD=$ROOT/$DEMO_BUILD ;; esac
export DEMO_BUILD
REPORTS=$DEMO_BUILD-reports

if [ -z "${DEMO_INSIDE_SIMULATOR:-}" ]; then
    COLLECTION=$("$VENV/bin/python" -c 'import yaml; g = yaml.safe_load(open("galaxy.yml")); print(g["namespace"] + "/" + g["name"])')
    "$VENV/bin/python" hack/build-copy.py "$DEMO_BUILD/ansible_collections/$COLLECTION" >/dev/null
    rm -rf "$REPORTS"
    export SIMULATOR_ARGS=${SIMULATOR_ARGS:---deployment-time 0.5}
    export DEMO_INSIDE_SIMULATOR=1
    SECONDS=0
    rc=0
    hack/with-simulator.sh "$ROOT/hack/demo.sh" "$@" || rc=$?
    if [ "$rc" -eq 0 ]; then
        echo "demo: done in ${SECONDS}s; reports in ${REPORTS#"$ROOT"/}/"
    else
        echo "demo: FAILED (exit status $rc) after ${SECONDS}s" >&2
    fi
    exit "$rc"
fi

# From here on: inside hack/with-simulator.sh (LIVE_PLATFORM_* set).
export ANSIBLE_COLLECTIONS_PATH=$DEMO_BUILD
export ANSIBLE_FORCE_COLOR=${ANSIBLE_FORCE_COLOR:-0}
export ANSIBLE_DISPLAY_SKIPPED_HOSTS=${ANSIBLE_DISPLAY_SKIPPED_HOSTS:-false}
export PATH=$VENV/bin:$PATH

# run STEP PLAYBOOK [ARGS...]: ansible-playbook against the demo fleet, its reports into build/demo-reports/STEP
run() {
    local step=$1 playbook=$2 started=$SECONDS rc=0
    shift 2
    echo
    echo "=== demo: $step: ansible-playbook -i $FLEET $playbook"
    ansible-playbook -i "$FLEET/hosts.yml" --vault-password-file "$FLEET/demo-vault-password.txt" \
        -f "${DEMO_FORKS:-10}" -e "onboarding_report_dir=$REPORTS/$step" "$playbook" "$@" || rc=$?
    echo "=== demo: $step: exit status $rc in $((SECONDS - started))s"
    return "$rc"
}

# check REPORT_JSON MODE OUTCOME: every customer of the report has OUTCOME, none failed
check() {
    "$VENV/bin/python" - "$@" <<'PY'
import json, sys
path, mode, outcome = sys.argv[1:]
with open(path, encoding="utf-8") as handle:
    report = json.load(handle)
rows = report["customers"]
# a customer's further SIP connections (day two) are checked with it: created with it, unchanged with it
sites = [dict(site, customer="%s / site %s" % (row["customer"], site["site_name"]))
         for row in rows for site in row.get("sip_connections") or []]
wrong = ["%s: %s (%s)" % (row["customer"], row["outcome"], row.get("message") or "") for row in rows + sites
         if row["outcome"] != outcome]
problems = []
if report.get("mode") != mode:
    problems.append("mode is %r, not %r" % (report.get("mode"), mode))
if len(rows) != 25 or report["summary"]["total"] != 25:
    problems.append("%d rows, summary total %s, expected 25" % (len(rows), report["summary"]["total"]))
if wrong:
    problems.append("not %s: %s" % (outcome, "; ".join(wrong)))
if problems:
    sys.exit("demo: %s: %s" % (path, " / ".join(problems)))
print("demo: %s: all %d customers %s" % (path.rsplit("/", 3)[-2], len(rows), outcome))
PY
}

run 1-plan playbooks/plan.yml "$@"
check "$REPORTS/1-plan/plan-report.json" check would_create
run 2-onboard playbooks/onboard.yml "$@"  # the default: the whole fleet in one call
check "$REPORTS/2-onboard/onboarding-report.json" apply created
run 3-onboard-again playbooks/onboard.yml -e onboarding_strategy=per_customer "$@"  # one call per customer
check "$REPORTS/3-onboard-again/onboarding-report.json" apply unchanged

echo
echo "=== demo: the fleet report of the first onboarding run ($REPORTS/2-onboard/onboarding-report.md)"
echo
cat "$REPORTS/2-onboard/onboarding-report.md"
