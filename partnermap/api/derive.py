"""GraphQL types derived from their sources, so that each field is declared once.

A class decorated with :func:`output` or :func:`input` gets a GraphQL field for every field
of its *source*, a pydantic model of :mod:`partnermap.model` or a result dataclass of
:mod:`partnermap.metrics`: a field added there reaches the output type, the mutation input
and the SDL with no change here. The class body holds only what the source cannot say:
resolvers of related objects. Descriptions come from the model's ``Field(description=...)``
or a dataclass docstring's numpy *Attributes* section; a type's, from the first paragraph
of its source's docstring.

======================================  ===================================================
source annotation                       GraphQL
======================================  ===================================================
``str``, ``int``, ``float``, ``bool``   the same scalar; ``date`` the ``Date`` scalar
``NodeId``, or a name in ``ids``        ``ID``
an enum of the model                    that enum
``Literal[...]``                        an enum of its values (metrics: ``String``)
a model or dataclass with a type        that type (see :func:`register` for others)
``X | None``, ``list[X]``               nullable, list
======================================  ===================================================

A source field that a resolver of the class replaces is not repeated, but an id field
stays readable as ``<name>Id`` (``Municipality.countyId`` beside ``Municipality.county``).
An output object keeps its source object as ``obj``, for its resolvers.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Callable, Collection, Mapping
from datetime import date
from enum import Enum
from typing import Annotated, Any, Literal, TypeVar, Union, cast, get_args, get_origin

import strawberry
from pydantic import BaseModel
from strawberry.types.base import get_object_definition

from partnermap import model

__all__ = [
    "REQUIRED",
    "entries",
    "graphql_of",
    "input",
    "input_annotation",
    "input_data",
    "literal_enum",
    "output",
    "register",
    "summary",
    "to_graphql",
]

T = TypeVar("T")
Convert = Callable[[Any], Any]
Mapped = tuple[Any, Convert]

REQUIRED = " Required when creating."

#: The GraphQL enums made of the model's ``Literal`` fields, by field: (name, description).
LITERAL_ENUMS: dict[str, tuple[str, str]] = {
    "municipality_type": (
        "MunicipalityType",
        "Whether a municipality is a city (linn) or a rural municipality (vald).",
    ),
    "status": ("NetworkStatus", "Whether a network is planned, active or has ended."),
    "comparison": ("Comparison", "How an indicator's value is compared with its target."),
    "metric": ("IndicatorMetric", "The graph measure an indicator's value is computed from."),
    "format": ("EventFormat", "How an event is held: in person, online or hybrid."),
}


@dataclasses.dataclass(frozen=True)
class Derived:
    """A derived field: its name on the GraphQL class, its source field, how to convert."""

    name: str
    source: str
    annotation: Any
    convert: Convert


@dataclasses.dataclass(frozen=True)
class _Options:
    only: Collection[str] | None = None
    skip: Collection[str] = ()
    ids: Collection[str] = ()
    enums: bool = True
    types: Mapping[str, Mapped] = dataclasses.field(default_factory=dict)
    docs: Mapping[str, str] = dataclasses.field(default_factory=dict)


_OUTPUTS: dict[Any, Mapped] = {}
_INPUTS: dict[Any, Mapped] = {}
_SPECS: dict[type, list[Derived]] = {}
_ENUMS: dict[str, type[Enum]] = {}


def _same(value: Any) -> Any:
    return value


def _value(member: Enum) -> Any:
    return member.value


def register(source: Any, *, output: Mapped | None = None, input: Mapped | None = None) -> None:
    """Map a source annotation to a GraphQL annotation and a converter, for outputs or inputs."""
    if output is not None:
        _OUTPUTS[source] = output
    if input is not None:
        _INPUTS[source] = input


def entries(source: Any, name: str, description: str, **fields: tuple[type, str]) -> type:
    """Show a mapping (``dict[K, V]``, the annotation ``source``) as a list of entries sorted
    by key: the output type ``name`` and the input type ``<name>Input``, each with the two
    ``fields`` (key first: name -> (type, description)), registered for ``source``."""
    (key, _), (value, _) = fields.items()

    def made(decorate: Any, suffix: str) -> Any:
        body = {field: strawberry.field(description=about) for field, (_, about) in fields.items()}
        annotations = {field: annotation for field, (annotation, _) in fields.items()}
        cls = type(name + suffix, (), {**body, "__annotations__": annotations, "__module__": __name__})
        return decorate(cls, description=description)

    out, given = made(strawberry.type, ""), made(strawberry.input, "Input")
    register(
        source,
        output=(list[out], lambda d: [out(**{key: k, value: v}) for k, v in sorted(d.items())]),  # type: ignore[valid-type]
        input=(list[given], lambda items: {getattr(i, key): getattr(i, value) for i in items}),  # type: ignore[valid-type]
    )
    return cast("type", out)


def literal_enum(field: str) -> type[Enum]:
    """The GraphQL enum of a model ``Literal`` field (once a type has derived it)."""
    return _ENUMS[LITERAL_ENUMS[field][0]]


def _literal_enum(field: str, values: tuple[str, ...], about: str) -> type[Enum]:
    head, *rest = field.split("_")
    name, description = LITERAL_ENUMS.get(field, (head.title() + "".join(p.title() for p in rest), about))
    if name not in _ENUMS:
        _ENUMS[name] = cast("type[Enum]", Enum(name, {v.upper(): v for v in values}))
        strawberry.enum(_ENUMS[name], description=description)
    if {m.value for m in _ENUMS[name]} != set(values):
        raise TypeError(f"two Literal fields make the enum {name} with different values")
    return _ENUMS[name]


def _map(hint: Any, field: str, output: bool, options: _Options, about: str) -> Mapped:
    """The GraphQL annotation of a source annotation, and how to convert its values."""
    known = _OUTPUTS if output else _INPUTS
    if hint in known:
        return known[hint]
    origin, args = get_origin(hint), get_args(hint)
    if hint == model.NodeId or (hint is str and field in options.ids):
        return strawberry.ID, _same
    if origin is Annotated:
        return _map(args[0], field, output, options, about)
    if origin in (Union, types.UnionType) and len(args) == 2 and type(None) in args:
        annotation, convert = _map(args[args[0] is type(None)], field, output, options, about)
        return annotation | None, lambda v: None if v is None else convert(v)
    if origin is Literal:
        if not options.enums:
            return str, _same
        enum = _literal_enum(field, args, about)
        return enum, (enum if output else _value)
    if origin is list:
        annotation, convert = _map(args[0], field, output, options, about)
        return types.GenericAlias(list, (annotation,)), lambda values: [convert(v) for v in values]
    if hint in (str, int, float, bool):
        return hint, _same
    if hint is date:
        return date, (_same if output else date.isoformat)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint, (_same if output else _value)
    raise TypeError(f"{field}: no GraphQL type for {hint!r}; map it with partnermap.api.derive.register")


def input_annotation(source: type, field: str) -> Any:
    """The GraphQL input annotation of one field of a model (a filter's condition on it)."""
    hint = typing.get_type_hints(source, include_extras=True)[field]
    return _map(hint, field, False, _Options(), "")[0]


def _attribute_docs(source: type) -> dict[str, str]:
    """The entries of a numpy docstring's *Attributes* section: name -> text."""
    # the section runs to the next underlined heading; an entry is "name : type" and indented text
    section = re.search(
        r"\n\s*Attributes\n\s*-+\n(.*?)(?:\n\s*\n\s*\w+\n\s*-+\n|$)", source.__doc__ or "", re.S
    )
    text = section[1] if section else ""
    entries = re.finditer(r"^\s*(\w+) :.*\n((?:^\s{5,}\S.*(?:\n|$))+)", text, re.M)
    return {m[1]: " ".join(m[2].split()) for m in entries}


def _describe(source: type, field: str, given: str | None, docs: Mapping[str, str]) -> str:
    """A field's description: ``docs``, the model's ``Field(description=...)`` or the dataclass
    docstring's *Attributes* entry."""
    found = docs.get(field) or given or _attribute_docs(source).get(field)
    if not found:
        raise TypeError(
            f"{source.__name__}.{field} has no description: give it Field(description=...) or an "
            "Attributes entry in its docstring"
        )
    return found if found.endswith(".") else found + "."


def _source_fields(source: type) -> list[tuple[str, Any, str | None, bool, Any]]:
    """(name, annotation, description, required, default) of each field of a model or dataclass."""
    hints = typing.get_type_hints(source, include_extras=True)
    if issubclass(source, BaseModel):
        return [
            (name, hints[name], info.description, info.is_required(), info.default)
            for name, info in source.model_fields.items()
        ]
    return [
        (f.name, hints[f.name], None, f.default is f.default_factory is dataclasses.MISSING, f.default)
        for f in dataclasses.fields(cast(Any, source))
    ]


def _inherited(cls: type) -> dict[str, Derived]:
    """The fields ``cls``'s GraphQL base classes have (derived ones with their converters)."""
    out: dict[str, Derived] = {}
    for base in reversed(cls.__mro__[1:]):
        definition = get_object_definition(base)
        for f in definition.fields if definition else ():  # never hides a field a base derived
            out.setdefault(f.python_name, Derived(f.python_name, "", None, _same))
        out.update({s.name: s for s in _SPECS.get(base, [])})
    return out


def _notes(description: str, required: bool, default: Any) -> str:
    """An input field's description, with what creating needs and what it defaults to."""
    if required:
        return description + REQUIRED
    shown = default.name if isinstance(default, Enum) else default.upper() if isinstance(default, str) else ""
    return f"{description[:-1]} (default {shown})." if shown else description


def _derive(cls: type, source: type, output: bool, patch: bool, options: _Options) -> list[Derived]:
    """Give ``cls`` the fields of ``source`` (annotations, strawberry fields); return their specs."""
    inherited, own = _inherited(cls), vars(cls)
    annotations: dict[str, Any] = {}  # the derived fields first, then the class's own
    specs: list[Derived] = []
    for name, hint, given, required, default in _source_fields(source):
        if name in options.skip or (options.only is not None and name not in options.only):
            continue
        is_id = hint == model.NodeId or get_args(hint)[:1] == (model.NodeId,) or name in options.ids
        replaced = output and getattr(own.get(name), "base_resolver", None) is not None
        attr = f"{name}_id" if replaced and is_id else name
        if attr in inherited or (replaced and attr == name):
            continue  # a base class has it, or a resolver of the class replaces it
        description = _describe(source, name, given, options.docs)
        annotation, convert = options.types.get(name) or _map(hint, name, output, options, description)
        specs.append(Derived(attr, name, annotation, convert))
        if output or (required and not patch):
            setattr(cls, attr, strawberry.field(description=description))
        else:  # optional: left out (UNSET) keeps a value, null clears it
            annotation = annotation | None
            about = _notes(description, required and name not in options.docs, default)
            setattr(cls, attr, strawberry.field(description=about, default=strawberry.UNSET))
        annotations[attr] = annotation
    annotations.update(own.get("__annotations__", {}))
    if output and "obj" not in annotations and "obj" not in inherited:
        annotations["obj"] = cast(Any, strawberry.Private)[Any]
    cls.__annotations__ = annotations
    return specs


def _finish(made: type[T], specs: list[Derived]) -> type[T]:
    init = {f.name for f in dataclasses.fields(cast(Any, made)) if f.init}
    _SPECS[made] = [s for s in [*_inherited(made).values(), *specs] if s.name in init and s.source]
    return made


def summary(source: type) -> str:
    """The first paragraph of a model's or dataclass's own docstring: its type's description by default."""
    doc = source.__dict__.get("__doc__")
    if not doc:
        raise TypeError(f"{source.__name__} has no docstring of its own: give the type a description")
    return " ".join(doc.strip().split("\n\n")[0].split())


def output(
    source: type,
    *,
    description: str | None = None,
    interface: bool = False,
    only: Collection[str] | None = None,
    skip: Collection[str] = (),
    ids: Collection[str] = (),
    enums: bool = True,
    types: Mapping[str, Mapped] | None = None,
) -> Callable[[type[T]], type[T]]:
    """Decorate a class as the GraphQL output type (or interface) of ``source``.

    Parameters
    ----------
    source : type
        A pydantic model or a dataclass: each field not in ``skip`` (and, if ``only`` is
        given, in it) becomes a field, unless a base class or a resolver already has it.
    description : str, optional
        The type's description; by default the first paragraph of the model's docstring.
    interface : bool
        Make an interface, whose fields its types inherit instead of repeating them.
    ids : collection of str
        Names of ``str`` fields that hold ids (typed ``ID``).
    enums : bool
        ``Literal`` fields as enums (the model's) or as strings (the metrics' labels).
    types : mapping
        Field name -> (GraphQL annotation, converter) for the odd field the rules do not
        fit (the model fills in a relation's default role, so ``role`` is never null).
    """
    options = _Options(only=only, skip=skip, ids=ids, enums=enums, types=types or {})

    def wrap(cls: type[T]) -> type[T]:
        specs = _derive(cls, source, True, False, options)
        about = description or summary(source)
        made = _finish(
            (strawberry.interface if interface else strawberry.type)(cls, description=about), specs
        )
        if not interface and only is None:
            register(source, output=(made, lambda obj: to_graphql(made, obj)))
        return made

    return wrap


def input(
    source: type,
    *,
    description: str,
    patch: bool,
    skip: Collection[str] = (),
    ids: Collection[str] = (),
    docs: Mapping[str, str] | None = None,
) -> Callable[[type[T]], type[T]]:
    """Decorate a class as the GraphQL input type of ``source``.

    With ``patch`` every field is optional (an update changes only the fields given; one
    given as null is cleared) and those the model requires say "Required when creating";
    without it, the model's required fields are required. ``ids`` as for :func:`output`;
    ``docs`` (field -> text) overrides descriptions.
    """
    options = _Options(skip=skip, ids=ids, docs=docs or {})

    def wrap(cls: type[T]) -> type[T]:
        specs = _derive(cls, source, False, patch, options)
        made = _finish(strawberry.input(cls, description=description), specs)
        register(source, input=(made, input_data))
        return made

    return wrap


def to_graphql(cls: type[T], obj: Any) -> T:
    """The GraphQL object of type ``cls`` for a source object (a model or metrics result)."""
    return cast(Any, cls)(obj=obj, **{s.name: s.convert(getattr(obj, s.source)) for s in _SPECS[cls]})  # type: ignore[no-any-return]


def graphql_of(obj: Any) -> Any:
    """The GraphQL object of a source object whose type has an output type (a list: of each)."""
    return [graphql_of(o) for o in obj] if isinstance(obj, list) else _OUTPUTS[type(obj)][1](obj)


def input_data(given: Any) -> dict[str, Any]:
    """A derived input object as model data: the fields given, None for those given as null."""
    out: dict[str, Any] = {}
    for spec in _SPECS[type(given)]:
        value = getattr(given, spec.name)
        if value is not strawberry.UNSET:
            out[spec.source] = None if value is None else spec.convert(value)
    return out
