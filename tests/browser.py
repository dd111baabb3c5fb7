"""Headless Chromium for the map tests: Debian's /usr/bin/chromium driven by Playwright.

Nothing is downloaded: the browser comes from the system package (``make browser``).
Every page runs offline: any request that is not for a ``file:`` or ``data:`` URL is
aborted and recorded, so a test can assert that a map fetched nothing.

Import the fixtures into a test module to use them::

    from tests.browser import browser, open_map  # noqa: F401
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Dialog, Page, Route, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
READY = "() => Boolean(window.partnermap && window.partnermap.ready === true)"


def wait_until(page: Page, expression: str, timeout: float = 60.0) -> None:
    """Poll ``expression`` until it is true.

    Not ``page.wait_for_function``: its poller evaluates the predicate with ``eval`` in the
    page, which the maps' Content-Security-Policy (rightly) forbids; ``page.evaluate`` goes
    through the DevTools protocol and is not subject to it.
    """
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{expression} still false after {timeout} s")
        page.wait_for_timeout(25)


_SHARED: dict[str, Any] = {}
"""The one Playwright and Chromium of this process: Playwright's sync API allows only one,
and modules that import the fixture (besides the conftest plugin) define it again."""


def _close_shared() -> None:
    chromium, playwright = _SHARED.pop("browser", None), _SHARED.pop("playwright", None)
    if chromium is not None:
        chromium.close()
    if playwright is not None:
        playwright.stop()


@pytest.fixture(scope="session")
def browser(request: pytest.FixtureRequest) -> Browser:
    """One Chromium for the whole test session."""
    if "browser" not in _SHARED:
        if not Path(CHROMIUM).exists():
            pytest.fail(f"{CHROMIUM} is missing: run `make browser` (installs Debian's chromium)")
        playwright = sync_playwright().start()
        _SHARED["playwright"] = playwright
        _SHARED["browser"] = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        request.session.config.add_cleanup(_close_shared)
    chromium: Browser = _SHARED["browser"]
    return chromium


@dataclass
class OpenedPage:
    """A page opened offline, with what it said and tried while loading and afterwards."""

    page: Page
    context: BrowserContext
    console: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    @property
    def console_errors(self) -> list[str]:
        return [text for kind, text in self.console if kind in ("error", "warning")] + self.errors

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def visible_count(self) -> int:
        return int(self.js("window.partnermap.visibleCount()"))

    def assert_clean(self) -> None:
        """No console errors or warnings, no script errors, no requests, no dialogs."""
        assert self.console_errors == []
        assert self.requests == []
        assert self.dialogs == []


def _open(browser: Browser, path: Path, *, wait: str | None, viewport: tuple[int, int]) -> OpenedPage:
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    opened = OpenedPage(page=page, context=context)

    def route(r: Route) -> None:
        url = r.request.url
        if url.startswith(("file:", "data:", "about:")):
            r.continue_()
        else:
            opened.requests.append(url)
            r.abort()

    def dialog(d: Dialog) -> None:
        opened.dialogs.append(f"{d.type}: {d.message}")
        d.dismiss()

    def console(message: ConsoleMessage) -> None:
        opened.console.append((message.type, message.text))

    context.route("**/*", route)
    page.on("dialog", dialog)
    page.on("console", console)
    page.on("pageerror", lambda exc: opened.errors.append(str(exc)))
    page.goto(path.resolve().as_uri())
    if wait:
        wait_until(page, wait)
    return opened


@pytest.fixture
def open_map(browser: Browser) -> Iterator[Callable[..., OpenedPage]]:
    """Open an HTML file offline and wait until the map has drawn (``wait=None``: don't)."""
    opened: list[OpenedPage] = []

    def opener(
        path: Path, *, wait: str | None = READY, viewport: tuple[int, int] = (1280, 860)
    ) -> OpenedPage:
        result = _open(browser, path, wait=wait, viewport=viewport)
        opened.append(result)
        return result

    yield opener
    for item in opened:
        item.context.close()
