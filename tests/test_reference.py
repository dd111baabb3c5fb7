"""The reference data: Estonia's 15 counties and 79 municipalities since 2017."""

from __future__ import annotations

from collections import Counter

import pytest

from partnermap import reference

# A coarse outline of mainland Estonia (lon, lat), drawn generously along the coast, and
# boxes around the inhabited islands. A centroid outside all of them is not in Estonia.
MAINLAND = [
    (23.35, 59.30),
    (24.00, 59.50),
    (24.80, 59.62),
    (25.70, 59.68),
    (26.60, 59.60),
    (27.50, 59.48),
    (28.10, 59.50),
    (28.25, 59.38),
    (27.85, 59.10),
    (27.60, 58.95),
    (27.45, 58.60),
    (27.55, 58.20),
    (27.75, 57.95),
    (27.85, 57.55),
    (27.35, 57.50),
    (26.60, 57.52),
    (26.05, 57.75),
    (25.30, 57.95),
    (24.40, 57.85),
    (24.25, 58.10),
    (23.90, 58.30),
    (23.45, 58.50),
    (23.35, 58.90),
    (23.25, 59.10),
]
ISLANDS = {
    "Saaremaa and Muhu": (21.75, 57.85, 23.45, 58.70),
    "Hiiumaa": (22.00, 58.65, 23.15, 59.10),
    "Vormsi": (23.00, 58.93, 23.40, 59.06),
    "Kihnu": (23.90, 58.08, 24.08, 58.18),
    "Ruhnu": (23.20, 57.76, 23.32, 57.83),
}


def _inside(point: tuple[float, float], polygon: list[tuple[float, float]]) -> bool:
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def in_estonia(lat: float, lon: float) -> bool:
    if _inside((lon, lat), MAINLAND):
        return True
    return any(w <= lon <= e and s <= lat <= n for w, s, e, n in ISLANDS.values())


def test_outline_tells_estonia_from_its_neighbours() -> None:
    assert in_estonia(59.437, 24.745)  # Tallinn
    assert in_estonia(58.25, 22.5)  # Saaremaa
    assert not in_estonia(56.95, 24.10)  # Riga
    assert not in_estonia(59.57, 30.0)  # east of the Narva, in Russia
    assert not in_estonia(60.17, 24.94)  # Helsinki
    assert not in_estonia(58.70, 27.90)  # Lake Peipus' Russian side


def test_fifteen_counties() -> None:
    counties = reference.counties()
    assert len(counties) == 15
    assert len({c.ehak for c in counties}) == 15
    names = {c.name for c in counties}
    assert {
        "Harju maakond",
        "Ida-Viru maakond",
        "Võru maakond",
        "Pärnu maakond",
        "Lääne-Viru maakond",
    } <= names


def test_seventy_nine_municipalities_fifteen_cities() -> None:
    munis = reference.municipalities()
    assert len(munis) == 79
    types = Counter(m.municipality_type for m in munis)
    assert types == {"linn": 15, "vald": 64}
    assert len({m.ehak for m in munis}) == 79
    assert len({m.id for m in munis}) == 79


def test_every_county_has_municipalities_and_every_municipality_a_county() -> None:
    county_ids = {c.id for c in reference.counties()}
    per_county = Counter(m.county for m in reference.municipalities())
    assert set(per_county) == county_ids
    assert per_county["county:harju"] == 16
    assert per_county["county:hiiu"] == 1


@pytest.mark.parametrize("node", [*reference.counties(), *reference.municipalities()], ids=lambda n: n.id)
def test_centroid_inside_estonia(node) -> None:
    assert in_estonia(node.lat, node.lon), f"{node.name} at {node.lat}, {node.lon}"


def test_names_keep_their_diacritics() -> None:
    names = {m.name for m in reference.municipalities()}
    for expected in ("Võru linn", "Pärnu linn", "Kohtla-Järve linn", "Jõhvi vald", "Tallinn", "Põlva vald"):
        assert expected in names
    assert reference.municipality("municipality:kohtla-jarve-linn").county == "county:ida-viru"
    assert reference.municipality("municipality:antsla-vald").county == "county:voru"


def test_cities_are_the_fifteen_linn() -> None:
    cities = {m.name for m in reference.municipalities() if m.municipality_type == "linn"}
    assert cities == {
        "Tallinn",
        "Keila linn",
        "Loksa linn",
        "Maardu linn",
        "Kohtla-Järve linn",
        "Narva linn",
        "Narva-Jõesuu linn",
        "Sillamäe linn",
        "Paide linn",
        "Haapsalu linn",
        "Rakvere linn",
        "Pärnu linn",
        "Tartu linn",
        "Viljandi linn",
        "Võru linn",
    }


def test_reference_dataset_locates_each_municipality_in_its_county() -> None:
    ds = reference.reference_dataset()
    located = {(r.source, r.target) for r in ds.relations}
    assert ("municipality:tallinn", "county:harju") in located
    assert len(located) == 79
