# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What Ansible itself writes to disk and shows while the collection's playbooks run (docs/security.md).

- Pipelining (``ansible_pipelining: true`` in every play of playbooks/): no ``PUT ... AnsiballZ_*.py`` transfer, and no
  file below the remote temp folder, the local temp folder or TMPDIR ever holds a carrier password, the client secret
  or an access token: while the run goes on, after it, and after it was stopped in the middle of the onboarding (every
  process SIGKILLed at once, in both strategies; or Ctrl-C). Control runs with ``-e ansible_pipelining=false`` show
  what the same stops leave without it.
- ``ANSIBLE_KEEP_REMOTE_FILES=1``: Ansible turns pipelining off and keeps every module's file, arguments in clear.
- The ``minimal`` and ``oneline`` stdout callbacks at -vvv, in both strategies: no secret in the output.
- ``ANSIBLE_DEBUG=1``: Ansible's own debug line ``done with _execute_module (<module>, {<arguments>})`` prints every
  module argument in clear (carrier passwords; the client secret when it is given as a variable); nothing else does.

The temp folders are pointed into tmp_path (ANSIBLE_REMOTE_TMP, ANSIBLE_LOCAL_TEMP, TMPDIR) and read every few
milliseconds during each run, every version of every file kept (zip payloads and base64 blobs unpacked).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import io
import os
import re
import signal
import subprocess
import threading
import time
import zipfile

import pytest
import yaml

from reliability_helpers import FIGURES, Runner, fleet, hosts_of, read_report, tail, write_inventory

CUSTOMERS = 5  # fleet(5): two carrier customers (passwords), three others
PUT_ANSIBALLZ = re.compile(r"^<[^>]+> PUT .* TO .*AnsiballZ_", re.M)
EXEC_LINE = re.compile(r"^<[^>]+> EXEC ", re.M)
# Ansible's own debug line (ansible/plugins/action/__init__.py, _execute_module): every module argument, in clear.
DEBUG_MODULE_ARGS = "done with _execute_module ("
BASE64_RUN = re.compile(rb"[A-Za-z0-9+/=]{512,}")
DETECTION_TIMEOUT = 300  # seconds: only a bound for a run that never gets under way, never an assertion on time


# --- the temp folders, read while a run goes on -----------------------------------------------------------------------
def _unpacked(data, depth=0):
    """data, and the text inside: the members of a zip, the zips that base64 blobs carry (an AnsiballZ payload, the
    controller's ansiballz_cache entry)."""
    parts = [data]
    if depth > 2:
        return parts
    if data[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for name in archive.namelist():
                    parts.extend(_unpacked(archive.read(name), depth + 1))
        except (zipfile.BadZipFile, OSError, ValueError):
            pass
    for blob in BASE64_RUN.findall(data):
        try:
            decoded = base64.b64decode(blob)
        except (ValueError, TypeError):
            continue
        if decoded[:2] == b"PK":
            parts.extend(_unpacked(decoded, depth + 1))
    return parts


class TempWatcher(threading.Thread):
    """Reads every file below the given folders, about every 20 ms, until finish(); keeps each version of each file
    (by size and modification time), so that a file written and removed during the run is still checked."""

    def __init__(self, folders):
        super(TempWatcher, self).__init__(daemon=True)
        self.folders = [str(folder) for folder in folders]
        self.versions = {}  # path -> {(size, mtime_ns): bytes}
        self.scans = 0
        self._stop_event = threading.Event()

    def scan(self):
        for folder in self.folders:
            for root, _dirs, files in os.walk(folder):
                for name in files:
                    path = os.path.join(root, name)
                    try:
                        stat = os.stat(path)
                        key = (stat.st_size, stat.st_mtime_ns)
                        if key in self.versions.get(path, {}):
                            continue
                        with open(path, "rb") as handle:
                            self.versions.setdefault(path, {})[key] = handle.read()
                    except OSError:  # removed meanwhile
                        continue
        self.scans += 1

    def run(self):
        while not self._stop_event.is_set():
            self.scan()
            self._stop_event.wait(0.02)

    def finish(self):
        self._stop_event.set()
        self.join()
        self.scan()  # what is left
        return self

    def seen(self, base):
        """Every file ever seen, relative to base."""
        return sorted(os.path.relpath(path, str(base)) for path in self.versions)

    def left(self, base):
        """The files still there."""
        return sorted(os.path.relpath(os.path.join(root, name), str(base))
                      for folder in self.folders for root, _dirs, files in os.walk(folder) for name in files)

    def leaks(self, secrets, base):
        """(what, file) for every secret found in any version of any file."""
        found = set()
        for path, versions in self.versions.items():
            for data in versions.values():
                parts = _unpacked(data)
                for what, secret in secrets.items():
                    if any(secret.encode() in part for part in parts):
                        found.add((what, os.path.relpath(path, str(base))))
        return sorted(found)


def _shape(name):
    """A leftover file's name without its random parts, for the figures."""
    name = re.sub(r"ansible-tmp-[0-9.\-]+", "ansible-tmp-*", name)
    name = re.sub(r"ansible-local-\w+", "ansible-local-*", name)
    return re.sub(r"_payload_\w+/", "_payload_*/", name)


# --- a process tree, killed at once -----------------------------------------------------------------------------------
def _descendants(pid):
    """The processes below pid (from /proc): ansible-playbook's workers call setsid(), so its process group is not
    enough."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as handle:
                stat = handle.read()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _hard_kill(pid):
    """A hard kill of a whole run, as an OOM killer, a lost machine or a removed container give it: every process of
    the tree is stopped first (none can clean up), then SIGKILLed. Returns how many processes there were."""
    stopped = set()
    while True:
        tree = ({pid} | _descendants(pid)) - stopped
        if not tree:
            break
        for process in tree:
            try:
                os.kill(process, signal.SIGSTOP)
            except ProcessLookupError:
                pass
        stopped |= tree
    for process in stopped:
        try:
            os.kill(process, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return len(stopped)


# --- one run of the onboarding ----------------------------------------------------------------------------------------
def _temp_env(tmp_path):
    folders = dict(remote=tmp_path / "remote-tmp", local=tmp_path / "local-tmp", tmpdir=tmp_path / "tmpdir")
    folders["tmpdir"].mkdir()
    env = {"ANSIBLE_REMOTE_TMP": str(folders["remote"]), "ANSIBLE_LOCAL_TEMP": str(folders["local"]),
           "TMPDIR": str(folders["tmpdir"])}
    return env, folders


def _setup(sim, collections_path, tmp_path, secret_as_variable=True):
    """A runner, a 5-customer inventory and its carrier passwords. With secret_as_variable the client secret is an
    inventory variable of the customers' group (a module argument, as a vault or an AWX inventory gives it), not
    LIVE_PLATFORM_CLIENT_SECRET."""
    runner = Runner(sim, collections_path, tmp_path, forks=CUSTOMERS)
    groups, passwords = fleet(CUSTOMERS, prefix="left", password_prefix="Left")
    inventories = [write_inventory(tmp_path / "hosts.yml", groups)]
    if secret_as_variable:
        runner.env.pop("LIVE_PLATFORM_CLIENT_SECRET")
        connection = str(tmp_path / "connection.yml")
        with open(connection, "w") as handle:
            yaml.safe_dump({"live_platform_customers": {"vars": {"live_platform_client_secret": sim.client_secret}}},
                           handle)
        inventories.append(connection)
    assert len(passwords) == 2, passwords
    return runner, inventories, groups, passwords


def _secrets(sim, passwords):
    tokens = sim.admin("GET", "tokens")["tokens"]
    secrets = dict([("client secret", sim.client_secret)]
                   + [("carrier password of %s" % host, pw) for host, pw in sorted(passwords.items())]
                   + [("access token %d" % n, token) for n, token in enumerate(tokens)])
    return secrets, len(tokens)


def _stop(process, how):
    """"kill": every process of the run SIGKILLed at once (returns how many); "interrupt": SIGINT to the run's process
    group, as Ctrl-C in a terminal gives it (ansible-core 2.16 goes on when only ansible-playbook gets it)."""
    if how == "kill":
        return _hard_kill(process.pid)
    os.killpg(process.pid, signal.SIGINT)
    return 1


def _run(runner, inventories, tmp_path, args, env=None, stop_when=None, how="kill"):
    """ansible-playbook onboard.yml -vvv with the temp folders in tmp_path, watched. With stop_when(output), the run
    is stopped (_stop) as soon as stop_when says so. Returns (status, output, watcher, processes signalled, reports)."""
    temp_env, folders = _temp_env(tmp_path)
    run_env = dict(runner.env, **temp_env)
    run_env.update(env or {})
    report_dir = str(tmp_path / "reports")
    log_path = str(tmp_path / "output.log")
    watcher = TempWatcher(folders.values())
    watcher.start()
    signalled = 0
    with open(log_path, "wb") as log:
        process = subprocess.Popen(runner.command("onboard.yml", inventories, ["-vvv"] + list(args), report_dir),
                                   cwd=str(tmp_path), env=run_env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)  # its own process group, as a terminal's job
        try:
            if stop_when is not None:
                deadline = time.monotonic() + DETECTION_TIMEOUT
                while process.poll() is None and time.monotonic() < deadline:
                    with open(log_path, "rb") as handle:
                        output = handle.read().decode("utf-8", "replace")
                    if stop_when(output):
                        signalled = _stop(process, how)
                        break
                    time.sleep(0.05)
            process.wait(900)
        finally:
            if process.poll() is None:
                _hard_kill(process.pid)
                process.wait()
            watcher.finish()
    with open(log_path, "rb") as handle:
        output = handle.read().decode("utf-8", "replace")
    return process.returncode, output, watcher, signalled, report_dir


def _under_way(runner, hosts):
    """The onboarding is under way: the output has not ended (no recap) and the simulator holds every customer's
    service, still deploying (it takes 30 s there), so each create is in the middle of its run, arguments in hand."""
    def check(output):
        return "TASK [" in output and "PLAY RECAP" not in output and len(runner.services()) >= len(hosts)
    return check


def _no_module_file(output, watcher, tmp_path):
    """Pipelining held: no module transfer in the output, no AnsiballZ file ever in the temp folders."""
    assert not PUT_ANSIBALLZ.search(output), PUT_ANSIBALLZ.search(output).group(0)
    files = [name for name in watcher.seen(tmp_path) if "AnsiballZ_" in os.path.basename(name)]
    assert files == [], files


def _lines_with(text, secrets):
    """(what, line) for every line of text holding a secret."""
    return [(what, line) for line in text.splitlines() for what, secret in secrets.items() if secret in line]


# --- the tests --------------------------------------------------------------------------------------------------------
# How a run is stopped in the middle of the onboarding, and the exit status it then has.
STOPS = {"kill": -signal.SIGKILL, "interrupt": 99}  # 99: ansible-playbook's "user interrupted execution"
# The onboarding modules as Ansible runs them (transferred, or pipelined): hosted_essentials_service and
# hosted_essentials_fleet may otherwise run their logic in the controller's process (plugins/action/), with no module
# at all; live_platform_in_process=false sends them to the module, as a remote or become connection would.
AS_MODULES = ("-e", "live_platform_in_process=false")


def _stopped(runner, inventories, groups, tmp_path, args, strategy, how):
    status, output, watcher, signalled, _reports = _run(
        runner, inventories, tmp_path, ["-e", "onboarding_strategy=%s" % strategy] + list(args),
        stop_when=_under_way(runner, hosts_of(groups)), how=how)
    assert signalled and status == STOPS[how], (status, tail(output))
    assert "PLAY RECAP" not in output, tail(output)
    return output, watcher, signalled


@pytest.mark.parametrize("strategy,how,modules", [
    ("per_customer", "kill", False), ("batch", "kill", False), ("per_customer", "kill", True),
    ("batch", "interrupt", True)])
def test_a_stopped_onboarding_leaves_no_module_arguments(live_platform_simulator_factory, collections_path, tmp_path,
                                                         strategy, how, modules):
    """The run stopped while every customer's create is deploying (every process SIGKILLed at once, or Ctrl-C), as
    the playbooks run and with the onboarding forced into modules: with the playbooks' pipelining, nothing below the
    temp folders holds a secret, during the run or after it stopped, and no AnsiballZ file was ever written."""
    sim = live_platform_simulator_factory("--deployment-time", "30")
    runner, inventories, groups, passwords = _setup(sim, collections_path, tmp_path)
    output, watcher, signalled = _stopped(runner, inventories, groups, tmp_path, AS_MODULES if modules else (),
                                          strategy, how)
    states = sorted(set(str(service.get("deploymentState")) for service in runner.services()))
    _no_module_file(output, watcher, tmp_path)
    secrets, tokens = _secrets(sim, passwords)
    leaks = watcher.leaks(secrets, tmp_path)
    FIGURES["leftover_files_%s_%s%s" % (how, strategy, "_as_modules" if modules else "")] = dict(
        customers=len(hosts_of(groups)), processes_signalled=signalled, deployment_states_when_stopped=states,
        module_runs=len(EXEC_LINE.findall(output)), secrets_checked=len(secrets), access_tokens_checked=tokens,
        temp_scans=watcher.scans, files_seen=len(watcher.versions),
        left=sorted(set(_shape(name) for name in watcher.left(tmp_path))), leaks=len(leaks))
    assert not leaks, leaks


@pytest.mark.parametrize("how", sorted(STOPS))
def test_without_pipelining_a_stopped_onboarding_leaves_the_arguments(live_platform_simulator_factory,
                                                                      collections_path, tmp_path, how):
    """The control (any play that runs the modules without pipelining): the same stop leaves
    remote-tmp/ansible-tmp-*/AnsiballZ_hosted_essentials_service.py, one per customer, each with the module's
    arguments in clear: the client secret given as a variable, the carrier passwords."""
    sim = live_platform_simulator_factory("--deployment-time", "30")
    runner, inventories, groups, passwords = _setup(sim, collections_path, tmp_path)
    output, watcher, _signalled = _stopped(runner, inventories, groups, tmp_path,
                                           ("-e", "ansible_pipelining=false") + AS_MODULES, "per_customer", how)
    assert PUT_ANSIBALLZ.search(output), tail(output)
    left = [name for name in watcher.left(tmp_path) if os.path.basename(name).startswith("AnsiballZ_")]
    creates = [name for name in left if name.endswith("AnsiballZ_hosted_essentials_service.py")]
    assert len(creates) == len(hosts_of(groups)), left
    secrets, _tokens = _secrets(sim, passwords)
    leaked = set(what for what, where in watcher.leaks(secrets, tmp_path) if where in creates)
    expected = set(["client secret"] + ["carrier password of %s" % host for host in passwords])
    FIGURES["leftover_files_%s_without_pipelining" % how] = dict(
        module_files_left=sorted(set(_shape(name) for name in left)), module_files_left_count=len(left),
        secrets_in_them=sorted(leaked))
    assert expected <= leaked, (expected, leaked)
    assert not any(what.startswith("access token") for what in leaked)  # never a module argument


def test_keep_remote_files_turns_pipelining_off(live_platform_simulator_factory, collections_path, tmp_path):
    """ANSIBLE_KEEP_REMOTE_FILES=1 wins over ansible_pipelining (ansible-core 2.19 to 2.21): every module Ansible
    runs is transferred as a file and kept after a run that ends normally, its arguments in clear."""
    sim = live_platform_simulator_factory("--deployment-time", "0.2")
    runner, inventories, groups, passwords = _setup(sim, collections_path, tmp_path)
    # one module file per customer host: the per_customer strategy
    status, output, watcher, _signalled, _reports = _run(runner, inventories, tmp_path, AS_MODULES + (
        "-e", "onboarding_strategy=per_customer"), env={"ANSIBLE_KEEP_REMOTE_FILES": "1"})
    assert status == 0, tail(output)
    assert PUT_ANSIBALLZ.search(output), tail(output)
    kept = [name for name in watcher.left(tmp_path) if os.path.basename(name).startswith("AnsiballZ_")]
    creates = [name for name in kept if name.endswith("AnsiballZ_hosted_essentials_service.py")]
    assert len(creates) == len(hosts_of(groups)), kept
    secrets, _tokens = _secrets(sim, passwords)
    leaked = set(what for what, where in watcher.leaks(secrets, tmp_path) if where in creates)
    FIGURES["leftover_files_keep_remote_files"] = dict(
        module_files_kept=len(kept), kinds=sorted(set(_shape(name) for name in kept)), secrets_in_them=sorted(leaked))
    assert set(["client secret"] + ["carrier password of %s" % host for host in passwords]) <= leaked, leaked


# A changed result as each callback prints it: minimal opens the JSON on its line, oneline prints it whole on one.
CALLBACK_MARKS = {"minimal": re.compile(r"^left\d+ \| CHANGED => \{$", re.M),
                  "oneline": re.compile(r"^left\d+ \| CHANGED => \{.*\}$", re.M)}


@pytest.mark.parametrize("callback,strategy", [("minimal", "per_customer"), ("oneline", "batch")])
def test_minimal_and_oneline_callbacks(live_platform_simulator_factory, collections_path, tmp_path, callback,
                                       strategy):
    """-vvv with the minimal and oneline stdout callbacks, the client secret as an inventory variable: no client
    secret, access token or carrier password in the output or below the temp folders; no module file."""
    sim = live_platform_simulator_factory("--deployment-time", "0.2")
    runner, inventories, groups, passwords = _setup(sim, collections_path, tmp_path)
    status, output, watcher, _signalled, report_dir = _run(
        runner, inventories, tmp_path, ["-e", "onboarding_strategy=%s" % strategy],
        env={"ANSIBLE_STDOUT_CALLBACK": callback})
    assert status == 0, tail(output)
    _report, rows = read_report(report_dir, "onboarding-report")
    assert sorted(rows) == hosts_of(groups) and set(row["outcome"] for row in rows.values()) == {"created"}, rows
    assert CALLBACK_MARKS[callback].search(output) and "TASK [" not in output, tail(output)  # that callback, really
    _no_module_file(output, watcher, tmp_path)
    secrets, tokens = _secrets(sim, passwords)
    assert tokens >= 1
    in_output = _lines_with(output, secrets)
    in_temp = watcher.leaks(secrets, tmp_path)
    FIGURES["leftover_files_callback_%s_%s" % (callback, strategy)] = dict(
        secrets_checked=len(secrets), access_tokens_checked=tokens, output_lines=len(output.splitlines()),
        leaks_in_output=len(in_output), leaks_in_temp_files=len(in_temp), files_seen=len(watcher.versions),
        left_after_run=sorted(set(_shape(name) for name in watcher.left(tmp_path))))
    assert not in_output, in_output[:5]
    assert not in_temp, in_temp


@pytest.mark.parametrize("strategy,secret_as_variable,modules", [
    ("per_customer", False, False), ("batch", True, True)])
def test_ansible_debug(live_platform_simulator_factory, collections_path, tmp_path, strategy, secret_as_variable,
                       modules):
    """ANSIBLE_DEBUG=1 (with a log file): Ansible's own debug line ``done with _execute_module (<module>, {...})``
    shows every argument of every module Ansible runs, in clear, which no module can mask: the carrier passwords of
    the onboarding modules, and the client secret when it is a variable (not when it comes from
    LIVE_PLATFORM_CLIENT_SECRET, which the module reads itself). No other line, of the output or of the log file,
    shows a secret, and no line shows an access token."""
    sim = live_platform_simulator_factory("--deployment-time", "0.2")
    runner, inventories, groups, passwords = _setup(sim, collections_path, tmp_path,
                                                    secret_as_variable=secret_as_variable)
    log_file = tmp_path / "ansible.log"
    args = ["-e", "onboarding_strategy=%s" % strategy] + list(AS_MODULES if modules else ())
    status, output, watcher, _signalled, _reports = _run(
        runner, inventories, tmp_path, args, env={"ANSIBLE_DEBUG": "1", "ANSIBLE_LOG_PATH": str(log_file)})
    assert status == 0, tail(output)
    with open(str(log_file), encoding="utf-8", errors="replace") as handle:
        log = handle.read()
    if modules:  # in process, per_customer runs no module at all (session, each customer): nothing is printed
        assert DEBUG_MODULE_ARGS in output, tail(output)
    _no_module_file(output, watcher, tmp_path)
    secrets, tokens = _secrets(sim, passwords)
    found = _lines_with(output, secrets) + _lines_with(log, secrets)
    elsewhere = [(what, line[:300]) for what, line in found if DEBUG_MODULE_ARGS not in line]
    shown = set(what for what, _line in found)
    could_show = set("carrier password of %s" % host for host in passwords)
    if secret_as_variable:
        could_show.add("client secret")
    in_temp = watcher.leaks(secrets, tmp_path)
    FIGURES["leftover_files_ansible_debug_%s%s" % (strategy, "_as_modules" if modules else "")] = dict(
        client_secret_as_variable=secret_as_variable, access_tokens_checked=tokens,
        module_args_debug_lines=output.count(DEBUG_MODULE_ARGS), in_log_file=log.count(DEBUG_MODULE_ARGS),
        shown_only_in_those_lines=sorted(shown),
        elsewhere=len(elsewhere), leaks_in_temp_files=len(in_temp))
    assert not elsewhere, elsewhere[:5]
    assert shown <= could_show, (shown, could_show)  # never an access token, never the secret from the environment
    if modules:
        assert shown == could_show, (shown, could_show)  # docs/security.md says exactly this
    assert not in_temp, in_temp
