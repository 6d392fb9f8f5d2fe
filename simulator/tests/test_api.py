"""Every /tenantui endpoint: documented shapes."""

from __future__ import annotations

import re

from lps_helpers import CUSTOMER, EXAMPLE_1, EXAMPLE_2, body, params, wait_for

PROGRESS = ("(Information, MsTenantid is valid);(Information, Customer data created!);"
            "(Information, SBC sbc-onboarding done for site {}.);(Information, CreateSiteInOvoc started.);"
            "(Information, Site created in Ovoc)")
GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def test_example_body_1(sim):
    r = sim.post(CUSTOMER, json=EXAMPLE_1)
    assert r.status_code == 200
    j = r.json()
    assert set(j) == {"id", "customerId", "siteLocationIds", "deploymentState", "errorDetails", "progressDetails"}
    assert GUID.match(j["id"]) and j["customerId"] == "SaraTest1"
    assert len(j["siteLocationIds"]) == 1 and GUID.match(j["siteLocationIds"][0])
    assert j["deploymentState"] == "Deployed" and j["errorDetails"] is None
    assert j["progressDetails"] == PROGRESS.format("SaraTest1")


def test_example_body_2_answers_standard_body(sim):
    # The document's second "Example Response" echoes the request (documentation error): standard 200 body.
    r = sim.post(CUSTOMER, json=EXAMPLE_2)
    assert r.status_code == 200
    j = r.json()
    assert j["customerId"] == "BradTest3" and j["deploymentState"] == "Deployed"
    assert j["progressDetails"] == PROGRESS.format("BradTest3")
    assert "lcCustomerId" not in j
    # lcCustomerId is stored but not readable through the API
    assert "1317027" not in sim.get(f"/tenantui/api/v3/customer/{j['id']}?allDetails=true").text
    assert [s["lcCustomerId"] for s in sim.get("/_simulator/services").json()] == [1317027]


def test_list_v2(sim):
    ids = [sim.post(CUSTOMER, json=body(f"List{i}")).json()["id"] for i in range(3)]
    j = sim.get(CUSTOMER).json()
    assert [x["Id"] for x in j] == ids
    assert j[0] == {"Id": ids[0], "ShortName": "List0", "FullName": "List0", "LicenseType": 0}


def test_get_v2(sim):
    created = sim.post(CUSTOMER, json=EXAMPLE_1).json()
    j = sim.get(f"{CUSTOMER}/{created['id']}").json()
    assert set(j) == {"Id", "ShortName", "FullName", "LicenseType", "SiteLocation"}
    site = j["SiteLocation"][0]
    assert site["id"] == created["siteLocationIds"][0] and site["sbcId"] == 5
    assert site["sbcDeploymentState"] == "Deployed"
    assert re.fullmatch(r"[A-Z]{13}", site["name"])


def test_get_v2_unknown(sim):
    guid = "00000000-0000-4000-8000-000000000000"
    r = sim.get(f"{CUSTOMER}/{guid}")
    assert r.status_code == 404 and r.json() == f"Customer with {guid} not found"


def test_list_v3(sim):
    created = sim.post(CUSTOMER, json=EXAMPLE_1).json()
    brief = sim.get("/tenantui/api/v3/customer").json()
    assert brief == [{"UmpCustomerGuid": created["id"], "CustomerShortName": "SaraTest1",
                      "CustomerFullName": "SaraTest1", "LicenseType": 0, "LicensedUsersCount": 0,
                      "MsTenantId": "4bf50a33-a383-4d3f-9403-220c898bc1b2", "ActiveUserCount": 0}]
    full = sim.get("/tenantui/api/v3/customer?allDetails=true").json()
    assert full[0]["SiteLocation"][0]["sbcConfigurationType"] == "SipTrunk"


def test_get_v3_all_details(sim):
    created = sim.post(CUSTOMER, json=EXAMPLE_1).json()
    j = sim.get(f"/tenantui/api/v3/customer/{created['id']}?allDetails=true").json()
    assert j["CustomerShortName"] == "SaraTest1"
    assert j["SiteLocation"][0]["id"] == created["siteLocationIds"][0]
    assert j["SiteLocation"][0]["sbcConfigurationType"] == "SipTrunk"
    assert j["deploymentState"] == "Deployed" and j["errorDetails"] is None
    assert j["progressDetails"] == created["progressDetails"]
    assert sim.get("/tenantui/api/v3/customer/00000000-0000-4000-8000-000000000000").status_code == 404


def test_patch_license(sim):
    gid = sim.post(CUSTOMER, json=EXAMPLE_1).json()["id"]
    for value in (1, 2, 1):  # a new service is Hosted (0): 4 and 5 (Operator Connect) are in test_day_two
        r = sim.patch(f"/tenantui/api/v3/customer/{gid}", json={"licenseType": value})
        assert r.status_code == 200 and r.json() == 1
        assert sim.get(f"{CUSTOMER}/{gid}").json()["LicenseType"] == value
    for bad in (0, 3, 4, 5, 6, "1", None):
        r = sim.patch(f"/tenantui/api/v3/customer/{gid}", json={"licenseType": bad})
        assert r.status_code == 400 and r.json() == "Invalid change for License Type!"


def test_online_pstn_gateway(sim):
    gid = sim.post(CUSTOMER, json=EXAMPLE_1).json()["id"]
    r = sim.get(f"/tenantui/api/v3/customer/{gid}/onlinepstngateway")
    assert r.json() == [{"fqdn": "BradDRService.sandbox2.audiocodes.be", "trunkModel": "DerivedTrunk"}]


def test_site_location_detail(sim):
    p = params(CarrierUserName="carrier-user", CarrierUserPassword="S3cret!", CarrierMainLine="+3120",
               CarrierHostName="carrier.example", **{"CustomVar.Variable1": "pbx.example",
                                                     "CustomVar.Variable2": "5060"})
    created = sim.post(CUSTOMER, json=body("Site1", scriptParameters=p)).json()
    site_id = created["siteLocationIds"][0]
    j = sim.get(f"/tenantui/api/v2/sitelocation/{site_id}").json()
    assert j["tenantId"] == "4bf50a33-a383-4d3f-9403-220c898bc1b2"
    assert j["m365DeploymentState"] is None and j["sbcDeploymentState"] == 3
    assert j["onlinePstnGateway"] == "BradDRService.sandbox2.audiocodes.be"
    info = j["sbcInfo"]
    assert info["cacProfile"] == "5 sessions" and info["carrierId"] == "SIPTrunk" and info["sbcId"] == 5
    assert info["carrierUserName"] == "carrier-user" and info["carrierHostName"] == "carrier.example"
    assert info["sbcScripts"]["onboardingScript"] == 10007 and info["sbcScripts"]["cleanupScript"] == 10700
    cv = info["sbcScripts"]["customerVariables"]
    assert cv["IPPBX-ProxyAddress"] == "pbx.example" and cv["IPPBX-ProxyAddress-SIPPort"] == "5060"
    assert cv["CarrierUserPassword"] == "S3cret!"  # documented: clear text
    assert j["pendingTasks"] == []
    assert sim.get("/tenantui/api/v2/sitelocation/nope").status_code == 404


def test_add_site_and_task(sim):
    gid = sim.post(CUSTOMER, json=EXAMPLE_1).json()["id"]
    r = sim.post(f"{CUSTOMER}/{gid}/sitelocation/", json={
        "siteLocationName": "second", "ovocCustomerType": "IPGROUP_TYPE", "sbcId": 8, "sbcOnboardingScript": 7,
        "sbcCleanupScript": 700, "scriptParameters": {"CacProfile": "10 sessions", "ProxySet": "SIPTrunk"}})
    assert r.status_code == 200
    j = r.json()
    assert set(j) == {"id", "taskId"} and j["taskId"].startswith("tsk_")
    task = sim.get(f"/tenantui/api/v2/task/{j['taskId']}").json()
    assert task["status"] == "In Progress" and task["outputData"] == {"umpCustomerGuid": gid}
    assert sim.get(f"/tenantui/api/v2/sitelocation/{j['id']}").json()["pendingTasks"] == [j["taskId"]]
    done = wait_for(lambda: (t := sim.get(f"/tenantui/api/v2/task/{j['taskId']}").json())["status"] != "In Progress"
                    and t)
    assert done["status"] == "CompletedSuccess" and done["completeTime"]
    assert set(done) == {"id", "status", "details", "executionMessages", "outputData", "createTime", "completeTime",
                         "cancellationRequested"}
    assert done["executionMessages"][-1] == {"level": "Information", "message": "Site created in Ovoc"}
    sites = sim.get(f"{CUSTOMER}/{gid}").json()["SiteLocation"]
    assert [s["name"] for s in sites][1] == "second" and sites[1]["sbcDeploymentState"] == "Deployed"
    bad = sim.post(f"{CUSTOMER}/{gid}/sitelocation/", json={"sbcId": 99, "sbcOnboardingScript": 7,
                                                            "sbcCleanupScript": 700})
    assert bad.status_code == 400 and "sbcId" in bad.json()["errors"]


def test_delete_site(sim):
    created = sim.post(CUSTOMER, json=EXAMPLE_1).json()
    site_id = created["siteLocationIds"][0]
    r = sim.delete(f"/tenantui/api/v2/sitelocation/{site_id}")
    j = r.json()
    assert r.status_code == 200 and j["status"] is True and j["msg"] == "queued" and j["o365CleanupTask"] == "tsk_0"
    assert sim.get(f"/tenantui/api/v2/sitelocation/{site_id}").json()["sbcDeploymentState"] == 4
    wait_for(lambda: sim.get(f"/tenantui/api/v2/sitelocation/{site_id}").status_code == 404)
    task = sim.get(f"/tenantui/api/v2/task/{j['sbcCleanupTaskId']}").json()
    assert task["status"] == "CompletedSuccess"
    assert sim.get(f"{CUSTOMER}/{created['id']}").json()["SiteLocation"] == []
    assert sim.delete(f"/tenantui/api/v2/sitelocation/{site_id}").status_code == 404


def test_task_unknown(sim):
    assert sim.get("/tenantui/api/v2/task/tsk_1").status_code == 404


def test_script_templates(sim):
    all_ = sim.get("/tenantui/api/v2/scripttemplates?scriptType=Any&pageSize=100").json()
    ids = [t["id"] for t in all_]
    assert {7, 700, 5000, 10007, 10700, 20001, 20100, 30001} <= set(ids)
    t = next(t for t in all_ if t["id"] == 7)
    assert t["name"] == "sbc-scenario7" and t["scriptType"] == 1
    assert t["relatedScripts"] == [{"key": 700, "value": "sbc-scenario7Cleanup"}]
    assert "script" not in t
    he = next(t for t in all_ if t["id"] == 10007)
    assert he["customerVariables"] == ["IPPBX-ProxyAddress", "IPPBX-ProxyAddress-SIPPort", "SIP-HostName"]
    sbc = sim.get("/tenantui/api/v2/scripttemplates?scriptType=SBC&pageSize=100").json()
    assert all(t["scriptType"] == 1 for t in sbc) and 30001 not in [t["id"] for t in sbc]
    m365 = sim.get("/tenantui/api/v2/scripttemplates?scriptType=M365").json()
    assert [t["id"] for t in m365] == [30001]
    detailed = sim.get("/tenantui/api/v2/scripttemplates?allDetails=true&pageSize=100").json()
    assert all("script" in t for t in detailed)
    # paging: default page size 10; a short page ends
    p0 = sim.get("/tenantui/api/v2/scripttemplates?pageNumber=0&pageSize=3").json()
    p2 = sim.get("/tenantui/api/v2/scripttemplates?pageNumber=2&pageSize=3").json()
    p3 = sim.get("/tenantui/api/v2/scripttemplates?pageNumber=3&pageSize=3").json()
    assert len(p0) == 3 and len(p2) == 2 and p3 == []
    assert sim.get("/tenantui/api/v2/scripttemplates?scriptType=Bogus").status_code == 400


def test_sbcs(sim):
    sbcs = sim.get("/tenantui/api/v2/sbc").json()
    assert [s["sbcId"] for s in sbcs] == [5, 8, 12]
    ams = sim.get("/tenantui/api/v2/sbc/5").json()
    assert ams["name"] == "SBC-AMS-01" and "5 sessions" in ams["cacProfiles"] and "SIPTrunk" in ams["proxySets"]
    assert set(ams) == {"sbcId", "name", "fqdn", "ipAddress", "cacProfiles", "proxySets"}
    assert sim.get("/tenantui/api/v2/sbc/77").status_code == 404


def test_channels(sim):
    assert sim.get("/tenantui/api/ovoc/v1/topology/channels").json() == [
        {"id": 1, "name": "Direct"}, {"id": 2, "name": "Partner-North"}, {"id": 3, "name": "Partner-South"}]
    assert sim.get("/tenantui/api/ovoc/v1/topology/channels/2").json() == {"id": 2, "name": "Partner-North"}
    assert sim.get("/tenantui/api/ovoc/v1/topology/channels/9").status_code == 404


def test_channel_header_filters_lists(sim):
    sim.post(CUSTOMER, json=body("North1", channelId=2))
    sim.post(CUSTOMER, json=body("South1", channelId=3))
    sim.post(CUSTOMER, json=body("NoChan"))
    assert len(sim.get(CUSTOMER).json()) == 3
    north = sim.get(CUSTOMER, headers={"X-Ovoc-Channel-Id": "2"}).json()
    assert [s["ShortName"] for s in north] == ["North1"]
    south = sim.get("/tenantui/api/v3/customer", headers={"X-Ovoc-Channel-Id": "3"}).json()
    assert [s["CustomerShortName"] for s in south] == ["South1"]
    assert sim.get(CUSTOMER, headers={"X-Ovoc-Channel-Id": "x"}).status_code == 400
