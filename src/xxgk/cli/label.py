"""``xxgk label DOC``: a gold draft from the current extraction, for a person to correct."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from xxgk.api import extract_file
from xxgk.cli.console import stdout_console
from xxgk.core.errors import UsageError
from xxgk.evaluation.gold import gold_draft


def label_cmd(
    doc: Path = typer.Argument(..., help="A report document."),
    out: Path | None = typer.Option(None, "--out", help="Draft path (default: <stem>.draft.json in eval/gold/ when "
                                    "run in a checkout of xxgk, else beside the document)."),
) -> None:
    """Write a gold draft (marked unverified) and list the cells most worth a human look, most doubtful first."""
    if not doc.exists():
        raise UsageError(f"{doc}: no such file")
    if not doc.is_file():
        raise UsageError(f"{doc}: is a folder; give one report document")
    report = extract_file(doc)
    draft, look = gold_draft(report)
    gold_dir = Path("eval/gold")
    default_dir = gold_dir if gold_dir.is_dir() and Path("pyproject.toml").is_file() else doc.parent
    target = out or default_dir / f"{doc.name.split('.')[0]}.draft.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(draft, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    con = stdout_console()
    con.print(f"draft written to {target} (unverified; status {report.status.value})", highlight=False)
    con.print(f"{len(look)} cell(s) worth a look:", highlight=False)
    for item in look:
        con.print(f"  - {item}", highlight=False, markup=False)
