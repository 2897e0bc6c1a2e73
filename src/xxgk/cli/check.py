"""``xxgk check FILE.json``: re-run the identities on an extracted (or hand-edited) report or a gold file."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from xxgk.api import extract_file
from xxgk.cli.console import stdout_console
from xxgk.core.errors import InvalidReportFileError, UsageError
from xxgk.core.model import CheckOutcome, Status
from xxgk.evaluation.gold import load_report_or_gold
from xxgk.outputs.records import report_json, write_text_atomic
from xxgk.pipeline.checks import recheck


def check_cmd(
    file: Path = typer.Argument(..., help="A report JSON written by `xxgk extract`, a gold file, or a report "
                                "document (extracted first)."),
    write: bool = typer.Option(False, "--write", help="Write the recomputed checks and status back into FILE."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Re-run the identity checks on a report JSON or a gold file; given a report document itself (.txt,
    .pdf, .html, .docx …), extract it first. Exit 0 when every hard identity holds, 1 when not."""
    if not file.exists():
        raise UsageError(f"{file}: no such file")
    if file.suffix.lower() == ".json":
        report, kind = load_report_or_gold(file)
    else:  # a document: extract it, then check
        if write:
            raise UsageError(f"{file}: --write rewrites a report JSON; this is a document (run xxgk extract)")
        report, kind = extract_file(file), "document"
    recheck(report)
    out = stdout_console()
    if as_json:
        out.print_json(json.dumps({
            "file": str(file), "kind": kind, "status": report.status.value, "reason": report.reason,
            "summary": report.check_summary.model_dump(),
            "checks": [c.model_dump(mode="json") for c in report.checks],
        }, ensure_ascii=False))
    else:
        out.print(f"{file}: {report.status.value}" + (f" — {report.reason}" if report.reason else ""),
                  highlight=False, markup=False)
        s = report.check_summary
        out.print(f"  {s.evaluated} hard equations: {s.passed} hold, {s.failed} fail, "
                  f"{s.not_assessable} not assessable; {s.warnings} warning(s)", highlight=False)
        for c in report.checks:
            mark = "FAIL" if c.outcome == CheckOutcome.failed else c.outcome.value.upper()
            out.print(f"  {mark:<8} {c.message}", highlight=False, markup=False)
    if write:
        if kind != "report":
            raise InvalidReportFileError("--write only rewrites report files, not gold files", source=str(file))
        write_text_atomic(file, report_json(report))
    raise typer.Exit(0 if report.status == Status.accepted else 1)
