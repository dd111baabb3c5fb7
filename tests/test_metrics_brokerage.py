"""Gould-Fernandez roles against hand-worked examples; Burt's measures against networkx."""

from __future__ import annotations

import json
import math
import random
from itertools import combinations, permutations

import networkx as nx
import pytest

from partnermap.cooperation import cooperation_graph
from partnermap.graph import to_multigraph
from partnermap.metrics import MetricsError, to_jsonable
from partnermap.metrics.brokerage import (
    ROLES,
    constraint,
    effective_size,
    gould_fernandez,
    gould_fernandez_by_group,
    structural_holes,
)
from partnermap.model import Dataset


def roles(rows: list, node: str) -> dict[str, int]:
    row = next(r for r in rows if r.node == node)
    return {role: getattr(row, role) for role in ROLES}


def test_undirected_roles_by_hand() -> None:
    # b in group B brokers between a1, a2 (group A), c (group C) and b2 (group B).
    # Ties: a1-b, a2-b, c-b, b2-b, and a1-a2 (so a1 - b - a2 is closed: no brokerage).
    # b's open unordered two-paths and their roles (each counted in both directions):
    #   a1-b-c, a2-b-c          : three groups          -> liaison        2 x 2 = 4
    #   a1-b-b2, a2-b-b2        : a in A, b, b2 in B     -> gatekeeper (a -> b -> b2) 2 and
    #                                                      representative (b2 -> b -> a) 2
    #   c-b-b2                  : likewise               -> gatekeeper 1, representative 1
    #   a1-b-a2                 : closed (a1-a2 tied)    -> nothing
    # total 4 + 3 + 3 = 10; coordinator and itinerant 0.
    C = nx.Graph([("a1", "b"), ("a2", "b"), ("c", "b"), ("b2", "b"), ("a1", "a2")])
    nx.set_node_attributes(C, {"a1": "A", "a2": "A", "b": "B", "b2": "B", "c": "C"}, "sector")
    rows = gould_fernandez(C, "sector")
    assert roles(rows, "b") == {
        "coordinator": 0,
        "itinerant": 0,
        "representative": 3,
        "gatekeeper": 3,
        "liaison": 4,
    }
    assert rows[0].node == "b" and rows[0].total == 10
    # a1's only open two-path: b - a1 - ... none (a1's neighbours b and a2 are tied) -> 0
    assert sum(roles(rows, "a1").values()) == 0
    groups = {g.group: g for g in gould_fernandez_by_group(C, "sector")}
    assert groups["B"].total == 10 and groups["B"].brokers == 1 and groups["A"].brokers == 0


def test_coordinator_and_itinerant_by_hand() -> None:
    # x1 - y - x2 with x1, x2 in X and y in Y: itinerant (y brokers within X) 1 path x 2 directions.
    # x1 - x3 - x2 with all in X: coordinator, 2.
    C = nx.Graph([("x1", "y"), ("y", "x2"), ("x1", "x3"), ("x3", "x2")])
    nx.set_node_attributes(C, {"x1": "X", "x2": "X", "x3": "X", "y": "Y"}, "sector")
    rows = gould_fernandez(C, "sector")
    assert roles(rows, "y")["itinerant"] == 2 and roles(rows, "x3")["coordinator"] == 2
    # x1's neighbours y and x3 are not tied: y - x1 - x3 is x -> x -> y shaped:
    # y -> x1 -> x3 gatekeeper, x3 -> x1 -> y representative
    assert roles(rows, "x1") == {
        "coordinator": 0,
        "itinerant": 0,
        "representative": 1,
        "gatekeeper": 1,
        "liaison": 0,
    }


def test_directed_roles_by_hand() -> None:
    # a -> b -> c with a in A, b and c in B: gatekeeper (brings A's contact into B), once.
    # c -> b -> a would be representative, but those arcs do not exist.
    G = nx.DiGraph([("a", "b"), ("b", "c")])
    nx.set_node_attributes(G, {"a": "A", "b": "B", "c": "B"}, "sector")
    assert roles(gould_fernandez(G, "sector"), "b") == {
        "coordinator": 0,
        "itinerant": 0,
        "representative": 0,
        "gatekeeper": 1,
        "liaison": 0,
    }
    G.add_edge("a", "c")  # now a reaches c directly: the two-path is closed
    assert sum(roles(gould_fernandez(G, "sector"), "b").values()) == 0


def brute_force(C: nx.Graph, labels: dict) -> dict:
    """Every ordered open two-path, classified directly."""
    counts = {v: dict.fromkeys(ROLES, 0) for v in C}
    for b in C:
        for a, c in permutations(C[b], 2):
            if C.has_edge(a, c):
                continue
            ga, gb, gc = labels[a], labels[b], labels[c]
            if ga == gb == gc:
                role = "coordinator"
            elif ga == gc:
                role = "itinerant"
            elif ga == gb:
                role = "representative"
            elif gb == gc:
                role = "gatekeeper"
            else:
                role = "liaison"
            counts[b][role] += 1
    return counts


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_fast_counting_matches_brute_force(seed: int) -> None:
    C = nx.gnm_random_graph(40, 120, seed=seed)
    rng = random.Random(seed)
    labels = {v: f"g{rng.randrange(4)}" for v in C}
    nx.set_node_attributes(C, labels, "sector")
    expected = brute_force(C, labels)
    # as a directed graph with arcs both ways the directed path counter must agree too
    directed = gould_fernandez(C.to_directed(), "sector")
    for row in gould_fernandez(C, "sector"):
        assert {r: getattr(row, r) for r in ROLES} == expected[int(row.node)]
        assert row.representative == row.gatekeeper
    for row in directed:
        assert {r: getattr(row, r) for r in ROLES} == expected[int(row.node)]


@pytest.mark.parametrize("seed", [5, 6])
def test_fast_counting_in_cliques_skips_unlabelled_and_self_loops(seed: int) -> None:
    # overlapping cliques (as large networks make them), organisations without a group and
    # a self-loop: counted as the brute force counts the labelled graph without the loop
    rng = random.Random(seed)
    C = nx.Graph()
    for _ in range(6):
        C.add_edges_from(combinations(rng.sample(range(60), rng.randrange(3, 15)), 2))
    C.add_edge(3, 3)
    labels = {v: f"g{rng.randrange(3)}" for v in C if v % 7}
    nx.set_node_attributes(C, labels, "sector")
    plain = nx.Graph(C.subgraph(labels))
    plain.remove_edges_from(nx.selfloop_edges(plain))
    expected = brute_force(plain, labels)
    rows = gould_fernandez(C, "sector")
    assert {row.node for row in rows} == {str(v) for v in labels}
    for row in rows:
        assert {r: getattr(row, r) for r in ROLES} == expected[int(row.node)]


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("weight", [None, "weight"])
def test_burt_measures_agree_with_networkx(seed: int, weight: str | None) -> None:
    C = nx.gnm_random_graph(60, 200, seed=seed)
    C.add_node("isolated")
    rng = random.Random(seed)
    for u, v in C.edges():
        C.edges[u, v]["weight"] = rng.choice([0.5, 1.0, 3.0])
    for measure in (constraint, effective_size):
        ref = measure(C, weight=weight, method="networkx")
        fast = measure(C, weight=weight, method="fast")
        assert ref["isolated"] is None and fast["isolated"] is None  # networkx says NaN; we say None
        for v in C:
            if v != "isolated":
                assert fast[v] == pytest.approx(ref[v], rel=1e-9)


def test_structural_holes_by_hand() -> None:
    # A star centre with 3 unconnected leaves: effective size 3, efficiency 1,
    # constraint 3 x (1/3)^2 = 1/3. A leaf has one contact: constraint (1)^2 = 1.
    rows = {r.node: r for r in structural_holes(nx.star_graph(3), weight=None)}
    assert rows["0"].effective_size == 3.0 and rows["0"].efficiency == 1.0
    assert rows["0"].constraint == pytest.approx(1 / 3) and rows["1"].constraint == pytest.approx(1.0)


def test_brokerage_on_the_bundled_dataset(estonia: Dataset) -> None:
    C = cooperation_graph(to_multigraph(estonia.nodes, estonia.relations))
    rows = gould_fernandez(C, "sector")
    json.dumps(to_jsonable(rows), allow_nan=False)
    json.dumps(to_jsonable(structural_holes(C)), allow_nan=False)
    assert rows[0].total > 0
    by_county = gould_fernandez(C, "county")
    assert all(r.representative == r.gatekeeper for r in by_county)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("weight", [None, "weight"])
def test_networkx_path_gives_networkx_values(seed: int, weight: str | None) -> None:
    # the small-graph path computes networkx's formulas itself, each normaliser once:
    # the values must be networkx's (equal to the bit without scipy, where networkx sums
    # in the same order), with isolated organisations and self-loops
    rng = random.Random(seed)
    C = nx.gnm_random_graph(40, 110, seed=seed)
    for u, v in C.edges():
        C.edges[u, v]["weight"] = rng.choice([0.5, 1.0, 2.0, 1 / 3])
    C.add_edge(5, 5, weight=1.5)
    C.add_edge(41, 41, weight=2.0)  # only a self-loop: undefined, like an isolate
    C.add_node(42)
    expected = {
        "constraint": nx.constraint(C, weight=weight),
        "effective_size": nx.effective_size(C, weight=weight),
    }
    ours = {
        "constraint": constraint(C, weight=weight, method="networkx"),
        "effective_size": effective_size(C, weight=weight, method="networkx"),
    }
    for measure, values in expected.items():
        for node, value in values.items():
            if math.isnan(value):
                assert ours[measure][node] is None, (measure, node)
            else:
                assert ours[measure][node] == pytest.approx(value, rel=1e-12), (measure, node)


def test_bad_input() -> None:
    with pytest.raises(MetricsError, match="no organisations"):
        gould_fernandez(nx.Graph(), "sector")
    with pytest.raises(MetricsError, match="unknown attribute"):
        gould_fernandez(nx.path_graph(3), "sector")
    with pytest.raises(MetricsError, match="simple graph"):
        gould_fernandez(nx.MultiGraph([(1, 2)]), "sector")
    with pytest.raises(MetricsError, match="unknown method"):
        constraint(nx.path_graph(3), method="slow")  # type: ignore[arg-type]
    negative = nx.path_graph(4)
    nx.set_edge_attributes(negative, 1.0, "weight")
    negative.add_edge(0, 0, weight=-5.0)  # a self-loop's weight does not count
    negative.edges[2, 3]["weight"] = -1
    message = r"tie 2 - 3 has weight -1.0: Burt's measures need weights >= 0"
    with pytest.raises(MetricsError, match=message):
        structural_holes(negative, method="fast", top=2)  # igraph's constraint, then a few sizes
    with pytest.raises(MetricsError, match=message):
        effective_size(negative, method="fast")


def test_structural_holes_top_rows_match_the_full_table() -> None:
    C = nx.gnm_random_graph(80, 300, seed=9)
    for u, v in C.edges():
        C.edges[u, v]["weight"] = 1.0 + (u + v) % 3
    full = [r for r in structural_holes(C, method="networkx") if r.degree >= 2][:10]
    fast = structural_holes(C, method="fast", top=10, min_degree=2)
    assert [r.node for r in fast] == [r.node for r in full]
    for a, b in zip(fast, full, strict=True):
        assert a.constraint == pytest.approx(b.constraint) and a.effective_size == pytest.approx(
            b.effective_size
        )
