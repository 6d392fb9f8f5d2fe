#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: hosted_essentials_service_info
short_description: Read Hosted Essentials services from the AudioCodes Live Platform
version_added: 0.1.0
description:
  - Returns every service with its site locations (SIP connections), or those of a short name and/or an M365 tenant,
    or one service by its id.
  - A short name is unique per M365 tenant, so a short name alone may return several services.
author:
  - AudioCodes Live Platform collection maintainers (@audiocodes)
extends_documentation_fragment:
  - audiocodes.live_platform.connection
  - audiocodes.live_platform.attributes
  - audiocodes.live_platform.attributes.info_module
options:
  short_name:
    description: Return only the services with this short name (compared case-insensitively).
    type: str
  ms_tenant_id:
    description:
      - Return only the services of this M365 tenant (and those whose tenant the platform does not give).
    type: str
  id:
    description: Return only the service with this guid.
    type: str
  license_info:
    description:
      - Also return each service's licence usage (C(GET /api/v3/customer/{guid}/licenseinfo), one read per service)
        in C(license_info), as the platform gives it.
    type: bool
    default: false
  license_months:
    description: The number of months of licence usage asked for (C(nrOfMonths)); the platform's default when not set.
    type: int
"""

EXAMPLES = r"""
- name: List every service
  audiocodes.live_platform.hosted_essentials_service_info:
  register: all_services

- name: Read one customer's service by short name and tenant
  audiocodes.live_platform.hosted_essentials_service_info:
    short_name: SaraTest1
    ms_tenant_id: 4bf50a33-a383-4d3f-9403-220c898bc1b2
  register: one
"""

RETURN = r"""
services:
  description: The services found; empty when none matches.
  returned: always
  type: list
  elements: dict
  contains:
    # BEGIN service record: generated from plugins/module_utils/options.py by make docs, do not edit
    id:
      type: str
      description: The service's guid (customerGuid).
      sample: b38e5a04-6d32-4be8-95bb-53bf7d6fa95c
    short_name:
      type: str
      description: The short name.
    full_name:
      type: str
      description: The full name.
    ms_tenant_id:
      type: str
      description: The customer's M365 tenant id, when the platform gives it.
    license_type:
      type: int
      description: The licence type, as the platform's number (0 is Hosted Essentials).
    license_name:
      type: str
      description:
        - The licence type by name (V(hosted_essentials), V(hosted_essentials_plus), V(hosted_pro), V(oc_essentials),
          V(oc_essentials_plus), V(oc_pro)); the number as text when the collection does not know it.
    site_locations:
      type: list
      elements: dict
      description: The SIP connections, each with C(id), C(name), C(sbc_id) and C(deployment_state).
    deployment_state:
      type: str
      description:
        - V(InProgress), V(Deployed) or V(Failed), whatever spelling the platform uses; a word the collection does not
          know as the platform wrote it; null when the platform reports no state.
    progress:
      type: list
      elements: dict
      description: The deployment's progress details, each with C(level) and C(message); secrets masked.
    error_details:
      type: str
      description: The platform's error details of a failed deployment.
    # END service record
    license_info:
      type: dict
      description:
        - The licence usage as the platform gives it (C(acquiredLicenses), C(currentlyLicensed),
          C(managedUsersDirectRouting)...).
      returned: with O(license_info=true)
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.audiocodes.live_platform.plugins.module_utils.runner import argument_spec, run
from ansible_collections.audiocodes.live_platform.plugins.module_utils.service import service_info


def main():
    module = AnsibleModule(
        argument_spec=argument_spec(short_name=dict(type="str"), id=dict(type="str"), ms_tenant_id=dict(type="str"),
                                    license_info=dict(type="bool", default=False), license_months=dict(type="int")),
        mutually_exclusive=[("short_name", "id"), ("ms_tenant_id", "id")],
        supports_check_mode=True,
    )
    run(module, service_info)


if __name__ == "__main__":
    main()
