"""Centralities checked against igraph on the same graphs."""

from __future__ import annotations

import json
import random

import igraph
import networkx as nx
import pytest

from partnermap.cooperation import cooperation_graph
from partnermap.graph import to_multigraph
from partnermap.metrics import MetricsError, to_jsonable
from partnermap.metrics.centrality import (
    betweenness,
    centralities,
    closeness,
    degree,
    eigenvector,
    pagerank,
    to_igraph,
    top,
    weighted_degree,
)
from partnermap.model import Dataset


def weighted_graph(seed: int, n: int = 50, m: int = 120, connected: bool = True) -> nx.Graph:
    G = (
        nx.connected_watts_strogatz_graph(n, 4, 0.3, seed=seed)
        if connected
        else nx.gnm_random_graph(n, m, seed=seed)
    )
    rng = random.Random(seed)
    for u, v in G.edges():
        G.edges[u, v]["weight"] = rng.choice([0.25, 0.5, 1.0, 2.0, 4.0])
    return G


GRAPHS = {
    "karate": nx.karate_club_graph(),
    "small-world": weighted_graph(1),
    "random": weighted_graph(2, connected=False),
}


def ig(G: nx.Graph) -> tuple[igraph.Graph, list[object]]:
    return to_igraph(G, "weight")


@pytest.mark.parametrize("name", list(GRAPHS))
def test_degrees_agree_with_igraph(name: str) -> None:
    G = GRAPHS[name]
    g, nodes = ig(G)
    assert [degree(G)[v] for v in nodes] == g.degree()
    assert [weighted_degree(G)[v] for v in nodes] == pytest.approx(g.strength(weights="weight"))


@pytest.mark.parametrize("name", list(GRAPHS))
def test_betweenness_agrees_with_igraph(name: str) -> None:
    G = GRAPHS[name]
    g, nodes = ig(G)
    n = G.number_of_nodes()
    expected = [b * 2 / ((n - 1) * (n - 2)) for b in g.betweenness(directed=False)]
    ours = betweenness(G, method="networkx")
    assert [ours[v] for v in nodes] == pytest.approx(expected, abs=1e-12)
    assert betweenness(G, method="igraph") == pytest.approx(ours)
    # weighted paths: length 1 / weight. Powers of two keep the lengths exact in binary, so
    # equally long paths compare equal in both libraries (networkx compares floats exactly).
    H = G.copy()
    for u, v in H.edges():
        H.edges[u, v]["weight"] = 2.0 ** ((u + v) % 4 - 1)
    g, nodes = ig(H)
    lengths = [1 / w for w in g.es["weight"]]
    expected_w = [b * 2 / ((n - 1) * (n - 2)) for b in g.betweenness(directed=False, weights=lengths)]
    ours_w = betweenness(H, method="networkx", weighted=True)
    assert [ours_w[v] for v in nodes] == pytest.approx(expected_w, abs=1e-12)


def test_sampled_betweenness_estimates_exact() -> None:
    G = weighted_graph(3, n=300)
    exact = betweenness(G, method="igraph")
    # with every node a pivot the "estimate" is exact
    assert betweenness(G, method="sampled", k=300) == pytest.approx(exact)
    estimate = betweenness(G, method="sampled", k=150, seed=4)
    assert estimate == betweenness(G, method="sampled", k=150, seed=4)
    top_exact = {v for v, _ in sorted(exact.items(), key=lambda kv: -kv[1])[:10]}
    top_estimate = {v for v, _ in sorted(estimate.items(), key=lambda kv: -kv[1])[:10]}
    assert len(top_exact & top_estimate) >= 6
    assert sum(estimate.values()) == pytest.approx(sum(exact.values()), rel=0.15)


@pytest.mark.parametrize("name", list(GRAPHS))
def test_closeness_agrees_with_igraph(name: str) -> None:
    G = GRAPHS[name]
    g, nodes = ig(G)
    n = G.number_of_nodes()
    # igraph: (r - 1) / sum of distances within the reach; Wasserman-Faust scales by (r - 1) / (n - 1)
    reach = {v: len(c) for c in g.connected_components() for v in c}
    raw = g.closeness(normalized=True)
    expected = [0.0 if reach[i] == 1 else raw[i] * (reach[i] - 1) / (n - 1) for i in range(n)]
    ours = closeness(G, method="networkx")
    assert [ours[v] for v in nodes] == pytest.approx(expected, abs=1e-12)
    assert closeness(G, method="igraph") == pytest.approx(ours)


def test_sampled_closeness_is_close() -> None:
    G = nx.disjoint_union(weighted_graph(5, n=400), nx.path_graph(3))
    exact = closeness(G, method="igraph")
    estimate = closeness(G, method="sampled", k=200, seed=2)
    errors = [abs(estimate[v] - exact[v]) / exact[v] for v in G if exact[v] > 0]
    assert sum(errors) / len(errors) < 0.05
    # the small component is computed exactly
    assert estimate[401] == pytest.approx(exact[401])


@pytest.mark.parametrize("name", ["karate", "small-world"])
def test_eigenvector_agrees_with_igraph(name: str) -> None:
    G = GRAPHS[name]
    g, nodes = ig(G)
    for weight in (None, "weight"):
        raw = g.eigenvector_centrality(scale=True, weights="weight" if weight else None)
        norm = sum(x * x for x in raw) ** 0.5
        ours = eigenvector(G, method="networkx", weight=weight)
        assert [ours[v] for v in nodes] == pytest.approx([x / norm for x in raw], abs=1e-6)
        assert eigenvector(G, method="igraph", weight=weight) == pytest.approx(ours, abs=1e-6)


@pytest.mark.parametrize("name", list(GRAPHS))
def test_pagerank_agrees_with_igraph(name: str) -> None:
    G = GRAPHS[name].copy()
    G.add_node("isolated")  # a dangling node spreads its rank evenly in both
    g, nodes = ig(G)
    for weight in (None, "weight"):
        expected = g.pagerank(damping=0.85, weights="weight" if weight else None, directed=False)
        ours = pagerank(G, method="networkx", weight=weight)
        assert [ours[v] for v in nodes] == pytest.approx(expected, abs=1e-9)
        assert sum(ours.values()) == pytest.approx(1.0)


def test_centralities_on_the_bundled_dataset(estonia: Dataset) -> None:
    C = cooperation_graph(to_multigraph(estonia.nodes, estonia.relations))
    rows = centralities(C)
    assert len(rows) == C.number_of_nodes()
    json.dumps(to_jsonable(rows), allow_nan=False)
    leaders = [r.node for r in top(rows, "weighted_degree", 3)]
    assert "org:elvl" in leaders
    assert top(rows, "betweenness", 1)[0].node == "org:elvl"


@pytest.mark.parametrize("method", ["networkx", "igraph", "sampled"])
@pytest.mark.parametrize("weighted_paths", [False, True])
def test_centralities_share_one_igraph_copy_with_the_same_results(method: str, weighted_paths: bool) -> None:
    # centralities converts the graph to igraph once for all four measures; each measure
    # alone converts it itself: the values must not differ (eigenvector up to ARPACK's
    # random start, which python-igraph draws from the random module)
    C = weighted_graph(3, n=60, m=150, connected=False)
    rows = {r.node: r for r in centralities(C, method=method, k=20, seed=2, weighted_paths=weighted_paths)}
    paths = {"method": method, "k": 20, "seed": 2, "weighted": weighted_paths}
    alone = {
        "betweenness": betweenness(C, **paths),
        "closeness": closeness(C, **paths),
        "eigenvector": eigenvector(C, method=method),
        "pagerank": pagerank(C, method=method),
    }
    for measure, values in alone.items():
        for node, value in values.items():
            assert getattr(rows[str(node)], measure) == pytest.approx(value, rel=1e-9, abs=1e-12), measure


def test_edge_cases_and_bad_input() -> None:
    lonely = nx.Graph()
    lonely.add_nodes_from(["a", "b"])
    assert eigenvector(lonely) == {"a": 0.0, "b": 0.0}
    assert closeness(lonely) == {"a": 0.0, "b": 0.0}
    assert pagerank(lonely) == pytest.approx({"a": 0.5, "b": 0.5})
    json.dumps(to_jsonable(centralities(lonely)), allow_nan=False)
    with pytest.raises(MetricsError, match="no organisations"):
        centralities(nx.Graph())
    with pytest.raises(MetricsError, match="unknown method"):
        betweenness(nx.path_graph(3), method="magic")  # type: ignore[arg-type]
    with pytest.raises(MetricsError, match="unknown centrality"):
        top([], "fame")
    zero = nx.Graph()
    zero.add_edge("a", "b", weight=0.0)
    with pytest.raises(MetricsError, match="weights > 0"):
        betweenness(zero, weighted=True)
    with pytest.raises(MetricsError, match="alpha"):
        pagerank(nx.path_graph(3), alpha=1.0)
