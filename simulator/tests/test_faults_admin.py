"""Fault injection (in-process) and the admin API."""

from __future__ import annotations


from lps_helpers import CUSTOMER, TOKEN_PATH, body, token_form


def test_error_rate_all(sim):
    sim.patch("/_simulator/faults", json={"error_rate": 1.0, "error_statuses": [503]})
    r = sim.get(CUSTOMER)
    assert r.status_code == 503 and r.json()["status"] == 503
    assert sim.post(TOKEN_PATH, data=token_form()).status_code == 503  # the token route is faulted too
    assert sim.get("/_simulator/health").json() == {"status": "ok"}  # never the admin API
    assert sim.get("/_simulator/metrics").json()["faults"]["status_503"] == 2


def test_error_rate_statistics(make_sim):
    sim = make_sim(random_seed=7)
    sim.patch("/_simulator/faults", json={"error_rate": 0.3})
    statuses = [sim.get(CUSTOMER).status_code for _ in range(300)]
    failures = sum(s >= 500 for s in statuses)
    assert set(statuses) <= {200, 500, 502, 503}
    assert 55 <= failures <= 125
    m = sim.get("/_simulator/metrics").json()
    assert sum(v for k, v in m["faults"].items() if k.startswith("status_5")) == failures


def test_throttle_with_retry_after(make_sim):
    sim = make_sim(retry_after=3)
    sim.patch("/_simulator/faults", json={"throttle_rate": 1.0})
    r = sim.get(CUSTOMER)
    assert r.status_code == 429 and r.headers["retry-after"] == "3"
    assert r.json()["title"] == "Too Many Requests"
    assert sim.get("/_simulator/metrics").json()["faults"]["throttled"] == 1
    log = sim.get("/_simulator/requests").json()
    assert log[-1]["fault"] == "throttled" and log[-1]["status"] == 429


def test_latency(make_sim):
    sim = make_sim(latency_ms=300)
    assert sim.get(CUSTOMER).status_code == 200
    assert sim.get("/_simulator/metrics").json()["faults"]["delayed"] >= 1  # the simulator's record, not a clock
    sim.patch("/_simulator/faults", json={"latency_ms": 0, "latency_jitter_ms": 200})
    sim.get(CUSTOMER)
    assert sim.get("/_simulator/metrics").json()["faults"]["delayed"] >= 1


def test_script_queue_deterministic(sim):
    sim.patch("/_simulator/faults", json={"script": [
        {"match": {"method": "POST", "path": CUSTOMER}, "action": "status", "status": 503, "retry_after": 1,
         "times": 2},
        {"match": {"method": "GET", "path": "/tenantui/api/v2/customer/*"}, "action": "delay", "seconds": 0.3},
    ]})
    assert sim.get(CUSTOMER).status_code == 200  # not matched
    r1 = sim.post(CUSTOMER, json=body("Scr1"))
    r2 = sim.post(CUSTOMER, json=body("Scr1"))
    assert (r1.status_code, r2.status_code) == (503, 503) and r1.headers["retry-after"] == "1"
    ok = sim.post(CUSTOMER, json=body("Scr1"))
    assert ok.status_code == 200  # queue used up; the 503s did not create anything
    assert sim.get(f"{CUSTOMER}/{ok.json()['id']}").status_code == 200
    assert sim.get("/_simulator/requests").json()[-1]["fault"] == "delay"
    assert sim.get("/_simulator/faults").json()["script"] == []


def test_script_429_default_retry_after(make_sim):
    sim = make_sim(retry_after=5)
    sim.patch("/_simulator/faults", json={"script": [{"match": {"path": CUSTOMER}, "action": "status",
                                                      "status": 429}]})
    r = sim.get(CUSTOMER)
    assert r.status_code == 429 and r.headers["retry-after"] == "5"


def test_faults_patch_validation(sim):
    assert sim.patch("/_simulator/faults", json={"error_rate": 2}).status_code == 400
    assert sim.patch("/_simulator/faults", json={"nope": 1}).status_code == 400
    assert sim.patch("/_simulator/faults", json={"mode": "later"}).status_code == 400
    assert sim.patch("/_simulator/faults", json={"script": [{"action": "explode"}]}).status_code == 400
    f = sim.get("/_simulator/faults").json()
    assert f["error_rate"] == 0 and f["error_statuses"] == [500, 502, 503] and f["mode"] == "sync"
    assert set(f) >= {"throttle_rate", "retry_after", "latency_ms", "latency_jitter_ms", "drop_rate",
                      "token_lifetime", "max_concurrent_deployments", "deployment_time", "deletion_time",
                      "fail_deployments", "script"}


def test_reset(make_sim):
    sim = make_sim(latency_ms=0)
    sim.post(CUSTOMER, json=body("Reset1"))
    sim.patch("/_simulator/faults", json={"error_rate": 0.5, "mode": "async"})
    assert sim.post("/_simulator/reset").status_code == 200
    assert sim.get(CUSTOMER).json() == []
    assert sim.get("/_simulator/requests").json()[-1]["path"] == CUSTOMER  # only the request after reset
    assert len(sim.get("/_simulator/requests").json()) == 1
    f = sim.get("/_simulator/faults").json()
    assert f["error_rate"] == 0 and f["mode"] == "sync"
    m = sim.get("/_simulator/metrics").json()
    assert m["total"]["requests"] == 1 and m["deployments"]["started"] == 0


def test_seed_replaces_catalogues_and_services(sim):
    sim.post(CUSTOMER, json=body("Before1"))
    seed = {
        "api_clients": [{"tenant_id": "11111111-2222-4333-8444-555555555555",
                         "client_id": "9f3c2b1a-7d6e-4f5a-8b9c-0d1e2f3a4b5c", "client_secret": "simulator-secret"}],
        "sbcs": [{"sbcId": 40, "name": "SBC-X", "cacProfiles": ["1 session"], "proxySets": ["PX"]}],
        "script_templates": [{"id": 1, "name": "on", "customerVariables": ["A"], "relatedScripts": [2]},
                             {"id": 2, "name": "off"}],
        "channels": [{"id": 9, "name": "Nine"}],
        "services": [{"shortName": "Seeded1", "siteLocation": {"sbcId": 40, "sbcOnboardingScript": 1,
                                                               "sbcCleanupScript": 2},
                      "msTenantId": "4bf50a33-a383-4d3f-9403-220c898bc1b2"}],
    }
    r = sim.post("/_simulator/seed", json=seed)
    assert r.status_code == 200 and r.json()["services"] == 1
    assert [s["sbcId"] for s in sim.get("/tenantui/api/v2/sbc").json()] == [40]
    assert sim.get("/tenantui/api/ovoc/v1/topology/channels").json() == [{"id": 9, "name": "Nine"}]
    assert [s["ShortName"] for s in sim.get(CUSTOMER).json()] == ["Seeded1"]
    gid = sim.get(CUSTOMER).json()[0]["Id"]
    assert sim.get(f"/tenantui/api/v3/customer/{gid}").json()["deploymentState"] == "Deployed"
    # reset goes back to the current seed's catalogues with no services
    sim.post("/_simulator/reset")
    assert [s["sbcId"] for s in sim.get("/tenantui/api/v2/sbc").json()] == [40]
    assert sim.get(CUSTOMER).json() == []
    assert sim.post("/_simulator/seed", json={"sbcs": "x"}).status_code == 400


def test_metrics_shape(sim):
    sim.post(CUSTOMER, json=body("Met1"))
    sim.get(CUSTOMER)
    m = sim.get("/_simulator/metrics").json()
    assert m["total"]["requests"] == 3  # token, POST, GET
    route = m["routes"]["POST /tenantui/api/v2/customer"]
    assert route["requests"] == 1 and route["statuses"] == {"200": 1}
    assert route["request_bytes"] > 100 and route["response_bytes"] > 100
    assert m["routes"]["GET /tenantui/api/v2/customer"]["statuses"] == {"200": 1}
    assert m["routes"]["POST /{tenant}/oauth2/v2.0/token"]["requests"] == 1
    assert set(m["faults"]) >= {"throttled", "dropped", "delayed"}
    assert m["deployments"] == {"started": 1, "deployed": 1, "failed": 0, "max_concurrent": 1}


def test_request_log_masks_secrets(sim):
    p = {"CacProfile": "5 sessions", "carrieruserpassword": "TopSecret1"}
    sim.post(CUSTOMER, json=body("Mask1", scriptParameters=p))
    log = sim.get("/_simulator/requests").json()
    token_entry, create_entry = log[0], log[1]
    assert token_entry["body"]["client_secret"] == "********"
    assert token_entry["route"] == "POST /{tenant}/oauth2/v2.0/token"
    assert create_entry["body"]["scriptParameters"]["carrieruserpassword"] == "********"
    assert create_entry["method"] == "POST" and create_entry["status"] == 200 and create_entry["fault"] is None
    text = sim.get("/_simulator/requests").text
    assert "TopSecret1" not in text and "simulator-secret" not in text and "Bearer" not in text
    svc_text = sim.get("/_simulator/services").text
    assert "TopSecret1" not in svc_text and "********" in svc_text
    # filters
    assert [e["method"] for e in sim.get("/_simulator/requests?method=POST&path=" + CUSTOMER).json()] == ["POST"]
    assert sim.get(f"/_simulator/requests?since={create_entry['seq']}").json() == []
    assert sim.delete("/_simulator/requests").status_code == 200
    assert sim.get("/_simulator/requests").json() == []


def test_admin_services(sim):
    sim.post(CUSTOMER, json=body("Adm1", channelId=1))
    j = sim.get("/_simulator/services").json()
    assert j[0]["shortName"] == "Adm1" and j[0]["channelId"] == 1 and j[0]["deploymentState"] == "Deployed"
    assert j[0]["sites"][0]["sbcId"] == 5
