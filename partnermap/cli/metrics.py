"""``partnermap metrics ...`` and ``partnermap report``: the metrics on the command line.

Every command reads one snapshot of the store (every date), narrows it ``--as-of`` a day
(default: today) and prints tables, or JSON with ``--format json``. :func:`register` adds
the ``metrics`` group and the ``report`` command to the main app; it is idempotent. The
metrics are imported inside the commands, so that ``partnermap --help`` stays fast.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from partnermap.cli.common import Format, FormatOpt, open_store_of, out, parse_day, reports_errors

if TYPE_CHECKING:
    import networkx as nx
    from rich.text import Text

__all__ = ["metrics_app", "register", "report"]

metrics_app = typer.Typer(
    rich_markup_mode=None,  # plain help: rich would double the start-up of --help
    name="metrics",
    help="Cooperation metrics: across areas, centrality, brokers, weak points, coverage, time, indicators.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


AsOf = Annotated[str | None, typer.Option("--as-of", help="Date of the cooperation graph (default: today).")]
By = Annotated[
    str,
    typer.Option(
        "--by", help="Attribute: county, municipality, area, sector, kind, leader-area, or any other."
    ),
]
Top = Annotated[int, typer.Option("--top", min=0, help="Rows per table.")]
StatedOnly = Annotated[
    bool,
    typer.Option(
        "--stated-only",
        help="Leave out relations marked inferred (what the documents imply but do not state).",
    ),
]
Seed = Annotated[int, typer.Option("--seed", help="Seed of every random step.")]


def _day(value: str | None, option: str = "--as-of") -> date:
    return parse_day(value, option) or date.today()


def _snapshot(ctx: typer.Context, *, allow_empty: bool = False) -> nx.MultiDiGraph:
    """The store's snapshot of every date; MetricsError for an empty store."""
    from partnermap.graph import snapshot
    from partnermap.metrics import MetricsError

    with open_store_of(ctx) as store:
        G = snapshot(store)
    if G.number_of_nodes() == 0 and not allow_empty:
        raise MetricsError("the store is empty: load a dataset first (partnermap load)")
    return G


def _graphs(
    ctx: typer.Context, as_of: str | None, stated_only: bool = False
) -> tuple[nx.MultiDiGraph, nx.MultiDiGraph, nx.Graph, date]:
    """The store's snapshot of every date, it as of the day, the cooperation graph, the day;
    ``stated_only``: all three without the relations marked inferred."""
    from partnermap.graph import without_inferred
    from partnermap.metrics.temporal import at, cooperation_at

    day = _day(as_of)
    G = _snapshot(ctx)
    if stated_only:
        G = without_inferred(G)
    return G, at(G, day), cooperation_at(G, day), day


def _json(data: Any) -> None:
    from partnermap.metrics import to_jsonable

    typer.echo(json.dumps(to_jsonable(data), ensure_ascii=False, allow_nan=False, indent=2))


def _cell(value: Any) -> Text:
    from rich.text import Text

    if value is None:
        return Text("–")
    if isinstance(value, bool):
        return Text("yes" if value else "no")
    if isinstance(value, float):
        return Text(f"{value:.4g}")
    if isinstance(value, list | tuple):
        return Text(", ".join(str(v) for v in value))
    return Text(str(value))


def _table(
    title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]], numeric: Sequence[int] = ()
) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(title), title_justify="left")
    for i, header in enumerate(headers):
        table.add_column(Text(header), justify="right" if i in numeric else "left")
    for row in rows:
        table.add_row(*(_cell(v) for v in row))
    if not rows:
        table.add_row(*([Text("none")] + [Text("")] * (len(headers) - 1)))
    out.print(table)


def _line(text: str) -> None:
    out.print(text, markup=False)


@metrics_app.command("cross-area")
@reports_errors
def cross_area_cmd(
    ctx: typer.Context,
    *,
    by: By = "county",
    as_of: AsOf = None,
    stated_only: StatedOnly = False,
    fmt: FormatOpt = Format.table,
    permutations: Annotated[int, typer.Option("--permutations", min=0, help="0 skips the test.")] = 999,
    seed: Seed = 0,
    top_n: Top = 10,
) -> None:
    """E-I index (whole, per group, per node), group x group matrix, assortativity, permutation test."""
    from partnermap.metrics.mixing import cross_area, project_span

    _, H, C, day = _graphs(ctx, as_of, stated_only)
    result = cross_area(C, by, permutations=permutations, seed=seed)
    spans = [s for s in project_span(H) if s.crosses_counties]
    if fmt is Format.json:
        _json({"as_of": day, "cross_area": result, "projects_across_counties": spans})
        return
    ei, perm = result.ei, result.permutation
    _line(
        f"Cross-area by {result.attribute} as of {day}: {ei.groups} groups, {ei.organisations} organisations"
    )
    _line(
        f"E-I index {ei.ei:+.3f} ({ei.external} external, {ei.internal} internal ties); weighted "
        f"{_cell(ei.weighted_ei)}; assortativity {_cell(result.assortativity)}"
    )
    if perm is not None:
        kind = "exact" if perm.exact else f"{perm.permutations} permutations, seed {perm.seed}"
        _line(
            f"Expected E-I when labels are shuffled {perm.expected:+.3f} ({kind}); "
            f"p(greater) {perm.p_greater:.4f}, p(less) {perm.p_less:.4f}, two-sided {perm.p_two_sided:.4f}"
        )
    _table(
        "Groups",
        ["group", "members", "internal", "external", "E-I", "weighted E-I", "internal density"],
        [
            [g.group, g.members, g.internal, g.external, g.ei, g.weighted_ei, g.internal_density]
            for g in result.groups
        ],
        (1, 2, 3, 4, 5, 6),
    )
    m = result.matrix
    _table(
        "Ties between groups", ["", *m.groups], [[g, *row] for g, row in zip(m.groups, m.ties, strict=True)]
    )
    _table(
        f"Most outward-looking organisations (top {top_n})",
        ["organisation", "group", "internal", "external", "E-I"],
        [[n.name, n.group, n.internal, n.external, n.ei] for n in result.nodes[:top_n]],
        (2, 3, 4),
    )
    _table(
        "Projects across counties",
        ["project", "partners", "counties", "crosses LEADER areas"],
        [[s.name, len(s.partners), s.counties, s.crosses_leader_areas] for s in spans],
        (1,),
    )


@metrics_app.command("span")
@reports_errors
def span_cmd(
    ctx: typer.Context,
    project: Annotated[str | None, typer.Argument(help="A project id (default: every project).")] = None,
    *,
    as_of: AsOf = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """The municipalities, counties and LEADER areas each project's partners come from."""
    from partnermap.metrics.mixing import project_span

    _, H, _, day = _graphs(ctx, as_of)
    spans = project_span(H, project)
    if fmt is Format.json:
        _json({"as_of": day, "projects": spans})
        return
    _table(
        f"Project area span as of {day}",
        ["project", "partners", "municipalities", "counties", "crosses LEADER areas"],
        [[s.name, len(s.partners), len(s.municipalities), s.counties, s.crosses_leader_areas] for s in spans],
        (1, 2),
    )


@metrics_app.command()
@reports_errors
def centrality(
    ctx: typer.Context,
    *,
    as_of: AsOf = None,
    stated_only: StatedOnly = False,
    fmt: FormatOpt = Format.table,
    sort: Annotated[str, typer.Option("--sort", help="Measure to rank by.")] = "betweenness",
    top_n: Top = 10,
    seed: Seed = 0,
) -> None:
    """Degree, weighted degree, betweenness, closeness, eigenvector and PageRank; the top N."""
    from partnermap.metrics.centrality import centralities, top

    _, _, C, day = _graphs(ctx, as_of, stated_only)
    rows = top(centralities(C, seed=seed), sort, top_n)
    if fmt is Format.json:
        _json({"as_of": day, "sort": sort, "organisations": rows})
        return
    _table(
        f"Top {top_n} by {sort} as of {day}",
        ["organisation", "area", "degree", "weighted", "betweenness", "closeness", "eigenvector", "PageRank"],
        [
            [
                r.name,
                r.area,
                r.degree,
                r.weighted_degree,
                r.betweenness,
                r.closeness,
                r.eigenvector,
                r.pagerank,
            ]
            for r in rows
        ],
        (2, 3, 4, 5, 6, 7),
    )


class CoverageFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class ReportLang(StrEnum):
    et = "et"
    en = "en"


class Level(StrEnum):
    municipality = "municipality"
    county = "county"


_AREAS = {"municipality": "municipalities", "county": "counties"}


def _names_of(H: nx.MultiDiGraph, area: Any) -> list[list[str]]:
    """The names of the networks and of the projects that reach an area."""
    return [_names(H, area.networks), _names(H, area.projects)]


def _csv(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows([" ".join(v) if isinstance(v, list) else v for v in row] for row in rows)
    typer.echo(buffer.getvalue(), nl=False)


@metrics_app.command("coverage")
@reports_errors
def coverage_cmd(
    ctx: typer.Context,
    group: Annotated[str | None, typer.Argument(help="A network or project id (default: all).")] = None,
    *,
    level: Annotated[
        Level | None,
        typer.Option(
            "--level", help="List the municipalities or counties instead, reached or not.", show_default=False
        ),
    ] = None,
    reached: Annotated[
        bool | None,
        typer.Option(
            "--reached/--not-reached",
            help="Only the areas reached (by GROUP, or by any network) or not reached; implies --level.",
            show_default=False,
        ),
    ] = None,
    as_of: AsOf = None,
    fmt: Annotated[CoverageFormat, typer.Option("--format", "-f", help="table, json or csv.")] = (
        CoverageFormat.table
    ),
) -> None:
    """Municipalities (of 79) and counties (of 15) a network or programme reaches, and not.

    With --level or --reached/--not-reached: the municipalities (or counties) themselves,
    reached by GROUP or, without one, by any network.
    """
    from partnermap.metrics.coverage import area_reach, coverage, coverage_all, municipality_presence

    _, H, _, day = _graphs(ctx, as_of)
    if level is not None or reached is not None:
        areas = area_reach(H, (level or Level.municipality).value, by=group, reached=reached)
        headers = ["id", "name", "county", "reached", "networks", "projects"]
        rows = [[a.id, a.name, a.county, a.reached, a.networks, a.projects] for a in areas]
        if fmt is CoverageFormat.json:
            _json({"as_of": day, "by": group, "level": areas[0].level if areas else level, "areas": areas})
        elif fmt is CoverageFormat.csv:
            _csv(headers, rows)
        else:
            what = {True: "reached", False: "not reached", None: "reached or not"}[reached]
            _table(
                f"{len(areas)} {_AREAS[(level or Level.municipality).value]} {what} by "
                f"{group or 'any network'} as of {day}",
                ["name", "county", "reached", "networks", "projects"],
                [
                    [a.name, _name(H, a.county) if a.county else None, a.reached, *_names_of(H, a)]
                    for a in areas
                ],
            )
        return
    if group is None:
        rows_all = coverage_all(H)
        gaps = [m for m in municipality_presence(H) if not m.networks and not m.projects]
        if fmt is CoverageFormat.json:
            _json({"as_of": day, "coverage": rows_all, "municipalities_not_reached": gaps})
            return
        table_rows = [
            [c.id, c.name, c.kind, c.members, len(c.municipalities_reached), len(c.counties_reached)]
            for c in rows_all
        ]
        headers = ["id", "network / project", "kind", "members", "municipalities", "counties"]
        if fmt is CoverageFormat.csv:
            _csv(headers, table_rows)
            return
        _table(f"Coverage as of {day}", headers[1:], [r[1:] for r in table_rows], (2, 3, 4))
        _line(
            f"{len(gaps)} municipalities not reached by any network or project: "
            + ", ".join(m.name for m in gaps)
        )
        return
    c = coverage(H, group)
    if fmt is CoverageFormat.json:
        _json({"as_of": day, "coverage": c})
        return
    if fmt is CoverageFormat.csv:
        areas = area_reach(H, "municipality", by=group) + area_reach(H, "county", by=group)
        _csv(["id", "name", "level", "reached"], [[a.id, a.name, a.level, a.reached] for a in areas])
        return
    _line(f"{c.name} ({c.id}, {c.kind}) as of {day}: {c.members} members, {c.national_members} national")
    _line(
        f"Municipalities reached {len(c.municipalities_reached)} of {c.municipality_total}: "
        + ", ".join(c.municipalities_reached)
    )
    _line(f"Counties reached {len(c.counties_reached)} of {c.county_total}: " + ", ".join(c.counties_reached))
    _line("Counties not reached: " + (", ".join(c.counties_not_reached) or "none"))
    _line(
        f"Municipalities not reached ({len(c.municipalities_not_reached)}): "
        + ", ".join(c.municipalities_not_reached)
    )


@metrics_app.command("path")
@reports_errors
def path_cmd(
    ctx: typer.Context,
    first: Annotated[str, typer.Argument(metavar="A", help="An organisation id, e.g. org:tartu-ulikool.")],
    second: Annotated[str, typer.Argument(metavar="B", help="Another organisation id.")],
    *,
    as_of: AsOf = None,
    stated_only: StatedOnly = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """The shortest chain of cooperation between two organisations (the strongest of the shortest)."""
    from partnermap.metrics.paths import cooperation_path

    _, H, C, day = _graphs(ctx, as_of, stated_only)
    path = cooperation_path(H, C, first, second)
    if fmt is Format.json:
        _json({"as_of": day, "path": path})
        return
    if path is None:
        _line(f"As of {day} no chain of cooperation joins {_name(H, first)} and {_name(H, second)}.")
        return
    _line(f"As of {day}: {path.hops} steps, summed weight {path.weight:.3g}")
    _table(
        f"From {_name(H, first)} to {_name(H, second)}",
        ["from", "to", "weight", "networks", "projects", "events", "agreements"],
        [
            [
                _name(H, t.u),
                _name(H, t.v),
                t.weight,
                _names(H, t.networks),
                _names(H, t.projects),
                _names(H, t.events),
                t.agreements,
            ]
            for t in path.steps
        ],
        (2,),
    )


@metrics_app.command("bridges")
@reports_errors
def bridges_cmd(
    ctx: typer.Context,
    area_from: Annotated[str, typer.Argument(metavar="FROM", help="A county or municipality id.")],
    area_to: Annotated[str, typer.Argument(metavar="TO", help="Another county or municipality id.")],
    *,
    as_of: AsOf = None,
    stated_only: StatedOnly = False,
    fmt: FormatOpt = Format.table,
    top_n: Top = 10,
) -> None:
    """Who links two areas: direct ties between their organisations, and brokers outside both."""
    from partnermap.metrics.paths import area_bridges

    _, H, C, day = _graphs(ctx, as_of, stated_only)
    result = area_bridges(H, C, area_from, area_to)
    if fmt is Format.json:
        _json({"as_of": day, "from": area_from, "to": area_to, "bridges": result})
        return
    _line(
        f"{_name(H, area_from)} and {_name(H, area_to)} as of {day}: {len(result.ties)} direct ties, "
        f"{len(result.brokers)} brokers"
    )
    _table(
        f"Direct ties (top {top_n})",
        ["organisation", "organisation", "weight", "networks", "projects"],
        [
            [_name(H, t.u), _name(H, t.v), t.weight, _names(H, t.networks), _names(H, t.projects)]
            for t in result.ties[:top_n]
        ],
        (2,),
    )
    _table(
        f"Brokers (top {top_n})",
        ["organisation", "weight", f"partners in {_name(H, area_from)}", f"partners in {_name(H, area_to)}"],
        [
            [_name(H, b.organisation), b.weight, _names(H, b.first), _names(H, b.second)]
            for b in result.brokers[:top_n]
        ],
        (1,),
    )


def _name(G: nx.MultiDiGraph, node: str) -> str:
    """A node's name for a table (its id when the graph does not hold it)."""
    return str(G.nodes[node].get("name", node)) if node in G else node


def _names(G: nx.MultiDiGraph, nodes: Sequence[str]) -> list[str]:
    return [_name(G, n) for n in nodes]


@metrics_app.command()
@reports_errors
def brokerage(
    ctx: typer.Context,
    *,
    by: By = "county",
    as_of: AsOf = None,
    stated_only: StatedOnly = False,
    fmt: FormatOpt = Format.table,
    top_n: Top = 10,
) -> None:
    """Gould-Fernandez brokerage roles by group; Burt's constraint and effective size."""
    from partnermap.metrics.brokerage import gould_fernandez, gould_fernandez_by_group, structural_holes

    _, _, C, day = _graphs(ctx, as_of, stated_only)
    brokers = gould_fernandez(C, by)
    groups = gould_fernandez_by_group(C, by)
    holes = structural_holes(C)
    if fmt is Format.json:
        _json(
            {
                "as_of": day,
                "by": by,
                "brokers": brokers[:top_n],
                "groups": groups,
                "structural_holes": holes[:top_n],
            }
        )
        return
    _line(f"Brokerage by {by} as of {day} (ties count in both directions: representative = gatekeeper)")
    roles = ["coordinator", "itinerant", "representative", "gatekeeper", "liaison", "total"]
    _table(
        f"Top {top_n} brokers",
        ["organisation", "group", *roles],
        [[b.name, b.group, *(getattr(b, r) for r in roles)] for b in brokers[:top_n]],
        (2, 3, 4, 5, 6, 7),
    )
    _table(
        "By group of the broker",
        ["group", "brokers", *roles],
        [[g.group, g.brokers, *(getattr(g, r) for r in roles)] for g in groups],
        (1, 2, 3, 4, 5, 6, 7),
    )
    _table(
        f"Least constrained (top {top_n})",
        ["organisation", "degree", "effective size", "efficiency", "constraint"],
        [[h.name, h.degree, h.effective_size, h.efficiency, h.constraint] for h in holes[:top_n]],
        (1, 2, 3, 4),
    )


@metrics_app.command("weak-points")
@reports_errors
def weak_points_cmd(
    ctx: typer.Context,
    *,
    as_of: AsOf = None,
    stated_only: StatedOnly = False,
    fmt: FormatOpt = Format.table,
    top_n: Top = 10,
    leaves: Annotated[str | None, typer.Option("--leaves", help="What if this organisation leaves?")] = None,
) -> None:
    """Articulation points, bridges, and what is lost when an organisation leaves."""
    from partnermap.metrics.resilience import weak_points, what_if_leaves

    _, _, C, day = _graphs(ctx, as_of, stated_only)
    if leaves is not None:
        w = what_if_leaves(C, leaves)
        if fmt is Format.json:
            _json({"as_of": day, "what_if": w})
            return
        _line(
            f"If {w.name} leaves (as of {day}): components {w.components_before} -> {w.components_after}; "
            f"its component of {w.component_size} falls into {w.pieces or 'nothing'}; {w.cut_off} cut off; "
            f"{w.pairs_disconnected} pairs disconnected"
        )
        return
    result = weak_points(C, top=top_n)
    if fmt is Format.json:
        _json({"as_of": day, "weak_points": result})
        return
    _line(
        f"As of {day}: {result.organisations} organisations, {result.ties} ties, {result.components} "
        f"components (largest {result.largest_component})"
    )
    _table(
        "Articulation points: if this organisation leaves",
        ["organisation", "component", "pieces", "cut off", "pairs disconnected"],
        [
            [a.name, a.component_size, a.pieces, a.cut_off, a.pairs_disconnected]
            for a in result.articulation_points
        ],
        (1, 3, 4),
    )
    _table(
        "Bridges",
        ["organisation", "organisation", "weight", "smaller side"],
        [[b.u, b.v, b.weight, b.smaller_side] for b in result.bridges],
        (2, 3),
    )


@metrics_app.command()
@reports_errors
def communities(
    ctx: typer.Context,
    *,
    by: By = "county",
    as_of: AsOf = None,
    stated_only: StatedOnly = False,
    fmt: FormatOpt = Format.table,
    seed: Seed = 0,
    top_n: Top = 10,
) -> None:
    """Louvain communities compared with the counties (NMI, adjusted Rand, modularity)."""
    from partnermap.metrics.communities import communities_vs_areas

    _, _, C, day = _graphs(ctx, as_of, stated_only)
    r = communities_vs_areas(C, by, seed=seed, top=top_n)
    if fmt is Format.json:
        _json({"as_of": day, "communities": r})
        return
    _line(
        f"As of {day}: {r.communities} communities (seed {seed}), modularity {r.modularity:.3f} "
        f"(areas as communities: {r.area_modularity:.3f}); agreement with {r.attribute}: "
        f"NMI {r.agreement.nmi:.3f}, adjusted Rand {r.agreement.adjusted_rand:.3f}"
    )
    _table(
        "Largest communities",
        ["#", "size", f"main {by}", "share", "areas", "members"],
        [[c.index, c.size, c.top_area, c.top_area_share, c.areas, c.members] for c in r.largest],
        (0, 1, 3, 4),
    )


@metrics_app.command()
@reports_errors
def indicators(
    ctx: typer.Context,
    *,
    as_of: AsOf = None,
    fmt: FormatOpt = Format.table,
    year: Annotated[int | None, typer.Option("--year", help="Only this target year.")] = None,
    indicator: Annotated[str | None, typer.Option("--indicator", help="Only this indicator id.")] = None,
) -> None:
    """Targets against values computed from the graph at each year's end: met, behind, no data.

    ``--as-of`` (default today) limits the rows to target years that have begun by then.
    """
    from partnermap.metrics.indicators import indicator_status

    day = _day(as_of)
    G = _snapshot(ctx, allow_empty=True)
    rows = [
        r
        for r in indicator_status(G, indicator=indicator, year=year)
        if year is not None or r.year <= day.year
    ]
    if fmt is Format.json:
        _json({"as_of": day, "indicators": rows})
        return
    _table(
        f"Indicators (target years up to {day.year})",
        ["indicator", "year", "comparison", "target", "graph", "reported", "status", "how"],
        [[r.name, r.year, r.comparison, r.target, r.value, r.reported, r.status, r.note] for r in rows],
        (1, 3, 4, 5),
    )


@metrics_app.command("events")
@reports_errors
def events_cmd(
    ctx: typer.Context,
    *,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="Only events and relations that hold on this day (default: every date)."
        ),
    ] = None,
    stated_only: StatedOnly = False,
    fmt: FormatOpt = Format.table,
    top_n: Top = 10,
) -> None:
    """Events per network, per project and per municipality: how many, of what type, who takes part."""
    from partnermap.metrics.events import event_counts

    day = parse_day(as_of, "--as-of")
    result = event_counts(_snapshot(ctx), as_of=day, stated_only=stated_only)
    if fmt is Format.json:
        _json(result)
        return
    types = ", ".join(f"{k} {v}" for k, v in result.by_type.items()) or "none"
    when = f"on {day}" if day else "of every date"
    _line(f"{result.events} events {when}{' (stated only)' if stated_only else ''}: {types}")
    headers = ["events", "per year", "participants", "types"]
    for title, tallies in (
        ("Events per network", result.networks),
        ("Events per project", result.projects),
        ("Events per municipality", result.municipalities),
    ):
        rows = [
            [
                t.name,
                t.events,
                t.occurrences,
                t.participants,
                ", ".join(f"{k} {v}" for k, v in t.by_type.items()),
            ]
            for t in tallies[:top_n]
        ]
        _table(title, [title.split()[-1], *headers], rows, (1, 2, 3))
    _line(f"Without a municipality (online or no place named): {len(result.without_place)}")


@metrics_app.command("diff")
@reports_errors
def diff_cmd(
    ctx: typer.Context,
    date1: Annotated[str, typer.Argument(help="Earlier date.")],
    date2: Annotated[str, typer.Argument(help="Later date.")],
    *,
    fmt: FormatOpt = Format.table,
    top_n: Top = 50,
) -> None:
    """Ties and relations added and ended between two dates."""
    from partnermap.metrics.temporal import diff

    d1, d2 = _day(date1, "DATE1"), _day(date2, "DATE2")
    G = _snapshot(ctx)
    d = diff(G, d1, d2)
    if fmt is Format.json:
        _json(d)
        return
    _line(
        f"{d.date1} -> {d.date2}: ties {d.ties_before} -> {d.ties_after}; organisations with ties "
        f"{d.active_before} -> {d.active_after}"
    )
    for title, ties in (("Ties added", d.ties_added), ("Ties ended", d.ties_ended)):
        _table(
            f"{title} ({len(ties)})",
            ["organisation", "organisation", "weight before", "weight after"],
            [[t.u_name, t.v_name, t.weight_before, t.weight_after] for t in ties[:top_n]],
            (2, 3),
        )
    for title, rels in (("Relations added", d.relations_added), ("Relations ended", d.relations_ended)):
        _table(
            f"{title} ({len(rels)})",
            ["kind", "source", "target", "from", "to"],
            [[r.kind, r.source, r.target, r.valid_from, r.valid_to] for r in rels[:top_n]],
        )


@metrics_app.command()
@reports_errors
def series(
    ctx: typer.Context,
    *,
    start: Annotated[int | None, typer.Option("--start", help="First year (default: the data's).")] = None,
    end: Annotated[int | None, typer.Option("--end", help="Last year (default: the data's).")] = None,
    by: By = "county",
    fmt: FormatOpt = Format.table,
) -> None:
    """The cooperation graph at the end of each year: ties, organisations, components, E-I."""
    from partnermap.metrics.temporal import yearly_series

    G = _snapshot(ctx)
    points = yearly_series(G, start=start, end=end, by=by)
    if fmt is Format.json:
        _json({"by": by, "series": points})
        return
    _table(
        "Year by year",
        [
            "date",
            "relations",
            "with ties",
            "ties",
            "weight",
            "components",
            "largest",
            "projects",
            f"E-I {by}",
        ],
        [
            [
                p.date,
                p.relations,
                p.organisations_active,
                p.ties,
                p.weight,
                p.components,
                p.largest_component,
                p.projects_active,
                p.ei_county,
            ]
            for p in points
        ],
        (1, 2, 3, 4, 5, 6, 7, 8),
    )


@reports_errors
def report(
    ctx: typer.Context,
    *,
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")],
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Date of the report (default: the latest day on which the most relations are active).",
            show_default=False,
        ),
    ] = None,
    permutations: Annotated[
        int, typer.Option("--permutations", min=0, help="E-I permutation test size.")
    ] = 199,
    seed: Seed = 0,
    top_n: Top = 15,
    lang: Annotated[
        ReportLang, typer.Option("--lang", help="Language of the report: et (Estonian) or en (English).")
    ] = ReportLang.et,
    stated_only: StatedOnly = False,
) -> None:
    """Write the metrics report: one HTML file with tables and charts that opens offline.

    Without --as-of it describes the latest day on which the most relations are active
    (partnermap.metrics.temporal.busiest_day), not today: for a programme that has ended,
    today would show only what is left of it.
    """
    from partnermap.metrics.temporal import at, busiest_day
    from partnermap.report import write_report

    G = _snapshot(ctx)
    given = parse_day(as_of)
    day = given or busiest_day(G) or date.today()
    at(G, day)  # refuses a day outside the data before any work
    write_report(
        G,
        output,
        as_of=day,
        permutations=permutations,
        seed=seed,
        top_n=top_n,
        lang=lang.value,
        default_day=given is None,
        stated_only=stated_only,
    )
    how = "" if given else " (the latest day on which the most relations are active)"
    _line(f"wrote the report as of {day}{how} to {output}")


def register(app: typer.Typer) -> typer.Typer:
    """Add ``metrics`` and ``report`` to ``app`` (once, however often it is called)."""
    if not any(group.name == "metrics" for group in app.registered_groups):
        app.add_typer(metrics_app, name="metrics")
    if not any(command.callback is report for command in app.registered_commands):
        app.command("report")(report)
    return app
