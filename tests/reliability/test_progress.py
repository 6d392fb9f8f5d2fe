# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Progress while a run goes on: a line per customer when its deployment starts and when it ends, in both strategies,
shown while the module task runs (before its result), none for an unchanged rerun; the action plugins that run the
modules' logic in process return what the modules return; nothing secret in any of it.

Without the action plugins, per_customer printed nothing until a customer's task ended and batch was one silent task.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re

import pytest

from reliability_helpers import FIGURES, Runner, fleet, hosts_of, tail, write_inventory

MODULES = dict(per_customer="hosted_essentials_service", batch="hosted_essentials_fleet")
TASKS = dict(per_customer="Onboard the customer's Hosted Essentials service", batch="Onboard the fleet in one call")

DUMP_PLAYBOOK = """---
- name: Register both modules' results and dump them
  hosts: localhost
  gather_facts: false
  connection: local
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
  tasks:
    - name: One carrier customer
      audiocodes.live_platform.hosted_essentials_service:
        short_name: "{{ prefix }}svc"
        sbc: SBC-LON-03
        onboarding_script: sbc-carrier-registration
        ms_tenant_id: 7c9e6679-7425-40de-944b-000000000801
        cac_profile: 5 sessions
        proxy_set: Carrier-LON
        carrier_user_name: dump-trunk
        carrier_user_password: "{{ dump_password }}"
        custom_variables: {Carrier-Region: UK-South, Carrier-Trunk-Group: TG-LON-01}
        poll_interval: 0.2
      register: dump_service
    - name: Two customers in one call
      audiocodes.live_platform.hosted_essentials_fleet:
        poll_interval: 0.2
        services:
          - customer: "{{ prefix }}fl1"
            short_name: "{{ prefix }}fl1"
            sbc: SBC-LON-03
            onboarding_script: sbc-carrier-registration
            ms_tenant_id: 7c9e6679-7425-40de-944b-000000000802
            cac_profile: 5 sessions
            proxy_set: Carrier-LON
            carrier_user_password: "{{ dump_password }}"
            custom_variables: {Carrier-Region: UK-South, Carrier-Trunk-Group: TG-LON-01}
          - customer: "{{ prefix }}fl2"
            short_name: "{{ prefix }}fl2"
            sbc: SBC-FRA-02
            onboarding_script: sbc-scenario7
            ms_tenant_id: 7c9e6679-7425-40de-944b-000000000803
      register: dump_fleet
    - name: A value the logic refuses
      audiocodes.live_platform.hosted_essentials_service:
        short_name: "{{ prefix }}.bad"
        sbc: SBC-FRA-02
        onboarding_script: sbc-scenario7
        ms_tenant_id: 7c9e6679-7425-40de-944b-000000000804
        carrier_user_password: "{{ dump_password }}"
      register: dump_refused
      ignore_errors: true
    - name: Arguments the module's spec refuses
      audiocodes.live_platform.hosted_essentials_service:
        sbc: SBC-FRA-02
        bogus: 1
      register: dump_spec
      ignore_errors: true
    - name: Dump the registered results
      ansible.builtin.copy:
        content: >-
          {{ {'service': dump_service, 'fleet': dump_fleet, 'refused': dump_refused, 'spec': dump_spec}
             | to_nice_json }}
        dest: "{{ dump_file }}"
        mode: "0600"
"""


def progress_lines(output, module):
    return [line for line in output.splitlines() if line.startswith(module + ": ")]


def secrets_of(sim, passwords):
    tokens = sim.admin("GET", "tokens")["tokens"]
    assert tokens, "no token was issued: the playbooks did not reach the platform"
    return dict([("client secret", sim.client_secret)] + [("carrier password of " + h, p) for h, p in passwords.items()]
                + [("access token %d" % number, token) for number, token in enumerate(tokens)])


def shape(value):
    """The keys of a registered result, all the way down (the values left out)."""
    if isinstance(value, dict):
        return dict((key, shape(item)) for key, item in value.items())
    if isinstance(value, list):
        return [shape(item) for item in value[:1]]
    return type(value).__name__


@pytest.fixture
def sim(live_platform_simulator_factory):
    return live_platform_simulator_factory("--deployment-time", "0.5", "--deletion-time", "0.2")


@pytest.mark.parametrize("strategy", ["per_customer", "batch"])
def test_a_line_when_each_deployment_starts_and_ends_and_none_when_unchanged(sim, collections_path, tmp_path,
                                                                             strategy):
    runner = Runner(sim, collections_path, tmp_path, forks=4)
    groups, passwords = fleet(4, prefix="prog", password_prefix="Prog")
    inventory = write_inventory(tmp_path / "hosts.yml", groups)
    module = MODULES[strategy]
    status, output, _r, _s = runner.run("onboard.yml", inventory, "-e", "onboarding_strategy=" + strategy, "-vvv")
    assert status == 0, tail(output)
    lines = progress_lines(output, module)
    guids = dict((name, svc["id"]) for name, svc in runner.services_by_name().items())
    for host in hosts_of(groups):
        started = [line for line in lines if line == "%s: %s: deployment started (create)" % (module, host)]
        ended = [line for line in lines if re.match(r"%s: %s: deployment ended: deployed in \d+ s \(service %s\)$"
                                                    % (module, host, guids[host]), line)]
        assert len(started) == 1 and len(ended) == 1, (host, lines)
    assert len(lines) == 8, lines
    # Shown while the module task runs, before its result: per customer before the customer's result line
    # (per_customer), every line before the one result line of the fleet's task (batch).
    task = output.index("TASK [audiocodes.live_platform.onboarding : %s]" % TASKS[strategy])
    for host in hosts_of(groups):
        result = output.index("changed: [%s]" % host if strategy == "per_customer" else "changed: [", task)
        mine = [output.index(line, task) for line in lines if line.startswith("%s: %s: " % (module, host))]
        assert task < mine[0] < mine[1] < result, (host, tail(output[task:], 60))

    status, rerun, _r, _s = runner.run("onboard.yml", inventory, "-e", "onboarding_strategy=" + strategy)
    assert status == 0, tail(rerun)
    assert progress_lines(rerun, module) == [] and "deployment started" not in rerun

    secrets = secrets_of(sim, passwords)
    leaks = sorted(what for what, secret in secrets.items() for text in (output, rerun) if secret in text)
    assert not leaks, leaks
    FIGURES["progress_" + strategy] = dict(customers=len(hosts_of(groups)), lines=len(lines), rerun_lines=0,
                                           secrets_checked=len(secrets), sample=lines[:2])


def test_the_in_process_result_is_the_modules(sim, collections_path, tmp_path):
    """The results registered from the action plugins (in process) and from the modules
    (live_platform_in_process=false) have the same keys, and for the same state of the platform the same values."""
    runner = Runner(sim, collections_path, tmp_path, forks=1)
    playbook = str(tmp_path / "dump.yml")
    with open(playbook, "w") as handle:
        handle.write(DUMP_PLAYBOOK)
    password = "Dump-Progress-Pw-41Xy"
    outputs, dumps = [], []

    def dump(prefix, *args):
        path = str(tmp_path / ("dump-%d.json" % len(dumps)))
        variables = str(tmp_path / ("dump-vars-%d.json" % len(dumps)))
        with open(variables, "w") as handle:  # from a file, as from a vault: -vvv echoes -e values verbatim
            json.dump(dict(dump_password=password, dump_file=path, prefix=prefix), handle)
        status, output, _r, _s = runner.run(playbook, "localhost,", "-e", "@" + variables, "-vvv", *args)
        assert status == 0, tail(output)
        outputs.append(output)
        with open(path) as handle:
            dumps.append(json.load(handle))
        return dumps[-1], output

    module_switch = ("-e", "live_platform_in_process=false")
    created_here, shown_here = dump("inp")                 # in process: creates
    created_there, shown_there = dump("mod", *module_switch)  # the modules: create others
    again_there, _shown = dump("inp", *module_switch)       # the modules: the first ones, unchanged
    again_here, _shown = dump("inp")                        # in process: the same, unchanged

    assert created_here["service"]["outcome"] == created_there["service"]["outcome"] == "created"
    assert again_here["fleet"]["customers"]["inpfl1"]["outcome"] == "unchanged"
    renamed = json.loads(json.dumps(created_there).replace('"modfl', '"inpfl').replace('"modsvc', '"inpsvc'))
    assert shape(created_here) == shape(renamed)
    assert again_here == again_there
    assert again_here["spec"]["msg"] == "missing required arguments: short_name"  # as the module says it
    assert again_here["refused"]["failed"] and "short_name" in again_here["refused"]["msg"]
    # The lines come from the action plugins only; the modules cannot print while they run.
    service_lines = progress_lines(shown_here, "hosted_essentials_service")
    assert len(service_lines) == 2 and service_lines[0] == "hosted_essentials_service: inpsvc: deployment started " \
        "(create)" and service_lines[1].startswith("hosted_essentials_service: inpsvc: deployment ended: deployed in ")
    assert len(progress_lines(shown_here, "hosted_essentials_fleet")) == 4
    assert progress_lines(shown_there, "hosted_essentials_service") == []
    assert progress_lines(shown_there, "hosted_essentials_fleet") == []

    secrets = secrets_of(sim, {"dump": password})
    places = dict(("run %d output" % n, text) for n, text in enumerate(outputs))
    places.update(("run %d registered" % n, json.dumps(d)) for n, d in enumerate(dumps))
    leaks = sorted((what, where) for what, secret in secrets.items() for where, text in places.items()
                   if secret in text)
    assert not leaks, leaks
    FIGURES["in_process_equals_module"] = dict(registered_results=4, runs=len(dumps), secrets_checked=len(secrets),
                                               leaks=len(leaks))
