"""Compiled reads: a query document checked once, then answered without graphql-core's executor.

The first time a ``POST /graphql`` JSON body brings a document, it is parsed and validated
as strawberry does it (the same schema, token limit and validation rules,
:func:`partnermap.api.limits.validation_rules`) and compiled into a plan: for each
selection, the steps that read its fields from the store's records (the field's
:mod:`partnermap.api.plan` metadata, the derived fields of :mod:`partnermap.api.derive`).
A request then runs the plan level by level: one :meth:`Loaders.read
<partnermap.api.loaders.Loaders.read>` (one ``read_level`` round trip) for everything a level
lacks, answers built as plain dicts in graphql-core's order, serialised once, as strawberry
would serialise them. A node read by id comes with the relations its own selection reads
(``organisation(id:) { memberships ... }`` is one round trip, not two). Root fields run
their strawberry resolvers (their checks and arguments stay in one place), but for a node
by id, which the plan reads with its first level.

On a store that reads a tree of reads in one round trip (:meth:`Store.read_tree
<partnermap.store.base.Store.read_tree>`, Neo4j: one Cypher query), the levels are read
at once instead: the root resolvers' reads are held back until each resolver waits
(:meth:`GraphService.gathering <partnermap.service.GraphService.gathering>`), then read in
one ``read_tree`` together with the nodes by id and what every planned field below reads
(its :class:`~partnermap.store.base.Branch`), and the levels run on what it read; anything
the tree did not foresee is read a level at a time as above.

Whatever the plan does not cover goes to strawberry unchanged: mutations, GET, other
content types, introspection, fields without a plan, and every error (a document that does
not validate, variables that do not coerce, a resolver's error, a null where the schema
says never): reads are idempotent, so the standard path answers those as it always has.
Authorisation and the result cache (single flight, the same key) are the router's own.
"""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
import json
import logging
from collections.abc import Awaitable, Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import strawberry
from graphql import (
    DirectiveNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    Undefined,
    VariableNode,
    get_named_type,
    is_abstract_type,
    is_leaf_type,
    parse,
    visit,
)
from graphql.execution.collect_fields import FragmentDetails, collect_fields, collect_subfields
from graphql.execution.values import VariableValues, get_argument_values, get_variable_values
from graphql.language import Visitor
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.http import GraphQLRequestData, process_result
from strawberry.schema.schema import validate_document
from strawberry.types import ExecutionResult
from strawberry.types.arguments import convert_arguments

from partnermap import model
from partnermap.api import derive
from partnermap.api.auth import AuthError, authenticate
from partnermap.api.context import Context
from partnermap.api.limits import validation_rules
from partnermap.api.loaders import PENDING, Loaders, Missing, RelationKey, Want
from partnermap.api.plan import PLAN, ActiveOn, ById, Home, Linked, Neighbours
from partnermap.api.schema import RELATION_TYPES, reader
from partnermap.api.settings import ApiSettings
from partnermap.errors import PartnermapError
from partnermap.service import Gathered, GraphService
from partnermap.store.base import Branch, NodeList, RelationGroup, Root, Tree
from partnermap.store.properties import node_class

__all__ = ["CompiledReads", "Compiler"]

log = logging.getLogger("partnermap.api")

NO_ARGUMENTS: dict[str, Any] = {}

PLANS = 512
"""Most compiled documents kept (as strawberry's parser and validation caches)."""


class _Fallback(Exception):
    """The plan cannot answer this request: strawberry will."""


Read = Callable[[Any, "_Run"], Any]
Complete = Callable[[Any, "_Run"], Any]
Follow = Callable[["_Run"], tuple[Branch, ...]]
Selections = dict[str, list["_Step"]]


@dataclass
class _Step:
    """One response key of a selection: how to read its value and how to complete it."""

    key: str
    read: Read
    complete: Complete
    awaits: bool = False  # read returns an awaitable (a self-only async resolver)
    prefetch: Callable[[str, _Run], RelationKey] | None = None  # what it reads at a node's id
    follow: Follow | None = None  # what it reads from its record, as branches of a tree of reads


@dataclass
class _Root:
    key: str
    resolve: Callable[..., Any]
    arguments: Callable[[_Run], dict[str, Any]]
    wants_info: bool
    complete: Complete
    by_id: ById | None = None  # read here with its first level, not by its resolver
    selections: dict[str, list[_Step]] = field(default_factory=dict)


@dataclass
class Plan:
    """A compiled operation: its root fields and what the request's variables need."""

    operation: OperationDefinitionNode
    roots: list[_Root]
    firsts: dict[str, list[list[_Step]]] = field(default_factory=dict)
    """By GraphQL type name, the selections of the records nearest the root fields (a list's
    nodes, a relation listing's relations): what a tree read at the roots follows."""


class _Run:
    """One request's run of a plan: what it has read, and the work of the next level."""

    def __init__(self, loaders: Loaders, context: Context, variables: VariableValues) -> None:
        self.loaders = loaders
        self.context = context
        self.variables = variables
        self.known: dict[Hashable, Any] = {}
        self.wanted: dict[str | RelationKey, None] = {}
        self.next: list[tuple[list[_Step], Any, dict[str, Any]]] = []
        self.arguments: dict[int, dict[str, Any]] = {}

    def get(self, want: Want) -> Any:
        """What the request read for a node id or the relations at a node, and for a list of
        ids their nodes (None where none); Missing if it has not read it yet (every missing key
        wanted at once; for a list, Missing names all its ids)."""
        if isinstance(want, list):
            return self._nodes(want)
        found = self.known.get(want, PENDING)
        if found is PENDING:
            found = self.loaders.peek(want)
            if found is PENDING:
                self.wanted[want] = None
                raise Missing([want])
        return found

    def _nodes(self, ids: list[str]) -> list[Any]:
        out, missing = [], False
        for node_id in ids:
            try:
                out.append(self.get(node_id))
            except Missing:
                missing = True
        if missing:
            raise Missing(list(ids))
        return out

    async def fetch(self) -> None:
        keys = list(self.wanted)
        self.wanted.clear()
        self.known.update(zip(keys, await self.loaders.read(keys, into=self.known), strict=True))


def _definition(field: GraphQLField) -> Any:
    """The strawberry field of a GraphQL field; _Fallback if it has permissions or field
    extensions, which only strawberry's executor applies."""
    definition = field.extensions["strawberry-definition"]
    if definition.permission_classes or definition.extensions:
        raise _Fallback
    return definition


def _constant(value: str) -> Read:
    return lambda _, run: value


def _constant_complete(value: Any, run: _Run) -> Any:
    return value


def _self_only(func: Callable[..., Any]) -> bool:
    return list(inspect.signature(func).parameters) == ["self"]


class Compiler:
    """Plans of query documents for one schema, kept by document, operation and the values
    of the variables its ``@include``/``@skip`` directives read."""

    def __init__(self, schema: strawberry.Schema, settings: ApiSettings) -> None:
        self.strawberry = schema
        self.schema: GraphQLSchema = schema._schema
        self.settings = settings
        self.rules = validation_rules(settings)
        self._documents: dict[str, tuple[DocumentNode, tuple[str, ...]] | None] = {}
        self._plans: dict[Hashable, Plan | None] = {}
        self.answered = 0
        """How many requests plans answered (the rest went to strawberry)."""
        self._firsts: dict[str, list[list[_Step]]] | None = None  # filled while a root compiles
        self.names: dict[type, str] = {}  # strawberry class -> GraphQL type name
        for name, concrete in schema.schema_converter.type_map.items():
            origin = getattr(concrete.definition, "origin", None)
            if isinstance(origin, type):
                self.names[origin] = name

    # ------------------------------------------------------------------ documents

    def _document(self, query: str) -> tuple[DocumentNode, tuple[str, ...]] | None:
        """The parsed document if it validates and uses no directive but include and skip, with
        the variables those read."""
        if query in self._documents:
            return self._documents[query]
        found: tuple[DocumentNode, tuple[str, ...]] | None = None
        try:
            document = parse(query, max_tokens=self.settings.max_tokens)
        except GraphQLError:
            document = None
        if document is not None and not validate_document(self.schema, document, tuple(self.rules)):
            directives: list[DirectiveNode] = []

            class Directives(Visitor):
                def enter_directive(self, node: DirectiveNode, *_: Any) -> None:
                    directives.append(node)

            visit(document, Directives())
            if all(d.name.value in ("include", "skip") for d in directives):
                used = {
                    a.value.name.value
                    for d in directives
                    for a in d.arguments or ()
                    if isinstance(a.value, VariableNode)
                }
                found = (document, tuple(sorted(used)))
        _bounded(self._documents)[query] = found
        return found

    def plan(self, query: str, operation_name: str | None, variables: dict[str, Any]) -> Plan | None:
        """The plan of a query operation, None if strawberry should answer it."""
        document = self._document(query)
        if document is None:
            return None
        doc, used = document
        try:
            given = [[v in variables, variables.get(v)] for v in used]  # left out is not null
            key = (query, operation_name, json.dumps(given, sort_keys=True))
        except (TypeError, ValueError):
            return None
        if key not in self._plans:
            try:
                made: Plan | None = self._compile(doc, operation_name, variables)
            except _Fallback:
                made = None
            except GraphQLError:  # these variables do not coerce: the next request's may
                return None
            _bounded(self._plans)[key] = made
        return self._plans[key]

    def _compile(self, document: DocumentNode, operation_name: str | None, raw: dict[str, Any]) -> Plan:
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        if operation_name is not None:
            operations = [o for o in operations if o.name is not None and o.name.value == operation_name]
        if len(operations) != 1 or operations[0].operation is not OperationType.QUERY:
            raise _Fallback
        operation = operations[0]
        variables = get_variable_values(self.schema, operation.variable_definitions or (), raw)
        if isinstance(variables, list):
            raise variables[0]
        fragments = {
            d.name.value: FragmentDetails(d)
            for d in document.definitions
            if isinstance(d, FragmentDefinitionNode)
        }
        query_type = self.schema.query_type
        assert query_type is not None
        collected = collect_fields(self.schema, fragments, variables, query_type, operation)
        context = (fragments, variables, operation)
        roots = []
        firsts: dict[str, list[list[_Step]]] = {}
        self._firsts = firsts
        for key, details in collected.grouped_field_set.items():
            name = details[0].node.name.value
            if name.startswith("__"):
                raise _Fallback  # introspection (and a root __typename): strawberry's
            root = query_type.fields[name]
            definition = _definition(root)
            if definition.base_resolver is None:
                raise _Fallback
            func = definition.base_resolver.wrapped_func
            arguments = self._arguments(root, [d.node for d in details], definition)
            wants_info = "info" in inspect.signature(func).parameters
            by_id = definition.metadata.get(PLAN)
            if isinstance(by_id, ById):
                selections: dict[str, list[_Step]] = {}
                complete = self._completer(root.type, details, context, wrapped=False, selections=selections)
                roots.append(_Root(key, func, arguments, wants_info, complete, by_id, selections))
            else:
                complete = self._completer(root.type, details, context, wrapped=True)
                roots.append(_Root(key, func, arguments, wants_info, complete))
        self._firsts = None
        return Plan(operation, roots, firsts)

    # ------------------------------------------------------------------ completion

    def _completer(
        self,
        gql_type: Any,
        details: Any,
        context: Any,
        *,
        wrapped: bool,
        selections: dict[str, list[_Step]] | None = None,
    ) -> Complete:
        """How a value of a GraphQL type becomes JSON; ``wrapped``: values are strawberry
        objects (from resolvers), else the records themselves; ``selections`` gets the
        compiled selection of each object type the value may be."""
        if isinstance(gql_type, GraphQLNonNull):
            inner = self._completer(
                gql_type.of_type, details, context, wrapped=wrapped, selections=selections
            )

            def non_null(value: Any, run: _Run) -> Any:
                if value is None:
                    raise _Fallback  # graphql-core reports an error here: strawberry's answer
                return inner(value, run)

            return non_null
        if isinstance(gql_type, GraphQLList):
            item = self._completer(gql_type.of_type, details, context, wrapped=wrapped, selections=selections)
            return lambda value, run: None if value is None else [item(v, run) for v in value]
        if is_leaf_type(gql_type):
            coerce = gql_type.coerce_output_value

            def leaf(value: Any, run: _Run) -> Any:
                if value is None:
                    return None
                out = coerce(value)
                if out is None or out is Undefined:
                    raise _Fallback
                return out

            return leaf
        possible = self._possible(gql_type)
        selections = {} if selections is None else selections
        records = {t.name: self._is_record(t) for t in possible}
        if len(set(records.values())) != 1:
            raise _Fallback
        is_record = next(iter(records.values()))
        firsts = self._firsts
        if is_record:
            self._firsts = None  # only the records nearest the root are the roots' own
        try:
            selections.update({t.name: self._selection(t, details, context) for t in possible})
        finally:
            self._firsts = firsts
        if is_record and firsts is not None:
            for name, steps in selections.items():
                firsts.setdefault(name, []).append(steps)
        name_of = self._name_of
        only = next(iter(selections.values())) if len(selections) == 1 else None

        def obj(value: Any, run: _Run) -> Any:
            if value is None:
                return None
            if wrapped and is_record:
                value = value.obj
            steps = only if only is not None else selections.get(name_of(value, is_record) or "")
            if steps is None:
                raise _Fallback
            out = dict.fromkeys(s.key for s in steps)
            run.next.append((steps, value, out))
            return out

        return obj

    def _possible(self, gql_type: Any) -> list[GraphQLObjectType]:
        return list(self.schema.get_possible_types(gql_type)) if is_abstract_type(gql_type) else [gql_type]

    def _is_record(self, gql_type: GraphQLObjectType) -> bool:
        origin = gql_type.extensions["strawberry-definition"].origin
        return origin in derive._SPECS  # a derived output type: its values are their sources

    @staticmethod
    def _only_obj(gql_type: GraphQLObjectType) -> bool:
        """Whether a derived type's objects hold nothing but their record and its fields."""
        public = {f.extensions["strawberry-definition"].python_name for f in gql_type.fields.values()}
        origin = gql_type.extensions["strawberry-definition"].origin
        return all(f.name in public or f.name == "obj" for f in dataclasses.fields(origin))

    def _name_of(self, value: Any, is_record: bool) -> str | None:
        if not is_record:
            return self.names.get(type(value))
        if isinstance(value, model.Relation):
            kind = RELATION_TYPES.get(value.kind)
            return None if kind is None else self.names.get(kind)
        found = derive._OUTPUTS.get(type(value))
        return None if found is None else self.names.get(found[0])

    def _selection(self, gql_type: GraphQLObjectType, details: Any, context: Any) -> list[_Step]:
        fragments, variables, operation = context
        collected = collect_subfields(self.schema, fragments, variables, operation, gql_type, details)
        steps = []
        for key, sub in collected.grouped_field_set.items():
            name = sub[0].node.name.value
            if name == "__typename":
                steps.append(_Step(key, _constant(gql_type.name), _constant_complete))
            elif name.startswith("__"):
                raise _Fallback
            else:
                steps.append(self._step(key, gql_type, gql_type.fields[name], sub, context))
        return steps

    def _step(
        self, key: str, parent: GraphQLObjectType, field: GraphQLField, details: Any, context: Any
    ) -> _Step:
        definition = _definition(field)
        spec = definition.metadata.get(PLAN)
        is_record = self._is_record(parent)
        nodes = [d.node for d in details]
        if spec is not None and is_record:
            selections: dict[str, list[_Step]] = {}
            complete = self._completer(field.type, details, context, wrapped=False, selections=selections)
            read, prefetch, follow = self._planned(spec, field, nodes, definition, selections)
            return _Step(key, read, complete, prefetch=prefetch, follow=follow)
        resolver = definition.base_resolver
        if resolver is not None:
            func = resolver.wrapped_func
            if not _self_only(func):
                raise _Fallback
            complete = self._completer(field.type, details, context, wrapped=True)
            if is_record:
                if not self._only_obj(parent):
                    raise _Fallback  # the resolver may read more of its object than the record
                return _Step(
                    key, lambda value, run: func(SimpleNamespace(obj=value)), complete, resolver.is_async
                )
            return _Step(key, lambda value, run: func(value), complete, resolver.is_async)
        attribute = definition.python_name
        if not is_record:
            complete = self._completer(field.type, details, context, wrapped=True)
            return _Step(key, lambda value, run: getattr(value, attribute), complete)
        specs = {s.name: s for s in derive._SPECS[parent.extensions["strawberry-definition"].origin]}
        if attribute not in specs:
            raise _Fallback
        source, convert = specs[attribute].source, specs[attribute].convert
        named = get_named_type(field.type)
        if not is_leaf_type(named) and all(self._is_record(t) for t in self._possible(named)):
            complete = self._completer(field.type, details, context, wrapped=False)
            return _Step(key, lambda value, run: getattr(value, source), complete)
        complete = self._completer(field.type, details, context, wrapped=True)
        return _Step(key, lambda value, run: convert(getattr(value, source)), complete)

    def _planned(
        self,
        spec: Any,
        field: GraphQLField,
        nodes: list[FieldNode],
        definition: Any,
        selections: dict[str, list[_Step]],
    ) -> tuple[Read, Callable[[str, _Run], RelationKey] | None, Follow | None]:
        """The read of a field with a plan (:func:`partnermap.api.schema.reader`, as its
        resolver reads it); for the fields that read relations at the record's id, which ones;
        and what it reads as branches of a tree of reads (:class:`~partnermap.store.base.Branch`),
        the branches of its own selection below. Nodes read by id come with the relations their
        own selection reads (``selections``), in the same round trip."""
        arguments = self._arguments(field, nodes, definition)
        answer, first_level = reader(spec), self._first_level

        def read(rec: Any, run: _Run) -> Any:
            return answer(rec, arguments(run), run.get)

        def read_linked(rec: Any, run: _Run) -> Any:
            try:
                return answer(rec, NO_ARGUMENTS, run.get)
            except Missing as missing:  # the nodes come with the relations their selection reads
                for key in missing.keys:
                    first_level(selections, key, run)  # type: ignore[arg-type]
                raise

        def below(run: _Run) -> tuple[Branch, ...]:
            return _follows(selections, run)

        def group(run: _Run) -> RelationGroup:
            return RelationGroup(*spec.at("", arguments(run))[1:])

        def follow(run: _Run) -> tuple[Branch, ...]:
            if isinstance(spec, Linked):
                then = below(run)
                return tuple(Branch(a, then) for a in spec.attributes)
            if isinstance(spec, Neighbours):  # the group's relations come with the nodes at their ends
                return (Branch(group(run)),)
            if isinstance(spec, Home):
                then = below(run)  # the target's own, or its county's (a county may be the home)
                if spec.part == "county":
                    then = _merge([*then, Branch("county", then)])
                return (Branch(group(run), (Branch("target", then),)),)
            return (Branch(group(run), below(run)),)  # Related

        at = getattr(spec, "at", None)
        prefetch = None if at is None else lambda node_id, run: at(node_id, arguments(run))
        return (
            read_linked if isinstance(spec, Linked) else read,
            prefetch,
            None if isinstance(spec, ActiveOn) else follow,
        )

    def _arguments(
        self, field: GraphQLField, nodes: list[FieldNode], definition: Any
    ) -> Callable[[_Run], dict[str, Any]]:
        """A field's arguments as its resolver receives them: once per request, or once for
        good when they name no variable."""
        node = nodes[0]
        slot = id(node)
        converter = self.strawberry.schema_converter
        config = self.strawberry.config
        variables: list[VariableNode] = []

        class Variables(Visitor):
            def enter_variable(self, found: VariableNode, *_: Any) -> None:
                variables.append(found)

        for argument in node.arguments or ():
            visit(argument, Variables())
        constant: list[dict[str, Any]] = []

        def arguments(run: _Run) -> dict[str, Any]:
            if constant:
                return constant[0]
            found = run.arguments.get(slot)
            if found is None:
                raw = get_argument_values(field, node, run.variables)
                found = run.arguments[slot] = convert_arguments(
                    raw, definition.arguments, scalar_registry=converter.scalar_registry, config=config
                )
                if not variables:  # the same for every request (resolvers never change them)
                    constant.append(found)
            return found

        return arguments

    # ------------------------------------------------------------------ running

    def _node_id(self, root: _Root, run: _Run) -> tuple[str, model.NodeKind]:
        """The id a by-id root names, and the kind of node it names (_Fallback if malformed)."""
        assert root.by_id is not None
        node_id = str(root.arguments(run)["id"])
        try:
            return node_id, model.check_node_id(node_id, root.by_id.kind)
        except PartnermapError as exc:
            raise _Fallback from exc

    def _want_node(self, root: _Root, run: _Run) -> str:
        """Want the node a by-id root names, and the relations at it that its selection reads
        (the next level's, read in the same round trip); its id."""
        node_id, kind = self._node_id(root, run)
        run.wanted[node_id] = None
        self._first_level(root.selections, node_id, run, kind)
        return node_id

    def _first_level(
        self, selections: dict[str, list[_Step]], node_id: str, run: _Run, kind: model.NodeKind | None = None
    ) -> None:
        """Want the relations at a node that its selection (by the kind its id names) reads."""
        kind = kind or model.kind_of_id(node_id)
        for step in selections.get(self._node_type(kind), ()):
            if step.prefetch is not None:
                key = step.prefetch(node_id, run)
                if key not in run.known:
                    run.wanted[key] = None

    def _node_type(self, kind: model.NodeKind | str | None) -> str:
        """The GraphQL type name of a node kind's records ("" for none)."""
        found = derive._OUTPUTS.get(node_class(kind)) if kind is not None else None
        return self.names.get(found[0], "") if found else ""

    def _start_types(self, start: tuple[str, ...] | NodeList | RelationGroup) -> set[str]:
        """The GraphQL type names of the records a tree root starts with."""
        if isinstance(start, NodeList):
            return {self._node_type(start.kind)}
        if isinstance(start, RelationGroup):
            kinds = [start.kind] if start.kind is not None else list(model.RelationKind)
            return {self.names.get(RELATION_TYPES[k], "") for k in kinds if k in RELATION_TYPES}
        return {self._node_type(model.kind_of_id(i)) for i in start}

    def _rooted(self, plan: Plan, root: Root, run: _Run) -> Root:
        """A root a root field's resolver asked for, with what the plan reads from its records
        (the selections nearest the root fields, by the records' types) as its branches; a
        root of ids that reads a group at them (a loader's read) gets them on that group."""

        def firsts(types: set[str]) -> tuple[Branch, ...]:
            found = [plan.firsts.get(t, []) for t in types]
            return _merge(
                b for steps in found for sel in steps for s in sel if s.follow for b in s.follow(run)
            )

        if isinstance(root.start, (NodeList, RelationGroup)):  # (a RelationGroup is a tuple too)
            return Root(root.start, _merge([*root.then, *firsts(self._start_types(root.start))]))
        then = [
            Branch(b.via, _merge([*b.then, *firsts(self._start_types(b.via))]))
            if isinstance(b.via, RelationGroup)
            else b
            for b in root.then
        ]
        return Root(root.start, tuple(then))

    async def run(self, plan: Plan, context: Context, raw: dict[str, Any]) -> ExecutionResult:
        """The result of a plan for a request (raises _Fallback for strawberry to answer)."""
        variables = get_variable_values(self.schema, plan.operation.variable_definitions or (), raw)
        if isinstance(variables, list):
            raise _Fallback
        run = _Run(context.loaders, context, variables)
        if context.service.reads_trees():
            values, by_id = await self._roots_in_one_read(plan, context, run)
        else:
            values, by_id = await self._roots(plan, context, run)
        data: dict[str, Any] = {}
        for root in plan.roots:
            if root.key in by_id:
                node = run.known.get(by_id[root.key])
                if node is None:
                    raise _Fallback  # not found: strawberry's error, with its suggestions
                data[root.key] = root.complete(node, run)
            else:
                data[root.key] = root.complete(next(values), run)
        await _levels(run)
        return ExecutionResult(data=data, errors=None)

    def _kwargs(self, root: _Root, context: Context, run: _Run) -> dict[str, Any]:
        if root.wants_info:
            return {**root.arguments(run), "info": SimpleNamespace(context=context)}
        return root.arguments(run)

    async def _roots(self, plan: Plan, context: Context, run: _Run) -> tuple[Iterator[Any], dict[str, str]]:
        """The root fields' values (but those read by id) and the ids of those read by id: the
        resolvers and the nodes by id with their first level side by side, a read apiece."""
        calls: list[Awaitable[Any]] = []
        by_id: dict[str, str] = {}
        for root in plan.roots:
            if root.by_id is not None:
                by_id[root.key] = self._want_node(root, run)
            else:
                calls.append(_awaited(root.resolve(None, **self._kwargs(root, context, run))))
        if run.wanted:  # the nodes asked for by id and their first level: one read
            calls.append(run.fetch())
        try:
            return iter(await asyncio.gather(*calls)), by_id
        except Exception as exc:
            raise _Fallback from exc

    async def _roots_in_one_read(
        self, plan: Plan, context: Context, run: _Run
    ) -> tuple[Iterator[Any], dict[str, str]]:
        """As :meth:`_roots`, on a store that reads a tree in one round trip: the resolvers'
        reads are held back (:meth:`GraphService.gathering`) and read, with the nodes by id and
        everything the plan reads below the roots, in one :meth:`GraphService.read_tree`; the
        levels then find what they read in ``run.known``."""
        service = context.service
        gathered = Gathered()
        roots: list[Root] = []
        by_id: dict[str, str] = {}
        tasks: list[asyncio.Future[Any]] = []
        with service.gathering(gathered):
            for root in plan.roots:
                if root.by_id is not None:
                    node_id, kind = self._node_id(root, run)
                    by_id[root.key] = node_id
                    then = _follows(
                        {self._node_type(kind): root.selections.get(self._node_type(kind), [])}, run
                    )
                    roots.append(Root((node_id,), then))
                else:
                    coroutine = _awaited(root.resolve(None, **self._kwargs(root, context, run)))
                    tasks.append(asyncio.ensure_future(coroutine))
        waiting: list[asyncio.Future[Tree]] = []  # asks taken, not answered yet
        try:
            while True:
                await _settle(tasks, gathered)
                asks, gathered.asks = gathered.asks, []
                waiting = [future for _, future in asks]
                roots += [self._rooted(plan, r, run) for rs, _ in asks for r in rs]
                if roots:
                    tree = await service.read_tree(roots)
                    roots = []
                    _know(run, tree)
                    for future in waiting:
                        future.set_result(tree)
                elif all(t.done() for t in tasks):
                    break
                else:  # a resolver waits for something else (a read of its own): let it
                    await asyncio.wait([t for t in tasks if not t.done()], timeout=0.001)
            return iter([t.result() for t in tasks]), by_id
        except Exception as exc:
            raise _Fallback from exc
        finally:  # an error, or the request cancelled: nothing is left waiting
            for future in [*waiting, *(f for _, f in gathered.asks)]:
                future.cancel()
            for task in tasks:
                task.cancel()


async def _awaited(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


async def _settle(tasks: list[asyncio.Future[Any]], gathered: Gathered) -> None:
    """Let the root resolvers run until each is done or waits: until nothing new was asked
    for some turns of the event loop (a loader's batch takes two to reach the store)."""
    quiet, asked = 0, len(gathered.asks)
    while quiet < 4 and not all(t.done() for t in tasks):
        await asyncio.sleep(0)
        quiet = 0 if len(gathered.asks) != asked else quiet + 1
        asked = len(gathered.asks)


def _know(run: _Run, tree: Tree) -> None:
    """Put what a tree read into ``run.known``, keyed as a level's reads are."""
    run.known.update(tree.nodes)
    for (group, node_id), rels in tree.relations.items():
        run.known[RelationKey(node_id, group.kind, group.direction, group.as_of, group.ending)] = rels


async def _levels(run: _Run) -> None:
    """Fill the answers level by level: each level's missing records in one read."""
    while run.next:
        items, run.next = run.next, []
        while items:
            retry: list[tuple[list[_Step], Any, dict[str, Any]]] = []
            waiting: list[tuple[_Step, Any, dict[str, Any]]] = []
            for steps, value, out in items:
                left = []
                for step in steps:
                    if step.awaits:
                        waiting.append((step, value, out))
                        continue
                    try:
                        out[step.key] = step.complete(step.read(value, run), run)
                    except Missing:
                        left.append(step)
                if left:
                    retry.append((left, value, out))
            for step, value, out in waiting:
                out[step.key] = step.complete(await step.read(value, run), run)
            if retry:
                if not run.wanted:
                    raise _Fallback
                await run.fetch()
            items = retry


def _follows(selections: Selections, run: _Run) -> tuple[Branch, ...]:
    """The branches the steps of a selection (of each type the records may be) read."""
    return _merge([b for steps in selections.values() for s in steps if s.follow for b in s.follow(run)])


def _merge(branches: Iterable[Branch]) -> tuple[Branch, ...]:
    """Branches that read the same, one branch (their branches merged in turn)."""
    by_via: dict[str | RelationGroup, list[Branch]] = {}
    for branch in branches:
        by_via.setdefault(branch.via, []).append(branch)
    return tuple(Branch(via, _merge(t for b in found for t in b.then)) for via, found in by_via.items())


def _bounded(cache: dict[Any, Any]) -> dict[Any, Any]:
    """The cache, its oldest entry dropped when full."""
    if len(cache) >= PLANS:
        del cache[next(iter(cache))]
    return cache


class CompiledReads:
    """ASGI layer before the FastAPI app: answers ``POST /graphql`` JSON queries by their plan,
    hands everything else (and every request its plan cannot answer) to the app unchanged.

    ``authorise`` and ``result_key`` are the router's (one rule each); the answer goes
    through ``GraphService.reused`` under the same key, so the result cache and its single
    flight are shared with strawberry's path.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        compiler: Compiler,
        service: GraphService,
        settings: ApiSettings,
        authorise: Callable[[Context, GraphQLRequestData], set[str]],
        result_key: Callable[[GraphQLRequestData], Hashable | None],
    ) -> None:
        self.app = app
        self.compiler = compiler
        self.service = service
        self.settings = settings
        self.authorise = authorise
        self.result_key = result_key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] != "/graphql":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        content_type = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
        accept = headers.get(b"accept", b"")
        if content_type != b"application/json" or b"multipart" in accept or b"event-stream" in accept:
            await self.app(scope, receive, send)
            return
        chunks, more = [], True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replay([message], receive), send)
                return
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body = b"".join(chunks)
        answer = await self._answer(scope, body)
        if answer is None:
            replayed: Message = {"type": "http.request", "body": body, "more_body": False}
            await self.app(scope, _replay([replayed], receive), send)
            return
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-length", str(len(answer)).encode()),
                    (b"content-type", b"application/json"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": answer})

    async def _answer(self, scope: Scope, body: bytes) -> bytes | None:
        """The response body of a request the plan answers, else None."""
        try:
            data = json.loads(body)
        except ValueError:
            return None
        if not isinstance(data, dict) or data.get("extensions") is not None:
            return None
        query, variables, name = data.get("query"), data.get("variables"), data.get("operationName")
        if not isinstance(query, str) or not isinstance(variables, (dict, type(None))):
            return None
        if not isinstance(name, (str, type(None))):
            return None
        request = GraphQLRequestData(query=query, variables=variables, operation_name=name, extensions=None)
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        try:
            principal = authenticate(headers, self.settings)
            context = Context(self.service, Loaders(self.service), principal, self.settings)
            if self.authorise(context, request) != {"query"}:
                return None
        except AuthError:
            return None  # the app answers with its 401 or 403
        try:
            plan = self.compiler.plan(query, name, variables or {})
        except Exception:  # a document graphql-core rejects at run time (a directive's null)
            return None
        if plan is None:
            return None
        key = self.result_key(request)
        try:
            with self.service.request_scope():
                result = await self.service.reused(
                    key,
                    lambda: self.compiler.run(plan, context, variables or {}),
                    keep=lambda result: not result.errors and result.data is not None,
                )
        except _Fallback:
            return None
        except Exception:  # a plan's bug must not cost an answer: strawberry gives it (and logs)
            log.debug("compiled read fell back", exc_info=True)
            return None
        if result.errors or result.data is None:
            return None
        self.compiler.answered += 1
        return json.dumps(process_result(result), separators=(",", ":")).encode()


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """A receive that gives ``messages`` first, then the connection's own."""
    queue = list(messages)

    async def replay() -> Message:
        return queue.pop(0) if queue else await receive()

    return replay
