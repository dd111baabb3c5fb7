"""The maps under /maps/: the gallery and maps drawn from the store, escaped, 404 for unknown ids."""

from __future__ import annotations

import pytest

from tests.test_api_support import (  # noqa: F401
    WRITE_KEY,
    Api,
    anyio_backend_fixture,
    sqlite_api_fixture,
    sqlite_url_fixture,
)

pytestmark = pytest.mark.anyio


async def test_gallery_links_every_network_and_programme(sqlite_api: Api) -> None:
    response = await sqlite_api.client.get("/maps/")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    for name in (
        "ecosystem.html",
        "cross-area.html",
        "network-loimumiskoda.html",
        "programme-silab-2021-2024.html",
    ):
        assert name in page
    assert (await sqlite_api.client.get("/maps", follow_redirects=False)).status_code in (307, 308)
    english = await sqlite_api.client.get("/maps/index.html", params={"lang": "en"})
    assert "Maps of the partnership networks" in english.text


@pytest.mark.parametrize(
    "path",
    [
        "/maps/ecosystem.html",
        "/maps/cross-area.html",
        "/maps/network-loimumiskoda.html",
        "/maps/network/network:elvl-koordinaatorite-vorgustik.html",
        "/maps/programme-silab-2021-2024.html",
        "/maps/project/project:koosloomest-koostooni.html?lang=en&layout=force",
        "/maps/ego/org:elvl.html?hops=1&as_of=2025-06-01",
    ],
)
async def test_maps_are_drawn_from_the_store(sqlite_api: Api, path: str) -> None:
    response = await sqlite_api.client.get(path)
    assert response.status_code == 200, response.text[:300]
    assert response.text.startswith("<!DOCTYPE html>") and "https://" not in response.text.split("<script")[0]
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_maps_show_changes_and_escape_names(sqlite_api: Api) -> None:
    hostile = "<img src=x onerror=alert(1)>"
    done = await sqlite_api.gql(
        """mutation($name: String!) {
             updateNode(id: "network:loimumiskoda", input: {network: {name: $name}}) { name } }""",
        {"name": hostile},
        key=WRITE_KEY,
    )
    assert done["updateNode"]["name"] == hostile
    gallery = (await sqlite_api.client.get("/maps/")).text
    assert hostile not in gallery and "&lt;img src=x onerror=alert(1)&gt;" in gallery
    page = (await sqlite_api.client.get("/maps/network-loimumiskoda.html")).text
    assert hostile not in page


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/maps/network-atlantis.html", 404, "there is no network with id 'network:atlantis'"),
        ("/maps/nothing.html", 404, "there is no map 'nothing.html'"),
        ("/maps/planet/org:elvl.html", 404, "there is no kind of map 'planet'"),
        ("/maps/ecosystem.html?as_of=someday", 400, "as_of: 'someday' is not a date"),
        ("/maps/network/org:elvl.html", 400, "not a network"),
    ],
)
async def test_map_errors_are_clear(sqlite_api: Api, path: str, status: int, message: str) -> None:
    response = await sqlite_api.client.get(path)
    assert response.status_code == status, response.text
    assert message in response.json()["errors"][0]["message"]


async def test_map_options_are_checked(sqlite_api: Api) -> None:
    response = await sqlite_api.client.get("/maps/ecosystem.html", params={"layout": "spiral"})
    assert response.status_code == 422
