# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A token that expires twice within one API call (its retries outlast the token's lifetime).

Deterministic reproduction of what the chaos run shows at random: the client renews an expired token only once per
call, so a call whose retries (backoff, Retry-After) outlast the renewed token fails with HTTP 401 "The token is
expired", although new tokens are there for the asking. Reported in docs/reliability.md with the proposed fix.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import sys

import pytest

from reliability_helpers import FIGURES


@pytest.fixture
def client_class(collections_path):
    if collections_path not in sys.path:
        sys.path.insert(0, collections_path)
    from ansible_collections.audiocodes.live_platform.plugins.module_utils.client import LivePlatformClient
    return LivePlatformClient


def test_token_expiring_twice_in_one_call(live_platform_simulator_factory, client_class):
    sim = live_platform_simulator_factory("--token-lifetime", "2")
    client = client_class(sim.base_url, tenant_id=sim.tenant_id, client_id=sim.client_id,
                          client_secret=sim.client_secret, auth_url=sim.auth_url, retries=5)
    client.get("/api/v2/sbc")  # a token is fetched and used
    sim.admin("POST", "tokens/expire")  # it expires
    # 1st try: the expired token -> 401, renewed; 2nd try: 503 with Retry-After 3 s, longer than the new token
    # lives; 3rd try: 401 again. (The leading 0 s delay entry only lets the first try through the fault layer.)
    sim.admin("PATCH", "faults", {"script": [
        {"match": {"method": "GET", "path": "/tenantui/api/v2/customer"}, "action": "delay", "seconds": 0},
        {"match": {"method": "GET", "path": "/tenantui/api/v2/customer"}, "action": "status", "status": 503,
         "retry_after": 3}]})
    statuses = None
    try:
        assert client.get("/api/v2/customer") == []
    finally:
        statuses = [e["status"] for e in sim.admin("GET", "requests?path=/tenantui/api/v2/customer")]
        FIGURES["token_renewal"] = dict(statuses_of_one_call=statuses, fixed=statuses[-1:] == [200])
