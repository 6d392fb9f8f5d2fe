"""The Live Platform API under /tenantui (bearer token required on every route)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from .auth import TokenError
from .responses import json_response, problem
from .store import DuplicateShortName
from .validation import (InvalidLicenseChange, ValidationFailed, check_modify_site, license_change,
                         validate_add_site, validate_create, validate_dial_plan_patch, validate_modify_site)
from .views import (apply_site_changes, build_service, build_site, change_dial_plan, create_response,
                    deployment_fields, dial_plan_rules, license_info, public_task, site_detail, v2_detail, v2_item,
                    v3_item)


class Unauthorized(Exception):
    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


def require_token(request: Request) -> None:
    try:
        request.app.state.sim.auth.check(request.headers.get("authorization"))
    except TokenError as exc:
        raise Unauthorized(str(exc)) from None


router = APIRouter(prefix="/tenantui", dependencies=[Depends(require_token)])


def _sim(request: Request):
    return request.app.state.sim


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    if value.lower() in ("true", "1"):
        return True
    if value.lower() in ("false", "0"):
        return False
    raise ValueError(value)


def _bad_query(request: Request, field: str, rule: str) -> Response:
    return problem(400, "One or more validation errors occurred.", f"{field}: {rule}", request.url.path,
                   errors={field: [rule]}, code="ValidationFailed")


def validation_problem(request: Request, exc: ValidationFailed) -> Response:
    return problem(400, "One or more validation errors occurred.", exc.detail, request.url.path,
                   errors=exc.errors, code=exc.code)


def _clear_text(request: Request, svc: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    """Fault ``clear_text_secrets``: the answer carries the service's script parameters (CarrierUserPassword
    included) in clear, on the service and on each site. Fault ``progress_secrets``: the progress text names the
    carrier credentials (free text, so only a client that knows the password can mask it)."""
    faults = _sim(request).faults
    if not (faults["clear_text_secrets"] or faults["progress_secrets"]):
        return item
    params = {}
    for site in svc["sites"]:
        params.update(site.get("scriptParameters") or {})
    if faults["clear_text_secrets"]:
        item["scriptParameters"] = dict(params)
        for site in item.get("SiteLocation") or []:
            site["customerVariables"] = dict(params)
    password = params.get("CarrierUserPassword")
    if faults["progress_secrets"] and password and "progressDetails" in item:
        item["progressDetails"] = (item["progressDetails"] or "") + (
            f";(Information, Carrier registration {params.get('CarrierUserName', '')}/{password} configured)")
    return item


def _variant(request: Request, name: str) -> str:
    return _sim(request).variants[name]


def _list(request: Request, items: list[Any]) -> Response:
    """A list answer: a bare array, or ``{"<key>": [...], "totalCount": N}`` (variant ``list_wrapper``)."""
    return _wrapped(request, items, len(items))


def _wrapped(request: Request, items: list[Any], total: int) -> Response:
    key = _variant(request, "list_wrapper")
    return json_response(items if key == "none" else {key: items, "totalCount": total})


def _not_found(guid: str) -> Response:
    return json_response(f"Customer with {guid} not found", 404)


def _channel_filter(request: Request) -> tuple[int | None, Response | None]:
    raw = request.headers.get("x-ovoc-channel-id")
    if raw is None or raw.strip() == "":
        return None, None
    try:
        return int(raw.strip()), None
    except ValueError:
        return None, _bad_query(request, "X-Ovoc-Channel-Id", "must be an integer channel id.")


async def _json_body(request: Request) -> Any:
    raw = await request.body()
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ValidationFailed({"body": ["The request body is not valid JSON."]}) from None


# -- services ------------------------------------------------------------------------------------------------------
@router.post("/api/v2/customer")
async def create_customer(request: Request) -> Response:
    sim = _sim(request)
    try:
        received = await _json_body(request)
        data = validate_create(sim.catalog, received)
    except ValidationFailed as exc:
        return validation_problem(request, exc)
    # No await between the uniqueness check and the insert: atomic on the event loop.
    svc = build_service(data)
    scope = sim.variants["uniqueness"]
    try:
        sim.store.insert_service(svc, scope)
    except DuplicateShortName:
        existing = sim.store.find_short(data["shortName"], data["msTenantId"], scope)
        name = existing["shortName"] if existing else data["shortName"]
        return validation_problem(request, ValidationFailed(
            {"shortName": [f"a service named '{name}' already exists"]}, code="DuplicateShortName"))
    site = svc["sites"][0]
    task = sim.engine.new_task("onboarding", svc["id"], site["id"])
    site["task"] = task["id"]
    site["pendingTasks"] = [task["id"]]
    sim.engine._update_task(task["id"], site["progress"])
    sim.store.save_service(svc)
    job = sim.engine.start_deploy(svc["id"], site["id"])
    if sim.faults["mode"] == "sync":
        try:
            await asyncio.shield(job)
        except asyncio.CancelledError:
            if not job.cancelled():
                raise
    return _create_answer(request, svc, task["id"], received)


def _create_answer(request: Request, svc: dict[str, Any], task_id: str, received: Any) -> Response:
    """The success answer of the create, by the ``create_answer`` variant: the primary document's first Example
    Response (``full``), its second one (``echo``: the request body as received), the onboarding task id (``task``,
    ``job``) or a bare message that is no task id (``text``)."""
    shape = _variant(request, "create_answer")
    if shape == "echo":
        return json_response(received)
    if shape == "task":
        return json_response(task_id)
    if shape == "job":
        return json_response({"jobId": task_id})
    if shape == "text":
        return json_response(f"Customer {svc['shortName']} created")
    return json_response(_clear_text(request, svc, create_response(svc, _variant(request, "states"))))


@router.get("/api/v2/customer")
async def list_customers_v2(request: Request) -> Response:
    channel, err = _channel_filter(request)
    if err:
        return err
    services = _sim(request).store.services.values()
    return _list(request, [_clear_text(request, s, v2_item(s)) for s in services
                           if channel is None or s["channelId"] == channel])


@router.get("/api/v2/customer/{guid}")
async def get_customer_v2(request: Request, guid: str) -> Response:
    svc = _sim(request).store.services.get(guid.lower())
    if svc is None:
        return _not_found(guid)
    return json_response(_clear_text(request, svc, v2_detail(svc, _variant(request, "states"))))


@router.delete("/api/v2/customer/{guid}")
async def delete_customer(request: Request, guid: str) -> Response:
    sim = _sim(request)
    svc = sim.store.services.get(guid.lower())
    if svc is None:
        return _not_found(guid)
    sim.engine.delete_service(svc)
    return json_response(1)


@router.get("/api/v3/customer")
async def list_customers_v3(request: Request) -> Response:
    channel, err = _channel_filter(request)
    if err:
        return err
    try:
        all_details = _bool(request.query_params.get("allDetails"))
    except ValueError:
        return _bad_query(request, "allDetails", "must be true or false.")
    services = _sim(request).store.services.values()
    states = _variant(request, "states")
    return _list(request, [_clear_text(request, s, v3_item(s, all_details, states)) for s in services
                           if channel is None or s["channelId"] == channel])


@router.get("/api/v3/customer/{guid}")
async def get_customer_v3(request: Request, guid: str) -> Response:
    try:
        all_details = _bool(request.query_params.get("allDetails"))
    except ValueError:
        return _bad_query(request, "allDetails", "must be true or false.")
    svc = _sim(request).store.services.get(guid.lower())
    if svc is None:
        return _not_found(guid)
    states = _variant(request, "states")
    item = v3_item(svc, all_details, states)
    if _variant(request, "single_read_state") == "top_level":
        item.update(deployment_fields(svc, states))
    return json_response(_clear_text(request, svc, item))


@router.patch("/api/v3/customer/{guid}")
async def patch_customer_v3(request: Request, guid: str) -> Response:
    """Licence change: ``licenseType`` and/or ``upgradeToLicense`` (variant ``license_field``), optional
    ``licenseCount`` / ``licensedUsersCount``. A missing or refused type answers the documented bare string."""
    sim = _sim(request)
    svc = sim.store.services.get(guid.lower())
    if svc is None or svc.get("deleting"):
        return _not_found(guid)
    try:
        body = json.loads(await request.body())
    except (ValueError, UnicodeDecodeError):
        body = None
    try:
        new_type, count = license_change(body, svc["licenseType"], _variant(request, "license_field"))
    except InvalidLicenseChange:
        return json_response("Invalid change for License Type!", 400)
    except ValidationFailed as exc:
        return validation_problem(request, exc)
    svc["licenseType"] = new_type
    if count is not None:
        svc["licensedUsersCount"] = count
    sim.store.save_service(svc)
    return json_response(1)


@router.get("/api/v3/customer/{guid}/licenseinfo")
async def get_license_info(request: Request, guid: str) -> Response:
    raw = (request.query_params.get("nrOfMonths") or "").strip()
    months = int(raw) if raw.isdigit() else (1 if raw == "" else 0)
    if not 1 <= months <= 24:
        return _bad_query(request, "nrOfMonths", "must be an integer between 1 and 24.")
    svc = _sim(request).store.services.get(guid.lower())
    if svc is None:
        return _not_found(guid)
    return json_response(license_info(svc, months))


@router.get("/api/v3/customer/{guid}/onlinepstngateway")
async def online_pstn_gateways(request: Request, guid: str) -> Response:
    svc = _sim(request).store.services.get(guid.lower())
    if svc is None:
        return _not_found(guid)
    out = [{"fqdn": s["scriptParameters"]["OnlinePstnGateway"], "trunkModel": "DerivedTrunk"}
           for s in svc["sites"] if s["scriptParameters"].get("OnlinePstnGateway")]
    return json_response(out)


# -- SIP connections (site locations) and tasks ---------------------------------------------------------------------
@router.post("/api/v2/customer/{guid}/sitelocation/")
@router.post("/api/v2/customer/{guid}/sitelocation")
async def add_site(request: Request, guid: str) -> Response:
    sim = _sim(request)
    svc = sim.store.services.get(guid.lower())
    if svc is None:
        return _not_found(guid)
    try:
        data = validate_add_site(sim.catalog, await _json_body(request))
    except ValidationFailed as exc:
        return validation_problem(request, exc)
    svc = sim.store.services.get(guid.lower())
    if svc is None or svc.get("deleting"):
        return _not_found(guid)
    site = build_site(data["site"], data["scriptParameters"], data["ovocCustomerType"], data["siteLocationName"],
                      [["Information", "Site data created!"]])
    task = sim.engine.new_task("onboarding", svc["id"], site["id"])
    site["task"] = task["id"]
    site["pendingTasks"] = [task["id"]]
    sim.engine._update_task(task["id"], site["progress"])
    svc["sites"].append(site)
    sim.store.save_service(svc)
    sim.engine.start_deploy(svc["id"], site["id"])
    return json_response({"id": site["id"], "taskId": task["id"]})


@router.patch("/api/v2/customer/{guid}/sitelocation/")
@router.patch("/api/v2/customer/{guid}/sitelocation")
async def modify_site(request: Request, guid: str) -> Response:
    """Modify SIP Connection: the site named by ``sbcSiteGuid`` gets the new CAC profile / carrier fields / flags
    and its SBC configuration runs again (``InProgress`` -> ``Deployed``) as a ``modify`` task."""
    sim = _sim(request)
    svc = sim.store.services.get(guid.lower())
    if svc is None or svc.get("deleting"):
        return _not_found(guid)
    try:
        data = validate_modify_site(await _json_body(request))
    except ValidationFailed as exc:
        return validation_problem(request, exc)
    svc = sim.store.services.get(guid.lower())  # again: the body was read with an await in between
    if svc is None or svc.get("deleting"):
        return _not_found(guid)
    site = _site_of(svc, data["siteId"])
    if site is None:
        return _site_not_found(data["siteId"])
    try:
        check_modify_site(sim.catalog, data, site)
    except ValidationFailed as exc:
        return validation_problem(request, exc)
    if site["state"] == "InProgress":
        return validation_problem(request, ValidationFailed(
            {"sbcSiteGuid": [f"SIP connection {site['id']} has a pending task ({', '.join(site['pendingTasks'])}); "
                             f"modify it when that task has completed."]}, code="PendingTask"))
    apply_site_changes(site, data)
    task_id = sim.engine.begin_modify(svc, site)
    sim.store.save_service(svc)
    sim.engine.start_modify(svc["id"], site["id"])
    return _modify_answer(request, task_id)


def _modify_answer(request: Request, task_id: str) -> Response:
    """Variant ``modify_answer``: the task id as a JSON string (``task``), the number 1 (``one``) or 204 (``empty``)."""
    shape = _variant(request, "modify_answer")
    if shape == "one":
        return json_response(1)
    if shape == "empty":
        return Response(status_code=204)
    return json_response(task_id)


def _site_of(svc: dict[str, Any], site_id: str) -> dict[str, Any] | None:
    """The service's site ``site_id`` (lower-case), unless unknown or being deleted."""
    for site in svc["sites"]:
        if site["id"] == site_id and site["state"] != "Deleting":
            return site
    return None


def _site_not_found(site_id: str) -> Response:
    return json_response(f"Site location with {site_id} not found", 404)


def _dial_plan_site(request: Request, cid: str, sid: str) -> tuple[dict[str, Any], dict[str, Any]] | Response:
    """(service, site) of a dial-plan route, or its 404: unknown (or deleting) customer, site not of that customer."""
    svc = _sim(request).store.services.get(cid.lower())
    if svc is None or svc.get("deleting"):
        return _not_found(cid)
    site = _site_of(svc, sid.lower())
    if site is None:
        return _site_not_found(sid)
    return svc, site


@router.get("/api/v2/customer/{cid}/sitelocation/{sid}/dialplan/{dial_plan_id}")
async def get_dial_plan(request: Request, cid: str, sid: str, dial_plan_id: str) -> Response:
    found = _dial_plan_site(request, cid, sid)
    if isinstance(found, Response):
        return found
    return json_response({"dialPlanId": dial_plan_id, "ruleDTO": dial_plan_rules(found[1], dial_plan_id)})


@router.patch("/api/v2/customer/{cid}/sitelocation/{sid}/dialplan/{dial_plan_id}")
async def patch_dial_plan(request: Request, cid: str, sid: str, dial_plan_id: str) -> Response:
    """``{"dialPlanId", "add": [rule], "remove": [rule]}`` -> ``1``; the rules live on the site (service record)."""
    if isinstance(found := _dial_plan_site(request, cid, sid), Response):
        return found
    try:
        add, remove = validate_dial_plan_patch(await _json_body(request), dial_plan_id)
    except ValidationFailed as exc:
        return validation_problem(request, exc)
    found = _dial_plan_site(request, cid, sid)  # again: the body was read with an await in between
    if isinstance(found, Response):
        return found
    svc, site = found
    change_dial_plan(site, dial_plan_id, add, remove)
    _sim(request).store.save_service(svc)
    return json_response(1)


@router.get("/api/v2/sitelocation/{site_id}")
async def get_site(request: Request, site_id: str) -> Response:
    sim = _sim(request)
    found = sim.store.site(site_id.lower())
    if found is None:
        return json_response(f"Site location with {site_id} not found", 404)
    return json_response(site_detail(sim.catalog, *found, vocabulary=_variant(request, "states")))


@router.delete("/api/v2/sitelocation/{site_id}")
async def delete_site(request: Request, site_id: str) -> Response:
    sim = _sim(request)
    found = sim.store.site(site_id.lower())
    if found is None or found[0].get("deleting"):
        return json_response(f"Site location with {site_id} not found", 404)
    task_id = sim.engine.delete_site(*found)
    return json_response({"status": True, "msg": "queued", "sbcCleanupTaskId": task_id, "o365CleanupTask": "tsk_0"})


@router.get("/api/v2/task/{task_id}")
async def get_task(request: Request, task_id: str) -> Response:
    task = _sim(request).store.tasks.get(task_id)
    if task is None:
        return json_response(f"Task with {task_id} not found", 404)
    return json_response(public_task(task))


# -- catalogues ----------------------------------------------------------------------------------------------------
@router.get("/api/v2/scripttemplates")
async def script_templates(request: Request) -> Response:
    sim = _sim(request)
    q = request.query_params
    stype = (q.get("scriptType") or "Any").strip()
    wanted = {"any": None, "sbc": 1, "m365": 2, "1": 1, "2": 2}.get(stype.lower(), "bad")
    if wanted == "bad":
        return _bad_query(request, "scriptType", "must be Any, SBC or M365.")
    try:
        all_details = _bool(q.get("allDetails"))
    except ValueError:
        return _bad_query(request, "allDetails", "must be true or false.")
    ids = sorted(t for t, tpl in sim.catalog.templates.items() if wanted is None or tpl["scriptType"] == wanted)
    if _variant(request, "paging") == "honoured":
        try:
            page = int(q.get("pageNumber") or 0)
            size = int(q.get("pageSize") or 10)
        except ValueError:
            return _bad_query(request, "pageNumber", "pageNumber and pageSize must be integers.")
        if page < 0 or not 1 <= size <= 1000:
            return _bad_query(request, "pageSize", "pageNumber must be >= 0 and pageSize between 1 and 1000.")
        chunk = ids[page * size:(page + 1) * size]
    else:  # variant paging=ignored: every matching template in one answer, whatever the paging parameters say
        chunk = ids
    variables = _variant(request, "template_variables")
    return _wrapped(request, [sim.catalog.template_json(t, all_details, variables) for t in chunk], len(ids))


@router.get("/api/v2/sbc")
async def list_sbcs(request: Request) -> Response:
    catalog = _sim(request).catalog
    return _list(request, [catalog.sbc_json(s) for s in sorted(catalog.sbcs)])


@router.get("/api/v2/sbc/{sbc_id}")
async def get_sbc(request: Request, sbc_id: str) -> Response:
    catalog = _sim(request).catalog
    if not sbc_id.isdigit() or int(sbc_id) not in catalog.sbcs:
        return json_response(f"SBC with id {sbc_id} not found", 404)
    return json_response(catalog.sbc_json(int(sbc_id)))


@router.get("/api/ovoc/v1/topology/channels")
async def list_channels(request: Request) -> Response:
    catalog = _sim(request).catalog
    return _list(request, [catalog.channels[c] for c in sorted(catalog.channels)])


@router.get("/api/ovoc/v1/topology/channels/{channel_id}")
async def get_channel(request: Request, channel_id: str) -> Response:
    catalog = _sim(request).catalog
    if not channel_id.isdigit() or int(channel_id) not in catalog.channels:
        return json_response(f"Channel with id {channel_id} not found", 404)
    return json_response(catalog.channels[int(channel_id)])
