# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Filters of the fleet roles: compose a customer's request, and build the fleet report. Docs: the .yml files."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.audiocodes.live_platform.plugins.module_utils import fleet
from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import InputError


def service_request(profile, customer, host_name, defaults=None):
    try:
        return fleet.compose_service_request(profile, customer, host_name, defaults)
    except InputError as exc:
        raise AnsibleFilterError("{0}: {1}".format(host_name, exc.msg))


def fleet_requests(hosts, hostvars):
    """Every host's composed request, with its ``customer`` key: the items of hosted_essentials_fleet."""
    requests = []
    for host in hosts:
        request = service_request(_host_var(hostvars, host, "live_platform_sbc_profile"),
                                  _host_var(hostvars, host, "live_platform_customer"), host)
        request["customer"] = host
        requests.append(request)
    return requests


def _host_var(hostvars, host, name):
    try:
        return hostvars[host][name]
    except KeyError:
        return None


def _request_of(hostvars, host):
    """The host's composed request, for the report's short name and SBC; partial when it does not compose."""
    profile = _host_var(hostvars, host, "live_platform_sbc_profile")
    customer = _host_var(hostvars, host, "live_platform_customer")
    try:
        return fleet.compose_service_request(profile, customer, host)
    except InputError:
        return dict(short_name=fleet.customer_short_name(customer if isinstance(customer, dict) else {}, host))


def fleet_report(hosts, hostvars, result_var=None, title="Fleet report", check_mode=False, results=None):
    """Rows from each host's registered result (result_var), or from a batch's results keyed by host."""
    def result_of(host):
        if results is not None:
            return results.get(host)
        return _host_var(hostvars, host, result_var)
    rows = [fleet.report_row(host, result_of(host), _request_of(hostvars, host)) for host in hosts]
    return fleet.build_report(rows, title, check_mode)


def fleet_report_markdown(report):
    return fleet.render_markdown(report)


def customer_short_names(hosts, hostvars):
    return [fleet.customer_short_name(_host_var(hostvars, host, "live_platform_customer"), host) for host in hosts]


class FilterModule(object):
    def filters(self):
        return dict(service_request=service_request, fleet_requests=fleet_requests, fleet_report=fleet_report,
                    fleet_report_markdown=fleet_report_markdown, customer_short_names=customer_short_names)
