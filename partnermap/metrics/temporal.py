"""Time: any metric as of a date, what changed between two dates, yearly series.

Every relation has a period (``valid_from`` .. ``valid_to``, open ends unbounded) and a
project has its own (``start`` .. ``end``); what is active on a day is what
:func:`partnermap.graph.active_on` says. :func:`at` narrows a full snapshot to one day
with :func:`partnermap.graph.active_subgraph`, exactly as
:func:`partnermap.graph.snapshot` does with ``as_of``, so that one read of the store
serves a whole series. :func:`data_span` is the period the data speak about: from
the earliest to the latest date any node or relation carries. A date outside it is
refused (the data say nothing about it) unless ``strict=False``.

Examples
--------
>>> from datetime import date, timedelta
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
from datetime import date, timedelta
from typing import Any, TypeVar

import networkx as nx

from partnermap.cooperation import CooperationWeights, cooperation_graph
from partnermap.graph import active_subgraph, period
from partnermap.metrics._common import MetricsError, node_name, require_snapshot
from partnermap.model import NodeKind, RelationKind

__all__ = [
    "Diff",
    "RelationChange",
    "SeriesPoint",
    "Shape",
    "TieChange",
    "at",
    "busiest_day",
    "cooperation_at",
    "data_span",
    "diff",
    "metric_at",
    "metric_series",
    "series_at",
    "shape",
    "yearly_series",
]

T = TypeVar("T")


_TAKES_PART_IN = RelationKind.TAKES_PART_IN.value


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
    items = [data for _, data in G.nodes(data=True)]
    items += [data for _, _, data in G.edges(data=True)]
    dates = [day for data in items for day in period(data) if day is not None]
    if not dates:
        return None
    return min(dates), max(dates)


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


def busiest_day(G: nx.MultiDiGraph) -> date | None:
    """The latest day on which the most relations are active: the day a report describes
    when none is given.

    Today is a poor default for data about programmes that have ended (the bundled dataset's
    agreements end in 2025, its plans run to 2029): most ties are gone and the report reads
    like a list of islands. The day the web was at its fullest shows what it was; of
    several such days the latest, so that the report shows the most recent state of that
    fullness (a run of equal counts ends when the first of its periods ends). It is never after
    :func:`data_span`'s last day; None when no relation carries a date. Taking part in an
    event is not counted: it lasts only the event's day or days, so a conference with a
    hundred participants would otherwise be the fullest day of its year.

    Examples
    --------
    >>> from partnermap.datasets import bundled_dataset
    >>> from partnermap.graph import to_multigraph
    >>> ds = bundled_dataset()
    >>> busiest_day(to_multigraph(ds.nodes, ds.relations))
    datetime.date(2025, 6, 30)

    (the last day of "Koosloomest koostööni", while ELVL's 2025 agreements still run).
    """
    require_snapshot(G, "busiest day")
    span = data_span(G)
    if span is None:
        return None
    change: dict[date, int] = {}
    always = 0
    for _, _, data in G.edges(data=True):
        if data.get("kind") == _TAKES_PART_IN:
            continue
        start, end = period(data)
        if start is None and end is None:
            always += 1
            continue
        first = start or span[0]
        change[first] = change.get(first, 0) + 1
        if end is not None and end < span[1]:
            after = end + timedelta(days=1)
            change[after] = change.get(after, 0) - 1
    if not change:
        return None
    # sweep the days on which the count changes; a run of equal count lasts to the next change
    days = sorted(change)
    best, best_day, active = -1, span[0], always
    for i, day in enumerate(days):
        active += change[day]
        last = days[i + 1] - timedelta(days=1) if i + 1 < len(days) else span[1]
        if active >= best and last >= day:
            best, best_day = active, last
    return best_day


def at(G: nx.MultiDiGraph, day: date, *, strict: bool = True) -> nx.MultiDiGraph:
    """The snapshot as of ``day``: the nodes and relations active on it
    (:func:`partnermap.graph.active_subgraph`).

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
    return active_subgraph(G, day)


def cooperation_at(
    G: nx.MultiDiGraph,
    day: date | None,
    *,
    weights: CooperationWeights | None = None,
    strict: bool = True,
    stated_only: bool = False,
) -> nx.Graph:
    """The cooperation graph as of ``day`` (of every date when ``day`` is None); with
    ``stated_only``, of the relations the documents state (inferred ones left out)."""
    return cooperation_graph(
        G if day is None else at(G, day, strict=strict), weights, stated_only=stated_only
    )


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
class Shape:
    """How the cooperation graph hangs together on one day (see :func:`shape`).

    Attributes
    ----------
    organisations : int
        Organisations in the cooperation graph, with ties or without.
    organisations_active : int
        Organisations with at least one tie.
    ties : int
        Ties between organisations.
    components : int
        Connected groups among the organisations with ties (an organisation without ties is
        not a group of its own).
    largest_component : int
        Organisations in the largest of them.
    """

    organisations: int
    organisations_active: int
    ties: int
    components: int
    largest_component: int


def shape(C: nx.Graph) -> Shape:
    """The one count of organisations, ties and components that every table and text uses.

    Components count organisations with ties only: in a web of 39 organisations where 27
    have no tie that day, "30 components" says nothing and contradicts a table that counts
    the 3 groups that cooperate.

    Examples
    --------
    >>> import networkx as nx
    >>> C = nx.Graph([("a", "b"), ("c", "d"), ("d", "e")]); C.add_node("f")
    >>> shape(C)
    Shape(organisations=6, organisations_active=5, ties=3, components=2, largest_component=3)
    """
    active = [n for n in C if C.degree(n) > 0]
    parts = [len(c) for c in nx.connected_components(C.subgraph(active))] if active else []
    return Shape(
        organisations=C.number_of_nodes(),
        organisations_active=len(active),
        ties=C.number_of_edges(),
        components=len(parts),
        largest_component=max(parts, default=0),
    )


@dataclass(frozen=True)
class SeriesPoint:
    """The cooperation graph's shape on one date, and how it changed since the previous one.

    ``ties_added`` and ``ties_ended`` compare with the previous point of the series (None
    for the first); ``components`` and ``largest_component`` are :func:`shape`'s.
    """

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
    ties_added: int | None = None
    ties_ended: int | None = None


def _pairs(C: nx.Graph) -> set[tuple[str, str]]:
    return {(a, b) if a <= b else (b, a) for a, b in ((str(u), str(v)) for u, v in C.edges())}


def _point(
    G: nx.MultiDiGraph, day: date, by: str, before: set[tuple[str, str]] | None
) -> tuple[SeriesPoint, set[tuple[str, str]]]:
    from partnermap.metrics.mixing import ei_index  # noqa: PLC0415 - mixing imports nothing from here

    H = at(G, day, strict=False)
    C = cooperation_graph(H)
    form = shape(C)
    n = form.organisations
    try:
        ei: float | None = ei_index(C, by).ei
    except MetricsError:
        ei = None
    pairs = _pairs(C)
    point = SeriesPoint(
        date=day.isoformat(),
        relations=H.number_of_edges(),
        organisations_active=form.organisations_active,
        ties=form.ties,
        weight=float(C.size(weight="weight")),
        density=2 * form.ties / (n * (n - 1)) if n > 1 else 0.0,
        components=form.components,
        largest_component=form.largest_component,
        projects_active=sum(1 for _, d in H.nodes(data=True) if d.get("kind") == NodeKind.PROJECT.value),
        ei_county=ei,
        ties_added=None if before is None else len(pairs - before),
        ties_ended=None if before is None else len(before - pairs),
    )
    return point, pairs


def series_at(G: nx.MultiDiGraph, days: list[date], *, by: str = "county") -> list[SeriesPoint]:
    """The cooperation graph's shape on each of ``days`` (in their order), with the ties
    added and ended since the day before it in the list.

    Examples
    --------
    >>> from datetime import date
    >>> from partnermap.datasets import bundled_dataset
    >>> from partnermap.graph import to_multigraph
    >>> ds = bundled_dataset()
    >>> a, b = series_at(to_multigraph(ds.nodes, ds.relations), [date(2025, 6, 30), date(2027, 6, 30)])
    >>> a.ties_added is None, b.ties - a.ties == b.ties_added - b.ties_ended
    (True, True)
    """
    _full(G, "series")
    points: list[SeriesPoint] = []
    before: set[tuple[str, str]] | None = None
    for day in days:
        point, before = _point(G, day, by, before)
        points.append(point)
    return points


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
    count organisations with at least one tie (:func:`shape`); ``ties_added`` and
    ``ties_ended`` compare each year with the one before. ``ei_county`` is the E-I index by ``by``
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
    return series_at(G, days, by=by)
