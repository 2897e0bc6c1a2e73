"""Table 二 (主动公开政府信息情况): the 第二十条 sub-tables, rows by label, columns by the sub-table's
header (the template is decided per sub-table from its header labels, then for the table by vote)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

from xxgk.core.figures import Figure, note_code, sources
from xxgk.core.model import Cell, CellState, Note, Placement, Table
from xxgk.core.spec import T2_COLUMNS, T2_LAYOUT, Template
from xxgk.core.text import squash
from xxgk.pipeline.tables.labels import matched_rows
from xxgk.pipeline.tables.place import (
    Locator,
    Placed,
    beside_orphans,
    cells_for,
    from_readings,
    glued_blanks,
    glued_feasible,
    place,
    place_glued,
    traces_consistent,
)
from xxgk.pipeline.tables.readings import Readings, Slot
from xxgk.pipeline.tables.rows import Row, last_printed
from xxgk.pipeline.tables.settings import TableSettings
from xxgk.pipeline.tables.tokens import Token

_SIGNALS: dict[Template, re.Pattern[str]] = {
    "2019": re.compile(r"本年新制作|本年新公开|对外公开总数|上一年项目|增/减|采购项目|采购总金额"),
    "2021": re.compile(r"本年制发|本年废止|现行有效|本年处理决定|收费金额"),
}
_SUBTABLE = re.compile(r"第二十条|信息内容")
_ROW_ONLY_2019 = {"other_services", "procurement"}


def _header_template(text: str) -> Template | None:
    votes = {t: len(p.findall(text)) for t, p in _SIGNALS.items()}
    if votes["2019"] == votes["2021"]:
        return None
    return "2019" if votes["2019"] > votes["2021"] else "2021"


def _slots(cols: tuple[str, ...]) -> tuple[Slot, ...]:
    return tuple(Slot(signed=T2_COLUMNS[c].kind == "signed", money=T2_COLUMNS[c].kind == "money") for c in cols)


def parse_t2(rows: list[Row], loc: Locator, settings: TableSettings, notes: list[Note], *, glued: bool = False,
             figures: Mapping[str, Figure] | None = None, traced: bool = False, printed_lines: bool = False,
             ) -> Table | None:
    """``glued``: printed without cell separators (``stream`` layout), see ``place_glued``; ``figures``:
    cells the narrative quotes (``t2.normative_docs.issued`` …), used only to choose among readings;
    ``traced``: the glued rows hold blank tokens, maybe their blank cells' traces: None when the rows do
    not bear that out (``traces_consistent``); ``printed_lines``: the table's lines are the print's (plain or
    layout text, no cells), where a number wrapped in its cell has its halves on lines apart (``_halves_above``)."""
    table = Table(name="t2")
    # the labels of the current sub-table's caption and header row, in force at each row
    header, headers = "", []
    for row in rows:
        texts = [squash(t.text) for t in row.fragments]
        caps = [i for i, s in enumerate(texts) if _SUBTABLE.search(s)]
        if caps:  # a caption opens a new header: keep what follows it (header cells, the row label)
            header = "".join(texts[caps[0] :])
        headers.append(header)
    found: list[tuple[str, Row, Template | None]] = [
        (key, row, _header_template(headers[i])) for i, key, row in matched_rows("t2", rows, settings, notes)
    ]
    if not found:
        table.error = "no table-二 row labels found"
        return table
    table.found = True

    # the table's template: vote of the sub-table headers, then of rows that exist in one template only
    votes = Counter(t for _, _, t in found if t)
    votes.update("2019" for k, _, _ in found if k in _ROW_ONLY_2019)
    if any(squash(f.text).startswith("行政规范性文件") for _, r, _ in found for f in r.fragments[-1:]):
        votes.update(["2021"])
    template: Template = "2021" if votes["2021"] > votes["2019"] else "2019"
    table.template = template
    mixed = {t for _, _, t in found if t and t != template}
    if mixed:
        notes.append(Note(code="mixed_template_t2", table="t2",
                          message=f"section 二 sub-tables use both templates; table read as {template}"))

    layouts = []
    for key, row, sub in found:
        row_template = _row_template(key, row, sub, template)
        if row_template is None:
            notes.append(Note(code="t2_row_template", table="t2", key=f"t2.{key}", line=row.line,
                              message=f"t2.{key} is not a {template} row; ignored"))
            continue
        layouts.append((key, row, T2_LAYOUT[row_template][key]))
    last_row = last_printed(row for _, row, _ in layouts)
    if traced and not traces_consistent([(row.values, _slots(cols), None, row is last_row)
                                         for _, row, cols in layouts], settings):
        return None
    complete = glued and all(glued_feasible(row.values, _slots(cols), settings) for _, row, cols in layouts)
    if glued:
        notes.append(Note(code="glued_cells", table="t2",
                          message="table 二 printed without cell separators: numbers split by the column count "
                                  "and the narrative; " + glued_blanks(complete, traced)))
    # numbers that no row label claims (a row's numbers displaced onto a header line that wrapped): a row that
    # prints none may be theirs, so it is not read blank
    # (or in a row that prints more numbers than its cells: pdfminer's column-by-column text gives one row
    # the numbers of two, 规章 none and 行政规范性文件 six)
    claimed = {id(row) for _, row, _ in found}
    orphans = [r for r in rows if id(r) not in claimed and any(not v.is_blank for v in r.values)]
    placements = [place(row.values, len(cols), settings) if not glued else None for _, row, cols in layouts]
    orphans += [row for (_, row, _), p in zip(layouts, placements, strict=True) if p and p.kind == "overflow"]
    labelled = [row for _, row, _ in layouts]
    for (key, row, cols), unglued in zip(layouts, placements, strict=True):
        if unglued is None:
            placed = place_glued(row.values, _slots(cols), settings, complete=complete, traced=traced,
                                 last=row is last_row)
            placed = _counts_not_negative(placed, key, cols, notes)
            placed = _by_figures(placed, key, cols, figures or {}, notes)
        else:
            placed = unglued
            halves = _halves_above(row, orphans, labelled) if printed_lines else None
            if halves is not None:
                table.cells[key] = {c: Cell(state=CellState.ambiguous, placement=Placement.none) for c in cols}
                notes.append(Note(code="wrapped_halves", table="t2", key=f"t2.{key}", line=row.line, message=(
                    f"t2.{key}: as many numbers stand on the line right above its label, which its label does not take "
                    f"({' '.join(halves)}), as on the line right below it: the halves of numbers wrapped in narrow "
                    "cells (3 / 0 for 30)? its cells are not read")))
                continue
            if placed.kind == "empty" and orphans:
                unsure, note = beside_orphans("t2", key, row.line, len(cols),
                                              "in rows no label claims or in a row beyond its cells",
                                              [t.text for r in orphans for t in r.values[:3]])
                table.cells[key] = dict(zip(cols, unsure, strict=True))
                notes.append(note)
                continue
        cells = cells_for(placed, len(cols), loc, settings)
        table.cells[key] = dict(zip(cols, cells, strict=True))
        if placed.kind != "exact" and placed.kind != "trimmed":
            notes.append(Note(code=f"placement_{placed.kind}", table="t2", key=f"t2.{key}", line=row.line,
                              message=f"{len(row.values)} values {[t.text for t in row.values]} "
                                      f"for {len(cols)} cells"))
    for key, cols in T2_LAYOUT[template].items():
        if key not in table.cells:
            table.cells[key] = {c: Cell.not_found() for c in cols}
            notes.append(Note(code="t2_row_missing", table="t2", key=f"t2.{key}",
                              message=f"table 二 row t2.{key} not found"))
    return table


def _halves_above(row: Row, orphans: list[Row], others: list[Row]) -> list[str] | None:
    """The numbers of a row that no label takes, standing on the line right above ``row``'s one-line label, as many
    as ``row`` prints on the line right below it (its others on the label's line): numbers wrapped in narrow cells,
    their upper halves above the label and the rests below (``3`` / ``0`` for 30, ``1`` / ``1`` for 11), which
    would read as the row's numbers. Where the row prints some numbers on its label's line, the numbers above may
    have gone to another row (``others``: a label over its numbers, 规章 taking ``1 6`` of 11 and 63). None when the
    row's numbers are not so printed."""
    printed = [t for t in row.values if not t.is_blank]
    if not printed or not row.fragments:
        return None
    top, bottom = min(t.line for t in row.fragments), max(t.line for t in row.fragments)
    below = [t for t in printed if t.line == bottom + 1]
    if top != bottom or not below or any(t.line not in (bottom, bottom + 1) for t in printed):
        return None  # (its numbers on its label's line, the wrapped ones' rests on the line below)
    mixed = len(below) < len(printed)  # (some of its numbers on its label's line)
    for other in [*orphans, *(others if mixed else [])]:
        above = [t for t in other.values if not t.is_blank and t.line == top - 1]
        if above and other is not row and len(above) == len(below):
            return [t.text for t in above]
    return None


def _counts_not_negative(placed: Placed, key: str, cols: tuple[str, ...], notes: list[Note]) -> Placed:
    """2019 rows print last year's item count and this year's change (本年增/减): this year's count,
    their sum, cannot be negative. Readings that make it so are dropped — only when some others remain
    (a document whose own figures go below zero keeps every reading)."""
    if placed.kind != "ambiguous" or not placed.readings or "prev_items" not in cols or "change" not in cols:
        return placed
    p, c = cols.index("prev_items"), cols.index("change")

    def ok(r: list[Token | None]) -> bool:
        prev, change = r[p], r[c]
        if prev is None or change is None or prev.value is None or change.value is None:
            return True
        return (prev.value.value or 0) + (change.value.value or 0) >= 0

    keep = [r for r in placed.readings if ok(r)]
    if not keep or len(keep) == len(placed.readings):
        return placed
    notes.append(Note(code="resolved_by_non_negative_count", table="t2", key=f"t2.{key}",
                      message=f"t2.{key}: of {len(placed.readings)} readings, {len(keep)} keep this year's item "
                              "count (上一年项目数量 + 本年增/减) at zero or more"))
    return from_readings(Readings(keep, placed.search_complete), len(cols))


def _by_figures(placed: Placed, key: str, cols: tuple[str, ...], figures: Mapping[str, Figure],
               notes: list[Note]) -> Placed:
    """Among a glued row's readings, those that agree with the figures for its cells (section 一, an
    adjacent year) — only when some do; figures that disagree with every reading are ignored."""
    wanted = {cols.index(k.split(".")[2]): f for k, f in figures.items()
              if k.startswith(f"t2.{key}.") and k.split(".")[2] in cols}
    if placed.kind != "ambiguous" or not wanted or not placed.readings:
        return placed
    def agrees(r: list[Token | None]) -> bool:
        for i, f in wanted.items():
            tok = r[i]
            if tok is None or tok.value is None or tok.value.value != f.value:
                return False
        return True

    agree = [r for r in placed.readings if agrees(r)]
    if not agree or len(agree) == len(placed.readings):
        return placed
    used = list(wanted.values())
    notes.append(Note(code=note_code(used), table="t2", key=f"t2.{key}",
                      message=f"t2.{key}: of {len(placed.readings)} readings, {len(agree)} agree with "
                              + ", ".join(f"{cols[i]}={f.value}" for i, f in wanted.items())
                              + f" ({sources(used)})"))
    return from_readings(Readings(agree, placed.search_complete), len(cols))


def _row_template(key: str, row: Row, sub: Template | None, table_template: Template) -> Template | None:
    """The template whose columns this row prints: its sub-table header, else the value count."""
    candidates: list[Template] = [t for t in ("2019", "2021") if key in T2_LAYOUT[t]]
    if sub in candidates:
        return sub
    counts = {t: len(T2_LAYOUT[t][key]) for t in candidates}
    n = sum(1 for _ in row.values)
    fitting = [t for t in candidates if counts[t] == n]
    if len(fitting) == 1:
        return fitting[0]
    if table_template in candidates:
        return table_template
    return candidates[0] if candidates else None
