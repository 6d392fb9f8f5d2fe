"""JSON responses without per-item model validation (listing thousands of services stays cheap)."""

from __future__ import annotations

import json
import uuid
from typing import Any

from starlette.responses import Response


def dumps(obj: Any) -> bytes:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def json_response(obj: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(dumps(obj), status_code=status, media_type="application/json", headers=headers)


def problem(status: int, title: str, detail: str, instance: str, *, errors: dict[str, list[str]] | None = None,
            code: str | None = None, headers: dict[str, str] | None = None) -> Response:
    """An ASP.NET-style ProblemDetails body (type, title, status, detail, instance, errorTicket, errorCode, traceId)."""
    types = {
        400: "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        401: "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        404: "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        429: "https://tools.ietf.org/html/rfc6585#section-4",
    }
    body: dict[str, Any] = {
        "type": types.get(status, "https://tools.ietf.org/html/rfc9110#section-15.6.1"),
        "title": title,
        "status": status,
        "detail": detail,
        "instance": instance,
        "errorTicket": uuid.uuid4().hex[:12].upper(),
        "errorCode": code or title.replace(" ", "").replace(".", ""),
        "traceId": f"00-{uuid.uuid4().hex}-{uuid.uuid4().hex[:16]}-00",
    }
    if errors is not None:
        body["errors"] = errors
    return json_response(body, status, headers)
