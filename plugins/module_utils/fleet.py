# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The fleet: compose each customer's request from its SBC profile, and report what happened per customer.

Composing is pure data (no call), kept apart from executing so that any strategy (one module call per customer,
or a batch) sends the same requests.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime

from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import InputError, redact
from ansible_collections.audiocodes.live_platform.plugins.module_utils.service_api import same_tenant

PROFILE_KEYS = (
    "sbc", "sbc_id", "onboarding_script", "onboarding_script_id", "cleanup_script", "cleanup_script_id",
    "ovoc_customer_type", "proxy_set", "cac_profile", "online_pstn_gateway", "carrier_host_name",
    "custom_variables", "extra_script_parameters",
)
CUSTOMER_KEYS = (
    "short_name", "full_name", "ms_tenant_id", "channel_id", "lc_customer_id", "carrier_user_name",
    "carrier_user_password", "carrier_main_line", "carrier_host_name", "custom_variables", "overrides",
)
MERGED_BY_NAME = ("custom_variables", "extra_script_parameters")
# A layer that names one of a pair replaces the other one from the layers below.
NAME_OR_ID = (("sbc", "sbc_id"), ("onboarding_script", "onboarding_script_id"),
              ("cleanup_script", "cleanup_script_id"))
SHORT_NAME_PLACEHOLDER = "{short_name}"


def _kind(value):
    # Ansible 2.19 hands over tagged subclasses (_AnsibleTaggedStr): name the plain kind instead.
    for kind, name in ((bool, "a boolean"), (str, "text"), (int, "a number"), (float, "a number"), (list, "a list")):
        if isinstance(value, kind):
            return name
    return type(value).__name__


def _check_keys(layer, known, where):
    if layer is None:
        return {}
    if not isinstance(layer, dict):
        raise InputError(where, "must be a mapping, got {0}".format(_kind(layer)))
    unknown = sorted(str(k) for k in layer if k not in known)
    if unknown:
        raise InputError("{0}.{1}".format(where, unknown[0]),
                         "is not a known key; known keys: {0}".format(", ".join(known)))
    return layer


def compose_service_request(profile, customer, host_name, defaults=None):
    """The hosted_essentials_service options of one customer.

    Lowest to highest: defaults < SBC profile < customer < customer.overrides; custom_variables and
    extra_script_parameters are merged name by name in the same order.
    """
    profile = _check_keys(profile, PROFILE_KEYS, "live_platform_sbc_profile")
    customer = dict(_check_keys(customer, CUSTOMER_KEYS, "live_platform_customer"))
    overrides = _check_keys(customer.pop("overrides", None), PROFILE_KEYS + CUSTOMER_KEYS[:-1],
                            "live_platform_customer.overrides")
    request = {}
    for layer in (defaults or {}, profile, customer, overrides):
        for key, value in layer.items():
            if value is None:
                continue
            if key in MERGED_BY_NAME:
                if not isinstance(value, dict):
                    raise InputError(key, "must be a mapping of name to value, got {0}".format(_kind(value)))
                request[key] = dict(request.get(key) or {}, **value)
                continue
            for pair in NAME_OR_ID:
                if key in pair:
                    for other in pair:
                        request.pop(other, None)
            request[key] = value
    request.setdefault("short_name", host_name)
    gateway = request.get("online_pstn_gateway")
    if isinstance(gateway, str) and isinstance(request["short_name"], str):
        request["online_pstn_gateway"] = gateway.replace(SHORT_NAME_PLACEHOLDER, request["short_name"])
    return request


def customer_short_name(customer, host_name):
    """The short name a customer's service has: its override, its own value, or the host name."""
    return customer_identity(customer, host_name)["short_name"]


def customer_identity(customer, host_name):
    """What identifies a customer's service, read even from variables that do not compose: its short name and
    its M365 tenant (None when the inventory gives none), a short name being unique only per tenant."""
    customer = customer if isinstance(customer, dict) else {}
    overrides = customer.get("overrides") if isinstance(customer.get("overrides"), dict) else {}
    return dict(short_name=overrides.get("short_name") or customer.get("short_name") or host_name,
                ms_tenant_id=overrides.get("ms_tenant_id") or customer.get("ms_tenant_id"))


def is_customers(service, identities):
    """Whether a listed service is one of these customers' (same short name, and same tenant where both are
    known)."""
    wanted = str(service.get("short_name") or "").lower()
    return any(str(identity["short_name"]).lower() == wanted
               and same_tenant(service, identity.get("ms_tenant_id")) is not False for identity in identities)


def deletion_items(services):
    """hosted_essentials_fleet items (state absent) for listed services: each keyed by its short name, or by
    short name and tenant when two tenants' services share the name."""
    names = [str(service.get("short_name") or "").lower() for service in services]
    items = []
    for service, name in zip(services, names):
        customer = service["short_name"]
        if names.count(name) > 1:
            customer = "{0}@{1}".format(service["short_name"], service.get("ms_tenant_id") or service["id"])
        item = dict(customer=customer, short_name=service["short_name"])
        if service.get("ms_tenant_id"):
            item["ms_tenant_id"] = service["ms_tenant_id"]
        items.append(item)
    return items


# --- the report ---------------------------------------------------------------------------------------------
NOT_RUN = ("did not run: the customer's variables failed the role's argument validation, or the host was"
           " unreachable; see the play output")


def _sbc(request):
    return request.get("sbc") if request.get("sbc") is not None else request.get("sbc_id")


def _drift_text(drift):
    return "; ".join("{0} is {1!r} on the platform, {2!r} desired".format(d.get("field"), d.get("actual"),
                                                                          d.get("desired")) for d in drift)


def report_row(customer, result, request=None):
    """One customer's row from its registered module result (None when the task never ran) and its request."""
    request = request or {}
    if not isinstance(result, dict) or not result:
        return dict(customer=customer, short_name=request.get("short_name"), sbc=_sbc(request), outcome="not_run",
                    status="failed", message=NOT_RUN, service_id=None, deployment_state=None, drift=[])
    service = result.get("service") or {}
    drift = result.get("drift") or []
    if result.get("skipped"):
        outcome, status, message = "skipped", "ok", result.get("skip_reason") or "skipped"
    elif result.get("failed"):
        outcome, status, message = "failed", "failed", result.get("msg") or "failed without a message"
    else:
        outcome = result.get("outcome") or ("changed" if result.get("changed") else "ok")
        status = "changed" if result.get("changed") else "ok"
        message = _drift_text(drift) if drift else ""
    return dict(
        customer=customer,
        short_name=service.get("short_name") or request.get("short_name"),
        sbc=_sbc(request),
        outcome=outcome,
        status=status,
        message=message,
        service_id=service.get("id"),
        deployment_state=service.get("deployment_state"),
        drift=drift,
    )


def build_report(rows, title, check_mode=False, now=None):
    rows = sorted(rows, key=lambda row: str(row["customer"]))
    outcomes = {}
    for row in rows:
        outcomes[row["outcome"]] = outcomes.get(row["outcome"], 0) + 1
    generated = now or datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    return dict(
        title=title,
        mode="check" if check_mode else "apply",
        generated_at=generated.isoformat(),
        summary=dict(
            total=len(rows),
            failed=sum(1 for row in rows if row["status"] == "failed"),
            changed=sum(1 for row in rows if row["status"] == "changed"),
            outcomes=dict(sorted(outcomes.items())),
        ),
        customers=redact(rows),
    )


def _cell(value):
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report):
    summary = report["summary"]
    counts = ", ".join("{0} {1}".format(n, outcome) for outcome, n in summary["outcomes"].items()) or "nothing"
    lines = [
        "## {0}{1}".format(report["title"], " (check mode: nothing was changed)" if report["mode"] == "check" else ""),
        "",
        "{0} customer(s): {1}. Generated {2}.".format(summary["total"], counts, report["generated_at"]),
        "",
        "| customer | short name | SBC | outcome | deployment | message |",
        "|---|---|---|---|---|---|",
    ]
    for row in report["customers"]:
        lines.append("| {0} |".format(" | ".join(_cell(row[key]) for key in (
            "customer", "short_name", "sbc", "outcome", "deployment_state", "message"))))
    return "\n".join(lines) + "\n"
