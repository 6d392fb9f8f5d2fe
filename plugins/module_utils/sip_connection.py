# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""SIP connections (site locations) of a service: find by service and site name, add once, modify what the
documented Modify SIP Connection call changes, report the rest as drift, delete (guarding the first and last one).

Plain functions over a client, like service.py, whose lookups, references and waits they share.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.audiocodes.live_platform.plugins.module_utils import catalog, service_api, site_api
from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import (
    ApiError, InputError, LivePlatformError, TransportError, WaitTimeout,
)
from ansible_collections.audiocodes.live_platform.plugins.module_utils.options import site_modify_fields
from ansible_collections.audiocodes.live_platform.plugins.module_utils.records import (
    DEPLOYED, FAILED, FINAL_STATES, field,
)
from ansible_collections.audiocodes.live_platform.plugins.module_utils.redaction import redact
from ansible_collections.audiocodes.live_platform.plugins.module_utils.service import (
    AMBIGUOUS_STATUSES, Catalog, Clock, DeploymentFailed, compose_script_parameters, find_existing,
    resolve_references, wait_for_task,
)
from ansible_collections.audiocodes.live_platform.plugins.module_utils.service_api import read_service
from ansible_collections.audiocodes.live_platform.plugins.module_utils.validation import (
    CUSTOM_VAR_KEY, check_site_input,
)

MODIFY_FIELDS = site_modify_fields()
PASSWORD = "carrier_user_password"
# What an existing SIP connection cannot change (no documented call): compared with the read, reported as drift.
DRIFT_FIELDS = ("sbc_id", "onboarding_script_id", "cleanup_script_id", "proxy_set", "online_pstn_gateway")
VIEW_FIELDS = ("site_name", "sbc_id") + tuple(name for name, _key in MODIFY_FIELDS) + ("deployment_state",)
# --diff shows the carrier password only as whether it is set and whether it changes, under a key of its own (the
# value under the option's own name would be masked whole, and the diff would hide the rotation).
PASSWORD_VIEW, PASSWORD_SET, PASSWORD_CHANGED = "carrier_password", "set", "changed"


class ServiceMissing(LivePlatformError):
    """The service a SIP connection belongs to does not exist."""


# --- finding a SIP connection -----------------------------------------------------------------------------------
def same_name(a, b):
    return a is not None and b is not None and str(a).strip().lower() == str(b).strip().lower()


def find_service(client, params, purpose):
    """(the service of params, given by service_id or by short name and tenant, or None; warnings)."""
    if params.get("service_id"):
        found = read_service(client, params["service_id"])
        if found is not None and params.get("short_name") and \
                not same_name(found.get("short_name"), params["short_name"]):
            raise InputError("service_id", "is service '{0}', not '{1}' (short_name): give one of them".format(
                found.get("short_name"), params["short_name"]))
        return found, []
    return find_existing(client, dict(short_name=params["short_name"], ms_tenant_id=params.get("ms_tenant_id")),
                         purpose=purpose)


def named_sites(client, service):
    """The service's sites, each with its name: a list that gives ids only is completed by reading each site, and a
    service whose reads list no site is tried as its own site (two pages say a single-site service's site id is its
    service id; the primary document's example shows two ids, API §7)."""
    sites = [dict(site) for site in service.get("site_locations") or [] if site.get("id")]
    for site in sites:
        if site.get("name") is None:
            detail = site_api.read_site(client, site["id"])
            site["name"] = detail["name"] if detail else None
    if not sites:
        detail = site_api.read_site(client, service["id"])
        if detail is not None:
            sites = [dict(id=detail["id"] or service["id"], name=detail["name"], sbc_id=detail["sbc_id"],
                          deployment_state=detail["deployment_state"])]
    return sites


def locate(client, params, purpose="manage"):
    """(service, site, warnings): the service of params (LivePlatformError when it does not exist) and its SIP
    connection named params' site_name (None when it has none of that name), the site as the documented read gives
    it (site_api.site_detail_record); the service carries every site, named, in the platform's order."""
    service, warnings = find_service(client, params, purpose)
    if service is None:
        raise ServiceMissing("no service {0} exists on the platform: create it first (hosted_essentials_service)"
                             "; nothing was done".format(_service_text(params)), outcome="failed")
    return locate_on(client, service, params["site_name"]) + (warnings,)


def locate_on(client, service, site_name):
    """(service with its named sites, its site of that name as the documented read gives it, or None)."""
    sites = named_sites(client, service)
    service = dict(service, site_locations=sites)
    mine = [site for site in sites if same_name(site.get("name"), site_name)]
    detail = site_api.read_site(client, mine[0]["id"]) if mine else None
    if detail is None:  # none of that name, or listed a moment ago and deleted meanwhile
        return service, None
    return service, dict(detail, id=detail["id"] or mine[0]["id"], name=detail["name"] or mine[0]["name"])


def _service_text(params):
    if params.get("service_id"):
        return "with id {0}".format(params["service_id"])
    tenant = params.get("ms_tenant_id")
    return "'{0}'{1}".format(params["short_name"], " in tenant {0}".format(tenant) if tenant else "")


# --- views -----------------------------------------------------------------------------------------------------
def site_view(site):
    """The readable fields of a SIP connection, as --diff shows them; the password as whether it is set."""
    if site is None:
        return dict(state="absent")
    view = dict(state="present")
    for name in VIEW_FIELDS:
        key = "name" if name == "site_name" else name
        if name == PASSWORD:
            view[PASSWORD_VIEW] = PASSWORD_SET if site.get("_carrier_user_password") else None
        elif site.get(key) is not None:
            view[name] = site.get(key)
    return view


def _desired_view(params, current, changes):
    view = site_view(current) if current else dict(state="present", site_name=params["site_name"])
    for name, _key in MODIFY_FIELDS:
        if name == PASSWORD and params.get(name) is not None:
            view[PASSWORD_VIEW] = PASSWORD_CHANGED if name in changes else PASSWORD_SET
        elif params.get(name) is not None:
            view[name] = params[name]
    if current is None and params.get("sbc_id") is not None:
        view["sbc_id"] = params["sbc_id"]
    view["deployment_state"] = DEPLOYED
    return view


# --- adding -------------------------------------------------------------------------------------------------------
def compose_add_body(params, refs):
    """The documented Add SIP Connection body (API §3)."""
    body = dict(siteLocationName=params["site_name"], ovocCustomerType=params.get("ovoc_customer_type") or
                "IPGROUP_TYPE", sbcId=refs["sbc"]["id"], sbcOnboardingScript=refs["onboarding"]["id"],
                sbcCleanupScript=refs["cleanup"]["id"])
    parameters = compose_script_parameters(params, refs)
    if parameters:
        body["scriptParameters"] = parameters
    return body


def _added_site_id(answer):
    """The new site's id when the (undocumented) answer names it: ``{"id": ...}`` or a bare guid."""
    if isinstance(answer, dict):
        value = field(answer, "id", "siteId", "siteLocationId", "sbcSiteGuid")
        return str(value) if value else None
    return None


def add_once(client, service, params, body, clock=Clock):
    """POST the site so that no run, and no two runs at once, leave two sites of one name. Returns the site."""
    attempt = 0
    while True:
        try:
            answer = site_api.add_site(client, service["id"], body)
            break
        except (ApiError, TransportError) as exc:
            # A refusal or a lost answer: the site may exist now (ours or another run's). Look before sending again.
            _service, site, _warnings = locate(client, dict(params, service_id=service["id"]))
            if site is not None:
                return site
            if isinstance(exc, ApiError) and exc.status not in AMBIGUOUS_STATUSES:
                raise
            if attempt >= client.retries:
                raise
        client.backoff(attempt)
        attempt += 1
    task_id = service_api.task_id_of(answer)
    if task_id and params.get("wait", True):
        wait_for_task(client, task_id, params["site_name"], params, clock)
    return _appeared(client, service, params, _added_site_id(answer), clock)


def _appeared(client, service, params, site_id, clock):
    """The added site: read by the id the answer gave, else looked up by name until it is listed. When two runs
    added the same name at once, the one listed first stays and this run deletes its own, so one remains."""
    deadline = clock.monotonic() + params.get("wait_timeout", 600)
    while True:
        found, site, _warnings = locate(client, dict(params, service_id=service["id"]))
        if site is not None:
            break
        if clock.monotonic() >= deadline:
            raise LivePlatformError(
                "the platform accepted SIP connection '{0}' of service '{1}' but does not list it after {2} s. It was"
                " not sent again: the next run finds it once the platform lists it".format(
                    params["site_name"], service.get("short_name"), params.get("wait_timeout", 600)),
                changed=True, outcome="failed")
        clock.sleep(params.get("poll_interval", 5))
    same = [s for s in found["site_locations"] if same_name(s.get("name"), params["site_name"])]
    if site_id and len(same) > 1 and same[0]["id"] != site_id and any(s["id"] == site_id for s in same):
        remove_site(client, dict(id=site_id, name=params["site_name"]), params, clock)
        return dict(site, _duplicate_removed=True)
    if site_id and site["id"] != site_id:
        site = site_api.read_site(client, site_id) or site
    return site


# --- waiting ------------------------------------------------------------------------------------------------------
def wait_for_site(client, site, params, clock=Clock):
    """Poll the site's documented read until its SBC deployment reaches a final state; Failed fails."""
    deadline = clock.monotonic() + params.get("wait_timeout", 600)
    while params.get("wait", True) and site.get("deployment_state") not in FINAL_STATES + (None,):
        if clock.monotonic() >= deadline:
            raise WaitTimeout("SIP connection '{0}' is still {1!r} after {2} s (wait_timeout)".format(
                site["name"], site.get("deployment_state"), params.get("wait_timeout", 600)))
        clock.sleep(params.get("poll_interval", 5))
        fresh = site_api.read_site(client, site["id"])
        if fresh is None:
            raise LivePlatformError("SIP connection '{0}' disappeared while its deployment ran".format(site["name"]))
        site = dict(fresh, id=fresh["id"] or site["id"], name=fresh["name"] or site["name"])
    if site.get("deployment_state") == FAILED:
        raise DeploymentFailed("SIP connection '{0}': the SBC deployment failed; see the platform's task of the site"
                               " ({1})".format(site["name"], ", ".join(site.get("pending_tasks") or []) or "none"),
                               changed=True, outcome="failed", site=site_api.public_site(site))
    return site


def wait_until_gone(client, site, params, clock=Clock):
    deadline = clock.monotonic() + params.get("wait_timeout", 600)
    while site_api.read_site(client, site["id"]) is not None:
        if clock.monotonic() >= deadline:
            raise WaitTimeout("SIP connection '{0}' still exists {1} s after its deletion (wait_timeout)".format(
                site["name"], params.get("wait_timeout", 600)))
        clock.sleep(params.get("poll_interval", 5))


# --- modifying ----------------------------------------------------------------------------------------------------
def modify_changes(site, params, warnings):
    """The modifiable options whose desired value differs from the site's read; the password compared unseen."""
    changes = []
    for name, _key in MODIFY_FIELDS:
        desired = params.get(name)
        if desired is None:
            continue
        if name == PASSWORD:
            current = site.get("_carrier_user_password")
            if params.get("update_carrier_password") == "always" or (current is not None and current != desired):
                changes.append(name)
            elif current is None:
                warnings.append("the platform's read of SIP connection '{0}' does not show the carrier password, so it"
                                " cannot be compared and was not sent: set update_carrier_password=always to send"
                                " it".format(site["name"]))
        elif site.get(name) != desired:
            changes.append(name)
    return changes


def compose_modify_body(site, params, changes):
    """The Modify SIP Connection body (API §7): the site by sbcSiteGuid, and every modifiable field at its desired or
    current value, since the call's flags have defaults that would otherwise reset them."""
    body = dict(sbcSiteGuid=site["id"], sbcId=site.get("sbc_id"), sbcSiteName=site.get("name"), flagConfigureSbc=True)
    for name, key in MODIFY_FIELDS:
        if name == PASSWORD:
            value = params.get(name) if name in changes else site.get("_carrier_user_password")
        else:
            value = params.get(name) if params.get(name) is not None else site.get(name)
        if value is not None:
            body[key] = value
    return dict((key, value) for key, value in body.items() if value is not None)


def detect_drift(client, site, params, known_catalog):
    """What differs and no documented call changes: SBC, scripts, proxy set, gateway, customer variables."""
    desired = dict(proxy_set=params.get("proxy_set"), online_pstn_gateway=params.get("online_pstn_gateway"))
    if params.get("sbc") is not None:
        desired["sbc_id"] = catalog.find_by_name_or_id(known_catalog.sbcs(), "sbc", params["sbc"], None, "SBC")["id"]
    else:
        desired["sbc_id"] = params.get("sbc_id")
    for kind in ("onboarding", "cleanup"):
        name, given_id = params.get(kind + "_script"), params.get(kind + "_script_id")
        if name is not None:
            given_id = catalog.find_by_name_or_id(known_catalog.templates(), kind + "_script", name, None,
                                                  "SBC script")["id"]
        desired[kind + "_script_id"] = given_id
    drift = [dict(field=name, actual=site.get(name), desired=desired[name]) for name in DRIFT_FIELDS
             if desired.get(name) is not None and site.get(name) is not None and site.get(name) != desired[name]]
    return drift + _variables_drift(site, params.get("custom_variables") or {}, known_catalog)


def _variables_drift(site, desired, known_catalog):
    """The customer variables that differ. The read may key them by name or as CustomVar.Variable<N> (API §7), and
    so may the options: when the two differ, the site's onboarding script's variable order (the script templates)
    maps names to positions; without it, only the keys both sides spell alike are compared."""
    current = site.get("custom_variables") or {}
    order = []
    if any(key not in current for key in desired):
        try:
            script = [t for t in known_catalog.templates() if t["id"] == site.get("onboarding_script_id")]
            order = [str(name).lower() for name in (script[0]["customer_variables"] or [])] if script else []
        except LivePlatformError:
            order = []  # no catalogue: compare what can be compared

    def raw(key):
        if CUSTOM_VAR_KEY.match(key):
            return key
        return "CustomVar.Variable{0}".format(order.index(key.lower()) + 1) if key.lower() in order else key

    by_raw = dict((raw(key), value) for key, value in current.items())
    drift = []
    for name, value in sorted(desired.items()):
        actual = current[name] if name in current else by_raw.get(raw(name))
        if actual is not None and actual != value:
            drift.append(dict(field="custom_variables.{0}".format(name), actual=actual, desired=value))
    return drift


def _drift_warning(name, drift):
    parts = ["{0} is {1!r} on the platform, {2!r} desired".format(d["field"], d["actual"], d["desired"])
             for d in drift]
    return ("SIP connection '{0}' differs from the desired state: {1}. The platform has no call to change it: delete"
            " the SIP connection and add it again, or change it in the portal.".format(name, "; ".join(parts)))


# --- desired state ------------------------------------------------------------------------------------------------
def _result(changed, outcome, service, site, diff, warnings, **extra):
    result = dict(changed=changed, outcome=outcome, diff=diff, warnings=warnings,
                  service=dict(id=service["id"], short_name=service.get("short_name"),
                               ms_tenant_id=service.get("ms_tenant_id")) if service else None,
                  site=site_api.public_site(site) if site else None)
    result.update(extra)
    return result


def _located(client, params, service, purpose):
    """locate(), or, for a caller that has the service already (a customer's further sites), its site alone."""
    if service is None:
        return locate(client, params, purpose)
    return locate_on(client, service, params["site_name"]) + ([],)


def ensure_present(client, params, check_mode=False, clock=Clock, known_catalog=None, service=None):
    check_site_input(params)
    client.add_secret(params.get(PASSWORD))
    known_catalog = known_catalog or Catalog(client, params.get("catalogue"))
    try:
        service, site, warnings = _located(client, params, service, "manage")
    except ServiceMissing as exc:
        if not check_mode:
            raise
        # In check mode an earlier task may only have predicted the service: predict the SIP connection as well.
        check_site_input(params, adding=True)
        return _result(True, "would_create", None, None, dict(before=site_view(None), after=_desired_view(
            params, None, [])), [exc.msg.replace("; nothing was done", "") + " (check mode: it would be added"
                                 " once the service exists)"], drift=[], changes=[])
    if site is None:
        return _add(client, service, params, check_mode, clock, known_catalog, warnings)
    if site.get("deployment_state") == FAILED:
        raise DeploymentFailed("SIP connection '{0}' of service '{1}' is in the Failed deployment state: delete it"
                               " (state=absent) and add it again".format(site["name"], service.get("short_name")),
                               outcome="failed", site=site_api.public_site(site))
    if params.get("sbc") is not None and params.get("cac_profile") is not None:
        # With the SBC list read for the name, the CAC profile is checked against the SBC the site is on (which no
        # call changes): a value it does not offer would fail on the platform.
        sbcs = known_catalog.sbcs()
        sbc = [s for s in sbcs if s["id"] == site.get("sbc_id")] or [
            catalog.find_by_name_or_id(sbcs, "sbc", params["sbc"], None, "SBC")]
        catalog.check_choice(params["cac_profile"], sbc[0]["cac_profiles"], "cac_profile", sbc[0])
    if not check_mode:
        site = wait_for_site(client, site, params, clock)
    changes = modify_changes(site, params, warnings)
    drift = detect_drift(client, site, params, known_catalog)
    if drift:
        warnings.append(_drift_warning(site["name"], drift))
    diff = dict(before=site_view(site), after=_desired_view(params, site, changes))
    if not changes:
        return _result(False, "drifted" if drift else "unchanged", service, site, diff, warnings, drift=drift,
                       changes=[])
    body = compose_modify_body(site, params, changes)
    if check_mode:
        return _result(True, "would_update", service, site, diff, warnings, drift=drift, changes=changes,
                       request=redact(body))
    answer = site_api.modify_site(client, service["id"], body)
    task_id = service_api.task_id_of(answer)
    if task_id and params.get("wait", True):
        wait_for_task(client, task_id, site["name"], params, clock)
    site = wait_for_site(client, site_api.read_site(client, site["id"]) or site, params, clock)
    return _result(True, "updated", service, site, diff, warnings, drift=drift, changes=changes, request=redact(body))


def _add(client, service, params, check_mode, clock, known_catalog, warnings):
    check_site_input(params, adding=True)
    refs = resolve_references(client, params, known_catalog)
    body = compose_add_body(params, refs)
    diff = dict(before=site_view(None), after=_desired_view(params, None, []))
    diff["after"]["sbc_id"] = refs["sbc"]["id"]
    if check_mode:
        return _result(True, "would_create", service, None, diff, warnings, drift=[], changes=[],
                       request=redact(body))
    site = add_once(client, service, params, body, clock)
    duplicate = site.pop("_duplicate_removed", False)
    site = wait_for_site(client, site, params, clock)
    return _result(not duplicate, "unchanged" if duplicate else "created", service, site, diff, warnings, drift=[],
                   changes=[], request=redact(body))


def _protected(service, site):
    sites = service.get("site_locations") or []
    if len(sites) <= 1:
        return "the service's only SIP connection"
    if sites[0]["id"] == site["id"]:
        return "the service's first listed SIP connection (the one it was created with, unless that was deleted)"
    return None


def remove_site(client, site, params, clock=Clock):
    answer = site_api.delete_site(client, site["id"])
    if answer is None:
        return  # gone meanwhile
    task_id = field(answer, "sbcCleanupTaskId") if isinstance(answer, dict) else service_api.task_id_of(answer)
    if params.get("wait", True):
        if task_id and str(task_id) != "tsk_0":
            wait_for_task(client, str(task_id), site["name"], params, clock)
        wait_until_gone(client, site, params, clock)


def ensure_absent(client, params, check_mode=False, clock=Clock, known_catalog=None, service=None):
    check_site_input(params)
    try:
        service, site, warnings = _located(client, params, service, "delete")
    except ServiceMissing:
        return _result(False, "absent", None, None, dict(before=site_view(None), after=site_view(None)), [])
    diff = dict(before=site_view(site), after=site_view(None))
    if site is None:
        return _result(False, "absent", service, None, diff, warnings)
    guard = _protected(service, site)
    if guard and not params.get("force"):
        raise InputError("site_name", "'{0}' is {1}; delete the service instead (hosted_essentials_service"
                                      " state=absent), or set force=true; nothing was deleted".format(site["name"],
                                                                                                      guard))
    if not check_mode:
        remove_site(client, site, params, clock)
    return _result(True, "would_delete" if check_mode else "deleted", service, site, diff, warnings)


def ensure(client, params, check_mode=False, clock=Clock, known_catalog=None, service=None):
    """The SIP connection of params as desired (state present or absent); its result for the module.

    service: the service record when the caller has it (a customer's further sites): it is not looked up again.
    """
    if params.get("state", "present") == "absent":
        return ensure_absent(client, params, check_mode, clock, known_catalog, service)
    return ensure_present(client, params, check_mode, clock, known_catalog, service)


def sip_connection_info(client, params, check_mode=False):
    """Read-only: the SIP connections of a service (or the one named site_name), each from its documented read."""
    service, warnings = find_service(client, params, "read")
    if service is None:
        return dict(changed=False, service=None, sip_connections=[], warnings=warnings)
    sites = []
    for listed in named_sites(client, service):
        if params.get("site_name") and not same_name(listed.get("name"), params["site_name"]):
            continue
        detail = site_api.read_site(client, listed["id"])
        if detail is not None:
            sites.append(site_api.public_site(dict(detail, id=detail["id"] or listed["id"],
                                                   name=detail["name"] or listed["name"])))
    return dict(changed=False, service=dict(id=service["id"], short_name=service.get("short_name"),
                                            ms_tenant_id=service.get("ms_tenant_id")),
                sip_connections=sites, warnings=warnings)
