"""``xxgk summarize PATH... --out DIR``."""

from __future__ import annotations

import os
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from xxgk.cli import llm_options as lo
from xxgk.cli.console import stderr_console
from xxgk.summaries.run import run_summarize


def summarize_cmd(
    paths: list[Path] = typer.Argument(..., help="Report files or folders (searched recursively)."),
    out: Path = typer.Option(Path("summaries"), "--out", "-o", help="Output folder."),
    figures: bool = typer.Option(True, "--figures/--no-figures", help="Also read section 一's key figures (LLM)."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=0, help="Processes reading the files (0 = one per core)."),
    force: bool = typer.Option(False, "--force", help="Redo every summary, even of unchanged documents."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    llm: bool = lo.LLM,
    llm_config: Path = lo.LLM_CONFIG,
    no_cache: bool = lo.NO_CACHE,
    cache_dir: Path = lo.CACHE_DIR,
    frozen: bool = lo.FROZEN,
    llm_concurrency: int = lo.CONCURRENCY,
) -> None:
    """Summarise 五、存在的主要问题及改进情况 (problems and measures, categorised by the LLM; split into items
    by rules when the LLM is off) and section 一's key figures: summaries.jsonl, summaries.csv, figures.csv."""
    settings = lo.llm_settings(llm, llm_config, no_cache, cache_dir, frozen, llm_concurrency)
    err = stderr_console()
    progress = Progress(TextColumn("summarising"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                        console=err, transient=True, disable=not err.is_terminal or quiet)
    task = progress.add_task("summarize", total=None)
    with progress:
        run = run_summarize(paths, out, llm=settings, figures=figures, jobs=jobs or os.cpu_count() or 1, force=force,
                            on_start=lambda n: progress.update(task, total=n),
                            on_result=lambda _s, _r: progress.advance(task))
    methods = ", ".join(f"{k}: {v}" for k, v in sorted(run.by_method.items())) or "none"
    reused = f" ({run.reused} unchanged since the last run)" if run.reused else ""
    typer.echo(f"xxgk summarize: {run.files} file(s){reused} — {run.llm}; summaries by {methods}")
    u = run.usage
    if u.calls or u.cached:
        cost = f", cost {u.cost:.4f}" if u.cost is not None else ""
        typer.echo(f"LLM: {u.calls} call(s), {u.cached} from cache, {u.requests} HTTP request(s), "
                   f"{u.prompt_tokens} prompt + {u.completion_tokens} completion tokens{cost}")
    for source, reason in run.errors[:10]:
        typer.echo(f"error {source}: {reason}", err=True)
    typer.echo(f"outputs in {out}/: " + ", ".join(f"{k} ({v})" for k, v in run.outputs.items()))
    raise typer.Exit(1 if run.errors else 0)
