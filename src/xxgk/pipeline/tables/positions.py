"""Stage 1b for layout text: the column each number stands in, where a table's blank cells print nothing.

A PDF-to-text converter that keeps the page's layout (``pdftotext -layout``, pdfplumber's layout mode) prints
a blank cell as spaces, so a sparse row reads ``一、本年新收…   6    1              7``: three numbers for seven
cells, which no count of cells can place. Their columns can: every number stands under its column's heading,
as a reader sees it. So, for a table whose columns are known (``LEAVES``: table 三's seven, table 四's fifteen):

- the columns' places come from the heading (``headings``): the lines above the first number hold the names
  of the template's columns, each printed as one piece or stacked down its cell (``自然`` / ``人``, ``社会`` /
  ``公益`` / ``组织``); every name must be found once, in the template's order, or nothing is placed by place;
- rows that print every cell must stand in those places, or give them when the heading is not found
  (``agreed_bands``);
- a row with fewer numbers than cells gets a blank for each column without a number (``with_blanks``), but
  only when every number it prints stands inside one column's band — between the midpoints to its
  neighbours' places, and within ``SLACK`` columns of its own — and no two share one (``columns_of``). A
  number that straddles two bands leaves its row as it was (refused later, as before); it is never given to
  the nearer one. A numbered row below the heading that prints nothing is all blank.

A column shifted as a whole would keep every identity (the applicants' columns add up to the same total), so
a heading not found in full is no heading: the rule reads by place only where the print says which column
is which. Rows so read are placed by inference (their tokens ``by_position``).

Page by page (``pages``: a converter's form feed starts a page, with its own left edge): a page is read by its
own heading (Word's header rows repeated on it, whose words are then left out of the rows) or its own full
rows, else its rows stay as they print. ``heads_columns`` tells layout text by its heading alone (table 四:
one line of numbers, no alignment to see).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from xxgk.core.spec import T3_COLUMNS, T3_GROUP_LABELS, T4_COLUMNS, T4_GROUPS
from xxgk.core.text import norm, squash
from xxgk.core.vocabulary import unified
from xxgk.pipeline.tables.segments import (
    GAP,
    ROW_NUMBER,
    Gathered,
    Original,
    Seg,
    line_columns,
    split_line,
    starts_row,
)
from xxgk.pipeline.tables.tokens import Line
from xxgk.pipeline.tables.values import is_page_furniture

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
    """The template's column names among the heading's pieces (stacked pieces joined top down), left to right,
    each on the line of its last piece; None unless each column is named exactly once and in the template's
    order."""
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
        best = (text, list(chain), lo, hi, last) if text in names else None
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
                best = (text, list(chain), lo, hi, last)
        if best is not None:
            used.update(best[1])
            found.append(Piece(best[0], best[4], best[2], best[3]))  # (on the line of its last piece)
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


def piece(ln: Line, s: Seg) -> Piece:
    return Piece(s.text, ln.number, s.col_start, s.col_end)


def heads_columns(lines: list[Line], leaves: tuple[str, ...], original: Original | None = None) -> bool:
    """Layout text told by its heading (a table of one or two rows of numbers, table 四's): the names of the
    table's columns (``leaves``) stand spaced apart on the lines above its first number, in the template's
    order, each in one piece or stacked down its cell, and every number of that first line stands under one."""
    lines = [ln for ln in lines if ln.text.strip() and not is_page_furniture(ln.text)]  # (as ``gather_rows``)
    first = next((i for i, ln in enumerate(lines) if any(s.is_value for s in split_line(ln.text))), None)
    if not leaves or not first or not any(GAP.search(ln.text.strip()) for ln in lines[:first]):
        return False
    for wide in (False, True):
        segs = [(ln, split_line(ln.text, line_columns(ln, wide, original))) for ln in lines[: first + 1]]
        heading = headings([piece(ln, s) for ln, ss in segs[:-1] for s in ss if not s.is_value], leaves)
        bands = bands_of(heading) if heading is not None else None
        if bands is not None and columns_of([piece(segs[-1][0], s) for s in segs[-1][1] if s.is_value], bands):
            return True
    return False


def pages(lines: list[Line], original: Original | None) -> dict[int, int]:
    """The page of each line (0, 1, …): a converter's form feed before a line starts a page (normalised to a
    line break, it stands in the original text). Each page of layout text has its own left edge."""
    out, page = {}, 0
    for ln in lines:
        if original is not None and ln.start > 0 and "\x0c" in original(ln.start - 1, ln.start)[0]:
            page += 1
        out[ln.number] = page
    return out


def with_blanks(rows: list[Gathered], leaves: tuple[str, ...], page: dict[int, int] | None = None) -> list[Gathered]:
    """Rows that print fewer numbers than the table has columns (``leaves``, their names), each given a blank
    for every column it prints no number in, where the heading above the page's first number (or the page's rows
    that print every cell) shows which column each of its numbers stands in (see ``positions``). Page by page
    (``page``: each line's): each page has its own left edge, so a page without a heading of its own (a table's
    continuation, unless its header rows repeat) or full rows leaves its rows as they are, as is every other
    row. The tokens of a row so given blanks are ``by_position``."""
    first = min((ln.number for r in rows for ln, _ in r.values), default=None)
    if first is None:
        return rows
    page = _headed_pages(rows, leaves, page or {}, first)
    rows = _other_row_apart(rows, first)
    repeated = _without_repeated_headings(rows, leaves, page, page.get(first, 0)) if page else {}
    for here in sorted({page.get(ln.number, 0) for r in rows for ln, _ in r.values}):
        _page_blanks(rows, leaves, {n for n, p in page.items() if p == here} if page else None, repeated.get(here))
    return rows


def _headed_pages(rows: list[Gathered], leaves: tuple[str, ...], page: dict[int, int], first: int) -> dict[int, int]:
    """``page`` with a page break before each repeated heading that no form feed marks: the table's column names
    printed again, whole, below its first number, with a line of numbers after them (Word's header rows at the top
    of each page, the pages joined by a line break: pdfplumber's text of a PDF page by page, a crawler that strips
    form feeds). A heading is looked for between two lines that print numbers or start a row (its own lines do
    neither); the page starts on its top line: the first of the lines above its names that print only words the
    heading above the table's first number prints (申请人情况, the column's note), not the tail of a label."""
    if len(leaves) < 2:
        return page
    valued = sorted({ln.number for r in rows for ln, _ in r.values})
    words = sorted(((ln, s) for r in rows for ln, s in (*r.texts, *r.pieces) if ln.number > first),
                   key=lambda w: (w[0].number, w[1].start))
    breaks = sorted({*valued, *(ln.number for ln, s in words if ROW_NUMBER.match(s.text))})
    runs: dict[int, list[Piece]] = {}
    for ln, s in words:
        runs.setdefault(bisect_right(breaks, ln.number), []).append(piece(ln, s))
    printed = {_key(s.text) for r in rows for ln, s in (*r.texts, *r.pieces) if ln.number < first}  # (the heading's)
    found: list[tuple[int, list[Piece]]] = []
    for run in runs.values():
        if headings(run, leaves) is None:
            continue
        lines = sorted({w.line for w in run})
        top = max(n for n in lines if headings([w for w in run if w.line >= n], leaves) is not None)
        for n in reversed([n for n in lines if n < top]):  # (its lines above the names: 申请人情况, a note)
            if not all(_key(w.text) in printed for w in run if w.line == n):
                break
            top = n
        if bisect_right(valued, top) < len(valued) and page.get(top, 0) == page.get(lines[0], 0):
            found.append((top, run))  # (numbers follow it, and no form feed marks its page already)
    if not found:
        return page
    tops = sorted(_running_header_tops(found))
    numbers = sorted({*page, *(ln.number for r in rows for ln, _ in (*r.texts, *r.pieces, *r.values))})
    return {n: page.get(n, 0) + bisect_right(tops, n) for n in numbers}


def _running_header_tops(found: list[tuple[int, list[Piece]]]) -> list[int]:
    """Each repeated heading's top line (``found``: with the words of the lines around it), moved up over the line
    right above it while that line prints the same words right above another repeated heading: a running header (the
    agency's name at the top of every page), which starts the page."""
    tops = [top for top, _ in found]
    for _ in range(3):  # (a running header of up to three lines)
        above = []
        for top, (_, run) in zip(tops, found, strict=True):
            n = max((w.line for w in run if w.line < top), default=None)
            above.append((n, " ".join(_key(w.text) for w in run if w.line == n) if n is not None else ""))
        counts: dict[str, int] = {}
        for _, text in above:
            counts[text] = counts.get(text, 0) + 1
        moved = [n if n is not None and text and counts[text] >= 2 else top
                 for top, (n, text) in zip(tops, above, strict=True)]
        if moved == tops:
            break
        tops = moved
    return tops


def _without_repeated_headings(rows: list[Gathered], leaves: tuple[str, ...], page: dict[int, int],
                               start: int) -> dict[int, list[Piece]]:
    """The table's heading printed again at the top of a later page (Word's repeated header rows) left out: its
    words (``其他``, ``总计``, ``申请人情况``) would read as the label of the row before the page break. A page after
    ``start`` (the first number's) whose lines name every column (``positions.headings``) loses the text above and on
    its heading's last line, but for row labels (a numbered label). Returns each such page's heading."""
    found: dict[int, list[Piece]] = {}
    for here in sorted({p for p in page.values() if p > start}):
        items = [(ln, s) for r in rows for ln, s in (*r.texts, *r.pieces) if page.get(ln.number) == here]
        heading = headings([piece(ln, s) for ln, s in items], leaves)
        if heading is None:
            continue
        found[here] = heading
        top = max(h.line for h in heading)
        drop = {id(s) for ln, s in items if ln.number <= top and not ROW_NUMBER.match(s.text)}
        for r in rows:
            r.texts = [(ln, s) for ln, s in r.texts if id(s) not in drop]
            r.pieces = [(ln, s) for ln, s in r.pieces if id(s) not in drop]
    return found


def _page_blanks(rows: list[Gathered], leaves: tuple[str, ...], lines: set[int] | None,
                 repeated: list[Piece] | None = None) -> None:
    """``with_blanks`` on one page's rows (``lines``: its line numbers; None: a text of one page; ``repeated``: the
    page's heading, printed again and left out of its rows)."""
    n = len(leaves)

    def here(ln: Line) -> bool:
        return lines is None or ln.number in lines

    def on_page(items: list[tuple[Line, Seg]]) -> bool:
        return all(here(ln) for ln, _ in items)

    first = min(ln.number for r in rows for ln, _ in r.values if here(ln))
    above = [piece(ln, s) for r in rows for ln, s in (*r.texts, *r.pieces) if ln.number < first and here(ln)]
    dense = [[piece(ln, s) for ln, s in r.values] for r in rows if len(r.values) == n and on_page(r.values)]
    heading = repeated if repeated is not None else headings(above, leaves)
    bands = agreed_bands(heading, dense)
    if bands is None:
        return
    top = max(h.line for h in heading) if heading is not None else first
    for row in rows:
        if not on_page([*row.texts, *row.values]):
            continue
        if not row.values:
            # (a numbered row below the heading printing nothing in any column: all its cells blank)
            labels = [(ln, s) for ln, s in row.texts if ln.number > top]
            if labels and starts_row([s for _, s in labels]):
                ln0, seg = labels[-1]  # (on its label's last line: the lines before it are its label's)
                row.values = [(ln0, Seg.blank(seg.end, b.centre)) for b in bands]
            continue
        if len(row.values) >= n:
            continue
        values = sorted(row.values, key=lambda v: v[1].centre)
        cols = columns_of([piece(ln, s) for ln, s in values], bands)
        if cols is None:
            continue
        ln0 = values[0][0]
        for j, band in enumerate(bands):
            if j in cols:
                continue
            left = [s.end for ln, s in values if ln is ln0 and s.centre < band.lo]
            at = max(left) if left else values[0][1].start  # (zero width: between the numbers printed around it)
            row.values.append((ln0, Seg.blank(at, band.centre)))


_OTHER = squash(norm(T3_GROUP_LABELS["other"]))
_TOTAL_ROW = re.compile(r"^[(（]七[)）]")


def _other_row_apart(rows: list[Gathered], first: int) -> list[Gathered]:
    """The 2019 template's （六）其他处理 row printing no number: on a line of its own below the first number,
    it floats as a spanning heading (the 2021 template's group over its sub-rows); right before （七）总计 it is
    the 2019 row, a row of its own."""
    out: list[Gathered] = []
    for i, row in enumerate(rows):
        out.append(row)
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        if nxt is None or not nxt.texts or not _TOTAL_ROW.match(nxt.texts[0][1].text):
            continue
        lone = [(ln, s) for ln, s in row.pieces if ln.number > first and squash(norm(s.text)) == _OTHER
                and not any(o is ln for o, _ in (*row.texts, *row.values))]
        if len(lone) == 1:
            row.pieces = [p for p in row.pieces if p[1] is not lone[0][1]]
            out.append(Gathered(texts=lone))
    return out
