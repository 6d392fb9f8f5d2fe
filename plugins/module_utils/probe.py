# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The first-day probe: what a real platform answers where the API documentation is silent, read only.

``probe_platform`` sends GET requests only (and the token request the client makes): the service lists, one service,
the script templates (paging and customer variables), the SBC catalogue and the channel list. Each read becomes one
entry of ``endpoints`` (status, shape, key casing, count: never a body), and ``findings`` say what the answers mean for
the collection (which names work, how a service is identified, whether deployments can be waited for).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.audiocodes.live_platform.plugins.module_utils.catalog import (
    ABSENT_STATUSES, CHANNELS_PATH, PAGE_SIZE, SBC_PATH, SCRIPT_TEMPLATES_PATH, customer_variable_names,
)
from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import (
    ApiError, LivePlatformError, UnexpectedAnswer,
)
from ansible_collections.audiocodes.live_platform.plugins.module_utils.records import (
    as_list, field, shape_of, state_name,
)
from ansible_collections.audiocodes.live_platform.plugins.module_utils.service_api import (
    V2_CUSTOMERS, V3_CUSTOMERS,
)

OK, WARNING, BLOCKED = "ok", "warning", "blocked"
KNOWN_STATES = ("Deployed", "Failed", "InProgress")
REFUSED_STATUSES = (401, 403)
PAGING_PROBE_SIZE = 2  # small, so that a platform with a few templates shows whether it honours the page size
TEMPLATES_PAGE_SIZE = PAGE_SIZE  # what the collection asks for when it reads the templates
MAX_KEYS = 40
MAX_TEXT = 300
_CONTROL = re.compile(u"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
TEMPLATE_QUERY = (("scriptType", "SBC"), ("allDetails", "false"))
# What is not read when there is no token, or the platform refuses it.
NOT_TRIED = (
    ("services_v2", V2_CUSTOMERS, ()),
    ("services_v3", V3_CUSTOMERS, (("allDetails", "true"),)),
    ("script_templates", SCRIPT_TEMPLATES_PATH, TEMPLATE_QUERY + (("pageNumber", 0), ("pageSize", TEMPLATES_PAGE_SIZE))),
    ("sbc_catalogue", SBC_PATH, ()),
    ("channels", CHANNELS_PATH, ()),
)


def clean(value, limit=MAX_TEXT):
    """Text safe for a report line: control characters (newlines included) become one blank; cut at limit."""
    text = _CONTROL.sub(" ", value if isinstance(value, str) else str(value)).strip()
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _query(params):
    return "?" + "&".join("{0}={1}".format(k, v) for k, v in params) if params else ""


def _entry(name, path, params=(), method="GET"):
    return dict(name=name, method=method, path=None if path is None else path + _query(params), reachable=False, status=None, shape=None,
                key_casing=None, count=None, key_names=[], notes=[], facts={})


def key_casing(keys):
    """PascalCase, camelCase or mixed, from the first letter of each key; None when there is no key."""
    initials = [str(key)[:1] for key in keys if str(key)[:1].isalpha()]
    if not initials:
        return None
    if all(letter.isupper() for letter in initials):
        return "PascalCase"
    if all(letter.islower() for letter in initials):
        return "camelCase"
    return "mixed"


def _keys_of(items):
    keys = set()
    for item in items:
        if isinstance(item, dict):
            keys.update(clean(key, 80) for key in item)
    return sorted(keys)


def _describe_error(exc):
    """What went wrong, without the answer's body: its status and shape, or the transport's reason."""
    if isinstance(exc, ApiError):
        if exc.status in ABSENT_STATUSES:
            text = "HTTP {0}: the platform has no such endpoint".format(exc.status)
        elif exc.status in REFUSED_STATUSES:
            text = "HTTP {0}: the platform refused the token".format(exc.status)
        else:
            text = "HTTP {0}".format(exc.status)
        body = exc.body
        if isinstance(body, dict):
            words = ["{0} {1!r}".format(key, clean(field(body, key), 80)) for key in ("title", "errorCode")
                     if isinstance(field(body, key), (str, int)) and not isinstance(field(body, key), bool)]
            text += "; the answer: {0}{1}".format(shape_of(body), " ({0})".format(", ".join(words)) if words else "")
        elif isinstance(body, str) and body:
            text += "; the answer: a text of {0} characters".format(len(body))
        return text
    return clean(exc.msg, 600)  # a transport error: the reason (refused, reset, timeout, certificate), no body


class _Read(object):
    """One GET: its entry, and the body when the platform answered with a success (never put in the report)."""

    def __init__(self, client, entry, path, params=()):
        self.entry = entry
        self.body = None
        self.error = None
        self.items = None
        try:
            self.body = client.get(path, params=dict(params) if params else None)
        except LivePlatformError as exc:
            self.error = exc
            entry["status"] = getattr(exc, "status", None)
            entry["notes"].append(_describe_error(exc))
            return
        entry["reachable"] = True
        entry["status"] = 200  # the client returns the body of any 2xx answer; 200 stands for all of them

    @property
    def ok(self):
        return self.error is None

    @property
    def absent(self):
        return isinstance(self.error, ApiError) and self.error.status in ABSENT_STATUSES

    @property
    def refused(self):
        return isinstance(self.error, ApiError) and self.error.status in REFUSED_STATUSES

    def as_items(self, what):
        """The answer read as a list (bare or wrapped); None, with a note, when it is not one."""
        if not self.ok:
            return None
        entry = self.entry
        body = self.body
        if body is None:
            entry.update(shape="empty answer", count=0)
            self.items = []
            return self.items
        try:
            items = as_list(body, what)
        except UnexpectedAnswer as exc:
            entry["shape"] = shape_of(body)
            entry["notes"].append(clean(exc.msg))
            return None
        if isinstance(body, list):
            entry["shape"] = "list"
        else:
            wrapper = [key for key, value in body.items() if value is items]
            entry["shape"] = "list wrapped in {0}".format(clean(wrapper[0], 80) if wrapper else "an object")
            others = sorted(clean(key, 80) for key in body if not wrapper or key != wrapper[0])
            if others:
                entry["notes"].append("beside the list: {0}".format(", ".join(others[:10])))
        odd = [item for item in items if not isinstance(item, dict)]
        if odd:
            entry["notes"].append("{0} of {1} items are not objects ({2})".format(
                len(odd), len(items), shape_of(odd[0])))
        keys = _keys_of(items)
        entry.update(count=len(items), key_names=keys[:MAX_KEYS], key_casing=key_casing(keys))
        self.items = [item for item in items if isinstance(item, dict)]
        return self.items

    def as_object(self):
        """The answer when it is one object; None, with a note, otherwise."""
        if not self.ok:
            return None
        entry = self.entry
        if not isinstance(self.body, dict):
            entry["shape"] = shape_of(self.body)
            entry["notes"].append("one object was expected")
            return None
        keys = _keys_of([self.body])
        entry.update(shape="object", key_names=keys[:MAX_KEYS], key_casing=key_casing(keys))
        return self.body


# --- deployment states ---------------------------------------------------------------------------------------------
TOP_LEVEL, PER_SITE = "top-level deploymentState", "per-site sbcDeploymentState"


def _sites(obj):
    sites = field(obj, "SiteLocation", "siteLocations")
    return [site for site in sites if isinstance(site, dict)] if isinstance(sites, list) else []


def _state_values(objs):
    """(where the states are, the raw values) in services or single reads."""
    places, values = [], []
    for obj in objs:
        top = field(obj, "deploymentState")
        if top is not None:
            values.append(top)
            if TOP_LEVEL not in places:
                places.append(TOP_LEVEL)
        for site in _sites(obj):
            value = field(site, "sbcDeploymentState", "deploymentState")
            if value is not None:
                values.append(value)
                if PER_SITE not in places:
                    places.append(PER_SITE)
    return places, values


def _state_facts(values):
    """Each raw state once, with the collection's reading of it (Deployed, Failed, InProgress, or the raw word)."""
    seen, out = set(), []
    for value in values:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raw = "<{0}>".format(type(value).__name__)
            reading = raw
        else:
            raw = value if isinstance(value, (int, float)) else clean(value, 60)
            reading = state_name(value)
            reading = clean(reading, 60) if reading is not None else None
        marker = (type(raw).__name__, raw)
        if marker in seen:
            continue
        seen.add(marker)
        out.append(dict(raw=raw, reads_as=reading, known=reading in KNOWN_STATES))
    return out


def _record_states(entry, objs):
    places, values = _state_values(objs)
    states = _state_facts(values)
    entry["facts"].update(state_location=places or ["missing"], states=states)
    if states:
        entry["notes"].append("deployment states in {0}: {1}".format(" and ".join(places), _states_text(states)))
    else:
        entry["notes"].append("no deployment state")
    return states


def _states_text(states):
    return ", ".join("{0!r} ({1})".format(s["raw"], s["reads_as"] if s["known"] else "not known") for s in states)


# --- the probe ---------------------------------------------------------------------------------------------------
class _Probe(object):

    def __init__(self, client, params):
        self.client = client
        self.params = params or {}
        self.endpoints = []
        self.findings = []

    def finding(self, topic, status, message):
        self.findings.append(dict(topic=topic, status=status, message=clean(message, 1000)))

    def entry(self, name, path, params=(), method="GET"):
        entry = _entry(name, path, params, method)
        self.endpoints.append(entry)
        return entry

    def read(self, name, path, params=()):
        return _Read(self.client, self.entry(name, path, params), path, params)

    # --- token ---
    def token(self):
        client = self.client
        if self.params.get("access_token"):
            entry = self.entry("token", None, method=None)
            entry.update(reachable=True, shape="given")
            entry["notes"].append("access token given: no token request (the reads below show whether the platform"
                                  " accepts it)")
            return entry, True
        entry = self.entry("token", "/{0}/oauth2/v2.0/token".format(client.tenant_id), method="POST")
        entry["facts"]["auth_url"] = client.auth_url
        try:
            client.authenticate()  # the client's own token request (client credentials); nothing else is sent
        except LivePlatformError as exc:
            entry["status"] = getattr(exc, "status", None)
            entry["notes"].append(clean(client.redact(exc.msg), 600))
            self.finding("token", BLOCKED, "no token: {0}. Check tenant_id, client_id, client_secret and auth_url"
                                           " (LIVE_PLATFORM_TENANT_ID, LIVE_PLATFORM_CLIENT_ID, LIVE_PLATFORM_CLIENT_SECRET,"
                                           " LIVE_PLATFORM_AUTH_URL)".format(clean(client.redact(exc.msg))))
            return entry, False
        entry.update(reachable=True, status=200, shape="token")
        entry["notes"].append("token obtained (client credentials)")
        return entry, True

    def skipped(self, reads, reason):
        done = set(entry["name"] for entry in self.endpoints)
        for name, path, params in reads:
            if name not in done:
                entry = self.entry(name, path, params)
                entry["facts"]["tried"] = False
                entry["notes"].append("not tried: {0}".format(reason))

    # --- services ---
    def services(self, token_entry):
        v2 = self.read("services_v2", V2_CUSTOMERS)
        v2_items = v2.as_items("GET " + V2_CUSTOMERS)
        if v2_items is not None:
            self._documented(v2.entry, "PascalCase")
        v3 = self.read("services_v3", V3_CUSTOMERS, (("allDetails", "true"),))
        v3_items = v3.as_items("GET " + V3_CUSTOMERS)
        list_states = []
        if v3_items is not None:
            self._documented(v3.entry, "PascalCase")
            with_tenant = len([item for item in v3_items if field(item, "MsTenantId") is not None])
            with_sites = [item for item in v3_items if _sites(item)]
            v3.entry["facts"].update(with_ms_tenant_id=with_tenant, with_site_location=len(with_sites))
            v3.entry["notes"].append("{0} of {1} carry MsTenantId, {2} carry SiteLocation".format(
                with_tenant, len(v3_items), len(with_sites)))
            list_states = _record_states(v3.entry, v3_items)

        if v2.refused and v3.refused:
            token_entry["reachable"] = False
            token_entry["notes"].append("the platform refused it (HTTP {0})".format(v3.error.status))
            self.finding("token", BLOCKED, "the platform refuses the token (HTTP {0} on every read): check that the app"
                                           " registration may call the Live Platform API (scope, permissions), or give"
                                           " a valid access_token".format(v3.error.status))
            return None
        if token_entry["status"] == 200 or token_entry["shape"] == "given":
            self.finding("token", OK, "a token was obtained (client credentials)" if token_entry["status"] == 200
                         else "the given access token is not refused")

        self._services_finding(v2, v2_items, v3, v3_items)
        if v3_items is not None:
            self._identity_finding(v3_items)
        first = self._first_id(v3_items) or self._first_id(v2_items)
        single = []
        if first is not None:
            single = self.single(first)
        listed = bool(v3_items) or bool(v2_items)
        self._states_finding(listed, list_states, single)
        return True

    def _documented(self, entry, casing):
        if entry["shape"] != "list":
            entry["notes"].append("documented: a bare list; the collection unwraps it")
        if entry["key_casing"] not in (None, casing):
            entry["notes"].append("documented: {0} keys; the collection reads keys case-insensitively".format(casing))

    @staticmethod
    def _first_id(items):
        for item in items or []:
            value = field(item, "UmpCustomerGuid", "Id", "customerGuid")
            if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
                return str(value).strip()
        return None

    def single(self, service_id):
        """The two reads of one service the collection makes while it waits: V3 (with the tenant), then V2."""
        results = []
        for name, version, params in (("service_v3", V3_CUSTOMERS, (("allDetails", "true"),)),
                                      ("service_v2", V2_CUSTOMERS, ())):
            path = "{0}/{1}".format(version, service_id)
            read = _Read(self.client, self.entry(name, "{0}/{{id}}".format(version), params), path, params)
            read.entry["facts"]["service_id"] = clean(service_id, 80)
            obj = read.as_object()
            states = _record_states(read.entry, [obj]) if obj is not None else None
            results.append((read, states))
        return results

    def _services_finding(self, v2, v2_items, v3, v3_items):
        if v3_items is None:
            answer = v3.entry["notes"][0] if v3.entry["notes"] else v3.entry["shape"]
            self.finding("services", BLOCKED, "the collection finds services with GET {0}?allDetails=true, which"
                                              " answered: {1}. It cannot find existing services, so it cannot create"
                                              " them exactly once".format(V3_CUSTOMERS, answer))
            return
        wrapped = ", ".join(sorted(set(e["shape"] for e in (v2.entry, v3.entry) if str(e["shape"]).startswith(
            "list wrapped"))))
        text = "services can be listed ({0} on the V3 list)".format(len(v3_items))
        if wrapped:
            text += "; lists come {0}: the collection unwraps them".format(wrapped)
        if v2_items is None:
            answer = v2.entry["notes"][0] if v2.entry["notes"] else v2.entry["shape"]
            self.finding("services", WARNING, text + "; but GET {0} answered: {1} (playbooks/list_services.yml reads"
                                                     " it)".format(V2_CUSTOMERS, answer))
            return
        self.finding("services", OK, text)

    def _identity_finding(self, items):
        carrying = len([item for item in items if field(item, "MsTenantId") is not None])
        if not items:
            self.finding("identity", WARNING, "no service is listed yet, so whether services carry MsTenantId cannot"
                                              " be seen: run the probe again after the first onboarding")
        elif carrying == len(items):
            self.finding("identity", OK, "a service is identified by short name and tenant (every listed service"
                                         " carries MsTenantId)")
        elif carrying:
            self.finding("identity", WARNING, "only {0} of {1} listed services carry MsTenantId: those without are"
                                              " identified by short name alone".format(carrying, len(items)))
        else:
            self.finding("identity", WARNING, "a service is identified by short name alone (the V3 list carries no"
                                              " MsTenantId): one short name cannot be used in two tenants")

    def _states_finding(self, listed, list_states, single):
        if not listed:
            self.finding("deployment_states", WARNING, "no service is listed yet, so the deployment states cannot be"
                                                       " seen: run the probe again after the first onboarding")
            return
        failed = [read for read, states in single if states is None]
        single_states = [state for _read, states in single for state in (states or [])]
        unknown = []
        for state in list_states + single_states:
            if not state["known"] and state["raw"] not in unknown:
                unknown.append(state["raw"])
        where = [read.entry["name"] + ": " + " and ".join(read.entry["facts"]["state_location"])
                 for read, states in single if states is not None]
        if not single:
            self.finding("deployment_states", WARNING, "no listed service carries an id, so one service could not be"
                                                       " read: whether deployments can be waited for is not known")
        elif len(failed) == len(single):
            self.finding("deployment_states", WARNING, "the reads of one service failed ({0}): the collection cannot"
                                                       " wait for deployments on this platform".format(
                                                           "; ".join(r.entry["notes"][0] for r in failed
                                                                     if r.entry["notes"])))
        elif not single_states:
            self.finding("deployment_states", WARNING, "the reads of one service carry no deployment state: the"
                                                       " collection cannot wait for deployments on this platform (it"
                                                       " reports the service with a warning instead)")
        elif unknown:
            self.finding("deployment_states", WARNING, "the platform reports deployment states the collection does"
                                                       " not know: {0}; a wait on them goes on until wait_timeout"
                                                       " ({1})".format(", ".join(repr(u) for u in unknown),
                                                                       "; ".join(where)))
        else:
            self.finding("deployment_states", OK, "deployments can be waited for: states seen {0} ({1})".format(
                _states_text(_state_facts([s["raw"] for s in list_states + single_states])), "; ".join(where)))

    # --- catalogues ---
    def templates(self):
        def params(page, size):
            return TEMPLATE_QUERY + (("pageNumber", page), ("pageSize", size))
        page0 = self.read("script_templates_page_0", SCRIPT_TEMPLATES_PATH, params(0, PAGING_PROBE_SIZE))
        page1 = None
        if page0.as_items("GET " + SCRIPT_TEMPLATES_PATH) is not None and page0.entry["count"] == PAGING_PROBE_SIZE:
            page1 = self.read("script_templates_page_1", SCRIPT_TEMPLATES_PATH, params(1, PAGING_PROBE_SIZE))
            page1.as_items("GET " + SCRIPT_TEMPLATES_PATH)
        whole = self.read("script_templates", SCRIPT_TEMPLATES_PATH, params(0, TEMPLATES_PAGE_SIZE))
        items = whole.as_items("GET " + SCRIPT_TEMPLATES_PATH)
        self._paging(page0, page1)
        self._templates_finding(whole, items)

    def _paging(self, page0, page1):
        entry = page0.entry
        if page0.items is None:
            entry["facts"]["paging"] = "unknown"
            return
        count = entry["count"] or 0
        if count > PAGING_PROBE_SIZE:
            paging = "ignored"
            why = "page 0 of size {0} brought {1} templates".format(PAGING_PROBE_SIZE, count)
        elif count < PAGING_PROBE_SIZE:
            paging = "too few templates to tell"
            why = "page 0 of size {0} brought {1}".format(PAGING_PROBE_SIZE, count)
        elif page1 is None or page1.items is None:
            paging = "unknown"
            why = "page 1 could not be read"
        elif _identities(page1.items) == _identities(page0.items):
            paging = "ignored"
            why = "page 1 repeated page 0"
        else:
            paging = "honoured"
            why = "page 1 brought other templates than page 0" if page1.items else "page 1 was empty"
        entry["facts"]["paging"] = paging
        entry["notes"].append("paging {0}: {1}".format(paging, why))
        if paging == "honoured":
            self.finding("paging", OK, "the platform honours pageNumber and pageSize ({0}): the collection reads the"
                                       " templates page by page".format(why))
        elif paging == "ignored":
            self.finding("paging", WARNING, "the platform ignores pageNumber and pageSize ({0}): the collection takes"
                                            " one answer as the whole catalogue; if the platform cuts its answers at a"
                                            " size of its own, a template beyond them cannot be found by name (give"
                                            " its id)".format(why))
        elif paging == "too few templates to tell":
            self.finding("paging", OK, "too few templates to tell whether pageNumber and pageSize are honoured"
                                       " ({0}); the collection copes with both".format(why))
        else:
            self.finding("paging", WARNING, "whether pageNumber and pageSize are honoured is not known ({0})".format(
                why))

    def _templates_finding(self, read, items):
        ids_hint = ("use onboarding_script_id and cleanup_script_id (script names cannot be resolved), and give"
                    " custom_variables as CustomVar.Variable<N>")
        if items is None:
            answer = read.entry["notes"][0] if read.entry["notes"] else read.entry["shape"]
            self.finding("script_templates", WARNING, "GET {0} answered: {1}: {2}".format(
                SCRIPT_TEMPLATES_PATH, answer, ids_hint))
            return
        if not items:
            self.finding("script_templates", WARNING, "no SBC script template is listed: {0}".format(ids_hint))
            return
        named = len([item for item in items if field(item, "name") is not None and field(item, "id") is not None])
        formats, readable = [], 0
        for item in items:
            kind, names = _variables(field(item, "customerVariables"))
            if kind not in formats:
                formats.append(kind)
            if names:
                readable += 1
        shown = [kind for kind in formats if not kind.startswith("empty")] or formats
        related = len([item for item in items if field(item, "relatedScripts")])
        read.entry["facts"].update(customer_variables=shown, templates_with_variables=readable,
                                   templates_with_related_scripts=related)
        read.entry["notes"].append("customerVariables: {0}; {1} of {2} templates name their variables".format(
            ", ".join(shown), readable, len(items)))
        if not named:
            self.finding("script_templates", WARNING, "the templates carry no name and id: {0}".format(ids_hint))
            return
        cleanup = ("" if related else "; no template names a related cleanup script: give cleanup_script or"
                                      " cleanup_script_id")
        if readable:
            self.finding("script_templates", OK, "script and variable names work ({0} templates; customerVariables as"
                                                 " {1}){2}".format(len(items), ", ".join(shown), cleanup))
        elif shown == ["absent"]:
            self.finding("script_templates", WARNING, "script names work, but no template carries customerVariables:"
                                                      " give custom_variables as CustomVar.Variable<N>{0}".format(cleanup))
        else:
            self.finding("script_templates", WARNING, "script names work, but no template's customerVariables name a"
                                                      " variable ({0}): give custom_variables as"
                                                      " CustomVar.Variable<N>{1}".format(", ".join(shown), cleanup))

    def sbcs(self):
        read = self.read("sbc_catalogue", SBC_PATH)
        items = read.as_items("GET " + SBC_PATH)
        instead = "use sbc_id (SBC names cannot be resolved)"
        if read.absent:
            read.entry["facts"]["catalogue"] = "absent"
            self.finding("sbc_catalogue", WARNING, "{0}: the platform has no GET {1} (HTTP {2}); its URL is not"
                                                   " public".format(instead, SBC_PATH, read.error.status))
        elif items is None:
            read.entry["facts"]["catalogue"] = "unreadable"
            answer = read.entry["notes"][0] if read.entry["notes"] else read.entry["shape"]
            self.finding("sbc_catalogue", WARNING, "{0}: GET {1} answered: {2}".format(instead, SBC_PATH, answer))
        elif not items:
            read.entry["facts"]["catalogue"] = "empty"
            self.finding("sbc_catalogue", WARNING, "{0}: the SBC catalogue lists no SBC".format(instead))
        elif not [item for item in items if field(item, "name") is not None and field(item, "sbcId", "id") is not None]:
            read.entry["facts"]["catalogue"] = "unnamed"
            self.finding("sbc_catalogue", WARNING, "{0}: the SBCs listed carry no name and id".format(instead))
        else:
            read.entry["facts"]["catalogue"] = "present"
            self.finding("sbc_catalogue", OK, "SBC names work ({0} SBCs listed)".format(len(items)))

    def channels(self):
        read = self.read("channels", CHANNELS_PATH)
        items = read.as_items("GET " + CHANNELS_PATH)
        if items is not None:
            self.finding("channels", OK, "the channel list is readable ({0} channels)".format(len(items)))
        else:
            answer = read.entry["notes"][0] if read.entry["notes"] else read.entry["shape"]
            self.finding("channels", OK, "the channel list is not available ({0}; its URL is not public); the"
                                         " collection does not need it: give channel ids as numbers".format(answer))


def _identities(items):
    return [field(item, "id") if field(item, "id") is not None else sorted(str(k) for k in item) for item in items]


def _variables(value):
    """(the format of a template's customerVariables, the names the collection reads from it)."""
    names = customer_variable_names(value)
    if names is None:
        return ("absent" if value is None else shape_of(value)), []
    if isinstance(value, str):
        kind = "comma-separated text"
    elif isinstance(value, dict):
        kind = "object (names as keys)"
    elif all(isinstance(item, dict) for item in value):
        kind = "list of objects"
    else:
        kind = "list of names"
    return (kind if value else "empty " + kind.partition(" ")[0]), names


def _token_word(token_ok, accepted, params):
    if not token_ok:
        return "no token"
    if not accepted:
        return "token refused"
    return "access token given" if (params or {}).get("access_token") else "token obtained"


def _summary(endpoints, findings, head):
    tried = [e for e in endpoints if e["name"] != "token"]
    answered = [e for e in tried if e["reachable"]]
    counts = dict((status, len([f for f in findings if f["status"] == status])) for status in (OK, WARNING, BLOCKED))
    return "{0}; {1} of {2} reads answered; findings: {3} ok, {4} warning, {5} blocked".format(
        head, len(answered), len(tried), counts[OK], counts[WARNING], counts[BLOCKED])


def probe_platform(client, params, check_mode=False):
    """Read what the platform answers (GET only) and say what it means for the collection.

    Every status and shape is reported, none raises: the probe is what an operator runs before anything else works.
    check_mode changes nothing: the probe only reads.
    """
    probe = _Probe(client, params)
    token_entry, token_ok = probe.token()
    accepted = token_ok and probe.services(token_entry) is not None
    if accepted:
        probe.templates()
        probe.sbcs()
        probe.channels()
    else:
        probe.skipped(NOT_TRIED, "no token" if not token_ok else "the platform refused the token")
    report = dict(changed=False, base_url=client.base_url, endpoints=probe.endpoints, findings=probe.findings,
                  summary=_summary(probe.endpoints, probe.findings, _token_word(token_ok, accepted, params)),
                  blocked=any(f["status"] == BLOCKED for f in probe.findings))
    report = client.redact(report)
    report["markdown"] = render_markdown(report)
    return report


# --- Markdown ------------------------------------------------------------------------------------------------------
def cell(value):
    """A table cell: no control character, no line break, `|` escaped; empty for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        value = "yes" if value else "no"
    elif isinstance(value, (list, tuple)):
        value = "; ".join(clean(item, 1000) for item in value)
    return clean(value, 2000).replace("\\", "\\\\").replace("|", "\\|")


def render_markdown(report):
    lines = ["# Live Platform probe", "", "Platform: {0}".format(cell(report.get("base_url"))), "",
             cell(report.get("summary")), "", "## Findings", "",
             "| topic | status | what it means |", "|---|---|---|"]
    for finding in report.get("findings") or []:
        lines.append("| {0} | {1} | {2} |".format(
            cell(finding.get("topic")), cell(finding.get("status")), cell(finding.get("message"))))
    lines += ["", "## Endpoints", "",
              "| name | request | reachable | status | shape | key casing | count | notes |",
              "|---|---|---|---|---|---|---|---|"]
    for entry in report.get("endpoints") or []:
        request = " ".join(str(part) for part in (entry.get("method"), entry.get("path")) if part)
        lines.append("| {0} | {1} | {2} | {3} | {4} | {5} | {6} | {7} |".format(
            cell(entry.get("name")), cell(request or "-"), cell(bool(entry.get("reachable"))),
            cell(entry.get("status")), cell(entry.get("shape")), cell(entry.get("key_casing")),
            cell(entry.get("count")), cell(entry.get("notes"))))
    return "\n".join(lines) + "\n"
