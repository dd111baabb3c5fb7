"""The Mutation type: create, update and delete nodes and relations, end a membership,
load a dataset. Each needs a key with the write role, is validated as ``partnermap load``
validates (pydantic models, then the dataset checks) and is one store transaction.

Update inputs are patches: fields left out keep their values, fields given as null are
cleared (and fall back to their defaults), so the same input types serve creating and
updating; fields marked "required when creating" must be given then.
"""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import date
from enum import Enum
from typing import Annotated, Any, TypeVar

import strawberry
from pydantic import BaseModel
from strawberry.permission import BasePermission

from partnermap import model
from partnermap.api import derive
from partnermap.api.auth import check_write
from partnermap.api.context import Info
from partnermap.api.errors import UserInputError, input_error
from partnermap.api.fields import mutation
from partnermap.api.schema import NODE_MODELS, Membership, Node, Relation, node_type, relation_type
from partnermap.edits import IdTakenError, RecordError
from partnermap.model import NodeKind
from partnermap.store.base import LoadResult

__all__ = ["NODE_INPUTS", "Mutation", "NodeInput", "RelationInput"]

T = TypeVar("T")


class WriteAccess(BasePermission):
    """Mutations need a key with the write role (the HTTP layer checks this first)."""

    message = "writing needs an API key with the write role"

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        check_write(info.context.principal)
        return True


derive.register(model.Source, input=(str, lambda text: text))

ID_HELP = "The id, '<prefix>:<slug>' (default when creating: the prefix and the name's slug)."
SOURCES = "Where the facts come from, each as 'document#section'." + derive.REQUIRED
NODE_DOCS = {"id": ID_HELP, "sources": SOURCES}


# The inputs of the values a node or relation holds, each named after its model.
for _source, _description in (
    (model.Position, "A staff position (never a person)."),
    (model.BudgetLine, "One line of a budget."),
    (model.IndicatorDefinition, "How an indicator's value is computed."),
):
    derive.input(_source, patch=False, description=_description)(
        type(f"{_source.__name__}Input", (), {"__module__": __name__})
    )


#: Each node kind NodeInput offers, and its model: every kind but the surveys' (waves and
#: responses are written by :mod:`partnermap.surveys`, whose rules join several records).
NODE_KINDS: dict[NodeKind, type[BaseModel]] = {
    NodeKind(m.model_fields["kind"].default): m
    for m in NODE_MODELS
    if m not in (model.SurveyWave, model.SurveyResponse)
}
#: The input type of each node kind (OrganisationInput, ...), derived from its model.
NODE_INPUTS: dict[NodeKind, type] = {
    kind: derive.input(
        source,
        patch=True,
        skip=("kind",),
        docs=NODE_DOCS,
        description="The fields of " + derive.summary(source)[:1].lower() + derive.summary(source)[1:],
    )(type(f"{source.__name__}Input", (), {"__module__": __name__}))
    for kind, source in NODE_KINDS.items()
}


def _one_of_the_kinds(cls: type[T]) -> type[T]:
    """Give the node input one field per node kind, of the kind's input type."""
    cls.__annotations__ = {kind.value: NODE_INPUTS[kind] | None for kind in NODE_KINDS}
    for kind, source in NODE_KINDS.items():
        about = derive.summary(source)
        setattr(cls, kind.value, strawberry.field(default=strawberry.UNSET, description=about))
    return strawberry.input(cls, one_of=True, description="A node's fields: give exactly one of the kinds.")


@_one_of_the_kinds
class NodeInput:
    def chosen(self) -> tuple[NodeKind, dict[str, Any]]:
        """The kind given and its fields as model data."""
        for kind in NODE_KINDS:
            value = getattr(self, kind.value)
            if value is not strawberry.UNSET and value is not None:
                return kind, derive.input_data(value)
        raise AssertionError("oneOf guarantees one kind")  # pragma: no cover


@derive.input(
    model.Relation,
    patch=True,
    ids=("id",),
    docs={
        "id": "An explicit id, only when two relations of one kind join the same pair.",
        "sources": SOURCES,
    },
    description="A relation's fields; which apply depends on the kind (e.g. agreement on PARTY_TO, budget "
    "on PARTNER_IN).",
)
class RelationInput:
    """Derived from :class:`partnermap.model.Relation`."""


@strawberry.enum(description="The format of a dataset text.")
class DatasetFormat(Enum):
    AUTO = "auto"
    YAML = "yaml"
    JSON = "json"


LOADED = "What loading a dataset changed, by record type."


@strawberry.type(description="What deleting did.")
class DeletePayload:
    id: strawberry.ID = strawberry.field(description="The id of what was deleted.")
    deleted: bool = strawberry.field(description="Always true: deleting what does not exist is an error.")


@derive.output(LoadResult, skip=("dry_run", "created_ids", "updated_ids"), description=LOADED)
class LoadPayload:
    """Derived from :class:`partnermap.store.base.LoadResult`."""


WRITE: list[type[BasePermission]] = [WriteAccess]


Id = Annotated[strawberry.ID, strawberry.argument(description="The node's or relation's id.")]


#: What to do instead of creating a record whose id is taken.
INSTEAD = {"node": "use updateNode", "relation": "use updateRelation, or give the new one an explicit id"}


async def _written(write: Awaitable[T]) -> T:
    """What a write made; the library's errors in the caller's words (the input's fields, the
    mutation to use instead)."""
    try:
        return await write
    except RecordError as exc:
        raise input_error(exc, id_from_name=exc.id_from_name) from None
    except IdTakenError as exc:
        raise UserInputError(f"{exc}: {INSTEAD[exc.noun]}") from None


@strawberry.type(
    description="Change the graph. Every mutation needs an API key with the write role and is one "
    "transaction."
)
class Mutation:
    @mutation(permission_classes=WRITE, description="Create a node; refused if its id exists.")
    async def create_node(
        self, info: Info, input: Annotated[NodeInput, strawberry.argument(description="The node.")]
    ) -> Node:
        node: Node = node_type(await _written(info.context.service.create_node(*input.chosen())))
        return node

    @mutation(
        permission_classes=WRITE,
        description="Change some fields of a node (fields left out keep their values, nulls clear them).",
    )
    async def update_node(
        self,
        info: Info,
        id: Id,
        input: Annotated[
            NodeInput, strawberry.argument(description="The fields to change, under the node's kind.")
        ],
    ) -> Node:
        node: Node = node_type(await _written(info.context.service.update_node(str(id), *input.chosen())))
        return node

    @mutation(
        permission_classes=WRITE,
        description="Delete a node; refused while relations use it, unless `cascade` deletes them too.",
    )
    async def delete_node(
        self,
        info: Info,
        id: Id,
        cascade: Annotated[bool, strawberry.argument(description="Delete its relations too.")] = False,
    ) -> DeletePayload:
        await info.context.service.delete_node(str(id), cascade)
        return DeletePayload(id=id, deleted=True)

    @mutation(permission_classes=WRITE, description="Create a relation; refused if its id exists.")
    async def create_relation(
        self, info: Info, input: Annotated[RelationInput, strawberry.argument(description="The relation.")]
    ) -> Relation:
        service = info.context.service
        rel: Relation = relation_type(await _written(service.create_relation(derive.input_data(input))))
        return rel

    @mutation(
        permission_classes=WRITE, description="Change some fields of a relation (kind and ends are fixed)."
    )
    async def update_relation(
        self,
        info: Info,
        id: Id,
        input: Annotated[RelationInput, strawberry.argument(description="The fields to change.")],
    ) -> Relation:
        rel: Relation = relation_type(
            await _written(info.context.service.update_relation(str(id), derive.input_data(input)))
        )
        return rel

    @mutation(permission_classes=WRITE, description="Delete a relation.")
    async def delete_relation(self, info: Info, id: Id) -> DeletePayload:
        await info.context.service.delete_relation(str(id))
        return DeletePayload(id=id, deleted=True)

    @mutation(permission_classes=WRITE, description="End a membership: its last day becomes `on`.")
    async def end_membership(
        self,
        info: Info,
        id: Id,
        on: Annotated[date, strawberry.argument(description="The membership's last day.")],
    ) -> Membership:
        rel: Membership = relation_type(await _written(info.context.service.end_membership(str(id), on)))
        return rel

    @mutation(
        permission_classes=WRITE,
        description="Load a dataset (YAML or JSON text, as `partnermap load` reads a file) in one "
        "transaction: all of it or nothing.",
    )
    async def load_dataset(
        self,
        info: Info,
        text: Annotated[str, strawberry.argument(description="The dataset file's content.")],
        format: Annotated[
            DatasetFormat, strawberry.argument(description="YAML, JSON or AUTO (JSON if it starts with '{').")
        ] = DatasetFormat.AUTO,
    ) -> LoadPayload:
        result = await info.context.service.load_dataset(text, json=format is DatasetFormat.JSON)
        return derive.to_graphql(LoadPayload, result)
