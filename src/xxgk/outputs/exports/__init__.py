"""Researcher exports built from an output folder: a workbook (xlsx), a Parquet file and a DuckDB database.

They are derived from the aggregate files a batch leaves in ``OUT`` (reports.jsonl, quarantine.jsonl,
checks.csv, errors.jsonl, cross_checks.csv), never from the extractor, so they can be rebuilt at any time.
The writers import openpyxl / pyarrow / duckdb lazily: ``import xxgk`` stays light.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from pathlib import Path

from xxgk.core.errors import UsageError

ALWAYS = ("jsonl", "csv")  # the batch writes these in every run
EXTRA_FORMATS = ("xlsx", "parquet", "duckdb")
FORMATS = (*ALWAYS, *EXTRA_FORMATS)

# format -> (module, writer function, output file); each writer returns its row count(s)
_WRITERS = {
    "xlsx": ("xlsx", "write_xlsx", "reports.xlsx"),
    "parquet": ("parquet", "write_parquet", "reports.parquet"),
    "duckdb": ("duckdb", "write_duckdb", "xxgk.duckdb"),
}
EXTRA_FILES = {fmt: filename for fmt, (_, _, filename) in _WRITERS.items()}


def parse_formats(text: str | None) -> tuple[str, ...]:
    """``"csv,xlsx"`` -> ``("jsonl", "csv", "xlsx")``, ``"all"`` -> every format, in ``FORMATS`` order.
    jsonl and csv are always included (the batch always writes them). Unknown names: ``UsageError``."""
    names = {n.strip().lower() for n in (text or "").replace(";", ",").split(",") if n.strip()}
    if "all" in names:
        return FORMATS
    unknown = sorted(names - set(FORMATS))
    if unknown:
        raise UsageError(f"unknown format(s) {', '.join(map(repr, unknown))}: choose from {', '.join(FORMATS)} or all")
    chosen = tuple(f for f in FORMATS if f in ALWAYS or f in names)
    require_exports(chosen)
    return chosen


# format -> the packages its writer needs (the ``exports`` extra)
_NEEDS = {"xlsx": ("openpyxl",), "parquet": ("pyarrow",), "duckdb": ("duckdb", "pyarrow")}


def require_exports(formats: Iterable[str]) -> None:
    """``UsageError`` naming the extra when a format's packages are not installed."""
    import importlib.util

    missing = sorted({pkg for f in formats for pkg in _NEEDS.get(f, ()) if importlib.util.find_spec(pkg) is None})
    if missing:
        raise UsageError(f"--format {', '.join(f for f in formats if f in _NEEDS)} needs {', '.join(missing)}: "
                         "pip install 'xxgk[exports]'")


def write_extra(out_dir: Path, formats: Iterable[str]) -> dict[str, int]:
    """Write the extra formats among ``formats`` (jsonl and csv are ignored: the batch writes them) into
    ``out_dir``. Returns output file name -> rows: reports for xlsx and parquet; for DuckDB ``xxgk.duckdb`` ->
    rows of its ``reports`` table and ``xxgk.duckdb:<table>`` -> rows of each other table."""
    out_dir = Path(out_dir)
    wanted = set(formats)
    unknown = wanted - set(FORMATS)
    if unknown:
        raise UsageError(f"unknown format(s) {', '.join(sorted(unknown))}: choose from {', '.join(FORMATS)}")
    counts: dict[str, int] = {}
    for fmt in EXTRA_FORMATS:
        if fmt not in wanted:
            continue
        module, func, filename = _WRITERS[fmt]
        writer = getattr(importlib.import_module(f".{module}", __name__), func)
        result = writer(out_dir)
        if isinstance(result, dict):
            counts[filename] = result.get("reports", 0)
            counts.update({f"{filename}:{table}": n for table, n in result.items() if table != "reports"})
        else:
            counts[filename] = result
    return counts


__all__ = ["EXTRA_FILES", "EXTRA_FORMATS", "FORMATS", "parse_formats", "write_extra"]
