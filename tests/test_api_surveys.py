"""Survey waves over GraphQL: the real app over a real SQLite store holding two simulated waves;
every number equals the library's (:mod:`partnermap.surveys.results`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from partnermap.store import open_store
from partnermap.surveys.results import compare_waves, wave_results
from partnermap.surveys.waves import submit_response
from tests import survey_sim as sim
from tests.test_api_support import Api, anyio_backend_fixture, serve, settings_for  # noqa: F401

pytestmark = pytest.mark.anyio

WAVE = """
query ($id: ID!) {
  surveyWave(id: $id) {
    id name status start subjectId subject { name } respondents { id }
    previous { id }
    responses { id revision channel outcomes respondent { name } answers { partnerId level reliability } }
    ties { id level reliability respondent { id } partner { id } context { id } }
    results {
      asked responded responseRate ties density centralization trust value
      reciprocity { mutual oneSided unconfirmed rate }
      organisations { organisation { name } degree trust value }
      pairs { a b levelAb levelBa trust }
    }
    comparison {
      compared ties: tiesAdded { respondent partner levelAfter } trustUp trustDown valueUp valueDown
    }
  }
}
"""


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'api-survey.db'}"
    with open_store(url) as store:
        sim.build_network(store)
        sim.create_waves(store)
        for seed, wave in ((1, sim.WAVE1), (2, sim.WAVE2)):
            for i, who in enumerate(sim.responders(seed)):
                submit_response(store, wave, who, sim.simulated_answers(seed, who), outcomes=sim.outcomes(i))
    return url


@pytest.fixture
async def api(url: str) -> AsyncIterator[Api]:
    async for client in serve(settings_for(url)):
        yield client


async def test_a_wave_its_results_and_comparison(api: Api, url: str) -> None:
    data = (await api.gql(WAVE, {"id": sim.WAVE2}))["surveyWave"]
    assert data["status"] == "OPEN" and data["subject"]["name"] == "Simuleeritud koordinaatorite võrgustik"
    assert data["previous"] == {"id": sim.WAVE1} and len(data["respondents"]) == 12
    assert "tokenHashes" not in data
    assert len(data["responses"]) == len(sim.responders(2))
    assert any("<script>" in (r["outcomes"] or "") for r in data["responses"])  # text, returned as given
    with open_store(url) as store:
        lib = wave_results(store, sim.WAVE2)
        comparison = compare_waves(store, sim.WAVE1, sim.WAVE2)
    got = data["results"]
    assert (got["asked"], got["responded"], got["ties"]) == (lib.asked, lib.responded, lib.ties)
    assert (got["density"], got["centralization"], got["trust"], got["value"]) == (
        lib.density,
        lib.centralization,
        lib.trust,
        lib.value,
    )
    assert got["reciprocity"]["mutual"] == lib.reciprocity.mutual
    assert [o["trust"] for o in got["organisations"]] == [o.trust for o in lib.organisations]
    assert len(got["pairs"]) == lib.ties
    # one tie per answer of each respondent's (only) revision, level none included
    assert len(data["ties"]) == sum(len(sim.simulated_answers(2, who)) for who in sim.responders(2))
    assert all(t["context"]["id"] == sim.WAVE2 for t in data["ties"])
    c = data["comparison"]
    assert c["compared"] == comparison.compared
    assert [(t["respondent"], t["partner"]) for t in c["ties"]] == [
        (t.respondent, t.partner) for t in comparison.ties_added
    ]
    assert (c["trustUp"], c["trustDown"], c["valueUp"], c["valueDown"]) == (
        comparison.trust_up,
        comparison.trust_down,
        comparison.value_up,
        comparison.value_down,
    )


async def test_waves_listed_and_bad_ids_named(api: Api) -> None:
    listed = await api.gql('{ surveyWaves(subject: "network:sim-coordinators") { id } }')
    assert [w["id"] for w in listed["surveyWaves"]] == [sim.WAVE1, sim.WAVE2]
    first = await api.gql(
        "query ($id: ID!) { surveyWave(id: $id) { comparison { compared } } }", {"id": sim.WAVE1}
    )
    assert first["surveyWave"]["comparison"] is None  # nothing before the first wave
    errors = await api.errors('{ surveyWave(id: "org:sim-01") { id } }')
    assert "not of a survey wave" in errors[0]["message"]
    first_id = f"response:sim-2026.{sim.responders(1)[0].split(':')[1]}.1"
    query = "query ($id: ID!) { node(id: $id) { kind ... on SurveyResponse { revision } } }"
    node = await api.gql(query, {"id": first_id})
    assert node["node"] == {"kind": "SURVEY_RESPONSE", "revision": 1}
