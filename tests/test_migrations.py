"""Schema versions and the migration paths: SQLite, and Neo4j from the old :PMNode/:REL model."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from neo4j import Driver, GraphDatabase

from partnermap.datasets import bundled_dataset
from partnermap.errors import StoreError, StoreUnavailableError
from partnermap.io.dataset import dump_dataset
from partnermap.model import Dataset
from partnermap.store.neo4j import SCHEMA_VERSION as NEO4J_SCHEMA_VERSION
from partnermap.store.neo4j import Neo4jStore, label_of, rel_type_of, schema_statements
from partnermap.store.sqlite import MIGRATIONS, SCHEMA_VERSION, SQLiteStore
from tests.legacy_neo4j_v2 import read_v2, write_v2
from tests.record_shapes import shapes_dataset

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


# ------------------------------------------------------------------ Neo4j


@pytest.fixture
def neo4j_driver(neo4j_url: str) -> Iterator[Driver]:
    driver = GraphDatabase.driver(neo4j_url.replace("neo4j://", "bolt://"), auth=None)
    try:
        yield driver
    finally:
        driver.close()


def _v2_dataset() -> Dataset:
    bundled = bundled_dataset()
    shapes = shapes_dataset()
    known = bundled.node_ids()
    return Dataset(
        nodes=[*bundled.nodes, *(n for n in shapes.nodes if n.id not in known)],
        relations=[
            *bundled.relations,
            *(r for r in shapes.relations if r.id not in {x.id for x in bundled.relations}),
        ],
    )


def test_neo4j_version_two_store_is_migrated_on_connect(neo4j_url: str, neo4j_driver: Driver) -> None:
    """A store the old code wrote (:PMNode + :REL + data JSON) becomes the labelled graph on
    connect; its export before equals its export after."""
    dataset = _v2_dataset()
    write_v2(neo4j_driver, dataset)
    before = read_v2(neo4j_driver)
    assert len(before.nodes) == len(dataset.nodes) and len(before.relations) == len(dataset.relations)
    with Neo4jStore(neo4j_url) as store:
        assert store.schema_version() == NEO4J_SCHEMA_VERSION == 3
        after = store.dump()
        assert dump_dataset(after) == dump_dataset(before)
        assert after.nodes == before.nodes and after.relations == before.relations
        labels = store._read(
            "MATCH (n:PMNode) RETURN n.kind, labels(n), n.data IS NULL, n.valid_from IS NULL"
        )
        assert len(labels) == len(dataset.nodes)
        for kind, node_labels, no_data, no_old_period in labels:
            assert sorted(node_labels) == sorted(["PMNode", label_of(kind)])
            assert no_data and no_old_period
        types = store._read("MATCH ()-[r]->() RETURN type(r), r.kind, r.data IS NULL")
        assert len(types) == len(dataset.relations)
        assert all(t == rel_type_of(k) and no_data for t, k, no_data in types)
        names = {r[0] for r in store._read("SHOW INDEXES YIELD name RETURN name")}
        assert not {"pm_rel_id", "pm_node_kind", "pm_rel_kind", "pm_node_period"} & names
        assert set(schema_statements()) <= names
        # what the old code wrote reads as what the new code writes: a reload changes nothing
        assert store.load(dataset).changed == 0
    with Neo4jStore(neo4j_url) as again:  # connecting again finds nothing to do
        assert again.dump() == after


def test_neo4j_migration_is_one_transaction(neo4j_url: str, neo4j_driver: Driver) -> None:
    """A stored record the model refuses stops the migration with a clear error, and the
    store stays as the old code left it."""
    broken = {
        "id": "org:broken",
        "props": {"id": "org:broken", "kind": "organisation", "data": '{"id": "org:broken"}'},
    }
    write_v2(neo4j_driver, bundled_dataset(), extra_nodes=[broken])
    before = neo4j_driver.execute_query(
        "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n), count(r), collect(DISTINCT labels(n))"
    ).records[0]
    with pytest.raises(
        StoreError,
        match=r"cannot migrate .*: 1 stored record\(s\) are not valid: node 'org:broken': .*; nothing",
    ):
        Neo4jStore(neo4j_url)
    after = neo4j_driver.execute_query(
        "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n), count(r), collect(DISTINCT labels(n))"
    ).records[0]
    assert list(after) == list(before)
    assert neo4j_driver.execute_query("MATCH ()-[r:REL]->() RETURN count(r)").records[0][0] > 0
    assert neo4j_driver.execute_query("MATCH (m:PMMeta) RETURN m.version").records[0][0] == 2


def test_neo4j_concurrent_connects_migrate_once(neo4j_url: str, neo4j_driver: Driver) -> None:
    dataset = bundled_dataset()
    write_v2(neo4j_driver, dataset)
    before = read_v2(neo4j_driver)
    errors: list[BaseException] = []

    def connect() -> None:
        try:
            with Neo4jStore(neo4j_url) as store:
                store.count_nodes()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=connect) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with Neo4jStore(neo4j_url) as store:
        assert store.dump() == before
        assert store.count_relations() == len(dataset.relations)
