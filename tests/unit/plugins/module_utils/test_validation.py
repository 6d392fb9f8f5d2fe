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
    (dict(short_name=123), "short_name", "must be a string (quote it in YAML), got the number 123"),
    (dict(short_name=True), "short_name", "must be a string (quote it in YAML), got the boolean True"),
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
    (dict(lc_customer_id="12ab"), "lc_customer_id", "positive integer of at most 10 digits"),
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


TEXT_FIELDS = ("short_name", "full_name", "sbc", "onboarding_script", "ms_tenant_id", "channel_id", "cac_profile",
               "proxy_set", "online_pstn_gateway", "carrier_user_name", "carrier_user_password", "carrier_main_line",
               "carrier_host_name")


@pytest.mark.parametrize("field", TEXT_FIELDS)
@pytest.mark.parametrize("value, described", [
    (2608, "the number 2608"), (5070, "the number 5070"), (True, "the boolean True"), (12.5, "the number 12.5"),
])
def test_a_yaml_number_or_boolean_is_refused_in_every_text_field(field, value, described):
    problems = service_input_problems(dict(VALID, **{field: value}))
    rules = [r for f, r in problems if f == field]
    assert rules and rules[0].startswith("must be a string (quote it in YAML), got "), problems
    if field == "carrier_user_password":
        assert str(value) not in rules[0]  # a secret's value is never quoted
    else:
        assert described in rules[0]


@pytest.mark.parametrize("mapping", ["custom_variables", "extra_script_parameters"])
@pytest.mark.parametrize("value, rule", [
    (2608, "must be a string (quote it in YAML)"), (False, "must be a string (quote it in YAML)"),
    ({"nested": "x"}, "must be a string, got a mapping"), (["a"], "must be a string, got a list"),
    ("x" * 1025, "at most 1024 characters"), ("10.0.0.1\r\nEvil: 1", "control or invisible characters"),
])
def test_each_value_of_the_mappings_is_checked_like_a_text_field(mapping, value, rule):
    problems = service_input_problems(dict(VALID, **{mapping: {"IPPBX-ProxyAddress": value}}))
    assert [(f, r) for f, r in problems if rule in r] and problems[0][0] == mapping + ".IPPBX-ProxyAddress", problems


def test_a_custom_variable_sent_as_a_yaml_number_names_the_number_it_became():
    problems = service_input_problems(dict(VALID, custom_variables={"IPPBX-ProxyAddress-SIPPort": 2608}))
    assert problems == [("custom_variables.IPPBX-ProxyAddress-SIPPort", "must be a string (quote it in YAML), got the"
                         " number 2608 (YAML drops leading zeros and reads 0-prefixed digits as octal)")]


def test_no_message_quotes_an_extra_parameter_or_a_secret_looking_variable():
    params = dict(VALID, carrier_user_password=987654321, extra_script_parameters={"additionalProp1": 13579},
                  custom_variables={"Carrier-Password": 24680, "Api-Token": True})
    text = repr(service_input_problems(params))
    for secret in ("987654321", "13579", "24680", "True"):
        assert secret not in text, text


@pytest.mark.parametrize("field, limit", [
    ("full_name", 200), ("carrier_user_name", 60), ("carrier_user_password", 50), ("online_pstn_gateway", 253),
    ("carrier_host_name", 253), ("carrier_main_line", 256), ("cac_profile", 256), ("proxy_set", 256),
    ("onboarding_script", 256), ("channel_id", 10),
])
def test_every_text_field_is_bounded(field, limit):
    value = "1" * (limit + 1) if field == "channel_id" else "a" * (limit + 1)
    assert (field, "must be at most {0} characters, got {1}".format(limit, limit + 1)) in service_input_problems(
        dict(VALID, **{field: value}))
    assert not [p for p in service_input_problems(dict(VALID, **{field: value[:limit]})) if p[0] == field]


def test_the_names_of_the_mappings_are_bounded():
    problems = service_input_problems(dict(VALID, custom_variables={"n" * 257: "x"}))
    assert problems == [("custom_variables", "name '{0}' must be at most 256 characters, got 257".format("n" * 257))]


INVISIBLE = [u"\x00", u"\r", u"\n", u"\t", u"\x1b", u"\x7f", u"\x85", u"\u200b", u"\u200d", u"\ufeff", u"\u200f",
             u"\u202e", u"\u2028", u"\u2066"]


@pytest.mark.parametrize("char", INVISIBLE)
@pytest.mark.parametrize("field", ["short_name", "full_name", "carrier_user_name", "carrier_user_password",
                                   "carrier_main_line", "custom_variables", "extra_script_parameters"])
def test_control_and_invisible_characters_are_refused_everywhere(field, char):
    value = u"abc" + char + u"def"
    if field in ("custom_variables", "extra_script_parameters"):
        params = dict(VALID, **{field: {"Name": value}})
        field += ".Name"
    else:
        params = dict(VALID, **{field: value})
    rules = [r for f, r in service_input_problems(params) if f == field]
    assert any("must not contain control or invisible characters, found U+{0:04X}".format(ord(char)) in r
               for r in rules), rules
    if field.startswith("carrier_user_password") or field.startswith("extra"):
        assert "abc" not in repr(rules)


@pytest.mark.parametrize("name, words", [
    (u"s\u0430ratest1", ["look-alike", "Cyrillic and Latin", "U+0430 CYRILLIC SMALL LETTER A"]),
    (u"\u0455aratest", ["look-alike", "Cyrillic and Latin"]),
    (u"\u0391lpha1", ["look-alike", "Greek and Latin"]),
    (u"\uff53\uff41\uff52\uff41", ["look-alike", "compatibility forms", "FULLWIDTH", "write it as 'sara'"]),
    (u"sara\u2460", ["look-alike", "compatibility forms", "write it as 'sara1'"]),
    (u"\ufb01nance", ["look-alike", "compatibility forms"]),  # the ligature fi
])
def test_a_look_alike_short_name_is_refused(name, words):
    rules = [r for f, r in service_input_problems(dict(VALID, short_name=name)) if f == "short_name"]
    assert rules and all(word in rules[0] for word in words), rules


@pytest.mark.parametrize("name", [u"M\u00fcller", u"\u041c\u043e\u0441\u043a\u0432\u0430", u"\u0394\u03ad\u03bb\u03c4\u03b1",
                                  u"\u6771\u4eac\u3068\u30ab\u30ca", "Sara-Test_1", "ISO-2026"])
def test_letters_of_one_script_are_accepted(name):
    assert service_input_problems(dict(VALID, short_name=name)) == []


@pytest.mark.parametrize("tenant", [
    VALID["ms_tenant_id"] + "\n", VALID["ms_tenant_id"] + "0", "x" + VALID["ms_tenant_id"],
    VALID["ms_tenant_id"].replace("-", ""), u"\uff14" + VALID["ms_tenant_id"][1:],
])
def test_the_tenant_id_is_matched_whole(tenant):
    assert [r for f, r in service_input_problems(dict(VALID, ms_tenant_id=tenant)) if "GUID" in r], tenant


@pytest.mark.parametrize("channel, rule", [
    ("abc", "numeric id"), ("-1", "numeric id"), ("12\n", "control"), ("1" * 11, "at most 10 characters"),
    (u"\u0661\u0662", "numeric id"),  # Arabic-Indic digits are digits to str.isdigit, not to the platform
    (7, "must be a string (quote it in YAML)"),
])
def test_the_channel_id_is_digits_only_and_bounded(channel, rule):
    rules = [r for f, r in service_input_problems(dict(VALID, channel_id=channel)) if f == "channel_id"]
    assert any(rule in r for r in rules), rules


@pytest.mark.parametrize("field, value", [
    ("lc_customer_id", "1" * 30), ("lc_customer_id", 10 ** 29), ("lc_customer_id", "2147483648"),
    ("lc_customer_id", "-1"), ("lc_customer_id", "12\n"), ("lc_customer_id", True), ("sbc_id", 2147483648),
    ("onboarding_script_id", -5), ("cleanup_script_id", "7"),
])
def test_numeric_ids_are_bounded(field, value):
    params = dict(VALID, **{field: value})
    if field == "sbc_id":
        params["sbc"] = None
    if field == "onboarding_script_id":
        params["onboarding_script"] = None
    rules = [r for f, r in service_input_problems(params) if f == field]
    assert rules and "positive integer of at most 10 digits" in rules[0], rules


def test_the_largest_ids_pass():
    assert service_input_problems(dict(VALID, sbc=None, sbc_id=2147483647, lc_customer_id="2147483647")) == []


@pytest.mark.parametrize("key, rule", [
    ("CarrierUserPassword", "is set by the option carrier_user_password"),
    ("carrieruserpassword", "is set by the option carrier_user_password"),
    ("CacProfile", "is set by the option cac_profile"),
    ("CustomVar.Variable1", "is a customer variable: give it in custom_variables"),
    ("customvar.variable2", "is a customer variable: give it in custom_variables"),
])
def test_an_extra_parameter_cannot_override_a_named_option(key, rule):
    problems = service_input_problems(dict(VALID, extra_script_parameters={key: "x"}))
    tail = ", it cannot be overridden here" if "customer variable" in rule else ": give it there, it cannot be" \
        " overridden here"
    assert problems == [("extra_script_parameters", "'{0}' {1}{2}".format(key, rule, tail))], problems


def test_the_documented_extra_parameter_passes():
    assert service_input_problems(dict(VALID, extra_script_parameters={"additionalProp1": "Service Provider2 SBC"})) == []
