"""Stage 1 for layout text: tables a PDF-to-text converter printed with spaces (``pdftotext -layout``,
pdfplumber's layout mode, "save as text" of many viewers). Each character stands at its place on the page,
so a cell's numbers sit at the same column on every line, but a row of the table is often not one line:

- a wrapped label puts its first and last lines around the line of numbers, and a label that is centred
  in a tall cell puts its numbers on the line before it or after it;
- cells of one row printed at different heights (a total centred in a two-line cell) split the numbers
  of one row over two lines;
- the heading of a merged column on the left (``三、本年度办理结果`` written vertically) shares lines with
  the row labels.

So lines are first read into segments (runs of text or numbers separated by two or more spaces, with their
column: counted in characters, or in display columns when the numbers line up better so, a CJK character
taking two, as text browsers print), then gathered into table rows:

- a row starts at a line whose text opens with a row number (``（二）``, ``1.``, ``一、``), or that prints a
  label beside numbers when the row before has numbers in those columns or a line of text after them;
  the other text lines continue its label;
- the heading of a merged cell that spans several rows (``（四）无法提供`` printed centred among its rows,
  ``三、本`` / ``年度办`` / ``理结果`` or one character a line when written vertically) floats: it decides
  nothing;
- a line that prints only numbers joins the row it stands in when that row has no numbers in those
  columns yet; otherwise it waits for the next row (a label centred below its numbers).

Each row is then written as the ``lines`` tokenizer writes it (label text, then the values in column
order), so the later stages do not change.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from xxgk.core.spec import T2_ROW_LABELS, T2_ROW_LABELS_2021, T3_GROUP_LABELS
from xxgk.core.text import norm, squash
from xxgk.pipeline.tables.linewise import LABEL_NUMBER
from xxgk.pipeline.tables.tokens import Line, Token
from xxgk.pipeline.tables.values import is_page_furniture, parse_value

_WORD = re.compile(r"\S+")
_TOUCHING = re.compile(r"^0\d")  # a zero run into the next cell's digits
_GAP = re.compile(r"\S {3,}\S")
_ROW_NUMBER = re.compile(
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
class _Seg:
    text: str
    start: int  # offset in the line
    end: int
    is_value: bool
    col_start: int  # its columns (character counts, or display columns)
    col_end: int

    @property
    def centre(self) -> float:
        return (self.col_start + self.col_end) / 2


@dataclass(slots=True)
class _Row:
    texts: list[tuple[Line, _Seg]] = field(default_factory=list)
    values: list[tuple[Line, _Seg]] = field(default_factory=list)
    closed: bool = False  # a line of text only came after its numbers: a label with numbers is a new row
    pieces: list[tuple[Line, _Seg]] = field(default_factory=list)  # of a spanning heading, beside this row

    def overlaps(self, values: list[tuple[Line, _Seg]]) -> bool:
        return _overlap(self.values, values)


def _overlap(a: list[tuple[Line, _Seg]], b: list[tuple[Line, _Seg]]) -> bool:
    """Whether two sets of numbers share a column."""
    return any(abs(x.centre - y.centre) <= COLUMN_TOLERANCE for _, x in a for _, y in b)


def is_layout_text(lines: list[Line], share: float = 0.3) -> bool:
    """Layout text: many lines space their fields apart (runs of 3+ spaces inside the line), and at least
    three lines print three or more numbers so spaced."""
    nonempty = [ln.text for ln in lines if ln.text.strip()]
    if len(nonempty) < 4:
        return False
    gapped = sum(1 for t in nonempty if _GAP.search(t.strip()))
    if gapped < share * len(nonempty):
        return False  # (before cutting every line into words: tab and pipe text ends here)
    numeric = 0
    for t in nonempty:
        if sum(1 for s in _segments(t) if s.is_value) >= 3:
            numeric += 1
            if numeric >= 3:
                return True
    return False


@lru_cache(maxsize=4096)
def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


#: the original characters of a span of the normalised text, and where each normalised offset falls in
#: them (``Locator.original``)
Original = Callable[[int, int], tuple[str, list[int]]]


def _display(text: str) -> list[int]:
    """The display column of each character when a CJK character takes two (as a text browser prints)."""
    cols, col = [], 0
    for ch in text:
        cols.append(col)
        col += 2 if _wide(ch) else 1
    cols.append(col)
    return cols


def _line_columns(ln: Line, wide: bool, original: Original | None) -> list[int]:
    """The column of each character of a line (and of its end), counted in the original characters — the
    converter placed those; normalising narrows some (``（`` to ``(``) — as characters, or display columns."""
    if original is None:
        return _display(ln.text) if wide else list(range(len(ln.text) + 1))
    raw, index = original(ln.start, ln.start + len(ln.text))
    cols = _display(raw) if wide else list(range(len(raw) + 1))
    return [cols[min(i, len(raw))] for i in index]


def _segments(text: str, cols: list[int] | None = None) -> list[_Seg]:
    """A line's words, each a segment (a number, or a piece of text: converters put single spaces inside
    a cell's text where a line of it ends, and between a heading piece and the label beside it; a word of
    digits that starts with 0 is a 0 and the next cell, printed with no space between them); their
    ``start``/``end`` are offsets in the line, their columns from ``cols`` (default: the offsets)."""
    c = cols if cols is not None else list(range(len(text) + 1))
    out: list[_Seg] = []
    for m in _WORD.finditer(text):
        word, a = m.group(), m.start()
        while _TOUCHING.match(word):  # "02": two cells whose columns touch; no count starts with a 0
            out.append(_Seg("0", a, a + 1, True, c[a], c[a + 1]))
            word, a = word[1:], a + 1
        out.append(_Seg(word, a, m.end(), parse_value(word) is not None, c[a], c[m.end()]))
    for i in range(len(out) - 1, 0, -1):  # a heading's character glued after a row's last number ("0  8结")
        seg, piece = out[i], _PIECE_AFTER.match(out[i].text)
        if piece and not seg.is_value and out[i - 1].is_value and piece.group(2) in _HEADING_CHARS:
            out[i : i + 1] = _cut(seg, seg.start + len(piece.group(1)), c, value_first=True)
    for i in range(len(out) - 2, -1, -1):  # a label glued to the row's first number ("…重新出具0  0  0")
        seg, glued = out[i], LABEL_NUMBER.match(out[i].text)
        if glued and not seg.is_value and out[i + 1].is_value:
            out[i : i + 1] = _cut(seg, seg.start + glued.start(2), c, value_first=False)
    return out


def _cut(seg: _Seg, at: int, cols: list[int], *, value_first: bool) -> list[_Seg]:
    """A text segment cut in two at line offset ``at``: a number and text, or text and a number."""
    return [_Seg(seg.text[: at - seg.start], seg.start, at, value_first, cols[seg.start], cols[at]),
            _Seg(seg.text[at - seg.start :], at, seg.end, not value_first, cols[at], cols[seg.end])]


def _spread(lines: list[Line], wide: bool, original: Original | None) -> int:
    """How many places the numbers of these lines stand at (fewer: they line up better in columns)."""
    return len({round(s.centre) for ln in lines
                for s in _segments(ln.text, _line_columns(ln, wide, original)) if s.is_value})


def counts_wide(lines: list[Line], original: Original | None = None) -> bool:
    """Whether the converter counted a CJK character as two columns: the numbers line up better so."""
    if not any(_wide(ch) for ln in lines for ch in ln.text):
        return False
    return _spread(lines, True, original) < _spread(lines, False, original)


def _starts_row(texts: list[_Seg]) -> bool:
    return any(_ROW_NUMBER.match(s.text) for s in texts)


#: table 二's row labels, unnumbered: one beside numbers starts a row wherever its numbers stand (PyMuPDF's
#: ``sort=True`` text pads a row's gaps by their width, so its numbers need not line up with the row above)
_T2_LABELS = frozenset((*T2_ROW_LABELS.values(), *T2_ROW_LABELS_2021.values()))


def _is_row_label(texts: list[_Seg]) -> bool:
    return len(texts) == 1 and squash(norm(texts[0].text)) in _T2_LABELS


def _heading_piece(seg: _Seg, has_values: bool) -> bool:
    """Part of the heading of a merged cell spanning several rows (``三、本`` / ``年度办`` / ``理结果``, ``（四）无`` /
    ``法提供``, one character a line when written vertically), or the whole heading on a line without
    numbers: text that floats beside the rows and decides nothing. (The whole heading beside numbers is a
    row: the 2019 template's （六）其他处理.)"""
    key = squash(norm(seg.text))
    if not key:
        return False
    if key in SPANNING_HEADINGS:
        return not has_values
    return any(key in h for h in SPANNING_HEADINGS)


def gather_rows(lines: list[Line], original: Original | None = None) -> list[_Row]:
    """The lines gathered into table rows (see the module docstring)."""
    rows: list[_Row] = [_Row()]
    waiting: list[tuple[Line, _Seg]] = []  # numbers printed above the label they belong to
    lines = [ln for ln in lines if ln.text.strip() and not is_page_furniture(ln.text)]
    wide = counts_wide(lines, original)
    for ln in lines:
        segs = _segments(ln.text, _line_columns(ln, wide, original))
        values = [(ln, s) for s in segs if s.is_value]
        texts = [s for s in segs if not s.is_value]
        labels = [s for s in texts if not _heading_piece(s, bool(values))]
        pieces = [(ln, s) for s in texts if _heading_piece(s, bool(values))]
        cur = rows[-1]
        if labels:
            if _starts_row(labels) or (values and (cur.closed or cur.overlaps(values) or _is_row_label(labels))):
                cur = _Row()
                rows.append(cur)
            cur.texts.extend((ln, s) for s in labels)
            cur.pieces.extend(pieces)
            if not values and cur.values:
                cur.closed = True
            if waiting and not cur.values and not _overlap(waiting, values):
                cur.values.extend(waiting)
                waiting = []
            if values:
                if cur.values and cur.overlaps(values):  # (a row printed twice: keep them apart)
                    cur = _Row()
                    rows.append(cur)
                cur.values.extend(values)
            continue
        cur.pieces.extend(pieces)  # (pieces of a spanning heading: they float)
        if not values:
            continue
        # a line of numbers only
        if waiting:  # two lines of numbers in a row waiting: the first was a row of its own
            rows.append(_Row(values=waiting))
            waiting = []
        if not cur.overlaps(values):
            _take_wrapped_tops(rows, cur, values)
            cur.values.extend(values)
        else:
            waiting = values
    if waiting:
        rows.append(_Row(values=waiting))
    return [r for r in rows if r.texts or r.values or r.pieces]


def _take_wrapped_tops(rows: list[_Row], cur: _Row, below: list[tuple[Line, _Seg]]) -> None:
    """A line of numbers only under a row's label line, whose numbers stand in the same columns as those of a
    line of numbers only right above that label line, which went to the row before: the numbers of cells that
    wrapped (``18`` over ``7`` for 187 in a narrow column, the row's other numbers on the label's line between
    them). The upper halves are moved to this row, which then prints more numbers than cells, and is refused:
    they are never read as the row before's, nor dropped."""
    if not cur.texts:
        return
    first = min(ln.number for ln, _ in cur.texts)
    if not below or below[0][0].number != first + 1 or not cur.values \
            or any(ln.number != first for ln, _ in cur.values) or _overlap(cur.values, below):
        return  # (the row's other numbers on its label's line, none in the wrapped cells' columns)
    prev = next((r for r in reversed(rows) if r is not cur and r.values), None)
    if prev is None:
        return
    tops = [(ln, s) for ln, s in prev.values if ln.number == first - 1]
    if len(tops) != len(below) or not all(any(abs(t.centre - b.centre) <= COLUMN_TOLERANCE for _, t in tops)
                                          for _, b in below):
        return
    prev.values = [v for v in prev.values if v not in tops]
    cur.values.extend(tops)


def tokenize_columns(lines: list[Line], original: Original | None = None) -> list[Token]:
    """Layout text to tokens: each gathered row as the pieces of a spanning heading printed beside it (its
    group: （四）无法提供 is centred among the rows it heads), the text up to the line where it starts (its
    label, or its label's first line), then its values in column order, then the text of its later lines
    (which the next stages read, as in every layout, as label fragments of the row after it)."""
    tokens: list[Token] = []
    for group, row in enumerate(gather_rows(lines, original)):
        firsts = [row.texts[0][0].number] if row.texts else [row.pieces[0][0].number] if row.pieces else []
        firsts += [row.values[0][0].number] if row.values else []
        cut = max(firsts)
        # (text beside the values on their line, right of them, is another column's: a caption or heading)
        right = max((ln.start + s.end for ln, s in row.values if ln.number == cut), default=None)
        leading = [ln.number < cut or (ln.number == cut and (right is None or ln.start + s.start < right))
                   for ln, s in row.texts]
        head = [*row.pieces, *(t for t, lead in zip(row.texts, leading, strict=True) if lead)]
        tail = [t for t, lead in zip(row.texts, leading, strict=True) if not lead]
        for ln, s in head:
            tokens.append(Token(s.text, ln.start + s.start, ln.start + s.end, ln.number, group, None))
        for ln, s in sorted(row.values, key=lambda it: it[1].centre):
            tokens.append(Token(s.text, ln.start + s.start, ln.start + s.end, ln.number, group,
                                parse_value(s.text)))
        for ln, s in tail:
            tokens.append(Token(s.text, ln.start + s.start, ln.start + s.end, ln.number, group, None))
    return tokens
