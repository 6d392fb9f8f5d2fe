# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Every module of the collection is in the action group.
    DOCUMENTATION = r"""
attributes:
  action_group:
    support: full
    membership:
      - audiocodes.live_platform.live_platform
    description: Use C(group/audiocodes.live_platform.live_platform) in C(module_defaults) to set the connection once.
"""

    # The read-only modules.
    INFO_MODULE = r"""
attributes:
  check_mode:
    support: full
    description: Only reads.
  diff_mode:
    support: none
    description: Changes nothing, so has nothing to show.
"""
