# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The first-day probe: every answer reported, never a write, findings that say what the collection can use."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re

import pytest
import requests

from ansible_collections.audiocodes.live_platform.plugins.module_utils.client import LivePlatformClient
from ansible_collections.audiocodes.live_platform.plugins.module_utils.probe import (
    cell, probe_platform, render_markdown,
)
from ansible_collections.audiocodes.live_platform.tests.unit.plugins.module_utils.fake_platform import (
    AUTH, BASE, SECRET, FakePlatform, FakeResponse,
)

READ_ORDER = ["token", "services_v2", "services_v3", "service_v3", "service_v2", "script_templates_page_0",
              "script_templates_page_1", "script_templates", "sbc_catalogue", "channels"]
STATE_KEYS = ("deploymentState", "sbcDeploymentState")


class ProbePlatform(FakePlatform):
    """The fake platform with the answers a real one may give where the documents are silent.

    answers: [(method, path regex, function(call) -> FakeResponse)], every matching call (not consumed);
    wrap: a key that wraps every list answer; spell: how a deployment state is shown (None: the key is left out);
    paging_ignored: the templates' pageNumber/pageSize are not honoured.
    """

    def __init__(self):
        super(ProbePlatform, self).__init__()
        self.answers = []
        self.wrap_key = None
        self.state_word = lambda state: state
        self.ignore_paging = False
        self.templates.append(dict(id=7, name="sbc-scenario7", scriptType=1, customerVariables=["IPPBX-ProxyAddress"],
                                   relatedScripts=[dict(key=700, value="sbc-scenario7Cleanup")]))

    def route(self, call):
        url = call["url"]
        if url.startswith(BASE) and call["headers"].get("Authorization", "")[len("Bearer "):] in self.valid_tokens:
            path = url[len(BASE):]
            for method, pattern, answer in self.answers:
                if method == call["method"] and re.search(pattern, path):
                    return answer(call)
            if self.ignore_paging and path == "/api/v2/scripttemplates":
                call = dict(call, params=dict(call["params"], pageNumber=0, pageSize=len(self.templates)))
        response = super(ProbePlatform, self).route(call)
        if response.status_code != 200 or not url.startswith(BASE):
            return response
        body = respell(response.json(), self.state_word)
        if self.wrap_key and isinstance(body, list):
            body = {self.wrap_key: body, "totalCount": len(body)}
        return FakeResponse(200, body)

    def answer(self, method, pattern, answer):
        self.answers.append((method, pattern, answer if callable(answer) else (lambda call: answer)))


def respell(body, word):
    """The body with every deployment state shown by word(state); left out where word gives None."""
    if isinstance(body, list):
        return [respell(item, word) for item in body]
    if isinstance(body, dict):
        out = {}
        for key, value in body.items():
            if key in STATE_KEYS and isinstance(value, str):
                value = word(value)
                if value is None:
                    continue
            out[key] = respell(value, word)
        return out
    return body


@pytest.fixture
def platform():
    fake = ProbePlatform()
    fake.add("SaraTest1")
    fake.add("BradTest3", state="InProgress")
    return fake


def make_client(platform, **options):
    settings = dict(base_url=BASE, auth_url=AUTH, tenant_id="sp-tenant", client_id="client-1", client_secret=SECRET,
                    retries=2, session=platform, sleep=lambda seconds: None)
    settings.update(options)
    return LivePlatformClient(**settings)


def probe(platform, params=None, **options):
    result = probe_platform(make_client(platform, **options), params or {})
    assert_read_only(platform)
    json.dumps(result)  # plain data, as a module result must be
    return result


def assert_read_only(platform):
    """GET only, and POST to the token endpoint: no write reached the API."""
    writes = [(c["method"], c["url"]) for c in platform.calls
              if c["method"] != "GET" and not (c["method"] == "POST" and c["url"].startswith(AUTH + "/"))]
    assert writes == []
    assert all(c["url"].startswith((BASE + "/", AUTH + "/")) for c in platform.calls)


def by_name(result):
    return dict((entry["name"], entry) for entry in result["endpoints"])


def finding(result, topic):
    found = [f for f in result["findings"] if f["topic"] == topic]
    assert len(found) == 1, result["findings"]
    return found[0]


def statuses(result):
    return dict((f["topic"], f["status"]) for f in result["findings"])


# --- happy path ----------------------------------------------------------------------------------------------------
def test_happy_path_reads_every_endpoint_once_and_finds_everything_usable(platform):
    result = probe(platform)
    assert [entry["name"] for entry in result["endpoints"]] == READ_ORDER
    assert result["changed"] is False and result["blocked"] is False
    assert result["base_url"] == BASE
    assert statuses(result) == dict(token="ok", services="ok", identity="ok", deployment_states="ok", paging="ok",
                                    script_templates="ok", sbc_catalogue="ok", channels="ok")
    entries = by_name(result)
    for name in READ_ORDER[:-1]:
        assert entries[name]["reachable"] is True and entries[name]["status"] == 200, entries[name]
    v2, v3 = entries["services_v2"], entries["services_v3"]
    assert (v2["shape"], v2["key_casing"], v2["count"]) == ("list", "PascalCase", 2)
    assert (v3["shape"], v3["key_casing"], v3["count"]) == ("list", "PascalCase", 2)
    assert v3["facts"]["with_ms_tenant_id"] == 2 and v3["facts"]["with_site_location"] == 2
    assert v3["facts"]["state_location"] == ["per-site sbcDeploymentState"]
    assert dict((s["raw"], s["reads_as"]) for s in v3["facts"]["states"]) == dict(Deployed="Deployed",
                                                                                  InProgress="InProgress")
    single = entries["service_v3"]
    assert single["path"] == "/api/v3/customer/{id}?allDetails=true" and single["shape"] == "object"
    assert single["facts"]["service_id"] in platform.services
    assert single["facts"]["state_location"] == ["top-level deploymentState", "per-site sbcDeploymentState"]
    assert entries["script_templates_page_0"]["facts"]["paging"] == "honoured"
    assert entries["script_templates"]["facts"]["customer_variables"] == ["list of names"]
    assert entries["sbc_catalogue"]["facts"]["catalogue"] == "present"
    assert (entries["channels"]["reachable"], entries["channels"]["status"]) == (False, 404)
    assert "SBC names work" in finding(result, "sbc_catalogue")["message"]
    assert "script and variable names work" in finding(result, "script_templates")["message"]
    assert "identified by short name and tenant" in finding(result, "identity")["message"]
    assert "deployments can be waited for" in finding(result, "deployment_states")["message"]
    assert result["summary"] == "token obtained; 8 of 9 reads answered; findings: 8 ok, 0 warning, 0 blocked"
    # one token, then one GET per entry
    assert [c["method"] for c in platform.calls] == ["POST"] + ["GET"] * 9


def test_the_report_carries_no_secret_no_token_and_no_body(platform):
    platform.answer("GET", r"^/api/v2/sbc$", FakeResponse(500, dict(title="Boom", detail="BODY-TEXT " + SECRET)))
    result = probe(platform)
    text = json.dumps(result)
    assert SECRET not in text and "BODY-TEXT" not in text
    assert not [token for token in platform.valid_tokens if token in text]
    assert not [s["ShortName"] for s in platform.services.values() if s["ShortName"] in text]  # no values, keys only
    assert by_name(result)["sbc_catalogue"]["notes"][0].startswith("HTTP 500")
    assert "'Boom'" in by_name(result)["sbc_catalogue"]["notes"][0]  # the ProblemDetails title, not its detail


def test_a_given_access_token_is_used_without_a_token_request(platform):
    platform.valid_tokens.add("given-token-value")
    result = probe(platform, dict(access_token="given-token-value"), access_token="given-token-value",
                   client_secret=None, tenant_id=None, client_id=None)
    token = by_name(result)["token"]
    assert (token["method"], token["path"], token["reachable"]) == (None, None, True)
    assert not [c for c in platform.calls if c["url"].startswith(AUTH)]
    assert finding(result, "token")["status"] == "ok"
    assert "given-token-value" not in json.dumps(result)
    assert result["summary"].startswith("access token given;")


# --- SBC catalogue ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("status", [404, 405, 501])
def test_an_absent_sbc_catalogue_says_use_sbc_id(platform, status):
    platform.answer("GET", r"^/api/v2/sbc$", FakeResponse(status, "no route"))
    result = probe(platform)
    entry = by_name(result)["sbc_catalogue"]
    assert (entry["reachable"], entry["status"], entry["facts"]["catalogue"]) == (False, status, "absent")
    found = finding(result, "sbc_catalogue")
    assert found["status"] == "warning"
    assert found["message"].startswith("use sbc_id (SBC names cannot be resolved)")
    assert "HTTP {0}".format(status) in found["message"]
    assert result["blocked"] is False
    assert [e["name"] for e in result["endpoints"]] == READ_ORDER  # the reads after it still ran


def test_an_empty_or_broken_sbc_catalogue_also_says_use_sbc_id(platform):
    platform.answer("GET", r"^/api/v2/sbc$", FakeResponse(200, []))
    assert "use sbc_id" in finding(probe(platform), "sbc_catalogue")["message"]
    other = ProbePlatform()
    other.answer("GET", r"^/api/v2/sbc$", FakeResponse(200, "<html>maintenance</html>"))
    result = probe(other)
    assert by_name(result)["sbc_catalogue"]["shape"] == "a text"
    assert "use sbc_id" in finding(result, "sbc_catalogue")["message"]


# --- list shapes -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("key", ["items", "value", "data"])
def test_wrapped_lists_are_unwrapped_and_reported(platform, key):
    platform.wrap_key = key
    result = probe(platform)
    entries = by_name(result)
    for name in ("services_v2", "services_v3", "script_templates", "sbc_catalogue"):
        assert entries[name]["shape"] == "list wrapped in " + key, entries[name]
    assert entries["services_v3"]["count"] == 2 and entries["script_templates"]["count"] == 3
    assert "beside the list: totalCount" in entries["services_v2"]["notes"]
    assert "documented: a bare list; the collection unwraps it" in entries["services_v2"]["notes"]
    assert "list wrapped in " + key in finding(result, "services")["message"]
    assert statuses(result)["services"] == "ok" and statuses(result)["sbc_catalogue"] == "ok"


def test_a_services_list_that_is_no_list_blocks_without_crashing(platform):
    platform.answer("GET", r"^/api/v3/customer$", FakeResponse(200, dict(total=2, customers="see portal")))
    result = probe(platform)
    entry = by_name(result)["services_v3"]
    assert entry["shape"] == "an object with the keys customers, total" and entry["count"] is None
    assert finding(result, "services")["status"] == "blocked"
    assert result["blocked"] is True
    assert "see portal" not in json.dumps(result)


def test_camel_case_keys_are_reported_against_the_documented_pascal_case(platform):
    platform.answer("GET", r"^/api/v2/customer$", FakeResponse(200, [dict(id="1", shortName="a", FullName="b")]))
    entry = by_name(probe(platform))["services_v2"]
    assert entry["key_casing"] == "mixed" and entry["key_names"] == ["FullName", "id", "shortName"]
    assert any("documented: PascalCase" in note for note in entry["notes"])


# --- paging ----------------------------------------------------------------------------------------------------------
def test_paging_ignored_when_more_items_come_than_asked(platform):
    platform.ignore_paging = True
    result = probe(platform)
    page0 = by_name(result)["script_templates_page_0"]
    assert page0["count"] == 3 and page0["facts"]["paging"] == "ignored"
    assert "script_templates_page_1" not in by_name(result)  # more than asked: page 1 need not be read
    found = finding(result, "paging")
    assert found["status"] == "warning" and "ignores pageNumber and pageSize" in found["message"]


def test_paging_ignored_when_page_1_repeats_page_0(platform):
    first_two = platform.templates[:2]
    platform.answer("GET", r"^/api/v2/scripttemplates$", lambda call: FakeResponse(200, first_two))
    result = probe(platform)
    assert by_name(result)["script_templates_page_0"]["facts"]["paging"] == "ignored"
    assert "page 1 repeated page 0" in finding(result, "paging")["message"]


def test_paging_cannot_be_told_with_fewer_templates_than_a_page(platform):
    platform.templates[:] = platform.templates[:1]
    result = probe(platform)
    assert by_name(result)["script_templates_page_0"]["facts"]["paging"] == "too few templates to tell"
    assert finding(result, "paging")["status"] == "ok"
    assert "script_templates_page_1" not in by_name(result)


# --- script templates ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("variables, kind, status, words", [
    ("IPPBX-ProxyAddress,SIP-HostName", "comma-separated text", "ok", "script and variable names work"),
    ([dict(name="IPPBX-ProxyAddress", order=1)], "list of objects", "ok", "script and variable names work"),
    ([dict(label="IPPBX-ProxyAddress")], "list of objects", "warning", "CustomVar.Variable<N>"),
    (None, "absent", "warning", "give custom_variables as CustomVar.Variable<N>"),
])
def test_customer_variable_formats(platform, variables, kind, status, words):
    for template in platform.templates:
        if variables is None:
            template.pop("customerVariables", None)
        else:
            template["customerVariables"] = variables
    result = probe(platform)
    assert by_name(result)["script_templates"]["facts"]["customer_variables"] == [kind]
    found = finding(result, "script_templates")
    assert found["status"] == status and words in found["message"]


def test_missing_templates_say_use_the_script_ids(platform):
    platform.answer("GET", r"^/api/v2/scripttemplates$", FakeResponse(404, "no route"))
    result = probe(platform)
    found = finding(result, "script_templates")
    assert found["status"] == "warning"
    assert "use onboarding_script_id and cleanup_script_id" in found["message"]
    assert by_name(result)["script_templates_page_0"]["facts"]["paging"] == "unknown"
    assert "paging" not in statuses(result)


# --- deployment states -----------------------------------------------------------------------------------------------
def test_missing_states_mean_the_collection_cannot_wait(platform):
    platform.state_word = lambda state: None
    result = probe(platform)
    assert by_name(result)["service_v3"]["facts"]["state_location"] == ["missing"]
    assert by_name(result)["services_v3"]["facts"]["states"] == []
    found = finding(result, "deployment_states")
    assert found["status"] == "warning"
    assert "cannot wait for deployments on this platform" in found["message"]


def test_unknown_state_words_are_named(platform):
    platform.state_word = lambda state: dict(Deployed="Provisioned", InProgress="Working").get(state, state)
    result = probe(platform)
    states = by_name(result)["services_v3"]["facts"]["states"]
    assert dict((s["raw"], (s["reads_as"], s["known"])) for s in states) == dict(
        Provisioned=("Provisioned", False), Working=("Working", False))
    found = finding(result, "deployment_states")
    assert found["status"] == "warning"
    assert "'Provisioned'" in found["message"] and "'Working'" in found["message"]


@pytest.mark.parametrize("word, raw, reading", [
    (lambda state: state.upper(), "DEPLOYED", "Deployed"),
    (lambda state: dict(Deployed=3, InProgress=1).get(state), 3, "Deployed"),
    (lambda state: dict(Deployed="Ready", InProgress="Pending").get(state), "Ready", "Deployed"),
])
def test_other_spellings_the_collection_knows(platform, word, raw, reading):
    platform.state_word = word
    result = probe(platform)
    states = by_name(result)["service_v3"]["facts"]["states"]
    assert dict((s["raw"], s["reads_as"]) for s in states)[raw] == reading
    assert finding(result, "deployment_states")["status"] == "ok"


def test_states_only_on_sites_of_the_single_read(platform):
    def sites_only(call):
        guid = call["url"].rsplit("/", 1)[1]
        body = platform._v3(platform.services[guid])
        del body["deploymentState"]
        return FakeResponse(200, body)
    platform.answer("GET", r"^/api/v3/customer/[^/]+$", sites_only)
    result = probe(platform)
    assert by_name(result)["service_v3"]["facts"]["state_location"] == ["per-site sbcDeploymentState"]
    assert finding(result, "deployment_states")["status"] == "ok"


def test_a_platform_with_no_service_cannot_show_states_or_identity():
    result = probe(ProbePlatform())
    assert "service_v3" not in by_name(result)
    assert finding(result, "deployment_states")["status"] == "warning"
    assert "no service is listed yet" in finding(result, "deployment_states")["message"]
    assert "no service is listed yet" in finding(result, "identity")["message"]
    assert result["blocked"] is False


def test_services_without_tenant_are_identified_by_short_name_alone(platform):
    platform.answer("GET", r"^/api/v3/customer$", lambda call: FakeResponse(200, [
        dict((k, v) for k, v in platform._v3(svc).items() if k != "MsTenantId") for svc in platform.services.values()]))
    result = probe(platform)
    assert by_name(result)["services_v3"]["facts"]["with_ms_tenant_id"] == 0
    assert "identified by short name alone" in finding(result, "identity")["message"]


def test_a_failing_single_read_is_reported_not_raised(platform):
    platform.answer("GET", r"^/api/v[23]/customer/[^/]+$", FakeResponse(404, "Customer with x not found"))
    result = probe(platform)
    assert by_name(result)["service_v2"]["status"] == 404
    found = finding(result, "deployment_states")
    assert found["status"] == "warning" and "cannot wait" in found["message"]


# --- token -----------------------------------------------------------------------------------------------------------
def test_a_refused_token_request_blocks_and_nothing_else_is_tried(platform):
    result = probe(platform, client_secret="wrong-secret-value")
    token = by_name(result)["token"]
    assert (token["reachable"], token["status"], token["method"]) == (False, 401, "POST")
    assert "AADSTS7000215" in token["notes"][0]
    found = finding(result, "token")
    assert found["status"] == "blocked" and found["message"].startswith("no token:")
    assert result["blocked"] is True and len(result["findings"]) == 1
    assert all(e["facts"].get("tried") is False for e in result["endpoints"][1:])
    assert [c["method"] for c in platform.calls] == ["POST"]  # a 401 on the token request is not retried
    assert "wrong-secret-value" not in json.dumps(result)
    assert result["summary"].startswith("no token; 0 of 5 reads answered")


def test_an_unreachable_token_endpoint_blocks(platform):
    platform.faults = [("POST", "oauth2", requests.exceptions.ConnectionError("connection refused"))] * 3
    result = probe(platform)
    assert by_name(result)["token"]["status"] is None
    assert "connection refused" in finding(result, "token")["message"]
    assert result["blocked"] is True


def test_a_token_the_platform_refuses_blocks(platform):
    platform.answer("GET", r".", FakeResponse(401, dict(title="Unauthorized", status=401)))
    result = probe(platform)
    assert finding(result, "token")["status"] == "blocked"
    assert "refuses the token" in finding(result, "token")["message"]
    assert by_name(result)["token"]["reachable"] is False
    assert by_name(result)["sbc_catalogue"]["facts"]["tried"] is False
    assert result["summary"].startswith("token refused;")


# --- Markdown --------------------------------------------------------------------------------------------------------
def test_markdown_has_both_tables_and_safe_cells(platform):
    text = probe(platform)["markdown"]
    assert "| topic | status | what it means |" in text
    assert "| name | request | reachable | status | shape | key casing | count | notes |" in text
    assert "| sbc_catalogue | GET /api/v2/sbc | yes | 200 | list | camelCase | 1 |" in text
    bad = dict(topic="a|b", status="ok", message="line1\nline2\r\x07\x1b[31m|end")
    report = dict(base_url="https://x|y", summary="s", findings=[bad],
                  endpoints=[dict(name="n", method="GET", path="/p", reachable=False, status=None, shape=None,
                                  key_casing=None, count=None, notes=["x|y", "z\nw"])])
    text = render_markdown(report)
    assert not re.search(u"[\x00-\x08\x0b-\x1f\x7f]", text)
    assert "| a\\|b | ok | line1 line2 [31m\\|end |" in text
    assert "| n | GET /p | no |  |  |  |  | x\\|y; z w |" in text
    assert all(line.count("|") - line.count("\\|") in (0, 4, 9) for line in text.splitlines())
    assert cell(None) == "" and cell(True) == "yes"
