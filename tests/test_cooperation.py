"""The cooperation graph: ties from agreements, shared networks and projects, with weights."""

from __future__ import annotations

import networkx as nx
import pytest

from partnermap.cooperation import CooperationWeights, cooperation_graph
from partnermap.graph import home_areas, to_multigraph
from partnermap.model import Dataset, Network, Organisation, Project, Relation

SRC = ["t#1"]


def org(slug: str, **extra: object) -> Organisation:
    return Organisation(
        id=f"org:{slug}", name=slug.upper(), org_kind="ngo", sector="non_profit", sources=SRC, **extra
    )


@pytest.fixture
def graph():
    nodes = [org(x) for x in "abcde"] + [
        org("state", scope="national"),
        Network(id="network:big", name="big", sources=SRC),
        Network(id="network:pair", name="pair", sources=SRC),
        Project(id="project:p", name="p", project_kind="project", sources=SRC),
    ]
    rels = [Relation(kind="member_of", source=f"org:{x}", target="network:big", sources=SRC) for x in "abcde"]
    rels += [Relation(kind="member_of", source=f"org:{x}", target="network:pair", sources=SRC) for x in "ab"]
    rels += [Relation(kind="partner_in", source=f"org:{x}", target="project:p", sources=SRC) for x in "abc"]
    rels += [Relation(kind="party_to", source="org:a", target="org:state", sources=SRC)]
    return to_multigraph(Dataset(nodes=nodes, relations=rels).nodes, rels)


def test_weights_scale_with_group_size(graph) -> None:
    C = cooperation_graph(graph)
    assert set(C) == {"org:a", "org:b", "org:c", "org:d", "org:e", "org:state"}
    # a-b: big network (5 members) 1/4 + pair network 1/1 + project (3 partners) 1/2 = 1.75
    assert C["org:a"]["org:b"]["weight"] == pytest.approx(0.25 + 1 + 0.5)
    assert sorted(C["org:a"]["org:b"]["networks"]) == ["network:big", "network:pair"]
    # a-c: big network 1/4 + project 1/2
    assert C["org:a"]["org:c"]["weight"] == pytest.approx(0.75)
    # d-e: only the big network
    assert C["org:d"]["org:e"]["weight"] == pytest.approx(0.25)
    assert C["org:a"]["org:state"]["weight"] == 1.0
    assert C.nodes["org:state"]["area"] == "national"
    assert C.nodes["org:a"]["area"] == "unknown"


def test_unscaled_and_custom_weights(graph) -> None:
    C = cooperation_graph(graph, CooperationWeights(network=2, project=0, agreement=3, scaled=False))
    assert C["org:a"]["org:b"]["weight"] == pytest.approx(4)  # two networks x 2, project x 0
    assert C["org:d"]["org:e"]["weight"] == pytest.approx(2)
    assert C["org:a"]["org:state"]["weight"] == 3


def test_weights_must_be_finite_and_not_negative() -> None:
    with pytest.raises(ValueError, match="must be a finite number"):
        CooperationWeights(network=-1)
    with pytest.raises(ValueError, match="must be a finite number"):
        CooperationWeights(project=float("nan"))


def test_bundled_dataset_cooperation(estonia) -> None:
    G = to_multigraph(estonia.nodes, estonia.relations)
    C = cooperation_graph(G)
    shared = cooperation_graph(G, homes=home_areas(G))
    assert nx.utils.graphs_equal(C, shared)
    assert C.nodes["org:kohtla-jarve-linnavalitsus"]["area"] == "county:ida-viru"
    assert C.nodes["org:vorumaa-partnerluskogu"]["leader_area"] == "county:voru"
    edge = C["org:tallinna-linnavalitsus"]["org:elvl"]
    assert edge["agreements"] == ["org:tallinna-linnavalitsus>party_to>org:elvl"]


def test_a_tie_resting_only_on_inferred_relations_is_marked_and_dropped_when_stated_only() -> None:
    nodes = [org(x) for x in "abcd"] + [
        Network(id="network:n", name="n", sources=SRC),
        Project(id="project:p", name="p", project_kind="project", sources=SRC),
    ]

    def rel(kind: str, source: str, target: str, inferred: bool = False) -> Relation:
        note = {"inferred_note": "implied by t#1"} if inferred else {}
        return Relation(kind=kind, source=source, target=target, sources=SRC, inferred=inferred, **note)

    rels = [
        rel("member_of", "org:a", "network:n"),
        rel("member_of", "org:b", "network:n", inferred=True),  # a-b: only through b's inferred membership
        rel("member_of", "org:c", "network:n"),  # a-c: stated
        rel("partner_in", "org:b", "project:p"),
        rel("partner_in", "org:c", "project:p"),  # b-c: the network is inferred, the project stated
        rel("party_to", "org:a", "org:d", inferred=True),  # a-d: an inferred agreement only
        rel("member_of", "org:d", "network:n", inferred=True),
        rel("member_of", "org:d", "network:n"),  # d has a stated membership too: d-c is stated
    ]
    G = to_multigraph(Dataset(nodes=nodes, relations=rels).nodes, rels)
    C = cooperation_graph(G)
    implied = {frozenset((a, b)) for a, b, inferred in C.edges(data="inferred") if inferred}
    # a-d: the agreement is inferred, but both are stated members of the network
    assert implied == {frozenset(("org:a", "org:b")), frozenset(("org:b", "org:d"))}
    assert not C["org:a"]["org:c"]["inferred"] and not C["org:b"]["org:c"]["inferred"]
    assert not C["org:c"]["org:d"]["inferred"]
    stated = cooperation_graph(G, stated_only=True)
    gone = {frozenset(e) for e in C.edges()} - {frozenset(e) for e in stated.edges()}
    assert gone == implied
