"""Events on the maps and in the summary: a shape of their own with a legend entry, the
participants in an event's tooltip (escaped), inferred relations dashed and named so - in
the built data, the HTML, and a real headless Chromium."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from partnermap.cli import app
from partnermap.datasets import read_with_reference
from partnermap.graph import to_multigraph
from partnermap.maps import build
from partnermap.maps.api import ecosystem_map, ego_map, network_map, project_map
from partnermap.maps.facts import edge_facts, node_facts
from partnermap.maps.options import RenderOptions
from partnermap.maps.render import event_icon, to_pyvis
from partnermap.maps.theme import edge_style, shape_of
from partnermap.store.sqlite import SQLiteStore
from partnermap.summary import summarize
from tests.browser import OpenedPage

EVENTS = Path(__file__).parent / "data" / "events.yaml"
INFERRED = "org:rakvere-linnavalitsus>takes_part_in>event:lvp-2025"
HOSTILE = 'MTÜ <Õunapuu> & "Sõbrad"'


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    ds = read_with_reference(EVENTS)
    return to_multigraph(ds.nodes, ds.relations)


def test_network_map_holds_its_events_and_their_participants(G: nx.MultiDiGraph) -> None:
    data = build.network(G, "network:koordinaatorid")
    assert {"event:koordinaatorite-kohtumised", "event:infopaev-louna"} <= set(data.nodes)
    # the info day's participants who are not members come along as context
    assert data.nodes["org:ounapuu"].context and data.nodes["org:tartu-linnavalitsus"].context
    taking_part = {(e.source, e.target) for e in data.edges if e.kind == "takes_part_in"}
    assert ("org:ounapuu", "event:infopaev-louna") in taking_part
    info_day = data.nodes["event:infopaev-louna"]
    assert info_day.participants == [
        ("Eesti Linnade ja Valdade Liit", "organiser", False),
        (HOSTILE, "participant", False),
        ("Tartu Linnavalitsus", "participant", False),
    ]
    assert shape_of(info_day) == "event" and info_day.municipality == "municipality:tartu-linn"


def test_event_maps_of_every_kind(G: nx.MultiDiGraph) -> None:
    assert "event:lvp-2025" in build.project(G, "project:tat-2025").nodes
    ego = build.ego(G, "event:lvp-2025", hops=1)
    assert set(ego.nodes) >= {
        "event:lvp-2025",
        "org:elvl",
        "org:rakvere-linnavalitsus",
        "org:tartu-linnavalitsus",
        "project:tat-2025",
    }
    eco = build.ecosystem(G, as_of=date(2025, 4, 9), show_ended=False)
    events = sorted(n for n, item in eco.nodes.items() if item.kind == "event")
    assert events == ["event:koordinaatorite-kohtumised", "event:lvp-2025"]  # the day's events only
    lvp = eco.nodes["event:lvp-2025"]
    assert lvp.participants[0][0] == "Eesti Linnade ja Valdade Liit"  # organisers first
    assert ("Rakvere Linnavalitsus", "participant", True) in lvp.participants


def test_event_facts_and_inferred_edge_facts(G: nx.MultiDiGraph) -> None:
    data = build.network(G, "network:koordinaatorid")
    facts = dict(node_facts(data.nodes["event:koordinaatorite-kohtumised"], data.names, "et"))
    assert facts["Liik"] == "kohtumine" and facts["Sagedus"] == "quarterly" and facts["Kordi aastas"] == "4"
    assert facts["Toimumisviis"] == "hübriidne"
    assert facts["Osalejad"].startswith("Eesti Linnade ja Valdade Liit (korraldaja)")
    eco = build.ecosystem(G)
    english = dict(node_facts(eco.nodes["event:lvp-2025"], eco.names, "en"))
    assert "Rakvere Linnavalitsus (participant, inferred)" in english["Participants"]
    assert english["Period"] and english["Kind"] == "conference"
    edge = next(e for e in eco.edges if e.id == INFERRED)
    assert edge.inferred and edge_style(edge, 1.0).dashed
    assert dict(edge_facts(edge, eco.names, "et"))["Järeldatud"].startswith("the programme invites")
    assert "Inferred" in dict(edge_facts(edge, eco.names, "en"))
    stated = next(e for e in eco.edges if e.id == "org:elvl>takes_part_in>event:lvp-2025")
    assert not stated.inferred and not edge_style(stated, 1.0).dashed
    assert "Järeldatud" not in dict(edge_facts(stated, eco.names, "et"))
    network = dict(node_facts(eco.nodes["network:koordinaatorid"], eco.names, "et"))
    assert network["Järeldatud andmed"].startswith("open: the action plan invites")


def test_cooperation_ties_on_a_map_name_their_events(G: nx.MultiDiGraph) -> None:
    data = build.ecosystem(G, cooperation=True)
    tie = next(e for e in data.edges if e.kind == "cooperation" and {e.source, e.target} == {
        "org:rakvere-linnavalitsus", "org:tartu-linnavalitsus"})  # fmt: skip
    facts = dict(edge_facts(tie, data.names, "en"))
    assert facts["Shared events"] == "Linnade ja Valdade Päevad 2025"


def test_pyvis_draws_events_as_their_picture(G: nx.MultiDiGraph) -> None:
    from partnermap.maps.layout import geo_layout

    data = build.ecosystem(G)
    net = to_pyvis(data, geo_layout(data))
    drawn = {n["id"]: n for n in net.nodes}
    assert drawn["event:lvp-2025"]["shape"] == "image"
    assert drawn["event:lvp-2025"]["image"] == event_icon("#d4a017")
    assert drawn["org:elvl"]["shape"] == "dot"
    index = next(i for i, e in enumerate(data.edges) if e.id == INFERRED)
    assert net.edges[index]["dashes"]
    with pytest.raises(ValueError, match="not a #rrggbb colour"):
        event_icon("red")


def test_map_html_has_the_event_shape_legend_and_escaped_participants(G: nx.MultiDiGraph) -> None:
    page = ecosystem_map(G).html
    assert "data:image/svg+xml" in page and 'shape == "event"' not in page
    assert "sündmus" in page and "järeldatud seos (katkendjoon)" in page
    assert "<Õunapuu>" not in page  # every data text is escaped: in JSON as \u003c, in markup as &lt;
    assert "\\u003cÕunapuu\\u003e" in page or "\\u003c\\u00d5unapuu\\u003e" in page
    english = network_map(G, "network:koordinaatorid", options=RenderOptions(lang="en")).html
    assert "inferred relation (dashed)" in english and "Participants" in english
    assert project_map(G, "project:tat-2025").html and ego_map(G, "event:lvp-2025", hops=1).html


def _screen_point(opened: OpenedPage, node: str) -> tuple[float, float]:
    x, y = opened.js(
        """(id) => { const n = window.partnermap.network;
            const p = n.canvasToDOM(n.getPositions([id])[id]);
            const r = window.partnermap.container.getBoundingClientRect();
            return [p.x + r.left, p.y + r.top]; }""",
        node,
    )
    return float(x), float(y)


@pytest.mark.parametrize("viewport", [(1600, 1000), (1024, 768)])
def test_event_tooltip_in_chromium(
    G: nx.MultiDiGraph, tmp_path: Path, open_map: Callable[..., OpenedPage], viewport: tuple[int, int]
) -> None:
    path = tmp_path / "network.html"
    path.write_text(
        network_map(G, "network:koordinaatorid", options=RenderOptions(layout="force", seed=1)).html,
        encoding="utf-8",
    )
    opened = open_map(path, viewport=viewport)
    # the picture loads (a data: image, allowed by the page's policy) and nothing else is asked for
    opened.page.mouse.move(*_screen_point(opened, "event:infopaev-louna"))
    opened.page.wait_for_selector("#pm-tooltip:not([hidden])")
    tip = opened.js("document.getElementById('pm-tooltip').innerText")
    assert "Lõuna-Eesti infopäev" in tip and "infopäev" in tip
    assert f"{HOSTILE} (osaleja)" in tip  # shown as text
    assert opened.js("document.querySelectorAll('#pm-tooltip script, #pm-tooltip b').length") == 0
    opened.page.mouse.move(2, 2)
    a = _screen_point(opened, "org:rakvere-linnavalitsus")
    b = _screen_point(opened, "event:lvp-2025")
    opened.page.mouse.move(a[0] * 0.72 + b[0] * 0.28, a[1] * 0.72 + b[1] * 0.28)
    opened.page.wait_for_function(
        "!document.getElementById('pm-tooltip').hidden && "
        "document.getElementById('pm-tooltip').innerText.includes('Järeldatud')"
    )
    assert "Rakvere is not named" in opened.js("document.getElementById('pm-tooltip').innerText")
    legend = opened.js("document.body.innerText")
    assert "sündmus" in legend and "järeldatud seos (katkendjoon)" in legend
    opened.assert_clean()


def test_summary_counts_events(tmp_path: Path, runner: CliRunner) -> None:
    with SQLiteStore(tmp_path / "s.db") as store:
        store.load(read_with_reference(EVENTS))
        result = summarize(store, as_of=date(2025, 5, 1))
    events = result.events
    assert (events.total, events.upcoming) == (4, 1)  # the info day of 20 May is still to come
    assert events.by_type == {"conference": 1, "info_day": 1, "meeting": 1, "seminar": 1}
    assert [(n.id, n.events) for n in events.per_network] == [
        ("network:koordinaatorid", 2),
        ("project:tat-2025", 1),
    ]
    assert result.nodes_by_kind["event"] == 1  # on the day itself only the year's meetings run
    url = f"sqlite:///{tmp_path / 's.db'}"
    shown = runner.invoke(app, ["--store", url, "summary", "--as-of", "2025-05-01"])
    assert shown.exit_code == 0, shown.output
    assert "Events (every date): 4, 1 still to come" in shown.output
    assert "Koordinaatorite võrgustik" in shown.output
    data = json.loads(
        runner.invoke(app, ["--store", url, "summary", "--as-of", "2025-05-01", "--json"]).output
    )
    assert data["events"]["per_network"][0]["by_type"] == {"info_day": 1, "meeting": 1}
