"""The numbers of the batch page, streamed from an output folder's files: constants, readers, per-report
numbers and the accumulated ``Stats`` (``scan``)."""

from __future__ import annotations

import csv
import json
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xxgk.core.errors import error_classes
from xxgk.core.spec import T3_COMPONENTS, T3_ROWS
from xxgk.outputs.problems import PROBLEMS_CSV, ProblemStats

DATASET, QUARANTINE, ERRORS = "reports.jsonl", "quarantine.jsonl", "errors.jsonl"
CHECKS, CROSS_CHECKS = "checks.csv", "cross_checks.csv"
INPUT_FILES = (DATASET, QUARANTINE, ERRORS, CHECKS, CROSS_CHECKS)
REPORT_HTML = "report.html"

MAX_ROWS = 200  # rows of a listing table (failing reports, cross-year checks)
MAX_TEXT = 240  # characters of a reason / message cell
MAX_DISTINCT = 500  # distinct keys kept by an open-ended counter (failed reasons); the rest are pooled
EXAMPLES = 3  # example sources per error code

STATUSES = ("accepted", "flagged", "rejected", "failed")
STATUS_LABELS = {"accepted": "通过 accepted", "flagged": "存疑 flagged", "rejected": "拒收 rejected",
                 "failed": "失败 failed"}
STATUS_COLORS = {"accepted": "#3a8f5c", "flagged": "#e0a526", "rejected": "#c8453b", "failed": "#7d7d7d"}
BAR_COLOR = "#3b6ea8"

# --- the outcome rows of table 三 (三、本年度办理结果) ------------------------------------------------------

# the (三) result leaves of both templates: a report only carries the keys of what it prints, so summing over
# the union is summing over the report's own leaves (the 2019 single （六） row or the three 2021 sub-rows)
RESULT_LEAVES: tuple[str, ...] = tuple(
    r.key for r in T3_ROWS if r.key not in ("new_received", "carried_over", "total", "carried_forward"))
GROUP_OF: dict[str, str] = {r.key: r.group or r.key for r in T3_ROWS if r.key in RESULT_LEAVES}
LABEL_OF: dict[str, str] = {r.key: r.label for r in T3_ROWS}
OUTCOME_GROUPS: tuple[tuple[str, str, str], ...] = (
    ("granted", "（一）予以公开", "granted"),
    ("partial", "（二）部分公开", "partly granted"),
    ("denied", "（三）不予公开", "denied"),
    ("unable", "（四）无法提供", "unable to provide"),
    ("not_processed", "（五）不予处理", "not processed"),
    ("other", "（六）其他处理", "other handling"),
)
ENGLISH: dict[str, str] = {
    "denied_state_secret": "state secret",
    "denied_law_forbidden": "forbidden by other laws",
    "denied_three_safety": "endangers security / stability",
    "denied_third_party": "third-party rights",
    "denied_internal": "internal affairs",
    "denied_process": "process information",
    "denied_enforcement_file": "enforcement case file",
    "denied_admin_query": "administrative query matter",
    "unable_not_held": "not held by the agency",
    "unable_need_creation": "would have to be created",
    "unable_unclear": "still unclear after correction",
    "not_processed_petition": "petition / complaint",
    "not_processed_duplicate": "repeated application",
    "not_processed_publication": "asks for publications",
    "not_processed_massive": "mass repeated applications",
    "not_processed_confirm": "asks to confirm / re-issue",
}
T4_REVIEW_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("upheld", "结果维持", "upheld"),
    ("corrected", "结果纠正", "corrected"),
    ("other", "其他结果", "other result"),
    ("pending", "尚未审结", "pending"),
)
# histogram bins of a rate in %: exactly 0, then (0,10], (10,20], … (90,100]
RATE_BINS: tuple[str, ...] = ("0%", *(f"{lo}–{lo + 10}%" for lo in range(0, 100, 10)))
IDENTITIES: dict[str, tuple[str, str]] = {
    "O1": ("新收+结转 = 总计+结转下年", "received + carried over = closed + carried forward"),
    "S1": ("行总计 = 各类申请人之和", "row total = sum of applicant types"),
    "S2": ("（七）总计 = 各办理结果之和", "result total = sum of the result rows"),
    "S3": ("表四 总计 = 维持+纠正+其他+未审结", "table 四: total = sum of the results"),
}
# error code -> (Chinese, English), from the one exception tree
ERROR_NAMES: dict[str, tuple[str, str]] = {c.code: c.label for c in error_classes() if c.label != ("错误", "error")}
NONE = '<p class="muted">无 · none.</p>'
CROSS_PREFERRED = ("check", "severity", "agency_key", "year", "prev_year", "table", "row", "column", "this_value",
                   "prev_value", "expected", "message", "source", "prev_source")
CROSS_SUMMARY_COLUMNS = ("row", "column", "this_value", "message")
CROSS_NAMES: dict[str, tuple[str, str]] = {
    "carry_over": ("上年结转 ≠ 上年报告的结转下年", "carry-over between years"),
    "in_force_stock": ("现行有效件数存量不符", "2021 stock of rules"),
    "duplicate": ("同一文件多处出现", "duplicate content"),
    "same_agency_year": ("同机关同年度多份报告", "same agency and year"),
}
CROSS_SHORT = ("check", "severity", "year", "prev_year", "table", "this_value", "prev_value", "expected")


# --- reading ---------------------------------------------------------------------------------------------


def iter_json_lines(path: Path) -> Iterator[dict[str, Any] | None]:
    """One dict per non-blank line of a jsonl file, ``None`` for a line that is not a JSON object. A missing
    file is empty."""
    if not path.is_file():
        return
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except ValueError:
                yield None
                continue
            yield rec if isinstance(rec, dict) else None


def iter_csv_rows(path: Path) -> Iterator[dict[str, str]]:
    """The rows of a CSV (UTF-8, with or without BOM) as dicts. A missing file is empty."""
    if not path.is_file():
        return
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
        for row in csv.DictReader(fh):
            yield {str(k): (v if isinstance(v, str) else "" if v is None else " ".join(v)) for k, v in row.items()}


def csv_columns(path: Path) -> list[str]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
        return next(csv.reader(fh), [])


# --- per-report numbers (pure functions of one report dict) ----------------------------------------------


def cell_number(report: dict[str, Any], table: str, row: str, col: str) -> float | None:
    """The value of a cell when the document prints a number there, else None (blank, "/", ambiguous…)."""
    try:
        cell = report[table]["cells"][row][col]
    except (KeyError, TypeError):
        return None
    if not isinstance(cell, dict) or cell.get("state", "number") != "number":
        return None
    v = cell.get("value")
    return v if isinstance(v, int | float) and not isinstance(v, bool) else None


def t3_row_total(report: dict[str, Any], row: str) -> float | None:
    """A table-三 row's 总计 cell; when it is blank, the sum of the six applicant columns if any is printed
    (the S1 "total not reported" case); None when the whole row is blank."""
    total = cell_number(report, "t3", row, "total")
    if total is not None:
        return total
    parts = [cell_number(report, "t3", row, c) for c in T3_COMPONENTS]
    printed = [p for p in parts if p is not None]
    return sum(printed) if printed else None


def outcome_totals(report: dict[str, Any]) -> dict[str, float]:
    """Row totals of the (三) result leaves that the report prints (blank rows left out)."""
    out = {}
    for row in RESULT_LEAVES:
        v = t3_row_total(report, row)
        if v is not None:
            out[row] = v
    return out


def granted_rate(totals: dict[str, float]) -> float | None:
    """予以公开 / Σ result leaves, in %; None when no leaf is printed or they sum to 0 (no application closed)."""
    denominator = sum(totals.values())
    if not totals or denominator <= 0:
        return None
    return 100.0 * totals.get("granted", 0) / denominator


def review_counts(report: dict[str, Any]) -> dict[str, float]:
    """The printed cells of the 行政复议 group of table 四 (upheld, corrected, other, pending, total)."""
    out = {}
    for col in ("upheld", "corrected", "other", "pending", "total"):
        v = cell_number(report, "t4", "review", col)
        if v is not None:
            out[col] = v
    return out


def review_total(counts: dict[str, float]) -> float | None:
    """复议总计: the printed total, else the sum of the printed result cells; None when all are blank."""
    if "total" in counts:
        return counts["total"]
    parts = [v for k, v in counts.items() if k != "total"]
    return sum(parts) if parts else None


def correction_rate(counts: dict[str, float]) -> float | None:
    """复议纠错率 = 结果纠正 / 总计, in %; None when there was no review (total blank or 0)."""
    total = review_total(counts)
    if not total or total <= 0:
        return None
    return 100.0 * counts.get("corrected", 0) / total


def failing_checks(report: dict[str, Any]) -> tuple[str, ...]:
    """The distinct ids of the identities that fail in a report, hard ones first (soft ones marked)."""
    hard: set[str] = set()
    soft: set[str] = set()
    for c in report.get("checks") or ():
        if isinstance(c, dict) and c.get("outcome") == "fail":
            (soft if c.get("severity") == "soft" else hard).add(str(c.get("id")))
    return (*sorted(hard), *(f"{s} (soft)" for s in sorted(soft)))


def rate_bin(rate: float) -> int:
    """Index into RATE_BINS: 0 for exactly 0 %, then 1 for (0,10] … 10 for (90,100]."""
    if rate <= 0:
        return 0
    return min(10, max(1, int(-(-rate // 10))))


def clip(text: Any, limit: int = MAX_TEXT) -> str:
    s = "" if text is None else str(text)
    return s if len(s) <= limit else s[: limit - 1] + "…"


# --- accumulating ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FailRow:
    """One report whose identities fail (or that failed to parse), as listed on the page."""

    status: str
    agency: str
    year: str
    template: str
    checks: tuple[str, ...]
    reason: str
    source: str


@dataclass
class Stats:
    """Everything the page shows; bounded in size whatever the number of reports."""

    by_status: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # (status, template, year)
    files: Counter[str] = field(default_factory=Counter)  # lines per input file
    bad_lines: Counter[str] = field(default_factory=Counter)
    outcome_sum: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))  # pooled row totals
    outcome_reports: Counter[str] = field(default_factory=Counter)  # reports with a row total > 0
    granted_rates: array = field(default_factory=lambda: array("d"))
    granted_bins: Counter[int] = field(default_factory=Counter)
    no_outcome: int = 0  # dataset reports whose rate is undefined
    review_sum: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))  # 行政复议 cells, summed
    review_pool: list[float] = field(default_factory=lambda: [0.0, 0.0])  # Σ纠正, Σ总计 over reports with a rate
    review_rates: array = field(default_factory=lambda: array("d"))
    review_bins: Counter[int] = field(default_factory=Counter)
    no_review: int = 0
    failing: dict[str, list[FailRow]] = field(default_factory=dict)  # status -> first MAX_ROWS
    failing_count: Counter[str] = field(default_factory=Counter)
    failing_by_check: Counter[str] = field(default_factory=Counter)  # reports failing each identity
    failed_reasons: Counter[str] = field(default_factory=Counter)
    check_rows: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # checks.csv (id, outcome, code)
    errors: Counter[str] = field(default_factory=Counter)
    error_examples: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    cross_columns: list[str] = field(default_factory=list)
    cross_rows: list[dict[str, str]] = field(default_factory=list)  # findings, first MAX_ROWS
    cross_count: int = 0  # findings
    cross_summary: list[dict[str, str]] = field(default_factory=list)  # summary (info) rows, first MAX_ROWS
    cross_by_check: Counter[tuple[str, str]] = field(default_factory=Counter)  # (check, severity)
    cross_present: bool = False
    problems: ProblemStats = field(default_factory=ProblemStats)


def _text(v: Any, default: str = "") -> str:
    return default if v is None or v == "" else str(v)


def add_report(stats: Stats, report: dict[str, Any], in_dataset: bool) -> None:
    """Count one report line (from reports.jsonl when ``in_dataset``, else from quarantine.jsonl)."""
    meta: dict[str, Any] = report["meta"] if isinstance(report.get("meta"), dict) else {}
    status = _text(report.get("status"), "?")
    template, year = _text(meta.get("template"), "?"), _text(meta.get("year"), "?")
    stats.by_status[(status, template, year)] += 1
    if in_dataset:
        add_outcomes(stats, report)
    checks = failing_checks(report)
    if status in ("flagged", "rejected", "failed") or checks:
        add_failure(stats, FailRow(status, _text(meta.get("agency")), year, template, checks,
                                   clip(report.get("reason")), _text(report.get("source"))))


def add_outcomes(stats: Stats, report: dict[str, Any]) -> None:
    totals = outcome_totals(report)
    for row, v in totals.items():
        stats.outcome_sum[row] += v
        if v > 0:
            stats.outcome_reports[row] += 1
    rate = granted_rate(totals)
    if rate is None:
        stats.no_outcome += 1
    else:
        stats.granted_rates.append(rate)
        stats.granted_bins[rate_bin(rate)] += 1
    counts = review_counts(report)
    for col, v in counts.items():
        stats.review_sum[col] += v
    rate = correction_rate(counts)
    if rate is None:
        stats.no_review += 1
    else:
        stats.review_pool[0] += counts.get("corrected", 0)
        stats.review_pool[1] += review_total(counts) or 0
        stats.review_rates.append(rate)
        stats.review_bins[rate_bin(rate)] += 1


def add_failure(stats: Stats, row: FailRow) -> None:
    stats.failing_count[row.status] += 1
    kept = stats.failing.setdefault(row.status, [])
    if len(kept) < MAX_ROWS:
        kept.append(row)
    for c in row.checks:
        stats.failing_by_check[c] += 1
    if row.status == "failed":
        key = clip(row.reason, 120) or "(no reason)"
        if key in stats.failed_reasons or len(stats.failed_reasons) < MAX_DISTINCT:
            stats.failed_reasons[key] += 1
        else:
            stats.failed_reasons["(other reasons)"] += 1


def add_error(stats: Stats, rec: dict[str, Any]) -> None:
    code = _text(rec.get("error"), "?")
    stats.errors[code] += 1
    examples = stats.error_examples.setdefault(code, [])
    if len(examples) < EXAMPLES:
        examples.append((_text(rec.get("source")), clip(rec.get("reason"), 160)))


def is_cross_summary(row: dict[str, str]) -> bool:
    return row.get("check") == "summary" or row.get("severity") == "info"


def add_cross_row(stats: Stats, row: dict[str, str]) -> None:
    if is_cross_summary(row):
        if len(stats.cross_summary) < MAX_ROWS:
            stats.cross_summary.append({k: clip(v) for k, v in row.items()})
        return
    stats.cross_count += 1
    stats.cross_by_check[(row.get("check") or row.get("id") or "?", row.get("severity") or "")] += 1
    if len(stats.cross_rows) < MAX_ROWS:
        stats.cross_rows.append({k: clip(v) for k, v in row.items()})


def scan(out_dir: Path) -> Stats:
    """Stream every input file of ``out_dir`` once into a ``Stats``."""
    stats = Stats()
    for name, in_dataset in ((DATASET, True), (QUARANTINE, False)):
        for rec in iter_json_lines(out_dir / name):
            stats.files[name] += 1
            if rec is None:
                stats.bad_lines[name] += 1
            else:
                add_report(stats, rec, in_dataset)
    for rec in iter_json_lines(out_dir / ERRORS):
        stats.files[ERRORS] += 1
        if rec is None:
            stats.bad_lines[ERRORS] += 1
        else:
            add_error(stats, rec)
    for row in iter_csv_rows(out_dir / CHECKS):
        stats.files[CHECKS] += 1
        stats.check_rows[(row.get("id", "?"), row.get("outcome", "?"), row.get("code", ""))] += 1
    source: str | None = None  # problems.csv: a report's rows are consecutive
    rows: list[dict[str, str]] = []
    for row in iter_csv_rows(out_dir / PROBLEMS_CSV):
        stats.files[PROBLEMS_CSV] += 1
        if row.get("source") != source and rows:
            stats.problems.add_report(rows)
            rows = []
        source = row.get("source")
        rows.append(row)
    stats.problems.add_report(rows)
    cross = out_dir / CROSS_CHECKS
    stats.cross_present = cross.is_file()
    stats.cross_columns = order_columns(csv_columns(cross))
    for row in iter_csv_rows(cross):
        stats.files[CROSS_CHECKS] += 1
        add_cross_row(stats, row)
    return stats


def order_columns(columns: Sequence[str]) -> list[str]:
    """The known cross-check columns first, in a readable order, then any others as found."""
    known = [c for c in CROSS_PREFERRED if c in columns]
    return known + [c for c in columns if c not in known]


