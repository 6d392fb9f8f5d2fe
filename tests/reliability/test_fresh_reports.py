# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Reports are written fresh each run: a run that stops before its report is written (refused credentials, a guard)
leaves no earlier report in its place that looks like its own. And the Markdown report names each service by its id,
as the docs say.

The refused-credentials case passes either way a run ends: with no report, or with a new one where every customer
failed; the refused offboarding (its guard stops the run before any report) fails without the fix."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

import pytest

from reliability_helpers import Runner, fleet, read_report, tail, write_inventory


def report_files(folder, name):
    return [path for path in (os.path.join(folder, name + ".json"), os.path.join(folder, name + ".md"))
            if os.path.exists(path)]


def assert_not_the_old_report(folder, name, old_json):
    """Either no report, or a new one that shows the run failed: never the previous run's report."""
    paths = report_files(folder, name)
    if not paths:
        return
    assert len(paths) == 2, paths
    with open(paths[0]) as handle:
        report = json.load(handle)
    assert report != old_json, "the previous run's report is still in place"
    assert report["summary"]["failed"] == report["summary"]["total"] > 0, report["summary"]


@pytest.fixture
def onboarded(live_platform_simulator_factory, collections_path, tmp_path):
    """A simulator, a runner, a 3-customer inventory onboarded once (its report in tmp_path/reports)."""
    sim = live_platform_simulator_factory("--deployment-time", "0.2", "--deletion-time", "0.2")
    runner = Runner(sim, collections_path, tmp_path, forks=3)
    groups, _passwords = fleet(3, prefix="fresh")
    inventory = write_inventory(tmp_path / "hosts.yml", groups)
    reports = str(tmp_path / "reports")
    status, output, _r, _s = runner.run("onboard.yml", inventory, "-e", "onboarding_report_dir=" + reports)
    assert status == 0, tail(output)
    report, rows = read_report(reports, "onboarding-report")
    assert sorted(row["outcome"] for row in rows.values()) == ["created"] * 3
    with open(os.path.join(reports, "onboarding-report.md")) as handle:
        markdown = handle.read()
    assert "| service id |" in markdown.splitlines()[4]
    for row in rows.values():
        assert row["service_id"] and "| %s |" % row["service_id"] in markdown, row
    return sim, runner, inventory, reports, report


@pytest.mark.parametrize("strategy", ["per_customer", "batch"])
def test_refused_credentials_leave_no_old_onboarding_report(onboarded, strategy):
    _sim, runner, inventory, reports, old = onboarded
    status, output, _r, _s = runner.run("onboard.yml", inventory, "-e", "onboarding_report_dir=" + reports,
                                        "-e", "onboarding_strategy=" + strategy,
                                        env={"LIVE_PLATFORM_CLIENT_SECRET": "not-the-secret",
                                             "LIVE_PLATFORM_RETRIES": "0"})
    assert status != 0, tail(output)
    assert_not_the_old_report(reports, "onboarding-report", old)


def test_a_refused_offboarding_leaves_no_old_report(onboarded):
    _sim, runner, inventory, reports, _old = onboarded
    args = ("--limit", "fresh001", "-e", "offboarding_report_dir=" + reports)
    status, output, _r, _s = runner.run("offboard.yml", inventory, "-e", "offboarding_confirm=true", *args)
    assert status == 0, tail(output)
    assert len(report_files(reports, "offboarding-report")) == 2
    status, output, _r, _s = runner.run("offboard.yml", inventory, *args)  # no confirmation: the guard stops it
    assert status != 0 and "offboarding_confirm" in output, tail(output)
    assert report_files(reports, "offboarding-report") == [], tail(output)
