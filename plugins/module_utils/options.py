# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one table of connection options.

Both the modules' argument spec and the ``connection`` doc fragment are generated from
CONNECTION_OPTIONS (the fragment by hack/generate-doc-fragment.py, checked by a unit test), so
documentation, defaults and environment fallbacks cannot drift apart.
Environment variables use the ``LIVE_PLATFORM_`` prefix: AWX credential types cannot inject
``ANSIBLE_*`` variables.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DEFAULT_AUTH_URL = "https://login.microsoftonline.com"
DEFAULT_SCOPE = "api://9d576dc4-b85d-4571-880e-4c6ed4c08c31/.default"

CONNECTION_OPTIONS = [
    dict(
        name="base_url", type="str", env="LIVE_PLATFORM_BASE_URL",
        description=[
            "The platform's API base URL, V(https://<service provider host>/tenantui).",
            "Every API path (C(/api/v2/...), C(/api/v3/...)) is appended to it.",
        ],
    ),
    dict(
        name="tenant_id", type="str", env="LIVE_PLATFORM_TENANT_ID",
        description=[
            "The service provider's Microsoft Entra tenant id, used to request a client-credentials token.",
            "Required with O(client_id) and O(client_secret) unless O(access_token) is given.",
        ],
    ),
    dict(
        name="client_id", type="str", env="LIVE_PLATFORM_CLIENT_ID",
        description=["The application (client) id of the C(LiveCloud-APIToken) app registration."],
    ),
    dict(
        name="client_secret", type="str", env="LIVE_PLATFORM_CLIENT_SECRET", no_log=True,
        description=["The client secret of that app registration. Never shown in any output."],
    ),
    dict(
        name="access_token", type="str", env="LIVE_PLATFORM_ACCESS_TOKEN", no_log=True,
        description=[
            "A ready bearer token. When set, no token is requested and the client credentials are ignored.",
        ],
    ),
    dict(
        name="scope", type="str", env="LIVE_PLATFORM_SCOPE", default=DEFAULT_SCOPE,
        description=["The OAuth2 scope of the token request."],
    ),
    dict(
        name="auth_url", type="str", env="LIVE_PLATFORM_AUTH_URL", default=DEFAULT_AUTH_URL,
        description=[
            "The Entra authority; the token is requested from C(<auth_url>/<tenant_id>/oauth2/v2.0/token).",
        ],
    ),
    dict(
        name="validate_certs", type="bool", env="LIVE_PLATFORM_VALIDATE_CERTS", default=True,
        description=[
            "Whether to verify the TLS certificates of the platform and of the token endpoint.",
            "Turn it off only against a test system; prefer O(ca_path) for a private CA.",
        ],
    ),
    dict(
        name="ca_path", type="path", env="LIVE_PLATFORM_CA_PATH",
        description=["A CA bundle (PEM file) to verify the certificates with, instead of the system store."],
    ),
    dict(
        name="timeout", type="float", env="LIVE_PLATFORM_TIMEOUT", default=30,
        description=["Seconds to wait for each HTTP answer."],
    ),
    dict(
        name="retries", type="int", env="LIVE_PLATFORM_RETRIES", default=5,
        description=[
            "How many times a read is retried after a dropped connection or a 429, 500, 502, 503 or 504 answer,"
            " with bounded exponential backoff and jitter (a C(Retry-After) header is honoured).",
            "A write is retried only after a 429 (refused, so not applied); after any other failure the service is"
            " looked up again, so a create is never sent blindly twice.",
        ],
    ),
    dict(
        name="channel_id", type="str", env="LIVE_PLATFORM_CHANNEL_ID",
        description=[
            "The channel the calls act in. Sent as the C(X-Ovoc-Channel-Id) header, which restricts"
            " lists to that channel's services, and as the C(channelId) of a service that is created.",
        ],
    ),
]

SECRET_OPTIONS = tuple(opt["name"] for opt in CONNECTION_OPTIONS if opt.get("no_log"))


def _env_fallback():
    # Imported lazily so that the doc fragment can use this table without module_utils.basic.
    from ansible.module_utils.basic import env_fallback
    return env_fallback


def connection_argument_spec():
    """The argument spec entries of CONNECTION_OPTIONS."""
    spec = {}
    for opt in CONNECTION_OPTIONS:
        entry = dict(type=opt["type"], fallback=(_env_fallback(), [opt["env"]]))
        if "default" in opt:
            entry["default"] = opt["default"]
        if opt.get("no_log"):
            entry["no_log"] = True
        spec[opt["name"]] = entry
    return spec


def connection_doc_options():
    """The doc fragment's ``options`` mapping, with each environment variable named."""
    options = {}
    for opt in CONNECTION_OPTIONS:
        doc = dict(
            description=list(opt["description"]) + [
                "If not set, the environment variable E({0}) is used.".format(opt["env"]),
            ],
            type=opt["type"],
        )
        if "default" in opt:
            doc["default"] = opt["default"]
        options[opt["name"]] = doc
    return options


def connection_doc_fragment():
    """The whole ``connection`` doc fragment."""
    return dict(
        options=connection_doc_options(),
        notes=[
            "Connection options fall back to C(LIVE_PLATFORM_*) environment variables, which an AWX/AAP"
            " credential type can inject.",
            "Set them once for every module of this collection with C(module_defaults) and the group"
            " C(group/audiocodes.live_platform.live_platform).",
        ],
        requirements=["requests"],
    )
