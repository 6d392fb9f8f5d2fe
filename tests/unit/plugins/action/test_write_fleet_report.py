# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

import pytest

from unittest.mock import MagicMock

from ansible.errors import AnsibleActionFail, AnsibleUndefinedVariable
from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar
from ansible.utils.unsafe_proxy import wrap_var

try:
    from ansible.template import trust_as_template
except ImportError:  # before ansible-core 2.19, every template in a variable is rendered

    def trust_as_template(text):
        return text

from ansible_collections.audiocodes.live_platform.plugins.action.write_fleet_report import ActionModule

PROFILE = dict(sbc="SBC-AMS-01", onboarding_script="sbc-hosted-essentials")
HOSTVARS = {
    "contoso": dict(live_platform_sbc_profile=PROFILE, live_platform_customer=dict(short_name="Contoso1"),
                    onboarding_result=dict(changed=True, outcome="created", service=dict(id="g1", short_name="Contoso1"))),
    "typo": dict(live_platform_sbc_profile=PROFILE, live_platform_customer=dict(ful_name="x"),
                 onboarding_result=dict(failed=True, msg="typo: live_platform_customer.ful_name: is not a known key")),
}


def run(args, check_mode=False):
    task = MagicMock(args=args, check_mode=check_mode, async_val=0, diff=False)
    action = ActionModule(task, MagicMock(), MagicMock(), loader=None, templar=None, shared_loader_obj=None)
    return action.run(task_vars=dict(hostvars=HOSTVARS))


def read(path):
    with open(path) as handle:
        return handle.read()


def test_per_host_results_are_reported_and_written(tmp_path):
    dest = str(tmp_path / "reports" / "new")
    result = run(dict(customers=["typo", "contoso"], result_var="onboarding_result", title="Onboarding",
                      dest=dest, name="onboarding-report"))
    assert not result["changed"] and not result.get("failed")
    rows = dict((row["customer"], row) for row in result["report"]["customers"])
    assert rows["contoso"]["outcome"] == "created" and rows["contoso"]["sbc"] == "SBC-AMS-01"
    assert rows["typo"]["status"] == "failed"
    assert result["paths"] == [os.path.join(dest, "onboarding-report.json"), os.path.join(dest, "onboarding-report.md")]
    assert json.loads(read(result["paths"][0])) == result["report"]
    assert read(result["paths"][1]) == result["markdown"] and result["markdown"].startswith("## Onboarding")
    assert [name for name in os.listdir(dest) if name.startswith(".")] == []  # no temporary file left


def test_a_batch_result_and_its_requests_need_no_hostvars(tmp_path):
    service = dict(id="g", short_name="A1", deployment_state="Deployed")
    batch = dict(customers=dict(a1=dict(changed=False, outcome="unchanged", service=service)))
    requests = [dict(customer="a1", short_name="A1", sbc="SBC-FRA-02")]
    result = run(dict(customers=["a1"], batch_result=batch, requests=requests, mode="check", dest=str(tmp_path),
                      name="plan-report"))
    assert result["report"]["mode"] == "check"
    assert result["report"]["customers"][0]["sbc"] == "SBC-FRA-02"
    assert result["report"]["customers"][0]["outcome"] == "unchanged"


def test_a_batch_call_that_failed_as_a_whole_fails_every_customer_and_says_why_once(tmp_path):
    batch = dict(failed=True, fleet_wide=True, msg="POST /oauth2 failed with HTTP 401: invalid_client")
    result = run(dict(customers=["a1", "b2"], batch_result=batch, dest=str(tmp_path), name="r"))
    report = result["report"]
    assert [(r["customer"], r["status"], r["outcome"]) for r in report["customers"]] == [
        ("a1", "failed", "not_run"), ("b2", "failed", "not_run")]
    assert all("invalid_client" not in r["message"] for r in report["customers"])  # not once per customer
    assert report["stopped_by"] == batch["msg"]
    assert "**The run stopped:** POST /oauth2 failed with HTTP 401: invalid_client" in result["markdown"]


def test_a_batch_that_stopped_midway_says_why_once_and_keeps_what_ran(tmp_path):
    batch = dict(failed=True, fleet_wide=True, msg="the run stopped at a failure that is not a customer's: refused",
                 customers=dict(a1=dict(changed=True, outcome="created", service=dict(id="g1")),
                                b2=dict(failed=True, outcome="not_run", msg="not run: the run stopped")))
    report = run(dict(customers=["a1", "b2"], batch_result=batch, dest=str(tmp_path), name="r"))["report"]
    assert [(r["customer"], r["outcome"]) for r in report["customers"]] == [("a1", "created"), ("b2", "not_run")]
    assert report["stopped_by"] == batch["msg"]


def test_a_batch_that_ran_through_has_no_stopped_by(tmp_path):
    batch = dict(changed=False, customers=dict(a1=dict(changed=False, outcome="unchanged")))
    report = run(dict(customers=["a1"], batch_result=batch, dest=str(tmp_path), name="r"))["report"]
    assert report["stopped_by"] is None


def test_check_mode_writes_nothing(tmp_path):
    result = run(dict(customers=["contoso"], result_var="onboarding_result", dest=str(tmp_path / "x"), name="r"),
                 check_mode=True)
    assert result["paths"] == [] and not os.path.exists(str(tmp_path / "x"))
    assert result["report"]["summary"]["total"] == 1


def test_an_unwritable_folder_is_a_clear_failure(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(AnsibleActionFail) as err:
        run(dict(customers=["contoso"], result_var="onboarding_result", dest=str(blocker / "sub"), name="r"))
    assert "cannot write the report into" in str(err.value)


def test_state_absent_removes_the_previous_report_and_nothing_else(tmp_path):
    written = run(dict(customers=["contoso"], result_var="onboarding_result", dest=str(tmp_path), name="r"))
    other = tmp_path / "plan-report.json"
    other.write_text("{}")
    result = run(dict(state="absent", dest=str(tmp_path), name="r"))
    assert not result["changed"] and result["paths"] == written["paths"]
    assert sorted(os.listdir(str(tmp_path))) == ["plan-report.json"]
    assert run(dict(state="absent", dest=str(tmp_path), name="r"))["paths"] == []  # nothing left: fine
    assert run(dict(state="absent", dest=str(tmp_path / "missing"), name="r"))["paths"] == []


def test_state_absent_in_check_mode_removes_nothing(tmp_path):
    written = run(dict(customers=["contoso"], result_var="onboarding_result", dest=str(tmp_path), name="r"))
    assert run(dict(state="absent", dest=str(tmp_path), name="r"), check_mode=True)["paths"] == []
    assert all(os.path.exists(path) for path in written["paths"])


def test_the_markdown_report_has_the_service_id(tmp_path):
    result = run(dict(customers=["contoso"], result_var="onboarding_result", dest=str(tmp_path), name="r"))
    assert "| contoso | Contoso1 | SBC-AMS-01 |  | created | g1 |  |  |" in read(result["paths"][1]).splitlines()


@pytest.mark.parametrize("args, words", [
    (dict(customers=["a"], dest="/tmp", name="r"), "missing: batch_result, result_var"),
    (dict(result_var="x", dest="/tmp", name="r"), "missing: customers"),
    (dict(state="gone", dest="/tmp", name="r"), "state"),
    (dict(customers=["a"], result_var="x", batch_result={}, dest="/tmp", name="r"), "mutually exclusive"),
    (dict(customers=["a"], result_var="x", dest="/tmp", name="r", mode="maybe"), "mode"),
])
def test_bad_arguments_name_the_option(args, words):
    with pytest.raises(AnsibleActionFail) as err:
        run(args)
    assert words in str(err.value)


def run_with_vars(args, task_vars):
    """As run, with the task's variables and a templar over them, as Ansible gives them to the action."""
    task = MagicMock(args=args, check_mode=False, async_val=0, diff=False)
    loader = DataLoader()
    action = ActionModule(task, MagicMock(), MagicMock(), loader=loader,
                          templar=Templar(loader=loader, variables=task_vars), shared_loader_obj=None)
    return action.run(task_vars=task_vars)


def test_a_batch_result_and_its_requests_are_read_by_their_variables_names(tmp_path):
    service = dict(id="g", short_name="A1", deployment_state="Deployed")
    batch = dict(customers=dict(a1=dict(changed=False, outcome="unchanged", service=service)))
    requests = [dict(customer="a1", short_name="A1", sbc="SBC-FRA-02")]
    given = run(dict(customers=["a1"], batch_result=batch, requests=requests, dest=str(tmp_path), name="given"))
    by_name = run_with_vars(dict(customers=["a1"], batch_result_var="the_batch", requests_var="the_requests",
                                 dest=str(tmp_path), name="by-name"),
                            dict(the_batch=wrap_var(batch), the_requests=requests, hostvars={}))
    for result in (given, by_name):
        del result["report"]["generated_at"]
        result["markdown"] = [line for line in result["markdown"].splitlines() if "Generated" not in line]
    assert by_name["report"] == given["report"] and by_name["markdown"] == given["markdown"]
    assert by_name["report"]["customers"][0]["sbc"] == "SBC-FRA-02"


def test_requests_var_may_hold_the_requests_as_json_text(tmp_path):
    batch = dict(customers=dict(a1=dict(changed=False, outcome="unchanged", service=dict(id="g"))))
    requests = [dict(customer="a1", short_name="A1", sbc="SBC-FRA-02")]
    report = run_with_vars(dict(customers=["a1"], batch_result_var="the_batch", requests_var="the_requests",
                                dest=str(tmp_path), name="text"),
                           dict(the_batch=batch, the_requests=wrap_var(json.dumps(requests)), hostvars={}))["report"]
    assert report["customers"][0]["sbc"] == "SBC-FRA-02"


def test_the_variables_are_templated_as_the_vars_lookup_templates_them(tmp_path):
    task_vars = dict(batch={"customers": {"a1": {"changed": True, "outcome": trust_as_template("{{ word }}")}}},
                     word="created", hostvars={})
    report = run_with_vars(dict(customers=["a1"], batch_result_var="batch", dest=str(tmp_path), name="r"),
                           task_vars)["report"]
    assert report["customers"][0]["outcome"] == "created"


@pytest.mark.parametrize("args, error, words", [
    (dict(batch_result_var="nowhere"), AnsibleUndefinedVariable, "No variable found with this name: nowhere"),
    (dict(batch_result_var="listed"), AnsibleActionFail, "batch_result_var: the variable listed holds no mapping"),
    (dict(batch_result_var="listed", result_var="x"), AnsibleActionFail, "mutually exclusive"),
    (dict(result_var="x", requests=[], requests_var="listed"), AnsibleActionFail, "mutually exclusive"),
])
def test_a_variable_that_is_missing_or_not_a_result_is_a_clear_failure(tmp_path, args, error, words):
    with pytest.raises(error) as err:
        run_with_vars(dict(args, customers=["a1"], dest=str(tmp_path), name="r"), dict(listed=[1, 2], hostvars={}))
    assert words in str(err.value)


def test_the_report_goes_to_the_runs_stats_under_stats_key_as_set_stats_would(tmp_path):
    args = dict(customers=["contoso"], result_var="onboarding_result", dest=str(tmp_path), name="r")
    assert "ansible_stats" not in run(args)
    result = run(dict(args, stats_key="live_platform_report"))
    # per_host false, aggregate false: one workflow artifact, replaced by the next run's, as the role's set_stats was
    assert result["ansible_stats"] == dict(data=dict(live_platform_report=result["report"]), per_host=False,
                                           aggregate=False)
