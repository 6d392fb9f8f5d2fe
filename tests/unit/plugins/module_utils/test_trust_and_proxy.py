# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which CAs verify the platform's certificate, and the proxy the calls go through (issue 13, "Trust and proxies").

Without ca_path the system trust store verifies (not requests' certifi bundle); ca_path, then REQUESTS_CA_BUNDLE /
CURL_CA_BUNDLE, win. The proxy option is checked before any call, carries the token request and the API calls, and
its password never shows; a proxy that cannot be used fails the run once. Failures come from real sockets on the
loopback interface; the end-to-end run, through a real CONNECT proxy, is tests/platform/test_trust_and_proxy.py.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ssl
import threading

from http.server import BaseHTTPRequestHandler
from types import SimpleNamespace

import pytest

from ansible_collections.audiocodes.live_platform.plugins.module_utils import client as client_module
from ansible_collections.audiocodes.live_platform.plugins.module_utils.client import (
    BUNDLE_TRUST, CA_PATH_TRUST, CERTIFI_TRUST, NO_PROXY_NOTE, PROXY_AUTH_HINT, PROXY_HINT, PROXY_OPTION_SOURCE,
    SYSTEM_TRUST, LivePlatformClient, SystemTrustAdapter, system_trust_context, tls_trust,
)
from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import InputError, TransportError
from ansible_collections.audiocodes.live_platform.plugins.module_utils.redaction import MASK
from ansible_collections.audiocodes.live_platform.tests.unit.plugins.module_utils.fake_platform import (
    AUTH, BASE, SECRET,
)
from ansible_collections.audiocodes.live_platform.tests.unit.plugins.module_utils.test_client_operator import (
    TOKEN, LoopbackPlatform, _Server, _ssl_error, unused_port,
)

PROXY_PASSWORD = "Px-S3cret-77"
ENVIRONMENT = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """No CA bundle or proxy from the machine that runs the tests (many CI machines set them)."""
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


@pytest.fixture
def stdlib_trust(monkeypatch):
    """The fallback without the optional truststore package, whether or not it is installed here."""
    monkeypatch.setattr(client_module, "truststore", None)


class ProxyAskingForCredentials(object):
    """A proxy on the loopback interface that answers every request 407; requests: (method, target, credentials sent)."""

    def __init__(self):
        self.requests = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def refuse(self):
                owner.requests.append((self.command, self.path, "Proxy-Authorization" in self.headers))
                self.send_response(407)
                self.send_header("Proxy-Authenticate", 'Basic realm="test"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                self.close_connection = True

            do_CONNECT = do_GET = do_POST = refuse  # noqa: N815 - http.server's names

            def log_message(self, *args):
                pass

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.address = "127.0.0.1:{0}".format(self.server.server_address[1])
        self.thread = threading.Thread(target=self.server.serve_forever)
        self.thread.daemon = True
        self.thread.start()

    def url_with(self, user, password):
        return "http://{0}:{1}@{2}".format(user, password, self.address)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def https_client(proxy, clock, **kwargs):
    """A client of a platform at https://127.0.0.1:1 (never reached: the proxy fails first), real session."""
    options = dict(base_url="https://127.0.0.1:1/tenantui", auth_url="https://127.0.0.1:1", tenant_id="t",
                   client_id="c", client_secret=SECRET, proxy=proxy, retries=2, timeout=10, sleep=clock.sleep)
    options.update(kwargs)
    return LivePlatformClient(**options)


def shown(err):
    return err.value.msg + repr(err.value.to_result()) + str(err.value)


# --- which CAs verify ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("validate_certs, ca_path, environ, expected", [
    (True, None, {}, (True, SYSTEM_TRUST)),
    (True, "/ca.pem", {"REQUESTS_CA_BUNDLE": "/b.pem"}, ("/ca.pem", CA_PATH_TRUST.format(path="/ca.pem"))),
    (True, None, {"REQUESTS_CA_BUNDLE": "/b.pem", "CURL_CA_BUNDLE": "/c.pem"},
     ("/b.pem", BUNDLE_TRUST.format(name="REQUESTS_CA_BUNDLE", path="/b.pem"))),
    (True, None, {"REQUESTS_CA_BUNDLE": "", "CURL_CA_BUNDLE": "/c.pem"},
     ("/c.pem", BUNDLE_TRUST.format(name="CURL_CA_BUNDLE", path="/c.pem"))),
    (False, "/ca.pem", {"REQUESTS_CA_BUNDLE": "/b.pem"}, (False, None)),
], ids=["system store", "ca_path wins", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE, empty ignored", "not verified"])
def test_which_cas_verify(validate_certs, ca_path, environ, expected):
    assert tls_trust(validate_certs, ca_path, environ) == expected


def test_without_ca_path_a_session_verifies_with_the_system_store_direct_and_through_a_proxy(stdlib_trust):
    client = LivePlatformClient(base_url=BASE, access_token="t")
    adapter = client.session.get_adapter("https://live.example.net/tenantui")
    assert isinstance(adapter, SystemTrustAdapter)
    context = adapter.context
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    assert adapter.poolmanager.connection_pool_kw["ssl_context"] is context
    assert adapter.proxy_manager_for("http://127.0.0.1:3128").connection_pool_kw["ssl_context"] is context
    assert client.session.trust_env is True  # HTTP(S)_PROXY, NO_PROXY as requests reads them
    assert client._verify is True and client._trust == SYSTEM_TRUST


def test_the_system_store_is_never_mixed_with_certifi():
    """requests names its certifi bundle for verify=True; urllib3 would add it to the system store's context."""
    adapter = SystemTrustAdapter(ssl.create_default_context())
    conn = SimpleNamespace(cert_reqs=None, ca_certs=None, ca_cert_dir=None, cert_file=None, key_file=None)
    adapter.cert_verify(conn, "https://live.example.net/", True, None)
    assert conn.cert_reqs == "CERT_REQUIRED" and conn.ca_certs is None and conn.ca_cert_dir is None


@pytest.mark.parametrize("verify", ["ca_path", "REQUESTS_CA_BUNDLE"])
def test_a_ca_bundle_is_used_alone_without_the_system_adapter(tmp_path, monkeypatch, verify):
    bundle = tmp_path / "ca.pem"
    bundle.write_text("")
    if verify == "REQUESTS_CA_BUNDLE":
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))
        client = LivePlatformClient(base_url=BASE, access_token="t")
    else:
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/other-bundle.pem")
        client = LivePlatformClient(base_url=BASE, access_token="t", ca_path=str(bundle))
    assert client._verify == str(bundle)
    assert not isinstance(client.session.get_adapter("https://live.example.net/"), SystemTrustAdapter)


def test_ssl_cert_file_is_read_as_the_system_store(stdlib_trust, monkeypatch, tmp_path):
    """What the execution environment's update-ca-trust writes, or SSL_CERT_FILE names, is what verifies."""
    known = ssl.create_default_context().get_ca_certs(binary_form=True)
    if not known:
        pytest.skip("this machine's OpenSSL lists no CA file to take one from")
    bundle = tmp_path / "system-like.pem"
    bundle.write_text(ssl.DER_cert_to_PEM_cert(known[0]))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path / "empty"))
    assert system_trust_context().get_ca_certs(binary_form=True) == [known[0]]


def test_without_any_system_store_requests_bundle_verifies_as_before(stdlib_trust, monkeypatch, tmp_path):
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "none.pem"))
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path / "none"))
    if ssl.get_default_verify_paths().cafile or ssl.get_default_verify_paths().capath:
        pytest.skip("this Python finds a CA store whatever the environment says")
    client = LivePlatformClient(base_url=BASE, access_token="t")
    assert system_trust_context() is None
    assert client._verify is True and client._trust == CERTIFI_TRUST
    assert not isinstance(client.session.get_adapter("https://live.example.net/"), SystemTrustAdapter)


def test_truststore_is_preferred_when_installed(monkeypatch):
    monkeypatch.setattr(client_module, "truststore", SimpleNamespace(SSLContext=lambda protocol: ("os", protocol)))
    assert system_trust_context() == ("os", ssl.PROTOCOL_TLS_CLIENT)


def test_the_tls_hint_names_the_cas_it_verified_with(platform, monkeypatch):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/pki/bundle.pem")
    client = LivePlatformClient(base_url=BASE, access_token="t", session=platform)
    platform.faults.append(("GET", "/api/v2/sbc", _ssl_error(
        "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate")))
    with pytest.raises(TransportError) as err:
        client.get("/api/v2/sbc")
    assert ("could not be verified with REQUESTS_CA_BUNDLE (/etc/pki/bundle.pem), which replaces the system trust"
            " store: add the CA that signed it there, or set ca_path (or LIVE_PLATFORM_CA_PATH)") in err.value.msg
    assert err.value.fleet_wide


# --- the proxy option ----------------------------------------------------------------------------------------
def test_the_proxy_carries_the_token_request_and_every_call(platform):
    proxy = "http://svc:{0}@proxy.example.net:3128".format(PROXY_PASSWORD)
    client = LivePlatformClient(base_url=BASE, auth_url=AUTH, tenant_id="t", client_id="c", client_secret=SECRET,
                                proxy=proxy, session=platform)
    client.get("/api/v2/customer")
    assert [call["url"].split("/")[2] for call in platform.calls] == ["login.example.net", "live.example.net"]
    assert all(call["proxies"] == dict(http=proxy, https=proxy) for call in platform.calls)
    assert all(call["verify"] is True for call in platform.calls)


@pytest.mark.parametrize("value", [None, "", "  \n"])
def test_without_the_proxy_option_requests_reads_the_environment(platform, value):
    client = LivePlatformClient(base_url=BASE, access_token="t", proxy=value, session=platform)
    platform.valid_tokens.add("t")
    client.get("/api/v2/customer")
    assert platform.calls[-1]["proxies"] is None  # then requests applies HTTP(S)_PROXY and NO_PROXY (trust_env)


@pytest.mark.parametrize("value", [
    "http://proxy.example.net:3128", "https://proxy.example.net", "  http://proxy.example.net:3128/ \n",
    "http://svc:p%40ss@[::1]:3128", "HTTP://PROXY.EXAMPLE.NET:80",
])
def test_a_proxy_url_is_taken(platform, value):
    client = LivePlatformClient(base_url=BASE, access_token="t", proxy=value, session=platform)
    assert client._proxies == dict(http=value.strip(), https=value.strip())


@pytest.mark.parametrize("value, shows", [
    ("proxy.example.net:3128", "'proxy.example.net:3128'"),
    ("svc:{0}@proxy.example.net:3128".format(PROXY_PASSWORD), "'proxy.example.net:3128'"),
    ("socks5://proxy.example.net:1080", "'socks5://proxy.example.net:1080'"),
    ("ftp://proxy.example.net", "'ftp://proxy.example.net'"),
    ("http://", "'http://'"),
    ("http://svc:{0}@:3128".format(PROXY_PASSWORD), "'http://:3128'"),
    ("http://proxy.example.net:port", "'http://proxy.example.net:port'"),
    ("http://svc:{0}@proxy.example.net:99999".format(PROXY_PASSWORD), "'http://proxy.example.net:99999'"),
    ("http://proxy.example.net:", "'http://proxy.example.net:'"),
])
def test_a_malformed_proxy_is_refused_before_any_call_without_its_credentials(platform, value, shows):
    with pytest.raises(InputError) as err:
        LivePlatformClient(base_url=BASE, access_token="t", proxy=value, session=platform)
    assert err.value.field == "proxy" and err.value.fleet_wide
    assert "proxy: must be an http:// or https:// URL with a host name and an optional port" in err.value.msg
    assert err.value.msg.endswith("got " + shows)
    assert PROXY_PASSWORD not in shown(err) and "svc" not in shown(err)
    assert platform.calls == []


@pytest.mark.parametrize("value, kind", [(3128, "int"), (True, "boolean"), (["http://p:3128"], "list")])
def test_a_proxy_that_is_not_a_string_is_refused(platform, value, kind):
    with pytest.raises(InputError) as err:
        LivePlatformClient(base_url=BASE, access_token="t", proxy=value, session=platform)
    assert err.value.field == "proxy" and "must be a string (a URL), got a " + kind in err.value.msg


def test_a_proxy_password_is_masked_in_every_form_given_or_from_the_environment(platform, monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://env-user:Env-Pa55-99@proxy.example.net:3128")
    client = LivePlatformClient(base_url=BASE, access_token="t", proxy="http://svc:p%40ss-Word-1@proxy:3128",
                                session=platform)
    text = "p%40ss-Word-1 p@ss-Word-1 Env-Pa55-99"
    assert client.redact(text) == " ".join([MASK] * 3)


# --- a proxy that cannot be used: real sockets, fleet-wide, named, no password ---------------------------------
def test_a_refused_proxy_stops_the_run_naming_it(clock):
    port = unused_port()
    client = https_client("http://svc:{0}@127.0.0.1:{1}".format(PROXY_PASSWORD, port), clock)
    with pytest.raises(TransportError) as err:
        client.get("/api/v2/customer")
    assert err.value.fleet_wide and err.value.to_result()["fleet_wide"] is True
    assert PROXY_HINT.format(proxy="127.0.0.1:{0}".format(port), source=PROXY_OPTION_SOURCE, host="127.0.0.1:1",
                             bypass="") in err.value.msg
    assert err.value.msg.startswith("POST https://127.0.0.1:1/t/oauth2/v2.0/token got no answer: ")
    assert len(clock.sleeps) == 2  # retried as a refused connection is
    assert PROXY_PASSWORD not in shown(err)


def test_a_proxy_asking_for_credentials_stops_the_run_at_once_without_the_password(clock):
    with ProxyAskingForCredentials() as proxy:
        client = https_client(proxy.url_with("svc", PROXY_PASSWORD), clock)
        with pytest.raises(TransportError) as err:
            client.get("/api/v2/customer")
    assert proxy.requests == [("CONNECT", "127.0.0.1:1", True)]
    assert err.value.fleet_wide and clock.sleeps == []  # the same credentials would be refused again
    assert "407 Proxy Authentication Required" in err.value.msg
    assert PROXY_AUTH_HINT.format(proxy=proxy.address, source=PROXY_OPTION_SOURCE) in err.value.msg
    assert PROXY_PASSWORD not in shown(err)


def test_a_407_to_a_plain_http_url_is_the_proxys_not_the_platforms(clock):
    with ProxyAskingForCredentials() as proxy:
        client = LivePlatformClient(base_url="http://127.0.0.1:1/tenantui", access_token=TOKEN,
                                    proxy="http://" + proxy.address, sleep=clock.sleep, timeout=10)
        with pytest.raises(TransportError) as err:
            client.get("/api/v2/customer")
    assert proxy.requests == [("GET", "http://127.0.0.1:1/tenantui/api/v2/customer", False)]
    assert err.value.fleet_wide and "the proxy answered HTTP 407" in err.value.msg
    assert PROXY_AUTH_HINT.format(proxy=proxy.address, source=PROXY_OPTION_SOURCE) in err.value.msg


def test_https_proxy_from_the_environment_is_named_with_no_proxy(clock, monkeypatch):
    port = unused_port()
    monkeypatch.setenv("HTTPS_PROXY", "http://env-user:{0}@127.0.0.1:{1}".format(PROXY_PASSWORD, port))
    client = https_client(None, clock, retries=0)
    with pytest.raises(TransportError) as err:
        client.get("/api/v2/customer")
    assert err.value.fleet_wide
    assert PROXY_HINT.format(proxy="127.0.0.1:{0}".format(port), source="HTTPS_PROXY", host="127.0.0.1:1",
                             bypass=NO_PROXY_NOTE) in err.value.msg
    assert PROXY_PASSWORD not in shown(err)


def test_no_proxy_applies_to_the_environment_not_to_the_option(clock, monkeypatch):
    dead = "http://127.0.0.1:{0}".format(unused_port())
    monkeypatch.setenv("HTTP_PROXY", dead)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    server = LoopbackPlatform()
    try:
        direct = LivePlatformClient(base_url=server.url + "/tenantui", access_token=TOKEN, sleep=clock.sleep)
        assert direct.get("/api/v2/customer") == []
        forced = LivePlatformClient(base_url=server.url + "/tenantui", access_token=TOKEN, proxy=dead, retries=0,
                                    sleep=clock.sleep)
        with pytest.raises(TransportError) as err:
            forced.get("/api/v2/customer")
        assert err.value.fleet_wide and PROXY_OPTION_SOURCE in err.value.msg
    finally:
        server.close()
