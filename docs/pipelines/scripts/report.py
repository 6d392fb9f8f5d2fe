#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The end of a pipeline step: read the run's JSON report, say what it means, and give the step its exit status.

    report.py plan|onboarding|prune STATUS [--fail-on-changes]

STATUS is ansible-playbook's exit status. Reads <kind>-report.json and .md in LIVE_PLATFORM_REPORT_DIR and writes
there <kind>-summary.md (the verdict, the report and where it ran: the pull/merge request comment of a plan) and
<kind>-junit.xml (one test case per customer, failed when the customer failed); appends the summary to
GITHUB_STEP_SUMMARY when GitHub Actions sets it. Exits with STATUS, or 10 for a valid plan with changes pending and
--fail-on-changes, or 1 when the playbook said 0 but wrote no report. Standard library only.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import argparse
import json
import os
import sys
from xml.etree import ElementTree

# GitHub refuses comments over 65536 characters; GitLab notes allow more. Keep room for the verdict and footer.
MAX_REPORT_CHARS = 60000
FAILED_PENDING = 10  # not one of ansible-playbook's statuses (1-5, 99, 250)
TITLES = {"plan": "Live Platform plan", "onboarding": "Live Platform onboarding", "prune": "Live Platform prune"}


def marker(kind):
    """The first line of the summary: comment.py finds the comment to update by it."""
    return "<!-- live-platform:{0} -->".format(kind)


def load_report(folder, kind):
    try:
        with open(os.path.join(folder, kind + "-report.json"), encoding="utf-8") as handle:
            report = json.load(handle)
        with open(os.path.join(folder, kind + "-report.md"), encoding="utf-8") as handle:
            return report, handle.read()
    except (OSError, ValueError):
        return None, None


def counts(summary):
    return ", ".join("{0} {1}".format(n, outcome) for outcome, n in sorted(summary.get("outcomes", {}).items()))


def verdict(kind, status, report, fail_on_changes):
    """(exit status of the step, one line that says what happened)."""
    if report is None:
        return status or 1, "**The {0} did not run** (exit status {1}): no report was written; see the job log.".format(
            kind, status)
    summary = report["summary"]
    total, failed, changed = summary["total"], summary["failed"], summary["changed"]
    check = report.get("mode") == "check"
    if status not in (0, 2):
        return status, "**The run stopped** (exit status {0}): see the job log.".format(status)
    if status == 2:
        if failed:
            what = {"plan": "customers are invalid or could not be looked up",
                    "onboarding": "customers failed; the others were onboarded",
                    "prune": "services could not be deleted; the others were"}[kind]
            return 2, "**Failed:** {0} of {1} {2}. See their message below.".format(failed, total, what)
        return 2, ("**Refused or failed** (exit status 2): see the job log (prune and offboarding guards: the"
                   " confirmation, offboarding_max_deletions, an inventory without customers).")
    if kind == "plan":
        drifted = summary.get("outcomes", {}).get("drifted", 0)
        drift = (" {0} drifted: they differ on the platform, and onboarding does not change existing services."
                 .format(drifted) if drifted else "")
        if not changed:
            return 0, "**No changes.** Every customer is onboarded as planned.{0}".format(drift)
        if fail_on_changes:
            return FAILED_PENDING, "**Changes pending:** {0} ({1}); PLAN_FAIL_ON_CHANGES=1 fails the plan.{2}".format(
                changed, counts(summary), drift)
        return 0, "**Valid plan:** {0} change(s) pending ({1}), applied when this is merged.{2}".format(
            changed, counts(summary), drift)
    if kind == "prune":
        if check:
            return 0, ("**Prune plan:** {0} service(s) would be deleted.".format(total) if total
                       else "**Prune plan:** nothing to delete.")
        return 0, "**Pruned:** {0} service(s) deleted.".format(total) if total else "**Pruned:** nothing to delete."
    return 0, "**Onboarded:** {0}.".format(counts(summary) or "no customer")


def report_section(report, markdown, limit=MAX_REPORT_CHARS):
    """The collection's Markdown report; when too long for a comment, unchanged rows go first, then the tail."""
    if len(markdown) <= limit:
        return markdown
    lines = markdown.splitlines()
    first_row = next(i for i, line in enumerate(lines) if line.startswith("|---")) + 1
    head, rows = lines[:first_row], lines[first_row:first_row + len(report["customers"])]
    kept = [line for line, row in zip(rows, report["customers"]) if row["outcome"] != "unchanged"]
    notes = []
    if len(kept) < len(rows):
        notes.append("{0} unchanged customer(s) not shown.".format(len(rows) - len(kept)))
    budget = limit - len("\n".join(head)) - 200
    shown = []
    for line in kept:
        budget -= len(line) + 1
        if budget < 0:
            break
        shown.append(line)
    if len(shown) < len(kept):
        notes.append("{0} more row(s) not shown.".format(len(kept) - len(shown)))
    notes.append("Every row is in the JSON report of the job's artifacts.")
    return "\n".join(head + shown + ["", " ".join(notes)]) + "\n"


def where():
    """Commit and job link, from GitHub Actions' or GitLab CI's environment."""
    env = os.environ
    if env.get("GITHUB_RUN_ID"):
        return env.get("GITHUB_SHA", "")[:8], "{0}/{1}/actions/runs/{2}".format(
            env.get("GITHUB_SERVER_URL", "https://github.com"), env.get("GITHUB_REPOSITORY", ""), env["GITHUB_RUN_ID"])
    return env.get("CI_COMMIT_SHORT_SHA", ""), env.get("CI_JOB_URL", "")


def summary_markdown(kind, text, report, markdown):
    commit, job = where()
    lines = [marker(kind), "### {0}".format(TITLES[kind]), "", text, ""]
    if report is not None:
        # The report's own headings go one level below this summary's.
        section = report_section(report, markdown).rstrip("\n").splitlines()
        lines.extend("##" + line if line.startswith("#") else line for line in section)
        lines.append("")
    footer = ["commit `{0}`".format(commit)] if commit else []
    if job:
        footer.append("[job log and artifacts]({0})".format(job))
    if footer:
        lines.append(" - ".join(footer))
    return "\n".join(lines) + "\n"


def junit(kind, report):
    suite = ElementTree.Element("testsuite", name=TITLES[kind], tests=str(report["summary"]["total"]),
                                failures=str(report["summary"]["failed"]))
    for row in report["customers"]:
        case = ElementTree.SubElement(suite, "testcase", classname=str(row.get("sbc") or kind),
                                      name=str(row["customer"]))
        if row["status"] == "failed":
            ElementTree.SubElement(case, "failure", message=row["outcome"]).text = row.get("message") or ""
        ElementTree.SubElement(case, "system-out").text = "{0}: {1}".format(row["outcome"], row.get("message") or "")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(suite, encoding="unicode") + "\n"


def github_annotations(kind, status, text, report):
    if os.environ.get("GITHUB_ACTIONS") != "true":
        return
    level = "notice" if status == 0 else "error"
    print("::{0} title={1}::{2}".format(level, TITLES[kind], text.replace("**", "")))
    for row in (report or {}).get("customers", [])[:20]:
        if row["status"] == "failed":
            message = (row.get("message") or "").replace("\n", " ")
            print("::error title={0}: {1}::{2}".format(TITLES[kind], row["customer"], message))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("kind", choices=sorted(TITLES))
    parser.add_argument("status", type=int, help="ansible-playbook's exit status")
    parser.add_argument("--fail-on-changes", action="store_true", help="exit 10 when a valid plan has changes pending")
    args = parser.parse_args(argv)
    folder = os.environ.get("LIVE_PLATFORM_REPORT_DIR") or "live-platform-reports"
    report, markdown = load_report(folder, args.kind)
    status, text = verdict(args.kind, args.status, report, args.fail_on_changes and args.kind == "plan")
    os.makedirs(folder, exist_ok=True)
    body = summary_markdown(args.kind, text, report, markdown)
    with open(os.path.join(folder, args.kind + "-summary.md"), "w", encoding="utf-8") as handle:
        handle.write(body)
    if report is not None:
        with open(os.path.join(folder, args.kind + "-junit.xml"), "w", encoding="utf-8") as handle:
            handle.write(junit(args.kind, report))
    if os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as handle:
            handle.write(body + "\n")
    github_annotations(args.kind, status, text, report)
    print("{0}: {1} (exit status {2})".format(TITLES[args.kind], text.replace("**", ""), status))
    return status


if __name__ == "__main__":
    sys.exit(main())
