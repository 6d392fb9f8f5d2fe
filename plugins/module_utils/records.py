# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Reading the platform's answers: keys case-insensitively, into the collection's snake_case records."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import UnexpectedAnswer
from ansible_collections.audiocodes.live_platform.plugins.module_utils.options import LICENSE_TYPES
from ansible_collections.audiocodes.live_platform.plugins.module_utils.redaction import mask_free_text

DEPLOYED, FAILED, IN_PROGRESS = "Deployed", "Failed", "InProgress"
FINAL_STATES = (DEPLOYED, FAILED)
# The create page's list of deployment states is cut off, so every spelling the documents and the portal show is
# read, case and separators ignored (docs/api-assumptions.md). A word in none of these sets is kept as the platform
# wrote it: not final, so a wait goes on and its timeout message names the word.
STATE_WORDS = dict(
    [(word, DEPLOYED) for word in ("deployed", "ready", "completed", "completedsuccess", "success", "succeeded",
                                   "done", "active")]
    + [(word, FAILED) for word in ("failed", "failure", "error", "errors", "completedwitherrors",
                                   "completedwitherror", "completedfailure", "faulted", "aborted", "cancelled",
                                   "canceled", "rejected")]
    + [(word, IN_PROGRESS) for word in ("inprogress", "pending", "deploying", "running", "queued", "submitted",
                                        "unknown", "new", "started", "processing", "notstarted", "waiting",
                                        "scheduled", "deleting")]
)
# The SIP-connection read reports integer states; 3 is Deployed in the documented example, the rest is assumed.
SITE_STATE_NAMES = {0: IN_PROGRESS, 1: IN_PROGRESS, 2: FAILED, 3: DEPLOYED, 4: IN_PROGRESS}
# Keys that wrap a list in an object ({"items": [...], "totalCount": N}) on some platforms.
LIST_WRAPPERS = ("items", "value", "data", "results", "records", "content", "list")
_PROGRESS_ENTRY = re.compile(r"\(\s*([^,()]+?)\s*,\s*(.*?)\s*\)\s*(?:;|$)", re.S)


def field(obj, *names, **kwargs):
    """obj[name] for the first of names present, whatever the key's casing (PascalCase or camelCase)."""
    return _fields(obj)(*names, **kwargs)


def _fields(obj):
    """field() over one obj, its keys lowered once for all the fields read from it."""
    lowered = dict((str(key).lower(), value) for key, value in obj.items()) if isinstance(obj, dict) else {}

    def read(*names, **kwargs):
        for name in names:
            value = lowered.get(name.lower())
            if value is not None:
                return value
        return kwargs.get("default")

    return read


def parse_progress(text):
    """``(Information, msg);(Error, msg)`` → ``[{'level': 'Information', 'message': 'msg'}, ...]``."""
    if not text:
        return []
    text = mask_free_text(text)
    if isinstance(text, list):
        return [dict(level=field(item, "level", default=""), message=field(item, "message", default=""))
                for item in text if isinstance(item, dict)]
    entries = [dict(level=level, message=message) for level, message in _PROGRESS_ENTRY.findall(text)]
    return entries or [dict(level="Information", message=str(text))]


def state_name(value):
    """The canonical state (Deployed, Failed, InProgress) of any spelling the platform uses; None when missing."""
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return SITE_STATE_NAMES.get(value, str(value))
    text = str(value).strip()
    if text.isdigit():
        return SITE_STATE_NAMES.get(int(text), text)
    return STATE_WORDS.get(re.sub(r"[^a-z]", "", text.lower()), text)


def shape_of(body):
    """What an answer looks like, without its values (which may hold secrets)."""
    if isinstance(body, dict):
        return "an object with the keys {0}".format(", ".join(sorted(str(k) for k in body)[:10]) or "none")
    if isinstance(body, list):
        return "a list"
    if isinstance(body, str):
        return "a text"
    return "a {0}".format(type(body).__name__)


def as_list(body, what):
    """The items of a list answer, bare or wrapped in an object (items, value, data...).

    Any other shape is an error: read as "no services", it would make every run create its services again.
    """
    if body is None:
        return []
    if isinstance(body, list):
        return body
    if isinstance(body, dict):
        lowered = dict((str(key).lower(), value) for key, value in body.items())
        for key in LIST_WRAPPERS:
            if isinstance(lowered.get(key), list):
                return lowered[key]
    raise UnexpectedAnswer("{0} answered with {1}, where a list (bare, or wrapped in one of {2}) was expected: the"
                           " collection cannot read it".format(what, shape_of(body), ", ".join(LIST_WRAPPERS)))


LICENSE_NAMES = dict((number, name) for name, number in LICENSE_TYPES.items())


def license_name(number):
    """The licence's name (hosted_pro...) of the platform's number; the number as text when it is not known."""
    try:
        return LICENSE_NAMES.get(int(number), str(number))
    except (TypeError, ValueError):
        return None if number is None else str(number)


def site_record(site):
    read = _fields(site)
    return dict(
        id=read("id", "siteLocationId"),
        name=read("name", "siteName"),
        sbc_id=read("sbcId"),
        deployment_state=state_name(read("sbcDeploymentState", "deploymentState")),
    )


def service_record(raw):
    """A service from any of the V2/V3 reads or the create answer, as the module returns it."""
    read = _fields(raw)  # a list answer's thousands of services: each one's keys lowered once
    sites = [site_record(site) for site in read("SiteLocation", "siteLocations", default=[]) or []]
    if not sites:
        sites = [dict(id=site_id, name=None, sbc_id=None, deployment_state=None)
                 for site_id in read("siteLocationIds", default=[]) or []]
    state = read("deploymentState")
    if state is None and sites:
        state = overall_state([site["deployment_state"] for site in sites])
    state = state_name(state)
    return dict(
        id=read("Id", "UmpCustomerGuid", "customerGuid"),
        short_name=read("ShortName", "CustomerShortName", "customerId"),
        full_name=read("FullName", "CustomerFullName"),
        license_type=read("LicenseType"),
        license_name=license_name(read("LicenseType")),
        ms_tenant_id=read("MsTenantId", "customerMsTenantId", "tenantId"),
        site_locations=sites,
        deployment_state=state,
        progress=parse_progress(read("progressDetails")),
        error_details=mask_free_text(read("errorDetails")),
    )


def overall_state(states):
    """One state for a service from its sites: Failed wins, then anything unfinished, then Deployed."""
    states = [s for s in states if s]
    if not states:
        return None
    if FAILED in states:
        return FAILED
    unfinished = [s for s in states if s != DEPLOYED]
    return unfinished[0] if unfinished else DEPLOYED
