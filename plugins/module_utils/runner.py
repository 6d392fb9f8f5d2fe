# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What every module's main() shares: the argument spec with the connection options, and the run."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.audiocodes.live_platform.plugins.module_utils.client import (
    HAS_REQUESTS, REQUESTS_IMPORT_ERROR, LivePlatformClient,
)
from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import LivePlatformError
from ansible_collections.audiocodes.live_platform.plugins.module_utils.redaction import Redactor
from ansible_collections.audiocodes.live_platform.plugins.module_utils.options import (
    SECRET_OPTIONS, connection_argument_spec,
)


def argument_spec(**module_options):
    spec = connection_argument_spec()
    spec.update(module_options)
    return spec


def run(module, logic, secrets=(), invocation=None):
    """Build the client, call logic(client, params, check_mode) and exit with its result or a typed error.

    secrets: values the options' no_log cannot declare (e.g. passwords inside free-form items). They are masked
    here, with the invocation, by one pass of one pattern: given to module.no_log_values instead, they would be
    masked by Ansible string by string, which costs (secrets x strings), quadratic in a fleet's size.
    invocation: the module arguments to echo back, when echoing them all would be too much (a fleet's items).
    """
    if not HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
    # The invocation is echoed masked by this run's one redactor: the client's, or a bare one when the connection
    # options are refused before a client exists.
    redactor = Redactor(list(secrets) + [module.params.get(name) for name in SECRET_OPTIONS])
    masked = {}
    if secrets or invocation is not None:
        masked["invocation"] = dict(module_args=module.params if invocation is None else invocation)
    try:
        client = LivePlatformClient.from_params(module.params, redactor=redactor)
        for warning in client.warnings:  # before any call, so that a failed run shows them too
            module.warn(warning)
        result = logic(client, module.params, module.check_mode)
    except LivePlatformError as exc:
        module.fail_json(**redactor(dict(exc.to_result(), **masked)))
    for warning in redactor(result.pop("warnings", [])):
        module.warn(warning)
    result = redactor(dict(result, **masked))
    if result.get("failed"):
        module.fail_json(**result)
    module.exit_json(**result)
