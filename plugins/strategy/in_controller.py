# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: in_controller
short_description: The linear strategy, with tasks that only show or check run in the controller
description:
  - The C(ansible.builtin.linear) strategy, except that a task whose action only shows or checks variables
    (C(ansible.builtin.debug), C(ansible.builtin.fail), C(ansible.builtin.assert) and
    C(ansible.builtin.validate_argument_spec)) runs in the controller's own process, not in a worker process forked
    for each host.
  - Each host still gets its own task result, callbacks (AWX job events included) and PLAY RECAP counts, as with
    C(ansible.builtin.linear). Every other task, and any of these with C(delegate_to) or C(async), runs in a worker as
    usual.
  - A forked worker costs the controller tens of milliseconds per host (it copies the controller's memory pages as
    either process touches them); the plays of C(audiocodes.live_platform.onboard) that run a task on every customer
    host use this strategy, so that marking 5,000 customers costs seconds rather than minutes.
  - On an ansible-core whose task executor it does not know, it forks as C(ansible.builtin.linear) does (and says
    so at C(-vvv)).
version_added: 0.2.0
author:
  - AudioCodes Live Platform collection maintainers (@audiocodes)
"""

import inspect

from ansible.executor.task_executor import TaskExecutor
from ansible.plugins import loader as plugin_loader
from ansible.plugins.strategy.linear import StrategyModule as LinearStrategyModule
from ansible.utils.display import Display

try:  # ansible-core 2.19 and later
    from ansible.executor.task_result import _RawTaskResult
except ImportError:
    _RawTaskResult = None

display = Display()

# Actions that read variables and return a result, touching neither a connection nor a file. The fully qualified names
# are the ones Ansible resolves a short name (debug) or a legacy one (ansible.legacy.debug) to.
CONTROLLER_ACTIONS = frozenset(
    prefix + name
    for prefix in ("ansible.builtin.", "ansible.legacy.", "")
    for name in ("debug", "fail", "assert", "validate_argument_spec")
)

# The task executor's arguments, by the names ansible-core gives them (2.16 has new_stdin, 2.17 to 2.20 do not).
KNOWN_EXECUTOR_ARGUMENTS = frozenset(
    ("host", "task", "job_vars", "play_context", "new_stdin", "loader", "shared_loader_obj", "final_q",
     "variable_manager")
)


def executor_arguments():
    """The names of TaskExecutor's arguments, or None when this ansible-core's executor is not one we know."""
    names = list(inspect.signature(TaskExecutor.__init__).parameters)[1:]
    if "task" not in names or not set(names) <= KNOWN_EXECUTOR_ARGUMENTS:
        return None
    return names


def runs_in_controller(task):
    """Whether a task is one whose action only reads variables, and runs where the controller is."""
    action = getattr(task, "resolved_action", None) or task.action
    return action in CONTROLLER_ACTIONS and not task.delegate_to and not task.async_val


class StrategyModule(LinearStrategyModule):

    def __init__(self, tqm):
        super(StrategyModule, self).__init__(tqm)
        self._executor_arguments = executor_arguments()
        if self._executor_arguments is None:
            display.vvv("in_controller: this ansible-core's task executor is not one it knows: every task forks")

    def _queue_task(self, host, task, task_vars, play_context):
        if self._executor_arguments is None or not runs_in_controller(task):
            return super(StrategyModule, self)._queue_task(host, task, task_vars, play_context)
        # What the linear strategy records of a queued task, for the result's processing.
        self._queued_task_cache[(host.name, task._uuid)] = {
            "host": host, "task": task, "task_vars": task_vars, "play_context": play_context,
        }
        self._tqm.send_callback("v2_runner_on_start", host, task)
        # The executor finalises the task it is given (its templated fields): a copy, as a forked worker's is, so
        # that the next host's task is templated with its own variables.
        own_task = task.copy(exclude_tasks=True)
        given = dict(
            host=host, task=own_task, job_vars=task_vars, play_context=play_context, new_stdin=None,
            loader=self._loader, shared_loader_obj=self._shared_loader(), final_q=self._final_q,
            variable_manager=self._variable_manager,
        )
        result = TaskExecutor(**dict((name, given[name]) for name in self._executor_arguments)).run()
        if _RawTaskResult is not None:
            self._final_q.send_task_result(_RawTaskResult(
                host=host, task=own_task, return_data=result, task_fields=own_task.dump_attrs()))
        else:
            self._final_q.send_task_result(host.name, task._uuid, result, task_fields=own_task.dump_attrs())
        self._pending_results += 1

    @staticmethod
    def _shared_loader():
        # What a worker is given: the plugin loaders (ansible-core 2.19 gives them as a namespace).
        if hasattr(plugin_loader, "get_plugin_loader_namespace"):
            return plugin_loader.get_plugin_loader_namespace()
        return plugin_loader
