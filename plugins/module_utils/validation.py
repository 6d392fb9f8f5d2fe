# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The platform's input rules, checked before any call so that a bad value never reaches a write.

The same rules run twice: on the controller over the raw inventory values (plugin_utils/fleet_requests.py, for both
onboarding strategies, before Ansible's templating converts anything), and in the modules (for direct callers).
No message quotes the value of a secret option, of a secret-looking name, or of an extra script parameter.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
import unicodedata

from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import InputError
from ansible_collections.audiocodes.live_platform.plugins.module_utils.options import (
    DEFAULT_DIAL_PLAN_ID, RULE_NAME_MAX, RULE_PREFIX_MAX, RULE_TAG_MAX, SITE_NAME_MAX, id_options, mapping_limits,
    SECRET_LOOKING, max_lengths, script_parameters, secret_options, site_item_keys, text_options,
)

SHORT_NAME_FORBIDDEN = '\\/:*?"<>|'
SHORT_NAME_MIN = 3
# re.fullmatch everywhere: "$" would accept a trailing newline.
GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
CUSTOM_VAR_KEY = re.compile(r"CustomVar\.Variable([1-9][0-9]*)")
CUSTOM_VAR_PREFIX = "customvar."
DIGITS = re.compile(r"[0-9]+")
OVOC_CUSTOMER_TYPES = ("IPGROUP_TYPE", "TENANT_TYPE")
# Ids the platform takes as integers (.NET int32 assumed, docs/api-assumptions.md): the int options of the table, and
# lc_customer_id, which the table types raw as the document calls it a string (its digits are then accepted too).
ID_OPTIONS = id_options()
TEXT_ID_OPTIONS = ("lc_customer_id",)
MAX_ID = 2147483647
# Unicode categories that show nothing or move the cursor: controls (Cc: NUL, CR, LF, ESC, TAB...), format
# characters (Cf: zero-width space and joiner, BOM, RLM/RLO...), surrogates, private use, unassigned, and the line and
# paragraph separators.
INVISIBLE_CATEGORIES = frozenset(("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))
OTHER_THAN_PRINTABLE_ASCII = re.compile(r"[^\x20-\x7e]")

# Options that hold text on the platform (``text`` in options.SERVICE_OPTIONS). YAML turns 0123 into 83, yes into
# True and 5060 into an int; accepting those silently would send a value the operator never wrote, so they must be
# quoted.
TEXT_OPTIONS = text_options()
SITE_ITEM_KEYS = site_item_keys()
MAX_LENGTHS = max_lengths()
MAPPING_LIMITS = mapping_limits()
SECRET_OPTIONS = frozenset(secret_options())
# scriptParameters keys the named options set: extra_script_parameters may not set them too (case-insensitively).
NAMED_SCRIPT_PARAMETERS = dict((key.lower(), option) for option, key in script_parameters())


class InputErrors(InputError):
    """Every rule an input breaks, in one message, so the operator fixes them in one go."""

    def __init__(self, problems):
        super(InputErrors, self).__init__(problems[0][0], problems[0][1])
        self.msg = "; ".join("{0}: {1}".format(f, r) for f, r in problems)
        self.details["errors"] = [dict(field=f, rule=r) for f, r in problems]
        self.problems = problems


def describe_type(value, secret=False):
    """What a value is, for a message; a secret's value is never quoted."""
    if isinstance(value, bool):
        return "a boolean" if secret else "the boolean {0} (YAML reads yes/no/on/off as booleans)".format(value)
    if isinstance(value, int):
        if secret:
            return "a number"
        return "the number {0} (YAML drops leading zeros and reads 0-prefixed digits as octal)".format(value)
    if isinstance(value, float):
        return "a number" if secret else "the number {0}".format(value)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    return "a {0}".format(type(value).__name__)


def _code_points(chars):
    return ", ".join("U+{0:04X}{1}".format(ord(c), (" " + unicodedata.name(c)) if unicodedata.name(c, "") else "")
                     for c in sorted(set(chars)))


def text_problems(field, value, limit, secret=False):
    """The rules of every text value: a string, at most ``limit`` characters, nothing invisible."""
    if not isinstance(value, str):
        # a YAML scalar that is not text needs quotes; a list or mapping is not a value at all
        hint = " (quote it in YAML)" if isinstance(value, (bool, int, float)) else ""
        return [(field, "must be a string{0}, got {1}".format(hint, describe_type(value, secret)))]
    problems = []
    if limit and len(value) > limit:
        problems.append((field, "must be at most {0} characters, got {1}".format(limit, len(value))))
    # Printable ASCII (the usual value) has no invisible character: only other text is looked at character by character.
    hidden = [c for c in value if unicodedata.category(c) in INVISIBLE_CATEGORIES] if OTHER_THAN_PRINTABLE_ASCII.search(
        value) else []
    if hidden:
        problems.append((field, "must not contain control or invisible characters, found {0}".format(
            _code_points(hidden))))
    return problems


def _text_problems(params):
    problems = []
    for name in TEXT_OPTIONS:
        value = params.get(name)
        if value is None:
            continue
        # short_name's length has its own rule (3 to 15)
        limit = None if name == "short_name" else MAX_LENGTHS.get(name)
        problems += text_problems(name, value, limit, secret=name in SECRET_OPTIONS)
    return problems


def _script(char):
    # The first word of a letter's Unicode name is its script (LATIN, CYRILLIC, GREEK...); Chinese, Japanese and
    # Korean mix their scripts by nature, so they count as one.
    word = unicodedata.name(char, "UNKNOWN").split(" ")[0]
    return "CJK" if word in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "IDEOGRAPHIC", "BOPOMOFO") else word


def look_alike_problems(field, value):
    """A name that looks like another: compatibility forms (fullwidth letters...) or letters of several scripts."""
    normal = unicodedata.normalize("NFKC", value)
    if normal != value:
        odd = [c for c in value if unicodedata.normalize("NFKC", c) != c]
        return [(field, "is a look-alike: it uses compatibility forms ({0}); write it as '{1}'".format(
            _code_points(odd), normal))]
    scripts = {}
    for char in value:
        if char.isalpha():
            scripts.setdefault(_script(char), []).append(char)
    if len(scripts) > 1:
        # name the letters of the scripts other than the main one (Latin when present, else the most used)
        main = "LATIN" if "LATIN" in scripts else max(sorted(scripts), key=lambda s: len(scripts[s]))
        others = [c for script, chars in scripts.items() if script != main for c in chars]
        return [(field, "is a look-alike: it mixes letters of {0} scripts ({1}); use letters of one script".format(
            " and ".join(script.title() for script in sorted(scripts)), _code_points(others)))]
    return []


def short_name_problems(value):
    if not isinstance(value, str):
        return []  # reported by the type rule
    problems = []
    limit = MAX_LENGTHS["short_name"]
    if not SHORT_NAME_MIN <= len(value) <= limit:
        problems.append(("short_name", "must be {0} to {1} characters, got {2}".format(
            SHORT_NAME_MIN, limit, len(value))))
    bad = sorted(set(c for c in value if c in SHORT_NAME_FORBIDDEN))
    if bad:
        problems.append(("short_name", "must not contain any of \\ / : * ? \" < > |, found {0}".format(" ".join(bad))))
    if "." in value:
        problems.append(("short_name", "must not contain a dot"))
    if any(c.isspace() for c in value):
        problems.append(("short_name", "must not contain blanks"))
    if all(c.isprintable() for c in value):  # else the invisible characters are reported alone
        problems += look_alike_problems("short_name", value)
    return problems


def password_problems(value):
    if not isinstance(value, str):
        return []
    # "Wide characters" are refused by the SBC; we read that as anything outside 7-bit ASCII.
    if any(ord(c) > 127 for c in value):
        return [("carrier_user_password", "must not contain wide (non-ASCII) characters")]
    return []


def _mapping_problems(name, mapping, value_is_secret):
    """Each name and value of a mapping option: text, bounded, visible. (problems, the valid string names)."""
    if not isinstance(mapping, dict):
        return [(name, "must be a mapping of name to value, got {0}".format(describe_type(mapping)))], []
    key_limit, value_limit = MAPPING_LIMITS[name]
    problems, names = [], []
    for key, value in mapping.items():
        if not isinstance(key, str) or not key.strip():
            # a number as a name is shown: names are not secret
            problems.append((name, "every name must be a non-empty string, got {0}".format(
                describe_type(key) if not isinstance(key, str) else "an empty one")))
            continue
        key_problems = text_problems(name, key, key_limit)
        problems += [(f, "name '{0}' {1}".format(key if not key_problems else _printable(key), r))
                     for f, r in key_problems]
        field = "{0}.{1}".format(name, _printable(key))
        secret = value_is_secret or bool(SECRET_LOOKING.search(key))
        problems += text_problems(field, value, value_limit, secret=secret)
        if not key_problems:
            names.append(key)
    return problems, names


def _printable(text):
    """A text with its invisible characters written as escapes, fit for a message or a report."""
    return "".join(c if unicodedata.category(c) not in INVISIBLE_CATEGORIES else "\\u{0:04x}".format(ord(c))
                   for c in text)


def printable(text):
    return _printable(text) if isinstance(text, str) else text


def custom_variable_problems(variables):
    if variables is None:
        return []
    problems, names = _mapping_problems("custom_variables", variables, value_is_secret=False)
    for key in names:
        if key.lower().startswith(CUSTOM_VAR_PREFIX) and not CUSTOM_VAR_KEY.fullmatch(key):
            problems.append(("custom_variables", "'{0}' must be CustomVar.Variable<N> with N from 1".format(key)))
    return problems


def extra_parameter_problems(parameters):
    """extra_script_parameters: text values (every one a secret), and no key that a named option sets."""
    if parameters is None:
        return []
    problems, names = _mapping_problems("extra_script_parameters", parameters, value_is_secret=True)
    for key in names:
        option = NAMED_SCRIPT_PARAMETERS.get(key.lower())
        if option:
            problems.append(("extra_script_parameters", "'{0}' is set by the option {1}: give it there, it cannot be"
                                                        " overridden here".format(key, option)))
        elif key.lower().startswith(CUSTOM_VAR_PREFIX):
            problems.append(("extra_script_parameters", "'{0}' is a customer variable: give it in custom_variables,"
                                                        " it cannot be overridden here".format(key)))
    return problems


def _exclusive(params, name_option, id_option, required):
    has_name = params.get(name_option) not in (None, "")
    has_id = params.get(id_option) is not None
    if has_name and has_id:
        return [(name_option, "give either {0} or {1}, not both".format(name_option, id_option))]
    if required and not (has_name or has_id):
        return [(name_option, "is required to create a service (or give {0})".format(id_option))]
    return []


def _shown(value):
    text = _printable(str(value))
    return "'{0}'".format(text) if len(text) <= 20 else "{0} characters".format(len(text))


def id_problems(name, value, digits_allowed=False):
    """An id the platform takes as an integer: a positive integer up to MAX_ID (or, digits_allowed, its digits)."""
    kinds = (int, str) if digits_allowed else (int,)
    if isinstance(value, bool) or not isinstance(value, kinds) or not DIGITS.fullmatch(str(value)) \
            or not 1 <= int(value) <= MAX_ID:
        got = _shown(value) if isinstance(value, (int, str)) and not isinstance(value, bool) else describe_type(value)
        return [(name, "must be a positive integer of at most {0} digits (1 to {1}), got {2}".format(
            len(str(MAX_ID)), MAX_ID, got))]
    return []


def _ids(params):
    problems = []
    for name in ID_OPTIONS + TEXT_ID_OPTIONS:
        if params.get(name) is not None:
            problems += id_problems(name, params[name], digits_allowed=name in TEXT_ID_OPTIONS)
    return problems


def _channel(params):
    channel = params.get("channel_id")
    if isinstance(channel, str) and channel and not DIGITS.fullmatch(channel):
        return [("channel_id", "must be the channel's numeric id (digits only)")]
    return []


def service_input_problems(params):
    """Every (option, rule) that the desired service breaks; an empty list when it is valid."""
    problems = []
    if params.get("short_name") in (None, ""):
        problems.append(("short_name", "is required"))
    problems += _text_problems(params)
    problems += short_name_problems(params.get("short_name"))
    problems += _channel(params)
    if params.get("state", "present") == "absent":
        return problems
    tenant = params.get("ms_tenant_id")
    if tenant in (None, ""):
        problems.append(("ms_tenant_id", "is required to create a service"))
    elif isinstance(tenant, str) and not GUID.fullmatch(tenant):
        problems.append(("ms_tenant_id", "must be a Microsoft tenant id (GUID such as"
                                         " 4bf50a33-a383-4d3f-9403-220c898bc1b2)"))
    customer_type = params.get("ovoc_customer_type")
    if customer_type is not None and customer_type not in OVOC_CUSTOMER_TYPES:
        problems.append(("ovoc_customer_type", "must be one of {0}, got {1}".format(
            ", ".join(OVOC_CUSTOMER_TYPES), _shown(customer_type))))
    problems += password_problems(params.get("carrier_user_password"))
    problems += custom_variable_problems(params.get("custom_variables"))
    problems += extra_parameter_problems(params.get("extra_script_parameters"))
    problems += _exclusive(params, "sbc", "sbc_id", required=True)
    problems += _exclusive(params, "onboarding_script", "onboarding_script_id", required=True)
    problems += _exclusive(params, "cleanup_script", "cleanup_script_id", required=False)
    problems += _ids(params)
    timeout = params.get("wait_timeout")
    if timeout is not None and timeout <= 0:
        problems.append(("wait_timeout", "must be more than 0 seconds"))
    return problems


def check_service_input(params):
    problems = service_input_problems(params)
    if problems:
        raise InputErrors(problems)


def site_input_problems(params, adding=False):
    """Every (option, rule) a desired SIP connection breaks; adding: also what only an add needs (SBC, script)."""
    problems = []
    name = params.get("site_name")
    if name in (None, ""):
        problems.append(("site_name", "is required"))
    else:
        problems += text_problems("site_name", name, SITE_NAME_MAX)
        if isinstance(name, str) and name != name.strip():
            problems.append(("site_name", "must not begin or end with a blank"))
    if params.get("short_name") in (None, "") and not params.get("service_id"):
        problems.append(("short_name", "or service_id is required to name the service"))
    problems += _text_problems(params)
    if params.get("short_name") not in (None, ""):
        problems += short_name_problems(params["short_name"])
    tenant = params.get("ms_tenant_id")
    if isinstance(tenant, str) and tenant and not GUID.fullmatch(tenant):
        problems.append(("ms_tenant_id", "must be a Microsoft tenant id (GUID such as"
                                         " 4bf50a33-a383-4d3f-9403-220c898bc1b2)"))
    problems += password_problems(params.get("carrier_user_password"))
    problems += custom_variable_problems(params.get("custom_variables"))
    problems += extra_parameter_problems(params.get("extra_script_parameters"))
    problems += [(f, r.replace("to create a service", "to add a SIP connection")) for f, r in
                 _exclusive(params, "sbc", "sbc_id", required=adding)
                 + _exclusive(params, "onboarding_script", "onboarding_script_id", required=adding)]
    problems += _exclusive(params, "cleanup_script", "cleanup_script_id", required=False)
    problems += _ids(params)
    timeout = params.get("wait_timeout")
    if timeout is not None and timeout <= 0:
        problems.append(("wait_timeout", "must be more than 0 seconds"))
    return problems


def check_site_input(params, adding=False):
    problems = site_input_problems(params, adding)
    if problems:
        raise InputErrors(problems)


# --- the dial plan of a SIP connection -------------------------------------------------------------------------------
RULE_KEYS = ("name", "prefix", "tag")
# Digits, an optional leading +, and the wildcards x X [ ] - * # (the SBC's dial-plan notation).
RULE_PREFIX = re.compile(r"\+?[0-9xX\[\]\-*#]+")
# The tag is the derived trunk's FQDN (API §7): dot-separated labels of letters, digits and inner hyphens, each at
# most 63 characters, a final dot allowed.
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
FQDN = re.compile(r"{0}(?:\.{0})*\.?".format(_LABEL))
DIAL_PLAN_ID_MAX = 64
# Characters that would change the meaning of the URL path the dial plan id is part of.
PATH_UNSAFE = "/\\?#%"
DIAL_PLAN_STATES = ("present", "exact", "absent")
# The options that name the SIP connection, checked by the SIP connection's own rules.
LOCATING_OPTIONS = ("site_name", "short_name", "ms_tenant_id", "service_id")


def _required_text(field, value, limit):
    """A text that must be given: not empty, text_problems' rules, no blank at either end."""
    if value is None or value == "":
        return [(field, "is required")]
    problems = text_problems(field, value, limit)
    if not problems and value != value.strip():
        problems.append((field, "must not begin or end with a blank"))
    return problems


def rule_problems(index, rule):
    """Every (field, rule) one dial-plan rule breaks; the fields named like ``rules[2].prefix``."""
    where = "rules[{0}]".format(index)
    if not isinstance(rule, dict):
        return [(where, "must be a mapping with name, prefix and tag, got {0}".format(describe_type(rule)))]
    problems = []
    unknown = sorted(_printable(str(key)) for key in rule if key not in RULE_KEYS)
    if unknown:
        problems.append((where, "has the unknown key(s) {0}: a rule has only name, prefix and tag".format(
            ", ".join("'{0}'".format(key) for key in unknown))))
    problems += _required_text(where + ".name", rule.get("name"), RULE_NAME_MAX)
    prefix = rule.get("prefix")
    prefix_problems = _required_text(where + ".prefix", prefix, RULE_PREFIX_MAX)
    if not prefix_problems and not RULE_PREFIX.fullmatch(prefix):
        prefix_problems.append((where + ".prefix", "must be digits with an optional leading +, and the wildcards x, [,"
                                                   " ], -, * and #; got {0}".format(_shown(prefix))))
    tag = rule.get("tag")
    tag_problems = _required_text(where + ".tag", tag, RULE_TAG_MAX)
    if not tag_problems and not FQDN.fullmatch(tag):
        tag_problems.append((where + ".tag", "must be the derived trunk's FQDN (such as trunk.example.net), got"
                                             " {0}".format(_shown(tag))))
    return problems + prefix_problems + tag_problems


def _duplicate_rule_names(rules):
    first = {}
    problems = []
    for index, rule in enumerate(rules):
        name = rule.get("name") if isinstance(rule, dict) else None
        if not isinstance(name, str) or not name:
            continue
        if name.lower() in first:
            problems.append(("rules[{0}].name".format(index), "'{0}' is also the name of rules[{1}]: rule names must be"
                                                              " unique (compared case-insensitively)".format(
                                                                  _printable(name), first[name.lower()])))
        else:
            first[name.lower()] = index
    return problems


def dial_plan_input_problems(params):
    """Every (option, rule) a desired dial plan breaks; an empty list when it is valid."""
    return site_input_problems(dict((name, params.get(name)) for name in LOCATING_OPTIONS)) + plan_problems(params)


def plan_problems(params):
    """The rules of a dial plan's own keys (state, dial_plan_id, rules), wherever its SIP connection comes from."""
    problems = []
    state = params.get("state") or "present"
    if state not in DIAL_PLAN_STATES:
        problems.append(("state", "must be one of {0}, got {1}".format(", ".join(DIAL_PLAN_STATES), _shown(state))))
    dial_plan_id = params.get("dial_plan_id")
    if dial_plan_id is None:
        dial_plan_id = DEFAULT_DIAL_PLAN_ID
    plan_id_problems = _required_text("dial_plan_id", dial_plan_id, DIAL_PLAN_ID_MAX)
    if not plan_id_problems and any(c in PATH_UNSAFE for c in dial_plan_id):
        plan_id_problems.append(("dial_plan_id", "must not contain any of / \\ ? # %: it is part of the URL path"))
    problems += plan_id_problems
    rules = params.get("rules")
    if rules is None:
        return problems
    if not isinstance(rules, (list, tuple)):
        return problems + [("rules", "must be a list of rules (name, prefix, tag), got {0}".format(
            describe_type(rules)))]
    for index, rule in enumerate(rules):
        problems += rule_problems(index, rule)
    return problems + _duplicate_rule_names(rules)


def check_dial_plan_input(params):
    problems = dial_plan_input_problems(params)
    if problems:
        raise InputErrors(problems)


# --- a customer's further SIP connections and dial plans (hosted_essentials_service's nested options) ---------------
PLAN_KEYS = ("state", "rules", "dial_plan_id")
# A nested SIP connection's service and run settings are its service's: their problems are the service's.
INHERITED_FIELDS = ("short_name", "ms_tenant_id", "service_id", "wait_timeout")


def _prefixed(where, problems):
    return [("{0}.{1}".format(where, field), rule) for field, rule in problems]


def _nested_plan_problems(where, plan):
    if not isinstance(plan, dict):
        return [(where, "must be a mapping with rules, state and dial_plan_id, got {0}".format(describe_type(plan)))]
    unknown = sorted(_printable(str(key)) for key in plan if key not in PLAN_KEYS)
    if unknown:
        return [("{0}.{1}".format(where, unknown[0]), "is not a key of a dial plan; its keys: {0}".format(
            ", ".join(PLAN_KEYS)))]
    return _prefixed(where, plan_problems(plan))


def _nested_site_problems(where, site, service_params):
    if not isinstance(site, dict):
        return [(where, "must be a mapping of SIP connection options, got {0}".format(describe_type(site)))]
    unknown = sorted(_printable(str(key)) for key in site if key not in SITE_ITEM_KEYS)
    if unknown:
        return [("{0}.{1}".format(where, unknown[0]), "is not an option of a further SIP connection; its options:"
                                                      " {0}".format(", ".join(SITE_ITEM_KEYS)))]
    problems = []
    state = site.get("state", "present")
    if state not in ("present", "absent"):
        problems.append((where + ".state", "must be present or absent, got {0}".format(_shown(state))))
    one = dict(site, short_name=service_params.get("short_name"), ms_tenant_id=service_params.get("ms_tenant_id"))
    # Its SBC and script are needed whether it exists or not, so that the run's outcome never depends on it.
    problems += _prefixed(where, [(f, r) for f, r in site_input_problems(one, adding=state != "absent")
                                  if f not in INHERITED_FIELDS])
    if site.get("dial_plan") is not None:
        problems += _nested_plan_problems(where + ".dial_plan", site["dial_plan"])
    return problems


def customer_input_problems(params):
    """Every (option, rule) the further SIP connections and the dial plan of a service's call break."""
    problems = []
    sites = params.get("sip_connections")
    if sites is not None and not isinstance(sites, list):
        problems.append(("sip_connections", "must be a list of SIP connections, got {0}".format(describe_type(sites))))
    seen = {}
    for index, site in enumerate(sites if isinstance(sites, list) else []):
        where = "sip_connections[{0}]".format(index)
        problems += _nested_site_problems(where, site, params)
        name = site.get("site_name") if isinstance(site, dict) else None
        if isinstance(name, str) and name.strip():
            key = name.strip().lower()
            if key in seen:
                problems.append((where + ".site_name", "'{0}' is also the name of sip_connections[{1}]: site names"
                                                       " must be unique (case-insensitively)".format(
                                                           _printable(name), seen[key])))
            seen.setdefault(key, index)
    if params.get("dial_plan") is not None:
        problems += _nested_plan_problems("dial_plan", params["dial_plan"])
    return problems
