# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""list_services and the localhost plays: the collection's own connection sources, and no secret at -vvv.

Against a simulator serving HTTPS with a private CA, so that the CA path has to be read (LIVE_PLATFORM_CA_PATH or
live_platform_ca_path) for anything to be listed:

* list_services with the connection in the LIVE_PLATFORM_* environment, at -vvv, while the platform answers with the
  carrier passwords in clear: every service is listed, and no client secret, access token or carrier password shows;
* the connection given as variables of the customers' group (as the demo fleet's README advises), with no
  LIVE_PLATFORM_* variable at all: list_services and prune (which run on localhost) find it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import yaml

from reliability_helpers import AMS_PROFILE, Runner, read_report, tail, write_inventory

CONNECTION_VARIABLES = ("LIVE_PLATFORM_BASE_URL", "LIVE_PLATFORM_AUTH_URL", "LIVE_PLATFORM_TENANT_ID",
                        "LIVE_PLATFORM_CLIENT_ID", "LIVE_PLATFORM_CLIENT_SECRET")
CARRIER_PASSWORD = "Listed-Carrier-Pw-41Kx"


def seed(sim):
    """Two services, one with carrier credentials; the platform answers with its script parameters in clear."""
    seed_body = {"services": [
        {"shortName": "listcarrier", "fullName": "Listed Carrier", "msTenantId": "4bf50a33-a383-4d3f-9403-000000000001",
         "siteLocation": {"sbcId": 12, "sbcOnboardingScript": 20001, "sbcCleanupScript": 20100},
         "scriptParameters": {"CarrierUserName": "list-trunk", "CarrierUserPassword": CARRIER_PASSWORD,
                              "Carrier-Region": "UK-South", "Carrier-Trunk-Group": "TG-LON-01"}},
        {"shortName": "listpbx", "fullName": "Listed PBX", "msTenantId": "4bf50a33-a383-4d3f-9403-000000000002",
         "siteLocation": {"sbcId": 8, "sbcOnboardingScript": 7, "sbcCleanupScript": 700}},
    ]}
    import live_platform_simulator
    with open(os.path.join(os.path.dirname(live_platform_simulator.__file__), "seeds", "default.yaml")) as handle:
        catalogue = yaml.safe_load(handle)
    catalogue.update(seed_body)
    assert sim.admin("POST", "seed", catalogue)["services"] == 2
    sim.admin("PATCH", "faults", {"clear_text_secrets": True})
    listed = [svc["shortName"] for svc in sim.admin("GET", "services")]
    assert sorted(listed) == ["listcarrier", "listpbx"], listed


def tls_simulator(factory, tmp_path):
    return factory("--tls-self-signed", str(tmp_path / "tls"), "--deployment-time", "0.2")


def test_list_services_reads_the_environment_and_shows_no_secret(live_platform_simulator_factory, collections_path,
                                                                 tmp_path):
    sim = tls_simulator(live_platform_simulator_factory, tmp_path)
    seed(sim)
    runner = Runner(sim, collections_path, tmp_path)
    env = {"LIVE_PLATFORM_CA_PATH": sim.ca_path}
    status, output, _reports, _s = runner.run("list_services.yml", "localhost,", "-vvv", env=env)
    assert status == 0, tail(output)
    assert "2 service(s)" in output, tail(output)
    assert "listcarrier: id " in output and "listpbx: id " in output, tail(output)
    tokens = sim.admin("GET", "tokens")["tokens"]
    assert tokens, "no token was issued: the playbook did not reach the platform"
    secrets = [("client secret", sim.client_secret), ("carrier password", CARRIER_PASSWORD)]
    secrets += [("access token %d" % number, token) for number, token in enumerate(tokens)]
    leaked = [name for name, value in secrets if value in output]
    assert not leaked, "%s in the -vvv output" % ", ".join(leaked)
    # validate_certs from the environment is honoured too: off, no CA is needed.
    env = {"LIVE_PLATFORM_VALIDATE_CERTS": "false"}
    status, output, _reports, _s = runner.run("list_services.yml", "localhost,", env=env)
    assert status == 0 and "2 service(s)" in output, tail(output)


def test_localhost_plays_find_the_connection_in_the_customers_group(live_platform_simulator_factory,
                                                                    collections_path, tmp_path):
    sim = tls_simulator(live_platform_simulator_factory, tmp_path)
    seed(sim)
    runner = Runner(sim, collections_path, tmp_path)
    for name in CONNECTION_VARIABLES:
        runner.env.pop(name)
    inventory = write_inventory(tmp_path / "hosts.yml", {"sbc_ams_01": (AMS_PROFILE, {"listpbx": {
        "live_platform_customer": {"ms_tenant_id": "4bf50a33-a383-4d3f-9403-000000000002"}}})})
    group_vars = tmp_path / "group_vars" / "live_platform_customers"
    group_vars.mkdir(parents=True)
    (group_vars / "connection.yml").write_text(yaml.safe_dump({
        "live_platform_base_url": sim.base_url, "live_platform_auth_url": sim.auth_url,
        "live_platform_tenant_id": sim.tenant_id, "live_platform_client_id": sim.client_id,
        "live_platform_client_secret": sim.client_secret, "live_platform_ca_path": sim.ca_path}))

    status, output, _reports, _s = runner.run("list_services.yml", inventory, "-vvv")
    assert status == 0, tail(output)
    assert "2 service(s)" in output, tail(output)
    assert sim.client_secret not in output

    status, output, reports, _s = runner.run("prune.yml", inventory, "--check")
    assert status == 0, tail(output)
    _report, rows = read_report(reports, "prune-report")
    assert sorted(rows) == ["listcarrier"], rows  # listpbx is in the fleet
    assert sorted(svc["shortName"] for svc in sim.admin("GET", "services")) == ["listcarrier", "listpbx"]
