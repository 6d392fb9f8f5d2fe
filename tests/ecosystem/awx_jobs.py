# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""AWX without an AWX: the inventory import of a project inventory, and jobs run the way AWX runs them.

Transcribed from ansible/awx (read at commit e21dd0a, October 2024), so that the ecosystem tests hand the playbooks
what an AWX job gets, not the inventory file of the repository:

* **Inventory update** of an inventory source *Sourced from a Project* (``RunInventoryUpdate``,
  awx/main/tasks/jobs.py): the project is copied into ``<private data dir>/project``; ansible-runner runs the
  command of ``build_args``, ``ansible-inventory --list --export -i project/<inventory file> --output
  artifacts/<id>/output.json --playbook-dir project/<its folder>`` (written to ``<private data dir>/args``, run as
  it is), with ``STANDARD_INVENTORY_UPDATE_ENV`` (awx/main/constants.py) and the environment of the source's
  credentials. A source from a project takes a cloud credential (such as the Live Platform one) but no Vault
  credential ("Credentials of type insights and vault are disallowed for scm inventory sources",
  ``InventorySource.cloud_credential_validation``, awx/main/models/inventory.py): the import has no vault password.
* **Import** (``post_run_hook``, then ``inventory_import.Command.perform_update``; ``dict_to_mem_data`` of
  awx/main/utils/mem_inventory.py): output.json becomes groups (their variables, hosts, child groups) and hosts
  (their variables), stored as JSON in the database; the group ``all``'s variables become the inventory's.
* **A job's inventory** (``BaseTask.build_inventory`` and ``write_inventory_file``, awx/main/tasks/jobs.py;
  ``Inventory.get_script_data``, awx/main/models/inventory.py): ``<private data dir>/inventory/hosts``, a Python
  script printing the JSON of the groups, their variables and ``_meta.hostvars`` (plus ``remote_tower_id`` and its
  siblings), for a sliced job only the hosts of its slice (hosts sorted by name, ``[slice_number - 1::slice_count]``).
* **A job's Vault credential** (``RunJob.build_passwords``, ``build_args``, ``get_password_prompts``):
  ``--ask-vault-pass`` (``--vault-id <id>@prompt`` when the credential has a vault id), the password typed at the
  prompt ``Vault password:`` (``Vault password (<id>):``).
* **Artifacts** (``Job.get_effective_artifacts``, awx/main/models/jobs.py): the ``set_stats`` data of the
  ``playbook_on_stats`` event. A sliced job is a workflow job whose nodes are the slices
  (``JobTemplate.create_unified_job``); the next node of a workflow gets ``WorkflowJob.get_effective_artifacts``
  (awx/main/models/workflow.py): the slices' artifacts merged with ``dict.update`` in the order the slices finished.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json
import os
import shutil
import sys
import time

import yaml

from conftest import ROOT, inject_credential, simulator_credential_inputs

# awx/main/constants.py
STANDARD_INVENTORY_UPDATE_ENV = {
    "ANSIBLE_INVENTORY_UNPARSED_FAILED": "True",
    "ANSIBLE_INVENTORY_EXPORT": "True",
    "ANSIBLE_VERBOSE_TO_STDERR": "True",
    "ANSIBLE_HOST_PATTERN_MISMATCH": "error",
}
# RunJob.get_password_prompts
VAULT_PROMPT = r"Vault password:\s*?$"
VAULT_ID_PROMPT = r"Vault password \(%s\):\s*?$"

DEMO_FLEET = os.path.join(ROOT, "examples", "demo_fleet")
DEMO_FLEET_SOURCE = "examples/demo_fleet/hosts.yml"  # the inventory source's "Inventory file", in the project


class VaultedStrings(yaml.SafeLoader):
    """YAML with ``!vault`` values read as their ciphertext."""


VaultedStrings.add_constructor("!vault", lambda loader, node: loader.construct_scalar(node))


def demo_vault_password():
    with open(os.path.join(DEMO_FLEET, "demo-vault-password.txt"), encoding="utf-8") as handle:
        return handle.read().strip()


def demo_carrier_passwords():
    """{customer: carrier password} of the demo fleet, decrypted here (the values to look for in every output)."""
    from ansible.parsing.vault import VaultLib, VaultSecret
    with open(os.path.join(DEMO_FLEET, "group_vars", "sbc_lon_03", "vault.yml"), encoding="utf-8") as handle:
        vaulted = yaml.load(handle, Loader=VaultedStrings)["vault_carrier_passwords"]
    vault = VaultLib([("default", VaultSecret(demo_vault_password().encode("utf-8")))])
    return dict((name, vault.decrypt(ciphertext).decode("utf-8")) for name, ciphertext in vaulted.items())


def job_path():
    """PATH with this virtual environment's ansible first, as an execution environment has it."""
    return os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")])


def export_command(source, output):
    """RunInventoryUpdate.build_args for an inventory file of the project."""
    return ["ansible-inventory", "--list", "--export", "-i", source, "--output", output,
            "--playbook-dir", os.path.dirname(source)]


class InventoryUpdate(object):
    """An inventory update of a source sourced from a project: ansible-runner, then AWX's import of the JSON."""

    def __init__(self, project, source_path, private_data_dir, env=None, ident="1"):
        import ansible_runner

        self.private_data_dir = private_data_dir
        shutil.copytree(project, os.path.join(private_data_dir, "project"), ignore=shutil.ignore_patterns(".git"))
        self.output = os.path.join(private_data_dir, "artifacts", ident, "output.json")
        self.command = export_command(os.path.join(private_data_dir, "project", source_path), self.output)
        with open(os.path.join(private_data_dir, "args"), "w") as handle:
            handle.write(" ".join(self.command))
        envvars = dict(env or {})
        envvars.update(STANDARD_INVENTORY_UPDATE_ENV)
        envvars.update({"ANSIBLE_FORCE_COLOR": "0", "ANSIBLE_NOCOLOR": "1", "PATH": job_path()})
        started = time.monotonic()
        self.runner = ansible_runner.run(private_data_dir=private_data_dir, ident=ident, envvars=envvars,
                                         quiet=True, settings={"job_timeout": 300})
        self.seconds = time.monotonic() - started
        self.stdout = self.runner.stdout.read()
        self.export_text, self.export, self.inventory = None, None, None
        if self.runner.status == "successful" and os.path.isfile(self.output):
            with open(self.output, encoding="utf-8") as handle:
                self.export_text = handle.read()
            self.export = json.loads(self.export_text)
            self.inventory = ImportedInventory(self.export)

    def explain(self):
        return "inventory update %s rc %s: %s\n%s" % (self.runner.status, self.runner.rc, " ".join(self.command),
                                                      self.stdout[-4000:])


class ImportedInventory(object):
    """What AWX keeps of an inventory update's JSON, and the inventory script a job gets from it."""

    def __init__(self, export):
        data = copy.deepcopy(export)
        meta = data.pop("_meta", {})
        self.variables = {}  # the inventory's (group "all")
        self.groups = {}  # name: {"hosts": [...], "children": [...], "variables": {...}}
        self.hosts = {}  # name: variables, in the order of import (their ids)
        self.ungrouped = []

        def group(name):
            if name in ("all", "ungrouped"):
                return None
            return self.groups.setdefault(name, {"hosts": [], "children": [], "variables": {}})

        def host(name):
            return self.hosts.setdefault(name, {})

        for name, body in data.items():  # dict_to_mem_data
            target = group(name)
            if not isinstance(body, dict):
                body = {"hosts": body}
            hosts = body.get("hosts") or {}
            for host_name in hosts:
                host_vars = host(host_name)
                if isinstance(hosts, dict) and isinstance(hosts[host_name], dict):
                    host_vars.update(hosts[host_name])
                members = target["hosts"] if target is not None else self.ungrouped
                if host_name not in members:
                    members.append(host_name)
            (target["variables"] if target is not None else self.variables).update(body.get("vars") or {})
            for child in body.get("children") or []:
                group(child)
                if target is not None and child not in ("all", "ungrouped") and child not in target["children"]:
                    target["children"].append(child)
        for host_name, host_vars in (meta.get("hostvars") or {}).items():
            if host_name in self.hosts:
                self.hosts[host_name].update(host_vars)
        # Stored as JSON (the variables fields of the database), read back as such.
        self.variables = json.loads(json.dumps(self.variables))
        for body in self.groups.values():
            body["variables"] = json.loads(json.dumps(body["variables"]))
        for host_name in self.hosts:
            self.hosts[host_name] = json.loads(json.dumps(self.hosts[host_name]))
        grouped = set(name for body in self.groups.values() for name in body["hosts"])
        self.ungrouped = [name for name in self.ungrouped if name not in grouped]

    def sliced_hosts(self, slice_number=1, slice_count=1):
        """Inventory.get_sliced_hosts: the hosts by name, every slice_count-th from the slice's own."""
        hosts = sorted(self.hosts)
        if slice_count > 1 and slice_number > 0:
            hosts = hosts[slice_number - 1::slice_count]
        return hosts

    def script_data(self, slice_number=1, slice_count=1):
        """Inventory.get_script_data(hostvars=True, towervars=True, slice_number, slice_count)."""
        hosts = self.sliced_hosts(slice_number, slice_count)
        data = {"all": {}}
        if self.variables:
            data["all"]["vars"] = self.variables
        grouped = set(name for body in self.groups.values() for name in body["hosts"])
        data["all"]["hosts"] = [name for name in hosts if name not in grouped]
        for name in sorted(self.groups):
            body, info = self.groups[name], {}
            members = [host for host in body["hosts"] if host in hosts]
            if members:
                info["hosts"] = members
            if body["children"]:
                info["children"] = list(body["children"])
            if body["variables"]:
                info["vars"] = body["variables"]
            if info:
                data[name] = info
        if self.groups:
            data["all"]["children"] = sorted(self.groups)
        ids = dict((name, number) for number, name in enumerate(self.hosts, 1))
        hostvars = {}
        for name in hosts:
            hostvars[name] = dict(self.hosts[name])
            for prefix in ("host", "tower"):
                hostvars[name]["remote_%s_enabled" % prefix] = "true"
                hostvars[name]["remote_%s_id" % prefix] = ids[name]
        data["_meta"] = {"hostvars": hostvars}
        return data

    def write_job_inventory(self, private_data_dir, slice_number=1, slice_count=1):
        """BaseTask.write_inventory_file: <private data dir>/inventory/hosts, executable. Returns its path."""
        folder = os.path.join(private_data_dir, "inventory")
        os.makedirs(folder, mode=0o700, exist_ok=True)
        path = os.path.join(folder, "hosts")
        with open(path, "w") as handle:
            handle.write("#! /usr/bin/env python3\n# -*- coding: utf-8 -*-\nprint(%r)\n"
                         % json.dumps(self.script_data(slice_number, slice_count)))
        os.chmod(path, 0o700)
        return path

    def groups_of(self, parent):
        """{child group of parent: its hosts, sorted}."""
        return dict((child, sorted(self.groups[child]["hosts"])) for child in self.groups[parent]["children"])


class AwxJobs(object):
    """Runs job templates (playbook + extra vars) like AWX: one private data directory per job, the imported
    inventory as the job's inventory script, the credential's environment, the Vault credential at its prompt."""

    def __init__(self, sim, credential_type, collections, project, inventory, vault_password, tmp_path):
        self.sim = sim
        self.credential_type = credential_type
        self.collections = collections
        self.project = project
        self.inventory = inventory  # an ImportedInventory
        self.vault_password = vault_password
        self.tmp_path = tmp_path
        self.count = 0

    def launch(self, playbook, extra_vars, limit=None, slice_number=1, slice_count=1, vault=True, vault_id=None):
        import ansible_runner

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
            "PATH": job_path(),
        })
        inventory = self.inventory.write_job_inventory(private_data_dir, slice_number, slice_count)
        kwargs = {}
        if vault and self.vault_password is not None:
            # The job template's Vault credential: the option, and the password typed at its prompt.
            if vault_id:
                kwargs["cmdline"] = "--vault-id %s@prompt" % vault_id
                kwargs["passwords"] = {VAULT_ID_PROMPT % vault_id: self.vault_password}
            else:
                kwargs["cmdline"] = "--ask-vault-pass"
                kwargs["passwords"] = {VAULT_PROMPT: self.vault_password}
        started = time.monotonic()
        result = ansible_runner.run(
            private_data_dir=private_data_dir, project_dir=self.project, playbook=playbook,
            inventory=inventory, envvars=env, extravars=extra_vars, limit=limit, forks=10, ident=ident,
            quiet=True, settings={"job_timeout": 600, "pexpect_timeout": 10}, **kwargs)
        job = Job(result, private_data_dir, safe_env, inventory)
        print("%s: %s in %.1fs" % (ident, result.status, time.monotonic() - started))
        return job


class Job(object):
    def __init__(self, runner, private_data_dir, safe_env, inventory):
        self.runner = runner
        self.private_data_dir = private_data_dir
        self.safe_env = safe_env
        self.inventory = inventory
        self.stdout = runner.stdout.read()
        stats = [event for event in runner.events if event.get("event") == "playbook_on_stats"]
        self.stats_event = stats[-1]["event_data"] if stats else {}
        self.finished = time.monotonic()

    @property
    def artifacts(self):
        """The set_stats data of the job: what AWX keeps as its artifacts."""
        return self.stats_event.get("artifact_data") or {}

    @property
    def report(self):
        return self.artifacts.get("live_platform_report")

    def stored_texts(self):
        """{name: text} of what AWX keeps of the job: its output and its events (not ansible-runner's "command"
        artifact, which holds the whole environment: AWX keeps the masked safe_env instead)."""
        texts = {"stdout": self.stdout}
        events = os.path.join(self.private_data_dir, "artifacts", self.runner.config.ident, "job_events")
        for name in os.listdir(events):
            with open(os.path.join(events, name), encoding="utf-8") as handle:
                texts["job_events/" + name] = handle.read()
        return texts

    def explain(self):
        return "status %s rc %s\n%s" % (self.runner.status, self.runner.rc, self.stdout[-4000:])


def workflow_artifacts(jobs):
    """WorkflowJob.get_effective_artifacts: what the next workflow node gets from a sliced job (a workflow job of
    its slices): each finished slice's artifacts, merged with dict.update in the order they finished."""
    artifacts = {}
    for job in sorted(jobs, key=lambda job: job.finished):
        if job.runner.status in ("successful", "failed"):
            artifacts.update(job.artifacts)
    return artifacts
