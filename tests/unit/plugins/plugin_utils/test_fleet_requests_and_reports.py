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
    assert "| a |  |  |  | failed |  |  | x \\| y z |" in markdown
    assert "(check mode" in fleet_reports.render_markdown(fleet_reports.build_report(rows, "Plan", check_mode=True, now=now))


def test_the_markdown_carries_the_service_id_and_no_raw_control_character():
    service = dict(id="b38e5a04-6d32-4be8-95bb-53bf7d6fa95c", short_name="c1", deployment_state="Deployed")
    rows = [fleet_reports.report_row("c1", dict(changed=True, outcome="created", service=service)),
            fleet_reports.report_row("e\x1bsc", dict(failed=True, msg="bad\x00 name\u200b\u202e\r\nnext line"))]
    markdown = fleet_reports.render_markdown(fleet_reports.build_report(rows, "Onboarding"))
    lines = markdown.splitlines()
    assert lines[4] == "| customer | short name | SBC | licence | outcome | service id | deployment | message |"
    assert "| c1 | c1 |  |  | created | b38e5a04-6d32-4be8-95bb-53bf7d6fa95c | Deployed |  |" in lines
    assert "| e\\u001bsc |  |  |  | failed |  |  | bad\\u0000 name\\u200b\\u202e  next line |" in lines
    assert len(lines) == 8  # one line per customer
    assert not [char for char in markdown if char != "\n" and (ord(char) < 32 or 0x7f <= ord(char) <= 0x9f
                                                               or char in "\u200b\u202e")]


def test_the_inventory_keys_are_those_of_the_service_options_table():
    from ansible_collections.audiocodes.live_platform.plugins.module_utils.options import inventory_keys
    assert fleet_requests.PROFILE_KEYS == inventory_keys("profile")
    assert set(fleet_requests.CUSTOMER_KEYS) == set(inventory_keys("customer")) | {"overrides"}
    assert set(fleet_requests.OVERRIDE_KEYS) == set(fleet_requests.PROFILE_KEYS) | set(inventory_keys("customer"))


SBC_GROUPS_INVENTORY = """
live_platform_customers:
  children:
    sbc_ams:
      vars:
        live_platform_sbc_profile: {sbc: SBC-AMS-01, onboarding_script: sbc-hosted-essentials}
      hosts:
        amsonly: {live_platform_customer: {ms_tenant_id: 4bf50a33-a383-4d3f-9403-220c898bc1b2}}
        twogroups: {live_platform_customer: {ms_tenant_id: 4bf50a33-a383-4d3f-9403-220c898bc1b2}}
        ownprofile:
          live_platform_sbc_profile: {sbc: SBC-OWN-09, onboarding_script: sbc-hosted-essentials}
          live_platform_customer: {ms_tenant_id: 4bf50a33-a383-4d3f-9403-220c898bc1b2}
        filegroups: {live_platform_customer: {ms_tenant_id: 4bf50a33-a383-4d3f-9403-220c898bc1b2}}
    sbc_fra:
      vars:
        live_platform_sbc_profile: {sbc: SBC-FRA-02, onboarding_script: sbc-scenario7}
      hosts:
        twogroups: {}
        ownprofile: {}
    sbc_lon:
      hosts:
        filegroups: {}
    region_eu:
      vars:
        live_platform_sbc_profile: {sbc: SBC-EU-04, onboarding_script: sbc-hosted-essentials}
      children:
        eu_north:
          hosts:
            inherits: {live_platform_customer: {ms_tenant_id: 4bf50a33-a383-4d3f-9403-220c898bc1b2}}
        eu_south:
          hosts:
            inherits: {}
  hosts:
    nogroup: {live_platform_customer: {ms_tenant_id: 4bf50a33-a383-4d3f-9403-220c898bc1b2}}
"""


def _real_hostvars(tmp_path):
    """hostvars as a play sees them: Ansible's own inventory, variable manager and HostVars over an inventory file and
    a group_vars folder beside it (read by the host_group_vars vars plugin)."""
    from ansible.inventory.manager import InventoryManager
    from ansible.parsing.dataloader import DataLoader
    from ansible.vars.hostvars import HostVars
    from ansible.vars.manager import VariableManager
    (tmp_path / "hosts.yml").write_text(SBC_GROUPS_INVENTORY)
    (tmp_path / "group_vars").mkdir()
    (tmp_path / "group_vars" / "sbc_lon.yml").write_text(
        "live_platform_sbc_profile: {sbc: SBC-LON-03, onboarding_script: sbc-carrier-registration}\n")
    loader = DataLoader()
    inventory = InventoryManager(loader=loader, sources=[str(tmp_path / "hosts.yml")])
    variables = VariableManager(loader=loader, inventory=inventory)
    return HostVars(inventory=inventory, variable_manager=variables, loader=loader)


def test_a_host_in_two_sbc_groups_or_in_none_is_refused_in_one_line(tmp_path):
    hostvars = _real_hostvars(tmp_path)
    hosts = ["amsonly", "twogroups", "ownprofile", "filegroups", "inherits", "nogroup"]
    items = dict((item["customer"], item) for item in fleet_requests.fleet_requests(hosts, hostvars))
    assert items["twogroups"]["invalid"] == ("twogroups: live_platform_sbc_profile: twogroups is in 2 SBC groups"
                                             " (sbc_ams, sbc_fra), each with its own profile: put it in one")
    # a profile from a group_vars folder counts as much as one from the inventory file
    assert items["filegroups"]["invalid"] == ("filegroups: live_platform_sbc_profile: filegroups is in 2 SBC groups"
                                              " (sbc_ams, sbc_lon), each with its own profile: put it in one")
    assert items["nogroup"]["invalid"] == ("nogroup: live_platform_sbc_profile: is not set: nogroup is in no SBC group"
                                           " (a group whose vars set live_platform_sbc_profile); its groups:"
                                           " live_platform_customers")
    assert "\n" not in items["nogroup"]["invalid"] and len(items["nogroup"]["invalid"]) < 200
    # one group, a profile of its own, or two groups that inherit one profile from their parent: nothing ambiguous
    for host in ("amsonly", "ownprofile", "inherits"):
        assert "invalid" not in items[host], items[host]
    assert items["ownprofile"]["sbc"] == "SBC-OWN-09" and items["inherits"]["sbc"] == "SBC-EU-04"
    # the groups themselves are left as they were
    assert sorted(h.name for h in hostvars._inventory.groups["sbc_ams"].get_hosts()) == [
        "amsonly", "filegroups", "ownprofile", "twogroups"]


def test_a_refused_customer_whose_task_was_skipped_is_failed_with_its_reasons():
    invalid = dict(customer="dijkstra", short_name="dijk stra", sbc="SBC-AMS-01",
                   invalid="dijkstra: short_name: must not contain blanks")
    skipped = dict(skipped=True, skip_reason="Conditional result was False")
    for result in (skipped, None):
        row = fleet_reports.report_row("dijkstra", result, invalid)
        assert (row["outcome"], row["status"], row["message"]) == (
            "failed", "failed", "dijkstra: short_name: must not contain blanks")
    # a valid request's skipped task stays skipped; the requests may come as fleet_requests' list or by host
    assert fleet_reports.report_row("ok1", skipped, dict(customer="ok1", short_name="ok1"))["outcome"] == "skipped"
    by_host = fleet_reports.fleet_report(["dijkstra"], {}, "result", requests=dict(dijkstra=invalid))
    assert by_host["customers"][0]["message"] == invalid["invalid"]


FRA = dict(sbc="SBC-FRA-02", onboarding_script="sbc-scenario7", cac_profile="10 sessions", proxy_set="SIPTrunk",
           online_pstn_gateway="{short_name}.fra.example.net", full_name="not a site key",
           custom_variables={"IPPBX-ProxyAddress-SIPPort": "5061"})


def test_a_further_site_starts_from_its_sbc_groups_profile():
    sites = [dict(site_name="fra", sbc_group="sbc_fra_02", custom_variables={"IPPBX-ProxyAddress": "10.0.0.9"},
                  overrides=dict(cac_profile="5 sessions", sbc_id=8)),
             dict(site_name="second-ams", carrier_user_name="u")]
    composed = fleet_requests.compose_site_requests(sites, PROFILE, "contoso", dict(sbc_fra_02=FRA).get)
    assert composed[0] == dict(site_name="fra", sbc_id=8, onboarding_script="sbc-scenario7", cac_profile="5 sessions",
                               proxy_set="SIPTrunk", online_pstn_gateway="contoso.fra.example.net",
                               custom_variables={"IPPBX-ProxyAddress-SIPPort": "5061",
                                                 "IPPBX-ProxyAddress": "10.0.0.9"})
    # without sbc_group: the customer's own SBC profile
    assert composed[1]["sbc"] == "SBC-AMS-01" and composed[1]["online_pstn_gateway"] == "contoso.dr.example.net"


@pytest.mark.parametrize("sites, field", [
    ([dict(site_name="x", sbc_group="nowhere")], "live_platform_customer.sip_connections[0].sbc_group"),
    ([dict(site_name="x", colour="red")], "live_platform_customer.sip_connections[0].colour"),
    ([dict(site_name="x", overrides=dict(short_name="y"))], "live_platform_customer.sip_connections[0].overrides.short_name"),
    ("x", "live_platform_customer.sip_connections"),
])
def test_a_bad_further_site_is_named(sites, field):
    with pytest.raises(InputError) as err:
        fleet_requests.compose_site_requests(sites, PROFILE, "contoso", dict(sbc_fra_02=FRA).get)
    assert err.value.field == field


def test_the_report_has_a_licence_and_a_row_per_further_site():
    request = dict(short_name="c1", sbc="SBC-AMS-01", license_type="hosted_pro",
                   sip_connections=[dict(site_name="fra", sbc="SBC-FRA-02")])
    result = dict(changed=True, outcome="updated", drift=[], service=dict(id="g1", license_name="hosted_pro"),
                  sip_connections=[dict(site_name="fra", outcome="created", changed=True, changes=[], drift=[],
                                        site_id="s1", sbc_id=8, deployment_state="Deployed",
                                        dial_plan=dict(outcome="updated", changed=True, added=[{}], removed=[]))],
                  dial_plan=dict(outcome="unchanged", changed=False, added=[], removed=[]))
    row = fleet_reports.report_row("c1", result, request)
    assert row["license"] == "hosted_pro" and row["message"] == ""
    assert row["sip_connections"][0]["sbc"] == "SBC-FRA-02"
    assert row["sip_connections"][0]["message"] == "dial plan updated (+1 -0 rules)"
    markdown = fleet_reports.render_markdown(fleet_reports.build_report([row], "Onboarding"))
    assert "| c1 / site fra |  | SBC-FRA-02 |  | created | s1 | Deployed | dial plan updated (+1 -0 rules) |" in markdown
    not_run = fleet_reports.report_row("c1", None, request)
    assert [s["outcome"] for s in not_run["sip_connections"]] == ["not_run"]
