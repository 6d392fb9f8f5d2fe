# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""extensions/awx/credential_type.yml: AWX would accept it, and it injects what the modules read.

The AWX rules (schema, validation, injection) are in conftest.py. The last test runs
extensions/awx/load_credential_type.yml against a stand-in for ``awx.awx.credential_type`` that records its
arguments, to show the playbook passes the file's inputs and injectors as they are (their Jinja2 templates are for
AWX to render, not for Ansible).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys

from conftest import ROOT, env_name_of_options, inject_credential, validate_credential_type

REQUIRED = ["base_url", "tenant_id", "client_id", "client_secret"]
INPUTS = {
    "base_url": "https://live.example.net/tenantui",
    "tenant_id": "11111111-2222-4333-8444-555555555555",
    "client_id": "9f3c2b1a-7d6e-4f5a-8b9c-0d1e2f3a4b5c",
    "client_secret": "not-a-real-secret",
}


def test_awx_accepts_the_credential_type(credential_type):
    assert validate_credential_type(credential_type) == []
    assert credential_type["kind"] == "cloud"
    assert credential_type["inputs"]["required"] == REQUIRED
    fields = dict((field["id"], field) for field in credential_type["inputs"]["fields"])
    assert [name for name, field in fields.items() if field.get("secret")] == ["client_secret", "proxy"]
    assert fields["skip_certificate_validation"]["type"] == "boolean"


def test_the_validation_catches_what_awx_refuses(credential_type):
    """The checks are real: a blocklisted or ANSIBLE_ variable, an unknown field, a secret boolean fail."""
    bad = json.loads(json.dumps(credential_type))
    bad["injectors"]["env"]["ANSIBLE_CONFIG"] = "x"
    bad["injectors"]["env"]["LIVE_PLATFORM_TIMEOUT"] = "{{ timeout }}"
    bad["inputs"]["fields"][-2]["secret"] = True
    problems = " / ".join(validate_credential_type(bad))
    assert "ANSIBLE_CONFIG" in problems
    assert "'timeout' is undefined" in problems
    assert "secret not allowed for boolean type" in problems


def test_every_injected_variable_is_a_connection_option(credential_type):
    """Each LIVE_PLATFORM_* it injects is one the modules read (plugins/module_utils/options.py)."""
    option_env = env_name_of_options()
    injected = set(credential_type["injectors"]["env"])
    assert injected == set(option_env[name] for name in (
        "base_url", "tenant_id", "client_id", "client_secret", "auth_url", "validate_certs", "ca_path", "proxy"))


def test_required_inputs_only(credential_type, tmp_path):
    """Optional inputs left empty: the Entra default authority, certificates validated, no CA file, no proxy."""
    env, safe_env = inject_credential(credential_type, INPUTS, str(tmp_path))
    assert env == {
        "LIVE_PLATFORM_BASE_URL": INPUTS["base_url"],
        "LIVE_PLATFORM_TENANT_ID": INPUTS["tenant_id"],
        "LIVE_PLATFORM_CLIENT_ID": INPUTS["client_id"],
        "LIVE_PLATFORM_CLIENT_SECRET": INPUTS["client_secret"],
        "LIVE_PLATFORM_AUTH_URL": "https://login.microsoftonline.com",
        "LIVE_PLATFORM_VALIDATE_CERTS": "true",
        "LIVE_PLATFORM_CA_PATH": "",
        "LIVE_PLATFORM_PROXY": "",
    }
    assert safe_env["LIVE_PLATFORM_CLIENT_SECRET"] == "*" * 10
    assert INPUTS["client_secret"] not in json.dumps(safe_env)


def test_empty_strings_are_not_given(credential_type, tmp_path):
    """What the AWX UI sends for untouched optional fields."""
    inputs = dict(INPUTS, auth_url="", ca_bundle="", proxy="", skip_certificate_validation=False)
    env, _safe_env = inject_credential(credential_type, inputs, str(tmp_path))
    assert env["LIVE_PLATFORM_AUTH_URL"] == "https://login.microsoftonline.com"
    assert env["LIVE_PLATFORM_CA_PATH"] == ""
    assert env["LIVE_PLATFORM_PROXY"] == ""  # the modules and the inventory plugin take it as not set
    assert env["LIVE_PLATFORM_VALIDATE_CERTS"] == "true"


def test_all_inputs(credential_type, tmp_path):
    pem = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n"
    proxy = "http://svc-ansible:Pr0xy-Pa55@proxy.example.net:3128"
    inputs = dict(INPUTS, auth_url="https://login.microsoftonline.us", skip_certificate_validation=True,
                  ca_bundle=pem, proxy=proxy)
    env, safe_env = inject_credential(credential_type, inputs, str(tmp_path))
    assert env["LIVE_PLATFORM_AUTH_URL"] == "https://login.microsoftonline.us"
    assert env["LIVE_PLATFORM_PROXY"] == proxy
    assert safe_env["LIVE_PLATFORM_PROXY"] == "*" * 10 and "Pr0xy-Pa55" not in json.dumps(safe_env)
    assert env["LIVE_PLATFORM_VALIDATE_CERTS"] == "false"
    ca_path = env["LIVE_PLATFORM_CA_PATH"]
    assert os.path.dirname(ca_path) == str(tmp_path / "env")
    with open(ca_path) as handle:
        assert handle.read() == pem


def test_the_modules_read_the_injected_environment(credential_type, tmp_path):
    """The injected strings convert to the option types the modules declare (bool, path)."""
    from ansible.module_utils.common.validation import check_type_bool, check_type_path

    for skip, expected in ((False, True), (True, False)):
        env, _safe_env = inject_credential(credential_type, dict(INPUTS, skip_certificate_validation=skip),
                                           str(tmp_path))
        assert check_type_bool(env["LIVE_PLATFORM_VALIDATE_CERTS"]) is expected
        assert check_type_path(env["LIVE_PLATFORM_CA_PATH"]) == ""


STUB_MODULE = '''#!/usr/bin/python
import json, os
from ansible.module_utils.basic import AnsibleModule
module = AnsibleModule(argument_spec=dict(name=dict(), description=dict(), kind=dict(), inputs=dict(type="dict"),
                                          injectors=dict(type="dict"), state=dict()))
with open(os.environ["STUB_RECORD"], "w") as handle:
    json.dump(module.params, handle)
module.exit_json(changed=True)
'''


def test_load_playbook_passes_the_file_unrendered(credential_type, tmp_path):
    collections = tmp_path / "collections" / "ansible_collections" / "awx" / "awx"
    (collections / "plugins" / "modules").mkdir(parents=True)
    (collections / "plugins" / "modules" / "credential_type.py").write_text(STUB_MODULE)
    (collections / "galaxy.yml").write_text("namespace: awx\nname: awx\nversion: 0.0.0\n")
    record = tmp_path / "record.json"
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(tmp_path / "collections"), STUB_RECORD=str(record),
               ANSIBLE_NOCOLOR="1")
    playbook = os.path.join(ROOT, "extensions", "awx", "load_credential_type.yml")
    result = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), playbook,
                             "-e", "ansible_python_interpreter=%s" % sys.executable],
                            env=env, cwd=str(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
    assert result.returncode == 0, result.stdout.decode()
    with open(str(record)) as handle:
        params = json.load(handle)
    expected = dict((key, credential_type[key]) for key in ("name", "description", "kind", "inputs", "injectors"))
    expected["state"] = "present"
    assert params == expected
