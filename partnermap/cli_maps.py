"""``partnermap map``: interactive HTML maps of what the store holds.

::

    partnermap map ecosystem [--area ID] [--cooperation] -o ecosystem.html
    partnermap map network network:loimumiskoda --as-of 2025-06-01 -o loimumiskoda.html
    partnermap map project project:tat-loimumine-2025 --lang en -o tat.html
    partnermap map ego org:elvl --hops 2 --layout force -o elvl.html
    partnermap map cross-area --color-by county -o cross-area.html

Every map takes ``--as-of``, ``--layout geo|force``, ``--color-by kind|sector|county``,
``--size-by degree|betweenness|strength|closeness|pagerank|eigenvector|none``,
``--lang et|en``, ``--hide-ended`` and ``-o FILE.html``. The page is one file that works
offline.

The commands join the main app through :func:`register` (``register(app)`` in
:mod:`partnermap.cli`); registering twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from partnermap.cli import _date, _store, out, reports_errors
from partnermap.errors import PartnermapError
from partnermap.graph import snapshot
from partnermap.maps import Map, cross_area_map, ecosystem_map, ego_map, network_map, project_map

__all__ = ["map_app", "register"]

map_app = typer.Typer(
    name="map",
    help="Write an interactive HTML map (one file, works offline).",
    no_args_is_help=True,
)


class LayoutChoice(StrEnum):
    geo = "geo"
    force = "force"


class ColourChoice(StrEnum):
    kind = "kind"
    sector = "sector"
    county = "county"


class SizeChoice(StrEnum):
    degree = "degree"
    betweenness = "betweenness"
    strength = "strength"
    closeness = "closeness"
    pagerank = "pagerank"
    eigenvector = "eigenvector"
    none = "none"


class LangChoice(StrEnum):
    et = "et"
    en = "en"


Output = Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.", show_default=False)]
AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Show the map as of this date (2025-06-01 or 01.06.2025); relations ended by then are "
        "dashed. Default: every period.",
        show_default=False,
    ),
]
LayoutOpt = Annotated[
    LayoutChoice, typer.Option("--layout", help="geo: real places; force: precomputed force layout.")
]
SizeOpt = Annotated[SizeChoice, typer.Option("--size-by", help="Node size by this metric.")]
LangOpt = Annotated[LangChoice, typer.Option("--lang", help="Language of labels and page text.")]
EndedOpt = Annotated[
    bool,
    typer.Option(
        "--show-ended/--hide-ended", help="Draw relations ended by --as-of dashed, or leave them out."
    ),
]
TitleOpt = Annotated[str | None, typer.Option("--title", help="Page title (default from the map).")]
SeedOpt = Annotated[int, typer.Option("--seed", help="Seed of the force layout.")]


ColourOpt = Annotated[
    ColourChoice, typer.Option("--color-by", "--colour-by", help="Node colour by kind, sector or county.")
]


def _write(ctx: typer.Context, output: Path, make: Callable[[Any], Map]) -> None:
    with _store(ctx) as store:
        graph = snapshot(store)
    result = make(graph)
    try:
        result.write(output)
    except OSError as exc:
        raise PartnermapError(f"cannot write {output}: {exc.strerror}") from None
    out.print(
        f"wrote {output}: {result.title} ({result.node_count} nodes, {result.edge_count} links)",
        markup=False,
    )


@map_app.command("ecosystem")
@reports_errors
def ecosystem(
    ctx: typer.Context,
    output: Output,
    as_of: AsOf = None,
    area: Annotated[
        str | None, typer.Option("--area", help="Only this county or municipality (county:voru).")
    ] = None,
    cooperation: Annotated[
        bool, typer.Option("--cooperation", help="Also draw cooperation ties between organisations.")
    ] = False,
    min_weight: Annotated[
        float, typer.Option("--min-weight", min=0.0, help="With --cooperation: only ties this strong.")
    ] = 0.0,
    layout: LayoutOpt = LayoutChoice.geo,
    color_by: ColourOpt = ColourChoice.kind,
    size_by: SizeOpt = SizeChoice.degree,
    lang: LangOpt = LangChoice.et,
    show_ended: EndedOpt = True,
    title: TitleOpt = None,
    seed: SeedOpt = 1,
) -> None:
    """The whole ecosystem: organisations, networks, projects, municipalities and their relations."""
    day = _date(as_of, "--as-of")
    _write(
        ctx,
        output,
        lambda G: ecosystem_map(
            G,
            as_of=day,
            area=area,
            cooperation=cooperation,
            min_weight=min_weight,
            layout=layout.value,
            color_by=color_by.value,
            size_by=size_by.value,
            lang=lang.value,
            show_ended=show_ended,
            title=title,
            seed=seed,
        ),
    )


@map_app.command("network")
@reports_errors
def network(
    ctx: typer.Context,
    network_id: Annotated[str, typer.Argument(metavar="ID", help="Network id, e.g. network:loimumiskoda.")],
    output: Output,
    as_of: AsOf = None,
    context: Annotated[
        bool,
        typer.Option(
            "--context/--no-context",
            help="Show what the members are related to beyond the network, or only their ties to each other.",
        ),
    ] = True,
    layout: LayoutOpt = LayoutChoice.geo,
    color_by: ColourOpt = ColourChoice.kind,
    size_by: SizeOpt = SizeChoice.degree,
    lang: LangOpt = LangChoice.et,
    show_ended: EndedOpt = True,
    title: TitleOpt = None,
    seed: SeedOpt = 1,
) -> None:
    """One network: its members, convener and their relations."""
    day = _date(as_of, "--as-of")
    _write(
        ctx,
        output,
        lambda G: network_map(
            G,
            network_id,
            as_of=day,
            context=context,
            layout=layout.value,
            color_by=color_by.value,
            size_by=size_by.value,
            lang=lang.value,
            show_ended=show_ended,
            title=title,
            seed=seed,
        ),
    )


@map_app.command("project")
@reports_errors
def project(
    ctx: typer.Context,
    project_id: Annotated[str, typer.Argument(metavar="ID", help="Project or programme id.")],
    output: Output,
    as_of: AsOf = None,
    layout: LayoutOpt = LayoutChoice.geo,
    color_by: ColourOpt = ColourChoice.kind,
    size_by: SizeOpt = SizeChoice.degree,
    lang: LangOpt = LangChoice.et,
    show_ended: EndedOpt = True,
    title: TitleOpt = None,
    seed: SeedOpt = 1,
) -> None:
    """One project or programme: its activities, partners, funders and target groups."""
    day = _date(as_of, "--as-of")
    _write(
        ctx,
        output,
        lambda G: project_map(
            G,
            project_id,
            as_of=day,
            layout=layout.value,
            color_by=color_by.value,
            size_by=size_by.value,
            lang=lang.value,
            show_ended=show_ended,
            title=title,
            seed=seed,
        ),
    )


@map_app.command("ego")
@reports_errors
def ego(
    ctx: typer.Context,
    node_id: Annotated[str, typer.Argument(metavar="ID", help="Organisation id, e.g. org:elvl.")],
    output: Output,
    hops: Annotated[int, typer.Option("--hops", "-k", min=1, help="How many steps out.")] = 2,
    as_of: AsOf = None,
    layout: LayoutOpt = LayoutChoice.geo,
    color_by: ColourOpt = ColourChoice.kind,
    size_by: SizeOpt = SizeChoice.degree,
    lang: LangOpt = LangChoice.et,
    show_ended: EndedOpt = True,
    title: TitleOpt = None,
    seed: SeedOpt = 1,
) -> None:
    """Everything within --hops steps of an organisation (a network or project counts as a step)."""
    day = _date(as_of, "--as-of")
    _write(
        ctx,
        output,
        lambda G: ego_map(
            G,
            node_id,
            hops=hops,
            as_of=day,
            layout=layout.value,
            color_by=color_by.value,
            size_by=size_by.value,
            lang=lang.value,
            show_ended=show_ended,
            title=title,
            seed=seed,
        ),
    )


@map_app.command("cross-area")
@reports_errors
def cross_area(
    ctx: typer.Context,
    output: Output,
    as_of: AsOf = None,
    area: Annotated[
        str | None, typer.Option("--area", help="One county (county:ida-viru) and its partners elsewhere.")
    ] = None,
    min_weight: Annotated[float, typer.Option("--min-weight", min=0.0, help="Only ties this strong.")] = 0.0,
    layout: LayoutOpt = LayoutChoice.geo,
    color_by: ColourOpt = ColourChoice.county,
    size_by: SizeOpt = SizeChoice.degree,
    lang: LangOpt = LangChoice.et,
    title: TitleOpt = None,
    seed: SeedOpt = 1,
) -> None:
    """Organisations grouped by county; cooperation ties that cross counties highlighted."""
    day = _date(as_of, "--as-of")
    _write(
        ctx,
        output,
        lambda G: cross_area_map(
            G,
            as_of=day,
            area=area,
            min_weight=min_weight,
            layout=layout.value,
            color_by=color_by.value,
            size_by=size_by.value,
            lang=lang.value,
            title=title,
            seed=seed,
        ),
    )


def register(app: typer.Typer) -> None:
    """Add the ``map`` commands to ``app`` (once; calling again changes nothing).

    Examples
    --------
    >>> app = typer.Typer()
    >>> register(app); register(app)
    >>> [group.name for group in app.registered_groups]
    ['map']
    """
    if any(group.typer_instance is map_app or group.name == "map" for group in app.registered_groups):
        return
    app.add_typer(map_app, name="map")
