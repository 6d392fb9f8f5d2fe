"""Platform variants: every switch and value through the HTTP API, the admin API, the CLI and the pytest factory;
the per-tenant short-name uniqueness."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from live_platform_simulator.__main__ import parse_args
from live_platform_simulator.app import create_app
from live_platform_simulator.settings import Settings
from live_platform_simulator.store import Store
from live_platform_simulator.variants import DEFAULTS, VARIANTS
from lps_helpers import CUSTOMER, EXAMPLE_2, body, get_token, params, wait_for

V3 = "/tenantui/api/v3/customer"
TEMPLATES = "/tenantui/api/v2/scripttemplates"
SBC = "/tenantui/api/v2/sbc"
CHANNELS = "/tenantui/api/ovoc/v1/topology/channels"
TENANT_A = "4bf50a33-a383-4d3f-9403-220c898bc1b2"  # the primary document's msTenantId (lps_helpers.body default)
TENANT_B = "0f0e0d0c-0b0a-4909-8807-060504030201"
TENANT_C = "a1b2c3d4-e5f6-4a1b-8c2d-3e4f5a6b7c8d"
MISSING = object()
ALL_TEMPLATE_IDS = [7, 700, 5000, 10007, 10700, 20001, 20100, 30001]


def _task(sim, task_id):
    return sim.get(f"/tenantui/api/v2/task/{task_id}").json()


def _only_service(sim):
    services = sim.get("/_simulator/services").json()
    assert len(services) == 1
    return services[0]


# -- the table, the admin API, the CLI ------------------------------------------------------------------------------
def test_table_and_defaults(sim):
    assert list(VARIANTS) == ["create_answer", "states", "list_wrapper", "paging", "sbc_catalogue",
                              "template_variables", "uniqueness", "single_read_state", "modify_answer",
                              "license_field"]
    assert DEFAULTS == {"create_answer": "full", "states": "canonical", "list_wrapper": "none",
                        "paging": "honoured", "sbc_catalogue": "present", "template_variables": "list",
                        "uniqueness": "tenant", "single_read_state": "top_level", "modify_answer": "task",
                        "license_field": "both"}
    assert sim.get("/_simulator/variants").json() == DEFAULTS


def test_readme_table_lists_every_switch_and_value():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    section = readme.split("## Platform variants", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        m = re.match(r"^\| `([a-z_]+)` \| ([^|]+) \|", line)
        if m:
            rows[m.group(1)] = tuple(re.findall(r"`([a-z_]+)`", m.group(2)))
    assert rows == VARIANTS


def test_patch_get_and_reset(make_sim):
    sim = make_sim(variants={"states": "upper", "paging": "ignored"})
    start = dict(DEFAULTS, states="upper", paging="ignored")
    assert sim.get("/_simulator/variants").json() == start
    r = sim.patch("/_simulator/variants", json={"states": "lower", "list_wrapper": "items"})
    assert r.status_code == 200 and r.json() == dict(start, states="lower", list_wrapper="items")
    assert sim.get("/_simulator/variants").json()["states"] == "lower"
    # reset restores the start-up (CLI) values
    assert sim.post("/_simulator/reset").status_code == 200
    assert sim.get("/_simulator/variants").json() == start


@pytest.mark.parametrize("patch, words", [
    ({"states": "lower", "nope": "x"}, ["nope", "create_answer", "single_read_state"]),
    ({"states": "lower", "paging": "sometimes"}, ["paging", "sometimes", "honoured, ignored"]),
    ({"states": 3}, ["states", "canonical, upper, lower, error, integer, missing"]),
    (["states", "upper"], ["JSON object"]),
])
def test_patch_rejects_unknown_names_and_values(sim, patch, words):
    before = sim.get("/_simulator/variants").json()
    r = sim.patch("/_simulator/variants", json=patch)
    assert r.status_code == 400
    for word in words:
        assert word in r.json()["error"]
    assert sim.get("/_simulator/variants").json() == before  # nothing changed, not even the valid entry


def test_patch_rejects_malformed_json(sim):
    r = sim.patch("/_simulator/variants", content=b"{not json")
    assert r.status_code == 400
    assert sim.get("/_simulator/variants").json() == DEFAULTS


def test_cli_option():
    s = parse_args(["--variant", "states=upper", "--variant", "create_answer=task", "--variant", "states=integer"])
    assert s.variants == {"states": "integer", "create_answer": "task"}  # repeatable; the last one wins
    assert parse_args([]).variants == {}


@pytest.mark.parametrize("arg, words", [
    ("states=bogus", ["states", "bogus", "canonical, upper, lower, error, integer, missing"]),
    ("colour=red", ["colour", "create_answer, states, list_wrapper"]),
    ("states", ["NAME=VALUE"]),
])
def test_cli_option_errors(capsys, arg, words):
    with pytest.raises(SystemExit) as exc:
        parse_args(["--variant", arg])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "argument --variant" in err
    for word in words:
        assert word in err


def test_factory_accepts_variant_arguments(live_platform_simulator_factory):
    sim = live_platform_simulator_factory("--deployment-time", "0.05", "--variant", "create_answer=job",
                                          "--variant", "states=upper")
    assert sim.variants() == dict(DEFAULTS, create_answer="job", states="upper")
    with httpx.Client(base_url=sim.url, headers={"Authorization": f"Bearer {sim.token()}"}, timeout=30) as c:
        answer = c.post(CUSTOMER, json=body("Factory1")).json()
        assert set(answer) == {"jobId"} and answer["jobId"].startswith("tsk_")
        assert c.get(f"{V3}?allDetails=true").json()[0]["SiteLocation"][0]["sbcDeploymentState"] == "DEPLOYED"
        assert sim.variants(states="error")["states"] == "error"
        assert c.get(f"{V3}?allDetails=true").json()[0]["SiteLocation"][0]["sbcDeploymentState"] == "Deployed"
        sim.admin("POST", "reset")
        assert sim.variants()["states"] == "upper"


# -- create_answer --------------------------------------------------------------------------------------------------
def test_create_answer_full_is_the_default(sim):
    j = sim.post(CUSTOMER, json=body("Full1")).json()
    assert set(j) == {"id", "customerId", "siteLocationIds", "deploymentState", "errorDetails", "progressDetails"}
    assert j["id"] == _only_service(sim)["id"]


def test_create_answer_echo(make_sim):
    sim = make_sim(variants={"create_answer": "echo"})
    r = sim.post(CUSTOMER, json=EXAMPLE_2)
    assert r.status_code == 200 and r.json() == EXAMPLE_2  # the second Example Response: the body, no id
    svc = _only_service(sim)  # really created, and (sync mode) deployed when the answer came
    assert svc["shortName"] == "BradTest3" and svc["deploymentState"] == "Deployed"


@pytest.mark.parametrize("shape", ["task", "job"])
def test_create_answer_task_id_sync(make_sim, shape):
    sim = make_sim(variants={"create_answer": shape})
    r = sim.post(CUSTOMER, json=body("Task1"))
    assert r.status_code == 200
    task_id = r.json() if shape == "task" else r.json()["jobId"]
    if shape == "job":
        assert set(r.json()) == {"jobId"}
    assert isinstance(task_id, str) and re.fullmatch(r"tsk_\d+", task_id)
    task = _task(sim, task_id)  # sync: the deployment ended before the answer
    assert task["status"] == "CompletedSuccess"
    svc = _only_service(sim)
    assert task["outputData"] == {"umpCustomerGuid": svc["id"]}
    assert sim.get(f"{V3}/{svc['id']}").json()["deploymentState"] == "Deployed"


@pytest.mark.parametrize("shape", ["task", "job"])
def test_create_answer_task_id_async(make_sim, shape):
    sim = make_sim(mode="async", deployment_time=1.0, variants={"create_answer": shape})
    answer = sim.post(CUSTOMER, json=body("Task2")).json()
    task_id = answer if shape == "task" else answer["jobId"]
    assert _task(sim, task_id)["status"] == "In Progress"
    done = wait_for(lambda: (t := _task(sim, task_id))["status"] != "In Progress" and t)
    assert done["status"] == "CompletedSuccess"
    assert done["executionMessages"][-1] == {"level": "Information", "message": "Site created in Ovoc"}
    gid = done["outputData"]["umpCustomerGuid"]
    assert sim.get(f"{V3}/{gid}").json()["CustomerShortName"] == "Task2"


def test_create_answer_task_failure(make_sim):
    sim = make_sim(variants={"create_answer": "task"})
    sim.patch("/_simulator/faults", json={"fail_deployments": {"short_names": ["TaskFail"]}})
    task_id = sim.post(CUSTOMER, json=body("TaskFail")).json()
    task = _task(sim, task_id)
    assert task["status"] == "CompletedWithErrors" and task["executionMessages"][-1]["level"] == "Error"
    assert sim.get(f"{V3}/{task['outputData']['umpCustomerGuid']}").json()["deploymentState"] == "Failed"


def test_create_answer_text(make_sim):
    sim = make_sim(variants={"create_answer": "text"})
    r = sim.post(CUSTOMER, json=body("Text1"))
    assert r.status_code == 200 and r.json() == "Customer Text1 created"
    assert sim.get(f"/tenantui/api/v2/task/{r.json()}").status_code == 404  # not a task id
    assert _only_service(sim)["deploymentState"] == "Deployed"


@pytest.mark.parametrize("shape", ["echo", "task", "job", "text"])
def test_create_answer_errors_unchanged(make_sim, shape):
    sim = make_sim(variants={"create_answer": shape})
    bad = sim.post(CUSTOMER, json=body("x"))
    assert bad.status_code == 400 and bad.json()["errorCode"] == "ValidationFailed"
    assert sim.post(CUSTOMER, json=body("Twice1")).status_code == 200
    dup = sim.post(CUSTOMER, json=body("Twice1"))
    assert dup.status_code == 400 and dup.json()["errorCode"] == "DuplicateShortName"


# -- states ---------------------------------------------------------------------------------------------------------
VOCABULARIES = {  # in progress, deployed, failed, deleting
    "canonical": ("InProgress", "Deployed", "Failed", "Deleting"),
    "upper": ("IN_PROGRESS", "DEPLOYED", "FAILED", "DELETING"),
    "lower": ("inprogress", "deployed", "failed", "deleting"),
    "error": ("Pending", "Deployed", "Error", "Deleting"),
    "integer": (1, 3, 2, 4),
    "missing": (MISSING, MISSING, MISSING, MISSING),
}


def _views(sim, gid, site_id):
    """Every state a service's reads show: V2 single (site), V3 single (top level, site), V3 list (site) and the
    SIP-connection read."""
    v2 = sim.get(f"{CUSTOMER}/{gid}").json()
    v3 = sim.get(f"{V3}/{gid}?allDetails=true").json()
    v3_list = next(x for x in sim.get(f"{V3}?allDetails=true").json() if x["UmpCustomerGuid"] == gid)
    site = sim.get(f"/tenantui/api/v2/sitelocation/{site_id}").json()
    for item in (v2["SiteLocation"][0], v3["SiteLocation"][0], v3_list["SiteLocation"][0]):
        assert {"id", "name", "sbcId"} <= set(item)  # sites keep their other fields
    assert {"errorDetails", "progressDetails"} <= set(v3)
    return {
        "v2_site": v2["SiteLocation"][0].get("sbcDeploymentState", MISSING),
        "v3_top": v3.get("deploymentState", MISSING),
        "v3_site": v3["SiteLocation"][0].get("sbcDeploymentState", MISSING),
        "v3_list_site": v3_list["SiteLocation"][0].get("sbcDeploymentState", MISSING),
        "site_read": site.get("sbcDeploymentState", MISSING),
    }


def _expect(vocabulary, index):
    value = VOCABULARIES[vocabulary][index]
    # GET /api/v2/sitelocation/{id} keeps its documented integers for canonical (and missing: customer reads only)
    site_read = (1, 3, 2, 4)[index] if vocabulary in ("canonical", "missing") else value
    return {"v2_site": value, "v3_top": value, "v3_site": value, "v3_list_site": value, "site_read": site_read}


@pytest.mark.parametrize("vocabulary", list(VOCABULARIES))
def test_states(make_sim, vocabulary):
    assert tuple(VOCABULARIES) == VARIANTS["states"]
    sim = make_sim(mode="async", deployment_time=0.1, deletion_time=60, variants={"states": vocabulary})
    sim.patch("/_simulator/faults", json={"fail_deployments": {"short_names": ["StFail"]}})
    ok = sim.post(CUSTOMER, json=body("StOk")).json()
    failed = sim.post(CUSTOMER, json=body("StFail")).json()
    wait_for(lambda: all(s["deploymentState"] != "InProgress" for s in sim.get("/_simulator/services").json()))
    assert _views(sim, ok["id"], ok["siteLocationIds"][0]) == _expect(vocabulary, 1)
    assert _views(sim, failed["id"], failed["siteLocationIds"][0]) == _expect(vocabulary, 2)
    # the create answer, sync mode: final states
    sim.patch("/_simulator/faults", json={"mode": "sync"})
    assert sim.post(CUSTOMER, json=body("StOk2")).json().get("deploymentState", MISSING) == \
        VOCABULARIES[vocabulary][1]
    sim.patch("/_simulator/faults", json={"fail_deployments": {"short_names": ["StFail2"]}})
    answer = sim.post(CUSTOMER, json=body("StFail2")).json()
    assert answer.get("deploymentState", MISSING) == VOCABULARIES[vocabulary][2]
    assert answer["errorDetails"] and "progressDetails" in answer
    # task statuses keep their own vocabulary
    tasks = {s["shortName"]: s["sites"][0]["task"] for s in sim.get("/_simulator/services").json()}
    assert _task(sim, tasks["StOk2"])["status"] == "CompletedSuccess"
    assert _task(sim, tasks["StFail2"])["status"] == "CompletedWithErrors"
    # deleting (a long cleanup)
    sim.delete(f"{CUSTOMER}/{ok['id']}")
    site = sim.get(f"{CUSTOMER}/{ok['id']}").json()["SiteLocation"][0]
    assert site.get("sbcDeploymentState", MISSING) == VOCABULARIES[vocabulary][3]
    # in progress (a long deployment, also in the async create answer)
    sim.patch("/_simulator/faults", json={"mode": "async", "deployment_time": 60})
    slow = sim.post(CUSTOMER, json=body("StSlow")).json()
    assert slow.get("deploymentState", MISSING) == VOCABULARIES[vocabulary][0]
    assert _views(sim, slow["id"], slow["siteLocationIds"][0]) == _expect(vocabulary, 0)
    task = _task(sim, sim.get(f"/tenantui/api/v2/sitelocation/{slow['siteLocationIds'][0]}").json()
                 ["pendingTasks"][0])
    assert task["status"] == "In Progress"
    # the store keeps canonical states whatever the views show
    assert {s["shortName"]: s["deploymentState"] for s in sim.get("/_simulator/services").json()} == {
        "StOk": "Deleting", "StFail": "Failed", "StOk2": "Deployed", "StFail2": "Failed", "StSlow": "InProgress"}


def test_failed_task_status_unaffected_by_states(make_sim):
    sim = make_sim(mode="async", variants={"states": "upper"})
    sim.patch("/_simulator/faults", json={"fail_deployments": {"sbc_ids": [5]}})
    j = sim.post(CUSTOMER, json=body("TaskSt")).json()
    task_id = sim.get(f"/tenantui/api/v2/sitelocation/{j['siteLocationIds'][0]}").json()["pendingTasks"][0]
    done = wait_for(lambda: (t := _task(sim, task_id))["status"] != "In Progress" and t)
    assert done["status"] == "CompletedWithErrors"


# -- list_wrapper and paging ----------------------------------------------------------------------------------------
LISTS = [CUSTOMER, V3, f"{V3}?allDetails=true", f"{TEMPLATES}?pageSize=100", SBC, CHANNELS]


def test_lists_bare_by_default(sim):
    sim.post(CUSTOMER, json=body("Bare1"))
    for url in LISTS:
        assert isinstance(sim.get(url).json(), list), url


@pytest.mark.parametrize("key", ["items", "value", "data"])
def test_list_wrapper(make_sim, key):
    sim = make_sim(variants={"list_wrapper": key})
    sim.post(CUSTOMER, json=body("Wrap1"))
    sim.post(CUSTOMER, json=body("Wrap2", channelId=2))
    for url in LISTS:
        j = sim.get(url).json()
        assert set(j) == {key, "totalCount"}, url
        assert isinstance(j[key], list) and j["totalCount"] == len(j[key]), url
    assert [x["ShortName"] for x in sim.get(CUSTOMER).json()[key]] == ["Wrap1", "Wrap2"]
    north = sim.get(V3, headers={"X-Ovoc-Channel-Id": "2"}).json()
    assert [x["CustomerShortName"] for x in north[key]] == ["Wrap2"] and north["totalCount"] == 1
    assert [s["sbcId"] for s in sim.get(SBC).json()[key]] == [5, 8, 12]
    assert sim.get(CHANNELS).json()["totalCount"] == 3
    # a page of templates: totalCount counts every matching template
    page = sim.get(f"{TEMPLATES}?pageNumber=1&pageSize=3").json()
    assert [t["id"] for t in page[key]] == ALL_TEMPLATE_IDS[3:6] and page["totalCount"] == 8
    m365 = sim.get(f"{TEMPLATES}?scriptType=M365").json()
    assert [t["id"] for t in m365[key]] == [30001] and m365["totalCount"] == 1
    # single reads, task and error answers are not lists
    assert "Id" in sim.get(f"{CUSTOMER}/{sim.get(CUSTOMER).json()[key][0]['Id']}").json()
    assert sim.get(f"{SBC}/5").json()["sbcId"] == 5
    assert sim.get(f"{CHANNELS}/2").json() == {"id": 2, "name": "Partner-North"}


def test_paging_honoured_by_default(sim):
    assert [t["id"] for t in sim.get(f"{TEMPLATES}?pageNumber=1&pageSize=3").json()] == ALL_TEMPLATE_IDS[3:6]
    assert len(sim.get(TEMPLATES).json()) == 8  # default page size 10
    assert sim.get(f"{TEMPLATES}?pageSize=abc").status_code == 400


def test_paging_ignored(make_sim):
    sim = make_sim(variants={"paging": "ignored"})
    for query in ("pageNumber=1&pageSize=3", "pageNumber=7&pageSize=1", "pageSize=abc&pageNumber=-1", ""):
        assert [t["id"] for t in sim.get(f"{TEMPLATES}?{query}").json()] == ALL_TEMPLATE_IDS, query
    sbc_only = sim.get(f"{TEMPLATES}?scriptType=SBC&pageNumber=2&pageSize=2").json()
    assert [t["id"] for t in sbc_only] == [7, 700, 5000, 10007, 10700, 20001, 20100]
    assert sim.get(f"{TEMPLATES}?scriptType=Bogus").status_code == 400  # other parameters still checked
    sim.patch("/_simulator/variants", json={"list_wrapper": "items"})
    j = sim.get(f"{TEMPLATES}?pageNumber=0&pageSize=2").json()
    assert len(j["items"]) == 8 and j["totalCount"] == 8


# -- sbc_catalogue --------------------------------------------------------------------------------------------------
def test_sbc_catalogue_absent(make_sim):
    sim = make_sim(variants={"sbc_catalogue": "absent"})
    unknown = sim.get("/tenantui/api/v2/no-such-route")
    assert unknown.status_code == 404
    for url in (SBC, f"{SBC}/5", f"{SBC}/77"):
        r = sim.get(url)
        assert r.status_code == 404 and r.json() == {"detail": "Not Found"} == unknown.json(), url
        assert r.headers["content-type"] == unknown.headers["content-type"]
        # as an unknown route: no token needed, any method
        assert sim.get(url, headers={"Authorization": ""}).status_code == 404
        assert sim.post(url, json={}).status_code == 404
    log = sim.get("/_simulator/requests?path=/tenantui/api/v2/sbc").json()
    assert log and all(e["route"] is None and e["status"] == 404 for e in log)
    # creates still validate sbcId against the seed's SBCs
    assert sim.post(CUSTOMER, json=body("NoSbcList")).status_code == 200
    bad = sim.post(CUSTOMER, json=body("BadSbc", siteLocation={"sbcId": 99, "sbcOnboardingScript": 10007,
                                                               "sbcCleanupScript": 10700}))
    assert bad.status_code == 400 and "siteLocation.sbcId" in bad.json()["errors"]
    sim.patch("/_simulator/variants", json={"sbc_catalogue": "present"})
    assert sim.get(SBC).status_code == 200 and sim.get(f"{SBC}/5").json()["sbcId"] == 5
    assert sim.get(SBC, headers={"Authorization": ""}).status_code == 401


# -- template_variables ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("shape, expected, empty", [
    ("list", ["IPPBX-ProxyAddress", "IPPBX-ProxyAddress-SIPPort", "SIP-HostName"], []),
    ("string", "IPPBX-ProxyAddress,IPPBX-ProxyAddress-SIPPort,SIP-HostName", ""),
    ("objects", [{"name": "IPPBX-ProxyAddress"}, {"name": "IPPBX-ProxyAddress-SIPPort"}, {"name": "SIP-HostName"}],
     []),
    ("absent", MISSING, MISSING),
])
def test_template_variables(make_sim, shape, expected, empty):
    sim = make_sim(variants={"template_variables": shape})
    for query in ("pageSize=100", "pageSize=100&allDetails=true"):
        templates = {t["id"]: t for t in sim.get(f"{TEMPLATES}?{query}").json()}
        assert templates[10007].get("customerVariables", MISSING) == expected
        assert templates[10700].get("customerVariables", MISSING) == empty
        assert templates[7]["relatedScripts"] == [{"key": 700, "value": "sbc-scenario7Cleanup"}]
    # the simulator still knows each script's variables: the create validation is unchanged
    ok = sim.post(CUSTOMER, json=body("Vars1", scriptParameters=params(**{"CustomVar.Variable3": "sip.example"})))
    assert ok.status_code == 200
    site = sim.get(f"/tenantui/api/v2/sitelocation/{ok.json()['siteLocationIds'][0]}").json()
    assert site["sbcInfo"]["sbcScripts"]["customerVariables"]["SIP-HostName"] == "sip.example"
    bad = sim.post(CUSTOMER, json=body("Vars2", scriptParameters=params(**{"CustomVar.Variable4": "x"})))
    assert bad.status_code == 400 and "scriptParameters.CustomVar.Variable4" in bad.json()["errors"]


# -- uniqueness -----------------------------------------------------------------------------------------------------
def test_uniqueness_per_tenant_is_the_default(sim):
    a = sim.post(CUSTOMER, json=body("Shared1", msTenantId=TENANT_A))
    b = sim.post(CUSTOMER, json=body("Shared1", msTenantId=TENANT_B))
    assert a.status_code == 200 and b.status_code == 200 and a.json()["id"] != b.json()["id"]
    assert sorted(x["MsTenantId"] for x in sim.get(V3).json()) == sorted([TENANT_A, TENANT_B])
    # the same tenant (case-insensitive name and tenant id): refused
    dup = sim.post(CUSTOMER, json=body("SHARED1", msTenantId=TENANT_B.upper()))
    assert dup.status_code == 400 and dup.json()["errorCode"] == "DuplicateShortName"
    assert dup.json()["detail"] == "shortName: a service named 'Shared1' already exists"
    # deleting one frees the name in its tenant only
    sim.delete(f"{CUSTOMER}/{a.json()['id']}")
    wait_for(lambda: sim.get(f"{CUSTOMER}/{a.json()['id']}").status_code == 404)
    assert sim.post(CUSTOMER, json=body("Shared1", msTenantId=TENANT_B)).status_code == 400
    assert sim.post(CUSTOMER, json=body("shared1", msTenantId=TENANT_A)).status_code == 200


def test_uniqueness_global(make_sim):
    sim = make_sim(variants={"uniqueness": "global"})
    assert sim.post(CUSTOMER, json=body("Only1", msTenantId=TENANT_A)).status_code == 200
    other = sim.post(CUSTOMER, json=body("ONLY1", msTenantId=TENANT_B))
    assert other.status_code == 400 and other.json()["errorCode"] == "DuplicateShortName"
    assert other.json()["detail"] == "shortName: a service named 'Only1' already exists"
    assert len(sim.get(CUSTOMER).json()) == 1


def test_uniqueness_switch_at_run_time(sim):
    assert sim.post(CUSTOMER, json=body("Both1", msTenantId=TENANT_A)).status_code == 200
    assert sim.post(CUSTOMER, json=body("Both1", msTenantId=TENANT_B)).status_code == 200
    sim.patch("/_simulator/variants", json={"uniqueness": "global"})
    r = sim.post(CUSTOMER, json=body("Both1", msTenantId=TENANT_C))
    assert r.status_code == 400 and r.json()["errorCode"] == "DuplicateShortName"
    sim.patch("/_simulator/variants", json={"uniqueness": "tenant"})
    assert sim.post(CUSTOMER, json=body("Both1", msTenantId=TENANT_C)).status_code == 200


def test_uniqueness_seed_loading(sim):
    seed = sim.app.state.sim.catalog.seed
    seed["services"] = [body("Seeded1", msTenantId=TENANT_A), body("seeded1", msTenantId=TENANT_B)]
    r = sim.post("/_simulator/seed", json=seed)
    assert r.status_code == 200 and r.json()["services"] == 2
    seed["services"].append(body("SEEDED1", msTenantId=TENANT_B))
    r = sim.post("/_simulator/seed", json=seed)
    assert r.status_code == 400 and "duplicate seed service" in r.json()["error"]
    sim.patch("/_simulator/variants", json={"uniqueness": "global"})
    seed["services"] = seed["services"][:2]
    r = sim.post("/_simulator/seed", json=seed)
    assert r.status_code == 400 and "duplicate seed service" in r.json()["error"]
    seed["services"] = seed["services"][:1]
    assert sim.post("/_simulator/seed", json=seed).json()["services"] == 1


def test_uniqueness_seed_file_at_start(tmp_path, make_sim):
    import yaml

    seed = yaml.safe_load((Path(__file__).resolve().parents[1] / "live_platform_simulator" / "seeds" /
                           "default.yaml").read_text("utf-8"))
    seed["services"] = [body("Start1", msTenantId=TENANT_A), body("Start1", msTenantId=TENANT_B)]
    path = tmp_path / "seed.yaml"
    path.write_text(yaml.safe_dump(seed), "utf-8")
    assert len(make_sim(seed=str(path)).get(CUSTOMER).json()) == 2
    # global: the second one is skipped at start-up (as any duplicate seed service is)
    assert len(make_sim(seed=str(path), variants={"uniqueness": "global"}).get(CUSTOMER).json()) == 1


def _client(**kw) -> TestClient:
    client = TestClient(create_app(Settings(deployment_time=0.05, deletion_time=0.05, **kw)))
    client.__enter__()
    client.headers["Authorization"] = f"Bearer {get_token(client)}"
    return client


def test_uniqueness_survives_db_restart(tmp_path):
    db = str(tmp_path / "state.db")
    c = _client(db=db)
    try:
        assert c.post(CUSTOMER, json=body("Kept1", msTenantId=TENANT_A)).status_code == 200
        assert c.post(CUSTOMER, json=body("Kept1", msTenantId=TENANT_B)).status_code == 200
    finally:
        c.__exit__(None, None, None)
    c = _client(db=db)
    try:
        assert sorted(x["MsTenantId"] for x in c.get(V3).json()) == sorted([TENANT_A, TENANT_B])
        assert c.post(CUSTOMER, json=body("KEPT1", msTenantId=TENANT_A)).json()["errorCode"] == "DuplicateShortName"
        assert c.post(CUSTOMER, json=body("Kept1", msTenantId=TENANT_C)).status_code == 200
    finally:
        c.__exit__(None, None, None)


def test_store_rebuilds_a_file_of_the_old_schema(tmp_path):
    path = str(tmp_path / "old.db")
    db = sqlite3.connect(path)
    db.executescript("CREATE TABLE services (id TEXT PRIMARY KEY, short_lower TEXT NOT NULL UNIQUE, "
                     "seq INTEGER NOT NULL, data TEXT NOT NULL);")
    db.execute("INSERT INTO services VALUES ('s1', 'old1', 1, ?)",
               ('{"id": "s1", "shortName": "Old1", "msTenantId": "%s", "sites": []}' % TENANT_A,))
    db.commit()
    db.close()
    store = Store(path)
    try:
        assert store.find_short("OLD1", TENANT_A)["id"] == "s1"
        assert store.find_short("old1", TENANT_B) is None and store.find_short("old1", TENANT_B, "global")
        store.insert_service({"id": "s2", "shortName": "Old1", "msTenantId": TENANT_B, "sites": []})
        assert set(store.services) == {"s1", "s2"}
    finally:
        store.close()


# -- single_read_state ----------------------------------------------------------------------------------------------
def test_single_read_state_top_level_by_default(sim):
    gid = sim.post(CUSTOMER, json=body("Top1")).json()["id"]
    for query in ("", "?allDetails=true"):
        j = sim.get(f"{V3}/{gid}{query}").json()
        assert j["deploymentState"] == "Deployed" and "errorDetails" in j and "progressDetails" in j


def test_single_read_state_sites_only(make_sim):
    sim = make_sim(variants={"single_read_state": "sites_only"})
    gid = sim.post(CUSTOMER, json=body("Sites1")).json()["id"]
    j = sim.get(f"{V3}/{gid}?allDetails=true").json()
    assert not {"deploymentState", "errorDetails", "progressDetails"} & set(j)
    assert j["SiteLocation"][0]["sbcDeploymentState"] == "Deployed"
    assert j["SiteLocation"][0]["sbcConfigurationType"] == "SipTrunk"
    brief = sim.get(f"{V3}/{gid}").json()  # without allDetails: no sites, hence no state at all
    assert not {"deploymentState", "errorDetails", "progressDetails", "SiteLocation"} & set(brief)
    # with another vocabulary the sites' states follow it; the create answer still carries deploymentState
    sim.patch("/_simulator/variants", json={"states": "integer"})
    assert sim.get(f"{V3}/{gid}?allDetails=true").json()["SiteLocation"][0]["sbcDeploymentState"] == 3
    assert sim.post(CUSTOMER, json=body("Sites2")).json()["deploymentState"] == 3
