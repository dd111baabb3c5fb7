"""Coverage: which municipalities and counties a network or programme reaches.

A network reaches a municipality when one of its members is located there; a project or
programme when one of its partners is. A programme also reaches what the projects and
networks that are ``part_of`` it reach (transitively). A member located in a county but
in no particular municipality reaches the county only.

National members do not count: a national body (ELVL, a ministry) is located nowhere in
particular, and letting it cover all 79 municipalities would hide exactly the gaps
coverage is meant to show. They are counted separately (``national_members``), as are
foreign ones.

The universe is the graph's own municipality and county nodes: the 79 and the 15 of the
reference data on any full snapshot.

:func:`area_reach` turns the question around: per municipality (or county), is it reached,
and by which networks and projects. *Reached by any network* means an organisation located
there belongs to some network; *reached by* one network or project means what
:func:`coverage` says it reaches. The CLI (``partnermap metrics coverage --level ...
--not-reached``) and the API (``municipalities(filter: {reached: false})``, ``counties``)
call it, so "which municipalities have no organisation in any network?" has one answer.

Examples
--------
>>> from partnermap.datasets import bundled_dataset
>>> from partnermap.graph import to_multigraph
>>> ds = bundled_dataset()
>>> G = to_multigraph(ds.nodes, ds.relations)
>>> c = coverage(G, "network:elvl-koordinaatorite-vorgustik")
>>> len(c.municipalities_reached), c.municipality_total, c.national_members
(8, 79, 1)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

from partnermap.cooperation import organisation_area
from partnermap.graph import home_areas
from partnermap.metrics._common import MetricsError, require_snapshot
from partnermap.model import NodeKind, RelationKind

__all__ = [
    "LEVELS",
    "AreaReach",
    "Coverage",
    "MunicipalityPresence",
    "Overlap",
    "area_reach",
    "coverage",
    "coverage_all",
    "municipality_presence",
    "network_overlap",
]

_NETWORK, _PROJECT = NodeKind.NETWORK.value, NodeKind.PROJECT.value
_MEMBERSHIP = {RelationKind.MEMBER_OF.value, RelationKind.PARTNER_IN.value}
#: The levels :func:`area_reach` answers for.
LEVELS = (NodeKind.MUNICIPALITY.value, NodeKind.COUNTY.value)


@dataclass(frozen=True)
class Coverage:
    """Where a network or project reaches (through its members' homes) and where it does not.

    See :func:`coverage`.

    Attributes
    ----------
    id : str
        The network's or project's id.
    name : str
        The name, in Estonian as the sources give it.
    kind : str
        Its network type or project kind.
    members : int
        Members (or partners), with those of its parts.
    national_members : int
        Members located nowhere in particular (national bodies).
    international_members : int
        Foreign members.
    municipalities_reached : list[str]
        The municipalities it reaches.
    municipalities_not_reached : list[str]
        The municipalities it does not reach.
    counties_reached : list[str]
        The counties it reaches.
    counties_not_reached : list[str]
        The counties it does not reach.
    municipality_total : int
        Municipalities there are.
    county_total : int
        Counties there are.
    municipality_share : float
        Share of municipalities reached, 0-1.
    county_share : float
        Share of counties reached, 0-1.
    """

    id: str
    name: str
    kind: str
    members: int
    national_members: int
    international_members: int
    municipalities_reached: list[str]
    municipalities_not_reached: list[str]
    counties_reached: list[str]
    counties_not_reached: list[str]
    municipality_total: int
    county_total: int
    municipality_share: float
    county_share: float


def _universe(G: nx.MultiDiGraph) -> tuple[list[str], list[str]]:
    munis = sorted(n for n, d in G.nodes(data=True) if d.get("kind") == NodeKind.MUNICIPALITY.value)
    counties = sorted(n for n, d in G.nodes(data=True) if d.get("kind") == NodeKind.COUNTY.value)
    if not munis or not counties:
        raise MetricsError(
            "coverage needs the municipalities and counties in the graph (a snapshot of the "
            "whole store, not one filtered by kind)"
        )
    return munis, counties


def _members(G: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Organisations of each network / project, with those of the parts it holds."""
    direct: dict[str, set[str]] = defaultdict(set)
    parts: dict[str, set[str]] = defaultdict(set)
    for u, v, data in G.edges(data=True):
        kind = data.get("kind")
        if kind in _MEMBERSHIP:
            direct[v].add(u)
        elif kind == RelationKind.PART_OF.value and G.nodes[u].get("kind") in (_NETWORK, _PROJECT):
            parts[v].add(u)
    groups = [n for n, d in G.nodes(data=True) if d.get("kind") in (_NETWORK, _PROJECT)]
    result: dict[str, set[str]] = {}
    for group in groups:
        seen = {group}
        todo = [group]
        members: set[str] = set()
        while todo:
            g = todo.pop()
            members |= direct.get(g, set())
            for part in parts.get(g, ()):
                if part not in seen:
                    seen.add(part)
                    todo.append(part)
        result[group] = members
    return result


def _coverage(  # noqa: PLR0917 - a private helper called from two places
    G: nx.MultiDiGraph,
    group: str,
    members: set[str],
    homes: Mapping[str, tuple[str | None, str | None]],
    munis: list[str],
    counties: list[str],
) -> Coverage:
    reached_m: set[str] = set()
    reached_c: set[str] = set()
    national = international = 0
    for org in members:
        municipality, county = homes.get(org, (None, None))
        if municipality:
            reached_m.add(municipality)
        if county:
            reached_c.add(county)
        if not county:
            area = organisation_area(G.nodes[org], None)
            national += area == "national"
            international += area == "international"
    data = G.nodes[group]
    return Coverage(
        id=group,
        name=str(data.get("name") or group),
        kind=str(data.get("network_type") or data.get("project_kind") or data.get("kind")),
        members=len(members),
        national_members=national,
        international_members=international,
        municipalities_reached=sorted(reached_m),
        municipalities_not_reached=[m for m in munis if m not in reached_m],
        counties_reached=sorted(reached_c),
        counties_not_reached=[c for c in counties if c not in reached_c],
        municipality_total=len(munis),
        county_total=len(counties),
        municipality_share=len(reached_m & set(munis)) / len(munis),
        county_share=len(reached_c & set(counties)) / len(counties),
    )


def coverage(G: nx.MultiDiGraph, group: str) -> Coverage:
    """Municipalities and counties one network or project reaches, and those it does not.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A snapshot (as of a date for the reach of that day).
    group : str
        A network or project id.

    Raises
    ------
    MetricsError
        If ``group`` is not a network or project of the graph.
    """
    require_snapshot(G, "coverage")
    if group not in G:
        raise MetricsError(f"{group!r} is not in the graph (as of {G.graph.get('as_of') or 'any date'})")
    if G.nodes[group].get("kind") not in (_NETWORK, _PROJECT):
        raise MetricsError(f"{group!r} is a {G.nodes[group].get('kind')}, not a network or project")
    munis, counties = _universe(G)
    return _coverage(G, group, _members(G).get(group, set()), home_areas(G), munis, counties)


def coverage_all(
    G: nx.MultiDiGraph,
    *,
    with_members_only: bool = True,
    homes: Mapping[str, tuple[str | None, str | None]] | None = None,
) -> list[Coverage]:
    """:func:`coverage` of every network and project, widest reach first.

    ``homes`` is :func:`partnermap.graph.home_areas` of ``G``, if already at hand.

    Examples
    --------
    >>> from partnermap.datasets import bundled_dataset
    >>> from partnermap.graph import to_multigraph
    >>> ds = bundled_dataset()
    >>> rows = coverage_all(to_multigraph(ds.nodes, ds.relations))
    >>> rows[0].id, len(rows[0].municipalities_reached)
    ('project:tat-loimumine', 8)
    """
    require_snapshot(G, "coverage")
    munis, counties = _universe(G)
    if homes is None:
        homes = home_areas(G)
    rows = [
        _coverage(G, group, members, homes, munis, counties)
        for group, members in _members(G).items()
        if members or not with_members_only
    ]
    rows.sort(key=lambda c: (-len(c.municipalities_reached), -len(c.counties_reached), -c.members, c.id))
    return rows


@dataclass(frozen=True)
class MunicipalityPresence:
    """The networks and projects present in one municipality."""

    municipality: str
    name: str
    county: str | None
    networks: list[str]
    projects: list[str]


@dataclass(frozen=True)
class AreaReach:
    """One municipality or county: whether it is reached, and by which networks and projects.

    Attributes
    ----------
    id : str
        The municipality's or county's id.
    name : str
        Its name, with diacritics.
    level : str
        ``municipality`` or ``county``.
    county : str or None
        A municipality's county id (a county's own id for a county).
    reached : bool
        Whether it is reached: by the network or project asked about, or (when none was)
        by any network.
    networks : list of str
        The networks with a member located there.
    projects : list of str
        The projects and programmes with a partner located there.
    """

    id: str
    name: str
    level: str
    county: str | None
    reached: bool
    networks: list[str]
    projects: list[str]


def _presence(
    G: nx.MultiDiGraph, level: str, homes: Mapping[str, tuple[str | None, str | None]] | None
) -> dict[str, dict[str, set[str]]]:
    """Per area of ``level``: the networks and the projects with a member or partner homed there.

    The one computation behind :func:`municipality_presence`, :func:`area_reach` and (through
    the same ``_members`` and homes) :func:`coverage`.
    """
    munis, counties = _universe(G)
    if homes is None:
        homes = home_areas(G)
    position = LEVELS.index(level)  # a home is (municipality, county)
    present: dict[str, dict[str, set[str]]] = {
        a: {_NETWORK: set(), _PROJECT: set()} for a in (munis if position == 0 else counties)
    }
    for group, members in _members(G).items():
        kind = G.nodes[group].get("kind")
        for org in members:
            area = homes.get(org, (None, None))[position]
            if area in present:
                present[area][kind].add(group)
    return present


def municipality_presence(
    G: nx.MultiDiGraph, *, homes: Mapping[str, tuple[str | None, str | None]] | None = None
) -> list[MunicipalityPresence]:
    """Per municipality, the networks and projects with a member or partner located there.

    The municipalities no network or project reaches have empty lists: sort or filter on
    them to find the gaps. ``homes`` is :func:`partnermap.graph.home_areas` of ``G``, if
    already at hand.

    Examples
    --------
    >>> from partnermap.datasets import bundled_dataset
    >>> from partnermap.graph import to_multigraph
    >>> ds = bundled_dataset()
    >>> rows = {r.municipality: r for r in municipality_presence(to_multigraph(ds.nodes, ds.relations))}
    >>> "network:loimumiskoda" in rows["municipality:tallinn"].networks
    True
    >>> rows["municipality:antsla-vald"].networks
    []
    """
    require_snapshot(G, "municipality presence")
    present = _presence(G, NodeKind.MUNICIPALITY.value, homes)
    return [
        MunicipalityPresence(
            municipality=m,
            name=str(G.nodes[m].get("name") or m),
            county=G.nodes[m].get("county"),
            networks=sorted(groups[_NETWORK]),
            projects=sorted(groups[_PROJECT]),
        )
        for m, groups in present.items()
    ]


def area_reach(
    G: nx.MultiDiGraph,
    level: str = "municipality",
    *,
    by: str | None = None,
    reached: bool | None = None,
    homes: Mapping[str, tuple[str | None, str | None]] | None = None,
) -> list[AreaReach]:
    """Municipalities (or counties) reached and not reached, by any network or by one.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A snapshot (as of a date for the reach of that day).
    level : {"municipality", "county"}
        Which areas to list.
    by : str, optional
        A network or project id: an area is reached when :func:`coverage` of it says so.
        None: an area is reached when an organisation located there belongs to any network.
    reached : bool, optional
        Only the areas reached (True) or not reached (False); None lists all.
    homes : mapping, optional
        :func:`partnermap.graph.home_areas` of ``G``, if already at hand.

    Returns
    -------
    list of AreaReach
        By id.

    Raises
    ------
    MetricsError
        An unknown level, or ``by`` not a network or project of the graph.

    Examples
    --------
    >>> from partnermap.datasets import bundled_dataset
    >>> from partnermap.graph import to_multigraph
    >>> ds = bundled_dataset()
    >>> G = to_multigraph(ds.nodes, ds.relations)
    >>> len(area_reach(G, reached=False)), len(area_reach(G, "county", reached=True))
    (71, 7)
    >>> [a.name for a in area_reach(G, "county", by="project:koosloomest-koostooni", reached=True)]
    ['Tartu maakond', 'Võru maakond']
    """
    require_snapshot(G, "reach")
    if level not in LEVELS:
        raise MetricsError(f"unknown level {level!r}: use {' or '.join(LEVELS)}")
    if by is not None:
        if by not in G:
            raise MetricsError(f"{by!r} is not in the graph (as of {G.graph.get('as_of') or 'any date'})")
        if G.nodes[by].get("kind") not in (_NETWORK, _PROJECT):
            raise MetricsError(f"{by!r} is not a network or project (it is a {G.nodes[by].get('kind')})")
    rows = []
    for area, groups in _presence(G, level, homes).items():
        hit = by in groups[_NETWORK] or by in groups[_PROJECT] if by is not None else bool(groups[_NETWORK])
        if reached is not None and hit != reached:
            continue
        data = G.nodes[area]
        rows.append(
            AreaReach(
                id=area,
                name=str(data.get("name") or area),
                level=level,
                county=data.get("county") if level == NodeKind.MUNICIPALITY.value else area,
                reached=hit,
                networks=sorted(groups[_NETWORK]),
                projects=sorted(groups[_PROJECT]),
            )
        )
    return rows


@dataclass(frozen=True)
class Overlap:
    """Two networks' shared members: Jaccard index of member sets and of municipalities reached."""

    a: str
    b: str
    shared_members: int
    jaccard: float
    municipality_jaccard: float | None


def network_overlap(G: nx.MultiDiGraph, *, minimum: float = 0.0) -> list[Overlap]:
    """Jaccard overlap of every pair of networks that share a member.

    .. math:: J(A, B) = \\frac{|A \\cap B|}{|A \\cup B|}

    over member sets; ``municipality_jaccard`` compares the municipalities reached (None
    when neither reaches one). Pairs sharing no member are left out.

    Examples
    --------
    >>> from partnermap.datasets import bundled_dataset
    >>> from partnermap.graph import to_multigraph
    >>> ds = bundled_dataset()
    >>> rows = network_overlap(to_multigraph(ds.nodes, ds.relations))
    >>> top = rows[0]
    >>> top.jaccard <= 1.0 and top.shared_members >= 1
    True

    References
    ----------
    .. [1] Jaccard, P. (1912). The distribution of the flora in the alpine zone.
       *New Phytologist* 11(2), 37-50.
    """
    require_snapshot(G, "network overlap")
    homes = home_areas(G)
    networks = {g: m for g, m in _members(G).items() if G.nodes[g].get("kind") == _NETWORK and m}
    by_member: dict[str, set[str]] = defaultdict(set)
    for net, members in networks.items():
        for org in members:
            by_member[org].add(net)
    pairs: set[tuple[str, str]] = set()
    for nets in by_member.values():
        pairs.update(combinations(sorted(nets), 2))
    rows = []
    for a, b in sorted(pairs):
        ma, mb = networks[a], networks[b]
        shared = len(ma & mb)
        jaccard = shared / len(ma | mb)
        if jaccard < minimum:
            continue
        ta = {homes[o][0] for o in ma if homes.get(o, (None, None))[0]}
        tb = {homes[o][0] for o in mb if homes.get(o, (None, None))[0]}
        union = ta | tb
        rows.append(Overlap(a, b, shared, jaccard, len(ta & tb) / len(union) if union else None))
    rows.sort(key=lambda o: (-o.jaccard, -o.shared_members, o.a, o.b))
    return rows
