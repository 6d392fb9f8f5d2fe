#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: sip_connection_info
short_description: Read the SIP connections (site locations) of a Hosted Essentials service
version_added: 0.2.0
description:
  - Returns each SIP connection of a service, or the one of a name, from the documented read
    C(GET /api/v2/sitelocation/{id}).
  - The read returns the carrier password in clear; the module never returns it.
author:
  - AudioCodes Live Platform collection maintainers (@audiocodes)
extends_documentation_fragment:
  - audiocodes.live_platform.connection
  - audiocodes.live_platform.attributes
  - audiocodes.live_platform.attributes.info_module
options:
  short_name:
    description: The service's short name. Give this or O(service_id).
    type: str
  ms_tenant_id:
    description: The service's M365 tenant id; needed when more than one tenant has a service of the short name.
    type: str
  service_id:
    description: The service's guid, instead of O(short_name).
    type: str
  site_name:
    description: Return only the SIP connection of this name (compared case-insensitively).
    type: str
seealso:
  - module: audiocodes.live_platform.sip_connection
"""

EXAMPLES = r"""
- name: Read the SIP connections of a customer's service
  audiocodes.live_platform.sip_connection_info:
    short_name: SaraTest1
    ms_tenant_id: 4bf50a33-a383-4d3f-9403-220c898bc1b2
  register: sites

- name: Show their names and states
  ansible.builtin.debug:
    msg: "{{ sites.sip_connections | items2dict(key_name='name', value_name='deployment_state') }}"
"""

RETURN = r"""
service:
  description: The service (C(id), C(short_name), C(ms_tenant_id)); null when it does not exist.
  returned: always
  type: dict
sip_connections:
  description: The SIP connections, in the platform's order; empty when the service does not exist.
  returned: always
  type: list
  elements: dict
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
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.audiocodes.live_platform.plugins.module_utils.runner import argument_spec, run
from ansible_collections.audiocodes.live_platform.plugins.module_utils.sip_connection import sip_connection_info


def main():
    module = AnsibleModule(
        argument_spec=argument_spec(short_name=dict(type="str"), ms_tenant_id=dict(type="str"),
                                    service_id=dict(type="str"), site_name=dict(type="str")),
        required_one_of=[("short_name", "service_id")],
        supports_check_mode=True,
    )
    run(module, sip_connection_info)


if __name__ == "__main__":
    main()
