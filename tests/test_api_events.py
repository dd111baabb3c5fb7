"""Events through the GraphQL API over the real app and a real store (both backends): the
Event type with participants, place and network; the ``events`` list and its filters; the
inferred marks of relations and fields; creating an event and a participation."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from partnermap.datasets import read_with_reference
from partnermap.store.base import Store
from tests.test_api_support import WRITE_KEY, Api, anyio_backend_fixture, serve, settings_for  # noqa: F401

pytestmark = pytest.mark.anyio

EVENTS = Path(__file__).parent / "data" / "events.yaml"


@pytest.fixture
async def api(store: Store, store_url: str) -> AsyncIterator[Api]:
    store.load(read_with_reference(EVENTS))
    async for client in serve(settings_for(store_url), store):
        yield client


async def _ids(api: Api, condition: str) -> list[str]:
    data = await api.gql(f"{{ events(filter: {{ {condition} }}) {{ nodes {{ id }} totalCount }} }}")
    ids = [n["id"] for n in data["events"]["nodes"]]
    assert data["events"]["totalCount"] == len(ids)
    return ids


async def test_event_with_participants_place_and_network(api: Api) -> None:
    data = await api.gql(
        """{ event(id: "event:lvp-2025") { __typename name eventType start end format frequency
              municipality { id } county { id } active(on: "2025-04-10")
              partOf { whole { id } }
              participants { role inferred inferredNote organisation { name } }
              organisers: participants(role: ORGANISER) { organisation { id } } } }"""
    )
    event = data["event"]
    assert event["__typename"] == "Event"
    assert (event["eventType"], event["start"], event["end"], event["format"]) == (
        "CONFERENCE",
        "2025-04-09",
        "2025-04-10",
        "IN_PERSON",
    )
    assert event["municipality"]["id"] == "municipality:tallinn" and event["county"]["id"] == "county:harju"
    assert event["active"] is True and event["frequency"] is None
    assert [p["whole"]["id"] for p in event["partOf"]] == ["project:tat-2025"]
    roles = {p["organisation"]["name"]: p["role"] for p in event["participants"]}
    assert roles == {
        "Eesti Linnade ja Valdade Liit": "ORGANISER",
        "Tallinna Linnavalitsus": "PARTICIPANT",
        "Tartu Linnavalitsus": "SPEAKER",
        "Rakvere Linnavalitsus": "PARTICIPANT",
    }
    inferred = [p for p in event["participants"] if p["inferred"]]
    assert [p["organisation"]["name"] for p in inferred] == ["Rakvere Linnavalitsus"]
    assert "Rakvere is not named" in inferred[0]["inferredNote"]
    assert all(p["inferredNote"] is None for p in event["participants"] if not p["inferred"])
    assert [o["organisation"]["id"] for o in event["organisers"]] == ["org:elvl"]


async def test_recurring_meeting_and_organisation_events(api: Api) -> None:
    data = await api.gql(
        """{ event(id: "event:koordinaatorite-kohtumised") {
              frequency occurrencesPerYear format municipality { id } }
            organisation(id: "org:rakvere-linnavalitsus") { events { role event { id } } }
            network(id: "network:koordinaatorid") { open inferredFields { field note }
              parts { part { __typename id } } } }"""
    )
    meeting = data["event"]
    assert (meeting["frequency"], meeting["occurrencesPerYear"], meeting["format"]) == (
        "quarterly",
        4.0,
        "HYBRID",
    )
    assert meeting["municipality"] is None
    assert sorted(e["event"]["id"] for e in data["organisation"]["events"]) == [
        "event:koordinaatorite-kohtumised",
        "event:lvp-2025",
    ]
    network = data["network"]
    assert network["open"] is True
    assert [f["field"] for f in network["inferredFields"]] == ["open"]
    assert "never says the network is open" in network["inferredFields"][0]["note"]
    assert {p["part"]["id"] for p in network["parts"] if p["part"]["__typename"] == "Event"} == {
        "event:infopaev-louna",
        "event:koordinaatorite-kohtumised",
    }


async def test_events_filters(api: Api) -> None:
    everything = await _ids(api, "")
    assert len(everything) == 4
    assert await _ids(api, 'network: "network:koordinaatorid"') == [
        "event:infopaev-louna",
        "event:koordinaatorite-kohtumised",
    ]
    assert await _ids(api, 'project: "project:tat-2025"') == ["event:lvp-2025"]
    assert await _ids(api, 'municipality: "municipality:tartu-linn"') == ["event:infopaev-louna"]
    assert await _ids(api, 'county: "county:harju"') == ["event:lvp-2025"]
    assert await _ids(api, 'county: "county:ida-viru"') == []
    assert await _ids(api, 'participant: "org:ounapuu"') == ["event:infopaev-louna", "event:veebiseminar"]
    assert await _ids(api, "eventType: INFO_DAY") == ["event:infopaev-louna"]
    assert await _ids(api, "format: ONLINE") == ["event:veebiseminar"]
    # the period: both ends inclusive, the recurring meetings span 2025
    assert await _ids(api, 'from: "2025-04-10", to: "2025-04-30"') == [
        "event:koordinaatorite-kohtumised",
        "event:lvp-2025",
    ]
    assert await _ids(api, 'from: "2025-04-11", to: "2025-05-19"') == ["event:koordinaatorite-kohtumised"]
    assert await _ids(api, 'to: "31.12.2024"') == ["event:veebiseminar"]
    assert await _ids(api, 'from: "2026-01-01"') == []
    assert await _ids(api, 'asOf: "2025-05-20"') == [
        "event:infopaev-louna",
        "event:koordinaatorite-kohtumised",
    ]
    # conditions combine
    assert await _ids(api, 'network: "network:koordinaatorid", municipality: "municipality:tartu-linn"') == [
        "event:infopaev-louna"
    ]
    assert await _ids(api, 'network: "network:koordinaatorid", from: "2025-06-01"') == [
        "event:koordinaatorite-kohtumised"
    ]


async def test_events_filter_errors_name_the_input(api: Api) -> None:
    errors = await api.errors('{ events(filter: { from: "2025-05-01", to: "2025-04-01" }) { nodes { id } } }')
    assert "filter.to 2025-04-01 is before filter.from 2025-05-01" in errors[0]["message"]
    errors = await api.errors('{ events(filter: { network: "org:elvl" }) { nodes { id } } }')
    assert "not of a network" in errors[0]["message"]
    errors = await api.errors('{ events(filter: { from: "someday" }) { nodes { id } } }')
    assert "is not a date" in errors[0]["message"]


async def test_cooperation_path_steps_list_events(api: Api) -> None:
    data = await api.gql(
        """{ cooperationPath(from: "org:rakvere-linnavalitsus", to: "org:tartu-linnavalitsus") {
              hops steps { events { id name } } } }"""
    )
    path = data["cooperationPath"]
    assert path["hops"] == 1
    assert [e["id"] for e in path["steps"][0]["events"]] == ["event:lvp-2025"]


async def test_create_an_event_and_an_inferred_participation(api: Api) -> None:
    created = await api.gql(
        """mutation { createNode(input: { event: { name: "Lõimumisaken 2025", eventType: SEMINAR,
              start: "2025-09-01", format: IN_PERSON, sources: ["test.txt#5"],
              inferredFields: [{ field: "format", note: "the invitation names a hall" }] } }) {
              id ... on Event { eventType inferredFields { field note } } } }""",
        key=WRITE_KEY,
    )
    event = created["createNode"]
    assert event["id"] == "event:loimumisaken-2025" and event["eventType"] == "SEMINAR"
    assert event["inferredFields"] == [{"field": "format", "note": "the invitation names a hall"}]
    rel = await api.gql(
        """mutation { createRelation(input: { kind: TAKES_PART_IN, source: "org:ounapuu",
              target: "event:loimumisaken-2025", inferred: true, inferredNote: "a photo of its banner",
              sources: ["test.txt#5"] }) {
              __typename inferred inferredNote ... on Participation { role } } }""",
        key=WRITE_KEY,
    )
    assert rel["createRelation"] == {
        "__typename": "Participation",
        "inferred": True,
        "inferredNote": "a photo of its banner",
        "role": "PARTICIPANT",
    }
    errors = await api.errors(
        """mutation { createRelation(input: { kind: TAKES_PART_IN, source: "org:elvl",
              target: "event:loimumisaken-2025", inferred: true, role: LEAD,
              sources: ["test.txt#5"] }) { id } }""",
        key=WRITE_KEY,
    )
    message = " ".join(e["message"] for e in errors)
    assert "inferredNote" in message and "role" in message
    errors = await api.errors(
        """mutation { createNode(input: { event: { name: "X", eventType: OTHER, sources: ["t#1"],
              inferredFields: [{ field: "budget", note: "n" }] } }) { id } }""",
        key=WRITE_KEY,
    )
    assert "not a field of an event" in errors[0]["message"]


async def test_relations_filter_inferred_or_stated(api: Api) -> None:
    query = "{ relations(filter: { inferred: %s }) { totalCount nodes { id inferred inferredNote } } }"
    inferred = (await api.gql(query % "true"))["relations"]
    stated = (await api.gql(query % "false"))["relations"]
    every = (await api.gql("{ relations { totalCount } }"))["relations"]["totalCount"]
    assert inferred["totalCount"] >= 1 and all(r["inferred"] and r["inferredNote"] for r in inferred["nodes"])
    assert not any(r["inferred"] for r in stated["nodes"])
    assert inferred["totalCount"] + stated["totalCount"] == every
    both = await api.gql("{ relations(filter: { inferred: true, kind: TAKES_PART_IN }) { totalCount } }")
    assert both["relations"]["totalCount"] == inferred["totalCount"]  # the one inferred is a participation


async def test_metrics_stated_only_leave_inferred_relations_out_as_the_library_does(
    api: Api, store: Store
) -> None:
    from partnermap.graph import snapshot, without_inferred
    from partnermap.metrics.centrality import centralities
    from partnermap.metrics.temporal import cooperation_at

    query = """{ metrics(statedOnly: %s) { statedOnly centrality(by: DEGREE, top: 50) { node degree } } }"""
    every = (await api.gql(query % "false"))["metrics"]
    stated = (await api.gql(query % "true"))["metrics"]
    assert stated["statedOnly"] and not every["statedOnly"]
    expected = {
        c.node: c.degree for c in centralities(cooperation_at(without_inferred(snapshot(store)), None))
    }
    assert {c["node"]: c["degree"] for c in stated["centrality"]} == expected
    # Rakvere and Tartu meet only at an event Rakvere's participation in is inferred
    assert {c["node"]: c["degree"] for c in every["centrality"]} != expected
