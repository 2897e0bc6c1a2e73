"""Cells an adjacent year's report of the same agency implies: the carry-over between years (spec 6.3).

- table 三 (H1): 上年结转 of year Y is 结转下年度继续办理 of Y−1, column by column
  (``t3.carried_over.<c>`` of Y = ``t3.carried_forward.<c>`` of Y−1, and the other way round for Y+1);
- table 二 on the 2019 template (H3): 上一年项目数量 of Y is 上一年项目数量 + 本年增/减 of Y−1, for the rows
  that carry items (行政许可, 其他对外管理服务事项, 行政处罚, 行政强制, 行政事业性收费); so Y's 本年增/减 is
  Y+1's 上一年项目数量 minus Y's own.

Agencies are matched by ``meta.agency_key`` and consecutive ``meta.year``. Only cells that are numbers in the
neighbour are used, and the figures only choose among readings of glued cells that already fit the print
(``xxgk.core.figures``): reports often break these relations, so a figure that no reading agrees with is ignored.
"""

from __future__ import annotations

from collections.abc import Iterable

from xxgk.core.figures import Figure
from xxgk.core.model import CellState, Report
from xxgk.core.spec import T3_COLUMN_KEYS

ITEM_ROWS = ("licensing", "other_services", "penalty", "coercion", "fees")


def _number(report: Report, key: str) -> int | None:
    cell = report.cell(key)
    if cell is None or cell.state != CellState.number or not isinstance(cell.value, int):
        return None
    return cell.value


def needs_neighbours(report: Report) -> bool:
    """Whether the report has ambiguous cells an adjacent year could settle, and can be matched to one."""
    if not report.meta.agency_key or report.meta.year is None:
        return False
    return any(c.state == CellState.ambiguous for t in (report.t2, report.t3) for _, c in t.iter_cells())


def adjacent_figures(report: Report, neighbours: Iterable[Report]) -> dict[str, Figure]:
    """The figures the same agency's reports for the year before and after imply for ``report``."""
    out: dict[str, Figure] = {}
    year = report.meta.year
    if year is None:
        return out
    for other in neighbours:
        if other.meta.agency_key != report.meta.agency_key or other.meta.year not in (year - 1, year + 1):
            continue
        where = f"the {other.meta.year} report ({other.source})"
        before = other.meta.year == year - 1
        for col in T3_COLUMN_KEYS:
            v = _number(other, f"t3.{'carried_forward' if before else 'carried_over'}.{col}")
            if v is not None:
                out[f"t3.{'carried_over' if before else 'carried_forward'}.{col}"] = Figure(v, where)
        if report.meta.template != "2019":
            continue
        for row in ITEM_ROWS:
            if before:
                prev, change = _number(other, f"t2.{row}.prev_items"), _number(other, f"t2.{row}.change")
                if prev is not None and change is not None:
                    out[f"t2.{row}.prev_items"] = Figure(prev + change, where)
            else:
                nxt, own = _number(other, f"t2.{row}.prev_items"), _number(report, f"t2.{row}.prev_items")
                if nxt is not None and own is not None and other.meta.template == "2019":
                    out[f"t2.{row}.change"] = Figure(nxt - own, where)
    return out
