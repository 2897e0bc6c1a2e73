"""The ``xxgk`` command line: a thin layer over the library. Each command parses its options, calls one
library function and renders the result; errors are mapped to a message and an exit code in one place
(``xxgk.cli.errors``)."""

from __future__ import annotations

import typer
import typer.core

from xxgk.cli import check, evaluate, extract, label, merge, report, review, summarize
from xxgk.cli.errors import run
from xxgk.cli.logs import configure
from xxgk.version import __version__


def _plain_flags() -> None:
    """Typer ≥ 0.2x prints every option's type in the help (``<bool>`` beside each on/off flag): a flag
    takes no value, so it shows none."""
    original = getattr(typer.core.TyperOption, "display_type", None)
    if original is None or getattr(original, "_xxgk", False):
        return

    def display_type(self, ctx):
        return "" if getattr(self, "is_flag", False) else original(self, ctx)

    display_type._xxgk = True  # type: ignore[attr-defined]
    typer.core.TyperOption.display_type = display_type  # type: ignore[method-assign]


def _version(value: bool) -> None:
    if value:

        typer.echo(f"xxgk {__version__}")
        raise typer.Exit(0)


_plain_flags()
app = typer.Typer(
    name="xxgk",
    help="Extract checked, structured data from 政府信息公开工作年度报告 (government information-disclosure "
    "annual reports). Rules by default: no LLM, no network unless you enable one (--llm).",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)
app.command("extract")(extract.extract_cmd)
app.command("check")(check.check_cmd)
app.command("eval")(evaluate.eval_cmd)
app.command("label")(label.label_cmd)
app.command("merge")(merge.merge_cmd)
app.command("summarize")(summarize.summarize_cmd)
app.command("report")(report.report_cmd)
app.command("review")(review.review_cmd)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", help="Print the version and exit.", is_eager=True,
                                 callback=_version, expose_value=True),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log what xxgk and its libraries do (INFO)."),
    log_level: str = typer.Option(None, "--log-level", help="Log level: DEBUG, INFO, WARNING, ERROR."),
) -> None:
    """(The version option is handled as it is parsed: no command needed.)"""

    configure("INFO" if verbose and not log_level else log_level)


def main() -> None:

    run(app)
