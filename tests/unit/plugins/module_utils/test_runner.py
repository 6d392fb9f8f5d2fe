# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.audiocodes.live_platform.plugins.module_utils import runner
from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import InputError
from ansible_collections.audiocodes.live_platform.plugins.module_utils.options import SECRET_OPTIONS, secret_options
from ansible_collections.audiocodes.live_platform.tests.unit.plugins.module_utils.fake_platform import (
    AUTH, BASE, SECRET,
)

PASSWORDS = ["carrier-pass-{0}".format(i) for i in range(3)]


class Exited(Exception):
    pass


class FakeModule(object):
    """What run() uses of AnsibleModule; records how it exits."""

    def __init__(self, services):
        self.params = dict(base_url=BASE, auth_url=AUTH, tenant_id="sp-tenant", client_id="client-1",
                           client_secret=SECRET, services=services)
        self.check_mode = False
        self.no_log_values = set([SECRET])
        self.warnings = []
        self.exit = None

    def warn(self, msg):
        self.warnings.append(msg)

    def exit_json(self, **kwargs):
        self.exit = ("exit", kwargs)
        raise Exited()

    def fail_json(self, **kwargs):
        self.exit = ("fail", kwargs)
        raise Exited()


def services():
    return [dict(customer="c{0}".format(i), carrier_user_password=p) for i, p in enumerate(PASSWORDS)]


@pytest.mark.parametrize("outcome", ["exit", "fail", "error"])
def test_secrets_given_to_run_are_masked_in_the_result_the_invocation_and_warnings(outcome):
    module = FakeModule(services())

    def logic(client, params, check_mode):
        echoed = "platform said: {0} / {1}".format(PASSWORDS[0], PASSWORDS[2])
        if outcome == "error":
            raise InputError("services[0].carrier_user_password", "was refused: " + PASSWORDS[1])
        return dict(changed=False, failed=outcome == "fail", msg=echoed, warnings=["seen " + PASSWORDS[1]])

    with pytest.raises(Exited):
        runner.run(module, logic, secrets=PASSWORDS)
    kind, result = module.exit
    assert kind == ("exit" if outcome == "exit" else "fail")
    shown = repr(result) + repr(module.warnings)
    assert not [p for p in PASSWORDS + [SECRET] if p in shown]
    assert "********" in shown
    # Given back to exit_json, so that Ansible does not mask the fleet's passwords string by string.
    assert [s["carrier_user_password"] for s in result["invocation"]["module_args"]["services"]] == ["********"] * 3
    assert module.no_log_values == set([SECRET])


def test_without_secrets_the_invocation_is_left_to_ansible():
    module = FakeModule([])
    with pytest.raises(Exited):
        runner.run(module, lambda client, params, check_mode: dict(changed=False))
    assert module.exit == ("exit", dict(changed=False))


@pytest.mark.parametrize("outcome", ["exit", "error"])
def test_the_clients_connection_warnings_reach_module_warn(outcome):
    module = FakeModule([])
    module.params.update(base_url="http://live.example.net/tenantui", validate_certs=False)

    def logic(client, params, check_mode):
        if outcome == "error":
            raise InputError("short_name", "is required")
        return dict(changed=False)

    with pytest.raises(Exited):
        runner.run(module, logic)
    assert module.exit[0] == ("exit" if outcome == "exit" else "fail")
    assert len(module.warnings) == 2  # even when the run fails
    assert [w for w in module.warnings if w.startswith("validate_certs is false: the TLS certificate of")]
    assert [w for w in module.warnings if w.startswith("base_url is plain http:// to live.example.net")]
    assert SECRET not in repr(module.warnings)


# --- outcome: the run behind every module and the action plugins that run a module's logic in process -------------
def test_outcome_masks_every_no_log_option_without_ansibles_no_log():
    """An action plugin has no AnsibleModule to mask the no_log options: outcome masks them all itself."""
    params = dict(FakeModule([]).params, carrier_user_password="carrier-Secret-9",
                  extra_script_parameters=dict(additionalProp1="extra-Secret-8"))
    del params["services"]

    def logic(client, params, check_mode):
        text = "echo {0} {1} {2}".format(params["carrier_user_password"], "extra-Secret-8", SECRET)
        return dict(changed=False, msg=text, warnings=["seen " + text])

    result = runner.outcome(params, False, logic)
    assert "carrier-Secret-9" not in repr(result) and "extra-Secret-8" not in repr(result)
    assert SECRET not in repr(result) and result["warnings"] == ["seen echo ******** ******** ********"]
    assert "invocation" not in result  # left to Ansible (the module) or the action plugin, as before


def test_every_no_log_option_of_both_modules_is_masked_by_outcome():
    """The options outcome masks by name (options.SECRET_OPTIONS, the service options' secrets) are every no_log
    option of the modules' specs: a new secret option needs no second declaration."""
    covered = set(SECRET_OPTIONS) | set(secret_options())
    for spec in (runner.service_module_spec(), runner.fleet_module_spec()):
        assert set(name for name, entry in spec.items() if entry.get("no_log")) <= covered


def test_an_unexpected_exception_is_a_masked_failure_not_a_traceback():
    params = dict(FakeModule([]).params)

    def logic(client, params, check_mode):
        raise TypeError("cannot use {0!r}".format(SECRET))

    result = runner.outcome(params, False, logic)
    assert result["failed"] and result["msg"] == "unexpected error, please report it: TypeError: cannot use '********'"


def test_a_fleets_masking_declares_its_items_secrets_and_names_its_items():
    secrets, invocation = runner.fleet_masking(dict(services=services(), concurrency=3))
    assert secrets == PASSWORDS and invocation == dict(services=["3 item(s)"], concurrency=3)
