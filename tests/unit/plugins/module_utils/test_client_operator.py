# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The client at the edge with the operator: its inputs, the exceptions of requests, the messages and warnings.

Where the exception's text matters, a real requests session talks to a real socket on the loopback interface."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import socket
import ssl
import threading

from http.client import RemoteDisconnected
from http.server import BaseHTTPRequestHandler, HTTPServer
from socketserver import ThreadingMixIn

import pytest
import requests
from urllib3.exceptions import MaxRetryError, NameResolutionError, ProtocolError
from urllib3.exceptions import SSLError as Urllib3SSLError

from ansible_collections.audiocodes.live_platform.plugins.module_utils import client as client_module
from ansible_collections.audiocodes.live_platform.plugins.module_utils.client import LivePlatformClient
from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import (
    ApiError, AuthError, InputError, TransportError,
)
from ansible_collections.audiocodes.live_platform.plugins.module_utils.redaction import MASK
from ansible_collections.audiocodes.live_platform.tests.unit.plugins.module_utils.fake_platform import (
    AUTH, BASE, SECRET, FakeResponse,
)

# A token as a file gives it (trailing newline) and one the token endpoint of a broken proxy could issue.
TOKEN = "eyJhbGciOiJSUzI1NiJ9.Zm9vYmFy.c2lnbmF0dXJlLXZhbHVl"
BROKEN_TOKEN = "eyJbroken-token-part\ninjected: value"


# --- a real HTTP server on the loopback interface ------------------------------------------------------------
class _Server(ThreadingMixIn, HTTPServer):
    daemon_threads = True


class LoopbackPlatform(object):
    """Answers every token request with self.issued and every other call with [] (records the headers)."""

    def __init__(self):
        self.issued = TOKEN
        self.authorizations = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, body):
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):  # noqa: N802 - http.server's name
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self._answer(dict(access_token=owner.issued, token_type="Bearer", expires_in=3599))

            def do_GET(self):  # noqa: N802
                owner.authorizations.append(self.headers.get("Authorization"))
                self._answer([])

            def log_message(self, *args):
                pass

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:{0}".format(self.server.server_address[1])
        self.thread = threading.Thread(target=self.server.serve_forever)
        self.thread.daemon = True
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class ClosingPort(object):
    """What a TLS port does to a plain-HTTP request: reads it, answers nothing, closes. Counts the connections."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.connections = 0
        self.url = "http://127.0.0.1:{0}".format(self.sock.getsockname()[1])
        self.thread = threading.Thread(target=self._serve)
        self.thread.daemon = True
        self.thread.start()

    def _serve(self):
        while True:
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            conn.settimeout(2)
            data = b""
            try:
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(4096)
                    if not chunk:
                        break
                    data += chunk
            except OSError:
                pass
            conn.close()

    def close(self):
        self.sock.close()


@pytest.fixture
def loopback():
    server = LoopbackPlatform()
    yield server
    server.close()


@pytest.fixture
def closing_port():
    port = ClosingPort()
    yield port
    port.close()


def unused_port():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def real_client(url, **kwargs):
    kwargs.setdefault("sleep", lambda seconds: None)
    return LivePlatformClient(base_url=url + "/tenantui", timeout=5, **kwargs)


# --- 1. inputs -----------------------------------------------------------------------------------------------
def test_a_token_read_from_a_file_works_without_its_newline(loopback):
    client = real_client(loopback.url, access_token="  " + TOKEN + "\r\n")
    assert client.get("/api/v2/customer") == []
    assert loopback.authorizations == ["Bearer " + TOKEN]


@pytest.mark.parametrize("token", [
    "eyJpart one", "eyJpart\none", "eyJpart\r\none", "eyJpart\tone", "eyJpart\x00one", "eyJpart\x1b[2Jone",
    u"eyJpart\u200bone", u"eyJpart\u00e9one",
])
def test_a_token_with_inner_whitespace_or_control_characters_is_refused_without_echo(platform, token):
    with pytest.raises(InputError) as err:
        LivePlatformClient(base_url=BASE, access_token=token, session=platform)
    assert err.value.field == "access_token"
    assert "printable ASCII" in err.value.msg and "not shown" in err.value.msg
    shown = repr(err.value.to_result()) + str(err.value)
    assert "part" not in shown and "eyJ" not in shown
    assert platform.calls == []


@pytest.mark.parametrize("field, value, kind", [
    ("access_token", 123456789, "int"), ("access_token", True, "boolean"), ("access_token", ["eyJx"], "list"),
    ("client_secret", 987654321, "int"), ("client_secret", dict(value="s"), "dict"),
])
def test_a_secret_that_is_not_a_string_is_refused_naming_the_field(platform, field, value, kind):
    kwargs = dict(base_url=BASE, auth_url=AUTH, tenant_id="t", client_id="c", session=platform)
    kwargs[field] = value
    with pytest.raises(InputError) as err:
        LivePlatformClient(**kwargs)
    assert err.value.field == field
    assert "must be a string" in err.value.msg and kind in err.value.msg
    assert str(value) not in err.value.msg and "eyJx" not in err.value.msg


def test_a_client_secret_read_from_a_file_signs_in(platform):
    client = LivePlatformClient(base_url=BASE, auth_url=AUTH, tenant_id="t", client_id="c",
                                client_secret=SECRET + "\n", session=platform)
    assert client.get("/api/v2/customer") == []
    assert platform.calls[0]["data"]["client_secret"] == SECRET


def test_a_missing_ca_path_is_refused_before_any_call(platform, tmp_path):
    missing = str(tmp_path / "no-such-ca.pem")
    with pytest.raises(InputError) as err:
        LivePlatformClient(base_url=BASE, access_token="t", ca_path=missing, session=platform)
    assert err.value.field == "ca_path" and missing in err.value.msg and "does not exist" in err.value.msg
    with pytest.raises(InputError) as err:
        LivePlatformClient(base_url=BASE, access_token="t", ca_path=str(tmp_path), session=platform)
    assert err.value.field == "ca_path" and str(tmp_path) in err.value.msg and "is not a file" in err.value.msg
    assert platform.calls == []
    # Not used without certificate checks, so not in the way either.
    LivePlatformClient(base_url=BASE, access_token="t", ca_path=missing, validate_certs=False, session=platform)


def test_a_missing_ca_path_is_refused_with_a_real_session(loopback, tmp_path):
    # Before: requests raised OSError ("Could not find a suitable TLS CA certificate bundle") at the first call.
    with pytest.raises(InputError) as err:
        real_client(loopback.url.replace("http:", "https:"), access_token=TOKEN, ca_path=str(tmp_path / "x.pem"))
    assert err.value.field == "ca_path"


@pytest.mark.parametrize("url, rule", [
    ("live.example.net/tenantui", "must be an http:// or https:// URL"),
    ("ftp://live.example.net/tenantui", "must be an http:// or https:// URL"),
    ("https:///tenantui", "must be an http:// or https:// URL"),
    ("https://admin:hunter2@live.example.net/tenantui", "must not carry a user name or password"),
])
def test_a_malformed_base_url_is_refused(platform, url, rule):
    with pytest.raises(InputError) as err:
        LivePlatformClient(base_url=url, access_token="t", session=platform)
    assert err.value.field == "base_url" and rule in err.value.msg
    assert "hunter2" not in err.value.msg


# --- 2. no library exception escapes, none unredacted --------------------------------------------------------
def test_a_token_with_a_line_break_from_the_token_endpoint_never_shows(loopback):
    # requests refuses the header with InvalidHeader, whose text quotes 'Bearer <token>' with the break escaped.
    loopback.issued = BROKEN_TOKEN
    client = real_client(loopback.url, auth_url=loopback.url, tenant_id="t", client_id="c", client_secret=SECRET)
    with pytest.raises(TransportError) as err:
        client.get("/api/v2/customer")
    shown = err.value.msg + repr(err.value.to_result())
    assert "InvalidHeader" in shown and MASK in shown
    assert "broken-token" not in shown and "injected" not in shown
    assert loopback.authorizations == []  # nothing was sent


def test_every_request_exception_becomes_a_transport_error(platform):
    client = LivePlatformClient(base_url=BASE, access_token="t", session=platform)
    platform.faults.append(("GET", "/api/v2/customer", requests.exceptions.InvalidURL("Invalid URL 't'")))
    with pytest.raises(TransportError) as err:
        client.get("/api/v2/customer")
    assert "Invalid URL" in err.value.msg and "InvalidURL" in err.value.msg


# --- 3. the real cause, not its context ----------------------------------------------------------------------
def test_a_transport_error_names_its_own_cause_not_an_earlier_handled_error():
    port = unused_port()
    client = real_client("http://127.0.0.1:{0}".format(port), access_token=TOKEN, retries=0)
    messages = []
    try:
        raise ApiError("POST", "/api/v2/customer", 503, "Service Unavailable")
    except ApiError:
        # As service.py does: a lookup after a failed write, inside the handler of the write's error.
        with pytest.raises(TransportError) as err:
            client.get("/api/v2/customer")
        messages.append(err.value.msg)
    assert "Connection refused" in messages[0]
    assert "503" not in messages[0] and "POST" not in messages[0]


def test_the_cause_chain_follows_what_requests_and_urllib3_wrap():
    inner = ConnectionResetError(104, "Connection reset by peer")
    exc = requests.exceptions.ConnectionError(ProtocolError("Connection aborted.", inner))
    assert client_module._reason(exc) == "[Errno 104] Connection reset by peer (ConnectionError)"
    reason = Urllib3SSLError(ssl.SSLError(1, "[SSL: WRONG_VERSION_NUMBER] wrong version number"))
    exc = requests.exceptions.SSLError(MaxRetryError(None, "/x", reason=reason))
    assert client_module._reason(exc) == "[SSL: WRONG_VERSION_NUMBER] wrong version number (SSLError)"


# --- 4. messages an operator can act on ----------------------------------------------------------------------
def test_every_message_names_the_full_url_with_its_query(client, platform):
    for dummy in range(4):
        platform.faults.append(("GET", "/api/v2/scripttemplates", FakeResponse(500, "boom")))
    with pytest.raises(ApiError) as err:
        client.get("/api/v2/scripttemplates", params=dict(pageNumber=0, pageSize=100))
    assert err.value.msg.startswith(
        "GET {0}/api/v2/scripttemplates?pageNumber=0&pageSize=100 failed with HTTP 500: boom".format(BASE))
    assert err.value.details["path"] == "/api/v2/scripttemplates"
    assert err.value.details["url"] == BASE + "/api/v2/scripttemplates?pageNumber=0&pageSize=100"
    platform.faults.append(("GET", "/api/v2/sbc", requests.exceptions.ReadTimeout("read timed out")))
    client.retries = 0
    with pytest.raises(TransportError) as err:
        client.get("/api/v2/sbc")
    assert err.value.msg.startswith("GET {0}/api/v2/sbc got no answer: read timed out".format(BASE))


def test_a_refused_secret_names_the_token_url(platform):
    client = LivePlatformClient(base_url=BASE, auth_url=AUTH, tenant_id="sp-tenant", client_id="c",
                                client_secret="wrong-secret", session=platform)
    with pytest.raises(AuthError) as err:
        client.authenticate()
    assert err.value.msg.startswith("POST {0}/sp-tenant/oauth2/v2.0/token failed with HTTP 401: ".format(AUTH))
    assert "wrong-secret" not in repr(err.value.to_result())


def test_https_to_a_plain_http_server_says_it_does_not_speak_tls(loopback):
    client = real_client(loopback.url.replace("http:", "https:"), access_token=TOKEN)
    with pytest.raises(TransportError) as err:
        client.get("/api/v2/customer")
    host = loopback.url.split("//")[1]
    assert "{0} does not speak TLS there".format(host) in err.value.msg
    assert "use http:// in base_url" in err.value.msg
    assert "set ca_path" not in err.value.msg


def test_http_to_a_tls_port_says_it_may_expect_https_after_one_retry(closing_port):
    sleeps = []
    client = real_client(closing_port.url, access_token=TOKEN, retries=5, sleep=sleeps.append)
    with pytest.raises(TransportError) as err:
        client.get("/api/v2/customer")
    host = closing_port.url.split("//")[1]
    assert "{0} closed the connection or answered with something that is not HTTP".format(host) in err.value.msg
    assert "try https:// in base_url" in err.value.msg
    assert closing_port.connections == 2 and len(sleeps) == 1  # not retries=5 times the same mismatch


def test_a_reset_after_the_server_answered_is_retried_as_usual(platform, clock):
    url = "http://127.0.0.1:9/tenantui"
    client = LivePlatformClient(base_url=url, access_token="t", session=platform, sleep=clock.sleep, retries=3)
    platform.faults.append(("GET", "/api/v2/customer", FakeResponse(200, [])))
    for dummy in range(3):
        platform.faults.append(("GET", "/api/v2/customer", requests.exceptions.ConnectionError(
            ProtocolError("Connection aborted.", RemoteDisconnected("Remote end closed connection")))))
    platform.faults.append(("GET", "/api/v2/customer", FakeResponse(200, ["ok"])))
    assert client.get("/api/v2/customer") == []
    assert client.get("/api/v2/customer") == ["ok"]
    assert len(clock.sleeps) == 3


def _ssl_error(text):
    reason = Urllib3SSLError(ssl.SSLCertVerificationError(1, text))
    return requests.exceptions.SSLError(MaxRetryError(None, "/api/v2/sbc", reason=reason))


def test_a_host_name_mismatch_names_the_host_not_ca_path(client, platform):
    platform.faults.append(("POST", "/oauth2", _ssl_error(
        "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Hostname mismatch, certificate is not valid"
        " for 'login.example.net'. (_ssl.c:1006)")))
    with pytest.raises(TransportError) as err:
        client.get("/api/v2/sbc")
    assert "The certificate of login.example.net is not issued for that name" in err.value.msg
    assert "in auth_url" in err.value.msg and "set ca_path" not in err.value.msg


def test_an_unknown_ca_keeps_the_ca_path_hint(client, platform):
    platform.faults.append(("POST", "/oauth2", _ssl_error(
        "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate in certificate chain")))
    with pytest.raises(TransportError) as err:
        client.get("/api/v2/sbc")
    # It names the CAs it verified with: here what the test's environment gives (see test_trust_and_proxy.py).
    assert client_module.TLS_HINT.format(trust=client._trust) in err.value.msg


def test_another_tls_failure_gets_no_misleading_hint(client, platform):
    platform.faults.append(("POST", "/oauth2", requests.exceptions.SSLError(MaxRetryError(
        None, "/x", reason=Urllib3SSLError(ssl.SSLError(1, "[SSL: SSLV3_ALERT_HANDSHAKE_FAILURE] handshake"))))))
    with pytest.raises(TransportError) as err:
        client.get("/api/v2/sbc")
    assert "HANDSHAKE_FAILURE" in err.value.msg and "ca_path" not in err.value.msg


def test_a_dns_failure_names_the_host(client, platform, clock):
    for dummy in range(4):
        platform.faults.append(("GET", "/api/v2/sbc", requests.exceptions.ConnectionError(MaxRetryError(
            None, "/tenantui/api/v2/sbc", reason=NameResolutionError(
                "live.example.net", None, socket.gaierror(-2, "Name or service not known"))))))
    client.authenticate()
    with pytest.raises(TransportError) as err:
        client.get("/api/v2/sbc")
    assert "The host name live.example.net could not be resolved: check base_url" in err.value.msg


# --- 5. warnings ---------------------------------------------------------------------------------------------
def test_validate_certs_false_warns_that_certificates_are_not_checked(platform):
    client = LivePlatformClient(base_url=BASE, auth_url=AUTH, tenant_id="t", client_id="c", client_secret=SECRET,
                                validate_certs=False, session=platform)
    assert client.warnings == [client_module.INSECURE_TLS_WARNING.format(
        hosts="live.example.net and login.example.net")]
    assert LivePlatformClient(base_url=BASE, access_token="t", session=platform).warnings == []


@pytest.mark.parametrize("base_url, auth_url, access_token, options", [
    ("http://live.example.net/tenantui", AUTH, "t", ["base_url"]),
    ("http://live.example.net/tenantui", "http://10.0.0.5", None, ["auth_url", "base_url"]),
    (BASE, "http://login.example.net", None, ["auth_url"]),
    # A given token with the credentials: renewed at the token endpoint when it expires (alone: see above).
    (BASE, "http://login.example.net", "t", ["auth_url"]),
    ("http://127.0.0.1:8080/tenantui", "http://127.9.9.9:8080", None, []),
    ("http://[::1]:8080/tenantui", "http://localhost:8080", None, []),
])
def test_plain_http_to_a_remote_host_warns_that_secrets_travel_in_clear(platform, base_url, auth_url,
                                                                        access_token, options):
    client = LivePlatformClient(base_url=base_url, auth_url=auth_url, tenant_id="t", client_id="c",
                                client_secret=SECRET, access_token=access_token, session=platform)
    assert [w.split(" ", 1)[0] for w in client.warnings] == options
    for warning in client.warnings:
        assert "is plain http:// to" in warning and "travel in clear" in warning
    assert SECRET not in repr(client.warnings)


def test_validate_certs_not_given_means_checked(platform):
    client = LivePlatformClient.from_params(dict(base_url=BASE, access_token="t"), session=platform)
    assert platform.verify is True and client.warnings == []


def test_a_traceback_of_the_error_does_not_show_the_librarys_exception(loopback):
    import traceback
    loopback.issued = BROKEN_TOKEN
    client = real_client(loopback.url, auth_url=loopback.url, tenant_id="t", client_id="c", client_secret=SECRET)
    shown = ""
    try:
        client.get("/api/v2/customer")
    except TransportError:
        shown = traceback.format_exc()  # what Ansible prints at -vvv for an exception it did not expect
    assert "TransportError" in shown and "broken-token" not in shown
