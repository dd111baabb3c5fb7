"""The schema: exported SDL in sync with the code, everything described, query files valid."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import graphql as graphql_core
import pytest
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

from partnermap.api import make_schema
from partnermap.api.sdl import SCHEMA_PATH, schema_sdl
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
