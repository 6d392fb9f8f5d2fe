# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The documented path on a platform that has only the documented endpoints, and every answer shape they allow."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.audiocodes.live_platform.plugins.module_utils import batch, catalog, service
from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import (
    InputError, PlatformLacks, UnexpectedAnswer, WaitTimeout,
)
from ansible_collections.audiocodes.live_platform.plugins.module_utils.records import as_list, state_name
from ansible_collections.audiocodes.live_platform.tests.unit.plugins.module_utils.fake_platform import (
    FakeResponse, TENANT,
)

OTHER_TENANT = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"
IDS = dict(short_name="SaraTest1", sbc_id=5, onboarding_script_id=10007, cleanup_script_id=10700,
           ms_tenant_id=TENANT, custom_variables={"CustomVar.Variable1": "10.0.0.1"}, wait=True, wait_timeout=60,
           poll_interval=1)
WRITES = ("POST", "PUT", "PATCH", "DELETE")


def api_paths(platform):
    return [c["url"].split("/tenantui", 1)[1].split("?")[0] for c in platform.calls if "/tenantui" in c["url"]]


def writes(platform):
    return [c for c in platform.calls if c["method"] in WRITES and "oauth2" not in c["url"]]


def undocumented(platform):
    documented = ("/api/v2/customer/", "/api/v3/customer/", "/api/v2/task/")
    return [p for p in api_paths(platform)
            if not (p in ("/api/v2/customer", "/api/v3/customer") or p.startswith(documented))]


def test_the_whole_lifecycle_with_ids_uses_only_documented_endpoints(client, platform, clock):
    platform.documented_only = True
    check = service.ensure(client, dict(IDS), check_mode=True, clock=clock)
    assert check["outcome"] == "would_create" and not writes(platform)
    created = service.ensure(client, dict(IDS), clock=clock)
    assert created["outcome"] == "created"
    assert created["request"]["scriptParameters"] == {"CustomVar.Variable1": "10.0.0.1"}
    assert service.ensure(client, dict(IDS), clock=clock)["outcome"] == "unchanged"
    drifted = service.ensure(client, dict(IDS, full_name="Another name", sbc_id=8), clock=clock)
    assert drifted["outcome"] == "drifted" and len(writes(platform)) == 1
    assert service.ensure(client, dict(IDS, state="absent"), clock=clock)["outcome"] == "deleted"
    assert service.ensure(client, dict(IDS, state="absent"), clock=clock)["outcome"] == "absent"
    assert undocumented(platform) == []


def test_the_fleet_with_ids_uses_only_documented_endpoints(client, platform, clock):
    platform.documented_only = True
    item = dict((k, v) for k, v in IDS.items() if k not in ("wait", "wait_timeout", "poll_interval"))
    items = [dict(item, customer="a", short_name="custa"), dict(item, customer="b", short_name="custb")]
    result = batch.ensure_fleet(client, dict(services=items, concurrency=2, wait=True, wait_timeout=60,
                                             poll_interval=1), clock=clock)
    assert sorted(r["outcome"] for r in result["customers"].values()) == ["created", "created"], result
    assert undocumented(platform) == []


def test_a_name_on_a_platform_without_the_catalogue_names_what_is_missing(client, platform, clock):
    platform.documented_only = True
    with pytest.raises(PlatformLacks) as err:
        service.ensure(client, dict(IDS, sbc="SBC-AMS-01", sbc_id=None), clock=clock)
    assert "GET /api/v2/sbc (HTTP 404)" in err.value.msg and "sbc_id" in err.value.msg
    with pytest.raises(PlatformLacks) as err:
        service.ensure(client, dict(IDS, custom_variables={"SIP-HostName": "x"}), clock=clock)
    assert "/api/v2/scripttemplates" in err.value.msg and "CustomVar.Variable<N>" in err.value.msg
    assert not writes(platform)


def test_raw_keys_pass_and_names_are_refused_when_the_script_lists_no_variables(client, platform, clock):
    platform.templates[0].pop("customerVariables")
    params = dict(IDS, cleanup_script_id=None, custom_variables={"CustomVar.Variable7": "x"})
    assert service.ensure(client, params, check_mode=True, clock=clock)["request"]["scriptParameters"] == {
        "CustomVar.Variable7": "x"}
    with pytest.raises(InputError) as err:
        service.ensure(client, dict(params, custom_variables={"SIP-HostName": "x"}), clock=clock)
    assert "does not list the customer variables" in err.value.msg and "CustomVar.Variable1: <value>" in err.value.msg


def test_the_cac_profile_is_checked_only_against_a_catalogue_read_for_a_name(client, platform, clock):
    result = service.ensure(client, dict(IDS, cac_profile="99 sessions"), check_mode=True, clock=clock)
    assert result["outcome"] == "would_create" and "/api/v2/sbc" not in api_paths(platform)
    with pytest.raises(InputError):
        service.ensure(client, dict(IDS, cac_profile="99 sessions", sbc="SBC-AMS-01", sbc_id=None), clock=clock)


# --- tenant-scoped identity ------------------------------------------------------------------------------
def test_another_tenants_service_is_never_taken_for_ours(client, platform, clock):
    theirs = platform.add("SaraTest1", tenant=OTHER_TENANT)
    result = service.ensure(client, dict(IDS), clock=clock)
    assert result["outcome"] == "created" and result["service"]["id"] != theirs
    assert service.ensure(client, dict(IDS), clock=clock)["service"]["id"] == result["service"]["id"]
    assert len(platform.services) == 2


def test_absent_deletes_only_the_given_tenants_service(client, platform, clock):
    theirs = platform.add("SaraTest1", tenant=OTHER_TENANT)
    ours = platform.add("SaraTest1")
    with pytest.raises(InputError) as err:
        service.ensure(client, dict(short_name="SaraTest1", state="absent"), clock=clock)
    assert err.value.field == "ms_tenant_id" and TENANT in err.value.msg and OTHER_TENANT in err.value.msg
    assert not writes(platform)
    result = service.ensure(client, dict(short_name="saratest1", ms_tenant_id=TENANT, state="absent"), clock=clock)
    assert result["service"]["id"] == ours and list(platform.services) == [theirs]
    alone = service.ensure(client, dict(short_name="SaraTest1", state="absent"), check_mode=True, clock=clock)
    assert alone["outcome"] == "would_delete" and alone["service"]["id"] == theirs


def test_info_filters_by_tenant(client, platform):
    platform.add("SaraTest1", tenant=OTHER_TENANT)
    ours = platform.add("SaraTest1")
    found = service.service_info(client, dict(short_name="saratest1", ms_tenant_id=TENANT))["services"]
    assert [s["id"] for s in found] == [ours]
    assert len(service.service_info(client, dict(short_name="SaraTest1"))["services"]) == 2


def test_a_platform_that_refuses_the_name_of_another_tenant_says_so(client, platform, clock):
    platform.add("SaraTest1", tenant=OTHER_TENANT)
    platform.faults.append(("POST", "/api/v2/customer", FakeResponse(400, dict(
        title="One or more validation errors occurred.", errorCode="DuplicateShortName",
        detail="shortName: a service named 'SaraTest1' already exists"))))
    with pytest.raises(Exception) as err:
        service.ensure(client, dict(IDS), clock=clock)
    assert OTHER_TENANT in str(err.value) and "unique across tenants" in str(err.value)
    assert len(platform.services) == 1


# --- answer shapes --------------------------------------------------------------------------------------
@pytest.mark.parametrize("shape", ["echo", "task", "job", "text"])
def test_a_create_answered_without_an_id_is_found_never_sent_twice(client, platform, clock, shape):
    platform.create_answer = shape
    result = service.ensure(client, dict(IDS), clock=clock)
    assert result["changed"] and result["outcome"] == "created"
    assert result["service"]["id"] in platform.services and result["service"]["deployment_state"] == "Deployed"
    assert len(platform.calls_to("POST", "/api/v2/customer")) == 1
    assert all("None" not in path for path in api_paths(platform))
    if shape in ("task", "job"):
        assert platform.calls_to("GET", "/api/v2/task/tsk_841000")


def test_a_failed_task_fails_with_its_messages(client, platform, clock):
    platform.create_answer, platform.create_state = "task", "Failed"
    with pytest.raises(service.DeploymentFailed) as err:
        service.ensure(client, dict(IDS), clock=clock)
    assert "CompletedWithErrors" in err.value.msg and "SBC unreachable" in err.value.msg
    assert err.value.details["changed"] is True


@pytest.mark.parametrize("spelling, canonical", [
    ("DEPLOYED", "Deployed"), ("deployed", "Deployed"), ("Ready", "Deployed"), (3, "Deployed"), ("3", "Deployed"),
    ("Error", "Failed"), ("FAILED", "Failed"), ("CompletedWithErrors", "Failed"), (2, "Failed"),
    ("In Progress", "InProgress"), ("IN_PROGRESS", "InProgress"), ("Pending", "InProgress"), (1, "InProgress"),
    ("Provisioning", "Provisioning"), (None, None), ("", None),
])
def test_states_are_read_in_every_spelling(spelling, canonical):
    assert state_name(spelling) == canonical


@pytest.mark.parametrize("spelling", [str.upper, str.lower, lambda s: dict(Deployed=3, Failed=2, InProgress=1)[s]])
def test_a_differently_spelt_platform_deploys_and_fails_at_once(client, platform, clock, spelling):
    platform.spell = spelling
    assert service.ensure(client, dict(IDS), clock=clock)["service"]["deployment_state"] == "Deployed"
    platform.add("Broken1", state="Failed", error="SBC 5 unreachable")
    with pytest.raises(service.DeploymentFailed):
        service.ensure(client, dict(IDS, short_name="Broken1"), clock=clock)
    assert clock.now == 0  # nothing waited for


def test_a_platform_that_reports_no_state_is_not_waited_for(client, platform, clock):
    platform.spell = lambda state: None
    result = service.ensure(client, dict(IDS), clock=clock)
    assert result["outcome"] == "created" and result["service"]["deployment_state"] is None
    assert "no deployment state" in result["warnings"][0] and clock.now == 0
    assert service.ensure(client, dict(IDS), clock=clock)["outcome"] == "unchanged"


def test_an_unknown_state_word_is_named_when_the_wait_ends(client, platform, clock):
    platform.spell = lambda state: "Provisioning" if state == "InProgress" else state
    platform.create_state, platform.reads_until_final = "InProgress", 1000
    with pytest.raises(WaitTimeout) as err:
        service.ensure(client, dict(IDS, wait_timeout=5), clock=clock)
    assert "'Provisioning'" in err.value.msg and "does not know" in err.value.msg


@pytest.mark.parametrize("wrapper", ["items", "value", "data"])
def test_a_wrapped_list_is_read(client, platform, clock, wrapper):
    platform.wrap = wrapper
    service.ensure(client, dict(IDS, cleanup_script_id=None), clock=clock)
    assert service.ensure(client, dict(IDS), clock=clock)["outcome"] == "unchanged"
    assert len(platform.calls_to("POST", "/api/v2/customer")) == 1


def test_any_other_list_shape_is_an_error_not_an_empty_platform(client, platform, clock):
    platform.faults.append(("GET", "/api/v3/customer", FakeResponse(200, {"count": 3, "next": None})))
    with pytest.raises(UnexpectedAnswer) as err:
        service.ensure(client, dict(IDS), clock=clock)
    assert "GET /api/v3/customer" in err.value.msg and not writes(platform)
    with pytest.raises(UnexpectedAnswer):
        as_list("Customers: 3", "GET /api/v2/customer")


def test_paging_that_the_platform_ignores_stops_at_once(client, platform):
    platform.paging_ignored = True
    platform.templates = [dict(id=i, name="s{0}".format(i), relatedScripts=[]) for i in range(1, 151)]
    assert len(catalog.list_script_templates(client)) == 150
    assert len(platform.calls_to("GET", "/api/v2/scripttemplates")) == 2
    platform.templates = platform.templates[:12]
    catalog.list_script_templates(client)
    assert len(platform.calls_to("GET", "/api/v2/scripttemplates")) == 3


def test_lc_customer_id_is_sent_as_the_example_sends_it(client, platform, clock):
    result = service.ensure(client, dict(IDS, lc_customer_id="1317027"), check_mode=True, clock=clock)
    assert result["request"]["lcCustomerId"] == 1317027
