"""Simulated survey waves for the tests: a network of 12 organisations and two waves of answers.

Everything here is made up (seeded random answers); it is never part of the bundled dataset.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone
from typing import Any

from partnermap.model import (
    SCORE_ITEMS,
    Dataset,
    Frequency,
    Network,
    Organisation,
    Relation,
    Resource,
    Source,
    SurveyWave,
    TieLevel,
)
from partnermap.store.base import Store
from partnermap.surveys.waves import create_wave

SRC = [Source(document="simulated", section="made up for the tests")]
NETWORK = "network:sim-coordinators"
WAVE1 = "wave:sim-2026"
WAVE2 = "wave:sim-2027"
ORGS = [f"org:sim-{i:02d}" for i in range(1, 13)]
#: Texts an answer may hold that must come back exactly and never become markup or queries.
HOSTILE = [
    "<script>alert('x')</script>",
    "'; DROP TABLE nodes; --",
    "Robert'); MATCH (n) DETACH DELETE n; //",
    '=HYPERLINK("http://example.invalid","klõps")',
]
TZ = timezone(timedelta(hours=2))


def build_network(store: Store) -> None:
    """Load the 12 organisations (Estonian names, one hostile) and their network."""
    names = [
        "Tartu Linnavalitsus",
        "Rakvere Linnavalitsus",
        "Pärnu Linnavalitsus",
        "Haapsalu Linnavalitsus",
        "Jõhvi Vallavalitsus",
        "Kohtla-Järve Linnavalitsus",
        "Saaremaa Vallavalitsus",
        "Tallinna Linnakantselei",
        "Võru Vallavalitsus",
        "MTÜ Lõimumiskoda <b>",
        "SA Õpiabi",
        "Eesti Linnade ja Valdade Liit",
    ]
    orgs = [
        Organisation(id=o, name=n, org_kind="ngo", sector="non_profit", sources=SRC)
        for o, n in zip(ORGS, names, strict=True)
    ]
    net = Network(id=NETWORK, name="Simuleeritud koordinaatorite võrgustik", sources=SRC)
    members = [
        Relation(kind="member_of", source=o, target=NETWORK, valid_from=date(2025, 1, 1), sources=SRC)
        for o in ORGS
    ]
    store.load(Dataset(nodes=[*orgs, net], relations=members))


def create_waves(store: Store) -> None:
    """Two waves a year apart, open-ended (answers may come in on any day of a test run)."""
    create_wave(
        store,
        SurveyWave(
            id=WAVE1,
            name="Simuleeritud küsitlus 2026",
            subject=NETWORK,
            start=date(2026, 3, 1),
            sources=SRC,
        ),
    )
    create_wave(
        store,
        SurveyWave(
            id=WAVE2,
            name="Simuleeritud küsitlus 2027",
            subject=NETWORK,
            start=date(2027, 3, 1),
            previous=WAVE1,
            sources=SRC,
        ),
    )


def simulated_answers(seed: int, respondent: str) -> list[dict[str, Any]]:
    """A respondent's answers about every other organisation: seeded, plausible, in range."""
    rng = random.Random(f"{seed}:{respondent}")
    out: list[dict[str, Any]] = []
    for partner in ORGS:
        if partner == respondent:
            continue
        level = rng.choice(list(TieLevel) + [TieLevel.NONE] * 2)
        answer: dict[str, Any] = {"partner": partner, "level": level.value}
        if level is not TieLevel.NONE:
            answer["frequency"] = rng.choice(list(Frequency)).value
            answer["resources"] = sorted({rng.choice(list(Resource)).value for _ in range(rng.randint(0, 3))})
            for item in SCORE_ITEMS:
                if rng.random() < 0.9:  # now and then an item is left unanswered
                    answer[item] = rng.randint(1, 4)
        out.append(answer)
    return out


def responders(seed: int) -> list[str]:
    """Who answers a wave: all but one or two organisations."""
    rng = random.Random(seed)
    return sorted(rng.sample(ORGS, 12 - rng.randint(1, 2)))


def submitted_at(wave: str, i: int) -> datetime:
    day = date(2026, 3, 2) if wave == WAVE1 else date(2027, 3, 2)
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=TZ) + timedelta(hours=i)


def outcomes(i: int) -> str:
    return f"Ühised infopäevad ja koolitused.\n{HOSTILE[i % len(HOSTILE)]}"
