"""Entra-like client-credentials token endpoint and bearer-token checks.

Tokens are JWT-like strings signed with HMAC-SHA256. The key and the token counters live in the state DB, so a
restart with the same ``--db`` keeps issued tokens valid. ``expire_all`` invalidates every token issued so far.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
import uuid
from datetime import datetime, timezone
from typing import Any

from .catalog import Catalog
from .store import Store


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class AuthError(Exception):
    """A token request failure: HTTP status and Entra error body."""

    def __init__(self, status: int, error: str, code: int, description: str):
        super().__init__(description)
        self.status = status
        now = datetime.now(timezone.utc)
        trace_id, correlation_id = str(uuid.uuid4()), str(uuid.uuid4())
        stamp = now.strftime("%Y-%m-%d %H:%M:%SZ")
        self.body = {
            "error": error,
            "error_description": f"AADSTS{code}: {description} Trace ID: {trace_id} "
            f"Correlation ID: {correlation_id} Timestamp: {stamp}",
            "error_codes": [code],
            "timestamp": stamp,
            "trace_id": trace_id,
            "correlation_id": correlation_id,
            "error_uri": f"https://login.microsoftonline.com/error?code={code}",
        }


class TokenError(Exception):
    """A bearer token that is missing, malformed, badly signed, expired or revoked."""


class Auth:
    def __init__(self, store: Store):
        self.store = store
        key = store.get_meta("token_key")
        if not key:
            key = secrets.token_hex(32)
            store.set_meta("token_key", key)
        self.key = bytes.fromhex(key)
        self.serial = int(store.get_meta("token_serial", 0))
        self.min_serial = int(store.get_meta("token_min_serial", 0))
        # Every access token issued by this process (GET /_simulator/tokens): tests look for them in outputs.
        self.issued: list[str] = []

    # -- issuing -------------------------------------------------------------------------------------------------
    def issue(self, catalog: Catalog, tenant: str, form: dict[str, str], lifetime: int) -> dict[str, Any]:
        tenant_l = tenant.lower()
        if tenant_l not in catalog.tenants:
            raise AuthError(
                400, "invalid_request", 90002,
                f"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing "
                "into the correct cloud.",
            )
        grant = form.get("grant_type")
        if not grant:
            raise AuthError(400, "invalid_request", 900144,
                            "The request body must contain the following parameter: 'grant_type'.")
        if grant != "client_credentials":
            raise AuthError(400, "unsupported_grant_type", 70003,
                            "The app requested an unsupported grant type.")
        client_id = form.get("client_id")
        if not client_id:
            raise AuthError(400, "invalid_request", 900144,
                            "The request body must contain the following parameter: 'client_id'.")
        client = catalog.clients.get(client_id.lower())
        if client is None or client["tenant_id"] != tenant_l:
            raise AuthError(
                400, "unauthorized_client", 700016,
                f"Application with identifier '{client_id}' was not found in the directory '{tenant}'. This can "
                "happen if the application has not been installed by the administrator of the tenant or consented "
                "to by any user in the tenant. You may have sent your authentication request to the wrong tenant.",
            )
        secret = form.get("client_secret")
        if not secret or not hmac.compare_digest(secret.encode(), client["client_secret"].encode()):
            raise AuthError(401, "invalid_client", 7000215,
                            "Invalid client secret provided. Ensure the secret being sent in the request is the "
                            f"client secret value, not the client secret ID, for a secret added to app '{client_id}'.")
        scope = form.get("scope")
        if not scope:
            raise AuthError(400, "invalid_request", 900144,
                            "The request body must contain the following parameter: 'scope'.")
        if scope.strip() != catalog.scope:
            raise AuthError(400, "invalid_scope", 70011,
                            f"The provided request must include a 'scope' input parameter. The provided value for "
                            f"the input parameter 'scope' is not valid. The scope {scope} is not valid.")
        lifetime = max(int(lifetime), 0)
        self.serial += 1
        self.store.set_meta("token_serial", self.serial)
        now = time.time()
        payload = {
            "aud": catalog.scope.rsplit("/", 1)[0],
            "iss": f"https://sts.windows.net/{tenant_l}/",
            "iat": int(now),
            "nbf": int(now),
            "exp": now + lifetime,
            "appid": client["client_id"],
            "tid": tenant_l,
            "sn": self.serial,
            "ver": "1.0",
        }
        token = self._sign(payload)
        if len(self.issued) < 100_000:
            self.issued.append(token)
        return {
            "token_type": "Bearer",
            "expires_in": lifetime,
            "ext_expires_in": lifetime,
            "access_token": token,
        }

    def _sign(self, payload: dict[str, Any]) -> str:
        header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
        body = _b64(json.dumps(payload, separators=(",", ":")).encode())
        sig = hmac.new(self.key, f"{header}.{body}".encode(), hashlib.sha256).digest()
        return f"{header}.{body}.{_b64(sig)}"

    # -- checking ------------------------------------------------------------------------------------------------
    def check(self, authorization: str | None) -> dict[str, Any]:
        if not authorization:
            raise TokenError("The request has no bearer token.")
        scheme, _, token = authorization.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise TokenError("The authorization header is not a bearer token.")
        parts = token.split(".")
        if len(parts) != 3:
            raise TokenError("The token is malformed.")
        expected = hmac.new(self.key, f"{parts[0]}.{parts[1]}".encode(), hashlib.sha256).digest()
        try:
            sig = _unb64(parts[2])
            payload = json.loads(_unb64(parts[1]))
        except (ValueError, UnicodeDecodeError):
            raise TokenError("The token is malformed.") from None
        if not hmac.compare_digest(sig, expected) or not isinstance(payload, dict):
            raise TokenError("The token signature is invalid.")
        if float(payload.get("exp", 0)) <= time.time():
            raise TokenError("The token is expired.")
        if int(payload.get("sn", 0)) <= self.min_serial:
            raise TokenError("The token is expired.")
        return payload

    def expire_all(self) -> None:
        self.min_serial = self.serial
        self.store.set_meta("token_min_serial", self.min_serial)
