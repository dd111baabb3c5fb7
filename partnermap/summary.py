"""What a store holds, at a glance: counts, networks with members, events, agreements ending soon.

Examples
--------
>>> from datetime import date
>>> from partnermap.store.sqlite import SQLiteStore
>>> from partnermap.datasets import bundled_dataset
>>> store = SQLiteStore(":memory:"); _ = store.load(bundled_dataset())
>>> s = summarize(store, as_of=date(2025, 6, 1), months=12)
>>> s.nodes_by_kind["municipality"]
79
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, TypeVar

import networkx as nx

from partnermap.graph import active_subgraph, period, snapshot
from partnermap.model import NodeKind, Relation, RelationKind
from partnermap.store.base import Store

__all__ = [
    "EndingAgreement",
    "EventsSummary",
    "NetworkEvents",
    "NetworkSummary",
    "Summary",
    "add_months",
    "ending",
    "events_summary",
    "summarize",
]

R = TypeVar("R", Relation, Mapping[str, Any])


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the month's last day.

    Examples
    --------
    >>> add_months(date(2025, 1, 31), 1)
    datetime.date(2025, 2, 28)
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def ending(relations: Iterable[R], start: date, end: date) -> list[R]:
    """The relations whose period ends between ``start`` and ``end`` (both days included),
    soonest first, then by id: the one meaning of "ending soon".

    ``relations`` are models or a snapshot's edge attributes (see
    :func:`partnermap.graph.period`). :func:`summarize` lists the agreements ending within
    some months this way; the API's ``endingAgreements`` and ``endingMemberships`` too.

    Examples
    --------
    >>> edges = [{"kind": "party_to", "id": "b", "valid_to": "2025-07-01"},
    ...          {"kind": "party_to", "id": "a", "valid_to": "2026-01-01"}, {"kind": "party_to", "id": "c"}]
    >>> [e["id"] for e in ending(edges, date(2025, 6, 1), date(2025, 12, 31))]
    ['b']
    """
    hits = [(last, rel) for rel in relations if (last := period(rel)[1]) is not None and start <= last <= end]
    hits.sort(key=lambda hit: (hit[0], hit[1].id if isinstance(hit[1], Relation) else hit[1]["id"]))
    return [rel for _, rel in hits]


@dataclass(frozen=True)
class NetworkSummary:
    id: str
    name: str
    network_type: str
    members: int
    conveners: list[str]


@dataclass(frozen=True)
class NetworkEvents:
    id: str
    name: str
    events: int
    by_type: dict[str, int]


@dataclass(frozen=True)
class EventsSummary:
    """The events of every date: how many, of what type, of which network or project.

    ``upcoming`` are those that begin after the summary's day; a recurring meeting counts once.
    """

    total: int
    upcoming: int
    by_type: dict[str, int]
    per_network: list[NetworkEvents]


@dataclass(frozen=True)
class EndingAgreement:
    id: str
    parties: list[str]
    agreement: str | None
    valid_to: str


@dataclass
class Summary:
    as_of: str
    months: int
    nodes_by_kind: dict[str, int] = field(default_factory=dict)
    relations_by_kind: dict[str, int] = field(default_factory=dict)
    organisations_by_sector: dict[str, int] = field(default_factory=dict)
    networks: list[NetworkSummary] = field(default_factory=list)
    events: EventsSummary = field(default_factory=lambda: EventsSummary(0, 0, {}, []))
    ending: list[EndingAgreement] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def summarize(store: Store, *, as_of: date | None = None, months: int = 12) -> Summary:
    """Summarise the graph as of a date (default today).

    Parameters
    ----------
    store : Store
    as_of : date, optional
        Count what is active on this day.
    months : int
        Report agreements (``party_to``) whose period ends within this many months after
        ``as_of``.

    Counts, networks and agreements are those of ``as_of``; events are counted over every
    date (an info day of last spring is still part of the record), with those still to
    come as ``upcoming``.
    """
    day = as_of or date.today()
    every = snapshot(store)
    return summarize_graph(active_subgraph(every, day), as_of=day, months=months, every=every)


def events_summary(G: nx.MultiDiGraph, as_of: date) -> EventsSummary:
    """The events of a snapshot (take it of every date): by type, per network or project
    they are part of, and how many begin after ``as_of``.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("network:n", kind="network", name="N")
    >>> G.add_node("event:a", kind="event", event_type="seminar", start="2025-04-09")
    >>> G.add_node("event:b", kind="event", event_type="meeting")
    >>> _ = G.add_edge("event:a", "network:n", kind="part_of")
    >>> s = events_summary(G, date(2025, 1, 1))
    >>> s.total, s.upcoming, s.by_type, s.per_network[0].events
    (2, 1, {'meeting': 1, 'seminar': 1}, 1)
    """
    event = NodeKind.EVENT.value
    events = [(n, d) for n, d in G.nodes(data=True) if d.get("kind") == event]
    wholes: dict[str, list[str]] = {}
    for source, target, edge in G.edges(data=True):
        if edge.get("kind") == RelationKind.PART_OF.value and G.nodes[source].get("kind") == event:
            wholes.setdefault(target, []).append(str(G.nodes[source].get("event_type")))
    upcoming = sum(1 for _, d in events if (start := period(d)[0]) is not None and start > as_of)
    per_network = [
        NetworkEvents(
            whole, str(G.nodes[whole].get("name") or whole), len(types), dict(sorted(Counter(types).items()))
        )
        for whole, types in wholes.items()
    ]
    per_network.sort(key=lambda n: (-n.events, n.name))
    return EventsSummary(
        total=len(events),
        upcoming=upcoming,
        by_type=dict(sorted(Counter(str(d.get("event_type")) for _, d in events).items())),
        per_network=per_network,
    )


def summarize_graph(
    G: nx.MultiDiGraph, *, as_of: date, months: int = 12, every: nx.MultiDiGraph | None = None
) -> Summary:
    """:func:`summarize` on a snapshot already taken (``every``: the snapshot of every date,
    for the events; default ``G``)."""
    horizon = add_months(as_of, months)
    summary = Summary(as_of=as_of.isoformat(), months=months)
    kinds = Counter(data["kind"] for _, data in G.nodes(data=True))
    summary.nodes_by_kind = {k.value: kinds.get(k.value, 0) for k in NodeKind}
    rels = Counter(data["kind"] for *_, data in G.edges(data=True))
    summary.relations_by_kind = {k.value: rels.get(k.value, 0) for k in RelationKind}
    sectors = Counter(
        data.get("sector") for _, data in G.nodes(data=True) if data["kind"] == NodeKind.ORGANISATION
    )
    summary.organisations_by_sector = dict(sorted(sectors.items()))

    member_of = RelationKind.MEMBER_OF.value
    for node, data in sorted(G.nodes(data=True)):
        if data["kind"] != NodeKind.NETWORK.value:
            continue
        members = set()
        conveners = []
        for source, _, edge in G.in_edges(node, data=True):
            if edge["kind"] != member_of:
                continue
            members.add(source)
            if edge.get("role") == "convener":
                conveners.append(G.nodes[source]["name"])
        summary.networks.append(
            NetworkSummary(node, data["name"], data.get("network_type", ""), len(members), sorted(conveners))
        )
    summary.networks.sort(key=lambda n: (-n.members, n.name))
    summary.events = events_summary(G if every is None else every, as_of)

    parties = {
        edge["id"]: [G.nodes[source]["name"], G.nodes[target]["name"]]
        for source, target, edge in G.edges(data=True)
        if edge["kind"] == RelationKind.PARTY_TO.value
    }
    agreements = (edge for *_, edge in G.edges(data=True) if edge["id"] in parties)
    summary.ending = [
        EndingAgreement(edge["id"], parties[edge["id"]], edge.get("agreement"), edge["valid_to"])
        for edge in ending(agreements, as_of, horizon)
    ]
    return summary
