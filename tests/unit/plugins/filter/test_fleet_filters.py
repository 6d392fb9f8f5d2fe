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
    report = FILTERS["fleet_report"](["typo", "contoso", "skipped"], HOSTVARS, "result", "Onboarding")
    rows = dict((row["customer"], row) for row in report["customers"])
    assert rows["contoso"]["outcome"] == "created" and rows["contoso"]["sbc"] == "SBC-AMS-01"
    assert rows["typo"]["outcome"] == "failed" and rows["typo"]["short_name"] == "typo"
    assert rows["skipped"]["outcome"] == "not_run"
    assert report["summary"]["failed"] == 2
    assert FILTERS["fleet_report_markdown"](report).startswith("## Onboarding")


def test_customer_short_names():
    assert FILTERS["customer_short_names"](["contoso", "skipped"], HOSTVARS) == ["Contoso1", "skipped"]
