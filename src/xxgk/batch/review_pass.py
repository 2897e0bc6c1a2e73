"""The people's step of a batch, last: the corrections in ``OUT/corrections.jsonl`` (``xxgk review`` writes
them) are applied to their reports (``xxgk.pipeline.apply_corrections``), whose checks and status are then
computed again — a report the rules had to reject enters the dataset once a person has settled its cells.

A report is corrected again only when its corrections changed since they were last applied (their
fingerprint is in the manifest entry) or when the report itself was extracted again (a new version of the
document, of xxgk, or other settings: the new reading has no corrections yet). Corrections made on another
version of a document, for a source the folder does not hold, or on unreadable lines are ignored, each
with a one-line warning.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from xxgk.batch.manifest import Entry
from xxgk.batch.options import BatchSummary
from xxgk.batch.rows import write_report
from xxgk.core.model import Report
from xxgk.outputs.corrections_file import read_corrections
from xxgk.pipeline.apply_corrections import apply_corrections


def run_review_pass(out: Path, current: dict[str, Entry], summary: BatchSummary,
                    record: Callable[[Entry], None]) -> int:
    """Apply the corrections that changed; returns how many reports were corrected (or restored)."""
    corrections = read_corrections(out)
    summary.warnings.extend(corrections.skipped)
    for source in sorted(corrections.by_source.keys() - current.keys()):
        summary.warnings.append(f"{len(corrections.by_source[source])} correction(s) ignored: {source} is not "
                                "a report in this folder")
    changed = 0
    for source, e in sorted(current.items()):
        if e.outcome != "report":
            continue
        fp = corrections.fingerprint(source)
        if fp == e.human:
            continue
        try:
            report = Report.model_validate_json((out / e.path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            summary.warnings.append(f"{source}: corrections not applied, its report file cannot be read ({exc})")
            continue
        applied = apply_corrections(report, corrections.by_source.get(source, []))
        for ig in applied.ignored:
            summary.warnings.append(f"{source}: correction of {ig.correction.key} ignored: {ig.reason}")
        new = applied.report
        write_report(out, e.file, new, rows=e.llm != "pending")
        record(replace(e, status=new.status.value, reason=new.reason, human=fp))
        changed += 1
    summary.reviewed = changed
    return changed
