"""A frozen copy of the Neo4j writer and reader of schema version 2 (partnermap before the
labelled model): every node a ``:PMNode`` with its scalar fields, ``valid_from``/``valid_to``
(a project's start and end), ``data`` (the record's JSON) and ``digest``; every relation a
``:REL`` relationship with ``id``, ``kind``, its scalar fields, ``data`` and ``digest``.

Kept so that the migration to the current schema is tested against what the old code
wrote, not against what the new code believes it wrote. Do not change it to follow the
current model.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from neo4j import Driver, ManagedTransaction

from partnermap.model import Dataset, Node, Relation, node_adapter

V2_SCHEMA = (
    "CREATE CONSTRAINT pm_node_id IF NOT EXISTS FOR (n:PMNode) REQUIRE n.id IS UNIQUE",
    "CREATE INDEX pm_node_kind IF NOT EXISTS FOR (n:PMNode) ON (n.kind)",
    "CREATE CONSTRAINT pm_rel_id IF NOT EXISTS FOR ()-[r:REL]-() REQUIRE r.id IS UNIQUE",
    "CREATE INDEX pm_rel_kind IF NOT EXISTS FOR ()-[r:REL]-() ON (r.kind)",
    "CREATE CONSTRAINT pm_meta_key IF NOT EXISTS FOR (m:PMMeta) REQUIRE m.key IS UNIQUE",
    "CREATE INDEX pm_node_period IF NOT EXISTS FOR (n:PMNode) ON (n.valid_from, n.valid_to)",
)


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _scalar_props(data: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if isinstance(v, (str, int, float, bool))}


def node_row(node: Node) -> dict[str, Any]:
    data = node.model_dump(mode="json")
    start = data.get("start") if node.kind == "project" else None
    end = data.get("end") if node.kind == "project" else None
    props = _scalar_props(data)
    text = json.dumps(data, ensure_ascii=False)
    props.update(valid_from=start, valid_to=end, data=text, digest=_digest(text))
    return {"id": node.id, "props": props}


def relation_row(rel: Relation) -> dict[str, Any]:
    data = rel.model_dump(mode="json")
    props = _scalar_props(data)
    text = json.dumps(data, ensure_ascii=False)
    props.update(data=text, digest=_digest(text))
    return {"id": rel.id, "source": rel.source, "target": rel.target, "props": props}


def write_v2(
    driver: Driver,
    dataset: Dataset,
    *,
    extra_nodes: list[dict[str, Any]] = (),  # type: ignore[assignment]
) -> None:
    """Empty the database and write ``dataset`` as schema version 2 did (plus raw
    ``extra_nodes`` rows, e.g. a record the current model refuses)."""
    with driver.session() as session:
        session.run("MATCH (n) DETACH DELETE n").consume()
        for statement in V2_SCHEMA:
            session.run(statement).consume()
        session.run("CALL db.awaitIndexes(300)").consume()

        def work(tx: ManagedTransaction) -> None:
            rows = [node_row(n) for n in dataset.nodes] + list(extra_nodes)
            tx.run("UNWIND $rows AS row CREATE (n:PMNode) SET n = row.props", rows=rows).consume()
            tx.run(
                "UNWIND $rows AS row MATCH (s:PMNode {id: row.source}) MATCH (t:PMNode {id: row.target}) "
                "CREATE (s)-[r:REL]->(t) SET r = row.props",
                rows=[relation_row(r) for r in dataset.relations],
            ).consume()
            tx.run("MERGE (m:PMMeta {key: 'schema'}) SET m.version = 2").consume()

        session.execute_write(work)


def read_v2(driver: Driver) -> Dataset:
    """What schema version 2's ``dump`` returned: every record from its ``data``."""
    with driver.session() as session:
        nodes = [
            node_adapter.validate_json(r[0])
            for r in session.run("MATCH (n:PMNode) RETURN n.data ORDER BY n.id")
        ]
        relations = [
            Relation.model_validate_json(r[0])
            for r in session.run("MATCH ()-[r:REL]->() RETURN r.data ORDER BY r.id")
        ]
    return Dataset(nodes=nodes, relations=relations)
