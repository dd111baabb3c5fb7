"""partnermap: who cooperates with whom in Estonian local development and integration work.

The graph holds counties, municipalities, organisations, networks, projects, target groups
and indicators, and the dated, sourced relations among them. Start with::

    >>> import partnermap
    >>> store = partnermap.open_store("sqlite:///:memory:")
    >>> result = store.load(partnermap.bundled_dataset())
    >>> G = partnermap.snapshot(store)
    >>> G.nodes["org:elvl"]["abbreviation"]
    'ELVL'

The names below are re-exported lazily (PEP 562): ``import partnermap`` loads none of the
heavy dependencies (networkx, pyvis, igraph, jinja2, the API stack) until a name that needs
them is used, so the command line and scripts start fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from partnermap.lazy import lazy_exports

__version__ = "0.1.0"

#: Public name -> the module that defines it.
_EXPORTS = {
    "Dataset": "partnermap.model",
    "NodeKind": "partnermap.model",
    "Relation": "partnermap.model",
    "RelationKind": "partnermap.model",
    "DatasetError": "partnermap.errors",
    "PartnermapError": "partnermap.errors",
    "StoreError": "partnermap.errors",
    "Settings": "partnermap.settings",
    "SQLiteStore": "partnermap.store",
    "Store": "partnermap.store",
    "open_store": "partnermap.store",
    "bundled_dataset": "partnermap.datasets",
    "read_with_reference": "partnermap.datasets",
    "read_dataset": "partnermap.io.dataset",
    "write_dataset": "partnermap.io.dataset",
    "filter_graph": "partnermap.graph",
    "snapshot": "partnermap.graph",
    "to_multigraph": "partnermap.graph",
    "summarize": "partnermap.summary",
    "synthesize": "partnermap.synth",
    "show": "partnermap.notebook",
}

__all__ = [
    "Dataset",
    "DatasetError",
    "NodeKind",
    "PartnermapError",
    "Relation",
    "RelationKind",
    "SQLiteStore",
    "Settings",
    "Store",
    "StoreError",
    "bundled_dataset",
    "filter_graph",
    "open_store",
    "read_dataset",
    "read_with_reference",
    "show",
    "snapshot",
    "summarize",
    "synthesize",
    "to_multigraph",
    "write_dataset",
]

if TYPE_CHECKING:
    from partnermap.datasets import bundled_dataset, read_with_reference
    from partnermap.errors import DatasetError, PartnermapError, StoreError
    from partnermap.graph import filter_graph, snapshot, to_multigraph
    from partnermap.io.dataset import read_dataset, write_dataset
    from partnermap.model import Dataset, NodeKind, Relation, RelationKind
    from partnermap.notebook import show
    from partnermap.settings import Settings
    from partnermap.store import SQLiteStore, Store, open_store
    from partnermap.summary import summarize
    from partnermap.synth import synthesize


__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)
