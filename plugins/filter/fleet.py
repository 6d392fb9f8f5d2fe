# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Filters of the fleet roles: compose a customer's request, tell the customers' services, build the fleet report.
The logic is in plugins/plugin_utils (shared with the write_fleet_report action); the docs are the .yml files."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

from ansible.errors import AnsibleFilterError
from ansible.parsing.ajson import AnsibleJSONEncoder

from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import InputError
from ansible_collections.audiocodes.live_platform.plugins.plugin_utils import fleet_reports, fleet_requests

try:  # ansible-core before 2.19
    from ansible.utils.native_jinja import NativeJinjaText
    from ansible.utils.unsafe_proxy import wrap_var
except ImportError:
    NativeJinjaText = None


def service_request(profile, customer, host_name, defaults=None):
    try:
        return fleet_requests.compose_service_request(profile, customer, host_name, defaults)
    except InputError as exc:
        raise AnsibleFilterError("{0}: {1}".format(host_name, exc.msg))


def fleet_requests_of(hosts, hostvars, as_text=False):
    requests = fleet_requests.fleet_requests(hosts, hostvars)
    if not as_text:
        return requests
    # Text, for set_fact: before ansible-core 2.19 a template's list becomes text that Python's literal parser reads
    # back (seconds per thousand customers). Marked native, the text is kept as it is; unsafe, it is never templated.
    text = json.dumps(requests, cls=AnsibleJSONEncoder, vault_to_text=True)
    return wrap_var(NativeJinjaText(text)) if NativeJinjaText is not None else text


def checked_request(requests, host_name):
    try:
        return fleet_requests.checked_request(requests, host_name)
    except InputError as exc:
        raise AnsibleFilterError(exc.msg)


def customer_short_names(hosts, hostvars):
    return [fleet_requests.customer_short_name(fleet_requests.host_vars(hostvars, host).get("live_platform_customer"),
                                               host) for host in hosts]


def customer_identities(hosts, hostvars):
    """Each host's service identity: its short name and M365 tenant (None when not given)."""
    return [fleet_requests.customer_identity(fleet_requests.host_vars(hostvars, host).get("live_platform_customer"),
                                             host) for host in hosts]


def customers_services(services, identities, belonging=True):
    """The listed services that are (belonging=True) or are not (False) one of these customers'."""
    return [service for service in services or [] if fleet_requests.is_customers(service, identities) == belonging]


def deletion_items(services):
    return fleet_requests.deletion_items(services or [])


class FilterModule(object):
    def filters(self):
        return dict(
            service_request=service_request, fleet_requests=fleet_requests_of,
            checked_request=checked_request,
            customer_short_names=customer_short_names, customer_identities=customer_identities,
            customers_services=customers_services, deletion_items=deletion_items,
            build_fleet_report=fleet_reports.fleet_report, fleet_report_markdown=fleet_reports.render_markdown,
            fleet_status_lines=fleet_reports.status_lines,
        )
