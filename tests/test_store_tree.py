"""``Store.read_tree``: a tree of reads answered as the single reads answer its steps.

Real stores (a SQLite file and the Neo4j dev server) hold the bundled dataset and a
synthetic one. Each tree is read by the store (on Neo4j one Cypher query, counted as one
round trip) and step by step (``read_tree_by_levels``: one ``read_level`` per level); both
must equal what the single reads give for every step: ``get_node`` for each id looked up
(None for an id no node has), ``relations_of`` for each group at each node (dates, the
ending window, every direction, any kind), ``list_nodes`` for a root list.
"""

from __future__ import annotations

from datetime import date

import pytest

from partnermap.datasets import bundled_dataset
from partnermap.model import NodeKind, Relation, RelationKind
from partnermap.store.base import Branch, NodeList, RelationGroup, Root, Store, Tree, read_tree_by_levels
from partnermap.synth import synthesize

DAY = date(2025, 6, 1)
MEMBERS_IN = RelationGroup(RelationKind.MEMBER_OF, "in", None)
HOME = RelationGroup(RelationKind.LOCATED_IN, "out", DAY)
AGREEMENTS = RelationGroup(RelationKind.PARTY_TO, "both", None)
ANY_IN = RelationGroup(None, "in", None)
NETWORKS_OUT = RelationGroup(RelationKind.MEMBER_OF, "out", DAY)
ENDING = RelationGroup(RelationKind.MEMBER_OF, "both", None, (date(2025, 1, 1), date(2025, 12, 31)))

#: The three ready questions' shapes and more: lists, ids (one missing), every relation of
#: a kind ending in a window; groups in each direction and of any kind, as of a day; links by
#: a node's field, a relation's ends and its context; three levels; levels that reach nothing.
TREES: dict[str, list[Root]] = {
    "councils": [
        Root(
            NodeList(NodeKind.NETWORK, (("network_type", "participation_council"),), limit=101),
            (
                Branch("municipality", (Branch("county"),)),
                Branch(MEMBERS_IN, (Branch("source"),)),
                Branch(HOME, (Branch("target", (Branch("county"),)),)),
            ),
        )
    ],
    "ending": [
        Root(
            RelationGroup(RelationKind.PARTY_TO, "both", None, (date(2025, 1, 1), date(2025, 12, 31))),
            (Branch("source", (Branch(HOME, (Branch("target"),)),)), Branch("target"), Branch("context")),
        ),
        Root(ENDING, (Branch("source"), Branch("target"))),
    ],
    "profile": [
        Root(
            ("org:tallinna-linnavalitsus", "org:nowhere", "municipality:tallinn"),
            (
                Branch(HOME, (Branch("target", (Branch("county"),)),)),
                Branch(NETWORKS_OUT, (Branch("target"),)),
                Branch(AGREEMENTS, (Branch("source"), Branch("target"), Branch(ANY_IN))),
                Branch(ANY_IN, (Branch("source", (Branch(MEMBERS_IN),)),)),
                Branch("county", (Branch(ANY_IN),)),
            ),
        )
    ],
    "pages and days": [
        Root(
            NodeList(NodeKind.ORGANISATION, (("sector", "public"),), limit=7, offset=3), (Branch(AGREEMENTS),)
        ),
        Root(NodeList(NodeKind.PROJECT, as_of=DAY, limit=5), (Branch(RelationGroup(None, "both", DAY)),)),
        Root(NodeList(NodeKind.NETWORK, ids=("network:nowhere",))),
        Root(RelationGroup(RelationKind.FUNDS, "out", DAY), (Branch("source"),)),
    ],
    "ids alone": [Root(("org:elvl",)), Root(("org:tallinna-linnavalitsus",))],
    "nothing reached": [
        Root(("org:nowhere",), (Branch(HOME, (Branch("target"),)),)),
        Root((), (Branch("county"),)),
        Root(NodeList(NodeKind.COUNTY, (("name", "no such county"),))),
    ],
}


def _single_reads(store: Store, roots: list[Root], tree: Tree) -> None:
    """Every step's answer in ``tree`` equals the single reads' answer."""
    for (group, node_id), rels in tree.relations.items():
        if node_id is None:
            single = store.list_relations(group.kind, as_of=group.as_of)
        else:
            single = store.relations_of(
                [node_id], kind=group.kind, direction=group.direction, as_of=group.as_of
            )
        if group.ending is not None:
            first, last = group.ending
            single = [r for r in single if r.valid_to is not None and first <= r.valid_to <= last]
        assert [r.id for r in rels] == [r.id for r in single], (group, node_id)
        assert rels == single
    for node_id, node in tree.nodes.items():
        assert node == store.get_node(node_id), node_id
    for listed, nodes in tree.lists.items():
        single_nodes = store.list_nodes(
            listed.kind,
            where=dict(listed.where),
            as_of=listed.as_of,
            ids=listed.ids,
            limit=listed.limit,
            offset=listed.offset,
        )
        assert nodes == single_nodes, listed


@pytest.mark.parametrize("name", sorted(TREES))
def test_read_tree_answers_as_the_single_reads(store: Store, name: str) -> None:
    store.load(bundled_dataset())
    roots = TREES[name]
    before = store.round_trips
    tree = store.read_tree(roots)
    if store.reads_trees_at_once:
        assert store.round_trips == before + 1
    assert tree == read_tree_by_levels(store, roots)
    _single_reads(store, roots, tree)
    if name == "nothing reached":
        assert tree.nodes == {"org:nowhere": None} and tree.lists and not any(tree.lists.values())
    elif name == "ids alone":
        assert sorted(tree.nodes) == ["org:elvl", "org:tallinna-linnavalitsus"] and not tree.relations
    else:
        assert sum(len(r) for r in tree.relations.values()) > 3 and len(tree.nodes) > 3, tree


def test_read_tree_keys_every_step(store: Store) -> None:
    """Missing nodes, empty groups and the three levels of the profile are all keyed."""
    store.load(bundled_dataset())
    tree = store.read_tree(TREES["profile"])
    assert tree.nodes["org:nowhere"] is None
    assert tree.relations[HOME, "org:tallinna-linnavalitsus"]  # located in Tallinn
    assert (HOME, "org:nowhere") not in tree.relations
    home = tree.relations[HOME, "org:tallinna-linnavalitsus"][0].target
    county = tree.nodes[home]
    assert county is not None and tree.nodes[getattr(county, "county")] is not None  # noqa: B009
    assert tree.relations[MEMBERS_IN, "org:tallinna-linnavalitsus"] == []  # an organisation has no members
    dated = [r for rels in tree.relations.values() for r in rels if isinstance(r, Relation) and r.valid_to]
    assert dated, "some relation with a date was read"


def test_read_tree_on_a_larger_graph(store: Store) -> None:
    dataset = synthesize(orgs=150, seed=3)
    store.load(dataset)
    orgs = tuple(n.id for n in dataset.nodes if n.kind == "organisation")[:40]
    roots = [
        Root(
            orgs,
            (
                Branch(
                    RelationGroup(RelationKind.MEMBER_OF, "out", None),
                    (Branch("target", (Branch(MEMBERS_IN),)),),
                ),
                Branch(RelationGroup(RelationKind.PARTNER_IN, "out", DAY), (Branch("target"),)),
                Branch(RelationGroup(None, "both", None)),
            ),
        ),
        Root(
            NodeList(NodeKind.ORGANISATION, limit=30),
            (Branch(HOME, (Branch("target", (Branch("county"),)),)),),
        ),
    ]
    tree = store.read_tree(roots)
    assert tree == read_tree_by_levels(store, roots)
    _single_reads(store, roots, tree)
    assert sum(len(r) for r in tree.relations.values()) > 100


def test_a_server_s_store_builds_a_record_read_again_once(store: Store) -> None:
    """With ``share_records`` (a server's stores), properties or rows read again give the
    record built the first time; a changed record reads as new."""
    store.load(bundled_dataset())
    roots = [Root(("org:elvl",), (Branch(NETWORKS_OUT, (Branch("target"),)),))]
    assert store.read_tree(roots).nodes["org:elvl"] is not store.read_tree(roots).nodes["org:elvl"]
    store.share_records()  # type: ignore[attr-defined]
    first = store.read_tree(roots)
    again = store.read_tree(roots)
    assert again.nodes["org:elvl"] is first.nodes["org:elvl"] and again == first
    rels = first.relations[NETWORKS_OUT, "org:elvl"]
    assert rels and again.relations[NETWORKS_OUT, "org:elvl"][0] is rels[0]
    store.update_node("org:elvl", lambda n: n.model_copy(update={"name": "ELVL uus"}))
    changed = store.read_tree(roots).nodes["org:elvl"]
    old = first.nodes["org:elvl"]
    assert (
        changed is not None
        and old is not None
        and (changed.name, old.name)
        == (
            "ELVL uus",
            "Eesti Linnade ja Valdade Liit",
        )
    )
