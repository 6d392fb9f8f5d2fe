# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Failure paths of the fleet playbooks (onboard.yml, plan.yml, offboard.yml), end to end.

Each test starts its own simulator (the ``live_platform_simulator_factory`` fixture of the simulator's pytest plugin),
writes a small inventory into ``tmp_path`` and runs ``ansible-playbook`` as a subprocess, with the collection on
``ANSIBLE_COLLECTIONS_PATH`` (a copy made by hack/build-copy.py) and the connection in the ``LIVE_PLATFORM_*``
environment. It then checks the exit status, the JSON report, and the simulator's services and request log.

Run with ``make fleet-test`` (``pytest tests/fleet``); not part of ansible-test units.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ANSIBLE_PLAYBOOK = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
CREATE_PATH = "/tenantui/api/v2/customer"
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

AMS_PROFILE = {
    "sbc": "SBC-AMS-01",
    "onboarding_script": "sbc-hosted-essentials",
    "proxy_set": "IPPBX",
    "cac_profile": "10 sessions",
    "online_pstn_gateway": "{short_name}.ams.dr.example.net",
    "custom_variables": {"IPPBX-ProxyAddress-SIPPort": "5060", "SIP-HostName": "pbx.example.com"},
}
LON_PROFILE = {
    "sbc": "SBC-LON-03",
    "onboarding_script": "sbc-carrier-registration",
    "proxy_set": "Carrier-LON",
    "cac_profile": "5 sessions",
    "carrier_host_name": "sip.carrier-lon.example.net",
    "custom_variables": {"Carrier-Region": "UK-South", "Carrier-Trunk-Group": "TG-LON-01"},
}
CARRIER_PASSWORD = "Fleet-Test-Carrier-Pw-81"
FRA_PROFILE = {
    "sbc": "SBC-FRA-02",
    "onboarding_script": "sbc-scenario7",
    "proxy_set": "SIPTrunk",
    "cac_profile": "10 sessions",
    "custom_variables": {"IPPBX-ProxyAddress-SIPPort": "5061"},
}


def tenant(number):
    return "7c9e6679-7425-40de-944b-e07fc1f9%04d" % number


def customer(number, **values):
    values.setdefault("full_name", "Fleet Test Customer %d" % number)
    values.setdefault("ms_tenant_id", tenant(number))
    values.setdefault("custom_variables", {"IPPBX-ProxyAddress": "10.77.0.%d" % number})
    return {"live_platform_customer": values}


def write_inventory(path, groups):
    """groups: {group name: (profile, {host: host vars})}; every group a child of live_platform_customers."""
    children = {}
    for name, (profile, hosts) in groups.items():
        children[name] = {"vars": {"live_platform_sbc_profile": profile}, "hosts": hosts}
    inventory = {"live_platform_customers": {"children": children}}
    with open(str(path), "w") as handle:
        yaml.safe_dump(inventory, handle, default_flow_style=False)
    return str(path)


@pytest.fixture(scope="session")
def collections_path(tmp_path_factory):
    """A fresh copy of the collection, as hack/demo.sh and hack/molecule.sh use it."""
    base = tmp_path_factory.mktemp("collections")
    with open(os.path.join(ROOT, "galaxy.yml")) as handle:
        galaxy = yaml.safe_load(handle)
    dest = base / "ansible_collections" / galaxy["namespace"] / galaxy["name"]
    subprocess.run([sys.executable, os.path.join(ROOT, "hack", "build-copy.py"), str(dest)], check=True,
                   stdout=subprocess.DEVNULL)
    return str(base)


@pytest.fixture
def simulator(live_platform_simulator_factory):
    return live_platform_simulator_factory("--deployment-time", "0.2", "--deletion-time", "0.2")


class Runner(object):
    """Runs the fleet playbooks against one simulator; keeps each run's output in tmp_path."""

    def __init__(self, sim, collections, tmp_path):
        self.sim = sim
        self.tmp_path = tmp_path
        self.runs = 0
        self.env = dict(os.environ)
        self.env.update({
            "ANSIBLE_COLLECTIONS_PATH": collections,
            "ANSIBLE_FORCE_COLOR": "0",
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_RETRY_FILES_ENABLED": "0",
            "LIVE_PLATFORM_BASE_URL": sim.base_url,
            "LIVE_PLATFORM_AUTH_URL": sim.auth_url,
            "LIVE_PLATFORM_TENANT_ID": sim.tenant_id,
            "LIVE_PLATFORM_CLIENT_ID": sim.client_id,
            "LIVE_PLATFORM_CLIENT_SECRET": sim.client_secret,
        })
        self.env.pop("LIVE_PLATFORM_REPORT_DIR", None)

    def run(self, playbook, inventory, *args):
        """ansible-playbook; returns (exit status, output, report folder)."""
        self.runs += 1
        report_dir = str(self.tmp_path / ("reports-%d" % self.runs))
        command = [ANSIBLE_PLAYBOOK, "-i", inventory, "-f", "10", os.path.join(ROOT, "playbooks", playbook),
                   "-e", "onboarding_report_dir=%s" % report_dir, "-e", "offboarding_report_dir=%s" % report_dir,
                   "-e", "onboarding_poll_interval=0.2", "-e", "offboarding_poll_interval=0.2"] + list(args)
        result = subprocess.run(command, cwd=str(self.tmp_path), env=self.env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, timeout=300, check=False)
        output = result.stdout.decode("utf-8", "replace")
        with open(str(self.tmp_path / ("run-%d.log" % self.runs)), "w") as handle:
            handle.write(output)
        return result.returncode, output, report_dir

    def services(self):
        """The simulator's services by lower-case short name."""
        return dict((svc["shortName"].lower(), svc) for svc in self.sim.admin("GET", "services"))

    def writes(self, since=0):
        """The write calls the API got (token requests excluded)."""
        return [entry for entry in self.sim.admin("GET", "requests?since=%d" % since)
                if entry["method"] in WRITE_METHODS and entry["path"].startswith("/tenantui/")]

    def last_seq(self):
        entries = self.sim.admin("GET", "requests")
        return max([entry["seq"] for entry in entries] or [0])


@pytest.fixture
def runner(simulator, collections_path, tmp_path):
    return Runner(simulator, collections_path, tmp_path)


def read_report(report_dir, name):
    with open(os.path.join(report_dir, name + ".json")) as handle:
        report = json.load(handle)
    assert os.path.isfile(os.path.join(report_dir, name + ".md"))
    return report, dict((row["customer"], row) for row in report["customers"])


def tail(output, lines=60):
    return "\n".join(output.splitlines()[-lines:])


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

    status, output, report_dir = runner.run("onboard.yml", inventory, "-e", "onboarding_strategy=" + strategy)

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

    services = runner.services()
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
    status, output, _report_dir = runner.run("onboard.yml", inventory, "--limit", "existing1")
    assert status == 0, tail(output)
    assert sorted(runner.services()) == ["existing1"]

    hosts["existing1"]["live_platform_customer"]["full_name"] = "Renamed Customer 11"
    inventory = write_inventory(tmp_path / "hosts.yml", {"sbc_ams_01": (AMS_PROFILE, hosts)})
    since = runner.last_seq()
    status, output, report_dir = runner.run("plan.yml", inventory, "-e", "onboarding_strategy=" + strategy)

    assert status == 0, tail(output)
    assert runner.writes(since) == []
    assert sorted(runner.services()) == ["existing1"]
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
    status, output, _report_dir = runner.run("onboard.yml", inventory)
    assert status == 0, tail(output)
    assert sorted(runner.services()) == ["gone1", "gone2", "gone3"]

    since = runner.last_seq()
    status, output, _report_dir = runner.run("offboard.yml", inventory)
    assert status == 2, tail(output)
    assert "offboarding_confirm" in output, tail(output)
    assert runner.writes(since) == []
    assert sorted(runner.services()) == ["gone1", "gone2", "gone3"]

    status, output, _report_dir = runner.run("offboard.yml", inventory, "-e", "offboarding_confirm=true",
                                             "-e", "offboarding_max_deletions=2")
    assert status == 2, tail(output)
    assert "offboarding_max_deletions" in output, tail(output)
    assert runner.writes(since) == []
    assert sorted(runner.services()) == ["gone1", "gone2", "gone3"]

    # Confirmed and within the limit: everything goes, and the report says so.
    status, output, report_dir = runner.run("offboard.yml", inventory, "-e", "offboarding_confirm=true")
    assert status == 0, tail(output)
    assert runner.services() == {}
    report, rows = read_report(report_dir, "offboarding-report")
    assert report["summary"]["total"] == 3
    assert set(row["outcome"] for row in rows.values()) == {"deleted"}, rows
