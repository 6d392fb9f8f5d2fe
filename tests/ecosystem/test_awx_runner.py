# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The job templates of docs/awx.md, run the way AWX runs them, against the simulator.

AWX runs a job with ansible-runner (``ansible_runner.run``) in a private data directory, with the environment its
credentials inject. Here each job gets:

* the environment rendered from extensions/awx/credential_type.yml for a credential holding the simulator's API
  client (conftest.inject_credential, AWX's rules), and no other LIVE_PLATFORM_* variable;
* the project (a copy of the collection, hack/build-copy.py), the collection on ANSIBLE_COLLECTIONS_PATH;
* the inventory examples/demo_fleet (its vault opened through the password prompt, as an AWX Vault credential
  does), or a small inventory of its own when that folder is missing;
* the extra variables of the job template and its survey (docs/awx.md).

Then it checks the job's status and exit code, the ``live_platform_report`` the playbook hands to ``set_stats``
(the ``artifact_data`` of the ``playbook_on_stats`` event, which AWX stores as the job's artifacts and passes to the
next workflow node), the simulator's services, and that the client secret shows nowhere in the job's output.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import shutil
import sys
import time

import pytest
import yaml

from conftest import ROOT, inject_credential, simulator_credential_inputs

ansible_runner = pytest.importorskip("ansible_runner")

DEMO_FLEET = os.path.join(ROOT, "examples", "demo_fleet")
SMALL_PROFILE = {
    "sbc": "SBC-AMS-01", "onboarding_script": "sbc-hosted-essentials", "proxy_set": "IPPBX",
    "cac_profile": "10 sessions", "custom_variables": {"IPPBX-ProxyAddress-SIPPort": "5060"},
}
SMALL_HOSTS = dict(
    ("awxcust%d" % n, {"live_platform_customer": {
        "full_name": "AWX Customer %d" % n,
        "ms_tenant_id": "7c9e6679-7425-40de-944b-e07fc1f9%04d" % n,
        "custom_variables": {"IPPBX-ProxyAddress": "10.88.0.%d" % n, "SIP-HostName": "pbx%d.example.com" % n},
    }})
    for n in range(1, 5)
)
SMALL_FLEET = {"live_platform_customers": {"children": {
    "sbc_ams_01": {"vars": {"live_platform_sbc_profile": SMALL_PROFILE}, "hosts": SMALL_HOSTS},
}}}


def fleet_groups(inventory_file):
    """{SBC group: [customer host, ...]} of the inventory's live_platform_customers children."""
    with open(inventory_file, encoding="utf-8") as handle:
        inventory = yaml.safe_load(handle)
    children = inventory["live_platform_customers"]["children"]
    return dict((group, sorted(body.get("hosts") or {})) for group, body in children.items())


@pytest.fixture
def fleet(tmp_path):
    """(inventory file, vault password or None): the demo fleet, else a small fleet written here."""
    if os.path.isfile(os.path.join(DEMO_FLEET, "hosts.yml")):
        password_file = os.path.join(DEMO_FLEET, "demo-vault-password.txt")
        password = None
        if os.path.isfile(password_file):
            with open(password_file, encoding="utf-8") as handle:
                password = handle.read().strip()
        return os.path.join(DEMO_FLEET, "hosts.yml"), password
    path = tmp_path / "fleet" / "hosts.yml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(SMALL_FLEET, default_flow_style=False))
    return str(path), None


class AwxJobs(object):
    """Runs job templates (playbook + extra vars) like AWX: one private data directory per job."""

    def __init__(self, sim, credential_type, collections, project, inventory, vault_password, tmp_path):
        self.sim = sim
        self.credential_type = credential_type
        self.collections = collections
        self.project = project
        self.inventory = inventory
        self.vault_password = vault_password
        self.tmp_path = tmp_path
        self.count = 0

    def launch(self, playbook, extra_vars, limit=None):
        self.count += 1
        ident = "job-%d-%s" % (self.count, os.path.splitext(os.path.basename(playbook))[0])
        private_data_dir = str(self.tmp_path / ident)
        os.makedirs(private_data_dir)
        env, safe_env = inject_credential(self.credential_type, simulator_credential_inputs(self.sim),
                                          private_data_dir)
        env.update({
            "ANSIBLE_COLLECTIONS_PATH": self.collections,
            "ANSIBLE_FORCE_COLOR": "0",
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_RETRY_FILES_ENABLED": "0",
            # ansible-playbook of this virtual environment, as an execution environment has it on its PATH
            "PATH": os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")]),
        })
        kwargs = {}
        if self.vault_password is not None:
            # An AWX Vault credential: ansible-playbook --ask-vault-pass, the password typed at the prompt.
            kwargs["cmdline"] = "--ask-vault-pass"
            kwargs["passwords"] = {r"Vault password:\s*?$": self.vault_password}
        started = time.monotonic()
        result = ansible_runner.run(
            private_data_dir=private_data_dir, project_dir=self.project, playbook=playbook,
            inventory=self.inventory, envvars=env, extravars=extra_vars, limit=limit, forks=10, ident=ident,
            quiet=True, settings={"job_timeout": 600, "pexpect_timeout": 10}, **kwargs)
        job = Job(result, private_data_dir, safe_env)
        print("%s: %s in %.1fs" % (ident, result.status, time.monotonic() - started))
        return job


class Job(object):
    def __init__(self, runner, private_data_dir, safe_env):
        self.runner = runner
        self.private_data_dir = private_data_dir
        self.safe_env = safe_env
        self.stdout = runner.stdout.read()
        stats = [event for event in runner.events if event.get("event") == "playbook_on_stats"]
        self.stats_event = stats[-1]["event_data"] if stats else {}

    @property
    def report(self):
        """The set_stats data of the job: what AWX keeps as its artifacts."""
        return (self.stats_event.get("artifact_data") or {}).get("live_platform_report")

    def explain(self):
        return "status %s rc %s\n%s" % (self.runner.status, self.runner.rc, self.stdout[-4000:])


def outcomes(report):
    return dict((row["customer"], row["outcome"]) for row in report["customers"])


@pytest.fixture
def jobs(live_platform_simulator_factory, credential_type, collections_path, fleet, tmp_path, monkeypatch):
    # Exactly what the credential injects: nothing of the caller's LIVE_PLATFORM_* environment (e.g. when run
    # under hack/with-simulator.sh) reaches the job.
    for name in list(os.environ):
        if name.startswith("LIVE_PLATFORM_"):
            monkeypatch.delenv(name)
    sim = live_platform_simulator_factory("--deployment-time", "0.1", "--deletion-time", "0.1")
    collections, collection = collections_path
    # The project: AWX checks it out into the job's private data directory; the collection's own copy serves.
    project = str(tmp_path / "project")
    shutil.copytree(collection, project, ignore=shutil.ignore_patterns(".git"))
    inventory, vault_password = fleet
    return AwxJobs(sim, credential_type, collections, project, inventory, vault_password, tmp_path)


def test_plan_onboard_offboard_job_templates(jobs):
    groups = fleet_groups(jobs.inventory)
    customers = sorted(host for hosts in groups.values() for host in hosts)
    smallest = min(groups, key=lambda group: len(groups[group]))

    # "Live Platform - plan": check mode, nothing written, every customer would be created.
    plan = jobs.launch("playbooks/plan.yml", {"live_platform_hosts": "live_platform_customers",
                                              "onboarding_concurrency": 10})
    assert (plan.runner.status, plan.runner.rc) == ("successful", 0), plan.explain()
    assert plan.report["mode"] == "check"
    assert plan.report["summary"]["total"] == len(customers)
    assert outcomes(plan.report) == dict((customer, "would_create") for customer in customers)
    assert jobs.sim.admin("GET", "services") == []

    # "Live Platform - onboard": every customer created, once.
    onboard = jobs.launch("playbooks/onboard.yml", {"live_platform_hosts": "live_platform_customers",
                                                    "onboarding_concurrency": 10})
    assert (onboard.runner.status, onboard.runner.rc) == ("successful", 0), onboard.explain()
    assert onboard.report["mode"] == "apply"
    assert onboard.report["summary"]["failed"] == 0
    assert outcomes(onboard.report) == dict((customer, "created") for customer in customers)
    assert len(jobs.sim.admin("GET", "services")) == len(customers)
    # The report in the artifacts is the one written to the project folder (the default report folder).
    with open(os.path.join(jobs.project, "live-platform-reports", "onboarding-report.json")) as handle:
        assert json.load(handle) == onboard.report

    # "Live Platform - offboard", with the survey's answers (text, as a multiple-choice survey gives them):
    # one SBC group, confirmed, at most as many deletions as it has customers.
    doomed = groups[smallest]
    offboard = jobs.launch("playbooks/offboard.yml", {
        "live_platform_hosts": smallest, "offboarding_confirm": "true",
        "offboarding_max_deletions": len(doomed), "offboarding_concurrency": 10, "offboarding_poll_interval": 0.5})
    assert (offboard.runner.status, offboard.runner.rc) == ("successful", 0), offboard.explain()
    assert outcomes(offboard.report) == dict((customer, "deleted") for customer in doomed)
    left = set(service["shortName"].lower() for service in jobs.sim.admin("GET", "services"))
    assert len(left) == len(customers) - len(doomed)

    for job in (plan, onboard, offboard):
        assert jobs.sim.client_secret not in job.stdout
        assert job.safe_env["LIVE_PLATFORM_CLIENT_SECRET"] == "*" * 10
        # What AWX stores of a job: its output and events (ansible-runner's own "command" artifact holds the
        # whole environment; AWX keeps the masked safe_env instead).
        events = os.path.join(job.private_data_dir, "artifacts", job.runner.config.ident, "job_events")
        for name in os.listdir(events):
            with open(os.path.join(events, name), encoding="utf-8") as handle:
                assert jobs.sim.client_secret not in handle.read(), name


def test_offboard_job_template_without_confirmation_deletes_nothing(jobs):
    groups = fleet_groups(jobs.inventory)
    smallest = min(groups, key=lambda group: len(groups[group]))
    onboard = jobs.launch("playbooks/onboard.yml", {"live_platform_hosts": smallest})
    assert (onboard.runner.status, onboard.runner.rc) == ("successful", 0), onboard.explain()
    before = len(jobs.sim.admin("GET", "services"))
    assert before == len(groups[smallest])

    # The survey's default: offboarding_confirm false. The job fails and nothing is deleted.
    offboard = jobs.launch("playbooks/offboard.yml", {"live_platform_hosts": smallest,
                                                      "offboarding_confirm": "false"})
    assert offboard.runner.status == "failed", offboard.explain()
    assert offboard.runner.rc != 0
    assert "offboarding_confirm" in offboard.stdout
    assert len(jobs.sim.admin("GET", "services")) == before
