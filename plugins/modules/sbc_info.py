#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: sbc_info
short_description: Read the SBC devices known to the AudioCodes Live Platform
version_added: 0.1.0
description:
  - Returns the known SBCs with their CAC profiles and proxy sets, the values a service's
    O(audiocodes.live_platform.hosted_essentials_service#module:cac_profile) and
    O(audiocodes.live_platform.hosted_essentials_service#module:proxy_set) must come from.
  - The SBC list's URL is not public; the collection reads C(/api/v2/sbc) (see C(docs/api-assumptions.md) in the collection).
author:
  - AudioCodes Live Platform collection maintainers (@audiocodes)
extends_documentation_fragment:
  - audiocodes.live_platform.connection
  - audiocodes.live_platform.attributes
  - audiocodes.live_platform.attributes.info_module
options:
  name:
    description: Return only the SBC with this name (compared case-insensitively).
    type: str
  id:
    description: Return only the SBC with this id.
    type: int
"""

EXAMPLES = r"""
- name: List the SBCs
  audiocodes.live_platform.sbc_info:
  register: sbcs

- name: Show the CAC profiles of one SBC
  ansible.builtin.debug:
    msg: "{{ (sbcs.sbcs | selectattr('name', 'equalto', 'SBC-AMS-01') | first).cac_profiles }}"
"""

RETURN = r"""
sbcs:
  description: The SBCs found.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The SBC id, the C(sbcId) of a create request.
      type: int
    name:
      description: The SBC name.
      type: str
    fqdn:
      description: The SBC's FQDN.
      type: str
    ip_address:
      description: The SBC's address.
      type: str
    cac_profiles:
      description: The CAC profiles it offers.
      type: list
      elements: str
    proxy_sets:
      description: The proxy sets it offers.
      type: list
      elements: str
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.audiocodes.live_platform.plugins.module_utils.catalog import sbc_info
from ansible_collections.audiocodes.live_platform.plugins.module_utils.runner import argument_spec, run


def main():
    module = AnsibleModule(
        argument_spec=argument_spec(name=dict(type="str"), id=dict(type="int")),
        supports_check_mode=True,
    )
    run(module, sbc_info)


if __name__ == "__main__":
    main()
