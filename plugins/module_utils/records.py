# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Reading the platform's answers: keys case-insensitively, into the collection's snake_case records."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

FINAL_STATES = ("Deployed", "Failed")
# The site location read reports integer states [assumed mapping, see docs/api-assumptions.md].
SITE_STATE_NAMES = {0: "Unknown", 1: "InProgress", 2: "Failed", 3: "Deployed", 4: "Deleting"}
# The platform's free text may quote a request; a secret it names is masked whatever the caller knows.
_SECRET_IN_TEXT = re.compile(r"""(?i)((?:password|secret|token)[\w.-]*["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,;)]+)""")
_PROGRESS_ENTRY = re.compile(r"\(\s*([^,()]+?)\s*,\s*(.*?)\s*\)\s*(?:;|$)", re.S)


def field(obj, *names, **kwargs):
    """obj[name] for the first of names present, whatever the key's casing (PascalCase or camelCase)."""
    default = kwargs.get("default")
    if not isinstance(obj, dict):
        return default
    lowered = dict((str(key).lower(), value) for key, value in obj.items())
    for name in names:
        value = lowered.get(name.lower())
        if value is not None:
            return value
    return default


def mask_secrets_in_text(text):
    if not isinstance(text, str):
        return text
    return _SECRET_IN_TEXT.sub(lambda match: match.group(1) + "********", text)


def parse_progress(text):
    """``(Information, msg);(Error, msg)`` → ``[{'level': 'Information', 'message': 'msg'}, ...]``."""
    if not text:
        return []
    text = mask_secrets_in_text(text)
    if isinstance(text, list):
        return [dict(level=field(item, "level", default=""), message=field(item, "message", default=""))
                for item in text if isinstance(item, dict)]
    entries = [dict(level=level, message=message) for level, message in _PROGRESS_ENTRY.findall(text)]
    return entries or [dict(level="Information", message=str(text))]


def state_name(value):
    if isinstance(value, int) and not isinstance(value, bool):
        return SITE_STATE_NAMES.get(value, str(value))
    return value


def site_record(site):
    return dict(
        id=field(site, "id", "siteLocationId"),
        name=field(site, "name", "siteName"),
        sbc_id=field(site, "sbcId"),
        deployment_state=state_name(field(site, "sbcDeploymentState", "deploymentState")),
    )


def service_record(raw):
    """A service from any of the V2/V3 reads or the create answer, as the module returns it."""
    sites = [site_record(site) for site in field(raw, "SiteLocation", "siteLocations", default=[]) or []]
    if not sites:
        sites = [dict(id=site_id, name=None, sbc_id=None, deployment_state=None)
                 for site_id in field(raw, "siteLocationIds", default=[]) or []]
    state = field(raw, "deploymentState")
    if state is None and sites:
        state = overall_state([site["deployment_state"] for site in sites])
    return dict(
        id=field(raw, "Id", "UmpCustomerGuid", "customerGuid"),
        short_name=field(raw, "ShortName", "CustomerShortName", "customerId"),
        full_name=field(raw, "FullName", "CustomerFullName"),
        license_type=field(raw, "LicenseType"),
        ms_tenant_id=field(raw, "MsTenantId"),
        site_locations=sites,
        deployment_state=state,
        progress=parse_progress(field(raw, "progressDetails")),
        error_details=mask_secrets_in_text(field(raw, "errorDetails")),
    )


def overall_state(states):
    """One state for a service from its sites: Failed wins, then anything unfinished, then Deployed."""
    states = [s for s in states if s]
    if not states:
        return None
    if "Failed" in states:
        return "Failed"
    unfinished = [s for s in states if s != "Deployed"]
    return unfinished[0] if unfinished else "Deployed"
