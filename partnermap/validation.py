"""Dataset checks every writer shares: files, spreadsheets, the API and the stores.

A pydantic model checks one record; these checks cover what one record cannot see on its
own: duplicate ids, relation endpoints that exist nowhere, endpoints of the wrong kind, and
references to unknown municipalities or counties. They sit below the stores so that a store
refuses a bad load with the same messages a file check gives.

Examples
--------
>>> from partnermap.model import Dataset, Organisation, Relation
>>> src = ["doc#1"]
>>> org = Organisation(id="org:a", name="A", org_kind="ngo", sector="non_profit", sources=src)
>>> rel = Relation(kind="located_in", source="org:a", target="municipality:atlantis", sources=src)
>>> ds = Dataset(nodes=[org], relations=[rel])
>>> [str(p) for p in check_dataset(ds)]
["relations[0].target: unknown municipality 'municipality:atlantis'"]
"""

from __future__ import annotations

from collections.abc import Mapping

from partnermap.errors import Problem
from partnermap.model import (
    Dataset,
    Indicator,
    Municipality,
    NodeKind,
    Relation,
    endpoint_problem,
    kind_of_id,
)

__all__ = ["check_dataset", "referenced_ids", "relation_problems"]


def referenced_ids(dataset: Dataset) -> set[str]:
    """Every node id the dataset's records point at (endpoints, counties, contexts...)."""
    out: set[str] = set()
    for rel in dataset.relations:
        out.update((rel.source, rel.target))
        if rel.context:
            out.add(rel.context)
    for node in dataset.nodes:
        if isinstance(node, Municipality):
            out.add(node.county)
        elif isinstance(node, Indicator) and node.definition is not None:
            out.update(x for x in (node.definition.network, node.definition.project) if x)
    return out


def check_dataset(dataset: Dataset, *, known: Mapping[str, NodeKind] | None = None) -> list[Problem]:
    """Problems that span records: duplicates, unknown or ill-kinded endpoints.

    Parameters
    ----------
    dataset : Dataset
    known : mapping of id to NodeKind, optional
        Nodes that exist outside the dataset (reference data, a store).

    Returns
    -------
    list of Problem
        Empty when the dataset can be loaded.
    """
    problems: list[Problem] = []
    kinds: dict[str, NodeKind] = dict(known or {})
    seen: dict[str, int] = {}
    for i, node in enumerate(dataset.nodes):
        if node.id in seen:
            problems.append(
                Problem(
                    f"duplicate node id {node.id!r} (first at nodes[{seen[node.id]}])", path=f"nodes[{i}].id"
                )
            )
        else:
            seen[node.id] = i
        kinds[node.id] = NodeKind(node.kind)

    def ref(node_id: str | None, path: str, expected: set[NodeKind]) -> None:
        if node_id is None:
            return
        kind = kinds.get(node_id)
        if kind is None:
            what = _describe_unknown(node_id)
            problems.append(Problem(f"unknown {what} {node_id!r}", path=path))
        elif kind not in expected:
            names = " or ".join(sorted(k.value for k in expected))
            problems.append(Problem(f"{node_id!r} is a {kind.value}, not a {names}", path=path))

    for i, node in enumerate(dataset.nodes):
        if isinstance(node, Municipality):
            ref(node.county, f"nodes[{i}].county", {NodeKind.COUNTY})
        elif isinstance(node, Indicator) and node.definition is not None:
            ref(node.definition.network, f"nodes[{i}].definition.network", {NodeKind.NETWORK})
            ref(node.definition.project, f"nodes[{i}].definition.project", {NodeKind.PROJECT})

    rel_seen: dict[str, int] = {}
    for i, rel in enumerate(dataset.relations):
        if rel.id in rel_seen:
            problems.append(
                Problem(
                    f"duplicate relation id {rel.id!r} (first at relations[{rel_seen[rel.id]}]);"
                    " give one of them an explicit 'id'",
                    path=f"relations[{i}].id",
                )
            )
        else:
            rel_seen[rel.id] = i
        problems.extend(relation_problems(rel, kinds, f"relations[{i}]"))
    return problems


def relation_problems(rel: Relation, kinds: Mapping[str, NodeKind], path: str = "relation") -> list[Problem]:
    """Problems with a relation's endpoints given the kinds of the nodes that exist."""
    problems: list[Problem] = []
    ends: dict[str, NodeKind | None] = {}
    for end in ("source", "target"):
        node_id = getattr(rel, end)
        kind = kinds.get(node_id)
        if kind is None:
            what = _describe_unknown(node_id)
            problems.append(Problem(f"unknown {what} {node_id!r}", path=f"{path}.{end}"))
        ends[end] = kind
    why = endpoint_problem(rel.kind, ends["source"], ends["target"])
    if why:
        field = (
            "source" if ends["source"] and why.startswith(f"a {rel.kind.value} relation starts") else "target"
        )
        problems.append(Problem(why, path=f"{path}.{field}"))
    if rel.context is not None and rel.context not in kinds:
        problems.append(Problem(f"unknown context {rel.context!r}", path=f"{path}.context"))
    return problems


def _describe_unknown(node_id: str) -> str:
    kind = kind_of_id(node_id)
    return "node" if kind is None else kind.noun
