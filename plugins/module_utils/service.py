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

from ansible_collections.audiocodes.live_platform.plugins.module_utils import catalog, service_api
from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import (
    ApiError, InputError, LivePlatformError, NotFoundError, TransportError, WaitTimeout,
)
from ansible_collections.audiocodes.live_platform.plugins.module_utils.redaction import redact
from ansible_collections.audiocodes.live_platform.plugins.module_utils.options import (
    LICENSE_TYPES, SETTABLE_LICENSE_TYPES, script_parameters,
)
from ansible_collections.audiocodes.live_platform.plugins.module_utils.records import (
    DEPLOYED, FAILED, FINAL_STATES, IN_PROGRESS, LICENSE_NAMES, field, license_name, service_record, shape_of,
    state_name,
)
from ansible_collections.audiocodes.live_platform.plugins.module_utils.service_api import (
    ServiceIndex, read_service, same_tenant,
)
from ansible_collections.audiocodes.live_platform.plugins.module_utils.validation import (
    CUSTOM_VAR_KEY, check_service_input,
)

# Statuses after which a create may or may not have been applied: look before sending it again.
AMBIGUOUS_STATUSES = (500, 502, 503, 504)
# (option, scriptParameters key): ``script_parameter`` in options.SERVICE_OPTIONS.
SCRIPT_PARAMETERS = script_parameters()
NO_STATE_WARNING = ("the platform reports no deployment state for service '{0}', so its SBC deployment could not be"
                    " waited for: check it in the portal (the probe, audiocodes.live_platform.probe, shows what the"
                    " platform reports)")


class DeploymentFailed(LivePlatformError):
    """The platform reports the service's SBC deployment as failed."""


class Clock(object):
    """Time as the waits see it; tests pass a fake one."""

    monotonic = staticmethod(time.monotonic)
    sleep = staticmethod(time.sleep)


# --- finding a service ------------------------------------------------------------------------------------
def _tenant_text(service):
    return service.get("ms_tenant_id") or "a tenant the platform does not name"


def _with_tenant(client, service, tenant):
    """The service with its tenant: the single read may give it when the list did not."""
    if not tenant or service.get("ms_tenant_id"):
        return service
    return read_service(client, service["id"]) or service


def _fresh(client, listed):
    # A service the list shows deployed is taken as it is; any other is read, for its current state and errors.
    if listed.get("deployment_state") == DEPLOYED and listed.get("site_locations"):
        return listed
    return read_service(client, listed["id"]) or listed


def pick_service(client, candidates, short_name, tenant, purpose):
    """The one service among those of a short name that is (short name, tenant); None when there is none.

    tenant None: the short name alone, refused (InputError) when several tenants hold it, since a short name is
    unique only per M365 tenant. A service whose tenant the platform does not give matches with a warning.
    """
    if not candidates:
        return None, []
    if tenant:
        candidates = [_with_tenant(client, service, tenant) for service in candidates]
        mine = [s for s in candidates if same_tenant(s, tenant)]
        unknown = [s for s in candidates if same_tenant(s, tenant) is None]
        if len(mine) + len(unknown) > 1:
            raise LivePlatformError("{0} services named '{1}' may belong to tenant {2}: {3}; nothing was done".format(
                len(mine) + len(unknown), short_name, tenant, ", ".join(s["id"] for s in mine + unknown)),
                outcome="failed")
        if mine:
            return mine[0], []
        if unknown:
            return unknown[0], ["the platform does not give the tenant of service '{0}' ({1}), so it is taken as"
                                " tenant {2}'s by its short name alone".format(short_name, unknown[0]["id"], tenant)]
        return None, []
    if len(candidates) > 1:
        raise InputError("ms_tenant_id", "is needed to {0} '{1}': {2} services of that short name exist, in tenants"
                         " {3}; nothing was done".format(purpose, short_name, len(candidates),
                                                         ", ".join(_tenant_text(s) for s in candidates)))
    return candidates[0], []


def find_existing(client, params, index=None, purpose="manage"):
    """(the service that is params' (short name, tenant) or None, warnings).

    index: a ServiceIndex the caller built from one list for many services; without it, one list is read.
    The module's own shortcuts for a caller that listed the services once per run: ``service_id`` (read directly,
    used when it is this short name and tenant) and ``skip_lookup`` (known absent a moment ago). Skipping the list
    stays race-safe: a service created meanwhile makes the platform refuse the duplicate, and create_once then
    reports that service.
    """
    short_name, tenant = params["short_name"], params.get("ms_tenant_id")
    if index is None and params.get("service_id"):
        found = read_service(client, params["service_id"])
        if found is not None and str(found.get("short_name", "")).lower() == short_name.lower() and \
                same_tenant(found, tenant) is not False:
            return found, []
    elif index is None and params.get("skip_lookup"):
        return None, []
    if index is None:
        index = ServiceIndex.fetch(client)
    found, warnings = pick_service(client, index.named(short_name), short_name, tenant, purpose)
    return (_fresh(client, found) if found else None), warnings


def lookup(client, short_name, tenant=None):
    """The service that is (short name, tenant), read afresh from one new list; None when there is none."""
    return find_existing(client, dict(short_name=short_name, ms_tenant_id=tenant))[0]


# --- the create request ---------------------------------------------------------------------------------
class Catalog(object):
    """The catalogues (SBCs, SBC script templates) read once per run, however many services it composes.

    Read only when a name has to be resolved: ids and raw CustomVar.Variable<N> keys need neither catalogue.
    given: the module's ``catalogue`` option (what a session task read once for a whole run): not read again.
    """

    def __init__(self, client, given=None):
        self._client = client
        self._lock = threading.Lock()
        given = catalog.given_catalogue(given)
        self._sbcs = given.get("sbcs")
        self._templates = given.get("script_templates")

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


def _given_id(option, value):
    return dict(id=value, name=None, customer_variables=None, related_scripts=[], cac_profiles=[], proxy_sets=[],
                given_as=option)


def _needs_templates(params):
    named_variables = [name for name in params.get("custom_variables") or {} if not CUSTOM_VAR_KEY.match(name)]
    no_cleanup = params.get("cleanup_script") is None and params.get("cleanup_script_id") is None
    return bool(params.get("onboarding_script") is not None or params.get("cleanup_script") is not None
                or no_cleanup or named_variables)


def _onboarding_script(params, templates):
    if params.get("onboarding_script") is not None:
        return catalog.find_by_name_or_id(templates, "onboarding_script", params["onboarding_script"], None,
                                          "SBC script")
    for template in templates or []:
        if template["id"] == params["onboarding_script_id"]:
            return template
    if templates is not None:
        raise InputError("onboarding_script_id", "no SBC script with id {0} in GET {1}, whose related cleanup script"
                         " or customer variables are needed; give cleanup_script_id and custom_variables as"
                         " CustomVar.Variable<N>".format(params["onboarding_script_id"],
                                                         catalog.SCRIPT_TEMPLATES_PATH))
    return _given_id("onboarding_script_id", params["onboarding_script_id"])


def resolve_references(client, params, known_catalog=None):
    """SBC, scripts and customer-variable names → the ids the platform wants. Reads only, and only what names need."""
    known_catalog = known_catalog or Catalog(client, params.get("catalogue"))
    if params.get("sbc") is not None:
        sbc = catalog.find_by_name_or_id(known_catalog.sbcs(), "sbc", params["sbc"], None, "SBC")
        # The SBC lists its CAC profiles and proxy sets: a value it does not offer would fail on the platform.
        catalog.check_choice(params.get("cac_profile"), sbc["cac_profiles"], "cac_profile", sbc)
        catalog.check_choice(params.get("proxy_set"), sbc["proxy_sets"], "proxy_set", sbc)
    else:
        sbc = _given_id("sbc_id", params["sbc_id"])  # the documented path reads no catalogue
    templates = known_catalog.templates() if _needs_templates(params) else None
    onboarding = _onboarding_script(params, templates)
    if params.get("cleanup_script_id") is not None:
        cleanup = _given_id("cleanup_script_id", params["cleanup_script_id"])
    else:
        cleanup = catalog.cleanup_script_for(onboarding, templates, params.get("cleanup_script"))
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
        # The field table says string, the create example sends an integer: sent as the example does.
        body["lcCustomerId"] = int(params["lc_customer_id"])
    body["ovocCustomerType"] = params.get("ovoc_customer_type") or "IPGROUP_TYPE"
    body["msTenantId"] = params["ms_tenant_id"]
    if params.get("channel_id"):
        body["channelId"] = str(params["channel_id"])
    parameters = compose_script_parameters(params, refs)
    if parameters:
        body["scriptParameters"] = parameters
    return body


def compose_script_parameters(params, refs):
    """``scriptParameters`` of a create or an added SIP connection: the named options, the customer variables (as
    CustomVar.Variable<N>), then the extra parameters."""
    parameters = dict((key, params[option]) for option, key in SCRIPT_PARAMETERS if params.get(option) is not None)
    parameters.update(refs["custom_variables"])
    for key, value in (params.get("extra_script_parameters") or {}).items():
        parameters[key] = str(value)
    return parameters


def is_duplicate(error):
    if not isinstance(error, ApiError) or error.status not in (400, 409):
        return False
    if str(error.error_code or "").lower() == "duplicateshortname":
        return True
    text = error.msg.lower()
    return "shortname" in text.replace(" ", "").replace("_", "") and ("exist" in text or "unique" in text)


def create_once(client, body, params=None, clock=Clock):
    """POST the create request so that no run, and no two runs at once, make two services.

    Returns (service, created_here). A refused duplicate means another run created it; a lost answer
    (dropped connection, timeout, 5xx) is followed by a lookup before the request is ever sent again.
    Whatever the answer's shape (the documented record, an echo of the body, a task id), it is never sent twice.
    """
    params = params or {}
    short_name, tenant = body["shortName"], body.get("msTenantId")
    attempt = 0
    while True:
        try:
            answer = service_api.create_service(client, body)
            break
        except (ApiError, TransportError) as exc:
            if is_duplicate(exc):
                found = lookup(client, short_name, tenant)
                if found is None:
                    raise _refused_duplicate(client, exc, short_name, tenant)
                return found, False
            if isinstance(exc, ApiError) and exc.status not in AMBIGUOUS_STATUSES:
                raise
            found = lookup(client, short_name, tenant)
            if found is not None:
                return found, True  # our request was applied although its answer was lost
            if attempt >= client.retries:
                raise
        client.backoff(attempt)
        attempt += 1
    return created_service(client, answer, body, params, clock), True


def _refused_duplicate(client, error, short_name, tenant):
    others = [s for s in ServiceIndex.fetch(client).named(short_name) if same_tenant(s, tenant) is False]
    if not others:
        return error
    holders = ", ".join(_tenant_text(s) for s in others)
    return LivePlatformError(
        "the platform refused to create '{0}' for tenant {1} as a duplicate: a service of that short name exists in"
        " tenant(s) {2}. This platform keeps short names unique across tenants, although the documentation says per"
        " tenant; choose another short name ({3})".format(short_name, tenant, holders, error.msg),
        status=getattr(error, "status", None), outcome="failed")


def created_service(client, answer, body, params, clock=Clock):
    """The service a create made, whatever the answer's shape: the documented record carries its id; a task id is
    followed on the task endpoint; an echo of the body (the primary document's second example) or a text is followed
    by lookups until the service shows in the list."""
    record = service_record(answer) if isinstance(answer, dict) else None
    if record and record["id"]:
        return record
    task_id = service_api.task_id_of(answer)
    if task_id and params.get("wait", True):
        service_id = wait_for_task(client, task_id, body["shortName"], params, clock)
        found = read_service(client, service_id) if service_id else None
        if found is not None:
            return found
    return wait_to_appear(client, body, shape_of(answer), params, clock)


def wait_for_task(client, task_id, short_name, params, clock=Clock):
    """Poll the documented task until it ends; the service's id from its outputData (None when it gives none)."""
    deadline = clock.monotonic() + params.get("wait_timeout", 600)
    while True:
        try:
            task = service_api.read_task(client, task_id)
        except NotFoundError:
            return None  # a platform without this task: the list will tell
        state = state_name(field(task, "status", "state"))
        if state == FAILED:
            entries = field(task, "executionMessages", default=[]) or []
            messages = "; ".join(str(field(m, "message", default="")) for m in entries if m)
            raise DeploymentFailed("service '{0}': task {1} ended {2}: {3}".format(
                short_name, task_id, field(task, "status"), messages or "the task gave no message"),
                changed=True, outcome="failed")
        if state == DEPLOYED:
            return field(field(task, "outputData", default={}), "umpCustomerGuid", "customerGuid", "id")
        if clock.monotonic() >= deadline:
            return None
        clock.sleep(params.get("poll_interval", 5))


def wait_to_appear(client, body, shape, params, clock=Clock):
    short_name, tenant = body["shortName"], body.get("msTenantId")
    deadline = clock.monotonic() + (params.get("wait_timeout", 600) if params.get("wait", True) else 0)
    while True:
        found = lookup(client, short_name, tenant)
        if found is not None:
            return found
        if clock.monotonic() >= deadline:
            raise LivePlatformError(
                "the platform accepted the create of service '{0}' (it answered with {1}, no service id) but the"
                " service is not in GET {2} after {3} s. The create was not sent again: the next run finds the"
                " service once the platform lists it".format(short_name, shape, service_api.V3_CUSTOMERS,
                                                             params.get("wait_timeout", 600)),
                changed=True, outcome="failed")
        clock.sleep(params.get("poll_interval", 5))


# --- waiting ---------------------------------------------------------------------------------------------
# One text for each way a wait ends badly, whoever waits: this polling, or a batch's board (watch.py).
def deployment_timeout(service, params):
    """The WaitTimeout of a deployment still running after wait_timeout."""
    state = service.get("deployment_state")
    known = state in (IN_PROGRESS,)
    return WaitTimeout("service '{0}' is still {1!r} after {2} s (wait_timeout){3}".format(
        service["short_name"], state, params.get("wait_timeout", 600),
        "" if known else ": a state the collection does not know; it reads Deployed/Ready as done and"
        " Failed/Error/CompletedWithErrors as failed"), service=service)


def disappeared(service):
    return LivePlatformError("service '{0}' disappeared while its deployment ran".format(service["short_name"]),
                             service=service)


def removal_timeout(service, params):
    return WaitTimeout("service '{0}' still exists {1} s after its deletion (wait_timeout)".format(
        service["short_name"], params.get("wait_timeout", 600)), service=service)


def wait_for_deployment(client, service, params, clock=Clock):
    """Poll until the service's deployment reaches a final state, or fail after wait_timeout.

    A service whose reads carry no state at all is returned as it is: there is nothing to wait on.
    """
    deadline = clock.monotonic() + params.get("wait_timeout", 600)
    while service.get("deployment_state") not in FINAL_STATES + (None,):
        if clock.monotonic() >= deadline:
            raise deployment_timeout(service, params)
        clock.sleep(params.get("poll_interval", 5))
        fresh = read_service(client, service["id"])
        if fresh is None:
            raise disappeared(service)
        service = fresh
    return service


def wait_for_removal(client, service, params, clock=Clock):
    deadline = clock.monotonic() + params.get("wait_timeout", 600)
    while service_api.service_exists(client, service["id"]):
        if clock.monotonic() >= deadline:
            raise removal_timeout(service, params)
        clock.sleep(params.get("poll_interval", 5))


# --- progress ------------------------------------------------------------------------------------------
# What ensure tells a caller's progress(name, event, detail) about a change while it runs (an action plugin shows it):
# STARTED when the create, recreate or delete is sent, with detail dict(action=...); ENDED when it reaches a final
# state, with detail dict(action=..., state=..., service_id=...), state one of the words below. Names, actions, states
# and ids only: never a value of the request.
STARTED, ENDED = "started", "ended"
ENDED_DEPLOYED, ENDED_DELETED, ENDED_FAILED, ENDED_TIMED_OUT = "deployed", "deleted", "failed", "timed out"
ENDED_NOT_WAITED, ENDED_NO_STATE = "not waited for", "no state reported"


class _Announced(object):
    """A change told to progress: STARTED on entering, ENDED once, with the state it reached or, when it raises,
    ENDED_TIMED_OUT or ENDED_FAILED. Without progress (the module, the unit tests) it tells nothing."""

    def __init__(self, progress, name, action):
        self._progress = progress
        self._name = name
        self._action = action
        self._ended = False

    def __enter__(self):
        if self._progress is not None:
            self._progress(self._name, STARTED, dict(action=self._action))
        return self

    def ended(self, state, service=None):
        if self._progress is not None and not self._ended:
            self._progress(self._name, ENDED, dict(action=self._action, state=state,
                                                   service_id=(service or {}).get("id")))
        self._ended = True

    def __exit__(self, kind, exc, traceback):
        if exc is not None:
            service = getattr(exc, "details", {}).get("service") if isinstance(exc, LivePlatformError) else None
            self.ended(ENDED_TIMED_OUT if isinstance(exc, WaitTimeout) else ENDED_FAILED, service)
        return False


def _end_state(service, params):
    if not params.get("wait", True):
        return ENDED_NOT_WAITED
    return ENDED_NO_STATE if service.get("deployment_state") is None else ENDED_DEPLOYED


# --- desired state ---------------------------------------------------------------------------------------
def managed_view(service):
    """The fields the API lets us read back, as shown in --diff."""
    if service is None:
        return dict(state="absent")
    sites = service.get("site_locations") or []
    return dict(state="present", short_name=service.get("short_name"), full_name=service.get("full_name"),
                ms_tenant_id=service.get("ms_tenant_id"), sbc_id=sites[0]["sbc_id"] if sites else None,
                license_type=license_name(service.get("license_type")),
                deployment_state=service.get("deployment_state"))


def desired_view(params, body):
    return dict(state="present", short_name=body["shortName"], full_name=body.get("fullName", body["shortName"]),
                ms_tenant_id=body["msTenantId"], sbc_id=body["siteLocation"]["sbcId"], deployment_state=DEPLOYED)


def detect_drift(service, params, refs):
    """What differs between the platform and the wish, for the fields the platform lets us read."""
    drift = []
    if params.get("full_name") and service.get("full_name") not in (None, params["full_name"]):
        drift.append(dict(field="full_name", actual=service.get("full_name"), desired=params["full_name"]))
    site_sbcs = [site["sbc_id"] for site in service.get("site_locations") or [] if site.get("sbc_id") is not None]
    if site_sbcs and refs["sbc"]["id"] not in site_sbcs:
        drift.append(dict(field="sbc_id", actual=site_sbcs[0], desired=refs["sbc"]["id"]))
    if service.get("deployment_state") not in (None, DEPLOYED):
        drift.append(dict(field="deployment_state", actual=service.get("deployment_state"), desired=DEPLOYED))
    return drift


def _drift_warning(short_name, drift):
    parts = ["{0} is {1!r} on the platform, {2!r} desired".format(d["field"], d["actual"], d["desired"])
             for d in drift]
    return ("service '{0}' differs from the desired state: {1}. The platform has no update call, so it was left"
            " as it is: change it in the portal, or delete and recreate the service.".format(short_name, "; ".join(parts)))


def _failed(service, changed):
    errors = [entry["message"] for entry in service.get("progress") or []
              if str(entry.get("level", "")).lower() in ("error", "critical", "fatal")]
    return DeploymentFailed("service '{0}' deployment failed: {1}".format(
        service["short_name"], service.get("error_details") or "; ".join(errors)
        or "the platform gave no errorDetails"), changed=changed, service=service, outcome="failed")


def _deployed(client, service, params, clock, changed, warnings, board=None):
    """Wait for the deployment when asked (on a batch's board, when given); fail at once on the platform's failure
    word."""
    if params.get("wait", True):
        service = wait_for_deployment(client, service, params, clock) if board is None else \
            board.wait_deployed(service, params)
    if service.get("deployment_state") == FAILED:
        raise _failed(service, changed)
    if service.get("deployment_state") is None and params.get("wait", True):
        warnings.append(NO_STATE_WARNING.format(service["short_name"]))
    return service


# --- the licence -------------------------------------------------------------------------------------------------
def license_change(service, params):
    """The licence number to set on the service, None when nothing is to change. Refuses (before any write) what the
    documented call cannot set."""
    desired = params.get("license_type")
    if desired is None or service is None:
        return None
    number = LICENSE_TYPES[desired]
    current = license_name(service.get("license_type"))
    if current == desired:
        return None
    if current is None:
        raise LivePlatformError("service '{0}': the platform's read gives no licence type, so license_type cannot be"
                                " compared; nothing was changed".format(service["short_name"]), outcome="failed")
    if number not in SETTABLE_LICENSE_TYPES:
        raise InputError("license_type", "service '{0}' has the licence {1}; the platform's licence change (PATCH {2})"
                                         " sets only {3}, so it cannot become {4}; nothing was changed".format(
                                             service["short_name"], current, service_api.service_path("{guid}", 3),
                                             ", ".join(LICENSE_NAMES[n] for n in SETTABLE_LICENSE_TYPES), desired))
    return number


def change_license(client, service, number):
    """Set the licence, trying the documented field names in turn (the example's, then the field table's): a refusal
    or an answer after which the read still shows the old licence tries the next one. The service, read again."""
    refusals = []
    for field_name in service_api.LICENSE_FIELDS:
        try:
            service_api.change_license(client, service["id"], field_name, number)
        except ApiError as exc:
            if exc.status != 400:
                raise
            refusals.append("{0}: {1}".format(field_name, exc.msg))
            continue
        fresh = read_service(client, service["id"]) or service
        if license_name(fresh.get("license_type")) == LICENSE_NAMES[number]:
            return fresh
        refusals.append("{0}: accepted, but the service still reads {1}".format(
            field_name, license_name(fresh.get("license_type"))))
    raise LivePlatformError("service '{0}': the platform did not change the licence to {1} ({2})".format(
        service["short_name"], LICENSE_NAMES[number], "; ".join(refusals)), outcome="failed", service=service)


def ensure_present(client, params, check_mode=False, clock=Clock, known_catalog=None, index=None, progress=None,
                   board=None):
    check_service_input(params)
    client.add_secret(params.get("carrier_user_password"))
    refs = resolve_references(client, params, known_catalog)
    body = compose_body(params, refs)
    masked = redact(body)
    diff = dict(before=managed_view(None), after=desired_view(params, body))
    service, warnings = find_existing(client, params, index, "create")
    failed_service = None
    if service is not None:
        diff["before"] = managed_view(service)
        if service.get("deployment_state") == FAILED:
            if not params.get("recreate_failed"):
                raise _failed(service, changed=False)
            if check_mode:
                return dict(changed=True, outcome="would_recreate", service=service, request=masked, drift=[],
                            diff=diff, warnings=warnings)
            failed_service, service = service, None  # deleted below, then created again
        elif not check_mode:
            service = _deployed(client, service, params, clock, False, warnings, board)
    diff["after"]["license_type"] = params.get("license_type") or (
        diff["before"].get("license_type") if service is not None else license_name(0))
    if service is not None:
        drift = detect_drift(service, params, refs)
        if drift:
            warnings.append(_drift_warning(service["short_name"], drift))
        number = license_change(service, params)
        if number is not None:
            if not check_mode:
                service = change_license(client, service, number)
            return dict(changed=True, outcome="would_update" if check_mode else "updated", service=service,
                        drift=drift, diff=diff, warnings=warnings)
        return dict(changed=False, outcome="drifted" if drift else "unchanged", service=service, drift=drift,
                    diff=diff, warnings=warnings)
    # A new service has the Hosted Essentials licence: one the licence change cannot reach is refused before the create.
    license_change(dict(short_name=params["short_name"], license_type=0), params)
    if check_mode:
        return dict(changed=True, outcome="would_create", service=None, request=masked, drift=[], diff=diff,
                    warnings=warnings)
    recreated = failed_service is not None
    with _Announced(progress, params["short_name"], "recreate" if recreated else "create") as announced:
        if recreated:
            delete_service(client, failed_service, params, clock, board)
        service, created_here = create_once(client, body, params, clock)
        if params.get("wait", True):
            # The create answer lacks the full name and the sites' SBCs: read the whole record once.
            service = read_service(client, service["id"]) or service
        service = _deployed(client, service, params, clock, created_here or recreated, warnings, board)
        number = license_change(service, params) if service.get("license_type") is not None else \
            license_change(dict(service, license_type=0), params)
        if number is not None:
            service = change_license(client, service, number)
        announced.ended(_end_state(service, params), service)
    outcome = "recreated" if recreated else ("created" if created_here else "unchanged")
    return dict(changed=created_here or recreated, outcome=outcome, service=service, request=masked,
                drift=[], diff=diff, warnings=warnings)


def delete_service(client, service, params, clock=Clock, board=None):
    try:
        service_api.delete_service(client, service["id"])
    except NotFoundError:
        return  # removed meanwhile, e.g. by a retried request whose first answer was lost
    if params.get("wait", True):
        if board is None:
            wait_for_removal(client, service, params, clock)
        else:
            board.wait_removed(service, params)


def ensure_absent(client, params, check_mode=False, clock=Clock, known_catalog=None, index=None, progress=None,
                  board=None):
    check_service_input(dict(short_name=params.get("short_name"), ms_tenant_id=params.get("ms_tenant_id"),
                             state="absent"))
    service, warnings = find_existing(client, params, index, "delete")
    if service is not None:
        # Deleting needs no carrier password, so one quoted in the platform's free text could not be masked.
        service = dict(service, progress=[])
    diff = dict(before=managed_view(service), after=managed_view(None))
    if service is None:
        return dict(changed=False, outcome="absent", service=None, drift=[], diff=diff, warnings=warnings)
    if not check_mode:
        with _Announced(progress, params["short_name"], "delete") as announced:
            delete_service(client, service, params, clock, board)
            announced.ended(ENDED_DELETED if params.get("wait", True) else ENDED_NOT_WAITED, service)
    return dict(changed=True, outcome="would_delete" if check_mode else "deleted", service=service, drift=[],
                diff=diff, warnings=warnings)


def ensure(client, params, check_mode=False, clock=Clock, known_catalog=None, index=None, progress=None, board=None):
    """The service of params as desired (state present or absent); its result for the module.

    progress: None, or a callable told of a change while it runs (STARTED when a create, recreate or delete is sent,
    ENDED at its final state; see _Announced). Unchanged services and check mode tell it nothing.
    board: None (each wait polls its own service), or a batch's watch.DeploymentBoard, on which the waits for the
    deployment and the removal share one list per poll interval.
    """
    if params.get("state", "present") == "absent":
        return ensure_absent(client, params, check_mode, clock, known_catalog, index, progress=progress, board=board)
    return ensure_present(client, params, check_mode, clock, known_catalog, index, progress=progress, board=board)


def service_info(client, params, check_mode=False):
    """Read-only: all services with their sites, or those of an id, a short name and/or a tenant."""
    months = params.get("license_months")
    if months is not None and months < 1:
        raise InputError("license_months", "must be a number of months from 1, got {0}".format(months))
    if params.get("id"):
        found = read_service(client, params["id"])
        return dict(changed=False, services=[_with_license_info(client, found, params)] if found else [])
    services = service_api.list_services(client)
    if params.get("short_name"):
        services = [s for s in services if str(s.get("short_name", "")).lower() == params["short_name"].lower()]
    if params.get("ms_tenant_id"):
        services = [s for s in services if same_tenant(s, params["ms_tenant_id"]) is not False]
    if params.get("short_name"):
        services = [_fresh(client, s) for s in services]
    return dict(changed=False, services=[_with_license_info(client, s, params) for s in services])


def _with_license_info(client, service, params):
    """The service with its licence's name and, when asked for, its licence usage (one documented read each)."""
    if params.get("license_info"):
        service = dict(service)
        service["license_info"] = service_api.read_license_info(client, service["id"], params.get("license_months"))
    return service
