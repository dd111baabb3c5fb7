"""Typed decorators for resolvers: strawberry's own return ``Any`` when given options,
which strict mypy rejects as an untyped decorator. These keep the function's type."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar, cast

import strawberry
from strawberry.permission import BasePermission

__all__ = ["mutation", "resolver"]

F = TypeVar("F", bound=Callable[..., Any])


def resolver(
    *, description: str, name: str | None = None, metadata: Mapping[str, Any] | None = None
) -> Callable[[F], F]:
    """``@strawberry.field(description=...)`` on a method, keeping its type."""

    def decorate(func: F) -> F:
        return cast(F, strawberry.field(func, description=description, name=name, metadata=metadata))

    return decorate


def mutation(
    *, description: str, permission_classes: Sequence[type[BasePermission]] = ()
) -> Callable[[F], F]:
    """``@strawberry.mutation(description=..., permission_classes=...)``, keeping the type."""

    def decorate(func: F) -> F:
        return cast(
            F,
            strawberry.mutation(func, description=description, permission_classes=list(permission_classes)),
        )

    return decorate
