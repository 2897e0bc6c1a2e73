"""Table 四 (行政复议、行政诉讼): one data row of 15 cells with no row label; its narrow headers are
often vertical character stacks, so the cells are placed by position (3 groups × 5 columns)."""

from __future__ import annotations

from ..model import Note, Table
from ..narrative import agrees
from ..spec import T4_COLUMN_KEYS, T4_GROUPS
from .place import Locator, Placed, cells_for, place
from .rows import Row
from .settings import TableSettings

N = 15


def _s3_valid(vals: list[int | float | None]) -> bool:
    for g in range(3):
        grp = vals[g * 5 : g * 5 + 5]
        if grp[4] is not None and sum(v or 0 for v in grp[:4]) != grp[4]:
            return False
    return True


def parse_t4(rows: list[Row], loc: Locator, settings: TableSettings, notes: list[Note],
             figures: dict[str, int] | None = None) -> Table:
    table = Table(name="t4")
    value_rows = [r for r in rows if r.values]
    if not value_rows:
        table.error = "no table-四 values found"
        return table
    exact = [r for r in value_rows if len(r.values) == N]
    if exact:
        data = exact[-1].values
    else:
        data = [t for r in value_rows for t in r.values]
    line = data[0].line if data else None
    placed = place(data, N, settings, _s3_valid, sums=[5, 5, 5])
    if placed.kind == "overflow":
        table.error = f"table 四: {len(data)} values where 15 were expected"
        return table
    table.found = True
    if placed.kind == "ambiguous" and figures and placed.readings:
        fits = [r for r in placed.readings if agrees(figures, _as_table(r))]
        if len(fits) == 1:
            placed = Placed("inferred", list(fits[0]))
            notes.append(Note(code="resolved_by_narrative", table="t4", line=line,
                              message="of its readings, only one of table 四 matches the figures quoted in "
                                      "section 一: " + ", ".join(f"{k}={v}" for k, v in figures.items())))
    cells = cells_for(placed, N, loc, settings)
    for gi, (group, _) in enumerate(T4_GROUPS):
        table.cells[group] = dict(zip(T4_COLUMN_KEYS, cells[gi * 5 : gi * 5 + 5], strict=True))
    if placed.kind not in ("exact", "trimmed"):
        notes.append(Note(code=f"placement_{placed.kind}", table="t4", line=line,
                          message=f"{len(data)} values {[t.text for t in data]} for 15 cells"))
    return table


def _as_table(reading: list) -> dict[str, dict[str, int | None]]:
    vals = [None if t is None or t.value is None else t.value.value for t in reading]
    return {g: dict(zip(T4_COLUMN_KEYS, vals[i * 5 : i * 5 + 5], strict=True)) for i, (g, _) in enumerate(T4_GROUPS)}
