"""Values kept for reuse while they are fresh: young enough, and made since the last write.

A server that reads the same records for many requests keeps them a little while
(:class:`partnermap.service.GraphService`); a write makes every value older than it stale
at once, whatever its age, by moving a *generation* counter on.

Examples
--------
>>> memo = Memo(size=2)
>>> memo.put("a", 1, generation=0)
>>> memo.get("a", generation=0, seconds=60).value
1
>>> memo.get("a", generation=1, seconds=60) is None  # a write came between
True
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

__all__ = ["Cached", "Memo"]


@dataclass
class Cached:
    """A kept value: when and at which generation it was made."""

    at: float
    generation: int
    value: Any


class Memo:
    """Values kept for reuse while fresh: younger than ``seconds`` and made at the current
    ``generation``; beyond ``size`` the least recently used go first."""

    def __init__(self, size: int | None = None) -> None:
        self.size = size
        self.items: OrderedDict[Hashable, Cached] = OrderedDict()

    def get(self, key: Hashable, generation: int, seconds: float) -> Cached | None:
        """The value kept for ``key`` if still fresh, else None."""
        hit = self.items.get(key)
        if hit is None or hit.generation != generation or time.monotonic() - hit.at >= seconds:
            return None
        self.items.move_to_end(key)
        return hit

    def put(self, key: Hashable, value: Any, generation: int) -> None:
        """Keep ``value`` for ``key``, made at ``generation``."""
        self.items[key] = Cached(time.monotonic(), generation, value)
        self.items.move_to_end(key)
        while self.size is not None and len(self.items) > self.size:
            self.items.popitem(last=False)
