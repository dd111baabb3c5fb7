"""Limits and robustness over HTTP: depth, aliases, tokens, body size, page size, malformed
requests, an unreachable store and internal errors - clear errors, never a 500 or a trace."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from partnermap.store import open_store
from tests.test_api_support import (  # noqa: F401
    WRITE_KEY,
    Api,
    CountingStore,
    anyio_backend_fixture,
    serve,
    settings_for,
    sqlite_api_fixture,
    sqlite_url_fixture,
)

pytestmark = pytest.mark.anyio


@pytest.fixture
async def small_api(sqlite_url: str) -> AsyncIterator[Api]:
    settings = settings_for(
        sqlite_url,
        max_depth=4,
        max_aliases=3,
        max_tokens=150,
        max_body_bytes=4096,
        max_page_size=10,
        cors_origins=("https://coordinators.example",),
    )
    async for client in serve(settings):
        yield client


async def test_query_depth_limit(small_api: Api) -> None:
    shallow = '{ organisation(id: "org:elvl") { memberships { network { name } } } }'
    assert (await small_api.gql(shallow))["organisation"]["memberships"]
    deep = (
        '{ organisation(id: "org:elvl") { memberships { network { members { organisation { name } } } } } }'
    )
    errors = await small_api.errors(deep)
    assert errors[0]["message"] == "'anonymous' exceeds maximum operation depth of 4"


async def test_alias_limit(small_api: Api) -> None:
    errors = await small_api.errors(
        "{ a: counties { id } b: counties { id } c: counties { id } d: counties { id } }"
    )
    assert "3" in errors[0]["message"] and "aliases" in errors[0]["message"].lower()


async def test_token_limit(small_api: Api) -> None:
    fields = " ".join(["id name"] * 100)
    errors = await small_api.errors(f"{{ counties {{ {fields} }} }}")
    assert errors[0]["message"] == "Syntax Error: Document contains more than 150 tokens. Parsing aborted."


async def test_introspection_is_not_cut_by_the_depth_limit(sqlite_api: Api) -> None:
    data = await sqlite_api.gql(
        "{ __schema { queryType { fields { name type { ofType { ofType { name } } } } } } }"
    )
    assert any(f["name"] == "cooperationPath" for f in data["__schema"]["queryType"]["fields"])


async def test_body_size_limit(small_api: Api) -> None:
    padding = "#" + "x" * 5000 + "\n"
    response = await small_api.client.post("/graphql", json={"query": padding + "{ counties { id } }"})
    assert response.status_code == 413
    assert response.json()["errors"][0]["message"].startswith(
        "the request body is larger than the limit of 4096"
    )

    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"query": "'
        for _ in range(10):
            yield b"#" * 1000
        yield b'"}'

    streamed = await small_api.client.post(
        "/graphql", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert streamed.status_code == 413


async def test_page_size_and_cursor_errors(small_api: Api) -> None:
    too_many = await small_api.errors("{ organisations(first: 11) { nodes { id } } }")
    assert too_many[0]["message"] == "first must be between 0 and 10, not 11"
    negative = await small_api.errors("{ organisations(first: -1) { nodes { id } } }")
    assert negative[0]["extensions"]["code"] == "BAD_USER_INPUT"
    cursor = await small_api.errors('{ organisations(after: "bm90LWEtY3Vyc29y") { nodes { id } } }')
    assert "is not a cursor this API gave out" in cursor[0]["message"]
    garbage = await small_api.errors('{ organisations(after: "%%%") { nodes { id } } }')
    assert garbage[0]["extensions"]["code"] == "BAD_USER_INPUT"
    window = await small_api.errors('{ endingAgreements(from: "2025-01-01", withinDays: -5) { id } }')
    assert window[0]["message"] == "withinDays must be between 0 and 36600, not -5"


async def test_bad_ids_and_dates_in_queries(sqlite_api: Api) -> None:
    cases = {
        '{ node(id: "elvl") { id } }': "'elvl' is not a node id",
        '{ node(id: "org:Bad Id") { id } }': "'org:Bad Id' is not a node id",
        '{ organisation(id: "org:nobody") { id } }': "there is no organisation with id 'org:nobody'",
        '{ organisation(id: "network:loimumiskoda") { id } }': "a network, not of an organisation",
        '{ relation(id: "no>such>relation") { id } }': "there is no relation with id 'no>such>relation'",
        '{ neighbours(id: "org:nobody") { node { id } } }': "there is no organisation with id 'org:nobody'",
        '{ organisations(filter: {county: "municipality:tallinn"}) { nodes { id } } }': "not of a county",
        '{ organisations(filter: {network: "network:atlantis"}) { nodes { id } } }': "there is no network",
        '{ cooperationPath(from: "org:elvl", to: "network:loimumiskoda") { hops } }': "of an organisation",
        '{ endingAgreements(from: "31.12.20256", withinDays: 3) { id } }': "'31.12.20256' is not a date",
        '{ endingAgreements(from: "yesterday", withinDays: 3) { id } }': "'yesterday' is not a date",
        "{ endingAgreements(from: 20250101, withinDays: 3) { id } }": "is not a date",
        '{ endingAgreements(from: "2025-01-01", withinDays: "many") { id } }': "Int cannot represent",
        "{ organisations(filter: {sector: GOVERNMENT}) { nodes { id } } }": "GOVERNMENT",
        "{ counties { nope } }": "Cannot query field 'nope'",
        "{ counties { id }": "Syntax Error",
    }
    for query, expected in cases.items():
        errors = await sqlite_api.errors(query)
        assert expected in errors[0]["message"], (query, errors)
    variables = await sqlite_api.errors(
        "query($d: Date!) { endingAgreements(from: $d, withinDays: 3) { id } }", {"d": "2025-02-29"}
    )
    assert "'2025-02-29' is not a date" in variables[0]["message"]


async def test_malformed_requests_get_400_not_500(sqlite_api: Api) -> None:
    client = sqlite_api.client
    not_json = await client.post(
        "/graphql", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert not_json.status_code == 400
    wrong_type = await client.post("/graphql", content=b"query=x", headers={"Content-Type": "text/plain"})
    assert wrong_type.status_code == 400
    no_query = await client.post("/graphql", json={"variables": {}})
    assert no_query.status_code == 400
    bad_variables = await client.post("/graphql", json={"query": "{ counties { id } }", "variables": [1]})
    assert bad_variables.status_code == 400
    batch = await client.post("/graphql", json=[{"query": "{ counties { id } }"}])
    assert batch.status_code == 400
    put = await client.put("/graphql", json={"query": "{ counties { id } }"})
    assert put.status_code == 405


async def test_cors_is_configurable(small_api: Api, sqlite_api: Api) -> None:
    preflight = {
        "Origin": "https://coordinators.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,x-api-key",
    }
    allowed = await small_api.client.options("/graphql", headers=preflight)
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://coordinators.example"
    other = await small_api.client.options(
        "/graphql", headers={**preflight, "Origin": "https://evil.example"}
    )
    assert "access-control-allow-origin" not in other.headers
    default = await sqlite_api.client.post(
        "/graphql", json={"query": "{ counties { id } }"}, headers={"Origin": "https://coordinators.example"}
    )
    assert "access-control-allow-origin" not in default.headers


class BrokenStore(CountingStore):
    """A real store whose listings fail with an unexpected error that names internals."""

    def __getattr__(self, name: str) -> Any:
        if name in ("list_nodes", "count_nodes"):

            def broken(*args: Any, **kwargs: Any) -> Any:
                raise RuntimeError("secret internals: /srv/db password=hunter2")

            return broken
        return super().__getattr__(name)


async def test_internal_errors_are_masked(sqlite_url: str, caplog: pytest.LogCaptureFixture) -> None:
    with open_store(sqlite_url) as real:
        broken = BrokenStore(real)
        async for api in serve(settings_for(sqlite_url), broken):  # type: ignore[arg-type]
            response = await api.post("{ organisations { nodes { id } } }")
            assert response.status_code == 200
            error = response.json()["errors"][0]
            assert error["message"].startswith("Internal server error (ref ")
            assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR"}
            assert "hunter2" not in response.text and "Traceback" not in response.text
            health = await api.client.get("/healthz")
            assert health.status_code == 503 and "hunter2" not in health.text
    assert "hunter2" in caplog.text, "the server log keeps what the client is not shown"


async def test_an_unreachable_store_is_reported_not_crashed() -> None:
    async for api in serve(settings_for("neo4j://127.0.0.1:9")):
        health = await api.client.get("/healthz")
        assert health.status_code == 503
        body = health.json()
        assert body["status"] == "unavailable" and body["store"]["reachable"] is False
        assert "cannot reach Neo4j" in body["store"]["error"]
        down = await api.post("{ counties { id } }")
        assert down.status_code == 503 and down.headers["Retry-After"]  # the store, not the query
        errors = down.json()["errors"]
        assert errors[0]["extensions"]["code"] == "STORE_UNAVAILABLE"
        assert "cannot reach Neo4j at neo4j://127.0.0.1:9" in errors[0]["message"]
        refused = await api.post('mutation { deleteRelation(id: "x") { deleted } }', key=WRITE_KEY)
        assert refused.status_code == 503
        assert refused.json()["errors"][0]["extensions"]["code"] == "STORE_UNAVAILABLE"
