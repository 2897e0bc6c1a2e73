"""The ``xxgk`` command line: a thin layer over the library. Each command parses its options, calls one
library function and renders the result; errors are mapped to a message and an exit code in one place
(``xxgk.cli.errors``)."""

from __future__ import annotations

import typer

from . import check, evaluate, extract, label, merge, report, summarize

app = typer.Typer(
    name="xxgk",
    help="Extract checked, structured data from 政府信息公开工作年度报告 (government information-disclosure "
    "annual reports). Rules by default: no LLM, no network unless you enable one (--llm).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("extract")(extract.extract_cmd)
app.command("check")(check.check_cmd)
app.command("eval")(evaluate.eval_cmd)
app.command("label")(label.label_cmd)
app.command("merge")(merge.merge_cmd)
app.command("summarize")(summarize.summarize_cmd)
app.command("report")(report.report_cmd)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", help="Print the version and exit.", is_eager=True),
) -> None:
    if version:
        from .. import __version__

        typer.echo(f"xxgk {__version__}")
        raise typer.Exit(0)


def main() -> None:
    from .errors import run

    run(app)
