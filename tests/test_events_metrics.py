"""Events in the cooperation graph and the metrics: a shared event is a tie weighted like a
shared network, inferred ties can be left out, events are counted per network, project and
municipality - through the library and the CLI on a real SQLite store."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from partnermap.cli import app
from partnermap.cooperation import CooperationWeights, cooperation_graph
from partnermap.datasets import read_with_reference
from partnermap.graph import to_multigraph, without_inferred
from partnermap.metrics.events import event_counts
from partnermap.metrics.paths import cooperation_path
from partnermap.metrics.temporal import cooperation_at

EVENTS = Path(__file__).parent / "data" / "events.yaml"
RAKVERE, TARTU, ELVL, TALLINN = (
    "org:rakvere-linnavalitsus",
    "org:tartu-linnavalitsus",
    "org:elvl",
    "org:tallinna-linnavalitsus",
)


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    ds = read_with_reference(EVENTS)
    return to_multigraph(ds.nodes, ds.relations)


def _participants(G: nx.MultiDiGraph, event: str, *, stated_only: bool = False) -> int:
    return sum(
        1
        for _, target, data in G.in_edges(event, data=True)
        if data["kind"] == "takes_part_in" and not (stated_only and data.get("inferred"))
    )


def test_a_shared_event_is_weighted_like_a_shared_network(G: nx.MultiDiGraph) -> None:
    C = cooperation_graph(G)
    m = _participants(G, "event:lvp-2025")
    assert m == 4
    # Rakvere and Tartu meet only at the conference: 1/(m-1) of the network weight
    tie = C.edges[RAKVERE, TARTU]
    assert tie["events"] == ["event:lvp-2025"] and tie["networks"] == [] and tie["projects"] == []
    assert tie["weight"] == pytest.approx(1 / (m - 1))
    # a heavier network weight makes the event tie heavier the same way
    heavy = cooperation_graph(G, CooperationWeights(network=3.0))
    assert heavy.edges[RAKVERE, TARTU]["weight"] == pytest.approx(3.0 / (m - 1))
    unscaled = cooperation_graph(G, CooperationWeights(scaled=False))
    assert unscaled.edges[RAKVERE, TARTU]["weight"] == pytest.approx(1.0)
    # ELVL and Tallinn: one 2-member network (1), the conference (1/3), the quarterly meetings (1/2)
    both = C.edges[ELVL, TALLINN]
    assert sorted(both["events"]) == ["event:koordinaatorite-kohtumised", "event:lvp-2025"]
    assert both["weight"] == pytest.approx(1 + 1 / 3 + 1 / 2)


def test_an_event_of_one_makes_no_tie(G: nx.MultiDiGraph) -> None:
    C = cooperation_graph(G)
    # MTÜ Õunapuu organises the webinar alone; its only ties come from the info day
    assert sorted(C["org:ounapuu"]) == [ELVL, TARTU]
    assert all("event:veebiseminar" not in d["events"] for _, _, d in C.edges(data=True))


def test_stated_only_leaves_the_inferred_tie_out(G: nx.MultiDiGraph) -> None:
    full, stated = cooperation_graph(G), cooperation_graph(G, stated_only=True)
    assert full.has_edge(RAKVERE, TARTU) and not stated.has_edge(RAKVERE, TARTU)
    m = _participants(G, "event:lvp-2025", stated_only=True)
    assert stated.edges[ELVL, TARTU]["weight"] == pytest.approx(1 / (m - 1) + 1 / 2)  # lvp + info day
    assert stated.edges[ELVL, TARTU]["weight"] > full.edges[ELVL, TARTU]["weight"]  # fewer share the lvp
    assert without_inferred(G).number_of_edges() == G.number_of_edges() - 1
    same = cooperation_graph(without_inferred(G))
    assert nx.utils.edges_equal(same.edges(data=True), stated.edges(data=True))
    # the path between Rakvere and Tartu takes a step more without the inferred attendance
    assert cooperation_path(G, full, RAKVERE, TARTU).hops == 1  # type: ignore[union-attr]
    assert cooperation_path(G, stated, RAKVERE, TARTU).hops == 2  # type: ignore[union-attr]


def test_event_ties_follow_the_day(G: nx.MultiDiGraph) -> None:
    before = cooperation_at(G, date(2025, 4, 8))
    during = cooperation_at(G, date(2025, 4, 9))
    assert "event:lvp-2025" not in before.edges[ELVL, TALLINN]["events"]
    assert "event:lvp-2025" in during.edges[ELVL, TALLINN]["events"]
    assert not cooperation_at(G, date(2025, 4, 9), stated_only=True).has_edge(RAKVERE, TARTU)


def test_event_counts(G: nx.MultiDiGraph) -> None:
    result = event_counts(G)
    assert result.events == 4
    assert result.by_type == {"conference": 1, "info_day": 1, "meeting": 1, "seminar": 1}
    (network,) = result.networks
    assert (network.id, network.events, network.occurrences) == ("network:koordinaatorid", 2, 5.0)
    assert network.by_type == {"info_day": 1, "meeting": 1}
    assert network.participants == 5  # elvl, tallinn, rakvere (meetings); tartu, ounapuu (info day)
    assert [(t.id, t.events, t.participants) for t in result.municipalities] == [
        ("municipality:tallinn", 1, 4),
        ("municipality:tartu-linn", 1, 3),
    ]
    assert [(t.id, t.events) for t in result.projects] == [("project:tat-2025", 1)]
    assert result.without_place == ["event:koordinaatorite-kohtumised", "event:veebiseminar"]
    stated = event_counts(G, stated_only=True)
    assert stated.municipalities[0].participants == 3
    on_day = event_counts(G, as_of=date(2025, 5, 20))
    assert on_day.by_type == {"info_day": 1, "meeting": 1}


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('events') / 'store.db'}"
    result = CliRunner().invoke(app, ["--store", url, "load", str(EVENTS)])
    assert result.exit_code == 0, result.output
    return url


def test_cli_events_json(url: str, runner: CliRunner) -> None:
    result = runner.invoke(app, ["--store", url, "metrics", "events", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["events"] == 4 and data["as_of"] is None and data["stated_only"] is False
    assert data["networks"][0]["name"] == "Koordinaatorite võrgustik"
    assert [m["id"] for m in data["municipalities"]] == ["municipality:tallinn", "municipality:tartu-linn"]
    stated = json.loads(
        runner.invoke(
            app,
            [
                "--store",
                url,
                "metrics",
                "events",
                "--format",
                "json",
                "--stated-only",
                "--as-of",
                "09.04.2025",
            ],
        ).output
    )
    assert stated["as_of"] == "2025-04-09" and stated["by_type"] == {"conference": 1, "meeting": 1}
    assert stated["municipalities"][0]["participants"] == 3


def test_cli_events_table(url: str, runner: CliRunner) -> None:
    result = runner.invoke(app, ["--store", url, "metrics", "events"])
    assert result.exit_code == 0, result.output
    assert "4 events of every date" in result.output
    assert "Koordinaatorite" in result.output and "Tallinn" in result.output


@pytest.mark.parametrize(
    "command",
    [
        ["centrality", "--sort", "degree"],
        ["path", RAKVERE, TARTU],
        ["weak-points"],
    ],
)
def test_cli_stated_only_changes_the_answer(url: str, runner: CliRunner, command: list[str]) -> None:
    args = ["--store", url, "metrics", *command, "--as-of", "2025-04-09", "--format", "json"]
    full = runner.invoke(app, args)
    stated = runner.invoke(app, [*args, "--stated-only"])
    assert full.exit_code == 0 and stated.exit_code == 0, full.output + stated.output
    assert json.loads(full.output) != json.loads(stated.output)


def test_cli_stated_only_path_details(url: str, runner: CliRunner) -> None:
    args = ["--store", url, "metrics", "path", RAKVERE, TARTU, "--as-of", "2025-04-09", "--format", "json"]
    full = json.loads(runner.invoke(app, args).output)
    stated = json.loads(runner.invoke(app, [*args, "--stated-only"]).output)
    assert full["path"]["steps"][0]["events"] == ["event:lvp-2025"]
    assert len(stated["path"]["steps"]) == 2
