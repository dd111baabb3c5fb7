"""The peer benchmark's type definitions (scripts/bench/peer/schema.graphql) keep naming what
partnermap's Neo4j graph holds: labels, relationship types, properties and endpoints.

The benchmark itself needs Node.js and npm; this check needs neither, so that a renamed kind
or field shows here, not only when someone next runs scripts/bench/bench_peer.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graphql import parse
from graphql.language import (
    DirectiveNode,
    FieldDefinitionNode,
    ListValueNode,
    ObjectTypeDefinitionNode,
    StringValueNode,
    TypeNode,
)

from partnermap.model import ENDPOINT_KINDS, NodeKind, Relation, RelationKind
from partnermap.store.neo4j import label_of, rel_type_of
from partnermap.store.properties import codecs_of, node_class

PEER = Path(__file__).resolve().parent.parent / "scripts" / "bench" / "peer"
SHARED_LABEL = "PMNode"
KIND_OF_LABEL = {label_of(kind): kind for kind in NodeKind}
KIND_OF_TYPE = {rel_type_of(kind): kind for kind in RelationKind}


def _directive(node: ObjectTypeDefinitionNode | FieldDefinitionNode, name: str) -> DirectiveNode | None:
    return next((d for d in node.directives or () if d.name.value == name), None)


def _argument(directive: DirectiveNode, name: str) -> Any:
    for arg in directive.arguments:
        if arg.name.value == name:
            value = arg.value
            if isinstance(value, ListValueNode):
                return [v.value for v in value.values if isinstance(v, StringValueNode)]
            return getattr(value, "value", None)
    return None


def _named(type_: TypeNode) -> str:
    while not hasattr(type_, "name"):
        type_ = type_.type  # type: ignore[attr-defined]
    return str(type_.name.value)  # type: ignore[attr-defined]


def _types() -> dict[str, ObjectTypeDefinitionNode]:
    document = parse((PEER / "schema.graphql").read_text(encoding="utf-8"))
    return {d.name.value: d for d in document.definitions if isinstance(d, ObjectTypeDefinitionNode)}


def _node_kinds(types: dict[str, ObjectTypeDefinitionNode]) -> dict[str, NodeKind]:
    """Each @node type's kind, from its labels: the kind's label beside the shared one."""
    kinds = {}
    for name, definition in types.items():
        node = _directive(definition, "node")
        if node is None:
            continue
        labels = _argument(node, "labels")
        kind_labels = [label for label in labels if label != SHARED_LABEL]
        assert SHARED_LABEL in labels, f"{name} does not carry :{SHARED_LABEL} (the id constraint's label)"
        assert len(kind_labels) == 1, f"{name} should name one kind label beside :{SHARED_LABEL}: {labels}"
        assert kind_labels[0] in KIND_OF_LABEL, (
            f"{name}'s label {kind_labels[0]!r} is no node kind's (label_of gives {sorted(KIND_OF_LABEL)})"
        )
        kinds[name] = KIND_OF_LABEL[kind_labels[0]]
    return kinds


def _property(field: FieldDefinitionNode) -> str:
    alias = _directive(field, "alias")
    return str(_argument(alias, "property")) if alias else field.name.value


def test_labels_and_relationship_types_are_the_models() -> None:
    types = _types()
    kinds = _node_kinds(types)
    assert set(kinds.values()) >= {NodeKind.ORGANISATION, NodeKind.NETWORK, NodeKind.MUNICIPALITY}
    relationships = 0
    for name, definition in types.items():
        if name not in kinds:
            continue
        for field in definition.fields or ():
            rel = _directive(field, "relationship")
            if rel is None:
                continue
            relationships += 1
            rel_type = _argument(rel, "type")
            assert rel_type in KIND_OF_TYPE, (
                f"{name}.{field.name.value}: {rel_type!r} is no relation kind's type "
                f"(rel_type_of gives {sorted(KIND_OF_TYPE)})"
            )
            other = kinds[_named(field.type)]
            source, target = (
                (kinds[name], other) if _argument(rel, "direction") == "OUT" else (other, kinds[name])
            )
            sources, targets = ENDPOINT_KINDS[KIND_OF_TYPE[rel_type]]
            assert source in sources and target in targets, (
                f"{name}.{field.name.value}: a {rel_type} relationship never joins "
                f"{source.value} -> {target.value}"
            )
            properties = _argument(rel, "properties")
            if properties is not None:
                assert _directive(types[properties], "relationshipProperties") is not None, properties
    assert relationships >= 5  # the questions' relations: located_in, member_of, partner_in, party_to


def test_properties_are_stored_fields() -> None:
    """Every scalar the peer reads is a property the labelled model writes for that kind."""
    types = _types()
    kinds = _node_kinds(types)
    stored_rel = {codec.prop for codec in codecs_of(Relation)}
    checked = 0
    for name, definition in types.items():
        if name in kinds:
            stored = {codec.prop for codec in codecs_of(node_class(kinds[name]))}
        elif _directive(definition, "relationshipProperties") is not None:
            stored = stored_rel
        else:
            continue
        for field in definition.fields or ():
            if _directive(field, "relationship") or _directive(field, "cypher"):
                continue  # not a property of its own
            checked += 1
            assert _property(field) in stored, (
                f"{name}.{field.name.value} reads the property {_property(field)!r}, which partnermap does "
                f"not store there (it stores {sorted(stored)})"
            )
    assert checked >= 15
