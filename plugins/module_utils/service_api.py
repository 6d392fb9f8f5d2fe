# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The platform's services (its ``customer`` resource): the one place that knows their paths and verbs, and the
index that answers "which service is (short name, tenant)?" from one list.

Every path here is documented (docs/api-assumptions.md): a service can be created, found, waited for and deleted
with nothing the collection only assumed.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.audiocodes.live_platform.plugins.module_utils.errors import NotFoundError
from ansible_collections.audiocodes.live_platform.plugins.module_utils.records import (
    as_list, field, service_record,
)

V2_CUSTOMERS = "/api/v2/customer"
V3_CUSTOMERS = "/api/v3/customer"
TASKS = "/api/v2/task"
# The licence change's field: the example sends licenseType, the field table names upgradeToLicense (API §7).
LICENSE_FIELDS = ("licenseType", "upgradeToLicense")
ALL_DETAILS = dict(allDetails="true")
# Task ids look like tsk_<int> or wst_<uuid>; tsk_0 means "no task".
TASK_ID = re.compile(r"^(?:tsk|wst)_[0-9A-Za-z-]+$")
# Keys under which an answer may name the task that carries out a create.
TASK_KEYS = ("taskId", "jobId", "sbcTaskId", "sbcOnboardingTaskId", "task")


def service_path(service_id, version=2):
    return "{0}/{1}".format(V3_CUSTOMERS if version == 3 else V2_CUSTOMERS, service_id)


def list_services(client):
    """Every service, as records, from the V3 list with site details (the list that gives each one's tenant)."""
    body = client.get(V3_CUSTOMERS, params=ALL_DETAILS)
    return [service_record(item) for item in as_list(body, "GET " + V3_CUSTOMERS) if isinstance(item, dict)]


def read_service(client, service_id):
    """The full record of one service, or None when it is gone.

    The V3 read gives the tenant; when it carries no deployment state, the documented V2 read (whose sites carry
    ``sbcDeploymentState``) is asked for it.
    """
    try:
        service = service_record(client.get(service_path(service_id, 3), params=ALL_DETAILS))
        if service["deployment_state"] is None:
            brief = service_record(client.get(service_path(service_id)))
            if brief["deployment_state"] is not None:
                service = dict(service, site_locations=brief["site_locations"],
                               deployment_state=brief["deployment_state"])
    except NotFoundError:
        return None
    if service["id"] is None:
        service["id"] = service_id
    return service


def create_service(client, body):
    """POST the create request; returns the platform's answer as it came (its shape varies, see create_once)."""
    return client.post(V2_CUSTOMERS, json=body)


def delete_service(client, service_id):
    client.delete(service_path(service_id))


def change_license(client, service_id, field_name, license_number):
    """PATCH the service's licence, the one documented change of a service (API §2, §7); answers 1."""
    return client.patch(service_path(service_id, 3), json={field_name: license_number})


def read_license_info(client, service_id, months=None):
    """The documented licence usage of a service (``licenseinfo``)."""
    return client.get(service_path(service_id, 3) + "/licenseinfo",
                      params=dict(nrOfMonths=months) if months else None)


def service_exists(client, service_id):
    try:
        client.get(service_path(service_id))
    except NotFoundError:
        return False
    return True


def read_task(client, task_id):
    return client.get("{0}/{1}".format(TASKS, task_id))


def task_id_of(answer):
    """The task id a create answer names (a bare ``"tsk_841026"``, or ``{"jobId": ...}``), else None."""
    if isinstance(answer, str):
        text = answer.strip()
        return text if TASK_ID.match(text) and text != "tsk_0" else None
    if isinstance(answer, dict):
        value = field(answer, *TASK_KEYS)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value) not in ("", "tsk_0"):
            return str(value)
    return None


def same_tenant(service, tenant):
    """True or False when both tenants are known, None when the platform did not give the service's tenant."""
    known = service.get("ms_tenant_id")
    if not tenant or not known:
        return None
    return str(known).strip().lower() == str(tenant).strip().lower()


class ServiceIndex(object):
    """The services of one list, by short name (case-insensitively); a short name is unique per M365 tenant."""

    def __init__(self, services):
        self._by_name = {}
        for service in services:
            if service.get("id") and service.get("short_name") is not None:
                self._by_name.setdefault(str(service["short_name"]).lower(), []).append(service)

    @classmethod
    def fetch(cls, client):
        return cls(list_services(client))

    def named(self, short_name):
        """Every service of this short name, whatever its tenant."""
        return list(self._by_name.get(str(short_name).lower(), []))
