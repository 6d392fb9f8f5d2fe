# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""extensions/awx/ as code: AWX would accept every object of aap_configuration.yml, and each survey asks what the
playbooks read, without an AWX.

The objects are checked as infra.aap_configuration's dispatch role would get them: extensions/awx/apply.yml runs
against a stand-in ``infra.aap_configuration.dispatch`` that writes the variables it sees (every Jinja2 expression
rendered, the credential type read from credential_type.yml) to a JSON file. When the real infra.aap_configuration is
installed, the last test runs apply.yml through its roles too, with stand-ins for the awx.awx / ansible.controller
modules that record their arguments.

AWX's rules, transcribed from ansible/awx (read at commit e21dd0a, October 2024):

* ``validate_survey_spec``: ``JobTemplateSurveySpec._validate_spec_data`` (awx/api/views/__init__.py; a workflow's
  survey goes through the same, ``WorkflowJobTemplateSurveySpec``), with ``SURVEY_TYPE_MAPPING``
  (awx/main/constants.py): ``name``, ``description`` (strings) and ``spec`` (a list, not empty); each question a
  mapping with ``type``, ``question_name``, ``variable`` (strings) and ``required`` (a boolean); no variable twice;
  ``type`` one of text, textarea, password, multiplechoice, multiselect, integer, float; a non-empty ``default`` of
  the type's Python type; ``min`` / ``max`` integers (or null); choices (a list, or a newline-separated string) for
  multiplechoice and multiselect, one default at most for multiplechoice, every default among the choices; the
  ``$encrypted$`` default only for a password question that has an encrypted default already.
* ``survey_element_errors``: ``SurveyJobTemplateMixin._survey_element_validation`` (awx/main/models/mixins.py), each
  answer at launch: a required answer given; text, textarea and password answers strings within ``min`` / ``max``
  characters; integer answers ``int`` (not ``bool``, not ``"5"``) within ``min`` / ``max``; float answers numbers;
  multiselect answers lists of choices; multiple-choice answers one of the choices.
* ``survey_defaults``: ``SurveyJobTemplateMixin._update_unified_job_kwargs`` (same file): a default that fails that
  validation is dropped without a word, so every default here must pass it.
* ``accept_or_ignore_variables``: ``SurveyJobTemplateMixin._accept_or_ignore_variables`` (same file): without
  ``ask_variables_on_launch``, a launch may only give the survey's variables.
* ``job_template_errors``: ``JobTemplateSerializer.validate`` and ``JobOptionsSerializer.validate``
  (awx/api/serializers.py: a project, an inventory or ``ask_inventory_on_launch``, a playbook the project lists),
  ``NEW_JOB_TYPE_CHOICES`` (awx/main/models/base.py: run, check), ``JobTemplateCredentialsList.is_valid_relation``
  (awx/api/views/__init__.py: one credential per credential type, of kind ssh, vault, cloud, net or kubernetes).
* ``project_lists_playbook``: ``Project.playbooks`` (awx/main/models/projects.py) with ``skip_directory`` and
  ``could_be_playbook`` (awx/main/utils/ansible.py): the playbooks a project update lists, the only ones a job
  template of an SCM project may name.
* ``inventory_source_errors``: ``InventorySourceSerializer.validate`` / ``validate_source_project``
  (awx/api/serializers.py): an scm source needs a project that is not a manual one.
* ``workflow_errors``: the ``workflow_nodes`` of ``awx.awx.workflow_job_template``
  (awx_collection/plugins/modules/workflow_job_template.py, ``create_workflow_nodes``): an ``identifier`` per node,
  a ``unified_job_template`` with ``name`` and ``type`` (an approval: ``type: workflow_approval`` with its
  ``timeout``), ``related.success_nodes`` / ``failure_nodes`` / ``always_nodes`` by identifier; a DAG (docs/workflow.md,
  "DAG Formation and Restrictions"). ``WorkflowJobNode.get_job_kwargs`` (awx/main/models/workflow.py) passes the
  workflow's extra variables (its survey's answers) to every job template node whatever its
  ``ask_variables_on_launch``, without that template's survey validation: hence the workflow survey must ask what the
  job templates ask, the same way.

On top of AWX's rules, this collection's own (``policy_errors``): a question is required exactly when it has no
default, a multiple-choice default is one of the choices (AWX's test is ``in`` on the choices, a substring test
when they are a string), variable names are Ansible identifiers and not AWX's ``awx_`` / ``tower_``; each survey
variable is read by the job template's playbook (its text, or an option of a role entry point it runs, by
meta/argument_specs.yml), with the option's type, choices and default; docs/awx.md's job template table names the
same templates, playbooks and variables.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import codecs
import copy
import json
import os
import re
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT

AWX_DIR = os.path.join(ROOT, "extensions", "awx")
APPLY = os.path.join(AWX_DIR, "apply.yml")
CONFIGURATION = os.path.join(AWX_DIR, "aap_configuration.yml")
SCM_URL = "https://git.example.net/voice/fleet.git"
RECORDED = ("controller_credential_types", "controller_credentials", "controller_execution_environments",
            "controller_projects", "controller_inventories", "controller_inventory_sources", "controller_templates",
            "controller_workflows", "aap_hostname", "aap_token", "aap_username", "aap_password", "aap_validate_certs")
JOB_TEMPLATES = {
    "Live Platform - plan": "playbooks/plan.yml",
    "Live Platform - onboard": "playbooks/onboard.yml",
    "Live Platform - offboard": "playbooks/offboard.yml",
    "Live Platform - prune": "playbooks/prune.yml",
    "Live Platform - probe": "playbooks/probe.yml",
}
WORKFLOW = "Live Platform - plan, approve, onboard"


# --- AWX's rules, transcribed ----------------------------------------------------------------------------------
# awx/main/constants.py
SURVEY_TYPE_MAPPING = {"text": str, "textarea": str, "password": str, "multiplechoice": str, "multiselect": str,
                       "integer": int, "float": (float, int)}
JOB_VARIABLE_PREFIXES = ("awx", "tower")
# awx/main/models/base.py, NEW_JOB_TYPE_CHOICES
JOB_TYPES = ("run", "check")
# awx/api/views/__init__.py, JobTemplateCredentialsList.is_valid_relation
JOB_CREDENTIAL_KINDS = ("ssh", "vault", "cloud", "net", "kubernetes")
# awx/main/utils/ansible.py
VALID_PLAYBOOK_RE = re.compile(
    r"^\s*?-?\s*?(?:hosts|(ansible\.builtin\.)?include|(ansible\.builtin\.)?import_playbook):\s*?.*?$")


def pivot_spec(spec):
    """SurveyJobTemplateMixin.pivot_spec: the questions by variable."""
    return dict((item["variable"], item) for item in spec.get("spec", []) if "variable" in item)


def validate_survey_spec(new_spec, old_spec=None):
    """JobTemplateSurveySpec._validate_spec_data: the error AWX answers 400 with, None when it takes the survey."""
    new_spec = copy.deepcopy(new_spec)  # AWX normalises the choices and defaults in place
    error = None
    for field, expect_type, type_label in (("name", str, "string"), ("description", str, "string"),
                                           ("spec", list, "list of items")):
        if field not in new_spec:
            error = "Field '{0}' is missing from survey spec.".format(field)
        elif not isinstance(new_spec[field], expect_type):
            error = "Expected {0} for field '{1}', received {2} type.".format(
                type_label, field, type(new_spec[field]).__name__)
    if isinstance(new_spec.get("spec"), list) and len(new_spec["spec"]) < 1:
        error = "'spec' doesn't contain any items."
    if error:
        return error

    variable_set = set()
    old_spec_dict = pivot_spec(old_spec or {})
    for idx, item in enumerate(new_spec["spec"]):
        if not isinstance(item, dict):
            return "Survey question %s is not a json object." % idx
        for field_name in ("type", "question_name", "variable", "required"):
            if field_name not in item:
                return "'{0}' missing from survey question {1}".format(field_name, idx)
            allow_types, type_label = (bool, "boolean") if field_name == "required" else (str, "string")
            if not isinstance(item[field_name], allow_types):
                return "'{0}' in survey question {1} expected to be {2}.".format(field_name, idx, type_label)
        if item["variable"] in variable_set:
            return "'variable' '%s' duplicated in survey question %s." % (item["variable"], idx)
        variable_set.add(item["variable"])

        qtype = item["type"]
        if qtype not in SURVEY_TYPE_MAPPING:
            return "'{0}' in survey question {1} is not one of '{2}' allowed question types.".format(
                qtype, idx, ", ".join(SURVEY_TYPE_MAPPING))
        if "default" in item and item["default"] != "":
            if not isinstance(item["default"], SURVEY_TYPE_MAPPING[qtype]):
                type_label = qtype if qtype in ("integer", "float") else "string"
                return "Default value {0} in survey question {1} expected to be {2}.".format(
                    item["default"], idx, type_label)
        for key in ("min", "max"):
            if key in item and item[key] is not None and not isinstance(item[key], int):
                return "The {0} limit in survey question {1} expected to be integer.".format(key, idx)
        if qtype in ("multiselect", "multiplechoice"):
            if "choices" in item:
                if isinstance(item["choices"], str):
                    item["choices"] = "\n".join(c for c in item["choices"].splitlines() if c.strip() != "")
            else:
                return "Survey question {0} of type {1} must specify choices.".format(idx, qtype)
            if "default" in item:
                if isinstance(item["default"], str):
                    item["default"] = "\n".join(c for c in item["default"].splitlines() if c.strip() != "")
                    list_of_defaults = item["default"].splitlines()
                else:
                    list_of_defaults = item["default"]
                if qtype == "multiplechoice" and len(list_of_defaults) > 1:
                    return "Multiple Choice (Single Select) can only have one default value."
                if any(choice not in item["choices"] for choice in list_of_defaults):
                    return "Default choice must be answered from the choices listed."
        if "default" in item and isinstance(item["default"], str) and item["default"].startswith("$encrypted$"):
            if qtype != "password":
                return ("$encrypted$ is a reserved keyword for password question defaults, survey question {0} is "
                        "type {1}.".format(idx, qtype))
            old_default = old_spec_dict.get(item["variable"], {}).get("default")
            if not (isinstance(old_default, str) and (old_default.startswith("$encrypted$") or old_default == "")):
                return "$encrypted$ is a reserved keyword, may not be used for new default in position {0}.".format(idx)
    return None


def _choice_list(choices):
    if isinstance(choices, str):
        return [choice for choice in choices.splitlines() if choice.strip() != ""]
    return list(choices)


def survey_element_errors(element, data, validate_required=True):
    """SurveyJobTemplateMixin._survey_element_validation: what AWX says of one question's answer in data."""
    errors = []
    variable = element["variable"]
    if element["type"] == "password":
        value = data.get(variable)
        if isinstance(value, str) and value == "$encrypted$":
            if element.get("default") is None and element["required"] and validate_required:
                errors.append("'%s' value missing" % variable)
            return errors
    if variable not in data and element["required"]:
        if validate_required:
            errors.append("'%s' value missing" % variable)
    elif element["type"] in ("textarea", "text", "password"):
        if variable in data:
            value = data[variable]
            if not isinstance(value, str):
                errors.append("Value %s for '%s' expected to be a string." % (value, variable))
                return errors
            if element.get("min") not in ("", None) and len(value) < int(element["min"]):
                errors.append("'%s' value %s is too small (length is %s must be at least %s)."
                              % (variable, value, len(value), element["min"]))
            if element.get("max") not in ("", None) and len(value) > int(element["max"]):
                errors.append("'%s' value %s is too large (must be no more than %s)." % (variable, value, element["max"]))
    elif element["type"] == "integer":
        if variable in data:
            value = data[variable]
            if not isinstance(value, int) or isinstance(value, bool):  # AWX's type(value) != int: a bool is not one
                errors.append("Value %s for '%s' expected to be an integer." % (value, variable))
                return errors
            if element.get("min") not in ("", None) and value < int(element["min"]):
                errors.append("'%s' value %s is too small (must be at least %s)." % (variable, value, element["min"]))
            if element.get("max") not in ("", None) and value > int(element["max"]):
                errors.append("'%s' value %s is too large (must be no more than %s)." % (variable, value, element["max"]))
    elif element["type"] == "float":
        if variable in data:
            value = data[variable]
            if type(value) not in (float, int):
                errors.append("Value %s for '%s' expected to be a numeric type." % (value, variable))
                return errors
            if element.get("min") not in ("", None) and value < float(element["min"]):
                errors.append("'%s' value %s is too small (must be at least %s)." % (variable, value, element["min"]))
            if element.get("max") not in ("", None) and value > float(element["max"]):
                errors.append("'%s' value %s is too large (must be no more than %s)." % (variable, value, element["max"]))
    elif element["type"] == "multiselect":
        if variable in data:
            if not isinstance(data[variable], list):
                errors.append("'%s' value is expected to be a list." % variable)
            else:
                choice_list = _choice_list(element["choices"])
                for value in data[variable]:
                    if value not in choice_list:
                        errors.append("Value %s for '%s' expected to be one of %s." % (value, variable, choice_list))
    elif element["type"] == "multiplechoice":
        choice_list = _choice_list(element["choices"])
        if variable in data and data[variable] not in choice_list:
            errors.append("Value %s for '%s' expected to be one of %s." % (data[variable], variable, choice_list))
    return errors


def survey_defaults(survey_spec):
    """The survey defaults a job gets (SurveyJobTemplateMixin._update_unified_job_kwargs): those that validate."""
    defaults = {}
    for element in survey_spec.get("spec", []):
        default = element.get("default")
        if default is not None and not survey_element_errors(element, {element["variable"]: default}):
            defaults[element["variable"]] = default
    return defaults


def accept_or_ignore_variables(template, data):
    """SurveyJobTemplateMixin._accept_or_ignore_variables: (accepted, rejected, errors) of launch-time variables."""
    extra_vars = dict(data)
    accepted, rejected, errors = {}, {}, {}
    spec = template.get("survey_spec") or {}
    if template.get("survey_enabled") and spec:
        survey_errors = []
        for element in spec.get("spec", []):
            key = element.get("variable")
            element_errors = survey_element_errors(element, data)
            if element_errors:
                survey_errors += element_errors
                if key in extra_vars:
                    rejected[key] = extra_vars.pop(key)
            elif key in extra_vars:
                accepted[key] = extra_vars.pop(key)
        if survey_errors:
            errors["variables_needed_to_start"] = survey_errors
    if template.get("ask_variables_on_launch"):
        accepted.update(extra_vars)
        extra_vars = {}
    template_vars = template.get("extra_vars") or {}
    for key in set(template_vars) & set(extra_vars):
        if template_vars[key] == extra_vars[key]:
            extra_vars.pop(key)
    if extra_vars:
        rejected.update(extra_vars)
        errors["extra_vars"] = ["Variables %s are not allowed on launch." % ", ".join(sorted(extra_vars))]
    return accepted, rejected, errors


def skip_directory(relative_directory_path):
    """awx/main/utils/ansible.py: the folders whose files a project never lists as playbooks."""
    path_elements = relative_directory_path.split(os.sep)
    if "roles" in path_elements or "tasks" in path_elements:
        return True
    if any(element.startswith(".") for element in path_elements):
        return True
    return "group_vars" in path_elements or "host_vars" in path_elements


def could_be_playbook(project_path, dir_path, filename):
    """awx/main/utils/ansible.py: the playbook's path relative to the project, or None."""
    if os.path.splitext(filename)[-1] not in (".yml", ".yaml"):
        return None
    playbook_path = os.path.join(dir_path, filename)
    matched = False
    try:
        with codecs.open(playbook_path, "r", encoding="utf-8", errors="ignore") as handle:
            for number, line in enumerate(handle):
                if VALID_PLAYBOOK_RE.match(line) or (number == 0 and line.startswith("$ANSIBLE_VAULT;")):
                    matched = True
                    break
    except IOError:
        return None
    return os.path.relpath(playbook_path, project_path) if matched else None


def project_lists_playbook(project_path, playbook):
    """Project.playbooks would list it (the folder relative to the project: its absolute path under AWX's
    PROJECTS_ROOT adds no element skip_directory looks at)."""
    folder, filename = os.path.split(playbook)
    if skip_directory(folder):
        return False
    return could_be_playbook(project_path, os.path.join(project_path, folder), filename) == playbook


def _names(objects):
    return [item["name"] for item in objects]


def job_template_errors(template, config, credential_types):
    """Why AWX would refuse the job template (serializers, credentials), as infra.aap_configuration sends it."""
    errors = []
    if not template.get("name"):
        errors.append("no name")
    if template.get("job_type", "run") not in JOB_TYPES:
        errors.append("job_type %r is not one of %s" % (template.get("job_type"), JOB_TYPES))
    projects = dict((project["name"], project) for project in config["controller_projects"])
    project = projects.get(template.get("project"))
    if not template.get("project"):
        errors.append("Job Templates must have a project assigned.")
    elif project is None:
        errors.append("project %r is not one of these objects" % template["project"])
    if not template.get("inventory") and not template.get("ask_inventory_on_launch"):
        errors.append("inventory: You must either set a default value or ask to prompt on launch.")
    elif template.get("inventory") and template["inventory"] not in _names(config["controller_inventories"]):
        errors.append("inventory %r is not one of these objects" % template["inventory"])
    if not template.get("playbook"):
        errors.append("Must select playbook for project.")
    elif project is not None and not project_lists_playbook(ROOT, template["playbook"]):
        errors.append("playbook %r: Playbook not found for project." % template["playbook"])

    credentials = dict((credential["name"], credential) for credential in config["controller_credentials"])
    types_seen = []
    for name in template.get("credentials") or []:
        credential_type = credentials[name]["credential_type"] if name in credentials else credential_types.get(name)
        if credential_type is None:
            errors.append("credential %r: unknown here, so its type cannot be checked" % name)
            continue
        if credential_type in types_seen:
            errors.append("Cannot assign multiple %s credentials." % credential_type)
        types_seen.append(credential_type)
        kind = dict(credential_kinds(config), Vault="vault").get(credential_type)
        if kind not in JOB_CREDENTIAL_KINDS:
            errors.append("Cannot assign a Credential of kind `%s`." % kind)

    spec = template.get("survey_spec")
    if template.get("survey_enabled"):
        error = validate_survey_spec(spec or {})
        if error:
            errors.append("survey: %s" % error)
    elif spec:
        errors.append("a survey_spec but survey_enabled is not true: AWX would not ask it")
    return errors


def credential_kinds(config):
    return dict((item["name"], item["kind"]) for item in config["controller_credential_types"])


def inventory_source_errors(source, config):
    errors = []
    projects = dict((project["name"], project) for project in config["controller_projects"])
    if source.get("inventory") not in _names(config["controller_inventories"]):
        errors.append("inventory %r is not one of these objects" % source.get("inventory"))
    if source.get("source") == "scm":
        project = projects.get(source.get("source_project"))
        if project is None:
            errors.append("Project required for scm type sources.")
        elif project.get("scm_type", "manual") in ("", "manual"):
            errors.append("Cannot use manual project for SCM-based inventory.")
    return errors


def _as_module_int(value):
    """The value as the module's argument spec (type int) takes it (ansible-core before 2.19 renders "86400")."""
    from ansible.module_utils.common.validation import check_type_int

    try:
        return check_type_int(value)
    except TypeError:
        return None


def workflow_errors(workflow, config):
    """Why the workflow's nodes could not be created as awx.awx.workflow_job_template creates them."""
    errors = []
    templates = dict((template["name"], template) for template in config["controller_templates"])
    nodes = workflow.get("workflow_nodes") or []
    identifiers = [node.get("identifier") for node in nodes]
    if not all(identifiers) or len(set(identifiers)) != len(identifiers):
        errors.append("node identifiers must be given and unique: %s" % identifiers)
    edges = {}
    for node in nodes:
        ujt = node.get("unified_job_template") or {}
        if not ujt.get("name"):
            errors.append("node %s: no unified_job_template name" % node.get("identifier"))
        if ujt.get("type") is None:
            errors.append("node %s: Could not find unified job template type" % node.get("identifier"))
        elif ujt["type"] == "workflow_approval":
            timeout = _as_module_int(ujt.get("timeout", 0))
            if timeout is None or timeout <= 0:
                errors.append("approval %s: a timeout in seconds (0 waits forever)" % node["identifier"])
        elif ujt["type"] == "job_template":
            template = templates.get(ujt.get("name"))
            if template is None:
                errors.append("node %s: Unable to Find unified_job_template %r" % (node.get("identifier"), ujt.get("name")))
            elif (ujt.get("organization") or {}).get("name") != template.get("organization"):
                errors.append("node %s: organization %r, the job template's is %r"
                              % (node["identifier"], ujt.get("organization"), template.get("organization")))
        else:
            errors.append("node %s: type %r is not used here" % (node.get("identifier"), ujt["type"]))
        related = node.get("related") or {}
        edges[node.get("identifier")] = []
        for kind in ("success_nodes", "failure_nodes", "always_nodes"):
            for target in related.get(kind) or []:
                if target.get("identifier") not in identifiers:
                    errors.append("node %s: %s %r is no node" % (node.get("identifier"), kind, target))
                edges[node.get("identifier")].append(target.get("identifier"))
    # a DAG: no cycle
    state = {}

    def visit(identifier):
        state[identifier] = "visiting"
        for target in edges.get(identifier, []):
            if state.get(target) == "visiting":
                errors.append("cycle through %s" % target)
            elif target not in state:
                visit(target)
        state[identifier] = "done"
    for identifier in edges:
        if identifier not in state:
            visit(identifier)
    if workflow.get("survey_enabled"):
        error = validate_survey_spec(workflow.get("survey_spec") or {})
        if error:
            errors.append("survey: %s" % error)
    return errors


# --- This collection's rules -----------------------------------------------------------------------------------
def policy_errors(survey_spec):
    from ansible.utils.vars import isidentifier

    errors = []
    for question in survey_spec.get("spec", []):
        variable = question["variable"]
        if not isidentifier(variable):
            errors.append("%s: not an Ansible variable name" % variable)
        if variable.split("_")[0] in JOB_VARIABLE_PREFIXES:
            errors.append("%s: AWX sets its own awx_* and tower_* variables" % variable)
        if question["required"] == ("default" in question):
            errors.append("%s: required exactly when there is no default" % variable)
        if question["type"] == "multiplechoice" and "default" in question:
            if question["default"] not in _choice_list(question["choices"]):
                errors.append("%s: default %r is not one of the choices" % (variable, question["default"]))
        if question["type"] in ("text", "textarea") and ("min" not in question or "max" not in question):
            errors.append("%s: a text question bounds its length (min, max)" % variable)
        if question["type"] in ("integer", "float") and ("min" not in question or "max" not in question):
            errors.append("%s: a number question bounds its value (min, max)" % variable)
    return errors


def _read(path):
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def _load(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _role_entry_points(tasks):
    for task in tasks or []:
        for key in ("ansible.builtin.include_role", "ansible.builtin.import_role", "include_role", "import_role"):
            if key in task:
                yield task[key]["name"], task[key].get("tasks_from", "main")
        for key in ("block", "rescue", "always"):
            yield from _role_entry_points(task.get(key))


def playbook_reads(playbook):
    """(the words of the playbook and of those it imports, {option: spec} of the role entry points it runs)."""
    texts, entry_points = [], []
    pending = [os.path.join(ROOT, playbook)]
    while pending:
        path = pending.pop()
        texts.append(_read(path))
        for play in _load(path):
            if "import_playbook" in play or "ansible.builtin.import_playbook" in play:
                imported = play.get("import_playbook") or play["ansible.builtin.import_playbook"]
                pending.append(os.path.join(os.path.dirname(path), imported))
                continue
            for role in play.get("roles") or []:
                entry_points.append((role["role"] if isinstance(role, dict) else role, "main"))
            for key in ("pre_tasks", "tasks", "post_tasks", "handlers"):
                entry_points.extend(_role_entry_points(play.get(key)))
    options = {}
    for name, entry_point in entry_points:
        assert name.startswith("audiocodes.live_platform."), name
        specs = _load(os.path.join(ROOT, "roles", name.split(".")[-1], "meta", "argument_specs.yml"))
        options.update(specs["argument_specs"][entry_point]["options"])
    words = set(re.findall(r"\b[a-z_][a-z0-9_]*\b", "\n".join(texts)))
    return words, options, "\n".join(texts)


def question_errors(question, playbook):
    """How the question differs from what the playbook reads (the role option's type, choices and default)."""
    from ansible.module_utils.common.validation import check_type_bool

    words, options, text = playbook_reads(playbook)
    variable = question["variable"]
    option = options.get(variable)
    if option is None:
        if variable not in words:
            return ["%s: %s does not read it" % (variable, playbook)]
        # a play variable (live_platform_hosts): the default is the playbook's own fallback
        fallbacks = set(re.findall(r"\b%s \| default\('([^']*)'\)" % re.escape(variable), text))
        if "default" in question and fallbacks != set([question["default"]]):
            return ["%s: default %r, the playbook's %s" % (variable, question["default"], sorted(fallbacks))]
        return []
    errors = []
    kind, qtype = option.get("type", "str"), question["type"]
    if kind == "bool":
        choices = _choice_list(question.get("choices", []))
        if qtype != "multiplechoice" or sorted(check_type_bool(c) for c in choices) != [False, True]:
            errors.append("%s: a bool, asked as multiple choice false / true" % variable)
        elif "default" in question and check_type_bool(question["default"]) != option.get("default"):
            errors.append("%s: default %r, the role's %r" % (variable, question["default"], option.get("default")))
        return errors
    expected = {"int": ("integer",), "float": ("float", "integer"), "list": ("multiselect",)}.get(
        kind, ("multiplechoice",) if option.get("choices") else ("text", "textarea"))
    if qtype not in expected:
        errors.append("%s: a %s option asked as %s" % (variable, kind, qtype))
    if option.get("choices") and _choice_list(question.get("choices", [])) != [str(c) for c in option["choices"]]:
        errors.append("%s: choices %r, the role's %r" % (variable, question.get("choices"), option["choices"]))
    if "default" in question and "default" in option and question["default"] != option["default"]:
        errors.append("%s: default %r, the role's %r" % (variable, question["default"], option["default"]))
    return errors


# --- apply.yml against a stand-in dispatch role --------------------------------------------------------------
STUB_DISPATCH = """---
- name: Record what the dispatcher gets
  ansible.builtin.copy:
    dest: "{{ lookup('ansible.builtin.env', 'STUB_RECORD') }}"
    content: "{{ dict(%s | zip([%s])) | infra.aap_configuration.recorded_json }}"
    mode: "0600"
""" % (json.dumps(list(RECORDED)).replace('"', "'"), ", ".join(RECORDED))
# JSON of the variables without the values set to omit, as the roles leave those arguments out of their module calls
# (omit is an object in ansible-core 2.19, a placeholder string before).
STUB_FILTER = """
import json


def _omitted(value):
    return type(value).__name__ == "_OmitType" or str(value).startswith("__omit_place_holder__")


def _strip(value):
    if isinstance(value, dict):
        return dict((key, _strip(item)) for key, item in value.items() if not _omitted(item))
    if isinstance(value, list):
        return [_strip(item) for item in value if not _omitted(item)]
    return value


class FilterModule(object):
    def filters(self):
        return {"recorded_json": lambda value: json.dumps(_strip(value))}
"""


def run_apply(tmp_path, extra_vars, env_vars=None, collections=None, extra_env=None):
    """ansible-playbook extensions/awx/apply.yml; returns (CompletedProcess, path of the record file)."""
    if collections is None:
        collections = tmp_path / "stub"
        role = collections / "ansible_collections" / "infra" / "aap_configuration" / "roles" / "dispatch" / "tasks"
        role.mkdir(parents=True)
        (role / "main.yml").write_text(STUB_DISPATCH)
        (role.parent.parent.parent / "plugins" / "filter").mkdir(parents=True)
        (role.parent.parent.parent / "plugins" / "filter" / "recorded.py").write_text(STUB_FILTER)
        (role.parent.parent.parent / "galaxy.yml").write_text("namespace: infra\nname: aap_configuration\nversion: 0.0.0\n")
    record = tmp_path / "record.json"
    (tmp_path / "extra.json").write_text(json.dumps(extra_vars))
    env = dict((key, value) for key, value in os.environ.items()
               if not key.startswith(("CONTROLLER_", "AAP_", "TOWER_", "ANSIBLE_")))
    env.update(ANSIBLE_COLLECTIONS_PATH=str(collections), STUB_RECORD=str(record), ANSIBLE_NOCOLOR="1",
               ANSIBLE_RETRY_FILES_ENABLED="0")
    env.update(env_vars if env_vars is not None else {"CONTROLLER_HOST": "https://awx.example.net",
                                                      "CONTROLLER_OAUTH_TOKEN": "not-a-real-token"})
    env.update(extra_env or {})
    result = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), APPLY,
                             "-e", "@%s" % (tmp_path / "extra.json"),
                             "-e", "ansible_python_interpreter=%s" % sys.executable],
                            env=env, cwd=str(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False,
                            universal_newlines=True)
    return result, record


def applied(tmp_path, extra_vars):
    result, record = run_apply(tmp_path, extra_vars)
    assert result.returncode == 0, result.stdout
    with open(str(record)) as handle:
        return json.load(handle)


MINIMAL = {"live_platform_aap_project_scm_url": SCM_URL}
FULL = dict(MINIMAL, live_platform_aap_organization="Voice", live_platform_aap_vault_credential="Fleet vault",
            live_platform_aap_execution_environment="Live Platform EE",
            live_platform_aap_execution_environment_image="registry.example.net/live-platform-ee:1.0",
            live_platform_aap_project_scm_credential="Fleet repository",
            live_platform_aap_credential_inputs={
                "base_url": "https://live.example.net/tenantui", "tenant_id": "11111111-2222-4333-8444-555555555555",
                "client_id": "9f3c2b1a-7d6e-4f5a-8b9c-0d1e2f3a4b5c", "client_secret": "not-a-real-secret"})
# the credentials the configuration refers to without creating them, by their type
EXTERNAL_CREDENTIALS = {"Fleet vault": "Vault", "Fleet repository": "Source Control"}


@pytest.fixture(scope="module")
def minimal(tmp_path_factory):
    return applied(tmp_path_factory.mktemp("minimal"), MINIMAL)


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    return applied(tmp_path_factory.mktemp("full"), FULL)


@pytest.fixture(params=["minimal", "full"])
def config(request):
    return request.getfixturevalue(request.param)


def templates_of(config):
    return dict((template["name"], template) for template in config["controller_templates"])


def credential_types_of(config, credential_type):
    """{credential name: its credential type name}, for the credentials the job templates may name."""
    known = dict(EXTERNAL_CREDENTIALS)
    known["Live Platform"] = credential_type["name"]  # the default, created per docs/awx.md when not managed here
    known.update((item["name"], item["credential_type"]) for item in config["controller_credentials"])
    return known


# --- the tests -------------------------------------------------------------------------------------------------
def test_the_apply_playbook_is_a_plain_play_of_the_dispatch_role():
    """apply.yml's structure, for when infra.aap_configuration is not installed (its syntax check below does not
    need it either: include_role is resolved at run time)."""
    plays = _load(APPLY)
    assert len(plays) == 1
    play = plays[0]
    assert (play["hosts"], play["connection"], play["gather_facts"]) == ("localhost", "local", False)
    assert play["vars_files"] == ["aap_configuration.yml"]
    assert "CONTROLLER_HOST" in play["vars"]["aap_hostname"]
    assert play["tasks"][-1]["ansible.builtin.include_role"] == {"name": "infra.aap_configuration.dispatch"}
    result = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "--syntax-check",
                             APPLY], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False,
                            universal_newlines=True, env=dict(os.environ, ANSIBLE_NOCOLOR="1"))
    assert result.returncode == 0, result.stdout


def test_every_object_is_there(minimal, credential_type):
    assert set(minimal) == set(RECORDED)
    assert sorted(templates_of(minimal)) == sorted(JOB_TEMPLATES)
    assert dict((name, t["playbook"]) for name, t in templates_of(minimal).items()) == JOB_TEMPLATES
    assert _names(minimal["controller_workflows"]) == [WORKFLOW]
    assert minimal["controller_credentials"] == [] and minimal["controller_execution_environments"] == []
    assert (minimal["aap_hostname"], minimal["aap_token"], minimal["aap_validate_certs"]) == (
        "https://awx.example.net", "not-a-real-token", True)
    kinds = ("controller_projects", "controller_inventories", "controller_inventory_sources", "controller_templates",
             "controller_workflows")
    organizations = set(item["organization"] for key in kinds for item in minimal[key])
    assert organizations == set(["Default"])


def test_the_credential_type_is_the_file_as_it_is(config, credential_type):
    """Loaded from credential_type.yml, not a copy; its injector templates left for AWX to render."""
    assert config["controller_credential_types"] == [dict(
        (key, credential_type[key]) for key in ("name", "description", "kind", "inputs", "injectors"))]
    assert "{{ base_url }}" in json.dumps(config["controller_credential_types"])


@pytest.mark.parametrize("name", sorted(JOB_TEMPLATES) + [WORKFLOW])
def test_awx_takes_the_survey(minimal, name):
    template = templates_of(minimal).get(name) or minimal["controller_workflows"][0]
    if not template.get("survey_enabled"):
        assert name == "Live Platform - probe" and not template.get("survey_spec")
        return
    survey = template["survey_spec"]
    assert validate_survey_spec(survey) is None
    assert policy_errors(survey) == []
    # every default reaches the job (AWX drops a default that fails its answer validation, silently)
    assert sorted(survey_defaults(survey)) == sorted(q["variable"] for q in survey["spec"] if "default" in q)


@pytest.mark.parametrize("name", sorted(JOB_TEMPLATES))
def test_awx_takes_the_job_template(config, credential_type, name):
    template = templates_of(config)[name]
    assert job_template_errors(template, config, credential_types_of(config, credential_type)) == []
    assert template["organization"] == config["controller_projects"][0]["organization"]
    assert template.get("become_enabled") is False and template.get("ask_variables_on_launch") is False
    for question in (template.get("survey_spec") or {}).get("spec", []):
        if question["variable"].endswith("_concurrency"):
            assert int(template["forks"]) >= question["default"], "forks below the default concurrency"


@pytest.mark.parametrize("name", sorted(JOB_TEMPLATES))
def test_each_question_is_what_the_playbook_reads(minimal, name):
    """The variable is read by the playbook (its text or a role option), with the option's type, choices, default."""
    template = templates_of(minimal)[name]
    problems = []
    for question in (template.get("survey_spec") or {}).get("spec", []):
        problems += question_errors(question, template["playbook"])
    assert problems == []


def test_the_destructive_templates_guard(minimal):
    """offboard and prune: confirmation asked with the default false, never sliced, check mode at launch."""
    templates = templates_of(minimal)
    for name in ("Live Platform - offboard", "Live Platform - prune"):
        template = templates[name]
        questions = pivot_spec(template["survey_spec"])
        assert questions["offboarding_confirm"]["default"] == "false"
        assert "offboarding_max_deletions" in questions
        assert template["job_slice_count"] == 1 and template["ask_job_type_on_launch"] is True
        assert template["allow_simultaneous"] is False
    offboard_hosts = pivot_spec(templates["Live Platform - offboard"]["survey_spec"])["live_platform_hosts"]
    assert offboard_hosts["required"] is True and "default" not in offboard_hosts


def test_launches_awx_would_take_and_refuse(minimal):
    """What the survey lets through at launch (the answers of tests/ecosystem/test_awx_runner.py's jobs)."""
    templates = templates_of(minimal)
    offboard = templates["Live Platform - offboard"]
    answers = {"live_platform_hosts": "sbc_lon_03", "offboarding_confirm": "true", "offboarding_max_deletions": 3,
               "offboarding_concurrency": 10}
    assert accept_or_ignore_variables(offboard, answers) == (answers, {}, {})
    # no host pattern: refused (the playbook would otherwise take every customer)
    _accepted, _rejected, errors = accept_or_ignore_variables(offboard, {"offboarding_confirm": "true"})
    assert errors == {"variables_needed_to_start": ["'live_platform_hosts' value missing"]}
    # a variable the survey does not ask is refused: the report folder stays unset (docs/awx.md)
    _accepted, rejected, errors = accept_or_ignore_variables(
        templates["Live Platform - onboard"], {"onboarding_strategy": "batch", "onboarding_report_dir": "/tmp"})
    assert rejected == {"onboarding_report_dir": "/tmp"} and list(errors) == ["extra_vars"]
    # an answer out of the choices or bounds, or of the wrong type
    _accepted, rejected, errors = accept_or_ignore_variables(
        templates["Live Platform - plan"],
        {"onboarding_strategy": "fast", "onboarding_concurrency": "10", "live_platform_hosts": ""})
    assert sorted(rejected) == ["live_platform_hosts", "onboarding_concurrency", "onboarding_strategy"]
    assert len(errors["variables_needed_to_start"]) == 3


def test_plan_and_onboard_ask_the_same(minimal):
    """The plan is the onboarding in check mode: the plan's questions are the onboarding's, the same way."""
    templates = templates_of(minimal)
    plan = pivot_spec(templates["Live Platform - plan"]["survey_spec"])
    onboard = pivot_spec(templates["Live Platform - onboard"]["survey_spec"])
    assert set(plan) <= set(onboard)
    for variable, question in plan.items():
        assert question == onboard[variable]


def test_the_workflow_plans_waits_for_approval_and_onboards(config):
    workflow = config["controller_workflows"][0]
    assert workflow_errors(workflow, config) == []
    nodes = dict((node["identifier"], node) for node in workflow["workflow_nodes"])
    chain, identifier = [], "plan"
    while identifier:
        node = nodes[identifier]
        chain.append(node["unified_job_template"]["type"] + ":" + node["unified_job_template"]["name"])
        successors = [target["identifier"] for target in (node.get("related") or {}).get("success_nodes", [])]
        assert len(successors) <= 1
        identifier = successors[0] if successors else None
    organization = workflow["organization"]
    assert chain == ["job_template:Live Platform - plan",
                     "workflow_approval:Live Platform - approve the plan (%s)" % organization,
                     "job_template:Live Platform - onboard"]
    assert len(nodes) == 3 and _as_module_int(nodes["approve"]["unified_job_template"]["timeout"]) == 86400


def test_the_workflow_asks_what_its_job_templates_ask(config):
    """A workflow's answers reach every node without the node's survey: the workflow asks each question itself."""
    workflow = config["controller_workflows"][0]
    asked = pivot_spec(workflow["survey_spec"])
    templates = templates_of(config)
    for node in workflow["workflow_nodes"]:
        ujt = node["unified_job_template"]
        if ujt["type"] != "job_template":
            continue
        template = templates[ujt["name"]]
        for variable, question in pivot_spec(template["survey_spec"]).items():
            assert asked.get(variable) == question, variable
        # and each workflow answer is one the template's playbook reads, valid by the template's own survey
        for question in workflow["survey_spec"]["spec"]:
            assert question_errors(question, template["playbook"]) == []
        for element in template["survey_spec"]["spec"]:
            assert survey_element_errors(element, survey_defaults(workflow["survey_spec"])) == []


def test_the_project_inventory_and_source(config):
    project, = config["controller_projects"]
    assert project["scm_type"] == "git" and project["scm_url"] == SCM_URL
    assert project["update_project"] is True and project["wait"] is True
    source, = config["controller_inventory_sources"]
    assert inventory_source_errors(source, config) == []
    assert source["source_path"] == "examples/demo_fleet/hosts.yml"
    assert os.path.isfile(os.path.join(ROOT, source["source_path"]))
    assert source["overwrite"] is True and source["update_on_launch"] is True


def test_the_full_parameters(full, credential_type):
    """A managed credential of the credential type, the vault credential on the jobs that read the inventory, the EE."""
    credential, = full["controller_credentials"]
    assert credential["credential_type"] == credential_type["name"] == "AudioCodes Live Platform"
    fields = [field["id"] for field in credential_type["inputs"]["fields"]]
    assert set(credential["inputs"]) <= set(fields)
    assert set(credential_type["inputs"]["required"]) <= set(credential["inputs"])
    assert credential["organization"] == "Voice"
    templates = templates_of(full)
    for name, template in templates.items():
        expected = ["Live Platform"] if name == "Live Platform - probe" else ["Live Platform", "Fleet vault"]
        assert template["credentials"] == expected
        assert template["execution_environment"] == "Live Platform EE"
    environment, = full["controller_execution_environments"]
    assert environment["image"] == FULL["live_platform_aap_execution_environment_image"]
    assert full["controller_projects"][0]["credential"] == "Fleet repository"
    assert full["controller_projects"][0]["default_environment"] == "Live Platform EE"


def test_the_minimal_parameters_leave_out_what_is_not_given(minimal):
    """Unset optional parameters are left out (the roles omit empty values), not sent as an empty name."""
    project, = minimal["controller_projects"]
    assert "credential" not in project
    for template in minimal["controller_templates"]:
        assert template["credentials"] == ["Live Platform"]
        assert template.get("execution_environment", "") == ""


def test_the_docs_table_is_the_configuration(minimal):
    """docs/awx.md's job templates: same names, playbooks and survey variables."""
    text = _read(os.path.join(ROOT, "docs", "awx.md"))
    rows = re.findall(r"^\| (Live Platform - [a-z]+) \| `([^`]+)` \| (.*?) \|[^|\n]*\|$", text, re.M)
    assert rows, "no job template table in docs/awx.md"
    templates = templates_of(minimal)
    for name, playbook, variables in rows:
        assert name in templates and templates[name]["playbook"] == playbook
        words, options, _text = playbook_reads(playbook)
        documented = set(token for token in re.findall(r"`([a-z_]+)`", variables)
                         if token in options or token == "live_platform_hosts")
        assert documented == set(pivot_spec(templates[name]["survey_spec"])), name


@pytest.mark.parametrize("change, error", [
    (lambda s: s.pop("description"), "Field 'description' is missing from survey spec."),
    (lambda s: s.update(spec=[]), "'spec' doesn't contain any items."),
    (lambda s: s["spec"][0].pop("required"), "'required' missing from survey question 0"),
    (lambda s: s["spec"][0].update(required="yes"), "'required' in survey question 0 expected to be boolean."),
    (lambda s: s["spec"][0].update(type="boolean"), "'boolean' in survey question 0 is not one of"),
    (lambda s: s["spec"].append(dict(s["spec"][0])), "'variable' 'live_platform_hosts' duplicated"),
    (lambda s: s["spec"][2].update(default="10"), "Default value 10 in survey question 2 expected to be integer."),
    (lambda s: s["spec"][2].update(min="1"), "The min limit in survey question 2 expected to be integer."),
    (lambda s: s["spec"][1].pop("choices"), "Survey question 1 of type multiplechoice must specify choices."),
    (lambda s: s["spec"][1].update(default="fast"), "Default choice must be answered from the choices listed."),
    (lambda s: s["spec"][1].update(default="per_customer\nbatch"), "can only have one default value."),
    (lambda s: s["spec"][0].update(default="$encrypted$"), "$encrypted$ is a reserved keyword for password"),
])
def test_a_broken_survey_is_refused(minimal, change, error):
    """The transcription refuses what AWX refuses (each change on the plan's survey)."""
    survey = copy.deepcopy(templates_of(minimal)["Live Platform - plan"]["survey_spec"])
    assert validate_survey_spec(survey) is None
    change(survey)
    assert error in (validate_survey_spec(survey) or "")


def test_broken_objects_are_refused(minimal, credential_type):
    """The other checks can fail too: a missing playbook, a survey that asks what no role reads, a bad workflow."""
    config = copy.deepcopy(minimal)
    credentials = credential_types_of(config, credential_type)
    template = templates_of(config)["Live Platform - plan"]
    template["playbook"] = "playbooks/vars/connection.yml"  # a file, but no playbook AWX lists
    template["credentials"].append("Live Platform")
    template.pop("inventory")
    errors = " / ".join(job_template_errors(template, config, credentials))
    assert "Playbook not found for project." in errors
    assert "Cannot assign multiple AudioCodes Live Platform credentials." in errors
    assert "You must either set a default value or ask to prompt on launch." in errors

    question = dict(pivot_spec(template["survey_spec"])["onboarding_strategy"], choices=["per_customer"],
                    default="per_customer")
    assert "choices" in " ".join(question_errors(question, "playbooks/plan.yml"))
    assert question_errors(dict(question, variable="onboarding_speed"), "playbooks/plan.yml") == [
        "onboarding_speed: playbooks/plan.yml does not read it"]
    hosts = dict(pivot_spec(template["survey_spec"])["live_platform_hosts"], default="all")
    assert "the playbook's ['live_platform_customers']" in " ".join(question_errors(hosts, "playbooks/onboard.yml"))
    confirm = dict(pivot_spec(templates_of(config)["Live Platform - prune"]["survey_spec"])["offboarding_confirm"],
                   default="true")
    assert "default 'true', the role's False" in " ".join(question_errors(confirm, "playbooks/prune.yml"))
    assert "a bool, asked as multiple choice" in " ".join(
        question_errors(dict(confirm, type="text"), "playbooks/prune.yml"))
    assert "required exactly when there is no default" in " ".join(
        policy_errors({"spec": [dict(confirm, required=True)]}))

    workflow = config["controller_workflows"][0]
    nodes = dict((node["identifier"], node) for node in workflow["workflow_nodes"])
    nodes["approve"]["unified_job_template"]["timeout"] = 0
    nodes["onboard"]["unified_job_template"]["name"] = "Live Platform - onbaord"
    nodes["onboard"]["related"] = {"success_nodes": [{"identifier": "plan"}]}
    errors = " / ".join(workflow_errors(workflow, config))
    assert "approval approve: a timeout" in errors
    assert "Unable to Find unified_job_template 'Live Platform - onbaord'" in errors
    assert "cycle through plan" in errors


@pytest.mark.parametrize("env_vars, extra_vars, message", [
    ({}, MINIMAL, "Set CONTROLLER_HOST and CONTROLLER_OAUTH_TOKEN"),
    ({"CONTROLLER_HOST": "https://awx.example.net", "CONTROLLER_OAUTH_TOKEN": "t"}, {},
     "-e live_platform_aap_project_scm_url="),
    ({"CONTROLLER_HOST": "https://awx.example.net", "CONTROLLER_OAUTH_TOKEN": "t"},
     dict(MINIMAL, live_platform_aap_credential_inputs={"base_url": "https://x/tenantui", "secret": "s"}),
     "live_platform_aap_credential_inputs must give base_url, tenant_id, client_id, client_secret"),
])
def test_apply_refuses_without_login_or_parameters(tmp_path, env_vars, extra_vars, message):
    result, record = run_apply(tmp_path, extra_vars, env_vars)
    assert result.returncode != 0 and message in result.stdout.replace("\n", " "), result.stdout
    assert not record.exists()


def test_username_and_password_login(tmp_path):
    result, record = run_apply(tmp_path, MINIMAL, {"CONTROLLER_HOST": "https://awx.example.net",
                                                   "CONTROLLER_USERNAME": "admin", "CONTROLLER_PASSWORD": "pw",
                                                   "CONTROLLER_VERIFY_SSL": "false"})
    assert result.returncode == 0, result.stdout
    with open(str(record)) as handle:
        recorded = json.load(handle)
    assert (recorded["aap_username"], recorded["aap_password"], recorded["aap_token"]) == ("admin", "pw", "")
    assert recorded["aap_validate_certs"] is False


# --- with the real infra.aap_configuration, when it is installed ------------------------------------------------
STUB_MODULE_ACTION = '''
import json
import os

from ansible.plugins.action import ActionBase


class ActionModule(ActionBase):
    _supports_async = True
    _supports_check_mode = True

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        args = dict((k, v) for k, v in self._task.args.items()
                    if not str(v).startswith(("__omit_place_holder__", "<<Omit>>")))
        with open(os.environ["STUB_RECORD_CALLS"], "a") as handle:
            handle.write(json.dumps({"module": "%s", "args": args}, default=str) + "\\n")
        result.update(changed=True)
        return result
'''
CONTROLLER_MODULES = ("credential_type", "credential", "execution_environment", "project", "inventory",
                      "inventory_source", "inventory_source_update", "job_template", "workflow_job_template",
                      "workflow_job_template_node")


def find_infra_aap_configuration():
    """The collections folder that holds infra.aap_configuration (ANSIBLE_COLLECTIONS_PATH or the default paths)."""
    paths = os.environ.get("ANSIBLE_COLLECTIONS_PATH") or os.environ.get("ANSIBLE_COLLECTIONS_PATHS") or ""
    candidates = [path for path in paths.split(os.pathsep) if path]
    candidates += [os.path.expanduser("~/.ansible/collections"), "/usr/share/ansible/collections"]
    for path in candidates:
        if os.path.isdir(os.path.join(path, "ansible_collections", "infra", "aap_configuration", "roles", "dispatch")):
            return path
    return None


def test_apply_with_infra_aap_configuration(tmp_path, minimal, credential_type):
    """Through the real roles: each module gets the object as AWX's API will (stand-ins for the awx.awx modules)."""
    from ansible.module_utils.common.validation import check_type_dict

    infra = find_infra_aap_configuration()
    if infra is None:
        pytest.skip("infra.aap_configuration is not installed (ansible-galaxy collection install infra.aap_configuration)")
    stubs = tmp_path / "stubs"
    for namespace, name in (("awx", "awx"), ("ansible", "controller")):
        base = stubs / "ansible_collections" / namespace / name
        (base / "plugins" / "action").mkdir(parents=True)
        (base / "plugins" / "modules").mkdir()
        (base / "galaxy.yml").write_text("namespace: %s\nname: %s\nversion: 0.0.0\n" % (namespace, name))
        for module in CONTROLLER_MODULES:
            (base / "plugins" / "action" / (module + ".py")).write_text(STUB_MODULE_ACTION % module)
            (base / "plugins" / "modules" / (module + ".py")).write_text(
                '#!/usr/bin/python\nDOCUMENTATION = """\nmodule: %s\nshort_description: stand-in\n"""\n' % module)
    calls = tmp_path / "calls.jsonl"
    result, _record = run_apply(tmp_path, MINIMAL, collections=os.pathsep.join([str(stubs), infra]),
                                extra_env={"STUB_RECORD_CALLS": str(calls)})
    assert result.returncode == 0, result.stdout[-6000:]
    with open(str(calls)) as handle:
        recorded = [json.loads(line) for line in handle]
    by_module = {}
    for call in recorded:
        by_module.setdefault(call["module"], []).append(call["args"])
    credential_type_call, = by_module["credential_type"]
    for key in ("name", "kind", "description"):
        assert credential_type_call[key] == credential_type[key]
    for key in ("inputs", "injectors"):  # as the module's argument spec (type dict) converts them
        assert check_type_dict(credential_type_call[key]) == credential_type[key]
    templates = templates_of(minimal)
    assert sorted(call["name"] for call in by_module["job_template"]) == sorted(templates)
    for call in by_module["job_template"]:
        template = templates[call["name"]]
        for key in ("playbook", "project", "inventory", "credentials", "job_type", "survey_enabled"):
            assert call[key] == template[key], (call["name"], key)
        if template.get("survey_spec"):
            assert check_type_dict(call["survey_spec"]) == template["survey_spec"]
        assert "execution_environment" not in call
    workflow_call, = by_module["workflow_job_template"]
    workflow = minimal["controller_workflows"][0]
    assert check_type_dict(workflow_call["survey_spec"]) == workflow["survey_spec"]
    assert workflow_call["workflow_nodes"] == workflow["workflow_nodes"]
    assert [(call["module"], call["args"].get("controller_host")) for call in recorded] == [
        (call["module"], "https://awx.example.net") for call in recorded]
    assert set(by_module) >= set(["project", "inventory", "inventory_source", "inventory_source_update"])
