"""Validation of create bodies (POST /api/v2/customer), add- and modify-SIP-connection bodies, dial-plan changes and
licence changes.

Each failed rule yields ``errors[<field>] = [<rule text>]`` with the field named as in the documented request
(``shortName``, ``siteLocation.sbcId``, ``scriptParameters.CarrierUserPassword``...). Keys are read
case-insensitively [ASSUME].
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from .catalog import Catalog

SHORT_NAME_FORBIDDEN = set('\\/:*?"<>|')
OVOC_TYPES = ("IPGROUP_TYPE", "TENANT_TYPE")
CUSTOM_VAR = re.compile(r"^customvar\.variable(\d+)$", re.IGNORECASE)
KNOWN_PARAMS = {
    k.lower(): k
    for k in (
        "CacProfile", "ProxySet", "OnlinePstnGateway", "CarrierUserName", "CarrierUserPassword",
        "CarrierMainLine", "CarrierHostName",
    )
}
# Spellings used by the document's table ("CACProfile", "Proxy Set") map to the same keys.
KNOWN_PARAMS["proxy set"] = "ProxySet"

TOP_KEYS = {
    k.lower(): k
    for k in (
        "shortName", "fullName", "siteLocation", "ovocCustomerType", "msTenantId", "channelId", "lcCustomerId",
        "scriptParameters", "SbcConfigurationType",
    )
}
SITE_KEYS = {
    k.lower(): k
    for k in ("sbcId", "sbcOnboardingScript", "sbcCleanupScript", "siteLocationName", "ovocCustomerType",
              "scriptParameters")
}


class ValidationFailed(Exception):
    def __init__(self, errors: dict[str, list[str]], code: str = "ValidationFailed"):
        super().__init__("; ".join(f"{k}: {v[0]}" for k, v in errors.items()))
        self.errors = errors
        self.code = code

    @property
    def detail(self) -> str:
        field, rules = next(iter(self.errors.items()))
        return f"{field}: {rules[0]}"


def _canon(obj: dict[str, Any], keys: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in obj.items():
        out[keys.get(str(k).lower(), k)] = v
    return out


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_guid(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return len(value.strip("{}")) == 36


def short_name_rule(value: Any) -> str | None:
    if value is None or value == "":
        return "The shortName field is required."
    if not isinstance(value, str):
        return "must be a string."
    if not 3 <= len(value) <= 15:
        return "must be between 3 and 15 characters long."
    bad = sorted({c for c in value if c in SHORT_NAME_FORBIDDEN})
    if bad:
        return "must not contain any of the characters \\ / : * ? \" < > | (found " + " ".join(bad) + ")."
    if "." in value:
        return "must not contain a dot."
    if any(c.isspace() for c in value):
        return "must not contain blanks (white space)."
    return None


def _site(catalog: Catalog, site: dict[str, Any], prefix: str, errors: dict[str, list[str]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    sbc = None
    value = site.get("sbcId")
    if value is None:
        errors[f"{prefix}sbcId"] = ["The sbcId field is required."]
    elif not _is_int(value):
        errors[f"{prefix}sbcId"] = ["must be an integer."]
    elif value not in catalog.sbcs:
        errors[f"{prefix}sbcId"] = [f"SBC {value} is not a known SBC."]
    else:
        sbc = catalog.sbcs[value]
        out["sbcId"] = value
    onboarding = None
    for key in ("sbcOnboardingScript", "sbcCleanupScript"):
        value = site.get(key)
        if value is None:
            errors[f"{prefix}{key}"] = [f"The {key} field is required."]
        elif not _is_int(value):
            errors[f"{prefix}{key}"] = ["must be an integer."]
        elif value not in catalog.templates or catalog.templates[value]["scriptType"] != 1:
            errors[f"{prefix}{key}"] = [f"script {value} is not a known SBC script template."]
        else:
            out[key] = value
            if key == "sbcOnboardingScript":
                onboarding = catalog.templates[value]
            elif onboarding is not None and onboarding["related"] and value not in onboarding["related"]:
                errors[f"{prefix}{key}"] = [
                    f"script {value} is not a cleanup script related to onboarding script {onboarding['id']} "
                    f"(expected one of {', '.join(str(r) for r in onboarding['related'])})."
                ]
                out.pop(key)
    out["_sbc"] = sbc
    out["_onboarding"] = onboarding
    return out


def _script_parameters(params: Any, sbc: dict[str, Any] | None, onboarding: dict[str, Any] | None,
                       prefix: str, errors: dict[str, list[str]]) -> dict[str, str]:
    if params is None:
        return {}
    if not isinstance(params, dict):
        errors[prefix.rstrip(".")] = ["must be an object of string values."]
        return {}
    out: dict[str, str] = {}
    for raw_key, value in params.items():
        key = KNOWN_PARAMS.get(str(raw_key).lower(), str(raw_key))
        if str(raw_key).lower() == "cacprofile":
            key = "CacProfile"
        m = CUSTOM_VAR.match(str(raw_key))
        if m:
            key = f"CustomVar.Variable{int(m.group(1))}"
        field = f"{prefix}{key}"
        if value is None:
            continue
        if not isinstance(value, str):
            errors[field] = ["must be a string."]
            continue
        out[key] = value
        if key == "CacProfile" and sbc is not None and value not in sbc["cacProfiles"]:
            errors[field] = [f"'{value}' is not a CAC profile of SBC {sbc['sbcId']} "
                             f"(one of: {', '.join(sbc['cacProfiles'])})."]
        elif key == "ProxySet" and sbc is not None and value not in sbc["proxySets"]:
            errors[field] = [f"'{value}' is not a proxy set of SBC {sbc['sbcId']} "
                             f"(one of: {', '.join(sbc['proxySets'])})."]
        elif key == "CarrierUserName" and len(value) > 60:
            errors[field] = ["must be at most 60 characters long."]
        elif key == "CarrierUserPassword" and len(value) > 50:
            errors[field] = ["must be at most 50 characters long."]
        elif key == "CarrierUserPassword" and any(ord(c) > 127 for c in value):
            errors[field] = ["must not contain wide characters."]
        elif m and onboarding is not None:
            n = int(m.group(1))
            count = len(onboarding["customerVariables"])
            if not 1 <= n <= count:
                errors[field] = [f"script {onboarding['id']} defines {count} customer variable(s); "
                                 f"the variable number must be between 1 and {count}."]
    return out


def validate_create(catalog: Catalog, body: Any) -> dict[str, Any]:
    """Return the normalised create request or raise ValidationFailed."""
    if not isinstance(body, dict):
        raise ValidationFailed({"body": ["The request body must be a JSON object."]})
    b = _canon(body, TOP_KEYS)
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = {}

    rule = short_name_rule(b.get("shortName"))
    if rule:
        errors["shortName"] = [rule]
    else:
        out["shortName"] = b["shortName"]

    full = b.get("fullName")
    if full is None or full == "":
        out["fullName"] = out.get("shortName")
    elif not isinstance(full, str):
        errors["fullName"] = ["must be a string."]
    elif len(full) > 200:
        errors["fullName"] = ["must be at most 200 characters long."]
    else:
        out["fullName"] = full

    site = b.get("siteLocation")
    if isinstance(site, list) and len(site) == 1:
        site = site[0]
    parsed_site: dict[str, Any] = {"_sbc": None, "_onboarding": None}
    if site is None:
        errors["siteLocation"] = ["The siteLocation field is required."]
    elif not isinstance(site, dict):
        errors["siteLocation"] = ["must be an object with sbcId, sbcOnboardingScript and sbcCleanupScript."]
    else:
        parsed_site = _site(catalog, _canon(site, SITE_KEYS), "siteLocation.", errors)

    ovoc = b.get("ovocCustomerType")
    if ovoc is None:
        out["ovocCustomerType"] = "IPGROUP_TYPE"
    elif ovoc not in OVOC_TYPES:
        errors["ovocCustomerType"] = ["must be IPGROUP_TYPE or TENANT_TYPE."]
    else:
        out["ovocCustomerType"] = ovoc

    ms = b.get("msTenantId")
    if ms is None or ms == "":
        errors["msTenantId"] = ["The msTenantId field is required."]
    elif not is_guid(ms):
        errors["msTenantId"] = ["must be a valid Microsoft tenant id (GUID)."]
    else:
        out["msTenantId"] = str(ms).strip("{}").lower()

    channel = b.get("channelId")
    out["channelId"] = None
    if channel is not None and channel != "":
        if isinstance(channel, str) and channel.strip().isdigit():
            channel = int(channel.strip())
        if not _is_int(channel):
            errors["channelId"] = ["must be an integer channel id."]
        elif channel not in catalog.channels:
            errors["channelId"] = [f"channel {channel} is not a known channel."]
        else:
            out["channelId"] = channel

    lc = b.get("lcCustomerId")
    out["lcCustomerId"] = None
    if lc is not None and lc != "":
        if isinstance(lc, str) and lc.strip().isdigit():
            lc = int(lc.strip())
        if not _is_int(lc):
            errors["lcCustomerId"] = ["must be an integer (or a string of digits)."]
        else:
            out["lcCustomerId"] = lc

    out["scriptParameters"] = _script_parameters(
        b.get("scriptParameters"), parsed_site["_sbc"], parsed_site["_onboarding"], "scriptParameters.", errors
    )
    if errors:
        raise ValidationFailed(errors)
    out["site"] = {k: v for k, v in parsed_site.items() if not k.startswith("_")}
    return out


def validate_add_site(catalog: Catalog, body: Any) -> dict[str, Any]:
    """Body of POST /api/v2/customer/{guid}/sitelocation/."""
    if not isinstance(body, dict):
        raise ValidationFailed({"body": ["The request body must be a JSON object."]})
    b = _canon(body, SITE_KEYS)
    errors: dict[str, list[str]] = {}
    parsed = _site(catalog, b, "", errors)
    out: dict[str, Any] = {}
    name = b.get("siteLocationName")
    if name is not None and (not isinstance(name, str) or not 1 <= len(name) <= 64):
        errors["siteLocationName"] = ["must be a string of 1 to 64 characters."]
    out["siteLocationName"] = name or None
    ovoc = b.get("ovocCustomerType", "IPGROUP_TYPE")
    if ovoc != "IPGROUP_TYPE":
        errors["ovocCustomerType"] = ["must be IPGROUP_TYPE."]
    out["ovocCustomerType"] = "IPGROUP_TYPE"
    out["scriptParameters"] = _script_parameters(
        b.get("scriptParameters"), parsed["_sbc"], parsed["_onboarding"], "scriptParameters.", errors
    )
    if errors:
        raise ValidationFailed(errors)
    out["site"] = {k: v for k, v in parsed.items() if not k.startswith("_")}
    return out


# -- Modify SIP Connection (PATCH /api/v2/customer/{guid}/sitelocation/) ---------------------------------------------
MODIFY_KEYS = {
    k.lower(): k
    for k in ("sbcSiteGuid", "sbcId", "sbcSiteName", "CacProfile", "enableCAC", "flagConfigureSbc",
              "flagCarrierRegistration", "CarrierUserName", "CarrierUserPassword", "CarrierMainLine",
              "CarrierMailLine", "CarrierHostName")
}
# Flags of the Modify body and the value a request leaves out takes (enableCAC and flagConfigureSbc: documented
# "default true"; flagCarrierRegistration: no default documented, false as an unset boolean) [API §7 / ASSUME].
MODIFY_FLAGS = {"enableCAC": True, "flagConfigureSbc": True, "flagCarrierRegistration": False}
# Carrier fields of the Modify body: stored script parameter -> maximum length (None: no documented limit).
CARRIER_FIELDS: dict[str, int | None] = {
    "CarrierUserName": 60, "CarrierUserPassword": 50, "CarrierMainLine": None, "CarrierHostName": None,
}


def _carrier_rule(key: str, value: Any) -> str | None:
    if not isinstance(value, str):
        return "must be a string."
    limit = CARRIER_FIELDS[key]
    if limit is not None and len(value) > limit:
        return f"must be at most {limit} characters long."
    if key == "CarrierUserPassword" and any(ord(c) > 127 for c in value):
        return "must not contain wide characters."
    return None


def _main_line(b: dict[str, Any], errors: dict[str, list[str]]) -> tuple[str, Any]:
    """``CarrierMainLine``, or the documented misspelling ``CarrierMailLine``: (field as sent, value)."""
    main, mail = b.get("CarrierMainLine"), b.get("CarrierMailLine")
    if main is not None and mail is not None and main != mail:
        errors["CarrierMailLine"] = ["differs from CarrierMainLine (send one of the two spellings)."]
    if main is None and mail is not None:
        return "CarrierMailLine", mail
    return "CarrierMainLine", main


def validate_modify_site(body: Any) -> dict[str, Any]:
    """Shape of a Modify SIP Connection body (the checks that need the site come in ``check_modify_site``).

    Returns ``{"siteId", "sbcId", "sbcSiteName", "flags": {...}, "params": {key: value or "" to clear}}``; a field
    left out (or null) is ``None`` / missing from ``params`` and leaves the stored value as it is, except the flags,
    which take their default (``MODIFY_FLAGS``)."""
    if not isinstance(body, dict):
        raise ValidationFailed({"body": ["The request body must be a JSON object."]})
    b = _canon(body, MODIFY_KEYS)
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = {"siteId": None, "sbcId": None, "sbcSiteName": None, "flags": {}, "params": {}}

    site_id = b.get("sbcSiteGuid")
    if site_id is None or site_id == "":
        errors["sbcSiteGuid"] = ["The sbcSiteGuid field is required."]
    elif not is_guid(site_id):
        errors["sbcSiteGuid"] = ["must be the id (GUID) of a SIP connection of the service."]
    else:
        out["siteId"] = site_id.strip("{}").lower()

    sbc_id = b.get("sbcId")
    if sbc_id is not None and not _is_int(sbc_id):
        errors["sbcId"] = ["must be an integer."]
    out["sbcId"] = sbc_id
    name = b.get("sbcSiteName")
    if name is not None and not isinstance(name, str):
        errors["sbcSiteName"] = ["must be a string."]
    out["sbcSiteName"] = name

    for flag, default in MODIFY_FLAGS.items():
        value = b.get(flag)
        if value is None:
            out["flags"][flag] = default
        elif not isinstance(value, bool):
            errors[flag] = ["must be true or false."]
        else:
            out["flags"][flag] = value

    cac = b.get("CacProfile")
    if cac is not None:
        if not isinstance(cac, str):
            errors["CacProfile"] = ["must be a string."]
        else:
            out["params"]["CacProfile"] = cac
    main_field, main_value = _main_line(b, errors)
    for key in CARRIER_FIELDS:
        field, value = (main_field, main_value) if key == "CarrierMainLine" else (key, b.get(key))
        if value is None:
            continue
        rule = _carrier_rule(key, value)
        if rule:
            errors.setdefault(field, [rule])
        else:
            out["params"][key] = value
    if errors:
        raise ValidationFailed(errors)
    return out


def check_modify_site(catalog: Catalog, data: dict[str, Any], site: dict[str, Any]) -> None:
    """The Modify checks that need the stored site: ``sbcId`` and ``sbcSiteName`` cannot be changed [ASSUME]; a CAC
    profile must be one of the site's SBC (as for the create)."""
    errors: dict[str, list[str]] = {}
    if data["sbcId"] is not None and data["sbcId"] != site["sbcId"]:
        errors["sbcId"] = [f"the SBC of a SIP connection cannot be changed (it is {site['sbcId']}); delete the "
                           f"SIP connection and add a new one instead."]
    if data["sbcSiteName"] is not None and data["sbcSiteName"] != site["name"]:
        errors["sbcSiteName"] = [f"the name of a SIP connection cannot be changed (it is '{site['name']}')."]
    cac = data["params"].get("CacProfile")
    sbc = catalog.sbcs.get(site["sbcId"])
    if cac is not None and sbc is not None and cac not in sbc["cacProfiles"]:
        errors["CacProfile"] = [f"'{cac}' is not a CAC profile of SBC {sbc['sbcId']} "
                                f"(one of: {', '.join(sbc['cacProfiles'])})."]
    if errors:
        raise ValidationFailed(errors)


# -- dial plan of a SIP connection -----------------------------------------------------------------------------------
DIAL_PLAN_KEYS = {k.lower(): k for k in ("dialPlanId", "add", "remove")}
RULE_KEYS = {k.lower(): k for k in ("name", "prefix", "tag")}
PREFIX = re.compile(r"^\+?[0-9xX\[\]\-*#]+$")
FQDN = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                  r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$")


def _rule_errors(rule: dict[str, Any]) -> dict[str, str]:
    """Field -> rule text for one dial-plan rule ``{name, prefix, tag}``."""
    out: dict[str, str] = {}
    name, prefix, tag = rule.get("name"), rule.get("prefix"), rule.get("tag")
    if not isinstance(name, str) or not 1 <= len(name) <= 64:
        out["name"] = "must be a string of 1 to 64 characters."
    if not isinstance(prefix, str):
        out["prefix"] = "must be a string."
    elif not 1 <= len(prefix) <= 32:
        out["prefix"] = "must be 1 to 32 characters long."
    elif not PREFIX.match(prefix):
        out["prefix"] = "may contain only digits, a leading +, and the wildcards x X [ ] - * #."
    if not isinstance(tag, str):
        out["tag"] = "must be a string."
    elif len(tag) > 253 or not FQDN.match(tag):
        out["tag"] = "must be a host name (FQDN, e.g. the derived trunk's) of at most 253 characters."
    return out


def _rules(value: Any, field: str, errors: dict[str, list[str]]) -> list[dict[str, str]]:
    if value is None:
        return []
    if not isinstance(value, list):
        errors[field] = ["must be a list of rules {name, prefix, tag}."]
        return []
    out = []
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            errors[f"{field}[{i}]"] = ["must be an object with name, prefix and tag."]
            continue
        rule = _canon(item, RULE_KEYS)
        bad = _rule_errors(rule)
        for key, text in bad.items():
            errors[f"{field}[{i}].{key}"] = [text]
        if not bad:
            out.append({"name": rule["name"], "prefix": rule["prefix"], "tag": rule["tag"]})
    return out


def validate_dial_plan_patch(body: Any, dial_plan_id: str) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """``{"dialPlanId", "add": [rule], "remove": [rule]}`` -> (rules to add, rules to remove)."""
    if not isinstance(body, dict):
        raise ValidationFailed({"body": ["The request body must be a JSON object."]})
    b = _canon(body, DIAL_PLAN_KEYS)
    errors: dict[str, list[str]] = {}
    given = b.get("dialPlanId")
    if given is not None and not isinstance(given, str):
        errors["dialPlanId"] = ["must be a string."]
    elif given is not None and given != dial_plan_id:
        errors["dialPlanId"] = [f"'{given}' differs from the dial plan of the URL ('{dial_plan_id}')."]
    add = _rules(b.get("add"), "add", errors)
    remove = _rules(b.get("remove"), "remove", errors)
    if errors:
        raise ValidationFailed(errors)
    return add, remove


# -- licence change (PATCH /api/v3/customer/{guid}) ------------------------------------------------------------------
LICENSE_TYPES = (1, 2, 4, 5)  # the values a change may name [DOC]
HOSTED_LINE = (0, 1, 2)  # Hosted Essentials / Essentials Plus / Pro; 3, 4, 5 are Operator Connect [API §2]
# Field names read by each value of the ``license_field`` variant.
LICENSE_FIELDS = {
    "both": ("licensetype", "upgradetolicense"),
    "license_type": ("licensetype",),
    "upgrade_to_license": ("upgradetolicense",),
}
COUNT_FIELDS = {"licensecount": "licenseCount", "licenseduserscount": "licensedUsersCount"}


class InvalidLicenseChange(Exception):
    """Answered with the documented bare string ``"Invalid change for License Type!"`` (400)."""


def _license_type(b: dict[str, Any], current: int, names: tuple[str, ...]) -> int:
    values = [b[n] for n in names if b.get(n) is not None]
    if not values or any(not _is_int(v) or v not in LICENSE_TYPES for v in values) or len(set(values)) > 1:
        raise InvalidLicenseChange()
    new = values[0]
    if (current in HOSTED_LINE) != (new in HOSTED_LINE):
        raise InvalidLicenseChange()  # across product lines [ASSUME]
    return new


def _license_count(b: dict[str, Any]) -> int | None:
    errors: dict[str, list[str]] = {}
    counts: dict[str, int] = {}
    for key, field in COUNT_FIELDS.items():
        value = b.get(key)
        if value is None:
            continue
        if not _is_int(value) or value < 1:
            errors[field] = ["must be a positive integer."]
        else:
            counts[field] = value
    if len(set(counts.values())) > 1:
        errors["licensedUsersCount"] = ["differs from licenseCount (send one of the two)."]
    if errors:
        raise ValidationFailed(errors)
    return next(iter(counts.values()), None)


def license_change(body: Any, current: int, fields: str = "both") -> tuple[int, int | None]:
    """(new licence type, new licensed-users count or None) of a licence-change body; ``fields`` is the
    ``license_field`` variant. InvalidLicenseChange for a missing or refused type; ValidationFailed for a bad count."""
    if not isinstance(body, dict):
        raise InvalidLicenseChange()
    b = {str(k).lower(): v for k, v in body.items()}
    new = _license_type(b, current, LICENSE_FIELDS[fields])
    return new, _license_count(b)


def seed_licence(body: Any) -> tuple[int, int]:
    """(LicenseType, LicensedUsersCount) of a seed service: optional ``licenseType`` 0..5 (default 0, Hosted
    Essentials) and ``licensedUsersCount`` >= 0 (default 0), so that a seed can hold Operator Connect services."""
    b = {str(k).lower(): v for k, v in body.items()} if isinstance(body, dict) else {}
    kind, count = b.get("licensetype", 0), b.get("licenseduserscount", 0)
    errors: dict[str, list[str]] = {}
    if not _is_int(kind) or not 0 <= kind <= 5:
        errors["licenseType"] = ["must be an integer from 0 to 5."]
    if not _is_int(count) or count < 0:
        errors["licensedUsersCount"] = ["must be an integer >= 0."]
    if errors:
        raise ValidationFailed(errors)
    return kind, count
