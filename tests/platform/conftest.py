# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The collection's logic run in this process against a real simulator, switched through its platform variants.

``platform``: one simulator for the module (session-wide would leak variants between files), reset before each test;
``collection``: the collection importable as ``ansible_collections.audiocodes.live_platform``; ``make_client``: a
client for that simulator that never sleeps between retries. What the simulator saw: ``helpers.simulator_log``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import importlib
import sys

import pytest


@pytest.fixture(scope="session")
def collection(collections_path):
    """The module_utils package of a fresh collection copy, importable in this process."""
    if collections_path not in sys.path:
        sys.path.insert(0, collections_path)
    return importlib.import_module("ansible_collections.audiocodes.live_platform.plugins.module_utils")


@pytest.fixture(scope="module")
def platform_process(tmp_path_factory):
    from live_platform_simulator.pytest_plugin import SimulatorProcess
    sim = SimulatorProcess(["--deployment-time", "0.05", "--deletion-time", "0.05"],
                           workdir=str(tmp_path_factory.mktemp("simulator"))).start()
    yield sim
    sim.close()


@pytest.fixture
def platform(platform_process):
    platform_process.admin("POST", "reset")
    return platform_process


@pytest.fixture
def make_client(collection, platform):
    client_module = importlib.import_module(collection.__name__ + ".client")

    def make(**overrides):
        options = dict(base_url=platform.base_url, auth_url=platform.auth_url, tenant_id=platform.tenant_id,
                       client_id=platform.client_id, client_secret=platform.client_secret, retries=2, timeout=30,
                       sleep=lambda seconds: None)
        options.update(overrides)
        return client_module.LivePlatformClient(**options)
    return make
