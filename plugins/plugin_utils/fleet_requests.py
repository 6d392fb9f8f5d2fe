# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The fleet's requests, on the controller: compose each customer's service request from its SBC profile and its
own values, check it, and tell which listed services are the customers' (short name and M365 tenant).

Pure data (no call), kept apart from executing so that any strategy (one module call per customer, or a batch)
sends the same requests. Both strategies compose and check the whole fleet here, once (fleet_requests): every input
rule (validation.py) runs on the raw inventory values, before Ansible's templating converts any (a YAML 05060 would
become the text "2608" as a str module option), and the fleet-wide rules (a short name twice in one tenant, a host in
two SBC groups or in none) can only run here. Used by the fleet filters and the fleet report action.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import InputError
from ansible_collections.audiocodes.live_platform.plugins.module_utils.options import (
    id_options, inventory_keys, site_item_keys,
)
from ansible_collections.audiocodes.live_platform.plugins.module_utils.service_api import same_tenant
from ansible_collections.audiocodes.live_platform.plugins.module_utils.validation import (
    DIGITS, customer_input_problems, printable, service_input_problems,
)

# What an SBC profile and a customer may set: the service options table says (options.SERVICE_OPTIONS).
PROFILE_KEYS = inventory_keys("profile")
CUSTOMER_KEYS = inventory_keys("customer") + ("overrides",)
OVERRIDE_KEYS = inventory_keys("overrides")
MERGED_BY_NAME = ("custom_variables", "extra_script_parameters")
# A layer that names one of a pair replaces the other one from the layers below.
NAME_OR_ID = (("sbc", "sbc_id"), ("onboarding_script", "onboarding_script_id"),
              ("cleanup_script", "cleanup_script_id"))
SHORT_NAME_PLACEHOLDER = "{short_name}"
PROFILE_VAR = "live_platform_sbc_profile"
CUSTOMER_VAR = "live_platform_customer"
# Ids given as quoted digits ("5") are the same id in both strategies: the module's int option would convert them,
# a batch item would not.
ID_OPTIONS = id_options()
# Groups every host is in, which are never an SBC group.
IMPLICIT_GROUPS = ("all", "ungrouped")
# A further SIP connection in the inventory: its sip_connection keys, the SBC group whose profile it starts from, and
# its overrides (which win over that profile, as a customer's do).
SITE_KEYS = site_item_keys()
SITE_INVENTORY_KEYS = SITE_KEYS + ("sbc_group", "overrides")
SITE_PROFILE_KEYS = tuple(key for key in PROFILE_KEYS if key in SITE_KEYS)


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
                         "is not a supported key; supported keys: {0}".format(", ".join(known)))
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
    request = _layered((defaults or {}, profile, customer, overrides))
    request.setdefault("short_name", host_name)
    return _placed(request, request["short_name"])


def _placed(request, short_name):
    gateway = request.get("online_pstn_gateway")
    if isinstance(gateway, str) and isinstance(short_name, str):
        request["online_pstn_gateway"] = gateway.replace(SHORT_NAME_PLACEHOLDER, short_name)
    return request


def _layered(layers):
    """The layers' values, lowest first: custom_variables and extra_script_parameters merged name by name, and a
    layer that names one of a pair (sbc, sbc_id) replacing the other one from the layers below."""
    request = {}
    for layer in layers:
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
    return request


def compose_site_requests(sites, own_profile, short_name, group_profile):
    """A customer's further SIP connections, each composed from its SBC group's profile (``sbc_group``; the
    customer's own profile without it), its own values and its overrides. group_profile(name) gives a group's
    live_platform_sbc_profile, or None when there is no such group."""
    if sites is None:
        return None
    if not isinstance(sites, list):
        raise InputError("live_platform_customer.sip_connections", "must be a list of SIP connections, got {0}".format(
            _kind(sites)))
    composed = []
    for index, site in enumerate(sites):
        where = "live_platform_customer.sip_connections[{0}]".format(index)
        site = dict(_check_keys(site, SITE_INVENTORY_KEYS, where))
        overrides = _check_keys(site.pop("overrides", None), SITE_KEYS, where + ".overrides")
        group = site.pop("sbc_group", None)
        profile = own_profile
        if group is not None:
            profile = group_profile(group) if isinstance(group, str) else None
            if profile is None:
                raise InputError(where + ".sbc_group", "must name an inventory group whose variables set {0}, got"
                                                       " {1!r}".format(PROFILE_VAR, printable(str(group))))
        base = dict((key, value) for key, value in (profile or {}).items() if key in SITE_PROFILE_KEYS)
        composed.append(_normalized(_placed(_layered((base, site, overrides or {})), short_name)))
    return composed


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


def _normalized(request):
    for name in ID_OPTIONS:
        value = request.get(name)
        if isinstance(value, str) and DIGITS.fullmatch(value) and len(value) <= 10:
            request[name] = int(value)
    return request


def host_problems(variables, host, group_profile=None):
    """(the host's composed request, its (field, rule) problems): every rule of one customer's values.

    group_profile(name): an inventory group's live_platform_sbc_profile, for the SBC groups of the customer's further
    SIP connections (GroupProfiles); without it, only the customer's own profile is known."""
    # Each variable read once: a host's variable (hostvars[host][name]) is templated at each read.
    customer, profile = variables.get(CUSTOMER_VAR), variables.get(PROFILE_VAR)
    problems = []
    if profile is None:
        groups = [g for g in variables.get("group_names") or [] if g not in IMPLICIT_GROUPS]
        problems.append((PROFILE_VAR, "is not set: {0} is in no SBC group (a group whose vars set {1}); its groups:"
                                      " {2}".format(host, PROFILE_VAR, ", ".join(groups) or "none")))
    if customer is None:
        problems.append((CUSTOMER_VAR, "is required: the customer's own values (at least ms_tenant_id)"))
    try:
        request = _normalized(compose_service_request(profile, customer, host))
        sites = compose_site_requests(request.get("sip_connections"), profile, request["short_name"],
                                      group_profile or (lambda _name: None))
        if sites is not None:
            request["sip_connections"] = sites
    except InputError as exc:
        return dict(short_name=customer_short_name(customer, host)), problems + [(exc.field, exc.rule)]
    if not problems:
        problems = service_input_problems(request) + customer_input_problems(request)
    return request, problems


class GroupProfiles(object):
    """Each inventory group's own live_platform_sbc_profile, read once per group from the inventory behind
    ``hostvars`` (a probe host in that group alone, so that every source of group vars counts: inventory files,
    group_vars folders, vars plugins). Without an inventory (plain mappings, as in unit tests of other filters),
    no group is known."""

    def __init__(self, hostvars):
        self.inventory = getattr(hostvars, "_inventory", None)
        self._variables = getattr(hostvars, "_variable_manager", None)
        self._profiles = {}

    @property
    def readable(self):
        return self.inventory is not None and self._variables is not None

    def of_group(self, group):
        if group.name not in self._profiles:
            from ansible.inventory.host import Host

            probe = Host("live-platform-sbc-group-probe")
            probe.add_group(group)  # the probe joins the group and its parents; the group is left as it is
            self._profiles[group.name] = self._variables.get_vars(host=probe, include_hostvars=False).get(PROFILE_VAR)
        return self._profiles[group.name]

    def __call__(self, name):
        """The profile of the group of that name; None when there is no such group (or no inventory)."""
        if not self.readable:
            return None
        group = self.inventory.groups.get(name)
        return self.of_group(group) if group is not None else None


def _message(problems):
    return "; ".join("{0}: {1}".format(field, rule) for field, rule in problems)


def _shown_safely(request, problems):
    # A refused short name may hold ESC, NUL or RLO: the report and the messages show it escaped.
    if problems:
        request["short_name"] = printable(request.get("short_name"))
    return request


def compose_for_host(variables, host):
    """(the host's checked request, None), or (its request or short name alone, why) when it breaks a rule."""
    request, problems = host_problems(variables, host)
    return _shown_safely(request, problems), (_message(problems) if problems else None)


def duplicate_problems(requests):
    """customer -> problem, for the customers whose short name another customer of the same M365 tenant has too
    (case-insensitively): a short name is unique per tenant, so both are refused; two tenants may share one."""
    by_identity = {}
    for request in requests:
        name, tenant = request.get("short_name"), request.get("ms_tenant_id")
        if isinstance(name, str) and name:
            key = (name.casefold(), tenant.lower() if isinstance(tenant, str) else tenant)
            by_identity.setdefault(key, []).append(request["customer"])
    problems = {}
    for customers in by_identity.values():
        for customer in customers if len(customers) > 1 else []:
            others = [other for other in customers if other != customer]
            problems[customer] = ("short_name", "is also the short name of {0} {1} in the same M365 tenant (unique per"
                                                " tenant, case-insensitively): both are refused".format(
                                                    "host" if len(others) == 1 else "hosts", ", ".join(others)))
    return problems


def sbc_group_problems(hosts, hostvars, profiles=None):
    """host -> problem, for the hosts in several SBC groups (groups whose vars set different SBC profiles), whose
    live_platform_sbc_profile Ansible would otherwise take silently from one of them (the alphabetically last).
    Each group's own profile comes from GroupProfiles; without an inventory there is nothing to read.
    """
    profiles = profiles or GroupProfiles(hostvars)
    if not profiles.readable:
        return {}
    inventory, profile_of = profiles.inventory, profiles.of_group
    problems = {}
    for name in hosts:
        host = inventory.get_host(name)
        if host is None or PROFILE_VAR in host.get_vars():
            continue  # a host's own profile wins over every group's: nothing is ambiguous
        groups = [group for group in host.get_groups() if group.name not in IMPLICIT_GROUPS]
        parents = set(parent.name for group in groups for parent in group.get_ancestors())
        # A group's profile includes its parents' (the probe inherits them): compare the innermost groups only.
        found = [(group.name, profile_of(group)) for group in groups if group.name not in parents]
        found = [(group, profile) for group, profile in found if profile is not None]
        distinct = []
        for _group, profile in found:
            if profile not in distinct:
                distinct.append(profile)
        if len(distinct) > 1:
            problems[name] = (PROFILE_VAR, "{0} is in {1} SBC groups ({2}), each with its own profile: put it in"
                                           " one".format(name, len(found), ", ".join(sorted(g for g, _p in found))))
    return problems


def fleet_requests(hosts, hostvars):
    """Every host's composed and checked request, with its ``customer`` key: the items of hosted_essentials_fleet,
    and the requests of the per-customer strategy (one per host, in the order of ``hosts``).

    A host whose values break a rule gets an item with ``invalid`` (every problem, field and rule, in one line): it
    fails alone, without any call, instead of the whole fleet failing here.
    """
    requests, problems = [], {}
    profiles = GroupProfiles(hostvars)
    for host in hosts:
        request, found = host_problems(host_vars(hostvars, host), host, profiles)
        request["customer"] = host
        requests.append(request)
        problems[host] = found
    for host, problem in list(sbc_group_problems(hosts, hostvars, profiles).items()) + list(
            duplicate_problems(requests).items()):
        problems[host].append(problem)
    for request in requests:
        found = problems[request["customer"]]
        if found:
            _shown_safely(request, found)["invalid"] = "{0}: {1}".format(request["customer"], _message(found))
    return requests


def checked_request(requests, host):
    """The request of one host among fleet_requests' (a mapping of host to request); InputError when it is invalid
    or missing."""
    request = (requests or {}).get(host)
    if not isinstance(request, dict):
        raise InputError(host, "has no composed request: it is not one of the customers the fleet was composed for")
    if request.get("invalid"):
        raise InputError(host, request["invalid"][len("{0}: ".format(host)):])
    return request
