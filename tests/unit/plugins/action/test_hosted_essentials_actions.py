# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The action plugins hosted_essentials_service and hosted_essentials_fleet: the module's logic in process, with a line
per customer when its deployment starts and ends, the module's own result, nothing secret anywhere; the module itself
when it would not run on this machine."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest
import requests

from unittest.mock import MagicMock

from ansible.release import __version__ as ansible_version
from ansible.errors import AnsibleActionFail, AnsibleError, AnsibleUndefinedVariable
from ansible.module_utils import basic
from ansible.module_utils.common import warnings as module_warnings
from ansible.module_utils.common.text.converters import to_bytes
from ansible.utils.unsafe_proxy import wrap_var

try:  # ansible-core 2.19+
    from ansible.module_utils import _internal
    from ansible.module_utils.testing import patch_module_args
except ImportError:
    _internal = patch_module_args = None

from ansible_collections.audiocodes.live_platform.plugins.action import hosted_essentials_fleet as fleet_action
from ansible_collections.audiocodes.live_platform.plugins.action import hosted_essentials_service as service_action
from ansible_collections.audiocodes.live_platform.plugins.module_utils import service as service_logic
from ansible_collections.audiocodes.live_platform.plugins.modules import hosted_essentials_fleet as fleet_module
from ansible_collections.audiocodes.live_platform.plugins.modules import hosted_essentials_service as service_module
from ansible_collections.audiocodes.live_platform.plugins.plugin_utils import in_process
from ansible_collections.audiocodes.live_platform.tests.unit.plugins.module_utils.fake_platform import (
    AUTH, BASE, PASSWORD, SECRET, FakePlatform, FakeResponse,
)

TENANT = "4bf50a33-a383-4d3f-9403-220c898bc1b2"
EXTRA_SECRET = "extra-Script-Value-77"
CONNECTION = {
    "LIVE_PLATFORM_BASE_URL": BASE, "LIVE_PLATFORM_AUTH_URL": AUTH, "LIVE_PLATFORM_TENANT_ID": "sp-tenant",
    "LIVE_PLATFORM_CLIENT_ID": "client-1", "LIVE_PLATFORM_CLIENT_SECRET": SECRET,
}
SERVICE_NAME = "audiocodes.live_platform.hosted_essentials_service"
FLEET_NAME = "audiocodes.live_platform.hosted_essentials_fleet"

CORE = tuple(int(part) for part in ansible_version.split(".")[:2])  # ansible-core (major, minor)


def service_args(name="contoso1", **values):
    return dict(dict(short_name=name, sbc="SBC-AMS-01", onboarding_script="sbc-hosted-essentials",
                     ms_tenant_id=TENANT, carrier_user_password=PASSWORD,
                     extra_script_parameters=dict(additionalProp1=EXTRA_SECRET), poll_interval=0.01), **values)


def fleet_args(*names, **values):
    items = [dict(customer=name, short_name=name, sbc="SBC-AMS-01", onboarding_script="sbc-hosted-essentials",
                  ms_tenant_id=TENANT, carrier_user_password="{0}-{1}".format(PASSWORD, name)) for name in names]
    return dict(dict(services=items, concurrency=3, poll_interval=0.01), **values)


@pytest.fixture
def platform(monkeypatch):
    """The fake platform behind every requests.Session of the test, the connection in the environment."""
    fake = FakePlatform()
    monkeypatch.setattr(requests, "Session", lambda: fake)
    for name, value in CONNECTION.items():
        monkeypatch.setenv(name, value)
    return fake


@pytest.fixture
def lines(monkeypatch):
    shown = []
    monkeypatch.setattr(in_process.display, "display", lambda msg, *args, **kwargs: shown.append(msg))
    return shown


def action(plugin, args, name, check_mode=False, transport="local", become=False, environment=None, no_log=False):
    task = MagicMock(args=args, action=name, check_mode=check_mode, async_val=0, diff=False, no_log=no_log,
                     environment=environment or [])
    connection = MagicMock(transport=transport)
    templar = MagicMock()
    templar.template.side_effect = lambda value, *more, **options: value
    instance = plugin.ActionModule(task, connection, MagicMock(become=become), loader=None, templar=templar,
                                   shared_loader_obj=None)
    instance._execute_module = MagicMock(return_value=dict(changed=False, from_module=True))
    instance._remove_tmp_path = MagicMock()
    return instance


def run(plugin, args, name, task_vars=None, **options):
    """The action's result, with the invocation echoed as the module's would be (INJECT_INVOCATION on 2.21+)."""
    instance = action(plugin, args, name, **options)
    return instance, instance.run(task_vars=task_vars or dict(ansible_inject_invocation=True))


@pytest.fixture
def run_module(monkeypatch, capsys):
    """The module's result for these arguments, its main() run as Ansible runs it: its arguments given, its result
    printed by exit_json or fail_json (warnings in it, not shown by the controller's display as in this process)."""
    if _internal is not None:  # 2.19+: a module process, whose warnings go into the result
        monkeypatch.setattr(_internal, "is_controller", False)

    def run_module_main(main, args, name, check_mode=False):
        module_warnings._global_warnings.clear()  # pylint: disable=protected-access
        capsys.readouterr()
        internal = dict(_ansible_module_name=name, _ansible_check_mode=check_mode, _ansible_no_log=True)
        if CORE >= (2, 21):  # which echoes the invocation only when asked (INJECT_INVOCATION); earlier ones always do
            internal["_ansible_inject_invocation"] = True
        if patch_module_args is not None:
            with patch_module_args(dict(args, **internal)):
                with pytest.raises(SystemExit):
                    main()
        else:  # before 2.19: the arguments as the module's process reads them
            monkeypatch.setattr(basic, "_ANSIBLE_ARGS", to_bytes(json.dumps(dict(ANSIBLE_MODULE_ARGS=dict(args, **internal)))))
            with pytest.raises(SystemExit):
                main()
        out = capsys.readouterr().out
        result = json.loads(out[out.index("{"):])
        if "warnings" in result:
            result["warnings"] = [warning["event"]["msg"] if isinstance(warning, dict) else warning
                                  for warning in result["warnings"]]
        return result

    return run_module_main


def shown_text(result, lines):
    return json.dumps(result, default=str) + "\n".join(lines)


def test_the_fleet_runs_in_process_with_a_line_when_each_deployment_starts_and_ends(platform, lines):
    instance, result = run(fleet_action, fleet_args("acme1", "acme2", "acme3"), FLEET_NAME)
    assert not instance._execute_module.called
    assert result["changed"] and not result.get("failed")
    assert sorted(r["outcome"] for r in result["customers"].values()) == ["created"] * 3
    for name in ("acme1", "acme2", "acme3"):
        guid = result["customers"][name]["service"]["id"]
        assert "hosted_essentials_fleet: {0}: deployment started (create)".format(name) in lines
        ended = [line for line in lines if line.startswith("hosted_essentials_fleet: {0}: deployment ended: deployed "
                                                           "in ".format(name))]
        assert len(ended) == 1 and ended[0].endswith("(service {0})".format(guid)), lines
    assert len(lines) == 6
    # The invocation names the items instead of echoing them, as the module's does.
    assert result["invocation"]["module_args"]["services"] == ["3 item(s)"]
    assert "acme" not in repr(result["invocation"]) and SECRET not in shown_text(result, lines)
    assert PASSWORD not in shown_text(result, lines)


def test_an_unchanged_rerun_and_check_mode_show_no_line(platform, lines):
    run(fleet_action, fleet_args("acme1", "acme2"), FLEET_NAME)
    del lines[:]
    _instance, again = run(fleet_action, fleet_args("acme1", "acme2"), FLEET_NAME)
    assert not again["changed"] and lines == []
    _instance, plan = run(fleet_action, fleet_args("acme1", "new1"), FLEET_NAME, check_mode=True)
    assert plan["customers"]["new1"]["outcome"] == "would_create" and lines == []
    assert not platform.calls_to("POST", "/api/v2/customer")[2:]  # the first run's two creates only


def test_one_service_runs_in_process_with_its_lines(platform, lines):
    instance, result = run(service_action, service_args(), SERVICE_NAME)
    assert not instance._execute_module.called
    assert result["changed"] and result["outcome"] == "created"
    assert lines[0] == "hosted_essentials_service: contoso1: deployment started (create)"
    assert lines[1].startswith("hosted_essentials_service: contoso1: deployment ended: deployed in ")
    assert len(lines) == 2
    _instance, deleted = run(service_action, dict(short_name="contoso1", state="absent"), SERVICE_NAME)
    assert deleted["outcome"] == "deleted"
    assert lines[2] == "hosted_essentials_service: contoso1: removal started (delete)"
    assert lines[3].startswith("hosted_essentials_service: contoso1: removal ended: deleted in ")


def test_a_no_log_task_shows_no_line(platform, lines):
    _instance, result = run(fleet_action, fleet_args("acme1"), FLEET_NAME, no_log=True)
    assert result["customers"]["acme1"]["outcome"] == "created" and lines == []


def test_a_failed_deployment_ends_with_failed(platform, lines):
    platform.create_state = "Failed"
    _instance, result = run(service_action, service_args(), SERVICE_NAME)
    assert result["failed"] and result["changed"] and "deployment failed" in result["msg"]
    assert lines[0].endswith("deployment started (create)")
    assert lines[1].startswith("hosted_essentials_service: contoso1: deployment ended: failed in ")


@pytest.mark.parametrize("check_mode", [False, True])
def test_the_result_is_the_modules_own(platform, lines, run_module, check_mode):
    """Same keys and values, warnings and masking, as the module's main() gives for the same arguments."""
    platform.add("contoso1")  # a deterministic result: the same service either way
    args = service_args(full_name="Renamed", validate_certs=False)  # drift and a connection warning
    _instance, in_proc = run(service_action, args, SERVICE_NAME, check_mode=check_mode)
    module = run_module(service_module.main, args, SERVICE_NAME, check_mode=check_mode)
    assert in_proc == module
    assert [w.split(":")[0] for w in in_proc["warnings"]] == [
        "validate_certs is false", "service 'contoso1' differs from the desired state"]
    assert in_proc["invocation"]["module_args"]["client_secret"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
    assert in_proc["invocation"]["module_args"]["carrier_user_password"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
    assert in_proc["invocation"]["module_args"]["extra_script_parameters"] == dict(
        additionalProp1="VALUE_SPECIFIED_IN_NO_LOG_PARAMETER")


def test_the_invocation_is_echoed_only_when_a_module_would_echo_it(platform, lines):
    _instance, result = run(service_action, service_args(), SERVICE_NAME,
                            task_vars=dict(ansible_inject_invocation=False))
    # ansible-core 2.21 echoes it only when asked (INJECT_INVOCATION); a module of an earlier one always did.
    assert ("invocation" in result) is (CORE < (2, 21))


def test_the_fleet_result_is_the_modules_own(platform, lines, run_module):
    platform.add("acme1")
    platform.add("acme2", state="Failed", error="SBC unreachable")
    args = fleet_args("acme1", "acme2", "bad.name")
    _instance, in_proc = run(fleet_action, args, FLEET_NAME)
    module = run_module(fleet_module.main, args, FLEET_NAME)
    assert in_proc["failed"] and in_proc["failed_customers"] == ["acme2", "bad.name"]
    assert in_proc == module


@pytest.mark.parametrize("args, words", [
    (dict(sbc="SBC-AMS-01"), "missing required arguments: short_name"),
    (dict(short_name="x", bogus=1), "Unsupported parameters for ({0}) module: bogus".format(SERVICE_NAME)),
    (dict(short_name="x", state="gone"), "value of state must be one of: present, absent, got: gone"),
])
def test_arguments_are_checked_against_the_modules_spec_before_any_call(platform, lines, run_module, args, words):
    _instance, result = run(service_action, dict(args, carrier_user_password=PASSWORD), SERVICE_NAME)
    assert result["failed"] and words in result["msg"], result["msg"]
    assert platform.calls == [] and lines == []
    assert run_module(service_module.main, dict(args, carrier_user_password=PASSWORD), SERVICE_NAME) == result


def test_the_environment_fallbacks_are_the_modules_and_the_tasks_environment_wins(platform, lines, monkeypatch):
    monkeypatch.setenv("LIVE_PLATFORM_CLIENT_SECRET", "not-the-secret")
    monkeypatch.setenv("LIVE_PLATFORM_RETRIES", "0")
    _instance, refused = run(service_action, service_args(), SERVICE_NAME)
    assert refused["failed"] and "Invalid client secret" in refused["msg"] and "not-the-secret" not in repr(refused)
    # The task's environment (environment: at the task, block or play) is the module's environment too.
    environment = [dict(LIVE_PLATFORM_CLIENT_SECRET=SECRET)]
    _instance, result = run(service_action, service_args(), SERVICE_NAME, environment=environment)
    assert result["outcome"] == "created"
    assert result["invocation"]["module_args"]["retries"] == 0  # from LIVE_PLATFORM_RETRIES, converted to an int
    assert SECRET not in shown_text(result, lines)


def test_secrets_are_masked_in_the_result_the_lines_warnings_and_errors(platform, lines, monkeypatch):
    """Every no_log option (client secret, carrier password, extra script parameters) and the tokens, also where the
    module would have had Ansible's no_log masking: the platform's error text, an unexpected exception."""
    platform.faults.append(("POST", "/api/v2/customer", lambda call: FakeResponse(400, dict(
        detail="refused {0} {1} {2}".format(PASSWORD, EXTRA_SECRET, call["headers"]["Authorization"])))))
    _instance, refused = run(service_action, service_args(), SERVICE_NAME)
    assert refused["failed"] and "refused" in refused["msg"]
    text = shown_text(refused, lines)
    assert lines[1].startswith("hosted_essentials_service: contoso1: deployment ended: failed")

    def leaky(client, params, check_mode, clock=None, known_catalog=None, index=None, progress=None):
        progress(params["short_name"], "started", dict(action="create"))
        raise ValueError("cannot parse {0!r} with {1}".format(params["carrier_user_password"], SECRET))

    monkeypatch.setattr(service_action.ActionModule, "LOGIC", staticmethod(leaky))
    _instance, broken = run(service_action, service_args(), SERVICE_NAME)
    assert broken["failed"] and broken["msg"].startswith("unexpected error, please report it: ValueError: cannot parse")
    text += shown_text(broken, lines)
    tokens = ["token-{0}".format(number) for number in range(1, platform.tokens_issued + 1)]
    assert tokens and "********" in text
    assert [secret for secret in [SECRET, PASSWORD, EXTRA_SECRET] + tokens if secret in text] == []


@pytest.mark.parametrize("options, task_vars", [
    (dict(transport="ssh"), {}),
    (dict(become=True), {}),
    ({}, {"live_platform_in_process": False}),
    ({}, {"live_platform_in_process": "no"}),
])
def test_otherwise_the_module_runs(platform, lines, options, task_vars):
    instance, result = run(fleet_action, fleet_args("acme1"), FLEET_NAME, task_vars=task_vars, **options)
    assert instance._execute_module.called and result == dict(changed=False, from_module=True)
    assert platform.calls == [] and lines == []


def test_without_requests_the_module_runs_and_says_so(platform, lines, monkeypatch):
    monkeypatch.setattr(in_process, "HAS_REQUESTS", False)
    instance, result = run(service_action, service_args(), SERVICE_NAME)
    assert instance._execute_module.called and result["from_module"]


def test_lines_come_one_at_a_time_from_many_threads(platform, lines):
    names = ["cust{0:02d}".format(number) for number in range(12)]
    _instance, result = run(fleet_action, fleet_args(*names, concurrency=6), FLEET_NAME)
    assert sorted(r["outcome"] for r in result["customers"].values()) == ["created"] * 12
    assert len(lines) == 24 and all(line.startswith("hosted_essentials_fleet: cust") for line in lines)
    for name in names:
        mine = [line for line in lines if line.startswith("hosted_essentials_fleet: {0}: ".format(name))]
        assert [line.split(": ")[2].split(" ")[1] for line in mine] == ["started", "ended"], mine


def test_a_line_names_only_the_customer_the_action_the_state_and_the_service():
    clock = iter([10.0, 22.4])
    shown = []
    progress = in_process.ProgressLines("m", show=shown.append, clock=lambda: next(clock)).progress(lambda text: text)
    progress("acme", service_logic.STARTED, dict(action="recreate"))
    progress("acme", service_logic.ENDED, dict(action="recreate", state="timed out", service_id="g-1"))
    progress("acme", "unknown event", dict(action="create"))
    assert shown == ["m: acme: deployment started (recreate)", "m: acme: deployment ended: timed out in 12 s (service g-1)"]


def test_services_var_gives_the_same_result_as_the_services_themselves(platform, lines):
    platform.add("acme1")
    args = fleet_args("acme1", "acme2")
    _instance, given = run(fleet_action, args, FLEET_NAME)
    platform.services.clear()
    platform.add("acme1")
    by_name = dict((key, value) for key, value in args.items() if key != "services")
    _instance, read = run(fleet_action, dict(by_name, services_var="fleet_items"), FLEET_NAME,
                          task_vars=dict(ansible_inject_invocation=True, fleet_items=args["services"]))
    assert [read["customers"][c]["outcome"] for c in ("acme1", "acme2")] == ["unchanged", "created"]
    assert sorted(read["customers"]) == sorted(given["customers"]) and not read.get("failed")
    assert read["invocation"]["module_args"]["services"] == ["2 item(s)"]


def test_services_var_may_hold_the_items_as_json_text(platform, lines):
    args = fleet_args("acme1")
    by_name = dict((key, value) for key, value in args.items() if key != "services")
    _instance, read = run(fleet_action, dict(by_name, services_var="fleet_items"), FLEET_NAME,
                          task_vars=dict(fleet_items=wrap_var(json.dumps(args["services"]))))
    assert read["customers"]["acme1"]["outcome"] == "created" and not read.get("failed")
    with pytest.raises(AnsibleError) as err:  # the position of the fault, never the text, which holds secrets
        run(fleet_action, dict(by_name, services_var="fleet_items"), FLEET_NAME,
            task_vars=dict(fleet_items=wrap_var('[{"carrier_user_password": "Secret-Pw-1"')))
    assert "the variable fleet_items holds text that is not JSON" in str(err.value)
    assert "Secret-Pw-1" not in str(err.value)


def test_services_var_names_a_defined_variable_and_excludes_services(platform, lines):
    with pytest.raises(AnsibleUndefinedVariable):
        run(fleet_action, dict(services_var="nothing_here"), FLEET_NAME)
    with pytest.raises(AnsibleActionFail) as err:
        run(fleet_action, dict(fleet_args("acme1"), services_var="x"), FLEET_NAME, task_vars=dict(x=[]))
    assert "services, services_var" in str(err.value)
    _instance, result = run(fleet_action, dict(concurrency=2), FLEET_NAME)
    assert result["failed"] and result["msg"].startswith("services: is required, or services_var")
    assert platform.calls_to("POST", "/api/v2/customer") == []


@pytest.mark.parametrize("unset, kept", [((), False), (("LIVE_PLATFORM_CLIENT_SECRET",), True)])
def test_a_module_run_gets_its_own_token_rather_than_the_sessions(platform, lines, monkeypatch, unset, kept):
    for name in unset:
        monkeypatch.delenv(name)
    instance, _result = run(service_action, service_args(access_token="session-token"), SERVICE_NAME,
                            task_vars={"live_platform_in_process": False})
    sent = instance._execute_module.call_args.kwargs["module_args"]
    # With the credentials at hand the module signs in itself: the run's token is never a module argument (written to
    # disk without pipelining, printed by ANSIBLE_DEBUG). Without them, the given token is all it has.
    assert ("access_token" in sent) is kept and sent["short_name"] == "contoso1"
