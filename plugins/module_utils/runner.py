# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What every module's main() shares: the argument spec with the connection options, and the run.

The run itself, (params, check mode, logic) -> a masked result, is ``outcome``: the modules call it through ``run``,
and the action plugins that run a module's logic on the controller (plugins/plugin_utils/in_process.py) call it
directly, so that both return the same result, masked the same way.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.audiocodes.live_platform.plugins.module_utils.client import (
    HAS_REQUESTS, REQUESTS_IMPORT_ERROR, LivePlatformClient,
)
from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import LivePlatformError
from ansible_collections.audiocodes.live_platform.plugins.module_utils.redaction import Redactor
from ansible_collections.audiocodes.live_platform.plugins.module_utils.options import (
    SECRET_OPTIONS, batch_argument_spec, connection_argument_spec, item_secrets, service_argument_spec,
)


def argument_spec(**module_options):
    spec = connection_argument_spec()
    spec.update(module_options)
    return spec


def service_module_spec():
    """hosted_essentials_service's argument spec (its module and its action plugin)."""
    return argument_spec(**service_argument_spec())


def fleet_module_spec():
    """hosted_essentials_fleet's argument spec (its module and its action plugin)."""
    return argument_spec(
        services=dict(type="list", elements="dict"),
        services_var=dict(type="str"),  # read by the action plugin, which gives services instead
        concurrency=dict(type="int", default=10),
        **batch_argument_spec()
    )


def service_masking(params):
    """(secrets, invocation) of a hosted_essentials_service call, for outcome(): the secrets of its further SIP
    connections and of its customer variables named like secrets, which no_log cannot reach (none: nothing to add),
    and, with a session's
    ``catalogue``, the invocation with the catalogue counted: echoed whole, it would be kept once per customer host."""
    invocation = None
    if isinstance(params.get("catalogue"), dict):
        invocation = dict(params, catalogue=dict(
            (name, None if records is None else "{0} record(s)".format(len(records)))
            for name, records in params["catalogue"].items()))
    return item_secrets(dict(sip_connections=params.get("sip_connections"),
                             custom_variables=params.get("custom_variables"))), invocation


def fleet_masking(params):
    """(secrets, invocation) of a hosted_essentials_fleet call, for outcome().

    The items are free-form mappings, so their secrets (carrier passwords, extra script parameters) are declared
    here, as no_log declares them for one hosted_essentials_service call. A fleet's items, echoed back whole, would
    double what the controller parses: the invocation names them instead.
    """
    services = params.get("services") or []
    secrets = [secret for item in services for secret in item_secrets(item)]
    return secrets, dict(params, services=["{0} item(s)".format(len(services))])


def outcome(params, check_mode, logic, secrets=(), invocation=None):
    """Build the client, call logic(client, params, check_mode) and return its result, or the typed error it raised
    as a failed result, with every secret masked by one redactor.

    The result carries ``warnings`` (the connection's, then the logic's) when there are any, ``failed`` when the run
    failed, and the masked ``invocation`` when secrets or an invocation are given.
    secrets: values the options' no_log cannot declare (e.g. passwords inside free-form items). They are masked
    here, with the invocation, by one pass of one pattern: given to module.no_log_values instead, they would be
    masked by Ansible string by string, which costs (secrets x strings), quadratic in a fleet's size. The values of
    every no_log option (the connection's secrets, the carrier password, the extra script parameters) are always
    masked here too, so that a caller without Ansible's no_log masking (an action plugin) is covered as well.
    invocation: the module arguments to echo back, when echoing them all would be too much (a fleet's items).
    """
    # One redactor for the run: the client's, which also learns the tokens it fetches and the passwords it sends.
    redactor = Redactor(list(secrets) + [params.get(name) for name in SECRET_OPTIONS] + item_secrets(params))
    masked = {}
    if secrets or invocation is not None:
        masked["invocation"] = dict(module_args=params if invocation is None else invocation)
    warnings = []
    try:
        client = LivePlatformClient.from_params(params, redactor=redactor)
        warnings.extend(client.warnings)  # also when the run then fails
        result = logic(client, params, check_mode)
    except LivePlatformError as exc:
        result = dict(exc.to_result(), failed=True)
    except Exception as exc:  # pylint: disable=broad-except
        # A library's exception the client did not type, or a bug: its text may quote a value, so it is masked like
        # the rest instead of escaping unmasked in a traceback.
        result = dict(failed=True, msg="unexpected error, please report it: {0}: {1}".format(
            exc.__class__.__name__, exc))
    result = dict(result, **masked)
    warnings.extend(result.pop("warnings", None) or [])
    if warnings:
        result["warnings"] = warnings
    return redactor(result)


def run(module, logic, secrets=(), invocation=None):
    """Exit the module with outcome()'s result: its warnings through module.warn, failed through fail_json."""
    if not HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
    result = outcome(module.params, module.check_mode, logic, secrets, invocation)
    for warning in result.pop("warnings", []):
        module.warn(warning)
    if result.get("failed"):
        module.fail_json(**result)
    module.exit_json(**result)
