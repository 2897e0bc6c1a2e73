"""``xxgk extract PATH... --out DIR``."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from ..batch import ACCEPT_POLICIES, BatchSummary, FileResult, run_extract
from ..exceptions import UsageError

STATUSES = ("accepted", "flagged", "rejected", "failed")


def extract_cmd(
    paths: list[Path] = typer.Argument(..., help="Report files or folders (searched recursively)."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output folder (may exist: results merge by source)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar, no per-file errors, only the summary."),
    accept: str = typer.Option("flagged", "--accept",
                               help="What enters reports.csv: 'flagged' (accepted + flagged, faithful data whose "
                                    "document does not add up) or 'accepted-only'. The rest goes to quarantine.csv."),
) -> None:
    """Extract every report under PATHS into OUT: one JSON per report, reports.jsonl, reports.csv
    (UTF-8 with BOM), checks.csv and errors.jsonl."""
    if accept not in ACCEPT_POLICIES:
        raise typer.BadParameter(f"must be one of {', '.join(ACCEPT_POLICIES)}, not {accept!r}", param_hint="--accept")
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} exists and is not a folder")
    err = Console(stderr=True)
    show_bar = err.is_terminal and not quiet
    progress = Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                        console=err, transient=True, disable=not show_bar)
    task = progress.add_task("extract", total=None)

    def on_start(n: int) -> None:
        progress.update(task, total=n)

    def on_result(res: FileResult) -> None:
        progress.advance(task)
        if not res.ok and not quiet:
            progress.console.print(f"[red]error[/red] {res.source}: {res.reason}", markup=True, highlight=False,
                                   soft_wrap=True)

    with progress:
        summary = run_extract(paths, out, on_start=on_start, on_result=on_result, accept=accept)
    render_summary(summary, Console(file=sys.stdout, soft_wrap=True))
    raise typer.Exit(summary.exit_code)


def render_summary(s: BatchSummary, console: Console) -> None:
    extracted = sum(s.by_status.values())
    table = Table(title=f"xxgk: {s.files} file(s) in {s.seconds:.2f} s — LLM off (rules only)", title_justify="left")
    table.add_column("template")
    for st in STATUSES:
        table.add_column(st, justify="right")
    table.add_column("total", justify="right")
    for tpl in sorted({t for t, _ in s.by_template}):
        counts = [s.by_template.get((tpl, st), 0) for st in STATUSES]
        table.add_row(tpl if tpl != "?" else "unknown", *map(str, counts), str(sum(counts)))
    table.add_row("all", *(str(s.by_status.get(st, 0)) for st in STATUSES), str(extracted), style="bold")
    console.print(table)
    if s.errors:
        console.print(f"{len(s.errors)} file(s) could not be read as reports (see errors.jsonl):")
        for e in s.errors[:10]:
            console.print(f"  {e.source}: {e.reason}", highlight=False, markup=False)
        if len(s.errors) > 10:
            console.print(f"  … and {len(s.errors) - 10} more")
    console.print(f"outputs in {s.out_dir}/: " + ", ".join(f"{k} ({v})" for k, v in s.outputs.items()),
                  highlight=False)
