"""Cooperation metrics: mixing across areas, centrality, brokerage, weak points, coverage,
communities, time and indicators.

Each module holds one family of algorithms. Functions take a graph - the cooperation graph
(:func:`partnermap.cooperation.cooperation_graph`) or a snapshot
(:func:`partnermap.graph.snapshot`) - and return plain data: dicts, lists and frozen
dataclasses that :func:`to_jsonable` turns into JSON. Input a metric cannot work with raises
:class:`MetricsError` (a :class:`partnermap.errors.PartnermapError`) with a message that
says why; no result ever holds NaN or an infinity.
"""

from partnermap.metrics._common import ATTRIBUTE_ALIASES, MetricsError, to_jsonable

__all__ = ["ATTRIBUTE_ALIASES", "MetricsError", "to_jsonable"]
