"""The LLM step of a batch: after the rules ran over every file, the reports with a table the rules could not
settle go to the LLM together — one client, one cache, at most ``llm.concurrency`` requests in flight — and
each refined report replaces its rules-only file as it completes. A report the endpoint failed for
(transient errors) stays ``pending`` in the manifest: the next run retries it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from xxgk.batch.manifest import Entry
from xxgk.batch.options import BatchOptions, BatchSummary
from xxgk.core.model import Report
from xxgk.llm.run import refine_many, run_sync
from xxgk.outputs.records import report_json, write_text_atomic
from xxgk.pipeline.extract import rereader
from xxgk.pipeline.tables import TableSettings
from xxgk.readers import Document, read_path
from xxgk.readers.ocr.settings import OcrSettings


def document_text(path: Path, source: str, report: Report, ocr: OcrSettings | None = None) -> str:
    """The text the report's offsets refer to: the document's, or its PDF geometry or layout reading when the
    rules used that one (``Report.reading``). ``ocr``: how scanned pages are read (``xxgk review`` reads none)."""

    doc, _ = read_path(path, source=source, ocr=ocr)
    other = {"geometry": doc.alternative, "layout": doc.layout}.get(report.reading)
    alt = other() if other is not None else None
    return alt.text if alt is not None else doc.text


def run_llm_pass(out: Path, current: dict[str, Entry], paths: dict[str, Path], opts: BatchOptions,
                 summary: BatchSummary, record: Callable[[Entry], None]) -> None:

    pending = sorted((e for e in current.values() if e.outcome == "report" and e.llm == "pending"),
                     key=lambda e: e.source)
    if not pending or opts.llm is None:
        return
    by_source = {e.source: e for e in pending}
    summary.llm_reports = len(pending)

    def items():
        for e in pending:
            report = Report.model_validate_json((out / e.path).read_text(encoding="utf-8"))
            path = paths.get(e.source, Path(e.source))
            yield report, (lambda p=path, s=e.source, r=report: _text_or_none(p, s, r))

    def done(report: Report) -> None:
        e = by_source[report.source]
        write_text_atomic(out / e.path, report_json(report) + "\n")
        summary.llm_usage.add(report.llm.usage)
        record(Entry(source=e.source, sha256=e.sha256, file=e.file, outcome="report", version=e.version,
                     config=e.config, status=report.status.value, template=report.meta.template,
                     reason=report.reason, llm="pending" if unavailable(report) else "done", seconds=e.seconds))

    def reread_for(report: Report, text: str) -> Callable[[TableSettings], Report]:
        return rereader(Document(text), report.source, report.sha256)

    settings = opts.llm
    run_sync(lambda: refine_many(items(), settings, done, reread_for))


def unavailable(report: Report) -> bool:
    """The endpoint failed for a table (timeouts, 429, 5xx after the retries): the report stays pending and
    the next run asks again, without ``--force``."""
    return any(t.outcome == "unavailable" for t in report.llm.tables)


def _text_or_none(path: Path, source: str, report: Report) -> str | None:
    try:
        return document_text(path, source, report)
    except Exception:  # the file changed or vanished since the rules read it: the LLM step says so
        return None
