"""The bundled Estonia dataset: real facts of the four source documents, each with its source."""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from datetime import date
from pathlib import Path

from partnermap.model import Dataset, Event, Indicator, Network, Organisation, Project, Relation

SEEDS = Path(__file__).resolve().parents[1] / "sources"
SEED_FILES = {
    "000_912fdd39f90b34a4.txt",
    "001_4200d907a558528c.txt",
    "002_57512ebf8638b0a7.txt",
    "003_2ea249a01a33f26d.txt",
}
#: The people the sources name (the presenters of 000, the survey experts of 002 and the
#: authors 002 cites), as sha256 hex digests of their normalised names (see
#: :func:`_normalised`): each full name and each surname alone. The names themselves are not
#: written here, so that this file does not store what the dataset must never store.
PEOPLE_IN_THE_SEEDS = frozenset(
    {
        "b863ae04cf45f63f132b2a8b5f39c72032050cf661d9811f74ceac8658e0dc6b",
        "dea4aa6efbf161f0da6df11523f7d21d0a0dd3d373eba4e462c1cd09b88c6cd0",
        "0d2e51339be2985dfa931def9f1b74161340135174e467d9a30412a9bcfb0b50",
        "5a2190ee0139cf45949ecd692b02f57162604ce64faa63566f8ec170a21e701b",
        "5d83f618aff2f4eb7ea8ff6595a620010b94dad6fc7277cbf6926ac87f1a183c",
        "0a97a721da53d8f7843cd4bd524e68c4cd385dfa90c7196c0d1bab4fea79fda7",
        "8c60f9e42b187734307076830c085f79a9c267e68919c82052d95630501e4aca",
        "1d6057d80b141ad4acff4061bbb2bec26e09f4978deb3e72c66698c627db50a0",
        "33920c05d67529754fbd00559f21e7ed04474a6937daea1845dae7f5067ce2be",
        "a9473bc45d885f13019b7f3e2c2521e5daaed895062c3f6e05c966090a8114d2",
        "42258bfc34d01f0078c5c25148b235ea9f7a67fbd6ab5ac4efdacaf310825022",
        "bdf8237b988c1466d08d6de6af00a5dafe84c4f372e310e1a5699b5da422007c",
        "e79daebb781583e38d6f7dc10f4618d5a949810a98db0c84783f8b4f5fcb4b4b",
        "1f36607370c69fda019ae1c1e2eacfb7f582a97f2f8f76c8ae7380d0765b6db3",
        "2cb314a238cb9621cfa700a4681f1ce0f8afbf39692865c6a8cf2bb9f7e0742c",
    }
)


def _normalised(text: str) -> str:
    """A name as it is hashed: NFC, case folded, runs of white space made one space."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _digests(text: str) -> set[str]:
    """sha256 hex digests of every word and every pair of adjacent words of ``text``."""
    words = re.findall(r"[^\W\d_]+", _normalised(text))
    grams = set(words) | {f"{a} {b}" for a, b in itertools.pairwise(words)}
    return {hashlib.sha256(g.encode("utf-8")).hexdigest() for g in grams}


def rel(ds: Dataset, rid: str) -> Relation:
    return next(r for r in ds.relations if r.id == rid)


def node(ds: Dataset, nid: str):
    return next(n for n in ds.nodes if n.id == nid)


def test_partnership_agreements_and_their_periods(estonia: Dataset) -> None:
    periods = {
        r.source: (r.valid_from, r.valid_to)
        for r in estonia.relations
        if r.kind == "party_to" and r.target == "org:elvl" and r.agreement == "partnerlusleping"
    }
    assert periods == {
        "org:tartu-linnavalitsus": (date(2023, 1, 1), date(2025, 12, 31)),
        "org:rakvere-linnavalitsus": (date(2023, 2, 1), date(2025, 12, 31)),
        "org:tallinna-linnavalitsus": (date(2023, 3, 1), date(2025, 12, 31)),
        "org:saaremaa-vallavalitsus": (date(2023, 11, 1), date(2025, 12, 31)),
        "org:parnu-linnavalitsus": (date(2024, 1, 1), date(2025, 12, 31)),
        "org:haapsalu-linnavalitsus": (date(2024, 12, 1), date(2026, 12, 31)),
        "org:johvi-vallavalitsus": (date(2025, 1, 1), date(2026, 12, 31)),
        "org:kohtla-jarve-linnavalitsus": (date(2025, 1, 1), date(2027, 12, 31)),
    }


def test_koosloomest_koostooni_budget(estonia: Dataset) -> None:
    project = node(estonia, "project:koosloomest-koostooni")
    assert isinstance(project, Project)
    assert (project.start, project.end, project.budget) == (date(2024, 7, 1), date(2025, 6, 30), 60000)
    tas = rel(estonia, "org:tartumaa-arendusselts>partner_in>project:koosloomest-koostooni")
    assert (tas.budget, tas.support, tas.own_contribution, tas.role) == (18000, 12743.68, 5256.32, "partner")
    assert tas.support + tas.own_contribution == tas.budget
    assert sorted(line.amount for line in tas.budget_lines) == [5000, 13000]
    lead = rel(estonia, "org:vorumaa-partnerluskogu>partner_in>project:koosloomest-koostooni")
    assert (lead.budget, lead.role) == (42000, "lead")
    # a cross-county project: Võru county and Tartu county
    homes = {
        r.target
        for r in estonia.relations
        if r.kind == "located_in" and r.source in {"org:tartumaa-arendusselts", "org:vorumaa-partnerluskogu"}
    }
    assert homes == {"county:tartu", "county:voru"}


def test_participation_council_indicator(estonia: Dataset) -> None:
    indicator = node(estonia, "indicator:participation-councils")
    assert isinstance(indicator, Indicator)
    assert indicator.targets == {2025: 5, 2029: 7}
    assert indicator.definition is not None and indicator.definition.metric == "participation_councils"
    councils = [
        n for n in estonia.nodes if isinstance(n, Network) and n.network_type == "participation_council"
    ]
    assert {n.id for n in councils if n.status == "active"} == {
        "network:loimumiskoda",
        "network:haapsalu-osaluskogu",
    }


def test_coordinator_and_network_indicators(estonia: Dataset) -> None:
    assert node(estonia, "indicator:kov-coordinators").targets == {2025: 8, 2029: 7}
    assert node(estonia, "indicator:local-cooperation-networks").targets == {2025: 8, 2029: 7}
    local = [
        n for n in estonia.nodes if isinstance(n, Network) and n.network_type == "local_cooperation_network"
    ]
    assert len(local) == 8


def test_silab_network_has_targets_but_no_named_members(estonia: Dataset) -> None:
    network = node(estonia, "network:silab-kov")
    assert isinstance(network, Network)
    targets = node(estonia, "indicator:silab-kov-network-members")
    assert targets.targets == {2022: 10, 2023: 12, 2024: 15}
    roles = [r.role for r in estonia.relations if r.kind == "member_of" and r.target == "network:silab-kov"]
    assert "member" not in roles


def test_loimumiskoda_is_tallinns(estonia: Dataset) -> None:
    koda = node(estonia, "network:loimumiskoda")
    assert koda.name == "Lõimumiskoda" and koda.meetings_per_year == 4
    convener = [
        r.source for r in estonia.relations if r.target == "network:loimumiskoda" and r.role == "convener"
    ]
    assert convener and all(c.startswith("org:tallinn") for c in convener)


def test_elvl_positions_are_positions_not_people(estonia: Dataset) -> None:
    lead = rel(estonia, "org:elvl>partner_in>project:tat-loimumine-2025")
    assert lead.role == "lead"
    assert sorted(p.fte for p in lead.positions) == [0.25, 0.75, 0.9]


def test_vorumaa_measures_and_call(estonia: Dataset) -> None:
    shares = {
        n.id: n.budget_share for n in estonia.nodes if isinstance(n, Project) and n.project_kind == "measure"
    }
    assert sorted(v for v in shares.values() if v is not None) == [5, 17, 38, 40, 100]
    call = node(estonia, "project:vorumaa-sotsiaalse-kaasatuse-voor-2026")
    assert (call.start, call.end, call.grant_min, call.grant_max) == (
        date(2026, 3, 9),
        date(2026, 3, 16),
        1000,
        6029,
    )


def test_names_keep_diacritics(estonia: Dataset) -> None:
    names = {n.name for n in estonia.nodes}
    assert {"Võrumaa Partnerluskogu", "Lõimumiskoda", "Kohtla-Järve linn", "Pärnu linn", "Võru linn"} <= names


def test_every_record_cites_a_seed_or_the_reference(estonia: Dataset) -> None:
    assert {p.name for p in SEEDS.glob("*.txt")} == SEED_FILES
    for record in [*estonia.nodes, *estonia.relations]:
        assert record.sources, record.id
        for source in record.sources:
            assert source.document in SEED_FILES | {"EHAK"}, (record.id, source)
            assert source.section.strip()


def test_the_name_digests_are_of_people_in_the_seeds() -> None:
    # The check below is only as good as its list: every digest must match a name that is
    # written in the sources (so the list holds no typo and the tokenising finds names).
    found = set()
    for path in SEEDS.glob("*.txt"):
        found |= _digests(path.read_text(encoding="utf-8")) & PEOPLE_IN_THE_SEEDS
    assert found == PEOPLE_IN_THE_SEEDS


def test_no_personal_names(estonia: Dataset) -> None:
    leaked = _digests(estonia.model_dump_json()) & PEOPLE_IN_THE_SEEDS
    assert not leaked, f"{len(leaked)} personal names of the sources are in the dataset"


def _forms(amount: float) -> set[str]:
    whole = int(amount)
    grouped = f"{whole:,}".replace(",", " ")
    cents = round(amount - whole, 2)
    if cents:
        c = f"{amount:.2f}".split(".")[1]
        return {f"{grouped},{c}", f"{whole},{c}"}
    return {grouped, str(whole)}


def test_every_amount_is_written_in_its_source(estonia: Dataset) -> None:
    texts = {p.name: re.sub(r"\s+", " ", p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt")}
    checked = 0
    for record in estonia.nodes + estonia.relations:  # type: ignore[operator]
        amounts = [getattr(record, f, None) for f in ("budget", "support", "own_contribution", "amount")]
        amounts += [line.amount for line in getattr(record, "budget_lines", [])]
        for amount in amounts:
            if not amount:
                continue
            text = texts[record.sources[0].document]
            assert any(form in text for form in _forms(amount)), (record.id, amount)
            checked += 1
    assert checked > 100


def test_organisations_have_kind_and_sector(estonia: Dataset) -> None:
    orgs = [n for n in estonia.nodes if isinstance(n, Organisation)]
    assert len(orgs) >= 30
    elvl = node(estonia, "org:elvl")
    assert (elvl.org_kind, elvl.sector, elvl.scope) == ("umbrella_association", "non_profit", "national")
    lags = {o.id for o in orgs if o.org_kind == "leader_action_group"}
    assert lags == {"org:vorumaa-partnerluskogu", "org:tartumaa-arendusselts"}


def test_bundled_dataset_loads_into_a_store(loaded) -> None:
    assert loaded.count_nodes("municipality") == 79
    assert loaded.get_node("org:elvl") is not None
    again = loaded.load(loaded.dump())
    assert again.changed == 0


# --- issue 16: what no document supports is gone ---------------------------------------


def _text(record: object) -> str:
    return " ".join(str(getattr(record, field, None) or "") for field in ("name", "description", "note"))


def test_no_implementing_authority_is_named(estonia: Dataset) -> None:
    # 003 mentions the rakendusasutus but never names it; only the Minister of Culture's
    # approval of the 2025 plan is stated.
    ids = estonia.node_ids()
    assert "org:kultuuriministeerium" not in ids
    assert not [r for r in estonia.relations if r.kind == "funds" and r.target.startswith("project:tat-")]
    for record in [*estonia.nodes, *estonia.relations]:
        assert "Ministry of Culture" not in _text(record), record.id
    plan = node(estonia, "project:tat-loimumine-2025")
    assert "Minister of Culture" in plan.description and "25.03.2025 nr 68" in plan.description
    programme = node(estonia, "project:tat-loimumine")
    assert "do not name its" in programme.description


def test_only_loimumiskoda_is_called_open(estonia: Dataset) -> None:
    opened = {n.id: n.open for n in estonia.nodes if isinstance(n, Network) and n.open is not None}
    assert opened == {"network:loimumiskoda": True}


def test_tartumaa_budget_lines_carry_no_invented_periods(estonia: Dataset) -> None:
    tas = rel(estonia, "org:tartumaa-arendusselts>partner_in>project:koosloomest-koostooni")
    assert [(line.amount, line.period_from, line.period_to) for line in tas.budget_lines] == [
        (5000, None, None),
        (13000, None, None),
    ]


def test_plans_are_not_told_as_facts(estonia: Dataset) -> None:
    text = estonia.model_dump_json()
    for phrase in ("Renovates", "is published on", "is completed in 2025", "ELVL sends", "held in Riga"):
        assert phrase not in text, phrase
    assert (
        "plans, in cooperation with it, to renovate"
        in node(estonia, "org:tallinna-linnavaraamet").description
    )
    assert "is to be completed in 2025" in node(estonia, "network:parnu-koostoovorgustik").description


def test_every_organisation_has_a_tie_beyond_its_location(estonia: Dataset) -> None:
    kinds: dict[str, set[str]] = {}
    for r in estonia.relations:
        kinds.setdefault(r.source, set()).add(r.kind)
        kinds.setdefault(r.target, set()).add(r.kind)
    alone = [
        n.id
        for n in estonia.nodes
        if isinstance(n, Organisation) and not kinds.get(n.id, set()) - {"located_in"}
    ]
    assert alone == []


# --- issue 16: the smaller facts ----------------------------------------------------------


def _seed_text() -> str:
    return re.sub(r"\s+", " ", " ".join(p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")))


def test_vorumaa_strategy_goals_and_needs(estonia: Dataset) -> None:
    lag = node(estonia, "org:vorumaa-partnerluskogu").description
    quotes = re.findall(r"„([^“]+)“", lag)
    seeds = _seed_text()
    goals = [q for q in quotes if q.startswith(("Ettevõtlikud", "Kohanemisvõimelised", "Elu- ja"))]
    assert len(goals) == 3
    for quote in quotes:  # every quoted phrase is the document's own words
        assert re.sub(r"\s+", " ", quote) in seeds, quote
    for need in (
        "ettevõtlikkuse suurendamine —",
        "elanikkonna tervise parandamine —",
        "üle-elukaareline osalus —",
    ):
        assert need in lag, need
    sources = {s.section for s in node(estonia, "org:vorumaa-partnerluskogu").sources}
    assert "Eesmärgid VISIOON" in sources


def test_vorumaa_call_requirements(estonia: Dataset) -> None:
    call = node(estonia, "project:vorumaa-sotsiaalse-kaasatuse-voor-2026")
    for fact in (
        "16.00",
        "application form",
        "agenda, a list of participants and photos",
        "12 months",
        "7 working days",
    ):
        assert fact in call.description, fact
    assert {s.section for s in call.sources} >= {"Taotlusvoor", "Projekti elluviimine"}


def test_silab_survey_and_results(estonia: Dataset) -> None:
    survey = node(estonia, "project:silab-uuring")
    assert isinstance(survey, Project)
    assert (survey.start, survey.end, survey.budget) == (date(2021, 6, 1), date(2021, 10, 31), 10000)
    for fact in ("questionnaire and", "interviews", "freely available", "overall impact", "repeat"):
        assert fact in survey.description, fact
    repeat = node(estonia, "project:silab-kordusuuring-2024")
    assert (repeat.start, repeat.end) == (date(2024, 1, 1), date(2024, 12, 31))
    assert set(repeat.inferred_fields) == {"start", "end"}  # the line prints 2022, a typo
    parents = {
        r.source for r in estonia.relations if r.kind == "part_of" and r.target == "project:silab-2021-2024"
    }
    assert {"project:silab-uuring", "project:silab-kordusuuring-2024"} <= parents
    programme = node(estonia, "project:silab-2021-2024").description
    for fact in ("Expected results of goal 1", "Expected results of goal 2", "4 × 3 h", "beginning of 2022"):
        assert fact in programme, fact


def test_silab_success_indicators_have_no_invented_targets(estonia: Dataset) -> None:
    success = [
        n for n in estonia.nodes if isinstance(n, Indicator) and "eduindikaator" in (n.description or "")
    ]
    assert len(success) == 7
    assert all(not n.targets and not n.actuals for n in success)


def test_every_indicator_belongs_somewhere(estonia: Dataset) -> None:
    owners = {r.source for r in estonia.relations if r.kind == "part_of"}
    indicators = {n.id for n in estonia.nodes if isinstance(n, Indicator)}
    assert indicators <= owners
    # targets by year where the documents give years, the baselines they report as actuals
    assert node(estonia, "indicator:info-days").actuals == {2023: 1, 2024: 3}
    assert node(estonia, "indicator:national-trainings").actuals == {2023: 1, 2024: 4}
    assert node(estonia, "indicator:participation-councils").actuals == {2024: 2}
    assert node(estonia, "indicator:silab-label-kovs").targets == {2022: 3, 2023: 8, 2024: 13}


def test_elvl_channels_dashboard_and_advice(estonia: Dataset) -> None:
    elvl = node(estonia, "org:elvl").description
    for fact in (
        "Facebook page",
        "general e-mail",
        "integration list",
        "dashboard",
        "every half year",
        "telephone and e-mail",
    ):
        assert fact in elvl, fact


def test_partner_municipality_facts(estonia: Dataset) -> None:
    assert "other countries and cities" in node(estonia, "org:tallinna-linnavalitsus").description
    saaremaa = node(estonia, "org:saaremaa-vallavalitsus").description
    assert "contact database" in saaremaa and "integration plan form" in saaremaa
    parnu = node(estonia, "org:parnu-linnavalitsus").description
    assert "separately in English and in Russian" in parnu and "brought together" in parnu
    johvi = node(estonia, "org:johvi-vallavalitsus").description
    assert "English, Ukrainian and Russian" in johvi


# --- issue 16: events and inferred ties -----------------------------------------------------


def _events(ds: Dataset) -> dict[str, Event]:
    return {n.id: n for n in ds.nodes if isinstance(n, Event)}


def _ties(ds: Dataset, event_id: str, role: str) -> dict[str, Relation]:
    return {
        r.source: r
        for r in ds.relations
        if r.kind == "takes_part_in" and r.target == event_id and r.role == role
    }


def _place(ds: Dataset, node_id: str) -> str | None:
    return next((r.target for r in ds.relations if r.kind == "located_in" and r.source == node_id), None)


def _part_of(ds: Dataset, node_id: str) -> set[str]:
    return {r.target for r in ds.relations if r.kind == "part_of" and r.source == node_id}


def test_linnade_ja_valdade_paevad_2025(estonia: Dataset) -> None:
    events = _events(estonia)
    lvp = events["event:lvp-2025"]
    assert (lvp.event_type, lvp.start, lvp.end, lvp.format) == (
        "conference",
        date(2025, 4, 9),
        date(2025, 4, 10),
        "in_person",
    )
    assert _place(estonia, lvp.id) == "municipality:tallinn"
    assert set(_ties(estonia, lvp.id, "organiser")) == {"org:elvl"}
    workshop = events["event:lvp-2025-loimumise-tootuba"]
    assert (workshop.event_type, workshop.start, workshop.end) == (
        "workshop",
        date(2025, 4, 10),
        date(2025, 4, 10),
    )
    assert _part_of(estonia, workshop.id) == {"project:tat-loimumine-2025"}
    assert _place(estonia, workshop.id) == "municipality:tallinn"


def test_elvl_info_days_and_their_inferred_participants(estonia: Dataset) -> None:
    days = _events(estonia)["event:elvl-temaatilised-infopaevad-2025"]
    assert (days.event_type, days.occurrences_per_year, days.start, days.end) == (
        "info_day",
        2,
        date(2025, 1, 1),
        date(2025, 12, 31),
    )
    assert "Põhja- ja Lõuna-Eesti" in (days.frequency or "")
    assert days.format is None  # "kas veebis või erinevates Eesti piirkondades": either
    participants = _ties(estonia, days.id, "participant")
    assert set(participants) == {
        "org:integratsiooni-sihtasutus",
        "org:siseministeerium",
        "org:sotsiaalministeerium",
        "org:sotsiaalkindlustusamet",
        "org:tootukassa",
        "org:iom",
        "org:unhcr",
    }
    for tie in participants.values():  # "kaasates vajadusel ... (nt ...)": implied, not stated
        assert tie.inferred and "vajadusel" in (tie.inferred_note or "")


def test_coordinator_network_meets_quarterly_with_the_partner_municipalities(estonia: Dataset) -> None:
    meetings = _events(estonia)["event:elvl-koordinaatorite-vorgustiku-kohtumised-2025"]
    assert (meetings.event_type, meetings.occurrences_per_year, meetings.format) == ("meeting", 4, "hybrid")
    assert meetings.frequency == "kvartaalselt"
    assert _part_of(estonia, meetings.id) == {"network:elvl-koordinaatorite-vorgustik"}
    participants = _ties(estonia, meetings.id, "participant")
    agreements = {
        r.source for r in estonia.relations if r.kind == "party_to" and r.agreement == "partnerlusleping"
    }
    assert set(participants) == agreements and len(agreements) == 8
    assert not any(t.inferred for t in participants.values())  # 3.5.2.1.5 of each partner says so


def test_partner_municipalities_events(estonia: Dataset) -> None:
    events = _events(estonia)
    aken = events["event:loimumisaken-2025"]
    assert aken.event_type == "seminar" and _place(estonia, aken.id) == "municipality:tallinn"
    assert set(_ties(estonia, aken.id, "organiser")) == {"org:tallinna-linnavalitsus"}
    koda = events["event:loimumiskoja-kohtumised"]
    assert koda.occurrences_per_year == 4 and _part_of(estonia, koda.id) == {"network:loimumiskoda"}
    cafe = events["event:rakvere-loimumiskohvik"]
    assert set(_ties(estonia, cafe.id, "organiser")) == {"org:rakvere-linnavalitsus"}
    sessions = _ties(estonia, "event:rakvere-infotunnid-2025", "participant")
    assert set(sessions) == {
        "org:tootukassa",
        "org:sotsiaalkindlustusamet",
        "org:politsei-ja-piirivalveamet",
        "org:tervisekassa",
    }
    assert not any(t.inferred for t in sessions.values())  # named as cooperation partners
    place = next(
        r for r in estonia.relations if r.kind == "located_in" and r.source == "event:rakvere-infotunnid-2025"
    )
    assert place.inferred and place.inferred_note
    assert events["event:parnu-vorgustiku-kohtumised"].occurrences_per_year == 2
    assert set(_ties(estonia, "event:rahvuskultuuride-loomepada", "participant")) == {
        "org:johvi-vallavalitsus"
    }
    assert not _ties(estonia, "event:rahvuskultuuride-loomepada", "organiser")  # not named


def test_koosloomest_koostooni_trips_and_seminars_have_no_invented_dates(estonia: Dataset) -> None:
    events = _events(estonia)
    for eid, kind in (
        ("event:koosloomest-koostooni-oppereisid", "study_trip"),
        ("event:koosloomest-koostooni-inspiratsiooniseminarid", "seminar"),
    ):
        event = events[eid]
        assert (event.event_type, event.start, event.end) == (kind, None, None)
        assert "unknown" in (event.description or "")
        assert _part_of(estonia, eid) == {"project:koosloomest-koostooni"}
        assert set(_ties(estonia, eid, "organiser")) == {
            "org:vorumaa-partnerluskogu",
            "org:tartumaa-arendusselts",
        }
    assert "Rootsi, Tšehhi, Austria" in events["event:koosloomest-koostooni-oppereisid"].description


def test_silab_trainings_and_network_meetings(estonia: Dataset) -> None:
    events = _events(estonia)
    pilot = events["event:silab-koolitused-2021"]
    assert (pilot.start, pilot.end, pilot.format, pilot.occurrences_per_year) == (
        date(2021, 10, 1),
        date(2021, 12, 31),
        "online",
        2,
    )
    later = events["event:silab-koolitused-2022-2024"]
    assert (later.start, later.end, later.occurrences_per_year) == (date(2022, 1, 1), date(2024, 12, 31), 4)
    meetings = events["event:silab-kov-vorgustiku-kohtumised"]
    assert _part_of(estonia, meetings.id) == {"network:silab-kov"}
    assert set(_ties(estonia, meetings.id, "organiser")) == {"org:silab"}


def test_every_event_is_sourced_placed_in_a_municipality_and_honest_about_dates(estonia: Dataset) -> None:
    events = _events(estonia)
    assert len(events) >= 40
    for event in events.values():
        assert event.sources
        place = _place(estonia, event.id)
        assert place is None or place.startswith("municipality:"), event.id
        if event.start is None or event.end is None:
            assert re.search(r"unknown|not given", event.description or ""), event.id
        if (
            event.occurrences_per_year
            and event.occurrences_per_year > 1
            and event.id != "event:silab-koolitused-2021"
        ):
            assert event.frequency, event.id  # a recurring event says how often
    for tie in estonia.relations:
        if tie.kind == "takes_part_in":
            event = events[tie.target]
            assert (tie.valid_from, tie.valid_to) == (event.start, event.end), tie.id


def test_inferred_marks_say_what_they_rest_on(estonia: Dataset) -> None:
    inferred = [r for r in estonia.relations if r.inferred]
    assert all(r.inferred_note and r.inferred_note.strip() for r in inferred)
    ids = {r.id for r in inferred}
    assert {
        "org:eestimaa-rahvuste-uhendus>partner_in>project:tat-loimumine-2025",
        "org:ida-virumaa-integratsioonikeskus>partner_in>project:tat-loimumine-2025",
        "org:tartu-ulikool>located_in>municipality:tartu-linn",
        "org:tallinna-sotsiaal-ja-tervishoiuamet>part_of>org:tallinna-linnavalitsus",
    } <= ids
    assert set(node(estonia, "org:silab").inferred_fields) == {"org_kind", "sector"}
    # the partnership agreements are stated, never inferred
    assert not [r for r in inferred if r.kind == "party_to"]
