# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""hosted_essentials_fleet on the controller: batch.ensure_fleet run in process, with a line per customer when its
deployment starts and ends, when the module would run on this machine anyway; else the module
(plugins/plugin_utils/in_process.py; docs: plugins/modules/hosted_essentials_fleet.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.audiocodes.live_platform.plugins.module_utils.batch import ensure_fleet
from ansible_collections.audiocodes.live_platform.plugins.module_utils.runner import fleet_masking, fleet_module_spec
from ansible.errors import AnsibleActionFail

from ansible_collections.audiocodes.live_platform.plugins.plugin_utils.in_process import InProcessAction
from ansible_collections.audiocodes.live_platform.plugins.plugin_utils.variables import named_structure


class ActionModule(InProcessAction):
    MODULE = "hosted_essentials_fleet"
    SPEC = staticmethod(fleet_module_spec)
    LOGIC = staticmethod(ensure_fleet)
    MASKING = staticmethod(fleet_masking)

    def run(self, tmp=None, task_vars=None):
        # services_var: the items read from that variable here, in process or for the module alike.
        name = self._task.args.get("services_var")
        if name is not None:
            args = dict(self._task.args)
            del args["services_var"]
            if args.get("services") is not None:
                raise AnsibleActionFail("services, services_var: give one of them, not both")
            args["services"] = named_structure(self._templar, task_vars, name)
            self._task.args = args
        return super(ActionModule, self).run(tmp, task_vars)
