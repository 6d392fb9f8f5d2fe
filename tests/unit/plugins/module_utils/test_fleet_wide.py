# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Failures that are not one customer's (credentials, TLS, DNS, no connection) are marked fleet_wide, and a fleet
run stops starting customers at the first one; a dropped or timed-out answer, or a customer's own refusal, is not."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import socket

import pytest
import requests
from urllib3.exceptions import MaxRetryError, NameResolutionError, NewConnectionError, ProtocolError

from ansible_collections.audiocodes.live_platform.plugins.module_utils.batch import ensure_fleet
from ansible_collections.audiocodes.live_platform.plugins.module_utils.client import LivePlatformClient
from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import (
    ApiError, AuthError, InputError, TransportError,
)
from ansible_collections.audiocodes.live_platform.tests.unit.plugins.module_utils.fake_platform import (
    AUTH, BASE, FakeResponse,
)
from ansible_collections.audiocodes.live_platform.tests.unit.plugins.module_utils.test_batch import item, params


def refused():
    return requests.exceptions.ConnectionError(MaxRetryError(None, "/x", reason=NewConnectionError(
        None, "Failed to establish a new connection: [Errno 111] Connection refused")))


def unresolved():
    return requests.exceptions.ConnectionError(MaxRetryError(None, "/x", reason=NameResolutionError(
        "live.example.net", None, socket.gaierror(-2, "Name or service not known"))))


def dropped():
    return requests.exceptions.ConnectionError(ProtocolError("Connection aborted.", ConnectionResetError(104, "reset")))


@pytest.mark.parametrize("make, fleet_wide", [
    (refused, True),
    (unresolved, True),
    (lambda: requests.exceptions.ConnectTimeout("connect timed out"), True),
    (lambda: requests.exceptions.SSLError("certificate verify failed"), True),
    (dropped, False),  # an answer cut short may be one request's bad luck
    (lambda: requests.exceptions.ReadTimeout("read timed out"), False),
])
def test_a_transport_error_is_fleet_wide_only_when_no_connection_was_made(client, platform, make, fleet_wide):
    client.authenticate()
    for dummy in range(5):
        platform.faults.append(("GET", "/api/v2/sbc", make()))
    with pytest.raises(TransportError) as err:
        client.get("/api/v2/sbc")
    assert err.value.fleet_wide is fleet_wide
    assert ("fleet_wide" in err.value.to_result()) is fleet_wide


def test_a_refused_secret_is_fleet_wide_after_one_token_request(platform, clock):
    client = LivePlatformClient(base_url=BASE, auth_url=AUTH, tenant_id="sp-tenant", client_id="client-1",
                                client_secret="wrong", retries=3, session=platform, sleep=clock.sleep)
    with pytest.raises(AuthError) as err:
        client.get("/api/v3/customer")
    assert err.value.to_result()["fleet_wide"] is True
    assert len(platform.calls_to("POST", "/oauth2/v2.0/token")) == 1  # a refusal is not retried


def test_a_customers_own_refusal_is_not_fleet_wide(client, platform):
    client.authenticate()
    platform.faults.append(("POST", "/api/v2/customer$", FakeResponse(400, dict(title="shortName exists"))))
    with pytest.raises(ApiError) as err:
        client.post("/api/v2/customer", json={})
    assert err.value.fleet_wide is False and "fleet_wide" not in err.value.to_result()
    assert InputError("short_name", "is required").fleet_wide is False


def test_a_burst_of_401s_is_waited_out_with_backoff_and_then_fleet_wide(client, platform, clock):
    client.authenticate()
    for dummy in range(10):
        platform.faults.append(("GET", "/api/v3/customer", FakeResponse(401, dict(title="Unauthorized"))))
    with pytest.raises(AuthError) as err:
        client.get("/api/v3/customer")
    assert err.value.fleet_wide
    # the first renewal is at once (a token that expired), the next ones after a growing pause
    assert len(clock.sleeps) == client.retries and clock.sleeps == sorted(clock.sleeps) and clock.sleeps[0] > 0


def test_a_burst_of_401s_shorter_than_the_retries_passes(client, platform, clock):
    client.authenticate()
    for dummy in range(2):
        platform.faults.append(("GET", "/api/v3/customer", FakeResponse(401, dict(title="Unauthorized"))))
    assert client.get("/api/v3/customer") == []
    assert len(clock.sleeps) == 1


def test_the_fleet_stops_starting_customers_at_a_fleet_wide_failure(client, platform, clock):
    items = [item("cust{0}".format(i)) for i in range(6)]
    # the platform becomes unreachable at the third create; every customer after it would find it so too
    created = []

    def create_then_refuse(call):
        created.append(call)
        if len(created) >= 3:
            raise refused()
        return platform.route(call)

    def list_unless_down(call):  # the lookup after a failed create finds the platform down too
        if len(created) >= 3:
            raise refused()
        return platform.route(call)

    for dummy in range(20):
        platform.faults.append(("POST", "/api/v2/customer$", create_then_refuse))
        platform.faults.append(("GET", "/api/v3/customer", list_unless_down))
    result = ensure_fleet(client, params(items, concurrency=1), clock=clock)
    outcomes = [result["customers"]["cust{0}".format(i)]["outcome"] for i in range(6)]
    assert outcomes == ["created", "created", "failed", "not_run", "not_run", "not_run"]
    assert result["fleet_wide"] and result["failed"]
    assert result["msg"].startswith("the run stopped at a failure that is not a customer's (3 of 6 customers not run)")
    assert "Connection refused" in result["msg"]
    assert result["customers"]["cust5"]["msg"] == "not run: the run stopped at a failure that is not a customer's"
    assert all("cust3" not in str(call.get("json")) for call in created)  # no create after the failure


def test_a_list_that_cannot_be_read_fails_the_whole_call_once(platform, clock):
    client = LivePlatformClient(base_url=BASE, auth_url=AUTH, tenant_id="sp-tenant", client_id="client-1",
                                client_secret="wrong", retries=3, session=platform, sleep=clock.sleep)
    with pytest.raises(AuthError) as err:
        ensure_fleet(client, params([item("cust1"), item("cust2")]), clock=clock)
    assert err.value.to_result()["fleet_wide"]
    assert len(platform.calls_to("POST", "/oauth2/v2.0/token")) == 1 and not platform.calls_to("POST", "/customer")


@pytest.mark.parametrize("options, field", [
    (dict(base_url=None), "base_url"),
    (dict(base_url="live.example.net/tenantui"), "base_url"),
    (dict(client_secret=None), "client_secret"),
    (dict(access_token="two tokens"), "access_token"),
    (dict(ca_path="/no/such/ca.pem"), "ca_path"),
])
def test_a_refused_connection_option_is_fleet_wide(platform, options, field):
    given = dict(base_url=BASE, auth_url=AUTH, tenant_id="sp-tenant", client_id="client-1", client_secret="s",
                 session=platform)
    given.update(options)
    with pytest.raises(InputError) as err:
        LivePlatformClient(**given)
    assert err.value.field == field and err.value.to_result()["fleet_wide"] is True
    assert not platform.calls
