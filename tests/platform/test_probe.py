# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The first-day probe against the simulator, for every value of every platform variant switch: never a write, and
findings that match the variant. Then the probe playbook once with -vvv: exit 0, both reports, no secret anywhere.

Run with ``.venv/bin/python -m pytest tests/platform/test_probe.py``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import importlib
import json
import os

import pytest

from helpers.playbooks import Runner, seed_services

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# Every switch with its values, the first being the default (simulator/live_platform_simulator/variants.py).
VARIANTS = (
    ("create_answer", ("full", "echo", "task", "job", "text")),
    ("states", ("canonical", "upper", "lower", "error", "integer", "missing")),
    ("list_wrapper", ("none", "items", "value", "data")),
    ("paging", ("honoured", "ignored")),
    ("sbc_catalogue", ("present", "absent")),
    ("template_variables", ("list", "string", "objects", "absent")),
    ("uniqueness", ("tenant", "global")),
    ("single_read_state", ("top_level", "sites_only")),
)
DEFAULTS = dict((name, values[0]) for name, values in VARIANTS)
CASES = [(name, value) for name, values in VARIANTS for value in values]
# How a Deployed service's state is spelt under each ``states`` value, and what the collection reads it as.
DEPLOYED_AS = dict(canonical="Deployed", upper="DEPLOYED", lower="deployed", error="Deployed", integer=3)
LISTS = ("services_v2", "services_v3", "script_templates", "sbc_catalogue", "channels")
SEEDED = ["ProbeAlpha", "ProbeBravo"]
VARIABLES_AS = dict(list="list of names", string="comma-separated text", objects="list of objects", absent="absent")


@pytest.fixture
def probe_module(collection):
    return importlib.import_module(collection.__name__ + ".probe")


def api_requests(sim):
    entries = sim.admin("GET", "requests")
    entries = entries.get("requests", entries) if isinstance(entries, dict) else entries
    return [entry for entry in entries if entry["path"].startswith("/tenantui/")]


def write_calls(sim):
    return [(e["method"], e["path"]) for e in api_requests(sim) if e["method"] in WRITE_METHODS]


def prepare(sim, **variants):
    """Services to read, then the variants, then an empty request log: what follows is the probe's alone."""
    seed_services(sim, SEEDED)
    sim.admin("PATCH", "variants", dict(DEFAULTS, **variants))
    current = sim.admin("GET", "variants")
    assert dict((name, current.get(name)) for name in DEFAULTS) == dict(DEFAULTS, **variants)
    sim.admin("DELETE", "requests")


def by_name(result):
    return dict((entry["name"], entry) for entry in result["endpoints"])


def findings(result):
    return dict((f["topic"], f) for f in result["findings"])


@pytest.mark.parametrize("switch, value", CASES, ids=["{0}={1}".format(*case) for case in CASES])
def test_probe_reads_only_and_reports_the_variant(platform, make_client, probe_module, switch, value):
    prepare(platform, **{switch: value})
    result = probe_module.probe_platform(make_client(), {})
    variant = dict(DEFAULTS, **{switch: value})

    assert write_calls(platform) == []
    assert set(e["method"] for e in api_requests(platform)) == {"GET"}
    json.dumps(result)
    entries, found = by_name(result), findings(result)
    assert result["blocked"] is False, result["findings"]
    assert found["token"]["status"] == "ok" and found["services"]["status"] == "ok"

    # list shapes
    wrapper = variant["list_wrapper"]
    shape = "list" if wrapper == "none" else "list wrapped in " + wrapper
    for name in LISTS:
        if entries[name]["reachable"]:
            assert entries[name]["shape"] == shape, entries[name]
    assert entries["services_v3"]["count"] == len(SEEDED)
    assert entries["services_v2"]["key_casing"] == "PascalCase"

    # identity: as the V3 list carries MsTenantId (this simulator always gives it)
    assert entries["services_v3"]["facts"]["with_ms_tenant_id"] == len(SEEDED)
    assert "identified by short name and tenant" in found["identity"]["message"]

    # deployment states
    states = variant["states"]
    if states == "missing":
        assert entries["service_v3"]["facts"]["state_location"] == ["missing"]
        assert entries["service_v2"]["facts"]["state_location"] == ["missing"]
        assert found["deployment_states"]["status"] == "warning"
        assert "cannot wait for deployments" in found["deployment_states"]["message"]
    else:
        seen = dict((s["raw"], s["reads_as"]) for s in entries["service_v2"]["facts"]["states"])
        assert seen == {DEPLOYED_AS[states]: "Deployed"}, seen
        assert found["deployment_states"]["status"] == "ok"
        assert "deployments can be waited for" in found["deployment_states"]["message"]
        where = entries["service_v3"]["facts"]["state_location"]
        if variant["single_read_state"] == "top_level":
            assert where == ["top-level deploymentState", "per-site sbcDeploymentState"]
        else:
            assert where == ["per-site sbcDeploymentState"]

    # paging of the script templates
    paging = entries["script_templates_page_0"]["facts"]["paging"]
    assert paging == variant["paging"]
    assert found["paging"]["status"] == ("ok" if paging == "honoured" else "warning")
    if paging == "ignored":
        assert "ignores pageNumber and pageSize" in found["paging"]["message"]

    # customer variables
    formats = entries["script_templates"]["facts"]["customer_variables"]
    assert formats == [VARIABLES_AS[variant["template_variables"]]]
    if variant["template_variables"] == "absent":
        assert found["script_templates"]["status"] == "warning"
        assert "give custom_variables as CustomVar.Variable<N>" in found["script_templates"]["message"]
    else:
        assert found["script_templates"]["status"] == "ok"
        assert "script and variable names work" in found["script_templates"]["message"]

    # the SBC catalogue
    if variant["sbc_catalogue"] == "absent":
        assert entries["sbc_catalogue"]["reachable"] is False
        assert entries["sbc_catalogue"]["status"] in (404, 405, 501)
        assert found["sbc_catalogue"]["status"] == "warning"
        assert found["sbc_catalogue"]["message"].startswith("use sbc_id (SBC names cannot be resolved)")
    else:
        assert found["sbc_catalogue"]["status"] == "ok"
        assert "SBC names work" in found["sbc_catalogue"]["message"]

    text = json.dumps(result)
    assert platform.client_secret not in text
    assert not [token for token in platform.admin("GET", "tokens")["tokens"] if token in text]


def test_probe_of_an_empty_platform(platform, make_client, probe_module):
    platform.admin("DELETE", "requests")
    result = probe_module.probe_platform(make_client(), {})
    assert write_calls(platform) == []
    assert "service_v3" not in by_name(result)
    assert "no service is listed yet" in findings(result)["deployment_states"]["message"]
    assert result["blocked"] is False


def test_probe_with_a_wrong_secret_is_blocked(platform, make_client, probe_module):
    platform.admin("DELETE", "requests")
    result = probe_module.probe_platform(make_client(client_secret="not-the-secret"), {})
    assert api_requests(platform) == []
    assert findings(result)["token"]["status"] == "blocked" and result["blocked"] is True
    assert "not-the-secret" not in json.dumps(result)


def _run_playbook(platform, collections_path, tmp_path, *args, **env):
    runner = Runner(platform, collections_path, tmp_path)
    report_dir = str(tmp_path / "probe-reports")
    status, output, _dir, _seconds = runner.run("probe.yml", "localhost,", "-vvv",
                                                env=dict({"LIVE_PLATFORM_REPORT_DIR": report_dir}, **env))
    return status, output, report_dir


def _reports(report_dir):
    texts = {}
    for name in ("probe-report.json", "probe-report.md"):
        with open(os.path.join(report_dir, name)) as handle:
            texts[name] = handle.read()
    return texts


def test_the_probe_playbook_writes_both_reports_and_shows_no_secret(platform, collections_path, tmp_path):
    prepare(platform)
    status, output, report_dir = _run_playbook(platform, collections_path, tmp_path)
    assert status == 0, output[-5000:]
    texts = _reports(report_dir)
    report = json.loads(texts["probe-report.json"])
    assert set(report) >= {"base_url", "summary", "findings", "endpoints"}
    assert report["blocked"] is False and report["base_url"] == platform.base_url
    assert "| topic | status | what it means |" in texts["probe-report.md"]
    assert "OK sbc_catalogue: SBC names work" in output
    assert write_calls(platform) == []
    assert api_requests(platform), "the playbook made no read"
    tokens = platform.admin("GET", "tokens")["tokens"]
    assert tokens, "no token was issued"
    for text in [output] + list(texts.values()):
        assert platform.client_secret not in text
        assert not [token for token in tokens if token in text]


def test_the_probe_playbook_fails_after_writing_the_report_when_blocked(platform, collections_path, tmp_path):
    platform.admin("DELETE", "requests")
    status, output, report_dir = _run_playbook(platform, collections_path, tmp_path,
                                               LIVE_PLATFORM_CLIENT_SECRET="wrong-secret-of-the-test")
    assert status == 2, output[-5000:]
    assert "Blocked: no token" in output
    report = json.loads(_reports(report_dir)["probe-report.json"])
    assert report["blocked"] is True
    assert api_requests(platform) == []
    assert "wrong-secret-of-the-test" not in output
