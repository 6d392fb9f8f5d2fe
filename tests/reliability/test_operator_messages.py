# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Issue 12, messages and secret hygiene at the edge with the operator, against real simulators (HTTP and HTTPS):

- the client's messages for the mistakes an operator makes with the connection (scheme, host name, CA, DNS) name
  the full URL and the fix, and an http:// to a TLS port is not retried for a minute;
- through ansible-playbook: a token with a trailing newline works, one with an inner newline is refused naming
  access_token and never shown (at -vvv), and validate_certs=false gives a warning.
The messages asserted here are those docs/troubleshooting.md lists.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import sys

import pytest

from helpers.playbooks import SBC_INFO_PLAYBOOK
from reliability_helpers import FIGURES, Runner


@pytest.fixture
def collection(collections_path):
    if collections_path not in sys.path:
        sys.path.insert(0, collections_path)
    from ansible_collections.audiocodes.live_platform.plugins.module_utils import client, errors
    return client, errors


def _failure(collection, sim_urls, **kwargs):
    """The TransportError message of one read, and the backoff sleeps the client took before giving up."""
    client_module, errors = collection
    sleeps = []
    base_url, auth_url = sim_urls
    client = client_module.LivePlatformClient(base_url, auth_url=auth_url, tenant_id="t", client_id="c",
                                              client_secret="s3cr3t-never-shown", sleep=sleeps.append, timeout=10,
                                              **kwargs)
    with pytest.raises(errors.TransportError) as err:
        client.get("/api/v2/sbc")
    assert "s3cr3t-never-shown" not in err.value.msg
    return err.value.msg, sleeps


def _host(url):
    return url.split("//", 1)[1].split("/", 1)[0]


def test_connection_mistakes_are_named_with_their_fix(live_platform_simulator_factory, collection, tmp_path):
    client_module = collection[0]
    tls = live_platform_simulator_factory("--tls-self-signed", str(tmp_path / "tls"))
    plain = live_platform_simulator_factory()
    figures = {}

    # http:// to a TLS port: the server closes the connection; one retry, not `retries` of them.
    http_urls = (tls.base_url.replace("https:", "http:"), tls.auth_url.replace("https:", "http:"))
    msg, sleeps = _failure(collection, http_urls, retries=5)
    assert msg.startswith("POST http://%s/t/oauth2/v2.0/token got no answer: " % _host(tls.url)), msg
    assert client_module.EXPECTS_TLS_HINT.format(host=_host(tls.url), option="auth_url") in msg, msg
    assert len(sleeps) == 1, sleeps
    figures["http_to_tls"] = dict(message=msg, retries=len(sleeps))

    # https:// to a plain-HTTP port.
    msg, sleeps = _failure(collection, (plain.base_url.replace("http:", "https:"),
                                        plain.auth_url.replace("http:", "https:")))
    assert client_module.NOT_TLS_HINT.format(host=_host(plain.url), option="auth_url") in msg, msg
    assert "set ca_path" not in msg and sleeps == []
    figures["https_to_http"] = msg

    # A CA the controller does not trust: the ca_path hint.
    msg, _sleeps = _failure(collection, (tls.base_url, tls.auth_url))
    trust = client_module.tls_trust(True, None)[1]  # the system trust store, or this machine's REQUESTS_CA_BUNDLE
    assert client_module.TLS_HINT.format(trust=trust) in msg and "CERTIFICATE_VERIFY_FAILED" in msg, msg
    figures["unknown_ca"] = msg

    # The right CA, a certificate for another name: say so, not "set ca_path".
    from live_platform_simulator.tls import ensure_self_signed
    cert, key, other_ca = ensure_self_signed(str(tmp_path / "other-name"), hosts=("platform.example.net",))
    renamed = live_platform_simulator_factory("--tls-cert", cert, "--tls-key", key)
    msg, _sleeps = _failure(collection, (renamed.base_url, renamed.auth_url), ca_path=other_ca)
    hostname = _host(renamed.url).rsplit(":", 1)[0]
    assert client_module.HOST_MISMATCH_HINT.format(host=hostname, option="auth_url") in msg, msg
    assert "set ca_path" not in msg
    figures["host_mismatch"] = msg

    # A host name that does not resolve: named.
    msg, _sleeps = _failure(collection, ("https://no-such-platform.invalid/tenantui", "https://no-such-login.invalid"),
                            retries=0)
    assert client_module.DNS_HINT.format(host="no-such-login.invalid", option="auth_url") in msg, msg
    figures["dns"] = msg
    FIGURES["operator_messages"] = figures


def test_tokens_and_warnings_through_a_playbook(live_platform_simulator_factory, collections_path, tmp_path):
    sim = live_platform_simulator_factory("--tls-self-signed", str(tmp_path / "tls"))
    runner = Runner(sim, collections_path, tmp_path)
    playbook = tmp_path / "list.yml"
    playbook.write_text(SBC_INFO_PLAYBOOK)
    token = sim.token()

    # A token read from a file (trailing newline) works; the client credentials are not used.
    env = {"LIVE_PLATFORM_ACCESS_TOKEN": token + "\n", "LIVE_PLATFORM_CA_PATH": sim.ca_path,
           "LIVE_PLATFORM_CLIENT_SECRET": "not-used"}
    status, output, _r, _s = runner.run(str(playbook), "localhost,", "-vvv", env=env)
    assert status == 0 and "SBCS " in output, output[-3000:]
    assert token not in output

    # A token with a line break inside: refused naming access_token, shown nowhere (not even escaped).
    head, tail = token[:20], token[20:]
    env["LIVE_PLATFORM_ACCESS_TOKEN"] = head + "\n" + tail
    status, output, _r, _s = runner.run(str(playbook), "localhost,", "-vvv", env=env)
    assert status == 2, output[-3000:]
    assert "access_token: must be the token as issued" in output, output[-3000:]
    assert head not in output and tail not in output

    # validate_certs=false: a warning that the certificates are not checked.
    env = {"LIVE_PLATFORM_VALIDATE_CERTS": "false"}
    status, output, _r, _s = runner.run(str(playbook), "localhost,", env=env)
    assert status == 0, output[-3000:]
    assert "validate_certs is false: the TLS certificate of 127.0.0.1 is not checked" in " ".join(output.split())
    FIGURES["operator_tokens"] = dict(trailing_newline="works", inner_newline="refused, not shown",
                                      validate_certs_false="warned")


def test_troubleshooting_quotes_every_hint_and_warning(collection):
    import os
    import re
    from reliability_helpers import ROOT
    client_module = collection[0]
    with open(os.path.join(ROOT, "docs", "troubleshooting.md")) as handle:
        doc = handle.read()
    names = ("TLS_HINT", "HOST_MISMATCH_HINT", "NOT_TLS_HINT", "EXPECTS_TLS_HINT", "DNS_HINT", "INSECURE_TLS_WARNING",
             "CLEAR_TEXT_WARNING", "PROXY_HINT", "PROXY_AUTH_HINT")
    for name in names:
        pattern = re.sub(r"\\\{\w+\\\}", ".+?", re.escape(getattr(client_module, name)))
        assert re.search(pattern, doc), name
    for rule in ("access_token: must be the token as issued", "access_token: must be a string",
                 "client_secret: must be a string", "' does not exist on the controller", "' is not a file",
                 "must not carry a user name or password", "must be an http:// or https:// URL with a host name",
                 "proxy: must be an http:// or https:// URL with a host name and an optional port"):
        assert rule in doc, rule
