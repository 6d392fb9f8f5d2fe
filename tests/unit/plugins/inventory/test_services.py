# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The services inventory plugin, against an in-process fake of the platform (no network)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import sys

from unittest import mock

import pytest
import yaml

from ansible.errors import AnsibleParserError
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import inventory_loader
from ansible.utils.display import Display

from ansible_collections.audiocodes.live_platform.plugins.module_utils.client import LivePlatformClient
from ansible_collections.audiocodes.live_platform.plugins.module_utils.options import CONNECTION_OPTIONS
from ansible_collections.audiocodes.live_platform.tests.unit.plugins.module_utils.fake_platform import (
    AUTH, BASE, SECRET, FakePlatform, FakeResponse,
)

PLUGIN = "audiocodes.live_platform.services"
MODULE = "ansible_collections.audiocodes.live_platform.plugins.inventory.services"
TENANT = "4bf50a33-a383-4d3f-9403-220c898bc1b2"


def v3_item(guid, short_name, license_type=0, sites=((5, 3),), full_name=None):
    """A service as GET /api/v3/customer?allDetails=true lists it (the simulator's and the documented shape)."""
    return dict(UmpCustomerGuid=guid, CustomerShortName=short_name, CustomerFullName=full_name or short_name + " Ltd",
                LicenseType=license_type, LicensedUsersCount=0, MsTenantId=TENANT, ActiveUserCount=0,
                SiteLocation=[dict(id="site-{0}-{1}".format(guid, i), name="ABCDEFGHIJKLM", sbcId=sbc_id,
                                   sbcDeploymentState=state, sbcConfigurationType="SipTrunk")
                              for i, (sbc_id, state) in enumerate(sites)])


class InventoryPlatform(FakePlatform):
    """FakePlatform plus the V3 list of services."""

    def __init__(self):
        super(InventoryPlatform, self).__init__()
        self.sbcs.append(dict(sbcId=8, name="SBC-FRA-02", fqdn="sbc8.example.net", cacProfiles=[], proxySets=[]))
        self.v3 = [
            v3_item("11111111-0000-4000-8000-000000000001", "acme"),
            v3_item("11111111-0000-4000-8000-000000000002", "Globex", license_type=2, sites=((8, 2),)),
            v3_item("11111111-0000-4000-8000-000000000003", "initech", license_type=1, sites=((5, 1), (8, 3))),
        ]

    def route(self, call):
        path = call["url"][len(BASE):]
        if call["method"] == "GET" and path == "/api/v3/customer" and call["url"].startswith(BASE):
            if call["headers"].get("Authorization", "")[len("Bearer "):] not in self.valid_tokens:
                return FakeResponse(401, dict(title="Unauthorized", status=401))
            return FakeResponse(200, self.v3)
        return super(InventoryPlatform, self).route(call)

    def api_calls(self):
        return [(c["method"], c["url"][len(BASE):], c.get("params")) for c in self.calls if c["url"].startswith(BASE)]


@pytest.fixture
def platform(monkeypatch):
    fake = InventoryPlatform()

    class FakeSessionClient(LivePlatformClient):
        def __init__(self, *args, **kwargs):
            kwargs.update(session=fake, sleep=lambda seconds: None)
            super(FakeSessionClient, self).__init__(*args, **kwargs)

    inventory_loader.get(PLUGIN)  # imports the plugin module under its collection name
    monkeypatch.setattr(sys.modules[MODULE], "LivePlatformClient", FakeSessionClient)
    for opt in CONNECTION_OPTIONS:
        monkeypatch.delenv(opt["env"], raising=False)
    return fake


CONNECTION = dict(base_url=BASE, auth_url=AUTH, tenant_id="sp-tenant", client_id="client-1", client_secret=SECRET)


@pytest.fixture
def run(tmp_path):
    """run(config, name=..., cache=True) -> the InventoryData that one parse of that config file gives."""
    def _run(config, name="services.live_platform.yml", cache=True):
        path = tmp_path / name
        path.write_text(yaml.safe_dump(dict(config, plugin=PLUGIN)))
        plugin = inventory_loader.get(PLUGIN)
        assert plugin.verify_file(str(path))
        inventory = InventoryData()
        plugin.parse(inventory, DataLoader(), str(path), cache=cache)
        try:
            plugin.update_cache_if_changed()  # what the inventory manager does after each parse
        except AttributeError:  # no cache configured (the manager ignores it the same way)
            pass
        return inventory
    return _run


def groups_of(inventory, host):
    return sorted(g.name for g in inventory.get_host(host).get_groups() if g.name not in ("all", "ungrouped"))


def members(inventory, group):
    return sorted(h.name for h in inventory.groups[group].get_hosts())


# --- the documented options ----------------------------------------------------------------------------
def documented_options():
    module = sys.modules.get(MODULE) or inventory_loader.get(PLUGIN) and sys.modules[MODULE]
    return yaml.safe_load(module.DOCUMENTATION)["options"]


def test_documented_options_cover_every_connection_option_with_its_env_and_default():
    documented = documented_options()
    for opt in CONNECTION_OPTIONS:
        assert opt["name"] in documented, opt["name"]
        doc = documented[opt["name"]]
        assert doc["env"] == [dict(name=opt["env"])], opt["name"]
        assert doc["type"] == opt["type"], opt["name"]
        assert doc.get("default") == opt.get("default"), opt["name"]
        assert not doc.get("required"), opt["name"]


def test_only_the_connection_options_read_the_environment():
    documented = documented_options()
    with_env = set(name for name, doc in documented.items() if doc.get("env"))
    assert with_env == set(opt["name"] for opt in CONNECTION_OPTIONS)


def test_verify_file_wants_the_live_platform_suffix(tmp_path):
    plugin = inventory_loader.get(PLUGIN)
    for name, accepted in (("services.live_platform.yml", True), ("live_platform.yaml", True),
                           ("customers_live_platform.yml", True), ("services.yml", False), ("hosts.yml", False),
                           ("live_platform.json", False)):
        path = tmp_path / name
        path.write_text("plugin: {0}\n".format(PLUGIN))
        assert bool(plugin.verify_file(str(path))) is accepted, name
    assert not plugin.verify_file(str(tmp_path / "missing.live_platform.yml"))


# --- hosts, variables and groups -------------------------------------------------------------------------
def test_one_host_per_service_with_its_record(platform, run):
    inventory = run(CONNECTION)
    assert sorted(inventory.hosts) == ["Globex", "acme", "initech"]
    hostvars = inventory.get_host("initech").get_vars()
    service = hostvars["live_platform_service"]
    assert service["id"] == "11111111-0000-4000-8000-000000000003"
    assert service["short_name"] == "initech"
    assert service["full_name"] == "initech Ltd"
    assert service["license_type"] == 1
    assert service["license"] == "hosted_essentials_plus"
    assert service["ms_tenant_id"] == TENANT
    assert service["deployment_state"] == "InProgress"  # unfinished wins over Deployed
    assert service["sbc_ids"] == [5, 8]
    assert service["sbc_names"] == ["SBC-AMS-01", "SBC-FRA-02"]
    assert service["site_locations"][0] == dict(id="site-11111111-0000-4000-8000-000000000003-0",
                                                name="ABCDEFGHIJKLM", sbc_id=5, sbc_name="SBC-AMS-01",
                                                deployment_state="InProgress")
    assert hostvars["live_platform_service_id"] == service["id"]
    assert hostvars["live_platform_short_name"] == "initech"
    assert hostvars["live_platform_full_name"] == "initech Ltd"
    assert hostvars["live_platform_deployment_state"] == "InProgress"
    assert hostvars["live_platform_license"] == "hosted_essentials_plus"
    assert hostvars["live_platform_sbcs"] == ["SBC-AMS-01", "SBC-FRA-02"]


def test_one_list_call_and_one_sbc_call(platform, run):
    run(CONNECTION)
    assert platform.api_calls() == [("GET", "/api/v3/customer", dict(allDetails="true")), ("GET", "/api/v2/sbc", None)]
    assert platform.tokens_issued == 1


def test_default_groups(platform, run):
    inventory = run(CONNECTION)
    assert members(inventory, "live_platform_services") == ["Globex", "acme", "initech"]
    assert members(inventory, "sbc_ams_01") == ["acme", "initech"]
    assert members(inventory, "sbc_fra_02") == ["Globex", "initech"]
    assert members(inventory, "state_deployed") == ["acme"]
    assert members(inventory, "state_failed") == ["Globex"]
    assert members(inventory, "state_inprogress") == ["initech"]
    assert members(inventory, "license_hosted_essentials") == ["acme"]
    assert members(inventory, "license_hosted_essentials_plus") == ["initech"]
    assert members(inventory, "license_hosted_pro") == ["Globex"]
    assert groups_of(inventory, "acme") == ["license_hosted_essentials", "live_platform_services", "sbc_ams_01",
                                            "state_deployed"]


def test_license_names_and_unknown_values(platform, run):
    platform.v3 = [v3_item("g{0}".format(n), "svc{0}".format(n), license_type=n) for n in range(7)]
    platform.v3.append(v3_item("gx", "svcx", license_type=None, sites=()))
    inventory = run(CONNECTION)
    licenses = dict((h, inventory.get_host(h).get_vars()["live_platform_license"]) for h in inventory.hosts)
    assert licenses == dict(svc0="hosted_essentials", svc1="hosted_essentials_plus", svc2="hosted_pro",
                            svc3="oc_essentials", svc4="oc_essentials_plus", svc5="oc_pro", svc6="6", svcx="unknown")
    assert members(inventory, "license_6") == ["svc6"]
    assert groups_of(inventory, "svcx") == ["license_unknown", "live_platform_services", "state_unknown"]


def test_sbc_groups_by_id_and_a_subset_of_default_groups(platform, run):
    inventory = run(dict(CONNECTION, sbc_group_by="id", default_groups=["sbc"]))
    assert members(inventory, "sbc_5") == ["acme", "initech"]
    assert members(inventory, "sbc_8") == ["Globex", "initech"]
    assert not [g for g in inventory.groups if g.startswith(("state_", "license_"))]
    inventory = run(dict(CONNECTION, default_groups=[]))
    assert sorted(inventory.groups) == ["all", "live_platform_services", "ungrouped"]


def test_an_sbc_missing_from_the_list_is_grouped_by_id(platform, run):
    platform.v3 = [v3_item("g1", "orphan", sites=((99, 3),))]
    platform.sbcs.append(dict(sbcId=12, name="Edge-Lon", cacProfiles=[], proxySets=[]))
    platform.v3.append(v3_item("g2", "london", sites=((12, 3),)))
    inventory = run(CONNECTION)
    assert members(inventory, "sbc_99") == ["orphan"]
    assert members(inventory, "sbc_edge_lon") == ["london"]
    assert inventory.get_host("orphan").get_vars()["live_platform_sbcs"] == ["99"]


def test_without_an_sbc_list_the_groups_are_named_by_id(platform, run, monkeypatch):
    platform.faults.append(("GET", r"/api/v2/sbc$", FakeResponse(404, "Not Found")))
    warning = mock.MagicMock()
    monkeypatch.setattr(Display, "warning", warning)
    inventory = run(CONNECTION)
    assert members(inventory, "sbc_5") == ["acme", "initech"]
    assert inventory.get_host("acme").get_vars()["live_platform_sbcs"] == ["5"]
    assert [c for c in warning.call_args_list if "no SBC list" in c[0][0]]


def test_short_names_are_changed_only_when_they_are_not_valid_host_names(platform, run):
    platform.v3 = [v3_item("aaaaaaaa-1", "Plain-Name_1"), v3_item("bbbbbbbb-2", "a,b"), v3_item("cccccccc-3", "a_b"),
                   v3_item("dddddddd-4", "café")]
    inventory = run(CONNECTION)
    assert sorted(inventory.hosts) == ["Plain-Name_1", "a_b", "a_b_bbbbbbbb", "caf_"]
    assert inventory.get_host("a_b").get_vars()["live_platform_short_name"] == "a_b"
    assert inventory.get_host("a_b_bbbbbbbb").get_vars()["live_platform_short_name"] == "a,b"
    assert inventory.get_host("caf_").get_vars()["live_platform_short_name"] == "café"


def test_answers_are_read_case_insensitively(platform, run):
    platform.v3 = [dict(umpCustomerGuid="g1", customerShortName="camel", customerFullName="Camel Case",
                        licenseType=3, msTenantId=TENANT,
                        siteLocation=[dict(Id="s1", Name="X", SbcId=5, SbcDeploymentState="Deployed")])]
    inventory = run(CONNECTION)
    hostvars = inventory.get_host("camel").get_vars()
    assert hostvars["live_platform_service_id"] == "g1"
    assert hostvars["live_platform_license"] == "oc_essentials"
    assert hostvars["live_platform_deployment_state"] == "Deployed"
    assert groups_of(inventory, "camel") == ["license_oc_essentials", "live_platform_services", "sbc_ams_01",
                                             "state_deployed"]


def test_no_services_gives_an_empty_group(platform, run):
    platform.v3 = []
    inventory = run(CONNECTION)
    assert not inventory.hosts
    assert "live_platform_services" in inventory.groups


# --- constructed ---------------------------------------------------------------------------------------
def test_compose_groups_and_keyed_groups(platform, run):
    inventory = run(dict(
        CONNECTION,
        compose=dict(live_platform_customer="{'short_name': live_platform_short_name}",
                     site_count="live_platform_service.site_locations | length"),
        groups=dict(not_deployed="live_platform_deployment_state != 'Deployed'",
                    multi_site="site_count | int > 1"),
        keyed_groups=[dict(key="live_platform_service.ms_tenant_id", prefix="tenant"),
                      dict(key="live_platform_sbcs", prefix="on", separator="_")],
    ))
    assert inventory.get_host("Globex").get_vars()["live_platform_customer"] == dict(short_name="Globex")
    # a number before ansible-core 2.19, whose templating returns text
    assert str(inventory.get_host("initech").get_vars()["site_count"]) == "2"
    assert members(inventory, "not_deployed") == ["Globex", "initech"]
    assert members(inventory, "multi_site") == ["initech"]
    assert members(inventory, "tenant_" + TENANT.replace("-", "_")) == ["Globex", "acme", "initech"]
    assert members(inventory, "on_SBC_AMS_01") == ["acme", "initech"]


def test_strict_makes_a_bad_expression_fatal(platform, run):
    inventory = run(dict(CONNECTION, compose=dict(broken="no_such_variable.x")))
    assert "broken" not in inventory.get_host("acme").get_vars()
    with pytest.raises(Exception, match="broken"):
        run(dict(CONNECTION, compose=dict(broken="no_such_variable.x"), strict=True))


# --- connection options and the environment ------------------------------------------------------------
def test_connection_from_the_environment(platform, run, monkeypatch):
    for name, value in CONNECTION.items():
        monkeypatch.setenv("LIVE_PLATFORM_" + name.upper(), value)
    monkeypatch.setenv("LIVE_PLATFORM_CHANNEL_ID", "2")
    monkeypatch.setenv("LIVE_PLATFORM_VALIDATE_CERTS", "false")
    inventory = run({})
    assert len(inventory.hosts) == 3
    assert platform.headers["X-Ovoc-Channel-Id"] == "2"
    assert platform.verify is False
    assert platform.calls[0]["url"] == AUTH + "/sp-tenant/oauth2/v2.0/token"


def test_empty_environment_variables_count_as_unset(platform, run, monkeypatch):
    # An AWX credential without a CA bundle injects LIVE_PLATFORM_CA_PATH="" (extensions/awx/credential_type.yml).
    for name in ("ca_path", "channel_id", "scope", "access_token"):
        monkeypatch.setenv("LIVE_PLATFORM_" + name.upper(), "")
    inventory = run(CONNECTION)
    assert len(inventory.hosts) == 3
    assert platform.verify is True
    assert "X-Ovoc-Channel-Id" not in platform.headers
    assert platform.calls[0]["data"]["scope"] == "api://9d576dc4-b85d-4571-880e-4c6ed4c08c31/.default"


def test_a_ca_bundle_is_used_to_verify(platform, run, monkeypatch, tmp_path):
    (tmp_path / "ca.pem").write_text("")  # the client refuses a ca_path that is not a file
    monkeypatch.setenv("LIVE_PLATFORM_CA_PATH", str(tmp_path / "ca.pem"))
    run(CONNECTION)
    assert platform.verify == str(tmp_path / "ca.pem")


def test_the_file_wins_over_the_environment(platform, run, monkeypatch):
    monkeypatch.setenv("LIVE_PLATFORM_BASE_URL", "https://elsewhere.example.net/tenantui")
    monkeypatch.setenv("LIVE_PLATFORM_CLIENT_SECRET", "not-the-secret")
    run(CONNECTION)
    assert all(c["url"].startswith((BASE, AUTH)) for c in platform.calls)


def test_connection_warnings_are_displayed(platform, run, monkeypatch):
    warning = mock.MagicMock()
    monkeypatch.setattr(Display, "warning", warning)
    run(dict(CONNECTION, validate_certs=False))
    shown = [c[0][0] for c in warning.call_args_list]
    assert [w for w in shown if w.startswith("Live Platform inventory: validate_certs is false")], shown


def test_an_access_token_needs_no_credentials(platform, run):
    platform.valid_tokens.add("given-token")
    inventory = run(dict(base_url=BASE, access_token="given-token"))
    assert len(inventory.hosts) == 3
    assert platform.tokens_issued == 0
    assert "given-token" not in json.dumps(dict((h, inventory.get_host(h).get_vars()) for h in inventory.hosts))


def test_a_missing_base_url_names_its_environment_variable(platform, run):
    with pytest.raises(AnsibleParserError, match="LIVE_PLATFORM_BASE_URL"):
        run(dict(CONNECTION, base_url=None))


def test_a_refused_secret_fails_without_showing_it(platform, run):
    platform.faults.append(("POST", r"/oauth2/", FakeResponse(401, dict(
        error="invalid_client", error_description="AADSTS7000215: Invalid client secret {0}".format(SECRET)))))
    with pytest.raises(AnsibleParserError) as failure:
        run(CONNECTION)
    assert "AADSTS7000215" in str(failure.value)
    assert SECRET not in str(failure.value)


def test_a_server_error_is_retried_then_reported(platform, run):
    busy = FakeResponse(503, dict(title="busy", detail="busy"))
    platform.faults.extend([("GET", r"/api/v3/customer$", busy)] * 6)
    with pytest.raises(AnsibleParserError, match="HTTP 503"):
        run(CONNECTION)
    assert len(platform.calls_to("GET", "/api/v3/customer")) == 6  # 1 + retries (5)


def test_secrets_are_never_host_variables(platform, run):
    inventory = run(CONNECTION)
    dumped = json.dumps(dict((h, inventory.get_host(h).get_vars()) for h in inventory.hosts))
    assert SECRET not in dumped
    assert "token-1" not in dumped


# --- caching --------------------------------------------------------------------------------------------
def cached(tmp_path, **extra):
    return dict(CONNECTION, cache=True, cache_plugin="ansible.builtin.jsonfile",
                cache_connection=str(tmp_path / "cache"), cache_timeout=3600, **extra)


def test_the_cache_is_used_then_refreshed(platform, run, tmp_path):
    config = cached(tmp_path)
    first = run(config)  # nothing cached yet: reads the platform and fills the cache
    assert len(platform.calls_to("GET", "/api/v3/customer")) == 1
    files = os.listdir(str(tmp_path / "cache"))
    assert len(files) == 1
    with open(str(tmp_path / "cache" / files[0])) as handle:
        content = handle.read()
    assert SECRET not in content and "token-1" not in content and "initech" in content

    platform.v3 = platform.v3[:1]
    second = run(config)  # from the cache: no call at all
    assert len(platform.calls_to("GET", "/api/v3/customer")) == 1
    assert sorted(second.hosts) == sorted(first.hosts)
    assert members(second, "sbc_fra_02") == ["Globex", "initech"]
    assert second.get_host("initech").get_vars()["live_platform_sbcs"] == ["SBC-AMS-01", "SBC-FRA-02"]

    third = run(config, cache=False)  # ansible-inventory --flush-cache: reads again and rewrites the cache
    assert len(platform.calls_to("GET", "/api/v3/customer")) == 2
    assert sorted(third.hosts) == ["acme"]
    assert sorted(run(config).hosts) == ["acme"]
    assert len(platform.calls_to("GET", "/api/v3/customer")) == 2


def test_the_cache_is_kept_apart_per_platform_and_channel(platform, run, tmp_path):
    run(cached(tmp_path))
    run(cached(tmp_path, channel_id="2"))
    assert len(platform.calls_to("GET", "/api/v3/customer")) == 2
    assert len(os.listdir(str(tmp_path / "cache"))) == 2


def test_without_the_cache_option_every_run_reads_the_platform(platform, run, tmp_path):
    run(CONNECTION)
    run(CONNECTION)
    assert len(platform.calls_to("GET", "/api/v3/customer")) == 2
