"""Stage 1a for layout text: a line's words, each with the columns it stands in (counted in characters, or in
display columns when a CJK character takes two), and the rows they are gathered into (``columns``)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from xxgk.core.spec import T3_GROUP_LABELS
from xxgk.core.text import norm, squash
from xxgk.pipeline.tables.linewise import LABEL_NUMBER
from xxgk.pipeline.tables.tokens import Line
from xxgk.pipeline.tables.values import parse_value

_WORD = re.compile(r"\S+")
_TOUCHING = re.compile(r"^0\d")  # a zero run into the next cell's digits
GAP = re.compile(r"\S {3,}\S")
ROW_NUMBER = re.compile(
    r"^(?:[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[.．、](?!\d))")
#: the headings of merged cells that span several rows (printed centred beside them, so on a line of their
#: own between the rows): a line holding only such a heading does not start a row
SPANNING_HEADINGS = frozenset(squash(norm(h)) for h in (*T3_GROUP_LABELS.values(), "三、本年度办理结果"))
#: the characters of the headings written vertically down a merged cell, which a converter that sorts a page's
#: words by their lines can glue after a row's last number (PyMuPDF ``sort=True``: "…  0  8结", the 结 of 办理结果)
_HEADING_CHARS = frozenset("".join(SPANNING_HEADINGS) + "申请人情况")
_PIECE_AFTER = re.compile(r"^(\d+)([\u4e00-\u9fff])$")
#: two numbers closer than this (characters between their centres) stand in the same column
COLUMN_TOLERANCE = 2.0


@dataclass(slots=True)
class Seg:
    """A word of a line: a number or a piece of text, its offsets in the line and the columns it stands in."""

    text: str
    start: int  # offset in the line
    end: int
    is_value: bool
    col_start: float  # its columns (character counts, or display columns)
    col_end: float
    rest: tuple[int, int] | None = None  # a number wrapped in its cell: its rest's offsets in the document text

    @property
    def centre(self) -> float:
        return (self.col_start + self.col_end) / 2

    @classmethod
    def blank(cls, at: int, centre: float) -> Seg:
        """A blank cell a row is given by the column it does not print in (``positions``): no text, zero width at
        line offset ``at``, standing at its column's ``centre``."""
        return cls("", at, at, True, centre, centre)

    @property
    def placed_blank(self) -> bool:
        """A blank given by position (``blank``): every printed word has text."""
        return not self.text


@dataclass(slots=True)
class Gathered:
    """A table row gathered from the lines of layout text: its label's words, its numbers, the pieces of a spanning
    heading printed beside it (each with its line)."""

    texts: list[tuple[Line, Seg]] = field(default_factory=list)
    values: list[tuple[Line, Seg]] = field(default_factory=list)
    closed: bool = False  # a line of text only came after its numbers: a label with numbers is a new row
    pieces: list[tuple[Line, Seg]] = field(default_factory=list)  # of a spanning heading, beside this row
    inferred: bool = False  # read by inference: a number set a line above it in a column apart (``_raised_cells``), or
    # wrapped in its cell (``columns.joined_wraps``)

    def overlaps(self, values: list[tuple[Line, Seg]]) -> bool:
        return overlap(self.values, values)


def overlap(a: list[tuple[Line, Seg]], b: list[tuple[Line, Seg]]) -> bool:
    """Whether two sets of numbers share a column."""
    return any(abs(x.centre - y.centre) <= COLUMN_TOLERANCE for _, x in a for _, y in b)


@lru_cache(maxsize=4096)
def is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


#: the original characters of a span of the normalised text, and where each normalised offset falls in
#: them (``Locator.original``)
Original = Callable[[int, int], tuple[str, list[int]]]


def display(text: str) -> list[int]:
    """The display column of each character when a CJK character takes two (as a text browser prints)."""
    cols, col = [], 0
    for ch in text:
        cols.append(col)
        col += 2 if is_wide(ch) else 1
    cols.append(col)
    return cols


def line_columns(ln: Line, wide: bool, original: Original | None) -> list[int]:
    """The column of each character of a line (and of its end), counted in the original characters — the
    converter placed those; normalising narrows some (``（`` to ``(``) — as characters, or display columns."""
    if original is None:
        return display(ln.text) if wide else list(range(len(ln.text) + 1))
    raw, index = original(ln.start, ln.start + len(ln.text))
    cols = display(raw) if wide else list(range(len(raw) + 1))
    return [cols[min(i, len(raw))] for i in index]


def split_line(text: str, cols: list[int] | None = None) -> list[Seg]:
    """A line's words, each a segment (a number, or a piece of text: converters put single spaces inside
    a cell's text where a line of it ends, and between a heading piece and the label beside it; a word of
    digits that starts with 0 is a 0 and the next cell, printed with no space between them); their
    ``start``/``end`` are offsets in the line, their columns from ``cols`` (default: the offsets)."""
    c = cols if cols is not None else list(range(len(text) + 1))
    out: list[Seg] = []
    for m in _WORD.finditer(text):
        word, a = m.group(), m.start()
        while _TOUCHING.match(word):  # "02": two cells whose columns touch; no count starts with a 0
            out.append(Seg("0", a, a + 1, True, c[a], c[a + 1]))
            word, a = word[1:], a + 1
        out.append(Seg(word, a, m.end(), parse_value(word) is not None, c[a], c[m.end()]))
    for i in range(len(out) - 1, 0, -1):  # a heading's character glued after a row's last number ("0  8结")
        seg, piece = out[i], _PIECE_AFTER.match(out[i].text)
        if piece and not seg.is_value and out[i - 1].is_value and piece.group(2) in _HEADING_CHARS:
            out[i : i + 1] = _cut(seg, seg.start + len(piece.group(1)), c, value_first=True)
    for i in range(len(out) - 2, -1, -1):  # a label glued to the row's first number ("…重新出具0  0  0")
        seg, glued = out[i], LABEL_NUMBER.match(out[i].text)
        if glued and not seg.is_value and out[i + 1].is_value:
            out[i : i + 1] = _cut(seg, seg.start + glued.start(2), c, value_first=False)
    return out


def _cut(seg: Seg, at: int, cols: list[int], *, value_first: bool) -> list[Seg]:
    """A text segment cut in two at line offset ``at``: a number and text, or text and a number."""
    return [Seg(seg.text[: at - seg.start], seg.start, at, value_first, cols[seg.start], cols[at]),
            Seg(seg.text[at - seg.start :], at, seg.end, not value_first, cols[at], cols[seg.end])]


def starts_row(texts: list[Seg]) -> bool:
    return any(ROW_NUMBER.match(s.text) for s in texts)
