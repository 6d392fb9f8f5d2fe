# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""SIP connections and licences against a fake platform that knows only the documented paths (API §2, §3, §7)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import re

import pytest

from ansible_collections.audiocodes.live_platform.plugins.module_utils import service, sip_connection
from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import (
    ApiError, InputError, NotFoundError, TransportError,
)
from ansible_collections.audiocodes.live_platform.plugins.module_utils.validation import InputErrors
from ansible_collections.audiocodes.live_platform.tests.unit.plugins.module_utils.fake_platform import FakeClock

TENANT = "4bf50a33-a383-4d3f-9403-220c898bc1b2"
SERVICE_ID = "b38e5a04-6d32-4be8-95bb-53bf7d6fa95c"
FIRST = "2205294f-9111-4e9d-8343-bd24f8e7a90f"
PASSWORD = "old-Pa55word"
NEW_PASSWORD = "new-Pa55word"
WRITES = ("POST", "PATCH", "DELETE")


def site_read(site):
    """The documented site read (API §3), the password in clear as documented."""
    return dict(tenantId=TENANT, m365DeploymentState=None, sbcDeploymentState=site["state"], siteName=site["name"],
                onlinePstnGateway=site.get("gw"),
                sbcInfo=dict(cacProfile=site.get("cac"), carrierHostName=None, carrierId="SIPTrunk",
                             carrierMainLine=None, carrierUserName=site.get("user"), flagConfigureSbc=True,
                             sbcId=site["sbc"],
                             sbcScripts=dict(onboardingScript=10007, cleanupScript=10700,
                                             customerVariables=dict(site.get("variables", {})))),
                pendingTasks=[])


class FakeSites(object):
    """A client over one service's sites: the documented reads and writes, the answers' shapes switchable."""

    retries = 2

    def __init__(self):
        self.calls = []
        self.sites = [dict(id=FIRST, name="GSBFZUBGHWOFI", sbc=5, state=3, cac="10 sessions", user="first")]
        self.license = 0
        self.add_answer = "id"
        self.license_fields = ("licenseType", "upgradeToLicense")
        self.show_password = True
        self.list_sites = True
        self.faults = []  # (method, exception) raised once, in order
        self.on_add = None  # called after a site is added (e.g. another run adds the same name)
        self.secrets = []
        self.plans = {}  # site id -> the rules of its dial plan
        self.exists = True

    # the client's interface
    def add_secret(self, *values):
        self.secrets.extend(values)

    def backoff(self, attempt, retry_after=None):
        pass

    def _fault(self, method):
        for index, (kind, exc) in enumerate(self.faults):
            if kind == method:
                del self.faults[index]
                raise exc

    def get(self, path, params=None):
        self.calls.append(("GET", path))
        plan = re.match(r"^/api/v2/customer/{0}/sitelocation/([^/]+)/dialplan/(.+)$".format(SERVICE_ID), path)
        if plan:
            return dict(dialPlanId=plan.group(2), ruleDTO=list(self.plans.get(plan.group(1), [])))
        if not self.exists and "customer" in path:
            if path == "/api/v3/customer":
                return []
            raise NotFoundError("GET", path, 404, "Customer not found")
        if path in ("/api/v3/customer", "/api/v3/customer/" + SERVICE_ID, "/api/v2/customer/" + SERVICE_ID):
            item = dict(UmpCustomerGuid=SERVICE_ID, CustomerShortName="SaraTest1", MsTenantId=TENANT,
                        LicenseType=self.license, deploymentState="Deployed")
            if self.list_sites:
                item["SiteLocation"] = [dict(id=s["id"], name=s["name"], sbcId=s["sbc"], sbcDeploymentState=s["state"])
                                        for s in self.sites]
            return [item] if path == "/api/v3/customer" else item
        match = re.match(r"^/api/v2/sitelocation/(.+)$", path)
        if match:
            site_id = FIRST if match.group(1) == SERVICE_ID and not self.list_sites else match.group(1)
            for site in self.sites:
                if site["id"] == site_id:
                    read = site_read(site)
                    if self.show_password:
                        read["sbcInfo"]["sbcScripts"]["customerVariables"]["CarrierUserPassword"] = site.get("pw")
                    if site["state"] != 3:
                        site["state"] = 3  # deployed at the next read
                    return read
            raise NotFoundError("GET", path, 404, "Site location with {0} not found".format(site_id))
        if path == "/api/v2/scripttemplates":
            return [] if params["pageNumber"] else [dict(
                id=10007, name="sbc-hosted-essentials", scriptType=1, relatedScripts=[dict(key=10700, value="c")],
                customerVariables=["IPPBX-ProxyAddress", "IPPBX-ProxyAddress-SIPPort", "SIP-HostName"])]
        if path == "/api/v2/sbc":
            return [dict(sbcId=8, name="SBC-FRA-02", cacProfiles=["10 sessions", "30 sessions"], proxySets=[])]
        if path.startswith("/api/v2/task/"):
            return dict(id=path.rsplit("/", 1)[1], status="CompletedSuccess", outputData={})
        raise NotFoundError("GET", path, 404, "no route")

    def post(self, path, json=None):
        self.calls.append(("POST", path, copy.deepcopy(json)))
        self._fault("POST")
        assert path == "/api/v2/customer/{0}/sitelocation/".format(SERVICE_ID)
        site = dict(id="site-{0}".format(len(self.sites)), name=json["siteLocationName"], sbc=json["sbcId"], state=1,
                    user=json.get("scriptParameters", {}).get("CarrierUserName"),
                    pw=json.get("scriptParameters", {}).get("CarrierUserPassword"))
        self.sites.append(site)
        if self.on_add:
            self.on_add()
        return dict(id=dict(id=site["id"], taskId="tsk_9"), task="tsk_9", none=None)[self.add_answer]

    def patch(self, path, json=None):
        self.calls.append(("PATCH", path, copy.deepcopy(json)))
        plan = re.match(r"^/api/v2/customer/{0}/sitelocation/([^/]+)/dialplan/".format(SERVICE_ID), path)
        if plan:
            gone = [(r["name"], r["prefix"]) for r in json["remove"]]
            rules = [r for r in self.plans.get(plan.group(1), []) if (r["name"], r["prefix"]) not in gone]
            self.plans[plan.group(1)] = rules + list(json["add"])
            return 1
        if path == "/api/v3/customer/" + SERVICE_ID:
            (key, value), = json.items()
            if key not in self.license_fields:
                raise ApiError("PATCH", path, 400, "Invalid change for License Type!")
            self.license = value
            return 1
        assert path == "/api/v2/customer/{0}/sitelocation/".format(SERVICE_ID)
        site = next(s for s in self.sites if s["id"] == json["sbcSiteGuid"])
        site.update(cac=json.get("CacProfile"), user=json.get("CarrierUserName"), pw=json.get("CarrierUserPassword"),
                    state=1)
        return "tsk_10"

    def delete(self, path):
        self.calls.append(("DELETE", path))
        if path == "/api/v2/customer/" + SERVICE_ID:
            self.exists = False
            return 1
        site_id = path.rsplit("/", 1)[1]
        before = len(self.sites)
        self.sites = [s for s in self.sites if s["id"] != site_id]
        if len(self.sites) == before:
            raise NotFoundError("DELETE", path, 404, "not found")
        return dict(status=True, msg="queued", sbcCleanupTaskId="tsk_11", o365CleanupTask="tsk_0")

    def writes(self):
        return [c for c in self.calls if c[0] in WRITES]


@pytest.fixture
def fake():
    return FakeSites()


def branch(**changes):
    params = dict(short_name="SaraTest1", ms_tenant_id=TENANT, site_name="Branch", sbc_id=8,
                  onboarding_script_id=10007, cleanup_script_id=10700, carrier_user_name="sara",
                  carrier_user_password=PASSWORD, wait=True, wait_timeout=60, poll_interval=1,
                  update_carrier_password="on_change")
    params.update(changes)
    return params


def run(fake, check_mode=False, **changes):
    return sip_connection.ensure(fake, branch(**changes), check_mode=check_mode, clock=FakeClock())


def test_add_sends_the_documented_body_once_and_a_rerun_writes_nothing(fake):
    assert run(fake, check_mode=True)["outcome"] == "would_create" and not fake.writes()
    created = run(fake)
    assert created["outcome"] == "created" and created["changed"]
    (post,) = fake.writes()
    assert post[2] == dict(siteLocationName="Branch", ovocCustomerType="IPGROUP_TYPE", sbcId=8,
                           sbcOnboardingScript=10007, sbcCleanupScript=10700,
                           scriptParameters=dict(CarrierUserName="sara", CarrierUserPassword=PASSWORD))
    assert created["site"]["deployment_state"] == "Deployed"
    assert PASSWORD not in str(created["site"]) and created["request"]["scriptParameters"]["CarrierUserPassword"] \
        != PASSWORD
    again = run(fake)
    assert again["outcome"] == "unchanged" and len(fake.writes()) == 1
    assert all(c[1].startswith(("/api/v2/sitelocation/", "/api/v3/customer", "/api/v2/customer/", "/api/v2/task/"))
               for c in fake.calls)


@pytest.mark.parametrize("answer", ["task", "none"])
def test_an_add_answer_without_the_site_id_finds_the_site_by_name(fake, answer):
    fake.add_answer = answer
    assert run(fake)["outcome"] == "created"
    assert len([c for c in fake.writes() if c[0] == "POST"]) == 1


def test_a_lost_add_answer_is_followed_by_a_lookup_not_a_second_add(fake):
    def lost():
        fake.on_add = None
        raise TransportError("POST", "/api/v2/customer/x/sitelocation/", "connection reset")
    fake.on_add = lost
    assert run(fake)["site"]["name"] == "Branch"
    assert len([c for c in fake.writes() if c[0] == "POST"]) == 1


def test_two_runs_adding_one_name_leave_one_site(fake):
    def other_run_first():
        fake.on_add = None
        ours = fake.sites.pop()
        fake.sites.append(dict(id="site-other", name="branch", sbc=8, state=3))
        fake.sites.append(ours)
    fake.on_add = other_run_first
    result = run(fake)
    assert result["outcome"] == "unchanged" and not result["changed"]
    assert [s["id"] for s in fake.sites if s["name"].lower() == "branch"] == ["site-other"]


def test_a_rotated_password_is_sent_with_every_current_field_and_never_returned(fake):
    run(fake)
    check = run(fake, check_mode=True, carrier_user_password=NEW_PASSWORD)
    assert check["outcome"] == "would_update" and check["changes"] == ["carrier_user_password"]
    assert (check["diff"]["before"]["carrier_password"], check["diff"]["after"]["carrier_password"]) == ("set", "changed")
    assert "carrier_user_password" not in check["diff"]["after"]
    assert len(fake.writes()) == 1
    updated = run(fake, carrier_user_password=NEW_PASSWORD, cac_profile="5 sessions")
    assert updated["outcome"] == "updated" and sorted(updated["changes"]) == ["cac_profile", "carrier_user_password"]
    patch = fake.writes()[-1][2]
    assert patch["sbcSiteGuid"] == fake.sites[-1]["id"] and patch["sbcId"] == 8 and patch["sbcSiteName"] == "Branch"
    assert patch["CarrierUserPassword"] == NEW_PASSWORD and patch["CarrierUserName"] == "sara"
    assert patch["flagConfigureSbc"] is True
    text = str(updated)
    assert NEW_PASSWORD not in text and PASSWORD not in text
    assert run(fake, carrier_user_password=NEW_PASSWORD, cac_profile="5 sessions")["outcome"] == "unchanged"


def test_a_password_the_read_hides_is_sent_only_when_asked(fake):
    run(fake)
    fake.show_password = False
    result = run(fake, carrier_user_password=NEW_PASSWORD)
    assert result["outcome"] == "unchanged" and "update_carrier_password=always" in result["warnings"][0]
    writes = len(fake.writes())
    assert run(fake, carrier_user_password=NEW_PASSWORD, update_carrier_password="always")["outcome"] == "updated"
    assert len(fake.writes()) == writes + 1


def test_what_no_call_changes_is_drift_without_a_write(fake):
    run(fake)
    result = run(fake, sbc_id=12, online_pstn_gateway="sbc.example.net")
    assert result["outcome"] == "drifted" and result["drift"][0]["field"] == "sbc_id"
    assert "no call to change it" in result["warnings"][0] and len(fake.writes()) == 1


def test_the_first_and_the_only_site_are_kept_unless_forced(fake):
    with pytest.raises(InputError) as err:
        run(fake, state="absent", site_name="GSBFZUBGHWOFI")
    assert "only SIP connection" in err.value.msg and not fake.writes()
    run(fake)
    with pytest.raises(InputError) as err:
        run(fake, state="absent", site_name="gsbfzubghwofi")
    assert "first listed SIP connection" in err.value.msg and len(fake.writes()) == 1
    assert run(fake, state="absent", check_mode=True)["outcome"] == "would_delete" and len(fake.writes()) == 1
    assert run(fake, state="absent")["outcome"] == "deleted"
    assert run(fake, state="absent")["outcome"] == "absent"
    assert run(fake, state="absent", site_name="GSBFZUBGHWOFI", force=True)["outcome"] == "deleted"


def test_a_site_of_a_missing_service_is_absent_and_cannot_be_added(fake):
    missing = branch(short_name="Nobody")
    assert sip_connection.ensure(fake, dict(missing, state="absent"), clock=FakeClock())["outcome"] == "absent"
    with pytest.raises(sip_connection.ServiceMissing) as err:
        sip_connection.ensure(fake, missing, clock=FakeClock())
    assert "'Nobody'" in err.value.msg and not fake.writes()


def test_a_service_that_lists_no_sites_is_read_as_its_own_site(fake):
    fake.list_sites = False
    result = run(fake, site_name="GSBFZUBGHWOFI", sbc_id=5, carrier_user_name="first", carrier_user_password=None)
    assert result["outcome"] == "unchanged" and result["site"]["id"] == SERVICE_ID  # the id it was read by


@pytest.mark.parametrize("changes, field", [
    (dict(sbc_id=None), "sbc"),
    (dict(onboarding_script_id=None), "onboarding_script"),
    (dict(site_name="x" * 65), "site_name"),
    (dict(site_name=" Branch"), "site_name"),
    (dict(short_name=None), "short_name"),
    (dict(carrier_main_line=123), "carrier_main_line"),
    (dict(carrier_user_password=u"p\u00e4ss"), "carrier_user_password"),
    (dict(ms_tenant_id="not-a-guid"), "ms_tenant_id"),
])
def test_bad_input_is_refused_before_any_write(fake, changes, field):
    with pytest.raises(InputErrors) as err:
        run(fake, **changes)
    assert field in [f for f, _rule in err.value.problems] and not fake.writes()


def test_the_site_info_returns_each_site_without_the_password(fake):
    run(fake)
    info = sip_connection.sip_connection_info(fake, dict(short_name="SaraTest1", ms_tenant_id=TENANT))
    assert [s["name"] for s in info["sip_connections"]] == ["GSBFZUBGHWOFI", "Branch"]
    assert PASSWORD not in str(info) and info["service"]["id"] == SERVICE_ID


# --- licences -------------------------------------------------------------------------------------------------------
def licence(fake, name, check_mode=False):
    params = dict(short_name="SaraTest1", ms_tenant_id=TENANT, sbc_id=5, onboarding_script_id=10007,
                  cleanup_script_id=10700, license_type=name, wait=True, wait_timeout=60, poll_interval=1)
    return service.ensure(fake, params, check_mode=check_mode, clock=FakeClock())


def test_a_licence_upgrade_is_a_change_and_a_rerun_is_not(fake):
    check = licence(fake, "hosted_pro", check_mode=True)
    assert check["outcome"] == "would_update" and check["diff"]["after"]["license_type"] == "hosted_pro"
    assert not fake.writes()
    result = licence(fake, "hosted_pro")
    assert result["outcome"] == "updated" and result["service"]["license_name"] == "hosted_pro"
    assert fake.writes() == [("PATCH", "/api/v3/customer/" + SERVICE_ID, dict(licenseType=2))]
    assert licence(fake, "hosted_pro")["outcome"] == "unchanged" and len(fake.writes()) == 1


@pytest.mark.parametrize("fields", [("upgradeToLicense",), ("licenseType",)])
def test_either_documented_field_name_converges(fake, fields):
    fake.license_fields = fields
    assert licence(fake, "hosted_essentials_plus")["service"]["license_type"] == 1


def test_a_platform_that_ignores_both_field_names_fails_with_its_text(fake):
    fake.license_fields = ()
    with pytest.raises(Exception) as err:
        licence(fake, "hosted_pro")
    assert "Invalid change for License Type!" in str(err.value) and "upgradeToLicense" in str(err.value)


def test_a_licence_the_call_cannot_set_is_refused_before_any_write(fake):
    fake.license = 2
    with pytest.raises(InputError) as err:
        licence(fake, "hosted_essentials")
    assert err.value.field == "license_type" and "hosted_pro" in err.value.msg and not fake.writes()


@pytest.mark.parametrize("read, given", [
    ({"CustomVar.Variable1": "10.0.0.1"}, {"IPPBX-ProxyAddress": "10.0.0.2"}),
    ({"IPPBX-ProxyAddress": "10.0.0.1"}, {"CustomVar.Variable1": "10.0.0.2"}),
    ({"IPPBX-ProxyAddress": "10.0.0.1"}, {"ippbx-proxyaddress": "10.0.0.2"}),
])
def test_customer_variables_drift_whichever_form_the_read_and_the_options_use(fake, read, given):
    run(fake)
    fake.sites[-1]["variables"] = read
    result = run(fake, custom_variables=given)
    assert result["outcome"] == "drifted" and result["drift"][0]["actual"] == "10.0.0.1"
    assert len(fake.writes()) == 1
    assert run(fake, custom_variables=dict((k, "10.0.0.1") for k in given))["outcome"] == "unchanged"


def test_a_cac_profile_the_named_sbc_lacks_is_refused_before_a_modify(fake):
    run(fake)
    with pytest.raises(InputError) as err:
        run(fake, sbc_id=None, sbc="SBC-FRA-02", cac_profile="5 sessions")
    assert err.value.field == "cac_profile" and "30 sessions" in err.value.msg and len(fake.writes()) == 1


def test_check_mode_predicts_a_site_of_a_service_an_earlier_task_would_create(fake):
    result = run(fake, check_mode=True, short_name="NewSvc1")
    assert result["outcome"] == "would_create" and result["changed"] and "NewSvc1" in result["warnings"][0]
    assert not fake.writes()
