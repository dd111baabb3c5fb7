"""Survey results: a hand-worked wave (every number worked out in the comments), a simulated
12-respondent wave checked against an independent networkx computation, and two waves compared."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from itertools import combinations
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from partnermap.errors import InputError
from partnermap.model import TRUST_ITEMS, VALUE_ITEMS, Dataset, Network, Organisation, Relation, SurveyWave
from partnermap.store import open_store
from partnermap.store.base import Store
from partnermap.surveys.results import WaveResults, compare_waves, wave_results
from partnermap.surveys.waves import create_wave, latest_responses, submit_response
from tests import survey_sim as sim

SRC = ["made up#hand-worked example"]
AT = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
AT2 = datetime(2027, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Store]:
    with open_store(f"sqlite:///{tmp_path / 'survey.db'}") as store:
        yield store


def T(rel: int, mis: int, opn: int) -> dict[str, int]:
    return {"reliability": rel, "mission": mis, "openness": opn}


def V(pow_: int, inv: int, con: int) -> dict[str, int]:
    return {"power": pow_, "involvement": inv, "contribution": con}


@pytest.fixture
def hand(db: Store) -> Store:
    """Four organisations A, B, C, D asked; A, B and C answer, D does not (wave 1).

    A: B coordination T(4,4,3) V(3,2,3); C awareness reliability 2; D cooperation T(3,3,3) V(4,4,4)
    B: A cooperation T(3,4,4) V(2,2,2); C none; D none
    C: A integration T(4,4,4) V(4,4,4); B cooperation T(1,2,2) V(1,1,2); D none
    """
    orgs = [
        Organisation(id=f"org:{x}", name=x.upper(), org_kind="ngo", sector="non_profit", sources=SRC)
        for x in "abcd"
    ]
    net = Network(id="network:hand", name="Käsitsi", sources=SRC)
    rels = [Relation(kind="member_of", source=o.id, target=net.id, sources=SRC) for o in orgs]
    db.load(Dataset(nodes=[*orgs, net], relations=rels))
    create_wave(
        db, SurveyWave(id="wave:hand-1", name="1", subject=net.id, start=date(2026, 3, 1), sources=SRC)
    )
    answers: dict[str, list[dict[str, Any]]] = {
        "org:a": [
            {"partner": "org:b", "level": "coordination", **T(4, 4, 3), **V(3, 2, 3)},
            {"partner": "org:c", "level": "awareness", "reliability": 2},
            {"partner": "org:d", "level": "cooperation", **T(3, 3, 3), **V(4, 4, 4)},
        ],
        "org:b": [
            {"partner": "org:a", "level": "cooperation", **T(3, 4, 4), **V(2, 2, 2)},
            {"partner": "org:c", "level": "none"},
            {"partner": "org:d", "level": "none"},
        ],
        "org:c": [
            {"partner": "org:a", "level": "integration", **T(4, 4, 4), **V(4, 4, 4)},
            {"partner": "org:b", "level": "cooperation", **T(1, 2, 2), **V(1, 1, 2)},
            {"partner": "org:d", "level": "none"},
        ],
    }
    # B first answers something else: only its latest revision may count
    submit_response(
        db, "wave:hand-1", "org:b", [{"partner": "org:c", "level": "integration"}], submitted_at=AT
    )
    for who, given in answers.items():
        submit_response(db, "wave:hand-1", who, given, submitted_at=AT)
    return db


def test_hand_worked_wave(hand: Store) -> None:
    r = wave_results(hand, "wave:hand-1")
    # 3 of 4 answered
    assert r.asked == 4 and r.responded == 3 and r.response_rate == pytest.approx(0.75)
    # tied pairs (either side reports a level above none):
    #   A-B (coordination / cooperation), A-C (awareness / integration), A-D (cooperation / D silent),
    #   B-C (B none / C cooperation); B-D and C-D untied -> 4 ties of 4*3/2 = 6 possible
    assert r.ties == 4 and r.density == pytest.approx(4 / 6)
    # degrees A 3, B 2, C 2, D 1; max 3: (0 + 1 + 1 + 2) / ((4-1)(4-2)) = 4/6
    assert r.centralization == pytest.approx(4 / 6)
    # A-B and A-C both sides report; B-C only C does; A-D cannot be confirmed (D silent)
    assert (r.reciprocity.mutual, r.reciprocity.one_sided, r.reciprocity.unconfirmed) == (2, 1, 1)
    assert r.reciprocity.rate == pytest.approx(2 / 3)
    # network trust: A->B 4+4+3, A->C 2, A->D 3+3+3, B->A 3+4+4, C->A 4+4+4, C->B 1+2+2
    #   = 50 over 16 items = 3.125, / 4 = 0.78125
    assert r.trust == pytest.approx(0.78125)
    # network value: A->B 3+2+3, A->D 4+4+4, B->A 2+2+2, C->A 4+4+4, C->B 1+1+2 = 42 over 15 = 2.8, / 4 = 0.7
    assert r.value == pytest.approx(0.7)
    orgs = {o.organisation: o for o in r.organisations}
    # about A: B T(3,4,4), C T(4,4,4) -> 23/6/4; values 2,2,2,4,4,4 -> 18/6/4 = 0.75
    assert orgs["org:a"].trust == pytest.approx(23 / 24) and orgs["org:a"].value == pytest.approx(0.75)
    # about B: A T(4,4,3), C T(1,2,2) -> 16/6/4 = 2/3; values 3,2,3,1,1,2 -> 12/6/4 = 0.5
    assert orgs["org:b"].trust == pytest.approx(2 / 3) and orgs["org:b"].value == pytest.approx(0.5)
    # about C: only A's reliability 2 -> 0.5; no value item; B's "none" holds no scores
    assert (orgs["org:c"].trust, orgs["org:c"].value, orgs["org:c"].ratings) == (0.5, None, 1)
    # about D: A T(3,3,3) V(4,4,4)
    assert (orgs["org:d"].trust, orgs["org:d"].value) == (0.75, 1.0)
    assert [orgs[x].degree for x in ("org:a", "org:b", "org:c", "org:d")] == [3, 2, 2, 1]
    assert [orgs[x].named_by for x in ("org:a", "org:b", "org:c", "org:d")] == [2, 2, 1, 1]
    assert [orgs[x].responded for x in ("org:a", "org:b", "org:c", "org:d")] == [True, True, True, False]
    pairs = {(p.a, p.b): p for p in r.pairs}
    assert set(pairs) == {("org:a", "org:b"), ("org:a", "org:c"), ("org:a", "org:d"), ("org:b", "org:c")}
    # A-B: 4,4,3 and 3,4,4 -> 22/6/4; values 3,2,3 and 2,2,2 -> 14/6/4
    assert pairs["org:a", "org:b"].trust == pytest.approx(22 / 24)
    assert pairs["org:a", "org:b"].value == pytest.approx(14 / 24)
    assert (
        pairs["org:a", "org:b"].level_ab == "coordination"
        and pairs["org:a", "org:b"].level_ba == "cooperation"
    )
    # B-C: only C's T(1,2,2) -> 5/3/4
    assert (
        pairs["org:b", "org:c"].trust == pytest.approx(5 / 12) and pairs["org:b", "org:c"].reciprocal is False
    )
    assert pairs["org:a", "org:d"].reciprocal is None and pairs["org:a", "org:d"].level_ba is None


def test_hand_worked_comparison(hand: Store) -> None:
    """Wave 2, all four answer:

    A: B integration T(4,4,4) V(3,3,3); C none; D cooperation T(3,3,3) V(4,4,4)
    B: A cooperation T(3,4,4) V(2,2,2); D awareness
    C: A integration T(4,4,4) V(4,4,4); B cooperation T(2,2,2) V(2,2,2)
    D: A coordination T(4,4,4)
    """
    create_wave(
        hand,
        SurveyWave(
            id="wave:hand-2",
            name="2",
            subject="network:hand",
            start=date(2027, 3, 1),
            previous="wave:hand-1",
            sources=SRC,
        ),
    )
    for who, given in {
        "org:a": [
            {"partner": "org:b", "level": "integration", **T(4, 4, 4), **V(3, 3, 3)},
            {"partner": "org:c", "level": "none"},
            {"partner": "org:d", "level": "cooperation", **T(3, 3, 3), **V(4, 4, 4)},
        ],
        "org:b": [
            {"partner": "org:a", "level": "cooperation", **T(3, 4, 4), **V(2, 2, 2)},
            {"partner": "org:d", "level": "awareness"},
        ],
        "org:c": [
            {"partner": "org:a", "level": "integration", **T(4, 4, 4), **V(4, 4, 4)},
            {"partner": "org:b", "level": "cooperation", **T(2, 2, 2), **V(2, 2, 2)},
        ],
        "org:d": [{"partner": "org:a", "level": "coordination", **T(4, 4, 4)}],
    }.items():
        submit_response(hand, "wave:hand-2", who, given, submitted_at=AT2)
    c = compare_waves(hand, "wave:hand-1", "wave:hand-2")
    # D answered only in wave 2: ties are compared for A, B and C
    assert c.compared == ["org:a", "org:b", "org:c"]
    assert [(t.respondent, t.partner, t.level_before, t.level_after) for t in c.ties_added] == [
        ("org:b", "org:d", "none", "awareness")
    ]
    assert [(t.respondent, t.partner) for t in c.ties_ended] == [("org:a", "org:c")]
    assert [(t.respondent, t.partner, t.level_before, t.level_after) for t in c.level_changed] == [
        ("org:a", "org:b", "coordination", "integration")
    ]
    # C->B kept its level (cooperation) but its trust rose from 5/12 to 6/12
    orgs = {s.organisation: s for s in c.organisations}
    # A: trust 23/24 -> (3+4+4 + 4+4+4 + 4+4+4)/9/4 = 35/36; value 18/24 -> 18/24 (D gave no value)
    assert orgs["org:a"].trust_before == pytest.approx(23 / 24) and orgs[
        "org:a"
    ].trust_after == pytest.approx(35 / 36)
    assert orgs["org:a"].value_change == pytest.approx(0.0)
    # B: trust 2/3 -> (4+4+4 + 2+2+2)/6/4 = 0.75; value 0.5 -> (3+3+3 + 2+2+2)/6/4 = 0.625
    assert orgs["org:b"].trust_after == pytest.approx(0.75) and orgs["org:b"].value_after == pytest.approx(
        0.625
    )
    # C: nobody rates C in wave 2 -> no change to speak of
    assert orgs["org:c"].trust_after is None and orgs["org:c"].trust_change is None
    assert (c.trust_up, c.trust_down, c.value_up, c.value_down) == (2, 0, 1, 0)
    assert c.after.response_rate == 1.0 and c.before.response_rate == 0.75
    with pytest.raises(InputError, match="must open before"):
        compare_waves(hand, "wave:hand-2", "wave:hand-1")


def _independent(r: WaveResults, latest: dict[str, Any], asked: list[str]) -> None:
    """Check a wave's results against networkx and plain counting."""
    said = {(who, a.partner): a for who, resp in latest.items() for a in resp.answers}
    tied = {k for k, a in said.items() if a.level.value != "none"}
    U = nx.Graph()
    U.add_nodes_from(asked)
    U.add_edges_from(tied)
    assert r.ties == U.number_of_edges()
    assert r.density == pytest.approx(nx.density(U))
    degrees = dict(U.degree())
    n = len(asked)
    assert r.centralization == pytest.approx(
        sum(max(degrees.values()) - d for d in degrees.values()) / ((n - 1) * (n - 2))
    )
    mutual = sum(1 for a, b in combinations(asked, 2) if (a, b) in tied and (b, a) in tied)
    one = sum(
        1
        for a, b in combinations(asked, 2)
        if a in latest and b in latest and ((a, b) in tied) != ((b, a) in tied)
    )
    assert (r.reciprocity.mutual, r.reciprocity.one_sided) == (mutual, one)
    trust = [getattr(a, i) for a in said.values() for i in TRUST_ITEMS if getattr(a, i) is not None]
    value = [getattr(a, i) for a in said.values() for i in VALUE_ITEMS if getattr(a, i) is not None]
    assert r.trust == pytest.approx(sum(trust) / len(trust) / 4)
    assert r.value == pytest.approx(sum(value) / len(value) / 4)
    for org in r.organisations:
        about = [getattr(a, i) for (_, p), a in said.items() if p == org.organisation for i in TRUST_ITEMS]
        about = [v for v in about if v is not None]
        assert org.trust == (pytest.approx(sum(about) / len(about) / 4) if about else None)
        assert org.degree == degrees[org.organisation]


def test_simulated_waves_of_twelve(db: Store) -> None:
    sim.build_network(db)
    sim.create_waves(db)
    for seed, wave in ((1, sim.WAVE1), (2, sim.WAVE2)):
        for i, who in enumerate(sim.responders(seed)):
            submit_response(
                db,
                wave,
                who,
                sim.simulated_answers(seed, who),
                position="integratsioonikoordinaator",
                outcomes=sim.outcomes(i),
                channel="web",
                submitted_at=sim.submitted_at(wave, i),
            )
    for seed, wave in ((1, sim.WAVE1), (2, sim.WAVE2)):
        r = wave_results(db, wave)
        latest = latest_responses(db, wave)
        assert r.asked == 12 and r.responded == len(sim.responders(seed)) and 10 <= r.responded <= 11
        assert latest[sim.responders(seed)[0]].outcomes == sim.outcomes(0)  # hostile text kept exactly
        _independent(r, dict(latest), sim.ORGS)
    c = compare_waves(db, sim.WAVE1, sim.WAVE2)
    assert c.compared == sorted(set(sim.responders(1)) & set(sim.responders(2)))
    # every directed tie of a compared respondent is added, ended, changed or the same
    before, after = latest_responses(db, sim.WAVE1), latest_responses(db, sim.WAVE2)
    same = 0
    for who in c.compared:
        old = {a.partner: a.level.value for a in before[who].answers}
        new = {a.partner: a.level.value for a in after[who].answers}
        same += sum(1 for p in old if old[p] != "none" and new.get(p) == old[p])
    tied_before = sum(1 for who in c.compared for a in before[who].answers if a.level.value != "none")
    assert tied_before == len(c.ties_ended) + len(c.level_changed) + same
    assert c.trust_up + c.trust_down <= len(c.organisations) == 12
