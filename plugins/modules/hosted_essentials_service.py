#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: hosted_essentials_service
short_description: Create or delete a Hosted Essentials service on the AudioCodes Live Platform, exactly once
version_added: 0.1.0
description:
  - Finds the service by its short name and M365 tenant first (a short name is unique per tenant) and creates it with
    C(POST /api/v2/customer) only when it is missing, then waits for its SBC deployment. Running it again, or in two
    jobs at once, never creates a second service, whatever the shape of the platform's answer to the create (the
    documented record, an echo of the request, a task id). An answer without the service's id is followed by a lookup
    (and a task by its documented task endpoint), never by a second create.
  - With ids (O(sbc_id), O(onboarding_script_id), O(cleanup_script_id)) and custom variables in the raw
    C(CustomVar.Variable<N>) form, it uses only the documented service endpoints. Names need the platform's catalogues;
    when the platform lacks one, the error names the endpoint and says which ids to give instead.
  - The platform has no update call. When the service exists but differs from the options (full name, SBC), the
    difference is returned in RV(drift) and as a warning, and the service is left as it is.
  - SBC, scripts and customer variables can be given by name; the module then reads their ids and the order of the
    onboarding script's customer variables from the platform's catalogues.
  - Every input rule of the platform is checked before any call, so a bad value never reaches a write.
author:
  - AudioCodes Live Platform collection maintainers (@audiocodes)
extends_documentation_fragment:
  - audiocodes.live_platform.connection
  - audiocodes.live_platform.service
  - audiocodes.live_platform.attributes
attributes:
  check_mode:
    support: full
    description: Makes no write call, predicts whether the task changes anything and returns the request it would send (secrets masked).
  diff_mode:
    support: full
    description: Shows the readable fields (state, short name, full name, SBC, deployment state) before and after.
notes:
  - Secrets (client secret, access token, carrier password) are masked in every result, warning and error.
"""

EXAMPLES = r"""
- name: Onboard a customer (names resolved on the platform)
  audiocodes.live_platform.hosted_essentials_service:
    base_url: https://live.example.net/tenantui
    tenant_id: "{{ sp_tenant_id }}"
    client_id: "{{ sp_client_id }}"
    client_secret: "{{ sp_client_secret }}"
    short_name: SaraTest1
    full_name: Sara Test One
    sbc: SBC-AMS-01
    onboarding_script: sbc-hosted-essentials
    ms_tenant_id: 4bf50a33-a383-4d3f-9403-220c898bc1b2
    cac_profile: 5 sessions
    proxy_set: SIPTrunk
    online_pstn_gateway: BradDRService.sandbox2.audiocodes.be
    custom_variables:
      IPPBX-ProxyAddress: 10.0.0.1
      IPPBX-ProxyAddress-SIPPort: "5060"

- name: The primary document's example body, with ids (connection from LIVE_PLATFORM_* variables)
  audiocodes.live_platform.hosted_essentials_service:
    short_name: SaraTest1
    full_name: SaraTest1
    sbc_id: 5
    onboarding_script_id: 10007
    cleanup_script_id: 10700
    ovoc_customer_type: IPGROUP_TYPE
    ms_tenant_id: 4bf50a33-a383-4d3f-9403-220c898bc1b2
    cac_profile: 5 sessions
    proxy_set: SIPTrunk
    online_pstn_gateway: BradDRService.sandbox2.audiocodes.be
    custom_variables:
      CustomVar.Variable1: 10.0.0.1        # the raw form needs no catalogue read
    extra_script_parameters:
      additionalProp1: Service Provider2 SBC

- name: Offboard a customer and wait for the cleanup script (only this tenant's service of that short name)
  audiocodes.live_platform.hosted_essentials_service:
    short_name: SaraTest1
    ms_tenant_id: 4bf50a33-a383-4d3f-9403-220c898bc1b2
    state: absent
"""

RETURN = r"""
outcome:
  description: What happened, in one word.
  returned: always
  type: str
  sample: created
  choices: [created, unchanged, drifted, recreated, would_create, would_recreate, deleted, would_delete, absent]
service:
  description: The service as the platform reports it; null when it does not exist (or would be created).
  returned: always
  type: dict
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
drift:
  description: The readable fields that differ on the platform, each with C(field), C(actual) and C(desired).
  returned: always
  type: list
  elements: dict
  sample: [{"field": "full_name", "actual": "Old name", "desired": "New name"}]
request:
  description: The create request that was (or, in check mode, would be) sent; the carrier password is masked.
  returned: when a service is or would be created
  type: dict
fleet_wide:
  description:
    - V(true) when the failure is not this service's own (the sign-in was refused, or no connection could be made;
      DNS, refused, TLS), so that every other call with this connection would fail the same way. The roles stop a
      fleet's run once on it rather than fail each customer.
  returned: on such a failure
  type: bool
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.audiocodes.live_platform.plugins.module_utils.customer import ensure
from ansible_collections.audiocodes.live_platform.plugins.module_utils.runner import (
    run, service_masking, service_module_spec,
)


def main():
    # The action plugin of the same name runs ensure on the controller, with this spec, when it can.
    module = AnsibleModule(argument_spec=service_module_spec(), supports_check_mode=True)
    run(module, ensure, *service_masking(module.params))


if __name__ == "__main__":
    main()
