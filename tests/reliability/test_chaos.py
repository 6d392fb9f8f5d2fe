# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Chaos run and concurrent runs of playbooks/onboard.yml against a faulty simulator.

Property asserted by test_chaos_onboarding (docs/reliability.md):
  * never a duplicate or a leak: after every run, each customer has at most one service, no service exists that is
    not a fleet customer, and no create was sent again after the platform had applied it (no create refused as a
    duplicate, at most one applied create per short name in the whole request log);
  * every customer is in every report, and each row agrees with the platform (same service id and state);
  * customers may fail under the faults (each one alone, with a message); after the chaos run plus at most one
    rerun (faults off), every customer is Deployed exactly once;
  * a further rerun with the faults off reports every customer unchanged and makes no write call.

Sizes: RELIABILITY_CUSTOMERS (16), RELIABILITY_TOKEN_LIFETIME (4 s, longer than the 2.5 s latency spikes), RELIABILITY_ERROR_RATE (0.1),
RELIABILITY_DROP_RATE (0.05), RELIABILITY_DEPLOYMENT_TIME (1 s), RELIABILITY_SEED (random seed, 4242),
RELIABILITY_CONCURRENT_CUSTOMERS (10). `make soak` runs 100 customers with 30 s tokens.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import collections
import re
import socket
import threading
import time

from reliability_helpers import (
    CREATE_PATH, FIGURES, Runner, add_metrics, env_float, env_int, fleet, hosts_of, read_jsonl, read_report, tail,
    write_inventory,
)

CUSTOMERS = env_int("RELIABILITY_CUSTOMERS", 16)
TOKEN_LIFETIME = env_int("RELIABILITY_TOKEN_LIFETIME", 4)
ERROR_RATE = env_float("RELIABILITY_ERROR_RATE", 0.1)
DROP_RATE = env_float("RELIABILITY_DROP_RATE", 0.05)
DEPLOYMENT_TIME = env_float("RELIABILITY_DEPLOYMENT_TIME", 1.0)
SEED = env_int("RELIABILITY_SEED", 4242)
CONCURRENT_CUSTOMERS = env_int("RELIABILITY_CONCURRENT_CUSTOMERS", 10)
# One request stream per customer host, as this test was sized for: the batch (the default) sends fewer requests, too
# few for every kind of fault to hit at its rates.
PER_CUSTOMER = ("-e", "onboarding_strategy=per_customer")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Chaos(threading.Thread):
    """While a run goes on: bursts of 429 (with Retry-After), latency spikes, every token expired every 6 s, and
    one restart of the simulator once half the fleet exists (same port, same --db)."""

    def __init__(self, sim, restart_at=None):
        super(Chaos, self).__init__(daemon=True)
        self.sim = sim
        self.restart_at = restart_at
        self.stop_event = threading.Event()
        self.bursts = 0
        self.spikes = 0
        self.restarts = 0
        self.expiries = 0
        self.restart_seconds = None
        self.metrics_before_restart = {}
        self.errors = []

    def admin(self, method, path, body=None):
        try:
            return self.sim.admin(method, path, body)
        except Exception as exc:  # the simulator may be restarting: skip this round
            self.errors.append(str(exc)[:200])
            return None

    def run(self):
        round_no = 0
        while not self.stop_event.wait(2.0):
            round_no += 1
            if self.restart_at is not None and not self.restarts:
                services = self.admin("GET", "services") or []
                if len(services) >= self.restart_at:
                    self.restart()
                    continue
            if round_no % 3 == 0:
                # Every token issued so far expires (as at a key rollover): with 30 s tokens (soak) a module call
                # rarely outlives its token, this makes sure the renewal path runs.
                if self.admin("POST", "tokens/expire") is not None:
                    self.expiries += 1
            if round_no % 2 == 1:
                # A burst of 429 with Retry-After: half the requests for 1.5 s.
                if self.admin("PATCH", "faults", {"throttle_rate": 0.5, "retry_after": 1}) is not None:
                    self.bursts += 1
                    time.sleep(1.5)
                    self.admin("PATCH", "faults", {"throttle_rate": 0.0})
            else:
                # Latency spikes: the next reads of a service and the next list wait 2 to 3 s.
                spikes = [{"match": {"method": "GET", "path": "/tenantui/api/v3/customer/*"}, "action": "delay",
                           "seconds": 2.5, "times": 2},
                          {"match": {"method": "GET", "path": "/tenantui/api/v2/customer"}, "action": "delay",
                           "seconds": 2.0, "times": 1}]
                if self.admin("PATCH", "faults", {"script": spikes}) is not None:
                    self.spikes += 3

    def restart(self):
        self.metrics_before_restart = self.admin("GET", "metrics") or {}
        began = time.monotonic()
        self.sim.restart()  # SIGTERM, then the same command line: same --port, same --db
        self.restart_seconds = round(time.monotonic() - began, 2)
        self.restarts += 1

    def stop(self):
        self.stop_event.set()
        self.join(30)


def check_consistent(runner, rows, hosts, run_name):
    """Every customer is in the report; every row agrees with the platform; no duplicate, no leak."""
    assert sorted(rows) == hosts, (run_name, sorted(set(hosts) ^ set(rows)))
    services = runner.services()
    names = collections.Counter(svc["shortName"].lower() for svc in services)
    duplicates = dict((name, n) for name, n in names.items() if n > 1)
    leaks = sorted(set(names) - set(hosts))
    assert not duplicates, (run_name, duplicates)
    assert not leaks, (run_name, leaks)
    by_name = dict((svc["shortName"].lower(), svc) for svc in services)
    for host, row in rows.items():
        svc = by_name.get(host)
        if row["outcome"] in ("created", "unchanged"):
            assert svc is not None, (run_name, host, row)
            assert row["service_id"] == svc["id"], (run_name, host, row, svc["id"])
            assert row["deployment_state"] == svc["deploymentState"] == "Deployed", (run_name, host, row)
        else:
            assert row["outcome"] == "failed" and row["status"] == "failed", (run_name, host, row)
            assert row["message"], (run_name, host, row)
            if row["service_id"]:
                assert svc is not None and svc["id"] == row["service_id"], (run_name, host, row)
    return len(duplicates), len(leaks)


def applied_creates(log_entries):
    """Per short name, the creates the platform applied (200, including answers lost to a dropped connection),
    and the creates it refused as duplicates (400)."""
    applied, refused = collections.Counter(), collections.Counter()
    for entry in log_entries:
        if entry["method"] != "POST" or entry["path"] != CREATE_PATH or not isinstance(entry["body"], dict):
            continue
        name = str(entry["body"].get("shortName")).lower()
        if entry["status"] == 200:
            applied[name] += 1
        elif entry["status"] == 400:
            refused[name] += 1
    return applied, refused


def test_chaos_onboarding(live_platform_simulator_factory, collections_path, tmp_path):
    port = free_port()
    log_file = str(tmp_path / "requests.jsonl")
    sim = live_platform_simulator_factory(
        "--port", str(port), "--db", str(tmp_path / "state.db"), "--request-log-file", log_file,
        "--deployment-time", str(DEPLOYMENT_TIME), "--deletion-time", "0.2",
        "--error-rate", str(ERROR_RATE), "--drop-rate", str(DROP_RATE), "--retry-after", "1",
        "--latency-ms", "20", "--latency-jitter-ms", "150", "--token-lifetime", str(TOKEN_LIFETIME),
        "--random-seed", str(SEED))
    runner = Runner(sim, collections_path, tmp_path)
    groups, _passwords = fleet(CUSTOMERS, prefix="chaos")
    hosts = hosts_of(groups)
    inventory = write_inventory(tmp_path / "hosts.yml", groups)
    began = time.monotonic()

    # Run 1: every fault, and one restart once half the fleet exists.
    chaos = first = Chaos(sim, restart_at=max(1, CUSTOMERS // 2))
    chaos.start()
    try:
        status1, output1, report_dir, seconds1 = runner.run("onboard.yml", inventory, *PER_CUSTOMER)
    finally:
        chaos.stop()
    assert sim.url.endswith(":%d" % port)
    assert chaos.restarts == 1, ("the simulator was not restarted during the run", chaos.errors, tail(output1))
    assert status1 in (0, 2), tail(output1)
    report1, rows1 = read_report(report_dir, "onboarding-report")
    assert report1["summary"]["total"] == CUSTOMERS
    check_consistent(runner, rows1, hosts, "chaos run")
    failed1 = sorted(host for host, row in rows1.items() if row["status"] == "failed")
    assert (status1 == 0) == (not failed1), tail(output1)
    runs, reruns_needed = 1, 0

    # The faults go off (the metrics of the chaos run are kept first).
    metrics_end = sim.admin("GET", "metrics")
    sim.admin("PATCH", "faults", {"error_rate": 0.0, "drop_rate": 0.0, "throttle_rate": 0.0, "latency_ms": 0,
                                  "latency_jitter_ms": 0, "script": []})

    # Run 2, only when some customers failed: it must complete them, still without a duplicate.
    if failed1:
        reruns_needed = 1
        status2, output2, report_dir, _seconds = runner.run("onboard.yml", inventory, *PER_CUSTOMER)
        runs += 1
        _report2, rows2 = read_report(report_dir, "onboarding-report")
        check_consistent(runner, rows2, hosts, "recovery run")
        assert status2 == 0, (failed1, tail(output2))
        for host in failed1:
            assert rows2[host]["outcome"] in ("created", "unchanged"), rows2[host]
        for host in set(hosts) - set(failed1):
            assert rows2[host]["outcome"] == "unchanged", rows2[host]

    services = runner.services()
    assert sorted(svc["shortName"].lower() for svc in services) == hosts
    assert set(svc["deploymentState"] for svc in services) == {"Deployed"}

    # Last run, faults off: nothing changes and nothing is written.
    since = runner.last_seq()
    status3, output3, report_dir, _seconds = runner.run("onboard.yml", inventory, *PER_CUSTOMER)
    runs += 1
    assert status3 == 0, tail(output3)
    _report3, rows3 = read_report(report_dir, "onboarding-report")
    check_consistent(runner, rows3, hosts, "rerun without faults")
    assert set(row["outcome"] for row in rows3.values()) == {"unchanged"}, rows3
    assert runner.writes(since) == []

    # The whole request log (JSONL, across the restart): no create sent again after it was applied.
    log_entries = read_jsonl(log_file)
    applied, refused = applied_creates(log_entries)
    assert dict((n, c) for n, c in applied.items() if c > 1) == {}
    assert dict(refused) == {}, "creates refused as duplicates: a create was sent again after it was applied"
    assert sorted(applied) == hosts

    totals = add_metrics(add_metrics({}, first.metrics_before_restart), metrics_end)

    faults = totals.get("faults", {})
    FIGURES["chaos"] = dict(
        customers=CUSTOMERS, runs=runs, reruns_needed=reruns_needed, failed_in_chaos_run=len(failed1),
        chaos_run_failures=dict(collections.Counter(
            re.sub(r"[0-9a-f-]{36}", "<id>", rows1[h]["message"])[:90] for h in failed1)),
        chaos_run_seconds=round(seconds1, 1), total_seconds=round(time.monotonic() - began, 1),
        token_lifetime_s=TOKEN_LIFETIME, error_rate=ERROR_RATE, drop_rate=DROP_RATE,
        restarts=1, restart_seconds=first.restart_seconds,
        bursts_429=first.bursts, latency_spikes=first.spikes, forced_token_expiries=first.expiries,
        faults_injected=faults, status_401_token_expired=totals.get("statuses", {}).get("401", 0),
        api_requests=totals.get("requests", 0), create_posts=sum(
            1 for e in log_entries if e["method"] == "POST" and e["path"] == CREATE_PATH),
        duplicates=0, leaks=0, lost_customers=0, creates_resent_after_apply=0)
    injected = sum(faults.get(name, 0) for name in faults if name != "delayed")
    assert injected > 0 and faults.get("dropped", 0) > 0 and faults.get("throttled", 0) > 0, faults
    assert totals.get("statuses", {}).get("401", 0) > 0, "no token expired during the run: lower the lifetime"


def test_concurrent_runs(live_platform_simulator_factory, collections_path, tmp_path):
    """Two ansible-playbook processes onboard the same fleet at once: no duplicate, and both reports agree with
    the platform (each customer created by exactly one run, found as unchanged by the other)."""
    sim = live_platform_simulator_factory("--deployment-time", "0.5", "--deletion-time", "0.2",
                                          "--latency-ms", "10", "--latency-jitter-ms", "40")
    runner = Runner(sim, collections_path, tmp_path)
    groups, _passwords = fleet(CONCURRENT_CUSTOMERS, prefix="twin")
    hosts = hosts_of(groups)
    inventory = write_inventory(tmp_path / "hosts.yml", groups)
    began = time.monotonic()
    first = runner.start("onboard.yml", inventory)
    second = runner.start("onboard.yml", inventory)
    status_a, output_a = runner.finish(first[0], first[1])
    status_b, output_b = runner.finish(second[0], second[1])
    seconds = time.monotonic() - began
    assert status_a == 0, tail(output_a)
    assert status_b == 0, tail(output_b)
    _report_a, rows_a = read_report(first[2], "onboarding-report")
    _report_b, rows_b = read_report(second[2], "onboarding-report")
    check_consistent(runner, rows_a, hosts, "run A")
    check_consistent(runner, rows_b, hosts, "run B")
    for host in hosts:
        outcomes = sorted([rows_a[host]["outcome"], rows_b[host]["outcome"]])
        assert outcomes == ["created", "unchanged"], (host, rows_a[host], rows_b[host])
    applied, refused = applied_creates(runner.requests())
    assert sorted(applied) == hosts and set(applied.values()) == {1}, applied
    FIGURES["concurrent"] = dict(
        customers=CONCURRENT_CUSTOMERS, runs=2, seconds=round(seconds, 1),
        created_by_a=sum(1 for r in rows_a.values() if r["outcome"] == "created"),
        created_by_b=sum(1 for r in rows_b.values() if r["outcome"] == "created"),
        creates_refused_as_duplicate=sum(refused.values()), duplicates=0, leaks=0)
