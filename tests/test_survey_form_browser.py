"""The web survey form in headless Chromium against ``partnermap serve`` (a real uvicorn)
over a real SQLite file: respondents of a simulated 12-member wave fill it in by clicking
(the rest post it over plain HTTP), JavaScript switched off, every request that is not for
the server aborted. Screenshots at 1600x1000, 1024x768 and 390x844 in both languages.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
from playwright.sync_api import Browser, Page, Route

from partnermap.surveys import latest_responses
from tests.browser import browser  # noqa: F401
from tests.survey_web_support import MEMBERS, WAVE, Survey, form_body, link, make_survey
from tests.test_api_server import running

VIEWPORTS = [(1600, 1000), (1024, 768), (390, 844)]
#: Where to copy the screenshots for a person to look at (unset: only the test's folder).
SHOTS = os.environ.get("PARTNERMAP_SCREENSHOTS")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Survey]]:
    folder = tmp_path_factory.mktemp("survey-web")
    survey = make_survey(folder)
    with running(folder, "--store", survey.url, "serve") as base:
        yield base, survey


class Offline:
    """A page with JavaScript off that may talk to the server only."""

    def __init__(self, browser: Browser, base: str, viewport: tuple[int, int]) -> None:  # noqa: F811
        self.context = browser.new_context(
            viewport={"width": viewport[0], "height": viewport[1]}, java_script_enabled=False
        )
        self.page: Page = self.context.new_page()
        self.blocked: list[str] = []
        self.failed: list[str] = []

        def route(r: Route) -> None:
            if r.request.url.startswith(base + "/"):
                r.continue_()
            else:
                self.blocked.append(r.request.url)
                r.abort()

        self.context.route("**/*", route)
        self.page.on("requestfailed", lambda request: self.failed.append(request.url))

    def close(self) -> None:
        self.context.close()


def fill_row(
    page: Page, partner: str, level: str, frequency: str, resources: list[str], scores: dict[str, str]
) -> None:
    row = page.locator("tr", has=page.locator(f'input[value="{partner}"]'))
    row.locator('select[name^="level-"]').select_option(level)
    if frequency:
        row.locator('select[name^="frequency-"]').select_option(frequency)
    for resource in resources:
        row.locator(f'input[type="checkbox"][value="{resource}"]').check()
    for item, value in scores.items():
        row.locator(f'select[name^="{item}-"]').select_option(value)


def shot(page: Page, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    assert path.stat().st_size > 10_000  # something was drawn
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(SHOTS) / path.name)


def test_respondents_answer_in_chromium_and_over_http(
    browser: Browser,  # noqa: F811
    served: tuple[str, Survey],
    tmp_path: Path,
) -> None:
    base, survey = served
    members = list(MEMBERS)
    clicked = members[:3]
    for n, respondent in enumerate(clicked):
        seen = Offline(browser, base, VIEWPORTS[n])
        page = seen.page
        page.goto(base + link(WAVE, survey.tokens[respondent], "en" if n == 1 else None))
        partners = [p for p in members if p != respondent]
        assert page.locator('input[name^="partner-"]').count() == 11
        for k, partner in enumerate(partners[:4]):
            fill_row(
                page,
                partner,
                ["cooperation", "coordination", "integration", "awareness"][k],
                "monthly" if k % 2 else "",
                ["information"] if k < 2 else [],
                {"reliability": str(1 + k), "openness": "4"},
            )
        fill_row(page, partners[4], "none", "", [], {})
        page.fill("#position", "lõimumiskoordinaator")
        page.fill("#outcomes", f"Ühine seminar ({n}) & <teabepäev>")
        page.locator('button[type="submit"]').click()
        page.wait_for_load_state()
        body = page.locator("main").inner_text()
        assert ("Thank you" if n == 1 else "Aitäh") in body, body
        assert "Ühine seminar" in body and "<teabepäev>" in body  # shown as text
        assert page.locator("table.stored tbody tr").count() == 5
        shot(page, tmp_path, f"survey-done-{VIEWPORTS[n][0]}x{VIEWPORTS[n][1]}-{'en' if n == 1 else 'et'}")
        assert seen.blocked == [] and seen.failed == []
        seen.close()

    # the first respondent revises: changes one answer; both revisions are kept
    seen = Offline(browser, base, (1600, 1000))
    page = seen.page
    page.goto(base + link(WAVE, survey.tokens[clicked[0]]))
    assert "versioon 1" in page.locator(".note").inner_text()
    row = page.locator("tr", has=page.locator(f'input[value="{members[1]}"]'))
    assert row.locator('select[name^="level-"]').input_value() == "cooperation"  # pre-filled
    row.locator('select[name^="level-"]').select_option("integration")
    page.locator('button[type="submit"]').click()
    page.wait_for_load_state()
    assert "versioon 2" in page.locator("main").inner_text()
    seen.close()

    # an out-of-range score the page does not offer: refused next to its field, input kept
    seen = Offline(browser, base, (1024, 768))
    page = seen.page
    page.goto(base + link(WAVE, survey.tokens[clicked[1]]))
    row = page.locator("tr", has=page.locator(f'input[value="{members[0]}"]'))
    row.locator('select[name^="level-"]').select_option("coordination")
    page.fill("#position", "koordi\u202enaator")
    page.locator('button[type="submit"]').click()
    page.wait_for_load_state()
    assert "Vastuseid ei salvestatud" in page.locator(".errors").inner_text()
    assert "U+202E" in page.locator("#position-problem").inner_text()
    assert page.locator("#position").input_value() == "koordi\u202enaator"
    assert row.locator('select[name^="level-"]').input_value() == "coordination"
    shot(page, tmp_path, "survey-form-problem-1024x768-et")
    seen.close()

    # the other nine over plain HTTP
    for respondent in members[3:]:
        partners = [p for p in members if p != respondent]
        answers = {p: {"level": "cooperation", "reliability": 3} for p in partners[:6]}
        response = httpx.post(
            base + link(WAVE, survey.tokens[respondent]),
            content=urlencode(form_body(respondent, answers, position="koordinaator")),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert response.status_code == 200, response.text[:2000]

    with survey.store() as store:
        latest = latest_responses(store, WAVE)
        every = [
            n for n in store.list_nodes("survey_response") if getattr(n, "respondent", None) == clicked[0]
        ]
    assert set(latest) == set(MEMBERS)
    assert latest[clicked[0]].revision == 2 and len(every) == 2
    assert {a.partner: a.level.value for a in latest[clicked[0]].answers}[members[1]] == "integration"


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=[f"{w}x{h}" for w, h in VIEWPORTS])
@pytest.mark.parametrize("lang", ["et", "en"])
def test_the_form_fits_each_screen(
    browser: Browser,  # noqa: F811
    served: tuple[str, Survey],
    tmp_path: Path,
    viewport: tuple[int, int],
    lang: str,
) -> None:
    base, survey = served
    seen = Offline(browser, base, viewport)
    page = seen.page
    page.goto(base + link(WAVE, survey.tokens["org:elvl"], lang))
    assert page.locator("html").get_attribute("lang") == lang
    # nothing wider than the screen but the table's own scroller
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport[0], width
    if viewport[0] >= 1600:  # a wide screen shows the whole table, every column, unscrolled
        wrap = page.evaluate(
            "[...document.querySelectorAll('.table-wrap')].map(e => e.scrollWidth - e.clientWidth)"
        )
        assert wrap == [0]
        assert page.locator('select[name="contribution-0"]').is_visible()
    level = page.locator('select[name="level-0"]')
    box = level.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= viewport[0]
    switch = page.locator("a.switch")
    assert switch.is_visible()
    shot(page, tmp_path, f"survey-form-{viewport[0]}x{viewport[1]}-{lang}")
    switch.click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == ("en" if lang == "et" else "et")
    assert seen.blocked == [] and seen.failed == []
    seen.close()


@pytest.mark.parametrize("viewport", [(1024, 768), (390, 844)], ids=["1024x768", "390x844"])
def test_an_unknown_link_gets_a_plain_page(
    browser: Browser,  # noqa: F811
    served: tuple[str, Survey],
    tmp_path: Path,
    viewport: tuple[int, int],
) -> None:
    base, _ = served
    seen = Offline(browser, base, viewport)
    page = seen.page
    response = page.goto(base + link(WAVE, "x" * 43))
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "Linki ei leitud"
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]
    shot(page, tmp_path, f"survey-404-{viewport[0]}x{viewport[1]}")
    page.locator("a.switch").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Link not found"
    assert seen.blocked == [] and seen.failed == []
    seen.close()
