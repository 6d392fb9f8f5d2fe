# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The batch's waits on the simulator in async mode (the create answers InProgress, clients poll): one list per poll
interval for every waiting service (watch.DeploymentBoard), not one read per service and poll."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import collections
import importlib
import time

import pytest

from helpers.simulator_log import requests_seen, set_variants

TENANT = "4bf50a33-a383-4d3f-9403-220c898bc1b2"
SERVICE = dict(sbc_id=5, onboarding_script_id=10007, cleanup_script_id=10700, ms_tenant_id=TENANT,
               custom_variables={"CustomVar.Variable1": "10.0.0.1"}, cac_profile="10 sessions")
POLL = 0.2
LIST = "/tenantui/api/v3/customer"


@pytest.fixture
def batch_logic(collection):
    return importlib.import_module(collection.__name__ + ".batch")


def asynchronous(platform):
    """Async mode, deployments of 0.3 s, 5 at a time (40 customers keep the waits going over many polls), and
    deletions of 0.5 s (a list, not the read right after the delete, sees them go)."""
    platform.admin("PATCH", "faults", dict(mode="async", deployment_time=0.3, max_concurrent_deployments=5,
                                           deletion_time=0.5))


def fleet(count, prefix, **values):
    items = [dict(SERVICE, customer="{0}{1:02d}".format(prefix, i), short_name="{0}{1:02d}".format(prefix, i))
             for i in range(count)]
    return dict(dict(services=items, state="present", concurrency=5, wait=True, wait_timeout=120, poll_interval=POLL,
                     recreate_failed=False), **values)


def gets(platform, since):
    """(the lists, the reads by id per service and API version) among the GET requests from the log entry since."""
    entries = [e for e in requests_seen(platform) if e["seq"] > since and e["method"] == "GET"]
    lists = [e for e in entries if e["path"] == LIST]
    reads = collections.Counter()
    for entry in entries:
        parts = entry["path"].split("/")  # '', tenantui, api, v3, customer, <id>
        if len(parts) == 6 and parts[4] == "customer":
            reads[(parts[5].lower(), parts[3])] += 1
    return lists, reads


def last_seq(platform):
    entries = requests_seen(platform)
    return entries[-1]["seq"] if entries else 0


def test_an_async_fleet_is_polled_with_the_list(platform, make_client, batch_logic):
    asynchronous(platform)
    client = make_client()
    start = time.monotonic()
    result = batch_logic.ensure_fleet(client, fleet(40, "Poll"))
    elapsed = time.monotonic() - start
    assert "failed" not in result, result.get("msg")
    assert set(r["outcome"] for r in result["customers"].values()) == {"created"}
    assert set(r["service"]["deployment_state"] for r in result["customers"].values()) == {"Deployed"}
    lists, reads = gets(platform, 0)
    ids = set(r["service"]["id"].lower() for r in result["customers"].values())
    # The run's own list, then the board's: at most one per poll interval, and several (the waits lasted).
    assert 3 <= len(lists) - 1 <= elapsed / POLL + 1
    # Per service: the read after its create and the one of its final record; never one per poll.
    assert set(service_id for service_id, _version in reads) == ids
    assert max(reads.values()) <= 2 and sum(reads.values()) <= 2 * len(ids)
    # Then the removal of all 40: one read each (a synchronous delete would end there), then the lists.
    since = last_seq(platform)
    gone = batch_logic.ensure_fleet(client, fleet(40, "Poll", state="absent"))
    assert set(r["outcome"] for r in gone["customers"].values()) == {"deleted"}
    assert platform.admin("GET", "services") == []
    lists, reads = gets(platform, since)
    assert 2 <= len(lists) and set(version for _id, version in reads) == {"v2"}
    assert sum(reads.values()) <= len(ids) + 2  # +1 for a service already gone at the board's first list


def test_a_list_without_states_still_converges(platform, make_client, batch_logic):
    set_variants(platform, states="missing")
    asynchronous(platform)
    result = batch_logic.ensure_fleet(make_client(), fleet(10, "Nost"))
    assert set(r["outcome"] for r in result["customers"].values()) == {"created"}
    # No state anywhere: nothing to wait on, as with hosted_essentials_service (the warning says so).
    assert set(r["service"]["deployment_state"] for r in result["customers"].values()) == {None}
    assert len(result["warnings"]) == 10 and all("no deployment state" in w for w in result["warnings"])
    lists, reads = gets(platform, 0)
    assert len(lists) == 1 and max(reads.values()) == 1  # the V3 read after the create, and the V2 read it asks
