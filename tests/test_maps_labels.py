"""Label placement, node overlap removal and the timeline's rule of time, in Python.

The browser side (what the page draws) is in tests/test_maps_atlas_browser.py.
"""

from __future__ import annotations

import json
import math
import random
import re
from datetime import date
from itertools import combinations

import networkx as nx
import pytest

from partnermap.datasets import bundled_dataset
from partnermap.graph import to_multigraph
from partnermap.maps import build
from partnermap.maps.basemap import area_shape
from partnermap.maps.gallery import draw_file, gallery_entries
from partnermap.maps.labels import (
    MAX_CHARS,
    LabelSpec,
    candidate_box,
    label_plan,
    overlaps,
    place_labels,
    scale_ladder,
    short_label,
)
from partnermap.maps.options import RenderOptions
from partnermap.maps.overlap import overlapping_pairs, separate
from partnermap.maps.timeline import counts_on, dates_of, timeline

AS_OF = date(2025, 6, 1)


def _hits(box: tuple[float, float, float, float], x: float, y: float, r: float) -> bool:
    nx_ = min(max(x, box[0]), box[2])
    ny_ = min(max(y, box[1]), box[3])
    return (nx_ - x) ** 2 + (ny_ - y) ** 2 < r * r - 1e-9


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_placed_labels_never_overlap_each_other_or_nodes_at_any_zoom(seed: int) -> None:
    rng = random.Random(seed)
    specs = [
        LabelSpec(
            f"n{i}",
            rng.uniform(0, 600),
            rng.uniform(0, 400),
            rng.uniform(3, 12),
            "".join(rng.choice("abcdefghij klmnõäöüšžABC") for _ in range(rng.randint(3, 30))),
            size=rng.choice([11.0, 12.0, 15.0]),
        )
        for i in range(120)
    ]
    scales = scale_ladder(600.0, top=3.0)
    spots = place_labels(specs, scales=scales)
    assert len(spots) == len(specs)
    assert any(s.candidate >= 0 for s in spots) and any(s.candidate < 0 for s in spots)
    for scale in scales:
        shown = [
            (
                spec,
                candidate_box(
                    spec.x, spec.y, spec.r, spec.width, spec.height, candidate=s.candidate, scale=scale
                ),
            )
            for spec, s in zip(specs, spots, strict=True)
            if s.candidate >= 0 and s.min_scale <= scale
        ]
        for (_, a), (_, b) in combinations(shown, 2):
            assert not overlaps(a, b)
        for spec, box in shown:
            for other in specs:
                if other.id != spec.id:
                    assert not _hits(box, other.x, other.y, other.r), (spec.id, other.id, scale)
    # more labels fit as one zooms in
    counts = [sum(1 for s in spots if s.candidate >= 0 and s.min_scale <= scale) for scale in scales]
    assert counts == sorted(counts) and counts[-1] > counts[0]


def test_the_subject_is_labelled_first_and_in_bold() -> None:
    names = [(f"n{i}", f"Selts number {i}") for i in range(30)] + [("focus", "Lõimumiskoda")]
    positions = {
        n: (0.0, 0.0) if n == "focus" else (float(i % 6) * 8, float(i // 6) * 8)
        for i, (n, _) in enumerate(names)
    }
    plan = label_plan(names, positions, dict.fromkeys(positions, 4.0), degree={}, focus="focus")
    rows = plan["labels"]
    assert isinstance(rows, list)
    first = rows[0]
    assert first[1] == "Lõimumiskoda" and first[3] == 1 and first[4] >= 0
    assert first[5] == min(r[5] for r in rows if r[4] >= 0)


def test_long_names_are_cut_and_controls_removed() -> None:
    long = "Väga pikk <b>nimi</b> " * 300
    cut = short_label(long)
    assert len(cut) == MAX_CHARS and cut.endswith("…") and cut.startswith("Väga pikk <b>nimi</b>")
    assert short_label("\u202eSelts\u202c <i>x</i>\n") == "Selts <i>x</i>"
    assert short_label("Lõimumiskoda") == "Lõimumiskoda"


def test_separate_removes_every_overlap_without_a_cap_and_respects_one() -> None:
    rng = random.Random(7)
    positions = {f"n{i}": (rng.uniform(0, 200), rng.uniform(0, 200)) for i in range(300)}
    radii = {n: rng.uniform(2, 8) for n in positions}
    assert overlapping_pairs(positions, radii) > 50
    free = separate(positions, radii, pad=1.0, rounds=200)
    assert overlapping_pairs(free, radii) == 0
    fixed = ["n0", "n1"]
    capped = separate(positions, radii, pad=1.0, max_shift=5.0, fixed=fixed)
    for node, (x, y) in capped.items():
        ox, oy = positions[node]
        assert math.hypot(x - ox, y - oy) <= 5.0 + 0.1
    for node in fixed:
        assert capped[node] == (round(positions[node][0], 1), round(positions[node][1], 1))
    assert overlapping_pairs(capped, radii) < overlapping_pairs(positions, radii)


def test_separate_never_pushes_a_node_out_of_its_place() -> None:
    # a crowd in a narrow strip (0 <= y <= 10): pushed apart along it, never out of it
    positions = {str(i): (float(i % 3), 5.0) for i in range(12)}
    radii = dict.fromkeys(positions, 4.0)

    def strip(_: str, p: tuple[float, float]) -> bool:
        return 0.0 <= p[1] <= 10.0

    free = separate(positions, radii, pad=0.0)
    kept = separate(positions, radii, pad=0.0, inside=strip)
    assert not all(strip("", p) for p in free.values())  # unconstrained, some leave the strip
    assert all(strip("", p) for p in kept.values())
    assert overlapping_pairs(kept, radii) < overlapping_pairs(positions, radii)


@pytest.fixture(scope="module")
def bundled() -> nx.MultiDiGraph:
    ds = bundled_dataset()
    return to_multigraph(ds.nodes, ds.relations)


def _drawn_nodes(html: str) -> list[dict[str, object]]:
    found = re.search(r'<script type="application/json" id="pm-data">(.*?)</script>', html, re.S)
    assert found is not None
    nodes: list[dict[str, object]] = json.loads(found.group(1))["nodes"]
    return nodes


def _home(node: build.MapNode, by_county: bool) -> str | None:
    """The area a node of the geographic layout stays inside (as tests/test_boundaries.py)."""
    if node.kind in ("municipality", "county"):
        return node.id
    return node.county if by_county else (node.municipality or node.county)


def _room(area_id: str) -> float:
    """The area of a municipality or county in the layout's square pixels (sampled)."""
    shape = area_shape(area_id)
    x0, y0, x1, y1 = shape.box
    steps = 80
    dx, dy = (x1 - x0) / steps, (y1 - y0) / steps
    inside = sum(
        shape.contains((x0 + (i + 0.5) * dx, y0 + (j + 0.5) * dy)) for i in range(steps) for j in range(steps)
    )
    return inside * dx * dy


@pytest.mark.parametrize("layout", ["geo", "force"])
def test_no_two_nodes_of_a_gallery_map_overlap(bundled: nx.MultiDiGraph, layout: str) -> None:
    """No overlap, except in the geographic layout where an area is too small for the nodes
    that must stay inside it (the squares round their discs cover more than the area):
    there staying inside wins (Rakvere linn, Kohtla-Järve, a few km² each, hold several big
    nodes of a small network map)."""
    options = RenderOptions(layout=layout)
    excused = 0
    for entry in gallery_entries(bundled, lang="et", as_of=AS_OF):
        made = draw_file(bundled, entry.file, as_of=AS_OF, options=options)
        nodes = _drawn_nodes(made.html)
        places = {str(n["id"]): (float(str(n["x"])), float(str(n["y"]))) for n in nodes}
        radii = {str(n["id"]): float(str(n["size"])) for n in nodes}
        municipalities = {n for n, item in made.data.nodes.items() if item.kind == "municipality"}
        homes = {n: _home(item, made.data.anchor == "county") for n, item in made.data.nodes.items()}
        need: dict[str, float] = {}
        for node, home in homes.items():
            if home:
                need[home] = need.get(home, 0.0) + (2 * radii[node]) ** 2
        crowded = (
            {area for area, squares in need.items() if squares > _room(area)} if layout == "geo" else set()
        )
        overlapping = [
            (a, b)
            for a, b in combinations(sorted(places), 2)
            if not (a in municipalities and b in municipalities)  # both at their real places
            and math.dist(places[a], places[b]) < radii[a] + radii[b]
        ]
        bad = [(a, b) for a, b in overlapping if not ({homes[a], homes[b]} & crowded)]
        excused += len(overlapping) - len(bad)
        assert bad == [], (entry.file, layout, bad[:3])
    if layout == "force":
        assert excused == 0


def test_timeline_counts_are_the_map_as_of_that_day(bundled: nx.MultiDiGraph) -> None:
    """An ecosystem map of every date, seen on a day through the timeline, holds what the
    ecosystem map built as of that day (ended things left out) holds."""
    everything = build.ecosystem(bundled)
    days = dates_of(everything)
    assert len(days) >= 3
    for day in (days[0], days[len(days) // 2], days[-1], date(2025, 6, 1)):
        nodes, edges = counts_on(everything, day)
        that_day = build.ecosystem(bundled, as_of=day, show_ended=False)
        assert (nodes, edges) == (len(that_day.nodes), len(that_day.edges)), day
    assert counts_on(everything, days[0]) != counts_on(everything, days[-1])


def test_timeline_payload_lists_every_period(bundled: nx.MultiDiGraph) -> None:
    data = build.network(bundled, "network:loimumiskoda")
    t = timeline(data, "en")
    assert t["dates"] == sorted(set(t["dates"]))
    ends = {v for e in data.edges for v in (e.attrs.get("valid_from"), e.attrs.get("valid_to")) if v}
    assert {str(v) for v in ends} <= set(t["dates"])
    assert len(t["spokes"]) == sum(e.location for e in data.edges)
    assert "{nodes}" in t["text"]["counts"] and "{date}" in t["text"]["as_of"]
