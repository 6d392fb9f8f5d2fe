"""Bounded request log (ring buffer) with secrets masked, and the counters of GET /_simulator/metrics."""

from __future__ import annotations

import itertools
import json
import time
from collections import deque
from typing import Any
from urllib.parse import parse_qsl

MASK = "********"
SECRET_KEYS = {"client_secret", "carrieruserpassword", "access_token", "authorization", "refresh_token", "password",
               "applicationclientsecret"}
# Any other key ending so is a secret too (e.g. a differently spelt carrier password field).
SECRET_SUFFIXES = ("password", "secret")


def is_secret_key(key: Any) -> bool:
    name = str(key).lower()
    return name in SECRET_KEYS or name.endswith(SECRET_SUFFIXES)


def mask(value: Any) -> Any:
    """Return a copy of a parsed body with every secret value replaced by ``********`` (keys in any case): the
    create's and the Modify SIP Connection's ``CarrierUserPassword``, the licence change's
    ``applicationClientSecret``, tokens and client secrets."""
    if isinstance(value, dict):
        return {k: (MASK if is_secret_key(k) else mask(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [mask(v) for v in value]
    return value


def parse_body(body: bytes, content_type: str) -> Any:
    if not body:
        return None
    if "application/x-www-form-urlencoded" in content_type:
        try:
            return mask(dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)))
        except ValueError:
            return "<unparsable form>"
    try:
        return mask(json.loads(body))
    except (ValueError, UnicodeDecodeError):
        return "<non-JSON body of %d bytes>" % len(body)


class RequestLog:
    def __init__(self, size: int = 100_000, path: str | None = None):
        self.entries: deque[dict[str, Any]] = deque(maxlen=size)
        self._seq = itertools.count(1)
        self.path = path
        self._file = open(path, "a", encoding="utf-8") if path else None  # noqa: SIM115 - closed in close()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def add(self, method: str, path: str, query: str, route: str | None, status: int | None,
            fault: str | None, body: Any) -> dict[str, Any]:
        entry = {
            "seq": next(self._seq),
            "time": time.time(),
            "method": method,
            "path": path,
            "query": query,
            "route": route,
            "status": status,
            "fault": fault,
            "body": body,
        }
        self.entries.append(entry)
        if self._file is not None:
            # One JSON line per request, flushed at once: the file outlives a restart (the ring buffer does not).
            self._file.write(json.dumps(entry, ensure_ascii=False) + "\n")
            self._file.flush()
        return entry

    def query(self, method: str | None = None, path: str | None = None, since: int | None = None) -> list[dict]:
        out = []
        for e in self.entries:
            if since is not None and e["seq"] <= since:
                continue
            if method and e["method"] != method.upper():
                continue
            if path and e["path"] != path and e["route"] != path:
                continue
            out.append(e)
        return out

    def clear(self) -> None:
        self.entries.clear()


class Metrics:
    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.total = {"requests": 0, "request_bytes": 0, "response_bytes": 0}
        self.routes: dict[str, dict[str, Any]] = {}
        self.faults: dict[str, int] = {"throttled": 0, "dropped": 0, "delayed": 0}
        self.deployments = {"started": 0, "deployed": 0, "failed": 0, "max_concurrent": 0}

    def record(self, route: str, status: int | None, req_bytes: int, resp_bytes: int) -> None:
        self.total["requests"] += 1
        self.total["request_bytes"] += req_bytes
        self.total["response_bytes"] += resp_bytes
        r = self.routes.get(route)
        if r is None:
            r = self.routes[route] = {"requests": 0, "request_bytes": 0, "response_bytes": 0, "statuses": {}}
        r["requests"] += 1
        r["request_bytes"] += req_bytes
        r["response_bytes"] += resp_bytes
        key = str(status) if status is not None else "dropped"
        r["statuses"][key] = r["statuses"].get(key, 0) + 1

    def fault(self, name: str) -> None:
        self.faults[name] = self.faults.get(name, 0) + 1

    def snapshot(self) -> dict[str, Any]:
        return json.loads(json.dumps({
            "total": self.total, "routes": self.routes, "faults": self.faults, "deployments": self.deployments,
        }))
