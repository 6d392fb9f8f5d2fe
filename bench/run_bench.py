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
response bodies, /_simulator/metrics), load average. Writes OUT/results.json, OUT/results.md and OUT/bench.png.
Every run has a timeout; everything talks only to 127.0.0.1. Run with --help for the options.
"""

from __future__ import absolute_import, division, print_function

import argparse
import datetime
import json
import os
import platform
import resource
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
    services = sim.admin("GET", "services", timeout=120)
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
        log("N={0} {1} {2}: {3} wall {4}s cpu {5}s requests {6} bytes/customer {7}".format(
            count, client, phase, "ok" if problem is None else "FAILED (" + problem + ")", measured["wall_s"],
            measured["cpu_s"], measured["requests"], measured["bytes_per_customer"]))
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
    """The issue's targets, as far as this benchmark's runs allow to say."""
    rows = dict(((r["n"], r["client"]), r) for r in results["runs"])
    out = []

    def get(count, client, phase):
        measured = (rows.get((count, client)) or {}).get(phase) or {}
        return measured if measured.get("ok") else None

    for count in (200, 1000):
        bound = results["bound_s"].get(str(count))
        for client in ("batch", "per_customer"):
            measured = get(count, client, "first")
            if bound is None:
                continue
            text = "first run of N={0} within 1.3x the bound ({1:.0f} s) with {2}".format(count, 1.3 * bound, client)
            out.append(dict(target=text, met=None if measured is None else measured["wall_s"] <= 1.3 * bound,
                            value=None if measured is None else "{0} s = {1}x".format(
                                measured["wall_s"], measured["wall_vs_bound"])))
    for client in ("batch",):
        measured = get(1000, client, "rerun")
        out.append(dict(target="no-op rerun of N=1000 within 10 s with " + client,
                        met=None if measured is None else measured["wall_s"] <= 10,
                        value=None if measured is None else "{0} s".format(measured["wall_s"])))
    measured = get(1000, "day_two", "rerun")
    out.append(dict(target="day-two no-op rerun of N=1000 (two SIP connections each): at most 2 requests per customer",
                    met=None if measured is None else measured["requests_per_customer"] <= 2,
                    value=None if measured is None else "{0} requests/customer, {1} s".format(
                        measured["requests_per_customer"], measured["wall_s"])))
    for client in CLIENTS:
        per = [(r["n"], r[phase]["bytes_per_customer"]) for r in results["runs"] if r["client"] == client
               for phase in ("rerun",) if (r.get(phase) or {}).get("ok")]
        if len(per) >= 2:
            per.sort()
            growth = per[-1][1] / per[0][1]
            out.append(dict(target="no-op rerun traffic linear in N with {0} (bytes per customer N={1}..{2})".format(
                client, per[0][0], per[-1][0]), met=growth <= 1.5,
                value="{0} -> {1} bytes/customer ({2:.2f}x for {3:.0f}x customers)".format(
                    per[0][1], per[-1][1], growth, per[-1][0] / per[0][0])))
    for count in sorted(set(r["n"] for r in results["runs"])):
        for client in ("batch", "per_customer"):
            for phase in PHASES:
                mine, uri = get(count, client, phase), get(count, "uri", phase)
                if mine and uri:
                    speedup = uri["wall_s"] / mine["wall_s"]
                    out.append(dict(target="{0} at least 5x faster than the uri playbook, {1}, N={2}".format(
                        client, "first run" if phase == "first" else "no-op rerun", count), met=speedup >= 5, value="{0:.2f}x".format(speedup)))
    return out


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
             "| N | client | run | wall s | x bound | x threaded | CPU s | x threaded | sim CPU s | requests | "
             "bytes | bytes/customer | uri / this | load 1m | status |",
             "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for count in sorted(set(r["n"] for r in results["runs"])):
        lines.append("| {0} | {1} | first | {2} | 1.00 | | | | | | | | | | |".format(
            count, LABELS["bound"], results["bound_s"][str(count)]))
        for row in sorted((r for r in results["runs"] if r["n"] == count), key=lambda r: CLIENTS.index(r["client"])):
            for phase in PHASES:
                m = row.get(phase) or {}
                if "wall_s" not in m:
                    lines.append("| {0} | {1} | {2} | | | | | | | | | | | | {3} |".format(
                        count, LABELS[row["client"]], phase, m.get("problem", "not run")))
                    continue
                lines.append("| {0} | {1} | {2} | {3} | {4} | {5} | {6} | {7} | {8} | {9} | {10} | {11} | {12} | {13} | {14} |"
                             .format(count, LABELS[row["client"]], phase, m["wall_s"], fmt(m.get("wall_vs_bound")),
                                     fmt(m.get("wall_vs_threaded")), m["cpu_s"], fmt(m.get("cpu_vs_threaded")),
                                     fmt(m.get("simulator_cpu_s")), m["requests"], m["bytes"], m["bytes_per_customer"],
                                     fmt(m.get("uri_speedup")), "{0:.1f}-{1:.1f}".format(m["loadavg_before"][0],
                                                                                         m["loadavg_after"][0]),
                                     "ok" if m["ok"] else m["problem"]))
    for skipped in results.get("skipped", []):
        lines.append("")
        lines.append("Skipped: {0}".format(skipped))
    lines += ["", "## Targets", "", "| target | value | met |", "|---|---|---|"]
    for t in results["targets"]:
        lines.append("| {0} | {1} | {2} |".format(t["target"], fmt(t["value"]),
                                                  "not measured" if t["met"] is None else ("yes" if t["met"] else "NO")))
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
    figure, axes = plt.subplots(1, 3, figsize=(18, 7.5))
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
                      label="1.3 x bound (target)")
        else:
            axis.axhline(10, linestyle=":", color="grey", label="10 s (target for N=1000, batch)")
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
    settings = results["settings"]
    figure.suptitle("Onboarding wall time vs fleet size: simulator deployment {0} s, platform concurrency {1}; "
                    "{2} CPU(s), load average {3} (mean of the last invocation)".format(
                        settings["deployment_time"], settings["max_concurrent"], results["machine"]["nproc"],
                        results["load"].get("mean")))
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


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
    parser.add_argument("--python", default=sys.executable)
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
        report = markdown(results)
        with open(os.path.join(opts.out, "results.md"), "w", encoding="utf-8") as handle:
            handle.write(report)
        plot(results, os.path.join(opts.out, "bench.png"))
        return report

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
    print(save(final=True))
    log("wrote {0}, results.md, bench.png".format(results_path))
    failed = [r for r in runs if not all((r.get(p) or {}).get("ok") for p in PHASES)]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
