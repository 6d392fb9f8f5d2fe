"""One test per create rule: 400 ProblemDetails naming the field."""

from __future__ import annotations

import pytest

from lps_helpers import CUSTOMER, EXAMPLE_1, body, params


def assert_rejected(sim, payload, field, code="ValidationFailed", raw=None):
    r = sim.post(CUSTOMER, content=raw, headers={"Content-Type": "application/json"}) if raw is not None \
        else sim.post(CUSTOMER, json=payload)
    assert r.status_code == 400, r.text
    j = r.json()
    assert j["title"] == "One or more validation errors occurred."
    assert j["status"] == 400
    assert j["instance"] == "/tenantui/api/v2/customer"
    assert j["errorCode"] == code
    for key in ("type", "errorTicket", "traceId"):
        assert j[key]
    assert field in j["errors"], j
    assert j["detail"].startswith(f"{field}: ") or field in j["detail"]
    assert sim.get(CUSTOMER).json() == [] or code == "DuplicateShortName"
    return j


def test_malformed_json(sim):
    assert_rejected(sim, None, "body", raw=b'{"shortName": "abc",')


def test_body_not_object(sim):
    assert_rejected(sim, ["x"], "body")


def test_short_name_required(sim):
    assert_rejected(sim, body(shortName=None), "shortName")


def test_short_name_not_string(sim):
    b = body()
    b["shortName"] = 12345
    assert_rejected(sim, b, "shortName")


@pytest.mark.parametrize("name", ["ab", "a" * 16])
def test_short_name_length(sim, name):
    j = assert_rejected(sim, body(name), "shortName")
    assert "between 3 and 15" in j["errors"]["shortName"][0]


@pytest.mark.parametrize("char", list('\\/:*?"<>|'))
def test_short_name_forbidden_characters(sim, char):
    assert_rejected(sim, body(f"ab{char}cd"), "shortName")


def test_short_name_dot(sim):
    j = assert_rejected(sim, body("ab.cd"), "shortName")
    assert "dot" in j["errors"]["shortName"][0]


@pytest.mark.parametrize("name", ["ab cd", "ab\tcd"])
def test_short_name_blank(sim, name):
    assert_rejected(sim, body(name), "shortName")


def test_short_name_boundaries_accepted(sim):
    assert sim.post(CUSTOMER, json=body("abc")).status_code == 200
    assert sim.post(CUSTOMER, json=body("a" * 15)).status_code == 200


def test_duplicate_short_name_case_insensitive(sim):
    assert sim.post(CUSTOMER, json=body("Dup01")).status_code == 200
    j = assert_rejected(sim, body("DUP01"), "shortName", code="DuplicateShortName")
    assert j["detail"] == "shortName: a service named 'Dup01' already exists"
    assert len(sim.get(CUSTOMER).json()) == 1


def test_full_name_too_long(sim):
    assert_rejected(sim, body(fullName="x" * 201), "fullName")


def test_full_name_defaults_to_short_name(sim):
    r = sim.post(CUSTOMER, json=body("NoFull", fullName=None))
    assert r.status_code == 200
    assert sim.get(f"{CUSTOMER}/{r.json()['id']}").json()["FullName"] == "NoFull"
    assert sim.post(CUSTOMER, json=body("Full200", fullName="y" * 200)).status_code == 200


def test_site_location_required(sim):
    assert_rejected(sim, body(siteLocation=None), "siteLocation")


def test_site_location_not_object(sim):
    assert_rejected(sim, body(siteLocation="5"), "siteLocation")


def test_site_location_one_element_list_accepted(sim):
    r = sim.post(CUSTOMER, json=body(siteLocation=[EXAMPLE_1["siteLocation"]]))
    assert r.status_code == 200


def test_site_location_list_of_two_rejected(sim):
    assert_rejected(sim, body(siteLocation=[EXAMPLE_1["siteLocation"]] * 2), "siteLocation")


def test_sbc_id_required(sim):
    assert_rejected(sim, body(siteLocation={"sbcOnboardingScript": 10007, "sbcCleanupScript": 10700}),
                    "siteLocation.sbcId")


def test_sbc_id_must_be_integer(sim):
    assert_rejected(sim, body(siteLocation={"sbcId": "five", "sbcOnboardingScript": 10007,
                                            "sbcCleanupScript": 10700}), "siteLocation.sbcId")


def test_sbc_id_unknown(sim):
    assert_rejected(sim, body(siteLocation={"sbcId": 99, "sbcOnboardingScript": 10007, "sbcCleanupScript": 10700}),
                    "siteLocation.sbcId")


def test_onboarding_script_unknown(sim):
    assert_rejected(sim, body(siteLocation={"sbcId": 5, "sbcOnboardingScript": 4242, "sbcCleanupScript": 10700}),
                    "siteLocation.sbcOnboardingScript")


def test_onboarding_script_m365_is_not_an_sbc_script(sim):
    assert_rejected(sim, body(siteLocation={"sbcId": 5, "sbcOnboardingScript": 30001, "sbcCleanupScript": 10700}),
                    "siteLocation.sbcOnboardingScript")


def test_cleanup_script_required(sim):
    assert_rejected(sim, body(siteLocation={"sbcId": 5, "sbcOnboardingScript": 10007}),
                    "siteLocation.sbcCleanupScript")


def test_cleanup_script_unknown(sim):
    assert_rejected(sim, body(siteLocation={"sbcId": 5, "sbcOnboardingScript": 10007, "sbcCleanupScript": 4242}),
                    "siteLocation.sbcCleanupScript")


def test_cleanup_script_must_be_related(sim):
    j = assert_rejected(sim, body(siteLocation={"sbcId": 5, "sbcOnboardingScript": 10007, "sbcCleanupScript": 700}),
                        "siteLocation.sbcCleanupScript")
    assert "10700" in j["errors"]["siteLocation.sbcCleanupScript"][0]


def test_unrelated_onboarding_accepts_any_cleanup(sim):
    # 5000 has no related scripts: any known SBC cleanup script is accepted.
    b = body("NoPair", siteLocation={"sbcId": 5, "sbcOnboardingScript": 5000, "sbcCleanupScript": 700})
    assert sim.post(CUSTOMER, json=b).status_code == 200


def test_ovoc_customer_type(sim):
    assert_rejected(sim, body(ovocCustomerType="OTHER"), "ovocCustomerType")
    assert sim.post(CUSTOMER, json=body("Tenant1", ovocCustomerType="TENANT_TYPE")).status_code == 200
    assert sim.post(CUSTOMER, json=body("NoType", ovocCustomerType=None)).status_code == 200
    svc = next(s for s in sim.get("/_simulator/services").json() if s["shortName"] == "NoType")
    assert svc["ovocCustomerType"] == "IPGROUP_TYPE"


def test_ms_tenant_id_required(sim):
    assert_rejected(sim, body(msTenantId=None), "msTenantId")


def test_ms_tenant_id_guid(sim):
    assert_rejected(sim, body(msTenantId="not-a-guid"), "msTenantId")


def test_channel_id_unknown(sim):
    assert_rejected(sim, body(channelId="99"), "channelId")


def test_channel_id_not_integer(sim):
    assert_rejected(sim, body(channelId="north"), "channelId")


def test_channel_id_string_or_int_accepted(sim):
    assert sim.post(CUSTOMER, json=body("Chan1", channelId="2")).status_code == 200
    assert sim.post(CUSTOMER, json=body("Chan2", channelId=3)).status_code == 200


def test_lc_customer_id(sim):
    assert_rejected(sim, body(lcCustomerId="abc"), "lcCustomerId")
    assert sim.post(CUSTOMER, json=body("Lc1", lcCustomerId="1317027")).status_code == 200


def test_script_parameters_not_object(sim):
    assert_rejected(sim, body(scriptParameters=["x"]), "scriptParameters")


def test_script_parameter_not_string(sim):
    assert_rejected(sim, body(scriptParameters=params(CarrierMainLine=5)), "scriptParameters.CarrierMainLine")


def test_cac_profile_unknown(sim):
    assert_rejected(sim, body(scriptParameters=params(CacProfile="7 sessions")), "scriptParameters.CacProfile")


def test_proxy_set_unknown(sim):
    assert_rejected(sim, body(scriptParameters=params(ProxySet="Nope")), "scriptParameters.ProxySet")


def test_carrier_user_name_length(sim):
    assert_rejected(sim, body(scriptParameters=params(CarrierUserName="u" * 61)), "scriptParameters.CarrierUserName")
    assert sim.post(CUSTOMER, json=body("User60", scriptParameters=params(CarrierUserName="u" * 60))).status_code == 200


def test_carrier_password_length(sim):
    j = assert_rejected(sim, body(scriptParameters=params(CarrierUserPassword="p" * 51)),
                        "scriptParameters.CarrierUserPassword")
    assert "p" * 51 not in str(j)
    assert sim.post(CUSTOMER, json=body("Pw50", scriptParameters=params(CarrierUserPassword="p" * 50))).status_code == 200


def test_carrier_password_wide_characters(sim):
    j = assert_rejected(sim, body(scriptParameters=params(CarrierUserPassword="pässwörd")),
                        "scriptParameters.CarrierUserPassword")
    assert "pässwörd" not in str(j)


def test_custom_variable_range(sim):
    assert_rejected(sim, body(scriptParameters=params(**{"CustomVar.Variable4": "x"})),
                    "scriptParameters.CustomVar.Variable4")
    assert_rejected(sim, body(scriptParameters=params(**{"CustomVar.Variable0": "x"})),
                    "scriptParameters.CustomVar.Variable0")
    ok = params(**{"CustomVar.Variable1": "pbx.example", "CustomVar.Variable3": "host"})
    assert sim.post(CUSTOMER, json=body("Vars3", scriptParameters=ok)).status_code == 200


def test_keys_read_case_insensitively(sim):
    b = {
        "SHORTNAME": "Case1", "siteLocation": {"SbcId": 5, "SBCONBOARDINGSCRIPT": 10007, "sbccleanupscript": 10700},
        "MsTenantId": "4bf50a33-a383-4d3f-9403-220c898bc1b2", "scriptparameters": {"CACProfile": "10 sessions"},
    }
    r = sim.post(CUSTOMER, json=b)
    assert r.status_code == 200, r.text
    assert r.json()["customerId"] == "Case1"


def test_all_errors_reported(sim):
    j = assert_rejected(sim, {"shortName": "a", "siteLocation": {"sbcId": 99}}, "shortName")
    assert {"shortName", "siteLocation.sbcId", "msTenantId"} <= set(j["errors"])
