# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The job templates of docs/awx.md, run the way AWX runs them, against the simulator.

AWX runs a job with ansible-runner (``ansible_runner.run``) in a private data directory, with the environment its
credentials inject. Here each job gets (tests/ecosystem/awx_jobs.py has the AWX rules):

* the environment rendered from extensions/awx/credential_type.yml for a credential holding the simulator's API
  client (conftest.inject_credential, AWX's rules), and no other LIVE_PLATFORM_* variable;
* the project (a copy of the collection, hack/build-copy.py), the collection on ANSIBLE_COLLECTIONS_PATH;
* the inventory as AWX gives it to a job: examples/demo_fleet/hosts.yml imported by an inventory update
  (``ansible-inventory --list --export``, no vault password), handed to the job as AWX's inventory script, its
  vaulted values opened by the job's Vault credential (the password typed at the prompt); a small inventory of its
  own when that folder is missing;
* the extra variables of the job template and its survey (docs/awx.md).

Then it checks the job's status and exit code, the ``live_platform_report`` the playbook hands to ``set_stats``
(the ``artifact_data`` of the ``playbook_on_stats`` event, which AWX stores as the job's artifacts and passes to the
next workflow node), the simulator's services, and that the client secret shows nowhere in the job's output.
tests/ecosystem/test_awx_inventory_import.py has the inventory import and the vaulted values in detail.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import shutil

import pytest
import yaml

from awx_jobs import DEMO_FLEET_SOURCE, AwxJobs, InventoryUpdate, demo_vault_password

ansible_runner = pytest.importorskip("ansible_runner")

SMALL_FLEET_SOURCE = "awx_small_fleet/hosts.yml"
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


@pytest.fixture(scope="module")
def fleet(collections_path, tmp_path_factory):
    """(the imported inventory, vault password or None): the demo fleet of the project, synced as AWX syncs an
    inventory source sourced from a project; else a small fleet written into the project."""
    project = collections_path[1]
    source, password = DEMO_FLEET_SOURCE, None
    if os.path.isfile(os.path.join(project, DEMO_FLEET_SOURCE)):
        password = demo_vault_password()
    else:
        project = str(tmp_path_factory.mktemp("project") / "project")
        shutil.copytree(collections_path[1], project)
        source = SMALL_FLEET_SOURCE
        os.makedirs(os.path.join(project, os.path.dirname(source)))
        with open(os.path.join(project, source), "w") as handle:
            yaml.safe_dump(SMALL_FLEET, handle, default_flow_style=False)
    update = InventoryUpdate(project, source, str(tmp_path_factory.mktemp("inventory-update")))
    assert update.inventory is not None, update.explain()
    return update.inventory, password


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
    groups = jobs.inventory.groups_of("live_platform_customers")
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
        assert job.safe_env["LIVE_PLATFORM_CLIENT_SECRET"] == "*" * 10
        # What AWX stores of a job: its output and events.
        for name, text in job.stored_texts().items():
            assert jobs.sim.client_secret not in text, name


def test_offboard_job_template_without_confirmation_deletes_nothing(jobs):
    groups = jobs.inventory.groups_of("live_platform_customers")
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
