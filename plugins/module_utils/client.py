# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one API client of the collection: auth, session, retries and typed errors."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import email.utils
import ipaddress
import os
import random
import socket
import ssl
import threading
import time
import traceback

from http.client import BadStatusLine
from urllib.parse import unquote, urlsplit
from urllib.request import getproxies

try:
    import requests
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
    _HTTPAdapter = requests.adapters.HTTPAdapter
except ImportError:  # the module reports it with missing_required_lib
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
    _HTTPAdapter = object

try:
    # Optional: verifies with the operating system's own trust store (macOS Keychain, Windows, OpenSSL's paths on
    # Linux); without it the standard library's default verify paths give the same store on Linux.
    import truststore
except ImportError:
    truststore = None

from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import (
    ApiError, AuthError, ConnectionInputError, NotFoundError, TransportError,
)
from ansible_collections.audiocodes.live_platform.plugins.module_utils.redaction import Redactor
from ansible_collections.audiocodes.live_platform.plugins.module_utils.options import (
    CONNECTION_OPTIONS, DEFAULT_AUTH_URL, DEFAULT_SCOPE,
)

USER_AGENT = "audiocodes.live_platform-ansible-collection"
# Answers that say "not now" rather than "no": worth another try after a pause.
RETRYABLE_STATUSES = frozenset((429, 500, 502, 503, 504))
# A refused write was not applied, so it may be sent again; any other failure of a write is ambiguous.
WRITE_RETRYABLE_STATUSES = frozenset((429,))
IDEMPOTENT_METHODS = frozenset(("GET", "HEAD", "OPTIONS", "DELETE", "PUT"))
TLS_HINT = ("The certificate could not be verified with {trust}: add the CA that signed it there, or set ca_path (or"
            " LIVE_PLATFORM_CA_PATH) to the PEM bundle of that CA; validate_certs=false is for test systems only")
# What TLS_HINT's {trust} says, by where the CAs came from (tls_trust).
SYSTEM_TRUST = "the system trust store"
BUNDLE_TRUST = "{name} ({path}), which replaces the system trust store"
CA_PATH_TRUST = "ca_path ({path})"
CERTIFI_TRUST = "the CA bundle of requests (certifi), as no system trust store was found"
CA_BUNDLE_VARIABLES = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")  # in requests' order
PROXY_HINT = ("The proxy {proxy} (from {source}) could not be reached or did not open the connection to {host}:"
              " check {source}{bypass}")
PROXY_AUTH_HINT = ("The proxy {proxy} (from {source}) asks for credentials or refused them (HTTP 407): give them in"
                   " {source} as http://user:password@host:port")
NO_PROXY_NOTE = "; a host reached without a proxy belongs in NO_PROXY"
PROXY_OPTION_SOURCE = "proxy (LIVE_PLATFORM_PROXY)"
# The hints and warnings below are the operator's; docs/troubleshooting.md quotes each of them.
HOST_MISMATCH_HINT = ("The certificate of {host} is not issued for that name: use the host name the certificate"
                      " names in {option} (ca_path cannot fix this)")
NOT_TLS_HINT = ("{host} does not speak TLS there (it answered in plain text): if it serves plain HTTP, use http://"
                " in {option}; else check the port")
EXPECTS_TLS_HINT = ("{host} closed the connection or answered with something that is not HTTP: it may expect TLS;"
                    " try https:// in {option}")
DNS_HINT = "The host name {host} could not be resolved: check {option} and the controller's DNS (or proxy) settings"
INSECURE_TLS_WARNING = ("validate_certs is false: the TLS certificate of {hosts} is not checked, so whoever can"
                        " intercept the connection can read the client secret and the tokens; give ca_path for a"
                        " private CA instead")
CLEAR_TEXT_WARNING = ("{option} is plain http:// to {host}, which is not this machine: the {what} travel in clear"
                      " over the network; use https://")
_CLEAR_TEXT_WHAT = dict(auth_url="client secret and the token", base_url="token and the services' data")
# What OpenSSL says when the server answers a TLS handshake in plain text (the wording changed in OpenSSL 3.2).
_NOT_TLS = ("wrong version number", "record layer failure", "packet length too long", "unknown protocol")
_HOST_MISMATCH = ("hostname mismatch", "ip address mismatch", "doesn't match")
# A bearer token as issued (RFC 6750 b64token, JWT): printable ASCII, no space. Anything else breaks the header.
_TOKEN_CHARS = frozenset(chr(code) for code in range(0x21, 0x7f))
_ENV_OF = dict((opt["name"], opt["env"]) for opt in CONNECTION_OPTIONS)


def _missing(name):
    return ConnectionInputError(name, "is required; set the option or the environment variable {0}".format(
        _ENV_OF[name]))


def _type_name(value):
    return "boolean" if isinstance(value, bool) else type(value).__name__


def _checked_url(name, value):
    if not isinstance(value, str):
        raise ConnectionInputError(name, "must be a string (a URL), got a {0}".format(_type_name(value)))
    value = value.strip()
    parts = urlsplit(value)
    if "@" in parts.netloc:  # not echoed: a user:password@ would be a secret
        raise ConnectionInputError(name, "must not carry a user name or password (user@host): the platform signs in"
                                         " with a token")
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ConnectionInputError(name, "must be an http:// or https:// URL with a host name, got '{0}'".format(value))
    return value.rstrip("/")


def _checked_token(value):
    """The token without the whitespace around it (a file's newline); the rule broken, never the value."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ConnectionInputError("access_token", "must be a string (the bearer token's text), got a {0}".format(
            _type_name(value)))
    value = value.strip()
    if any(char not in _TOKEN_CHARS for char in value):
        raise ConnectionInputError("access_token", "must be the token as issued: printable ASCII characters without"
                                                   " spaces, line breaks or control characters (the value is not"
                                                   " shown)")
    return value


def _checked_ca_path(value):
    if not isinstance(value, str):
        raise ConnectionInputError("ca_path", "must be the path of a PEM file, got a {0}".format(_type_name(value)))
    if not os.path.exists(value):
        raise ConnectionInputError("ca_path", "'{0}' does not exist on the controller: give the path of the PEM file"
                                              " of the CA certificate(s)".format(value))
    if not os.path.isfile(value):
        raise ConnectionInputError("ca_path", "'{0}' is not a file: give the path of the PEM file of the CA"
                                              " certificate(s)".format(value))
    if not os.access(value, os.R_OK):
        raise ConnectionInputError("ca_path", "'{0}' cannot be read by this user".format(value))
    return value


def _url_passwords(url):
    """The password of a URL's user:password@, as written and percent-decoded: the forms that may show in text."""
    if not isinstance(url, str) or "@" not in url:
        return []
    url = url.strip()
    netloc = urlsplit(url if "://" in url else "http://" + url).netloc
    userinfo = netloc.rpartition("@")[0]
    if ":" not in userinfo:
        return []
    password = userinfo.split(":", 1)[1]
    return [password, unquote(password)]


def _without_userinfo(url):
    """url with any user:password@ left out, for a message (the scheme and the host stay)."""
    head, at, tail = url.rpartition("@")
    if not at:
        return url
    return (head.split("://", 1)[0] + "://" if "://" in head else "") + tail


def _checked_proxy(value):
    """The proxy URL, stripped; refused before any call unless http(s)://[user:password@]host[:port]."""
    if not isinstance(value, str):
        raise ConnectionInputError("proxy", "must be a string (a URL), got a {0}".format(_type_name(value)))
    value = value.strip()
    parts = urlsplit(value)
    try:
        valid_port = parts.port is not None or ":" not in parts.netloc.rpartition("@")[2].rpartition("]")[2]
    except ValueError:  # not a number, or out of range
        valid_port = False
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or not valid_port:
        raise ConnectionInputError("proxy", "must be an http:// or https:// URL with a host name and an optional"
                                            " port, http://[user:password@]host[:port], got '{0}'".format(
                                                _without_userinfo(value)))
    return value


def tls_trust(validate_certs, ca_path, environ=None):
    """(verify, trust): what requests gets as ``verify``, and the words for the CAs it verifies with.

    ca_path wins, then a CA bundle that requests itself would take from the environment (REQUESTS_CA_BUNDLE,
    CURL_CA_BUNDLE), then the system trust store: verify is then True, and the session verifies with
    system_trust_context() instead of requests' own bundle (certifi), which ignores a CA added to the system.
    """
    environ = os.environ if environ is None else environ
    if not validate_certs:
        return False, None
    if ca_path:
        return ca_path, CA_PATH_TRUST.format(path=ca_path)
    for name in CA_BUNDLE_VARIABLES:
        if environ.get(name):
            return environ[name], BUNDLE_TRUST.format(name=name, path=environ[name])
    return True, SYSTEM_TRUST


def system_trust_context():
    """An SSLContext that verifies with the system trust store, or None when the system has none.

    truststore when installed; else the standard library's default context, which reads OpenSSL's default paths,
    SSL_CERT_FILE and SSL_CERT_DIR included (where update-ca-trust / update-ca-certificates write).
    """
    if truststore is not None:
        return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    paths = ssl.get_default_verify_paths()
    if not (paths.cafile or paths.capath):  # e.g. python.org's macOS build before "Install Certificates"
        return None
    return ssl.create_default_context()


class SystemTrustAdapter(_HTTPAdapter):
    """An HTTPAdapter that verifies with one SSLContext (the system trust store), direct and through a proxy."""

    def __init__(self, context, **kwargs):
        self.context = context  # before the base class builds its pool manager
        super(SystemTrustAdapter, self).__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["ssl_context"] = self.context
        return super(SystemTrustAdapter, self).init_poolmanager(*args, **kwargs)

    def proxy_manager_for(self, proxy, **proxy_kwargs):
        proxy_kwargs["ssl_context"] = self.context  # the tunnelled TLS to the platform, else requests' default
        return super(SystemTrustAdapter, self).proxy_manager_for(proxy, **proxy_kwargs)

    def cert_verify(self, conn, url, verify, cert):
        super(SystemTrustAdapter, self).cert_verify(conn, url, verify, cert)
        if verify is True:  # requests names certifi's bundle here, which urllib3 would load into the context
            conn.ca_certs = None
            conn.ca_cert_dir = None


def _is_loopback(host):
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback  # 127.0.0.0/8 and ::1
    except ValueError:
        return False


def connection_warnings(urls, validate_certs):
    """The warnings a connection deserves: urls is {option: URL} of the URLs the client will call."""
    warnings = []
    hosts = sorted(set(urlsplit(url).hostname for url in urls.values() if urlsplit(url).scheme.lower() == "https"))
    if not validate_certs and hosts:
        warnings.append(INSECURE_TLS_WARNING.format(hosts=" and ".join(hosts)))
    for option in sorted(urls):
        parts = urlsplit(urls[option])
        if parts.scheme.lower() == "http" and not _is_loopback(parts.hostname):
            warnings.append(CLEAR_TEXT_WARNING.format(option=option, host=parts.hostname,
                                                      what=_CLEAR_TEXT_WHAT[option]))
    return warnings


class LivePlatformClient(object):
    """One authenticated client per run: one token, keep-alive sessions (one per thread), retries.

    Safe to share between the threads of a batch: each thread gets its own ``requests`` session, and the
    token is fetched and renewed under a lock so that a burst of 401s asks for one new token only.
    """

    def __init__(self, base_url, tenant_id=None, client_id=None, client_secret=None, access_token=None,
                 scope=DEFAULT_SCOPE, auth_url=DEFAULT_AUTH_URL, validate_certs=True, ca_path=None,
                 timeout=30, retries=5, channel_id=None, proxy=None, session=None, sleep=time.sleep,
                 backoff_base=0.5, max_backoff=30.0, redactor=None):
        self._redactor = redactor if redactor is not None else Redactor()
        self._redactor.add(client_secret, access_token)
        # A proxy's password, given or from HTTP(S)_PROXY, is masked like the credentials: a library may quote a URL.
        self._redactor.add(*[password for url in [proxy] + list(getproxies().values()) for password in
                             _url_passwords(url)])
        if client_secret is not None and not isinstance(client_secret, str):
            raise ConnectionInputError("client_secret", "must be a string, got a {0}".format(_type_name(client_secret)))
        client_secret = client_secret.strip() if client_secret else client_secret  # a file's newline
        access_token = _checked_token(access_token)
        if not base_url:
            raise _missing("base_url")
        if not access_token:
            for name, value in (("tenant_id", tenant_id), ("client_id", client_id), ("client_secret", client_secret)):
                if not value:
                    raise ConnectionInputError(name, "is required unless access_token is given; set the option or"
                                                     " the environment variable {0}".format(_ENV_OF[name]))
        if retries is not None and retries < 0:
            raise ConnectionInputError("retries", "must be 0 or more")
        if timeout is not None and timeout <= 0:
            raise ConnectionInputError("timeout", "must be more than 0 seconds")
        if validate_certs is None:  # not given (from_params of a partial mapping): the default, never "off"
            validate_certs = True
        self.base_url = _checked_url("base_url", base_url)
        self.auth_url = _checked_url("auth_url", auth_url or DEFAULT_AUTH_URL)
        if validate_certs and ca_path:
            _checked_ca_path(ca_path)
        # Empty means not set (an AWX credential injects LIVE_PLATFORM_PROXY=""): then HTTP(S)_PROXY and NO_PROXY
        # work as requests reads them. A given proxy carries both URLs, whatever NO_PROXY says.
        if isinstance(proxy, str) and not proxy.strip():
            proxy = None
        self._proxy = _checked_proxy(proxy) if proxy is not None else None
        self._proxies = dict(http=self._proxy, https=self._proxy) if self._proxy else None
        self.tenant_id = tenant_id
        self.client_id = client_id
        self._client_secret = client_secret
        # A given token with the client credentials (a session task's, shared by a run's module calls) is renewed
        # with them when the platform refuses it; a given token alone cannot be.
        self._static_token = access_token if not (tenant_id and client_id and client_secret) else None
        self._token = access_token
        # Warnings for the caller to show (module.warn, display.warning): set once, about this connection.
        urls = dict(base_url=self.base_url) if self._static_token else dict(base_url=self.base_url, auth_url=self.auth_url)
        self.warnings = connection_warnings(urls, validate_certs)
        self._answered = set()  # the origins that gave an HTTP answer: a reset there is not a scheme mismatch
        self.scope = scope or DEFAULT_SCOPE
        self.timeout = timeout
        self.retries = 5 if retries is None else retries
        self.channel_id = channel_id
        self._sleep = sleep
        self._backoff_base = backoff_base
        self._max_backoff = max_backoff
        self._verify, self._trust = tls_trust(validate_certs, ca_path)
        self._ssl_context = system_trust_context() if self._verify is True else None
        if self._verify is True and self._ssl_context is None:
            self._trust = CERTIFI_TRUST
        self._headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
        if channel_id:
            self._headers["X-Ovoc-Channel-Id"] = str(channel_id)
        self._token_lock = threading.Lock()
        self._local = threading.local()
        self._given_session = self._configure(session) if session is not None else None

    def _configure(self, session):
        session.verify = self._verify
        session.headers.update(self._headers)
        return session

    @property
    def session(self):
        if self._given_session is not None:
            return self._given_session
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()  # trust_env stays on: HTTPS_PROXY, HTTP_PROXY and NO_PROXY work as in requests
            if self._ssl_context is not None:
                session.mount("https://", SystemTrustAdapter(self._ssl_context))
            session = self._local.session = self._configure(session)
        return session

    @classmethod
    def from_params(cls, params, **kwargs):
        names = [opt["name"] for opt in CONNECTION_OPTIONS]
        return cls(**dict(((name, params.get(name)) for name in names), **kwargs))

    # --- secrets -----------------------------------------------------------------------------------
    def add_secret(self, *values):
        """Register values (e.g. carrier passwords) that must never appear in an error or a result."""
        self._redactor.add(*values)

    def redact(self, value):
        """value with every secret this client knows masked (its credentials, its tokens, the added ones)."""
        return self._redactor(value)

    # --- auth ----------------------------------------------------------------------------------------
    def _fetch_token(self):
        path = "/{0}/oauth2/v2.0/token".format(self.tenant_id)
        form = dict(grant_type="client_credentials", client_id=self.client_id,
                    client_secret=self._client_secret, scope=self.scope)
        url = self.auth_url + path
        body = self._send("POST", url, path, data=form, idempotent=True, auth=False, error_class=AuthError)
        token = body.get("access_token") if isinstance(body, dict) else None
        if not token:
            raise AuthError("POST", path, 200, "the token endpoint answered without an access_token", url=url)
        self._redactor.add(token)
        self._token = token

    def _current_token(self):
        token = self._token
        if not token:
            with self._token_lock:
                if not self._token:
                    self._fetch_token()
                token = self._token
        return token

    def authenticate(self):
        """Get a token now (the first call would), so that a caller can tell sign-in problems apart."""
        self._current_token()

    def token(self):
        """The bearer token of the next call (fetched now if there is none yet): for the session module only, whose
        result hands it to the run's other module calls under no_log."""
        return self._current_token()

    def _renew(self, expired):
        with self._token_lock:
            if self._token == expired:  # another thread may have renewed it already
                self._token = None

    # --- requests ------------------------------------------------------------------------------------
    def get(self, path, params=None):
        return self.request("GET", path, params=params)

    def post(self, path, json=None):
        return self.request("POST", path, json=json)

    def patch(self, path, json=None):
        return self.request("PATCH", path, json=json)

    def delete(self, path):
        return self.request("DELETE", path)

    def request(self, method, path, params=None, json=None):
        """Send one API call under base_url and return the parsed body (JSON, or text)."""
        return self._send(method, self.base_url + path, path, params=params, json=json,
                          idempotent=method in IDEMPOTENT_METHODS, auth=True)

    def _send(self, method, url, path, idempotent, auth, error_class=None, **kwargs):
        attempt = 0
        renewals = 0
        # The URL as sent, query included, for the messages (redacted: a query could quote a secret).
        shown = self.redact(_full_url(url, kwargs.get("params")))
        option = "base_url" if auth else "auth_url"
        while True:
            token = self._current_token() if auth else None
            headers = {"Authorization": "Bearer " + token} if auth else {}
            try:
                # verify and proxies per request: requests lets REQUESTS_CA_BUNDLE and HTTP(S)_PROXY override a
                # session's own settings.
                response = self.session.request(method, url, headers=headers, timeout=self.timeout,
                                                verify=self._verify, proxies=self._proxies, **kwargs)
            except requests.exceptions.SSLError as exc:
                # from None: a traceback (-vvv) must not show the library's unmasked exception as the context.
                raise TransportError(method, path, self.redact(_reason(exc)), url=shown,
                                     hint=_tls_hint(exc, url, option, self._trust), fleet_wide=True) from None
            except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
                via_proxy = isinstance(exc, requests.exceptions.ProxyError)
                proxy_login = via_proxy and any("407" in str(link) for link in _causes(exc))
                expects_tls = not via_proxy and self._may_expect_tls(url, exc)
                # The same scheme mismatch, or proxy login, answers the same way every time: one more try at most.
                retries = 0 if proxy_login else min(self.retries, 1) if expects_tls else self.retries
                if idempotent and attempt < retries:
                    self.backoff(attempt)
                    attempt += 1
                    continue
                if via_proxy:
                    hint = self._proxy_hint(url, proxy_login)
                else:
                    hint = EXPECTS_TLS_HINT if expects_tls else DNS_HINT if _unresolved(exc) else None
                    hint = hint and hint.format(host=_origin(url), option=option)
                # A proxy that cannot be used fails every call alike: stop the run once.
                raise TransportError(method, path, self.redact(_reason(exc)), url=shown, hint=hint,
                                     fleet_wide=via_proxy or expects_tls or _not_connected(exc)) from None
            except requests.exceptions.RequestException as exc:
                # Raised before anything was sent (e.g. InvalidHeader, which quotes the header's value; a malformed
                # HTTPS_PROXY, which every call would meet).
                bad_proxy = isinstance(exc, requests.exceptions.InvalidProxyURL)
                raise TransportError(method, path, self.redact(_reason(exc)), url=shown,
                                     hint=self._proxy_hint(url) if bad_proxy else None, fleet_wide=bad_proxy) from None
            status = response.status_code
            if status == 407 and self._proxy_in_use(url)[0]:
                # From the proxy, not the platform (a plain http:// URL goes through the proxy without a tunnel).
                raise TransportError(method, path, "the proxy answered HTTP 407 Proxy Authentication Required",
                                     url=shown, hint=self._proxy_hint(url, True), fleet_wide=True)
            self._answered.add(_origin(url))
            if status == 401 and auth and renewals <= self.retries and not self._static_token:
                # The token expired mid-run: get a new one. Bounded, as a call's retries may outlast a token; a burst
                # (fresh tokens refused too) is waited out with backoff before the call gives up.
                if renewals:
                    self.backoff(renewals - 1)
                renewals += 1
                self._renew(token)
                continue
            retryable = RETRYABLE_STATUSES if idempotent else WRITE_RETRYABLE_STATUSES
            if status in retryable and attempt < self.retries:
                self.backoff(attempt, _retry_after(response))
                attempt += 1
                continue
            body = _parse_body(response)
            if status >= 400:
                # Error bodies may echo the request: mask them before they can reach any output.
                raise _error_for(status, error_class)(method, path, status, self.redact(body), _retry_after(response),
                                                      url=shown)
            return body

    def _proxy_in_use(self, url):
        """(host:port, where it is set) of the proxy requests takes for url, never its credentials; (None, None)
        without one."""
        if self._proxy:
            return _origin(self._proxy), PROXY_OPTION_SOURCE
        chosen = requests.utils.select_proxy(url, requests.utils.get_environ_proxies(url))
        if not chosen:
            return None, None
        scheme = urlsplit(url).scheme.lower()
        names = (scheme + "_proxy", scheme.upper() + "_PROXY", "all_proxy", "ALL_PROXY")
        source = next((name for name in names if os.environ.get(name) == chosen), "the environment")
        return _origin(requests.utils.prepend_scheme_if_needed(chosen, "http")), source

    def _proxy_hint(self, url, login=False):
        proxy, source = self._proxy_in_use(url)
        if proxy is None:
            return None
        if login:
            return PROXY_AUTH_HINT.format(proxy=proxy, source=source)
        return PROXY_HINT.format(proxy=proxy, source=source, host=_origin(url),
                                 bypass="" if self._proxy else NO_PROXY_NOTE)

    def _may_expect_tls(self, url, exc):
        """True when a plain-HTTP URL's first contact was cut or answered in no HTTP: what a TLS port does."""
        if urlsplit(url).scheme.lower() != "http" or _origin(url) in self._answered:
            return False
        return any(isinstance(link, (BadStatusLine, ConnectionResetError, ConnectionAbortedError))
                   for link in _causes(exc))

    def backoff(self, attempt, retry_after=None):
        """Sleep before retry number attempt + 1: the Retry-After asked for, else exponential with jitter."""
        if retry_after is not None:
            delay = min(retry_after, self._max_backoff * 2)
        else:
            ceiling = min(self._max_backoff, self._backoff_base * (2 ** attempt))
            delay = random.uniform(ceiling / 2.0, ceiling)  # jitter spreads the retries of parallel runs
        self._sleep(delay)


def _error_for(status, error_class):
    if error_class is not None:
        return error_class
    if status == 401 or status == 403:
        return AuthError
    if status == 404:
        return NotFoundError
    return ApiError


def _parse_body(response):
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.text


def _retry_after(response):
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        parsed = email.utils.parsedate_tz(value)
        return max(0.0, email.utils.mktime_tz(parsed) - time.time()) if parsed else None


def _full_url(url, params):
    if not params:
        return url
    prepared = requests.models.PreparedRequest()
    try:
        prepared.prepare_url(url, params)  # as requests builds it for the call
    except (ValueError, requests.exceptions.RequestException):  # the call will say what is wrong with it
        return url
    return prepared.url


def _origin(url):
    parts = urlsplit(url)
    return parts.netloc.rsplit("@", 1)[-1]


def _causes(exc):
    """exc and its explicit causes, outermost first: the exception a library wraps (requests keeps urllib3's in
    args, urllib3 its reason; ``raise ... from``), never __context__, which may be an earlier, handled exception."""
    chain = []
    link = exc
    while link is not None and all(link is not seen for seen in chain):
        chain.append(link)
        wrapped = [arg for arg in getattr(link, "args", ()) if isinstance(arg, BaseException)]
        reason = getattr(link, "reason", None)
        if link.__cause__ is not None:
            link = link.__cause__
        elif isinstance(reason, BaseException):
            link = reason
        else:
            link = wrapped[-1] if wrapped else None
    return chain


def _reason(exc):
    # The innermost explicit cause names the real problem (refused, reset, certificate) without a traceback.
    reason = _causes(exc)[-1]
    text = str(reason) or reason.__class__.__name__
    return "{0} ({1})".format(text, exc.__class__.__name__)


def _unresolved(exc):
    return any(isinstance(link, socket.gaierror) or link.__class__.__name__ == "NameResolutionError"
               for link in _causes(exc))


def _not_connected(exc):
    # No connection was made (name unresolved, refused, unreachable, connect timeout): not an answer that was cut.
    return isinstance(exc, requests.exceptions.ConnectTimeout) or any(
        isinstance(link, (socket.gaierror, ConnectionRefusedError))
        or link.__class__.__name__ in ("NewConnectionError", "NameResolutionError", "ConnectTimeoutError")
        for link in _causes(exc))


def _tls_hint(exc, url, option, trust):
    text = " ".join(str(link) for link in _causes(exc)).lower()
    host = _origin(url)
    if any(marker in text for marker in _NOT_TLS):
        return NOT_TLS_HINT.format(host=host, option=option)
    if any(marker in text for marker in _HOST_MISMATCH):
        return HOST_MISMATCH_HINT.format(host=urlsplit(url).hostname, option=option)
    if "certificate verify failed" in text or any(isinstance(link, ssl.SSLCertVerificationError)
                                                  for link in _causes(exc)):
        return TLS_HINT.format(trust=trust or SYSTEM_TRUST)
    return None
