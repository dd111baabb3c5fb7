"""GraphiQL that works offline: partnermap's own page at /graphql, its assets from the package.

GraphiQL, React, React DOM and the explorer plugin are bundled from npm by
``frontend/graphiql`` (``make graphiql``) into ``partnermap/api/static/graphiql/``, which
ships with the package; the API serves them under ``/static/graphiql/`` and nothing is
fetched from anywhere else (strawberry's own page loads them from unpkg.com and stays on
"Loading..." offline). The page opens a welcome tab and one tab per saved question
(:mod:`partnermap.io.saved`) with its example variables.

The page's settings travel as a JSON data block, which browsers do not execute; the
Content-Security-Policy allows scripts from the server only (no inline script), requests to
the server only, and inline styles (GraphiQL's editors set them).
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from partnermap.io.saved import SavedQuestion

__all__ = ["CSP", "STATIC_DIR", "graphiql_page", "mount_graphiql_assets", "questions_page", "welcome_query"]

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


def welcome_query() -> str:
    """The first tab: what can be asked, in Estonian and English, and a small query to run."""
    # Lines of at most 36 characters: the editor shows no more at 1024 px.
    return (
        "# Tere tulemast! Küsi Eesti\n"
        "# partnerlusvõrgustike kohta:\n"
        "# - kes kuulub mis võrgustikku,\n"
        "# - kelle lepingud lõpevad,\n"
        "# - mis maakondi võrgustik ei kata,\n"
        "# - kes ühendab piirkondi.\n"
        "# Valmis küsimused on järgmistel\n"
        "# vahekaartidel; ▶ käivitab päringu.\n"
        "# Docs kirjeldab iga tüüpi ja välja.\n"
        "# Exceli või CSV-na: /queries\n"
        "#\n"
        "# Welcome! Ask about Estonia's\n"
        "# partnership networks:\n"
        "# - who is in which network,\n"
        "# - whose agreements end,\n"
        "# - which counties a network misses,\n"
        "# - who bridges areas.\n"
        "# Saved questions open in the next\n"
        "# tabs; ▶ runs a query. Docs\n"
        "# describes every type and field.\n"
        "# As Excel or CSV: /queries\n"
        "query Welcome {\n"
        "  networks(first: 5) {\n"
        "    totalCount\n"
        "    nodes {\n"
        "      name\n"
        "      status\n"
        "    }\n"
        "  }\n"
        "}\n"
    )


@lru_cache(maxsize=4)
def _version(name: str) -> str:
    """A short digest of an asset, so that browsers load a rebuilt one at once."""
    try:
        return hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest()[:12]
    except OSError:
        return "missing"


def _config(questions: Iterable[SavedQuestion], endpoint: str) -> dict[str, Any]:
    operations = [
        {
            "name": q.name,
            "title": q.title,
            "query": q.document,
            "variables": json.dumps(q.example, ensure_ascii=False, indent=2) if q.example else None,
        }
        for q in questions
    ]
    return {"endpoint": endpoint, "welcome": {"query": welcome_query()}, "operations": operations}


def graphiql_page(questions: Iterable[SavedQuestion], *, endpoint: str = "/graphql") -> str:
    """The HTML of the GraphiQL page (every text from files escaped)."""
    # "<" as \u003c: no "</script>" in a question's text can end the data block early.
    config = json.dumps(_config(questions, endpoint), ensure_ascii=False).replace("<", "\\u003c")
    css = f"{ASSETS}/graphiql.css?v={_version('graphiql.css')}"
    js = f"{ASSETS}/graphiql.js?v={_version('graphiql.js')}"
    return f"""<!DOCTYPE html>
<html lang="et">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>partnermap · GraphiQL</title>
<link rel="stylesheet" href="{html.escape(css)}">
</head>
<body>
<header class="pm-welcome">
<strong>partnermap</strong>
<p lang="et">Küsi partnerlusvõrgustike kohta: valmis küsimused on vahekaartidel, ▶ käivitab.</p>
<p lang="en">Ask about the partnership networks: saved questions open as tabs, ▶ runs one.</p>
<nav><a href="/queries">Valmis küsimused / Saved questions</a><a href="/maps/">Kaardid / Maps</a></nav>
</header>
<div id="graphiql" role="main">
<noscript>GraphiQL vajab JavaScripti / GraphiQL needs JavaScript</noscript>
</div>
<script type="application/json" id="pm-graphiql-config">{config}</script>
<script src="{html.escape(js)}" defer></script>
</body>
</html>
"""


_QUESTIONS_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1b1b1b; }
header { background: #0b3d5c; color: #fff; padding: 12px 20px; }
header h1 { font-size: 20px; margin: 0 0 4px; }
header p { margin: 0; font-size: 14px; }
header a { color: #ffe08a; }
main { max-width: 980px; padding: 8px 20px 24px; }
section { border-bottom: 1px solid #ddd; padding: 12px 0; }
h2 { font-size: 17px; margin: 0 0 4px; }
code { background: #f2f2f2; padding: 1px 4px; border-radius: 3px; overflow-wrap: anywhere; }
.desc { margin: 4px 0; color: #333; }
.vars { margin: 4px 0; font-size: 14px; }
.get a { display: inline-block; margin: 4px 8px 0 0; padding: 4px 10px; border: 1px solid #0b3d5c;
  border-radius: 4px; color: #0b3d5c; text-decoration: none; }
.get a:hover { background: #0b3d5c; color: #fff; }
"""


def questions_page(questions: Iterable[SavedQuestion]) -> str:
    """A page listing the saved questions with links to their answers as XLSX, CSV and JSON
    (with their example variables; every text from the files escaped)."""
    sections = []
    for q in questions:
        variables = (
            ", ".join(f"<code>{html.escape(v.name)}: {html.escape(v.type)}</code>" for v in q.variables)
            or "—"
        )
        example = {k: v for k, v in q.example.items() if isinstance(v, str | int | float)}
        links = []
        for fmt, lang, label in (
            ("xlsx", "et", "Excel (eesti)"),
            ("xlsx", "en", "Excel (English)"),
            ("csv", "et", "CSV (eesti)"),
            ("csv", "en", "CSV (English)"),
            ("json", "et", "JSON"),
        ):
            query = urlencode({**example, "format": fmt, "lang": lang})
            href = f"/queries/{quote(q.name)}?{query}"
            links.append(f'<a href="{html.escape(href)}">{label}</a>')
        sections.append(
            f'<section id="{html.escape(q.name)}"><h2>{html.escape(q.title)}</h2>'
            f'<p class="desc"><code>partnermap query {html.escape(q.name)}</code></p>'
            f'<p class="desc">{html.escape(q.detail)}</p>'
            f'<p class="vars">Muutujad / Variables: {variables}</p>'
            f'<p class="get">{"".join(links)}</p></section>'
        )
    return f"""<!DOCTYPE html>
<html lang="et">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>partnermap · valmis küsimused / saved questions</title>
<style>{_QUESTIONS_CSS}</style>
</head>
<body>
<header>
<h1>Valmis küsimused / Saved questions</h1>
<p lang="et">Laadi vastus alla Exceli või CSV-failina; muutujaid saab muuta aadressireal.
<a href="/graphql">GraphiQL</a> · <a href="/maps/">Kaardid</a></p>
<p lang="en">Download an answer as Excel or CSV; change the variables in the address.
<a href="/graphql">GraphiQL</a> · <a href="/maps/">Maps</a></p>
</header>
<main>
{"".join(sections)}
</main>
</body>
</html>
"""


def graphiql_response(questions: Iterable[SavedQuestion]) -> HTMLResponse:
    """The page with its security headers."""
    return HTMLResponse(graphiql_page(questions), headers=HEADERS)


def mount_graphiql_assets(app: Any) -> None:
    """Serve the bundled GraphiQL under /static/graphiql/."""
    app.mount(ASSETS, StaticFiles(directory=STATIC_DIR), name="graphiql-assets")
