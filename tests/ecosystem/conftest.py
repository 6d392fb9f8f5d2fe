# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Shared helpers of the ecosystem tests (AWX credential type and jobs, execution environment).

Run with ``make ecosystem-test`` (``.venv-ecosystem/bin/python -m pytest tests/ecosystem``); not part of
ansible-test units. The AWX rules below are transcribed from AWX itself, so that the tests check the credential type
the way AWX would, without an AWX:

* ``validate_credential_type``: ``CredentialTypeInputField`` and ``CredentialTypeInjectorField`` of
  ``awx/main/fields.py`` (the JSON schemas, unique ids, no ``tower`` id, ``default`` of the field's type,
  string-only keys, env names neither ``ANSIBLE_*`` nor blocklisted, every template rendering with
  ``StrictUndefined`` against the defined fields);
* ``inject_credential``: ``CredentialType.inject_credential`` (``awx/main/models/credential/__init__.py``, now
  ``awx_plugins.interfaces``): a string input is in the template namespace only when it is not empty, a boolean
  input that was never set is ``False``, each ``file`` template is written to a file under ``<private data
  dir>/env`` whose path is ``tower.filename.<name>``, and every template renders in Jinja2's immutable sandbox.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re
import stat
import tempfile
from types import SimpleNamespace

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CREDENTIAL_TYPE_FILE = os.path.join(ROOT, "extensions", "awx", "credential_type.yml")

# awx/main/fields.py, CredentialTypeInputField.schema()
INPUTS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "required": {"type": "array", "items": {"type": "string"}},
        "fields": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "type": {"enum": ["string", "boolean"]},
                    "format": {"enum": ["ssh_private_key", "url"]},
                    "choices": {"type": "array", "minItems": 1, "items": {"type": "string"}, "uniqueItems": True},
                    "id": {"type": "string", "pattern": "^[a-zA-Z_]+[a-zA-Z0-9_]*$"},
                    "label": {"type": "string"},
                    "help_text": {"type": "string"},
                    "multiline": {"type": "boolean"},
                    "secret": {"type": "boolean"},
                    "ask_at_runtime": {"type": "boolean"},
                    "default": {},
                },
                "additionalProperties": False,
                "required": ["id", "label"],
            },
        },
    },
}

# awx/main/fields.py, CredentialTypeInjectorField.schema()
INJECTORS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "file": {
            "type": "object",
            "patternProperties": {r"^template(\.[a-zA-Z_]+[a-zA-Z0-9_]*)?$": {"type": "string"}},
            "additionalProperties": False,
        },
        "env": {
            "type": "object",
            "patternProperties": {"^[a-zA-Z_]+[a-zA-Z0-9_]*$": {"type": "string", "pattern": "^[\x00-\x7F]*$"}},
            "additionalProperties": False,
        },
        "extra_vars": {
            "type": "object",
            "patternProperties": {"^[a-zA-Z_]+[a-zA-Z0-9_]*$": {"type": "string"}},
            "additionalProperties": False,
        },
    },
}

# AWX's ENV_BLOCKLIST (awx/main/constants.py, awx_plugins.interfaces)
ENV_BLOCKLIST = frozenset((
    "VIRTUAL_ENV", "PATH", "PYTHONPATH", "JOB_ID", "INVENTORY_ID", "INVENTORY_SOURCE_ID", "INVENTORY_UPDATE_ID",
    "AD_HOC_COMMAND_ID", "REST_API_URL", "REST_API_TOKEN", "MAX_EVENT_RES", "CALLBACK_QUEUE", "CALLBACK_CONNECTION",
    "CACHE", "JOB_CALLBACK_DEBUG", "INVENTORY_HOSTVARS", "AWX_HOST", "PROJECT_REVISION", "SUPERVISOR_CONFIG_PATH",
))

# credential type kinds a custom type may have (awx.awx.credential_type's choices for custom types)
CUSTOM_KINDS = ("cloud", "net")


def load_credential_type(path=CREDENTIAL_TYPE_FILE):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def validate_credential_type(credential_type):
    """The problems AWX would refuse the credential type for (an empty list when it would accept it)."""
    import jsonschema
    from jinja2 import StrictUndefined
    from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    problems = []
    for key in ("name", "kind", "inputs", "injectors"):
        if key not in credential_type:
            problems.append("missing %s" % key)
    if problems:
        return problems
    if credential_type["kind"] not in CUSTOM_KINDS:
        problems.append("kind %r: a custom credential type is one of %s" % (credential_type["kind"], CUSTOM_KINDS))
    inputs, injectors = credential_type["inputs"], credential_type["injectors"]
    for name, schema, value in (("inputs", INPUTS_SCHEMA, inputs), ("injectors", INJECTORS_SCHEMA, injectors)):
        for error in jsonschema.Draft4Validator(schema).iter_errors(value):
            problems.append("%s: %s at %s" % (name, error.message, "/".join(str(p) for p in error.path)))
    if problems:
        return problems
    if "dependencies" in inputs:
        problems.append("'dependencies' is not supported for custom credentials")

    ids = []
    for field in inputs.get("fields", []):
        ids.append(field["id"])
        field_type = field.get("type", "string")
        if field["id"] == "tower":
            problems.append('"tower" is a reserved field name')
        if "default" in field and not isinstance(field["default"], {"string": str, "boolean": bool}[field_type]):
            problems.append("%s: default %r is not a %s" % (field["id"], field["default"], field_type))
        for key in ("choices", "multiline", "format", "secret"):
            if key in field and field_type != "string":
                problems.append("%s not allowed for %s type (%s)" % (key, field_type, field["id"]))
    if len(set(ids)) != len(ids):
        problems.append("field IDs must be unique: %s" % ids)
    for required in inputs.get("required", []):
        if required not in ids:
            problems.append("required %r is not a field" % required)

    namespace = dict((field_id, "EXAMPLE") for field_id in ids)
    templates = [name for name in injectors.get("file", {}) if name.startswith("template")]
    if "template" in templates:
        if len(templates) > 1:
            problems.append("Must use multi-file syntax when injecting multiple files")
        tower = SimpleNamespace(filename="EXAMPLE_FILENAME")
    else:
        tower = SimpleNamespace(filename=SimpleNamespace(**dict(
            (name.split(".")[1], "EXAMPLE_FILENAME") for name in templates)))
    namespace["tower"] = tower
    for kind, injector in injectors.items():
        for key, template in injector.items():
            if kind == "env" and (key.startswith("ANSIBLE_") or key in ENV_BLOCKLIST):
                problems.append("environment variable %s is not allowed in credentials" % key)
            try:
                ImmutableSandboxedEnvironment(undefined=StrictUndefined).from_string(template).render(namespace)
            except (UndefinedError, SecurityError, TemplateSyntaxError) as exc:
                problems.append("%s.%s: %s" % (kind, key, exc))
    return problems


def inject_credential(credential_type, inputs, private_data_dir):
    """The environment (and the files) AWX gives a job for a credential of this type with these inputs.

    Returns (env, safe_env): what the job runs with, and what AWX stores and shows (secrets hidden).
    """
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    fields = credential_type["inputs"].get("fields", [])
    secret_fields = [field["id"] for field in fields if field.get("secret") is True]
    tower = SimpleNamespace(filename=None)
    namespace, safe_namespace = {"tower": tower}, {"tower": tower}
    for name, value in inputs.items():
        if isinstance(value, bool):
            namespace[name] = safe_namespace[name] = value
            continue
        if name in secret_fields:
            safe_namespace[name] = "*" * 10
        elif value:
            safe_namespace[name] = value
        if value:
            namespace[name] = value
    for field in fields:
        if field.get("type") == "boolean" and field["id"] not in inputs:
            namespace[field["id"]] = safe_namespace[field["id"]] = False

    sandbox = ImmutableSandboxedEnvironment()
    env_dir = os.path.join(private_data_dir, "env")
    if not os.path.isdir(env_dir):
        os.makedirs(env_dir)
    single, files = None, {}
    for label, template in credential_type["injectors"].get("file", {}).items():
        data = sandbox.from_string(template).render(**namespace)
        path = tempfile.mkstemp(dir=env_dir)[1]
        with open(path, "w") as handle:
            handle.write(data)
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
        if "." not in label:
            single = path
        else:
            files[label.split(".")[1]] = path
    tower.filename = single or SimpleNamespace(**files)

    env, safe_env = {}, {}
    for name, template in credential_type["injectors"].get("env", {}).items():
        if name in ENV_BLOCKLIST:
            continue
        env[name] = sandbox.from_string(template).render(**namespace)
        safe_env[name] = sandbox.from_string(template).render(**safe_namespace)
    return env, safe_env


def simulator_credential_inputs(sim):
    """The inputs an AWX admin would type into a credential of this type for the simulator."""
    return {
        "base_url": sim.base_url,
        "tenant_id": sim.tenant_id,
        "client_id": sim.client_id,
        "client_secret": sim.client_secret,
        # the simulator issues tokens itself; a real platform leaves this empty (login.microsoftonline.com)
        "auth_url": sim.auth_url,
    }


@pytest.fixture(scope="session")
def credential_type():
    return load_credential_type()


@pytest.fixture(scope="session")
def collections_path(tmp_path_factory):
    """A fresh copy of the collection, as AWX finds it: (the folder for ANSIBLE_COLLECTIONS_PATH, the collection)."""
    from helpers.playbooks import collection_dir, copy_collection
    base = copy_collection(tmp_path_factory.mktemp("collections"))
    return base, collection_dir(base)


def env_name_of_options():
    """The LIVE_PLATFORM_* variable of each connection option (plugins/module_utils/options.py)."""
    path = os.path.join(ROOT, "plugins", "module_utils", "options.py")
    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    return dict(re.findall(r'name="(\w+)", type="\w+", env="(LIVE_PLATFORM_\w+)"', source))
