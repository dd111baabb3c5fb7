"""The library's write rules (partnermap.edits), called directly on a real SQLite file: the
checks the API's mutations rely on, with no HTTP in between."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from partnermap import edits
from partnermap.datasets import read_with_reference
from partnermap.errors import InputError
from partnermap.model import NodeKind, Organisation
from partnermap.store import Store, open_store

DATA = Path(__file__).parent / "data"
SRC = ["edits-test#1"]


@pytest.fixture
def small(tmp_path: Path) -> Iterator[Store]:
    store = open_store(f"sqlite:///{tmp_path / 'edits.db'}")
    store.load(read_with_reference(DATA / "small.yaml"))
    yield store
    store.close()


def test_a_new_node_gets_its_kinds_prefix_and_its_names_slug(small: Store) -> None:
    node = edits.create_node(
        small,
        NodeKind.ORGANISATION,
        {
            "name": "Võru Noortekeskus",
            "org_kind": "ngo",
            "sector": "non_profit",
            "sources": SRC,
            "abbreviation": None,
        },
    )
    assert node.id == "org:voru-noortekeskus" and isinstance(node, Organisation)
    assert small.get_node("org:voru-noortekeskus") == node
    with pytest.raises(edits.IdTakenError) as taken:
        edits.create_node(
            small,
            NodeKind.ORGANISATION,
            {"name": "Võru Noortekeskus", "org_kind": "ngo", "sector": "non_profit", "sources": SRC},
        )
    assert str(taken.value) == "a node with id 'org:voru-noortekeskus' exists already"
    assert taken.value.noun == "node"


def test_an_id_of_another_kind_is_refused_before_validation(small: Store) -> None:
    before = small.count_nodes()
    with pytest.raises(InputError, match="network:x"):
        edits.create_node(small, NodeKind.ORGANISATION, {"id": "network:x", "name": "X", "sources": SRC})
    assert small.count_nodes() == before


def test_every_problem_of_a_record_is_named_by_its_field(small: Store) -> None:
    before = small.count_nodes()
    with pytest.raises(edits.RecordError) as bad:
        edits.create_node(small, NodeKind.PROJECT, {"name": "P", "start": "2025-02-01", "end": "2024-01-01"})
    paths = {p.path for p in bad.value.problems}
    assert "sources" in paths and str(bad.value).startswith("invalid input: ")
    named = bad.value.named(lambda path: f"input.{path}" if path else "input")
    assert {p.path for p in named.problems} == {f"input.{p}" if p else "input" for p in paths}
    assert str(named).count("input.sources") == 1
    assert small.count_nodes() == before, "nothing is written when a record is refused"


def test_an_id_of_another_kind_is_reported_with_the_other_problems(small: Store) -> None:
    before = small.count_nodes()
    with pytest.raises(edits.RecordError) as bad:
        edits.create_node(small, NodeKind.ORGANISATION, {"id": "network:x", "name": "X", "sources": SRC})
    problems = {p.path: p.message for p in bad.value.problems}
    assert problems["id"] == "'network:x' is the id of a network, not of an organisation"
    assert {"sector", "org_kind"} <= problems.keys(), problems
    assert small.count_nodes() == before


def test_an_update_changes_only_the_fields_given_and_checks_the_kind(small: Store) -> None:
    node = edits.update_node(
        small, "org:elvl", NodeKind.ORGANISATION, {"name_en": "Association", "scope": None}
    )
    assert (node.name, node.name_en, node.abbreviation) == (
        "Eesti Linnade ja Valdade Liit",
        "Association",
        "ELVL",
    )
    assert small.get_node("org:elvl") == node
    with pytest.raises(InputError) as wrong:
        edits.update_node(small, "org:elvl", NodeKind.NETWORK, {"name": "X"})
    assert str(wrong.value) == "'org:elvl' is an organisation, but the input is for a network"
    with pytest.raises(InputError, match="no node 'org:gone'"):
        edits.update_node(small, "org:gone", NodeKind.ORGANISATION, {"name": "X"})
    assert small.get_node("org:elvl") == node


def test_relations_are_created_once_updated_and_ended(small: Store) -> None:
    data = {"kind": "member_of", "source": "org:elvl", "target": "network:koordinaatorid", "sources": SRC}
    with pytest.raises(edits.IdTakenError) as taken:
        edits.create_relation(small, data)  # the dataset has this membership already
    assert taken.value.noun == "relation"
    rel = edits.create_relation(small, {**data, "id": "org:elvl>member_of>network:koordinaatorid#2"})
    assert small.get_relation(rel.id) == rel
    ended = edits.end_membership(small, rel.id, date(2025, 6, 30))
    assert ended.valid_to == date(2025, 6, 30) and small.get_relation(rel.id) == ended
    with pytest.raises(edits.RecordError) as bad:
        edits.update_relation(small, rel.id, {"valid_from": "2026-01-01"})
    assert "before valid_from" in str(bad.value)
    with pytest.raises(InputError, match="target cannot change"):
        edits.update_relation(small, rel.id, {"target": "org:tallinna-linnavalitsus"})
    assert small.get_relation(rel.id) == ended, "a refused update leaves the relation as it was"
