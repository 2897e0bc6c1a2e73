"""Table 四 (行政复议、行政诉讼): one data row of 15 cells with no row label; its narrow headers are
often vertical character stacks, so the cells are placed by position (3 groups × 5 columns)."""

from __future__ import annotations

import re
from decimal import Decimal

from xxgk.core.model import Cell, CellState, Note, Placement, Table
from xxgk.core.spec import T4_COLUMN_KEYS, T4_GROUPS
from xxgk.core.text import squash
from xxgk.pipeline.quoted import agrees
from xxgk.pipeline.tables.place import (
    Locator,
    Placed,
    cells_for,
    cells_lost,
    from_readings,
    glued_feasible,
    place,
    place_glued,
    traces_consistent,
    without_leading_blanks,
)
from xxgk.pipeline.tables.readings import COUNT, Readings
from xxgk.pipeline.tables.rows import Row
from xxgk.pipeline.tables.settings import TableSettings
from xxgk.pipeline.tables.tokens import Token

N = 15
_SLOTS = (COUNT,) * N
# section 四 printed as a sentence instead of the table: "未发生…行政复议、行政诉讼…"
_NONE_STATED = re.compile(
    r"(?:未发生|没有发生|未出现|没有出现|未有|不存在|无)[^。;]{0,40}?(?:行政复议|行政诉讼|复议|诉讼)"
    r"|(?:行政复议|行政诉讼)[^。;]{0,30}?(?:均为0|均为零|为零|为0|0件|零件)"
)


def _s3_valid(vals: list[int | float | None]) -> bool:
    for g in range(3):
        grp = vals[g * 5 : g * 5 + 5]
        if grp[4] is not None and sum(v or 0 for v in grp[:4]) != grp[4]:
            return False
    return True


def parse_t4(rows: list[Row], loc: Locator, settings: TableSettings, notes: list[Note],
             figures: dict[str, int] | None = None, *, glued: bool = False, traced: bool = False) -> Table | None:
    """``traced``: the glued row holds blank tokens, maybe its blank cells' traces: None when it does not
    bear that out (``traces_consistent``)."""
    table = Table(name="t4")
    value_rows = [r for r in rows if r.values]
    if not value_rows:
        statement = _stated_none(rows)
        if statement:  # no table: the section says in words that there was nothing to count
            table.found, table.statement = True, statement
            for group, _ in T4_GROUPS:
                table.cells[group] = {c: Cell(state=CellState.blank, placement=Placement.none) for c in T4_COLUMN_KEYS}
            notes.append(Note(code="t4_stated_in_words", table="t4",
                              message=f"section 四 prints no table but says: {statement!r}; cells left blank"))
            return table
        table.error = "no table-四 values found"
        return table
    exact = [r for r in value_rows if len(r.values) == N]
    by_label = None if exact else _groups_by_label(value_rows)
    if exact:
        data = exact[-1].values
    elif by_label is not None:  # a row per group (the 15 columns too wide for a page), labelled
        data = [t for r in by_label for t in r.values]
        if by_label != value_rows:
            notes.append(Note(code="t4_rows_by_label", table="t4", line=by_label[0].values[0].line,
                              message="table 四 printed a row per group, not in the template's order: placed by "
                                      "their labels (行政复议, 未经复议直接起诉, 复议后起诉)"))
    elif cells_lost([r.values for r in value_rows], N):
        # (a bordered row of fewer than 15 cells: the row of numbers alone, its empty cells before the first
        # number not counted, for they may be the label's filler or its own)
        last = [r for r in value_rows if any(not t.is_blank for t in r.values)] or value_rows
        data = without_leading_blanks(last[-1].values)
        notes.append(Note(code="cells_lost", table="t4", line=last[-1].line,
                          message=f"table 四 prints every cell between bars, yet its row prints "
                                  f"{len(last[-1].values)} cells for 15 columns (columns a converter ran together): "
                                  "placed only where one reading fits"))
    else:
        data = [t for r in value_rows for t in r.values]
    line = data[0].line if data else None
    if glued:
        if traced and not traces_consistent([(data, _SLOTS, [5, 5, 5], True)], settings):
            return None
        complete = glued_feasible(data, _SLOTS, settings)
        placed = place_glued(data, _SLOTS, settings, complete=complete, groups=[5, 5, 5], traced=traced, last=True)
    else:
        placed = place(data, N, settings, _s3_valid, sums=[5, 5, 5])
    if placed.kind == "overflow":
        table.error = f"table 四: {len(data)} values where 15 were expected"
        return table
    table.found = True
    if placed.kind == "ambiguous" and figures and placed.readings:
        fits = [r for r in placed.readings if agrees(figures, _as_table(r))]
        if fits and len(fits) < len(placed.readings):
            n_before = len(placed.readings)
            placed = from_readings(Readings(fits, placed.search_complete), N)
            if placed.kind == "split":
                placed = Placed("inferred", placed.slots)
            notes.append(Note(code="resolved_by_narrative", table="t4", line=line,
                              message=f"of its {n_before} readings, {len(fits)} of table 四 match the figures quoted "
                                      "in section 一: " + ", ".join(f"{k}={v}" for k, v in figures.items())))
    cells = cells_for(placed, N, loc, settings)
    for gi, (group, _) in enumerate(T4_GROUPS):
        table.cells[group] = dict(zip(T4_COLUMN_KEYS, cells[gi * 5 : gi * 5 + 5], strict=True))
    if placed.kind not in ("exact", "trimmed"):
        notes.append(Note(code=f"placement_{placed.kind}", table="t4", line=line,
                          message=f"{len(data)} values {[t.text for t in data]} for 15 cells"))
    return table


def _group_of(label: str) -> str | None:
    """The group of table 四 a row label names: 复议后起诉, 未经复议直接起诉, or 行政复议 (no 诉讼)."""
    if "复议后" in label:
        return "litigation_after_review"
    if "直接起诉" in label or "未经复议" in label:
        return "litigation_direct"
    if "复议" in label and "诉讼" not in label and "起诉" not in label:
        return "review"
    return None


def _groups_by_label(value_rows: list[Row]) -> list[Row] | None:
    """Table 四 as three rows of five values whose labels name the three groups each once: the rows in the
    template's order; else None (the values are taken in the order printed)."""
    if len(value_rows) != 3 or any(len(r.values) != 5 for r in value_rows):
        return None
    groups = {_group_of(squash("".join(t.text for t in r.fragments))): r for r in value_rows}
    order = [g for g, _ in T4_GROUPS]
    if set(groups) != set(order):
        return None
    return [groups[g] for g in order]


def _stated_none(rows: list[Row]) -> str | None:
    text = "".join(t.text for r in rows for t in r.fragments)
    m = _NONE_STATED.search(squash(text))
    if m is None:
        return None
    s = squash(text)
    a = max(s.rfind("。", 0, m.start()) + 1, 0)
    b = s.find("。", m.end())
    return s[a : b + 1 if b >= 0 else len(s)][:200]


def _as_table(reading: list[Token | None]) -> dict[str, dict[str, int | Decimal | None]]:
    vals = [None if t is None or t.value is None else t.value.value for t in reading]
    return {g: dict(zip(T4_COLUMN_KEYS, vals[i * 5 : i * 5 + 5], strict=True)) for i, (g, _) in enumerate(T4_GROUPS)}
