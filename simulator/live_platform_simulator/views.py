"""Service records (what the store keeps) and their documented JSON views."""

from __future__ import annotations

import random
import string
import uuid
from datetime import datetime, timezone
from typing import Any

from .catalog import Catalog
from .deployments import STATE_CODES, now_iso, progress_text
from .requestlog import mask
from .validation import CUSTOM_VAR, HOSTED_LINE, MODIFY_FLAGS
from .variants import state_view

_name_rng = random.SystemRandom()


def site_name() -> str:
    """Generated site names look like the documented ``GSBFZUBGHWOFI`` (13 upper-case letters)."""
    return "".join(_name_rng.choice(string.ascii_uppercase) for _ in range(13))


def build_site(site: dict[str, Any], params: dict[str, str], ovoc_type: str, name: str | None,
               progress: list[list[str]], state: str = "InProgress") -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "name": name or site_name(),
        "sbcId": site["sbcId"],
        "sbcOnboardingScript": site["sbcOnboardingScript"],
        "sbcCleanupScript": site["sbcCleanupScript"],
        "ovocCustomerType": ovoc_type,
        "sbcConfigurationType": "SipTrunk",
        "scriptParameters": params,
        "state": state,
        "progress": progress,
        "errorDetails": None,
        "task": None,
        "pendingTasks": [],
        "createTime": now_iso(),
        **MODIFY_FLAGS,
        "dialPlans": {},
    }


def build_service(data: dict[str, Any], state: str = "InProgress") -> dict[str, Any]:
    progress = [["Information", "MsTenantid is valid"], ["Information", "Customer data created!"]]
    if state == "Deployed":
        progress += [
            ["Information", f"SBC sbc-onboarding done for site {data['shortName']}."],
            ["Information", "CreateSiteInOvoc started."],
            ["Information", "Site created in Ovoc"],
        ]
    site = build_site(data["site"], data["scriptParameters"], data["ovocCustomerType"], None, progress, state)
    return {
        "id": str(uuid.uuid4()),
        "shortName": data["shortName"],
        "fullName": data["fullName"],
        "licenseType": 0,
        "licensedUsersCount": 0,
        "ovocCustomerType": data["ovocCustomerType"],
        "msTenantId": data["msTenantId"],
        "channelId": data["channelId"],
        "lcCustomerId": data["lcCustomerId"],
        "createTime": now_iso(),
        "deleting": False,
        "creationSite": site["id"],
        "creation": None,
        "sites": [site],
    }


def creation_site(svc: dict[str, Any]) -> dict[str, Any] | None:
    for site in svc["sites"]:
        if site["id"] == svc["creationSite"]:
            return site
    return None


def put_state(item: dict[str, Any], key: str, state: str, vocabulary: str) -> dict[str, Any]:
    """``item[key]`` = the canonical ``state`` in the ``states`` variant's vocabulary; no key at all for ``missing``."""
    if vocabulary != "missing":
        item[key] = state_view(state, vocabulary)
    return item


def deployment_fields(svc: dict[str, Any], vocabulary: str = "canonical") -> dict[str, Any]:
    site = creation_site(svc)
    if site is None:  # the first SIP connection was deleted later: last known outcome
        known = svc.get("creation") or {"deploymentState": "Deployed", "errorDetails": None, "progressDetails": ""}
        state, error, progress = known["deploymentState"], known["errorDetails"], known["progressDetails"]
    else:
        state, error, progress = site["state"], site["errorDetails"], progress_text(site["progress"])
    out = put_state({}, "deploymentState", state, vocabulary)
    out.update({"errorDetails": error, "progressDetails": progress})
    return out


def create_response(svc: dict[str, Any], vocabulary: str = "canonical") -> dict[str, Any]:
    return {
        "id": svc["id"],
        "customerId": svc["shortName"],
        "siteLocationIds": [svc["creationSite"]],
        **deployment_fields(svc, vocabulary),
    }


def v2_item(svc: dict[str, Any]) -> dict[str, Any]:
    return {"Id": svc["id"], "ShortName": svc["shortName"], "FullName": svc["fullName"],
            "LicenseType": svc["licenseType"]}


def v2_detail(svc: dict[str, Any], vocabulary: str = "canonical") -> dict[str, Any]:
    item = v2_item(svc)
    item["SiteLocation"] = [
        put_state({"id": s["id"], "name": s["name"], "sbcId": s["sbcId"]}, "sbcDeploymentState", s["state"], vocabulary)
        for s in svc["sites"]
    ]
    return item


def v3_item(svc: dict[str, Any], all_details: bool, vocabulary: str = "canonical") -> dict[str, Any]:
    item: dict[str, Any] = {
        "UmpCustomerGuid": svc["id"],
        "CustomerShortName": svc["shortName"],
        "CustomerFullName": svc["fullName"],
        "LicenseType": svc["licenseType"],
        "LicensedUsersCount": svc.get("licensedUsersCount", 0),
        "MsTenantId": svc["msTenantId"],
        "ActiveUserCount": 0,
    }
    if all_details:
        item["SiteLocation"] = [
            {**put_state({"id": s["id"], "name": s["name"], "sbcId": s["sbcId"]}, "sbcDeploymentState", s["state"],
                         vocabulary),
             "sbcConfigurationType": s["sbcConfigurationType"]}
            for s in svc["sites"]
        ]
    return item


def customer_variables(catalog: Catalog, site: dict[str, Any]) -> dict[str, str]:
    tpl = catalog.templates.get(site["sbcOnboardingScript"])
    names = tpl["customerVariables"] if tpl else []
    out: dict[str, str] = {}
    for key, value in site["scriptParameters"].items():
        m = CUSTOM_VAR.match(key)
        if m and 1 <= int(m.group(1)) <= len(names):
            out[names[int(m.group(1)) - 1]] = value
        else:
            out[key] = value
    return out


def flag(site: dict[str, Any], name: str) -> bool:
    """A site's Modify flag; records made before the flags existed have their defaults."""
    return bool(site.get(name, MODIFY_FLAGS[name]))


def apply_site_changes(site: dict[str, Any], data: dict[str, Any]) -> None:
    """Store a validated Modify SIP Connection body: flags, and script parameters (an empty string removes one)."""
    site.update(data["flags"])
    params = site["scriptParameters"]
    for key, value in data["params"].items():
        if value == "":
            params.pop(key, None)
        else:
            params[key] = value


def dial_plan_rules(site: dict[str, Any], dial_plan_id: str) -> list[dict[str, str]]:
    return list(site.get("dialPlans", {}).get(dial_plan_id, []))


def change_dial_plan(site: dict[str, Any], dial_plan_id: str, add: list[dict[str, str]],
                     remove: list[dict[str, str]]) -> None:
    """Remove the rules equal to one of ``remove`` (name and prefix exactly, tag case-insensitively; a rule not there
    is ignored), then add ``add`` in order: a rule whose name exists replaces it in place, others are appended."""
    def key(rule: dict[str, str]) -> tuple[str, str, str]:
        return rule["name"], rule["prefix"], rule["tag"].lower()

    gone = {key(r) for r in remove}
    rules = [r for r in site.get("dialPlans", {}).get(dial_plan_id, []) if key(r) not in gone]
    for new in add:
        at = next((i for i, r in enumerate(rules) if r["name"] == new["name"]), None)
        if at is None:
            rules.append(dict(new))
        else:
            rules[at] = dict(new)
    plans = site.setdefault("dialPlans", {})
    if rules:
        plans[dial_plan_id] = rules
    else:
        plans.pop(dial_plan_id, None)


def _last_months(count: int, today: datetime | None = None) -> list[str]:
    """``YYYY-MM`` of the ``count`` months ending with the current one, oldest first."""
    today = today or datetime.now(timezone.utc)
    index = today.year * 12 + today.month - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index - count + 1, index + 1)]


def license_info(svc: dict[str, Any], months: int, today: datetime | None = None) -> dict[str, Any]:
    """``GET /api/v3/customer/{guid}/licenseinfo`` [names DOC, values ASSUME]: the service has no users in the
    simulator, so every user count is its ``ActiveUserCount`` (0); acquired licences = ``LicensedUsersCount``."""
    used = 0  # ActiveUserCount of the V3 reads
    hosted = svc["licenseType"] in HOSTED_LINE
    return {
        "acquiredLicenses": svc.get("licensedUsersCount", 0),
        "currentlyLicensed": used,
        "managedUsersDirectRouting": used if hosted else 0,
        "managedUsersOperatorConnect": 0 if hosted else used,
        "licenseType": svc["licenseType"],
        "months": [{"month": m, "usedLicenses": used} for m in _last_months(months, today)],
    }


def site_detail(catalog: Catalog, svc: dict[str, Any], site: dict[str, Any],
                vocabulary: str = "canonical") -> dict[str, Any]:
    """``GET /api/v2/sitelocation/{id}``: the documented integer state for ``canonical`` (and ``missing``, which
    concerns the customer reads only); the other vocabularies translate it too."""
    p = site["scriptParameters"]
    if vocabulary in ("canonical", "missing"):
        state: Any = STATE_CODES.get(site["state"], 0)
    else:
        state = state_view(site["state"], vocabulary)
    return {
        "tenantId": svc["msTenantId"],
        "m365DeploymentState": None,
        "sbcDeploymentState": state,
        "siteName": site["name"],
        "onlinePstnGateway": p.get("OnlinePstnGateway"),
        "sbcInfo": {
            "sbcConfigurationType": 0,
            "cacProfile": p.get("CacProfile"),
            "carrierHostName": p.get("CarrierHostName"),
            "carrierId": p.get("ProxySet"),
            "carrierMainLine": p.get("CarrierMainLine"),
            "carrierUserName": p.get("CarrierUserName"),
            "enableCAC": flag(site, "enableCAC"),
            "flagCarrierRegistration": flag(site, "flagCarrierRegistration"),
            "flagConfigureSbc": flag(site, "flagConfigureSbc"),
            "sbcId": site["sbcId"],
            "sbcScripts": {
                "onboardingScript": site["sbcOnboardingScript"],
                "cleanupScript": site["sbcCleanupScript"],
                "customerVariables": customer_variables(catalog, site),
            },
        },
        "m365Info": {"flagConfigureM365": False, "m365Scripts": None},
        "pendingTasks": list(site["pendingTasks"]),
    }


def public_task(task: dict[str, Any]) -> dict[str, Any]:
    return {k: task[k] for k in ("id", "status", "details", "executionMessages", "outputData", "createTime",
                                 "completeTime", "cancellationRequested")}


def admin_service(svc: dict[str, Any]) -> dict[str, Any]:
    """Every stored field (for tests), secrets masked."""
    out = mask(svc)
    out.update(deployment_fields(svc))
    return out
