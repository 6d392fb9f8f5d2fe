# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.audiocodes.live_platform.plugins.module_utils import catalog
from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import InputError

SCRIPT = dict(id=10007, name="sbc-hosted-essentials",
              customer_variables=["IPPBX-ProxyAddress", "IPPBX-ProxyAddress-SIPPort", "SIP-HostName"],
              related_scripts=[dict(id=10700, name="cleanup")])


def test_custom_variables_by_name_follow_the_script_order():
    mapped = catalog.map_custom_variables(
        {"SIP-HostName": "pbx.example.net", "IPPBX-ProxyAddress": "10.0.0.1", "ippbx-proxyaddress-sipport": 5060},
        SCRIPT)
    assert mapped == {"CustomVar.Variable3": "pbx.example.net", "CustomVar.Variable1": "10.0.0.1",
                      "CustomVar.Variable2": "5060"}


def test_raw_keys_still_work_and_are_range_checked():
    assert catalog.map_custom_variables({"CustomVar.Variable2": "5061"}, SCRIPT) == {"CustomVar.Variable2": "5061"}
    with pytest.raises(InputError) as err:
        catalog.map_custom_variables({"CustomVar.Variable4": "x"}, SCRIPT)
    assert "out of range" in err.value.msg and "3 customer variable(s)" in err.value.msg


def test_unknown_variable_lists_the_defined_ones():
    with pytest.raises(InputError) as err:
        catalog.map_custom_variables({"Region": "eu"}, SCRIPT)
    assert err.value.field == "custom_variables"
    assert "IPPBX-ProxyAddress, IPPBX-ProxyAddress-SIPPort, SIP-HostName" in err.value.msg


def test_a_variable_given_twice_is_refused():
    with pytest.raises(InputError):
        catalog.map_custom_variables({"IPPBX-ProxyAddress": "a", "CustomVar.Variable1": "b"}, SCRIPT)


@pytest.mark.parametrize("value, names", [
    (["A", "B"], ["A", "B"]),
    ("A, B;C\nD", ["A", "B", "C", "D"]),
    ([dict(name="A"), dict(Key="B")], ["A", "B"]),
    (None, None),
    (42, None),
])
def test_customer_variable_forms(value, names):
    assert catalog.customer_variable_names(value) == names


def test_lookup_by_name_or_id_and_unknown_names():
    records = [dict(id=5, name="SBC-AMS-01"), dict(id=8, name="SBC-FRA-02")]
    assert catalog.find_by_name_or_id(records, "sbc", name="sbc-fra-02")["id"] == 8
    assert catalog.find_by_name_or_id(records, "sbc_id", record_id=5)["name"] == "SBC-AMS-01"
    with pytest.raises(InputError) as err:
        catalog.find_by_name_or_id(records, "sbc", name="SBC-XYZ", kind="SBC")
    assert err.value.field == "sbc" and "known: SBC-AMS-01, SBC-FRA-02" in err.value.msg


def test_cleanup_script_is_derived_from_the_onboarding_script():
    templates = [SCRIPT, dict(id=10700, name="cleanup", related_scripts=[])]
    assert catalog.cleanup_script_for(SCRIPT, templates)["id"] == 10700
    with pytest.raises(InputError) as err:
        catalog.cleanup_script_for(dict(SCRIPT, related_scripts=[]), templates)
    assert err.value.field == "cleanup_script"


def test_choices_offered_by_the_sbc():
    sbc = dict(name="SBC-AMS-01", cac_profiles=["5 sessions"])
    catalog.check_choice("5 sessions", sbc["cac_profiles"], "cac_profile", sbc)
    with pytest.raises(InputError) as err:
        catalog.check_choice("7 sessions", sbc["cac_profiles"], "cac_profile", sbc)
    assert "it offers: 5 sessions" in err.value.msg


def test_script_templates_are_read_page_by_page(client, platform):
    platform.templates = [dict(id=i, name="s{0}".format(i), customerVariables=[]) for i in range(250)]
    templates = catalog.list_script_templates(client)
    assert [t["id"] for t in templates] == list(range(250))
    pages = [c["params"]["pageNumber"] for c in platform.calls_to("GET", "/api/v2/scripttemplates")]
    assert pages == [0, 1, 2]
