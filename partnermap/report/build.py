"""The report's data: every section computed on one snapshot, as plain JSON-ready values.

The data hold no language: ids with the names to show for them (``names``), numbers and
ISO dates; :mod:`partnermap.report.page` writes them in Estonian or English. The counts of
organisations, ties and components come from one function
(:func:`partnermap.metrics.temporal.shape`), for the summary, the weak points and each row
of the table of change alike, so they agree.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import networkx as nx

from partnermap.cooperation import cooperation_graph
from partnermap.errors import PartnermapError
from partnermap.graph import gc_paused, home_areas, without_inferred
from partnermap.lang import check_lang
from partnermap.metrics._common import MetricsError, to_jsonable
from partnermap.metrics.brokerage import gould_fernandez, group_totals, structural_holes
from partnermap.metrics.centrality import centralities
from partnermap.metrics.communities import communities_vs_areas
from partnermap.metrics.coverage import coverage_all, municipality_presence
from partnermap.metrics.indicators import indicator_status
from partnermap.metrics.mixing import Ties, cross_area, project_span, read_ties
from partnermap.metrics.resilience import weak_points
from partnermap.metrics.temporal import at, data_span, series_at, shape
from partnermap.model import NodeKind
from partnermap.surveys.results import latest_waves

__all__ = ["CROSS_AREA_BY", "PERMUTATION_BUDGET", "SERIES_LIMIT", "build_report", "write_report"]

#: Attributes the report compares across; the first one is drawn as the heatmap.
CROSS_AREA_BY = ("area", "county", "sector", "kind")
#: Tie visits the report spends on each permutation test.
PERMUTATION_BUDGET = 5_000_000
#: Snapshots with at most this many relations get the table of change (a cooperation graph
#: per year) in the report.
SERIES_LIMIT = 5_000
#: The kinds of node whose names the page shows.
_NAMED = {
    NodeKind.COUNTY.value,
    NodeKind.MUNICIPALITY.value,
    NodeKind.ORGANISATION.value,
    NodeKind.NETWORK.value,
    NodeKind.PROJECT.value,
    NodeKind.INDICATOR.value,
    NodeKind.SURVEY_WAVE.value,
}


def _section(timings: dict[str, float], name: str, compute: Callable[[], Any]) -> Any:
    """Run one section; a metric that cannot be computed becomes a note, not a failure."""
    started = time.perf_counter()
    try:
        return to_jsonable(compute())
    except MetricsError as exc:
        return {"unavailable": str(exc)}
    finally:
        timings[name] = time.perf_counter() - started


def _relations(G: nx.MultiDiGraph) -> int:
    """``G.number_of_edges()`` from the adjacency dicts (networkx's degree view takes 3x as long)."""
    if not (G.is_multigraph() and G.is_directed()):
        return int(G.number_of_edges())
    return sum(len(keys) for _, nbrs in G.adjacency() for keys in nbrs.values())


def build_report(
    G: nx.MultiDiGraph,
    *,
    as_of: date | None = None,
    permutations: int = 199,
    seed: int = 0,
    top_n: int = 15,
    default_day: bool = False,
    stated_only: bool = False,
) -> dict[str, Any]:
    """Compute every section of the report as plain (JSON-ready) data.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A snapshot of every date (``snapshot(store)``); the metrics are taken ``as_of``.
    as_of : date, optional
        The day of the cooperation graph; None takes every relation regardless of date.
    permutations : int
        Relabellings of the E-I permutation tests.
    seed : int
        Seed of every random step (permutations, pivots, Louvain).
    top_n : int
        Rows per ranking table.
    default_day : bool
        ``as_of`` was not asked for but chosen
        (:func:`partnermap.metrics.temporal.busiest_day`): the page says why.
    stated_only : bool
        Leave out the relations marked ``inferred`` (:func:`partnermap.graph.without_inferred`)
        from every section, as ``--stated-only`` does for the metrics; the page says so.

    Returns
    -------
    dict
        Sections by name, and ``timings`` (seconds per section).
    """
    if G.number_of_nodes() == 0:
        raise MetricsError("report: the snapshot is empty (is the store empty?)")
    # Every section builds large structures that live until it ends: see gc_paused.
    with gc_paused():
        report = _build_report(
            without_inferred(G) if stated_only else G,
            as_of=as_of,
            permutations=permutations,
            seed=seed,
            top_n=top_n,
        )
    report["as_of_default"] = default_day and as_of is not None
    if stated_only:  # only then: a report of every relation keeps the keys it always had
        report["stated_only"] = True
    return report


def _names(G: nx.MultiDiGraph) -> tuple[dict[str, str], dict[str, str]]:
    """The names the page shows for the ids its sections hold (with diacritics, as the data
    give them), and the English names of those that have one."""
    named = [(n, d) for n, d in G.nodes(data=True) if d.get("kind") in _NAMED]
    names = {str(n): str(d.get("name") or n) for n, d in sorted(named)}
    english = {str(n): str(d["name_en"]) for n, d in sorted(named) if d.get("name_en")}
    return names, english


def _series_days(G: nx.MultiDiGraph, as_of: date | None) -> list[date]:
    """The last day of each year of the data, and the report's own day among them."""
    span = data_span(G)
    if span is None:
        return [as_of] if as_of else []
    days = {date(year, 12, 31) for year in range(span[0].year, span[1].year + 1)}
    if as_of is not None:
        days.add(as_of)
    return sorted(days)


def _build_report(
    G: nx.MultiDiGraph, *, as_of: date | None, permutations: int, seed: int, top_n: int
) -> dict[str, Any]:
    timings: dict[str, float] = {}
    started = time.perf_counter()
    H = at(G, as_of) if as_of is not None else G
    # The home areas and the ties are read once here and shared by every section that
    # needs them: each reading is a pass over the whole graph.
    homes = home_areas(H)
    C = cooperation_graph(H, homes=homes)
    try:
        ties: Ties | None = read_ties(C)
    except MetricsError:
        ties = None  # no organisations: each cross-area section says so for itself
    timings["snapshot"] = time.perf_counter() - started
    kinds: dict[str, int] = {}
    for _, kind in H.nodes(data="kind"):
        kinds[str(kind)] = kinds.get(str(kind), 0) + 1
    form = shape(C)  # the one count of organisations, ties and components: see shape
    ties_total = form.ties
    report: dict[str, Any] = {
        "as_of": as_of.isoformat() if as_of else None,
        "generated": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),  # noqa: UP017
        "counts": {
            "organisations": form.organisations,
            "organisations_with_ties": form.organisations_active,
            "ties": ties_total,
            "relations": _relations(H),
            "networks": kinds.get(NodeKind.NETWORK.value, 0),
            "projects": kinds.get(NodeKind.PROJECT.value, 0),
        },
        "shape": to_jsonable(form),
    }

    # The permutation test costs O(ties) per relabelling: on large graphs the report draws
    # fewer (about 5 million tie visits per attribute; metrics cross-area does 999).
    budget = max(49, PERMUTATION_BUDGET // max(1, ties_total))
    drawn = min(permutations, budget)
    report["permutations"] = drawn

    def brokerage(C: nx.Graph) -> dict[str, Any]:
        brokers = gould_fernandez(C, "county")
        return {
            "by": "county",
            "brokers": brokers[:top_n],
            "groups": group_totals(brokers),
            "structural_holes": structural_holes(C, top=top_n, min_degree=2),
        }

    def mixing(by: str) -> Any:
        # The permutation test is the slow part: run it for the two attributes people ask about.
        tested = drawn if by in ("county", "sector") else 0
        return _section(
            timings,
            f"cross_area:{by}",
            lambda: cross_area(C, by, permutations=tested, seed=seed, nodes=False, ties=ties),
        )

    report["cross_area"] = {by: mixing(by) for by in CROSS_AREA_BY}
    # Only the top rows are shown: they are cut before the JSON conversion, not after it.
    report["centrality"] = _section(timings, "centrality", lambda: centralities(C, seed=seed)[:top_n])
    report["brokerage"] = _section(
        timings,
        "brokerage",
        lambda: brokerage(C),
    )
    report["weak_points"] = _section(timings, "weak_points", lambda: weak_points(C, top=top_n))
    report["coverage"] = _section(timings, "coverage", lambda: coverage_all(H, homes=homes))
    report["uncovered"] = _section(
        timings,
        "uncovered",
        lambda: [m for m in municipality_presence(H, homes=homes) if not m.networks and not m.projects],
    )
    report["communities"] = _section(timings, "communities", lambda: communities_vs_areas(C, seed=seed))
    report["project_span"] = _section(timings, "project_span", lambda: project_span(H, homes=homes)[:top_n])
    report["indicators"] = _section(timings, "indicators", lambda: indicator_status(G))
    if _relations(G) <= SERIES_LIMIT:
        report["series"] = _section(timings, "series", lambda: series_at(G, _series_days(G, as_of)))
    # A section on each surveyed network's latest wave, only when the snapshot holds one
    # (partnermap.surveys.results.latest_waves).
    if any(kind == NodeKind.SURVEY_WAVE.value for _, kind in G.nodes(data="kind")):
        report["surveys"] = _section(timings, "surveys", lambda: latest_waves(G, as_of))
    report["names"], report["names_en"] = _names(G)
    report["timings"] = timings
    return report


def write_report(
    G: nx.MultiDiGraph,
    path: str | Path,
    *,
    as_of: date | None = None,
    permutations: int = 199,
    seed: int = 0,
    top_n: int = 15,
    lang: str = "et",
    default_day: bool = False,
    stated_only: bool = False,
) -> dict[str, Any]:
    """Build the report, write it to ``path`` as HTML in ``lang`` (et or en), and return its data
    (``stated_only``: without the relations marked inferred, see :func:`build_report`)."""
    from partnermap.report.page import render_html  # noqa: PLC0415 - the page's module needs the data's

    try:
        check_lang(lang)
    except ValueError as exc:
        raise PartnermapError(str(exc)) from None
    data = build_report(
        G,
        as_of=as_of,
        permutations=permutations,
        seed=seed,
        top_n=top_n,
        default_day=default_day,
        stated_only=stated_only,
    )
    page = render_html(data, lang=lang)
    try:
        Path(path).write_text(page, encoding="utf-8")
    except OSError as exc:
        raise PartnermapError(f"cannot write {path}: {exc.strerror}") from None
    return data
