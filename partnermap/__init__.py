"""partnermap: who cooperates with whom in Estonian local development and integration work.

The graph holds counties, municipalities, organisations, networks, projects, target groups
and indicators, and the dated, sourced relations among them. Start with::

    >>> import partnermap
    >>> store = partnermap.open_store("sqlite:///:memory:")
    >>> result = store.load(partnermap.bundled_dataset())
    >>> G = partnermap.snapshot(store)
    >>> G.nodes["org:elvl"]["abbreviation"]
    'ELVL'
"""

from partnermap.datasets import bundled_dataset, read_with_reference
from partnermap.errors import DatasetError, PartnermapError, StoreError
from partnermap.graph import filter_graph, snapshot, to_multigraph
from partnermap.io.dataset import read_dataset, write_dataset
from partnermap.model import Dataset, NodeKind, Relation, RelationKind
from partnermap.notebook import show
from partnermap.store import SQLiteStore, Store, open_store
from partnermap.summary import summarize
from partnermap.synth import synthesize

__version__ = "0.1.0"

__all__ = [
    "Dataset",
    "DatasetError",
    "NodeKind",
    "PartnermapError",
    "Relation",
    "RelationKind",
    "SQLiteStore",
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
