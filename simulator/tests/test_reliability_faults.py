"""Faults and options added for the collection's reliability tests: echoed request bodies in error answers,
carrier passwords in clear text, the issued-token list, the JSONL request log, HTTPS, restart on a fixed port."""

from __future__ import annotations

import json
import socket
import ssl

import httpx
import pytest

from lps_helpers import CUSTOMER, SECRET, TOKEN_PATH, body, token_form, wait_for

PASSWORD = "Echo-Me-Pw-42"


def _carrier_body(short: str) -> dict:
    # Script 20001 (sbc-carrier-registration) on SBC 12 takes carrier credentials.
    return body(short, siteLocation={"sbcId": 12, "sbcOnboardingScript": 20001, "sbcCleanupScript": 20100},
                scriptParameters={"CacProfile": "5 sessions", "ProxySet": "Carrier-LON",
                                  "CarrierUserName": "trunk-user", "CarrierUserPassword": PASSWORD})


def test_echo_request_in_validation_errors(sim):
    sim.patch("/_simulator/faults", json={"echo_request": True})
    bad = _carrier_body("bad.dot")
    r = sim.post(CUSTOMER, json=bad)
    assert r.status_code == 400
    assert r.json()["request"]["scriptParameters"]["CarrierUserPassword"] == PASSWORD
    assert r.json()["errors"]["shortName"]
    # The request log still masks it.
    assert PASSWORD not in json.dumps(sim.get("/_simulator/requests").json())


def test_echo_request_in_fault_answers_and_token_errors(sim):
    sim.patch("/_simulator/faults", json={"echo_request": True, "script": [
        {"match": {"method": "POST", "path": CUSTOMER}, "action": "status", "status": 500}]})
    r = sim.post(CUSTOMER, json=_carrier_body("EchoFive"))
    assert r.status_code == 500 and r.json()["errorCode"] == "SimulatedFault"
    assert r.json()["request"]["scriptParameters"]["CarrierUserPassword"] == PASSWORD
    r = sim.post(TOKEN_PATH, data=token_form(client_secret=SECRET + "-wrong"))
    assert r.status_code == 401 and SECRET + "-wrong" in r.json()["request"]
    # A bare-string error keeps its shape.
    r = sim.get(CUSTOMER + "/00000000-0000-0000-0000-000000000000")
    assert r.status_code == 404 and r.json().startswith("Customer with")
    # Successful answers are untouched; the fault is off by default.
    assert "request" not in sim.post(TOKEN_PATH, data=token_form()).json()
    sim.patch("/_simulator/faults", json={"echo_request": False})
    assert "request" not in sim.post(CUSTOMER, json=body("x.y")).json()


def test_clear_text_secrets(sim):
    assert sim.post(CUSTOMER, json=_carrier_body("ClearOne")).status_code == 200
    svc_id = sim.get(CUSTOMER).json()[0]["Id"]
    assert PASSWORD not in sim.get(f"/tenantui/api/v3/customer/{svc_id}?allDetails=true").text
    sim.patch("/_simulator/faults", json={"clear_text_secrets": True})
    for path in (CUSTOMER, f"{CUSTOMER}/{svc_id}", "/tenantui/api/v3/customer?allDetails=true",
                 f"/tenantui/api/v3/customer/{svc_id}?allDetails=true"):
        assert PASSWORD in sim.get(path).text, path
    single = sim.get(f"/tenantui/api/v3/customer/{svc_id}?allDetails=true").json()
    assert single["scriptParameters"]["CarrierUserPassword"] == PASSWORD
    assert single["SiteLocation"][0]["customerVariables"]["CarrierUserPassword"] == PASSWORD
    assert PASSWORD not in single["progressDetails"]
    sim.patch("/_simulator/faults", json={"clear_text_secrets": False, "progress_secrets": True})
    single = sim.get(f"/tenantui/api/v3/customer/{svc_id}?allDetails=true").json()
    assert "scriptParameters" not in single and PASSWORD in single["progressDetails"]
    # The admin view still masks it.
    assert PASSWORD not in json.dumps(sim.get("/_simulator/services").json())


def test_fault_flags_are_validated(sim):
    assert sim.patch("/_simulator/faults", json={"echo_request": "yes"}).status_code == 400
    assert sim.patch("/_simulator/faults", json={"clear_text_secrets": 1}).status_code == 400
    assert sim.get("/_simulator/faults").json()["echo_request"] is False


def test_issued_tokens_are_listed(sim):
    tokens = sim.get("/_simulator/tokens").json()["tokens"]
    assert len(tokens) == 1  # the fixture's
    token = sim.post(TOKEN_PATH, data=token_form()).json()["access_token"]
    assert sim.get("/_simulator/tokens").json()["tokens"] == tokens + [token]


def test_request_log_file_survives_restart(live_platform_simulator_factory, tmp_path):
    log_file = tmp_path / "requests.jsonl"
    sim = live_platform_simulator_factory("--db", str(tmp_path / "state.db"), "--request-log-file", str(log_file),
                                          "--deployment-time", "0.1")
    token = sim.token()
    with httpx.Client(base_url=sim.url, headers={"Authorization": f"Bearer {token}"}) as client:
        assert client.post(CUSTOMER, json=_carrier_body("LogOne")).status_code == 200
    sim.restart()
    with httpx.Client(base_url=sim.url, headers={"Authorization": f"Bearer {token}"}) as client:
        assert client.get(CUSTOMER).status_code == 200
    # An entry is written just after its answer is sent: wait for the last one.
    wait_for(lambda: len(log_file.read_text().splitlines()) >= 3)
    lines = [json.loads(line) for line in log_file.read_text().splitlines()]
    assert [(e["method"], e["path"]) for e in lines] == [
        ("POST", TOKEN_PATH), ("POST", CUSTOMER), ("GET", CUSTOMER)]
    text = log_file.read_text()
    assert PASSWORD not in text and SECRET not in text and token not in text
    assert [e["method"] for e in sim.admin("GET", "requests")] == ["GET"]  # the ring buffer restarts empty


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_restart_on_a_fixed_port_keeps_state(live_platform_simulator_factory, tmp_path):
    port = _free_port()
    sim = live_platform_simulator_factory("--port", str(port), "--db", str(tmp_path / "state.db"),
                                          "--deployment-time", "0.1")
    assert sim.url == f"http://127.0.0.1:{port}"
    token = sim.token()
    with httpx.Client(base_url=sim.url, headers={"Authorization": f"Bearer {token}"}) as client:
        assert client.post(CUSTOMER, json=body("FixedPort1")).status_code == 200
    sim.restart()
    assert sim.url == f"http://127.0.0.1:{port}"
    with httpx.Client(base_url=sim.url, headers={"Authorization": f"Bearer {token}"}) as client:
        assert [s["ShortName"] for s in client.get(CUSTOMER).json()] == ["FixedPort1"]


def test_https_self_signed(live_platform_simulator_factory, tmp_path):
    tls_dir = tmp_path / "tls"
    sim = live_platform_simulator_factory("--tls-self-signed", str(tls_dir), "--deployment-time", "0.1")
    assert sim.url.startswith("https://127.0.0.1:")
    assert sim.ca_path == str(tls_dir / "ca.pem")
    assert {p.name for p in tls_dir.iterdir()} == {"ca.pem", "cert.pem", "key.pem"}
    assert sim.admin("GET", "health") == {"status": "ok"}
    with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
        httpx.get(sim.url + "/_simulator/health")
    ctx = ssl.create_default_context(cafile=sim.ca_path)
    token = sim.token()
    r = httpx.get(sim.base_url + "/api/v2/customer", headers={"Authorization": f"Bearer {token}"}, verify=ctx)
    assert r.status_code == 200 and r.json() == []
    ca_before = (tls_dir / "ca.pem").read_bytes()
    sim.restart()  # the certificate is reused
    assert (tls_dir / "ca.pem").read_bytes() == ca_before
    assert httpx.get(sim.url + "/_simulator/health", verify=ctx).json() == {"status": "ok"}


def test_tls_options_are_checked():
    from live_platform_simulator.__main__ import parse_args

    with pytest.raises(SystemExit):
        parse_args(["--tls-cert", "c.pem"])
    with pytest.raises(SystemExit):
        parse_args(["--tls-cert", "c.pem", "--tls-key", "k.pem", "--tls-self-signed", "d"])
    s = parse_args(["--tls-self-signed", "d", "--request-log-file", "r.jsonl"])
    assert s.tls_self_signed == "d" and s.request_log_file == "r.jsonl"

