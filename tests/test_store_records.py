"""Records read without re-validation (:mod:`partnermap.store.records`) equal validated ones.

The stores build what they read from the JSON they wrote, without running pydantic's
validators again. Every record of the bundled dataset and of a synthetic one, read back
through each reading call of a real store (SQLite and the Neo4j dev server), must equal the
record validated from the same JSON: same class, same values, the same types inside (a
date, not its text; an enum member, not its value; nested models, not dicts).
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from partnermap.datasets import bundled_dataset
from partnermap.model import Dataset, Node, Relation, RelationKind, node_adapter
from partnermap.store.base import RelationGroup, Store
from partnermap.store.records import trusted_node, trusted_relation
from partnermap.synth import synthesize

EVERY = RelationGroup(None, "out", None)


def _same(read: Node | Relation, validated: Node | Relation) -> None:
    assert type(read) is type(validated)
    assert read == validated
    assert repr(read) == repr(validated), "a value of another type inside"  # 'x' vs <Enum.X: 'x'>
    assert read.model_fields_set == validated.model_fields_set
    assert read.model_dump_json() == validated.model_dump_json()


def _validated(dataset: Dataset) -> dict[str, Node | Relation]:
    out: dict[str, Node | Relation] = {}
    for node in dataset.nodes:
        out[node.id] = node_adapter.validate_json(node.model_dump_json())
    for rel in dataset.relations:
        out[rel.id] = Relation.model_validate_json(rel.model_dump_json())
    return out


def test_trusted_records_equal_validated_ones_for_every_kind() -> None:
    kinds: Counter[str] = Counter()
    for dataset in (bundled_dataset(), synthesize(orgs=200, seed=5)):
        for node in dataset.nodes:
            text = node.model_dump_json()
            _same(trusted_node(text), node_adapter.validate_json(text))
            kinds[node.kind] += 1
        for rel in dataset.relations:
            text = rel.model_dump_json()
            _same(trusted_relation(text), Relation.model_validate_json(text))
            kinds[rel.kind.value] += 1
    assert len(kinds) >= 13, kinds  # every node kind and every relation kind was met


def test_a_store_reads_back_what_validation_gives(store: Store) -> None:
    dataset = bundled_dataset()
    store.load(dataset)
    expected = _validated(dataset)
    nodes = store.list_nodes()
    relations = store.list_relations()
    assert len(nodes) == len(dataset.nodes) and len(relations) == len(dataset.relations)
    for item in [*nodes, *relations, *store.dump().nodes, *store.dump().relations]:
        _same(item, expected[item.id])
    level = store.read_level(None, {EVERY: None})
    assert sorted(level.nodes) == sorted(n.id for n in dataset.nodes)
    assert [r.id for r in level.relations[EVERY]] == sorted(r.id for r in dataset.relations)
    for item in [*level.nodes.values(), *level.relations[EVERY]]:
        _same(item, expected[item.id])
    some = store.get_node("org:elvl")
    assert some is not None
    _same(some, expected["org:elvl"])


def test_read_level_answers_as_the_single_reads_do(store: Store) -> None:
    """One read_level call equals the separate reads it replaces, for every direction, kind
    and day, with the nodes at the other ends (and the asked nodes) included."""
    dataset = synthesize(orgs=100, seed=11)
    store.load(dataset)
    orgs = [n.id for n in dataset.nodes if n.kind == "organisation"][:25]
    groups = {
        RelationGroup(RelationKind.MEMBER_OF, "out", None): orgs,
        RelationGroup(RelationKind.MEMBER_OF, "out", date(2024, 6, 1)): orgs,
        RelationGroup(RelationKind.PARTY_TO, "both", None): orgs,
        RelationGroup(None, "in", None): orgs,
        RelationGroup(RelationKind.PARTNER_IN, "both", None): None,
    }
    before = store.round_trips
    level = store.read_level(["org:nowhere", orgs[0]], groups)
    assert store.round_trips == before + 1
    assert orgs[0] in level.nodes and "org:nowhere" not in level.nodes
    for group, ids in groups.items():
        if ids is None:
            single = store.list_relations(group.kind, as_of=group.as_of)
        else:
            single = store.relations_of(ids, kind=group.kind, direction=group.direction, as_of=group.as_of)
        assert [r.id for r in level.relations[group]] == [r.id for r in single], group
        for rel in single if ids is not None else ():  # every relation of a kind: no ends
            others = [e for e in (rel.source, rel.target) if e not in ids]
            assert all(end in level.nodes for end in others), (group, rel.id)
    assert sum(len(rels) for rels in level.relations.values()) > 50


def test_sqlite_reads_of_an_unchanged_row_share_its_record(tmp_path: object) -> None:
    """The SQLite store's record memo, once a server turns it on: the same stored text, the same
    record; a changed row, a new record with the new value; the memo stays within its bound."""
    from pathlib import Path

    from partnermap.store.records import RecordMemo
    from partnermap.store.sqlite import SQLiteStore

    with SQLiteStore(Path(str(tmp_path)) / "memo.db") as store:
        store.load(bundled_dataset())
        assert store.get_node("org:elvl") is not store.get_node("org:elvl")  # a library's default
        store.share_records()  # a server's
        first = store.get_node("org:elvl")
        level = store.read_level(["org:elvl"], {})
        assert first is not None and level.nodes["org:elvl"] is first
        store.update_node("org:elvl", lambda n: n.model_copy(update={"name": "ELVL uus"}))
        changed = store.get_node("org:elvl")
        assert changed is not None and changed is not first
        assert (changed.name, first.name) == ("ELVL uus", "Eesti Linnade ja Valdade Liit")
    memo = RecordMemo(size=2)
    texts = [n.model_dump_json() for n in bundled_dataset().nodes[:3]]
    built = [memo.node(t) for t in texts]
    assert memo.node(texts[2]) is built[2] and memo.node(texts[0]) is not built[0]  # the oldest went
