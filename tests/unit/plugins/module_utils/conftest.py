# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.audiocodes.live_platform.plugins.module_utils.client import LivePlatformClient
from ansible_collections.audiocodes.live_platform.tests.unit.plugins.module_utils.fake_platform import (
    AUTH, BASE, SECRET, FakeClock, FakePlatform,
)


@pytest.fixture
def platform():
    return FakePlatform()


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def client(platform, clock):
    return LivePlatformClient(base_url=BASE, auth_url=AUTH, tenant_id="sp-tenant", client_id="client-1",
                              client_secret=SECRET, retries=3, session=platform, sleep=clock.sleep)
