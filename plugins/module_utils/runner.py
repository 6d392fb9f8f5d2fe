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
from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import LivePlatformError, redact
from ansible_collections.audiocodes.live_platform.plugins.module_utils.options import connection_argument_spec


def argument_spec(**module_options):
    spec = connection_argument_spec()
    spec.update(module_options)
    return spec


def run(module, logic):
    """Build the client, call logic(client, params, check_mode) and exit with its result or a typed error."""
    if not HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
    client = None
    try:
        client = LivePlatformClient.from_params(module.params)
        result = logic(client, module.params, module.check_mode)
    except LivePlatformError as exc:
        failure = exc.to_result()
        module.fail_json(**(client.redact(failure) if client else redact(failure)))
    for warning in result.pop("warnings", []):
        module.warn(warning)
    if result.get("failed"):
        module.fail_json(**client.redact(result))
    module.exit_json(**client.redact(result))
