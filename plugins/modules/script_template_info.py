#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: script_template_info
short_description: Read the script templates of the AudioCodes Live Platform, with their customer variables
version_added: 0.1.0
description:
  - Returns the script templates, page by page, with each script's ordered customer variables (the names that
    O(audiocodes.live_platform.hosted_essentials_service#module:custom_variables) accepts) and its related scripts (an onboarding script's cleanup).
author:
  - AudioCodes Live Platform collection maintainers (@audiocodes)
extends_documentation_fragment:
  - audiocodes.live_platform.connection
  - audiocodes.live_platform.attributes
  - audiocodes.live_platform.attributes.info_module
options:
  script_type:
    description: Which templates to list.
    type: str
    choices: [Any, SBC, M365]
    default: Any
  name:
    description: Return only the template with this name (compared case-insensitively).
    type: str
  id:
    description: Return only the template with this id.
    type: int
"""

EXAMPLES = r"""
- name: Show the customer variables of an onboarding script
  audiocodes.live_platform.script_template_info:
    script_type: SBC
    name: sbc-hosted-essentials
  register: script

- name: Print them in order (CustomVar.Variable1, 2, ...)
  ansible.builtin.debug:
    var: script.script_templates[0].customer_variables
"""

RETURN = r"""
script_templates:
  description: The script templates found.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The template id, the C(sbcOnboardingScript) or C(sbcCleanupScript) of a create request.
      type: int
    name:
      description: The template name.
      type: str
    script_type:
      description: The script type as the platform reports it.
      type: raw
    description:
      description: The template's description.
      type: str
    customer_variables:
      description: The ordered customer-variable names; the first is C(CustomVar.Variable1).
      type: list
      elements: str
    related_scripts:
      description: Related templates (for an onboarding script, its cleanup script), each with C(id) and C(name).
      type: list
      elements: dict
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.audiocodes.live_platform.plugins.module_utils.catalog import script_template_info
from ansible_collections.audiocodes.live_platform.plugins.module_utils.runner import argument_spec, run


def main():
    module = AnsibleModule(
        argument_spec=argument_spec(
            script_type=dict(type="str", choices=["Any", "SBC", "M365"], default="Any"),
            name=dict(type="str"),
            id=dict(type="int"),
        ),
        supports_check_mode=True,
    )
    run(module, script_template_info)


if __name__ == "__main__":
    main()
