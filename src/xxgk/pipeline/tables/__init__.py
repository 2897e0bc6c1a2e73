"""Table parsing as a chain of small pure stages, each inspectable on its own:

    lines --detect_layout/tokenize--> tokens --assemble--> rows --parse_t2/t3/t4--> Table (fields)

``tabs.py`` (tab-separated rows repaired: pairs of tabs, innerText), ``cells.py`` (layout tokenizers, the
tokens in ``tokens.py``, the one-cell-a-line layout in ``linewise.py``, MediaWiki and AsciiDoc tables in
``markup.py``; ``csv_rows.py`` tells a CSV row from a sentence; layout text: its words and columns in
``segments.py``, gathered into rows in ``columns.py``, a sparse row's numbers placed by the column heading they
stand under in ``positions.py``), ``rows.py`` (rows from tokens), ``labels.py`` (label matching),
``place.py`` (values into columns), ``t2.py``/``t3.py``/``t4.py`` (each table's fields).
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Mapping
from decimal import Decimal

from xxgk.core.figures import Figure
from xxgk.core.model import CellState, CheckOutcome, Note, Placement, Table
from xxgk.core.spec import T4_KEYS
from xxgk.pipeline.checks import table_outcomes
from xxgk.pipeline.tables.cells import detect_layout, tokenize, without_filler
from xxgk.pipeline.tables.columns import is_layout_text, tokenize_columns
from xxgk.pipeline.tables.linewise import between_texts_dropped
from xxgk.pipeline.tables.place import Locator, without_traces
from xxgk.pipeline.tables.positions import LEAVES, heads_columns
from xxgk.pipeline.tables.rows import Row, assemble
from xxgk.pipeline.tables.ruled import as_ascii, is_ruled, tokenize_ruled
from xxgk.pipeline.tables.settings import DEFAULT_SETTINGS, TableSettings
from xxgk.pipeline.tables.stream import glued_rows, rows_on_one_line, tokenize_stream
from xxgk.pipeline.tables.t2 import parse_t2
from xxgk.pipeline.tables.t3 import parse_t3
from xxgk.pipeline.tables.t4 import parse_t4
from xxgk.pipeline.tables.tabs import joined_at_tabs, single_tabs
from xxgk.pipeline.tables.tokens import Line, Token
from xxgk.pipeline.tables.values import is_positional_header, two_numbers


def parse_table(
    name: str,
    lines: list[Line],
    loc: Locator,
    notes: list[Note],
    settings: TableSettings = DEFAULT_SETTINGS,
    layout: str | None = None,
    figures: Mapping[str, Figure] | None = None,
    t4_figures: dict[str, int] | None = None,
) -> Table:
    """Parse one table from its lines of normalised text. ``figures``: cells section 一 quotes or an
    adjacent year implies (canonical keys, tables 二 and 三); ``t4_figures``: the review/litigation figures
    section 一 quotes (table 四). Both are only ever used to choose among readings that fit the print.
    Layout ``stream``: the table's text has no usable line structure (see ``stream``)."""
    lines = as_ascii(lines)  # (a table drawn with box-drawing characters: w3m)
    lines = [ln for ln in lines if not is_positional_header(ln.text)]  # (pandas' column numbers over a table)
    lines = single_tabs(lines)  # (cells between pairs of tabs: Resiliparse)
    physical, lines = lines, joined_at_tabs(lines)  # (a browser's innerText of cells that hold paragraphs)
    if layout is None:
        layout = "ruled" if is_ruled(lines) else detect_layout(lines, settings)
        if layout in ("lines", "paragraphs") and (is_layout_text(lines, settings.layout_share)
                                                  or heads_columns(lines, LEAVES.get(name, ()), loc.original)):
            layout = "columns"  # (spaced into columns by a PDF-to-text converter)
    if layout in ("lines", "paragraphs"):
        lines = _without_source_spaces(lines, loc)
    glued = layout == "stream"
    if glued:
        tokens = tokenize_stream(lines, name, loc.original)
    elif layout == "ruled":
        tokens = without_filler(tokenize_ruled(lines))
    elif layout == "columns":
        tokens = tokenize_columns(lines, loc.original, LEAVES.get(name, ()))
    else:
        tokens = tokenize(lines, layout)
    if lines is not physical:
        _relined(tokens, physical)
    table = None
    if glued and any(t.is_trace for t in tokens):  # no-break spaces: blank cells' traces, if the rows agree
        tried: list[Note] = []
        table = _parse(name, tokens, loc, settings, tried, layout, figures, t4_figures, glued=True, traced=True)
        if table is not None:
            notes.extend(tried)
        else:
            tokens = without_traces(tokens)
    if table is None:
        before = len(notes)
        table = _parse(name, tokens, loc, settings, notes, layout, figures, t4_figures, glued=glued)
        if table is not None and layout in ("lines", "tab") and _unsure(table) and any(not ln.text for ln in lines) \
                and not any(two_numbers(ln.text) for ln in lines) and (layout == "lines" or _tabs_stripped(lines)):
            alt, tried = _empty_lines_as_cells(name, lines, loc, settings, figures, t4_figures, layout)
            unsure = _unsure(table), _unsure(alt) if alt is not None else 0
            if alt is not None and unsure[1] < unsure[0] and _certain(alt) >= _certain(table) \
                    and _fails_no_more(alt, table):
                notes[before:] = [*tried, Note(
                    code="empty_lines_as_cells", table=name,
                    message=f"table {name}: each empty line between its lines read as an empty cell ("
                            + ("a cell a line" if layout == "lines" else "a cell a tab-led line, the blank cells' "
                               "tabs stripped with the lines' trailing spaces, rows apart by one empty line")
                            + f"): {unsure[1]} cell(s) unsure, {unsure[0]} with empty lines read as nothing")]
                table = alt
    assert table is not None  # (only a traced reading is ever refused)
    by_place = {t.line for t in tokens if t.by_position}
    placed = [key for key, cells in table.cells.items() if by_place and any(
        c.placement == Placement.inferred and c.provenance is not None and c.provenance.line in by_place
        for c in cells.values())]
    if placed:
        notes.append(Note(code="placed_by_column_position", table=name, message=(
            f"table {_NAMES[name]}: the numbers of {len(placed)} row(s) read by where they stand on the page (layout "
            "text: a row printing fewer numbers than cells, its blank cells printed as spaces, read in the columns "
            "whose headings its numbers stand under, the other cells blank; or a column whose cells stand a line "
            "above their rows', read with the row below); placed by inference")))
    wrapped = [t for t in tokens if t.pieces]
    if wrapped:
        shown = ", ".join(f"{t.text} ({len(t.pieces or ())} lines)" for t in wrapped[:3])
        notes.append(Note(code="wrapped_numbers_joined", table=name, message=(
            f"table {_NAMES[name]}: {len(wrapped)} number(s) wrapped in narrow cells (layout text: their first digits "
            f"on the line above the row's other numbers, the rest below) read whole: {shown}"
            f"{' …' if len(wrapped) > 3 else ''}; placed by inference")))
    table.layout = layout
    _whole_counts(table, notes)
    return table


_NAMES = {"t2": "二", "t3": "三", "t4": "四"}

#: characters a blank cell prints (an ``&nbsp;`` cell, a full-width space), which a page's source spacing never holds
_CELL_SPACES = ("\u00a0", "\u3000", "&nbsp;", "&#160;", "&#12288;")


def _without_source_spaces(lines: list[Line], loc: Locator) -> list[Line]:
    """A cell a line: a line of nothing but spaces is a blank cell when it prints what a blank cell holds (a
    no-break or full-width space: seed 003's blank cells), or a single space (a PDF's blank cell through
    PyMuPDF). It is the page's source spacing that a crawler kept — lxml's ``text_content()``, ``//text()``,
    ``get_text()`` of a page written a tag a line, Word's and CKEditor's indented markup — and no cell, as an
    empty line is none, where it is indentation (two spaces or tabs or more), or where the table's blank cells
    print no-break spaces and it holds none. Read as blank cells, a dense table 四 printed 111 cells for 15."""
    spaces = [(i, loc.original(ln.start, ln.start + len(ln.text))[0])
              for i, ln in enumerate(lines) if ln.text and not ln.text.strip()]
    if not spaces:
        return lines
    marked = [any(mark in raw for mark in _CELL_SPACES) for _, raw in spaces]
    nbsp_cells = any(marked)  # (the table's blank cells print no-break spaces)
    out = list(lines)
    for (i, raw), cell in zip(spaces, marked, strict=True):
        if not cell and (nbsp_cells or len(raw) >= 2):
            out[i] = Line(lines[i].start, "", lines[i].number)
    return out


def _tabs_stripped(lines: list[Line]) -> bool:
    """A tab-layout table none of whose cells prints blank (a tab alone), with two empty lines or more together
    between its cells: the lines' trailing spaces were stripped (an editor, ``line.rstrip()``), and the tab of
    each blank cell with them, leaving an empty line where the cell stood."""
    if any(ln.text.startswith("\t") and not ln.text.strip() for ln in lines):
        return False
    cells = [i for i, ln in enumerate(lines) if ln.text.startswith("\t")]
    return any(b - a > 2 and not any(ln.text for ln in lines[a + 1 : b]) for a, b in itertools.pairwise(cells))


def _empty_lines_as_cells(name: str, lines: list[Line], loc: Locator, settings: TableSettings,
                          figures: Mapping[str, Figure] | None, t4_figures: dict[str, int] | None,
                          layout: str = "lines") -> tuple[Table | None, list[Note]]:
    """The table read a cell a line (``layout`` lines: LibreOffice's text of a Word table) or a cell a tab-led line
    (``tab``: its blank cells' tabs stripped) with each empty line an empty cell, and its notes. Tried only where no
    line prints two numbers (``values.two_numbers``): a text whose lines hold a row's cells together (PyMuPDF's
    text blocks joined by line breaks: an empty line after every block; a text browser's rows, an empty line after
    each) is no cell a line, and its empty lines no cells. In table 四, whose one row of numbers has no label, the
    empty lines of its header's merged cells (between two header words) are no cells, nor the line between its
    heading and its row (``_apart_from_heading``)."""
    spaced = tokenize(lines, f"{layout}-empty")
    if name == "t4":
        spaced = _apart_from_heading(between_texts_dropped(spaced))
    tried: list[Note] = []
    alt = _parse(name, spaced, loc, settings, tried, layout, figures, t4_figures, glued=False)
    return alt, tried


#: table 四's cells: its one row of numbers
T4_CELLS = len(T4_KEYS)


def _apart_from_heading(tokens: list[Token]) -> list[Token]:
    """Table 四's tokens without the empty line right after its heading's last word, where its row (which has
    no label) holds one cell more than the table's 15 up to its last number: the line between the heading's rows
    and its row, as between every two rows of a tab-layout text (read as a cell a line once its tabs were
    stripped: ``strip()``); the empty lines after its 15 cells are then no cells either (the section's end)."""
    last = max((i for i, t in enumerate(tokens) if t.is_text), default=None)
    printed = max((i for i, t in enumerate(tokens) if not t.is_text and not t.is_blank), default=None)
    if last is None or printed is None or printed - last != T4_CELLS + 1 or not tokens[last + 1].is_blank \
            or any(not t.is_blank for t in tokens[printed + 1 :]):
        return tokens
    return tokens[: last + 1] + tokens[last + 2 : printed + 1]


def _fails_no_more(alt: Table, table: Table) -> bool:
    """``alt`` fails no identity that ``table`` passes or finds a warning in (it may fail one that ``table`` fails
    too, or cannot assess: its cells ambiguous)."""
    was = table_outcomes(table)
    return all(was.get(key) in (CheckOutcome.failed, CheckOutcome.not_assessable)
               for key, outcome in table_outcomes(alt).items() if outcome == CheckOutcome.failed)


def _unsure(table: Table) -> int:
    """Cells a reading leaves unsure: ambiguous, missing or not placed."""
    return sum(1 for _, c in table.iter_cells() if c.state in ("ambiguous", "missing") or c.placement == "none")


def _certain(table: Table) -> int:
    """Cells placed by their label."""
    return sum(1 for _, c in table.iter_cells() if c.placement == "label")


def _relined(tokens: list[Token], physical: list[Line]) -> None:
    """Each token's line number from its offset: the physical line it stands on (lines joined to read a row)."""
    starts = [ln.start for ln in physical]
    for tok in tokens:
        tok.line = physical[max(0, bisect_right(starts, tok.start) - 1)].number


#: a number whose point stands where a thousands separator would: 73.519, 1.234.567
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")


def _whole_counts(table: Table, notes: list[Note]) -> None:
    """Counts printed with a zero decimal part (``3.0``: a data frame's column of floats, a spreadsheet's
    number) are whole numbers; the cell keeps its raw text. Money stays as printed. A count printed with a
    fraction (``73.519``: OCR's point for a thousands separator, 73,519) is no count: ambiguous, with the
    thousands reading as its candidate where the digits after the point are three."""
    changed, fractions = [], []
    for key, cell in table.iter_cells():
        if key.startswith("t2.") and key.endswith(".amount"):
            continue
        if isinstance(cell.value, Decimal) and cell.value == cell.value.to_integral_value():
            cell.value = int(cell.value)
            changed.append(key)
        elif isinstance(cell.value, Decimal):
            digits = (cell.raw or "").strip()
            cell.candidates = [int(digits.replace(".", ""))] if _THOUSANDS.fullmatch(digits) else None
            cell.value, cell.state, cell.placement = None, CellState.ambiguous, Placement.none
            fractions.append(f"{key} ({digits})")
        if cell.candidates:
            cell.candidates = [int(c) if isinstance(c, Decimal) and c == c.to_integral_value() else c
                               for c in cell.candidates]
    if fractions:
        notes.append(Note(code="count_with_fraction", table=table.name,
                          message=f"{len(fractions)} count(s) printed with a fraction, which no count has (a "
                                  f"thousands separator misread as a point?): ambiguous: {', '.join(fractions[:3])}"
                                  f"{' …' if len(fractions) > 3 else ''}"))
    if changed:
        notes.append(Note(code="whole_counts", table=table.name,
                          message=f"{len(changed)} count(s) printed with a zero decimal part (3.0) read as whole "
                                  f"numbers: {', '.join(changed[:3])}{' …' if len(changed) > 3 else ''}"))


def _parse(name: str, tokens: list[Token], loc: Locator, settings: TableSettings, notes: list[Note], layout: str,
           figures: Mapping[str, Figure] | None, t4_figures: dict[str, int] | None, *, glued: bool,
           traced: bool = False) -> Table | None:
    rows = assemble(tokens)
    if name == "t4":
        return parse_t4(rows, loc, settings, notes, t4_figures, glued=glued, traced=traced)
    if name == "t3":
        return parse_t3(rows, loc, settings, notes, glued=glued, figures=figures,
                        reading_order=layout in ("lines", "paragraphs"), traced=traced)
    return parse_t2(rows, loc, settings, notes, glued=glued, figures=figures, traced=traced,
                    printed_lines=layout in ("lines", "paragraphs", "columns"))


__all__ = [
    "DEFAULT_SETTINGS",
    "Line",
    "Locator",
    "Row",
    "TableSettings",
    "Token",
    "assemble",
    "detect_layout",
    "glued_rows",
    "parse_table",
    "rows_on_one_line",
    "tokenize",
]
