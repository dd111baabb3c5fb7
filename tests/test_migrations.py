"""SQLite schema versions and the migration path."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from partnermap.errors import StoreError, StoreUnavailableError
from partnermap.store.sqlite import MIGRATIONS, SCHEMA_VERSION, SQLiteStore

PROJECT = {
    "id": "project:old",
    "kind": "project",
    "name": "Vana projekt",
    "project_kind": "project",
    "start": "2020-01-01",
    "end": "2021-12-31",
    "sources": [{"document": "x", "section": "y"}],
}


def test_version_one_database_is_migrated_with_its_data(tmp_path: Path) -> None:
    db = tmp_path / "v1.db"
    conn = sqlite3.connect(db)
    MIGRATIONS[0](conn)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO nodes (id, kind, name, data) VALUES (?, ?, ?, ?)",
        ("project:old", "project", "Vana projekt", json.dumps(PROJECT)),
    )
    conn.commit()
    conn.close()
    with SQLiteStore(db) as store:
        assert store.schema_version() == SCHEMA_VERSION == 2
        assert store.get_node("project:old").name == "Vana projekt"  # type: ignore[union-attr]
        # the new period columns were filled from the stored data
        assert [n.id for n in store.list_nodes(as_of=date(2020, 6, 1))] == ["project:old"]
        assert store.list_nodes(as_of=date(2022, 6, 1)) == []


def test_newer_database_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "future.db"
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer than this partnermap supports"):
        SQLiteStore(db)


def test_not_a_database(tmp_path: Path) -> None:
    db = tmp_path / "notes.db"
    db.write_text("hello, this is not SQLite " * 100)
    with pytest.raises(StoreUnavailableError, match="not a usable SQLite store"):
        SQLiteStore(db)


def test_opening_twice_is_harmless(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "a.db") as one, SQLiteStore(tmp_path / "a.db") as two:
        assert one.schema_version() == two.schema_version() == SCHEMA_VERSION
