"""Records as Neo4j properties, and back: the property layout of the labelled graph.

Every field of a node or relation becomes one property, named as the field, in a type a
Cypher user can compare and a Browser shows as it is:

- text, numbers, booleans and ``Literal`` choices: native strings, integers, floats, booleans;
- enums: their value, a string (``org_kind: 'ngo'``);
- dates: Neo4j ``Date``; date-times: Neo4j ``DateTime`` (read back through the model's parser);
- lists of those (``eligible_applicants``): native lists;
- ``sources``: a list of ``"document#section"`` strings, the form :class:`~partnermap.model.Source`
  parses (a source that form cannot carry exactly, such as a document holding ``#``, makes the
  record keep its sources as JSON in ``sources_json`` instead);
- every other nested part (budget lines, positions, target and actual values by year, an
  indicator's definition, any dict): JSON text in a property named ``<field>_json``
  (``budget_lines_json``, ``positions_json``, ``targets_json``, ``actuals_json``,
  ``definition_json``).

A field that is None, or an empty list or dict that is also its default, has no property.
A relation's ``source`` and ``target`` are its end nodes, not properties. The layout is
derived from each model class's field annotations, so a field or kind added to the model
needs no code here.

Reading does not validate again what the store validated on write: :func:`decode` converts
each property by its field's plan and builds the record as ``model_construct`` would (every
field set), without that method's per-call cost; only the JSON parts go through a (cached)
TypeAdapter. ``tests/test_neo4j_model.py`` holds reading exact: a record read back equals
the record written, and equals what full validation makes of it.
"""

from __future__ import annotations

import contextlib
import copy
import types
from collections.abc import Callable, Mapping
from datetime import date, datetime
from enum import Enum
from functools import cache, lru_cache
from typing import Annotated, Any, Literal, NamedTuple, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter
from pydantic.fields import FieldInfo

from partnermap.model import Node, NodeKind, Relation, Source

__all__ = ["JSON_SUFFIX", "Codec", "PropsMemo", "codecs_of", "construct", "decode", "encode", "node_class"]

#: The suffix of a property holding a field as JSON text.
JSON_SUFFIX = "_json"

_SCALARS = (str, int, float, bool)


class Codec(NamedTuple):
    """How one field is stored: its property, the way it is converted, what converts it."""

    field: str
    prop: str
    how: Literal["scalar", "enum", "date", "datetime", "list", "enum_list", "sources", "json"]
    enum: type[Enum] | None
    adapter: TypeAdapter[Any] | None
    omit_empty: bool
    default: Callable[[], Any] | None


def _unwrap(annotation: Any) -> Any:
    """The type inside ``Annotated[...]`` and ``X | None``."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
            continue
        if origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            if len(args) == 1:
                annotation = args[0]
                continue
        return annotation


def _kind_of(annotation: Any) -> tuple[str, type[Enum] | None]:
    tp = _unwrap(annotation)
    if isinstance(tp, type):
        if issubclass(tp, Enum):
            return "enum", tp
        if issubclass(tp, datetime):
            return "datetime", None
        if issubclass(tp, date):
            return "date", None
        if issubclass(tp, _SCALARS):
            return "scalar", None
    if get_origin(tp) is Literal and all(isinstance(a, _SCALARS) for a in get_args(tp)):
        return "scalar", None
    if get_origin(tp) is list:
        (item,) = get_args(tp)
        if _unwrap(item) is Source:
            return "sources", None
        how, enum = _kind_of(item)
        if how == "scalar":
            return "list", None
        if how == "enum":
            return "enum_list", enum
    return "json", None


@cache
def codecs_of(cls: type[BaseModel]) -> tuple[Codec, ...]:
    """The plan of every stored field of a model class (a relation's ends are not stored)."""
    out = []
    for name, info in cls.model_fields.items():
        if cls is Relation and name in ("source", "target"):
            continue
        how, enum = _kind_of(info.annotation)
        adapter = None
        if how in ("json", "sources", "datetime"):
            adapter = TypeAdapter(info.rebuild_annotation())
        prop = name + JSON_SUFFIX if how == "json" else name
        omit_empty = info.default_factory is not None
        out.append(Codec(name, prop, how, enum, adapter, omit_empty, _default_of(info)))  # type: ignore[arg-type]
    return tuple(out)


def _default_of(info: FieldInfo) -> Callable[[], Any] | None:
    """What makes a missing field's default (None for a required field).

    Reads fill defaults themselves: ``model_construct`` would inspect the signature of
    every default factory on every call, which costs more than validating the record."""
    factory = info.default_factory
    if factory is not None:
        return factory  # type: ignore[return-value]
    if info.is_required():
        return None
    default = info.default
    if isinstance(default, (list, dict, set)):
        return lambda: copy.deepcopy(default)
    return lambda: default


@cache
def _node_classes() -> dict[str, type[BaseModel]]:
    union = get_args(Node)[0]
    return {cls.model_fields["kind"].default: cls for cls in get_args(union)}


def node_class(kind: NodeKind | str) -> type[BaseModel]:
    """The model class of a node kind."""
    return _node_classes()[str(getattr(kind, "value", kind))]


def _source_strings(sources: list[Source]) -> list[str] | None:
    """``document#section`` for each source, or None if one would not parse back exactly."""
    out = []
    for source in sources:
        document, section = source.document, source.section
        if "#" in document or document != document.strip() or section != section.strip():
            return None
        out.append(f"{document}#{section}")
    return out


def encode(record: BaseModel) -> dict[str, Any]:
    """The properties of a node or relation (see the module docstring)."""
    props: dict[str, Any] = {}
    for codec in codecs_of(type(record)):
        value = getattr(record, codec.field)
        if value is None:
            continue
        how = codec.how
        if how in {"scalar", "date", "datetime"}:
            props[codec.prop] = value
        elif how == "enum":
            props[codec.prop] = getattr(value, "value", value)
        elif how == "sources":
            strings = _source_strings(value)
            if strings is None:
                assert codec.adapter is not None
                props[codec.prop + JSON_SUFFIX] = codec.adapter.dump_json(value).decode("utf-8")
            else:
                props[codec.prop] = strings
        elif not value and codec.omit_empty:
            continue
        elif how == "list":
            props[codec.prop] = list(value)
        elif how == "enum_list":
            props[codec.prop] = [getattr(v, "value", v) for v in value]
        else:
            assert codec.adapter is not None
            props[codec.prop] = codec.adapter.dump_json(value).decode("utf-8")
    return props


@lru_cache(maxsize=4096)
def _source(text: str) -> Source:
    # Sources repeat (a document's sections), and a Source is frozen: one object serves all.
    document, _, section = text.partition("#")
    return Source.model_construct(document=document, section=section)


@cache
def _field_names(cls: type[BaseModel]) -> tuple[tuple[str, ...], frozenset[str]]:
    return tuple(cls.model_fields), frozenset(cls.model_fields)


def construct(cls: type[BaseModel], values: Mapping[str, Any]) -> Any:
    """What ``cls.model_construct(**values)`` makes when ``values`` holds every field: the
    instance with its fields in order, all set, no extras, no private attributes.

    ``model_construct`` itself loops over the fields in Python, looking at aliases and
    defaults, which costs more per record than validating its JSON in pydantic-core."""
    order, names = _field_names(cls)
    record = cls.__new__(cls)
    object.__setattr__(record, "__dict__", {name: values[name] for name in order})
    object.__setattr__(record, "__pydantic_fields_set__", set(names))
    object.__setattr__(record, "__pydantic_extra__", None)
    object.__setattr__(record, "__pydantic_private__", None)
    return record


def decode(cls: type[BaseModel], props: Mapping[str, Any], **extra: Any) -> Any:
    """The record of class ``cls`` whose properties are ``props`` (plus ``extra`` fields,
    such as a relation's ends), built without validating again."""
    values: dict[str, Any] = dict(extra)
    for codec in codecs_of(cls):
        raw = props.get(codec.prop)
        how = codec.how
        if raw is None:
            if how == "sources" and codec.prop + JSON_SUFFIX in props:
                assert codec.adapter is not None
                values[codec.field] = codec.adapter.validate_json(props[codec.prop + JSON_SUFFIX])
            elif codec.default is not None:
                values[codec.field] = codec.default()
            continue
        if how == "scalar":
            values[codec.field] = raw
        elif how == "enum":
            assert codec.enum is not None
            values[codec.field] = codec.enum(raw)
        elif how == "date":
            values[codec.field] = raw.to_native() if hasattr(raw, "to_native") else raw
        elif how == "datetime":
            assert codec.adapter is not None
            text = raw.iso_format() if hasattr(raw, "iso_format") else raw
            values[codec.field] = codec.adapter.validate_python(text)
        elif how == "sources":
            values[codec.field] = [_source(text) for text in raw]
        elif how == "list":
            values[codec.field] = list(raw)
        elif how == "enum_list":
            assert codec.enum is not None
            values[codec.field] = [codec.enum(v) for v in raw]
        else:
            assert codec.adapter is not None
            values[codec.field] = codec.adapter.validate_json(raw)
    if len(values) != len(_field_names(cls)[0]):  # pragma: no cover - a required field without property
        return cls.model_construct(_fields_set=set(cls.model_fields), **values)
    return construct(cls, values)


class PropsMemo:
    """Records by the properties they are read from: the same properties read again (an
    unchanged node or relationship) give the record built the first time.

    The key is every property with its value (lists as tuples) and, for a relation, its
    ends, so a change made anywhere (partnermap or a Cypher user) reads as a new record.
    For readers that treat records as read-only (a server's,
    ``Neo4jStore.share_records``): most of a read's CPU is building records, the JSON
    parts above all. Bounded: past ``size`` keys the oldest go first.
    """

    def __init__(self, size: int = 20_000) -> None:
        self.size = size
        self._records: dict[Any, Any] = {}

    def record(self, cls: type[BaseModel], props: Mapping[str, Any], **extra: Any) -> Any:
        """:func:`decode` of ``props``, or the record it gave for the same properties."""
        key = (
            *extra.values(),
            *((k, tuple(v) if isinstance(v, list) else v) for k, v in props.items()),
        )
        records = self._records
        found = records.get(key)
        if found is None:
            found = decode(cls, props, **extra)
            if len(records) >= self.size:
                # several threads may read a store: losing a race to evict costs nothing
                with contextlib.suppress(KeyError, RuntimeError, StopIteration):
                    del records[next(iter(records))]
            records[key] = found
        return found
