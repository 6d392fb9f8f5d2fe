# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The waits of one batch run on one board: the deployment states of all its services from one list per poll
interval, instead of one read per service and poll, and no worker slot held while a thread waits.

A batch runs its services in more threads than its ``concurrency``, and bounds the calls in flight with a semaphore
of ``concurrency`` slots: a worker holds a slot while it sends requests (``slot``) and the board gives it back while
the worker waits (``released``). On an asynchronous platform (the create answers InProgress) the creates then go out
at the platform's pace and the waits overlap; on a synchronous one, whose create itself lasts the deployment, the
slots still bound the deployments in flight.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading
from contextlib import contextmanager

from ansible_collections.audiocodes.live_platform.plugins.module_utils import service_api
from ansible_collections.audiocodes.live_platform.plugins.module_utils.records import FINAL_STATES
from ansible_collections.audiocodes.live_platform.plugins.module_utils.service import (
    Clock, deployment_timeout, disappeared, removal_timeout,
)
from ansible_collections.audiocodes.live_platform.plugins.module_utils.service_api import read_service


def _key(service_id):
    return str(service_id).lower()


class DeploymentBoard(object):
    """Shared by the threads of one batch run: wait_deployed and wait_removed block the calling thread, and all the
    waiters together send at most one ``GET /api/v3/customer?allDetails=true`` per poll interval.

    client: the run's client; clock: service.Clock or a fake one (every sleep of the board goes through it);
    poll_interval: seconds between two lists; slots: None, or the run's semaphore of ``concurrency`` slots.
    """

    def __init__(self, client, clock=Clock, poll_interval=5, slots=None):
        self._client = client
        self._clock = clock
        self._poll = poll_interval
        self._slots = slots
        self._local = threading.local()  # whether this thread holds a slot
        self._lock = threading.Lock()  # held while one waiter lists for all
        self._taken = None  # monotonic time at which the newest list was asked for
        self._listed = {}  # that list's services by id (lowercase)
        self.clock = _ReleasingClock(self, clock)

    # --- slots ------------------------------------------------------------------------------------------------
    @contextmanager
    def slot(self):
        """Hold one of the run's slots while sending requests (nothing when this thread holds one already)."""
        if self._slots is None or getattr(self._local, "held", False):
            yield
            return
        self._slots.acquire()
        self._local.held = True
        try:
            yield
        finally:
            self._local.held = False
            self._slots.release()

    @contextmanager
    def released(self):
        """Give this thread's slot back while it waits, and take one again after (when it held one)."""
        held = self._slots is not None and getattr(self._local, "held", False)
        if held:
            self._local.held = False
            self._slots.release()
        try:
            yield
        finally:
            if held:
                self._slots.acquire()
                self._local.held = True

    # --- the shared list ----------------------------------------------------------------------------------------
    def _sleep_until(self, moment):
        remaining = moment - self._clock.monotonic()
        if remaining > 0:
            self._clock.sleep(remaining)

    def _next_list(self, seen):
        """(when it was asked for, services by id) of a list asked for after ``seen``, one poll interval after it.

        The first waiter due lists, under the lock; the others, due as well, use that list. A new list is asked for
        only when the newest is not newer than what its waiter saw, and a poll interval after that: so the lists of
        all waiters together are at least a poll interval apart.
        """
        self._sleep_until(seen + self._poll)
        with self._lock:
            if self._taken is None or self._taken <= seen:
                taken = self._clock.monotonic()
                with self.slot():
                    services = service_api.list_services(self._client)
                self._taken = taken
                self._listed = dict((_key(s["id"]), s) for s in services if s.get("id"))
            return self._taken, self._listed

    def _read(self, service):
        with self.slot():
            return read_service(self._client, service["id"])

    # --- waits ------------------------------------------------------------------------------------------------
    def wait_deployed(self, service, params):
        """The service once its deployment is final (its full record, read once), as service.wait_for_deployment
        returns it; the same WaitTimeout after wait_timeout.

        The list's state is the deployment state. A listed service without a state (a list without site states), or
        one the list does not show (another channel, a list that lags), is read by id at each poll instead.
        """
        if service.get("deployment_state") in FINAL_STATES + (None,):
            return service
        deadline = self._clock.monotonic() + params.get("wait_timeout", 600)
        seen = self._clock.monotonic()  # the caller's record is as of now
        with self.released():
            while True:
                if self._clock.monotonic() >= deadline:
                    raise deployment_timeout(service, params)
                seen, listed = self._next_list(seen)
                state = (listed.get(_key(service["id"])) or {}).get("deployment_state")
                if state is None or state in FINAL_STATES:
                    # final: its full record (errorDetails, progress); no state in the list: its own read tells
                    fresh = self._read(service)
                    if fresh is None:
                        raise disappeared(service)
                    if fresh.get("deployment_state") is None and state is not None:
                        fresh = dict(fresh, deployment_state=state)  # the read carries no state: the list's
                    service = fresh
                    if service.get("deployment_state") in FINAL_STATES + (None,):
                        return service
                else:
                    service = dict(service, deployment_state=state)  # the word the timeout names

    def wait_removed(self, service, params):
        """Return once the service is gone; the same WaitTimeout as service.wait_for_removal after wait_timeout.

        A synchronous delete is over at once: one read by id tells. Then the service is gone when a list no longer
        shows it, after one had; a service no list showed (another channel) is read by id at each poll instead.
        """
        deadline = self._clock.monotonic() + params.get("wait_timeout", 600)
        seen = self._clock.monotonic()
        with self.slot():
            if not service_api.service_exists(self._client, service["id"]):
                return
        listed_once = False
        with self.released():
            while True:
                if self._clock.monotonic() >= deadline:
                    raise removal_timeout(service, params)
                seen, listed = self._next_list(seen)
                if _key(service["id"]) in listed:
                    listed_once = True
                    continue
                if listed_once:
                    return
                with self.slot():
                    if not service_api.service_exists(self._client, service["id"]):
                        return


class _ReleasingClock(object):
    """The run's clock for the other waits of a worker (a task, a SIP connection): the slot is given back while the
    worker sleeps."""

    def __init__(self, board, clock):
        self._board = board
        self._clock = clock

    def monotonic(self):
        return self._clock.monotonic()

    def sleep(self, seconds):
        with self._board.released():
            self._clock.sleep(seconds)
