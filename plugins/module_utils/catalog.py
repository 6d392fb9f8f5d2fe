# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The platform's catalogues (SBCs, script templates, channels) and the names operators use for them."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import ApiError, InputError, PlatformLacks
from ansible_collections.audiocodes.live_platform.plugins.module_utils.records import as_list, field
from ansible_collections.audiocodes.live_platform.plugins.module_utils.validation import CUSTOM_VAR_KEY

SBC_PATH = "/api/v2/sbc"  # not public; the simulator's choice, see docs/api-assumptions.md
SCRIPT_TEMPLATES_PATH = "/api/v2/scripttemplates"
CHANNELS_PATH = "/api/ovoc/v1/topology/channels"
PAGE_SIZE = 100
MAX_PAGES = 1000  # a last guard; a repeated or short page ends the paging long before
# Statuses that say the path itself does not exist on this platform (an unknown route, a verb not allowed).
ABSENT_STATUSES = (404, 405, 501)
INSTEAD = {
    SBC_PATH: "SBC names cannot be resolved on this platform; give sbc_id (the SBC's id) instead of sbc",
    SCRIPT_TEMPLATES_PATH: ("script and customer-variable names cannot be resolved on this platform; give"
                            " onboarding_script_id and cleanup_script_id, and custom_variables as"
                            " CustomVar.Variable<N>"),
}


def sbc_record(raw):
    return dict(
        id=field(raw, "sbcId", "id"),
        name=field(raw, "name"),
        fqdn=field(raw, "fqdn"),
        ip_address=field(raw, "ipAddress"),
        cac_profiles=list(field(raw, "cacProfiles", default=[]) or []),
        proxy_sets=list(field(raw, "proxySets", default=[]) or []),
    )


def customer_variable_names(value):
    """The ordered customer-variable names of a script, whichever form the platform sends them in.

    None when the platform does not give them (or in a form not understood): the order is then unknown.
    """
    if value is None:
        return None
    if isinstance(value, str):
        return [name.strip() for name in re.split(r"[,;\n]", value) if name.strip()]
    if isinstance(value, dict):
        return [str(name) for name in value]
    if not isinstance(value, list):
        return None
    names = []
    for item in value:
        name = field(item, "name", "key", "variableName") if isinstance(item, dict) else item
        if isinstance(name, (dict, list)):
            return None
        if name:
            names.append(str(name))
    return names


def script_record(raw):
    return dict(
        id=field(raw, "id"),
        name=field(raw, "name"),
        script_type=field(raw, "scriptType"),
        description=field(raw, "description"),
        customer_variables=customer_variable_names(field(raw, "customerVariables")),
        related_scripts=[dict(id=field(item, "key", "id"), name=field(item, "value", "name"))
                         for item in field(raw, "relatedScripts", default=[]) or [] if isinstance(item, dict)],
    )


def read_catalogue(client, path, params=None):
    """The items of a catalogue list; PlatformLacks when this platform has no such endpoint."""
    try:
        return as_list(client.get(path, params=params), "GET " + path)
    except ApiError as exc:
        if exc.status in ABSENT_STATUSES:
            raise PlatformLacks("GET", path, exc.status, INSTEAD.get(path, "it cannot be used"))
        raise


def list_sbcs(client):
    return [sbc_record(item) for item in read_catalogue(client, SBC_PATH)]


def list_script_templates(client, script_type="SBC", all_details=False):
    """Every template, page by page (pageNumber from 0).

    The paging parameters' names are assumed: a page shorter than asked for, or one that repeats what was read
    (a platform that ignores them), is the last.
    """
    templates, seen = [], set()
    for page in range(MAX_PAGES):
        params = dict(scriptType=script_type, allDetails=str(bool(all_details)).lower(),
                      pageNumber=page, pageSize=PAGE_SIZE)
        records = [script_record(item) for item in read_catalogue(client, SCRIPT_TEMPLATES_PATH, params)]
        fresh = [record for record in records if record["id"] not in seen]
        seen.update(record["id"] for record in fresh)
        templates.extend(fresh)
        if len(records) < PAGE_SIZE or not fresh:
            break
    return templates


def _names(records):
    return ", ".join(sorted(str(r["name"]) for r in records)) or "none"


def find_by_name_or_id(records, option, name=None, record_id=None, kind="entry"):
    """The record whose name (case-insensitively) or id matches; an InputError listing the known ones if none."""
    for record in records:
        if record_id is not None and record["id"] == record_id:
            return record
        if name is not None and str(record["name"]).lower() == str(name).lower():
            return record
    wanted = "named '{0}'".format(name) if name is not None else "with id {0}".format(record_id)
    raise InputError(option, "no {0} {1} on the platform; known: {2}".format(kind, wanted, _names(records)))


def cleanup_script_for(onboarding, templates, name=None, script_id=None):
    """The cleanup script given, or else the one related to the onboarding script."""
    if name is not None or script_id is not None:
        return find_by_name_or_id(templates, "cleanup_script" if name is not None else "cleanup_script_id",
                                  name, script_id, "SBC script")
    related = onboarding["related_scripts"]
    if len(related) == 1:
        return dict(related[0])  # as the onboarding script names it: a cleanup script may be missing from the list
    raise InputError("cleanup_script", "is required: onboarding script '{0}' has {1} related scripts ({2})".format(
        onboarding["name"], len(related), _names(related)))


def map_custom_variables(variables, script):
    """``{'IPPBX-ProxyAddress': '10.0.0.1'}`` → ``{'CustomVar.Variable1': '10.0.0.1'}`` by the script's order.

    script is None, or its ``customer_variables`` None or empty, when the order is unknown (ids given, or a platform
    whose templates do not list them): raw ``CustomVar.Variable<N>`` keys then pass through as the operator wrote
    them, and a name cannot be mapped.
    """
    defined = (script or {}).get("customer_variables") or []
    mapped = {}
    for name, value in (variables or {}).items():
        raw = CUSTOM_VAR_KEY.match(name)
        if raw:
            position = int(raw.group(1))
            if defined and position > len(defined):
                raise InputError("custom_variables", "{0} is out of range: onboarding script '{1}' defines {2}"
                                 " customer variable(s)".format(name, script["name"], len(defined)))
        elif not defined:
            raise InputError("custom_variables", _unmappable(name, script))
        else:
            matches = [i for i, known in enumerate(defined) if known.lower() == name.lower()]
            if not matches:
                raise InputError("custom_variables", "'{0}' is not a customer variable of onboarding script '{1}';"
                                 " it defines: {2}".format(name, script["name"], ", ".join(defined)))
            position = matches[0] + 1
        key = "CustomVar.Variable{0}".format(position)
        if key in mapped:
            raise InputError("custom_variables", "'{0}' is given twice (by name and as {1})".format(name, key))
        mapped[key] = str(value)
    return mapped


def _unmappable(name, script):
    return ("'{0}' cannot be mapped to its position: the platform does not list the customer variables of onboarding"
            " script '{1}' (GET {2} gives none). Give it in the raw form CustomVar.Variable<N>, N being its position"
            " in the script's Customer variables, for example CustomVar.Variable1: <value>".format(
                name, script.get("name") or script.get("id"), SCRIPT_TEMPLATES_PATH))


def check_choice(value, choices, option, sbc):
    """An SBC lists its CAC profiles and proxy sets; a value it does not list would fail on the platform."""
    if value is None or not choices:
        return
    if value not in choices:
        raise InputError(option, "'{0}' is not offered by SBC '{1}'; it offers: {2}".format(
            value, sbc["name"], ", ".join(choices)))


def _select(records, params):
    name, record_id = params.get("name"), params.get("id")
    return [r for r in records
            if (name is None or str(r["name"]).lower() == name.lower()) and (record_id is None or r["id"] == record_id)]


def sbc_info(client, params, check_mode=False):
    return dict(changed=False, sbcs=_select(list_sbcs(client), params))


def script_template_info(client, params, check_mode=False):
    templates = list_script_templates(client, params.get("script_type") or "Any", all_details=False)
    return dict(changed=False, script_templates=_select(templates, params))


# --- the catalogues a session task read once for a run (plugins/module_utils/session.py) --------------------------
CATALOGUES = (("sbcs", list_sbcs), ("script_templates", list_script_templates))
RECORD_KEYS = dict(sbcs=("id", "name", "cac_profiles", "proxy_sets"),
                   script_templates=("id", "name", "customer_variables", "related_scripts"))


def given_catalogue(value):
    """A module's ``catalogue`` option, checked: {sbcs: records or None, script_templates: records or None}."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InputError("catalogue", "must be the catalogue a session task returned (a mapping), got a {0}".format(
            type(value).__name__))
    unknown = sorted(set(value) - set(RECORD_KEYS))
    if unknown:
        raise InputError("catalogue", "has unknown keys {0}; known: {1}".format(", ".join(unknown), ", ".join(
            sorted(RECORD_KEYS))))
    for name, keys in RECORD_KEYS.items():
        records = value.get(name)
        if records is None:
            continue
        if not isinstance(records, list) or not all(isinstance(r, dict) and all(k in r for k in keys)
                                                    for r in records):
            raise InputError("catalogue." + name, "must be a list of records with {0}, as the session module returns"
                                                  " them".format(", ".join(keys)))
    return value
