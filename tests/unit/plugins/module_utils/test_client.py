# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
import requests

from ansible_collections.audiocodes.live_platform.plugins.module_utils.client import LivePlatformClient
from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import (
    ApiError, AuthError, InputError, NotFoundError, TransportError,
)
from ansible_collections.audiocodes.live_platform.tests.unit.plugins.module_utils.fake_platform import (
    AUTH, BASE, SECRET, FakeResponse,
)


def test_one_token_per_run_and_bearer_on_every_call(client, platform):
    client.get("/api/v2/customer")
    client.get("/api/v2/sbc")
    assert platform.tokens_issued == 1
    token_call = platform.calls[0]
    assert token_call["url"] == AUTH + "/sp-tenant/oauth2/v2.0/token"
    assert token_call["data"]["grant_type"] == "client_credentials"
    assert token_call["data"]["scope"] == "api://9d576dc4-b85d-4571-880e-4c6ed4c08c31/.default"
    assert all(c["headers"]["Authorization"] == "Bearer token-1" for c in platform.calls[1:])


def test_channel_header_and_certificate_settings(platform, tmp_path):
    ca_path = str(tmp_path / "ca.pem")
    open(ca_path, "w").close()
    client = LivePlatformClient(base_url=BASE, access_token="given", channel_id=7, session=platform,
                                validate_certs=True, ca_path=ca_path)
    assert platform.headers["X-Ovoc-Channel-Id"] == "7"
    assert platform.verify == ca_path
    platform.valid_tokens.add("given")
    client.get("/api/v2/customer")
    # Passed on every request too: requests lets REQUESTS_CA_BUNDLE override a session's verify.
    assert platform.calls[-1]["verify"] == ca_path
    LivePlatformClient(base_url=BASE, access_token="given", session=platform, validate_certs=False)
    assert platform.verify is False
    assert client.base_url == BASE


def test_expired_token_is_renewed_once(client, platform):
    client.get("/api/v2/customer")
    platform.valid_tokens.clear()  # every token expires mid-run
    assert client.get("/api/v2/customer") == []
    assert platform.tokens_issued == 2


def test_a_token_expiring_again_during_retries_is_renewed_again(client, platform):
    for answer in (FakeResponse(401, dict(title="Unauthorized")), FakeResponse(503),
                   FakeResponse(401, dict(title="Unauthorized"))):
        platform.faults.append(("GET", "/api/v2/customer", answer))
    assert client.get("/api/v2/customer") == []
    assert platform.tokens_issued == 3


def test_renewals_are_bounded(client, platform):
    for dummy in range(10):
        platform.faults.append(("GET", "/api/v2/customer", FakeResponse(401, dict(title="Unauthorized"))))
    with pytest.raises(AuthError) as err:
        client.get("/api/v2/customer")
    assert err.value.status == 401
    assert platform.tokens_issued == client.retries + 2  # the first token and one per allowed renewal


def test_static_token_is_never_renewed(platform):
    client = LivePlatformClient(base_url=BASE, access_token="expired", session=platform)
    with pytest.raises(AuthError) as err:
        client.get("/api/v2/customer")
    assert platform.tokens_issued == 0
    assert "expired" not in str(err.value.to_result())


def test_wrong_secret_reports_entra_error_without_the_secret(platform):
    client = LivePlatformClient(base_url=BASE, auth_url=AUTH, tenant_id="t", client_id="c",
                                client_secret="wrong-secret", session=platform)
    with pytest.raises(AuthError) as err:
        client.get("/api/v2/customer")
    assert "AADSTS7000215" in err.value.msg
    assert "wrong-secret" not in repr(err.value.to_result())


def test_reads_retry_on_5xx_and_honour_retry_after(client, platform, clock):
    platform.faults.append(("GET", "/api/v2/customer", FakeResponse(503)))
    platform.faults.append(("GET", "/api/v2/customer", FakeResponse(429, headers={"Retry-After": "2"})))
    platform.faults.append(("GET", "/api/v2/customer", requests.exceptions.ConnectionError("reset by peer")))
    assert client.get("/api/v2/customer") == []
    assert len(clock.sleeps) == 3
    assert clock.sleeps[1] == 2.0
    assert 0.25 <= clock.sleeps[0] <= 0.5 and 1.0 <= clock.sleeps[2] <= 2.0  # jittered exponential backoff


def test_retries_are_bounded(client, platform, clock):
    for dummy in range(10):
        platform.faults.append(("GET", "/api/v2/customer", FakeResponse(502, "Bad gateway")))
    with pytest.raises(ApiError) as err:
        client.get("/api/v2/customer")
    assert err.value.status == 502
    assert len(clock.sleeps) == 3


def test_a_write_is_retried_only_when_refused(client, platform):
    platform.faults.append(("POST", "/api/v2/customer", FakeResponse(429, headers={"Retry-After": "0"})))
    platform.faults.append(("POST", "/api/v2/customer", FakeResponse(503)))
    with pytest.raises(ApiError) as err:
        client.post("/api/v2/customer", json=dict(shortName="x"))
    assert err.value.status == 503
    assert len(platform.calls_to("POST", "/api/v2/customer")) == 2


def test_a_lost_write_is_not_repeated(client, platform):
    platform.faults.append(("POST", "/api/v2/customer", requests.exceptions.ReadTimeout("read timed out")))
    with pytest.raises(TransportError) as err:
        client.post("/api/v2/customer", json=dict(shortName="x"))
    assert "POST {0}/api/v2/customer got no answer: read timed out".format(BASE) in err.value.msg
    assert err.value.details["path"] == "/api/v2/customer"
    assert len(platform.calls_to("POST", "/api/v2/customer")) == 1


def test_tls_failure_says_how_to_trust_the_ca(client, platform):
    platform.faults.append(("GET", "/api/v2/sbc", requests.exceptions.SSLError(
        "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate")))
    with pytest.raises(TransportError) as err:
        client.get("/api/v2/sbc")
    assert "ca_path" in err.value.msg and "CERTIFICATE_VERIFY_FAILED" in err.value.msg


@pytest.mark.parametrize("body, expected", [
    (dict(type="x", title="One or more validation errors occurred.", status=400, detail="shortName: too long"),
     "shortName: too long"),
    ("Invalid change for License Type!", "Invalid change for License Type!"),
    (dict(description="Something is wrong"), "Something is wrong"),
    (dict(title="Bad", errors=dict(shortName=["must be 3 to 15 characters"])), "shortName: must be 3 to 15"),
])
def test_error_bodies_in_each_documented_shape(client, platform, body, expected):
    platform.faults.append(("POST", "/api/v2/customer", FakeResponse(400, body)))
    with pytest.raises(ApiError) as err:
        client.post("/api/v2/customer", json={})
    assert err.value.status == 400 and err.value.body == body
    assert err.value.msg.startswith("POST {0}/api/v2/customer failed with HTTP 400: ".format(BASE))
    assert err.value.details["path"] == "/api/v2/customer"
    assert expected in err.value.msg


def test_echoed_secrets_are_masked_in_errors(client, platform):
    client.add_secret("carrier-Pa55")
    echo = dict(detail="rejected CarrierUserPassword=carrier-Pa55 with client " + SECRET,
                request=dict(CarrierUserPassword="carrier-Pa55"))
    platform.faults.append(("POST", "/api/v2/customer", FakeResponse(400, echo)))
    with pytest.raises(ApiError) as err:
        client.post("/api/v2/customer", json={})
    rendered = repr(err.value.to_result())
    assert "carrier-Pa55" not in rendered and SECRET not in rendered and "token-1" not in rendered
    assert "********" in rendered


def test_not_found_is_typed(client, platform):
    with pytest.raises(NotFoundError) as err:
        client.get("/api/v2/customer/unknown")
    assert err.value.body == "Customer with unknown not found"


@pytest.mark.parametrize("kwargs, field", [
    (dict(base_url=None, access_token="t"), "base_url"),
    (dict(base_url=BASE), "tenant_id"),
    (dict(base_url=BASE, tenant_id="t"), "client_id"),
    (dict(base_url=BASE, tenant_id="t", client_id="c"), "client_secret"),
    (dict(base_url=BASE, access_token="t", retries=-1), "retries"),
])
def test_missing_connection_settings_name_the_option_and_variable(kwargs, field):
    with pytest.raises(InputError) as err:
        LivePlatformClient(**kwargs)
    assert err.value.field == field
    assert field in err.value.msg


def test_redaction_masks_overlapping_secrets_longest_first():
    from ansible_collections.audiocodes.live_platform.plugins.module_utils.redaction import redact
    masked = redact(dict(text="pw pw-long pw", nested=[dict(CarrierUserPassword="x")]), ["pw", "pw-long", "", None])
    assert masked == dict(text="******** ******** ********", nested=[dict(CarrierUserPassword="********")])
