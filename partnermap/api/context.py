"""The per-request context every resolver receives as ``info.context``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

import strawberry
from strawberry.fastapi import BaseContext

from partnermap.api.auth import Principal
from partnermap.api.loaders import Loaders
from partnermap.api.settings import ApiSettings
from partnermap.service import GraphService

__all__ = ["Context", "Info"]


@dataclass
class Context(BaseContext):
    """What a request brings: the data service, its fresh loaders, the caller, the settings."""

    service: GraphService
    loaders: Loaders
    principal: Principal
    settings: ApiSettings

    def __post_init__(self) -> None:
        super().__init__()


Info: TypeAlias = strawberry.Info[Context, None]
