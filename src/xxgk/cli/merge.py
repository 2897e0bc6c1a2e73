"""``xxgk merge OUT1 OUT2 ... --out DEST``."""

from __future__ import annotations

from pathlib import Path

import typer

from xxgk.batch import ACCEPT_POLICIES, BatchOptions
from xxgk.batch.merge import merge_outputs
from xxgk.cli.options import Accept
from xxgk.outputs.exports import parse_formats


def merge_cmd(
    folders: list[Path] = typer.Argument(..., help="Output folders of earlier runs (e.g. one per --shard)."),
    out: Path = typer.Option(..., "--out", "-o", help="The merged output folder (may exist: results merge)."),
    formats: str = typer.Option("jsonl,csv", "--format", "-f", help="As for extract: plus xlsx, parquet, duckdb."),
    accept: Accept = typer.Option(Accept.flagged, "--accept", help="As for extract: 'flagged' or 'accepted-only'."),
    out_anyway: bool = typer.Option(False, "--out-anyway", help="Write into a non-empty folder xxgk did not make."),
) -> None:
    """Merge the outputs of several runs (shards run on several machines) into one folder and rebuild the
    dataset, checks, cross-report checks and exports over the union."""

    accept = Accept(accept).value  # type: ignore[assignment]
    if accept not in ACCEPT_POLICIES:
        raise typer.BadParameter(f"must be one of {', '.join(ACCEPT_POLICIES)}, not {accept!r}", param_hint="--accept")
    s = merge_outputs(folders, out, BatchOptions(accept=accept, formats=parse_formats(formats), out_anyway=out_anyway))
    for r in s.refused:
        typer.echo(f"refused {r}", err=True)
    typer.echo(f"merged {s.entries} result(s) from {s.folders} folder(s) into {s.dest}/ in {s.seconds:.2f} s "
               f"({s.replaced} replaced an earlier result of the same source)")
    typer.echo("outputs: " + ", ".join(f"{k} ({v})" for k, v in s.outputs.items()))
    if s.refused:
        typer.echo(f"{len(s.refused)} shard entr{'y' if len(s.refused) == 1 else 'ies'} refused (see above): "
                   "nothing outside the folders was read or changed", err=True)
        raise typer.Exit(1)
