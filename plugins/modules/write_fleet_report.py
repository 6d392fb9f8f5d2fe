#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: write_fleet_report
short_description: Build a fleet's report from its customers' results and write it as JSON and Markdown
version_added: 0.1.0
description:
  - One row per customer, sorted by name, with the outcome, the status, the licence, the platform's message and the
    drift, and under it a row per further SIP connection, from the results of one
    M(audiocodes.live_platform.hosted_essentials_fleet) call (O(batch_result)) or from the module result each customer
    host registered (O(result_var)). A customer without a result is reported as C(not_run). Secrets are
    masked.
  - Writes O(dest)/O(name)C(.json) and O(dest)/O(name)C(.md) on the controller, whatever the play's connection, in
    one step, so that the report of a fleet of thousands costs the controller no task per customer and no module
    process.
  - With O(state=absent), removes the two files instead. The roles do it at the start of a run, so that a run that
    stops before its report is written (refused credentials, a guard) leaves no earlier report that looks like its
    own.
  - The C(audiocodes.live_platform.fleet_report) role uses it; it is an action plugin, run on the controller. The report
    itself is what the P(audiocodes.live_platform.build_fleet_report#filter) filter builds.
author:
  - AudioCodes Live Platform collection maintainers (@audiocodes)
attributes:
  check_mode:
    support: none
    description:
      - The report is output, not managed state; set C(check_mode=false) on the task to write a plan's report in check
        mode, as the roles do. In check mode it builds and returns the report without writing it.
  diff_mode:
    support: none
    description: The report files are output, not managed state.
  action:
    support: full
    description: Runs on the controller.
  platform:
    support: full
    platforms: all
    description: Any controller.
options:
  state:
    description:
      - V(present) builds and writes the report; V(absent) removes O(dest)/O(name)C(.json) and C(.md) if they exist
        (only O(dest) and O(name) are used).
    type: str
    choices: [present, absent]
    default: present
  customers:
    description: The customers' inventory host names. Required with O(state=present).
    type: list
    elements: str
  batch_result:
    description:
      - The registered result of one M(audiocodes.live_platform.hosted_essentials_fleet) call, whose C(customers) hold
        each customer's result. When the call failed as a whole (for example no connection), every customer is
        reported failed with its message.
      - With O(state=present), one of O(batch_result), O(batch_result_var) and O(result_var) is required.
    type: dict
  batch_result_var:
    description:
      - Instead of O(batch_result), the name of the variable that holds it; the action reads it itself (templated,
        as C(lookup('ansible.builtin.vars', name)) gives it). On a large fleet this saves templating the whole
        result into the task's arguments and validating it again.
    type: str
    version_added: 0.2.0
  result_var:
    description: Instead of O(batch_result), the name of the variable each customer host registered its module result in.
    type: str
  requests:
    description:
      - The requests as P(audiocodes.live_platform.fleet_requests#filter) composed them (its list, or a mapping of host
        name to request), for each customer's short name and SBC; by default each host's request is composed again
        from its variables.
      - A customer whose request is C(invalid) and whose task did not run (skipped) is reported failed with each field
        and the rule it breaks.
    type: raw
  requests_var:
    description:
      - Instead of O(requests), the name of the variable that holds them, read by the action itself.
      - The variable may also hold them as JSON text, as P(audiocodes.live_platform.fleet_requests#filter) gives them
        with C(as_text=true); the action decodes it.
    type: str
    version_added: 0.2.0
  stats_key:
    description:
      - Also pass the report to AWX/AAP workflows under this key, as C(ansible.builtin.set_stats) with
        C(per_host=false) and C(aggregate=false) would, without a task of its own that templates the whole report
        again. The C(audiocodes.live_platform.fleet_report) role sets V(live_platform_report).
    type: str
    version_added: 0.2.0
  title:
    description: The report's title.
    type: str
    default: Fleet report
  mode:
    description: C(check) when the results are predictions (check mode), C(apply) otherwise.
    type: str
    choices: [apply, check]
    default: apply
  dest:
    description: The folder the report files are written to, on the controller; created when missing.
    type: path
    required: true
  name:
    description: The report files' name, without extension.
    type: str
    required: true
notes:
  - The files are replaced atomically, so a pipeline never reads half a report.
seealso:
  - module: audiocodes.live_platform.hosted_essentials_fleet
  - plugin: audiocodes.live_platform.fleet_report_markdown
    plugin_type: filter
"""

EXAMPLES = r"""
- name: Report a batch call
  audiocodes.live_platform.write_fleet_report:
    customers: "{{ ansible_play_hosts }}"
    batch_result: "{{ onboarding_batch }}"
    title: Onboarding
    dest: reports
    name: onboarding-report
  check_mode: false
  run_once: true
  register: written

- name: Show it
  ansible.builtin.debug:
    msg: "{{ written.markdown.splitlines() }}"
  run_once: true

- name: Remove the previous run's report, at the start of a run
  audiocodes.live_platform.write_fleet_report:
    state: absent
    dest: reports
    name: onboarding-report
  check_mode: false
  run_once: true
"""

RETURN = r"""
report:
  description:
    - C(title), C(mode), C(generated_at), C(summary) (C(total), C(failed), C(changed), C(outcomes)) and C(customers).
    - C(stopped_by) says, once, why a batch stopped before some customers (it failed as a whole, or met a failure
      that is not a customer's, such as a refused sign-in or no connection); those customers' outcome is C(not_run).
      Else null.
  returned: when O(state=present)
  type: dict
markdown:
  description:
    - The report as Markdown, as written to the C(.md) file; one row per customer with its short name, SBC, outcome,
      service id, deployment state and message (control and invisible characters escaped).
  returned: when O(state=present)
  type: str
paths:
  description: The files written (with O(state=absent), those removed); empty in check mode.
  returned: always
  type: list
  elements: str
"""
