"""The coverage choropleth: classes per municipality, the legend's counts equal the metrics'.

``partnermap map coverage`` and the coverage layer of network and programme maps shade each
municipality by how a network or programme reaches it; the numbers are those of
``partnermap metrics coverage`` (the same function, checked here through the library and
through both commands on a real SQLite store).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from partnermap.cli import app
from partnermap.graph import active_subgraph, to_multigraph
from partnermap.maps import RenderOptions, coverage_map, network_map, project_map
from partnermap.maps.basemap import COVERAGE_CLASSES, coverage_layer
from partnermap.maps.options import MapError
from partnermap.metrics.coverage import coverage, coverage_all
from partnermap.model import Dataset
from partnermap.store.sqlite import SQLiteStore

DATES = [date(2021, 6, 1), date(2025, 6, 1), date(2027, 6, 30)]


@pytest.fixture(scope="module")
def bundled(estonia: Dataset) -> nx.MultiDiGraph:
    return to_multigraph(estonia.nodes, estonia.relations)


def legend_counts(page: str) -> dict[str, int]:
    rows = re.findall(r'<li data-coverage="(\w+)">.*?<span class="pm-count">(\d+)</span></li>', page)
    return {key: int(count) for key, count in rows}


@pytest.mark.parametrize("day", DATES)
def test_layer_counts_equal_the_metrics_for_every_group(bundled: nx.MultiDiGraph, day: date) -> None:
    H = active_subgraph(bundled, day)
    rows = coverage_all(H, with_members_only=False)
    assert len(rows) > 20
    for row in rows:
        layer = coverage_layer(bundled, row.id, day)
        assert len(layer.classes) == 79
        assert (
            layer.counts["member"] + layer.counts["partner"]
            == len(row.municipalities_reached)
            == layer.reached
        )
        assert layer.counts["none"] == len(row.municipalities_not_reached)
        assert {m for m, c in layer.classes.items() if c != "none"} == set(row.municipalities_reached)
        assert layer.counties_reached == len(row.counties_reached) == len(layer.counties)


def test_members_and_partners_are_told_apart(bundled: nx.MultiDiGraph) -> None:
    day = date(2025, 6, 1)
    network = coverage_layer(bundled, "network:elvl-koordinaatorite-vorgustik", day)
    assert network.counts == {"member": 8, "partner": 0, "none": 71}
    assert network.classes["municipality:kohtla-jarve-linn"] == "member"
    assert network.classes["municipality:voru-linn"] == "none"
    programme = coverage_layer(bundled, "project:tat-loimumine", day)  # partners in agreements
    assert programme.counts["partner"] == len(
        coverage(active_subgraph(bundled, day), "project:tat-loimumine").municipalities_reached
    )
    assert programme.counts["partner"] > 0 and programme.counts["member"] == 0


def test_coverage_map_page_has_the_layer_and_its_legend(bundled: nx.MultiDiGraph) -> None:
    day = date(2025, 6, 1)
    page = coverage_map(bundled, "network:elvl-koordinaatorite-vorgustik", as_of=day).html
    assert legend_counts(page) == {"member": 8, "partner": 0, "none": 71, "county": 7}
    geo = json.loads(re.search(r'<script type="application/json" id="pm-geo">(.*?)</script>', page, re.S)[1])
    assert len(geo["municipalities"]) == 79 and len(geo["counties"]) == 15
    assert sum(1 for c in geo["shade"] if COVERAGE_CLASSES[c] == "member") == 8
    assert "Piirid: Maa-amet, haldus- ja asustusjaotus 01.09.2018" in page
    english = coverage_map(bundled, "network:loimumiskoda", as_of=day, options=RenderOptions(lang="en"))
    assert english.title.startswith("Coverage: Lõimumiskoda")
    assert "Boundaries: Estonian Land Board, administrative division as of 01.09.2018" in english.html
    with pytest.raises(MapError, match="not a network or project"):
        coverage_map(bundled, "org:elvl")


def test_network_and_programme_maps_carry_the_layer_on_the_geographic_layout(
    bundled: nx.MultiDiGraph,
) -> None:
    day = date(2025, 6, 1)
    geo = network_map(bundled, "network:elvl-koordinaatorite-vorgustik", as_of=day).html
    assert legend_counts(geo) == {"member": 8, "partner": 0, "none": 71, "county": 7}
    programme = project_map(bundled, "project:tat-loimumine", as_of=day).html
    assert legend_counts(programme)["partner"] > 0
    force = network_map(
        bundled, "network:elvl-koordinaatorite-vorgustik", as_of=day, options=RenderOptions(layout="force")
    ).html
    assert legend_counts(force) == {} and '<script type="application/json" id="pm-geo">' not in force
    assert "Piirid: Maa-amet" in force  # the attribution is on every map


def test_cli_map_coverage_shows_the_numbers_of_metrics_coverage(
    runner: CliRunner, tmp_path: Path, estonia: Dataset
) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    with SQLiteStore(tmp_path / "c.db") as store:
        store.load(estonia)
    for group in ("network:elvl-koordinaatorite-vorgustik", "project:tat-loimumine", "network:loimumiskoda"):
        output = tmp_path / f"{group.split(':')[1]}.html"
        made = runner.invoke(
            app, ["--store", url, "map", "coverage", group, "--as-of", "2025-06-01", "-o", str(output)]
        )
        assert made.exit_code == 0, made.output
        metrics = runner.invoke(
            app, ["--store", url, "metrics", "coverage", group, "--as-of", "2025-06-01", "--format", "json"]
        )
        assert metrics.exit_code == 0, metrics.output
        numbers = json.loads(metrics.output)["coverage"]
        counts = legend_counts(output.read_text("utf-8"))
        assert counts["member"] + counts["partner"] == len(numbers["municipalities_reached"])
        assert counts["none"] == len(numbers["municipalities_not_reached"])
        assert counts["county"] == len(numbers["counties_reached"])
    refused = runner.invoke(
        app, ["--store", url, "map", "coverage", "org:elvl", "-o", str(tmp_path / "x.html")]
    )
    assert refused.exit_code == 1 and "not a network or project" in refused.output
    assert "Traceback" not in refused.output and not (tmp_path / "x.html").exists()
