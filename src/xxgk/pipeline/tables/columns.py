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
from xxgk.pipeline.tables.positions import Piece, agreed_bands, bands_of, columns_of, headings
from xxgk.pipeline.tables.tokens import Line, Token
from xxgk.pipeline.tables.values import is_page_furniture, parse_value

_WORD = re.compile(r"\S+")
_TOUCHING = re.compile(r"^0\d")  # a zero run into the next cell's digits
_GAP = re.compile(r"\S {3,}\S")
_DIGIT = re.compile(r"\d")
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
    col_start: float  # its columns (character counts, or display columns)
    col_end: float

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
        # (before cutting every line into words: tab and pipe text ends here)
        return gapped >= 3 and _sparse_layout(nonempty)
    numeric = 0
    for t in nonempty:
        if sum(1 for s in _segments(t) if s.is_value) >= 3:
            numeric += 1
            if numeric >= 3:
                return True
    return False


def _sparse_layout(nonempty: list[str]) -> bool:
    """Layout text of a table whose blank cells print nothing: most of its lines are bare labels, but the lines
    that print numbers space them apart from their labels, and the numbers stand at the same columns: three
    lines or more print a number that starts where a number of another line starts, on as many as 80% of the
    lines with numbers."""
    numbered = [t for t in nonempty if _DIGIT.search(t) and any(s.is_value for s in _segments(t))]
    spaced = [t for t in numbered if _GAP.search(t.strip())]
    if len(spaced) < 3 or len(spaced) < 0.8 * len(numbered):
        return False
    for wide in (False, True):  # (columns counted in characters, or in display columns)
        starts = [{s.col_start for s in _segments(t, _display(t) if wide else None) if s.is_value} for t in spaced]
        aligned = sum(1 for i, v in enumerate(starts) if any(v & w for j, w in enumerate(starts) if j != i))
        if aligned >= 3 and aligned >= 0.8 * len(starts):
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


def _opens_row_label(texts: list[_Seg]) -> bool:
    """The first line of a table-二 row label wrapped in its cell (``其他对外管理服务事`` / ``项``), three characters
    or more of it: it starts a row, whose numbers may stand on the line below it."""
    if len(texts) != 1:
        return False
    key = squash(norm(texts[0].text))
    return len(key) >= 3 and key not in _T2_LABELS and any(label.startswith(key) for label in _T2_LABELS)


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
            if _starts_row(labels) or _opens_row_label(labels) \
                    or (values and (cur.closed or cur.overlaps(values) or _is_row_label(labels))):
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


def _piece(ln: Line, s: _Seg) -> Piece:
    return Piece(s.text, ln.number, s.col_start, s.col_end)


def heads_columns(lines: list[Line], leaves: tuple[str, ...], original: Original | None = None) -> bool:
    """Layout text told by its heading (a table of one or two rows of numbers, table 四's): the names of the
    table's columns (``leaves``) stand spaced apart on the lines above its first number, in the template's
    order, each in one piece or stacked down its cell, and every number of that first line stands under one."""
    lines = [ln for ln in lines if ln.text.strip()]
    first = next((i for i, ln in enumerate(lines) if any(s.is_value for s in _segments(ln.text))), None)
    if not leaves or not first or not any(_GAP.search(ln.text.strip()) for ln in lines[:first]):
        return False
    for wide in (False, True):
        segs = [(ln, _segments(ln.text, _line_columns(ln, wide, original))) for ln in lines[: first + 1]]
        heading = headings([_piece(ln, s) for ln, ss in segs[:-1] for s in ss if not s.is_value], leaves)
        bands = bands_of(heading) if heading is not None else None
        if bands is not None and columns_of([_piece(segs[-1][0], s) for s in segs[-1][1] if s.is_value], bands):
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


def with_blanks(rows: list[_Row], leaves: tuple[str, ...], page: dict[int, int] | None = None) -> list[_Row]:
    """Rows that print fewer numbers than the table has columns (``leaves``, their names), each given a blank
    for every column it prints no number in, where the heading above the page's first number (or the page's rows
    that print every cell) shows which column each of its numbers stands in (see ``positions``). Page by page
    (``page``: each line's): each page has its own left edge, so a page without a heading of its own (a table's
    continuation, unless its header rows repeat) or full rows leaves its rows as they are, as is every other
    row. The tokens of a row so given blanks are ``by_position``."""
    first = min((ln.number for r in rows for ln, _ in r.values), default=None)
    if first is None:
        return rows
    page = page or {}
    rows = _other_row_apart(rows, first)
    for here in sorted({page.get(ln.number, 0) for r in rows for ln, _ in r.values}):
        _page_blanks(rows, leaves, {n for n, p in page.items() if p == here} if page else None)
    return rows


def _page_blanks(rows: list[_Row], leaves: tuple[str, ...], lines: set[int] | None) -> None:
    """``with_blanks`` on one page's rows (``lines``: its line numbers; None: a text of one page)."""
    n = len(leaves)

    def on_page(items: list[tuple[Line, _Seg]]) -> bool:
        return lines is None or all(ln.number in lines for ln, _ in items)

    first = min(ln.number for r in rows for ln, _ in r.values if on_page([(ln, _)]))
    above = [_piece(ln, s) for r in rows for ln, s in (*r.texts, *r.pieces) if ln.number < first and on_page([(ln, s)])]
    dense = [[_piece(ln, s) for ln, s in r.values] for r in rows if len(r.values) == n and on_page(r.values)]
    bands = agreed_bands(headings(above, leaves), dense)
    if bands is None:
        return
    for row in rows:
        if not on_page([*row.texts, *row.values]):
            continue
        if not row.values:
            # (a numbered row below the heading printing nothing in any column: all its cells blank)
            labels = [(ln, s) for ln, s in row.texts if ln.number > first]
            if labels and _starts_row([s for _, s in labels]):
                ln0, seg = labels[-1]  # (on its label's last line: the lines before it are its label's)
                row.values = [(ln0, _Seg("", seg.end, seg.end, True, b.centre, b.centre)) for b in bands]
            continue
        if len(row.values) >= n:
            continue
        values = sorted(row.values, key=lambda v: v[1].centre)
        cols = columns_of([_piece(ln, s) for ln, s in values], bands)
        if cols is None:
            continue
        ln0 = values[0][0]
        for j, band in enumerate(bands):
            if j in cols:
                continue
            left = [s.end for ln, s in values if ln is ln0 and s.centre < band.lo]
            at = max(left) if left else values[0][1].start  # (zero width: between the numbers printed around it)
            row.values.append((ln0, _Seg("", at, at, True, band.centre, band.centre)))


_OTHER = squash(norm(T3_GROUP_LABELS["other"]))
_TOTAL_ROW = re.compile(r"^[(（]七[)）]")


def _other_row_apart(rows: list[_Row], first: int) -> list[_Row]:
    """The 2019 template's （六）其他处理 row printing no number: on a line of its own below the first number,
    it floats as a spanning heading (the 2021 template's group over its sub-rows); right before （七）总计 it is
    the 2019 row, a row of its own."""
    out: list[_Row] = []
    for i, row in enumerate(rows):
        out.append(row)
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        if nxt is None or not nxt.texts or not _TOTAL_ROW.match(nxt.texts[0][1].text):
            continue
        lone = [(ln, s) for ln, s in row.pieces if ln.number > first and squash(norm(s.text)) == _OTHER
                and not any(o is ln for o, _ in (*row.texts, *row.values))]
        if len(lone) == 1:
            row.pieces = [p for p in row.pieces if p[1] is not lone[0][1]]
            out.append(_Row(texts=lone))
    return out


def tokenize_columns(lines: list[Line], original: Original | None = None,
                     leaves: tuple[str, ...] = ()) -> list[Token]:
    """Layout text to tokens: each gathered row as the pieces of a spanning heading printed beside it (its
    group: （四）无法提供 is centred among the rows it heads), the text up to the line where it starts (its
    label, or its label's first line), then its values in column order, then the text of its later lines
    (which the next stages read, as in every layout, as label fragments of the row after it). ``leaves``: the
    names of the table's columns, left to right: a row that prints fewer numbers gets its blank cells by where
    its numbers stand (``with_blanks``)."""
    tokens: list[Token] = []
    rows = gather_rows(lines, original)
    if leaves:
        rows = with_blanks(rows, leaves, pages(lines, original))
    for group, row in enumerate(rows):
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
        by_position = any(not s.text for _, s in row.values)
        for ln, s in sorted(row.values, key=lambda it: it[1].centre):
            tokens.append(Token(s.text, ln.start + s.start, ln.start + s.end, ln.number, group,
                                parse_value(s.text), by_position=by_position))
        for ln, s in tail:
            tokens.append(Token(s.text, ln.start + s.start, ln.start + s.end, ln.number, group, None))
    return tokens
