"""Day-two endpoints (API §7): Modify SIP Connection, dial plans of a SIP connection, licence change and licence
info, with their platform variants (``modify_answer``, ``license_field``)."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from live_platform_simulator.app import create_app
from live_platform_simulator.settings import Settings
from live_platform_simulator.views import _last_months
from lps_helpers import CUSTOMER, body, get_token, params, wait_for

V3 = "/tenantui/api/v3/customer"
SITE = "/tenantui/api/v2/sitelocation"
TASK = "/tenantui/api/v2/task"
UNKNOWN = "00000000-0000-4000-8000-000000000000"
PLAN = "CustDialPlan"
TRUNK = "milano.sandbox3.audiocodes.be"
TASK_ID = re.compile(r"^tsk_\d+$")
PASSWORD = "Rotated-Secret-42"


# -- helpers ---------------------------------------------------------------------------------------------------------
def _create(sim: Any, short: str, **overrides: Any) -> tuple[str, str]:
    """A deployed service: (service id, its site id)."""
    j = sim.post(CUSTOMER, json=body(short, **overrides)).json()
    return j["id"], j["siteLocationIds"][0]


def _modify(sim: Any, gid: str, site_id: str, slash: str = "/", **fields: Any) -> httpx.Response:
    return sim.patch(f"{CUSTOMER}/{gid}/sitelocation{slash}", json={"sbcSiteGuid": site_id, **fields})


def _site(sim: Any, site_id: str) -> dict[str, Any]:
    return sim.get(f"{SITE}/{site_id}").json()


def _deployed(sim: Any, site_id: str) -> dict[str, Any] | None:
    site = _site(sim, site_id)
    return site if site["sbcDeploymentState"] in (2, 3) and not site["pendingTasks"] else None


def _finished(sim: Any, task_id: str) -> dict[str, Any] | None:
    task = sim.get(f"{TASK}/{task_id}").json()
    return task if task["status"] != "In Progress" else None


def _errors(r: httpx.Response) -> dict[str, list[str]]:
    assert r.status_code == 400, r.text
    j = r.json()
    assert j["status"] == 400 and j["title"] == "One or more validation errors occurred."
    return j["errors"]


def _plan(sim: Any, gid: str, site_id: str, plan: str = PLAN) -> str:
    return f"{CUSTOMER}/{gid}/sitelocation/{site_id}/dialplan/{plan}"


def _rule(name: str, prefix: str, tag: str = TRUNK) -> dict[str, str]:
    return {"name": name, "prefix": prefix, "tag": tag}


def _seed_service(sim: Any, short: str, **extra: Any) -> str:
    """Replace the services by one seed service (e.g. of another licence type); return its id."""
    seed = sim.app.state.sim.catalog.seed
    seed["services"] = [dict(body(short), **extra)]
    assert sim.post("/_simulator/seed", json=seed).status_code == 200
    return sim.get(CUSTOMER).json()[0]["Id"]


def _client(**kw: Any) -> TestClient:
    client = TestClient(create_app(Settings(deployment_time=0.05, deletion_time=0.05, **kw)))
    client.__enter__()
    client.headers["Authorization"] = f"Bearer {get_token(client)}"
    return client


# -- Modify SIP Connection -------------------------------------------------------------------------------------------
def test_modify_runs_the_sbc_configuration_again(make_sim):
    sim = make_sim()
    gid, site_id = _create(sim, "Mod1")
    # Hold the modify in the queue (one deployment slot, taken by a long onboarding) so that its InProgress state
    # is seen whatever the machine's speed; then free the slot.
    sim.patch("/_simulator/faults", json={"mode": "async", "deployment_time": 120, "max_concurrent_deployments": 1})
    _create(sim, "Blocker1")
    wait_for(lambda: sim.get("/_simulator/metrics").json()["deployments"]["started"] == 2)
    sim.patch("/_simulator/faults", json={"deployment_time": 0.2})
    r = _modify(sim, gid, site_id, CacProfile="20 sessions")
    assert r.status_code == 200
    task_id = r.json()
    assert isinstance(task_id, str) and TASK_ID.match(task_id)
    site = _site(sim, site_id)
    assert site["sbcDeploymentState"] == 1 and site["pendingTasks"] == [task_id]
    assert site["sbcInfo"]["cacProfile"] == "20 sessions"  # stored at once
    assert sim.get(f"{CUSTOMER}/{gid}").json()["SiteLocation"][0]["sbcDeploymentState"] == "InProgress"
    assert sim.get(f"{V3}/{gid}").json()["deploymentState"] == "InProgress"
    task = sim.get(f"{TASK}/{task_id}").json()
    assert task["status"] == "In Progress" and task["outputData"] == {"umpCustomerGuid": gid}
    sim.patch("/_simulator/faults", json={"max_concurrent_deployments": 0})
    done = wait_for(lambda: _finished(sim, task_id))
    assert done["status"] == "CompletedSuccess" and done["completeTime"]
    assert [m["message"] for m in done["executionMessages"]] == [
        f"Site location {site['siteName']} update started.", "SBC configuration updated for site Mod1."]
    site = _site(sim, site_id)
    assert site["sbcDeploymentState"] == 3 and site["pendingTasks"] == []
    v3 = sim.get(f"{V3}/{gid}").json()
    assert v3["deploymentState"] == "Deployed"
    assert v3["progressDetails"].endswith("(Information, SBC configuration updated for site Mod1.)")
    assert "(Information, Site created in Ovoc)" in v3["progressDetails"]  # the creation's entries stay


def test_modify_shows_new_values_in_the_site_read(sim):
    gid, site_id = _create(sim, "Mod2", scriptParameters=params(CarrierUserName="old-user",
                                                                CarrierUserPassword="OldPass1"))
    fresh = _site(sim, site_id)
    info = fresh["sbcInfo"]
    assert (info["enableCAC"], info["flagCarrierRegistration"], info["flagConfigureSbc"]) == (True, False, True)
    # keys case-insensitively, and the Add page's spelling CarrierMailLine
    r = sim.patch(f"{CUSTOMER}/{gid}/sitelocation/", json={
        "SBCSITEGUID": site_id.upper(), "sbcId": 5, "sbcSiteName": fresh["siteName"],
        "cacprofile": "10 sessions", "enableCAC": False, "flagCarrierRegistration": True,
        "carrierUserName": "new-user", "CarrierUserPassword": PASSWORD, "CarrierMailLine": "+31201234567",
        "CarrierHostName": "carrier.example"})
    assert r.status_code == 200, r.text
    site = wait_for(lambda: _deployed(sim, site_id))
    info = site["sbcInfo"]
    assert info["cacProfile"] == "10 sessions" and info["carrierUserName"] == "new-user"
    assert info["carrierMainLine"] == "+31201234567" and info["carrierHostName"] == "carrier.example"
    assert (info["enableCAC"], info["flagCarrierRegistration"], info["flagConfigureSbc"]) == (False, True, True)
    assert info["sbcId"] == 5 and info["carrierId"] == "SIPTrunk"  # untouched fields stay
    cv = info["sbcScripts"]["customerVariables"]
    assert cv["CarrierUserPassword"] == PASSWORD  # documented: clear text in the site read
    assert cv["CacProfile"] == "10 sessions" and cv["CarrierMainLine"] == "+31201234567"
    assert list(info)[:9] == ["sbcConfigurationType", "cacProfile", "carrierHostName", "carrierId",
                              "carrierMainLine", "carrierUserName", "enableCAC", "flagCarrierRegistration",
                              "flagConfigureSbc"]


def test_modify_flags_take_their_default_and_empty_strings_clear(sim):
    gid, site_id = _create(sim, "Mod3", scriptParameters=params(CarrierHostName="carrier.example"))
    assert _modify(sim, gid, site_id, enableCAC=False, flagConfigureSbc=False,
                   flagCarrierRegistration=True).status_code == 200
    info = wait_for(lambda: _deployed(sim, site_id))["sbcInfo"]
    assert (info["enableCAC"], info["flagConfigureSbc"], info["flagCarrierRegistration"]) == (False, False, True)
    # flags left out: their defaults again; a string left out stays; "" removes it
    assert _modify(sim, gid, site_id, CarrierHostName="").status_code == 200
    info = wait_for(lambda: _deployed(sim, site_id))["sbcInfo"]
    assert (info["enableCAC"], info["flagConfigureSbc"], info["flagCarrierRegistration"]) == (True, True, False)
    assert info["carrierHostName"] is None and info["cacProfile"] == "5 sessions"
    assert "CarrierHostName" not in info["sbcScripts"]["customerVariables"]


def test_modify_without_trailing_slash(sim):
    gid, site_id = _create(sim, "Mod4")
    r = _modify(sim, gid, site_id, slash="", CacProfile="50 sessions")
    assert r.status_code == 200 and TASK_ID.match(r.json())
    assert wait_for(lambda: _deployed(sim, site_id))["sbcInfo"]["cacProfile"] == "50 sessions"


@pytest.mark.parametrize("fields, field", [
    ({"sbcSiteGuid": None}, "sbcSiteGuid"),
    ({"sbcSiteGuid": "not-a-guid"}, "sbcSiteGuid"),
    ({"sbcSiteGuid": 7}, "sbcSiteGuid"),
    ({"sbcId": "5"}, "sbcId"),
    ({"sbcId": True}, "sbcId"),
    ({"sbcSiteName": 3}, "sbcSiteName"),
    ({"enableCAC": "true"}, "enableCAC"),
    ({"flagConfigureSbc": 1}, "flagConfigureSbc"),
    ({"flagCarrierRegistration": "yes"}, "flagCarrierRegistration"),
    ({"CacProfile": 5}, "CacProfile"),
    ({"CarrierUserName": "u" * 61}, "CarrierUserName"),
    ({"CarrierUserPassword": "p" * 51}, "CarrierUserPassword"),
    ({"CarrierUserPassword": "pässwörd"}, "CarrierUserPassword"),
    ({"CarrierMainLine": 3120}, "CarrierMainLine"),
    ({"CarrierMailLine": 3120}, "CarrierMailLine"),
    ({"CarrierMainLine": "+3120", "CarrierMailLine": "+3130"}, "CarrierMailLine"),
    ({"CarrierHostName": ["carrier.example"]}, "CarrierHostName"),
    ({"sbcId": 8}, "sbcId"),
    ({"sbcSiteName": "RENAMED"}, "sbcSiteName"),
    ({"CacProfile": "30 sessions"}, "CacProfile"),  # a profile of SBC 8, not of the site's SBC 5
    ({"CacProfile": ""}, "CacProfile"),
])
def test_modify_refusals_name_the_field(sim, fields, field):
    gid, site_id = _create(sim, "Bad1")
    before = _site(sim, site_id)
    payload = {"sbcSiteGuid": site_id, "CarrierUserName": "changed", **fields}
    r = sim.patch(f"{CUSTOMER}/{gid}/sitelocation/", json={k: v for k, v in payload.items() if v is not None})
    errors = _errors(r)
    assert field in errors and r.json()["detail"].startswith(f"{field}: ")
    assert "pässwörd" not in r.text and "p" * 51 not in r.text  # a refused password is not echoed
    assert _site(sim, site_id) == before  # nothing changed, no task


def test_modify_immutable_fields_say_so(sim):
    gid, site_id = _create(sim, "Imm1")
    name = _site(sim, site_id)["siteName"]
    errors = _errors(_modify(sim, gid, site_id, sbcId=12, sbcSiteName="Other"))
    assert "cannot be changed (it is 5)" in errors["sbcId"][0]
    assert errors["sbcSiteName"] == [f"the name of a SIP connection cannot be changed (it is '{name}')."]
    # the site's own values are accepted
    assert _modify(sim, gid, site_id, sbcId=5, sbcSiteName=name).status_code == 200


def test_modify_body_must_be_an_object(sim):
    gid, _ = _create(sim, "Body1")
    assert "body" in _errors(sim.patch(f"{CUSTOMER}/{gid}/sitelocation/", json=["x"]))
    assert "body" in _errors(sim.patch(f"{CUSTOMER}/{gid}/sitelocation/", content=b"{not json"))


def test_modify_not_found(make_sim):
    sim = make_sim(deletion_time=120)
    gid, site_id = _create(sim, "Nf1")
    other_gid, other_site = _create(sim, "Nf2")
    r = _modify(sim, UNKNOWN, site_id)
    assert r.status_code == 404 and r.json() == f"Customer with {UNKNOWN} not found"
    r = _modify(sim, gid, other_site)  # a site of another service
    assert r.status_code == 404 and r.json() == f"Site location with {other_site} not found"
    r = _modify(sim, gid, UNKNOWN)
    assert r.status_code == 404
    # a site being deleted, a service being deleted
    sim.delete(f"{SITE}/{site_id}")
    assert _modify(sim, gid, site_id).status_code == 404
    sim.delete(f"{CUSTOMER}/{other_gid}")
    r = _modify(sim, other_gid, other_site)
    assert r.status_code == 404 and r.json() == f"Customer with {other_gid} not found"


def test_modify_while_a_task_is_pending(make_sim):
    sim = make_sim(mode="async", deployment_time=120)
    gid, site_id = _create(sim, "Pend1")
    r = _modify(sim, gid, site_id, CacProfile="10 sessions")
    assert r.json()["errorCode"] == "PendingTask" and "sbcSiteGuid" in _errors(r)
    assert _site(sim, site_id)["sbcInfo"]["cacProfile"] == "5 sessions"


def test_modify_failure_and_retry(sim):
    gid, site_id = _create(sim, "Fail1")
    sim.patch("/_simulator/faults", json={"fail_deployments": {"sbc_ids": [5]}})
    task_id = _modify(sim, gid, site_id, CacProfile="10 sessions").json()
    task = wait_for(lambda: _finished(sim, task_id))
    assert task["status"] == "CompletedWithErrors" and task["executionMessages"][-1]["level"] == "Error"
    v3 = sim.get(f"{V3}/{gid}").json()
    assert v3["deploymentState"] == "Failed" and v3["errorDetails"]
    assert _site(sim, site_id)["sbcDeploymentState"] == 2
    # a failed site may be modified again
    sim.patch("/_simulator/faults", json={"fail_deployments": {"sbc_ids": []}})
    task_id = _modify(sim, gid, site_id).json()
    assert wait_for(lambda: _finished(sim, task_id))["status"] == "CompletedSuccess"
    v3 = sim.get(f"{V3}/{gid}").json()
    assert v3["deploymentState"] == "Deployed" and v3["errorDetails"] is None


@pytest.mark.parametrize("shape, status, answer", [("task", 200, "task"), ("one", 200, 1), ("empty", 204, None)])
def test_modify_answer_variant(make_sim, shape, status, answer):
    sim = make_sim(variants={"modify_answer": shape})
    gid, site_id = _create(sim, "Ans1")
    r = _modify(sim, gid, site_id, CacProfile="20 sessions")
    assert r.status_code == status
    task_id = _site(sim, site_id)["pendingTasks"][0]
    if answer is None:
        assert r.content == b""
    elif answer == "task":
        assert r.json() == task_id
    else:
        assert r.json() == answer
    assert wait_for(lambda: _finished(sim, task_id))["status"] == "CompletedSuccess"
    assert _site(sim, site_id)["sbcInfo"]["cacProfile"] == "20 sessions"
    assert _modify(sim, gid, site_id, sbcId=8).status_code == 400  # errors unchanged


def test_modify_resumes_after_a_db_restart(tmp_path):
    db = str(tmp_path / "state.db")
    c = _client(db=db)
    try:
        gid, site_id = _create(c, "Res1")
        c.patch("/_simulator/faults", json={"deployment_time": 120})
        task_id = _modify(c, gid, site_id, CacProfile="10 sessions").json()
        assert _site(c, site_id)["sbcDeploymentState"] == 1
    finally:
        c.__exit__(None, None, None)
    c = _client(db=db)
    try:
        assert wait_for(lambda: _finished(c, task_id))["status"] == "CompletedSuccess"
        assert _site(c, site_id)["sbcInfo"]["cacProfile"] == "10 sessions"
    finally:
        c.__exit__(None, None, None)


def test_modify_password_is_masked_in_the_logs(make_sim, tmp_path):
    log_file = tmp_path / "requests.jsonl"
    sim = make_sim(request_log_file=str(log_file))
    gid, site_id = _create(sim, "Mask2")
    task_id = _modify(sim, gid, site_id, CarrierUserPassword=PASSWORD).json()
    refused = sim.patch(f"{CUSTOMER}/{gid}/sitelocation/", json={
        "sbcSiteGuid": site_id, "carrieruserpassword": PASSWORD + "b", "CacProfile": "nope"})
    assert refused.status_code == 400 and PASSWORD not in refused.text
    wait_for(lambda: _finished(sim, task_id))
    entries = sim.get("/_simulator/requests?method=PATCH").json()
    assert [e["status"] for e in entries] == [200, 400]  # a refused body is logged, masked all the same
    assert entries[0]["body"]["CarrierUserPassword"] == "********"
    assert entries[1]["body"]["carrieruserpassword"] == "********"
    for text in (sim.get("/_simulator/requests").text, sim.get("/_simulator/services").text,
                 log_file.read_text("utf-8"), sim.get(f"{TASK}/{task_id}").text):
        assert PASSWORD not in text
    # the site read (an API answer, not a log) keeps the documented clear text
    assert _site(sim, site_id)["sbcInfo"]["sbcScripts"]["customerVariables"]["CarrierUserPassword"] == PASSWORD


# -- dial plans ------------------------------------------------------------------------------------------------------
def test_dial_plan_empty_then_rules_in_insertion_order(sim):
    gid, site_id = _create(sim, "Dp1")
    url = _plan(sim, gid, site_id)
    assert sim.get(url).json() == {"dialPlanId": PLAN, "ruleDTO": []}
    rules = [_rule("zeta", "+3120[1-5]xx"), _rule("alpha", "0031#"), _rule("mid", "*")]
    r = sim.patch(url, json={"dialPlanId": PLAN, "add": rules, "remove": []})
    assert r.status_code == 200 and r.json() == 1
    assert sim.get(url).json() == {"dialPlanId": PLAN, "ruleDTO": rules}
    # another dial-plan id of the same site is another list
    assert sim.get(_plan(sim, gid, site_id, "Other")).json() == {"dialPlanId": "Other", "ruleDTO": []}


def test_dial_plan_add_replaces_remove_ignores(sim):
    gid, site_id = _create(sim, "Dp2")
    url = _plan(sim, gid, site_id)
    sim.patch(url, json={"dialPlanId": PLAN, "add": [_rule("a", "1"), _rule("b", "2"), _rule("c", "3")]})
    # same name: replaced in place; a rule that is not there: ignored; keys case-insensitively
    r = sim.patch(url, json={"DialPlanID": PLAN, "ADD": [{"Name": "b", "PREFIX": "22", "tag": TRUNK}],
                             "remove": [_rule("ghost", "9"), _rule("a", "1", "other.example")]})
    assert r.json() == 1
    assert sim.get(url).json()["ruleDTO"] == [_rule("a", "1"), _rule("b", "22"), _rule("c", "3")]
    # remove needs name and prefix exactly, the tag in any case; remove then add in one call; no dialPlanId
    r = sim.patch(url, json={"remove": [_rule("a", "1", TRUNK.upper()), _rule("c", "3")],
                             "add": [_rule("c", "33"), _rule("d", "4")]})
    assert r.json() == 1
    assert sim.get(url).json()["ruleDTO"] == [_rule("b", "22"), _rule("c", "33"), _rule("d", "4")]
    assert sim.patch(url, json={}).json() == 1  # nothing to do
    longest = ("a" * 62 + ".") * 4 + "b"  # 253 characters, labels of 62
    assert sim.patch(url, json={"add": [_rule("long", "+" + "1" * 31, longest)]}).json() == 1
    assert sim.get(url).json()["ruleDTO"][-1] == _rule("long", "+" + "1" * 31, longest)


@pytest.mark.parametrize("patch, field", [
    ({"dialPlanId": "Other"}, "dialPlanId"),
    ({"dialPlanId": 5}, "dialPlanId"),
    ({"add": {"name": "a"}}, "add"),
    ({"remove": "a"}, "remove"),
    ({"add": [_rule("ok", "1"), "x"]}, "add[1]"),
    ({"add": [_rule("ok", "1"), _rule("ok2", "2"), _rule("bad", "12a")]}, "add[2].prefix"),
    ({"add": [_rule("bad", "1" * 33)]}, "add[0].prefix"),
    ({"add": [_rule("bad", "+")]}, "add[0].prefix"),
    ({"add": [_rule("bad", "")]}, "add[0].prefix"),
    ({"add": [_rule("bad", 31)]}, "add[0].prefix"),
    ({"add": [_rule("", "1")]}, "add[0].name"),
    ({"add": [_rule("n" * 65, "1")]}, "add[0].name"),
    ({"add": [{"prefix": "1", "tag": TRUNK}]}, "add[0].name"),
    ({"add": [_rule("bad", "1", "not a host!")]}, "add[0].tag"),
    ({"add": [_rule("bad", "1", ("a" * 60 + ".") * 5 + "example")]}, "add[0].tag"),
    ({"add": [{"name": "bad", "prefix": "1"}]}, "add[0].tag"),
    ({"remove": [_rule("bad", "1", "-bad-.example")]}, "remove[0].tag"),
])
def test_dial_plan_refusals_name_the_field(sim, patch, field):
    gid, site_id = _create(sim, "Dp3")
    url = _plan(sim, gid, site_id)
    sim.patch(url, json={"add": [_rule("keep", "1")]})
    r = sim.patch(url, json=patch)
    errors = _errors(r)
    assert field in errors, errors
    assert sim.get(url).json()["ruleDTO"] == [_rule("keep", "1")]  # nothing changed


def test_dial_plan_body_must_be_an_object(sim):
    gid, site_id = _create(sim, "Dp4")
    assert "body" in _errors(sim.patch(_plan(sim, gid, site_id), json=[_rule("a", "1")]))


def test_dial_plan_not_found(make_sim):
    sim = make_sim(deletion_time=0.2)
    gid, site_id = _create(sim, "Dp5")
    other_gid, other_site = _create(sim, "Dp6")
    for method in ("GET", "PATCH"):
        r = sim.request(method, _plan(sim, UNKNOWN, site_id), json={})
        assert r.status_code == 404 and r.json() == f"Customer with {UNKNOWN} not found"
        r = sim.request(method, _plan(sim, gid, other_site), json={})  # a site of another customer
        assert r.status_code == 404 and r.json() == f"Site location with {other_site} not found"
    # deleting the site deletes its rules
    sim.patch(_plan(sim, other_gid, other_site), json={"add": [_rule("a", "1")]})
    sim.delete(f"{SITE}/{other_site}")
    assert sim.get(_plan(sim, other_gid, other_site)).status_code == 404  # at once: the site is being deleted
    wait_for(lambda: sim.get(f"{SITE}/{other_site}").status_code == 404)
    assert sim.get(_plan(sim, other_gid, other_site)).status_code == 404
    assert [s["sites"] for s in sim.get("/_simulator/services").json() if s["id"] == other_gid] == [[]]


def test_dial_plan_rules_survive_a_db_restart(live_platform_simulator_factory, tmp_path):
    db = str(tmp_path / "state.db")
    sim = live_platform_simulator_factory("--db", db, "--deployment-time", "0.05")
    headers = {"Authorization": f"Bearer {sim.token()}"}
    rules = [_rule("one", "+3120x"), _rule("two", "00[1-3]*")]
    with httpx.Client(base_url=sim.url, headers=headers, timeout=30) as c:
        gid, site_id = _create(c, "DpKeep1")
        assert c.patch(_plan(c, gid, site_id), json={"dialPlanId": PLAN, "add": rules}).json() == 1
        assert _modify(c, gid, site_id, CarrierUserPassword=PASSWORD).status_code == 200
        wait_for(lambda: _deployed(c, site_id))
    sim.restart()
    with httpx.Client(base_url=sim.url, headers=headers, timeout=30) as c:  # same port, same token key
        assert c.get(_plan(c, gid, site_id)).json() == {"dialPlanId": PLAN, "ruleDTO": rules}
    sim.stop()
    for path in (sim.stdout_path, sim.stderr_path):
        assert PASSWORD not in Path(path).read_text("utf-8", "replace")


# -- licence change --------------------------------------------------------------------------------------------------
def test_license_change_both_field_names(sim):
    gid, _ = _create(sim, "Lic1")
    for patch, expected in (({"licenseType": 1}, 1), ({"upgradeToLicense": 2}, 2), ({"LICENSETYPE": 1}, 1),
                            ({"UpgradeToLicense": 2, "licenseType": 2}, 2)):
        r = sim.patch(f"{V3}/{gid}", json=patch)
        assert r.status_code == 200 and r.json() == 1
        assert sim.get(f"{CUSTOMER}/{gid}").json()["LicenseType"] == expected
    r = sim.patch(f"{V3}/{gid}", json={"licenseType": 1, "upgradeToLicense": 2})  # two different answers
    assert r.status_code == 400 and r.json() == "Invalid change for License Type!"
    assert sim.get(f"{CUSTOMER}/{gid}").json()["LicenseType"] == 2


def test_license_count_in_the_v3_reads(sim):
    gid, _ = _create(sim, "Lic2")
    assert sim.patch(f"{V3}/{gid}", json={"licenseType": 2, "licenseCount": 25}).json() == 1
    item = sim.get(V3).json()[0]
    assert (item["LicenseType"], item["LicensedUsersCount"]) == (2, 25)
    assert sim.patch(f"{V3}/{gid}", json={"upgradeToLicense": 1, "LicensedUsersCount": 30}).json() == 1
    single = sim.get(f"{V3}/{gid}?allDetails=true").json()
    assert (single["LicenseType"], single["LicensedUsersCount"]) == (1, 30)
    assert sim.get(f"{V3}?allDetails=true").json()[0]["LicensedUsersCount"] == 30
    assert sim.get(CUSTOMER).json()[0]["LicenseType"] == 1
    # the type alone keeps the count
    assert sim.patch(f"{V3}/{gid}", json={"licenseType": 2}).json() == 1
    assert sim.get(f"{V3}/{gid}").json()["LicensedUsersCount"] == 30


@pytest.mark.parametrize("patch, field", [
    ({"licenseCount": 0}, "licenseCount"),
    ({"licenseCount": -3}, "licenseCount"),
    ({"licenseCount": "5"}, "licenseCount"),
    ({"licensedUsersCount": True}, "licensedUsersCount"),
    ({"licensedUsersCount": 2.5}, "licensedUsersCount"),
    ({"licenseCount": 5, "licensedUsersCount": 6}, "licensedUsersCount"),
])
def test_license_count_refusals_name_the_field(sim, patch, field):
    gid, _ = _create(sim, "Lic3")
    r = sim.patch(f"{V3}/{gid}", json={"licenseType": 1, **patch})
    assert field in _errors(r)
    item = sim.get(f"{V3}/{gid}").json()
    assert (item["LicenseType"], item["LicensedUsersCount"]) == (0, 0)  # nothing changed


@pytest.mark.parametrize("patch", [{}, {"licenseType": 3}, {"licenseType": 0}, {"licenseType": True},
                                   {"upgradeToLicense": "2"}, {"licenseType": None}, {"licenseCount": 5}])
def test_license_type_refusals(sim, patch):
    gid, _ = _create(sim, "Lic4")
    r = sim.patch(f"{V3}/{gid}", json=patch)
    assert r.status_code == 400 and r.json() == "Invalid change for License Type!"
    assert sim.get(f"{V3}/{gid}").json()["LicensedUsersCount"] == 0


def test_license_change_across_product_lines_refused(sim):
    hosted, _ = _create(sim, "Hosted1")
    for value in (4, 5):
        r = sim.patch(f"{V3}/{hosted}", json={"licenseType": value})
        assert r.status_code == 400 and r.json() == "Invalid change for License Type!"
    oc = _seed_service(sim, "OcSvc1", licenseType=3, licensedUsersCount=40)
    assert sim.get(f"{V3}/{oc}").json()["LicensedUsersCount"] == 40
    for value in (4, 5, 4):
        assert sim.patch(f"{V3}/{oc}", json={"upgradeToLicense": value}).json() == 1
        assert sim.get(f"{CUSTOMER}/{oc}").json()["LicenseType"] == value
    for value in (1, 2):
        r = sim.patch(f"{V3}/{oc}", json={"licenseType": value})
        assert r.status_code == 400 and r.json() == "Invalid change for License Type!"
    assert sim.get(f"{V3}/{oc}").json()["LicenseType"] == 4


@pytest.mark.parametrize("field, read, ignored", [
    ("both", ["licenseType", "upgradeToLicense"], []),
    ("license_type", ["licenseType"], ["upgradeToLicense"]),
    ("upgrade_to_license", ["upgradeToLicense"], ["licenseType"]),
])
def test_license_field_variant(make_sim, field, read, ignored):
    sim = make_sim(variants={"license_field": field})
    gid, _ = _create(sim, "LicVar1")
    for value, name in enumerate(read, start=1):
        assert sim.patch(f"{V3}/{gid}", json={name: value}).json() == 1
        assert sim.get(f"{V3}/{gid}").json()["LicenseType"] == value
    for name in ignored:
        r = sim.patch(f"{V3}/{gid}", json={name: 2, "licenseCount": 9})
        assert r.status_code == 400 and r.json() == "Invalid change for License Type!"
        assert sim.get(f"{V3}/{gid}").json()["LicensedUsersCount"] == 0
    # an ignored name beside the one read does not matter
    if ignored:
        assert sim.patch(f"{V3}/{gid}", json={read[0]: 2, ignored[0]: 1}).json() == 1
        assert sim.get(f"{V3}/{gid}").json()["LicenseType"] == 2


def test_license_change_not_found(make_sim):
    sim = make_sim(deletion_time=120)
    r = sim.patch(f"{V3}/{UNKNOWN}", json={"licenseType": 1})
    assert r.status_code == 404 and r.json() == f"Customer with {UNKNOWN} not found"
    gid, _ = _create(sim, "LicDel1")
    sim.delete(f"{CUSTOMER}/{gid}")
    assert sim.patch(f"{V3}/{gid}", json={"licenseType": 1}).status_code == 404


def test_license_application_secret_masked(sim):
    gid, _ = _create(sim, "LicSec1")
    sim.patch(f"{V3}/{gid}", json={"licenseType": 1, "applicationClientId": "app-1",
                                   "applicationClientSecret": "AppSecret-99"})
    entry = sim.get("/_simulator/requests?method=PATCH").json()[-1]
    assert entry["body"] == {"licenseType": 1, "applicationClientId": "app-1", "applicationClientSecret": "********"}
    assert "AppSecret-99" not in sim.get("/_simulator/requests").text


def test_seed_licence_fields_are_checked(sim):
    seed = sim.app.state.sim.catalog.seed
    seed["services"] = [dict(body("BadSeed1"), licenseType=9)]
    r = sim.post("/_simulator/seed", json=seed)
    assert r.status_code == 400 and "licenseType" in r.json()["error"]


# -- licence info ----------------------------------------------------------------------------------------------------
def test_license_info_default_month(sim):
    gid, _ = _create(sim, "Info1")
    sim.patch(f"{V3}/{gid}", json={"licenseType": 2, "licenseCount": 12})
    before = _last_months(1)
    j = sim.get(f"{V3}/{gid}/licenseinfo").json()
    assert set(j) == {"acquiredLicenses", "currentlyLicensed", "managedUsersDirectRouting",
                      "managedUsersOperatorConnect", "licenseType", "months"}
    assert j["acquiredLicenses"] == 12 and j["licenseType"] == 2
    assert j["currentlyLicensed"] == 0 and j["managedUsersDirectRouting"] == 0
    assert j["managedUsersOperatorConnect"] == 0
    assert len(j["months"]) == 1 and j["months"][0]["usedLicenses"] == 0
    assert [m["month"] for m in j["months"]] in (before, _last_months(1))


def test_license_info_months(sim):
    gid, _ = _create(sim, "Info2")
    j = sim.get(f"{V3}/{gid}/licenseinfo?nrOfMonths=24").json()
    months = [m["month"] for m in j["months"]]
    assert len(months) == 24 and months == sorted(months) and len(set(months)) == 24
    assert all(re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", m) for m in months)
    assert len(sim.get(f"{V3}/{gid}/licenseinfo?nrOfMonths=3").json()["months"]) == 3
    today = datetime(2024, 2, 10, tzinfo=timezone.utc)
    assert _last_months(3, today) == ["2023-12", "2024-01", "2024-02"]
    assert _last_months(1, datetime(2023, 12, 31, tzinfo=timezone.utc)) == ["2023-12"]


@pytest.mark.parametrize("value", ["0", "25", "x", "-1", "1.5"])
def test_license_info_bad_months(sim, value):
    gid, _ = _create(sim, "Info3")
    r = sim.get(f"{V3}/{gid}/licenseinfo?nrOfMonths={value}")
    assert _errors(r) == {"nrOfMonths": ["must be an integer between 1 and 24."]}


def test_license_info_not_found(sim):
    r = sim.get(f"{V3}/{UNKNOWN}/licenseinfo")
    assert r.status_code == 404 and r.json() == f"Customer with {UNKNOWN} not found"
