"""Indicators: the targets the documents set, against values computed from the graph.

An indicator node carries ``targets`` by year, the values the documents report
(``actuals``), a ``comparison`` (``at_least``, ``at_most`` or ``exactly``) and, where the
graph can answer, a ``definition`` (:class:`partnermap.model.IndicatorDefinition`). Each
value is taken at the end of the target year (31 December), from the relations active
that day:

``participation_councils``
    participation councils (networks of that type) with at least one active membership;
``local_cooperation_networks``
    local cooperation networks with at least one active membership;
``coordinators``
    municipal governments that are partners in the definition's ``project`` and staff a
    position on it (each partner KOV's agreement provides a coordinator); no data when the
    project is not running that day;
``network_members``
    organisations with the role ``member`` in the definition's ``network`` (its convener
    and coordinators run it and are not counted); no data when the dataset names no
    member of the network at any time;
``partner_municipalities``
    municipalities whose government is a partner in the ``project`` (or a member of the
    ``network``).

Status: ``met`` or ``behind`` by the comparison, from the graph's value where there is a
definition and otherwise from the reported value; ``no data`` when neither exists.

Examples
--------
>>> from partnermap.datasets import bundled_dataset
>>> from partnermap.graph import to_multigraph
>>> ds = bundled_dataset()
>>> G = to_multigraph(ds.nodes, ds.relations)
>>> rows = indicator_status(G, indicator="indicator:participation-councils")
>>> [(r.year, r.target, r.value, r.status) for r in rows]
[(2025, 5.0, 5.0, 'met'), (2029, 7.0, 5.0, 'behind')]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import networkx as nx

from partnermap.graph import home_areas
from partnermap.metrics._common import MetricsError, require_snapshot
from partnermap.metrics.temporal import at
from partnermap.model import NetworkType, NodeKind, RelationKind

__all__ = ["IndicatorStatus", "Status", "indicator_status", "indicator_value"]

Status = Literal["met", "behind", "no data"]

_MEMBER_OF, _PARTNER_IN = RelationKind.MEMBER_OF.value, RelationKind.PARTNER_IN.value
_GOVERNMENT = "municipal_government"


@dataclass(frozen=True)
class IndicatorStatus:
    """One indicator in one target year: the value the graph gives (or the reported one) and a status.

    See :func:`indicator_status`.

    Attributes
    ----------
    indicator : str
        The indicator's id.
    name : str
        The name, in Estonian as the sources give it.
    unit : str
        The unit counted.
    year : int
        The target year.
    target : float
        The target.
    comparison : str
        at_least, at_most or exactly.
    value : float | None
        The value the graph gives at the year's end.
    reported : float | None
        The value the documents report.
    basis : Literal['graph', 'reported'] | None
        What the status is judged on: graph or reported.
    status : Status
        met, behind or no data.
    as_of : str
        The day the value is taken (the year's last day).
    note : str
        How the value was found, or why there is none.
    """

    indicator: str
    name: str
    unit: str
    year: int
    target: float
    comparison: str
    value: float | None
    reported: float | None
    basis: Literal["graph", "reported"] | None
    status: Status
    as_of: str
    note: str


def _active_networks(H: nx.MultiDiGraph, network_type: str) -> int:
    return sum(
        1
        for n, d in H.nodes(data=True)
        if d.get("kind") == NodeKind.NETWORK.value
        and d.get("network_type") == network_type
        and any(e.get("kind") == _MEMBER_OF for _, _, e in H.in_edges(n, data=True))
    )


def indicator_value(G: nx.MultiDiGraph, definition: dict[str, Any], day: date) -> tuple[float | None, str]:
    """The value a definition gives on ``day``, and a note on how (or why there is none).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A snapshot of every date.
    definition : dict
        ``{"metric": ..., "network": ..., "project": ...}`` as in IndicatorDefinition.
    day : date
    """
    return _indicator_value(G, at(G, day, strict=False), definition, day)


def _indicator_value(
    G: nx.MultiDiGraph, H: nx.MultiDiGraph, definition: dict[str, Any], day: date
) -> tuple[float | None, str]:
    """:func:`indicator_value` with ``H``, the snapshot of ``day``, at hand."""
    metric = definition.get("metric")
    if metric == "participation_councils":
        return float(_active_networks(H, NetworkType.PARTICIPATION_COUNCIL.value)), "active councils"
    if metric == "local_cooperation_networks":
        return float(_active_networks(H, NetworkType.LOCAL_COOPERATION_NETWORK.value)), "active networks"
    group = (
        definition.get("project")
        if metric == "coordinators"
        else definition.get("network") or definition.get("project")
    )
    if metric not in ("coordinators", "network_members", "partner_municipalities"):
        raise MetricsError(f"unknown indicator metric {metric!r}")
    if not group:
        return None, f"the {metric} definition names no network or project"
    if group not in G:
        return None, f"{group} is not in the graph"
    if group not in H:
        return None, f"{group} is not running on {day.isoformat()}"
    edges = [(u, e) for u, _, e in H.in_edges(group, data=True) if e.get("kind") in (_MEMBER_OF, _PARTNER_IN)]
    if metric == "coordinators":
        staffed = {u for u, e in edges if H.nodes[u].get("org_kind") == _GOVERNMENT and e.get("positions")}
        return float(len(staffed)), f"partner municipalities staffing a position in {group}"
    if metric == "network_members":
        ever = any(
            e.get("kind") == _MEMBER_OF and e.get("role") == "member"
            for _, _, e in G.in_edges(group, data=True)
        )
        if not ever:
            return None, f"the dataset names no members of {group}"
        members = {u for u, e in edges if e.get("kind") == _MEMBER_OF and e.get("role") == "member"}
        return float(len(members)), f"members of {group}"
    homes = home_areas(H)
    munis = {homes.get(u, (None, None))[0] for u, _ in edges if H.nodes[u].get("org_kind") == _GOVERNMENT}
    munis.discard(None)
    return float(len(munis)), f"municipalities whose government is in {group}"


def _by_year(values: Any) -> dict[int, float]:
    if not isinstance(values, dict):
        return {}
    return {int(year): float(value) for year, value in values.items()}


def _judge(value: float, target: float, comparison: str) -> Status:
    if comparison == "at_most":
        return "met" if value <= target else "behind"
    if comparison == "exactly":
        return "met" if abs(value - target) < 1e-9 else "behind"
    return "met" if value >= target else "behind"


def indicator_status(
    G: nx.MultiDiGraph, *, indicator: str | None = None, year: int | None = None
) -> list[IndicatorStatus]:
    """Every indicator's targets with the computed (or reported) value and a status.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A snapshot of every date (the values are taken at each year's end).
    indicator : str, optional
        One indicator id.
    year : int, optional
        Only this target year.

    Returns
    -------
    list of IndicatorStatus
        Sorted by indicator id and year; indicators without targets are left out.
    """
    require_snapshot(G, "indicators")
    if G.graph.get("as_of"):
        raise MetricsError(
            f"indicators need a snapshot of every date, not one as of {G.graph['as_of']}: "
            "the values are taken at the end of each target year"
        )
    nodes = sorted(n for n, d in G.nodes(data=True) if d.get("kind") == NodeKind.INDICATOR.value)
    if indicator is not None:
        if indicator not in nodes:
            raise MetricsError(f"{indicator!r} is not an indicator in the graph")
        nodes = [indicator]
    rows: list[IndicatorStatus] = []
    # Indicators share target years: one snapshot per year's end serves them all.
    snapshots: dict[date, nx.MultiDiGraph] = {}
    for node in nodes:
        data = G.nodes[node]
        definition = data.get("definition")
        comparison = str(data.get("comparison") or "at_least")
        actuals = _by_year(data.get("actuals"))
        for target_year, target in sorted(_by_year(data.get("targets")).items()):
            if year is not None and target_year != year:
                continue
            day = date(target_year, 12, 31)
            value: float | None = None
            note = "no definition: only reported values can be judged"
            if isinstance(definition, dict):
                if day not in snapshots:
                    snapshots[day] = at(G, day, strict=False)
                value, note = _indicator_value(G, snapshots[day], definition, day)
            reported = actuals.get(target_year)
            basis: Literal["graph", "reported"] | None
            if value is not None:
                basis, judged = "graph", value
            elif reported is not None:
                basis, judged = "reported", reported
            else:
                basis, judged = None, None
            rows.append(
                IndicatorStatus(
                    indicator=node,
                    name=str(data.get("name_en") or data.get("name") or node),
                    unit=str(data.get("unit") or ""),
                    year=target_year,
                    target=target,
                    comparison=comparison,
                    value=value,
                    reported=reported,
                    basis=basis,
                    status="no data" if judged is None else _judge(judged, target, comparison),
                    as_of=day.isoformat(),
                    note=note,
                )
            )
    return rows
