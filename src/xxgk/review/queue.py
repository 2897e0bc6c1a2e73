"""The review queue: every report of an output folder that needs a person's look, and why.

Reasons (``REASONS``): the report's status (rejected, failed, flagged); cells left ambiguous or missing;
hard identities that fail; findings of the cross-year checks (``cross_checks.csv``: carry-over, stock of
rules); and, for reports a person has already corrected, ``reviewed``. An accepted report with none of the
others is not in the queue (unless every report is asked for: the ``all`` filter, or status accepted, or
reason reviewed).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from xxgk.core.model import CellState, CheckOutcome, Report
from xxgk.outputs.crosscheck import CROSS_CHECKS_FILE
from xxgk.review.folder import ReviewFolder

REASONS = ("rejected", "failed", "flagged", "ambiguous", "identity", "cross_year", "reviewed")
STATUS_ORDER = {"rejected": 0, "failed": 1, "flagged": 2, "accepted": 3}
SORT_KEYS = ("status", "agency", "year", "template", "source", "cells")


@dataclass(slots=True)
class QueueItem:
    file: str
    source: str
    status: str
    reason: str
    agency: str = ""
    year: int | None = None
    template: str = ""
    reasons: list[str] = field(default_factory=list)
    doubtful: int = 0  # cells ambiguous or missing
    failing: int = 0  # hard identities that fail
    cross_year: list[str] = field(default_factory=list)  # messages of cross-year findings


def cross_year_findings(out: Path) -> dict[str, list[str]]:
    """Source -> messages of the cross-year checks that involve it (both years' reports)."""
    found: dict[str, list[str]] = defaultdict(list)
    path = out / CROSS_CHECKS_FILE
    if not path.is_file():
        return found
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            if row.get("check") not in ("carry_over", "in_force_stock"):
                continue
            for src in (row.get("source"), row.get("prev_source")):
                if src:
                    found[src].append(row.get("message") or row["check"])
    return found


def _item(file: str, report: Report, cross: list[str]) -> QueueItem:
    doubtful = sum(1 for t in (report.t2, report.t3, report.t4) for _, c in t.iter_cells()
                   if c.state in (CellState.ambiguous, CellState.missing))
    failing = sum(1 for c in report.checks if c.severity == "hard" and c.outcome == CheckOutcome.failed)
    reasons = [report.status.value] if report.status.value != "accepted" else []
    reasons += ["ambiguous"] * bool(doubtful) + ["identity"] * bool(failing) + ["cross_year"] * bool(cross)
    reasons += ["reviewed"] * bool(report.reviewed)
    return QueueItem(file=file, source=report.source, status=report.status.value, reason=report.reason,
                     agency=report.meta.agency or "", year=report.meta.year, template=report.meta.template or "",
                     reasons=reasons, doubtful=doubtful, failing=failing, cross_year=cross)


def build_queue(folder: ReviewFolder, *, everything: bool = False) -> list[QueueItem]:
    """The reports that need a look (``everything``: every report), most urgent first."""
    cross = cross_year_findings(folder.out)
    items = []
    for file, entry in folder.entries().items():
        if entry.outcome != "report":
            continue
        if not everything and entry.status == "accepted" and entry.source not in cross:
            continue  # (the manifest says enough: no need to read the report)
        report = folder.report(entry)
        if report is None:
            continue
        item = _item(file, report, cross.get(entry.source, []))
        if item.reasons or everything:
            items.append(item)
    return sort_queue(items, "status")


def sort_queue(items: list[QueueItem], by: str, descending: bool = False) -> list[QueueItem]:
    def key(it: QueueItem) -> tuple:
        main = {"status": STATUS_ORDER.get(it.status, 9), "agency": it.agency, "year": it.year or 0,
                "template": it.template, "source": it.source, "cells": -(it.doubtful + it.failing)}.get(by, 0)
        return (main, STATUS_ORDER.get(it.status, 9), it.source)

    return sorted(items, key=key, reverse=descending)


def filter_queue(items: list[QueueItem], *, status: str = "", reason: str = "", template: str = "",
                 agency: str = "", year: str = "") -> list[QueueItem]:
    out = items
    if status:
        out = [it for it in out if it.status == status]
    if reason:
        out = [it for it in out if reason in it.reasons]
    if template:
        out = [it for it in out if it.template == template]
    if agency:
        out = [it for it in out if agency in it.agency or agency in it.source]
    if year:
        out = [it for it in out if str(it.year or "") == year]
    return out
