# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""hosted_essentials_service on the controller: customer.ensure run in process, with a line when the service's
deployment starts and ends, when the module would run on this machine anyway; else the module
(plugins/plugin_utils/in_process.py; docs: plugins/modules/hosted_essentials_service.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.audiocodes.live_platform.plugins.module_utils.customer import ensure
from ansible_collections.audiocodes.live_platform.plugins.module_utils.runner import service_masking, service_module_spec
from ansible_collections.audiocodes.live_platform.plugins.plugin_utils.in_process import InProcessAction


class ActionModule(InProcessAction):
    MODULE = "hosted_essentials_service"
    SPEC = staticmethod(service_module_spec)
    LOGIC = staticmethod(ensure)
    MASKING = staticmethod(service_masking)
