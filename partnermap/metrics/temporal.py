"""Time: any metric as of a date, what changed between two dates, yearly series.

Every relation has a period (``valid_from`` .. ``valid_to``, open ends unbounded) and a
project has its own (``start`` .. ``end``). :func:`at` narrows a full snapshot to one day,
exactly as :func:`partnermap.graph.snapshot` does with ``as_of``, so that one read of the
store serves a whole series. :func:`data_span` is the period the data speak about: from
the earliest to the latest date any node or relation carries. A date outside it is
refused (the data say nothing about it) unless ``strict=False``.

Examples
--------
>>> from datetime import date
>>> from partnermap.datasets import bundled_dataset
>>> from partnermap.graph import to_multigraph
>>> ds = bundled_dataset()
>>> G = to_multigraph(ds.nodes, ds.relations)
>>> H = at(G, date(2027, 6, 30))
>>> H.has_edge("org:kohtla-jarve-linnavalitsus", "org:elvl")
True
>>> H.has_edge("org:tallinna-linnavalitsus", "org:elvl")
False
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

import networkx as nx

from partnermap.cooperation import CooperationWeights, cooperation_graph
from partnermap.metrics._common import MetricsError, node_name, require_snapshot
from partnermap.model import NodeKind

__all__ = [
    "Diff",
    "RelationChange",
    "SeriesPoint",
    "TieChange",
    "at",
    "cooperation_at",
    "data_span",
    "diff",
    "metric_at",
    "metric_series",
    "yearly_series",
]

T = TypeVar("T")

_NODE_DATES = ("start", "end")
_EDGE_DATES = ("valid_from", "valid_to")


def _full(G: nx.MultiDiGraph, what: str) -> nx.MultiDiGraph:
    require_snapshot(G, what)
    if G.graph.get("as_of"):
        raise MetricsError(
            f"{what} needs a snapshot of every date, but this one is as of {G.graph['as_of']}: "
            "take partnermap.graph.snapshot(store) without as_of"
        )
    return G


def data_span(G: nx.MultiDiGraph) -> tuple[date, date] | None:
    """The earliest and latest date of any node or relation; None when nothing is dated.

    Examples
    --------
    >>> from partnermap.datasets import bundled_dataset
    >>> from partnermap.graph import to_multigraph
    >>> ds = bundled_dataset()
    >>> data_span(to_multigraph(ds.nodes, ds.relations))
    (datetime.date(2021, 5, 1), datetime.date(2029, 10, 31))
    """
    require_snapshot(G, "data span")
    # Flat comprehensions: a generator per node and relation cost more than the dates.
    dates = [str(value) for _, data in G.nodes(data=True) for k in _NODE_DATES if (value := data.get(k))]
    dates += [str(value) for *_, data in G.edges(data=True) for k in _EDGE_DATES if (value := data.get(k))]
    if not dates:
        return None
    return date.fromisoformat(min(dates)), date.fromisoformat(max(dates))


def check_date(G: nx.MultiDiGraph, day: date) -> None:
    """Raise :class:`MetricsError` if ``day`` lies outside :func:`data_span`."""
    span = data_span(G)
    if span is None:
        return
    first, last = span
    if day < first:
        raise MetricsError(
            f"{day.isoformat()} is before the data begin ({first.isoformat()}): nothing is known then"
        )
    if day > last:
        raise MetricsError(
            f"{day.isoformat()} is after the last date in the data ({last.isoformat()}): "
            "nothing is known then"
        )


def _active(data: dict[str, Any], keys: tuple[str, str], day: str) -> bool:
    begin, end = data.get(keys[0]), data.get(keys[1])
    return (not begin or str(begin) <= day) and (not end or day <= str(end))


def at(G: nx.MultiDiGraph, day: date, *, strict: bool = True) -> nx.MultiDiGraph:
    """The snapshot as of ``day``: the nodes and relations active on it.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A snapshot of every date (``snapshot(store)`` without ``as_of``).
    day : date
    strict : bool
        Refuse a day outside :func:`data_span`.

    Returns
    -------
    networkx.MultiDiGraph
        With ``graph["as_of"]`` set, like ``snapshot(store, as_of=day)``.
    """
    _full(G, "as of a date")
    if strict:
        check_date(G, day)
    iso = day.isoformat()
    H = nx.MultiDiGraph(as_of=iso)
    H.add_nodes_from((n, d) for n, d in G.nodes(data=True) if _active(d, _NODE_DATES, iso))
    # One add_edge per relation: MultiDiGraph.add_edges_from looks every edge up again
    # through the adjacency views after adding it, which takes 2-3 times as long.
    add = H.add_edge
    for u, v, k, d in G.edges(keys=True, data=True):
        if u in H and v in H and _active(d, _EDGE_DATES, iso):
            add(u, v, k, **d)
    return H


def cooperation_at(
    G: nx.MultiDiGraph, day: date | None, *, weights: CooperationWeights | None = None, strict: bool = True
) -> nx.Graph:
    """The cooperation graph as of ``day`` (of every date when ``day`` is None)."""
    return cooperation_graph(G if day is None else at(G, day, strict=strict), weights)


def metric_at(G: nx.MultiDiGraph, day: date, metric: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """Any cooperation-graph metric as of a date: ``metric(cooperation_at(G, day), ...)``.

    Examples
    --------
    >>> from datetime import date
    >>> from partnermap.datasets import bundled_dataset
    >>> from partnermap.graph import to_multigraph
    >>> from partnermap.metrics.centrality import degree
    >>> ds = bundled_dataset()
    >>> G = to_multigraph(ds.nodes, ds.relations)
    >>> metric_at(G, date(2027, 6, 30), degree)["org:tallinna-linnavalitsus"]
    0
    """
    return metric(cooperation_at(G, day), *args, **kwargs)


def metric_series(
    G: nx.MultiDiGraph, days: list[date], metric: Callable[..., T], /, *args: Any, **kwargs: Any
) -> list[tuple[date, T]]:
    """``metric`` of the cooperation graph on each of ``days``."""
    return [(day, metric_at(G, day, metric, *args, **kwargs)) for day in days]


@dataclass(frozen=True)
class TieChange:
    """A cooperation tie that began, ended or changed weight between two dates."""

    u: str
    v: str
    u_name: str
    v_name: str
    weight_before: float
    weight_after: float


@dataclass(frozen=True)
class RelationChange:
    """A relation active on one date and not on the other."""

    id: str
    kind: str
    source: str
    target: str
    valid_from: str | None
    valid_to: str | None


@dataclass(frozen=True)
class Diff:
    """What changed between two dates (see :func:`diff`)."""

    date1: str
    date2: str
    ties_before: int
    ties_after: int
    active_before: int
    active_after: int
    ties_added: list[TieChange]
    ties_ended: list[TieChange]
    ties_reweighted: list[TieChange]
    relations_added: list[RelationChange]
    relations_ended: list[RelationChange]


def _relations(H: nx.MultiDiGraph) -> dict[str, RelationChange]:
    return {
        str(k): RelationChange(
            str(k), str(d.get("kind")), str(u), str(v), d.get("valid_from"), d.get("valid_to")
        )
        for u, v, k, d in H.edges(keys=True, data=True)
    }


def diff(G: nx.MultiDiGraph, date1: date, date2: date) -> Diff:
    """Ties and relations added and ended between two dates.

    A tie (an edge of the cooperation graph) is *added* when it exists on ``date2`` and not
    on ``date1``, *ended* in the opposite case, *reweighted* when it exists on both with a
    different weight (a shared network grew or shrank). Relations compare by id.

    Examples
    --------
    >>> from datetime import date
    >>> from partnermap.datasets import bundled_dataset
    >>> from partnermap.graph import to_multigraph
    >>> ds = bundled_dataset()
    >>> d = diff(to_multigraph(ds.nodes, ds.relations), date(2025, 6, 30), date(2027, 6, 30))
    >>> ("org:elvl", "org:tallinna-linnavalitsus") in {(t.u, t.v) for t in d.ties_ended}
    True
    """
    _full(G, "diff")
    if date2 < date1:
        raise MetricsError(f"the second date ({date2}) is before the first ({date1})")
    H1, H2 = at(G, date1), at(G, date2)
    C1, C2 = cooperation_graph(H1), cooperation_graph(H2)
    name = node_name(G)

    def pairs(C: nx.Graph) -> dict[tuple[str, str], float]:
        found: dict[tuple[str, str], float] = {}
        for u, v, d in C.edges(data=True):
            a, b = sorted((str(u), str(v)))
            found[a, b] = float(d.get("weight", 1.0))
        return found

    before, after = pairs(C1), pairs(C2)

    def change(pair: tuple[str, str]) -> TieChange:
        u, v = pair
        return TieChange(u, v, name(u), name(v), before.get(pair, 0.0), after.get(pair, 0.0))

    r1, r2 = _relations(H1), _relations(H2)
    return Diff(
        date1=date1.isoformat(),
        date2=date2.isoformat(),
        ties_before=len(before),
        ties_after=len(after),
        active_before=sum(1 for n in C1 if C1.degree(n) > 0),
        active_after=sum(1 for n in C2 if C2.degree(n) > 0),
        ties_added=[change(p) for p in sorted(after.keys() - before.keys())],
        ties_ended=[change(p) for p in sorted(before.keys() - after.keys())],
        ties_reweighted=[
            change(p) for p in sorted(before.keys() & after.keys()) if abs(before[p] - after[p]) > 1e-9
        ],
        relations_added=[r2[k] for k in sorted(r2.keys() - r1.keys())],
        relations_ended=[r1[k] for k in sorted(r1.keys() - r2.keys())],
    )


@dataclass(frozen=True)
class SeriesPoint:
    """The cooperation graph's shape on one date."""

    date: str
    relations: int
    organisations_active: int
    ties: int
    weight: float
    density: float
    components: int
    largest_component: int
    projects_active: int
    ei_county: float | None


def _point(G: nx.MultiDiGraph, day: date, by: str) -> SeriesPoint:
    from partnermap.metrics.mixing import ei_index  # noqa: PLC0415 - mixing imports nothing from here

    H = at(G, day, strict=False)
    C = cooperation_graph(H)
    active = [n for n in C if C.degree(n) > 0]
    n = C.number_of_nodes()
    try:
        ei: float | None = ei_index(C, by).ei
    except MetricsError:
        ei = None
    return SeriesPoint(
        date=day.isoformat(),
        relations=H.number_of_edges(),
        organisations_active=len(active),
        ties=C.number_of_edges(),
        weight=float(C.size(weight="weight")),
        density=2 * C.number_of_edges() / (n * (n - 1)) if n > 1 else 0.0,
        components=nx.number_connected_components(C.subgraph(active)) if active else 0,
        largest_component=max((len(c) for c in nx.connected_components(C.subgraph(active))), default=0),
        projects_active=sum(1 for _, d in H.nodes(data=True) if d.get("kind") == NodeKind.PROJECT.value),
        ei_county=ei,
    )


def yearly_series(
    G: nx.MultiDiGraph,
    *,
    start: int | None = None,
    end: int | None = None,
    month: int = 12,
    day: int = 31,
    by: str = "county",
) -> list[SeriesPoint]:
    """The cooperation graph's shape once a year (on ``month``/``day``, by default 31 December).

    Years default to those of :func:`data_span`; ``components`` and ``largest_component``
    count organisations with at least one tie. ``ei_county`` is the E-I index by ``by``
    (None when undefined that year).

    Examples
    --------
    >>> from partnermap.datasets import bundled_dataset
    >>> from partnermap.graph import to_multigraph
    >>> ds = bundled_dataset()
    >>> points = yearly_series(to_multigraph(ds.nodes, ds.relations), start=2024, end=2026)
    >>> [(p.date, p.ties > 0) for p in points]
    [('2024-12-31', True), ('2025-12-31', True), ('2026-12-31', True)]
    """
    _full(G, "yearly series")
    span = data_span(G)
    first = start if start is not None else (span[0].year if span else None)
    last = end if end is not None else (span[1].year if span else None)
    if first is None or last is None:
        raise MetricsError("the data carry no dates: give start and end years")
    if last < first:
        raise MetricsError(f"end year {last} is before start year {first}")
    if last - first > 200:
        raise MetricsError(f"{last - first + 1} years is too long a series")
    try:
        days = [date(year, month, day) for year in range(first, last + 1)]
    except ValueError as exc:
        raise MetricsError(f"not a date: {month}/{day} ({exc})") from None
    if span is not None:
        for d in (days[0], days[-1]):
            if d.year < span[0].year or d.year > span[1].year:
                check_date(G, d)
    return [_point(G, d, by) for d in days]
