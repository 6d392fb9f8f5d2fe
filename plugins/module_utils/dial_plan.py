# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The dial plan of a SIP connection: its rules (name, prefix, tag) as desired, converged with one PATCH.

Plain functions over a client, like service.py. The plan is read with the documented GET, the changes are computed
(``desired_changes``), sent in one documented PATCH (``{"dialPlanId", "add", "remove"}``, API §7), and the plan is read
again: the PATCH's answer is not documented, so the read is the truth (docs/api-assumptions.md, "Dial plan").
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.audiocodes.live_platform.plugins.module_utils import service_api, site_api
from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import (
    LivePlatformError, NotFoundError, UnexpectedAnswer,
)
from ansible_collections.audiocodes.live_platform.plugins.module_utils.options import DEFAULT_DIAL_PLAN_ID
from ansible_collections.audiocodes.live_platform.plugins.module_utils.records import as_list, field, shape_of
from ansible_collections.audiocodes.live_platform.plugins.module_utils.service import Clock, wait_for_task
from ansible_collections.audiocodes.live_platform.plugins.module_utils.sip_connection import locate
from ansible_collections.audiocodes.live_platform.plugins.module_utils.validation import (
    RULE_KEYS, check_dial_plan_input,
)

PRESENT, EXACT, ABSENT = "present", "exact", "absent"
# The keys of the documented read (any casing); ``rules`` is read too, in case a platform names the list so.
PLAN_KEYS = ("dialplanid", "ruledto", "rules")


class DialPlanNotApplied(LivePlatformError):
    """The plan read after the PATCH does not show the change that was sent."""


class SiteMissing(LivePlatformError):
    """The service has no SIP connection of the given name."""


# --- rules ---------------------------------------------------------------------------------------------------------
def _text(value):
    return "" if value is None else str(value)


def rule_record(raw):
    """A rule of the platform's answer as the module returns it (keys read case-insensitively, values as read)."""
    if not isinstance(raw, dict):
        raise UnexpectedAnswer("the dial plan read answered with a rule that is {0}, where an object with name, prefix"
                               " and tag was expected: the collection cannot read it".format(shape_of(raw)))
    return dict((key, field(raw, key)) for key in RULE_KEYS)


def same_name(a, b):
    """Rule names are compared case-insensitively."""
    return _text(a["name"]).lower() == _text(b["name"]).lower()


def rule_key(rule):
    """What makes two rules the same rule: the name case-insensitively, the prefix exactly, the tag (an FQDN)
    case-insensitively."""
    return _text(rule["name"]).lower(), _text(rule["prefix"]), _text(rule["tag"]).lower()


def rule_line(rule):
    return "{0}: {1} -> {2}".format(_text(rule["name"]), _text(rule["prefix"]), _text(rule["tag"]))


def sorted_rules(rules):
    return sorted(rules, key=lambda rule: (rule_key(rule), rule_line(rule)))


def rules_text(rules):
    """The rules as --diff shows them: one sorted line ``name: prefix -> tag`` each."""
    return "".join(rule_line(rule) + "\n" for rule in sorted_rules(rules))


def desired_changes(current, rules, state):
    """(add, remove): the rules to send in the PATCH so that the plan ``current`` (the platform's rules) is as
    ``rules`` (validated) and ``state`` want it.

    present: each given rule the plan lacks is added; a rule of the plan with the same name and another prefix or tag
    is removed (the name is a rule's identity). exact: the same, and every rule of another name is removed. absent:
    the plan's rules equal to a given rule are removed (a rule of that name with another prefix or tag is kept).
    A removed rule is sent as the platform gave it (its own spelling of the name and tag), an added one as given.
    """
    wanted = [dict((key, rule[key]) for key in RULE_KEYS) for rule in rules]
    if state == ABSENT:
        keys = set(rule_key(rule) for rule in wanted)
        return [], [rule for rule in current if rule_key(rule) in keys]
    add, remove = [], []
    for rule in wanted:
        namesakes = [have for have in current if same_name(have, rule)]
        remove += [have for have in namesakes if rule_key(have) != rule_key(rule)]
        if not any(rule_key(have) == rule_key(rule) for have in namesakes):
            add.append(rule)
    if state == EXACT:
        remove += [have for have in current if not any(same_name(have, rule) for rule in wanted)]
    removed = set(id(rule) for rule in remove)
    # in the plan's order, each once
    return add, [rule for rule in current if id(rule) in removed]


def rules_after(current, add, remove):
    """The plan as it should read once the change is applied: current without remove, then add."""
    removed = set(rule_key(rule) for rule in remove)
    return [rule for rule in current if rule_key(rule) not in removed] + list(add)


# --- the platform --------------------------------------------------------------------------------------------------
def read_rules(client, service, site, dial_plan_id, patched=False):
    """The plan's rules, from ``{"dialPlanId", "ruleDTO": [...]}`` (keys in any casing, the list bare or wrapped) or
    from a bare list of rules. patched: the read after the PATCH (a failure then says that the PATCH was sent)."""
    try:
        raw = site_api.read_dial_plan(client, service["id"], site["id"], dial_plan_id)
    except NotFoundError as exc:
        raise LivePlatformError(
            "SIP connection '{0}' of service '{1}' has no dial plan '{2}' (GET {3} answered 404){4}".format(
                site["name"], service.get("short_name"), dial_plan_id, exc.url or exc.path,
                " after the PATCH was sent: check the plan in the portal" if patched
                else ": check dial_plan_id; nothing was done"),
            outcome="failed", status=404, changed=patched)
    what = "GET {0}".format(site_api.dial_plan_path(service["id"], site["id"], dial_plan_id))
    if isinstance(raw, dict) and any(str(key).lower() in PLAN_KEYS for key in raw):
        items = as_list(field(raw, "ruleDTO", "rules"), what)  # no rules, or null: an empty plan
    else:
        items = as_list(raw, what)
    return [rule_record(item) for item in items]


def patch_body(dial_plan_id, add, remove):
    """The one PATCH: both lists always sent, an empty one as [] (as the documented example sends both keys)."""
    return {"dialPlanId": dial_plan_id,
            "add": [dict((key, rule[key]) for key in RULE_KEYS) for rule in add],
            "remove": [dict((key, rule[key]) for key in RULE_KEYS) for rule in remove]}


def _answer_text(answer):
    """The PATCH's answer for a message: a short scalar as it came, anything else by its shape."""
    if answer is None or isinstance(answer, (bool, int, float)):
        return str(answer)
    if isinstance(answer, str) and len(answer) <= 80:
        return "'{0}'".format(answer)
    return shape_of(answer)


def _lines(rules):
    return "; ".join(rule_line(rule) for rule in rules)


def verify(after, add, remove):
    """(added rules the plan lacks, removed rules it still has)."""
    keys = set(rule_key(rule) for rule in after)
    return [rule for rule in add if rule_key(rule) not in keys], [rule for rule in remove if rule_key(rule) in keys]


# --- desired state ---------------------------------------------------------------------------------------------------
def _locate(client, params):
    service, site, warnings = locate(client, params, "manage the dial plan of")
    if site is None:
        raise SiteMissing("service '{0}' ({1}) has no SIP connection named '{2}', so its dial plan cannot be managed:"
                          " add it first (sip_connection); nothing was done".format(
                              service.get("short_name"), service["id"], params["site_name"]),
                          outcome="failed", service=dict(id=service["id"], short_name=service.get("short_name")))
    return service, site, warnings


def ensure_dial_plan(client, params, check_mode=False, clock=Clock):
    """The dial plan of params' SIP connection as desired; its result for the module.

    Every input rule is checked before any call; check mode reads but never writes. The PATCH is sent once, with
    every addition and removal, and the plan is read again to check that it shows them.
    """
    check_dial_plan_input(params)
    service, site, warnings = _locate(client, params)
    return dict(converge(client, service, site, params, check_mode, clock), warnings=warnings)


def predicted(params):
    """The result of a dial plan whose SIP connection does not exist yet (check mode): every rule to be added."""
    rules = [] if (params.get("state") or PRESENT) == "absent" else list(params.get("rules") or [])
    return dict(changed=bool(rules), outcome="would_update" if rules else "unchanged", added=rules, removed=[],
                rules=rules, dial_plan_id=params.get("dial_plan_id") or DEFAULT_DIAL_PLAN_ID)


def converge(client, service, site, params, check_mode=False, clock=Clock):
    """The dial plan of a located SIP connection (``site``: its id and name) as params desire (state, rules,
    dial_plan_id, already checked)."""
    state = params.get("state") or PRESENT
    dial_plan_id = params.get("dial_plan_id") or DEFAULT_DIAL_PLAN_ID
    warnings = []
    current = read_rules(client, service, site, dial_plan_id)
    add, remove = desired_changes(current, params.get("rules") or [], state)
    expected = rules_after(current, add, remove)
    header = "dial plan {0} of SIP connection '{1}'".format(dial_plan_id, site["name"])
    result = dict(changed=bool(add or remove), dial_plan_id=dial_plan_id, added=add, removed=remove,
                  site=dict(id=site["id"], name=site["name"]),
                  service=dict(id=service["id"], short_name=service.get("short_name")),
                  diff=dict(before=rules_text(current), after=rules_text(expected),
                            before_header=header, after_header=header),
                  warnings=warnings)
    if not (add or remove):
        return dict(result, outcome="unchanged", rules=current)
    if check_mode:
        return dict(result, outcome="would_update", rules=expected)
    answer = site_api.patch_dial_plan(client, service["id"], site["id"], dial_plan_id,
                                      patch_body(dial_plan_id, add, remove))
    task_id = service_api.task_id_of(answer)
    if task_id:  # not documented: an answer naming a task is waited for before the plan is read again
        wait_for_task(client, task_id, service.get("short_name"), {}, clock)
    after = read_rules(client, service, site, dial_plan_id, patched=True)
    missing, left = verify(after, add, remove)
    if missing or left:
        problems = []
        if missing:
            problems.append("added rule(s) missing: {0}".format(_lines(missing)))
        if left:
            problems.append("removed rule(s) still there: {0}".format(_lines(left)))
        raise DialPlanNotApplied(
            "the {0} (service '{1}') does not show the change after the PATCH, which answered with {2}: {3}".format(
                header, service.get("short_name"), _answer_text(answer), "; ".join(problems)),
            **dict(result, outcome="failed", rules=after, missing=missing, still_present=left))
    return dict(result, outcome="updated", rules=after)
