"""The schema: exported SDL in sync with the code, everything described, query files valid."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import subprocess
import sys
from datetime import date
from typing import Any

import graphql as graphql_core
import pytest
import strawberry
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLUnionType,
    parse,
    validate,
)
from pydantic import Field
from strawberry.schema.config import StrawberryConfig

from partnermap import model
from partnermap.api import derive, make_schema
from partnermap.api.schema import DATE_SCALAR
from partnermap.api.sdl import SCHEMA_PATH, schema_sdl
from partnermap.metrics import brokerage, centrality, coverage, indicators, mixing, resilience
from tests.test_api_support import QUERIES, ROOT


def test_exported_sdl_matches_the_code() -> None:
    exported = SCHEMA_PATH.read_text(encoding="utf-8")
    assert exported == schema_sdl(), (
        "graphql/schema.graphql has drifted from the code: regenerate it with "
        "`partnermap schema -o graphql/schema.graphql` (or `python -m partnermap.api.sdl`)"
    )


def test_schema_command_prints_the_sdl() -> None:
    code = "import typer; from partnermap.cli.api import register; app = typer.Typer(); register(app); app()"
    result = subprocess.run(
        [sys.executable, "-c", code, "schema"], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout == schema_sdl()


def test_graphql_folder_is_not_a_python_package() -> None:
    assert not (ROOT / "graphql" / "__init__.py").exists()
    spec = importlib.util.find_spec("graphql")
    assert spec is not None and spec.origin is not None
    assert "site-packages" in spec.origin, f"'graphql' resolves to {spec.origin}, not graphql-core"
    assert hasattr(graphql_core, "graphql_sync")


def test_every_type_field_and_argument_has_a_description() -> None:
    schema = make_schema()._schema
    missing: list[str] = []
    for name, kind in schema.type_map.items():
        if name.startswith("__") or name in {"String", "Int", "Float", "Boolean", "ID"}:
            continue
        if not kind.description:
            missing.append(name)
        if isinstance(kind, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            for field_name, field in kind.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                for arg_name, arg in getattr(field, "args", {}).items():
                    if not arg.description:
                        missing.append(f"{name}.{field_name}({arg_name})")
        else:
            assert isinstance(kind, GraphQLEnumType | GraphQLScalarType | GraphQLUnionType), name
    assert not missing, f"without a description: {missing}"


@pytest.mark.parametrize("path", sorted(QUERIES.glob("*.graphql")), ids=lambda p: p.stem)
def test_query_files_are_valid_operations(path: object) -> None:
    schema = make_schema()._schema
    document = parse(path.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    assert validate(schema, document) == []


def test_there_is_a_query_file_for_each_common_question() -> None:
    present = {p.stem for p in QUERIES.glob("*.graphql")}
    assert {
        "participation_councils",
        "agreements_ending",
        "bridges_ida_viru_tallinn",
        "network_gaps",
    } <= present


# --------------------------------------------------------------------------- derived, not re-declared

NODE_MODELS = {
    "County": model.County,
    "Municipality": model.Municipality,
    "Organisation": model.Organisation,
    "Network": model.Network,
    "Project": model.Project,
    "TargetGroup": model.TargetGroup,
    "Indicator": model.Indicator,
}


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _fields(schema: Any, type_name: str) -> set[str]:
    return set(schema.type_map[type_name].fields)


def _exposes(fields: set[str], name: str) -> bool:
    """An output type shows a source field as itself or, beside a resolved object, as its id."""
    return _camel(name) in fields or _camel(name) + "Id" in fields


@pytest.mark.parametrize("type_name", sorted(NODE_MODELS))
def test_every_field_of_a_node_kind_reaches_its_type_and_input(type_name: str) -> None:
    schema = make_schema()._schema
    fields = set(NODE_MODELS[type_name].model_fields)
    output, given = _fields(schema, type_name), _fields(schema, f"{type_name}Input")
    assert [f for f in fields if not _exposes(output, f)] == []
    assert {_camel(f) for f in fields - {"kind"}} == given  # the kind is the NodeInput key
    assert _camel(type_name[0].lower() + type_name[1:]) in {_camel(f) for f in _fields(schema, "NodeInput")}


def test_every_relation_field_reaches_the_relation_types_and_input() -> None:
    schema = make_schema()._schema
    fields = set(model.Relation.model_fields)
    interface = _fields(schema, "Relation")
    kinds = [
        "Membership",
        "Partnership",
        "Agreement",
        "Location",
        "Funding",
        "Targeting",
        "PartOf",
        "SurveyTie",
    ]
    every = set().union(*(_fields(schema, k) for k in kinds))
    assert all(interface <= _fields(schema, k) for k in kinds)
    assert [f for f in fields if not _exposes(every, f)] == []
    assert {_camel(f) for f in fields} == _fields(schema, "RelationInput")


@pytest.mark.parametrize(
    ("type_name", "source"),
    [
        ("CrossArea", mixing.CrossArea),
        ("EIIndex", mixing.EIIndex),
        ("GroupMixing", mixing.GroupMixing),
        ("NodeMixing", mixing.NodeMixing),
        ("MixingMatrix", mixing.MixingMatrix),
        ("PermutationTest", mixing.PermutationTest),
        ("Centrality", centrality.Centrality),
        ("Brokerage", brokerage.Brokerage),
        ("GroupBrokerage", brokerage.GroupBrokerage),
        ("WeakPoints", resilience.WeakPoints),
        ("WhatIf", resilience.WhatIf),
        ("Bridge", resilience.Bridge),
        ("Coverage", coverage.Coverage),
        ("IndicatorStatus", indicators.IndicatorStatus),
    ],
)
def test_every_field_of_a_metric_reaches_its_type(type_name: str, source: type) -> None:
    output = _fields(make_schema()._schema, type_name)
    assert [f.name for f in dataclasses.fields(source) if not _exposes(output, f.name)] == []


class Extended(model.Organisation):
    """An organisation model with two fields more, as a future model.py might have."""

    languages: list[str] = Field(default_factory=list, description="Languages it works in")
    founded: date | None = Field(default=None, description="When it was founded")


@derive.output(Extended, description="An organisation with more fields.")
class ExtendedOrganisation:
    """Derived with no field named."""


@derive.input(Extended, patch=True, skip=("kind",), description="Its fields.")
class ExtendedInput:
    """Derived with no field named."""


def test_a_field_added_to_the_model_needs_no_other_change() -> None:
    org = Extended(id="org:x", name="X", org_kind="ngo", sector="non_profit", sources=["a#b"],
                   languages=["et", "ru"], founded="2003-02-01")  # fmt: skip

    @strawberry.type
    class Query:
        @strawberry.field
        def org(self) -> ExtendedOrganisation:
            return derive.to_graphql(ExtendedOrganisation, org)

        @strawberry.field
        def echo(self, input: ExtendedInput) -> str:
            return json.dumps(derive.input_data(input), sort_keys=True)

    schema = strawberry.Schema(query=Query, config=StrawberryConfig(scalar_map={date: DATE_SCALAR}))
    sdl = schema.as_str()
    assert '"""Languages it works in."""\n  languages: [String!]!' in sdl
    assert "founded: Date\n" in sdl and "languages: [String!]\n" in sdl
    result = schema.execute_sync(
        '{ org { languages founded orgKind } echo(input: {languages: ["et"], founded: "01.02.2003", '
        "name: null}) }"
    )
    assert result.errors is None
    assert result.data == {
        "org": {"languages": ["et", "ru"], "founded": "2003-02-01", "orgKind": "NGO"},
        "echo": json.dumps({"founded": "2003-02-01", "languages": ["et"], "name": None}, sort_keys=True),
    }


@dataclasses.dataclass(frozen=True)
class Reach:
    """A metric result as a metrics module writes one.

    Attributes
    ----------
    organisation : str
        The organisation's id.
    counties : int
        Counties it reaches, through
        its members.
    """

    organisation: str
    counties: int


def test_a_metric_field_is_described_by_its_docstring() -> None:
    @derive.output(Reach, ids=("organisation",), enums=False, description="A reach.")
    class ReachType:
        pass

    descriptions = {
        f.python_name: f.description for f in strawberry.types.base.get_object_definition(ReachType).fields
    }
    assert descriptions == {
        "organisation": "The organisation's id.",
        "counties": "Counties it reaches, through its members.",
    }
    undocumented = dataclasses.make_dataclass("Undocumented", [("shoe_size", int)])
    with pytest.raises(TypeError, match=r"Undocumented\.shoe_size has no description"):
        derive.output(undocumented, description="Shoes.")(type("Shoes", (), {}))
