"""Platform variants: one switch per point where the API documentation is silent or contradicts itself.

``VARIANTS`` is the one table of switches (name -> allowed values, the first being the default); the CLI
(``--variant NAME=VALUE``), the admin API (``GET``/``PATCH /_simulator/variants``) and the README all follow it.
The store keeps canonical values (deployment states ``InProgress``/``Deployed``/``Failed``/``Deleting``); the
switches only change what the API views show, except ``uniqueness`` (which services may coexist).
"""

from __future__ import annotations

import copy
import threading
from typing import Any, Mapping

from .deployments import STATE_CODES

VARIANTS: dict[str, tuple[str, ...]] = {
    # POST /api/v2/customer success answer (primary document: first vs second Example Response; tasks: API §4/§7)
    "create_answer": ("full", "echo", "task", "job", "text"),
    # vocabulary of deploymentState / sbcDeploymentState (API §2: the list of values is cut off)
    "states": ("canonical", "upper", "lower", "error", "integer", "missing"),
    # list answers: bare array or {"<key>": [...], "totalCount": N} (API §2/§5: paging and list shapes UNK)
    "list_wrapper": ("none", "items", "value", "data"),
    # GET /api/v2/scripttemplates pageNumber/pageSize (API §5: parameter names UNK)
    "paging": ("honoured", "ignored"),
    # GET /api/v2/sbc[/{id}] (API §5: the SBC URL is not public)
    "sbc_catalogue": ("present", "absent"),
    # format of a script template's customerVariables (API §5: exact format UNK)
    "template_variables": ("list", "string", "objects", "absent"),
    # scope of the short-name uniqueness (API §2 rule: unique per M365 tenant)
    "uniqueness": ("tenant", "global"),
    # where GET /api/v3/customer/{id} carries the deployment state (API §2: V3 single read's fields UNK)
    "single_read_state": ("top_level", "sites_only"),
    # success answer of PATCH /api/v2/customer/{guid}/sitelocation/ (API §7: the Modify SIP Connection response UNK)
    "modify_answer": ("task", "one", "empty"),
    # which field of PATCH /api/v3/customer/{guid} names the new licence (API §7: the field table says
    # upgradeToLicense, the example sends licenseType; which one the platform reads is UNK)
    "license_field": ("both", "license_type", "upgrade_to_license"),
}

DEFAULTS: dict[str, str] = {name: values[0] for name, values in VARIANTS.items()}

# Views of the canonical (stored) deployment states per ``states`` value; ``missing`` has none (the key is left out).
_CANONICAL = ("Unknown", "InProgress", "Deployed", "Failed", "Deleting")
STATE_VOCABULARIES: dict[str, dict[str, Any]] = {
    "canonical": {s: s for s in _CANONICAL},
    "upper": {"Unknown": "UNKNOWN", "InProgress": "IN_PROGRESS", "Deployed": "DEPLOYED", "Failed": "FAILED",
              "Deleting": "DELETING"},
    "lower": {s: s.lower() for s in _CANONICAL},
    "error": {"Unknown": "Unknown", "InProgress": "Pending", "Deployed": "Deployed", "Failed": "Error",
              "Deleting": "Deleting"},
    "integer": dict(STATE_CODES),
}


class VariantError(ValueError):
    pass


def check(name: Any, value: Any) -> str:
    """The value when ``name`` is a switch and ``value`` one of its values; else VariantError naming the allowed."""
    if not isinstance(name, str) or name not in VARIANTS:
        raise VariantError(f"unknown variant {name!r} (known: {', '.join(VARIANTS)})")
    allowed = VARIANTS[name]
    if not isinstance(value, str) or value not in allowed:
        raise VariantError(f"variant {name}: unknown value {value!r} (allowed: {', '.join(allowed)})")
    return value


def parse_assignment(text: str) -> tuple[str, str]:
    """``NAME=VALUE`` of the ``--variant`` option."""
    name, sep, value = text.partition("=")
    if not sep:
        raise VariantError(f"expected NAME=VALUE, got {text!r} (names: {', '.join(VARIANTS)})")
    name, value = name.strip(), value.strip()
    return name, check(name, value)


def state_view(state: str, vocabulary: str) -> Any:
    """The stored (canonical) state as the ``states`` vocabulary shows it (``missing``: callers leave it out)."""
    return STATE_VOCABULARIES.get(vocabulary, STATE_VOCABULARIES["canonical"]).get(state, state)


class Variants:
    """Current switch values: the start-up (CLI) values, changed at run time by PATCH, restored by reset."""

    def __init__(self, initial: Mapping[str, str] | None = None):
        start = dict(DEFAULTS)
        for name, value in (initial or {}).items():
            start[name] = check(name, value)
        self.initial = start
        self._lock = threading.Lock()
        self.values: dict[str, str] = dict(start)

    def reset(self) -> None:
        with self._lock:
            self.values = dict(self.initial)

    def __getitem__(self, name: str) -> str:
        return self.values[name]

    def snapshot(self) -> dict[str, str]:
        return copy.deepcopy(self.values)

    def update(self, patch: Any) -> None:
        """Validate every entry, then apply all of them; nothing changes when one is invalid."""
        if not isinstance(patch, dict):
            raise VariantError("the body must be a JSON object of variant names to values")
        new = dict(self.values)
        for name, value in patch.items():
            new[name] = check(name, value)
        with self._lock:
            self.values = new
