"""The graph layer: snapshots as networkx multigraphs, as of a date, by kind or area."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import networkx as nx
import pytest

from partnermap.datasets import read_with_reference, with_reference
from partnermap.graph import (
    active_on,
    active_subgraph,
    dataset_as_of,
    filter_graph,
    home_areas,
    nodes_in_area,
    period,
    relations_by_node,
    snapshot,
    state_on,
    store_nodes_in_area,
    to_multigraph,
)
from partnermap.model import Dataset, Organisation, Relation, RelationKind
from partnermap.store.base import Store

DATA = Path(__file__).parent / "data"


@pytest.fixture
def small_store(store: Store) -> Store:
    store.load(read_with_reference(DATA / "small.yaml"))
    return store


def test_snapshot_holds_every_node_and_relation(small_store: Store) -> None:
    G = snapshot(small_store)
    assert isinstance(G, nx.MultiDiGraph)
    assert G.number_of_nodes() == small_store.count_nodes()
    assert G.number_of_edges() == small_store.count_relations()
    key = "org:tallinna-linnavalitsus>party_to>org:elvl"
    edge = G.edges["org:tallinna-linnavalitsus", "org:elvl", key]
    assert edge["valid_from"] == "2023-03-01" and edge["agreement"] == "partnerlusleping"
    assert G.nodes["org:elvl"]["kind"] == "organisation"
    assert G.nodes["org:elvl"]["sources"] == [{"document": "test.txt", "section": "1"}]


def test_snapshot_as_of_drops_ended_relations_and_projects(small_store: Store) -> None:
    G = snapshot(small_store, as_of=date(2026, 1, 1))
    assert "project:tat-2025" not in G
    assert not G.has_edge("org:tallinna-linnavalitsus", "org:elvl")
    assert G.has_edge("org:tallinna-linnavalitsus", "network:koordinaatorid")
    assert G.graph["as_of"] == "2026-01-01"
    early = snapshot(small_store, as_of=date(2023, 1, 1))
    assert not early.has_edge("org:tallinna-linnavalitsus", "network:koordinaatorid")
    assert early.has_edge("org:elvl", "network:koordinaatorid")


def test_filter_by_kind(small_store: Store) -> None:
    G = snapshot(small_store, kinds=["organisation", "network"])
    assert set(G) == {"org:tallinna-linnavalitsus", "org:elvl", "network:koordinaatorid"}
    assert G.number_of_edges() == 3  # two memberships and the agreement


def test_filter_by_area(small_store: Store) -> None:
    G = snapshot(small_store)
    harju = filter_graph(G, area="county:harju")
    assert "municipality:tallinn" in harju and "municipality:keila-linn" in harju
    assert "org:tallinna-linnavalitsus" in harju
    # homeless nodes tied to something in the area come along; unrelated areas do not
    assert "network:koordinaatorid" in harju and "project:tat-2025" in harju
    assert "municipality:tartu-linn" not in harju
    assert "org:elvl" in harju  # national body with an agreement in the area
    tartu = filter_graph(G, area="county:tartu")
    assert "org:tallinna-linnavalitsus" not in tartu and "network:koordinaatorid" not in tartu
    town = filter_graph(G, area="municipality:tallinn")
    assert {"municipality:tallinn", "org:tallinna-linnavalitsus"} <= set(town)
    with pytest.raises(ValueError, match="not a county or municipality"):
        filter_graph(G, area="org:elvl")


def test_home_areas(small_store: Store) -> None:
    homes = home_areas(snapshot(small_store))
    assert homes["org:tallinna-linnavalitsus"] == ("municipality:tallinn", "county:harju")
    assert homes["org:elvl"] == (None, None)
    assert homes["municipality:narva-linn"] == ("municipality:narva-linn", "county:ida-viru")
    assert homes["county:voru"] == (None, "county:voru")


# --------------------------------------------------------------------------- time and place


def _two_homes() -> nx.MultiDiGraph:
    """An organisation in Tallinn until 2024, in Tartu from 2025, and a county-wide body."""
    src = ["test.txt#1"]
    org = Organisation(id="org:mover", name="Mover", org_kind="ngo", sector="non_profit", sources=src)
    wide = Organisation(id="org:wide", name="Wide", org_kind="ngo", sector="non_profit", sources=src)
    relations = [
        Relation(
            kind="located_in",
            source=org.id,
            target="municipality:tallinn",
            valid_to="2024-12-31",
            sources=src,
        ),
        Relation(
            kind="located_in",
            source=org.id,
            target="municipality:tartu-linn",
            valid_from="2025-01-01",
            sources=src,
        ),
        Relation(kind="located_in", source=wide.id, target="county:voru", sources=src),
    ]
    ds = with_reference(Dataset(nodes=[org, wide], relations=relations))
    return to_multigraph(ds.nodes, ds.relations)


def test_a_node_located_in_two_places_lies_in_both_and_has_one_home() -> None:
    G = _two_homes()
    for area in ("municipality:tallinn", "county:harju", "municipality:tartu-linn", "county:tartu"):
        assert "org:mover" in nodes_in_area(G, area), area
        assert "org:mover" in filter_graph(G, area=area), area
    assert home_areas(G)["org:mover"] == ("municipality:tallinn", "county:harju")  # the first by id
    later = active_subgraph(G, date(2025, 1, 1))
    assert "org:mover" not in nodes_in_area(later, "county:harju")
    assert "org:mover" in nodes_in_area(later, "county:tartu")
    assert home_areas(later)["org:mover"] == ("municipality:tartu-linn", "county:tartu")
    # a county holds itself, its municipalities (by their county field) and what lies in them
    voru = nodes_in_area(G, "county:voru")
    assert {"county:voru", "municipality:voru-linn", "org:wide"} <= voru
    assert "org:mover" not in voru
    with pytest.raises(ValueError, match="not a county or municipality"):
        nodes_in_area(G, "org:mover")


def test_active_on_reads_models_and_snapshot_attributes_alike(small_store: Store) -> None:
    G = snapshot(small_store)
    dataset = small_store.dump()
    for day in (date(2023, 1, 1), date(2025, 12, 31), date(2026, 1, 1)):
        for node in dataset.nodes:
            assert active_on(node, day) == active_on(G.nodes[node.id], day) == node.active_on(day)
        for rel in dataset.relations:
            attrs = G.edges[rel.source, rel.target, rel.id]
            assert active_on(rel, day) == active_on(attrs, day) == rel.active_on(day)
        H = snapshot(small_store, as_of=day)
        expected = active_subgraph(G, day)
        assert set(H) == set(expected) and set(H.edges(keys=True)) == set(expected.edges(keys=True))
        part = dataset_as_of(dataset, day)
        assert {n.id for n in part.nodes} == set(H)
        assert {r.id for r in part.relations} == {k for *_, k in H.edges(keys=True)}


def test_a_network_status_does_not_say_when() -> None:
    ended = {"kind": "network", "status": "ended"}
    assert period(ended) == (None, None)
    assert active_on(ended, date(1990, 1, 1)) and active_on(ended, date(2100, 1, 1))
    one_day = {"kind": "member_of", "valid_from": "2025-01-01", "valid_to": "2025-01-01"}
    assert [state_on(one_day, date(2025, 1, d)) for d in (1, 2)] == ["active", "ended"]
    assert state_on(one_day, date(2024, 12, 31)) == "future"


def test_store_nodes_in_area_agree_with_the_snapshot(loaded: Store) -> None:
    for day in (None, date(2025, 6, 1)):
        G = snapshot(loaded, as_of=day)
        for area in ("county:harju", "county:ida-viru", "municipality:tallinn", "municipality:narva-linn"):
            assert store_nodes_in_area(loaded, area, day) == nodes_in_area(G, area), (area, day)
    assert store_nodes_in_area(loaded, "org:elvl") == {"org:elvl"}  # no area: holds only itself


def test_relations_by_node_from_one_store_call(small_store: Store) -> None:
    ids = ["org:elvl", "org:tallinna-linnavalitsus", "org:elvl", "org:nowhere"]
    both = relations_by_node(small_store, ids)
    assert (
        list(both) == ["org:elvl", "org:tallinna-linnavalitsus", "org:nowhere"] and both["org:nowhere"] == []
    )
    for node_id, rels in both.items():
        assert [r.id for r in rels] == sorted(r.id for r in rels)
        assert all(node_id in (r.source, r.target) for r in rels)
    out = relations_by_node(small_store, ids, RelationKind.PARTY_TO, "out")
    assert all(r.source == "org:tallinna-linnavalitsus" for r in out["org:tallinna-linnavalitsus"])
    assert out["org:tallinna-linnavalitsus"] and not out["org:elvl"]
    inward = relations_by_node(small_store, ["org:elvl"], RelationKind.PARTY_TO, "in")
    assert [r.id for r in inward["org:elvl"]] == [r.id for r in out["org:tallinna-linnavalitsus"]]
