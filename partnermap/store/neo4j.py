"""Neo4jStore: the graph on a Neo4j server or cluster, as a labelled property graph.

URL: ``neo4j://USER:PASS@HOST:7687[/DATABASE]`` (also ``neo4j+s://``, ``bolt://``...).
Without user information the driver connects with no authentication.

The model (schema version 3)
----------------------------
- Every node has the shared label ``:PMNode``, which carries the id uniqueness constraint,
  and a label per kind, the kind in PascalCase (:func:`label_of`): ``:County``,
  ``:Municipality``, ``:Organisation``, ``:Network``, ``:Project``, ``:TargetGroup``,
  ``:Indicator``, and so on for every kind the model defines.
- Every relation is a relationship whose type is its kind upper-cased (:func:`rel_type_of`):
  ``:LOCATED_IN``, ``:MEMBER_OF``, ``:PARTNER_IN``, ``:FUNDS``, ``:PARTY_TO``, ``:TARGETS``,
  ``:PART_OF``..., from its source node to its target node.
- Fields are properties named as the model names them: dates are Neo4j ``Date``, amounts
  numbers, enums strings; sources a list of ``"document#section"`` strings; other nested
  parts (budget lines, positions, targets by year...) JSON text in ``<field>_json``
  (:mod:`partnermap.store.properties` has the whole layout). One more property,
  ``pm_digest``, fingerprints what partnermap wrote, so that a load tells unchanged
  records from changed ones without reading them.
- Constraints and indexes: ``PMNode.id`` unique; an index on ``id`` per node label (Cypher
  and GraphQL users match ``(o:Organisation {id: $id})``); ``id`` unique per relationship
  type; an index on the period of each node label that has one (``Project(start, end)``).
  They are derived from the kinds and created when partnermap connects.

Labels, types and property names come from the model's enums and field names, never from
input; every value, id and filter field travels as a parameter (``n[$field] = $value``).

Schema versions 1 and 2 (every node ``:PMNode``, every relationship ``:REL``, each with
a ``data`` JSON copy of the record) are migrated on connect, in one write transaction.

A tree of reads (:meth:`Neo4jStore.read_tree`: a request's pages, nodes by id and the
relations and linked nodes below them, level under level) is one query: a ``CALL {}``
subquery per step collects its records into a list that the steps below it start from
(typed relationship patterns from bound nodes; periods and "ending between" in the query),
then every node and relation reached comes back once, and per step only ids. A server's
store (:meth:`Neo4jStore.share_records`) builds a record whose properties it read before
only once (:class:`~partnermap.store.properties.PropsMemo`).

Writes run in managed write transactions, which the driver retries on transient errors;
a bulk load is one transaction of UNWIND batches, so it lands whole or not at all. Reads
are single queries in auto-commit transactions (one exchange with the server), retried by
the same rule, in sessions that name the database (the user's home database, asked once on
connect when the URL names none).
"""

from __future__ import annotations

import hashlib
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from functools import cache
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

import neo4j
from neo4j import GraphDatabase, ManagedTransaction
from neo4j import exceptions as neo4j_errors
from pydantic import BaseModel, ValidationError

from partnermap.errors import StoreError, StoreUnavailableError
from partnermap.model import (
    Dataset,
    Node,
    NodeKind,
    Relation,
    RelationKind,
    node_adapter,
    period_fields,
)
from partnermap.store.base import (
    Branch,
    Direction,
    DryRunRollback,
    Level,
    LoadResult,
    Neighbour,
    NodeList,
    Progress,
    RelationGroup,
    Root,
    Scalar,
    Tree,
    check_changed,
    check_filter_fields,
    check_load,
    check_relation,
    linked_ids,
    relations_by_end,
    split_changes,
    tree_level,
)
from partnermap.store.properties import JSON_SUFFIX, PropsMemo, codecs_of, decode, encode, node_class
from partnermap.store.urls import mask_url
from partnermap.validation import referenced_ids

__all__ = [
    "SCHEMA_VERSION",
    "Neo4jStore",
    "label_of",
    "node_from_props",
    "rel_type_of",
    "relation_from_props",
    "schema_statements",
]

T = TypeVar("T")
_BATCH = 5000  # rows per UNWIND statement

#: Version 3: labels per kind, relationship types per kind, native properties.
SCHEMA_VERSION = 3
#: The indexes and constraints of versions 1 and 2 that version 3 has no use for.
_OLD_SCHEMA = {
    "pm_node_kind": "DROP INDEX pm_node_kind IF EXISTS",
    "pm_rel_kind": "DROP INDEX pm_rel_kind IF EXISTS",
    "pm_node_period": "DROP INDEX pm_node_period IF EXISTS",
    "pm_rel_id": "DROP CONSTRAINT pm_rel_id IF EXISTS",
}
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")


def label_of(kind: NodeKind | str) -> str:
    """The label of a node kind: its value in PascalCase.

    Examples
    --------
    >>> label_of(NodeKind.TARGET_GROUP), label_of("organisation")
    ('TargetGroup', 'Organisation')
    """
    value = NodeKind(kind).value
    return "".join(part.capitalize() for part in value.split("_"))


def rel_type_of(kind: RelationKind | str) -> str:
    """The relationship type of a relation kind: its value upper-cased.

    Examples
    --------
    >>> rel_type_of(RelationKind.MEMBER_OF)
    'MEMBER_OF'
    """
    return RelationKind(kind).value.upper()


def _all_types() -> str:
    """Every relation kind's type, as a Cypher type expression ``A|B|...``."""
    return "|".join(rel_type_of(k) for k in RelationKind)


def _node_periods() -> dict[NodeKind, tuple[str, str]]:
    """The node kinds with a period of their own, and its fields (checked as plain names)."""
    out = {}
    for kind in NodeKind:
        fields = period_fields(kind.value)
        if fields is not None:
            if not all(_NAME_RE.match(f) for f in fields):  # pragma: no cover - model invariant
                raise StoreError(f"period field names of {kind.value} are not plain names: {fields}")
            out[kind] = fields
    return out


def schema_statements() -> dict[str, str]:
    """Every constraint and index of the current schema, by name, derived from the kinds."""
    out = {
        "pm_node_id": "CREATE CONSTRAINT pm_node_id IF NOT EXISTS FOR (n:PMNode) REQUIRE n.id IS UNIQUE",
        "pm_meta_key": "CREATE CONSTRAINT pm_meta_key IF NOT EXISTS FOR (m:PMMeta) REQUIRE m.key IS UNIQUE",
    }
    for kind in NodeKind:
        name = f"pm_{kind.value}_id"
        out[name] = f"CREATE INDEX {name} IF NOT EXISTS FOR (n:{label_of(kind)}) ON (n.id)"
    for kind, (first, last) in _node_periods().items():
        name = f"pm_{kind.value}_period"
        out[name] = f"CREATE INDEX {name} IF NOT EXISTS FOR (n:{label_of(kind)}) ON (n.{first}, n.{last})"
    for rkind in RelationKind:
        name = f"pm_{rkind.value}_id"
        out[name] = (
            f"CREATE CONSTRAINT {name} IF NOT EXISTS "
            f"FOR ()-[r:{rel_type_of(rkind)}]-() REQUIRE r.id IS UNIQUE"
        )
    return out


def node_from_props(props: Mapping[str, Any]) -> Node:
    """The node whose properties (``properties(n)``) are ``props``, without validating again."""
    node: Node = decode(node_class(props["kind"]), props)
    return node


def relation_from_props(props: Mapping[str, Any], source: str, target: str) -> Relation:
    """The relation whose properties are ``props`` between ``source`` and ``target``."""
    relation: Relation = decode(Relation, props, source=source, target=target)
    return relation


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


def _digest(record: BaseModel) -> int:
    """A fingerprint of a record, which loads compare instead of every property: a 64-bit
    integer, which Neo4j keeps inline in the property record (a hex string would not fit)."""
    digest = hashlib.blake2b(record.model_dump_json().encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _node_row(node: Node) -> dict[str, Any]:
    props = encode(node)
    props["pm_digest"] = _digest(node)
    return {"id": node.id, "kind": node.kind, "props": props}


def _relation_row(rel: Relation) -> dict[str, Any]:
    props = encode(rel)
    props["pm_digest"] = _digest(rel)
    return {"id": rel.id, "kind": rel.kind.value, "source": rel.source, "target": rel.target, "props": props}


@cache
def _property_map(cls: type[BaseModel]) -> str:
    """``{name: row.props.name, ...}`` for every property a record of ``cls`` may have (a
    missing one is null, and CREATE sets no property for null)."""
    names = {"pm_digest"}
    for codec in codecs_of(cls):
        names.add(codec.prop)
        if codec.how == "sources":
            names.add(codec.prop + JSON_SUFFIX)
    if not all(_NAME_RE.match(name) for name in names):  # pragma: no cover - model invariant
        raise StoreError(f"property names of {cls.__name__} are not plain names")
    return "{" + ", ".join(f"{name}: row.props.{name}" for name in sorted(names)) + "}"


def _by_kind(rows: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        out[row["kind"]].append(row)
    return out


def _relation_by_id(var: str, *, imported: bool) -> str:
    """A subquery binding ``r``, ``s`` and ``t`` to the relationship whose id is ``var``,
    whatever its type: one index seek per type (a type has its own id index)."""
    head = f"WITH {var} " if imported else ""
    branches = [
        f"{head}MATCH (s)-[r:{t} {{id: {var}}}]->(t) USING INDEX r:{t}(id) RETURN r, s, t"
        for t in (rel_type_of(k) for k in RelationKind)
    ]
    return "CALL { " + " UNION ALL ".join(branches) + " }"


def _digests_by_id(kind: RelationKind | str) -> str:
    """The query for the digests of the relationships of a kind whose ids are ``$ids``.

    ``r.id IN $ids``, not ``UNWIND $ids AS id MATCH ()-[r {id: id}]->()``: for a list of a few
    thousand ids the planner may read the UNWIND form as a scan of the whole id index per id
    (with or without a ``USING INDEX`` hint; a reload of 10,000 organisations took 67 s
    instead of 4), while the IN form seeks each id or scans the index once."""
    return f"MATCH ()-[r:{rel_type_of(kind)}]->() WHERE r.id IN $ids RETURN r.id AS id, r.pm_digest AS digest"


_REL_RETURN = "properties(r) AS props, s.id AS source, t.id AS target"


def _relations(rows: Iterable[Sequence[Any]]) -> list[Relation]:
    return [relation_from_props(props, source, target) for props, source, target in rows]


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
        self.round_trips = 0
        self._records: PropsMemo | None = None  # see share_records
        self._shown = mask_url(url)
        uri, auth, database = _parse_url(url)
        self._database = database
        self._retry_seconds = retry_seconds
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
            if self._database is None:
                # Named once here: a session without a database asks the server for the
                # user's home database each time (a third of a small read's time).
                self._database = self._driver.execute_query("RETURN 1").summary.database
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

    def share_records(self, size: int = 20_000) -> None:
        """From now on, the tree and level reads (a server's reads) give, for properties
        read before, the record built then (:class:`~partnermap.store.properties.PropsMemo`),
        not a new one: for servers, whose requests treat records as read-only. Callers that
        change records they read must not turn it on."""
        if self._records is None:
            self._records = PropsMemo(size)

    def _node(self, props: Mapping[str, Any]) -> Node:
        if self._records is None:
            return node_from_props(props)
        node: Node = self._records.record(node_class(props["kind"]), props)
        return node

    def _relation(self, props: Mapping[str, Any], source: str, target: str) -> Relation:
        if self._records is None:
            return relation_from_props(props, source, target)
        relation: Relation = self._records.record(Relation, props, source=source, target=target)
        return relation

    def _session(self) -> neo4j.Session:
        return self._driver.session(database=self._database)

    def _write(self, work: Callable[[ManagedTransaction], T]) -> T:
        self.round_trips += 1
        try:
            with self._session() as session:
                return session.execute_write(work)
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError, OSError) as exc:
            raise self._translate(exc) from None

    def _read_tx(self, work: Callable[[ManagedTransaction], T]) -> T:
        self.round_trips += 1
        try:
            with self._session() as session:
                return session.execute_read(work)
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError, OSError) as exc:
            raise self._translate(exc) from None

    def _read(self, query: str, **params: Any) -> list[Any]:
        """The rows of one read query (tuples of values): one auto-commit transaction, that is
        one message exchange with the server (RUN and PULL pipelined), where a managed
        transaction costs two (BEGIN, RUN, PULL, then COMMIT). A read has nothing to roll
        back, so a connection lost before the answer is retried here, as the driver
        retries a managed transaction (:meth:`_retrying`)."""
        self.round_trips += 1

        def attempt() -> list[Any]:
            with self._driver.session(
                database=self._database, default_access_mode=neo4j.READ_ACCESS
            ) as session:
                return list(map(tuple, session.run(query, params).values()))

        return self._retrying(attempt)

    def _retrying(self, attempt: Callable[[], T]) -> T:
        """``attempt()``, again while it fails with an error the driver calls retryable (a lost
        or restarting server, a leader switch) and the retry time lasts; other errors and the
        last one translated (:meth:`_translate`)."""
        deadline = time.monotonic() + self._retry_seconds
        delay = 0.0
        while True:
            try:
                return attempt()
            except (neo4j_errors.Neo4jError, neo4j_errors.DriverError, OSError) as exc:
                retryable = (
                    isinstance(exc, (neo4j_errors.Neo4jError, neo4j_errors.DriverError))
                    and exc.is_retryable()
                )
                if not retryable or time.monotonic() + delay > deadline:
                    raise self._translate(exc) from None
            time.sleep(delay)
            delay = min(max(2 * delay, 0.05), 1.0)

    # ------------------------------------------------------------------ schema

    def _migrate(self) -> None:
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"the Neo4j store at {self._shown} has schema version {current}, newer than "
                f"this partnermap supports ({SCHEMA_VERSION}); upgrade partnermap"
            )
        # Schema statements cannot share a transaction with writes: the new constraints and
        # indexes come first (each idempotent), then the data in one transaction, then the
        # old indexes go. A crash in between leaves a database the next connect finishes.
        names = self._schema_names()
        wanted = schema_statements()
        missing = [statement for name, statement in wanted.items() if name not in names]
        self._schema(missing)
        if missing:
            # A new index populates in the background; queries that name it must wait.
            self._schema(["CALL db.awaitIndexes(300)"])
        if current < SCHEMA_VERSION:
            self._write(self._upgrade)
        self._schema([statement for name, statement in _OLD_SCHEMA.items() if name in names])

    def _schema_names(self) -> set[str]:
        rows = self._read("SHOW CONSTRAINTS YIELD name RETURN name")
        rows += self._read("SHOW INDEXES YIELD name RETURN name")
        return {row[0] for row in rows}

    def _schema(self, statements: Iterable[str]) -> None:
        # Each in a managed transaction of its own: a schema change may deadlock with another
        # process's migration (the server then aborts one), and the driver retries it.
        for statement in statements:

            def work(tx: ManagedTransaction, statement: str = statement) -> None:
                tx.run(statement).consume()

            self._write(work)

    def _upgrade(self, tx: ManagedTransaction) -> None:
        """Bring the data to :data:`SCHEMA_VERSION` in one transaction (under the meta node's
        lock, so that two processes connecting at once migrate once)."""
        record = tx.run(
            "MERGE (m:PMMeta {key: 'schema'}) SET m.pm_lock = true REMOVE m.pm_lock RETURN m.version AS v"
        ).single()
        version = int(record["v"] or 0) if record else 0
        if version >= SCHEMA_VERSION:
            return
        problems: list[str] = []

        def parse(what: str, record_id: str, parse_json: Callable[[str], T], text: str) -> T | None:
            try:
                return parse_json(text)
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(part) for part in first["loc"])
                problems.append(f"{what} {record_id!r}: {where + ': ' if where else ''}{first['msg']}")
                return None

        nodes = [
            parse("node", r["id"], node_adapter.validate_json, r["data"])
            for r in tx.run("MATCH (n:PMNode) WHERE n.data IS NOT NULL RETURN n.id AS id, n.data AS data")
        ]
        relations = [
            parse("relation", r["id"], Relation.model_validate_json, r["data"])
            for r in tx.run("MATCH ()-[r:REL]->() WHERE r.data IS NOT NULL RETURN r.id AS id, r.data AS data")
        ]
        if problems:
            shown = "; ".join(problems[:5]) + (
                f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
            )
            raise StoreError(
                f"cannot migrate the Neo4j store at {self._shown} to schema version {SCHEMA_VERSION}: "
                f"{len(problems)} stored record(s) are not valid: {shown}; nothing was changed"
            )
        tx.run("MATCH ()-[r:REL]->() DELETE r").consume()
        node_rows = [_node_row(n) for n in nodes if n is not None]
        for start in range(0, len(node_rows), _BATCH):
            self._write_nodes(tx, [], node_rows[start : start + _BATCH])
        rel_rows = [_relation_row(r) for r in relations if r is not None]
        for start in range(0, len(rel_rows), _BATCH):
            self._write_relations(tx, rel_rows[start : start + _BATCH], [])
        tx.run("MATCH (m:PMMeta {key: 'schema'}) SET m.version = $v", v=SCHEMA_VERSION).consume()

    def schema_version(self) -> int:
        rows = self._read("MATCH (m:PMMeta {key: 'schema'}) RETURN m.version")
        return int(rows[0][0]) if rows and rows[0][0] is not None else 0

    # ------------------------------------------------------------------ rows

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
        for kind, rows in _by_kind(created).items():
            tx.run(
                f"UNWIND $rows AS row CREATE (n:PMNode:{label_of(kind)}) SET n = row.props", rows=rows
            ).consume()
        for kind, rows in _by_kind(updated).items():
            tx.run(
                f"UNWIND $rows AS row MATCH (n:PMNode {{id: row.id}}) SET n = row.props, n:{label_of(kind)}",
                rows=rows,
            ).consume()

    @staticmethod
    def _write_relations(
        tx: ManagedTransaction, created: list[dict[str, Any]], updated: list[dict[str, Any]]
    ) -> None:
        # An updated relation is replaced, since its ends or its kind (so its type) may have
        # changed; CREATE between bound nodes avoids MERGE's scan of every relationship of
        # busy nodes.
        if updated:
            tx.run(
                "UNWIND $ids AS id " + _relation_by_id("id", imported=True) + " DELETE r",
                ids=[row["id"] for row in updated],
            ).consume()
        for kind, rows in _by_kind(created + updated).items():
            # The properties are named in the pattern: ``SET r = row.props`` would make the
            # planner buffer every row (an Eager) in case the map held an endpoint's ``id``.
            tx.run(
                "UNWIND $rows AS row "
                "MATCH (s:PMNode {id: row.source}) MATCH (t:PMNode {id: row.target}) "
                f"CREATE (s)-[r:{rel_type_of(kind)} {_property_map(Relation)}]->(t)",
                rows=rows,
            ).consume()

    # ------------------------------------------------------------------ nodes

    def node_kinds(self, ids: Iterable[str]) -> dict[str, NodeKind]:
        wanted = list(ids)
        return self._read_tx(lambda tx: self._kinds_tx(tx, wanted))

    def upsert_node(self, node: Node) -> bool:
        row = _node_row(node)

        def work(tx: ManagedTransaction) -> bool:
            old = tx.run("MATCH (n:PMNode {id: $id}) RETURN n.pm_digest AS digest", id=node.id).single()
            if old is None:
                self._write_nodes(tx, [row], [])
            elif old["digest"] != row["props"]["pm_digest"]:
                self._write_nodes(tx, [], [row])
            else:
                return False
            return True

        return self._write(work)

    def create_node(self, node: Node) -> bool:
        row = _node_row(node)

        def work(tx: ManagedTransaction) -> bool:
            # MERGE under the id's uniqueness constraint is an atomic insert-if-absent.
            record = tx.run(
                f"MERGE (n:PMNode {{id: $id}}) ON CREATE SET n = $props, n:{label_of(node.kind)}, "
                "n.pm_created = true "
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
                "MATCH (n:PMNode {id: $id}) SET n.pm_lock = true REMOVE n.pm_lock "
                "RETURN properties(n) AS props",
                id=node_id,
            ).single()
            if record is None:
                return None
            before = node_from_props(record["props"])
            after = change(before)
            check_changed(before, after)
            self._write_nodes(tx, [], [_node_row(after)])
            return after

        return self._write(work)

    def get_node(self, node_id: str) -> Node | None:
        rows = self._read("MATCH (n:PMNode {id: $id}) RETURN properties(n)", id=node_id)
        return node_from_props(rows[0][0]) if rows else None

    def delete_node(self, node_id: str, *, cascade: bool = False) -> bool:
        def work(tx: ManagedTransaction) -> bool:
            record = tx.run(
                f"MATCH (n:PMNode {{id: $id}}) RETURN COUNT {{ (n)-[:{_all_types()}]-() }} AS used",
                id=node_id,
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
    def _where(var: str, where: Mapping[str, Scalar] | None, params: dict[str, Any]) -> list[str]:
        """Conditions ``var[field] = value``; names and values travel as parameters."""
        clauses: list[str] = []
        for i, (key, value) in enumerate(check_filter_fields(where).items()):
            key_name, value_name = f"{var}_k{i}", f"{var}_v{i}"
            params[key_name] = key
            if value is None:
                clauses.append(f"{var}[${key_name}] IS NULL")
            elif isinstance(value, str):
                # A date is a Neo4j Date; a filter gives it as text, as the model writes it.
                clauses.append(
                    f"({var}[${key_name}] = ${value_name} OR "
                    f"({var}[${key_name}] IS :: DATE AND toString({var}[${key_name}]) = ${value_name}))"
                )
                params[value_name] = value
            else:
                clauses.append(f"{var}[${key_name}] = ${value_name}")
                params[value_name] = value
        return clauses

    @staticmethod
    def _node_label(kind: NodeKind | str | None) -> str | None:
        """``:PMNode`` or ``:PMNode:Label`` for a kind; None for a kind that does not exist."""
        if kind is None:
            return ":PMNode"
        try:
            return f":PMNode:{label_of(getattr(kind, 'value', kind))}"
        except ValueError:
            return None

    @staticmethod
    def _rel_types(kind: RelationKind | str | None) -> str | None:
        """``:TYPE`` for a kind, every type for none; None for a kind that does not exist."""
        if kind is None:
            return ":" + _all_types()
        try:
            return ":" + rel_type_of(getattr(kind, "value", kind))
        except ValueError:
            return None

    @staticmethod
    def _node_period(var: str, kind: NodeKind | str | None, as_of: date, params: dict[str, Any]) -> list[str]:
        """Conditions keeping the nodes that exist on ``as_of`` (those of kinds with a period
        must be within it; others exist on every day)."""
        params[f"{var}_day"] = as_of
        periods = _node_periods()
        clauses = []
        for pkind, (first, last) in periods.items():
            if kind is not None and pkind.value != getattr(kind, "value", kind):
                continue
            inside = (
                f"({var}.{first} IS NULL OR {var}.{first} <= ${var}_day)"
                f" AND ({var}.{last} IS NULL OR {var}.{last} >= ${var}_day)"
            )
            clauses.append(inside if kind is not None else f"(NOT {var}:{label_of(pkind)} OR ({inside}))")
        return clauses

    @staticmethod
    def _rel_period(var: str, as_of: date | None, params: dict[str, Any]) -> list[str]:
        if as_of is None:
            return []
        params[f"{var}_day"] = as_of
        return [
            f"({var}.valid_from IS NULL OR {var}.valid_from <= ${var}_day)"
            f" AND ({var}.valid_to IS NULL OR {var}.valid_to >= ${var}_day)"
        ]

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
        match = self._listing("n", kind, where=where, as_of=as_of, ids=ids, params=params)
        page = self._page(limit, offset, params)
        if match is None:
            return []
        query = match + " RETURN properties(n) ORDER BY n.id" + page
        return [node_from_props(row[0]) for row in self._read(query, **params)]

    def _listing(
        self,
        var: str,
        kind: NodeKind | str | None,
        *,
        where: Mapping[str, Scalar] | None,
        as_of: date | None,
        ids: Iterable[str] | None,
        params: dict[str, Any],
    ) -> str | None:
        """``MATCH (var:...) WHERE ...`` of :meth:`list_nodes` (parameters named after ``var``);
        None for a kind that does not exist."""
        label = self._node_label(kind)
        clauses = self._where(var, where, params)
        if label is None:
            return None
        if as_of is not None:
            clauses += self._node_period(var, kind, as_of, params)
        if ids is not None:
            params[f"{var}_ids"] = sorted(set(ids))
            clauses.append(f"{var}.id IN ${var}_ids")
        return f"MATCH ({var}{label})" + (" WHERE " + " AND ".join(clauses) if clauses else "")

    def count_nodes(self, kind: NodeKind | str | None = None) -> int:
        label = self._node_label(kind)
        if label is None:
            return 0
        return int(self._read(f"MATCH (n{label}) RETURN count(n)")[0][0])

    # ------------------------------------------------------------------ relations

    def _relation_digest(self, tx: ManagedTransaction, relation_id: str) -> int | None:
        record = tx.run(
            _relation_by_id("$id", imported=False) + " RETURN r.pm_digest AS digest", id=relation_id
        ).single()
        return None if record is None else int(record["digest"] or 0)

    def upsert_relation(self, relation: Relation) -> bool:
        row = _relation_row(relation)

        def work(tx: ManagedTransaction) -> bool:
            ids = [relation.source, relation.target] + ([relation.context] if relation.context else [])
            check_relation(relation, self._kinds_tx(tx, ids))
            old = self._relation_digest(tx, relation.id)
            if old is None:
                self._write_relations(tx, [row], [])
            elif old != row["props"]["pm_digest"]:
                self._write_relations(tx, [], [row])
            else:
                return False
            return True

        return self._write(work)

    def create_relation(self, relation: Relation) -> bool:
        row = _relation_row(relation)

        def work(tx: ManagedTransaction) -> bool:
            ids = [relation.source, relation.target] + ([relation.context] if relation.context else [])
            check_relation(relation, self._kinds_tx(tx, ids))
            # Lock both ends before looking, so two creators of one relation take turns.
            tx.run(
                "MATCH (n:PMNode) WHERE n.id IN $ids SET n.pm_lock = true REMOVE n.pm_lock",
                ids=[relation.source, relation.target],
            ).consume()
            if self._relation_digest(tx, relation.id) is not None:
                return False
            self._write_relations(tx, [row], [])
            return True

        return self._write(work)

    def update_relation(self, relation_id: str, change: Callable[[Relation], Relation]) -> Relation | None:
        def work(tx: ManagedTransaction) -> Relation | None:
            record = tx.run(
                _relation_by_id("$id", imported=False)
                + " SET r.pm_lock = true REMOVE r.pm_lock RETURN "
                + _REL_RETURN,
                id=relation_id,
            ).single()
            if record is None:
                return None
            before = relation_from_props(record["props"], record["source"], record["target"])
            after = change(before)
            check_changed(before, after)
            ids = [after.source, after.target] + ([after.context] if after.context else [])
            check_relation(after, self._kinds_tx(tx, ids))
            self._write_relations(tx, [], [_relation_row(after)])
            return after

        return self._write(work)

    def get_relation(self, relation_id: str) -> Relation | None:
        rows = self._read(_relation_by_id("$id", imported=False) + " RETURN " + _REL_RETURN, id=relation_id)
        return _relations(rows)[0] if rows else None

    def delete_relation(self, relation_id: str) -> bool:
        def work(tx: ManagedTransaction) -> bool:
            record = tx.run(
                _relation_by_id("$id", imported=False) + " DELETE r RETURN count(*) AS n", id=relation_id
            ).single()
            return bool(record and record["n"])

        return self._write(work)

    def _relation_filters(
        self, where: Mapping[str, Scalar] | None, as_of: date | None, params: dict[str, Any]
    ) -> list[str]:
        fields = check_filter_fields(where)
        clauses: list[str] = []
        # A relation's ends are its nodes, not properties.
        for end, var in (("source", "s"), ("target", "t")):
            if end in fields:
                value = fields.pop(end)
                clauses.append(f"{var}.id = $where_{end}" if value is not None else "false")
                params[f"where_{end}"] = value
        return clauses + self._where("r", fields, params) + self._rel_period("r", as_of, params)

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
        types = self._rel_types(kind)
        clauses = self._relation_filters(where, as_of, params)
        page = self._page(limit, offset, params)
        if types is None:
            return []
        if source is not None:
            clauses.append("s.id = $source")
            params["source"] = source
        if target is not None:
            clauses.append("t.id = $target")
            params["target"] = target
        if node is not None:
            # From the node's index entry, both ways; DISTINCT keeps a loop once.
            params["node"] = node
            query = (
                f"MATCH (:PMNode {{id: $node}})-[r{types}]-() WITH DISTINCT r "
                "WITH r, startNode(r) AS s, endNode(r) AS t"
            )
            if clauses:
                query += " WHERE " + " AND ".join(clauses)
        else:
            query = f"MATCH (s:PMNode)-[r{types}]->(t:PMNode)"
            if clauses:
                query += " WHERE " + " AND ".join(clauses)
        query += f" RETURN {_REL_RETURN} ORDER BY r.id" + page
        return _relations(self._read(query, **params))

    def relations_of(
        self,
        node_ids: Iterable[str],
        *,
        kind: RelationKind | str | None = None,
        direction: Direction = "both",
        as_of: date | None = None,
    ) -> list[Relation]:
        if direction not in ("out", "in", "both"):
            raise StoreError(f"direction must be out, in or both, not {direction!r}")
        types = self._rel_types(kind)
        wanted = sorted(set(node_ids))
        if types is None or not wanted:
            return []
        patterns = {
            "out": [f"UNWIND $ids AS id MATCH (s:PMNode {{id: id}})-[r{types}]->(t:PMNode)"],
            "in": [f"UNWIND $ids AS id MATCH (s:PMNode)-[r{types}]->(t:PMNode {{id: id}})"],
        }
        patterns["both"] = patterns["out"] + patterns["in"]
        params: dict[str, Any] = {"ids": wanted}
        clauses = self._rel_period("r", as_of, params)
        where = " WHERE " + " AND ".join(clauses) if clauses else ""
        # Each part starts from the id index; UNION drops a relation met from both ends.
        query = " UNION ".join(f"{p}{where} RETURN r.id AS id, {_REL_RETURN}" for p in patterns[direction])
        rows = sorted(self._read(query, **params), key=lambda row: row[0])
        return _relations(row[1:] for row in rows)

    def count_relations(self, kind: RelationKind | str | None = None) -> int:
        types = self._rel_types(kind)
        if types is None:
            return 0
        return int(self._read(f"MATCH ()-[r{types}]->() RETURN count(r)")[0][0])

    def neighbours(
        self,
        node_id: str,
        *,
        direction: Direction = "both",
        relation_kind: RelationKind | str | None = None,
        node_kind: NodeKind | str | None = None,
        as_of: date | None = None,
    ) -> list[Neighbour]:
        arrows = {"out": ("-", "->"), "in": ("<-", "-"), "both": ("-", "-")}
        if direction not in arrows:
            raise StoreError(f"direction must be out, in or both, not {direction!r}")
        types = self._rel_types(relation_kind)
        label = self._node_label(node_kind)
        if types is None or label is None:
            return []
        left, right = arrows[direction]
        params: dict[str, Any] = {"id": node_id}
        clauses = self._rel_period("r", as_of, params)
        if as_of is not None:
            clauses += self._node_period("b", node_kind, as_of, params)
        query = f"MATCH (a:PMNode {{id: $id}}){left}[r{types}]{right}(b{label})"
        if clauses:
            query += " WHERE " + " AND ".join(clauses)
        query += (
            " RETURN DISTINCT r.id, properties(r), startNode(r).id, endNode(r).id, properties(b)"
            " ORDER BY r.id"
        )
        return [
            Neighbour(relation_from_props(rel, source, target), node_from_props(other))
            for _, rel, source, target, other in self._read(query, **params)
        ]

    def read_level(
        self,
        nodes: Iterable[str] | None = (),
        relations: Mapping[RelationGroup, Iterable[str] | None] | None = None,
    ) -> Level:
        # One query: a UNION ALL of the asked nodes and, per group and end, its relations
        # (typed patterns: the group's relationship type) with the nodes at their other ends.
        # Rows: (group, relation properties, source id, target id, node properties), collected
        # into one list.
        parts: list[str] = []
        params: dict[str, Any] = {}
        none = "null AS g, null AS props, null AS source, null AS target"
        if nodes is None:
            parts.append(f"MATCH (n:PMNode) RETURN {none}, properties(n) AS node")
        elif wanted := sorted(set(nodes)):
            params["ids"] = wanted
            parts.append(f"MATCH (n:PMNode) WHERE n.id IN $ids RETURN {none}, properties(n) AS node")
        groups = list((relations or {}).items())
        for index, (group, ids) in enumerate(groups):
            if group.direction not in ("out", "in", "both"):
                raise StoreError(f"direction must be out, in or both, not {group.direction!r}")
            types = self._rel_types(group.kind)
            if types is None or (ids is not None and not (at := sorted(set(ids)))):
                continue
            ends: dict[str, tuple[str, str]] = {"every": ("MATCH (s:PMNode)-[{r}]->(t:PMNode)", "null")}
            if ids is not None:
                params[f"ids{index}"] = at
                ends = {
                    "out": (f"UNWIND $ids{index} AS id MATCH (s:PMNode {{id: id}})-[{{r}}]->(t:PMNode)", "t"),
                    "in": (f"UNWIND $ids{index} AS id MATCH (s:PMNode)-[{{r}}]->(t:PMNode {{id: id}})", "s"),
                }
                if group.direction != "both":
                    ends = {group.direction: ends[group.direction]}
            for end, (pattern, other) in ends.items():
                var = f"r{index}{end}"
                clauses = self._rel_period(var, group.as_of, params)
                if group.ending is not None:
                    clauses.append(f"{var}.valid_to >= $first{index} AND {var}.valid_to <= $last{index}")
                    params[f"first{index}"], params[f"last{index}"] = group.ending
                where = " WHERE " + " AND ".join(clauses) if clauses else ""
                node = "null" if other == "null" else f"properties({other})"
                parts.append(
                    pattern.replace("{r}", f"{var}{types}")
                    + f"{where} RETURN {index} AS g, properties({var}) AS props, s.id AS source,"
                    f" t.id AS target, {node} AS node"
                )
        found: dict[RelationGroup, dict[str, Relation]] = {group: {} for group, _ in groups}
        level = Level({}, {})
        if parts:
            # All rows in one record: the driver reads, hydrates and hands over each record
            # on its own (several socket reads apiece), which cost more than the query.
            query = (
                "CALL { " + " UNION ALL ".join(parts) + " } RETURN collect([g, props, source, target, node])"
            )
            for index, props, source, target, node_props in self._read(query, **params)[0][0]:
                if node_props is not None and node_props["id"] not in level.nodes:
                    level.nodes[node_props["id"]] = self._node(node_props)
                if props is not None:
                    by_id = found[groups[index][0]]
                    if props["id"] not in by_id:
                        by_id[props["id"]] = self._relation(props, source, target)
        level.relations = {g: [by_id[i] for i in sorted(by_id)] for g, by_id in found.items()}
        return level

    reads_trees_at_once = True

    def read_tree(self, roots: Sequence[Root]) -> Tree:
        # One query: a CALL subquery per step of the tree, each collecting its records into a
        # list the steps below it start from (typed patterns from bound nodes, the groups'
        # periods in the query), then every node reached once, the relations reached once,
        # and per step only ids. The same walk as the step-by-step default then keys them.
        query = _TreeQuery(self)
        for root in roots:
            query.root(root)
        if not query.calls:
            return Tree()
        nodes_props, lists, rels, steps = self._read(query.text(), **query.params)[0]
        nodes = {props["id"]: self._node(props) for props in nodes_props}
        relations = {props["id"]: self._relation(props, s, t) for props, s, t in rels}
        return query.answer(nodes, relations, lists, steps)

    # ------------------------------------------------------------------ bulk

    @staticmethod
    def _existing_relations(tx: ManagedTransaction, rows: list[dict[str, Any]]) -> dict[str, str]:
        """The digests of those of ``rows``' relations that exist: first among their own
        type (one index seek each), then, for the rest, among every type."""
        found: dict[str, str] = {}
        for kind, group in _by_kind(rows).items():
            result = tx.run(_digests_by_id(kind), ids=[r["id"] for r in group])
            found.update({rec["id"]: str(rec["digest"]) for rec in result})
        rest = [r["id"] for r in rows if r["id"] not in found]
        if rest:
            result = tx.run(
                "UNWIND $ids AS id " + _relation_by_id("id", imported=True) + " RETURN r.id AS id",
                ids=rest,
            )
            # Found under another type: its kind changed, so it is replaced.
            found.update({rec["id"]: "" for rec in result})
        return found

    def load(
        self, dataset: Dataset, *, progress: Progress | None = None, dry_run: bool = False
    ) -> LoadResult:
        node_rows = [_node_row(n) for n in dataset.nodes]
        rel_rows = [_relation_row(r) for r in dataset.relations]

        def existing_nodes(tx: ManagedTransaction, rows: list[dict[str, Any]]) -> dict[str, str]:
            result = tx.run(
                "UNWIND $ids AS id MATCH (n:PMNode {id: id}) RETURN n.id AS id, n.pm_digest AS digest",
                ids=[r["id"] for r in rows],
            )
            return {rec["id"]: str(rec["digest"]) for rec in result}

        def work(tx: ManagedTransaction) -> LoadResult:
            # A retried attempt starts over, so the counts are made afresh each time.
            result = LoadResult(dry_run=dry_run)
            # Into an empty store everything is new: no lookups (the common first load).
            empty = tx.run("MATCH (n:PMNode) RETURN n.id LIMIT 1").single() is None
            own = dataset.node_ids()
            check_load(dataset, {} if empty else self._kinds_tx(tx, referenced_ids(dataset) - own))
            for table, rows in (("nodes", node_rows), ("relations", rel_rows)):
                for start in range(0, len(rows), _BATCH):
                    chunk = rows[start : start + _BATCH]
                    if empty:
                        existing: dict[str, str] = {}
                    elif table == "nodes":
                        existing = existing_nodes(tx, chunk)
                    else:
                        existing = self._existing_relations(tx, chunk)
                    new, changed, same = split_changes(
                        chunk, lambda r: (r["id"], str(r["props"]["pm_digest"])), existing
                    )
                    if table == "nodes":
                        self._write_nodes(tx, new, changed)
                    else:
                        self._write_relations(tx, new, changed)
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
            node_from_props(r[0]) for r in self._read("MATCH (n:PMNode) RETURN properties(n) ORDER BY n.id")
        ]
        relations = _relations(
            self._read(f"MATCH (s:PMNode)-[r:{_all_types()}]->(t:PMNode) RETURN {_REL_RETURN} ORDER BY r.id")
        )
        # The records were validated when written; the dataset only holds them.
        return Dataset.model_construct(nodes=nodes, relations=relations)

    def clear(self) -> None:
        def work(tx: ManagedTransaction) -> None:
            tx.run("MATCH (n:PMNode) DETACH DELETE n").consume()

        self._write(work)


class _TreeQuery:
    """The Cypher query of a tree of reads (:meth:`Neo4jStore.read_tree`), built step by step:
    step ``k`` collects its records into ``b{k}`` (nodes, or relationships for a group),
    a group's other ends into ``o{k}``."""

    def __init__(self, store: Neo4jStore) -> None:
        self.store = store
        self.calls: list[str] = []
        self.params: dict[str, Any] = {}
        self.nodes: list[str] = []  # the variables holding nodes
        self.rels: list[str] = []  # the variables holding relationships
        self.lists: list[str] = []  # the variables holding root lists, in order
        # per step: (its root or branch, the parent step, whether it holds relationships)
        self.steps: list[tuple[Root | Branch, int | None, bool]] = []

    def root(self, root: Root) -> None:
        k, start = len(self.steps), root.start
        is_rel = isinstance(start, RelationGroup)
        self.steps.append((root, None, is_rel))
        if isinstance(start, NodeList):
            params: dict[str, Any] = {}
            match = self.store._listing(
                f"n{k}", start.kind, where=dict(start.where), as_of=start.as_of, ids=start.ids, params=params
            )
            if (start.limit is not None and start.limit < 0) or start.offset < 0:
                raise StoreError("limit and offset must not be negative")
            self.params.update(params, **{f"skip{k}": start.offset})
            page = f" SKIP $skip{k}"
            if start.limit is not None:
                page += f" LIMIT $limit{k}"
                self.params[f"limit{k}"] = start.limit
            if match is None:
                self.calls.append(f"WITH *, [] AS b{k}" if self.calls else f"WITH [] AS b{k}")
            else:
                self.calls.append(
                    f"CALL {{ {match} WITH n{k} ORDER BY n{k}.id{page} RETURN collect(n{k}) AS b{k} }}"
                )
            self.nodes.append(f"b{k}")
            self.lists.append(f"b{k}")
        elif isinstance(start, RelationGroup):
            types = self.store._rel_types(start.kind)
            clauses = self._rel_clauses(f"r{k}", start)
            where = " WHERE " + " AND ".join(clauses) if clauses else ""
            if types is None:
                self.calls.append(f"WITH *, [] AS b{k}" if self.calls else f"WITH [] AS b{k}")
            else:
                self.calls.append(
                    f"CALL {{ MATCH (:PMNode)-[r{k}{types}]->(:PMNode){where} RETURN collect(r{k}) AS b{k} }}"
                )
            self.rels.append(f"b{k}")
        else:
            self.params[f"ids{k}"] = sorted(set(start))
            self.calls.append(f"CALL {{ MATCH (n:PMNode) WHERE n.id IN $ids{k} RETURN collect(n) AS b{k} }}")
            self.nodes.append(f"b{k}")
        for branch in root.then:
            self.branch(branch, k)

    def branch(self, branch: Branch, parent: int) -> None:
        k, of_rels = len(self.steps), self.steps[parent][2]
        is_rel = isinstance(branch.via, RelationGroup)
        self.steps.append((branch, parent, is_rel))
        if isinstance(branch.via, RelationGroup):
            group = branch.via
            if group.direction not in ("out", "in", "both"):
                raise StoreError(f"direction must be out, in or both, not {group.direction!r}")
            types = self.store._rel_types(group.kind)
            if types is None or of_rels:  # relations have no relations
                self.calls.append(f"WITH *, [] AS b{k}, [] AS o{k}")
            else:
                left, right = {"out": ("-", "->"), "in": ("<-", "-"), "both": ("-", "-")}[group.direction]
                clauses = self._rel_clauses(f"r{k}", group)
                where = " WHERE " + " AND ".join(clauses) if clauses else ""
                self.calls.append(
                    f"CALL {{ WITH b{parent} UNWIND b{parent} AS p MATCH (p){left}[r{k}{types}]{right}(o)"
                    f"{where} RETURN collect(DISTINCT r{k}) AS b{k}, collect(DISTINCT o) AS o{k} }}"
                )
            self.rels.append(f"b{k}")
            self.nodes.append(f"o{k}")
        else:
            via = branch.via
            if not _NAME_RE.match(via):
                raise StoreError(f"cannot follow {via!r}: not a field name")
            if of_rels and via in ("source", "target"):
                end = "startNode" if via == "source" else "endNode"
                self.calls.append(f"WITH *, [x IN b{parent} | {end}(x)] AS b{k}")
            else:
                value = f"x.{via}"
                self.calls.append(
                    f"CALL {{ WITH b{parent} UNWIND b{parent} AS x"
                    f" UNWIND CASE WHEN {value} IS :: LIST<ANY> THEN {value} ELSE [{value}] END AS id"
                    f" WITH DISTINCT id WHERE id IS NOT NULL MATCH (n:PMNode {{id: id}})"
                    f" RETURN collect(n) AS b{k} }}"
                )
            self.nodes.append(f"b{k}")
        for sub in branch.then:
            self.branch(sub, k)

    def _rel_clauses(self, var: str, group: RelationGroup) -> list[str]:
        clauses = self.store._rel_period(var, group.as_of, self.params)
        if group.ending is not None:
            clauses.append(f"{var}.valid_to >= ${var}_first AND {var}.valid_to <= ${var}_last")
            self.params[f"{var}_first"], self.params[f"{var}_last"] = group.ending
        return clauses

    def text(self) -> str:
        nodes = " + ".join(self.nodes) or "[]"
        rels = " + ".join(self.rels) or "[]"
        lists = ", ".join(f"[n IN {v} | n.id]" for v in self.lists)
        steps = ", ".join(f"[r IN {v} | r.id]" for v in self.rels)
        return (
            " ".join(self.calls)
            + f" CALL {{ WITH * UNWIND {nodes} AS n WITH DISTINCT n RETURN collect(properties(n)) AS nodes }}"
            + f" CALL {{ WITH * UNWIND {rels} AS r WITH DISTINCT r"
            " RETURN collect([properties(r), startNode(r).id, endNode(r).id]) AS rels }"
            + f" RETURN nodes, [{lists}] AS lists, rels, [{steps}] AS steps"
        )

    def answer(
        self,
        nodes: dict[str, Node],
        relations: dict[str, Relation],
        lists: list[list[str]],
        steps: list[list[str]],
    ) -> Tree:
        """The tree, keyed as the step-by-step reading keys it, from the query's answer."""
        tree = Tree(dict(nodes))
        records: list[list[Node | Relation]] = []
        listed, related = iter(lists), iter(steps)
        for step, parent, is_rel in self.steps:
            found: list[Node | Relation]
            rels = [relations[i] for i in sorted(set(next(related)))] if is_rel else []
            if isinstance(step, Root):
                start = step.start
                if isinstance(start, NodeList):
                    found = [nodes[i] for i in next(listed)]
                    tree.lists[start] = found  # type: ignore[assignment]
                elif isinstance(start, RelationGroup):
                    found = list(rels)
                    tree.relations[start, None] = rels
                else:
                    for node_id in start:
                        tree.nodes.setdefault(node_id, None)
                    found = [n for n in (nodes.get(i) for i in start) if n is not None]
            else:
                assert parent is not None
                above = records[parent]
                if isinstance(step.via, RelationGroup):
                    at = relations_by_end(step.via, rels)
                    for record in above:
                        if not isinstance(record, Relation):
                            tree.relations[step.via, record.id] = at.get(record.id, [])
                    found = list(rels)
                else:
                    for node_id in (i for r in above for i in linked_ids(r, step.via)):
                        tree.nodes.setdefault(node_id, None)
                    found = tree_level(tree, [(above, step)])[0][0]
            records.append(found)
        return tree
