"""Estonia's administrative division: 15 counties and 79 municipalities (since 2017).

The data ship in ``partnermap/data/reference.yaml``: Estonian names, type (linn / vald),
county, EHAK code and an approximate centroid per municipality.

Examples
--------
>>> from partnermap import reference
>>> len(reference.counties()), len(reference.municipalities())
(15, 79)
>>> reference.municipality("municipality:kohtla-jarve-linn").name
'Kohtla-Järve linn'
"""

from __future__ import annotations

from functools import cache
from importlib import resources

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

__all__ = ["REFERENCE_DOCUMENT", "counties", "county", "municipalities", "municipality", "reference_dataset"]

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
