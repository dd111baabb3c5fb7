"""The metrics report: one self-contained HTML file with tables and inline SVG charts.

:func:`build_report` computes the metrics of :mod:`partnermap.metrics` on a snapshot and
returns plain data; :func:`render_html` turns that into one HTML page with no external
file, script, font or CDN, so it opens offline; :func:`write_report` does both. Every
text that comes from the data is escaped.

Examples
--------
>>> from datetime import date
>>> from partnermap.datasets import bundled_dataset
>>> from partnermap.graph import to_multigraph
>>> ds = bundled_dataset()
>>> data = build_report(to_multigraph(ds.nodes, ds.relations), as_of=date(2025, 6, 30))
>>> data["cross_area"]["county"]["ei"]["groups"] > 1
True
>>> page = render_html(data)
>>> page.startswith("<!DOCTYPE html>") and "<svg" in page and "http" not in page.split("<body")[0]
True
"""

from __future__ import annotations

import html
import math
import time
from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import networkx as nx

from partnermap.cooperation import cooperation_graph
from partnermap.errors import PartnermapError
from partnermap.graph import gc_paused, home_areas
from partnermap.metrics._common import MetricsError, to_jsonable
from partnermap.metrics.brokerage import gould_fernandez, group_totals, structural_holes
from partnermap.metrics.centrality import centralities
from partnermap.metrics.communities import communities_vs_areas
from partnermap.metrics.coverage import coverage_all, municipality_presence
from partnermap.metrics.indicators import indicator_status
from partnermap.metrics.mixing import Ties, cross_area, project_span, read_ties
from partnermap.metrics.resilience import weak_points
from partnermap.metrics.temporal import at, yearly_series
from partnermap.model import NodeKind

__all__ = ["build_report", "render_html", "write_report"]

#: Attributes the report compares across; the first one is drawn as the heatmap.
CROSS_AREA_BY = ("area", "county", "sector", "kind")
#: Tie visits the report spends on each permutation test.
PERMUTATION_BUDGET = 5_000_000
#: Snapshots with at most this many relations get a yearly series in the report.
SERIES_LIMIT = 5_000


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

    Returns
    -------
    dict
        Sections by name, and ``timings`` (seconds per section).
    """
    if G.number_of_nodes() == 0:
        raise MetricsError("report: the snapshot is empty (is the store empty?)")
    # Every section builds large structures that live until it ends: see gc_paused.
    with gc_paused():
        return _build_report(G, as_of=as_of, permutations=permutations, seed=seed, top_n=top_n)


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
    ties_total = C.number_of_edges()
    report: dict[str, Any] = {
        "title": "partnermap cooperation report",
        "as_of": as_of.isoformat() if as_of else None,
        "generated": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),  # noqa: UP017
        "counts": {
            "organisations": C.number_of_nodes(),
            "organisations_with_ties": sum(1 for _, d in C.degree() if d > 0),
            "ties": ties_total,
            "relations": _relations(H),
            "networks": kinds.get(NodeKind.NETWORK.value, 0),
            "projects": kinds.get(NodeKind.PROJECT.value, 0),
        },
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
        report["series"] = _section(timings, "series", lambda: yearly_series(G))
    report["timings"] = timings
    return report


# --- HTML ------------------------------------------------------------------------------

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:1100px;
color:#1d2433;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}
h2{margin-top:2.2rem;border-bottom:2px solid #d7dde8;padding-bottom:.2rem}
h3{margin-top:1.4rem}.muted{color:#5b6578}table{border-collapse:collapse;margin:.6rem 0;font-size:13px}
th,td{border:1px solid #d7dde8;padding:3px 7px;text-align:left;vertical-align:top}
th{background:#eef2f8}td.n{text-align:right;font-variant-numeric:tabular-nums}
.note{background:#fff7e0;border-left:4px solid #e0b020;padding:.4rem .7rem}
.met{color:#17733a;font-weight:600}.behind{color:#b3261e;font-weight:600}.nodata{color:#5b6578}
svg text{font:11px system-ui,sans-serif}.cards{display:flex;gap:1rem;flex-wrap:wrap}
.card{border:1px solid #d7dde8;border-radius:6px;padding:.5rem .9rem;min-width:8rem}
.card b{display:block;font-size:1.3rem}
"""


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _num(value: Any, digits: int = 3) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}".replace(",", " ")
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return _e(value)


def _table(headers: list[str], rows: list[list[Any]], numeric: set[int] | None = None) -> str:
    numeric = numeric or set()
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            if i in numeric:
                cells.append(f'<td class="n">{_num(cell)}</td>')
            else:
                cells.append(f"<td>{_e(cell)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    if not rows:
        body.append(f'<tr><td colspan="{len(headers)}" class="muted">none</td></tr>')
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _unavailable(section: Any) -> str | None:
    if isinstance(section, dict) and "unavailable" in section:
        return f'<p class="note">Not available: {_e(section["unavailable"])}</p>'
    return None


def _short(label: str) -> str:
    return label.split(":", 1)[1] if ":" in label else label


def heatmap_svg(groups: list[str], matrix: list[list[int]], title: str) -> str:
    """An inline SVG heatmap of a group x group tie matrix (colour on a log scale)."""
    n = len(groups)
    cell, left, topm = 26, 130, 120
    width, height = left + n * cell + 10, topm + n * cell + 10
    peak = max((v for row in matrix for v in row), default=0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{_e(title)}">'
    ]
    for i, g in enumerate(groups):
        y = topm + i * cell + cell / 2 + 4
        parts.append(f'<text x="{left - 6}" y="{y:.1f}" text-anchor="end">{_e(_short(g))}</text>')
        x = left + i * cell + cell / 2 + 4
        turn = f"rotate(-60 {x:.1f} {topm - 6})"
        parts.append(f'<text x="{x:.1f}" y="{topm - 6}" transform="{turn}">{_e(_short(g))}</text>')
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            share = math.log1p(value) / math.log1p(peak) if peak > 0 else 0.0
            red, green, blue = int(247 - 200 * share), int(251 - 150 * share), int(255 - 90 * share)
            x, y = left + j * cell, topm + i * cell
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell - 1}" height="{cell - 1}" '
                f'fill="rgb({red},{green},{blue})"><title>{_e(_short(groups[i]))} × '
                f"{_e(_short(groups[j]))}: {value}</title></rect>"
            )
            if value:
                colour = "#fff" if share > 0.6 else "#1d2433"
                parts.append(
                    f'<text x="{x + cell / 2 - 0.5:.1f}" y="{y + cell / 2 + 4:.1f}" text-anchor="middle" '
                    f'fill="{colour}">{value}</text>'
                )
    parts.append("</svg>")
    return "".join(parts)


def bars_svg(items: list[tuple[str, int]], total: int, title: str) -> str:
    """An inline SVG bar chart: one bar per item, its value out of ``total``."""
    bar, gap, left, width = 16, 5, 330, 400
    height = len(items) * (bar + gap) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 80}" height="{height}" '
        f'viewBox="0 0 {left + width + 80} {height}" role="img" aria-label="{_e(title)}">'
    ]
    for i, (label, value) in enumerate(items):
        y = 10 + i * (bar + gap)
        length = width * value / total if total else 0
        text = label if len(label) <= 44 else label[:43] + "…"
        parts.append(f'<text x="{left - 8}" y="{y + bar - 4}" text-anchor="end">{_e(text)}</text>')
        parts.append(f'<rect x="{left}" y="{y}" width="{width}" height="{bar}" fill="#eef2f8"/>')
        parts.append(
            f'<rect x="{left}" y="{y}" width="{length:.1f}" height="{bar}" fill="#3f6fb5">'
            f"<title>{_e(label)}: {value} of {total}</title></rect>"
        )
        parts.append(f'<text x="{left + width + 6}" y="{y + bar - 4}">{value} / {total}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _cross_area_html(section: dict[str, Any]) -> str:
    out = ["<h2>Across areas and sectors</h2>"]
    rows = []
    for by, data in section.items():
        if "unavailable" in data:
            rows.append([by, data["unavailable"], None, None, None, None, None])
            continue
        ei, perm = data["ei"], data.get("permutation")
        rows.append(
            [
                by,
                f"{ei['groups']} groups, {ei['organisations']} organisations ({ei['unlabelled']} without)",
                ei["ei"],
                perm["expected"] if perm else None,
                perm["p_two_sided"] if perm else None,
                ei["weighted_ei"],
                data["assortativity"],
            ]
        )
    out.append(
        _table(
            ["attribute", "groups", "E-I", "expected E-I", "p (two-sided)", "weighted E-I", "assortativity"],
            rows,
            {2, 3, 4, 5, 6},
        )
    )
    out.append(
        '<p class="muted">E-I = (external − internal) / (external + internal) ties: −1 all ties stay '
        "inside a group, +1 all cross. Expected E-I and p come from a label permutation test.</p>"
    )
    heat = section.get(CROSS_AREA_BY[0], {})
    if "matrix" in heat:
        out.append("<h3>Ties between areas</h3>")
        out.append(heatmap_svg(heat["matrix"]["groups"], heat["matrix"]["ties"], "area x area ties"))
    county = section.get("county", {})
    if "groups" in county:
        out.append("<h3>By county</h3>")
        out.append(
            _table(
                ["county", "members", "internal", "external", "E-I", "internal density"],
                [
                    [g["group"], g["members"], g["internal"], g["external"], g["ei"], g["internal_density"]]
                    for g in county["groups"]
                ],
                {1, 2, 3, 4, 5},
            )
        )
    return "".join(out)


def _coverage_html(coverage: Any, uncovered: Any) -> str:
    out = ["<h2>Coverage</h2>"]
    note = _unavailable(coverage)
    if note:
        return out[0] + note
    shown = coverage[:30]
    if shown:
        total = shown[0]["municipality_total"]
        out.append(
            bars_svg(
                [(c["name"], len(c["municipalities_reached"])) for c in shown],
                total,
                "municipalities reached",
            )
        )
    if len(coverage) > len(shown):
        out.append(f'<p class="muted">The {len(shown)} widest of {len(coverage)} networks and projects.</p>')
    out.append(
        _table(
            [
                "network / project",
                "kind",
                "members",
                "national",
                "municipalities",
                "counties",
                "counties not reached",
            ],
            [
                [
                    c["name"],
                    c["kind"],
                    c["members"],
                    c["national_members"],
                    f"{len(c['municipalities_reached'])} / {c['municipality_total']}",
                    f"{len(c['counties_reached'])} / {c['county_total']}",
                    ", ".join(_short(x) for x in c["counties_not_reached"]),
                ]
                for c in shown
            ],
            {2, 3},
        )
    )
    if isinstance(uncovered, list):
        names = ", ".join(m["name"] for m in uncovered)
        out.append(f"<h3>Municipalities no network or project reaches ({len(uncovered)})</h3>")
        out.append(f"<p>{_e(names) or 'none'}</p>")
    return "".join(out)


def _ranking_html(report: dict[str, Any]) -> str:
    out = ["<h2>Central organisations</h2>"]
    rows = report["centrality"]
    out.append(
        _unavailable(rows)
        or _table(
            [
                "organisation",
                "area",
                "degree",
                "weighted degree",
                "betweenness",
                "closeness",
                "eigenvector",
                "PageRank",
            ],
            [
                [
                    r["name"],
                    r["area"],
                    r["degree"],
                    r["weighted_degree"],
                    r["betweenness"],
                    r["closeness"],
                    r["eigenvector"],
                    r["pagerank"],
                ]
                for r in rows
            ],
            {2, 3, 4, 5, 6, 7},
        )
    )
    b = report["brokerage"]
    out.append("<h2>Brokers between counties</h2>")
    if _unavailable(b):
        out.append(_unavailable(b) or "")
    else:
        out.append(
            '<p class="muted">Gould-Fernandez roles on open two-paths; ties count in both directions, '
            "so representative = gatekeeper.</p>"
        )
        out.append(
            _table(
                [
                    "broker",
                    "county",
                    "coordinator",
                    "itinerant",
                    "representative",
                    "gatekeeper",
                    "liaison",
                    "total",
                ],
                [
                    [
                        r["name"],
                        r["group"],
                        r["coordinator"],
                        r["itinerant"],
                        r["representative"],
                        r["gatekeeper"],
                        r["liaison"],
                        r["total"],
                    ]
                    for r in b["brokers"]
                ],
                {2, 3, 4, 5, 6, 7},
            )
        )
        out.append("<h3>Structural holes (least constrained)</h3>")
        out.append(
            _table(
                ["organisation", "degree", "effective size", "efficiency", "constraint"],
                [
                    [r["name"], r["degree"], r["effective_size"], r["efficiency"], r["constraint"]]
                    for r in b["structural_holes"]
                ],
                {1, 2, 3, 4},
            )
        )
    w = report["weak_points"]
    out.append("<h2>Weak points</h2>")
    if _unavailable(w):
        out.append(_unavailable(w) or "")
    else:
        out.append(
            f"<p>{w['components']} components; the largest holds {w['largest_component']} of "
            f"{w['organisations']} organisations.</p>"
        )
        out.append(
            _table(
                ["if this organisation leaves", "component", "pieces", "cut off", "pairs disconnected"],
                [
                    [
                        a["name"],
                        a["component_size"],
                        ", ".join(map(str, a["pieces"][:8])),
                        a["cut_off"],
                        a["pairs_disconnected"],
                    ]
                    for a in w["articulation_points"]
                ],
                {1, 3, 4},
            )
        )
        out.append(
            _table(
                ["bridge", "", "weight", "smaller side"],
                [[x["u"], x["v"], x["weight"], x["smaller_side"]] for x in w["bridges"]],
                {2, 3},
            )
        )
    return "".join(out)


def _rest_html(report: dict[str, Any]) -> str:
    out = ["<h2>Communities and county lines</h2>"]
    c = report["communities"]
    if _unavailable(c):
        out.append(_unavailable(c) or "")
    else:
        agreement = c["agreement"]
        out.append(
            f"<p>Louvain (seed {_e(c['seed'])}) finds {c['communities']} communities "
            f"({c['singletons']} of one organisation), modularity {_num(c['modularity'])} against "
            f"{_num(c['area_modularity'])} for the counties themselves. Agreement with the counties: "
            f"NMI {_num(agreement['nmi'])}, adjusted Rand {_num(agreement['adjusted_rand'])} "
            f"over {agreement['items']} organisations.</p>"
        )
        out.append(
            _table(
                ["community", "size", "main county", "share", "counties"],
                [
                    [x["index"], x["size"], x["top_area"], x["top_area_share"], x["areas"]]
                    for x in c["largest"]
                ],
                {0, 1, 3, 4},
            )
        )
    span = report["project_span"]
    out.append("<h2>Projects across areas</h2>")
    out.append(
        _unavailable(span)
        or _table(
            ["project", "partners", "counties", "crosses LEADER areas"],
            [
                [
                    s["name"],
                    len(s["partners"]),
                    ", ".join(_short(x) for x in s["counties"]),
                    s["crosses_leader_areas"],
                ]
                for s in span
            ],
            {1},
        )
    )
    ind = report["indicators"]
    out.append("<h2>Indicators</h2>")
    if _unavailable(ind):
        out.append(_unavailable(ind) or "")
    else:
        rows = []
        for r in ind:
            css = {"met": "met", "behind": "behind"}.get(r["status"], "nodata")
            rows.append(
                "<tr>"
                f"<td>{_e(r['name'])}</td><td class='n'>{r['year']}</td>"
                f"<td>{_e(r['comparison'].replace('_', ' '))} {_num(r['target'], 0)}</td>"
                f"<td class='n'>{_num(r['value'], 0)}</td><td class='n'>{_num(r['reported'], 0)}</td>"
                f"<td class='{css}'>{_e(r['status'])}</td><td class='muted'>{_e(r['note'])}</td></tr>"
            )
        out.append(
            "<table><thead><tr><th>indicator</th><th>year</th><th>target</th><th>graph</th>"
            "<th>reported</th><th>status</th><th>how</th></tr></thead><tbody>"
            + ("".join(rows) or '<tr><td colspan="7" class="muted">none</td></tr>')
            + "</tbody></table>"
        )
    series = report.get("series")
    if series is not None:
        out.append("<h2>Year by year</h2>")
        out.append(
            _unavailable(series)
            or _table(
                ["date", "relations", "organisations with ties", "ties", "components", "E-I by county"],
                [
                    [
                        p["date"],
                        p["relations"],
                        p["organisations_active"],
                        p["ties"],
                        p["components"],
                        p["ei_county"],
                    ]
                    for p in series
                ],
                {1, 2, 3, 4, 5},
            )
        )
    return "".join(out)


def render_html(report: dict[str, Any]) -> str:
    """The report as one HTML page: inline CSS and SVG, no script, nothing fetched."""
    counts = report["counts"]
    cards = "".join(
        f'<div class="card"><b>{_num(value)}</b>{_e(name.replace("_", " "))}</div>'
        for name, value in counts.items()
    )
    as_of = report.get("as_of") or "every date"
    body = [
        f"<h1>{_e(report['title'])}</h1>",
        f'<p class="muted">As of {_e(as_of)} · generated {_e(report["generated"])}</p>',
        f'<div class="cards">{cards}</div>',
        _cross_area_html(report["cross_area"]),
        _coverage_html(report["coverage"], report["uncovered"]),
        _ranking_html(report),
        _rest_html(report),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{_e(report['title'])} · {_e(as_of)}</title><style>{_CSS}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )


def write_report(
    G: nx.MultiDiGraph,
    path: str | Path,
    *,
    as_of: date | None = None,
    permutations: int = 199,
    seed: int = 0,
    top_n: int = 15,
) -> dict[str, Any]:
    """Build the report, write it to ``path`` as HTML, and return its data."""
    data = build_report(G, as_of=as_of, permutations=permutations, seed=seed, top_n=top_n)
    page = render_html(data)
    try:
        Path(path).write_text(page, encoding="utf-8")
    except OSError as exc:
        raise PartnermapError(f"cannot write {path}: {exc.strerror}") from None
    return data
