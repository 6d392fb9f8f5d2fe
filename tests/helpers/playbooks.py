# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the pytest suites that run the playbooks share (tests/fleet, tests/reliability, tests/gitops).

A copy of the collection on ANSIBLE_COLLECTIONS_PATH (``copy_collection``, behind the ``collections_path`` fixture of
tests/conftest.py), simulators started with the simulator's pytest plugin, a small inventory written by the test
(``write_inventory``), ``ansible-playbook`` run as a subprocess with the connection in the ``LIVE_PLATFORM_*``
environment (``Runner``), then the exit status, the JSON report and the simulator's services and request log checked.
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
# One read through a module, for the tests of a connection: "SBCS <count>" in the output when it worked.
SBC_INFO_PLAYBOOK = """---
- hosts: localhost
  gather_facts: false
  connection: local
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
  tasks:
    - audiocodes.live_platform.sbc_info:
      register: listed
    - debug:
        msg: "SBCS {{ listed.sbcs | length }}"
"""
# Variables a developer's shell may hold that would change what the playbooks do; the runner's environment drops them.
UNSET_VARIABLES = ("LIVE_PLATFORM_REPORT_DIR", "LIVE_PLATFORM_CA_PATH", "LIVE_PLATFORM_VALIDATE_CERTS",
                   "LIVE_PLATFORM_ACCESS_TOKEN", "LIVE_PLATFORM_RETRIES", "LIVE_PLATFORM_TIMEOUT", "LIVE_PLATFORM_PROXY")


def collection_dir(base):
    """Where the collection is below base, a folder on ANSIBLE_COLLECTIONS_PATH."""
    with open(os.path.join(ROOT, "galaxy.yml")) as handle:
        galaxy = yaml.safe_load(handle)
    return os.path.join(str(base), "ansible_collections", galaxy["namespace"], galaxy["name"])


def copy_collection(base):
    """A fresh copy of the collection below base (hack/build-copy.py, as hack/demo.sh and hack/molecule.sh use it);
    returns base, the folder to put on ANSIBLE_COLLECTIONS_PATH."""
    subprocess.run([sys.executable, os.path.join(ROOT, "hack", "build-copy.py"), collection_dir(base)], check=True,
                   stdout=subprocess.DEVNULL)
    return str(base)


def write_inventory(path, groups):
    """groups: {group name: (profile, {host: host vars})}; every group a child of live_platform_customers."""
    children = {}
    for name, (profile, hosts) in groups.items():
        children[name] = {"vars": {"live_platform_sbc_profile": profile}, "hosts": hosts}
    inventory = {"live_platform_customers": {"children": children}}
    with open(str(path), "w") as handle:
        yaml.safe_dump(inventory, handle, default_flow_style=False, allow_unicode=True)
    return str(path)


def simulator_environment(sim):
    """The LIVE_PLATFORM_* connection to one simulator, as a credential type or a pipeline's secrets give it."""
    return {
        "LIVE_PLATFORM_AUTH_URL": sim.auth_url,
        "LIVE_PLATFORM_BASE_URL": sim.base_url,
        "LIVE_PLATFORM_TENANT_ID": sim.tenant_id,
        "LIVE_PLATFORM_CLIENT_ID": sim.client_id,
        "LIVE_PLATFORM_CLIENT_SECRET": sim.client_secret,
    }


def seed_services(sim, short_names, sbc_id=8, onboarding_script=7, cleanup_script=700):
    """Replace the simulator's services with these, created at once as Deployed (POST /_simulator/seed with the
    default seed's catalogues); by default on SBC-FRA-02 with sbc-scenario7."""
    import live_platform_simulator
    seed_file = os.path.join(os.path.dirname(live_platform_simulator.__file__), "seeds", "default.yaml")
    with open(seed_file) as handle:
        seed = yaml.safe_load(handle)
    seed["services"] = [
        {"shortName": name, "fullName": "Seeded %s" % name, "msTenantId": "4bf50a33-a383-4d3f-9403-%012d" % number,
         "siteLocation": {"sbcId": sbc_id, "sbcOnboardingScript": onboarding_script,
                          "sbcCleanupScript": cleanup_script}}
        for number, name in enumerate(short_names, 1)]
    created = sim.admin("POST", "seed", seed)["services"]
    assert created == len(short_names), created


class Runner(object):
    """Runs the fleet playbooks against one simulator; keeps each run's output in tmp_path."""

    def __init__(self, sim, collections, tmp_path, forks=10, poll_interval=0.3):
        self.sim = sim
        self.tmp_path = tmp_path
        self.forks = forks
        self.poll_interval = poll_interval
        self.runs = 0
        self.env = dict(os.environ)
        self.env.update({
            "ANSIBLE_COLLECTIONS_PATH": collections,
            "ANSIBLE_FORCE_COLOR": "0",
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_RETRY_FILES_ENABLED": "0",
            "ANSIBLE_LOCALHOST_WARNING": "0",
        })
        self.env.update(simulator_environment(sim))
        for name in UNSET_VARIABLES:
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
                          "-e", "onboarding_poll_interval=%s" % self.poll_interval,
                          "-e", "offboarding_poll_interval=%s" % self.poll_interval,
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
        """The simulator's services by lower-case short name."""
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
    """(the JSON report, its rows by customer); the Markdown report must exist beside it."""
    with open(os.path.join(report_dir, name + ".json")) as handle:
        report = json.load(handle)
    assert os.path.isfile(os.path.join(report_dir, name + ".md"))
    return report, dict((row["customer"], row) for row in report["customers"])


def tail(output, lines=80):
    return "\n".join(output.splitlines()[-lines:])


def recap(output):
    """PLAY RECAP by host: {host: {"ok": n, "changed": n, "failed": n, ...}}."""
    counts = {}
    for line in output.split("PLAY RECAP", 1)[-1].splitlines():
        words = line.split()
        if len(words) > 2 and words[1] == ":":
            counts[words[0]] = dict((key, int(value)) for key, value in (word.split("=") for word in words[2:]))
    return counts
