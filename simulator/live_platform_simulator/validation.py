"""Validation of create bodies (POST /api/v2/customer) and add-SIP-connection bodies.

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
