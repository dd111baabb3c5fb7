"""The Mutation type: create, update and delete nodes and relations, end a membership,
load a dataset. Each needs a key with the write role, is validated as ``partnermap load``
validates (pydantic models, then the dataset checks) and is one store transaction.

Update inputs are patches: fields left out keep their values, fields given as null are
cleared (and fall back to their defaults), so the same input types serve creating and
updating; fields marked "required when creating" must be given then.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from enum import Enum
from typing import Annotated, Any

import strawberry
from strawberry.permission import BasePermission

from partnermap.api.auth import check_write
from partnermap.api.context import Info
from partnermap.api.fields import mutation
from partnermap.api.schema import (
    Comparison,
    IndicatorMetric,
    Membership,
    MunicipalityType,
    NetworkStatus,
    Node,
    Relation,
    node_type,
    relation_type,
)
from partnermap.model import (
    NetworkType,
    NodeKind,
    OrgKind,
    ProjectKind,
    RelationKind,
    Role,
    Scope,
    Sector,
)

__all__ = ["Mutation"]

REQUIRED = " Required when creating."
SOURCES = "Where the facts come from, each as 'document#section'." + REQUIRED
ID_HELP = "The id, '<prefix>:<slug>' (default when creating: the prefix and the name's slug)."


class WriteAccess(BasePermission):
    """Mutations need a key with the write role (the HTTP layer checks this first)."""

    message = "writing needs an API key with the write role"

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        check_write(info.context.principal)
        return True


def _plain(value: Any) -> Any:
    if value is strawberry.UNSET:
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _data(value)
    return value


def _data(obj: Any) -> dict[str, Any]:
    """An input object as model data: only the fields given, None for those given as null."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if value is strawberry.UNSET:
            continue
        if isinstance(obj, IndicatorInput) and f.name in ("targets", "actuals") and value is not None:
            out[f.name] = {item.year: item.value for item in value}
            continue
        out[f.name] = _plain(value)
    return out


# --------------------------------------------------------------------------- inputs


@strawberry.input(description="A staff position (never a person).")
class PositionInput:
    title: str = strawberry.field(description="The position's title.")
    fte: float = strawberry.field(description="Workload in full-time equivalents.")
    title_en: str | None = strawberry.field(default=strawberry.UNSET, description="The title in English.")
    since: date | None = strawberry.field(default=strawberry.UNSET, description="Since when.")
    note: str | None = strawberry.field(default=strawberry.UNSET, description="A remark.")


@strawberry.input(description="One line of a budget.")
class BudgetLineInput:
    label: str = strawberry.field(description="What the money is for.")
    amount: float = strawberry.field(description="Amount, EUR.")
    year: int | None = strawberry.field(default=strawberry.UNSET, description="The budget year.")
    code: str | None = strawberry.field(default=strawberry.UNSET, description="The line's code.")
    responsible: str | None = strawberry.field(default=strawberry.UNSET, description="Who is responsible.")
    period_from: date | None = strawberry.field(
        default=strawberry.UNSET, description="First day of the line's period."
    )
    period_to: date | None = strawberry.field(
        default=strawberry.UNSET, description="Last day of the line's period."
    )


@strawberry.input(description="A value for a year.")
class YearValueInput:
    year: int = strawberry.field(description="The year.")
    value: float = strawberry.field(description="The value.")


@strawberry.input(description="How an indicator's value is computed from the graph.")
class IndicatorDefinitionInput:
    metric: IndicatorMetric = strawberry.field(description="The graph measure.")
    network: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="The network the measure counts in."
    )
    project: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="The project the measure counts in."
    )


@strawberry.input(description="An organisation's fields.")
class OrganisationInput:
    id: strawberry.ID | None = strawberry.field(default=strawberry.UNSET, description=ID_HELP)
    name: str | None = strawberry.field(default=strawberry.UNSET, description="The name." + REQUIRED)
    name_en: str | None = strawberry.field(default=strawberry.UNSET, description="The name in English.")
    description: str | None = strawberry.field(default=strawberry.UNSET, description="A short description.")
    sources: list[str] | None = strawberry.field(default=strawberry.UNSET, description=SOURCES)
    org_kind: OrgKind | None = strawberry.field(
        default=strawberry.UNSET, description="What sort of body." + REQUIRED
    )
    sector: Sector | None = strawberry.field(
        default=strawberry.UNSET, description="Public, non-profit or private." + REQUIRED
    )
    scope: Scope | None = strawberry.field(
        default=strawberry.UNSET, description="How far it reaches (default LOCAL)."
    )
    abbreviation: str | None = strawberry.field(
        default=strawberry.UNSET, description="Its usual abbreviation."
    )
    country: str | None = strawberry.field(
        default=strawberry.UNSET, description="ISO 3166 alpha-2 code if not Estonia."
    )


@strawberry.input(description="A network's fields.")
class NetworkInput:
    id: strawberry.ID | None = strawberry.field(default=strawberry.UNSET, description=ID_HELP)
    name: str | None = strawberry.field(default=strawberry.UNSET, description="The name." + REQUIRED)
    name_en: str | None = strawberry.field(default=strawberry.UNSET, description="The name in English.")
    description: str | None = strawberry.field(default=strawberry.UNSET, description="A short description.")
    sources: list[str] | None = strawberry.field(default=strawberry.UNSET, description=SOURCES)
    network_type: NetworkType | None = strawberry.field(
        default=strawberry.UNSET, description="What it is for (default COOPERATION_NETWORK)."
    )
    scope: Scope | None = strawberry.field(
        default=strawberry.UNSET, description="How far it reaches (default LOCAL)."
    )
    meetings_per_year: float | None = strawberry.field(
        default=strawberry.UNSET, description="How often it meets."
    )
    open: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Whether new members may join at any time."
    )
    status: NetworkStatus | None = strawberry.field(
        default=strawberry.UNSET, description="Planned, active (default) or ended."
    )


@strawberry.input(description="A project's, programme's, measure's, call's or activity's fields.")
class ProjectInput:
    id: strawberry.ID | None = strawberry.field(default=strawberry.UNSET, description=ID_HELP)
    name: str | None = strawberry.field(default=strawberry.UNSET, description="The name." + REQUIRED)
    name_en: str | None = strawberry.field(default=strawberry.UNSET, description="The name in English.")
    description: str | None = strawberry.field(default=strawberry.UNSET, description="A short description.")
    sources: list[str] | None = strawberry.field(default=strawberry.UNSET, description=SOURCES)
    project_kind: ProjectKind | None = strawberry.field(
        default=strawberry.UNSET, description="Programme, project, measure, call or activity." + REQUIRED
    )
    code: str | None = strawberry.field(default=strawberry.UNSET, description="Its code.")
    start: date | None = strawberry.field(default=strawberry.UNSET, description="First day.")
    end: date | None = strawberry.field(default=strawberry.UNSET, description="Last day.")
    budget: float | None = strawberry.field(default=strawberry.UNSET, description="Total budget, EUR.")
    budget_lines: list[BudgetLineInput] | None = strawberry.field(
        default=strawberry.UNSET, description="The budget, line by line."
    )
    budget_share: float | None = strawberry.field(
        default=strawberry.UNSET, description="Share of a fund, per cent."
    )
    fund: str | None = strawberry.field(default=strawberry.UNSET, description="The fund it draws on.")
    grant_min: float | None = strawberry.field(default=strawberry.UNSET, description="Smallest grant, EUR.")
    grant_max: float | None = strawberry.field(default=strawberry.UNSET, description="Largest grant, EUR.")
    eligible_applicants: list[OrgKind] | None = strawberry.field(
        default=strawberry.UNSET, description="Who may apply."
    )


@strawberry.input(description="A target group's fields.")
class TargetGroupInput:
    id: strawberry.ID | None = strawberry.field(default=strawberry.UNSET, description=ID_HELP)
    name: str | None = strawberry.field(default=strawberry.UNSET, description="The name." + REQUIRED)
    name_en: str | None = strawberry.field(default=strawberry.UNSET, description="The name in English.")
    description: str | None = strawberry.field(default=strawberry.UNSET, description="A short description.")
    sources: list[str] | None = strawberry.field(default=strawberry.UNSET, description=SOURCES)
    age_min: int | None = strawberry.field(default=strawberry.UNSET, description="Youngest age in the group.")
    age_max: int | None = strawberry.field(default=strawberry.UNSET, description="Oldest age in the group.")


@strawberry.input(description="An indicator's fields.")
class IndicatorInput:
    id: strawberry.ID | None = strawberry.field(default=strawberry.UNSET, description=ID_HELP)
    name: str | None = strawberry.field(default=strawberry.UNSET, description="The name." + REQUIRED)
    name_en: str | None = strawberry.field(default=strawberry.UNSET, description="The name in English.")
    description: str | None = strawberry.field(default=strawberry.UNSET, description="A short description.")
    sources: list[str] | None = strawberry.field(default=strawberry.UNSET, description=SOURCES)
    unit: str | None = strawberry.field(default=strawberry.UNSET, description="The unit counted." + REQUIRED)
    targets: list[YearValueInput] | None = strawberry.field(
        default=strawberry.UNSET, description="Targets by year."
    )
    actuals: list[YearValueInput] | None = strawberry.field(
        default=strawberry.UNSET, description="Reported values by year."
    )
    comparison: Comparison | None = strawberry.field(
        default=strawberry.UNSET, description="AT_LEAST (default), AT_MOST or EXACTLY."
    )
    definition: IndicatorDefinitionInput | None = strawberry.field(
        default=strawberry.UNSET, description="How the value is computed from the graph."
    )


@strawberry.input(description="A county's fields (counties normally come from the reference data).")
class CountyInput:
    id: strawberry.ID | None = strawberry.field(default=strawberry.UNSET, description=ID_HELP)
    name: str | None = strawberry.field(default=strawberry.UNSET, description="The name." + REQUIRED)
    name_en: str | None = strawberry.field(default=strawberry.UNSET, description="The name in English.")
    description: str | None = strawberry.field(default=strawberry.UNSET, description="A short description.")
    sources: list[str] | None = strawberry.field(default=strawberry.UNSET, description=SOURCES)
    ehak: str | None = strawberry.field(
        default=strawberry.UNSET, description="EHAK code (4 digits)." + REQUIRED
    )
    seat: str | None = strawberry.field(default=strawberry.UNSET, description="The county's seat.")
    lat: float | None = strawberry.field(default=strawberry.UNSET, description="Latitude." + REQUIRED)
    lon: float | None = strawberry.field(default=strawberry.UNSET, description="Longitude." + REQUIRED)


@strawberry.input(
    description="A municipality's fields (municipalities normally come from the reference data)."
)
class MunicipalityInput:
    id: strawberry.ID | None = strawberry.field(default=strawberry.UNSET, description=ID_HELP)
    name: str | None = strawberry.field(default=strawberry.UNSET, description="The name." + REQUIRED)
    name_en: str | None = strawberry.field(default=strawberry.UNSET, description="The name in English.")
    description: str | None = strawberry.field(default=strawberry.UNSET, description="A short description.")
    sources: list[str] | None = strawberry.field(default=strawberry.UNSET, description=SOURCES)
    municipality_type: MunicipalityType | None = strawberry.field(
        default=strawberry.UNSET, description="LINN or VALD." + REQUIRED
    )
    county: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="The county's id." + REQUIRED
    )
    ehak: str | None = strawberry.field(
        default=strawberry.UNSET, description="EHAK code (4 digits)." + REQUIRED
    )
    lat: float | None = strawberry.field(default=strawberry.UNSET, description="Latitude." + REQUIRED)
    lon: float | None = strawberry.field(default=strawberry.UNSET, description="Longitude." + REQUIRED)
    population: int | None = strawberry.field(default=strawberry.UNSET, description="Population.")


@strawberry.input(one_of=True, description="A node's fields: give exactly one of the kinds.")
class NodeInput:
    organisation: OrganisationInput | None = strawberry.field(
        default=strawberry.UNSET, description="An organisation."
    )
    network: NetworkInput | None = strawberry.field(default=strawberry.UNSET, description="A network.")
    project: ProjectInput | None = strawberry.field(
        default=strawberry.UNSET, description="A project, programme, measure, call or activity."
    )
    target_group: TargetGroupInput | None = strawberry.field(
        default=strawberry.UNSET, description="A target group."
    )
    indicator: IndicatorInput | None = strawberry.field(default=strawberry.UNSET, description="An indicator.")
    county: CountyInput | None = strawberry.field(default=strawberry.UNSET, description="A county.")
    municipality: MunicipalityInput | None = strawberry.field(
        default=strawberry.UNSET, description="A municipality."
    )

    def chosen(self) -> tuple[NodeKind, dict[str, Any]]:
        """The kind given and its fields as model data."""
        for name, kind in _NODE_INPUT_KINDS.items():
            value = getattr(self, name)
            if value is not strawberry.UNSET and value is not None:
                return kind, _data(value)
        raise AssertionError("oneOf guarantees one kind")  # pragma: no cover


_NODE_INPUT_KINDS = {
    "organisation": NodeKind.ORGANISATION,
    "network": NodeKind.NETWORK,
    "project": NodeKind.PROJECT,
    "target_group": NodeKind.TARGET_GROUP,
    "indicator": NodeKind.INDICATOR,
    "county": NodeKind.COUNTY,
    "municipality": NodeKind.MUNICIPALITY,
}


@strawberry.input(
    description="A relation's fields; which apply depends on the kind (e.g. agreement on PARTY_TO, budget "
    "on PARTNER_IN)."
)
class RelationInput:
    kind: RelationKind | None = strawberry.field(
        default=strawberry.UNSET, description="The kind of relation." + REQUIRED
    )
    source: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="The node it starts at." + REQUIRED
    )
    target: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="The node it ends at." + REQUIRED
    )
    id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET,
        description="An explicit id, only when two relations of one kind join the same pair.",
    )
    valid_from: date | None = strawberry.field(default=strawberry.UNSET, description="First day it holds.")
    valid_to: date | None = strawberry.field(default=strawberry.UNSET, description="Last day it holds.")
    role: Role | None = strawberry.field(
        default=strawberry.UNSET,
        description="MEMBER/CONVENER/COORDINATOR (member_of) or LEAD/PARTNER (partner_in).",
    )
    budget: float | None = strawberry.field(
        default=strawberry.UNSET, description="The partner's budget, EUR (partner_in)."
    )
    own_contribution: float | None = strawberry.field(
        default=strawberry.UNSET, description="Own contribution, EUR (partner_in)."
    )
    support: float | None = strawberry.field(default=strawberry.UNSET, description="Grant, EUR (partner_in).")
    amount: float | None = strawberry.field(default=strawberry.UNSET, description="Amount, EUR (funds).")
    agreement: str | None = strawberry.field(
        default=strawberry.UNSET, description="The agreement's name (party_to)."
    )
    context: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="The project or network an agreement belongs to."
    )
    budget_lines: list[BudgetLineInput] | None = strawberry.field(
        default=strawberry.UNSET, description="Budget lines (partner_in)."
    )
    positions: list[PositionInput] | None = strawberry.field(
        default=strawberry.UNSET, description="Staff positions (never persons)."
    )
    note: str | None = strawberry.field(default=strawberry.UNSET, description="A remark.")
    sources: list[str] | None = strawberry.field(default=strawberry.UNSET, description=SOURCES)


@strawberry.enum(description="The format of a dataset text.")
class DatasetFormat(Enum):
    AUTO = "auto"
    YAML = "yaml"
    JSON = "json"


@strawberry.type(description="What deleting did.")
class DeletePayload:
    id: strawberry.ID = strawberry.field(description="The id of what was deleted.")
    deleted: bool = strawberry.field(description="Always true: deleting what does not exist is an error.")


@strawberry.type(description="What loading a dataset changed, by record type.")
class LoadPayload:
    nodes_created: int = strawberry.field(description="Nodes that were new.")
    nodes_updated: int = strawberry.field(description="Nodes that existed and changed.")
    nodes_unchanged: int = strawberry.field(description="Nodes that existed as they are.")
    relations_created: int = strawberry.field(description="Relations that were new.")
    relations_updated: int = strawberry.field(description="Relations that existed and changed.")
    relations_unchanged: int = strawberry.field(description="Relations that existed as they are.")


WRITE: list[type[BasePermission]] = [WriteAccess]


@strawberry.type(
    description="Change the graph. Every mutation needs an API key with the write role and is one "
    "transaction."
)
class Mutation:
    @mutation(permission_classes=WRITE, description="Create a node; refused if its id exists.")
    async def create_node(
        self, info: Info, input: Annotated[NodeInput, strawberry.argument(description="The node.")]
    ) -> Node:
        kind, data = input.chosen()
        return node_type(await info.context.service.create_node(kind, data))

    @mutation(
        permission_classes=WRITE,
        description="Change some fields of a node (fields left out keep their values, nulls clear them).",
    )
    async def update_node(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The node's id.")],
        input: Annotated[
            NodeInput, strawberry.argument(description="The fields to change, under the node's kind.")
        ],
    ) -> Node:
        kind, data = input.chosen()
        return node_type(await info.context.service.update_node(str(id), kind, data))

    @mutation(
        permission_classes=WRITE,
        description="Delete a node; refused while relations use it, unless `cascade` deletes them too.",
    )
    async def delete_node(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The node's id.")],
        cascade: Annotated[bool, strawberry.argument(description="Delete its relations too.")] = False,
    ) -> DeletePayload:
        await info.context.service.delete_node(str(id), cascade)
        return DeletePayload(id=id, deleted=True)

    @mutation(permission_classes=WRITE, description="Create a relation; refused if its id exists.")
    async def create_relation(
        self, info: Info, input: Annotated[RelationInput, strawberry.argument(description="The relation.")]
    ) -> Relation:
        rel: Relation = relation_type(await info.context.service.create_relation(_data(input)))
        return rel

    @mutation(
        permission_classes=WRITE,
        description="Change some fields of a relation (kind and endpoints are fixed).",
    )
    async def update_relation(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The relation's id.")],
        input: Annotated[RelationInput, strawberry.argument(description="The fields to change.")],
    ) -> Relation:
        rel: Relation = relation_type(await info.context.service.update_relation(str(id), _data(input)))
        return rel

    @mutation(permission_classes=WRITE, description="Delete a relation.")
    async def delete_relation(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="The relation's id.")]
    ) -> DeletePayload:
        await info.context.service.delete_relation(str(id))
        return DeletePayload(id=id, deleted=True)

    @mutation(permission_classes=WRITE, description="End a membership: its last day becomes `on`.")
    async def end_membership(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID, strawberry.argument(description="The membership's (member_of relation's) id.")
        ],
        on: Annotated[date, strawberry.argument(description="The membership's last day.")],
    ) -> Membership:
        rel: Membership = relation_type(await info.context.service.end_membership(str(id), on))
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
        if format is DatasetFormat.AUTO:
            format = DatasetFormat.JSON if text.lstrip().startswith(("{", "[")) else DatasetFormat.YAML
        result = await info.context.service.load_dataset(
            text, ".json" if format is DatasetFormat.JSON else ".yaml"
        )
        return LoadPayload(**result.as_dict())
