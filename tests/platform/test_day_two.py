# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A customer's day two (a further SIP connection with its dial plan, a licence, a carrier password rotated) through
customer.ensure, the logic of hosted_essentials_service and of every fleet item, against every platform variant
that touches it, each switched on alone in the simulator."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import importlib

import pytest

from helpers.simulator_log import paths_read, set_variants, writes

TENANT = "4bf50a33-a383-4d3f-9403-220c898bc1b2"
RULE = dict(name="main", prefix="+3120555", tag="trunk.example.net")
SITE = dict(site_name="Branch", sbc_id=8, onboarding_script_id=10007, cleanup_script_id=10700,
            carrier_user_name="branch", carrier_user_password="Branch-Pw-1", dial_plan=dict(rules=[RULE]))
CUSTOMER = dict(sbc_id=5, onboarding_script_id=10007, cleanup_script_id=10700, ms_tenant_id=TENANT,
                license_type="hosted_pro", dial_plan=dict(rules=[RULE], state="exact"),
                wait=True, wait_timeout=60, poll_interval=0.05)
VARIANTS = [
    ("states", "canonical"), ("states", "upper"), ("states", "lower"), ("states", "integer"), ("states", "missing"),
    ("list_wrapper", "items"), ("single_read_state", "sites_only"),
    ("modify_answer", "task"), ("modify_answer", "one"), ("modify_answer", "empty"),
    ("license_field", "both"), ("license_field", "license_type"), ("license_field", "upgrade_to_license"),
]
DOCUMENTED_PREFIXES = ("/tenantui/api/v2/customer", "/tenantui/api/v3/customer", "/tenantui/api/v2/task/",
                       "/tenantui/api/v2/sitelocation/")


@pytest.fixture
def customer_logic(collection):
    return importlib.import_module(collection.__name__ + ".customer")


@pytest.mark.parametrize("name, value", VARIANTS)
def test_a_customers_day_two_converges_on_every_variant(platform, make_client, customer_logic, name, value):
    set_variants(platform, **{name: value})
    client = make_client()
    short_name = "Day{0}".format(value[:8])

    def run(check_mode=False, **changes):
        site = dict(SITE, **changes.pop("site", {}))
        params = dict(CUSTOMER, short_name=short_name, sip_connections=[site], **changes)
        return customer_logic.ensure(client, params, check_mode)

    assert run(check_mode=True)["outcome"] == "would_create" and writes(platform) == []
    created = run()
    assert created["outcome"] == "created" and created["service"]["license_name"] == "hosted_pro"
    assert [s["outcome"] for s in created["sip_connections"]] == ["created"]
    assert created["sip_connections"][0]["dial_plan"]["outcome"] == "updated"
    assert created["dial_plan"]["outcome"] == "updated"
    count = len(writes(platform))
    assert run()["outcome"] == "unchanged" and len(writes(platform)) == count
    rotated = run(site=dict(carrier_user_password="Branch-Pw-2"))
    assert rotated["outcome"] == "updated" and rotated["sip_connections"][0]["changes"] == ["carrier_user_password"]
    assert "Branch-Pw-2" not in str(rotated)
    count = len(writes(platform))
    assert run(site=dict(carrier_user_password="Branch-Pw-2"))["outcome"] == "unchanged"
    assert len(writes(platform)) == count
    gone = customer_logic.ensure(client, dict(short_name=short_name, ms_tenant_id=TENANT, state="absent", wait=True,
                                              wait_timeout=60, poll_interval=0.05))
    assert gone["outcome"] == "deleted" and [s["outcome"] for s in gone["sip_connections"]] == ["deleted"]
    deletes = [path for method, path in writes(platform) if method == "DELETE"]
    assert deletes[0].startswith("/tenantui/api/v2/sitelocation/") and deletes[1].startswith("/tenantui/api/v2/customer/")
    assert customer_logic.ensure(client, dict(short_name=short_name, ms_tenant_id=TENANT,
                                              state="absent"))["outcome"] == "absent"
    assert all(p.startswith(DOCUMENTED_PREFIXES) for p in paths_read(platform))
