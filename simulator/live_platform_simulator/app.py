"""FastAPI application factory and the ``Simulator`` state container."""

from __future__ import annotations

import contextlib
from typing import Any, AsyncIterator
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request
from starlette.responses import Response
from starlette.routing import compile_path

from . import admin, api
from .auth import Auth, AuthError
from .catalog import Catalog, load_seed
from .deployments import DeploymentEngine
from .faults import Faults
from .middleware import SimulatorMiddleware
from .requestlog import Metrics, RequestLog
from .responses import json_response, problem
from .settings import Settings
from .store import DuplicateShortName, Store
from .validation import ValidationFailed, seed_licence, validate_create
from .variants import Variants
from .views import build_service


TOKEN_PATH = "/{tenant}/oauth2/v2.0/token"
# Routes that do not exist while the ``sbc_catalogue`` variant is ``absent`` (404 as an unknown route, unmatched).
SBC_ROUTES = frozenset({"/tenantui/api/v2/sbc", "/tenantui/api/v2/sbc/{sbc_id}"})


class Simulator:
    """Everything the routes share: settings, variants, store, catalogues, auth, faults, metrics, log and the
    engine."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.variants = Variants(settings.variants)
        self.store = Store(settings.db)
        stored_seed = self.store.get_meta("seed")
        if settings.seed is None and stored_seed is not None:
            seed = stored_seed
        else:
            seed = load_seed(settings.seed)
        self.catalog = Catalog(seed)
        self.store.set_meta("seed", self.catalog.seed)
        self.auth = Auth(self.store)
        self.faults = Faults(settings)
        self.metrics = Metrics()
        self.log = RequestLog(settings.request_log_size, settings.request_log_file)
        self.engine = DeploymentEngine(self)
        self.routes: list[Any] = []
        self._create_seed_services(self.catalog.services, replace=False)

    def _create_seed_services(self, bodies: list[Any], replace: bool) -> int:
        created = 0
        records = []
        for body in bodies:
            data = validate_create(self.catalog, body)
            data["licence"] = seed_licence(body)
            records.append((body, data))
        for body, data in records:
            if self.store.find_short(data["shortName"], data["msTenantId"], self.variants["uniqueness"]) is not None:
                if replace:
                    raise ValidationFailed({"shortName": [f"duplicate seed service {data['shortName']}"]})
                continue
            svc = build_service(data, state="Deployed")
            svc["licenseType"], svc["licensedUsersCount"] = data["licence"]
            if isinstance(body, dict) and body.get("id"):
                svc["id"] = str(body["id"]).lower()
            try:
                self.store.insert_service(svc, self.variants["uniqueness"])
            except DuplicateShortName:
                continue
            created += 1
        return created

    def set_routes(self, routers: list[Any]) -> None:
        """Route templates for metrics and the request log (independent of the framework's route internals)."""
        table = []
        for prefix, routes in routers:
            for route in routes:
                path = route.path if route.path.startswith(prefix) else prefix + route.path
                regex, _, _ = compile_path(path)
                table.append((regex, frozenset(route.methods or ()), path))
        self.routes = table

    def hidden(self, template: str) -> bool:
        """True for a route that a platform variant removes (it answers as an unknown route would)."""
        return template in SBC_ROUTES and self.variants["sbc_catalogue"] == "absent"

    def hides(self, scope: dict[str, Any]) -> bool:
        """True when the request's path (any method) is a route that a platform variant removes."""
        if self.variants["sbc_catalogue"] == "present":
            return False
        path = scope["path"]
        return any(template in SBC_ROUTES and regex.match(path) for regex, _, template in self.routes)

    def route_key(self, scope: dict[str, Any]) -> str | None:
        path, method = scope["path"], scope["method"]
        for regex, methods, template in self.routes:
            if method in methods and regex.match(path):
                return None if self.hidden(template) else f"{method} {template}"
        return None

    async def reset(self) -> None:
        await self.engine.cancel_all()
        self.store.clear()
        self.log.clear()
        self.metrics.reset()
        self.faults.reset()
        self.variants.reset()
        self.catalog = Catalog(self.store.get_meta("seed"))

    async def apply_seed(self, seed: dict[str, Any]) -> int:
        catalog = Catalog(seed)  # validates before anything changes
        old = self.catalog
        self.catalog = catalog
        if "services" in seed:
            try:
                for body in catalog.services:
                    validate_create(catalog, body)
                    seed_licence(body)
            except ValidationFailed:
                self.catalog = old
                raise
            await self.engine.cancel_all()
            self.store.clear()
            created = self._create_seed_services(catalog.services, replace=True)
        else:
            created = 0
        self.store.set_meta("seed", catalog.seed)
        return created


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    sim = Simulator(settings)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        sim.engine.bind()
        try:
            yield
        finally:
            await sim.engine.shutdown()
            sim.store.close()
            sim.log.close()

    app = FastAPI(title="Live Platform simulator", docs_url=None, redoc_url=None, openapi_url=None,
                  lifespan=lifespan)
    app.state.sim = sim

    @app.exception_handler(api.Unauthorized)
    async def unauthorized(request: Request, exc: api.Unauthorized) -> Response:
        return problem(401, "Unauthorized", exc.detail, request.url.path, code="Unauthorized",
                       headers={"WWW-Authenticate": f'Bearer error="invalid_token", error_description="{exc.detail}"'})

    @app.post(TOKEN_PATH)
    async def token(request: Request, tenant: str) -> Response:
        form = dict(parse_qsl((await request.body()).decode("utf-8", "replace"), keep_blank_values=True))
        try:
            answer = sim.auth.issue(sim.catalog, tenant, form, sim.faults["token_lifetime"])
        except AuthError as exc:
            return json_response(exc.body, exc.status)
        return json_response(answer, headers={"Cache-Control": "no-store, no-cache", "Pragma": "no-cache"})

    token_route = next(r for r in app.router.routes if getattr(r, "path", None) == TOKEN_PATH)
    app.include_router(api.router)
    app.include_router(admin.router)
    sim.set_routes([("", [token_route]), (api.router.prefix, api.router.routes)])
    app.add_middleware(SimulatorMiddleware, sim=sim)
    return app
