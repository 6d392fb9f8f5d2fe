# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The figures the reliability tests print at the end of the run.

Same approach as tests/fleet: a copy of the collection on ANSIBLE_COLLECTIONS_PATH (the ``collections_path`` fixture
of tests/conftest.py), simulators started with the simulator's pytest plugin, ansible-playbook run as a subprocess
(tests/helpers/playbooks.py).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import platform

from reliability_helpers import FIGURES, ROOT


def _machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return "%s, %d CPU(s), %s, Python %s" % (
        cpu, os.cpu_count() or 0, platform.platform(), platform.python_version())


def pytest_terminal_summary(terminalreporter):
    if not FIGURES:
        return
    terminalreporter.section("reliability figures")
    terminalreporter.write_line("machine: %s" % _machine())
    for name in sorted(FIGURES):
        terminalreporter.write_line("RELIABILITY %s %s" % (name, json.dumps(FIGURES[name], sort_keys=True)))
    out = os.environ.get("RELIABILITY_FIGURES_FILE", os.path.join(ROOT, "build", "reliability", "figures.json"))
    try:
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with open(out, "w") as handle:
            json.dump(dict(machine=_machine(), figures=FIGURES), handle, indent=2, sort_keys=True)
        terminalreporter.write_line("figures written to %s" % out)
    except OSError as exc:  # pragma: no cover - a read-only checkout
        terminalreporter.write_line("figures not written: %s" % exc)
