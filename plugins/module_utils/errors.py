# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Typed errors. Each renders into ``fail_json`` keyword arguments; none carries a secret."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class LivePlatformError(Exception):
    """Base class: a message for the operator and structured details for the result."""

    # True for a failure that is not one customer's (credentials, TLS, DNS, no connection): every other customer
    # would meet it too, so a fleet run stops at the first one instead of repeating it (and its sign-ins) per customer.
    fleet_wide = False

    def __init__(self, msg, **details):
        super(LivePlatformError, self).__init__(msg)
        self.msg = msg
        self.details = details

    def to_result(self):
        result = dict(self.details)
        result["msg"] = self.msg
        if self.fleet_wide:
            result["fleet_wide"] = True
        return result


class InputError(LivePlatformError):
    """A value was refused before any call: names the option and the rule it breaks."""

    def __init__(self, field, rule):
        super(InputError, self).__init__("{0}: {1}".format(field, rule), field=field, rule=rule)
        self.field = field
        self.rule = rule


class ConnectionInputError(InputError):
    """A connection option was refused (a URL, a credential, ca_path): every call of the run would fail alike."""

    fleet_wide = True


def describe_error_body(body):
    """The platform's own error text, from whichever documented shape the body came in."""
    if isinstance(body, str):
        return body
    if isinstance(body, dict):
        lowered = dict((str(k).lower(), v) for k, v in body.items())
        for key in ("detail", "error_description", "description", "title", "message", "error"):
            if lowered.get(key):
                text = str(lowered[key])
                errors = lowered.get("errors")
                if key != "detail" and isinstance(errors, dict) and errors:
                    text += " " + "; ".join(
                        "{0}: {1}".format(k, ", ".join(v) if isinstance(v, list) else v) for k, v in errors.items())
                return text
    if body in (None, ""):
        return "no body"
    return str(body)


def _details(method, path, url):
    # The message names the full URL (what the operator can try); path stays for the code that branches on it.
    return dict(method=method, path=path, url=url) if url else dict(method=method, path=path)


class ApiError(LivePlatformError):
    """The platform answered with an error status."""

    def __init__(self, method, path, status, body, retry_after=None, url=None):
        msg = "{0} {1} failed with HTTP {2}: {3}".format(method, url or path, status, describe_error_body(body))
        super(ApiError, self).__init__(msg, status=status, body=body, **_details(method, path, url))
        self.method = method
        self.path = path
        self.url = url
        self.status = status
        self.body = body
        self.retry_after = retry_after

    @property
    def error_code(self):
        if isinstance(self.body, dict):
            for key, value in self.body.items():
                if str(key).lower() == "errorcode":
                    return value
        return None


class NotFoundError(ApiError):
    """HTTP 404."""


class AuthError(ApiError):
    """The token request was refused (or kept failing), or the platform refused fresh tokens (401/403)."""

    fleet_wide = True


class TransportError(LivePlatformError):
    """No HTTP answer: the connection failed, was dropped or timed out.

    For a write, the platform may or may not have applied it (``ambiguous``). ``fleet_wide`` when no connection
    could be made at all (DNS, refused, TLS, wrong scheme); a dropped or timed-out answer stays one customer's.
    """

    def __init__(self, method, path, reason, hint=None, url=None, fleet_wide=False):
        msg = "{0} {1} got no answer: {2}".format(method, url or path, reason)
        if hint:
            msg += ". " + hint
        super(TransportError, self).__init__(msg, **_details(method, path, url))
        self.method = method
        self.path = path
        self.url = url
        self.fleet_wide = fleet_wide


class UnexpectedAnswer(LivePlatformError):
    """The platform answered in a shape the collection cannot read (not one the documents allow)."""


class PlatformLacks(LivePlatformError):
    """The platform has no such endpoint (404, 405 or 501 on a path no service id is part of)."""

    def __init__(self, method, path, status, instead):
        msg = ("the platform has no {0} {1} (HTTP {2}): {3}".format(method, path, status, instead))
        super(PlatformLacks, self).__init__(msg, method=method, path=path, status=status)
        self.path = path


class WaitTimeout(LivePlatformError):
    """A deployment or cleanup did not reach a final state in time."""
