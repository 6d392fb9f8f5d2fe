# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The session module's logic: what the module calls of a whole run share, read once (a token, the catalogues and,
when asked for, the service list), instead of once per call."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.audiocodes.live_platform.plugins.module_utils.catalog import CATALOGUES
from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import LivePlatformError, PlatformLacks
from ansible_collections.audiocodes.live_platform.plugins.module_utils.runner import argument_spec
from ansible_collections.audiocodes.live_platform.plugins.module_utils.service_api import list_services


def open_session(client, params, check_mode=False):
    """A token (none when the caller gave its own access_token), the SBC and SBC script catalogues and, with
    ``list_services``, every service as hosted_essentials_service_info lists them.

    A catalogue this platform lacks is None, named in a warning: each call then reads it, or fails, as it would
    without a session. A list that fails for any other reason than the whole run's (sign-in, TLS, no connection) is
    None too: each call then looks its service up itself.
    """
    token = None if params.get("access_token") else client.token()
    result = dict(changed=False, access_token=token, catalogue={}, warnings=[])
    for name, read in CATALOGUES:
        try:
            result["catalogue"][name] = read(client)
        except PlatformLacks as exc:
            result["catalogue"][name] = None
            result["warnings"].append(str(exc))
    if params.get("list_services"):
        try:
            result["services"] = list_services(client)
        except LivePlatformError as exc:
            if exc.fleet_wide:
                raise
            result["services"] = None
            result["warnings"].append("the services could not be listed, so each call looks its own service up: "
                                      + str(exc))
    return result


NO_LOG_RULE = ("no_log: must be true on this task (no_log: true), since its result carries the platform's token;"
               " nothing was requested")


def session_module_spec():
    """The session module's argument spec (its module and its action plugin)."""
    return argument_spec(list_services=dict(type="bool", default=False))


class TokenKept(object):
    """open_session for outcome(), which masks every secret its client learnt, the token included: the token is kept
    here instead and given back after the masking, to the no_log task whose result is for the run's other calls."""

    def __init__(self):
        self.token = None
        self.called = False

    def __call__(self, client, params, check_mode=False, progress=None):
        self.called = True
        result = open_session(client, params, check_mode)
        self.token = result.pop("access_token")
        return result

    def returned(self, result):
        """result (outcome()'s, masked) with the token, when this logic ran and succeeded."""
        return dict(result, access_token=self.token) if self.called and not result.get("failed") else result
