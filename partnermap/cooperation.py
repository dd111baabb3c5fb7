"""The cooperation graph: who works with whom, organisation to organisation.

Derived from a snapshot (:func:`partnermap.graph.snapshot`) by three kinds of tie:

* a direct agreement (``party_to``) between two organisations adds ``agreement``;
* a shared network adds ``network / (n - 1)`` to each pair of its n members, so that one
  big network does not drown the small ones (a pair in a 2-member network gets the full
  ``network`` weight, a pair in a 41-member network one fortieth of it);
* a shared project adds ``project / (k - 1)`` to each pair of its k partners;
* a shared event (``takes_part_in``, whatever the role) is weighted like a shared network:
  it adds ``network / (m - 1)`` to each pair of its m participants (meeting at an info day
  is being in the same network for a day);
* a ``funds`` relation from one organisation to another adds ``funding``.

With ``scaled=False`` each shared network, project or event adds its full weight to each pair.
With ``stated_only=True`` relations marked ``inferred`` are left out before any tie is made,
so a tie resting only on what the documents imply disappears; without it such a tie stays,
with ``inferred=True`` (every tie has the attribute), and maps draw it dashed.

Every organisation carries its home area: ``home_municipality`` and ``home_county`` from
its ``located_in`` relations, and ``area`` - the county id, or ``"national"`` for national
bodies and ``"international"`` for foreign ones (``"unknown"`` when nothing says). A LEADER
action group's ``leader_area`` is its county.

Examples
--------
>>> from partnermap.datasets import bundled_dataset
>>> from partnermap.graph import to_multigraph
>>> ds = bundled_dataset()
>>> C = cooperation_graph(to_multigraph(ds.nodes, ds.relations))
>>> C["org:vorumaa-partnerluskogu"]["org:tartumaa-arendusselts"]["projects"]
['project:koosloomest-koostooni']
>>> C.nodes["org:tartumaa-arendusselts"]["area"]
'county:tartu'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import networkx as nx

from partnermap.graph import gc_paused, home_areas
from partnermap.model import NodeKind, RelationKind

__all__ = ["CooperationWeights", "cooperation_graph", "organisation_area"]

_ORG = NodeKind.ORGANISATION.value


@dataclass(frozen=True)
class CooperationWeights:
    """Weights of the ties that make up cooperation (see the module docstring)."""

    agreement: float = 1.0
    network: float = 1.0
    project: float = 1.0
    funding: float = 0.5
    scaled: bool = True

    def __post_init__(self) -> None:
        for name in ("agreement", "network", "project", "funding"):
            value = getattr(self, name)
            if not value >= 0 or value == float("inf"):
                raise ValueError(f"cooperation weight {name} must be a finite number >= 0, not {value}")


def organisation_area(data: dict[str, Any], county: str | None) -> str:
    """The area an organisation belongs to: its county, or national / international."""
    if county:
        return county
    if data.get("scope") == "international" or data.get("country"):
        return "international"
    if data.get("scope") == "national":
        return "national"
    return "unknown"


def cooperation_graph(
    G: nx.MultiDiGraph,
    weights: CooperationWeights | None = None,
    *,
    homes: Mapping[str, tuple[str | None, str | None]] | None = None,
    stated_only: bool = False,
) -> nx.Graph:
    """Derive the weighted organisation-organisation cooperation graph from a snapshot.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A snapshot (take it ``as_of`` a date to get the cooperation of that day).
    weights : CooperationWeights, optional
    homes : mapping, optional
        :func:`partnermap.graph.home_areas` of ``G``, if already at hand (a report shares
        one with the metrics that need the home areas too).

    Returns
    -------
    networkx.Graph
        One node per organisation (isolates included), with the snapshot's attributes plus
        ``home_municipality``, ``home_county``, ``area`` and ``leader_area``; edges carry
        ``weight`` and the ties behind it: ``agreements`` (relation ids), ``networks`` and
        ``projects`` and ``events`` (node ids), ``funding`` (relation ids).
    stated_only : bool
        Leave out relations marked inferred (:func:`partnermap.graph.without_inferred`).
    """
    with gc_paused():
        return _cooperation_graph(G, weights or CooperationWeights(), homes, stated_only)


def _cooperation_graph(
    G: nx.MultiDiGraph,
    w: CooperationWeights,
    homes: Mapping[str, tuple[str | None, str | None]] | None,
    stated_only: bool,
) -> nx.Graph:
    if homes is None:
        homes = home_areas(G)
    C = nx.Graph(as_of=G.graph.get("as_of"))
    for node, data in G.nodes(data=True):
        if data.get("kind") != _ORG:
            continue
        municipality, county = homes.get(node, (None, None))
        attrs = dict(data)
        attrs.update(
            home_municipality=municipality,
            home_county=county,
            area=organisation_area(data, county),
            leader_area=county if data.get("org_kind") == "leader_action_group" else None,
        )
        C.add_node(node, **attrs)

    # Ties are summed in plain lists first: one networkx edge update per pair and tie
    # would dominate the time on graphs with large networks (a 200-member network alone
    # makes 19,900 pairs). A tie is [weight, agreements, networks, projects, funding, events].
    fields = ("agreements", "networks", "projects", "funding", "events")
    ties: dict[tuple[str, str], list[Any]] = {}

    def tie(a: str, b: str, amount: float, slot: int, via: str) -> None:
        pair = (a, b) if a < b else (b, a)
        entry = ties.get(pair)
        if entry is None:
            entry = ties[pair] = [0.0, [], [], [], [], []]
        entry[0] += amount
        if via not in entry[slot]:
            entry[slot].append(via)

    groups: dict[str, dict[str, set[str]]] = {
        "networks": defaultdict(set),
        "projects": defaultdict(set),
        "events": defaultdict(set),
    }
    # What rests on inferred relations: the keys of inferred direct ties, and per group the
    # members whose relation to it is inferred (a pair meets there on an inferred footing
    # when either of them does).
    inferred_keys: set[str] = set()
    inferred_in: dict[str, set[str]] = defaultdict(set)
    member_of, partner_in = RelationKind.MEMBER_OF.value, RelationKind.PARTNER_IN.value
    takes_part_in = RelationKind.TAKES_PART_IN.value
    for source, target, key, edge in G.edges(keys=True, data=True):
        kind = edge.get("kind")
        inferred = edge.get("inferred")
        if source not in C or (stated_only and inferred):
            continue
        if kind == member_of:
            groups["networks"][target].add(source)
        elif kind == partner_in:
            groups["projects"][target].add(source)
        elif kind == takes_part_in:
            groups["events"][target].add(source)
        elif source != target and target in C:
            if kind == RelationKind.PARTY_TO.value:
                tie(source, target, w.agreement, 1, key)
            elif kind == RelationKind.FUNDS.value:
                tie(source, target, w.funding, 4, key)
            else:
                continue
            if inferred:
                inferred_keys.add(key)
            continue
        else:
            continue
        if inferred:
            inferred_in[target].add(source)
    shared = ((2, "networks", w.network), (3, "projects", w.project), (5, "events", w.network))
    for slot, field, base in shared:
        for group, members in sorted(groups[field].items()):
            if len(members) < 2:
                continue
            amount = base / (len(members) - 1) if w.scaled else base
            # Each pair meets each group once, so no membership check is needed here.
            for pair in combinations(sorted(members), 2):
                entry = ties.get(pair)
                if entry is None:
                    entry = ties[pair] = [0.0, [], [], [], [], []]
                entry[0] += amount
                entry[slot].append(group)
    for group, members in inferred_in.items():
        # A member with a stated relation to the group besides the inferred one is stated there.
        members -= {m for m in members if any(not e.get("inferred") for e in G[m][group].values())}
    implied = _implied_ties(ties, inferred_keys, inferred_in) if inferred_keys or inferred_in else set()
    C.add_edges_from(
        (a, b, {"weight": e[0], **dict(zip(fields, e[1:], strict=True)), "inferred": (a, b) in implied})
        for (a, b), e in ties.items()
    )
    return C


def _implied_ties(
    ties: Mapping[tuple[str, str], list[Any]], inferred_keys: set[str], inferred_in: Mapping[str, set[str]]
) -> set[tuple[str, str]]:
    """The pairs whose every part rests on an inferred relation: a direct tie (agreement,
    funding) that is inferred, or a shared group one of the two belongs to by an inferred
    relation. Such a tie is drawn dashed; ``stated_only`` removes it."""

    def stated(a: str, b: str, entry: list[Any]) -> bool:
        if any(key not in inferred_keys for key in (*entry[1], *entry[4])):
            return True
        return any(
            not ((members := inferred_in.get(group)) and (a in members or b in members))
            for group in (*entry[2], *entry[3], *entry[5])
        )

    return {pair for pair, entry in ties.items() if not stated(*pair, entry)}
