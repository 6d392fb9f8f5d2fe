# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.audiocodes.live_platform.plugins.module_utils.validation import (
    InputErrors, check_service_input, service_input_problems,
)

VALID = dict(short_name="SaraTest1", full_name="SaraTest1", sbc="SBC-AMS-01", onboarding_script="sbc-hosted-essentials",
             ms_tenant_id="4bf50a33-a383-4d3f-9403-220c898bc1b2", ovoc_customer_type="IPGROUP_TYPE",
             carrier_user_name="u" * 60, carrier_user_password="p" * 50, wait_timeout=600)


def test_a_valid_request_passes():
    assert service_input_problems(VALID) == []
    assert service_input_problems(dict(short_name="abc", state="absent")) == []


@pytest.mark.parametrize("change, field, rule", [
    (dict(short_name=None), "short_name", "is required"),
    (dict(short_name="ab"), "short_name", "3 to 15 characters"),
    (dict(short_name="a" * 16), "short_name", "3 to 15 characters"),
    (dict(short_name="sara/test"), "short_name", "must not contain any of"),
    (dict(short_name='sa"ra'), "short_name", "must not contain any of"),
    (dict(short_name="sara|test"), "short_name", "must not contain any of"),
    (dict(short_name="sara.test"), "short_name", "must not contain a dot"),
    (dict(short_name="sara test"), "short_name", "must not contain blanks"),
    (dict(short_name=123), "short_name", "must be a string, got the number 123"),
    (dict(short_name=True), "short_name", "must be a string, got the boolean True"),
    (dict(full_name="f" * 201), "full_name", "at most 200 characters"),
    (dict(ms_tenant_id=None), "ms_tenant_id", "is required"),
    (dict(ms_tenant_id="not-a-guid"), "ms_tenant_id", "GUID"),
    (dict(ovoc_customer_type="OTHER"), "ovoc_customer_type", "must be one of"),
    (dict(carrier_user_name="u" * 61), "carrier_user_name", "at most 60 characters"),
    (dict(carrier_user_password="p" * 51), "carrier_user_password", "at most 50 characters"),
    (dict(carrier_user_password=u"pässword"), "carrier_user_password", "wide (non-ASCII)"),
    (dict(carrier_user_password=u"密码密码"), "carrier_user_password", "wide (non-ASCII)"),
    (dict(carrier_main_line=201234567), "carrier_main_line", "leading zeros"),
    (dict(sbc=None), "sbc", "is required"),
    (dict(sbc_id=5), "sbc", "not both"),
    (dict(sbc=None, sbc_id=0), "sbc_id", "positive integer"),
    (dict(onboarding_script=None), "onboarding_script", "is required"),
    (dict(cleanup_script="a", cleanup_script_id=1), "cleanup_script", "not both"),
    (dict(lc_customer_id="12ab"), "lc_customer_id", "numeric id"),
    (dict(custom_variables=["a"]), "custom_variables", "must be a mapping"),
    (dict(custom_variables={"CustomVar.Variable0": "x"}), "custom_variables", "CustomVar.Variable<N>"),
    (dict(custom_variables={"SIP-HostName": True}), "custom_variables.SIP-HostName", "must be a string"),
    (dict(wait_timeout=0), "wait_timeout", "more than 0"),
])
def test_each_rule_names_the_option(change, field, rule):
    params = dict(VALID, **change)
    problems = service_input_problems(params)
    assert any(f == field and rule in r for f, r in problems), problems


def test_all_problems_are_reported_together():
    with pytest.raises(InputErrors) as err:
        check_service_input(dict(VALID, short_name="a.b", ms_tenant_id="x"))
    fields = [e["field"] for e in err.value.details["errors"]]
    assert fields == ["short_name", "ms_tenant_id"]
    assert "short_name: must not contain a dot" in err.value.msg and "ms_tenant_id:" in err.value.msg
