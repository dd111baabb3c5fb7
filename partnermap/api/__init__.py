"""The GraphQL API for coordinators: strawberry on FastAPI, served by uvicorn.

``partnermap serve`` starts it; :func:`create_app` builds it for tests or other servers.
A thin face: data access, write rules and analysis are the library's
(:mod:`partnermap.service`, :mod:`partnermap.edits`, :mod:`partnermap.metrics`).
Layout: :mod:`.settings` (``PARTNERMAP_API_*``), :mod:`.auth` (API keys), :mod:`.limits`
(depth, aliases, tokens, body size), :mod:`.loaders` (DataLoaders), :mod:`.derive` (types
derived from the model and the metric dataclasses), :mod:`.schema` (node and relation
types), :mod:`.pages` (pagination), :mod:`.paths` and :mod:`.metrics` (analysis results),
:mod:`.queries`, :mod:`.mutations`, :mod:`.maps` (/maps/), :mod:`.graphiql` and :mod:`.saved`
(GraphiQL, /queries; their HTML in ``templates/``), :mod:`.app` (the FastAPI app).
"""

from __future__ import annotations

from partnermap.api.app import create_app, make_schema
from partnermap.api.settings import ApiSettings, get_api_settings

__all__ = ["ApiSettings", "create_app", "get_api_settings", "make_schema"]
