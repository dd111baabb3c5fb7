"""The maps under /maps/, drawn on the fly from the store by :mod:`partnermap.maps`.

The file names are those of the gallery (:mod:`partnermap.maps.gallery`), which
``scripts/build_visuals.py`` writes too, so its links work here as well:

====================================  ================================================
``/maps/`` (``/maps/index.html``)      the gallery: overviews, networks, programmes
``/maps/ecosystem.html``               everything
``/maps/cross-area.html``              organisations by county, ties across counties
``/maps/network-<slug>.html``          one network (``/maps/network/<id>.html`` too)
``/maps/programme-<slug>.html``        one programme or project (``/maps/project/<id>.html``)
``/maps/ego/<id>.html``                everything within ``hops`` steps of a node
====================================  ================================================

Every map takes ``?as_of=2025-06-01&lang=en&layout=force&color_by=sector&size_by=degree``.
Pages are reused for ``PARTNERMAP_API_CACHE_SECONDS`` unless the graph changes through the
API (the service's result cache). When the maps package cannot be imported, the prebuilt
gallery in ``PARTNERMAP_API_MAPS_DIR`` (default ``./visuals``) is served as static files instead.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

import networkx as nx
from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from partnermap.api.auth import check_read
from partnermap.api.deps import CallerDep, ServiceDep
from partnermap.api.errors import error_response as _error
from partnermap.api.settings import ApiSettings
from partnermap.dates import require_day
from partnermap.errors import NotFoundError, PartnermapError
from partnermap.maps.options import RenderOptions

__all__ = ["maps_available", "mount_maps"]

_PAGE_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
_BY_ID = ("network", "project", "ego")  # the maps of /maps/<kind>/<id>.html


def maps_available() -> bool:
    """Whether :mod:`partnermap.maps` can draw maps here."""
    try:
        importlib.import_module("partnermap.maps")
    except ImportError:
        return False
    return True


Lang = Annotated[str, Query(pattern="^(et|en)$", description="et or en")]
AsOf = Annotated[str | None, Query(description="2025-06-01 or 01.06.2025; default: every period")]
Hops = Annotated[int, Query(ge=1, le=4, description="steps from the node (ego maps)")]


def _options(
    lang: Lang = "et",
    layout: Annotated[str, Query(pattern="^(geo|force)$", description="geo or force")] = "geo",
    color_by: Annotated[
        str | None, Query(pattern="^(kind|sector|county)$", description="kind, sector or county")
    ] = None,
    size_by: Annotated[
        str, Query(pattern="^(degree|betweenness|strength|none)$", description="node size metric")
    ] = "degree",
) -> RenderOptions:
    """How a map is drawn, from the query parameters every map takes."""
    return RenderOptions(lang=lang, layout=layout, color_by=color_by, size_by=size_by)


Options = Annotated[RenderOptions, Depends(_options)]
Draw = Callable[[nx.MultiDiGraph, date | None], str]


def mount_maps(app: Any, settings: ApiSettings) -> None:
    """Serve the maps under /maps/ (drawn on the fly, or the prebuilt gallery)."""
    if not maps_available():
        if settings.maps_dir.is_dir():
            app.mount("/maps", StaticFiles(directory=settings.maps_dir, html=True), name="maps")
        return
    from partnermap.maps import gallery  # noqa: PLC0415 - light: the renderer loads at the first map
    from partnermap.maps.i18n import check_lang  # noqa: PLC0415

    router = APIRouter(prefix="/maps", tags=["maps"])

    async def page(
        service: ServiceDep, caller: CallerDep, key: tuple[Any, ...], as_of: str | None, draw: Draw
    ) -> Response:
        """The page ``draw(snapshot, day)`` makes, through the service's result cache."""
        check_read(caller, settings)  # AuthError: 401, from the app's handler
        try:
            day = require_day(as_of or None, "as_of")
            html = await service.from_snapshot(("map", *key, day), lambda G: draw(G, day))
        except PartnermapError as exc:
            return _error(exc)
        except ValueError as exc:
            return _error(PartnermapError(str(exc)))
        return HTMLResponse(html, headers=_PAGE_HEADERS)

    def one_map(kind: str, node_id: str | None, options: RenderOptions, hops: int = 2) -> Draw:
        return lambda G, day: gallery.map_html(G, kind, node_id, as_of=day, options=options, hops=hops)

    @router.get("", include_in_schema=False)
    async def maps_root() -> RedirectResponse:
        return RedirectResponse("/maps/")

    @router.get("/", response_class=HTMLResponse, summary="The gallery of maps")
    @router.get("/index.html", response_class=HTMLResponse, include_in_schema=False)
    async def index(
        service: ServiceDep, caller: CallerDep, lang: Lang = "et", as_of: AsOf = None
    ) -> Response:
        language = check_lang(lang)

        def draw(G: nx.MultiDiGraph, day: date | None) -> str:
            return gallery.index_of(G, lang=language, as_of=day, links=[("/graphql", "GraphQL")])

        return await page(service, caller, ("index", language), as_of, draw)

    @router.get("/{name}.html", response_class=HTMLResponse, summary="A map of the gallery by file name")
    async def by_name(
        name: str, service: ServiceDep, caller: CallerDep, options: Options, as_of: AsOf = None
    ) -> Response:
        found = gallery.map_of_file(name)
        if found is None:
            return _error(NotFoundError(f"there is no map {name + '.html'!r}"))
        return await page(service, caller, (*found, options), as_of, one_map(*found, options))

    @router.get(
        "/{what}/{node_id}.html",
        response_class=HTMLResponse,
        summary="A map of one network, project, or a node's surroundings",
    )
    async def by_id(  # noqa: PLR0917 - FastAPI passes them by name
        what: str,
        node_id: str,
        service: ServiceDep,
        caller: CallerDep,
        options: Options,
        as_of: AsOf = None,
        hops: Hops = 2,
    ) -> Response:
        if what not in _BY_ID:
            return _error(NotFoundError(f"there is no kind of map {what!r}: use network, project or ego"))
        hops = hops if what == "ego" else 2
        draw = one_map(what, node_id, options, hops)
        return await page(service, caller, (what, node_id, options, hops), as_of, draw)

    app.include_router(router)
