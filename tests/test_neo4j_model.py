"""The labelled Neo4j model: labels and types from the enums, native properties, exact reads.

Reading builds records without validating them again (``model_construct``); these tests
hold that it is exact: what is read equals what was written, field by field and in its
JSON, and equals what full validation makes of the same record.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from partnermap.datasets import bundled_dataset
from partnermap.io.dataset import dump_dataset
from partnermap.model import (
    Dataset,
    Node,
    NodeKind,
    Organisation,
    Relation,
    RelationKind,
    Role,
    Source,
    node_adapter,
)
from partnermap.store.neo4j import (
    Neo4jStore,
    label_of,
    node_from_props,
    rel_type_of,
    relation_from_props,
    schema_statements,
)
from partnermap.store.properties import JSON_SUFFIX, decode, encode, node_class
from partnermap.synth import synthesize
from tests.record_shapes import shapes_dataset


def _read_back(record: Node | Relation) -> Node | Relation:
    """Encode and decode without a server (Python dates stand in for Neo4j's)."""
    if isinstance(record, Relation):
        return relation_from_props(encode(record), record.source, record.target)
    return node_from_props(encode(record))


def _validated(record: Node | Relation) -> Node | Relation:
    if isinstance(record, Relation):
        return Relation.model_validate_json(record.model_dump_json())
    return node_adapter.validate_json(record.model_dump_json())


def test_labels_and_types_come_from_the_enums() -> None:
    labels = {kind: label_of(kind) for kind in NodeKind}
    assert labels[NodeKind.TARGET_GROUP] == "TargetGroup"
    assert labels[NodeKind.ORGANISATION] == "Organisation"
    assert len(set(labels.values())) == len(NodeKind)
    for kind, label in labels.items():
        assert label.replace("_", "").isalpha() and label[0].isupper()
        assert "".join(f"_{c.lower()}" if c.isupper() else c for c in label).lstrip("_") == kind.value
    types = {kind: rel_type_of(kind) for kind in RelationKind}
    assert types[RelationKind.MEMBER_OF] == "MEMBER_OF"
    assert all(t == k.value.upper() for k, t in types.items())
    with pytest.raises(ValueError):
        label_of("Organisation) DETACH DELETE (n")
    statements = schema_statements()
    for kind in NodeKind:
        assert f"pm_{kind.value}_id" in statements
    for rkind in RelationKind:
        assert (
            f"FOR ()-[r:{rel_type_of(rkind)}]-() REQUIRE r.id IS UNIQUE" in statements[f"pm_{rkind.value}_id"]
        )
    assert "ON (n.start, n.end)" in statements["pm_project_period"]


@pytest.mark.parametrize(
    "dataset",
    [bundled_dataset, shapes_dataset, lambda: synthesize(orgs=300, seed=5)],
    ids=["bundled", "shapes", "synth"],
)
def test_reading_is_exact_without_validation(dataset: object) -> None:
    ds: Dataset = dataset()  # type: ignore[operator]
    for record in [*ds.nodes, *ds.relations]:
        back = _read_back(record)
        assert type(back) is type(record)
        assert back == record, record.id
        assert back.model_dump_json() == record.model_dump_json(), record.id
        validated = _validated(record)
        assert back == validated, record.id
        assert back.model_fields_set == validated.model_fields_set, record.id
        assert repr(back) == repr(validated), record.id
        # enums stay enums, dates stay dates
        for name in type(record).model_fields:
            assert type(getattr(back, name)) is type(getattr(record, name)), (record.id, name)


def test_property_layout() -> None:
    ds = shapes_dataset()
    project = next(n for n in ds.nodes if n.id == "project:koosloome")
    props = encode(project)
    assert props["start"] == date(2024, 7, 1) and props["budget"] == 60000.0
    assert props["eligible_applicants"] == ["ngo", "foundation", "municipal_government"]
    assert props["sources"] == ["003_2ea249a01a33f26d.txt#2.1 Partnerid #3"]
    assert "budget_lines" not in props and '"Õppereis Rootsi"' in props["budget_lines" + JSON_SUFFIX]
    assert "description" not in props  # None has no property
    odd = next(n for n in ds.nodes if n.id == "org:tas")
    odd_props = encode(odd)
    assert "sources" not in odd_props and "kiri#2025" in odd_props["sources_json"]
    lead = next(r for r in ds.relations if r.kind == "partner_in" and r.role == "lead")
    rel_props = encode(lead)
    assert "source" not in rel_props and "target" not in rel_props
    assert rel_props["role"] == "lead" and type(rel_props["role"]) is str
    assert "projektijuht" in rel_props["positions_json"]
    plain = encode(next(r for r in ds.relations if r.kind == "targets"))
    assert set(plain) == {"id", "kind", "sources", "inferred"}  # empty defaults leave no property


texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=20)


@settings(max_examples=200, deadline=None)
@given(document=texts, section=texts, name=texts.filter(lambda s: s.strip() == s))
def test_any_source_and_name_read_back_exactly(document: str, section: str, name: str) -> None:
    try:
        org = Organisation(
            id="org:x",
            name=name,
            org_kind="ngo",
            sector="non_profit",
            sources=[Source(document=document, section=section)],
        )
    except ValueError:
        return  # not a valid record in the first place
    back = _read_back(org)
    assert back == org and back.model_dump_json() == org.model_dump_json()
    assert decode(node_class("organisation"), encode(org)) == org


# ------------------------------------------------------------------ on the server


@pytest.fixture
def neo(neo4j_url: str) -> Iterator[Neo4jStore]:
    with Neo4jStore(neo4j_url) as store:
        store.clear()
        yield store


def test_the_graph_in_neo4j_is_labelled_and_typed(neo: Neo4jStore) -> None:
    ds = shapes_dataset()
    bundled = bundled_dataset()
    neo.load(bundled)
    neo.load(Dataset(nodes=[n for n in ds.nodes if neo.get_node(n.id) is None], relations=ds.relations))
    loaded = {n.id: n for n in [*bundled.nodes, *ds.nodes]}
    for row in neo._read("MATCH (n:PMNode) RETURN n.id, n.kind, labels(n), keys(n)"):
        node_id, kind, labels, keys = row
        assert sorted(labels) == sorted(["PMNode", label_of(kind)]), node_id
        assert "data" not in keys and kind == loaded[node_id].kind
    types = neo._read("MATCH ()-[r]->() RETURN DISTINCT type(r), r.kind")
    assert types and all(t == rel_type_of(k) for t, k in types)
    assert neo._read("MATCH ()-[r:REL]->() RETURN count(r)")[0][0] == 0
    # native property types, as Cypher users compare them
    checks = neo._read(
        "MATCH (p:Project {id: 'project:koosloome'})<-[r:PARTNER_IN {role: 'lead'}]-(o:Organisation) "
        "RETURN p.start IS :: DATE NOT NULL, r.valid_from IS :: DATE NOT NULL, "
        "r.budget IS :: FLOAT NOT NULL, p.eligible_applicants IS :: LIST<STRING NOT NULL> NOT NULL, "
        "o.sources IS :: LIST<STRING NOT NULL> NOT NULL, "
        "p.start = date('2024-07-01'), r.budget = 42000"
    )
    assert checks == [(True,) * 7]
    assert neo._read(
        "MATCH (c:County {id: 'county:voru'}) RETURN c.lat IS :: FLOAT NOT NULL, c.ehak IS :: STRING NOT NULL"
    ) == [(True, True)]


def test_dump_equals_what_was_loaded(neo: Neo4jStore) -> None:
    for ds in (bundled_dataset(), shapes_dataset()):
        neo.clear()
        neo.load(ds)
        dumped = neo.dump()
        assert dumped.nodes == sorted(ds.nodes, key=lambda n: n.id)
        assert dumped.relations == sorted(ds.relations, key=lambda r: r.id)
        expected = Dataset(
            nodes=sorted(ds.nodes, key=lambda n: n.id), relations=sorted(ds.relations, key=lambda r: r.id)
        )
        assert dump_dataset(dumped) == dump_dataset(expected)
        # and a second load of the same records changes nothing
        assert neo.load(ds).changed == 0


def test_a_kind_change_under_one_id_replaces_the_relationship(neo: Neo4jStore) -> None:
    ds = shapes_dataset()
    neo.load(ds)
    before = neo.get_relation("org:tas>member_of>network:kogu#2")
    assert before is not None
    moved = Relation(
        id="org:tas>member_of>network:kogu#2",
        kind="funds",
        source="org:tas",
        target="network:kogu",
        sources=before.sources,
    )
    result = neo.load(Dataset(relations=[moved]))
    assert (result.relations_updated, result.relations_created) == (1, 0)
    assert neo.get_relation(moved.id) == moved
    assert neo._read("MATCH ()-[r {id: $id}]->() RETURN type(r)", id=moved.id) == [("FUNDS",)]


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(document=texts, section=texts, budget=st.floats(0, 1e9, allow_nan=False), day=st.dates())
def test_generated_records_survive_the_server(
    neo: Neo4jStore, document: str, section: str, budget: float, day: date
) -> None:
    try:
        src = [Source(document=document, section=section)]
    except ValueError:
        return
    neo.clear()
    org = Organisation(id="org:x", name="X", org_kind="ngo", sector="non_profit", sources=src)
    ds = shapes_dataset()
    ds.nodes.append(org)
    ds.relations.append(
        Relation(
            kind="partner_in",
            source="org:x",
            target="project:koosloome",
            budget=budget,
            valid_from=day,
            sources=src,
        )
    )
    neo.load(ds)
    assert neo.get_node("org:x") == org
    got = neo.get_relation("org:x>partner_in>project:koosloome")
    assert (
        got == ds.relations[-1]
        and got is not None
        and got.model_dump_json() == ds.relations[-1].model_dump_json()
    )


class _Later(BaseModel):
    """Shapes that later kinds bring (a survey's date-times, dicts of text, lists of ids)."""

    at: datetime
    local: datetime | None = None
    day: date
    level: Role
    tags: dict[str, str] = {}
    ids: list[str] = []
    kinds: list[NodeKind] = []
    ratio: float | None = None


def test_later_kinds_shapes_survive_the_server(neo: Neo4jStore) -> None:
    """Codecs come from annotations: date-times, dicts and lists of a model need no Neo4j code."""
    record = _Later(
        at="2026-03-01T10:15:30.123456Z",
        local=datetime(2026, 3, 1, 9, 0),
        day=date(2026, 3, 1),
        level="coordinator",
        tags={"org:elvl": "ab" * 32},
        ids=["org:a", "org:b"],
        kinds=["network", "project"],
    )
    props = encode(record)
    assert (
        props["tags_json"] and props["ids"] == ["org:a", "org:b"] and props["kinds"] == ["network", "project"]
    )
    # the server hands back its own types (DateTime, Date), as a read does
    (returned,) = neo._read("RETURN $props", props=props)[0]
    back = decode(_Later, returned)
    assert back == record and back.model_dump_json() == record.model_dump_json()
    assert neo._read("RETURN $props.at IS :: ZONED DATETIME NOT NULL", props=props) == [(True,)]
