"""The Store conformance suite: every backend must pass every test here, unchanged.

It runs once per backend listed in ``tests/conftest.py::BACKENDS``.
"""

from __future__ import annotations

from datetime import date

import pytest

from partnermap.errors import DatasetError, StoreError
from partnermap.model import (
    Dataset,
    Event,
    Municipality,
    Network,
    NodeKind,
    Organisation,
    Project,
    Relation,
    RelationKind,
    Role,
    Source,
)
from partnermap.reference import reference_dataset
from partnermap.store.base import Store

SRC = [Source(document="test", section="conformance")]


def org(slug: str, name: str, sector: str = "non_profit", kind: str = "ngo") -> Organisation:
    return Organisation(id=f"org:{slug}", name=name, org_kind=kind, sector=sector, sources=SRC)


def rel(kind: str, source: str, target: str, **extra: object) -> Relation:
    return Relation(kind=kind, source=source, target=target, sources=SRC, **extra)


@pytest.fixture
def small() -> Dataset:
    """Two municipalities' worth of organisations, a network, a project, an agreement."""
    ref = reference_dataset()
    keep = {"county:harju", "county:ida-viru", "municipality:tallinn", "municipality:kohtla-jarve-linn"}
    nodes = [n for n in ref.nodes if n.id in keep]
    relations = [r for r in ref.relations if r.source in keep and r.target in keep]
    nodes += [
        org("tallinn-gov", "Tallinna Linnavalitsus", "public", "municipal_government"),
        org("kj-gov", "Kohtla-Järve Linnavalitsus", "public", "municipal_government"),
        org("elvl", "Eesti Linnade ja Valdade Liit", "non_profit", "umbrella_association"),
        org("ngo-a", "MTÜ Õunapuu <script>alert(1)</script>"),
        Network(id="network:coordinators", name="Koordinaatorite võrgustik", sources=SRC),
        Project(
            id="project:tat-2025",
            name="TAT 2025",
            project_kind="programme",
            start=date(2025, 1, 1),
            end=date(2025, 12, 31),
            sources=SRC,
        ),
    ]
    relations += [
        rel("located_in", "org:tallinn-gov", "municipality:tallinn"),
        rel("located_in", "org:kj-gov", "municipality:kohtla-jarve-linn"),
        rel("located_in", "org:ngo-a", "municipality:tallinn"),
        rel("member_of", "org:elvl", "network:coordinators", role="convener", valid_from=date(2023, 1, 1)),
        rel("member_of", "org:tallinn-gov", "network:coordinators", valid_from=date(2023, 3, 1)),
        rel(
            "member_of",
            "org:kj-gov",
            "network:coordinators",
            valid_from=date(2025, 1, 1),
            valid_to=date(2027, 12, 31),
        ),
        rel(
            "partner_in",
            "org:tallinn-gov",
            "project:tat-2025",
            budget=150000.5,
            valid_from=date(2025, 1, 1),
            valid_to=date(2025, 12, 31),
        ),
        rel("partner_in", "org:elvl", "project:tat-2025", role="lead"),
        rel(
            "party_to",
            "org:tallinn-gov",
            "org:elvl",
            agreement="partnerlusleping",
            context="project:tat-2025",
            valid_from=date(2023, 3, 1),
            valid_to=date(2025, 12, 31),
        ),
    ]
    return Dataset(nodes=nodes, relations=relations)


@pytest.fixture
def filled(store: Store, small: Dataset) -> Store:
    store.load(small)
    return store


def ids(items: list) -> list[str]:
    return [item.id for item in items]


# ------------------------------------------------------------------ nodes


def test_new_store_is_empty_and_versioned(store: Store) -> None:
    assert store.count_nodes() == 0
    assert store.count_relations() == 0
    assert store.schema_version() >= 1


def test_upsert_get_and_replace_node(store: Store) -> None:
    node = org("a", "Ühendus Võru Pärnu Kohtla-Järve")
    assert store.upsert_node(node) is True
    assert store.get_node("org:a") == node
    assert store.upsert_node(node) is False  # unchanged
    renamed = node.model_copy(update={"name": "Teine nimi"})
    assert store.upsert_node(renamed) is True
    got = store.get_node("org:a")
    assert got is not None and got.name == "Teine nimi"
    assert store.count_nodes() == 1


def test_get_missing_returns_none(store: Store) -> None:
    assert store.get_node("org:nobody") is None
    assert store.get_relation("nothing") is None


def test_diacritics_survive_exactly(filled: Store) -> None:
    node = filled.get_node("municipality:kohtla-jarve-linn")
    assert isinstance(node, Municipality)
    assert node.name == "Kohtla-Järve linn"
    assert filled.get_node("org:ngo-a").name == "MTÜ Õunapuu <script>alert(1)</script>"  # type: ignore[union-attr]


def test_list_nodes_by_kind_and_attribute(filled: Store) -> None:
    assert ids(filled.list_nodes("county")) == ["county:harju", "county:ida-viru"]
    assert ids(filled.list_nodes(NodeKind.ORGANISATION, where={"sector": "public"})) == [
        "org:kj-gov",
        "org:tallinn-gov",
    ]
    assert ids(filled.list_nodes(where={"org_kind": "umbrella_association"})) == ["org:elvl"]
    assert filled.list_nodes("organisation", where={"sector": "private"}) == []
    assert ids(filled.list_nodes(where={"municipality_type": "linn", "county": "county:harju"})) == [
        "municipality:tallinn"
    ]


def test_list_nodes_as_of_uses_project_period(filled: Store) -> None:
    assert "project:tat-2025" in ids(filled.list_nodes(as_of=date(2025, 6, 1)))
    assert "project:tat-2025" not in ids(filled.list_nodes(as_of=date(2026, 1, 1)))
    # nodes without a period of their own are there on any date
    assert "org:elvl" in ids(filled.list_nodes(as_of=date(1999, 1, 1)))


def test_list_nodes_by_ids_and_pages(filled: Store) -> None:
    assert ids(filled.list_nodes(ids=["org:elvl", "org:nobody", "county:harju"])) == [
        "county:harju",
        "org:elvl",
    ]
    everything = ids(filled.list_nodes())
    assert everything == sorted(everything)
    pages = [ids(filled.list_nodes(limit=3, offset=o)) for o in range(0, len(everything), 3)]
    assert [i for page in pages for i in page] == everything
    assert filled.count_nodes() == len(everything)
    assert filled.count_nodes("organisation") == 4


def test_delete_node_refuses_while_relations_use_it(filled: Store) -> None:
    with pytest.raises(StoreError, match="relation"):
        filled.delete_node("org:elvl")
    assert filled.get_node("org:elvl") is not None
    assert filled.delete_node("org:elvl", cascade=True) is True
    assert filled.get_node("org:elvl") is None
    assert filled.list_relations(node="org:elvl") == []
    assert filled.delete_node("org:elvl") is False


# ------------------------------------------------------------------ relations


def test_relation_ids_are_readable_and_stable(filled: Store) -> None:
    got = filled.get_relation("org:tallinn-gov>party_to>org:elvl")
    assert got is not None
    assert got.valid_from == date(2023, 3, 1)
    assert got.valid_to == date(2025, 12, 31)
    assert got.agreement == "partnerlusleping"


def test_upsert_relation_checks_endpoints(filled: Store) -> None:
    with pytest.raises(StoreError, match="unknown organisation 'org:ghost'"):
        filled.upsert_relation(rel("member_of", "org:ghost", "network:coordinators"))
    with pytest.raises(StoreError, match="member_of relation ends at a network"):
        filled.upsert_relation(rel("member_of", "org:elvl", "org:tallinn-gov"))
    before = filled.count_relations()
    assert filled.upsert_relation(rel("member_of", "org:ngo-a", "network:coordinators")) is True
    assert filled.count_relations() == before + 1
    assert filled.upsert_relation(rel("member_of", "org:ngo-a", "network:coordinators")) is False


def test_list_relations_filters(filled: Store) -> None:
    members = filled.list_relations("member_of", target="network:coordinators")
    assert len(members) == 3
    assert ids(filled.list_relations("member_of", where={"role": "convener"})) == [
        "org:elvl>member_of>network:coordinators"
    ]
    assert len(filled.list_relations(source="org:tallinn-gov")) == 4
    assert len(filled.list_relations(node="org:elvl")) == 3
    assert filled.count_relations("partner_in") == 2
    lead = filled.list_relations(RelationKind.PARTNER_IN, where={"role": Role.LEAD})
    assert ids(lead) == ["org:elvl>partner_in>project:tat-2025"]


def test_list_relations_as_of(filled: Store) -> None:
    on = {r.source for r in filled.list_relations("member_of", as_of=date(2024, 6, 1))}
    assert on == {"org:elvl", "org:tallinn-gov"}
    on = {r.source for r in filled.list_relations("member_of", as_of=date(2025, 1, 1))}
    assert on == {"org:elvl", "org:tallinn-gov", "org:kj-gov"}
    on = {r.source for r in filled.list_relations("member_of", as_of=date(2028, 1, 1))}
    assert on == {"org:elvl", "org:tallinn-gov"}
    # the period's last day is inside it
    assert len(filled.list_relations("party_to", as_of=date(2025, 12, 31))) == 1
    assert filled.list_relations("party_to", as_of=date(2026, 1, 1)) == []


def test_delete_relation(filled: Store) -> None:
    assert filled.delete_relation("org:tallinn-gov>party_to>org:elvl") is True
    assert filled.get_relation("org:tallinn-gov>party_to>org:elvl") is None
    assert filled.delete_relation("org:tallinn-gov>party_to>org:elvl") is False


def test_relation_money_round_trips(filled: Store) -> None:
    got = filled.get_relation("org:tallinn-gov>partner_in>project:tat-2025")
    assert got is not None and got.budget == 150000.5 and got.role is Role.PARTNER


# ------------------------------------------------------------------ neighbours


def test_neighbours_directions_and_filters(filled: Store) -> None:
    out = filled.neighbours("org:tallinn-gov", direction="out")
    assert sorted(n.node.id for n in out) == [
        "municipality:tallinn",
        "network:coordinators",
        "org:elvl",
        "project:tat-2025",
    ]
    into = filled.neighbours("network:coordinators", direction="in")
    assert sorted(n.node.id for n in into) == ["org:elvl", "org:kj-gov", "org:tallinn-gov"]
    both = filled.neighbours("org:elvl")
    assert sorted(n.relation.kind.value for n in both) == ["member_of", "partner_in", "party_to"]
    only = filled.neighbours("org:tallinn-gov", relation_kind="located_in")
    assert [n.node.id for n in only] == ["municipality:tallinn"]
    typed = filled.neighbours("org:tallinn-gov", node_kind="project")
    assert [n.node.id for n in typed] == ["project:tat-2025"]
    later = filled.neighbours("network:coordinators", direction="in", as_of=date(2028, 1, 1))
    assert sorted(n.node.id for n in later) == ["org:elvl", "org:tallinn-gov"]
    assert filled.neighbours("org:nobody") == []
    gone = filled.neighbours("org:tallinn-gov", node_kind="project", as_of=date(2026, 1, 1))
    assert gone == []


# ------------------------------------------------------------------ bulk load


def test_load_counts_and_is_idempotent(store: Store, small: Dataset) -> None:
    first = store.load(small)
    assert first.nodes_created == len(small.nodes)
    assert first.relations_created == len(small.relations)
    second = store.load(small)
    assert second.changed == 0
    assert second.nodes_unchanged == len(small.nodes)
    assert second.relations_unchanged == len(small.relations)


def test_load_reports_updates(filled: Store, small: Dataset) -> None:
    changed = small.model_copy(deep=True)
    changed.nodes[-1] = changed.nodes[-1].model_copy(update={"name": "TAT 2025 (uuendatud)"})
    result = filled.load(changed)
    assert (result.nodes_updated, result.nodes_created) == (1, 0)
    assert filled.get_node("project:tat-2025").name == "TAT 2025 (uuendatud)"  # type: ignore[union-attr]


def test_rejected_load_writes_nothing(filled: Store, small: Dataset) -> None:
    before = filled.dump()
    bad = Dataset(
        nodes=[org("new-one", "Uus MTÜ"), org("new-two", "Teine")],
        relations=[
            rel("member_of", "org:new-one", "network:coordinators"),
            rel("member_of", "org:new-two", "network:missing"),
        ],
    )
    with pytest.raises(DatasetError, match="network:missing"):
        filled.load(bad)
    assert filled.dump() == before
    assert filled.get_node("org:new-one") is None


def test_load_may_point_at_nodes_already_stored(filled: Store) -> None:
    extra = Dataset(
        nodes=[org("late", "Hiline MTÜ")],
        relations=[rel("member_of", "org:late", "network:coordinators")],
    )
    result = filled.load(extra)
    assert result.nodes_created == 1 and result.relations_created == 1


def test_load_rejects_wrong_endpoint_kind(store: Store, small: Dataset) -> None:
    small.relations.append(rel("partner_in", "org:elvl", "network:coordinators"))
    with pytest.raises(DatasetError, match="partner_in relation ends at a project"):
        store.load(small)
    assert store.count_nodes() == 0


def test_load_reports_progress(store: Store, small: Dataset) -> None:
    seen: list[int] = []
    store.load(small, progress=seen.append)
    assert sum(seen) == len(small.nodes) + len(small.relations)


def test_dump_round_trips(filled: Store, small: Dataset, tmp_path) -> None:
    dumped = filled.dump()
    assert sorted(dumped.nodes, key=lambda n: n.id) == sorted(small.nodes, key=lambda n: n.id)
    assert sorted(dumped.relations, key=lambda r: r.id) == sorted(small.relations, key=lambda r: r.id)


def test_clear(filled: Store) -> None:
    filled.clear()
    assert filled.count_nodes() == 0 and filled.count_relations() == 0


def test_node_kinds_lookup(filled: Store) -> None:
    assert filled.node_kinds(["org:elvl", "county:harju", "org:nobody"]) == {
        "org:elvl": NodeKind.ORGANISATION,
        "county:harju": NodeKind.COUNTY,
    }


# ------------------------------------------------------------------ hostile input


@pytest.mark.parametrize(
    "value",
    [
        "x' OR '1'='1",
        "'); DROP TABLE nodes; --",
        "} RETURN n //",
        '" OR 1=1 --',
        "$.name",
    ],
)
def test_filter_values_are_data_not_query(filled: Store, value: str) -> None:
    count = filled.count_nodes()
    assert filled.list_nodes(where={"name": value}) == []
    assert filled.list_nodes(ids=[value]) == []
    assert filled.list_relations(source=value) == []
    assert filled.neighbours(value) == []
    assert filled.get_node(value) is None
    assert filled.count_nodes() == count


def test_hostile_names_are_stored_verbatim(filled: Store) -> None:
    name = "'); MATCH (n) DETACH DELETE n; // <img src=x onerror=alert(1)>"
    filled.upsert_node(org("hostile", name))
    assert filled.get_node("org:hostile").name == name  # type: ignore[union-attr]
    assert ids(filled.list_nodes(where={"name": name})) == ["org:hostile"]
    assert filled.count_nodes("county") == 2


@pytest.mark.parametrize("field", ["name) OR 1=1 --", "a.b", "", "1abc", "x' --"])
def test_filter_field_names_are_checked(filled: Store, field: str) -> None:
    with pytest.raises(StoreError, match="invalid filter field"):
        filled.list_nodes(where={field: "x"})


def test_dry_run_reports_and_writes_nothing(filled: Store, small: Dataset) -> None:
    before = filled.dump()
    changed = small.model_copy(deep=True)
    changed.nodes[-1] = changed.nodes[-1].model_copy(update={"name": "TAT 2025 (uus nimi)"})
    changed.nodes.append(org("brand-new", "Uus ühendus"))
    changed.relations.append(rel("member_of", "org:brand-new", "network:coordinators"))
    result = filled.load(changed, dry_run=True)
    assert result.dry_run
    assert (result.nodes_created, result.nodes_updated) == (1, 1)
    assert result.relations_created == 1
    assert result.created_ids == {"org:brand-new", "org:brand-new>member_of>network:coordinators"}
    assert result.updated_ids == {"project:tat-2025"}
    assert filled.dump() == before
    real = filled.load(changed)
    assert (real.nodes_created, real.nodes_updated, real.relations_created) == (1, 1, 1)
    assert filled.get_node("org:brand-new") is not None


def test_relations_of_many_nodes_at_once(filled: Store) -> None:
    both = filled.relations_of(["org:elvl", "org:kj-gov", "org:nobody"])
    assert ids(both) == sorted(
        {r.id for r in filled.list_relations(node="org:elvl")}
        | {r.id for r in filled.list_relations(node="org:kj-gov")}
    )
    out = filled.relations_of(["org:tallinn-gov"], direction="out", kind="member_of")
    assert ids(out) == ["org:tallinn-gov>member_of>network:coordinators"]
    into = filled.relations_of(["network:coordinators", "org:elvl"], direction="in")
    assert {r.target for r in into} == {"network:coordinators", "org:elvl"}
    assert len(into) == 4  # three memberships and Tallinn's agreement
    later = filled.relations_of(["network:coordinators"], direction="in", as_of=date(2028, 1, 1))
    assert {r.source for r in later} == {"org:elvl", "org:tallinn-gov"}
    assert filled.relations_of([]) == []
    with pytest.raises(StoreError, match="direction"):
        filled.relations_of(["org:elvl"], direction="sideways")  # type: ignore[arg-type]


def test_create_node_never_overwrites(filled: Store) -> None:
    assert filled.create_node(org("fresh", "Värske MTÜ")) is True
    assert filled.create_node(org("fresh", "Teine nimi")) is False
    assert filled.get_node("org:fresh").name == "Värske MTÜ"  # type: ignore[union-attr]


def test_create_relation_never_overwrites(filled: Store) -> None:
    first = rel("member_of", "org:ngo-a", "network:coordinators", valid_from=date(2024, 1, 1))
    assert filled.create_relation(first) is True
    assert filled.create_relation(first.model_copy(update={"valid_from": date(2020, 1, 1)})) is False
    assert filled.get_relation(first.id).valid_from == date(2024, 1, 1)  # type: ignore[union-attr]
    with pytest.raises(StoreError, match="unknown network"):
        filled.create_relation(rel("member_of", "org:ngo-a", "network:nowhere"))


def test_update_node_and_relation_apply_a_change(filled: Store) -> None:
    changed = filled.update_node("org:elvl", lambda n: n.model_copy(update={"name_en": "AECM"}))
    assert changed is not None and filled.get_node("org:elvl").name_en == "AECM"  # type: ignore[union-attr]
    assert filled.update_node("org:nobody", lambda n: n) is None
    ended = filled.update_relation(
        "org:tallinn-gov>member_of>network:coordinators",
        lambda r: r.model_copy(update={"valid_to": date(2026, 6, 30)}),
    )
    assert ended is not None and ended.valid_to == date(2026, 6, 30)
    assert filled.get_relation(ended.id).valid_to == date(2026, 6, 30)  # type: ignore[union-attr]
    with pytest.raises(StoreError, match="cannot alter the id"):
        filled.update_node("org:elvl", lambda n: n.model_copy(update={"id": "org:other"}))


def test_concurrent_updates_lose_nothing(filled: Store) -> None:
    """Eight writers each append to one node twenty times: every append survives."""
    import threading

    def writer(i: int) -> None:
        for j in range(20):
            filled.update_node(
                "org:ngo-a",
                lambda n, token=f"[{i}.{j}]": n.model_copy(
                    update={"description": (n.description or "") + token}
                ),
            )

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    text = filled.get_node("org:ngo-a").description or ""  # type: ignore[union-attr]
    assert sorted(text.strip("[]").split("][")) == sorted(f"{i}.{j}" for i in range(8) for j in range(20))


# ------------------------------------------------------------------ events and inferred marks


@pytest.fixture
def with_events(filled: Store) -> Store:
    """``filled`` plus an event in Tallinn belonging to the network, two organisations
    taking part in it (one relation inferred) and a node field marked inferred."""
    event = Event(
        id="event:lvp-2025",
        name="Linnade ja Valdade Päevad <b>2025</b>",
        event_type="conference",
        start=date(2025, 4, 9),
        end=date(2025, 4, 10),
        format="in_person",
        sources=SRC,
        inferred_fields={"format": "the programme names rooms in Tallinn"},
    )
    meeting = Event(
        id="event:coordinators-meetings",
        name="Koordinaatorite kohtumised",
        event_type="meeting",
        frequency="quarterly",
        occurrences_per_year=4,
        format="hybrid",
        sources=SRC,
    )
    filled.load(
        Dataset(
            nodes=[event, meeting],
            relations=[
                rel("located_in", "event:lvp-2025", "municipality:tallinn"),
                rel("part_of", "event:coordinators-meetings", "network:coordinators"),
                rel("takes_part_in", "org:elvl", "event:lvp-2025", role="organiser"),
                rel(
                    "takes_part_in",
                    "org:kj-gov",
                    "event:lvp-2025",
                    inferred=True,
                    inferred_note="the programme lists every partner municipality",
                ),
                rel("takes_part_in", "org:tallinn-gov", "event:coordinators-meetings"),
            ],
        )
    )
    return filled


def test_events_round_trip_with_their_marks(with_events: Store) -> None:
    event = with_events.get_node("event:lvp-2025")
    assert isinstance(event, Event)
    assert event.name == "Linnade ja Valdade Päevad <b>2025</b>"
    assert event.inferred_fields == {"format": "the programme names rooms in Tallinn"}
    assert ids(with_events.list_nodes(NodeKind.EVENT)) == ["event:coordinators-meetings", "event:lvp-2025"]
    assert ids(with_events.list_nodes("event", where={"event_type": "meeting"})) == [
        "event:coordinators-meetings"
    ]
    inferred = with_events.get_relation("org:kj-gov>takes_part_in>event:lvp-2025")
    assert inferred is not None and inferred.inferred is True
    assert inferred.inferred_note == "the programme lists every partner municipality"
    assert inferred.role is Role.PARTICIPANT
    assert ids(with_events.list_relations("takes_part_in", where={"inferred": True})) == [
        "org:kj-gov>takes_part_in>event:lvp-2025"
    ]
    organiser = with_events.list_relations(RelationKind.TAKES_PART_IN, where={"role": Role.ORGANISER})
    assert ids(organiser) == ["org:elvl>takes_part_in>event:lvp-2025"]


def test_list_nodes_as_of_uses_event_period(with_events: Store) -> None:
    assert "event:lvp-2025" in ids(with_events.list_nodes(as_of=date(2025, 4, 10)))
    assert "event:lvp-2025" not in ids(with_events.list_nodes(as_of=date(2025, 4, 11)))
    # a recurring meeting without a period is there on any date
    assert "event:coordinators-meetings" in ids(with_events.list_nodes(as_of=date(1999, 1, 1)))


def test_event_neighbours(with_events: Store) -> None:
    around = with_events.neighbours("event:lvp-2025", direction="in", relation_kind="takes_part_in")
    assert sorted(n.node.id for n in around) == ["org:elvl", "org:kj-gov"]
    place = with_events.neighbours("event:lvp-2025", direction="out", relation_kind="located_in")
    assert [n.node.id for n in place] == ["municipality:tallinn"]


def test_load_rejects_event_of_wrong_endpoints(with_events: Store) -> None:
    before = with_events.count_relations()
    bad = Dataset(relations=[rel("takes_part_in", "org:elvl", "network:coordinators")])
    with pytest.raises(DatasetError, match="takes_part_in relation ends at an event"):
        with_events.load(bad)
    assert with_events.count_relations() == before
