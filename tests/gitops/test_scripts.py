# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The pipeline helpers docs/pipelines/scripts/report.py and comment.py on their own (no playbook, no simulator):
exit statuses, the comment's size limit, and what comment.py does outside a pull request or with a refused token."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys

import pytest

from forge import GITHUB_TOKEN, Forge
from helpers.playbooks import ROOT

SCRIPTS = os.path.join(ROOT, "docs", "pipelines", "scripts")


def write_report(folder, kind, rows, mode="check"):
    """A report as the fleet_report role writes it (summary from the rows), with a Markdown table."""
    outcomes = {}
    for row in rows:
        outcomes[row["outcome"]] = outcomes.get(row["outcome"], 0) + 1
    report = dict(title="t", mode=mode, generated_at="2026-01-01T00:00:00+00:00", customers=rows, summary=dict(
        total=len(rows), failed=sum(1 for r in rows if r["status"] == "failed"),
        changed=sum(1 for r in rows if r["status"] == "changed"), outcomes=outcomes))
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, kind + "-report.json"), "w") as handle:
        json.dump(report, handle)
    lines = ["## t", "", "n customer(s)", "", "| customer | short name | SBC | outcome | deployment | message |",
             "|---|---|---|---|---|---|"]
    lines += ["| {0} | {0} | SBC | {1} |  | {2} |".format(r["customer"], r["outcome"], r["message"]) for r in rows]
    with open(os.path.join(folder, kind + "-report.md"), "w") as handle:
        handle.write("\n".join(lines) + "\n")


def row(name, outcome, status, message=""):
    return dict(customer=name, short_name=name, sbc="SBC", outcome=outcome, status=status, message=message,
                service_id=None, deployment_state=None, drift=[])


def report_py(folder, *args):
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith(("GITHUB_", "CI_")))
    env["LIVE_PLATFORM_REPORT_DIR"] = str(folder)
    run = subprocess.run([sys.executable, os.path.join(SCRIPTS, "report.py")] + list(args), env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
    return run.returncode, run.stdout.decode("utf-8")


@pytest.mark.parametrize("rows, status, options, expected, words", [
    ([row("a", "unchanged", "ok")], 0, [], 0, "No changes."),
    ([row("a", "unchanged", "ok")], 0, ["--fail-on-changes"], 0, "No changes."),
    ([row("a", "would_create", "changed"), row("b", "unchanged", "ok")], 0, [], 0, "Valid plan: 1 change(s) pending"),
    ([row("a", "would_create", "changed")], 0, ["--fail-on-changes"], 10, "Changes pending: 1"),
    ([row("a", "drifted", "ok", "full_name is 'x'")], 0, ["--fail-on-changes"], 0, "1 drifted"),
    ([row("a", "failed", "failed", "short_name: bad"), row("b", "would_create", "changed")], 2,
     ["--fail-on-changes"], 2, "Failed: 1 of 2 customers are invalid"),
    ([row("a", "would_create", "changed")], 4, [], 4, "The run stopped (exit status 4)"),
    (None, 0, [], 1, "The plan did not run (exit status 0)"),
    (None, 2, [], 2, "The plan did not run (exit status 2)"),
])
def test_plan_exit_status(tmp_path, rows, status, options, expected, words):
    if rows is not None:
        write_report(str(tmp_path), "plan", rows)
    code, output = report_py(tmp_path, "plan", str(status), *options)
    assert code == expected, output
    assert words in output, output
    with open(str(tmp_path / "plan-summary.md")) as handle:
        summary = handle.read()
    assert summary.startswith("<!-- live-platform:plan -->\n"), summary
    assert words in summary.replace("**", ""), summary
    assert os.path.exists(str(tmp_path / "plan-junit.xml")) == (rows is not None)


def test_a_large_plan_fits_in_one_comment(tmp_path):
    """3000 customers: the comment stays under GitHub's 65536 characters; what changes is kept, unchanged rows go."""
    rows = [row("customer%04d" % n, "unchanged", "ok", "x" * 20) for n in range(3000)]
    rows[10] = row("customer0010", "would_create", "changed")
    rows[2000] = row("customer2000", "failed", "failed", "short_name: bad")
    write_report(str(tmp_path), "plan", rows)
    code, _output = report_py(tmp_path, "plan", "2")
    assert code == 2
    with open(str(tmp_path / "plan-summary.md")) as handle:
        summary = handle.read()
    assert len(summary) < 65536
    assert "| customer0010 |" in summary and "| customer2000 |" in summary
    assert "2998 unchanged customer(s) not shown" in summary


def test_comment_outside_a_pull_request_does_nothing(tmp_path):
    body = tmp_path / "summary.md"
    body.write_text("<!-- live-platform:plan -->\nhello\n")
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith(("GITHUB_", "CI_", "PR_")))
    for forge in ("github", "gitlab"):
        run = subprocess.run([sys.executable, os.path.join(SCRIPTS, "comment.py"), forge, str(body)], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
        assert run.returncode == 0 and b"no comment posted" in run.stdout, run.stdout


def test_comment_with_a_refused_token_fails_without_showing_it(tmp_path):
    forge = Forge()
    try:
        body = tmp_path / "summary.md"
        body.write_text("<!-- live-platform:plan -->\nhello\n")
        token = "ghs_wrong-token-1234567890"
        assert token != GITHUB_TOKEN
        env = dict(os.environ, GITHUB_TOKEN=token, GITHUB_API_URL=forge.url, GITHUB_REPOSITORY="example/fleet",
                   PR_NUMBER="9")
        run = subprocess.run([sys.executable, os.path.join(SCRIPTS, "comment.py"), "github", str(body)], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
        assert run.returncode == 1
        assert b"HTTP 401" in run.stdout and token.encode() not in run.stdout, run.stdout
        assert forge.thread_of("github", "example/fleet", 9) == []
    finally:
        forge.stop()
