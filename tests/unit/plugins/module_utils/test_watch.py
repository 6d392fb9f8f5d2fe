# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The batch's deployment board (watch.py): many waiting threads, one list per poll interval, in fake time."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
import threading

import pytest

from ansible_collections.audiocodes.live_platform.plugins.module_utils import service
from ansible_collections.audiocodes.live_platform.plugins.module_utils.client import LivePlatformClient
from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import LivePlatformError, WaitTimeout
from ansible_collections.audiocodes.live_platform.plugins.module_utils.watch import DeploymentBoard
from ansible_collections.audiocodes.live_platform.tests.unit.plugins.module_utils.fake_platform import (
    AUTH, BASE, SECRET, TENANT, FakeClock, FakePlatform, FakeResponse,
)

POLL = 1
# Wall seconds after which a fake clock that cannot move on fails the test instead of hanging it (a thread that
# neither sleeps nor ends, e.g. one blocked on a slot another thread keeps while it sleeps).
STUCK_AFTER = 10


class SteppedClock(object):
    """Fake time shared by a known number of threads: it moves on, to the earliest wake-up, only when every one of
    them sleeps in it (or has left), so that the threads' order in fake time does not depend on the machine."""

    def __init__(self, threads):
        self.now = 0.0
        self._running = threads
        self._wakes = []
        self._cond = threading.Condition()

    def monotonic(self):
        return self.now

    def _advance(self):
        if self._running == 0 and self._wakes and min(self._wakes) > self.now:
            self.now = min(self._wakes)
            self._cond.notify_all()

    def sleep(self, seconds):
        with self._cond:
            wake = self.now + seconds
            self._wakes.append(wake)
            self._running -= 1
            while self.now < wake:
                self._advance()
                if self.now < wake and not self._cond.wait(STUCK_AFTER):
                    raise AssertionError("fake time is stuck: a thread neither sleeps nor ends")
            self._wakes.remove(wake)
            self._running += 1

    def leave(self):
        with self._cond:
            self._running -= 1
            self._advance()


class AsyncPlatform(FakePlatform):
    """The fake platform, asynchronous: a deployment (and, with delete_time, a removal) ends at a time of the clock,
    seen alike by the list and the reads. Variants: services the list does not show (``hidden``), a list without
    site states (``list_states``). Thread-safe: one request at a time."""

    def __init__(self, clock):
        FakePlatform.__init__(self)
        self.clock = clock
        self.reads_until_final = 10 ** 9  # reads do not end a deployment here: time does
        self.deploy_time = 3
        self.delete_time = None  # None: deleted at once, as FakePlatform does
        self.final = {}  # short name -> (final state, errorDetails); default Deployed
        self.done_at = {}  # guid -> (time, state, error)
        self.gone_at = {}  # guid -> time
        self.hidden = set()
        self.list_states = True
        self.reads = []  # (guid, its state then) of every V3 read by id
        self._mutex = threading.Lock()

    def add(self, short_name, state="Deployed", *args, **kwargs):
        guid = FakePlatform.add(self, short_name, state, *args, **kwargs)
        if state == "InProgress":
            final, error = self.final.get(short_name, ("Deployed", None))
            self.done_at[guid] = (self.clock.now + self.deploy_time, final, error)
        return guid

    def request(self, method, url, headers=None, timeout=None, **kwargs):
        with self._mutex:
            self._settle()
            return FakePlatform.request(self, method, url, headers=headers, timeout=timeout, **kwargs)

    def _settle(self):
        for guid, (when, state, error) in self.done_at.items():
            svc = self.services.get(guid)
            if svc is not None and svc["state"] == "InProgress" and self.clock.now >= when:
                svc.update(state=state, error=error)
        for guid, when in list(self.gone_at.items()):
            if self.clock.now >= when:
                self.services.pop(guid, None)
                del self.gone_at[guid]

    def route(self, call):
        method, path = call["method"], call["url"][len(BASE):]
        by_id = re.match(r"^/api/v([23])/customer/([^/?]+)$", path)
        if method == "DELETE" and by_id and self.delete_time is not None and by_id.group(2) in self.services:
            self.gone_at[by_id.group(2)] = self.clock.now + self.delete_time
            return FakeResponse(200, 1)
        response = FakePlatform.route(self, call)
        if method == "GET" and path == "/api/v3/customer" and response.status_code == 200:
            items = [item for item in response.json() if item["UmpCustomerGuid"] not in self.hidden]
            for site in (site for item in items for site in item["SiteLocation"]):
                if not self.list_states:
                    del site["sbcDeploymentState"]
            return FakeResponse(200, items)
        if method == "GET" and by_id and by_id.group(1) == "3" and response.status_code == 200:
            self.reads.append((by_id.group(2), self.services[by_id.group(2)]["state"]))
        return response

    def deploying(self, short_name, done_in=None, final="Deployed", error=None):
        """A service whose deployment runs, and ends in final done_in seconds from now (never when None)."""
        guid = FakePlatform.add(self, short_name, state="InProgress", error=None)
        if done_in is not None:
            self.done_at[guid] = (self.clock.now + done_in, final, error)
        return dict(id=guid, short_name=short_name, deployment_state="InProgress")

    def lists(self):
        return len(self.calls_to("GET", "/api/v3/customer"))

    def reads_of(self, guid, version=3):
        return len(self.calls_to("GET", "/api/v{0}/customer/{1}".format(version, guid)))


def make_client(platform, clock):
    return LivePlatformClient(base_url=BASE, auth_url=AUTH, tenant_id="sp-tenant", client_id="client-1",
                              client_secret=SECRET, retries=3, session=platform, sleep=clock.sleep)


def params(**values):
    return dict(dict(wait=True, wait_timeout=600, poll_interval=POLL), **values)


def in_threads(clock, calls):
    """Run each call in a thread of its own (the clock's participants); their results or exceptions, in order."""
    outcomes = [None] * len(calls)

    def run(i):
        try:
            outcomes[i] = calls[i]()
        except Exception as exc:  # pylint: disable=broad-except
            outcomes[i] = exc
        finally:
            clock.leave()
    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(STUCK_AFTER * 3)
        assert not thread.is_alive(), "a waiting thread did not end"
    for outcome in outcomes:
        if isinstance(outcome, AssertionError):  # the fake clock's, not the code's
            raise outcome
    return outcomes


def test_thirty_waiters_share_one_list_per_poll_interval_and_read_each_service_once_when_final():
    clock = SteppedClock(30)
    platform = AsyncPlatform(clock)
    waiting = [platform.deploying("svc{0}".format(i), done_in=1.5 + i % 7) for i in range(29)]
    waiting.append(platform.deploying("broken", done_in=4, final="Failed", error="SBC 5 unreachable"))
    board = DeploymentBoard(make_client(platform, clock), clock, POLL)
    outcomes = in_threads(clock, [lambda record=record: board.wait_deployed(record, params()) for record in waiting])
    assert [o["deployment_state"] for o in outcomes] == ["Deployed"] * 29 + ["Failed"]
    assert outcomes[-1]["error_details"] == "SBC 5 unreachable"  # from the one read of the final record
    assert platform.lists() <= clock.now / POLL + 1
    # One read by id per service, once the list showed it final; none while it deployed.
    assert sorted(guid for guid, _state in platform.reads) == sorted(record["id"] for record in waiting)
    assert all(state in ("Deployed", "Failed") for _guid, state in platform.reads)


def test_a_failed_deployment_fails_the_service_with_its_error_details():
    clock = SteppedClock(1)
    platform = AsyncPlatform(clock)
    platform.create_state = "InProgress"
    platform.final["Broken1"] = ("Failed", "SBC 5 unreachable")
    client = make_client(platform, clock)
    wanted = params(short_name="Broken1", sbc_id=5, onboarding_script_id=10007, cleanup_script_id=10700,
                    ms_tenant_id=TENANT)
    with pytest.raises(service.DeploymentFailed) as err:
        service.ensure(client, wanted, clock=clock, board=DeploymentBoard(client, clock, POLL))
    assert err.value.msg == "service 'Broken1' deployment failed: SBC 5 unreachable"
    assert err.value.details["changed"] is True


@pytest.mark.parametrize("word", ["InProgress", "Provisioning"])
def test_the_timeout_says_what_a_single_services_wait_says(word):
    clock = SteppedClock(1)
    platform = AsyncPlatform(clock)
    record = platform.deploying("Slow1")
    platform.services[record["id"]]["state"] = word
    board = DeploymentBoard(make_client(platform, clock), clock, POLL)
    with pytest.raises(WaitTimeout) as on_board:
        board.wait_deployed(record, params(wait_timeout=5))
    single = FakePlatform()
    single.reads_until_final = 10 ** 9
    guid = single.add("Slow1", state=word)
    fake = FakeClock()
    with pytest.raises(WaitTimeout) as polled:
        service.wait_for_deployment(make_client(single, fake), dict(record, id=guid), params(wait_timeout=5), fake)
    assert on_board.value.msg == polled.value.msg
    assert "still {0!r} after 5 s".format(word) in on_board.value.msg
    assert platform.lists() <= clock.now / POLL + 1 and not platform.reads


def test_a_list_without_states_falls_back_to_each_services_read():
    clock = SteppedClock(3)
    platform = AsyncPlatform(clock)
    platform.list_states = False
    waiting = [platform.deploying("svc{0}".format(i), done_in=3.5) for i in range(3)]
    board = DeploymentBoard(make_client(platform, clock), clock, POLL)
    outcomes = in_threads(clock, [lambda record=record: board.wait_deployed(record, params()) for record in waiting])
    assert [o["deployment_state"] for o in outcomes] == ["Deployed"] * 3
    for record in waiting:  # read by id at each poll, as without a board
        assert [state for guid, state in platform.reads if guid == record["id"]] == ["InProgress"] * 3 + ["Deployed"]


def test_a_service_the_list_does_not_show_is_read_by_id():
    clock = SteppedClock(2)
    platform = AsyncPlatform(clock)
    shown, other_channel = platform.deploying("shown1", done_in=2.5), platform.deploying("hidden1", done_in=2.5)
    platform.hidden.add(other_channel["id"])
    board = DeploymentBoard(make_client(platform, clock), clock, POLL)
    outcomes = in_threads(clock, [lambda: board.wait_deployed(shown, params()),
                                  lambda: board.wait_deployed(other_channel, params())])
    assert [o["deployment_state"] for o in outcomes] == ["Deployed", "Deployed"]
    assert platform.reads_of(shown["id"]) == 1 and platform.reads_of(other_channel["id"]) == 3


def test_a_service_gone_while_deploying_fails_as_without_a_board():
    clock = SteppedClock(1)
    platform = AsyncPlatform(clock)
    record = platform.deploying("Gone1")
    platform.gone_at[record["id"]] = 1.5
    with pytest.raises(LivePlatformError) as err:
        DeploymentBoard(make_client(platform, clock), clock, POLL).wait_deployed(record, params())
    assert err.value.msg == "service 'Gone1' disappeared while its deployment ran"


def test_deployed_and_unknown_states_are_not_waited_for():
    clock = SteppedClock(1)
    platform = AsyncPlatform(clock)
    board = DeploymentBoard(make_client(platform, clock), clock, POLL)
    for state in ("Deployed", "Failed", None):
        record = dict(id="any", short_name="Done1", deployment_state=state)
        assert board.wait_deployed(record, params()) is record
    assert platform.calls == []


def test_removals_share_the_list_and_read_each_service_once():
    clock = SteppedClock(11)
    platform = AsyncPlatform(clock)
    removed = [dict(id=platform.add("old{0}".format(i)), short_name="old{0}".format(i)) for i in range(10)]
    for i, record in enumerate(removed):
        platform.gone_at[record["id"]] = 2.5 + i % 3
    already = dict(id=platform.add("gone1"), short_name="gone1")
    del platform.services[already["id"]]  # a delete that was synchronous
    board = DeploymentBoard(make_client(platform, clock), clock, POLL)
    outcomes = in_threads(clock, [lambda record=record: board.wait_removed(record, params())
                                  for record in removed + [already]])
    assert outcomes == [None] * 11 and not platform.services
    assert platform.lists() <= clock.now / POLL + 1
    # The read that tells a synchronous delete, then the list only.
    assert [platform.reads_of(record["id"], 2) for record in removed + [already]] == [1] * 11


def test_a_removal_the_list_does_not_show_is_read_by_id():
    clock = SteppedClock(1)
    platform = AsyncPlatform(clock)
    record = dict(id=platform.add("hidden1"), short_name="hidden1")
    platform.hidden.add(record["id"])
    platform.gone_at[record["id"]] = 2.5
    DeploymentBoard(make_client(platform, clock), clock, POLL).wait_removed(record, params())
    assert platform.reads_of(record["id"], 2) == 4  # at once, then at each of the 3 polls


def test_the_removal_timeout_says_what_a_single_services_wait_says():
    clock = SteppedClock(1)
    platform = AsyncPlatform(clock)
    record = dict(id=platform.add("Stuck1"), short_name="Stuck1")
    with pytest.raises(WaitTimeout) as on_board:
        DeploymentBoard(make_client(platform, clock), clock, POLL).wait_removed(record, params(wait_timeout=5))
    fake = FakeClock()
    with pytest.raises(WaitTimeout) as polled:
        service.wait_for_removal(make_client(platform, fake), record, params(wait_timeout=5), fake)
    assert on_board.value.msg == polled.value.msg
    assert on_board.value.msg == "service 'Stuck1' still exists 5 s after its deletion (wait_timeout)"


def test_a_waiting_thread_gives_its_slot_back():
    # One slot for five threads: a waiter that kept it would leave the others blocked, and fake time stuck.
    clock = SteppedClock(5)
    platform = AsyncPlatform(clock)
    board = DeploymentBoard(make_client(platform, clock), clock, POLL, threading.Semaphore(1))
    waiting = [platform.deploying("svc{0}".format(i), done_in=2.5) for i in range(5)]

    def wait(record):
        with board.slot():
            return board.wait_deployed(record, params())
    outcomes = in_threads(clock, [lambda record=record: wait(record) for record in waiting])
    assert [o["deployment_state"] for o in outcomes] == ["Deployed"] * 5
    assert platform.lists() <= clock.now / POLL + 1


def test_the_items_clock_gives_the_slot_back_while_sleeping():
    clock = SteppedClock(2)
    board = DeploymentBoard(None, clock, POLL, threading.Semaphore(1))
    order = []

    def sleeper():
        with board.slot():
            order.append("sleeper holds")
            board.clock.sleep(5)
            order.append("sleeper again")

    def worker():
        clock.sleep(1)  # after the sleeper took the slot
        with board.slot():
            order.append("worker holds")
    assert in_threads(clock, [sleeper, worker]) == [None, None]
    assert order == ["sleeper holds", "worker holds", "sleeper again"]
