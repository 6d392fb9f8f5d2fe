# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Hosted Essentials services: find by short name, compose the create request, create once, wait, delete.

Plain functions over a client, so that the module, the fleet roles and the unit tests share them.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading
import time

from ansible_collections.audiocodes.live_platform.plugins.module_utils import catalog
from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import (
    ApiError, LivePlatformError, NotFoundError, TransportError, WaitTimeout, redact,
)
from ansible_collections.audiocodes.live_platform.plugins.module_utils.records import (
    FINAL_STATES, field, service_record,
)
from ansible_collections.audiocodes.live_platform.plugins.module_utils.validation import check_service_input

V2_CUSTOMERS = "/api/v2/customer"
V3_CUSTOMERS = "/api/v3/customer"
# Statuses after which a create may or may not have been applied: look before sending it again.
AMBIGUOUS_STATUSES = (500, 502, 503, 504)
SCRIPT_PARAMETERS = (
    ("cac_profile", "CacProfile"), ("proxy_set", "ProxySet"), ("online_pstn_gateway", "OnlinePstnGateway"),
    ("carrier_user_name", "CarrierUserName"), ("carrier_user_password", "CarrierUserPassword"),
    ("carrier_main_line", "CarrierMainLine"), ("carrier_host_name", "CarrierHostName"),
)


class DeploymentFailed(LivePlatformError):
    """The platform reports the service's SBC deployment as Failed."""


class Clock(object):
    """Time as the waits see it; tests pass a fake one."""

    monotonic = staticmethod(time.monotonic)
    sleep = staticmethod(time.sleep)


# --- reads ------------------------------------------------------------------------------------------
def find_service(client, short_name):
    """The brief V2 record of the service with this short name (case-insensitively), or None."""
    wanted = short_name.lower()
    for item in client.get(V2_CUSTOMERS) or []:
        if str(field(item, "ShortName", default="")).lower() == wanted:
            return item
    return None


def read_service(client, service_id):
    """The full record of one service (V3 with site details), or None when it is gone."""
    try:
        return service_record(client.get("{0}/{1}".format(V3_CUSTOMERS, service_id), params=dict(allDetails="true")))
    except NotFoundError:
        return None


def lookup(client, short_name):
    brief = find_service(client, short_name)
    if brief is None:
        return None
    return read_service(client, field(brief, "Id")) or service_record(brief)


def find_existing(client, params):
    """The service named params['short_name'], using what the caller already knows to avoid listing them all.

    Listing every service for every customer makes a fleet's traffic grow as N squared. A caller that listed
    them once passes ``listed_service`` (its listed record, used as it is when deployed), ``service_id`` (read
    directly) or ``skip_lookup`` (known absent a moment ago). Skipping the
    list stays race-safe: a service created meanwhile makes the platform refuse the create as a duplicate,
    and create_once then reports that service.
    """
    short_name = params["short_name"]
    listed = params.get("listed_service")
    if listed and listed.get("deployment_state") == "Deployed" and listed.get("site_locations") and \
            str(listed.get("short_name", "")).lower() == short_name.lower():
        return listed  # a deployed service as the batch's one list showed it: nothing to wait for or re-read
    if params.get("service_id"):
        found = read_service(client, params["service_id"])
        if found is not None and str(found.get("short_name", "")).lower() == short_name.lower():
            return found
    elif params.get("skip_lookup"):
        return None
    return lookup(client, short_name)


# --- the create request ---------------------------------------------------------------------------------
class Catalog(object):
    """The catalogues (SBCs, SBC script templates) read once per run, however many services it composes."""

    def __init__(self, client):
        self._client = client
        self._lock = threading.Lock()
        self._sbcs = None
        self._templates = None

    def sbcs(self):
        with self._lock:
            if self._sbcs is None:
                self._sbcs = catalog.list_sbcs(self._client)
            return self._sbcs

    def templates(self):
        with self._lock:
            if self._templates is None:
                self._templates = catalog.list_script_templates(self._client, "SBC")
            return self._templates


def resolve_references(client, params, known_catalog=None):
    """SBC, scripts and customer-variable names → the ids the platform wants. Reads only."""
    known_catalog = known_catalog or Catalog(client)
    sbc = catalog.find_by_name_or_id(known_catalog.sbcs(), "sbc" if params.get("sbc") else "sbc_id",
                                     params.get("sbc"), params.get("sbc_id"), "SBC")
    templates = known_catalog.templates()
    onboarding = catalog.find_by_name_or_id(
        templates, "onboarding_script" if params.get("onboarding_script") else "onboarding_script_id",
        params.get("onboarding_script"), params.get("onboarding_script_id"), "SBC script")
    cleanup = catalog.cleanup_script_for(onboarding, templates, params.get("cleanup_script"),
                                         params.get("cleanup_script_id"))
    catalog.check_choice(params.get("cac_profile"), sbc["cac_profiles"], "cac_profile", sbc)
    catalog.check_choice(params.get("proxy_set"), sbc["proxy_sets"], "proxy_set", sbc)
    custom = catalog.map_custom_variables(params.get("custom_variables"), onboarding)
    return dict(sbc=sbc, onboarding=onboarding, cleanup=cleanup, custom_variables=custom)


def compose_body(params, refs):
    """The create request exactly as documented: siteLocation an object, scriptParameters as in the examples."""
    body = dict(shortName=params["short_name"])
    if params.get("full_name"):
        body["fullName"] = params["full_name"]
    body["siteLocation"] = dict(sbcId=refs["sbc"]["id"], sbcOnboardingScript=refs["onboarding"]["id"],
                                sbcCleanupScript=refs["cleanup"]["id"])
    if params.get("lc_customer_id") is not None:
        body["lcCustomerId"] = int(params["lc_customer_id"])
    body["ovocCustomerType"] = params.get("ovoc_customer_type") or "IPGROUP_TYPE"
    body["msTenantId"] = params["ms_tenant_id"]
    if params.get("channel_id"):
        body["channelId"] = str(params["channel_id"])
    script_parameters = dict((key, params[option]) for option, key in SCRIPT_PARAMETERS
                             if params.get(option) is not None)
    script_parameters.update(refs["custom_variables"])
    for key, value in (params.get("extra_script_parameters") or {}).items():
        script_parameters[key] = str(value)
    if script_parameters:
        body["scriptParameters"] = script_parameters
    return body


def is_duplicate(error):
    if not isinstance(error, ApiError) or error.status not in (400, 409):
        return False
    if str(error.error_code or "").lower() == "duplicateshortname":
        return True
    text = error.msg.lower()
    return "shortname" in text.replace(" ", "").replace("_", "") and ("exist" in text or "unique" in text)


def create_once(client, body, clock=Clock):
    """POST the create request so that no run, and no two runs at once, make two services.

    Returns (service, created_here). A refused duplicate means another run created it; a lost answer
    (dropped connection, timeout, 5xx) is followed by a lookup before the request is ever sent again.
    """
    short_name = body["shortName"]
    attempt = 0
    while True:
        try:
            return service_record(client.post(V2_CUSTOMERS, json=body)), True
        except (ApiError, TransportError) as exc:
            if is_duplicate(exc):
                found = lookup(client, short_name)
                if found is None:
                    raise
                return found, False
            if isinstance(exc, ApiError) and exc.status not in AMBIGUOUS_STATUSES:
                raise
            found = lookup(client, short_name)
            if found is not None:
                return found, True  # our request was applied although its answer was lost
            if attempt >= client.retries:
                raise
        attempt += 1
        clock.sleep(min(30.0, 0.5 * 2 ** attempt))


# --- waiting ---------------------------------------------------------------------------------------------
def wait_for_deployment(client, service, params, clock=Clock):
    """Poll until the service's deployment reaches a final state, or fail after wait_timeout."""
    deadline = clock.monotonic() + params.get("wait_timeout", 600)
    while service.get("deployment_state") not in FINAL_STATES:
        if clock.monotonic() >= deadline:
            raise WaitTimeout("service '{0}' is still {1} after {2} s (wait_timeout)".format(
                service["short_name"], service.get("deployment_state"), params.get("wait_timeout", 600)),
                service=service)
        clock.sleep(params.get("poll_interval", 5))
        fresh = read_service(client, service["id"])
        if fresh is None:
            raise LivePlatformError("service '{0}' disappeared while its deployment ran".format(service["short_name"]),
                                    service=service)
        service = fresh
    return service


def wait_for_removal(client, service, params, clock=Clock):
    deadline = clock.monotonic() + params.get("wait_timeout", 600)
    path = "{0}/{1}".format(V2_CUSTOMERS, service["id"])
    while True:
        try:
            client.get(path)
        except NotFoundError:
            return
        if clock.monotonic() >= deadline:
            raise WaitTimeout("service '{0}' still exists {1} s after its deletion (wait_timeout)".format(
                service["short_name"], params.get("wait_timeout", 600)), service=service)
        clock.sleep(params.get("poll_interval", 5))


# --- desired state ---------------------------------------------------------------------------------------
def managed_view(service):
    """The fields the API lets us read back, as shown in --diff."""
    if service is None:
        return dict(state="absent")
    sites = service.get("site_locations") or []
    return dict(state="present", short_name=service.get("short_name"), full_name=service.get("full_name"),
                sbc_id=sites[0]["sbc_id"] if sites else None, deployment_state=service.get("deployment_state"))


def desired_view(params, body):
    return dict(state="present", short_name=body["shortName"], full_name=body.get("fullName", body["shortName"]),
                sbc_id=body["siteLocation"]["sbcId"], deployment_state="Deployed")


def detect_drift(service, params, refs):
    """What differs between the platform and the wish, for the fields the platform lets us read."""
    drift = []
    if params.get("full_name") and service.get("full_name") != params["full_name"]:
        drift.append(dict(field="full_name", actual=service.get("full_name"), desired=params["full_name"]))
    site_sbcs = [site["sbc_id"] for site in service.get("site_locations") or [] if site.get("sbc_id") is not None]
    if site_sbcs and refs["sbc"]["id"] not in site_sbcs:
        drift.append(dict(field="sbc_id", actual=site_sbcs[0], desired=refs["sbc"]["id"]))
    if service.get("deployment_state") not in (None, "Deployed"):
        drift.append(dict(field="deployment_state", actual=service.get("deployment_state"), desired="Deployed"))
    return drift


def _drift_warning(short_name, drift):
    parts = ["{0} is {1!r} on the platform, {2!r} desired".format(d["field"], d["actual"], d["desired"])
             for d in drift]
    return ("service '{0}' differs from the desired state: {1}. The platform has no update call, so it was left"
            " as it is: change it in the portal, or delete and recreate the service.".format(short_name, "; ".join(parts)))


def _failed(service, changed):
    return DeploymentFailed("service '{0}' deployment failed: {1}".format(
        service["short_name"], service.get("error_details") or "the platform gave no errorDetails"),
        changed=changed, service=service, outcome="failed")


def ensure_present(client, params, check_mode=False, clock=Clock, known_catalog=None):
    check_service_input(params)
    client.add_secret(params.get("carrier_user_password"))
    refs = resolve_references(client, params, known_catalog)
    body = compose_body(params, refs)
    masked = redact(body)
    diff = dict(before=managed_view(None), after=desired_view(params, body))
    service = find_existing(client, params)
    recreated = False
    if service is not None:
        diff["before"] = managed_view(service)
        if service.get("deployment_state") == "Failed":
            if not params.get("recreate_failed"):
                raise _failed(service, changed=False)
            if check_mode:
                return dict(changed=True, outcome="would_recreate", service=service, request=masked, drift=[],
                            diff=diff)
            delete_service(client, service, params, clock)
            service, recreated = None, True
        elif service.get("deployment_state") not in FINAL_STATES and params.get("wait", True) and not check_mode:
            service = wait_for_deployment(client, service, params, clock)
            if service["deployment_state"] == "Failed":
                raise _failed(service, changed=False)
    if service is not None:
        drift = detect_drift(service, params, refs)
        result = dict(changed=False, outcome="drifted" if drift else "unchanged", service=service, drift=drift,
                      diff=diff)
        if drift:
            result["warnings"] = [_drift_warning(service["short_name"], drift)]
        return result
    if check_mode:
        return dict(changed=True, outcome="would_create", service=None, request=masked, drift=[], diff=diff)
    service, created_here = create_once(client, body, clock)
    if params.get("wait", True):
        # The create answer lacks the full name and the sites' SBCs: read the whole record once.
        service = read_service(client, service["id"]) or service
        service = wait_for_deployment(client, service, params, clock)
        if service["deployment_state"] == "Failed":
            raise _failed(service, changed=created_here)
    outcome = "recreated" if recreated else ("created" if created_here else "unchanged")
    return dict(changed=created_here or recreated, outcome=outcome, service=service, request=masked,
                drift=[], diff=diff)


def delete_service(client, service, params, clock=Clock):
    try:
        client.delete("{0}/{1}".format(V2_CUSTOMERS, service["id"]))
    except NotFoundError:
        return  # removed meanwhile, e.g. by a retried request whose first answer was lost
    if params.get("wait", True):
        wait_for_removal(client, service, params, clock)


def ensure_absent(client, params, check_mode=False, clock=Clock, known_catalog=None):
    check_service_input(dict(short_name=params.get("short_name"), state="absent"))
    service = find_existing(client, params)
    if service is not None:
        # Deleting needs no carrier password, so one quoted in the platform's free text could not be masked.
        service = dict(service, progress=[])
    diff = dict(before=managed_view(service), after=managed_view(None))
    if service is None:
        return dict(changed=False, outcome="absent", service=None, drift=[], diff=diff)
    if not check_mode:
        delete_service(client, service, params, clock)
    return dict(changed=True, outcome="would_delete" if check_mode else "deleted", service=service, drift=[],
                diff=diff)


def ensure(client, params, check_mode=False, clock=Clock, known_catalog=None):
    if params.get("state", "present") == "absent":
        return ensure_absent(client, params, check_mode, clock, known_catalog)
    return ensure_present(client, params, check_mode, clock, known_catalog)


def service_info(client, params, check_mode=False):
    """Read-only: all services with their sites, or one by id or short name."""
    if params.get("id"):
        found = read_service(client, params["id"])
        return dict(changed=False, services=[found] if found else [])
    if params.get("short_name"):
        found = lookup(client, params["short_name"])
        return dict(changed=False, services=[found] if found else [])
    items = client.get(V3_CUSTOMERS, params=dict(allDetails="true")) or []
    return dict(changed=False, services=[service_record(item) for item in items])
