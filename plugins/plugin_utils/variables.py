# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A variable read by its name in an action plugin, for the big structures of a fleet (its requests, a batch's result).

Passed as a task argument (``"{{ onboarding_requests }}"``), such a structure is templated into the arguments, which
ansible-core before 2.19 does by turning it into text and parsing it back: seconds per thousand customers. Read here
by name, it is only templated where it holds a template.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

from ansible.errors import AnsibleError, AnsibleUndefinedVariable


def named_variable(templar, task_vars, name):
    """The variable's value as lookup('ansible.builtin.vars', name) gives it: templated, and undefined fails."""
    task_vars = task_vars or {}
    try:
        value = task_vars[name]
    except KeyError:
        try:
            value = task_vars["hostvars"][task_vars["inventory_hostname"]][name]
        except KeyError:
            raise AnsibleUndefinedVariable("No variable found with this name: {0}".format(name))
    return templar.template(value, fail_on_undefined=True)


def named_structure(templar, task_vars, name):
    """named_variable, where a list or mapping may also be held as JSON text (the fleet_requests filter's as_text):
    decoded here, so that a fleet's requests pass through set_fact as one string."""
    value = named_variable(templar, task_vars, name)
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError as exc:  # the position only: the text may hold secrets
        raise AnsibleError("the variable {0} holds text that is not JSON (at line {1}, column {2})".format(
            name, getattr(exc, "lineno", "?"), getattr(exc, "colno", "?")))
