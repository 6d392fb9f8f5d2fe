# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The option tables: one per resource, from which every spec, doc and key list is generated.

CONNECTION_OPTIONS, the connection settings, gives the modules' argument spec, the ``connection`` doc fragment and
the inventory plugin's connection options. SERVICE_OPTIONS, a Hosted Essentials service's options, gives the
argument specs of hosted_essentials_service and of hosted_essentials_fleet's batch-wide options, the ``service`` doc
fragment, the input rules of validation.py, the script parameters of service.py, the keys a batch item and the
fleet inventory may carry, the onboarding role's argument spec of those keys and the option lines of its module
call. hack/generate-doc-fragment.py (run by hack/docs.sh, ``make docs``) writes the generated files and the generated
parts of files; tests/unit/plugins/module_utils/test_options.py fails when one is stale. Adding a service option is
one entry here plus ``make docs`` (docs/architecture.md, "Adding a service option").

This file imports nothing at load time: hack/ and tests/docs load it by its path.
Environment variables use the ``LIVE_PLATFORM_`` prefix: AWX credential types cannot inject
``ANSIBLE_*`` variables.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

DEFAULT_AUTH_URL = "https://login.microsoftonline.com"
DEFAULT_SCOPE = "api://9d576dc4-b85d-4571-880e-4c6ed4c08c31/.default"

# Each entry: name, type, env (its LIVE_PLATFORM_* variable), default, no_log (a secret), description (module docs),
# inventory_note (lines added to the description in the inventory plugin's docs only).
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
        inventory_note=[
            "Prefer the environment variable (an AWX/AAP credential injects it) or a vaulted value to writing it"
            " in the inventory file.",
        ],
    ),
    dict(
        name="access_token", type="str", env="LIVE_PLATFORM_ACCESS_TOKEN", no_log=True,
        description=[
            "A ready bearer token, used instead of requesting one.",
            "With O(tenant_id), O(client_id) and O(client_secret) also set, a token the platform refuses (expired) is"
            " replaced by one requested with them; alone, it cannot be renewed. This is how the calls of a run share"
            " the one token of an M(audiocodes.live_platform.session) task.",
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
        description=[
            "A CA bundle (PEM file) to verify the certificates with, instead of the system trust store.",
            "Without it, the system trust store is used: a private CA, or a TLS-inspecting proxy's, added with"
            " C(update-ca-trust) or C(update-ca-certificates) is trusted, and E(SSL_CERT_FILE) and E(SSL_CERT_DIR)"
            " are honoured. With the optional Python package C(truststore), the operating system's own store is"
            " used (macOS, Windows).",
            "E(REQUESTS_CA_BUNDLE) or E(CURL_CA_BUNDLE), when set, replaces the system trust store, as in requests;"
            " O(ca_path) wins over both.",
        ],
    ),
    dict(
        name="proxy", type="str", env="LIVE_PLATFORM_PROXY", no_log=True,
        description=[
            "The proxy for the token request and every API call, V(http://[user:password@]host:port)"
            " (V(https://...) for a proxy reached over TLS). HTTPS goes through it in a C(CONNECT) tunnel, verified"
            " end to end as without a proxy.",
            "When set, it carries both the token endpoint and the platform, whatever E(NO_PROXY) says; when not set,"
            " E(HTTPS_PROXY), E(HTTP_PROXY) and E(NO_PROXY) are used as requests reads them.",
            "It may hold a password, so it is never shown: messages name the proxy by host and port only. A proxy"
            " that cannot be used (unreachable, or answering 407) fails the run once.",
        ],
        inventory_note=[
            "With a password in it, prefer the environment variable (an AWX/AAP credential injects it) or a vaulted"
            " value to writing it in the inventory file.",
        ],
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
        requirements=[
            "requests",
            "truststore (optional): the operating system's own trust store; without it, OpenSSL's default"
            " verify paths",
        ],
    )


def inventory_connection_options():
    """The connection options of the inventory plugin's DOCUMENTATION: inventory config keys read from the
    inventory file, else from their environment variable (``env``)."""
    options = {}
    for opt in CONNECTION_OPTIONS:
        doc = dict(description=list(opt["description"]) + list(opt.get("inventory_note", [])), type=opt["type"])
        if "default" in opt:
            doc["default"] = opt["default"]
        doc["env"] = [dict(name=opt["env"])]
        options[opt["name"]] = doc
    return options


# --- a Hosted Essentials service ------------------------------------------------------------------------------------
# Licence names and the platform's numbers: 1, 2, 4 and 5 are documented; 0 and 3 are read from examples (API §2).
LICENSE_TYPES = dict(hosted_essentials=0, hosted_essentials_plus=1, hosted_pro=2, oc_essentials=3,
                     oc_essentials_plus=4, oc_pro=5)
# The values the licence change (PATCH /api/v3/customer/{guid}) accepts (API §2, §7).
SETTABLE_LICENSE_TYPES = (1, 2, 4, 5)

# Where a service option may appear (an entry's ``where``):
MODULE = "module"      # hosted_essentials_service's argument spec and the ``service`` doc fragment
FLEET = "fleet"        # hosted_essentials_fleet's batch-wide options (fleet_description), which every item inherits
ITEM = "item"          # a key of an item of hosted_essentials_fleet's ``services``
PROFILE = "profile"    # a key of the inventory's live_platform_sbc_profile (the onboarding role)
CUSTOMER = "customer"  # a key of the inventory's live_platform_customer (the onboarding role)
# and live_platform_customer.overrides takes every PROFILE and CUSTOMER key (inventory_keys("overrides")).
PLACES = (MODULE, FLEET, ITEM, PROFILE, CUSTOMER)

# Each entry:
#   name; type, default, choices, required, no_log: the argument spec (and the docs);
#   description: the option's docs in hosted_essentials_service; fleet_description: in hosted_essentials_fleet;
#   role: the onboarding role's description of the inventory key (a text, or a text per place);
#   text: the platform takes it as text, so a YAML number or boolean is refused (validation.TEXT_OPTIONS), and so are
#     control and invisible characters;
#   max_length: its limit in characters (validation.MAX_LENGTHS): the documented one, else a sane bound; every text
#     option has one. For a mapping (custom_variables, extra_script_parameters), key_max_length and max_length bound
#     each name and each value (validation.MAPPING_LIMITS);
#   body: the create request's key its value (or the id its name resolves to) is sent as, dotted when nested;
#   script_parameter: the scriptParameters key it is sent as (service.SCRIPT_PARAMETERS);
#   connection: the module takes it as a connection option (CONNECTION_OPTIONS gives its spec and docs);
#   where: the places above.
# custom_variables and extra_script_parameters are mappings merged into scriptParameters (service.compose_body).
SERVICE_OPTIONS = [
    dict(
        name="state", type="str", choices=["present", "absent"], default="present", where=(MODULE, FLEET, ITEM),
        description="Whether the service must exist or not. V(absent) deletes it and waits for its cleanup script.",
        fleet_description="The state of the items that do not set their own.",
    ),
    dict(
        name="short_name", type="raw", required=True, text=True, max_length=15, body="shortName", where=(MODULE, ITEM, CUSTOMER),
        description=[
            "The service's short name, its natural key. 3 to 15 characters, with no blank, no dot, and no backslash,"
            " slash, colon, asterisk, question mark, double quote, less-than, greater-than or pipe character.",
            "Visible characters only. Letters other than ASCII are accepted when they are of one script and in their"
            " normal form: a name mixing scripts (a Cyrillic letter beside Latin ones) or written in fullwidth or"
            " other compatibility forms is refused as a look-alike.",
            "Must be a string; quote numbers in YAML.",
        ],
        role="The service's short name; the inventory host name when not set.",
    ),
    dict(
        name="full_name", type="raw", text=True, max_length=200, body="fullName", where=(MODULE, ITEM, CUSTOMER),
        description="The full name, at most 200 characters. The platform uses the short name when it is not given.",
        role="The service's full name.",
    ),
    dict(
        name="sbc", type="raw", text=True, max_length=256, body="siteLocation.sbcId", where=(MODULE, ITEM, PROFILE),
        description=[
            "The name of the SBC the service's SIP connection is deployed on. Mutually exclusive with O(sbc_id).",
            "Resolved with the SBC list C(GET /api/v2/sbc), whose URL is not documented; the platform may not have it.",
        ],
        role="The SBC name (or give O(live_platform_sbc_profile.sbc_id)).",
    ),
    dict(
        name="sbc_id", type="int", body="siteLocation.sbcId", where=(MODULE, ITEM, PROFILE),
        description="The id of the SBC in the platform's list of known SBCs. Needs no catalogue read.",
        role="The SBC id.",
    ),
    dict(
        name="onboarding_script", type="raw", text=True, max_length=256, body="siteLocation.sbcOnboardingScript", where=(MODULE, ITEM, PROFILE),
        description="The name of the SBC onboarding script template. Mutually exclusive with O(onboarding_script_id).",
        role="The onboarding script template's name (or give O(live_platform_sbc_profile.onboarding_script_id)).",
    ),
    dict(
        name="onboarding_script_id", type="int", body="siteLocation.sbcOnboardingScript",
        where=(MODULE, ITEM, PROFILE),
        description="The id of the SBC onboarding script template.",
        role="The onboarding script template's id.",
    ),
    dict(
        name="cleanup_script", type="raw", text=True, max_length=256, body="siteLocation.sbcCleanupScript", where=(MODULE, ITEM, PROFILE),
        description=[
            "The name of the SBC cleanup script template.",
            "When neither this nor O(cleanup_script_id) is given, the one script related to the onboarding script is"
            " used.",
        ],
        role="The cleanup script template's name; by default the onboarding script's related cleanup script.",
    ),
    dict(
        name="cleanup_script_id", type="int", body="siteLocation.sbcCleanupScript", where=(MODULE, ITEM, PROFILE),
        description="The id of the SBC cleanup script template.",
        role="The cleanup script template's id.",
    ),
    dict(
        name="ovoc_customer_type", type="str", choices=["IPGROUP_TYPE", "TENANT_TYPE"], default="IPGROUP_TYPE",
        body="ovocCustomerType", where=(MODULE, ITEM, PROFILE),
        description="How the service is modelled in the Operation Center.",
        role="C(IPGROUP_TYPE) or C(TENANT_TYPE).",
    ),
    dict(
        name="ms_tenant_id", type="raw", text=True, max_length=36, body="msTenantId", where=(MODULE, ITEM, CUSTOMER),
        description=[
            "The customer's Microsoft tenant id (a GUID). Required to create a service.",
            "A short name is unique per M365 tenant, so the service is the one of this short name B(and) tenant"
            " wherever the platform gives the tenant; another tenant's service of the same short name is never"
            " taken for this one.",
            "With O(state=absent) it says which tenant's service to delete. Without it, the deletion is refused (and"
            " nothing deleted) when more than one tenant has a service of the short name.",
        ],
        role="The customer's Microsoft tenant id (GUID).",
    ),
    dict(
        name="channel_id", type="str", text=True, max_length=10, connection=True, body="channelId",
        where=(ITEM, CUSTOMER),
        role="The channel of the customer's tenant: its numeric id, quoted (at most 10 digits).",
    ),
    dict(
        name="lc_customer_id", type="raw", body="lcCustomerId", where=(MODULE, ITEM, CUSTOMER),
        description=[
            "The numeric id of an existing Operation Center customer to create the service under (a positive"
            " integer up to 2147483647, sent as an integer).",
            "The platform does not return it, so it is not compared with an existing service.",
        ],
        role="An existing Operation Center customer to create the service under.",
    ),
    dict(
        name="cac_profile", type="raw", text=True, max_length=256, script_parameter="CacProfile", where=(MODULE, ITEM, PROFILE),
        description=[
            "The SBC's CAC profile, for example V(10 sessions).",
            "When the SBC is given by name (O(sbc)), it must be one the SBC offers in the SBC list.",
        ],
        role="The SBC CAC profile, for example C(10 sessions).",
    ),
    dict(
        name="proxy_set", type="raw", text=True, max_length=256, script_parameter="ProxySet", where=(MODULE, ITEM, PROFILE),
        description=[
            "The SBC proxy set, for example V(SIPTrunk).",
            "When the SBC is given by name (O(sbc)), it must be one the SBC offers in the SBC list.",
        ],
        role="The SBC proxy set.",
    ),
    dict(
        name="online_pstn_gateway", type="raw", text=True, max_length=253, script_parameter="OnlinePstnGateway",
        where=(MODULE, ITEM, PROFILE),
        description="The Online PSTN Gateway (FQDN, at most 253 characters) the SBC uses for the tenant's calling.",
        role="The Online PSTN Gateway; C({short_name}) is replaced by the customer's short name.",
    ),
    dict(
        name="carrier_user_name", type="raw", text=True, max_length=60, script_parameter="CarrierUserName",
        where=(MODULE, ITEM, CUSTOMER),
        description="The carrier's digest authentication user name, at most 60 characters.",
        role="The carrier's digest user name.",
    ),
    dict(
        name="carrier_user_password", type="raw", no_log=True, text=True, max_length=50,
        script_parameter="CarrierUserPassword", where=(MODULE, ITEM, CUSTOMER),
        description="The carrier's digest authentication password, at most 50 characters, no wide (non-ASCII)"
                    " characters.",
        role="The carrier's digest password; keep it in Ansible Vault.",
    ),
    dict(
        name="carrier_main_line", type="raw", text=True, max_length=256, script_parameter="CarrierMainLine",
        where=(MODULE, ITEM, CUSTOMER),
        description="The AOR user name sent in the REGISTER From and To headers. Quote it in YAML (leading zeros).",
        role="The AOR user name.",
    ),
    dict(
        name="carrier_host_name", type="raw", text=True, max_length=253, script_parameter="CarrierHostName",
        where=(MODULE, ITEM, PROFILE, CUSTOMER),
        description="The AOR host name sent in the REGISTER From and To headers.",
        role="The AOR host name.",
    ),
    dict(
        name="custom_variables", type="dict", key_max_length=256, max_length=1024,
        where=(MODULE, ITEM, PROFILE, CUSTOMER),
        description=[
            "The onboarding script's customer variables by name, for example V(IPPBX-ProxyAddress) mapped to"
            " V(10.0.0.1).",
            "Sent as C(CustomVar.Variable<N>), N being the variable's position in the script's customer variables.",
            "Raw C(CustomVar.Variable<N>) keys are accepted too, and sent as they are when the script's variable list"
            " is unknown (ids given, or a platform whose script templates do not list them). A name the script does"
            " not define fails and lists the names it does define; a name needs that list.",
            "Each value must be a string (quote numbers in YAML) of at most 1024 characters, each name at most 256.",
        ],
        role={
            PROFILE: "Default values of the onboarding script's customer variables, by name.",
            CUSTOMER: "The customer's values of the onboarding script's customer variables, by name.",
        },
    ),
    dict(
        name="extra_script_parameters", type="dict", no_log=True, key_max_length=256, max_length=1024,
        where=(MODULE, ITEM, PROFILE),
        description=[
            "Further C(scriptParameters) keys sent as they are (for example the documented C(additionalProp1)).",
            "Each value must be a string of at most 1024 characters (no number, boolean, list or mapping), each key"
            " at most 256 characters. A key that a named option or O(custom_variables) sets (C(CarrierUserPassword),"
            " C(CustomVar.Variable1)...) is refused: it cannot override them.",
            "Every value is a secret: masked in every output, like the carrier password.",
        ],
        role="Further C(scriptParameters) keys, sent as they are; their values are masked like passwords.",
    ),
    dict(
        name="license_type", type="str", choices=list(LICENSE_TYPES), where=(MODULE, ITEM, CUSTOMER),
        description=[
            "The service's licence. A new service is created with V(hosted_essentials); any other value is then set"
            " with C(PATCH /api/v3/customer/{guid}), the one change the platform allows on an existing service.",
            "The platform takes only V(hosted_essentials_plus), V(hosted_pro), V(oc_essentials_plus) and V(oc_pro) in"
            " that call (1, 2, 4, 5): a service whose licence is already one of these cannot be given"
            " V(hosted_essentials) or V(oc_essentials) again, and the module says so before any write. A change the"
            " platform refuses fails with its text (for example V(Invalid change for License Type!)).",
            "Not given: the licence is left as it is.",
        ],
        role="The service's licence (C(hosted_essentials), C(hosted_essentials_plus), C(hosted_pro)...).",
    ),
    dict(
        name="sip_connections", type="list", elements="dict", where=(MODULE, ITEM, CUSTOMER),
        description=[
            "The service's further SIP connections (sites), besides the one it is created with, converged after the"
            " service as M(audiocodes.live_platform.sip_connection) does: each missing one is added, each existing one"
            " modified where the documented call allows (CAC profile, carrier credentials...), the rest reported as"
            " drift.",
            "Each is a mapping of M(audiocodes.live_platform.sip_connection) options: C(site_name), the SBC (C(sbc) or"
            " C(sbc_id)) and onboarding script (C(onboarding_script) or C(onboarding_script_id)), and any of"
            " C(cleanup_script), C(cleanup_script_id), C(cac_profile), C(proxy_set), C(online_pstn_gateway),"
            " C(carrier_user_name), C(carrier_user_password), C(carrier_main_line), C(carrier_host_name),"
            " C(enable_cac), C(carrier_registration), C(custom_variables), C(extra_script_parameters),"
            " C(update_carrier_password), C(state) (V(absent) removes it) and C(dial_plan) (its dial plan, as"
            " O(dial_plan)). Site names are unique within the list, case-insensitively.",
            "SIP connections not listed are left as they are. With O(state=absent), every SIP connection but the"
            " first is deleted before the service, listed or not.",
        ],
        role=("The customer's further SIP connections: each with C(site_name), its SBC group's profile (C(sbc_group),"
              " default the customer's own SBC group), its own values and C(overrides), and C(dial_plan)."),
    ),
    dict(
        name="dial_plan", type="dict", where=(MODULE, ITEM, CUSTOMER),
        description=[
            "The dial plan of the service's first SIP connection (the one it is created with), as"
            " M(audiocodes.live_platform.dial_plan) converges it: a mapping with C(rules) (each C(name), C(prefix),"
            " C(tag)), C(state) (V(present), the default, V(exact) or V(absent)) and C(dial_plan_id) (default"
            " V(CustDialPlan)).",
        ],
        role="The dial plan of the customer's first SIP connection: C(rules), C(state), C(dial_plan_id).",
    ),
    dict(
        name="wait", type="bool", default=True, where=(MODULE, FLEET),
        description=[
            "Wait until the SBC deployment (or, for O(state=absent), the cleanup) has ended.",
            "Deployment states are read in any spelling (V(Deployed), V(DEPLOYED), V(Ready), the integer 3...); a"
            " failure word (V(Failed), V(Error), V(CompletedWithErrors)...) fails at once with the platform's text. A"
            " platform whose reads carry no deployment state cannot be waited for; the module then warns and returns.",
        ],
        fleet_description="Wait until each deployment (or cleanup) has ended.",
    ),
    dict(
        name="wait_timeout", type="int", default=600, where=(MODULE, FLEET),
        description="Seconds to wait for the deployment or the cleanup before failing.",
        fleet_description="Seconds to wait for one service's deployment or cleanup.",
    ),
    dict(
        name="poll_interval", type="float", default=5, where=(MODULE, FLEET),
        description="Seconds between two reads of the deployment state while waiting.",
        fleet_description="Seconds between two lists of the services while deployments are waited for.",
    ),
    dict(
        name="recreate_failed", type="bool", default=False, where=(MODULE, FLEET),
        description=[
            "When the service exists in the V(Failed) deployment state, delete it and create it again.",
            "When false, a V(Failed) service fails the task with the platform's C(errorDetails).",
        ],
        fleet_description="Delete and recreate a service found in the V(Failed) deployment state.",
    ),
    dict(
        name="service_id", type="str", where=(MODULE,),
        description=[
            "The service's guid when the caller already knows it (for example from one"
            " M(audiocodes.live_platform.hosted_essentials_service_info) call for a whole fleet). The module reads that"
            " service directly instead of listing every service to find the short name; a stale id falls back to the"
            " list.",
        ],
    ),
    dict(
        name="catalogue", type="dict", where=(MODULE,),
        description=[
            "The SBC and SBC script catalogues as an M(audiocodes.live_platform.session) task returned them"
            " (RV(audiocodes.live_platform.session#module:catalogue)), read once for a whole run: the module reads"
            " neither again. A catalogue given as V(null) (the platform lacks it) is read as without this option.",
        ],
    ),
    dict(
        name="skip_lookup", type="bool", default=False, where=(MODULE,),
        description=[
            "The caller listed the services a moment ago and O(short_name) was not among them, so the module creates"
            " the service without listing them again. This keeps a fleet's traffic linear in its size.",
            "Still race-safe. A service created meanwhile by another run makes the platform refuse the duplicate, and"
            " the module reports that service instead.",
        ],
    ),
]
SPEC_KEYS = ("type", "elements", "required", "choices", "default", "no_log")


def service_options(place):
    """The entries of SERVICE_OPTIONS that may appear in a place (PLACES), in the table's order."""
    if place not in PLACES:
        raise ValueError("unknown place {0!r}; known: {1}".format(place, ", ".join(PLACES)))
    return [opt for opt in SERVICE_OPTIONS if place in opt["where"]]


def _spec(opt):
    return dict((key, opt[key]) for key in SPEC_KEYS if key in opt)


def service_argument_spec():
    """hosted_essentials_service's own options (the connection options come from connection_argument_spec)."""
    return dict((opt["name"], _spec(opt)) for opt in service_options(MODULE))


def batch_argument_spec():
    """hosted_essentials_fleet's batch-wide options, which every item inherits."""
    return dict((opt["name"], _spec(opt)) for opt in service_options(FLEET))


def _doc(opt, description):
    doc = dict(description=description, type=opt["type"])
    for key in ("elements", "required", "choices", "default"):
        if key in opt:
            doc[key] = opt[key]
    return doc


def service_doc_fragment():
    """The ``service`` doc fragment (DOCUMENTATION): hosted_essentials_service's own options."""
    return dict(options=dict((opt["name"], _doc(opt, opt["description"])) for opt in service_options(MODULE)))


def batch_doc_fragment():
    """The ``service.fleet`` doc fragment (FLEET): hosted_essentials_fleet's batch-wide options."""
    return dict(options=dict((opt["name"], _doc(opt, opt["fleet_description"])) for opt in service_options(FLEET)))


# --- a SIP connection (site location) of a service ------------------------------------------------------------------
def _service_option(name, **changes):
    """A SERVICE_OPTIONS entry as a SIP connection option takes it (one home for what both share), with changes (a
    change to None removes the key)."""
    entry = dict(next(opt for opt in SERVICE_OPTIONS if opt["name"] == name))
    entry.pop("where", None)
    entry.update(changes)
    return dict((key, value) for key, value in entry.items() if value is not None)


SITE_NAME_MAX = 64
# Each entry as in SERVICE_OPTIONS, plus:
#   modify: the Modify SIP Connection body key (PATCH /api/v2/customer/{guid}/sitelocation/, API §7) that changes it;
#   an option without one is compared with the site's read and reported as drift.
SITE_OPTIONS = [
    _service_option(
        "state",
        description=[
            "Whether the SIP connection must exist. V(absent) deletes it and waits for its cleanup task.",
            "The service's first SIP connection (the one it was created with) and its last one are kept unless"
            " O(force=true): deleting the service (M(audiocodes.live_platform.hosted_essentials_service)) is the way"
            " to remove them.",
        ],
    ),
    dict(
        name="site_name", type="raw", required=True, text=True, max_length=SITE_NAME_MAX, body="siteLocationName",
        description=[
            "The SIP connection's name (the platform's site location name), its key within the service; compared"
            " case-insensitively. At most {0} visible characters, no leading or trailing blank.".format(SITE_NAME_MAX),
        ],
    ),
    _service_option(
        "short_name", required=None,
        description=[
            "The short name of the service the SIP connection belongs to; with O(ms_tenant_id), the service is the one"
            " of this short name in that M365 tenant. Give this or O(service_id).",
        ],
    ),
    _service_option(
        "ms_tenant_id",
        description=[
            "The service's M365 tenant id (a GUID). Needed with O(short_name) when more than one tenant has a service"
            " of that short name.",
        ],
    ),
    _service_option(
        "service_id",
        description=["The service's guid, instead of O(short_name)."],
    ),
    _service_option("sbc", description=[
        "The name of the SBC the SIP connection is deployed on. Mutually exclusive with O(sbc_id).",
        "Resolved with the SBC list C(GET /api/v2/sbc), whose URL is not documented; the platform may not have it.",
        "It cannot be changed on an existing SIP connection: a difference is reported as drift.",
    ]),
    _service_option("sbc_id"),
    _service_option("onboarding_script"),
    _service_option("onboarding_script_id"),
    _service_option("cleanup_script"),
    _service_option("cleanup_script_id"),
    _service_option("ovoc_customer_type", choices=["IPGROUP_TYPE"], description=[
        "How the SIP connection is modelled in the Operation Center; the add call takes only V(IPGROUP_TYPE).",
    ]),
    _service_option("cac_profile", modify="CacProfile", description=[
        "The SBC's CAC profile, for example V(10 sessions). Changed on an existing SIP connection with the documented"
        " Modify SIP Connection call.",
        "When the SBC is given by name (O(sbc)), it must be one the SBC offers in the SBC list.",
    ]),
    _service_option("proxy_set"),
    _service_option("online_pstn_gateway"),
    _service_option("carrier_user_name", modify="CarrierUserName"),
    _service_option("carrier_user_password", modify="CarrierUserPassword", description=[
        "The carrier's digest authentication password, at most 50 characters, no wide (non-ASCII) characters.",
        "The platform's site read returns it in clear (never shown by the module), so a rotation is detected and"
        " sent with the Modify SIP Connection call. On a platform whose read does not return it, see"
        " O(update_carrier_password).",
    ]),
    _service_option("carrier_main_line", modify="CarrierMainLine"),
    _service_option("carrier_host_name", modify="CarrierHostName"),
    dict(
        name="enable_cac", type="bool", modify="enableCAC",
        description="Whether call admission control applies to the SIP connection. Not given: left as it is.",
    ),
    dict(
        name="carrier_registration", type="bool", modify="flagCarrierRegistration",
        description="Whether the SBC registers with the carrier for the SIP connection. Not given: left as it is.",
    ),
    _service_option("custom_variables", description=[
        "The onboarding script's customer variables by name (or as raw C(CustomVar.Variable<N>) keys), as"
        " hosted_essentials_service takes them.",
        "Sent when the SIP connection is added; the platform has no call to change them later, so a difference is"
        " reported as drift.",
    ]),
    _service_option("extra_script_parameters"),
    dict(
        name="update_carrier_password", type="str", choices=["on_change", "always"], default="on_change",
        no_log=False,  # not a secret: a choice of when to send one
        description=[
            "V(on_change) sends O(carrier_user_password) when the platform's read shows another one (or none). A"
            " platform whose read never shows it leaves the module unable to compare: it warns and sends nothing.",
            "V(always) sends it on every run, and so always reports a change.",
        ],
    ),
    dict(
        name="force", type="bool", default=False,
        description="With O(state=absent), also delete the service's first or last SIP connection.",
    ),
    _service_option("wait", description=[
        "Wait until the SBC deployment of an added or modified SIP connection (or, for O(state=absent), its"
        " cleanup) has ended.",
    ]),
    _service_option("wait_timeout"),
    _service_option("poll_interval"),
]


def site_argument_spec():
    """sip_connection's own options (the connection options come from connection_argument_spec)."""
    return dict((opt["name"], _spec(opt)) for opt in SITE_OPTIONS)


def site_doc_fragment():
    """The ``sip_connection`` doc fragment: sip_connection's own options."""
    return dict(options=dict((opt["name"], _doc(opt, opt["description"])) for opt in SITE_OPTIONS))


def site_item_keys():
    """The keys of an item of a service's ``sip_connections``: a SIP connection's own options (its service and the
    run's settings come from the service's call) and its ``dial_plan``."""
    inherited = ("short_name", "ms_tenant_id", "service_id", "wait", "wait_timeout", "poll_interval", "force")
    return tuple(opt["name"] for opt in SITE_OPTIONS if opt["name"] not in inherited) + ("dial_plan",)


def site_modify_fields():
    """(option, Modify SIP Connection body key) of the options an existing SIP connection can change."""
    return tuple((opt["name"], opt["modify"]) for opt in SITE_OPTIONS if "modify" in opt)


# --- the dial plan of a SIP connection -------------------------------------------------------------------------------
DEFAULT_DIAL_PLAN_ID = "CustDialPlan"  # the id the documented PATCH example sends (API §7)
RULE_NAME_MAX, RULE_PREFIX_MAX, RULE_TAG_MAX = 64, 32, 253
# The SIP connection is located with the same options as sip_connection's (one home for each).
_LOCATING = ("site_name", "short_name", "ms_tenant_id", "service_id")
DIAL_PLAN_OPTIONS = [
    dict(
        name="state", type="str", choices=["present", "exact", "absent"], default="present",
        description=[
            "V(present) adds the O(rules) the dial plan lacks and leaves the others; V(exact) also removes every"
            " rule not in O(rules) (an empty O(rules) empties the dial plan); V(absent) removes the O(rules) it has.",
            "A rule is the same rule when its name, prefix and tag are equal; a rule of the same name with another"
            " prefix or tag is removed and added again.",
        ],
    ),
    dict(
        name="rules", type="list", elements="dict", default=[],
        description=[
            "The dial-plan rules, each a mapping with C(name) (at most {0} characters), C(prefix) (digits, an optional"
            " leading V(+), and the wildcards V(x), V([), V(]), V(-), V(*), V(#); at most {1} characters, quoted in"
            " YAML) and C(tag) (the derived trunk's FQDN, at most {2} characters).".format(
                RULE_NAME_MAX, RULE_PREFIX_MAX, RULE_TAG_MAX),
            "Rule names must be unique within O(rules).",
        ],
    ),
    dict(
        name="dial_plan_id", type="str", default=DEFAULT_DIAL_PLAN_ID,
        description="The dial plan's id; the documentation's example uses V(CustDialPlan).",
    ),
] + [dict(opt, description=["The SIP connection (site location) whose dial plan this is."])
     if opt["name"] == "site_name" else opt for opt in SITE_OPTIONS if opt["name"] in _LOCATING]


def dial_plan_argument_spec():
    """dial_plan's own options (the connection options come from connection_argument_spec)."""
    return dict((opt["name"], _spec(opt)) for opt in DIAL_PLAN_OPTIONS)


def dial_plan_doc_fragment():
    """The ``sip_connection.dial_plan`` doc fragment: dial_plan's own options."""
    return dict(options=dict((opt["name"], _doc(opt, opt["description"])) for opt in DIAL_PLAN_OPTIONS))


def text_options():
    """The options the platform takes as text: a YAML number or boolean is refused, not converted."""
    return tuple(opt["name"] for opt in SERVICE_OPTIONS if opt.get("text"))


def max_lengths():
    """The text options' length limits, in characters."""
    return dict((opt["name"], opt["max_length"]) for opt in SERVICE_OPTIONS if "max_length" in opt and opt.get("text"))


def mapping_limits():
    """The mapping options' limits: name -> (longest key, longest value), in characters."""
    return dict((opt["name"], (opt["key_max_length"], opt["max_length"])) for opt in SERVICE_OPTIONS
                if "key_max_length" in opt)


def secret_options():
    """The service options whose values are secrets (no_log): masked wherever they appear."""
    return tuple(opt["name"] for opt in SERVICE_OPTIONS if opt.get("no_log"))


def id_options():
    """The service options that are integer ids sent in the request (sbc_id...)."""
    return tuple(opt["name"] for opt in SERVICE_OPTIONS if opt["type"] == "int" and "body" in opt)


# A customer variable (or extra script parameter) whose name looks like this holds a secret: its value is masked in
# every output and never quoted in a message.
SECRET_LOOKING = re.compile(r"(?i)pass|pwd|secret|token|credential|private|api[-_.]?key")


def item_secrets(item):
    """The secret values a fleet item (or any mapping of service options) carries, each value of a secret mapping
    included: a batch registers them with its redactor, as no_log does for one module call. An item refused on the
    controller (``invalid``) is never sent and its values are never quoted: registering them would only mask their
    text in everyone's messages."""
    found = []
    if not isinstance(item, dict) or item.get("invalid"):
        return found
    for name in secret_options():
        value = item.get(name)
        for each in value.values() if isinstance(value, dict) else [value]:
            # Only text is ever sent: a number, boolean, list or mapping is refused (and never quoted), and masking
            # its text ("1", "a") everywhere would garble every message.
            if isinstance(each, str) and each:
                found.append(each)
    variables = item.get("custom_variables")
    for name, value in variables.items() if isinstance(variables, dict) else []:
        if isinstance(value, str) and value and SECRET_LOOKING.search(str(name)):
            found.append(value)
    # The further SIP connections carry the same secrets (no_log cannot reach into a list of mappings).
    sites = item.get("sip_connections")
    for site in sites if isinstance(sites, list) else []:
        found.extend(item_secrets(dict(site, sip_connections=None)) if isinstance(site, dict) else [])
    return found


def script_parameters():
    """(option, scriptParameters key) of the options sent as a fixed script parameter."""
    return tuple((opt["name"], opt["script_parameter"]) for opt in SERVICE_OPTIONS if "script_parameter" in opt)


def item_options():
    """The keys a hosted_essentials_fleet item may carry as options."""
    return frozenset(opt["name"] for opt in service_options(ITEM))


def _inventory_entries(place):
    if place == "overrides":
        return [opt for opt in SERVICE_OPTIONS if PROFILE in opt["where"] or CUSTOMER in opt["where"]]
    if place not in (PROFILE, CUSTOMER):
        raise ValueError("unknown inventory place {0!r}; known: profile, customer, overrides".format(place))
    return service_options(place)


def inventory_keys(place):
    """The keys of the fleet inventory's live_platform_sbc_profile (``profile``), live_platform_customer
    (``customer``, without its ``overrides``) or live_platform_customer.overrides (``overrides``: any of both), in
    the table's order."""
    return tuple(opt["name"] for opt in _inventory_entries(place))


def role_options(place):
    """The onboarding role's argument spec of the inventory keys of a place (``profile`` or ``customer``): typed as
    the module types them (text as C(raw), so that the module's own check names a YAML number), without defaults."""
    if place not in (PROFILE, CUSTOMER):
        raise ValueError("unknown inventory place {0!r}; known: profile, customer".format(place))
    options = {}
    for opt in service_options(place):
        text = opt["role"]
        entry = dict(description=text[place] if isinstance(text, dict) else text, type=opt["type"])
        if "choices" in opt:
            entry["choices"] = opt["choices"]
        if opt.get("no_log"):
            entry["no_log"] = True
        options[opt["name"]] = entry
    return options


def per_customer_lines():
    """The option lines of the onboarding role's module call (roles/onboarding/tasks/per_customer.yml): each inventory
    key of the composed request, passed when the customer's variables give it."""
    lines = []
    for opt in _inventory_entries("overrides"):
        value = "onboarding_request.{0}".format(opt["name"]) + ("" if opt.get("required") else " | default(omit)")
        lines.append('{0}: "{{{{ {1} }}}}"'.format(opt["name"], value))
    return lines


# The lines that enclose a generated part of a file (a YAML comment, at the indentation of the generated lines).
# The fields of a service as every module returns it (records.service_record): one description for each RETURN.
SERVICE_RECORD_FIELDS = [
    dict(name="id", type="str", description="The service's guid (customerGuid).",
         sample="b38e5a04-6d32-4be8-95bb-53bf7d6fa95c"),
    dict(name="short_name", type="str", description="The short name."),
    dict(name="full_name", type="str", description="The full name."),
    dict(name="ms_tenant_id", type="str", description="The customer's M365 tenant id, when the platform gives it."),
    dict(name="license_type", type="int", description="The licence type, as the platform's number (0 is Hosted Essentials)."),
    dict(name="license_name", type="str", description=[
        "The licence type by name (V(hosted_essentials), V(hosted_essentials_plus), V(hosted_pro), V(oc_essentials),"
        " V(oc_essentials_plus), V(oc_pro)); the number as text when the collection does not know it.",
    ]),
    dict(name="site_locations", type="list", elements="dict",
         description="The SIP connections, each with C(id), C(name), C(sbc_id) and C(deployment_state)."),
    dict(name="deployment_state", type="str", description=[
        "V(InProgress), V(Deployed) or V(Failed), whatever spelling the platform uses; a word the collection does not"
        " know as the platform wrote it; null when the platform reports no state.",
    ]),
    dict(name="progress", type="list", elements="dict",
         description="The deployment's progress details, each with C(level) and C(message); secrets masked."),
    dict(name="error_details", type="str", description="The platform's error details of a failed deployment."),
]


def service_record_return():
    """The RETURN ``contains`` of a service record, from SERVICE_RECORD_FIELDS."""
    return dict((field["name"], dict((key, value) for key, value in field.items() if key != "name"))
                for field in SERVICE_RECORD_FIELDS)


# The fields of a SIP connection as sip_connection and sip_connection_info return it (site_api.site_detail_record).
SITE_RECORD_FIELDS = [
    dict(name="id", type="str", description="The SIP connection's id (siteId)."),
    dict(name="name", type="str", description="Its name (site location name)."),
    dict(name="ms_tenant_id", type="str", description="The customer's M365 tenant id, when the read gives it."),
    dict(name="deployment_state", type="str",
         description="V(InProgress), V(Deployed) or V(Failed) (the read's integer state, by name)."),
    dict(name="sbc_id", type="int", description="The SBC it is deployed on."),
    dict(name="onboarding_script_id", type="int", description="Its SBC onboarding script."),
    dict(name="cleanup_script_id", type="int", description="Its SBC cleanup script."),
    dict(name="online_pstn_gateway", type="str", description="The Online PSTN Gateway."),
    dict(name="cac_profile", type="str", description="The CAC profile."),
    dict(name="proxy_set", type="str", description="The proxy set (the read's C(carrierId))."),
    dict(name="carrier_user_name", type="str", description="The carrier's digest user name."),
    dict(name="carrier_main_line", type="str", description="The AOR user name."),
    dict(name="carrier_host_name", type="str", description="The AOR host name."),
    dict(name="enable_cac", type="bool", description="Whether CAC applies; null when the read does not say."),
    dict(name="carrier_registration", type="bool",
         description="Whether the SBC registers with the carrier; null when the read does not say."),
    dict(name="configure_sbc", type="bool", description="The read's C(flagConfigureSbc)."),
    dict(name="custom_variables", type="dict",
         description="The customer variables as the read gives them, without the carrier password (never returned)."),
    dict(name="pending_tasks", type="list", elements="str", description="The platform's pending task ids."),
]


def site_record_return():
    """The RETURN ``contains`` of a SIP connection record, from SITE_RECORD_FIELDS."""
    return dict((field["name"], dict((key, value) for key, value in field.items() if key != "name"))
                for field in SITE_RECORD_FIELDS)


GENERATED_BEGIN = "# BEGIN {0}: generated from plugins/module_utils/options.py by make docs, do not edit"
GENERATED_END = "# END {0}"
# file (relative to the collection root) -> the generated parts it holds.
GENERATED_PARTS = {
    "plugins/inventory/services.py": ("connection options",),
    "roles/onboarding/meta/argument_specs.yml": ("profile keys", "customer keys"),
    "roles/onboarding/tasks/per_customer.yml": ("service options",),
    "plugins/modules/hosted_essentials_service.py": ("service record",),
    "plugins/modules/hosted_essentials_service_info.py": ("service record",),
    "plugins/modules/sip_connection.py": ("site record",),
    "plugins/modules/sip_connection_info.py": ("site record",),
}
