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

from pathlib import Path

from xxgk.core.errors import UsageError
from xxgk.outputs.page.data import INPUT_FILES, MAX_ROWS, REPORT_HTML, scan
from xxgk.outputs.page.sections import render_page
from xxgk.outputs.records import write_text_atomic

__all__ = ["INPUT_FILES", "MAX_ROWS", "REPORT_HTML", "has_inputs", "write_batch_report"]

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
