"""``xxgk report OUT_DIR``: write the HTML overview of an extraction folder and print its path."""

from __future__ import annotations

from pathlib import Path

import typer

from xxgk.core.errors import UsageError
from xxgk.outputs.page import INPUT_FILES, has_inputs, write_batch_report


def report_cmd(
    out_dir: Path = typer.Argument(..., help="The --out folder of `xxgk extract`."),
    output: Path | None = typer.Option(None, "--output", "-o",
                                       help="Where to write the page (default OUT_DIR/report.html)."),
) -> None:
    """Write one self-contained HTML page (inline SVG charts, no script, opens offline) summarising OUT_DIR:
    statuses by template and year, application outcomes, review correction rates, failing identities,
    cross-year checks and unreadable files."""
    if not out_dir.is_dir():
        raise UsageError(f"{out_dir} is not a folder (expected the --out folder of `xxgk extract`)")
    if not has_inputs(out_dir):
        raise UsageError(f"{out_dir} holds none of {', '.join(INPUT_FILES)}; run `xxgk extract PATH --out {out_dir}` first")
    if output is not None and output.is_dir():
        raise UsageError(f"--output {output} is a folder; give a file name such as {output / 'report.html'}")
    typer.echo(str(write_batch_report(out_dir, output)))
