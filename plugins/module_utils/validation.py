# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The platform's input rules, checked before any call so that a bad value never reaches a write."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import InputError
from ansible_collections.audiocodes.live_platform.plugins.module_utils.options import max_lengths, text_options

SHORT_NAME_FORBIDDEN = '\\/:*?"<>|'
GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
CUSTOM_VAR_KEY = re.compile(r"^CustomVar\.Variable([1-9][0-9]*)$")
OVOC_CUSTOMER_TYPES = ("IPGROUP_TYPE", "TENANT_TYPE")

# Options that hold text on the platform (``text`` in options.SERVICE_OPTIONS). YAML turns 0123 into 83, yes into
# True and 5060 into an int; accepting those silently would send a value the operator never wrote, so they must be
# quoted.
TEXT_OPTIONS = text_options()
MAX_LENGTHS = max_lengths()


class InputErrors(InputError):
    """Every rule an input breaks, in one message, so the operator fixes them in one go."""

    def __init__(self, problems):
        super(InputErrors, self).__init__(problems[0][0], problems[0][1])
        self.msg = "; ".join("{0}: {1}".format(f, r) for f, r in problems)
        self.details["errors"] = [dict(field=f, rule=r) for f, r in problems]
        self.problems = problems


def describe_type(value):
    if isinstance(value, bool):
        return "the boolean {0} (YAML reads yes/no/on/off as booleans)".format(value)
    if isinstance(value, int):
        return "the number {0} (YAML drops leading zeros and reads 0-prefixed digits as octal)".format(value)
    if isinstance(value, float):
        return "the number {0}".format(value)
    return "a {0}".format(type(value).__name__)


def _text_problems(params):
    problems = []
    for name in TEXT_OPTIONS:
        value = params.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            problems.append((name, "must be a string, got {0}; quote the value in YAML".format(describe_type(value))))
            continue
        limit = MAX_LENGTHS.get(name)
        if limit and len(value) > limit:
            problems.append((name, "must be at most {0} characters, got {1}".format(limit, len(value))))
    return problems


def short_name_problems(value):
    if not isinstance(value, str):
        return []  # reported by the type rule
    problems = []
    if not 3 <= len(value) <= 15:
        problems.append(("short_name", "must be 3 to 15 characters, got {0}".format(len(value))))
    bad = sorted(set(c for c in value if c in SHORT_NAME_FORBIDDEN))
    if bad:
        problems.append(("short_name", "must not contain any of \\ / : * ? \" < > |, found {0}".format(" ".join(bad))))
    if "." in value:
        problems.append(("short_name", "must not contain a dot"))
    if any(c.isspace() for c in value):
        problems.append(("short_name", "must not contain blanks"))
    return problems


def password_problems(value):
    if not isinstance(value, str):
        return []
    # "Wide characters" are refused by the SBC; we read that as anything outside 7-bit ASCII.
    if any(ord(c) > 127 for c in value):
        return [("carrier_user_password", "must not contain wide (non-ASCII) characters")]
    return []


def custom_variable_problems(variables):
    if variables is None:
        return []
    if not isinstance(variables, dict):
        return [("custom_variables", "must be a mapping of variable name to value, got {0}".format(
            describe_type(variables)))]
    problems = []
    for key, value in variables.items():
        if not isinstance(key, str) or not key.strip():
            problems.append(("custom_variables", "every name must be a non-empty string, got {0!r}".format(key)))
        elif key.startswith("CustomVar.") and not CUSTOM_VAR_KEY.match(key):
            problems.append(("custom_variables", "'{0}' must be CustomVar.Variable<N> with N from 1".format(key)))
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            problems.append(("custom_variables.{0}".format(key),
                             "must be a string, got {0}; quote the value in YAML".format(describe_type(value))))
    return problems


def _exclusive(params, name_option, id_option, required):
    has_name = params.get(name_option) not in (None, "")
    has_id = params.get(id_option) is not None
    if has_name and has_id:
        return [(name_option, "give either {0} or {1}, not both".format(name_option, id_option))]
    if required and not (has_name or has_id):
        return [(name_option, "is required to create a service (or give {0})".format(id_option))]
    return []


def _positive_ids(params):
    problems = []
    for name in ("sbc_id", "onboarding_script_id", "cleanup_script_id"):
        value = params.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            problems.append((name, "must be a positive integer"))
    lc_id = params.get("lc_customer_id")
    if lc_id is not None and (isinstance(lc_id, bool) or not re.match(r"^[0-9]+$", str(lc_id))):
        problems.append(("lc_customer_id", "must be the numeric id of an Operation Center customer"))
    return problems


def service_input_problems(params):
    """Every (option, rule) that the desired service breaks; an empty list when it is valid."""
    problems = []
    if params.get("short_name") in (None, ""):
        problems.append(("short_name", "is required"))
    problems += _text_problems(params)
    problems += short_name_problems(params.get("short_name"))
    if params.get("state", "present") == "absent":
        return problems
    tenant = params.get("ms_tenant_id")
    if tenant in (None, ""):
        problems.append(("ms_tenant_id", "is required to create a service"))
    elif isinstance(tenant, str) and not GUID.match(tenant):
        problems.append(("ms_tenant_id", "must be a Microsoft tenant id (GUID such as"
                                         " 4bf50a33-a383-4d3f-9403-220c898bc1b2)"))
    customer_type = params.get("ovoc_customer_type")
    if customer_type is not None and customer_type not in OVOC_CUSTOMER_TYPES:
        problems.append(("ovoc_customer_type", "must be one of {0}".format(", ".join(OVOC_CUSTOMER_TYPES))))
    problems += password_problems(params.get("carrier_user_password"))
    problems += custom_variable_problems(params.get("custom_variables"))
    problems += _exclusive(params, "sbc", "sbc_id", required=True)
    problems += _exclusive(params, "onboarding_script", "onboarding_script_id", required=True)
    problems += _exclusive(params, "cleanup_script", "cleanup_script_id", required=False)
    problems += _positive_ids(params)
    timeout = params.get("wait_timeout")
    if timeout is not None and timeout <= 0:
        problems.append(("wait_timeout", "must be more than 0 seconds"))
    return problems


def check_service_input(params):
    problems = service_input_problems(params)
    if problems:
        raise InputErrors(problems)
