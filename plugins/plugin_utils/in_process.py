# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Run a module's logic in the controller's process, with a line per customer while it runs.

The action plugins hosted_essentials_service and hosted_essentials_fleet are this class over their module's spec and
logic. When the module would run on this machine anyway (a ``local`` connection, no ``become``, no ``async``) and
``requests`` imports, the action validates the task's arguments against the module's own argument spec (the
``LIVE_PLATFORM_*`` environment fallbacks read from this process's environment and the task's ``environment``, as
the module would see them), runs the same logic through runner.outcome, the function behind every module's main(),
and returns what the module would have returned, masked the same way. Meanwhile it shows, at default verbosity, a line
when a customer's deployment starts and when it ends (service.ensure's ``progress``): a module cannot print while it
runs. Otherwise, or with ``live_platform_in_process: false``, it runs the module as any action does.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import threading
import time

from collections.abc import Mapping

from ansible import constants as C
from ansible.errors import AnsibleError
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import env_fallback, remove_values
from ansible.module_utils.errors import AnsibleFallbackNotFound, UnsupportedError
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display
from ansible.utils.vars import merge_hash

from ansible_collections.audiocodes.live_platform.plugins.module_utils.client import HAS_REQUESTS
from ansible_collections.audiocodes.live_platform.plugins.module_utils.options import CONNECTION_OPTIONS
from ansible_collections.audiocodes.live_platform.plugins.module_utils.runner import outcome
from ansible_collections.audiocodes.live_platform.plugins.module_utils.service import ENDED, STARTED

try:
    from ansible.parsing.vault import EncryptedString
except ImportError:  # pragma: no cover - before ansible-core 2.19
    EncryptedString = None

CREDENTIALS = ("tenant_id", "client_id", "client_secret")
ENVIRONMENT_OF = dict((opt["name"], opt["env"]) for opt in CONNECTION_OPTIONS)
# The task variable that sends the task to the module instead (true by default).
IN_PROCESS_VARIABLE = "live_platform_in_process"
# What a change is called in its progress lines, by the action service.ensure tells.
NOUNS = dict(create="deployment", recreate="deployment", delete="removal")

display = Display()


def plain(value):
    """The task's arguments as plain Python data, as a module receives them in JSON: Ansible's tagged strings,
    numbers and containers as their native types, vaulted strings decrypted."""
    if isinstance(value, Mapping):
        return dict((plain(key), plain(item)) for key, item in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(item) for item in value]
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) or (EncryptedString is not None and isinstance(value, EncryptedString)):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value


def with_environment(spec, environment):
    """spec with each env_fallback reading environment instead of os.environ: the environment the module's process
    would have had (the controller's, updated with the task's ``environment``)."""

    def fallback(*names, **_kwargs):
        for name in names:
            if name in environment:
                return environment[name]
        raise AnsibleFallbackNotFound

    def one(entry):
        entry = dict(entry)
        if entry.get("fallback") and entry["fallback"][0] is env_fallback:
            entry["fallback"] = (fallback,) + tuple(entry["fallback"][1:])
        if isinstance(entry.get("options"), dict):
            entry["options"] = dict((name, one(sub)) for name, sub in entry["options"].items())
        return entry

    return dict((name, one(entry)) for name, entry in spec.items())


def without_shared_token(args, environment):
    """args without ``access_token`` when the client credentials are at hand too (as arguments, or as the
    LIVE_PLATFORM_* variables the module would read): with them, the module gets a token itself."""
    if not args.get("access_token"):
        return args
    for name in CREDENTIALS:
        if not args.get(name) and not environment.get(ENVIRONMENT_OF[name]):
            return args
    return dict((key, value) for key, value in args.items() if key != "access_token")


def injects_invocation(task_vars):
    """Whether a module's result carries ``invocation``: always before ansible-core 2.21, then as its
    INJECT_INVOCATION setting (default off) says."""
    try:
        return bool(C.config.get_config_value("INJECT_INVOCATION", variables=task_vars))
    except AnsibleError:  # no such setting before 2.21
        return True


def as_module_returns(result, params, no_log_values, inject_invocation=True):
    """result as AnsibleModule.exit_json/fail_json return it: with the invocation (when the module would give it),
    every no_log value removed."""
    result = dict(result)
    if inject_invocation:
        result.setdefault("invocation", dict(module_args=params))
    else:
        result.pop("invocation", None)
    preserved = dict((key, value) for key, value in result.items() if value is None or isinstance(value, bool))
    result = remove_values(result, no_log_values)
    result.update(preserved)
    return result


class ProgressLines(object):
    """The lines of one task's run: ``<module>: <customer>: deployment started (create)`` and ``... deployment ended:
    deployed in 12 s (service <id>)``, shown at once, from the logic's threads. Only names, actions, states, seconds
    and service ids, each line masked by the run's redactor."""

    def __init__(self, module, show=None, clock=time.monotonic):
        self._module = module
        self._show = show or display.display
        self._clock = clock
        self._lock = threading.Lock()
        self._began = {}

    def line(self, customer, event, detail):
        noun = NOUNS.get(detail.get("action"), "change")
        with self._lock:
            if event == STARTED:
                self._began[customer] = self._clock()
                return "{0}: {1}: {2} started ({3})".format(self._module, customer, noun, detail.get("action"))
            began = self._began.pop(customer, None)
        text = "{0}: {1}: {2} ended: {3}".format(self._module, customer, noun, detail.get("state"))
        if began is not None:
            text += " in {0:.0f} s".format(self._clock() - began)
        if detail.get("service_id"):
            text += " (service {0})".format(detail["service_id"])
        return text

    def progress(self, redact):
        """The progress callable for service.ensure or batch.ensure_fleet, its lines masked by redact."""

        def told(customer, event, detail):
            if event not in (STARTED, ENDED):
                return
            try:
                line = redact(self.line(customer, event, detail))
                with self._lock:  # one line at a time, whichever thread tells it
                    self._show(line)
            except Exception:  # pylint: disable=broad-except
                pass  # best effort: a line that cannot be shown must not stop a deployment; the result records it

        return told


class InProcessAction(ActionBase):
    """An action plugin that runs its module's logic in this process when the module would run here anyway.

    A subclass names its module (MODULE, for the lines), its argument spec builder (SPEC), its logic (LOGIC, a
    function (client, params, check_mode, progress=...)) and, when its items carry secrets that no_log cannot declare,
    MASKING (params -> (secrets, invocation), as the module's main() gives them to runner.run).
    """

    TRANSFERS_FILES = False
    _supports_check_mode = True
    _supports_async = True

    MODULE = None
    SPEC = None
    LOGIC = None
    MASKING = None

    def run(self, tmp=None, task_vars=None):
        result = super(InProcessAction, self).run(tmp, task_vars)
        del tmp
        task_vars = task_vars or {}
        if not self.runs_in_process(task_vars):
            return self._run_module(result, task_vars)
        result.update(self._run_in_process(injects_invocation(task_vars)))
        return result

    def runs_in_process(self, task_vars):
        """Whether the module would run in this machine's Python anyway: then its logic runs here, in process."""
        wanted = self._templar.template(task_vars.get(IN_PROCESS_VARIABLE, True))
        return bool(HAS_REQUESTS and boolean(wanted, strict=False) and not self._task.async_val
                    and getattr(self._connection, "transport", None) == "local" and not self._play_context.become)

    def _run_module(self, result, task_vars):
        """As the ``normal`` action runs a module, but for a token given with the client credentials (a session's):
        the module requests its own instead, so that the run's token stays in this process (a module's arguments
        are written to disk without pipelining, and ANSIBLE_DEBUG prints them)."""
        wrap_async = self._task.async_val and not self._connection.has_native_async
        args = without_shared_token(self._task.args, self._environment())
        result = merge_hash(result, self._execute_module(module_args=args, task_vars=task_vars, wrap_async=wrap_async))
        if not wrap_async:
            self._remove_tmp_path(self._connection._shell.tmpdir)
        return result

    def _environment(self):
        """The environment the module's process would have: this one, updated with the task's ``environment``."""
        task_environment = {}
        self._compute_environment_string(raw_environment_out=task_environment)
        environment = dict(os.environ)
        environment.update((str(name), str(value)) for name, value in task_environment.items())
        return environment

    def _run_in_process(self, inject_invocation):
        args = plain(self._task.args)
        validation = ArgumentSpecValidator(with_environment(self.SPEC(), self._environment())).validate(args)
        no_log_values = validation._no_log_values  # pylint: disable=protected-access
        params = dict(args)
        params.update(validation.validated_parameters)
        warnings = ["Both option {option} and its alias {alias} are set.".format(**warning)
                    for warning in validation._warnings]  # pylint: disable=protected-access
        if validation.error_messages:  # as AnsibleModule fails: the first error's message, before any call
            msg = validation.errors.msg
            if isinstance(validation.errors[0], UnsupportedError):
                msg = "Unsupported parameters for ({0}) module: {1}".format(self._task.action, msg)
            failed = dict(failed=True, msg=msg)
            if warnings:
                failed["warnings"] = warnings
            return as_module_returns(failed, params, no_log_values, inject_invocation)
        secrets, invocation = self.MASKING(params) if self.MASKING else ((), None)
        lines = ProgressLines(self.MODULE)
        quiet = bool(self._task.no_log)  # no_log: the task shows nothing of its run, not even names and states

        def logic(client, params, check_mode):
            return self.LOGIC(client, params, check_mode, progress=None if quiet else lines.progress(client.redact))

        result = outcome(params, bool(self._task.check_mode), logic, secrets, invocation)
        if warnings:
            result["warnings"] = warnings + result.get("warnings", [])
        return as_module_returns(result, params, no_log_values, inject_invocation)
