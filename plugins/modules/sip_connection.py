#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: sip_connection
short_description: Add, modify or delete a SIP connection (site location) of a Hosted Essentials service
version_added: 0.2.0
description:
  - A SIP connection is one SBC configuration of a service (a second site, a branch, geo-redundancy). It is identified
    by its service (short name and M365 tenant, or id) and its name.
  - V(present) adds a missing SIP connection with the documented C(POST /api/v2/customer/{guid}/sitelocation/) and
    waits for its SBC deployment. Whatever the platform answers, the add is never sent twice, and when two runs add
    the same name at once, one SIP connection remains.
  - On an existing SIP connection, the CAC profile, the carrier credentials, main line and host name, CAC and carrier
    registration are changed with the documented Modify SIP Connection call
    (C(PATCH /api/v2/customer/{guid}/sitelocation/)). The SBC, the scripts, the proxy set, the gateway and the
    customer variables cannot be changed by any documented call; a difference is returned in RV(drift) and warned
    about.
  - The platform's site read returns the carrier password in clear; the module compares it and never returns it.
  - V(absent) deletes the SIP connection (C(DELETE /api/v2/sitelocation/{id})) and waits for its cleanup task. The
    service's first and last SIP connections are kept unless O(force=true).
  - Every input rule is checked before any call.
author:
  - AudioCodes Live Platform collection maintainers (@audiocodes)
extends_documentation_fragment:
  - audiocodes.live_platform.connection
  - audiocodes.live_platform.site
  - audiocodes.live_platform.attributes
attributes:
  check_mode:
    support: full
    description: Makes no write call, predicts the change and returns the request it would send (secrets masked).
  diff_mode:
    support: full
    description: Shows the readable fields before and after; the carrier password only as C(carrier_password) V(set) or V(changed).
seealso:
  - module: audiocodes.live_platform.sip_connection_info
  - module: audiocodes.live_platform.dial_plan
  - module: audiocodes.live_platform.hosted_essentials_service
"""

EXAMPLES = r"""
- name: Add a second site to a customer's service, on another SBC
  audiocodes.live_platform.sip_connection:
    short_name: SaraTest1
    ms_tenant_id: 4bf50a33-a383-4d3f-9403-220c898bc1b2
    site_name: SaraTest1-Branch
    sbc: SBC-FRA-02
    onboarding_script: sbc-hosted-essentials
    cac_profile: 10 sessions
    online_pstn_gateway: sbc.example.net
    carrier_user_name: sara-branch
    carrier_user_password: "{{ vault_sara_branch_password }}"

- name: Rotate the carrier credentials of that site
  audiocodes.live_platform.sip_connection:
    short_name: SaraTest1
    ms_tenant_id: 4bf50a33-a383-4d3f-9403-220c898bc1b2
    site_name: SaraTest1-Branch
    carrier_user_password: "{{ vault_sara_branch_new_password }}"

- name: Remove the branch site
  audiocodes.live_platform.sip_connection:
    short_name: SaraTest1
    ms_tenant_id: 4bf50a33-a383-4d3f-9403-220c898bc1b2
    site_name: SaraTest1-Branch
    state: absent
"""

RETURN = r"""
outcome:
  description: What happened, in one word.
  returned: always
  type: str
  sample: created
  choices: [created, updated, unchanged, drifted, deleted, absent, would_create, would_update, would_delete]
site:
  description: The SIP connection as the platform's read gives it; null when it does not exist (or would be added).
  returned: always
  type: dict
  contains:
    # BEGIN site record: generated from plugins/module_utils/options.py by make docs, do not edit
    id:
      type: str
      description: The SIP connection's id (siteId).
    name:
      type: str
      description: Its name (site location name).
    ms_tenant_id:
      type: str
      description: The customer's M365 tenant id, when the read gives it.
    deployment_state:
      type: str
      description: V(InProgress), V(Deployed) or V(Failed) (the read's integer state, by name).
    sbc_id:
      type: int
      description: The SBC it is deployed on.
    onboarding_script_id:
      type: int
      description: Its SBC onboarding script.
    cleanup_script_id:
      type: int
      description: Its SBC cleanup script.
    online_pstn_gateway:
      type: str
      description: The Online PSTN Gateway.
    cac_profile:
      type: str
      description: The CAC profile.
    proxy_set:
      type: str
      description: The proxy set (the read's C(carrierId)).
    carrier_user_name:
      type: str
      description: The carrier's digest user name.
    carrier_main_line:
      type: str
      description: The AOR user name.
    carrier_host_name:
      type: str
      description: The AOR host name.
    enable_cac:
      type: bool
      description: Whether CAC applies; null when the read does not say.
    carrier_registration:
      type: bool
      description: Whether the SBC registers with the carrier; null when the read does not say.
    configure_sbc:
      type: bool
      description: The read's C(flagConfigureSbc).
    custom_variables:
      type: dict
      description: The customer variables as the read gives them, without the carrier password (never returned).
    pending_tasks:
      type: list
      elements: str
      description: The platform's pending task ids.
    # END site record
service:
  description: The service the SIP connection belongs to (C(id), C(short_name), C(ms_tenant_id)).
  returned: when the service exists
  type: dict
changes:
  description: The options the Modify SIP Connection call changed (or would change).
  returned: with O(state=present)
  type: list
  elements: str
  sample: [cac_profile, carrier_user_password]
drift:
  description: What differs and cannot be changed, each with C(field), C(actual) and C(desired).
  returned: with O(state=present)
  type: list
  elements: dict
request:
  description: The add or modify request sent (or, in check mode, that would be sent); secrets masked.
  returned: when a SIP connection is or would be added or modified
  type: dict
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.audiocodes.live_platform.plugins.module_utils.options import site_argument_spec
from ansible_collections.audiocodes.live_platform.plugins.module_utils.runner import argument_spec, run
from ansible_collections.audiocodes.live_platform.plugins.module_utils.sip_connection import ensure


def main():
    module = AnsibleModule(
        argument_spec=argument_spec(**site_argument_spec()),
        required_one_of=[("short_name", "service_id")],
        mutually_exclusive=[("sbc", "sbc_id"), ("onboarding_script", "onboarding_script_id"),
                            ("cleanup_script", "cleanup_script_id")],
        supports_check_mode=True,
    )
    run(module, ensure)


if __name__ == "__main__":
    main()
