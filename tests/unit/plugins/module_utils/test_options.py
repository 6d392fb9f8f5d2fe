# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The option tables and everything generated from them.

The generated files (doc fragments) and generated parts of files (between the BEGIN and END lines of
options.GENERATED_PARTS) are compared here by content, in ansible-test's copy of the collection, where hack/ is not;
`hack/docs.sh --check` (tests/docs) compares their text with hack/generate-doc-fragment.py --check.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ast
import importlib
import os
import sys

import pytest
import yaml

from ansible_collections.audiocodes.live_platform.plugins.doc_fragments import connection as connection_fragment
from ansible_collections.audiocodes.live_platform.plugins.doc_fragments import service as service_fragment
from ansible_collections.audiocodes.live_platform.plugins.doc_fragments import site as site_fragment
from ansible_collections.audiocodes.live_platform.plugins.module_utils import options, runner
from ansible_collections.audiocodes.live_platform.plugins.module_utils.options import (
    CONNECTION_OPTIONS, SERVICE_OPTIONS, connection_argument_spec, connection_doc_fragment,
)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
MODULE_UTILS = "ansible_collections.audiocodes.live_platform.plugins.module_utils"
MODULES = "ansible_collections.audiocodes.live_platform.plugins.modules"
ROLE_SPEC = "roles/onboarding/meta/argument_specs.yml"
PER_CUSTOMER = "roles/onboarding/tasks/per_customer.yml"
INVENTORY = "plugins/inventory/services.py"
ENTRY_KEYS = frozenset(("name", "type", "elements", "required", "choices", "default", "no_log", "description", "fleet_description",
                        "role", "text", "max_length", "key_max_length", "body", "script_parameter", "connection",
                        "where"))


def _read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as handle:
        return handle.read()


def _part(path, name):
    """The lines of a generated part of a file, unindented."""
    lines = _read(path).split("\n")
    stripped = [line.strip() for line in lines]
    start = stripped.index(options.GENERATED_BEGIN.format(name))
    end = stripped.index(options.GENERATED_END.format(name), start)
    return [line.strip() for line in lines[start + 1:end]]


def _assigned(path, name):
    """The expression a plugin file assigns to a name (read, not imported: these tests run with module_utils only)."""
    for node in ast.parse(_read(path)).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return node.value
    raise AssertionError("{0} assigns no {1}".format(path, name))


def _documentation(path):
    return ast.literal_eval(_assigned(path, "DOCUMENTATION"))


def stale_artefacts():
    """The generated artefacts whose content differs from what the tables generate (empty: all up to date)."""
    stale = []
    if yaml.safe_load(connection_fragment.ModuleDocFragment.DOCUMENTATION) != options.connection_doc_fragment():
        stale.append("plugins/doc_fragments/connection.py")
    if yaml.safe_load(service_fragment.ModuleDocFragment.DOCUMENTATION) != options.service_doc_fragment():
        stale.append("plugins/doc_fragments/service.py DOCUMENTATION")
    if yaml.safe_load(service_fragment.ModuleDocFragment.FLEET) != options.batch_doc_fragment():
        stale.append("plugins/doc_fragments/service.py FLEET")
    if yaml.safe_load(site_fragment.ModuleDocFragment.DOCUMENTATION) != options.site_doc_fragment():
        stale.append("plugins/doc_fragments/site.py DOCUMENTATION")
    if yaml.safe_load(site_fragment.ModuleDocFragment.DIAL_PLAN) != options.dial_plan_doc_fragment():
        stale.append("plugins/doc_fragments/site.py DIAL_PLAN")
    role = yaml.safe_load(_read(ROLE_SPEC))["argument_specs"]["main"]["options"]
    profile = role["live_platform_sbc_profile"]["options"]
    if list(profile.items()) != list(options.role_options("profile").items()):
        stale.append(ROLE_SPEC + " profile keys")
    customer = dict((k, v) for k, v in role["live_platform_customer"]["options"].items() if k != "overrides")
    if list(customer.items()) != list(options.role_options("customer").items()):
        stale.append(ROLE_SPEC + " customer keys")
    if _part(PER_CUSTOMER, "service options") != options.per_customer_lines():
        stale.append(PER_CUSTOMER + " service options")
    for module, key in (("hosted_essentials_service", "service"), ("hosted_essentials_service_info", "services")):
        path = "plugins/modules/{0}.py".format(module)
        returned = yaml.safe_load(ast.literal_eval(_assigned(path, "RETURN")))[key]["contains"]
        returned.pop("license_info", None)  # the info module's own addition, after the generated part
        if returned != options.service_record_return():
            stale.append(path + " service record")
    for module, key in (("sip_connection", "site"), ("sip_connection_info", "sip_connections")):
        path = "plugins/modules/{0}.py".format(module)
        returned = yaml.safe_load(ast.literal_eval(_assigned(path, "RETURN")))[key]["contains"]
        if returned != options.site_record_return():
            stale.append(path + " site record")
    documented = yaml.safe_load(_documentation(INVENTORY))["options"]
    connection = [(name, documented.get(name)) for name in options.inventory_connection_options()]
    if connection != list(options.inventory_connection_options().items()):
        stale.append(INVENTORY + " connection options")
    return stale


def module_spec(monkeypatch, name):
    """The argument spec a module's main() builds."""
    return module_arguments(monkeypatch, name)["argument_spec"]


def module_arguments(monkeypatch, name):
    """The keyword arguments a module's main() builds its AnsibleModule with."""
    module = importlib.import_module("{0}.{1}".format(MODULES, name))
    captured = {}

    class Built(Exception):
        pass

    def fake_module(**kwargs):
        captured.update(kwargs)
        raise Built()

    monkeypatch.setattr(module, "AnsibleModule", fake_module)
    with pytest.raises(Built):
        module.main()
    return captured


# --- connection options -----------------------------------------------------------------------------------------
def test_spec_and_doc_fragment_come_from_one_table():
    spec = connection_argument_spec()
    documented = yaml.safe_load(connection_fragment.ModuleDocFragment.DOCUMENTATION)["options"]
    assert set(spec) == set(documented) == set(o["name"] for o in CONNECTION_OPTIONS)
    for name, entry in spec.items():
        assert entry["type"] == documented[name]["type"]
        assert entry.get("default") == documented[name].get("default")
        env = entry["fallback"][1][0]
        assert env.startswith("LIVE_PLATFORM_")
        assert "E({0})".format(env) in " ".join(documented[name]["description"])


def test_secrets_are_no_log_and_certificates_checked_by_default():
    spec = connection_argument_spec()
    assert spec["client_secret"]["no_log"] and spec["access_token"]["no_log"]
    assert spec["validate_certs"]["default"] is True
    assert not any(o["env"].startswith("ANSIBLE_") for o in CONNECTION_OPTIONS)


def test_the_generated_fragment_is_up_to_date():
    # hack/generate-doc-fragment.py (make docs) writes it; run it after changing CONNECTION_OPTIONS.
    assert yaml.safe_load(connection_fragment.ModuleDocFragment.DOCUMENTATION) == connection_doc_fragment()


def test_the_inventory_plugin_documents_the_connection_options_of_the_table():
    documented = yaml.safe_load(_documentation(INVENTORY))["options"]
    for opt in CONNECTION_OPTIONS:
        assert documented[opt["name"]]["description"][:len(opt["description"])] == opt["description"]
        assert documented[opt["name"]]["env"] == [dict(name=opt["env"])]
    # The inventory's own keys stay: the plugin line and its grouping options.
    assert {"plugin", "default_groups", "sbc_group_by"} <= set(documented)


# --- service options: the table -----------------------------------------------------------------------------------
def test_every_entry_says_what_each_of_its_places_needs():
    names = [opt["name"] for opt in SERVICE_OPTIONS]
    assert len(names) == len(set(names))
    for opt in SERVICE_OPTIONS:
        assert set(opt) <= ENTRY_KEYS, opt["name"]
        assert opt["where"] and set(opt["where"]) <= set(options.PLACES), opt["name"]
        assert (options.MODULE in opt["where"]) == ("description" in opt), opt["name"]
        assert (options.FLEET in opt["where"]) == ("fleet_description" in opt), opt["name"]
        places = [p for p in (options.PROFILE, options.CUSTOMER) if p in opt["where"]]
        assert bool(places) == ("role" in opt), opt["name"]
        if isinstance(opt.get("role"), dict):
            assert sorted(opt["role"]) == sorted(places), opt["name"]
        if opt.get("text"):
            # raw, so that a YAML number or boolean reaches the text rule instead of being converted (a connection
            # option is typed by the connection table; the controller checks its raw inventory value)
            assert opt["type"] == "raw" or opt.get("connection"), opt["name"]
            # every text has a bound: the documented one, else a sane one
            assert isinstance(opt.get("max_length"), int) and opt["max_length"] > 0, opt["name"]
        elif "max_length" in opt:
            # a mapping bounds each of its names and values
            assert opt["type"] == "dict" and opt["key_max_length"] > 0, opt["name"]
        assert not ("body" in opt and "script_parameter" in opt), opt["name"]


def test_a_service_option_taken_as_a_connection_option_is_one():
    connection = dict((opt["name"], opt) for opt in CONNECTION_OPTIONS)
    for opt in SERVICE_OPTIONS:
        if opt.get("connection"):
            assert opt["name"] in connection and opt["type"] == connection[opt["name"]]["type"]
            assert options.MODULE not in opt["where"] and options.FLEET not in opt["where"]
        else:
            assert opt["name"] not in connection


def test_an_item_or_inventory_key_is_an_option_of_the_service_module():
    module_options = set(options.service_argument_spec()) | set(connection_argument_spec())
    assert options.item_options() <= module_options
    assert set(options.inventory_keys("overrides")) <= options.item_options()
    assert set(options.batch_argument_spec()) <= set(options.service_argument_spec())


def test_the_batch_inherits_the_batch_wide_options():
    from ansible_collections.audiocodes.live_platform.plugins.module_utils import batch
    assert tuple(batch.SHARED_OPTIONS) == tuple(options.batch_argument_spec())


# --- service options: what is generated -------------------------------------------------------------------------
def test_the_modules_build_their_specs_from_the_tables(monkeypatch):
    spec = module_spec(monkeypatch, "hosted_essentials_service")
    assert set(spec) == set(connection_argument_spec()) | set(options.service_argument_spec())
    for name, entry in options.service_argument_spec().items():
        assert spec[name] == entry, name
    assert spec["carrier_user_password"]["no_log"] and spec["short_name"]["required"]
    fleet = module_spec(monkeypatch, "hosted_essentials_fleet")
    own = {"services", "services_var", "concurrency"}
    assert set(fleet) == set(connection_argument_spec()) | set(options.batch_argument_spec()) | own
    for name, entry in options.batch_argument_spec().items():
        assert fleet[name] == entry == spec[name], name


def test_the_module_values_are_computed_from_the_table():
    from ansible_collections.audiocodes.live_platform.plugins.module_utils import batch, service, validation
    assert validation.TEXT_OPTIONS == options.text_options()
    assert validation.MAX_LENGTHS == options.max_lengths()
    # the documented limits
    documented = dict(short_name=15, full_name=200, carrier_user_name=60, carrier_user_password=50)
    assert dict((name, validation.MAX_LENGTHS[name]) for name in documented) == documented
    assert set(validation.MAX_LENGTHS) == set(validation.TEXT_OPTIONS)
    assert validation.MAPPING_LIMITS == options.mapping_limits() == dict(custom_variables=(256, 1024),
                                                                         extra_script_parameters=(256, 1024))
    assert service.SCRIPT_PARAMETERS == options.script_parameters()
    assert ("carrier_main_line", "CarrierMainLine") in service.SCRIPT_PARAMETERS
    assert batch.ITEM_OPTIONS == options.item_options()


def test_the_create_request_uses_the_api_keys_of_the_table():
    from ansible_collections.audiocodes.live_platform.plugins.module_utils.service import compose_body
    values = dict(short_name="SaraTest1", full_name="Sara", ms_tenant_id="4bf50a33-a383-4d3f-9403-220c898bc1b2",
                  channel_id="7", lc_customer_id="12", ovoc_customer_type="TENANT_TYPE",
                  extra_script_parameters=dict(additionalProp1="x"))
    for name, key in options.script_parameters():
        values[name] = "value of " + name
    refs = dict(sbc=dict(id=5), onboarding=dict(id=10007), cleanup=dict(id=10700),
                custom_variables={"CustomVar.Variable1": "10.0.0.1"})
    body = compose_body(values, refs)
    for opt in SERVICE_OPTIONS:
        if "body" in opt:
            node = body
            for part in opt["body"].split("."):
                node = node[part]  # KeyError: the request has no such key
        if "script_parameter" in opt:
            assert body["scriptParameters"][opt["script_parameter"]] == "value of " + opt["name"]
    assert body["scriptParameters"]["additionalProp1"] == "x"


def test_every_generated_artefact_is_up_to_date():
    # hack/generate-doc-fragment.py (make docs) writes them; run it after changing a table.
    assert stale_artefacts() == []
    for path, names in options.GENERATED_PARTS.items():
        for name in names:
            assert _part(path, name), (path, name)


def test_the_returned_fields_are_those_of_a_site_record():
    from ansible_collections.audiocodes.live_platform.plugins.module_utils.site_api import public_site, site_detail_record
    assert sorted(public_site(site_detail_record({}))) == sorted(field["name"] for field in options.SITE_RECORD_FIELDS)


def test_the_returned_fields_are_those_of_a_service_record():
    from ansible_collections.audiocodes.live_platform.plugins.module_utils.records import service_record
    assert sorted(service_record({})) == sorted(field["name"] for field in options.SERVICE_RECORD_FIELDS)


def test_the_role_passes_every_composed_key_to_the_module():
    tasks = yaml.safe_load(_read(PER_CUSTOMER))
    call = next(t for t in tasks if "audiocodes.live_platform.hosted_essentials_service" in t)
    args = call["audiocodes.live_platform.hosted_essentials_service"]
    assert set(options.inventory_keys("overrides")) <= set(args)
    assert set(args) <= set(options.service_argument_spec()) | set(connection_argument_spec())


# --- adding a service option: one edit -----------------------------------------------------------------------------
MADE_UP = dict(
    name="carrier_backup_line", type="raw", text=True, max_length=30, script_parameter="CarrierBackupLine",
    where=(options.MODULE, options.ITEM, options.PROFILE, options.CUSTOMER),
    description="A made-up option: the carrier's backup line.",
    role=dict(profile="The backup line of the SBC's customers.", customer="The customer's backup line."),
)


def _fresh(monkeypatch, *names):
    """The module_utils modules imported anew (against the patched table); the originals come back at teardown."""
    package = importlib.import_module(MODULE_UTILS)
    for name in names:
        full = "{0}.{1}".format(MODULE_UTILS, name)
        importlib.import_module(full)
        monkeypatch.setattr(package, name, sys.modules[full])
        monkeypatch.delitem(sys.modules, full)
    return [importlib.import_module("{0}.{1}".format(MODULE_UTILS, name)) for name in names]


def test_adding_a_service_option_is_one_entry_in_the_table(monkeypatch):
    name = MADE_UP["name"]
    monkeypatch.setattr(options, "SERVICE_OPTIONS", SERVICE_OPTIONS + [MADE_UP])
    # the argument spec of the module, and its docs
    assert module_spec(monkeypatch, "hosted_essentials_service")[name] == dict(type="raw")
    assert options.service_doc_fragment()["options"][name] == dict(description=MADE_UP["description"], type="raw")
    # the input rules, the create request and the batch items, as the modules compute them at import
    validation, service, batch = _fresh(monkeypatch, "validation", "service", "batch")
    assert name in validation.TEXT_OPTIONS and validation.MAX_LENGTHS[name] == 30
    problems = dict(validation.service_input_problems({"short_name": "SaraTest1", "state": "absent", name: 1234}))
    assert problems[name].startswith("must be a string (quote it in YAML), got the number 1234")
    problems = dict(validation.service_input_problems({"short_name": "SaraTest1", "state": "absent", name: "9" * 31}))
    assert problems[name] == "must be at most 30 characters, got 31"
    assert (name, "CarrierBackupLine") in service.SCRIPT_PARAMETERS
    refs = dict(sbc=dict(id=5), onboarding=dict(id=1), cleanup=dict(id=2), custom_variables={})
    body = service.compose_body(dict(short_name="SaraTest1", ms_tenant_id="t", **{name: "+4420"}), refs)
    assert body["scriptParameters"]["CarrierBackupLine"] == "+4420"
    assert name in batch.ITEM_OPTIONS
    assert batch._item_params(dict(customer="c", short_name="SaraTest1", **{name: "+4420"}), {})[name] == "+4420"
    # the fleet inventory's keys (fleet.PROFILE_KEYS and CUSTOMER_KEYS) and the onboarding role
    assert name in options.inventory_keys("profile") and name in options.inventory_keys("customer")
    assert name in options.inventory_keys("overrides")
    assert options.role_options("profile")[name] == dict(description=MADE_UP["role"]["profile"], type="raw")
    assert options.role_options("customer")[name] == dict(description=MADE_UP["role"]["customer"], type="raw")
    assert '{0}: "{{{{ onboarding_request.{0} | default(omit) }}}}"'.format(name) in options.per_customer_lines()
    # and until `make docs` runs, the generated files are stale, and named so
    assert stale_artefacts() == [
        "plugins/doc_fragments/service.py DOCUMENTATION", ROLE_SPEC + " profile keys", ROLE_SPEC + " customer keys",
        PER_CUSTOMER + " service options",
    ]


def test_a_batch_wide_option_reaches_the_fleet_module_and_its_docs(monkeypatch):
    made_up = dict(name="poll_jitter", type="float", default=0.5, where=(options.MODULE, options.FLEET),
                   description="Made up.", fleet_description="Made up, for the fleet.")
    monkeypatch.setattr(options, "SERVICE_OPTIONS", SERVICE_OPTIONS + [made_up])
    assert module_spec(monkeypatch, "hosted_essentials_fleet")["poll_jitter"] == dict(type="float", default=0.5)
    assert options.batch_doc_fragment()["options"]["poll_jitter"]["description"] == "Made up, for the fleet."
    assert "poll_jitter" not in options.item_options()
    assert stale_artefacts() == ["plugins/doc_fragments/service.py DOCUMENTATION",
                                 "plugins/doc_fragments/service.py FLEET"]


def test_the_secrets_of_a_fleet_item_are_its_no_log_options_values():
    assert options.secret_options() == ("carrier_user_password", "extra_script_parameters")
    item = dict(customer="c", carrier_user_password="Pw-1", full_name="not secret",
                extra_script_parameters={"additionalProp1": "Xtra-1", "Api-Token": "Tok-2"})
    assert sorted(options.item_secrets(item)) == ["Pw-1", "Tok-2", "Xtra-1"]
    # a refused item is never sent nor quoted: its values are not registered (masking "a" would garble messages)
    assert options.item_secrets(dict(item, invalid="c: extra_script_parameters.x: must be a string")) == []
    assert options.item_secrets(dict(customer="c", extra_script_parameters={"x": ["a"], "y": 7})) == []


def test_extra_script_parameters_are_no_log_in_the_module_and_the_role(monkeypatch):
    assert module_spec(monkeypatch, "hosted_essentials_service")["extra_script_parameters"]["no_log"] is True
    assert options.role_options("profile")["extra_script_parameters"]["no_log"] is True


@pytest.mark.parametrize("name, table", [("sip_connection", options.site_argument_spec),
                                         ("dial_plan", options.dial_plan_argument_spec)])
def test_the_day_two_modules_build_their_spec_from_their_table(monkeypatch, name, table):
    arguments = module_arguments(monkeypatch, name)
    assert arguments["argument_spec"] == runner.argument_spec(**table())
    assert arguments["supports_check_mode"] and ("short_name", "service_id") in arguments["required_one_of"]
