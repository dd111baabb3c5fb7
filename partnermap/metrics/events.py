"""Events: how many meetings, seminars, info days, study trips... each network, project and
municipality holds, and who takes part.

An event belongs to a network or project by a ``part_of`` relation and takes place in a
municipality by a ``located_in`` relation (its home, :func:`partnermap.graph.home_areas`);
organisations take part by ``takes_part_in`` relations. A recurring meeting is one event
with ``occurrences_per_year``; it counts once here (its yearly meetings are summed
separately in ``occurrences``).

Examples
--------
>>> from partnermap.datasets import bundled_dataset
>>> from partnermap.graph import to_multigraph
>>> result = event_counts(to_multigraph(bundled_dataset().nodes, bundled_dataset().relations))
>>> result.events == sum(result.by_type.values())
True
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

import networkx as nx

from partnermap.graph import active_subgraph, home_areas, without_inferred
from partnermap.metrics._common import require_snapshot
from partnermap.model import NodeKind, RelationKind

__all__ = ["EventCounts", "EventTally", "event_counts"]

_EVENT = NodeKind.EVENT.value
_WHOLES = (NodeKind.NETWORK.value, NodeKind.PROJECT.value)


@dataclass(frozen=True)
class EventTally:
    """The events of one network, project or municipality.

    Attributes
    ----------
    id : str
        The network's, project's or municipality's id.
    name : str
        Its name.
    events : int
        How many events it holds (a recurring meeting counts once).
    occurrences : float
        Events per year: a recurring event's ``occurrences_per_year``, 1 for any other.
    participants : int
        Distinct organisations taking part in its events.
    by_type : dict of str to int
        Its events by type (meeting, seminar, info_day...).
    event_ids : list of str
        Its events' ids, sorted.
    """

    id: str
    name: str
    events: int
    occurrences: float
    participants: int
    by_type: dict[str, int]
    event_ids: list[str]


@dataclass(frozen=True)
class EventCounts:
    """Events per network, per project and per municipality.

    Attributes
    ----------
    events : int
        Events in the snapshot.
    by_type : dict of str to int
        Events by type.
    networks : list of EventTally
        Per network with events, most events first (then by id).
    projects : list of EventTally
        Per project or programme with events, most events first.
    municipalities : list of EventTally
        Per municipality events take place in, most events first.
    without_place : list of str
        Events located in no municipality (online ones, or the documents name no place).
    as_of : date or None
        The day counted, or None for every date.
    stated_only : bool
        Whether relations marked inferred were left out.
    """

    events: int
    by_type: dict[str, int]
    networks: list[EventTally]
    projects: list[EventTally]
    municipalities: list[EventTally]
    without_place: list[str]
    as_of: date | None
    stated_only: bool


def event_counts(G: nx.MultiDiGraph, *, as_of: date | None = None, stated_only: bool = False) -> EventCounts:
    """Count the events of each network, project and municipality in a snapshot.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A snapshot.
    as_of : date, optional
        Only the events (and relations) that hold on this day
        (:func:`partnermap.graph.active_subgraph`); by default every date.
    stated_only : bool
        Leave out relations marked inferred: an event's inferred participants, places and
        networks do not count.

    Returns
    -------
    EventCounts
    """
    require_snapshot(G, "event counts")
    H = G if as_of is None else active_subgraph(G, as_of)
    H = without_inferred(H) if stated_only else H
    events = sorted(n for n, d in H.nodes(data=True) if d.get("kind") == _EVENT)
    participants: dict[str, set[str]] = defaultdict(set)
    wholes: dict[str, set[str]] = defaultdict(set)
    for source, target, data in H.edges(data=True):
        kind = data.get("kind")
        if kind == RelationKind.TAKES_PART_IN.value and target in H and H.nodes[target].get("kind") == _EVENT:
            participants[target].add(source)
        elif (
            kind == RelationKind.PART_OF.value
            and H.nodes[source].get("kind") == _EVENT
            and H.nodes[target].get("kind") in _WHOLES
        ):
            wholes[target].add(source)
    homes = home_areas(H)
    places: dict[str, set[str]] = defaultdict(set)
    without_place = []
    for event in events:
        municipality = homes.get(event, (None, None))[0]
        if municipality is None:
            without_place.append(event)
        else:
            places[municipality].add(event)

    def tally(of: str, held: set[str]) -> EventTally:
        ids = sorted(held)
        people = set().union(*(participants[e] for e in ids)) if ids else set()
        per_year = sum(float(H.nodes[e].get("occurrences_per_year") or 1) for e in ids)
        return EventTally(
            id=of,
            name=str(H.nodes[of].get("name") or of),
            events=len(ids),
            occurrences=per_year,
            participants=len(people),
            by_type=dict(sorted(Counter(str(H.nodes[e].get("event_type")) for e in ids).items())),
            event_ids=ids,
        )

    def ranked(groups: dict[str, set[str]], kind: str | None = None) -> list[EventTally]:
        chosen = [g for g in groups if kind is None or H.nodes[g].get("kind") == kind]
        return sorted((tally(g, groups[g]) for g in chosen), key=lambda t: (-t.events, t.id))

    return EventCounts(
        events=len(events),
        by_type=dict(sorted(Counter(str(H.nodes[e].get("event_type")) for e in events).items())),
        networks=ranked(wholes, NodeKind.NETWORK.value),
        projects=ranked(wholes, NodeKind.PROJECT.value),
        municipalities=ranked(places),
        without_place=without_place,
        as_of=as_of,
        stated_only=stated_only,
    )
