"""Compiled reads answer as strawberry does, byte for byte.

The same request goes to two real apps over the same real store (SQLite file and the
Neo4j dev server, the bundled dataset): one with compiled reads (the default), one with
``compiled_reads=False`` (every request through strawberry's executor). Status and body
must be equal; where the plan is expected to answer, the app's compiler must have answered
it (else the test would compare strawberry with itself). A hypothesis test generates
selections over the schema (random fields at up to three levels) and compares them too.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from anyio.from_thread import BlockingPortal, start_blocking_portal
from graphql import GraphQLNonNull, GraphQLObjectType, get_named_type, is_leaf_type
from hypothesis import given, settings
from hypothesis import strategies as st

from partnermap.api.app import create_app, make_schema
from partnermap.store.base import Store
from tests.test_api_round_trips import REQUESTS
from tests.test_api_support import READ_KEY, anyio_backend_fixture, settings_for, sqlite_url_fixture  # noqa: F401

pytestmark = pytest.mark.anyio

ORG = "org:tallinna-linnavalitsus"

#: name -> (query, variables, whether the plan answers it)
CASES: dict[str, tuple[str, dict[str, Any] | None, bool]] = {
    "aliases and __typename": (
        '{ a: organisation(id: "org:elvl") { __typename n: name id } '
        f'b: organisation(id: "{ORG}") {{ name k: kind }} }}',
        None,
        True,
    ),
    "fragments on interfaces": (
        "query Q($id: ID!) { node(id: $id) { __typename id ...N ... on Organisation { orgKind "
        "memberships { ...M } agreements { __typename parties { name } context { __typename id } } } } } "
        "fragment N on Node { name kind sources { document section text } } "
        "fragment M on Membership { role validFrom network { name status } source { __typename id } }",
        {"id": ORG},
        True,
    ),
    "include and skip": (
        "query Q($with: Boolean!, $id: ID!) { organisation(id: $id) { name sector @include(if: $with) "
        "scope @skip(if: $with) agreements @include(if: $with) { validTo } } }",
        {"with": True, "id": ORG},
        True,
    ),
    "include and skip, the other way": (
        "query Q($with: Boolean!, $id: ID!) { organisation(id: $id) { name sector @include(if: $with) "
        "scope @skip(if: $with) agreements @include(if: $with) { validTo } } }",
        {"with": False, "id": ORG},
        True,
    ),
    "pages, enums, nulls, dates": (
        "{ networks(first: 5, after: null) { totalCount edges { cursor node { id status networkType scope "
        "nameEn meetingsPerYear open } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } "
        'projects(filter: { asOf: "2025-06-01" }, first: 3) { nodes { start end budget '
        'active(on: "2025-06-01") budgetLines { __typename } '
        "partners(role: LEAD) { role organisation { name } } } } }",
        None,
        True,
    ),
    "as of a day, home areas": (
        'query Q($day: Date) { organisations(filter: { county: "county:harju" }, first: 30) { nodes { id '
        "municipality(asOf: $day) { name county { name } } county(asOf: $day) { id } "
        'memberships(asOf: $day) { active(on: "2024-01-01") network { id } } locations { area { __typename '
        "... on Municipality { name } ... on County { id } } } } } }",
        {"day": "2025-06-01"},
        True,
    ),
    "an Estonian date in a variable": (
        "query Q($day: Date!) { endingMemberships(from: $day, withinDays: 400) "
        "{ id validTo organisation { name } } }",
        {"day": "01.01.2025"},
        True,
    ),
    "an unknown id (an error: strawberry answers)": (
        '{ organisation(id: "org:nobody") { name } }',
        None,
        False,
    ),
    "a malformed date (strawberry answers)": (
        "query Q($d: Date!) { endingAgreements(from: $d, withinDays: 3) { id } }",
        {"d": "yesterday"},
        False,
    ),
    "a document that does not validate": ("{ organisation { nosuchfield } }", None, False),
    "introspection": ("{ __schema { queryType { name } } }", None, False),
    "neighbours, filtered": (
        f'{{ organisation(id: "{ORG}") {{ neighbours(direction: OUT, nodeKind: NETWORK) {{ direction '
        "node { __typename id } relation { __typename kind validFrom } } all: neighbours { direction } } }",
        None,
        True,
    ),
    "a field without a plan (an area's organisations)": (
        '{ county(id: "county:harju") { name organisations { id } } }',
        None,
        False,
    ),
    "a mutation": ('mutation { deleteNode(id: "org:elvl") }', None, False),
    # On Neo4j the cases below are one tree of reads (one Cypher query): several kinds of
    # root side by side, dates and roles, every direction, missing and empty steps.
    "lists, ids and endings in one tree": (
        f'query Q($day: Date) {{ organisation(id: "{ORG}") {{ name memberships(asOf: $day) {{ role '
        "network { name members(role: MEMBER) { validFrom organisation { id county { name } } } } } "
        "agreements { parties { id } context { __typename id } } } "
        "networks(first: 4) { totalCount nodes { id county { name } funders { funder { id } } } } "
        'endingMemberships(from: "2025-01-01", withinDays: 364) { role organisation { name } '
        "network { municipality(asOf: $day) { name county { id } } } } "
        'elvl: node(id: "org:elvl") { id ... on Organisation { partnerships { project { id } } } } }',
        {"day": "2025-06-01"},
        True,
    ),
    "both directions, parts and wholes, links inside a nested part": (
        "{ projects(first: 6) { nodes { id partOf { whole { __typename id } } parts { part { id } } "
        "partners { role organisation { id municipality { id } } } } } "
        "indicators(first: 8) { nodes { id definition { network { id } project { id name } } } } }",
        None,
        True,
    ),
    "a tree that reaches nothing": (
        '{ endingAgreements(from: "1900-01-01", withinDays: 1) { id parties { name } } '
        'organisations(filter: { sector: PRIVATE, county: "county:hiiu" }, first: 3) '
        "{ nodes { id memberships { network { id } } } } }",
        None,
        True,
    ),
}


class Pair:
    """Two clients of two apps over one store: compiled reads on, and off."""

    def __init__(self, fast: httpx.AsyncClient, slow: httpx.AsyncClient, app: Any) -> None:
        self.fast, self.slow, self.app = fast, slow, app

    async def compare(
        self, query: str, variables: dict[str, Any] | None, headers: dict[str, str] | None = None
    ) -> bool:
        """Send the request to both; assert equal answers; whether the plan answered."""
        body: dict[str, Any] = {"query": query}
        if variables is not None:
            body["variables"] = variables
        before = self.app.state.compiler.answered
        fast = await self.fast.post("/graphql", json=body, headers=headers)
        slow = await self.slow.post("/graphql", json=body, headers=headers)
        assert (fast.status_code, fast.content) == (slow.status_code, slow.content), query
        fast_headers, slow_headers = (dict(r.headers) for r in (fast, slow))
        assert fast_headers == slow_headers, query
        return bool(self.app.state.compiler.answered - before)


async def _pair(store_url: str, store: Store | None, **changes: Any) -> AsyncIterator[Pair]:
    fast_app = create_app(settings_for(store_url, **changes), store=store)
    slow_app = create_app(settings_for(store_url, compiled_reads=False, **changes), store=store)
    async with (
        fast_app.router.lifespan_context(fast_app),
        slow_app.router.lifespan_context(slow_app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=fast_app), base_url="http://pm.test") as fast,
        httpx.AsyncClient(transport=httpx.ASGITransport(app=slow_app), base_url="http://pm.test") as slow,
    ):
        yield Pair(fast, slow, fast_app)


@pytest.fixture(name="pair")
async def pair_fixture(loaded: Store, store_url: str) -> AsyncIterator[Pair]:
    async for pair in _pair(store_url, loaded):
        yield pair


@pytest.mark.parametrize("name", sorted(REQUESTS))
async def test_saved_questions_and_benchmark_answer_the_same(pair: Pair, name: str) -> None:
    body = REQUESTS[name]
    answered = await pair.compare(body["query"], body.get("variables") or None)
    # the metrics and paths have no plans; lists, look-ups and their levels do
    assert answered == (name not in {"network_gaps", "bridges_ida_viru_tallinn"}), name


@pytest.mark.parametrize("name", sorted(CASES))
async def test_cases_answer_the_same(pair: Pair, name: str) -> None:
    query, variables, planned = CASES[name]
    assert await pair.compare(query, variables) is planned, name


async def test_the_benchmark_queries_and_repeats_answer_the_same(pair: Pair) -> None:
    from tests.test_api_round_trips import _profile_query

    profile = _profile_query()
    for _ in range(2):  # the second time from the compiled plan's cache
        assert await pair.compare(profile["query"], profile["variables"])


# --------------------------------------------------------------------------- generated selections

SCHEMA = make_schema()._schema
ROOTS = {
    "organisation": f'organisation(id: "{ORG}")',
    "network": 'network(id: "network:elvl-koordinaatorite-vorgustik")',
    "organisations": "organisations(first: 4) { nodes",
    "endingAgreements": 'endingAgreements(from: "2025-01-01", withinDays: 364)',
}
ARGUMENTS = {"active": '(on: "2025-06-01")'}


def _fields(gql_type: GraphQLObjectType, depth: int) -> st.SearchStrategy[str]:
    """A selection on ``gql_type``: a non-empty subset of its fields, objects down to ``depth``."""
    choices: list[st.SearchStrategy[str]] = [st.just("__typename")]
    for name, field in gql_type.fields.items():
        required = [a for a in field.args if isinstance(field.args[a].type, GraphQLNonNull)]
        if required and name not in ARGUMENTS:
            continue
        call = name + ARGUMENTS.get(name, "")
        named = get_named_type(field.type)
        if is_leaf_type(named):
            choices.append(st.just(call))
        elif depth > 0 and isinstance(named, GraphQLObjectType):
            choices.append(_fields(named, depth - 1).map(lambda inner, c=call: f"{c} {{ {inner} }}"))
        elif depth > 0:  # an interface or union: its own fields or one possible type's
            possible = SCHEMA.get_possible_types(named)
            choices.append(
                st.sampled_from(possible).flatmap(
                    lambda t, c=call: _fields(t, depth - 1).map(
                        lambda inner, t=t: f"{c} {{ __typename ... on {t.name} {{ {inner} }} }}"
                    )
                )
            )
    return st.lists(st.sampled_from(choices), min_size=1, max_size=5).flatmap(
        lambda picked: st.tuples(*picked).map(" ".join)
    )


def _query() -> st.SearchStrategy[str]:
    def on(root: str) -> st.SearchStrategy[str]:
        field = SCHEMA.query_type.fields[root]  # type: ignore[union-attr]
        named = get_named_type(field.type)
        if root == "organisations":
            named = SCHEMA.type_map["Organisation"]
        close = " } } }" if "{" in ROOTS[root] else " } }"
        assert isinstance(named, GraphQLObjectType)
        return _fields(named, 2).map(lambda inner: f"{{ {ROOTS[root]} {{ {inner}{close}")

    return st.sampled_from(sorted(ROOTS)).flatmap(on)


@contextlib.contextmanager
def _portal_pair(store_url: str) -> Iterator[tuple[BlockingPortal, Pair]]:
    """The pair driven from synchronous code (hypothesis) through an event loop in a portal
    thread; the apps open the store themselves (in the loop's thread)."""
    with (
        start_blocking_portal() as portal,
        portal.wrap_async_context_manager(contextlib.asynccontextmanager(_pair)(store_url, None)) as pair,
    ):
        yield portal, pair


def test_generated_selections_answer_the_same(loaded: Store, store_url: str) -> None:
    """Random selections (fields at up to three levels) over SQLite and Neo4j: the same bytes,
    and most of them answered by plans, not only by the fallback."""
    answered: list[bool] = []
    with _portal_pair(store_url) as (portal, pair):

        @settings(max_examples=60, deadline=None)
        @given(query=_query())
        def same(query: str) -> None:
            answered.append(portal.call(pair.compare, query, None))

        same()
    assert sum(answered) >= len(answered) // 3, (sum(answered), len(answered))


async def test_bad_variables_do_not_stop_later_requests_being_planned(pair: Pair) -> None:
    query = (
        "query Q($d: Date!, $more: Boolean = true) "
        "{ endingAgreements(from: $d, withinDays: 30) { id validTo @include(if: $more) } }"
    )
    assert not await pair.compare(query, {"d": "yesterday"})  # the error: strawberry's
    assert not await pair.compare(query, {"d": "2025-01-01", "more": None})  # null for Boolean!
    assert await pair.compare(query, {"d": "2025-01-01"})  # the default: true
    assert await pair.compare(query, {"d": "2025-01-01", "more": False})


async def test_plans_take_no_more_round_trips_than_strawberry(pair: Pair, loaded: Store) -> None:
    """Counted by the store: a plan reads a level in one round trip, as the DataLoaders do, and a
    node asked for by id together with the relations its first level reads."""
    trips: dict[str, tuple[int, int]] = {}
    for name, body in REQUESTS.items():
        counts = []
        for client in (pair.fast, pair.slow):
            before = loaded.round_trips
            response = await client.post("/graphql", json={k: v for k, v in body.items() if v is not None})
            assert response.status_code == 200
            counts.append(loaded.round_trips - before)
        trips[name] = (counts[0], counts[1])
    assert all(fast <= slow for fast, slow in trips.values()), trips
    if loaded.reads_trees_at_once:  # Neo4j: the whole request in one tree, one Cypher query
        assert trips["profile"] == (1, 3) and trips["agreements_ending"] == (1, 3), trips
        assert trips["participation_councils"][0] == 1, trips
        return
    assert trips["profile"] == (2, 3), trips  # organisation(id) with its relations, then the counties
    assert trips["agreements_ending"] == (2, 3), trips  # the parties come with their locations


async def test_keys_and_cors_behave_as_strawberry_s(sqlite_url: str) -> None:
    """Reading keyed and CORS on: no key, a bad key, a write key's mutation, a read key's query,
    a cross-origin request; the same statuses, headers and bodies."""
    origin = "https://kaart.example.ee"
    async for pair in _pair(sqlite_url, None, read_open=False, cors_origins=(origin,)):
        query = f'{{ organisation(id: "{ORG}") {{ name }} }}'
        assert not await pair.compare(query, None)  # 401: reading needs a key
        assert not await pair.compare(query, None, {"X-API-Key": "not-a-key-at-all-000"})
        assert not await pair.compare("mutation { __typename }", None, {"X-API-Key": READ_KEY})
        assert await pair.compare(query, None, {"X-API-Key": READ_KEY})
        assert await pair.compare(query, None, {"Authorization": f"Bearer {READ_KEY}", "Origin": origin})
