# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading
import time

import pytest

from ansible_collections.audiocodes.live_platform.plugins.module_utils import batch
from ansible_collections.audiocodes.live_platform.plugins.module_utils.batch import ensure_fleet
from ansible_collections.audiocodes.live_platform.plugins.module_utils.client import LivePlatformClient
from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import InputError
from ansible_collections.audiocodes.live_platform.tests.unit.plugins.module_utils.fake_platform import (
    AUTH, BASE, PASSWORD, SECRET, FakeClock, FakePlatform,
)

TENANT = "4bf50a33-a383-4d3f-9403-220c898bc1b2"


def item(name, **values):
    return dict(dict(customer=name, short_name=name, sbc="SBC-AMS-01", onboarding_script="sbc-hosted-essentials",
                     ms_tenant_id=TENANT), **values)


def params(items, **values):
    return dict(dict(services=items, state="present", concurrency=4, wait=True, wait_timeout=60, poll_interval=1,
                     recreate_failed=False), **values)


def lists(platform):
    return len(platform.calls_to("GET", "/api/v3/customer"))


def test_lists_and_reads_catalogues_once_and_isolates_failures(client, platform, clock):
    items = [item("cust{0}".format(i)) for i in range(6)] + [item("bad.one"), item("novar", custom_variables={"X": "1"})]
    result = ensure_fleet(client, params(items), clock=clock)
    customers = result["customers"]
    assert [customers["cust{0}".format(i)]["outcome"] for i in range(6)] == ["created"] * 6
    assert customers["bad.one"]["failed"] and "short_name: must not contain a dot" in customers["bad.one"]["msg"]
    assert customers["novar"]["failed"] and "'X' is not a customer variable" in customers["novar"]["msg"]
    assert result["failed"] and result["failed_customers"] == ["bad.one", "novar"]
    assert result["msg"] == "2 of 8 services failed: bad.one, novar"
    assert lists(platform) == 1  # one list for the whole fleet, none per customer
    assert len(platform.calls_to("GET", "/api/v2/sbc")) == 1
    assert len(platform.calls_to("POST", "/api/v2/customer")) == 6


def test_a_rerun_reads_only_the_list_and_changes_nothing(client, platform, clock):
    ensure_fleet(client, params([item("cust1"), item("cust2")]), clock=clock)
    platform.calls[:] = []
    result = ensure_fleet(client, params([item("cust1"), item("cust2")]), clock=clock)
    assert not result["changed"] and "failed" not in result
    assert [r["outcome"] for r in result["customers"].values()] == ["unchanged", "unchanged"]
    assert result["diff"] == dict(before={}, after={})  # --diff shows only what differs
    # The list says both are deployed: no read per service, no create.
    assert lists(platform) == 1 and not platform.calls_to("POST", "/api/v2/customer")
    assert [c["url"] for c in platform.calls if "/api/v3/customer/" in c["url"]] == []


def test_a_listed_service_still_deploying_is_read_by_id_and_waited_for(client, platform, clock):
    guid = platform.add("cust1", state="InProgress")
    result = ensure_fleet(client, params([item("cust1")]), clock=clock)
    assert result["customers"]["cust1"]["outcome"] == "unchanged"
    assert result["customers"]["cust1"]["service"]["deployment_state"] == "Deployed"
    assert platform.calls_to("GET", "/api/v3/customer/" + guid)  # not taken from the list as it is


def test_a_listed_service_that_failed_is_read_by_id_for_its_error(client, platform, clock):
    platform.add("cust1", state="Failed", error="SBC unreachable")
    result = ensure_fleet(client, params([item("cust1")]), clock=clock)
    assert result["customers"]["cust1"]["failed"] and "SBC unreachable" in result["customers"]["cust1"]["msg"]


def test_a_service_created_meanwhile_is_reported_not_duplicated(client, platform, clock):
    def another_run_wins(call):
        platform.add("cust1")  # created by another run after our list
        return platform.route(call)
    platform.faults.append(("POST", "/api/v2/customer", another_run_wins))
    result = ensure_fleet(client, params([item("cust1")]), clock=clock)
    assert result["customers"]["cust1"]["outcome"] == "unchanged"
    assert [s["ShortName"] for s in platform.services.values()] == ["cust1"]


def test_check_mode_secrets_and_absent(client, platform, clock):
    platform.add("gone1")
    check = ensure_fleet(client, params([item("new1", carrier_user_password=PASSWORD)]), check_mode=True, clock=clock)
    assert check["customers"]["new1"]["outcome"] == "would_create" and PASSWORD not in repr(check)
    assert check["diff"]["before"] == {"new1": {"state": "absent"}}
    absent = ensure_fleet(client, params([dict(customer="gone1", short_name="gone1")], state="absent"), clock=clock)
    assert absent["customers"]["gone1"]["outcome"] == "deleted" and not platform.services


@pytest.mark.parametrize("items, field", [
    ([item("a1"), item("a1")], "services"),
    ([dict(item("a1"), sbc_name="x")], "services[].sbc_name"),
])
def test_malformed_batches(client, platform, clock, items, field):
    result = ensure_fleet(client, params(items), clock=clock) if field != "services" else None
    if result is None:
        with pytest.raises(InputError) as err:
            ensure_fleet(client, params(items), clock=clock)
        assert err.value.field == field
    else:
        assert result["customers"]["a1"]["field"] == field


def test_an_invalid_item_fails_alone_without_any_call(client, platform, clock):
    bad = dict(customer="typo", short_name="typo", invalid="typo: live_platform_customer.ful_name: is not a known key")
    result = ensure_fleet(client, params([bad, item("good1")]), clock=clock)
    assert result["customers"]["typo"]["failed"] and result["customers"]["typo"]["msg"] == bad["invalid"]
    assert result["customers"]["good1"]["outcome"] == "created"
    assert result["failed_customers"] == ["typo"]
    assert [c["json"]["shortName"] for c in platform.calls_to("POST", "/api/v2/customer")] == ["good1"]


def test_progress_names_each_changed_customer_from_the_items_threads(client, platform, clock):
    platform.add("same1")
    told = []
    items = [item("new{0}".format(i), customer="customer-{0}".format(i)) for i in range(5)]
    items += [item("same1"), item("bad.one")]
    result = ensure_fleet(client, params(items), clock=clock, progress=lambda *event: told.append(event))
    assert result["failed_customers"] == ["bad.one"]
    by_customer = {}
    for customer, event, detail in told:
        by_customer.setdefault(customer, []).append((event, detail["action"], detail.get("state")))
    # Only the customers that changed, by their customer name; the unchanged and the refused ones tell nothing.
    assert sorted(by_customer) == ["customer-{0}".format(i) for i in range(5)]
    for customer, result_of in ((c, result["customers"][c]) for c in by_customer):
        assert by_customer[customer] == [("started", "create", None), ("ended", "create", "deployed")]
        assert [d["service_id"] for c, e, d in told if c == customer and e == "ended"] == [result_of["service"]["id"]]


def test_without_progress_a_fleet_runs_as_before(client, platform, clock):
    result = ensure_fleet(client, params([item("cust1")]), clock=clock)
    assert result["customers"]["cust1"]["outcome"] == "created"


# --- waits on the board (watch.py) -------------------------------------------------------------------------------
class DeploysOnceAllCreatesAreIn(FakePlatform):
    """An asynchronous platform (the create answers InProgress) that starts deploying only once `expected` creates
    are in: a batch that waited for each service before sending the next create would time out. Thread-safe."""

    def __init__(self, expected):
        FakePlatform.__init__(self)
        self.create_state = "InProgress"
        self.reads_until_final = 10 ** 9  # reads do not end a deployment here
        self.expected = expected
        self.answers = []  # (method, path, deployment states in the answer)
        self._mutex = threading.Lock()

    def request(self, method, url, headers=None, timeout=None, **kwargs):
        with self._mutex:
            if len(self.calls_to("POST", "/api/v2/customer")) >= self.expected:
                for svc in self.services.values():
                    svc["state"] = "Deployed"
            response = FakePlatform.request(self, method, url, headers=headers, timeout=timeout, **kwargs)
            self.answers.append((method, url[len(BASE):], "Deployed" in response.text))
            return response


class SharedClock(FakeClock):
    """FakeClock for many threads: a sleep moves the shared fake time on by its length, then lets the others run."""

    def __init__(self):
        FakeClock.__init__(self)
        self._lock = threading.Lock()

    def sleep(self, seconds):
        with self._lock:
            self.sleeps.append(seconds)
            self.now += seconds
        time.sleep(0.001)


def async_client(platform, clock):
    return LivePlatformClient(base_url=BASE, auth_url=AUTH, tenant_id="sp-tenant", client_id="client-1",
                              client_secret=SECRET, retries=3, session=platform, sleep=clock.sleep)


def test_async_creates_are_not_serialized_behind_the_waits():
    platform, clock = DeploysOnceAllCreatesAreIn(10), SharedClock()
    items = [item("cust{0}".format(i)) for i in range(10)]
    result = ensure_fleet(async_client(platform, clock), params(items, concurrency=2, wait_timeout=600),
                          clock=clock)
    assert "failed" not in result, result.get("msg")
    assert [result["customers"]["cust{0}".format(i)]["outcome"] for i in range(10)] == ["created"] * 10
    assert all(r["service"]["deployment_state"] == "Deployed" for r in result["customers"].values())
    creates = [i for i, (method, path, _deployed) in enumerate(platform.answers)
               if method == "POST" and path == "/api/v2/customer"]
    first_deployed = min(i for i, (method, path, deployed) in enumerate(platform.answers)
                         if method == "GET" and path.startswith("/api/v3/customer") and deployed)
    assert len(creates) == 10 and creates[-1] < first_deployed
    # The waits poll the list, not each service: a read after the create and one of the final record.
    for svc in platform.services.values():
        assert len(platform.calls_to("GET", "/api/v3/customer/" + svc["Id"])) <= 2
    assert lists(platform) <= 1 + clock.now / 1 + 1  # the run's one list, then one per poll interval at most


def test_without_waits_the_board_is_never_used(client, platform, clock, monkeypatch):
    def no_board(*args, **kwargs):
        raise AssertionError("a run without waits made a board")
    monkeypatch.setattr(batch, "DeploymentBoard", no_board)
    platform.create_state = "InProgress"
    result = ensure_fleet(client, params([item("cust{0}".format(i)) for i in range(4)], wait=False), clock=clock)
    assert [r["outcome"] for r in result["customers"].values()] == ["created"] * 4
    assert lists(platform) == 1 and clock.sleeps == []
    assert not [c for c in platform.calls if c["method"] == "GET" and "/api/v3/customer/" in c["url"]]


def test_the_results_keep_the_items_order_whatever_the_threads(client, platform, clock):
    names = ["cust{0:02d}".format(i) for i in range(40)]
    for name in names:
        platform.add(name)
    result = ensure_fleet(client, params([item(name) for name in names], concurrency=8), clock=clock)
    assert list(result["customers"]) == names
    assert [r["outcome"] for r in result["customers"].values()] == ["unchanged"] * 40


def test_a_bug_in_one_item_is_raised_and_no_item_starts_after_it(client, platform, clock, monkeypatch):
    started = []

    def ensure(_client, item_params, *args, **kwargs):
        started.append(item_params["short_name"])
        if item_params["short_name"] == "cust2":
            raise ZeroDivisionError("a bug")
        return dict(changed=False, outcome="unchanged")
    monkeypatch.setattr(batch, "ensure", ensure)
    # One slot and no waits: one thread, so the items run one after the other.
    with pytest.raises(ZeroDivisionError):
        ensure_fleet(client, params([item("cust{0}".format(i)) for i in range(6)], concurrency=1, wait=False),
                     clock=clock)
    assert started == ["cust0", "cust1", "cust2"]
