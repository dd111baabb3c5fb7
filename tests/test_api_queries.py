"""Queries against the real app over the bundled dataset, in SQLite and in Neo4j.

Every test here takes ``api``, which is parametrised over both backends: the same
GraphQL over HTTP must give the same answers whichever store holds the graph.
"""

from __future__ import annotations

from datetime import date

import pytest

from partnermap.graph import snapshot
from partnermap.metrics.brokerage import gould_fernandez
from partnermap.metrics.centrality import centralities, top
from partnermap.metrics.coverage import area_reach, coverage
from partnermap.metrics.indicators import indicator_status
from partnermap.metrics.mixing import cross_area
from partnermap.metrics.resilience import weak_points, what_if_leaves
from partnermap.metrics.temporal import at, cooperation_at
from partnermap.store.base import Store
from tests.test_api_support import Api, anyio_backend_fixture, api_fixture, names, query_file  # noqa: F401

pytestmark = pytest.mark.anyio


async def test_organisation_by_id_with_memberships_and_home(api: Api) -> None:
    data = await api.gql(
        """{ organisation(id: "org:elvl") { id kind name abbreviation orgKind sector scope
              sources { document section text }
              memberships { role validFrom validTo network { id name } } } }"""
    )
    org = data["organisation"]
    assert org["name"] == "Eesti Linnade ja Valdade Liit"
    assert (org["kind"], org["orgKind"], org["sector"], org["scope"]) == (
        "ORGANISATION",
        "UMBRELLA_ASSOCIATION",
        "NON_PROFIT",
        "NATIONAL",
    )
    assert org["abbreviation"] == "ELVL"
    assert org["sources"] and all(s["text"] == f"{s['document']}#{s['section']}" for s in org["sources"])
    networks = {m["network"]["id"]: m["role"] for m in org["memberships"]}
    assert networks == {
        "network:elvl-koordinaatorite-vorgustik": "CONVENER",
        "network:elvl-juhtruhm": "CONVENER",
    }


async def test_node_interface_and_relation_types(api: Api) -> None:
    data = await api.gql(
        """{ node(id: "network:loimumiskoda") { __typename id name
              ... on Network { networkType status meetingsPerYear open municipality { name } county { id } } }
            relation(id: "org:tallinna-linnavalitsus>party_to>org:elvl") { __typename validFrom validTo
              ... on Agreement { agreement parties { id } context { id } } } }"""
    )
    net = data["node"]
    assert net["__typename"] == "Network"
    assert (net["networkType"], net["status"], net["meetingsPerYear"], net["open"]) == (
        "PARTICIPATION_COUNCIL",
        "ACTIVE",
        4.0,
        True,
    )
    assert net["municipality"]["name"] == "Tallinn" and net["county"]["id"] == "county:harju"
    rel = data["relation"]
    assert rel["__typename"] == "Agreement"
    assert (rel["validFrom"], rel["validTo"], rel["agreement"]) == (
        "2023-03-01",
        "2025-12-31",
        "partnerlusleping",
    )
    assert names(rel["parties"], "id") == ["org:tallinna-linnavalitsus", "org:elvl"]
    assert rel["context"]["id"] == "project:tat-loimumine-2025"


async def test_partnership_money_and_positions(api: Api) -> None:
    data = await api.gql(
        """{ project(id: "project:koosloomest-koostooni") { budget start end projectKind
              partners { role budget support ownContribution organisation { id } } }
            organisation(id: "org:tartu-linnavalitsus") {
              partnerships(role: PARTNER) { project { id } positions { title fte } } } }"""
    )
    project = data["project"]
    assert (project["budget"], project["start"], project["end"]) == (60000.0, "2024-07-01", "2025-06-30")
    partners = {p["organisation"]["id"]: p for p in project["partners"]}
    assert partners["org:vorumaa-partnerluskogu"]["role"] == "LEAD"
    assert partners["org:vorumaa-partnerluskogu"]["budget"] == 42000.0
    tartumaa = partners["org:tartumaa-arendusselts"]
    assert (tartumaa["role"], tartumaa["budget"], tartumaa["support"], tartumaa["ownContribution"]) == (
        "PARTNER",
        18000.0,
        12743.68,
        5256.32,
    )
    tat = [
        p for p in data["organisation"]["partnerships"] if p["project"]["id"] == "project:tat-loimumine-2025"
    ]
    assert len(tat) == 1 and len(tat[0]["positions"]) == 2
    assert all(p["fte"] > 0 for p in tat[0]["positions"])


async def test_counties_and_municipalities(api: Api) -> None:
    data = await api.gql(
        """{ counties { id name }
            municipalities(filter: {county: "county:ida-viru"}) { totalCount nodes { id municipalityType } }
            county(id: "county:ida-viru") { municipalities { id } organisations { id } } }"""
    )
    assert len(data["counties"]) == 15 and data["counties"][0]["id"] == "county:harju"
    ida_viru = data["municipalities"]
    assert ida_viru["totalCount"] == 8
    assert {m["id"] for m in ida_viru["nodes"]} >= {"municipality:johvi-vald", "municipality:narva-linn"}
    assert len(data["county"]["municipalities"]) == 8
    assert names(data["county"]["organisations"], "id") == [
        "org:ida-virumaa-integratsioonikeskus",
        "org:johvi-vallavalitsus",
        "org:johvi-vallavalitsuse-sotsiaalteenistus",
        "org:kohtla-jarve-linnavalitsus",
    ]


async def test_organisations_filtered_and_paged_with_cursors(api: Api) -> None:
    query = """query($after: String) {
        organisations(filter: {county: "county:ida-viru"}, first: 3, after: $after) {
          totalCount edges { cursor node { id county { id } } }
          pageInfo { hasNextPage hasPreviousPage endCursor } } }"""
    first = (await api.gql(query))["organisations"]
    assert first["totalCount"] == 4
    assert [e["node"]["id"] for e in first["edges"]] == [
        "org:ida-virumaa-integratsioonikeskus",
        "org:johvi-vallavalitsus",
        "org:johvi-vallavalitsuse-sotsiaalteenistus",
    ]
    assert all(e["node"]["county"]["id"] == "county:ida-viru" for e in first["edges"])
    assert first["pageInfo"]["hasNextPage"] and not first["pageInfo"]["hasPreviousPage"]
    second = (await api.gql(query, {"after": first["pageInfo"]["endCursor"]}))["organisations"]
    assert [e["node"]["id"] for e in second["edges"]] == ["org:kohtla-jarve-linnavalitsus"]
    assert not second["pageInfo"]["hasNextPage"] and second["pageInfo"]["hasPreviousPage"]


async def test_organisations_by_network_as_of_a_date(api: Api) -> None:
    query = """query($on: Date) { organisations(first: 50,
        filter: {network: "network:elvl-koordinaatorite-vorgustik", asOf: $on}) { nodes { id } } }"""
    everyone = names((await api.gql(query))["organisations"]["nodes"], "id")
    assert len(everyone) == 9 and "org:elvl" in everyone and "org:kohtla-jarve-linnavalitsus" in everyone
    early = names((await api.gql(query, {"on": "2023-06-01"}))["organisations"]["nodes"], "id")
    assert early == [
        "org:elvl",
        "org:rakvere-linnavalitsus",
        "org:tallinna-linnavalitsus",
        "org:tartu-linnavalitsus",
    ]
    estonian_date = names((await api.gql(query, {"on": "01.06.2023"}))["organisations"]["nodes"], "id")
    assert estonian_date == early


async def test_organisations_by_kind_sector_and_search(api: Api) -> None:
    data = await api.gql(
        """{ lags: organisations(filter: {orgKind: LEADER_ACTION_GROUP}) { nodes { id } }
            private: organisations(filter: {sector: PRIVATE}) { nodes { id sector } }
            search: organisations(filter: {search: "vorumaa"}) { totalCount nodes { name } } }"""
    )
    assert names(data["lags"]["nodes"], "id") == ["org:tartumaa-arendusselts", "org:vorumaa-partnerluskogu"]
    assert data["private"]["nodes"] and all(n["sector"] == "PRIVATE" for n in data["private"]["nodes"])
    assert "Võrumaa Partnerluskogu" in names(data["search"]["nodes"])


async def test_networks_and_projects_filters(api: Api) -> None:
    data = await api.gql(
        """{ networks(filter: {member: "org:tallinna-linnavalitsus"}) { nodes { id } }
            active: networks(filter: {status: ACTIVE, networkType: PARTICIPATION_COUNCIL}) { nodes { id } }
            projects(filter: {partner: "org:elvl", asOf: "2025-06-01"}) {
              nodes { id active(on: "2025-06-01") } } }"""
    )
    assert names(data["networks"]["nodes"], "id") == [
        "network:elvl-koordinaatorite-vorgustik",
        "network:loimumiskoda",
        "network:tallinn-koostoovorgustik",
    ]
    assert names(data["active"]["nodes"], "id") == ["network:haapsalu-osaluskogu", "network:loimumiskoda"]
    projects = data["projects"]["nodes"]
    assert "project:tat-loimumine-2025" in names(projects, "id")
    assert all(p["active"] for p in projects)


async def test_neighbours(api: Api) -> None:
    data = await api.gql(
        """{ neighbours(id: "network:loimumiskoda") { direction relation { kind } node { id } }
            members: neighbours(id: "network:loimumiskoda", direction: IN, relationKind: MEMBER_OF) {
              node { id } } }"""
    )
    pairs = {(n["direction"], n["relation"]["kind"], n["node"]["id"]) for n in data["neighbours"]}
    assert ("IN", "MEMBER_OF", "org:tallinna-linnavalitsus") in pairs
    assert ("OUT", "LOCATED_IN", "municipality:tallinn") in pairs
    assert [n["node"]["id"] for n in data["members"]] == ["org:tallinna-linnavalitsus"]


async def test_cooperation_path_names_who_bridges(api: Api) -> None:
    data = await api.gql(
        """{ cooperationPath(from: "org:tartu-ulikool", to: "org:tallinna-linnavalitsus") {
              hops organisations { id } intermediaries { id }
              steps { from { id } to { id } weight agreements { agreement }
                      projects { id } networks { id } } }
            direct: cooperationPath(from: "org:johvi-vallavalitsus", to: "org:tallinna-linnavalitsus") {
              hops steps { networks { id } projects { id } } }
            none: cooperationPath(from: "org:tartumaa-arendusselts", to: "org:johvi-vallavalitsus") {
              hops } }"""
    )
    path = data["cooperationPath"]
    assert path["hops"] == 2
    assert names(path["intermediaries"], "id") == ["org:tartu-valismaalaste-teenuskeskus"]
    first, second = path["steps"]
    assert first["agreements"] == [{"agreement": "MTÜ Tartu Välismaalaste Teenuskeskuse asutamine"}]
    assert names(second["projects"], "id") == ["project:tat-loimumine-2025"]
    direct = data["direct"]
    assert direct["hops"] == 1
    assert names(direct["steps"][0]["networks"], "id") == ["network:elvl-koordinaatorite-vorgustik"]
    assert data["none"] is None


async def test_memberships_ending_within_days(api: Api) -> None:
    data = await api.gql(
        """{ endingMemberships(from: "2026-01-01", withinDays: 730) {
              validTo organisation { id } network { id } } }"""
    )
    ending = [(m["validTo"], m["organisation"]["id"], m["network"]["id"]) for m in data["endingMemberships"]]
    assert ending == [
        ("2026-12-31", "org:haapsalu-linnavalitsus", "network:elvl-koordinaatorite-vorgustik"),
        ("2026-12-31", "org:haapsalu-linnavalitsus", "network:haapsalu-tugivorgustik"),
        ("2026-12-31", "org:johvi-vallavalitsus", "network:elvl-koordinaatorite-vorgustik"),
        ("2026-12-31", "org:johvi-vallavalitsus", "network:johvi-koostoovorgustik"),
        ("2027-12-31", "org:kohtla-jarve-linnavalitsus", "network:elvl-koordinaatorite-vorgustik"),
        ("2027-12-31", "org:kohtla-jarve-linnavalitsus", "network:kohtla-jarve-tugivorgustik"),
    ]


async def test_indicator_targets(api: Api) -> None:
    data = await api.gql(
        """{ indicators(first: 100) { totalCount nodes { id unit comparison targets { year value } } } }"""
    )
    indicators = data["indicators"]
    # 17 with targets by year; none for Võrumaa's 3 (no year) and Silab's 7 success indicators (issue 16)
    assert indicators["totalCount"] == 27
    assert sum(1 for i in indicators["nodes"] if not i["targets"]) == 10
    silab = next(i for i in indicators["nodes"] if i["id"] == "indicator:silab-kov-network-members")
    assert silab["targets"] and all(isinstance(t["year"], int) for t in silab["targets"])


# --------------------------------------------------------------------------- query files


async def test_query_file_participation_councils(api: Api) -> None:
    data = await api.gql(query_file("participation_councils"))
    councils = {
        n["municipality"]["name"]: (n["name"], n["status"], names([m["organisation"] for m in n["members"]]))
        for n in data["networks"]["nodes"]
    }
    assert data["networks"]["totalCount"] == 5
    assert councils == {
        "Tallinn": ("Lõimumiskoda", "ACTIVE", ["Tallinna Linnavalitsus"]),
        "Haapsalu linn": ("Haapsalu osaluskogu", "ACTIVE", ["Haapsalu Linnavalitsus"]),
        "Tartu linn": ("Tartu sihtgrupi liikmete osaluskogu", "PLANNED", ["Tartu Linnavalitsus"]),
        "Rakvere linn": ("Rakvere sihtrühma osaluskogu", "PLANNED", ["Rakvere Linnavalitsus"]),
        "Kohtla-Järve linn": ("Kohtla-Järve osaluskogu", "PLANNED", ["Kohtla-Järve Linnavalitsus"]),
    }


async def test_query_file_agreements_ending(api: Api) -> None:
    data = await api.gql(query_file("agreements_ending"), {"from": "2025-01-01", "withinDays": 364})
    agreements = data["endingAgreements"]
    assert [a["parties"][0]["name"] for a in agreements] == [
        "Pärnu Linnavalitsus",
        "Rakvere Linnavalitsus",
        "Saaremaa Vallavalitsus",
        "Tallinna Linnavalitsus",
        "Tartu Linnavalitsus",
    ]
    assert all(a["validTo"] == "2025-12-31" and a["agreement"] == "partnerlusleping" for a in agreements)
    assert all(a["parties"][1]["name"] == "Eesti Linnade ja Valdade Liit" for a in agreements)
    assert all(a["context"]["id"] == "project:tat-loimumine-2025" for a in agreements)
    assert len(data["endingMemberships"]) == 13


async def test_query_file_bridges_ida_viru_tallinn(api: Api) -> None:
    data = await api.gql(query_file("bridges_ida_viru_tallinn"), {"asOf": "2025-06-01"})
    bridges = data["bridges"]
    ties = [(t["from"]["id"], t["to"]["id"]) for t in bridges["ties"]]
    assert ties == [
        ("org:johvi-vallavalitsus", "org:tallinna-linnavalitsus"),
        ("org:kohtla-jarve-linnavalitsus", "org:tallinna-linnavalitsus"),
        # an (inferred) partner of the 2025 plan through Jõhvi's communication (issue 16)
        ("org:ida-virumaa-integratsioonikeskus", "org:tallinna-linnavalitsus"),
    ]
    for tie in bridges["ties"][:2]:
        assert names(tie["networks"]) == ["ELVL-i koordinaatorite võrgustik"]
        assert len(tie["projects"]) == 1 and tie["agreements"] == []
    assert bridges["ties"][2]["networks"] == [] and len(bridges["ties"][2]["projects"]) == 1
    brokers = bridges["brokers"]
    assert brokers[0]["organisation"]["id"] == "org:elvl"
    assert names(brokers[0]["fromPartners"]) == [
        "Ida-Virumaa Integratsioonikeskus MTÜ",
        "Jõhvi Vallavalitsus",
        "Kohtla-Järve Linnavalitsus",
    ]
    assert names(brokers[0]["toPartners"]) == ["Tallinna Linnavalitsus"]
    assert brokers[0]["weight"] > 3 > brokers[1]["weight"]
    assert {b["organisation"]["id"] for b in brokers[1:]} >= {
        "org:tartu-linnavalitsus",
        "org:parnu-linnavalitsus",
        "org:haapsalu-linnavalitsus",
    }


async def test_query_file_network_gaps(api: Api) -> None:
    data = await api.gql(
        query_file("network_gaps"),
        {"network": "network:elvl-koordinaatorite-vorgustik", "asOf": "2025-06-01"},
    )
    coverage = data["metrics"]["coverage"]
    assert (coverage["members"], coverage["nationalMembers"]) == (9, 1)
    assert names(coverage["countiesReached"], "id") == [
        "county:harju",
        "county:ida-viru",
        "county:laane",
        "county:laane-viru",
        "county:parnu",
        "county:saare",
        "county:tartu",
    ]
    assert names(coverage["countiesNotReached"]) == [
        "Hiiu maakond",
        "Järva maakond",
        "Jõgeva maakond",
        "Põlva maakond",
        "Rapla maakond",
        "Valga maakond",
        "Viljandi maakond",
        "Võru maakond",
    ]
    assert coverage["countyShare"] == pytest.approx(7 / 15)


async def test_query_file_municipalities_without_network(api: Api, loaded: Store) -> None:
    day = date(2025, 6, 1)
    H = at(snapshot(loaded), day)
    data = await api.gql(query_file("municipalities_without_network"), {"asOf": "2025-06-01"})
    expected = area_reach(H, reached=False)
    assert data["municipalities"]["totalCount"] == len(expected) > 60
    assert names(data["municipalities"]["nodes"], "id") == [a.id for a in expected]
    assert "Ruhnu vald" in names(data["municipalities"]["nodes"])
    assert names(data["counties"], "id") == [a.id for a in area_reach(H, "county", reached=False)]
    group = "network:elvl-koordinaatorite-vorgustik"
    reached = await api.gql(
        query_file("municipalities_without_network"),
        {"asOf": "2025-06-01", "network": group, "reached": True},
    )
    c = coverage(H, group)
    assert names(reached["municipalities"]["nodes"], "id") == c.municipalities_reached
    assert names(reached["counties"], "id") == c.counties_reached
    # filters combine: reach and county
    harju = await api.gql(
        """{ municipalities(filter: {county: "county:harju", reachedBy: "network:loimumiskoda"}) {
              nodes { id } } }"""
    )
    assert names(harju["municipalities"]["nodes"], "id") == ["municipality:tallinn"]
    errors = await api.errors('{ counties(reachedBy: "org:elvl") { id } }')
    assert "org:elvl" in errors[0]["message"] and errors[0]["path"] == ["counties"]


async def test_metrics_match_the_library(api: Api, loaded: Store) -> None:
    data = await api.gql(
        """{ metrics(asOf: "2025-06-01") {
              centrality(by: BETWEENNESS, top: 3) { node betweenness degree organisation { name } }
              brokerage(by: "area", top: 2) { node group total liaison }
              weakPoints(top: 2) { components articulationPoints { node cutOff } bridges { u v } }
              crossArea(by: "county") { attribute ei { ei internal external } matrix { groups } }
              whatIfLeaves(organisation: "org:elvl") { cutOff componentsAfter } }
            indicators: metrics { indicators(year: 2025) { indicatorId status value target } } }"""
    )
    G = snapshot(loaded)
    C = cooperation_at(G, date(2025, 6, 1))
    metrics = data["metrics"]
    expected = top(centralities(C), "betweenness", 3)
    assert [(r["node"], r["betweenness"], r["degree"]) for r in metrics["centrality"]] == [
        (r.node, r.betweenness, r.degree) for r in expected
    ]
    assert metrics["centrality"][0]["organisation"]["name"] == expected[0].name
    brokers = gould_fernandez(C, "area")[:2]
    assert [(b["node"], b["group"], b["total"], b["liaison"]) for b in metrics["brokerage"]] == [
        (b.node, b.group, b.total, b.liaison) for b in brokers
    ]
    weak = weak_points(C, top=2)
    assert metrics["weakPoints"]["components"] == weak.components
    assert [a["node"] for a in metrics["weakPoints"]["articulationPoints"]] == [
        a.node for a in weak.articulation_points
    ]
    mixing = cross_area(C, "county", permutations=0)
    assert metrics["crossArea"]["ei"] == {
        "ei": mixing.ei.ei,
        "internal": mixing.ei.internal,
        "external": mixing.ei.external,
    }
    assert metrics["whatIfLeaves"]["cutOff"] == what_if_leaves(C, "org:elvl").cut_off
    statuses = {(r["indicatorId"], r["status"]) for r in data["indicators"]["indicators"]}
    assert statuses == {(r.indicator, r.status) for r in indicator_status(G, year=2025)}
    assert ("indicator:participation-councils", "met") in statuses


async def test_metrics_errors_are_clear(api: Api) -> None:
    cases = {
        '{ metrics { crossArea(by: "shoe-size") { attribute } } }': "unknown attribute 'shoe-size'",
        '{ metrics(asOf: "1990-01-01") { centrality { node } } }': "before the data begin",
        "{ metrics { centrality(top: 5000) { node } } }": "top must be between 0 and 1000",
        "{ metrics { crossArea(permutations: 100000) { attribute } } }": "permutations must be between",
        '{ metrics { coverage(of: "org:elvl") { name } } }': "is not a network or project id",
        '{ metrics { coverage(of: "network:atlantis") { name } } }': "there is no network",
        '{ metrics { whatIfLeaves(organisation: "org:nobody") { cutOff } } }': "there is no organisation",
        '{ bridges(from: "org:elvl", to: "county:harju") { ties { weight } } }': "not a county or",
        '{ bridges(from: "county:harju", to: "county:harju") { brokers { weight } } }': "two different areas",
    }
    for query, expected in cases.items():
        errors = await api.errors(query)
        assert expected in errors[0]["message"], (query, errors)
