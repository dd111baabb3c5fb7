"""The bundled Estonia dataset: real facts of the four source documents, each with its source."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from partnermap.model import Dataset, Indicator, Network, Organisation, Project, Relation

SEEDS = Path(__file__).resolve().parents[1] / "sources"
SEED_FILES = {
    "000_912fdd39f90b34a4.txt",
    "001_4200d907a558528c.txt",
    "002_57512ebf8638b0a7.txt",
    "003_2ea249a01a33f26d.txt",
}
PEOPLE_IN_THE_SEEDS = [
    "Kerli Kanger",
    "Mai Timmi",
    "Marko Uibu",
    "Evelin Kostabi",
    "Kanger",
    "Timmi",
    "Uibu",
    "Kostabi",
]


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


def test_no_personal_names(estonia: Dataset) -> None:
    text = estonia.model_dump_json()
    for name in PEOPLE_IN_THE_SEEDS:
        assert name not in text


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
