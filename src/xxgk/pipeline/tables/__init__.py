"""Table parsing as a chain of small pure stages, each inspectable on its own:

    lines --detect_layout/tokenize--> tokens --assemble--> rows --parse_t2/t3/t4--> Table (fields)

``tabs.py`` (tab-separated rows repaired: pairs of tabs, innerText), ``cells.py`` (layout tokenizers;
``csv_rows.py`` tells a CSV row from a sentence), ``rows.py`` (rows from tokens), ``labels.py`` (label
matching), ``place.py`` (values into columns), ``t2.py``/``t3.py``/``t4.py`` (each table's fields).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from decimal import Decimal

from xxgk.core.figures import Figure
from xxgk.core.model import Note, Table
from xxgk.pipeline.tables.cells import (
    Line,
    Token,
    detect_layout,
    tokenize,
    without_filler,
)
from xxgk.pipeline.tables.columns import is_layout_text, tokenize_columns
from xxgk.pipeline.tables.place import Locator, without_traces
from xxgk.pipeline.tables.rows import Row, assemble
from xxgk.pipeline.tables.ruled import as_ascii, is_ruled, tokenize_ruled
from xxgk.pipeline.tables.settings import DEFAULT_SETTINGS, TableSettings
from xxgk.pipeline.tables.stream import glued_rows, rows_on_one_line, tokenize_stream
from xxgk.pipeline.tables.t2 import parse_t2
from xxgk.pipeline.tables.t3 import parse_t3
from xxgk.pipeline.tables.t4 import parse_t4
from xxgk.pipeline.tables.tabs import joined_at_tabs, single_tabs
from xxgk.pipeline.tables.values import is_positional_header


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
        if layout in ("lines", "paragraphs") and is_layout_text(lines, settings.layout_share):
            layout = "columns"  # (spaced into columns by a PDF-to-text converter)
    glued = layout == "stream"
    if glued:
        tokens = tokenize_stream(lines, name, loc.original)
    elif layout == "ruled":
        tokens = without_filler(tokenize_ruled(lines))
    elif layout == "columns":
        tokens = tokenize_columns(lines, loc.original)
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
        table = _parse(name, tokens, loc, settings, notes, layout, figures, t4_figures, glued=glued)
    assert table is not None  # (only a traced reading is ever refused)
    table.layout = layout
    _whole_counts(table, notes)
    return table


def _relined(tokens: list[Token], physical: list[Line]) -> None:
    """Each token's line number from its offset: the physical line it stands on (lines joined to read a row)."""
    starts = [ln.start for ln in physical]
    for tok in tokens:
        tok.line = physical[max(0, bisect_right(starts, tok.start) - 1)].number


def _whole_counts(table: Table, notes: list[Note]) -> None:
    """Counts printed with a zero decimal part (``3.0``: a data frame's column of floats, a spreadsheet's
    number) are whole numbers; the cell keeps its raw text. Money stays as printed."""
    changed = []
    for key, cell in table.iter_cells():
        if key.startswith("t2.") and key.endswith(".amount"):
            continue
        if isinstance(cell.value, Decimal) and cell.value == cell.value.to_integral_value():
            cell.value = int(cell.value)
            changed.append(key)
        if cell.candidates:
            cell.candidates = [int(c) if isinstance(c, Decimal) and c == c.to_integral_value() else c
                               for c in cell.candidates]
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
    return parse_t2(rows, loc, settings, notes, glued=glued, figures=figures, traced=traced)


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
