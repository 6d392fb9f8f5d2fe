# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""session on the controller: module_utils/session.py run in process when the module would run on this machine
anyway, so that the token never passes through a module process's output (which ANSIBLE_DEBUG prints); else the
module (plugins/plugin_utils/in_process.py; docs: plugins/modules/session.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.audiocodes.live_platform.plugins.module_utils.session import (
    NO_LOG_RULE, TokenKept, session_module_spec,
)
from ansible_collections.audiocodes.live_platform.plugins.plugin_utils.in_process import InProcessAction


class ActionModule(InProcessAction):
    MODULE = "session"
    SPEC = staticmethod(session_module_spec)

    def run(self, tmp=None, task_vars=None):
        if not self._task.no_log:  # before anything is requested, whichever way it would run
            return dict(failed=True, msg=NO_LOG_RULE)
        self.LOGIC = TokenKept()
        return self.LOGIC.returned(super(ActionModule, self).run(tmp, task_vars))
