"""The aggregate files of an output folder, rebuilt from the per-report outputs.

Every aggregate is written to a temporary file and renamed into place, so an interrupted run never leaves a
half-written one. Reports are streamed one at a time (read, row written, dropped): memory does not grow with
the number of reports. The gate (spec B, issue 5): reports whose status the acceptance policy admits go to
the dataset (reports.jsonl/.csv); the others (rejected, failed, and flagged under ``accepted-only``) to
quarantine (quarantine.jsonl/.csv) with their reason.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from xxgk.batch.manifest import Entry
from xxgk.batch.rows import read_sidecar, rows_of
from xxgk.core.spec import csv_file_columns
from xxgk.outputs.problems import PROBLEM_COLUMNS, PROBLEMS_CSV
from xxgk.outputs.records import CHECK_COLUMNS, atomic_writer, load_report_dict, write_text_atomic
from xxgk.version import __version__

ACCEPT_POLICIES = {
    "flagged": ("accepted", "flagged"),  # faithful data enters the dataset, flagged with its failing identity
    "accepted-only": ("accepted",),
}
CORE_OUTPUTS = ("reports.jsonl", "reports.csv", "quarantine.jsonl", "quarantine.csv", "checks.csv", "errors.jsonl",
                PROBLEMS_CSV)
STATE = "run-state.json"


def fingerprint(entries: Iterable[Entry], accept: str, formats: Iterable[str]) -> str:
    """What the aggregates are built from: when it is unchanged and they are on disk, a rerun skips the
    rebuild."""
    h = hashlib.sha256(f"{__version__}|{accept}|{','.join(sorted(formats))}".encode())
    for e in sorted(entries, key=lambda e: e.source):
        h.update(f"\n{e.source}|{e.sha256}|{e.file}|{e.outcome}|{e.status}|{e.error}|{e.llm}|{e.config}".encode())
    return h.hexdigest()


def _state(out: Path) -> dict[str, Any]:
    try:
        return json.loads((out / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def up_to_date(out: Path, fp: str, outputs: Iterable[str]) -> bool:
    return _state(out).get("fingerprint") == fp and all((out / name).exists() for name in outputs)


def saved_outputs(out: Path) -> dict[str, int]:
    """The row counts recorded by the last rebuild."""
    return _state(out).get("outputs", {})


def mark_dirty(out: Path) -> None:
    """Before a run appends its first line to reports.jsonl / quarantine.jsonl: forget the fingerprint, so
    that a run stopped before its rebuild (killed, disk full) is always followed by a rebuild — the live
    appends and the rebuilt files never add up to a report twice."""
    state = _state(out)
    if state.get("fingerprint") is not None:
        save_state(out, None, state.get("outputs", {}))


def save_state(out: Path, fp: str | None, counts: dict[str, int]) -> None:
    write_text_atomic(out / STATE, json.dumps({"fingerprint": fp, "xxgk_version": __version__, "outputs": counts},
                                              ensure_ascii=False, indent=1) + "\n")


def rebuild_core(out: Path, entries: Iterable[Entry], accept: str = "flagged",
                 on_report: Callable[[dict[str, Any]], None] | None = None) -> dict[str, int]:
    """reports/quarantine .jsonl and .csv, checks.csv, problems.csv and errors.jsonl, sorted by source. ``on_report`` sees
    the part of each report the cross-report checks read (``rows.mini_report``) as it streams by."""
    admitted = ACCEPT_POLICIES[accept]
    ordered = sorted(entries, key=lambda e: e.source)
    counts: Counter[str] = Counter({"reports.csv": 0, "quarantine.csv": 0, "checks.csv": 0, PROBLEMS_CSV: 0})
    columns = csv_file_columns()
    with (
        atomic_writer(out / "reports.csv", encoding="utf-8-sig", newline="") as rc,
        atomic_writer(out / "quarantine.csv", encoding="utf-8-sig", newline="") as qc,
        atomic_writer(out / "reports.jsonl") as rj,
        atomic_writer(out / "quarantine.jsonl") as qj,
        atomic_writer(out / "checks.csv", encoding="utf-8-sig", newline="") as cc,
        atomic_writer(out / PROBLEMS_CSV, encoding="utf-8-sig", newline="") as pc,
    ):
        writers = {True: (csv.writer(rc), rj, "reports.csv"), False: (csv.writer(qc), qj, "quarantine.csv")}
        for w, _, _ in writers.values():
            w.writerow(columns)
        checks = csv.writer(cc)
        checks.writerow(CHECK_COLUMNS)
        problems = csv.writer(pc)
        problems.writerow(PROBLEM_COLUMNS)
        for e in ordered:
            if e.outcome != "report":
                continue
            text = (out / e.path).read_text(encoding="utf-8").strip()
            # the worker's precomputed rows when they belong to this report, else computed here
            rows = read_sidecar(out, e) or rows_of(load_report_dict(text))
            if on_report is not None:
                on_report(rows["mini"])
            w, jl, name = writers[rows["mini"]["status"] in admitted]
            w.writerow(rows["csv"])
            jl.write(text.replace("\n", " ") + "\n")
            checks.writerows(rows["checks"])
            problems.writerows(rows["problems"])
            counts[PROBLEMS_CSV] += len(rows["problems"])
            counts[name] += 1
            counts["checks.csv"] += len(rows["checks"])
    counts["reports.jsonl"], counts["quarantine.jsonl"] = counts["reports.csv"], counts["quarantine.csv"]
    with atomic_writer(out / "errors.jsonl") as ej:
        n = 0
        for e in ordered:
            if e.outcome == "error":
                for line in (out / e.path).read_text(encoding="utf-8").splitlines():
                    if line.strip():
                        ej.write(line + "\n")
                        n += 1
    counts["errors.jsonl"] = n
    return dict(counts)
