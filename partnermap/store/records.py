"""Records from stored JSON without validating them again.

A store validates every node and relation when it is written (``partnermap load``, the
API's mutations, :mod:`partnermap.edits`) and keeps what pydantic dumped. Reading it back
through ``validate_json`` runs every validator again (text rules, ids, periods), which was
most of the CPU of an API request. :func:`trusted_node` and :func:`trusted_relation` build
the same objects from the parsed JSON with ``model_construct``, converting only what JSON
cannot carry (dates, enums, nested models, integer keys); a test compares them with
validated ones on every kind.

Examples
--------
>>> from partnermap.model import node_adapter
>>> text = '{"id": "county:harju", "kind": "county", "name": "Harju", "ehak": "0037", '
>>> text += '"sources": ["reference#counties"], "lat": 59.3, "lon": 24.7}'
>>> node = node_adapter.validate_json(text)
>>> trusted_node(node.model_dump_json()) == node
True
"""

from __future__ import annotations

import contextlib
import json
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from typing import Any

from pydantic import BaseModel

from partnermap.model import Node, Relation, node_adapter
from partnermap.store.properties import construct, node_class

__all__ = ["RecordMemo", "trusted_node", "trusted_relation"]

Convert = Callable[[Any], Any]


def _converter(annotation: Any) -> Convert | None:
    """How to turn a JSON value into the field's Python value; None: as it is."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _converter(args[0])
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        inner = _converter(options[0]) if len(options) == 1 else None
        if len(options) > 1 and any(_converter(a) is not None for a in options):
            raise TypeError(f"no trusted conversion for {annotation!r}")
        return None if inner is None else (lambda v: None if v is None else inner(v))
    if origin is list:
        item = _converter(args[0])
        return None if item is None else (lambda v: [item(x) for x in v])
    if origin is dict:
        key, value = _converter(args[0]), _converter(args[1])
        key = int if args[0] is int else key
        if key is None and value is None:
            return None
        k, w = key or (lambda x: x), value or (lambda x: x)
        return lambda v: {k(a): w(b) for a, b in v.items()}
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return _builder(annotation)
        if issubclass(annotation, Enum):
            return annotation
        if annotation is datetime:
            return datetime.fromisoformat
        if annotation is date:
            return date.fromisoformat
        if annotation is float:  # JSON may hold 3 for 3.0
            return float
    return None


_BUILDERS: dict[type[BaseModel], Callable[[dict[str, Any]], Any]] = {}


def _builder(cls: type[BaseModel]) -> Callable[[dict[str, Any]], Any]:
    """Build a ``cls`` from its dumped dict, converting each field that needs it."""
    if cls in _BUILDERS:
        return _BUILDERS[cls]
    converters: dict[str, Convert] = {}
    names = cls.model_fields.keys()

    def build(data: dict[str, Any]) -> Any:
        for name, convert in converters.items():
            value = data.get(name)
            if value is not None:
                data[name] = convert(value)
        if data.keys() != names:  # not as this code dumps it: let pydantic fill it in
            return cls.model_construct(**data)
        return construct(cls, data)

    _BUILDERS[cls] = build  # before the fields: models may nest themselves
    hints = typing.get_type_hints(cls, include_extras=True)
    for name in cls.model_fields:
        convert = _converter(hints[name])
        if convert is not None:
            converters[name] = convert
    return build


def trusted_node(text: str | bytes) -> Node:
    """A node from JSON a store wrote from a validated node (falls back to validation for a
    kind this code does not know)."""
    data = json.loads(text)
    try:
        cls = node_class(data.get("kind"))
    except (KeyError, ValueError):
        return node_adapter.validate_json(text)
    node: Node = _builder(cls)(data)
    return node


def trusted_relation(text: str | bytes) -> Relation:
    """A relation from JSON a store wrote from a validated relation."""
    relation: Relation = _builder(Relation)(json.loads(text))
    return relation


class RecordMemo:
    """Records by the stored JSON they are built from: a text read again (the same row,
    unchanged) gives the record built the first time, not a new one.

    For readers that treat records as read-only (a server's: the service's read cache hands
    the same objects to every request already), one record per distinct text is safe; a
    changed row has another text, hence a record of its own. Bounded: past ``size`` texts the
    oldest go first. ``SQLiteStore.share_records`` turns it on.
    """

    def __init__(self, size: int = 20_000) -> None:
        self.size = size
        self._records: dict[str | bytes, Any] = {}

    def _keep(self, text: str | bytes, record: Any) -> Any:
        records = self._records
        if len(records) >= self.size:
            # several threads may read a store: losing a race to evict costs nothing
            with contextlib.suppress(KeyError, RuntimeError, StopIteration):
                del records[next(iter(records))]
        records[text] = record
        return record

    def node(self, text: str | bytes) -> Node:
        """The node of a stored JSON text (:func:`trusted_node`)."""
        found = self._records.get(text)
        return found if found is not None else self._keep(text, trusted_node(text))  # type: ignore[no-any-return]

    def relation(self, text: str | bytes) -> Relation:
        """The relation of a stored JSON text (:func:`trusted_relation`)."""
        found = self._records.get(text)
        return found if found is not None else self._keep(text, trusted_relation(text))  # type: ignore[no-any-return]
