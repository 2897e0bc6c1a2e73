"""The cross-year step of a batch: after the rules ran over every file, a report left with ambiguous cells
is read again with the figures the same agency's reports for the year before and after imply (``xxgk.pipeline.years``:
the carry-over of table 三, the item counts of table 二) — those figures only choose among readings that fit
its print. A report that comes out with fewer ambiguous cells replaces its file; its notes name the year
that decided. Runs before the LLM step, so the LLM gets only what the documents themselves cannot settle."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from xxgk.api import extract_file
from xxgk.batch.manifest import Entry
from xxgk.batch.options import BatchOptions
from xxgk.batch.rows import ROWS, write_report
from xxgk.core.model import CellState, Report
from xxgk.pipeline.years import adjacent_figures, needs_neighbours


def _ambiguous(report: Report) -> int:
    return sum(1 for t in (report.t2, report.t3, report.t4) for _, c in t.iter_cells() if c.state == CellState.ambiguous)


def _agency_year(out: Path, e: Entry) -> tuple[str | None, int | None]:
    """(agency_key, year) of a report, from its row sidecar when there is one (small), else its file."""
    try:
        side = json.loads((out / ROWS / e.file).read_text(encoding="utf-8"))
        meta = side["mini"]["meta"]
    except (OSError, ValueError, KeyError):
        try:
            meta = json.loads((out / e.path).read_text(encoding="utf-8")).get("meta") or {}
        except (OSError, ValueError):
            return None, None
    return meta.get("agency_key"), meta.get("year")


def run_year_pass(out: Path, current: dict[str, Entry], paths: dict[str, Path], opts: BatchOptions,
                  record: Callable[[Entry], None]) -> int:
    """Re-read the reports an adjacent year can settle; returns how many changed."""
    reports = [e for e in current.values() if e.outcome == "report" and e.status == "rejected"]
    candidates: list[tuple[Entry, Report]] = []
    for e in reports:
        try:
            report = Report.model_validate_json((out / e.path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if needs_neighbours(report):
            candidates.append((e, report))
    if not candidates:
        return 0
    wanted = {(r.meta.agency_key, y) for _, r in candidates for y in (r.meta.year - 1, r.meta.year + 1)}  # type: ignore[operator]
    neighbours: dict[str, list[Report]] = defaultdict(list)
    for e in current.values():
        if e.outcome != "report":
            continue
        key, year = _agency_year(out, e)
        if key is not None and (key, year) in wanted:
            try:
                neighbours[key].append(Report.model_validate_json((out / e.path).read_text(encoding="utf-8")))
            except (OSError, ValueError):
                continue
    changed = 0
    for e, report in candidates:
        figures = adjacent_figures(report, neighbours.get(report.meta.agency_key or "", []))
        if not figures:
            continue
        path = paths.get(e.source, Path(e.source))
        try:
            again = extract_file(path, source=e.source, settings=opts.settings, figures=figures)
        except Exception:  # the file changed or vanished since the rules read it: keep the first reading
            continue
        if again.sha256 != report.sha256 or _ambiguous(again) >= _ambiguous(report):
            continue
        write_report(out, e.file, again, rows=e.llm != "pending")
        record(Entry(source=e.source, sha256=e.sha256, file=e.file, outcome="report", version=e.version,
                     config=e.config, status=again.status.value, template=again.meta.template, reason=again.reason,
                     llm=e.llm, seconds=e.seconds))
        changed += 1
    return changed
