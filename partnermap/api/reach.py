"""Reach filters of ``municipalities`` and ``counties``: the areas a network reaches, or not.

Both list fields take ``reachedBy`` (a network's or project's id), ``reached`` and
``asOf``; the answer is :func:`partnermap.metrics.coverage.area_reach` on the store's
snapshot of the day, so it is the CLI's (``partnermap metrics coverage --level ...``) and
the library's, to the id.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from partnermap.api.context import Info
from partnermap.metrics.coverage import area_reach
from partnermap.model import NodeKind

__all__ = ["AS_OF", "REACHED", "REACHED_BY", "AsOfReach", "Reached", "ReachedBy", "reached_ids"]

REACHED_BY = (
    "Reach by this network or project (its members' or partners' homes), programmes with their parts; "
    "without it, by any network."
)
REACHED = (
    "Only the areas reached (true) or not reached (false) by `reachedBy` (or by any network). "
    "With `reachedBy` alone: true."
)
AS_OF = "Reach as of this day (default: every period)."
ReachedBy = Annotated[strawberry.ID | None, strawberry.argument(description=REACHED_BY)]
Reached = Annotated[bool | None, strawberry.argument(description=REACHED)]
AsOfReach = Annotated[date | None, strawberry.argument(description=AS_OF)]


async def reached_ids(
    info: Info, level: NodeKind, by: strawberry.ID | None, reached: bool | None, as_of: date | None
) -> set[str] | None:
    """The ids of the areas of ``level`` reached (or not) by ``by``; None when neither is asked."""
    if by is None and reached is None:
        return None
    service = info.context.service
    group = None if by is None else str(by)
    if group is not None:
        await service.node(group, (NodeKind.NETWORK, NodeKind.PROJECT))
    H = await service.snapshot(as_of)
    wanted = True if reached is None else reached
    rows = await service.compute(lambda: area_reach(H, level.value, by=group, reached=wanted))
    return {row.id for row in rows}
