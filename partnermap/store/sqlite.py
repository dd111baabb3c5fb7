"""SQLiteStore: the embedded default store, one file, stdlib ``sqlite3``.

WAL journal, foreign keys on, and one ``BEGIN IMMEDIATE`` transaction per write call
(a bulk load included), so a failed write leaves the file as it was. Each node and
relation is one row holding its JSON; kind, endpoints and period are columns too, so
filters run in SQL. The schema carries a version (``PRAGMA user_version``) and is
migrated forward step by step on open.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

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
    Direction,
    DryRunRollback,
    Level,
    LoadResult,
    Neighbour,
    Progress,
    RelationGroup,
    Root,
    Scalar,
    Tree,
    check_changed,
    check_filter_fields,
    check_load,
    check_relation,
    read_tree_by_levels,
    split_changes,
)
from partnermap.store.records import RecordMemo, trusted_node, trusted_relation
from partnermap.validation import referenced_ids

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "SQLiteStore"]

_BATCH = 500  # rows per statement batch; well under SQLite's 32766 parameter limit


def _script(conn: sqlite3.Connection, script: str) -> None:
    """Run statements one by one: ``executescript`` would commit the open transaction."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _migrate_1(conn: sqlite3.Connection) -> None:
    _script(
        conn,
        """
        CREATE TABLE nodes (
            id   TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            data TEXT NOT NULL
        );
        CREATE INDEX nodes_kind ON nodes(kind);
        CREATE TABLE relations (
            id         TEXT PRIMARY KEY,
            kind       TEXT NOT NULL,
            source     TEXT NOT NULL REFERENCES nodes(id),
            target     TEXT NOT NULL REFERENCES nodes(id),
            valid_from TEXT,
            valid_to   TEXT,
            data       TEXT NOT NULL
        );
        CREATE INDEX relations_kind ON relations(kind);
        CREATE INDEX relations_source ON relations(source);
        CREATE INDEX relations_target ON relations(target);
        """,
    )


def _migrate_2(conn: sqlite3.Connection) -> None:
    """Nodes get period columns (a project's start..end) so ``as_of`` filters run in SQL."""
    _script(
        conn,
        """
        ALTER TABLE nodes ADD COLUMN valid_from TEXT;
        ALTER TABLE nodes ADD COLUMN valid_to TEXT;
        UPDATE nodes SET valid_from = json_extract(data, '$.start'),
                         valid_to = json_extract(data, '$.end')
         WHERE kind = 'project';
        CREATE INDEX relations_period ON relations(valid_from, valid_to);
        """,
    )


#: Step ``i`` takes a database from schema version ``i`` to ``i + 1``.
MIGRATIONS: Sequence[Callable[[sqlite3.Connection], None]] = (_migrate_1, _migrate_2)
SCHEMA_VERSION = len(MIGRATIONS)


def _path_from_url(url: str) -> str:
    if url.startswith("sqlite:///"):
        return url[len("sqlite:///") :]
    if url.startswith("sqlite://"):
        raise StoreError(f"SQLite URL {url!r} must look like sqlite:///PATH")
    return url


def _translate(exc: sqlite3.Error, path: str) -> StoreError:
    text = str(exc)
    if "readonly" in text or "read-only" in text:
        return StoreUnavailableError(f"the SQLite store {path} is read-only: {text}")
    if "locked" in text or "busy" in text:
        return StoreUnavailableError(f"the SQLite store {path} is busy (locked by another writer)")
    if "disk is full" in text or "database or disk is full" in text:
        return StoreUnavailableError(f"the disk holding the SQLite store {path} is full")
    if "malformed" in text or "not a database" in text:
        return StoreUnavailableError(f"{path} is not a usable SQLite store: {text}")
    if "unable to open" in text:
        return StoreUnavailableError(f"cannot open the SQLite store {path}: {text}")
    return StoreError(f"SQLite store {path}: {text}")


def _chunks(items: Sequence[Any], size: int = _BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _node_period(node: Node) -> tuple[str | None, str | None]:
    # Projects, events and survey waves have a period of their own; the model says which fields hold it.
    fields = period_fields(node.kind)
    if fields is None:
        return None, None
    return _iso(getattr(node, fields[0])), _iso(getattr(node, fields[1]))


class SQLiteStore:
    """The embedded default store.

    Parameters
    ----------
    path : str or Path
        The database file (created if missing), or ``":memory:"``. A ``sqlite:///PATH``
        URL is accepted too.
    timeout : float
        Seconds a writer waits for another writer's lock before giving up.

    Examples
    --------
    >>> from partnermap.store.sqlite import SQLiteStore
    >>> from partnermap.datasets import bundled_dataset
    >>> with SQLiteStore(":memory:") as store:
    ...     result = store.load(bundled_dataset())
    ...     store.count_nodes("municipality")
    79
    """

    def __init__(self, path: str | Path = "partnermap.db", *, timeout: float = 30.0) -> None:
        raw = _path_from_url(str(path))
        self.path = raw
        self.url = f"sqlite:///{raw}"
        self._lock = threading.RLock()
        self.read_only = False
        self.round_trips = 0
        self._records: RecordMemo | None = None  # see share_records
        if raw != ":memory:":
            file = Path(raw).expanduser().resolve()
            try:
                if not file.parent.is_dir():
                    raise StoreUnavailableError(
                        f"cannot create the SQLite store {raw}: no directory {file.parent}"
                    )
                exists = file.exists()
            except OSError as exc:
                raise StoreUnavailableError(f"cannot open the SQLite store {raw}: {exc.strerror}") from None
            # A file this process may not write (or whose directory it may not write, where
            # SQLite keeps its journal) is opened read-only: reads work, writes are refused.
            self.read_only = exists and not (os.access(file, os.W_OK) and os.access(file.parent, os.W_OK))
        try:
            self._conn = self._connect(raw, timeout)
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self._migrate()
            if raw != ":memory:" and not self.read_only:
                self._conn.execute("PRAGMA journal_mode = WAL")
                self._conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error as exc:
            conn = getattr(self, "_conn", None)
            if conn is not None:
                conn.close()
            raise _translate(exc, raw) from None

    def _connect(self, raw: str, timeout: float) -> sqlite3.Connection:
        def connect(target: str, uri: bool = False) -> sqlite3.Connection:
            return sqlite3.connect(
                target, timeout=timeout, isolation_level=None, check_same_thread=False, uri=uri
            )

        if not self.read_only:
            return connect(raw)
        uri = Path(raw).expanduser().resolve().as_uri().replace("file://", "file:", 1)
        conn = connect(f"{uri}?mode=ro", uri=True)
        try:
            conn.execute("PRAGMA user_version").fetchone()
        except sqlite3.OperationalError:
            # A WAL database in a directory we cannot write has no -shm file to share;
            # nobody can be writing it through this directory, so read it as immutable.
            conn.close()
            conn = connect(f"{uri}?mode=ro&immutable=1", uri=True)
        return conn

    # ------------------------------------------------------------------ plumbing

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SQLiteStore({self.path!r})"

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def schema_version(self) -> int:
        with self._lock:
            row = self._conn.execute("PRAGMA user_version").fetchone()
        return int(row[0])

    def _migrate(self) -> None:
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"the SQLite store {self.path} has schema version {current}, newer than this "
                f"partnermap supports ({SCHEMA_VERSION}); upgrade partnermap"
            )
        if current == SCHEMA_VERSION:
            return
        if self.read_only:
            raise StoreUnavailableError(
                f"the SQLite store {self.path} needs a schema upgrade (version {current} to "
                f"{SCHEMA_VERSION}) but is read-only for this user"
            )
        # A read-only file or a lost race with another opener fails here, before any change.
        with self._tx() as conn:
            current = int(conn.execute("PRAGMA user_version").fetchone()[0])
            for step in range(current, SCHEMA_VERSION):
                MIGRATIONS[step](conn)
                conn.execute(f"PRAGMA user_version = {step + 1}")

    @contextmanager
    def _tx(self, *, foreign_keys: bool = True) -> Iterator[sqlite3.Connection]:
        """One write transaction; rolled back on any error.

        ``foreign_keys=False`` skips SQLite's per-row foreign-key lookups, for bulk loads
        that have checked every endpoint themselves inside the same transaction.
        """
        if self.read_only:
            raise StoreUnavailableError(f"the SQLite store {self.path} is read-only for this user")
        with self._lock:
            conn = self._conn
            self.round_trips += 1
            try:
                if not foreign_keys:  # the pragma is a no-op inside a transaction
                    conn.execute("PRAGMA foreign_keys = OFF")
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                conn.execute("PRAGMA foreign_keys = ON")
                raise _translate(exc, self.path) from None
            try:
                yield conn
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise _translate(exc, self.path) from None
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            finally:
                if not foreign_keys:
                    conn.execute("PRAGMA foreign_keys = ON")

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._lock:
            self.round_trips += 1
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise _translate(exc, self.path) from None

    def _kinds(self, conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, NodeKind]:
        wanted = sorted(set(ids))
        out: dict[str, NodeKind] = {}
        for chunk in _chunks(wanted):
            marks = ",".join("?" * len(chunk))
            for node_id, kind in conn.execute(
                f"SELECT id, kind FROM nodes WHERE id IN ({marks})",
                chunk,
            ):
                out[node_id] = NodeKind(kind)
        return out

    def node_kinds(self, ids: Iterable[str]) -> dict[str, NodeKind]:
        with self._lock:
            self.round_trips += 1
            try:
                return self._kinds(self._conn, ids)
            except sqlite3.Error as exc:
                raise _translate(exc, self.path) from None

    # ------------------------------------------------------------------ nodes

    @staticmethod
    def _node_row(node: Node) -> tuple[str, str, str, str | None, str | None, str]:
        start, end = _node_period(node)
        return (node.id, node.kind, node.name, start, end, node.model_dump_json())

    def _write_nodes(self, conn: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> None:
        conn.executemany(
            "INSERT INTO nodes (id, kind, name, valid_from, valid_to, data) VALUES (?,?,?,?,?,?)"
            " ON CONFLICT(id) DO UPDATE SET kind=excluded.kind, name=excluded.name,"
            " data=excluded.data, valid_from=excluded.valid_from, valid_to=excluded.valid_to",
            rows,
        )

    def upsert_node(self, node: Node) -> bool:
        row = self._node_row(node)
        with self._tx() as conn:
            # A node's kind is fixed by its id's prefix, so an update never changes it.
            old = conn.execute("SELECT data FROM nodes WHERE id = ?", (node.id,)).fetchone()
            if old is not None and old[0] == row[-1]:
                return False
            self._write_nodes(conn, [row])
        return True

    def create_node(self, node: Node) -> bool:
        with self._tx() as conn:
            if conn.execute("SELECT 1 FROM nodes WHERE id = ?", (node.id,)).fetchone() is not None:
                return False
            self._write_nodes(conn, [self._node_row(node)])
        return True

    def update_node(self, node_id: str, change: Callable[[Node], Node]) -> Node | None:
        # BEGIN IMMEDIATE holds the write lock from the read to the write: no lost update.
        with self._tx() as conn:
            row = conn.execute("SELECT data FROM nodes WHERE id = ?", (node_id,)).fetchone()
            if row is None:
                return None
            before = node_adapter.validate_json(row[0])
            after = change(before)
            check_changed(before, after)
            self._write_nodes(conn, [self._node_row(after)])
        return after

    def share_records(self, size: int = 20_000) -> None:
        """From now on, a read of a row unchanged since an earlier read gives the record built
        then (a bounded memo, :class:`~partnermap.store.records.RecordMemo`), not a new one: for
        servers, whose requests treat records as read-only (the API's stores; building
        records is most of a read's CPU there). Callers that change records they read must
        not turn it on."""
        if self._records is None:
            self._records = RecordMemo(size)

    def _node(self, text: str) -> Node:
        return self._records.node(text) if self._records is not None else trusted_node(text)

    def _relation(self, text: str) -> Relation:
        return self._records.relation(text) if self._records is not None else trusted_relation(text)

    def get_node(self, node_id: str) -> Node | None:
        rows = self._read("SELECT data FROM nodes WHERE id = ?", (node_id,))
        return self._node(rows[0][0]) if rows else None

    def delete_node(self, node_id: str, *, cascade: bool = False) -> bool:
        with self._tx() as conn:
            if conn.execute("SELECT 1 FROM nodes WHERE id = ?", (node_id,)).fetchone() is None:
                return False
            used = conn.execute(
                "SELECT count(*) FROM relations WHERE source = ? OR target = ?", (node_id, node_id)
            ).fetchone()[0]
            if used and not cascade:
                raise StoreError(
                    f"node {node_id!r} is used by {used} relation(s); delete them first or cascade"
                )
            conn.execute("DELETE FROM relations WHERE source = ? OR target = ?", (node_id, node_id))
            conn.execute("DELETE FROM nodes WHERE id = ?", (node_id,))
        return True

    @staticmethod
    def _filters(
        kind: str | None,
        where: Mapping[str, Scalar] | None,
        as_of: date | None,
        prefix: str = "",
    ) -> tuple[list[str], list[Any]]:
        """SQL conditions (on columns of ``prefix`` + name) and their parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        if kind is not None:
            clauses.append(f"{prefix}kind = ?")
            params.append(str(kind.value if hasattr(kind, "value") else kind))
        for key, value in check_filter_fields(where).items():
            if value is None:
                clauses.append(f"json_extract({prefix}data, ?) IS NULL")
                params.append(f"$.{key}")
            else:
                clauses.append(f"json_extract({prefix}data, ?) = ?")
                params.extend([f"$.{key}", value])
        if as_of is not None:
            day = as_of.isoformat()
            clauses.append(
                f"({prefix}valid_from IS NULL OR {prefix}valid_from <= ?)"
                f" AND ({prefix}valid_to IS NULL OR {prefix}valid_to >= ?)"
            )
            params.extend([day, day])
        return clauses, params

    @staticmethod
    def _page(limit: int | None, offset: int) -> tuple[str, list[Any]]:
        if limit is None and not offset:
            return "", []
        if (limit is not None and limit < 0) or offset < 0:
            raise StoreError("limit and offset must not be negative")
        return " LIMIT ? OFFSET ?", [-1 if limit is None else limit, offset]

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
        clauses, params = self._filters(kind, where, as_of)
        if ids is not None:
            wanted = sorted(set(ids))
            if not wanted:
                return []
            # One JSON parameter, whatever the number of ids (no limit on "?" marks).
            clauses.append("id IN (SELECT value FROM json_each(?))")
            params.append(_json_list(wanted))
        sql = "SELECT data FROM nodes"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        page, page_params = self._page(limit, offset)
        rows = self._read(sql + " ORDER BY id" + page, [*params, *page_params])
        return [self._node(row[0]) for row in rows]

    def count_nodes(self, kind: NodeKind | str | None = None) -> int:
        clauses, params = self._filters(kind, None, None)
        sql = "SELECT count(*) FROM nodes" + (" WHERE " + " AND ".join(clauses) if clauses else "")
        return int(self._read(sql, params)[0][0])

    # ------------------------------------------------------------------ relations

    @staticmethod
    def _relation_row(rel: Relation) -> tuple[Any, ...]:
        return (
            rel.id,
            rel.kind.value,
            rel.source,
            rel.target,
            _iso(rel.valid_from),
            _iso(rel.valid_to),
            rel.model_dump_json(),
        )

    def _write_relations(self, conn: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> None:
        conn.executemany(
            "INSERT INTO relations (id, kind, source, target, valid_from, valid_to, data)"
            " VALUES (?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET kind=excluded.kind,"
            " source=excluded.source, target=excluded.target, valid_from=excluded.valid_from,"
            " valid_to=excluded.valid_to, data=excluded.data",
            rows,
        )

    def upsert_relation(self, relation: Relation) -> bool:
        row = self._relation_row(relation)
        with self._tx() as conn:
            ids = [relation.source, relation.target]
            if relation.context:
                ids.append(relation.context)
            check_relation(relation, self._kinds(conn, ids))
            old = conn.execute("SELECT data FROM relations WHERE id = ?", (relation.id,)).fetchone()
            if old is not None and old[0] == row[-1]:
                return False
            self._write_relations(conn, [row])
        return True

    def create_relation(self, relation: Relation) -> bool:
        with self._tx() as conn:
            ids = [relation.source, relation.target] + ([relation.context] if relation.context else [])
            check_relation(relation, self._kinds(conn, ids))
            if conn.execute("SELECT 1 FROM relations WHERE id = ?", (relation.id,)).fetchone() is not None:
                return False
            self._write_relations(conn, [self._relation_row(relation)])
        return True

    def update_relation(self, relation_id: str, change: Callable[[Relation], Relation]) -> Relation | None:
        with self._tx() as conn:
            row = conn.execute("SELECT data FROM relations WHERE id = ?", (relation_id,)).fetchone()
            if row is None:
                return None
            before = Relation.model_validate_json(row[0])
            after = change(before)
            check_changed(before, after)
            ids = [after.source, after.target] + ([after.context] if after.context else [])
            check_relation(after, self._kinds(conn, ids))
            self._write_relations(conn, [self._relation_row(after)])
        return after

    def get_relation(self, relation_id: str) -> Relation | None:
        rows = self._read("SELECT data FROM relations WHERE id = ?", (relation_id,))
        return self._relation(rows[0][0]) if rows else None

    def delete_relation(self, relation_id: str) -> bool:
        with self._tx() as conn:
            cur = conn.execute("DELETE FROM relations WHERE id = ?", (relation_id,))
            return cur.rowcount > 0

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
        clauses, params = self._filters(kind, where, as_of)
        if source is not None:
            clauses.append("source = ?")
            params.append(source)
        if target is not None:
            clauses.append("target = ?")
            params.append(target)
        if node is not None:
            clauses.append("(source = ? OR target = ?)")
            params.extend([node, node])
        sql = "SELECT data FROM relations"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        page, page_params = self._page(limit, offset)
        rows = self._read(sql + " ORDER BY id" + page, [*params, *page_params])
        return [self._relation(row[0]) for row in rows]

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
        wanted = _json_list(sorted(set(node_ids)))
        clauses, params = self._filters(kind, None, as_of)
        ends = {"out": ["source"], "in": ["target"], "both": ["source", "target"]}[direction]
        match = " OR ".join(f"{end} IN (SELECT value FROM json_each(?))" for end in ends)
        clauses.append(f"({match})")
        params.extend([wanted] * len(ends))
        rows = self._read(
            "SELECT data FROM relations WHERE " + " AND ".join(clauses) + " ORDER BY id", params
        )
        return [self._relation(row[0]) for row in rows]

    def count_relations(self, kind: RelationKind | str | None = None) -> int:
        clauses, params = self._filters(kind, None, None)
        sql = "SELECT count(*) FROM relations" + (" WHERE " + " AND ".join(clauses) if clauses else "")
        return int(self._read(sql, params)[0][0])

    def neighbours(
        self,
        node_id: str,
        *,
        direction: Direction = "both",
        relation_kind: RelationKind | str | None = None,
        node_kind: NodeKind | str | None = None,
        as_of: date | None = None,
    ) -> list[Neighbour]:
        if direction not in ("out", "in", "both"):
            raise StoreError(f"direction must be out, in or both, not {direction!r}")
        rel_clauses, rel_params = self._filters(relation_kind, None, as_of, prefix="r.")
        parts: list[str] = []
        params: list[Any] = []
        for end, other in (("source", "target"), ("target", "source")):
            if direction == ("in" if end == "source" else "out"):
                continue
            clauses = [f"r.{end} = ?", *rel_clauses]
            part_params: list[Any] = [node_id, *rel_params]
            node_clauses, node_params = self._filters(node_kind, None, as_of, prefix="n.")
            clauses.extend(node_clauses)
            part_params.extend(node_params)
            parts.append(
                f"SELECT r.id, r.data, n.data FROM relations r JOIN nodes n ON n.id = r.{other}"
                f" WHERE {' AND '.join(clauses)}"
            )
            params.extend(part_params)
        sql = " UNION ".join(parts) + " ORDER BY 1"
        rows = self._read(sql, params)
        return [Neighbour(self._relation(rel), self._node(node)) for _, rel, node in rows]

    def read_level(
        self,
        nodes: Iterable[str] | None = (),
        relations: Mapping[RelationGroup, Iterable[str] | None] | None = None,
    ) -> Level:
        # One statement: a UNION ALL of the asked nodes and, per group and end, its relations
        # joined to the nodes at their other ends. Rows: (group, relation, node).
        parts: list[str] = []
        params: list[Any] = []
        if nodes is None:
            parts.append("SELECT NULL, NULL, data FROM nodes")
        elif wanted := sorted(set(nodes)):
            parts.append("SELECT NULL, NULL, data FROM nodes WHERE id IN (SELECT value FROM json_each(?))")
            params.append(_json_list(wanted))
        groups = list((relations or {}).items())
        for index, (group, ids) in enumerate(groups):
            if group.direction not in ("out", "in", "both"):
                raise StoreError(f"direction must be out, in or both, not {group.direction!r}")
            clauses, filter_params = self._filters(group.kind, None, group.as_of, prefix="r.")
            if group.ending is not None:
                clauses.append("r.valid_to >= ? AND r.valid_to <= ?")
                filter_params.extend(day.isoformat() for day in group.ending)
            where = " WHERE " + " AND ".join(clauses) if clauses else ""
            if ids is None:  # every relation of the kind: their ends are not joined
                parts.append(f"SELECT {index}, r.data, NULL FROM relations r{where}")
                params.extend(filter_params)
                continue
            at = _json_list(sorted(set(ids)))
            for end, other in (("source", "target"), ("target", "source")):
                if group.direction == ("in" if end == "source" else "out"):
                    continue
                match = [f"r.{end} IN (SELECT value FROM json_each(?))", *clauses]
                parts.append(
                    f"SELECT {index}, r.data, n.data FROM relations r JOIN nodes n ON n.id = r.{other}"
                    f" WHERE {' AND '.join(match)}"
                )
                params.extend([at, *filter_params])
        found: dict[RelationGroup, dict[str, Relation]] = {group: {} for group, _ in groups}
        level = Level({}, {})
        if parts:
            seen: dict[str, Any] = {}  # a record met several times is built once
            for index, rel, text in self._read(" UNION ALL ".join(parts), params):
                if text is not None:
                    node = seen.get(text) or seen.setdefault(text, self._node(text))
                    level.nodes[node.id] = node
                if rel is not None:
                    relation = seen.get(rel) or seen.setdefault(rel, self._relation(rel))
                    found[groups[index][0]][relation.id] = relation
        level.relations = {g: [by_id[i] for i in sorted(by_id)] for g, by_id in found.items()}
        return level

    reads_trees_at_once = False

    def read_tree(self, roots: Sequence[Root]) -> Tree:
        # A statement per level: each takes microseconds, so the default serves.
        return read_tree_by_levels(self, roots)

    # ------------------------------------------------------------------ bulk

    def load(
        self, dataset: Dataset, *, progress: Progress | None = None, dry_run: bool = False
    ) -> LoadResult:
        result = LoadResult(dry_run=dry_run)
        node_rows = [self._node_row(n) for n in dataset.nodes]
        rel_rows = [self._relation_row(r) for r in dataset.relations]
        try:
            # check_load below verifies every endpoint under this transaction's write lock,
            # which makes SQLite's own per-row foreign-key lookups redundant (and 3x slower).
            with self._tx(foreign_keys=False) as conn:
                own = dataset.node_ids()
                check_load(dataset, self._kinds(conn, referenced_ids(dataset) - own))
                for table, rows, write in (
                    ("nodes", node_rows, self._write_nodes),
                    ("relations", rel_rows, self._write_relations),
                ):
                    for chunk in _chunks(rows):
                        marks = ",".join("?" * len(chunk))
                        existing = dict(
                            conn.execute(
                                f"SELECT id, data FROM {table} WHERE id IN ({marks})",
                                [r[0] for r in chunk],
                            ).fetchall()
                        )
                        new, changed, same = split_changes(chunk, _fingerprint, existing)
                        if new or changed:
                            write(conn, [*new, *changed])
                        result.add(table, [r[0] for r in new], [r[0] for r in changed], same)  # type: ignore[arg-type]
                        if progress is not None:
                            progress(len(chunk))
                if dry_run:
                    raise DryRunRollback(result)
        except DryRunRollback as rollback:
            return rollback.result
        return result

    def dump(self) -> Dataset:
        with self._lock:
            nodes = [trusted_node(r[0]) for r in self._read("SELECT data FROM nodes ORDER BY id")]
            relations = [trusted_relation(r[0]) for r in self._read("SELECT data FROM relations ORDER BY id")]
        return Dataset(nodes=nodes, relations=relations)

    def clear(self) -> None:
        with self._tx() as conn:
            conn.execute("DELETE FROM relations")
            conn.execute("DELETE FROM nodes")


def _fingerprint(row: Sequence[Any]) -> tuple[str, str]:
    """A row's id and JSON: the JSON is the last column of node and relation rows alike."""
    return row[0], row[-1]


def _json_list(values: Sequence[str]) -> str:
    return json.dumps(list(values))
