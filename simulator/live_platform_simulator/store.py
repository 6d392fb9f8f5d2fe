"""State of the simulator: services (with their sites), tasks and metadata.

Everything lives in memory dictionaries (fast reads, O(1) look-ups, short-name index for uniqueness) and is written
through to SQLite (stdlib sqlite3): a file given with ``--db PATH`` survives a restart, ``:memory:`` does not.
All access happens on the event loop thread, so a check-then-insert without ``await`` in between is atomic; the
UNIQUE index on (lower-cased short name, lower-cased M365 tenant id) is a second guard.

Short-name uniqueness follows the ``uniqueness`` variant, passed in as ``scope``: ``tenant`` (the documented rule:
unique per M365 tenant, case-insensitively) or ``global`` (unique across the platform: any tenant counts).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any, Iterator

SERVICES_TABLE = """CREATE TABLE IF NOT EXISTS services (
    id TEXT PRIMARY KEY,
    short_lower TEXT NOT NULL,
    tenant_lower TEXT NOT NULL,
    seq INTEGER NOT NULL,
    data TEXT NOT NULL,
    UNIQUE (short_lower, tenant_lower)
)"""
SCHEMA = SERVICES_TABLE + """;
CREATE TABLE IF NOT EXISTS tasks (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class DuplicateShortName(Exception):
    pass


def _keys(rec: dict[str, Any]) -> tuple[str, str]:
    """(short name, M365 tenant id), both lower-cased: the uniqueness key of a service."""
    return str(rec["shortName"]).lower(), str(rec.get("msTenantId") or "").lower()


class Store:
    def __init__(self, path: str = ":memory:"):
        self.path = path
        self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        if path != ":memory:":
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
        self._migrate()
        self.db.executescript(SCHEMA)
        self.services: dict[str, dict[str, Any]] = {}
        # short name (lower) -> {M365 tenant id (lower) -> service id}, in insertion order
        self.by_short: dict[str, dict[str, str]] = {}
        self.site_index: dict[str, str] = {}
        self.tasks: dict[str, dict[str, Any]] = {}
        self._seq = 0
        self._load()

    # -- loading -------------------------------------------------------------------------------------------------
    def _migrate(self) -> None:
        """A file made before the per-tenant rule has ``short_lower UNIQUE`` and no ``tenant_lower``: rebuild it."""
        columns = [row[1] for row in self.db.execute("PRAGMA table_info(services)")]
        if not columns or "tenant_lower" in columns:
            return
        rows = self.db.execute("SELECT id, seq, data FROM services ORDER BY seq").fetchall()
        self.db.execute("BEGIN")
        try:
            self.db.execute("DROP TABLE services")
            self.db.execute(SERVICES_TABLE)
            for sid, seq, data in rows:
                short, tenant = _keys(json.loads(data))
                self.db.execute("INSERT INTO services(id, short_lower, tenant_lower, seq, data) "
                                "VALUES (?, ?, ?, ?, ?)", (sid, short, tenant, seq, data))
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _load(self) -> None:
        for sid, seq, data in self.db.execute("SELECT id, seq, data FROM services ORDER BY seq"):
            rec = json.loads(data)
            self.services[sid] = rec
            short, tenant = _keys(rec)
            self.by_short.setdefault(short, {})[tenant] = sid
            for site in rec["sites"]:
                self.site_index[site["id"]] = sid
            self._seq = max(self._seq, seq)
        for tid, data in self.db.execute("SELECT id, data FROM tasks"):
            self.tasks[tid] = json.loads(data)

    # -- meta ----------------------------------------------------------------------------------------------------
    def get_meta(self, key: str, default: Any = None) -> Any:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def set_meta(self, key: str, value: Any) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, json.dumps(value)))

    def next_counter(self, key: str, start: int = 1) -> int:
        value = int(self.get_meta(key, start - 1)) + 1
        self.set_meta(key, value)
        return value

    # -- services ------------------------------------------------------------------------------------------------
    def find_short(self, short_name: str, tenant: str | None = None, scope: str = "tenant") -> dict[str, Any] | None:
        """The service that holds ``short_name`` (case-insensitively) under the uniqueness ``scope``: in M365 tenant
        ``tenant`` (scope ``tenant``), or in any tenant (scope ``global``, or no tenant given; the oldest first)."""
        entries = self.by_short.get(short_name.lower())
        if not entries:
            return None
        if scope == "global" or tenant is None:
            sid: str | None = next(iter(entries.values()))
        else:
            sid = entries.get(tenant.lower())
        return self.services.get(sid) if sid else None

    def insert_service(self, rec: dict[str, Any], scope: str = "tenant") -> None:
        short, tenant = _keys(rec)
        if self.find_short(short, tenant, scope) is not None:
            raise DuplicateShortName(rec["shortName"])
        self._seq += 1
        try:
            self.db.execute(
                "INSERT INTO services(id, short_lower, tenant_lower, seq, data) VALUES (?, ?, ?, ?, ?)",
                (rec["id"], short, tenant, self._seq, json.dumps(rec)),
            )
        except sqlite3.IntegrityError as exc:
            raise DuplicateShortName(rec["shortName"]) from exc
        self.services[rec["id"]] = rec
        self.by_short.setdefault(short, {})[tenant] = rec["id"]
        for site in rec["sites"]:
            self.site_index[site["id"]] = rec["id"]

    def save_service(self, rec: dict[str, Any]) -> None:
        if rec["id"] not in self.services:
            return  # deleted meanwhile
        self.db.execute("UPDATE services SET data=? WHERE id=?", (json.dumps(rec), rec["id"]))
        for site in rec["sites"]:
            self.site_index[site["id"]] = rec["id"]

    def delete_service(self, service_id: str) -> None:
        rec = self.services.pop(service_id, None)
        if rec is None:
            return
        short, tenant = _keys(rec)
        entries = self.by_short.get(short)
        if entries is not None and entries.get(tenant) == service_id:
            del entries[tenant]
            if not entries:
                del self.by_short[short]
        for site in rec["sites"]:
            self.site_index.pop(site["id"], None)
        self.db.execute("DELETE FROM services WHERE id=?", (service_id,))

    def forget_site(self, site_id: str) -> None:
        self.site_index.pop(site_id, None)

    def site(self, site_id: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
        sid = self.site_index.get(site_id)
        rec = self.services.get(sid) if sid else None
        if rec is None:
            return None
        for site in rec["sites"]:
            if site["id"] == site_id:
                return rec, site
        return None

    def iter_services(self) -> Iterator[dict[str, Any]]:
        return iter(list(self.services.values()))

    # -- tasks ---------------------------------------------------------------------------------------------------
    def new_task_id(self) -> str:
        return f"tsk_{self.next_counter('task_counter', start=841001)}"

    def save_task(self, task: dict[str, Any]) -> None:
        self.tasks[task["id"]] = task
        self.db.execute("INSERT OR REPLACE INTO tasks(id, data) VALUES (?, ?)", (task["id"], json.dumps(task)))

    # -- reset ---------------------------------------------------------------------------------------------------
    def clear(self) -> None:
        self.db.execute("DELETE FROM services")
        self.db.execute("DELETE FROM tasks")
        self.services.clear()
        self.by_short.clear()
        self.site_index.clear()
        self.tasks.clear()

    def close(self) -> None:
        try:
            self.db.close()
        except sqlite3.Error:
            pass
