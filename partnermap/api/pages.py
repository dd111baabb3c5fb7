"""Pagination: one generic Relay-style connection for every list, with opaque cursors.

The page info and the cursor encoding are strawberry's :mod:`strawberry.relay` ones;
:class:`Connection` adds the plain ``nodes`` and a ``totalCount`` computed on demand, and
:func:`page_args` checks ``first`` and ``after`` the same way for every list.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

import strawberry
from strawberry import relay

from partnermap.api.context import Info
from partnermap.api.errors import UserInputError, between
from partnermap.api.fields import resolver
from partnermap.service import Page

__all__ = ["AFTER", "FIRST", "Connection", "decode_cursor", "encode_cursor", "page_args"]

T = TypeVar("T")
PREFIX = "pm"
FIRST = "Page size (default 20, at most the server's PARTNERMAP_API_MAX_PAGE_SIZE, 100 unless set)."
AFTER = "Start after the item with this cursor (a pageInfo.endCursor)."


def encode_cursor(offset: int) -> str:
    """An opaque cursor for the item at ``offset``."""
    return relay.to_base64(PREFIX, offset)


def decode_cursor(cursor: str | None) -> int:
    """The offset after the item a cursor names (0 for None); UserInputError if invalid."""
    if cursor is None:
        return 0
    try:
        prefix, number = relay.from_base64(cursor)
        offset = int(number)
        if prefix != PREFIX or offset < 0:
            raise ValueError(cursor)
    except ValueError:
        raise UserInputError(
            f"{cursor!r} is not a cursor this API gave out (use a pageInfo.endCursor)"
        ) from None
    return offset + 1


def page_args(info: Info, first: int | None, after: str | None) -> tuple[int, int]:
    """The page size (checked against the server's limit) and the offset a query asks for."""
    settings = info.context.settings
    size = min(settings.default_page_size, settings.max_page_size) if first is None else first
    return between("first", size, 0, settings.max_page_size), decode_cursor(after)


@strawberry.type(description="An item of a page and its cursor.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="Opaque cursor of this item.")
    node: T = strawberry.field(description="The item.")


@strawberry.type(
    description="A page of a list (Relay-style connection): edges with cursors, the items, page info, "
    "total count."
)
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The page's items with their cursors.")
    page_info: relay.PageInfo = strawberry.field(description="Where this page stands in the list.")
    page: strawberry.Private[Page]

    @resolver(description="The page's items, without cursors.")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]

    @resolver(description="How many items the whole list holds (costs a count; ask only when needed).")
    async def total_count(self) -> int:
        total: int = await self.page.total()
        return total

    @classmethod
    def of(cls, page: Page, items: list[Any]) -> Connection[Any]:
        """The connection of a page of items (already GraphQL objects)."""
        edges = [Edge(cursor=encode_cursor(page.offset + i), node=item) for i, item in enumerate(items)]
        info = relay.PageInfo(
            has_next_page=page.has_next,
            has_previous_page=page.offset > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        )
        return cls(edges=edges, page_info=info, page=page)
