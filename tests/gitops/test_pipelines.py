# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The example pipelines of docs/pipelines/ and the scripts they call, against the simulator.

A temporary fleet repository is laid out as docs/gitops.md says (inventory/ with vaulted values in group_vars,
ci/live-platform/ = docs/pipelines/scripts/, requirements.yml naming the collection's built tarball). The jobs of
github-actions.yml and gitlab-ci.yml are then run from their YAML (tests/gitops/ci_runners.py) through a pull/merge
request, a merge, and a prune, with the secrets as the CI system would hand them over and a stand-in for the comment
APIs (tests/gitops/forge.py). So a pipeline step that drifts from the scripts, or a script that breaks, fails here.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import glob
import json
import os
import shutil
import subprocess
import sys
from xml.etree import ElementTree

import pytest
import yaml

from ci_runners import GitHubRunner, GitLabRunner, github_commands, gitlab_commands, load
from forge import GITHUB_TOKEN, GITLAB_TOKEN, Forge
from helpers.playbooks import ROOT, UNSET_VARIABLES, simulator_environment

with open(os.path.join(ROOT, "galaxy.yml"), encoding="utf-8") as _galaxy:
    VERSION = yaml.safe_load(_galaxy)["version"]  # the version the built collection installs as

PIPELINES = os.path.join(ROOT, "docs", "pipelines")
SCRIPTS = os.path.join(PIPELINES, "scripts")
GITHUB_WORKFLOW = os.path.join(PIPELINES, "github-actions.yml")
GITLAB_CONFIG = os.path.join(PIPELINES, "gitlab-ci.yml")
CI_DIR = "ci/live-platform"  # where the fleet repository keeps the scripts (docs/gitops.md)
DEMO = os.path.join(ROOT, "examples", "demo_fleet")
REPORTS = "live-platform-reports"
# Run by the pipelines; lib.sh and vault-password.sh are used by these, not called by a pipeline step.
ENTRY_SCRIPTS = ("install.sh", "plan.sh", "apply.sh", "prune.sh", "comment.py")
KEEP_PER_GROUP = 2
BIN = os.path.dirname(sys.executable)


def read(path):
    with open(path, encoding="utf-8") as handle:
        return handle.read()


# --- the pipelines call the scripts, and nothing else ------------------------------------------------------------
def _script_of(line):
    """The script a step line calls, or None."""
    first = line.split()[0]
    if not first.startswith(CI_DIR + "/"):
        return None
    name = first[len(CI_DIR) + 1:]
    return name if os.path.isfile(os.path.join(SCRIPTS, name)) else None


@pytest.mark.parametrize("pipeline", ["github", "gitlab"])
def test_every_step_calls_a_script(pipeline):
    """Every run:/script: line calls one of docs/pipelines/scripts (executable, a shebang), each entry script is
    called, no expression is expanded inside a command (script injection), and no connection setting is ANSIBLE_*."""
    if pipeline == "github":
        workflow = load(GITHUB_WORKFLOW)
        commands = github_commands(workflow)
        env_names = set(workflow.get("env", {}))
        for job in workflow["jobs"].values():
            env_names |= set(job.get("env", {}))
            for step in job["steps"]:
                env_names |= set(step.get("env", {}))
    else:
        config = load(GITLAB_CONFIG)
        commands = gitlab_commands(config)
        env_names = set(config.get("variables", {}))
    assert commands
    called = set()
    for where in commands:
        line = where[-1]
        assert _script_of(line), "%s: %r does not call a script of docs/pipelines/scripts" % (where[:-1], line)
        assert "${{" not in line, "%s: expand expressions through env:, not inside the command" % (where,)
        called.add(_script_of(line))
    assert called == set(ENTRY_SCRIPTS), called
    for name in os.listdir(SCRIPTS):
        path = os.path.join(SCRIPTS, name)
        if name == "lib.sh":
            continue
        assert os.access(path, os.X_OK), "%s must be executable" % name
        assert read(path).startswith("#!/"), "%s needs a shebang" % name
    assert not [name for name in env_names if name.startswith("ANSIBLE_")], env_names


def test_the_yaml_names_what_the_scripts_write():
    """The artifacts and reports the pipelines keep are the files the scripts write (the run tests check they exist)."""
    workflow = load(GITHUB_WORKFLOW)
    uploads = [step["with"]["path"] for job in workflow["jobs"].values() for step in job["steps"]
               if str(step.get("uses", "")).startswith("actions/upload-artifact")]
    assert uploads and set(uploads) == {REPORTS + "/"}, uploads
    assert workflow["env"]["LIVE_PLATFORM_REPORT_DIR"] == REPORTS
    config = load(GITLAB_CONFIG)
    runner = GitLabRunner(GITLAB_CONFIG, ROOT, {}, {}, "http://forge.invalid")
    assert config["variables"]["LIVE_PLATFORM_REPORT_DIR"] == REPORTS
    for name, job in runner.jobs().items():
        assert job["artifacts"]["when"] == "always" and job["artifacts"]["paths"] == [REPORTS + "/"], name
        kind = {"plan": "plan", "onboard": "onboarding"}.get(name, "prune")
        assert job["artifacts"]["reports"]["junit"] == "%s/%s-junit.xml" % (REPORTS, kind), name


# --- the fleet repository ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def collection_tarball(collections_path, tmp_path_factory):
    """The collection built from the fresh copy (ansible-galaxy collection build), as a release would ship it."""
    source = glob.glob(os.path.join(collections_path, "ansible_collections", "*", "*"))[0]
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([os.path.join(BIN, "ansible-galaxy"), "collection", "build", "--output-path", str(out), source],
                   check=True, stdout=subprocess.DEVNULL)
    return glob.glob(str(out / "*.tar.gz"))[0]


class VaultedStrings(yaml.SafeLoader):
    """YAML with ``!vault`` values read as their ciphertext."""


VaultedStrings.add_constructor("!vault", lambda loader, node: loader.construct_scalar(node))


def demo_vault():
    """The demo fleet's vault password and the carrier passwords it protects (to look for in every output)."""
    password_file = os.path.join(DEMO, "demo-vault-password.txt")
    with open(os.path.join(DEMO, "group_vars", "sbc_lon_03", "vault.yml"), encoding="utf-8") as handle:
        vaulted = yaml.load(handle, Loader=VaultedStrings)["vault_carrier_passwords"]  # inline !vault values
    plain = [subprocess.run([os.path.join(BIN, "ansible-vault"), "decrypt", "--vault-password-file", password_file,
                             "--output", "-"], input=ciphertext.encode("utf-8"), check=True,
                            stdout=subprocess.PIPE).stdout.decode("utf-8") for ciphertext in vaulted.values()]
    return read(password_file).strip(), sorted(plain)


class FleetRepo(object):
    """A checkout of the fleet repository: the demo fleet's inventory, smaller, with its vaulted values."""

    def __init__(self, path, tarball):
        self.path = str(path)
        shutil.copytree(os.path.join(DEMO, "group_vars"), os.path.join(self.path, "inventory", "group_vars"))
        shutil.copytree(SCRIPTS, os.path.join(self.path, CI_DIR))
        with open(os.path.join(self.path, "requirements.yml"), "w") as handle:
            yaml.safe_dump({"collections": [{"name": tarball, "type": "file"}]}, handle)
        with open(os.path.join(DEMO, "hosts.yml")) as handle:
            self.hosts = yaml.safe_load(handle)
        for group in self.groups().values():
            group["hosts"] = dict(sorted(group["hosts"].items())[:KEEP_PER_GROUP])
        self.save()

    def groups(self):
        return self.hosts["live_platform_customers"]["children"]

    def customers(self):
        return sorted(host for group in self.groups().values() for host in group["hosts"])

    def save(self):
        with open(os.path.join(self.path, "inventory", "hosts.yml"), "w") as handle:
            yaml.safe_dump(self.hosts, handle, default_flow_style=False)

    def report(self, kind):
        with open(os.path.join(self.path, REPORTS, kind + "-report.json")) as handle:
            return json.load(handle)

    def file(self, name):
        return read(os.path.join(self.path, REPORTS, name))


@pytest.fixture
def forge():
    server = Forge()
    yield server
    server.stop()


@pytest.fixture
def simulator(live_platform_simulator_factory):
    return live_platform_simulator_factory("--deployment-time", "0.2", "--deletion-time", "0.2")


@pytest.fixture
def repo(tmp_path, collection_tarball):
    return FleetRepo(tmp_path / "fleet", collection_tarball)


def base_env():
    """A CI runner's environment: the project's Python and Ansible first on PATH, nothing of this shell's
    LIVE_PLATFORM_* or Ansible settings, pip without an index (the requirements are there already)."""
    env = dict((k, v) for k, v in os.environ.items()
               if not k.startswith(("ANSIBLE_", "LIVE_PLATFORM_", "GITHUB_", "CI_", "GITLAB_")) and k != "CI")
    for name in UNSET_VARIABLES:
        env.pop(name, None)
    env.update({"PATH": BIN + os.pathsep + env.get("PATH", ""), "PIP_NO_INDEX": "1", "ANSIBLE_FORCE_COLOR": "0",
                "ANSIBLE_NOCOLOR": "1",
                # poll faster than the role's default 5 s, as a repository variable could
                "FLEET_PLAYBOOK_ARGS": "-e onboarding_poll_interval=0.2 -e offboarding_poll_interval=0.2"})
    return env


def secrets_of(sim, vault_password):
    values = dict(simulator_environment(sim))
    values["FLEET_VAULT_PASSWORD"] = vault_password
    return values


def assert_no_secret(texts, secrets):
    leaks = sorted((what, where) for where, text in texts.items() for what, secret in secrets.items()
                   if secret and secret in text)
    assert not leaks, leaks


def collect_outputs(repo, results):
    texts = dict(("step %d %s" % (n, r.name), r.output) for n, r in enumerate(results))
    for path in glob.glob(os.path.join(repo.path, REPORTS, "*")):
        texts[os.path.basename(path)] = read(path)
    return texts


# --- GitHub Actions ---------------------------------------------------------------------------------------------
def test_github_actions_pipeline(repo, simulator, forge):
    """Pull request: plan (valid, then invalid: the check fails), one comment updated in place; merge: onboard;
    workflow_dispatch: prune check, then confirm. Secrets appear nowhere."""
    vault_password, carrier_passwords = demo_vault()
    secrets = secrets_of(simulator, vault_password)
    secrets["GITHUB_TOKEN"] = GITHUB_TOKEN
    runner = GitHubRunner(GITHUB_WORKFLOW, repo.path, base_env(), secrets, forge.url)
    pull_request = {"pull_request": {"number": 7, "head": {"repo": {"full_name": runner.repository}}}}
    for number in range(150):  # the plan's comment will be on the second page of the pull request's comments
        forge.add("github", runner.repository, 7, "review comment %d" % number)
    outputs = {}

    def job(name, event_name, **kwargs):
        results = runner.run_job(name, event_name, **kwargs)
        outputs.update(("%s %d: %s" % (name, runner.runs, k), v) for k, v in collect_outputs(repo, results).items())
        return dict((r.name, r) for r in results)

    # Which jobs run on which event.
    assert runner.jobs_for("pull_request", "refs/pull/7/merge", pull_request) == ["plan"]
    assert runner.jobs_for("push", "refs/heads/main") == ["onboard"]
    assert runner.jobs_for("workflow_dispatch", "refs/heads/main") == ["prune"]
    assert runner.jobs_for("workflow_dispatch", "refs/heads/feature") == []

    # 1. The pull request's plan: valid, the customers are to be created; its comment is added.
    steps = job("plan", "pull_request", ref="refs/pull/7/merge", event=pull_request)
    plan = steps["Plan (fails the check when a customer is invalid)"]
    assert plan.status == 0, plan.output[-3000:]
    assert steps["Install Ansible and the collection"].status == 0
    assert "audiocodes.live_platform {0}".format(VERSION) in steps["Install Ansible and the collection"].output
    report = repo.report("plan")
    assert report["summary"]["outcomes"] == {"would_create": len(repo.customers())}
    assert os.path.isfile(os.path.join(repo.path, REPORTS, "plan-junit.xml"))
    comment = steps["Comment the plan on the pull request"]
    assert comment.status == 0 and "added to pull request #7" in comment.output, comment.output
    plan_comments = [c for c in forge.thread_of("github", runner.repository, 7)
                     if c["body"].startswith("<!-- live-platform:plan -->")]
    assert len(plan_comments) == 1
    assert "**Valid plan:** %d change(s) pending" % len(repo.customers()) in plan_comments[0]["body"]
    assert "| acmebv | acmebv | SBC-AMS-01 |  | would_create |" in plan_comments[0]["body"]
    assert simulator.admin("GET", "services") == []

    # The same plan with PLAN_FAIL_ON_CHANGES=1 fails: changes are pending.
    status = subprocess.run([CI_DIR + "/plan.sh"], cwd=repo.path, env=dict(
        runner.base_env, PLAN_FAIL_ON_CHANGES="1", **secrets), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        check=False).returncode
    assert status == 10

    # 2. A push adds an invalid customer: the plan fails the check, the comment is updated (not added) and says so.
    repo.groups()["sbc_ams_01"]["hosts"]["badcustomer"] = {"live_platform_customer": {
        "short_name": "x", "full_name": "Too short", "ms_tenant_id": "00000000-0000-4000-8000-000000000001"}}
    repo.save()
    steps = job("plan", "pull_request", ref="refs/pull/7/merge", event=pull_request)
    assert steps["Plan (fails the check when a customer is invalid)"].status == 2
    assert not steps["Keep the plan report"].skipped and not steps["Comment the plan on the pull request"].skipped
    assert steps["Comment the plan on the pull request"].status == 0
    plan_comments = [c for c in forge.thread_of("github", runner.repository, 7)
                     if c["body"].startswith("<!-- live-platform:plan -->")]
    assert len(plan_comments) == 1, "the plan comment must be updated, not added again"
    assert "**Failed:** 1 of %d customers are invalid" % (len(repo.customers())) in plan_comments[0]["body"]
    assert "short_name" in plan_comments[0]["body"]
    assert "Failed:" in read(os.path.join(repo.path, ".github-run-%d" % runner.runs, "step-summary.md"))
    assert "::error title=Live Platform plan: badcustomer::" in steps[
        "Plan (fails the check when a customer is invalid)"].output

    # 3. Fixed and merged: the push to main onboards the fleet.
    del repo.groups()["sbc_ams_01"]["hosts"]["badcustomer"]
    repo.save()
    steps = job("onboard", "push")
    onboard = steps["Onboard the fleet"]
    assert onboard.status == 0, onboard.output[-3000:]
    assert repo.report("onboarding")["summary"]["outcomes"] == {"created": len(repo.customers())}
    assert sorted(s["shortName"].lower() for s in simulator.admin("GET", "services")) == sorted(
        "vandamarch" if h == "vandam" else h for h in repo.customers())

    # 4. A customer leaves the inventory; prune by hand: check lists it, confirm deletes it.
    gone = sorted(repo.groups()["sbc_fra_02"]["hosts"])[0]
    del repo.groups()["sbc_fra_02"]["hosts"][gone]
    repo.save()
    steps = job("prune", "workflow_dispatch", inputs={"prune": "check", "max_deletions": "5"})
    assert steps["Prune"].status == 0, steps["Prune"].output[-3000:]
    report = repo.report("prune")
    assert report["mode"] == "check" and [row["customer"] for row in report["customers"]] == [gone]
    assert len(simulator.admin("GET", "services")) == len(repo.customers()) + 1
    steps = job("prune", "workflow_dispatch", inputs={"prune": "confirm", "max_deletions": "5"})
    assert steps["Prune"].status == 0, steps["Prune"].output[-3000:]
    assert repo.report("prune")["summary"]["outcomes"] == {"deleted": 1}
    assert gone not in [s["shortName"] for s in simulator.admin("GET", "services")]

    # Secrets: nowhere in the steps' output, the reports, the comments.
    outputs.update(("comment %d" % c["id"], c["body"]) for c in forge.thread_of("github", runner.repository, 7))
    assert_no_secret(outputs, dict(
        [("client secret", simulator.client_secret), ("vault password", vault_password),
         ("workflow token", GITHUB_TOKEN)] + [("carrier password %d" % n, pw) for n, pw in enumerate(carrier_passwords)]))
    # Where docs/gitops.md shows a plan comment, it comes from here.
    with open(os.path.join(str(os.path.dirname(repo.path)), "github-plan-comment.md"), "w") as handle:
        handle.write(plan_comments[0]["body"])


# --- GitLab CI --------------------------------------------------------------------------------------------------
def test_gitlab_ci_pipeline(repo, simulator, forge):
    """Merge request pipeline: plan with its note and JUnit report; default branch: onboard, then the manual prune
    jobs (check, confirm)."""
    vault_password, carrier_passwords = demo_vault()
    variables = secrets_of(simulator, vault_password)
    variables["GITLAB_TOKEN"] = GITLAB_TOKEN
    runner = GitLabRunner(GITLAB_CONFIG, repo.path, base_env(), variables, forge.url)
    outputs = {}

    assert runner.pipeline("merge_request_event", merge_request=3) == {"plan": "on_success"}
    assert runner.pipeline("push", branch="main") == {
        "onboard": "on_success", "prune-check": "manual", "prune": "manual"}
    assert runner.pipeline("push", branch="feature") == {}

    def job(name, *args, **kwargs):
        status, output, after_status, after_output = runner.run_job(name, *args, **kwargs)
        outputs["%s %d" % (name, runner.runs)] = output + after_output
        outputs.update(("%s %d: %s" % (name, runner.runs, k), v) for k, v in collect_outputs(repo, []).items())
        return status, output, after_status, after_output

    # 1. Merge request: plan, note added; a second pipeline updates the same note.
    for attempt in (1, 2):
        status, output, after_status, after_output = job("plan", "merge_request_event", merge_request=3)
        assert status == 0, output[-3000:]
        assert after_status == 0, after_output
        notes = forge.thread_of("gitlab", "42", 3)
        assert len(notes) == 1, notes
        assert ("added to merge request !3" if attempt == 1 else "updated on merge request !3") in after_output
    assert "**Valid plan:**" in notes[0]["body"] and "https://gitlab.example/example/fleet/-/jobs/" in notes[0]["body"]
    junit = ElementTree.parse(os.path.join(repo.path, REPORTS, "plan-junit.xml")).getroot()
    assert sorted(case.get("name") for case in junit.iter("testcase")) == repo.customers()
    assert junit.get("failures") == "0"

    # 2. Default branch: onboard.
    status, output, _a, _o = job("onboard", "push", branch="main")
    assert status == 0, output[-3000:]
    assert repo.report("onboarding")["summary"]["outcomes"] == {"created": len(repo.customers())}
    junit = ElementTree.parse(os.path.join(repo.path, REPORTS, "onboarding-junit.xml")).getroot()
    assert len(list(junit.iter("testcase"))) == len(repo.customers())

    # 3. Two customers leave; the manual prune-check lists them, prune (confirmed) over a maximum of 1 refuses, with
    #    the maximum raised it deletes them.
    gone = sorted(sorted(repo.groups()["sbc_lon_03"]["hosts"]))
    repo.groups()["sbc_lon_03"]["hosts"] = {}
    repo.save()
    status, output, _a, _o = job("prune-check", "push", branch="main")
    assert status == 0, output[-3000:]
    assert sorted(row["customer"] for row in repo.report("prune")["customers"]) == gone
    assert "**Prune plan:** 2 service(s) would be deleted." in repo.file("prune-summary.md")
    status, output, _a, _o = job("prune", "push", branch="main", extra_env={"PRUNE_MAX_DELETIONS": "1"})
    assert status == 2 and "offboarding_max_deletions=1" in output, output[-3000:]
    assert len(simulator.admin("GET", "services")) == len(repo.customers()) + 2
    status, output, _a, _o = job("prune", "push", branch="main")
    assert status == 0, output[-3000:]
    assert len(simulator.admin("GET", "services")) == len(repo.customers())

    outputs.update(("note %d" % n["id"], n["body"]) for n in forge.thread_of("gitlab", "42", 3))
    assert_no_secret(outputs, dict(
        [("client secret", simulator.client_secret), ("vault password", vault_password),
         ("project token", GITLAB_TOKEN)] + [("carrier password %d" % n, pw) for n, pw in enumerate(carrier_passwords)]))
