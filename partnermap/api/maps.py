"""The maps under /maps/, drawn on the fly from the store by :mod:`partnermap.maps`.

The file names are those of the gallery ``scripts/build_visuals.py`` writes, so its
links work here too:

====================================  ================================================
``/maps/`` (``/maps/index.html``)      the gallery: overviews, networks, programmes
``/maps/ecosystem.html``               everything
``/maps/cross-area.html``              organisations by county, ties across counties
``/maps/network-<slug>.html``          one network (``/maps/network/<id>.html`` too)
``/maps/programme-<slug>.html``        one programme or project (``/maps/project/<id>.html``)
``/maps/ego/<id>.html``                everything within ``hops`` steps of a node
====================================  ================================================

Every map takes ``?as_of=2025-06-01&lang=en&layout=force&color_by=sector&size_by=degree``.
Pages are reused for ``PARTNERMAP_API_CACHE_SECONDS`` unless the graph changes through the API. When the maps
package cannot be imported, the prebuilt gallery in ``PARTNERMAP_API_MAPS_DIR``
(default ``./visuals``) is served as static files instead.
"""

from __future__ import annotations

import html
import importlib
import time
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from partnermap.api.auth import Principal, check_read
from partnermap.api.deps import CallerDep, ServiceDep
from partnermap.api.errors import error_code
from partnermap.api.service import GraphService
from partnermap.api.settings import ApiSettings
from partnermap.errors import NotFoundError, PartnermapError
from partnermap.maps.options import RenderOptions
from partnermap.model import ID_PREFIX, NodeKind, parse_date

__all__ = ["maps_available", "mount_maps"]

_PAGE_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
_INDEX_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def maps_available() -> bool:
    """Whether :mod:`partnermap.maps` can draw maps here."""
    try:
        importlib.import_module("partnermap.maps")
    except ImportError:
        return False
    return True


def _error(exc: PartnermapError) -> JSONResponse:
    code = error_code(exc)
    status = 400
    if code == "NOT_FOUND":
        status = 404
    elif code == "STORE_UNAVAILABLE":
        status = 503
    return JSONResponse({"errors": [{"message": str(exc), "extensions": {"code": code}}]}, status_code=status)


def _as_of(value: str | None) -> date | None:
    if value is None or value == "":
        return None
    try:
        parsed = parse_date(value)
    except ValueError:
        parsed = None
    if not isinstance(parsed, date):
        raise PartnermapError(f"as_of: {value!r} is not a date (use 2025-12-31 or 31.12.2025)")
    return parsed


def _gallery(maps: Any, G: Any, lang: str, as_of: date | None) -> str:
    i18n = importlib.import_module("partnermap.maps.i18n")
    e = html.escape
    language = i18n.check_lang(lang)
    title = i18n.text(language, "gallery_title")
    when = (
        i18n.text(language, "as_of", date=i18n.day(language, as_of))
        if as_of
        else i18n.text(language, "all_periods")
    )
    query = f"?lang={e(language)}" + (f"&amp;as_of={as_of.isoformat()}" if as_of else "")
    sections: list[tuple[str, list[tuple[str, str, str]]]] = [
        (
            "gallery_overviews",
            [
                ("ecosystem.html", i18n.text(language, "sub_ecosystem"), ""),
                ("cross-area.html", i18n.text(language, "sub_cross_area"), ""),
            ],
        )
    ]
    networks = sorted((n, d) for n, d in G.nodes(data=True) if d.get("kind") == "network")
    sections.append(
        (
            "gallery_networks",
            [
                (
                    f"network-{n.split(':', 1)[1]}.html",
                    d.get("name", n),
                    i18n.term(language, "network_type", d.get("network_type")),
                )
                for n, d in networks
            ],
        )
    )
    programmes = sorted(
        (n, d)
        for n, d in G.nodes(data=True)
        if d.get("kind") == "project" and d.get("project_kind") == "programme"
    )
    sections.append(
        (
            "gallery_programmes",
            [(f"programme-{n.split(':', 1)[1]}.html", d.get("name", n), "") for n, d in programmes],
        )
    )
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{e(language)}"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_INDEX_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title>",
        "<style>body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#f6f6f4;color:#1d1d1f}"
        "main{max-width:980px;margin:0 auto;padding:24px 20px}h2{font-size:15px;color:#666;"
        "text-transform:uppercase}li{margin:4px 0}a{color:#1f4f8f;font-weight:600}"
        ".note{color:#666;font-size:13px;margin-left:6px}</style></head><body><main>",
        f"<h1>{e(title)}</h1><p>{e(when)} · {e(i18n.text(language, 'gallery_intro'))}</p>",
    ]
    for key, rows in sections:
        if not rows:
            continue
        parts.append(f"<h2>{e(i18n.text(language, key))}</h2><ul>")
        for href, name, note in rows:
            parts.append(
                f'<li><a href="{e(href, quote=True)}{query}">{e(str(name))}</a>'
                + (f'<span class="note">{e(str(note))}</span>' if note else "")
                + "</li>"
            )
        parts.append("</ul>")
    parts.append(f'<p><a href="/graphql">GraphQL</a> · {e(i18n.text(language, "made_with"))}</p>')
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


class _MapCache:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.pages: dict[tuple[Any, ...], tuple[float, int, str]] = {}

    def get(self, key: tuple[Any, ...], generation: int) -> str | None:
        hit = self.pages.get(key)
        if hit is None or hit[1] != generation or time.monotonic() - hit[0] >= self.seconds:
            return None
        return hit[2]

    def put(self, key: tuple[Any, ...], generation: int, page: str) -> None:
        if len(self.pages) > 256:
            self.pages.clear()
        self.pages[key] = (time.monotonic(), generation, page)


Lang = Annotated[str, Query(pattern="^(et|en)$", description="et or en")]
Layout = Annotated[str, Query(pattern="^(geo|force)$", description="geo or force")]
ColorBy = Annotated[str | None, Query(pattern="^(kind|sector|county)$", description="kind, sector or county")]
SizeBy = Annotated[str, Query(pattern="^(degree|betweenness|strength|none)$", description="node size metric")]
AsOf = Annotated[str | None, Query(description="2025-06-01 or 01.06.2025; default: every period")]
Hops = Annotated[int, Query(ge=1, le=4, description="steps from the node (ego maps)")]


def mount_maps(app: Any, settings: ApiSettings) -> None:
    """Serve the maps under /maps/ (drawn on the fly, or the prebuilt gallery)."""
    if not maps_available():
        if settings.maps_dir.is_dir():
            app.mount("/maps", StaticFiles(directory=settings.maps_dir, html=True), name="maps")
        return
    maps = importlib.import_module("partnermap.maps")
    cache = _MapCache(settings.cache_seconds)
    router = APIRouter(prefix="/maps", tags=["maps"])

    async def render(
        *,
        request: Request,
        service: GraphService,
        principal: Principal,
        what: str,
        node_id: str | None,
        params: dict[str, Any],
    ) -> Response:
        check_read(principal, settings)  # AuthError: 401, from the app's handler
        try:
            as_of = _as_of(params.pop("as_of", None))
            key = (what, node_id, as_of, tuple(sorted(params.items())))
            page = cache.get(key, service_generation(service))
            if page is None:
                generation = service_generation(service)
                G = await service.snapshot(None)
                if node_id is not None and node_id not in G:
                    kind = node_id.split(":", 1)[0]
                    raise NotFoundError(f"there is no {kind} with id {node_id!r} to draw")

                def draw() -> str:
                    if what == "index":
                        return _gallery(maps, G, str(params.get("lang", "et")), as_of)
                    hops = int(params.pop("hops", 2))
                    common = {"as_of": as_of, "options": RenderOptions(**params)}
                    if what == "ecosystem":
                        made = maps.ecosystem_map(G, **common)
                    elif what == "cross-area":
                        made = maps.cross_area_map(G, **common)
                    elif what == "network":
                        made = maps.network_map(G, node_id, **common)
                    elif what == "project":
                        made = maps.project_map(G, node_id, **common)
                    else:
                        made = maps.ego_map(G, node_id, hops=hops, **common)
                    return str(made.html)

                page = await service.compute(draw)
                cache.put(key, generation, page)
        except PartnermapError as exc:
            return _error(exc)
        except ValueError as exc:
            return _error(PartnermapError(str(exc)))
        return HTMLResponse(page, headers=_PAGE_HEADERS)

    def opts(lang: str, layout: str, color_by: str | None, size_by: str, as_of: str | None) -> dict[str, Any]:
        return {"lang": lang, "layout": layout, "size_by": size_by, "color_by": color_by, "as_of": as_of}

    @router.get("", include_in_schema=False)
    async def maps_root() -> RedirectResponse:
        return RedirectResponse("/maps/")

    @router.get("/", response_class=HTMLResponse, summary="The gallery of maps")
    @router.get("/index.html", response_class=HTMLResponse, include_in_schema=False)
    async def index(
        request: Request, service: ServiceDep, principal: CallerDep, lang: Lang = "et", as_of: AsOf = None
    ) -> Response:
        return await render(
            request=request,
            service=service,
            principal=principal,
            what="index",
            node_id=None,
            params={"lang": lang, "as_of": as_of},
        )

    @router.get("/{name}.html", response_class=HTMLResponse, summary="A map of the gallery by file name")
    async def by_name(
        *,
        request: Request,
        name: str,
        service: ServiceDep,
        principal: CallerDep,
        lang: Lang = "et",
        layout: Layout = "geo",
        color_by: ColorBy = None,
        size_by: SizeBy = "degree",
        as_of: AsOf = None,
    ) -> Response:
        params = opts(lang, layout, color_by, size_by, as_of)
        if name in ("ecosystem", "cross-area"):
            return await render(
                request=request, service=service, principal=principal, what=name, node_id=None, params=params
            )
        if name == "index":
            return await render(
                request=request,
                service=service,
                principal=principal,
                what="index",
                node_id=None,
                params={"lang": lang, "as_of": as_of},
            )
        kind, _, slug = name.partition("-")
        if kind == "network" and slug:
            node_id = f"{ID_PREFIX[NodeKind.NETWORK]}:{slug}"
            return await render(
                request=request,
                service=service,
                principal=principal,
                what="network",
                node_id=node_id,
                params=params,
            )
        if kind in ("programme", "project") and slug:
            node_id = f"{ID_PREFIX[NodeKind.PROJECT]}:{slug}"
            return await render(
                request=request,
                service=service,
                principal=principal,
                what="project",
                node_id=node_id,
                params=params,
            )
        return _error(NotFoundError(f"there is no map {name + '.html'!r}"))

    @router.get(
        "/{what}/{node_id}.html",
        response_class=HTMLResponse,
        summary="A map of one network, project, or a node's surroundings",
    )
    async def by_id(
        *,
        request: Request,
        what: str,
        node_id: str,
        service: ServiceDep,
        principal: CallerDep,
        lang: Lang = "et",
        layout: Layout = "geo",
        color_by: ColorBy = None,
        size_by: SizeBy = "degree",
        as_of: AsOf = None,
        hops: Hops = 2,
    ) -> Response:
        params = opts(lang, layout, color_by, size_by, as_of)
        if what == "ego":
            params["hops"] = hops
        elif what not in ("network", "project"):
            return _error(NotFoundError(f"there is no kind of map {what!r}: use network, project or ego"))
        return await render(
            request=request, service=service, principal=principal, what=what, node_id=node_id, params=params
        )

    app.include_router(router)


def service_generation(service: GraphService) -> int:
    """The service's write generation (maps drawn before a write are stale)."""
    return service.generation
