"""Pure ASGI middleware: request log, metrics and fault injection (latency, 5xx, 429, dropped connections)."""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING, Any

from .faults import Decision
from .requestlog import parse_body
from .responses import dumps, json_response, problem

if TYPE_CHECKING:  # pragma: no cover
    from .app import Simulator

DROP_KEY = "live_platform_simulator.drop"
TOKEN_ROUTE = "POST /{tenant}/oauth2/v2.0/token"
TITLES = {429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
          504: "Gateway Timeout"}


class ConnectionDropped(ConnectionError):
    """Raised instead of dropping when the server gives no transport (in-process TestClient)."""


async def drop_connection(scope: dict[str, Any]) -> None:
    drop = scope.get("extensions", {}).get(DROP_KEY)
    if drop is None:
        raise ConnectionDropped("simulated dropped connection")
    drop()
    await asyncio.sleep(0)


def echo_body(answer: bytes, request_body: bytes) -> bytes:
    """The error answer with the request body added: ``request`` in a JSON object, appended to a bare string."""
    text = request_body.decode("utf-8", "replace")
    try:
        echoed: Any = json.loads(text)
    except ValueError:
        echoed = text
    try:
        parsed = json.loads(answer) if answer else None
    except ValueError:
        parsed = answer.decode("utf-8", "replace")
    if isinstance(parsed, dict):
        parsed["request"] = echoed
    else:
        parsed = f"{'' if parsed is None else parsed} (request: {text})"
    return dumps(parsed)


async def send_echoed(send: Any, start: dict[str, Any], answer: bytes, request_body: bytes) -> None:
    if start["status"] >= 400:
        answer = echo_body(answer, request_body)
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        start = dict(start, headers=headers + [(b"content-length", str(len(answer)).encode())])
    await send(start)
    await send({"type": "http.response.body", "body": answer, "more_body": False})


class SimulatorMiddleware:
    def __init__(self, app: Any, sim: "Simulator"):
        self.app = app
        self.sim = sim

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/_simulator"):
            await self.app(scope, receive, send)
            return
        sim = self.sim
        chunks = []
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> dict[str, Any]:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        method, path = scope["method"], scope["path"]
        route = sim.route_key(scope)
        faultable = path.startswith("/tenantui/") or route == TOKEN_ROUTE
        decision = sim.faults.decide(method, path) if faultable else Decision()
        result: dict[str, Any] = {"status": None, "bytes": 0}
        swallow = decision.action == "drop_after"
        # echo_request: error answers (>= 400) carry the request body as received, secrets and all, as some
        # real APIs do; clients must mask it before it reaches any output.
        echo = faultable and not swallow and bool(sim.faults["echo_request"])
        held: dict[str, Any] = {"start": None, "body": []}

        async def send_wrapper(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                result["status"] = message["status"]
            elif message["type"] == "http.response.body":
                result["bytes"] += len(message.get("body", b""))
            if swallow:
                return
            if echo:
                if message["type"] == "http.response.start":
                    held["start"] = message
                    return
                if message["type"] == "http.response.body":
                    held["body"].append(message.get("body", b""))
                    if not message.get("more_body"):
                        await send_echoed(send, held["start"], b"".join(held["body"]), body)
                    return
            await send(message)

        dropped = False
        try:
            if decision.delay > 0:
                await asyncio.sleep(decision.delay)
                sim.metrics.fault("delayed")
            if decision.action == "drop_before":
                dropped = True
                sim.metrics.fault("dropped")
                await drop_connection(scope)
                return
            if decision.action == "status":
                sim.metrics.fault(decision.fault or f"status_{decision.status}")
                headers = {}
                if decision.retry_after is not None:
                    ra = decision.retry_after
                    headers["Retry-After"] = str(int(ra) if float(ra).is_integer() else ra)
                response = problem(decision.status, TITLES.get(decision.status, "Simulated fault"),
                                   "Simulated fault injected by the Live Platform simulator.", path,
                                   code="SimulatedFault", headers=headers)
                await response(scope, replay, send_wrapper)
                return
            if sim.hides(scope):  # a route removed by a platform variant: FastAPI's unknown-route answer, no auth
                await json_response({"detail": "Not Found"}, 404)(scope, replay, send_wrapper)
            else:
                await self.app(scope, replay, send_wrapper)
            if decision.action == "drop_after":
                dropped = True
                sim.metrics.fault("dropped")
                await drop_connection(scope)
        finally:
            content_type = ""
            for k, v in scope.get("headers", ()):
                if k == b"content-type":
                    content_type = v.decode("latin-1")
                    break
            key = route or f"{method} <unmatched>"
            sim.metrics.record(key, None if dropped else result["status"], len(body),
                               0 if dropped else result["bytes"])
            sim.log.add(method, path, scope.get("query_string", b"").decode("latin-1"), route,
                        result["status"], decision.fault, parse_body(body, content_type))
