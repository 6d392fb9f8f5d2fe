# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime

import pytest

from ansible_collections.audiocodes.live_platform.plugins.plugin_utils import fleet_reports, fleet_requests
from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import InputError

PROFILE = dict(sbc="SBC-AMS-01", onboarding_script="sbc-hosted-essentials", cac_profile="5 sessions",
               proxy_set="SIPTrunk", online_pstn_gateway="{short_name}.dr.example.net",
               custom_variables={"IPPBX-ProxyAddress-SIPPort": "5060", "SIP-HostName": "sbc.example.net"})


def test_customer_values_win_over_the_profile_and_overrides_win_over_both():
    customer = dict(full_name="Contoso", ms_tenant_id="t", custom_variables={"SIP-HostName": "pbx.contoso.example"},
                    overrides=dict(cac_profile="20 sessions", sbc_id=8))
    request = fleet_requests.compose_service_request(PROFILE, customer, "contoso", defaults=dict(ovoc_customer_type="IPGROUP_TYPE"))
    assert request == dict(
        short_name="contoso", full_name="Contoso", ms_tenant_id="t", sbc_id=8, onboarding_script="sbc-hosted-essentials",
        cac_profile="20 sessions", proxy_set="SIPTrunk", online_pstn_gateway="contoso.dr.example.net",
        ovoc_customer_type="IPGROUP_TYPE",
        custom_variables={"IPPBX-ProxyAddress-SIPPort": "5060", "SIP-HostName": "pbx.contoso.example"})
    assert PROFILE["custom_variables"]["SIP-HostName"] == "sbc.example.net"  # inputs are not modified


def test_the_short_name_defaults_to_the_host_and_fills_the_gateway_pattern():
    request = fleet_requests.compose_service_request(PROFILE, dict(short_name="Fabrikam1"), "fabrikam")
    assert request["short_name"] == "Fabrikam1"
    assert request["online_pstn_gateway"] == "Fabrikam1.dr.example.net"
    assert fleet_requests.compose_service_request(PROFILE, {}, "host-a")["short_name"] == "host-a"


@pytest.mark.parametrize("profile, customer, field", [
    (dict(PROFILE, sbcname="x"), {}, "live_platform_sbc_profile.sbcname"),
    (PROFILE, dict(ful_name="x"), "live_platform_customer.ful_name"),
    (PROFILE, dict(overrides=dict(nope=1)), "live_platform_customer.overrides.nope"),
    (PROFILE, "not a dict", "live_platform_customer"),
    (PROFILE, dict(custom_variables="IPPBX-ProxyAddress=10.0.0.1"), "custom_variables"),
    (dict(PROFILE, extra_script_parameters=["a"]), {}, "extra_script_parameters"),
])
def test_unknown_keys_are_named(profile, customer, field):
    with pytest.raises(InputError) as err:
        fleet_requests.compose_service_request(profile, customer, "h")
    assert err.value.field == field


def test_short_name_of_any_shape_of_customer():
    assert fleet_requests.customer_short_name("text", "h1") == "h1"
    assert fleet_requests.customer_short_name(dict(overrides="text", short_name="s1"), "h1") == "s1"


def test_report_rows_for_each_kind_of_result():
    request = dict(short_name="c1", sbc="SBC-AMS-01")
    created = fleet_reports.report_row("c1", dict(changed=True, outcome="created", drift=[], service=dict(
        id="g", short_name="c1", deployment_state="Deployed")), request)
    assert (created["outcome"], created["status"], created["service_id"], created["sbc"]) == (
        "created", "changed", "g", "SBC-AMS-01")
    drifted = fleet_reports.report_row("c2", dict(changed=False, outcome="drifted", service=dict(short_name="c2"),
                                                  drift=[dict(field="full_name", actual="A", desired="B")]))
    assert drifted["status"] == "ok" and drifted["message"] == "full_name is 'A' on the platform, 'B' desired"
    failed = fleet_reports.report_row("c3", dict(failed=True, changed=True, msg="deployment failed: SBC down"))
    assert (failed["outcome"], failed["status"], failed["message"]) == ("failed", "failed", "deployment failed: SBC down")
    not_run = fleet_reports.report_row("c4", None, request)
    assert not_run["outcome"] == "not_run" and not_run["status"] == "failed" and not_run["short_name"] == "c1"


def test_report_summary_order_and_markdown():
    rows = [fleet_reports.report_row("b", dict(changed=True, outcome="created")),
            fleet_reports.report_row("a", dict(failed=True, msg="x | y\nz", carrier_user_password="leak")),
            fleet_reports.report_row("c", dict(changed=False, outcome="unchanged"))]
    now = datetime.datetime(2026, 11, 27, tzinfo=datetime.timezone.utc)
    report = fleet_reports.build_report(rows, "Onboarding", check_mode=False, now=now)
    assert [r["customer"] for r in report["customers"]] == ["a", "b", "c"]
    assert report["summary"] == dict(total=3, failed=1, changed=1, outcomes=dict(created=1, failed=1, unchanged=1))
    assert report["mode"] == "apply" and report["generated_at"] == "2026-11-27T00:00:00+00:00"
    markdown = fleet_reports.render_markdown(report)
    assert markdown.startswith("## Onboarding\n")
    assert "3 customer(s): 1 created, 1 failed, 1 unchanged. Generated 2026-11-27T00:00:00+00:00." in markdown
    assert "| a |  |  | failed |  | x \\| y z |" in markdown
    assert "(check mode" in fleet_reports.render_markdown(fleet_reports.build_report(rows, "Plan", check_mode=True, now=now))


def test_the_inventory_keys_are_those_of_the_service_options_table():
    from ansible_collections.audiocodes.live_platform.plugins.module_utils.options import inventory_keys
    assert fleet_requests.PROFILE_KEYS == inventory_keys("profile")
    assert set(fleet_requests.CUSTOMER_KEYS) == set(inventory_keys("customer")) | {"overrides"}
    assert set(fleet_requests.OVERRIDE_KEYS) == set(fleet_requests.PROFILE_KEYS) | set(inventory_keys("customer"))
