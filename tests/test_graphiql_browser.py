"""GraphiQL offline: ``partnermap serve`` in a real uvicorn, headless Chromium with every
request that is not for the server aborted. The editor renders, loads the schema, opens the
saved questions as tabs, runs one and shows its answer; nothing else is fetched, nothing fails."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Route

from partnermap.api.graphiql import CSP
from tests.browser import browser, wait_until  # noqa: F401
from tests.test_api_server import running
from tests.test_api_support import QUERIES, sqlite_url_fixture  # noqa: F401

RESPONSE = "(document.querySelector('.graphiql-response') || {}).innerText || ''"
EDITOR = "(document.querySelector('.graphiql-query-editor') || {}).innerText || ''"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``partnermap serve`` over the bundled dataset, once for the module."""
    from partnermap.datasets import bundled_dataset
    from partnermap.store import open_store

    folder = tmp_path_factory.mktemp("graphiql")
    url = f"sqlite:///{folder / 'api.db'}"
    with open_store(url) as store:
        store.load(bundled_dataset())
    with running(folder, "--store", url, "serve") as base:
        yield base


@dataclass
class Offline:
    page: Page
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)


def open_offline(browser: Browser, base: str, viewport: tuple[int, int]) -> Offline:  # noqa: F811
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    seen = Offline(page)

    def route(r: Route) -> None:
        if r.request.url.startswith(base + "/"):
            r.continue_()
        else:
            seen.blocked.append(r.request.url)
            r.abort()

    def console(message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            seen.console.append(message.text)

    context.route("**/*", route)
    page.on("console", console)
    page.on("pageerror", lambda exc: seen.console.append(str(exc)))
    page.on("requestfailed", lambda request: seen.failed.append(request.url))
    page.goto(base + "/graphql")
    wait_until(page, "Boolean(window.partnermap && window.partnermap.schemaLoaded)")
    return seen


@pytest.mark.parametrize("viewport", [(1600, 1000), (1024, 768)], ids=["1600x1000", "1024x768"])
def test_graphiql_opens_offline_and_runs_a_saved_question(
    browser: Browser,  # noqa: F811
    server: str,
    viewport: tuple[int, int],
    tmp_path: Path,
) -> None:
    seen = open_offline(browser, server, viewport)
    page = seen.page
    tabs = page.locator(".graphiql-tab").all_inner_texts()
    assert [t.strip() for t in tabs][:2] == ["Welcome", "AgreementsEnding"]
    assert {"NetworkGaps", "ParticipationCouncils"} <= {t.strip() for t in tabs}
    welcome = page.locator(".pm-welcome").inner_text()
    assert "Küsi partnerlusvõrgustike kohta" in welcome and "Ask about the partnership networks" in welcome

    page.locator(".graphiql-tab", has_text="ParticipationCouncils").click()
    wait_until(page, f"({EDITOR}).includes('query ParticipationCouncils')")
    assert "Haapsalu osaluskogu" not in page.evaluate(RESPONSE)  # not answered before it runs
    page.locator(".graphiql-execute-button").click()
    try:
        wait_until(page, f"({RESPONSE}).includes('Haapsalu osaluskogu')", timeout=30)
    except TimeoutError:
        raise AssertionError((page.evaluate(RESPONSE), seen.console, seen.blocked)) from None
    answer = page.evaluate(RESPONSE).replace("\xa0", " ")
    assert '"totalCount": 5' in answer and '"name": "Haapsalu linn"' in answer

    page.locator(".graphiql-tab", has_text="NetworkGaps").click()
    wait_until(page, f"({EDITOR}).includes('query NetworkGaps')")
    variables = page.locator(".graphiql-editor-tool").inner_text()
    assert "network:elvl-koordinaatorite-vorgustik" in variables  # the question's example values
    page.screenshot(path=str(tmp_path / f"graphiql-{viewport[0]}.png"))

    plugin = "(document.querySelector('.graphiql-plugin') || {}).innerText || ''"
    page.locator('button[aria-label="Show GraphiQL Explorer"]').click()
    wait_until(page, f"({plugin}).includes('endingAgreements')")  # the explorer plugin, from the bundle
    page.locator('button[aria-label="Show Documentation Explorer"]').click()
    wait_until(page, f"({plugin}).includes('Root Types')")

    assert seen.blocked == [] and seen.failed == [] and seen.console == []
    page.context.close()


def test_the_page_and_its_assets_come_from_the_server(server: str) -> None:
    with httpx.Client(base_url=server, timeout=30) as client:
        page = client.get("/graphql", headers={"Accept": "text/html"})
        assert page.status_code == 200
        assert page.headers["content-security-policy"] == CSP
        assert "script-src 'self';" in CSP and "unsafe-eval" not in CSP
        assert "unpkg" not in page.text and "https://" not in page.text
        scripts = [line for line in page.text.splitlines() if "<script" in line]
        assert all('src="/static/graphiql/' in s or 'type="application/json"' in s for s in scripts)
        for asset in ("graphiql.js", "graphiql.css"):
            served = client.get(f"/static/graphiql/{asset}")
            assert served.status_code == 200 and len(served.content) > 100_000
        # the page still answers GraphQL clients as before
        answer = client.post(
            "/graphql", json={"query": (QUERIES / "participation_councils.graphql").read_text()}
        )
        assert answer.json()["data"]["networks"]["totalCount"] == 5


def test_a_question_cannot_break_out_of_the_pages_data_block() -> None:
    from partnermap.api.graphiql import graphiql_page
    from partnermap.io.saved import parse_question

    hostile = parse_question("# </script><script>alert(1)</script>\nquery X { networks { totalCount } }", "x")
    page = graphiql_page([hostile])
    assert page.count("</script>") == 2  # the data block's and the bundle's own, no more
    assert "\\u003c/script>\\u003cscript>alert(1)" in page


def test_the_pages_templates_and_assets_ship_with_the_package() -> None:
    import tomllib
    from fnmatch import fnmatch

    root = Path(__file__).resolve().parent.parent
    setuptools = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    shipped = setuptools["package-data"]["partnermap.api"]
    api = root / "partnermap" / "api"
    files = [p.relative_to(api).as_posix() for d in ("templates", "static") for p in (api / d).rglob("*")]
    files = [f for f in files if (api / f).is_file()]
    assert "templates/graphiql.html.j2" in files and "templates/questions.html.j2" in files
    assert [f for f in files if not any(fnmatch(f, pattern) for pattern in shipped)] == []
