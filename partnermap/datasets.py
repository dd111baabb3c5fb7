"""The bundled Estonia dataset, and datasets combined with the reference data.

Examples
--------
>>> from partnermap.datasets import bundled_dataset
>>> ds = bundled_dataset()
>>> sum(1 for n in ds.nodes if n.kind == "municipality")
79
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from partnermap.io.dataset import Resolver, parse_dataset, read_dataset
from partnermap.model import Dataset, NodeKind
from partnermap.reference import reference_dataset
from partnermap.validation import Candidates

__all__ = [
    "bundled_dataset",
    "bundled_path",
    "parse_with_reference",
    "read_with_reference",
    "reference_kinds",
    "with_reference",
]


def bundled_path() -> Path:
    """Path of the bundled dataset file (``partnermap/data/estonia.yaml``)."""
    return Path(str(resources.files("partnermap.data").joinpath("estonia.yaml")))


@cache
def reference_kinds() -> dict[str, NodeKind]:
    """Kinds of the reference nodes (counties and municipalities), by id."""
    return {n.id: NodeKind(n.kind) for n in reference_dataset().nodes}


def with_reference(dataset: Dataset) -> Dataset:
    """``dataset`` plus the reference nodes and relations it does not define itself."""
    ref = reference_dataset()
    own_nodes = dataset.node_ids()
    own_rels = {r.id for r in dataset.relations}
    documents = {d.id: d for d in ref.documents} | {d.id: d for d in dataset.documents}
    return Dataset(
        format=dataset.format,
        title=dataset.title,
        documents=list(documents.values()),
        nodes=[n for n in ref.nodes if n.id not in own_nodes] + list(dataset.nodes),
        relations=[r for r in ref.relations if r.id not in own_rels] + list(dataset.relations),
    )


def read_with_reference(
    path: str | Path, resolve: Resolver | None = None, *, candidates: Candidates | None = None
) -> Dataset:
    """Read and check a dataset file whose relations may point at reference nodes.

    ``resolve`` (e.g. a store's ``node_kinds``) finds further nodes the file refers to;
    ``candidates`` (e.g. :func:`partnermap.store.base.node_candidates`) further ids to
    suggest for an unknown one.
    """
    dataset = read_dataset(path, known=reference_kinds(), resolve=resolve, candidates=candidates)
    return with_reference(dataset)


def parse_with_reference(
    text: str,
    resolve: Resolver | None = None,
    *,
    file: str = "input",
    json: bool = False,
    candidates: Candidates | None = None,
) -> Dataset:
    """:func:`read_with_reference` of a dataset's text (``file`` names it in problems; see
    :func:`partnermap.io.dataset.parse_dataset` for ``json``).

    Examples
    --------
    >>> text = '{"nodes": [], "relations": []}'
    >>> sum(1 for n in parse_with_reference(text).nodes if n.kind == "county")
    15
    """
    dataset = parse_dataset(
        text, file=file, json=json, known=reference_kinds(), resolve=resolve, candidates=candidates
    )
    return with_reference(dataset)


@cache
def _bundled() -> Dataset:
    return read_with_reference(bundled_path())


def bundled_dataset() -> Dataset:
    """The Estonia dataset built from the four source documents, with the reference data."""
    return _bundled().model_copy(deep=True)
