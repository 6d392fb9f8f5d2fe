# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What a test asks a running simulator: its platform variants, and the calls it saw (its request log)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def set_variants(sim, **variants):
    """Switch the simulator's platform variants (simulator/README.md, "Platform variants")."""
    return sim.admin("PATCH", "variants", variants)


def requests_seen(sim):
    entries = sim.admin("GET", "requests")
    return entries.get("requests", entries) if isinstance(entries, dict) else entries


def writes(sim):
    """(method, path) of every write call to the platform's API (not the token endpoint, not the admin API)."""
    return [(e["method"], e["path"]) for e in requests_seen(sim)
            if e["method"] in WRITE_METHODS and e["path"].startswith("/tenantui/")]


def paths_read(sim):
    return [e["path"] for e in requests_seen(sim) if e["method"] == "GET" and e["path"].startswith("/tenantui/")]
