"""Exports for the tools analysts use: Gephi (GEXF, with the periods as dynamics so the
timeline works), GraphML, Kumu JSON, and plain ``nodes.csv`` + ``edges.csv``.

Nested values (sources, positions, budget lines, inferred fields) become text: sources as
``"document#section; ..."``, the rest as JSON. Dates are ISO text. Events are nodes like any
other (their ``start`` .. ``end`` a GEXF spell); every relation carries ``inferred`` (and an
inferred one its ``inferred_note``); in Kumu an inferred connection is also tagged
``inferred``, so that a view can draw it dashed.

Examples
--------
>>> from partnermap.datasets import bundled_dataset
>>> blueprint = to_kumu(bundled_dataset())
>>> sorted(blueprint)
['connections', 'elements']
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx

from partnermap.io.dataset import write_dataset
from partnermap.model import Dataset, Node, Relation

__all__ = [
    "EXPORT_FORMATS",
    "flat_graph",
    "to_kumu",
    "write_csv",
    "write_export",
    "write_gexf",
    "write_graphml",
]

EXPORT_FORMATS = ("yaml", "json", "gexf", "graphml", "kumu", "csv")


def _flat(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def _sources(record: Node | Relation) -> str:
    return "; ".join(f"{s.document}#{s.section}" for s in record.sources)


def _attributes(record: Node | Relation, skip: Iterable[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in record.model_dump(mode="json", exclude=set(skip)).items():
        if value is None or value in ([], {}):
            continue  # GraphML and GEXF have no null; an absent attribute says the same
        out[name] = _flat(value)
    out["sources"] = _sources(record)
    return out


def flat_graph(dataset: Dataset, *, dynamic: bool = False) -> nx.MultiDiGraph:
    """The dataset as a MultiDiGraph whose attributes are all scalars.

    With ``dynamic`` every relation's period (and a project's start..end) becomes the
    ``start`` / ``end`` of its GEXF spell.
    """
    G = nx.MultiDiGraph(mode="dynamic" if dynamic else "static")
    for node in dataset.nodes:
        attrs = _attributes(node, skip={"id", "sources"})
        attrs["label"] = node.name
        if dynamic:
            for ours, theirs in (("start", "start"), ("end", "end")):
                if ours in attrs:
                    attrs[theirs] = attrs.pop(ours)
        G.add_node(node.id, **attrs)
    for rel in dataset.relations:
        attrs = _attributes(rel, skip={"id", "source", "target", "sources"})
        attrs["relation_id"] = rel.id
        if dynamic:
            if "valid_from" in attrs:
                attrs["start"] = attrs.pop("valid_from")
            if "valid_to" in attrs:
                attrs["end"] = attrs.pop("valid_to")
        G.add_edge(rel.source, rel.target, key=rel.id, id=rel.id, **attrs)
    return G


def write_gexf(dataset: Dataset, path: str | Path) -> Path:
    """GEXF 1.2 for Gephi; periods as dynamics (Gephi's timeline filters by them)."""
    G = flat_graph(dataset, dynamic=True)
    nx.write_gexf(G, path)
    return Path(path)


def write_graphml(dataset: Dataset, path: str | Path) -> Path:
    """GraphML with every scalar attribute typed."""
    nx.write_graphml(flat_graph(dataset), path, named_key_ids=True)
    return Path(path)


def to_kumu(dataset: Dataset) -> dict[str, list[dict[str, Any]]]:
    """A Kumu blueprint: ``elements`` and ``connections`` with ids, types and fields.

    Ids are used because names need not be unique (Kumu requires the ids to be unique across
    elements and connections, which node and relation ids are).
    """
    elements = []
    for node in dataset.nodes:
        fields = _attributes(node, skip={"id", "kind", "name", "description", "sources"})
        element: dict[str, Any] = {"id": node.id, "label": node.name, "type": node.kind}
        if node.description:
            element["description"] = node.description
        kinds = ("org_kind", "sector", "network_type", "event_type")
        element["tags"] = [t for t in (fields.get(k) for k in kinds) if t]
        element.update({k.replace("_", " ").capitalize(): v for k, v in fields.items()})
        elements.append(element)
    connections = []
    for rel in dataset.relations:
        fields = _attributes(rel, skip={"id", "kind", "source", "target", "sources"})
        connection: dict[str, Any] = {
            "id": rel.id,
            "from": rel.source,
            "to": rel.target,
            "type": rel.kind.value,
            "direction": "mutual" if rel.kind.value == "party_to" else "directed",
        }
        if rel.inferred:
            connection["tags"] = ["inferred"]
        connection.update({k.replace("_", " ").capitalize(): v for k, v in fields.items()})
        connections.append(connection)
    return {"elements": elements, "connections": connections}


def write_csv(dataset: Dataset, path: str | Path) -> tuple[Path, Path]:
    """``nodes.csv`` and ``edges.csv`` in the directory ``path`` (created if needed)."""
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    nodes = [
        {"id": n.id, "kind": n.kind, "name": n.name, **_attributes(n, {"id", "kind", "name", "sources"})}
        for n in dataset.nodes
    ]
    edges = [
        {
            "id": r.id,
            "kind": r.kind.value,
            "source": r.source,
            "target": r.target,
            **_attributes(r, {"id", "kind", "source", "target", "sources"}),
        }
        for r in dataset.relations
    ]
    written = []
    for name, rows in (("nodes.csv", nodes), ("edges.csv", edges)):
        columns: list[str] = []
        for row in rows:
            columns.extend(k for k in row if k not in columns)
        target = folder / name
        with target.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
        written.append(target)
    return written[0], written[1]


def write_export(dataset: Dataset, path: str | Path, fmt: str) -> list[Path]:
    """Write ``dataset`` in one of :data:`EXPORT_FORMATS`; returns the files written."""
    path = Path(path)
    if fmt in ("yaml", "json"):
        return [write_dataset(dataset, path, fmt)]
    if fmt == "gexf":
        return [write_gexf(dataset, path)]
    if fmt == "graphml":
        return [write_graphml(dataset, path)]
    if fmt == "kumu":
        path.write_text(json.dumps(to_kumu(dataset), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return [path]
    if fmt == "csv":
        return list(write_csv(dataset, path))
    raise ValueError(f"unknown export format {fmt!r}: use {', '.join(EXPORT_FORMATS)}")
