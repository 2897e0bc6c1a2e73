"""Batch extraction over files and folders, writing per-report outputs and the aggregate files.

Layout of ``--out``:
    reports/<name>.<hash>.json   one per extracted report (written atomically as each finishes)
    errors/<name>.<hash>.json    one per file that could not be read as a report
    reports.jsonl, reports.csv        the dataset: reports the acceptance policy admits
    quarantine.jsonl, quarantine.csv  the others (rejected, failed), with their reason
    checks.csv, errors.jsonl          rebuilt from the two folders at the end

Every input ends in exactly one of reports / quarantine / errors. ``--out`` may already hold results: they are
merged by source (a re-extracted source replaces its old result), never silently deleted.
"""

from __future__ import annotations

import csv
import json
import os
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .exceptions import InputError, XxgkError
from .export import (
    CHECK_COLUMNS,
    atomic_writer,
    check_rows,
    csv_row,
    dumps_line,
    report_filename,
    report_json,
    write_csv,
    write_text_atomic,
)
from .extract import extract_file
from .model import Report
from .spec import csv_columns
from .tables import DEFAULT_SETTINGS, TableSettings


@dataclass(slots=True)
class FileResult:
    source: str
    report: Report | None = None
    error_code: str | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.report is not None


@dataclass(slots=True)
class BatchSummary:
    out_dir: Path
    files: int = 0
    by_status: Counter[str] = field(default_factory=Counter)
    by_template: Counter[tuple[str, str]] = field(default_factory=Counter)
    errors: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0
    outputs: dict[str, int] = field(default_factory=dict)  # file name -> rows written

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0


def discover(paths: Sequence[str | os.PathLike[str]], exclude: Path | None = None) -> list[tuple[str, Path]]:
    """(source, path) for every file under the arguments, in a stable order. ``source`` is the argument
    as given joined with the path below it, with ``/`` separators (spec B, "source")."""
    out: list[tuple[str, Path]] = []
    seen: set[str] = set()
    excl = exclude.resolve() if exclude else None
    for arg in paths:
        p = Path(arg)
        base = Path(arg).as_posix()
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if not f.is_file() or any(part.startswith(".") for part in f.relative_to(p).parts):
                    continue
                if excl and excl in f.resolve().parents:
                    continue
                src = f"{base.rstrip('/')}/{f.relative_to(p).as_posix()}"
                if src not in seen:
                    seen.add(src)
                    out.append((src, f))
        elif base not in seen:
            seen.add(base)
            out.append((base, p))
    return out


def extract_one(source: str, path: Path, settings: TableSettings = DEFAULT_SETTINGS) -> FileResult:
    """Extract one file; never raises: an unreadable file or an internal error becomes an error result."""
    try:
        if not path.exists():
            return FileResult(source, error_code="missing", reason="no such file")
        if not path.is_file():
            return FileResult(source, error_code="unreadable", reason="not a regular file")
        return FileResult(source, report=extract_file(path, source=source, settings=settings))
    except InputError as exc:
        return FileResult(source, error_code=exc.code, reason=exc.reason)
    except XxgkError as exc:
        return FileResult(source, error_code=exc.code, reason=exc.reason)
    except OSError as exc:
        return FileResult(source, error_code="unreadable", reason=f"cannot read: {exc.strerror or exc}")
    except Exception as exc:  # a bug must not stop a batch of thousands of files
        return FileResult(source, error_code="internal", reason=f"internal error: {type(exc).__name__}: {exc}")


def run_extract(
    paths: Sequence[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    settings: TableSettings = DEFAULT_SETTINGS,
    on_start: Callable[[int], None] | None = None,
    on_result: Callable[[FileResult], None] | None = None,
    accept: str = "flagged",
) -> BatchSummary:
    out = Path(out_dir)
    t0 = time.perf_counter()
    files = discover(paths, exclude=out)
    (out / "reports").mkdir(parents=True, exist_ok=True)
    (out / "errors").mkdir(parents=True, exist_ok=True)
    summary = BatchSummary(out_dir=out, files=len(files))
    if on_start:
        on_start(len(files))
    for source, path in files:
        res = extract_one(source, path, settings)
        name = report_filename(source)
        if res.report is not None:
            write_text_atomic(out / "reports" / name, report_json(res.report) + "\n")
            (out / "errors" / name).unlink(missing_ok=True)
            summary.by_status[res.report.status.value] += 1
            summary.by_template[(res.report.meta.template or "?", res.report.status.value)] += 1
        else:
            err = {"source": source, "error": res.error_code, "reason": res.reason, "xxgk_version": __version__}
            write_text_atomic(out / "errors" / name, dumps_line(err) + "\n")
            (out / "reports" / name).unlink(missing_ok=True)
            summary.errors.append(res)
        if on_result:
            on_result(res)
    summary.outputs = rebuild_outputs(out, accept)
    summary.seconds = time.perf_counter() - t0
    return summary


def _load_reports(folder: Path) -> list[tuple[str, Path]]:
    """(source, file) of every per-report JSON, sorted by source."""
    items = []
    for f in folder.glob("*.json"):
        with f.open(encoding="utf-8") as fh:
            head = fh.read(4096)
        src = _source_of(head) or f.name
        items.append((src, f))
    return sorted(items)


def _source_of(head: str) -> str | None:
    key = '"source":'
    i = head.find(key)
    if i < 0:
        return None
    try:
        return json.JSONDecoder().raw_decode(head[i + len(key) :].lstrip())[0]
    except ValueError:
        return None


ACCEPT_POLICIES = {
    "flagged": ("accepted", "flagged"),  # faithful data enters the dataset, flagged with its failing identity
    "accepted-only": ("accepted",),
}


def rebuild_outputs(out: Path, accept: str = "flagged") -> dict[str, int]:
    """Rebuild the aggregate files from the per-report files, one report in memory at a time. The gate:
    reports whose status the policy accepts go to reports.csv/.jsonl; the others (rejected, failed, and
    flagged under ``accepted-only``) to quarantine.csv/.jsonl with their reason."""
    admitted = ACCEPT_POLICIES[accept]
    report_files = _load_reports(out / "reports")
    counts: Counter[str] = Counter({"reports.csv": 0, "quarantine.csv": 0})
    checks: list[dict[str, str]] = []
    with (
        atomic_writer(out / "reports.csv", encoding="utf-8-sig", newline="") as rc,
        atomic_writer(out / "quarantine.csv", encoding="utf-8-sig", newline="") as qc,
        atomic_writer(out / "reports.jsonl") as rj,
        atomic_writer(out / "quarantine.jsonl") as qj,
    ):
        writers = {True: (csv.DictWriter(rc, fieldnames=csv_columns()), rj, "reports"),
                   False: (csv.DictWriter(qc, fieldnames=csv_columns()), qj, "quarantine")}
        for w, _, _ in writers.values():
            w.writeheader()
        for _, f in report_files:
            text = f.read_text(encoding="utf-8").strip()
            r = Report.model_validate_json(text)
            w, jl, name = writers[r.status.value in admitted]
            w.writerow(csv_row(r))
            jl.write(text.replace("\n", " ") + "\n")
            counts[f"{name}.csv"] += 1
            checks.extend(check_rows(r))
    counts["reports.jsonl"], counts["quarantine.jsonl"] = counts["reports.csv"], counts["quarantine.csv"]
    counts["checks.csv"] = write_csv(out / "checks.csv", CHECK_COLUMNS, checks)

    errors = []
    for f in sorted((out / "errors").glob("*.json")):
        errors.extend(line for line in f.read_text(encoding="utf-8").splitlines() if line.strip())
    errors.sort(key=lambda line: _source_of(line) or "")
    write_text_atomic(out / "errors.jsonl", "".join(e + "\n" for e in errors))
    counts["errors.jsonl"] = len(errors)
    return dict(counts)
