# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The dial plan of a SIP connection: the changes of each state, one PATCH, check mode, the read after the PATCH."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

import pytest
import yaml

from ansible_collections.audiocodes.live_platform.plugins.doc_fragments import site as site_fragment
from ansible_collections.audiocodes.live_platform.plugins.module_utils import options, runner
from ansible_collections.audiocodes.live_platform.plugins.module_utils.dial_plan import (
    DialPlanNotApplied, desired_changes, ensure_dial_plan, rules_text,
)
from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import LivePlatformError, UnexpectedAnswer
from ansible_collections.audiocodes.live_platform.plugins.module_utils.validation import (
    InputErrors, dial_plan_input_problems,
)
from ansible_collections.audiocodes.live_platform.tests.unit.plugins.module_utils.fake_platform import (
    AUTH, BASE, SECRET, FakePlatform, FakeResponse, TENANT,
)

SITE = "ABCDEFGHIJKLM"  # the site name FakePlatform gives every service
TAG = "sara.sandbox2.audiocodes.be"
AMS = dict(name="Amsterdam", prefix="+3120", tag=TAG)
RTM = dict(name="Rotterdam", prefix="+3110", tag=TAG)
SOS = dict(name="Emergency", prefix="112", tag=TAG)
PARAMS = dict(short_name="SaraTest1", ms_tenant_id=TENANT, site_name=SITE, dial_plan_id="CustDialPlan",
              state="present", rules=[])
DIAL_PLAN = re.compile(r"/api/v2/customer/([^/]+)/sitelocation/([^/]+)/dialplan/([^/?]+)$")
SITE_READ = re.compile(r"/api/v2/sitelocation/([^/?]+)$")


class DialPlanPlatform(FakePlatform):
    """FakePlatform with the documented site read and dial plan (GET and PATCH), the PATCH as the simulator applies
    it: the removals (name and prefix exactly, tag case-insensitively), then the additions (a name already there is
    replaced); its answer ``1``."""

    def __init__(self):
        super(DialPlanPlatform, self).__init__()
        self.plans = {}
        self.plan_answer = lambda plan_id, rules: {"dialPlanId": plan_id, "ruleDTO": rules}
        self.patch_answer = 1
        self.apply_patch = lambda add, remove: True  # False: the PATCH is answered and not applied

    def _site_service(self, site_id):
        return next((s for s in self.services.values() if "site-" + s["Id"] == site_id), None)

    def route(self, call):
        path = call["url"].split("/tenantui", 1)[-1]
        token = call["headers"].get("Authorization", "")[len("Bearer "):]
        if token not in self.valid_tokens:
            return super(DialPlanPlatform, self).route(call)
        site = SITE_READ.match(path)
        if site and call["method"] == "GET":
            if self._site_service(site.group(1)) is None:
                return FakeResponse(404, "Site location {0} not found".format(site.group(1)))
            return FakeResponse(200, dict(siteName=SITE, sbcDeploymentState=3, sbcInfo=dict(sbcId=5)))
        plan = DIAL_PLAN.match(path)
        if plan:
            service_id, site_id, plan_id = plan.groups()
            owner = self._site_service(site_id)
            if owner is None or owner["Id"] != service_id:
                return FakeResponse(404, "Site location {0} not found".format(site_id))
            rules = self.plans.setdefault((site_id, plan_id), [])
            if call["method"] == "GET":
                return FakeResponse(200, self.plan_answer(plan_id, [dict(r) for r in rules]))
            if call["method"] == "PATCH":
                body = call["json"]
                if self.apply_patch(body["add"], body["remove"]):
                    self._apply(rules, body["add"], body["remove"])
                return FakeResponse(200, self.patch_answer)
        return super(DialPlanPlatform, self).route(call)

    @staticmethod
    def _apply(rules, add, remove):
        gone = set((r["name"], r["prefix"], r["tag"].lower()) for r in remove)
        rules[:] = [r for r in rules if (r["name"], r["prefix"], r["tag"].lower()) not in gone]
        for new in add:
            at = [i for i, r in enumerate(rules) if r["name"] == new["name"]]
            if at:
                rules[at[0]] = dict(new)
            else:
                rules.append(dict(new))

    def site_of(self, guid):
        return "site-" + guid


@pytest.fixture
def platform():
    return DialPlanPlatform()


@pytest.fixture
def site(platform):
    """A service with its site; the plan's rules list (the platform's state, editable)."""
    guid = platform.add("SaraTest1")
    return guid, platform.plans.setdefault((platform.site_of(guid), "CustDialPlan"), [])


def patches(platform):
    return [c for c in platform.calls if c["method"] == "PATCH"]


def writes(platform):
    return [c for c in platform.calls if c["method"] in ("POST", "PUT", "PATCH", "DELETE") and "oauth2" not in c["url"]]


def run(client, check_mode=False, **changes):
    return ensure_dial_plan(client, dict(PARAMS, **changes), check_mode=check_mode)


# --- desired_changes -------------------------------------------------------------------------------------------
def test_present_adds_what_the_plan_lacks_and_leaves_the_rest():
    assert desired_changes([AMS], [AMS, SOS], "present") == ([SOS], [])
    assert desired_changes([AMS, RTM], [SOS], "present") == ([SOS], [])
    assert desired_changes([], [], "present") == ([], [])


def test_the_same_rule_is_equal_name_case_insensitively_prefix_exactly_tag_case_insensitively():
    spelt = dict(name="AMSTERDAM", prefix="+3120", tag=TAG.upper())
    assert desired_changes([spelt], [AMS], "present") == ([], [])
    assert desired_changes([spelt], [AMS], "exact") == ([], [])
    assert desired_changes([spelt], [AMS], "absent") == ([], [spelt])  # removed as the platform spells it
    other_prefix = dict(AMS, prefix="3120")
    assert desired_changes([other_prefix], [AMS], "absent") == ([], [])


def test_a_rule_of_the_same_name_with_another_prefix_or_tag_is_removed_and_added():
    old = dict(name="amsterdam", prefix="+31200", tag=TAG)
    assert desired_changes([old, RTM], [AMS], "present") == ([AMS], [old])
    retagged = dict(AMS, tag="other.example.net")
    assert desired_changes([retagged, RTM], [AMS], "exact") == ([AMS], [retagged, RTM])


def test_exact_removes_every_other_rule_and_empty_rules_empty_the_plan():
    assert desired_changes([AMS, RTM, SOS], [SOS, AMS], "exact") == ([], [RTM])
    assert desired_changes([AMS, RTM], [], "exact") == ([], [AMS, RTM])
    assert desired_changes([], [], "exact") == ([], [])


def test_absent_removes_only_the_given_rules_it_has():
    assert desired_changes([AMS, RTM, SOS], [SOS, RTM], "absent") == ([], [RTM, SOS])  # in the plan's order
    assert desired_changes([AMS], [SOS], "absent") == ([], [])


def test_rules_text_is_one_sorted_line_per_rule():
    assert rules_text([SOS, AMS]) == "Amsterdam: +3120 -> {0}\nEmergency: 112 -> {0}\n".format(TAG)
    assert rules_text([]) == ""


# --- ensure_dial_plan ----------------------------------------------------------------------------------------------
def test_added_with_one_patch_then_unchanged(client, platform, site):
    guid, rules = site
    rules.append(dict(RTM))
    result = run(client, rules=[AMS, SOS])
    assert [c["json"] for c in patches(platform)] == [{"dialPlanId": "CustDialPlan", "add": [AMS, SOS], "remove": []}]
    path = "/api/v2/customer/{0}/sitelocation/site-{0}/dialplan/CustDialPlan".format(guid)
    assert patches(platform)[0]["url"].endswith(path)
    assert result["changed"] and result["outcome"] == "updated"
    assert result["added"] == [AMS, SOS] and result["removed"] == []
    assert result["rules"] == [RTM, AMS, SOS]  # as read again
    assert result["dial_plan_id"] == "CustDialPlan"
    assert result["site"] == dict(id="site-" + guid, name=SITE)
    assert result["service"] == dict(id=guid, short_name="SaraTest1")
    assert result["diff"]["before"] == "Rotterdam: +3110 -> {0}\n".format(TAG)
    assert result["diff"]["after"] == rules_text([AMS, SOS, RTM])
    again = run(client, rules=[dict(AMS, name="amsterdam"), SOS])
    assert not again["changed"] and again["outcome"] == "unchanged" and again["added"] == again["removed"] == []
    assert again["diff"]["before"] == again["diff"]["after"]
    assert len(patches(platform)) == 1


def test_same_name_other_prefix_is_one_patch_removing_the_old_and_adding_the_new(client, platform, site):
    _guid, rules = site
    old = dict(AMS, prefix="+31200")
    rules.extend([dict(old), dict(RTM)])
    result = run(client, rules=[AMS])
    assert [c["json"] for c in patches(platform)] == [{"dialPlanId": "CustDialPlan", "add": [AMS], "remove": [old]}]
    assert result["outcome"] == "updated" and result["removed"] == [old]
    assert sorted(r["prefix"] for r in result["rules"]) == ["+3110", "+3120"]


def test_exact_and_absent(client, platform, site):
    _guid, rules = site
    rules.extend([dict(AMS), dict(RTM), dict(SOS)])
    exact = run(client, state="exact", rules=[AMS, SOS])
    assert exact["removed"] == [RTM] and exact["added"] == [] and exact["rules"] == [AMS, SOS]
    assert "Rotterdam" in exact["diff"]["before"] and "Rotterdam" not in exact["diff"]["after"]
    absent = run(client, state="absent", rules=[SOS])
    assert absent["outcome"] == "updated" and absent["rules"] == [AMS]
    assert run(client, state="absent", rules=[SOS])["outcome"] == "unchanged"
    emptied = run(client, state="exact", rules=[])
    assert emptied["removed"] == [AMS] and emptied["rules"] == [] and emptied["diff"]["after"] == ""
    assert [c["json"]["remove"] for c in patches(platform)] == [[RTM], [SOS], [AMS]]


def test_check_mode_reads_and_never_writes(client, platform, site):
    _guid, rules = site
    rules.extend([dict(RTM), dict(AMS, prefix="0")])
    result = run(client, check_mode=True, state="exact", rules=[AMS, SOS])
    assert writes(platform) == []
    assert result["changed"] and result["outcome"] == "would_update"
    assert result["added"] == [AMS, SOS] and result["removed"] == [RTM, dict(AMS, prefix="0")]
    assert result["rules"] == [AMS, SOS]  # as they would be
    assert result["diff"]["after"] == rules_text([AMS, SOS])
    assert rules == [RTM, dict(AMS, prefix="0")]
    unchanged = run(client, check_mode=True, rules=[RTM])
    assert not unchanged["changed"] and unchanged["outcome"] == "unchanged"


@pytest.mark.parametrize("change, field, rule", [
    (dict(rules=[dict(AMS, prefix=3120)]), "rules[0].prefix", "must be a string (quote it in YAML), got the number"),
    (dict(rules=[AMS, dict(SOS, prefix="11 2")]), "rules[1].prefix", "must be digits with an optional leading +"),
    (dict(rules=[dict(AMS, prefix="3120+")]), "rules[0].prefix", "must be digits"),
    (dict(rules=[dict(AMS, prefix="1" * 33)]), "rules[0].prefix", "at most 32 characters"),
    (dict(rules=[dict(AMS, prefix="")]), "rules[0].prefix", "is required"),
    (dict(rules=[dict(AMS, name="n" * 65)]), "rules[0].name", "at most 64 characters"),
    (dict(rules=[dict(AMS, name=None)]), "rules[0].name", "is required"),
    (dict(rules=[dict(AMS, name=" Amsterdam")]), "rules[0].name", "must not begin or end with a blank"),
    (dict(rules=[dict(AMS, name="Am\u200bsterdam")]), "rules[0].name", "invisible"),
    (dict(rules=[dict(AMS, tag="not a host")]), "rules[0].tag", "must be the derived trunk's FQDN"),
    (dict(rules=[dict(AMS, tag="a" * 254)]), "rules[0].tag", "at most 253 characters"),
    (dict(rules=[dict(name="Amsterdam", prefix="+3120")]), "rules[0].tag", "is required"),
    (dict(rules=[dict(AMS, Tag=TAG, comment="x")]), "rules[0]", "unknown key(s) 'Tag', 'comment'"),
    (dict(rules=["Amsterdam"]), "rules[0]", "must be a mapping with name, prefix and tag, got a str"),
    (dict(rules=[AMS, dict(RTM, name="AMSTERDAM")]), "rules[1].name", "is also the name of rules[0]"),
    (dict(rules="Amsterdam"), "rules", "must be a list of rules"),
    (dict(dial_plan_id=""), "dial_plan_id", "is required"),
    (dict(dial_plan_id="Cust/DialPlan"), "dial_plan_id", "part of the URL path"),
    (dict(dial_plan_id="d" * 65), "dial_plan_id", "at most 64 characters"),
    (dict(state="exactly"), "state", "must be one of present, exact, absent"),
    (dict(site_name=None), "site_name", "is required"),
    (dict(site_name="s" * 65), "site_name", "at most 64 characters"),
    (dict(short_name=None), "short_name", "or service_id is required"),
    (dict(ms_tenant_id="not-a-guid"), "ms_tenant_id", "GUID"),
])
def test_each_input_rule_is_refused_before_any_call(client, platform, change, field, rule):
    with pytest.raises(InputErrors) as err:
        run(client, **change)
    assert any(f == field and rule in r for f, r in err.value.problems), err.value.problems
    assert platform.calls == []  # not even a token


def test_every_broken_rule_is_named_in_one_message():
    problems = dial_plan_input_problems(dict(PARAMS, rules=[dict(AMS, prefix=31), dict(SOS, tag="-bad-")]))
    assert [f for f, _r in problems] == ["rules[0].prefix", "rules[1].tag"]
    assert dial_plan_input_problems(dict(PARAMS, rules=[AMS, RTM, dict(SOS, prefix="+[2-4]xx*#")])) == []
    assert dial_plan_input_problems(dict(PARAMS, dial_plan_id=None, short_name=None, service_id="abc")) == []


def test_the_read_after_the_patch_is_the_truth(client, platform, site):
    _guid, rules = site
    rules.append(dict(RTM))
    platform.apply_patch = lambda add, remove: False
    with pytest.raises(DialPlanNotApplied) as err:
        run(client, state="exact", rules=[AMS])
    msg = err.value.msg
    assert "added rule(s) missing: Amsterdam: +3120 -> {0}".format(TAG) in msg
    assert "removed rule(s) still there: Rotterdam: +3110 -> {0}".format(TAG) in msg
    assert "which answered with 1" in msg
    details = err.value.details
    assert details["changed"] and details["missing"] == [AMS] and details["still_present"] == [RTM]
    assert details["rules"] == [RTM] and len(patches(platform)) == 1


def test_only_the_part_not_applied_is_named(client, platform, site):
    _guid, rules = site
    rules.append(dict(RTM))
    platform.apply_patch = lambda add, remove: rules.append(dict(AMS))  # adds only, then answers
    with pytest.raises(DialPlanNotApplied) as err:
        run(client, state="exact", rules=[AMS])
    assert "removed rule(s) still there: Rotterdam" in err.value.msg and "missing" not in err.value.msg


def test_a_missing_site_fails_naming_it_and_the_service_before_any_write(client, platform, site):
    guid, _rules = site
    with pytest.raises(LivePlatformError) as err:
        run(client, site_name="Branch-2", rules=[AMS])
    assert "'Branch-2'" in err.value.msg and "SaraTest1" in err.value.msg and guid in err.value.msg
    assert writes(platform) == []


def test_a_missing_service_fails_before_any_write(client, platform):
    with pytest.raises(LivePlatformError) as err:
        run(client, rules=[AMS])
    assert "SaraTest1" in err.value.msg and writes(platform) == []


def test_a_missing_dial_plan_names_the_id(client, platform, site):
    platform.faults.append(("GET", "/dialplan/", FakeResponse(404, "Dial plan not found")))
    with pytest.raises(LivePlatformError) as err:
        run(client, rules=[AMS])
    assert "no dial plan 'CustDialPlan'" in err.value.msg and "dial_plan_id" in err.value.msg
    assert err.value.details["changed"] is False
    assert writes(platform) == []


@pytest.mark.parametrize("shape", [
    lambda plan_id, rules: {"DialPlanId": plan_id, "RuleDTO": [dict((k.title(), v) for k, v in r.items())
                                                               for r in rules]},
    lambda plan_id, rules: {"dialPlanId": plan_id, "ruleDTO": {"items": rules, "totalCount": len(rules)}},
    lambda plan_id, rules: rules,
    lambda plan_id, rules: {"value": rules},
    lambda plan_id, rules: {"dialPlanId": plan_id, "ruleDTO": None} if not rules else {"ruleDTO": rules},
])
def test_every_read_shape_gives_the_same_rules(client, platform, site, shape):
    platform.plan_answer = shape
    assert run(client, rules=[AMS])["outcome"] == "updated"
    assert run(client, rules=[AMS])["outcome"] == "unchanged"


def test_an_unreadable_plan_fails_before_any_write(client, platform, site):
    platform.plan_answer = lambda plan_id, rules: "CustDialPlan"
    with pytest.raises(UnexpectedAnswer):
        run(client, rules=[AMS])
    platform.plan_answer = lambda plan_id, rules: {"dialPlanId": plan_id, "ruleDTO": ["Amsterdam"]}
    with pytest.raises(UnexpectedAnswer):
        run(client, rules=[AMS])
    assert writes(platform) == []


def test_a_patch_answered_with_a_task_is_waited_for(client, platform, site):
    guid, _rules = site
    platform.tasks["tsk_900"] = guid
    platform.patch_answer = "tsk_900"
    assert run(client, rules=[AMS])["outcome"] == "updated"
    assert [c for c in platform.calls if c["url"].endswith("/api/v2/task/tsk_900")]


def test_the_service_may_be_given_by_id(client, platform, site):
    guid, _rules = site
    result = run(client, short_name=None, ms_tenant_id=None, service_id=guid, rules=[AMS])
    assert result["outcome"] == "updated" and result["service"]["id"] == guid


def test_through_the_runner_a_failure_is_failed_and_changed(client, platform, site):
    platform.apply_patch = lambda add, remove: False
    params = dict(PARAMS, base_url=BASE, auth_url=AUTH, tenant_id="sp-tenant", client_id="client-1",
                  client_secret=SECRET, rules=[AMS])
    result = runner.outcome(params, False, lambda _client, p, check_mode: ensure_dial_plan(client, p, check_mode))
    assert result["failed"] and result["changed"] and result["outcome"] == "failed"
    assert "added rule(s) missing: Amsterdam" in result["msg"] and result["missing"] == [AMS]
    refused = runner.outcome(dict(params, rules=[dict(AMS, prefix=3120)]), False,
                             lambda _client, p, check_mode: ensure_dial_plan(client, p, check_mode))
    assert refused["failed"] and refused["errors"] == [dict(
        field="rules[0].prefix", rule="must be a string (quote it in YAML), got the number 3120 (YAML drops leading"
                                      " zeros and reads 0-prefixed digits as octal)")]


# --- the module ------------------------------------------------------------------------------------------------
def test_the_module_documents_its_table():
    # its spec: test_options.test_the_day_two_modules_build_their_spec_from_their_table
    from ansible_collections.audiocodes.live_platform.plugins.modules import dial_plan as module
    documented = yaml.safe_load(site_fragment.ModuleDocFragment.DIAL_PLAN)
    assert documented == options.dial_plan_doc_fragment()
    doc = yaml.safe_load(module.DOCUMENTATION)
    assert "audiocodes.live_platform.site.dial_plan" in doc["extends_documentation_fragment"]
    returned = yaml.safe_load(module.RETURN)
    assert set(("outcome", "added", "removed", "rules", "dial_plan_id", "site", "service")) <= set(returned)
    assert all(task["audiocodes.live_platform.dial_plan"]["site_name"] for task in yaml.safe_load(module.EXAMPLES))
