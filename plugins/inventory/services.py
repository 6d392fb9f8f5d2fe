# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: services
short_description: The AudioCodes Live Platform's services as inventory hosts
version_added: 0.1.0
description:
  - Reads every service (customer) of the AudioCodes Live Platform with one call
    (C(GET /api/v3/customer?allDetails=true)) and makes one inventory host of each, named by its short name.
  - Reads the SBC devices with one more call (C(GET /api/v2/sbc)) to name the SBC groups; when the platform does not
    offer that list (HTTP 404), the SBC groups are named by SBC id and a warning says so.
  - Groups the hosts by SBC (C(sbc_<name>)), deployment state (C(state_<state>)) and license
    (C(license_<license>)); every host is also in the group C(live_platform_services).
    O(compose), O(groups) and O(keyed_groups) add variables and groups of your own.
  - The host variables are C(live_platform_service) (the whole service record) and the flat
    C(live_platform_service_id), C(live_platform_short_name), C(live_platform_full_name),
    C(live_platform_deployment_state), C(live_platform_license) and C(live_platform_sbcs).
  - The inventory file's name must end with C(live_platform.yml) or C(live_platform.yaml),
    for example C(services.live_platform.yml).
  - The connection options are those of the collection's modules, with the same C(LIVE_PLATFORM_*) environment
    variables, so that one AWX/AAP credential serves the inventory source and the job templates.
    The client secret and the token never appear in host variables, the cache or error messages.
author:
  - AudioCodes Live Platform collection maintainers (@audiocodes)
requirements:
  - requests
extends_documentation_fragment:
  - ansible.builtin.constructed
  - ansible.builtin.inventory_cache
options:
  plugin:
    description: The name of this plugin; it makes the file an inventory source of this plugin.
    type: str
    required: true
    choices: [audiocodes.live_platform.services]
  # BEGIN connection options: generated from plugins/module_utils/options.py by make docs, do not edit
  base_url:
    description:
      - The platform's API base URL, V(https://<service provider host>/tenantui).
      - Every API path (C(/api/v2/...), C(/api/v3/...)) is appended to it.
    type: str
    env:
      - name: LIVE_PLATFORM_BASE_URL
  tenant_id:
    description:
      - The service provider's Microsoft Entra tenant id, used to request a client-credentials token.
      - Required with O(client_id) and O(client_secret) unless O(access_token) is given.
    type: str
    env:
      - name: LIVE_PLATFORM_TENANT_ID
  client_id:
    description:
      - The application (client) id of the C(LiveCloud-APIToken) app registration.
    type: str
    env:
      - name: LIVE_PLATFORM_CLIENT_ID
  client_secret:
    description:
      - The client secret of that app registration. Never shown in any output.
      - Prefer the environment variable (an AWX/AAP credential injects it) or a vaulted value to writing it in the
        inventory file.
    type: str
    env:
      - name: LIVE_PLATFORM_CLIENT_SECRET
  access_token:
    description:
      - A ready bearer token, used instead of requesting one.
      - With O(tenant_id), O(client_id) and O(client_secret) also set, a token the platform refuses (expired) is replaced
        by one requested with them; alone, it cannot be renewed. This is how the calls of a run share the one token
        of an M(audiocodes.live_platform.session) task.
    type: str
    env:
      - name: LIVE_PLATFORM_ACCESS_TOKEN
  scope:
    description:
      - The OAuth2 scope of the token request.
    type: str
    default: api://9d576dc4-b85d-4571-880e-4c6ed4c08c31/.default
    env:
      - name: LIVE_PLATFORM_SCOPE
  auth_url:
    description:
      - The Entra authority; the token is requested from C(<auth_url>/<tenant_id>/oauth2/v2.0/token).
    type: str
    default: https://login.microsoftonline.com
    env:
      - name: LIVE_PLATFORM_AUTH_URL
  validate_certs:
    description:
      - Whether to verify the TLS certificates of the platform and of the token endpoint.
      - Turn it off only against a test system; prefer O(ca_path) for a private CA.
    type: bool
    default: true
    env:
      - name: LIVE_PLATFORM_VALIDATE_CERTS
  ca_path:
    description:
      - A CA bundle (PEM file) to verify the certificates with, instead of the system trust store.
      - 'Without it, the system trust store is used: a private CA, or a TLS-inspecting proxy''s, added with C(update-ca-trust)
        or C(update-ca-certificates) is trusted, and E(SSL_CERT_FILE) and E(SSL_CERT_DIR) are honoured. With the optional
        Python package C(truststore), the operating system''s own store is used (macOS, Windows).'
      - E(REQUESTS_CA_BUNDLE) or E(CURL_CA_BUNDLE), when set, replaces the system trust store, as in requests; O(ca_path)
        wins over both.
    type: path
    env:
      - name: LIVE_PLATFORM_CA_PATH
  proxy:
    description:
      - The proxy for the token request and every API call, V(http://[user:password@]host:port) (V(https://...) for
        a proxy reached over TLS). HTTPS goes through it in a C(CONNECT) tunnel, verified end to end as without a
        proxy.
      - When set, it carries both the token endpoint and the platform, whatever E(NO_PROXY) says; when not set, E(HTTPS_PROXY),
        E(HTTP_PROXY) and E(NO_PROXY) are used as requests reads them.
      - 'It may hold a password, so it is never shown: messages name the proxy by host and port only. A proxy that
        cannot be used (unreachable, or answering 407) fails the run once.'
      - With a password in it, prefer the environment variable (an AWX/AAP credential injects it) or a vaulted value
        to writing it in the inventory file.
    type: str
    env:
      - name: LIVE_PLATFORM_PROXY
  timeout:
    description:
      - Seconds to wait for each HTTP answer.
    type: float
    default: 30
    env:
      - name: LIVE_PLATFORM_TIMEOUT
  retries:
    description:
      - How many times a read is retried after a dropped connection or a 429, 500, 502, 503 or 504 answer, with bounded
        exponential backoff and jitter (a C(Retry-After) header is honoured).
      - A write is retried only after a 429 (refused, so not applied); after any other failure the service is looked
        up again, so a create is never sent blindly twice.
    type: int
    default: 5
    env:
      - name: LIVE_PLATFORM_RETRIES
  channel_id:
    description:
      - The channel the calls act in. Sent as the C(X-Ovoc-Channel-Id) header, which restricts lists to that channel's
        services, and as the C(channelId) of a service that is created.
    type: str
    env:
      - name: LIVE_PLATFORM_CHANNEL_ID
  # END connection options
  default_groups:
    description:
      - The groups made for every host, besides C(live_platform_services).
      - V(sbc) makes C(sbc_<SBC name>) for each SBC the service has a site on (V(SBC-AMS-01) gives
        C(sbc_ams_01); see O(sbc_group_by)).
      - V(state) makes C(state_<deployment state>) (C(state_deployed), C(state_inprogress), C(state_failed),
        C(state_deleting), C(state_unknown)).
      - V(license) makes C(license_<license>) (C(license_hosted_essentials), C(license_hosted_essentials_plus),
        C(license_hosted_pro), C(license_oc_essentials), C(license_oc_essentials_plus), C(license_oc_pro);
        C(license_<number>) for a license type this plugin does not know).
      - Default group names are lower case; characters other than letters, digits and C(_) become C(_).
    type: list
    elements: str
    choices: [sbc, state, license]
    default: [sbc, state, license]
  sbc_group_by:
    description:
      - V(name) names an SBC group after the SBC's name, with a leading C(sbc) not doubled
        (V(SBC-AMS-01) gives C(sbc_ams_01), V(Edge-1) gives C(sbc_edge_1)); an SBC missing from the SBC list
        gives C(sbc_<id>).
      - V(id) names it after the SBC's id (C(sbc_5)).
    type: str
    choices: [name, id]
    default: name
notes:
  - Host names are the services' short names. A short name that contains a character other than letters, digits,
    C(_) and C(-) is changed into a valid host name (each such character becomes C(_)); the real short name stays in
    C(live_platform_short_name). Use that variable, not the host name, to refer to the service.
  - The hosts are not machines to connect to. A play that uses them runs its tasks on the controller
    (C(connection=local)), as the collection's playbooks do.
  - With O(cache) on, the services are read from the cache until it expires; C(ansible-inventory --flush-cache)
    (ansible-core 2.17 and later; C(ansible-playbook --flush-cache) on every version) reads the platform again.
    The cache is kept apart for each base URL, tenant, client id and channel.
"""

EXAMPLES = r"""
# services.live_platform.yml
# The smallest config is the plugin line alone: the connection then comes from the LIVE_PLATFORM_* environment
# (LIVE_PLATFORM_BASE_URL, LIVE_PLATFORM_TENANT_ID, LIVE_PLATFORM_CLIENT_ID, LIVE_PLATFORM_CLIENT_SECRET).
plugin: audiocodes.live_platform.services
base_url: https://live.example.net/tenantui
tenant_id: 11111111-2222-4333-8444-555555555555
client_id: 9f3c2b1a-7d6e-4f5a-8b9c-0d1e2f3a4b5c
# client_secret: from LIVE_PLATFORM_CLIENT_SECRET (or a vaulted value)
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/live_platform_inventory
cache_timeout: 600
compose:
  # what the offboarding role reads as the customer's short name
  live_platform_customer: "{'short_name': live_platform_short_name}"
groups:
  not_deployed: live_platform_deployment_state != 'Deployed'
keyed_groups:
  - key: live_platform_service.ms_tenant_id
    prefix: ms_tenant
"""

import hashlib
import os
import re

from ansible.errors import AnsibleParserError
from ansible.module_utils.common.text.converters import to_native
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable
from ansible.utils.vars import combine_vars

from ansible_collections.audiocodes.live_platform.plugins.module_utils.catalog import list_sbcs
from ansible_collections.audiocodes.live_platform.plugins.module_utils.client import (
    HAS_REQUESTS, LivePlatformClient,
)
from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import (
    LivePlatformError, PlatformLacks,
)
from ansible_collections.audiocodes.live_platform.plugins.module_utils.redaction import redact
from ansible_collections.audiocodes.live_platform.plugins.module_utils.options import CONNECTION_OPTIONS
from ansible_collections.audiocodes.live_platform.plugins.module_utils.service_api import list_services

FILE_SUFFIXES = ("live_platform.yml", "live_platform.yaml")
ALL_GROUP = "live_platform_services"
LICENSE_NAMES = {
    0: "hosted_essentials",
    1: "hosted_essentials_plus",
    2: "hosted_pro",
    3: "oc_essentials",
    4: "oc_essentials_plus",
    5: "oc_pro",
}
_SAFE_HOST = re.compile(r"^[A-Za-z0-9_-]+$")
_UNSAFE_HOST_CHARS = re.compile(r"[^A-Za-z0-9_-]")
_UNSAFE_GROUP_CHARS = re.compile(r"[^a-z0-9_]")


def group_part(value):
    """A lower-case, valid piece of a group name."""
    return _UNSAFE_GROUP_CHARS.sub("_", str(value).lower())


def license_name(license_type):
    if license_type is None:
        return "unknown"
    try:
        return LICENSE_NAMES.get(int(license_type), group_part(license_type))
    except (TypeError, ValueError):
        return group_part(license_type)


def sbc_group(sbc_id, sbc_names, group_by="name"):
    name = sbc_names.get(str(sbc_id)) if group_by == "name" else None
    if name is None:
        return "sbc_" + group_part(sbc_id)
    part = group_part(name)
    if part.startswith("sbc_") and len(part) > 4:
        part = part[4:]  # SBC-AMS-01 -> sbc_ams_01, not sbc_sbc_ams_01
    return "sbc_" + part


def host_names(services):
    """{service id: host name}: the short name, or a valid name made from it only when it needs one.

    Short names are unique on the platform (case-insensitively); a changed name that collides with another
    host gets the service id's first characters, so that every service stays one host.
    """
    names = {}
    taken = set()
    clean = [s for s in services if _SAFE_HOST.match(str(s.get("short_name") or ""))]
    changed = [s for s in services if not _SAFE_HOST.match(str(s.get("short_name") or ""))]
    for service in clean:
        names[service["id"]] = service["short_name"]
        taken.add(service["short_name"].lower())
    for service in changed:
        name = _UNSAFE_HOST_CHARS.sub("_", str(service.get("short_name") or "")) or "service"
        if name.lower() in taken:
            name = "{0}_{1}".format(name, str(service["id"])[:8])
        names[service["id"]] = name
        taken.add(name.lower())
    return names


def enrich(service, sbc_names):
    """The service record with its license name and the names of its sites' SBCs."""
    service = dict(service)
    sites = []
    for site in service.get("site_locations") or []:
        site = dict(site)
        site["sbc_name"] = sbc_names.get(str(site.get("sbc_id")))
        sites.append(site)
    service["site_locations"] = sites
    service["license"] = license_name(service.get("license_type"))
    sbc_ids = []
    for site in sites:
        if site.get("sbc_id") is not None and site["sbc_id"] not in sbc_ids:
            sbc_ids.append(site["sbc_id"])
    service["sbc_ids"] = sbc_ids
    service["sbc_names"] = [sbc_names.get(str(sbc_id)) or str(sbc_id) for sbc_id in sbc_ids]
    service.pop("progress", None)  # the list read carries none
    return service


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):
    NAME = "audiocodes.live_platform.services"
    _config_data = {}

    def verify_file(self, path):
        return super(InventoryModule, self).verify_file(path) and path.endswith(FILE_SUFFIXES)

    # --- reading the platform ----------------------------------------------------------------------------
    def _connection_params(self):
        params = {}
        for opt in CONNECTION_OPTIONS:
            value = self.get_option(opt["name"])
            raw = os.environ.get(opt["env"])
            if opt["name"] not in self._config_data and raw is not None and not raw.strip():
                # An empty variable means "not set" (an AWX credential injects LIVE_PLATFORM_CA_PATH="" when no CA
                # bundle is given); as a path it would otherwise become the current directory.
                value = opt.get("default")
            params[opt["name"]] = value
        return params

    def _cache_key(self, path):
        """The path's key, kept apart per platform, tenant, client and channel (no secret goes into it)."""
        params = self._connection_params()
        names = ("base_url", "tenant_id", "client_id", "channel_id")
        identity = "|".join(str(params.get(name) or "") for name in names)
        return "{0}_{1}".format(self.get_cache_key(path), hashlib.sha256(identity.encode("utf-8")).hexdigest()[:12])

    def _fetch(self):
        """{'services': [records], 'sbcs': [{'id', 'name'}], 'sbc_list': bool}: JSON-safe, no secret."""
        if not HAS_REQUESTS:
            raise AnsibleParserError("The audiocodes.live_platform.services inventory plugin needs the Python"
                                     " library requests on the controller (pip install requests)")
        params = self._connection_params()
        client = None
        try:
            client = LivePlatformClient.from_params(params)
            for warning in client.warnings:
                self.display.warning("Live Platform inventory: {0}".format(warning))
            services = list_services(client)
            try:
                sbcs = [dict(id=sbc["id"], name=sbc["name"]) for sbc in list_sbcs(client)]
                sbc_list = True
            except PlatformLacks:
                sbcs, sbc_list = [], False
        except (LivePlatformError, ValueError, OSError) as exc:
            # ValueError/OSError: what requests raises for a malformed URL or a local problem (e.g. ca_path).
            message = exc.msg if isinstance(exc, LivePlatformError) else to_native(exc)
            secrets = [params.get("client_secret"), params.get("access_token")]
            message = client.redact(message) if client is not None else redact(message, secrets)
            raise AnsibleParserError("Live Platform inventory: {0}".format(redact(message, secrets)))
        return dict(services=services, sbcs=sbcs, sbc_list=sbc_list)

    # --- building the inventory -------------------------------------------------------------------------
    def _populate(self, data):
        sbc_names = dict((str(sbc["id"]), sbc["name"]) for sbc in data.get("sbcs") or [] if sbc.get("name"))
        if not data.get("sbc_list", True):
            self.display.warning("Live Platform inventory: the platform has no SBC list (GET /api/v2/sbc answered"
                                 " 404); the SBC groups are named by SBC id")
        default_groups = self.get_option("default_groups") or []
        group_by = self.get_option("sbc_group_by")
        strict = self.get_option("strict")
        services = [s for s in data.get("services") or [] if s.get("id") is not None]
        names = host_names(services)
        self.inventory.add_group(ALL_GROUP)
        for raw in services:
            service = enrich(raw, sbc_names)
            host = self.inventory.add_host(names[service["id"]], group=ALL_GROUP)
            hostvars = dict(
                live_platform_service=service,
                live_platform_service_id=service["id"],
                live_platform_short_name=service.get("short_name"),
                live_platform_full_name=service.get("full_name"),
                live_platform_deployment_state=service.get("deployment_state"),
                live_platform_license=service["license"],
                live_platform_sbcs=service["sbc_names"],
            )
            for name, value in hostvars.items():
                self.inventory.set_variable(host, name, value)
            for group in self._default_groups(service, default_groups, sbc_names, group_by):
                self.inventory.add_child(self.inventory.add_group(group), host)
            variables = self.inventory.get_host(host).get_vars()
            if self.get_option("use_extra_vars"):
                variables = combine_vars(variables, self._vars)
            self._set_composite_vars(self.get_option("compose"), variables, host, strict=strict)
            variables = self.inventory.get_host(host).get_vars()
            if self.get_option("use_extra_vars"):
                variables = combine_vars(variables, self._vars)
            self._add_host_to_composed_groups(self.get_option("groups"), variables, host, strict=strict)
            self._add_host_to_keyed_groups(self.get_option("keyed_groups"), variables, host, strict=strict)

    @staticmethod
    def _default_groups(service, default_groups, sbc_names, group_by):
        groups = []
        if "sbc" in default_groups:
            groups.extend(sbc_group(sbc_id, sbc_names, group_by) for sbc_id in service["sbc_ids"])
        if "state" in default_groups:
            groups.append("state_" + group_part(service.get("deployment_state") or "unknown"))
        if "license" in default_groups:
            groups.append("license_" + service["license"])
        return groups

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        self._config_data = self._read_config_data(path) or {}
        cache_key = self._cache_key(path)
        use_cache = self.get_option("cache") and cache
        update_cache = self.get_option("cache") and not cache
        data = None
        if use_cache:
            try:
                data = self._cache[cache_key]
            except KeyError:
                update_cache = True
        if data is None:
            data = self._fetch()
        if update_cache:
            self._cache[cache_key] = data
        self._populate(data)
