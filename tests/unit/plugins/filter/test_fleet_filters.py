# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

from ansible.errors import AnsibleFilterError
from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar

from ansible_collections.audiocodes.live_platform.plugins.filter.fleet import FilterModule, NativeJinjaText

FILTERS = FilterModule().filters()
PROFILE = dict(sbc="SBC-AMS-01", onboarding_script="sbc-hosted-essentials")
TENANT = "4bf50a33-a383-4d3f-9403-220c898bc1b2"
HOSTVARS = {
    "contoso": dict(live_platform_sbc_profile=PROFILE,
                    live_platform_customer=dict(short_name="Contoso1", ms_tenant_id=TENANT),
                    result=dict(changed=True, outcome="created", service=dict(id="g1", short_name="Contoso1"))),
    "typo": dict(live_platform_sbc_profile=PROFILE, live_platform_customer=dict(ful_name="x"),
                 result=dict(failed=True, msg="typo: live_platform_customer.ful_name: is not a known key")),
    "skipped": dict(live_platform_sbc_profile=PROFILE, live_platform_customer={}),
}


def test_service_request_names_the_host_on_bad_input():
    assert FILTERS["service_request"](PROFILE, dict(ms_tenant_id="t"), "h1")["short_name"] == "h1"
    with pytest.raises(AnsibleFilterError) as err:
        FILTERS["service_request"](PROFILE, dict(nope=1), "h1")
    assert "h1: live_platform_customer.nope: is not a supported key" in str(err.value)


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
    assert items[1]["invalid"].startswith("typo: live_platform_customer.ful_name: is not a supported key; supported keys: ")


def test_fleet_requests_as_text_is_the_same_list_as_json_never_templated_again():
    text = FILTERS["fleet_requests"](["contoso", "typo"], HOSTVARS, as_text=True)
    assert isinstance(text, str)
    assert json.loads(text) == FILTERS["fleet_requests"](["contoso", "typo"], HOSTVARS)
    assert hasattr(text, "__UNSAFE__") or NativeJinjaText is None  # before 2.19: unsafe, never templated again
    if NativeJinjaText is not None:  # and kept as text by Ansible's templating, not parsed back into a list
        assert isinstance(text, NativeJinjaText)


@pytest.mark.skipif(NativeJinjaText is None, reason="ansible-core 2.19 and later keep a template's list as it is")
def test_fleet_requests_as_text_through_set_fact_templating():
    """What set_fact's templating does with the filter's text before 2.19: it comes out as it went in, while a list
    is turned into text and parsed back."""
    templar = Templar(loader=DataLoader(), variables=dict(hosts=["contoso"], hostvars=HOSTVARS))
    templar.environment.filters["requests_of"] = FILTERS["fleet_requests"]
    text = templar.template("{{ hosts | requests_of(hostvars, as_text=true) }}")
    assert isinstance(text, NativeJinjaText) and json.loads(text)[0]["short_name"] == "Contoso1"
    assert isinstance(templar.template("{{ hosts | requests_of(hostvars) }}"), list)


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


def _customer(**values):
    return dict(live_platform_sbc_profile=PROFILE, live_platform_customer=dict(dict(ms_tenant_id=TENANT), **values))


def test_fleet_requests_checks_the_raw_inventory_values():
    # YAML 05060 is the int 2608 here: refused, not sent as the text "2608"
    hostvars = dict(good=_customer(), octal=_customer(custom_variables={"IPPBX-ProxyAddress-SIPPort": 2608}),
                    linefeed=_customer(carrier_main_line="+4420\r\n"), bom=_customer(short_name=u"\ufeffbom1"))
    hosts = ["good", "octal", "linefeed", "bom"]
    items = dict((item["customer"], item) for item in FILTERS["fleet_requests"](hosts, hostvars))
    assert "invalid" not in items["good"]
    assert items["octal"]["invalid"] == ("octal: custom_variables.IPPBX-ProxyAddress-SIPPort: must be a string (quote it"
                                         " in YAML), got the number 2608 (YAML drops leading zeros and reads"
                                         " 0-prefixed digits as octal)")
    assert items["linefeed"]["invalid"] == ("linefeed: carrier_main_line: must not contain control or invisible"
                                            " characters, found U+000A, U+000D")
    # the refused short name is shown escaped (reports, messages), never with its raw BOM
    assert items["bom"]["short_name"] == "\\ufeffbom1" and u"\ufeff" not in repr(items["bom"])


def test_checked_request_gives_the_request_or_refuses_it_with_its_reasons():
    hostvars = dict(good=_customer(), bad=_customer(channel_id="abc"))
    requests = dict((item["customer"], item) for item in FILTERS["fleet_requests"](["good", "bad"], hostvars))
    assert FILTERS["checked_request"](requests, "good")["short_name"] == "good"
    with pytest.raises(AnsibleFilterError) as err:
        FILTERS["checked_request"](requests, "bad")
    assert str(err.value) == "bad: channel_id: must be the channel's numeric id (digits only)"
    with pytest.raises(AnsibleFilterError, match="not one of the customers"):
        FILTERS["checked_request"](requests, "elsewhere")


def test_quoted_ids_are_the_same_id_in_both_strategies():
    hostvars = dict(quoted=_customer(overrides=dict(sbc_id="5")))
    item = FILTERS["fleet_requests"](["quoted"], hostvars)[0]
    assert "invalid" not in item and item["sbc_id"] == 5 and "sbc" not in item


def test_a_short_name_twice_in_one_tenant_refuses_both_customers():
    other_tenant = "7c9e6679-7425-40de-944b-000000000001"
    hostvars = dict(isocase01=_customer(), ISOCASE01=_customer(), twin=_customer(short_name="IsoCase01"),
                    elsewhere=_customer(short_name="isocase01", ms_tenant_id=other_tenant), alone=_customer())
    hosts = ["isocase01", "ISOCASE01", "twin", "elsewhere", "alone"]
    items = dict((item["customer"], item) for item in FILTERS["fleet_requests"](hosts, hostvars))
    assert items["isocase01"]["invalid"] == ("isocase01: short_name: is also the short name of hosts ISOCASE01, twin in"
                                             " the same M365 tenant (unique per tenant, case-insensitively): both are"
                                             " refused")
    assert "host isocase01, twin" not in items["ISOCASE01"]["invalid"]
    assert "hosts isocase01, twin" in items["ISOCASE01"]["invalid"]
    assert "hosts isocase01, ISOCASE01 in the same M365 tenant" in items["twin"]["invalid"]
    # the same short name in another tenant is legal: a short name is unique per tenant
    assert "invalid" not in items["elsewhere"] and "invalid" not in items["alone"]
