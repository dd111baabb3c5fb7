"""A simulated survey wave for the web form's tests: a network of 12 member organisations
(made up for the tests; one name holds markup, to show it is escaped), an open wave asking
all of them, a second wave of another network, and their tokens.

Import the fixture a module uses (``survey`` is a SQLite file with both waves and fresh
tokens)::

    from tests.survey_web_support import survey_fixture  # noqa: F401
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from partnermap.model import Dataset, Network, Organisation, Relation, RelationKind, Role, Source, SurveyWave
from partnermap.store import open_store
from partnermap.store.base import Store
from partnermap.surveys import create_wave
from partnermap.surveys.tokens import issue_tokens, wave_slug

MADE_UP = Source(document="tests/survey_web_support.py", section="made up for the tests")
WAVE = "wave:koordinaatorid-2026"
OTHER_WAVE = "wave:naabrid-2026"
NETWORK = "network:koordinaatorid-test"
MARKUP_NAME = 'MTÜ <b>Kogukond</b> & "Sõbrad"'
#: 12 member organisations: their ids and names (diacritics kept).
MEMBERS: dict[str, str] = {
    "org:tartu-lv": "Tartu Linnavalitsus",
    "org:rakvere-lv": "Rakvere Linnavalitsus",
    "org:tallinn-lv": "Tallinna Linnavalitsus",
    "org:saaremaa-vv": "Saaremaa Vallavalitsus",
    "org:parnu-lv": "Pärnu Linnavalitsus",
    "org:haapsalu-lv": "Haapsalu Linnavalitsus",
    "org:johvi-vv": "Jõhvi Vallavalitsus",
    "org:kohtla-jarve-lv": "Kohtla-Järve Linnavalitsus",
    "org:voru-vv": "Võru Vallavalitsus",
    "org:kogukond": MARKUP_NAME,
    "org:loimumiskoda": "Lõimumiskoda MTÜ",
    "org:elvl": "Eesti Linnade ja Valdade Liit",
}
#: Members of the other network only (not partners in WAVE).
NEIGHBOURS: dict[str, str] = {
    "org:valga-vv": "Valga Vallavalitsus",
    "org:viljandi-vv": "Viljandi Vallavalitsus",
}


def organisation(org_id: str, name: str) -> Organisation:
    public = org_id.endswith(("-lv", "-vv"))
    return Organisation(
        id=org_id,
        name=name,
        org_kind="municipal_government" if public else "ngo",
        sector="public" if public else "non_profit",
        sources=[MADE_UP],
    )


def network_dataset() -> Dataset:
    """Two networks, their members, nothing else."""
    nodes: list[Any] = [
        Network(id=NETWORK, name="Koordinaatorite võrgustik (test)", sources=[MADE_UP]),
        Network(id="network:naabrid-test", name="Naabrite võrgustik (test)", sources=[MADE_UP]),
        *(organisation(i, n) for i, n in {**MEMBERS, **NEIGHBOURS}.items()),
    ]
    relations = [
        Relation(kind=RelationKind.MEMBER_OF, source=org, target=NETWORK, role=Role.MEMBER, sources=[MADE_UP])
        for org in MEMBERS
    ] + [
        Relation(
            kind=RelationKind.MEMBER_OF,
            source=org,
            target="network:naabrid-test",
            role=Role.MEMBER,
            sources=[MADE_UP],
        )
        for org in NEIGHBOURS
    ]
    return Dataset(nodes=nodes, relations=relations)


def wave(wave_id: str, subject: str, respondents: list[str]) -> SurveyWave:
    return SurveyWave(
        id=wave_id,
        name=f"Koostööküsitlus 2026 (näide: {wave_slug(wave_id)})",
        subject=subject,
        start=date(2026, 1, 1),
        respondents=respondents,
        sources=[MADE_UP],
    )


@dataclass
class Survey:
    """The store's URL and file, and the tokens of both waves (respondent -> token)."""

    url: str
    path: Path
    tokens: dict[str, str]
    other_tokens: dict[str, str]

    def store(self) -> Store:
        return open_store(self.url)


def make_survey(folder: Path) -> Survey:
    path = folder / "survey.db"
    url = f"sqlite:///{path}"
    with open_store(url) as store:
        store.load(network_dataset())
        create_wave(store, wave(WAVE, NETWORK, list(MEMBERS)))
        create_wave(store, wave(OTHER_WAVE, "network:naabrid-test", list(NEIGHBOURS)))
        tokens = issue_tokens(store, WAVE)
        other = issue_tokens(store, OTHER_WAVE)
    return Survey(url, path, tokens, other)


@pytest.fixture(name="survey")
def survey_fixture(tmp_path: Path) -> Survey:
    """A SQLite file with the two waves open and their tokens."""
    return make_survey(tmp_path)


def link(wave_id: str, token: str, lang: str | None = None) -> str:
    """The form's path (no host)."""
    return f"/survey/{wave_id.removeprefix('wave:')}/{token}" + (f"?lang={lang}" if lang else "")


def form_body(
    respondent: str, answers: dict[str, dict[str, Any]], *, position: str = "", outcomes: str = ""
) -> list[tuple[str, str]]:
    """A post as the form sends it: one row per other member (its answer or empty)."""
    body: list[tuple[str, str]] = []
    partners = [m for m in MEMBERS if m != respondent]
    extra = [p for p in answers if p not in partners]
    for i, partner in enumerate([*partners, *extra]):
        given = answers.get(partner, {})
        body.append((f"partner-{i}", partner))
        for name in (
            "level",
            "frequency",
            "reliability",
            "mission",
            "openness",
            "power",
            "involvement",
            "contribution",
        ):
            body.append((f"{name}-{i}", str(given.get(name, ""))))
        for resource in given.get("resources", []):
            body.append((f"resources-{i}", resource))
    body += [("position", position), ("outcomes", outcomes)]
    return body
