"""One meaning of time and place: every face of partnermap agrees with the graph layer.

"Active on a day" is :func:`partnermap.graph.active_on` (periods inclusive at both ends,
open ends unbounded, a network's ``status`` does not count) and "lies in an area" is
:func:`partnermap.graph.nodes_in_area`. Hypothesis generates small datasets - reference
counties and municipalities, organisations, networks of every status, projects with and
without periods, relations with optional, open-ended and one-day periods, organisations
located in several places - and a day, loads each into a real store (SQLite, and the
Neo4j dev server with fewer examples), and checks that these give the same sets:

* the graph definition on the models and on the snapshot's attributes;
* ``snapshot(store, as_of=day)``, :func:`~partnermap.graph.active_subgraph` of the full
  snapshot and :func:`~partnermap.graph.dataset_as_of` of the dataset; the store filters
  ``list_nodes``, ``list_relations`` and ``relations_of``;
* :func:`partnermap.metrics.temporal.at` and :func:`partnermap.maps.build.active_graph`;
* :func:`~partnermap.graph.filter_graph` by area, :func:`~partnermap.graph.home_areas`,
  an area map (:func:`partnermap.maps.build.ecosystem`) and a naive forward walk over the
  placements, against :func:`~partnermap.graph.nodes_in_area`;
* the GraphQL API of the real app over HTTP (``tests.test_api_support.serve``):
  organisations and networks by county or municipality as of the day, a county's and a
  municipality's organisations, projects and relations as of the day, and the bridges
  between two areas.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import networkx as nx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from partnermap import reference
from partnermap.graph import (
    active_on,
    active_subgraph,
    dataset_as_of,
    filter_graph,
    home_areas,
    nodes_in_area,
    snapshot,
    state_on,
    to_multigraph,
)
from partnermap.maps import build
from partnermap.metrics.temporal import at, cooperation_at
from partnermap.model import (
    County,
    Dataset,
    Municipality,
    Network,
    Node,
    Organisation,
    Project,
    Relation,
    TargetGroup,
)
from partnermap.store.base import Direction, Store
from tests.test_api_support import Api, serve, settings_for

SRC = ["test.txt#1"]
DAY0 = date(2024, 3, 1)
SPAN = 6
"""Periods end on days DAY0 .. DAY0 + SPAN: a small range, so that ends often meet the day."""

COUNTIES = {c.id: c for c in reference.counties()}
MUNICIPALITIES = {m.id: m for m in reference.municipalities()}
AREA_KINDS = {"county", "municipality"}
ALL_KINDS = ("county", "municipality", "organisation", "network", "project", "target_group")


# --------------------------------------------------------------------------- datasets


def _day(offset: int) -> date:
    return DAY0 + timedelta(days=offset)


ends = st.none() | st.integers(0, SPAN).map(_day)


@st.composite
def periods(draw: st.DrawFn) -> tuple[date | None, date | None]:
    """An optional start and end, start <= end; one-day periods come up often."""
    start, end = draw(ends), draw(ends)
    if start is not None and end is not None and end < start:
        start, end = end, start
    return start, end


days = st.integers(-1, SPAN + 1).map(_day)


def _rel(kind: str, source: str, target: str, span: tuple[date | None, date | None], n: int) -> Relation:
    # an explicit id, so that one pair may have several relations of a kind (ended, begun again)
    return Relation(
        id=f"{source}>{kind}>{target}~{n}",
        kind=kind,
        source=source,
        target=target,
        valid_from=span[0],
        valid_to=span[1],
        sources=SRC,
    )


@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    county_ids = draw(st.lists(st.sampled_from(sorted(COUNTIES)), min_size=1, max_size=3, unique=True))
    towns: list[Municipality] = []
    for county in county_ids:
        own = sorted(m.id for m in MUNICIPALITIES.values() if m.county == county)
        towns += [MUNICIPALITIES[m] for m in draw(st.lists(st.sampled_from(own), max_size=2, unique=True))]
    areas = county_ids + [m.id for m in towns]
    orgs = [
        Organisation(id=f"org:o{i}", name=f"Org {i}", org_kind="ngo", sector="non_profit", sources=SRC)
        for i in range(draw(st.integers(1, 5)))
    ]
    networks = [
        Network(id=f"network:n{i}", name=f"Net {i}", status=status, sources=SRC)
        for i, status in enumerate(
            draw(st.lists(st.sampled_from(["planned", "active", "ended"]), max_size=2))
        )
    ]
    projects = []
    for i, (start, end) in enumerate(draw(st.lists(periods(), max_size=3))):
        projects.append(
            Project(
                id=f"project:p{i}",
                name=f"Proj {i}",
                project_kind="project",
                start=start,
                end=end,
                sources=SRC,
            )
        )
    targets = [TargetGroup(id="target:t0", name="Target", sources=SRC)] if draw(st.booleans()) else []
    nodes: list[Node] = [*(COUNTIES[c] for c in county_ids), *towns, *orgs, *networks, *projects, *targets]

    relations: list[Relation] = []
    for town in towns:  # the administrative division, as the reference data give it - or dated, or missing
        how = draw(st.sampled_from(["reference", "reference", "dated", "missing"]))
        if how == "reference":
            relations.append(Relation(kind="located_in", source=town.id, target=town.county, sources=SRC))
        elif how == "dated":
            relations.append(_rel("located_in", town.id, town.county, draw(periods()), 0))
    org_ids, net_ids = [o.id for o in orgs], [n.id for n in networks]
    proj_ids = [p.id for p in projects]
    for node in org_ids + net_ids:  # none, one or several places, each for a period
        for n, place in enumerate(draw(st.lists(st.sampled_from(areas), max_size=2))):
            relations.append(_rel("located_in", node, place, draw(periods()), n))
    ties: list[tuple[str, list[str], list[str]]] = [
        ("member_of", org_ids, net_ids),
        ("partner_in", org_ids, proj_ids),
        ("funds", org_ids, org_ids + proj_ids + net_ids),
        ("party_to", org_ids, org_ids),
        ("part_of", proj_ids, proj_ids + net_ids),
        ("targets", proj_ids + net_ids, [t.id for t in targets]),
    ]
    usable = [t for t in ties if t[1] and t[2]]
    if usable:
        for n in range(draw(st.integers(0, 10))):
            kind, sources, targets_ = draw(st.sampled_from(usable))
            source, target = draw(st.sampled_from(sources)), draw(st.sampled_from(targets_))
            if source != target:
                relations.append(_rel(kind, source, target, draw(periods()), n))
    return Dataset(nodes=nodes, relations=relations)


def _tricky_homes() -> Dataset:
    """An organisation in two municipalities of two counties (one ending the day the
    other begins) and, for one day, directly in a third county; a municipality whose link
    to its county is dated, one whose link is missing."""
    tallinn, tartu = MUNICIPALITIES["municipality:tallinn"], MUNICIPALITIES["municipality:tartu-linn"]
    voru_town = MUNICIPALITIES["municipality:voru-linn"]
    nodes: list[Node] = [
        *(COUNTIES[c] for c in ("county:harju", "county:tartu", "county:voru")),
        tallinn,
        tartu,
        voru_town,
        Organisation(id="org:o0", name="Mover", org_kind="ngo", sector="non_profit", sources=SRC),
        Organisation(id="org:o1", name="Stayer", org_kind="ngo", sector="non_profit", sources=SRC),
        Network(id="network:n0", name="Net", sources=SRC),
    ]
    d = _day
    relations = [
        Relation(kind="located_in", source=tallinn.id, target="county:harju", sources=SRC),
        _rel("located_in", tartu.id, "county:tartu", (d(0), d(2)), 0),
        _rel("located_in", "org:o0", tallinn.id, (None, d(3)), 0),
        _rel("located_in", "org:o0", tartu.id, (d(3), None), 1),
        _rel("located_in", "org:o0", "county:voru", (d(3), d(3)), 2),
        _rel("located_in", "org:o1", voru_town.id, (None, None), 0),
        _rel("located_in", "network:n0", tartu.id, (d(1), d(4)), 0),
        _rel("member_of", "org:o0", "network:n0", (d(2), d(3)), 0),
        _rel("member_of", "org:o1", "network:n0", (d(3), None), 0),
        _rel("party_to", "org:o0", "org:o1", (d(3), d(3)), 0),
    ]
    return Dataset(nodes=nodes, relations=relations)


def _tricky_ends() -> Dataset:
    """A network whose status says ended, with a membership still open; one-day and
    open-ended projects; relations to a project outside the project's own period."""
    d = _day
    nodes: list[Node] = [
        COUNTIES["county:hiiu"],
        MUNICIPALITIES["municipality:hiiumaa-vald"],
        Organisation(id="org:o0", name="A", org_kind="ngo", sector="non_profit", sources=SRC),
        Organisation(id="org:o1", name="B", org_kind="ngo", sector="non_profit", sources=SRC),
        Network(id="network:n0", name="Gone", status="ended", sources=SRC),
        Network(id="network:n1", name="Soon", status="planned", sources=SRC),
        Project(id="project:p0", name="One day", project_kind="project", start=d(3), end=d(3), sources=SRC),
        Project(id="project:p1", name="Open", project_kind="project", end=d(2), sources=SRC),
        Project(id="project:p2", name="Later", project_kind="call", start=d(4), sources=SRC),
    ]
    relations = [
        Relation(kind="located_in", source="municipality:hiiumaa-vald", target="county:hiiu", sources=SRC),
        _rel("located_in", "org:o0", "municipality:hiiumaa-vald", (None, None), 0),
        _rel("located_in", "network:n0", "county:hiiu", (None, d(3)), 0),
        _rel("member_of", "org:o0", "network:n0", (d(1), None), 0),
        _rel("member_of", "org:o1", "network:n0", (None, d(3)), 0),
        _rel("member_of", "org:o1", "network:n1", (d(3), d(3)), 0),
        _rel("partner_in", "org:o0", "project:p0", (None, None), 0),
        _rel("partner_in", "org:o1", "project:p0", (d(3), d(3)), 0),
        _rel("partner_in", "org:o1", "project:p1", (d(1), d(5)), 0),
        _rel("funds", "org:o0", "project:p2", (None, None), 0),
        _rel("part_of", "project:p0", "project:p2", (d(3), None), 0),
    ]
    return Dataset(nodes=nodes, relations=relations)


# --------------------------------------------------------------------------- the faces


def _edges(G: nx.MultiDiGraph) -> set[str]:
    return {str(k) for _, _, k in G.edges(keys=True)}


def _same(G: nx.MultiDiGraph, H: nx.MultiDiGraph, what: str) -> None:
    assert set(G) == set(H), what
    assert _edges(G) == _edges(H), what


def _naive_areas(G: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Each node's areas by a forward walk over its placements (located_in edges to an
    area, a municipality's county field): independent of nodes_in_area's backward walk."""

    def up(node: str) -> Iterator[str]:
        for _, target, data in G.out_edges(node, data=True):
            if data["kind"] == "located_in" and G.nodes[target]["kind"] in AREA_KINDS:
                yield target
        if G.nodes[node]["kind"] == "municipality" and G.nodes[node].get("county") in G:
            yield G.nodes[node]["county"]

    out: dict[str, set[str]] = {}
    for node in G:
        seen = {node} if G.nodes[node]["kind"] in AREA_KINDS else set()
        stack = list(up(node))
        while stack:
            place = stack.pop()
            if place not in seen:
                seen.add(place)
                stack.extend(up(place))
        out[node] = seen
    return out


def check_time(store: Store, ds: Dataset, day: date) -> nx.MultiDiGraph:
    """Every face of "active on ``day``" against the graph definition; returns the day's graph."""
    full = snapshot(store)
    for node in ds.nodes:
        attrs = full.nodes[node.id]
        assert active_on(node, day) == active_on(attrs, day) == node.active_on(day), node.id
        assert (state_on(attrs, day) == "active") == active_on(attrs, day)
    by_id = {str(k): d for _, _, k, d in full.edges(keys=True, data=True)}
    for rel in ds.relations:
        assert active_on(rel, day) == active_on(by_id[rel.id], day) == rel.active_on(day), rel.id
        assert (state_on(by_id[rel.id], day) == "active") == active_on(rel, day)
    if any(n.kind == "network" for n in ds.nodes):
        assert all(active_on(n, day) for n in ds.nodes if n.kind == "network"), "status does not count"

    expected = active_subgraph(full, day)
    nodes_on = {n.id for n in ds.nodes if active_on(n, day)}
    rels_on = {r.id for r in ds.relations if active_on(r, day)}
    assert set(expected) == nodes_on
    ends_on = {
        r.id for r in ds.relations if r.id in rels_on and r.source in nodes_on and r.target in nodes_on
    }
    assert _edges(expected) == ends_on
    assert expected.graph["as_of"] == day.isoformat()
    kept = dataset_as_of(ds, day)
    assert {n.id for n in kept.nodes} == nodes_on and {r.id for r in kept.relations} == ends_on

    dated = snapshot(store, as_of=day)
    _same(dated, expected, "snapshot(store, as_of=day)")
    assert dated.graph["as_of"] == day.isoformat()
    _same(at(full, day, strict=False), expected, "metrics.temporal.at")
    _same(build.active_graph(full, day), expected, "maps active_graph")

    # the store filters judge a relation by its own period, whatever its ends
    assert {n.id for n in store.list_nodes(as_of=day)} == nodes_on
    assert {r.id for r in store.list_relations(as_of=day)} == rels_on
    ids = sorted({n.id for n in ds.nodes if n.kind not in AREA_KINDS})[::2] + [
        n.id for n in ds.nodes if n.kind in AREA_KINDS
    ]
    picks: dict[Direction, Callable[[Relation], bool]] = {
        "out": lambda r: r.source in ids,
        "in": lambda r: r.target in ids,
        "both": lambda r: r.source in ids or r.target in ids,
    }
    for direction, pick in picks.items():
        found = store.relations_of(ids, direction=direction, as_of=day)
        assert {r.id for r in found} == {r for r in rels_on if pick(_rel_by_id(ds, r))}, direction
    return expected


def _rel_by_id(ds: Dataset, rel_id: str) -> Relation:
    return next(r for r in ds.relations if r.id == rel_id)


def check_place(G: nx.MultiDiGraph, day: date | None) -> dict[str, set[str]]:
    """Every face of "lies in" on the snapshot ``G`` (as of ``day``); returns what lies in each area."""
    naive = _naive_areas(G)
    homes = home_areas(G)
    homeless = {n for n, home in homes.items() if home == (None, None)}
    inside: dict[str, set[str]] = {}
    for area in sorted(n for n, d in G.nodes(data=True) if d["kind"] in AREA_KINDS):
        members = inside[area] = nodes_in_area(G, area)
        assert members == {n for n, places in naive.items() if area in places}, area
        kept = set(filter_graph(G, area=area))
        attached = {o for n in members for o in nx.all_neighbors(G, n) if o in homeless}
        assert kept == members | attached, area
        shown = build.ecosystem(G, as_of=day, show_ended=False, kinds=ALL_KINDS, area=area).nodes
        orgs = {n for n in members if G.nodes[n]["kind"] == "organisation"}
        assert {n for n, item in shown.items() if item.kind == "organisation"} == orgs, area
    for node, (municipality, county) in homes.items():
        assert municipality is None or node in inside[municipality]
        assert county is None or county not in G or node in inside[county]
        assert ((municipality, county) == (None, None)) == (not naive[node]), node
    return inside


API_QUERY = """query($a: ID!, $day: Date) {
  orgs: organisations(filter: {FIELD: $a, asOf: $day}, first: 100) { nodes { id } }
  nets: networks(filter: {FIELD: $a, asOf: $day}, first: 100) { nodes { id } }
  area: FIELD(id: $a) { organisations(asOf: $day) { id } networks(asOf: $day) { id } }
  projects(filter: {asOf: $day}, first: 100) { nodes { id } }
  relations(filter: {asOf: $day}, first: 100) { totalCount nodes { id } }
}"""

BRIDGES = """query($a: ID!, $b: ID!, $day: Date) {
  bridges(from: $a, to: $b, asOf: $day) { ties { from { id } to { id } } }
}"""


async def _check_api(
    api: Api, ds: Dataset, full: nx.MultiDiGraph, day: date | None, areas: list[str]
) -> None:
    G = full if day is None else active_subgraph(full, day)
    iso = None if day is None else day.isoformat()
    rels = {r.id for r in ds.relations if day is None or active_on(r, day)}
    projects = {n.id for n in ds.nodes if n.kind == "project" and (day is None or active_on(n, day))}
    for area in areas:
        field = str(G.nodes[area]["kind"])
        data = await api.gql(API_QUERY.replace("FIELD", field), {"a": area, "day": iso})
        members = nodes_in_area(G, area)
        orgs = {n for n in members if G.nodes[n]["kind"] == "organisation"}
        nets = {n for n in members if G.nodes[n]["kind"] == "network"}
        assert {n["id"] for n in data["orgs"]["nodes"]} == orgs, (area, iso)
        assert {n["id"] for n in data["nets"]["nodes"]} == nets, (area, iso)
        assert {n["id"] for n in data["area"]["organisations"]} == orgs, (area, iso)
        assert {n["id"] for n in data["area"]["networks"]} == nets, (area, iso)
        assert {n["id"] for n in data["projects"]["nodes"]} == projects
        assert {n["id"] for n in data["relations"]["nodes"]} == rels
        assert data["relations"]["totalCount"] == len(rels)
    if len(areas) >= 2:
        a, b = areas[0], areas[-1]
        C = cooperation_at(full, day, strict=False)
        first = {n for n in nodes_in_area(G, a) if n in C}
        second = {n for n in nodes_in_area(G, b) if n in C}
        data = await api.gql(BRIDGES, {"a": a, "b": b, "day": iso})
        ties = {(t["from"]["id"], t["to"]["id"]) for t in data["bridges"]["ties"]}
        assert ties == {(u, v) for u in first for v in C[u] if v in second}, (a, b, iso)


def check_api(store: Store, store_url: str, ds: Dataset, day: date | None, areas: list[str]) -> None:
    """The real app over ``store``, queried over HTTP: its lists by area and as of ``day``
    against the graph definition."""

    async def run() -> None:
        async for api in serve(settings_for(store_url), store):
            await _check_api(api, ds, snapshot(store), day, areas)

    # a loop of its own in a thread of its own: an async test run before may leave this
    # thread's event loop marked as running
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, run()).result()


# --------------------------------------------------------------------------- the tests

TRICKY = [(_tricky_homes(), _day(d)) for d in (2, 3, 4)] + [(_tricky_ends(), _day(d)) for d in (2, 3, 4)]


def _load(store: Store, ds: Dataset) -> None:
    store.clear()
    store.load(ds)


@pytest.mark.parametrize(("ds", "day"), TRICKY, ids=[f"{i // 3}-{d.day}" for i, (_, d) in enumerate(TRICKY)])
def test_tricky_datasets_agree_in_every_store(store: Store, store_url: str, ds: Dataset, day: date) -> None:
    """Fixed datasets whose ends meet the day, in SQLite and in Neo4j: every face agrees."""
    _load(store, ds)
    G = check_time(store, ds, day)
    check_place(G, day)
    check_place(snapshot(store), None)
    areas = sorted(n.id for n in ds.nodes if n.kind in AREA_KINDS)
    check_api(store, store_url, ds, day, areas)
    check_api(store, store_url, ds, None, areas)


def test_what_the_tricky_datasets_say() -> None:
    """The definitions on the tricky datasets, by hand."""
    ds = _tricky_ends()
    G = active_subgraph(nx.MultiDiGraph(), _day(3))
    assert G.number_of_nodes() == 0
    full = to_multigraph(ds.nodes, ds.relations)
    on = active_subgraph(full, _day(3))
    assert "network:n0" in on  # its status says ended; its memberships say it was at work
    assert {"project:p0"} == {n for n in on if n.startswith("project:")}
    assert on.has_edge("org:o1", "project:p0") and on.has_edge("org:o1", "network:n0")
    after = active_subgraph(full, _day(4))
    assert not after.has_edge("org:o1", "network:n0") and "project:p2" in after
    assert not after.has_edge("project:p0", "project:p2")  # the relation holds, its source has ended
    homes = to_multigraph(_tricky_homes().nodes, _tricky_homes().relations)
    day3 = active_subgraph(homes, _day(3))
    for area in (
        "municipality:tallinn",
        "municipality:tartu-linn",
        "county:harju",
        "county:tartu",
        "county:voru",
    ):
        assert "org:o0" in nodes_in_area(day3, area), area
    assert "org:o0" not in nodes_in_area(active_subgraph(homes, _day(4)), "county:harju")
    assert "municipality:tartu-linn" in nodes_in_area(active_subgraph(homes, _day(5)), "county:tartu")
    assert home_areas(day3)["org:o0"] == ("municipality:tallinn", "county:harju")


def test_generated_datasets_agree_in_every_store(store: Store, store_url: str, backend: str) -> None:
    """Generated datasets and days: every face returns the same sets (fewer examples in Neo4j)."""

    @settings(
        max_examples=40 if backend == "sqlite" else 8,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(ds=datasets(), day=days, undated=st.booleans())
    @example(ds=_tricky_homes(), day=_day(3), undated=False)
    @example(ds=_tricky_ends(), day=_day(3), undated=True)
    def agree(ds: Dataset, day: date, undated: bool) -> None:
        _load(store, ds)
        G = check_time(store, ds, day)
        check_place(G, day)
        check_place(snapshot(store), None)
        areas = sorted(n.id for n in ds.nodes if n.kind in AREA_KINDS)
        check_api(store, store_url, ds, None if undated else day, sorted({areas[0], areas[-1]}))

    agree()


def test_the_model_primitive_is_the_graph_rule() -> None:
    """The model's active_on and the graph's are one rule: same answers on the same days."""
    d = _day
    rel = Relation(
        kind="member_of", source="org:a", target="network:b", valid_from=d(1), valid_to=d(1), sources=SRC
    )
    project = Project(id="project:p", name="P", project_kind="call", start=d(1), sources=SRC)
    county: County = COUNTIES["county:harju"]
    for offset in range(-1, 3):
        day = d(offset)
        assert active_on(rel, day) == rel.active_on(day) == (offset == 1)
        assert active_on(project, day) == project.active_on(day) == (offset >= 1)
        assert active_on(county, day) and county.active_on(day)
        attrs = rel.model_dump(mode="json")
        assert active_on(attrs, day) == active_on(rel, day)
    with pytest.raises(ValueError, match="neither a node kind nor a relation kind"):
        active_on({"kind": "friendship"}, d(0))


def test_ending_is_one_rule_for_models_and_snapshot_edges() -> None:
    from partnermap.summary import ending

    def rel(n: int, valid_to: date | None) -> Relation:
        return Relation(id=f"r{n}", kind="party_to", source="org:a", target="org:b", valid_to=valid_to,
                        sources=["a#b"])  # fmt: skip

    day = date(2025, 6, 1)
    rels = [rel(1, day + timedelta(days=30)), rel(2, day), rel(3, day - timedelta(days=1)), rel(4, None),
            rel(5, day + timedelta(days=31)), rel(0, day + timedelta(days=30))]  # fmt: skip
    window = ending(rels, day, day + timedelta(days=30))
    assert [r.id for r in window] == ["r2", "r0", "r1"]  # both ends included, soonest first, then by id
    edges = [{"id": r.id, **r.model_dump(mode="json", exclude={"id"})} for r in rels]
    assert [e["id"] for e in ending(edges, day, day + timedelta(days=30))] == ["r2", "r0", "r1"]
