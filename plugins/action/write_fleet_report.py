# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Build and write the fleet report on the controller, in one step, or remove the previous one at the start of a run
(docs: plugins/modules/write_fleet_report.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import tempfile

from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.validation import check_type_dict
from ansible.plugins.action import ActionBase

from ansible_collections.audiocodes.live_platform.plugins.plugin_utils.fleet_reports import (
    batch_results, batch_stop, fleet_report, render_markdown,
)
from ansible_collections.audiocodes.live_platform.plugins.plugin_utils.variables import named_structure, named_variable

ARGUMENT_SPEC = dict(
    state=dict(type="str", choices=["present", "absent"], default="present"),
    customers=dict(type="list", elements="str"),
    batch_result=dict(type="dict"),
    result_var=dict(type="str"),
    requests=dict(type="raw"),  # fleet_requests' list, or a mapping of host to request
    # The same two, by the name of the variable that holds them: read here, they are not templated into the task's
    # arguments (at 5000 customers, Ansible's templating and the argument validation of a batch's result and its
    # requests cost more than the report).
    batch_result_var=dict(type="str"),
    requests_var=dict(type="str"),
    title=dict(type="str", default="Fleet report"),
    mode=dict(type="str", choices=["apply", "check"], default="apply"),
    dest=dict(type="path", required=True),
    name=dict(type="str", required=True),
    stats_key=dict(type="str"),
)


def write_atomically(path, text):
    """Replace path with text at once: a pipeline reading the report never sees half of it."""
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".fleet-report-")
    try:
        with os.fdopen(handle, "w") as out:
            out.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def remove(base):
    """Remove base.json and base.md; returns those that were there."""
    removed = []
    for path in (base + ".json", base + ".md"):
        try:
            os.unlink(path)
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise AnsibleActionFail("cannot remove the previous report {0}: {1}".format(path, exc))
        removed.append(path)
    return removed


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        _validation, args = self.validate_argument_spec(
            argument_spec=ARGUMENT_SPEC,
            mutually_exclusive=[("batch_result", "result_var", "batch_result_var"), ("requests", "requests_var")],
            required_if=[("state", "present", ("customers",)),
                         ("state", "present", ("batch_result", "result_var", "batch_result_var"), True)])
        base = os.path.join(args["dest"], args["name"])
        if args["state"] == "absent":
            result.update(changed=False, paths=[] if self._task.check_mode else remove(base))
            return result
        batch, requests = args["batch_result"], args["requests"]
        if args["batch_result_var"] is not None:
            batch = named_variable(self._templar, task_vars, args["batch_result_var"])
            try:
                batch = check_type_dict(batch)  # as the batch_result option takes it
            except TypeError as exc:
                raise AnsibleActionFail("batch_result_var: the variable {0} holds no mapping: {1}".format(
                    args["batch_result_var"], exc))
        if args["requests_var"] is not None:
            requests = named_structure(self._templar, task_vars, args["requests_var"])
        report = fleet_report(args["customers"], (task_vars or {}).get("hostvars", {}), args["result_var"],
                              args["title"], args["mode"] == "check", batch_results(batch, args["customers"]),
                              requests, batch_stop(batch))
        markdown = render_markdown(report)
        paths = []
        if not self._task.check_mode:
            try:
                os.makedirs(args["dest"], exist_ok=True)
                write_atomically(base + ".json", json.dumps(report, indent=4, sort_keys=True) + "\n")
                write_atomically(base + ".md", markdown)
            except OSError as exc:
                raise AnsibleActionFail("cannot write the report into {0}: {1}".format(args["dest"], exc))
            paths = [base + ".json", base + ".md"]
        result.update(changed=False, report=report, markdown=markdown, paths=paths)
        if args["stats_key"]:
            # As set_stats passes data to AWX workflows (a task of its own would template the whole report again).
            result["ansible_stats"] = dict(data={args["stats_key"]: report}, per_host=False, aggregate=False)
        return result
