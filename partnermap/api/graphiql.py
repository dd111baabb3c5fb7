"""GraphiQL that works offline: partnermap's own page at /graphql, its assets from the package.

GraphiQL, React, React DOM and the explorer plugin are bundled from npm by
``frontend/graphiql`` (``make graphiql``) into ``partnermap/api/static/graphiql/``, which
ships with the package; the API serves them under ``/static/graphiql/`` and nothing is
fetched from anywhere else (strawberry's own page loads them from unpkg.com and stays on
"Loading..." offline). The page opens a welcome tab and one tab per saved question
(:func:`partnermap.io.saved.graphiql_tabs`) with its example variables. The pages are
``templates/*.html.j2`` (jinja2, every value escaped).

The page's settings travel as a JSON data block, which browsers do not execute; the
Content-Security-Policy allows scripts from the server only (no inline script), requests to
the server only, and inline styles (GraphiQL's editors set them).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from partnermap.io.saved import SavedQuestion, download_links, graphiql_tabs

if TYPE_CHECKING:
    from jinja2 import Environment

__all__ = ["CSP", "STATIC_DIR", "environment", "graphiql_page", "mount_graphiql_assets", "questions_page"]

STATIC_DIR = Path(__file__).resolve().parent / "static" / "graphiql"
ASSETS = "/static/graphiql"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


@cache
def environment(*, lstrip_blocks: bool = False, keep_trailing_newline: bool = False) -> Environment:
    """The jinja2 environment of the API's pages, ``templates/`` (every value escaped)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined  # noqa: PLC0415 - heavy, once

    loader = PackageLoader("partnermap.api", "templates")
    return Environment(
        loader=loader,
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=lstrip_blocks,
        keep_trailing_newline=keep_trailing_newline,
    )


@lru_cache(maxsize=4)
def _version(name: str) -> str:
    """A short digest of an asset, so that browsers load a rebuilt one at once."""
    try:
        return hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest()[:12]
    except OSError:
        return "missing"


def graphiql_page(questions: Iterable[SavedQuestion], *, endpoint: str = "/graphql") -> str:
    """The HTML of the GraphiQL page (every text from files escaped)."""
    from markupsafe import Markup  # noqa: PLC0415 - jinja2's

    # "<" as \u003c: no "</script>" in a question's text can end the data block early.
    config = json.dumps(graphiql_tabs(questions, endpoint), ensure_ascii=False).replace("<", "\\u003c")
    css = f"{ASSETS}/graphiql.css?v={_version('graphiql.css')}"
    js = f"{ASSETS}/graphiql.js?v={_version('graphiql.js')}"
    safe = Markup(config)  # noqa: S704 - JSON without "<": it cannot end the block or open a tag
    template = environment(keep_trailing_newline=True).get_template("graphiql.html.j2")
    return template.render(config=safe, css=css, js=js)


def questions_page(questions: Iterable[SavedQuestion]) -> str:
    """A page listing the saved questions with links to their answers as XLSX, CSV and JSON
    (with their example variables; every text from the files escaped)."""
    listed = [(q, download_links(q)) for q in questions]
    return environment(keep_trailing_newline=True).get_template("questions.html.j2").render(questions=listed)


def graphiql_response(questions: Iterable[SavedQuestion]) -> HTMLResponse:
    """The page with its security headers."""
    return HTMLResponse(graphiql_page(questions), headers=HEADERS)


def mount_graphiql_assets(app: Any) -> None:
    """Serve the bundled GraphiQL under /static/graphiql/."""
    app.mount(ASSETS, StaticFiles(directory=STATIC_DIR), name="graphiql-assets")
