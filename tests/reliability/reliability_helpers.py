# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Shared helpers of tests/reliability: fleets, the playbook runner, the simulator's log and metrics.

The runner follows tests/fleet/test_fleet_playbooks.py (a collection copy on ANSIBLE_COLLECTIONS_PATH, the
connection in the LIVE_PLATFORM_* environment, ansible-playbook as a subprocess).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys
import time

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ANSIBLE_PLAYBOOK = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
CREATE_PATH = "/tenantui/api/v2/customer"
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# Figures each test records; conftest.py prints them (RELIABILITY <name> {...}) and writes them to a JSON file.
FIGURES = {}

AMS_PROFILE = {
    "sbc": "SBC-AMS-01",
    "onboarding_script": "sbc-hosted-essentials",
    "proxy_set": "IPPBX",
    "cac_profile": "10 sessions",
    "online_pstn_gateway": "{short_name}.ams.dr.example.net",
    "custom_variables": {"IPPBX-ProxyAddress-SIPPort": "5060", "SIP-HostName": "pbx.example.com"},
}
FRA_PROFILE = {
    "sbc": "SBC-FRA-02",
    "onboarding_script": "sbc-scenario7",
    "proxy_set": "SIPTrunk",
    "cac_profile": "10 sessions",
    "custom_variables": {"IPPBX-ProxyAddress-SIPPort": "5061"},
}
LON_PROFILE = {
    "sbc": "SBC-LON-03",
    "onboarding_script": "sbc-carrier-registration",
    "proxy_set": "Carrier-LON",
    "cac_profile": "5 sessions",
    "carrier_host_name": "sip.carrier-lon.example.net",
    "custom_variables": {"Carrier-Region": "UK-South", "Carrier-Trunk-Group": "TG-LON-01"},
}
PROFILES = (("sbc_ams_01", AMS_PROFILE), ("sbc_fra_02", FRA_PROFILE), ("sbc_lon_03", LON_PROFILE))


def env_int(name, default):
    return int(os.environ.get(name, default))


def env_float(name, default):
    return float(os.environ.get(name, default))


def tenant(number):
    return "7c9e6679-7425-40de-944b-%012d" % number


def carrier_password(prefix, number):
    return "%s-Pw-%04d-Zq9x" % (prefix, number)


def fleet(count, prefix="rel", password_prefix="Rel"):
    """count valid customers spread over the three SBCs: {group: (profile, {host: vars})}.

    LON customers carry carrier credentials (a distinct password each), the others IP-PBX variables.
    """
    groups = dict((name, (profile, {})) for name, profile in PROFILES)
    passwords = {}
    for number in range(1, count + 1):
        name, _profile = PROFILES[number % 3]
        host = "%s%03d" % (prefix, number)
        values = {"full_name": "Reliability Customer %d" % number, "ms_tenant_id": tenant(number)}
        if name == "sbc_lon_03":
            values["carrier_user_name"] = "%s-trunk" % host
            values["carrier_user_password"] = passwords[host] = carrier_password(password_prefix, number)
            values["carrier_main_line"] = "+4420790%05d" % number
        elif name == "sbc_ams_01":
            values["custom_variables"] = {"IPPBX-ProxyAddress": "10.77.%d.%d" % (number // 250, number % 250 + 1)}
        groups[name][1][host] = {"live_platform_customer": values}
    return groups, passwords


def write_inventory(path, groups):
    """groups: {group name: (profile, {host: host vars})}; every group a child of live_platform_customers."""
    children = {}
    for name, (profile, hosts) in groups.items():
        children[name] = {"vars": {"live_platform_sbc_profile": profile}, "hosts": hosts}
    inventory = {"live_platform_customers": {"children": children}}
    with open(str(path), "w") as handle:
        yaml.safe_dump(inventory, handle, default_flow_style=False, allow_unicode=True)
    return str(path)


def hosts_of(groups):
    return sorted(host for _profile, hosts in groups.values() for host in hosts)


class Runner(object):
    """Runs the fleet playbooks against one simulator; keeps each run's output in tmp_path."""

    def __init__(self, sim, collections, tmp_path, forks=10):
        self.sim = sim
        self.tmp_path = tmp_path
        self.forks = forks
        self.runs = 0
        self.env = dict(os.environ)
        self.env.update({
            "ANSIBLE_COLLECTIONS_PATH": collections,
            "ANSIBLE_FORCE_COLOR": "0",
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_RETRY_FILES_ENABLED": "0",
            "ANSIBLE_LOCALHOST_WARNING": "0",
            "LIVE_PLATFORM_AUTH_URL": sim.auth_url,
            "LIVE_PLATFORM_BASE_URL": sim.base_url,
            "LIVE_PLATFORM_TENANT_ID": sim.tenant_id,
            "LIVE_PLATFORM_CLIENT_ID": sim.client_id,
            "LIVE_PLATFORM_CLIENT_SECRET": sim.client_secret,
        })
        for name in ("LIVE_PLATFORM_REPORT_DIR", "LIVE_PLATFORM_CA_PATH", "LIVE_PLATFORM_VALIDATE_CERTS",
                     "LIVE_PLATFORM_ACCESS_TOKEN", "LIVE_PLATFORM_RETRIES", "LIVE_PLATFORM_TIMEOUT"):
            self.env.pop(name, None)

    def command(self, playbook, inventories, args, report_dir):
        if not isinstance(inventories, (list, tuple)):
            inventories = [inventories]
        command = [ANSIBLE_PLAYBOOK, "-f", str(self.forks)]
        for inventory in inventories:
            command += ["-i", inventory]
        path = playbook if os.path.isabs(playbook) else os.path.join(ROOT, "playbooks", playbook)
        return command + [path, "-e", "onboarding_report_dir=%s" % report_dir,
                          "-e", "offboarding_report_dir=%s" % report_dir,
                          "-e", "onboarding_poll_interval=0.3", "-e", "offboarding_poll_interval=0.3",
                          "-e", "onboarding_concurrency=%d" % self.forks,
                          "-e", "offboarding_concurrency=%d" % self.forks] + list(args)

    def start(self, playbook, inventories, *args, **kwargs):
        """Start ansible-playbook without waiting: (process, log path, report folder)."""
        self.runs += 1
        report_dir = str(self.tmp_path / ("reports-%d" % self.runs))
        log_path = str(self.tmp_path / ("run-%d.log" % self.runs))
        env = dict(self.env, **kwargs.get("env", {}))
        log = open(log_path, "wb")
        process = subprocess.Popen(self.command(playbook, inventories, args, report_dir), cwd=str(self.tmp_path),
                                   env=env, stdout=log, stderr=subprocess.STDOUT)
        process.log_file = log
        return process, log_path, report_dir

    @staticmethod
    def finish(process, log_path, timeout=900):
        try:
            process.wait(timeout)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            process.log_file.close()
        with open(log_path, "rb") as handle:
            return process.returncode, handle.read().decode("utf-8", "replace")

    def run(self, playbook, inventories, *args, **kwargs):
        """ansible-playbook; returns (exit status, output, report folder, seconds)."""
        began = time.monotonic()
        process, log_path, report_dir = self.start(playbook, inventories, *args, **kwargs)
        status, output = self.finish(process, log_path)
        return status, output, report_dir, time.monotonic() - began

    # --- the simulator's view ---------------------------------------------------------------------------------
    def services(self):
        """The simulator's services as a list (duplicates would show as two entries)."""
        return self.sim.admin("GET", "services")

    def services_by_name(self):
        return dict((svc["shortName"].lower(), svc) for svc in self.services())

    def requests(self, since=0):
        return self.sim.admin("GET", "requests?since=%d" % since)

    def writes(self, since=0):
        """The write calls the API got (token requests excluded)."""
        return [entry for entry in self.requests(since)
                if entry["method"] in WRITE_METHODS and entry["path"].startswith("/tenantui/")]

    def last_seq(self):
        return max([entry["seq"] for entry in self.requests()] or [0])


def read_report(report_dir, name):
    with open(os.path.join(report_dir, name + ".json")) as handle:
        report = json.load(handle)
    assert os.path.isfile(os.path.join(report_dir, name + ".md"))
    return report, dict((row["customer"], row) for row in report["customers"])


def read_jsonl(path):
    if not os.path.exists(path):
        return []
    with open(path) as handle:
        return [json.loads(line) for line in handle if line.strip()]


def add_metrics(total, snapshot):
    """Sum two /_simulator/metrics snapshots' fault and status counters (metrics restart with the process)."""
    for name, count in snapshot.get("faults", {}).items():
        total.setdefault("faults", {})[name] = total.get("faults", {}).get(name, 0) + count
    total["requests"] = total.get("requests", 0) + snapshot.get("total", {}).get("requests", 0)
    statuses = total.setdefault("statuses", {})
    for route in snapshot.get("routes", {}).values():
        for status, count in route.get("statuses", {}).items():
            statuses[status] = statuses.get(status, 0) + count
    return total


def tail(output, lines=80):
    return "\n".join(output.splitlines()[-lines:])
