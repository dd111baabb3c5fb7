"""The API's data access, :mod:`partnermap.service`, under the name the API's modules knew."""

from __future__ import annotations

from partnermap.service import GraphService, Page, StoreProvider

__all__ = ["GraphService", "Page", "StoreProvider"]
