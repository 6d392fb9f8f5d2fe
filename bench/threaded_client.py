# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The reference client of the benchmark: the fleet's API calls with nothing around them.

    python bench/threaded_client.py --inventory DIR --concurrency 20 [--poll-interval 1] [--timeout 600]

The connection comes from the LIVE_PLATFORM_* environment (as hack/with-simulator.sh and the collection use it).
It makes the calls the collection and bench/uri_playbook.yml make: one token, one list of the services, the SBC and
SBC script-template catalogues once, then per customer (ThreadPoolExecutor with the platform's concurrency):
POST the service when it is missing, else read it by id; poll GET /api/v3/customer/{id} until it is deployed.
It composes each request from the same inventory (demo fleet model) with the same precedence (SBC profile <
customer < overrides, custom variables by name). No retries, no validation, no report: it is the lower bound of
what a client can do on this platform, not something to run against a real one.
Prints one JSON line: {"customers": N, "created": n, "unchanged": n, "failed": n, "errors": [...]}; exit 1 if any
customer failed.
"""

from __future__ import absolute_import, division, print_function

import argparse
import glob
import json
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests
import yaml

SCOPE = "api://9d576dc4-b85d-4571-880e-4c6ed4c08c31/.default"
SCRIPT_KEYS = (("cac_profile", "CacProfile"), ("proxy_set", "ProxySet"), ("online_pstn_gateway", "OnlinePstnGateway"),
               ("carrier_user_name", "CarrierUserName"), ("carrier_user_password", "CarrierUserPassword"),
               ("carrier_main_line", "CarrierMainLine"), ("carrier_host_name", "CarrierHostName"))


def load_fleet(inventory):
    """[(short name, merged values)] from hosts.yml and group_vars/<group>/*.yml (the demo fleet's model)."""
    profiles = {}
    for path in glob.glob(os.path.join(inventory, "group_vars", "*", "*.yml")):
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle) or {}
        if "live_platform_sbc_profile" in data:
            profiles[os.path.basename(os.path.dirname(path))] = data["live_platform_sbc_profile"]
    with open(os.path.join(inventory, "hosts.yml"), encoding="utf-8") as handle:
        hosts = yaml.safe_load(handle)
    fleet = []
    for group, body in hosts["live_platform_customers"]["children"].items():
        for host, host_vars in ((body or {}).get("hosts") or {}).items():
            own = dict(host_vars["live_platform_customer"])
            merged = dict(profiles[group])
            merged.update((k, v) for k, v in own.items() if k not in ("custom_variables", "overrides"))
            merged["custom_variables"] = dict(profiles[group].get("custom_variables") or {},
                                              **(own.get("custom_variables") or {}))
            merged.update(own.get("overrides") or {})
            fleet.append((str(own.get("short_name") or host), merged))
    return fleet


class Api(object):
    def __init__(self, timeout):
        self.base = os.environ["LIVE_PLATFORM_BASE_URL"].rstrip("/")
        self.timeout = timeout
        self.local = threading.local()
        answer = requests.post("{0}/{1}/oauth2/v2.0/token".format(os.environ["LIVE_PLATFORM_AUTH_URL"].rstrip("/"),
                                                                  os.environ["LIVE_PLATFORM_TENANT_ID"]),
                               data=dict(grant_type="client_credentials", scope=SCOPE,
                                         client_id=os.environ["LIVE_PLATFORM_CLIENT_ID"],
                                         client_secret=os.environ["LIVE_PLATFORM_CLIENT_SECRET"]),
                               timeout=timeout)
        answer.raise_for_status()
        self.headers = {"Authorization": "Bearer " + answer.json()["access_token"]}

    def session(self):
        if not hasattr(self.local, "session"):
            self.local.session = requests.Session()
            self.local.session.headers.update(self.headers)
        return self.local.session

    def call(self, method, path, **kwargs):
        answer = self.session().request(method, self.base + path, timeout=self.timeout, **kwargs)
        answer.raise_for_status()
        return answer.json()


def compose(short_name, values, sbcs, scripts):
    sbc = sbcs[values["sbc"]]
    onboarding = scripts[values["onboarding_script"]]
    cleanup = (scripts[values["cleanup_script"]]["id"] if values.get("cleanup_script")
               else onboarding["relatedScripts"][0]["key"])
    parameters = dict((key, str(values[name]).replace("{short_name}", short_name))
                      for name, key in SCRIPT_KEYS if values.get(name) is not None)
    for position, variable in enumerate(onboarding["customerVariables"], 1):
        if variable in values["custom_variables"]:
            parameters["CustomVar.Variable{0}".format(position)] = str(values["custom_variables"][variable])
    body = dict(shortName=short_name, fullName=values.get("full_name", short_name),
                siteLocation=dict(sbcId=sbc["sbcId"], sbcOnboardingScript=onboarding["id"], sbcCleanupScript=cleanup),
                ovocCustomerType=values.get("ovoc_customer_type", "IPGROUP_TYPE"), msTenantId=values["ms_tenant_id"],
                scriptParameters=parameters)
    if values.get("channel_id"):
        body["channelId"] = str(values["channel_id"])
    return body


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inventory", required=True)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--poll-interval", type=float, default=1.0)
    parser.add_argument("--timeout", type=float, default=600, help="HTTP timeout and per-customer wait, seconds")
    args = parser.parse_args()

    fleet = load_fleet(args.inventory)
    api = Api(args.timeout)
    listed = dict((item["ShortName"].lower(), item["Id"]) for item in api.call("GET", "/api/v2/customer"))
    sbcs = dict((item["name"], item) for item in api.call("GET", "/api/v2/sbc"))
    scripts = dict((item["name"], item) for item in api.call(
        "GET", "/api/v2/scripttemplates", params=dict(scriptType="SBC", pageNumber=0, pageSize=1000)))

    def run(entry):
        short_name, values = entry
        try:
            service_id = listed.get(short_name.lower())
            outcome = "unchanged"
            if service_id is None:
                service_id = api.call("POST", "/api/v2/customer", json=compose(short_name, values, sbcs, scripts))["id"]
                outcome = "created"
            deadline = time.monotonic() + args.timeout
            while True:
                state = api.call("GET", "/api/v3/customer/" + service_id, params=dict(allDetails="true"))["deploymentState"]
                if state in ("Deployed", "Failed"):
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError("still " + state)
                time.sleep(args.poll_interval)
            return short_name, outcome if state == "Deployed" else "failed: " + state
        except Exception as exc:  # pylint: disable=broad-exception-caught  # one customer never stops the others
            return short_name, "failed: {0}".format(exc)

    with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        results = dict(pool.map(run, fleet))
    outcomes = list(results.values())
    errors = sorted("{0}: {1}".format(k, v) for k, v in results.items() if v.startswith("failed"))
    print(json.dumps(dict(customers=len(results), created=outcomes.count("created"),
                          unchanged=outcomes.count("unchanged"), failed=len(errors), errors=errors[:10])))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
