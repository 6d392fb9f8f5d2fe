"""Deployment engine: sync/async modes, timing, failures by rule, deletes, max concurrent deployments."""

from __future__ import annotations

import pytest

from lps_helpers import CUSTOMER, body, wait_for


def _state(sim, gid):
    return sim.get(f"/tenantui/api/v3/customer/{gid}").json()["deploymentState"]


def test_sync_mode_answers_when_deployed(make_sim):
    sim = make_sim(deployment_time=0.5)
    r = sim.post(CUSTOMER, json=body("Sync1"))
    assert r.json()["deploymentState"] == "Deployed"  # it answered once the deployment had ended
    assert sim.get("/_simulator/metrics").json()["deployments"]["deployed"] == 1


def test_async_mode_answers_at_once(make_sim):
    sim = make_sim(mode="async", deployment_time=0.5)
    j = sim.post(CUSTOMER, json=body("Async1")).json()
    assert j["deploymentState"] == "InProgress" and j["errorDetails"] is None  # answered before the deployment ended
    assert j["progressDetails"] == "(Information, MsTenantid is valid);(Information, Customer data created!)"
    site = sim.get(f"{CUSTOMER}/{j['id']}").json()["SiteLocation"][0]
    assert site["sbcDeploymentState"] == "InProgress"
    detail = sim.get(f"/tenantui/api/v2/sitelocation/{j['siteLocationIds'][0]}").json()
    assert detail["sbcDeploymentState"] == 1 and len(detail["pendingTasks"]) == 1
    wait_for(lambda: _state(sim, j["id"]) == "Deployed")
    v3 = sim.get(f"/tenantui/api/v3/customer/{j['id']}?allDetails=true").json()
    assert v3["progressDetails"].endswith("(Information, Site created in Ovoc)")


def test_mode_switch_at_runtime(sim):
    assert sim.patch("/_simulator/faults", json={"mode": "async", "deployment_time": 0.3}).json()["mode"] == "async"
    assert sim.post(CUSTOMER, json=body("Switch1")).json()["deploymentState"] == "InProgress"


@pytest.mark.parametrize("rule", [{"sbc_ids": [5]}, {"script_ids": [10007]}, {"short_names": ["FAILME"]}])
def test_failed_deployment_by_rule(sim, rule):
    sim.patch("/_simulator/faults", json={"fail_deployments": rule})
    j = sim.post(CUSTOMER, json=body("FailMe")).json()
    assert j["deploymentState"] == "Failed"
    assert j["errorDetails"]
    assert "(Error, SBC sbc-onboarding failed for site FailMe.)" in j["progressDetails"]
    assert "Site created in Ovoc" not in j["progressDetails"]
    site = sim.get(f"/tenantui/api/v2/sitelocation/{j['siteLocationIds'][0]}").json()
    assert site["sbcDeploymentState"] == 2
    assert sim.get(f"{CUSTOMER}/{j['id']}").json()["SiteLocation"][0]["sbcDeploymentState"] == "Failed"
    # other SBCs / names still deploy
    ok = sim.post(CUSTOMER, json=body("Works1", siteLocation={"sbcId": 8, "sbcOnboardingScript": 7,
                                                              "sbcCleanupScript": 700},
                                      scriptParameters={"CacProfile": "10 sessions"})).json()
    assert ok["deploymentState"] == "Deployed"
    m = sim.get("/_simulator/metrics").json()["deployments"]
    assert m["failed"] == 1 and m["deployed"] == 1 and m["started"] == 2


def test_failed_deployment_task(make_sim):
    sim = make_sim(mode="async")
    sim.patch("/_simulator/faults", json={"fail_deployments": {"sbc_ids": [5]}})
    j = sim.post(CUSTOMER, json=body("FailTask")).json()
    detail = sim.get(f"/tenantui/api/v2/sitelocation/{j['siteLocationIds'][0]}").json()
    task_id = detail["pendingTasks"][0]
    task = wait_for(lambda: (t := sim.get(f"/tenantui/api/v2/task/{task_id}").json())["status"] != "In Progress"
                    and t)
    assert task["status"] == "CompletedWithErrors"
    assert task["executionMessages"][-1]["level"] == "Error"


def test_faulty_sbc_in_seed(sim):
    seed = sim.app.state.sim.catalog.seed
    seed["sbcs"][0]["faulty"] = True
    assert sim.post("/_simulator/seed", json=seed).status_code == 200
    assert sim.post(CUSTOMER, json=body("Faulty1")).json()["deploymentState"] == "Failed"


def test_delete_takes_deletion_time(make_sim):
    sim = make_sim(deletion_time=0.5)
    gid = sim.post(CUSTOMER, json=body("Del1")).json()["id"]
    r = sim.delete(f"{CUSTOMER}/{gid}")
    assert r.status_code == 200 and r.json() == 1
    sites = sim.get(f"{CUSTOMER}/{gid}").json()["SiteLocation"]
    assert sites[0]["sbcDeploymentState"] == "Deleting"
    assert sim.delete(f"{CUSTOMER}/{gid}").json() == 1  # repeated delete while deleting: same answer
    wait_for(lambda: sim.get(f"{CUSTOMER}/{gid}").status_code == 404, interval=0.01)
    assert sim.get(CUSTOMER).json() == []
    r = sim.delete(f"{CUSTOMER}/{gid}")
    assert r.status_code == 404 and r.json() == f"Customer with {gid} not found"
    # the short name is free again
    assert sim.post(CUSTOMER, json=body("Del1")).status_code == 200


def test_delete_during_deployment(make_sim):
    sim = make_sim(mode="async", deployment_time=5)
    j = sim.post(CUSTOMER, json=body("DelEarly")).json()
    sim.delete(f"{CUSTOMER}/{j['id']}")
    wait_for(lambda: sim.get(f"{CUSTOMER}/{j['id']}").status_code == 404)


def test_max_concurrent_deployments_queue(make_sim):
    sim = make_sim(mode="async", deployment_time=0.3, max_concurrent_deployments=2)
    ids = [sim.post(CUSTOMER, json=body(f"Queue{i}")).json()["id"] for i in range(6)]
    wait_for(lambda: all(_state(sim, g) == "Deployed" for g in ids), timeout=60)
    # 6 deployments, never more than 2 at a time: the simulator's own record of overlapping deployments says so
    m = sim.get("/_simulator/metrics").json()["deployments"]
    assert m["max_concurrent"] == 2 and m["deployed"] == 6


def test_unlimited_concurrency(make_sim):
    # Deployments long enough that none can end while the six are posted, however busy the machine: the simulator's
    # own record of overlapping deployments must then count all six at once.
    sim = make_sim(mode="async", deployment_time=120)
    ids = [sim.post(CUSTOMER, json=body(f"Par{i}")).json()["id"] for i in range(6)]
    assert all(_state(sim, g) == "InProgress" for g in ids)
    assert sim.get("/_simulator/metrics").json()["deployments"]["max_concurrent"] == 6


def test_raising_max_concurrent_releases_queue(make_sim):
    sim = make_sim(mode="async", deployment_time=0.3, max_concurrent_deployments=1)
    ids = [sim.post(CUSTOMER, json=body(f"Raise{i}")).json()["id"] for i in range(4)]
    sim.patch("/_simulator/faults", json={"max_concurrent_deployments": 0})
    wait_for(lambda: all(_state(sim, g) == "Deployed" for g in ids), timeout=30)
    # Released together, not one after the other: the simulator saw more than one deployment at once.
    assert sim.get("/_simulator/metrics").json()["deployments"]["max_concurrent"] > 1
