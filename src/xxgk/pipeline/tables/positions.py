"""Stage 1b for layout text: the column each number stands in, where a table's blank cells print nothing.

A PDF-to-text converter that keeps the page's layout (``pdftotext -layout``, pdfplumber's layout mode) prints
a blank cell as spaces, so a sparse row reads ``一、本年新收…   6    1              7``: three numbers for seven
cells, which no count of cells can place. Their columns can: every number stands under its column's heading,
as a reader sees it. So, for a table whose columns are known (table 三's seven, table 四's fifteen):

- the columns' places come from the heading (``leaf_bands``): the lines above the first number hold the names
  of the template's columns, each printed as one piece or stacked down its cell (``自然`` / ``人``, ``社会`` /
  ``公益`` / ``组织``); every name must be found once, in the template's order, or nothing is placed by place;
- rows that print every cell (``dense_bands``) must stand in those places, or give them when the heading is
  not found;
- a row with fewer numbers than cells gets a blank for each column without a number (``with_blanks``), but
  only when every number it prints stands inside one column's band — between the midpoints to its
  neighbours' headings — and no two share one. A number that straddles two bands leaves its row as it was
  (refused later, as before); it is never given to the nearer one.

A column shifted as a whole would keep every identity (the applicants' columns add up to the same total), so
a heading not found in full is no heading: the rule reads by position only where the print says which column
is which.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from xxgk.core.spec import T3_COLUMNS, T4_COLUMNS, T4_GROUPS
from xxgk.core.text import norm, squash
from xxgk.core.vocabulary import unified

#: the names of a table's columns left to right, as the template heads them
LEAVES: dict[str, tuple[str, ...]] = {
    "t3": tuple(c.label for c in T3_COLUMNS),
    "t4": tuple(c.label for c in T4_COLUMNS) * len(T4_GROUPS),
}
#: names agencies print for a template column's heading
_SAME_NAME = {"合计": "总计"}
#: lines a stacked heading may skip between its pieces (a line of other columns' headings between them)
_STACK_GAP = 3


@dataclass(frozen=True, slots=True)
class Piece:
    """A printed piece of text or a number, where it stands: its line and its columns (end exclusive)."""

    text: str
    line: int
    col_start: float
    col_end: float

    @property
    def centre(self) -> float:
        return (self.col_start + self.col_end) / 2


#: how far (in columns) a number may stand beside its column's heading: a number printed at its cell's edge
#: under a heading centred in the cell
SLACK = 2.0


@dataclass(frozen=True, slots=True)
class Band:
    """The columns a template column's numbers may stand in: within ``lo`` to ``hi`` (the midpoints to its
    neighbours' places), and touching its place (``at``: the heading's columns, or a full row's number's) give
    or take ``SLACK`` — a page whose numbers drift from its heading (a font substituted, a narrower grid) reads
    nothing by place."""

    lo: float
    hi: float
    at: tuple[float, float]

    @property
    def centre(self) -> float:
        return (self.lo + self.hi) / 2

    def holds(self, p: Piece) -> bool:
        return self.lo <= p.col_start and p.col_end <= self.hi \
            and p.col_end > self.at[0] - SLACK and p.col_start < self.at[1] + SLACK


def _key(text: str) -> str:
    k = unified(squash(norm(text)))
    return _SAME_NAME.get(k, k)


def headings(pieces: Sequence[Piece], leaves: Sequence[str]) -> list[Piece] | None:
    """The template's column names among the heading's pieces (stacked pieces joined top down), left to right;
    None unless each column is named exactly once and in the template's order."""
    names = {_key(n) for n in leaves}
    ordered = sorted(pieces, key=lambda p: (p.line, p.col_start))
    used: set[int] = set()
    found: list[Piece] = []
    for i, p in enumerate(ordered):
        if i in used:
            continue
        text = _key(p.text)
        if not any(n.startswith(text) for n in names) or not text:
            continue
        chain, lo, hi, last = [i], p.col_start, p.col_end, p.line
        best = (text, list(chain), lo, hi) if text in names else None
        for j in range(i + 1, len(ordered)):
            q = ordered[j]
            if j in used or q.line == last or q.line > last + _STACK_GAP or q.col_end <= lo or q.col_start >= hi:
                continue  # (not below this stack: another line's other column)
            longer = text + _key(q.text)
            if not any(n.startswith(longer) for n in names):
                break
            text, last = longer, q.line
            chain.append(j)
            lo, hi = min(lo, q.col_start), max(hi, q.col_end)
            if text in names:
                best = (text, list(chain), lo, hi)
        if best is not None:
            used.update(best[1])
            found.append(Piece(best[0], p.line, best[2], best[3]))
    found.sort(key=lambda h: h.centre)
    if [h.text for h in found] != [_key(n) for n in leaves]:
        return None
    return found


def bands_of(places: Sequence[Piece]) -> list[Band] | None:
    """Each column's band: from the midpoint to its left neighbour's place to the midpoint to its right one's
    (the outer ones as wide on their open side). None when two places are not apart."""
    centres = [p.centre for p in places]
    if len(centres) < 2 or any(b - a < 1 for a, b in pairwise(centres)):
        return None
    mids = [(a + b) / 2 for a, b in pairwise(centres)]
    los = [2 * centres[0] - mids[0], *mids]
    his = [*mids, 2 * centres[-1] - mids[-1]]
    return [Band(lo, hi, (p.col_start, p.col_end)) for lo, hi, p in zip(los, his, places, strict=True)]


def columns_of(values: Sequence[Piece], bands: Sequence[Band]) -> list[int] | None:
    """The column of each number (left to right), or None when one stands in no band or two in one."""
    cols = []
    for v in sorted(values, key=lambda p: p.centre):
        inside = [j for j, b in enumerate(bands) if b.holds(v)]
        if len(inside) != 1:
            return None
        cols.append(inside[0])
    return cols if len(set(cols)) == len(cols) else None


def agreed_bands(heading: Sequence[Piece] | None, dense: Sequence[Sequence[Piece]]) -> list[Band] | None:
    """The bands of a table's columns: its heading's, which every row printing all cells must bear out; else,
    without a heading, the places of the rows that print all cells, if they agree."""
    if heading is not None:
        bands = bands_of(heading)
        if bands is None:
            return None
        for row in dense:
            if columns_of(row, bands) != list(range(len(bands))):
                return None  # (the heading and the numbers disagree: no reading by place)
        return bands
    if not dense:
        return None
    bands = bands_of(sorted(dense[0], key=lambda p: p.centre))
    if bands is None:
        return None
    for row in dense[1:]:
        if columns_of(row, bands) != list(range(len(bands))):
            return None
    return bands
