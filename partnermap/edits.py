"""Changing a store one record at a time, by the rules every writer shares.

A new or changed node or relation is validated as ``partnermap load`` validates a dataset
file's records (:func:`partnermap.io.dataset.record_from_data`,
:func:`~partnermap.io.dataset.patch_record`: the model, then the dataset checks against
the store's nodes) and written by one store call, hence in one transaction; an update
reads, changes and writes in that one transaction, so concurrent updates of different
fields all survive. The GraphQL mutations (:mod:`partnermap.api.mutations`) call these
through :class:`partnermap.service.GraphService`.

Errors say what is wrong in the model's words: :class:`RecordError` lists the problems by
the record's fields (``valid_to``; a face renames them with :meth:`RecordError.named`),
:class:`IdTakenError` refuses an id that exists, :class:`~partnermap.errors.InputError`
anything else the caller got wrong.

Examples
--------
>>> from partnermap.store import open_store
>>> store = open_store("sqlite:///:memory:")
>>> create_node(store, NodeKind.TARGET_GROUP, {"name": "Noored", "sources": ["doc#1"]}).id
'target:noored'
>>> create_node(store, NodeKind.TARGET_GROUP, {"name": "Noored", "sources": ["doc#1"]})
Traceback (most recent call last):
...
partnermap.edits.IdTakenError: a node with id 'target:noored' exists already
>>> update_node(store, "target:noored", NodeKind.TARGET_GROUP, {"name": ""})
Traceback (most recent call last):
...
partnermap.edits.RecordError: invalid input: name: String should have at least 1 character
>>> store.close()
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, Literal

from partnermap.errors import DatasetError, InputError, Problem
from partnermap.io.dataset import patch_record, record_from_data
from partnermap.model import Node, NodeKind, Relation, RelationKind, check_node_id, default_node_id
from partnermap.store.base import Store, node_candidates

__all__ = [
    "IdTakenError",
    "RecordError",
    "create_node",
    "create_relation",
    "end_membership",
    "update_node",
    "update_relation",
]


class RecordError(InputError):
    """A record that does not validate: every problem, each by the record's field."""

    def __init__(self, problems: list[Problem], *, id_from_name: bool = False) -> None:
        super().__init__(f"invalid input: {'; '.join(str(p) for p in problems)}", problems)
        #: The caller gave no id and the name made none: a missing id is the name's problem.
        self.id_from_name = id_from_name

    def named(self, field: Callable[[str], str]) -> RecordError:
        """The same problems, each field as ``field`` names it (the API: ``input.validTo``)."""
        problems = [Problem(p.message, path=field(p.path)) for p in self.problems]
        return RecordError(problems, id_from_name=self.id_from_name)


class IdTakenError(InputError):
    """A new record whose id the store holds already."""

    def __init__(self, noun: Literal["node", "relation"], record_id: str) -> None:
        super().__init__(f"a {noun} with id {record_id!r} exists already")
        self.noun = noun
        self.record_id = record_id


def _validated(make: Callable[[], Node | Relation], *, id_from_name: bool = False) -> Any:
    """The record ``make()`` validates; its DatasetError as a RecordError."""
    try:
        return make()
    except DatasetError as exc:
        raise RecordError(exc.problems, id_from_name=id_from_name) from None


def _id_error(node_id: Any, kind: NodeKind) -> InputError | None:
    """What is wrong with a given id for a node of ``kind`` (None if nothing or no id)."""
    if node_id is None:
        return None
    try:
        check_node_id(node_id, kind)
    except InputError as exc:
        return exc
    return None


def create_node(store: Store, kind: NodeKind, data: Mapping[str, Any]) -> Node:
    """Validate and insert a new node of ``kind`` (fields given as None are left out).

    Without an ``id``, the node gets its kind's prefix and its name's slug
    (:func:`partnermap.model.default_node_id`). IdTakenError if the id exists: of two
    racing creators, one wins.
    """
    fields = {k: v for k, v in data.items() if v is not None}
    name = fields.get("name")
    if "id" not in fields and isinstance(name, str) and (made := default_node_id(kind, name)):
        fields["id"] = made
    id_error = _id_error(fields.get("id"), kind)
    fields["kind"] = kind.value
    try:
        node: Node = _validated(
            lambda: record_from_data(
                "nodes", fields, resolve=store.node_kinds, candidates=node_candidates(store)
            ),
            id_from_name="id" not in fields,
        )
    except RecordError as exc:
        if id_error is None:
            raise
        # every problem at once: the id's beside the others, in the id check's words
        others = [p for p in exc.problems if p.path != "id"]
        if not others:
            raise id_error from None
        raise RecordError([Problem(str(id_error), path="id"), *others]) from None
    if id_error is not None:
        raise id_error
    if not store.create_node(node):
        raise IdTakenError("node", node.id)
    return node


def update_node(store: Store, node_id: str, kind: NodeKind, patch: Mapping[str, Any]) -> Node:
    """Apply ``patch`` (None clears a field) to a node of ``kind``, in one transaction with
    its read (InputError if the node is of another kind or gone)."""

    def change(existing: Node) -> Node:
        if existing.kind != kind.value:
            raise InputError(
                f"{node_id!r} is {NodeKind(existing.kind).with_article}, but the input is for "
                f"{kind.with_article}"
            )
        node: Node = _validated(
            lambda: patch_record(existing, patch, resolve=store.node_kinds, candidates=node_candidates(store))
        )
        return node

    node = store.update_node(node_id, change)
    if node is None:
        raise InputError(f"no node {node_id!r}")
    return node


def create_relation(store: Store, data: Mapping[str, Any]) -> Relation:
    """Validate and insert a new relation in one transaction (fields given as None are left
    out; IdTakenError if its id exists)."""
    fields = {k: v for k, v in data.items() if v is not None}
    rel: Relation = _validated(
        lambda: record_from_data(
            "relations", fields, resolve=store.node_kinds, candidates=node_candidates(store)
        )
    )
    _not_survey(rel)
    if not store.create_relation(rel):  # atomic: inserts, or refuses a taken id
        raise IdTakenError("relation", rel.id)
    return rel


def _not_survey(rel: Relation) -> None:
    """Survey ties carry a respondent's latest answers: only partnermap.surveys writes them."""
    if rel.kind is RelationKind.SURVEY_TIE:
        raise InputError(
            "survey_tie relations are written by survey answers (partnermap.surveys.submit_response, "
            "partnermap survey import), not one by one"
        )


def update_relation(store: Store, relation_id: str, patch: Mapping[str, Any]) -> Relation:
    """Apply ``patch`` (None clears a field) to a relation, in one transaction with its read."""

    def change(current: Relation) -> Relation:
        _not_survey(current)
        rel: Relation = _validated(
            lambda: patch_record(current, patch, resolve=store.node_kinds, candidates=node_candidates(store))
        )
        return rel

    rel = store.update_relation(relation_id, change)
    if rel is None:
        raise InputError(f"no relation {relation_id!r}")
    return rel


def end_membership(store: Store, relation_id: str, on: date) -> Relation:
    """Set a membership's ``valid_to``, the last day it holds."""
    return update_relation(store, relation_id, {"valid_to": on.isoformat()})
