# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.audiocodes.live_platform.plugins.module_utils.records import (
    field, overall_state, parse_progress, service_record,
)

DOC_PROGRESS = ("(Information, MsTenantid is valid);(Information, Customer data created!);(Information, SBC "
                "sbc-onboarding done for site SaraTest1.);(Information, CreateSiteInOvoc started.);"
                "(Information, Site created in Ovoc)")


def test_keys_are_read_whatever_their_casing():
    assert field({"ShortName": "a"}, "shortName") == "a"
    assert field({"shortname": "b"}, "ShortName") == "b"
    assert field({"x": 1}, "missing", default=0) == 0
    assert field(None, "x") is None


def test_progress_of_the_primary_document():
    entries = parse_progress(DOC_PROGRESS)
    assert len(entries) == 5
    assert entries[0] == dict(level="Information", message="MsTenantid is valid")
    assert entries[2]["message"] == "SBC sbc-onboarding done for site SaraTest1."
    assert parse_progress("(Error, SBC unreachable, retry later)") == [
        dict(level="Error", message="SBC unreachable, retry later")]
    assert parse_progress(None) == []


def test_service_from_the_create_answer_and_from_reads():
    created = service_record(dict(id="g1", customerId="SaraTest1", siteLocationIds=["s1"],
                                  deploymentState="Deployed", errorDetails=None, progressDetails=DOC_PROGRESS))
    assert created["id"] == "g1" and created["short_name"] == "SaraTest1"
    assert created["site_locations"][0]["id"] == "s1" and len(created["progress"]) == 5
    v2 = service_record(dict(Id="g2", ShortName="royDY", FullName="royDR", LicenseType=0,
                             SiteLocation=[dict(id="s", name="GSBFZUBGHWOFI", sbcId=8, sbcDeploymentState="Deployed")]))
    assert v2["deployment_state"] == "Deployed" and v2["site_locations"][0]["sbc_id"] == 8
    assert v2["full_name"] == "royDR"


def test_overall_state():
    assert overall_state(["Deployed", "Failed"]) == "Failed"
    assert overall_state(["Deployed", "InProgress"]) == "InProgress"
    assert overall_state(["Deployed"]) == "Deployed"
    assert overall_state([]) is None


def test_secrets_quoted_in_platform_text_are_masked():
    entries = parse_progress("(Error, rejected CarrierUserPassword=pw-123 for 'x');(Information, done)")
    assert entries[0]["message"] == "rejected CarrierUserPassword=******** for 'x'"
    record = service_record(dict(Id="g", errorDetails='{"CarrierUserPassword": "s3cr3t!"} refused'))
    assert "s3cr3t" not in record["error_details"] and "********" in record["error_details"]
