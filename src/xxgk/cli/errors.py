"""The one place where xxgk errors become a one-line message and an exit code.

Exit codes: 0 the run completed (whatever the statuses), 1 some inputs could not be read (or, for
``check``, an identity fails), 2 usage errors (bad options, a file that is not a report JSON).
"""

from __future__ import annotations

import os
import sys

import typer

from xxgk.core.errors import InputError, UsageError, XxgkError

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2


def exit_code_for(exc: XxgkError) -> int:
    if isinstance(exc, UsageError):
        return EXIT_USAGE
    if isinstance(exc, InputError):
        return EXIT_INPUT
    return EXIT_USAGE


def run(app: typer.Typer) -> None:
    """Run the app; click itself reports usage errors (exit 2); xxgk errors get one line here."""
    try:
        app()
    except XxgkError as exc:
        print(f"xxgk: error: {exc}", file=sys.stderr)
        sys.exit(exit_code_for(exc))
    except BrokenPipeError:  # "xxgk … | head -1": the reader is gone, which is not an error of ours
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except OSError:
            pass
        sys.exit(EXIT_OK)
    except OSError as exc:  # the output folder: disk full, read-only, permission denied, …
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"xxgk: error: {where}{exc.strerror or exc}", file=sys.stderr)
        sys.exit(EXIT_INPUT)
    except KeyboardInterrupt:
        print("xxgk: interrupted", file=sys.stderr)
        sys.exit(130)
