"""``xxgk extract PATH... --out DIR``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from xxgk.batch import ACCEPT_POLICIES, BatchOptions, BatchSummary, FileResult, parse_shard, run_extract
from xxgk.batch.files import Filters, shown
from xxgk.cli import llm_options as lo
from xxgk.cli.console import stderr_console, stdout_console
from xxgk.cli.options import Accept, OcrMode
from xxgk.core.errors import UsageError
from xxgk.outputs.exports import parse_formats
from xxgk.readers.ocr.settings import OcrSettings

STATUSES = ("accepted", "flagged", "rejected", "failed")


def extract_cmd(
    paths: list[Path] = typer.Argument(..., help="Report files or folders (searched recursively)."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output folder (may exist: results merge by source)."),
    jobs: int = typer.Option(0, "--jobs", "-j", min=0, help="Worker processes (0 = one per core)."),
    formats: str = typer.Option("jsonl,csv", "--format", "-f",
                                help="Aggregate files: jsonl and csv always, plus any of xlsx, parquet, duckdb "
                                     "(comma-separated, or 'all')."),
    force: bool = typer.Option(False, "--force", help="Redo every file, even those unchanged since the last run."),
    timeout: float = typer.Option(60.0, "--timeout", min=0, help="Seconds per file before giving up on it (0 = none)."),
    shard: str = typer.Option(None, "--shard", help="i/n: take only the i-th of n parts of the inputs (a stable "
                              "hash of each path), to split a corpus across machines; see 'xxgk merge'."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar, no per-file errors, only the summary."),
    accept: Accept = typer.Option(Accept.flagged, "--accept",
                               help="What enters reports.csv: 'flagged' (accepted + flagged, faithful data whose "
                                    "document does not add up) or 'accepted-only'. The rest goes to quarantine.csv."),
    memory_limit: int = typer.Option(2048, "--memory-limit", min=0,
                                     help="MB of address space per worker process (0 = no limit); a file that "
                                          "needs more is an error 'too_large', the batch goes on."),
    include: list[str] = typer.Option([], "--include", help="Only files matching this glob (on the path below a folder "
                                      "argument or on the name, e.g. '*.pdf', '2023/*'). Repeatable."),
    exclude: list[str] = typer.Option([], "--exclude", help="Leave out files matching this glob. Repeatable."),
    as_json: bool = typer.Option(False, "--json", help="Print the run summary as one JSON object (for scripts)."),
    out_anyway: bool = typer.Option(False, "--out-anyway",
                                    help="Write into a non-empty folder xxgk did not make (its file names replaced)."),
    ocr: OcrMode = typer.Option(OcrMode.tables, "--ocr",
                                help="Scanned pages and image files: 'tables' reads them by OCR up to section 五's "
                                     "heading, 'all' every page, 'off' none (they come out failed, 'needs OCR'). "
                                     "Needs the ocr extra; each page read adds --ocr-page-seconds to --timeout."),
    ocr_page_seconds: float = typer.Option(30.0, "--ocr-page-seconds", min=0,
                                           help="Seconds added to a file's --timeout for each page read by OCR."),
    llm: bool = lo.LLM,
    llm_config: Path = lo.LLM_CONFIG,
    no_cache: bool = lo.NO_CACHE,
    cache_dir: Path = lo.CACHE_DIR,
    frozen: bool = lo.FROZEN,
    llm_concurrency: int = lo.CONCURRENCY,
) -> None:
    """Extract every report under PATHS into OUT: one JSON per report, reports.jsonl, reports.csv
    (UTF-8 with BOM), checks.csv, cross_checks.csv and errors.jsonl. Rerunning skips unchanged files."""

    accept = Accept(accept).value  # type: ignore[assignment]
    if accept not in ACCEPT_POLICIES:
        raise typer.BadParameter(f"must be one of {', '.join(ACCEPT_POLICIES)}, not {accept!r}", param_hint="--accept")
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} exists and is not a folder")
    settings = lo.llm_settings(llm, llm_config, no_cache, cache_dir, frozen, llm_concurrency)
    options = BatchOptions(jobs=jobs or os.cpu_count() or 1, accept=accept, force=force, timeout=timeout or None,
                           shard=parse_shard(shard), formats=parse_formats(formats), llm=settings,
                           out_anyway=out_anyway, memory_limit_mb=memory_limit or None,
                           filters=Filters(tuple(include), tuple(exclude)),
                           ocr=OcrSettings(enabled=ocr != OcrMode.off, narratives=ocr == OcrMode.all,
                                           page_seconds=ocr_page_seconds))
    err = stderr_console()
    show_bar = err.is_terminal and not quiet
    progress = Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                        console=err, transient=True, disable=not show_bar)
    task = progress.add_task("extract", total=None)

    def on_start(n: int) -> None:
        progress.update(task, total=n)

    def on_result(res: FileResult) -> None:
        progress.advance(task)
        if not res.ok and not quiet:
            progress.console.print(Text.assemble(("error", "red"), f" {res.source}: {res.reason}"), highlight=False,
                                   soft_wrap=True)

    with progress:
        summary = run_extract(paths, out, options, on_start=on_start, on_result=on_result)
    if as_json:
        typer.echo(json.dumps(summary_dict(summary), ensure_ascii=False))
    else:
        render_summary(summary, stdout_console())
    if summary.files == 0:
        err.print(f"xxgk: no input files under {', '.join(shown(p) for p in paths)}"
                  + (f" ({summary.litter} OS litter, {summary.filtered} left out by --include/--exclude)"
                     if summary.litter or summary.filtered else ""))
        raise typer.Exit(1)
    raise typer.Exit(summary.exit_code)


def summary_dict(s: BatchSummary) -> dict:
    """The run summary as plain data (``--json``)."""
    return {
        "out": shown(s.out_dir), "files": s.files, "extracted": s.done, "unchanged": s.skipped,
        "os_litter_skipped": s.litter, "left_out_by_filters": s.filtered, "seconds": round(s.seconds, 3),
        "by_status": dict(s.by_status), "by_template": {f"{t}/{st}": n for (t, st), n in s.by_template.items()},
        "errors": [{"source": e.source, "error": e.error_code, "reason": e.reason} for e in s.errors],
        "outputs": s.outputs, "llm": s.llm, "llm_reports": s.llm_reports,
        "llm_usage": s.llm_usage.model_dump(), "by_other_year": s.by_other_year,
        "reviewed": s.reviewed, "warnings": s.warnings,
    }


def render_summary(s: BatchSummary, console: Console) -> None:
    extracted = sum(s.by_status.values())
    what = f"{s.files} file(s)"
    if s.skipped:
        what += f" ({s.done} extracted, {s.skipped} unchanged since the last run)"
    if s.litter or s.filtered:
        what += f"; skipped {s.litter} OS litter file(s)" * bool(s.litter) + \
            f"; {s.filtered} left out by --include/--exclude" * bool(s.filtered)
    table = Table(title=f"xxgk: {what} in {s.seconds:.2f} s — {s.llm}", title_justify="left")
    table.add_column("template")
    for st in STATUSES:
        table.add_column(st, justify="right")
    table.add_column("total", justify="right")
    for tpl in sorted({t for t, _ in s.by_template}):
        counts = [s.by_template.get((tpl, st), 0) for st in STATUSES]
        table.add_row(tpl if tpl != "?" else "unknown", *map(str, counts), str(sum(counts)))
    table.add_row("all", *(str(s.by_status.get(st, 0)) for st in STATUSES), str(extracted), style="bold")
    console.print(table)
    if s.by_other_year:
        console.print(f"{s.by_other_year} report(s) had glued cells settled by the same agency's adjacent year "
                      "(carry-over; see the notes resolved_by_other_year)", highlight=False)
    if s.reviewed:
        console.print(f"{s.reviewed} report(s) corrected by people's decisions (corrections.jsonl; cells "
                      "producer human, checks and status computed again)", highlight=False)
    for w in s.warnings[:20]:
        console.print(f"warning: {w}", highlight=False, markup=False)
    if len(s.warnings) > 20:
        console.print(f"warning: … and {len(s.warnings) - 20} more", highlight=False)
    if s.llm_reports or s.llm_usage.calls or s.llm_usage.cached:
        u = s.llm_usage
        cost = f", cost {u.cost:.4f}" if u.cost is not None else ""
        console.print(f"LLM: {s.llm_reports} report(s) sent; {u.calls} call(s), {u.cached} from cache, "
                      f"{u.requests} HTTP request(s) ({u.transport_retries} transport + {u.validation_retries} "
                      f"validation retries), {u.prompt_tokens} prompt + {u.completion_tokens} completion tokens"
                      f"{cost}, {u.seconds:.1f} s", highlight=False)
    if s.errors:
        console.print(f"{len(s.errors)} file(s) could not be read as reports (see errors.jsonl):")
        for e in s.errors[:10]:
            console.print(f"  {e.source}: {e.reason}", highlight=False, markup=False)
        if len(s.errors) > 10:
            console.print(f"  … and {len(s.errors) - 10} more")
    note = "" if s.rebuilt or not s.outputs else " (unchanged)"
    console.print(f"outputs in {s.out_dir}/{note}: " + ", ".join(f"{k} ({v})" for k, v in s.outputs.items()),
                  highlight=False)
