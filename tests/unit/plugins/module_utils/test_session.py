# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""One sign-in and one read of the catalogues for a run of module calls (the session module, per_customer)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.audiocodes.live_platform.plugins.module_utils import customer, service
from ansible_collections.audiocodes.live_platform.plugins.module_utils.client import LivePlatformClient
from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import AuthError, InputError
from ansible_collections.audiocodes.live_platform.plugins.module_utils.runner import outcome, service_masking
from ansible_collections.audiocodes.live_platform.plugins.module_utils.session import open_session
from ansible_collections.audiocodes.live_platform.plugins.modules import session as session_module
from ansible_collections.audiocodes.live_platform.tests.unit.plugins.module_utils.fake_platform import (
    AUTH, BASE, SECRET, FakeResponse,
)
from ansible_collections.audiocodes.live_platform.tests.unit.plugins.module_utils import test_runner as runner_tests
from ansible_collections.audiocodes.live_platform.tests.unit.plugins.module_utils.test_service import TENANT

NAMED = dict(short_name="acme", full_name="Acme", sbc="SBC-AMS-01", onboarding_script="sbc-hosted-essentials",
             ms_tenant_id=TENANT, custom_variables={"SIP-HostName": "pbx.example.net"},
             wait=True, wait_timeout=60, poll_interval=1)
CREDENTIALS = dict(base_url=BASE, auth_url=AUTH, tenant_id="sp-tenant", client_id="client-1", client_secret=SECRET)


def reads(platform):
    """(token requests, catalogue reads) the platform saw."""
    return (len([c for c in platform.calls if c["url"].startswith(AUTH)]),
            len(platform.calls_to("GET", "/api/v2/sbc")) + len(platform.calls_to("GET", "/api/v2/scripttemplates")))


def a_call(platform, clock, params, access_token=None, catalogue=None):
    """One module call of a run, in a fresh client (a fresh process, as each customer host's call is)."""
    client = LivePlatformClient(session=platform, sleep=clock.sleep, access_token=access_token, **CREDENTIALS)
    return customer.ensure(client, dict(params, access_token=access_token, catalogue=catalogue), clock=clock)


def test_the_session_reads_the_token_and_each_catalogue_once(client, platform):
    session = open_session(client, {})
    assert session["access_token"] == "token-1"
    assert [s["name"] for s in session["catalogue"]["sbcs"]] == ["SBC-AMS-01"]
    assert [t["id"] for t in session["catalogue"]["script_templates"]] == [10007, 10700]
    assert reads(platform) == (1, 2) and session["warnings"] == []


def test_calls_given_the_session_sign_in_and_read_catalogues_no_more(client, platform, clock):
    session = open_session(client, {})
    shared = dict(access_token=session["access_token"], catalogue=session["catalogue"])
    for name in ("acme", "bolt", "core"):
        assert a_call(platform, clock, dict(NAMED, short_name=name), **shared)["outcome"] == "created"
    assert reads(platform) == (1, 2)  # the session's, nothing per call
    body = platform.calls_to("POST", "/api/v2/customer")[0]["json"]
    assert body["siteLocation"] == {"sbcId": 5, "sbcOnboardingScript": 10007, "sbcCleanupScript": 10700}
    assert body["scriptParameters"]["CustomVar.Variable3"] == "pbx.example.net"


def test_without_the_session_each_call_signs_in_and_reads_both(platform, clock):
    for name in ("acme", "bolt"):
        a_call(platform, clock, dict(NAMED, short_name=name))
    assert reads(platform) == (2, 4)


def test_a_shared_token_that_expires_is_renewed_with_the_credentials(client, platform, clock):
    session = open_session(client, {})
    platform.valid_tokens.clear()  # the run outlived the token
    result = a_call(platform, clock, NAMED, access_token=session["access_token"], catalogue=session["catalogue"])
    assert result["outcome"] == "created" and platform.tokens_issued == 2


def test_a_given_token_alone_is_still_never_renewed(platform):
    lone = LivePlatformClient(base_url=BASE, access_token="expired", session=platform)
    with pytest.raises(AuthError):
        lone.get("/api/v2/customer")
    assert platform.tokens_issued == 0


def test_with_a_given_token_the_session_requests_none(platform):
    platform.valid_tokens.add("given")
    client = LivePlatformClient(base_url=BASE, access_token="given", session=platform)
    session = open_session(client, dict(access_token="given"))
    assert session["access_token"] is None and platform.tokens_issued == 0
    assert session["catalogue"]["sbcs"][0]["id"] == 5


def test_a_catalogue_the_platform_lacks_is_none_and_read_as_without_a_session(client, platform, clock):
    platform.faults.append(("GET", "/api/v2/sbc", FakeResponse(404, dict(title="Not Found", status=404))))
    session = open_session(client, {})
    assert session["catalogue"]["sbcs"] is None and session["catalogue"]["script_templates"]
    assert "/api/v2/sbc" in session["warnings"][0] and "sbc_id" in session["warnings"][0]
    # The documented path (ids) needs no SBC catalogue at all.
    result = a_call(platform, clock, dict(NAMED, sbc=None, sbc_id=5), access_token=session["access_token"],
                    catalogue=session["catalogue"])
    assert result["outcome"] == "created"
    assert len(platform.calls_to("GET", "/api/v2/sbc")) == 1  # the session's try only


class FakeModule(runner_tests.FakeModule):
    """What the session module's main() uses of AnsibleModule, with the task's no_log; records how it exits."""

    def __init__(self, no_log, **params):
        super(FakeModule, self).__init__(services=None)
        self.params = dict(CREDENTIALS, access_token=None, **params)
        self.no_log = no_log


def run_session_module(monkeypatch, platform, module):
    real = LivePlatformClient.from_params.__func__
    monkeypatch.setattr(LivePlatformClient, "from_params",
                        classmethod(lambda cls, params, **kwargs: real(cls, params, session=platform, **kwargs)))
    monkeypatch.setattr(session_module, "AnsibleModule", lambda **kwargs: module)
    with pytest.raises(runner_tests.Exited):
        session_module.main()
    return module.exit


def test_the_module_returns_the_token_unmasked_to_a_no_log_task(monkeypatch, platform):
    kind, result = run_session_module(monkeypatch, platform, FakeModule(no_log=True))
    assert kind == "exit" and result["access_token"] == "token-1" and not result["changed"]
    assert result["catalogue"]["sbcs"][0]["name"] == "SBC-AMS-01"


def test_the_module_refuses_a_task_without_no_log_before_any_request(monkeypatch, platform):
    kind, result = run_session_module(monkeypatch, platform, FakeModule(no_log=False))
    assert kind == "fail" and result["msg"].startswith("no_log: must be true") and platform.calls == []


def test_a_failed_sign_in_shows_neither_the_secret_nor_a_token(monkeypatch, platform):
    module = FakeModule(no_log=True)
    module.params["client_secret"] = "wrong-" + SECRET
    kind, result = run_session_module(monkeypatch, platform, module)
    assert kind == "fail" and "AADSTS7000215" in result["msg"]
    assert SECRET not in repr(result) and "access_token" not in result


@pytest.mark.parametrize("value, field", [
    ("sbcs", "catalogue"),
    (dict(sbcs=[], nope=[]), "catalogue"),
    (dict(sbcs=[dict(name="SBC-AMS-01")]), "catalogue.sbcs"),
    (dict(script_templates="x"), "catalogue.script_templates"),
])
def test_a_catalogue_not_from_a_session_is_refused_before_any_write(platform, clock, value, field):
    with pytest.raises(InputError) as err:
        a_call(platform, clock, NAMED, catalogue=value)
    assert err.value.field == field
    assert platform.calls_to("POST", "/api/v2/customer") == []


def test_an_empty_given_catalogue_is_used_as_it_is(client, platform):
    known = service.Catalog(client, dict(sbcs=[], script_templates=None))
    assert known.sbcs() == []
    assert known.templates()[0]["id"] == 10007  # None: read
    assert reads(platform)[1] == 1


def test_the_session_lists_the_services_when_asked(client, platform):
    guid = platform.add("acme")
    assert "services" not in open_session(client, {})
    listed = open_session(client, dict(list_services=True))
    assert [(s["id"], s["short_name"]) for s in listed["services"]] == [(guid, "acme")]


def test_a_list_failing_for_the_platform_leaves_each_call_to_look_itself_up(client, platform):
    for dummy in range(client.retries + 1):
        platform.faults.append(("GET", "/api/v3/customer", FakeResponse(500, dict(title="Internal Server Error"))))
    listed = open_session(client, dict(list_services=True))
    assert listed["services"] is None and "each call looks its own service up" in listed["warnings"][-1]
    assert listed["catalogue"]["sbcs"] and listed["access_token"]


def test_a_sign_in_failure_fails_the_session(platform, clock):
    wrong = dict(CREDENTIALS)
    wrong["client_secret"] = "wrong"
    client = LivePlatformClient(session=platform, sleep=clock.sleep, **wrong)
    with pytest.raises(AuthError):
        open_session(client, dict(list_services=True))


def test_a_calls_invocation_counts_the_sessions_catalogue_instead_of_echoing_it(client):
    session = open_session(client, {})
    params = dict(NAMED, access_token=session["access_token"], catalogue=session["catalogue"])
    _secrets, invocation = service_masking(params)
    assert invocation["catalogue"] == dict(sbcs="1 record(s)", script_templates="2 record(s)")
    assert invocation["short_name"] == "acme" and params["catalogue"]["sbcs"][0]["id"] == 5
    assert service_masking(NAMED)[1] is None  # without a catalogue, Ansible echoes the arguments as always


def test_a_customer_variable_named_like_a_secret_is_masked_everywhere_but_on_the_wire(platform, clock, monkeypatch):
    real = LivePlatformClient.from_params.__func__
    monkeypatch.setattr(LivePlatformClient, "from_params",
                        classmethod(lambda cls, params, **kwargs: real(cls, params, session=platform, sleep=clock.sleep,
                                                                       **kwargs)))
    platform.templates[0]["customerVariables"].append("SIP-Password")
    params = dict(NAMED, custom_variables={"SIP-HostName": "pbx.example.net", "SIP-Password": "Var-Secret-88"},
                  **CREDENTIALS)
    result = outcome(params, False, customer.ensure, *service_masking(params))
    assert result["outcome"] == "created"
    sent = platform.calls_to("POST", "/api/v2/customer")[0]["json"]["scriptParameters"]
    assert sent["CustomVar.Variable4"] == "Var-Secret-88"  # the platform gets it...
    assert "Var-Secret-88" not in repr(result) and "pbx.example.net" in repr(result)  # ...no output shows it
