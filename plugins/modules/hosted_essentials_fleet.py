#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: hosted_essentials_fleet
short_description: Create or delete many Hosted Essentials services in one call
version_added: 0.1.0
description:
  - Runs each item of O(services) as M(audiocodes.live_platform.hosted_essentials_service) would, with the same
    checks, idempotency and race safety, but lists the services and reads the catalogues once for all of them and
    runs them in parallel threads, at most O(concurrency) sending requests at once. Their deployments are followed
    together, with one list of the services per poll interval instead of one read per service and poll, and a
    service being waited for does not hold one of the O(concurrency) places, so the next creates go out meanwhile.
  - One failing item never stops the others. The task fails when any item failed, after all of them ran, and
    RV(customers) holds every item's result.
  - Meant for large fleets, where one module call per customer costs more than the platform itself; the
    C(audiocodes.live_platform.onboarding) role uses it with C(onboarding_strategy=batch).
author:
  - AudioCodes Live Platform collection maintainers (@audiocodes)
extends_documentation_fragment:
  - audiocodes.live_platform.connection
  - audiocodes.live_platform.service.fleet
  - audiocodes.live_platform.attributes
attributes:
  check_mode:
    support: full
    description: Makes no write call; each item's result predicts whether it would change.
  diff_mode:
    support: full
    description: Shows the readable fields before and after of each item that changes (or would), keyed by customer.
options:
  services:
    description:
      - The services, each a mapping of M(audiocodes.live_platform.hosted_essentials_service) options (without the
        connection options), plus C(customer), the key of its result (default its C(short_name)).
      - An item with C(invalid) (a message) fails with that message and makes no call; the
        P(audiocodes.live_platform.fleet_requests#filter) filter sets it for a customer whose variables do not compose.
      - One of O(services) and O(services_var) is required.
    type: list
    elements: dict
  services_var:
    description:
      - Instead of O(services), the name of the variable that holds them, read on the controller by the action plugin
        (as C(lookup('ansible.builtin.vars', name)) gives it). On a large fleet this saves templating every item into
        the task's arguments; the C(audiocodes.live_platform.onboarding) role uses it.
      - The variable may also hold the items as JSON text, as P(audiocodes.live_platform.fleet_requests#filter) gives
        them with C(as_text=true); the action decodes it.
    type: str
    version_added: 0.2.0
  concurrency:
    description:
      - How many services send requests (create, delete, read) at once. Keep it within what the platform allows.
      - On a platform whose create answers when the deployment ended, it also bounds the deployments in flight; on one
        that answers at once, the waits do not count, and the platform's own limit paces the deployments.
    type: int
    default: 10
"""

EXAMPLES = r"""
- name: Onboard two customers in one call
  audiocodes.live_platform.hosted_essentials_fleet:
    concurrency: 20
    services:
      - customer: contoso
        short_name: contoso
        sbc: SBC-AMS-01
        onboarding_script: sbc-hosted-essentials
        ms_tenant_id: 4bf50a33-a383-4d3f-9403-220c898bc1b2
      - customer: fabrikam
        short_name: fabrikam
        sbc: SBC-AMS-01
        onboarding_script: sbc-hosted-essentials
        ms_tenant_id: 5bf50a33-a383-4d3f-9403-220c898bc1b2
  register: fleet

- name: Show what happened to each customer
  ansible.builtin.debug:
    msg: "{{ item.key }}: {{ item.value.outcome }}"
  loop: "{{ fleet.customers | dict2items }}"
"""

RETURN = r"""
customers:
  description:
    - Each item's result, keyed by customer, with the keys M(audiocodes.live_platform.hosted_essentials_service)
      returns (C(changed), C(outcome), C(service), C(drift), C(request)), plus C(failed) and C(msg) for a failed item.
  returned: always
  type: dict
failed_customers:
  description: The customers whose item failed.
  returned: always
  type: list
  elements: str
fleet_wide:
  description:
    - V(true) when the call stopped at a failure that is not a customer's (the sign-in was refused, or no connection
      could be made; DNS, refused, TLS). Once it happened no further customer was started; those are failed with
      outcome C(not_run) in RV(customers), and C(msg) gives the cause once.
  returned: on such a failure
  type: bool
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.audiocodes.live_platform.plugins.module_utils.batch import ensure_fleet
from ansible_collections.audiocodes.live_platform.plugins.module_utils.runner import fleet_masking, fleet_module_spec, run


def main():
    # The action plugin of the same name runs ensure_fleet on the controller, with this spec, when it can.
    module = AnsibleModule(argument_spec=fleet_module_spec(), supports_check_mode=True)
    # The items' secrets, which no_log cannot declare, and the invocation that names the items instead of echoing them.
    passwords, invocation = fleet_masking(module.params)
    run(module, ensure_fleet, secrets=passwords, invocation=invocation)


if __name__ == "__main__":
    main()
