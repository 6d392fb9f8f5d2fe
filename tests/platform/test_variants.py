# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The whole lifecycle of both modules (check, create, rerun, drift, absent, absent again) against every platform
variant the documents allow, each switched on alone in the simulator (simulator/README.md, "Platform variants")."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import importlib

import pytest

from helpers.simulator_log import paths_read, set_variants, writes

TENANT = "4bf50a33-a383-4d3f-9403-220c898bc1b2"
OTHER_TENANT = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"
# The documented path: ids and raw keys (the seed's script 10007 defines three customer variables).
SERVICE = dict(sbc_id=5, onboarding_script_id=10007, cleanup_script_id=10700, ms_tenant_id=TENANT,
               custom_variables={"CustomVar.Variable1": "10.0.0.1"}, cac_profile="10 sessions")
WAIT = dict(wait=True, wait_timeout=60, poll_interval=0.05)
VARIANTS = [
    ("create_answer", "full"), ("create_answer", "echo"), ("create_answer", "task"), ("create_answer", "job"),
    ("create_answer", "text"),
    ("states", "canonical"), ("states", "upper"), ("states", "lower"), ("states", "error"), ("states", "integer"),
    ("states", "missing"),
    ("list_wrapper", "none"), ("list_wrapper", "items"), ("list_wrapper", "value"), ("list_wrapper", "data"),
    ("paging", "honoured"), ("paging", "ignored"),
    ("sbc_catalogue", "present"), ("sbc_catalogue", "absent"),
    ("template_variables", "list"), ("template_variables", "string"), ("template_variables", "objects"),
    ("template_variables", "absent"),
    ("uniqueness", "tenant"), ("uniqueness", "global"),
    ("single_read_state", "top_level"), ("single_read_state", "sites_only"),
]


def wanted(**options):
    """The documented-path service with these options changed, waited for."""
    return dict(SERVICE, **dict(WAIT, **options))


DOCUMENTED_PREFIXES = ("/tenantui/api/v2/customer", "/tenantui/api/v3/customer", "/tenantui/api/v2/task/")


@pytest.fixture
def service_logic(collection):
    return importlib.import_module(collection.__name__ + ".service")


@pytest.fixture
def batch_logic(collection):
    return importlib.import_module(collection.__name__ + ".batch")


def switch(platform, name, value, mode):
    set_variants(platform, **{name: value})
    platform.admin("PATCH", "faults", {"mode": mode})


def lifecycle(run, short_name):
    """(check, create, rerun, drift, absent, absent again) outcomes of one service through run(params, check)."""
    outcomes = []
    outcomes.append(run(dict(SERVICE, short_name=short_name), True)["outcome"])
    created = run(dict(SERVICE, short_name=short_name), False)
    outcomes.append(created["outcome"])
    outcomes.append(run(dict(SERVICE, short_name=short_name), False)["outcome"])
    drift = run(dict(SERVICE, short_name=short_name, full_name="Another name"), False)
    outcomes.append(drift["outcome"])
    outcomes.append(run(dict(short_name=short_name, ms_tenant_id=TENANT, state="absent"), False)["outcome"])
    outcomes.append(run(dict(short_name=short_name, ms_tenant_id=TENANT, state="absent"), False)["outcome"])
    return outcomes, created


EXPECTED = ["would_create", "created", "unchanged", "drifted", "deleted", "absent"]


@pytest.mark.parametrize("name, value", VARIANTS)
def test_hosted_essentials_service_lifecycle(platform, make_client, service_logic, name, value):
    switch(platform, name, value, "sync" if name == "create_answer" else "async")
    client = make_client()

    def run(params, check_mode):
        return service_logic.ensure(client, dict(WAIT, **params), check_mode)

    outcomes, created = lifecycle(run, "Var{0}".format(value[:8]))
    assert outcomes == EXPECTED
    assert created["changed"]
    creates = [w for w in writes(platform) if w == ("POST", "/tenantui/api/v2/customer")]
    assert len(creates) == 1  # never a second create, whatever the answer looked like
    assert all(p.startswith(DOCUMENTED_PREFIXES) for p in paths_read(platform))  # ids need no catalogue
    if value == "missing":
        assert created["service"]["deployment_state"] is None and "no deployment state" in created["warnings"][0]
    else:
        assert created["service"]["deployment_state"] == "Deployed"


@pytest.mark.parametrize("name, value", VARIANTS)
def test_hosted_essentials_fleet_lifecycle(platform, make_client, batch_logic, name, value):
    switch(platform, name, value, "sync" if name == "create_answer" else "async")
    client = make_client()

    def run(params, check_mode):
        state = params.pop("state", "present")
        items = [dict(params, customer="first", short_name=params["short_name"] + "a"),
                 dict(params, customer="second", short_name=params["short_name"] + "b")]
        result = batch_logic.ensure_fleet(client, dict(WAIT, services=items, state=state, concurrency=2),
                                          check_mode)
        outcomes = set(r.get("outcome") for r in result["customers"].values())
        assert len(outcomes) == 1, result
        return dict(outcome=outcomes.pop())

    outcomes = lifecycle(run, "Flt{0}".format(value[:8]))[0]
    assert outcomes == EXPECTED
    assert len([w for w in writes(platform) if w == ("POST", "/tenantui/api/v2/customer")]) == 2
    assert all(p.startswith(DOCUMENTED_PREFIXES) for p in paths_read(platform))


# --- what the variants change ---------------------------------------------------------------------------
def test_names_on_a_platform_without_the_sbc_catalogue_name_the_endpoint(platform, make_client, service_logic,
                                                                         collection):
    errors = importlib.import_module(collection.__name__ + ".errors")
    set_variants(platform, sbc_catalogue="absent")
    with pytest.raises(errors.PlatformLacks) as err:
        service_logic.ensure(make_client(), wanted(short_name="NoCat1", sbc="SBC-AMS-01", sbc_id=None))
    assert "GET /api/v2/sbc (HTTP 404)" in err.value.msg and "sbc_id" in err.value.msg
    assert writes(platform) == []


@pytest.mark.parametrize("variables", ["list", "string", "objects"])
def test_variable_names_map_in_every_listed_form(platform, make_client, service_logic, variables):
    set_variants(platform, template_variables=variables)
    result = service_logic.ensure(make_client(), wanted(short_name="Names1", custom_variables={
        "SIP-HostName": "pbx.example.net"}), True)
    assert result["request"]["scriptParameters"]["CustomVar.Variable3"] == "pbx.example.net"


def test_variable_names_without_a_listed_order_show_the_raw_form(platform, make_client, service_logic, collection):
    errors = importlib.import_module(collection.__name__ + ".errors")
    set_variants(platform, template_variables="absent")
    with pytest.raises(errors.InputError) as err:
        service_logic.ensure(make_client(), wanted(short_name="Names2", custom_variables={
            "SIP-HostName": "pbx.example.net"}))
    assert "CustomVar.Variable<N>" in err.value.msg and writes(platform) == []


def test_paging_ignored_reads_the_templates_in_two_calls(platform, make_client, collection):
    catalog = importlib.import_module(collection.__name__ + ".catalog")
    set_variants(platform, paging="ignored")
    templates = catalog.list_script_templates(make_client(), "SBC")
    assert len(templates) == len(set(t["id"] for t in templates)) > 0
    assert len([p for p in paths_read(platform) if p.endswith("/scripttemplates")]) <= 2


def test_two_tenants_may_hold_one_short_name_and_each_manages_its_own(platform, make_client, service_logic):
    client = make_client()
    mine = service_logic.ensure(client, wanted(short_name="Shared1"))
    theirs = service_logic.ensure(client, wanted(short_name="shared1", ms_tenant_id=OTHER_TENANT))
    assert mine["outcome"] == theirs["outcome"] == "created" and mine["service"]["id"] != theirs["service"]["id"]
    assert service_logic.ensure(client, wanted(short_name="Shared1"))["service"]["id"] == \
        mine["service"]["id"]
    info = service_logic.service_info(client, dict(short_name="SHARED1", ms_tenant_id=OTHER_TENANT))
    assert [s["id"] for s in info["services"]] == [theirs["service"]["id"]]
    with pytest.raises(Exception) as err:
        service_logic.ensure(client, dict(short_name="Shared1", state="absent"))
    assert TENANT in str(err.value) and OTHER_TENANT in str(err.value)
    gone = service_logic.ensure(client, dict(WAIT, short_name="Shared1", ms_tenant_id=OTHER_TENANT, state="absent"))
    assert gone["service"]["id"] == theirs["service"]["id"]
    left = service_logic.service_info(client, dict(short_name="Shared1"))["services"]
    assert [s["id"] for s in left] == [mine["service"]["id"]]


def test_a_platform_unique_across_tenants_says_which_tenant_holds_the_name(platform, make_client, service_logic):
    set_variants(platform, uniqueness="global")
    client = make_client()
    service_logic.ensure(client, wanted(short_name="Global1", ms_tenant_id=OTHER_TENANT))
    with pytest.raises(Exception) as err:
        service_logic.ensure(client, wanted(short_name="Global1"))
    assert OTHER_TENANT in str(err.value) and "another short name" in str(err.value)
    assert len([w for w in writes(platform) if w[0] == "POST"]) == 2
