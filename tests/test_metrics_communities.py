"""Communities: modularity and partition agreement checked against igraph."""

from __future__ import annotations

import json
import random

import igraph
import networkx as nx
import pytest

from partnermap.cooperation import cooperation_graph
from partnermap.graph import to_multigraph
from partnermap.metrics import MetricsError, to_jsonable
from partnermap.metrics.centrality import to_igraph
from partnermap.metrics.communities import (
    adjusted_rand_index,
    communities_vs_areas,
    compare_partitions,
    louvain,
    modularity,
    normalized_mutual_information,
)
from partnermap.model import Dataset


def planted(seed: int) -> nx.Graph:
    G = nx.planted_partition_graph(4, 15, 0.5, 0.03, seed=seed)
    rng = random.Random(seed)
    for u, v in G.edges():
        G.edges[u, v]["weight"] = rng.choice([0.5, 1.0, 2.0])
    for v in G:
        G.nodes[v]["home_county"] = f"county:{v // 15}"
    return G


@pytest.mark.parametrize("seed", [1, 2])
def test_modularity_agrees_with_igraph(seed: int) -> None:
    G = planted(seed)
    parts = louvain(G, seed=seed)
    g, nodes = to_igraph(G, "weight")
    membership = [0] * len(nodes)
    for i, part in enumerate(parts):
        for member in part:
            membership[nodes.index(int(member))] = i
    for weight in ("weight", None):
        expected = g.modularity(membership, weights="weight" if weight else None)
        assert modularity(G, parts, weight=weight) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_nmi_and_ari_agree_with_igraph(seed: int) -> None:
    rng = random.Random(seed)
    a = [rng.randrange(4) for _ in range(50)]
    b = [x if rng.random() < 0.6 else rng.randrange(5) for x in a]
    sa, sb = [str(x) for x in a], [str(x) for x in b]
    assert normalized_mutual_information(sa, sb) == pytest.approx(
        igraph.compare_communities(a, b, method="nmi")
    )
    assert adjusted_rand_index(sa, sb) == pytest.approx(
        igraph.compare_communities(a, b, method="adjusted_rand")
    )


def test_louvain_is_seeded_in_both_engines() -> None:
    G = planted(7)
    assert louvain(G, seed=3) == louvain(G, seed=3)
    assert louvain(G, seed=3, method="igraph") == louvain(G, seed=3, method="igraph")
    state = random.getstate()
    louvain(G, seed=3, method="igraph")
    assert random.getstate() == state  # the caller's random state is left alone


def test_planted_communities_follow_the_planted_counties() -> None:
    r = communities_vs_areas(planted(1), seed=1)
    assert r.agreement.nmi > 0.9 and r.agreement.adjusted_rand > 0.9
    assert r.modularity >= r.area_modularity - 1e-9
    json.dumps(to_jsonable(r), allow_nan=False)


def test_trivial_partitions_do_not_divide_by_zero() -> None:
    assert normalized_mutual_information(["x", "x"], ["y", "y"]) == 1.0
    assert adjusted_rand_index(["x", "x"], ["y", "y"]) == 1.0
    assert compare_partitions({1: "a", 2: "b"}, {1: "c", 2: "d"}).adjusted_rand == 1.0
    with pytest.raises(MetricsError, match="fewer than two"):
        compare_partitions({1: "a"}, {1: "b"})


def test_bundled_dataset_communities(estonia: Dataset) -> None:
    C = cooperation_graph(to_multigraph(estonia.nodes, estonia.relations))
    r = communities_vs_areas(C, "county", seed=0)
    json.dumps(to_jsonable(r), allow_nan=False)
    assert 0 <= r.agreement.nmi <= 1 and r.communities >= 2
    edgeless = nx.Graph()
    edgeless.add_nodes_from(["a", "b"], home_county="county:x")
    with pytest.raises(MetricsError, match="no ties"):
        communities_vs_areas(edgeless)
