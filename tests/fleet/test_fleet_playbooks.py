# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Failure paths of the fleet playbooks (onboard.yml, plan.yml, offboard.yml), end to end.

Each test starts its own simulator (the ``live_platform_simulator_factory`` fixture of the simulator's pytest plugin),
writes a small inventory into ``tmp_path`` and runs ``ansible-playbook`` as a subprocess, with the collection on
``ANSIBLE_COLLECTIONS_PATH`` (the ``collections_path`` fixture of tests/conftest.py) and the connection in the
``LIVE_PLATFORM_*`` environment (``Runner`` of tests/helpers/playbooks.py). It then checks the exit status, the JSON
report, and the simulator's services and request log.

Run with ``make fleet-test`` (``pytest tests/fleet``); not part of ansible-test units.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import pytest

from helpers.playbooks import (
    AMS_PROFILE, CREATE_PATH, FRA_PROFILE, LON_PROFILE, Runner, read_report, recap, tail, write_inventory,
)

CARRIER_PASSWORD = "Fleet-Test-Carrier-Pw-81"


def tenant(number):
    return "7c9e6679-7425-40de-944b-e07fc1f9%04d" % number


def customer(number, **values):
    values.setdefault("full_name", "Fleet Test Customer %d" % number)
    values.setdefault("ms_tenant_id", tenant(number))
    values.setdefault("custom_variables", {"IPPBX-ProxyAddress": "10.77.0.%d" % number})
    return {"live_platform_customer": values}


@pytest.fixture
def simulator(live_platform_simulator_factory):
    return live_platform_simulator_factory("--deployment-time", "0.2", "--deletion-time", "0.2")


@pytest.fixture
def runner(simulator, collections_path, tmp_path):
    return Runner(simulator, collections_path, tmp_path, poll_interval=0.2)


@pytest.mark.parametrize("strategy", ["per_customer", "batch"])
def test_onboard_bad_customers_fail_alone(runner, tmp_path, strategy):
    """Bad values, unknown names and a failed deployment fail their customer only; the others are onboarded."""
    runner.sim.admin("PATCH", "faults", {"fail_deployments": {"sbc_ids": [], "script_ids": [], "short_names": ["broken1"]}})
    inventory = write_inventory(tmp_path / "hosts.yml", {
        "sbc_ams_01": (AMS_PROFILE, {
            "good1": customer(1),
            "baddot": customer(2, short_name="bad.dot"),
            "broken1": customer(3),
            "badvar": customer(4, custom_variables={"IPPBX-ProxyAddress": "10.77.0.4", "No-Such-Variable": "x"}),
        }),
        "sbc_fra_02": (FRA_PROFILE, {"good2": customer(5)}),
        "sbc_lon_03": (LON_PROFILE, {"good3": customer(8, custom_variables={}, carrier_user_name="good3-trunk",
                                                       carrier_user_password=CARRIER_PASSWORD)}),
        "sbc_nowhere": (dict(AMS_PROFILE, sbc="SBC-NOWHERE-99"), {"nosbc": customer(6)}),
        "sbc_badscript": (dict(FRA_PROFILE, onboarding_script="sbc-no-such-script"), {"noscript": customer(7)}),
    })

    status, output, report_dir, _seconds = runner.run("onboard.yml", inventory,
                                                      "-e", "onboarding_strategy=" + strategy)

    assert status == 2, tail(output)
    report, rows = read_report(report_dir, "onboarding-report")
    assert sorted(rows) == ["baddot", "badvar", "broken1", "good1", "good2", "good3", "nosbc", "noscript"]
    assert report["mode"] == "apply"
    assert report["summary"]["total"] == 8
    assert report["summary"]["failed"] == 5

    for host in ("good1", "good2", "good3"):
        assert rows[host]["outcome"] == "created", rows[host]
        assert rows[host]["status"] == "changed", rows[host]
        assert rows[host]["deployment_state"] == "Deployed", rows[host]
        assert rows[host]["service_id"], rows[host]
    expected_words = {
        "baddot": ["short_name", "dot"],
        "badvar": ["No-Such-Variable"],
        "nosbc": ["SBC-NOWHERE-99"],
        "noscript": ["sbc-no-such-script"],
        "broken1": ["SBC onboarding failed for site"],  # the platform's errorDetails
    }
    for host, words in expected_words.items():
        row = rows[host]
        assert row["outcome"] == "failed", row
        assert row["status"] == "failed", row
        for word in words:
            assert word.lower() in (row["message"] or "").lower(), (host, word, row)

    # PLAY RECAP is true per customer in both strategies: the batch's one call is not shown as its first host's.
    hosts = recap(output)
    assert sorted(hosts) == sorted(rows), hosts
    for host, counts in hosts.items():
        if host != "broken1":  # created, then its deployment failed: changed too, or not, as each strategy says
            assert (counts["changed"] > 0) == (host in ("good1", "good2", "good3")), (host, counts)
        assert counts["failed"] == (1 if host in expected_words else 0), (host, counts)

    services = runner.services_by_name()
    assert sorted(services) == ["broken1", "good1", "good2", "good3"]
    for host in ("good1", "good2", "good3"):
        assert services[host]["deploymentState"] == "Deployed", services[host]
    assert services["broken1"]["deploymentState"] == "Failed", services["broken1"]

    # The invalid customers never reached the API: the only writes are the four creates.
    writes = runner.writes()
    assert [entry["path"] for entry in writes] == [CREATE_PATH] * 4, writes
    created = sorted(str(entry["body"].get("shortName")).lower() for entry in writes)
    assert created == ["broken1", "good1", "good2", "good3"], writes

    # Neither the output nor the report shows the carrier password.
    assert CARRIER_PASSWORD not in output
    for name in ("onboarding-report.json", "onboarding-report.md"):
        with open(os.path.join(report_dir, name)) as handle:
            assert CARRIER_PASSWORD not in handle.read(), name


@pytest.mark.parametrize("strategy", ["per_customer", "batch"])
def test_plan_writes_nothing(runner, tmp_path, strategy):
    """plan.yml (check mode) predicts would_create and drift, and makes no write call."""
    hosts = {"existing1": customer(11), "new1": customer(12)}
    inventory = write_inventory(tmp_path / "hosts.yml", {"sbc_ams_01": (AMS_PROFILE, hosts)})
    status, output, _report_dir, _seconds = runner.run("onboard.yml", inventory, "--limit", "existing1")
    assert status == 0, tail(output)
    assert sorted(runner.services_by_name()) == ["existing1"]

    hosts["existing1"]["live_platform_customer"]["full_name"] = "Renamed Customer 11"
    inventory = write_inventory(tmp_path / "hosts.yml", {"sbc_ams_01": (AMS_PROFILE, hosts)})
    since = runner.last_seq()
    status, output, report_dir, _seconds = runner.run("plan.yml", inventory, "-e", "onboarding_strategy=" + strategy)

    assert status == 0, tail(output)
    assert runner.writes(since) == []
    assert sorted(runner.services_by_name()) == ["existing1"]
    report, rows = read_report(report_dir, "plan-report")
    assert report["mode"] == "check"
    assert rows["new1"]["outcome"] == "would_create", rows["new1"]
    assert rows["existing1"]["outcome"] == "drifted", rows["existing1"]
    assert "full_name" in [drift["field"] for drift in rows["existing1"]["drift"]], rows["existing1"]
    assert not os.path.exists(os.path.join(report_dir, "onboarding-report.json"))


def test_offboarding_guards(runner, tmp_path):
    """offboard.yml deletes nothing without offboarding_confirm, nor when over offboarding_max_deletions."""
    hosts = dict(("gone%d" % number, customer(20 + number)) for number in (1, 2, 3))
    inventory = write_inventory(tmp_path / "hosts.yml", {"sbc_ams_01": (AMS_PROFILE, hosts)})
    status, output, _report_dir, _seconds = runner.run("onboard.yml", inventory)
    assert status == 0, tail(output)
    assert sorted(runner.services_by_name()) == ["gone1", "gone2", "gone3"]

    since = runner.last_seq()
    status, output, _report_dir, _seconds = runner.run("offboard.yml", inventory)
    assert status == 2, tail(output)
    assert "offboarding_confirm" in output, tail(output)
    assert runner.writes(since) == []
    assert sorted(runner.services_by_name()) == ["gone1", "gone2", "gone3"]

    status, output, _report_dir, _seconds = runner.run("offboard.yml", inventory, "-e", "offboarding_confirm=true",
                                                       "-e", "offboarding_max_deletions=2")
    assert status == 2, tail(output)
    assert "offboarding_max_deletions" in output, tail(output)
    assert runner.writes(since) == []
    assert sorted(runner.services_by_name()) == ["gone1", "gone2", "gone3"]

    # Confirmed and within the limit: everything goes, and the report says so.
    status, output, report_dir, _seconds = runner.run("offboard.yml", inventory, "-e", "offboarding_confirm=true")
    assert status == 0, tail(output)
    assert runner.services_by_name() == {}
    report, rows = read_report(report_dir, "offboarding-report")
    assert report["summary"]["total"] == 3
    assert set(row["outcome"] for row in rows.values()) == {"deleted"}, rows


def test_per_customer_signs_in_once_and_a_noop_rerun_reads_each_customer_once(runner, tmp_path):
    """per_customer: one token and one read of each catalogue per run (the session task), then each customer's own
    calls; on a no-op rerun one read per customer. The token is in no output, even at -vvvv."""
    hosts = dict(("pc%d" % number, customer(40 + number)) for number in range(1, 5))
    hosts["pc4"]["live_platform_customer"].update(carrier_user_name="pc4-trunk", carrier_user_password=CARRIER_PASSWORD)
    inventory = write_inventory(tmp_path / "hosts.yml", {"sbc_ams_01": (AMS_PROFILE, hosts)})
    routes = []
    for run in ("first", "rerun"):
        since = runner.last_seq()
        status, output, report_dir, _seconds = runner.run("onboard.yml", inventory, "-vvvv",
                                                          "-e", "onboarding_strategy=per_customer")
        assert status == 0, tail(output)
        _report, rows = read_report(report_dir, "onboarding-report")
        assert set(row["outcome"] for row in rows.values()) == {"created" if run == "first" else "unchanged"}, rows
        calls = [entry for entry in runner.requests(since) if entry["seq"] > since]
        routes.append(sorted("%s %s" % (entry["method"], entry["path"].split("?")[0]) for entry in calls))
        for secret in runner.sim.admin("GET", "tokens")["tokens"] + [runner.sim.client_secret, CARRIER_PASSWORD]:
            assert secret not in output, run
    first, rerun = routes
    for calls in (first, rerun):
        assert len([call for call in calls if call.endswith("/oauth2/v2.0/token")]) == 1, calls
        assert len([call for call in calls if call.endswith("/api/v2/sbc")]) == 1, calls
        assert len([call for call in calls if "/scripttemplates" in call]) == 1, calls
    assert len([call for call in first if call == "POST " + CREATE_PATH]) == 4, first
    # The rerun: the run's four (token, two catalogues, one list), then one read per customer.
    assert len(rerun) <= 4 + 4 * 1, rerun
    assert not [call for call in rerun if call.startswith(("POST /tenantui", "PATCH", "DELETE"))], rerun
