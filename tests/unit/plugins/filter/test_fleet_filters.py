# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.audiocodes.live_platform.plugins.filter.fleet import FilterModule

FILTERS = FilterModule().filters()
PROFILE = dict(sbc="SBC-AMS-01", onboarding_script="sbc-hosted-essentials")
HOSTVARS = {
    "contoso": dict(live_platform_sbc_profile=PROFILE, live_platform_customer=dict(short_name="Contoso1"),
                    result=dict(changed=True, outcome="created", service=dict(id="g1", short_name="Contoso1"))),
    "typo": dict(live_platform_sbc_profile=PROFILE, live_platform_customer=dict(ful_name="x"),
                 result=dict(failed=True, msg="typo: live_platform_customer.ful_name: is not a known key")),
    "skipped": dict(live_platform_sbc_profile=PROFILE, live_platform_customer={}),
}


def test_service_request_names_the_host_on_bad_input():
    assert FILTERS["service_request"](PROFILE, dict(ms_tenant_id="t"), "h1")["short_name"] == "h1"
    with pytest.raises(AnsibleFilterError) as err:
        FILTERS["service_request"](PROFILE, dict(nope=1), "h1")
    assert "h1: live_platform_customer.nope: is not a known key" in str(err.value)


def test_fleet_report_reads_every_host_even_without_a_result():
    report = FILTERS["build_fleet_report"](["typo", "contoso", "skipped"], HOSTVARS, "result", "Onboarding")
    rows = dict((row["customer"], row) for row in report["customers"])
    assert rows["contoso"]["outcome"] == "created" and rows["contoso"]["sbc"] == "SBC-AMS-01"
    assert rows["typo"]["outcome"] == "failed" and rows["typo"]["short_name"] == "typo"
    assert rows["skipped"]["outcome"] == "not_run"
    assert report["summary"]["failed"] == 2
    assert FILTERS["fleet_report_markdown"](report).startswith("## Onboarding")


def test_customer_short_names():
    assert FILTERS["customer_short_names"](["contoso", "skipped"], HOSTVARS) == ["Contoso1", "skipped"]


def test_fleet_requests_turns_a_customer_that_does_not_compose_into_an_invalid_item():
    items = FILTERS["fleet_requests"](["contoso", "typo"], HOSTVARS)
    assert items[0]["customer"] == "contoso" and items[0]["short_name"] == "Contoso1" and "invalid" not in items[0]
    assert items[1]["customer"] == "typo" and items[1]["short_name"] == "typo"
    assert items[1]["invalid"].startswith("typo: live_platform_customer.ful_name: is not a known key; known keys: ")


def test_fleet_status_lines_show_what_happened():
    report = dict(customers=[
        dict(customer="a1", status="changed", outcome="created", message=""),
        dict(customer="b2", status="failed", outcome="failed", message="short_name: must not contain a dot"),
        dict(customer="c3", status="ok", outcome="unchanged", message=""),
        dict(customer="d4", status="ok", outcome="drifted", message="full_name is 'x' on the platform, 'y' desired"),
    ])
    assert FILTERS["fleet_status_lines"](report) == [
        "a1: changed (created)", "b2: failed: short_name: must not contain a dot",
        "d4: ok (drifted): full_name is 'x' on the platform, 'y' desired"]
    assert FILTERS["fleet_status_lines"](report, True)[2] == "c3: ok (unchanged)"
