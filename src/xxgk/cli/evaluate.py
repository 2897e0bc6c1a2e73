"""``xxgk eval``: field accuracy of the extractor on the hand-labelled gold set."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from ..evaluate import run_eval, write_reports


def eval_cmd(
    gold: Path = typer.Option(Path("eval/gold"), "--gold", help="Folder of gold JSON files."),
    reports: list[Path] = typer.Option([Path("eval/reports")], "--reports",
                                       help="Folder(s) of documents; a document is scored against the gold "
                                            "file whose stem starts its name. Repeatable."),
    out: Path = typer.Option(Path("eval-out"), "--out", help="Where eval-report.json and eval-report.md go."),
) -> None:
    """Score extraction against the gold set: accuracy per table, format, layout and template."""
    summary = write_reports(run_eval(gold, list(reports)), out)
    con = Console(file=sys.stdout, soft_wrap=True)
    con.print(f"{summary['documents']} documents, commit {summary['commit'] or '?'}: field accuracy "
              f"{summary['overall']['accuracy']:.2%} of {summary['overall']['fields']} fields; "
              f"non-zero gold cells {summary['nonzero_accuracy']:.2%}", highlight=False)
    for group in ("by_table", "by_format", "by_layout", "by_template"):
        t = Table(title=group.replace("_", " "), title_justify="left")
        for col in ("", "fields", "accuracy", "wrong", "missed", "spurious"):
            t.add_column(col, justify="left" if not col else "right")
        for k, v in summary[group].items():
            t.add_row(k or "-", str(v["fields"]), f"{v['accuracy']:.2%}", str(v["wrong"]), str(v["missed"]),
                      str(v["spurious"]))
        con.print(t)
    if summary["worst_fields"]:
        con.print("worst fields: " + ", ".join(f"{k} ({n})" for k, n in summary["worst_fields"]), highlight=False)
    con.print(f"status: {summary['status']}; reports in {out}/", highlight=False)
