# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The fleet's requests, on the controller: compose each customer's service request from its SBC profile and its
own values, and tell which listed services are the customers' (short name and M365 tenant).

Pure data (no call), kept apart from executing so that any strategy (one module call per customer, or a batch)
sends the same requests. Used by the fleet filters and the fleet report action.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import InputError
from ansible_collections.audiocodes.live_platform.plugins.module_utils.options import inventory_keys
from ansible_collections.audiocodes.live_platform.plugins.module_utils.service_api import same_tenant

# What an SBC profile and a customer may set: the service options table says (options.SERVICE_OPTIONS).
PROFILE_KEYS = inventory_keys("profile")
CUSTOMER_KEYS = inventory_keys("customer") + ("overrides",)
OVERRIDE_KEYS = inventory_keys("overrides")
MERGED_BY_NAME = ("custom_variables", "extra_script_parameters")
# A layer that names one of a pair replaces the other one from the layers below.
NAME_OR_ID = (("sbc", "sbc_id"), ("onboarding_script", "onboarding_script_id"),
              ("cleanup_script", "cleanup_script_id"))
SHORT_NAME_PLACEHOLDER = "{short_name}"


def _kind(value):
    # Ansible 2.19 hands over tagged subclasses (_AnsibleTaggedStr): name the plain kind instead.
    for kind, name in ((bool, "a boolean"), (str, "text"), (int, "a number"), (float, "a number"), (list, "a list")):
        if isinstance(value, kind):
            return name
    return type(value).__name__


def _check_keys(layer, known, where):
    if layer is None:
        return {}
    if not isinstance(layer, dict):
        raise InputError(where, "must be a mapping, got {0}".format(_kind(layer)))
    unknown = sorted(str(k) for k in layer if k not in known)
    if unknown:
        raise InputError("{0}.{1}".format(where, unknown[0]),
                         "is not a known key; known keys: {0}".format(", ".join(known)))
    return layer


def compose_service_request(profile, customer, host_name, defaults=None):
    """The hosted_essentials_service options of one customer.

    Lowest to highest: defaults < SBC profile < customer < customer.overrides; custom_variables and
    extra_script_parameters are merged name by name in the same order.
    """
    profile = _check_keys(profile, PROFILE_KEYS, "live_platform_sbc_profile")
    customer = dict(_check_keys(customer, CUSTOMER_KEYS, "live_platform_customer"))
    overrides = _check_keys(customer.pop("overrides", None), OVERRIDE_KEYS,
                            "live_platform_customer.overrides")
    request = {}
    for layer in (defaults or {}, profile, customer, overrides):
        for key, value in layer.items():
            if value is None:
                continue
            if key in MERGED_BY_NAME:
                if not isinstance(value, dict):
                    raise InputError(key, "must be a mapping of name to value, got {0}".format(_kind(value)))
                request[key] = dict(request.get(key) or {}, **value)
                continue
            for pair in NAME_OR_ID:
                if key in pair:
                    for other in pair:
                        request.pop(other, None)
            request[key] = value
    request.setdefault("short_name", host_name)
    gateway = request.get("online_pstn_gateway")
    if isinstance(gateway, str) and isinstance(request["short_name"], str):
        request["online_pstn_gateway"] = gateway.replace(SHORT_NAME_PLACEHOLDER, request["short_name"])
    return request


def customer_short_name(customer, host_name):
    """The short name a customer's service has: its override, its own value, or the host name."""
    return customer_identity(customer, host_name)["short_name"]


def customer_identity(customer, host_name):
    """What identifies a customer's service, read even from variables that do not compose: its short name and
    its M365 tenant (None when the inventory gives none), a short name being unique only per tenant."""
    customer = customer if isinstance(customer, dict) else {}
    overrides = customer.get("overrides") if isinstance(customer.get("overrides"), dict) else {}
    return dict(short_name=overrides.get("short_name") or customer.get("short_name") or host_name,
                ms_tenant_id=overrides.get("ms_tenant_id") or customer.get("ms_tenant_id"))


def is_customers(service, identities):
    """Whether a listed service is one of these customers' (same short name, and same tenant where both are
    known)."""
    wanted = str(service.get("short_name") or "").lower()
    return any(str(identity["short_name"]).lower() == wanted
               and same_tenant(service, identity.get("ms_tenant_id")) is not False for identity in identities)


def deletion_items(services):
    """hosted_essentials_fleet items (state absent) for listed services: each keyed by its short name, or by
    short name and tenant when two tenants' services share the name."""
    names = [str(service.get("short_name") or "").lower() for service in services]
    items = []
    for service, name in zip(services, names):
        customer = service["short_name"]
        if names.count(name) > 1:
            customer = "{0}@{1}".format(service["short_name"], service.get("ms_tenant_id") or service["id"])
        item = dict(customer=customer, short_name=service["short_name"])
        if service.get("ms_tenant_id"):
            item["ms_tenant_id"] = service["ms_tenant_id"]
        items.append(item)
    return items


def host_vars(hostvars, host):
    """All of one host's variables; read them once per host, as each hostvars[host] computes them all."""
    try:
        return hostvars[host]
    except KeyError:
        return {}


def compose_for_host(variables, host):
    """(the host's request, None), or (its short name alone, why) when its variables do not compose."""
    customer = variables.get("live_platform_customer")
    try:
        return compose_service_request(variables.get("live_platform_sbc_profile"), customer, host), None
    except InputError as exc:
        return dict(short_name=customer_short_name(customer, host)), exc.msg


def fleet_requests(hosts, hostvars):
    """Every host's composed request, with its ``customer`` key: the items of hosted_essentials_fleet.

    A host whose variables do not compose gets an item with ``invalid`` (the reason): the batch fails that customer
    alone, without any call, instead of the whole fleet failing here.
    """
    requests = []
    for host in hosts:
        request, error = compose_for_host(host_vars(hostvars, host), host)
        if error:
            request["invalid"] = "{0}: {1}".format(host, error)
        request["customer"] = host
        requests.append(request)
    return requests
