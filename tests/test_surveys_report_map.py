"""A survey wave in the report (Estonian and English) and on its map (headless Chromium, offline)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from partnermap.cli import app
from partnermap.datasets import bundled_dataset
from partnermap.graph import snapshot, to_multigraph
from partnermap.maps.options import MapError
from partnermap.maps.survey import survey_map_html
from partnermap.report import build_report, render_html
from partnermap.store import open_store
from partnermap.surveys.results import compare_waves, wave_results
from partnermap.surveys.waves import submit_response
from tests import survey_sim as sim
from tests.browser import OpenedPage, browser, open_map  # noqa: F401


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('survey') / 'survey.db'}"
    with open_store(url) as store:
        sim.build_network(store)
        sim.create_waves(store)
        for seed, wave in ((1, sim.WAVE1), (2, sim.WAVE2)):
            for i, who in enumerate(sim.responders(seed)):
                submit_response(store, wave, who, sim.simulated_answers(seed, who), outcomes=sim.outcomes(i))
    return url


@pytest.fixture(scope="module")
def G(url: str) -> Iterator[nx.MultiDiGraph]:
    with open_store(url) as store:
        yield snapshot(store)


def test_the_report_shows_the_latest_wave_in_both_languages(G: nx.MultiDiGraph, url: str) -> None:
    data = build_report(G, as_of=date(2027, 3, 1), permutations=0)
    (section,) = data["surveys"]
    with open_store(url) as store:
        lib = wave_results(store, sim.WAVE2)
        comparison = compare_waves(store, sim.WAVE1, sim.WAVE2)
    assert section["results"]["wave"] == sim.WAVE2  # the latest wave opened by the day
    assert section["results"]["density"] == lib.density and section["results"]["trust"] == lib.trust
    assert len(section["comparison"]["ties_added"]) == len(comparison.ties_added)
    et, en = render_html(data, lang="et"), render_html(data, lang="en")
    assert "Partnerluse küsitlus: Simuleeritud küsitlus 2027" in et and "Partnership survey:" in en
    assert f"lisandus {len(comparison.ties_added)} sidet" in et
    assert f"{len(comparison.ties_added)} ties added" in en
    assert "MTÜ Lõimumiskoda &lt;b&gt;" in et and "Lõimumiskoda <b>" not in et
    # a day before the second wave opened: the first wave, with nothing to compare
    earlier = build_report(G, as_of=date(2026, 6, 1), permutations=0)["surveys"][0]
    assert earlier["results"]["wave"] == sim.WAVE1 and earlier["comparison"] is None


def test_no_survey_no_section() -> None:
    ds = bundled_dataset()
    data = build_report(to_multigraph(ds.nodes, ds.relations), as_of=date(2025, 6, 30), permutations=0)
    assert "surveys" not in data and "Partnerluse küsitlus" not in render_html(data)


def test_the_map_switches_waves_and_scores(
    G: nx.MultiDiGraph,
    tmp_path: Path,
    open_map: Callable[..., OpenedPage],  # noqa: F811
) -> None:
    path = tmp_path / "survey.html"
    path.write_text(survey_map_html(G, [sim.WAVE2, sim.WAVE1], lang="en"), encoding="utf-8")
    for viewport in ((1600, 1000), (1024, 768)):
        opened = open_map(path, viewport=viewport)
        page = opened.page
        assert page.locator("#wave option").all_text_contents() == [
            "Simuleeritud küsitlus 2026 (2026-03-01)",
            "Simuleeritud küsitlus 2027 (2027-03-01)",
        ]
        assert page.locator("#wave").input_value() == "1"  # the latest first
        latest = page.locator("#summary").text_content()
        nodes = opened.js("window.partnermap.network.body.data.nodes.length")
        edges = opened.js("window.partnermap.network.body.data.edges.length")
        assert nodes == 12 and edges > 0
        trust_colour = opened.js("window.partnermap.network.body.data.edges.get(0).color.color")
        page.locator("#colour").select_option("value")
        assert "value" in (page.locator("#legend-text").text_content() or "")
        page.locator("#wave").select_option("0")
        assert page.locator("#summary").text_content() != latest
        assert opened.js("window.partnermap.network.body.data.nodes.length") == 12
        assert trust_colour.startswith("#")
        # the hostile name is a label on the canvas, never markup
        assert opened.js("document.querySelectorAll('b').length") == 0
        page.screenshot(path=str(tmp_path / f"survey-{viewport[0]}.png"))
        opened.assert_clean()


def test_map_errors_and_command(G: nx.MultiDiGraph, url: str, tmp_path: Path, runner: CliRunner) -> None:
    with pytest.raises(MapError, match="no survey wave 'wave:nothing'"):
        survey_map_html(G, ["wave:nothing"])
    out = tmp_path / "m.html"
    result = runner.invoke(
        app, ["--store", url, "map", "survey", sim.WAVE1, sim.WAVE2, "-o", str(out), "--color-by", "value"]
    )
    assert result.exit_code == 0, result.output
    assert '"colour_by":"value"' in out.read_text(encoding="utf-8")
    bad = runner.invoke(app, ["--store", url, "map", "survey", "wave:nothing", "-o", str(out)])
    assert bad.exit_code == 1 and "Traceback" not in bad.output
