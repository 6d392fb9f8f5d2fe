#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: session
short_description: Sign in once and read the catalogues (and the services) once, for the module calls of a whole run
version_added: 0.2.0
description:
  - Requests one token with the client credentials and reads the SBC and SBC script catalogues, so that the module
    calls of a run (one per customer host) share them instead of each signing in and reading both again.
  - Give RV(access_token) to each call's O(audiocodes.live_platform.hosted_essentials_service#module:access_token),
    with the client credentials still set so that a token that expires mid-run is renewed, and RV(catalogue) to
    O(audiocodes.live_platform.hosted_essentials_service#module:catalogue). The role C(audiocodes.live_platform.onboarding)
    does this in its C(per_customer) strategy.
  - "The result carries the token, so the task B(must) set C(no_log: true); the module refuses to run without it. The
    registered result then reaches no callback, and a registered variable is never written to a fact cache."
author:
  - AudioCodes Live Platform collection maintainers (@audiocodes)
extends_documentation_fragment:
  - audiocodes.live_platform.connection
  - audiocodes.live_platform.attributes
  - audiocodes.live_platform.attributes.info_module
options:
  list_services:
    description:
      - Also list every service (RV(services)), for calls that then each read their own service by id
        (O(audiocodes.live_platform.hosted_essentials_service#module:service_id)) or create it without listing them
        again (O(audiocodes.live_platform.hosted_essentials_service#module:skip_lookup)).
      - A list that fails for another reason than the whole run's (sign-in, TLS, no connection) gives RV(services)
        V(null) and a warning, so that each call looks its own service up.
    type: bool
    default: false
notes:
  - With O(access_token) given, no token is requested and RV(access_token) is V(null); each call then uses its own.
  - A catalogue the platform lacks (its URL answers 404, 405 or 501) is V(null), with a warning; a module given it
    reads or fails as it would without a session.
"""

EXAMPLES = r"""
- name: Sign in and read the catalogues once for the whole play
  audiocodes.live_platform.session:
  register: platform_session
  run_once: true
  no_log: true  # required: the result carries the token

- name: Onboard each customer with the run's token and catalogues
  audiocodes.live_platform.hosted_essentials_service:
    short_name: "{{ inventory_hostname }}"
    ms_tenant_id: "{{ tenant }}"
    sbc: SBC-AMS-01
    onboarding_script: Teams-DR-Onboarding
    access_token: "{{ platform_session.access_token or omit }}"
    catalogue: "{{ platform_session.catalogue }}"
"""

RETURN = r"""
access_token:
  description:
    - The bearer token, for the run's other module calls. V(null) when O(access_token) was given.
    - Never show it; the task's C(no_log) keeps it out of every callback.
  returned: success
  type: str
catalogue:
  description: The catalogues, as the O(audiocodes.live_platform.hosted_essentials_service#module:catalogue) option takes them.
  returned: success
  type: dict
  contains:
    sbcs:
      description: The SBCs, as M(audiocodes.live_platform.sbc_info) returns them; V(null) when the platform lacks the list.
      type: list
      elements: dict
    script_templates:
      description: The SBC script templates, as M(audiocodes.live_platform.script_template_info) returns them; V(null) when
        the platform lacks the list.
      type: list
      elements: dict
services:
  description: With O(list_services), every service as M(audiocodes.live_platform.hosted_essentials_service_info)
    returns them; V(null) when they could not be listed.
  returned: success and O(list_services)
  type: list
  elements: dict
"""

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.audiocodes.live_platform.plugins.module_utils.client import HAS_REQUESTS, REQUESTS_IMPORT_ERROR
from ansible_collections.audiocodes.live_platform.plugins.module_utils.runner import outcome
from ansible_collections.audiocodes.live_platform.plugins.module_utils.session import (
    NO_LOG_RULE, TokenKept, session_module_spec,
)


def main():
    module = AnsibleModule(argument_spec=session_module_spec(), supports_check_mode=True)
    if not module.no_log:
        module.fail_json(msg=NO_LOG_RULE)
    if not HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
    logic = TokenKept()
    result = logic.returned(outcome(module.params, module.check_mode, logic))
    for warning in result.pop("warnings", []):
        module.warn(warning)
    if result.get("failed"):
        module.fail_json(**result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
