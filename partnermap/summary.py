"""What a store holds, at a glance: counts, networks with members, agreements ending soon.

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
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import networkx as nx

from partnermap.graph import snapshot
from partnermap.model import NodeKind, RelationKind
from partnermap.store.base import Store

__all__ = ["EndingAgreement", "NetworkSummary", "Summary", "add_months", "summarize"]


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


@dataclass(frozen=True)
class NetworkSummary:
    id: str
    name: str
    network_type: str
    members: int
    conveners: list[str]


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
    """
    day = as_of or date.today()
    G = snapshot(store, as_of=day)
    return summarize_graph(G, as_of=day, months=months)


def summarize_graph(G: nx.MultiDiGraph, *, as_of: date, months: int = 12) -> Summary:
    """:func:`summarize` on a snapshot already taken."""
    horizon = add_months(as_of, months).isoformat()
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

    for source, target, edge in G.edges(data=True):
        if edge["kind"] != RelationKind.PARTY_TO.value or not edge.get("valid_to"):
            continue
        if as_of.isoformat() <= edge["valid_to"] <= horizon:
            summary.ending.append(
                EndingAgreement(
                    edge["id"],
                    [G.nodes[source]["name"], G.nodes[target]["name"]],
                    edge.get("agreement"),
                    edge["valid_to"],
                )
            )
    summary.ending.sort(key=lambda a: (a.valid_to, a.id))
    return summary
