"""The Store protocol every backend implements, and what backends share.

A store holds nodes and relations. Writes of one call are one transaction: a bulk
:meth:`Store.load` writes all of a dataset or nothing. Every backend passes the same
conformance suite (``tests/conformance``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Literal, NamedTuple, Protocol, TypeVar, runtime_checkable

from partnermap.errors import DatasetError, Problem, StoreError
from partnermap.model import NODE_ID_RE, Dataset, Node, NodeKind, Relation, RelationKind
from partnermap.validation import Candidates, check_dataset, relation_problems

__all__ = [
    "Branch",
    "Direction",
    "DryRunRollback",
    "Level",
    "LoadResult",
    "Neighbour",
    "NodeList",
    "Progress",
    "RelationGroup",
    "Root",
    "Scalar",
    "Store",
    "Tree",
    "check_changed",
    "check_filter_fields",
    "check_load",
    "check_relation",
    "linked_ids",
    "node_candidates",
    "read_tree_by_levels",
    "relations_by_end",
    "split_changes",
    "tree_level",
]

Scalar = str | int | float | bool | None
Direction = Literal["out", "in", "both"]
Progress = Callable[[int], None]
"""Called with the number of records just written, as a load goes on."""

T = TypeVar("T")
_FIELD_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")


class Neighbour(NamedTuple):
    """A relation at a node, and the node at its other end."""

    relation: Relation
    node: Node


class RelationGroup(NamedTuple):
    """Relations of one kind (None: any) in one direction, as of a day (None: every period);
    with ``ending``, only those whose period ends between its two days (both included; the
    rule of :func:`partnermap.summary.ending`, applied in the store to read only those)."""

    kind: RelationKind | None
    direction: Direction
    as_of: date | None
    ending: tuple[date, date] | None = None


@dataclass
class Level:
    """What :meth:`Store.read_level` answers: relations by group and the nodes they reach."""

    relations: dict[RelationGroup, list[Relation]]
    """Each group's relations at any of its ids (every one of its kind for ``None``), by id."""
    nodes: dict[str, Node]
    """The asked nodes that exist and the nodes at the other ends of the relations asked
    for at given ids."""


@dataclass(frozen=True)
class NodeList:
    """Nodes of a kind as :meth:`Store.list_nodes` lists them: ``where`` fields equal,
    ``as_of`` a day, only ``ids`` (None: any), a page (``limit``, ``offset``) by id."""

    kind: NodeKind
    where: tuple[tuple[str, Scalar], ...] = ()
    as_of: date | None = None
    ids: tuple[str, ...] | None = None
    limit: int | None = None
    offset: int = 0


@dataclass(frozen=True)
class Branch:
    """What a tree reads from the records one of its steps reached, then its own branches
    from the records it reached.

    ``via`` an attribute name: the nodes whose ids the records hold there (a relation's
    ``source`` and ``target`` are its end nodes; a list of ids, each of them). ``via`` a
    :class:`RelationGroup`: the group's relations at the nodes among the records (its kind,
    direction, ``as_of`` and ``ending`` applied), with the nodes at their other ends.
    """

    via: str | RelationGroup
    then: tuple[Branch, ...] = ()


@dataclass(frozen=True)
class Root:
    """Where a tree starts: the nodes of some ids, a :class:`NodeList`, or every relation of
    a :class:`RelationGroup` (without their ends); then its branches."""

    start: tuple[str, ...] | NodeList | RelationGroup
    then: tuple[Branch, ...] = ()


@dataclass
class Tree:
    """What :meth:`Store.read_tree` answers: every record the tree reached, keyed as the
    reads of one level are, so that a caller finds each step's answer as it would have
    read it step by step."""

    nodes: dict[str, Node | None] = field(default_factory=dict)
    """Nodes by id: each id a step looked up (None where no node has it), and the nodes at
    the other ends of the relations read at nodes."""
    relations: dict[tuple[RelationGroup, str | None], list[Relation]] = field(default_factory=dict)
    """Per group, the relations at each node id it was read at (None: every relation of a
    root group), by id; an id without any has an empty list."""
    lists: dict[NodeList, list[Node]] = field(default_factory=dict)
    """Each root list's nodes, by id."""


@dataclass
class LoadResult:
    """What a bulk load changed (or, for a dry run, would change), by record type.

    Attributes
    ----------
    nodes_created : int
        Nodes that were new.
    nodes_updated : int
        Nodes that existed and changed.
    nodes_unchanged : int
        Nodes that existed as they are.
    relations_created : int
        Relations that were new.
    relations_updated : int
        Relations that existed and changed.
    relations_unchanged : int
        Relations that existed as they are.
    dry_run : bool
        Whether nothing was written (the counts say what a load would change).
    created_ids, updated_ids : set of str
        Ids of the records created and changed.
    """

    nodes_created: int = 0
    nodes_updated: int = 0
    nodes_unchanged: int = 0
    relations_created: int = 0
    relations_updated: int = 0
    relations_unchanged: int = 0
    dry_run: bool = False
    created_ids: set[str] = field(default_factory=set, repr=False)
    updated_ids: set[str] = field(default_factory=set, repr=False)

    @property
    def changed(self) -> int:
        return self.nodes_created + self.nodes_updated + self.relations_created + self.relations_updated

    def add(
        self, table: Literal["nodes", "relations"], new: list[str], changed: list[str], unchanged: int
    ) -> None:
        """Count one batch of ``table``'s records: new ids, changed ids, and how many are the same."""
        if table == "nodes":
            self.nodes_created += len(new)
            self.nodes_updated += len(changed)
            self.nodes_unchanged += unchanged
        else:
            self.relations_created += len(new)
            self.relations_updated += len(changed)
            self.relations_unchanged += unchanged
        self.created_ids.update(new)
        self.updated_ids.update(changed)

    def as_dict(self) -> dict[str, int]:
        return {
            "nodes_created": self.nodes_created,
            "nodes_updated": self.nodes_updated,
            "nodes_unchanged": self.nodes_unchanged,
            "relations_created": self.relations_created,
            "relations_updated": self.relations_updated,
            "relations_unchanged": self.relations_unchanged,
        }


class DryRunRollback(Exception):
    """Raised inside a load's transaction to roll a dry run back; carries the result."""

    def __init__(self, result: LoadResult) -> None:
        super().__init__("dry run")
        self.result = result


def split_changes(
    rows: Sequence[T], fingerprint: Callable[[T], tuple[str, str]], existing: Mapping[str, str]
) -> tuple[list[T], list[T], int]:
    """Rows whose id is new, rows whose fingerprint differs from ``existing``, and the rest's count."""
    new: list[T] = []
    changed: list[T] = []
    for row in rows:
        record_id, print_ = fingerprint(row)
        old = existing.get(record_id)
        if old is None:
            new.append(row)
        elif old != print_:
            changed.append(row)
    return new, changed, len(rows) - len(new) - len(changed)


@runtime_checkable
class Store(Protocol):
    """Persistence for the graph: nodes, relations, filters, neighbours, bulk loads.

    Filters
    -------
    ``kind`` selects a node or relation kind; ``where`` maps field names to values that
    must be equal (``{"sector": "public"}``); ``as_of`` keeps what is active on a date:
    relations whose period contains it, and nodes with no period of their own or whose
    period (a project's or an event's start..end) contains it.
    """

    url: str
    round_trips: int
    """How many statements (SQLite) or transactions (Neo4j) the store has sent: what the
    API's one-query-per-level promise is counted in."""

    def __enter__(self) -> Store: ...

    def __exit__(self, *exc: object) -> None: ...

    def close(self) -> None: ...

    def schema_version(self) -> int: ...

    # nodes
    def upsert_node(self, node: Node) -> bool:
        """Insert or replace a node; True if something changed."""
        ...

    def create_node(self, node: Node) -> bool:
        """Insert a node whose id is new, atomically; False (and nothing written) if it exists."""
        ...

    def update_node(self, node_id: str, change: Callable[[Node], Node]) -> Node | None:
        """Read a node, ``change`` it and write it back in one transaction, so that concurrent
        changes are applied one after the other and none is lost; None if there is no such node.
        """
        ...

    def get_node(self, node_id: str) -> Node | None: ...

    def delete_node(self, node_id: str, *, cascade: bool = False) -> bool:
        """Delete a node; refuses (StoreError) if relations use it unless ``cascade``."""
        ...

    def list_nodes(
        self,
        kind: NodeKind | str | None = None,
        *,
        where: Mapping[str, Scalar] | None = None,
        as_of: date | None = None,
        ids: Iterable[str] | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Node]: ...

    def count_nodes(self, kind: NodeKind | str | None = None) -> int: ...

    def node_kinds(self, ids: Iterable[str]) -> dict[str, NodeKind]:
        """The kinds of those of ``ids`` that exist."""
        ...

    # relations
    def upsert_relation(self, relation: Relation) -> bool:
        """Insert or replace a relation whose endpoints exist; True if something changed."""
        ...

    def create_relation(self, relation: Relation) -> bool:
        """Insert a relation whose id is new (endpoints checked); False if the id exists."""
        ...

    def update_relation(self, relation_id: str, change: Callable[[Relation], Relation]) -> Relation | None:
        """Read, ``change`` and write back one relation in one transaction (see update_node)."""
        ...

    def get_relation(self, relation_id: str) -> Relation | None: ...

    def delete_relation(self, relation_id: str) -> bool: ...

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
    ) -> list[Relation]: ...

    def count_relations(self, kind: RelationKind | str | None = None) -> int: ...

    def relations_of(
        self,
        node_ids: Iterable[str],
        *,
        kind: RelationKind | str | None = None,
        direction: Direction = "both",
        as_of: date | None = None,
    ) -> list[Relation]:
        """Relations with an end among ``node_ids`` (the source for "out", the target for
        "in", either for "both"), ordered by id, in one query whatever the number of ids."""
        ...

    def neighbours(
        self,
        node_id: str,
        *,
        direction: Direction = "both",
        relation_kind: RelationKind | str | None = None,
        node_kind: NodeKind | str | None = None,
        as_of: date | None = None,
    ) -> list[Neighbour]: ...

    def read_level(
        self,
        nodes: Iterable[str] | None = (),
        relations: Mapping[RelationGroup, Iterable[str] | None] | None = None,
    ) -> Level:
        """One level of a request in one round trip (one SQL statement, one Cypher query):
        the ``nodes`` of those ids (None: every node), and for each group the relations at
        any of its ids with the nodes at their other ends (None: every relation of the
        group's kind, without its ends)."""
        ...

    reads_trees_at_once: bool
    """Whether :meth:`read_tree` is one round trip (one Cypher query), so that a caller
    gains by asking for a whole request at once; else it costs one per level."""

    def read_tree(self, roots: Sequence[Root]) -> Tree:
        """Every record a tree of reads reaches from its ``roots`` (:class:`Root`,
        :class:`Branch`): as :func:`read_tree_by_levels` answers it (one :meth:`read_level`
        per level of the tree), or in one round trip where the store can
        (:attr:`reads_trees_at_once`)."""
        ...

    # bulk
    def load(
        self, dataset: Dataset, *, progress: Progress | None = None, dry_run: bool = False
    ) -> LoadResult:
        """Upsert a whole dataset in one transaction: all of it, or nothing.

        With ``dry_run`` the transaction is rolled back: the result tells what would change.
        """
        ...

    def dump(self) -> Dataset:
        """Everything the store holds, as a dataset (nodes, then relations, by id)."""
        ...

    def clear(self) -> None:
        """Delete every node and relation."""
        ...


def check_filter_fields(where: Mapping[str, Scalar] | None) -> dict[str, Scalar]:
    """Validate ``where`` keys as plain field names (they never become query text)."""
    out: dict[str, Scalar] = {}
    for key, value in (where or {}).items():
        if not isinstance(key, str) or not _FIELD_RE.match(key):
            raise StoreError(f"invalid filter field {key!r}: use a plain field name")
        if isinstance(value, (list, dict, tuple, set)):
            raise StoreError(f"filter {key!r} takes one value, not {type(value).__name__}")
        out[key] = value.value if isinstance(value, Enum) else value
    return out


def check_changed(before: Node | Relation, after: Node | Relation) -> None:
    """A change may alter a record's fields, not its identity or endpoints."""
    for name in ("id", "kind", "source", "target"):
        if getattr(before, name, None) != getattr(after, name, None):
            raise StoreError(f"a change cannot alter the {name} of {before.id!r}")


def check_relation(relation: Relation, kinds: Mapping[str, NodeKind]) -> None:
    """Raise StoreError if the relation's endpoints are missing or of the wrong kind."""
    problems = relation_problems(relation, kinds, path=f"relation {relation.id!r}")
    if problems:
        raise StoreError("; ".join(str(p) for p in problems))


def node_candidates(store: Store) -> Candidates:
    """The store's nodes of a kind by id, with the names each is known by: what an unknown
    id's suggestions are drawn from (:func:`partnermap.validation.closest`)."""

    def of_kind(kind: NodeKind) -> dict[str, list[str]]:
        return {
            n.id: [n.name, n.name_en or "", getattr(n, "abbreviation", None) or ""]
            for n in store.list_nodes(kind)
        }

    return of_kind


def check_load(dataset: Dataset, existing: Mapping[str, NodeKind]) -> None:
    """Raise DatasetError if ``dataset`` cannot be loaded over nodes that already exist."""
    problems: list[Problem] = check_dataset(dataset, known=existing)
    if problems:
        raise DatasetError(problems)


def relations_by_end(group: RelationGroup, rels: Iterable[Relation]) -> dict[str, list[Relation]]:
    """A group's relations by the node they were read at: the source for "out", the target
    for "in", either for "both" (a relation of a node to itself once); in the given order."""
    at: dict[str, list[Relation]] = {}
    for rel in rels:
        ends = (rel.source,) if group.direction == "out" else (rel.target,) if group.direction == "in" else ()
        for end in ends or dict.fromkeys((rel.source, rel.target)):
            at.setdefault(end, []).append(rel)
    return at


def linked_ids(record: Node | Relation, attribute: str) -> list[str]:
    """The node ids a record holds in an attribute (one id or a list of them)."""
    value = getattr(record, attribute, None)
    values = value if isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, str) and NODE_ID_RE.match(v)]


def tree_level(
    tree: Tree, steps: Sequence[tuple[Sequence[Node | Relation], Branch]]
) -> list[tuple[list[Node | Relation], Branch]]:
    """What a level of a tree's steps asks for, and how the tree answered each step: for each
    ``(records, branch)``, the records the branch reached in ``tree`` (which must hold its
    answer). One rule for every store: the step-by-step reading and a store's one query
    both put their rows into a :class:`Tree` and walk it with this."""
    out: list[tuple[list[Node | Relation], Branch]] = []
    for records, branch in steps:
        reached: list[Node | Relation] = []
        if isinstance(branch.via, str):
            ids = dict.fromkeys(i for r in records for i in linked_ids(r, branch.via))
            reached = [n for n in (tree.nodes.get(i) for i in ids) if n is not None]
        else:
            seen: dict[str, Relation] = {}
            for record in records:
                if isinstance(record, Relation):
                    continue
                for rel in tree.relations.get((branch.via, record.id), ()):
                    seen.setdefault(rel.id, rel)
            reached = list(seen.values())
        out.append((reached, branch))
    return out


def read_tree_by_levels(store: Store, roots: Sequence[Root]) -> Tree:
    """:meth:`Store.read_tree` one level at a time: one :meth:`Store.list_nodes` per root list,
    then one :meth:`Store.read_level` per level of the tree (the default of every store)."""
    tree = Tree()
    ids: set[str] = set()
    groups: dict[RelationGroup, set[str] | None] = {}
    for root in roots:
        if isinstance(root.start, NodeList):
            listed = root.start
            nodes = store.list_nodes(
                listed.kind,
                where=dict(listed.where),
                as_of=listed.as_of,
                ids=listed.ids,
                limit=listed.limit,
                offset=listed.offset,
            )
            tree.lists[listed] = nodes
            tree.nodes.update((n.id, n) for n in nodes)
        elif isinstance(root.start, RelationGroup):
            groups[root.start] = None
        else:
            ids.update(root.start)
    _read_into(store, tree, ids, groups)
    steps: list[tuple[Sequence[Node | Relation], Branch]] = []
    for root in roots:
        records: list[Node | Relation]
        if isinstance(root.start, NodeList):
            records = list(tree.lists[root.start])
        elif isinstance(root.start, RelationGroup):
            records = list(tree.relations.get((root.start, None), []))
        else:
            records = [n for n in (tree.nodes.get(i) for i in root.start) if n is not None]
        steps.extend((records, branch) for branch in root.then)
    while steps := [s for s in steps if s[0]]:
        _read_into(store, tree, *_wanted(tree, steps))
        steps = [(reached, b) for reached, branch in tree_level(tree, steps) for b in branch.then]
    return tree


def _wanted(
    tree: Tree, steps: Sequence[tuple[Sequence[Node | Relation], Branch]]
) -> tuple[set[str], dict[RelationGroup, set[str] | None]]:
    """The node ids and group ids the steps ask for that ``tree`` does not hold yet."""
    ids: set[str] = set()
    groups: dict[RelationGroup, set[str] | None] = {}
    for records, branch in steps:
        if isinstance(branch.via, str):
            ids.update(i for r in records for i in linked_ids(r, branch.via) if i not in tree.nodes)
        else:
            at = {r.id for r in records if not isinstance(r, Relation)} - {
                i for (g, i) in tree.relations if g == branch.via and i is not None
            }
            if at:
                found = groups.setdefault(branch.via, set())
                assert found is not None
                found.update(at)
    return ids, groups


def _read_into(
    store: Store, tree: Tree, ids: set[str], groups: Mapping[RelationGroup, set[str] | None]
) -> None:
    """One :meth:`Store.read_level` of ``ids`` and ``groups``, its answer put into ``tree``."""
    if not ids and not groups:
        return
    level = store.read_level(sorted(ids), groups)
    for node_id in ids:
        tree.nodes[node_id] = level.nodes.get(node_id)
    tree.nodes.update(level.nodes)
    for group, at in groups.items():
        rels = level.relations.get(group, [])
        if at is None:
            tree.relations[group, None] = rels
            continue
        by_end = relations_by_end(group, rels)
        for node_id in at:
            tree.relations[group, node_id] = by_end.get(node_id, [])
