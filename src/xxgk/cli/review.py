"""``xxgk review OUT``: a local page to settle flagged and doubtful cells (``xxgk.review``)."""

from __future__ import annotations

from pathlib import Path

import typer

from xxgk.cli.console import stdout_console
from xxgk.review.folder import ReviewFolder
from xxgk.review.server import ServeOptions, serve


def review_cmd(
    out: Path = typer.Argument(..., help="An output folder of xxgk extract."),
    port: int = typer.Option(8765, "--port", "-p", min=1, max=65535, help="Port to listen on."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (this machine only by default)."),
    allow_remote: bool = typer.Option(False, "--allow-remote",
                                      help="Allow a --host other machines can reach; every request then needs "
                                           "the token in the printed URL."),
    no_browser: bool = typer.Option(False, "--no-browser", help="Do not open a browser."),
    gold: Path = typer.Option(None, "--gold", help="Where 'save as gold' writes (default: eval/gold in a checkout "
                                                   "of xxgk, else OUT/gold)."),
) -> None:
    """Serve a local page over OUT: the queue of reports that need a look, each report beside its document;
    corrections go to OUT/corrections.jsonl and the next 'xxgk extract' into OUT applies them."""
    if gold is None:
        checkout = Path("eval/gold").is_dir() and Path("pyproject.toml").is_file()
        gold = Path("eval/gold") if checkout else out / "gold"
    folder = ReviewFolder(out, gold_dir=gold)
    con = stdout_console()

    def announce(url: str) -> None:
        con.print(f"xxgk review of {out}: {url}  (Ctrl-C to stop; corrections go to {out / 'corrections.jsonl'})",
                  highlight=False, markup=False)

    serve(folder, ServeOptions(host=host, port=port, allow_remote=allow_remote, open_browser=not no_browser),
          announce)
