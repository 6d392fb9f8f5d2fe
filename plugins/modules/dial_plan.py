#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: dial_plan
short_description: Manage the dial-plan rules (prefixes) of a SIP connection on the AudioCodes Live Platform
version_added: 0.2.0
description:
  - 'A SIP connection''s dial plan routes number prefixes to derived trunks: each rule has a C(name), a C(prefix) and
    a C(tag) (the derived trunk''s FQDN). The module makes the plan hold the given rules, declaratively.'
  - The plan is read with the documented
    C(GET /api/v2/customer/{guid}/sitelocation/{siteId}/dialplan/{dialPlanId}) and changed with one documented
    C(PATCH) of the same path, whose body lists the rules to add and to remove. As the platform's answer to the
    C(PATCH) is not documented, the plan is read again afterwards, and the module fails, naming them, when a rule it
    added is missing or a rule it removed is still there.
  - A rule is the same rule when its name (compared case-insensitively), prefix (exactly) and tag (case-insensitively)
    are equal. A rule of the same name with another prefix or tag is removed and added again, in the same C(PATCH).
  - The SIP connection is found by its service (short name and M365 tenant, or id) and its name; a missing one fails
    before any write.
  - Every input rule is checked before any call.
author:
  - AudioCodes Live Platform collection maintainers (@audiocodes)
extends_documentation_fragment:
  - audiocodes.live_platform.connection
  - audiocodes.live_platform.site.dial_plan
  - audiocodes.live_platform.attributes
attributes:
  check_mode:
    support: full
    description: Reads the plan, makes no write call and predicts the rules added and removed.
  diff_mode:
    support: full
    description: 'Shows the plan''s rules before and after, one sorted line C(name: prefix -> tag) each.'
seealso:
  - module: audiocodes.live_platform.sip_connection
  - module: audiocodes.live_platform.sip_connection_info
"""

EXAMPLES = r"""
- name: Route two prefixes of a customer's SIP connection to its derived trunk
  audiocodes.live_platform.dial_plan:
    short_name: SaraTest1
    ms_tenant_id: 4bf50a33-a383-4d3f-9403-220c898bc1b2
    site_name: SaraTest1-Branch
    rules:
      - name: Amsterdam
        prefix: "+3120"          # quoted: a YAML number would lose its + and leading zeros
        tag: sara.sandbox2.audiocodes.be
      - name: Emergency
        prefix: "112"
        tag: sara.sandbox2.audiocodes.be

- name: Make the plan hold exactly these rules, removing every other one (a service given by its id)
  audiocodes.live_platform.dial_plan:
    service_id: b38e5a04-6d32-4be8-95bb-53bf7d6fa95c
    site_name: SaraTest1-Branch
    dial_plan_id: CustDialPlan
    state: exact
    rules:
      - name: Everything
        prefix: "+x"
        tag: sara.sandbox2.audiocodes.be

- name: Remove a rule
  audiocodes.live_platform.dial_plan:
    short_name: SaraTest1
    site_name: SaraTest1-Branch
    state: absent
    rules:
      - name: Emergency
        prefix: "112"
        tag: sara.sandbox2.audiocodes.be

- name: Empty the plan
  audiocodes.live_platform.dial_plan:
    short_name: SaraTest1
    site_name: SaraTest1-Branch
    state: exact
    rules: []
"""

RETURN = r"""
outcome:
  description: What happened, in one word.
  returned: always
  type: str
  sample: updated
  choices: [unchanged, updated, would_update]
added:
  description: The rules added (in check mode, that would be added), each with C(name), C(prefix) and C(tag).
  returned: always
  type: list
  elements: dict
  sample: [{"name": "Amsterdam", "prefix": "+3120", "tag": "sara.sandbox2.audiocodes.be"}]
removed:
  description:
    - The rules removed (in check mode, that would be removed), as the platform gave them, each with C(name),
      C(prefix) and C(tag).
  returned: always
  type: list
  elements: dict
rules:
  description:
    - The plan's rules after the run, as the platform's read gives them after the change; in check mode, as they
      would be.
  returned: always
  type: list
  elements: dict
  sample: [{"name": "Amsterdam", "prefix": "+3120", "tag": "sara.sandbox2.audiocodes.be"}]
dial_plan_id:
  description: The dial plan's id.
  returned: always
  type: str
  sample: CustDialPlan
site:
  description: The SIP connection, with C(id) and C(name).
  returned: always
  type: dict
  sample: {"id": "2f0c7d1e-0b7c-4a55-9d43-4f2f1b0a9c11", "name": "SaraTest1-Branch"}
service:
  description: The service, with C(id) and C(short_name).
  returned: always
  type: dict
  sample: {"id": "b38e5a04-6d32-4be8-95bb-53bf7d6fa95c", "short_name": "SaraTest1"}
missing:
  description: When the plan read after the PATCH lacks rules that were added, those rules (and the module fails).
  returned: on that failure
  type: list
  elements: dict
still_present:
  description: When the plan read after the PATCH still has rules that were removed, those rules (and the module fails).
  returned: on that failure
  type: list
  elements: dict
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.audiocodes.live_platform.plugins.module_utils.dial_plan import ensure_dial_plan
from ansible_collections.audiocodes.live_platform.plugins.module_utils.options import dial_plan_argument_spec
from ansible_collections.audiocodes.live_platform.plugins.module_utils.runner import argument_spec, run


def main():
    module = AnsibleModule(
        argument_spec=argument_spec(**dial_plan_argument_spec()),
        required_one_of=[("short_name", "service_id")],
        supports_check_mode=True,
    )
    run(module, ensure_dial_plan)


if __name__ == "__main__":
    main()
