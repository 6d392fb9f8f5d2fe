# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
import requests

from ansible_collections.audiocodes.live_platform.plugins.module_utils import service
from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import (
    ApiError, InputError, TransportError, WaitTimeout,
)
from ansible_collections.audiocodes.live_platform.tests.unit.plugins.module_utils.fake_platform import (
    PASSWORD, FakeResponse,
)

TENANT = "4bf50a33-a383-4d3f-9403-220c898bc1b2"
# The primary document's first example body, as module options.
DOC_EXAMPLE = dict(short_name="SaraTest1", full_name="SaraTest1", sbc_id=5, onboarding_script_id=10007,
                   cleanup_script_id=10700, ovoc_customer_type="IPGROUP_TYPE", ms_tenant_id=TENANT,
                   cac_profile="5 sessions", proxy_set="SIPTrunk",
                   online_pstn_gateway="BradDRService.sandbox2.audiocodes.be",
                   extra_script_parameters=dict(additionalProp1="Service Provider2 SBC"),
                   wait=True, wait_timeout=60, poll_interval=1)
DOC_BODY = {
    "shortName": "SaraTest1", "fullName": "SaraTest1",
    "siteLocation": {"sbcId": 5, "sbcOnboardingScript": 10007, "sbcCleanupScript": 10700},
    "ovocCustomerType": "IPGROUP_TYPE", "msTenantId": TENANT,
    "scriptParameters": {"CacProfile": "5 sessions", "ProxySet": "SIPTrunk",
                         "OnlinePstnGateway": "BradDRService.sandbox2.audiocodes.be",
                         "additionalProp1": "Service Provider2 SBC"},
}


def posts(platform):
    return platform.calls_to("POST", "/api/v2/customer")


def test_the_documented_example_body_is_sent_exactly(client, platform, clock):
    result = service.ensure(client, dict(DOC_EXAMPLE), clock=clock)
    assert [c["json"] for c in posts(platform)] == [DOC_BODY]
    assert result["changed"] and result["outcome"] == "created"
    assert result["service"]["deployment_state"] == "Deployed"
    assert result["service"]["site_locations"][0]["sbc_id"] == 5


def test_second_run_is_unchanged_and_sends_no_write(client, platform, clock):
    service.ensure(client, dict(DOC_EXAMPLE), clock=clock)
    again = service.ensure(client, dict(DOC_EXAMPLE, short_name="saratest1"), clock=clock)
    assert not again["changed"] and again["outcome"] == "unchanged" and again["drift"] == []
    assert len(posts(platform)) == 1


def test_names_are_resolved_and_variables_mapped(client, platform, clock):
    params = dict(DOC_EXAMPLE, sbc="sbc-ams-01", sbc_id=None, onboarding_script="sbc-hosted-essentials",
                  onboarding_script_id=None, cleanup_script_id=None,
                  custom_variables={"SIP-HostName": "pbx.example.net", "IPPBX-ProxyAddress": "10.0.0.1"},
                  carrier_user_password=PASSWORD)
    result = service.ensure(client, params, clock=clock)
    body = posts(platform)[0]["json"]
    assert body["siteLocation"] == {"sbcId": 5, "sbcOnboardingScript": 10007, "sbcCleanupScript": 10700}
    assert body["scriptParameters"]["CustomVar.Variable3"] == "pbx.example.net"
    assert body["scriptParameters"]["CustomVar.Variable1"] == "10.0.0.1"
    assert body["scriptParameters"]["CarrierUserPassword"] == PASSWORD  # sent to the platform...
    assert result["request"]["scriptParameters"]["CarrierUserPassword"] == "********"  # ...never returned


@pytest.mark.parametrize("change, field", [
    (dict(sbc="SBC-NOPE", sbc_id=None), "sbc"),
    (dict(onboarding_script="nope", onboarding_script_id=None), "onboarding_script"),
    (dict(custom_variables={"Region": "eu"}), "custom_variables"),
    (dict(cac_profile="99 sessions", sbc="SBC-AMS-01", sbc_id=None), "cac_profile"),
    (dict(short_name="bad name"), "short_name"),
])
def test_bad_input_fails_before_any_write(client, platform, clock, change, field):
    with pytest.raises(InputError) as err:
        service.ensure(client, dict(DOC_EXAMPLE, **change), clock=clock)
    assert err.value.field == field
    assert not [c for c in platform.calls if c["method"] in ("POST", "DELETE", "PATCH", "PUT")
                and "oauth2" not in c["url"]]


def test_check_mode_predicts_and_writes_nothing(client, platform, clock):
    result = service.ensure(client, dict(DOC_EXAMPLE, carrier_user_password=PASSWORD), check_mode=True, clock=clock)
    assert result["changed"] and result["outcome"] == "would_create"
    assert result["request"]["scriptParameters"]["CarrierUserPassword"] == "********"
    assert result["diff"]["before"] == {"state": "absent"}
    assert result["diff"]["after"]["short_name"] == "SaraTest1"
    assert posts(platform) == []


def test_drift_is_reported_not_changed(client, platform, clock):
    platform.add("SaraTest1", full_name="Old Name", sbc_id=8)
    result = service.ensure(client, dict(DOC_EXAMPLE, full_name="New Name"), clock=clock)
    assert not result["changed"] and result["outcome"] == "drifted"
    assert dict((d["field"], (d["actual"], d["desired"])) for d in result["drift"]) == {
        "full_name": ("Old Name", "New Name"), "sbc_id": (8, 5)}
    assert "no update call" in result["warnings"][0]
    assert result["diff"]["before"]["full_name"] == "Old Name"
    assert posts(platform) == []


def test_a_failed_service_fails_with_the_platform_details(client, platform, clock):
    platform.add("SaraTest1", state="Failed", error="SBC 5 unreachable")
    with pytest.raises(service.DeploymentFailed) as err:
        service.ensure(client, dict(DOC_EXAMPLE), clock=clock)
    assert "SBC 5 unreachable" in err.value.msg and err.value.details["changed"] is False


def test_recreate_failed_deletes_then_creates(client, platform, clock):
    guid = platform.add("SaraTest1", state="Failed", error="SBC 5 unreachable")
    result = service.ensure(client, dict(DOC_EXAMPLE, recreate_failed=True), clock=clock)
    assert result["changed"] and result["outcome"] == "recreated"
    assert platform.calls_to("DELETE", "/api/v2/customer/" + guid)
    assert len(posts(platform)) == 1 and len(platform.services) == 1


def test_a_failed_new_deployment_fails_as_changed(client, platform, clock):
    platform.create_state = "Failed"
    with pytest.raises(service.DeploymentFailed) as err:
        service.ensure(client, dict(DOC_EXAMPLE), clock=clock)
    assert err.value.details["changed"] is True


def test_wait_polls_until_deployed(client, platform, clock):
    platform.create_state = "InProgress"
    platform.reads_until_final = 3
    result = service.ensure(client, dict(DOC_EXAMPLE), clock=clock)
    assert result["service"]["deployment_state"] == "Deployed"
    assert clock.sleeps == [1, 1, 1]


def test_wait_gives_up_after_the_timeout(client, platform, clock):
    platform.create_state = "InProgress"
    platform.reads_until_final = 1000
    with pytest.raises(WaitTimeout) as err:
        service.ensure(client, dict(DOC_EXAMPLE, wait_timeout=5), clock=clock)
    assert "still 'InProgress' after 5 s" in err.value.msg


def test_a_concurrent_create_is_reported_not_duplicated(client, platform, clock):
    def other_run_wins(call):
        platform.add("SaraTest1")  # another job created it between our lookup and our POST
        return platform.route(call)
    platform.faults.append(("POST", "/api/v2/customer", other_run_wins))
    result = service.ensure(client, dict(DOC_EXAMPLE), clock=clock)
    assert not result["changed"] and result["outcome"] == "unchanged"
    assert len(platform.services) == 1


@pytest.mark.parametrize("lost", [requests.exceptions.ReadTimeout("timed out"), FakeResponse(502, "Bad gateway")])
def test_a_lost_answer_is_looked_up_before_any_new_post(client, platform, clock, lost):
    def applied_then_lost(call):
        platform.route(call)
        if isinstance(lost, Exception):
            raise lost
        return lost
    platform.faults.append(("POST", "/api/v2/customer", applied_then_lost))
    result = service.ensure(client, dict(DOC_EXAMPLE), clock=clock)
    assert result["changed"] and result["outcome"] == "created"
    assert len(posts(platform)) == 1 and len(platform.services) == 1


def test_a_post_lost_before_processing_is_sent_again(client, platform, clock):
    platform.faults.append(("POST", "/api/v2/customer", requests.exceptions.ConnectionError("refused")))
    result = service.ensure(client, dict(DOC_EXAMPLE), clock=clock)
    assert result["outcome"] == "created"
    assert len(posts(platform)) == 2 and len(platform.services) == 1


def test_a_refused_create_is_not_retried(client, platform, clock):
    platform.faults.append(("POST", "/api/v2/customer", FakeResponse(400, dict(detail="msTenantId: invalid"))))
    with pytest.raises(ApiError) as err:
        service.ensure(client, dict(DOC_EXAMPLE), clock=clock)
    assert "msTenantId: invalid" in err.value.msg and len(posts(platform)) == 1


def test_lost_answers_are_bounded(client, platform, clock):
    for dummy in range(10):
        platform.faults.append(("POST", "/api/v2/customer", requests.exceptions.ConnectionError("refused")))
    with pytest.raises(TransportError):
        service.ensure(client, dict(DOC_EXAMPLE), clock=clock)
    assert len(posts(platform)) == client.retries + 1


def test_absent_deletes_waits_and_is_idempotent(client, platform, clock):
    guid = platform.add("SaraTest1")
    check = service.ensure(client, dict(short_name="SaraTest1", state="absent"), check_mode=True, clock=clock)
    assert check["changed"] and check["outcome"] == "would_delete" and guid in platform.services
    result = service.ensure(client, dict(short_name="SaraTest1", state="absent", wait=True), clock=clock)
    assert result["changed"] and result["outcome"] == "deleted" and not platform.services
    assert result["diff"] == dict(before=dict(state="present", short_name="SaraTest1", full_name="SaraTest1",
                                              ms_tenant_id=TENANT, sbc_id=5, license_type="hosted_essentials",
                                              deployment_state="Deployed"),
                                  after=dict(state="absent"))
    again = service.ensure(client, dict(short_name="SaraTest1", state="absent"), clock=clock)
    assert not again["changed"] and again["outcome"] == "absent"


def test_info_reads_one_or_all(client, platform):
    platform.add("One")
    platform.add("Two")
    one = service.service_info(client, dict(short_name="two"))
    assert [s["short_name"] for s in one["services"]] == ["Two"]
    assert service.service_info(client, dict(short_name="three"))["services"] == []


# --- progress: what an action plugin shows while a change runs ------------------------------------------------------
class Told(object):
    """A progress callable that records what service.ensure tells it."""

    def __init__(self):
        self.events = []

    def __call__(self, name, event, detail):
        self.events.append((name, event, detail))


def test_progress_is_told_when_a_create_is_sent_and_when_it_is_deployed(client, platform, clock):
    platform.create_state = "InProgress"
    platform.reads_until_final = 2
    told = Told()
    result = service.ensure(client, dict(DOC_EXAMPLE), clock=clock, progress=told)
    assert told.events == [
        ("SaraTest1", service.STARTED, dict(action="create")),
        ("SaraTest1", service.ENDED, dict(action="create", state="deployed", service_id=result["service"]["id"])),
    ]


def test_progress_is_told_nothing_when_nothing_changes(client, platform, clock):
    service.ensure(client, dict(DOC_EXAMPLE), clock=clock)
    told = Told()
    assert not service.ensure(client, dict(DOC_EXAMPLE), clock=clock, progress=told)["changed"]
    assert service.ensure(client, dict(DOC_EXAMPLE, short_name="New1"), check_mode=True, clock=clock,
                          progress=told)["outcome"] == "would_create"
    with pytest.raises(InputError):
        service.ensure(client, dict(DOC_EXAMPLE, short_name="bad.name"), clock=clock, progress=told)
    assert told.events == []


@pytest.mark.parametrize("create_state, reads, expected", [("Failed", 0, "failed"), ("InProgress", 1000, "timed out")])
def test_progress_is_told_how_a_deployment_that_did_not_succeed_ended(client, platform, clock, create_state, reads,
                                                                      expected):
    platform.create_state = create_state
    platform.reads_until_final = reads
    told = Told()
    with pytest.raises((service.DeploymentFailed, WaitTimeout)):
        service.ensure(client, dict(DOC_EXAMPLE, wait_timeout=5), clock=clock, progress=told)
    [(name, started, _detail), (_name, ended, detail)] = told.events
    assert (name, started, ended) == ("SaraTest1", service.STARTED, service.ENDED)
    assert detail["state"] == expected and detail["service_id"] == list(platform.services)[0]


def test_progress_is_told_that_a_refused_create_ended_failed(client, platform, clock):
    platform.faults.append(("POST", "/api/v2/customer", FakeResponse(400, dict(detail="msTenantId: invalid"))))
    told = Told()
    with pytest.raises(ApiError):
        service.ensure(client, dict(DOC_EXAMPLE), clock=clock, progress=told)
    assert told.events == [("SaraTest1", service.STARTED, dict(action="create")),
                           ("SaraTest1", service.ENDED, dict(action="create", state="failed", service_id=None))]


def test_progress_of_a_recreate_a_delete_and_a_create_not_waited_for(client, platform, clock):
    platform.add("SaraTest1", state="Failed", error="SBC 5 unreachable")
    told = Told()
    recreated = service.ensure(client, dict(DOC_EXAMPLE, recreate_failed=True), clock=clock, progress=told)
    service.ensure(client, dict(short_name="SaraTest1", state="absent"), clock=clock, progress=told)
    service.ensure(client, dict(DOC_EXAMPLE, wait=False), clock=clock, progress=told)
    assert [(event, detail["action"], detail.get("state")) for _name, event, detail in told.events] == [
        (service.STARTED, "recreate", None), (service.ENDED, "recreate", "deployed"),
        (service.STARTED, "delete", None), (service.ENDED, "delete", "deleted"),
        (service.STARTED, "create", None), (service.ENDED, "create", "not waited for"),
    ]
    assert told.events[1][2]["service_id"] == told.events[3][2]["service_id"] == recreated["service"]["id"]
    # Names, actions, states and ids only: nothing of the request (the extra script parameter's value).
    assert "Service Provider2 SBC" not in repr(told.events)
