# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one API client of the collection: auth, session, retries and typed errors."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import email.utils
import random
import threading
import time
import traceback

try:
    import requests
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:  # the module reports it with missing_required_lib
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import (
    ApiError, AuthError, InputError, NotFoundError, TransportError,
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
TLS_HINT = ("The certificate could not be verified: set ca_path (or LIVE_PLATFORM_CA_PATH) to the PEM bundle of"
            " the CA that signed it; validate_certs=false is for test systems only")
_ENV_OF = dict((opt["name"], opt["env"]) for opt in CONNECTION_OPTIONS)


def _missing(name):
    return InputError(name, "is required; set the option or the environment variable {0}".format(_ENV_OF[name]))


class LivePlatformClient(object):
    """One authenticated client per run: one token, keep-alive sessions (one per thread), retries.

    Safe to share between the threads of a batch: each thread gets its own ``requests`` session, and the
    token is fetched and renewed under a lock so that a burst of 401s asks for one new token only.
    """

    def __init__(self, base_url, tenant_id=None, client_id=None, client_secret=None, access_token=None,
                 scope=DEFAULT_SCOPE, auth_url=DEFAULT_AUTH_URL, validate_certs=True, ca_path=None,
                 timeout=30, retries=5, channel_id=None, session=None, sleep=time.sleep,
                 backoff_base=0.5, max_backoff=30.0, redactor=None):
        self._redactor = redactor if redactor is not None else Redactor()
        self._redactor.add(client_secret, access_token)
        if not base_url:
            raise _missing("base_url")
        if not access_token:
            for name, value in (("tenant_id", tenant_id), ("client_id", client_id), ("client_secret", client_secret)):
                if not value:
                    raise InputError(name, "is required unless access_token is given; set the option or the"
                                           " environment variable {0}".format(_ENV_OF[name]))
        if retries is not None and retries < 0:
            raise InputError("retries", "must be 0 or more")
        if timeout is not None and timeout <= 0:
            raise InputError("timeout", "must be more than 0 seconds")
        self.base_url = base_url.rstrip("/")
        self.auth_url = (auth_url or DEFAULT_AUTH_URL).rstrip("/")
        self.tenant_id = tenant_id
        self.client_id = client_id
        self._client_secret = client_secret
        self._static_token = access_token
        self._token = access_token
        self.scope = scope or DEFAULT_SCOPE
        self.timeout = timeout
        self.retries = 5 if retries is None else retries
        self.channel_id = channel_id
        self._sleep = sleep
        self._backoff_base = backoff_base
        self._max_backoff = max_backoff
        self._verify = ca_path if (validate_certs and ca_path) else bool(validate_certs)
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
            session = self._local.session = self._configure(requests.Session())
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
        body = self._send("POST", self.auth_url + path, path, data=form, idempotent=True, auth=False,
                          error_class=AuthError)
        token = body.get("access_token") if isinstance(body, dict) else None
        if not token:
            raise AuthError("POST", path, 200, "the token endpoint answered without an access_token")
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
        while True:
            token = self._current_token() if auth else None
            headers = {"Authorization": "Bearer " + token} if auth else {}
            try:
                # verify per request: requests lets REQUESTS_CA_BUNDLE override the session's own setting.
                response = self.session.request(method, url, headers=headers, timeout=self.timeout,
                                                verify=self._verify, **kwargs)
            except requests.exceptions.SSLError as exc:
                raise TransportError(method, path, self.redact(_reason(exc)), hint=TLS_HINT)
            except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
                if idempotent and attempt < self.retries:
                    self.backoff(attempt)
                    attempt += 1
                    continue
                raise TransportError(method, path, self.redact(_reason(exc)))
            status = response.status_code
            if status == 401 and auth and renewals <= self.retries and not self._static_token:
                # The token expired mid-run: get a new one. Bounded, as a call's retries may outlast a token.
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
                raise _error_for(status, error_class)(method, path, status, self.redact(body), _retry_after(response))
            return body

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


def _reason(exc):
    # The innermost cause names the real problem (refused, reset, certificate) without a traceback.
    reason = exc
    while getattr(reason, "__context__", None) is not None and reason.__context__ is not reason:
        reason = reason.__context__
    text = str(reason) or reason.__class__.__name__
    return "{0} ({1})".format(text, exc.__class__.__name__)
