"""``reports.xlsx``: the dataset (reports.jsonl) as a workbook for people who open data in Excel / WPS.

One sheet per table family — ``meta`` (the CSV's meta columns, the agency matching fields and a few more),
``t2``, ``t3``, ``t4`` — each starting with the ID columns (source, agency, year, status) so that sheets can
be matched row by row (row n of every sheet is the same report). Two header rows: the Chinese label, then the
canonical key (a contract: verbatim); both frozen. Counts are numbers, money is a number (Excel has no decimal
type: a float, exact enough to display as printed) with its unit in ``t2.procurement.amount_unit``; text
that would start a formula gets a leading ``'`` (spec B), characters that XML cannot hold are dropped.

Written with openpyxl's write-only mode in one pass over reports.jsonl: rows stream to disk, memory does not
grow with the number of reports.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from xxgk.core.errors import UsageError
from xxgk.core.spec import META_COLUMNS
from xxgk.outputs.exports.rows import (
    DATASET,
    ID_COLUMNS,
    META_EXTRA,
    META_JSON,
    Column,
    atomic_path,
    dig,
    iter_jsonl,
    to_float,
    wide_columns,
)
from xxgk.outputs.records import safe_text

FILENAME = "reports.xlsx"
HEADER_ROWS = 2
MAX_ROWS = 1_048_576 - HEADER_ROWS  # Excel's sheet limit
MAX_TEXT = 32_767  # Excel's cell limit
_BOLD = Font(bold=True)


def sheet_columns() -> dict[str, tuple[Column, ...]]:
    """Sheet name -> its columns: the ID columns, then the meta fields or that table's keys in CSV order."""
    wide = wide_columns()
    by_name = {c.name: c for c in wide}
    ids = tuple(by_name[n] for n in ID_COLUMNS)
    meta = tuple(by_name[n] for n in META_COLUMNS if n not in ID_COLUMNS)
    sheets = {"meta": (*ids, *meta, *META_JSON, *META_EXTRA)}
    for table in ("t2", "t3", "t4"):
        sheets[table] = (*ids, *(c for c in wide if c.name.startswith(table + ".")))
    return sheets


def xlsx_text(s: str) -> str:
    """Text as a cell can hold it: no XML-illegal control characters, no formula start, at most 32 767
    characters."""
    return safe_text(ILLEGAL_CHARACTERS_RE.sub("", s))[:MAX_TEXT]


def xlsx_value(v: Any) -> Any:
    """A JSON value as a cell value: ints and bools as they are, decimals as floats, the rest as safe text."""
    if v is None or isinstance(v, bool | int):
        return v
    f = to_float(v)
    return f if f is not None else xlsx_text(v if isinstance(v, str) else str(v))


def _header(ws: Any, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, text)
    cell.font = _BOLD
    return cell


def write_xlsx(out_dir: Path) -> int:
    """Write ``OUT/reports.xlsx`` from ``OUT/reports.jsonl`` (atomically). Returns the number of reports."""
    out_dir = Path(out_dir)
    wb = Workbook(write_only=True)
    sheets = []
    for title, cols in sheet_columns().items():
        ws = wb.create_sheet(title)
        ws.freeze_panes = f"A{HEADER_ROWS + 1}"
        ws.column_dimensions["A"].width = 40  # the source path
        ws.append([_header(ws, c.label) for c in cols])
        ws.append([_header(ws, c.name) for c in cols])
        sheets.append((ws, [c.path for c in cols]))
    n = 0
    for rec in iter_jsonl(out_dir / DATASET):
        n += 1
        if n > MAX_ROWS:
            raise UsageError(f"{FILENAME} holds at most {MAX_ROWS} reports (Excel's limit): use parquet or duckdb")
        for ws, paths in sheets:
            ws.append([xlsx_value(dig(rec, p)) for p in paths])
    with atomic_path(out_dir / FILENAME) as tmp:
        wb.save(tmp)
    return n
