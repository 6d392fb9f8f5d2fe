# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The quick paths of README.md and docs/user-guide.md work when followed literally.

The shell blocks marked with ``<!-- test: run -->`` (the line before a fenced ``sh`` or ``bash`` block) are run as
written, in order (README.md first, then the user guide), in one bash session on a terminal, the way a user types
them:

* from a copy of the checkout (the git-visible files, with this checkout's ``.venv``) in a temporary folder, with a
  fresh ``HOME`` (so ``~/fleet`` and the installed collection are the test's own) and no virtual environment on the
  ``PATH``: the collection is built, installed with ``ansible-galaxy collection install`` and run by its FQCN
  playbook names;
* against a simulator serving HTTPS with a private CA and quick deployments. What a real platform's user would have
  beyond the docs' example values is in the environment before the first command: ``LIVE_PLATFORM_AUTH_URL`` (the
  simulator's Entra endpoint) and ``LIVE_PLATFORM_CA_PATH`` (its CA, as the README says for a private CA). The
  placeholders (``<host>``, ``<SP tenant id>``, ...) are replaced by the simulator's values;
* the test answers the prompts as a user would: the client secret to ``read -rs`` and the vault password to every
  ``Vault password`` prompt (the demo fleet's, whose vault the copied fleet keeps).

The README's connection moves from the environment into the inventory's group ``live_platform_customers`` half way
(and the environment variables are unset), so the plays after that, ``localhost`` ones included, prove the inventory
route; the user guide exports the environment again.

Run with ``pytest tests/docs`` (the Makefile's docs-test).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import errno
import json
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import termios
import textwrap
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOCS = ("README.md", os.path.join("docs", "user-guide.md"))
MARKED_BLOCK = re.compile(r"^([ \t]*)<!-- test: run -->[ \t]*\n\1(```|~~~)(sh|bash)[ \t]*\n(.*?)^\1\2[ \t]*$",
                          re.M | re.S)
MARKER = re.compile(r"<!-- test: run -->")
PLACEHOLDER = re.compile(r"<[A-Za-z][A-Za-z ]*>")
PROMPT = re.compile(r"password[^\n]*:\s*$", re.I)
READ_SECRET = "+ read -rs LIVE_PLATFORM_CLIENT_SECRET"
VENV_BIN = os.path.dirname(sys.executable)


def marked_blocks(relative):
    """The marked shell blocks of a Markdown file, dedented (blocks inside list items are indented)."""
    with open(os.path.join(ROOT, relative), encoding="utf-8") as handle:
        text = handle.read()
    blocks = [textwrap.dedent(match.group(4)) for match in MARKED_BLOCK.finditer(text)]
    assert len(blocks) == len(MARKER.findall(text)), "%s: a <!-- test: run --> not followed by a sh block" % relative
    return blocks


def placeholders(sim):
    host = sim.url.split("://", 1)[1]
    return {"<host>": host, "<SP tenant id>": sim.tenant_id, "<tenant id>": sim.tenant_id,
            "<client id>": sim.client_id}


def script_of(values):
    parts = ["set -e -o pipefail", "set -x"]
    for relative in DOCS:
        for block in marked_blocks(relative):
            for name, value in values.items():
                block = block.replace(name, value)
            unknown = PLACEHOLDER.findall(block)
            assert not unknown, "%s: placeholders the test does not know: %s" % (relative, unknown)
            parts.append(block)
    return "\n".join(parts) + "\n"


def test_the_quick_paths_are_marked():
    """Each document has marked blocks, every marker is on a shell block, and every placeholder is known."""
    class Fake(object):
        url, tenant_id, client_id = "https://127.0.0.1:1", "t", "c"
    for relative in DOCS:
        assert marked_blocks(relative), relative
    script = script_of(placeholders(Fake()))
    for command in ("ansible-galaxy collection install", "audiocodes.live_platform.plan",
                    "audiocodes.live_platform.onboard", "audiocodes.live_platform.list_services"):
        assert command in script
    assert "playbooks/" not in script, "installed collections have no playbooks/ folder: use the FQCN names"


def copy_checkout(dest):
    """The git-visible files (mtimes kept, so make sees .venv up to date), and this checkout's .venv."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            check=True, stdout=subprocess.PIPE).stdout.decode("utf-8").split("\0")
    for relative in listed:
        source = os.path.join(ROOT, relative)
        if not relative or not os.path.isfile(source):
            continue
        target = os.path.join(dest, relative)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy2(source, target)
    os.symlink(os.path.dirname(VENV_BIN), os.path.join(dest, ".venv"))


def environment(home, sim):
    env = dict((name, value) for name, value in os.environ.items()
               if not name.startswith(("LIVE_PLATFORM_", "ANSIBLE_", "VIRTUAL_ENV", "PYTHON")))
    path = [folder for folder in env.get("PATH", "").split(os.pathsep) if os.path.abspath(folder) != VENV_BIN]
    env.update(HOME=home, PATH=os.pathsep.join(path), TERM="dumb", ANSIBLE_NOCOLOR="1",
               LIVE_PLATFORM_AUTH_URL=sim.auth_url, LIVE_PLATFORM_CA_PATH=sim.ca_path)
    return env


def run_on_a_terminal(script, cwd, env, answers, timeout=1200):
    """bash SCRIPT on a new pseudo-terminal; answers(text since the last answer) gives what to type when the
    terminal stops echoing (a password prompt), or None. Returns (exit status, everything the terminal showed)."""
    pid, master = pty.fork()
    if pid == 0:  # the child: a new session whose controlling terminal is the pseudo-terminal
        try:
            os.chdir(cwd)
            os.execve("/bin/bash", ["bash", script], env)
        finally:
            os._exit(127)
    shown, answered_at = [], 0
    deadline = time.monotonic() + timeout
    try:
        while True:
            ready, _w, _x = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError as exc:  # EIO: every process of the terminal has gone
                    if exc.errno != errno.EIO:
                        raise
                    chunk = b""
                if not chunk:
                    break
                shown.append(chunk.decode("utf-8", "replace"))
                continue
            text = "".join(shown)
            if not termios.tcgetattr(master)[3] & termios.ECHO:
                answer = answers(text[answered_at:])
                if answer is not None:
                    os.write(master, (answer + "\n").encode("utf-8"))
                    answered_at = len(text)
            assert time.monotonic() < deadline, "the commands did not end in time:\n" + text[-5000:]
        _pid, wait_status = os.waitpid(pid, 0)
        pid = None
        return os.waitstatus_to_exitcode(wait_status), "".join(shown)
    finally:
        os.close(master)
        if pid is not None:
            os.killpg(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def test_readme_and_user_guide_commands_run_as_written(live_platform_simulator_factory, tmp_path):
    sim = live_platform_simulator_factory("--tls-self-signed", str(tmp_path / "tls"), "--deployment-time", "0.1",
                                          "--deletion-time", "0.1")
    checkout, home = str(tmp_path / "checkout"), str(tmp_path / "home")
    os.makedirs(home)
    copy_checkout(checkout)
    script = str(tmp_path / "quick-path.sh")
    with open(script, "w") as handle:
        handle.write(script_of(placeholders(sim)))
    with open(os.path.join(ROOT, "examples", "demo_fleet", "demo-vault-password.txt")) as handle:
        vault_password = handle.read().strip()

    def answers(text):
        if PROMPT.search(text):
            return vault_password
        if READ_SECRET in text:
            return sim.client_secret
        return None

    status, shown = run_on_a_terminal(script, checkout, environment(home, sim), answers)
    with open(str(tmp_path / "terminal.log"), "w") as handle:
        handle.write(shown)
    assert status == 0, shown[-8000:]

    installed = os.path.join(home, ".ansible", "collections", "ansible_collections", "audiocodes", "live_platform")
    assert os.path.isfile(os.path.join(installed, "MANIFEST.json")), "the collection was not installed into ~"
    assert "25 service(s)" in shown, shown[-8000:]  # list_services, with the connection from the inventory
    reports = os.path.join(checkout, "live-platform-reports")
    with open(os.path.join(reports, "probe-report.json")) as handle:
        assert not json.load(handle)["blocked"]
    with open(os.path.join(reports, "onboarding-report.json")) as handle:
        onboarding = json.load(handle)  # the user guide's onboard, after the README's
    assert [(row["outcome"], bool(row["service_id"])) for row in onboarding["customers"]] == [("unchanged", True)] * 25
    with open(os.path.join(reports, "onboarding-report.md")) as handle:
        markdown = handle.read()
    assert all(row["service_id"] in markdown for row in onboarding["customers"])
    with open(os.path.join(reports, "plan-report.json")) as handle:
        plan = json.load(handle)  # the user guide's simulator block: a fresh simulator of its own
    assert plan["mode"] == "check" and plan["summary"]["outcomes"] == {"would_create": 25}, plan["summary"]
    services = sorted(svc["shortName"] for svc in sim.admin("GET", "services"))
    assert len(services) == 24 and "acmebv" not in services, services  # the user guide offboarded acmebv
