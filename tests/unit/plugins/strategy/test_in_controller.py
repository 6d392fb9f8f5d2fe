# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Which tasks the in_controller strategy runs in the controller, and how it recognises the task executor (the runs
themselves: tests/fleet/test_in_controller_strategy.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import inspect

import pytest

from ansible.executor.task_executor import TaskExecutor

from ansible_collections.audiocodes.live_platform.plugins.strategy import in_controller


class FakeTask(object):
    def __init__(self, action, resolved_action=None, delegate_to=None, async_val=0):
        self.action = action
        self.resolved_action = resolved_action
        self.delegate_to = delegate_to
        self.async_val = async_val


@pytest.mark.parametrize("action, resolved", [
    ("debug", "ansible.builtin.debug"),
    ("ansible.builtin.fail", "ansible.builtin.fail"),
    ("ansible.legacy.assert", None),
    ("validate_argument_spec", "ansible.builtin.validate_argument_spec"),
])
def test_show_and_check_actions_run_in_the_controller(action, resolved):
    assert in_controller.runs_in_controller(FakeTask(action, resolved))


@pytest.mark.parametrize("task", [
    FakeTask("command", "ansible.builtin.command"),
    FakeTask("set_fact", "ansible.builtin.set_fact"),  # its facts are the strategy's to apply: a worker, as usual
    FakeTask("audiocodes.live_platform.hosted_essentials_fleet", "audiocodes.live_platform.hosted_essentials_fleet"),
    FakeTask("debug", "other.collection.debug"),  # a collection's debug is not the builtin one
    FakeTask("debug", "ansible.builtin.debug", delegate_to="somewhere"),
    FakeTask("debug", "ansible.builtin.debug", async_val=10),
])
def test_every_other_task_forks(task):
    assert not in_controller.runs_in_controller(task)


def test_the_executor_is_recognised_by_its_arguments():
    names = list(inspect.signature(TaskExecutor.__init__).parameters)[1:]
    known = "task" in names and set(names) <= in_controller.KNOWN_EXECUTOR_ARGUMENTS
    assert in_controller.executor_arguments() == (names if known else None)


def test_an_unknown_executor_means_forking(monkeypatch):
    def executor(self, host, play_context, loader, shared_loader_obj, final_q, variable_manager):
        """ansible-core 2.21's shape: no task among the arguments"""
    monkeypatch.setattr(TaskExecutor, "__init__", executor)
    assert in_controller.executor_arguments() is None
