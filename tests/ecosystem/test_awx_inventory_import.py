# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The demo fleet as an AWX inventory sourced from a project: imported as AWX imports it, then used by jobs.

An AWX job never reads the project's inventory file. An inventory update runs ``ansible-inventory --list --export``
on it without a vault password (an inventory source from a project takes no Vault credential) and AWX stores the
JSON; a job gets that JSON back as an inventory script, and its Vault credential opens the vaulted values at run
time (tests/ecosystem/awx_jobs.py transcribes AWX's rules). Whole vaulted files cannot take that route
(``Attempting to decrypt but no vault secrets found``, ansible-inventory exits 4); vaulted strings (``!vault``)
can: the export keeps them as ``{"__ansible_vault": "<ciphertext>"}``. These tests check, for the demo fleet:

* the export succeeds without a vault password with every ansible-core at hand (this virtual environment's and,
  when they exist, the repository's .venv and .venv-matrix), and holds the carrier passwords as ciphertext only;
* the inventory update (ansible-runner, AWX's command line and environment, the Live Platform credential injected)
  imports the fleet; a job run from the imported inventory with the Vault credential onboards the SBC-LON-03
  customers, whose services get the decrypted carrier passwords; neither the export, the job's inventory, the
  job's output and events nor its artifacts show a carrier password or the client secret;
* the same job without the Vault credential fails (the values stay encrypted until a job opens them);
* a sliced job (two slices, the Vault credential with a vault id): each slice's report covers its own hosts, and
  the artifacts the next workflow node gets hold one slice's report, not the fleet's (docs/awx.md, job slicing).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import shutil
import subprocess
import sys
import urllib.request

import pytest

from awx_jobs import (DEMO_FLEET_SOURCE, STANDARD_INVENTORY_UPDATE_ENV, AwxJobs, InventoryUpdate,
                      demo_carrier_passwords, demo_vault_password, export_command, workflow_artifacts)
from conftest import ROOT, inject_credential, simulator_credential_inputs

ansible_runner = pytest.importorskip("ansible_runner")

LON = "sbc_lon_03"  # the SBC group whose customers have carrier credentials (vaulted passwords)
VAULT_HEADER = "$ANSIBLE_VAULT;1.1;AES256\n"
# What could tell ansible-inventory a vault password: none of it reaches the export.
VAULT_SETTINGS = ("ANSIBLE_VAULT_PASSWORD_FILE", "ANSIBLE_VAULT_IDENTITY_LIST", "ANSIBLE_VAULT_IDENTITY",
                  "ANSIBLE_ASK_VAULT_PASS")


def ansible_inventories():
    """The ansible-inventory commands to export with: this environment's, and the repository's other venvs'."""
    found = [os.path.join(os.path.dirname(os.path.abspath(sys.executable)), "ansible-inventory")]
    for venv in (".venv", ".venv-matrix"):
        path = os.path.join(ROOT, venv, "bin", "ansible-inventory")
        if os.path.isfile(path) and os.path.realpath(path) not in [os.path.realpath(p) for p in found]:
            found.append(path)
    return found


def no_vault_environment(extra=None):
    env = dict((name, value) for name, value in os.environ.items()
               if name not in VAULT_SETTINGS and not name.startswith("LIVE_PLATFORM_"))
    env.update(STANDARD_INVENTORY_UPDATE_ENV)
    env.update(extra or {})
    return env


def carrier_ciphertexts(export):
    """{customer: the export's form of its carrier password} (group vars of the SBC-LON-03 group)."""
    return export[LON]["vars"]["vault_carrier_passwords"]


def assert_encrypted(export, export_text, carrier_passwords):
    vaulted = carrier_ciphertexts(export)
    assert sorted(vaulted) == sorted(carrier_passwords)
    for customer, value in vaulted.items():
        # ansible-core 2.16 to 2.21 alike: the vaulted string as {"__ansible_vault": ciphertext}
        assert list(value) == ["__ansible_vault"], (customer, value)
        assert value["__ansible_vault"].startswith(VAULT_HEADER), (customer, value)
    leaked = [customer for customer, password in carrier_passwords.items() if password in export_text]
    assert not leaked, "carrier passwords in clear in the export: %s" % leaked
    assert demo_vault_password() not in export_text


@pytest.mark.parametrize("ansible_inventory", ansible_inventories(),
                         ids=lambda path: os.path.basename(os.path.dirname(os.path.dirname(path))))
def test_the_export_needs_no_vault_password_and_keeps_the_values_encrypted(ansible_inventory, tmp_path):
    output = str(tmp_path / "output.json")
    command = export_command(os.path.join(ROOT, DEMO_FLEET_SOURCE), output)
    command[0] = ansible_inventory
    done = subprocess.run(command, env=no_vault_environment(), cwd=str(tmp_path), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, check=False)
    assert done.returncode == 0, done.stdout.decode("utf-8", "replace")[-3000:]
    with open(output, encoding="utf-8") as handle:
        text = handle.read()
    export = json.loads(text)
    assert_encrypted(export, text, demo_carrier_passwords())
    # Host variables stay as written: the reference to the group's vaulted value, rendered by the job only.
    hostvars = export["_meta"]["hostvars"]
    assert hostvars["mayfair"]["live_platform_customer"]["carrier_user_password"] == \
        "{{ vault_carrier_passwords['mayfair'] }}"


# --- an inventory update, then jobs from the imported inventory ------------------------------------------------
@pytest.fixture
def awx(live_platform_simulator_factory, credential_type, collections_path, tmp_path, monkeypatch):
    """(jobs, inventory update): the demo fleet synced by an inventory update with the Live Platform credential,
    and jobs of the job templates on its imported inventory, with the Vault credential."""
    for name in list(os.environ):
        if name.startswith("LIVE_PLATFORM_") or name in VAULT_SETTINGS:
            monkeypatch.delenv(name)
    collections, collection = collections_path
    if not os.path.isfile(os.path.join(collection, DEMO_FLEET_SOURCE)):
        pytest.skip("the collection has no examples/demo_fleet")
    sim = live_platform_simulator_factory("--deployment-time", "0.1", "--deletion-time", "0.1")
    update_dir = str(tmp_path / "inventory-update")
    os.makedirs(update_dir)
    # An inventory source may carry the Live Platform credential (a cloud credential), never a Vault one.
    env, _safe_env = inject_credential(credential_type, simulator_credential_inputs(sim), update_dir)
    env["ANSIBLE_COLLECTIONS_PATH"] = collections
    update = InventoryUpdate(collection, DEMO_FLEET_SOURCE, update_dir, env=env)
    assert update.inventory is not None, update.explain()
    project = str(tmp_path / "project")
    shutil.copytree(collection, project, ignore=shutil.ignore_patterns(".git"))
    jobs = AwxJobs(sim, credential_type, collections, project, update.inventory, demo_vault_password(), tmp_path)
    return jobs, update


def carrier_passwords_on_the_platform(sim):
    """{short name: CarrierUserPassword} the platform holds (the simulator's fault clear_text_secrets makes its
    API answer them, as a careless platform could)."""
    sim.admin("PATCH", "faults", {"clear_text_secrets": True})
    try:
        request = urllib.request.Request(sim.base_url + "/api/v2/customer",
                                         headers={"Authorization": "Bearer " + sim.token()})
        with urllib.request.urlopen(request, timeout=30) as answer:
            listed = json.loads(answer.read().decode("utf-8"))
    finally:
        sim.admin("PATCH", "faults", {"clear_text_secrets": False})
    if isinstance(listed, dict):  # a list wrapper variant
        listed = [item for value in listed.values() if isinstance(value, list) for item in value]
    return dict((item["ShortName"].lower(), (item.get("scriptParameters") or {}).get("CarrierUserPassword"))
                for item in listed)


def test_a_job_from_the_imported_inventory_opens_the_vaulted_values_with_its_vault_credential(awx):
    jobs, update = awx
    carrier_passwords = demo_carrier_passwords()
    customers = sorted(jobs.inventory.groups[LON]["hosts"])
    assert customers == sorted(carrier_passwords)

    # The inventory update: AWX's command line, no vault password, the values kept encrypted.
    assert update.command[:3] == ["ansible-inventory", "--list", "--export"]
    assert (update.runner.status, update.runner.rc) == ("successful", 0), update.explain()
    assert_encrypted(update.export, update.export_text, carrier_passwords)
    assert sorted(jobs.inventory.groups_of("live_platform_customers")) == ["sbc_ams_01", "sbc_fra_02", LON]
    assert len(jobs.inventory.hosts) == 25
    # What AWX stores and hands to each job: the group variables as they were exported.
    stored = jobs.inventory.groups[LON]["variables"]["vault_carrier_passwords"]
    assert stored == carrier_ciphertexts(update.export)

    # "Live Platform - onboard" on the SBC-LON-03 customers, with the Vault credential.
    onboard = jobs.launch("playbooks/onboard.yml", {"live_platform_hosts": LON, "onboarding_concurrency": 10})
    assert (onboard.runner.status, onboard.runner.rc) == ("successful", 0), onboard.explain()
    assert dict((row["customer"], row["outcome"]) for row in onboard.report["customers"]) == \
        dict((customer, "created") for customer in customers)
    # The platform got the decrypted passwords: the job opened the vaulted strings at run time.
    on_platform = carrier_passwords_on_the_platform(jobs.sim)
    assert dict((customer, on_platform.get(customer)) for customer in customers) == carrier_passwords

    # Nowhere in clear: the export, the job's inventory script, the update's and the job's output and events, the
    # artifacts. Nor the client secret (which the inventory update had in its environment).
    with open(onboard.inventory, encoding="utf-8") as handle:
        script = handle.read()
    assert '"__ansible_vault"' in script
    texts = {"export": update.export_text, "inventory update output": update.stdout, "job inventory": script,
             "artifacts": json.dumps(onboard.artifacts)}
    texts.update(onboard.stored_texts())
    for name, text in texts.items():
        leaked = [customer for customer, password in carrier_passwords.items() if password in text]
        assert not leaked, "%s shows the carrier passwords of %s" % (name, leaked)
        assert jobs.sim.client_secret not in text, name


def test_without_the_vault_credential_the_job_cannot_open_the_values(awx):
    jobs, _update = awx
    plan = jobs.launch("playbooks/plan.yml", {"live_platform_hosts": LON}, limit="mayfair", vault=False)
    assert plan.runner.status == "failed", plan.explain()
    assert "no vault secrets" in plan.stdout, plan.explain()
    assert jobs.sim.admin("GET", "services") == []


def test_a_sliced_job_hands_the_next_workflow_node_one_slice_report(awx):
    jobs, _update = awx
    customers = sorted(jobs.inventory.groups[LON]["hosts"])
    slices = []
    for number in (1, 2):
        # A Vault credential with a vault id works as well: the demo's vaulted strings carry none.
        job = jobs.launch("playbooks/plan.yml", {"live_platform_hosts": LON}, slice_number=number, slice_count=2,
                          vault_id="fleet")
        assert (job.runner.status, job.runner.rc) == ("successful", 0), job.explain()
        slices.append(job)
    covered = []
    for number, job in enumerate(slices, 1):
        mine = sorted(set(jobs.inventory.sliced_hosts(number, 2)) & set(customers))
        assert sorted(row["customer"] for row in job.report["customers"]) == mine
        assert job.report["summary"]["total"] == len(mine)
        covered += mine
    assert sorted(covered) == customers  # the slices together cover the group ...
    # ... but the next workflow node gets the report of the slice that finished last, not the group's.
    merged = workflow_artifacts(slices)["live_platform_report"]
    assert merged == slices[-1].report
    assert merged["summary"]["total"] < len(customers)
