"""Table 三 (收到和处理政府信息公开申请情况): rows by label, 7 columns each."""

from __future__ import annotations

from itertools import product

from ..model import Cell, CellState, Note, Table
from ..spec import T3_COLUMN_KEYS, T3_RESULT_LEAVES, Template, t3_rows
from .labels import matched_rows
from .place import Locator, Placed, cells_for, place
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
    ambiguous: dict[str, list] = {}
    for key in expected:
        row = matched.get(key)
        if row is None:
            table.cells[key] = {c: Cell(state=CellState.missing) for c in T3_COLUMN_KEYS}
            continue
        placed = place(row.values, n, settings, _s1_valid, sums=[n])
        if placed.kind == "ambiguous" and placed.readings:
            ambiguous[key] = placed.readings
        cells = cells_for(placed, n, loc, settings)
        table.cells[key] = dict(zip(T3_COLUMN_KEYS, cells, strict=True))
        _note_placement(placed.kind, key, row, notes)
    if ambiguous and not missing:
        _resolve_by_columns(table, ambiguous, template or "2019", loc, settings, notes)
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
        "split": f"run-together digits {got} split into 7 cells by the row total (S1): one split fits",
        "empty": "no values printed: cells read as blank",
    }[kind]
    notes.append(Note(code=f"placement_{kind}", table="t3", key=f"t3.{key}", line=row.line, message=msg))


def _resolve_by_columns(table: Table, ambiguous: dict[str, list], template: Template, loc: Locator,
                        settings: TableSettings, notes: list[Note]) -> None:
    """Rows with several readings: keep the combination under which every column identity (O1, S2)
    holds. Exactly one such combination places the rows by inference; otherwise they stay ambiguous."""
    keys = list(ambiguous)
    total = 1
    for k in keys:
        total *= len(ambiguous[k])
    if total > settings.max_placements:
        return
    leaves = [r for r in T3_RESULT_LEAVES[template] if r in table.cells]
    fixed = {r: [c.value or 0 for c in cols.values()] for r, cols in table.cells.items() if r not in ambiguous}
    fits = []
    for combo in product(*(ambiguous[k] for k in keys)):
        rows = dict(fixed)
        for k, reading in zip(keys, combo, strict=True):
            rows[k] = [0 if t is None or t.value is None or t.value.value is None else t.value.value for t in reading]
        ok = all(
            rows["new_received"][c] + rows["carried_over"][c] == rows["total"][c] + rows["carried_forward"][c]
            and rows["total"][c] == sum(rows[r][c] for r in leaves)
            for c in range(len(T3_COLUMN_KEYS))
        )
        if ok:
            fits.append(combo)
            if len(fits) > 1:
                return
    if len(fits) != 1:
        return
    for k, reading in zip(keys, fits[0], strict=True):
        cells = cells_for(Placed("inferred", list(reading)), len(T3_COLUMN_KEYS), loc, settings)
        table.cells[k] = dict(zip(T3_COLUMN_KEYS, cells, strict=True))
        notes.append(Note(code="resolved_by_columns", table="t3", key=f"t3.{k}",
                          message=f"t3.{k}: of its readings only one makes every column identity (O1, S2) hold"))
