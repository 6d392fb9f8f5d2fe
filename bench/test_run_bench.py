# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tests of bench/run_bench.py that run no benchmark: targets(), publishing, --render-targets, --render-only and the
RSS sampler. Plain pytest, outside tests/ (ansible-test would collect it there):

    .venv/bin/python -m pytest bench/test_run_bench.py -q
"""

from __future__ import absolute_import, division, print_function

import json
import os
import subprocess
import sys
import time

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_bench  # noqa: E402  pylint: disable=wrong-import-position


# --- synthetic results -----------------------------------------------------------------------------------------
def measured(count, wall, requests=None, bytes_per_customer=1000.0, rss=300.0, ok=True):
    requests = count + 4 if requests is None else requests
    return dict(ok=ok, problem=None if ok else "exit status 2", wall_s=wall, cpu_s=1.0, requests=requests,
                requests_per_customer=round(requests / count, 2), bytes=int(bytes_per_customer * count),
                bytes_per_customer=bytes_per_customer, peak_rss_mb=rss, peak_rss_processes=3, rss_samples=10,
                loadavg_before=[0.5, 0.5, 0.5], loadavg_after=[0.6, 0.5, 0.5], simulator_cpu_s=1.0,
                routes={"GET /api/v2/customer": 1}, task_times_s=[["start-up", 1.0]])


def run(count, client, first, rerun):
    return dict(n=count, client=client, first=first, rerun=rerun)


def results(mode, runs, finished="2026-12-02T10:00:00+00:00"):
    settings = dict(deployment_time=2.0, max_concurrent=20, mode=mode, poll_interval=1.0)
    out = dict(settings=settings, runs=runs, finished=finished, started=finished, complete=True, skipped=[],
               machine=dict(nproc=2, cpu_model="test CPU", python="3.11", system="Linux", loadavg_at_start=[0, 0, 0]),
               load=dict(mean=0.5, max=0.7),
               bound_s=dict((str(n), round(n * 2.0 / 20, 2)) for n in set(r["n"] for r in runs)))
    run_bench.add_ratios(out)
    out["targets"] = run_bench.targets(out)
    return out


def good_runs():
    """Every target met (bound: N x 0.1 s)."""
    return [
        run(200, "threaded", measured(200, 20.5, bytes_per_customer=1595.0),
            measured(200, 0.8, bytes_per_customer=805.5)),
        run(200, "batch", measured(200, 24.0, bytes_per_customer=1595.0),
            measured(200, 3.0, requests=4, bytes_per_customer=415.0)),
        run(200, "per_customer", measured(200, 60.0, bytes_per_customer=1595.0),
            measured(200, 20.0, requests=204, bytes_per_customer=900.0)),
        run(200, "uri", measured(200, 150.0, bytes_per_customer=1595.0),
            measured(200, 86.0, bytes_per_customer=805.5)),
        run(1000, "batch", measured(1000, 110.0, bytes_per_customer=1586.0),
            measured(1000, 9.0, requests=4, bytes_per_customer=405.0)),
        run(1000, "day_two", measured(1000, 290.0, requests=8006), measured(1000, 17.0, requests=1004)),
        run(5000, "batch", measured(5000, 550.0, bytes_per_customer=1580.0, rss=700.0),
            measured(5000, 15.0, requests=4, bytes_per_customer=401.0, rss=500.0)),
    ]


def by_id(rows):
    return dict((row["id"], row) for row in rows)


# --- targets() -------------------------------------------------------------------------------------------------
def test_default_client_is_one_constant():
    assert run_bench.DEFAULT_CLIENT == "batch"
    ids = set(by_id(run_bench.targets(results("sync", []))))
    assert "first-within-bound/sync/5000/batch" in ids and "peak-rss/5000/batch/sync" in ids


def test_sync_every_target_met():
    rows = by_id(results("sync", good_runs())["targets"])
    for ident, row in rows.items():
        assert set(row) >= {"id", "target", "value", "met", "mode"}
        if row["mode"] == "async":
            assert row["met"] is None and row["value"] is None, ident  # the other mode: not measured, never met
        else:
            assert row["met"] is True, (ident, row)
    assert rows["first-within-bound/sync/5000/batch"]["value"] == "550.0 s = 1.1x"
    assert "600 s" in rows["first-within-bound/sync/5000/batch"]["target"]
    assert rows["peak-rss/5000/batch/sync"]["value"] == "first run 700.0 MiB, rerun 500.0 MiB"
    assert rows["rerun-within/5000/batch/sync"]["value"] == "15.0 s"
    assert rows["rerun-requests/200/per_customer/sync"]["value"].startswith("1.02 requests/customer")
    assert rows["vs-uri/1/200/per_customer/first/sync"]["value"] == "2.50x"
    assert rows["vs-uri/1/200/per_customer/rerun/sync"]["value"] == "4.30x"
    assert rows["bytes-flat/batch/rerun/sync"]["value"].startswith("N=200..5000: 415.0 -> 401.0")
    assert rows["vs-uri/5/200/batch/first/sync"]["met"] is True
    # per_customer is held to its own targets, not to the bound or to 5x the uri playbook
    assert not [i for i in rows if i.startswith(("first-within-bound/", "vs-uri/5//sync")) and "per_customer" in i]


def test_sync_targets_not_met():
    runs = good_runs()
    runs[-1] = run(5000, "batch", measured(5000, 610.0, bytes_per_customer=3200.0, rss=1100.0),
                   measured(5000, 25.0, requests=4, bytes_per_customer=900.0, rss=600.0))
    runs[2] = run(200, "per_customer", measured(200, 160.0), measured(200, 100.0, requests=804))
    rows = by_id(results("sync", runs)["targets"])
    for ident in ("first-within-bound/sync/5000/batch", "rerun-within/5000/batch/sync", "peak-rss/5000/batch/sync",
                  "bytes-flat/batch/first/sync", "bytes-flat/batch/rerun/sync", "rerun-requests/200/per_customer/sync",
                  "vs-uri/1/200/per_customer/first/sync", "vs-uri/1/200/per_customer/rerun/sync"):
        assert rows[ident]["met"] is False, ident
    assert rows["first-within-bound/sync/200/batch"]["met"] is True


def test_failed_run_is_not_measured():
    runs = good_runs()
    runs[-1] = run(5000, "batch", measured(5000, 550.0, ok=False), dict(ok=False, problem="not run"))
    rows = by_id(results("sync", runs)["targets"])
    for ident in ("first-within-bound/sync/5000/batch", "rerun-within/5000/batch/sync", "peak-rss/5000/batch/sync"):
        assert rows[ident]["met"] is None and rows[ident]["value"] is None, ident


def test_nothing_measured():
    rows = run_bench.targets(results("sync", []))
    assert rows and all(row["met"] is None for row in rows)
    assert "| not measured |" in "\n".join(run_bench.targets_markdown(rows))


def test_async_mode():
    rows = by_id(results("async", good_runs())["targets"])
    assert rows["first-within-bound/async/1000/batch"]["met"] is True
    assert rows["first-within-bound/async/1000/batch"]["value"] == "110.0 s = 1.1x"
    for ident, row in rows.items():
        if row["mode"] == "sync":
            assert row["met"] is None and row["value"] is None, ident
    assert rows["rerun-within/5000/batch/async"]["met"] is True  # measured in its own mode
    assert rows["rerun-within/5000/batch/async"]["target"].startswith("async mode: ")
    slow = [r for r in good_runs() if (r["n"], r["client"]) != (1000, "batch")]
    slow.append(run(1000, "batch", measured(1000, 140.0), measured(1000, 9.0, requests=4)))
    assert by_id(results("async", slow)["targets"])["first-within-bound/async/1000/batch"]["met"] is False


def test_markdown_has_peak_rss_column():
    report = run_bench.markdown(results("sync", good_runs()))
    header = next(line for line in report.splitlines() if line.startswith("| N | client"))
    assert "peak RSS (PSS) MiB" in header
    row = next(line for line in report.splitlines() if line.startswith("| 5000 | collection, batch | first"))
    assert "| 700.0 |" in row and row.count("|") == header.count("|")
    with_pss = [dict(r, first=dict(r["first"], peak_pss_mb=250.5)) for r in good_runs()]
    row = next(line for line in run_bench.markdown(results("sync", with_pss)).splitlines()
               if line.startswith("| 5000 | collection, batch | first"))
    assert "| 700.0 (250.5) |" in row


# --- publishing and rendering ----------------------------------------------------------------------------------
def test_publish_name():
    runs = [run(1000, c, measured(1000, 1.0), measured(1000, 1.0)) for c in ("uri", "day_two", "batch")]
    runs += [run(200, c, measured(200, 1.0), measured(200, 1.0)) for c in ("per_customer", "threaded")]
    assert run_bench.publish_name(results("sync", runs)) == \
        "2026-12-02-sync-n200_1000-threaded_batch_per_customer_uri_day_two"
    assert run_bench.publish_name(results("async", runs[2:3])) == "2026-12-02-async-n1000-batch"


def test_publish_copies_three_files_and_nothing_else(tmp_path):
    out, docs = tmp_path / "out", tmp_path / "docs" / "benchmarks"
    out.mkdir()
    res = results("sync", good_runs()[:2])
    for name in ("results.json", "results.md", "bench.png", "simulator.log"):
        (out / name).write_text(name)
    written = run_bench.publish(res, str(out), str(docs))
    stem = "2026-12-02-sync-n200-threaded_batch"
    assert [os.path.basename(p) for p in written] == [stem + ".json", stem + ".md", stem + ".png"]
    assert sorted(os.listdir(str(docs))) == sorted([stem + ".json", stem + ".md", stem + ".png"])
    assert (docs / (stem + ".md")).read_text() == "results.md"
    (out / "bench.png").unlink()  # a plot that failed: the others are published
    (docs / (stem + ".png")).unlink()
    assert len(run_bench.publish(res, str(out), str(docs))) == 2


def write(path, res):
    path.write_text(json.dumps(res))
    return str(path)


def test_render_targets_merges_files(tmp_path, capsys):
    small = [r for r in good_runs() if r["n"] == 200]
    # a: N=200 and a slow N=1000 (1.3x not met, rerun met); b: N=1000 measured again (1.3x met, rerun not met)
    a = small + [run(1000, "batch", measured(1000, 140.0, bytes_per_customer=1586.0),
                     measured(1000, 9.0, requests=4, bytes_per_customer=405.0))]
    b = [run(1000, "batch", measured(1000, 110.0, bytes_per_customer=1586.0),
             measured(1000, 12.0, requests=4, bytes_per_customer=405.0))]
    c = [run(5000, "batch", measured(5000, 550.0, bytes_per_customer=1580.0, rss=700.0),
             measured(5000, 15.0, requests=4, bytes_per_customer=401.0, rss=500.0))]
    paths = [write(tmp_path / "a.json", results("sync", a)), write(tmp_path / "b.json", results("sync", b)),
             write(tmp_path / "c.json", results("sync", c)),
             write(tmp_path / "d.json", results("async", [run(1000, "batch", measured(1000, 120.0),
                                                                   dict(ok=False, problem="not run"))]))]
    rows = by_id(run_bench.merge_targets(paths))
    # measured in a and b: the later one wins, either way
    assert rows["first-within-bound/sync/1000/batch"]["met"] is True
    assert rows["first-within-bound/sync/1000/batch"]["source"] == "b.json"
    assert rows["rerun-within/1000/batch/sync"]["met"] is False
    # measured only in a (b, c and d do not measure it: they do not override it)
    assert rows["first-within-bound/sync/200/batch"]["met"] is True
    assert rows["first-within-bound/sync/200/batch"]["source"] == "a.json"
    assert rows["rerun-requests/200/per_customer/sync"]["met"] is True
    # the 5000 targets from c; the sync ones are "not measured" in the async file d, which comes later
    assert rows["first-within-bound/sync/5000/batch"]["met"] is True
    assert rows["first-within-bound/sync/5000/batch"]["source"] == "c.json"
    assert rows["peak-rss/5000/batch/sync"]["met"] is True
    assert rows["first-within-bound/async/1000/batch"]["met"] is True
    assert rows["first-within-bound/async/1000/batch"]["source"] == "d.json"
    # traffic over the sync files together: N=200 (a) to N=5000 (c)
    flat = rows["bytes-flat/batch/rerun/sync"]
    assert flat["met"] is True and flat["value"].startswith("N=200..5000")
    assert flat["source"] == "a.json + b.json + c.json"
    assert rows["rerun-requests/1000/day_two/sync"]["met"] is None
    assert all(row["met"] is not False for ident, row in rows.items() if ident != "rerun-within/1000/batch/sync")

    assert run_bench.main(["--render-targets"] + paths) == 0
    table = capsys.readouterr().out
    assert table.startswith("| target | value | met | source |\n|---|---|---|---|\n")
    assert "[c.json](" in table and "| NO |" in table


def test_render_only(tmp_path):
    path = write(tmp_path / "2026-12-02-sync-n200_1000_5000-threaded_batch.json", results("sync", good_runs()))
    assert run_bench.main(["--render-only", path]) == 0
    stem = str(tmp_path / "2026-12-02-sync-n200_1000_5000-threaded_batch")
    assert "## Targets" in open(stem + ".md", encoding="utf-8").read()
    try:
        import matplotlib  # noqa: F401  pylint: disable=unused-import,import-outside-toplevel
    except ImportError:  # make bench installs it (requirements-bench.txt); without it the plot is skipped, logged
        assert not os.path.exists(stem + ".png")
    else:
        assert os.path.getsize(stem + ".png") > 10000
    assert run_bench.report_paths(str(tmp_path / "results.json")) == (
        str(tmp_path / "results.md"), str(tmp_path / "bench.png"))


# --- the RSS sampler -------------------------------------------------------------------------------------------
ALLOCATE = "import time; block = b'x' * (50 * 1024 * 1024); time.sleep(1.2)"


def sample(proc, every=0.05):
    sampler = run_bench.RssSampler(proc.pid, every=every)
    sampler.start()
    proc.wait(20)
    sampler.stop()
    assert not sampler.is_alive()
    return sampler


def test_rss_of_descendants():
    """The client (a Python process) waits for a child that allocates 50 MiB: the child counts."""
    code = "import subprocess, sys; subprocess.run([sys.executable, '-c', {0!r}])".format(ALLOCATE)
    sampler = sample(subprocess.Popen([sys.executable, "-c", code]))
    assert sampler.peak_mb >= 40 and sampler.peak_processes >= 2
    assert sampler.samples >= 5


def test_rss_of_orphans_in_the_session(tmp_path):
    """A grandchild left to init (its parent exited) counts while the client, a session leader, runs."""
    allocate, middle = tmp_path / "allocate.py", tmp_path / "middle.py"
    allocate.write_text(ALLOCATE)
    middle.write_text("import subprocess, sys\nsubprocess.Popen([sys.executable, {0!r}])\n".format(str(allocate)))
    code = "import subprocess, sys, time; subprocess.run([sys.executable, {0!r}]); time.sleep(1.5)".format(str(middle))
    sampler = sample(subprocess.Popen([sys.executable, "-c", code], start_new_session=True))
    assert sampler.peak_mb >= 40


def test_rss_of_a_vanished_process(monkeypatch):
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    assert run_bench.tree_rss(proc.pid) == (0, 0)
    sampler = sample(subprocess.Popen([sys.executable, "-c", "pass"]), every=0.01)  # ends while sampled
    assert sampler.peak_mb is None or sampler.peak_mb >= 0
    # processes that end between the listing of /proc and the read of their stat file
    real_listdir, real_open = os.listdir, open
    monkeypatch.setattr(run_bench.os, "listdir", lambda path: real_listdir(path) + ["999999999", "4194305"])

    def flaky_open(path, *args, **kwargs):  # every other process "ends" as its stat file is opened
        if str(path).startswith("/proc/") and str(path) != "/proc/{0}/stat".format(os.getpid()):
            raise ProcessLookupError(path)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(run_bench, "open", flaky_open, raising=False)
    total, count = run_bench.tree_rss(os.getpid())
    assert total > 0 and count == 1
    assert list(run_bench.process_table()) == [os.getpid()]


def test_rss_sampler_survives_errors(monkeypatch):
    def broken(pid):
        raise RuntimeError("boom")

    monkeypatch.setattr(run_bench, "tree_members", broken)
    sampler = run_bench.RssSampler(os.getpid(), every=0.01)
    sampler.start()
    time.sleep(0.05)
    sampler.stop()
    assert not sampler.is_alive() and sampler.peak_mb is None


def test_run_timeout_at_5000():
    class Opts(object):
        run_timeout, deployment_time, max_concurrent = 0, 2.0, 20

    bound = 5000 * 2.0 / 20
    assert run_bench.run_timeout("batch", 5000, Opts) >= 3 * bound + 120
    assert run_bench.run_timeout("threaded", 5000, Opts) >= 3 * bound


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))


def test_pss_counts_the_pages_a_forked_child_shares_with_its_parent_once():
    ballast = bytearray(64 * 1024 * 1024)  # resident in the parent, shared with the child after the fork
    for offset in range(0, len(ballast), 4096):
        ballast[offset] = 1
    child = os.fork()
    if child == 0:  # pragma: no cover - the child only waits to be measured
        time.sleep(30)
        os._exit(0)
    try:
        time.sleep(0.2)
        pids = [os.getpid(), child]
        rss = sum(run_bench.process_table()[pid][2] for pid in pids) * run_bench.PAGE_SIZE
        pss = run_bench.tree_pss(pids + [999999999])  # a process that is gone is left out
        assert 0 < pss < rss - 48 * 1024 * 1024  # the 64 MiB counted once, not twice
    finally:
        os.kill(child, 9)
        os.waitpid(child, 0)
    del ballast
