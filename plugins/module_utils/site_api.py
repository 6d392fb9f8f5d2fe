# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The platform's SIP connections (its ``sitelocation`` resource) and their dial plans: the one place that knows
their paths and verbs, and how a site read becomes a record.

Every path here is documented (API §3 and §7, docs/api-assumptions.md). The answers of the add and the modify are
not: the callers cope with any shape.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import NotFoundError
from ansible_collections.audiocodes.live_platform.plugins.module_utils.records import field, state_name
from ansible_collections.audiocodes.live_platform.plugins.module_utils.redaction import is_secret_key

SITES = "/api/v2/sitelocation"
CUSTOMER_SITES = "/api/v2/customer/{0}/sitelocation/"
DIAL_PLAN = "/api/v2/customer/{0}/sitelocation/{1}/dialplan/{2}"


def site_path(site_id):
    return "{0}/{1}".format(SITES, site_id)


def customer_sites_path(service_id):
    return CUSTOMER_SITES.format(service_id)


def dial_plan_path(service_id, site_id, dial_plan_id):
    return DIAL_PLAN.format(service_id, site_id, dial_plan_id)


def add_site(client, service_id, body):
    """POST Add SIP Connection; the answer as it came (undocumented: an id, a task id, anything)."""
    return client.post(customer_sites_path(service_id), json=body)


def modify_site(client, service_id, body):
    """PATCH Modify SIP Connection (the site named in the body by ``sbcSiteGuid``); the answer as it came."""
    return client.patch(customer_sites_path(service_id), json=body)


def delete_site(client, site_id):
    """DELETE the site; the documented answer names the cleanup task (``sbcCleanupTaskId``). None when it is gone."""
    try:
        return client.delete(site_path(site_id))
    except NotFoundError:
        return None


def read_site(client, site_id):
    """The site's record from the documented read, or None when the platform does not know it (404)."""
    try:
        raw = client.get(site_path(site_id))
    except NotFoundError:
        return None
    return site_detail_record(raw, site_id)


def read_dial_plan(client, service_id, site_id, dial_plan_id):
    return client.get(dial_plan_path(service_id, site_id, dial_plan_id))


def patch_dial_plan(client, service_id, site_id, dial_plan_id, body):
    return client.patch(dial_plan_path(service_id, site_id, dial_plan_id), json=body)


def _flag(value):
    """A flag of the read as a bool; None when the read does not carry it."""
    if isinstance(value, bool) or value is None:
        return value
    text = str(value).strip().lower()
    return {"true": True, "false": False, "1": True, "0": False}.get(text)


def _carrier_line(info, variables):
    # The add page and the example read spell it CarrierMailLine / CarierMailLine (API §7): all are read.
    return field(info, "carrierMainLine", "carrierMailLine",
                 default=field(variables, "CarrierMainLine", "CarrierMailLine", "CarierMailLine"))


def site_detail_record(raw, site_id=None):
    """A site from ``GET /api/v2/sitelocation/{id}`` as the modules return it: snake_case, the integer state read
    as a name, and the carrier password (which the documented read returns in clear, API §3) kept apart under
    ``_carrier_user_password`` so that the caller can compare it without ever returning it."""
    info = field(raw, "sbcInfo", default={}) or {}
    scripts = field(info, "sbcScripts", default={}) or {}
    variables = field(scripts, "customerVariables", default={}) or {}
    if not isinstance(variables, dict):
        variables = {}
    password = field(variables, "CarrierUserPassword", default=field(info, "carrierUserPassword"))
    return dict(
        id=field(raw, "id", "siteId", "siteLocationId", default=site_id),
        name=field(raw, "siteName", "name", "siteLocationName"),
        ms_tenant_id=field(raw, "tenantId", "msTenantId"),
        deployment_state=state_name(field(raw, "sbcDeploymentState", "deploymentState")),
        online_pstn_gateway=field(raw, "onlinePstnGateway", default=field(variables, "OnlinePstnGateway")),
        sbc_id=field(info, "sbcId", default=field(raw, "sbcId")),
        onboarding_script_id=field(scripts, "onboardingScript"),
        cleanup_script_id=field(scripts, "cleanupScript"),
        cac_profile=field(info, "cacProfile", default=field(variables, "CacProfile")),
        proxy_set=field(info, "carrierId", "proxySet", default=field(variables, "ProxySet")),
        carrier_user_name=field(info, "carrierUserName", default=field(variables, "CarrierUserName")),
        carrier_main_line=_carrier_line(info, variables),
        carrier_host_name=field(info, "carrierHostName", default=field(variables, "CarrierHostName")),
        enable_cac=_flag(field(info, "enableCAC", default=field(raw, "enableCAC"))),
        carrier_registration=_flag(field(info, "flagCarrierRegistration",
                                         default=field(raw, "flagCarrierRegistration"))),
        configure_sbc=_flag(field(info, "flagConfigureSbc")),
        custom_variables=dict((key, value) for key, value in variables.items() if not is_secret_key(key)),
        pending_tasks=list(field(raw, "pendingTasks", default=[]) or []),
        _carrier_user_password=password,
    )


def public_site(site):
    """The record without what must never be returned (the carrier password the read gives in clear)."""
    return dict((key, value) for key, value in site.items() if not key.startswith("_"))
