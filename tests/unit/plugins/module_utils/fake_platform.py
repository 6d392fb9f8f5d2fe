# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An in-process fake of the platform's HTTP answers, plugged into the client instead of a requests Session."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re
import uuid


BASE = "https://live.example.net/tenantui"
AUTH = "https://login.example.net"
SECRET = "s3cr3t-client-value"
PASSWORD = "carrier-Pa55"
TENANT = "4bf50a33-a383-4d3f-9403-220c898bc1b2"
# The paths the documents name for services (API §2 and §4); catalogues are not among them.
DOCUMENTED = ("/api/v2/customer", "/api/v3/customer")
DOCUMENTED_BY_ID = r"^/api/v[23]/customer/[^/?]+$|^/api/v2/task/[^/?]+$"


class FakeResponse(object):
    def __init__(self, status, body=None, headers=None):
        self.status_code = status
        self.headers = headers or {}
        if body is None:
            self.content = b""
        elif isinstance(body, bytes):
            self.content = body
        else:
            self.content = json.dumps(body).encode()
        self.text = self.content.decode()

    def json(self):
        return json.loads(self.text)


class FakePlatform(object):
    """Just enough of the API for the client and service logic: token, lists, create, read, delete."""

    def __init__(self):
        self.headers = {}
        self.verify = True
        self.adapters = {}  # prefix: what the client mounts (its system-trust adapter), as requests.Session keeps them
        self.calls = []
        self.faults = []  # (method, path regex, response or exception), consumed in order
        self.services = {}
        self.tokens_issued = 0
        self.valid_tokens = set()
        self.create_state = "Deployed"
        self.documented_only = False  # True: every path the documents do not name answers 404
        # Platform variants the documents allow (as the simulator's switches): the create answer's shape
        # (full, echo, task, text), a wrapper key around lists, how states are spelt, paging ignored.
        self.create_answer = "full"
        self.wrap = None
        self.spell = lambda state: state
        self.paging_ignored = False
        self.tasks = {}
        self.reads_until_final = 0
        self.sbcs = [dict(sbcId=5, name="SBC-AMS-01", fqdn="sbc5.example.net", cacProfiles=["5 sessions"],
                          proxySets=["SIPTrunk"])]
        self.templates = [
            dict(id=10007, name="sbc-hosted-essentials", scriptType=1,
                 customerVariables=["IPPBX-ProxyAddress", "IPPBX-ProxyAddress-SIPPort", "SIP-HostName"],
                 relatedScripts=[dict(key=10700, value="sbc-hosted-essentials-cleanup")]),
            dict(id=10700, name="sbc-hosted-essentials-cleanup", scriptType=1, customerVariables=[],
                 relatedScripts=[]),
        ]

    # the part of requests.Session the client uses

    def mount(self, prefix, adapter):
        self.adapters[prefix] = adapter

    def request(self, method, url, headers=None, timeout=None, **kwargs):
        call = dict(method=method, url=url, headers=dict(self.headers, **(headers or {})), **kwargs)
        self.calls.append(call)
        for i, (f_method, f_path, outcome) in enumerate(self.faults):
            if f_method == method and re.search(f_path, url):
                del self.faults[i]
                if isinstance(outcome, Exception):
                    raise outcome
                if callable(outcome):
                    return outcome(call)
                return outcome
        return self.route(call)

    def calls_to(self, method, path):
        return [c for c in self.calls if c["method"] == method and c["url"].split("?")[0].endswith(path)]

    def add(self, short_name, state="Deployed", full_name=None, sbc_id=5, error=None, tenant=TENANT):
        guid = str(uuid.uuid4())
        self.services[guid] = dict(Id=guid, ShortName=short_name, FullName=full_name or short_name, LicenseType=0,
                                   state=state, sbcId=sbc_id, error=error, reads=0, tenant=tenant)
        return guid

    def _v3(self, svc):
        return dict(UmpCustomerGuid=svc["Id"], CustomerShortName=svc["ShortName"], CustomerFullName=svc["FullName"],
                    LicenseType=0, MsTenantId=svc["tenant"], deploymentState=self.spell(svc["state"]),
                    errorDetails=svc["error"],
                    progressDetails="(Information, MsTenantid is valid);(Information, Customer data created!)",
                    SiteLocation=[dict(id="site-" + svc["Id"], name="ABCDEFGHIJKLM", sbcId=svc["sbcId"],
                                       sbcDeploymentState=self.spell(svc["state"]))])

    def _list(self, items):
        return FakeResponse(200, {self.wrap: items, "totalCount": len(items)} if self.wrap else items)

    def route(self, call):
        method, url = call["method"], call["url"]
        if url.startswith(AUTH):
            form = call.get("data") or {}
            if form.get("client_secret") != SECRET:
                return FakeResponse(401, dict(error="invalid_client",
                                              error_description="AADSTS7000215: Invalid client secret provided."))
            self.tokens_issued += 1
            token = "token-{0}".format(self.tokens_issued)
            self.valid_tokens.add(token)
            return FakeResponse(200, dict(token_type="Bearer", expires_in=3599, access_token=token))
        if call["headers"].get("Authorization", "")[len("Bearer "):] not in self.valid_tokens:
            return FakeResponse(401, dict(title="Unauthorized", status=401))
        path = url[len(BASE):]
        if self.documented_only and path.split("?")[0] not in DOCUMENTED and not re.match(DOCUMENTED_BY_ID, path):
            return FakeResponse(404, dict(title="Not Found", status=404))
        if method == "GET" and path == "/api/v2/sbc":
            return FakeResponse(200, self.sbcs)
        if method == "GET" and path == "/api/v2/scripttemplates":
            page, size = call["params"]["pageNumber"], call["params"]["pageSize"]
            return self._list(self.templates if self.paging_ignored else self.templates[page * size:(page + 1) * size])
        if method == "GET" and path == "/api/v2/customer":
            return self._list([dict((k, s[k]) for k in ("Id", "ShortName", "FullName", "LicenseType"))
                               for s in self.services.values()])
        if method == "GET" and path == "/api/v3/customer":
            # As the simulator: the brief V3 items; with allDetails their sites and each site's state.
            return self._list([dict((k, v) for k, v in self._v3(s).items()
                                    if k not in ("deploymentState", "errorDetails", "progressDetails"))
                               for s in self.services.values()])
        task = re.match(r"^/api/v2/task/([^/?]+)$", path)
        if method == "GET" and task:
            guid = self.tasks.get(task.group(1))
            if guid is None:
                return FakeResponse(404, "Task with {0} not found".format(task.group(1)))
            state = self.services[guid]["state"] if guid in self.services else "Deployed"
            status = dict(Deployed="CompletedSuccess", Failed="CompletedWithErrors").get(state, "In Progress")
            return FakeResponse(200, dict(id=task.group(1), status=status, outputData=dict(umpCustomerGuid=guid),
                                          executionMessages=[dict(level="Error", message="SBC unreachable")]
                                          if state == "Failed" else []))
        if method == "POST" and path == "/api/v2/customer":
            body = call["json"]
            if any(s["ShortName"].lower() == body["shortName"].lower() and s["tenant"] == body.get("msTenantId")
                   for s in self.services.values()):
                return FakeResponse(400, dict(title="One or more validation errors occurred.", status=400,
                                              errorCode="DuplicateShortName",
                                              detail="shortName: a service named '{0}' already exists".format(
                                                  body["shortName"])))
            guid = self.add(body["shortName"], self.create_state, body.get("fullName"),
                            body["siteLocation"]["sbcId"], tenant=body.get("msTenantId"))
            task_id = "tsk_{0}".format(841000 + len(self.tasks))
            self.tasks[task_id] = guid
            return FakeResponse(200, dict(
                full=dict(id=guid, customerId=body["shortName"], siteLocationIds=["site-" + guid],
                          deploymentState=self.spell(self.create_state), errorDetails=None,
                          progressDetails="(Information, Customer data created!)"),
                echo=body, task=task_id, job=dict(jobId=task_id), text="Customer created")[self.create_answer])
        match = re.match(r"^/api/v[23]/customer/([^/?]+)$", path)
        if match:
            svc = self.services.get(match.group(1))
            if svc is None:
                return FakeResponse(404, "Customer with {0} not found".format(match.group(1)))
            if method == "DELETE":
                del self.services[svc["Id"]]
                return FakeResponse(200, 1)
            svc["reads"] += 1
            if svc["state"] == "InProgress" and svc["reads"] > self.reads_until_final:
                svc["state"] = "Deployed"
            return FakeResponse(200, self._v3(svc))
        return FakeResponse(404, "no route {0} {1}".format(method, path))


class FakeClock(object):
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds
