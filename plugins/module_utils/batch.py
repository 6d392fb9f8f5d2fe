# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Many services in one run: list once, read the catalogues once, run each with bounded parallelism.

Each service goes through the same customer.ensure as the single-service module, so a batch sends exactly the
requests that one module call per customer would, minus the repeated lists; only its waits differ: they share one
board (watch.DeploymentBoard), which follows every waiting service with one list per poll interval.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import InputError, LivePlatformError
from ansible_collections.audiocodes.live_platform.plugins.module_utils.options import item_options
from ansible_collections.audiocodes.live_platform.plugins.module_utils.customer import ensure
from ansible_collections.audiocodes.live_platform.plugins.module_utils.service import Catalog, Clock
from ansible_collections.audiocodes.live_platform.plugins.module_utils.service_api import ServiceIndex
from ansible_collections.audiocodes.live_platform.plugins.module_utils.watch import DeploymentBoard

# The per-service options a batch item may carry (``item`` in options.SERVICE_OPTIONS: those of
# hosted_essentials_service, less the connection but for channel_id, and less the run options).
ITEM_OPTIONS = item_options()
# Keys an item may carry besides the options: who it is for, and why it could not be composed.
ITEM_KEYS = frozenset(("customer", "invalid"))
# Batch-wide settings every item inherits.
SHARED_OPTIONS = ("state", "wait", "wait_timeout", "poll_interval", "recreate_failed")
# Threads of a run that waits: a service holds its thread from its create until the board sees it final (its
# deployment, then up to a poll interval) but no slot meanwhile, so more threads than slots let the next creates go out.
# To keep a platform that deploys `concurrency` at a time busy, concurrency x (1 + poll interval / deployment time)
# services must be in flight: 70 at the bench's async settings (20 x (1 + 5 s / 2 s)); a platform whose deployments
# take minutes needs little more than `concurrency`. Hence 8 per slot, at least 64 (a sleeping thread costs little),
# at most 512 (each has its own keep-alive session), never fewer than the slots and never more than the items.
THREADS_PER_SLOT, MIN_THREADS, MAX_THREADS = 8, 64, 512


def _item_params(item, params):
    if not isinstance(item, dict):
        raise InputError("services", "every item must be a mapping of hosted_essentials_service options")
    if item.get("invalid"):
        raise LivePlatformError(str(item["invalid"]), field="services[]", outcome="failed")
    unknown = sorted(set(item) - ITEM_OPTIONS - ITEM_KEYS)
    if unknown:
        raise InputError("services[].{0}".format(unknown[0]), "is not an option of a service; known: {0}".format(
            ", ".join(sorted(ITEM_OPTIONS))))
    one = dict((name, params.get(name)) for name in SHARED_OPTIONS)
    one.update((key, value) for key, value in item.items() if key not in ITEM_KEYS and value is not None)
    return one


def _customer(item, index):
    if isinstance(item, dict):
        return str(item.get("customer") or item.get("short_name") or "item {0}".format(index))
    return "item {0}".format(index)


def _told_as(progress, customer):
    """progress as an item's service.ensure tells it, with the item's customer for the name."""
    if progress is None:
        return None
    return lambda _name, event, detail: progress(customer, event, detail)


class _Unbounded(object):
    """The slot of a run that does not wait: its threads are its concurrency, as they always were."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _threads(count, concurrency, waits):
    """The run's threads: as many as its slots when it does not wait; else THREADS_PER_SLOT per slot, within
    [MIN_THREADS, MAX_THREADS], at least the slots, at most the items."""
    if not waits:
        return concurrency
    per_slot = min(MAX_THREADS, max(MIN_THREADS, THREADS_PER_SLOT * concurrency))
    return max(1, min(count, max(concurrency, per_slot)))


def ensure_fleet(client, params, check_mode=False, clock=Clock, progress=None):
    """Run every item of params['services']; one failing item never stops the others.

    progress: None, or a callable(customer, event, detail) told, from the items' threads, when a customer's change
    starts and ends (service.ensure's progress, named by the item's customer).
    concurrency bounds the calls in flight (the deployments in flight too, on a platform whose create lasts the
    deployment). A run that waits (wait: true) runs more threads than that, and its waits share one board, which
    gives a waiting thread's slot back (as the clock given to the items does while they sleep); a run that does not
    wait runs `concurrency` threads and no board.
    """
    if params.get("services") is None:
        # services_var is read by the action plugin on the controller, which gives services instead
        raise InputError("services", "is required, or services_var (read on the controller by the action plugin)")
    items = params["services"]
    customers = [_customer(item, i) for i, item in enumerate(items)]
    if len(set(customers)) != len(customers):
        raise InputError("services", "each item needs a distinct customer (or short_name)")
    # One list (V3, with sites and tenants) tells every item where its service is and how it stands, so a no-op
    # rerun reads no service one by one. A service created meanwhile by another run makes the platform refuse the
    # duplicate, and create_once reports that service: the one list stays race-safe.
    listed = ServiceIndex.fetch(client)
    known_catalog = Catalog(client)

    stopped_by = []  # the first failure that is not a customer's: no item starts after it
    concurrency = max(1, params.get("concurrency") or 1)
    waits = params.get("wait", True) and not check_mode
    board = None
    if waits:
        poll = 5 if params.get("poll_interval") is None else params["poll_interval"]
        board = DeploymentBoard(client, clock, poll, threading.Semaphore(concurrency))
        clock = board.clock

    # The items take their first slot in their order, whatever the threads' timing (as with one thread per slot),
    # so that a fleet-wide failure leaves the last ones not run: each thread takes the next item and its slot under
    # one lock, and goes on to the next item when done. (One task per item, each waiting for its turn, would wake
    # threads for nothing: seconds at 5000 items.)
    turn = threading.Lock()
    upcoming = iter(range(len(items)))
    results, errors = [None] * len(items), {}

    def work():
        while not errors:  # a bug's exception: no item starts after it
            slot = board.slot() if board is not None else _Unbounded()
            with turn:
                index = next(upcoming, None)
                if index is None:
                    return
                slot.__enter__()
            try:
                results[index] = run_item(index)
            except Exception as exc:  # pylint: disable=broad-except
                errors[index] = exc  # raised below, as the first item's of the failed ones
            finally:
                slot.__exit__(None, None, None)

    def run_item(index):
        # checked once the slot is ours: an item that waited for one starts after a fleet-wide failure no more
        if stopped_by:
            # the cause is the fleet result's msg, said once
            return customers[index], dict(failed=True, changed=False, outcome="not_run",
                                          msg="not run: the run stopped at a failure that is not a customer's")
        try:
            result = ensure(client, _item_params(items[index], params), check_mode, clock, known_catalog, listed,
                            progress=_told_as(progress, customers[index]), board=board)
        except LivePlatformError as exc:
            if exc.fleet_wide and not stopped_by:
                stopped_by.append(exc.msg)
            result = dict(exc.to_result(), failed=True)
            result.setdefault("changed", False)
            result.setdefault("outcome", "failed")
        return customers[index], result  # redacted once, whole, by the runner

    threads = _threads(len(items), concurrency, waits)
    with ThreadPoolExecutor(max_workers=threads) as pool:
        for thread in [pool.submit(work) for _thread in range(threads)]:
            thread.result()
    if errors:
        raise errors[min(errors)]
    results = dict(results)
    # Only what differs, as --diff shows: a fleet's unchanged customers would bury the few that change.
    diffs = dict((c, d) for c, d in ((c, r.pop("diff", None)) for c, r in results.items())
                 if d and d["before"] != d["after"])
    failed = sorted(customer for customer, result in results.items() if result.get("failed"))
    warnings = ["{0}: {1}".format(customer, warning) for customer, result in sorted(results.items())
                for warning in result.pop("warnings", [])]
    outcome = dict(
        changed=any(result.get("changed") for result in results.values()),
        customers=results,
        failed_customers=failed,
        diff=dict(before=dict((c, d["before"]) for c, d in diffs.items()),
                  after=dict((c, d["after"]) for c, d in diffs.items())),
        warnings=warnings,
    )
    if failed:
        outcome["failed"] = True
        outcome["msg"] = "{0} of {1} services failed: {2}".format(len(failed), len(items), ", ".join(failed))
    if stopped_by:
        not_run = sum(1 for result in results.values() if result.get("outcome") == "not_run")
        outcome["fleet_wide"] = True
        outcome["msg"] = "the run stopped at a failure that is not a customer's ({0} of {1} customers not run): " \
                         "{2}".format(not_run, len(items), stopped_by[0])
    return outcome
