"""API keys over HTTP: 401 without or with a wrong key, 403 with a read key for writes,
every mutation refused without a valid write key, reading open or keyed by a setting."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from partnermap.api import make_schema
from partnermap.api.auth import AuthError, Principal, authenticate
from partnermap.api.context import Context
from partnermap.api.loaders import Loaders
from partnermap.api.settings import ApiKey, hash_key
from partnermap.errors import PartnermapError
from partnermap.service import GraphService, StoreProvider
from partnermap.settings import Settings
from tests.test_api_support import (  # noqa: F401
    READ_KEY,
    WRITE_KEY,
    Api,
    anyio_backend_fixture,
    serve,
    settings_for,
    sqlite_api_fixture,
    sqlite_url_fixture,
)

pytestmark = pytest.mark.anyio

#: One document per mutation; the test below fails when a mutation is missing here.
MUTATIONS = {
    "createNode": 'mutation { createNode(input: {organisation: {name: "Uus MTÜ", orgKind: NGO, '
    'sector: NON_PROFIT, sources: ["t#1"]}}) { id } }',
    "updateNode": 'mutation { updateNode(id: "org:elvl", input: {organisation: {nameEn: "x"}}) { id } }',
    "deleteNode": 'mutation { deleteNode(id: "org:cognuse", cascade: true) { deleted } }',
    "createRelation": 'mutation { createRelation(input: {kind: MEMBER_OF, source: "org:cognuse", '
    'target: "network:loimumiskoda", sources: ["t#1"]}) { id } }',
    "updateRelation": 'mutation { updateRelation(id: "org:tallinna-linnavalitsus>party_to>org:elvl", '
    'input: {note: "x"}) { id } }',
    "deleteRelation": 'mutation { deleteRelation(id: "org:tallinna-linnavalitsus>party_to>org:elvl") '
    "{ id } }",
    "endMembership": 'mutation { endMembership(id: "org:tartu-linnavalitsus>member_of>'
    'network:elvl-koordinaatorite-vorgustik", on: "2025-02-01") { id } }',
    "loadDataset": 'mutation { loadDataset(text: "nodes: []") { nodesCreated } }',
}
STATE = """{ organisation(id: "org:elvl") { nameEn }
  cognuse: organisations(filter: {search: "cognuse"}) { totalCount }
  relations(filter: {node: "org:tallinna-linnavalitsus"}) { totalCount nodes { note } } }"""


def test_every_mutation_is_covered() -> None:
    schema = make_schema()._schema
    assert schema.mutation_type is not None
    assert set(schema.mutation_type.fields) == set(MUTATIONS)


@pytest.mark.parametrize("name", sorted(MUTATIONS))
async def test_every_mutation_is_refused_without_a_valid_write_key(sqlite_api: Api, name: str) -> None:
    before = await sqlite_api.gql(STATE)
    document = MUTATIONS[name]
    cases = [
        ({}, 401, "writing needs an API key with the write role"),
        ({"X-API-Key": READ_KEY}, 403, "this API key has the read role; writing needs the write role"),
        ({"X-API-Key": "not-a-key-at-all"}, 401, "the API key is not valid"),
        ({"Authorization": f"Bearer {READ_KEY}"}, 403, "this API key has the read role"),
        ({"Authorization": "Bearer wrong-key-here"}, 401, "the API key is not valid"),
        ({"Authorization": f"Basic {WRITE_KEY}"}, 401, "the Authorization header must be 'Bearer <key>'"),
    ]
    for headers, status, message in cases:
        response = await sqlite_api.client.post("/graphql", json={"query": document}, headers=headers)
        assert response.status_code == status, (headers, response.text)
        error = response.json()["errors"][0]
        assert error["message"].startswith(message)
        assert error["extensions"]["code"] == ("FORBIDDEN" if status == 403 else "UNAUTHENTICATED")
        if status == 401:
            assert response.headers["www-authenticate"].startswith("Bearer")
    assert await sqlite_api.gql(STATE) == before, "a refused mutation changed the store"
    allowed = await sqlite_api.client.post(
        "/graphql", json={"query": document}, headers={"Authorization": f"Bearer {WRITE_KEY}"}
    )
    assert allowed.status_code == 200 and "errors" not in allowed.json(), allowed.text


async def test_a_mutation_hidden_among_operations_needs_the_write_key(sqlite_api: Api) -> None:
    document = (
        "query Read { counties { id } } "
        'mutation Write { deleteNode(id: "org:cognuse", cascade: true) { id } }'
    )
    read = await sqlite_api.post(document, operationName="Read")
    assert read.status_code == 200 and len(read.json()["data"]["counties"]) == 15
    write = await sqlite_api.post(document, operationName="Write")
    assert write.status_code == 401
    unnamed = await sqlite_api.post(document)
    assert unnamed.status_code == 401
    via_get = await sqlite_api.client.get("/graphql", params={"query": MUTATIONS["deleteNode"]})
    assert via_get.status_code == 401


async def test_reads_are_open_by_default_but_a_wrong_key_is_refused(sqlite_api: Api) -> None:
    assert (await sqlite_api.gql("{ counties { id } }", key=None))["counties"]
    assert (await sqlite_api.gql("{ counties { id } }", key=READ_KEY))["counties"]
    wrong = await sqlite_api.post("{ counties { id } }", key="nope-nope-nope")
    assert wrong.status_code == 401


@pytest.fixture
async def keyed_api(sqlite_url: str) -> AsyncIterator[Api]:
    async for client in serve(settings_for(sqlite_url, read_open=False)):
        yield client


async def test_reading_keyed_by_a_setting(keyed_api: Api) -> None:
    anonymous = await keyed_api.post("{ counties { id } }")
    assert anonymous.status_code == 401
    assert anonymous.json()["errors"][0]["message"].startswith("reading needs an API key")
    assert (await keyed_api.post("{ counties { id } }", key=READ_KEY)).status_code == 200
    assert (await keyed_api.post("{ counties { id } }", key=WRITE_KEY)).status_code == 200
    assert (await keyed_api.client.get("/maps/")).status_code == 401
    assert (await keyed_api.client.get("/maps/", headers={"X-API-Key": READ_KEY})).status_code == 200
    health = await keyed_api.client.get("/healthz")
    assert health.status_code == 200 and health.json()["store"]["reachable"] is True


def test_keys_are_kept_hashed_and_compared_in_constant_time() -> None:
    settings = settings_for("sqlite:///:memory:")
    assert all(WRITE_KEY not in repr(k) and len(k.digest) == 64 for k in settings.keys)
    assert {k.digest for k in settings.keys} == {hash_key(WRITE_KEY), hash_key(READ_KEY)}
    assert authenticate({"X-API-Key": WRITE_KEY}, settings) == Principal(role="write", key_sent=True)
    assert authenticate({"authorization": f"bearer {READ_KEY}"}, settings).role == "read"
    with pytest.raises(AuthError) as refused:
        authenticate({"X-API-Key": WRITE_KEY[:-1]}, settings)
    assert refused.value.status == 401
    with pytest.raises(PartnermapError, match="at least 8"):
        ApiKey.from_plain("short", "read")


async def test_mutations_check_the_role_themselves_too(sqlite_url: str) -> None:
    """Defence in depth: the resolvers refuse without the write role even if the HTTP check were skipped."""
    settings = settings_for(sqlite_url)
    service = GraphService(StoreProvider(Settings(store_url=sqlite_url)), cache_seconds=0)
    try:
        for principal in (Principal(), Principal(role="read", key_sent=True)):
            context = Context(
                service=service, loaders=Loaders(service), principal=principal, settings=settings
            )
            result = await make_schema(settings).execute(MUTATIONS["deleteNode"], context_value=context)
            assert result.errors and "write role" in result.errors[0].message
            assert result.errors[0].extensions is not None
            assert result.errors[0].extensions["code"] in ("UNAUTHENTICATED", "FORBIDDEN")
        still = await service.node("org:cognuse")
        assert still.id == "org:cognuse"
    finally:
        service.provider.close()
