"""Shared by the writers: streaming the aggregate files of an output folder, the wide and long (cell) rows,
typed value conversion, and writing to a temporary path renamed into place.

Reports are read as plain dicts (``json.loads``), one line at a time: ~0.4 ms a report against ~2.5 ms for
``Report.model_validate_json``. The lines are our own output (each is the ``model_dump_json`` of a ``Report``
the worker built), so nothing is lost by not validating twice.

Typed stores (Parquet, DuckDB) keep every value exact: counts are int64, money is ``MONEY`` = decimal(38, 6)
(up to 6 decimals: 万元 to the 分), text as printed (no formula prefix: that is a CSV/XLSX concern).
"""

from __future__ import annotations

import csv
import json
import logging
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any, Literal, TypeVar

from xxgk.core.cell_json import CELL_DEFAULTS, PROVENANCE_FIELDS, usual_raw, usual_state
from xxgk.core.spec import AMOUNT_UNIT_KEY, META_COLUMNS, codebook_rows
from xxgk.outputs.records import safe_text, temp_beside

log = logging.getLogger(__name__)

DATASET, QUARANTINE = "reports.jsonl", "quarantine.jsonl"
CHECKS, ERRORS, CROSS_CHECKS = "checks.csv", "errors.jsonl", "cross_checks.csv"

Kind = Literal["int", "money", "text"]

META_LABELS = {
    "source": "来源文件",
    "status": "状态",
    "reason": "原因",
    "meta.agency": "发布机关",
    "meta.year": "报告年度",
    "meta.year_source": "年度依据",
    "meta.template": "模板",
    "sha256": "SHA-256",
    "xxgk_version": "xxgk 版本",
}


@dataclass(frozen=True, slots=True)
class Column:
    name: str  # the column name: a csv column or a dotted path into the report JSON
    label: str  # Chinese label (the codebook's for value columns)
    kind: Kind
    path: tuple[str, ...]  # where the value lives in a report dict


def _col(name: str, label: str, kind: Kind = "text") -> Column:
    return Column(name, label, kind, tuple(name.split(".")))


@cache
def wide_columns() -> tuple[Column, ...]:
    """The columns of ``csv_columns()``, in that order, with label, type and JSON path."""
    cols = [_col(name, META_LABELS[name], "int" if name == "meta.year" else "text") for name in META_COLUMNS]
    kinds: dict[str, Kind] = {"integer": "int", "signed integer": "int", "decimal": "money", "text": "text"}
    for row in codebook_rows():
        key = row["key"]
        table, r, c = key.split(".")
        if key == AMOUNT_UNIT_KEY:
            path = ("t2", "cells", "procurement", "amount", "unit")
        else:
            path = (table, "cells", r, c, "value")
        cols.append(Column(key, row["label"], kinds[row["type"]], path))
    return tuple(cols)


# report fields that are in the JSON but not in the CSV (agency matching across years, spec B "Agency")
META_JSON: tuple[Column, ...] = (
    _col("meta.agency_key", "机关匹配键"),
    _col("meta.region", "行政区划"),
    _col("meta.level", "层级"),
)


@cache
def report_columns() -> tuple[Column, ...]:
    """The columns of the typed one-row-per-report stores: ``csv_columns()`` in order, then ``META_JSON``."""
    return (*wide_columns(), *META_JSON)


# the first columns of every table sheet, to join on
ID_COLUMNS = ("source", "meta.agency", "meta.year", "status")

# the meta sheet of the workbook: the csv's meta columns plus a few more from the report
META_EXTRA: tuple[Column, ...] = (
    _col("format", "格式"),
    _col("layout", "表格版式"),
    _col("encoding", "编码"),
    _col("meta.title", "标题"),
    _col("meta.agency_source", "机关依据"),
    _col("meta.template_source", "模板依据"),
    _col("check_summary.failed", "未通过的校验", "int"),
    _col("check_summary.warnings", "警告", "int"),
)


def dig(rec: dict[str, Any], path: tuple[str, ...]) -> Any:
    """The value at ``path`` in a report dict, None where any step is missing."""
    v: Any = rec
    for p in path:
        if not isinstance(v, dict):
            return None
        v = v.get(p)
    return v


# --- typed values ------------------------------------------------------------------------------------------

_INT64 = (-(2**63), 2**63 - 1)
MONEY_PRECISION, MONEY_SCALE = 38, 6  # decimal(38, 6): 32 integer digits, 6 decimals (万元 to the 分)
_MONEY_LIMIT = Decimal(10) ** (MONEY_PRECISION - MONEY_SCALE)


def _as_decimal(v: Any) -> Decimal | None:
    """A finite number as a Decimal (floats through their shortest repr), else None."""
    if isinstance(v, bool) or not isinstance(v, int | float | Decimal):
        return None
    d = v if isinstance(v, Decimal) else Decimal(repr(v)) if isinstance(v, float) else Decimal(v)
    return d if d.is_finite() else None


def to_int(v: Any, *, where: str = "", key: str = "") -> int | None:
    """An int64 value, or None. A value that is not a whole number in int64 range (a count printed "1.5"
    gets an S4 warning but is kept by the extractor) cannot be stored in an int64 column: None, logged;
    it stays exact in the ``cells`` table, the JSON and the CSV."""
    if type(v) is int and _INT64[0] <= v <= _INT64[1]:  # the common case, fast
        return v
    if v is None:
        return None
    d = _as_decimal(v)
    if d is None or d != d.to_integral_value() or not _INT64[0] <= d <= _INT64[1]:
        log.warning("%s %s: %r is not a whole number in int64 range; left empty in the typed column", where, key, v)
        return None
    return int(d)


def to_decimal(v: Any, *, where: str = "", key: str = "") -> int | Decimal | None:
    """A value for a ``MONEY`` column (ints pass through: Arrow scales them), or None. A number with more
    than 6 decimals or 32 integer digits would be rounded or overflow: None, logged (the JSON, the CSV and
    the cell's ``raw`` keep it)."""
    if type(v) is int and -_MONEY_LIMIT < v < _MONEY_LIMIT:
        return v
    if v is None:
        return None
    d = _as_decimal(v)
    exponent = d.as_tuple().exponent if d is not None else 0
    if d is None or not isinstance(exponent, int) or exponent < -MONEY_SCALE or not -_MONEY_LIMIT < d < _MONEY_LIMIT:
        log.warning("%s %s: %r does not fit decimal(%d, %d); left empty in the typed column", where, key, v,
                    MONEY_PRECISION, MONEY_SCALE)
        return None
    return d


def to_float(v: Any) -> float | None:
    """A number for a spreadsheet cell (Excel has no decimal type), else None."""
    d = v if type(v) is int else _as_decimal(v)
    return None if d is None else float(d)


def to_text(v: Any) -> str | None:
    """A value for a text column (a number that turns up in one as its digits)."""
    if v is None:
        return None
    return v if isinstance(v, str) else str(v)


def parse_number(s: str | None) -> int | Decimal | None:
    """A number as export.fmt_value writes it ("30", "542.16"), or None for "" and non-numbers."""
    if not s:
        return None
    try:
        return int(s)
    except ValueError:
        pass
    try:
        d = Decimal(s)
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


def parse_bool(s: str | None) -> bool | None:
    """``true``/``false`` as export.fmt_value writes them, else None."""
    return {"true": True, "false": False}.get((s or "").strip().lower())


def unsafe_text(s: str | None) -> str | None:
    """Undo ``export.safe_text`` on a CSV value (the typed stores keep text as printed, so that a source
    read back from checks.csv joins with the reports)."""
    if s and s[0] == "'" and safe_text(s[1:]) == s:
        return s[1:]
    return s


# --- reading -----------------------------------------------------------------------------------------------


def iter_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """One dict per non-blank line; decimals stay exact (Decimal). A missing file is empty."""
    if not path.exists():
        return
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line, parse_float=Decimal)
            except ValueError as exc:
                raise ValueError(f"{path}:{n}: not a JSON line ({exc})") from None
            if not isinstance(rec, dict):
                raise ValueError(f"{path}:{n}: not a JSON object")
            yield rec


def csv_header(path: Path) -> list[str]:
    """The column names of a CSV (empty for a missing or empty file)."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return next(csv.reader(fh), [])


T = TypeVar("T")


def batched(items: Iterable[T], n: int) -> Iterator[list[T]]:
    """Lists of up to ``n`` items (``itertools.batched`` is Python 3.12+)."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= n:
            yield batch
            batch = []
    if batch:
        yield batch


# --- the long format ---------------------------------------------------------------------------------------

CELL_FIELDS = (
    "source", "key", "table", "row", "column", "value", "raw", "state", "placement", "producer", "unit",
    "prov_start", "prov_end", "prov_line", "prov_table", "prov_row", "prov_cell", "prov_page", "candidates",
)


def cell_rows(rec: dict[str, Any]) -> Iterator[tuple[Any, ...]]:
    """One tuple per cell of the report (``CELL_FIELDS`` order): the keys of the template it prints. The
    value and the candidates are exact (``to_decimal``) for counts and money alike."""
    source = rec.get("source")
    for table in ("t2", "t3", "t4"):
        cells = (rec.get(table) or {}).get("cells") or {}
        for row, cols in cells.items():
            for col, c in cols.items():
                key = f"{table}.{row}.{col}"
                pv = dict(zip(PROVENANCE_FIELDS, c.get("provenance") or (), strict=False))
                cands = c.get("candidates")
                value = c.get("value")
                yield (
                    source, key, table, row, col, to_decimal(value, where=str(source), key=key),
                    c["raw"] if "raw" in c else usual_raw(value), c.get("state") or usual_state(value),
                    *(c.get(f, CELL_DEFAULTS[f]) for f in ("placement", "producer")), c.get("unit"),
                    pv.get("start"), pv.get("end"), pv.get("line"), pv.get("table"), pv.get("row"), pv.get("cell"),
                    pv.get("page"),
                    [to_decimal(x, where=str(source), key=key) for x in cands] if cands is not None else None,
                )


# --- writing -----------------------------------------------------------------------------------------------


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A fresh temporary path beside ``path`` (not created) for a writer that opens files by name; renamed
    onto ``path`` when the block succeeds, removed (with a DuckDB ``.wal``) when it fails. The name matches
    the batch's leftover sweep (``export.temp_beside``). A ``.wal`` left beside ``path`` by an earlier
    crashed DuckDB session is removed before the rename: DuckDB would replay it onto the new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_beside(path, path.suffix)
    try:
        yield tmp
        path.with_name(path.name + ".wal").unlink(missing_ok=True)
        os.replace(tmp, path)
    except BaseException:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)
        raise
