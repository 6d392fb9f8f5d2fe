#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: platform_info
short_description: Probe an AudioCodes Live Platform, read only, for what its API answers
version_added: 0.1.0
description:
  - The first thing to run against a real platform. Where the API documentation is silent (list shapes, key casing,
    deployment state words, paging, the format of customer variables, the SBC catalogue's URL), this module asks the
    platform and says what its answers mean for the collection.
  - It sends GET requests only, and the token request of the client credentials flow; it never creates, changes or
    deletes anything.
  - "It reads: the token; C(GET /api/v2/customer); C(GET /api/v3/customer?allDetails=true); for the first service
    listed, C(GET /api/v3/customer/{id}?allDetails=true) and C(GET /api/v2/customer/{id}); the SBC script templates
    (C(GET /api/v2/scripttemplates?scriptType=SBC), pages 0 and 1 of size 2, then a page of 100); C(GET /api/v2/sbc);
    C(GET /api/ovoc/v1/topology/channels)."
  - Every answer is reported, errors and C(404) included, by its status, shape, key casing and count, never by its
    body. The module fails only when it cannot be configured (a connection option missing); a platform that refuses
    the token gives a C(blocked) finding instead.
  - The playbook C(audiocodes.live_platform.probe) runs it and writes the report as JSON and Markdown.
author:
  - AudioCodes Live Platform collection maintainers (@audiocodes)
extends_documentation_fragment:
  - audiocodes.live_platform.connection
  - audiocodes.live_platform.attributes
  - audiocodes.live_platform.attributes.info_module
notes:
  - A success is reported as status V(200) whatever 2xx the platform answered.
  - A platform with no service yet cannot show how it identifies services or which deployment states it reports;
    run the probe again after the first onboarding.
"""

EXAMPLES = r"""
- name: Probe the platform (connection from the LIVE_PLATFORM_* environment)
  audiocodes.live_platform.platform_info:
  register: probe

- name: Show what the collection can use on this platform
  ansible.builtin.debug:
    msg: "{{ probe.findings | map(attribute='message') | list }}"

- name: Stop when something blocks the collection
  ansible.builtin.fail:
    msg: "{{ probe.summary }}"
  when: probe.blocked
"""

RETURN = r"""
base_url:
  description: The platform's base URL the probe read.
  returned: always
  type: str
  sample: https://live.example.net/tenantui
endpoints:
  description: One entry per request, in the order sent (the token first).
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: >-
        What was read: V(token), V(services_v2), V(services_v3), V(service_v3), V(service_v2),
        V(script_templates_page_0), V(script_templates_page_1), V(script_templates), V(sbc_catalogue), V(channels).
      type: str
    method:
      description: V(GET), V(POST) for the token request, null when an access token was given.
      type: str
    path:
      description: The path below the base URL (the token's below the authority URL), with its query; C({id}) for
        the service read.
      type: str
    reachable:
      description: Whether the request got a success answer.
      type: bool
    status:
      description: The HTTP status (V(200) for any success), null when there was no HTTP answer or no request.
      type: int
    shape:
      description: >-
        V(list), V(list wrapped in <key>), V(object), V(empty answer), or what else came (for example
        V(an object with the keys ...), V(a text)).
      type: str
    key_casing:
      description: V(PascalCase), V(camelCase) or V(mixed), from the keys of the items; null when there is none.
      type: str
    count:
      description: The number of items of a list answer.
      type: int
    key_names:
      description: The key names of the items (at most 40), never their values.
      type: list
      elements: str
    notes:
      description: What was seen, in words (errors by status and shape, states, paging).
      type: list
      elements: str
    facts:
      description: >-
        What the findings are built from, by endpoint: C(with_ms_tenant_id), C(with_site_location),
        C(state_location) (V(top-level deploymentState), V(per-site sbcDeploymentState), V(missing)), C(states)
        (each raw value with C(reads_as), the collection's reading, and C(known)), C(service_id), C(paging)
        (V(honoured), V(ignored), V(too few templates to tell), V(unknown)), C(customer_variables) (the formats seen:
        V(list of names), V(comma-separated text), V(list of objects), V(absent), ...), C(catalogue)
        (V(present), V(absent), V(empty), V(unreadable), V(unnamed)), C(tried).
      type: dict
findings:
  description: What the answers mean for the collection.
  returned: always
  type: list
  elements: dict
  contains:
    topic:
      description: >-
        V(token), V(services), V(identity), V(deployment_states), V(paging), V(script_templates),
        V(sbc_catalogue), V(channels).
      type: str
    status:
      description: V(ok), V(warning) (works differently; the message says how), V(blocked) (the collection cannot work).
      type: str
    message:
      description: The finding, and what to do.
      type: str
  sample:
    - topic: sbc_catalogue
      status: warning
      message: "use sbc_id (SBC names cannot be resolved): the platform has no GET /api/v2/sbc (HTTP 404); its URL is not public"
blocked:
  description: Whether a finding is V(blocked).
  returned: always
  type: bool
summary:
  description: >-
    One line, for example V(token obtained; 9 of 9 reads answered; findings: 6 ok, 2 warning, 0 blocked).
  returned: always
  type: str
markdown:
  description: The report as Markdown (the findings, then a table of the endpoints).
  returned: always
  type: str
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.audiocodes.live_platform.plugins.module_utils.probe import probe_platform
from ansible_collections.audiocodes.live_platform.plugins.module_utils.runner import argument_spec, run


def main():
    module = AnsibleModule(argument_spec=argument_spec(), supports_check_mode=True)
    run(module, probe_platform)


if __name__ == "__main__":
    main()
