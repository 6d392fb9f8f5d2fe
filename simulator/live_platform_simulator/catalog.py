"""Seed loading and the read-only catalogues: API clients, SBCs, script templates, channels."""

from __future__ import annotations

import copy
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

DEFAULT_SCOPE = "api://9d576dc4-b85d-4571-880e-4c6ed4c08c31/.default"
SCRIPT_TYPES = {"SBC": 1, "M365": 2}


class SeedError(ValueError):
    pass


def load_seed(name: str | None) -> dict[str, Any]:
    """Load a seed by name ("default") or YAML/JSON file path."""
    if name in (None, "", "default"):
        text = resources.files("live_platform_simulator").joinpath("seeds/default.yaml").read_text("utf-8")
    else:
        path = Path(name)
        if not path.exists():
            builtin = resources.files("live_platform_simulator").joinpath(f"seeds/{name}.yaml")
            if builtin.is_file():
                text = builtin.read_text("utf-8")
            else:
                raise SeedError(f"seed not found: {name}")
        else:
            text = path.read_text("utf-8")
    data = yaml.safe_load(text) or {}
    if not isinstance(data, dict):
        raise SeedError("a seed must be a mapping")
    return data


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise SeedError(f"{what} must be an integer")
    try:
        return int(value)
    except ValueError as exc:
        raise SeedError(f"{what} must be an integer") from exc


class Catalog:
    """Immutable view of one seed's catalogues."""

    def __init__(self, seed: dict[str, Any]):
        if not isinstance(seed, dict):
            raise SeedError("a seed must be a mapping")
        try:
            self._load(seed)
        except (AttributeError, TypeError, KeyError) as exc:
            raise SeedError(f"malformed seed: {exc}") from None

    def _load(self, seed: dict[str, Any]) -> None:
        self.seed = copy.deepcopy(seed)
        self.scope: str = str(seed.get("scope") or DEFAULT_SCOPE)
        self.clients: dict[str, dict[str, Any]] = {}
        for c in seed.get("api_clients") or []:
            if not isinstance(c, dict) or not c.get("client_id") or not c.get("tenant_id"):
                raise SeedError("each api_clients entry needs tenant_id and client_id")
            self.clients[str(c["client_id"]).lower()] = {
                "tenant_id": str(c["tenant_id"]).lower(),
                "client_id": str(c["client_id"]),
                "client_secret": str(c.get("client_secret", "")),
                "name": str(c.get("name", "LiveCloud-APIToken")),
            }
        self.tenants = {c["tenant_id"] for c in self.clients.values()}

        self.sbcs: dict[int, dict[str, Any]] = {}
        for s in seed.get("sbcs") or []:
            sid = _int(s.get("sbcId", s.get("id")), "sbcId")
            self.sbcs[sid] = {
                "sbcId": sid,
                "name": str(s.get("name", f"SBC-{sid}")),
                "fqdn": str(s.get("fqdn", "")),
                "ipAddress": str(s.get("ipAddress", "")),
                "cacProfiles": [str(x) for x in s.get("cacProfiles") or []],
                "proxySets": [str(x) for x in s.get("proxySets") or []],
                "faulty": bool(s.get("faulty", False)),
            }

        self.templates: dict[int, dict[str, Any]] = {}
        for t in seed.get("script_templates") or []:
            tid = _int(t.get("id"), "script template id")
            stype = t.get("scriptType", "SBC")
            if isinstance(stype, str):
                if stype.upper() not in SCRIPT_TYPES:
                    raise SeedError(f"unknown scriptType {stype!r}")
                stype = SCRIPT_TYPES[stype.upper()]
            self.templates[tid] = {
                "id": tid,
                "name": str(t.get("name", f"script-{tid}")),
                "scriptType": int(stype),
                "description": str(t.get("description", "")),
                "script": str(t.get("script") or f"# simulated script {t.get('name', tid)}\n"),
                "customerVariables": [str(v) for v in t.get("customerVariables") or []],
                "related": [_int(r, "relatedScripts entry") for r in t.get("relatedScripts") or []],
                "faulty": bool(t.get("faulty", False)),
            }

        self.channels: dict[int, dict[str, Any]] = {}
        for ch in seed.get("channels") or []:
            cid = _int(ch.get("id"), "channel id")
            self.channels[cid] = {"id": cid, "name": str(ch.get("name", f"channel-{cid}"))}

        self.services: list[dict[str, Any]] = list(seed.get("services") or [])

    def template_json(self, tid: int, all_details: bool, variables: str = "list") -> dict[str, Any]:
        """One script template; ``variables`` is the ``template_variables`` variant (``list`` of names, one
        comma-separated ``string``, ``objects`` ``{"name": ...}``, or ``absent``: no key)."""
        t = self.templates[tid]
        item: dict[str, Any] = {
            "id": t["id"],
            "name": t["name"],
            "scriptType": t["scriptType"],
            "description": t["description"],
        }
        if all_details:
            item["script"] = t["script"]
        names = list(t["customerVariables"])
        if variables == "string":
            item["customerVariables"] = ",".join(names)
        elif variables == "objects":
            item["customerVariables"] = [{"name": n} for n in names]
        elif variables != "absent":
            item["customerVariables"] = names
        item["relatedScripts"] = [
            {"key": r, "value": self.templates[r]["name"] if r in self.templates else str(r)} for r in t["related"]
        ]
        return item

    def sbc_json(self, sid: int) -> dict[str, Any]:
        s = self.sbcs[sid]
        return {k: s[k] for k in ("sbcId", "name", "fqdn", "ipAddress", "cacProfiles", "proxySets")}
