# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Run the example pipelines' jobs (docs/pipelines/*.yml) the way GitHub Actions and GitLab CI would, on this machine.

Only what the examples use is understood, and anything else fails the test, so that a pipeline that outgrows this
runner is noticed rather than half run:

* GitHub Actions: the job's and each step's ``if`` (``github.event_name``, ``github.ref``, ``github.repository``,
  the fork check, ``steps.<id>.outcome``, ``always()``; a step without a status function runs only while every step
  before it succeeded), ``env`` at workflow, job and step level with ``${{ secrets.X }}``, ``${{ github.token }}``
  and ``${{ inputs.x }}``, ``run`` steps through ``bash -e -c`` (GitHub's default shell), ``uses`` steps recorded
  (``actions/upload-artifact``: its ``path`` must exist after the job).
* GitLab CI: ``workflow:rules`` and the job's ``rules`` (``$VAR == "x"``, ``&&``, ``when``), ``extends`` (deep
  merge), ``variables`` (with ``value``/``description`` forms and ``$VAR`` references), ``default:before_script``,
  ``script`` in one ``bash -e`` session, ``after_script`` in its own (its failure ignored), ``artifacts``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import json
import os
import re
import subprocess

import yaml

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
STATUS_FUNCTIONS = ("always()", "success()", "failure()", "cancelled()")


def load(path):
    with open(path) as handle:
        return yaml.safe_load(handle)


def _python_condition(text):
    return text.replace("&&", " and ").replace("||", " or ")


class StepResult(object):
    def __init__(self, name, kind, status=None, output="", skipped=False, step=None):
        self.name, self.kind, self.status, self.output, self.skipped, self.step = (
            name, kind, status, output, skipped, step)


class GitHubRunner(object):
    """One workflow file, one repository checkout (cwd), one event."""

    def __init__(self, workflow_path, cwd, base_env, secrets, forge_url, repository="example/fleet"):
        self.workflow = load(workflow_path)
        self.cwd = cwd
        self.base_env = base_env
        self.secrets = secrets
        self.forge_url = forge_url
        self.repository = repository
        self.runs = 0

    def _github_context(self, event_name, ref, event):
        head = (event.get("pull_request") or {}).get("head", {}).get("repo", {}).get("full_name", self.repository)
        return {
            "github.event.pull_request.head.repo.full_name": head,
            "github.repository": self.repository,
            "github.event_name": event_name,
            "github.ref": ref,
        }

    def condition(self, expression, context, steps=None, failed=False):
        """Evaluate an ``if:`` as GitHub does for the forms the examples use."""
        if expression is None:
            return not failed
        text = str(expression)
        if not any(function in text for function in STATUS_FUNCTIONS) and failed:
            return False
        text = re.sub(r"steps\.([\w-]+)\.outcome", lambda m: repr((steps or {}).get(m.group(1), "skipped")), text)
        for name in sorted(context, key=len, reverse=True):
            text = text.replace(name, repr(context[name]))
        text = text.replace("always()", "True").replace("success()", repr(not failed))
        return bool(eval(_python_condition(text), {"__builtins__": {}}, {}))  # pylint: disable=eval-used

    def _resolve(self, value, inputs):
        def one(match):
            expression = match.group(1)
            if expression.startswith("secrets."):
                return self.secrets.get(expression[len("secrets."):], "")
            if expression == "github.token":
                return self.secrets["GITHUB_TOKEN"]
            if expression.startswith("inputs."):
                return str(inputs[expression[len("inputs."):]])
            raise AssertionError("the test's runner does not know ${{ %s }}" % expression)
        return EXPRESSION.sub(one, str(value))

    def jobs_for(self, event_name, ref="refs/heads/main", event=None):
        context = self._github_context(event_name, ref, event or {})
        return sorted(name for name, job in self.workflow["jobs"].items() if self.condition(job.get("if"), context))

    def run_job(self, name, event_name, ref="refs/heads/main", event=None, inputs=None, extra_env=None):
        """Run every step of the job; returns [StepResult]."""
        self.runs += 1
        event = event or {}
        inputs = inputs or {}
        job = self.workflow["jobs"][name]
        context = self._github_context(event_name, ref, event)
        assert self.condition(job.get("if"), context), "job %s does not run on %s" % (name, event_name)
        work = os.path.join(self.cwd, ".github-run-%d" % self.runs)
        os.makedirs(work)
        event_path = os.path.join(work, "event.json")
        with open(event_path, "w") as handle:
            json.dump(event, handle)
        env = dict(self.base_env)
        env.update({
            "GITHUB_ACTIONS": "true", "CI": "true", "GITHUB_REPOSITORY": self.repository,
            "GITHUB_API_URL": self.forge_url, "GITHUB_SERVER_URL": "https://github.example",
            "GITHUB_RUN_ID": str(1000 + self.runs), "GITHUB_SHA": _sha(self.runs),
            "GITHUB_EVENT_NAME": event_name, "GITHUB_EVENT_PATH": event_path, "GITHUB_REF": ref,
            "GITHUB_STEP_SUMMARY": os.path.join(work, "step-summary.md"),
            "GITHUB_OUTPUT": os.path.join(work, "output"), "GITHUB_ENV": os.path.join(work, "env"),
        })
        for level in (self.workflow.get("env") or {}, job.get("env") or {}):
            env.update((key, self._resolve(value, inputs)) for key, value in level.items())
        env.update(extra_env or {})
        results, outcomes, failed = [], {}, False
        for number, step in enumerate(job["steps"]):
            label = step.get("name") or step.get("uses") or "step %d" % number
            if not self.condition(step.get("if"), context, outcomes, failed):
                results.append(StepResult(label, "run" if "run" in step else "uses", skipped=True, step=step))
                if step.get("id"):
                    outcomes[step["id"]] = "skipped"
                continue
            if "uses" in step:
                results.append(StepResult(label, "uses", step=step))
                continue
            step_env = dict(env, **dict((k, self._resolve(v, inputs)) for k, v in (step.get("env") or {}).items()))
            run = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=self.cwd, env=step_env,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=900, check=False)
            result = StepResult(label, "run", run.returncode, run.stdout.decode("utf-8", "replace"), step=step)
            results.append(result)
            outcome = "success" if run.returncode == 0 else "failure"
            if step.get("id"):
                outcomes[step["id"]] = outcome
            if run.returncode != 0 and not step.get("continue-on-error"):
                failed = True
        with open(env["GITHUB_STEP_SUMMARY"], "a"):
            pass
        return results


class GitLabRunner(object):
    """One .gitlab-ci.yml, one repository checkout (cwd), one pipeline."""

    def __init__(self, config_path, cwd, base_env, variables, forge_url, project_id="42"):
        self.config = load(config_path)
        self.cwd = cwd
        self.base_env = base_env
        self.variables = variables  # the project's CI/CD variables (secrets)
        self.forge_url = forge_url
        self.project_id = project_id
        self.runs = 0

    def jobs(self):
        return dict((name, self.job(name)) for name, job in self.config.items()
                    if isinstance(job, dict) and "script" in job and not name.startswith("."))

    def job(self, name):
        """The job with its extends merged (deeply, the job's own keys winning)."""
        job = self.config[name]
        merged = {}
        for parent in ([job["extends"]] if isinstance(job.get("extends"), str) else job.get("extends") or []):
            merged = _deep_merge(merged, self.job(parent))
        return _deep_merge(merged, dict((k, v) for k, v in job.items() if k != "extends"))

    def predefined(self, source, branch=None, merge_request=None):
        values = {"CI": "true", "GITLAB_CI": "true", "CI_PIPELINE_SOURCE": source, "CI_DEFAULT_BRANCH": "main",
                  "CI_PROJECT_DIR": self.cwd, "CI_API_V4_URL": self.forge_url + "/api/v4",
                  "CI_PROJECT_ID": self.project_id, "CI_COMMIT_SHORT_SHA": _sha(self.runs)[:8],
                  "CI_JOB_URL": "https://gitlab.example/example/fleet/-/jobs/%d" % (500 + self.runs)}
        if branch:
            values["CI_COMMIT_BRANCH"] = branch
        if merge_request:
            values["CI_MERGE_REQUEST_IID"] = str(merge_request)
        return values

    @staticmethod
    def rule_if(expression, values):
        text = re.sub(r"\$(\w+)", lambda m: repr(values.get(m.group(1))), expression)
        return bool(eval(_python_condition(text), {"__builtins__": {}}, {}))  # pylint: disable=eval-used

    def when(self, rules, values):
        """'on_success', 'manual', or None (the job or pipeline is not created)."""
        for rule in rules:
            if "if" not in rule or self.rule_if(rule["if"], values):
                return rule.get("when", "on_success")
        return None

    def pipeline(self, source, branch=None, merge_request=None):
        """{job: when} of the jobs a pipeline of this kind would have (none when workflow:rules refuse it)."""
        values = self.predefined(source, branch, merge_request)
        if self.when(self.config.get("workflow", {}).get("rules", [{}]), values) is None:
            return {}
        jobs = {}
        for name, job in self.jobs().items():
            when = self.when(job.get("rules", [{}]), values)
            if when is not None:
                jobs[name] = when
        return jobs

    def _variables(self, values):
        env = dict(values)
        for name, value in (self.config.get("variables") or {}).items():
            value = value["value"] if isinstance(value, dict) else value
            env[name] = re.sub(r"\$\{?(\w+)\}?", lambda m: env.get(m.group(1), ""), str(value))
        return env

    def run_job(self, name, source, branch=None, merge_request=None, extra_env=None):
        """(status of before_script + script, its output, status of after_script, its output)."""
        self.runs += 1
        job = self.job(name)
        values = self.predefined(source, branch, merge_request)
        assert self.when(job.get("rules", [{}]), values) is not None, "job %s is not in a %s pipeline" % (name, source)
        env = dict(self.base_env)
        env.update(self.variables)
        env.update(self._variables(values))
        env.update(extra_env or {})
        default = self.config.get("default") or {}
        before = job.get("before_script", default.get("before_script", []))
        run = subprocess.run(["bash", "-e", "-c", "\n".join(before + job["script"])], cwd=self.cwd, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=900, check=False)
        after_status, after_output = None, ""
        if job.get("after_script"):
            after = subprocess.run(["bash", "-e", "-c", "\n".join(job["after_script"])], cwd=self.cwd,
                                   env=dict(env, CI_JOB_STATUS="success" if run.returncode == 0 else "failed"),
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300, check=False)
            after_status, after_output = after.returncode, after.stdout.decode("utf-8", "replace")
        return run.returncode, run.stdout.decode("utf-8", "replace"), after_status, after_output


def _sha(number):
    """A commit id for the run, as the CI system would give one."""
    return hashlib.sha1(str(number).encode("ascii")).hexdigest()


def _deep_merge(base, override):
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def github_commands(workflow):
    """Every run: line of the workflow, as (job, step name, line)."""
    return [(job_name, step.get("name", ""), line.strip())
            for job_name, job in workflow["jobs"].items() for step in job["steps"] if "run" in step
            for line in step["run"].splitlines() if line.strip()]


def gitlab_commands(config):
    """Every before_script/script/after_script line of the pipeline (default: included), as (job, key, line)."""
    found = []
    for name, job in config.items():
        if not isinstance(job, dict):
            continue
        for key in ("before_script", "script", "after_script"):
            found.extend((name, key, line.strip()) for line in job.get(key) or [])
    return found
