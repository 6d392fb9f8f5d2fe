"""The real server in a subprocess (pytest plugin fixtures): start-up line, signals, dropped connections,
restart persistence with --db, concurrency and capacity."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import time
from urllib.parse import urlparse

import httpx
import pytest

from lps_helpers import CUSTOMER, body, token_form


def _client(sim) -> httpx.Client:
    return httpx.Client(base_url=sim.url, headers={"Authorization": f"Bearer {sim.token()}"}, timeout=30)


def _raw_request(url: str, request: bytes) -> bytes:
    """Send one raw HTTP request and return every byte received until the server closes."""
    u = urlparse(url)
    with socket.create_connection((u.hostname, u.port), timeout=10) as s:
        s.sendall(request)
        chunks = []
        while True:
            try:
                data = s.recv(65536)
            except ConnectionResetError:
                break
            if not data:
                break
            chunks.append(data)
    return b"".join(chunks)


def _post_raw(sim, token: str, payload: dict) -> bytes:
    data = json.dumps(payload).encode()
    host = urlparse(sim.url).netloc
    req = (f"POST /tenantui/api/v2/customer HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
           f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n").encode() + data
    return _raw_request(sim.url, req)


def test_start_line_url_file_and_sigterm(live_platform_simulator_factory):
    sim = live_platform_simulator_factory("--deployment-time", "0.2")
    assert sim.url.startswith("http://127.0.0.1:")
    assert sim.base_url == sim.url + "/tenantui" and sim.auth_url == sim.url
    time.sleep(0.05)
    assert sim.stdout_path.read_text() == f"Live Platform simulator listening on {sim.url}\n"
    assert sim.admin("GET", "health") == {"status": "ok"}
    assert sim.stop() == 0


def test_drop_before_closes_without_answer(live_platform_simulator_factory):
    sim = live_platform_simulator_factory("--deployment-time", "0.1")
    token = sim.token()
    sim.admin("PATCH", "faults", {"script": [{"match": {"method": "POST", "path": CUSTOMER},
                                              "action": "drop_before"}]})
    assert _post_raw(sim, token, body("DropB1")) == b""
    assert sim.admin("GET", "services") == []  # not processed
    with _client(sim) as c:
        sim.admin("PATCH", "faults", {"script": [{"match": {"path": CUSTOMER}, "action": "drop_before"}]})
        with pytest.raises(httpx.RemoteProtocolError):
            c.post(CUSTOMER, json=body("DropB2"))
        assert c.post(CUSTOMER, json=body("DropB2")).status_code == 200
    m = sim.admin("GET", "metrics")
    assert m["faults"]["dropped"] == 2
    assert m["routes"]["POST /tenantui/api/v2/customer"]["statuses"] == {"dropped": 2, "200": 1}
    log = sim.admin("GET", f"requests?method=POST&path={CUSTOMER}")
    assert [e["fault"] for e in log] == ["drop_before", "drop_before", None]


def test_drop_after_processes_then_closes(live_platform_simulator_factory):
    sim = live_platform_simulator_factory("--deployment-time", "0.1")
    token = sim.token()
    sim.admin("PATCH", "faults", {"script": [{"match": {"method": "POST", "path": CUSTOMER},
                                              "action": "drop_after"}]})
    assert _post_raw(sim, token, body("DropA1")) == b""
    services = sim.admin("GET", "services")
    assert [s["shortName"] for s in services] == ["DropA1"] and services[0]["deploymentState"] == "Deployed"
    with _client(sim) as c:
        sim.admin("PATCH", "faults", {"script": [{"match": {"path": CUSTOMER}, "action": "drop_after"}]})
        with pytest.raises(httpx.RemoteProtocolError):
            c.post(CUSTOMER, json=body("DropA2"))
        # the retry sees the service that the dropped request created
        r = c.post(CUSTOMER, json=body("DropA2"))
        assert r.status_code == 400 and r.json()["errorCode"] == "DuplicateShortName"
    log = sim.admin("GET", f"requests?method=POST&path={CUSTOMER}")
    assert log[0]["fault"] == "drop_after" and log[0]["status"] == 200


def test_random_drop_rate(live_platform_simulator_factory):
    sim = live_platform_simulator_factory("--random-seed", "3")
    token = sim.token()
    sim.admin("PATCH", "faults", {"drop_rate": 1.0})
    host = urlparse(sim.url).netloc
    req = f"GET /tenantui/api/v2/customer HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n\r\n".encode()
    for _ in range(4):
        assert _raw_request(sim.url, req) == b""
    assert sim.admin("GET", "metrics")["faults"]["dropped"] == 4
    assert sim.admin("GET", "health") == {"status": "ok"}


def test_restart_with_db_keeps_services_tokens_and_resumes(live_platform_simulator_factory, tmp_path):
    db = str(tmp_path / "state.db")
    sim = live_platform_simulator_factory("--db", db, "--mode", "async", "--deployment-time", "0.2",
                                          "--deletion-time", "0.2")
    token = sim.token()
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=sim.url, headers=headers, timeout=30) as c:
        done = c.post(CUSTOMER, json=body("Keep1")).json()
        deadline = time.monotonic() + 60
        while c.get(f"/tenantui/api/v3/customer/{done['id']}").json()["deploymentState"] != "Deployed":
            assert time.monotonic() < deadline
            time.sleep(0.05)
        c.patch("/_simulator/faults", json={"deployment_time": 30})
        pending = c.post(CUSTOMER, json=body("Pending1")).json()
        assert pending["deploymentState"] == "InProgress"
    assert sim.stop() == 0
    sim.args = ["--db", db, "--mode", "async", "--deployment-time", "0.3"]
    sim.start()
    with httpx.Client(base_url=sim.url, headers=headers, timeout=30) as c:  # the old token is still valid
        names = [s["ShortName"] for s in c.get(CUSTOMER).json()]
        assert names == ["Keep1", "Pending1"]
        assert c.get(f"/tenantui/api/v3/customer/{done['id']}").json()["deploymentState"] == "Deployed"
        deadline = time.monotonic() + 60
        while c.get(f"/tenantui/api/v3/customer/{pending['id']}").json()["deploymentState"] != "Deployed":
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert c.post(CUSTOMER, json=body("keep1")).json()["errorCode"] == "DuplicateShortName"


def test_concurrent_creates_same_name(live_platform_simulator_factory):
    sim = live_platform_simulator_factory("--deployment-time", "0.2")
    token = sim.token()

    async def run():
        async with httpx.AsyncClient(base_url=sim.url, headers={"Authorization": f"Bearer {token}"},
                                     timeout=30, limits=httpx.Limits(max_connections=200)) as c:
            return await asyncio.gather(*(c.post(CUSTOMER, json=body("Race1")) for _ in range(50)))

    responses = asyncio.run(run())
    codes = sorted(r.status_code for r in responses)
    assert codes.count(200) == 1 and codes.count(400) == 49
    assert {r.json()["errorCode"] for r in responses if r.status_code == 400} == {"DuplicateShortName"}
    assert len(sim.admin("GET", "services")) == 1


def test_200_concurrent_creates(live_platform_simulator_factory):
    # Sync deployments of 5 s: long enough that the requests overlap however busy the machine is. Concurrency is
    # what the simulator recorded (overlapping deployments), not a wall-clock time.
    sim = live_platform_simulator_factory("--deployment-time", "5")
    token = sim.token()

    async def run():
        async with httpx.AsyncClient(base_url=sim.url, headers={"Authorization": f"Bearer {token}"},
                                     timeout=120, limits=httpx.Limits(max_connections=200)) as c:
            return await asyncio.gather(*(c.post(CUSTOMER, json=body(f"Conc{i}")) for i in range(200)))

    responses = asyncio.run(run())
    assert all(r.status_code == 200 and r.json()["deploymentState"] == "Deployed" for r in responses)
    assert sim.admin("GET", "metrics")["deployments"]["max_concurrent"] > 50


def test_list_5000_services(live_platform_simulator_factory):
    sim = live_platform_simulator_factory()
    seed = json.loads(json.dumps(sim.admin("GET", "services")))  # []
    assert seed == []
    import yaml
    from importlib import resources
    default = yaml.safe_load(resources.files("live_platform_simulator").joinpath("seeds/default.yaml").read_text())
    default["services"] = [body(f"Bulk{i:05d}") for i in range(5000)]
    assert sim.admin("POST", "seed", default)["services"] == 5000
    with _client(sim) as c:
        # How fast is make bench's business; here, that both lists carry all 5000.
        assert len(c.get(CUSTOMER).json()) == 5000
        assert len(c.get("/tenantui/api/v3/customer").json()) == 5000
        assert c.post(CUSTOMER, json=body("Bulk00042")).json()["errorCode"] == "DuplicateShortName"


def test_secrets_never_in_process_output(live_platform_simulator_factory):
    sim = live_platform_simulator_factory("--deployment-time", "0.1")
    with _client(sim) as c:
        c.post(CUSTOMER, json=body("Sec1", scriptParameters={"CarrierUserPassword": "Pw-visible-nowhere"}))
        c.post(f"/{sim.tenant_id}/oauth2/v2.0/token", data=token_form(client_secret="wrong-secret-value"))
        c.get(CUSTOMER, headers={"Authorization": "Bearer broken.token.value"})
        c.post(CUSTOMER, content=b"{not json")
        token = c.headers["Authorization"].split()[1]
        log_text = json.dumps(sim.admin("GET", "requests"))
    sim.stop()
    output = sim.stdout_path.read_text() + sim.stderr_path.read_text()
    for secret in ("Pw-visible-nowhere", sim.client_secret, "wrong-secret-value", token):
        assert secret not in output
        assert secret not in log_text


def test_run_mode_runs_a_command_against_a_fresh_simulator_and_stops_it(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import json, os, sys, urllib.request\n"
        "url = os.environ['LIVE_PLATFORM_SIMULATOR_URL']\n"
        "health = json.load(urllib.request.urlopen(url + '/_simulator/health', timeout=30))\n"
        "assert os.environ['LIVE_PLATFORM_BASE_URL'] == url + '/tenantui'\n"
        "assert os.environ['LIVE_PLATFORM_CLIENT_SECRET'] and os.environ['LIVE_PLATFORM_TENANT_ID']\n"
        "open(sys.argv[1], 'w').write(url)\n"
        "sys.exit(7 if health['status'] == 'ok' else 1)\n")
    seen = tmp_path / "url"
    done = subprocess.run([sys.executable, "-m", "live_platform_simulator", "--deployment-time", "0.1", "--",
                           sys.executable, str(probe), str(seen)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 7, done.stderr  # the command's own status
    port = int(seen.read_text().rsplit(":", 1)[1])
    with pytest.raises(OSError):  # stopped once the command ended
        socket.create_connection(("127.0.0.1", port), timeout=5).close()


def test_run_mode_refuses_bad_options_and_a_missing_command():
    bad = subprocess.run([sys.executable, "-m", "live_platform_simulator", "--no-such-option", "--", "true"],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "--no-such-option" in bad.stderr
    empty = subprocess.run([sys.executable, "-m", "live_platform_simulator", "--"], capture_output=True, text=True,
                           timeout=60)
    assert empty.returncode == 2 and "no COMMAND" in empty.stderr
