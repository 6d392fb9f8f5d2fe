"""Admin API of the simulator under /_simulator (no auth, never faulted, not logged)."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from starlette.responses import Response

from .catalog import SeedError
from .faults import FaultConfigError
from .responses import json_response
from .validation import ValidationFailed
from .variants import VariantError
from .views import admin_service

router = APIRouter(prefix="/_simulator")


def _error(status: int, message: str) -> Response:
    return json_response({"error": message}, status)


async def _body(request: Request):
    raw = await request.body()
    if not raw:
        return None
    return json.loads(raw)


@router.get("/health")
async def health() -> Response:
    return json_response({"status": "ok"})


@router.post("/reset")
async def reset(request: Request) -> Response:
    await request.app.state.sim.reset()
    return json_response({"status": "reset"})


@router.post("/seed")
async def seed(request: Request) -> Response:
    sim = request.app.state.sim
    try:
        body = await _body(request)
        if not isinstance(body, dict):
            raise SeedError("the seed must be a JSON object")
        created = await sim.apply_seed(body)
    except (ValueError, SeedError) as exc:
        return _error(400, str(exc))
    except ValidationFailed as exc:
        return _error(400, f"seed service rejected: {exc}")
    return json_response({"status": "seeded", "services": created})


@router.get("/faults")
async def get_faults(request: Request) -> Response:
    return json_response(request.app.state.sim.faults.snapshot())


@router.patch("/faults")
async def patch_faults(request: Request) -> Response:
    sim = request.app.state.sim
    try:
        sim.faults.update(await _body(request))
    except (ValueError, FaultConfigError) as exc:
        return _error(400, str(exc))
    await sim.engine.kick()
    return json_response(sim.faults.snapshot())


@router.get("/variants")
async def get_variants(request: Request) -> Response:
    return json_response(request.app.state.sim.variants.snapshot())


@router.patch("/variants")
async def patch_variants(request: Request) -> Response:
    """Partial update of the platform variants (variants.VARIANTS); an unknown name or value: 400, nothing changes."""
    sim = request.app.state.sim
    try:
        sim.variants.update(await _body(request))
    except (ValueError, VariantError) as exc:
        return _error(400, str(exc))
    return json_response(sim.variants.snapshot())


@router.post("/tokens/expire")
async def expire_tokens(request: Request) -> Response:
    request.app.state.sim.auth.expire_all()
    return json_response({"status": "expired"})


@router.get("/tokens")
async def tokens(request: Request) -> Response:
    """Every access token this process issued, in clear: for tests that check no output shows one."""
    return json_response({"tokens": list(request.app.state.sim.auth.issued)})


@router.get("/metrics")
async def metrics(request: Request) -> Response:
    return json_response(request.app.state.sim.metrics.snapshot())


@router.get("/requests")
async def requests_log(request: Request) -> Response:
    q = request.query_params
    since = q.get("since")
    try:
        since_n = int(since) if since else None
    except ValueError:
        return _error(400, "since must be an integer")
    return json_response(request.app.state.sim.log.query(q.get("method"), q.get("path"), since_n))


@router.delete("/requests")
async def clear_requests(request: Request) -> Response:
    request.app.state.sim.log.clear()
    return json_response({"status": "cleared"})


@router.get("/services")
async def services(request: Request) -> Response:
    return json_response([admin_service(s) for s in request.app.state.sim.store.services.values()])
