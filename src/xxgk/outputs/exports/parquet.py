"""``reports.parquet``: the dataset (reports.jsonl), one row per report, typed, for pandas / polars / R / DuckDB.

Columns: exactly ``xxgk.core.spec.csv_columns()`` (names and order, the wide CSV contract), then
``meta.agency_key``, ``meta.region``, ``meta.level`` from the JSON. Types: counts (and ``meta.year``) int64;
money (``t2.procurement.amount``, ``t2.fees.amount``) decimal128(38, 6) — exact, as printed, never float noise
(pandas reads it as ``decimal.Decimal`` objects; ``.astype(float)`` when you want floats); the unit of
``t2.procurement.amount`` stays in ``t2.procurement.amount_unit``; text as printed (no CSV formula prefix).
Each field carries its Chinese label in its metadata (``label``).

Written in row groups of ``BATCH`` reports with ``ParquetWriter``: memory stays flat whatever the number of
reports. The Arrow schema and batch builders here are shared with the DuckDB writer (its ``reports`` table).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from xxgk.outputs.exports.rows import (
    DATASET,
    MONEY_PRECISION,
    MONEY_SCALE,
    Kind,
    atomic_path,
    batched,
    dig,
    iter_jsonl,
    report_columns,
    to_decimal,
    to_int,
    to_text,
)

FILENAME = "reports.parquet"
BATCH = 2000  # reports per row group
MONEY = pa.decimal128(MONEY_PRECISION, MONEY_SCALE)
ARROW_TYPES: dict[Kind, pa.DataType] = {"int": pa.int64(), "money": MONEY, "text": pa.string()}


def report_schema() -> pa.Schema:
    """The Arrow schema of the one-row-per-report stores, with each column's Chinese label as metadata."""
    return pa.schema([pa.field(c.name, ARROW_TYPES[c.kind], metadata={"label": c.label}) for c in report_columns()])


def _converter(kind: Kind) -> Callable[..., Any]:
    """How a JSON value becomes a value of the column's Arrow type (None when it does not fit, logged)."""
    if kind == "int":
        return to_int
    if kind == "money":
        return to_decimal
    return lambda v, **_: to_text(v)


@cache
def _plan() -> tuple[tuple[tuple[str, ...], Callable[..., Any], str], ...]:
    return tuple((c.path, _converter(c.kind), c.name) for c in report_columns())


def report_values(rec: dict[str, Any]) -> tuple[Any, ...]:
    """One report dict as the typed values of ``report_columns()``. Called as each line is read, so that a
    batch holds these few hundred values per report, not the whole report (sections text and all)."""
    source = rec.get("source")
    return tuple(conv(dig(rec, path), where=source, key=name) for path, conv, name in _plan())


def value_arrays(rows: list[tuple[Any, ...]], schema: pa.Schema) -> list[pa.Array]:
    """Row tuples (``schema`` order) as one Arrow array per column."""
    columns = zip(*rows, strict=True) if rows else ([] for _ in schema)
    return [pa.array(col, type=f.type) for col, f in zip(columns, schema, strict=True)]


def report_batches(recs: Iterable[dict[str, Any]], schema: pa.Schema, size: int = BATCH) -> Iterator[pa.RecordBatch]:
    """Record batches of up to ``size`` reports."""
    for rows in batched(map(report_values, recs), size):
        yield pa.RecordBatch.from_arrays(value_arrays(rows, schema), schema=schema)


def write_parquet(out_dir: Path) -> int:
    """Write ``OUT/reports.parquet`` from ``OUT/reports.jsonl`` (atomically). Returns the number of rows."""
    out_dir = Path(out_dir)
    schema = report_schema()
    n = 0
    with atomic_path(out_dir / FILENAME) as tmp, pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
        for batch in report_batches(iter_jsonl(out_dir / DATASET), schema, BATCH):
            writer.write_batch(batch, row_group_size=BATCH)
            n += batch.num_rows
    return n
