# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Secret hygiene, TLS, and the offboarding guards, end to end through the playbooks."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import glob
import json
import os


from reliability_helpers import (
    FIGURES, Runner, fleet, hosts_of, read_jsonl, read_report, tail, write_inventory,
)

TOKEN_PATH_SUFFIX = "/oauth2/v2.0/token"
CA_BUNDLE_VARIABLES = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")

DUMP_PLAYBOOK = """---
- name: Register every module's result and dump it
  hosts: localhost
  gather_facts: false
  connection: local
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
  module_defaults:
    group/audiocodes.live_platform.live_platform:
      retries: 1
  tasks:
    - name: Create one carrier customer
      audiocodes.live_platform.hosted_essentials_service:
        short_name: dumpcust1
        full_name: Dump Customer
        sbc: SBC-LON-03
        onboarding_script: sbc-carrier-registration
        ms_tenant_id: 7c9e6679-7425-40de-944b-000000000901
        cac_profile: 5 sessions
        proxy_set: Carrier-LON
        carrier_user_name: dump-trunk
        carrier_user_password: "{{ dump_password }}"
        custom_variables: {Carrier-Region: UK-South, Carrier-Trunk-Group: TG-LON-01}
        poll_interval: 0.2
      register: dump_create
    - name: Create it again with a refused request (echoed error body)
      audiocodes.live_platform.hosted_essentials_service:
        short_name: dumpcust2
        sbc: SBC-LON-03
        onboarding_script: sbc-carrier-registration
        ms_tenant_id: 7c9e6679-7425-40de-944b-000000000902
        carrier_user_password: "{{ dump_password }}"
        custom_variables: {Carrier-Region: UK-South, Carrier-Trunk-Group: TG-LON-01}
      register: dump_refused
      ignore_errors: true
    - name: Read every service
      audiocodes.live_platform.hosted_essentials_service_info:
      register: dump_info
    - name: Read the catalogues
      audiocodes.live_platform.sbc_info:
      register: dump_sbcs
    - name: Dump the registered results
      ansible.builtin.copy:
        content: "{{ {'create': dump_create, 'refused': dump_refused, 'info': dump_info, 'sbcs': dump_sbcs} | to_nice_json }}"
        dest: "{{ dump_file }}"
        mode: "0600"
    - name: Show them
      ansible.builtin.debug:
        var: dump_create
"""


def test_secret_hygiene(live_platform_simulator_factory, collections_path, tmp_path):
    """No client secret, access token or carrier password in any output, report, log or registered variable, with
    -vvvv, --diff, check mode, failing calls whose error bodies echo the request, and passwords read in clear
    (keyed fields: scriptParameters / customerVariables, as GET /api/v2/sitelocation documents them)."""
    log_file = str(tmp_path / "requests.jsonl")
    sim = live_platform_simulator_factory("--deployment-time", "0.2", "--deletion-time", "0.2",
                                          "--request-log-file", log_file)
    sim.admin("PATCH", "faults", {"echo_request": True, "clear_text_secrets": True})
    runner = Runner(sim, collections_path, tmp_path, forks=5)
    groups, passwords = fleet(9, prefix="hyg", password_prefix="Hyg")
    inventory = write_inventory(tmp_path / "hosts.yml", groups)
    dump_password = "Dump-Carrier-Pw-77Zq"
    outputs, runs = [], []

    def run(playbook, *args, **kwargs):
        status, output, report_dir, _s = runner.run(playbook, kwargs.pop("inventory", inventory), *args, **kwargs)
        outputs.append(output)
        runs.append((playbook, args, status))
        return status, output, report_dir

    token_route = "/%s%s" % (sim.tenant_id, TOKEN_PATH_SUFFIX)
    # 1. plan, -vvvv --diff.
    run("plan.yml", "-vvvv", "--diff")
    # 2. onboard with failing calls: the token endpoint fails 6 times (retries exhausted: one customer's auth fails
    #    with an echoed form holding the client secret), creates answer 500 then 400 (echoed bodies with the
    #    carrier passwords).
    sim.admin("PATCH", "faults", {"script": [
        {"match": {"method": "POST", "path": token_route}, "action": "status", "status": 500, "times": 6},
        {"match": {"method": "POST", "path": "/tenantui/api/v2/customer"}, "action": "status", "status": 500,
         "times": 3},
        {"match": {"method": "POST", "path": "/tenantui/api/v2/customer"}, "action": "status", "status": 400,
         "times": 2}]})
    status, output, _r = run("onboard.yml", "-vvvv", "--diff")
    assert status == 2, tail(output)
    # 3. onboard again (completes), -vvvv --diff; then check mode.
    run("onboard.yml", "-vvvv", "--diff")
    run("onboard.yml", "-vvvv", "--diff", "--check")
    # 4. the register-and-dump playbook (create, refused create with echo, info reads).
    dump_file = str(tmp_path / "dump.json")
    playbook = str(tmp_path / "dump.yml")
    with open(playbook, "w") as handle:
        handle.write(DUMP_PLAYBOOK)
    sim.admin("PATCH", "faults", {"script": [  # the first create goes through, the second is refused (400, echoed)
        {"match": {"method": "POST", "path": "/tenantui/api/v2/customer"}, "action": "delay", "seconds": 0},
        {"match": {"method": "POST", "path": "/tenantui/api/v2/customer"}, "action": "status", "status": 400}]})
    # The password comes from a vars file, as from a vault: -vvvv echoes command-line extra vars verbatim.
    vars_file = str(tmp_path / "dump-vars.json")
    with open(vars_file, "w") as handle:
        json.dump(dict(dump_password=dump_password, dump_file=dump_file), handle)
    run(playbook, "-vvvv", "--diff", "-e", "@" + vars_file, inventory="localhost,")
    # 5. offboard: refused (no confirmation), check mode, then confirmed with failing deletes.
    run("offboard.yml", "-vvvv", "--diff")
    run("offboard.yml", "-vvvv", "--diff", "--check", "-e", "offboarding_max_deletions=20")
    sim.admin("PATCH", "faults", {"script": [
        {"match": {"method": "DELETE", "path": "/tenantui/api/v2/customer/*"}, "action": "status", "status": 500,
         "times": 8}]})
    run("offboard.yml", "-vvvv", "--diff", "-e", "offboarding_confirm=true", "-e", "offboarding_max_deletions=20")

    tokens = sim.admin("GET", "tokens")["tokens"]
    secrets = dict([("client secret", sim.client_secret), ("dump carrier password", dump_password)]
                   + [("carrier password of %s" % host, pw) for host, pw in passwords.items()]
                   + [("access token %d" % n, token) for n, token in enumerate(tokens)])
    places = dict(("run %d %s" % (n, runs[n][0]), out) for n, out in enumerate(outputs))
    files = [dump_file, log_file, str(sim.stdout_path), str(sim.stderr_path)]
    for path in glob.glob(str(tmp_path / "reports-*" / "*")) + files:
        with open(path, encoding="utf-8", errors="replace") as handle:
            places[os.path.relpath(path, str(tmp_path))] = handle.read()
    places["admin request log"] = json.dumps(sim.admin("GET", "requests"))
    places["admin services"] = json.dumps(sim.admin("GET", "services"))
    leaks = sorted((what, where) for what, secret in secrets.items() for where, text in places.items()
                   if secret in text)

    # The run really met the cases it claims to cover.
    assert len(tokens) > 5
    log = read_jsonl(log_file)
    echoed = sum(1 for e in log if (e["status"] or 0) >= 400)
    assert any(e["path"] == token_route and e["status"] == 500 for e in log)
    assert any(e["method"] == "POST" and e["status"] == 400 for e in log)
    assert any(e["method"] == "DELETE" and e["status"] == 500 for e in log)
    with open(dump_file) as handle:
        dump = json.load(handle)
    assert dump["create"]["changed"] is True and dump["refused"]["failed"] is True, dump["refused"]
    FIGURES["secret_hygiene"] = dict(
        playbook_runs=len(runs), runs=["%s %s -> %d" % (p, " ".join(a[:3]), s) for p, a, s in runs],
        secrets_checked=len(secrets), access_tokens_checked=len(tokens), places_checked=len(places),
        error_answers_echoing_the_request=echoed, leaks=len(leaks))
    assert not leaks, leaks


def test_tls(live_platform_simulator_factory, collections_path, tmp_path):
    """HTTPS with a private CA: validate_certs on and no ca_path fails with a message naming ca_path and
    LIVE_PLATFORM_CA_PATH (and nothing is created); with LIVE_PLATFORM_CA_PATH the run succeeds."""
    sim = live_platform_simulator_factory("--tls-self-signed", str(tmp_path / "tls"), "--deployment-time", "0.2")
    assert sim.url.startswith("https://")
    runner = Runner(sim, collections_path, tmp_path)
    for name in CA_BUNDLE_VARIABLES:  # see test_tls_ca_path_with_a_ca_bundle_in_the_environment
        runner.env.pop(name, None)
    groups, _passwords = fleet(3, prefix="tls")
    inventory = write_inventory(tmp_path / "hosts.yml", groups)

    status, output, report_dir, _s = runner.run("onboard.yml", inventory)
    assert status == 2, tail(output)
    failures = [line for line in output.splitlines() if line.startswith("fatal: ")]
    assert failures, tail(output)
    for line in failures:
        assert "ca_path" in line and "LIVE_PLATFORM_CA_PATH" in line and "CERTIFICATE_VERIFY_FAILED" in line, line
    assert runner.services() == []
    message = failures[0].split('"msg": "', 1)[-1].split('"', 1)[0]
    report_written = os.path.exists(os.path.join(report_dir, "onboarding-report.json"))
    if report_written:
        # The default strategy (batch) stops at a failure that is not a customer's and says why once, in stopped_by.
        report, rows = read_report(report_dir, "onboarding-report")
        assert "ca_path" in (report.get("stopped_by") or ""), report
        for row in rows.values():
            assert row["outcome"] == "not_run", row

    status, output, report_dir, _s = runner.run("onboard.yml", inventory,
                                                env={"LIVE_PLATFORM_CA_PATH": sim.ca_path})
    assert status == 0, tail(output)
    _report, rows = read_report(report_dir, "onboarding-report")
    assert set(row["outcome"] for row in rows.values()) == {"created"}
    status, output, report_dir, _s = runner.run("onboard.yml", inventory, "-e",
                                                "live_platform_ca_path=%s" % sim.ca_path)
    assert status == 0, tail(output)
    FIGURES["tls"] = dict(customers=3, without_ca_path="failed, 0 services", with_ca_path="created",
                          report_written_without_ca_path=report_written, message=message[:400])


def test_tls_ca_path_with_a_ca_bundle_in_the_environment(live_platform_simulator_factory, collections_path,
                                                         tmp_path):
    """ca_path must win over a system-wide REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE (set on many CI machines and
    execution environments, and on the machine these tests ran on)."""
    sim = live_platform_simulator_factory("--tls-self-signed", str(tmp_path / "tls"), "--deployment-time", "0.2")
    runner = Runner(sim, collections_path, tmp_path)
    groups, _passwords = fleet(1, prefix="tlsenv")
    inventory = write_inventory(tmp_path / "hosts.yml", groups)
    bundle = "/etc/ssl/certs/ca-certificates.crt"
    if not os.path.exists(bundle):
        import certifi
        bundle = certifi.where()
    status, output, _r, _s = runner.run("onboard.yml", inventory, env={
        "LIVE_PLATFORM_CA_PATH": sim.ca_path, "REQUESTS_CA_BUNDLE": bundle, "CURL_CA_BUNDLE": bundle})
    FIGURES["tls_ca_bundle_env"] = dict(status=status, ca_path_honoured=status == 0)
    assert status == 0, tail(output)


def test_offboarding_guards_delete_nothing(live_platform_simulator_factory, collections_path, tmp_path):
    """No confirmation, over the maximum, or the guard's listing failing: zero DELETE calls, every service stays."""
    sim = live_platform_simulator_factory("--deployment-time", "0.2", "--deletion-time", "0.2")
    runner = Runner(sim, collections_path, tmp_path)
    groups, _passwords = fleet(7, prefix="keep")
    hosts = hosts_of(groups)
    inventory = write_inventory(tmp_path / "hosts.yml", groups)
    status, output, _r, _s = runner.run("onboard.yml", inventory)
    assert status == 0, tail(output)
    before = dict((s["shortName"], s["id"]) for s in runner.services())
    assert sorted(before) == hosts

    def deletes(since):
        return [e for e in runner.requests(since) if e["method"] == "DELETE"]

    attempts = []
    for name, args, words in (
            ("no confirmation", (), ["offboarding_confirm"]),
            ("confirmation false", ("-e", "offboarding_confirm=false"), ["offboarding_confirm"]),
            ("over the maximum (7 > 5)", ("-e", "offboarding_confirm=true"), ["offboarding_max_deletions"]),
            ("over a lowered maximum", ("-e", "offboarding_confirm=true", "-e", "offboarding_max_deletions=0"),
             ["offboarding_max_deletions"]),
            ("check mode", ("--check", "-e", "offboarding_max_deletions=20"), []),
            ("guard listing fails", ("-e", "offboarding_confirm=true", "-e", "offboarding_max_deletions=20"),
             ["HTTP 503"])):
        if name == "guard listing fails":
            sim.admin("PATCH", "faults", {"script": [
                {"match": {"method": "GET", "path": "/tenantui/api/v3/customer"}, "action": "status",
                 "status": 503, "times": 50}]})
        since = runner.last_seq()
        status, output, _r, _s = runner.run("offboard.yml", inventory, *args)
        assert deletes(since) == [], (name, deletes(since))
        assert dict((s["shortName"], s["id"]) for s in runner.services()) == before, name
        if name == "check mode":
            assert status == 0, tail(output)
        else:
            assert status != 0, (name, tail(output))
        for word in words:
            assert word in output, (name, word, tail(output))
        attempts.append(name)
    sim.admin("PATCH", "faults", {"script": []})

    # Positive control: confirmed, within the maximum, two customers: exactly those two go.
    since = runner.last_seq()
    status, output, _r, _s = runner.run("offboard.yml", inventory, "-e", "offboarding_confirm=true",
                                        "--limit", ",".join(hosts[:2]))
    assert status == 0, tail(output)
    assert sorted(e["path"].rsplit("/", 1)[1] for e in deletes(since)) == sorted(before[h] for h in hosts[:2])
    assert sorted(s["shortName"] for s in runner.services()) == hosts[2:]
    FIGURES["offboarding_guards"] = dict(refused_attempts=len(attempts), attempts=attempts,
                                         delete_calls_when_refused=0, services_kept=len(hosts),
                                         positive_control_deleted=2)


def test_password_in_progress_text_on_offboarding(live_platform_simulator_factory, collections_path, tmp_path):
    """The platform's free-text progressDetails naming a carrier password: onboarding masks it (the module knows the
    password), offboarding (state: absent, no password given) shows it with -vvvv and in the registered result."""
    sim = live_platform_simulator_factory("--deployment-time", "0.2", "--deletion-time", "0.2")
    runner = Runner(sim, collections_path, tmp_path)
    groups, passwords = fleet(3, prefix="txt", password_prefix="Txt")
    inventory = write_inventory(tmp_path / "hosts.yml", groups)
    status, output, _r, _s = runner.run("onboard.yml", inventory)
    assert status == 0, tail(output)
    sim.admin("PATCH", "faults", {"progress_secrets": True})
    status, output, _r, _s = runner.run("onboard.yml", inventory, "-vvvv")
    onboard_leaks = [pw for pw in passwords.values() if pw in output]
    status, output, _r, _s = runner.run("offboard.yml", inventory, "-vvvv", "-e", "offboarding_confirm=true")
    assert status == 0, tail(output)
    offboard_leaks = [pw for pw in passwords.values() if pw in output]
    FIGURES["progress_text_password"] = dict(onboard_leaks=len(onboard_leaks), offboard_leaks=len(offboard_leaks))
    assert onboard_leaks == []
    assert offboard_leaks == [], "offboarding shows the platform's progress text with the carrier password"
