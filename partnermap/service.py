"""Async, cached access to a store for servers: every store call, snapshot and write of the API.

The GraphQL API (:mod:`partnermap.api`) never touches a store: its resolvers ask a
:class:`GraphService`, which runs the store's blocking calls in worker threads (so the
event loop keeps serving other requests while Neo4j answers), keeps what it read for a
moment (:mod:`partnermap.memo`; a write through it forgets everything at once), caches
snapshots for the analytical queries, and writes by the rules of :mod:`partnermap.edits`,
each write one store transaction.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

import anyio.to_thread
import networkx as nx

from partnermap import edits
from partnermap.datasets import parse_with_reference
from partnermap.errors import InputError, NotFoundError, PartnermapError
from partnermap.graph import relations_by_node, snapshot, store_nodes_in_area, without_inferred
from partnermap.memo import Memo
from partnermap.metrics import paths
from partnermap.metrics.coverage import area_reach
from partnermap.metrics.temporal import at, check_date, cooperation_at
from partnermap.model import (
    NODE_ID_RE,
    Node,
    NodeKind,
    Relation,
    RelationKind,
    check_node_id,
    period_fields,
    period_overlaps,
)
from partnermap.store import SQLiteStore
from partnermap.store.base import (
    Branch,
    Direction,
    Level,
    LoadResult,
    Neighbour,
    NodeList,
    RelationGroup,
    Root,
    Scalar,
    Store,
    Tree,
    node_candidates,
)
from partnermap.store.provider import StoreProvider
from partnermap.store.urls import mask_url
from partnermap.summary import ending
from partnermap.validation import closest, did_you_mean

__all__ = ["Anchor", "Gathered", "GraphService", "Page", "StoreProvider", "both"]

T = TypeVar("T")
log = logging.getLogger("partnermap.api")

_REQUEST: ContextVar[dict[Hashable, Any] | None] = ContextVar("partnermap_request", default=None)
"""The graphs one request has read (see :meth:`GraphService.request_scope`)."""


class Gathered:
    """Store reads held back while a request's root fields resolve (:meth:`GraphService.gathering`),
    to be read with the rest of the request as one tree (:meth:`GraphService.read_tree`):
    each ask is some tree roots and the future that gets the tree they were read in."""

    def __init__(self) -> None:
        self.asks: list[tuple[list[Root], asyncio.Future[Tree]]] = []

    async def ask(self, roots: list[Root]) -> Tree:
        future: asyncio.Future[Tree] = asyncio.get_running_loop().create_future()
        self.asks.append((roots, future))
        return await future


_GATHERED: ContextVar[Gathered | None] = ContextVar("partnermap_gathered", default=None)
"""Where the reads of the current task are held back, if they are (see :class:`Gathered`)."""

READ_CACHE_ENTRIES = 4096
"""Most store reads kept for reuse (least recently used go first)."""
RESULT_CACHE_ENTRIES = 512
"""Most query results kept for reuse."""


@dataclass
class Page:
    """One page of a list: the items, where it starts, whether more follow."""

    items: list[Any]
    offset: int
    has_next: bool
    total: Callable[[], Any]
    """Coroutine function giving the number of items on all pages (computed on demand)."""


NodeWhere = Mapping[str, Scalar]
_AREAS = (NodeKind.COUNTY, NodeKind.MUNICIPALITY)
Anchor = tuple[str, NodeKind, RelationKind | None, Direction]
"""A node a list is narrowed by: its id, its kind, the relation kind (None: located in it), the direction."""


class GraphService:
    """The API's access to the graph; one per app, shared by all requests."""

    def __init__(self, provider: StoreProvider, *, cache_seconds: float = 2.0) -> None:
        self.provider = provider
        self.cache_seconds = cache_seconds
        self._generation = 0
        self._graphs = Memo()
        self._reads = Memo(READ_CACHE_ENTRIES)
        self._results = Memo(RESULT_CACHE_ENTRIES)
        self._locks: dict[tuple[asyncio.AbstractEventLoop, Hashable], asyncio.Lock] = {}
        self._flights: dict[tuple[asyncio.AbstractEventLoop, Hashable], asyncio.Task[Any]] = {}

    # ------------------------------------------------------------------ plumbing

    async def run(self, work: Callable[[Store], T]) -> T:
        """Run a read, ``work(store)``: in a worker thread, so that the event loop serves other
        requests while a server store (Neo4j) answers; on the embedded SQLite store, whose
        reads take microseconds and never wait for a writer (WAL), right here, since the hop
        to a thread would cost more than the read."""
        store = self.provider.peek()
        if isinstance(store, SQLiteStore):
            return work(store)
        provider = self.provider
        return await anyio.to_thread.run_sync(lambda: work(provider.get()))

    async def read(self, key: Hashable, work: Callable[[Store], T]) -> T:
        """A read through the cache: the result of ``work(store)`` for ``key`` is reused for
        ``cache_seconds`` (PARTNERMAP_API_CACHE_SECONDS) unless a write through the API came
        between. What the store returns is shared, so callers never change it."""
        hit = self._reads.get(key, self._generation, self.cache_seconds)
        if hit is not None:
            value: T = hit.value
            return value
        generation = self._generation
        value = await self.run(work)
        if generation == self._generation and self.cache_seconds > 0:
            self._reads.put(key, value, generation)
        return value

    def cached_result(self, key: Hashable) -> Any:
        """A query's result remembered by :meth:`remember_result`, if still fresh."""
        hit = self._results.get(key, self._generation, self.cache_seconds)
        return None if hit is None else hit.value

    def remember_result(self, key: Hashable, result: Any, generation: int) -> None:
        """Keep a query's result (computed at ``generation``) for :meth:`cached_result`."""
        if self.cache_seconds > 0 and generation == self._generation:
            self._results.put(key, result, generation)

    async def write(self, work: Callable[[Store], T]) -> T:
        """Run a write, ``work(store)``, in a worker thread (a writer may wait for a lock), then
        forget what is cached."""
        provider = self.provider
        result = await anyio.to_thread.run_sync(lambda: work(provider.get()))
        self.changed()
        return result

    @property
    def generation(self) -> int:
        """How many writes this service has made (cached results of older ones are stale)."""
        return self._generation

    def changed(self) -> None:
        """Forget cached reads and snapshots: called after every write."""
        self._generation += 1
        for memo in (self._graphs, self._reads, self._results):
            memo.items.clear()

    async def ping(self) -> tuple[bool, str]:
        """Whether the store answers, and the backend's name or the reason it does not."""

        def check() -> Store:  # opening and asking in one hop to a worker thread
            store = self.provider.get()
            store.count_nodes(NodeKind.COUNTY)
            return store

        try:
            store = await anyio.to_thread.run_sync(check)
        except PartnermapError as exc:
            return False, str(exc)
        except Exception:  # an unexpected failure: logged here, not shown to the caller
            log.exception("the store check failed")
            return False, "the store check failed (see the server log)"
        return True, type(store).__name__

    async def health(self, timeout: float = 10) -> dict[str, Any]:
        """What ``/healthz`` answers (JSON-ready): ``status`` ok or unavailable, and the store's
        masked address, whether it answered within ``timeout`` seconds, and its backend or the
        reason it did not."""
        try:
            reachable, detail = await asyncio.wait_for(self.ping(), timeout=timeout)
        except TimeoutError:
            reachable, detail = False, f"the store did not answer within {timeout:g} s"
        store = {"url": mask_url(self.provider.url), "reachable": reachable}
        store["backend" if reachable else "error"] = detail
        return {"status": "ok" if reachable else "unavailable", "store": store}

    @staticmethod
    @contextmanager
    def request_scope() -> Iterator[None]:
        """Within it (one API request), a snapshot or cooperation graph is read from the store
        at most once, even without the cache (``PARTNERMAP_API_CACHE_SECONDS=0``)."""
        token = _REQUEST.set({})
        try:
            yield
        finally:
            _REQUEST.reset(token)

    # ------------------------------------------------------------------ reads

    async def nodes_by_id(self, ids: Sequence[str]) -> dict[str, Node]:
        """The nodes of those ids that exist (one store call)."""
        wanted = [i for i in dict.fromkeys(ids) if NODE_ID_RE.match(i)]
        if not wanted:
            return {}
        found = await self.read(("nodes", tuple(wanted)), lambda s: s.list_nodes(ids=wanted))
        return {n.id: n for n in found}

    async def node(self, node_id: str, expected: NodeKind | tuple[NodeKind, ...] | None = None) -> Node:
        """A node by id: InputError for a malformed id or one of a kind not ``expected``
        (:func:`partnermap.model.check_node_id`), NotFoundError for an unknown one."""
        kind = check_node_id(node_id, expected)
        node = await self.read(("node", node_id), lambda s: s.get_node(node_id))
        if node is None:
            # The names to suggest from go through the read cache: a burst of unknown ids
            # lists the kind's nodes once, not once each.
            names = await self.read(("candidates", kind), lambda s: node_candidates(s)(kind))
            close = await self.compute(lambda: closest(node_id, names))  # off the event loop
            raise NotFoundError(f"there is no {kind.noun} with id {node_id!r}{did_you_mean(close)}")
        return node

    async def nodes_checked(self, ids: Sequence[str], expected: NodeKind | tuple[NodeKind, ...]) -> None:
        """Check several ids as :meth:`node` does, with one store call when all exist."""
        for node_id in ids:
            check_node_id(node_id, expected)
        found = await self.nodes_by_id(ids)
        for node_id in ids:
            if node_id not in found:
                await self.node(node_id, expected)  # the error, with its suggestions

    # ------------------------------------------------------------------ surveys

    async def survey_responses(self, wave_id: str) -> list[Node]:
        """Every revision of every response to a survey wave (:func:`partnermap.surveys.waves.revisions`)."""
        from partnermap.surveys.waves import revisions  # noqa: PLC0415 - surveys load on use

        return list(await self.read(("survey_responses", wave_id), lambda s: revisions(s, wave_id)))

    async def survey_ties(self, wave_id: str) -> list[Relation]:
        """The ``survey_tie`` relations a survey wave's respondents reported, by id."""
        where = {"context": wave_id}
        return list(
            await self.read(
                ("survey_ties", wave_id), lambda s: s.list_relations(RelationKind.SURVEY_TIE, where=where)
            )
        )

    async def survey_results(self, wave_id: str) -> Any:
        """A wave's results (:func:`partnermap.surveys.results.wave_results`)."""
        from partnermap.surveys.results import wave_results  # noqa: PLC0415 - surveys load on use

        return await self.read(("survey_results", wave_id), lambda s: wave_results(s, wave_id))

    async def survey_comparison(self, wave_id: str, other: str) -> Any:
        """Two waves compared, the earlier first (:func:`partnermap.surveys.results.wave_report`)."""
        from partnermap.surveys.results import wave_report  # noqa: PLC0415

        return await self.read(
            ("survey_comparison", wave_id, other), lambda s: wave_report(s, wave_id, other)
        )

    async def relation(self, relation_id: str, expected: RelationKind | None = None) -> Relation:
        """A relation by id (NotFoundError if unknown, InputError if of another kind)."""
        rel = await self.read(("relation", relation_id), lambda s: s.get_relation(relation_id))
        if rel is None:
            raise NotFoundError(f"there is no relation with id {relation_id!r}")
        if expected is not None and rel.kind is not expected:
            raise InputError(
                f"relation {relation_id!r} is a {rel.kind.value}, not a {expected.value} relation"
            )
        return rel

    def reads_trees(self) -> bool:
        """Whether the store reads a tree of reads in one round trip (:meth:`Store.read_tree`,
        :attr:`Store.reads_trees_at_once`): then a request gains by asking for all it reads
        at once. False until the store is open (the first request goes step by step)."""
        return bool(getattr(self.provider.peek(), "reads_trees_at_once", False))

    @staticmethod
    @contextmanager
    def gathering(gathered: Gathered) -> Iterator[None]:
        """Within it (and in the tasks started within it), :meth:`read_level` and
        :meth:`page_nodes` without a search text do not read: they ask ``gathered`` and wait
        until the caller reads what was asked (with more) in one :meth:`read_tree`."""
        token = _GATHERED.set(gathered)
        try:
            yield
        finally:
            _GATHERED.reset(token)

    async def read_tree(self, roots: Sequence[Root]) -> Tree:
        """A tree of reads (:meth:`Store.read_tree`): one round trip where the store can."""
        return await self.run(lambda s: s.read_tree(roots))

    async def read_level(
        self, nodes: Sequence[str], relations: Mapping[RelationGroup, Iterable[str] | None]
    ) -> Level:
        """One level of a request in one store round trip (:meth:`Store.read_level`)."""
        wanted = tuple(sorted(set(nodes)))
        groups = {g: None if ids is None else tuple(sorted(ids)) for g, ids in relations.items()}
        gathered = _GATHERED.get()
        if gathered is not None:
            roots = [Root(g) if ids is None else Root(ids, (Branch(g),)) for g, ids in groups.items()]
            tree = await gathered.ask([Root(wanted), *roots] if wanted else roots)
            return _level_of(tree, groups)
        key = ("level", wanted, tuple(sorted(groups.items(), key=repr)))
        return await self.read(key, lambda s: s.read_level(wanted, groups))

    async def relations_of(
        self,
        ids: Sequence[str],
        kind: RelationKind | None,
        direction: Direction,
        as_of: date | None,
    ) -> dict[str, list[Relation]]:
        """Relations at each node of ``ids`` (:func:`partnermap.graph.relations_by_node`)."""
        key = ("relations_of", tuple(ids), kind, direction, as_of)
        return await self.read(key, lambda s: relations_by_node(s, ids, kind, direction, as_of))

    async def neighbours(
        self,
        node_id: str,
        *,
        direction: Direction,
        relation_kind: RelationKind | None,
        node_kind: NodeKind | None,
        as_of: date | None,
    ) -> list[Neighbour]:
        """The relations at a node and the nodes at their other ends."""
        await self.node(node_id)
        key = ("neighbours", node_id, direction, relation_kind, node_kind, as_of)
        return await self.read(
            key,
            lambda s: s.neighbours(
                node_id, direction=direction, relation_kind=relation_kind, node_kind=node_kind, as_of=as_of
            ),
        )

    async def page_nodes(
        self,
        kind: NodeKind,
        *,
        where: NodeWhere | None = None,
        as_of: date | None = None,
        ids: set[str] | None = None,
        search: str | None = None,
        first: int,
        offset: int,
    ) -> Page:
        """A page of nodes of a kind, ordered by id, filtered in the store where it can."""
        where = {k: v for k, v in (where or {}).items() if v is not None}
        if ids is not None and not ids:
            return Page([], offset, False, _constant(0))
        id_list = sorted(ids) if ids is not None else None

        def fetch(s: Store, limit: int | None, start: int) -> list[Node]:
            return s.list_nodes(kind, where=where, as_of=as_of, ids=id_list, limit=limit, offset=start)

        scope = ("nodes", kind, tuple(sorted(where.items())), as_of, id_list and tuple(id_list))
        gathered = _GATHERED.get()
        if not search and gathered is not None:
            listed = NodeList(kind, scope[2], as_of, scope[4] or None, first + 1, offset)
            items = (await gathered.ask([Root(listed)])).lists[listed]
            return self._page_of(scope, fetch, items, first, offset)
        if not search:
            return await self._page(scope, fetch, first, offset)
        everything = await self.read(scope, lambda s: fetch(s, None, 0))
        matching = [n for n in everything if n.matches(search)]  # here: the stores match text differently
        window = matching[offset : offset + first + 1]
        return Page(window[:first], offset, len(window) > first, _constant(len(matching)))

    async def page_relations(
        self,
        kind: RelationKind | None,
        *,
        source: str | None,
        target: str | None,
        node: str | None,
        where: NodeWhere | None,
        as_of: date | None,
        first: int,
        offset: int,
    ) -> Page:
        """A page of relations, ordered by id."""
        where = {k: v for k, v in (where or {}).items() if v is not None}
        for end in (source, target, node):
            if end is not None:
                check_node_id(end)

        def fetch(s: Store, limit: int | None, start: int) -> list[Relation]:
            return s.list_relations(
                kind,
                source=source,
                target=target,
                node=node,
                where=where,
                as_of=as_of,
                limit=limit,
                offset=start,
            )

        scope = ("relations", kind, source, target, node, tuple(sorted(where.items())), as_of)
        return await self._page(scope, fetch, first, offset)

    async def _page(
        self,
        scope: tuple[Any, ...],
        fetch: Callable[[Store, int | None, int], list[Any]],
        first: int,
        offset: int,
    ) -> Page:
        """A page from ``first + 1`` items; the total is counted only when asked for, and not
        at all on the last page."""
        items = await self.read((*scope, first, offset), lambda s: fetch(s, first + 1, offset))
        return self._page_of(scope, fetch, items, first, offset)

    def _page_of(
        self,
        scope: tuple[Any, ...],
        fetch: Callable[[Store, int | None, int], list[Any]],
        items: list[Any],
        first: int,
        offset: int,
    ) -> Page:
        """The page of ``first + 1`` items read from ``offset`` (the last one says whether more follow)."""
        has_next = len(items) > first
        if not has_next and (items or offset == 0):
            return Page(items, offset, False, _constant(offset + len(items)))

        async def total() -> int:
            return len(await self.read(scope, lambda s: fetch(s, None, 0)))

        return Page(items[:first], offset, has_next, total)

    async def ids_in_area(self, area: str, as_of: date | None) -> set[str]:
        """Ids of the nodes lying in a county or municipality as of a day, the area included
        (:func:`partnermap.graph.store_nodes_in_area`)."""
        return await self.read(("in_area", area, as_of), lambda s: store_nodes_in_area(s, area, as_of))

    async def ids_in_period(self, kind: NodeKind, first: date | None, last: date | None) -> set[str] | None:
        """Ids of the nodes of a kind with a period (projects, events) whose period shares a
        day with ``first`` .. ``last`` (:func:`partnermap.model.period_overlaps`; open ends
        unbounded); None when neither end is given (any)."""
        if first is None and last is None:
            return None
        fields = period_fields(kind.value)
        if fields is None:
            raise ValueError(f"{kind.noun} nodes have no period")
        nodes = await self.read(("period_nodes", kind), lambda s: s.list_nodes(kind))
        return {
            n.id for n in nodes if period_overlaps(getattr(n, fields[0]), getattr(n, fields[1]), first, last)
        }

    async def related_ids(self, anchors: Iterable[Anchor], as_of: date | None) -> set[str] | None:
        """The ids of the nodes related to every anchor, as of a day (None without anchors: any).

        An anchor (a list filter's ``network: ...``, ``county: ...``), checked to be a node of
        its kind, gives the nodes at the other end of its relations of a kind in a direction
        or, with no relation kind, the nodes located in it (an area, :meth:`ids_in_area`).
        """
        ids: set[str] | None = None
        for anchor, kind, relation, direction in anchors:
            await self.node(anchor, kind)
            if relation is None:
                found = await self.ids_in_area(anchor, as_of)
            else:
                rels = (await self.relations_of([anchor], relation, direction, as_of)).get(anchor, [])
                found = {r.source if direction == "in" else r.target for r in rels}
            ids = both(ids, found)
        return ids

    async def reached_ids(
        self, level: NodeKind, by: str | None, reached: bool | None, as_of: date | None
    ) -> set[str] | None:
        """The ids of the areas of ``level`` (counties or municipalities) that the network or
        project ``by`` (None: any network) reaches, or with ``reached=False`` does not; None
        when neither is asked. :func:`partnermap.metrics.coverage.area_reach` on the day's
        snapshot, so the same as ``partnermap metrics coverage --level ...``."""
        if by is None and reached is None:
            return None
        if by is not None:
            await self.node(by, (NodeKind.NETWORK, NodeKind.PROJECT))
        H = await self.snapshot(as_of)
        wanted = True if reached is None else reached
        rows = await self.compute(lambda: area_reach(H, level.value, by=by, reached=wanted))
        return {row.id for row in rows}

    async def ending(self, kind: RelationKind, start: date, days: int) -> list[Relation]:
        """Relations of a kind whose period ends between ``start`` and ``start + days``
        (:func:`partnermap.summary.ending`)."""
        rels = await self.read(("relations", kind), lambda s: s.list_relations(kind))
        return ending(rels, start, start + timedelta(days=days))

    async def _cached(self, key: Hashable, build: Callable[[], Awaitable[T]]) -> T:
        """``build()``'s result, reused for ``cache_seconds`` unless a write came between;
        concurrent requests for it wait for one computation instead of repeating it."""
        loop = asyncio.get_running_loop()
        lock = self._locks.get((loop, key))
        if lock is None:  # one lock per event loop and key (test clients may run several loops)
            self._locks = {k: v for k, v in self._locks.items() if not k[0].is_closed()}
            lock = self._locks[(loop, key)] = asyncio.Lock()
        scope = _REQUEST.get()
        async with lock:
            mine = (key, self._generation)  # a write in the request (a mutation) makes it stale
            if scope is not None and mine in scope:  # one request reads a snapshot once, cache or not
                value: T = scope[mine]
                return value
            hit = self._graphs.get(key, self._generation, self.cache_seconds)
            if hit is not None:
                value = hit.value
            else:
                generation = self._generation
                value = await build()
                if generation == self._generation:
                    self._graphs.put(key, value, generation)
            if scope is not None:
                scope[mine] = value
            return value

    async def snapshot(self, as_of: date | None = None, *, stated_only: bool = False) -> nx.MultiDiGraph:
        """The store's graph (:func:`partnermap.graph.snapshot`), or as of a date
        (:func:`partnermap.metrics.temporal.at` of it): one store read serves every date;
        ``stated_only``: without the relations marked inferred
        (:func:`partnermap.graph.without_inferred`).

        Reused for ``PARTNERMAP_API_CACHE_SECONDS``; every write through the API drops it.
        """

        async def everything() -> nx.MultiDiGraph:
            return await self.run(snapshot)

        G: nx.MultiDiGraph = await self._cached(("snapshot", None), everything)
        if stated_only:
            whole = G

            async def stated() -> nx.MultiDiGraph:
                return await self.compute(lambda: without_inferred(whole))

            G = await self._cached(("snapshot", None, "stated"), stated)
        if as_of is None:
            return G
        base = G

        async def on_day() -> nx.MultiDiGraph:
            return await self.compute(lambda: at(base, as_of, strict=False))

        return await self._cached(("snapshot", as_of, stated_only), on_day)

    async def cooperation(self, as_of: date | None = None, *, stated_only: bool = False) -> nx.Graph:
        """The cooperation graph (:func:`partnermap.metrics.temporal.cooperation_at`) as of a
        date; ``stated_only``: of the relations the documents state."""
        G = await self.snapshot(None, stated_only=stated_only)

        async def build() -> nx.Graph:
            return await self.compute(lambda: cooperation_at(G, as_of, strict=False))

        return await self._cached(("cooperation", as_of, stated_only), build)

    async def compute(self, work: Callable[[], T]) -> T:
        """Run CPU-bound analysis (networkx, metrics) in a worker thread."""
        return await anyio.to_thread.run_sync(work)

    async def from_snapshot(self, key: Hashable, work: Callable[[nx.MultiDiGraph], T]) -> T:
        """``work(snapshot)`` in a worker thread, kept as a query's result (:meth:`cached_result`)
        for ``key`` while fresh: a page drawn from the graph, say."""

        async def compute() -> T:
            G = await self.snapshot(None)
            return await self.compute(lambda: work(G))

        return await self.reused(key, compute)

    async def reused(
        self,
        key: Hashable | None,
        compute: Callable[[], Awaitable[T]],
        keep: Callable[[T], bool] | None = None,
    ) -> T:
        """``compute()``'s result, remembered for ``key`` (None: never) while fresh, when ``keep``
        (default: always) says it may be: a query's answer, a page drawn from the graph."""
        if key is None or self.cache_seconds <= 0:
            return await compute()
        hit: T | None = self.cached_result(key)
        if hit is not None:
            return hit
        # Single flight: the first request for a missing or expired entry computes it, in a
        # task of its own (a caller that goes away does not cancel it for the others), and
        # the requests that come meanwhile wait for that result instead of computing it too.
        generation = self.generation  # a request after a write does not wait for an older result
        flight = (asyncio.get_running_loop(), (key, generation))
        task: asyncio.Task[T] | None = self._flights.get(flight)
        if task is None:

            async def fill() -> T:
                try:
                    value = await compute()
                    if keep is None or keep(value):
                        self.remember_result(key, value, generation)
                    return value
                finally:
                    del self._flights[flight]

            task = self._flights[flight] = asyncio.ensure_future(fill())
        return await asyncio.shield(task)

    async def cooperation_path(
        self, a: str, b: str, as_of: date | None
    ) -> tuple[nx.MultiDiGraph, paths.CooperationPath | None]:
        """The snapshot as of a day and :func:`partnermap.metrics.paths.cooperation_path` between
        two organisations on it (NotFoundError or InputError for an id that is not one)."""
        await self.nodes_checked([a, b], NodeKind.ORGANISATION)
        G, C = await self.snapshot(as_of), await self.cooperation(as_of)
        return G, await self.compute(lambda: paths.cooperation_path(G, C, a, b))

    async def area_bridges(
        self, a: str, b: str, as_of: date | None
    ) -> tuple[nx.MultiDiGraph, paths.AreaBridges]:
        """The snapshot as of a day and :func:`partnermap.metrics.paths.area_bridges` between two
        counties or municipalities on it."""
        await self.nodes_checked([a, b], _AREAS)
        G, C = await self.snapshot(as_of), await self.cooperation(as_of)
        return G, await self.compute(lambda: paths.area_bridges(G, C, a, b))

    async def analyse(
        self, as_of: date | None, work: Callable[[nx.MultiDiGraph, nx.Graph], T], *, stated_only: bool = False
    ) -> T:
        """``work(snapshot, cooperation graph)`` as of a day, in a worker thread, as
        ``partnermap metrics`` runs it (``stated_only``: as ``--stated-only`` does): InputError
        for an empty store, and :func:`partnermap.metrics.temporal.check_date`'s error for a day
        outside the data."""
        G = await self.snapshot(None)
        if G.number_of_nodes() == 0:
            raise InputError("the store is empty: load a dataset first")
        if as_of is not None:
            await self.compute(lambda: check_date(G, as_of))
        H = await self.snapshot(as_of, stated_only=stated_only)
        C = await self.cooperation(as_of, stated_only=stated_only)
        return await self.compute(lambda: work(H, C))

    # ------------------------------------------------------------------ writes

    async def create_node(self, kind: NodeKind, data: dict[str, Any]) -> Node:
        """A new node (:func:`partnermap.edits.create_node`)."""
        return await self.write(lambda s: edits.create_node(s, kind, data))

    async def update_node(self, node_id: str, kind: NodeKind, patch: dict[str, Any]) -> Node:
        """A node changed by ``patch`` (:func:`partnermap.edits.update_node`)."""
        await self.node(node_id)
        return await self.write(lambda s: edits.update_node(s, node_id, kind, patch))

    async def delete_node(self, node_id: str, cascade: bool) -> None:
        """Delete a node (and with ``cascade`` its relations) in one transaction."""
        await self.node(node_id)
        await self.write(lambda s: s.delete_node(node_id, cascade=cascade))

    async def create_relation(self, data: dict[str, Any]) -> Relation:
        """A new relation (:func:`partnermap.edits.create_relation`)."""
        return await self.write(lambda s: edits.create_relation(s, data))

    async def update_relation(self, relation_id: str, patch: dict[str, Any]) -> Relation:
        """A relation changed by ``patch`` (:func:`partnermap.edits.update_relation`)."""
        await self.relation(relation_id)
        return await self.write(lambda s: edits.update_relation(s, relation_id, patch))

    async def delete_relation(self, relation_id: str) -> None:
        """Delete a relation."""
        await self.relation(relation_id)
        await self.write(lambda s: s.delete_relation(relation_id))

    async def end_membership(self, relation_id: str, on: date) -> Relation:
        """Set a membership's ``valid_to`` (:func:`partnermap.edits.end_membership`)."""
        await self.relation(relation_id, RelationKind.MEMBER_OF)
        return await self.write(lambda s: edits.end_membership(s, relation_id, on))

    async def load_dataset(self, text: str, *, json: bool) -> LoadResult:
        """Read a dataset's text as ``partnermap load`` reads a file (problems name it
        "input"; ``json``: JSON, else JSON or YAML by its look), then load it in one transaction."""
        return await self.write(
            lambda s: s.load(
                parse_with_reference(text, s.node_kinds, json=json, candidates=node_candidates(s))
            )
        )


def both(ids: set[str] | None, more: set[str] | None) -> set[str] | None:
    """The ids in both sets, where None stands for any id."""
    return more if ids is None else ids if more is None else ids & more


def _constant(value: int) -> Callable[[], Any]:
    async def total() -> int:
        return value

    return total


def _level_of(tree: Tree, groups: Mapping[RelationGroup, tuple[str, ...] | None]) -> Level:
    """What :meth:`Store.read_level` would answer for ``groups``, from a tree that read them."""
    relations: dict[RelationGroup, list[Relation]] = {}
    for group, ids in groups.items():
        if ids is None:
            relations[group] = tree.relations.get((group, None), [])
            continue
        found = {r.id: r for i in ids for r in tree.relations.get((group, i), [])}
        relations[group] = [found[i] for i in sorted(found)]
    return Level(relations, {i: n for i, n in tree.nodes.items() if n is not None})
