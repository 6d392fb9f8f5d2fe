"""Token endpoint (Entra-like) and bearer checks on /tenantui routes."""

from __future__ import annotations

import time

from lps_helpers import CLIENT_ID, CUSTOMER, TENANT, TOKEN_PATH, token_form


def test_token_success_shape(sim):
    r = sim.post(TOKEN_PATH, data=token_form())
    assert r.status_code == 200
    j = r.json()
    assert j["token_type"] == "Bearer"
    assert j["expires_in"] == 3599 and j["ext_expires_in"] == 3599
    assert j["access_token"].count(".") == 2


def test_unknown_client(sim):
    other = "00000000-0000-4000-8000-000000000000"
    r = sim.post(TOKEN_PATH, data=token_form(client_id=other))
    assert r.status_code == 400
    j = r.json()
    assert j["error"] == "unauthorized_client"
    assert j["error_codes"] == [700016]
    assert j["error_description"].startswith(f"AADSTS700016: Application with identifier '{other}' was not found "
                                             f"in the directory '{TENANT}'.")
    for key in ("timestamp", "trace_id", "correlation_id"):
        assert j[key]


def test_wrong_secret(sim):
    r = sim.post(TOKEN_PATH, data=token_form(client_secret="nope"))
    assert r.status_code == 401
    j = r.json()
    assert j["error"] == "invalid_client" and j["error_codes"] == [7000215]
    assert j["error_description"].startswith("AADSTS7000215: Invalid client secret provided.")
    assert "simulator-secret" not in r.text and "nope" not in r.text


def test_unknown_tenant(sim):
    r = sim.post("/22222222-2222-4222-8222-222222222222/oauth2/v2.0/token", data=token_form())
    assert r.status_code == 400
    assert r.json()["error"] == "invalid_request" and r.json()["error_codes"] == [90002]


def test_bad_scope(sim):
    r = sim.post(TOKEN_PATH, data=token_form(scope="api://other/.default"))
    assert r.status_code == 400
    assert r.json()["error"] == "invalid_scope" and r.json()["error_codes"] == [70011]


def test_bad_grant(sim):
    r = sim.post(TOKEN_PATH, data=token_form(grant_type="password"))
    assert r.status_code == 400
    assert r.json()["error"] == "unsupported_grant_type" and r.json()["error_codes"] == [70003]


def _assert_401(r):
    assert r.status_code == 401
    assert r.headers["www-authenticate"].startswith('Bearer error="invalid_token"')
    assert r.json()["title"] == "Unauthorized" and r.json()["status"] == 401


def test_missing_token(sim):
    _assert_401(sim.get(CUSTOMER, headers={"Authorization": ""}))


def test_malformed_token(sim):
    _assert_401(sim.get(CUSTOMER, headers={"Authorization": "Bearer not-a-jwt"}))
    _assert_401(sim.get(CUSTOMER, headers={"Authorization": "Basic abc"}))


def test_bad_signature(sim):
    token = sim.headers["Authorization"].split()[1]
    head, body, sig = token.split(".")
    forged = f"{head}.{body}.{'A' * len(sig)}"
    _assert_401(sim.get(CUSTOMER, headers={"Authorization": f"Bearer {forged}"}))


def test_expired_by_lifetime(make_sim):
    sim = make_sim(token_lifetime=1)
    r = sim.post(TOKEN_PATH, data=token_form())
    assert r.json()["expires_in"] == 1
    headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
    assert sim.get(CUSTOMER, headers=headers).status_code == 200
    time.sleep(1.1)
    _assert_401(sim.get(CUSTOMER, headers=headers))
    assert "expired" in sim.get(CUSTOMER, headers=headers).json()["detail"]


def test_token_lifetime_fault_setting(sim):
    assert sim.patch("/_simulator/faults", json={"token_lifetime": 42}).status_code == 200
    assert sim.post(TOKEN_PATH, data=token_form()).json()["expires_in"] == 42


def test_expire_all_tokens(sim):
    assert sim.get(CUSTOMER).status_code == 200
    assert sim.post("/_simulator/tokens/expire").status_code == 200
    _assert_401(sim.get(CUSTOMER))
    fresh = sim.post(TOKEN_PATH, data=token_form()).json()["access_token"]
    assert sim.get(CUSTOMER, headers={"Authorization": f"Bearer {fresh}"}).status_code == 200


def test_client_id_case_insensitive(sim):
    assert sim.post(TOKEN_PATH, data=token_form(client_id=CLIENT_ID.upper())).status_code == 200
