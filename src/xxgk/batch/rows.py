"""Row sidecars: what the end-of-run rebuild needs from a report, computed by the worker that extracted it.

The rebuild is serial; parsing every 50 KB report JSON again there made it the tail of a parallel run. So the
worker, which holds the report anyway, also writes ``OUT/rows/<file>``: the wide CSV row, the checks.csv rows
and the few fields the cross-report checks read, tagged with the report's identity (content hash, status,
version, LLM state). The rebuild uses a sidecar only when its tag matches the manifest entry, and otherwise
(an LLM-refined report, a folder merged from elsewhere, a missing sidecar) parses the report as before — the
outputs are the same either way (a test compares them).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from xxgk.batch.manifest import Entry
from xxgk.core.cell_json import table_cells_json
from xxgk.core.model import Report, Table
from xxgk.core.spec import csv_file_columns
from xxgk.outputs.problems import problem_rows
from xxgk.outputs.records import CHECK_COLUMNS, check_rows, csv_row, dumps_line, report_json, write_text_atomic
from xxgk.pipeline.problems import read_problems
from xxgk.version import __version__

ROWS = "rows"


def tag(sha256: str | None, status: str | None, llm: str | None) -> list[Any]:
    """What a sidecar belongs to: the report (hash, status, LLM state), the version and the CSV's columns
    (a sidecar written for other columns is never used)."""
    return [__version__, sha256, status, llm, len(csv_file_columns())]


def mini_report(report: Report | dict[str, Any]) -> dict[str, Any]:
    """The parts of a report (or its dict) ``crosscheck.compact`` reads, as plain data for the sidecar."""
    if isinstance(report, Report):
        return {"source": report.source, "sha256": report.sha256, "status": report.status.value,
                "meta": report.meta.model_dump(include={"agency", "agency_key", "year", "template"}),
                "t2": {"cells": _cells(report.t2, ("rules", "normative_docs"))},
                "t3": {"cells": _cells(report.t3, ("carried_over", "carried_forward"))}}
    rec = report
    meta = rec.get("meta") or {}
    t2 = (rec.get("t2") or {}).get("cells") or {}
    t3 = (rec.get("t3") or {}).get("cells") or {}
    return {
        "source": rec["source"], "sha256": rec.get("sha256"), "status": rec.get("status"),
        "meta": {k: meta.get(k) for k in ("agency", "agency_key", "year", "template")},
        "t2": {"cells": {r: t2[r] for r in ("rules", "normative_docs") if r in t2}},
        "t3": {"cells": {r: t3[r] for r in ("carried_over", "carried_forward") if r in t3}},
    }


def _cells(table: Table, rows: tuple[str, ...]) -> dict[str, Any]:
    """A few rows' cells as the JSON dicts of a report file would hold them (nulls left out)."""
    return table_cells_json({r: table.cells[r] for r in rows if r in table.cells}, exclude_none=True)


def rows_of(rec: Report | dict[str, Any]) -> dict[str, Any]:
    """What the rebuild writes for a report: its wide CSV row and checks.csv rows (as lists, in column
    order), the part the cross-report checks read, and its problems.csv rows (section 五 read by rules)."""
    row = csv_row(rec)
    report = rec if isinstance(rec, Report) else Report.model_validate(rec)
    return {
        "csv": [row[c] for c in csv_file_columns()],
        "checks": [[c[k] for k in CHECK_COLUMNS] for c in check_rows(rec)],
        "mini": mini_report(rec),
        "problems": problem_rows(report, read_problems(report)),
    }


def write_sidecar(out: Path, file: str, rec: Report | dict[str, Any], llm: str | None) -> None:
    sha, status = (rec.sha256, rec.status.value) if isinstance(rec, Report) else (rec.get("sha256"), rec.get("status"))
    side = {"tag": tag(sha, status, llm), **rows_of(rec)}
    write_text_atomic(out / ROWS / file, dumps_line(side) + "\n")


def write_report(out: Path, file: str, report: Report, *, rows: bool) -> None:
    """A report's file under ``reports/`` (atomic), and first, when ``rows`` (the report waits for no LLM
    step), the rows the rebuild needs, computed here from the typed report (no JSON round trip)."""
    text = report_json(report)
    if rows:
        write_sidecar(out, file, report, None)
    write_text_atomic(out / "reports" / file, text + "\n")


def read_sidecar(out: Path, entry: Entry) -> dict[str, Any] | None:
    """The sidecar of an entry's report when it is there and belongs to the report on disk, else None."""
    try:
        d = json.loads((out / ROWS / entry.file).read_text(encoding="utf-8"), parse_float=Decimal)
    except (OSError, ValueError):
        return None
    if d.get("tag") != tag(entry.sha256, entry.status, entry.llm):
        return None
    return d
