# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""playbooks/prune.yml against the simulator: it deletes exactly the services that are not in the fleet inventory,
behind the offboarding guards, refuses an inventory without customers, and survives one failed deletion.

The platform's services are seeded directly (POST /_simulator/seed, created at once as Deployed), so each run only
costs the prune itself. Run with ``pytest tests/gitops`` (see the Makefile's gitops-test target).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import pytest

from helpers.playbooks import AMS_PROFILE, FRA_PROFILE, Runner, read_report, seed_services, tail, write_inventory

# The fleet: host names, with one short name that differs from its host and one that differs only in case.
FLEET = {
    "sbc_ams_01": (AMS_PROFILE, {"keep1": {}, "Keep2": {},
                                 "host3": {"live_platform_customer": {"short_name": "KeepThree"}}}),
    "sbc_fra_02": (FRA_PROFILE, {"keep4": {}}),
}
# On the platform: the fleet's services (in other cases) and three that are not in the inventory.
FLEET_SERVICES = ["KEEP1", "keep2", "keepthree", "Keep4"]
EXTRAS = ["extra1", "Extra2", "host3"]  # host3: an inventory host name, but its customer's short name is KeepThree


@pytest.fixture
def simulator(live_platform_simulator_factory):
    return live_platform_simulator_factory("--deletion-time", "0.2")


@pytest.fixture
def runner(simulator, collections_path, tmp_path):
    return Runner(simulator, collections_path, tmp_path, poll_interval=0.2)


@pytest.fixture
def inventory(tmp_path):
    return write_inventory(tmp_path / "hosts.yml", FLEET)


def ids(runner):
    return dict((svc["shortName"], svc["id"]) for svc in runner.services())


def test_dry_run_lists_exactly_the_extras(runner, inventory):
    """--check: the report lists the services not in the inventory as would_delete; no write call."""
    seed_services(runner.sim, FLEET_SERVICES + EXTRAS)
    before = ids(runner)
    since = runner.last_seq()

    status, output, report_dir, _seconds = runner.run("prune.yml", inventory, "--check")

    assert status == 0, tail(output)
    assert runner.writes(since) == []
    assert ids(runner) == before
    report, rows = read_report(report_dir, "prune-report")
    assert report["mode"] == "check"
    assert sorted(rows) == sorted(EXTRAS)
    assert set(row["outcome"] for row in rows.values()) == {"would_delete"}, rows
    assert dict((name, rows[name]["service_id"]) for name in EXTRAS) == dict((name, before[name]) for name in EXTRAS)
    assert report["summary"] == {"total": 3, "failed": 0, "changed": 3, "outcomes": {"would_delete": 3}}
    assert runner.sim.client_secret not in output


def test_guards_then_confirmed(runner, inventory):
    """No confirmation, more than offboarding_max_deletions, or a --limit: nothing deleted. A dry run over the maximum
    reports and fails. Confirmed: the extras are gone, the fleet's services untouched."""
    seed_services(runner.sim, FLEET_SERVICES + EXTRAS)
    before = ids(runner)
    since = runner.last_seq()

    status, output, _r, _s = runner.run("prune.yml", inventory)
    assert status == 2, tail(output)
    assert "offboarding_confirm" in output, tail(output)

    status, output, _r, _s = runner.run("prune.yml", inventory, "-e", "offboarding_confirm=true",
                                        "-e", "offboarding_max_deletions=2")
    assert status == 2, tail(output)
    assert "3 services would be deleted" in output and "offboarding_max_deletions=2" in output, tail(output)

    status, output, report_dir, _s = runner.run("prune.yml", inventory, "--check",
                                                "-e", "offboarding_max_deletions=2")
    assert status == 2, tail(output)
    assert "offboarding_max_deletions=2" in output, tail(output)
    _report, rows = read_report(report_dir, "prune-report")
    assert sorted(rows) == sorted(EXTRAS)

    # A --limit (one customer) cannot make the rest of the fleet look like extras: the play (localhost) does not run.
    status, output, _r, _s = runner.run("prune.yml", inventory, "-e", "offboarding_confirm=true", "--limit", "keep1")
    assert "no hosts matched" in output, tail(output)

    assert runner.writes(since) == []
    assert ids(runner) == before

    # Confirmed and within the maximum: exactly the extras go.
    status, output, report_dir, _s = runner.run("prune.yml", inventory, "-e", "offboarding_confirm=true")
    assert status == 0, tail(output)
    assert ids(runner) == dict((name, before[name]) for name in FLEET_SERVICES)
    deleted = sorted(entry["path"].rsplit("/", 1)[1] for entry in runner.writes(since))
    assert deleted == sorted(before[name] for name in EXTRAS)
    report, rows = read_report(report_dir, "prune-report")
    assert report["mode"] == "apply"
    assert sorted(rows) == sorted(EXTRAS)
    assert set(row["outcome"] for row in rows.values()) == {"deleted"}, rows

    # Nothing left to prune: a confirmed run deletes nothing and reports an empty list.
    since = runner.last_seq()
    status, output, report_dir, _s = runner.run("prune.yml", inventory, "-e", "offboarding_confirm=true")
    assert status == 0, tail(output)
    assert runner.writes(since) == []
    report, _rows = read_report(report_dir, "prune-report")
    assert report["summary"]["total"] == 0


@pytest.mark.parametrize("case", ["empty group", "mistyped group", "empty inventory file"])
def test_an_inventory_without_customers_is_refused(runner, tmp_path, case):
    """Zero customers would make every service an extra: refused, confirmed or not, check mode or not."""
    seed_services(runner.sim, FLEET_SERVICES)
    before = ids(runner)
    args = ["-e", "offboarding_confirm=true", "-e", "offboarding_max_deletions=100"]
    if case == "empty group":
        inventory = write_inventory(tmp_path / "hosts.yml", {"sbc_ams_01": (AMS_PROFILE, {})})
    elif case == "mistyped group":
        inventory = write_inventory(tmp_path / "hosts.yml", FLEET)
        args += ["-e", "live_platform_hosts=live_platform_customer"]
    else:
        inventory = str(tmp_path / "hosts.yml")
        with open(inventory, "w") as handle:
            handle.write("---\n")
    since = runner.last_seq()
    for extra in ([], ["--check"]):
        status, output, report_dir, _s = runner.run("prune.yml", inventory, *(args + extra))
        assert status == 2, (extra, tail(output))
        assert "matches no host of the inventory" in output, (extra, tail(output))
        assert not os.path.exists(os.path.join(report_dir, "prune-report.json"))
    assert runner.writes(since) == []
    assert ids(runner) == before


def test_one_failed_deletion_does_not_stop_the_others(runner, inventory):
    """The platform refuses one DELETE: the other extras are deleted, the report says which failed, exit status 2."""
    seed_services(runner.sim, FLEET_SERVICES + EXTRAS)
    before = ids(runner)
    runner.sim.admin("PATCH", "faults", {"script": [
        {"match": {"method": "DELETE", "path": "/tenantui/api/v2/customer/%s" % before["Extra2"]},
         "action": "status", "status": 500, "times": 20}]})

    status, output, report_dir, _s = runner.run("prune.yml", inventory, "-e", "offboarding_confirm=true")

    assert status == 2, tail(output)
    assert "1 of 3 services could not be deleted: Extra2" in output, tail(output)
    assert sorted(ids(runner)) == sorted(FLEET_SERVICES + ["Extra2"])
    report, rows = read_report(report_dir, "prune-report")
    assert report["summary"]["failed"] == 1
    assert rows["Extra2"]["outcome"] == "failed" and "500" in rows["Extra2"]["message"], rows["Extra2"]
    assert rows["extra1"]["outcome"] == rows["host3"]["outcome"] == "deleted", rows


def test_match_and_exclude_narrow_what_may_go(runner, inventory):
    """offboarding_prune_match / offboarding_prune_exclude (case-insensitive): services outside them are never
    candidates, even when they are not in the inventory."""
    seed_services(runner.sim, FLEET_SERVICES + ["acme-1", "ACME-2", "acme-keep", "other1"])
    status, output, report_dir, _s = runner.run("prune.yml", inventory, "-e", "offboarding_confirm=true",
                                                "-e", "offboarding_prune_match=^acme-",
                                                "-e", "offboarding_prune_exclude=KEEP$")
    assert status == 0, tail(output)
    _report, rows = read_report(report_dir, "prune-report")
    assert sorted(rows) == ["ACME-2", "acme-1"]
    assert sorted(ids(runner)) == sorted(FLEET_SERVICES + ["acme-keep", "other1"])
