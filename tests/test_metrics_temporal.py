"""Time: metrics as of a date, differences between dates, yearly series."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from partnermap.graph import active_on, active_subgraph, snapshot, to_multigraph
from partnermap.metrics import MetricsError, to_jsonable
from partnermap.metrics.centrality import degree
from partnermap.metrics.temporal import (
    at,
    busiest_day,
    cooperation_at,
    data_span,
    diff,
    metric_at,
    series_at,
    shape,
    yearly_series,
)
from partnermap.model import Dataset
from partnermap.store.sqlite import SQLiteStore

DAYS = (date(2024, 1, 1), date(2025, 12, 31), date(2027, 6, 30))


@pytest.fixture(scope="module")
def bundled(estonia: Dataset) -> nx.MultiDiGraph:
    return to_multigraph(estonia.nodes, estonia.relations)


KJ, TALLINN, ELVL = "org:kohtla-jarve-linnavalitsus", "org:tallinna-linnavalitsus", "org:elvl"


def test_partnerships_as_of_mid_2027(bundled: nx.MultiDiGraph) -> None:
    H = at(bundled, date(2027, 6, 30))
    assert H.has_edge(KJ, ELVL, key=f"{KJ}>party_to>{ELVL}")
    assert not H.has_edge(TALLINN, ELVL)
    C = cooperation_at(bundled, date(2027, 6, 30))
    assert C.has_edge(KJ, ELVL) and not C.has_edge(TALLINN, ELVL)
    assert metric_at(bundled, date(2027, 6, 30), degree)[TALLINN] == 0
    assert metric_at(bundled, date(2025, 6, 30), degree)[TALLINN] > 0


def test_at_matches_the_store_snapshot(estonia: Dataset, tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "m.db") as store:
        store.load(estonia)
        full = snapshot(store)
        theirs_by_day = {day: snapshot(store, as_of=day) for day in DAYS}
    for day in DAYS:
        mine, theirs = at(full, day), theirs_by_day[day]
        assert set(mine.nodes) == set(theirs.nodes)
        assert set(mine.edges(keys=True)) == set(theirs.edges(keys=True))


def test_diff_by_hand(bundled: nx.MultiDiGraph) -> None:
    d = diff(bundled, date(2025, 6, 30), date(2027, 6, 30))
    ended = {(t.u, t.v) for t in d.ties_ended}
    assert (ELVL, TALLINN) in ended and (ELVL, KJ) not in ended
    assert f"{TALLINN}>party_to>{ELVL}" in {r.id for r in d.relations_ended}
    assert d.ties_before - len(d.ties_ended) + len(d.ties_added) == d.ties_after
    json.dumps(to_jsonable(d), allow_nan=False)
    same = diff(bundled, date(2025, 6, 30), date(2025, 6, 30))
    assert not (same.ties_added or same.ties_ended or same.relations_added or same.relations_ended)


def test_yearly_series(bundled: nx.MultiDiGraph) -> None:
    points = yearly_series(bundled)
    assert points[0].date == "2021-12-31" and points[-1].date == "2029-12-31"
    by_year = {p.date[:4]: p for p in points}
    assert by_year["2025"].ties > by_year["2027"].ties
    json.dumps(to_jsonable(points), allow_nan=False)


def test_dates_outside_the_data_are_refused(bundled: nx.MultiDiGraph) -> None:
    assert data_span(bundled) == (date(2021, 5, 1), date(2029, 10, 31))
    with pytest.raises(MetricsError, match="before the data begin"):
        at(bundled, date(1990, 1, 1))
    with pytest.raises(MetricsError, match="after the last date"):
        cooperation_at(bundled, date(2100, 1, 1))
    with pytest.raises(MetricsError, match="after the last date"):
        diff(bundled, date(2025, 1, 1), date(2100, 1, 1))
    with pytest.raises(MetricsError, match="before the first"):
        diff(bundled, date(2025, 1, 1), date(2024, 1, 1))
    with pytest.raises(MetricsError, match="before the data begin"):
        yearly_series(bundled, start=1990, end=2025)
    assert at(bundled, date(2100, 1, 1), strict=False).number_of_nodes() > 0
    with pytest.raises(MetricsError, match="as of 2025-06-30"):
        at(at(bundled, date(2025, 6, 30)), date(2025, 7, 1))
    with pytest.raises(MetricsError, match="empty"):
        at(nx.MultiDiGraph(), date(2025, 1, 1))


def test_at_is_the_graph_definition_of_active(bundled: nx.MultiDiGraph) -> None:
    for day in DAYS:
        H, expected = at(bundled, day), active_subgraph(bundled, day)
        assert set(H) == set(expected) and set(H.edges(keys=True)) == set(expected.edges(keys=True))
        assert all(active_on(d, day) for _, d in H.nodes(data=True))
        assert all(active_on(d, day) for _, _, d in H.edges(data=True))
    # a network whose status says ended still ties its members on the days its memberships hold
    G = bundled.copy()
    network = "network:elvl-koordinaatorite-vorgustik"
    G.nodes[network]["status"] = "ended"
    day = date(2025, 6, 30)
    assert network in at(G, day)
    assert cooperation_at(G, day).number_of_edges() == cooperation_at(bundled, day).number_of_edges()


def _dated(periods: list[tuple[str | None, str | None]]) -> nx.MultiDiGraph:
    """Organisations o0, o1, ... each a member of network n over one period."""
    from partnermap.model import Network, Organisation, Relation

    src = ["t#1"]
    nodes: list[Any] = [Network(id="network:n", name="N", sources=src)]
    rels = []
    for i, (start, end) in enumerate(periods):
        nodes.append(
            Organisation(id=f"org:o{i}", name=f"O{i}", org_kind="ngo", sector="non_profit", sources=src)
        )
        rels.append(
            Relation(
                kind="member_of",
                source=f"org:o{i}",
                target="network:n",
                valid_from=start,
                valid_to=end,
                sources=src,
            )
        )
    ds = Dataset(nodes=nodes, relations=rels)
    return to_multigraph(ds.nodes, ds.relations)


def test_busiest_day_is_the_last_day_of_the_fullest_run() -> None:
    # active: 1 in Jan-May 2020, 2 from June 2020 to June 2021 (o0 then o2 beside o1), 1 after
    G = _dated([("2020-01-01", "2020-12-31"), ("2020-06-01", "2021-06-30"), ("2021-01-01", "2022-12-31")])
    assert busiest_day(G) == date(2021, 6, 30)
    counts = {
        d: sum(1 for *_, e in G.edges(data=True) if active_on(e, d))
        for d in (date(2021, 6, 30), date(2021, 7, 1))
    }
    assert counts == {date(2021, 6, 30): 2, date(2021, 7, 1): 1}
    # an open end: the fullest run lasts to the end of the data
    assert busiest_day(
        _dated([("2020-01-01", None), ("2021-01-01", "2023-03-31"), ("2022-01-01", None)])
    ) == date(2023, 3, 31)
    assert busiest_day(_dated([(None, None)])) is None  # nothing dated


def test_bundled_busiest_day(bundled: nx.MultiDiGraph) -> None:
    day = busiest_day(bundled)
    assert day is not None
    active = sum(1 for *_, e in bundled.edges(data=True) if active_on(e, day))
    for other in (date(2024, 12, 31), date(2025, 12, 31), date(2027, 6, 30), date.today()):
        assert sum(1 for *_, e in bundled.edges(data=True) if active_on(e, other)) <= active


def test_series_counts_agree_with_shape_and_diff(bundled: nx.MultiDiGraph) -> None:
    days = [date(2024, 12, 31), date(2025, 6, 30), date(2027, 6, 30)]
    points = series_at(bundled, days)
    assert points[0].ties_added is None and points[0].ties_ended is None
    for point, day in zip(points, days, strict=True):
        form = shape(cooperation_at(bundled, day))
        assert (point.ties, point.components, point.largest_component, point.organisations_active) == (
            form.ties,
            form.components,
            form.largest_component,
            form.organisations_active,
        )
    d = diff(bundled, days[1], days[2])
    assert (points[2].ties_added, points[2].ties_ended) == (len(d.ties_added), len(d.ties_ended))
    assert points[2].ties - points[1].ties == points[2].ties_added - points[2].ties_ended
