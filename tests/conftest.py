# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Shared by the pytest suites below tests/: puts tests/ on sys.path (``import helpers.playbooks``, whatever pytest's
import mode) and gives the ``collections_path`` fixture, a copy of the collection made once per session."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import sys

import pytest

TESTS = os.path.dirname(os.path.abspath(__file__))
if TESTS not in sys.path:
    sys.path.insert(0, TESTS)


@pytest.fixture(scope="session")
def collections_path(tmp_path_factory):
    """The folder to put on ANSIBLE_COLLECTIONS_PATH: the copy of the collection that `make test` made once for every
    suite (LIVE_PLATFORM_TEST_COLLECTIONS, read only), else a fresh copy for this session (hack/build-copy.py)."""
    shared = os.environ.get("LIVE_PLATFORM_TEST_COLLECTIONS")
    if shared and os.path.isdir(os.path.join(shared, "ansible_collections")):
        return shared
    from helpers.playbooks import copy_collection
    return copy_collection(tmp_path_factory.mktemp("collections"))
