"""Survey records on every backend: waves, response revisions and reported ties.

Part of the store conformance suite: it runs once per backend of ``tests/conftest.py``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from partnermap.errors import DatasetError, InputError, NotFoundError
from partnermap.model import (
    Dataset,
    Network,
    NodeKind,
    Organisation,
    Relation,
    RelationKind,
    Source,
    SurveyResponse,
    SurveyWave,
)
from partnermap.store.base import Store
from partnermap.surveys.waves import create_wave, latest_responses, revisions, submit_response, tie_id

SRC = [Source(document="test", section="surveys")]
AT = datetime(2026, 3, 2, 9, 30, tzinfo=timezone(timedelta(hours=2)))
WAVE = "wave:coordinators-2026"


@pytest.fixture
def network(store: Store) -> Store:
    """A network of four organisations (one joined after the wave opened) and an outsider."""
    orgs = [
        Organisation(
            id=f"org:{s}", name=f"Org {s.upper()} õ", org_kind="ngo", sector="non_profit", sources=SRC
        )
        for s in ("a", "b", "c", "late", "outsider")
    ]
    net = Network(id="network:coordinators", name="Koordinaatorite võrgustik", sources=SRC)
    members = [
        Relation(kind="member_of", source=f"org:{s}", target=net.id, valid_from=date(2024, 1, 1), sources=SRC)
        for s in ("a", "b", "c")
    ]
    members.append(
        Relation(kind="member_of", source="org:late", target=net.id, valid_from=date(2026, 6, 1), sources=SRC)
    )
    store.load(Dataset(nodes=[*orgs, net], relations=members))
    create_wave(
        store,
        SurveyWave(
            id=WAVE,
            name="Koordinaatorite küsitlus 2026",
            subject=net.id,
            start=date(2026, 3, 1),
            end=date(2026, 3, 31),
            sources=SRC,
        ),
    )
    return store


def test_a_wave_round_trips_with_its_period_and_members(network: Store) -> None:
    wave = network.get_node(WAVE)
    assert isinstance(wave, SurveyWave)
    assert wave.respondents == ["org:a", "org:b", "org:c"]  # members on the day it opens, not org:late
    assert wave.start == date(2026, 3, 1) and wave.status == "open"
    # a wave has a period: as_of filters keep it only within it
    assert [n.id for n in network.list_nodes(NodeKind.SURVEY_WAVE, as_of=date(2026, 3, 15))] == [WAVE]
    assert network.list_nodes(NodeKind.SURVEY_WAVE, as_of=date(2026, 4, 1)) == []
    assert [
        n.id for n in network.list_nodes(NodeKind.SURVEY_WAVE, where={"subject": "network:coordinators"})
    ] == [WAVE]


def test_responses_are_revisions_and_ties_carry_the_latest(network: Store) -> None:
    first = submit_response(
        network,
        WAVE,
        "org:a",
        [
            {
                "partner": "org:b",
                "level": "coordination",
                "frequency": "monthly",
                "reliability": 4,
                "power": 3,
            },
            {"partner": "org:c", "level": "awareness", "resources": ["data", "expertise"]},
        ],
        position="integratsioonikoordinaator",
        outcomes="Ühised infopäevad\nja <b>seminarid</b>",
        channel="xlsx",
        submitted_at=AT,
    )
    second = submit_response(
        network,
        WAVE,
        "org:a",
        [{"partner": "org:b", "level": "integration", "reliability": 3}],
        channel="web",
        submitted_at=AT + timedelta(days=1),
    )
    assert (first.revision, second.revision) == (1, 2)
    # both revisions are kept, read back exactly
    kept = revisions(network, WAVE, "org:a")
    assert [r.id for r in kept] == ["response:coordinators-2026.a.1", "response:coordinators-2026.a.2"]
    assert kept[0] == first and kept[1] == second
    assert kept[0].submitted_at == AT and kept[0].outcomes == "Ühised infopäevad\nja <b>seminarid</b>"
    assert latest_responses(network, WAVE) == {"org:a": second}
    ties = {r.target: r for r in network.list_relations(RelationKind.SURVEY_TIE, source="org:a")}
    assert ties["org:b"].id == tie_id(WAVE, "org:a", "org:b")
    assert (
        ties["org:b"].level == "integration"
        and ties["org:b"].reliability == 3
        and ties["org:b"].power is None
    )
    assert ties["org:b"].context == WAVE and ties["org:b"].valid_from == date(2026, 3, 1)
    assert ties["org:b"].sources[0].document == f"survey:{WAVE}"
    assert ties["org:c"].level is None and ties["org:c"].resources == []  # not answered in revision 2
    assert network.get_node(first.id) == first  # revision 1 is never overwritten


def test_a_bad_response_writes_nothing_and_names_every_field(network: Store) -> None:
    before = network.dump()
    with pytest.raises(InputError) as caught:
        submit_response(
            network,
            WAVE,
            "org:a",
            [
                {"partner": "org:a", "level": "cooperation"},
                {"partner": "org:outsider", "level": "cooperation"},
                {"partner": "org:b", "level": "cooperation", "openness": 0},
                {"partner": "org:c", "level": "cooperation"},
                {"partner": "org:c", "level": "none"},
            ],
            submitted_at=AT,
        )
    paths = [p.path for p in caught.value.problems]
    assert paths == [
        "answers[0].partner",
        "answers[1].partner",
        "answers[2].openness",
        "answers[4].partner",
    ], caught.value
    assert "answers about itself" in str(caught.value)
    assert "'org:outsider' is not a member of 'network:coordinators'" in str(caught.value)
    assert network.dump() == before


def test_closed_and_unknown_waves_and_strangers_are_refused(network: Store) -> None:
    with pytest.raises(InputError, match="'org:late' is not a respondent"):
        submit_response(network, WAVE, "org:late", [], submitted_at=AT)
    with pytest.raises(InputError, match="closed on 2026-03-31"):
        submit_response(network, WAVE, "org:b", [], submitted_at=AT + timedelta(days=60))
    network.update_node(WAVE, lambda w: w.model_copy(update={"status": "closed"}))
    with pytest.raises(InputError, match="is closed"):
        submit_response(network, WAVE, "org:b", [], submitted_at=AT)
    with pytest.raises(NotFoundError):
        submit_response(network, "wave:nothing", "org:b", [], submitted_at=AT)
    assert network.count_nodes(NodeKind.SURVEY_RESPONSE) == 0


def test_a_dataset_of_survey_records_is_checked_across_records(network: Store) -> None:
    stray = SurveyResponse(
        id="response:elsewhere.a.1",
        name="stray",
        wave="wave:elsewhere",
        respondent="org:a",
        revision=1,
        submitted_at=AT,
        channel="xlsx",
        answers=[{"partner": "org:nobody", "level": "awareness"}],
        sources=SRC,
    )
    with pytest.raises(DatasetError) as caught:
        network.load(Dataset(nodes=[stray]))
    text = str(caught.value)
    assert "unknown survey wave 'wave:elsewhere'" in text and "answers[0].partner" in text
    assert network.get_node(stray.id) is None


def test_create_wave_reports_every_problem(network: Store) -> None:
    bad = SurveyWave(
        id="wave:coordinators-2025",
        name="x",
        subject="network:coordinators",
        start=date(2026, 2, 1),
        respondents=["org:a", "org:outsider"],
        previous=WAVE,
        sources=SRC,
    )
    with pytest.raises(InputError) as caught:
        create_wave(network, bad)
    assert [p.path for p in caught.value.problems] == ["respondents[1]", "previous"]
    with pytest.raises(InputError, match="exists already"):
        create_wave(network, network.get_node(WAVE))  # type: ignore[arg-type]
    assert network.get_node(bad.id) is None


def test_two_submissions_racing_for_one_revision_both_stay(network: Store) -> None:
    # Two submissions of one respondent prepared at once both see no earlier revision, so
    # both are numbered 1; the second to be written must become revision 2, not overwrite.
    from partnermap.surveys.waves import prepare_response, write_response

    early = prepare_response(
        network, WAVE, "org:a", [{"partner": "org:b", "level": "awareness"}], submitted_at=AT
    )
    late = prepare_response(
        network, WAVE, "org:a", [{"partner": "org:b", "level": "integration"}], submitted_at=AT
    )
    assert early[0].revision == late[0].revision == 1
    first, second = write_response(network, early), write_response(network, late)
    assert (first.revision, second.revision) == (1, 2)
    kept = revisions(network, WAVE, "org:a")
    assert [(r.revision, r.answers[0].level.value) for r in kept] == [(1, "awareness"), (2, "integration")]
    tie = network.get_relation(tie_id(WAVE, "org:a", "org:b"))
    assert tie is not None and tie.level is not None and tie.level.value == "integration"
