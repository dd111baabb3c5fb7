"""Estonia's administrative division: 15 counties and 79 municipalities (since 2017).

The data ship in ``partnermap/data/reference.yaml``: Estonian names, type (linn / vald),
county, EHAK code and an approximate centroid per municipality. Their boundaries (and the
counties' and the country's outline) ship in ``partnermap/data/boundaries.json``, simplified
from the Estonian Land Board's administrative division of 01.09.2018 by
``scripts/build_boundaries.py`` and joined to the reference data by name
(:func:`boundaries`; anything that shows them carries :data:`BOUNDARY_ATTRIBUTION`).

Examples
--------
>>> from partnermap import reference
>>> len(reference.counties()), len(reference.municipalities())
(15, 79)
>>> reference.municipality("municipality:kohtla-jarve-linn").name
'Kohtla-Järve linn'
>>> reference.boundary("municipality:ruhnu-vald").contains(23.25, 57.80)   # the island of Ruhnu
True
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from partnermap.model import (
    County,
    Dataset,
    Document,
    Municipality,
    Relation,
    RelationKind,
    Source,
)

__all__ = [
    "BOUNDARY_ATTRIBUTION",
    "COUNTRY",
    "REFERENCE_DOCUMENT",
    "Boundary",
    "boundaries",
    "boundaries_topology",
    "boundary",
    "counties",
    "county",
    "municipalities",
    "municipality",
    "reference_dataset",
]

REFERENCE_DOCUMENT = "EHAK"
_SOURCE_COUNTIES = Source(document=REFERENCE_DOCUMENT, section="counties")
_SOURCE_MUNICIPALITIES = Source(document=REFERENCE_DOCUMENT, section="municipalities")


@cache
def _raw() -> dict[str, list[dict[str, object]]]:
    text = resources.files("partnermap.data").joinpath("reference.yaml").read_text("utf-8")
    data: dict[str, list[dict[str, object]]] = yaml.safe_load(text)
    return data


@cache
def counties() -> tuple[County, ...]:
    """All 15 counties, in EHAK order."""
    return tuple(County.model_validate({**row, "sources": [_SOURCE_COUNTIES]}) for row in _raw()["counties"])


@cache
def municipalities() -> tuple[Municipality, ...]:
    """All 79 municipalities, by county and name."""
    return tuple(
        Municipality.model_validate({**row, "sources": [_SOURCE_MUNICIPALITIES]})
        for row in _raw()["municipalities"]
    )


@cache
def _by_id() -> dict[str, County | Municipality]:
    out: dict[str, County | Municipality] = {c.id: c for c in counties()}
    out.update((m.id, m) for m in municipalities())
    return out


def county(county_id: str) -> County:
    """The county with this id; KeyError if there is none."""
    node = _by_id()[county_id]
    if not isinstance(node, County):
        raise KeyError(county_id)
    return node


def municipality(municipality_id: str) -> Municipality:
    """The municipality with this id; KeyError if there is none."""
    node = _by_id()[municipality_id]
    if not isinstance(node, Municipality):
        raise KeyError(municipality_id)
    return node


@cache
def reference_dataset() -> Dataset:
    """Counties and municipalities as nodes, with each municipality located in its county."""
    relations = [
        Relation(kind=RelationKind.LOCATED_IN, source=m.id, target=m.county, sources=[_SOURCE_MUNICIPALITIES])
        for m in municipalities()
    ]
    return Dataset(
        title="Estonia's administrative division since 2017",
        documents=[
            Document(
                id=REFERENCE_DOCUMENT,
                title="Statistics Estonia, Classification of Estonian administrative units (EHAK)",
            )
        ],
        nodes=[*counties(), *municipalities()],
        relations=relations,
    )


# --------------------------------------------------------------------------- boundaries

COUNTRY = "country:estonia"
"""The key of the country's outline in :func:`boundaries`."""

BOUNDARY_ATTRIBUTION = {
    "et": "Piirid: Maa-amet, haldus- ja asustusjaotus 01.09.2018",
    "en": "Boundaries: Estonian Land Board, administrative division as of 01.09.2018",
}
"""What every product showing the boundaries must say (the Land Board's terms)."""

LonLat = tuple[float, float]


@dataclass(frozen=True)
class Boundary:
    """The outline of a municipality, a county or the country: closed rings of
    (longitude, latitude), WGS84. Islands are rings of their own and holes (a town inside
    a rural municipality) are rings too: a point is inside when it lies inside an odd
    number of rings (the even-odd rule, as a canvas fills them)."""

    id: str
    rings: tuple[tuple[LonLat, ...], ...]

    def contains(self, lon: float, lat: float) -> bool:
        """Whether the point lies inside (even-odd over all rings; the border counts as either)."""
        inside = False
        for ring in self.rings:
            inside ^= ring_contains(ring, lon, lat)
        return inside


def ring_contains(
    ring: tuple[tuple[float, float], ...] | list[tuple[float, float]], x: float, y: float
) -> bool:
    """Whether ``(x, y)`` lies inside one closed ring (ray casting)."""
    inside = False
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


@cache
def boundaries_topology() -> dict[str, Any]:
    """The bundled boundaries file as stored: delta-encoded integer arcs, a transform to
    degrees, and the rings of each municipality, county and the country as arc references
    (``~i``: arc ``i`` reversed). Maps inline it as it is; :func:`boundaries` decodes it."""
    text = resources.files("partnermap.data").joinpath("boundaries.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def boundaries() -> dict[str, Boundary]:
    """Every boundary by id: the 79 municipalities, the 15 counties and :data:`COUNTRY`.

    Examples
    --------
    >>> b = boundaries()
    >>> len([k for k in b if k.startswith("municipality:")]), len([k for k in b if k.startswith("county:")])
    (79, 15)
    >>> b["municipality:tartu-linn"].contains(26.72, 58.38)
    True
    """
    topo = boundaries_topology()
    (ox, oy), (sx, sy) = topo["transform"]["origin"], topo["transform"]["step"]
    arcs: list[list[LonLat]] = []
    for flat in topo["arcs"]:
        x = y = 0
        points = []
        for i in range(0, len(flat), 2):
            x += flat[i]
            y += flat[i + 1]
            points.append((ox + x * sx, oy + y * sy))
        arcs.append(points)

    def ring(refs: list[int]) -> tuple[LonLat, ...]:
        points: list[LonLat] = []
        for ref in refs:
            arc = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
            points.extend(arc if not points else arc[1:])
        return tuple(points)

    out = {key: Boundary(key, tuple(ring(r) for r in rings)) for key, rings in topo["municipalities"].items()}
    out.update((key, Boundary(key, tuple(ring(r) for r in rings))) for key, rings in topo["counties"].items())
    out[COUNTRY] = Boundary(COUNTRY, tuple(ring(r) for r in topo["country"]))
    return out


def boundary(area_id: str) -> Boundary:
    """The boundary of a municipality or county (or :data:`COUNTRY`); KeyError if none."""
    return boundaries()[area_id]
