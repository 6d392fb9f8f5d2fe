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
  - audiocodes.live_platform.attributes
attributes:
  check_mode:
    support: full
    description: Makes no write call, predicts whether the task changes anything and returns the request it would send (secrets masked).
  diff_mode:
    support: full
    description: Shows the readable fields (state, short name, full name, SBC, deployment state) before and after.
options:
  state:
    description: Whether the service must exist or not. V(absent) deletes it and waits for its cleanup script.
    type: str
    choices: [present, absent]
    default: present
  short_name:
    description:
      - The service's short name, its natural key. 3 to 15 characters, with no blank, no dot, and no backslash,
        slash, colon, asterisk, question mark, double quote, less-than, greater-than or pipe character.
      - Must be a string; quote numbers in YAML.
    type: raw
    required: true
  full_name:
    description: The full name, at most 200 characters. The platform uses the short name when it is not given.
    type: raw
  sbc:
    description:
      - The name of the SBC the service's SIP connection is deployed on. Mutually exclusive with O(sbc_id).
      - Resolved with the SBC list C(GET /api/v2/sbc), whose URL is not documented; the platform may not have it.
    type: str
  sbc_id:
    description: The id of the SBC in the platform's list of known SBCs. Needs no catalogue read.
    type: int
  onboarding_script:
    description: The name of the SBC onboarding script template. Mutually exclusive with O(onboarding_script_id).
    type: str
  onboarding_script_id:
    description: The id of the SBC onboarding script template.
    type: int
  cleanup_script:
    description:
      - The name of the SBC cleanup script template.
      - When neither this nor O(cleanup_script_id) is given, the one script related to the onboarding script is used.
    type: str
  cleanup_script_id:
    description: The id of the SBC cleanup script template.
    type: int
  ovoc_customer_type:
    description: How the service is modelled in the Operation Center.
    type: str
    choices: [IPGROUP_TYPE, TENANT_TYPE]
    default: IPGROUP_TYPE
  ms_tenant_id:
    description:
      - The customer's Microsoft tenant id (a GUID). Required to create a service.
      - A short name is unique per M365 tenant, so the service is the one of this short name B(and) tenant wherever
        the platform gives the tenant; another tenant's service of the same short name is never taken for this one.
      - With O(state=absent) it says which tenant's service to delete. Without it, the deletion is refused (and nothing
        deleted) when more than one tenant has a service of the short name.
    type: raw
  lc_customer_id:
    description:
      - The numeric id of an existing Operation Center customer to create the service under.
      - The platform does not return it, so it is not compared with an existing service.
    type: raw
  cac_profile:
    description:
      - The SBC's CAC profile, for example V(10 sessions).
      - When the SBC is given by name (O(sbc)), it must be one the SBC offers in the SBC list.
    type: raw
  proxy_set:
    description:
      - The SBC proxy set, for example V(SIPTrunk).
      - When the SBC is given by name (O(sbc)), it must be one the SBC offers in the SBC list.
    type: raw
  online_pstn_gateway:
    description: The Online PSTN Gateway (FQDN) the SBC uses for the tenant's calling.
    type: raw
  carrier_user_name:
    description: The carrier's digest authentication user name, at most 60 characters.
    type: raw
  carrier_user_password:
    description: The carrier's digest authentication password, at most 50 characters, no wide (non-ASCII) characters.
    type: raw
  carrier_main_line:
    description: The AOR user name sent in the REGISTER From and To headers. Quote it in YAML (leading zeros).
    type: raw
  carrier_host_name:
    description: The AOR host name sent in the REGISTER From and To headers.
    type: raw
  custom_variables:
    description:
      - The onboarding script's customer variables by name, for example V(IPPBX-ProxyAddress) mapped to V(10.0.0.1).
      - Sent as C(CustomVar.Variable<N>), N being the variable's position in the script's customer variables.
      - Raw C(CustomVar.Variable<N>) keys are accepted too, and sent as they are when the script's variable list is
        unknown (ids given, or a platform whose script templates do not list them). A name the script does not define
        fails and lists the names it does define; a name needs that list.
    type: dict
  extra_script_parameters:
    description: Further C(scriptParameters) keys sent as they are (for example the documented C(additionalProp1)).
    type: dict
  wait:
    description:
      - Wait until the SBC deployment (or, for O(state=absent), the cleanup) has ended.
      - Deployment states are read in any spelling (V(Deployed), V(DEPLOYED), V(Ready), the integer 3...); a failure
        word (V(Failed), V(Error), V(CompletedWithErrors)...) fails at once with the platform's text. A platform whose
        reads carry no deployment state cannot be waited for; the module then warns and returns.
    type: bool
    default: true
  wait_timeout:
    description: Seconds to wait for the deployment or the cleanup before failing.
    type: int
    default: 600
  poll_interval:
    description: Seconds between two reads of the deployment state while waiting.
    type: float
    default: 5
  service_id:
    description:
      - The service's guid when the caller already knows it (for example from one
        M(audiocodes.live_platform.hosted_essentials_service_info) call for a whole fleet). The module reads that
        service directly instead of listing every service to find the short name; a stale id falls back to the list.
    type: str
  skip_lookup:
    description:
      - The caller listed the services a moment ago and O(short_name) was not among them, so the module creates the
        service without listing them again. This keeps a fleet's traffic linear in its size.
      - Still race-safe. A service created meanwhile by another run makes the platform refuse the duplicate, and the
        module reports that service instead.
    type: bool
    default: false
  recreate_failed:
    description:
      - When the service exists in the V(Failed) deployment state, delete it and create it again.
      - When false, a V(Failed) service fails the task with the platform's C(errorDetails).
    type: bool
    default: false
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
    id:
      description: The service's guid (customerGuid).
      type: str
      sample: b38e5a04-6d32-4be8-95bb-53bf7d6fa95c
    short_name:
      description: The short name.
      type: str
    full_name:
      description: The full name.
      type: str
    ms_tenant_id:
      description: The customer's M365 tenant id, when the platform gives it.
      type: str
    license_type:
      description: The license type (0 is Hosted Essentials).
      type: int
    site_locations:
      description: The SIP connections, each with C(id), C(name), C(sbc_id) and C(deployment_state).
      type: list
      elements: dict
    deployment_state:
      description:
        - V(InProgress), V(Deployed) or V(Failed), whatever spelling the platform uses; a word the collection does not
          know as the platform wrote it; null when the platform reports no state.
      type: str
    progress:
      description: The deployment's progress details, each with C(level) and C(message).
      type: list
      elements: dict
    error_details:
      description: The platform's error details of a failed deployment.
      type: str
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
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.audiocodes.live_platform.plugins.module_utils.runner import argument_spec, run
from ansible_collections.audiocodes.live_platform.plugins.module_utils.service import ensure


def main():
    module = AnsibleModule(
        argument_spec=argument_spec(
            state=dict(type="str", choices=["present", "absent"], default="present"),
            short_name=dict(type="raw", required=True),
            full_name=dict(type="raw"),
            sbc=dict(type="str"),
            sbc_id=dict(type="int"),
            onboarding_script=dict(type="str"),
            onboarding_script_id=dict(type="int"),
            cleanup_script=dict(type="str"),
            cleanup_script_id=dict(type="int"),
            ovoc_customer_type=dict(type="str", choices=["IPGROUP_TYPE", "TENANT_TYPE"], default="IPGROUP_TYPE"),
            ms_tenant_id=dict(type="raw"),
            lc_customer_id=dict(type="raw"),
            cac_profile=dict(type="raw"),
            proxy_set=dict(type="raw"),
            online_pstn_gateway=dict(type="raw"),
            carrier_user_name=dict(type="raw"),
            carrier_user_password=dict(type="raw", no_log=True),
            carrier_main_line=dict(type="raw"),
            carrier_host_name=dict(type="raw"),
            custom_variables=dict(type="dict"),
            extra_script_parameters=dict(type="dict"),
            wait=dict(type="bool", default=True),
            wait_timeout=dict(type="int", default=600),
            poll_interval=dict(type="float", default=5),
            service_id=dict(type="str"),
            skip_lookup=dict(type="bool", default=False),
            recreate_failed=dict(type="bool", default=False),
        ),
        supports_check_mode=True,
    )
    run(module, ensure)


if __name__ == "__main__":
    main()
