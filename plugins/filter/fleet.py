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
    """Every host's composed request, with its ``customer`` key: the items of hosted_essentials_fleet.

    A host whose variables do not compose gets an item with ``invalid`` (the reason): the batch fails that customer
    alone, without any call, instead of the whole fleet failing here.
    """
    requests = []
    for host in hosts:
        request, error = _compose(_vars_of(hostvars, host), host)
        if error:
            request["invalid"] = "{0}: {1}".format(host, error)
        request["customer"] = host
        requests.append(request)
    return requests


def _vars_of(hostvars, host):
    """All of one host's variables; read them once per host, as each hostvars[host] computes them all."""
    try:
        return hostvars[host]
    except KeyError:
        return {}


def _compose(host_vars, host):
    """(the host's request, None), or (its short name alone, why) when its variables do not compose."""
    customer = host_vars.get("live_platform_customer")
    try:
        return fleet.compose_service_request(host_vars.get("live_platform_sbc_profile"), customer, host), None
    except InputError as exc:
        return dict(short_name=fleet.customer_short_name(customer if isinstance(customer, dict) else {}, host)), exc.msg


def fleet_report(hosts, hostvars, result_var=None, title="Fleet report", check_mode=False, results=None,
                 requests=None):
    """Rows from each host's registered result (result_var), or from a batch's results keyed by host.

    requests: the batch's items (fleet_requests), so that the requests are not composed a second time.
    """
    composed = dict((item.get("customer"), item) for item in requests or [] if isinstance(item, dict))
    rows = []
    for host in hosts:
        host_vars = {} if results is not None and host in composed else _vars_of(hostvars, host)
        result = results.get(host) if results is not None else host_vars.get(result_var)
        request = composed[host] if host in composed else _compose(host_vars, host)[0]
        rows.append(fleet.report_row(host, result, request))
    return fleet.build_report(rows, title, check_mode)


def fleet_report_markdown(report):
    return fleet.render_markdown(report)


def fleet_status_lines(report, include_unchanged=False):
    """One line per customer of a fleet report: ``name: status (outcome): message``, the unchanged ones left out."""
    lines = []
    for row in report.get("customers") or []:
        if row.get("status") == "ok" and row.get("outcome") == "unchanged" and not include_unchanged:
            continue
        line = "{0}: {1}".format(row.get("customer"), row.get("status"))
        if row.get("outcome") not in (None, row.get("status")):
            line += " ({0})".format(row["outcome"])
        lines.append(line + (": " + row["message"] if row.get("message") else ""))
    return lines


def customer_short_names(hosts, hostvars):
    return [fleet.customer_short_name(_vars_of(hostvars, host).get("live_platform_customer"), host) for host in hosts]


def customer_identities(hosts, hostvars):
    """Each host's service identity: its short name and M365 tenant (None when not given)."""
    return [fleet.customer_identity(_vars_of(hostvars, host).get("live_platform_customer"), host) for host in hosts]


def customers_services(services, identities, belonging=True):
    """The listed services that are (belonging=True) or are not (False) one of these customers'."""
    return [service for service in services or [] if fleet.is_customers(service, identities) == belonging]


def deletion_items(services):
    return fleet.deletion_items(services or [])


class FilterModule(object):
    def filters(self):
        return dict(service_request=service_request, fleet_requests=fleet_requests, fleet_report=fleet_report,
                    fleet_report_markdown=fleet_report_markdown, fleet_status_lines=fleet_status_lines,
                    customer_short_names=customer_short_names, customer_identities=customer_identities,
                    customers_services=customers_services, deletion_items=deletion_items)
