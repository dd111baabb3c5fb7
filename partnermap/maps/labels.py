"""Where the names of a map's nodes go: label placement that never lets two labels overlap.

The map draws node names itself (vis-network's own labels are switched off), at a constant
size on the screen whatever the zoom. Which names are shown, and where around its node
each one sits, is decided here, once, in Python:

1. **Priority.** The map's subject first, then bigger nodes (the size metric), then nodes
   with more links, municipalities (anchors) last; ties by id, so a map is always the same.
2. **Candidates.** Each label is tried in eight positions around its node (below, right,
   left, above and the four diagonals), in that order.
3. **Collisions.** A candidate is dropped where its box would overlap a label already
   shown, a node, or one of the texts behind the graph (county names, band titles: on a
   geographic map the base map draws them in the map's units, placed before the labels
   by :func:`partnermap.maps.basemap.place_county_names`); the first free candidate wins;
   a label with none is not shown.
4. **Zoom.** Labels have a constant size on the screen, so on the map's canvas they shrink
   as one zooms in. Placement runs at a ladder of zoom levels, smallest first, keeping
   what it placed: each label gets the smallest zoom (``min_scale``) from which it is
   shown. A box shrinks towards its node as the zoom grows, so labels that do not overlap
   at one level do not overlap at any higher level either.

A uniform grid (cells about one label wide) finds what a box could hit, so placing the
labels of a 10,000-node map takes a fraction of a second per level, not a pairwise scan.

Text widths are estimated from the font size and the characters (widths measured for
DejaVu Sans, the widest common ``system-ui`` face, rounded up); the page measures the
text it draws and drops any label that still collides, so the estimate only decides how
many labels fit. Names longer than :data:`MAX_CHARS` are cut with an ellipsis on the map;
the tooltip and the details panel show them in full. Bidirectional control characters
(right-to-left overrides and the like) are removed from map labels so that no name can
reverse the text drawn after it.

Examples
--------
>>> spots = place_labels(
...     [LabelSpec("a", 0.0, 0.0, 10.0, "Tartu"), LabelSpec("b", 30.0, 0.0, 10.0, "Tartu Ülikool")],
...     scales=(0.5, 1.0, 2.0),
... )
>>> [(s.id, s.candidate, s.min_scale) for s in spots]
[('a', 0, 0.5), ('b', 1, 0.5)]
>>> short_label("Eesti Linnade ja Valdade Liit, the Association of Estonian Cities")
'Eesti Linnade ja Valdade Liit, the Asso…'
"""

from __future__ import annotations

import math
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

__all__ = [
    "CANDIDATES",
    "FONT",
    "GAP",
    "MAX_CHARS",
    "Box",
    "Fixed",
    "LabelSpec",
    "Placed",
    "candidate_box",
    "clean_label",
    "label_plan",
    "overlaps",
    "place_labels",
    "priority_order",
    "scale_ladder",
    "short_label",
    "text_height",
    "text_width",
]

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
"""The font the page draws labels in (the estimate of :func:`text_width` assumes it)."""
MAX_CHARS = 40
"""Names longer than this are cut on the map (the full name is in the tooltip)."""
GAP = 2.0
"""Room between a node's edge and its label, in canvas units like the node: so that a box
only shrinks towards its node as the zoom grows (a gap in screen pixels would move it)."""

# Unit: the font size. Measured in Chromium with DejaVu Sans (regular), rounded up.
_NARROW = frozenset(" .,:;!|'`ijlIJftr()[]{}/-")
_WIDE = frozenset("mwMW&…@%—")
_NARROW_EM, _NORMAL_EM, _UPPER_EM, _WIDE_EM, _OTHER_EM = 0.42, 0.65, 0.81, 1.0, 1.0
_BOLD = 1.12
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def clean_label(text: str) -> str:
    """The text as a map label: bidirectional controls removed, whitespace runs (newlines
    included) made one space.

    Examples
    --------
    >>> clean_label("abc\\u202edef  \\n x")
    'abcdef x'
    """
    kept = "".join(c for c in text if c not in _BIDI and unicodedata.category(c) not in ("Cc", "Cf"))
    return " ".join(kept.split())


def short_label(text: str, limit: int = MAX_CHARS) -> str:
    """The label drawn on the map: :func:`clean_label`, cut at ``limit`` characters.

    Examples
    --------
    >>> short_label("x" * 50, 10)
    'xxxxxxxxx…'
    >>> short_label("Võru")
    'Võru'
    """
    cleaned = clean_label(text)
    if len(cleaned) <= limit:
        return cleaned
    return cleaned[: limit - 1].rstrip() + "…"


def _em(char: str) -> float:
    if char in _NARROW:
        return _NARROW_EM
    if char in _WIDE:
        return _WIDE_EM
    if char.isascii() or (unicodedata.category(char).startswith("L") and ord(char) < 0x250):
        return _UPPER_EM if char.isupper() else _NORMAL_EM
    return _OTHER_EM


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Estimated width in pixels of ``text`` drawn at ``size`` px (an upper bound for the
    page's fonts in practice).

    Examples
    --------
    >>> round(text_width("Võru", 12), 1)
    30.4
    """
    return sum(_em(c) for c in text) * size * (_BOLD if bold else 1.0)


def text_height(size: float) -> float:
    """Height in pixels of a line of text drawn at ``size`` px (the box the page draws).

    Examples
    --------
    >>> text_height(12)
    15.0
    """
    return size * 1.25


Box = tuple[float, float, float, float]
"""``(x0, y0, x1, y1)`` on the map's canvas."""

CANDIDATES = ("below", "right", "left", "above", "below-right", "below-left", "above-right", "above-left")
"""The positions a label is tried in, in order (the page uses the same numbering)."""
_DIAGONAL = math.sqrt(0.5)


def candidate_box(x: float, y: float, r: float, w: float, h: float, *, candidate: int, scale: float) -> Box:
    """The box of a label ``w`` x ``h`` screen pixels around a node at ``(x, y)`` of radius
    ``r`` (canvas units) in position ``candidate``, at zoom ``scale``.

    Examples
    --------
    >>> candidate_box(0, 0, 10, 40, 15, candidate=0, scale=1.0)
    (-20.0, 12.0, 20.0, 27.0)
    >>> candidate_box(0, 0, 10, 40, 15, candidate=1, scale=2.0)
    (12.0, -3.75, 32.0, 3.75)
    """
    w, h, reach = w / scale, h / scale, r + GAP
    if candidate == 0:
        return (x - w / 2, y + reach, x + w / 2, y + reach + h)
    if candidate == 1:
        return (x + reach, y - h / 2, x + reach + w, y + h / 2)
    if candidate == 2:
        return (x - reach - w, y - h / 2, x - reach, y + h / 2)
    if candidate == 3:
        return (x - w / 2, y - reach - h, x + w / 2, y - reach)
    d = reach * _DIAGONAL
    right, below = candidate in (4, 6), candidate in (4, 5)
    x0 = x + d if right else x - d - w
    y0 = y + d if below else y - d - h
    return (x0, y0, x0 + w, y0 + h)


def overlaps(a: Box, b: Box) -> bool:
    """Whether two boxes overlap (touching edges do not count).

    Examples
    --------
    >>> overlaps((0, 0, 2, 2), (1, 1, 3, 3)), overlaps((0, 0, 2, 2), (2, 0, 4, 2))
    (True, False)
    """
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _hits_circle(box: Box, cx: float, cy: float, r: float) -> bool:
    nx = min(max(cx, box[0]), box[2])
    ny = min(max(cy, box[1]), box[3])
    return (nx - cx) ** 2 + (ny - cy) ** 2 < r * r


@dataclass(frozen=True)
class LabelSpec:
    """A label to place: its node's id, centre and radius (canvas units), the text as
    drawn, its size in screen pixels and weight. Passed to :func:`place_labels` in
    priority order."""

    id: str
    x: float
    y: float
    r: float
    text: str
    size: float = 12.0
    bold: bool = False

    @property
    def width(self) -> float:
        return text_width(self.text, self.size, bold=self.bold)

    @property
    def height(self) -> float:
        return text_height(self.size)


@dataclass(frozen=True)
class Placed:
    """Where a label goes: ``candidate`` (an index of :data:`CANDIDATES`) and the smallest
    zoom ``min_scale`` from which it is shown; ``candidate`` -1 when it never is."""

    id: str
    candidate: int
    min_scale: float


@dataclass(frozen=True)
class Fixed:
    """A text drawn behind the graph, as a box anchored at ``(x, y)`` (its centre, or its
    left end when ``left``).

    Without ``cap`` the text keeps its size on the screen: ``w`` x ``h`` are screen pixels.
    With ``cap`` it is drawn in the map's units, as the base map draws county names and band
    titles (``static/basemap.js``): ``w`` x ``h`` are canvas units at font size ``size``
    (canvas units), and the text never grows beyond ``cap`` pixels on the screen, so from
    the zoom ``cap / size`` on it shrinks on the canvas like a screen-sized text. Either way
    its canvas box never grows as the zoom grows, which the placement relies on.

    Examples
    --------
    >>> Fixed(0, 0, 40, 10).box(2.0)
    (-10.0, -2.5, 10.0, 2.5)
    >>> name = Fixed(0, 0, 400, 50, cap=18, size=40)  # a county name 40 units high
    >>> name.box(0.1), name.box(0.9)
    ((-200.0, -25.0, 200.0, 25.0), (-100.0, -12.5, 100.0, 12.5))
    """

    x: float
    y: float
    w: float
    h: float
    left: bool = False
    cap: float | None = None
    size: float = 0.0

    def box(self, scale: float) -> Box:
        if self.cap is None:
            w, h = self.w / scale, self.h / scale
        else:
            shrink = min(1.0, self.cap / (self.size * scale)) if self.size > 0 else 1.0
            w, h = self.w * shrink, self.h * shrink
        x0 = self.x if self.left else self.x - w / 2
        return (x0, self.y - h / 2, x0 + w, self.y + h / 2)


def scale_ladder(
    extent: float, *, smallest_view: float = 120.0, top: float = 4.0, step: float = math.sqrt(2.0)
) -> tuple[float, ...]:
    """Zoom levels to place labels at: from the zoom at which the map's ``extent`` (canvas
    units) fills ``smallest_view`` screen pixels up to ``top``, each level ``step`` times the last.

    Examples
    --------
    >>> [round(s, 3) for s in scale_ladder(1000.0, top=1.0)]
    [0.12, 0.17, 0.24, 0.339, 0.48, 0.679, 0.96, 1.0]
    """
    level = min(top, smallest_view / max(extent, 1.0))
    out = []
    while level < top:
        out.append(level)
        level *= step
    out.append(top)
    return tuple(out)


class _Grid:
    """Boxes and circles by the cells they cover, to find what a new box could hit."""

    def __init__(self, cell: float) -> None:
        self.cell = cell
        self.cells: dict[tuple[int, int], list[int]] = defaultdict(list)
        self.boxes: list[Box] = []
        self.circles: list[tuple[float, float, float, int]] = []  # x, y, r, owner (-1: box)

    def _span(self, box: Box) -> Iterable[tuple[int, int]]:
        c = self.cell
        for i in range(math.floor(box[0] / c), math.floor(box[2] / c) + 1):
            for j in range(math.floor(box[1] / c), math.floor(box[3] / c) + 1):
                yield i, j

    def add_box(self, box: Box) -> None:
        index = len(self.circles)
        self.boxes.append(box)
        self.circles.append((0.0, 0.0, -1.0, -1))
        for key in self._span(box):
            self.cells[key].append(index)

    def add_circle(self, x: float, y: float, r: float, owner: int) -> None:
        index = len(self.circles)
        box = (x - r, y - r, x + r, y + r)
        self.boxes.append(box)
        self.circles.append((x, y, r, owner))
        for key in self._span(box):
            self.cells[key].append(index)

    def free(self, box: Box, owner: int) -> bool:
        seen: set[int] = set()
        cells = self.cells
        for key in self._span(box):
            for index in cells.get(key, ()):
                if index in seen:
                    continue
                seen.add(index)
                other = self.boxes[index]
                if not overlaps(box, other):
                    continue
                x, y, r, who = self.circles[index]
                if r < 0:
                    return False
                if who != owner and _hits_circle(box, x, y, r):
                    return False
        return True


def place_labels(
    labels: Sequence[LabelSpec],
    *,
    scales: Sequence[float],
    obstacles: Iterable[tuple[float, float, float]] = (),
    fixed: Sequence[Fixed] = (),
    first_always: bool = False,
) -> list[Placed]:
    """Place labels in priority order at each zoom of ``scales`` (ascending).

    Parameters
    ----------
    labels : sequence of LabelSpec
        In priority order: the first label always gets the first free candidate.
    scales : sequence of float
        The zoom levels (screen pixels per canvas unit), ascending; see :func:`scale_ladder`.
    obstacles : iterable of (x, y, r)
        Nodes without a label to place (their circles must stay clear); the nodes of
        ``labels`` are obstacles too.
    fixed : sequence of Fixed
        Texts behind the graph that labels must not cover.
    first_always : bool
        The first label (the map's subject) is shown from the smallest zoom whatever: where
        it is free, else where it covers only texts behind the graph (the page hides those),
        else below its node.

    Returns
    -------
    list of Placed
        One per label, in the order given.

    Examples
    --------
    >>> crowd = [LabelSpec(str(i), 0.0, 0.0, 8.0, "Saaremaa") for i in range(12)]
    >>> spots = place_labels(crowd, scales=(1.0,))
    >>> sorted(s.candidate for s in spots if s.candidate >= 0)   # four sides; diagonals would overlap them
    [0, 1, 2, 3]
    """
    specs = list(labels)
    circles = [(s.x, s.y, s.r, i) for i, s in enumerate(specs)]
    circles += [(x, y, r, -1) for x, y, r in obstacles]
    chosen: list[int] = [-1] * len(specs)
    since: list[float] = [math.inf] * len(specs)
    sizes = [(s.width, s.height) for s in specs]
    typical = sorted(w for w, _ in sizes)[len(sizes) // 2] if sizes else 60.0
    xs = [c[0] for c in circles] or [0.0]
    ys = [c[1] for c in circles] or [0.0]
    # cells about a label wide, but never so wide that a few hold every node of the map
    finest = max(max(xs) - min(xs), max(ys) - min(ys), 1.0) / 48
    for scale in scales:
        grid = _Grid(max(min(typical / scale, finest), 1e-6))
        for x, y, r, owner in circles:
            grid.add_circle(x, y, r, owner)
        for item in fixed:
            grid.add_box(item.box(scale))
        for i, spec in enumerate(specs):
            if chosen[i] >= 0:
                w, h = sizes[i]
                grid.add_box(candidate_box(spec.x, spec.y, spec.r, w, h, candidate=chosen[i], scale=scale))
        if first_always and specs and chosen[0] < 0:
            chosen[0], since[0] = _first_spot(specs[0], sizes[0], circles, scales), scale
            w, h = sizes[0]
            grid.add_box(
                candidate_box(specs[0].x, specs[0].y, specs[0].r, w, h, candidate=chosen[0], scale=scale)
            )
        for i, spec in enumerate(specs):
            if chosen[i] >= 0:
                continue
            w, h = sizes[i]
            for candidate in range(len(CANDIDATES)):
                box = candidate_box(spec.x, spec.y, spec.r, w, h, candidate=candidate, scale=scale)
                if grid.free(box, i):
                    chosen[i], since[i] = candidate, scale
                    grid.add_box(box)
                    break
    return [
        Placed(spec.id, chosen[i], round(since[i], 4) if chosen[i] >= 0 else -1.0)
        for i, spec in enumerate(specs)
    ]


def _first_spot(
    spec: LabelSpec,
    size: tuple[float, float],
    circles: list[tuple[float, float, float, int]],
    scales: Sequence[float],
) -> int:
    """The candidate of ``spec`` that covers no node from the smallest zoom of ``scales``
    on (boxes only shrink towards their node as the zoom grows); 0 if none ever does."""
    for scale in scales:
        grid = _Grid(max(size[0] / scale, 1e-6))
        for x, y, r, owner in circles:
            grid.add_circle(x, y, r, owner)
        for candidate in range(len(CANDIDATES)):
            if grid.free(candidate_box(spec.x, spec.y, spec.r, *size, candidate=candidate, scale=scale), 0):
                return candidate
    return 0


def priority_order(
    ids: Iterable[str],
    *,
    radius: Mapping[str, float],
    degree: Mapping[str, int],
    focus: str | None = None,
    anchors: Iterable[str] = (),
) -> list[str]:
    """Node ids in labelling priority: the subject, then bigger, then better linked nodes,
    anchors (municipalities brought in for place) last, then by id.

    Examples
    --------
    >>> priority_order(["a", "b", "c"], radius={"a": 5, "b": 9, "c": 5}, degree={"c": 3}, focus="a")
    ['a', 'b', 'c']
    """
    low = set(anchors)
    return sorted(
        ids,
        key=lambda n: (n != focus, n in low, -round(radius.get(n, 0.0), 3), -degree.get(n, 0), n),
    )


def label_plan(
    names: Sequence[tuple[str, str]],
    positions: Mapping[str, tuple[float, float]],
    radii: Mapping[str, float],
    *,
    degree: Mapping[str, int],
    focus: str | None = None,
    anchors: Iterable[str] = (),
    backdrop: Sequence[Mapping[str, object]] = (),
    limit: int = 3000,
    view: Sequence[float] | None = None,
) -> dict[str, object]:
    """The labels of a map as the page draws them.

    Parameters
    ----------
    names : sequence of (id, name)
        The nodes in the page's order with their full names.
    positions, radii : mappings by id
        Where each node is and how big it is drawn (canvas units).
    degree : mapping of id to int
        Links of each node (a tie-break of the priority).
    focus : str, optional
        The map's subject: labelled first, in bold.
    anchors : iterable of str
        Municipalities brought in for place: labelled last, smaller.
    backdrop : sequence of mappings
        The texts behind the graph (``text``, ``x``, ``y``, ``size``, ``align``): drawn at a
        constant screen size, or, with ``"units": "map"`` and ``cap``, in the map's units
        as the base map draws county names and band titles (see :class:`Fixed`).
    view : (x0, y0, x1, y1), optional
        A box the page's first view takes in besides the nodes (the counties a coverage map
        shades): the zoom levels start low enough for it, so the subject's label shows there.
    limit : int
        Only the first ``limit`` labels by priority are placed; the rest show on hover,
        for search hits and with a selection (keeps big maps quick to build and draw).
        Maps of more than 1500 nodes also get fewer zoom levels (each twice the last,
        from the zoom at which the map fills 300 pixels).

    Returns
    -------
    dict
        ``font``, ``gap``, ``size`` (of an ordinary label), ``maxChars`` and ``labels``:
        ``[node index, text, size, bold, candidate, min_scale]`` of the labels placed, in
        priority order (the page makes the others from the node's name when it needs them).

    Examples
    --------
    >>> plan = label_plan([("a", "Võru vald"), ("b", "Võru linn")], {"a": (0, 0), "b": (0, 30)},
    ...                   {"a": 8.0, "b": 8.0}, degree={}, focus="b")
    >>> [row[1] for row in plan["labels"]], plan["labels"][0][3]
    (['Võru linn', 'Võru vald'], 1)
    """
    low = set(anchors)
    index = {node: i for i, (node, _) in enumerate(names)}
    text_of = dict(names)
    order = priority_order(index, radius=radii, degree=degree, focus=focus, anchors=low)
    specs = [
        LabelSpec(
            node,
            float(positions[node][0]),
            float(positions[node][1]),
            float(radii.get(node, 8.0)),
            short_label(text_of[node]),
            size=15.0 if node == focus else 11.0 if node in low else 12.0,
            bold=node == focus,
        )
        for node in order
    ]
    big = len(specs) > 1500
    placeable = specs[:limit]
    xs = [s.x for s in specs] or [0.0]
    ys = [s.y for s in specs] or [0.0]
    if view is not None:
        xs, ys = [*xs, view[0], view[2]], [*ys, view[1], view[3]]
    extent = max(max(xs) - min(xs), max(ys) - min(ys), 1.0)
    fixed = [_fixed(item) for item in backdrop]
    obstacles = [(s.x, s.y, s.r) for s in specs[limit:]]
    spots = place_labels(
        placeable,
        scales=scale_ladder(extent, smallest_view=300.0, step=2.0) if big else scale_ladder(extent),
        obstacles=obstacles,
        fixed=fixed,
        first_always=focus is not None and bool(specs) and specs[0].id == focus,
    )
    spots += [Placed(s.id, -1, -1.0) for s in specs[limit:]]
    return {
        "font": FONT,
        "gap": GAP,
        "size": 12.0,
        "maxChars": MAX_CHARS,
        "labels": [
            [index[s.id], s.text, s.size, int(s.bold), spot.candidate, spot.min_scale]
            for s, spot in zip(specs, spots, strict=True)
            if spot.candidate >= 0
        ],
    }


def _fixed(item: Mapping[str, object]) -> Fixed:
    """A text behind the graph as :class:`Fixed` (bold: both pages draw them at weight 600)."""
    size = float(str(item["size"]))
    text = str(item["text"])
    cap = float(str(item["cap"])) if item.get("units") == "map" else None
    return Fixed(
        float(str(item["x"])),
        float(str(item["y"])),
        text_width(text, size, bold=True),
        text_height(size),
        left=item.get("align") == "left",
        cap=cap,
        size=size if cap is not None else 0.0,
    )
