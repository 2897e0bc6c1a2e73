"""Page-image stages, pure numpy (no OCR engine): ink, skew, ruling lines, table grids, cells and the text
lines inside a cell. Each stage takes arrays or the previous stage's result and returns plain data, so it
can be looked at on its own:

    gray --ink--> mask --estimate_skew--> angle          (the page is straightened by the caller)
    mask --find_rulings--> Rulings --find_grids--> [Grid] --grid_cells--> [GridCell]
    mask, GridCell --ink_box--> where to read

Coordinates are pixels of the (straightened) page image, origin top left.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

Gray = npt.NDArray[np.uint8]
Mask = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Segment:
    """A ruling line: ``pos`` is its y (horizontal) or x (vertical); it runs from ``lo`` to ``hi``."""

    pos: float
    lo: int
    hi: int


@dataclass(slots=True)
class Rulings:
    h: list[Segment] = field(default_factory=list)
    v: list[Segment] = field(default_factory=list)


@dataclass(slots=True)
class Grid:
    """One ruled table: the positions of its row lines (``ys``) and column lines (``xs``), and the
    segments it is drawn with (to tell merged cells)."""

    ys: list[float]
    xs: list[float]
    h: list[Segment]
    v: list[Segment]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]


@dataclass(frozen=True, slots=True)
class GridCell:
    """A cell of a grid after merging: its first row and column, its spans and its box."""

    row: int
    col: int
    rows: int
    cols: int
    box: tuple[int, int, int, int]  # x0, y0, x1, y1


#: a page darker than this on average is light text on a dark ground (a phone's dark mode, WeChat's night mode)
DARK_PAGE = 110


def dark_on_light(gray: Gray) -> Gray:
    """The page as dark ink on light paper: a dark-mode screenshot (light text on a dark ground, whose ink
    every later stage would take for paper) inverted; any other page as it is."""
    return np.asarray(255 - gray) if float(gray.mean()) < DARK_PAGE else gray


def otsu(gray: Gray) -> int:
    hist = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    p = hist / max(hist.sum(), 1.0)
    omega = np.cumsum(p)
    mu = np.cumsum(p * np.arange(256))
    with np.errstate(divide="ignore", invalid="ignore"):
        sigma = (mu[-1] * omega - mu) ** 2 / (omega * (1 - omega))
    return int(np.nanargmax(sigma)) if np.isfinite(sigma).any() else 128


#: a pixel lighter than this is never ink by its own level (the shading of a header row, ~215, is paper)
MAX_INK = 200
#: ... but it is ink as part of a thin line: this much darker than the pixels ``LINE_REACH`` away on both
#: sides across it (a thin gray ruling line; the edge of a shaded cell is lighter on one side only)
CONTRAST = 25
LINE_REACH = 3


def ink(gray: Gray, threshold: int | None = None) -> Mask:
    """Dark pixels (at or below Otsu's threshold and ``MAX_INK``, or a given threshold), and the pixels of
    thin lines lighter than that."""
    if threshold is not None:
        return np.asarray(gray <= threshold)
    dark = gray <= min(otsu(gray), MAX_INK)
    g = gray.astype(np.int16)
    d = LINE_REACH
    thin = np.zeros_like(dark)
    if g.shape[0] > 2 * d:
        mid = g[d:-d, :]
        thin[d:-d, :] |= (g[: -2 * d, :] - mid >= CONTRAST) & (g[2 * d :, :] - mid >= CONTRAST)
    if g.shape[1] > 2 * d:
        mid = g[:, d:-d]
        thin[:, d:-d] |= (g[:, : -2 * d] - mid >= CONTRAST) & (g[:, 2 * d :] - mid >= CONTRAST)
    return np.asarray(dark | thin)


#: text is printed dark: no lighter pixel is part of a cell's text, whatever its contrast
MAX_TEXT_GRAY = 200


def text_ink(gray: Gray, mask: Mask) -> Mask:
    """The ink of text: ``mask`` where the pixel is also dark in itself (at or below Otsu's threshold and
    ``MAX_TEXT_GRAY``), which leaves out the light halo of a thin ruling line."""
    return np.asarray(mask & (gray <= min(otsu(gray), MAX_TEXT_GRAY)))


def estimate_skew(mask: Mask, max_degrees: float = 2.0, max_points: int = 200_000) -> float:
    """The angle (degrees, counter-clockwise positive, as PIL's ``rotate``) the page's content is turned by:
    the one that makes the histogram of ink rows sharpest (lines of text and rulings line up), searched
    coarse to fine down to 0.02°. Undo it with ``image.rotate(-angle)``."""
    ys, xs = np.nonzero(mask)
    if len(ys) < 50:
        return 0.0
    if len(ys) > max_points:
        pick = np.linspace(0, len(ys) - 1, max_points).astype(np.int64)
        ys, xs = ys[pick], xs[pick]
    xc = xs - mask.shape[1] / 2
    yf = ys.astype(np.float64)

    def sharpness(angle: float) -> float:
        rows = np.round(yf + xc * math.tan(math.radians(angle))).astype(np.int64)
        hist = np.bincount(rows - rows.min())
        return float(np.dot(hist, hist))

    best = 0.0
    for span, step in ((max_degrees, 0.2), (0.25, 0.05), (0.06, 0.02)):
        angles = np.arange(best - span, best + span + 1e-9, step)
        best = float(angles[int(np.argmax([sharpness(a) for a in angles]))])
    return round(best, 3)


def _long_runs(mask: Mask, length: int) -> Mask:
    """True where a pixel lies in a horizontal run of ink at least ``length`` pixels long."""
    h, w = mask.shape
    if length > w or length < 1:
        return np.zeros_like(mask)
    cs = np.zeros((h, w + 1), dtype=np.int32)
    np.cumsum(mask, axis=1, out=cs[:, 1:])
    full = (cs[:, length:] - cs[:, :-length]) == length  # a window starting here is all ink
    cf = np.zeros((h, full.shape[1] + 1), dtype=np.int32)
    np.cumsum(full, axis=1, out=cf[:, 1:])
    j = np.arange(w)
    lo = np.clip(j - length + 1, 0, full.shape[1])
    hi = np.clip(j + 1, 0, full.shape[1])
    return np.asarray((cf[:, hi] - cf[:, lo]) > 0)


def _segments_along(mask: Mask, min_len: int, max_gap: int) -> list[Segment]:
    runs = _long_runs(mask, min_len)
    rows = np.flatnonzero(runs.sum(axis=1) >= min_len)
    out: list[Segment] = []
    if len(rows) == 0:
        return out
    for band_rows in np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1):  # a line is a few pixels thick
        band = runs[band_rows[0] : band_rows[-1] + 1]
        cols = np.flatnonzero(band.any(axis=0))
        if len(cols) == 0:
            continue
        cuts = np.flatnonzero(np.diff(cols) > max_gap + 1)
        for lo, hi in zip(np.r_[cols[0], cols[cuts + 1]], np.r_[cols[cuts], cols[-1]], strict=True):
            if hi - lo + 1 < min_len:
                continue
            weights = band[:, lo : hi + 1].sum(axis=1)
            pos = float(np.dot(band_rows, weights) / max(int(weights.sum()), 1))
            out.append(Segment(round(pos, 1), int(lo), int(hi)))
    return out


def find_rulings(mask: Mask, dpi: int, min_h_inches: float = 1.0, min_v_inches: float = 0.3) -> Rulings:
    """Horizontal and vertical ruling lines: runs of ink at least an inch (horizontal) or 0.3 inch
    (vertical) long, filled areas left out (``without_fills``). Lines of one table cross; a bold character is
    never that long."""
    gap = max(2, round(dpi / 50))
    mask = without_fills(mask, max(6, round(dpi / 20)))
    return Rulings(h=_segments_along(mask, round(min_h_inches * dpi), gap),
                   v=_segments_along(mask.T, round(min_v_inches * dpi), gap))


def without_fills(mask: Mask, size: int) -> Mask:
    """``mask`` without its filled areas: every pixel under a ``size`` × ``size`` square of ink (1.3 mm at the
    page's dpi, which no ruling line and no stroke of text fills) is cleared. A phone screenshot's status bar or
    a dark header band is such an area: its columns were each a vertical "line" that ran into the table's, and
    the consecutive columns made one band of the whole width, where no ruling was told apart."""
    h, w = mask.shape
    if h < size or w < size:
        return mask
    full = _window_sums(mask, size) == size * size  # (at the top left corner of each square of ink)
    if not full.any():
        return mask
    corners = np.zeros((h + size - 1, w + size - 1), dtype=bool)
    corners[size - 1 : h, size - 1 : w] = full
    covered = _window_sums(corners, size) > 0  # (a pixel is covered when a square's corner is up to size-1 before it)
    return np.asarray(mask & ~covered)


def _window_sums(a: np.ndarray, size: int) -> np.ndarray:
    """The sum of every ``size`` × ``size`` window of ``a``, at the window's top left corner (an integral image)."""
    ii = np.zeros((a.shape[0] + 1, a.shape[1] + 1), dtype=np.int32)
    np.cumsum(np.cumsum(a, axis=0), axis=1, out=ii[1:, 1:])
    return ii[size:, size:] - ii[:-size, size:] - ii[size:, :-size] + ii[:-size, :-size]


def _cluster(values: list[float], tol: float) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [round(sum(c) / len(c), 1) for c in out]


def find_grids(rulings: Rulings, tol: int = 4) -> list[Grid]:
    """Tables as connected sets of crossing lines, top to bottom. A table cut by a page break has no
    closing line: it is closed where its vertical lines end."""
    hs, vs = rulings.h, rulings.v
    parent = list(range(len(hs) + len(vs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(hs):
        for j, b in enumerate(vs):
            if a.lo - tol <= b.pos <= a.hi + tol and b.lo - tol <= a.pos <= b.hi + tol:
                parent[root(i)] = root(len(hs) + j)
    groups: dict[int, list[int]] = {}
    for i in range(len(parent)):
        groups.setdefault(root(i), []).append(i)
    grids = []
    for members in groups.values():
        gh = [hs[i] for i in members if i < len(hs)]
        gv = [vs[i - len(hs)] for i in members if i >= len(hs)]
        if not gh or not gv:
            continue
        left, right = min(s.lo for s in gh), max(s.hi for s in gh)
        top, bottom = float(min(s.lo for s in gv)), float(max(s.hi for s in gv))
        # a table cut out of its page (a picture on a web page) may have lost its outer border: its rows'
        # lines still say where it ends
        span = (min(s.lo for s in gv), max(s.hi for s in gv))
        for x in (left, right):
            if all(abs(s.pos - x) > 3 * tol for s in gv):
                gv.append(Segment(float(x), *span))
        if bottom - max(s.pos for s in gh) > 3 * tol:
            gh.append(Segment(round(bottom, 1), left, right))
        if min(s.pos for s in gh) - top > 3 * tol:
            gh.append(Segment(round(top, 1), left, right))
        ys, xs = _cluster([s.pos for s in gh], tol), _cluster([s.pos for s in gv], tol)
        if len(ys) >= 2 and len(xs) >= 2:
            grids.append(Grid(ys=ys, xs=xs, h=gh, v=gv))
    grids.sort(key=lambda g: g.ys[0])
    return grids


def _covered(segments: list[Segment], pos: float, lo: float, hi: float, tol: float) -> bool:
    """Whether a line at ``pos`` (± tol) covers most of [lo, hi]."""
    need = 0.6 * (hi - lo)
    got = sum(max(0.0, min(hi, s.hi) - max(lo, s.lo)) for s in segments if abs(s.pos - pos) <= tol)
    return got >= need


def grid_cells(grid: Grid, tol: float = 4) -> list[GridCell]:
    """The cells of a grid, merged where the line between two neighbours is not drawn (a row-group label
    spanning rows, a header spanning columns); in reading order (by first row, then column)."""
    nr, nc = len(grid.ys) - 1, len(grid.xs) - 1
    parent = list(range(nr * nc))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and not _covered(grid.v, grid.xs[c + 1], grid.ys[r], grid.ys[r + 1], tol):
                parent[root(r * nc + c + 1)] = root(r * nc + c)
            if r + 1 < nr and not _covered(grid.h, grid.ys[r + 1], grid.xs[c], grid.xs[c + 1], tol):
                parent[root((r + 1) * nc + c)] = root(r * nc + c)
    parts: dict[int, list[tuple[int, int]]] = {}
    for r in range(nr):
        for c in range(nc):
            parts.setdefault(root(r * nc + c), []).append((r, c))
    cells = []
    for members in parts.values():
        r0, r1 = min(r for r, _ in members), max(r for r, _ in members)
        c0, c1 = min(c for _, c in members), max(c for _, c in members)
        box = (round(grid.xs[c0]), round(grid.ys[r0]), round(grid.xs[c1 + 1]), round(grid.ys[r1 + 1]))
        cells.append(GridCell(r0, c0, r1 - r0 + 1, c1 - c0 + 1, box))
    cells.sort(key=lambda g: (g.row, g.col))
    return cells


def ink_box(mask: Mask, box: tuple[int, int, int, int], inset: int = 3,
            min_pixels: int = 8) -> tuple[int, int, int, int] | None:
    """The box around the ink inside ``box`` (its ruling lines left out by ``inset``), or None when the
    cell is empty."""
    x0, y0, x1, y1 = box[0] + inset, box[1] + inset, box[2] - inset, box[3] - inset
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    m = mask[y0:y1, x0:x1].copy()
    # what is left of a thick or blurred ruling line along the box's sides: rows or columns inked nearly end
    # to end (no line of text is that solid)
    m[m.mean(axis=1) > 0.8, :] = False
    m[:, m.mean(axis=0) > 0.85] = False
    if int(m.sum()) < min_pixels:
        return None
    rows, cols = np.flatnonzero(m.any(axis=1)), np.flatnonzero(m.any(axis=0))
    return x0 + int(cols[0]), y0 + int(rows[0]), x0 + int(cols[-1]) + 1, y0 + int(rows[-1]) + 1
