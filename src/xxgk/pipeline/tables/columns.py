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
  columns yet; otherwise it waits for the next row (a label centred below its numbers);
- a column whose cells the page sets a line above the rest of their rows (the table's first number alone on
  a line between the heading and the first row) waits for the row below on every line like it
  (``_raised_cells``, for tables 三 and 四; placed by inference);
- a number wrapped in its narrow cell, its first digits on the line above the row's other numbers and the rest
  below, is read whole from its two pieces (``joined_wraps``, tables 三 and 四; placed by inference).

Each row is then written as the ``lines`` tokenizer writes it (label text, then the values in column
order), so the later stages do not change.
"""

from __future__ import annotations

import re

from xxgk.core.spec import T2_ROW_LABELS, T2_ROW_LABELS_2021
from xxgk.core.text import norm, squash
from xxgk.pipeline.tables.positions import pages, with_blanks
from xxgk.pipeline.tables.segments import (
    COLUMN_TOLERANCE,
    GAP,
    SPANNING_HEADINGS,
    Gathered,
    Original,
    Seg,
    display,
    is_wide,
    line_columns,
    overlap,
    split_line,
    starts_row,
)
from xxgk.pipeline.tables.tokens import Line, Token
from xxgk.pipeline.tables.values import is_page_furniture, parse_value

_DIGIT = re.compile(r"\d")

def is_layout_text(lines: list[Line], share: float = 0.3) -> bool:
    """Layout text: many lines space their fields apart (runs of 3+ spaces inside the line), and at least
    three lines print three or more numbers so spaced."""
    nonempty = [ln.text for ln in lines if ln.text.strip()]
    if len(nonempty) < 4:
        return False
    gapped = sum(1 for t in nonempty if GAP.search(t.strip()))
    if gapped < share * len(nonempty):
        # (before cutting every line into words: tab and pipe text ends here)
        return gapped >= 3 and _sparse_layout(nonempty)
    numeric = 0
    for t in nonempty:
        if sum(1 for s in split_line(t) if s.is_value) >= 3:
            numeric += 1
            if numeric >= 3:
                return True
    return False


def _sparse_layout(nonempty: list[str]) -> bool:
    """Layout text of a table whose blank cells print nothing: most of its lines are bare labels, but the lines
    that print numbers space them apart from their labels, and the numbers stand at the same columns: three
    lines or more print a number that starts where a number of another line starts, on as many as 80% of the
    lines with numbers."""
    numbered = [t for t in nonempty if _DIGIT.search(t) and any(s.is_value for s in split_line(t))]
    spaced = [t for t in numbered if GAP.search(t.strip())]
    if len(spaced) < 3 or len(spaced) < 0.8 * len(numbered):
        return False
    for wide in (False, True):  # (columns counted in characters, or in display columns)
        starts = [{s.col_start for s in split_line(t, display(t) if wide else None) if s.is_value} for t in spaced]
        aligned = sum(1 for i, v in enumerate(starts) if any(v & w for j, w in enumerate(starts) if j != i))
        if aligned >= 3 and aligned >= 0.8 * len(starts):
            return True
    return False


def _spread(lines: list[Line], wide: bool, original: Original | None) -> int:
    """How many places the numbers of these lines stand at (fewer: they line up better in columns)."""
    return len({round(s.centre) for ln in lines
                for s in split_line(ln.text, line_columns(ln, wide, original)) if s.is_value})


def counts_wide(lines: list[Line], original: Original | None = None) -> bool:
    """Whether the converter counted a CJK character as two columns: the numbers line up better so."""
    if not any(is_wide(ch) for ln in lines for ch in ln.text):
        return False
    return _spread(lines, True, original) < _spread(lines, False, original)


#: table 二's row labels, unnumbered: one beside numbers starts a row wherever its numbers stand (PyMuPDF's
#: ``sort=True`` text pads a row's gaps by their width, so its numbers need not line up with the row above)
_T2_LABELS = frozenset((*T2_ROW_LABELS.values(), *T2_ROW_LABELS_2021.values()))


def _is_row_label(texts: list[Seg]) -> bool:
    return len(texts) == 1 and squash(norm(texts[0].text)) in _T2_LABELS


def _opens_row_label(texts: list[Seg]) -> bool:
    """The first line of a table-二 row label wrapped in its cell (``其他对外管理服务事`` / ``项``), three characters
    or more of it: it starts a row, whose numbers may stand on the line below it."""
    if len(texts) != 1:
        return False
    key = squash(norm(texts[0].text))
    return len(key) >= 3 and key not in _T2_LABELS and any(label.startswith(key) for label in _T2_LABELS)


def _heading_piece(seg: Seg, has_values: bool) -> bool:
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


#: a line of layout text read into its numbers, its label's words and the pieces of a spanning heading
_Read = tuple[Line, list[tuple[Line, Seg]], list[Seg], list[tuple[Line, Seg]]]


def gather_rows(lines: list[Line], original: Original | None = None, wide: bool | None = None, *,
                page: dict[int, int] | None = None) -> list[Gathered]:
    """The lines gathered into table rows (see the module docstring). ``wide``: columns counted in display
    columns (None: as the numbers line up better, ``counts_wide``). ``page``: each line's page (``pages``), given
    for tables whose rows are numbered: a column whose cells all stand a line above their rows' is then read with
    the row below (``_raised_cells``)."""
    rows: list[Gathered] = [Gathered()]
    waiting: list[tuple[Line, Seg]] = []  # numbers printed above the label they belong to
    lines = [ln for ln in lines if ln.text.strip() and not is_page_furniture(ln.text)]
    if wide is None:
        wide = counts_wide(lines, original)
    read: list[_Read] = []
    for ln in lines:
        segs = split_line(ln.text, line_columns(ln, wide, original))
        values = [(ln, s) for s in segs if s.is_value]
        texts = [s for s in segs if not s.is_value]
        read.append((ln, values, [s for s in texts if not _heading_piece(s, bool(values))],
                     [(ln, s) for s in texts if _heading_piece(s, bool(values))]))
    above = _raised_cells(read, page) if page is not None else set()
    for ln, values, labels, pieces in read:
        cur = rows[-1]
        if labels:
            if starts_row(labels) or _opens_row_label(labels) \
                    or (values and (cur.closed or cur.overlaps(values) or _is_row_label(labels))):
                cur = Gathered()
                rows.append(cur)
            cur.texts.extend((ln, s) for s in labels)
            cur.pieces.extend(pieces)
            if not values and cur.values:
                cur.closed = True
            if waiting and not cur.values and not overlap(waiting, values):
                cur.inferred = any(v[0].number in above for v in waiting)
                cur.values.extend(waiting)
                waiting = []
            elif waiting and values and overlap(waiting, values):
                _wrapped_below(rows, cur, waiting)
                waiting = []
            if values:
                if cur.values and cur.overlaps(values):  # (a row printed twice: keep them apart)
                    cur = Gathered()
                    rows.append(cur)
                cur.values.extend(values)
            continue
        cur.pieces.extend(pieces)  # (pieces of a spanning heading: they float)
        if not values:
            continue
        # a line of numbers only
        if waiting:  # two lines of numbers in a row waiting: the first was a row of its own
            rows.append(Gathered(values=waiting))
            waiting = []
        if ln.number in above:  # (a cell set a line above its row's: it waits for the row's label)
            waiting = values
            continue
        if not cur.overlaps(values):
            _take_wrapped_tops(rows, cur, values)
            cur.values.extend(values)
        else:
            waiting = values
    if waiting:
        rows.append(Gathered(values=waiting))
    return [r for r in rows if r.texts or r.values or r.pieces]


def _raised_cells(read: list[_Read], page: dict[int, int]) -> set[int]:
    """The lines of a column whose cells the page sets a line above the rest of their rows (its own baseline: a
    font substituted in it, or its cells aligned otherwise than the row's). The table's first number stands on a
    line of its own between the heading and the first row, so it can only be the first row's; on each page
    (``page``: each line's), the lines like it — one number only, all in one column (on the first page the first
    number's), each right above a line that starts a row, two or more — are each the row's below them, while no
    row's label line on the page prints a number in that column. So is a line of numbers only on such a page with
    one in that column, right above a line that starts a row (the whole row set a line higher). Rows so read are
    placed by inference (``Gathered.inferred``): admitted only if their identities hold."""
    first = next((i for i, (_, values, _, _) in enumerate(read) if values), None)
    if first is None or read[first][2] or len(read[first][1]) != 1:
        return set()

    def above_row(i: int) -> bool:
        return i + 1 < len(read) and starts_row(read[i + 1][2])

    out: set[int] = set()
    for here in sorted({page.get(ln.number, 0) for ln, *_ in read}):
        on = [i for i, (ln, *_) in enumerate(read) if page.get(ln.number, 0) == here]
        lone = [i for i in on if not read[i][2] and len(read[i][1]) == 1]
        if len(lone) < 2 or (first in on and lone[0] != first):
            continue
        column = read[lone[0]][1][:1]
        if not all(overlap(read[i][1], column) and above_row(i) for i in lone) \
                or any(read[i][2] and overlap(read[i][1], column) for i in on):
            continue  # (numbers alone in several columns, or a row printing its number in it on its own line)
        out.update(read[i][0].number for i in on if not read[i][2] and overlap(read[i][1], column) and above_row(i))
    return out


def joined_wraps(rows: list[Gathered], n: int) -> list[Gathered]:
    """Numbers wrapped in narrow cells joined (``_joined``), in each row of a table of ``n`` columns that prints
    more numbers than cells, or whose numbers continue on a line of numbers only right after it (read as a row of
    its own: table 四's one row, its wrapped rests below it), unless the next row with numbers prints none in the
    column of a number so joined (its lower piece may then be that row's, set a line higher: ``_raised_cells``).
    Rows so joined are placed by inference (``Gathered.inferred``): admitted only if their identities hold."""
    out: list[Gathered] = []
    skip = False
    for i, row in enumerate(rows):
        if skip:
            skip = False
            continue
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        joined = _joined(row.values, n) if len(row.values) > n else None
        if joined is None and nxt is not None and not nxt.texts and not nxt.pieces and nxt.values \
                and len({ln.number for ln, _ in nxt.values}) == 1:
            joined = _joined([*row.values, *nxt.values], n)
            skip = joined is not None
        later = next((r for r in rows[i + (2 if skip else 1):] if r.values), None)
        if joined is not None and later is not None and not all(
                overlap([v], later.values) for v in joined if v[1].rest is not None):
            joined, skip = None, False  # (the row below prints nothing in that column: its number, set higher?)
        if joined is not None:
            row.values, row.inferred = joined, True
        out.append(row)
    return out


def _joined(values: list[tuple[Line, Seg]], n: int) -> list[tuple[Line, Seg]] | None:
    """A row's numbers printed over three lines, more than its ``n`` cells: the numbers on its first and last lines
    that stand in the same column, one above the other, with none between them on its middle line, are the pieces
    of a number wrapped in its narrow cell (its first digits above the row's other numbers, the rest below: ``300``
    / ``1`` for 3001, ``17`` / ``8`` for 178). Each pair joined top to bottom (a number of both pieces:
    ``Seg.rest``), where every number on those lines pairs so, the upper piece is as long as the lower or longer (a
    wrap fills the first line) and opens with no 0, and the row is then left its ``n`` cells; else None."""
    lines = sorted({ln.number for ln, _ in values})
    if len(values) <= n or len(lines) != 3:
        return None
    ups, middle, downs = ([(ln, s) for ln, s in values if ln.number == k] for k in lines)
    if len(ups) != len(downs) or len(middle) + len(ups) != n:
        return None
    joined, rests = [], set()
    for lu, u in ups:
        below = [(ld, d) for ld, d in downs if abs(d.centre - u.centre) <= COLUMN_TOLERANCE]
        if len(below) != 1 or overlap([(lu, u)], middle):
            return None
        ld, d = below[0]
        if not (u.text.isdigit() and d.text.isdigit()) or u.text[0] == "0" or len(d.text) > len(u.text):
            return None
        rests.add(id(d))
        joined.append((lu, Seg(u.text + d.text, u.start, u.end, True, min(u.col_start, d.col_start),
                               max(u.col_end, d.col_end), (ld.start + d.start, ld.start + d.end))))
    if len(rests) != len(joined):
        return None  # (two upper pieces over one lower: the other lower piece would be dropped)
    return [*middle, *joined]


def _row_above(rows: list[Gathered], cur: Gathered) -> Gathered | None:
    """The last row before ``cur`` that prints numbers."""
    return next((r for r in reversed(rows) if r is not cur and r.values), None)


def _wrapped_below(rows: list[Gathered], cur: Gathered, waiting: list[tuple[Line, Seg]]) -> None:
    """A line of numbers only between two rows that both print numbers in its columns: the rest of numbers
    wrapped in their cells (``18`` / ``7`` for 187, a converter that squeezed the spaces so that the row's first
    line looks whole), neither a row of its own nor the next row's. They go to the row above, which then prints
    more numbers than cells and is refused: never dropped (they had been, with no note, and the row read 18)."""
    above = _row_above(rows, cur)
    if above is None:
        rows.insert(len(rows) - 1, Gathered(values=waiting))
    else:
        above.values.extend(waiting)


def _take_wrapped_tops(rows: list[Gathered], cur: Gathered, below: list[tuple[Line, Seg]]) -> None:
    """A line of numbers only under a row's label line, whose numbers stand in the same columns as those of a
    line of numbers only right above that label line, which went to the row before: the numbers of cells that
    wrapped (``18`` over ``7`` for 187 in a narrow column, the row's other numbers on the label's line between
    them). The upper halves are moved to this row, which then prints more numbers than cells, and is refused:
    they are never read as the row before's, nor dropped."""
    if not cur.texts:
        return
    first = min(ln.number for ln, _ in cur.texts)
    if not below or below[0][0].number != first + 1 or not cur.values \
            or any(ln.number != first for ln, _ in cur.values) or overlap(cur.values, below):
        return  # (the row's other numbers on its label's line, none in the wrapped cells' columns)
    prev = _row_above(rows, cur)
    if prev is None:
        return
    tops = [(ln, s) for ln, s in prev.values if ln.number == first - 1]
    if len(tops) != len(below) or not all(any(abs(t.centre - b.centre) <= COLUMN_TOLERANCE for _, t in tops)
                                          for _, b in below):
        return
    prev.values = [v for v in prev.values if v not in tops]
    cur.values.extend(tops)


def _placed_rows(lines: list[Line], original: Original | None, leaves: tuple[str, ...], page: dict[int, int],
                 wide: bool | None = None) -> list[Gathered]:
    """The rows of a table whose columns are known (``leaves``): gathered, their wrapped numbers joined
    (``joined_wraps``), each row printing fewer numbers than cells given its blanks by where they stand
    (``with_blanks``)."""
    rows = joined_wraps(gather_rows(lines, original, wide, page=page), len(leaves))
    return with_blanks(rows, leaves, page)


def _unplaced(rows: list[Gathered], n: int) -> bool:
    """Rows printing fewer numbers than cells and none given blanks by position (``with_blanks``)."""
    sparse = [r for r in rows if 0 < len(r.values) < n]
    return bool(sparse) and not any(s.placed_blank for r in rows for _, s in r.values)


def tokenize_columns(lines: list[Line], original: Original | None = None,
                     leaves: tuple[str, ...] = ()) -> list[Token]:
    """Layout text to tokens: each gathered row as the pieces of a spanning heading printed beside it (its
    group: （四）无法提供 is centred among the rows it heads), the text up to the line where it starts (its
    label, or its label's first line), then its values in column order, then the text of its later lines
    (which the next stages read, as in every layout, as label fragments of the row after it). ``leaves``: the
    names of the table's columns, left to right: a row that prints fewer numbers gets its blank cells by where
    its numbers stand (``with_blanks``)."""
    tokens: list[Token] = []
    if not leaves:
        rows = gather_rows(lines, original)
    else:
        page = pages(lines, original)
        rows = _placed_rows(lines, original, leaves, page)
        if _unplaced(rows, len(leaves)) and any(is_wide(ch) for ln in lines for ch in ln.text) \
                and _spread(lines, True, original) == _spread(lines, False, original):
            # (numbers that line up as well either way, a heading of CJK words: counted as the converter did
            # only if that is what places them — a text browser counts a CJK character as two columns)
            other = _placed_rows(lines, original, leaves, page, not counts_wide(lines, original))
            if not _unplaced(other, len(leaves)):
                rows = other
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
        by_position = row.inferred or any(s.placed_blank for _, s in row.values)
        for ln, s in sorted(row.values, key=lambda it: it[1].centre):
            tokens.append(Token(s.text, ln.start + s.start, s.rest[1] if s.rest else ln.start + s.end, ln.number,
                                group, parse_value(s.text), by_position=by_position,
                                pieces=((ln.start + s.start, ln.start + s.end), s.rest) if s.rest else None))
        for ln, s in tail:
            tokens.append(Token(s.text, ln.start + s.start, ln.start + s.end, ln.number, group, None))
    return tokens
