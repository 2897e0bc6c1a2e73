"""``xxgk eval``: field accuracy of the extractor on the hand-labelled gold set."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from xxgk.cli import llm_options as lo
from xxgk.cli.console import stdout_console
from xxgk.core.errors import UsageError
from xxgk.evaluation.score import baseline_of, below_baseline, compare_runs, run_eval, write_reports


def eval_cmd(
    gold: Path = typer.Option(Path("eval/gold"), "--gold", help="Folder of gold JSON files."),
    reports: list[Path] = typer.Option([Path("eval/reports")], "--reports",
                                       help="Folder(s) of documents; a document is scored against the gold "
                                            "file whose stem starts its name (the longest). Repeatable."),
    narratives: Path = typer.Option(Path("eval/narratives"), "--narratives",
                                    help="Folder of section-五 gold (items as verbatim spans with a kind and a "
                                         "category); scored over the same --reports when it holds gold files."),
    out: Path = typer.Option(Path("eval-out"), "--out", help="Where eval-report.json and eval-report.md go."),
    baseline: Path | None = typer.Option(None, "--baseline", help="Fail (exit 1) when accuracy on any table drops "
                                         "below this recorded baseline."),
    write_baseline: Path | None = typer.Option(None, "--write-baseline", help="Record this run as the baseline."),
    compare: tuple[Path, Path] | None = typer.Option(None, "--compare", help="OLD.json NEW.json: per-field diff of "
                                                       "two eval reports instead of a new run."),
    llm: bool = lo.LLM,
    llm_config: Path = lo.LLM_CONFIG,
    no_cache: bool = lo.NO_CACHE,
    cache_dir: Path = lo.CACHE_DIR,
    frozen: bool = lo.FROZEN,
) -> None:
    """Score extraction against the gold set: accuracy per table, format, layout and template."""
    con = stdout_console()
    if compare:
        diff = compare_runs(*(json.loads(p.read_text(encoding="utf-8")) for p in compare))
        con.print(f"overall {diff['overall']['before']} -> {diff['overall']['after']} "
                  f"({diff['old_commit']} -> {diff['new_commit']})", highlight=False)
        for t, v in diff["by_table"].items():
            con.print(f"  {t}: {v['before']} -> {v['after']}", highlight=False)
        con.print(f"{len(diff['fixed'])} field(s) got better, {len(diff['broke'])} got worse", highlight=False)
        for doc, key in diff["broke"]:
            con.print(f"  WORSE  {doc}: {key}", highlight=False, markup=False)
        for doc, key in diff["fixed"]:
            con.print(f"  BETTER {doc}: {key}", highlight=False, markup=False)
        raise typer.Exit(1 if diff["broke"] else 0)
    if not gold.is_dir() or not any(gold.glob("*.json")):
        raise UsageError(f"--gold {gold}: no gold files there (run from the repository, or give --gold)")
    for folder in reports:
        if not folder.exists():
            raise UsageError(f"--reports {folder}: no such folder (run from the repository, or give --reports)")
    settings = lo.llm_settings(llm, llm_config, no_cache, cache_dir, frozen, None)
    narr = narratives if narratives.is_dir() and any(narratives.glob("*.json")) else None
    summary = write_reports(run_eval(gold, list(reports), llm=settings if settings.active else None,
                                     narratives=narr), out)
    if summary["documents"] == 0:
        raise UsageError(f"no document in {', '.join(map(str, reports))} matches a gold file of {gold}: nothing scored")
    con.print(f"{summary['documents']} documents, commit {summary['commit'] or '?'}: field accuracy "
              f"{summary['overall']['accuracy']:.2%} of {summary['overall']['fields']} fields; "
              f"non-zero gold cells {summary['nonzero_accuracy']:.2%}", highlight=False)
    ids, u = summary["identities"], summary["llm"]
    con.print(f"identities: {ids['pass_rate']:.2%} of {ids['equations']} hard equations hold; "
              f"{ids['documents_all_hold']}/{ids['documents']} documents hold every one", highlight=False)
    con.print(f"LLM: {u['model'] if settings.active else settings.problem()}; {u['calls']} call(s), {u['cached']} "
              f"cached, {u['prompt_tokens']} + {u['completion_tokens']} tokens; extraction {summary['seconds']:.2f} s",
              highlight=False)
    up = summary["unpinned"]
    con.print(f"admitted to the dataset with a wrong value: {len(summary['admitted_wrong'])} field(s)"
              + (" (" + ", ".join(summary["admitted_wrong"][:5]) + ")" if summary["admitted_wrong"] else "")
              + f"; gold cells the print does not pin: {up['fields']} ({up['missed']} not given the gold's pick)",
              highlight=False, markup=False)
    for group in ("by_table", "by_row_family", "by_format", "by_layout", "by_layout_family", "by_template"):
        t = Table(title=group.replace("_", " "), title_justify="left")
        for col in ("", "fields", "accuracy", "wrong", "missed", "spurious"):
            t.add_column(col, justify="left" if not col else "right")
        for k, v in summary[group].items():
            t.add_row(k or "-", str(v["fields"]), f"{v['accuracy']:.2%}", str(v["wrong"]), str(v["missed"]),
                      str(v["spurious"]))
        con.print(t)
    if summary["worst_fields"]:
        con.print("worst fields: " + ", ".join(f"{k} ({n})" for k, n in summary["worst_fields"]), highlight=False)
    if summary["worst_documents"]:
        con.print("worst documents: " + ", ".join(f"{d} ({a:.2%})" for d, a in summary["worst_documents"]),
                  highlight=False)
    n = summary.get("narratives")
    if n:
        con.print(f"section 五 ({n['documents']} documents, {n['gold_items']} gold items, by "
                  f"{', '.join(f'{k} {v}' for k, v in n['methods'].items())}): item precision {n['precision']:.2f}, "
                  f"recall {n['recall']:.2f}, category accuracy {n['category_accuracy']:.2f}; measures as problems "
                  f"{n['measure_as_problem']}, problems as measures {n['problem_as_measure']}; LLM {n['llm']['calls']} "
                  f"call(s), {n['llm']['prompt_tokens']} + {n['llm']['completion_tokens']} tokens", highlight=False)
    con.print(f"status: {summary['status']}; reports in {out}/", highlight=False)
    if write_baseline:
        write_baseline.write_text(json.dumps(baseline_of(summary), indent=2) + "\n", encoding="utf-8")
        con.print(f"baseline written to {write_baseline}", highlight=False)
    if baseline:
        drops = below_baseline(summary, json.loads(baseline.read_text(encoding="utf-8")))
        if drops:
            con.print("accuracy below the baseline: " + "; ".join(drops), highlight=False)
            raise typer.Exit(1)
        con.print(f"at or above the baseline in {baseline}", highlight=False)
