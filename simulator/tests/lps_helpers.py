"""Test helpers (a uniquely named module so it never clashes with another project's conftest)."""

from __future__ import annotations

import copy
import time
from typing import Any, Callable


TENANT = "11111111-2222-4333-8444-555555555555"
CLIENT_ID = "9f3c2b1a-7d6e-4f5a-8b9c-0d1e2f3a4b5c"
SECRET = "simulator-secret"
SCOPE = "api://9d576dc4-b85d-4571-880e-4c6ed4c08c31/.default"
TOKEN_PATH = f"/{TENANT}/oauth2/v2.0/token"
CUSTOMER = "/tenantui/api/v2/customer"

# The primary document's two example bodies, verbatim.
EXAMPLE_1 = {
    "shortName": "SaraTest1",
    "fullName": "SaraTest1",
    "siteLocation": {"sbcId": 5, "sbcOnboardingScript": 10007, "sbcCleanupScript": 10700},
    "ovocCustomerType": "IPGROUP_TYPE",
    "msTenantId": "4bf50a33-a383-4d3f-9403-220c898bc1b2",
    "scriptParameters": {
        "CacProfile": "5 sessions",
        "ProxySet": "SIPTrunk",
        "OnlinePstnGateway": "BradDRService.sandbox2.audiocodes.be",
        "additionalProp1": "Service Provider2 SBC",
    },
}
EXAMPLE_2 = {
    "shortName": "BradTest3",
    "fullName": "BradTest3",
    "siteLocation": {"sbcId": 5, "sbcOnboardingScript": 10007, "sbcCleanupScript": 10700},
    "lcCustomerId": 1317027,
    "ovocCustomerType": "IPGROUP_TYPE",
    "msTenantId": "4bf50a33-a383-4d3f-9403-220c898bc1b2",
    "scriptParameters": {
        "CacProfile": "5 sessions",
        "ProxySet": "SIPTrunk",
        "OnlinePstnGateway": "sandbox1.audiocodes.be",
        "additionalProp1": "Service Provider2 SBC",
    },
}


def body(short: str = "SaraTest1", **overrides: Any) -> dict[str, Any]:
    b = copy.deepcopy(EXAMPLE_1)
    b["shortName"] = short
    b["fullName"] = short
    for k, v in overrides.items():
        if v is None:
            b.pop(k, None)
        else:
            b[k] = v
    return b


def params(**extra: Any) -> dict[str, Any]:
    p = copy.deepcopy(EXAMPLE_1["scriptParameters"])
    p.update(extra)
    return p


def token_form(**overrides: str) -> dict[str, str]:
    form = {"grant_type": "client_credentials", "client_id": CLIENT_ID, "client_secret": SECRET, "scope": SCOPE}
    form.update(overrides)
    return {k: v for k, v in form.items() if v is not None}


def get_token(client: Any) -> str:
    r = client.post(TOKEN_PATH, data=token_form())
    assert r.status_code == 200, r.text
    return r.json()["access_token"]


def wait_for(predicate: Callable[[], Any], timeout: float = 30.0, interval: float = 0.02) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("condition not met in time")
