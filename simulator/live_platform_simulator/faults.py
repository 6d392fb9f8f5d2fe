"""Fault injection settings and decisions: random 5xx, 429 + Retry-After, latency, dropped connections and the
deterministic ``script`` queue. Applied by the middleware to /tenantui routes and the token route only."""

from __future__ import annotations

import copy
import fnmatch
import random
import threading
from dataclasses import dataclass
from typing import Any

from .settings import Settings

ACTIONS = ("status", "drop_before", "drop_after", "delay")


class FaultConfigError(ValueError):
    pass


@dataclass
class Decision:
    action: str | None = None  # None, "status", "drop_before", "drop_after"
    status: int = 0
    retry_after: float | None = None
    delay: float = 0.0  # seconds to wait before handling (script delay + latency)
    fault: str | None = None  # label written to the request log
    scripted_delay: bool = False


def _rate(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise FaultConfigError(f"{name} must be a number between 0 and 1")
    return float(value)


def _nonneg(value: Any, name: str, integer: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise FaultConfigError(f"{name} must be a non-negative number")
    if integer:
        if int(value) != value:
            raise FaultConfigError(f"{name} must be an integer")
        return int(value)
    return float(value)


class Faults:
    """Current fault configuration (mutable through PATCH /_simulator/faults)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.rng = random.Random(settings.random_seed)
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        s = self.settings
        self.values: dict[str, Any] = {
            "error_rate": float(s.error_rate),
            "error_statuses": [500, 502, 503],
            "throttle_rate": float(s.throttle_rate),
            "retry_after": s.retry_after,
            "latency_ms": int(s.latency_ms),
            "latency_jitter_ms": int(s.latency_jitter_ms),
            "drop_rate": float(s.drop_rate),
            "token_lifetime": int(s.token_lifetime),
            "max_concurrent_deployments": int(s.max_concurrent_deployments),
            "deployment_time": float(s.deployment_time),
            "deletion_time": float(s.deletion_time),
            "mode": s.mode,
            "fail_deployments": {"sbc_ids": [], "script_ids": [], "short_names": []},
            "script": [],
            "echo_request": False,
            "clear_text_secrets": False,
            "progress_secrets": False,
        }

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def snapshot(self) -> dict[str, Any]:
        return copy.deepcopy(self.values)

    def update(self, patch: Any) -> None:
        """Validate then apply a partial update; nothing changes when any value is invalid."""
        if not isinstance(patch, dict):
            raise FaultConfigError("the body must be a JSON object")
        new = copy.deepcopy(self.values)
        for key, value in patch.items():
            if key not in new:
                raise FaultConfigError(f"unknown fault setting {key!r}")
            if key in ("error_rate", "throttle_rate", "drop_rate"):
                new[key] = _rate(value, key)
            elif key in ("retry_after", "deployment_time", "deletion_time"):
                new[key] = _nonneg(value, key)
            elif key in ("latency_ms", "latency_jitter_ms", "token_lifetime", "max_concurrent_deployments"):
                new[key] = _nonneg(value, key, integer=True)
            elif key in ("echo_request", "clear_text_secrets", "progress_secrets"):
                if not isinstance(value, bool):
                    raise FaultConfigError(f"{key} must be true or false")
                new[key] = value
            elif key == "mode":
                if value not in ("sync", "async"):
                    raise FaultConfigError("mode must be sync or async")
                new[key] = value
            elif key == "error_statuses":
                if (not isinstance(value, list) or not value
                        or not all(isinstance(v, int) and 400 <= v <= 599 for v in value)):
                    raise FaultConfigError("error_statuses must be a non-empty list of HTTP status codes")
                new[key] = list(value)
            elif key == "fail_deployments":
                if not isinstance(value, dict):
                    raise FaultConfigError("fail_deployments must be an object")
                fd = new[key]
                for sub, items in value.items():
                    if sub not in fd or not isinstance(items, list):
                        raise FaultConfigError(f"fail_deployments.{sub} must be one of sbc_ids, script_ids, "
                                               "short_names with a list value")
                    fd[sub] = [str(i).lower() for i in items] if sub == "short_names" else [int(i) for i in items]
            elif key == "script":
                new[key] = [self._script_entry(e) for e in (value or [])]
        with self._lock:
            self.values = new

    @staticmethod
    def _script_entry(entry: Any) -> dict[str, Any]:
        if not isinstance(entry, dict):
            raise FaultConfigError("each script entry must be an object")
        action = entry.get("action")
        if action not in ACTIONS:
            raise FaultConfigError(f"script action must be one of {', '.join(ACTIONS)}")
        match = entry.get("match") or {}
        if not isinstance(match, dict):
            raise FaultConfigError("script match must be an object")
        out = {
            "match": {"method": str(match["method"]).upper() if match.get("method") else None,
                      "path": match.get("path")},
            "action": action,
            "times": int(entry.get("times", 1)),
        }
        if action == "status":
            status = entry.get("status", 503)
            if not isinstance(status, int) or not 100 <= status <= 599:
                raise FaultConfigError("script status must be an HTTP status code")
            out["status"] = status
        if "retry_after" in entry and entry["retry_after"] is not None:
            out["retry_after"] = _nonneg(entry["retry_after"], "retry_after")
        if action == "delay":
            out["seconds"] = _nonneg(entry.get("seconds", 0.5), "seconds")
        if out["times"] < 1:
            raise FaultConfigError("script times must be at least 1")
        return out

    # -- decisions -----------------------------------------------------------------------------------------------
    def _take_script(self, method: str, path: str) -> dict[str, Any] | None:
        with self._lock:
            for entry in self.values["script"]:
                m = entry["match"]
                if m["method"] and m["method"] != method:
                    continue
                if m["path"] and not (m["path"] == path or fnmatch.fnmatchcase(path, m["path"])):
                    continue
                entry["times"] -= 1
                if entry["times"] <= 0:
                    self.values["script"].remove(entry)
                return dict(entry)
        return None

    def decide(self, method: str, path: str) -> Decision:
        v = self.values
        d = Decision()
        entry = self._take_script(method, path)
        if entry is not None:
            act = entry["action"]
            if act == "delay":
                d.delay = entry["seconds"]
                d.scripted_delay = True
                d.fault = "delay"
            elif act == "status":
                d.action, d.status = "status", entry["status"]
                d.retry_after = entry.get("retry_after")
                if d.retry_after is None and d.status == 429:
                    d.retry_after = v["retry_after"]
                d.fault = "throttled" if d.status == 429 else f"status_{d.status}"
            else:
                d.action = d.fault = act
            return d
        rng = self.rng
        if v["latency_ms"] or v["latency_jitter_ms"]:
            d.delay = (v["latency_ms"] + rng.uniform(0, v["latency_jitter_ms"])) / 1000.0
        if v["drop_rate"] and rng.random() < v["drop_rate"]:
            d.action = d.fault = "drop_before" if rng.random() < 0.5 else "drop_after"
        elif v["throttle_rate"] and rng.random() < v["throttle_rate"]:
            d.action, d.status, d.retry_after, d.fault = "status", 429, v["retry_after"], "throttled"
        elif v["error_rate"] and rng.random() < v["error_rate"]:
            d.action, d.status = "status", rng.choice(v["error_statuses"])
            d.fault = f"status_{d.status}"
        return d
