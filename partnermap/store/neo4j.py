"""Neo4jStore: the graph on a Neo4j server or cluster, through the official driver.

URL: ``neo4j://USER:PASS@HOST:7687[/DATABASE]`` (also ``neo4j+s://``, ``bolt://``...).
Without user information the driver connects with no authentication.

Every node is a ``:PMNode`` with ``id``, ``kind``, ``name``, its scalar fields as
properties (so filters and Cypher users can see them) and ``data``, the model's JSON,
from which it is read back exactly. Every relation is a ``:REL`` relationship with
``id``, ``kind``, period and ``data``. Query text is fixed; every value, id and field
name travels as a parameter (``n[$field] = $value``), never as Cypher.

Writes run in managed write transactions, which the driver retries on transient errors;
a bulk load is one transaction of UNWIND batches, so it lands whole or not at all.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

import neo4j
from neo4j import GraphDatabase, ManagedTransaction
from neo4j import exceptions as neo4j_errors

from partnermap.errors import StoreError, StoreUnavailableError
from partnermap.model import Dataset, Node, NodeKind, Relation, RelationKind, node_adapter, period_fields
from partnermap.store.base import (
    Direction,
    DryRunRollback,
    LoadResult,
    Neighbour,
    Progress,
    Scalar,
    check_changed,
    check_filter_fields,
    check_load,
    check_relation,
    split_changes,
)
from partnermap.store.urls import mask_url
from partnermap.validation import referenced_ids

__all__ = ["SCHEMA_VERSION", "Neo4jStore"]

T = TypeVar("T")
_BATCH = 2000  # rows per UNWIND statement

# Lookups of relationships by id say which index to use: on a freshly loaded database the
# planner's statistics may still count no relationships and choose a scan, which a cached
# plan then repeats for every one of a hundred thousand ids.

#: Statements that take a database from schema version ``i`` to ``i + 1``; each one is
#: idempotent, so running them again when connecting is harmless.
MIGRATIONS: Sequence[Sequence[str]] = (
    (
        "CREATE CONSTRAINT pm_node_id IF NOT EXISTS FOR (n:PMNode) REQUIRE n.id IS UNIQUE",
        "CREATE INDEX pm_node_kind IF NOT EXISTS FOR (n:PMNode) ON (n.kind)",
        "CREATE CONSTRAINT pm_rel_id IF NOT EXISTS FOR ()-[r:REL]-() REQUIRE r.id IS UNIQUE",
        "CREATE INDEX pm_rel_kind IF NOT EXISTS FOR ()-[r:REL]-() ON (r.kind)",
        "CREATE CONSTRAINT pm_meta_key IF NOT EXISTS FOR (m:PMMeta) REQUIRE m.key IS UNIQUE",
    ),
    ("CREATE INDEX pm_node_period IF NOT EXISTS FOR (n:PMNode) ON (n.valid_from, n.valid_to)",),
)
SCHEMA_VERSION = len(MIGRATIONS)


def _parse_url(url: str) -> tuple[str, tuple[str, str] | None, str | None]:
    """(driver URI without credentials or path, auth, database)."""
    parts = urlsplit(url)
    if not parts.hostname:
        raise StoreError(f"Neo4j URL {mask_url(url)!r} has no host")
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    try:
        port = parts.port
    except ValueError:
        raise StoreError(f"Neo4j URL {mask_url(url)!r} has an invalid port") from None
    uri = f"{parts.scheme}://{host}" + (f":{port}" if port else "")
    auth = None
    if parts.username is not None:
        auth = (unquote(parts.username), unquote(parts.password or ""))
    database = parts.path.strip("/") or None
    return uri, auth, database


def _digest(text: str) -> str:
    """A short fingerprint of a record's JSON: loads compare it instead of the whole text."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _scalar_props(data: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if isinstance(v, (str, int, float, bool))}


class Neo4jStore:
    """The Store protocol on Neo4j 5.

    Parameters
    ----------
    url : str
        ``neo4j://USER:PASS@HOST:PORT[/DATABASE]`` or another Bolt scheme.
    connect_timeout : float
        Seconds to wait for the server when connecting.
    retry_seconds : float
        How long a write transaction is retried on transient errors or a lost server
        (:attr:`partnermap.settings.Settings.neo4j_retry_seconds`).
    """

    def __init__(self, url: str, *, connect_timeout: float = 10.0, retry_seconds: float = 30.0) -> None:
        self.url = url
        self._shown = mask_url(url)
        uri, auth, database = _parse_url(url)
        self._database = database
        try:
            self._driver = GraphDatabase.driver(
                uri,
                auth=auth,
                connection_timeout=connect_timeout,
                max_transaction_retry_time=retry_seconds,
                user_agent="partnermap",
                # Schema lookups on a fresh database draw "property does not exist" notices.
                notifications_min_severity="OFF",
                telemetry_disabled=True,
            )
        except (neo4j_errors.ConfigurationError, ValueError) as exc:
            raise StoreError(f"cannot use Neo4j URL {self._shown}: {exc}") from None
        try:
            self._driver.verify_connectivity()
            self._migrate()
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError, OSError) as exc:
            self._driver.close()
            raise self._translate(exc) from None
        except BaseException:
            self._driver.close()
            raise

    # ------------------------------------------------------------------ plumbing

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Neo4jStore({self._shown!r})"

    def close(self) -> None:
        self._driver.close()

    def _translate(self, exc: Exception) -> StoreError:
        where = self._shown
        if isinstance(exc, neo4j_errors.AuthError):
            return StoreUnavailableError(f"Neo4j at {where} refused the user name or password")
        if isinstance(exc, (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired)):
            return StoreUnavailableError(f"cannot reach Neo4j at {where}: is the server running?")
        if isinstance(exc, neo4j_errors.Neo4jError):
            code = exc.code or ""
            if "DatabaseNotFound" in code:
                return StoreUnavailableError(f"Neo4j at {where} has no database {self._database!r}")
            if "MemoryPoolOutOfMemoryError" in code:
                return StoreError(
                    f"Neo4j at {where} ran out of transaction memory: a load is one transaction, "
                    "so raise dbms.memory.transaction.total.max (and the heap) or load in parts"
                )
            if "DatabaseUnavailable" in code or isinstance(exc, neo4j_errors.TransientError):
                return StoreUnavailableError(f"the Neo4j database at {where} is unavailable: {exc.message}")
            return StoreError(f"Neo4j at {where}: {exc.message}")
        if isinstance(exc, neo4j_errors.DriverError):
            return StoreUnavailableError(f"Neo4j at {where}: {exc}")
        return StoreError(f"Neo4j at {where}: {exc}")

    def _session(self) -> neo4j.Session:
        return self._driver.session(database=self._database)

    def _write(self, work: Callable[[ManagedTransaction], T]) -> T:
        try:
            with self._session() as session:
                return session.execute_write(work)
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError, OSError) as exc:
            raise self._translate(exc) from None

    def _read(self, query: str, **params: Any) -> list[Any]:
        def work(tx: ManagedTransaction) -> list[Any]:
            return [tuple(record.values()) for record in tx.run(query, params)]

        try:
            with self._session() as session:
                return session.execute_read(work)
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError, OSError) as exc:
            raise self._translate(exc) from None

    def _migrate(self) -> None:
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"the Neo4j store at {self._shown} has schema version {current}, newer than "
                f"this partnermap supports ({SCHEMA_VERSION}); upgrade partnermap"
            )
        # Schema statements cannot share a transaction with writes; each is idempotent.
        try:
            with self._session() as session:
                for step in MIGRATIONS:
                    for statement in step:
                        session.run(statement).consume()
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError, OSError) as exc:
            raise self._translate(exc) from None
        if current < SCHEMA_VERSION:
            self._write(
                lambda tx: tx.run(
                    "MERGE (m:PMMeta {key: 'schema'}) SET m.version = $version", version=SCHEMA_VERSION
                ).consume()
            )

    def schema_version(self) -> int:
        rows = self._read("MATCH (m:PMMeta {key: 'schema'}) RETURN m.version")
        return int(rows[0][0]) if rows else 0

    # ------------------------------------------------------------------ rows

    @staticmethod
    def _node_row(node: Node) -> dict[str, Any]:
        data = node.model_dump(mode="json")
        fields = period_fields(node.kind)  # projects' and survey waves' start..end
        start, end = (data.get(fields[0]), data.get(fields[1])) if fields else (None, None)
        props = _scalar_props(data)
        text = json.dumps(data, ensure_ascii=False)
        props.update(valid_from=start, valid_to=end, data=text, digest=_digest(text))
        return {"id": node.id, "props": props}

    @staticmethod
    def _relation_row(rel: Relation) -> dict[str, Any]:
        data = rel.model_dump(mode="json")
        props = _scalar_props(data)
        text = json.dumps(data, ensure_ascii=False)
        props.update(data=text, digest=_digest(text))
        return {"id": rel.id, "source": rel.source, "target": rel.target, "props": props}

    @staticmethod
    def _kinds_tx(tx: ManagedTransaction, ids: Iterable[str]) -> dict[str, NodeKind]:
        wanted = sorted(set(ids))
        out: dict[str, NodeKind] = {}
        for start in range(0, len(wanted), _BATCH):
            result = tx.run(
                "UNWIND $ids AS id MATCH (n:PMNode {id: id}) RETURN n.id AS id, n.kind AS kind",
                ids=wanted[start : start + _BATCH],
            )
            out.update({r["id"]: NodeKind(r["kind"]) for r in result})
        return out

    @staticmethod
    def _write_nodes(
        tx: ManagedTransaction, created: list[dict[str, Any]], updated: list[dict[str, Any]]
    ) -> None:
        # The caller knows which ids exist, so new nodes are CREATEd, not MERGEd.
        # SET n = props replaces every property, so fields that became empty disappear.
        if created:
            tx.run("UNWIND $rows AS row CREATE (n:PMNode) SET n = row.props", rows=created).consume()
        if updated:
            tx.run(
                "UNWIND $rows AS row MATCH (n:PMNode {id: row.id}) SET n = row.props", rows=updated
            ).consume()

    @staticmethod
    def _write_relations(
        tx: ManagedTransaction, created: list[dict[str, Any]], updated: list[dict[str, Any]]
    ) -> None:
        # An updated relation is replaced, since its endpoints may have changed; and CREATE
        # between bound nodes avoids MERGE's scan of every relationship of busy nodes.
        if updated:
            tx.run(
                "UNWIND $ids AS id MATCH ()-[r:REL {id: id}]->() USING INDEX r:REL(id) DELETE r",
                ids=[row["id"] for row in updated],
            ).consume()
        rows = created + updated
        if rows:
            tx.run(
                "UNWIND $rows AS row "
                "MATCH (s:PMNode {id: row.source}) MATCH (t:PMNode {id: row.target}) "
                "CREATE (s)-[r:REL]->(t) SET r = row.props",
                rows=rows,
            ).consume()

    # ------------------------------------------------------------------ nodes

    def node_kinds(self, ids: Iterable[str]) -> dict[str, NodeKind]:
        wanted = list(ids)
        return self._read_tx(lambda tx: self._kinds_tx(tx, wanted))

    def _read_tx(self, work: Callable[[ManagedTransaction], T]) -> T:
        try:
            with self._session() as session:
                return session.execute_read(work)
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError, OSError) as exc:
            raise self._translate(exc) from None

    def upsert_node(self, node: Node) -> bool:
        row = self._node_row(node)

        def work(tx: ManagedTransaction) -> bool:
            old = tx.run("MATCH (n:PMNode {id: $id}) RETURN n.digest AS digest", id=node.id).single()
            if old is None:
                self._write_nodes(tx, [row], [])
            elif old["digest"] != row["props"]["digest"]:
                self._write_nodes(tx, [], [row])
            else:
                return False
            return True

        return self._write(work)

    def create_node(self, node: Node) -> bool:
        row = self._node_row(node)

        def work(tx: ManagedTransaction) -> bool:
            # MERGE under the id's uniqueness constraint is an atomic insert-if-absent.
            record = tx.run(
                "MERGE (n:PMNode {id: $id}) ON CREATE SET n = $props, n.pm_created = true "
                "WITH n, coalesce(n.pm_created, false) AS created REMOVE n.pm_created RETURN created",
                id=node.id,
                props=row["props"],
            ).single()
            return bool(record and record["created"])

        return self._write(work)

    def update_node(self, node_id: str, change: Callable[[Node], Node]) -> Node | None:
        def work(tx: ManagedTransaction) -> Node | None:
            # Writing first takes the node's lock: concurrent changes wait, none is lost.
            record = tx.run(
                "MATCH (n:PMNode {id: $id}) SET n.pm_lock = true REMOVE n.pm_lock RETURN n.data AS data",
                id=node_id,
            ).single()
            if record is None:
                return None
            before = node_adapter.validate_json(record["data"])
            after = change(before)
            check_changed(before, after)
            self._write_nodes(tx, [], [self._node_row(after)])
            return after

        return self._write(work)

    def get_node(self, node_id: str) -> Node | None:
        rows = self._read("MATCH (n:PMNode {id: $id}) RETURN n.data", id=node_id)
        return node_adapter.validate_json(rows[0][0]) if rows else None

    def delete_node(self, node_id: str, *, cascade: bool = False) -> bool:
        def work(tx: ManagedTransaction) -> bool:
            record = tx.run(
                "MATCH (n:PMNode {id: $id}) RETURN COUNT { (n)-[:REL]-() } AS used", id=node_id
            ).single()
            if record is None:
                return False
            if record["used"] and not cascade:
                raise StoreError(
                    f"node {node_id!r} is used by {record['used']} relation(s); delete them first or cascade"
                )
            tx.run("MATCH (n:PMNode {id: $id}) DETACH DELETE n", id=node_id).consume()
            return True

        return self._write(work)

    @staticmethod
    def _filters(
        var: str,
        kind: NodeKind | RelationKind | str | None,
        where: Mapping[str, Scalar] | None,
        as_of: date | None,
        params: dict[str, Any],
    ) -> list[str]:
        """Cypher conditions on ``var``; values go into ``params`` under generated names."""
        clauses: list[str] = []
        if kind is not None:
            name = f"{var}_kind"
            clauses.append(f"{var}.kind = ${name}")
            params[name] = str(kind.value if hasattr(kind, "value") else kind)
        for i, (key, value) in enumerate(check_filter_fields(where).items()):
            key_name, value_name = f"{var}_k{i}", f"{var}_v{i}"
            params[key_name] = key
            if value is None:
                clauses.append(f"{var}[${key_name}] IS NULL")
            else:
                clauses.append(f"{var}[${key_name}] = ${value_name}")
                params[value_name] = value
        if as_of is not None:
            name = f"{var}_day"
            params[name] = as_of.isoformat()
            clauses.append(
                f"({var}.valid_from IS NULL OR {var}.valid_from <= ${name})"
                f" AND ({var}.valid_to IS NULL OR {var}.valid_to >= ${name})"
            )
        return clauses

    @staticmethod
    def _page(limit: int | None, offset: int, params: dict[str, Any]) -> str:
        if (limit is not None and limit < 0) or offset < 0:
            raise StoreError("limit and offset must not be negative")
        text = ""
        if offset:
            text += " SKIP $skip"
            params["skip"] = offset
        if limit is not None:
            text += " LIMIT $limit"
            params["limit"] = limit
        return text

    def list_nodes(
        self,
        kind: NodeKind | str | None = None,
        *,
        where: Mapping[str, Scalar] | None = None,
        as_of: date | None = None,
        ids: Iterable[str] | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Node]:
        params: dict[str, Any] = {}
        clauses = self._filters("n", kind, where, as_of, params)
        if ids is not None:
            params["ids"] = sorted(set(ids))
            clauses.append("n.id IN $ids")
        query = "MATCH (n:PMNode)"
        if clauses:
            query += " WHERE " + " AND ".join(clauses)
        query += " RETURN n.data ORDER BY n.id" + self._page(limit, offset, params)
        return [node_adapter.validate_json(row[0]) for row in self._read(query, **params)]

    def count_nodes(self, kind: NodeKind | str | None = None) -> int:
        params: dict[str, Any] = {}
        clauses = self._filters("n", kind, None, None, params)
        query = "MATCH (n:PMNode)" + (" WHERE " + " AND ".join(clauses) if clauses else "")
        return int(self._read(query + " RETURN count(n)", **params)[0][0])

    # ------------------------------------------------------------------ relations

    def upsert_relation(self, relation: Relation) -> bool:
        row = self._relation_row(relation)

        def work(tx: ManagedTransaction) -> bool:
            ids = [relation.source, relation.target] + ([relation.context] if relation.context else [])
            check_relation(relation, self._kinds_tx(tx, ids))
            old = tx.run(
                "MATCH ()-[r:REL {id: $id}]->() USING INDEX r:REL(id) RETURN r.digest AS digest",
                id=relation.id,
            ).single()
            if old is None:
                self._write_relations(tx, [row], [])
            elif old["digest"] != row["props"]["digest"]:
                self._write_relations(tx, [], [row])
            else:
                return False
            return True

        return self._write(work)

    def create_relation(self, relation: Relation) -> bool:
        row = self._relation_row(relation)

        def work(tx: ManagedTransaction) -> bool:
            ids = [relation.source, relation.target] + ([relation.context] if relation.context else [])
            check_relation(relation, self._kinds_tx(tx, ids))
            # Lock both ends before looking, so two creators of one relation take turns.
            tx.run(
                "MATCH (n:PMNode) WHERE n.id IN $ids SET n.pm_lock = true REMOVE n.pm_lock",
                ids=[relation.source, relation.target],
            ).consume()
            if (
                tx.run(
                    "MATCH ()-[r:REL {id: $id}]->() USING INDEX r:REL(id) RETURN 1", id=relation.id
                ).single()
                is not None
            ):
                return False
            self._write_relations(tx, [row], [])
            return True

        return self._write(work)

    def update_relation(self, relation_id: str, change: Callable[[Relation], Relation]) -> Relation | None:
        def work(tx: ManagedTransaction) -> Relation | None:
            record = tx.run(
                "MATCH ()-[r:REL {id: $id}]->() USING INDEX r:REL(id) "
                "SET r.pm_lock = true REMOVE r.pm_lock RETURN r.data AS data",
                id=relation_id,
            ).single()
            if record is None:
                return None
            before = Relation.model_validate_json(record["data"])
            after = change(before)
            check_changed(before, after)
            ids = [after.source, after.target] + ([after.context] if after.context else [])
            check_relation(after, self._kinds_tx(tx, ids))
            self._write_relations(tx, [], [self._relation_row(after)])
            return after

        return self._write(work)

    def get_relation(self, relation_id: str) -> Relation | None:
        rows = self._read(
            "MATCH ()-[r:REL {id: $id}]->() USING INDEX r:REL(id) RETURN r.data", id=relation_id
        )
        return Relation.model_validate_json(rows[0][0]) if rows else None

    def delete_relation(self, relation_id: str) -> bool:
        def work(tx: ManagedTransaction) -> bool:
            record = tx.run(
                "MATCH ()-[r:REL {id: $id}]->() USING INDEX r:REL(id) DELETE r RETURN count(*) AS n",
                id=relation_id,
            ).single()
            return bool(record and record["n"])

        return self._write(work)

    def list_relations(
        self,
        kind: RelationKind | str | None = None,
        *,
        source: str | None = None,
        target: str | None = None,
        node: str | None = None,
        where: Mapping[str, Scalar] | None = None,
        as_of: date | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Relation]:
        params: dict[str, Any] = {}
        clauses = self._filters("r", kind, where, as_of, params)
        if source is not None:
            clauses.append("s.id = $source")
            params["source"] = source
        if target is not None:
            clauses.append("t.id = $target")
            params["target"] = target
        if node is not None:
            clauses.append("(s.id = $node OR t.id = $node)")
            params["node"] = node
        query = "MATCH (s:PMNode)-[r:REL]->(t:PMNode)"
        if clauses:
            query += " WHERE " + " AND ".join(clauses)
        query += " RETURN r.data ORDER BY r.id" + self._page(limit, offset, params)
        return [Relation.model_validate_json(row[0]) for row in self._read(query, **params)]

    def relations_of(
        self,
        node_ids: Iterable[str],
        *,
        kind: RelationKind | str | None = None,
        direction: Direction = "both",
        as_of: date | None = None,
    ) -> list[Relation]:
        patterns = {
            "out": ["UNWIND $ids AS id MATCH (:PMNode {id: id})-[r:REL]->(:PMNode)"],
            "in": ["UNWIND $ids AS id MATCH (:PMNode)-[r:REL]->(:PMNode {id: id})"],
        }
        patterns["both"] = patterns["out"] + patterns["in"]
        if direction not in patterns:
            raise StoreError(f"direction must be out, in or both, not {direction!r}")
        params: dict[str, Any] = {"ids": sorted(set(node_ids))}
        clauses = self._filters("r", kind, None, as_of, params)
        where = " WHERE " + " AND ".join(clauses) if clauses else ""
        # Each part starts from the id index; UNION drops a relation met from both ends.
        query = " UNION ".join(f"{p}{where} RETURN r.id AS id, r.data AS data" for p in patterns[direction])
        rows = sorted(self._read(query, **params))
        return [Relation.model_validate_json(data) for _, data in rows]

    def count_relations(self, kind: RelationKind | str | None = None) -> int:
        params: dict[str, Any] = {}
        clauses = self._filters("r", kind, None, None, params)
        query = "MATCH ()-[r:REL]->()" + (" WHERE " + " AND ".join(clauses) if clauses else "")
        return int(self._read(query + " RETURN count(r)", **params)[0][0])

    def neighbours(
        self,
        node_id: str,
        *,
        direction: Direction = "both",
        relation_kind: RelationKind | str | None = None,
        node_kind: NodeKind | str | None = None,
        as_of: date | None = None,
    ) -> list[Neighbour]:
        patterns = {
            "out": "MATCH (a:PMNode {id: $id})-[r:REL]->(b:PMNode)",
            "in": "MATCH (a:PMNode {id: $id})<-[r:REL]-(b:PMNode)",
            "both": "MATCH (a:PMNode {id: $id})-[r:REL]-(b:PMNode)",
        }
        if direction not in patterns:
            raise StoreError(f"direction must be out, in or both, not {direction!r}")
        params: dict[str, Any] = {"id": node_id}
        clauses = self._filters("r", relation_kind, None, as_of, params)
        clauses += self._filters("b", node_kind, None, as_of, params)
        query = patterns[direction]
        if clauses:
            query += " WHERE " + " AND ".join(clauses)
        query += " RETURN DISTINCT r.id, r.data, b.data ORDER BY r.id"
        return [
            Neighbour(Relation.model_validate_json(rel), node_adapter.validate_json(other))
            for _, rel, other in self._read(query, **params)
        ]

    # ------------------------------------------------------------------ bulk

    def load(
        self, dataset: Dataset, *, progress: Progress | None = None, dry_run: bool = False
    ) -> LoadResult:
        node_rows = [self._node_row(n) for n in dataset.nodes]
        rel_rows = [self._relation_row(r) for r in dataset.relations]
        lookups = {
            "nodes": "UNWIND $ids AS id MATCH (n:PMNode {id: id}) RETURN n.id AS id, n.digest AS digest",
            "relations": (
                "UNWIND $ids AS id MATCH ()-[r:REL {id: id}]->() USING INDEX r:REL(id) "
                "RETURN r.id AS id, r.digest AS digest"
            ),
        }

        def work(tx: ManagedTransaction) -> LoadResult:
            # A retried attempt starts over, so the counts are made afresh each time.
            result = LoadResult(dry_run=dry_run)
            own = dataset.node_ids()
            check_load(dataset, self._kinds_tx(tx, referenced_ids(dataset) - own))
            for table, rows in (("nodes", node_rows), ("relations", rel_rows)):
                write = self._write_nodes if table == "nodes" else self._write_relations
                for start in range(0, len(rows), _BATCH):
                    chunk = rows[start : start + _BATCH]
                    found = tx.run(lookups[table], ids=[r["id"] for r in chunk])
                    existing = {rec["id"]: rec["digest"] for rec in found}
                    new, changed, same = split_changes(
                        chunk, lambda r: (r["id"], r["props"]["digest"]), existing
                    )
                    write(tx, new, changed)
                    result.add(table, [r["id"] for r in new], [r["id"] for r in changed], same)  # type: ignore[arg-type]
                    if progress is not None:
                        progress(len(chunk))
            if dry_run:
                # Any exception that is not the driver's rolls the transaction back, unretried.
                raise DryRunRollback(result)
            return result

        try:
            return self._write(work)
        except DryRunRollback as rollback:
            return rollback.result

    def dump(self) -> Dataset:
        nodes = [
            node_adapter.validate_json(r[0])
            for r in self._read("MATCH (n:PMNode) RETURN n.data ORDER BY n.id")
        ]
        relations = [
            Relation.model_validate_json(r[0])
            for r in self._read("MATCH ()-[r:REL]->() RETURN r.data ORDER BY r.id")
        ]
        return Dataset(nodes=nodes, relations=relations)

    def clear(self) -> None:
        def work(tx: ManagedTransaction) -> None:
            tx.run("MATCH (n:PMNode) DETACH DELETE n").consume()

        self._write(work)
