"""Table 二 (主动公开政府信息情况): the 第二十条 sub-tables, rows by label, columns by the sub-table's
header (the template is decided per sub-table from its header labels, then for the table by vote)."""

from __future__ import annotations

import re
from collections import Counter

from ..model import Cell, CellState, Note, Table
from ..spec import T2_LAYOUT, Template
from ..text import squash
from .labels import matched_rows
from .place import Locator, cells_for, place
from .rows import Row
from .settings import TableSettings

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


def parse_t2(rows: list[Row], loc: Locator, settings: TableSettings, notes: list[Note]) -> Table:
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

    for key, row, sub in found:
        row_template = _row_template(key, row, sub, template)
        if row_template is None:
            notes.append(Note(code="t2_row_template", table="t2", key=f"t2.{key}", line=row.line,
                              message=f"t2.{key} is not a {template} row; ignored"))
            continue
        cols = T2_LAYOUT[row_template][key]
        placed = place(row.values, len(cols), settings)
        cells = cells_for(placed, len(cols), loc, settings)
        table.cells[key] = dict(zip(cols, cells, strict=True))
        if placed.kind != "exact" and placed.kind != "trimmed":
            notes.append(Note(code=f"placement_{placed.kind}", table="t2", key=f"t2.{key}", line=row.line,
                              message=f"{len(row.values)} values {[t.text for t in row.values]} "
                                      f"for {len(cols)} cells"))
    for key, cols in T2_LAYOUT[template].items():
        if key not in table.cells:
            table.cells[key] = {c: Cell(state=CellState.missing) for c in cols}
            notes.append(Note(code="t2_row_missing", table="t2", key=f"t2.{key}",
                              message=f"table 二 row t2.{key} not found"))
    return table


def _row_template(key: str, row: Row, sub: Template | None, table_template: Template) -> Template | None:
    """The template whose columns this row prints: its sub-table header, else the value count."""
    candidates = [t for t in ("2019", "2021") if key in T2_LAYOUT[t]]
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
