"""``xxgk report``: one self-contained HTML page that summarises an extraction folder for a supervisor.

The page is read from the files ``xxgk extract`` writes into its output folder:

    reports.jsonl      the dataset (one full report JSON a line) — statistics are computed over these only
    quarantine.jsonl   reports not admitted (rejected, failed), same shape, with their ``reason``
    errors.jsonl       files that could not be read as reports: ``{"source", "error", "reason"}``
    checks.csv         identity-check rows that did not pass (fail / warning)
    cross_checks.csv   checks across reports and years (optional): finding rows, then ``summary``/``info``
                       rows (counters); columns beyond the known ones are shown as found

Every file is streamed one line at a time and only counters, small bounded lists and one float per report
(for medians) are kept, so 50,000 reports take flat memory. The page holds no script, no external resource
and no web font: CSS is inline, charts are inline SVG drawn here (each ``<svg class="chart" data-chart=…>``
with a ``<title>``/``<desc>`` and a ``<title>`` on every bar). A Content-Security-Policy forbids anything
else. Every document-derived string (agency names come from untrusted pages) goes through ``esc``, and the
markup is well-formed XML as well as HTML, so a test can parse it strictly. Long tables are cut at
``MAX_ROWS`` rows with a count of the rest.
"""

from __future__ import annotations

import csv
import html
import json
import math
import re
import statistics
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from xxgk.core.errors import UsageError
from xxgk.core.spec import T3_COMPONENTS, T3_ROWS
from xxgk.outputs.records import write_text_atomic
from xxgk.version import __version__

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
ERROR_NAMES: dict[str, tuple[str, str]] = {
    "empty": ("空文件", "empty file"),
    "binary": ("二进制文件", "binary, not text"),
    "encoding": ("无法识别编码", "unknown text encoding"),
    "format": ("不支持的格式", "unsupported format"),
    "too_large": ("文件过大", "too large"),
    "pre_2019": ("2019年模板之前的报告", "report from before the 2019 template"),
    "encrypted": ("已加密", "encrypted"),
    "corrupt": ("文件损坏", "corrupt or truncated"),
    "not_a_report": ("不是年度报告", "not an annual report"),
    "unreadable": ("无法读取", "unreadable"),
    "timeout": ("处理超时", "time limit exceeded"),
    "crashed": ("处理进程崩溃", "worker crashed"),
    "internal": ("内部错误", "internal error"),
}
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


# --- HTML and SVG helpers --------------------------------------------------------------------------------

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def esc(text: Any) -> str:
    """Text safe inside an element or a quoted attribute (of HTML and of XML): markup characters escaped,
    characters that are not allowed in a document removed."""
    return html.escape(_INVALID_XML.sub("", "" if text is None else str(text)), quote=True)


def fmt_int(v: float) -> str:
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,.2f}"


def fmt_pct(v: float | None) -> str:
    return "—" if v is None else f"{v:.1f}%"


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]], numeric: Sequence[int] = (),
          cls: str = "", nowrap: Sequence[int] = (), muted: Sequence[int] = ()) -> str:
    """An HTML table; cells are escaped text, columns whose index is in ``numeric`` right-aligned, in
    ``nowrap`` kept on one line, in ``muted`` small and grey (paths)."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = []
    klasses = {i: ' class="num"' for i in numeric} | {i: ' class="nw"' for i in nowrap} | {
        i: ' class="src"' for i in muted}
    for row in rows:
        cells = "".join(f"<td{klasses.get(i, '')}>{esc(v)}</td>" for i, v in enumerate(row))
        body.append(f"<tr>{cells}</tr>")
    klass = f' class="{esc(cls)}"' if cls else ""
    return f"<table{klass}><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


CHART_W = 940  # viewBox width of every chart (the section's inner width)


def _svg_open(name: str, title: str, desc: str, width: int, height: int) -> str:
    """The opening tag with accessible name and description, and the title drawn visibly at the top left."""
    n = esc(name)
    return (f'<svg class="chart" data-chart="{n}" role="img" aria-labelledby="{n}-t {n}-d" '
            f'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
            f'<title id="{n}-t">{esc(title)}</title><desc id="{n}-d">{esc(desc)}</desc>'
            f'<text x="0" y="15" class="ttl" aria-hidden="true">{esc(title)}</text>')


def _no_data(name: str, title: str, width: int = CHART_W) -> str:
    return (_svg_open(name, title, "no data", width, 64)
            + f'<text x="{width // 2}" y="48" text-anchor="middle" class="sub">无数据 · no data</text></svg>')


def nice_scale(vmax: float, max_ticks: int = 4) -> tuple[float, float]:
    """(axis top, tick step) for data up to ``vmax``: a 1/2/5 × 10^k step, at least 1 (counts are integers)."""
    if vmax <= 0:
        return 1.0, 1.0
    raw = vmax / max_ticks
    magnitude = 10.0 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    step = next((m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw), 10 * magnitude)
    step = max(1.0, step)
    return step * math.ceil(vmax / step), step


@dataclass(frozen=True, slots=True)
class Bar:
    label: str  # Chinese label
    sub: str  # English sub-label
    value: float
    note: str = ""  # shown after the value (e.g. a share)
    color: str = BAR_COLOR


def hbar_chart(name: str, title: str, bars: Sequence[Bar], width: int = CHART_W) -> str:
    """Horizontal bars, one per row, labelled left (Chinese over English sub-label) and valued right."""
    if not bars or not any(b.value > 0 for b in bars):
        return _no_data(name, title, width)
    label_w, value_w, row_h, top = 300, 190, 34, 28
    plot_w = width - label_w - value_w
    vmax = max(b.value for b in bars) or 1
    height = top + 6 + row_h * len(bars)
    desc = "; ".join(f"{b.label} {b.sub}: {fmt_int(b.value)}{' (' + b.note + ')' if b.note else ''}" for b in bars)
    out = [_svg_open(name, title, desc, width, height)]
    for i, b in enumerate(bars):
        y = top + i * row_h
        w = max(0.0, plot_w * b.value / vmax)
        out.append(f'<text x="{label_w - 10}" y="{y + 14}" text-anchor="end" class="lab">{esc(b.label)}</text>'
                   f'<text x="{label_w - 10}" y="{y + 27}" text-anchor="end" class="sub">{esc(b.sub)}</text>'
                   f'<rect class="track" x="{label_w}" y="{y + 6}" width="{plot_w}" height="20" rx="2"/>')
        if w > 0:
            out.append(f'<rect class="bar" x="{label_w}" y="{y + 6}" width="{max(w, 1.5):.1f}" height="20" rx="2" '
                       f'fill="{esc(b.color)}"><title>{esc(b.label)} {esc(b.sub)}: {esc(fmt_int(b.value))}'
                       f"{esc(' · ' + b.note if b.note else '')}</title></rect>")
        out.append(f'<text x="{label_w + plot_w + 8}" y="{y + 21}" class="val"><tspan class="strong">'
                   f'{esc(fmt_int(b.value))}</tspan>{esc("  " + b.note if b.note else "")}</text>')
    out.append("</svg>")
    return "".join(out)


def axis_lines(left: float, top: float, plot_w: float, plot_h: float, axis_top: float, step: float) -> str:
    """Baseline plus light gridlines at every ``step`` up to ``axis_top``, labelled with their value."""
    out = []
    k = 1
    while k * step <= axis_top + 1e-9:
        y = top + plot_h * (1 - k * step / axis_top)
        out.append(f'<line class="grid" x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}"/>'
                   f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick">{k * step:,.0f}</text>')
        k += 1
    out.append(f'<text x="{left - 6}" y="{top + plot_h + 4:.1f}" text-anchor="end" class="tick">0</text>'
               f'<line class="axis" x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}"/>')
    return "".join(out)


def column_chart(name: str, title: str, labels: Sequence[str], values: Sequence[float], x_title: str,
                 width: int = 640, height: int = 260) -> str:
    """Vertical bars (a histogram when ``labels`` are bins), the value above each bar."""
    if not values or not any(v > 0 for v in values):
        return _no_data(name, title, width)
    left, right, top, bottom = 44, 8, 44, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    axis_top, step = nice_scale(max(values))
    slot = plot_w / len(values)
    desc = "; ".join(f"{lab}: {fmt_int(v)}" for lab, v in zip(labels, values, strict=True))
    out = [_svg_open(name, title, desc, width, height), axis_lines(left, top, plot_w, plot_h, axis_top, step)]
    for i, (lab, v) in enumerate(zip(labels, values, strict=True)):
        h = plot_h * v / axis_top
        x = left + i * slot + slot * 0.14
        y = top + plot_h - h
        if v > 0:
            out.append(f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{slot * 0.72:.1f}" height="{h:.1f}" '
                       f'fill="{BAR_COLOR}"><title>{esc(lab)}: {esc(fmt_int(v))}</title></rect>'
                       f'<text x="{x + slot * 0.36:.1f}" y="{y - 5:.1f}" text-anchor="middle" class="val">'
                       f"{esc(fmt_int(v))}</text>")
        out.append(f'<text x="{left + (i + 0.5) * slot:.1f}" y="{top + plot_h + 16}" text-anchor="middle" '
                   f'class="tick">{esc(lab)}</text>')
    out.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 8}" text-anchor="middle" class="sub">'
               f"{esc(x_title)}</text></svg>")
    return "".join(out)


def text_width(text: str, size: float = 12) -> float:
    """Rough rendered width: CJK characters are square, others about 0.6 em."""
    return sum(size if ord(ch) > 0x2E7F else size * 0.6 for ch in text)


def stacked_chart(name: str, title: str, categories: Sequence[str], series: Sequence[tuple[str, str, Sequence[int]]],
                  x_title: str, width: int = CHART_W, height: int = 280) -> str:
    """Vertical stacked bars per category; ``series`` is (key, label, values per category), drawn bottom-up
    in the colour of the status ``key``, with a legend under the title."""
    totals = [sum(s[2][i] for s in series) for i in range(len(categories))]
    if not categories or not any(totals):
        return _no_data(name, title, width)
    left, right, top, bottom = 44, 8, 62, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    axis_top, step = nice_scale(max(totals))
    slot = plot_w / len(categories)
    bar_w = min(64.0, slot * 0.7)
    desc = "; ".join(f"{cat}: " + ", ".join(f"{lab} {vals[i]}" for _, lab, vals in series if vals[i])
                     for i, cat in enumerate(categories))
    out = [_svg_open(name, title, desc, width, height), axis_lines(left, top, plot_w, plot_h, axis_top, step)]
    lx = float(left)
    for key, lab, _ in series:
        out.append(f'<rect x="{lx:.1f}" y="26" width="12" height="12" rx="2" fill="{STATUS_COLORS.get(key, BAR_COLOR)}"/>'
                   f'<text x="{lx + 17:.1f}" y="36" class="sub">{esc(lab)}</text>')
        lx += 34 + text_width(lab, 11)
    base_y = top + plot_h
    for i, cat in enumerate(categories):
        x = left + i * slot + (slot - bar_w) / 2
        y = float(base_y)
        for key, lab, vals in series:
            v = vals[i]
            if not v:
                continue
            h = plot_h * v / axis_top
            y -= h
            out.append(f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                       f'fill="{STATUS_COLORS.get(key, BAR_COLOR)}"><title>{esc(cat)} · {esc(lab)}: {v:,}</title></rect>')
        out.append(f'<text x="{x + bar_w / 2:.1f}" y="{y - 5:.1f}" text-anchor="middle" class="val">{totals[i]:,}</text>'
                   f'<text x="{x + bar_w / 2:.1f}" y="{base_y + 16}" text-anchor="middle" class="tick">{esc(cat)}</text>')
    out.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 8}" text-anchor="middle" class="sub">'
               f"{esc(x_title)}</text></svg>")
    return "".join(out)


def figure(chart: str, caption: str = "") -> str:
    cap = f"<figcaption>{esc(caption)}</figcaption>" if caption else ""
    return f"<figure>{chart}{cap}</figure>"


def truncation_note(shown: int, total: int) -> str:
    if total <= shown:
        return ""
    return f'<p class="more">仅显示前 {shown:,} 行 · showing the first {shown:,}; {total - shown:,} more not listed.</p>'


# --- page sections ---------------------------------------------------------------------------------------


def year_key(year: str) -> tuple[int, str]:
    return (0, f"{int(year):06d}") if year.isdigit() else (1, year)


def section_status(stats: Stats) -> str:
    years = sorted({y for _, _, y in stats.by_status}, key=year_key)
    statuses = [*STATUSES, *sorted({s for s, _, _ in stats.by_status} - set(STATUSES))]
    per_year: Counter[tuple[str, str]] = Counter()
    for (s, _, y), n in stats.by_status.items():
        per_year[(s, y)] += n
    series = [(s, STATUS_LABELS.get(s, s), [per_year[(s, y)] for y in years]) for s in statuses
              if any(per_year[(s, y)] for y in years)]
    cats = [y if y != "?" else "未知 unknown" for y in years]
    chart = stacked_chart("status-by-year", "各年度报告状态 · Reports by year and status", cats, series,
                          "报告年度 · report year (meta.year)")
    rows = []
    combos = sorted({(t, y) for _, t, y in stats.by_status}, key=lambda ty: (ty[0], year_key(ty[1])))
    for t, y in combos:
        counts = [stats.by_status[(s, t, y)] for s in statuses]
        rows.append((t if t != "?" else "未知", y if y != "?" else "未知", *(f"{n:,}" for n in counts),
                     f"{sum(counts):,}"))
    totals = [sum(n for (s, _, _), n in stats.by_status.items() if s == st) for st in statuses]
    rows.append(("合计 all", "", *(f"{n:,}" for n in totals), f"{sum(totals):,}"))
    headers = ["模板 template", "年度 year", *(STATUS_LABELS.get(s, s) for s in statuses), "合计 total"]
    numeric = range(2, len(headers))
    return ("<section id=\"status\"><h2>一、报告状态 <small>Status by template and year</small></h2>"
            + "<p class=\"note\">reports.jsonl 与 quarantine.jsonl 中的全部报告；无法读取的文件（errors.jsonl）没有状态。 "
            "All reports of reports.jsonl and quarantine.jsonl; unreadable files (errors.jsonl) have no status.</p>"
            + figure(chart) + table(headers, rows, numeric, "grid totals") + "</section>")


def outcome_bars(stats: Stats, rows: Sequence[str]) -> list[Bar]:
    """One bar per result row: applications summed over reports, share within the rows given, reports citing it."""
    total = sum(stats.outcome_sum[r] for r in rows) or 1
    return [Bar(LABEL_OF[r], ENGLISH.get(r, r), stats.outcome_sum[r],
                f"{100 * stats.outcome_sum[r] / total:.1f}% · {stats.outcome_reports[r]:,} 份")
            for r in rows]


def group_bars(stats: Stats) -> list[Bar]:
    total = sum(stats.outcome_sum.values()) or 1
    bars = []
    for key, label, sub in OUTCOME_GROUPS:
        v = sum(n for r, n in stats.outcome_sum.items() if GROUP_OF.get(r) == key)
        bars.append(Bar(label, sub, v, f"{100 * v / total:.1f}%"))
    return bars


def rate_summary(rates: array, pooled: float | None, excluded: int, what: str) -> list[tuple[str, str]]:
    values = sorted(rates)
    return [
        ("报告数 reports with a rate", f"{len(values):,}"),
        (f"不计 excluded ({what})", f"{excluded:,}"),
        ("合并比率 pooled rate", fmt_pct(pooled)),
        ("中位数 median", fmt_pct(statistics.median(values) if values else None)),
        ("平均 mean of reports", fmt_pct(statistics.fmean(values) if values else None)),
        ("= 0%", f"{sum(1 for v in values if v <= 0):,}"),
        ("= 100%", f"{sum(1 for v in values if v >= 100):,}"),
    ]


def kv_table(pairs: Sequence[tuple[str, str]]) -> str:
    rows = "".join(f'<tr><th scope="row">{esc(k)}</th><td class="num">{esc(v)}</td></tr>' for k, v in pairs)
    return f'<table class="kv"><tbody>{rows}</tbody></table>'


def section_outcomes(stats: Stats) -> str:
    n = stats.files[DATASET] - stats.bad_lines[DATASET]
    total = sum(stats.outcome_sum.values())
    pooled = 100 * stats.outcome_sum["granted"] / total if total else None
    definition = (
        "<div class=\"def\"><p><b>定义 Definition.</b> 每份报告的 <b>予以公开率</b> = "
        "<code>t3.granted.total</code> ÷ 表三「三、本年度办理结果」各末级行（（一）予以公开、（二）部分公开、"
        "（三）不予公开 1–8、（四）无法提供 1–3、（五）不予处理 1–5、（六）其他处理，或 2021 模板的（六）1–3）总计列之和。"
        "不用印出的（七）总计（它本身可能有误）。</p>"
        "<p>The <b>granted rate</b> of a report is <code>t3.granted.total</code> divided by the sum of the 总计 "
        "(total) cells of the leaf rows of 三、本年度办理结果 — every result row except the printed （七）总计, "
        "which can itself be wrong. <b>Blanks:</b> a blank, “/”, “—” or “无” cell counts as 0; when a row’s 总计 "
        "cell is blank but applicant-type cells are printed, the row total is the sum of those six cells (the S1 "
        "“total not reported” case). A report whose result rows are all blank or sum to 0 (no application "
        "closed) has no rate and is counted as excluded. The <b>pooled rate</b> is Σ予以公开 ÷ Σ all result rows "
        "over all reports. Computed over the reports of <code>reports.jsonl</code> (the dataset) only; "
        "quarantined reports are left out.</p></div>")
    hist = column_chart("granted-rate-hist", "予以公开率分布 · Distribution of the granted rate", RATE_BINS,
                        [stats.granted_bins[i] for i in range(len(RATE_BINS))],
                        "予以公开率 · granted rate per report (bins: exactly 0, then (0,10] … (90,100])")
    groups = hbar_chart("outcome-groups", "办理结果构成（合计） · Outcomes of all applications closed",
                        group_bars(stats))
    denied = hbar_chart("denied-reasons", "不予公开理由 · Reasons for refusal (（三）不予公开 1–8)",
                        outcome_bars(stats, [r for r in RESULT_LEAVES if GROUP_OF[r] == "denied"]))
    unable = hbar_chart("unable-reasons", "无法提供 · Unable to provide (（四） 1–3)",
                        outcome_bars(stats, [r for r in RESULT_LEAVES if GROUP_OF[r] == "unable"]))
    not_processed = hbar_chart("not-processed-reasons", "不予处理 · Not processed (（五） 1–5)",
                               outcome_bars(stats, [r for r in RESULT_LEAVES if GROUP_OF[r] == "not_processed"]))
    note = ("<p class=\"note\">条形右侧：申请件数合计 · 占本组的比例 · 该项大于 0 的报告份数。 "
            "Right of each bar: applications summed over reports · share within the group · reports with a "
            "non-zero count.</p>")
    return (f"<section id=\"outcomes\"><h2>二、申请办理结果 <small>Outcomes of applications — {n:,} reports in the "
            f"dataset, {fmt_int(total)} results</small></h2>{definition}"
            f"<div class=\"pair\">{figure(hist)}"
            f"{kv_table(rate_summary(stats.granted_rates, pooled, stats.no_outcome, 'no result printed or all 0'))}"
            f"</div>{figure(groups)}{note}{figure(denied)}{figure(unable)}{figure(not_processed)}</section>")


def section_review(stats: Stats) -> str:
    corrected, total = stats.review_pool
    pooled = 100 * corrected / total if total else None
    definition = (
        "<div class=\"def\"><p><b>复议纠错率</b> = <code>t4.review.corrected</code> ÷ <code>t4.review.total</code>"
        "（结果纠正 ÷ 行政复议总计）。<b>Review correction rate</b> = corrected ÷ total of the 行政复议 group of "
        "table 四. A blank 结果纠正 counts as 0; a blank 总计 is replaced by the sum of the four printed result "
        "cells; reports with no review (total blank or 0) have no rate and are counted as excluded. Pooled "
        "rate = Σ纠正 ÷ Σ总计 over the reports that have a rate. Dataset reports only.</p></div>")
    hist = column_chart("review-correction-hist", "复议纠错率分布 · Distribution of the review correction rate",
                        RATE_BINS, [stats.review_bins[i] for i in range(len(RATE_BINS))],
                        "复议纠错率 · correction rate per report (bins: exactly 0, then (0,10] … (90,100])")
    sums = hbar_chart("review-outcomes", "行政复议结果（合计） · Administrative review results, all reports",
                      [Bar(lab, sub, stats.review_sum[k]) for k, lab, sub in T4_REVIEW_COLUMNS])
    return ("<section id=\"review\"><h2>三、行政复议纠错率 <small>Administrative review correction rate</small></h2>"
            f"{definition}<div class=\"pair\">{figure(hist)}"
            f"{kv_table(rate_summary(stats.review_rates, pooled, stats.no_review, 'no review'))}</div>"
            f"{figure(sums)}</section>")


def section_identities(stats: Stats) -> str:
    order = ("rejected", "flagged", "failed", *sorted(set(stats.failing) - {"rejected", "flagged", "failed"}))
    shown = [r for s in order for r in stats.failing.get(s, ())][:MAX_ROWS]
    total = sum(stats.failing_count.values())
    checks = sorted(stats.failing_by_check.items(), key=lambda kv: (-kv[1], kv[0]))
    chart = hbar_chart("identity-failures", "未通过的恒等式（报告份数） · Reports failing each identity",
                       [Bar(f"{k} {IDENTITIES.get(k, ('', ''))[0]}", IDENTITIES.get(k, ("", k))[1], v,
                            "份", STATUS_COLORS["rejected"]) for k, v in checks])
    counts = "、".join(f"{STATUS_LABELS.get(s, s)} {stats.failing_count[s]:,}" for s in order if stats.failing_count[s])
    rows = [(STATUS_LABELS.get(r.status, r.status), r.agency or "（未署名 unnamed）", r.year, r.template,
             " ".join(r.checks) or "—", r.reason, r.source) for r in shown]
    listing = table(["状态", "机关 agency", "年度", "模板", "未通过 checks", "原因 reason", "来源 source"], rows,
                    cls="list", nowrap=(0, 2, 3, 4), muted=(6,)) if rows else NONE
    check_rows = sorted(stats.check_rows.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2]))
    check_table = table(["恒等式 id", "结果 outcome", "代码 code", "行数 rows"],
                        [(i, o, c or "—", f"{n:,}") for (i, o, c), n in check_rows], numeric=(3,), cls="grid")
    failed = stats.failed_reasons.most_common(20)
    failed_table = (table(["失败原因 reason (failed)", "份数 reports"], [(k, f"{v:,}") for k, v in failed], numeric=(1,),
                          cls="grid") if failed else "")
    return ("<section id=\"identities\"><h2>四、恒等式未通过 <small>Reports whose identities fail "
            f"(O1 / S1 / S2 / S3) or that could not be parsed</small></h2>"
            f"<p>{total:,} 份报告 · reports: {esc(counts or '无 · none')}</p>"
            f"{figure(chart)}{listing}{truncation_note(len(shown), total)}"
            f"<h3>checks.csv <small>identity-check rows that did not pass, by id / outcome / code</small></h3>"
            f"{check_table if check_rows else NONE}{failed_table}</section>")


def section_cross(stats: Stats) -> str:
    head = "<section id=\"cross\"><h2>五、跨年度核验 <small>Cross-year checks (cross_checks.csv)</small></h2>"
    if not stats.cross_present:
        return head + "<p class=\"muted\">未找到 cross_checks.csv · no cross_checks.csv in this folder.</p></section>"
    items = sorted(stats.cross_by_check.items(), key=lambda kv: (-kv[1], kv[0]))
    chart = hbar_chart("cross-checks", "跨年度核验发现（按检查） · Cross-year findings by check",
                       [Bar(f"{c} {CROSS_NAMES.get(c, ('', ''))[0]}".strip(),
                            " · ".join(x for x in (CROSS_NAMES.get(c, ("", ""))[1], sev) if x), n, "条",
                            STATUS_COLORS["flagged"]) for (c, sev), n in items])
    listing = (generic_table(stats.cross_rows, stats.cross_columns) + truncation_note(len(stats.cross_rows),
                                                                                     stats.cross_count)
               if stats.cross_rows else "")
    summary = ""
    if stats.cross_summary:
        cols = [c for c in CROSS_SUMMARY_COLUMNS if c in stats.cross_columns] or stats.cross_columns
        summary = ("<h3>核验计数 <small>What was compared (summary rows)</small></h3>"
                   + generic_table(stats.cross_summary, cols, exact=True))
    return (head + f"<p>{stats.cross_count:,} 条发现 · findings.</p>{figure(chart)}{listing}{summary}</section>")


def generic_table(rows: Sequence[dict[str, str]], columns: Sequence[str], exact: bool = False) -> str:
    """A listing of CSV rows: the given columns plus any key a row has beyond them, without the columns that are
    empty in every row — or, when ``exact``, the given columns only; short columns on one line, paths small."""
    if exact:
        cols = list(columns)
    else:
        cols = list(columns) + sorted({k for r in rows for k in r} - set(columns))
        cols = [c for c in cols if any(r.get(c) for r in rows)]
    return table(cols, ([r.get(c, "") for c in cols] for r in rows), cls="list",
                 nowrap=[i for i, c in enumerate(cols) if c in CROSS_SHORT],
                 muted=[i for i, c in enumerate(cols) if c.endswith("source")])


def section_errors(stats: Stats) -> str:
    head = "<section id=\"errors\"><h2>六、无法读取的文件 <small>Files that could not be read (errors.jsonl)</small></h2>"
    items = stats.errors.most_common()
    chart = hbar_chart("errors-by-code", "按错误代码 · Unreadable files by error code",
                       [Bar(f"{code} {ERROR_NAMES.get(code, ('', ''))[0]}".strip(), ERROR_NAMES.get(code, ("", ""))[1],
                            n, "个文件", STATUS_COLORS["failed"]) for code, n in items])
    rows = [(code, f"{n:,}", " | ".join(f"{s}: {r}" for s, r in stats.error_examples.get(code, ())))
            for code, n in items]
    listing = (table(["代码 code", "文件 files", "示例 examples"], rows, numeric=(1,), cls="list", muted=(2,)) if rows
               else NONE)
    return head + figure(chart) + listing + "</section>"


def summary_cards(stats: Stats) -> str:
    status: Counter[str] = Counter()
    for (s, _, _), n in stats.by_status.items():
        status[s] += n
    cards = [
        ("数据集 dataset", stats.files[DATASET] - stats.bad_lines[DATASET], "reports.jsonl"),
        ("隔离 quarantine", stats.files[QUARANTINE] - stats.bad_lines[QUARANTINE], "quarantine.jsonl"),
        ("无法读取 unreadable", stats.files[ERRORS] - stats.bad_lines[ERRORS], "errors.jsonl"),
        *((STATUS_LABELS[s], status[s], "reports") for s in STATUSES),
    ]
    html_cards = "".join(f'<div class="card"><div class="n">{n:,}</div><div>{esc(label)}</div>'
                         f'<div class="muted">{esc(sub)}</div></div>' for label, n, sub in cards)
    bad = ", ".join(f"{name}: {n}" for name, n in sorted(stats.bad_lines.items()) if n)
    warn = f'<p class="warn">无法解析的行 · lines that are not JSON objects (skipped): {esc(bad)}</p>' if bad else ""
    return f'<div class="cards">{html_cards}</div>{warn}'


CSS = """
:root{--ink:#1f2933;--muted:#66717d;--line:#d9dee4;--bg:#f6f7f9}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);
 font:14px/1.55 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif}
main{max-width:1060px;margin:0 auto;padding:24px 28px 48px}
header h1{font-size:22px;margin:0 0 4px}
header p{margin:0;color:var(--muted)}
h2{font-size:18px;margin:0 0 12px;padding-bottom:6px;border-bottom:2px solid var(--line)}
h3{font-size:15px;margin:20px 0 8px}
small{font-weight:normal;color:var(--muted);font-size:13px}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:18px 22px;margin:18px 0}
nav{margin:14px 0 0;font-size:13px}
nav a{color:#2b5f9e;margin-right:14px;text-decoration:none}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:18px 0 0}
.card{flex:1 1 120px;background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 14px}
.card .n{font-size:22px;font-weight:600}
.muted{color:var(--muted);fill:#66717d}
.warn{color:#8a4b00;background:#fff4e0;padding:6px 10px;border-radius:6px}
.def{background:#f3f6fa;border-left:3px solid #3b6ea8;padding:4px 14px;margin:0 0 14px;font-size:13px}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;background:#eef1f4;padding:0 3px;border-radius:3px}
figure{margin:8px 0 14px}
figcaption{font-size:12px;color:var(--muted)}
svg.chart{max-width:100%;height:auto;display:block}
svg text{font-family:inherit;font-size:12px;fill:#1f2933}
svg .sub,svg .tick{fill:#66717d;font-size:11px}
svg .val{font-size:11px;fill:#1f2933}
svg .track{fill:#eef1f4}
svg .grid{stroke:#e6e9ed;stroke-width:1}
svg .axis{stroke:#9aa4ae;stroke-width:1}
.pair{display:flex;flex-wrap:wrap;gap:18px;align-items:flex-start}
.pair figure{flex:1 1 600px;max-width:660px}
table{border-collapse:collapse;margin:6px 0 10px;font-size:13px}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
thead th{background:#f0f2f5;font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.kv{flex:0 0 260px;margin-top:36px}
table.kv th{font-weight:normal;color:var(--muted);background:none}
table.totals tbody tr:last-child td{font-weight:600;background:#f7f8fa}
table.list{width:100%;table-layout:auto}
table.list td{word-break:break-word;overflow-wrap:anywhere}
td.src{font-size:11px;color:var(--muted);min-width:120px}
td.nw{white-space:nowrap}
svg .ttl{font-size:13px;font-weight:600}
svg .strong{font-weight:600}
.note{font-size:12px;color:var(--muted);margin:0}
.more{color:var(--muted);font-style:italic}
footer{color:var(--muted);font-size:12px;text-align:center}
"""


def render_page(stats: Stats, out_dir: Path, generated: datetime | None = None) -> str:
    """The whole page as one string."""
    when = (generated or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
    nav = "".join(f'<a href="#{a}">{esc(t)}</a>' for a, t in (
        ("status", "状态 status"), ("outcomes", "办理结果 outcomes"), ("review", "复议 review"),
        ("identities", "恒等式 identities"), ("cross", "跨年度 cross-year"), ("errors", "错误 errors")))
    body = "".join((
        f"<header><h1>政府信息公开工作年度报告 · 批量提取概览</h1><p>Batch extraction overview of "
        f"<code>{esc(out_dir)}</code> — generated {esc(when)} by xxgk {esc(__version__)}</p><nav>{nav}</nav></header>",
        summary_cards(stats), section_status(stats), section_outcomes(stats), section_review(stats),
        section_identities(stats), section_cross(stats), section_errors(stats),
        "<footer>Self-contained page: no script, no external resource. Numbers come from the files of the folder "
        "above; document text is shown escaped.</footer>",
    ))
    return ("<!DOCTYPE html>\n"
            '<html lang="zh-CN" xmlns="http://www.w3.org/1999/xhtml"><head><meta charset="utf-8"/>'
            f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}"/>'
            '<meta name="viewport" content="width=device-width, initial-scale=1"/>'
            f"<title>xxgk 批量提取概览 · {esc(out_dir.name or str(out_dir))}</title>"
            f"<style>{CSS}</style></head><body><main>{body}</main></body></html>\n")


# --- entry point -----------------------------------------------------------------------------------------


def has_inputs(out_dir: Path) -> bool:
    """True when ``out_dir`` holds at least one of the files ``xxgk extract`` writes."""
    return out_dir.is_dir() and any((out_dir / name).is_file() for name in INPUT_FILES)


def write_batch_report(out_dir: Path, dest: Path | None = None) -> Path:
    """Write the HTML overview of an ``xxgk extract`` output folder (default ``OUT_DIR/report.html``) atomically
    and return its path. Raises ``UsageError`` when the folder is missing or holds no extraction output."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise UsageError(f"{out_dir} is not a folder (expected the --out folder of `xxgk extract`)")
    if not has_inputs(out_dir):
        raise UsageError(f"{out_dir} holds no extraction output ({', '.join(INPUT_FILES[:3])}); run `xxgk extract` first")
    dest = Path(dest) if dest is not None else out_dir / REPORT_HTML
    page = render_page(scan(out_dir), out_dir)
    write_text_atomic(dest, page)
    return dest
