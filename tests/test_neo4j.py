"""Neo4j specifics, against real dev servers: CLI, identical exports, errors, a crash mid-load.

The Store protocol itself is covered by tests/conformance, which runs on Neo4j too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from neo4j import GraphDatabase
from typer.testing import CliRunner

from partnermap.cli import app
from partnermap.errors import StoreError, StoreUnavailableError
from partnermap.io.dataset import write_dataset
from partnermap.store import open_store
from partnermap.store.neo4j import SCHEMA_VERSION, Neo4jStore, _digests_by_id, _parse_url, schema_statements
from partnermap.synth import synthesize
from tests.neo4j_server import DevServer, free_port


def invoke(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def secured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevServer]:
    """A second dev server with authentication on."""
    server = DevServer(tmp_path_factory.mktemp("neo4j-auth"), password="s3cret-Pa55")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def test_url_parsing() -> None:
    assert _parse_url("neo4j://neo4j:pw@localhost:7687/partners") == (
        "neo4j://localhost:7687",
        ("neo4j", "pw"),
        "partners",
    )
    assert _parse_url("bolt://127.0.0.1:7999") == ("bolt://127.0.0.1:7999", None, None)
    assert _parse_url("neo4j+s://u:p%40ss@db.example.org") == (
        "neo4j+s://db.example.org",
        ("u", "p@ss"),
        None,
    )
    with pytest.raises(StoreError, match="has no host"):
        _parse_url("neo4j:///nohost")


def test_cli_load_export_summary_on_neo4j(neo4j_url: str, tmp_path: Path, runner: CliRunner) -> None:
    with open_store(neo4j_url) as fresh:
        fresh.clear()
    sqlite = f"sqlite:///{tmp_path / 'a.db'}"
    for url in (neo4j_url, sqlite):
        invoke(runner, "--store", url, "load")
        assert "0 new, 0 updated" in invoke(runner, "--store", url, "load")
    for fmt in ("yaml", "json"):
        a, b = tmp_path / f"neo4j.{fmt}", tmp_path / f"sqlite.{fmt}"
        invoke(runner, "--store", neo4j_url, "export", "--format", fmt, "-o", str(a))
        invoke(runner, "--store", sqlite, "export", "--format", fmt, "-o", str(b))
        assert a.read_bytes() == b.read_bytes()
        assert len(a.read_bytes()) > 50_000
    one = json.loads(invoke(runner, "--store", neo4j_url, "summary", "--as-of", "2025-06-01", "--json"))
    two = json.loads(invoke(runner, "--store", sqlite, "summary", "--as-of", "2025-06-01", "--json"))
    assert one == two
    assert one["nodes_by_kind"]["municipality"] == 79


def test_server_down_is_a_clear_error(runner: CliRunner) -> None:
    url = f"neo4j://neo4j:hunter2@127.0.0.1:{free_port()}"
    with pytest.raises(
        StoreUnavailableError, match=r"cannot reach Neo4j at neo4j://neo4j:\*\*\*@127\.0\.0\.1"
    ):
        Neo4jStore(url, connect_timeout=2)
    result = runner.invoke(app, ["--store", url, "summary"])
    assert result.exit_code == 1
    assert "cannot reach Neo4j" in result.output
    assert "hunter2" not in result.output and "Traceback" not in result.output


def test_wrong_password_is_a_clear_error(secured: DevServer, runner: CliRunner) -> None:
    good = Neo4jStore(secured.uri)
    assert good.count_nodes() == 0
    good.close()
    bad = f"neo4j://neo4j:wrong-one@127.0.0.1:{secured.port}"
    with pytest.raises(StoreUnavailableError, match="refused the user name or password") as caught:
        Neo4jStore(bad)
    assert "wrong-one" not in str(caught.value)
    assert "neo4j://neo4j:***@127.0.0.1" in str(caught.value)
    result = runner.invoke(app, ["--store", bad, "summary"])
    assert result.exit_code == 1 and "wrong-one" not in result.output


def test_unknown_database_is_a_clear_error(neo4j_url: str) -> None:
    with pytest.raises(StoreUnavailableError, match="has no database 'nosuchdb'"):
        Neo4jStore(neo4j_url.rstrip("/") + "/nosuchdb")


def test_constraints_and_indexes_exist(neo4j_url: str) -> None:
    with Neo4jStore(neo4j_url) as store:
        names = {row[0] for row in store._read("SHOW CONSTRAINTS YIELD name RETURN name")}
        indexes = {row[0] for row in store._read("SHOW INDEXES YIELD name RETURN name")}
        assert {"pm_node_id", "pm_meta_key", "pm_member_of_id", "pm_located_in_id"} <= names
        assert {"pm_organisation_id", "pm_project_period"} <= indexes
        # one per kind, derived from the enums; the old model's are gone
        assert set(schema_statements()) <= names | indexes
        assert not {"pm_rel_id", "pm_node_kind", "pm_rel_kind", "pm_node_period"} & (names | indexes)
        # connecting again is idempotent
        with Neo4jStore(neo4j_url) as again:
            assert again.schema_version() == store.schema_version() == SCHEMA_VERSION == 3


def test_injection_through_cypher_like_text(neo4j_url: str) -> None:
    """Names, ids and filter values that are Cypher stay data."""
    from partnermap.model import Organisation

    with Neo4jStore(neo4j_url) as store:
        store.clear()
        evil = "x'}) MATCH (n) DETACH DELETE n //"
        store.upsert_node(
            Organisation(id="org:evil", name=evil, org_kind="ngo", sector="non_profit", sources=["t#1"])
        )
        store.upsert_node(
            Organisation(id="org:other", name="Teine", org_kind="ngo", sector="non_profit", sources=["t#1"])
        )
        assert store.list_nodes(where={"name": evil})[0].id == "org:evil"
        assert store.list_nodes(where={"sector": "x' OR 1=1 RETURN n //"}) == []
        assert store.get_node("org:other' OR '1'='1") is None
        assert store.count_nodes() == 2
        with pytest.raises(StoreError, match="invalid filter field"):
            store.list_nodes(where={"name} RETURN n //": 1})


def test_crash_in_the_middle_of_a_load(tmp_path: Path) -> None:
    """SIGKILL the server while a large load runs: after a restart, all of it or none."""
    big = tmp_path / "big.json"
    dataset = synthesize(orgs=20000, seed=11)
    write_dataset(dataset, big)
    total = len(dataset.nodes)
    server = DevServer(tmp_path / "data")
    server.start()
    try:
        env = {**os.environ, "PARTNERMAP_NEO4J_RETRY_SECONDS": "3", "PARTNERMAP_STORE": server.uri}
        proc = subprocess.Popen(
            [sys.executable, "-m", "partnermap", "load", str(big)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert proc.stderr is not None
        # wait for "loading N nodes and M relations into ... (one transaction)"
        line = ""
        while "one transaction" not in line:
            line = proc.stderr.readline()
            assert line, "the CLI ended without starting the load"
        # Kill the server only once the load's transaction is running and writing batches:
        # the server itself lists it, with the query it is executing.
        watcher = GraphDatabase.driver(f"bolt://127.0.0.1:{server.port}", auth=None)
        writing = False
        deadline = time.monotonic() + 120
        try:
            while not writing and time.monotonic() < deadline and proc.poll() is None:
                records, _, _ = watcher.execute_query(
                    "SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery", database_="neo4j"
                )
                writing = any("CREATE (" in (r["currentQuery"] or "") for r in records)
                time.sleep(0.02)
        finally:
            watcher.close()
        assert writing, "never saw the load's transaction writing; the load may have finished"
        server.kill()
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 1, out + err
        assert "cannot reach Neo4j" in err or "unavailable" in err, err
        assert "Traceback" not in err
        server.start()
        with Neo4jStore(server.uri) as store:
            held = store.count_nodes()
            assert held in (0, total), f"{held} of {total} nodes: a partial load survived"
            relations = store.count_relations()
            assert relations in (0, len(dataset.relations))
            assert (held == 0) == (relations == 0)
    finally:
        server.stop()


def _operators(plan: dict[str, Any]) -> list[str]:
    return [plan["operatorType"].split("@")[0]] + [
        op for child in plan.get("children", []) for op in _operators(child)
    ]


def test_reload_lookups_seek_the_id_index(neo4j_url: str) -> None:
    """A reload asks for the digests of thousands of relationships by id at once: the plan
    seeks each id or reads the type's id index once, never a scan of the index per id (the
    plan an UNWIND of the ids got: a reload of 10,000 organisations took 67 s, not 4)."""
    dataset = synthesize(orgs=300, seed=3)
    with Neo4jStore(neo4j_url) as store:
        store.clear()
        store.load(dataset)
        uri, auth, database = _parse_url(neo4j_url)
        with GraphDatabase.driver(uri, auth=auth) as driver:
            for kind in ("located_in", "member_of", "partner_in"):
                ids = [r.id for r in dataset.relations if r.kind.value == kind] * 20  # thousands
                assert len(ids) > 2000
                plan = driver.execute_query("EXPLAIN " + _digests_by_id(kind), ids=ids, database_=database)
                operators = _operators(plan.summary.plan)
                scans = [op for op in operators if "Scan" in op]
                seeks = [op for op in operators if "Seek" in op]
                assert scans or seeks, operators
                assert len(scans) <= 1 and not (scans and "Apply" in operators), operators
        store.clear()
