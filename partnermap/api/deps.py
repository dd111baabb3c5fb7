"""FastAPI dependencies: the settings, the data service and the caller of a request.

:func:`partnermap.api.app.create_app` puts the settings and the service on
``app.state``; routes and the GraphQL context take them from here, so nothing reaches
for globals.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from partnermap.api.auth import Principal, authenticate
from partnermap.api.context import Context
from partnermap.api.loaders import Loaders
from partnermap.api.settings import ApiSettings
from partnermap.service import GraphService

__all__ = [
    "CallerDep",
    "ServiceDep",
    "SettingsDep",
    "get_context",
    "get_principal",
    "get_service",
    "get_settings",
]


def get_settings(request: Request) -> ApiSettings:
    """The app's settings."""
    settings: ApiSettings = request.app.state.settings
    return settings


def get_service(request: Request) -> GraphService:
    """The app's data service."""
    service: GraphService = request.app.state.service
    return service


SettingsDep = Annotated[ApiSettings, Depends(get_settings)]
ServiceDep = Annotated[GraphService, Depends(get_service)]


def get_principal(request: Request, settings: SettingsDep) -> Principal:
    """Who is calling (AuthError 401 for a key that is not valid)."""
    return authenticate(request.headers, settings)


CallerDep = Annotated[Principal, Depends(get_principal)]


async def get_context(request: Request) -> Context:
    """The GraphQL context of a request, with fresh DataLoaders (one dependency, resolved
    directly: it runs on every request)."""
    settings = get_settings(request)
    service = get_service(request)
    principal = authenticate(request.headers, settings)
    return Context(service=service, loaders=Loaders(service), principal=principal, settings=settings)
