"""``xxgk.duckdb``: every aggregate of an output folder in one database, for SQL.

Tables:
- ``reports``: one row per report of reports.jsonl *and* quarantine.jsonl, typed like reports.parquet (same
  columns, same types), plus ``in_dataset`` (true for reports.jsonl). Column names are the canonical keys:
  quote them, ``SELECT "t3.total.total" FROM reports``.
- ``cells``: the long format, one row per report × printed key (``rows.CELL_FIELDS``, plus ``in_dataset``
  after ``source``); ``value`` and ``candidates`` are DECIMAL(38, 6) for counts and money alike (exact);
  ``raw`` is the text as printed. ``table`` and ``column`` are SQL keywords: quote them.
- ``checks``: checks.csv (the checks that did not pass), ``lhs_sum``/``rhs_sum`` DECIMAL(38, 6), ``certain``
  BOOLEAN, the rest text ('' read as NULL, the CSV formula prefix undone so ``source`` joins).
- ``errors``: errors.jsonl (files that could not be read), all text.
- ``problems``: problems.csv (section 五 read by rules, one row per item; ``year``, ``n``, ``start``, ``end`` as
  integers). Views ``problems_by_category`` and ``problems_recurring`` (see ``problem_views``).
- ``cross_checks``: cross_checks.csv as it is, every column text; a single ``source`` column and no rows when
  the file is missing.

Views: ``dataset`` and ``quarantine`` split ``reports`` by ``in_dataset`` (what reports.csv and quarantine.csv
hold); ``reports_flat`` is ``reports`` with snake_case column names (``t3_total_total``: no quoting). The
columns of ``reports`` carry the codebook's Chinese label as their comment.

Loaded in batches: each batch becomes an Arrow table, registered with DuckDB and inserted with one
``INSERT … SELECT`` (no row-by-row INSERT); reports.jsonl is parsed once for ``reports`` and ``cells``. The
database is built under a temporary name and renamed into place, so an interrupted export leaves no
half-written ``xxgk.duckdb`` (nor a temporary file).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from xxgk.core.spec import codebook_rows
from xxgk.outputs.exports.parquet import MONEY, report_schema, report_values, value_arrays
from xxgk.outputs.exports.rows import (
    CELL_FIELDS,
    CHECKS,
    CROSS_CHECKS,
    DATASET,
    ERRORS,
    QUARANTINE,
    atomic_path,
    batched,
    cell_rows,
    csv_header,
    iter_jsonl,
    parse_bool,
    parse_number,
    to_decimal,
    unsafe_text,
)
from xxgk.outputs.problems import PROBLEM_COLUMNS, PROBLEMS_CSV
from xxgk.outputs.records import CHECK_COLUMNS

FILENAME = "xxgk.duckdb"
BATCH = 500  # reports per insert (~100 000 cells)
GROUP = 50  # reports per Arrow conversion
CSV_BATCH = 20_000
TABLES = ("reports", "cells", "checks", "errors", "cross_checks", "problems")
ERROR_FIELDS = ("source", "error", "reason", "xxgk_version")

_PROV = pa.int64()
CELL_TYPES: dict[str, pa.DataType] = {
    **{f: pa.string() for f in CELL_FIELDS},
    **{f: _PROV for f in CELL_FIELDS if f.startswith("prov_")},
    "value": MONEY,
    "candidates": pa.list_(MONEY),
}
CHECK_TYPES: dict[str, pa.DataType] = {"lhs_sum": MONEY, "rhs_sum": MONEY, "certain": pa.bool_()}
PROBLEM_TYPES: dict[str, pa.DataType] = {"year": pa.int64(), "n": pa.int64(), "start": pa.int64(), "end": pa.int64(),
                                         "no_problems": pa.int64()}


def reports_schema() -> pa.Schema:
    return report_schema().append(pa.field("in_dataset", pa.bool_()))


def cells_schema() -> pa.Schema:
    fields = [pa.field(f, CELL_TYPES[f]) for f in CELL_FIELDS]
    return pa.schema([fields[0], pa.field("in_dataset", pa.bool_()), *fields[1:]])


def reports_batch(rows: list[tuple[Any, ...]], in_dataset: bool, schema: pa.Schema) -> pa.Table:
    """``report_values`` rows plus ``in_dataset`` as a ``reports`` table."""
    return pa.Table.from_arrays(value_arrays([(*r, in_dataset) for r in rows], schema), schema=schema)


def cells_batch(rows: list[tuple[Any, ...]], in_dataset: bool, schema: pa.Schema) -> pa.Table:
    """``cell_rows`` tuples, with ``in_dataset`` after ``source``, as a ``cells`` table."""
    columns: list[Any] = list(zip(*rows, strict=True)) if rows else [() for _ in CELL_FIELDS]
    columns.insert(1, [in_dataset] * len(rows))
    return pa.Table.from_arrays([pa.array(c, type=f.type) for c, f in zip(columns, schema, strict=True)], schema=schema)


def _csv_converter(t: pa.DataType, name: str) -> Callable[[str], Any]:
    """How a non-empty CSV text becomes a value of type ``t``: numbers exact, the formula prefix undone."""
    if t == MONEY:
        return lambda s: to_decimal(parse_number(s), where=s, key=name)
    if t == pa.bool_():
        return parse_bool
    if t == pa.int64():
        return int
    return unsafe_text


def text_table(rows: list[list[str]], schema: pa.Schema) -> pa.Table:
    """CSV rows (lists, by position) as a typed table; '' (and a missing trailing field) is NULL."""
    arrays = []
    for i, f in enumerate(schema):
        conv = _csv_converter(f.type, f.name)
        arrays.append(pa.array([conv(r[i]) if i < len(r) and r[i] else None for r in rows], type=f.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def unique_names(header: list[str]) -> list[str]:
    """Column names DuckDB accepts: an empty name becomes ``column_<n>``, a repeated one gets ``_2``, ``_3`` …"""
    seen: dict[str, int] = {}
    out = []
    for n, name in enumerate(header, 1):
        name = name.strip() or f"column_{n}"
        seen[name.lower()] = seen.get(name.lower(), 0) + 1
        out.append(name if seen[name.lower()] == 1 else f"{name}_{seen[name.lower()]}")
    return out


def csv_schema(path: Path, types: dict[str, pa.DataType], default: tuple[str, ...]) -> pa.Schema:
    """The columns of a CSV (``default`` when it is missing or empty), typed by ``types``, else text."""
    names = unique_names(csv_header(path)) or list(default)
    return pa.schema([pa.field(n, types.get(n, pa.string())) for n in names])


def csv_batches(path: Path, schema: pa.Schema) -> Iterator[pa.Table]:
    """A CSV written by ``export.write_csv`` (UTF-8 with BOM) in typed batches; a missing file is empty."""
    if not path.exists():
        return
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = csv.reader(fh)
        next(rows, None)  # the header
        for chunk in batched(rows, CSV_BATCH):
            yield text_table(chunk, schema)


def error_batches(path: Path, schema: pa.Schema) -> Iterator[pa.Table]:
    for recs in batched(iter_jsonl(path), CSV_BATCH):
        cols = [[None if r.get(f) is None else str(r[f]) for r in recs] for f in ERROR_FIELDS]
        yield pa.Table.from_arrays([pa.array(c, pa.string()) for c in cols], schema=schema)


# --- loading ---------------------------------------------------------------------------------------------


def create_table(con: duckdb.DuckDBPyConnection, name: str, schema: pa.Schema) -> None:
    """An empty table with the Arrow schema's types (decimal128(38, 6) -> DECIMAL(38,6), list -> LIST …)."""
    con.register("_xxgk_batch", schema.empty_table())
    con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM _xxgk_batch')
    con.unregister("_xxgk_batch")


def insert(con: duckdb.DuckDBPyConnection, name: str, batch: pa.Table) -> None:
    """One Arrow table appended with a single INSERT … SELECT (DuckDB scans the Arrow buffers directly)."""
    if batch.num_rows:
        con.register("_xxgk_batch", batch)
        con.execute(f'INSERT INTO "{name}" SELECT * FROM _xxgk_batch')
        con.unregister("_xxgk_batch")


def load(con: duckdb.DuckDBPyConnection, name: str, schema: pa.Schema, batches: Iterable[pa.Table]) -> None:
    create_table(con, name, schema)
    for batch in batches:
        insert(con, name, batch)


def arrow_groups(path: Path, in_dataset: bool, rs: pa.Schema, cs: pa.Schema) -> Iterator[tuple[pa.Table, pa.Table]]:
    """(reports, cells) Arrow tables of ``GROUP`` reports at a time: each report is reduced to its values as
    it is read, and each group leaves Python objects (~1 KB a cell) for Arrow buffers (~50 bytes a cell)."""
    projected = ((report_values(r), list(cell_rows(r))) for r in iter_jsonl(path))
    for chunk in batched(projected, GROUP):
        yield (reports_batch([values for values, _ in chunk], in_dataset, rs),
               cells_batch([c for _, cells in chunk for c in cells], in_dataset, cs))


def load_reports_and_cells(con: duckdb.DuckDBPyConnection, out_dir: Path) -> None:
    """``reports`` and ``cells`` from reports.jsonl then quarantine.jsonl, each report parsed once, inserted
    ``BATCH`` reports at a time (fewer, larger inserts are faster)."""
    rs, cs = reports_schema(), cells_schema()
    create_table(con, "reports", rs)
    create_table(con, "cells", cs)
    for name, in_dataset in ((DATASET, True), (QUARANTINE, False)):
        for groups in batched(arrow_groups(out_dir / name, in_dataset, rs, cs), max(1, BATCH // GROUP)):
            insert(con, "reports", pa.concat_tables(r for r, _ in groups))
            insert(con, "cells", pa.concat_tables(c for _, c in groups))


def build(con: duckdb.DuckDBPyConnection, out_dir: Path) -> None:
    """Every table, from the aggregate files of ``out_dir``."""
    load_reports_and_cells(con, out_dir)
    checks = csv_schema(out_dir / CHECKS, CHECK_TYPES, CHECK_COLUMNS)
    load(con, "checks", checks, csv_batches(out_dir / CHECKS, checks))
    errors = pa.schema([pa.field(f, pa.string()) for f in ERROR_FIELDS])
    load(con, "errors", errors, error_batches(out_dir / ERRORS, errors))
    cross = csv_schema(out_dir / CROSS_CHECKS, {}, ("source",))
    load(con, "cross_checks", cross, csv_batches(out_dir / CROSS_CHECKS, cross))
    problems = csv_schema(out_dir / PROBLEMS_CSV, PROBLEM_TYPES, PROBLEM_COLUMNS)
    load(con, "problems", problems, csv_batches(out_dir / PROBLEMS_CSV, problems))
    views(con)
    problem_views(con)


def snake(name: str) -> str:
    """``t3.total.total`` -> ``t3_total_total`` (a column name SQL needs no quotes for)."""
    return "".join(ch if ch.isalnum() else "_" for ch in name)


def views(con: duckdb.DuckDBPyConnection) -> None:
    """The ``dataset`` / ``quarantine`` / ``reports_flat`` views and the codebook labels as column comments."""

    con.execute("CREATE VIEW dataset AS SELECT * FROM reports WHERE in_dataset")
    con.execute("CREATE VIEW quarantine AS SELECT * FROM reports WHERE NOT in_dataset")
    names = [r[0] for r in con.execute("SELECT column_name FROM information_schema.columns "
                                       "WHERE table_name = 'reports' ORDER BY ordinal_position").fetchall()]
    select = ", ".join(f'"{n}" AS {snake(n)}' for n in names)
    con.execute(f"CREATE VIEW reports_flat AS SELECT {select} FROM reports")
    labels = {r["key"]: r["label"] for r in codebook_rows()}
    for n in names:
        if n in labels:
            con.execute(f"""COMMENT ON COLUMN reports."{n}" IS '{labels[n].replace("'", "''")}'""")


def problem_views(con: duckdb.DuckDBPyConnection) -> None:
    """Section 五 above the single report: ``problems_by_category`` (category × level × region × year: problem
    items, reports naming the category, reports whose section 五 was read, their share) and
    ``problems_recurring`` (agencies whose problem categories of one year appear again the next year)."""
    con.execute("""CREATE VIEW problems_by_category AS
        WITH read AS (SELECT DISTINCT source, level, region, year FROM problems WHERE method <> 'none'),
             groups AS (SELECT level, region, year, count(*) AS reports_read FROM read GROUP BY ALL),
             items AS (SELECT level, region, year, category, count(*) AS items, count(DISTINCT source) AS reports
                       FROM problems WHERE kind = 'problem' GROUP BY ALL)
        SELECT i.category, i.level, i.region, i.year, i.items, i.reports, g.reports_read,
               round(i.reports / g.reports_read, 4) AS share_of_reports
        FROM items i JOIN groups g ON i.level IS NOT DISTINCT FROM g.level
            AND i.region IS NOT DISTINCT FROM g.region AND i.year IS NOT DISTINCT FROM g.year
        ORDER BY i.year, i.level, i.region, i.items DESC""")
    con.execute("""CREATE VIEW problems_recurring AS
        WITH cats AS (SELECT DISTINCT agency_key, year, category FROM problems
                      WHERE kind = 'problem' AND agency_key IS NOT NULL AND year IS NOT NULL)
        SELECT now.agency_key, now.year, before.year AS prev_year, now.category
        FROM cats now JOIN cats before
          ON now.agency_key = before.agency_key AND before.year = now.year - 1 AND before.category = now.category
        ORDER BY now.agency_key, now.year, now.category""")


def write_duckdb(out_dir: Path) -> dict[str, int]:
    """Write ``OUT/xxgk.duckdb`` (atomically). Returns table -> rows."""
    out_dir = Path(out_dir)
    with atomic_path(out_dir / FILENAME) as tmp:
        con = duckdb.connect(str(tmp))
        try:
            build(con, out_dir)
            counts = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in TABLES}  # type: ignore[index]
        finally:
            con.close()
    return counts

