"""``partnermap map``: interactive HTML maps of what the store holds.

::

    partnermap map ecosystem [--area ID] [--cooperation] -o ecosystem.html
    partnermap map network network:loimumiskoda --as-of 2025-06-01 -o loimumiskoda.html
    partnermap map project project:tat-loimumine-2025 --lang en -o tat.html
    partnermap map ego org:elvl --hops 2 --layout force -o elvl.html
    partnermap map cross-area --color-by county -o cross-area.html
    partnermap map coverage network:elvl-koordinaatorite-vorgustik --as-of 2025-06-01 -o coverage.html

Every map takes ``--as-of``, ``-o FILE.html`` and the drawing options of
:func:`render_options` (``--layout``, ``--color-by``, ``--size-by``, ``--lang``, ``--title``,
``--seed``); the page is one file that works offline.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from enum import Enum, StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from partnermap.cli.common import open_store_of, out, parse_day, reports_errors, write_failed
from partnermap.maps.options import COLOR_BY, LANGS, LAYOUTS, SIZE_BY, RenderOptions

if TYPE_CHECKING:
    import networkx as nx

    from partnermap.maps import Map

__all__ = ["map_app", "register", "render_options"]

F = TypeVar("F", bound=Callable[..., Any])

map_app = typer.Typer(
    rich_markup_mode=None,  # plain help: rich would double the start-up of --help
    name="map",
    help="Write an interactive HTML map (one file, works offline).",
    no_args_is_help=True,
)

# The choices come from partnermap.maps.options: one list for the library, CLI and API.
LayoutChoice = Enum("LayoutChoice", {name: name for name in LAYOUTS}, type=str)  # type: ignore[misc]
ColourChoice = Enum("ColourChoice", {name: name for name in COLOR_BY}, type=str)  # type: ignore[misc]
SizeChoice = Enum("SizeChoice", {name: name for name in SIZE_BY}, type=str)  # type: ignore[misc]
LangChoice = Enum("LangChoice", {name: name for name in LANGS}, type=str)  # type: ignore[misc]

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
EndedOpt = Annotated[
    bool,
    typer.Option(
        "--show-ended/--hide-ended", help="Draw relations ended by --as-of dashed, or leave them out."
    ),
]


def _keyword(name: str, default: Any, annotation: Any) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)


def render_options(*, color_by: str = "kind") -> Callable[[F], F]:
    """Give a map command the drawing options; it receives them as one ``options`` argument.

    The command declares ``options: RenderOptions`` last; the decorator replaces it with
    ``--layout``, ``--color-by``, ``--size-by``, ``--lang``, ``--title`` and ``--seed`` (as
    sqlite-utils shares option groups) and builds the :class:`RenderOptions` from them.
    """
    drawing = [
        _keyword(
            "layout",
            LayoutChoice("geo"),
            Annotated[
                LayoutChoice, typer.Option("--layout", help="geo: real places; force: precomputed layout.")
            ],
        ),
        _keyword(
            "color_by",
            ColourChoice(color_by),
            Annotated[
                ColourChoice,
                typer.Option("--color-by", "--colour-by", help="Node colour by kind, sector or county."),
            ],
        ),
        _keyword(
            "size_by",
            SizeChoice("degree"),
            Annotated[SizeChoice, typer.Option("--size-by", help="Node size by this metric.")],
        ),
        _keyword(
            "lang",
            LangChoice("et"),
            Annotated[LangChoice, typer.Option("--lang", help="Language of the page.")],
        ),
        _keyword(
            "title",
            None,
            Annotated[str | None, typer.Option("--title", help="Page title (default from the map).")],
        ),
        _keyword("seed", 1, Annotated[int, typer.Option("--seed", help="Seed of the force layout.")]),
    ]
    names = [p.name for p in drawing]

    def decorate(func: F) -> F:
        # eval_str: the module's annotations are strings (PEP 563); typer needs the objects
        signature = inspect.signature(func, eval_str=True)
        own = [p for p in signature.parameters.values() if p.name != "options"]

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            chosen = {name: kwargs.pop(name) for name in names}
            options = RenderOptions(**{k: v.value if isinstance(v, Enum) else v for k, v in chosen.items()})
            return func(*args, options=options, **kwargs)

        wrapper.__signature__ = signature.replace(parameters=[*own, *drawing])  # type: ignore[attr-defined]
        # typer reads the annotations through typing.get_type_hints
        wrapper.__annotations__ = {p.name: p.annotation for p in (*own, *drawing)}
        wrapper.__annotations__["return"] = signature.return_annotation
        del wrapper.__wrapped__  # the signature above is the one to use
        return wrapper  # type: ignore[return-value]

    return decorate


def _write(ctx: typer.Context, output: Path, make: Callable[[nx.MultiDiGraph], Map]) -> None:
    from partnermap.graph import snapshot

    with open_store_of(ctx) as store:
        graph = snapshot(store)
    result = make(graph)
    try:
        result.write(output)
    except OSError as exc:
        raise write_failed(output, exc) from None
    out.print(
        f"wrote {output}: {result.title} ({result.node_count} nodes, {result.edge_count} links)",
        markup=False,
    )


@map_app.command("ecosystem")
@reports_errors
@render_options()
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
    show_ended: EndedOpt = True,
    *,
    options: RenderOptions,
) -> None:
    """The whole ecosystem: organisations, networks, projects, municipalities and their relations."""
    from partnermap.maps import ecosystem_map

    day = parse_day(as_of)
    _write(
        ctx,
        output,
        lambda G: ecosystem_map(
            G,
            as_of=day,
            area=area,
            cooperation=cooperation,
            min_weight=min_weight,
            show_ended=show_ended,
            options=options,
        ),
    )


@map_app.command("network")
@reports_errors
@render_options()
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
    show_ended: EndedOpt = True,
    *,
    options: RenderOptions,
) -> None:
    """One network: its members, convener and their relations."""
    from partnermap.maps import network_map

    day = parse_day(as_of)
    _write(
        ctx,
        output,
        lambda G: network_map(
            G, network_id, as_of=day, context=context, show_ended=show_ended, options=options
        ),
    )


@map_app.command("project")
@reports_errors
@render_options()
def project(
    ctx: typer.Context,
    project_id: Annotated[str, typer.Argument(metavar="ID", help="Project or programme id.")],
    output: Output,
    as_of: AsOf = None,
    show_ended: EndedOpt = True,
    *,
    options: RenderOptions,
) -> None:
    """One project or programme: its activities, partners, funders and target groups."""
    from partnermap.maps import project_map

    day = parse_day(as_of)
    _write(
        ctx, output, lambda G: project_map(G, project_id, as_of=day, show_ended=show_ended, options=options)
    )


@map_app.command("ego")
@reports_errors
@render_options()
def ego(
    ctx: typer.Context,
    node_id: Annotated[str, typer.Argument(metavar="ID", help="Organisation id, e.g. org:elvl.")],
    output: Output,
    hops: Annotated[int, typer.Option("--hops", "-k", min=1, help="How many steps out.")] = 2,
    as_of: AsOf = None,
    show_ended: EndedOpt = True,
    *,
    options: RenderOptions,
) -> None:
    """Everything within --hops steps of an organisation (a network or project counts as a step)."""
    from partnermap.maps import ego_map

    day = parse_day(as_of)
    _write(
        ctx,
        output,
        lambda G: ego_map(G, node_id, hops=hops, as_of=day, show_ended=show_ended, options=options),
    )


@map_app.command("cross-area")
@reports_errors
@render_options(color_by="county")
def cross_area(
    ctx: typer.Context,
    output: Output,
    as_of: AsOf = None,
    area: Annotated[
        str | None, typer.Option("--area", help="One county (county:ida-viru) and its partners elsewhere.")
    ] = None,
    min_weight: Annotated[float, typer.Option("--min-weight", min=0.0, help="Only ties this strong.")] = 0.0,
    *,
    options: RenderOptions,
) -> None:
    """Organisations grouped by county; cooperation ties that cross counties highlighted."""
    from partnermap.maps import cross_area_map

    day = parse_day(as_of)
    _write(
        ctx, output, lambda G: cross_area_map(G, as_of=day, area=area, min_weight=min_weight, options=options)
    )


@map_app.command("coverage")
@reports_errors
@render_options()
def coverage(
    ctx: typer.Context,
    group_id: Annotated[
        str,
        typer.Argument(
            metavar="NETWORK_OR_PROJECT", help="Network or project id, e.g. network:loimumiskoda."
        ),
    ],
    output: Output,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Coverage as of this date (2025-06-01 or 01.06.2025). Default: today, as "
            "`partnermap metrics coverage`.",
            show_default=False,
        ),
    ] = None,
    *,
    options: RenderOptions,
) -> None:
    """Where a network or programme reaches: each municipality shaded by member, partner or none."""
    from partnermap.maps import coverage_map

    day = parse_day(as_of)
    _write(ctx, output, lambda G: coverage_map(G, group_id, as_of=day, options=options))


class SurveyColour(StrEnum):
    trust = "trust"
    value = "value"


@map_app.command("survey")
@reports_errors
def survey(
    ctx: typer.Context,
    wave_ids: Annotated[
        list[str], typer.Argument(metavar="WAVE...", help="Survey wave ids; the page selects among them.")
    ],
    output: Output,
    color_by: Annotated[
        SurveyColour, typer.Option("--color-by", help="Colour the reported ties by trust or value.")
    ] = SurveyColour.trust,
    lang: Annotated[str, typer.Option("--lang", help="et (Estonian) or en (English).")] = "et",
) -> None:
    """The ties a survey wave's respondents reported, coloured by trust or value, with a wave selector."""
    from partnermap.graph import snapshot
    from partnermap.maps.survey import write_survey_map

    with open_store_of(ctx) as store:
        graph = snapshot(store)
    written = write_survey_map(graph, wave_ids, output, colour_by=color_by.value, lang=lang)
    out.print(f"wrote {written}: {len(wave_ids)} survey wave(s)", markup=False)


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
