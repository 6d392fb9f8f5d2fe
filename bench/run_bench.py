# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fleet-scale benchmark of the onboarding (make bench; hack/bench.sh sets it up and calls this).

Starts one simulator on 127.0.0.1 with a deployment time and a platform concurrency limit, generates fleets of N
customers (bench/make_fleet.py, demo fleet model) and measures, each on a freshly reset simulator, a first run and a
no-op rerun of:

  threaded      bench/threaded_client.py: requests + ThreadPoolExecutor(platform concurrency): the reference (c)
  batch         playbooks/onboard.yml -e onboarding_strategy=batch
  per_customer  playbooks/onboard.yml -e onboarding_strategy=per_customer (forks = onboarding_concurrency)
  uri           bench/uri_playbook.yml (ansible.builtin.uri only, one host per customer, same forks)
  day_two       the batch strategy on a fleet whose customers each have a second SIP connection (the day-two
                model: every site added on the first run, every site read on the rerun)

and the bound N x deployment time / platform concurrency. Per run: wall time, CPU time of the client and all its
children (resource.getrusage(RUSAGE_CHILDREN)), the simulator's CPU time, API requests and bytes (request and
response bodies, /_simulator/metrics), load average, and the client's peak memory (peak_rss_mb: the largest sum,
sampled every 0.25 s, of the resident set sizes of the client process and all its descendants, in MiB; forked
Ansible workers count the pages they share with their parent again, so it is an upper bound). Writes
OUT/results.json, OUT/results.md and OUT/bench.png; with --publish (BENCH_PUBLISH=1) also copies them to
docs/benchmarks/<date>-<mode>-n<sizes>-<clients>.{json,md,png}. Every run has a timeout; everything talks only to
127.0.0.1. Run with --help for the options.

Without running anything: --render-targets FILE.json [FILE.json ...] prints the targets table merged from published
results (docs/benchmark.md's table), --render-only FILE.json writes the Markdown report and the plot of a results
JSON again, next to it.
"""

from __future__ import absolute_import, division, print_function

import argparse
import datetime
import json
import os
import platform
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import make_fleet  # noqa: E402  pylint: disable=wrong-import-position
from live_platform_simulator.process import SimulatorProcess  # noqa: E402  pylint: disable=wrong-import-position

CLIENTS = ("threaded", "batch", "per_customer", "uri", "day_two")
PER_HOST_CLIENTS = ("per_customer", "uri")
# day_two: the batch strategy on the same fleet with a second SIP connection per customer (make_fleet sites=2).
SITES = dict(day_two=2)
LABELS = dict(threaded="threaded client (c)", batch="collection, batch", per_customer="collection, per_customer",
              uri="uri playbook (b)", day_two="collection, batch, 2 sites each",
              bound="bound N*T/C")
PHASES = ("first", "rerun")
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
MIB = 1024 * 1024
# The client of "the default path" (what playbooks/onboard.yml does without an onboarding_strategy): the targets of
# issue 16 for N=5000 are its targets.
DEFAULT_CLIENT = "batch"
# The collection strategies held to the bound and to 5x the uri playbook (per_customer has its own targets: no more
# requests than needed on a rerun, and at least as fast as the uri playbook).
FAST_CLIENTS = ("batch",)
RSS_LIMIT_MB = 1024
PUBLISH_DIR = os.path.join(ROOT, "docs", "benchmarks")


def log(msg):
    print("bench: " + msg, flush=True)


# --- machine ---------------------------------------------------------------------------------------------------
def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def loadavg():
    return list(os.getloadavg())


class LoadSampler(threading.Thread):
    """The 1-minute load average every few seconds, for the whole benchmark."""

    def __init__(self, every=5.0):
        super().__init__(daemon=True)
        self.every = every
        self.samples = []
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.is_set():
            self.samples.append(os.getloadavg()[0])
            self.stopped.wait(self.every)

    def summary(self):
        if not self.samples:
            return {}
        return dict(samples=len(self.samples), mean=round(sum(self.samples) / len(self.samples), 2),
                    max=round(max(self.samples), 2), min=round(min(self.samples), 2))


def process_table():
    """{pid: (ppid, session id, resident pages)} of every process /proc shows now (one read of /proc/PID/stat
    each); a process that ends while it is read is left out."""
    table = {}
    try:
        names = os.listdir("/proc")
    except OSError:
        return table
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open("/proc/{0}/stat".format(name), "rb") as handle:
                data = handle.read()
            fields = data.rsplit(b")", 1)[1].split()  # after "(comm)": state ppid pgrp session ... rss (24th field)
            table[int(name)] = (int(fields[1]), int(fields[3]), int(fields[21]))
        except (OSError, IndexError, ValueError):
            continue
    return table


def tree_rss(root):
    """(bytes, processes): the summed resident set size of root and all its descendants (by parent, and, when root
    leads a session as run_measured makes it, every process of that session: orphans that Ansible's workers leave to
    init still count). (0, 0) when root is gone."""
    total, pids = tree_members(root)
    return total, len(pids)


def tree_pss(pids):
    """The summed proportional set size of pids, in bytes: each page shared by n of them counts 1/n in each, so the
    sum is the memory they take together (a forked worker's RSS counts again every page it shares with its parent).
    A process that is gone, or whose smaps_rollup cannot be read (before Linux 4.14), is left out."""
    total = 0
    for pid in pids:
        try:
            with open("/proc/{0}/smaps_rollup".format(pid), "rb") as handle:
                for line in handle:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except (OSError, IndexError, ValueError):
            continue
    return total


def tree_members(root):
    """(summed RSS in bytes, pids) of root and its descendants, as tree_rss counts them; (0, []) when root is gone."""
    table = process_table()
    if root not in table:
        return 0, []
    children = {}
    for pid, (ppid, _session, _rss) in table.items():
        children.setdefault(ppid, []).append(pid)
    tree, todo = set(), [root]
    while todo:
        pid = todo.pop()
        if pid not in tree:
            tree.add(pid)
            todo.extend(children.get(pid, ()))
    if table[root][1] == root:
        tree.update(pid for pid, (_ppid, session, _rss) in table.items() if session == root)
    return sum(table[pid][2] for pid in tree) * PAGE_SIZE, sorted(tree)


class RssSampler(threading.Thread):
    """Every `every` seconds the summed RSS of a process and its descendants (tree_rss); keeps the largest sum."""

    def __init__(self, pid, every=0.25):
        super(RssSampler, self).__init__(daemon=True)
        self.pid = pid
        self.every = every
        self.peak_bytes = 0
        self.peak_processes = 0
        self.peak_pss_bytes = 0
        self.samples = 0
        self.stopped = threading.Event()

    def sample(self):
        try:
            total, pids = tree_members(self.pid)
            pss = tree_pss(pids)
        except Exception:  # pylint: disable=broad-exception-caught  # a measurement never stops the benchmark
            return
        self.samples += 1
        if total > self.peak_bytes:
            self.peak_bytes, self.peak_processes = total, len(pids)
        self.peak_pss_bytes = max(self.peak_pss_bytes, pss)

    def run(self):
        while True:
            self.sample()
            if self.stopped.wait(self.every):
                break

    def stop(self):
        self.stopped.set()
        self.join(10)
        return self

    @property
    def peak_mb(self):
        return round(self.peak_bytes / MIB, 1) if self.samples else None


def machine_info():
    return dict(nproc=os.cpu_count(), cpu_model=cpu_model(), python=platform.python_version(),
                system="{0} {1}".format(platform.system(), platform.release()), loadavg_at_start=loadavg())


# --- simulator -------------------------------------------------------------------------------------------------
class Simulator(SimulatorProcess):
    """The simulator's one launcher (live_platform_simulator.process), plus its CPU time for the measurements."""

    def __init__(self, python, args, log_path):
        super(Simulator, self).__init__(["--host", "127.0.0.1"] + list(args),
                                        workdir=os.path.dirname(os.path.abspath(log_path)))
        self.log_path = str(self.stderr_path)

    def start(self, timeout=60):
        log("simulator: " + " ".join(self.args))
        return super(Simulator, self).start(timeout)

    def cpu_seconds(self):
        try:
            with open("/proc/{0}/stat".format(self.proc.pid), encoding="utf-8") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / CLK_TCK
        except (OSError, IndexError, ValueError):
            return None

    def env(self):
        return self.environment()


# --- one measured run ------------------------------------------------------------------------------------------
def metrics_delta(before, after):
    total = dict((k, after["total"][k] - before["total"].get(k, 0)) for k in after["total"])
    routes = {}
    for route, value in after["routes"].items():
        count = value["requests"] - before["routes"].get(route, {}).get("requests", 0)
        if count:
            routes[route] = count
    return total, routes


def task_times(ansible_log):
    """Seconds from each PLAY/TASK header of an ansible log (ANSIBLE_LOG_PATH, timestamped) to the next one.

    The first entry, "start-up", is from the process start (the log's first line is the first header, so this one
    is measured by the caller) to the first header: interpreter, inventory and playbook loading.
    """
    marks = []
    try:
        with open(ansible_log, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if "| " not in line:
                    continue
                stamp, text = line.split("| ", 1)  # "2026-01-01 10:00:00,123 p=1 u=root n=ansible INFO| TASK [...]"
                text = text.strip()
                if text.startswith(("TASK [", "PLAY [", "PLAY RECAP", "RUNNING HANDLER [")):
                    when = datetime.datetime.strptime(stamp[:23], "%Y-%m-%d %H:%M:%S,%f").timestamp()
                    marks.append((when, text.split(" *", 1)[0]))
    except (OSError, ValueError):
        return []
    return marks


def run_measured(cmd, env, timeout, log_path, sim):
    """Run cmd to its end or its timeout; wall, CPU (children), simulator CPU, load, exit status."""
    ansible_log = os.path.join(os.path.dirname(log_path), "ansible.log")
    if os.path.exists(ansible_log):
        os.remove(ansible_log)
    env = dict(env, ANSIBLE_LOG_PATH=ansible_log)
    started_at = time.time()
    usage0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    sim_cpu0 = sim.cpu_seconds()
    load0 = loadavg()
    started = time.monotonic()
    timed_out = False
    with open(log_path, "wb") as out:
        out.write(("$ " + " ".join(cmd) + "\n").encode())
        out.flush()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
                                cwd=ROOT, start_new_session=True)
        rss = RssSampler(proc.pid)
        rss.start()
        try:
            rc = proc.wait(timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            rc = None
        finally:
            rss.stop()
    wall = time.monotonic() - started
    ended_at = time.time()
    usage1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    sim_cpu1 = sim.cpu_seconds()
    marks = task_times(ansible_log)
    phases = []
    if marks:
        points = [(started_at, "start-up (interpreter, inventory, playbook)")] + marks + [(ended_at, "end")]
        phases = [[name, round(points[i + 1][0] - when, 2)] for i, (when, name) in enumerate(points[:-1])]
    return dict(
        task_times_s=phases,
        wall_s=round(wall, 2),
        cpu_user_s=round(usage1.ru_utime - usage0.ru_utime, 2),
        cpu_sys_s=round(usage1.ru_stime - usage0.ru_stime, 2),
        cpu_s=round(usage1.ru_utime - usage0.ru_utime + usage1.ru_stime - usage0.ru_stime, 2),
        simulator_cpu_s=round(sim_cpu1 - sim_cpu0, 2) if None not in (sim_cpu0, sim_cpu1) else None,
        peak_rss_mb=rss.peak_mb, peak_rss_processes=rss.peak_processes, rss_samples=rss.samples,
        peak_pss_mb=round(rss.peak_pss_bytes / 1048576.0, 1) if rss.peak_pss_bytes else None,
        loadavg_before=load0, loadavg_after=loadavg(), exit_status=rc, timed_out=timed_out,
        timeout_s=timeout, log=os.path.relpath(log_path, ROOT))


def client_command(client, opts, fleet_dir, report_dir):
    if client == "threaded":
        return [opts.python, os.path.join(ROOT, "bench", "threaded_client.py"), "--inventory", fleet_dir,
                "--concurrency", str(opts.max_concurrent), "--poll-interval", str(opts.poll_interval)]
    playbook = ["ansible-playbook", "-i", os.path.join(fleet_dir, "hosts.yml"), "-f", str(opts.max_concurrent)]
    if client == "uri":
        return playbook + ["-e", "lp_poll_interval={0}".format(opts.poll_interval),
                           os.path.join(ROOT, "bench", "uri_playbook.yml")]
    strategy = "batch" if client == "day_two" else client
    return playbook + ["-e", "onboarding_strategy=" + strategy, "-e", "onboarding_concurrency={0}".format(opts.max_concurrent),
                       "-e", "onboarding_poll_interval={0}".format(opts.poll_interval),
                       "-e", "onboarding_report_dir=" + report_dir, os.path.join(ROOT, "playbooks", "onboard.yml")]


def check_outcome(client, phase, count, sim, report_dir):
    """None when the run did what it should (N services deployed, with their sites; the collection's report says
    so), else why not."""
    services = sim.admin("GET", "services", timeout=max(120, count // 10))  # N=5000 with 2 sites: a large answer
    services = services.get("services", services) if isinstance(services, dict) else services
    deployed = sum(1 for s in services if str(s.get("deploymentState", "")).lower() == "deployed")
    if len(services) != count or deployed != count:
        return "{0} services on the platform, {1} deployed; {2} expected".format(len(services), deployed, count)
    sites = sum(len(s.get("sites") or []) for s in services)
    if sites != count * SITES.get(client, 1):
        return "{0} SIP connections on the platform; {1} expected".format(sites, count * SITES.get(client, 1))
    if client in ("batch", "per_customer", "day_two"):
        try:
            with open(os.path.join(report_dir, "onboarding-report.json"), encoding="utf-8") as handle:
                rows = json.load(handle)["customers"]
        except (OSError, ValueError, KeyError) as exc:
            return "no fleet report: {0}".format(exc)
        wanted = "created" if phase == "first" else "unchanged"
        wrong = [r["customer"] for r in rows if r.get("outcome") != wanted or any(
            site.get("outcome") != wanted for site in r.get("sip_connections") or [])]
        if len(rows) != count or wrong:
            return "{0} report rows; not {1}: {2}".format(len(rows), wanted, ", ".join(wrong[:5]))
    return None


def run_timeout(client, count, opts):
    if opts.run_timeout:
        return opts.run_timeout
    bound = count * opts.deployment_time / opts.max_concurrent
    # seconds of controller time per customer, generously (a loaded 2-core machine: see docs/benchmark.md)
    per_host = dict(per_customer=2.0, uri=2.0, batch=1.0, day_two=1.0).get(client, 0.1)
    return int(120 + 3 * bound * SITES.get(client, 1) + per_host * count)


def bench_client(client, count, opts, sim, fleet_dir, env):
    result = dict(client=client, n=count)
    for phase in PHASES:
        if phase == "first":
            sim.admin("POST", "reset")
        run_dir = os.path.join(opts.out, "runs", "{0}-{1}-{2}".format(count, client, phase))
        os.makedirs(run_dir, exist_ok=True)
        before = sim.admin("GET", "metrics")
        log("N={0} {1} {2}: running (timeout {3}s)".format(count, client, phase, run_timeout(client, count, opts)))
        measured = run_measured(client_command(client, opts, fleet_dir, run_dir), env, run_timeout(client, count, opts),
                                os.path.join(run_dir, "output.log"), sim)
        after = sim.admin("GET", "metrics")
        total, routes = metrics_delta(before, after)
        measured.update(requests=total["requests"], request_bytes=total["request_bytes"],
                        response_bytes=total["response_bytes"],
                        bytes=total["request_bytes"] + total["response_bytes"],
                        bytes_per_customer=round((total["request_bytes"] + total["response_bytes"]) / count, 1),
                        requests_per_customer=round(total["requests"] / count, 2), routes=routes,
                        max_concurrent_deployments=after["deployments"]["max_concurrent"])
        problem = None
        if measured["timed_out"]:
            problem = "timed out after {0}s".format(measured["timeout_s"])
        elif measured["exit_status"] != 0:
            problem = "exit status {0}".format(measured["exit_status"])
        problem = problem or check_outcome(client, phase, count, sim, run_dir)
        measured["ok"] = problem is None
        measured["problem"] = problem
        result[phase] = measured
        log("N={0} {1} {2}: {3} wall {4}s cpu {5}s requests {6} bytes/customer {7} peak RSS {8} MiB (PSS {9})".format(
            count, client, phase, "ok" if problem is None else "FAILED (" + problem + ")", measured["wall_s"],
            measured["cpu_s"], measured["requests"], measured["bytes_per_customer"], measured["peak_rss_mb"],
            measured.get("peak_pss_mb")))
        if problem is not None and phase == "first":
            result["rerun"] = dict(ok=False, problem="not run: the first run failed")
            break
    return result


# --- reports ---------------------------------------------------------------------------------------------------
def ratio(value, reference):
    if value is None or not reference:
        return None
    return round(value / reference, 2)


def add_ratios(results):
    by_n = {}
    for row in results["runs"]:
        by_n.setdefault(row["n"], {})[row["client"]] = row
    for count, rows in by_n.items():
        bound = results["bound_s"][str(count)]
        ref = rows.get("threaded")
        for row in rows.values():
            for phase in PHASES:
                measured = row.get(phase) or {}
                if "wall_s" not in measured:
                    continue
                measured["wall_vs_bound"] = ratio(measured["wall_s"], bound) if phase == "first" else None
                if ref and (ref.get(phase) or {}).get("ok"):
                    refm = ref[phase]
                    measured["wall_vs_threaded"] = ratio(measured["wall_s"], refm["wall_s"])
                    measured["cpu_vs_threaded"] = ratio(measured["cpu_s"], refm["cpu_s"])
                    measured["requests_vs_threaded"] = ratio(measured["requests"], refm["requests"])
                    measured["bytes_vs_threaded"] = ratio(measured["bytes"], refm["bytes"])
                uri = rows.get("uri")
                if uri and (uri.get(phase) or {}).get("ok") and row["client"] in ("batch", "per_customer"):
                    measured["uri_speedup"] = ratio(uri[phase]["wall_s"], measured["wall_s"])


def targets(results):
    """The issue's targets, as far as this benchmark's runs allow to say: a list of dict(id, target, value, met,
    mode), met True / False, or None when not measured. id names a target across runs and settings (--render-targets
    merges on it); mode is the simulator mode a target is about ("sync" or "async"), None for any. A target of the
    other mode than this run's is not measured."""
    settings = results["settings"]
    mode = settings.get("mode", "sync")
    rows = dict(((r["n"], r["client"]), r) for r in results["runs"])
    out = []

    def get(count, client, phase):
        measured = (rows.get((count, client)) or {}).get(phase) or {}
        return measured if measured.get("ok") else None

    def bound(count):
        value = results.get("bound_s", {}).get(str(count))
        if value is None:
            value = round(count * settings["deployment_time"] / settings["max_concurrent"], 2)
        return value

    def add(ident, text, met, value, target_mode=None):
        if target_mode is not None and target_mode != mode:
            met, value = None, None
        elif target_mode is None:
            # Measured in this run's mode: one row per mode (an async run lists the services once per poll
            # interval while deployments are waited for, so its traffic and times are not the sync run's).
            ident, text, target_mode = "{0}/{1}".format(ident, mode), "{0} mode: {1}".format(mode, text), mode
        out.append(dict(id=ident, target=text, value=value, met=met, mode=target_mode))

    def within_bound(target_mode, count, client, factor, who):
        limit = factor * bound(count)
        measured = get(count, client, "first")
        add("first-within-bound/{0}/{1}/{2}".format(target_mode, count, client),
            "{0} mode: first run of N={1} within {2}x the bound ({3:.0f} s) with {4}".format(
                target_mode, count, factor, limit, who),
            None if measured is None else measured["wall_s"] <= limit,
            None if measured is None else "{0} s = {1}x".format(measured["wall_s"], ratio(measured["wall_s"],
                                                                                        bound(count))),
            target_mode)

    def rerun_within(count, client, seconds, who):
        measured = get(count, client, "rerun")
        add("rerun-within/{0}/{1}".format(count, client),
            "no-op rerun of N={0} within {1} s with {2}".format(count, seconds, who),
            None if measured is None else measured["wall_s"] <= seconds,
            None if measured is None else "{0} s".format(measured["wall_s"]))

    def flat(client, phase, who):
        per = sorted((r["n"], r[phase]["bytes_per_customer"]) for r in results["runs"]
                     if r["client"] == client and (r.get(phase) or {}).get("ok"))
        what = "first-run" if phase == "first" else "no-op rerun"
        text = "{0} traffic linear in N with {1}: bytes per customer from the smallest to the largest N measured " \
               "grow at most 1.5x".format(what, who)
        if len(per) < 2 or not per[0][1]:
            add("bytes-flat/{0}/{1}".format(client, phase), text, None,
                None if not per else "only N={0} measured".format(per[0][0]))
            return
        growth = per[-1][1] / per[0][1]
        add("bytes-flat/{0}/{1}".format(client, phase), text, growth <= 1.5,
            "N={0}..{1}: {2} -> {3} bytes/customer ({4:.2f}x for {5:.0f}x customers)".format(
                per[0][0], per[-1][0], per[0][1], per[-1][1], growth, per[-1][0] / per[0][0]))

    default = "the default path ({0})".format(DEFAULT_CLIENT)
    # the first run against the bound (the bound is what the platform needs, whatever the client)
    for count in (200, 1000):
        for client in FAST_CLIENTS:
            within_bound("sync", count, client, 1.3, client)
    within_bound("sync", 5000, DEFAULT_CLIENT, 1.2, default)
    within_bound("async", 1000, DEFAULT_CLIENT, 1.3, default)
    # the no-op rerun
    rerun_within(1000, "batch", 10, "batch")
    rerun_within(5000, DEFAULT_CLIENT, 20, default)
    # the controller's memory
    peaks = [(phase, get(5000, DEFAULT_CLIENT, phase)) for phase in PHASES]
    peaks = [(phase, m["peak_rss_mb"], m.get("peak_pss_mb")) for phase, m in peaks
             if m and m.get("peak_rss_mb") is not None]
    add("peak-rss/5000/{0}".format(DEFAULT_CLIENT),
        "controller peak memory at N=5000 with {0} below {1} MiB (summed RSS of the client and all its "
        "processes)".format(default, RSS_LIMIT_MB),
        None if not peaks else all(value < RSS_LIMIT_MB for _phase, value, _pss in peaks),
        None if not peaks else ", ".join("{0} {1} MiB{2}".format(
            "first run" if phase == "first" else "rerun", value,
            " (PSS {0} MiB)".format(pss) if pss else "") for phase, value, pss in peaks))
    # requests
    measured = get(1000, "day_two", "rerun")
    add("rerun-requests/1000/day_two",
        "day-two no-op rerun of N=1000 (two SIP connections each): at most 2 requests per customer",
        None if measured is None else measured["requests_per_customer"] <= 2,
        None if measured is None else "{0} requests/customer, {1} s".format(
            measured["requests_per_customer"], measured["wall_s"]))
    measured = get(200, "per_customer", "rerun")
    add("rerun-requests/200/per_customer", "per_customer no-op rerun of N=200: at most 2 requests per customer",
        None if measured is None else measured["requests_per_customer"] <= 2,
        None if measured is None else "{0} requests/customer, {1} s".format(
            measured["requests_per_customer"], measured["wall_s"]))
    # traffic linear in N
    flat(DEFAULT_CLIENT, "first", default)
    flat(DEFAULT_CLIENT, "rerun", default)
    for client in CLIENTS:
        if client != DEFAULT_CLIENT and sum(1 for r in results["runs"] if r["client"] == client and (
                r.get("rerun") or {}).get("ok")) >= 2:
            flat(client, "rerun", client)
    # against the uri playbook (b)
    for phase in PHASES:
        mine, uri = get(200, "per_customer", phase), get(200, "uri", phase)
        speedup = uri["wall_s"] / mine["wall_s"] if mine and uri else None
        add("vs-uri/1/200/per_customer/{0}".format(phase),
            "per_customer at least as fast as the uri playbook, {0}, N=200 (uri wall / per_customer wall >= 1)".format(
                "first run" if phase == "first" else "no-op rerun"),
            None if speedup is None else speedup >= 1, None if speedup is None else "{0:.2f}x".format(speedup))
    for count in sorted(set(r["n"] for r in results["runs"])):
        for client in FAST_CLIENTS:
            for phase in PHASES:
                mine, uri = get(count, client, phase), get(count, "uri", phase)
                if mine and uri:
                    speedup = uri["wall_s"] / mine["wall_s"]
                    add("vs-uri/5/{0}/{1}/{2}".format(count, client, phase),
                        "{0} at least 5x faster than the uri playbook, {1}, N={2}".format(
                            client, "first run" if phase == "first" else "no-op rerun", count),
                        speedup >= 5, "{0:.2f}x".format(speedup))
    return out


def met_text(met):
    return "not measured" if met is None else ("yes" if met else "NO")


def targets_markdown(rows, sources=False):
    """The targets table; with sources, a column naming the results each row comes from."""
    lines = ["| target | value | met |" + (" source |" if sources else ""),
             "|---|---|---|" + ("---|" if sources else "")]
    for t in rows:
        lines.append("| {0} | {1} | {2} |".format(t["target"], fmt(t["value"]), met_text(t["met"])) +
                     (" {0} |".format(t.get("source") or "") if sources else ""))
    return lines


def load_results(path):
    with open(path, encoding="utf-8") as handle:
        results = json.load(handle)
    add_ratios(results)
    return results


def merge_targets(paths, link_from=None):
    """The targets of several results files (recomputed from their runs with targets()), merged on their id: a
    target measured in any file counts; when two files measure it, the later one wins. The traffic targets (bytes
    per customer flat in N, ids bytes-flat/...) of a file are computed over its runs and those of the earlier files
    made with the same settings (the later file wins for a client and N measured twice), so that N=200, N=1000 and
    N=5000 published apart still make one range. Each row gets a source: the file(s) it comes from, as Markdown
    links relative to the directory link_from when given."""

    def name(path):
        if link_from is None:
            return os.path.basename(path)
        return "[{0}]({1})".format(os.path.basename(path), os.path.relpath(os.path.abspath(path), link_from))

    merged, groups = {}, []
    for path in paths:
        results = load_results(path)
        group = next((g for g in groups if g["settings"] == results["settings"]), None)
        if group is None:
            group = dict(settings=results["settings"], members=[], runs={}, bound_s={})
            groups.append(group)
        group["members"].append((path, results))
        group["runs"].update(((r["n"], r["client"]), r) for r in results["runs"])
        group["bound_s"].update(results.get("bound_s") or {})
        union = dict(settings=group["settings"], runs=list(group["runs"].values()), bound_s=group["bound_s"])
        own = dict((row["id"], row) for row in targets(results))
        rows = []
        for row in targets(union):  # in targets()' order; the file's own rows but for the traffic ones
            if row["id"].startswith("bytes-flat/"):
                client = row["id"].split("/")[1]
                rows.append((row, " + ".join(name(p) for p, res in group["members"]
                                             if any(r["client"] == client for r in res["runs"]))))
            elif row["id"] in own:
                rows.append((own.pop(row["id"]), name(path)))
        rows += [(row, name(path)) for ident, row in own.items() if not ident.startswith("bytes-flat/")]
        for row, source in rows:
            if row["id"] not in merged or row["met"] is not None:
                merged[row["id"]] = dict(row, source=source if row["met"] is not None else None)
    return list(merged.values())


def fmt(value, suffix=""):
    if value is None:
        return "–"
    return "{0}{1}".format(value, suffix)


def markdown(results):
    settings = results["settings"]
    lines = ["# Fleet-scale benchmark", "",
             "Generated by `make bench` (bench/run_bench.py) at {0}.".format(results["finished"]), "",
             "Simulator: `--deployment-time {0} --max-concurrent-deployments {1} --mode {2}`; clients at concurrency "
             "{1} (forks {1}); poll interval {3} s. Bound = N x {0} s / {1}.".format(
                 settings["deployment_time"], settings["max_concurrent"], settings["mode"], settings["poll_interval"]),
             "",
             "Machine: {0} CPU(s), {1}; Python {2}; load average (1 min) during the benchmark: mean {3}, max {4}."
             .format(results["machine"]["nproc"], results["machine"]["cpu_model"], results["machine"]["python"],
                     results["load"].get("mean"), results["load"].get("max")), "",
             "Peak RSS: the largest sum of the resident set sizes of the client and all its processes (Ansible: the "
             "controller, its workers and module processes), sampled every 0.25 s, in MiB; in brackets the peak of "
             "their summed PSS (proportional set size), which counts a page that forked workers share with their "
             "parent once instead of once per process.", "",
             "| N | client | run | wall s | x bound | x threaded | CPU s | x threaded | peak RSS (PSS) MiB | sim CPU s | "
             "requests | bytes | bytes/customer | uri / this | load 1m | status |",
             "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for count in sorted(set(r["n"] for r in results["runs"])):
        lines.append("| {0} | {1} | first | {2} | 1.00 | | | | | | | | | | | |".format(
            count, LABELS["bound"], results["bound_s"][str(count)]))
        for row in sorted((r for r in results["runs"] if r["n"] == count), key=lambda r: CLIENTS.index(r["client"])):
            for phase in PHASES:
                m = row.get(phase) or {}
                if "wall_s" not in m:
                    lines.append("| {0} | {1} | {2} | | | | | | | | | | | | | {3} |".format(
                        count, LABELS[row["client"]], phase, m.get("problem", "not run")))
                    continue
                lines.append("| {0} | {1} | {2} | {3} | {4} | {5} | {6} | {7} | {15} | {8} | {9} | {10} | {11} | "
                             "{12} | {13} | {14} |"
                             .format(count, LABELS[row["client"]], phase, m["wall_s"], fmt(m.get("wall_vs_bound")),
                                     fmt(m.get("wall_vs_threaded")), m["cpu_s"], fmt(m.get("cpu_vs_threaded")),
                                     fmt(m.get("simulator_cpu_s")), m["requests"], m["bytes"], m["bytes_per_customer"],
                                     fmt(m.get("uri_speedup")), "{0:.1f}-{1:.1f}".format(m["loadavg_before"][0],
                                                                                         m["loadavg_after"][0]),
                                     "ok" if m["ok"] else m["problem"], fmt(m.get("peak_rss_mb")) + (
                                         " ({0})".format(m["peak_pss_mb"]) if m.get("peak_pss_mb") else "")))
    for skipped in results.get("skipped", []):
        lines.append("")
        lines.append("Skipped: {0}".format(skipped))
    lines += ["", "## Targets", ""] + targets_markdown(results["targets"])
    lines += ["", "## Requests per route (first run / no-op rerun)", ""]
    for row in sorted(results["runs"], key=lambda r: (r["n"], CLIENTS.index(r["client"]))):
        for phase in PHASES:
            m = row.get(phase) or {}
            if m.get("routes"):
                lines.append("- N={0} {1}, {2}: {3}".format(row["n"], LABELS[row["client"]], phase, ", ".join(
                    "{0} {1}".format(k, v) for k, v in sorted(m["routes"].items()))))
    lines += ["", "## Where the time goes (Ansible runs: seconds from each task header to the next, largest first)", ""]
    for row in sorted(results["runs"], key=lambda r: (r["n"], CLIENTS.index(r["client"]))):
        for phase in PHASES:
            m = row.get(phase) or {}
            if m.get("task_times_s"):
                top = sorted(m["task_times_s"], key=lambda item: -item[1])[:6]
                lines.append("- N={0} {1}, {2}: {3}".format(row["n"], LABELS[row["client"]], phase, "; ".join(
                    "{0} {1}".format(name, seconds) for name, seconds in top)))
    lines.append("")
    return "\n".join(lines)


def plot(results, path):
    import matplotlib  # pylint: disable=import-outside-toplevel
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # pylint: disable=import-outside-toplevel
    from matplotlib.ticker import FixedLocator, NullLocator  # pylint: disable=import-outside-toplevel

    sizes = sorted(set(r["n"] for r in results["runs"]))
    figure, grid = plt.subplots(2, 2, figsize=(16, 15))
    axes = [grid[0][0], grid[0][1], grid[1][0], grid[1][1]]
    styles = dict(threaded=("tab:green", "o"), batch=("tab:blue", "s"), per_customer=("tab:orange", "^"),
                  uri=("tab:red", "v"), day_two=("tab:purple", "D"))

    def n_axis(axis):
        axis.set_xscale("log")
        axis.xaxis.set_major_locator(FixedLocator(sizes))
        axis.xaxis.set_minor_locator(NullLocator())
        axis.set_xticklabels([str(n) for n in sizes])
        axis.set_xlim(sizes[0] / 1.5, sizes[-1] * 1.5)
        axis.set_xlabel("customers (N)")
        axis.grid(True, which="both", alpha=0.3)

    for axis, phase, title in ((axes[0], "first", "First onboarding run"), (axes[1], "rerun", "No-op rerun")):
        if phase == "first":
            axis.plot(sizes, [results["bound_s"][str(n)] for n in sizes], "k--", label=LABELS["bound"])
            axis.plot(sizes, [1.3 * results["bound_s"][str(n)] for n in sizes], ":", color="grey",
                      label="1.3 x bound (target, N=200 and 1000)")
            axis.plot(sizes, [1.2 * results["bound_s"][str(n)] for n in sizes], "-.", color="grey",
                      label="1.2 x bound (target, N=5000, sync)")
        else:
            axis.axhline(10, linestyle=":", color="grey", label="10 s (target for N=1000, batch)")
            axis.axhline(20, linestyle="-.", color="grey", label="20 s (target for N=5000, default path)")
        for position, client in enumerate(CLIENTS):
            points = sorted((r["n"], r[phase]["wall_s"]) for r in results["runs"]
                            if r["client"] == client and (r.get(phase) or {}).get("ok"))
            if points:
                color, marker = styles[client]
                axis.plot([p[0] for p in points], [p[1] for p in points], marker=marker, color=color,
                          label=LABELS[client])
                for x, y in points:
                    axis.annotate("{0:.1f}".format(y), (x, y), textcoords="offset points", fontsize=8, color=color,
                                  xytext=(6, -12 + 7 * position))
        axis.set_title(title)
        axis.set_ylabel("wall time (s, log scale)")
        axis.set_yscale("log")
        n_axis(axis)
        axis.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2)
    axis = axes[2]
    for client in CLIENTS:
        for phase, line in (("first", "-"), ("rerun", "--")):
            points = sorted((r["n"], r[phase]["bytes_per_customer"]) for r in results["runs"]
                            if r["client"] == client and (r.get(phase) or {}).get("ok"))
            if points:
                color, marker = styles[client]
                axis.plot([p[0] for p in points], [p[1] for p in points], line, marker=marker, color=color,
                          label="{0}, {1}".format(LABELS[client], "first run" if phase == "first" else "no-op rerun"),
                          markersize=9 if client == "threaded" else 6)
    axis.set_title("API bytes per customer (flat = traffic linear in N)\n"
                   "threaded, batch and uri send the same requests: their lines overlap", fontsize=10)
    axis.set_ylabel("request + response body bytes per customer")
    axis.set_ylim(bottom=0)
    n_axis(axis)
    axis.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2)
    axis = axes[3]
    axis.axhline(RSS_LIMIT_MB, linestyle=":", color="grey", label="{0} MiB (target for N=5000)".format(RSS_LIMIT_MB))
    for client in CLIENTS:
        for phase, line in (("first", "-"), ("rerun", "--")):
            points = sorted((r["n"], r[phase]["peak_rss_mb"]) for r in results["runs"] if r["client"] == client and (
                r.get(phase) or {}).get("ok") and r[phase].get("peak_rss_mb") is not None)
            if points:
                color, marker = styles[client]
                axis.plot([p[0] for p in points], [p[1] for p in points], line, marker=marker, color=color,
                          label="{0}, {1}".format(LABELS[client], "first run" if phase == "first" else "no-op rerun"))
                for x, y in points:
                    axis.annotate("{0:.0f}".format(y), (x, y), textcoords="offset points", fontsize=8, color=color,
                                  xytext=(6, -12 if phase == "first" else 4))
    axis.set_title("Client's peak memory: summed RSS of the client and all its processes\n"
                   "(forked Ansible workers count the pages they share with the controller again)", fontsize=10)
    axis.set_ylabel("peak RSS (MiB)")
    axis.set_ylim(bottom=0)
    n_axis(axis)
    axis.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2)
    settings = results["settings"]
    figure.suptitle("Onboarding vs fleet size: simulator {4} mode, deployment {0} s, platform concurrency {1}; "
                    "{2} CPU(s), load average {3} (mean of the last invocation)".format(
                        settings["deployment_time"], settings["max_concurrent"], results["machine"]["nproc"],
                        results["load"].get("mean"), settings.get("mode", "sync")))
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


# --- published results (docs/benchmarks/) ----------------------------------------------------------------------
def report_paths(json_path):
    """(Markdown, plot) next to a results JSON: results.md and bench.png beside results.json, else NAME.md and
    NAME.png beside NAME.json."""
    directory, base = os.path.split(os.path.abspath(json_path))
    if base == "results.json":
        return os.path.join(directory, "results.md"), os.path.join(directory, "bench.png")
    stem = base[:-len(".json")] if base.endswith(".json") else base
    return os.path.join(directory, stem + ".md"), os.path.join(directory, stem + ".png")


def write_reports(results, json_path):
    """The Markdown report and the plot of results, next to json_path; a plot that fails is reported, not fatal
    (--render-only draws it again). Returns the Markdown."""
    md_path, png_path = report_paths(json_path)
    report = markdown(results)
    with open(md_path, "w", encoding="utf-8") as handle:
        handle.write(report)
    try:
        plot(results, png_path)
    except Exception as exc:  # pylint: disable=broad-exception-caught  # the measurements are saved already
        log("the plot failed ({0}: {1}); draw it again with: bench/run_bench.py --render-only {2}".format(
            type(exc).__name__, exc, json_path))
    return report


def publish_name(results):
    """<YYYY-MM-DD>-<mode>-n<sizes>-<clients>: the date the results were finished (UTC), the simulator mode, the
    sizes measured (ascending) and the clients measured (in CLIENTS' order), each joined by _."""
    date = str(results.get("finished") or datetime.date.today().isoformat())[:10]
    sizes = sorted(set(r["n"] for r in results["runs"]))
    clients = [c for c in CLIENTS if any(r["client"] == c for r in results["runs"])]
    return "{0}-{1}-n{2}-{3}".format(date, results["settings"].get("mode", "sync"), "_".join(str(n) for n in sizes),
                                     "_".join(clients))


def publish(results, out, directory=PUBLISH_DIR):
    """Copy OUT/results.json, results.md and bench.png to DIRECTORY/<publish_name>.{json,md,png}; returns the
    paths written (a missing plot is left out, and said)."""
    os.makedirs(directory, exist_ok=True)
    name = publish_name(results)
    written = []
    for source, ext in (("results.json", "json"), ("results.md", "md"), ("bench.png", "png")):
        source = os.path.join(out, source)
        if not os.path.exists(source):
            log("publish: no {0} (bench/run_bench.py --render-only {1} draws it from the JSON)".format(
                source, os.path.join(directory, name + ".json")))
            continue
        target = os.path.join(directory, "{0}.{1}".format(name, ext))
        shutil.copyfile(source, target)
        written.append(target)
    return written


# --- main ------------------------------------------------------------------------------------------------------
def parse_args(argv):
    env = os.environ.get
    parser = argparse.ArgumentParser(description="Fleet-scale benchmark (make bench)")
    parser.add_argument("--sizes", default=env("BENCH_SIZES", "200"), help="comma-separated N (BENCH_SIZES)")
    parser.add_argument("--clients", default=env("BENCH_CLIENTS", ",".join(CLIENTS)),
                        help="comma-separated subset of " + ",".join(CLIENTS) + " (BENCH_CLIENTS)")
    parser.add_argument("--deployment-time", type=float, default=float(env("BENCH_DEPLOYMENT_TIME", "2")))
    parser.add_argument("--max-concurrent", type=int, default=int(env("BENCH_MAX_CONCURRENT", "20")),
                        help="the platform's --max-concurrent-deployments, the clients' concurrency and forks")
    parser.add_argument("--mode", choices=("sync", "async"), default=env("BENCH_MODE", "sync"))
    parser.add_argument("--poll-interval", type=float, default=float(env("BENCH_POLL_INTERVAL", "1")))
    parser.add_argument("--per-host-max-n", type=int, default=int(env("BENCH_PER_HOST_MAX_N", "1000")),
                        help="skip per_customer and uri above this N (BENCH_PER_HOST_MAX_N)")
    parser.add_argument("--run-timeout", type=int, default=int(env("BENCH_RUN_TIMEOUT", "0")),
                        help="seconds per run; 0 = 120 + 3 x bound + per-customer allowance")
    parser.add_argument("--out", default=env("BENCH_OUT", os.path.join(ROOT, "build", "bench")))
    parser.add_argument("--merge", action="store_true", default=env("BENCH_MERGE", "") not in ("", "0"),
                        help="keep the runs of OUT/results.json made with the same settings, replace those re-run")
    parser.add_argument("--publish", action="store_true", default=env("BENCH_PUBLISH", "") not in ("", "0"),
                        help="after the run, copy results.json, results.md and bench.png to docs/benchmarks/"
                             "<date>-<mode>-n<sizes>-<clients>.{json,md,png} (BENCH_PUBLISH=1)")
    parser.add_argument("--python", default=sys.executable)
    other = parser.add_mutually_exclusive_group()
    other.add_argument("--render-targets", nargs="+", metavar="FILE.json",
                       help="run nothing: print the targets table merged from these results files (a target measured "
                            "in any file counts; the later file wins), with links relative to docs/")
    other.add_argument("--render-only", metavar="FILE.json",
                       help="run nothing: write the Markdown report and the plot of this results file again, next to "
                            "it (results.md and bench.png for results.json, else NAME.md and NAME.png)")
    opts = parser.parse_args(argv)
    opts.sizes = [int(n) for n in opts.sizes.split(",") if n.strip()]
    opts.clients = [c.strip() for c in opts.clients.split(",") if c.strip()]
    unknown = set(opts.clients) - set(CLIENTS)
    if unknown or not opts.sizes or min(opts.sizes) < 1 or opts.max_concurrent < 1:
        parser.error("bad --sizes or --clients (unknown: {0})".format(", ".join(sorted(unknown))))
    opts.out = os.path.abspath(opts.out)
    return opts


def main(argv=None):
    opts = parse_args(argv)
    if opts.render_targets:
        print("\n".join(targets_markdown(merge_targets(opts.render_targets, link_from=os.path.join(ROOT, "docs")),
                                         sources=True)))
        return 0
    if opts.render_only:
        with open(opts.render_only, encoding="utf-8") as handle:
            results = json.load(handle)
        if "targets" not in results:
            add_ratios(results)
            results["targets"] = targets(results)
        write_reports(results, opts.render_only)
        log("wrote {0} and {1}".format(*report_paths(opts.render_only)))
        return 0
    os.makedirs(opts.out, exist_ok=True)
    settings = dict(deployment_time=opts.deployment_time, max_concurrent=opts.max_concurrent, mode=opts.mode,
                    poll_interval=opts.poll_interval)
    results_path = os.path.join(opts.out, "results.json")
    previous = []
    if opts.merge and os.path.exists(results_path):
        with open(results_path, encoding="utf-8") as handle:
            old = json.load(handle)
        if old.get("settings") == settings:
            previous = old["runs"]
        else:
            log("--merge: {0} was made with other settings; starting afresh".format(results_path))
    machine = machine_info()
    log("machine: {0} CPU(s), {1}, load {2}".format(machine["nproc"], machine["cpu_model"], machine["loadavg_at_start"]))
    sim = Simulator(opts.python, ["--deployment-time", str(opts.deployment_time), "--max-concurrent-deployments",
                                  str(opts.max_concurrent), "--mode", opts.mode],
                    os.path.join(opts.out, "simulator.log")).start()
    env = dict(os.environ, **sim.env())
    # Ansible's default output (task banners at task start: ANSIBLE_LOG_PATH timestamps them for task_times).
    env.update(ANSIBLE_FORCE_COLOR="0", ANSIBLE_NOCOLOR="1", ANSIBLE_RETRY_FILES_ENABLED="false",
               NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost")
    env.pop("LIVE_PLATFORM_ACCESS_TOKEN", None)
    sampler = LoadSampler()
    sampler.start()
    runs, skipped = [], []
    started = datetime.datetime.now(datetime.timezone.utc)

    def save(final):
        """results.json after every client (a long benchmark cut short keeps what it measured), all reports at the end."""
        fresh = set((r["n"], r["client"]) for r in runs)
        merged = [r for r in previous if (r["n"], r["client"]) not in fresh] + runs
        sizes = sorted(set(r["n"] for r in merged))
        results = dict(settings=settings, machine=machine, started=started.isoformat(timespec="seconds"),
                       finished=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                       complete=final, load=sampler.summary(), skipped=skipped, runs=merged,
                       bound_s=dict((str(n), round(n * opts.deployment_time / opts.max_concurrent, 2)) for n in sizes))
        add_ratios(results)
        results["targets"] = targets(results)
        with open(results_path, "w", encoding="utf-8") as handle:
            json.dump(results, handle, indent=2)
            handle.write("\n")
        if not final:
            return None
        return results, write_reports(results, results_path)

    try:
        for count in opts.sizes:
            fleet_dir = os.path.join(opts.out, "fleets", str(count))
            make_fleet.make_fleet(count, fleet_dir)
            for client in opts.clients:
                fleet = fleet_dir
                if client in SITES:
                    fleet = os.path.join(opts.out, "fleets", "{0}-{1}-sites".format(count, SITES[client]))
                    make_fleet.make_fleet(count, fleet, SITES[client])
                if client in PER_HOST_CLIENTS and count > opts.per_host_max_n:
                    skipped.append("{0} at N={1} (above BENCH_PER_HOST_MAX_N={2})".format(client, count,
                                                                                          opts.per_host_max_n))
                    continue
                runs.append(bench_client(client, count, opts, sim, fleet, env))
                save(final=False)
    finally:
        sampler.stopped.set()
        sim.stop()
    results, report = save(final=True)
    print(report)
    log("wrote {0}, results.md, bench.png".format(results_path))
    if opts.publish:
        for path in publish(results, opts.out):
            log("published " + os.path.relpath(path, ROOT))
    failed = [r for r in runs if not all((r.get(p) or {}).get("ok") for p in PHASES)]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
