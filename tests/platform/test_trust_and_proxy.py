# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Trust and proxies end to end (issue 13, item 4): ansible-playbook against a simulator serving HTTPS with a private
CA, the modules in their own processes, the connection in the LIVE_PLATFORM_* environment.

- Trust: no ca_path and no REQUESTS_CA_BUNDLE; the simulator's CA is trusted only through a system-store-like bundle
  (SSL_CERT_FILE: the system's bundle with the CA appended, as update-ca-trust writes it). With it the run works;
  without it, it fails with the TLS hint naming the system trust store; REQUESTS_CA_BUNDLE still replaces it.
- Proxies: a CONNECT proxy on 127.0.0.1 (tests/helpers/connect_proxy.py) whose own log shows a tunnel to the token
  endpoint (https://localhost:<port>) and one to the API (https://127.0.0.1:<port>), with the ``proxy`` option, with
  HTTPS_PROXY and with ``-e live_platform_proxy``; with credentials, the password is in no output (-vvv), neither
  when the proxy takes it nor when it answers 407, which stops a fleet run once.

Asserted from the proxy's and the simulator's logs and the output, never from time.
Run with ``.venv/bin/python -m pytest tests/platform/test_trust_and_proxy.py``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import importlib
import os
import ssl

try:
    from urllib.parse import quote, urlsplit
except ImportError:  # pragma: no cover - Python 2 never runs these tests
    from urllib import quote
    from urlparse import urlsplit

import pytest

from helpers.connect_proxy import ConnectProxy
from helpers.playbooks import FRA_PROFILE, SBC_INFO_PLAYBOOK, Runner, tail, write_inventory
from helpers.simulator_log import requests_seen

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")
# What would give trust or a proxy behind the test's back: the machine's own settings (this one sets them all).
CLEARED = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE", "SSL_CERT_DIR", "LIVE_PLATFORM_CA_PATH",
           "LIVE_PLATFORM_PROXY") + PROXY_VARIABLES + tuple(name.lower() for name in PROXY_VARIABLES)
PASSWORD = "Pr0xy-P@ss:w0rd"
WRONG_PASSWORD = "Wr0ng-P@ss:w0rd"


@pytest.fixture(scope="module")
def tls_simulator(tmp_path_factory):
    from live_platform_simulator.pytest_plugin import SimulatorProcess
    sim = SimulatorProcess(["--tls-self-signed", str(tmp_path_factory.mktemp("tls"))],
                           workdir=str(tmp_path_factory.mktemp("simulator"))).start()
    assert sim.url.startswith("https://127.0.0.1:")
    yield sim
    sim.close()


@pytest.fixture
def sim(tls_simulator):
    tls_simulator.admin("POST", "reset")
    tls_simulator.admin("DELETE", "requests")
    return tls_simulator


@pytest.fixture(scope="module")
def trust(tls_simulator, tmp_path_factory):
    """The system-store-like bundles: 'with' the simulator's CA appended to the system's CAs, 'without' it."""
    from live_platform_simulator.tls import ensure_self_signed
    folder = tmp_path_factory.mktemp("trust")
    system = ssl.get_default_verify_paths().cafile
    if system:
        with open(system) as handle:
            system_pems = handle.read()
    else:  # no system bundle on this machine: another private CA stands in for it
        with open(ensure_self_signed(str(folder / "other"))[2]) as handle:
            system_pems = handle.read()
    with open(tls_simulator.ca_path) as handle:
        private_ca = handle.read()
    bundles = dict(without=str(folder / "system.pem"), with_ca=str(folder / "system-and-private-ca.pem"),
                   empty_dir=str(folder / "no-certs"))
    os.mkdir(bundles["empty_dir"])
    for name, text in (("without", system_pems), ("with_ca", system_pems.rstrip("\n") + "\n" + private_ca)):
        with open(bundles[name], "w") as handle:
            handle.write(text)
    return bundles


@pytest.fixture
def playbook(tmp_path):
    path = tmp_path / "sbc_info.yml"
    path.write_text(SBC_INFO_PLAYBOOK)
    return str(path)


@pytest.fixture
def make_runner(sim, trust, collections_path, tmp_path):
    """A Runner with nothing trusted or proxied but what the test gives; the token endpoint under another name
    (https://localhost:<port>) than the API (https://127.0.0.1:<port>), so that the proxy's log tells them apart."""
    def make(system_bundle=trust["with_ca"], **env):
        runner = Runner(sim, collections_path, tmp_path)
        for name in CLEARED:
            runner.env.pop(name, None)
        runner.env.update(SSL_CERT_FILE=system_bundle, SSL_CERT_DIR=trust["empty_dir"],
                          LIVE_PLATFORM_AUTH_URL=token_authority(sim))
        runner.env.update(env)
        return runner
    return make


def token_authority(sim):
    return "https://localhost:%d" % urlsplit(sim.url).port


def one_line(output):
    return " ".join(output.split())


def seen(sim):
    """(token requests, API requests) the simulator got."""
    entries = requests_seen(sim)
    tokens = [e for e in entries if e["path"].endswith("/oauth2/v2.0/token")]
    return tokens, [e for e in entries if e["path"].startswith("/tenantui/")]


def api_and_token_tunnels(sim):
    port = urlsplit(sim.url).port
    return {"localhost:%d" % port, "127.0.0.1:%d" % port}


@pytest.fixture
def client_module(collection):
    return importlib.import_module(collection.__name__ + ".client")


# --- trust -------------------------------------------------------------------------------------------------------
def test_the_system_trust_store_verifies_without_ca_path(sim, trust, make_runner, playbook, client_module):
    # The system store without the private CA: refused, with the hint that says where to add it.
    status, output, _r, _s = make_runner(system_bundle=trust["without"]).run(playbook, "localhost,")
    assert status == 2, tail(output)
    text = one_line(output)
    assert "CERTIFICATE_VERIFY_FAILED" in text, tail(output)
    assert client_module.TLS_HINT.format(trust=client_module.SYSTEM_TRUST) in text, tail(output)
    assert seen(sim) == ([], [])  # no request got through the handshake

    # The same store with the CA appended (what update-ca-trust does in an execution environment): it works.
    status, output, _r, _s = make_runner().run(playbook, "localhost,")
    assert status == 0 and "SBCS " in output, tail(output)
    tokens, calls = seen(sim)
    assert len(tokens) == 1 and [e["path"] for e in calls] == ["/tenantui/api/v2/sbc"]


def test_requests_ca_bundle_still_replaces_the_system_store(sim, trust, make_runner, playbook, client_module):
    status, output, _r, _s = make_runner(REQUESTS_CA_BUNDLE=trust["without"]).run(playbook, "localhost,")
    assert status == 2, tail(output)
    trust_words = client_module.BUNDLE_TRUST.format(name="REQUESTS_CA_BUNDLE", path=trust["without"])
    assert client_module.TLS_HINT.format(trust=trust_words) in one_line(output), tail(output)
    assert seen(sim) == ([], [])


# --- proxies -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("given_as", ["proxy option", "HTTPS_PROXY", "live_platform_proxy"])
def test_the_token_request_and_the_api_go_through_the_proxy(sim, make_runner, playbook, given_as):
    with ConnectProxy() as proxy:
        if given_as == "proxy option":
            status, output, _r, _s = make_runner(LIVE_PLATFORM_PROXY=proxy.url).run(playbook, "localhost,")
        elif given_as == "HTTPS_PROXY":
            status, output, _r, _s = make_runner(HTTPS_PROXY=proxy.url).run(playbook, "localhost,")
        else:  # the playbooks' connection (vars/connection.yml), as an inventory or extra variable
            extra = "live_platform_proxy=" + proxy.url
            status, output, _r, _s = make_runner().run("list_services.yml", "localhost,", "-e", extra)
        assert status == 0, tail(output)
        assert set(proxy.tunnels()) == api_and_token_tunnels(sim), proxy.log
        assert all(entry["status"] == 200 and entry["sent"] and entry["received"] for entry in proxy.log), proxy.log
    tokens, calls = seen(sim)
    assert len(tokens) == 1 and calls


def test_the_proxy_password_never_shows(sim, make_runner, playbook):
    with ConnectProxy(credentials=("svc-ansible", PASSWORD)) as proxy:
        runner = make_runner(LIVE_PLATFORM_PROXY=proxy.url_with("svc-ansible", PASSWORD))
        status, output, _r, _s = runner.run(playbook, "localhost,", "-vvv")
        assert status == 0 and "SBCS " in output, tail(output)
        assert set(proxy.tunnels()) == api_and_token_tunnels(sim)
        assert all(entry["credentials"] for entry in proxy.log)

        runner = make_runner(LIVE_PLATFORM_PROXY=proxy.url_with("svc-ansible", WRONG_PASSWORD))
        status, refused, _r, _s = runner.run(playbook, "localhost,", "-vvv")
        assert status == 2, tail(refused)
        assert [entry["status"] for entry in proxy.log[-1:]] == [407]
    text = one_line(refused)
    assert "407 Proxy Authentication Required" in text, tail(refused)
    assert "The proxy %s (from proxy (LIVE_PLATFORM_PROXY)) asks for credentials" % proxy.address in text
    for password in (PASSWORD, WRONG_PASSWORD):
        for form in (password, quote(password, safe="")):
            assert form not in output and form not in refused, form


def test_a_proxy_refusing_the_credentials_stops_a_fleet_once(sim, make_runner, tmp_path):
    hosts = dict(("proxied%02d" % number, {"live_platform_customer": {
        "full_name": "Proxied Customer %d" % number, "ms_tenant_id": "7c9e6679-7425-40de-944b-%012d" % number}})
        for number in range(1, 6))
    inventory = write_inventory(tmp_path / "hosts.yml", {"sbc_fra_02": (FRA_PROFILE, hosts)})
    with ConnectProxy(credentials=("svc-ansible", PASSWORD)) as proxy:
        runner = make_runner(LIVE_PLATFORM_PROXY=proxy.url_with("svc-ansible", WRONG_PASSWORD))
        status, output, _r, _s = runner.run("onboard.yml", inventory)
        refused = [entry for entry in proxy.log if entry["status"] == 407]
        assert 1 <= len(refused) <= 3 and len(refused) == len(proxy.log), proxy.log
    assert status == 2, tail(output)
    fatal = [line for line in output.splitlines() if line.startswith("fatal:")]
    assert len(fatal) == 1, fatal  # one error for the run, not one per customer
    assert "asks for credentials or refused them (HTTP 407)" in fatal[0] and proxy.address in fatal[0], fatal[0]
    assert WRONG_PASSWORD not in output and quote(WRONG_PASSWORD, safe="") not in output
    assert seen(sim) == ([], []) and runner.services() == []
