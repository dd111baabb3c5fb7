"""Nodes that do not overlap: a few rounds of pairwise push-apart over a grid.

Both layouts can put nodes on top of each other: the force layout knows nothing of node
sizes, and in the geographic one a big node next to a crowded municipality covers its
neighbours. :func:`separate` moves every overlapping pair apart along the line between
them (each by half the overlap, or all of it for a node that may not move), finding the
pairs with a uniform grid so that a 10,000-node map takes well under a second a round.
A node never ends more than ``max_shift`` from where the layout put it, and never where
``inside`` says it may not stand (outside its municipality), so geographic nodes stay in
their place; a map that cannot be untangled within that cap keeps what
overlap remains (:func:`overlapping_pairs` counts it).

Examples
--------
>>> moved = separate({"a": (0.0, 0.0), "b": (1.0, 0.0)}, {"a": 5.0, "b": 5.0}, pad=0.0)
>>> round(moved["b"][0] - moved["a"][0], 6)
10.0
>>> overlapping_pairs(moved, {"a": 5.0, "b": 5.0})
0
"""

from __future__ import annotations

import math
import zlib
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator, Mapping

__all__ = ["overlapping_pairs", "separate"]

Point = tuple[float, float]

# Overlapping pairs from which a round that removes fewer than 1 % of them ends the push-apart:
# on a dense 10,000-node map the count stalls after three or four rounds, each costing
# ~0.6 s (BENCHMARKS.md); a small map's few pairs may take several rounds to clear.
_STALLED_FROM = 1000

# A push that would take a node out of its place: shorter, then turned (sliding along the
# border, away from the other node still), then dropped.
_TRIES = tuple(
    (turn, part)
    for turn in (0.0, math.pi / 4, -math.pi / 4, math.pi / 2, -math.pi / 2)
    for part in (1.0, 0.5, 0.25)
)


def _pairs(
    ids: list[str], pos: Mapping[str, Point], radius: Mapping[str, float], pad: float
) -> Iterator[tuple[str, str, float, float, float]]:
    """Overlapping pairs as ``(a, b, dx, dy, overlap)``, found through a grid of cells as
    wide as the biggest node."""
    biggest = max((radius[n] for n in ids), default=1.0)
    cell = max(2 * biggest + pad, 1e-6)
    cells: dict[tuple[int, int], list[str]] = defaultdict(list)
    for node in ids:
        x, y = pos[node]
        cells[(math.floor(x / cell), math.floor(y / cell))].append(node)
    for (i, j), members in cells.items():
        near = [m for di in (-1, 0, 1) for dj in (-1, 0, 1) for m in cells.get((i + di, j + dj), ())]
        for a in members:
            ax, ay = pos[a]
            ra = radius[a]
            for b in near:
                if b <= a:
                    continue
                bx, by = pos[b]
                dx, dy = bx - ax, by - ay
                need = ra + radius[b] + pad
                if dx * dx + dy * dy >= need * need:
                    continue
                distance = math.hypot(dx, dy)
                yield a, b, dx, dy, need - distance


def overlapping_pairs(positions: Mapping[str, Point], radii: Mapping[str, float], pad: float = 0.0) -> int:
    """How many pairs of nodes overlap (closer than the sum of their radii and ``pad``).

    Examples
    --------
    >>> overlapping_pairs({"a": (0.0, 0.0), "b": (3.0, 4.0)}, {"a": 2.0, "b": 2.0})
    0
    >>> overlapping_pairs({"a": (0.0, 0.0), "b": (3.0, 4.0)}, {"a": 3.0, "b": 3.0})
    1
    """
    ids = sorted(positions)
    return sum(1 for *_, gap in _pairs(ids, positions, radii, pad) if gap > 1e-9)


def separate(
    positions: Mapping[str, Point],
    radii: Mapping[str, float],
    *,
    pad: float = 2.0,
    max_shift: float | None = None,
    fixed: Collection[str] = (),
    rounds: int = 30,
    inside: Callable[[str, Point], bool] | None = None,
) -> dict[str, Point]:
    """Positions with overlapping nodes pushed apart.

    Parameters
    ----------
    positions : mapping of id to (x, y)
    radii : mapping of id to float
        Drawn radius of each node (canvas units).
    pad : float
        Room to leave between two nodes.
    max_shift : float, optional
        No node moves further than this from its position (default: no cap).
    fixed : collection of str
        Nodes that stay where they are (municipalities at their real places).
    rounds : int
        At most this many rounds; stops early once nothing overlaps, or when more than a
        thousand pairs overlap and a round removed fewer than 1 % of them.
    inside : callable, optional
        ``inside(id, point)``: whether a node may stand at ``point`` (in the geographic
        layout: inside its municipality). A push that would leave is tried at half and a
        quarter of its length, then turned by up to 90 degrees (sliding along the border),
        and dropped if all of those leave too: a node never leaves its place.

    Returns
    -------
    dict
        New positions for every node (rounded to 0.1), the same ids as ``positions``.
    """
    ids = sorted(positions)
    start = {n: (float(positions[n][0]), float(positions[n][1])) for n in ids}
    pos = dict(start)
    radius = {n: float(radii.get(n, 1.0)) for n in ids}
    stay = set(fixed)
    last = math.inf
    for round_no in range(rounds):
        moves: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
        count = 0
        for a, b, dx, dy, gap in _pairs(ids, pos, radius, pad):
            if gap <= 1e-9:
                continue
            count += 1
            distance = math.hypot(dx, dy)
            if distance < 1e-9:  # the same spot: split along an angle that depends on the pair
                angle = zlib.crc32(f"{a}|{b}|{round_no}".encode()) % 3600 * math.pi / 1800
                ux, uy = math.cos(angle), math.sin(angle)
            else:
                ux, uy = dx / distance, dy / distance
            a_moves, b_moves = a not in stay, b not in stay
            if not (a_moves or b_moves):
                continue
            share = gap / 2 if a_moves and b_moves else gap
            if a_moves:
                moves[a][0] -= ux * share
                moves[a][1] -= uy * share
            if b_moves:
                moves[b][0] += ux * share
                moves[b][1] += uy * share
        if count == 0 or (count > _STALLED_FROM and count > last * 0.99):
            break  # done, or a crowd the last round hardly thinned (a dense map: rounds cost)
        last = count
        for node, (mx, my) in moves.items():
            for turn, part in _TRIES if inside is not None else _TRIES[:1]:
                c, s = math.cos(turn), math.sin(turn)
                x = pos[node][0] + (mx * c - my * s) * part
                y = pos[node][1] + (mx * s + my * c) * part
                if max_shift is not None:
                    ox, oy = start[node]
                    far = math.hypot(x - ox, y - oy)
                    if far > max_shift:
                        x, y = ox + (x - ox) * max_shift / far, oy + (y - oy) * max_shift / far
                if inside is None:
                    pos[node] = (x, y)
                    break
                point = (round(x, 1), round(y, 1))  # as returned: rounding must not cross a border
                if inside(node, point):
                    pos[node] = point
                    break
    return {n: (round(p[0], 1), round(p[1], 1)) for n, p in pos.items()}
