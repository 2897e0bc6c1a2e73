"""Checks across the reports of a batch: carry-over between years, the 2021 stock of rules, duplicates.

``write_cross_checks(out)`` streams ``reports.jsonl`` and ``quarantine.jsonl`` one line at a time, reduces each
report to a ``Compact`` record (the ~20 values the checks need; the full dict is dropped at once) and writes
``cross_checks.csv`` (UTF-8 with BOM, atomically). Memory grows with the number of reports only by one small
record each (~1.2 KB measured), never by a full report.

Rows (``CROSS_CHECK_COLUMNS``): one row per **finding**, then a fixed block of **summary** rows. Comparisons
that hold produce no row; they are counted in the summary.

- ``carry_over`` (warning; spec 6.3 H1). For the same ``meta.agency_key``, the report for year Y and the
  report for Y−1: ``t3.carried_over.<col>`` (上年结转) of Y should equal ``t3.carried_forward.<col>``
  (结转下年度继续办理) of Y−1, for each of the seven columns (自然人 … 总计). ``this_value`` is Y's value,
  ``prev_value`` and ``expected`` Y−1's. A cell blank (or "/", ambiguous, missing) on either side is not
  assessable: it is not compared, not guessed as 0, and only counted. Works across templates.
- ``in_force_stock`` (warning; spec 6.3 H2). Both reports on the 2021 template (``meta.template``), rows
  ``t2.rules`` and ``t2.normative_docs``: ``in_force(Y−1) + issued(Y) − repealed(Y)`` should equal
  ``in_force(Y)``. Both ``in_force`` cells must be numbers (else not assessable); a blank ``issued`` or
  ``repealed`` beside them is read as 0, and the message says so. Agencies revise and clean up their
  documents, so a mismatch is a warning with both sides shown (``expected`` is the computed stock).
- ``duplicate`` (warning). The same content (``sha256``) under two or more sources (spec B: the same file under
  two paths is extracted twice). The copies are paired with the first source in sort order, one row each:
  k copies give k−1 rows, never k(k−1)/2.
- ``same_agency_year`` (warning). Different documents (different sha256) sharing ``agency_key`` and year: a key
  collision (e.g. a township named alone, see ``xxgk.pipeline.agency``) or a re-publication. Paired with the first
  source like duplicates; the message shows both printed agency names.

Rules for the continuity checks (``carry_over``, ``in_force_stock``):

- reports whose ``agency_key`` or ``year`` is null are skipped (counted: ``reports/no_agency_key``,
  ``reports/no_year``); they still take part in the duplicate check;
- copies of one content count once (the first source in sort order stands for them; the ``duplicate`` rows
  name the others);
- when several different documents share agency_key and year, every document of Y is compared with every
  document of Y−1 and each finding's message says how many shared the key. A year pair needing more than
  ``MAX_PAIRS`` document pairs is not compared (``continuity/crowded``): such a key is a collision, which the
  ``same_agency_year`` rows already show, and comparing it would only multiply noise;
- every status is used (quarantined reports too); a finding that involves a ``rejected`` or ``failed`` report
  says so, since its cells may have been placed by inference;
- a source listed more than once in the input counts once (its last record).

``prev_year`` and the two values are filled for the continuity checks only; ``duplicate`` and
``same_agency_year`` rows name the two sources (``source`` the later copy, ``prev_source`` the first).

Summary rows: ``check`` = ``summary``, ``severity`` = ``info``, ``row`` = the check (or ``reports``),
``column`` = the counter, ``this_value`` = the count, ``message`` = what it counts (see ``SUMMARY``).
``cross_check`` returns findings sorted by (check, agency_key, year, table, row, column in canonical order,
source, prev_source), then the summary rows in fixed order; ``write_cross_checks`` returns the number of rows
written, summary rows included (as the other aggregate counts do).
"""

from __future__ import annotations

import json
import logging
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby
from pathlib import Path
from typing import Any

from xxgk.core.spec import T3_COLUMN_KEYS
from xxgk.outputs.records import fmt_value, load_report_dict, write_csv

log = logging.getLogger(__name__)

CROSS_CHECKS_FILE = "cross_checks.csv"
INPUT_FILES = ("reports.jsonl", "quarantine.jsonl")
CROSS_CHECK_COLUMNS = (
    "check", "severity", "agency_key", "year", "prev_year", "table", "row", "column",
    "this_value", "prev_value", "expected", "source", "prev_source", "message",
)
CHECKS = ("carry_over", "in_force_stock", "duplicate", "same_agency_year", "summary")
STOCK_ROWS = ("rules", "normative_docs")  # 2021 template, t2 第二十条第（一）项
STOCK_COLUMNS = ("issued", "repealed", "in_force")
MAX_PAIRS = 16  # document pairs per (agency_key, Y) / (agency_key, Y−1) beyond which a year pair is not compared
UNCERTAIN_STATUSES = ("rejected", "failed")

SUMMARY: tuple[tuple[str, str, str], ...] = (
    ("reports", "read", "report records read (reports.jsonl + quarantine.jsonl; a source listed twice counts once)"),
    ("reports", "no_agency_key", "reports left out of the continuity and same_agency_year checks: agency_key null"),
    ("reports", "no_year", "reports left out of the continuity and same_agency_year checks: year null"),
    ("carry_over", "pairs", "document pairs (Y, Y−1) of one agency_key compared"),
    ("carry_over", "compared", "cells compared (a number on both sides)"),
    ("carry_over", "mismatch", "cells where 上年结转 (Y) ≠ 结转下年度继续办理 (Y−1): one row each"),
    ("carry_over", "not_assessable", "cells blank (or not applicable, ambiguous, missing) on a side: not compared"),
    ("in_force_stock", "pairs", "document pairs (Y, Y−1), both on the 2021 template, compared"),
    ("in_force_stock", "compared", "rows compared (现行有效件数 a number in both years)"),
    ("in_force_stock", "mismatch", "rows where in_force(Y−1) + issued − repealed ≠ in_force(Y): one row each"),
    ("in_force_stock", "not_assessable", "rows with 现行有效件数 blank in either year: not compared"),
    ("continuity", "crowded", f"year pairs not compared: more than {MAX_PAIRS} document pairs share the key"),
    ("duplicate", "rows", "copies of one content (sha256) under another source"),
    ("same_agency_year", "rows", "different documents sharing agency_key and year"),
)

Value = int | Decimal | None
_CHECK_RANK = {c: i for i, c in enumerate(CHECKS)}
_ROW_RANK = {r: i for i, r in enumerate(("carried_over", *STOCK_ROWS))}
_COLUMN_RANK = {c: i for i, c in enumerate((*T3_COLUMN_KEYS, *STOCK_COLUMNS))}


@dataclass(frozen=True, slots=True)
class Compact:
    """The fields of one report the cross-report checks read. Values are ints or Decimals, null when blank."""

    source: str
    sha256: str | None
    status: str
    agency: str | None
    agency_key: str | None
    year: int | None
    template: str | None
    carried_over: tuple[Value, ...]  # t3.carried_over, columns in T3_COLUMN_KEYS order
    carried_forward: tuple[Value, ...]  # t3.carried_forward, same order
    stock: tuple[tuple[Value, Value, Value], ...] | None  # 2021 only: per STOCK_ROWS, (issued, repealed, in_force)


# --- reducing a report -------------------------------------------------------------------------------------


def _number(value: Any) -> Value:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return None


def _cells(report: dict[str, Any], table: str) -> dict[str, Any]:
    return (report.get(table) or {}).get("cells") or {}


def _values(cells: dict[str, Any], row: str, columns: Iterable[str]) -> tuple[Value, ...]:
    cols = cells.get(row) or {}
    return tuple(_number((cols.get(col) or {}).get("value")) for col in columns)


def _intern(text: str | None) -> str | None:
    return sys.intern(text) if text else text


def compact(report: dict[str, Any]) -> Compact:
    """A report dict (one line of reports.jsonl) reduced to what the cross-report checks read."""
    meta = report.get("meta") or {}
    template = meta.get("template")
    t3 = _cells(report, "t3")
    stock = None
    if template == "2021":
        t2 = _cells(report, "t2")
        stock = tuple(_values(t2, row, STOCK_COLUMNS) for row in STOCK_ROWS)
    year = meta.get("year")
    return Compact(
        source=report["source"],
        sha256=report.get("sha256"),
        status=_intern(report.get("status")) or "",
        agency=_intern(meta.get("agency")),
        agency_key=_intern(meta.get("agency_key")),
        year=year if isinstance(year, int) and not isinstance(year, bool) else None,
        template=_intern(template),
        carried_over=_values(t3, "carried_over", T3_COLUMN_KEYS),
        carried_forward=_values(t3, "carried_forward", T3_COLUMN_KEYS),
        stock=stock,  # type: ignore[arg-type]
    )


# --- the checks --------------------------------------------------------------------------------------------


def _finding(check: str, this: Compact, prev: Compact | None = None, **fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"check": check, "severity": "warning", "agency_key": this.agency_key, "year": this.year,
                           "source": this.source, "prev_source": prev.source if prev else None}
    if prev is not None and prev.year != this.year:
        row["prev_year"] = prev.year
    row.update(fields)
    return row


def _status_note(this: Compact, prev: Compact) -> str:
    notes = [f"{side} report is {c.status}" for side, c in (("this year's", this), ("last year's", prev))
             if c.status in UNCERTAIN_STATUSES]
    return f"; {', '.join(notes)} (cells may be placed by inference)" if notes else ""


def _shared_note(year: int, this_docs: int, prev_docs: int) -> str:
    if this_docs == 1 and prev_docs == 1:
        return ""
    return (f"; agency_key shared by {this_docs} document(s) for {year} and {prev_docs} for {year - 1}: "
            "every pair compared")


def carry_over_rows(this: Compact, prev: Compact, stats: Counter[str], note: str = "") -> Iterator[dict[str, Any]]:
    """H1 per column: this year's 上年结转 against last year's 结转下年度继续办理."""
    for col, now, before in zip(T3_COLUMN_KEYS, this.carried_over, prev.carried_forward, strict=True):
        if now is None or before is None:
            stats["carry_over/not_assessable"] += 1
            continue
        stats["carry_over/compared"] += 1
        if now == before:
            continue
        stats["carry_over/mismatch"] += 1
        yield _finding(
            "carry_over", this, prev, table="t3", row="carried_over", column=col,
            this_value=now, prev_value=before, expected=before,
            message=(f"H1 t3.carried_over.{col}: 上年结转 {fmt_value(now)} ({this.year}) ≠ 结转下年度继续办理 "
                     f"{fmt_value(before)} ({prev.year})" + note + _status_note(this, prev)),
        )


def stock_rows(this: Compact, prev: Compact, stats: Counter[str], note: str = "") -> Iterator[dict[str, Any]]:
    """H2 per row (2021 template both years): in_force(Y−1) + issued(Y) − repealed(Y) = in_force(Y)."""
    if this.stock is None or prev.stock is None:
        return
    stats["in_force_stock/pairs"] += 1
    for row, (issued, repealed, in_force), (_, _, before) in zip(STOCK_ROWS, this.stock, prev.stock, strict=True):
        if in_force is None or before is None:
            stats["in_force_stock/not_assessable"] += 1
            continue
        stats["in_force_stock/compared"] += 1
        expected = before + (issued or 0) - (repealed or 0)
        if expected == in_force:
            continue
        stats["in_force_stock/mismatch"] += 1
        zeroed = [name for name, v in (("issued", issued), ("repealed", repealed)) if v is None]
        blank = f"; blank read as 0: {', '.join(zeroed)}" if zeroed else ""
        yield _finding(
            "in_force_stock", this, prev, table="t2", row=row, column="in_force",
            this_value=in_force, prev_value=before, expected=expected,
            message=(f"H2 t2.{row}.in_force: 现行有效件数 {fmt_value(in_force)} ({this.year}) ≠ "
                     f"{fmt_value(before)} ({prev.year}) + 本年制发件数 {fmt_value(issued or 0)} − 本年废止件数 "
                     f"{fmt_value(repealed or 0)} = {fmt_value(expected)}" + blank + note + _status_note(this, prev)),
        )


def duplicate_rows(records: list[Compact]) -> Iterator[dict[str, Any]]:
    """One row per extra copy of a content, paired with its first source. ``records`` sorted by source."""
    with_sha = sorted((c for c in records if c.sha256), key=lambda c: (c.sha256, c.source))
    for sha, copies in groupby(with_sha, key=lambda c: c.sha256):
        first, *others = copies
        for i, other in enumerate(others, 2):
            yield _finding("duplicate", other, first,
                           message=f"same content (sha256 {sha}) as {first.source}: copy {i} of {len(others) + 1}")


def distinct_documents(records: list[Compact]) -> list[Compact]:
    """One record per content: the first source (``records`` sorted by source) of each sha256."""
    seen: set[str] = set()
    out = []
    for c in records:
        if c.sha256:
            if c.sha256 in seen:
                continue
            seen.add(c.sha256)
        out.append(c)
    return out


def group_by_agency_year(docs: list[Compact]) -> dict[tuple[str, int], list[Compact]]:
    """Documents by (agency_key, year); those with either null are left out."""
    groups: dict[tuple[str, int], list[Compact]] = defaultdict(list)
    for c in docs:
        if c.agency_key is not None and c.year is not None:
            groups[(c.agency_key, c.year)].append(c)
    return dict(groups)


def same_agency_year_rows(groups: dict[tuple[str, int], list[Compact]]) -> Iterator[dict[str, Any]]:
    for (key, year), docs in groups.items():
        first, *others = docs
        for other in others:
            yield _finding(
                "same_agency_year", other, first,
                message=(f"{len(docs)} different documents share agency_key {key} and year {year} "
                         f"(printed agency {other.agency or '—'} / {first.agency or '—'}): a key collision or a "
                         "re-publication"),
            )


def continuity_rows(groups: dict[tuple[str, int], list[Compact]], stats: Counter[str]) -> Iterator[dict[str, Any]]:
    """carry_over and in_force_stock for every (Y, Y−1) pair of documents of one agency_key."""
    for (key, year), docs in groups.items():
        prev_docs = groups.get((key, year - 1))
        if not prev_docs:
            continue
        if len(docs) * len(prev_docs) > MAX_PAIRS:
            stats["continuity/crowded"] += 1
            continue
        note = _shared_note(year, len(docs), len(prev_docs))
        for this in docs:
            for prev in prev_docs:
                stats["carry_over/pairs"] += 1
                yield from carry_over_rows(this, prev, stats, note)
                yield from stock_rows(this, prev, stats, note)


def _sort_key(f: dict[str, Any]) -> tuple:
    return (_CHECK_RANK[f["check"]], f.get("agency_key") or "", f.get("year") or 0, f.get("table") or "",
            _ROW_RANK.get(f.get("row") or "", 99), _COLUMN_RANK.get(f.get("column") or "", 99), f.get("source") or "",
            f.get("prev_source") or "")


def _formatted(f: dict[str, Any]) -> dict[str, str]:
    return {col: fmt_value(f.get(col)) for col in CROSS_CHECK_COLUMNS}


def summary_rows(stats: Counter[str]) -> list[dict[str, str]]:
    return [_formatted({"check": "summary", "severity": "info", "row": name, "column": counter,
                        "this_value": stats[f"{name}/{counter}"], "message": what})
            for name, counter, what in SUMMARY]


def cross_check(compacts: Iterable[Compact]) -> list[dict[str, str]]:
    """Every finding (sorted), then the summary rows; values formatted as in the CSV (see the module doc)."""
    latest: dict[str, Compact] = {}
    for c in compacts:
        latest[c.source] = c
    records = sorted(latest.values(), key=lambda c: c.source)
    del latest
    stats: Counter[str] = Counter({"reports/read": len(records)})
    stats["reports/no_agency_key"] = sum(c.agency_key is None for c in records)
    stats["reports/no_year"] = sum(c.agency_key is not None and c.year is None for c in records)
    findings = list(duplicate_rows(records))
    groups = group_by_agency_year(distinct_documents(records))
    findings.extend(same_agency_year_rows(groups))
    findings.extend(continuity_rows(groups, stats))
    stats["duplicate/rows"] = sum(f["check"] == "duplicate" for f in findings)
    stats["same_agency_year/rows"] = sum(f["check"] == "same_agency_year" for f in findings)
    findings.sort(key=_sort_key)
    return [_formatted(f) for f in findings] + summary_rows(stats)


# --- the output folder -------------------------------------------------------------------------------------


def iter_compacts(out_dir: Path) -> Iterator[Compact]:
    """A ``Compact`` per line of reports.jsonl and quarantine.jsonl (missing files are empty); each report dict
    is dropped as soon as it is reduced. An undecodable line (a torn append) is skipped with a warning."""
    for name in INPUT_FILES:
        path = out_dir / name
        if not path.is_file():
            continue
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    report = load_report_dict(line)
                except json.JSONDecodeError:
                    log.warning("%s line %d: not a JSON report line, skipped by the cross-report checks", path, n)
                    continue
                yield compact(report)


def write_cross_checks(out_dir: str | Path, compacts: Iterable[Compact] | None = None) -> int:
    """Write ``OUT/cross_checks.csv`` (atomically, UTF-8 with BOM); returns the rows written, summary included.
    ``compacts``: the records when the caller already has them (the batch makes them while it rebuilds the
    dataset, so the reports are not parsed twice); else read from the folder's jsonl files."""
    out = Path(out_dir)
    records = iter_compacts(out) if compacts is None else compacts
    return write_csv(out / CROSS_CHECKS_FILE, CROSS_CHECK_COLUMNS, cross_check(records))
