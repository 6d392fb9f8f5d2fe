# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Helpers of tests/reliability: generated fleets, the simulator's log and metrics, the figures each test records.

The playbook runner, the inventory writer and the SBC profiles are those of every suite that runs the playbooks
(tests/helpers/playbooks.py, on sys.path through tests/conftest.py); they are re-exported here for the test modules.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

from helpers.playbooks import (
    AMS_PROFILE, CREATE_PATH, FRA_PROFILE, LON_PROFILE, ROOT, WRITE_METHODS, Runner, read_report, tail,
    write_inventory,
)

__all__ = [
    "AMS_PROFILE", "CREATE_PATH", "FIGURES", "FRA_PROFILE", "LON_PROFILE", "PROFILES", "ROOT", "WRITE_METHODS",
    "Runner", "add_metrics", "carrier_password", "env_float", "env_int", "fleet", "hosts_of", "read_jsonl",
    "read_report", "tail", "tenant", "write_inventory",
]

# Figures each test records; conftest.py prints them (RELIABILITY <name> {...}) and writes them to a JSON file.
FIGURES = {}

PROFILES = (("sbc_ams_01", AMS_PROFILE), ("sbc_fra_02", FRA_PROFILE), ("sbc_lon_03", LON_PROFILE))


def env_int(name, default):
    return int(os.environ.get(name, default))


def env_float(name, default):
    return float(os.environ.get(name, default))


def tenant(number):
    return "7c9e6679-7425-40de-944b-%012d" % number


def carrier_password(prefix, number):
    return "%s-Pw-%04d-Zq9x" % (prefix, number)


def fleet(count, prefix="rel", password_prefix="Rel"):
    """count valid customers spread over the three SBCs: {group: (profile, {host: vars})}.

    LON customers carry carrier credentials (a distinct password each), the others IP-PBX variables.
    """
    groups = dict((name, (profile, {})) for name, profile in PROFILES)
    passwords = {}
    for number in range(1, count + 1):
        name, _profile = PROFILES[number % 3]
        host = "%s%03d" % (prefix, number)
        values = {"full_name": "Reliability Customer %d" % number, "ms_tenant_id": tenant(number)}
        if name == "sbc_lon_03":
            values["carrier_user_name"] = "%s-trunk" % host
            values["carrier_user_password"] = passwords[host] = carrier_password(password_prefix, number)
            values["carrier_main_line"] = "+4420790%05d" % number
        elif name == "sbc_ams_01":
            values["custom_variables"] = {"IPPBX-ProxyAddress": "10.77.%d.%d" % (number // 250, number % 250 + 1)}
        groups[name][1][host] = {"live_platform_customer": values}
    return groups, passwords


def hosts_of(groups):
    return sorted(host for _profile, hosts in groups.values() for host in hosts)


def read_jsonl(path):
    if not os.path.exists(path):
        return []
    with open(path) as handle:
        return [json.loads(line) for line in handle if line.strip()]


def add_metrics(total, snapshot):
    """Sum two /_simulator/metrics snapshots' fault and status counters (metrics restart with the process)."""
    for name, count in snapshot.get("faults", {}).items():
        total.setdefault("faults", {})[name] = total.get("faults", {}).get(name, 0) + count
    total["requests"] = total.get("requests", 0) + snapshot.get("total", {}).get("requests", 0)
    statuses = total.setdefault("statuses", {})
    for route in snapshot.get("routes", {}).values():
        for status, count in route.get("statuses", {}).items():
            statuses[status] = statuses.get(status, 0) + count
    return total
