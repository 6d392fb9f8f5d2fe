# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A customer's whole service in one call: the service itself (service.ensure: create, wait, licence), then its
further SIP connections (sip_connection.ensure on the service already found) and the dial plans. What
hosted_essentials_service and each hosted_essentials_fleet item converge, so that both fleet strategies converge the
same.

A service without further SIP connections and without a dial plan is service.ensure alone: the same requests.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.audiocodes.live_platform.plugins.module_utils import dial_plan, service, sip_connection
from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import LivePlatformError
from ansible_collections.audiocodes.live_platform.plugins.module_utils.options import SITE_OPTIONS
from ansible_collections.audiocodes.live_platform.plugins.module_utils.service import Clock
from ansible_collections.audiocodes.live_platform.plugins.module_utils.service_api import ServiceIndex
from ansible_collections.audiocodes.live_platform.plugins.module_utils.validation import (
    InputErrors, customer_input_problems, service_input_problems,
)

# What a further SIP connection inherits from its service's call: the run's settings and the service's identity.
INHERITED = ("wait", "wait_timeout", "poll_interval")
SITE_DEFAULTS = dict((opt["name"], opt["default"]) for opt in SITE_OPTIONS if "default" in opt)


def site_params(params, site):
    """A further SIP connection's sip_connection parameters: its own values over the defaults and the run's settings."""
    one = dict(SITE_DEFAULTS)
    one.update((name, params.get(name)) for name in INHERITED if params.get(name) is not None)
    one.update(short_name=params.get("short_name"), ms_tenant_id=params.get("ms_tenant_id"))
    one.update((key, value) for key, value in site.items() if key != "dial_plan" and value is not None)
    return one


def _site_row(site_name, result):
    """A further SIP connection's result, as the customer's result and the report carry it."""
    site = result.get("site") or {}
    return dict(site_name=site_name, outcome=result.get("outcome"), changed=bool(result.get("changed")),
                changes=result.get("changes") or [], drift=result.get("drift") or [], site_id=site.get("id"),
                sbc_id=site.get("sbc_id"), deployment_state=site.get("deployment_state"))


def _plan_row(result):
    return dict(outcome=result.get("outcome"), changed=bool(result.get("changed")), added=result.get("added") or [],
                removed=result.get("removed") or [], dial_plan_id=result.get("dial_plan_id"))


class DayTwoFailed(LivePlatformError):
    """A further SIP connection or a dial plan failed after the service itself was converged."""


def _converge_sites(client, params, found, check_mode, clock, known_catalog, outcome):
    """Each further SIP connection and dial plan of params on the service found (None: it would be created);
    (site rows, first site's plan row, warnings, diffs). Stops at the first failure, with what was done before it."""
    rows, warnings, diffs, plan_row = [], [], {}, None
    where = "service"
    try:
        for site in params.get("sip_connections") or []:
            where = "SIP connection '{0}'".format(site["site_name"])
            one = site_params(params, site)
            if found is None:  # the service would be created: so would the site and its dial plan
                result = dict(changed=True, outcome="would_create")
            else:
                result = sip_connection.ensure(client, one, check_mode, clock, known_catalog, service=found)
            row = _site_row(site["site_name"], result)
            warnings += result.get("warnings") or []
            if result.get("diff") and result["diff"]["before"] != result["diff"]["after"]:
                diffs[site["site_name"]] = result["diff"]
            if site.get("dial_plan") is not None and one.get("state") != "absent":
                where = "the dial plan of SIP connection '{0}'".format(site["site_name"])
                row["dial_plan"] = _plan_row(_converge_plan(client, found, result.get("site"), site["dial_plan"],
                                                            check_mode, clock))
            rows.append(row)
        if params.get("dial_plan") is not None:
            where = "the dial plan of the first SIP connection"
            first = _first_site(client, found) if found is not None else None
            plan_row = _plan_row(_converge_plan(client, found, first, params["dial_plan"], check_mode, clock))
    except LivePlatformError as exc:
        changed = outcome["changed"] or any(row["changed"] for row in rows)
        raise DayTwoFailed("service '{0}' is {1}, but {2} failed: {3}".format(
            params["short_name"], outcome["outcome"], where, exc.msg), changed=changed, outcome="failed",
            service=outcome.get("service"), sip_connections=rows)
    return rows, plan_row, warnings, diffs


def _first_site(client, found):
    sites = sip_connection.named_sites(client, found)
    if not sites:
        raise LivePlatformError("the service lists no SIP connection, so the first one's dial plan cannot be managed")
    return sites[0]


def _converge_plan(client, found, site, plan, check_mode, clock):
    """A dial plan on a site of the service; every rule as added when the site (or the service) would be created."""
    if found is None or site is None:
        return dial_plan.predicted(plan)
    return dial_plan.converge(client, found, site, plan, check_mode, clock)


def remove_further_sites(client, found, params, check_mode, clock):
    """Every SIP connection of the service but its first, deleted (and waited for) before the service itself."""
    sites = sip_connection.named_sites(client, found)[1:]
    if not check_mode:
        for site in sites:
            sip_connection.remove_site(client, site, params, clock)
    return [dict(site_name=site.get("name"), outcome="would_delete" if check_mode else "deleted", changed=True,
                 site_id=site.get("id")) for site in sites]


def check_customer_input(params):
    problems = service_input_problems(params) + customer_input_problems(params)
    if problems:
        raise InputErrors(problems)


def ensure(client, params, check_mode=False, clock=Clock, known_catalog=None, index=None, progress=None, board=None):
    """The customer's service as desired, with its further SIP connections and dial plans; its result for the module.

    Every input rule, the nested ones included, is checked before any call. The further SIP connections and dial
    plans are converged after the service, on the service record it found or created (no second lookup).
    board: a batch's watch.DeploymentBoard for the service's own waits (service.ensure); the SIP connections keep
    their own.
    """
    if not params.get("sip_connections") and params.get("dial_plan") is None and params.get("state") != "absent":
        return service.ensure(client, params, check_mode, clock, known_catalog, index, progress=progress, board=board)
    check_customer_input(params)
    known_catalog = known_catalog or service.Catalog(client, params.get("catalogue"))
    if params.get("state", "present") == "absent":
        return _ensure_absent(client, params, check_mode, clock, known_catalog, index, progress, board)
    outcome = service.ensure(client, params, check_mode, clock, known_catalog, index, progress=progress, board=board)
    rows, plan_row, warnings, diffs = _converge_sites(client, params, outcome.get("service"), check_mode, clock,
                                                      known_catalog, outcome)
    changed = outcome["changed"] or any(row["changed"] for row in rows) or bool(plan_row and plan_row["changed"])
    result = dict(outcome, changed=changed, sip_connections=rows, warnings=(outcome.get("warnings") or []) + warnings)
    if plan_row is not None:
        result["dial_plan"] = plan_row
    if changed and not outcome["changed"]:
        result["outcome"] = "would_update" if check_mode else "updated"
    if diffs:
        result["diff"] = dict(before=dict(outcome["diff"]["before"], sip_connections=dict(
            (name, d["before"]) for name, d in diffs.items())), after=dict(outcome["diff"]["after"], sip_connections=dict(
                (name, d["after"]) for name, d in diffs.items())))
    return result


def _ensure_absent(client, params, check_mode, clock, known_catalog, index, progress, board=None):
    index = index or ServiceIndex.fetch(client)  # one list for both lookups
    found, _warnings = service.find_existing(client, params, index, "delete")
    rows = remove_further_sites(client, found, params, check_mode, clock) if found is not None else []
    outcome = service.ensure(client, params, check_mode, clock, known_catalog, index, progress=progress, board=board)
    return dict(outcome, sip_connections=rows)
