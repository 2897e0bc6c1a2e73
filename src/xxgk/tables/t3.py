"""Table 三 (收到和处理政府信息公开申请情况): rows by label, 7 columns each."""

from __future__ import annotations

from ..model import Cell, CellState, Note, Table
from ..spec import T3_COLUMN_KEYS, Template, t3_rows
from .labels import matched_rows
from .place import Locator, cells_for, place
from .rows import Row
from .settings import TableSettings


def _s1_valid(vals: list[int | float | None]) -> bool:
    total = vals[-1]
    if total is None:
        return True
    return sum(v or 0 for v in vals[:-1]) == total


def match_rows(rows: list[Row], settings: TableSettings, notes: list[Note]) -> dict[str, Row]:
    return {key: row for _, key, row in matched_rows("t3", rows, settings, notes)}


def detect_template(matched: dict[str, Row]) -> Template | None:
    if any(k.startswith("other_") for k in matched):
        return "2021"
    if "other" in matched:
        return "2019"
    return None


def parse_t3(rows: list[Row], loc: Locator, settings: TableSettings, notes: list[Note]) -> Table:
    table = Table(name="t3")
    matched = match_rows(rows, settings, notes)
    if not matched:
        table.error = "no table-三 row labels found"
        return table
    table.found = True
    template = detect_template(matched)
    table.template = template
    if "other" in matched and template == "2021":
        notes.append(Note(code="t3_both_other_forms", table="t3",
                          message="table 三 prints both a single （六）其他处理 row and its 2021 sub-rows"))
    expected = t3_rows(template or "2019")
    missing = [k for k in expected if k not in matched]
    n = len(T3_COLUMN_KEYS)
    for key in expected:
        row = matched.get(key)
        if row is None:
            table.cells[key] = {c: Cell(state=CellState.missing) for c in T3_COLUMN_KEYS}
            continue
        placed = place(row.values, n, settings, _s1_valid)
        cells = cells_for(placed, n, loc, settings)
        table.cells[key] = dict(zip(T3_COLUMN_KEYS, cells, strict=True))
        _note_placement(placed.kind, key, row, notes)
    if missing:
        shown = ", ".join(missing[:4]) + (f", … ({len(missing) - 4} more)" if len(missing) > 4 else "")
        table.error = f"table 三: {len(missing)} of {len(expected)} rows not found ({shown})"
        if template is None:
            table.error += " (template undetermined: no （六） row found)"
    return table


def _note_placement(kind: str, key: str, row: Row, notes: list[Note]) -> None:
    if kind == "exact":
        return
    got = [t.text for t in row.values]
    msg = {
        "trimmed": f"dropped trailing empty merged cells after 7 values: {got}",
        "inferred": f"{len(got)} values {got} for 7 cells: placed by the row total (S1)",
        "ambiguous": f"{len(got)} values {got} for 7 cells: more than one placement fits",
        "overflow": f"{len(got)} values {got} for 7 cells: row not placed",
        "empty": "no values printed: cells read as blank",
    }[kind]
    notes.append(Note(code=f"placement_{kind}", table="t3", key=f"t3.{key}", line=row.line, message=msg))
