"""The consoles commands print to: no Rich markup (paths such as ``d[/b]`` print as they are), and a reader
that goes away (``xxgk … | head -1``) ends the output quietly, with exit 0."""

from __future__ import annotations

import os
import sys

from rich.console import Console


class _Console(Console):
    def on_broken_pipe(self) -> None:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(0)


def stdout_console() -> Console:
    return _Console(file=sys.stdout, soft_wrap=True, markup=False)


def stderr_console() -> Console:
    return _Console(stderr=True, markup=False)
