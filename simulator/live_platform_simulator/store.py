"""State of the simulator: services (with their sites), tasks and metadata.

Everything lives in memory dictionaries (fast reads, O(1) look-ups, short-name index for uniqueness) and is written
through to SQLite (stdlib sqlite3): a file given with ``--db PATH`` survives a restart, ``:memory:`` does not.
All access happens on the event loop thread, so a check-then-insert without ``await`` in between is atomic; the
UNIQUE index on the lower-cased short name is a second guard.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any, Iterator

SCHEMA = """
CREATE TABLE IF NOT EXISTS services (
    id TEXT PRIMARY KEY,
    short_lower TEXT NOT NULL UNIQUE,
    seq INTEGER NOT NULL,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tasks (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class DuplicateShortName(Exception):
    pass


class Store:
    def __init__(self, path: str = ":memory:"):
        self.path = path
        self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        if path != ":memory:":
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        self.services: dict[str, dict[str, Any]] = {}
        self.by_short: dict[str, str] = {}
        self.site_index: dict[str, str] = {}
        self.tasks: dict[str, dict[str, Any]] = {}
        self._seq = 0
        self._load()

    # -- loading -------------------------------------------------------------------------------------------------
    def _load(self) -> None:
        for sid, seq, data in self.db.execute("SELECT id, seq, data FROM services ORDER BY seq"):
            rec = json.loads(data)
            self.services[sid] = rec
            self.by_short[rec["shortName"].lower()] = sid
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
    def find_short(self, short_name: str) -> dict[str, Any] | None:
        sid = self.by_short.get(short_name.lower())
        return self.services.get(sid) if sid else None

    def insert_service(self, rec: dict[str, Any]) -> None:
        key = rec["shortName"].lower()
        if key in self.by_short:
            raise DuplicateShortName(rec["shortName"])
        self._seq += 1
        try:
            self.db.execute(
                "INSERT INTO services(id, short_lower, seq, data) VALUES (?, ?, ?, ?)",
                (rec["id"], key, self._seq, json.dumps(rec)),
            )
        except sqlite3.IntegrityError as exc:
            raise DuplicateShortName(rec["shortName"]) from exc
        self.services[rec["id"]] = rec
        self.by_short[key] = rec["id"]
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
        self.by_short.pop(rec["shortName"].lower(), None)
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
