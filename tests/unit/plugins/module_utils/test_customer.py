# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A customer's whole service in one call: the service, its further SIP connections and dial plans."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.audiocodes.live_platform.plugins.module_utils import customer
from ansible_collections.audiocodes.live_platform.plugins.module_utils.runner import outcome, service_masking
from ansible_collections.audiocodes.live_platform.plugins.module_utils.validation import InputErrors
from ansible_collections.audiocodes.live_platform.tests.unit.plugins.module_utils.fake_platform import FakeClock
from ansible_collections.audiocodes.live_platform.tests.unit.plugins.module_utils.test_sip_connection import (
    FIRST, PASSWORD, SERVICE_ID, TENANT, FakeSites,
)

RULE = dict(name="main", prefix="+3120555", tag="trunk.example.net")
BRANCH = dict(site_name="Branch", sbc_id=8, onboarding_script_id=10007, cleanup_script_id=10700,
              carrier_user_name="sara", carrier_user_password=PASSWORD, dial_plan=dict(rules=[RULE]))


@pytest.fixture
def fake():
    return FakeSites()


def params(**changes):
    one = dict(short_name="SaraTest1", ms_tenant_id=TENANT, sbc_id=5, onboarding_script_id=10007,
               cleanup_script_id=10700, state="present", wait=True, wait_timeout=60, poll_interval=1,
               sip_connections=[dict(BRANCH)], dial_plan=dict(rules=[RULE], state="exact"))
    one.update(changes)
    return one


def run(fake, check_mode=False, **changes):
    return customer.ensure(fake, params(**changes), check_mode, FakeClock())


def test_the_sites_and_dial_plans_converge_after_the_service_and_a_rerun_writes_nothing(fake):
    plan = run(fake, check_mode=True)
    assert plan["changed"] and plan["outcome"] == "would_update" and not fake.writes()
    assert [s["outcome"] for s in plan["sip_connections"]] == ["would_create"]
    assert plan["sip_connections"][0]["dial_plan"]["added"] == [RULE]
    done = run(fake)
    assert done["outcome"] == "updated" and done["changed"]
    assert done["sip_connections"][0]["outcome"] == "created"
    assert done["sip_connections"][0]["dial_plan"]["outcome"] == "updated"
    assert done["dial_plan"]["outcome"] == "updated"
    branch = fake.sites[-1]["id"]
    assert fake.plans == {FIRST: [RULE], branch: [RULE]}
    writes = len(fake.writes())
    again = run(fake)
    assert again["outcome"] == "unchanged" and not again["changed"] and len(fake.writes()) == writes
    assert PASSWORD not in str(done) + str(again)


def test_the_service_alone_is_the_service_call_alone(fake):
    result = run(fake, sip_connections=None, dial_plan=None)
    assert result["outcome"] == "unchanged" and "sip_connections" not in result


@pytest.mark.parametrize("changes, field", [
    (dict(sip_connections=[dict(BRANCH, sbc_id=None)]), "sip_connections[0].sbc"),
    (dict(sip_connections=[dict(BRANCH, colour="red")]), "sip_connections[0].colour"),
    (dict(sip_connections=[dict(BRANCH), dict(BRANCH, site_name="branch")]), "sip_connections[1].site_name"),
    (dict(sip_connections=[dict(BRANCH, dial_plan=dict(rules=[dict(RULE, prefix=31)]))]),
     "sip_connections[0].dial_plan.rules[0].prefix"),
    (dict(sip_connections=[dict(BRANCH, state="gone")]), "sip_connections[0].state"),
    (dict(dial_plan=dict(rules=[RULE], mode="exact")), "dial_plan.mode"),
    (dict(sip_connections="Branch"), "sip_connections"),
])
def test_a_bad_nested_value_is_refused_before_any_call(fake, changes, field):
    with pytest.raises(InputErrors) as err:
        run(fake, **changes)
    assert field in [f for f, _rule in err.value.problems] and not fake.calls


def test_absent_deletes_the_further_sites_before_the_service(fake):
    run(fake)
    branch = fake.sites[-1]["id"]
    writes = len(fake.writes())
    check = run(fake, check_mode=True, state="absent", sip_connections=None, dial_plan=None)
    assert check["outcome"] == "would_delete" and [s["outcome"] for s in check["sip_connections"]] == ["would_delete"]
    assert len(fake.writes()) == writes
    gone = run(fake, state="absent", sip_connections=None, dial_plan=None)
    assert gone["outcome"] == "deleted"
    deletes = [c[1] for c in fake.writes() if c[0] == "DELETE"]
    assert deletes == ["/api/v2/sitelocation/" + branch, "/api/v2/customer/" + SERVICE_ID]


def test_a_site_failure_names_the_site_and_keeps_what_was_done(fake):
    run(fake)
    bad = dict(BRANCH, site_name="Other", cac_profile="1 session")

    def refuse():
        raise customer.LivePlatformError("CacProfile: not offered by the SBC")
    fake.on_add = refuse
    with pytest.raises(customer.DayTwoFailed) as err:
        run(fake, sip_connections=[dict(BRANCH), bad])
    assert "SIP connection 'Other' failed: CacProfile" in err.value.msg and not err.value.details["changed"]
    assert [s["outcome"] for s in err.value.details["sip_connections"]] == ["unchanged"]


def test_nested_passwords_are_masked_in_the_whole_result_and_its_invocation(fake, monkeypatch):
    one = params(sip_connections=[dict(BRANCH, carrier_user_password="nested-Secret-1")])
    secrets, invocation = service_masking(one)
    assert secrets == ["nested-Secret-1"]

    def logic(client, given, check_mode):
        return customer.ensure(fake, given, check_mode, FakeClock())
    monkeypatch.setattr("ansible_collections.audiocodes.live_platform.plugins.module_utils.runner."
                        "LivePlatformClient.from_params", classmethod(lambda cls, params, **kw: fake))
    result = outcome(dict(one, base_url="https://lp.example.net/tenantui"), False, logic, secrets, invocation)
    assert "nested-Secret-1" not in str(result) and result["invocation"]["module_args"]["sip_connections"]
