"""One store round trip per level: each saved question and the benchmark's profile query
costs at most as many round trips (SQL statements, Neo4j transactions: the stores'
``round_trips``) as the query has levels of nested objects, on SQLite and Neo4j; each root
field after the first may take one more (a root field is a question of its own: a list, a
metric, a page of the graph; @neo4j/graphql, too, sends one query per root field).

The app is the real one over a real store holding the bundled dataset, without the result
or read cache (every request reaches the store).
"""

from __future__ import annotations

import importlib.util
import sys
from typing import Any

import pytest
from graphql import FieldNode, InlineFragmentNode, OperationDefinitionNode, SelectionSetNode, parse

from partnermap.io.saved import load_questions
from partnermap.store.base import Store
from tests.test_api_support import ROOT, anyio_backend_fixture, serve, settings_for  # noqa: F401

pytestmark = pytest.mark.anyio


def _profile_query() -> dict[str, Any]:
    """The ``profile`` request of scripts/bench/bench_api.py."""
    spec = importlib.util.spec_from_file_location("bench_api", ROOT / "scripts" / "bench" / "bench_api.py")
    assert spec is not None and spec.loader is not None
    bench = sys.modules["bench_api"] = importlib.util.module_from_spec(spec)  # for its dataclasses
    spec.loader.exec_module(bench)
    body: dict[str, Any] = bench.coordinator_queries()["profile"]
    return body


def _requests() -> dict[str, dict[str, Any]]:
    out = {
        name: {"query": q.document, "variables": q.example} for name, q in sorted(load_questions().items())
    }
    out["profile"] = _profile_query()
    return out


REQUESTS = _requests()
#: The benchmark's three questions (scripts/bench/bench_api.py): one round trip each where the
#: store reads a tree of reads in one (Neo4j), whatever their levels and root fields.
READY = ("participation_councils", "agreements_ending", "profile")


def levels(query: str) -> int:
    """How deep the query nests objects: the most fields with a selection set on one path."""

    def depth(selections: SelectionSetNode | None) -> int:
        deepest = 0
        for selection in selections.selections if selections else ():
            if isinstance(selection, FieldNode) and selection.selection_set is not None:
                deepest = max(deepest, 1 + depth(selection.selection_set))
            elif isinstance(selection, InlineFragmentNode):
                deepest = max(deepest, depth(selection.selection_set))
        return deepest

    operations = [d for d in parse(query).definitions if isinstance(d, OperationDefinitionNode)]
    return max(depth(op.selection_set) for op in operations)


def allowed(query: str) -> int:
    """The round trips a query may take: one per level, and one per root field after the first."""
    operations = [d for d in parse(query).definitions if isinstance(d, OperationDefinitionNode)]
    roots = max(len(op.selection_set.selections) for op in operations)
    return levels(query) + roots - 1


def test_levels_counts_nested_objects() -> None:
    assert levels("{ a }") == 0
    assert levels("{ a { b c { d } } e { f } }") == 2
    assert levels(REQUESTS["profile"]["query"]) == 3  # organisation > municipality > county
    assert allowed("{ a { b } c { d { e } } }") == 3


def test_every_saved_question_and_the_profile_are_covered() -> None:
    assert len(REQUESTS) >= 6 and set(READY) <= set(REQUESTS)


@pytest.mark.parametrize("name", sorted(REQUESTS))
async def test_round_trips_at_most_one_per_level(name: str, loaded: Store, store_url: str) -> None:
    body = REQUESTS[name]
    async for api in serve(settings_for(store_url), loaded):
        before = loaded.round_trips
        data = await api.gql(body["query"], body.get("variables") or None)
        trips = loaded.round_trips - before
        assert data and all(value is not None for value in data.values()), data
        assert 0 < trips <= allowed(body["query"]), (name, trips, allowed(body["query"]))
        if loaded.reads_trees_at_once and name in READY:  # Neo4j: the whole request, one query
            assert trips == 1, (name, trips)
