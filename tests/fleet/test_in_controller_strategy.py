# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The in_controller strategy (plugins/strategy/in_controller.py), end to end: the tasks that only show or check run
in the controller's process, each host with its own templating, result and recap; every other task in a worker, as
with linear. Run with ``make fleet-test``."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re
import subprocess
import sys

import pytest

from helpers.playbooks import ANSIBLE_PLAYBOOK, recap

HOSTS = ("h1", "h2", "h3", "h4", "h5")
PLAYBOOK = """
- name: Strategy under test
  hosts: all
  gather_facts: false
  connection: local
  strategy: "{{ test_strategy }}"
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
  tasks:
    - name: Check the host's variables
      ansible.builtin.assert:
        that: inventory_hostname is string
        quiet: true

    - name: Say which process templated the task
      ansible.builtin.debug:
        msg: "{{ inventory_hostname }} templated by pid {{ lookup('ansible.builtin.pipe', 'echo $PPID') }}"
      changed_when: inventory_hostname != 'h2'
      failed_when: broken | default(false)

    - name: Run a module, which forks whatever the strategy
      ansible.builtin.command: "echo {{ inventory_hostname }}"
      changed_when: false
"""


def run(tmp_path, collections_path, strategy):
    (tmp_path / "hosts.ini").write_text(
        "[all]\n" + "\n".join(h + (" broken=true" if h == "h3" else "") for h in HOSTS) + "\n")
    (tmp_path / "play.yml").write_text(PLAYBOOK)
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_path, ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0",
               ANSIBLE_RETRY_FILES_ENABLED="0", ANSIBLE_LOCALHOST_WARNING="0")
    process = subprocess.Popen([ANSIBLE_PLAYBOOK, "-f", "5", "-i", str(tmp_path / "hosts.ini"),
                                str(tmp_path / "play.yml"), "-e", "test_strategy=" + strategy],
                               cwd=str(tmp_path), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.communicate(timeout=300)[0].decode("utf-8", "replace")
    pids = dict(re.findall(r"(h\d) templated by pid (\d+)", output))
    return process, output, pids


def executor_known(collections_path):
    if collections_path not in sys.path:
        sys.path.insert(0, collections_path)
    from ansible_collections.audiocodes.live_platform.plugins.strategy.in_controller import executor_arguments
    return executor_arguments() is not None


@pytest.mark.parametrize("strategy", ["audiocodes.live_platform.in_controller", "ansible.builtin.linear"])
def test_results_and_recap_per_host(tmp_path, collections_path, strategy):
    """Each host gets its own templating (its name in its message), its changed_when and failed_when, and its recap
    line; a failed host stops there; the module task runs for the others: as with linear."""
    process, output, pids = run(tmp_path, collections_path, strategy)
    assert process.returncode == 2, output
    assert sorted(pids) == list(HOSTS), output
    for host in HOSTS:
        assert "{0} templated by pid".format(host) in output
    counts = recap(output)
    assert sorted(counts) == list(HOSTS), output
    assert counts["h3"]["failed"] == 1 and counts["h3"]["ok"] == 1, counts  # the assert passed, the debug failed
    assert counts["h2"] == dict(counts["h2"], ok=3, changed=0, failed=0), counts
    for host in ("h1", "h4", "h5"):
        assert counts[host] == dict(counts[host], ok=3, changed=1, failed=0), counts


def test_show_and_check_tasks_run_in_the_controller(tmp_path, collections_path):
    """With in_controller, every host's debug task is templated by one process, the controller (ansible-playbook's
    own pid); with linear, each by a worker of its own."""
    process, output, pids = run(tmp_path, collections_path, "audiocodes.live_platform.in_controller")
    if not executor_known(collections_path):  # an ansible-core whose executor it does not know: it forks, as linear does
        pytest.skip("this ansible-core's task executor is not one in_controller knows")
    assert set(pids.values()) == {str(process.pid)}, output

    process, output, pids = run(tmp_path, collections_path, "ansible.builtin.linear")
    assert str(process.pid) not in pids.values(), output
    assert len(set(pids.values())) > 1, output
