"""Deployment engine: runs SBC onboarding (create / add SIP connection), SBC re-configuration (modify SIP
connection) and cleanup (delete) jobs as asyncio tasks.

- Timing comes from the current fault settings ``deployment_time`` / ``deletion_time`` (seconds).
- ``max_concurrent_deployments`` (0 = unlimited) bounds the running onboarding and modify jobs; the others wait in
  a queue (state ``InProgress``). Cleanup jobs are not bounded [ASSUME].
- A deployment fails when its SBC, onboarding script or short name is listed in ``fail_deployments`` or marked
  ``faulty`` in the seed: the site ends ``Failed`` with ``errorDetails`` and an ``(Error, ...)`` progress entry.
- Every step is written to the store, so a restart with the same ``--db`` resumes unfinished jobs.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .app import Simulator

ONBOARD_FRACTION = 0.6
STATE_CODES = {"Unknown": 0, "InProgress": 1, "Failed": 2, "Deployed": 3, "Deleting": 4}


def now_iso() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def progress_text(progress: list[list[str]]) -> str:
    return ";".join(f"({level}, {msg})" for level, msg in progress)


class DeploymentEngine:
    def __init__(self, sim: "Simulator"):
        self.sim = sim
        self.jobs: dict[str, asyncio.Task] = {}
        self.running = 0
        self._cond: asyncio.Condition | None = None

    # -- lifecycle -----------------------------------------------------------------------------------------------
    def bind(self) -> None:
        """Called at start-up inside the running loop: creates the queue primitive and resumes unfinished jobs."""
        self._cond = asyncio.Condition()
        self.running = 0
        for svc in self.sim.store.iter_services():
            if svc.get("deleting"):
                self.start_delete_service(svc["id"], resume=True)
                continue
            for site in svc["sites"]:
                if site["state"] == "InProgress" and site.get("operation") == "modify":
                    self.start_modify(svc["id"], site["id"])
                elif site["state"] == "InProgress":
                    self.start_deploy(svc["id"], site["id"])
                elif site["state"] == "Deleting":
                    self.start_delete_site(svc["id"], site["id"], resume=True)

    async def shutdown(self) -> None:
        jobs = list(self.jobs.values())
        for job in jobs:
            job.cancel()
        for job in jobs:
            with contextlib.suppress(BaseException):
                await job
        self.jobs.clear()

    async def cancel_all(self) -> None:
        await self.shutdown()
        self.running = 0
        await self.kick()

    async def kick(self) -> None:
        """Wake queued deployments (after max_concurrent_deployments changed)."""
        if self._cond is not None:
            async with self._cond:
                self._cond.notify_all()

    def _spawn(self, key: str, coro: Any) -> asyncio.Task:
        task = asyncio.get_running_loop().create_task(coro)
        self.jobs[key] = task

        def _done(t: asyncio.Task, key: str = key) -> None:
            if self.jobs.get(key) is t:
                del self.jobs[key]

        task.add_done_callback(_done)
        return task

    # -- tasks (the /api/v2/task resource) -------------------------------------------------------------------------
    def new_task(self, kind: str, service_id: str, site_id: str) -> dict[str, Any]:
        task = {
            "id": self.sim.store.new_task_id(),
            "status": "In Progress",
            "details": [None],
            "executionMessages": [],
            "outputData": {"umpCustomerGuid": service_id},
            "createTime": now_iso(),
            "completeTime": None,
            "cancellationRequested": None,
            "kind": kind,
            "siteId": site_id,
        }
        self.sim.store.save_task(task)
        return task

    def _update_task(self, task_id: str | None, messages: list[list[str]], status: str | None = None) -> None:
        task = self.sim.store.tasks.get(task_id or "")
        if task is None:
            return
        task["executionMessages"] = [{"level": lvl, "message": msg} for lvl, msg in messages]
        if status:
            task["status"] = status
            task["completeTime"] = now_iso()
        self.sim.store.save_task(task)

    # -- onboarding ----------------------------------------------------------------------------------------------
    def start_deploy(self, service_id: str, site_id: str) -> asyncio.Task:
        return self._spawn(f"deploy:{site_id}", self._deploy(service_id, site_id))

    def _lookup(self, service_id: str, site_id: str) -> tuple[dict, dict] | None:
        svc = self.sim.store.services.get(service_id)
        if svc is None:
            return None
        for site in svc["sites"]:
            if site["id"] == site_id:
                return svc, site
        return None

    def _should_fail(self, svc: dict, site: dict) -> str | None:
        fd = self.sim.faults["fail_deployments"]
        catalog = self.sim.catalog
        sbc = catalog.sbcs.get(site["sbcId"])
        script = catalog.templates.get(site["sbcOnboardingScript"])
        sbc_name = sbc["name"] if sbc else str(site["sbcId"])
        script_name = script["name"] if script else str(site["sbcOnboardingScript"])
        if site["sbcId"] in fd["sbc_ids"] or (sbc and sbc["faulty"]):
            return f"SBC {sbc_name} (id {site['sbcId']}) did not accept the configuration: connection to the " \
                   f"device failed while running script '{script_name}'."
        if site["sbcOnboardingScript"] in fd["script_ids"] or (script and script["faulty"]):
            return f"Onboarding script '{script_name}' (id {site['sbcOnboardingScript']}) failed on SBC {sbc_name}."
        if svc["shortName"].lower() in fd["short_names"]:
            return f"SBC onboarding failed for site {site['name']} of service {svc['shortName']} on SBC {sbc_name}."
        return None

    async def _acquire(self) -> None:
        assert self._cond is not None
        async with self._cond:
            while True:
                limit = self.sim.faults["max_concurrent_deployments"]
                if not limit or self.running < limit:
                    break
                await self._cond.wait()
            self.running += 1
            m = self.sim.metrics.deployments
            m["max_concurrent"] = max(m["max_concurrent"], self.running)

    async def _release(self) -> None:
        assert self._cond is not None
        async with self._cond:
            self.running -= 1
            self._cond.notify_all()

    async def _deploy(self, service_id: str, site_id: str) -> None:
        acquired = False
        try:
            await self._acquire()
            acquired = True
            found = self._lookup(service_id, site_id)
            if found is None:
                return
            svc, site = found
            self.sim.metrics.deployments["started"] += 1
            store = self.sim.store
            total = float(self.sim.faults["deployment_time"])
            if not any(msg == "CreateSiteInOvoc started." for _, msg in site["progress"]):
                await asyncio.sleep(total * ONBOARD_FRACTION)
                found = self._lookup(service_id, site_id)
                if found is None or found[1]["state"] != "InProgress":
                    return
                svc, site = found
                error = self._should_fail(svc, site)
                if error:
                    site["progress"].append(["Error", f"SBC sbc-onboarding failed for site {svc['shortName']}."])
                    site["state"] = "Failed"
                    site["errorDetails"] = error
                    self._update_task(site.get("task"), site["progress"], "CompletedWithErrors")
                    site["pendingTasks"] = []
                    store.save_service(svc)
                    self.sim.metrics.deployments["failed"] += 1
                    return
                site["progress"].append(["Information", f"SBC sbc-onboarding done for site {svc['shortName']}."])
                site["progress"].append(["Information", "CreateSiteInOvoc started."])
                self._update_task(site.get("task"), site["progress"])
                store.save_service(svc)
            await asyncio.sleep(total * (1 - ONBOARD_FRACTION))
            found = self._lookup(service_id, site_id)
            if found is None or found[1]["state"] != "InProgress":
                return
            svc, site = found
            site["progress"].append(["Information", "Site created in Ovoc"])
            site["state"] = "Deployed"
            site["pendingTasks"] = []
            self._update_task(site.get("task"), site["progress"], "CompletedSuccess")
            store.save_service(svc)
            self.sim.metrics.deployments["deployed"] += 1
        finally:
            if acquired:
                await asyncio.shield(self._release())

    # -- modify (re-run of the SBC configuration after a Modify SIP Connection) ----------------------------------------
    def begin_modify(self, svc: dict, site: dict) -> str:
        """Put the site back to ``InProgress`` with a new ``modify`` task (its id is returned); the caller saves the
        service and calls ``start_modify``. The site's progress keeps the creation's entries and grows by the
        modify's; the task shows only the modify's."""
        task = self.new_task("modify", svc["id"], site["id"])
        site["state"] = "InProgress"
        site["operation"] = "modify"
        site["errorDetails"] = None
        site["modifyFrom"] = len(site["progress"])
        site["progress"].append(["Information", f"Site location {site['name']} update started."])
        site["task"] = task["id"]
        site["pendingTasks"] = [task["id"]]
        self._update_task(task["id"], site["progress"][site["modifyFrom"]:])
        return task["id"]

    def start_modify(self, service_id: str, site_id: str) -> asyncio.Task:
        return self._spawn(f"deploy:{site_id}", self._modify(service_id, site_id))

    def _end_modify(self, svc: dict, site: dict, error: str | None) -> None:
        if error:
            site["progress"].append(["Error", f"SBC configuration failed for site {svc['shortName']}."])
            site["state"], site["errorDetails"] = "Failed", error
        else:
            site["progress"].append(["Information", f"SBC configuration updated for site {svc['shortName']}."])
            site["state"] = "Deployed"
        site.pop("operation", None)
        site["pendingTasks"] = []
        self._update_task(site.get("task"), site["progress"][site.pop("modifyFrom", 0):],
                          "CompletedWithErrors" if error else "CompletedSuccess")
        self.sim.store.save_service(svc)
        self.sim.metrics.deployments["failed" if error else "deployed"] += 1

    async def _modify(self, service_id: str, site_id: str) -> None:
        """One phase of ``deployment_time``; the failure rules of the onboarding apply (``fail_deployments``,
        ``faulty`` SBCs and scripts)."""
        acquired = False
        try:
            await self._acquire()
            acquired = True
            if self._lookup(service_id, site_id) is None:
                return
            self.sim.metrics.deployments["started"] += 1
            await asyncio.sleep(float(self.sim.faults["deployment_time"]))
            found = self._lookup(service_id, site_id)
            if found is None or found[1]["state"] != "InProgress":
                return
            svc, site = found
            self._end_modify(svc, site, self._should_fail(svc, site))
        finally:
            if acquired:
                await asyncio.shield(self._release())

    # -- cleanup -------------------------------------------------------------------------------------------------
    def _cleanup_messages(self, svc: dict, site: dict, done: bool) -> list[list[str]]:
        tpl = self.sim.catalog.templates.get(site["sbcCleanupScript"])
        name = tpl["name"] if tpl else str(site["sbcCleanupScript"])
        msgs = [["Information", f"SBC cleanup script {name} started for site {site['name']}."]]
        if done:
            msgs.append(["Information", f"SBC cleanup done for site {site['name']}."])
        return msgs

    def _begin_site_cleanup(self, svc: dict, site: dict) -> str:
        job = self.jobs.get(f"deploy:{site['id']}")
        if job is not None:
            job.cancel()
        task = self.new_task("cleanup", svc["id"], site["id"])
        self._update_task(task["id"], self._cleanup_messages(svc, site, False))
        site["stateBeforeDelete"] = site["state"]
        site["state"] = "Deleting"
        site["task"] = task["id"]
        site["pendingTasks"] = [task["id"]]
        return task["id"]

    def delete_service(self, svc: dict) -> None:
        if svc.get("deleting"):
            return
        svc["deleting"] = True
        for site in svc["sites"]:
            self._begin_site_cleanup(svc, site)
        self.sim.store.save_service(svc)
        self.start_delete_service(svc["id"])

    def start_delete_service(self, service_id: str, resume: bool = False) -> asyncio.Task:
        return self._spawn(f"delete:{service_id}", self._delete_service(service_id))

    async def _delete_service(self, service_id: str) -> None:
        await asyncio.sleep(float(self.sim.faults["deletion_time"]))
        svc = self.sim.store.services.get(service_id)
        if svc is None:
            return
        for site in svc["sites"]:
            self._update_task(site.get("task"), self._cleanup_messages(svc, site, True), "CompletedSuccess")
        self.sim.store.delete_service(service_id)

    def delete_site(self, svc: dict, site: dict) -> str:
        if site["state"] == "Deleting":
            return site["task"]
        task_id = self._begin_site_cleanup(svc, site)
        self.sim.store.save_service(svc)
        self.start_delete_site(svc["id"], site["id"])
        return task_id

    def start_delete_site(self, service_id: str, site_id: str, resume: bool = False) -> asyncio.Task:
        return self._spawn(f"delete-site:{site_id}", self._delete_site(service_id, site_id))

    async def _delete_site(self, service_id: str, site_id: str) -> None:
        await asyncio.sleep(float(self.sim.faults["deletion_time"]))
        found = self._lookup(service_id, site_id)
        if found is None:
            return
        svc, site = found
        self._update_task(site.get("task"), self._cleanup_messages(svc, site, True), "CompletedSuccess")
        if svc.get("creationSite") == site_id:
            svc["creation"] = {
                "deploymentState": site.get("stateBeforeDelete", "Deployed"),
                "errorDetails": site["errorDetails"],
                "progressDetails": progress_text(site["progress"]),
            }
        svc["sites"] = [s for s in svc["sites"] if s["id"] != site_id]
        self.sim.store.forget_site(site_id)
        self.sim.store.save_service(svc)

