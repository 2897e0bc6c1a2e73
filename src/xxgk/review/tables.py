"""A report's three tables laid out as the national template prints them (rows, group headings, columns),
each cell with what the review page shows of it."""

from __future__ import annotations

from dataclasses import dataclass, field

from xxgk.core.model import Cell, Report
from xxgk.core.spec import (
    T2_COLUMN_LABELS_2021,
    T2_COLUMNS,
    T2_LAYOUT,
    T2_ROW_LABELS,
    T2_ROW_LABELS_2021,
    T3_COLUMNS,
    T3_GROUP_LABELS,
    T3_ROW,
    T4_COLUMNS,
    T4_GROUPS,
)

TITLES = {"t2": "二、主动公开政府信息情况", "t3": "三、收到和处理政府信息公开申请情况",
          "t4": "四、政府信息公开行政复议、行政诉讼情况"}


@dataclass(slots=True)
class CellView:
    key: str
    cell: Cell

    @property
    def shown(self) -> str:
        c = self.cell
        if c.state == "number":
            return "" if c.value is None else str(c.value)
        if c.state == "ambiguous":
            return "?"
        return {"blank": "", "not_applicable": "/", "missing": "—"}.get(c.state.value, "")

    @property
    def classes(self) -> str:
        c = self.cell
        out = [f"state-{c.state.value}", f"by-{c.producer}"]
        if c.placement != "label":
            out.append("inferred")
        if c.confidence is not None and c.confidence < 0.8:
            out.append("doubtful")
        return " ".join(out)


@dataclass(slots=True)
class RowView:
    label: str
    cells: list[CellView | None] = field(default_factory=list)  # None: the template has no such cell
    heading: bool = False  # a group heading row (no cells)


@dataclass(slots=True)
class TableView:
    name: str
    title: str
    columns: list[str]
    rows: list[RowView]
    found: bool
    error: str | None


def _t2(report: Report) -> TableView:
    t = report.t2
    tpl = report.meta.template if report.meta.template in T2_LAYOUT else "2021"
    layout = T2_LAYOUT[tpl]
    cols: list[str] = []
    for row_cols in layout.values():
        cols += [c for c in row_cols if c not in cols]
    labels = [T2_COLUMN_LABELS_2021.get(c, T2_COLUMNS[c].label) if tpl == "2021" else T2_COLUMNS[c].label
              for c in cols]
    rows = []
    for row, row_cols in layout.items():
        label = T2_ROW_LABELS_2021.get(row, T2_ROW_LABELS[row]) if tpl == "2021" else T2_ROW_LABELS[row]
        cells = t.cells.get(row, {})
        rows.append(RowView(label, [CellView(f"t2.{row}.{c}", cells[c]) if c in row_cols and c in cells else None
                                    for c in cols]))
    return TableView("t2", TITLES["t2"], labels, rows, t.found, t.error)


def _t3(report: Report) -> TableView:
    t = report.t3
    cols = [c.key for c in T3_COLUMNS]
    rows: list[RowView] = []
    group = None
    for row, cells in t.cells.items():
        spec = T3_ROW.get(row)
        g = spec.group if spec is not None else None
        if row == "granted":
            rows.append(RowView("三、本年度办理结果", heading=True))
        if g and g != group and g in T3_GROUP_LABELS:
            rows.append(RowView(T3_GROUP_LABELS[g], heading=True))
        group = g
        label = spec.label if spec is not None else row
        rows.append(RowView(label, [CellView(f"t3.{row}.{c}", cells[c]) if c in cells else None for c in cols]))
    return TableView("t3", TITLES["t3"], [c.label for c in T3_COLUMNS], rows, t.found, t.error)


def _t4(report: Report) -> TableView:
    t = report.t4
    cols = [c.key for c in T4_COLUMNS]
    rows = [RowView(label, [CellView(f"t4.{g}.{c}", t.cells[g][c]) if g in t.cells and c in t.cells[g] else None
                            for c in cols]) for g, label in T4_GROUPS]
    return TableView("t4", TITLES["t4"], [c.label for c in T4_COLUMNS], rows, t.found, t.error)


def table_views(report: Report) -> list[TableView]:
    return [_t2(report), _t3(report), _t4(report)]
