"""Mutations through HTTP, in SQLite and Neo4j: validated as the CLI validates, one
transaction each, and every bad input a GraphQL error with a clear message (never a 500)."""

from __future__ import annotations

import json

import pytest

from tests.test_api_support import WRITE_KEY, Api, anyio_backend_fixture, api_fixture, names  # noqa: F401

pytestmark = pytest.mark.anyio

CREATE_ORG = """mutation($input: NodeInput!) { createNode(input: $input) { __typename id name
    ... on Organisation { orgKind sector scope } } }"""
UPDATE_NODE = """mutation($id: ID!, $input: NodeInput!) { updateNode(id: $id, input: $input) { id name nameEn
    ... on Organisation { sector abbreviation } } }"""
CREATE_REL = """mutation($input: RelationInput!) { createRelation(input: $input) {
    __typename id kind validFrom validTo
    ... on Membership { role organisation { id } network { id } } } }"""
SRC = ["api-test#1"]


def org(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "name": "Narva Noortekeskus",
        "orgKind": "NGO",
        "sector": "NON_PROFIT",
        "sources": SRC,
    }
    base.update(fields)
    return {"organisation": base}


async def test_create_update_and_delete_a_node(api: Api) -> None:
    created = (await api.gql(CREATE_ORG, {"input": org()}, key=WRITE_KEY))["createNode"]
    assert created == {
        "__typename": "Organisation",
        "id": "org:narva-noortekeskus",
        "name": "Narva Noortekeskus",
        "orgKind": "NGO",
        "sector": "NON_PROFIT",
        "scope": "LOCAL",
    }
    again = await api.errors(CREATE_ORG, {"input": org()}, key=WRITE_KEY)
    assert "exists already" in again[0]["message"] and again[0]["extensions"]["code"] == "BAD_USER_INPUT"

    patch = {"organisation": {"nameEn": "Narva Youth Centre", "abbreviation": "NNK"}}
    updated = (await api.gql(UPDATE_NODE, {"id": "org:narva-noortekeskus", "input": patch}, key=WRITE_KEY))[
        "updateNode"
    ]
    assert updated == {
        "id": "org:narva-noortekeskus",
        "name": "Narva Noortekeskus",
        "nameEn": "Narva Youth Centre",
        "sector": "NON_PROFIT",
        "abbreviation": "NNK",
    }
    read = await api.gql('{ organisation(id: "org:narva-noortekeskus") { nameEn abbreviation } }')
    assert read["organisation"] == {"nameEn": "Narva Youth Centre", "abbreviation": "NNK"}

    deleted = await api.gql(
        'mutation { deleteNode(id: "org:narva-noortekeskus") { id deleted } }', key=WRITE_KEY
    )
    assert deleted["deleteNode"] == {"id": "org:narva-noortekeskus", "deleted": True}
    gone = await api.errors('{ organisation(id: "org:narva-noortekeskus") { id } }')
    assert gone[0]["extensions"]["code"] == "NOT_FOUND"


async def test_node_input_is_validated_as_the_cli_validates(api: Api) -> None:
    missing = await api.errors(
        CREATE_ORG,
        {"input": {"organisation": {"name": "X", "orgKind": "NGO", "sources": ["no-section"]}}},
        key=WRITE_KEY,
    )
    problems = {p["path"]: p["message"] for p in missing[0]["extensions"]["problems"]}
    assert problems == {
        "input.sources[0]": "source 'no-section' must be 'document#section'",
        "input.sector": "Field required",
    }
    bad_id = await api.errors(CREATE_ORG, {"input": org(id="network:not-an-org")}, key=WRITE_KEY)
    assert bad_id[0]["message"] == "'network:not-an-org' is the id of a network, not of an organisation"
    clear_required = await api.errors(
        UPDATE_NODE, {"id": "org:elvl", "input": {"organisation": {"sector": None}}}, key=WRITE_KEY
    )
    assert "input.sector: Field required" in clear_required[0]["message"]
    wrong_kind = await api.errors(
        UPDATE_NODE, {"id": "org:elvl", "input": {"network": {"name": "x"}}}, key=WRITE_KEY
    )
    assert wrong_kind[0]["message"] == "'org:elvl' is an organisation, but the input is for a network"
    unknown_county = await api.errors(
        CREATE_ORG,
        {
            "input": {
                "municipality": {
                    "name": "Atlantis vald",
                    "municipalityType": "VALD",
                    "county": "county:atlantis",
                    "ehak": "9999",
                    "lat": 58.5,
                    "lon": 25.0,
                    "sources": SRC,
                }
            }
        },
        key=WRITE_KEY,
    )
    assert "input.county: unknown county 'county:atlantis'" in unknown_county[0]["message"]


async def test_wrong_types_and_two_kinds_are_graphql_errors(api: Api) -> None:
    wrong_type = await api.errors(
        "mutation { createNode(input: {organisation: {name: 5}}) { id } }", key=WRITE_KEY
    )
    assert "String cannot represent a non string value: 5" in wrong_type[0]["message"]
    two = await api.errors(
        'mutation { createNode(input: {organisation: {name: "a"}, network: {name: "b"}}) { id } }',
        key=WRITE_KEY,
    )
    assert "must specify exactly one key" in two[0]["message"]
    bad_enum = await api.errors(CREATE_ORG, {"input": org(sector="GOVERNMENT")}, key=WRITE_KEY)
    assert "GOVERNMENT" in bad_enum[0]["message"]


async def test_delete_a_node_in_use_needs_cascade(api: Api) -> None:
    refused = await api.errors('mutation { deleteNode(id: "org:silab") { deleted } }', key=WRITE_KEY)
    assert refused[0]["extensions"]["code"] == "STORE_REFUSED"
    assert "is used by" in refused[0]["message"] and "cascade" in refused[0]["message"]
    unknown = await api.errors('mutation { deleteNode(id: "org:nobody") { deleted } }', key=WRITE_KEY)
    assert unknown[0]["message"] == "there is no organisation with id 'org:nobody'"
    done = await api.gql('mutation { deleteNode(id: "org:silab", cascade: true) { deleted } }', key=WRITE_KEY)
    assert done["deleteNode"]["deleted"] is True
    left = await api.gql('{ relations(filter: {node: "org:silab"}) { totalCount } }')
    assert left["relations"]["totalCount"] == 0


async def test_relations_create_update_end_and_delete(api: Api) -> None:
    await api.gql(CREATE_ORG, {"input": org()}, key=WRITE_KEY)
    membership = {
        "kind": "MEMBER_OF",
        "source": "org:narva-noortekeskus",
        "target": "network:elvl-koordinaatorite-vorgustik",
        "validFrom": "01.02.2025",
        "sources": SRC,
    }
    created = (await api.gql(CREATE_REL, {"input": membership}, key=WRITE_KEY))["createRelation"]
    rel_id = "org:narva-noortekeskus>member_of>network:elvl-koordinaatorite-vorgustik"
    assert created == {
        "__typename": "Membership",
        "id": rel_id,
        "kind": "MEMBER_OF",
        "validFrom": "2025-02-01",
        "validTo": None,
        "role": "MEMBER",
        "organisation": {"id": "org:narva-noortekeskus"},
        "network": {"id": "network:elvl-koordinaatorite-vorgustik"},
    }
    duplicate = await api.errors(CREATE_REL, {"input": membership}, key=WRITE_KEY)
    assert "exists already" in duplicate[0]["message"]

    too_early = await api.errors(
        f'mutation {{ endMembership(id: "{rel_id}", on: "2024-12-31") {{ validTo }} }}', key=WRITE_KEY
    )
    assert (
        too_early[0]["message"]
        == "invalid input: input.validTo: validTo 2024-12-31 is before validFrom 2025-02-01"
    )
    ended = await api.gql(
        f'mutation {{ endMembership(id: "{rel_id}", on: "2025-06-30") '
        '{ validTo active(on: "2025-07-01") } }',
        key=WRITE_KEY,
    )
    assert ended["endMembership"] == {"validTo": "2025-06-30", "active": False}
    members = await api.gql(
        '{ network(id: "network:elvl-koordinaatorite-vorgustik") '
        '{ members(asOf: "2025-07-01") { organisation { id } } } }'
    )
    assert "org:narva-noortekeskus" not in [m["organisation"]["id"] for m in members["network"]["members"]]

    noted = await api.gql(
        f'mutation {{ updateRelation(id: "{rel_id}", input: {{note: "left in June"}}) {{ note validTo }} }}',
        key=WRITE_KEY,
    )
    assert noted["updateRelation"] == {"note": "left in June", "validTo": "2025-06-30"}
    moved = await api.errors(
        f'mutation {{ updateRelation(id: "{rel_id}", input: {{target: "network:loimumiskoda"}}) {{ id }} }}',
        key=WRITE_KEY,
    )
    assert (
        moved[0]["message"] == "a relation's target cannot change: create a new relation and delete this one"
    )

    deleted = await api.gql(f'mutation {{ deleteRelation(id: "{rel_id}") {{ deleted }} }}', key=WRITE_KEY)
    assert deleted["deleteRelation"]["deleted"] is True
    again = await api.errors(f'mutation {{ deleteRelation(id: "{rel_id}") {{ deleted }} }}', key=WRITE_KEY)
    assert again[0]["extensions"]["code"] == "NOT_FOUND"


async def test_relation_input_errors(api: Api) -> None:
    base = {"kind": "MEMBER_OF", "source": "org:elvl", "sources": SRC}
    wrong_end = await api.errors(
        CREATE_REL, {"input": {**base, "target": "municipality:tallinn"}}, key=WRITE_KEY
    )
    assert wrong_end[0]["extensions"]["problems"] == [
        {"path": "input.target", "message": "a member_of relation ends at a network, not a municipality"}
    ]
    unknown = await api.errors(CREATE_REL, {"input": {**base, "target": "network:atlantis"}}, key=WRITE_KEY)
    assert "input.target: unknown network 'network:atlantis'" in unknown[0]["message"]
    backwards = await api.errors(
        CREATE_REL,
        {
            "input": {
                **base,
                "target": "network:loimumiskoda",
                "validFrom": "2025-05-01",
                "validTo": "2025-01-01",
            }
        },
        key=WRITE_KEY,
    )
    assert "input.validTo: validTo 2025-01-01 is before validFrom 2025-05-01" in backwards[0]["message"]
    bad_date = await api.errors(
        CREATE_REL,
        {"input": {**base, "target": "network:loimumiskoda", "validFrom": "2025-02-30"}},
        key=WRITE_KEY,
    )
    assert "'2025-02-30' is not a date" in bad_date[0]["message"]
    money = await api.errors(
        CREATE_REL, {"input": {**base, "target": "network:loimumiskoda", "budget": 100.0}}, key=WRITE_KEY
    )
    assert "budget belongs to partner_in relations only" in money[0]["message"]
    not_membership = await api.errors(
        'mutation { endMembership(id: "org:tallinna-linnavalitsus>party_to>org:elvl", '
        'on: "2025-06-30") { id } }',
        key=WRITE_KEY,
    )
    assert not_membership[0]["message"] == (
        "relation 'org:tallinna-linnavalitsus>party_to>org:elvl' is a party_to, not a member_of relation"
    )


LOAD = """mutation($text: String!, $format: DatasetFormat) { loadDataset(text: $text, format: $format) {
    nodesCreated nodesUnchanged relationsCreated relationsUnchanged } }"""
DATASET = """format: partnermap/1
nodes:
  - id: org:narva-keel
    kind: organisation
    name: Narva Keelekeskus
    org_kind: ngo
    sector: non_profit
    sources: ["api-test#load"]
relations:
  - kind: located_in
    source: org:narva-keel
    target: municipality:narva-linn
    sources: ["api-test#load"]
  - kind: member_of
    source: org:narva-keel
    target: network:elvl-koordinaatorite-vorgustik
    valid_from: 01.01.2025
    sources: ["api-test#load"]
"""


async def test_load_dataset_is_one_transaction(api: Api) -> None:
    before = await api.gql("{ relations { totalCount } organisations { totalCount } }")
    loaded = (await api.gql(LOAD, {"text": DATASET}, key=WRITE_KEY))["loadDataset"]
    assert (loaded["nodesCreated"], loaded["relationsCreated"]) == (1, 2)
    again = (await api.gql(LOAD, {"text": DATASET, "format": "YAML"}, key=WRITE_KEY))["loadDataset"]
    assert (again["nodesCreated"], again["relationsCreated"]) == (0, 0)
    home = await api.gql('{ organisation(id: "org:narva-keel") { municipality { name } county { id } } }')
    assert home["organisation"] == {
        "municipality": {"name": "Narva linn"},
        "county": {"id": "county:ida-viru"},
    }

    bad = DATASET.replace("org:narva-keel", "org:narva-kool").replace(
        "target: network:elvl-koordinaatorite-vorgustik", "target: network:atlantis"
    )
    errors = await api.errors(LOAD, {"text": bad}, key=WRITE_KEY)
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert errors[0]["extensions"]["problems"] == [
        {"path": "relations[1].target", "message": "unknown network 'network:atlantis'"}
    ]
    assert "input:16: relations[1].target" in errors[0]["message"]
    missing = await api.errors('{ organisation(id: "org:narva-kool") { id } }')
    assert missing[0]["extensions"]["code"] == "NOT_FOUND"
    after = await api.gql("{ relations { totalCount } organisations { totalCount } }")
    assert after["relations"]["totalCount"] == before["relations"]["totalCount"] + 2
    assert after["organisations"]["totalCount"] == before["organisations"]["totalCount"] + 1

    as_json = json.dumps(
        {
            "nodes": [
                {"id": "org:json-org", "kind": "organisation", "name": "JSON Org", "org_kind": "company",
                 "sector": "private", "sources": ["api-test#json"]}
            ]
        }
    )  # fmt: skip
    from_json = (await api.gql(LOAD, {"text": as_json}, key=WRITE_KEY))["loadDataset"]
    assert from_json["nodesCreated"] == 1
    malformed = await api.errors(LOAD, {"text": "nodes: [\n  - id: x\n"}, key=WRITE_KEY)
    assert "malformed YAML" in malformed[0]["message"] and "input:" in malformed[0]["message"]
    names_after = names(
        (await api.gql('{ organisations(filter: {search: "json"}) { nodes { name } } }'))["organisations"][
            "nodes"
        ]
    )
    assert names_after == ["JSON Org"]
